//! Structural checks a scenario must pass to be loaded or kept: unique ids,
//! references that point at existing objects of the right kind, well-formed
//! DNS names and sane ranges. Each problem names its JSON path.
//!
//! Design advice ("this works but will hurt") is the advisor's job, not this.

use crate::model::*;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// JSON path inside the scenario, e.g. `scenario.clients[1].dns_view`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at {}: {}", self.path, self.message)
    }
}

/// A DNS name as users type them: labels of letters, digits and hyphens, 1–63
/// characters each, 253 in all; `*` allowed as the first label of a record owner.
pub fn check_dns_name(name: &str, allow_wildcard: bool) -> Result<(), String> {
    let n = name.trim_end_matches('.');
    if n.is_empty() {
        return Err("is empty; expected a DNS name such as outlook.mycompany.internal".into());
    }
    if n.len() > 253 {
        return Err(format!("is {} characters long; a DNS name has at most 253", n.len()));
    }
    for (i, label) in n.split('.').enumerate() {
        if label == "*" && i == 0 && allow_wildcard {
            continue;
        }
        let ok_chars = label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if label.is_empty() || label.len() > 63 || !ok_chars || label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "\"{name}\" is not a valid DNS name (label \"{label}\"); use letters, digits and hyphens"
            ));
        }
    }
    Ok(())
}

struct Checker {
    problems: Vec<Problem>,
    /// id → (path, kind) of its first owner.
    ids: HashMap<String, (String, &'static str)>,
}

impl Checker {
    fn problem(&mut self, path: String, message: impl Into<String>) {
        self.problems.push(Problem { path, message: message.into() });
    }

    fn id(&mut self, path: &str, id: &str, kind: &'static str) {
        if id.trim().is_empty() {
            self.problem(format!("{path}.id"), "is empty; every object needs an id");
        } else if let Some((first, _)) = self.ids.get(id) {
            let first = first.clone();
            self.problem(format!("{path}.id"), format!("duplicate id \"{id}\" (first used at {first})"));
        } else {
            self.ids.insert(id.to_string(), (path.to_string(), kind));
        }
    }

    fn name(&mut self, path: String, name: &str, allow_wildcard: bool) {
        if let Err(m) = check_dns_name(name, allow_wildcard) {
            self.problem(path, m);
        }
    }

    /// `id` must name an object of kind `kind`.
    fn reference(&mut self, path: String, id: &str, kind: &'static str) {
        match self.ids.get(id) {
            Some((_, k)) if *k == kind => {}
            Some((p, k)) => {
                let msg = format!("\"{id}\" is a {k} (at {p}); expected a {kind}");
                self.problem(path, msg)
            }
            None => self.problem(path, format!("refers to {kind} \"{id}\", which does not exist")),
        }
    }
}

pub fn validate(s: &Scenario) -> Vec<Problem> {
    let mut c = Checker { problems: Vec::new(), ids: HashMap::new() };
    // Pass 1: every id, so references can point forwards.
    for (i, site) in s.sites.iter().enumerate() {
        let p = format!("scenario.sites[{i}]");
        c.id(&p, &site.id, "site");
        for (j, x) in site.cas_servers.iter().enumerate() {
            c.id(&format!("{p}.cas_servers[{j}]"), &x.id, "CAS server");
        }
        for (j, x) in site.arrays.iter().enumerate() {
            c.id(&format!("{p}.arrays[{j}]"), &x.id, "CAS array");
        }
        for (j, x) in site.mailbox_servers.iter().enumerate() {
            c.id(&format!("{p}.mailbox_servers[{j}]"), &x.id, "mailbox server");
        }
        for (j, x) in site.databases.iter().enumerate() {
            c.id(&format!("{p}.databases[{j}]"), &x.id, "mailbox database");
        }
        for (j, x) in site.public_folder_databases.iter().enumerate() {
            c.id(&format!("{p}.public_folder_databases[{j}]"), &x.id, "public-folder database");
        }
    }
    for (i, v) in s.dns_views.iter().enumerate() {
        let p = format!("scenario.dns_views[{i}]");
        c.id(&p, &v.id, "DNS view");
        for (j, z) in v.zones.iter().enumerate() {
            let zp = format!("{p}.zones[{j}]");
            c.id(&zp, &z.id, "DNS zone");
            for (k, r) in z.records.iter().enumerate() {
                c.id(&format!("{zp}.records[{k}]"), &r.id, "DNS record");
            }
        }
    }
    for (i, z) in s.network_zones.iter().enumerate() {
        c.id(&format!("scenario.network_zones[{i}]"), &z.id, "network zone");
    }
    for (i, r) in s.perimeter.rules.iter().enumerate() {
        c.id(&format!("scenario.perimeter.rules[{i}]"), &r.id, "perimeter rule");
    }
    for (i, t) in s.timing_presets.iter().enumerate() {
        c.id(&format!("scenario.timing_presets[{i}]"), &t.id, "OS timing preset");
    }
    for (i, cl) in s.clients.iter().enumerate() {
        c.id(&format!("scenario.clients[{i}]"), &cl.id, "client");
    }

    // Pass 2: references, names and ranges.
    for (i, site) in s.sites.iter().enumerate() {
        let p = format!("scenario.sites[{i}]");
        for (j, x) in site.cas_servers.iter().enumerate() {
            c.name(format!("{p}.cas_servers[{j}].fqdn"), &x.fqdn, false);
            let oa = &x.outlook_anywhere;
            if oa.enabled {
                c.name(format!("{p}.cas_servers[{j}].outlook_anywhere.external_hostname"), &oa.external_hostname, false);
            }
            if !oa.internal_hostname.is_empty() {
                c.name(format!("{p}.cas_servers[{j}].outlook_anywhere.internal_hostname"), &oa.internal_hostname, false);
            }
            ports_ok(&mut c, format!("{p}.cas_servers[{j}].rpc_ports"), &x.rpc_ports);
        }
        for (j, a) in site.arrays.iter().enumerate() {
            let ap = format!("{p}.arrays[{j}]");
            c.name(format!("{ap}.fqdn"), &a.fqdn, false);
            if a.name.chars().count() > 64 {
                c.problem(format!("{ap}.name"), "is longer than 64 characters, the New-ClientAccessArray limit (§1)");
            }
            for (k, m) in a.members.iter().enumerate() {
                c.reference(format!("{ap}.members[{k}]"), m, "CAS server");
            }
            if let Some(lb) = &a.load_balancer {
                for (k, r) in lb.forwarded_ports.iter().enumerate() {
                    range_ok(&mut c, format!("{ap}.load_balancer.forwarded_ports[{k}]"), r);
                }
            }
        }
        for (j, m) in site.mailbox_servers.iter().enumerate() {
            c.name(format!("{p}.mailbox_servers[{j}].fqdn"), &m.fqdn, false);
            ports_ok(&mut c, format!("{p}.mailbox_servers[{j}].rpc_ports"), &m.rpc_ports);
        }
        for (j, d) in site.databases.iter().enumerate() {
            let dp = format!("{p}.databases[{j}]");
            c.reference(format!("{dp}.server"), &d.server, "mailbox server");
            if !d.rpc_client_access_server.is_empty() {
                c.name(format!("{dp}.rpc_client_access_server"), &d.rpc_client_access_server, false);
            }
            if let Some(pf) = &d.public_folder_database {
                c.reference(format!("{dp}.public_folder_database"), pf, "public-folder database");
            }
        }
        for (j, d) in site.public_folder_databases.iter().enumerate() {
            c.reference(format!("{p}.public_folder_databases[{j}].server"), &d.server, "mailbox server");
        }
    }
    for (i, v) in s.dns_views.iter().enumerate() {
        let p = format!("scenario.dns_views[{i}]");
        if let Some(f) = &v.forwards_to {
            c.reference(format!("{p}.forwards_to"), f, "DNS view");
        }
        for (j, z) in v.zones.iter().enumerate() {
            let zp = format!("{p}.zones[{j}]");
            c.name(format!("{zp}.name"), &z.name, false);
            let apex = crate::world::normalize_name(&z.name);
            for (k, r) in z.records.iter().enumerate() {
                let rp = format!("{zp}.records[{k}]");
                c.name(format!("{rp}.name"), &r.name, true);
                let owner = crate::world::normalize_name(&r.name);
                if owner != apex && !owner.ends_with(&format!(".{apex}")) {
                    c.problem(format!("{rp}.name"), format!("\"{}\" is outside zone {}", r.name, z.name));
                }
                match &r.data {
                    RecordData::Cname { target } | RecordData::Srv { target, .. } => {
                        c.name(format!("{rp}.target"), target, false)
                    }
                    RecordData::A { .. } => {}
                }
            }
        }
    }
    for (i, z) in s.network_zones.iter().enumerate() {
        if let ZoneKind::Site { site } | ZoneKind::Vpn { site } = &z.kind {
            c.reference(format!("scenario.network_zones[{i}].kind.site"), site, "site");
        }
    }
    for (i, r) in s.perimeter.rules.iter().enumerate() {
        range_ok(&mut c, format!("scenario.perimeter.rules[{i}].ports"), &r.ports);
    }
    for (i, cl) in s.clients.iter().enumerate() {
        let p = format!("scenario.clients[{i}]");
        c.reference(format!("{p}.location"), &cl.location, "network zone");
        c.reference(format!("{p}.dns_view"), &cl.dns_view, "DNS view");
        c.reference(format!("{p}.mailbox_database"), &cl.mailbox_database, "mailbox database");
        c.reference(format!("{p}.os_timing"), &cl.os_timing, "OS timing preset");
        if !(1..=2).contains(&cl.rpc_bind_attempts) {
            c.problem(
                format!("{p}.rpc_bind_attempts"),
                format!("is {}; the calibrated range is 1–2 (§8 step 4)", cl.rpc_bind_attempts),
            );
        }
    }
    for (i, t) in s.timing_presets.iter().enumerate() {
        if t.initial_rto_ms == 0 {
            c.problem(format!("scenario.timing_presets[{i}].initial_rto_ms"), "must be at least 1 ms");
        }
    }
    c.problems
}

fn range_ok(c: &mut Checker, path: String, r: &PortRange) {
    if r.from == 0 || r.from > r.to {
        c.problem(path, format!("port range {}–{} is empty or starts at 0", r.from, r.to));
    }
}

fn ports_ok(c: &mut Checker, path: String, p: &RpcPorts) {
    if let RpcPorts::Static { rpc_client_access, address_book } = *p {
        if rpc_client_access == 0 || address_book == 0 {
            c.problem(path, "static RPC ports must be between 1 and 65535");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    #[test]
    fn every_example_is_valid() {
        for ex in examples::gallery() {
            assert_eq!(validate(&(ex.build)()), vec![], "{}", ex.slug);
        }
    }

    #[test]
    fn dangling_and_duplicate_ids_are_located() {
        let mut s = examples::seed_fixed();
        s.clients[1].dns_view = "view-nowhere".into();
        s.sites[0].cas_servers[1].id = "cas-01".into();
        let problems = validate(&s);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert!(paths.contains(&"scenario.clients[1].dns_view"), "{problems:?}");
        assert!(paths.contains(&"scenario.sites[0].cas_servers[1].id"), "{problems:?}");
    }

    #[test]
    fn a_reference_to_the_wrong_kind_says_so() {
        let mut s = examples::seed_fixed();
        s.clients[0].mailbox_database = "mbx-01".into();
        let p = validate(&s);
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("is a mailbox server"), "{}", p[0]);
    }

    #[test]
    fn dns_names_are_checked() {
        assert!(check_dns_name("outlook.mycompany.internal", false).is_ok());
        assert!(check_dns_name("*.mycompany.com", true).is_ok());
        assert!(check_dns_name("*.mycompany.com", false).is_err());
        assert!(check_dns_name("<script>.com", false).is_err());
        assert!(check_dns_name("a..b", false).is_err());
    }
}
