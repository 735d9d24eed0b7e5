//! Deletion: what goes with an object (its contents and whatever cannot
//! exist without it, found through the object walk), and removing it all
//! while copying only the lists that change.

use super::{EditError, Ids, KindIndex, ObjectKind};
use crate::list::List;
use crate::model::*;
use crate::{FastMap, FastSet};
use serde::Serialize;

/// One object that would go with a deletion, for the confirmation dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependant {
    pub id: String,
    pub kind: ObjectKind,
    pub name: String,
}

impl Scenario {
    /// Everything deleting `id` would delete too, transitively, in a stable order.
    pub fn dependants(&self, id: &str) -> Vec<Dependant> {
        let doomed = doomed_by(&self.dependants_map(), id);
        let labels = self.labels(doomed.iter().map(String::as_str).collect());
        doomed
            .iter()
            .skip(1)
            .filter_map(|d| {
                let kind = self.kind_of(d)?;
                let name = labels.get(d).cloned().unwrap_or_else(|| d.clone());
                Some(Dependant {
                    name,
                    id: d.clone(),
                    kind,
                })
            })
            .collect()
    }

    /// Each id → the objects that cannot exist without it: those it holds
    /// and those with a required reference to it, in design order. One
    /// walk, however many deletions read it.
    fn dependants_map(&self) -> FastMap<&str, Vec<&str>> {
        let mut map: FastMap<&str, Vec<&str>> = FastMap::default();
        for e in self.objects() {
            let me = e.object.id();
            if let Some(c) = e.object.container() {
                map.entry(c).or_default().push(me);
            }
            e.object.references(|r| {
                if r.required {
                    map.entry(r.id).or_default().push(me);
                }
            });
        }
        map
    }

    /// Deletes `id` and what depends on it; the ids removed.
    pub(super) fn delete(&mut self, id: String, ids: &Ids<'_>) -> Result<Vec<String>, EditError> {
        if ids.kinds(self, &[&id])[0].is_none() {
            return Err(EditError::NotFound { id });
        }
        let doomed = doomed_by(&self.dependants_map(), &id);
        self.remove_all(&doomed.iter().map(String::as_str).collect());
        Ok(doomed)
    }

    /// Deletions one after another, sharing one map of dependants: what
    /// `delete` does edit after edit, each failure with its index in `edits`
    /// (a deletion of what an earlier one already removed fails as it would
    /// alone).
    pub(super) fn delete_run(
        &mut self,
        edits: &[Edit],
        index: &mut KindIndex<'_>,
    ) -> Vec<(usize, EditError)> {
        let mut failed = Vec::new();
        let mut doomed: Vec<String> = Vec::new();
        {
            let map = self.dependants_map();
            let mut gone: FastSet<String> = FastSet::default();
            for (k, edit) in edits.iter().enumerate() {
                let Edit::Delete { id } = edit else {
                    unreachable!("a run holds deletions only")
                };
                if gone.contains(id) || index.get(id).is_none() {
                    failed.push((k, EditError::NotFound { id: id.clone() }));
                    continue;
                }
                for d in doomed_by(&map, id) {
                    if gone.insert(d.clone()) {
                        doomed.push(d);
                    }
                }
            }
        }
        for id in &doomed {
            index.remove(id);
        }
        self.remove_all(&doomed.iter().map(String::as_str).collect());
        failed
    }

    pub(super) fn delete_site_moving_contents(
        &mut self,
        id: &str,
        to: String,
        ids: &Ids<'_>,
    ) -> Result<(), EditError> {
        self.expect_kind(id, ObjectKind::Site, ids)?;
        self.expect_kind(&to, ObjectKind::Site, ids)?;
        if id == to {
            return Err(EditError::Invalid {
                field: "move to",
                message: "choose another site".into(),
            });
        }
        let from = self.sites.iter().position(|s| s.id == id).expect("checked");
        let old = self.sites.remove(from);
        let target = self.sites.iter_mut().find(|s| s.id == to).expect("checked");
        target.cas_servers.extend(old.cas_servers);
        target.arrays.extend(old.arrays);
        target.mailbox_servers.extend(old.mailbox_servers);
        target.databases.extend(old.databases);
        target
            .public_folder_databases
            .extend(old.public_folder_databases);
        for z in &mut self.network_zones {
            if let ZoneKind::Site { site } | ZoneKind::Vpn { site } = &mut z.kind {
                if *site == id {
                    *site = to.clone();
                }
            }
        }
        Ok(())
    }

    /// Removes every object in `ids` and clears optional references to them.
    /// Only lists that change are copied: the rest stay shared with the
    /// design before the edit (see `list`).
    fn remove_all(&mut self, ids: &FastSet<&str>) {
        let gone = |id: &String| ids.contains(id.as_str());
        drop_where(&mut self.sites, |s| gone(&s.id));
        for i in 0..self.sites.len() {
            let s = &self.sites[i];
            let touched = s.cas_servers.iter().any(|x| gone(&x.id))
                || s.arrays
                    .iter()
                    .any(|a| gone(&a.id) || a.members.iter().any(gone))
                || s.mailbox_servers.iter().any(|x| gone(&x.id))
                || s.databases
                    .iter()
                    .any(|d| gone(&d.id) || d.public_folder_database.as_ref().is_some_and(gone))
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
            if s.databases
                .iter()
                .any(|d| d.public_folder_database.as_ref().is_some_and(gone))
            {
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
                || v.zones
                    .iter()
                    .any(|z| gone(&z.id) || z.records.iter().any(|r| gone(&r.id)));
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
        drop_where(&mut self.autodiscover.web_hosts, |h| gone(&h.id));
        for i in 0..self.clients.len() {
            if self.clients[i].ad_site.as_ref().is_some_and(gone) {
                self.clients[i].ad_site = None;
            }
        }
    }
}

/// Removes the items `gone` picks; the list is copied only if it holds one.
fn drop_where<T: Clone>(list: &mut List<T>, gone: impl Fn(&T) -> bool) {
    if list.iter().any(&gone) {
        list.retain(|x| !gone(x));
    }
}

/// `id` and everything that cannot exist without it, transitively: `id`
/// first, then breadth first, each level in design order.
fn doomed_by(map: &FastMap<&str, Vec<&str>>, id: &str) -> Vec<String> {
    let mut doomed: Vec<&str> = vec![id];
    let mut seen: FastSet<&str> = FastSet::from_iter([id]);
    let mut i = 0;
    while i < doomed.len() {
        for &dep in map.get(doomed[i]).map_or(&[][..], Vec::as_slice) {
            if seen.insert(dep) {
                doomed.push(dep);
            }
        }
        i += 1;
    }
    doomed.into_iter().map(String::from).collect()
}
