//! CAS Array Planner web app: a thin Yew UI over `cas-planner-core`.
pub mod ui;
