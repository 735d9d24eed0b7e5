//! What Outlook's Autodiscover does before the connection (§6), as the path
//! view and the presenter show it: the two waits (profile setup, each
//! start), the run's steps, and each prompt as the dialog the user reads —
//! its exact text, always as text.

use super::format_ms;
use cas_planner_core::sim::{AdStep, AutodiscoverResult, AutodiscoverRun, Prompt, StepOutcome};
use std::collections::HashMap;
use yew::prelude::*;

/// The objects an Autodiscover step names as `labels` calls them.
pub fn evidence_names<'a>(s: &'a AdStep, labels: &'a HashMap<String, String>) -> Vec<&'a str> {
    s.evidence
        .iter()
        .map(|id| labels.get(&**id).map_or(&**id, String::as_str))
        .collect()
}

/// A prompt as the dialog the user meets: what it is about, its text word
/// for word, its buttons (the model takes Yes), and when it appears.
pub fn prompt_box(p: &Prompt) -> Html {
    html! {
        <div class="ad-prompt" role="group" aria-label={format!("{} shown to the user", p.kind.label())} data-testid="ad-prompt">
            <p class="ad-prompt-title">{ format!("{} — {}", p.kind.label(), p.host) }</p>
            <p class="ad-prompt-text" data-testid="ad-prompt-text">{ p.text.clone() }</p>
            <p class="ad-prompt-buttons" aria-hidden="true"><span>{ "Yes" }</span><span>{ "No" }</span></p>
            <p class="ad-prompt-note">{ format!("At {} ({}); the model takes Yes.", format_ms(p.at_ms), cas_planner_core::model::Choice::as_str(p.method)) }</p>
        </div>
    }
}

/// One step of a run as the connection's steps show it, then the prompts
/// that appear during it.
fn step_item(
    run: &AutodiscoverRun,
    i: usize,
    s: &AdStep,
    labels: &HashMap<String, String>,
) -> Html {
    let outcome = match s.outcome {
        StepOutcome::Ok => "ok",
        StepOutcome::Failed => "failed",
        StepOutcome::Info => "info",
    };
    let evidence = evidence_names(s, labels);
    html! {
        <li class={classes!("step", format!("step-{outcome}"))} data-method={s.method}>
            <div class="step-head">
                <span class="step-time">{ format!("{} +{}", format_ms(s.start_ms), format_ms(s.duration_ms)) }</span>
                <span class="step-kind">{ if s.outcome == StepOutcome::Failed { format!("✕ {}", s.method) } else { s.method.to_string() } }</span>
                <span class="step-target">{ s.target.to_string() }</span>
                <span class="step-source" title="Source in the behaviour model">{ s.source }</span>
            </div>
            <p class="step-detail">{ s.detail.to_string() }</p>
            if !evidence.is_empty() {
                <p class="step-evidence">{ format!("Evidence: {}", evidence.join("; ")) }</p>
            }
            { for run.prompts.iter().filter(|p| run.prompt_step(p) == Some(i)).map(prompt_box) }
        </li>
    }
}

/// A run: who answered, then its steps with their prompts.
fn run_view(title: &str, run: &AutodiscoverRun, labels: &HashMap<String, String>) -> Html {
    html! {
        <>
            <h5 class="ad-run-head">{ format!("{title}: {}", run.summary()) }</h5>
            <ol class="step-list ad-steps" data-testid="ad-steps">
                { for run.steps.iter().enumerate().map(|(i, s)| step_item(run, i, s, labels)) }
            </ol>
        </>
    }
}

/// The Autodiscover section of the path: the two waits, the run at profile
/// creation, and the run at each start when it differs.
pub fn autodiscover_view(ad: &AutodiscoverResult, labels: &HashMap<String, String>) -> Html {
    html! {
        <section class="ad-view" aria-labelledby="ad-heading" data-testid="ad-view">
            <h4 id="ad-heading">{ "Autodiscover" }</h4>
            <dl class="ad-waits">
                <dt>{ "Profile setup" }</dt>
                <dd data-testid="ad-profile-setup">{ format!("{}: {}", ad.profile_setup.time_text(), ad.profile_setup.detail) }</dd>
                <dt>{ "Each start" }</dt>
                <dd data-testid="ad-each-start">{ format!("{}: {}", ad.each_start.time_text(), ad.each_start.detail) }</dd>
            </dl>
            { run_view("At profile creation", &ad.profile_run, labels) }
            if ad.start_run.steps != ad.profile_run.steps {
                { run_view("At each start", &ad.start_run, labels) }
            } else {
                <p class="ad-same">{ "At each start: the same run." }</p>
            }
        </section>
    }
}

/// The ids the Autodiscover runs' steps name, for `Scenario::labels`.
pub fn evidence_ids(ad: Option<&AutodiscoverResult>) -> impl Iterator<Item = &str> {
    ad.into_iter()
        .flat_map(|a| a.profile_run.steps.iter().chain(&a.start_run.steps))
        .flat_map(|s| s.evidence.iter().map(|e| &**e))
}
