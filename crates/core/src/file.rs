//! Scenario files: a versioned JSON envelope around the model.
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 7, "scenario": { … }}
//! ```
//!
//! Layers: this module is the entry point (`load`, `save`, the limits and the
//! messages); each on-disk version's layout lives in its own module
//! (`file/v0.rs` … `file/v7.rs`), apart from the model; migrations are frozen
//! pure functions over `serde_json::Value`, run in a loop from the file's
//! version up to `CURRENT_VERSION`, after which the typed read and `validate`
//! run as for a current file.
//!
//! Version history:
//! - **0** (pre-release, 2026-11): no `version` field; the scenario's fields
//!   sat at the top level beside `format`. Migrated by `v0::migrate_v0_to_v1`.
//! - **1** (2026-11): the scenario moves under `"scenario"`; `version` is
//!   written. Migrated by `v1::migrate_v1_to_v2`.
//! - **2** (2026-12): DNS records of type `TXT`. Migrated by `v2::migrate_v2_to_v3`.
//! - **3** (2026-12): client groups (`users`, `connects_per_day`),
//!   the perimeter's `hairpin_nat`, the design's `ranges`. Migrated by
//!   `v3::migrate_v3_to_v4`, which says what it took for each view.
//! - **4** (2026-12): each DNS view's `audience`. Migrated by
//!   `v4::migrate_v4_to_v5`, which gives each CAS the certificate names it serves.
//! - **5** (2026-12): what Autodiscover meets (§6): SCP site scopes,
//!   certificates, web hosts, SCP pointers, clients' AD sites and switches.
//!   Migrated by `v5::migrate_v5_to_v6`, which keeps Outlook 2010 off
//!   MAPI/HTTP and the organisation's MAPI/HTTP on for newer mailboxes.
//! - **6** (2026-12): versions as they connect (§10): Outlook
//!   2019/2021/365, Exchange 2019/SE, CAS versions and builds, MAPI/HTTP
//!   settings of the organisation, mailboxes and clients, IP stacks, AAAA.
//!   Migrated by `v6::migrate_v6_to_v7`, which gives 2010 Outlook Anywhere
//!   NTLM where a newer server proxies to it.
//! - **7** (2026-12, current): coexistence and migration (§11): a migration
//!   plan's steps, a CAS's Windows Server and KB3140410, Outlook Anywhere's
//!   IIS authentication methods.
//!
//! Reading the version: a `version` field must be a whole number ≥ 1; a file
//! without one is version 1 if it has a `"scenario"` object (written by hand)
//! and version 0 otherwise. A version above `CURRENT_VERSION` is refused with
//! a message asking the user to update the planner.
//!
//! Loading never panics and never half-loads: it returns a `Loaded` scenario
//! (with warnings for unknown fields) or a `LoadError` naming the file, the
//! JSON path (`scenario.sites[2].cas_servers[0].ip`), the line and column when
//! known, and what was expected.

mod paths;
mod unknown;
mod v0;
mod v1;
mod v2;
mod v3;
mod v4;
mod v5;
mod v6;
mod v7;

use crate::model::Scenario;
use crate::validate::{validate, Problem};
use serde_json::Value;

pub const FORMAT: &str = "cas-planner/scenario";
pub const CURRENT_VERSION: u64 = 7;
/// Larger files are refused before parsing: a real design is tens of kB, the
/// generated 2,000-server benchmark design about 4 MB.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Deeper nesting than any valid scenario has (about 8) is refused early.
pub const MAX_DEPTH: usize = 32;
const MIB: u64 = 1024 * 1024;
/// The oldest version whose scenario object the current types read as it is.
/// Such a file is read from its text, so its errors keep their line and
/// column. A migration that changes the scenario raises this to its target
/// version: 6 → 7 writes NTLM on 2010 Outlook Anywhere.
const SAME_LAYOUT_SINCE: u64 = 7;

#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub scenario: Scenario,
    /// Non-fatal findings, e.g. fields this version does not know.
    pub warnings: Vec<String>,
    /// The version the file was written in, when it had to be migrated.
    pub migrated_from: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file_name: String,
    pub reason: LoadErrorReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadErrorReason {
    TooLarge {
        bytes: usize,
    },
    TooDeep {
        line: usize,
        column: usize,
    },
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    NotAScenario {
        detail: String,
    },
    FromTheFuture {
        version: u64,
    },
    /// A value of the wrong shape at `path`.
    Invalid {
        path: String,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
    /// Well-formed JSON whose content does not hold together.
    Inconsistent {
        problems: Vec<Problem>,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = &self.file_name;
        match &self.reason {
            LoadErrorReason::TooLarge { bytes } => {
                // Rounded up to a tenth, so a file just over the limit never
                // reads as the limit itself.
                let tenths = (*bytes as u64).saturating_mul(10).div_ceil(MIB);
                write!(
                    f,
                    "{file}: the file is {}.{} MiB; the planner opens files up to {} MiB",
                    tenths / 10,
                    tenths % 10,
                    MAX_FILE_BYTES as u64 / MIB
                )
            }
            LoadErrorReason::TooDeep { line, column } => write!(
                f,
                "{file}:{line}:{column}: nesting deeper than {MAX_DEPTH} levels; this is not a scenario file"
            ),
            LoadErrorReason::Syntax { line, column, message } => {
                write!(f, "{file}:{line}:{column}: not valid JSON: {message}")
            }
            LoadErrorReason::NotAScenario { detail } => {
                write!(f, "{file}: not a CAS Array Planner scenario: {detail}")
            }
            LoadErrorReason::FromTheFuture { version } => write!(
                f,
                "{file}: this scenario was saved by a newer CAS Array Planner (file format version {version}; \
                 this planner reads up to {CURRENT_VERSION}). Update the planner to open it"
            ),
            LoadErrorReason::Invalid { path, line, column, message } => match (line, column) {
                (Some(l), Some(c)) => write!(f, "{file}:{l}:{c}: at {path}: {message}"),
                _ => write!(f, "{file}: at {path}: {message}"),
            },
            LoadErrorReason::Inconsistent { problems } => {
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

impl std::error::Error for LoadError {}

/// The JSON Schema of the current file format (envelope and scenario),
/// generated from the model types; shipped with the site as
/// `scenario.schema.json`.
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(v7::SchemaEnvelope))
        .expect("a schema serialises")
}

/// The shape of the schema the loader finds unknown fields by
/// (`file/shape.json`, generated from `json_schema`).
pub fn schema_shape() -> String {
    let schema: Value = serde_json::from_str(&json_schema()).expect("the schema is JSON");
    serde_json::to_string(&unknown::shape_of(&schema)).expect("a JSON value writes out") + "\n"
}

/// Serialises a scenario in the current format (pretty, stable field order).
pub fn save(scenario: &Scenario) -> String {
    let env = v7::Envelope {
        format: FORMAT.into(),
        version: Some(CURRENT_VERSION),
        scenario,
    };
    serde_json::to_string_pretty(&env).expect("the model always serialises")
}

/// A file name for downloads: the design's name in lower-case words, `.casplan.json`.
pub fn suggested_file_name(scenario: &Scenario) -> String {
    format!("{}.casplan.json", file_stem(scenario))
}

/// The design's name as a file name stem (`mycompany-cas-array-name-leaks`):
/// what its scenario file, pictures (`…-topology.svg`) and report are named.
pub fn file_stem(scenario: &Scenario) -> String {
    let mut stem = String::new();
    for ch in scenario.name.chars() {
        if ch.is_alphanumeric() {
            // ASCII case only: Unicode case tables would add about 12 kB
            // (gzip) to the web app for names that are rarely in capitals.
            stem.push(ch.to_ascii_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "design".into()
    } else {
        stem.to_string()
    }
}

/// Refuses a file by its size alone, before anything reads it: `bytes` is
/// what the file system or the browser says the file holds.
/// The file's text as a browser decodes it: UTF-8, or UTF-16 when the file
/// starts with a UTF-16 byte-order mark (what Windows PowerShell 5 writes for
/// `cas-planner example seed-fixed > design.json`). Unlike a browser, bytes
/// that do not decode are refused rather than replaced.
pub fn decode_text(bytes: Vec<u8>) -> Option<String> {
    let utf16 = |rest: &[u8], from: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| <[u8; 2]>::try_from(c).map(from))
            .collect::<Result<_, _>>()
            .ok()?;
        String::from_utf16(&units).ok()
    };
    match bytes.as_slice() {
        [0xff, 0xfe, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xfe, 0xff, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8(bytes).ok(),
    }
}

/// Refuses a scenario file larger than [`MAX_FILE_BYTES`] before it is read
/// (the app checks a picked file's size, the CLI the file's length).
pub fn check_scenario_size(file_name: &str, bytes: u64) -> Result<(), LoadError> {
    if bytes > MAX_FILE_BYTES as u64 {
        let bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
        return Err(LoadError {
            file_name: file_name.to_string(),
            reason: LoadErrorReason::TooLarge { bytes },
        });
    }
    Ok(())
}

/// Loads a scenario file's text. `file_name` is only used in messages.
pub fn load(file_name: &str, text: &str) -> Result<Loaded, LoadError> {
    let err = |reason| LoadError {
        file_name: file_name.to_string(),
        reason,
    };
    // Editors on Windows may start UTF-8 with a byte-order mark; browsers drop
    // it when reading text, the CLI does not.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_FILE_BYTES {
        return Err(err(LoadErrorReason::TooLarge { bytes: text.len() }));
    }
    if let Some((line, column)) = too_deep(text) {
        return Err(err(LoadErrorReason::TooDeep { line, column }));
    }
    if text.trim().is_empty() {
        return Err(err(LoadErrorReason::NotAScenario {
            detail: "the file is empty".into(),
        }));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = if looks_binary(text) {
            "the file is binary data, not text".into()
        } else if e.is_eof() {
            format!(
                "{}; the file ends before the JSON does (was it cut short?)",
                strip_position(&e)
            )
        } else {
            strip_position(&e)
        };
        err(LoadErrorReason::Syntax {
            line: e.line(),
            column: e.column().max(1),
            message,
        })
    })?;
    let Value::Object(map) = &value else {
        return Err(err(LoadErrorReason::NotAScenario {
            detail: "the top level is not a JSON object".into(),
        }));
    };
    match map.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(err(LoadErrorReason::NotAScenario {
                detail: format!("\"format\" is {other}, expected \"{FORMAT}\""),
            }))
        }
        None => {
            return Err(err(LoadErrorReason::NotAScenario {
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
            err(LoadErrorReason::Invalid {
                path: "version".into(),
                line: None,
                column: None,
                message: format!("expected a positive whole number, found {v}"),
            })
        })?,
    };
    if version > CURRENT_VERSION {
        return Err(err(LoadErrorReason::FromTheFuture { version }));
    }
    // One typed read, always from text, so the model's deserialisation is
    // instantiated once: the file's own text when its scenario needs no
    // change (errors keep their line and column), else the migrated envelope
    // written out again (errors name the path only).
    let mut notes = Vec::new();
    let (value, text, own_text) = if version >= SAME_LAYOUT_SINCE && map.contains_key("scenario") {
        (value, std::borrow::Cow::Borrowed(text), true)
    } else {
        let migrated = migrate(value, version, &mut notes);
        let text = serde_json::to_string(&migrated).expect("a JSON value writes out");
        (migrated, std::borrow::Cow::Owned(text), false)
    };
    let scenario = match serde_json::from_str::<v7::Envelope<Scenario>>(&text) {
        Ok(envelope) => envelope.scenario,
        Err(e) => {
            let path = paths::path_at(&text, paths::offset_of(&text, e.line(), e.column()));
            let (line, column) = if own_text {
                (Some(e.line()), Some(e.column()))
            } else {
                (None, None)
            };
            return Err(err(LoadErrorReason::Invalid {
                path,
                line,
                column,
                message: strip_position(&e),
            }));
        }
    };
    let mut warnings = notes;
    warnings.extend(warn_unknown(unknown::unknown_fields(&value)));
    let problems = validate(&scenario);
    if !problems.is_empty() {
        return Err(err(LoadErrorReason::Inconsistent { problems }));
    }
    warnings.extend(stale_edits(&scenario));
    Ok(Loaded {
        scenario,
        warnings,
        migrated_from: (version != CURRENT_VERSION).then_some(version),
    })
}

/// A plan's edits that no longer apply, one warning each: the walk skips
/// them, and the user hears of each (§11 step 1).
fn stale_edits(scenario: &Scenario) -> Vec<String> {
    if scenario.migration.steps.is_empty() {
        return Vec::new();
    }
    crate::migration::steps(scenario)
        .into_iter()
        .flat_map(|step| {
            let name = step.name;
            step.stale
                .into_iter()
                .map(move |x| format!("migration step \"{name}\": {x}"))
        })
        .collect()
}

/// Unknown fields as warnings: listed one by one up to `MAX_WARNINGS`, the rest counted.
fn warn_unknown(unknown: Vec<String>) -> Vec<String> {
    let more = unknown.len().saturating_sub(MAX_WARNINGS);
    let mut warnings: Vec<String> = unknown
        .into_iter()
        .take(MAX_WARNINGS)
        .map(|p| format!("unknown field {p} ignored"))
        .collect();
    if more > 0 {
        warnings.push(format!("and {more} more unknown fields ignored"));
    }
    warnings
}

/// Unknown fields listed one by one; the rest are counted.
const MAX_WARNINGS: usize = 20;

/// Runs the frozen migrations from `version` up to `CURRENT_VERSION`,
/// adding to `notes` what a migration had to decide for the user.
fn migrate(mut value: Value, mut version: u64, notes: &mut Vec<String>) -> Value {
    while version < CURRENT_VERSION {
        value = match version {
            0 => v0::migrate_v0_to_v1(value),
            1 => v1::migrate_v1_to_v2(value),
            2 => v2::migrate_v2_to_v3(value),
            3 => {
                let (value, decided) = v3::migrate_v3_to_v4(value);
                notes.extend(decided);
                value
            }
            4 => {
                let (value, decided) = v4::migrate_v4_to_v5(value);
                notes.extend(decided);
                value
            }
            5 => {
                let (value, decided) = v5::migrate_v5_to_v6(value);
                notes.extend(decided);
                value
            }
            6 => {
                let (value, decided) = v6::migrate_v6_to_v7(value);
                notes.extend(decided);
                value
            }
            _ => unreachable!("every version below CURRENT_VERSION has a migration"),
        };
        version += 1;
    }
    value
}

/// serde_json appends " at line L column C"; we print those ourselves. Bare
/// messages from the standard library get what was expected added.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let s = match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    };
    if s == "invalid IPv4 address syntax" {
        return format!(
            "{s}; expected four numbers from 0 to 255 separated by dots, such as \"10.10.10.11\""
        );
    }
    s
}

/// Whether text that failed to parse is binary data rather than mistyped
/// JSON: a NUL anywhere, or outside strings a U+FFFD (what a browser puts in
/// place of bytes that are not UTF-8) or a control character other than
/// whitespace.
fn looks_binary(text: &str) -> bool {
    let mut strings = StringTracker::default();
    for ch in text.chars() {
        if ch == '\0' {
            return true;
        }
        if strings.outside(ch)
            && (ch == '\u{fffd}' || (ch.is_control() && !matches!(ch, '\t' | '\n' | '\r')))
        {
            return true;
        }
    }
    false
}

/// Follows JSON string literals (quotes and escapes) through a character scan.
#[derive(Default)]
struct StringTracker {
    in_string: bool,
    escaped: bool,
}

impl StringTracker {
    /// Feeds `ch`; true when it stands outside any string (structure, not content).
    fn outside(&mut self, ch: char) -> bool {
        if self.in_string {
            match (self.escaped, ch) {
                (true, _) => self.escaped = false,
                (false, '\\') => self.escaped = true,
                (false, '"') => self.in_string = false,
                _ => {}
            }
            false
        } else {
            self.in_string = ch == '"';
            !self.in_string
        }
    }
}

/// The position where nesting first exceeds `MAX_DEPTH`, scanning outside strings.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut strings = StringTracker::default();
    let (mut line, mut column) = (1usize, 0usize);
    for ch in text.chars() {
        if ch == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if !strings.outside(ch) {
            continue;
        }
        match ch {
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
        assert!(
            msg.contains("at scenario.sites[0].cas_servers[0].ip"),
            "{msg}"
        );
        assert!(matches!(
            e.reason,
            LoadErrorReason::Invalid { line: Some(_), .. }
        ));
    }

    #[test]
    fn a_newer_file_asks_for_an_update() {
        let e = load(
            "new.json",
            r#"{"format":"cas-planner/scenario","version":8,"scenario":{}}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "new.json: this scenario was saved by a newer CAS Array Planner (file format version 8; \
             this planner reads up to 7). Update the planner to open it"
        );
    }

    #[test]
    fn unknown_fields_are_warnings() {
        let text = save(&examples::seed_fixed()).replacen(
            "\"organisation\"",
            "\"colour\": \"blue\",\n  \"organisation\"",
            1,
        );
        let loaded = load("x.json", &text).unwrap();
        assert_eq!(
            loaded.warnings,
            vec!["unknown field scenario.colour ignored"]
        );
        let text = save(&examples::seed_fixed()).replacen("\"ip\"", "\"rack\": [1],\n \"ip\"", 1);
        assert_eq!(
            load("x.json", &text).unwrap().warnings,
            vec!["unknown field scenario.sites[0].cas_servers[0].rack ignored"]
        );
    }

    /// Unknown keys in a flattened, internally tagged DNS record, in a static
    /// RPC port setting (tagged) and in an optional load balancer are named;
    /// the fields of the branch in use are not.
    #[test]
    fn unknown_fields_inside_tagged_and_optional_values() {
        let s = (examples::gallery()
            .into_iter()
            .find(|e| e.slug == "lb-missing-rpc-ports")
            .unwrap()
            .build)();
        let text = save(&s)
            .replacen("\"type\": \"A\",", "\"type\": \"A\", \"ttl\": 300,", 1)
            .replacen(
                "\"mode\": \"static\",",
                "\"mode\": \"static\", \"range\": 5,",
                1,
            )
            .replacen(
                "\"load_balancer\": {",
                "\"load_balancer\": {\"sticky\": true,",
                1,
            );
        let loaded = load("x.json", &text).unwrap();
        assert_eq!(loaded.scenario, s);
        let mut w = loaded.warnings;
        w.sort();
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(
            w[0].starts_with("unknown field scenario.dns_views[")
                && w[0].ends_with("].ttl ignored"),
            "{w:?}"
        );
        assert!(w[1].contains(".load_balancer.sticky ignored"), "{w:?}");
        assert!(w[2].contains(".rpc_ports.range ignored"), "{w:?}");
    }

    /// A file in an older layout is read after migration: its unknown fields
    /// and its errors are named by their path in the current layout.
    #[test]
    fn a_migrated_file_names_unknown_fields_and_errors() {
        let mut v: Value = serde_json::from_str(&save(&examples::seed_fixed())).unwrap();
        let Value::Object(mut top) = v["scenario"].take() else {
            panic!()
        };
        top.insert("format".into(), Value::String(FORMAT.into()));
        top.insert("colour".into(), Value::String("blue".into()));
        let v0 = Value::Object(top);
        let loaded = load("old.json", &v0.to_string()).unwrap();
        assert_eq!(loaded.migrated_from, Some(0));
        assert_eq!(
            loaded.warnings.last().map(String::as_str),
            Some("unknown field scenario.colour ignored")
        );
        let mut broken = v0.clone();
        broken["sites"][0]["cas_servers"][0]["ip"] = Value::String("10.10.10.999".into());
        let e = load("old.json", &broken.to_string()).unwrap_err();
        assert!(
            matches!(&e.reason, LoadErrorReason::Invalid { path, line: None, .. } if path == "scenario.sites[0].cas_servers[0].ip"),
            "{e}"
        );
    }

    /// A missing field is the object's, as the user would look for it.
    #[test]
    fn a_missing_field_names_its_object() {
        let text = save(&examples::seed_fixed()).replacen("\"ip\": \"10.10.10.11\",", "", 1);
        let e = load("x.json", &text).unwrap_err();
        assert!(
            matches!(&e.reason, LoadErrorReason::Invalid { path, message, .. }
            if path == "scenario.sites[0].cas_servers[0]" && message.contains("missing field `ip`")),
            "{e}"
        );
    }

    #[test]
    fn many_or_long_unknown_fields_stay_readable() {
        let extra: String = (0..50).map(|i| format!("\"x{i}\": 1, ")).collect();
        let long = "k".repeat(10_000);
        let text = save(&examples::seed_fixed()).replacen(
            "\"organisation\"",
            &format!("{extra}\"{long}\": 2, \"organisation\""),
            1,
        );
        let w = load("x.json", &text).unwrap().warnings;
        assert_eq!(w.len(), 21, "{w:?}");
        assert_eq!(w[20], "and 31 more unknown fields ignored");
        let text = save(&examples::seed_fixed()).replacen(
            "\"organisation\"",
            &format!("\"{long}\": 2, \"organisation\""),
            1,
        );
        let w = load("x.json", &text).unwrap().warnings;
        assert_eq!(
            w,
            vec![format!(
                "unknown field scenario.{}… ignored",
                "k".repeat(40)
            )]
        );
    }

    #[test]
    fn deep_nesting_and_syntax_errors_are_located() {
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(matches!(
            load("d.json", &deep).unwrap_err().reason,
            LoadErrorReason::TooDeep {
                line: 1,
                column: 33
            }
        ));
        let e = load(
            "s.json",
            "{\n  \"format\": \"cas-planner/scenario\",\n  oops\n}",
        )
        .unwrap_err();
        assert!(
            matches!(e.reason, LoadErrorReason::Syntax { line: 3, .. }),
            "{e}"
        );
    }

    #[test]
    fn download_names_are_safe_and_readable() {
        let mut s = examples::seed_fixed();
        assert_eq!(
            suggested_file_name(&s),
            "mycompany-cas-array-internal-only.casplan.json"
        );
        s.name = "../<script>".into();
        assert_eq!(suggested_file_name(&s), "script.casplan.json");
        // Letters of any script stay; ASCII capitals are lowered.
        s.name = "Société Générale: Paris".into();
        assert_eq!(
            suggested_file_name(&s),
            "société-générale-paris.casplan.json"
        );
    }

    #[test]
    fn other_json_is_not_a_scenario() {
        let e = load("p.json", r#"{"name":"package"}"#).unwrap_err();
        assert!(e.to_string().contains("not a CAS Array Planner scenario"));
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let text = format!("\u{feff}{}", save(&examples::seed_fixed()));
        assert_eq!(
            load("bom.json", &text).unwrap().scenario,
            examples::seed_fixed()
        );
    }

    #[test]
    fn empty_and_binary_files_say_what_they_are() {
        for blank in ["", " \n\t", "\u{feff}"] {
            assert_eq!(
                load("e.json", blank).unwrap_err().to_string(),
                "e.json: not a CAS Array Planner scenario: the file is empty"
            );
        }
        // What a browser makes of bytes that are not UTF-8.
        let garbage =
            String::from_utf8_lossy(&[0xff, 0xfe, 0x00, 0x9c, 0x80, 0x81, b'{', b'"', 0xc3, 0x28])
                .into_owned();
        let msg = load("g.bin", &garbage).unwrap_err().to_string();
        assert_eq!(
            msg,
            "g.bin:1:1: not valid JSON: the file is binary data, not text"
        );
        // A replacement character inside a string is text, and a real syntax error is reported as one.
        let msg = load("t.json", "{\"format\": \"\u{fffd}\" oops}")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("not valid JSON: expected"), "{msg}");
        // A syntax error at the start of a line has a column of at least 1.
        assert!(matches!(
            load("c.json", "{\n").unwrap_err().reason,
            LoadErrorReason::Syntax { column: 1.., .. }
        ));
    }

    #[test]
    fn a_file_just_over_the_limit_does_not_read_as_the_limit() {
        let e = LoadError {
            file_name: "h.json".into(),
            reason: LoadErrorReason::TooLarge {
                bytes: MAX_FILE_BYTES + 1,
            },
        };
        assert_eq!(
            e.to_string(),
            "h.json: the file is 16.1 MiB; the planner opens files up to 16 MiB"
        );
        let e = LoadError {
            file_name: "h.json".into(),
            reason: LoadErrorReason::TooLarge {
                bytes: 200 * 1024 * 1024,
            },
        };
        assert_eq!(
            e.to_string(),
            "h.json: the file is 200.0 MiB; the planner opens files up to 16 MiB"
        );
    }

    /// Files before version 4 are migrated (their views gain an audience),
    /// so their errors name the path only; a current file's errors keep
    /// line and column. The seed's views migrate to the audiences it has.
    #[test]
    fn old_files_name_the_path_and_current_files_the_line() {
        let broken =
            save(&examples::seed_fixed()).replacen("\"10.10.10.11\"", "\"10.10.10.999\"", 1);
        let e = load("new.json", &broken).unwrap_err();
        assert!(
            matches!(
                e.reason,
                LoadErrorReason::Invalid {
                    line: Some(_),
                    column: Some(_),
                    ..
                }
            ),
            "{e}"
        );
        let e = load(
            "old.json",
            &broken.replacen("\"version\": 7", "\"version\": 1", 1),
        )
        .unwrap_err();
        assert!(
            matches!(&e.reason, LoadErrorReason::Invalid { path, line: None, .. } if path == "scenario.sites[0].cas_servers[0].ip"),
            "{e}"
        );
        let loaded = load(
            "old.json",
            &save(&examples::seed_fixed()).replacen("\"version\": 7", "\"version\": 1", 1),
        )
        .unwrap();
        assert_eq!(
            (loaded.scenario, loaded.migrated_from),
            (examples::seed_fixed(), Some(1))
        );
        // The text already gives each view's audience: kept, nothing to say.
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn the_version_is_read_from_the_layout_when_missing() {
        let seed = examples::seed_fixed();
        let scenario = serde_json::to_value(&seed).unwrap();
        // A "scenario" object without "version": version 1, written by hand.
        let v1 = serde_json::json!({"format": FORMAT, "scenario": scenario}).to_string();
        let loaded = load("v1.json", &v1).unwrap();
        assert_eq!(
            (loaded.scenario, loaded.migrated_from),
            (seed.clone(), Some(1))
        );
        // Scenario fields at the top level: version 0, migrated.
        let mut v0 = scenario.as_object().unwrap().clone();
        v0.insert("format".into(), FORMAT.into());
        let loaded = load("v0.json", &Value::Object(v0).to_string()).unwrap();
        assert_eq!((loaded.scenario, loaded.migrated_from), (seed, Some(0)));
        // An explicit version must be a whole number from 1.
        for bad in ["0", "-1", "1.5", "\"1\"", "null"] {
            let text =
                format!("{{\"format\": \"{FORMAT}\", \"version\": {bad}, \"scenario\": {{}}}}");
            let msg = load("v.json", &text).unwrap_err().to_string();
            assert!(
                msg.starts_with("v.json: at version: expected a positive whole number"),
                "{bad}: {msg}"
            );
        }
        // Version 1 without its scenario says what is missing.
        let msg = load(
            "n.json",
            &format!("{{\"format\": \"{FORMAT}\", \"version\": 1}}"),
        )
        .unwrap_err()
        .to_string();
        assert!(msg.contains("missing field `scenario`"), "{msg}");
    }
}
