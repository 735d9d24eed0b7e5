//! CAS Array Planner core: the scenario model, DNS views, the Outlook
//! connection-path simulator, the advisor and the scenario file format.
//!
//! No web dependencies: this crate is used by the Yew app (compiled to wasm)
//! and by the native `cas-planner` command-line tool, and is tested natively.

pub mod advisor;
pub mod analysis;
pub mod dns;
pub mod edit;
pub mod examples;
pub mod file;
pub mod generate;
pub mod history;
pub mod list;
pub mod model;
pub mod report;
pub mod share;
pub mod sim;
pub mod validate;
pub mod world;

pub use model::Scenario;
pub use sim::{compare, simulate};
