//! The Outlook connection-path simulator (§8 of the behaviour model).
//!
//! For each client: read the profile's home server, resolve it in the client's
//! DNS view, decide TCP-first or HTTP-first (§4), try RPC/TCP (endpoint mapper
//! on 135, then the RPC ports) with Windows' SYN timing (§3), fall back to
//! Outlook Anywhere over HTTPS, and connect public folders straight to their
//! mailbox server (seed point 3). Everything is deterministic: time is data
//! (`SimTime`), nothing reads a clock, and output order follows the scenario.

pub mod path;
pub mod tcp;
pub mod text;
pub mod time;

use crate::dns::{resolve, Answer, Resolution};
use crate::model::*;
use crate::world::World;
use crate::world::FastMap;
use path::{syn_verdict, PathVerdict};
use serde::Serialize;
use std::cell::RefCell;
use std::net::Ipv4Addr;
use std::rc::Rc;
use tcp::{run_connect, Fate, TcpEvent};
use text::{cat, num, push_ip, push_range, push_u64};
use time::{format_ms, push_ms, SimDuration, SimTime};

/// §5: with one DNS server the Windows client gives up after 10 s.
pub const DNS_TIMEOUT_MS: u64 = 10_000;
/// §4 / KB 831060: RPC/HTTP connect timeout, the cap on `oa_setup` (§8 step 4).
pub const RPC_HTTP_TIMEOUT_MS: u64 = 45_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    ReadProfile,
    DnsLookup,
    TransportChoice,
    TcpConnect,
    EndpointMapper,
    RpcBind,
    Fallback,
    TlsAuth,
    PublicFolders,
}

impl StepKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::ReadProfile => "read-profile",
            StepKind::DnsLookup => "dns-lookup",
            StepKind::TransportChoice => "transport-choice",
            StepKind::TcpConnect => "tcp-connect",
            StepKind::EndpointMapper => "endpoint-mapper",
            StepKind::RpcBind => "rpc-bind",
            StepKind::Fallback => "fallback",
            StepKind::TlsAuth => "tls-auth",
            StepKind::PublicFolders => "public-folders",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepOutcome {
    Ok,
    Failed,
    Info,
}

/// The id of a model object a step names. Shared: the same few objects (a
/// database, a DNS record, a timing preset) are named by many clients' steps,
/// and a run interns each id once (see [`Memo::id`]).
pub type Id = Rc<str>;

/// The ids a step names: at most four in practice, kept inline so a step's
/// evidence costs no allocation. Serialised as a JSON array of strings.
pub type Evidence = smallvec::SmallVec<[Id; 4]>;

/// One step of a client's connection path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub start_ms: u64,
    pub duration_ms: u64,
    pub kind: StepKind,
    pub outcome: StepOutcome,
    pub detail: String,
    /// Ids of the model objects the step used.
    pub evidence: Evidence,
    /// Section of the behaviour model (or seed point) the step's behaviour and timing come from.
    pub source: &'static str,
}

impl Step {
    pub fn end_ms(&self) -> u64 {
        self.start_ms + self.duration_ms
    }
}

/// How the client ended up connected, or why it did not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "transport", rename_all = "kebab-case")]
pub enum Outcome {
    RpcTcp,
    RpcHttp,
    MapiHttp,
    Failed { cause: Cause },
}

impl Outcome {
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::RpcTcp => "rpc-tcp",
            Outcome::RpcHttp => "rpc-http",
            Outcome::MapiHttp => "mapi-http",
            Outcome::Failed { .. } => "failed",
        }
    }
    pub fn label(&self) -> String {
        match self {
            Outcome::RpcTcp => "Connected over RPC/TCP".into(),
            Outcome::RpcHttp => "Connected over RPC/HTTP (Outlook Anywhere)".into(),
            Outcome::MapiHttp => "Connected over MAPI/HTTP".into(),
            Outcome::Failed { cause } => format!("Not connected: {cause}"),
        }
    }
}

/// Why a client could not connect, most specific first (the last obstacle met).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "kebab-case")]
pub enum Cause {
    /// The client refers to an object that is not in the design.
    MissingObject { what: String, id: String },
    /// The database's RpcClientAccessServer is empty.
    NoHomeServer,
    HomeServerUnresolved { name: String, answer: String },
    RpcTcpFailed { detail: String },
    NoOutlookAnywhere { detail: String },
    HttpsHostUnresolved { name: String, answer: String },
    HttpsUnreachable { name: String, detail: String },
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cause::MissingObject { what, id } => write!(f, "{what} '{id}' is not in the design"),
            Cause::NoHomeServer => write!(f, "the mailbox database has no RpcClientAccessServer"),
            Cause::HomeServerUnresolved { name, answer } => {
                write!(f, "home server {name} does not resolve ({answer}) and Outlook Anywhere is not available")
            }
            Cause::RpcTcpFailed { detail } => {
                write!(f, "RPC/TCP failed ({detail}) and Outlook Anywhere is not available")
            }
            Cause::NoOutlookAnywhere { detail } => write!(f, "{detail}"),
            Cause::HttpsHostUnresolved { name, answer } => {
                write!(f, "the HTTPS host {name} does not resolve ({answer})")
            }
            Cause::HttpsUnreachable { name, detail } => {
                write!(f, "the HTTPS host {name} is unreachable on 443 ({detail})")
            }
        }
    }
}

/// The public-folder connection, made after the mailbox is open (seed point 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicFolderResult {
    pub connected: bool,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientResult {
    pub client_id: String,
    pub client: String,
    pub outcome: Outcome,
    /// Time from Outlook start to an open mailbox connection (or to giving up).
    pub total_ms: u64,
    pub steps: Vec<Step>,
    pub public_folders: Option<PublicFolderResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimulationReport {
    /// Shared so that an analysis after an edit reuses the results it did not
    /// recompute (see `analysis`).
    pub clients: Vec<Rc<ClientResult>>,
}

/// Look-ups that depend only on the scenario, memoised for the life of one
/// [`World`] and shared by every client simulated against it: clients of a
/// site resolve the same names and reach the same addresses. Pure functions of
/// their keys, so the memo never changes a result, only how fast it comes.
#[derive(Default)]
pub struct Memo {
    /// DNS view id → queried name → the answer and its rendered step.
    dns: RefCell<FastMap<String, FastMap<String, Rc<Resolved>>>>,
    /// (inside the perimeter, address, ports) → what the path does to a SYN.
    verdicts: RefCell<FastMap<(bool, Ipv4Addr, PortRange), Rc<PathVerdict>>>,
    /// (OS preset, fate, RTT) → how long the connect takes and how it reads.
    timings: RefCell<FastMap<(usize, Fate, u64), Rc<Timing>>>,
    /// Every id named as evidence so far, once.
    ids: RefCell<std::collections::HashSet<Id, std::hash::BuildHasherDefault<crate::world::FxHasher>>>,
}

impl Memo {
    /// The shared copy of `id`.
    pub(crate) fn id(&self, id: &str) -> Id {
        let mut ids = self.ids.borrow_mut();
        if let Some(hit) = ids.get(id) {
            return Rc::clone(hit);
        }
        let new: Id = Rc::from(id);
        ids.insert(Rc::clone(&new));
        new
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

/// A DNS answer with the detail and evidence of the step that shows it.
struct Resolved {
    res: Resolution,
    detail: String,
    /// The view, then every record that produced the answer.
    step_evidence: Evidence,
}

impl std::ops::Deref for Resolved {
    type Target = Resolution;
    fn deref(&self) -> &Resolution {
        &self.res
    }
}

/// One connect's timing, independent of when it starts (§3).
struct Timing {
    duration_ms: u64,
    established: bool,
    /// For a failed connect: "SYN sent at …; gave up after …".
    text: String,
}

/// Simulates every client of the scenario, in scenario order.
pub fn simulate(scenario: &Scenario) -> SimulationReport {
    let world = World::new(scenario);
    SimulationReport {
        clients: scenario
            .clients
            .iter()
            .map(|c| Rc::new(simulate_client(&world, c)))
            .collect(),
    }
}

/// Simulates one client against an already indexed scenario.
pub fn simulate_client(world: &World<'_>, client: &Client) -> ClientResult {
    let mut run = Run {
        world,
        client,
        client_id: Rc::from(client.id.as_str()),
        os_id: None,
        db_id: None,
        now: SimTime::ZERO,
        // A connection path has about a dozen steps: one allocation, no regrowth.
        steps: Vec::with_capacity(16),
        ctx: None,
    };
    let outcome = run.connect();
    let total_ms = run.now.ms();
    let public_folders = match &outcome {
        Outcome::Failed { .. } => None,
        connected => run.public_folders(connected),
    };
    ClientResult {
        client_id: client.id.clone(),
        client: client.name.clone(),
        outcome,
        total_ms,
        steps: run.steps,
        public_folders,
    }
}

/// Up to two port ranges, without a heap allocation.
type PortList = std::iter::Take<std::array::IntoIter<PortRange, 2>>;

/// [`RpcPorts::needed`] without allocating: the ranges a client must reach
/// after the endpoint-mapper lookup (§2 step 5).
fn needed(rpc: RpcPorts) -> PortList {
    match rpc {
        RpcPorts::Dynamic => [DYNAMIC_RPC_RANGE, DYNAMIC_RPC_RANGE].into_iter().take(1),
        RpcPorts::Static { rpc_client_access, address_book } => {
            [PortRange::single(rpc_client_access), PortRange::single(address_book)].into_iter().take(2)
        }
    }
}

/// Everything the flow needs about the client, looked up once.
#[derive(Clone, Copy)]
struct Context<'a> {
    zone: &'a NetworkZone,
    os: &'a OsTimingPreset,
    site: &'a Site,
    db: &'a MailboxDatabase,
    rtt: SimDuration,
}

struct Run<'w, 'a> {
    world: &'w World<'a>,
    client: &'a Client,
    /// The client's id as evidence (named by several of its steps).
    client_id: Id,
    /// Its OS timing preset's id, named by every TCP step.
    os_id: Option<Id>,
    /// Its mailbox database's id, named by most RPC steps.
    db_id: Option<Id>,
    now: SimTime,
    steps: Vec<Step>,
    /// The client's context once `connect` has looked it up.
    ctx: Option<Context<'a>>,
}

impl<'w, 'a> Run<'w, 'a> {
    /// The client's database id as evidence, interned once per client.
    fn db_id(&self, db: &MailboxDatabase) -> Id {
        match &self.db_id {
            Some(id) => Rc::clone(id),
            None => self.world.memo.id(&db.id),
        }
    }

    /// Evidence naming these objects.
    fn ev(&self, ids: &[&str]) -> Evidence {
        ids.iter().map(|id| self.world.memo.id(id)).collect()
    }

    fn step(&mut self, kind: StepKind, outcome: StepOutcome, dur: SimDuration, detail: String, evidence: Evidence, source: &'static str) {
        self.steps.push(Step {
            start_ms: self.now.ms(),
            duration_ms: dur.ms(),
            kind,
            outcome,
            detail,
            evidence,
            source,
        });
        self.now = self.now + dur;
    }

    fn info(&mut self, kind: StepKind, detail: String, evidence: Evidence, source: &'static str) {
        self.step(kind, StepOutcome::Info, SimDuration(0), detail, evidence, source);
    }

    fn missing(&mut self, what: &str, id: &str) -> Outcome {
        let cause = Cause::MissingObject { what: what.into(), id: id.into() };
        self.step(StepKind::ReadProfile, StepOutcome::Failed, SimDuration(0), format!("Cannot simulate: {cause}"), smallvec::smallvec![self.client_id.clone()], "model");
        Outcome::Failed { cause }
    }

    fn context(&mut self) -> Result<Context<'a>, Outcome> {
        let w = self.world;
        let c = self.client;
        let zone = *w.zones.get(c.location.as_str()).ok_or_else(|| self.missing("network zone", &c.location))?;
        let os = *w.presets.get(c.os_timing.as_str()).ok_or_else(|| self.missing("OS timing preset", &c.os_timing))?;
        if w.view(&c.dns_view).is_none() {
            return Err(self.missing("DNS view", &c.dns_view));
        }
        let (site, db) = *w
            .databases
            .get(c.mailbox_database.as_str())
            .ok_or_else(|| self.missing("mailbox database", &c.mailbox_database))?;
        Ok(Context { zone, os, site, db, rtt: SimDuration(zone.rtt()) })
    }

    fn connect(&mut self) -> Outcome {
        let ctx = match self.context() {
            Ok(ctx) => ctx,
            Err(outcome) => return outcome,
        };
        self.ctx = Some(ctx);
        let db = ctx.db;
        self.db_id = Some(self.world.memo.id(&db.id));
        let home: &'a str = db.rpc_client_access_server.trim();
        self.info(
            StepKind::ReadProfile,
            cat(&[
                "Profile home server is ",
                if home.is_empty() { "(empty)" } else { home },
                " — the RpcClientAccessServer of database ",
                &db.name,
                " (",
                db.exchange_version.label(),
                ") — read from ",
                &self.client.name,
            ]),
            smallvec::smallvec![self.client_id.clone(), self.db_id(db)],
            "§2 step 1",
        );
        if !db.exchange_version.has_rpc_tcp() {
            let transport = if self.client.outlook_version.speaks_mapi_http() { Outcome::MapiHttp } else { Outcome::RpcHttp };
            self.info(
                StepKind::TransportChoice,
                cat(&[
                    db.exchange_version.label(),
                    " offers no RPC/TCP path; ",
                    self.client.outlook_version.label(),
                    " uses ",
                    if transport == Outcome::MapiHttp { "MAPI/HTTP" } else { "RPC/HTTP" },
                ]),
                smallvec::smallvec![self.db_id(db)],
                "§1",
            );
            return self.https(&ctx, transport);
        }
        if home.is_empty() {
            let cause = Cause::NoHomeServer;
            self.step(StepKind::ReadProfile, StepOutcome::Failed, SimDuration(0), cause.to_string(), smallvec::smallvec![self.db_id(db)], "§1");
            return Outcome::Failed { cause };
        }

        // §4: Outlook Anywhere clients resolve the RPC endpoint first, to decide
        // whether TCP is worth trying at all.
        let res = self.dns(&ctx, home, "§2 step 1, §8 step 1");
        let oa = self.oa_available(&ctx);
        let fast = self.client.link_kbps > SLOW_LINK_MAX_KBPS;
        let pushed = oa.map(|c| c.outlook_anywhere.server_exclusive_connect).unwrap_or(false);
        let (flag, flag_name) = if fast {
            (self.client.http_first_on_fast, "0x8 \"on fast networks, connect using HTTP first\"")
        } else {
            (self.client.http_first_on_slow, "0x20 \"on slow networks, connect using HTTP first\"")
        };
        if let Some(cas) = oa {
            if flag || pushed {
                let detail = if flag {
                    cat(&["HTTP first: profile flag ", flag_name, " is set (", &num(self.client.link_kbps.into()), " kbit/s link)"])
                } else {
                    cat(&["HTTP first: ", &cas.name, " pushes ServerExclusiveConnect (inferred to set HTTP first)"])
                };
                self.info(StepKind::TransportChoice, detail, smallvec::smallvec![self.client_id.clone(), self.world.memo.id(&cas.id)], "§4, §8 step 2");
                return self.https(&ctx, Outcome::RpcHttp);
            }
        }
        let addresses = match &res.answer {
            Answer::Addresses { addresses } => addresses,
            other => {
                let answer = match other {
                    Answer::Timeout => "no DNS answer",
                    Answer::NoData => "no address record",
                    Answer::CnameLoop => "CNAME loop",
                    _ => "NXDOMAIN",
                };
                if oa.is_some() {
                    self.info(
                        StepKind::TransportChoice,
                        cat(&[home, " does not resolve (", answer, "): Outlook skips RPC/TCP and goes straight to HTTPS"]),
                        // The records that answered, without the view the DNS step names first.
                        res.step_evidence[1..].iter().cloned().collect(),
                        "§4 (NXDOMAIN case), §8 step 3",
                    );
                    return self.https(&ctx, Outcome::RpcHttp);
                }
                return Outcome::Failed { cause: Cause::HomeServerUnresolved { name: home.to_string(), answer: answer.into() } };
            }
        };
        self.info(
            StepKind::TransportChoice,
            cat(&[
                "TCP first: flag ",
                flag_name,
                if flag { " is set on this " } else { " is not set on this " },
                if fast { "fast" } else { "slow" },
                " link (",
                &num(self.client.link_kbps.into()),
                " kbit/s)",
            ]),
            smallvec::smallvec![self.client_id.clone()],
            "§4, §8 step 2",
        );

        // §8 step 4: k serial bind attempts, each over every A record.
        let mut last_failure = String::new();
        let k = self.client.rpc_bind_attempts.max(1);
        for attempt in 1..=k {
            for &ip in addresses {
                match self.rpc_tcp(&ctx, ip, attempt, k, db) {
                    Ok(()) => return Outcome::RpcTcp,
                    Err(why) => last_failure = why,
                }
            }
        }
        match oa {
            Some(cas) => {
                self.info(
                    StepKind::Fallback,
                    cat(&[
                        "RPC/TCP failed after ",
                        &format_ms(self.now.ms()),
                        " (",
                        &last_failure,
                        "); falling back to RPC over HTTP via ",
                        &cas.name,
                        ". The wait repeats at every start, resume and reconnect",
                    ]),
                    self.ev(&[&cas.id]),
                    "§8 steps 4–5",
                );
                self.https(&ctx, Outcome::RpcHttp)
            }
            None => Outcome::Failed { cause: Cause::RpcTcpFailed { detail: last_failure } },
        }
    }

    /// A DNS lookup step: one RTT for an answer, 10 s for silence (§5, §8 step 1).
    fn dns(&mut self, ctx: &Context<'a>, name: &str, source: &'static str) -> Rc<Resolved> {
        let res = self.resolved(name);
        let (dur, outcome) = match res.answer {
            Answer::Timeout => (SimDuration(DNS_TIMEOUT_MS), StepOutcome::Failed),
            Answer::Addresses { .. } => (ctx.rtt, StepOutcome::Ok),
            // A clean "does not exist" is an answer (often the desired one, §4).
            Answer::NxDomain | Answer::NoData => (ctx.rtt, StepOutcome::Info),
            _ => (ctx.rtt, StepOutcome::Failed),
        };
        let source = if res.answer == Answer::Timeout { "§5" } else { source };
        self.step(StepKind::DnsLookup, outcome, dur, res.detail.clone(), res.step_evidence.clone(), source);
        res
    }

    /// `name` resolved in the client's view, memoised per world.
    fn resolved(&self, name: &str) -> Rc<Resolved> {
        let view_id = self.client.dns_view.as_str();
        let memo = &self.world.memo;
        if let Some(hit) = memo.dns.borrow().get(view_id).and_then(|names| names.get(name)) {
            return Rc::clone(hit);
        }
        let res = resolve(self.world, view_id, name);
        let view_name = self.world.view(view_id).map(|(v, _)| v.name.as_str()).unwrap_or_default();
        let mut detail = String::with_capacity(128 + res.hops.iter().map(|h| h.text.len() + 8).sum::<usize>());
        detail.push_str("Resolve in ");
        detail.push_str(view_name);
        detail.push_str(": ");
        res.write_summary(&mut detail);
        if res.answer == Answer::NxDomain {
            detail.push_str(" (cached negatively for 900 s)");
        }
        let step_evidence: Evidence = std::iter::once(view_id).chain(res.hops.iter().map(|h| h.object.as_str())).map(|id| memo.id(id)).collect();
        let resolved = Rc::new(Resolved { res, detail, step_evidence });
        memo.dns
            .borrow_mut()
            .entry(view_id.to_string())
            .or_default()
            .insert(name.to_string(), Rc::clone(&resolved));
        resolved
    }

    /// What the path does to a SYN to `ip` on `ports`, memoised per world.
    fn verdict(&self, zone: &NetworkZone, ip: Ipv4Addr, ports: PortRange) -> Rc<PathVerdict> {
        // The path depends on the zone only through which side of the perimeter it is.
        let key = (zone.is_inside(), ip, ports);
        if let Some(hit) = self.world.memo.verdicts.borrow().get(&key) {
            return Rc::clone(hit);
        }
        let v = Rc::new(syn_verdict(self.world, zone, ip, ports));
        self.world.memo.verdicts.borrow_mut().insert(key, Rc::clone(&v));
        v
    }

    /// How a connect with this fate goes on this OS, memoised per world.
    fn timing(&self, os: &OsTimingPreset, fate: Fate, rtt: SimDuration) -> Rc<Timing> {
        let key = (os as *const OsTimingPreset as usize, fate, rtt.ms());
        if let Some(hit) = self.world.memo.timings.borrow().get(&key) {
            return Rc::clone(hit);
        }
        let mut events = Vec::new();
        // A connect's timing does not depend on when it starts.
        let (end, established) = run_connect(SimTime::ZERO, fate, os, rtt, &mut events);
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
        let t = Rc::new(Timing { duration_ms, established, text });
        self.world.memo.timings.borrow_mut().insert(key, Rc::clone(&t));
        t
    }

    /// A TCP connect step timed by the OS preset (§3). Returns whether it opened.
    fn tcp(&mut self, ctx: &Context<'a>, ip: Ipv4Addr, ports: PortRange, purpose: &str) -> Result<(), String> {
        let v = self.verdict(ctx.zone, ip, ports);
        let t = self.timing(ctx.os, v.fate, ctx.rtt);
        let ok = t.established;
        let mut detail = String::with_capacity(64 + v.why.len() + t.text.len());
        detail.push_str("TCP ");
        push_ip(&mut detail, ip);
        detail.push(':');
        if ports.from == ports.to {
            push_u64(&mut detail, v.port.into());
        } else {
            detail.push_str(purpose);
            detail.push_str(" (port ");
            push_u64(&mut detail, v.port.into());
            detail.push_str(" of ");
            push_range(&mut detail, ports);
            detail.push(')');
        }
        if ok {
            detail.push_str(" open: ");
            detail.push_str(&v.why);
        } else {
            detail.push(' ');
            detail.push_str(v.fate.label());
            detail.push_str(": ");
            detail.push_str(&v.why);
            detail.push_str(". ");
            detail.push_str(&t.text);
        }
        let mut evidence = v.evidence.clone();
        let os_id = self.os_id.get_or_insert_with(|| self.world.memo.id(&ctx.os.id));
        evidence.push(Rc::clone(os_id));
        let source = match v.fate {
            Fate::Open => "§8 (one RTT)",
            Fate::Rst => "§3 (RST), C14",
            Fate::Icmp => "§3 (ICMP), §8 step 4",
            Fate::Drop | Fate::NoRoute => "§3 (DROP), C15",
        };
        self.step(StepKind::TcpConnect, if ok { StepOutcome::Ok } else { StepOutcome::Failed }, SimDuration(t.duration_ms), detail, evidence, source);
        if ok {
            Ok(())
        } else {
            let mut why = String::with_capacity(48);
            push_ip(&mut why, ip);
            why.push(':');
            push_u64(&mut why, v.port.into());
            why.push(' ');
            why.push_str(v.fate.label());
            Err(why)
        }
    }

    /// One RPC/TCP attempt against one address: EPM on 135, then the RPC ports.
    fn rpc_tcp(&mut self, ctx: &Context<'a>, ip: Ipv4Addr, attempt: u8, k: u8, db: &MailboxDatabase) -> Result<(), String> {
        let purpose = if k > 1 { format!("endpoint mapper, attempt {attempt} of {k}") } else { "endpoint mapper".into() };
        self.tcp(ctx, ip, PortRange::single(EPM_PORT), &purpose)?;
        let ports = self.rpc_ports_behind(ip, ctx.zone);
        self.step(
            StepKind::EndpointMapper,
            StepOutcome::Ok,
            ctx.rtt,
            {
                let mut detail = String::with_capacity(80);
                detail.push_str("Endpoint mapper returns the ports of EMSMDB, RFR and NSPI: ");
                for (i, p) in ports.clone().enumerate() {
                    if i > 0 {
                        detail.push_str(" and ");
                    }
                    push_range(&mut detail, p);
                }
                detail
            },
            smallvec::smallvec![self.db_id(db)],
            "§2 step 3",
        );
        for range in ports {
            let purpose = if range == DYNAMIC_RPC_RANGE { "dynamic RPC port" } else { "RPC port" };
            self.tcp(ctx, ip, range, purpose)?;
        }
        self.step(
            StepKind::RpcBind,
            StepOutcome::Ok,
            ctx.rtt,
            cat(&["RPC bind to EMSMDB and NSPI on ", &text::ip(ip), ": mailbox open over RPC/TCP"]),
            smallvec::smallvec![self.db_id(db)],
            "§2 step 3, §8 (internal client)",
        );
        Ok(())
    }

    /// The RPC ports the endpoint mapper at `ip` hands out: those of the CAS
    /// (or array member, or mailbox server) that answered.
    fn rpc_ports_behind(&self, ip: Ipv4Addr, zone: &NetworkZone) -> PortList {
        use crate::world::Host;
        let mut addr = ip;
        if !zone.is_inside() {
            if let Some(t) = self.world.rules_to(ip).iter().find(|r| r.ports.contains(EPM_PORT)).and_then(|r| r.translate_to) {
                addr = t;
            }
        }
        let rpc = match self.world.hosts.get(&addr) {
            Some(Host::Vip { array, .. }) => path::serving_member(self.world, array).map(|c| c.rpc_ports),
            Some(Host::Cas(c)) => Some(c.rpc_ports),
            Some(Host::Mailbox(m)) => Some(m.rpc_ports),
            None => None,
        };
        needed(rpc.unwrap_or_default())
    }

    /// The CAS that serves Outlook Anywhere for this client's mailbox: the first
    /// CAS with it enabled in the database's site, if the profile has it (§4, §6).
    fn oa_available(&self, ctx: &Context<'a>) -> Option<&'a CasServer> {
        if !self.client.outlook_anywhere {
            return None;
        }
        ctx.site.cas_servers.iter().find(|c| c.outlook_anywhere.enabled)
    }

    /// An HTTPS transport: resolve the Outlook Anywhere host, TCP 443, TLS and
    /// authentication (§8 step 3; `oa_setup` capped at 45 s, §4).
    fn https(&mut self, ctx: &Context<'a>, transport: Outcome) -> Outcome {
        let Some(cas) = self.oa_available(ctx) else {
            let detail = if self.client.outlook_anywhere {
                format!("no CAS in site {} has Outlook Anywhere enabled, so there is no HTTPS path", ctx.site.name)
            } else {
                format!("the profile of {} has no Outlook Anywhere settings, so there is no HTTPS path", self.client.name)
            };
            self.step(StepKind::Fallback, StepOutcome::Failed, SimDuration(0), detail.clone(), self.ev(&[&ctx.site.id]), "§4");
            return Outcome::Failed { cause: Cause::NoOutlookAnywhere { detail } };
        };
        let oa = &cas.outlook_anywhere;
        let host: &'a str = if ctx.zone.is_inside() && !oa.internal_hostname.trim().is_empty() {
            oa.internal_hostname.trim()
        } else {
            oa.external_hostname.trim()
        };
        let res = self.dns(ctx, host, "§8 step 3");
        if res.answer.addresses().is_empty() {
            let answer = res.summary();
            return Outcome::Failed { cause: Cause::HttpsHostUnresolved { name: host.to_string(), answer } };
        }
        let mut last = String::new();
        for &ip in res.answer.addresses() {
            match self.tcp(ctx, ip, PortRange::single(HTTPS_PORT), "HTTPS") {
                Ok(()) => {
                    let setup = u64::from(self.client.oa_setup_ms).min(RPC_HTTP_TIMEOUT_MS);
                    let name = if transport == Outcome::MapiHttp { "MAPI/HTTP" } else { "RPC/HTTP" };
                    self.step(
                        StepKind::TlsAuth,
                        StepOutcome::Ok,
                        SimDuration(setup),
                        cat(&["TLS and ", oa.auth.label(), " authentication to ", host, ": mailbox open over ", name]),
                        smallvec::smallvec![self.world.memo.id(&cas.id), self.client_id.clone()],
                        "§8 step 3 (oa_setup), §4 (45 s cap)",
                    );
                    return transport;
                }
                Err(why) => last = why,
            }
        }
        Outcome::Failed { cause: Cause::HttpsUnreachable { name: host.to_string(), detail: last } }
    }

    /// Public folders: RPC/TCP clients connect straight to the mailbox server
    /// holding the public-folder database (seed point 3, §1); HTTP clients reach
    /// it through the CAS's RPC proxy.
    fn public_folders(&mut self, transport: &Outcome) -> Option<PublicFolderResult> {
        // Set by `connect`, which succeeded (a failed client has no public folders).
        let ctx = self.ctx?;
        let pf_id = ctx.db.public_folder_database.as_deref()?;
        let Some((_, pf)) = self.world.pf_databases.get(pf_id).copied() else {
            let detail = format!("public-folder database '{pf_id}' is not in the design");
            self.step(StepKind::PublicFolders, StepOutcome::Failed, SimDuration(0), detail.clone(), self.ev(&[&ctx.db.id]), "seed point 3");
            return Some(PublicFolderResult { connected: false, detail });
        };
        let Some((_, server)) = self.world.mailbox_servers.get(pf.server.as_str()).copied() else {
            let detail = format!("the server of public-folder database {} is not in the design", pf.name);
            self.step(StepKind::PublicFolders, StepOutcome::Failed, SimDuration(0), detail.clone(), self.ev(&[&pf.id]), "seed point 3");
            return Some(PublicFolderResult { connected: false, detail });
        };
        if *transport != Outcome::RpcTcp {
            let detail = cat(&["Public folders on ", &server.name, " are reached through the HTTPS session's RPC proxy"]);
            self.info(StepKind::PublicFolders, detail.clone(), self.ev(&[&pf.id, &server.id]), "§1 (public folders)");
            return Some(PublicFolderResult { connected: true, detail });
        }
        self.info(
            StepKind::PublicFolders,
            cat(&["Public folders: Outlook connects straight to mailbox server ", &server.name, " (", &server.fqdn, ")"]),
            self.ev(&[&pf.id, &server.id]),
            "seed point 3, §1",
        );
        let res = self.dns(&ctx, &server.fqdn, "seed point 3");
        let Some(&ip) = res.answer.addresses().first() else {
            let detail = format!("{} does not resolve for this client: {}", server.fqdn, res.summary());
            return Some(PublicFolderResult { connected: false, detail });
        };
        let connected = self.tcp(&ctx, ip, PortRange::single(EPM_PORT), "endpoint mapper").and_then(|()| {
            for range in needed(server.rpc_ports) {
                self.tcp(&ctx, ip, range, "public-folder RPC port")?;
            }
            Ok(())
        });
        Some(match connected {
            Ok(()) => PublicFolderResult { connected: true, detail: cat(&["public folders open on ", &server.name]) },
            Err(why) => PublicFolderResult { connected: false, detail: cat(&["public folders unavailable: ", &why]) },
        })
    }
}

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
            let alone = simulate_client(&World::new(&s), client);
            assert_eq!(&alone, &**got, "{}", client.name);
        }
    }
}
