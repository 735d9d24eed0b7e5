//! Version 0 (pre-release, 2026-11): no `version` field; the scenario's
//! fields sat at the top level beside `format`:
//!
//! ```json
//! {"format": "cas-planner/scenario", "name": "…", "sites": [ … ], "clients": [ … ]}
//! ```
//!
//! A file without `version` and without a `scenario` object is read as this.
//! Its scenario fields are those of version 1; only the envelope differs.

use serde_json::{Map, Value};

/// 0 → 1: wrap the top-level scenario fields in `"scenario"` and write
/// `"version": 1`. Frozen: a later model change gets its own migration, never
/// an edit here. Pure: a value in, a value out; anything that is not an
/// object is returned as it is (the typed read then reports it).
pub(super) fn migrate_v0_to_v1(value: Value) -> Value {
    let Value::Object(mut map) = value else {
        return value;
    };
    let format = map.remove("format").unwrap_or(Value::Null);
    map.remove("version");
    let mut out = Map::new();
    out.insert("format".into(), format);
    out.insert("version".into(), Value::from(1));
    out.insert("scenario".into(), Value::Object(map));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wraps_the_top_level_fields() {
        let v0 = json!({"format": "cas-planner/scenario", "name": "D", "clients": []});
        assert_eq!(
            migrate_v0_to_v1(v0),
            json!({"format": "cas-planner/scenario", "version": 1, "scenario": {"name": "D", "clients": []}})
        );
    }

    #[test]
    fn leaves_non_objects_alone() {
        assert_eq!(migrate_v0_to_v1(json!([1, 2])), json!([1, 2]));
    }
}
