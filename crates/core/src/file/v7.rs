//! Version 7 (2026-12), the current layout:
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 7, "scenario": { … }}
//! ```
//!
//! The scenario object is the model (`crate::model::Scenario`) as serde writes
//! it. New in version 7, coexistence and migration (§11): the scenario's
//! `migration` (a plan's steps, each a list of edits as `crate::model::Edit`
//! writes them), each CAS's `windows` and `kb3140410`, and Outlook
//! Anywhere's `iis_auth`. Objects inside a step's edits have the layout of
//! objects in the design: a later migration changes both.
//! While 7 is the current version the model *is* the v7 layout; when a model
//! change alters what is written, this module gets a frozen
//! `migrate_v7_to_v8`, and the envelope below moves to the new version's module.

use crate::model::Scenario;
use serde::{Deserialize, Serialize};

/// The envelope as written and read. `version` may be missing when read (a
/// hand-written file with a `scenario` object is read as version 1).
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
    /// File format version; this planner writes 7 (older versions are migrated on load).
    #[schemars(extend("const" = 7))]
    version: u64,
    scenario: Scenario,
}
