//! The one reducer: the scenario with its undo history, plus UI selection and
//! the pinned "before" design for comparisons. `reduce` is pure: effects live
//! in `effects` and run from components' effect hooks.
//!
//! A scenario may carry a migration plan (§11): its steps are designs derived
//! from it. The reducer keeps the plan's designs (`Editor::plan`, derived
//! once per change of the scenario) and the step on screen (`viewed`);
//! `Editor::view` is that step's design, which every pane shows, while
//! `Editor::scenario` is the whole scenario with its plan, which history,
//! autosave, Save and share keep. An edit made while a step is on screen
//! becomes one of that step's edits (`migration::edit_step`), so it reaches
//! every later step.

use cas_planner_core::edit::Edit;
use cas_planner_core::file;
use cas_planner_core::history::History;
use cas_planner_core::migration::{self, StepDesign};
use cas_planner_core::model::{List, MAX_STEP_NAME_CHARS};
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
    /// The plan's step on screen, by id: empty for the design itself.
    pub viewed: String,
    /// The plan's steps as designs (the design itself first), derived from
    /// the scenario `plan_of` whenever the scenario changes: the first
    /// `derived` of them; the others, after an edit of the step on screen,
    /// are still the designs from before it until `DeriveRest` (dispatched
    /// after the frame) derives them, so an edit costs the steps up to the
    /// one on screen, however long the plan.
    plan: Rc<Vec<PlanStep>>,
    plan_of: Rc<Scenario>,
    derived: usize,
}

/// One step of the plan as the app shows it: the design itself first. A
/// scenario without a plan is its own only step, with the very scenario
/// as its design (the same pointer, so nothing is analysed twice).
pub type PlanStep = StepDesign;

/// The plan's steps of `s` as designs; a scenario without a plan is its own
/// only step.
fn derive_plan(s: &Rc<Scenario>, was: &Scenario, previous: &[PlanStep]) -> Vec<PlanStep> {
    if s.migration.is_empty() {
        return vec![PlanStep {
            index: None,
            id: String::new(),
            name: s.migration.start_name().to_string(),
            notes: String::new(),
            design: s.clone(),
            before_last: None,
            stale: Vec::new(),
        }];
    }
    migration::steps_again(s, was, previous)
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
    /// Apply a fix (already applied and simulated into `after`, the design
    /// on screen with its `edits`): the design on screen is pinned as
    /// "before" unless one is pinned, and the fix is one undo step. On a
    /// step of a plan, the edits become the step's.
    ApplyFix {
        title: String,
        edits: Vec<Edit>,
        after: Scenario,
    },
    /// Replace the design by an imported one but keep the plan: the import
    /// becomes the plan's first step and each step's edits apply on top.
    LoadKeepingPlan {
        scenario: Scenario,
        label: String,
    },
    /// Show the plan's step `id` (empty: the design itself).
    ViewStep(String),
    /// Add a step after the plan's last one and show it.
    AddStep {
        name: String,
    },
    /// Rename a step (empty id: the design itself) and set its notes.
    RenameStep {
        id: String,
        name: String,
        notes: String,
    },
    /// Remove a step and its changes; the next step starts from the one before.
    RemoveStep(String),
    /// Derive the plan's steps after the one on screen, after an edit of
    /// it (dispatched after the frame that shows the edit).
    DeriveRest,
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
        let history = History::new(scenario);
        let plan_of = history.present().clone();
        let plan = derive_plan(&plan_of, &plan_of, &[]);
        Editor {
            derived: plan.len(),
            plan: Rc::new(plan),
            plan_of,
            history,
            selected_client: None,
            selected_object: None,
            pinned: None,
            notice: None,
            error: None,
            viewed: String::new(),
        }
    }

    pub fn from_startup(start: Startup) -> Self {
        let base = start
            .autosaved
            .unwrap_or_else(|| examples::by_slug(START_EXAMPLE).expect("the start example exists"));
        let mut editor = Editor::new(base);
        if let Some(shared) = start.shared {
            editor.history.push(shared);
            editor.refresh();
        }
        editor.notice = start.notice;
        editor.error = start.error.map(|message| EditRejected {
            object: None,
            message,
        });
        editor
    }

    /// The whole scenario, with its plan: what history, autosave, Save and
    /// share keep.
    pub fn scenario(&self) -> &Rc<Scenario> {
        self.history.present()
    }

    /// The design on screen: the viewed step's (the scenario itself when it
    /// has no plan). Every pane that shows a design shows this one.
    pub fn view(&self) -> &Rc<Scenario> {
        &self.plan[self.viewed_index()].design
    }

    /// The plan's steps as designs, the design itself first (only it when
    /// the scenario has no plan); those from `derived()` on are still being
    /// derived (their designs are from before the last change).
    pub fn plan(&self) -> &Rc<Vec<PlanStep>> {
        &self.plan
    }

    /// How many of `plan()`'s steps are derived from the scenario as it
    /// is; `DeriveRest` derives the others.
    pub fn derived(&self) -> usize {
        self.derived
    }

    /// Whether the scenario has a plan to show (a step, or a named start).
    pub fn has_plan(&self) -> bool {
        !self.scenario().migration.is_empty()
    }

    /// The viewed step's position in `plan()`.
    pub fn viewed_index(&self) -> usize {
        self.plan
            .iter()
            .position(|p| p.id == self.viewed)
            .unwrap_or(0)
    }

    /// The viewed step, when it is one of the plan's (not the design itself).
    fn on_step(&self) -> bool {
        !self.viewed.is_empty()
    }

    /// The plan's designs again when the scenario changed; a viewed step
    /// that is gone (an undone "Add step") shows the plan's last step.
    fn refresh(&mut self) {
        self.refresh_head();
        self.derive_rest();
    }

    /// The plan's designs again when the scenario changed, up to the step
    /// on screen only while the plan keeps its steps (an edit of a step):
    /// the later ones keep their designs from before until `derive_rest`.
    fn refresh_head(&mut self) {
        if !Rc::ptr_eq(&self.plan_of, self.history.present()) {
            let was = std::mem::replace(&mut self.plan_of, self.history.present().clone());
            let previous = &self.plan[..self.derived];
            let same_steps = !self.plan_of.migration.is_empty() && self.same_steps();
            if same_steps && self.plan.iter().any(|p| p.id == self.viewed) {
                let head =
                    migration::steps_again_until(&self.plan_of, &was, previous, &self.viewed);
                self.derived = head.len();
                let mut plan = head;
                // Their names and notes as they are now (a rename derives nothing).
                let steps = &self.plan_of.migration.steps;
                plan.extend(self.plan[self.derived..].iter().map(|p| {
                    let step = p.index.and_then(|i| steps.get(i));
                    PlanStep {
                        name: step.map_or_else(|| p.name.clone(), |st| st.name.clone()),
                        notes: step.map_or_else(|| p.notes.clone(), |st| st.notes.clone()),
                        ..p.clone()
                    }
                }));
                self.plan = Rc::new(plan);
            } else {
                let plan = derive_plan(&self.plan_of, &was, previous);
                self.derived = plan.len();
                self.plan = Rc::new(plan);
            }
        }
        if !self.plan.iter().any(|p| p.id == self.viewed) {
            self.viewed = self.plan.last().map(|p| p.id.clone()).unwrap_or_default();
        }
        if self.viewed_index() >= self.derived {
            self.derive_rest();
        }
    }

    /// Whether `plan_of`'s plan has the steps `plan` has, in that order.
    fn same_steps(&self) -> bool {
        let steps = &self.plan_of.migration.steps;
        let order = self.plan_of.migration.order().unwrap_or_default();
        order.len() + 1 == self.plan.len()
            && order
                .iter()
                .zip(&self.plan[1..])
                .all(|(&i, p)| p.index == Some(i) && p.id == steps[i].id)
    }

    /// Derives the plan's steps after those derived (`DeriveRest`).
    fn derive_rest(&mut self) {
        if self.derived < self.plan.len() {
            let plan =
                migration::steps_again(&self.plan_of, &self.plan_of, &self.plan[..self.derived]);
            self.derived = plan.len();
            self.plan = Rc::new(plan);
        }
    }

    /// The viewed step as derived, when the plan is the scenario's (a step
    /// of the plan, not the design itself).
    fn viewed_step(&self) -> Option<&PlanStep> {
        if !Rc::ptr_eq(&self.plan_of, self.history.present()) || self.viewed.is_empty() {
            return None;
        }
        self.plan.iter().find(|p| p.id == self.viewed)
    }

    /// Applies `edit` to the design on screen: to the scenario, or as an
    /// edit of the viewed step (which reaches every later step).
    fn apply_viewed(&self, edit: Edit) -> Result<Scenario, cas_planner_core::edit::EditError> {
        if self.has_plan() {
            match self.viewed_step() {
                Some(at) => migration::edit_step_on(self.scenario(), at, edit),
                None => migration::edit_step(self.scenario(), &self.viewed, edit),
            }
            .map(|(next, _)| next)
        } else {
            self.scenario().apply(edit)
        }
    }

    /// After an undo or a redo from the scenario `was`: the step whose
    /// changes it took back or made again comes on screen, so the user sees
    /// what changed (the design itself when the plan's steps are untouched).
    fn view_changed_step(&mut self, was: &Scenario) {
        let now = self.history.present().clone();
        if now.migration.is_empty() && was.migration.is_empty() {
            return;
        }
        let (a, b) = (&was.migration.steps, &now.migration.steps);
        self.refresh_head();
        if List::same(a, b) {
            if was.migration.start == now.migration.start {
                self.viewed = String::new();
            }
            return;
        }
        let changed: Vec<&str> = b
            .iter()
            .filter(|s| !a.iter().any(|t| t == *s))
            .map(|s| s.id.as_str())
            .collect();
        if let [id] = changed[..] {
            if self.plan.iter().any(|p| p.id == id) {
                self.viewed = id.to_string();
            }
        }
    }

    /// Drops selections whose objects no longer exist on the step on screen.
    fn reselect(mut self) -> Self {
        self.refresh_head();
        let s = self.view().clone();
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
                next.viewed = String::new();
                next.notice = Some(format!(
                    "Opened {label}. Undo brings back the previous design."
                ));
                next.error = None;
                next.selected_object = None;
            }
            Action::Import { name, text } => match file::load(&name, &text) {
                Ok(loaded) => {
                    next.history.push(loaded.scenario);
                    next.viewed = String::new();
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
            Action::Edit { edit, object } => match self.apply_viewed(edit) {
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
                // The form's result is the design on screen after the edit:
                // the scenario itself only when it has no plan (then the view
                // is the scenario's own pointer); otherwise the step takes the edit.
                if !Rc::ptr_eq(&base, self.scenario()) {
                    return self.reduce(Action::Edit { edit, object });
                }
                next.history.push(*result);
                next.error = None;
                next.notice = None;
            }
            Action::ApplyFix {
                title,
                edits,
                after,
            } => return self.apply_fix(next, title, edits, after),
            Action::LoadKeepingPlan { scenario, label } => {
                return self.load_keeping_plan(next, scenario, label)
            }
            Action::ViewStep(id) => return self.view_step(next, id),
            Action::AddStep { name } => return self.add_step(next, name),
            Action::RenameStep { id, name, notes } => {
                return self.rename_step(next, id, name, notes)
            }
            Action::RemoveStep(id) => return self.remove_step(next, id),
            Action::DeriveRest => return self.derived_rest(next),
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
                next.pinned = Some(self.view().clone());
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
                next.view_changed_step(self.scenario());
                next.notice = None;
                next.error = None;
            }
            Action::Redo => {
                if !next.history.redo() {
                    return self;
                }
                next.view_changed_step(self.scenario());
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

impl Editor {
    /// `ApplyFix`: on a plan, the fix's edits become the viewed step's, one
    /// by one; the design before it is pinned unless one is.
    fn apply_fix(
        self: &Rc<Self>,
        mut next: Editor,
        title: String,
        edits: Vec<Edit>,
        after: Scenario,
    ) -> Rc<Self> {
        let changed = if self.has_plan() {
            // The fix's edits become the viewed step's, one by one.
            let mut s = (**self.scenario()).clone();
            let mut at = self.viewed_step().cloned();
            for edit in edits {
                let edited = match &at {
                    Some(step) => migration::edit_step_on(&s, step, edit),
                    None => migration::edit_step(&s, &self.viewed, edit),
                };
                match edited {
                    Ok((n, design)) => {
                        s = n;
                        if let Some(step) = &mut at {
                            step.design = Rc::new(design);
                        }
                    }
                    Err(e) => {
                        next.error = Some(EditRejected {
                            object: None,
                            message: format!("Not applied: {title}: {e}"),
                        });
                        return Rc::new(next);
                    }
                }
            }
            s
        } else {
            after
        };
        if next.pinned.is_none() {
            next.pinned = Some(self.view().clone());
        }
        next.history.push(changed);
        next.error = None;
        let place = if self.on_step() {
            format!(" on the step “{}”", self.plan[self.viewed_index()].name)
        } else {
            String::new()
        };
        next.notice = Some(format!("Applied{place}: {title}. Compare shows its effect against the pinned design; Undo takes it back."));
        Rc::new(next.reselect())
    }

    /// `LoadKeepingPlan`: an import as the plan's first step.
    fn load_keeping_plan(
        self: &Rc<Self>,
        mut next: Editor,
        scenario: Scenario,
        label: String,
    ) -> Rc<Self> {
        let mut with_plan = scenario;
        with_plan.migration = self.scenario().migration.clone();
        next.history.push(with_plan);
        next.viewed = String::new();
        next.refresh();
        let stale: usize = next.plan.iter().map(|p| p.stale.len()).sum();
        next.notice = Some(if stale == 0 {
            format!("Opened {label} as the plan's first step; every step's changes apply on top. Undo brings back the previous design.")
        } else {
            format!("Opened {label} as the plan's first step. {stale} change(s) of later steps no longer apply: each is listed on its step. Undo brings back the previous design.")
        });
        next.error = None;
        next.selected_object = None;
        Rc::new(next.reselect())
    }

    /// `DeriveRest`: the plan's steps after those derived.
    fn derived_rest(self: &Rc<Self>, mut next: Editor) -> Rc<Self> {
        if self.derived == self.plan.len() {
            return self.clone();
        }
        next.derive_rest();
        Rc::new(next)
    }

    /// `ViewStep`: another step on screen.
    fn view_step(self: &Rc<Self>, mut next: Editor, id: String) -> Rc<Self> {
        if self.viewed == id || !self.plan.iter().any(|p| p.id == id) {
            return self.clone();
        }
        next.viewed = id;
        next.error = None;
        Rc::new(next.reselect())
    }

    /// `AddStep`: a step after the plan's last one, viewed.
    fn add_step(self: &Rc<Self>, mut next: Editor, name: String) -> Rc<Self> {
        match migration::add_step(self.scenario(), &name) {
            Some((s, id)) => {
                next.history.push(s);
                next.viewed = id;
                next.error = None;
                next.notice = Some(format!("Added the step “{name}”: it starts as the step before it. Edits you make now are this step's changes."));
            }
            None => {
                next.error = Some(EditRejected {
                    object: None,
                    message: format!(
                        "Could not add a step: a plan has at most {} steps.",
                        cas_planner_core::model::MAX_STEPS
                    ),
                });
                return Rc::new(next);
            }
        }
        Rc::new(next.reselect())
    }

    /// `RenameStep`: a step's name and notes, checked as the file format does.
    fn rename_step(
        self: &Rc<Self>,
        mut next: Editor,
        id: String,
        name: String,
        notes: String,
    ) -> Rc<Self> {
        let name = name.trim().to_string();
        let problem = if name.is_empty() && !id.is_empty() {
            Some("A step needs a name.".to_string())
        } else if name.chars().count() > MAX_STEP_NAME_CHARS {
            Some(format!(
                "A step's name has at most {MAX_STEP_NAME_CHARS} characters."
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            next.error = Some(EditRejected {
                object: None,
                message,
            });
            return Rc::new(next);
        }
        let Some(step) = self.plan.iter().find(|p| p.id == id) else {
            return self.clone();
        };
        if step.name == name && step.notes == notes {
            return self.clone();
        }
        next.history
            .push(migration::rename_step(self.scenario(), &id, &name, &notes));
        next.error = None;
        next.notice = None;
        Rc::new(next.reselect())
    }

    /// `RemoveStep`: a step and its changes; the view moves to the step before.
    fn remove_step(self: &Rc<Self>, mut next: Editor, id: String) -> Rc<Self> {
        let Some(at) = self.plan.iter().position(|p| p.id == id && !id.is_empty()) else {
            return self.clone();
        };
        let (removed, before) = (&self.plan[at], &self.plan[at - 1]);
        next.history
            .push(migration::remove_step(self.scenario(), &id));
        let mut notice = format!(
            "Removed the step “{}” and its {} change(s).",
            removed.name,
            removed
                .index
                .map_or(0, |i| self.scenario().migration.steps[i].edits.len())
        );
        if let Some(after) = self.plan.get(at + 1) {
            notice.push_str(&format!(
                " “{}” now starts from “{}”.",
                after.name, before.name
            ));
        }
        notice.push_str(" Undo brings it back.");
        next.notice = Some(notice);
        next.viewed = before.id.clone();
        next.error = None;
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
                edits: vec![Edit::Delete {
                    id: "rec-ext-outlook".into(),
                }],
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

    fn delete(id: &str) -> Action {
        Action::Edit {
            edit: Edit::Delete { id: id.into() },
            object: None,
        }
    }

    /// A plan of two steps over the seed: "A" (viewed) and "B".
    fn planned() -> Rc<Editor> {
        let e = reduce(
            Rc::new(Editor::default()),
            Action::AddStep { name: "A".into() },
        );
        assert_eq!(e.viewed, "step-1");
        e
    }

    #[test]
    fn without_a_plan_the_view_is_the_scenario_itself() {
        let e = Editor::default();
        assert!(Rc::ptr_eq(e.view(), e.scenario()));
        assert!(!e.has_plan());
        assert_eq!(e.plan().len(), 1);
    }

    /// An edit made on a step is that step's: the design itself keeps the
    /// record, the step and every later one lose it; undo takes it back
    /// and shows the step it changed.
    #[test]
    fn an_edit_on_a_step_is_the_steps_and_reaches_later_steps() {
        let e = planned();
        assert_eq!(**e.view(), migration::start(e.scenario()));
        let e = reduce(e, delete("rec-ext-outlook"));
        assert!(
            e.scenario().object("rec-ext-outlook").is_some(),
            "the design itself keeps it"
        );
        assert!(e.view().object("rec-ext-outlook").is_none());
        assert_eq!(e.scenario().migration.steps[0].edits.len(), 1);
        let e = reduce(e, Action::AddStep { name: "B".into() });
        assert_eq!(e.viewed, "step-2");
        assert!(
            e.view().object("rec-ext-outlook").is_none(),
            "B starts from A"
        );
        let first = reduce(e.clone(), Action::ViewStep(String::new()));
        assert!(first.view().object("rec-ext-outlook").is_some());
        // Undo "Add step B", then the edit of A: A comes on screen, with the record back.
        let undone = reduce(reduce(e, Action::Undo), Action::Undo);
        assert_eq!(undone.viewed, "step-1");
        assert!(undone.view().object("rec-ext-outlook").is_some());
        let redone = reduce(undone, Action::Redo);
        assert_eq!(redone.viewed, "step-1");
        assert!(redone.view().object("rec-ext-outlook").is_none());
    }

    /// An edit of a step derives the steps up to it at once and the later
    /// ones on `DeriveRest` (after the frame): until then they are marked
    /// not derived and keep their designs from before; then the plan is
    /// the plan derived afresh. Viewing a later step derives it first.
    #[test]
    fn an_edit_of_a_step_derives_the_later_steps_after_the_frame() {
        let e = reduce(planned(), Action::AddStep { name: "B".into() });
        let e = reduce(e, Action::ViewStep("step-1".into()));
        let before_b = e.plan()[2].design.clone();
        let e = reduce(e, delete("rec-ext-outlook"));
        assert_eq!((e.derived(), e.plan().len()), (2, 3));
        assert!(e.view().object("rec-ext-outlook").is_none());
        assert!(Rc::ptr_eq(&e.plan()[2].design, &before_b), "B waits");
        let done = reduce(e.clone(), Action::DeriveRest);
        assert_eq!(done.derived(), 3);
        assert_eq!(**done.plan(), migration::steps(done.scenario()));
        assert!(done.plan()[2].design.object("rec-ext-outlook").is_none());
        // Showing B before DeriveRest derives it first.
        let shown = reduce(e, Action::ViewStep("step-2".into()));
        assert_eq!(shown.derived(), 3);
        assert!(shown.view().object("rec-ext-outlook").is_none());
        // Nothing left: DeriveRest changes nothing.
        assert!(Rc::ptr_eq(&reduce(done.clone(), Action::DeriveRest), &done));
        // A step still to derive shows its new name at once.
        let renamed = reduce(
            reduce(done, delete("rec-int-outlook")),
            Action::RenameStep {
                id: "step-2".into(),
                name: "B2".into(),
                notes: "later".into(),
            },
        );
        assert_eq!(renamed.derived(), 2);
        assert_eq!(
            (&*renamed.plan()[2].name, &*renamed.plan()[2].notes),
            ("B2", "later")
        );
    }

    /// A form's edit on a step (its result is the step's design, not the
    /// scenario's) goes through the step, and the plan is kept.
    #[test]
    fn a_forms_edit_on_a_step_goes_to_the_step() {
        let e = planned();
        let edit = Edit::Delete {
            id: "rec-ext-outlook".into(),
        };
        let base = e.view().clone();
        let result = base.apply(edit.clone()).unwrap();
        let after = reduce(
            e,
            Action::Applied {
                edit,
                base,
                result: Box::new(result.clone()),
                object: None,
            },
        );
        assert_eq!(
            after.scenario().migration.steps.len(),
            1,
            "the plan is kept"
        );
        assert_eq!(**after.view(), result);
    }

    /// A fix applied on a step: its edits become the step's, the step
    /// before the fix is pinned, one undo takes it back.
    #[test]
    fn a_fix_on_a_step_becomes_the_steps_edits() {
        let e = planned();
        let before = e.view().clone();
        let after = reduce(
            e.clone(),
            Action::ApplyFix {
                title: "Remove the record".into(),
                edits: vec![Edit::Delete {
                    id: "rec-ext-outlook".into(),
                }],
                after: Scenario::default(),
            },
        );
        assert_eq!(after.pinned.as_deref(), Some(&*before));
        assert!(after.view().object("rec-ext-outlook").is_none());
        assert!(after.scenario().object("rec-ext-outlook").is_some());
        assert_eq!(after.scenario().migration.steps[0].edits.len(), 1);
        let undone = reduce(after, Action::Undo);
        assert_eq!(undone.scenario(), e.scenario());
    }

    /// Removing a step takes its edits; the next starts from the one before,
    /// and the one before comes on screen.
    #[test]
    fn removing_a_step_shows_the_step_before() {
        let e = reduce(planned(), delete("rec-ext-outlook"));
        let e = reduce(e, Action::AddStep { name: "B".into() });
        let e = reduce(e, Action::ViewStep("step-1".into()));
        let e = reduce(e, Action::RemoveStep("step-1".into()));
        assert_eq!(e.viewed, "");
        assert_eq!(e.plan().len(), 2);
        assert_eq!(e.plan()[1].name, "B");
        assert!(
            e.plan()[1].design.object("rec-ext-outlook").is_some(),
            "A's change went with it"
        );
        assert!(e
            .notice
            .as_deref()
            .unwrap()
            .contains("“B” now starts from “Today”"));
        // The design itself cannot be removed.
        let same = reduce(e.clone(), Action::RemoveStep(String::new()));
        assert!(Rc::ptr_eq(&e, &same));
    }

    #[test]
    fn a_step_needs_a_name_and_keeps_its_notes() {
        let e = planned();
        let refused = reduce(
            e.clone(),
            Action::RenameStep {
                id: "step-1".into(),
                name: "  ".into(),
                notes: String::new(),
            },
        );
        assert_eq!(refused.scenario(), e.scenario());
        assert!(refused.error.is_some());
        let renamed = reduce(
            e,
            Action::RenameStep {
                id: "step-1".into(),
                name: "2016 installed".into(),
                notes: "Over the weekend".into(),
            },
        );
        let step = &renamed.plan()[1];
        assert_eq!(
            (step.name.as_str(), step.notes.as_str()),
            ("2016 installed", "Over the weekend")
        );
        let start = reduce(
            renamed,
            Action::RenameStep {
                id: String::new(),
                name: "Before".into(),
                notes: String::new(),
            },
        );
        assert_eq!(start.plan()[0].name, "Before");
    }

    /// A selection of an object the step on screen does not have is dropped.
    #[test]
    fn a_selection_gone_on_a_step_is_dropped() {
        let e = reduce(planned(), delete("rec-ext-outlook"));
        let e = reduce(e, Action::ViewStep(String::new()));
        let e = reduce(
            e,
            Action::SelectObject(Some(Selection::Object("rec-ext-outlook".into()))),
        );
        assert!(e.selected_object.is_some());
        let e = reduce(e, Action::ViewStep("step-1".into()));
        assert_eq!(e.selected_object, None);
    }

    /// An import as the plan's first step keeps the steps; their edits
    /// apply on top, and those that no longer apply are named on the step.
    #[test]
    fn an_import_can_become_the_plans_first_step() {
        let e = reduce(planned(), delete("rec-ext-outlook"));
        let imported = examples::wildcard_leak();
        let after = reduce(
            e.clone(),
            Action::LoadKeepingPlan {
                scenario: imported.clone(),
                label: "the import".into(),
            },
        );
        assert_eq!(after.viewed, "");
        assert_eq!(after.scenario().migration, e.scenario().migration);
        assert_eq!(**after.view(), imported);
        let stale = &after.plan()[1].stale;
        assert_eq!(
            stale.len(),
            usize::from(imported.object("rec-ext-outlook").is_none())
        );
        if !stale.is_empty() {
            assert!(after.notice.as_deref().unwrap().contains("no longer apply"));
        }
        let undone = reduce(after, Action::Undo);
        assert_eq!(undone.scenario(), e.scenario());
    }
}
