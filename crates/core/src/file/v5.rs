//! Version 5 (2026-12):
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 5, "scenario": { … }}
//! ```
//!
//! The scenario object of version 6 without versions as they connect
//! (§10): Outlook 2019, 2021 and Microsoft 365, Exchange 2019 and SE, a
//! CAS's version and build, the organisation's and mailboxes' MAPI/HTTP
//! settings, a client's MAPI/HTTP updates, `MapiHttpDisabled` and IP stack,
//! AAAA records and four §10 spans. Every new field's default reads as a
//! version 5 planner read the file (a CAS of Exchange 2010, a dual-stack
//! client without AAAA records to use), except two:
//!
//! - `mapi_http_updates` defaults to true, but a version 5 planner took
//!   Outlook 2010 as never speaking MAPI/HTTP: the migration writes false
//!   for Outlook 2010 clients.
//! - A version 5 planner gave MAPI/HTTP to every Outlook 2013 and later on
//!   an Exchange 2013 or 2016 mailbox, as if the organisation had it on;
//!   version 6 takes what setup left when nobody set it (off with
//!   Exchange 2013, §10 protocol 2). The migration writes
//!   `mapi_http_enabled: true` for a design with such mailboxes.
//! - A version 5 planner let any Client Access server serve any mailbox;
//!   version 6 has a 2010 server serve 2010 mailboxes only (§10 serve 4).
//!   In a site whose databases are all on 2013 or 2016, the migration
//!   gives the Outlook Anywhere servers the newest of those versions, so
//!   their clients connect as before; a site mixing 2010 with newer
//!   databases keeps 2010 servers, and a note names its newer databases.

use serde_json::{Map, Value};

/// 5 → 6: Outlook 2010 clients without MAPI/HTTP updates, the
/// organisation's MAPI/HTTP on where 2013 or later mailboxes exist, then
/// `"version": 6`. Frozen: a later model change gets its own migration,
/// never an edit here. Pure; anything that is not the expected shape is
/// left as it is (the typed read then reports it).
///
/// Returns the migrated value and a note per decision.
pub(super) fn migrate_v5_to_v6(value: Value) -> (Value, Vec<String>) {
    let Value::Object(mut map) = value else {
        return (value, Vec::new());
    };
    let mut notes = Vec::new();
    if let Some(Value::Object(scenario)) = map.get_mut("scenario") {
        notes.extend(outlook_2010_updates(scenario));
        notes.extend(organisation_mapi_http(scenario));
        notes.extend(newer_sites(scenario));
    }
    map.insert("version".into(), Value::from(6));
    (Value::Object(map), notes)
}

/// Clients listed by name in a note before it only counts the rest.
const NAMED_IN_NOTE: usize = 5;

/// Outlook 2010 (the default version) without the updates that make it
/// MAPI/HTTP-capable, as version 5 took it.
fn outlook_2010_updates(scenario: &mut Map<String, Value>) -> Vec<String> {
    let Some(Value::Array(clients)) = scenario.get_mut("clients") else {
        return Vec::new();
    };
    let mut done = Vec::new();
    for c in clients.iter_mut() {
        let Value::Object(c) = c else { continue };
        let is_2010 = match c.get("outlook_version") {
            None => true,
            Some(v) => v.as_str() == Some("2010"),
        };
        if !is_2010 || c.contains_key("mapi_http_updates") {
            continue;
        }
        done.push(
            c.get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        );
        c.insert("mapi_http_updates".into(), Value::Bool(false));
    }
    if done.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "Outlook 2010 clients {} taken as without SP2's MAPI/HTTP updates (KB2956191, KB2965295), \
         as this planner took them before; tick \"MAPI/HTTP updates\" where they are installed",
        named(&done)
    )]
}

/// The organisation's MAPI/HTTP on, when a database is on Exchange 2013 or
/// 2016 and nobody set it.
fn organisation_mapi_http(scenario: &mut Map<String, Value>) -> Vec<String> {
    if scenario.contains_key("mapi_http_enabled") {
        return Vec::new();
    }
    let newer: Vec<String> = match scenario.get("sites") {
        Some(Value::Array(sites)) => sites
            .iter()
            .filter_map(|s| s.get("databases").and_then(Value::as_array))
            .flatten()
            .filter(|d| {
                matches!(
                    d.get("exchange_version").and_then(Value::as_str),
                    Some("2013" | "2016")
                )
            })
            .map(|d| {
                d.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            })
            .collect(),
        _ => Vec::new(),
    };
    if newer.is_empty() {
        return Vec::new();
    }
    scenario.insert("mapi_http_enabled".into(), Value::Bool(true));
    vec![format!(
        "the organisation's MAPI/HTTP set on, as this planner assumed before for databases {} \
         on Exchange 2013 or later; what setup leaves depends on how the organisation was built \
         (off when it has Exchange 2013): clear the setting to see that",
        named(&newer)
    )]
}

/// A database's version as version 5 wrote it ("2010" when absent).
fn db_version(d: &Value) -> &str {
    d.get("exchange_version")
        .and_then(Value::as_str)
        .unwrap_or("2010")
}

/// Sites of 2013/2016 databases only: their Outlook Anywhere servers take
/// the newest version (what version 5 let serve them). Mixed sites: a note.
fn newer_sites(scenario: &mut Map<String, Value>) -> Vec<String> {
    let Some(Value::Array(sites)) = scenario.get_mut("sites") else {
        return Vec::new();
    };
    let (mut moved, mut mixed) = (Vec::new(), Vec::new());
    for site in sites.iter_mut() {
        let Value::Object(site) = site else { continue };
        let versions: Vec<String> = match site.get("databases") {
            Some(Value::Array(dbs)) => dbs.iter().map(|d| db_version(d).to_string()).collect(),
            _ => continue,
        };
        let newer: Vec<&String> = versions.iter().filter(|v| *v != "2010").collect();
        if newer.is_empty() {
            continue;
        }
        let site_name = site
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if newer.len() != versions.len() {
            mixed.push(site_name);
            continue;
        }
        // "2016" sorts after "2013": the newest of the two.
        let newest = newer
            .iter()
            .max()
            .map(|v| v.to_string())
            .unwrap_or_default();
        let Some(Value::Array(cas)) = site.get_mut("cas_servers") else {
            continue;
        };
        for c in cas.iter_mut() {
            let Value::Object(c) = c else { continue };
            let oa = c
                .get("outlook_anywhere")
                .and_then(|o| o.get("enabled"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if oa && !c.contains_key("exchange_version") {
                c.insert("exchange_version".into(), Value::from(newest.clone()));
                moved.push(
                    c.get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                );
            }
        }
    }
    let mut notes = Vec::new();
    if !moved.is_empty() {
        notes.push(format!(
            "Client Access servers {} taken as of their site's newer mailbox version, which this planner let \
             them serve before; a 2010 server does not serve a newer mailbox (§10 serve 4)",
            named(&moved)
        ));
    }
    if !mixed.is_empty() {
        notes.push(format!(
            "sites {} mix Exchange 2010 with newer databases; their Client Access servers are taken as 2010, \
             which do not serve the newer mailboxes (§10 serve 4): add a newer server (CAS025)",
            named(&mixed)
        ));
    }
    notes
}

fn named(names: &[String]) -> String {
    let mut out = names
        .iter()
        .take(NAMED_IN_NOTE)
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMED_IN_NOTE {
        out.push_str(&format!(" and {} more", names.len() - NAMED_IN_NOTE));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn outlook_2010_loses_mapi_http_and_newer_mailboxes_keep_it() {
        let v = json!({"format": "cas-planner/scenario", "version": 5, "scenario": {
        "sites": [{"id": "s", "name": "S", "databases": [
            {"id": "d1", "name": "DB1", "server": "m", "rpc_client_access_server": "", "exchange_version": "2013"},
            {"id": "d2", "name": "DB2", "server": "m", "rpc_client_access_server": ""}
        ]}],
        "clients": [
            {"id": "a", "name": "Old"},
            {"id": "b", "name": "Also old", "outlook_version": "2010"},
            {"id": "c", "name": "New", "outlook_version": "2016"}
        ]}});
        let (out, notes) = migrate_v5_to_v6(v);
        assert_eq!(out["version"], 6);
        let clients = &out["scenario"]["clients"];
        assert_eq!(clients[0]["mapi_http_updates"], false);
        assert_eq!(clients[1]["mapi_http_updates"], false);
        assert!(clients[2].get("mapi_http_updates").is_none());
        assert_eq!(out["scenario"]["mapi_http_enabled"], true);
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(
            notes[2].starts_with("sites \"S\" mix Exchange 2010"),
            "{}",
            notes[2]
        );
        assert!(notes[0].contains("\"Old\", \"Also old\""), "{}", notes[0]);
        assert!(
            notes[1].contains("\"DB1\"") && !notes[1].contains("DB2"),
            "{}",
            notes[1]
        );
    }

    #[test]
    fn a_site_of_newer_databases_gets_servers_that_serve_them() {
        let v = json!({"version": 5, "scenario": {"sites": [{"name": "HQ",
            "cas_servers": [
                {"name": "CAS01", "outlook_anywhere": {"enabled": true}},
                {"name": "CAS02"}
            ],
            "databases": [{"exchange_version": "2013"}, {"exchange_version": "2016"}]}]}});
        let (out, notes) = migrate_v5_to_v6(v);
        let cas = &out["scenario"]["sites"][0]["cas_servers"];
        assert_eq!(cas[0]["exchange_version"], "2016");
        assert!(
            cas[1].get("exchange_version").is_none(),
            "no Outlook Anywhere"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("Client Access servers \"CAS01\"")),
            "{notes:?}"
        );
    }

    #[test]
    fn a_2010_design_gets_no_organisation_setting() {
        let v = json!({"version": 5, "scenario": {"sites": [{"databases": [{"exchange_version": "2010"}]}]}});
        let (out, notes) = migrate_v5_to_v6(v);
        assert!(out["scenario"].get("mapi_http_enabled").is_none());
        assert!(notes.is_empty());
    }

    #[test]
    fn odd_shapes_are_left_for_the_typed_read() {
        for v in [
            json!(3),
            json!({"scenario": 1}),
            json!({"scenario": {"clients": [1, {"outlook_version": 7}], "sites": [2, {"databases": 3}]}}),
        ] {
            let (out, _) = migrate_v5_to_v6(v.clone());
            if let Value::Object(_) = v {
                assert_eq!(out["version"], 6);
            }
        }
    }
}
