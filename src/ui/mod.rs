//! The Yew UI. `state` owns the scenario (the only reducer); `components`
//! render and dispatch; `effects` is where browser side effects live;
//! `hooks` ties the app's own state and those effects to a component's life.
pub mod app;
pub mod components;
pub mod effects;
pub mod hooks;
pub mod shared;
pub mod state;

pub use app::App;
