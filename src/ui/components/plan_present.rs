//! The plan's slides (§11 step 1–2): one slide per step of the migration
//! plan, for a room — its figures large, what it changes, and what that
//! changes for whom against the step before (who breaks, meets a prompt or
//! the restart prompt, gets slower or faster), its errors, and the step's
//! topology. Keys: → or Space next, ← back, Home/End, Esc leaves. Announced
//! to screen readers; works with the keyboard alone.

use super::drawing::DrawingView;
use super::{format_ms, Shared};
use crate::ui::hooks::use_show_modal;
use cas_planner_core::advisor::Severity;
use cas_planner_core::draw::{self, TopologyOptions};
use cas_planner_core::migration::{StepAnalysis, StepSummary};
use cas_planner_core::report::plan;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlanPresenterProps {
    /// Every step analysed and compared with the one before.
    pub steps: Shared<Vec<StepAnalysis>>,
    /// The slide to start on (the step on screen).
    pub start: usize,
    pub on_close: Callback<()>,
}

/// Changes listed on a slide before "…and N more".
const CHANGES_SHOWN: usize = 8;

#[component]
pub fn PlanPresenter(props: &PlanPresenterProps) -> Html {
    let slide = use_state(|| props.start);
    let dialog = use_node_ref();
    use_show_modal(&dialog, &dialog);
    let count = props.steps.len();
    let current = (*slide).min(count.saturating_sub(1));
    let go = {
        let slide = slide.clone();
        move |to: usize| slide.set(to.min(count.saturating_sub(1)))
    };
    let onkeydown = {
        let go = go.clone();
        Callback::from(move |e: KeyboardEvent| {
            let to = match e.key().as_str() {
                "ArrowRight" | " " | "PageDown" => current + 1,
                "ArrowLeft" | "PageUp" => current.saturating_sub(1),
                "Home" => 0,
                "End" => count.saturating_sub(1),
                _ => return,
            };
            e.prevent_default();
            go(to);
        })
    };
    let on_cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            on_close.emit(());
        })
    };
    let click = |to: usize| {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| go(to))
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    let topology = use_memo((props.steps.clone(), current), |(steps, i)| {
        steps.get(*i).map(|st| {
            Shared(Rc::new(draw::topology(
                &st.step.design,
                &TopologyOptions::default(),
            )))
        })
    });
    let Some(st) = props.steps.get(current) else {
        return html! {
            <dialog class="presenter plan-presenter" ref={dialog} aria-label="Migration plan" oncancel={on_cancel} data-testid="plan-presenter">
                <p>{ "The plan is being analysed…" }</p>
                <button type="button" onclick={close}>{ "Leave (Esc)" }</button>
            </dialog>
        };
    };
    let s = st.summary();
    let previous = current
        .checked_sub(1)
        .and_then(|i| props.steps.get(i))
        .map(|p| p.step.name.clone());
    let who = plan::for_whom(st);
    let changes = previous
        .as_ref()
        .map(|_| plan::design_changes(&props.steps[current - 1].step.design, &st.step.design))
        .unwrap_or_default();
    let errors: Vec<String> = st
        .analysis
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {}", f.rule, f.title))
        .collect();
    let announce = format!(
        "Step {} of {count}: {}. {}.{}",
        current + 1,
        st.step.name,
        plan::figures(&s),
        previous
            .as_ref()
            .map(|p| format!(" Against “{p}”: {}.", plan::against_before(&s)))
            .unwrap_or_default()
    );
    html! {
        <dialog class="presenter plan-presenter" ref={dialog} aria-labelledby="plan-slide-title" tabindex="-1" {onkeydown} oncancel={on_cancel} data-testid="plan-presenter">
            <header class="present-header">
                <h2 id="plan-slide-title" data-testid="plan-slide-title">{ format!("Step {}: {}", current + 1, st.step.name) }</h2>
                <p class="present-position" data-testid="plan-slide-position"><strong>{ format!("Slide {} of {count}", current + 1) }</strong>{ " · migration plan" }</p>
            </header>
            <div class="plan-slide" data-testid="plan-slide">
                <div class="plan-slide-main">
                    { figures(&s) }
                    if !st.step.notes.trim().is_empty() {
                        <p class="plan-slide-notes">{ st.step.notes.clone() }</p>
                    }
                    if let Some(p) = &previous {
                        <p class="plan-slide-against" data-testid="plan-slide-against"><strong>{ format!("Against “{p}”: ") }</strong>{ plan::against_before(&s) }</p>
                    } else {
                        <p class="plan-slide-against">{ "The design as it is: the plan starts here." }</p>
                    }
                    <div class="plan-slide-who" data-testid="plan-slide-who">
                        { for who.lists().into_iter().filter(|(_, l)| !l.is_empty()).map(|(title, lines)| html! {
                            <div class="plan-who">
                                <h3>{ format!("{title} ({})", lines.len()) }</h3>
                                <ul>{ for lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                            </div>
                        }) }
                    </div>
                    if !errors.is_empty() {
                        <div class="plan-who plan-who-errors">
                            <h3>{ format!("Errors ({})", errors.len()) }</h3>
                            <ul>{ for errors.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                        </div>
                    }
                </div>
                <div class="plan-slide-side">
                    if previous.is_some() {
                        { changes_list(&changes, st.step.stale.len()) }
                    }
                </div>
                if let Some(t) = (*topology).clone() {
                    <DrawingView drawing={t} testid="plan-slide-topology" />
                }
            </div>
            <div class="visually-hidden" aria-live="polite" data-testid="plan-slide-announce">{ announce }</div>
            <nav class="present-controls" aria-label="Slide controls">
                <button type="button" onclick={click(current.saturating_sub(1))} aria-keyshortcuts="ArrowLeft">{ "← Back" }</button>
                <button type="button" onclick={click(current + 1)} aria-keyshortcuts="ArrowRight Space" data-testid="plan-slide-next">{ "Next →" }</button>
                <button type="button" onclick={close} aria-keyshortcuts="Escape">{ "Leave (Esc)" }</button>
            </nav>
        </dialog>
    }
}

/// The step's figures as the slide's big numbers.
fn figures(s: &StepSummary) -> Html {
    let figure = |label: &'static str, value: String, bad: bool| {
        html! {
            <div class={classes!("plan-figure", bad.then_some("plan-figure-bad"))}>
                <span class="plan-figure-value">{ value }</span>
                <span class="plan-figure-label">{ label }</span>
            </div>
        }
    };
    html! {
        <div class="plan-figures" data-testid="plan-slide-figures">
                        { figure("clients connect", format!("{} of {}", s.connected, s.clients), s.failed > 0) }
                        { figure(if s.prompting > 0 { "fail, with prompts" } else { "fail" }, if s.prompting > 0 { format!("{} ({})", s.failed, s.prompting) } else { s.failed.to_string() }, s.failed > 0) }
                        { figure("over MAPI/HTTP", s.mapi_http.to_string(), false) }
                        { figure("slowest connect", if s.connected > 0 { format_ms(s.slowest_ms) } else { "—".into() }, false) }
                        { figure("errors", s.errors.to_string(), s.errors > 0) }
                    </div>
    }
}

/// What changes against the step before, the first `CHANGES_SHOWN`, and
/// how many of the step's changes no longer apply.
fn changes_list(changes: &[String], stale: usize) -> Html {
    html! {
        <div class="plan-who" data-testid="plan-slide-changes">
            <h3>{ format!("What changes ({})", changes.len()) }</h3>
            <ul>
                { for changes.iter().take(CHANGES_SHOWN).map(|c| html! { <li>{ c.clone() }</li> }) }
                if changes.len() > CHANGES_SHOWN {
                    <li>{ format!("…and {} more (see the report)", changes.len() - CHANGES_SHOWN) }</li>
                }
                if changes.is_empty() {
                    <li>{ "Nothing: the step before as it is." }</li>
                }
            </ul>
            if stale > 0 {
                <p class="plan-stale">{ format!("{stale} change(s) skipped: no longer apply.") }</p>
            }
        </div>
    }
}
