//! Unknown fields: the keys of a file that the scenario types do not read.
//!
//! Found by walking the file's JSON beside the shape of the JSON Schema
//! generated from those types (`file/shape.json`: the schema less its prose,
//! held equal to the generated schema by `tests/schema_file.rs`), after the one
//! typed read succeeded. A tracking deserialiser (serde_ignored) instantiated
//! the whole model's deserialisation a second time, 15 % of the web module
//! (issue 15). The walk reads only the keywords schemars writes for these
//! types (`$ref`, `properties`, `items`, `additionalProperties`, `oneOf` /
//! `anyOf` branches told apart by `type`, `const` and `enum`); a general JSON
//! Schema validator would be larger than what it replaces.

use super::paths::{push_index, push_key};
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// The keywords the walk reads; `shape_of` keeps only these.
const SHAPE_KEYWORDS: [&str; 9] = [
    "$ref",
    "$defs",
    "properties",
    "items",
    "additionalProperties",
    "oneOf",
    "anyOf",
    "type",
    "const",
];

static SHAPE_TEXT: &str = include_str!("shape.json");

fn shape() -> &'static Value {
    static SHAPE: OnceLock<Value> = OnceLock::new();
    SHAPE.get_or_init(|| {
        serde_json::from_str(SHAPE_TEXT).expect("file/shape.json is JSON (tests/schema_file.rs)")
    })
}

/// The schema reduced to what the walk reads (its `properties` and `$defs`
/// keep every name; under them, only the keywords).
pub fn shape_of(schema: &Value) -> Value {
    fn keywords(v: &Value) -> Value {
        match v {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(k, _)| SHAPE_KEYWORDS.contains(&k.as_str()))
                    .map(|(k, v)| {
                        let v = match (k.as_str(), v) {
                            ("properties" | "$defs", Value::Object(named)) => Value::Object(
                                named
                                    .iter()
                                    .map(|(n, s)| (n.clone(), keywords(s)))
                                    .collect(),
                            ),
                            _ => keywords(v),
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(keywords).collect()),
            other => other.clone(),
        }
    }
    keywords(schema)
}

/// The JSON paths of the keys of `file` (a whole scenario file, envelope
/// included, in the current layout) that the current types ignore, in key order.
pub(super) fn unknown_fields(file: &Value) -> Vec<String> {
    let root = shape();
    let mut out = Vec::new();
    walk(root, root, file, &mut String::new(), &mut out);
    out
}

fn resolve<'a>(root: &'a Value, mut schema: &'a Value) -> &'a Value {
    // Bounded: a reference cycle in the schema cannot hang a load.
    for _ in 0..16 {
        match schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            Some(name) => schema = &root["$defs"][name],
            None => break,
        }
    }
    schema
}

/// Whether `value` can be the branch `schema` of a oneOf/anyOf: its type, and
/// for objects the constant properties (an internally tagged enum's tag).
fn fits(root: &Value, schema: &Value, value: &Value) -> bool {
    let type_fits = |t: &str| match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => true,
    };
    let typed = match schema.get("type") {
        Some(Value::String(t)) => type_fits(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(type_fits),
        _ => true,
    };
    let constant = schema.get("const").is_none_or(|c| c == value);
    let tags = schema
        .get("properties")
        .and_then(Value::as_object)
        .is_none_or(|props| {
            props
                .iter()
                .all(|(k, p)| match resolve(root, p).get("const") {
                    Some(c) => value.get(k) == Some(c),
                    None => true,
                })
        });
    typed && constant && tags
}

/// The schema and, recursively, its branches that fit `value`.
fn parts<'a>(root: &'a Value, schema: &'a Value, value: &Value, out: &mut Vec<&'a Value>) {
    let schema = resolve(root, schema);
    out.push(schema);
    for keyword in ["oneOf", "anyOf"] {
        let branches = schema
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        if let Some(branch) = branches
            .map(|b| resolve(root, b))
            .find(|b| fits(root, b, value))
        {
            parts(root, branch, value, out);
        }
    }
}

fn walk(root: &Value, schema: &Value, value: &Value, path: &mut String, out: &mut Vec<String>) {
    let mut here = Vec::new();
    parts(root, schema, value, &mut here);
    match value {
        Value::Object(map) => walk_object(root, &here, map, path, out),
        Value::Array(items) => {
            if let Some(item) = here.iter().find_map(|s| s.get("items")) {
                for (i, v) in items.iter().enumerate() {
                    let len = path.len();
                    push_index(path, i);
                    walk(root, item, v, path, out);
                    path.truncate(len);
                }
            }
        }
        _ => {}
    }
}

fn walk_object(
    root: &Value,
    here: &[&Value],
    map: &Map<String, Value>,
    path: &mut String,
    out: &mut Vec<String>,
) {
    let declared = here
        .iter()
        .any(|s| s.get("properties").is_some() || s.get("additionalProperties").is_some());
    let extra = here.iter().find_map(|s| s.get("additionalProperties"));
    for (key, v) in map {
        let len = path.len();
        push_key(path, key);
        let named = here
            .iter()
            .find_map(|s| s.get("properties").and_then(|p| p.get(key)));
        match (named, extra) {
            (Some(sub), _) => walk(root, sub, v, path, out),
            (None, Some(Value::Bool(false))) | (None, None) if declared => out.push(path.clone()),
            (None, Some(sub)) if sub.is_object() => walk(root, sub, v, path, out),
            _ => {}
        }
        path.truncate(len);
    }
}
