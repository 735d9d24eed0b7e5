//! One component per file; each renders props and dispatches actions.
mod autodiscover;
mod client_list;
mod commands;
mod compare;
mod design_panel;
mod drawing;
pub mod fields;
mod findings;
mod gallery;
mod header;
mod import;
mod inspector;
mod path_view;
mod plan_bar;
mod plan_present;
mod present;
mod print_report;
mod topology;

pub use client_list::ClientList;
pub use commands::{CommandsPanel, StepPlan};
pub use compare::ComparePanel;
pub use design_panel::DesignPanel;
pub use findings::Findings;
pub use gallery::Gallery;
pub use header::Header;
pub use import::ImportDialog;
pub use path_view::PathView;
pub use plan_bar::PlanBar;
pub use plan_present::PlanPresenter;
pub use present::Presenter;
pub use print_report::PrintReport;
pub use topology::Topology;

// Props compared by pointer; in `ui::shared` so the hooks need not reach up here.
pub use crate::ui::shared::Shared;

/// Times as the whole product writes them ("21.9 s", "920 ms"): the core's
/// one formatter, shared with the CLI, the report and the drawings.
pub use cas_planner_core::sim::format_ms;

/// CSS class for a delay: what a user on the other end would feel
/// (`sim::Wait`, the one set of thresholds).
pub fn delay_class(ms: u64, outcome: &cas_planner_core::sim::Outcome) -> &'static str {
    use cas_planner_core::sim::Wait;
    match Wait::of(ms, outcome) {
        Wait::Failed => "delay-failed",
        Wait::Fine => "delay-ok",
        Wait::Slow => "delay-slow",
        Wait::Bad => "delay-bad",
    }
}
