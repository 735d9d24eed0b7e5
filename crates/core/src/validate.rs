//! Structural checks a scenario must pass to be loaded or kept: unique ids,
//! references that point at existing objects of the right kind, and every
//! object's field rules (`rules`: well-formed DNS names, sane ranges). Each
//! problem names its JSON path.
//!
//! Design advice ("this works but will hurt") is the advisor's job, not this.

use crate::model::*;
use crate::rules;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// JSON path inside the scenario, e.g. `scenario.clients[1].dns_view`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at {}: {}", self.path, self.message)
    }
}

struct Checker {
    problems: Vec<Problem>,
    /// id → (path, kind) of its first owner.
    ids: HashMap<String, (String, &'static str)>,
}

impl Checker {
    fn problem(&mut self, path: String, message: impl Into<String>) {
        self.problems.push(Problem {
            path,
            message: message.into(),
        });
    }

    fn id(&mut self, path: &str, id: &str, kind: &'static str) {
        if id.trim().is_empty() {
            self.problem(format!("{path}.id"), "is empty; every object needs an id");
        } else if let Some((first, _)) = self.ids.get(id) {
            let first = first.clone();
            self.problem(
                format!("{path}.id"),
                format!("duplicate id \"{id}\" (first used at {first})"),
            );
        } else {
            self.ids.insert(id.to_string(), (path.to_string(), kind));
        }
    }

    /// `id` must name an object of kind `kind`.
    fn reference(&mut self, path: String, id: &str, kind: &'static str) {
        match self.ids.get(id) {
            Some((_, k)) if *k == kind => {}
            Some((p, k)) => {
                let msg = format!("\"{id}\" is a {k} (at {p}); expected a {kind}");
                self.problem(path, msg)
            }
            None => self.problem(
                path,
                format!("refers to {kind} \"{id}\", which does not exist"),
            ),
        }
    }
}

/// Every structural problem of `s`, in file order; empty when it can be loaded.
pub fn validate(s: &Scenario) -> Vec<Problem> {
    let mut c = Checker {
        problems: Vec::new(),
        ids: HashMap::new(),
    };
    // Pass 1: every id, so references can point forwards.
    s.objects()
        .for_each(|e| c.id(&e.path(), e.object.id(), e.object.kind().label()));
    // Pass 2: each object's field rules, then its references.
    s.objects().for_each(|e| {
        // The object's path, built only if it has a problem.
        let mut cached = None;
        let mut path = || cached.get_or_insert_with(|| e.path()).clone();
        rules::problems(e.object, |p| {
            c.problem(format!("{}.{}", path(), p.field), p.message)
        });
        e.object.references(|r| {
            let at = match r.index {
                Some(k) => format!("{}.{}[{k}]", path(), r.field),
                None => format!("{}.{}", path(), r.field),
            };
            c.reference(at, r.id, r.kind.label());
        });
    });
    rules::check_ranges(&s.ranges, |field, _, r| {
        if let Err(m) = r {
            c.problem(format!("scenario.ranges.{field}"), m);
        }
    });
    check_migration(&s.migration, &mut c);
    c.problems
}

/// A plan's structure (§11 step 1): unique step ids, one chain from the
/// design, a bounded size, edits that are changes of a design. Whether each
/// edit still applies is the walk's (the `migration` module), which reports
/// rather than refuses: an edit of an earlier step can make a later one stale.
fn check_migration(m: &Migration, c: &mut Checker) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, step) in m.steps.iter().enumerate().take(MAX_STEPS + 1) {
        let path = format!("scenario.migration.steps[{i}]");
        let id = step.id.trim();
        if id.is_empty() {
            c.problem(format!("{path}.id"), "is empty; every step needs an id");
        } else if let Some(first) = ids.insert(id, i) {
            c.problem(
                format!("{path}.id"),
                format!(
                    "duplicate step id \"{id}\" (first used at scenario.migration.steps[{first}])"
                ),
            );
        }
        if step.name.chars().count() > MAX_STEP_NAME_CHARS {
            c.problem(
                format!("{path}.name"),
                format!("is longer than {MAX_STEP_NAME_CHARS} characters"),
            );
        }
        if step.edits.len() > MAX_STEP_EDITS {
            c.problem(
                format!("{path}.edits"),
                format!(
                    "has {} edits; a step has at most {MAX_STEP_EDITS}",
                    step.edits.len()
                ),
            );
        }
        if let Some(k) = step
            .edits
            .iter()
            .position(|e| matches!(e, Edit::SetMigration { .. }))
        {
            c.problem(
                format!("{path}.edits[{k}]"),
                "a step changes the design, not the plan: set-migration is not a step's edit",
            );
        }
    }
    if let Err(p) = m.order() {
        c.problem(p.path(), p.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;
    use crate::rules::check_dns_name;

    #[test]
    fn every_example_is_valid() {
        for ex in examples::gallery() {
            assert_eq!(validate(&(ex.build)()), vec![], "{}", ex.slug);
        }
    }

    #[test]
    fn dangling_and_duplicate_ids_are_located() {
        let mut s = examples::seed_fixed();
        s.clients[1].dns_view = "view-nowhere".into();
        s.sites[0].cas_servers[1].id = "cas-01".into();
        let problems = validate(&s);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert!(
            paths.contains(&"scenario.clients[1].dns_view"),
            "{problems:?}"
        );
        assert!(
            paths.contains(&"scenario.sites[0].cas_servers[1].id"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_reference_to_the_wrong_kind_says_so() {
        let mut s = examples::seed_fixed();
        s.clients[0].mailbox_database = "mbx-01".into();
        let p = validate(&s);
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("is a mailbox server"), "{}", p[0]);
    }

    #[test]
    fn dns_names_are_checked() {
        assert!(check_dns_name("outlook.mycompany.internal", false).is_ok());
        assert!(check_dns_name("*.mycompany.com", true).is_ok());
        assert!(check_dns_name("*.mycompany.com", false).is_err());
        assert!(check_dns_name("<script>.com", false).is_err());
        assert!(check_dns_name("a..b", false).is_err());
    }
}
