//! The advisor's rules, one test (or a few) per rule.

use super::*;
use crate::examples::{self, seed_fixed, seed_leaking};

/// The advisor over a fresh index and simulation of `s`.
fn check(s: &Scenario) -> Vec<Finding> {
    findings(World::new(s), &crate::sim::simulate(s).clients, true)
}

/// Without remedies the same findings come out, only without their fixes.
#[test]
fn findings_without_remedies_are_the_same_findings() {
    for ex in examples::gallery() {
        let s = (ex.build)();
        let results = crate::sim::simulate(&s).clients;
        let with: Vec<Finding> = findings(World::new(&s), &results, true)
            .into_iter()
            .map(|f| Finding {
                fixes: Vec::new(),
                ..f
            })
            .collect();
        assert_eq!(
            findings(World::new(&s), &results, false),
            with,
            "{}",
            ex.slug
        );
    }
}

fn fired(s: &Scenario, id: &str) -> Vec<Finding> {
    check(s).into_iter().filter(|f| f.rule == id).collect()
}

/// The fixed seed follows every rule; only the information that its
/// Exchange 2010 is out of support remains (§11 coexist 2).
#[test]
fn the_fixed_seed_has_no_findings() {
    let findings = check(&seed_fixed());
    let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["CAS030"]);
    assert_eq!(findings[0].severity, Severity::Info);
}

#[test]
fn every_rule_has_a_unique_id() {
    let ids: std::collections::BTreeSet<&str> = RULES.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), RULES.len());
}

#[test]
fn cas001_site_without_array() {
    let mut s = seed_fixed();
    s.sites[0].arrays.clear();
    s.sites[0].databases[0].rpc_client_access_server = "cas01.mycompany.internal".into();
    assert_eq!(fired(&s, "CAS001").len(), 1);
    assert!(fired(&seed_fixed(), "CAS001").is_empty());
}

#[test]
fn cas002_two_arrays() {
    let mut s = seed_fixed();
    let mut second = s.sites[0].arrays[0].clone();
    second.id = "array-2".into();
    second.fqdn = "outlook2.mycompany.internal".into();
    s.sites[0].arrays.push(second);
    assert_eq!(fired(&s, "CAS002").len(), 1);
    assert!(fired(&seed_fixed(), "CAS002").is_empty());
}

#[test]
fn cas003_single_cas_without_array() {
    let mut s = seed_fixed();
    s.sites[0].arrays.clear();
    s.sites[0].cas_servers.truncate(1);
    let f = fired(&s, "CAS003");
    assert_eq!(f.len(), 1);
    assert!(f[0].source.contains("seed point 6"));
    assert!(
        fired(&s, "CAS001").is_empty(),
        "single-CAS sites get CAS003's advice only"
    );
    // Near-identical correct design: one CAS, with an array.
    let mut ok = seed_fixed();
    ok.sites[0].cas_servers.truncate(1);
    ok.sites[0].arrays[0].members.truncate(1);
    assert!(fired(&ok, "CAS003").is_empty());
}

#[test]
fn cas004_leak_is_an_error_with_the_predicted_delay() {
    let f = fired(&seed_leaking(), "CAS004");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(
        f[0].why.contains("External laptop takes 21.9 s"),
        "{}",
        f[0].why
    );
    assert!(f[0].why.contains("21.0 s of it waiting"), "{}", f[0].why);
    assert!(f[0].objects.contains(&"rec-ext-outlook".to_string()));
    assert!(fired(&seed_fixed(), "CAS004").is_empty());
}

/// Regression: the delay quoted for a leaking array came from the slowest
/// outside client of the view, even one whose profile names another server.
#[test]
fn cas004_quotes_the_delay_of_clients_of_that_array() {
    let mut s = seed_leaking();
    let mut db2 = s.sites[0].databases[0].clone();
    db2.id = "db-02".into();
    db2.name = "DB02".into();
    db2.rpc_client_access_server = "outlook2.mycompany.internal".into();
    s.sites[0].databases.push(db2);
    let zone = s.dns_views[1]
        .zones
        .iter_mut()
        .find(|z| z.id == "zone-ext-internal")
        .unwrap();
    for (i, last) in [10u8, 11].into_iter().enumerate() {
        zone.records.push(DnsRecord {
            id: format!("rec-o2-{i}"),
            name: "outlook2.mycompany.internal".into(),
            data: RecordData::A {
                address: [203, 0, 113, last].into(),
            },
        });
    }
    let mut other = s.clients[1].clone();
    other.id = "client-other".into();
    other.name = "Other laptop".into();
    other.mailbox_database = "db-02".into();
    s.clients.push(other);
    let f = fired(&s, "CAS004");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].why.contains("External laptop takes 21.9 s"),
        "{}",
        f[0].why
    );
}

#[test]
fn cas004_wildcard_and_redirect_are_named() {
    let f = fired(&examples::wildcard_leak(), "CAS004");
    assert!(f[0].why.contains("wildcard"), "{}", f[0].why);
    let f = fired(&examples::hotel_nxdomain(), "CAS004");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].why.contains("NXDOMAIN redirection"));
}

#[test]
fn cas005_array_named_like_a_cas() {
    let mut s = seed_fixed();
    s.sites[0].cas_servers[0].fqdn = "outlook.mycompany.internal".into();
    assert_eq!(fired(&s, "CAS005").len(), 1);
    assert!(fired(&seed_fixed(), "CAS005").is_empty());
}

#[test]
fn cas006_ambiguous_url() {
    let mut s = seed_fixed();
    s.sites[0].cas_servers[0].outlook_anywhere.external_hostname =
        "outlook.mycompany.internal".into();
    assert_eq!(fired(&s, "CAS006").len(), 1);
    let mut s = seed_fixed();
    s.autodiscover
        .dns_names
        .push("outlook.mycompany.internal".into());
    assert_eq!(fired(&s, "CAS006").len(), 1);
    assert!(fired(&seed_fixed(), "CAS006").is_empty());
}

#[test]
fn cas007_database_pointing_elsewhere() {
    for (target, expect) in [
        ("cas01.mycompany.internal", "single CAS"),
        ("mbx01.mycompany.internal", "mailbox server"),
        ("", "no RpcClientAccessServer"),
    ] {
        let mut s = seed_fixed();
        s.sites[0].databases[0].rpc_client_access_server = target.into();
        let f = fired(&s, "CAS007");
        assert_eq!(f.len(), 1, "{target}");
        assert!(f[0].why.contains(expect), "{}", f[0].why);
    }
    // Another site's array.
    let mut s = seed_fixed();
    let mut branch = s.sites[0].clone();
    branch.id = "site-br".into();
    branch.name = "Branch".into();
    branch.cas_servers.clear();
    branch.mailbox_servers.clear();
    branch.public_folder_databases.clear();
    branch.arrays[0].id = "array-br".into();
    branch.arrays[0].fqdn = "outlook-br.mycompany.internal".into();
    branch.arrays[0].members.clear();
    branch.arrays[0].load_balancer = None;
    branch.databases[0].id = "db-br".into();
    branch.databases[0].public_folder_database = None;
    s.sites.push(branch);
    let f = fired(&s, "CAS007");
    assert_eq!(f.len(), 1);
    assert!(f[0].why.contains("of site HQ"), "{}", f[0].why);
    assert!(fired(&seed_fixed(), "CAS007").is_empty());
}

#[test]
fn cas008_array_not_on_vip() {
    let mut s = seed_fixed();
    s.dns_views[0].zones[0].records[0].data = RecordData::A {
        address: [10, 10, 10, 11].into(),
    };
    let f = fired(&s, "CAS008");
    assert_eq!(f.len(), 1);
    assert!(f[0].why.contains("10.10.10.11"));
    assert!(fired(&seed_fixed(), "CAS008").is_empty());
}

#[test]
fn cas009_vip_without_rpc_ports() {
    let f = fired(&examples::lb_missing_rpc_ports(), "CAS009");
    assert_eq!(f.len(), 1);
    assert!(f[0].why.contains("59531"), "{}", f[0].why);
    assert!(fired(&seed_fixed(), "CAS009").is_empty());
}

#[test]
fn cas010_oa_disabled_with_external_clients() {
    let mut s = seed_fixed();
    for c in &mut s.sites[0].cas_servers {
        c.outlook_anywhere.enabled = false;
    }
    assert_eq!(fired(&s, "CAS010").len(), 1);
    s.clients.retain(|c| c.id != "client-external");
    assert!(fired(&s, "CAS010").is_empty());
}

#[test]
fn cas011_public_folders_unreachable() {
    let mut s = seed_fixed();
    // The mailbox server has no internal DNS record: RPC/TCP clients cannot find it.
    s.dns_views[0].zones[0]
        .records
        .retain(|r| r.id != "rec-int-mbx01");
    let f = fired(&s, "CAS011");
    assert_eq!(f.len(), 1);
    assert!(f[0].objects.contains(&"client-internal".to_string()));
    assert!(fired(&seed_fixed(), "CAS011").is_empty());
}

#[test]
fn cas012_array_on_exchange_2013() {
    assert_eq!(fired(&examples::exchange_2013(), "CAS012").len(), 1);
    let mut s = examples::exchange_2013();
    s.sites[0].databases[0].rpc_client_access_server.clear();
    assert!(fired(&s, "CAS012").is_empty());
}

#[test]
fn cas013_uncontrolled_public_domain() {
    let mut s = seed_fixed();
    s.sites[0].arrays[0].fqdn = "outlook.mycompany.net".into();
    assert_eq!(fired(&s, "CAS013").len(), 1);
    let mut s = seed_fixed();
    s.sites[0].arrays[0].fqdn = "outlook.mycompany.com".into();
    assert!(
        fired(&s, "CAS013").is_empty(),
        "mycompany.com is published by the organisation"
    );
}

#[test]
fn cas014_flags_addresses_an_import_could_not_find() {
    let mut s = seed_fixed();
    assert!(fired(&s, "CAS014").is_empty());
    s.sites[0].cas_servers[1].ip = std::net::Ipv4Addr::UNSPECIFIED;
    let f = fired(&s, "CAS014");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].why
            .contains("CAS CAS02 (cas02.mycompany.internal) has the address 0.0.0.0"),
        "{}",
        f[0].why
    );
}
