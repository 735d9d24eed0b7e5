//! Version 6 (2026-12):
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 6, "scenario": { … }}
//! ```
//!
//! The scenario object of version 7 without coexistence (§11): a
//! migration plan, a CAS's Windows Server and KB3140410, and Outlook
//! Anywhere's IIS authentication methods. Every new field's default reads
//! as a version 6 planner read the file (no plan; nothing said of
//! Windows), except one:
//!
//! - `iis_auth` empty means what Exchange 2010 sets, the client method
//!   alone, and a newer server's proxy to a 2010 server without NTLM there
//!   fails with prompts (§11 coexist 5). A version 6 planner took that proxy
//!   as working. Where a design has a newer Outlook Anywhere server and 2010
//!   mailboxes, the migration writes the client method and NTLM for each
//!   2010 Outlook Anywhere server, and a note says so, so that its clients
//!   connect as before.

use serde_json::{Map, Value};

/// 6 → 7: NTLM on 2010 Outlook Anywhere where a newer server proxies to it,
/// then `"version": 7`. Frozen: a later model change gets its own
/// migration, never an edit here. Pure; anything that is not the expected
/// shape is left as it is (the typed read then reports it).
///
/// Returns the migrated value and a note per decision.
pub(super) fn migrate_v6_to_v7(value: Value) -> (Value, Vec<String>) {
    let Value::Object(mut map) = value else {
        return (value, Vec::new());
    };
    let mut notes = Vec::new();
    if let Some(Value::Object(scenario)) = map.get_mut("scenario") {
        notes.extend(proxy_ntlm(scenario));
    }
    map.insert("version".into(), Value::from(7));
    (Value::Object(map), notes)
}

/// Servers listed by name in a note before it only counts the rest.
const NAMED_IN_NOTE: usize = 5;

fn version_of(object: &Map<String, Value>) -> &str {
    object
        .get("exchange_version")
        .and_then(Value::as_str)
        .unwrap_or("2010")
}

fn oa_enabled(cas: &Map<String, Value>) -> bool {
    cas.get("outlook_anywhere")
        .and_then(|oa| oa.get("enabled"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn objects<'v>(site: &'v Value, key: &str) -> impl Iterator<Item = &'v Map<String, Value>> {
    site.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

/// The client method and NTLM on every 2010 Outlook Anywhere server of a
/// design where a newer server with Outlook Anywhere may proxy to it.
fn proxy_ntlm(scenario: &mut Map<String, Value>) -> Vec<String> {
    let Some(Value::Array(sites)) = scenario.get_mut("sites") else {
        return Vec::new();
    };
    let newer_oa = sites
        .iter()
        .any(|s| objects(s, "cas_servers").any(|c| version_of(c) != "2010" && oa_enabled(c)));
    let mailboxes_2010 = sites
        .iter()
        .any(|s| objects(s, "databases").any(|d| version_of(d) == "2010"));
    if !(newer_oa && mailboxes_2010) {
        return Vec::new();
    }
    let mut done = Vec::new();
    for site in sites.iter_mut() {
        let Some(Value::Array(servers)) = site.get_mut("cas_servers") else {
            continue;
        };
        for cas in servers.iter_mut().filter_map(Value::as_object_mut) {
            if version_of(cas) != "2010" || !oa_enabled(cas) {
                continue;
            }
            let name = cas
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let Some(Value::Object(oa)) = cas.get_mut("outlook_anywhere") else {
                continue;
            };
            if oa.contains_key("iis_auth") {
                continue;
            }
            let client = oa
                .get("auth")
                .and_then(Value::as_str)
                .unwrap_or("basic")
                .to_string();
            let mut methods = vec![Value::from(client.as_str())];
            if client != "ntlm" {
                methods.push(Value::from("ntlm"));
            }
            oa.insert("iis_auth".into(), Value::Array(methods));
            done.push(name);
        }
    }
    if done.is_empty() {
        return Vec::new();
    }
    let named: Vec<&str> = done
        .iter()
        .take(NAMED_IN_NOTE)
        .map(String::as_str)
        .collect();
    let more = done.len() - named.len();
    let rest = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    vec![format!(
        "Outlook Anywhere of Exchange 2010 servers {}{rest} given NTLM among its IIS authentication methods: version 6 took a newer server's proxy to them as working (§11 coexist 5); check Get-OutlookAnywhere's IISAuthenticationMethods",
        named.join(", ")
    )]
}
