//! Deletion: what goes with an object (its contents and whatever cannot
//! exist without it, found through the object walk), and removing it all
//! while copying only the lists that change.

use super::{EditError, ObjectKind};
use crate::list::List;
use crate::model::*;
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
        let mut doomed: Vec<String> = vec![id.to_string()];
        let mut i = 0;
        while i < doomed.len() {
            let cur = doomed[i].clone();
            for dep in self.direct_dependants(&cur) {
                if !doomed.contains(&dep) {
                    doomed.push(dep);
                }
            }
            i += 1;
        }
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

    /// Objects that cannot exist without `id`: those it holds and those with
    /// a required reference to it, in design order.
    fn direct_dependants(&self, id: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.objects().for_each(|e| {
            let mut needs = e.object.container() == Some(id);
            e.object.references(|r| needs |= r.required && r.id == id);
            if needs {
                out.push(e.object.id().to_string());
            }
        });
        out
    }

    pub(super) fn delete(&mut self, id: String) -> Result<(), EditError> {
        if self.kind_of(&id).is_none() {
            return Err(EditError::NotFound { id });
        }
        let mut doomed: Vec<String> = self.dependants(&id).into_iter().map(|d| d.id).collect();
        doomed.push(id);
        self.remove_all(&doomed);
        Ok(())
    }

    pub(super) fn delete_site_moving_contents(
        &mut self,
        id: String,
        to: String,
    ) -> Result<(), EditError> {
        self.expect_kind(&id, ObjectKind::Site)?;
        self.expect_kind(&to, ObjectKind::Site)?;
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
    fn remove_all(&mut self, ids: &[String]) {
        let gone = |id: &String| ids.contains(id);
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
