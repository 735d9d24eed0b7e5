//! Version 1 (2026-11), the current layout:
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 1, "scenario": { … }}
//! ```
//!
//! The scenario object is the model (`crate::model::Scenario`) as serde writes
//! it. While 1 is the current version the model *is* the v1 layout; when a
//! model change alters what is written, this module gets frozen copies of the
//! v1 structs (or stays a `serde_json::Value` layout), a `migrate_v1_to_v2`
//! joins the loop in `file.rs`, and `CURRENT_VERSION` becomes 2.

use crate::model::Scenario;
use serde::{Deserialize, Serialize};

/// The envelope as written and read in version 1. `version` may be missing
/// when read (a hand-written file with a `scenario` object is version 1).
#[derive(Serialize, Deserialize)]
pub(super) struct Envelope<S> {
    pub format: String,
    #[serde(default)]
    pub version: Option<u64>,
    pub scenario: S,
}

// The envelope as the JSON Schema describes it: what this planner writes.
// (Not a doc comment: schemars would publish it as the description.)
#[derive(schemars::JsonSchema)]
#[schemars(
    title = "CAS Array Planner scenario file",
    description = "A design saved by CAS Array Planner (.casplan.json); fields are described in docs/scenario-format.md."
)]
#[allow(dead_code)] // only its schema is used
pub(super) struct SchemaEnvelope {
    /// Always "cas-planner/scenario".
    #[schemars(extend("const" = "cas-planner/scenario"))]
    format: String,
    /// File format version; this planner writes 1 (older versions are migrated on load).
    #[schemars(extend("const" = 1))]
    version: u64,
    scenario: Scenario,
}
