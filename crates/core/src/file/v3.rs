//! Version 3 (2026-12):
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 3, "scenario": { … }}
//! ```
//!
//! The scenario object of version 4 without a DNS view's `audience`. A
//! version 3 planner had no such field: its advisor guessed which views were
//! inside from where the clients using them sat, and took every view as
//! inside when no client sat inside (issue 27: it then asked to publish the
//! array name in public DNS). The migration writes each view's audience as
//! the best reading of the design, and says what it took.

use serde_json::{Map, Value};
use std::net::Ipv4Addr;

/// 3 → 4: every DNS view gets an `audience`, then `"version": 4`. Frozen:
/// a later model change gets its own migration, never an edit here. Pure;
/// anything that is not the expected shape is left as it is (the typed read
/// then reports it). The rule, in order:
/// 1. used by clients inside (a site or a VPN) and outside (the Internet): `both`;
/// 2. used by clients inside only: `internal`; outside only: `external`;
/// 3. used by no client but forwarded to, directly or not, from a view
///    outside clients use (the hotel's resolver forwards to the Internet): `external`;
/// 4. used by no client: `internal` if it holds an A record to a private
///    address (a zone only an inside resolver serves), else `external`.
///
/// Returns the migrated value and one note per view saying what it took.
pub(super) fn migrate_v3_to_v4(value: Value) -> (Value, Vec<String>) {
    let Value::Object(mut map) = value else {
        return (value, Vec::new());
    };
    let notes = match map.get_mut("scenario") {
        Some(Value::Object(scenario)) => add_audiences(scenario),
        _ => Vec::new(),
    };
    map.insert("version".into(), Value::from(4));
    (Value::Object(map), notes)
}

fn add_audiences(scenario: &mut Map<String, Value>) -> Vec<String> {
    let (inside, outside) = views_by_where_clients_sit(scenario);
    // Vectors, not hash maps: a design has a handful of views, and each map
    // type would add its own code to the web app.
    let forwards: Vec<(String, String)> = views(scenario)
        .filter_map(|v| Some((text(v, "id")?, text(v, "forwards_to")?)))
        .collect();
    let forward_of = |id: &str| forwards.iter().find(|(v, _)| v == id).map(|(_, to)| to);
    // Views reached by forwarding from a view outside clients use.
    let mut upstream_of_outside: Vec<String> = Vec::new();
    for start in &outside {
        let mut at = forward_of(start);
        while let Some(next) = at {
            if upstream_of_outside.contains(next) {
                break; // a forwarding loop, or a chain already walked
            }
            upstream_of_outside.push(next.clone());
            at = forward_of(next);
        }
    }
    let mut notes = Vec::new();
    let Some(Value::Array(list)) = scenario.get_mut("dns_views") else {
        return notes;
    };
    for view in list.iter_mut() {
        let Value::Object(view) = view else { continue };
        // A hand-written file without a version (read as version 1) may
        // already say it, as the current format does: kept.
        if view.contains_key("audience") {
            continue;
        }
        let id = text(view, "id").unwrap_or_default();
        let (audience, why) = match (inside.contains(&id), outside.contains(&id)) {
            (true, true) => ("both", "clients inside and outside use it"),
            (true, false) => ("internal", "only clients inside use it"),
            (false, true) => ("external", "only clients outside use it"),
            (false, false) if upstream_of_outside.contains(&id) => (
                "external",
                "no client uses it; a view outside clients use forwards to it",
            ),
            (false, false) if holds_private_address(view) => {
                ("internal", "no client uses it; it holds private addresses")
            }
            (false, false) => ("external", "no client uses it; it holds no private address"),
        };
        view.insert("audience".into(), Value::from(audience));
        let name = text(view, "name").unwrap_or(id);
        notes.push(format!("DNS view {name:?} taken as {audience} ({why})"));
    }
    notes
}

fn views(scenario: &Map<String, Value>) -> impl Iterator<Item = &Map<String, Value>> {
    scenario
        .get("dns_views")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

fn text(object: &Map<String, Value>, key: &str) -> Option<String> {
    object.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The views clients inside use, and those clients outside use. A client
/// is outside when its location is a zone of type `internet` (version 3's
/// only outside kind); a client whose location is unknown counts for neither.
fn views_by_where_clients_sit(scenario: &Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let outside_zone: Vec<(String, bool)> = scenario
        .get("network_zones")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter_map(|z| {
            let kind = z.get("kind")?.as_object()?.get("type")?.as_str()?;
            Some((text(z, "id")?, kind == "internet"))
        })
        .collect();
    let (mut inside, mut outside): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let clients = scenario.get("clients").and_then(Value::as_array);
    for c in clients.into_iter().flatten().filter_map(Value::as_object) {
        let (Some(location), Some(view)) = (text(c, "location"), text(c, "dns_view")) else {
            continue;
        };
        let list = match outside_zone.iter().find(|(z, _)| *z == location) {
            Some((_, true)) => &mut outside,
            Some((_, false)) => &mut inside,
            None => continue,
        };
        if !list.contains(&view) {
            list.push(view);
        }
    }
    (inside, outside)
}

/// An A record to a private, loopback or link-local address, written here
/// rather than taken from the model so this frozen rule cannot move.
fn holds_private_address(view: &Map<String, Value>) -> bool {
    let zones = view.get("zones").and_then(Value::as_array);
    zones
        .into_iter()
        .flatten()
        .filter_map(|z| z.get("records")?.as_array())
        .flatten()
        .filter_map(|r| r.get("address")?.as_str()?.parse::<Ipv4Addr>().ok())
        .any(|ip| ip.is_private() || ip.is_loopback() || ip.is_link_local())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scenario(views: Value, clients: Value) -> Value {
        json!({"format": "cas-planner/scenario", "version": 3, "scenario": {
            "name": "D",
            "network_zones": [
                {"id": "lan", "name": "LAN", "kind": {"type": "site", "site": "s"}},
                {"id": "vpn", "name": "VPN", "kind": {"type": "vpn", "site": "s"}},
                {"id": "net", "name": "Internet", "kind": {"type": "internet"}}
            ],
            "dns_views": views,
            "clients": clients
        }})
    }

    fn audiences(v: &Value) -> Vec<&str> {
        v["scenario"]["dns_views"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["audience"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn audiences_come_from_the_clients_then_forwarding_then_addresses() {
        let private = json!([{"id": "z", "name": "c.internal", "records": [
            {"id": "r", "name": "a.c.internal", "type": "A", "address": "10.0.0.1"}]}]);
        let public = json!([{"id": "z2", "name": "c.com", "records": [
            {"id": "r2", "name": "a.c.com", "type": "A", "address": "203.0.113.1"}]}]);
        let v3 = scenario(
            json!([
                {"id": "in", "name": "Inside", "forwards_to": "pub"},
                {"id": "out", "name": "Hotel", "forwards_to": "pub"},
                {"id": "mixed", "name": "Shared"},
                {"id": "pub", "name": "Internet", "zones": private.clone()},
                {"id": "spare", "name": "Spare", "zones": private},
                {"id": "web", "name": "Web host", "zones": public}
            ]),
            json!([
                {"id": "a", "location": "lan", "dns_view": "in"},
                {"id": "b", "location": "net", "dns_view": "out"},
                {"id": "c", "location": "vpn", "dns_view": "mixed"},
                {"id": "d", "location": "net", "dns_view": "mixed"}
            ]),
        );
        let (v4, notes) = migrate_v3_to_v4(v3);
        assert_eq!(v4["version"], 4);
        assert_eq!(
            audiences(&v4),
            ["internal", "external", "both", "external", "internal", "external"]
        );
        assert_eq!(notes.len(), 6);
        assert_eq!(
            notes[3],
            "DNS view \"Internet\" taken as external (no client uses it; a view outside clients use forwards to it)"
        );
    }

    /// Only outside clients: the view nobody uses that holds the internal
    /// zone stays internal (a version 3 planner took every view as inside).
    #[test]
    fn external_only_designs_keep_their_internal_view_internal() {
        let v3 = scenario(
            json!([
                {"id": "int", "name": "AD DNS", "zones": [{"id": "z", "name": "c.internal",
                    "records": [{"id": "r", "name": "o.c.internal", "type": "A", "address": "10.1.0.100"}]}]},
                {"id": "pub", "name": "Public DNS"}
            ]),
            json!([{"id": "b", "location": "net", "dns_view": "pub"}]),
        );
        assert_eq!(audiences(&migrate_v3_to_v4(v3).0), ["internal", "external"]);
    }

    #[test]
    fn an_audience_the_file_gives_is_kept() {
        let v3 = scenario(
            json!([{"id": "pub", "name": "Public", "audience": "both"}]),
            json!([{"id": "a", "location": "lan", "dns_view": "pub"}]),
        );
        let (v4, notes) = migrate_v3_to_v4(v3);
        assert_eq!(audiences(&v4), ["both"]);
        assert!(notes.is_empty());
    }

    #[test]
    fn other_shapes_pass_through() {
        assert_eq!(migrate_v3_to_v4(json!([1])).0, json!([1]));
        let (v, notes) = migrate_v3_to_v4(json!({"version": 3, "scenario": 5}));
        assert_eq!(v, json!({"version": 4, "scenario": 5}));
        assert!(notes.is_empty());
    }
}
