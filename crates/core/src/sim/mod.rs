//! The Outlook connection-path simulator (§8 of the behaviour model).
//!
//! For each client: read the profile's home server, resolve it in the client's
//! DNS view, decide TCP-first or HTTP-first (§4), try RPC/TCP (endpoint mapper
//! on 135, then the RPC ports) with Windows' SYN timing (§3), fall back to
//! Outlook Anywhere over HTTPS, and connect public folders straight to their
//! mailbox server (seed point 3). Everything is deterministic: time is data
//! (`SimTime`), nothing reads a clock, and output order follows the scenario.
//!
//! Layout, each using only those after it: `compare` (before/after);
//! `range` (a client's range over the undocumented parameters, searched by
//! running `flow` again); `flow` (one client's steps); `protocol` (which
//! protocol and which Client Access server, §10); `memo` (look-ups
//! shared by the clients of one design); `path` (what the network does to a
//! SYN); `ids` (the evidence ids, interned); `params` (the undocumented
//! parameters and the values of one run); `report` (the result types);
//! `tcp` (Windows' connect timing); `time`.

mod autodiscover;
mod compare;
pub(crate) mod flow;
mod ids;
mod memo;
pub use memo::Reads;
mod params;
pub(crate) mod path;
pub mod protocol;
pub mod range;
mod report;
pub(crate) mod tcp;
pub(crate) mod time;

pub use autodiscover::{
    read_local_xml, LocalXml, CERTIFICATE_PROMPT, CERTIFICATE_PROMPT_SOURCE, MAX_REDIRECTS,
    REDIRECT_PROMPT_SOURCE, SCP_LIST_SOURCE,
};
pub use compare::{
    compare, compare_designs, compare_reports, ClientDelta, ClientSummary, Comparison,
    RESTART_PROMPT,
};
pub use report::*;
pub use time::{format_ms, format_span};

use crate::model::*;
use crate::world::World;
use memo::Memo;
use std::rc::Rc;

/// §5: with one DNS server the Windows client gives up after 10 s.
pub const DNS_TIMEOUT_MS: u64 = 10_000;
/// §4 / KB 831060: RPC/HTTP connect timeout, the cap on `oa_setup` (§8 step 4).
pub const RPC_HTTP_TIMEOUT_MS: u64 = 45_000;

/// Simulates every client of the scenario, in scenario order.
pub fn simulate(scenario: &Scenario) -> SimulationReport {
    Simulator::new(&World::new(scenario)).all()
}

/// Simulates clients of one indexed design; owns the memo its clients share.
pub(crate) struct Simulator<'w, 'a> {
    world: &'w World<'a>,
    memo: Memo,
}

impl<'w, 'a> Simulator<'w, 'a> {
    pub(crate) fn new(world: &'w World<'a>) -> Self {
        Simulator {
            world,
            memo: Memo::default(),
        }
    }

    /// One client's connection path, with its range over the design's `ranges`.
    pub(crate) fn client(&self, client: &Client) -> ClientResult {
        range::client(self.world, &self.memo, client)
    }

    /// `client`, with what its simulation read (`Reads`).
    pub(crate) fn client_reads(&self, client: &Client) -> (ClientResult, Reads) {
        self.memo.take_reads();
        let result = self.client(client);
        (result, self.memo.take_reads())
    }

    /// Every client of the design, in design order.
    pub(crate) fn all(&self) -> SimulationReport {
        SimulationReport {
            clients: self
                .world
                .scenario
                .clients
                .iter()
                .map(|c| Rc::new(self.client(c)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::large_design;

    /// The per-world memo (DNS answers, path verdicts, connect timings) is
    /// shared by every client of a run; it must never change a result. Each
    /// client simulated against a fresh world (empty memo) must match the
    /// shared-memo run exactly, steps included, across all the branches of the
    /// large design (a sample of its clients).
    #[test]
    fn memoised_lookups_never_change_a_result() {
        let s = large_design(3);
        let shared = simulate(&s);
        // A sample (a world per client costs an index of 20,000 records); by
        // then the shared memo is warm with the earlier clients' look-ups.
        for (client, got) in s.clients.iter().zip(&shared.clients).step_by(20) {
            let world = World::new(&s);
            let alone = Simulator::new(&world).client(client);
            assert_eq!(&alone, &**got, "{}", client.name);
        }
    }
}
