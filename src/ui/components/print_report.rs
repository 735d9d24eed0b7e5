//! The print view: the core's report document (`report::document`) as the
//! page prints it — Print report, Ctrl+P or the browser's menu — with no
//! editing controls. The same content the CLI's `report` writes as HTML.

use super::drawing::DrawingView;
use super::Shared;
use cas_planner_core::advisor::Finding;
use cas_planner_core::migration::StepAnalysis;
use cas_planner_core::report::document::{self, Block};
use cas_planner_core::report::plan;
use cas_planner_core::sim::SimulationReport;
use cas_planner_core::Scenario;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PrintReportProps {
    pub scenario: Shared<Scenario>,
    pub report: Shared<SimulationReport>,
    pub findings: Shared<Vec<Finding>>,
    /// Every step of the migration plan analysed (empty without a plan).
    pub plan: Shared<Vec<StepAnalysis>>,
    /// The name of the step the report's clients, findings and paths are of.
    pub shown_step: AttrValue,
    /// The comparison with the pinned design, when one is pinned.
    pub comparison: Option<
        Shared<(
            cas_planner_core::sim::Comparison,
            cas_planner_core::cost::Savings,
        )>,
    >,
}

fn block(b: &Block) -> Html {
    match b {
        Block::Heading { level, text } => match level {
            1 => html! { <h1>{ text.clone() }</h1> },
            2 => html! { <h2>{ text.clone() }</h2> },
            _ => html! { <h3>{ text.clone() }</h3> },
        },
        Block::Para { text, class } => html! { <p class={*class}>{ text.clone() }</p> },
        Block::List { items } => {
            html! { <ul>{ for items.iter().map(|i| html! { <li>{ i.clone() }</li> }) }</ul> }
        }
        Block::Table { class, head, rows } => html! {
            <table class={*class}>
                <thead><tr>{ for head.iter().map(|c| html! { <th scope="col">{ c.clone() }</th> }) }</tr></thead>
                <tbody>{ for rows.iter().map(|r| html! { <tr class={r.class}>{ for r.cells.iter().map(|c| html! { <td>{ c.clone() }</td> }) }</tr> }) }</tbody>
            </table>
        },
        Block::Picture { drawing, class } => {
            html! { <DrawingView drawing={Shared(Rc::new(drawing.clone()))} class={*class} /> }
        }
    }
}

#[component]
pub fn PrintReport(props: &PrintReportProps) -> Html {
    let date = {
        let iso = js_sys::Date::new_0()
            .to_iso_string()
            .as_string()
            .unwrap_or_default();
        iso.get(..10).unwrap_or_default().to_string()
    };
    // Built once per design while printing: it simulates the fixes it lists.
    let doc = use_memo(
        (
            props.scenario.clone(),
            props.report.clone(),
            props.findings.clone(),
            props.comparison.clone(),
            props.plan.clone(),
            props.shown_step.clone(),
            date,
        ),
        |(s, r, f, c, steps, shown, date)| {
            let mut doc = document::document(s, r, f, c.as_ref().map(|c| &c.0 .0), date);
            plan::add_to(&mut doc, steps, shown);
            doc
        },
    );
    html! {
        <div class="print-report" data-testid="print-report">
            <main class="cas-report" aria-label="Printed report">
                { for doc.sections.iter().map(|s| html! { <section class={s.class}>{ for s.blocks.iter().map(block) }</section> }) }
            </main>
        </div>
    }
}
