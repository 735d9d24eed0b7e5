//! Renders simulation results, comparisons and advisor findings as text (for
//! people) and as the CLI's JSON contract (for scripts); `document` is the
//! printed report.

pub mod document;
pub mod plan;

use crate::advisor::Finding;
use crate::model::Scenario;
use crate::sim::time::format_ms;
use crate::sim::{Comparison, SimulationReport, StepOutcome};
use serde_json::json;
use std::fmt::Write;

/// `{"clients":[{"client","outcome","total_ms","range_ms","drivers","cost","steps":[…]}],"cost":{…}}`,
/// the documented `simulate --format json` contract (extra fields are additive).
pub fn simulation_json(scenario: &Scenario, report: &SimulationReport) -> String {
    let cost = crate::cost::of(scenario, report);
    let clients: Vec<_> = report
        .clients
        .iter()
        .zip(&cost.groups)
        .map(|(c, g)| {
            let steps: Vec<_> = c
                .steps
                .iter()
                .map(|s| {
                    json!({
                        "start_ms": s.start_ms,
                        "duration_ms": s.duration_ms,
                        "kind": s.kind.as_str(),
                        "outcome": s.outcome,
                        "detail": s.detail,
                        "evidence": s.evidence,
                        "source": s.source,
                    })
                })
                .collect();
            let mut v = json!({
                "client": c.client,
                "client_id": c.client_id,
                "outcome": c.outcome.code(),
                "total_ms": c.total_ms,
                "range_ms": c.range_ms,
                "drivers": c.drivers,
                "steps": steps,
            });
            v["cost"] = json!({
                "users": g.users,
                "connects_per_day": g.connects_per_day,
                "connects_per_day_range": g.connects_range,
                "wait_per_user_per_day_ms": g.per_user,
                "wait_per_day_ms": g.total,
                "text": g.text(),
            });
            if let crate::sim::Outcome::Failed { cause } = &c.outcome {
                v["cause"] = json!(cause.to_string());
            }
            if let Some(pf) = &c.public_folders {
                v["public_folders"] = json!(pf);
            }
            if let Some(ad) = &c.autodiscover {
                v["autodiscover"] = autodiscover_json(&ad.profile_run);
                v["autodiscover_at_start"] = autodiscover_json(&ad.start_run);
                v["profile_setup"] = json!(ad.profile_setup);
                v["each_start"] = json!(ad.each_start);
            }
            v
        })
        .collect();
    let total = json!({ "users": cost.users, "failing_users": cost.failing_users, "wait_per_day_ms": cost.total, "text": crate::cost::estimate_text(cost.total) });
    serde_json::to_string_pretty(&json!({ "clients": clients, "cost": total }))
        .expect("serialisable")
}

/// One Autodiscover run as the CLI's JSON contract writes it (README, CLI).
fn autodiscover_json(run: &crate::sim::AutodiscoverRun) -> serde_json::Value {
    let steps: Vec<_> = run
        .steps
        .iter()
        .map(|s| {
            json!({
                "method": s.method,
                "target": s.target,
                "start_ms": s.start_ms,
                "duration_ms": s.duration_ms,
                "outcome": s.outcome,
                "detail": s.detail,
                "evidence": s.evidence,
                "source": s.source,
            })
        })
        .collect();
    json!({
        "outcome": run.outcome,
        "total_ms": run.total_ms,
        "range_ms": run.range_ms,
        "drivers": run.drivers,
        "answered_by": run.answered_by,
        "url": run.url,
        "misroute": run.misroute,
        "steps": steps,
        "prompts": run.prompts,
    })
}

/// One Autodiscover run in words: who answered, then its steps and prompts.
fn autodiscover_text(
    out: &mut String,
    title: &str,
    run: &crate::sim::AutodiscoverRun,
    labels: &std::collections::HashMap<String, String>,
) {
    let answer = match (&run.answered_by, &run.url) {
        (Some(m), Some(url)) => format!("answered by {} ({url})", crate::model::Choice::as_str(*m)),
        _ => "no method answered".to_string(),
    };
    let range = if run.range_ms.is_point() {
        String::new()
    } else {
        format!(
            " (range {})",
            crate::sim::format_span(run.range_ms.min, run.range_ms.max)
        )
    };
    let _ = writeln!(
        out,
        "  {title}: {answer} after {}{range}",
        format_ms(run.total_ms)
    );
    for s in &run.steps {
        let mark = match s.outcome {
            StepOutcome::Ok => "ok  ",
            StepOutcome::Failed => "FAIL",
            StepOutcome::Info => "    ",
        };
        let _ = writeln!(
            out,
            "  {:>8} +{:<8} {mark} {:<19} {}",
            format_ms(s.start_ms),
            format_ms(s.duration_ms),
            s.method,
            s.detail
        );
        let named: Vec<&str> = s
            .evidence
            .iter()
            .map(|id| labels.get(&**id).map_or(&**id, String::as_str))
            .collect();
        if !named.is_empty() {
            let _ = writeln!(out, "{:>41} evidence: {}", "", named.join("; "));
        }
        let _ = writeln!(out, "{:>41} source: {}", "", s.source);
    }
    for p in &run.prompts {
        let kind = match p.kind {
            crate::sim::PromptKind::Certificate => "certificate",
            crate::sim::PromptKind::Redirect => "redirect",
        };
        let _ = writeln!(out, "  prompt ({kind}, {}): \"{}\"", p.host, p.text);
    }
}

/// A trace per client, with step timings, evidence labels and sources.
pub fn simulation_text(scenario: &Scenario, report: &SimulationReport) -> String {
    let ad_ids = report
        .clients
        .iter()
        .filter_map(|c| c.autodiscover.as_ref())
        .flat_map(|a| a.profile_run.steps.iter().chain(&a.start_run.steps))
        .flat_map(|s| s.evidence.iter().map(|e| &**e));
    let labels = scenario.labels(
        crate::sim::Step::evidence_ids(report.clients.iter().flat_map(|c| &c.steps))
            .into_iter()
            .chain(ad_ids)
            .collect(),
    );
    let cost = crate::cost::of(scenario, report);
    let mut out = String::new();
    for (c, g) in report.clients.iter().zip(&cost.groups) {
        let _ = writeln!(
            out,
            "{} — {} after {}",
            c.client,
            c.outcome.label(),
            c.time_with_range()
        );
        if let Some(range) = c.range_text() {
            let _ = writeln!(out, "  range: {range}");
        }
        let _ = writeln!(out, "  daily wait: {}", g.text());
        if let Some(ad) = &c.autodiscover {
            for (name, p) in [
                ("profile setup", &ad.profile_setup),
                ("each start", &ad.each_start),
            ] {
                let range = if p.range_ms.is_point() {
                    String::new()
                } else {
                    format!(
                        " (range {})",
                        crate::sim::format_span(p.range_ms.min, p.range_ms.max)
                    )
                };
                let failed = if p.outcome == crate::sim::RunOutcome::Failed {
                    "FAILS after "
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "  {name}: {failed}{}{range}: {}",
                    format_ms(p.total_ms),
                    p.detail
                );
            }
            autodiscover_text(
                &mut out,
                "Autodiscover at profile creation",
                &ad.profile_run,
                &labels,
            );
            if ad.start_run.steps != ad.profile_run.steps {
                autodiscover_text(
                    &mut out,
                    "Autodiscover at each start",
                    &ad.start_run,
                    &labels,
                );
            } else {
                let _ = writeln!(out, "  Autodiscover at each start: the same run");
            }
            let _ = writeln!(out, "  connection:");
        }
        for s in &c.steps {
            let mark = match s.outcome {
                StepOutcome::Ok => "ok  ",
                StepOutcome::Failed => "FAIL",
                StepOutcome::Info => "    ",
            };
            let _ = writeln!(
                out,
                "  {:>8} +{:<8} {mark} {:<16} {}",
                format_ms(s.start_ms),
                format_ms(s.duration_ms),
                s.kind.as_str(),
                s.detail
            );
            let named = s.evidence_names(&labels);
            if !named.is_empty() {
                let _ = writeln!(out, "{:>38} evidence: {}", "", named.join("; "));
            }
            let _ = writeln!(out, "{:>38} source: {}", "", s.source);
        }
        if let Some(pf) = &c.public_folders {
            let _ = writeln!(out, "  public folders: {}", pf.detail);
        }
        out.push('\n');
    }
    if report.clients.len() > 1 {
        let _ = writeln!(
            out,
            "All {} users: {} of waiting a day",
            crate::text::num(cost.users),
            crate::cost::estimate_text(cost.total)
        );
    }
    out.trim_end().to_string()
}

/// A change of predicted time (after − before, ms) in words: "21.0 s faster".
pub fn delta_text(delta_ms: i64) -> String {
    match delta_ms {
        d if d < 0 => format!("{} faster", format_ms(d.unsigned_abs())),
        d if d > 0 => format!("{} slower", format_ms(d as u64)),
        _ => "no change".into(),
    }
}

/// Each client before and after, with the verdict over the range and, with
/// `savings` (`cost::savings` of the same comparison), the daily wait saved.
pub fn comparison_text(cmp: &Comparison, savings: Option<&crate::cost::Savings>) -> String {
    let mut out = String::new();
    for (i, c) in cmp.clients.iter().enumerate() {
        let side = |s: &Option<crate::sim::ClientSummary>| match s {
            Some(s) => format!("{} {}", s.outcome, format_ms(s.total_ms)),
            None => "(absent)".into(),
        };
        let delta = c
            .delta_ms
            .map_or_else(|| "only on one side".into(), delta_text);
        let _ = writeln!(
            out,
            "{}: {} → {} ({delta})",
            c.client,
            side(&c.before),
            side(&c.after)
        );
        if let Some(v) = c.range_verdict() {
            let _ = writeln!(out, "    {v}");
        }
        if let Some(p) = &c.restart_prompt {
            let _ = writeln!(out, "    restart prompt: {p}");
        }
        if let Some(e) = savings
            .and_then(|s| s.clients.get(i).copied().flatten())
            .filter(|e| e.nominal_ms != 0)
        {
            let _ = writeln!(
                out,
                "    {} a day {}",
                crate::cost::estimate_text(e),
                if e.nominal_ms > 0 { "saved" } else { "lost" }
            );
        }
        for line in &c.changed_steps {
            let _ = writeln!(out, "    {line}");
        }
    }
    if let Some(s) = savings {
        let _ = writeln!(
            out,
            "In all: {} a day {}",
            crate::cost::estimate_text(s.total),
            if s.total.nominal_ms >= 0 {
                "saved"
            } else {
                "lost"
            }
        );
    }
    out.trim_end().to_string()
}

/// `{"findings":[{"rule","severity","title","objects","why","fix","source"}]}`.
pub fn findings_json(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(&json!({ "findings": findings })).expect("serialisable")
}

pub fn findings_text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "No findings: the design follows every rule.".into();
    }
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(out, "{} {} {}", f.severity.label(), f.rule, f.title);
        let _ = writeln!(out, "    why: {}", f.why);
        let _ = writeln!(out, "    fix: {}", f.fix);
        let _ = writeln!(
            out,
            "    objects: {}  source: {}",
            f.objects.join(", "),
            f.source
        );
    }
    out.trim_end().to_string()
}
