//! `schema/scenario.schema.json` (shipped with the site) is exactly the schema
//! generated from the model types; regenerate with `UPDATE_SCHEMA=1`.

use cas_planner_core::file;

#[test]
fn the_shipped_schema_is_the_generated_one() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schema/scenario.schema.json"
    );
    let want = file::json_schema() + "\n";
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    assert!(
        std::fs::read_to_string(path).unwrap() == want,
        "schema/scenario.schema.json is stale (run with UPDATE_SCHEMA=1)"
    );
}

/// The loader's `file/shape.json` (how it finds unknown fields) is the
/// generated schema's shape.
#[test]
fn the_loaders_shape_is_the_schemas() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/file/shape.json");
    let want = file::schema_shape();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    assert!(
        std::fs::read_to_string(path).unwrap() == want,
        "src/file/shape.json is stale (run with UPDATE_SCHEMA=1)"
    );
}

/// The schema describes what the planner writes: every example's fields appear in it.
#[test]
fn the_schema_names_the_model_fields() {
    let schema = file::json_schema();
    for field in [
        "rpc_client_access_server",
        "nxdomain_redirect",
        "forwarded_ports",
        "initial_rto_ms",
        "rpc_bind_attempts",
        "translate_to",
    ] {
        assert!(schema.contains(field), "{field}");
    }
}

/// docs/scenario-format.md documents every field the schema has.
#[test]
fn the_format_document_names_every_field() {
    fn properties<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                    out.extend(props.keys().map(String::as_str));
                }
                map.values().for_each(|x| properties(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| properties(x, out)),
            _ => {}
        }
    }
    let schema: serde_json::Value = serde_json::from_str(&file::json_schema()).unwrap();
    let mut fields = Vec::new();
    properties(&schema, &mut fields);
    assert!(fields.len() > 60, "{} fields", fields.len());
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/scenario-format.md"
    ))
    .unwrap();
    let missing: Vec<&&str> = fields
        .iter()
        .filter(|f| !doc.contains(&format!("`{f}`")) && !doc.contains(&format!("\"{f}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/scenario-format.md does not document {missing:?}"
    );
}
