//! What the simulator remembers between clients: DNS answers, path verdicts
//! and connect timings, each a pure function of its key over one design.

use super::ids::Ids;
use super::path::{syn_verdict, PathVerdict};
use super::report::{Evidence, Id};
use super::tcp::{run_connect_with, Fate, Knobs, TcpEvent};
use super::time::{push_ms, SimDuration, SimTime};
use crate::dns::{resolve, Answer, Resolution};
use crate::model::*;
use crate::world::World;
use crate::FastMap;
use std::cell::RefCell;
use std::net::Ipv4Addr;
use std::rc::Rc;

/// (OS preset by address, fate, RTT ms, knobs).
type TimingKey = (usize, Fate, u64, Knobs);

/// Look-ups that depend only on the scenario, memoised for the life of one
/// [`Simulator`](super::Simulator) and shared by every client it simulates: clients of a
/// site resolve the same names and reach the same addresses. Pure functions of
/// their keys, so the memo never changes a result, only how fast it comes.
#[derive(Default)]
pub(super) struct Memo {
    /// DNS view id → queried name → the answer and its rendered step.
    dns: RefCell<FastMap<String, FastMap<String, Rc<Resolved>>>>,
    /// (inside the perimeter, address, ports) → what the path does to a SYN.
    verdicts: RefCell<FastMap<(bool, Ipv4Addr, PortRange), Rc<PathVerdict>>>,
    /// (OS preset, fate, RTT, knobs) → how long the connect takes and how it reads.
    timings: RefCell<FastMap<TimingKey, Rc<Timing>>>,
    /// Every id named as evidence so far, once.
    ids: Ids,
    /// AD site id ("" for no site) → the SCP URLs ranked for it (§6 scp 4).
    scp: RefCell<FastMap<String, Rc<ScpList>>>,
    /// Every SCP URL once, in design order, with what ranks them.
    scp_urls: std::cell::OnceCell<ScpUrls>,
    /// The design's Exchange versions (§10 protocol 2).
    versions: std::cell::OnceCell<super::protocol::Versions>,
    /// What the client being simulated has read so far (clients are
    /// simulated one after another; `Simulator::client_reads` takes it).
    reads: RefCell<Reads>,
}

/// What a client's simulation read besides the objects the analysis finds
/// from the client itself (`analysis::Inputs`): parts of the design whose
/// change concerns only the clients that read them.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Reads {
    /// The servers (CAS and web hosts, by id) whose certificate names its
    /// Autodiscover runs read, over every combination of the ranges (§6
    /// https 3), each once, in the order first read.
    pub certificates: Vec<Id>,
    /// Whether the perimeter's default action decided one of its
    /// connections (no rule matched, §8).
    pub default_action: bool,
}

impl Memo {
    /// The client being simulated read the certificate of the server `id`.
    pub(super) fn read_certificate(&self, id: &Id) {
        // A handful of servers a client: a look beats a sort (and its code).
        let read = &mut self.reads.borrow_mut().certificates;
        if !read.contains(id) {
            read.push(Rc::clone(id));
        }
    }

    /// What the client simulated since the last call read.
    pub(super) fn take_reads(&self) -> Reads {
        std::mem::take(&mut *self.reads.borrow_mut())
    }

    /// Notes that the client being simulated met `v`.
    fn met(&self, v: &PathVerdict) {
        if v.default_action {
            self.reads.borrow_mut().default_action = true;
        }
    }

    /// The shared copy of `id`.
    pub(super) fn id(&self, id: &str) -> Id {
        self.ids.intern(id)
    }

    /// The SCP URLs ranked for a computer in one AD site, memoised for the
    /// simulator's life.
    pub(super) fn scp_list(&self, site: &str, rank: impl FnOnce() -> ScpList) -> Rc<ScpList> {
        if let Some(hit) = self.scp.borrow().get(site) {
            return Rc::clone(hit);
        }
        let list = Rc::new(rank());
        self.scp
            .borrow_mut()
            .insert(site.to_string(), Rc::clone(&list));
        list
    }

    /// Every SCP URL of the design once (`autodiscover` lists them).
    pub(super) fn scp_urls(&self, list: impl FnOnce() -> ScpUrls) -> &ScpUrls {
        self.scp_urls.get_or_init(list)
    }

    /// `name` resolved in the client's view, memoised for the simulator's life.
    pub(super) fn resolved(&self, world: &World<'_>, view_id: &str, name: &str) -> Rc<Resolved> {
        let memo = self;
        if let Some(hit) = memo
            .dns
            .borrow()
            .get(view_id)
            .and_then(|names| names.get(name))
        {
            return Rc::clone(hit);
        }
        let res = resolve(world, view_id, name);
        let view_name = world
            .view(view_id)
            .map(|(v, _)| v.name.as_str())
            .unwrap_or_default();
        let mut detail =
            String::with_capacity(128 + res.hops.iter().map(|h| h.text.len() + 8).sum::<usize>());
        detail.push_str("Resolve in ");
        detail.push_str(view_name);
        detail.push_str(": ");
        res.write_summary(&mut detail);
        if res.answer == Answer::NxDomain {
            detail.push_str(" (cached negatively for 900 s)");
        }
        let step_evidence: Evidence = std::iter::once(view_id)
            .chain(res.hops.iter().map(|h| h.object.as_str()))
            .map(|id| memo.id(id))
            .collect();
        let resolved = Rc::new(Resolved {
            res,
            detail: Rc::from(detail),
            step_evidence,
        });
        memo.dns
            .borrow_mut()
            .entry(view_id.to_string())
            .or_default()
            .insert(name.to_string(), Rc::clone(&resolved));
        resolved
    }

    /// What the path does to a SYN to `ip` on `ports`, memoised for the simulator's life.
    pub(super) fn verdict(
        &self,
        world: &World<'_>,
        zone: &NetworkZone,
        ip: Ipv4Addr,
        ports: PortRange,
    ) -> Rc<PathVerdict> {
        // The path depends on the zone only through which side of the perimeter it is.
        let key = (zone.is_inside(), ip, ports);
        if let Some(hit) = self.verdicts.borrow().get(&key) {
            self.met(hit);
            return Rc::clone(hit);
        }
        let v = Rc::new(syn_verdict(world, &self.ids, zone, ip, ports));
        self.met(&v);
        self.verdicts.borrow_mut().insert(key, Rc::clone(&v));
        v
    }

    /// The design's Exchange versions (§10 protocol 2), found once.
    pub(super) fn versions(&self, s: &Scenario) -> super::protocol::Versions {
        *self
            .versions
            .get_or_init(|| super::protocol::Versions::of(s))
    }

    /// The verdict for an IPv6 address (§10 ipv6 4); not memoised: AAAA
    /// answers are rare, and each is asked once or twice per client.
    pub(super) fn verdict_v6(
        &self,
        world: &World<'_>,
        zone: &NetworkZone,
        ip: std::net::Ipv6Addr,
        via: Option<Ipv4Addr>,
        ports: PortRange,
    ) -> Rc<PathVerdict> {
        let v = super::path::syn_verdict_v6(world, &self.ids, zone, ip, via, ports);
        self.met(&v);
        Rc::new(v)
    }

    /// How a connect with this fate goes on this OS, memoised for the simulator's life.
    pub(super) fn timing(
        &self,
        os: &OsTimingPreset,
        fate: Fate,
        rtt: SimDuration,
        knobs: Knobs,
    ) -> Rc<Timing> {
        let key = (os as *const OsTimingPreset as usize, fate, rtt.ms(), knobs);
        if let Some(hit) = self.timings.borrow().get(&key) {
            return Rc::clone(hit);
        }
        let mut events = Vec::new();
        // A connect's timing does not depend on when it starts.
        let (end, established) = run_connect_with(SimTime::ZERO, fate, os, knobs, rtt, &mut events);
        let duration_ms = end.ms();
        let mut text = String::new();
        if !established {
            if fate == Fate::Rst {
                text.push_str("Windows retries after RST and fails in ");
            } else {
                text.push_str("SYN sent at ");
                let mut first = true;
                for e in &events {
                    if let TcpEvent::SynSent { at, .. } = e {
                        if !first {
                            text.push_str(", ");
                        }
                        first = false;
                        push_ms(&mut text, at.ms());
                    }
                }
                text.push_str(" (");
                text.push_str(&os.name);
                text.push_str("); gave up after ");
            }
            push_ms(&mut text, duration_ms);
        }
        let t = Rc::new(Timing {
            duration_ms,
            established,
            text,
        });
        self.timings.borrow_mut().insert(key, Rc::clone(&t));
        t
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

/// A DNS answer with the detail and evidence of the step that shows it.
pub(super) struct Resolved {
    res: Resolution,
    pub(super) detail: Rc<str>,
    /// The view, then every record that produced the answer.
    pub(super) step_evidence: Evidence,
}

impl std::ops::Deref for Resolved {
    type Target = Resolution;
    fn deref(&self) -> &Resolution {
        &self.res
    }
}

/// One connect's timing, independent of when it starts (§3).
pub(super) struct Timing {
    pub(super) duration_ms: u64,
    pub(super) established: bool,
    /// For a failed connect: "SYN sent at …; gave up after …".
    pub(super) text: String,
}

/// Every CAS's SCP URL ranked for a computer in one AD site (§6 scp 4–6),
/// with the step that shows the list: the same for every client of the
/// site, so the memo keeps one per site (`autodiscover` builds it).
pub(super) struct ScpList {
    /// The URLs scoped to the site (rank 1), as indices into
    /// `ScpUrls::urls`, in design order; the rest follow (`ScpUrls::ranked`).
    pub(super) own: Vec<u32>,
    pub(super) detail: Rc<str>,
    pub(super) evidence: Evidence,
}

/// Every SCP URL of the design once, in design order, indexed by what ranks
/// it for a site (§6 scp 4): ranking 2,000 URLs again for each of 200 sites
/// was the largest part of a large design's simulation.
pub(super) struct ScpUrls {
    pub(super) urls: Vec<ScpUrl>,
    /// The URLs with no site scope (rank 2).
    pub(super) unscoped: Vec<u32>,
    /// The URLs with one (rank 1 for a site they name, else 3).
    pub(super) scoped: Vec<u32>,
    /// A scope's entry, trimmed and in lower case → the scoped URLs naming it
    /// (a site matches by its name in any case, `Cas::scoped_to`).
    pub(super) by_name: FastMap<String, Vec<u32>>,
    /// A scope's entry, trimmed, as written → the URLs naming it (a site
    /// matches by its id exactly).
    pub(super) by_id: FastMap<String, Vec<u32>>,
}

impl ScpUrls {
    /// The indices of the URLs scoped to a site of this name and id, in
    /// design order.
    pub(super) fn scoped_to(&self, name: &str, id: &str) -> Vec<u32> {
        let mut own: Vec<u32> = [
            self.by_name.get(&name.to_ascii_lowercase()),
            self.by_id.get(id),
        ]
        .into_iter()
        .flatten()
        .flatten()
        .copied()
        .collect();
        own.sort_unstable();
        own.dedup();
        own
    }

    /// The URLs in the order a client whose site's URLs are `own` (as
    /// `scoped_to` gives them) tries them: its site's, then those with no
    /// scope, then those scoped elsewhere, each in design order.
    pub(super) fn ranked<'s: 'o, 'o>(
        &'s self,
        own: &'o [u32],
    ) -> impl Iterator<Item = &'s ScpUrl> + 'o {
        let elsewhere = self.scoped.iter().filter(|i| own.binary_search(i).is_err());
        own.iter()
            .chain(&self.unscoped)
            .chain(elsewhere)
            .map(|&i| &self.urls[i as usize])
    }
}

/// One SCP URL of the design, with the CAS (site index, index in the
/// site) that publishes it first.
pub(super) struct ScpUrl {
    pub(super) url: Rc<str>,
    pub(super) cas: (usize, usize),
}
