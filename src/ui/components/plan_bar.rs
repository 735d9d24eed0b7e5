//! The migration plan's bar (§11 step 1): the steps in order, each with its
//! status (clients failing, clients meeting prompts, errors), previous and
//! next, a step added after the last; the step on screen renamed, its notes
//! written, its changes and the ones that no longer apply listed, and the
//! step removed after a confirmation. Every pane below shows the step on
//! screen; edits made there are that step's changes.

use super::Shared;
use crate::ui::hooks::StepResults;
use crate::ui::state::{use_editor, Action, EditorHandle, PlanStep};
use cas_planner_core::advisor::Severity;
use cas_planner_core::migration;
use cas_planner_core::report::plan;
use cas_planner_core::sim::Outcome;
use cas_planner_core::Scenario;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlanBarProps {
    pub plan: Shared<Vec<PlanStep>>,
    /// Each step's results, in the plan's order (empty until complete).
    pub results: Shared<Vec<StepResults>>,
    /// The step on screen (empty: the design itself).
    pub viewed: String,
    /// The whole scenario, with the steps' edits.
    pub whole: Shared<Scenario>,
    /// Whether the results are there (the first frame painted).
    pub complete: bool,
    /// Opens the plan's slides.
    pub on_present: Callback<MouseEvent>,
}

/// A step's status: what is wrong at it, in words (never by colour alone),
/// and its class.
fn status(r: &StepResults) -> (String, &'static str) {
    let clients = &r.report.clients;
    let (mut failed, mut prompting) = (0, 0);
    for c in clients.iter() {
        if let Outcome::Failed { cause } = &c.outcome {
            failed += 1;
            if cause.prompts() {
                prompting += 1;
            }
        }
    }
    let errors = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let mut parts = Vec::new();
    if failed == 0 {
        parts.push(format!("all {} connect", clients.len()));
    } else {
        parts.push(format!("{failed} fail"));
    }
    if prompting > 0 {
        parts.push(format!(
            "{prompting} meet{} prompts",
            if prompting == 1 { "s" } else { "" }
        ));
    }
    if errors > 0 {
        parts.push(format!(
            "{errors} error{}",
            if errors == 1 { "" } else { "s" }
        ));
    }
    let class = if failed > 0 {
        "plan-status-bad"
    } else if errors > 0 || prompting > 0 {
        "plan-status-warn"
    } else {
        "plan-status-ok"
    };
    (parts.join(" · "), class)
}

#[component]
pub fn PlanBar(props: &PlanBarProps) -> Html {
    let editor = use_editor();
    let steps = &props.plan.0;
    let at = steps.iter().position(|p| p.id == props.viewed).unwrap_or(0);
    let view = |i: usize| {
        let (editor, id) = (editor.clone(), steps.get(i).map(|p| p.id.clone()));
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = id.clone() {
                editor.dispatch(Action::ViewStep(id));
            }
        })
    };
    let add = {
        let (editor, n) = (editor.clone(), steps.len());
        Callback::from(move |_| {
            editor.dispatch(Action::AddStep {
                name: format!("Step {n}"),
            })
        })
    };
    let step = &steps[at];
    html! {
        <section class="plan-bar" aria-labelledby="plan-heading" data-testid="plan-bar">
            <div class="plan-head">
                <h2 id="plan-heading">{ "Migration plan" }</h2>
                <p class="plan-hint">
                    { format!("Step {} of {}: every pane shows “{}”", at + 1, steps.len(), step.name) }
                    { if at == 0 { "; edits change the design itself, and reach every step.".to_string() } else { "; edits become this step's changes and reach every later step.".to_string() } }
                </p>
                <button type="button" onclick={props.on_present.clone()} data-testid="plan-present" disabled={!props.complete}
                        title="One slide per step: its figures and what changes for whom (full window)">{ "Present the plan" }</button>
            </div>
            <nav class="plan-nav" aria-label="Plan steps">
                <button type="button" class="plan-move" onclick={view(at.saturating_sub(1))} disabled={at == 0} data-testid="plan-previous"
                        aria-label="Previous step">{ "← Previous" }</button>
                <ol class="plan-steps">
                    { for steps.iter().enumerate().map(|(i, s)| {
                        let current = i == at;
                        let status = props.results.get(i).filter(|_| props.complete).map(|r| {
                            if r.pending {
                                ("analysing…".to_string(), "plan-status-pending")
                            } else {
                                status(r)
                            }
                        });
                        html! {
                            <li key={s.id.clone()}>
                                <button type="button" class={classes!("plan-step", current.then_some("plan-step-current"))} onclick={view(i)}
                                        aria-current={current.then_some("step")} data-testid="plan-step" data-step={s.id.clone()}>
                                    <span class="plan-step-num" aria-hidden="true">{ i + 1 }</span>
                                    <span class="plan-step-name">{ s.name.clone() }</span>
                                    if let Some((text, class)) = status {
                                        <span class={classes!("plan-step-status", class)} data-testid="plan-step-status">{ text }</span>
                                    }
                                    if !s.stale.is_empty() {
                                        <span class="plan-step-stale">{ format!("{} change(s) skipped", s.stale.len()) }</span>
                                    }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                <button type="button" class="plan-move" onclick={view(at + 1)} disabled={at + 1 >= steps.len()} data-testid="plan-next"
                        aria-label="Next step">{ "Next →" }</button>
                <button type="button" class="add" onclick={add} data-testid="plan-add" disabled={steps.len() > cas_planner_core::model::MAX_STEPS}>{ "+ Add step" }</button>
            </nav>
            <StepDetail key={step.id.clone()} step={step.clone()} previous={at.checked_sub(1).map(|i| steps[i].clone())}
                        next={steps.get(at + 1).map(|s| s.name.clone())} whole={props.whole.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StepDetailProps {
    step: PlanStep,
    /// The step before (None: this is the design itself).
    previous: Option<PlanStep>,
    /// The name of the step after, if any.
    next: Option<String>,
    whole: Shared<Scenario>,
}

/// The step on screen: its name and notes, its changes (object by object,
/// against the step before), the changes that no longer apply, and its
/// removal.
#[component]
fn StepDetail(props: &StepDetailProps) -> Html {
    let editor = use_editor();
    let confirming = use_state(|| false);
    let show_changes = use_state(|| false);
    let name_error = use_state(|| None::<String>);
    let step = &props.step;
    let edits = step
        .index
        .and_then(|i| props.whole.migration.steps.get(i))
        .map(|s| s.edits.as_slice())
        .unwrap_or_default();
    let changes = use_memo(
        (
            Shared(step.design.clone()),
            props.previous.as_ref().map(|p| Shared(p.design.clone())),
            *show_changes,
        ),
        |(design, previous, shown)| match (previous, shown) {
            (Some(p), true) => plan::design_changes(p, design),
            _ => Vec::new(),
        },
    );
    let rename = rename_callback(&editor, step, &name_error);
    let on_notes = {
        let (editor, id, name) = (editor.clone(), step.id.clone(), step.name.clone());
        Callback::from(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            editor.dispatch(Action::RenameStep {
                id: id.clone(),
                name: name.clone(),
                notes: area.value(),
            });
        })
    };
    let toggle_changes = {
        let show_changes = show_changes.clone();
        Callback::from(move |_| show_changes.set(!*show_changes))
    };
    let first = step.id.is_empty();
    html! {
        <div class="plan-detail" data-testid="plan-detail">
            <div class="plan-fields">
                <label class={classes!("field", name_error.is_some().then_some("field-invalid"))}>
                    <span class="field-label">{ if first { "Name of the first step (the design as it is)" } else { "Step name" } }</span>
                    <input type="text" value={step.name.clone()} onchange={rename} maxlength="200" data-testid="plan-step-name"
                           aria-invalid={name_error.is_some().to_string()} />
                    if let Some(msg) = (*name_error).clone() {
                        <span class="field-error" role="alert">{ msg }</span>
                    }
                </label>
                if !first {
                    <label class="field plan-notes">
                        <span class="field-label">{ "Notes on this step (shown on its slide and in the report)" }</span>
                        <textarea rows="2" value={step.notes.clone()} onchange={on_notes} data-testid="plan-step-notes" />
                    </label>
                }
            </div>
            if !first {
                <p class="plan-changes-line">
                    { format!("{} change(s) in this step.", edits.len()) }
                    if !edits.is_empty() {
                        { " " }
                        <button type="button" class="link" aria-expanded={show_changes.to_string()} onclick={toggle_changes} data-testid="plan-show-changes">
                            { if *show_changes { "Hide what changes" } else { "Show what changes" } }
                        </button>
                    }
                </p>
                if *show_changes {
                    <ul class="plan-changes" data-testid="plan-changes" aria-label="What this step changes">
                        { for changes.iter().map(|c| html! { <li>{ c.clone() }</li> }) }
                        if changes.is_empty() {
                            <li>{ "Nothing: its changes leave the design as the step before has it." }</li>
                        }
                    </ul>
                    <details class="plan-edits">
                        <summary>{ "The step's edits as saved" }</summary>
                        <ol>{ for edits.iter().map(|e| html! { <li class="mono">{ migration::label(e) }</li> }) }</ol>
                    </details>
                }
            }
            if !step.stale.is_empty() {
                <div class="plan-stale" role="note" data-testid="plan-stale">
                    <p><strong>{ format!("{} change(s) of this step no longer apply and are skipped:", step.stale.len()) }</strong></p>
                    <ul>{ for step.stale.iter().map(|s| html! { <li>{ s.to_string() }</li> }) }</ul>
                    <p class="hint">{ "An earlier step (or the design itself) no longer has what they change. Edit the step again, or remove it." }</p>
                </div>
            }
            if !first {
                { remove_control(&editor, props, &confirming, edits.len()) }
            }
        </div>
    }
}

/// A commit of the step's name: refused next to the field when empty.
fn rename_callback(
    editor: &EditorHandle,
    step: &PlanStep,
    error: &UseStateHandle<Option<String>>,
) -> Callback<Event> {
    let (editor, id, notes, error) = (
        editor.clone(),
        step.id.clone(),
        step.notes.clone(),
        error.clone(),
    );
    Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let name = input.value();
        if name.trim().is_empty() && !id.is_empty() {
            error.set(Some("A step needs a name.".into()));
            return;
        }
        error.set(None);
        editor.dispatch(Action::RenameStep {
            id: id.clone(),
            name,
            notes: notes.clone(),
        });
    })
}

/// "Remove this step…", then the confirmation that says what goes.
fn remove_control(
    editor: &EditorHandle,
    props: &StepDetailProps,
    confirming: &UseStateHandle<bool>,
    edits: usize,
) -> Html {
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(false))
    };
    let remove = {
        let (editor, id, confirming) = (editor.clone(), props.step.id.clone(), confirming.clone());
        Callback::from(move |_| {
            confirming.set(false);
            editor.dispatch(Action::RemoveStep(id.clone()));
        })
    };
    if !**confirming {
        return html! { <button type="button" class="danger" onclick={ask} data-testid="plan-remove">{ "Remove this step…" }</button> };
    }
    let before = props
        .previous
        .as_ref()
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let then = match &props.next {
        Some(next) => format!(" “{next}” then starts from “{before}”."),
        None => String::new(),
    };
    html! {
        <div class="confirm" role="alertdialog" aria-label={format!("Remove the step {}", props.step.name)} data-testid="plan-remove-confirm">
            <p>{ format!("Remove the step “{}”? Its {edits} change(s) go with it.{then} Undo brings it back.", props.step.name) }</p>
            <div class="confirm-actions">
                <button type="button" class="danger" onclick={remove} data-testid="plan-remove-confirmed">{ "Remove the step" }</button>
                <button type="button" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}
