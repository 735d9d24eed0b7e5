//! Version 5 (2026-12), the current layout:
//!
//! ```json
//! {"format": "cas-planner/scenario", "version": 5, "scenario": { … }}
//! ```
//!
//! The scenario object is the model (`crate::model::Scenario`) as serde writes
//! it. New in version 5, what Autodiscover meets (§6): each CAS's
//! `autodiscover_site_scope` and `certificate_names`, the organisation's
//! `autodiscover.web_hosts` and `autodiscover.scp_pointers`, each client's
//! `ad_site` and Autodiscover switches (`autodiscover_exclude`,
//! `prefer_local_xml`, `local_xml`, `redirect_servers`,
//! `cached_autodiscover_url`, `office365`), and seven spans in `ranges`.
//! While 5 is the current version the model *is* the v5 layout; when a model
//! change alters what is written, this module gets a frozen
//! `migrate_v5_to_v6`, and the envelope below moves to the new version's module.

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
    /// File format version; this planner writes 5 (older versions are migrated on load).
    #[schemars(extend("const" = 5))]
    version: u64,
    scenario: Scenario,
}
