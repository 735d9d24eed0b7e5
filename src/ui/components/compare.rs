//! Before/after per client: pin a design, change it, see each client's delay
//! and outcome side by side with the steps that changed.

use super::{format_ms, Shared};
use crate::ui::hooks::{StepCompare, StepComparison};
use crate::ui::state::{use_editor, Action};
use cas_planner_core::cost::{estimate_text, Savings};
use cas_planner_core::report::{delta_text, plan};
use cas_planner_core::sim::Comparison;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComparePanelProps {
    /// None until a design is pinned.
    pub comparison: Option<Shared<(Comparison, Savings)>>,
    /// On a step of a plan other than the first: the step against the one before.
    #[prop_or_default]
    pub step: Option<StepCompare>,
}

/// A side's profile setup and each start (§6), under its time.
fn waits(s: &Option<cas_planner_core::sim::ClientSummary>) -> Html {
    match s
        .as_ref()
        .and_then(|s| Some((s.profile_setup_ms?, s.each_start_ms?)))
    {
        Some((setup, start)) => html! {
            <span class="compare-waits" data-testid="compare-waits">{ format!("profile setup {}, each start {}", format_ms(setup), format_ms(start)) }</span>
        },
        None => html! {},
    }
}

#[component]
pub fn ComparePanel(props: &ComparePanelProps) -> Html {
    html! {
        <>
            if let Some(step) = &props.step {
                { step_view(&step.comparison, step.updating) }
            }
            <PinnedCompare comparison={props.comparison.clone()} />
        </>
    }
}

/// The viewed step against the step before it: who breaks, gets slower or
/// faster, meets a restart prompt, client by client. While `updating` (the
/// frame or two until the compare of a change comes) it is the last one,
/// marked busy rather than replaced by a notice that would flash each edit.
fn step_view(step: &Shared<StepComparison>, updating: bool) -> Html {
    let counts = plan::compare_counts(&step.comparison);
    html! {
        <section class="compare compare-step" aria-labelledby="step-compare-heading" data-testid="step-compare"
                 aria-busy={updating.then_some("true")}>
            <h3 id="step-compare-heading">{ format!("Compare: step “{}” → step “{}”", step.before, step.after) }</h3>

            <p class="compare-counts" data-testid="step-compare-summary">{ format!("Against “{}”: {}.", step.before, plan::against_before(&counts)) }</p>
            { saving_line(&step.savings) }
            <StepTable step={step.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StepTableProps {
    step: Shared<StepComparison>,
}

/// The step compare's rows, a component of their own: a large design has
/// a row per client, and marking the compare busy must not draw them again.
#[component]
fn StepTable(props: &StepTableProps) -> Html {
    let step = &props.step;
    html! {
        <CompareTable rows={Rows::Step(step.clone())} row_testid="step-compare-row" />
    }
}

/// What the change saves or costs a day in all.
fn saving_line(savings: &Savings) -> Html {
    let saved = savings.total;
    html! {
        <p class="compare-saving" data-testid="compare-saving">
            { if saved.nominal_ms > 0 {
                format!("Saves ≈ {} of waiting a day in all.", estimate_text(saved))
            } else if saved.nominal_ms < 0 {
                format!("Costs ≈ {} more waiting a day in all.", estimate_text(cas_planner_core::cost::Estimate { nominal_ms: -saved.nominal_ms, min_ms: -saved.max_ms, max_ms: -saved.min_ms }))
            } else {
                "No change in the daily wait.".to_string()
            } }
        </p>
    }
}

#[derive(Properties, PartialEq)]
struct PinnedProps {
    comparison: Option<Shared<(Comparison, Savings)>>,
}

/// The pinned "before" design against the design on screen.
#[component]
fn PinnedCompare(props: &PinnedProps) -> Html {
    let editor = use_editor();
    let pin = {
        let editor = editor.clone();
        Callback::from(move |_| editor.dispatch(Action::Pin))
    };
    let unpin = {
        let editor = editor.clone();
        Callback::from(move |_| editor.dispatch(Action::Unpin))
    };
    let Some(pair) = &props.comparison else {
        return html! {
            <section class="compare" aria-labelledby="compare-heading">
                <h3 id="compare-heading">{ "Compare" }</h3>
                <p>{ "Pin this design as “before”, change it, and see every client's delay before and after." }</p>
                <button type="button" onclick={pin} data-testid="pin">{ "Pin as before" }</button>
            </section>
        };
    };
    let (_, savings) = &*pair.0;
    html! {
        <section class="compare" aria-labelledby="compare-heading" data-testid="compare">
            <h3 id="compare-heading">{ "Compare: pinned design → current design" }</h3>
            { saving_line(savings) }
            <CompareTable rows={Rows::Pinned(pair.clone())} row_testid="compare-row" />
            <div class="compare-actions">
                <button type="button" onclick={pin}>{ "Pin current as before" }</button>
                <button type="button" onclick={unpin}>{ "Stop comparing" }</button>
            </div>
        </section>
    }
}

/// Where a compare table's rows come from (each shared, never copied).
#[derive(Clone, PartialEq)]
enum Rows {
    Step(Shared<StepComparison>),
    Pinned(Shared<(Comparison, Savings)>),
}

impl Rows {
    fn get(&self) -> (&Comparison, &Savings) {
        match self {
            Rows::Step(s) => (&s.comparison, &s.savings),
            Rows::Pinned(p) => (&p.0 .0, &p.0 .1),
        }
    }
}

#[derive(Properties, PartialEq)]
struct CompareTableProps {
    rows: Rows,
    row_testid: &'static str,
}

/// Rows shown before "Show all": a 1,000-client design's compare is drawn
/// again after each edit of a plan's step, and 1,000 rows took about 26 ms
/// of Yew's reconcile in Chromium (`PROFILE_EDIT=plan make profile-edit`).
const PAGE: usize = 50;

/// Each client before and after, its change, range verdict, restart prompt
/// and daily saving, with the steps of its path that changed; each row
/// marked `row_testid`. A compare longer than `PAGE` lists the clients
/// whose wait, outcome or prompt changed first, then the others, each in
/// the design's order, and shows `PAGE` of them until asked for all.
#[component]
fn CompareTable(props: &CompareTableProps) -> Html {
    let show_all = use_state(|| false);
    let (cmp, savings) = props.rows.get();
    let row_testid = props.row_testid;
    let rows: Vec<_> = cmp.clients.iter().zip(&savings.clients).collect();
    let total = rows.len();
    let long = total > PAGE;
    let rows: Vec<_> = if long {
        let changed = |c: &cas_planner_core::sim::ClientDelta| {
            c.delta_ms != Some(0)
                || c.restart_prompt.is_some()
                || c.before.as_ref().map(|s| &s.outcome) != c.after.as_ref().map(|s| &s.outcome)
        };
        let (first, rest): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(c, _)| changed(c));
        first.into_iter().chain(rest).collect()
    } else {
        rows
    };
    let limit = if *show_all { total } else { PAGE };
    let more = {
        let show_all = show_all.clone();
        Callback::from(move |_| show_all.set(true))
    };
    html! {
        <>
            if long {
                <p class="compare-order" data-testid="compare-order">{ "Clients whose wait, outcome or prompt changed first." }</p>
            }
            <table class="compare-table">
                <thead><tr><th scope="col">{ "Client" }</th><th scope="col">{ "Before" }</th><th scope="col">{ "After" }</th><th scope="col">{ "Change" }</th></tr></thead>
                <tbody>
                    { for rows.into_iter().take(limit).map(|(c, saving)| {
                        let side = |s: &Option<cas_planner_core::sim::ClientSummary>| match s {
                            Some(s) => format!("{} ({})", format_ms(s.total_ms), s.outcome),
                            None => "—".to_string(),
                        };
                        // A client that breaks or connects again says so
                        // first; otherwise the change in the CLI's words
                        // (report::delta_text).
                        let failed = |s: &Option<cas_planner_core::sim::ClientSummary>| s.as_ref().is_some_and(|s| s.outcome == "failed");
                        let (class, change) = match c.delta_ms {
                            Some(_) if failed(&c.after) && !failed(&c.before) => ("worse", "breaks: fails now".to_string()),
                            Some(_) if failed(&c.before) && !failed(&c.after) => ("better", "connects again".to_string()),
                            Some(d) if d < 0 => ("better", delta_text(d)),
                            Some(d) if d > 0 => ("worse", delta_text(d)),
                            Some(d) => ("same", delta_text(d)),
                            None => ("same", "only in one design".to_string()),
                        };
                        html! {
                            <>
                                <tr data-testid={row_testid} data-client={c.client.clone()}>
                                    <th scope="row">{ c.client.clone() }</th>
                                    <td><span data-testid="compare-before">{ side(&c.before) }</span>{ waits(&c.before) }</td>
                                    <td><span data-testid="compare-after">{ side(&c.after) }</span>{ waits(&c.after) }</td>
                                    <td class={class} data-testid="compare-delta">
                                        { change }
                                        if let Some(v) = c.range_verdict() { <span class="compare-range" data-testid="compare-range">{ v }</span> }
                                        if let Some(p) = &c.restart_prompt { <span class="compare-restart" data-testid="compare-restart">{ format!("Restart prompt: {p}") }</span> }
                                        if let Some(e) = saving.filter(|e| e.nominal_ms != 0) {
                                            <span class="compare-daily" data-testid="compare-daily">{ format!("{} a day {}", estimate_text(e), if e.nominal_ms > 0 { "saved" } else { "lost" }) }</span>
                                        }
                                    </td>
                                </tr>
                                if !c.changed_steps.is_empty() {
                                    <tr class="changed-steps"><td colspan="4">
                                        <details>
                                            <summary>{ format!("{} changed step(s)", c.changed_steps.len()) }</summary>
                                            <ul>{ for c.changed_steps.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                                        </details>
                                    </td></tr>
                                }
                            </>
                        }
                    }) }
                </tbody>
            </table>
            if total > limit {
                <button type="button" class="link" onclick={more} data-testid="compare-show-all">{ format!("Show all {total} clients") }</button>
            }
        </>
    }
}
