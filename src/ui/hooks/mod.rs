//! The app's custom hooks: the state that lives beside the reducer (the
//! page's first frame, the analysis, autosave, printing, the import dialog)
//! and the browser listeners bound to a component's life (added when it
//! mounts, removed when it goes). The browser calls themselves are in
//! `effects`; these tie them to Yew's hooks.

mod analysis;
mod autosave;
mod files;
mod modal;
mod page;
mod presenter;
mod print;
mod share_link;
mod shortcuts;

pub use analysis::{
    use_analysis, use_cost, use_derive_rest, use_pinned, use_plan_analyses, use_step_compare,
    Pinned, StepCompare, StepComparison, StepResults,
};
pub use autosave::{use_autosave, use_tab_conflict, Autosave};
pub use files::{use_design_reader, use_import_dialog, ImportDialogState};
pub use modal::use_show_modal;
pub use page::{use_first_frame, use_startup_marks, use_update_watch};
pub use presenter::{use_presenter_mode, PresenterMode};
pub use print::{use_print, Printing};
pub use share_link::use_shared_link;
pub use shortcuts::use_undo_shortcut;
