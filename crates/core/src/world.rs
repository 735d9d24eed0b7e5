//! Read-only indexes over a scenario: objects by id, hosts by address, DNS
//! owner names per view. Built once per simulation run so each client costs
//! hash look-ups, not scans of 20,000 records; a view's DNS index, the
//! costly one, can outlive the run in a [`ViewCache`] and serve every later
//! version of the design that still shares the view's zone list.

use crate::model::*;
use crate::names::{normalize_name_cow, parent_name};
use crate::objects::Object;
use crate::FastMap;
use rustc_hash::FxBuildHasher;
use std::borrow::Cow;
use std::hash::BuildHasher;
use std::net::Ipv4Addr;
use std::rc::Rc;
use yoke::{Yoke, Yokeable};

/// Something listening (or forwarding) at an address.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Host<'a> {
    Vip {
        array: &'a CasArray,
        lb: &'a LoadBalancer,
    },
    Cas(&'a CasServer),
    Mailbox(&'a MailboxServer),
    /// A web host of Autodiscover's (§6 https 3): not Exchange.
    Web(&'a WebHost),
}

/// One DNS view's records, keyed by lower-case owner name. Names borrow the
/// scenario's when they are already normalised (the usual case), so indexing
/// 20,000 records allocates little; the hash table holds only positions in
/// `nodes`, so it stays small enough to sit in cache while it is built.
#[derive(Debug, Default, Yokeable)]
pub(crate) struct ViewIndex<'a> {
    /// Zone apexes, for finding the authoritative zone of a name.
    pub(crate) zones: FastMap<Cow<'a, str>, &'a DnsZone>,
    /// Every owner name and every ancestor of one up to its zone apex, with the
    /// records it owns (none for an empty non-terminal). A name in here
    /// "exists" (RFC 1034 §4.3.3), which blocks wildcard synthesis.
    nodes: Vec<Node<'a>>,
    /// Positions in `nodes`, hashed by name.
    table: hashbrown::HashTable<u32>,
}

#[derive(Debug)]
struct Node<'a> {
    name: Cow<'a, str>,
    records: NodeRecords<'a>,
}

fn name_hash(name: &str) -> u64 {
    FxBuildHasher.hash_one(name)
}

/// The records one DNS name owns; most names own exactly one, which needs no
/// allocation.
#[derive(Debug, Clone)]
pub(crate) enum NodeRecords<'a> {
    /// An empty non-terminal: the name exists only as an ancestor.
    Empty,
    One([&'a DnsRecord; 1]),
    Many(Vec<&'a DnsRecord>),
}

impl<'a> NodeRecords<'a> {
    pub(crate) fn as_slice(&self) -> &[&'a DnsRecord] {
        match self {
            NodeRecords::Empty => &[],
            NodeRecords::One(one) => one,
            NodeRecords::Many(many) => many,
        }
    }
    fn push(&mut self, r: &'a DnsRecord) {
        *self = match std::mem::replace(self, NodeRecords::Empty) {
            NodeRecords::Empty => NodeRecords::One([r]),
            NodeRecords::One([first]) => NodeRecords::Many(vec![first, r]),
            NodeRecords::Many(mut many) => {
                many.push(r);
                NodeRecords::Many(many)
            }
        };
    }
}

impl<'a> ViewIndex<'a> {
    fn node(&self, name: &str) -> Option<&Node<'a>> {
        self.table
            .find(name_hash(name), |&i| self.nodes[i as usize].name == name)
            .map(|&i| &self.nodes[i as usize])
    }
    /// The records owned by `name` (lower-case), if it owns any.
    pub(crate) fn records(&self, name: &str) -> Option<&[&'a DnsRecord]> {
        self.node(name)
            .map(|n| n.records.as_slice())
            .filter(|r| !r.is_empty())
    }
    /// Whether `name` exists as an owner or an ancestor of one.
    pub(crate) fn is_node(&self, name: &str) -> bool {
        self.node(name).is_some()
    }
    /// Adds `name` with no records unless present; returns its position and
    /// whether it was already there.
    fn insert(&mut self, name: Cow<'a, str>) -> (usize, bool) {
        let nodes = &self.nodes;
        let hash = name_hash(&name);
        match self.table.entry(
            hash,
            |&i| nodes[i as usize].name == name,
            |&i| name_hash(&nodes[i as usize].name),
        ) {
            hashbrown::hash_table::Entry::Occupied(e) => (*e.get() as usize, true),
            hashbrown::hash_table::Entry::Vacant(v) => {
                let at = self.nodes.len();
                v.insert(at as u32);
                self.nodes.push(Node {
                    name,
                    records: NodeRecords::Empty,
                });
                (at, false)
            }
        }
    }
}

pub struct World<'a> {
    pub(crate) scenario: &'a Scenario,
    pub(crate) sites: FastMap<&'a str, &'a Site>,
    pub(crate) cas: FastMap<&'a str, (&'a Site, &'a CasServer)>,
    pub(crate) mailbox_servers: FastMap<&'a str, (&'a Site, &'a MailboxServer)>,
    pub(crate) databases: FastMap<&'a str, (&'a Site, &'a MailboxDatabase)>,
    pub(crate) pf_databases: FastMap<&'a str, (&'a Site, &'a PublicFolderDatabase)>,
    pub(crate) zones: FastMap<&'a str, &'a NetworkZone>,
    pub(crate) presets: FastMap<&'a str, &'a OsTimingPreset>,
    pub(crate) views: FastMap<&'a str, (&'a DnsView, SharedViewIndex)>,
    /// First host registered at each address; duplicates are the advisor's business.
    pub(crate) hosts: FastMap<Ipv4Addr, Host<'a>>,
    /// Perimeter rules by destination address, in rule order (first match wins).
    pub(crate) rules_by_destination: FastMap<Ipv4Addr, Vec<&'a PerimeterRule>>,
}

/// A view's index together with the zone list it borrows from.
pub(crate) type SharedViewIndex = Rc<Yoke<ViewIndex<'static>, Rc<Vec<DnsZone>>>>;

/// View indexes kept between runs, keyed by the zone list they index: an edit
/// elsewhere leaves a view's zone list shared (see `list`), so its index is
/// reused instead of rebuilt. Each entry owns its zone list, so a key cannot
/// be reused by another list while the entry lives.
#[derive(Default)]
pub(crate) struct ViewCache {
    indexes: FastMap<*const Vec<DnsZone>, SharedViewIndex>,
}

impl ViewCache {
    fn index(&self, zones: &List<DnsZone>) -> SharedViewIndex {
        match self.indexes.get(&Rc::as_ptr(zones.storage())) {
            Some(hit) => Rc::clone(hit),
            None => Rc::new(Yoke::attach_to_cart(Rc::clone(zones.storage()), |zones| {
                index_zones(zones)
            })),
        }
    }
}

impl<'a> World<'a> {
    pub fn new(scenario: &'a Scenario) -> Self {
        World::with_cache(scenario, &mut ViewCache::default())
    }

    /// Indexes `scenario`, taking view indexes from `cache` where the zone
    /// list is unchanged; afterwards `cache` holds exactly this scenario's.
    pub(crate) fn with_cache(scenario: &'a Scenario, cache: &mut ViewCache) -> Self {
        let mut w = World {
            scenario,
            sites: FastMap::default(),
            cas: FastMap::default(),
            mailbox_servers: FastMap::default(),
            databases: FastMap::default(),
            pf_databases: FastMap::default(),
            zones: FastMap::default(),
            presets: FastMap::default(),
            views: FastMap::default(),
            hosts: FastMap::default(),
            rules_by_destination: FastMap::default(),
        };
        let sites = &scenario.sites;
        let count = |f: fn(&Site) -> usize| sites.iter().map(f).sum::<usize>();
        w.sites.reserve(sites.len());
        w.cas.reserve(count(|s| s.cas_servers.len()));
        w.mailbox_servers
            .reserve(count(|s| s.mailbox_servers.len()));
        w.databases.reserve(count(|s| s.databases.len()));
        w.pf_databases
            .reserve(count(|s| s.public_folder_databases.len()));
        w.hosts.reserve(count(|s| {
            s.arrays.len() + s.cas_servers.len() + s.mailbox_servers.len()
        }));
        w.zones.reserve(scenario.network_zones.len());
        w.views.reserve(scenario.dns_views.len());
        w.rules_by_destination
            .reserve(scenario.perimeter.rules.len());
        let mut kept = FastMap::default();
        // One walk in file order; the first object with an id or address wins.
        scenario.objects().for_each(|e| {
            match e.object {
                Object::Site(site) => {
                    w.sites.entry(&site.id).or_insert(site);
                    // VIPs first: the VIP is what clients reach even if a server of
                    // its site shares its address.
                    for array in &site.arrays {
                        if let Some(lb) = &array.load_balancer {
                            w.hosts.entry(lb.vip).or_insert(Host::Vip { array, lb });
                        }
                    }
                }
                Object::Cas(site, c) => {
                    w.cas.entry(&c.id).or_insert((site, c));
                    w.hosts.entry(c.ip).or_insert(Host::Cas(c));
                }
                Object::MailboxServer(site, m) => {
                    w.mailbox_servers.entry(&m.id).or_insert((site, m));
                    w.hosts.entry(m.ip).or_insert(Host::Mailbox(m));
                }
                Object::Database(site, d) => {
                    w.databases.entry(&d.id).or_insert((site, d));
                }
                Object::PublicFolderDatabase(site, d) => {
                    w.pf_databases.entry(&d.id).or_insert((site, d));
                }
                Object::DnsView(v) => {
                    let index = cache.index(&v.zones);
                    kept.insert(Rc::as_ptr(v.zones.storage()), Rc::clone(&index));
                    w.views.entry(&v.id).or_insert((v, index));
                }
                Object::NetworkZone(z) => {
                    w.zones.entry(&z.id).or_insert(z);
                }
                Object::PerimeterRule(rule) => w
                    .rules_by_destination
                    .entry(rule.destination)
                    .or_default()
                    .push(rule),
                Object::TimingPreset(p) => {
                    w.presets.entry(&p.id).or_insert(p);
                }
                Object::WebHost(h) => {
                    w.hosts.entry(h.ip).or_insert(Host::Web(h));
                }
                // Arrays are indexed with their site (above); zones and
                // records in the view's DNS index.
                Object::Array(..)
                | Object::DnsZone(..)
                | Object::DnsRecord(..)
                | Object::Client(_) => {}
            }
        });
        cache.indexes = kept;
        w
    }

    /// The perimeter rules for destination `ip`, in rule order.
    pub(crate) fn rules_to(&self, ip: Ipv4Addr) -> &[&'a PerimeterRule] {
        self.rules_by_destination
            .get(&ip)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub(crate) fn view(&self, id: &str) -> Option<(&'a DnsView, &ViewIndex<'_>)> {
        self.views.get(id).map(|(v, idx)| (*v, idx.get()))
    }
}

fn index_zones(zones: &[DnsZone]) -> ViewIndex<'_> {
    let mut idx = ViewIndex::default();
    let records: usize = zones.iter().map(|z| z.records.len()).sum();
    let room = records + records / 8 + 16;
    idx.nodes.reserve(room);
    idx.table.reserve(room, |_| 0);
    // The ancestor most recently found or made present: zones list siblings
    // together, so this saves a hash look-up for most records.
    let mut last_present: Option<&str> = None;
    for zone in zones {
        let apex = normalize_name_cow(&zone.name);
        for r in &zone.records {
            let owner = normalize_name_cow(&r.name);
            let borrowed = match &owner {
                Cow::Borrowed(b) => Some(*b),
                Cow::Owned(_) => None,
            };
            // One hash per record in the usual case: the owner's entry.
            let (at, existed) = idx.insert(owner);
            idx.nodes[at].records.push(r);
            if existed {
                // Its ancestors are already present.
                continue;
            }
            // Mark the owner's ancestors down to the apex as existing nodes,
            // stopping at the first one already present.
            let owner_name = idx.nodes[at].name.clone();
            let mut node: &str = &owner_name;
            while node != apex.as_ref() {
                match parent_name(node) {
                    Some(parent) if parent.len() >= apex.len() => node = parent,
                    _ => break,
                }
                let key = match borrowed {
                    Some(_) if last_present == Some(node) => break,
                    // A suffix of a borrowed name borrows too.
                    Some(b) => Cow::Borrowed(&b[b.len() - node.len()..]),
                    None if idx.is_node(node) => break,
                    None => Cow::Owned(node.to_string()),
                };
                if let Cow::Borrowed(b) = key {
                    last_present = Some(b);
                }
                if idx.insert(key).1 {
                    break;
                }
            }
        }
        idx.zones.entry(apex).or_insert(zone);
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A view whose zones an edit left alone keeps its index; a changed view
    /// gets a fresh one, so answers follow the edit.
    #[test]
    fn view_cache_reuses_unchanged_views_only() {
        use crate::edit::Edit;
        let s = crate::examples::seed_leaking();
        let mut cache = ViewCache::default();
        let ext = |w: &World<'_>| Rc::clone(&w.views["view-internet"].1);
        let int = |w: &World<'_>| Rc::clone(&w.views["view-internal"].1);
        let (ext0, int0) = {
            let w = World::with_cache(&s, &mut cache);
            assert!(
                crate::dns::resolve(&w, "view-internet", "outlook.mycompany.internal")
                    .answer
                    .addresses()
                    .len()
                    == 1
            );
            (ext(&w), int(&w))
        };
        let fixed = s
            .apply(Edit::Delete {
                id: "rec-ext-outlook".into(),
            })
            .unwrap();
        let w = World::with_cache(&fixed, &mut cache);
        assert!(
            Rc::ptr_eq(&int0, &int(&w)),
            "the internal view's index is reused"
        );
        assert!(
            !Rc::ptr_eq(&ext0, &ext(&w)),
            "the edited view is indexed again"
        );
        assert!(
            crate::dns::resolve(&w, "view-internet", "outlook.mycompany.internal")
                .answer
                .addresses()
                .is_empty()
        );
        assert_eq!(cache.indexes.len(), 2, "only this version's views are kept");
    }

    /// Owners and their ancestors up to the apex exist; names beside them do not.
    #[test]
    fn view_index_marks_owners_and_ancestors() {
        let rec = |id: &str, name: &str| DnsRecord {
            id: id.into(),
            name: name.into(),
            data: RecordData::A {
                address: [192, 0, 2, 1].into(),
            },
        };
        let view = DnsView {
            id: "v".into(),
            name: "V".into(),
            audience: Audience::Internal,
            zones: vec![DnsZone {
                id: "z".into(),
                name: "Example.COM".into(),
                records: vec![
                    rec("r1", "a.b.c.example.com"),
                    rec("r2", "A.B.C.Example.com."),
                    rec("r3", "x.example.com"),
                ]
                .into(),
            }]
            .into(),
            forwards_to: None,
            nxdomain_redirect: None,
            responds: true,
        };
        let idx = index_zones(&view.zones);
        assert_eq!(idx.records("a.b.c.example.com").map(|r| r.len()), Some(2));
        assert!(idx.records("b.c.example.com").is_none());
        for n in [
            "b.c.example.com",
            "c.example.com",
            "example.com",
            "x.example.com",
        ] {
            assert!(idx.is_node(n), "{n}");
        }
        assert!(!idx.is_node("y.example.com"));
        assert!(!idx.is_node("com"));
        assert!(idx.zones.contains_key("example.com"));
    }
}
