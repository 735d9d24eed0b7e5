//! Edits: every change a user can make to a scenario, as data.
//!
//! `Scenario::apply` is pure: it returns a new scenario or an `EditError` and
//! never leaves a half-applied change, so the UI's reducer can keep undo
//! history by snapshot. Objects are replaced whole by id ("upsert"), which
//! keeps one edit per committed form field and one undo step per edit.
//! Deleting an object that others depend on either cascades to the dependants
//! (the UI lists them first) or, for a site, moves its contents elsewhere.

use crate::model::*;
use crate::validate::check_dns_name;
use serde::{Deserialize, Serialize};

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
}

impl ObjectKind {
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
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "kebab-case")]
pub enum Edit {
    SetInfo { name: String, description: String, organisation: String },
    SetAutodiscover { autodiscover: Autodiscover },
    /// Adds the site or replaces the one with the same id (its contents are kept).
    UpsertSite { id: String, name: String },
    UpsertCas { site: String, cas: CasServer },
    UpsertArray { site: String, array: CasArray },
    UpsertMailboxServer { site: String, server: MailboxServer },
    UpsertDatabase { site: String, database: MailboxDatabase },
    UpsertPublicFolderDatabase { site: String, database: PublicFolderDatabase },
    /// The view's settings; its zones are kept.
    UpsertDnsView { view: DnsView },
    UpsertDnsZone { view: String, id: String, name: String },
    UpsertDnsRecord { zone: String, record: DnsRecord },
    UpsertNetworkZone { zone: NetworkZone },
    UpsertPerimeterRule { rule: PerimeterRule },
    SetPerimeterDefault { action: PerimeterAction },
    UpsertTimingPreset { preset: OsTimingPreset },
    UpsertClient { client: Client },
    /// Deletes the object and everything that cannot exist without it.
    Delete { id: String },
    /// Deletes a site after moving its servers, databases and arrays to `to`.
    DeleteSiteMovingContents { id: String, to: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    NotFound { id: String },
    /// The parent named by the edit does not exist or is of the wrong kind.
    NoSuchParent { what: &'static str, id: String },
    Invalid { field: &'static str, message: String },
    /// An id already names an object of another kind.
    IdInUse { id: String, kind: ObjectKind },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NotFound { id } => write!(f, "nothing in the design has id \"{id}\""),
            EditError::NoSuchParent { what, id } => write!(f, "there is no {what} \"{id}\""),
            EditError::Invalid { field, message } => write!(f, "{field}: {message}"),
            EditError::IdInUse { id, kind } => write!(f, "id \"{id}\" is already used by a {}", kind.label()),
        }
    }
}

impl std::error::Error for EditError {}

/// One object that would go with a deletion, for the confirmation dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependant {
    pub id: String,
    pub kind: ObjectKind,
    pub name: String,
}

impl Site {
    /// Every object the site holds, with its kind: what goes with the site
    /// when it is deleted, and what may change when it is edited.
    pub fn contents(&self) -> impl Iterator<Item = (&str, ObjectKind)> {
        self.cas_servers.iter().map(|x| (x.id.as_str(), ObjectKind::CasServer))
            .chain(self.arrays.iter().map(|x| (x.id.as_str(), ObjectKind::CasArray)))
            .chain(self.mailbox_servers.iter().map(|x| (x.id.as_str(), ObjectKind::MailboxServer)))
            .chain(self.databases.iter().map(|x| (x.id.as_str(), ObjectKind::Database)))
            .chain(self.public_folder_databases.iter().map(|x| (x.id.as_str(), ObjectKind::PublicFolderDatabase)))
    }
}

impl Scenario {
    /// The kind of object `id` names, if any.
    pub fn kind_of(&self, id: &str) -> Option<ObjectKind> {
        for s in &self.sites {
            if s.id == id {
                return Some(ObjectKind::Site);
            }
            if s.cas_servers.iter().any(|x| x.id == id) {
                return Some(ObjectKind::CasServer);
            }
            if s.arrays.iter().any(|x| x.id == id) {
                return Some(ObjectKind::CasArray);
            }
            if s.mailbox_servers.iter().any(|x| x.id == id) {
                return Some(ObjectKind::MailboxServer);
            }
            if s.databases.iter().any(|x| x.id == id) {
                return Some(ObjectKind::Database);
            }
            if s.public_folder_databases.iter().any(|x| x.id == id) {
                return Some(ObjectKind::PublicFolderDatabase);
            }
        }
        for v in &self.dns_views {
            if v.id == id {
                return Some(ObjectKind::DnsView);
            }
            for z in &v.zones {
                if z.id == id {
                    return Some(ObjectKind::DnsZone);
                }
                if z.records.iter().any(|r| r.id == id) {
                    return Some(ObjectKind::DnsRecord);
                }
            }
        }
        if self.network_zones.iter().any(|z| z.id == id) {
            return Some(ObjectKind::NetworkZone);
        }
        if self.perimeter.rules.iter().any(|r| r.id == id) {
            return Some(ObjectKind::PerimeterRule);
        }
        if self.timing_presets.iter().any(|p| p.id == id) {
            return Some(ObjectKind::TimingPreset);
        }
        if self.clients.iter().any(|c| c.id == id) {
            return Some(ObjectKind::Client);
        }
        None
    }

    /// Whether both designs hold the very same object lists (an edit of a
    /// setting, such as the perimeter's default action, keeps them), so
    /// anything derived from the objects alone, like [`Scenario::labels`], still holds.
    pub fn same_objects(&self, other: &Scenario) -> bool {
        List::same(&self.sites, &other.sites)
            && List::same(&self.dns_views, &other.dns_views)
            && List::same(&self.network_zones, &other.network_zones)
            && List::same(&self.perimeter.rules, &other.perimeter.rules)
            && List::same(&self.timing_presets, &other.timing_presets)
            && List::same(&self.clients, &other.clients)
    }

    /// Human labels ("CAS CAS01", "record outlook… A 1.2.3.4 in Internet") for
    /// the given ids, in one pass over the design: evidence lists name a
    /// handful of objects in designs of tens of thousands.
    pub fn labels(&self, ids: &std::collections::BTreeSet<&str>) -> std::collections::HashMap<String, String> {
        let mut out = std::collections::HashMap::new();
        // The label is built only for wanted ids.
        let mut put = |id: &str, label: &dyn Fn() -> String| {
            if ids.contains(id) {
                out.insert(id.to_string(), label());
            }
        };
        for site in &self.sites {
            put(&site.id, &|| format!("site {}", site.name));
            site.cas_servers.iter().for_each(|c| put(&c.id, &|| format!("CAS {}", c.name)));
            site.arrays.iter().for_each(|a| put(&a.id, &|| format!("CAS array {}", a.fqdn)));
            site.mailbox_servers.iter().for_each(|m| put(&m.id, &|| format!("mailbox server {}", m.name)));
            site.databases.iter().for_each(|d| put(&d.id, &|| format!("database {}", d.name)));
            site.public_folder_databases.iter().for_each(|d| put(&d.id, &|| format!("public-folder database {}", d.name)));
        }
        for v in &self.dns_views {
            put(&v.id, &|| format!("DNS view {}", v.name));
            for z in &v.zones {
                put(&z.id, &|| format!("zone {} in {}", z.name, v.name));
                z.records.iter().for_each(|r| put(&r.id, &|| format!("record {} in {}", r, v.name)));
            }
        }
        self.network_zones.iter().for_each(|z| put(&z.id, &|| format!("network zone {}", z.name)));
        for r in &self.perimeter.rules {
            put(&r.id, &|| format!("perimeter rule {}", if r.name.is_empty() { &r.id } else { &r.name }));
        }
        self.timing_presets.iter().for_each(|p| put(&p.id, &|| format!("OS timing {}", p.name)));
        self.clients.iter().for_each(|c| put(&c.id, &|| format!("client {}", c.name)));
        out
    }

    /// A fresh id with `prefix` that no object uses: `prefix-1`, `prefix-2`…
    pub fn fresh_id(&self, prefix: &str) -> String {
        (1..)
            .map(|n| format!("{prefix}-{n}"))
            .find(|id| self.kind_of(id).is_none())
            .expect("an unused id exists")
    }

    /// Everything deleting `id` would delete too, transitively, in a stable order.
    pub fn dependants(&self, id: &str) -> Vec<Dependant> {
        let mut doomed: Vec<String> = vec![id.to_string()];
        let mut i = 0;
        while i < doomed.len() {
            let cur = doomed[i].clone();
            for (dep, _, _) in self.direct_dependants(&cur) {
                if !doomed.contains(&dep) {
                    doomed.push(dep);
                }
            }
            i += 1;
        }
        let wanted: std::collections::BTreeSet<&str> = doomed.iter().map(String::as_str).collect();
        let labels = self.labels(&wanted);
        doomed
            .iter()
            .skip(1)
            .filter_map(|d| {
                let kind = self.kind_of(d)?;
                let name = labels.get(d).cloned().unwrap_or_else(|| d.clone());
                Some(Dependant { name, id: d.clone(), kind })
            })
            .collect()
    }

    /// Objects that cannot exist without `id`: (id, kind, why).
    fn direct_dependants(&self, id: &str) -> Vec<(String, ObjectKind, &'static str)> {
        let mut out = Vec::new();
        for s in &self.sites {
            if s.id == id {
                out.extend(s.contents().map(|(i, k)| (i.to_string(), k, "in the site")));
            }
            out.extend(s.databases.iter().filter(|d| d.server == id).map(|d| (d.id.clone(), ObjectKind::Database, "mounted on it")));
            out.extend(
                s.public_folder_databases
                    .iter()
                    .filter(|d| d.server == id)
                    .map(|d| (d.id.clone(), ObjectKind::PublicFolderDatabase, "on it")),
            );
        }
        for v in &self.dns_views {
            if v.id == id {
                out.extend(v.zones.iter().map(|z| (z.id.clone(), ObjectKind::DnsZone, "in the view")));
            }
            for z in v.zones.iter().filter(|z| z.id == id) {
                out.extend(z.records.iter().map(|r| (r.id.clone(), ObjectKind::DnsRecord, "in the zone")));
            }
        }
        for z in &self.network_zones {
            if let ZoneKind::Site { site } | ZoneKind::Vpn { site } = &z.kind {
                if site == id {
                    out.push((z.id.clone(), ObjectKind::NetworkZone, "on the site"));
                }
            }
        }
        for c in &self.clients {
            if c.location == id || c.dns_view == id || c.mailbox_database == id || c.os_timing == id {
                out.push((c.id.clone(), ObjectKind::Client, "uses it"));
            }
        }
        out
    }

    /// Applies an edit, returning the new scenario; `self` is never changed.
    pub fn apply(&self, edit: Edit) -> Result<Scenario, EditError> {
        let mut s = self.clone();
        s.apply_in_place(edit)?;
        Ok(s)
    }

    fn apply_in_place(&mut self, edit: Edit) -> Result<(), EditError> {
        match edit {
            Edit::SetInfo { name, description, organisation } => {
                if name.trim().is_empty() {
                    return Err(EditError::Invalid { field: "name", message: "the design needs a name".into() });
                }
                self.name = name;
                self.description = description;
                self.organisation = organisation;
            }
            Edit::SetAutodiscover { autodiscover } => {
                for n in &autodiscover.dns_names {
                    dns_field("Autodiscover name", n)?;
                }
                self.autodiscover = autodiscover;
            }
            Edit::UpsertSite { id, name } => {
                self.claim(&id, ObjectKind::Site)?;
                not_empty("site name", &name)?;
                match self.sites.iter_mut().find(|s| s.id == id) {
                    Some(site) => site.name = name,
                    None => self.sites.push(Site { id, name, ..Default::default() }),
                }
            }
            Edit::UpsertCas { site, cas } => {
                self.claim(&cas.id, ObjectKind::CasServer)?;
                not_empty("CAS name", &cas.name)?;
                dns_field("FQDN", &cas.fqdn)?;
                if cas.outlook_anywhere.enabled {
                    dns_field("Outlook Anywhere external hostname", &cas.outlook_anywhere.external_hostname)?;
                }
                let id = cas.id.clone();
                upsert(&mut self.site_mut(&site)?.cas_servers, cas, |x| x.id == id);
            }
            Edit::UpsertArray { site, array } => {
                self.claim(&array.id, ObjectKind::CasArray)?;
                dns_field("array FQDN", &array.fqdn)?;
                if array.name.chars().count() > 64 {
                    return Err(EditError::Invalid { field: "array name", message: "at most 64 characters (§1)".into() });
                }
                for m in &array.members {
                    if self.kind_of(m) != Some(ObjectKind::CasServer) {
                        return Err(EditError::NoSuchParent { what: "CAS server", id: m.clone() });
                    }
                }
                if let Some(lb) = &array.load_balancer {
                    ranges_field("forwarded ports", &lb.forwarded_ports)?;
                }
                let id = array.id.clone();
                upsert(&mut self.site_mut(&site)?.arrays, array, |x| x.id == id);
            }
            Edit::UpsertMailboxServer { site, server } => {
                self.claim(&server.id, ObjectKind::MailboxServer)?;
                not_empty("server name", &server.name)?;
                dns_field("FQDN", &server.fqdn)?;
                let id = server.id.clone();
                upsert(&mut self.site_mut(&site)?.mailbox_servers, server, |x| x.id == id);
            }
            Edit::UpsertDatabase { site, database } => {
                self.claim(&database.id, ObjectKind::Database)?;
                not_empty("database name", &database.name)?;
                self.expect_kind(&database.server, ObjectKind::MailboxServer)?;
                if !database.rpc_client_access_server.is_empty() {
                    dns_field("RpcClientAccessServer", &database.rpc_client_access_server)?;
                }
                if let Some(pf) = &database.public_folder_database {
                    self.expect_kind(pf, ObjectKind::PublicFolderDatabase)?;
                }
                let id = database.id.clone();
                upsert(&mut self.site_mut(&site)?.databases, database, |x| x.id == id);
            }
            Edit::UpsertPublicFolderDatabase { site, database } => {
                self.claim(&database.id, ObjectKind::PublicFolderDatabase)?;
                self.expect_kind(&database.server, ObjectKind::MailboxServer)?;
                let id = database.id.clone();
                upsert(&mut self.site_mut(&site)?.public_folder_databases, database, |x| x.id == id);
            }
            Edit::UpsertDnsView { mut view } => {
                self.claim(&view.id, ObjectKind::DnsView)?;
                not_empty("view name", &view.name)?;
                if let Some(f) = &view.forwards_to {
                    self.expect_kind(f, ObjectKind::DnsView)?;
                    if *f == view.id {
                        return Err(EditError::Invalid { field: "forwards to", message: "a view cannot forward to itself".into() });
                    }
                }
                match self.dns_views.iter_mut().find(|v| v.id == view.id) {
                    Some(existing) => {
                        view.zones = std::mem::take(&mut existing.zones);
                        *existing = view;
                    }
                    None => self.dns_views.push(view),
                }
            }
            Edit::UpsertDnsZone { view, id, name } => {
                self.claim(&id, ObjectKind::DnsZone)?;
                dns_field("zone name", &name)?;
                let v = self
                    .dns_views
                    .iter_mut()
                    .find(|v| v.id == view)
                    .ok_or(EditError::NoSuchParent { what: "DNS view", id: view })?;
                match v.zones.iter_mut().find(|z| z.id == id) {
                    Some(z) => z.name = name,
                    None => v.zones.push(DnsZone { id, name, records: Vec::new().into() }),
                }
            }
            Edit::UpsertDnsRecord { zone, record } => {
                self.claim(&record.id, ObjectKind::DnsRecord)?;
                check_dns_name(&record.name, true).map_err(|m| EditError::Invalid { field: "record name", message: m })?;
                if let RecordData::Cname { target } | RecordData::Srv { target, .. } = &record.data {
                    dns_field("target", target)?;
                }
                // Found first, then changed: only the one zone's lists are copied.
                let (vi, zi) = self
                    .dns_views
                    .iter()
                    .enumerate()
                    .find_map(|(vi, v)| v.zones.iter().position(|z| z.id == zone).map(|zi| (vi, zi)))
                    .ok_or(EditError::NoSuchParent { what: "DNS zone", id: zone })?;
                let z = &mut self.dns_views[vi].zones[zi];
                let apex = crate::world::normalize_name(&z.name);
                let owner = crate::world::normalize_name(&record.name);
                if owner != apex && !owner.ends_with(&format!(".{apex}")) {
                    return Err(EditError::Invalid { field: "record name", message: format!("{} is outside zone {}", record.name, z.name) });
                }
                let id = record.id.clone();
                upsert(&mut z.records, record, |x| x.id == id);
            }
            Edit::UpsertNetworkZone { zone } => {
                self.claim(&zone.id, ObjectKind::NetworkZone)?;
                not_empty("zone name", &zone.name)?;
                if let ZoneKind::Site { site } | ZoneKind::Vpn { site } = &zone.kind {
                    self.expect_kind(site, ObjectKind::Site)?;
                }
                let id = zone.id.clone();
                upsert(&mut self.network_zones, zone, |x| x.id == id);
            }
            Edit::UpsertPerimeterRule { rule } => {
                self.claim(&rule.id, ObjectKind::PerimeterRule)?;
                ranges_field("ports", std::slice::from_ref(&rule.ports))?;
                let id = rule.id.clone();
                upsert(&mut self.perimeter.rules, rule, |x| x.id == id);
            }
            Edit::SetPerimeterDefault { action } => self.perimeter.default_action = action,
            Edit::UpsertTimingPreset { preset } => {
                self.claim(&preset.id, ObjectKind::TimingPreset)?;
                if preset.initial_rto_ms == 0 {
                    return Err(EditError::Invalid { field: "initial RTO", message: "must be at least 1 ms".into() });
                }
                let id = preset.id.clone();
                upsert(&mut self.timing_presets, preset, |x| x.id == id);
            }
            Edit::UpsertClient { client } => {
                self.claim(&client.id, ObjectKind::Client)?;
                not_empty("client name", &client.name)?;
                self.expect_kind(&client.location, ObjectKind::NetworkZone)?;
                self.expect_kind(&client.dns_view, ObjectKind::DnsView)?;
                self.expect_kind(&client.mailbox_database, ObjectKind::Database)?;
                self.expect_kind(&client.os_timing, ObjectKind::TimingPreset)?;
                if !(1..=2).contains(&client.rpc_bind_attempts) {
                    return Err(EditError::Invalid { field: "RPC bind attempts", message: "the calibrated range is 1–2 (§8 step 4)".into() });
                }
                let id = client.id.clone();
                upsert(&mut self.clients, client, |x| x.id == id);
            }
            Edit::Delete { id } => {
                if self.kind_of(&id).is_none() {
                    return Err(EditError::NotFound { id });
                }
                let mut doomed: Vec<String> = self.dependants(&id).into_iter().map(|d| d.id).collect();
                doomed.push(id);
                self.remove_all(&doomed);
            }
            Edit::DeleteSiteMovingContents { id, to } => {
                self.expect_kind(&id, ObjectKind::Site)?;
                self.expect_kind(&to, ObjectKind::Site)?;
                if id == to {
                    return Err(EditError::Invalid { field: "move to", message: "choose another site".into() });
                }
                let from = self.sites.iter().position(|s| s.id == id).expect("checked");
                let old = self.sites.remove(from);
                let target = self.sites.iter_mut().find(|s| s.id == to).expect("checked");
                target.cas_servers.extend(old.cas_servers);
                target.arrays.extend(old.arrays);
                target.mailbox_servers.extend(old.mailbox_servers);
                target.databases.extend(old.databases);
                target.public_folder_databases.extend(old.public_folder_databases);
                for z in &mut self.network_zones {
                    if let ZoneKind::Site { site } | ZoneKind::Vpn { site } = &mut z.kind {
                        if *site == id {
                            *site = to.clone();
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Removes every object in `ids` and clears optional references to them.
    /// Only lists that change are copied: the rest stay shared with the
    /// design before the edit (see `list`).
    fn remove_all(&mut self, ids: &[String]) {
        let gone = |id: &String| ids.contains(id);
        drop_where(&mut self.sites, |s| gone(&s.id));
        for i in 0..self.sites.len() {
            let s = &self.sites[i];
            let touched = s.cas_servers.iter().any(|x| gone(&x.id))
                || s.arrays.iter().any(|a| gone(&a.id) || a.members.iter().any(gone))
                || s.mailbox_servers.iter().any(|x| gone(&x.id))
                || s.databases.iter().any(|d| gone(&d.id) || d.public_folder_database.as_ref().is_some_and(gone))
                || s.public_folder_databases.iter().any(|x| gone(&x.id));
            if !touched {
                continue;
            }
            let s = &mut self.sites[i];
            drop_where(&mut s.cas_servers, |x| gone(&x.id));
            drop_where(&mut s.arrays, |x| gone(&x.id));
            drop_where(&mut s.mailbox_servers, |x| gone(&x.id));
            drop_where(&mut s.databases, |x| gone(&x.id));
            drop_where(&mut s.public_folder_databases, |x| gone(&x.id));
            if s.arrays.iter().any(|a| a.members.iter().any(gone)) {
                for a in &mut s.arrays {
                    a.members.retain(|m| !gone(m));
                }
            }
            if s.databases.iter().any(|d| d.public_folder_database.as_ref().is_some_and(gone)) {
                for d in &mut s.databases {
                    if d.public_folder_database.as_ref().is_some_and(gone) {
                        d.public_folder_database = None;
                    }
                }
            }
        }
        drop_where(&mut self.dns_views, |v| gone(&v.id));
        for i in 0..self.dns_views.len() {
            let v = &self.dns_views[i];
            let touched = v.forwards_to.as_ref().is_some_and(gone)
                || v.zones.iter().any(|z| gone(&z.id) || z.records.iter().any(|r| gone(&r.id)));
            if !touched {
                continue;
            }
            let v = &mut self.dns_views[i];
            if v.forwards_to.as_ref().is_some_and(gone) {
                v.forwards_to = None;
            }
            drop_where(&mut v.zones, |z| gone(&z.id));
            for j in 0..v.zones.len() {
                if v.zones[j].records.iter().any(|r| gone(&r.id)) {
                    drop_where(&mut v.zones[j].records, |r| gone(&r.id));
                }
            }
        }
        drop_where(&mut self.network_zones, |z| gone(&z.id));
        drop_where(&mut self.perimeter.rules, |r| gone(&r.id));
        drop_where(&mut self.timing_presets, |p| gone(&p.id));
        drop_where(&mut self.clients, |c| gone(&c.id));
    }

    /// `id` may be new, or already name an object of `kind`.
    fn claim(&self, id: &str, kind: ObjectKind) -> Result<(), EditError> {
        if id.trim().is_empty() {
            return Err(EditError::Invalid { field: "id", message: "is empty".into() });
        }
        match self.kind_of(id) {
            Some(k) if k != kind => Err(EditError::IdInUse { id: id.into(), kind: k }),
            _ => Ok(()),
        }
    }

    fn expect_kind(&self, id: &str, kind: ObjectKind) -> Result<(), EditError> {
        if self.kind_of(id) == Some(kind) {
            Ok(())
        } else {
            Err(EditError::NoSuchParent { what: kind.label(), id: id.into() })
        }
    }

    fn site_mut(&mut self, id: &str) -> Result<&mut Site, EditError> {
        self.sites
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or(EditError::NoSuchParent { what: "site", id: id.into() })
    }
}

/// Removes the items `gone` picks; the list is copied only if it holds one.
fn drop_where<T: Clone>(list: &mut List<T>, gone: impl Fn(&T) -> bool) {
    if list.iter().any(&gone) {
        list.retain(|x| !gone(x));
    }
}

fn upsert<T>(list: &mut Vec<T>, item: T, same: impl Fn(&T) -> bool) {
    match list.iter_mut().find(|x| same(x)) {
        Some(slot) => *slot = item,
        None => list.push(item),
    }
}

fn not_empty(field: &'static str, value: &str) -> Result<(), EditError> {
    if value.trim().is_empty() {
        Err(EditError::Invalid { field, message: "cannot be empty".into() })
    } else {
        Ok(())
    }
}

fn dns_field(field: &'static str, value: &str) -> Result<(), EditError> {
    check_dns_name(value, false).map_err(|message| EditError::Invalid { field, message })
}

fn ranges_field(field: &'static str, ranges: &[PortRange]) -> Result<(), EditError> {
    match ranges.iter().find(|r| r.from == 0 || r.from > r.to) {
        Some(r) => Err(EditError::Invalid { field, message: format!("{}–{} is not a valid port range", r.from, r.to) }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::{seed_fixed, seed_leaking};
    use crate::validate::validate;

    /// An edit copies only the lists it changes; the undo history's other
    /// versions share the rest (a large design is not copied per keystroke).
    #[test]
    fn edits_share_what_they_do_not_change() {
        let s = crate::generate::large_design(1);
        let zone_records = |s: &Scenario| s.dns_views.iter().flat_map(|v| v.zones.iter().map(|z| z.records.clone())).collect::<Vec<_>>();
        let shared = |a: &Scenario, b: &Scenario| zone_records(a).iter().zip(zone_records(b).iter()).filter(|(x, y)| List::same(x, y)).count();
        let zones = zone_records(&s).len();

        let perimeter = s.apply(Edit::SetPerimeterDefault { action: PerimeterAction::RejectRst }).unwrap();
        assert!(List::same(&s.sites, &perimeter.sites) && List::same(&s.clients, &perimeter.clients));
        assert_eq!(shared(&s, &perimeter), zones);
        assert!(s.same_objects(&perimeter));

        let victim = s.clients[7].id.clone();
        let fewer = s.apply(Edit::Delete { id: victim.clone() }).unwrap();
        assert_eq!(fewer.clients.len(), s.clients.len() - 1);
        assert!(List::same(&s.sites, &fewer.sites) && List::same(&s.dns_views, &fewer.dns_views));
        assert!(!s.same_objects(&fewer));

        let record = s.dns_views[0].zones[0].records[3].id.clone();
        let no_record = s.apply(Edit::Delete { id: record.clone() }).unwrap();
        assert_eq!(no_record.kind_of(&record), None);
        assert_eq!(shared(&s, &no_record), zones - 1, "only the record's own zone is copied");
        assert!(List::same(&s.sites, &no_record.sites));
        // The original is untouched.
        assert_eq!(s.kind_of(&record), Some(ObjectKind::DnsRecord));
        assert_eq!(s.kind_of(&victim), Some(ObjectKind::Client));
    }

    #[test]
    fn deleting_the_leaking_record_fixes_the_external_client() {
        let s = seed_leaking();
        let fixed = s.apply(Edit::Delete { id: "rec-ext-outlook".into() }).unwrap();
        let before = crate::simulate(&s).clients[1].total_ms;
        let after = crate::simulate(&fixed).clients[1].total_ms;
        assert!(before > 20_000 && after < 1_500, "{before} → {after}");
        assert_eq!(validate(&fixed), vec![]);
    }

    #[test]
    fn deleting_a_mailbox_server_lists_and_removes_what_depends_on_it() {
        let s = seed_fixed();
        let deps: Vec<String> = s.dependants("mbx-01").into_iter().map(|d| d.id).collect();
        assert_eq!(deps, vec!["db-01", "pf-01", "client-internal", "client-external"]);
        let after = s.apply(Edit::Delete { id: "mbx-01".into() }).unwrap();
        assert!(after.clients.is_empty());
        assert_eq!(validate(&after), vec![], "no dangling references remain");
    }

    #[test]
    fn deleting_a_cas_removes_it_from_the_array_members() {
        let after = seed_fixed().apply(Edit::Delete { id: "cas-02".into() }).unwrap();
        assert_eq!(after.sites[0].arrays[0].members, vec!["cas-01"]);
    }

    #[test]
    fn deleting_a_site_can_move_its_contents() {
        let s = seed_fixed()
            .apply(Edit::UpsertSite { id: "site-dr".into(), name: "DR".into() })
            .unwrap();
        let moved = s.apply(Edit::DeleteSiteMovingContents { id: "site-hq".into(), to: "site-dr".into() }).unwrap();
        assert_eq!(moved.sites.len(), 1);
        assert_eq!(moved.sites[0].cas_servers.len(), 2);
        assert_eq!(moved.clients.len(), 2, "clients keep working");
        assert_eq!(validate(&moved), vec![]);
        let cascaded = s.apply(Edit::Delete { id: "site-hq".into() }).unwrap();
        assert!(cascaded.clients.is_empty());
        assert_eq!(validate(&cascaded), vec![]);
    }

    #[test]
    fn invalid_edits_are_rejected_and_leave_the_scenario_alone() {
        let s = seed_fixed();
        let mut cas = s.sites[0].cas_servers[0].clone();
        cas.fqdn = "not a name".into();
        let e = s.apply(Edit::UpsertCas { site: "site-hq".into(), cas }).unwrap_err();
        assert!(e.to_string().starts_with("FQDN:"), "{e}");
        let mut c = s.clients[0].clone();
        c.id = "cas-01".into();
        assert!(matches!(s.apply(Edit::UpsertClient { client: c }), Err(EditError::IdInUse { .. })));
        assert_eq!(s, seed_fixed());
    }

    #[test]
    fn a_record_outside_its_zone_is_refused() {
        let s = seed_fixed();
        let r = DnsRecord { id: "r-new".into(), name: "outlook.other.org".into(), data: RecordData::A { address: [1, 2, 3, 4].into() } };
        assert!(s.apply(Edit::UpsertDnsRecord { zone: "zone-ext-mycompany".into(), record: r }).is_err());
    }

    #[test]
    fn labels_name_objects_as_users_read_them() {
        let s = seed_leaking();
        let ids: std::collections::BTreeSet<&str> = ["cas-01", "rec-ext-outlook", "fw-https", "client-external", "array-hq", "nothing"].into();
        let labels = s.labels(&ids);
        assert_eq!(labels["cas-01"], "CAS CAS01");
        assert_eq!(labels["rec-ext-outlook"], "record outlook.mycompany.internal A 203.0.113.10 in Internet");
        assert_eq!(labels["fw-https"], "perimeter rule Publish HTTPS to the VIP");
        assert_eq!(labels["client-external"], "client External laptop");
        assert_eq!(labels["array-hq"], "CAS array outlook.mycompany.internal");
        assert!(!labels.contains_key("nothing"));
    }

    #[test]
    fn fresh_ids_do_not_collide() {
        let s = seed_fixed();
        let id = s.fresh_id("cas");
        assert_eq!(s.kind_of(&id), None);
    }
}
