//! Browser side effects, kept in one place: start-up state, autosave,
//! files, the URL and clipboard, the service worker, performance marks and
//! keyboard shortcuts. Components call these from callbacks and effect hooks;
//! the reducer never does.

pub mod files;
pub mod storage;
pub mod sw;
pub mod url;

use crate::ui::state::Startup;
use cas_planner_core::share;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::KeyboardEvent;

fn set_window_number(key: &str, value: f64) {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &JsValue::from_str(key), &JsValue::from_f64(value));
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Records `window.__firstRenderMs` once, for `make bench`'s first-render figure.
pub fn mark_first_render() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("__firstRenderMs");
    if js_sys::Reflect::get(&window, &key)
        .map(|v| v.is_undefined())
        .unwrap_or(false)
    {
        set_window_number("__firstRenderMs", now());
    }
}

thread_local! {
    /// The marks already written, so a call on a hot path (every edit's
    /// analysis) costs a lookup here instead of a call into the page.
    static MARKED: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A named point on the page's performance timeline (`performance.mark`),
/// the first time only: `make bench` splits the first render at these.
pub fn mark_once(name: &'static str) {
    if MARKED.with_borrow_mut(|m| {
        if m.contains(&name) {
            false
        } else {
            m.push(name);
            true
        }
    }) {
        if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
            let _ = perf.mark(name);
        }
    }
}

/// Runs `f` once the browser has painted what is now rendered: the next
/// animation frame, then a task after it (the frame's paint comes between).
/// A page in a background tab gets no frames, so a timer runs `f` anyway
/// after `PAINT_FALLBACK_MS`; whichever comes first runs it.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    const PAINT_FALLBACK_MS: i32 = 100;
    let Some(window) = web_sys::window() else {
        return f();
    };
    let once = std::rc::Rc::new(std::cell::Cell::new(Some(f)));
    let run = move || {
        if let Some(f) = once.take() {
            f();
        }
    };
    let run2 = run.clone();
    let frame = Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(Closure::once_into_js(run).unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(frame.unchecked_ref());
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        Closure::once_into_js(run2).unchecked_ref(),
        PAINT_FALLBACK_MS,
    );
}

/// Removes the page's shell (`#app-shell` in index.html: the header and the
/// panes drawn by the HTML alone while the code downloads). Called by `main`
/// just before the app renders: no frame is painted in between, so the
/// app's first frame replaces the shell without a blank.
pub fn remove_shell() {
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app-shell"))
    {
        shell.remove();
    }
}

/// Which build this is: `CAS_PLANNER_BUILD` at compile time (a release
/// pipeline's id), else the crate's version. Written on `<html data-build>`
/// so a support call (and the update test) can tell two deployments apart.
pub const BUILD: &str = match option_env!("CAS_PLANNER_BUILD") {
    Some(b) => b,
    None => env!("CARGO_PKG_VERSION"),
};

pub fn mark_build() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-build", BUILD);
    }
}

/// Loads the page again (the newer version, when one was deployed).
pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Counts renders of the app shell and stamps the last one, so the edit
/// benchmark can time an input event to the updated results.
pub fn mark_render() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let count = js_sys::Reflect::get(&window, &JsValue::from_str("__renderCount"))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    set_window_number("__renderCount", count + 1.0);
    set_window_number("__lastRenderMs", now());
}

/// Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z or Ctrl/Cmd+Y redoes. Uses the
/// layout's character (`key`), so it follows the Z key on AZERTY or QWERTZ.
/// Text fields keep their own undo.
pub fn on_undo_shortcut(on: impl Fn(bool) + 'static) -> Option<EventListener> {
    let document = web_sys::window()?.document()?;
    // Not passive: the browser's own Ctrl+Z must be prevented.
    let options = EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(
        &document,
        "keydown",
        options,
        move |e| {
            let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
                return;
            }
            let in_text = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA")
                        || el.has_attribute("contenteditable")
                });
            if in_text {
                return;
            }
            let redo = match e.key().to_ascii_lowercase().as_str() {
                "z" => e.shift_key(),
                "y" => true,
                _ => return,
            };
            e.prevent_default();
            on(redo);
        },
    ))
}

/// Reads what the browser holds at start-up: a share link in the URL and the
/// autosaved design. Nothing is lost: a shared design opens on top of the
/// autosaved one, which stays one undo away.
pub fn startup() -> Startup {
    let mut start = Startup {
        autosaved: None,
        shared: None,
        notice: None,
        error: None,
    };
    match storage::restore() {
        Ok(Some(loaded)) => {
            start.autosaved = Some(loaded.scenario);
            start.notice = Some("Restored your design from this browser's autosave.".into());
        }
        Ok(None) => {}
        Err(e) => {
            start.error = Some(format!(
                "Autosave could not be restored: {e}. Starting from the example."
            ))
        }
    }
    if let Some(fragment) = url::take_shared_fragment() {
        match share::decode(&fragment) {
            Ok(loaded) => {
                start.notice = Some(if start.autosaved.is_some() {
                    "Opened the design from the shared link. Undo returns to the design you had in this browser.".into()
                } else {
                    "Opened the design from the shared link.".into()
                });
                start.shared = Some(loaded.scenario);
            }
            Err(e) => start.error = Some(e.to_string()),
        }
    }
    start
}

/// Calls `f` when the page is hidden or closed (the last chance to save).
pub fn on_page_hide(f: impl Fn() + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new(&window, "pagehide", move |_| f()))
}

/// Scrolls the design tree's row for object `id` into view, if it is rendered.
pub fn scroll_to_object(id: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // Ids are attribute values; select by comparing rather than building a selector from user text.
    let Ok(rows) = document.query_selector_all("[data-object]") else {
        return;
    };
    for i in 0..rows.length() {
        if let Some(el) = rows
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            if el.get_attribute("data-object").as_deref() == Some(id) {
                // "nearest": a row already on screen does not jump.
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                el.scroll_into_view_with_scroll_into_view_options(&options);
                return;
            }
        }
    }
}

/// Printing: `before` runs when the browser is about to print (Ctrl+P, the
/// menu, `print()`), `after` when it is done; Ctrl/Cmd+P itself is taken so
/// the report is rendered before the print dialog lays the page out.
pub fn on_print(
    before: impl Fn() + 'static,
    after: impl Fn() + 'static,
    shortcut: impl Fn() + 'static,
) -> Option<[EventListener; 3]> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let options = EventListenerOptions::enable_prevent_default();
    let key = EventListener::new_with_options(&document, "keydown", options, move |e| {
        let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        if (e.ctrl_key() || e.meta_key())
            && !e.alt_key()
            && !e.shift_key()
            && e.key().eq_ignore_ascii_case("p")
        {
            e.prevent_default();
            shortcut();
        }
    });
    Some([
        EventListener::new(&window, "beforeprint", move |_| before()),
        EventListener::new(&window, "afterprint", move |_| after()),
        key,
    ])
}

/// Opens the browser's print dialog for the page as it is now rendered.
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}
