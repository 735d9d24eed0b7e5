//! A migration plan kept in the scenario: the design as it is today, then
//! named steps, each the design after its edits (§11 step 1).
//!
//! A step names the step it starts from (`after`) rather than trusting the
//! list's order, so a step's meaning does not change when a file's steps are
//! reordered by hand, and compare always pairs a step with the design it
//! changes. A plan is a single chain from the design itself: the loader
//! refuses a step after a missing step, two steps after the same one, and a
//! cycle (`validate`). Designs are derived, never stored: an edit of an
//! earlier step reaches every later one (the `migration` module).

use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// More steps than any migration has (the §11 example has six); the loader
/// refuses more, so a hostile file cannot make the planner analyse thousands.
pub const MAX_STEPS: usize = 64;
/// A step's name is a heading, not an essay.
pub const MAX_STEP_NAME_CHARS: usize = 200;
/// Edits in one step: a step moving every mailbox of the 1,000-client
/// benchmark design has about 1,000.
pub const MAX_STEP_EDITS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct Migration {
    /// The name of the plan's first step, the design as it is (e.g.
    /// "Before"); empty: "Today".
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub steps: List<MigrationStep>,
}

impl Migration {
    pub fn is_empty(&self) -> bool {
        self.start.is_empty() && self.steps.is_empty()
    }
    /// The first step's name as shown.
    pub fn start_name(&self) -> &str {
        let start = self.start.trim();
        if start.is_empty() {
            "Today"
        } else {
            start
        }
    }
}

/// One step of the plan: what changes from the step it starts from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct MigrationStep {
    pub id: String,
    /// E.g. "2016 installed", "Namespaces moved".
    pub name: String,
    /// The id of the step this one starts from; empty: the design itself.
    #[serde(default)]
    pub after: String,
    /// What the consultant wants said about the step (shown as text).
    #[serde(default)]
    pub notes: String,
    /// The changes, in order, each applied as the editor applies it.
    #[serde(default)]
    pub edits: List<Edit>,
}

/// What makes a plan's steps something other than one chain from the
/// design: the loader refuses the file with it (`validate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanProblem {
    TooManySteps {
        count: usize,
    },
    /// Step `index` starts from a step that does not exist.
    MissingStep {
        index: usize,
        after: String,
    },
    /// Steps `indices` all start from the same step (or the design itself).
    Fork {
        indices: Vec<usize>,
        after: String,
    },
    /// These steps never follow from the design: they start from each other.
    Cycle {
        indices: Vec<usize>,
    },
}

impl PlanProblem {
    /// The JSON path inside the file the problem is about.
    pub fn path(&self) -> String {
        match self {
            PlanProblem::TooManySteps { .. } => "scenario.migration.steps".into(),
            PlanProblem::MissingStep { index, .. } => {
                format!("scenario.migration.steps[{index}].after")
            }
            PlanProblem::Fork { indices, .. } | PlanProblem::Cycle { indices } => {
                format!(
                    "scenario.migration.steps[{}].after",
                    indices[indices.len() - 1]
                )
            }
        }
    }
}

impl std::fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |indices: &[usize]| {
            let v: Vec<String> = indices.iter().map(|i| format!("steps[{i}]")).collect();
            v.join(", ")
        };
        match self {
            PlanProblem::TooManySteps { count } => write!(
                f,
                "a migration plan has at most {MAX_STEPS} steps; this one has {count}"
            ),
            PlanProblem::MissingStep { after, .. } => {
                write!(f, "starts after step \"{after}\", which is not in the plan")
            }
            PlanProblem::Fork { indices, after } => {
                let from = if after.is_empty() {
                    "the design itself".to_string()
                } else {
                    format!("step \"{after}\"")
                };
                write!(
                    f,
                    "{} all start from {from}; a plan is one sequence, so each step starts from a different one",
                    list(indices)
                )
            }
            PlanProblem::Cycle { indices } => write!(
                f,
                "{} start from each other in a cycle and never from the design",
                list(indices)
            ),
        }
    }
}

impl Migration {
    /// The steps' indices in plan order, from the one that starts from the
    /// design; or the first problem that makes them something else than one
    /// chain. Step ids are checked for uniqueness by `validate`; with
    /// duplicates the first step of an id is the one others start from.
    pub fn order(&self) -> Result<Vec<usize>, PlanProblem> {
        let steps = &self.steps;
        if steps.len() > MAX_STEPS {
            return Err(PlanProblem::TooManySteps { count: steps.len() });
        }
        let mut by_id: std::collections::HashMap<&str, usize> = Default::default();
        for (i, s) in steps.iter().enumerate() {
            by_id.entry(s.id.trim()).or_insert(i);
        }
        // next[after] = the steps that start from it ("" = the design).
        let mut next: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
        for (i, s) in steps.iter().enumerate() {
            let after = s.after.trim();
            if !after.is_empty() && !by_id.contains_key(after) {
                return Err(PlanProblem::MissingStep {
                    index: i,
                    after: after.to_string(),
                });
            }
            next.entry(after).or_default().push(i);
        }
        if let Some((after, indices)) = next.iter().find(|(_, v)| v.len() > 1) {
            return Err(PlanProblem::Fork {
                indices: indices.clone(),
                after: after.to_string(),
            });
        }
        let mut order = Vec::with_capacity(steps.len());
        let mut seen = vec![false; steps.len()];
        let mut at = "";
        // Each step is taken once: a duplicate id could lead back to one.
        while let Some(&[i]) = next.get(at).map(Vec::as_slice) {
            if std::mem::replace(&mut seen[i], true) {
                break;
            }
            order.push(i);
            at = steps[i].id.trim();
        }
        if order.len() != steps.len() {
            let indices: Vec<usize> = (0..steps.len()).filter(|&i| !seen[i]).collect();
            return Err(PlanProblem::Cycle { indices });
        }
        Ok(order)
    }
}
