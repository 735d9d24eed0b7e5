//! Version 6 (2026-12), the current layout:
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 6, "scenario": { … }}
//! ```
//!
//! The scenario object is the model (`crate::model::Scenario`) as serde writes
//! it. New in version 6, versions as they connect (§10): Outlook `2019`,
//! `2021`, `365`; Exchange `2019`, `se`; each CAS's `exchange_version` and
//! `build`; the organisation's `mapi_http_enabled`; each client's
//! `mapi_http_updates`, `mapi_http_disabled`, `mailbox_mapi_http_enabled`
//! and `ip_stack`; `AAAA` records; four spans in `ranges`.
//! While 6 is the current version the model *is* the v6 layout; when a model
//! change alters what is written, this module gets a frozen
//! `migrate_v6_to_v7`, and the envelope below moves to the new version's module.

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
    /// File format version; this planner writes 6 (older versions are migrated on load).
    #[schemars(extend("const" = 6))]
    version: u64,
    scenario: Scenario,
}
