//! The one reducer: the scenario with its undo history, plus UI selection and
//! the pinned "before" design for comparisons. `reduce` is pure: effects live
//! in `effects` and run from components' effect hooks.

use cas_planner_core::edit::Edit;
use cas_planner_core::file;
use cas_planner_core::history::History;
use cas_planner_core::{examples, Scenario};
use std::rc::Rc;
use yew::prelude::*;

/// The example a first visit opens: the seed post's leaking design.
pub const START_EXAMPLE: &str = "seed-leaking";

#[derive(Debug, Clone, PartialEq)]
pub struct Editor {
    pub history: History<Scenario>,
    /// The client whose path is shown; None shows the slowest one.
    pub selected_client: Option<String>,
    /// What the design panel has open (an object is also highlighted in the diagram).
    pub selected_object: Option<Selection>,
    /// The design pinned as "before" for the compare view.
    pub pinned: Option<Rc<Scenario>>,
    /// A message for the user about the last action (e.g. what was loaded).
    pub notice: Option<String>,
    /// The last rejected edit: which object, and why (shown next to its form).
    pub error: Option<EditRejected>,
}

/// What the design panel has open: the design's own settings or one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Name, organisation, Autodiscover and the perimeter's default action.
    Settings,
    Object(String),
}

impl Selection {
    /// The selected object's id, when an object is selected.
    pub fn object_id(&self) -> Option<&str> {
        match self {
            Selection::Settings => None,
            Selection::Object(id) => Some(id),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EditRejected {
    /// What the rejected edit was about, if it came from a form.
    pub object: Option<Selection>,
    pub message: String,
}

/// What the browser held at start-up (read by `effects::startup`).
pub struct Startup {
    /// The autosaved design, if any.
    pub autosaved: Option<Scenario>,
    /// A design opened from a share link: placed on top of the autosaved one,
    /// which stays one undo away.
    pub shared: Option<Scenario>,
    pub notice: Option<String>,
    pub error: Option<String>,
}

pub enum Action {
    /// Replace the design, keeping the old one one undo away.
    Load {
        scenario: Scenario,
        label: String,
    },
    /// Parse a scenario file's text and load it, or report what is wrong with it.
    Import {
        name: String,
        text: String,
    },
    /// A scenario file that could not be opened (refused before reading it).
    Refused(file::LoadError),
    /// Report a failure that is not about one object (storage, download…).
    Fail(String),
    /// Change the design; `object` is what the edit is about, for messages.
    Edit {
        edit: Edit,
        object: Option<Selection>,
    },
    /// An edit a form has already applied to `base` (to show a refusal next
    /// to its field): `result` is committed as it is while the design is
    /// still `base`, so the edit is not applied twice; otherwise it is applied again.
    Applied {
        edit: Edit,
        base: Rc<Scenario>,
        /// Boxed: a design is large, and the other actions are small.
        result: Box<Scenario>,
        object: Option<Selection>,
    },
    /// Apply a fix (already applied and simulated into `after`): the current
    /// design is pinned as "before" unless one is pinned, and the fix is one
    /// undo step.
    ApplyFix {
        title: String,
        after: Scenario,
    },
    SelectClient(String),
    SelectObject(Option<Selection>),
    Pin,
    Unpin,
    Undo,
    Redo,
    DismissMessages,
}

impl Default for Editor {
    fn default() -> Self {
        let scenario = examples::by_slug(START_EXAMPLE).expect("the start example exists");
        Editor::new(scenario)
    }
}

impl Editor {
    pub fn new(scenario: Scenario) -> Self {
        Editor {
            history: History::new(scenario),
            selected_client: None,
            selected_object: None,
            pinned: None,
            notice: None,
            error: None,
        }
    }

    pub fn from_startup(start: Startup) -> Self {
        let base = start
            .autosaved
            .unwrap_or_else(|| examples::by_slug(START_EXAMPLE).expect("the start example exists"));
        let mut editor = Editor::new(base);
        if let Some(shared) = start.shared {
            editor.history.push(shared);
        }
        editor.notice = start.notice;
        editor.error = start.error.map(|message| EditRejected {
            object: None,
            message,
        });
        editor
    }

    pub fn scenario(&self) -> &Rc<Scenario> {
        self.history.present()
    }

    /// Drops selections whose objects no longer exist.
    fn reselect(mut self) -> Self {
        let s = self.history.present();
        if !self
            .selected_client
            .as_ref()
            .is_some_and(|id| s.clients.iter().any(|c| &c.id == id))
        {
            self.selected_client = None;
        }
        if self
            .selected_object
            .as_ref()
            .and_then(Selection::object_id)
            .is_some_and(|id| s.kind_of(id).is_none())
        {
            self.selected_object = None;
        }
        self
    }
}

impl Reducible for Editor {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Load { scenario, label } => {
                next.history.push(scenario);
                next.notice = Some(format!(
                    "Opened {label}. Undo brings back the previous design."
                ));
                next.error = None;
                next.selected_object = None;
            }
            Action::Import { name, text } => match file::load(&name, &text) {
                Ok(loaded) => {
                    next.history.push(loaded.scenario);
                    let mut notice =
                        format!("Opened {name}. Undo brings back the previous design.");
                    if !loaded.warnings.is_empty() {
                        notice.push_str(&format!(" Note: {}.", loaded.warnings.join("; ")));
                    }
                    next.notice = Some(notice);
                    next.error = None;
                    next.selected_object = None;
                }
                Err(e) => return self.reduce(Action::Refused(e)),
            },
            Action::Refused(e) => {
                // The open design is untouched.
                next.error = Some(EditRejected {
                    object: None,
                    message: format!("Could not open {e}. Your design is unchanged."),
                });
                return Rc::new(next);
            }
            Action::Fail(message) => {
                next.error = Some(EditRejected {
                    object: None,
                    message,
                });
                return Rc::new(next);
            }
            // Fields commit only on a change event, so every accepted edit is a
            // real change: no deep comparison of a possibly huge design here.
            Action::Edit { edit, object } => match self.scenario().apply(edit) {
                Ok(changed) => {
                    next.history.push(changed);
                    next.error = None;
                    next.notice = None;
                }
                Err(e) => {
                    // The design is untouched; the message goes next to the form.
                    next.error = Some(EditRejected {
                        message: if object.is_some() {
                            e.to_string()
                        } else {
                            format!("Not applied: {e}")
                        },
                        object,
                    });
                    return Rc::new(next);
                }
            },
            Action::Applied {
                edit,
                base,
                result,
                object,
            } => {
                if !Rc::ptr_eq(&base, self.scenario()) {
                    return self.reduce(Action::Edit { edit, object });
                }
                next.history.push(*result);
                next.error = None;
                next.notice = None;
            }
            Action::ApplyFix { title, after } => {
                if next.pinned.is_none() {
                    next.pinned = Some(self.scenario().clone());
                }
                next.history.push(after);
                next.error = None;
                next.notice = Some(format!("Applied: {title}. Compare shows its effect against the pinned design; Undo takes it back."));
            }
            Action::SelectClient(id) => {
                if self.selected_client.as_deref() == Some(id.as_str()) {
                    return self; // no-op: Yew skips the re-render
                }
                next.selected_client = Some(id);
                return Rc::new(next);
            }
            Action::SelectObject(id) => {
                if self.selected_object == id {
                    return self;
                }
                next.selected_object = id;
                next.error = None;
                return Rc::new(next);
            }
            Action::Pin => {
                next.pinned = Some(self.scenario().clone());
                next.notice =
                    Some("Pinned the current design as “before”. Change it and compare.".into());
                return Rc::new(next);
            }
            Action::Unpin => {
                next.pinned = None;
                return Rc::new(next);
            }
            Action::Undo => {
                if !next.history.undo() {
                    return self;
                }
                next.notice = None;
                next.error = None;
            }
            Action::Redo => {
                if !next.history.redo() {
                    return self;
                }
                next.notice = None;
                next.error = None;
            }
            Action::DismissMessages => {
                if self.notice.is_none() && self.error.is_none() {
                    return self;
                }
                next.notice = None;
                next.error = None;
                return Rc::new(next);
            }
        }
        Rc::new(next.reselect())
    }
}

pub type EditorHandle = UseReducerHandle<Editor>;

/// The editor, provided once by `App`.
#[hook]
pub fn use_editor() -> EditorHandle {
    use_context::<EditorHandle>().expect("App provides the editor context")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(e: Rc<Editor>, a: Action) -> Rc<Editor> {
        e.reduce(a)
    }

    #[test]
    fn a_rejected_edit_keeps_the_design_and_reports_next_to_the_object() {
        let e = Rc::new(Editor::default());
        let mut cas = e.scenario().sites[0].cas_servers[0].clone();
        cas.fqdn = "bad name".into();
        let after = reduce(
            e.clone(),
            Action::Edit {
                edit: Edit::UpsertCas {
                    site: "site-hq".into(),
                    cas,
                },
                object: Some(Selection::Object("cas-01".into())),
            },
        );
        assert_eq!(after.scenario(), e.scenario());
        assert!(!after.history.can_undo());
        assert_eq!(
            after.error.as_ref().unwrap().object,
            Some(Selection::Object("cas-01".into()))
        );
    }

    #[test]
    fn edits_undo_and_redo() {
        let e = Rc::new(Editor::default());
        let after = reduce(
            e.clone(),
            Action::Edit {
                edit: Edit::Delete {
                    id: "rec-ext-outlook".into(),
                },
                object: None,
            },
        );
        assert_ne!(after.scenario(), e.scenario());
        let undone = reduce(after.clone(), Action::Undo);
        assert_eq!(undone.scenario(), e.scenario());
        let redone = reduce(undone, Action::Redo);
        assert_eq!(redone.scenario(), after.scenario());
    }

    #[test]
    fn a_bad_file_is_reported_and_the_design_kept() {
        let e = Rc::new(Editor::default());
        let after = reduce(
            e.clone(),
            Action::Import {
                name: "x.json".into(),
                text: "{oops".into(),
            },
        );
        assert_eq!(after.scenario(), e.scenario());
        assert!(after
            .error
            .as_ref()
            .unwrap()
            .message
            .starts_with("Could not open x.json:1:"));
    }

    #[test]
    fn a_shared_design_opens_on_top_of_the_autosaved_one() {
        let mine = examples::seed_fixed();
        let shared = examples::wildcard_leak();
        let e = Editor::from_startup(Startup {
            autosaved: Some(mine.clone()),
            shared: Some(shared.clone()),
            notice: None,
            error: None,
        });
        assert_eq!(**e.scenario(), shared);
        let undone = reduce(Rc::new(e), Action::Undo);
        assert_eq!(**undone.scenario(), mine);
    }

    /// A form's already-applied edit is committed as it is on the design it
    /// was applied to, and applied again on a design that changed since.
    #[test]
    fn an_applied_edit_commits_once_or_applies_again() {
        let e = Rc::new(Editor::default());
        let edit = Edit::Delete {
            id: "rec-ext-outlook".into(),
        };
        let base = e.scenario().clone();
        let result = base.apply(edit.clone()).unwrap();
        let after = reduce(
            e.clone(),
            Action::Applied {
                edit: edit.clone(),
                base: base.clone(),
                result: Box::new(result.clone()),
                object: None,
            },
        );
        assert_eq!(**after.scenario(), result);
        assert!(after.history.can_undo());
        // The design moved on (another edit in between): the edit is applied to it, not the stale result.
        let moved = reduce(
            e.clone(),
            Action::Edit {
                edit: Edit::SetPerimeterDefault {
                    action: cas_planner_core::model::PerimeterAction::RejectRst,
                },
                object: None,
            },
        );
        let after = reduce(
            moved.clone(),
            Action::Applied {
                edit: edit.clone(),
                base,
                result: Box::new(result),
                object: None,
            },
        );
        assert_eq!(**after.scenario(), moved.scenario().apply(edit).unwrap());
    }

    /// Applying a fix pins the design before it (once) and is one undo step.
    #[test]
    fn a_fix_pins_the_design_before_it_and_undoes_in_one_step() {
        let e = Rc::new(Editor::default());
        let fixed = e
            .scenario()
            .apply(Edit::Delete {
                id: "rec-ext-outlook".into(),
            })
            .unwrap();
        let after = reduce(
            e.clone(),
            Action::ApplyFix {
                title: "Remove the record".into(),
                after: fixed.clone(),
            },
        );
        assert_eq!(**after.scenario(), fixed);
        assert_eq!(after.pinned.as_deref(), Some(&**e.scenario()));
        let undone = reduce(after, Action::Undo);
        assert_eq!(undone.scenario(), e.scenario());
    }

    #[test]
    fn a_no_op_returns_the_same_state() {
        let e = Rc::new(Editor::default());
        let same = reduce(e.clone(), Action::Undo);
        assert!(Rc::ptr_eq(&e, &same));
    }
}
