//! The page's life: its first frame, the marks `make bench` times, and a
//! newer version deployed while it is open.

use crate::ui::effects;
use yew::prelude::*;

/// The first frame shows the page and the design's examples; the analysis
/// and every pane that shows it follow once the browser has painted that
/// frame, so the planner is on screen sooner (`make bench` times both).
/// The handle is the page's "complete" flag: false for the first frame,
/// true after its paint (or at once, when something sets it sooner).
#[hook]
pub fn use_first_frame() -> UseStateHandle<bool> {
    let complete = use_state(|| false);
    {
        let complete = complete.clone();
        use_effect_with(*complete, move |done| {
            if *done {
                effects::mark_once("cas:complete");
            } else {
                effects::after_next_paint(move || complete.set(true));
            }
        });
    }
    complete
}

/// Whether a newer version was deployed under this URL while this page was
/// open. Watched from the service worker, registered once the page is
/// `complete`.
#[hook]
pub fn use_update_watch(complete: bool) -> bool {
    let update_ready = use_state(|| false);
    {
        let update_ready = update_ready.clone();
        use_effect_with(complete, move |done| {
            let mut update = None;
            if *done {
                // Installing the worker fetches and caches the whole site:
                // once the page is complete, not competing with it.
                effects::sw::register();
                update = effects::sw::watch_for_update(move || update_ready.set(true));
            }
            move || drop(update)
        });
    }
    *update_ready
}

/// On mount: the first render's time and the build's name on the page.
#[hook]
pub fn use_startup_marks() {
    use_effect_with((), |_| {
        effects::mark_first_render();
        effects::mark_build();
    });
}
