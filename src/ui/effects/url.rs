//! The URL: share links live in the fragment, which browsers never send to
//! a server.

use cas_planner_core::share;
use gloo::events::EventListener;

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The shared-design fragment of the current URL, if any, removed from the
/// address bar so a reload does not re-open it over later edits.
pub fn take_shared_fragment() -> Option<String> {
    let hash = location()?.hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash).to_string();
    if !share::is_share_fragment(&fragment) {
        return None;
    }
    let window = web_sys::window()?;
    if let (Ok(history), Ok(path)) = (window.history(), window.location().pathname()) {
        let search = window.location().search().unwrap_or_default();
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
    Some(fragment)
}

/// The full link for a fragment.
pub fn link_for(fragment: &str) -> String {
    let Some(loc) = location() else {
        return format!("#{fragment}");
    };
    let base = format!(
        "{}{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    format!("{base}#{fragment}")
}

/// Best effort: the link is also shown for manual copying.
pub fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Calls `on_share` when a share link is pasted into this tab's address bar.
pub fn on_shared_fragment(on_share: impl Fn(String) + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new(&window, "hashchange", move |_| {
        if let Some(f) = take_shared_fragment() {
            on_share(f);
        }
    }))
}
