//! Version 4 (2026-12):
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 4, "scenario": { … }}
//! ```
//!
//! The scenario object of version 5 without what Autodiscover meets (§6).
//! Every new field of version 5 has a default that reads as "not there"
//! (no site scope, no web hosts, no switches), except a CAS's
//! `certificate_names`: an empty list is a certificate with no names, on
//! which every Autodiscover and Outlook Anywhere name would raise the
//! mismatch prompt (§6 https 3). A version 4 planner assumed certificates
//! matched, so the migration writes, for each CAS, the names the design
//! has it serve, and says so.

use serde_json::{Map, Value};

/// 4 → 5: each CAS without `certificate_names` gets the names it serves,
/// then `"version": 5`. Frozen: a later model change gets its own
/// migration, never an edit here. Pure; anything that is not the expected
/// shape is left as it is (the typed read then reports it). The names, in
/// order and once each: the CAS's `fqdn`, the host of its
/// `autodiscover_scp_url`, its Outlook Anywhere `external_hostname` (when
/// enabled) and `internal_hostname`, then the organisation's Autodiscover
/// `dns_names` and `autodiscover.<smtp_domain>`.
///
/// Returns the migrated value and one note saying what it took.
pub(super) fn migrate_v4_to_v5(value: Value) -> (Value, Vec<String>) {
    let Value::Object(mut map) = value else {
        return (value, Vec::new());
    };
    let notes = match map.get_mut("scenario") {
        Some(Value::Object(scenario)) => add_certificates(scenario),
        _ => Vec::new(),
    };
    map.insert("version".into(), Value::from(5));
    (Value::Object(map), notes)
}

/// CAS servers listed by name in the note before it only counts the rest.
const NAMED_IN_NOTE: usize = 5;

fn add_certificates(scenario: &mut Map<String, Value>) -> Vec<String> {
    let autodiscover = scenario.get("autodiscover");
    let mut autodiscover_names: Vec<String> = autodiscover
        .and_then(|a| a.get("dns_names"))
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(text).collect())
        .unwrap_or_default();
    // The name Outlook derives from the SMTP domain (§6 step 8), which a
    // version 4 design may publish without listing it.
    if let Some(domain) = autodiscover
        .and_then(|a| a.get("smtp_domain"))
        .and_then(text)
    {
        autodiscover_names.push(format!("autodiscover.{domain}"));
    }
    let mut done: Vec<String> = Vec::new();
    let Some(Value::Array(sites)) = scenario.get_mut("sites") else {
        return Vec::new();
    };
    for site in sites.iter_mut() {
        let Some(Value::Array(cas)) = site.get_mut("cas_servers") else {
            continue;
        };
        for cas in cas.iter_mut() {
            let Value::Object(cas) = cas else { continue };
            if cas.contains_key("certificate_names") {
                continue;
            }
            let names = served_names(cas, &autodiscover_names);
            done.push(cas.get("name").and_then(text).unwrap_or_default());
            cas.insert(
                "certificate_names".into(),
                Value::Array(names.into_iter().map(Value::from).collect()),
            );
        }
    }
    if done.is_empty() {
        return Vec::new();
    }
    let mut named = done
        .iter()
        .take(NAMED_IN_NOTE)
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if done.len() > NAMED_IN_NOTE {
        named.push_str(&format!(" and {} more", done.len() - NAMED_IN_NOTE));
    }
    vec![format!(
        "certificates of CAS {named} taken as carrying the names the design has each serve \
         (its FQDN, SCP host, Outlook Anywhere and Autodiscover names); \
         set each CAS's certificate names to what its certificate really carries"
    )]
}

fn text(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// The host of an `http(s)://host[:port]/…` URL, if it has that shape.
fn url_host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    (!host.is_empty()).then(|| host.to_string())
}

fn served_names(cas: &Map<String, Value>, autodiscover: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |n: Option<String>| {
        if let Some(n) = n {
            if !names.iter().any(|m| m.eq_ignore_ascii_case(&n)) {
                names.push(n);
            }
        }
    };
    add(cas.get("fqdn").and_then(text));
    add(cas
        .get("autodiscover_scp_url")
        .and_then(Value::as_str)
        .and_then(url_host));
    if let Some(Value::Object(oa)) = cas.get("outlook_anywhere") {
        if oa.get("enabled").and_then(Value::as_bool).unwrap_or(false) {
            add(oa.get("external_hostname").and_then(text));
        }
        add(oa.get("internal_hostname").and_then(text));
    }
    for n in autodiscover {
        add(Some(n.clone()));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_cas_gets_the_names_it_serves_once() {
        let v = json!({"format": "cas-planner/scenario", "version": 4, "scenario": {
        "autodiscover": {"dns_names": ["autodiscover.contoso.com", "MAIL.contoso.com"]},
        "sites": [{"id": "s", "name": "S", "cas_servers": [
            {"id": "c1", "name": "CAS1", "fqdn": "cas1.contoso.local",
             "autodiscover_scp_url": "https://cas1.contoso.local/Autodiscover/Autodiscover.xml",
             "outlook_anywhere": {"enabled": true, "external_hostname": "mail.contoso.com", "internal_hostname": ""}},
            {"id": "c2", "name": "CAS2", "fqdn": "cas2.contoso.local", "certificate_names": ["x.contoso.com"]}
        ]}]}});
        let (out, notes) = migrate_v4_to_v5(v);
        assert_eq!(out["version"], 5);
        let cas = &out["scenario"]["sites"][0]["cas_servers"];
        assert_eq!(
            cas[0]["certificate_names"],
            json!([
                "cas1.contoso.local",
                "mail.contoso.com",
                "autodiscover.contoso.com"
            ])
        );
        assert_eq!(
            cas[1]["certificate_names"],
            json!(["x.contoso.com"]),
            "its own names are kept"
        );
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("\"CAS1\"") && !notes[0].contains("CAS2"),
            "{}",
            notes[0]
        );
    }

    #[test]
    fn odd_shapes_are_left_for_the_typed_read() {
        for v in [
            json!(3),
            json!({"scenario": 1}),
            json!({"scenario": {"sites": [1, {"cas_servers": [2]}]}}),
        ] {
            let (out, notes) = migrate_v4_to_v5(v.clone());
            assert!(notes.is_empty());
            if let Value::Object(_) = v {
                assert_eq!(out["version"], 5);
            }
        }
    }
}
