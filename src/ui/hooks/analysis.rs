//! The analysis of the design on screen, the comparison with the pinned
//! "before" design, and the cost: each a memo, redone only when what it
//! reads changes (the keys compare the Rc by pointer through `Shared`).

use crate::ui::effects;
use crate::ui::shared::Shared;
use crate::ui::state::PlanStep;
use cas_planner_core::advisor::Finding;
use cas_planner_core::analysis::{Analysis, Analyzer};
use cas_planner_core::cost::{self, DesignCost, Savings};
use cas_planner_core::migration::StepAnalysis;
use cas_planner_core::sim::{self, Comparison, SimulationReport};
use cas_planner_core::Scenario;
use std::rc::Rc;
use yew::prelude::*;

/// One step's simulation and advice (the design's own when it has no plan).
#[derive(Clone)]
pub struct StepResults {
    pub report: Rc<SimulationReport>,
    pub findings: Rc<Vec<Finding>>,
}

/// Simulation and advice of every step of the plan (the design itself
/// first; only it when there is no plan), only when the plan's designs
/// change: viewing another step analyses nothing. Each step keeps its own
/// analyzer, which carries over the results of clients an edit cannot
/// affect (a step's design shares what its edits do not touch with the one
/// before it). Until the page is `complete` (its first frame painted) the
/// results are empty.
#[hook]
pub fn use_analysis(plan: &Rc<Vec<PlanStep>>, complete: bool) -> Rc<Vec<StepResults>> {
    let analyzers = use_mut_ref(Vec::<Analyzer>::new);
    use_memo((Shared(plan.clone()), complete), move |(plan, complete)| {
        if !complete {
            let empty = StepResults {
                report: Rc::new(sim::SimulationReport {
                    clients: Vec::new(),
                }),
                findings: Rc::new(Vec::new()),
            };
            return Rc::new(vec![empty; plan.len()]);
        }
        let mut analyzers = analyzers.borrow_mut();
        analyzers.resize_with(plan.len(), Analyzer::default);
        effects::mark_once("cas:analysis-start");
        let results = plan
            .iter()
            .zip(analyzers.iter_mut())
            .map(|(step, analyzer)| {
                let analysis = analyzer.analyze(&step.design);
                StepResults {
                    report: Rc::new(analysis.report),
                    findings: Rc::new(analysis.findings),
                }
            })
            .collect();
        effects::mark_once("cas:analysis-end");
        Rc::new(results)
    })
    .as_ref()
    .clone()
}

/// The viewed step against the step before it (None on the design itself),
/// from the results already there: no step is simulated again (the ranges
/// of the differences re-run only the clients that changed), with what the
/// change saves a day.
#[hook]
pub fn use_step_compare(
    plan: &Rc<Vec<PlanStep>>,
    results: &Rc<Vec<StepResults>>,
    at: usize,
) -> Option<Shared<StepComparison>> {
    use_memo(
        (Shared(plan.clone()), Shared(results.clone()), at),
        |(plan, results, at)| {
            let (prev, cur) = (plan.get(at.checked_sub(1)?)?, plan.get(*at)?);
            let (rp, rc) = (results.get(at - 1)?, results.get(*at)?);
            if rc.report.clients.is_empty() && rp.report.clients.is_empty() {
                return None;
            }
            let comparison =
                sim::compare_designs(&prev.design, &rp.report, &cur.design, &rc.report);
            let savings = cost::savings(&cur.design, &comparison);
            Some(Shared(Rc::new(StepComparison {
                before: prev.name.clone(),
                after: cur.name.clone(),
                comparison,
                savings,
            })))
        },
    )
    .as_ref()
    .clone()
}

/// A step against the step before it.
pub struct StepComparison {
    /// The steps' names.
    pub before: String,
    pub after: String,
    pub comparison: Comparison,
    pub savings: Savings,
}

/// The pinned "before" design against the current one.
pub struct Pinned {
    /// The pinned design with its results (the presenter's "before").
    pub pair: Option<(Shared<Scenario>, Shared<SimulationReport>)>,
    /// The comparison with the current design and what it saves.
    pub comparison: Option<Shared<(Comparison, Savings)>>,
}

/// Simulates the pinned design (when one is pinned) and compares it with
/// the current design's `report`.
#[hook]
pub fn use_pinned(
    pinned: &Option<Rc<Scenario>>,
    scenario: &Rc<Scenario>,
    report: &Rc<SimulationReport>,
) -> Pinned {
    let pinned_report = use_memo(pinned.clone().map(Shared), |p| {
        p.as_ref().map(|s| Rc::new(sim::simulate(&s.0)))
    });
    let comparison = use_memo(
        (
            Shared(pinned_report.clone()),
            Shared(report.clone()),
            pinned.clone().map(Shared),
            Shared(scenario.clone()),
        ),
        |(before, after, pinned, current)| {
            let (b, p) = (before.0.as_ref().as_ref()?, pinned.as_ref()?);
            let cmp = sim::compare_designs(&p.0, b, &current.0, &after.0);
            let savings = cost::savings(&current.0, &cmp);
            Some(Shared(Rc::new((cmp, savings))))
        },
    );
    let pair = pinned
        .clone()
        .zip((*pinned_report).clone())
        .map(|(s, r)| (Shared(s), Shared(r)));
    Pinned {
        pair,
        comparison: (*comparison).clone(),
    }
}

/// What the design costs in waiting, from its `report`.
#[hook]
pub fn use_cost(scenario: &Rc<Scenario>, report: &Rc<SimulationReport>) -> Rc<DesignCost> {
    let cost = use_memo(
        (Shared(scenario.clone()), Shared(report.clone())),
        |(s, r)| Rc::new(cost::of(&s.0, &r.0)),
    );
    (*cost).clone()
}

/// Every step of the plan analysed and compared with the step before it,
/// from the results already there (the printed report's and the plan
/// slides'): built only while `wanted`, and only for a plan.
#[hook]
pub fn use_plan_analyses(
    plan: &Rc<Vec<PlanStep>>,
    results: &Rc<Vec<StepResults>>,
    wanted: bool,
) -> Rc<Vec<StepAnalysis>> {
    use_memo(
        (Shared(plan.clone()), Shared(results.clone()), wanted),
        |(plan, results, wanted)| {
            let mut out: Vec<StepAnalysis> = Vec::new();
            if !*wanted || plan.len() < 2 || results.len() != plan.len() {
                return out;
            }
            for (step, r) in plan.iter().zip(results.iter()) {
                let analysis = Analysis {
                    report: (*r.report).clone(),
                    findings: (*r.findings).clone(),
                    simulated: 0,
                };
                let compare = out.last().map(|prev| {
                    sim::compare_designs(
                        &prev.step.design,
                        &prev.analysis.report,
                        &step.design,
                        &analysis.report,
                    )
                });
                out.push(StepAnalysis {
                    step: step.step_design(),
                    analysis,
                    compare,
                });
            }
            out
        },
    )
}
