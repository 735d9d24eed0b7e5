//! A migration plan's steps as designs (§11 step 1): the walk that derives
//! each step's design from the one before, and the changes a user makes to
//! a step. Here, beside `apply`, so the advisor can read a plan; its
//! analysis is the `migration` module's.
//!
//! The designs are derived, never stored, so an edit of an earlier step
//! reaches every later one. An edit that no longer applies (an earlier step
//! removed what it changes) is skipped and named, never dropped in silence.

use super::EditError;
use crate::list::List;
use crate::model::{Edit, Migration, MigrationStep, Scenario, MAX_STEPS};
use std::rc::Rc;

/// One step of the plan as a design.
#[derive(Debug, Clone, PartialEq)]
pub struct StepDesign {
    /// The step's index in `migration.steps`; None for the design itself.
    pub index: Option<usize>,
    /// Empty for the design itself.
    pub id: String,
    pub name: String,
    pub notes: String,
    /// The design at this step, without the plan (shared: a step derived
    /// again with nothing changed before it keeps its design).
    pub design: Rc<Scenario>,
    /// The design before the step's last edit (None for the design itself
    /// and a step without edits): where a change of that edit starts
    /// (`steps_again`), as a form committed field after field changes it.
    pub before_last: Option<Rc<Scenario>>,
    /// This step's edits that no longer apply, skipped.
    pub stale: Vec<Stale>,
}

/// An edit of a step that no longer applies to the step before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Its index in the step's edits.
    pub edit: usize,
    /// What it is, e.g. `upsert-client "client-1"`.
    pub what: String,
    pub why: String,
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "change {} ({}) skipped: {}",
            self.edit + 1,
            self.what,
            self.why
        )
    }
}

/// The design itself, the plan's first step: the scenario without its plan.
pub fn start(s: &Scenario) -> Scenario {
    let mut design = s.clone();
    design.migration = Migration::default();
    design
}

/// Every step of the plan as a design, the design itself first. A plan
/// whose steps are not one chain (which the loader and `SetMigration`
/// refuse) gives the design itself only.
pub fn steps(s: &Scenario) -> Vec<StepDesign> {
    walk(s, None, None)
}

/// The steps of `s` as `steps` gives them, keeping the designs of
/// `previous` (the steps of the scenario `was`) while nothing before them
/// changed: what the app does after each change, so an edit of a late step
/// derives only that step and those after it.
pub fn steps_again(s: &Scenario, was: &Scenario, previous: &[StepDesign]) -> Vec<StepDesign> {
    walk(s, None, Some((was, previous)))
}

/// `steps_again` up to the step `until` (empty: the design itself) only:
/// what the app derives before it shows an edit of that step, leaving the
/// steps after it for after the frame. `steps_again(s, s, &head)` derives
/// the rest, keeping this head.
pub fn steps_again_until(
    s: &Scenario,
    was: &Scenario,
    previous: &[StepDesign],
    until: &str,
) -> Vec<StepDesign> {
    walk(s, Some(until), Some((was, previous)))
}

/// The step `id` (empty: the design itself) as a design, if the plan has it.
pub fn step(s: &Scenario, id: &str) -> Option<StepDesign> {
    walk(s, Some(id), None).pop().filter(|d| d.id == id)
}

/// The steps up to `until` (all when None), reusing the designs of
/// `reuse`'s steps while the chain up to them is unchanged.
fn walk(
    s: &Scenario,
    until: Option<&str>,
    reuse: Option<(&Scenario, &[StepDesign])>,
) -> Vec<StepDesign> {
    let design = start(s);
    // Lists an edit did not touch are shared, so this compares pointers mostly.
    let mut kept = reuse.filter(|(_, prev)| prev.first().is_some_and(|p| *p.design == design));
    let first = StepDesign {
        index: None,
        id: String::new(),
        name: s.migration.start_name().to_string(),
        notes: String::new(),
        design: match kept {
            Some((_, prev)) => Rc::clone(&prev[0].design),
            None => Rc::new(design),
        },
        before_last: None,
        stale: Vec::new(),
    };
    let done = |d: &StepDesign| until.is_some_and(|u| u == d.id);
    if done(&first) {
        return vec![first];
    }
    let order = s.migration.order().unwrap_or_default();
    let mut out = vec![first];
    for i in order {
        let step = &s.migration.steps[i];
        let at = out.len();
        let unchanged_before = kept;
        kept = kept.filter(|(was, prev)| same_step(was, prev.get(at), step));
        let (design, before_last, stale) = match (kept, unchanged_before) {
            (Some((_, prev)), _) => (
                Rc::clone(&prev[at].design),
                prev[at].before_last.clone(),
                prev[at].stale.clone(),
            ),
            // The first step that changed, from an unchanged design before it.
            (None, Some((was, prev))) => last_edit_changed(was, prev.get(at), step)
                .unwrap_or_else(|| apply_step(&out[at - 1].design, step)),
            (None, None) => apply_step(&out[at - 1].design, step),
        };
        out.push(StepDesign {
            index: Some(i),
            id: step.id.clone(),
            name: step.name.clone(),
            notes: step.notes.clone(),
            design,
            before_last,
            stale,
        });
        if done(&out[at]) {
            break;
        }
    }
    out
}

/// Whether `previous`, a step of the scenario `was` at the same place in
/// the chain, is `step` with the same edits (its name and notes aside).
fn same_step(was: &Scenario, previous: Option<&StepDesign>, step: &MigrationStep) -> bool {
    previous
        .and_then(|p| p.index)
        .and_then(|i| was.migration.steps.get(i))
        .is_some_and(|old| old.id == step.id && old.edits == step.edits)
}

/// A step's design, the design before its last edit, and its edits that
/// no longer apply.
type Derived = (Rc<Scenario>, Option<Rc<Scenario>>, Vec<Stale>);

/// A step's edits over the design before it, skipping those that fail.
fn apply_step(before: &Scenario, step: &MigrationStep) -> Derived {
    let mut design = before.clone();
    let n = step.edits.len();
    let mut failed = design.apply_each(&step.edits[..n.saturating_sub(1)]);
    let before_last = (n > 0).then(|| Rc::new(design.clone()));
    if let Some(last) = step.edits.last() {
        if let Err(e) = design.apply_one(last.clone()) {
            failed.push((n - 1, e));
        }
    }
    let stale = failed
        .into_iter()
        .map(|(k, e)| stale(&step.edits, k, &e))
        .collect();
    (Rc::new(design), before_last, stale)
}

/// `step` derived from its design as `previous` (the same step of the
/// scenario `was`, over the same design before it) when only its last edit
/// changed or one was added: that edit applied where it starts, the rest
/// kept. None when more changed.
fn last_edit_changed(
    was: &Scenario,
    previous: Option<&StepDesign>,
    step: &MigrationStep,
) -> Option<Derived> {
    let p = previous?;
    let old = was.migration.steps.get(p.index?)?;
    let (n, last) = (step.edits.len(), step.edits.last()?);
    if old.id != step.id {
        return None;
    }
    let (base, mut stale) = if n == old.edits.len() + 1 && step.edits[..n - 1] == old.edits[..] {
        (Rc::clone(&p.design), p.stale.clone())
    } else if n == old.edits.len() && step.edits[..n - 1] == old.edits[..n - 1] {
        let kept = p.stale.iter().filter(|st| st.edit != n - 1).cloned();
        (p.before_last.clone()?, kept.collect())
    } else {
        return None;
    };
    let mut design = (*base).clone();
    if let Err(e) = design.apply_one(last.clone()) {
        stale.push(self::stale(&step.edits, n - 1, &e));
    }
    Some((Rc::new(design), Some(base), stale))
}

/// Edit `k` of `edits`, skipped because of `e`.
fn stale(edits: &[Edit], k: usize, e: &EditError) -> Stale {
    Stale {
        edit: k,
        what: label(&edits[k]),
        why: e.to_string(),
    }
}

/// `upsert-client "client-1"`: the edit's kind as files name it, and the
/// object it is about when it has one.
pub fn label(edit: &Edit) -> String {
    let kind = serde_json::to_value(edit)
        .ok()
        .and_then(|v| v.get("edit").and_then(|k| k.as_str().map(String::from)))
        .unwrap_or_default();
    match edit.target() {
        Some(id) => format!("{kind} \"{id}\""),
        None => kind,
    }
}

/// Whether `next` replaces `last` outright: the same kind of change to the
/// same object (a form committing field after field), so a step keeps one
/// edit per object changed in a row.
fn replaces(last: &Edit, next: &Edit) -> bool {
    std::mem::discriminant(last) == std::mem::discriminant(next)
        && last.target() == next.target()
        && !matches!(
            next,
            Edit::Delete { .. } | Edit::DeleteSiteMovingContents { .. }
        )
}

/// Changes the step `id` (empty: the design itself) by `edit`: the
/// scenario with the edit kept in the step, and the step's new design. The
/// edit is checked against the step's design, as the editor checks one.
pub fn edit_step(s: &Scenario, id: &str, edit: Edit) -> Result<(Scenario, Scenario), EditError> {
    if id.is_empty() {
        let next = s.apply(edit)?;
        let design = start(&next);
        return Ok((next, design));
    }
    let Some(at) = step(s, id) else {
        return Err(EditError::NotFound { id: id.to_string() });
    };
    edit_step_on(s, &at, edit)
}

/// `edit_step` with the step already derived: `at` must be a step of `s`
/// other than the design itself (the app keeps its steps' designs, so an
/// edit costs no walk of the plan).
pub fn edit_step_on(
    s: &Scenario,
    at: &StepDesign,
    edit: Edit,
) -> Result<(Scenario, Scenario), EditError> {
    if matches!(edit, Edit::SetMigration { .. }) {
        return Err(EditError::Invalid {
            field: "migration",
            message: "a step changes the design, not the plan".into(),
        });
    }
    let design = at.design.apply(edit.clone())?;
    let mut next = s.clone();
    let index = at.index.expect("a step other than the design has an index");
    let edits = &mut next.migration.steps[index].edits;
    match edits.last_mut() {
        Some(last) if replaces(last, &edit) => *last = edit,
        _ => edits.push(edit),
    }
    Ok((next, design))
}

/// Adds a step named `name` after the plan's last one: the scenario and
/// the new step's id. None when the plan is full or broken.
pub fn add_step(s: &Scenario, name: &str) -> Option<(Scenario, String)> {
    let order = s.migration.order().ok()?;
    if order.len() >= MAX_STEPS {
        return None;
    }
    let after = order
        .last()
        .map(|&i| s.migration.steps[i].id.clone())
        .unwrap_or_default();
    let id = (1..)
        .map(|n| format!("step-{n}"))
        .find(|id| !s.migration.steps.iter().any(|st| &st.id == id))
        .expect("a free id");
    let mut next = s.clone();
    next.migration.steps.push(MigrationStep {
        id: id.clone(),
        name: name.to_string(),
        after,
        notes: String::new(),
        edits: List::new(),
    });
    Some((next, id))
}

/// Renames the step `id` (empty: the design itself) and sets its notes.
pub fn rename_step(s: &Scenario, id: &str, name: &str, notes: &str) -> Scenario {
    let mut next = s.clone();
    if id.is_empty() {
        next.migration.start = name.to_string();
    } else if let Some(step) = next.migration.steps.iter_mut().find(|st| st.id == id) {
        step.name = name.to_string();
        step.notes = notes.to_string();
    }
    next
}

/// Removes the step `id` and its changes; the step after it starts from
/// the one before it.
pub fn remove_step(s: &Scenario, id: &str) -> Scenario {
    let mut next = s.clone();
    let Some(i) = next.migration.steps.iter().position(|st| st.id == id) else {
        return next;
    };
    let removed = next.migration.steps.remove(i);
    for st in next
        .migration
        .steps
        .iter_mut()
        .filter(|st| st.after == removed.id)
    {
        st.after = removed.after.clone();
    }
    next
}

/// The plan's last step as a design (the design itself without steps);
/// None when the steps are not one chain.
pub fn last_design(s: &Scenario) -> Option<Scenario> {
    s.migration.order().ok()?;
    steps(s).pop().map(|d| Rc::unwrap_or_clone(d.design))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;
    use crate::model::PerimeterAction;

    /// Which designs of `again` are the very designs of `before`.
    fn kept(before: &[StepDesign], again: &[StepDesign]) -> Vec<bool> {
        again
            .iter()
            .zip(before)
            .map(|(a, b)| Rc::ptr_eq(&a.design, &b.design))
            .collect()
    }

    /// Deriving the steps again after a change gives what deriving them
    /// afresh gives, and keeps the designs before the change.
    #[test]
    fn steps_again_keep_the_designs_before_the_change() {
        let s = examples::coexistence_2010_2016();
        let before = steps(&s);
        assert!(before.len() >= 4, "the example has a plan");
        assert_eq!(
            kept(&before, &steps_again(&s, &s, &before)),
            vec![true; before.len()]
        );

        // An edit of the third step: the first two stay, the rest are derived again.
        let id = before[2].id.clone();
        let edit = Edit::SetPerimeterDefault {
            action: PerimeterAction::RejectRst,
        };
        let (next, design) = edit_step(&s, &id, edit.clone()).unwrap();
        let again = steps_again(&next, &s, &before);
        assert_eq!(again, steps(&next));
        assert_eq!(*again[2].design, design);
        let mut want = vec![false; before.len()];
        want[..2].fill(true);
        assert_eq!(kept(&before, &again), want);

        // A renamed step keeps every design and shows its new name.
        let renamed = rename_step(&s, &id, "Renamed", "notes");
        let again = steps_again(&renamed, &s, &before);
        assert_eq!(again, steps(&renamed));
        assert_eq!(kept(&before, &again), vec![true; before.len()]);
        assert_eq!(again[2].name, "Renamed");

        // An edit of the design itself reaches every step.
        let (edited, _) = edit_step(&s, "", edit).unwrap();
        let again = steps_again(&edited, &s, &before);
        assert_eq!(again, steps(&edited));
        assert_eq!(kept(&before, &again), vec![false; before.len()]);

        // A step removed: those after it start from the one before it.
        let removed = remove_step(&s, &id);
        let again = steps_again(&removed, &s, &before);
        assert_eq!(again, steps(&removed));
        assert_eq!(kept(&before, &again)[..2], [true, true]);
    }
}
