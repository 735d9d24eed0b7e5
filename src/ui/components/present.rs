//! Presenter mode: one client's connection told step by step for a room —
//! the topology large with the path drawn up to the current step, the
//! timeline with that step marked, and the step's text, evidence and source
//! large; the client's Autodiscover run at profile creation comes first,
//! its prompts shown as the dialogs the user reads. Keys: → or Space next, ← back, Home/End, P play/pause (steps
//! advance in proportion to their predicted time, compressed), C switch
//! between the pinned "before" and the current design, Esc leaves.
//! Announced to screen readers; works with the keyboard alone.

use super::drawing::DrawingView;
use super::{format_ms, Shared};
use crate::ui::hooks::use_show_modal;
use cas_planner_core::draw::{self, Drawing, TopologyOptions};
use cas_planner_core::sim::{AdStep, ClientResult, Prompt, SimulationReport, Step, StepOutcome};
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
    let shown = Shown::new(props, *before, *step);
    use_show_modal(&dialog, &dialog);
    use_play(&step, &playing, &shown);
    let moves = Moves {
        step,
        playing,
        before,
        current: shown.current,
        count: shown.count,
    };
    let has_pinned = props.pinned.is_some();
    let onkeydown = moves.on_keydown(has_pinned);
    let on_cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            on_close.emit(());
        })
    };
    let pictures = use_pictures(&shown);
    let body = match (shown.step(), (*pictures).clone()) {
        (Some(Moment::Connection(s)), Some((topology, timeline))) => {
            step_view(&shown.scenario, s, topology, timeline)
        }
        (Some(Moment::Autodiscover(s, prompts)), Some((topology, timeline))) => {
            ad_step_view(&shown.scenario, s, &prompts, topology, timeline)
        }
        _ => {
            html! { <p class="present-missing">{ format!("This client is not in {}, or has no steps.", shown.which) }</p> }
        }
    };
    let (count, which) = (shown.count, shown.which);

    html! {
        <dialog class="presenter" ref={dialog} aria-labelledby="present-title" tabindex="-1" {onkeydown} oncancel={on_cancel} data-testid="presenter">
            <header class="present-header">
                <h2 id="present-title">{ shown.title() }</h2>
                <p class="present-position" data-testid="present-position">
                    <strong>{ format!("Step {} of {count}", shown.current + 1) }</strong>
                    { format!(" · {which}") }
                    if *moves.playing { { " · playing" } }
                </p>
            </header>
            { body }
            <div class="visually-hidden" aria-live="polite" data-testid="present-announce">{ shown.announce() }</div>
            { controls(&moves, has_pinned, &props.on_close) }
        </dialog>
    }
}

/// A step on screen: one of the Autodiscover run's (with the prompts that
/// appear during it) or one of the connection's.
enum Moment<'a> {
    Autodiscover(&'a AdStep, Vec<&'a Prompt>),
    Connection(&'a Step),
}

impl Moment<'_> {
    fn duration_ms(&self) -> u64 {
        match self {
            Moment::Autodiscover(s, _) => s.duration_ms,
            Moment::Connection(s) => s.duration_ms,
        }
    }
}

/// What the presenter shows: the design (the pinned "before" one or the
/// current one), the client's result in it, and which step.
struct Shown {
    scenario: Shared<Scenario>,
    result: Option<Rc<ClientResult>>,
    count: usize,
    /// The step on screen (the last one when `step` is past it).
    current: usize,
    /// Which design, as the position line says it.
    which: &'static str,
}

impl Shown {
    /// What is on screen for these props, with the pinned design shown
    /// (`before`) or not, at `step`.
    fn new(props: &PresenterProps, before: bool, step: usize) -> Self {
        let (scenario, report) = match (&props.pinned, before) {
            (Some((s, r)), true) => (s.clone(), r.clone()),
            _ => (props.scenario.clone(), props.report.clone()),
        };
        let result: Option<Rc<ClientResult>> = report
            .clients
            .iter()
            .find(|c| c.client_id == props.client_id)
            .cloned();
        let count = result
            .as_ref()
            .map_or(0, |r| r.ad_steps().len() + r.steps.len());
        let which = if props.pinned.is_some() {
            if before {
                "the pinned design (before)"
            } else {
                "the current design"
            }
        } else {
            "the design"
        };
        Shown {
            scenario,
            result,
            count,
            current: step.min(count.saturating_sub(1)),
            which,
        }
    }

    /// The step on screen, if the client is in the design and has steps:
    /// the Autodiscover run's first, then the connection's.
    fn step(&self) -> Option<Moment<'_>> {
        let r = self.result.as_ref()?;
        let ad = r.ad_steps();
        match ad.get(self.current) {
            Some(s) => {
                let run = r.ad_run()?;
                let prompts = run
                    .prompts
                    .iter()
                    .filter(|p| run.prompt_step(p) == Some(self.current))
                    .collect();
                Some(Moment::Autodiscover(s, prompts))
            }
            None => r.steps.get(self.current - ad.len()).map(Moment::Connection),
        }
    }

    /// The heading: the client, how it connects, in what time (and range).
    fn title(&self) -> String {
        self.result
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
                    format_ms(r.total_ms)
                )
            })
            .unwrap_or_default()
    }

    /// What screen readers are told of the step on screen.
    fn announce(&self) -> String {
        let (what, detail, prompts) = match self.step() {
            Some(Moment::Connection(s)) => {
                (s.kind.as_str().to_string(), s.detail.clone(), String::new())
            }
            Some(Moment::Autodiscover(s, prompts)) => (
                format!("Autodiscover {}", s.method),
                s.detail.to_string(),
                prompts
                    .iter()
                    .map(|p| format!(" Prompt: {}", p.text))
                    .collect(),
            ),
            None => return String::new(),
        };
        format!(
            "Step {} of {}, {}: {what} — {detail}{prompts}",
            self.current + 1,
            self.count,
            self.which,
        )
    }
}

/// Playing: the next step after the current one's (compressed) time; at the
/// last step, playing stops.
#[hook]
fn use_play(step: &UseStateHandle<usize>, playing: &UseStateHandle<bool>, shown: &Shown) {
    let (step, playing) = (step.clone(), playing.clone());
    let delay = shown.step().map(|s| play_delay_ms(s.duration_ms()));
    use_effect_with(
        (*playing, shown.current, shown.count),
        move |(on, current, count)| {
            let timer = (*on && current + 1 < *count).then(|| {
                let (step, current) = (step.clone(), *current);
                Timeout::new(delay.unwrap_or(1_000), move || step.set(current + 1))
            });
            if *on && current + 1 >= *count {
                playing.set(false);
            }
            move || drop(timer)
        },
    );
}

/// The pictures: the topology with the path drawn up to the step, the
/// timeline with the step marked. Drawn only when the design, the client or
/// the step changes (the parent re-renders this for unrelated reasons).
#[hook]
fn use_pictures(shown: &Shown) -> Rc<Option<(Shared<Drawing>, Shared<Drawing>)>> {
    use_memo(
        (
            shown.scenario.clone(),
            shown.result.clone().map(Shared),
            shown.current,
        ),
        |(scenario, result, current)| {
            result.as_ref().map(|r| {
                (
                    Shared(Rc::new(draw::topology(
                        scenario,
                        &TopologyOptions {
                            result: Some(r),
                            upto_step: Some(current.saturating_sub(r.ad_steps().len())),
                            selected: None,
                        },
                    ))),
                    Shared(Rc::new(draw::timeline_strip(r, Some(*current)))),
                )
            })
        },
    )
}

/// The presenter's moves, made by the keys and by the buttons: through the
/// steps, play and pause, between the pinned and the current design.
#[derive(Clone)]
struct Moves {
    step: UseStateHandle<usize>,
    playing: UseStateHandle<bool>,
    before: UseStateHandle<bool>,
    current: usize,
    count: usize,
}

impl Moves {
    /// Shows step `to` (the last one at most).
    fn go(&self, to: usize) {
        self.step.set(to.min(self.count.saturating_sub(1)));
    }

    /// The step before.
    fn back(&self) {
        self.go(self.current.saturating_sub(1));
    }

    /// The step after.
    fn next(&self) {
        self.go(self.current + 1);
    }

    /// Plays or pauses.
    fn toggle_play(&self) {
        self.playing.set(!*self.playing);
    }

    /// Switches between the pinned design and the current one.
    fn toggle_design(&self) {
        self.before.set(!*self.before);
    }

    /// Makes the move of `key`, if it has one (C only with a pinned
    /// design); whether it had.
    fn press(&self, key: &str, has_pinned: bool) -> bool {
        match key {
            "ArrowRight" | " " | "PageDown" => self.next(),
            "ArrowLeft" | "PageUp" => self.back(),
            "Home" => self.go(0),
            "End" => self.go(self.count.saturating_sub(1)),
            "p" | "P" => self.toggle_play(),
            "c" | "C" if has_pinned => self.toggle_design(),
            _ => return false,
        }
        true
    }

    /// The keys' moves; a key that makes one does nothing else.
    fn on_keydown(&self, has_pinned: bool) -> Callback<KeyboardEvent> {
        let moves = self.clone();
        Callback::from(move |e: KeyboardEvent| {
            if moves.press(&e.key(), has_pinned) {
                e.prevent_default();
            }
        })
    }

    /// A click that makes `make`'s move.
    fn on_click(&self, make: fn(&Moves)) -> Callback<MouseEvent> {
        let moves = self.clone();
        Callback::from(move |_| make(&moves))
    }
}

/// The step on screen: the pictures, then its kind, time, source, text and
/// evidence, large.
fn step_view(
    scenario: &Scenario,
    s: &Step,
    topology: Shared<Drawing>,
    timeline: Shared<Drawing>,
) -> Html {
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

/// An Autodiscover step on screen: the pictures, then its method, target,
/// time, source, text and evidence, and the prompts the user meets in it.
fn ad_step_view(
    scenario: &Scenario,
    s: &AdStep,
    prompts: &[&Prompt],
    topology: Shared<Drawing>,
    timeline: Shared<Drawing>,
) -> Html {
    let labels = scenario.labels(s.evidence.iter().map(|e| &**e).collect());
    let evidence = super::autodiscover::evidence_names(s, &labels);
    let failed = s.outcome == StepOutcome::Failed;
    html! {
        <>
            <div class="present-pictures">
                <DrawingView drawing={topology} testid="present-topology" />
                <DrawingView drawing={timeline} testid="present-timeline" />
            </div>
            <div class={classes!("present-step", failed.then_some("present-step-failed"))} data-testid="present-step" data-kind={format!("autodiscover-{}", s.method)}>
                <p class="present-step-head">
                    <span class="present-kind">{ format!("{}Autodiscover {}", if failed { "✕ " } else { "" }, s.method) }</span>
                    <span>{ format!("at {} for {}", format_ms(s.start_ms), format_ms(s.duration_ms)) }</span>
                    <span class="present-source">{ format!("Source: {}", s.source) }</span>
                </p>
                <p class="present-detail">{ s.detail.to_string() }</p>
                <p class="present-evidence">{ format!("Target: {}", s.target) }</p>
                if !evidence.is_empty() {
                    <p class="present-evidence">{ format!("Evidence: {}", evidence.join("; ")) }</p>
                }
                { for prompts.iter().map(|p| super::autodiscover::prompt_box(p)) }
            </div>
        </>
    }
}

/// The buttons, each naming its key.
fn controls(moves: &Moves, has_pinned: bool, on_close: &Callback<()>) -> Html {
    let button = |label: &'static str, key: &'static str, action: Callback<MouseEvent>| {
        html! {
            <button type="button" onclick={action} aria-keyshortcuts={key}>{ label }</button>
        }
    };
    let close = {
        let on_close = on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    html! {
        <nav class="present-controls" aria-label="Presenter controls">
            { button("← Back", "ArrowLeft", moves.on_click(Moves::back)) }
            { button("Next →", "ArrowRight Space", moves.on_click(Moves::next)) }
            { button(if *moves.playing { "Pause (P)" } else { "Play (P)" }, "P", moves.on_click(Moves::toggle_play)) }
            if has_pinned {
                { button(if *moves.before { "Show current (C)" } else { "Show before (C)" }, "C", moves.on_click(Moves::toggle_design)) }
            }
            { button("Leave (Esc)", "Escape", close) }
        </nav>
    }
}
