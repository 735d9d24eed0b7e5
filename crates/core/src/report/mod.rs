//! Renders simulation results, comparisons and advisor findings as text (for
//! people) and as the CLI's JSON contract (for scripts); `document` is the
//! printed report.

pub mod document;

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
            v
        })
        .collect();
    let total = json!({ "users": cost.users, "failing_users": cost.failing_users, "wait_per_day_ms": cost.total, "text": crate::cost::estimate_text(cost.total) });
    serde_json::to_string_pretty(&json!({ "clients": clients, "cost": total }))
        .expect("serialisable")
}

/// A trace per client, with step timings, evidence labels and sources.
pub fn simulation_text(scenario: &Scenario, report: &SimulationReport) -> String {
    let labels = scenario.labels(crate::sim::Step::evidence_ids(
        report.clients.iter().flat_map(|c| &c.steps),
    ));
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
