//! Presenter mode: one client's connection told step by step for a room —
//! the topology large with the path drawn up to the current step, the
//! timeline with that step marked, and the step's text, evidence and source
//! large. Keys: → or Space next, ← back, Home/End, P play/pause (steps
//! advance in proportion to their predicted time, compressed), C switch
//! between the pinned "before" and the current design, Esc leaves.
//! Announced to screen readers; works with the keyboard alone.

use super::drawing::DrawingView;
use super::{seconds, Shared};
use cas_planner_core::draw::{self, TopologyOptions};
use cas_planner_core::sim::{format_ms, ClientResult, SimulationReport, Step, StepOutcome};
use cas_planner_core::Scenario;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PresenterProps {
    pub scenario: Shared<Scenario>,
    pub report: Shared<SimulationReport>,
    /// The pinned "before" design and its results, when one is pinned.
    pub pinned: Option<(Shared<Scenario>, Shared<SimulationReport>)>,
    /// The client to present (by id).
    pub client_id: String,
    pub on_close: Callback<()>,
}

/// How long a step stays on screen while playing: its predicted time,
/// compressed (a 21 s wait plays in about 3 s), never too short to read.
pub fn play_delay_ms(step_ms: u64) -> u32 {
    (900 + step_ms / 8).min(4_000) as u32
}

#[component]
pub fn Presenter(props: &PresenterProps) -> Html {
    let step = use_state(|| 0usize);
    let playing = use_state(|| false);
    let before = use_state(|| false);
    let dialog = use_node_ref();

    let (scenario, report) = match (&props.pinned, *before) {
        (Some((s, r)), true) => (s.clone(), r.clone()),
        _ => (props.scenario.clone(), props.report.clone()),
    };
    let result: Option<Rc<ClientResult>> = report
        .clients
        .iter()
        .find(|c| c.client_id == props.client_id)
        .cloned();
    let count = result.as_ref().map_or(0, |r| r.steps.len());
    let current = (*step).min(count.saturating_sub(1));

    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                let _ = d.show_modal();
                let _ = d.focus();
            }
        });
    }
    // Playing: the next step after the current one's (compressed) time.
    {
        let (step, playing) = (step.clone(), playing.clone());
        let delay = result
            .as_ref()
            .and_then(|r| r.steps.get(current))
            .map(|s| play_delay_ms(s.duration_ms));
        use_effect_with((*playing, current, count), move |(on, current, count)| {
            let timer = (*on && current + 1 < *count).then(|| {
                let (step, current) = (step.clone(), *current);
                Timeout::new(delay.unwrap_or(1_000), move || step.set(current + 1))
            });
            if *on && current + 1 >= *count {
                playing.set(false);
            }
            move || drop(timer)
        });
    }

    let go = {
        let step = step.clone();
        move |to: usize| step.set(to.min(count.saturating_sub(1)))
    };
    let onkeydown = {
        let (go, playing, before, has_pinned) = (
            go.clone(),
            playing.clone(),
            before.clone(),
            props.pinned.is_some(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let handled = match e.key().as_str() {
                "ArrowRight" | " " | "PageDown" => {
                    go(current + 1);
                    true
                }
                "ArrowLeft" | "PageUp" => {
                    go(current.saturating_sub(1));
                    true
                }
                "Home" => {
                    go(0);
                    true
                }
                "End" => {
                    go(count.saturating_sub(1));
                    true
                }
                "p" | "P" => {
                    playing.set(!*playing);
                    true
                }
                "c" | "C" if has_pinned => {
                    before.set(!*before);
                    true
                }
                _ => false,
            };
            if handled {
                e.prevent_default();
            }
        })
    };
    let on_cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            on_close.emit(());
        })
    };
    let button = |label: &'static str, key: &'static str, action: Callback<MouseEvent>| {
        html! {
            <button type="button" onclick={action} aria-keyshortcuts={key}>{ label }</button>
        }
    };
    let prev = {
        let go = go.clone();
        Callback::from(move |_| go(current.saturating_sub(1)))
    };
    let next = {
        let go = go.clone();
        Callback::from(move |_| go(current + 1))
    };
    let toggle_play = {
        let playing = playing.clone();
        Callback::from(move |_| playing.set(!*playing))
    };
    let toggle_design = {
        let before = before.clone();
        Callback::from(move |_| before.set(!*before))
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };

    let which = if props.pinned.is_some() {
        if *before {
            "the pinned design (before)"
        } else {
            "the current design"
        }
    } else {
        "the design"
    };
    // The pictures only when the design, the client or the step changes (the
    // parent re-renders this for unrelated reasons).
    let pictures = use_memo(
        (scenario.clone(), result.clone().map(Shared), current),
        |(scenario, result, current)| {
            result.as_ref().map(|r| {
                (
                    Shared(Rc::new(draw::topology(
                        scenario,
                        &TopologyOptions {
                            result: Some(r),
                            upto_step: Some(*current),
                            selected: None,
                        },
                    ))),
                    Shared(Rc::new(draw::timeline_strip(r, Some(*current)))),
                )
            })
        },
    );
    let body = match (
        result
            .as_ref()
            .and_then(|r| r.steps.get(current).map(|s| (r, s))),
        (*pictures).clone(),
    ) {
        (Some((_, s)), Some((topology, timeline))) => {
            let labels = scenario.labels(Step::evidence_ids([s]));
            let evidence = s.evidence_names(&labels);
            let failed = s.outcome == StepOutcome::Failed;
            html! {
                <>
                    <div class="present-pictures">
                        <DrawingView drawing={topology} testid="present-topology" />
                        <DrawingView drawing={timeline} testid="present-timeline" />
                    </div>
                    <div class={classes!("present-step", failed.then_some("present-step-failed"))} data-testid="present-step" data-kind={s.kind.as_str()}>
                        <p class="present-step-head">
                            <span class="present-kind">{ if failed { format!("✕ {}", s.kind.as_str()) } else { s.kind.as_str().to_string() } }</span>
                            <span>{ format!("at {} for {}", format_ms(s.start_ms), format_ms(s.duration_ms)) }</span>
                            <span class="present-source">{ format!("Source: {}", s.source) }</span>
                        </p>
                        <p class="present-detail">{ s.detail.clone() }</p>
                        if !evidence.is_empty() {
                            <p class="present-evidence">{ format!("Evidence: {}", evidence.join("; ")) }</p>
                        }
                    </div>
                </>
            }
        }
        _ => {
            html! { <p class="present-missing">{ format!("This client is not in {which}, or has no steps.") }</p> }
        }
    };
    let total = result
        .as_ref()
        .map(|r| {
            let range = if r.has_range() {
                format!(
                    ", range {}",
                    cas_planner_core::sim::format_span(r.range_ms.min, r.range_ms.max)
                )
            } else {
                String::new()
            };
            format!(
                "{} — {} in {} (predicted{range})",
                r.client,
                r.outcome.label(),
                seconds(r.total_ms)
            )
        })
        .unwrap_or_default();
    let announce = result
        .as_ref()
        .and_then(|r| r.steps.get(current))
        .map(|s| {
            format!(
                "Step {} of {count}, {which}: {} — {}",
                current + 1,
                s.kind.as_str(),
                s.detail
            )
        })
        .unwrap_or_default();

    html! {
        <dialog class="presenter" ref={dialog} aria-labelledby="present-title" tabindex="-1" {onkeydown} oncancel={on_cancel} data-testid="presenter">
            <header class="present-header">
                <h2 id="present-title">{ total }</h2>
                <p class="present-position" data-testid="present-position">
                    <strong>{ format!("Step {} of {count}", current + 1) }</strong>
                    { format!(" · {which}") }
                    if *playing { { " · playing" } }
                </p>
            </header>
            { body }
            <div class="visually-hidden" aria-live="polite" data-testid="present-announce">{ announce }</div>
            <nav class="present-controls" aria-label="Presenter controls">
                { button("← Back", "ArrowLeft", prev) }
                { button("Next →", "ArrowRight Space", next) }
                { button(if *playing { "Pause (P)" } else { "Play (P)" }, "P", toggle_play) }
                if props.pinned.is_some() {
                    { button(if *before { "Show current (C)" } else { "Show before (C)" }, "C", toggle_design) }
                }
                { button("Leave (Esc)", "Escape", close) }
            </nav>
        </dialog>
    }
}
