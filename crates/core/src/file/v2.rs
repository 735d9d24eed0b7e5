//! Version 2 (2026-12):
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 2, "scenario": { … }}
//! ```
//!
//! The scenario object of version 3 without what version 3 added (a client's
//! `users` and `connects_per_day`, the perimeter's `hairpin_nat`, the
//! design's `ranges`). Every version 2 file is a valid version 3 scenario
//! and means the same: the absent fields take their defaults, and those are
//! what a version 2 planner assumed (one user per profile; no reflection,
//! which a version 2 planner modelled as an inside connection to a public
//! address finding no server). So the migration only writes the new
//! version number; a version 2 planner refuses a version 3 file rather than
//! silently dropping its group sizes and ranges.

use serde_json::Value;

/// 2 → 3: `"version": 3`; the scenario is unchanged. Frozen: a later model
/// change gets its own migration, never an edit here. Pure; anything that
/// is not an object is returned as it is (the typed read then reports it).
pub(super) fn migrate_v2_to_v3(value: Value) -> Value {
    let Value::Object(mut map) = value else {
        return value;
    };
    map.insert("version".into(), Value::from(3));
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_the_new_version_and_keeps_the_scenario() {
        let v2 = json!({"format": "cas-planner/scenario", "version": 2, "scenario": {"name": "D", "clients": []}});
        assert_eq!(
            migrate_v2_to_v3(v2),
            json!({"format": "cas-planner/scenario", "version": 3, "scenario": {"name": "D", "clients": []}})
        );
        assert_eq!(migrate_v2_to_v3(json!([1])), json!([1]));
    }
}
