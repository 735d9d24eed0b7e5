//! The analysis of the design on screen, the comparison with the pinned
//! "before" design, and the cost: each a memo, redone only when what it
//! reads changes (the keys compare the Rc by pointer through `Shared`).

use crate::ui::effects;
use crate::ui::shared::Shared;
use cas_planner_core::advisor::Finding;
use cas_planner_core::analysis::Analyzer;
use cas_planner_core::cost::{self, DesignCost, Savings};
use cas_planner_core::sim::{self, Comparison, SimulationReport};
use cas_planner_core::Scenario;
use std::rc::Rc;
use yew::prelude::*;

/// Simulation and advice, only when the scenario changes; the analyzer
/// carries over the results of clients an edit cannot affect. Until the page
/// is `complete` (its first frame painted) the results are empty.
#[hook]
pub fn use_analysis(
    scenario: &Rc<Scenario>,
    complete: bool,
) -> (Rc<SimulationReport>, Rc<Vec<Finding>>) {
    let analyzer = use_mut_ref(Analyzer::default);
    let analysis = use_memo(
        (Shared(scenario.clone()), complete),
        move |(s, complete)| {
            if !complete {
                return (
                    Rc::new(sim::SimulationReport {
                        clients: Vec::new(),
                    }),
                    Rc::new(Vec::new()),
                );
            }
            effects::mark_once("cas:analysis-start");
            let analysis = analyzer.borrow_mut().analyze(&s.0);
            effects::mark_once("cas:analysis-end");
            (Rc::new(analysis.report), Rc::new(analysis.findings))
        },
    );
    (analysis.0.clone(), analysis.1.clone())
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
