//! Deployment commands: the design's change request as a PowerShell plan to
//! review — the fixes for the current findings, the build of the whole
//! design, or, on a step of a migration plan, what takes the step before
//! to this one — shown as text and offered as a .ps1 download. Nothing is run.

use super::Shared;
use crate::ui::effects::files;
use crate::ui::state::{use_editor, Action};
use cas_planner_core::advisor::Finding;
use cas_planner_core::sim::SimulationReport;
use cas_planner_core::{analysis::Analysis, commands, file, Scenario};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CommandsPanelProps {
    /// The design on screen, with its analysis.
    pub scenario: Shared<Scenario>,
    pub report: Shared<SimulationReport>,
    pub findings: Shared<Vec<Finding>>,
    /// On a step of a plan other than the first: the step before.
    #[prop_or_default]
    pub step: Option<StepPlan>,
}

/// A step of a migration plan, for its deployment plan.
#[derive(Clone, PartialEq)]
pub struct StepPlan {
    /// The design of the step before.
    pub previous: Shared<Scenario>,
    /// This step's name.
    pub name: AttrValue,
    pub report: Shared<SimulationReport>,
    pub findings: Shared<Vec<Finding>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Plan {
    Fixes,
    Build,
    Step,
}

/// "Mailboxes moved" → "mailboxes-moved", for a file name.
fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let parts: Vec<&str> = s.split('-').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "step".into()
    } else {
        parts.join("-")
    }
}

#[component]
pub fn CommandsPanel(props: &CommandsPanelProps) -> Html {
    let editor = use_editor();
    let chosen = use_state(|| None::<Plan>);
    // The step's plan only on a step.
    let open = (*chosen).filter(|p| *p != Plan::Step || props.step.is_some());
    // Built only while shown: the fixes plan simulates every fix. The build
    // and step plans come with the errors they would build in, named above
    // them too; both read the analysis already there.
    let plan = use_memo(
        (
            props.scenario.clone(),
            props.report.clone(),
            props.findings.clone(),
            props.step.clone(),
            open,
        ),
        |(s, report, findings, step, plan)| {
            let analysis = || Analysis {
                report: (*report.0).clone(),
                findings: (*findings.0).clone(),
                simulated: 0,
            };
            match (plan, step) {
                (Some(Plan::Fixes), _) => (commands::fixes_plan(&s.0), Vec::new()),
                (Some(Plan::Build), _) => {
                    let analysis = analysis();
                    (
                        commands::build_plan_with(&s.0, &analysis),
                        commands::open_errors(&analysis),
                    )
                }
                (Some(Plan::Step), Some(step)) => {
                    let analysis = analysis();
                    (
                        commands::step_plan(&step.previous, &s.0, &step.name, &analysis),
                        commands::open_errors(&analysis),
                    )
                }
                _ => (String::new(), Vec::new()),
            }
        },
    );
    let (text, errors) = (&plan.0, &plan.1);
    let choose = |plan: Plan| {
        let chosen = chosen.clone();
        Callback::from(move |_| chosen.set(if open == Some(plan) { None } else { Some(plan) }))
    };
    let download = {
        let (editor, plan_text, scenario, plan) =
            (editor.clone(), plan.clone(), props.scenario.clone(), open);
        let step = props.step.as_ref().map(|s| slug(&s.name));
        Callback::from(move |_| {
            let stem = file::suggested_file_name(&scenario.0);
            let stem = stem.trim_end_matches(".casplan.json");
            let what = match (plan, &step) {
                (Some(Plan::Build), _) => "build".to_string(),
                (Some(Plan::Step), Some(step)) => format!("step-{step}"),
                _ => "fixes".to_string(),
            };
            let name = format!("{stem}-{what}.ps1");
            // A byte-order mark: Windows PowerShell reads BOM-less files as ANSI.
            if let Err(e) = files::download(
                &name,
                "text/plain;charset=utf-8",
                &format!("\u{feff}{}", plan_text.0),
            ) {
                editor.dispatch(Action::Fail(format!("Could not download the plan: {e}")));
            }
        })
    };
    let pressed = |plan: Plan| (open == Some(plan)).to_string();
    html! {
        <section class="commands" aria-labelledby="commands-heading" data-testid="commands">
            <h3 id="commands-heading">{ "Deployment commands" }</h3>
            <p>{ "The change request as a PowerShell plan to review: Exchange Management Shell, Windows DNS (with the dnscmd form), static RPC ports, load-balancer checklist. The planner never runs anything." }</p>
            <div class="commands-choice">
                <button type="button" aria-pressed={pressed(Plan::Fixes)} onclick={choose(Plan::Fixes)} data-testid="commands-fixes">{ "Plan for the fixes" }</button>
                <button type="button" aria-pressed={pressed(Plan::Build)} onclick={choose(Plan::Build)} data-testid="commands-build">{ "Plan to build the design" }</button>
                if let Some(step) = &props.step {
                    <button type="button" aria-pressed={pressed(Plan::Step)} onclick={choose(Plan::Step)} data-testid="commands-step"
                            title="The changes that take the step before to this one, with their checks">{ format!("Plan for the step “{}”", step.name) }</button>
                }
            </div>
            if open.is_some() {
                <button type="button" onclick={download} data-testid="commands-download">{ "Download .ps1" }</button>
                if !errors.is_empty() {
                    <p class="commands-errors" role="note" data-testid="commands-errors">
                        { format!("This design has error findings: {}. Built as it is, it has them: the plan for the fixes is the way out.", errors.join("; ")) }
                    </p>
                }
                <pre class="commands-text" data-testid="commands-text" tabindex="0" aria-label="Deployment plan">{ text.clone() }</pre>
            }
        </section>
    }
}
