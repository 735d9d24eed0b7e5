//! One client's connection, step by step (§8): the profile, DNS, the
//! transport choice (§4), RPC/TCP with Windows' SYN timing (§3), the
//! fallback to HTTPS and public folders (seed point 3).

use super::memo::{Memo, Resolved};
use super::params::{Overrides, Param, Point, Probe};
use super::report::*;
use super::tcp::Fate;
use super::time::{format_ms, SimDuration, SimTime};
use super::{DNS_TIMEOUT_MS, RPC_HTTP_TIMEOUT_MS};
use crate::dns::Answer;
use crate::model::*;
use crate::text::{num, push_ip, push_range, push_u64};
use crate::world::World;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::rc::Rc;

/// An address a connect goes to (§10 ipv6 1–4): IPv4, or IPv6 with the
/// IPv4 address of the same answer, whose host it reaches from inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    V4(Ipv4Addr),
    V6 { ip: Ipv6Addr, via: Option<Ipv4Addr> },
}

impl Target {
    /// `203.0.113.10`, `[2001:db8::10]` (bracketed, so a port can follow).
    fn push_addr(self, out: &mut String) {
        match self {
            Target::V4(ip) => push_ip(out, ip),
            Target::V6 { ip, .. } => {
                out.push('[');
                out.push_str(&ip.to_string());
                out.push(']');
            }
        }
    }
    /// `203.0.113.10:135`, `[2001:db8::10]:135`.
    fn push_endpoint(self, out: &mut String, port: u16) {
        self.push_addr(out);
        out.push(':');
        push_u64(out, port.into());
    }
}

/// Simulates one client against an indexed design, sharing `memo` with the
/// other clients of the same design, with the model's undocumented
/// parameters at the design's own values except where `at` overrides them.
/// Also returns what the range search needs: the values used and which of
/// them the path depended on (None when the client could not be simulated).
pub(super) fn run(
    world: &World<'_>,
    memo: &Memo,
    client: &Client,
    at: &Overrides,
) -> (ClientResult, Option<Probe>) {
    let mut run = Run {
        world,
        memo,
        client,
        client_id: Rc::from(client.id.as_str()),
        os_id: None,
        db_id: None,
        now: SimTime::ZERO,
        // A connection path has about a dozen steps: one allocation, no regrowth.
        steps: Vec::with_capacity(16),
        ctx: None,
        at,
        touched: 0,
        price: Price::Fixed,
        cycles: None,
    };
    let outcome = run.connect();
    let total_ms = run.now.ms();
    let connect_steps = run.steps.len();
    let public_folders = match &outcome {
        Outcome::Failed { .. } => None,
        connected => run.public_folders(connected),
    };
    let probe = run.ctx.map(|ctx| Probe {
        point: ctx.point,
        touched: run.touched,
        remote: ctx.zone.is_remote(),
        link_kbps: client.link_kbps,
        connect_steps,
        cycles: run.cycles,
    });
    let result = ClientResult {
        client_id: client.id.clone(),
        client: client.name.clone(),
        outcome,
        total_ms,
        range_ms: crate::model::Span::point(total_ms),
        drivers: Vec::new(),
        steps: run.steps,
        public_folders,
        autodiscover: None,
    };
    (result, probe)
}

/// Everything the flow needs about the client, looked up once.
#[derive(Clone, Copy)]
struct Context<'a> {
    zone: &'a NetworkZone,
    os: &'a OsTimingPreset,
    site: &'a Site,
    db: &'a MailboxDatabase,
    rtt: SimDuration,
    /// The undocumented parameters' values for this run.
    point: Point,
}

/// What decides between TCP first and HTTP first (§4).
struct Choice<'a> {
    /// The CAS serving Outlook Anywhere to this client, if it has it.
    oa: Option<&'a CasServer>,
    /// Whether the link is above the slow-link threshold.
    fast: bool,
    /// Whether that CAS pushes ServerExclusiveConnect (inferred to set HTTP first).
    pushed: bool,
    /// The profile's HTTP-first flag for this link's class, and its name.
    flag: bool,
    flag_name: &'static str,
}

struct Run<'w, 'a> {
    world: &'w World<'a>,
    memo: &'w Memo,
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
    at: &'w Overrides,
    /// The parameters (bits by `Param`) whose value this path's time depends on.
    touched: u8,
    /// The price of the next step (`step` takes it, leaving `Fixed`).
    price: Price,
    /// The steps of the RPC/TCP attempts when every one failed: k identical cycles.
    cycles: Option<(usize, usize)>,
}

impl<'w, 'a> Run<'w, 'a> {
    /// The client's database id as evidence, interned once per client.
    fn db_id(&self, db: &MailboxDatabase) -> Id {
        match &self.db_id {
            Some(id) => Rc::clone(id),
            None => self.memo.id(&db.id),
        }
    }

    /// Evidence naming these objects.
    fn ev(&self, ids: &[&str]) -> Evidence {
        ids.iter().map(|id| self.memo.id(id)).collect()
    }

    fn step(
        &mut self,
        kind: StepKind,
        outcome: StepOutcome,
        dur: SimDuration,
        detail: String,
        evidence: Evidence,
        source: &'static str,
    ) {
        self.steps.push(Step {
            start_ms: self.now.ms(),
            duration_ms: dur.ms(),
            kind,
            outcome,
            detail,
            evidence,
            source,
            price: std::mem::take(&mut self.price),
        });
        self.now = self.now + dur;
    }

    fn info(&mut self, kind: StepKind, detail: String, evidence: Evidence, source: &'static str) {
        self.step(
            kind,
            StepOutcome::Info,
            SimDuration(0),
            detail,
            evidence,
            source,
        );
    }

    fn missing(&mut self, what: &str, id: &str) -> Outcome {
        let cause = Cause::MissingObject {
            what: what.into(),
            id: id.into(),
        };
        self.step(
            StepKind::ReadProfile,
            StepOutcome::Failed,
            SimDuration(0),
            format!("Cannot simulate: {cause}"),
            smallvec::smallvec![self.client_id.clone()],
            "model",
        );
        Outcome::Failed { cause }
    }

    fn context(&mut self) -> Result<Context<'a>, Outcome> {
        let w = self.world;
        let c = self.client;
        let zone = *w
            .zones
            .get(c.location.as_str())
            .ok_or_else(|| self.missing("network zone", &c.location))?;
        let os = *w
            .presets
            .get(c.os_timing.as_str())
            .ok_or_else(|| self.missing("OS timing preset", &c.os_timing))?;
        if w.view(&c.dns_view).is_none() {
            return Err(self.missing("DNS view", &c.dns_view));
        }
        let (site, db) = *w
            .databases
            .get(c.mailbox_database.as_str())
            .ok_or_else(|| self.missing("mailbox database", &c.mailbox_database))?;
        let point = self
            .at
            .apply(Point::nominal(c, os, zone, &w.scenario.ranges));
        self.touch(Param::Rtt);
        Ok(Context {
            zone,
            os,
            site,
            db,
            rtt: SimDuration(point.get(Param::Rtt)),
            point,
        })
    }

    fn touch(&mut self, p: Param) {
        self.touched |= p.bit();
    }

    /// The connection (§8): the profile, the transport choice (§4), RPC/TCP
    /// and the fallback to HTTPS.
    fn connect(&mut self) -> Outcome {
        let ctx = match self.context() {
            Ok(ctx) => ctx,
            Err(outcome) => return outcome,
        };
        self.ctx = Some(ctx);
        self.db_id = Some(self.memo.id(&ctx.db.id));
        let home: &'a str = ctx.db.rpc_client_access_server.trim();
        if !ctx.db.exchange_version.has_rpc_tcp() {
            return self.without_rpc_tcp(&ctx);
        }
        self.read_profile(&ctx, home);
        self.no_mapi_http_on_2010(&ctx);
        if home.is_empty() {
            let cause = Cause::NoHomeServer;
            self.step(
                StepKind::ReadProfile,
                StepOutcome::Failed,
                SimDuration(0),
                cause.to_string(),
                smallvec::smallvec![self.db_id(ctx.db)],
                "§1",
            );
            return Outcome::Failed { cause };
        }

        // §4: Outlook Anywhere clients resolve the RPC endpoint first, to decide
        // whether TCP is worth trying at all.
        let res = self.dns(&ctx, home, "§2 step 1, §8 step 1");
        let choice = self.transport_choice(&ctx);
        if let Some(outcome) = self.http_first(&ctx, &choice) {
            return outcome;
        }
        let targets = self.targets(&ctx, &res.answer, PortRange::single(EPM_PORT));
        if targets.is_empty() {
            return self.home_unresolved(&ctx, home, &res.answer, &res, choice.oa);
        }
        self.tcp_first(&choice);
        self.rpc_tcp_or_fallback(&ctx, &targets, choice.oa)
    }

    /// The profile's home server: the RpcClientAccessServer of the client's database.
    fn read_profile(&mut self, ctx: &Context<'a>, home: &str) {
        let db = ctx.db;
        self.info(
            StepKind::ReadProfile,
            [
                "Profile home server is ",
                if home.is_empty() { "(empty)" } else { home },
                " — the RpcClientAccessServer of database ",
                &db.name,
                " (",
                db.exchange_version.label(),
                ") — read from ",
                &self.client.name,
            ]
            .concat(),
            smallvec::smallvec![self.client_id.clone(), self.db_id(db)],
            "§2 step 1",
        );
    }

    /// A MAPI/HTTP-capable Outlook against an Exchange 2010 mailbox: why it
    /// still starts as §4 says, RPC/TCP unless HTTP first (§10 protocol 1,
    /// version 4). Said only where a reader would expect MAPI/HTTP.
    fn no_mapi_http_on_2010(&mut self, ctx: &Context<'a>) {
        let c = self.client;
        if !c.outlook_version.mapi_http_capable(c.mapi_http_updates) {
            return;
        }
        self.info(
            StepKind::TransportChoice,
            [
                "Exchange 2010 has no MAPI/HTTP: ",
                c.outlook_version.label(),
                " connects as Outlook 2010 does, RPC/TCP unless HTTP first",
            ]
            .concat(),
            smallvec::smallvec![self.db_id(ctx.db)],
            "§10 protocol 1, version 4",
        );
    }

    /// A mailbox on Exchange 2013 or later: no RPC/TCP and no CAS array.
    /// The profile's server is the mailbox's GUID@domain name; the serving
    /// Client Access server's build, the organisation's and the mailbox's
    /// settings, the client and Autodiscover's answer decide MAPI/HTTP or
    /// RPC/HTTP (§10 protocol 1–6); then HTTPS.
    fn without_rpc_tcp(&mut self, ctx: &Context<'a>) -> Outcome {
        let db = ctx.db;
        let scenario = self.world.scenario;
        let domain = scenario.autodiscover.smtp_domain.trim();
        self.info(
            StepKind::ReadProfile,
            [
                "Mailbox on database ",
                &db.name,
                " (",
                db.exchange_version.label(),
                "): the profile's server is the mailbox GUID@",
                if domain.is_empty() {
                    "<SMTP domain>"
                } else {
                    domain
                },
                "; no RPC/TCP, and RpcClientAccessServer and the CAS array do not matter",
            ]
            .concat(),
            smallvec::smallvec![self.client_id.clone(), self.db_id(db)],
            "§10 protocol 6, §1",
        );
        let Some(cas) = self.oa_available(ctx) else {
            return self.https(ctx, Outcome::RpcHttp);
        };
        let flags = super::protocol::Flags::nominal(&scenario.ranges);
        let versions = self.memo.versions(scenario);
        let decision = super::protocol::decide(scenario, &versions, self.client, cas, flags);
        let transport = if decision.mapi_http {
            Outcome::MapiHttp
        } else {
            Outcome::RpcHttp
        };
        let last = decision.reasons.len() - 1;
        for (i, r) in decision.reasons.into_iter().enumerate() {
            let mut text = r.text;
            if i == last {
                text.push_str(if decision.mapi_http {
                    ": MAPI/HTTP"
                } else {
                    ": RPC/HTTP (Outlook Anywhere)"
                });
                if let Some(p) = decision.depends_on {
                    text.push_str(" (the other value of §10 parameter ");
                    text.push_str(p);
                    text.push_str(" gives ");
                    text.push_str(if decision.mapi_http {
                        "RPC/HTTP)"
                    } else {
                        "MAPI/HTTP if the client can)"
                    });
                }
            }
            self.info(
                StepKind::TransportChoice,
                text,
                smallvec::smallvec![self.client_id.clone(), self.memo.id(&cas.id)],
                r.source,
            );
        }
        self.https(ctx, transport)
    }

    /// What decides between TCP first and HTTP first (§4): the link's class
    /// picks the profile's flag, unless the CAS pushes HTTP first.
    fn transport_choice(&mut self, ctx: &Context<'a>) -> Choice<'a> {
        let oa = self.oa_available(ctx);
        let fast = u64::from(self.client.link_kbps) > ctx.point.get(Param::SlowLink);
        let pushed = oa
            .map(|c| c.outlook_anywhere.server_exclusive_connect)
            .unwrap_or(false);
        if oa.is_some()
            && !pushed
            && self.client.http_first_on_fast != self.client.http_first_on_slow
        {
            // Which flag applies decides the transport.
            self.touch(Param::SlowLink);
        }
        let (flag, flag_name) = if fast {
            (
                self.client.http_first_on_fast,
                "0x8 \"on fast networks, connect using HTTP first\"",
            )
        } else {
            (
                self.client.http_first_on_slow,
                "0x20 \"on slow networks, connect using HTTP first\"",
            )
        };
        Choice {
            oa,
            fast,
            pushed,
            flag,
            flag_name,
        }
    }

    /// HTTP first, when the client has Outlook Anywhere and its flag is set
    /// or the CAS pushes it: the HTTPS transport's outcome; None for TCP first.
    fn http_first(&mut self, ctx: &Context<'a>, choice: &Choice<'a>) -> Option<Outcome> {
        let cas = choice.oa?;
        if !(choice.flag || choice.pushed) {
            return None;
        }
        let detail = if choice.flag {
            [
                "HTTP first: profile flag ",
                choice.flag_name,
                " is set (",
                &num(self.client.link_kbps.into()),
                " kbit/s link)",
            ]
            .concat()
        } else {
            [
                "HTTP first: ",
                &cas.name,
                " pushes ServerExclusiveConnect (inferred to set HTTP first)",
            ]
            .concat()
        };
        self.info(
            StepKind::TransportChoice,
            detail,
            smallvec::smallvec![self.client_id.clone(), self.memo.id(&cas.id)],
            "§4, §8 step 2",
        );
        Some(self.https(ctx, Outcome::RpcHttp))
    }

    /// The home server gave no address (`answer`): straight to HTTPS with
    /// Outlook Anywhere (`oa`), else the connection fails.
    fn home_unresolved(
        &mut self,
        ctx: &Context<'a>,
        home: &str,
        answer: &Answer,
        res: &Resolved,
        oa: Option<&'a CasServer>,
    ) -> Outcome {
        let answer = match answer {
            Answer::Addresses { .. } if self.client.ip_stack == IpStack::Ipv6Only => {
                "A records only, which an IPv6-only client cannot use"
            }
            Answer::Addresses { .. } => "AAAA records only, which an IPv4-only client does not use",
            Answer::Timeout => "no DNS answer",
            Answer::NoData => "no address record",
            Answer::CnameLoop => "CNAME loop",
            _ => "NXDOMAIN",
        };
        if oa.is_some() {
            self.info(
                StepKind::TransportChoice,
                [
                    home,
                    " does not resolve (",
                    answer,
                    "): Outlook skips RPC/TCP and goes straight to HTTPS",
                ]
                .concat(),
                // The records that answered, without the view the DNS step names first.
                res.step_evidence[1..].iter().cloned().collect(),
                "§4 (NXDOMAIN case), §8 step 3",
            );
            return self.https(ctx, Outcome::RpcHttp);
        }
        Outcome::Failed {
            cause: Cause::HomeServerUnresolved {
                name: home.to_string(),
                answer: answer.into(),
            },
        }
    }

    /// The transport choice's step when RPC/TCP goes first.
    fn tcp_first(&mut self, choice: &Choice<'a>) {
        self.info(
            StepKind::TransportChoice,
            [
                "TCP first: flag ",
                choice.flag_name,
                if choice.flag {
                    " is set on this "
                } else {
                    " is not set on this "
                },
                if choice.fast { "fast" } else { "slow" },
                " link (",
                &num(self.client.link_kbps.into()),
                " kbit/s)",
            ]
            .concat(),
            smallvec::smallvec![self.client_id.clone()],
            "§4, §8 step 2",
        );
    }

    /// RPC/TCP to the home server's `addresses`; when every attempt fails,
    /// the fallback to HTTPS via `oa` (§8 steps 4–5), or the failure.
    fn rpc_tcp_or_fallback(
        &mut self,
        ctx: &Context<'a>,
        targets: &[Target],
        oa: Option<&'a CasServer>,
    ) -> Outcome {
        let last_failure = match self.bind_attempts(ctx, targets) {
            Ok(()) => return Outcome::RpcTcp,
            Err(why) => why,
        };
        match oa {
            Some(cas) => {
                self.info(
                    StepKind::Fallback,
                    [
                        "RPC/TCP failed after ",
                        &format_ms(self.now.ms()),
                        " (",
                        &last_failure,
                        "); falling back to RPC over HTTP via ",
                        &cas.name,
                        ". The wait repeats at every start, resume and reconnect",
                    ]
                    .concat(),
                    self.ev(&[&cas.id]),
                    "§8 steps 4–5",
                );
                self.https(ctx, Outcome::RpcHttp)
            }
            None => Outcome::Failed {
                cause: Cause::RpcTcpFailed {
                    detail: last_failure,
                },
            },
        }
    }

    /// §8 step 4: k serial bind attempts, each over every A record, until
    /// one opens the mailbox; Err with the last failure when none did.
    fn bind_attempts(&mut self, ctx: &Context<'a>, targets: &[Target]) -> Result<(), String> {
        let mut last_failure = String::new();
        let k = (ctx.point.get(Param::BindAttempts) as u8).max(1);
        let first = self.steps.len();
        for attempt in 1..=k {
            for &ip in targets {
                match self.rpc_tcp(ctx, ip, attempt, k, ctx.db) {
                    Ok(()) => return Ok(()),
                    Err(why) => last_failure = why,
                }
            }
        }
        // Every attempt failed: each further one would cost its connects again.
        self.touch(Param::BindAttempts);
        self.cycles = Some((first, self.steps.len()));
        Err(last_failure)
    }

    /// A DNS lookup step: one RTT for an answer, 10 s for silence (§5, §8 step 1).
    fn dns(&mut self, ctx: &Context<'a>, name: &str, source: &'static str) -> Rc<Resolved> {
        let res = self.memo.resolved(self.world, &self.client.dns_view, name);
        self.price = if res.answer == Answer::Timeout {
            Price::Fixed
        } else {
            Price::Rtt
        };
        let (dur, outcome) = match res.answer {
            Answer::Timeout => (SimDuration(DNS_TIMEOUT_MS), StepOutcome::Failed),
            Answer::Addresses { .. } => (ctx.rtt, StepOutcome::Ok),
            // A clean "does not exist" is an answer (often the desired one, §4).
            Answer::NxDomain | Answer::NoData => (ctx.rtt, StepOutcome::Info),
            _ => (ctx.rtt, StepOutcome::Failed),
        };
        let source = if res.answer == Answer::Timeout {
            "§5"
        } else {
            source
        };
        self.step(
            StepKind::DnsLookup,
            outcome,
            dur,
            res.detail.to_string(),
            res.step_evidence.clone(),
            source,
        );
        res
    }

    /// A TCP connect step timed by the OS preset (§3). Returns whether it opened.
    fn tcp(
        &mut self,
        ctx: &Context<'a>,
        ip: Target,
        ports: PortRange,
        purpose: &str,
    ) -> Result<(), String> {
        let v = self.verdict(ctx, ip, ports);
        match v.fate {
            Fate::Rst => self.touch(Param::RstFail),
            Fate::Icmp => self.touch(Param::IcmpAborts),
            _ => {}
        }
        let knobs = super::tcp::Knobs {
            rst_fail_ms: ctx.point.get(Param::RstFail) as u32,
            icmp_aborts_connect: ctx.point.get(Param::IcmpAborts) != 0,
        };
        let t = self.memo.timing(ctx.os, v.fate, ctx.rtt, knobs);
        let ok = t.established;
        let mut detail = String::with_capacity(64 + v.why.len() + t.text.len());
        detail.push_str("TCP ");
        if ports.from == ports.to {
            ip.push_endpoint(&mut detail, v.port);
        } else {
            ip.push_addr(&mut detail);
            detail.push(':');
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
        let os_id = self.os_id.get_or_insert_with(|| self.memo.id(&ctx.os.id));
        evidence.push(Rc::clone(os_id));
        let source = match v.fate {
            Fate::Open => "§8 (one RTT)",
            Fate::Rst => "§3 (RST), C14",
            Fate::Icmp => "§3 (ICMP), §8 step 4",
            Fate::Drop | Fate::NoRoute => "§3 (DROP), C15",
        };
        self.price = Price::Connect(v.fate);
        self.step(
            StepKind::TcpConnect,
            if ok {
                StepOutcome::Ok
            } else {
                StepOutcome::Failed
            },
            SimDuration(t.duration_ms),
            detail,
            evidence,
            source,
        );
        if ok {
            Ok(())
        } else {
            let mut why = String::with_capacity(48);
            ip.push_endpoint(&mut why, v.port);
            why.push(' ');
            why.push_str(v.fate.label());
            Err(why)
        }
    }

    /// One RPC/TCP attempt against one address: EPM on 135, then the RPC ports.
    fn rpc_tcp(
        &mut self,
        ctx: &Context<'a>,
        ip: Target,
        attempt: u8,
        k: u8,
        db: &MailboxDatabase,
    ) -> Result<(), String> {
        let purpose = if k > 1 {
            format!("endpoint mapper, attempt {attempt} of {k}")
        } else {
            "endpoint mapper".into()
        };
        self.tcp(ctx, ip, PortRange::single(EPM_PORT), &purpose)?;
        let ports = self.rpc_ports_behind(ip, ctx.zone);
        self.price = Price::Rtt;
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
            let purpose = if range == DYNAMIC_RPC_RANGE {
                "dynamic RPC port"
            } else {
                "RPC port"
            };
            self.tcp(ctx, ip, range, purpose)?;
        }
        self.price = Price::Rtt;
        self.step(
            StepKind::RpcBind,
            StepOutcome::Ok,
            ctx.rtt,
            {
                let mut d = String::from("RPC bind to EMSMDB and NSPI on ");
                ip.push_addr(&mut d);
                d.push_str(": mailbox open over RPC/TCP");
                d
            },
            smallvec::smallvec![self.db_id(db)],
            "§2 step 3, §8 (internal client)",
        );
        Ok(())
    }

    /// The RPC ports the endpoint mapper at `ip` hands out: those of the CAS
    /// (or array member, or mailbox server) that answered.
    fn rpc_ports_behind(&self, ip: Target, zone: &NetworkZone) -> PortList {
        use crate::world::Host;
        let ip = match ip {
            Target::V4(ip) => ip,
            // From inside an IPv6 address reaches the A record's host (§10 ipv6 4).
            Target::V6 { via: Some(v4), .. } if zone.is_inside() => v4,
            Target::V6 { .. } => return RpcPorts::default().needed(),
        };
        let mut addr = ip;
        if !zone.is_inside() || self.world.scenario.perimeter.hairpin_nat {
            if let Some(t) = self
                .world
                .rules_to(ip)
                .iter()
                .find(|r| r.ports.contains(EPM_PORT))
                .and_then(|r| r.translate_to)
            {
                addr = t;
            }
        }
        let rpc = match self.world.hosts.get(&addr) {
            Some(Host::Vip { array, .. }) => {
                super::path::serving_member(self.world, array).map(|c| c.rpc_ports)
            }
            Some(Host::Cas(c)) => Some(c.rpc_ports),
            Some(Host::Mailbox(m)) => Some(m.rpc_ports),
            Some(Host::Web(_)) | None => None,
        };
        rpc.unwrap_or_default().needed()
    }

    /// No HTTPS path for the client in its mailbox's site: the failed step
    /// saying why, and the failure with that `detail` as its cause.
    fn no_https(
        &mut self,
        ctx: &Context<'a>,
        detail: String,
        source: &'static str,
        cause: impl FnOnce(String) -> Cause,
    ) -> Outcome {
        self.step(
            StepKind::Fallback,
            StepOutcome::Failed,
            SimDuration(0),
            detail.clone(),
            self.ev(&[&ctx.site.id]),
            source,
        );
        Outcome::Failed {
            cause: cause(detail),
        }
    }

    /// The Client Access server an open HTTPS connection to `ip` ends at
    /// (through the perimeter's NAT and a VIP): None when the host is not a
    /// CAS of the design; the failure, with its step, when that server is
    /// too old for the mailbox (§10 serve 4).
    fn reached(
        &mut self,
        ctx: &Context<'a>,
        ip: Target,
        host: &str,
    ) -> Result<Option<&'a CasServer>, Outcome> {
        use crate::world::Host;
        let v4 = match ip {
            Target::V4(ip) => ip,
            Target::V6 { via: Some(v4), .. } if ctx.zone.is_inside() => v4,
            Target::V6 { .. } => return Ok(None),
        };
        let at = super::path::destination(self.world, ctx.zone, v4, HTTPS_PORT);
        let cas: &'a CasServer = match self.world.hosts.get(&at) {
            Some(Host::Cas(c)) => c,
            Some(Host::Vip { array, .. }) => match super::path::serving_member(self.world, array) {
                Some(c) => c,
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        let mailbox = ctx.db.exchange_version;
        if cas.exchange_version.serves(mailbox) {
            return Ok(Some(cas));
        }
        let detail = [
            host,
            " reaches ",
            &cas.name,
            " (",
            cas.exchange_version.label(),
            "), which cannot serve a mailbox on ",
            mailbox.label(),
            ": a Client Access server serves its own version and proxies down, never up. Point ",
            host,
            " at a newer server",
        ]
        .concat();
        self.step(
            StepKind::TlsAuth,
            StepOutcome::Failed,
            SimDuration(0),
            detail.clone(),
            self.ev(&[&cas.id, &ctx.db.id]),
            "§10 serve 4",
        );
        Err(Outcome::Failed {
            cause: Cause::CannotServe { detail },
        })
    }

    /// A server newer than the mailbox takes the session and proxies it
    /// down (§10 serve 1, §11 coexist 4): to a 2010 mailbox through a 2010
    /// Client Access server of its site with Outlook Anywhere, whose IIS
    /// methods must let the proxy's NTLM in (§11 coexist 5); to a newer
    /// mailbox through its own server's back end. None when the session
    /// goes on; the failure, with its step, when the proxy cannot.
    fn proxy(&mut self, ctx: &Context<'a>, serving: &'a CasServer) -> Option<Outcome> {
        let mailbox = ctx.db.exchange_version;
        if serving.exchange_version.behaves_as() <= mailbox.behaves_as() {
            return None;
        }
        let head = [
            &serving.name,
            " (",
            serving.exchange_version.label(),
            ") takes the HTTPS session and proxies it down to the ",
            mailbox.label(),
            " mailbox",
        ]
        .concat();
        if !mailbox.has_rpc_tcp() {
            self.info(
                StepKind::TransportChoice,
                head,
                smallvec::smallvec![self.memo.id(&serving.id), self.db_id(ctx.db)],
                "§10 serve 1",
            );
            return None;
        }
        let Some(target) = super::protocol::proxy_target(ctx.site, mailbox) else {
            let detail = [
                &head,
                ", but no ",
                mailbox.label(),
                " Client Access server in site ",
                &ctx.site.name,
                " has Outlook Anywhere, the virtual directory the proxy goes to",
            ]
            .concat();
            self.step(
                StepKind::TlsAuth,
                StepOutcome::Failed,
                SimDuration(0),
                detail.clone(),
                self.ev(&[&serving.id, &ctx.site.id]),
                "§11 coexist 4",
            );
            return Some(Outcome::Failed {
                cause: Cause::CannotServe { detail },
            });
        };
        let text = [
            &head,
            ": proxied through ",
            &target.name,
            " (",
            target.exchange_version.label(),
            ") with NTLM",
        ]
        .concat();
        let evidence = smallvec::smallvec![
            self.memo.id(&serving.id),
            self.memo.id(&target.id),
            self.db_id(ctx.db)
        ];
        let Some(why) = target.proxy_auth_problem() else {
            self.info(
                StepKind::TransportChoice,
                text,
                evidence,
                "§10 serve 1, §11 coexist 4",
            );
            return None;
        };
        let detail = [&text, " fails: ", &why].concat();
        self.step(
            StepKind::TlsAuth,
            StepOutcome::Failed,
            SimDuration(0),
            detail.clone(),
            evidence,
            "§11 coexist 5",
        );
        Some(Outcome::Failed {
            cause: Cause::ProxyPrompts { detail },
        })
    }

    /// What a SYN to `ip` meets (§10 ipv6 4 for IPv6).
    fn verdict(
        &self,
        ctx: &Context<'a>,
        ip: Target,
        ports: PortRange,
    ) -> Rc<super::path::PathVerdict> {
        match ip {
            Target::V4(ip) => self.memo.verdict(self.world, ctx.zone, ip, ports),
            Target::V6 { ip, via } => self.memo.verdict_v6(self.world, ctx.zone, ip, via, ports),
        }
    }

    /// The addresses of `answer` this client connects to, in the order it
    /// tries them (§10 ipv6 2–3): its stack's families; a dual-stack client
    /// IPv6 first or IPv4 first (parameter `ipv6_first`), or, when IPv6
    /// and IPv4 race (`dual_stack_race`), the family whose first connect
    /// to `ports` opens first. Each address is a connect of its own (§8 step 4).
    fn targets(&mut self, ctx: &Context<'a>, answer: &Answer, ports: PortRange) -> Vec<Target> {
        let stack = self.client.ip_stack;
        let via = answer.addresses().first().copied();
        let v4: Vec<Target> = if stack.uses_v4() {
            answer.addresses().iter().map(|&a| Target::V4(a)).collect()
        } else {
            Vec::new()
        };
        let v6: Vec<Target> = if stack.uses_v6() {
            answer
                .addresses_v6()
                .iter()
                .map(|&ip| Target::V6 { ip, via })
                .collect()
        } else {
            Vec::new()
        };
        if v4.is_empty() || v6.is_empty() {
            return if v4.is_empty() { v6 } else { v4 };
        }
        self.touch(Param::Ipv6First);
        self.touch(Param::DualStackRace);
        let race = ctx.point.get(Param::DualStackRace) != 0;
        let opens = |t: Target| self.verdict(ctx, t, ports).fate.is_open();
        let (v6_first, why) = if race && opens(v4[0]) != opens(v6[0]) {
            (
                opens(v6[0]),
                "IPv6 and IPv4 connects race and the one that opens wins (§10 parameter dual_stack_race)",
            )
        } else if ctx.point.get(Param::Ipv6First) != 0 {
            (true, "IPv6 addresses first (§10 parameter ipv6_first)")
        } else {
            (false, "IPv4 addresses first (§10 parameter ipv6_first)")
        };
        self.info(
            StepKind::TransportChoice,
            [
                "Dual stack: ",
                &num(v6.len() as u64),
                " IPv6 and ",
                &num(v4.len() as u64),
                " IPv4 address(es); ",
                why,
            ]
            .concat(),
            smallvec::smallvec![self.client_id.clone()],
            "§10 ipv6 3",
        );
        let (first, second) = if v6_first { (v6, v4) } else { (v4, v6) };
        first.into_iter().chain(second).collect()
    }

    fn oa_available(&self, ctx: &Context<'a>) -> Option<&'a CasServer> {
        oa_server(self.client, ctx.site, ctx.db.exchange_version)
    }

    /// An HTTPS transport: resolve the Outlook Anywhere host, TCP 443, TLS and
    /// authentication (§8 step 3; `oa_setup` capped at 45 s, §4).
    fn https(&mut self, ctx: &Context<'a>, transport: Outcome) -> Outcome {
        let Some(cas) = self.oa_available(ctx) else {
            let version = ctx.db.exchange_version;
            // Servers with Outlook Anywhere that are too old for the mailbox.
            let too_old = match super::protocol::serving_cas(ctx.site, version) {
                Err(cannot) if !cannot.is_empty() => Some(cannot),
                _ => None,
            };
            if let Some(cannot) = too_old.filter(|_| self.client.outlook_anywhere) {
                let detail = super::protocol::too_old(ctx.site, version, &cannot);
                return self.no_https(ctx, detail, "§10 serve 4", |detail| Cause::CannotServe {
                    detail,
                });
            }
            let serveable = super::protocol::serving_cas(ctx.site, version).is_ok();
            if !self.client.outlook_anywhere && !version.has_rpc_tcp() && serveable {
                let detail = [
                    "the profile of ",
                    &self.client.name,
                    " is RPC/TCP-only and its mailbox, on ",
                    version.label(),
                    ", has no RPC/TCP: \"An automatic switch in protocol to RPC-over-HTTP does not occur\"; Outlook asks to restart, and asks again. Give the profile Outlook Anywhere (Autodiscover or a new profile) before the move",
                ]
                .concat();
                return self.no_https(ctx, detail, "§11 coexist 6", |detail| Cause::RestartLoop {
                    detail,
                });
            }
            let detail = if self.client.outlook_anywhere {
                format!(
                    "no CAS in site {} has Outlook Anywhere enabled, so there is no HTTPS path",
                    ctx.site.name
                )
            } else {
                format!(
                    "the profile of {} has no Outlook Anywhere settings, so there is no HTTPS path",
                    self.client.name
                )
            };
            return self.no_https(ctx, detail, "§4", |detail| Cause::NoOutlookAnywhere {
                detail,
            });
        };
        let oa = &cas.outlook_anywhere;
        let host: &'a str = oa.host_for(ctx.zone.is_inside());
        let res = self.dns(ctx, host, "§8 step 3");
        let targets = self.targets(ctx, &res.answer, PortRange::single(HTTPS_PORT));
        if targets.is_empty() {
            let answer = res.summary();
            return Outcome::Failed {
                cause: Cause::HttpsHostUnresolved {
                    name: host.to_string(),
                    answer,
                },
            };
        }
        let mut last = String::new();
        for ip in targets {
            match self.tcp(ctx, ip, PortRange::single(HTTPS_PORT), "HTTPS") {
                Ok(()) => {
                    let serving = match self.reached(ctx, ip, host) {
                        Ok(reached) => reached.unwrap_or(cas),
                        Err(outcome) => return outcome,
                    };
                    if let Some(outcome) = self.proxy(ctx, serving) {
                        return outcome;
                    }
                    self.touch(Param::OaSetup);
                    let setup = ctx.point.get(Param::OaSetup).min(RPC_HTTP_TIMEOUT_MS);
                    self.price = Price::OaSetup;
                    let name = if transport == Outcome::MapiHttp {
                        "MAPI/HTTP"
                    } else {
                        "RPC/HTTP"
                    };
                    self.step(
                        StepKind::TlsAuth,
                        StepOutcome::Ok,
                        SimDuration(setup),
                        [
                            "TLS and ",
                            oa.auth.label(),
                            " authentication to ",
                            host,
                            ": mailbox open over ",
                            name,
                        ]
                        .concat(),
                        smallvec::smallvec![self.memo.id(&cas.id), self.client_id.clone()],
                        "§8 step 3 (oa_setup), §4 (45 s cap)",
                    );
                    return transport;
                }
                Err(why) => last = why,
            }
        }
        Outcome::Failed {
            cause: Cause::HttpsUnreachable {
                name: host.to_string(),
                detail: last,
            },
        }
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
            self.step(
                StepKind::PublicFolders,
                StepOutcome::Failed,
                SimDuration(0),
                detail.clone(),
                self.ev(&[&ctx.db.id]),
                "seed point 3",
            );
            return Some(PublicFolderResult {
                connected: false,
                detail,
            });
        };
        let Some((_, server)) = self.world.mailbox_servers.get(pf.server.as_str()).copied() else {
            let detail = format!(
                "the server of public-folder database {} is not in the design",
                pf.name
            );
            self.step(
                StepKind::PublicFolders,
                StepOutcome::Failed,
                SimDuration(0),
                detail.clone(),
                self.ev(&[&pf.id]),
                "seed point 3",
            );
            return Some(PublicFolderResult {
                connected: false,
                detail,
            });
        };
        if *transport != Outcome::RpcTcp {
            let detail = [
                "Public folders on ",
                &server.name,
                " are reached through the HTTPS session's RPC proxy",
            ]
            .concat();
            self.info(
                StepKind::PublicFolders,
                detail.clone(),
                self.ev(&[&pf.id, &server.id]),
                "§1 (public folders)",
            );
            return Some(PublicFolderResult {
                connected: true,
                detail,
            });
        }
        self.info(
            StepKind::PublicFolders,
            [
                "Public folders: Outlook connects straight to mailbox server ",
                &server.name,
                " (",
                &server.fqdn,
                ")",
            ]
            .concat(),
            self.ev(&[&pf.id, &server.id]),
            "seed point 3, §1",
        );
        let res = self.dns(&ctx, &server.fqdn, "seed point 3");
        let Some(&ip) = res.answer.addresses().first() else {
            let detail = format!(
                "{} does not resolve for this client: {}",
                server.fqdn,
                res.summary()
            );
            return Some(PublicFolderResult {
                connected: false,
                detail,
            });
        };
        let ip = Target::V4(ip);
        let connected = self
            .tcp(&ctx, ip, PortRange::single(EPM_PORT), "endpoint mapper")
            .and_then(|()| {
                for range in server.rpc_ports.needed() {
                    self.tcp(&ctx, ip, range, "public-folder RPC port")?;
                }
                Ok(())
            });
        Some(match connected {
            Ok(()) => PublicFolderResult {
                connected: true,
                detail: ["public folders open on ", &server.name].concat(),
            },
            Err(why) => PublicFolderResult {
                connected: false,
                detail: ["public folders unavailable: ", &why].concat(),
            },
        })
    }
}

/// The CAS that serves Outlook Anywhere for a client whose mailbox is in
/// `site` on `version`: the first CAS with it enabled there that can serve
/// that version (§10 serve 1, serve 4), if the profile has it (§4, §6).
pub(crate) fn oa_server<'a>(
    client: &Client,
    site: &'a Site,
    version: ExchangeVersion,
) -> Option<&'a CasServer> {
    if !client.outlook_anywhere {
        return None;
    }
    super::protocol::serving_cas(site, version).ok()
}
