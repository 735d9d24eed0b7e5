//! The selected client's connection path: a timeline (SVG, seconds on the
//! x axis, the wait and the fallback marked) and the step list with evidence
//! and sources.

use super::{delay_class, seconds, Shared};
use cas_planner_core::sim::{ClientResult, Outcome, StepKind, StepOutcome};
use std::collections::BTreeSet;
use cas_planner_core::Scenario;
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

const ROW_H: f64 = 34.0;
const LABEL_W: f64 = 190.0;
const CHART_W: f64 = 1000.0;
const TOP: f64 = 34.0;

/// A "nice" tick step in ms giving at most about 8 ticks.
fn tick_step(total_ms: u64) -> u64 {
    const STEPS: [u64; 12] = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000];
    STEPS.into_iter().find(|s| total_ms / s <= 8).unwrap_or(600_000)
}

#[component]
pub fn PathView(props: &PathViewProps) -> Html {
    let r = &props.result;
    // Labels for just the objects this path names, in one pass over the
    // design, again only when the path or the objects change.
    let labels = use_memo((props.result.clone(), SameObjects(props.scenario.0.clone())), |(r, s)| {
        let ids: BTreeSet<&str> = r.steps.iter().flat_map(|s| s.evidence.iter().map(|e| &**e)).collect();
        s.0.labels(&ids)
    });
    let failed = matches!(r.outcome, Outcome::Failed { .. });
    let end = r.steps.iter().map(|s| s.end_ms()).max().unwrap_or(0).max(r.total_ms).max(100);
    let step_ms = tick_step(end);
    let span = (end.div_ceil(step_ms) * step_ms) as f64;
    let x = |ms: u64| LABEL_W + (ms as f64 / span) * (CHART_W - LABEL_W - 10.0);
    let height = TOP + ROW_H * r.steps.len() as f64 + 10.0;
    let fallback_at = r.steps.iter().find(|s| s.kind == StepKind::Fallback).map(|s| s.start_ms);

    let ticks = (0..=(span as u64 / step_ms)).map(|i| {
        let ms = i * step_ms;
        html! {
            <g class="tick">
                <line x1={x(ms).to_string()} x2={x(ms).to_string()} y1={(TOP - 6.0).to_string()} y2={height.to_string()} />
                <text x={x(ms).to_string()} y={(TOP - 12.0).to_string()} text-anchor="middle">{ seconds(ms) }</text>
            </g>
        }
    });
    let bars = r.steps.iter().enumerate().map(|(i, s)| {
        let y = TOP + ROW_H * i as f64;
        let class = match s.outcome {
            StepOutcome::Ok => "bar bar-ok",
            StepOutcome::Failed => "bar bar-failed",
            StepOutcome::Info => "bar bar-info",
        };
        let w = (x(s.end_ms()) - x(s.start_ms)).max(3.0);
        html! {
            <g class="step-row">
                <text class="step-label" x="4" y={(y + ROW_H * 0.62).to_string()}>{ s.kind.as_str() }</text>
                <rect class={class} x={x(s.start_ms).to_string()} y={(y + 6.0).to_string()} width={w.to_string()} height={(ROW_H - 12.0).to_string()} rx="3">
                    <title>{ format!("{} — {} at {}: {}", s.kind.as_str(), seconds(s.duration_ms), seconds(s.start_ms), s.detail) }</title>
                </rect>
                if s.duration_ms >= 1_000 {
                    <text class="bar-text" x={(x(s.start_ms) + 6.0).to_string()} y={(y + ROW_H * 0.62).to_string()}>{ seconds(s.duration_ms) }</text>
                }
            </g>
        }
    });
    html! {
        <section class="path-view" aria-labelledby="path-heading" data-testid="path-view">
            <h3 id="path-heading">
                { format!("{}: ", r.client) }
                <span class={delay_class(r.total_ms, failed)} data-testid="path-total">{ seconds(r.total_ms) }</span>
                { format!(" — {}", r.outcome.label()) }
            </h3>
            <svg class="timeline" viewBox={format!("0 0 {CHART_W} {height}")} role="img"
                 aria-label={format!("Timeline of {}'s connection: {} in total", r.client, seconds(r.total_ms))}>
                { for ticks }
                if let Some(at) = fallback_at {
                    <g class="fallback-marker" data-testid="fallback-marker">
                        <line x1={x(at).to_string()} x2={x(at).to_string()} y1={(TOP - 6.0).to_string()} y2={height.to_string()} />
                        <text x={(x(at) - 6.0).to_string()} y={(height - 6.0).to_string()} text-anchor="end">{ "fallback to HTTPS" }</text>
                    </g>
                }
                { for bars }
            </svg>
            <ol class="step-list" data-testid="step-list">
                { for r.steps.iter().map(|s| {
                    let outcome = match s.outcome { StepOutcome::Ok => "ok", StepOutcome::Failed => "failed", StepOutcome::Info => "info" };
                    let evidence: Vec<String> = s.evidence.iter().map(|id| labels.get(&**id).cloned().unwrap_or_else(|| id.to_string())).collect();
                    html! {
                        <li class={classes!("step", format!("step-{outcome}"))} data-kind={s.kind.as_str()}>
                            <div class="step-head">
                                <span class="step-time">{ format!("{} +{}", seconds(s.start_ms), seconds(s.duration_ms)) }</span>
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
