//! The one walk over a design's objects, and what each object is: its kind,
//! id, label, place in the file and the objects it refers to.
//!
//! Validation, deletion, labels, the indexes (`world`) and the analysis'
//! change detection all walk a design through [`Scenario::objects`], so a new
//! kind of object is added here once and none of them can miss it.

use crate::model::*;
use serde::{Deserialize, Serialize};
use std::ops::ControlFlow;

/// Which kind of object an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    Site,
    CasServer,
    CasArray,
    MailboxServer,
    Database,
    PublicFolderDatabase,
    DnsView,
    DnsZone,
    DnsRecord,
    NetworkZone,
    PerimeterRule,
    TimingPreset,
    Client,
    WebHost,
}

impl ObjectKind {
    /// The kind as messages name it ("there is no mailbox server …").
    pub fn label(self) -> &'static str {
        match self {
            ObjectKind::Site => "site",
            ObjectKind::CasServer => "CAS server",
            ObjectKind::CasArray => "CAS array",
            ObjectKind::MailboxServer => "mailbox server",
            ObjectKind::Database => "mailbox database",
            ObjectKind::PublicFolderDatabase => "public-folder database",
            ObjectKind::DnsView => "DNS view",
            ObjectKind::DnsZone => "DNS zone",
            ObjectKind::DnsRecord => "DNS record",
            ObjectKind::NetworkZone => "network zone",
            ObjectKind::PerimeterRule => "perimeter rule",
            ObjectKind::TimingPreset => "OS timing preset",
            ObjectKind::Client => "client",
            ObjectKind::WebHost => "web host",
        }
    }
}

/// One object of a design, with the objects that hold it.
#[derive(Debug, Clone, Copy)]
pub enum Object<'a> {
    Site(&'a Site),
    Cas(&'a Site, &'a CasServer),
    Array(&'a Site, &'a CasArray),
    MailboxServer(&'a Site, &'a MailboxServer),
    Database(&'a Site, &'a MailboxDatabase),
    PublicFolderDatabase(&'a Site, &'a PublicFolderDatabase),
    DnsView(&'a DnsView),
    DnsZone(&'a DnsView, &'a DnsZone),
    DnsRecord(&'a DnsView, &'a DnsZone, &'a DnsRecord),
    NetworkZone(&'a NetworkZone),
    PerimeterRule(&'a PerimeterRule),
    TimingPreset(&'a OsTimingPreset),
    Client(&'a Client),
    WebHost(&'a WebHost),
}

/// A reference from one object to another by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ref<'a> {
    /// The field holding it, below the object ("server", "kind.site").
    pub field: &'static str,
    /// Its position when the field is a list (`members[2]`).
    pub index: Option<usize>,
    pub id: &'a str,
    pub kind: ObjectKind,
    /// A required reference: the object cannot exist without its target, so
    /// deleting the target deletes it. An optional one is cleared instead.
    pub required: bool,
}

impl<'a> Object<'a> {
    pub fn id(&self) -> &'a str {
        match *self {
            Object::Site(x) => &x.id,
            Object::Cas(_, x) => &x.id,
            Object::Array(_, x) => &x.id,
            Object::MailboxServer(_, x) => &x.id,
            Object::Database(_, x) => &x.id,
            Object::PublicFolderDatabase(_, x) => &x.id,
            Object::DnsView(x) => &x.id,
            Object::DnsZone(_, x) => &x.id,
            Object::DnsRecord(_, _, x) => &x.id,
            Object::NetworkZone(x) => &x.id,
            Object::PerimeterRule(x) => &x.id,
            Object::TimingPreset(x) => &x.id,
            Object::Client(x) => &x.id,
            Object::WebHost(x) => &x.id,
        }
    }

    pub fn kind(&self) -> ObjectKind {
        match self {
            Object::Site(_) => ObjectKind::Site,
            Object::Cas(..) => ObjectKind::CasServer,
            Object::Array(..) => ObjectKind::CasArray,
            Object::MailboxServer(..) => ObjectKind::MailboxServer,
            Object::Database(..) => ObjectKind::Database,
            Object::PublicFolderDatabase(..) => ObjectKind::PublicFolderDatabase,
            Object::DnsView(_) => ObjectKind::DnsView,
            Object::DnsZone(..) => ObjectKind::DnsZone,
            Object::DnsRecord(..) => ObjectKind::DnsRecord,
            Object::NetworkZone(_) => ObjectKind::NetworkZone,
            Object::PerimeterRule(_) => ObjectKind::PerimeterRule,
            Object::TimingPreset(_) => ObjectKind::TimingPreset,
            Object::Client(_) => ObjectKind::Client,
            Object::WebHost(_) => ObjectKind::WebHost,
        }
    }

    /// How users read the object: "CAS CAS01", "record outlook… A 1.2.3.4 in Internet".
    pub fn label(&self) -> String {
        match *self {
            Object::Site(x) => format!("site {}", x.name),
            Object::Cas(_, x) => format!("CAS {}", x.name),
            Object::Array(_, x) => format!("CAS array {}", x.fqdn),
            Object::MailboxServer(_, x) => format!("mailbox server {}", x.name),
            Object::Database(_, x) => format!("database {}", x.name),
            Object::PublicFolderDatabase(_, x) => format!("public-folder database {}", x.name),
            Object::DnsView(x) => format!("DNS view {}", x.name),
            Object::DnsZone(v, x) => format!("zone {} in {}", x.name, v.name),
            Object::DnsRecord(v, _, x) => format!("record {} in {}", x, v.name),
            Object::NetworkZone(x) => format!("network zone {}", x.name),
            Object::PerimeterRule(x) => format!(
                "perimeter rule {}",
                if x.name.is_empty() { &x.id } else { &x.name }
            ),
            Object::TimingPreset(x) => format!("OS timing {}", x.name),
            Object::Client(x) => format!("client {}", x.name),
            Object::WebHost(x) => format!("web host {}", x.name),
        }
    }

    /// The id of the object that holds this one (deleting it deletes this one).
    pub fn container(&self) -> Option<&'a str> {
        match *self {
            Object::Cas(s, _)
            | Object::Array(s, _)
            | Object::MailboxServer(s, _)
            | Object::Database(s, _)
            | Object::PublicFolderDatabase(s, _) => Some(&s.id),
            Object::DnsZone(v, _) => Some(&v.id),
            Object::DnsRecord(_, z, _) => Some(&z.id),
            Object::Site(_)
            | Object::DnsView(_)
            | Object::NetworkZone(_)
            | Object::PerimeterRule(_)
            | Object::TimingPreset(_)
            | Object::Client(_)
            | Object::WebHost(_) => None,
        }
    }

    /// Every reference the object holds, in field order.
    pub fn references(&self, mut each: impl FnMut(Ref<'a>)) {
        let mut r = |field, index, id: &'a str, kind, required| {
            each(Ref {
                field,
                index,
                id,
                kind,
                required,
            })
        };
        match *self {
            Object::Array(_, a) => {
                for (k, m) in a.members.iter().enumerate() {
                    r("members", Some(k), m, ObjectKind::CasServer, false);
                }
            }
            Object::Database(_, d) => {
                r("server", None, &d.server, ObjectKind::MailboxServer, true);
                if let Some(pf) = &d.public_folder_database {
                    r(
                        "public_folder_database",
                        None,
                        pf,
                        ObjectKind::PublicFolderDatabase,
                        false,
                    );
                }
            }
            Object::PublicFolderDatabase(_, d) => {
                r("server", None, &d.server, ObjectKind::MailboxServer, true)
            }
            Object::DnsView(v) => {
                if let Some(f) = &v.forwards_to {
                    r("forwards_to", None, f, ObjectKind::DnsView, false);
                }
            }
            Object::NetworkZone(z) => {
                if let ZoneKind::Site { site } | ZoneKind::Vpn { site } = &z.kind {
                    r("kind.site", None, site, ObjectKind::Site, true);
                }
            }
            Object::Client(c) => {
                r("location", None, &c.location, ObjectKind::NetworkZone, true);
                if let Some(site) = &c.ad_site {
                    r("ad_site", None, site, ObjectKind::Site, false);
                }
                r("dns_view", None, &c.dns_view, ObjectKind::DnsView, true);
                r(
                    "mailbox_database",
                    None,
                    &c.mailbox_database,
                    ObjectKind::Database,
                    true,
                );
                r(
                    "os_timing",
                    None,
                    &c.os_timing,
                    ObjectKind::TimingPreset,
                    true,
                );
            }
            Object::Site(_)
            | Object::Cas(..)
            | Object::MailboxServer(..)
            | Object::DnsZone(..)
            | Object::DnsRecord(..)
            | Object::PerimeterRule(_)
            | Object::TimingPreset(_)
            | Object::WebHost(_) => {}
        }
    }
}

/// An object and where it sits in the design: its positions in the lists
/// that hold it, outermost first.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub object: Object<'a>,
    at: [usize; 3],
}

impl Entry<'_> {
    /// Its positions in the lists that hold it, outermost first (unused ones 0):
    /// `[site, item, 0]`, `[view, zone, record]`, `[index, 0, 0]`.
    pub fn at(&self) -> [usize; 3] {
        self.at
    }

    /// Its JSON path in a scenario file, e.g. `scenario.sites[0].cas_servers[1]`.
    pub fn path(&self) -> String {
        let [i, j, k] = self.at;
        let in_site = |list: &str| format!("scenario.sites[{i}].{list}[{j}]");
        match self.object {
            Object::Site(_) => format!("scenario.sites[{i}]"),
            Object::Cas(..) => in_site("cas_servers"),
            Object::Array(..) => in_site("arrays"),
            Object::MailboxServer(..) => in_site("mailbox_servers"),
            Object::Database(..) => in_site("databases"),
            Object::PublicFolderDatabase(..) => in_site("public_folder_databases"),
            Object::DnsView(_) => format!("scenario.dns_views[{i}]"),
            Object::DnsZone(..) => format!("scenario.dns_views[{i}].zones[{j}]"),
            Object::DnsRecord(..) => format!("scenario.dns_views[{i}].zones[{j}].records[{k}]"),
            Object::NetworkZone(_) => format!("scenario.network_zones[{i}]"),
            Object::PerimeterRule(_) => format!("scenario.perimeter.rules[{i}]"),
            Object::TimingPreset(_) => format!("scenario.timing_presets[{i}]"),
            Object::Client(_) => format!("scenario.clients[{i}]"),
            Object::WebHost(_) => format!("scenario.autodiscover.web_hosts[{i}]"),
        }
    }
}

impl Site {
    /// The site's objects after the site itself, in file order; `i` is the
    /// site's position in the design.
    pub fn contents(&self, i: usize) -> impl Iterator<Item = Entry<'_>> {
        let at = move |j| [i, j, 0];
        let e = |object, at| Entry { object, at };
        self.cas_servers
            .iter()
            .enumerate()
            .map(move |(j, x)| e(Object::Cas(self, x), at(j)))
            .chain(
                self.arrays
                    .iter()
                    .enumerate()
                    .map(move |(j, x)| e(Object::Array(self, x), at(j))),
            )
            .chain(
                self.mailbox_servers
                    .iter()
                    .enumerate()
                    .map(move |(j, x)| e(Object::MailboxServer(self, x), at(j))),
            )
            .chain(
                self.databases
                    .iter()
                    .enumerate()
                    .map(move |(j, x)| e(Object::Database(self, x), at(j))),
            )
            .chain(
                self.public_folder_databases
                    .iter()
                    .enumerate()
                    .map(move |(j, x)| e(Object::PublicFolderDatabase(self, x), at(j))),
            )
    }
}

impl Scenario {
    /// Every object of the design, in file order: each site followed by its
    /// contents, each DNS view by its zones and each zone by its records,
    /// then network zones, perimeter rules, timing presets, clients and
    /// Autodiscover's web hosts.
    ///
    /// Walk it with `for_each`, `try_for_each`, `find` and the like rather
    /// than a `for` loop: they run the chained walk as nested loops, which
    /// stays fast in the size-optimised web build (a `for` loop steps the
    /// whole chain per object; measured about 3 ms per edit on the large design).
    pub fn objects(&self) -> impl Iterator<Item = Entry<'_>> {
        let e = |object, at| Entry { object, at };
        let sites = self.sites.iter().enumerate().flat_map(move |(i, s)| {
            std::iter::once(e(Object::Site(s), [i, 0, 0])).chain(s.contents(i))
        });
        let views = self.dns_views.iter().enumerate().flat_map(move |(i, v)| {
            std::iter::once(e(Object::DnsView(v), [i, 0, 0])).chain(
                v.zones.iter().enumerate().flat_map(move |(j, z)| {
                    std::iter::once(e(Object::DnsZone(v, z), [i, j, 0])).chain(
                        z.records
                            .iter()
                            .enumerate()
                            .map(move |(k, r)| e(Object::DnsRecord(v, z, r), [i, j, k])),
                    )
                }),
            )
        });
        let zones = self
            .network_zones
            .iter()
            .enumerate()
            .map(move |(i, x)| e(Object::NetworkZone(x), [i, 0, 0]));
        let rules = self
            .perimeter
            .rules
            .iter()
            .enumerate()
            .map(move |(i, x)| e(Object::PerimeterRule(x), [i, 0, 0]));
        let presets = self
            .timing_presets
            .iter()
            .enumerate()
            .map(move |(i, x)| e(Object::TimingPreset(x), [i, 0, 0]));
        let clients = self
            .clients
            .iter()
            .enumerate()
            .map(move |(i, x)| e(Object::Client(x), [i, 0, 0]));
        let web_hosts = self
            .autodiscover
            .web_hosts
            .iter()
            .enumerate()
            .map(move |(i, x)| e(Object::WebHost(x), [i, 0, 0]));
        sites
            .chain(views)
            .chain(zones)
            .chain(rules)
            .chain(presets)
            .chain(clients)
            .chain(web_hosts)
    }

    /// The object with this id (the first, if a broken design repeats it).
    pub fn object(&self, id: &str) -> Option<Entry<'_>> {
        self.objects().find(|e| e.object.id() == id)
    }

    /// The kind of object `id` names, if any.
    pub fn kind_of(&self, id: &str) -> Option<ObjectKind> {
        self.object(id).map(|e| e.object.kind())
    }

    /// The kinds of several ids in one walk (the first object with each id),
    /// stopping as soon as all are found.
    pub fn kinds_of(&self, ids: &[&str]) -> Vec<Option<ObjectKind>> {
        let mut kinds = vec![None; ids.len()];
        let mut missing = ids.len();
        let _ = self.objects().try_for_each(|e| {
            let id = e.object.id();
            for (want, kind) in ids.iter().zip(kinds.iter_mut()) {
                if kind.is_none() && *want == id {
                    *kind = Some(e.object.kind());
                    missing -= 1;
                }
            }
            if missing == 0 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        kinds
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    /// The walk visits every object once, with a path that names it in the file.
    #[test]
    fn the_walk_visits_every_object_with_its_path() {
        let s = crate::generate::large_design(2);
        let count = s
            .sites
            .iter()
            .map(|x| {
                1 + x.cas_servers.len()
                    + x.arrays.len()
                    + x.mailbox_servers.len()
                    + x.databases.len()
                    + x.public_folder_databases.len()
            })
            .sum::<usize>()
            + s.dns_views
                .iter()
                .map(|v| 1 + v.zones.iter().map(|z| 1 + z.records.len()).sum::<usize>())
                .sum::<usize>()
            + s.network_zones.len()
            + s.perimeter.rules.len()
            + s.timing_presets.len()
            + s.clients.len()
            + s.autodiscover.web_hosts.len();
        assert_eq!(s.objects().count(), count);
        let json = serde_json::to_value(&s).unwrap();
        for e in s.objects().step_by(97) {
            // The path, as a JSON pointer, finds an object with the same id.
            let pointer = e
                .path()
                .trim_start_matches("scenario")
                .replace(['.', '['], "/")
                .replace(']', "");
            assert_eq!(
                json.pointer(&pointer).and_then(|o| o["id"].as_str()),
                Some(e.object.id()),
                "{}",
                e.path()
            );
        }
    }

    #[test]
    fn kinds_and_containers() {
        let s = examples::seed_leaking();
        assert_eq!(s.kind_of("rec-ext-outlook"), Some(ObjectKind::DnsRecord));
        assert_eq!(
            s.object("rec-ext-outlook").unwrap().object.container(),
            Some("zone-ext-internal")
        );
        assert_eq!(
            s.object("cas-01").unwrap().object.container(),
            Some("site-hq")
        );
        assert_eq!(s.kind_of("nothing"), None);
    }
}
