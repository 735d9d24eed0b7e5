//! Version 1 (2026-11):
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 1, "scenario": { … }}
//! ```
//!
//! The scenario object of version 2 without `TXT` records: every version 1
//! file is a valid version 2 scenario, so the migration only writes the new
//! version number.

use serde_json::Value;

/// 1 → 2: `"version": 2`; the scenario is unchanged (version 2 only adds a
/// record type). Frozen: a later model change gets its own migration, never
/// an edit here. Pure; anything that is not an object is returned as it is
/// (the typed read then reports it).
pub(super) fn migrate_v1_to_v2(value: Value) -> Value {
    let Value::Object(mut map) = value else {
        return value;
    };
    map.insert("version".into(), Value::from(2));
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_the_new_version_and_keeps_the_scenario() {
        let v1 = json!({"format": "cas-planner/scenario", "version": 1, "scenario": {"name": "D", "clients": []}});
        assert_eq!(
            migrate_v1_to_v2(v1),
            json!({"format": "cas-planner/scenario", "version": 2, "scenario": {"name": "D", "clients": []}})
        );
        // A hand-written v1 file without a version gets one too.
        assert_eq!(
            migrate_v1_to_v2(json!({"scenario": {}})),
            json!({"scenario": {}, "version": 2})
        );
        assert_eq!(migrate_v1_to_v2(json!([1])), json!([1]));
    }
}
