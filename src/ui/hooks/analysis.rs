//! The analysis of the design on screen, the comparison with the pinned
//! "before" design, and the cost: each a memo, redone only when what it
//! reads changes (the keys compare the Rc by pointer through `Shared`).

use crate::ui::effects;
use crate::ui::shared::Shared;
use crate::ui::state::{Action, EditorHandle, PlanStep};
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
    /// The design these results are of: the step's, or while `pending` the
    /// one it had before the last change.
    pub design: Rc<Scenario>,
    /// The step changed and is not analysed again yet (it will be within a
    /// few frames); the results are its design's before the change.
    pub pending: bool,
}

/// Each step's analyzer and last results, kept between renders.
#[derive(Default)]
struct Steps {
    analyzers: Vec<Analyzer>,
    /// Each step's last results (never pending: `results` judges that).
    done: Vec<Option<StepResults>>,
    /// Whether each step's findings still wait for their fixes (until then
    /// they show those of the step's findings before, where the same).
    unfixed: Vec<bool>,
    /// The plan the results are wanted for: a background task for an older
    /// one does nothing.
    plan: Option<Rc<Vec<PlanStep>>>,
    /// How many of its steps are derived (the others wait for theirs).
    derived: usize,
    /// Counts the steps analysed in the background, to render again.
    version: u32,
    /// The results an edit replaced, kept until after its frame: freeing a
    /// large design's reports and findings took about 4 ms of each edit
    /// (`make profile-edit`), which the frame need not wait for.
    replaced: Vec<Rc<dyn std::any::Any>>,
}

impl Steps {
    fn fit(&mut self, n: usize) {
        self.analyzers.resize_with(n, Analyzer::default);
        self.done.resize(n, None);
        self.unfixed.resize(n, false);
    }

    /// Whether step `i` has results of its design as it is.
    fn is_current(&self, plan: &[PlanStep], i: usize) -> bool {
        i < self.derived
            && matches!(&self.done[i], Some(r) if Rc::ptr_eq(&r.design, &plan[i].design))
    }

    /// Analyses step `i` unless its results are of its design as it is, or
    /// its design is not derived yet.
    fn analyse(&mut self, plan: &[PlanStep], i: usize) {
        if i >= self.derived || self.is_current(plan, i) {
            return;
        }
        let design = plan[i].design.clone();
        let mut analysis = self.analyzers[i].analyze_first(&design);
        if let Some(before) = &self.done[i] {
            carry_fixes(&mut analysis.findings, &before.findings);
        }
        let replaced = self.done[i].replace(StepResults {
            report: Rc::new(analysis.report),
            findings: Rc::new(analysis.findings),
            design,
            pending: false,
        });
        if let Some(old) = replaced {
            self.replaced.push(old.report);
            self.replaced.push(old.findings);
        }
        self.unfixed[i] = true;
    }

    /// Step `i`'s findings with their fixes (it is analysed and current).
    fn fix(&mut self, i: usize) {
        if let (Some(done), Some(findings)) = (&mut self.done[i], self.analyzers[i].fixes()) {
            let old = std::mem::replace(&mut done.findings, Rc::new(findings));
            self.replaced.push(old);
        }
        self.unfixed[i] = false;
    }

    fn results(&self, plan: &[PlanStep]) -> Vec<StepResults> {
        (0..plan.len())
            .map(|i| match &self.done[i] {
                Some(r) => StepResults {
                    pending: !self.is_current(plan, i),
                    ..r.clone()
                },
                None => StepResults {
                    report: Rc::new(SimulationReport {
                        clients: Vec::new(),
                    }),
                    findings: Rc::new(Vec::new()),
                    design: plan[i].design.clone(),
                    pending: true,
                },
            })
            .collect()
    }

    /// The next task in the background: the fixes of the step on screen,
    /// then the step before it (its compare), then the others derived in
    /// order (their fixes wait until they are on screen).
    fn next_pending(&self, plan: &[PlanStep], at: usize) -> Option<Task> {
        if at < plan.len() && self.is_current(plan, at) && self.unfixed[at] {
            return Some(Task::Fix(at));
        }
        let before = at.checked_sub(1).filter(|&i| !self.is_current(plan, i));
        before
            .or_else(|| (0..self.derived).find(|&i| !self.is_current(plan, i)))
            .map(Task::Analyse)
    }
}

/// What `Steps` does in a task after a frame.
#[derive(Clone, Copy)]
enum Task {
    Fix(usize),
    Analyse(usize),
}

/// Findings just analysed (without fixes) take the fixes of the same
/// finding before (same rule and subject), so a panel keeps its fixes for
/// the frame until theirs come (`Steps::fix`) instead of flickering.
fn carry_fixes(findings: &mut [Finding], before: &[Finding]) {
    fn subject(f: &Finding) -> &[String] {
        &f.objects[..f.subject.min(f.objects.len())]
    }
    // Both lists are sorted by severity, then rule: look only among the
    // findings before of the same severity and rule.
    for f in findings.iter_mut() {
        let from = before.partition_point(|b| (b.severity, b.rule) < (f.severity, f.rule));
        let same = before[from..]
            .iter()
            .take_while(|b| (b.severity, b.rule) == (f.severity, f.rule))
            .find(|b| !b.fixes.is_empty() && subject(b) == subject(f));
        if let Some(was) = same {
            f.fixes = was.fixes.clone();
        }
    }
}

/// Simulation and advice of every step of the plan (the design itself
/// first; only it when there is no plan), of the `derived` first ones
/// (the others are pending until the editor derives them). The step on
/// screen (`at`) is analysed at once without its findings' fixes, which
/// come in the first task after the frame; the other steps one per task
/// after that, so an edit costs the step on screen, however long the plan
/// (a step's fixes wait until it is on screen); with `all` (the
/// plan printed or presented) every step at once. Each step keeps its own
/// analyzer, which carries over the results of clients an edit cannot
/// affect; a step whose design is unchanged (the plan's designs before an
/// edited step are kept, see `migration::steps_again`) is not analysed
/// again. Until the page is `complete` (its first frame painted) the
/// results are empty.
#[hook]
pub fn use_analysis(
    plan: &Rc<Vec<PlanStep>>,
    derived: usize,
    complete: bool,
    at: usize,
    all: bool,
) -> Rc<Vec<StepResults>> {
    let steps = use_mut_ref(Steps::default);
    let version = use_state(|| 0u32);
    let results = use_memo(
        (Shared(plan.clone()), derived, complete, at, all, *version),
        |(plan, derived, complete, at, all, _)| {
            let mut st = steps.borrow_mut();
            st.fit(plan.len());
            st.plan = Some(plan.0.clone());
            st.derived = *derived;
            if !*complete {
                return Rc::new(st.results(plan));
            }
            effects::mark_once("cas:analysis-start");
            st.analyse(plan, (*at).min(plan.len() - 1));
            if *all {
                for i in 0..plan.len() {
                    st.analyse(plan, i);
                }
            }
            effects::mark_once("cas:analysis-end");
            Rc::new(st.results(plan))
        },
    );
    {
        let (steps, plan, version) = (steps.clone(), plan.clone(), version.clone());
        use_effect_with(
            (Shared((*results).clone()), complete),
            move |(_, complete)| {
                if !steps.borrow().replaced.is_empty() {
                    let steps = steps.clone();
                    effects::after_next_paint(move || steps.borrow_mut().replaced.clear());
                }
                let next = steps.borrow().next_pending(&plan, at);
                if let (true, Some(task)) = (*complete, next) {
                    effects::after_next_paint(move || {
                        let mut st = steps.borrow_mut();
                        if !st.plan.as_ref().is_some_and(|p| Rc::ptr_eq(p, &plan)) {
                            return;
                        }
                        match task {
                            Task::Fix(i) if st.is_current(&plan, i) => st.fix(i),
                            Task::Fix(_) => return,
                            Task::Analyse(i) => st.analyse(&plan, i),
                        }
                        st.version += 1;
                        version.set(st.version);
                    });
                }
            },
        );
    }
    (*results).clone()
}

/// After a frame that shows an edit of a step, the plan's later steps
/// derived (`Action::DeriveRest`); their analyses follow, one per task.
#[hook]
pub fn use_derive_rest(editor: &EditorHandle) {
    let behind = editor.derived() < editor.plan().len();
    let editor = editor.clone();
    use_effect_with(
        (Shared(editor.plan().clone()), behind),
        move |(_, behind)| {
            if *behind {
                effects::after_next_paint(move || editor.dispatch(Action::DeriveRest));
            }
        },
    );
}

/// What a step compare is of: the step's position, both designs and both
/// reports (held, so a pointer is never another design's).
#[derive(Clone)]
struct CompareOf {
    at: usize,
    designs: (Rc<Scenario>, Rc<Scenario>),
    reports: (Rc<SimulationReport>, Rc<SimulationReport>),
}

impl PartialEq for CompareOf {
    fn eq(&self, o: &Self) -> bool {
        self.at == o.at
            && Rc::ptr_eq(&self.designs.0, &o.designs.0)
            && Rc::ptr_eq(&self.designs.1, &o.designs.1)
            && Rc::ptr_eq(&self.reports.0, &o.reports.0)
            && Rc::ptr_eq(&self.reports.1, &o.reports.1)
    }
}

/// The step compare on screen.
#[derive(Clone, PartialEq)]
pub struct StepCompare {
    pub comparison: Shared<StepComparison>,
    /// It is of the results before the last change: the new one comes
    /// after the frame.
    pub updating: bool,
}

/// The viewed step against the step before it (None on the design itself),
/// from the results already there: no step is simulated again (the ranges
/// of the differences re-run only the clients that changed), with what the
/// change saves a day. Compared in a task after the frame (on a large
/// design a compare costs more than the frame): until it comes, the last
/// compare of this step shows, marked as updating.
#[hook]
pub fn use_step_compare(
    plan: &Rc<Vec<PlanStep>>,
    results: &Rc<Vec<StepResults>>,
    at: usize,
) -> Option<StepCompare> {
    let state = use_mut_ref(CompareState::default);
    let version = use_state(|| 0u32);
    let wanted = (|| {
        let (prev, cur) = (plan.get(at.checked_sub(1)?)?, plan.get(at)?);
        let (rp, rc) = (results.get(at - 1)?, results.get(at)?);
        // The step before is analysed in the first tasks after the frame.
        if rp.pending || rc.pending {
            return None;
        }
        if rc.report.clients.is_empty() && rp.report.clients.is_empty() {
            return None;
        }
        Some(CompareOf {
            at,
            designs: (prev.design.clone(), cur.design.clone()),
            reports: (rp.report.clone(), rc.report.clone()),
        })
    })();
    state.borrow_mut().wanted = wanted.clone();
    {
        let (state, version, plan) = (state.clone(), version.clone(), plan.clone());
        use_effect_with(wanted.clone(), move |wanted| {
            let Some(of) = wanted.clone() else { return };
            if state.borrow().last.as_ref().is_some_and(|(l, _)| *l == of) {
                return;
            }
            effects::after_next_paint(move || {
                let mut st = state.borrow_mut();
                // A later change wants another compare: its own task makes it.
                if st.wanted.as_ref() != Some(&of) {
                    return;
                }
                let (before, after) = (&of.designs.0, &of.designs.1);
                let comparison = sim::compare_designs(before, &of.reports.0, after, &of.reports.1);
                let savings = cost::savings(after, &comparison);
                let name = |i: usize| plan.get(i).map(|p| p.name.clone()).unwrap_or_default();
                let shown = Shared(Rc::new(StepComparison {
                    before: name(of.at - 1),
                    after: name(of.at),
                    comparison,
                    savings,
                }));
                st.last = Some((of, shown));
                st.version += 1;
                version.set(st.version);
            });
        });
    }
    let wanted = wanted?;
    let st = state.borrow();
    let (of, shown) = st.last.as_ref().filter(|(l, _)| l.at == at)?;
    Some(StepCompare {
        comparison: shown.clone(),
        updating: *of != wanted,
    })
}

/// The compare the page wants and the last one made, kept between renders.
#[derive(Default)]
struct CompareState {
    wanted: Option<CompareOf>,
    last: Option<(CompareOf, Shared<StepComparison>)>,
    /// Counts the compares made, to render again.
    version: u32,
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
            if !*wanted
                || plan.len() < 2
                || results.len() != plan.len()
                || results.iter().any(|r| r.pending)
            {
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
                    step: step.clone(),
                    analysis,
                    compare,
                });
            }
            out
        },
    )
}
