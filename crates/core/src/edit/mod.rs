//! Edits: every change a user can make to a scenario, as data.
//!
//! `Scenario::apply` is pure: it returns a new scenario or an `EditError` and
//! never leaves a half-applied change, so the UI's reducer can keep undo
//! history by snapshot. Objects are replaced whole by id ("upsert"), which
//! keeps one edit per committed form field and one undo step per edit; an
//! upsert naming another parent than the object's own moves it there.
//! Every upsert checks the object's field rules (`rules`, shared with
//! `validate`) and its references, so an edit can never build a design the
//! loader would refuse. Deleting an object that others depend on either
//! cascades to the dependants (the UI lists them first) or, for a site,
//! moves its contents elsewhere (`delete`). Queries over a design (labels,
//! fresh ids) are in `query`.

mod delete;
pub mod plan;
mod query;
mod template;
#[cfg(test)]
mod tests;

pub use crate::objects::ObjectKind;
pub use delete::Dependant;
pub use template::NewObject;

use crate::list::List;
use crate::model::*;
use crate::objects::Object;
use crate::rules::{self, check_dns_name};

pub use crate::model::Edit;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    NotFound {
        id: String,
    },
    /// The parent named by the edit does not exist or is of the wrong kind.
    NoSuchParent {
        what: &'static str,
        id: String,
    },
    Invalid {
        field: &'static str,
        message: String,
    },
    /// An id already names an object of another kind.
    IdInUse {
        id: String,
        kind: ObjectKind,
    },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NotFound { id } => write!(f, "nothing in the design has id \"{id}\""),
            EditError::NoSuchParent { what, id } => write!(f, "there is no {what} \"{id}\""),
            EditError::Invalid { field, message } => write!(f, "{field}: {message}"),
            EditError::IdInUse { id, kind } => {
                write!(f, "id \"{id}\" is already used by a {}", kind.label())
            }
        }
    }
}

impl std::error::Error for EditError {}

impl Scenario {
    /// Applies an edit, returning the new scenario; `self` is never changed.
    pub fn apply(&self, edit: Edit) -> Result<Scenario, EditError> {
        let mut s = self.clone();
        s.apply_one(edit)?;
        Ok(s)
    }

    /// Applies one edit in place; on an error the design is unchanged (every
    /// edit checks before it changes anything).
    pub(crate) fn apply_one(&mut self, edit: Edit) -> Result<(), EditError> {
        self.apply_in_place(edit, &mut Ids::Walk)
    }

    /// Applies `edits` in turn to this design, in place, skipping those that
    /// fail: the design and the failures (each edit's index and error) are
    /// those of `apply` called edit after edit (`tests/edits.rs` checks it),
    /// but no edit walks the whole design. A plan's step is this (§11 step 1);
    /// a step holds thousands of edits on a large design.
    pub fn apply_each(&mut self, edits: &[Edit]) -> Vec<(usize, EditError)> {
        // The index borrows the ids of the design as it starts (a copy
        // sharing its lists), and records only what the edits change.
        let start = self.clone();
        let mut ids = Ids::Index(KindIndex::of(&start));
        let mut failed = Vec::new();
        let mut k = 0;
        while k < edits.len() {
            let run = edits[k..]
                .iter()
                .take_while(|e| matches!(e, Edit::Delete { .. }))
                .count();
            if run > 1 {
                // A run of deletions (a step retiring servers) shares one
                // map of who depends on whom.
                let Ids::Index(index) = &mut ids else {
                    unreachable!("apply_each keeps an index")
                };
                let run_failed = self.delete_run(&edits[k..k + run], index);
                failed.extend(run_failed.into_iter().map(|(i, e)| (k + i, e)));
                k += run;
                continue;
            }
            if let Err(e) = self.apply_in_place(edits[k].clone(), &mut ids) {
                failed.push((k, e));
            }
            k += 1;
        }
        failed
    }

    fn apply_in_place(&mut self, edit: Edit, ids: &mut Ids<'_>) -> Result<(), EditError> {
        // What an upsert adds to the index once it succeeds.
        let added = edit
            .target()
            .zip(upserted_kind(&edit))
            .map(|(id, k)| (id.to_string(), k));
        match edit {
            Edit::SetInfo {
                name,
                description,
                organisation,
            } => self.set_info(name, description, organisation)?,
            Edit::SetAutodiscover { autodiscover } => self.set_autodiscover(autodiscover)?,
            Edit::SetMapiHttp { enabled } => self.mapi_http_enabled = enabled,
            Edit::SetMigration { migration } => {
                if let Err(p) = migration.order() {
                    return Err(EditError::Invalid {
                        field: "migration",
                        message: p.to_string(),
                    });
                }
                self.migration = migration
            }
            Edit::UpsertSite { id, name } => self.upsert_site(id, name, ids)?,
            Edit::UpsertCas { site, cas } => {
                not_empty("CAS name", &cas.name)?;
                self.upsert_in_site(&site, cas, ids)?;
            }
            Edit::UpsertArray { site, array } => self.upsert_in_site(&site, array, ids)?,
            Edit::UpsertMailboxServer { site, server } => {
                not_empty("server name", &server.name)?;
                self.upsert_in_site(&site, server, ids)?;
            }
            Edit::UpsertDatabase { site, database } => {
                not_empty("database name", &database.name)?;
                self.upsert_in_site(&site, database, ids)?;
            }
            Edit::UpsertPublicFolderDatabase { site, database } => {
                self.upsert_in_site(&site, database, ids)?
            }
            Edit::UpsertDnsView { view } => self.upsert_dns_view(view, ids)?,
            Edit::UpsertDnsZone { view, id, name } => self.upsert_dns_zone(view, id, name, ids)?,
            Edit::UpsertDnsRecord { zone, record } => self.upsert_dns_record(zone, record, ids)?,
            Edit::UpsertNetworkZone { zone } => {
                not_empty("zone name", &zone.name)?;
                self.check(Object::NetworkZone(&zone), ids)?;
                upsert(&mut self.network_zones, zone, |x| &x.id);
            }
            Edit::UpsertPerimeterRule { rule } => {
                self.check(Object::PerimeterRule(&rule), ids)?;
                upsert(&mut self.perimeter.rules, rule, |x| &x.id);
            }
            Edit::SetPerimeterDefault { action } => self.perimeter.default_action = action,
            Edit::SetHairpinNat { on } => self.perimeter.hairpin_nat = on,
            Edit::SetRanges { ranges } => self.set_ranges(ranges)?,
            Edit::UpsertTimingPreset { preset } => {
                self.check(Object::TimingPreset(&preset), ids)?;
                upsert(&mut self.timing_presets, preset, |x| &x.id);
            }
            Edit::UpsertClient { client } => {
                not_empty("client name", &client.name)?;
                self.check(Object::Client(&client), ids)?;
                upsert(&mut self.clients, client, |x| &x.id);
            }
            Edit::UpsertWebHost { host } => {
                not_empty("web host name", &host.name)?;
                self.check(Object::WebHost(&host), ids)?;
                upsert(&mut self.autodiscover.web_hosts, host, |x| &x.id);
            }
            Edit::Delete { id } => {
                let doomed = self.delete(id, ids)?;
                ids.forget(&doomed);
            }
            Edit::DeleteSiteMovingContents { id, to } => {
                self.delete_site_moving_contents(&id, to, ids)?;
                ids.forget(&[id]);
            }
        }
        if let (Ids::Index(index), Some((id, kind))) = (ids, added) {
            index.add(id, kind);
        }
        Ok(())
    }

    /// What every upsert checks about the new object: its id is free or
    /// already its own, its fields keep their rules, its references exist.
    fn check(&self, object: Object<'_>, ids: &Ids<'_>) -> Result<(), EditError> {
        let mut refs = Vec::new();
        object.references(|r| refs.push(r));
        // One walk finds the kinds of the object's own id and of everything it refers to.
        let wanted: Vec<&str> = std::iter::once(object.id())
            .chain(refs.iter().map(|r| r.id))
            .collect();
        let kinds = ids.kinds(self, &wanted);
        claimable(object.id(), object.kind(), kinds[0])?;
        if let Some(p) = rules::first_problem(object) {
            return Err(EditError::Invalid {
                field: p.label,
                message: p.message,
            });
        }
        match refs
            .iter()
            .zip(&kinds[1..])
            .find(|(r, kind)| **kind != Some(r.kind))
        {
            Some((r, _)) => Err(EditError::NoSuchParent {
                what: r.kind.label(),
                id: r.id.to_string(),
            }),
            None => Ok(()),
        }
    }

    fn expect_kind(&self, id: &str, kind: ObjectKind, ids: &Ids<'_>) -> Result<(), EditError> {
        if ids.kinds(self, &[id])[0] == Some(kind) {
            Ok(())
        } else {
            Err(EditError::NoSuchParent {
                what: kind.label(),
                id: id.into(),
            })
        }
    }

    fn site(&self, id: &str) -> Result<&Site, EditError> {
        self.sites
            .iter()
            .find(|s| s.id == id)
            .ok_or(EditError::NoSuchParent {
                what: "site",
                id: id.into(),
            })
    }

    /// Puts `item` into site `site`'s list: in place of the object with its id
    /// if that is already there, moved from another site if it is there, or
    /// added. Only the lists that change are copied.
    fn place_in_site<T: InSite>(&mut self, site: &str, item: T) {
        let target = self
            .sites
            .iter()
            .position(|s| s.id == site)
            .expect("checked by the caller");
        let new_id = item.id().clone();
        match self
            .sites
            .iter()
            .position(|s| T::list(s).iter().any(|x| *x.id() == new_id))
        {
            Some(at) if at == target => upsert(T::list_mut(&mut self.sites[at]), item, T::id),
            Some(at) => {
                T::list_mut(&mut self.sites[at]).retain(|x| *x.id() != new_id);
                T::list_mut(&mut self.sites[target]).push(item);
            }
            None => T::list_mut(&mut self.sites[target]).push(item),
        }
    }
}

/// Edits of the design's own settings.
impl Scenario {
    fn set_info(
        &mut self,
        name: String,
        description: String,
        organisation: String,
    ) -> Result<(), EditError> {
        if name.trim().is_empty() {
            return Err(EditError::Invalid {
                field: "name",
                message: "the design needs a name".into(),
            });
        }
        self.name = name;
        self.description = description;
        self.organisation = organisation;
        Ok(())
    }

    /// The organisation's Autodiscover settings; its web hosts are objects of
    /// their own (`UpsertWebHost`) and are kept.
    fn set_autodiscover(&mut self, mut autodiscover: Autodiscover) -> Result<(), EditError> {
        let invalid = |field, message| EditError::Invalid { field, message };
        let domain = autodiscover.smtp_domain.trim();
        if !domain.is_empty() {
            check_dns_name(domain, false).map_err(|m| invalid("SMTP domain", m))?;
        }
        for n in &autodiscover.dns_names {
            check_dns_name(n, false).map_err(|m| invalid("Autodiscover name", m))?;
        }
        for p in &autodiscover.scp_pointers {
            if p.points_to.trim().is_empty() {
                return Err(invalid(
                    "SCP pointer",
                    "points nowhere; name the LDAP server or forest".into(),
                ));
            }
        }
        autodiscover.web_hosts = std::mem::take(&mut self.autodiscover.web_hosts);
        self.autodiscover = autodiscover;
        Ok(())
    }

    /// The spans of the undocumented parameters; the first bad one refuses the edit.
    fn set_ranges(&mut self, ranges: Ranges) -> Result<(), EditError> {
        let mut first = None;
        rules::check_ranges(&ranges, |_, label, r| {
            if let (None, Err(message)) = (&first, r) {
                first = Some(EditError::Invalid {
                    field: label,
                    message,
                });
            }
        });
        if let Some(e) = first {
            return Err(e);
        }
        self.ranges = ranges;
        Ok(())
    }
}

/// Edits of a site and what it holds.
impl Scenario {
    /// Renames the site, or adds it empty.
    fn upsert_site(&mut self, id: String, name: String, ids: &Ids<'_>) -> Result<(), EditError> {
        not_empty("site name", &name)?;
        self.check(
            Object::Site(&Site {
                id: id.clone(),
                name: name.clone(),
                ..Default::default()
            }),
            ids,
        )?;
        match self.sites.iter_mut().find(|s| s.id == id) {
            Some(site) => site.name = name,
            None => self.sites.push(Site {
                id,
                name,
                ..Default::default()
            }),
        }
        Ok(())
    }

    /// Checks `item` as it would stand in site `site`, then puts it there.
    fn upsert_in_site<T: InSite>(
        &mut self,
        site: &str,
        item: T,
        ids: &Ids<'_>,
    ) -> Result<(), EditError> {
        self.check(item.object(self.site(site)?), ids)?;
        self.place_in_site(site, item);
        Ok(())
    }
}

/// What a site holds, each kind in its own list of the site.
trait InSite: Clone {
    /// The object as `check` sees it, standing in `site`.
    fn object<'a>(&'a self, site: &'a Site) -> Object<'a>;
    fn list(site: &Site) -> &List<Self>;
    fn list_mut(site: &mut Site) -> &mut List<Self>;
    fn id(&self) -> &String;
}

/// `InSite` for a type kept in the site's list `$list`, checked as `Object::$object`.
macro_rules! in_site {
    ($type:ty, $list:ident, $object:ident) => {
        impl InSite for $type {
            fn object<'a>(&'a self, site: &'a Site) -> Object<'a> {
                Object::$object(site, self)
            }
            fn list(site: &Site) -> &List<Self> {
                &site.$list
            }
            fn list_mut(site: &mut Site) -> &mut List<Self> {
                &mut site.$list
            }
            fn id(&self) -> &String {
                &self.id
            }
        }
    };
}

in_site!(CasServer, cas_servers, Cas);
in_site!(CasArray, arrays, Array);
in_site!(MailboxServer, mailbox_servers, MailboxServer);
in_site!(MailboxDatabase, databases, Database);
in_site!(
    PublicFolderDatabase,
    public_folder_databases,
    PublicFolderDatabase
);

/// Edits of DNS: views, their zones and the zones' records.
impl Scenario {
    /// The view's settings; its zones are kept (a new view starts without).
    fn upsert_dns_view(&mut self, mut view: DnsView, ids: &Ids<'_>) -> Result<(), EditError> {
        not_empty("view name", &view.name)?;
        if view.forwards_to.as_ref() == Some(&view.id) {
            return Err(EditError::Invalid {
                field: "forwards to",
                message: "a view cannot forward to itself".into(),
            });
        }
        self.check(Object::DnsView(&view), ids)?;
        match self.dns_views.iter_mut().find(|v| v.id == view.id) {
            Some(existing) => {
                view.zones = std::mem::take(&mut existing.zones);
                *existing = view;
            }
            // Zones come with their own edits, which check them and their records.
            None if !view.zones.is_empty() => {
                return Err(EditError::Invalid {
                    field: "zones",
                    message: "a new view starts without zones; add them one by one".into(),
                });
            }
            None => self.dns_views.push(view),
        }
        Ok(())
    }

    /// The zone's name in view `view`; its records are kept (and move with it).
    fn upsert_dns_zone(
        &mut self,
        view: String,
        id: String,
        name: String,
        ids: &Ids<'_>,
    ) -> Result<(), EditError> {
        let target =
            self.dns_views
                .iter()
                .position(|v| v.id == view)
                .ok_or(EditError::NoSuchParent {
                    what: "DNS view",
                    id: view,
                })?;
        let found = self
            .dns_views
            .iter()
            .enumerate()
            .find_map(|(vi, v)| v.zones.iter().position(|z| z.id == id).map(|zi| (vi, zi)));
        // The zone as it will be: its records stay with it (and move with it to another view).
        let records = found
            .map(|(vi, zi)| self.dns_views[vi].zones[zi].records.clone())
            .unwrap_or_default();
        let zone = DnsZone { id, name, records };
        let view = &self.dns_views[target];
        self.check(Object::DnsZone(view, &zone), ids)?;
        // A new apex must still hold every record the zone has.
        if let Some(p) = zone
            .records
            .iter()
            .find_map(|r| rules::first_problem(Object::DnsRecord(view, &zone, r)))
        {
            return Err(EditError::Invalid {
                field: "zone name",
                message: p.message,
            });
        }
        match found {
            Some((vi, zi)) if vi == target => self.dns_views[vi].zones[zi].name = zone.name,
            Some((vi, zi)) => {
                self.dns_views[vi].zones.remove(zi);
                self.dns_views[target].zones.push(zone);
            }
            None => self.dns_views[target].zones.push(zone),
        }
        Ok(())
    }

    /// The record in zone `zone`, moved there if another zone holds it.
    fn upsert_dns_record(
        &mut self,
        zone: String,
        record: DnsRecord,
        ids: &Ids<'_>,
    ) -> Result<(), EditError> {
        // Found first, then changed: only the zones' own lists are copied.
        let locate = |s: &Scenario, found: &dyn Fn(&DnsZone) -> bool| {
            s.dns_views
                .iter()
                .enumerate()
                .find_map(|(vi, v)| v.zones.iter().position(found).map(|zi| (vi, zi)))
        };
        let (vi, zi) = locate(self, &|z| z.id == zone).ok_or(EditError::NoSuchParent {
            what: "DNS zone",
            id: zone,
        })?;
        let view = &self.dns_views[vi];
        self.check(Object::DnsRecord(view, &view.zones[zi], &record), ids)?;
        match locate(self, &|z| z.records.iter().any(|r| r.id == record.id)) {
            Some((v, z)) if (v, z) == (vi, zi) => {
                upsert(&mut self.dns_views[vi].zones[zi].records, record, |x| &x.id)
            }
            Some((v, z)) => {
                self.dns_views[v].zones[z]
                    .records
                    .retain(|r| r.id != record.id);
                self.dns_views[vi].zones[zi].records.push(record);
            }
            None => self.dns_views[vi].zones[zi].records.push(record),
        }
        Ok(())
    }
}

/// Object id → kind (the first object with each id), for applying many
/// edits to one design: the ids of the design the edits start from,
/// borrowed, and what the edits since added and removed.
pub(super) struct KindIndex<'a> {
    start: crate::FastMap<&'a str, ObjectKind>,
    added: crate::FastMap<String, ObjectKind>,
    removed: crate::FastSet<String>,
}

impl<'a> KindIndex<'a> {
    fn of(s: &'a Scenario) -> Self {
        let mut start = crate::FastMap::default();
        for e in s.objects() {
            start.entry(e.object.id()).or_insert(e.object.kind());
        }
        KindIndex {
            start,
            added: crate::FastMap::default(),
            removed: crate::FastSet::default(),
        }
    }

    pub(super) fn get(&self, id: &str) -> Option<ObjectKind> {
        match self.added.get(id) {
            Some(kind) => Some(*kind),
            None if self.removed.contains(id) => None,
            None => self.start.get(id).copied(),
        }
    }

    /// An object now in the design (kept as it was if its id was there).
    fn add(&mut self, id: String, kind: ObjectKind) {
        if self.get(&id).is_none() {
            self.removed.remove(&id);
            self.added.insert(id, kind);
        }
    }

    /// An object gone from the design.
    pub(super) fn remove(&mut self, id: &str) {
        self.added.remove(id);
        if self.start.contains_key(id) {
            self.removed.insert(id.to_string());
        }
    }
}

/// How an edit finds what kind of object an id names: by walking the
/// design (one edit) or in an index kept up to date edit after edit
/// (`apply_each`).
enum Ids<'a> {
    Walk,
    Index(KindIndex<'a>),
}

impl Ids<'_> {
    /// The kind of each id (the first object with it), None where no object has it.
    fn kinds(&self, s: &Scenario, ids: &[&str]) -> Vec<Option<ObjectKind>> {
        match self {
            Ids::Walk => s.kinds_of(ids),
            Ids::Index(index) => ids.iter().map(|id| index.get(id)).collect(),
        }
    }

    /// Objects gone from the design.
    fn forget(&mut self, gone: &[String]) {
        if let Ids::Index(index) = self {
            for id in gone {
                index.remove(id);
            }
        }
    }
}

/// The kind of object an upsert puts in the design; None for other edits.
fn upserted_kind(edit: &Edit) -> Option<ObjectKind> {
    Some(match edit {
        Edit::UpsertSite { .. } => ObjectKind::Site,
        Edit::UpsertCas { .. } => ObjectKind::CasServer,
        Edit::UpsertArray { .. } => ObjectKind::CasArray,
        Edit::UpsertMailboxServer { .. } => ObjectKind::MailboxServer,
        Edit::UpsertDatabase { .. } => ObjectKind::Database,
        Edit::UpsertPublicFolderDatabase { .. } => ObjectKind::PublicFolderDatabase,
        Edit::UpsertDnsView { .. } => ObjectKind::DnsView,
        Edit::UpsertDnsZone { .. } => ObjectKind::DnsZone,
        Edit::UpsertDnsRecord { .. } => ObjectKind::DnsRecord,
        Edit::UpsertNetworkZone { .. } => ObjectKind::NetworkZone,
        Edit::UpsertPerimeterRule { .. } => ObjectKind::PerimeterRule,
        Edit::UpsertTimingPreset { .. } => ObjectKind::TimingPreset,
        Edit::UpsertClient { .. } => ObjectKind::Client,
        Edit::UpsertWebHost { .. } => ObjectKind::WebHost,
        Edit::Delete { .. }
        | Edit::DeleteSiteMovingContents { .. }
        | Edit::SetInfo { .. }
        | Edit::SetAutodiscover { .. }
        | Edit::SetMapiHttp { .. }
        | Edit::SetMigration { .. }
        | Edit::SetPerimeterDefault { .. }
        | Edit::SetHairpinNat { .. }
        | Edit::SetRanges { .. } => return None,
    })
}

/// `id` may be new (`existing` is None) or already name an object of `kind`.
fn claimable(id: &str, kind: ObjectKind, existing: Option<ObjectKind>) -> Result<(), EditError> {
    if id.trim().is_empty() {
        return Err(EditError::Invalid {
            field: "id",
            message: "is empty".into(),
        });
    }
    match existing {
        Some(k) if k != kind => Err(EditError::IdInUse {
            id: id.into(),
            kind: k,
        }),
        _ => Ok(()),
    }
}

/// Replaces the item with `item`'s id, or adds it.
fn upsert<T: Clone>(list: &mut List<T>, item: T, id: impl Fn(&T) -> &String) {
    match list.iter().position(|x| id(x) == id(&item)) {
        Some(at) => list[at] = item,
        None => list.push(item),
    }
}

/// Edits may not blank a name, though a file may hold one (any text loads).
fn not_empty(field: &'static str, value: &str) -> Result<(), EditError> {
    if value.trim().is_empty() {
        Err(EditError::Invalid {
            field,
            message: "cannot be empty".into(),
        })
    } else {
        Ok(())
    }
}
