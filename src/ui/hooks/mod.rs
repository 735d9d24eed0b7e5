//! The app's custom hooks: the state that lives beside the reducer (the
//! page's first frame, the analysis, autosave, printing, the import dialog)
//! and the browser listeners bound to a component's life (added when it
//! mounts, removed when it goes). The browser calls themselves are in
//! `effects`; these tie them to Yew's hooks.

mod files;

pub use files::use_design_reader;
