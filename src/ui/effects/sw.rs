//! Registers the service worker (`sw.js`) that keeps the app usable offline.

/// Only over http(s): file:// pages cannot have a service worker.
pub fn register() {
    let Some(window) = web_sys::window() else { return };
    let protocol = window.location().protocol().unwrap_or_default();
    if protocol != "http:" && protocol != "https:" {
        return;
    }
    let container = window.navigator().service_worker();
    // A failed registration only loses offline use; the app works without it.
    let _ = container.register("./sw.js");
}
