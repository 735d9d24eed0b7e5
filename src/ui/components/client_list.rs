//! The results list: every client with its outcome and predicted time.

use super::Shared;
use super::{delay_class, format_ms};
use cas_planner_core::cost::{estimate_text_with, DesignCost};
use cas_planner_core::sim::{format_span, Outcome, SimulationReport, Wait};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClientListProps {
    pub report: Shared<SimulationReport>,
    /// The daily wait of each client's group (one per result, in its order).
    pub cost: Shared<DesignCost>,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
}

/// Rows shown before "Show all": a 1,000-client design stays quick to update.
const PAGE: usize = 25;

#[component]
pub fn ClientList(props: &ClientListProps) -> Html {
    let show_all = use_state(|| false);
    let total = props.report.clients.len();
    let limit = if *show_all { total } else { PAGE };
    let failed = props
        .report
        .clients
        .iter()
        .filter(|c| matches!(c.outcome, Outcome::Failed { .. }))
        .count();
    let slow = props
        .report
        .clients
        .iter()
        .filter(|c| Wait::of(c.total_ms, &c.outcome) == Wait::Bad)
        .count();
    let more = {
        let show_all = show_all.clone();
        Callback::from(move |_| show_all.set(true))
    };
    let cost = &props.cost.0;
    html! {
        <>
        <p class="design-cost" data-testid="design-cost">
            { format!("All {} users wait ≈ {} connecting.", cost.users, estimate_text_with(cost.total, " a day")) }
        </p>
        if total > PAGE {
            <p class="client-summary" data-testid="client-summary">
                { format!("{total} clients: {slow} wait 10 s or more, {failed} cannot connect.") }
            </p>
        }
        <ul class="client-list" aria-label="Clients">
            { for props.report.clients.iter().zip(&cost.groups).take(limit).map(|(c, g)| {
                let selected = props.selected.as_deref() == Some(c.client_id.as_str());
                let onclick = {
                    let id = c.client_id.clone();
                    props.on_select.reform(move |_| id.clone())
                };
                html! {
                    <li data-testid="client-row" data-client={c.client.clone()} data-outcome={c.outcome.code()}
                        class={classes!("client-row", delay_class(c.total_ms, &c.outcome), selected.then_some("selected"))}>
                        <button type="button" class="client-button" {onclick} aria-pressed={selected.to_string()}>
                            <span class="client-name">{ c.client.clone() }</span>
                            <span class={classes!("badge", format!("badge-{}", c.outcome.code()))}>{ c.outcome.transport() }</span>
                            <span class="client-total" data-testid="client-total">{ format_ms(c.total_ms) }</span>
                            if c.has_range() {
                                <span class="client-range" data-testid="client-range" title={c.range_text().unwrap_or_default()}>
                                    { format!("range {}", format_span(c.range_ms.min, c.range_ms.max)) }
                                    if let Some(d) = c.drivers.first() { { format!(" · {}", d.label.trim_start_matches("the ")) } }
                                </span>
                            }
                            if g.users > 1 {
                                <span class="client-cost" data-testid="client-cost">{ g.text() }</span>
                            }
                        </button>
                    </li>
                }
            }) }
            if total > limit {
                <li><button type="button" class="link" onclick={more}>{ format!("Show all {total} clients") }</button></li>
            }
        </ul>
        </>
    }
}
