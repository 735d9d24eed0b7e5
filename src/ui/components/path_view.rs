//! The selected client's connection path: its timeline (the core's
//! `draw::timeline`, exportable) and the step list with evidence and sources.

use super::drawing::DrawingView;
use super::topology::ExportButtons;
use super::{delay_class, format_ms, Shared};
use cas_planner_core::draw;
use cas_planner_core::sim::{ClientResult, Step, StepOutcome};
use cas_planner_core::Scenario;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PathViewProps {
    pub result: Shared<ClientResult>,
    pub scenario: Shared<Scenario>,
}

/// A design compared by its object lists only (see `Scenario::same_objects`).
struct SameObjects(std::rc::Rc<Scenario>);

impl PartialEq for SameObjects {
    fn eq(&self, other: &Self) -> bool {
        self.0.same_objects(&other.0)
    }
}

#[component]
pub fn PathView(props: &PathViewProps) -> Html {
    let r = &props.result;
    // Labels for just the objects this path names, in one pass over the
    // design, again only when the path or the objects change.
    let labels = use_memo(
        (props.result.clone(), SameObjects(props.scenario.0.clone())),
        |(r, s)| {
            let ad = super::autodiscover::evidence_ids(r.autodiscover.as_deref());
            s.0.labels(Step::evidence_ids(&r.steps).into_iter().chain(ad).collect())
        },
    );
    let timeline = use_memo(props.result.clone(), |r| Rc::new(draw::timeline(r, None)));
    let timeline = Shared((*timeline).clone());
    html! {
        <section class="path-view" aria-labelledby="path-heading" data-testid="path-view">
            <h3 id="path-heading">
                { format!("{}: ", r.client) }
                <span class={delay_class(r.total_ms, &r.outcome)} data-testid="path-total">{ format_ms(r.total_ms) }</span>
                { format!(" — {}", r.outcome.label()) }
            </h3>
            <div class="timeline">
                <ExportButtons drawing={timeline.clone()} scenario={props.scenario.clone()} what="timeline" />
                <DrawingView drawing={timeline} testid="timeline" />
            </div>
            if let Some(ad) = r.autodiscover.as_deref() {
                { super::autodiscover::autodiscover_view(ad, &labels) }
                <h4 class="connection-heading">{ "Connection" }</h4>
            }
            <ol class="step-list" data-testid="step-list">
                { for r.steps.iter().map(|s| {
                    let outcome = match s.outcome { StepOutcome::Ok => "ok", StepOutcome::Failed => "failed", StepOutcome::Info => "info" };
                    let evidence = s.evidence_names(&labels);
                    html! {
                        <li class={classes!("step", format!("step-{outcome}"))} data-kind={s.kind.as_str()}>
                            <div class="step-head">
                                <span class="step-time">{ format!("{} +{}", format_ms(s.start_ms), format_ms(s.duration_ms)) }</span>
                                <span class="step-kind">{ s.kind.as_str() }</span>
                                <span class="step-source" title="Source in the behaviour model">{ s.source }</span>
                            </div>
                            <p class="step-detail">{ s.detail.clone() }</p>
                            if !evidence.is_empty() {
                                <p class="step-evidence">{ format!("Evidence: {}", evidence.join("; ")) }</p>
                            }
                        </li>
                    }
                }) }
            </ol>
            if let Some(pf) = r.public_folders.as_ref().filter(|pf| !pf.connected) {
                <p class="pf-note pf-failed" role="alert">{ format!("Mailbox connected, but {}", pf.detail) }</p>
            }
        </section>
    }
}
