//! One component per file; each renders props and dispatches actions.
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
mod present;
mod print_report;
mod topology;

pub use client_list::ClientList;
pub use commands::CommandsPanel;
pub use compare::ComparePanel;
pub use design_panel::DesignPanel;
pub use findings::Findings;
pub use gallery::Gallery;
pub use header::Header;
pub use import::ImportDialog;
pub use path_view::PathView;
pub use present::Presenter;
pub use print_report::PrintReport;
pub use topology::Topology;

use std::rc::Rc;

/// Shared data passed as a prop, compared by pointer: a 20,000-record
/// scenario must not be compared field by field on every render.
pub struct Shared<T>(pub Rc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
}

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
