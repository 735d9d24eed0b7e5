//! The advisor panel: findings grouped by severity, each with why, fix and source.

use cas_planner_core::advisor::{Finding, Severity};
use super::Shared;
use crate::ui::state::{use_editor, Action, Selection};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub findings: Shared<Vec<Finding>>,
}

/// Findings shown per severity before "Show all": a large design can have hundreds.
const PAGE: usize = 10;

#[component]
pub fn Findings(props: &FindingsProps) -> Html {
    let editor = use_editor();
    let expanded = use_state(Vec::<Severity>::new);
    // Clicking a finding opens the first object it names in the design panel.
    let open = |f: &Finding| {
        let (editor, first) = (editor.clone(), f.objects.first().cloned());
        Callback::from(move |_| editor.dispatch(Action::SelectObject(first.clone().map(Selection::Object))))
    };
    let group = |sev: Severity, title: &str| {
        let items: Vec<&Finding> = props.findings.iter().filter(|f| f.severity == sev).collect();
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
            <div class={classes!("finding-group", format!("sev-{}", sev.label().to_lowercase()))}>
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
                        </li>
                    }) }
                    if total > limit {
                        <li><button type="button" class="link" onclick={more}>{ format!("Show all {total}") }</button></li>
                    }
                </ul>
            </div>
        }
    };
    html! {
        <section class="findings" aria-labelledby="findings-heading">
            <h3 id="findings-heading">{ "Advisor" }</h3>
            if props.findings.is_empty() {
                <p class="all-clear" data-testid="no-findings">{ "No findings: the design follows every rule." }</p>
            }
            { group(Severity::Error, "Errors") }
            { group(Severity::Warning, "Warnings") }
            { group(Severity::Info, "Information") }
        </section>
    }
}
