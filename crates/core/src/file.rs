//! Scenario files: a versioned JSON envelope around the model.
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 1, "scenario": { … }}
//! ```
//!
//! Version history:
//! - **0** (pre-release, 2026-11): no `version` field; the scenario's fields
//!   sat at the top level beside `format`. Migrated by `v0_to_v1`.
//! - **1** (2026-11): the scenario moves under `"scenario"`; `version` is written.
//!
//! Loading never panics and never half-loads: it returns a `Loaded` scenario
//! (with warnings for unknown fields) or an `ImportError` naming the file, the
//! JSON path (`scenario.sites[2].cas_servers[0].ip`), the line and column when
//! known, and what was expected. A file from a newer planner says so.

use crate::model::Scenario;
use crate::validate::{validate, Problem};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const FORMAT: &str = "cas-planner/scenario";
pub const CURRENT_VERSION: u64 = 1;
/// Larger files are refused before parsing: a real design is tens of kB, the
/// generated 2,000-server benchmark design about 4 MB.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Deeper nesting than any valid scenario has (about 8) is refused early.
pub const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub scenario: Scenario,
    /// Non-fatal findings, e.g. fields this version does not know.
    pub warnings: Vec<String>,
    /// The version the file was written in, when it had to be migrated.
    pub migrated_from: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file_name: String,
    pub reason: ImportErrorReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportErrorReason {
    TooLarge { bytes: usize },
    TooDeep { line: usize, column: usize },
    Syntax { line: usize, column: usize, message: String },
    NotAScenario { detail: String },
    FromTheFuture { version: u64 },
    /// A value of the wrong shape at `path`.
    Invalid { path: String, line: Option<usize>, column: Option<usize>, message: String },
    /// Well-formed JSON whose content does not hold together.
    Inconsistent { problems: Vec<Problem> },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = &self.file_name;
        match &self.reason {
            ImportErrorReason::TooLarge { bytes } => write!(
                f,
                "{file}: the file is {} MB; the planner opens files up to {} MB",
                bytes / 1_000_000,
                MAX_FILE_BYTES / 1_000_000
            ),
            ImportErrorReason::TooDeep { line, column } => write!(
                f,
                "{file}:{line}:{column}: nesting deeper than {MAX_DEPTH} levels; this is not a scenario file"
            ),
            ImportErrorReason::Syntax { line, column, message } => {
                write!(f, "{file}:{line}:{column}: not valid JSON: {message}")
            }
            ImportErrorReason::NotAScenario { detail } => {
                write!(f, "{file}: not a CAS Array Planner scenario: {detail}")
            }
            ImportErrorReason::FromTheFuture { version } => write!(
                f,
                "{file}: this scenario was saved by a newer CAS Array Planner (file format version {version}; \
                 this planner reads up to {CURRENT_VERSION}). Update the planner to open it"
            ),
            ImportErrorReason::Invalid { path, line, column, message } => match (line, column) {
                (Some(l), Some(c)) => write!(f, "{file}:{l}:{c}: at {path}: {message}"),
                _ => write!(f, "{file}: at {path}: {message}"),
            },
            ImportErrorReason::Inconsistent { problems } => {
                write!(f, "{file}: {} problem(s): ", problems.len())?;
                let shown: Vec<String> = problems.iter().take(5).map(|p| p.to_string()).collect();
                write!(f, "{}", shown.join("; "))?;
                if problems.len() > 5 {
                    write!(f, "; and {} more", problems.len() - 5)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// The envelope as written by this version.
#[derive(Serialize, Deserialize)]
struct Envelope<S> {
    format: String,
    #[serde(default)]
    version: Option<u64>,
    scenario: S,
}

/// The JSON Schema of the current file format (envelope and scenario),
/// generated from the model types; shipped with the site as
/// `scenario.schema.json`.
pub fn json_schema() -> String {
    #[derive(schemars::JsonSchema)]
    #[schemars(title = "CAS Array Planner scenario file")]
    #[allow(dead_code)] // only its schema is used
    struct File {
        /// Always "cas-planner/scenario".
        format: String,
        /// File format version; this planner writes 1.
        version: u64,
        scenario: Scenario,
    }
    serde_json::to_string_pretty(&schemars::schema_for!(File)).expect("a schema serialises")
}

/// Serialises a scenario in the current format (pretty, stable field order).
pub fn save(scenario: &Scenario) -> String {
    let env = Envelope { format: FORMAT.into(), version: Some(CURRENT_VERSION), scenario };
    serde_json::to_string_pretty(&env).expect("the model always serialises")
}

/// A file name for downloads: the design's name in lower-case words, `.casplan.json`.
pub fn suggested_file_name(scenario: &Scenario) -> String {
    let mut stem = String::new();
    for ch in scenario.name.chars() {
        if ch.is_alphanumeric() {
            stem.extend(ch.to_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    format!("{}.casplan.json", if stem.is_empty() { "design" } else { stem })
}

/// Loads a scenario file's text. `file_name` is only used in messages.
pub fn load(file_name: &str, text: &str) -> Result<Loaded, ImportError> {
    let err = |reason| ImportError { file_name: file_name.to_string(), reason };
    if text.len() > MAX_FILE_BYTES {
        return Err(err(ImportErrorReason::TooLarge { bytes: text.len() }));
    }
    if let Some((line, column)) = too_deep(text) {
        return Err(err(ImportErrorReason::TooDeep { line, column }));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        err(ImportErrorReason::Syntax { line: e.line(), column: e.column(), message: strip_position(&e) })
    })?;
    let Value::Object(map) = &value else {
        return Err(err(ImportErrorReason::NotAScenario { detail: "the top level is not a JSON object".into() }));
    };
    match map.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(err(ImportErrorReason::NotAScenario {
                detail: format!("\"format\" is {other}, expected \"{FORMAT}\""),
            }))
        }
        None => {
            return Err(err(ImportErrorReason::NotAScenario {
                detail: format!("no \"format\": \"{FORMAT}\" field"),
            }))
        }
    }
    // No version: a "scenario" object means 1 written by hand; otherwise the
    // pre-release layout 0.
    let version = match map.get("version") {
        None if map.get("scenario").is_some_and(Value::is_object) => 1,
        None => 0,
        Some(v) => v.as_u64().filter(|&v| v >= 1).ok_or_else(|| {
            err(ImportErrorReason::Invalid {
                path: "version".into(),
                line: None,
                column: None,
                message: format!("expected a positive whole number, found {v}"),
            })
        })?,
    };
    if version > CURRENT_VERSION {
        return Err(err(ImportErrorReason::FromTheFuture { version }));
    }
    let mut warnings = Vec::new();
    let scenario = if version == CURRENT_VERSION && map.contains_key("scenario") {
        // Deserialise from the text so errors carry line and column.
        let mut de = serde_json::Deserializer::from_str(text);
        typed(&mut de, &mut warnings).map_err(|(path, e)| {
            err(ImportErrorReason::Invalid { path, line: Some(e.line()), column: Some(e.column()), message: strip_position(&e) })
        })?
    } else {
        let migrated = migrate(value, version);
        typed(migrated, &mut warnings).map_err(|(path, e)| {
            err(ImportErrorReason::Invalid { path, line: None, column: None, message: strip_position(&e) })
        })?
    };
    let problems = validate(&scenario);
    if !problems.is_empty() {
        return Err(err(ImportErrorReason::Inconsistent { problems }));
    }
    Ok(Loaded { scenario, warnings, migrated_from: (version != CURRENT_VERSION).then_some(version) })
}

/// Deserialises the envelope, collecting unknown fields as warnings and
/// reporting the JSON path of the first error.
fn typed<'de, D>(de: D, warnings: &mut Vec<String>) -> Result<Scenario, (String, serde_json::Error)>
where
    D: serde::Deserializer<'de, Error = serde_json::Error>,
{
    let mut unknown = Vec::new();
    let mut track = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
    let ignoring = serde_ignored::Deserializer::new(de, &mut track);
    let result: Result<Envelope<Scenario>, _> = serde_path_to_error::deserialize(ignoring);
    warnings.extend(unknown.into_iter().map(|p| format!("unknown field {p} ignored")));
    result.map(|env| env.scenario).map_err(|e| (e.path().to_string(), e.into_inner()))
}

/// Runs the frozen migrations from `version` up to `CURRENT_VERSION`.
fn migrate(mut value: Value, mut version: u64) -> Value {
    while version < CURRENT_VERSION {
        value = match version {
            0 => v0_to_v1(value),
            _ => unreachable!("every version below CURRENT_VERSION has a migration"),
        };
        version += 1;
    }
    value
}

/// 0 → 1: wrap the top-level scenario fields in `"scenario"`. Frozen: later
/// model changes get their own migration, never an edit here.
fn v0_to_v1(value: Value) -> Value {
    let Value::Object(mut map) = value else { return value };
    let format = map.remove("format").unwrap_or(Value::Null);
    map.remove("version");
    let mut out = serde_json::Map::new();
    out.insert("format".into(), format);
    out.insert("version".into(), Value::from(1));
    out.insert("scenario".into(), Value::Object(map));
    Value::Object(out)
}

/// serde_json appends " at line L column C"; we print those ourselves.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The position where nesting first exceeds `MAX_DEPTH`, scanning outside strings.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut line, mut column) = (1usize, 0usize);
    for ch in text.chars() {
        if ch == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if in_string {
            match (escaped, ch) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match ch {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    #[test]
    fn round_trip_of_every_example_is_identical() {
        for ex in examples::gallery() {
            let s = (ex.build)();
            let loaded = load("x.json", &save(&s)).unwrap();
            assert_eq!(loaded.scenario, s, "{}", ex.slug);
            assert!(loaded.warnings.is_empty());
        }
    }

    #[test]
    fn a_wrong_type_names_path_line_and_column() {
        let text = save(&examples::seed_fixed()).replacen("\"10.10.10.11\"", "\"10.10.10.999\"", 1);
        let e = load("seed.casplan.json", &text).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("seed.casplan.json:"), "{msg}");
        assert!(msg.contains("at scenario.sites[0].cas_servers[0].ip"), "{msg}");
        assert!(matches!(e.reason, ImportErrorReason::Invalid { line: Some(_), .. }));
    }

    #[test]
    fn a_newer_file_asks_for_an_update() {
        let e = load("new.json", r#"{"format":"cas-planner/scenario","version":7,"scenario":{}}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "new.json: this scenario was saved by a newer CAS Array Planner (file format version 7; \
             this planner reads up to 1). Update the planner to open it"
        );
    }

    #[test]
    fn unknown_fields_are_warnings() {
        let text = save(&examples::seed_fixed()).replacen("\"organisation\"", "\"colour\": \"blue\",\n  \"organisation\"", 1);
        let loaded = load("x.json", &text).unwrap();
        assert_eq!(loaded.warnings, vec!["unknown field scenario.colour ignored"]);
    }

    #[test]
    fn deep_nesting_and_syntax_errors_are_located() {
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(matches!(load("d.json", &deep).unwrap_err().reason, ImportErrorReason::TooDeep { line: 1, column: 33 }));
        let e = load("s.json", "{\n  \"format\": \"cas-planner/scenario\",\n  oops\n}").unwrap_err();
        assert!(matches!(e.reason, ImportErrorReason::Syntax { line: 3, .. }), "{e}");
    }

    #[test]
    fn download_names_are_safe_and_readable() {
        let mut s = examples::seed_fixed();
        assert_eq!(suggested_file_name(&s), "mycompany-cas-array-internal-only.casplan.json");
        s.name = "../<script>".into();
        assert_eq!(suggested_file_name(&s), "script.casplan.json");
    }

    #[test]
    fn other_json_is_not_a_scenario() {
        let e = load("p.json", r#"{"name":"package"}"#).unwrap_err();
        assert!(e.to_string().contains("not a CAS Array Planner scenario"));
    }
}
