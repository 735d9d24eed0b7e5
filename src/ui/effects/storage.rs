//! Autosave to localStorage, restore on load, and the guard that stops two
//! tabs from silently overwriting each other's work.
//!
//! The record names the tab that wrote it. A `storage` event (browsers fire it
//! only in *other* tabs) means another tab saved: this tab then pauses its
//! autosave and asks the user which design to keep.

use cas_planner_core::file::{self, Loaded};
use cas_planner_core::Scenario;
use gloo::events::EventListener;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

/// Storage key; the suffix versions the record layout (the file inside has its own version).
pub const KEY: &str = "cas-planner/autosave/v1";

#[derive(Serialize, Deserialize)]
struct Record {
    tab: String,
    saved_at_ms: f64,
    /// The scenario as a scenario file (same format as Save).
    file: String,
}

thread_local! {
    static TAB_ID: String = format!("tab-{:x}", (js_sys::Math::random() * 1e15) as u64);
}

pub fn tab_id() -> String {
    TAB_ID.with(|t| t.clone())
}

fn storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| {
            "this browser does not allow storage for this page (private mode or a policy)"
                .to_string()
        })
}

/// The autosaved design, if any: Ok(None) when nothing is saved.
pub fn restore() -> Result<Option<Loaded>, String> {
    let Some(text) = storage()?.get_item(KEY).ok().flatten() else {
        return Ok(None);
    };
    let record: Record = serde_json::from_str(&text)
        .map_err(|e| format!("the autosaved design is unreadable ({e})"))?;
    file::load("autosaved design", &record.file)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Writes the design; the error says why storage refused it (full, disabled…).
/// A design identical to the stored one is not rewritten, so merely opening
/// a second tab never looks like a change to the first.
pub fn save(scenario: &Scenario) -> Result<(), String> {
    let storage = storage()?;
    let file = file::save(scenario);
    let stored = storage
        .get_item(KEY)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str::<Record>(&t).ok());
    if stored.is_some_and(|r| r.file == file) {
        return Ok(());
    }
    let record = Record {
        tab: tab_id(),
        saved_at_ms: js_sys::Date::now(),
        file,
    };
    let text = serde_json::to_string(&record).map_err(|e| e.to_string())?;
    storage.set_item(KEY, &text).map_err(|e| {
        let name = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.name()))
            .unwrap_or_default();
        if name.contains("Quota") {
            format!("browser storage is full ({} kB needed)", text.len() / 1024)
        } else {
            "the browser refused to store the design".to_string()
        }
    })
}

/// Calls `on_change` with the design file another tab just autosaved.
pub fn on_other_tab_save(on_change: impl Fn(String) + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new(&window, "storage", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        if e.key().as_deref() != Some(KEY) {
            return;
        }
        let record = e
            .new_value()
            .and_then(|v| serde_json::from_str::<Record>(&v).ok());
        if let Some(r) = record.filter(|r| r.tab != tab_id()) {
            on_change(r.file);
        }
    }))
}
