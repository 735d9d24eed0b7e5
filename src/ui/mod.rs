//! The Yew UI. `state` owns the scenario (the only reducer); `components`
//! render and dispatch; `effects` is where browser side effects live.
pub mod app;
pub mod components;
pub mod effects;
pub mod state;

pub use app::App;
