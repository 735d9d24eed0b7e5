//! The service worker (`sw.js`): registration, which keeps the app usable
//! offline, and the watch for a newer deployment under the same URL.

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use wasm_bindgen::{JsCast, JsValue};

/// Only over http(s): file:// pages cannot have a service worker.
fn available() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let protocol = window.location().protocol().unwrap_or_default();
    (protocol == "http:" || protocol == "https:").then_some(window)
}

pub fn register() {
    let Some(window) = available() else { return };
    // A failed registration only loses offline use; the app works without it.
    let _ = window.navigator().service_worker().register("./sw.js");
}

/// How often an open page asks whether a new version was deployed.
const CHECK_EVERY_MS: u32 = 10 * 60 * 1000;

/// Stops watching when dropped.
pub struct UpdateWatch {
    _message: EventListener,
    _visible: EventListener,
    _timer: Interval,
}

/// Calls `on_new` when the page deployed under this URL no longer loads the
/// script this page runs: a new version is there, and a reload gets it.
/// The worker fetches the page from the network when asked (at start, when
/// the page becomes visible again, every ten minutes); offline, nothing is
/// said. None without a service worker or without Trunk's module preload.
pub fn watch_for_update(on_new: impl Fn() + 'static) -> Option<UpdateWatch> {
    let window = available()?;
    let document = window.document()?;
    // Trunk preloads the app's hashed script; its URL names this version.
    let running = document
        .query_selector("link[rel=modulepreload]")
        .ok()??
        .unchecked_into::<web_sys::HtmlLinkElement>()
        .href();
    let container = window.navigator().service_worker();
    let message = EventListener::new(&container, "message", move |e| {
        let Some(data) = e.dyn_ref::<web_sys::MessageEvent>().map(|m| m.data()) else {
            return;
        };
        let field = |k: &str| {
            js_sys::Reflect::get(&data, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
        };
        if field("type").as_string().as_deref() != Some("deployed") {
            return;
        }
        let assets: js_sys::Array = field("assets").dyn_into().unwrap_or_default();
        if !assets
            .iter()
            .any(|a| a.as_string().as_deref() == Some(running.as_str()))
        {
            on_new();
        }
    });
    // Messages wait in a queue until the page says it listens
    // (startMessages is not in web-sys's stable API).
    if let Ok(start) = js_sys::Reflect::get(&container, &JsValue::from_str("startMessages"))
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = start.call0(&container);
    }
    let ask = move || {
        let container = web_sys::window().map(|w| w.navigator().service_worker());
        wasm_bindgen_futures::spawn_local(async move {
            let Some(ready) = container.and_then(|c| c.ready().ok()) else {
                return;
            };
            let Ok(reg) = wasm_bindgen_futures::JsFuture::from(ready).await else {
                return;
            };
            let Some(worker) = reg
                .unchecked_into::<web_sys::ServiceWorkerRegistration>()
                .active()
            else {
                return;
            };
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(
                &msg,
                &JsValue::from_str("type"),
                &JsValue::from_str("check-update"),
            );
            let _ = worker.post_message(&msg);
        });
    };
    ask();
    let visible = {
        let document = document.clone();
        EventListener::new(&document.clone(), "visibilitychange", move |_| {
            if document.visibility_state() == web_sys::VisibilityState::Visible {
                ask();
            }
        })
    };
    let timer = Interval::new(CHECK_EVERY_MS, ask);
    Some(UpdateWatch {
        _message: message,
        _visible: visible,
        _timer: timer,
    })
}
