//! Autosave to this browser's storage, and the guard against another tab
//! silently overwriting this one's work (the browser side is
//! `effects::storage`).

use crate::ui::effects::{self, storage};
use crate::ui::shared::Shared;
use crate::ui::state::{Action, EditorHandle};
use cas_planner_core::Scenario;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Autosave waits this long after the last change, so typing through a
/// large design never waits on storage; leaving the page saves at once.
const AUTOSAVE_DELAY_MS: u32 = 300;

/// Whether another tab autosaved a different design: then autosave pauses
/// here until the user picks a design.
#[hook]
pub fn use_tab_conflict(scenario: &Rc<Scenario>) -> UseStateHandle<bool> {
    let conflict = use_state(|| false);
    // The design on screen, for comparing with what another tab saved.
    let current = use_mut_ref(|| scenario.clone());
    *current.borrow_mut() = scenario.clone();
    {
        let conflict = conflict.clone();
        use_effect_with((), move |_| {
            // Only a different design is a conflict (the other tab may have saved what we show).
            let other_tab = storage::on_other_tab_save(move |theirs| {
                if theirs != cas_planner_core::file::save(&current.borrow()) {
                    conflict.set(true);
                }
            });
            move || drop(other_tab)
        });
    }
    conflict
}

/// What autosave shows the user: a conflict with another tab, and why the
/// last save failed, if it did.
pub struct Autosave {
    pub conflict: UseStateHandle<bool>,
    pub error: UseStateHandle<Option<String>>,
}

/// Saves `scenario` a moment after each change and when the page is hidden,
/// unless the `conflict` with another tab pauses it.
#[hook]
pub fn use_autosave(scenario: &Rc<Scenario>, conflict: &UseStateHandle<bool>) -> Autosave {
    let storage_error = use_state(|| None::<String>);
    let unsaved = use_mut_ref(|| None::<Rc<Scenario>>);
    {
        let (unsaved, storage_error) = (unsaved.clone(), storage_error.clone());
        use_effect_with((), move |_| {
            let flush = effects::on_page_hide(move || flush_autosave(&unsaved, &storage_error));
            move || drop(flush)
        });
    }
    {
        let (unsaved, storage_error, paused) = (unsaved.clone(), storage_error.clone(), **conflict);
        use_effect_with((Shared(scenario.clone()), paused), move |(s, paused)| {
            let timer = (!*paused).then(|| {
                *unsaved.borrow_mut() = Some(s.0.clone());
                Timeout::new(AUTOSAVE_DELAY_MS, move || {
                    flush_autosave(&unsaved, &storage_error)
                })
            });
            move || drop(timer)
        });
    }
    Autosave {
        conflict: conflict.clone(),
        error: storage_error,
    }
}

/// Writes the pending design, if any, and shows or clears the storage error.
fn flush_autosave(
    unsaved: &Rc<RefCell<Option<Rc<Scenario>>>>,
    storage_error: &UseStateHandle<Option<String>>,
) {
    let Some(s) = unsaved.borrow_mut().take() else {
        return;
    };
    match storage::save(&s) {
        Ok(()) => {
            if storage_error.is_some() {
                storage_error.set(None);
            }
        }
        Err(e) => storage_error.set(Some(e)),
    }
}

impl Autosave {
    /// Ends a conflict: open the other tab's design (`take_theirs`) or keep
    /// this one, saving it over theirs. Autosave resumes either way.
    pub fn resolve(&self, editor: &EditorHandle, take_theirs: bool) -> Callback<MouseEvent> {
        let (editor, conflict, storage_error) =
            (editor.clone(), self.conflict.clone(), self.error.clone());
        Callback::from(move |_| {
            if take_theirs {
                match storage::restore() {
                    Ok(Some(l)) => editor.dispatch(Action::Load {
                        scenario: l.scenario,
                        label: "the design saved by the other tab".into(),
                    }),
                    Ok(None) => {}
                    Err(e) => editor.dispatch(Action::Fail(e)),
                }
            } else if let Err(e) = storage::save(editor.scenario()) {
                storage_error.set(Some(e));
            }
            conflict.set(false);
        })
    }
}
