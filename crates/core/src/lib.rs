//! CAS Array Planner core: the scenario model, DNS views, the Outlook
//! connection-path simulator, the advisor and the scenario file format.
//!
//! No web dependencies: this crate is used by the Yew app (compiled to wasm)
//! and by the native `cas-planner` command-line tool, and is tested natively.
//!
//! The modules form layers, each using only those below it (docs/architecture.md,
//! "The core's layers"; `tests/layers.rs` holds the code to it): `list`,
//! `model`; `names`, `text`; `objects` (the one walk over a design);
//! `rules` (field rules); `validate`, `edit`; `world` (indexes); `dns`;
//! `sim`; `cost` (the daily wait); `advisor`; `analysis` (the orchestrator); `fixes`;
//! `commands`; `draw` (pictures); then `report`, `file`, `history`, `examples`,
//! `generate`; `import`; `share`. Within a module, the submodules form no
//! cycle either. Every § cited in the code is a section of
//! `docs/behaviour-model.md`.

pub mod advisor;
pub mod analysis;
pub mod commands;
pub mod cost;
// Public for tests/bind_reference.rs, which holds `resolve` to BIND's answers.
pub mod dns;
pub mod draw;
pub mod edit;
pub mod examples;
pub mod file;
pub mod fixes;
pub mod generate;
pub mod history;
pub mod import;
pub mod list;
pub mod migration;
pub mod model;
pub(crate) mod names;
pub mod objects;
pub mod report;
pub mod rules;
pub mod share;
pub mod sim;
pub(crate) mod text;
pub mod validate;
pub mod world;

pub use model::Scenario;

/// Hash maps and sets keyed by ids and names from the user's own design: a
/// fast non-keyed hash is safe there, and SipHash's cost is not worth paying
/// on every look-up.
pub(crate) type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
pub(crate) type FastSet<T> = rustc_hash::FxHashSet<T>;
pub use sim::{compare, simulate};
