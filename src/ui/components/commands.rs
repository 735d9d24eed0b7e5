//! Deployment commands: the design's change request as a PowerShell plan to
//! review — the fixes for the current findings, or the build of the whole
//! design — shown as text and offered as a .ps1 download. Nothing is run.

use super::Shared;
use crate::ui::effects::files;
use crate::ui::state::{use_editor, Action};
use cas_planner_core::{analysis::Analysis, commands, file, Scenario};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CommandsPanelProps {
    pub scenario: Shared<Scenario>,
}

#[derive(Clone, Copy, PartialEq)]
enum Plan {
    Fixes,
    Build,
}

#[component]
pub fn CommandsPanel(props: &CommandsPanelProps) -> Html {
    let editor = use_editor();
    let open = use_state(|| None::<Plan>);
    // Built only while shown: the fixes plan simulates every fix. The build
    // plan comes with the errors it would build in, named above it too.
    let plan = use_memo((props.scenario.clone(), *open), |(s, plan)| match plan {
        Some(Plan::Fixes) => (commands::fixes_plan(&s.0), Vec::new()),
        Some(Plan::Build) => {
            let analysis = Analysis::of(&s.0);
            (
                commands::build_plan_with(&s.0, &analysis),
                commands::open_errors(&analysis),
            )
        }
        None => (String::new(), Vec::new()),
    });
    let (text, errors) = (&plan.0, &plan.1);
    let choose = |plan: Plan| {
        let open = open.clone();
        Callback::from(move |_| {
            open.set(if *open == Some(plan) {
                None
            } else {
                Some(plan)
            })
        })
    };
    let download = {
        let (editor, plan_text, scenario, plan) =
            (editor.clone(), plan.clone(), props.scenario.clone(), *open);
        Callback::from(move |_| {
            let stem = file::suggested_file_name(&scenario.0);
            let stem = stem.trim_end_matches(".casplan.json");
            let name = format!(
                "{stem}-{}.ps1",
                if plan == Some(Plan::Build) {
                    "build"
                } else {
                    "fixes"
                }
            );
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
    let pressed = |plan: Plan| (*open == Some(plan)).to_string();
    html! {
        <section class="commands" aria-labelledby="commands-heading" data-testid="commands">
            <h3 id="commands-heading">{ "Deployment commands" }</h3>
            <p>{ "The change request as a PowerShell plan to review: Exchange Management Shell, Windows DNS (with the dnscmd form), static RPC ports, load-balancer checklist. The planner never runs anything." }</p>
            <div class="commands-choice">
                <button type="button" aria-pressed={pressed(Plan::Fixes)} onclick={choose(Plan::Fixes)} data-testid="commands-fixes">{ "Plan for the fixes" }</button>
                <button type="button" aria-pressed={pressed(Plan::Build)} onclick={choose(Plan::Build)} data-testid="commands-build">{ "Plan to build the design" }</button>
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
