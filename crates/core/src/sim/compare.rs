//! Before/after comparison of two simulated designs, client by client.

use super::report::{ClientResult, SimulationReport, Step};
use super::time::format_ms;
use super::simulate;
use crate::model::Scenario;
use crate::FastMap;
use serde::Serialize;

/// One client's before/after pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientDelta {
    pub client: String,
    pub before: Option<ClientSummary>,
    pub after: Option<ClientSummary>,
    /// after − before, ms (None when the client exists on one side only).
    pub delta_ms: Option<i64>,
    /// Human lines describing steps that differ.
    pub changed_steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientSummary {
    pub outcome: String,
    pub total_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub clients: Vec<ClientDelta>,
}

/// Runs both scenarios and pairs clients by id (then by name).
pub fn compare(before: &Scenario, after: &Scenario) -> Comparison {
    compare_reports(&simulate(before), &simulate(after))
}

pub fn compare_reports(before: &SimulationReport, after: &SimulationReport) -> Comparison {
    let summary = |r: &ClientResult| ClientSummary { outcome: r.outcome.code().into(), total_ms: r.total_ms };
    // First client with the id, else the first with the name: indexed, since
    // the UI compares a pinned 1,000-client design after every edit.
    let mut by_id: FastMap<&str, usize> = FastMap::default();
    let mut by_name: FastMap<&str, usize> = FastMap::default();
    for (i, o) in after.clients.iter().enumerate() {
        by_id.entry(&o.client_id).or_insert(i);
        by_name.entry(&o.client).or_insert(i);
    }
    let find = |r: &ClientResult| by_id.get(r.client_id.as_str()).or_else(|| by_name.get(r.client.as_str())).copied();
    let mut out = Vec::new();
    let mut used = vec![false; after.clients.len()];
    for b in &before.clients {
        let a = find(b).filter(|&i| !used[i]);
        if let Some(i) = a {
            used[i] = true;
        }
        let a = a.map(|i| &*after.clients[i]);
        out.push(ClientDelta {
            client: b.client.clone(),
            before: Some(summary(b)),
            after: a.map(summary),
            delta_ms: a.map(|a| a.total_ms as i64 - b.total_ms as i64),
            // A result carried over unchanged (the same Rc) has no changed steps.
            changed_steps: a.filter(|a| !std::ptr::eq(*a, &**b)).map(|a| diff_steps(&b.steps, &a.steps)).unwrap_or_default(),
        });
    }
    for (i, a) in after.clients.iter().enumerate() {
        if !used[i] {
            out.push(ClientDelta {
                client: a.client.clone(),
                before: None,
                after: Some(summary(a)),
                delta_ms: None,
                changed_steps: Vec::new(),
            });
        }
    }
    Comparison { clients: out }
}

/// Steps present on one side only, matched by kind and detail.
fn diff_steps(before: &[Step], after: &[Step]) -> Vec<String> {
    let key = |s: &Step| (s.kind, s.detail.clone());
    let b: Vec<_> = before.iter().map(key).collect();
    let a: Vec<_> = after.iter().map(key).collect();
    let mut out = Vec::new();
    for s in before.iter().filter(|s| !a.contains(&key(s))) {
        out.push(format!("− {} ({}): {}", s.kind.as_str(), format_ms(s.duration_ms), s.detail));
    }
    for s in after.iter().filter(|s| !b.contains(&key(s))) {
        out.push(format!("+ {} ({}): {}", s.kind.as_str(), format_ms(s.duration_ms), s.detail));
    }
    out
}

