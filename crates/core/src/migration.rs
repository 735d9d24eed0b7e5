//! A migration plan analysed (§11 step 1–2): each step's design (the walk
//! in `edit::plan`, re-exported here) simulated and advised on its own and
//! compared with the step before, and a summary a table or a slide shows.

use crate::analysis::Analysis;
pub use crate::edit::plan::*;
use crate::model::Scenario;
use crate::sim::Outcome;
use crate::sim::{compare_designs, ClientSummary, Comparison};

/// A step's design analysed, and compared with the step before it.
#[derive(Debug, Clone)]
pub struct StepAnalysis {
    pub step: StepDesign,
    pub analysis: Analysis,
    /// Against the step before; None for the design itself.
    pub compare: Option<Comparison>,
}

/// Every step simulated and advised on its own, each compared with the
/// step before (§11 step 1).
pub fn analyse(s: &Scenario) -> Vec<StepAnalysis> {
    let mut out: Vec<StepAnalysis> = Vec::new();
    for step in steps(s) {
        let analysis = Analysis::of(&step.design);
        let compare = out.last().map(|prev| {
            compare_designs(
                &prev.step.design,
                &prev.analysis.report,
                &step.design,
                &analysis.report,
            )
        });
        out.push(StepAnalysis {
            step,
            analysis,
            compare,
        });
    }
    out
}

/// A step in figures: what a table row or a slide says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct StepSummary {
    pub clients: usize,
    pub connected: usize,
    pub failed: usize,
    /// Failures the user meets as prompts (§11 coexist 5, 6).
    pub prompting: usize,
    pub mapi_http: usize,
    pub slowest_ms: u64,
    pub errors: usize,
    pub warnings: usize,
    /// Against the step before: clients faster, slower, newly failing,
    /// and meeting the restart prompt (§11 step 2).
    pub faster: usize,
    pub slower: usize,
    pub broken: usize,
    pub restart_prompts: usize,
}

impl StepAnalysis {
    pub fn summary(&self) -> StepSummary {
        use crate::advisor::Severity;
        let clients = &self.analysis.report.clients;
        let failed_with = |p: fn(&crate::sim::Cause) -> bool| {
            clients
                .iter()
                .filter(|c| matches!(&c.outcome, Outcome::Failed { cause } if p(cause)))
                .count()
        };
        let mut s = StepSummary {
            clients: clients.len(),
            failed: failed_with(|_| true),
            prompting: failed_with(|c| c.prompts()),
            mapi_http: clients
                .iter()
                .filter(|c| c.outcome == Outcome::MapiHttp)
                .count(),
            slowest_ms: clients
                .iter()
                .filter(|c| !matches!(c.outcome, Outcome::Failed { .. }))
                .map(|c| c.total_ms)
                .max()
                .unwrap_or(0),
            errors: self
                .analysis
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
            warnings: self
                .analysis
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count(),
            ..StepSummary::default()
        };
        s.connected = s.clients - s.failed;
        if let Some(cmp) = &self.compare {
            let c = compare_counts(cmp);
            (s.faster, s.slower, s.broken, s.restart_prompts) =
                (c.faster, c.slower, c.broken, c.restart_prompts);
        }
        s
    }
}

/// The counts of a comparison as a step's summary gives them (clients
/// newly failing, slower, faster, meeting the restart prompt), also for a
/// comparison made apart from a whole plan's analysis.
pub fn compare_counts(cmp: &Comparison) -> StepSummary {
    let failed = |c: &Option<ClientSummary>| c.as_ref().is_some_and(|c| c.outcome == "failed");
    let mut s = StepSummary::default();
    for d in &cmp.clients {
        if failed(&d.after) && !failed(&d.before) {
            s.broken += 1;
        } else if let Some(ms) = d.delta_ms {
            if ms < 0 {
                s.faster += 1;
            } else if ms > 0 {
                s.slower += 1;
            }
        }
        if d.restart_prompt.is_some() {
            s.restart_prompts += 1;
        }
    }
    s
}
