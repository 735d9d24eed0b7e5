//! Before/after comparison of two simulated designs, client by client.

use super::report::{ClientResult, Outcome, SimulationReport, Step};
use super::time::format_ms;
use super::{simulate, Simulator};
use crate::model::{Client, Scenario, Span};
use crate::world::World;
use crate::FastMap;
use serde::Serialize;

/// One client's before/after pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientDelta {
    pub client: String,
    /// The client's id on each side.
    pub before_id: Option<String>,
    pub after_id: Option<String>,
    pub before: Option<ClientSummary>,
    pub after: Option<ClientSummary>,
    /// after − before, ms (None when the client exists on one side only).
    pub delta_ms: Option<i64>,
    /// after − before over the ranges of the model's undocumented
    /// parameters, at the same values on both sides (`range::paired`).
    pub delta_range_ms: Option<Span<i64>>,
    /// Human lines describing steps that differ.
    pub changed_steps: Vec<String>,
    /// The prompt Outlook shows when its protocol moves to or from
    /// MAPI/HTTP between the two designs (§10 protocol 7), if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restart_prompt: Option<String>,
}

/// What Outlook shows when the administrator turns MAPI/HTTP on or off
/// for it (§10 protocol 7, B10).
pub const RESTART_PROMPT: &str =
    "The Microsoft Exchange administrator has made a change that requires you quit and restart Outlook.";

/// The restart prompt's line for a client whose outcome goes from
/// `before` to `after`, when one side is MAPI/HTTP and the other another
/// protocol (a failure on either side is a failure, not a prompt).
fn restart_prompt(before: &Outcome, after: &Outcome) -> Option<String> {
    let connected = |o: &Outcome| !matches!(o, Outcome::Failed { .. });
    let mapi = |o: &Outcome| *o == Outcome::MapiHttp;
    (connected(before) && connected(after) && mapi(before) != mapi(after)).then(|| {
        format!(
            "{} → {}: at its next Autodiscover run (within about an hour) Outlook shows \"{RESTART_PROMPT}\" (§10 protocol 7)",
            before.transport(),
            after.transport()
        )
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientSummary {
    pub outcome: String,
    /// The transport in a word or two ("RPC/HTTP", "Fails").
    pub transport: String,
    pub total_ms: u64,
    /// The profile setup's and each start's predicted times (§6 run 1,
    /// run 5), when the client has an Autodiscover run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_setup_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub each_start_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub clients: Vec<ClientDelta>,
}

/// Runs both scenarios and pairs clients by id (then by name).
pub fn compare(before: &Scenario, after: &Scenario) -> Comparison {
    compare_designs(before, &simulate(before), after, &simulate(after))
}

/// Pairs the clients of two simulated designs (each report from its design).
pub fn compare_designs(
    before_design: &Scenario,
    before: &SimulationReport,
    after_design: &Scenario,
    after: &SimulationReport,
) -> Comparison {
    let mut cmp = compare_reports(before, after);
    mailbox_moves(&mut cmp, before_design, after_design);
    // Ranges of the differences, for the pairs that differ, simulating both
    // designs again at the same parameter values.
    let changed: Vec<usize> = cmp
        .clients
        .iter()
        .enumerate()
        .filter(|(_, d)| d.delta_range_ms.is_none() && d.delta_ms.is_some())
        .map(|(i, _)| i)
        .collect();
    if changed.is_empty() {
        return cmp;
    }
    let (wb, wa) = (World::new(before_design), World::new(after_design));
    let (sb, sa) = (Simulator::new(&wb), Simulator::new(&wa));
    let clients_b: FastMap<&str, &Client> = before_design
        .clients
        .iter()
        .rev()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let clients_a: FastMap<&str, &Client> = after_design
        .clients
        .iter()
        .rev()
        .map(|c| (c.id.as_str(), c))
        .collect();
    for i in changed {
        let d = &mut cmp.clients[i];
        let (Some(b), Some(a)) = (
            d.before_id.as_deref().and_then(|id| clients_b.get(id)),
            d.after_id.as_deref().and_then(|id| clients_a.get(id)),
        ) else {
            continue;
        };
        d.delta_range_ms = super::range::paired(&sb, b, &sa, a);
    }
    cmp
}

/// Pairs the clients of two reports; a pair whose result is shared (the
/// same computation) gets the range of a difference of nothing.
/// A client whose mailbox moved between two designs meets the restart
/// prompt at the move, whatever its protocol (§11 step 2, B17).
fn mailbox_moves(cmp: &mut Comparison, before: &Scenario, after: &Scenario) {
    // client id → its database: indexed, as the UI compares after each edit.
    let index = |s: &'_ Scenario| -> FastMap<String, (String, String)> {
        let dbs: FastMap<&str, _> = s
            .sites
            .iter()
            .flat_map(|site| site.databases.iter())
            .map(|d| (d.id.as_str(), d))
            .collect();
        s.clients
            .iter()
            .rev()
            .filter_map(|c| {
                let db = dbs.get(c.mailbox_database.as_str())?;
                let label = format!("{} ({})", db.name, db.exchange_version.label());
                Some((c.id.clone(), (db.id.clone(), label)))
            })
            .collect()
    };
    let moved = |d: &ClientDelta| {
        d.restart_prompt.is_none()
            && d.before_id.is_some()
            && d.after.as_ref().is_some_and(|s| s.outcome != "failed")
    };
    if !cmp.clients.iter().any(moved) {
        return;
    }
    let (b_index, a_index) = (index(before), index(after));
    for d in cmp.clients.iter_mut().filter(|d| moved(d)) {
        let (Some(b), Some(a)) = (d.before_id.as_deref(), d.after_id.as_deref()) else {
            continue;
        };
        let (Some((from_id, from)), Some((to_id, to))) = (b_index.get(b), a_index.get(a)) else {
            continue;
        };
        if from_id != to_id {
            d.restart_prompt = Some(format!(
                "mailbox moved from {from} to {to}: when the move completes Outlook shows \"{RESTART_PROMPT}\" (§11 step 2)"
            ));
        }
    }
}

pub fn compare_reports(before: &SimulationReport, after: &SimulationReport) -> Comparison {
    let summary = |r: &ClientResult| ClientSummary {
        outcome: r.outcome.code().into(),
        transport: r.outcome.transport().into(),
        total_ms: r.total_ms,
        profile_setup_ms: r.autodiscover.as_ref().map(|a| a.profile_setup.total_ms),
        each_start_ms: r.autodiscover.as_ref().map(|a| a.each_start.total_ms),
    };
    // First client with the id, else the first with the name: indexed, since
    // the UI compares a pinned 1,000-client design after every edit.
    let mut by_id: FastMap<&str, usize> = FastMap::default();
    let mut by_name: FastMap<&str, usize> = FastMap::default();
    for (i, o) in after.clients.iter().enumerate() {
        by_id.entry(&o.client_id).or_insert(i);
        by_name.entry(&o.client).or_insert(i);
    }
    let find = |r: &ClientResult| {
        by_id
            .get(r.client_id.as_str())
            .or_else(|| by_name.get(r.client.as_str()))
            .copied()
    };
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
            before_id: Some(b.client_id.clone()),
            after_id: a.map(|a| a.client_id.clone()),
            before: Some(summary(b)),
            after: a.map(summary),
            delta_ms: a.map(|a| a.total_ms as i64 - b.total_ms as i64),
            delta_range_ms: a.filter(|a| std::ptr::eq(*a, &**b)).map(|_| Span::point(0)),
            // A result carried over unchanged (the same Rc) has no changed steps.
            changed_steps: a
                .filter(|a| !std::ptr::eq(*a, &**b))
                .map(|a| diff_steps(&b.steps, &a.steps))
                .unwrap_or_default(),
            restart_prompt: a.and_then(|a| restart_prompt(&b.outcome, &a.outcome)),
        });
    }
    for (i, a) in after.clients.iter().enumerate() {
        if !used[i] {
            out.push(ClientDelta {
                client: a.client.clone(),
                before_id: None,
                after_id: Some(a.client_id.clone()),
                before: None,
                after: Some(summary(a)),
                delta_ms: None,
                delta_range_ms: None,
                changed_steps: Vec::new(),
                restart_prompt: None,
            });
        }
    }
    Comparison { clients: out }
}

impl ClientDelta {
    /// Whether the change helps at every point of the range, only at some,
    /// or nowhere: "faster at every point of the range (by 20.5–42.9 s)".
    pub fn range_verdict(&self) -> Option<String> {
        let r = self.delta_range_ms?;
        let by = |lo: i64, hi: i64| {
            super::format_span(
                lo.unsigned_abs().min(hi.unsigned_abs()),
                lo.unsigned_abs().max(hi.unsigned_abs()),
            )
        };
        Some(if r.min == 0 && r.max == 0 {
            return None;
        } else if r.max < 0 {
            format!(
                "faster at every point of the range (by {})",
                by(r.min, r.max)
            )
        } else if r.min > 0 {
            format!(
                "slower at every point of the range (by {})",
                by(r.min, r.max)
            )
        } else if r.min < 0 {
            format!(
                "faster only at some points of the range (from {} faster to {})",
                format_ms(r.min.unsigned_abs()),
                if r.max == 0 {
                    "no change".to_string()
                } else {
                    format!("{} slower", format_ms(r.max as u64))
                }
            )
        } else {
            format!(
                "never faster; slower at some points of the range (up to {})",
                format_ms(r.max as u64)
            )
        })
    }
}

/// Steps present on one side only, matched by kind and detail.
fn diff_steps(before: &[Step], after: &[Step]) -> Vec<String> {
    let key = |s: &Step| (s.kind, s.detail.clone());
    let b: Vec<_> = before.iter().map(key).collect();
    let a: Vec<_> = after.iter().map(key).collect();
    let mut out = Vec::new();
    for s in before.iter().filter(|s| !a.contains(&key(s))) {
        out.push(format!(
            "− {} ({}): {}",
            s.kind.as_str(),
            format_ms(s.duration_ms),
            s.detail
        ));
    }
    for s in after.iter().filter(|s| !b.contains(&key(s))) {
        out.push(format!(
            "+ {} ({}): {}",
            s.kind.as_str(),
            format_ms(s.duration_ms),
            s.detail
        ));
    }
    out
}
