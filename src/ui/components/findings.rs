//! The advisor panel: findings grouped by severity, each with why, fix and
//! source, and the fixes the core has applied and simulated: each states its
//! predicted effect and applies as one undo step (pinning the design before
//! it, so Compare shows the effect).

use super::Shared;
use crate::ui::state::{use_editor, Action, Selection};
use cas_planner_core::advisor::{Finding, Severity};
use cas_planner_core::fixes::{self, Before};
use cas_planner_core::sim::SimulationReport;
use cas_planner_core::Scenario;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub findings: Shared<Vec<Finding>>,
    /// The design and its simulation the findings come from.
    pub scenario: Shared<Scenario>,
    pub report: Shared<SimulationReport>,
}

/// Designs up to this many clients simulate every fix as they render; larger
/// ones on request (each fix re-simulates the whole design).
const EAGER_CLIENTS: usize = 60;

/// Findings shown per severity before "Show all": a large design can have hundreds.
const PAGE: usize = 10;

#[component]
pub fn Findings(props: &FindingsProps) -> Html {
    let editor = use_editor();
    let expanded = use_state(Vec::<Severity>::new);
    // Clicking a finding opens the first object it names in the design panel.
    let open = |f: &Finding| {
        let (editor, first) = (editor.clone(), f.objects.first().cloned());
        Callback::from(move |_| {
            editor.dispatch(Action::SelectObject(first.clone().map(Selection::Object)))
        })
    };
    let group = |sev: Severity, title: &str| {
        let items: Vec<&Finding> = props
            .findings
            .iter()
            .filter(|f| f.severity == sev)
            .collect();
        if items.is_empty() {
            return html! {};
        }
        let total = items.len();
        let limit = if expanded.contains(&sev) { total } else { PAGE };
        let more = {
            let expanded = expanded.clone();
            Callback::from(move |_| {
                let mut e = (*expanded).clone();
                e.push(sev);
                expanded.set(e);
            })
        };
        html! {
            <div class={classes!("finding-group", format!("sev-{}", sev.label().to_ascii_lowercase()))}>
                <h4>{ format!("{title} ({})", items.len()) }</h4>
                <ul>
                    { for items.into_iter().take(limit).map(|f| html! {
                        <li class="finding" data-testid="finding" data-rule={f.rule}>
                            <p class="finding-title">
                                <button type="button" class="link finding-open" onclick={open(f)} title="Open the object in the design">
                                    <span class="rule-id">{ f.rule }</span>{ f.title.clone() }
                                </button>
                            </p>
                            <p class="finding-why">{ f.why.clone() }</p>
                            <p class="finding-fix"><strong>{ "Fix: " }</strong>{ f.fix.clone() }</p>
                            <p class="finding-source">{ format!("Source: {}", f.source) }</p>
                            if !f.fixes.is_empty() {
                                <FixList scenario={props.scenario.clone()} report={props.report.clone()} findings={props.findings.clone()}
                                    index={props.findings.iter().position(|x| std::ptr::eq(x, f)).unwrap_or_default()} />
                            }
                        </li>
                    }) }
                    if total > limit {
                        <li><button type="button" class="link" onclick={more}>{ format!("Show all {total}") }</button></li>
                    }
                </ul>
            </div>
        }
    };
    let any_error_fix = props
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error && !f.fixes.is_empty());
    let apply_all = {
        let (editor, scenario) = (editor.clone(), props.scenario.clone());
        Callback::from(move |_| {
            let all = fixes::apply_all(&scenario.0);
            match all.applied.len() {
                0 => editor.dispatch(Action::Fail(
                    "No error has a fix that helps without slowing a client.".into(),
                )),
                n => editor.dispatch(Action::ApplyFix {
                    title: format!("{n} fix(es) for the errors"),
                    edits: all.applied.into_iter().flat_map(|(_, a)| a.edits).collect(),
                    after: all.after,
                }),
            }
        })
    };
    html! {
        <section class="findings" aria-labelledby="findings-heading">
            <h3 id="findings-heading">{ "Advisor" }</h3>
            if any_error_fix {
                <button type="button" class="apply-all" onclick={apply_all} data-testid="apply-all-fixes">{ "Apply all fixes" }</button>
            }
            if props.findings.is_empty() {
                <p class="all-clear" data-testid="no-findings">{ "No findings: the design follows every rule." }</p>
            }
            { group(Severity::Error, "Errors") }
            { group(Severity::Warning, "Warnings") }
            { group(Severity::Info, "Information") }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FixListProps {
    scenario: Shared<Scenario>,
    report: Shared<SimulationReport>,
    findings: Shared<Vec<Finding>>,
    index: usize,
}

/// One finding's fixes, simulated: the effect each predicts, a warning for a
/// fix that slows or breaks a client, and its Apply button.
#[component]
fn FixList(props: &FixListProps) -> Html {
    let editor = use_editor();
    let eager = props.scenario.0.clients.len() <= EAGER_CLIENTS;
    let asked = use_state(|| false);
    let show = eager || *asked;
    let offered = use_memo(
        (
            props.scenario.clone(),
            props.report.clone(),
            props.findings.clone(),
            props.index,
            show,
        ),
        |(s, report, findings, i, show)| {
            let before = Before {
                report: &report.0,
                findings: &findings.0,
            };
            if *show {
                findings
                    .get(*i)
                    .map(|f| fixes::offered(&s.0, before, f))
                    .unwrap_or_default()
            } else {
                Vec::new()
            }
        },
    );
    if !show {
        let ask = Callback::from(move |_| asked.set(true));
        return html! { <button type="button" class="link" onclick={ask} data-testid="show-fixes">{ "Show fixes and their predicted effect" }</button> };
    }
    if offered.is_empty() {
        return html! { <p class="fix-none">{ "No one-click fix helps here: follow the advice above." }</p> };
    }
    html! {
        <ul class="fixes" aria-label="Fixes">
            { for offered.iter().map(|a| {
                let harms = a.effect.harms();
                let apply = {
                    let (editor, title, edits, after) = (editor.clone(), a.title.clone(), a.edits.clone(), a.after.clone());
                    Callback::from(move |_| editor.dispatch(Action::ApplyFix { title: title.clone(), edits: edits.clone(), after: after.clone() }))
                };
                html! {
                    <li class={classes!("fix", harms.then_some("fix-harms"))} data-testid="fix">
                        <p class="fix-title">{ a.title.clone() }</p>
                        <p class="fix-effect">{ if harms { format!("Warning: {}", a.effect.summary()) } else { format!("Predicted: {}", a.effect.summary()) } }</p>
                        <button type="button" onclick={apply} data-testid="apply-fix">{ "Apply fix" }</button>
                    </li>
                }
            }) }
        </ul>
    }
}
