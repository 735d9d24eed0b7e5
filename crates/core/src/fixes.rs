//! From finding to fix: the remedies the advisor's rules propose, applied to
//! the design and simulated before they are offered, so a fix states its
//! effect ("External laptop 21.9 s → 0.9 s; resolves CAS004") and one that
//! helps nobody is not offered, and one that slows or breaks a client says so.

use crate::advisor::{Finding, Fix, Severity};
use crate::analysis::{Analysis, Analyzer};
use crate::edit::{Edit, EditError};
use crate::model::Scenario;
use crate::sim::time::format_ms;
use crate::sim::{
    AutodiscoverResult, AutodiscoverRun, ClientResult, Outcome, Prediction, RunOutcome,
    SimulationReport,
};
use serde::Serialize;
use std::collections::HashMap;

/// One client whose prediction a fix changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientChange {
    pub client: String,
    pub before_ms: u64,
    pub after_ms: u64,
    /// Outcome codes (`rpc-tcp`, `rpc-http`, `failed`…).
    pub before: &'static str,
    pub after: &'static str,
    /// What changes in its Autodiscover (§6): set when a run's time,
    /// outcome or prompts change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autodiscover: Option<AutodiscoverChange>,
}

/// A client's two Autodiscover waits and their prompts, before → after
/// (§6 run 1, run 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutodiscoverChange {
    pub setup_before_ms: u64,
    pub setup_after_ms: u64,
    /// `ok`, `failed`, or `misrouted` (Office 365 answered for an
    /// on-premises mailbox, C19).
    pub setup_before: &'static str,
    pub setup_after: &'static str,
    pub start_before_ms: u64,
    pub start_after_ms: u64,
    pub start_before: &'static str,
    pub start_after: &'static str,
    /// Prompts over both runs.
    pub prompts_before: usize,
    pub prompts_after: usize,
}

impl AutodiscoverChange {
    /// Between two results of one client; None when Autodiscover is the same.
    fn between(b: Option<&AutodiscoverResult>, a: Option<&AutodiscoverResult>) -> Option<Self> {
        let (b, a) = (b?, a?);
        let same = |x: &AutodiscoverRun, y: &AutodiscoverRun| {
            x.total_ms == y.total_ms
                && x.outcome == y.outcome
                && x.misroute == y.misroute
                && x.prompts.len() == y.prompts.len()
        };
        // The predictions hold the connection too, which the change
        // states already: only a change of the runs themselves counts.
        if same(&b.profile_run, &a.profile_run) && same(&b.start_run, &a.start_run) {
            return None;
        }
        // A misroute first: profile setup reports it as a failure too. A
        // start whose run fails is failed even when its connection works
        // on the settings the profile kept.
        let code = |p: &Prediction, run: &AutodiscoverRun| {
            if run.misroute {
                "misrouted"
            } else if p.outcome == RunOutcome::Failed || run.outcome == RunOutcome::Failed {
                "failed"
            } else {
                "ok"
            }
        };
        let prompts =
            |r: &AutodiscoverResult| r.profile_run.prompts.len() + r.start_run.prompts.len();
        Some(AutodiscoverChange {
            setup_before_ms: b.profile_setup.total_ms,
            setup_after_ms: a.profile_setup.total_ms,
            setup_before: code(&b.profile_setup, &b.profile_run),
            setup_after: code(&a.profile_setup, &a.profile_run),
            start_before_ms: b.each_start.total_ms,
            start_after_ms: a.each_start.total_ms,
            start_before: code(&b.each_start, &b.start_run),
            start_after: code(&a.each_start, &a.start_run),
            prompts_before: prompts(b),
            prompts_after: prompts(a),
        })
    }

    /// A wait that worked before and fails or is misrouted after.
    pub fn breaks(&self) -> bool {
        (self.setup_before == "ok" && self.setup_after != "ok")
            || (self.start_before == "ok" && self.start_after != "ok")
    }

    /// Each start is slower, both before and after working.
    pub fn slows(&self) -> bool {
        self.start_before == "ok"
            && self.start_after == "ok"
            && self.start_after_ms > self.start_before_ms
    }

    /// "profile setup 49.0 s → 43.0 s, each start 5.9 s → 920 ms, 2 prompts → none".
    fn summary(&self) -> String {
        let mut parts = Vec::new();
        let wait = |what: &str, b: u64, a: u64, bc: &str, ac: &str| {
            let tag = |c: &str| match c {
                "failed" => " (fails)",
                "misrouted" => " (misrouted)",
                _ => "",
            };
            format!(
                "{what} {}{} → {}{}",
                format_ms(b),
                tag(bc),
                format_ms(a),
                tag(ac)
            )
        };
        if (self.setup_before_ms, self.setup_before) != (self.setup_after_ms, self.setup_after) {
            parts.push(wait(
                "profile setup",
                self.setup_before_ms,
                self.setup_after_ms,
                self.setup_before,
                self.setup_after,
            ));
        }
        if (self.start_before_ms, self.start_before) != (self.start_after_ms, self.start_after) {
            parts.push(wait(
                "each start",
                self.start_before_ms,
                self.start_after_ms,
                self.start_before,
                self.start_after,
            ));
        }
        if self.prompts_before != self.prompts_after {
            let n = |k: usize| match k {
                0 => "none".to_string(),
                1 => "1 prompt".to_string(),
                k => format!("{k} prompts"),
            };
            parts.push(format!(
                "{} → {}",
                n(self.prompts_before),
                n(self.prompts_after)
            ));
        }
        parts.join(", ")
    }
}

/// What a fix does to the predictions and the findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Effect {
    /// Clients whose time or outcome changes, in design order.
    pub clients: Vec<ClientChange>,
    /// Findings the fix removes ("CAS004 Array name resolves for external clients").
    pub resolved: Vec<String>,
    /// Findings the fix brings.
    pub introduced: Vec<String>,
    /// Those of them that are errors: a fix that brings one trades one
    /// problem for another, so it is never applied by "Apply all" (issue 27).
    pub introduced_errors: Vec<String>,
    /// Error findings that were there all along but hidden by a client's
    /// failure, which the fix ends: about a client that failed before and
    /// connects after (its public folders are judged only once its mailbox
    /// connects, CAS011). Not counted as brought.
    pub revealed: Vec<String>,
    /// Clients that connect more slowly after it.
    pub slower: Vec<String>,
    /// Clients that connected before and fail after it.
    pub failing: Vec<String>,
}

impl Effect {
    /// It changes a prediction or removes a finding.
    pub fn helps(&self) -> bool {
        !self.clients.is_empty() || !self.resolved.is_empty()
    }
    /// It slows or breaks a client, or brings an error finding.
    pub fn harms(&self) -> bool {
        !self.slower.is_empty() || !self.failing.is_empty() || !self.introduced_errors.is_empty()
    }
    /// Offered without a warning: it helps and harms nobody.
    pub fn honest(&self) -> bool {
        self.helps() && !self.harms()
    }

    /// One line: the clients' times before → after, the findings resolved,
    /// and any harm.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self
            .clients
            .iter()
            .map(|c| {
                let mut line = c.client.clone();
                if c.before_ms != c.after_ms || c.before != c.after {
                    line.push_str(&format!(
                        " {} → {}{}",
                        format_ms(c.before_ms),
                        format_ms(c.after_ms),
                        match (c.before, c.after) {
                            (_, "failed") => " (fails)",
                            ("failed", _) => " (connects now)",
                            _ => "",
                        }
                    ));
                }
                if let Some(ad) = &c.autodiscover {
                    let text = ad.summary();
                    if !text.is_empty() {
                        if line.len() > c.client.len() {
                            line.push(',');
                        }
                        line.push(' ');
                        line.push_str(&text);
                    }
                }
                line
            })
            .collect();
        if !self.resolved.is_empty() {
            parts.push(format!("resolves {}", self.resolved.join(", ")));
        }
        if !self.introduced.is_empty() {
            let brought: Vec<String> = self
                .introduced
                .iter()
                .map(|f| {
                    if self.introduced_errors.contains(f) {
                        format!("{f} (an error)")
                    } else {
                        f.clone()
                    }
                })
                .collect();
            parts.push(format!("brings {}", brought.join(", ")));
        }
        if !self.revealed.is_empty() {
            parts.push(format!(
                "reveals {} (hidden while the client failed)",
                self.revealed.join(", ")
            ));
        }
        if !self.slower.is_empty() {
            parts.push(format!("slows {}", self.slower.join(", ")));
        }
        if !self.failing.is_empty() {
            parts.push(format!("breaks {}", self.failing.join(", ")));
        }
        if parts.is_empty() {
            "changes no prediction and removes no finding".into()
        } else {
            parts.join("; ")
        }
    }
}

/// A fix applied and simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessed {
    pub title: String,
    pub edits: Vec<Edit>,
    pub after: Scenario,
    pub effect: Effect,
}

/// Applies `edits` in order, as one change.
pub fn apply_edits(scenario: &Scenario, edits: &[Edit]) -> Result<Scenario, EditError> {
    edits
        .iter()
        .try_fold(scenario.clone(), |s, e| s.apply(e.clone()))
}

fn named(f: &Finding) -> String {
    format!("{} {}", f.rule, f.title)
}

/// What a design was, for judging a change: its simulation and findings
/// (the UI holds them apart; an [`Analysis`] has both).
#[derive(Clone, Copy)]
pub struct Before<'a> {
    pub report: &'a SimulationReport,
    pub findings: &'a [Finding],
}

impl<'a> From<&'a Analysis> for Before<'a> {
    fn from(a: &'a Analysis) -> Self {
        Before {
            report: &a.report,
            findings: &a.findings,
        }
    }
}

/// The effect of going from `before` to `after` (its analysis).
pub fn effect<'a>(before: impl Into<Before<'a>>, after: &Analysis) -> Effect {
    let before = before.into();
    let mut e = Effect::default();
    let old: HashMap<&str, &ClientResult> = before
        .report
        .clients
        .iter()
        .map(|r| (r.client_id.as_str(), &**r))
        .collect();
    // Clients that failed before and connect after: findings about them
    // that appear are revealed, not brought.
    let mut rescued: Vec<&str> = Vec::new();
    for a in &after.report.clients {
        let Some(b) = old.get(a.client_id.as_str()) else {
            continue;
        };
        let autodiscover =
            AutodiscoverChange::between(b.autodiscover.as_deref(), a.autodiscover.as_deref());
        if a.total_ms == b.total_ms && a.outcome == b.outcome && autodiscover.is_none() {
            continue;
        }
        let failed = |r: &ClientResult| matches!(r.outcome, Outcome::Failed { .. });
        if failed(b) && !failed(a) {
            rescued.push(a.client_id.as_str());
        }
        // A client that failed before and connects now is rescued, however
        // long its failure took to show. Autodiscover counts too: a wait
        // that worked and fails (or is misrouted) after, or each start
        // slower (§6 run 5).
        let ad_breaks = autodiscover
            .as_ref()
            .is_some_and(AutodiscoverChange::breaks);
        let ad_slows = autodiscover.as_ref().is_some_and(AutodiscoverChange::slows);
        if (failed(a) && !failed(b)) || ad_breaks {
            e.failing.push(a.client.clone());
        } else if (a.total_ms > b.total_ms && !failed(a) && !failed(b)) || ad_slows {
            e.slower.push(a.client.clone());
        }
        e.clients.push(ClientChange {
            client: a.client.clone(),
            before_ms: b.total_ms,
            after_ms: a.total_ms,
            before: b.outcome.code(),
            after: a.outcome.code(),
            autodiscover,
        });
    }
    // Sets: a large design has hundreds of findings on each side.
    let before_keys: std::collections::HashSet<_> =
        before.findings.iter().map(Finding::key).collect();
    let after_keys: std::collections::HashSet<_> =
        after.findings.iter().map(Finding::key).collect();
    e.resolved = before
        .findings
        .iter()
        .filter(|f| !after_keys.contains(&f.key()))
        .map(named)
        .collect();
    let (revealed, brought): (Vec<&Finding>, Vec<&Finding>) = after
        .findings
        .iter()
        .filter(|f| !before_keys.contains(&f.key()))
        .partition(|f| {
            f.severity == Severity::Error && f.objects.iter().any(|o| rescued.contains(&o.as_str()))
        });
    e.revealed = revealed.iter().map(|f| named(f)).collect();
    e.revealed.dedup();
    e.introduced = brought.iter().map(|f| named(f)).collect();
    e.introduced_errors = brought
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| named(f))
        .collect();
    e.resolved.dedup();
    e.introduced.dedup();
    e.introduced_errors.dedup();
    e
}

/// `fix` applied to `scenario` (analysed as `before`) and simulated.
pub fn assess<'a>(
    scenario: &Scenario,
    before: impl Into<Before<'a>>,
    fix: &Fix,
) -> Result<Assessed, EditError> {
    let after = apply_edits(scenario, &fix.edits)?;
    let effect = effect(before, &Analysis::of(&after));
    Ok(Assessed::new(fix, after, effect))
}

impl Assessed {
    fn new(fix: &Fix, after: Scenario, effect: Effect) -> Assessed {
        Assessed {
            title: fix.title.clone(),
            edits: fix.edits.clone(),
            after,
            effect,
        }
    }
}

/// The one rule for offering a fix: the design takes it and it helps
/// someone; `assess` judges each (from scratch or incrementally).
fn worth_offering(
    fixes: &[Fix],
    assess: impl FnMut(&Fix) -> Result<Assessed, EditError>,
) -> Vec<Assessed> {
    fixes
        .iter()
        .map(assess)
        .filter_map(Result::ok)
        .filter(|a| a.effect.helps())
        .collect()
}

/// The fixes of `finding` worth offering: applied and simulated; those that
/// help nobody (or that the design refuses) are left out, those that harm
/// are kept with their harm stated in the effect.
pub fn offered<'a>(
    scenario: &Scenario,
    before: impl Into<Before<'a>>,
    finding: &Finding,
) -> Vec<Assessed> {
    let before = before.into();
    worth_offering(&finding.fixes, |f| assess(scenario, before, f))
}

/// Judges many fixes against one design: each fixed variant is analysed
/// incrementally from the design's own analysis (only the clients a fix can
/// affect are simulated again), which is what makes assessing every fix of
/// a large design affordable. Same results as [`assess`] and [`offered`].
pub struct Assessor {
    scenario: Scenario,
    analyzer: Analyzer,
    before: Analysis,
    /// Edits already judged against this design, with their effect: rules
    /// offer the same remedy for several findings (moving an array for its
    /// leak in two views, splitting a shared view for CAS004 and CAS016),
    /// and each is simulated once.
    judged: Vec<(Vec<Edit>, Effect)>,
}

impl Assessor {
    pub fn new(scenario: &Scenario) -> Assessor {
        let mut analyzer = Analyzer::default();
        let before = analyzer.analyze(scenario);
        Assessor {
            scenario: scenario.clone(),
            analyzer,
            before,
            judged: Vec::new(),
        }
    }

    /// The design being judged, and its analysis.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }
    pub fn before(&self) -> &Analysis {
        &self.before
    }

    pub fn assess(&mut self, fix: &Fix) -> Result<Assessed, EditError> {
        let after = apply_edits(&self.scenario, &fix.edits)?;
        let effect = match self.judged.iter().find(|(edits, _)| *edits == fix.edits) {
            Some((_, effect)) => effect.clone(),
            None => {
                let effect = effect(&self.before, &self.analyzer.try_variant(&after));
                self.judged.push((fix.edits.clone(), effect.clone()));
                effect
            }
        };
        Ok(Assessed::new(fix, after, effect))
    }

    pub fn offered(&mut self, finding: &Finding) -> Vec<Assessed> {
        worth_offering(&finding.fixes, |f| self.assess(f))
    }

    /// Every finding's fixes worth offering, in finding order.
    pub fn offered_all(&mut self) -> Vec<Vec<Assessed>> {
        let findings = self.before.findings.clone();
        findings.iter().map(|f| self.offered(f)).collect()
    }

    /// Moves on to judging `scenario` (a fixed variant of the current design).
    fn advance(&mut self, scenario: Scenario) {
        self.before = self.analyzer.analyze(&scenario);
        self.scenario = scenario;
        self.judged.clear();
    }
}

/// What [`apply_all`] did.
#[derive(Debug, Clone)]
pub struct AppliedAll {
    pub after: Scenario,
    /// The fixes applied, in order, each with the finding it answered.
    pub applied: Vec<(String, Assessed)>,
}

/// Every error's first honest fix, one after another: after each, the
/// design is analysed again (a fix can resolve or change other findings),
/// until no error has an honest fix left.
pub fn apply_all(scenario: &Scenario) -> AppliedAll {
    let mut assessor = Assessor::new(scenario);
    let mut applied = Vec::new();
    let mut tried: Vec<(&'static str, Vec<String>)> = Vec::new();
    let owned = |f: &Finding| (f.rule, f.key().1.to_vec());
    let mut fresh_since_tried = false;
    // Each round resolves one error or marks it tried; a design has finitely many.
    loop {
        let errors: Vec<Finding> = assessor
            .before()
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .cloned()
            .collect();
        let mut next = None;
        for f in &errors {
            if tried.contains(&owned(f)) {
                continue;
            }
            match assessor.offered(f).into_iter().find(|a| a.effect.honest()) {
                Some(a) => {
                    next = Some((named(f), a));
                    break;
                }
                None => tried.push(owned(f)),
            }
        }
        match next {
            Some((finding, fix)) => {
                assessor.advance(fix.after.clone());
                applied.push((finding, fix));
                fresh_since_tried = true;
            }
            // A fix applied since an error was tried may have made one of
            // its fixes honest (a record it needed now exists): try them all
            // once more before stopping.
            None if fresh_since_tried => {
                tried.clear();
                fresh_since_tried = false;
            }
            None => break,
        }
        if applied.len() > 4 * scenario.clients.len().max(1) + 64 {
            break; // a safeguard: fixes that undo one another
        }
    }
    AppliedAll {
        after: assessor.scenario,
        applied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    /// The seed's leak: removing the external record is offered first, and
    /// it takes the external client from about 22 s to about 1 s.
    #[test]
    fn the_seed_leak_is_fixed_by_removing_the_external_record() {
        let s = examples::seed_leaking();
        let analysis = Analysis::of(&s);
        let leak = analysis
            .findings
            .iter()
            .find(|f| f.rule == "CAS004")
            .unwrap();
        let offers = offered(&s, &analysis, leak);
        let first = &offers[0];
        assert!(
            first.title.starts_with("Remove the record(s)"),
            "{}",
            first.title
        );
        assert_eq!(
            first.edits,
            vec![Edit::Delete {
                id: "rec-ext-outlook".into()
            }]
        );
        assert!(first.effect.honest(), "{:?}", first.effect);
        let ext = first
            .effect
            .clients
            .iter()
            .find(|c| c.client == "External laptop")
            .unwrap();
        assert!(ext.before_ms > 20_000 && ext.after_ms < 1_500, "{ext:?}");
        assert!(first
            .effect
            .resolved
            .iter()
            .any(|r| r.starts_with("CAS004")));
        assert!(
            first.effect.summary().contains("External laptop 21.9 s → "),
            "{}",
            first.effect.summary()
        );
    }

    /// For every example, applying all fixes leaves no error that has an
    /// honest fix, no client slower than before and none newly failing.
    #[test]
    fn applying_all_fixes_to_every_example_slows_nobody() {
        for ex in examples::gallery() {
            let s = (ex.build)();
            let before = Analysis::of(&s);
            let all = apply_all(&s);
            let after = Analysis::of(&all.after);
            let e = effect(&before, &after);
            assert!(!e.harms(), "{}: {}", ex.slug, e.summary());
            assert!(
                crate::validate::validate(&all.after).is_empty(),
                "{}",
                ex.slug
            );
            for f in after
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
            {
                assert!(
                    offered(&all.after, &after, f)
                        .iter()
                        .all(|a| !a.effect.honest()),
                    "{}: {} still has an honest fix",
                    ex.slug,
                    f.rule
                );
            }
        }
    }

    /// A fix that would slow a client is offered with the harm stated.
    #[test]
    fn a_harmful_fix_says_so() {
        let s = examples::hotel_nxdomain();
        let analysis = Analysis::of(&s);
        let leak = analysis
            .findings
            .iter()
            .find(|f| f.rule == "CAS004")
            .unwrap();
        let offers = offered(&s, &analysis, leak);
        assert!(!offers.is_empty());
        for a in &offers {
            if a.effect.harms() {
                assert!(
                    a.effect.summary().contains("slows") || a.effect.summary().contains("breaks"),
                    "{}",
                    a.effect.summary()
                );
            }
        }
    }
}
