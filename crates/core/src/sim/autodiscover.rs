//! Outlook's Autodiscover run (§6), the start of its path: each method in
//! the order the client's Outlook version tries it, each priced step by
//! step (DNS, TCP to each address, TLS with the certificate check, the
//! request, redirects, prompts), and the two waits a user meets: profile
//! setup (the run, then the first connection) and each start.
//!
//! One run is a pure function of the design and the parameters' values
//! (`Point`); its range is found by running it again at the corners of the
//! parameters it touched (every duration grows with each numeric parameter
//! but ICMP's abort, so the extremes sit at two opposite corners, searched
//! for each value of the yes/no parameters it read).

use super::memo::{Memo, ScpList, ScpUrl, ScpUrls};
use super::report::*;
use super::tcp::{Fate, Knobs};
use super::time::{format_ms, SimDuration};
use super::DNS_TIMEOUT_MS;
use crate::dns::{resolve_srv, Answer};
use crate::model::*;
use crate::rules::AdUrl;
use crate::world::{Host, World};
use std::net::Ipv4Addr;
use std::rc::Rc;

/// Adds a step to a run (`Run::push_step`). Its words (target, detail,
/// evidence) are written only by a run that keeps them: the runs `ranged`
/// makes at the other values of the yes/no parameters are only priced, and
/// building their texts was most of the simulation's time.
macro_rules! step {
    ($run:ident, $method:expr, $target:expr, $outcome:expr, $cost:expr, $detail:expr, $evidence:expr, $source:expr $(,)?) => {{
        let cost: Cost = $cost;
        let words = if $run.words {
            Some(StepWords {
                method: $method,
                target: ($target).into(),
                outcome: $outcome,
                detail: ($detail).into(),
                evidence: $evidence,
                source: $source,
            })
        } else {
            None
        };
        $run.push_step(cost, words);
    }};
}

/// Redirects one run follows; the 11th fails the method (§6 https 5).
pub const MAX_REDIRECTS: u32 = 10;

/// The dialog of a name mismatch, as KB 2783881 quotes it (§6 https 3).
pub const CERTIFICATE_PROMPT: &str = "The name on the security certificate is invalid or does not match the name of the site. Do you want to proceed?";

/// The sources of the steps other modules recognise (the advisor finds a
/// run's prompts and its ranked SCP list by them): one home for each.
pub const CERTIFICATE_PROMPT_SOURCE: &str = "§6 https 3, cost 6";
pub const REDIRECT_PROMPT_SOURCE: &str = "§6 https 4, cost 6";
pub const SCP_LIST_SOURCE: &str = "§6 scp 4, scp 6";

/// The parameters a run reads, for its range (§6 "Parameters no source
/// gives", and the connection's own spans).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum P {
    Rtt,
    OaSetup,
    RstFail,
    IcmpAborts,
    ScpNoDc,
    HttpTimeout,
    PromptAnswer,
    SrvPrompts,
    Parallel2016,
    CachedFirst,
    StartWaits,
}

const ALL: [P; 11] = [
    P::Rtt,
    P::OaSetup,
    P::RstFail,
    P::IcmpAborts,
    P::ScpNoDc,
    P::HttpTimeout,
    P::PromptAnswer,
    P::SrvPrompts,
    P::Parallel2016,
    P::CachedFirst,
    P::StartWaits,
];

impl P {
    fn bit(self) -> u16 {
        1 << self as u16
    }
    /// One of §6's parameters, not one the connection shares.
    fn own(self) -> bool {
        !matches!(self, P::Rtt | P::OaSetup | P::RstFail | P::IcmpAborts)
    }
    fn yes_no(self) -> bool {
        matches!(
            self,
            P::IcmpAborts | P::SrvPrompts | P::Parallel2016 | P::CachedFirst | P::StartWaits
        )
    }
    /// The field of `Ranges` holding its span.
    fn key(self, remote: bool) -> &'static str {
        match self {
            P::Rtt if remote => "remote_rtt_ms",
            P::Rtt => "site_rtt_ms",
            P::OaSetup => "oa_setup_ms",
            P::RstFail => "rst_fail_ms",
            P::IcmpAborts => "icmp_aborts_connect",
            P::ScpNoDc => "scp_no_dc_ms",
            P::HttpTimeout => "autodiscover_http_timeout_ms",
            P::PromptAnswer => "prompt_answer_ms",
            P::SrvPrompts => "srv_prompts",
            P::Parallel2016 => "outlook2016_parallel_chase",
            P::CachedFirst => "cached_url_first",
            P::StartWaits => "start_waits_for_autodiscover",
        }
    }
    fn label(self) -> &'static str {
        match self {
            P::Rtt => "the round-trip time",
            P::OaSetup => "the TLS and authentication time",
            P::RstFail => "the time Windows takes to fail after a RST",
            P::IcmpAborts => "whether ICMP unreachable aborts a connect",
            P::ScpNoDc => "the SCP lookup without a domain controller",
            P::HttpTimeout => "how long Outlook waits for a silent server",
            P::PromptAnswer => "how long the user takes to answer a prompt",
            P::SrvPrompts => "whether an SRV target raises a prompt",
            P::Parallel2016 => "whether Outlook 2016 chases DNS alongside the SCP",
            P::CachedFirst => "where the cached URL is tried",
            P::StartWaits => "whether the start waits for Autodiscover",
        }
    }
    fn source(self) -> &'static str {
        match self {
            P::Rtt => "not sourced, §8",
            P::OaSetup => "not sourced, §6 cost 3",
            P::RstFail => "one measurement, §3 C14",
            P::IcmpAborts => "undocumented, §3",
            P::ScpNoDc => "not sourced, §6 cost 5",
            P::HttpTimeout => "undocumented, §6 cost 4",
            P::PromptAnswer => "not measured, §6 cost 6",
            P::SrvPrompts => "unverified, §6 https 6",
            P::Parallel2016 => "unverified, §6 step 6",
            P::CachedFirst => "sources disagree, §6 step 4",
            P::StartWaits => "undocumented, §6 run 5",
        }
    }
    fn span(self, r: &Ranges, remote: bool) -> Span<u64> {
        let wide = |s: Span<u32>| Span::new(u64::from(s.min), u64::from(s.max));
        let flag = |s: Span<bool>| Span::new(u64::from(s.min), u64::from(s.max));
        match self {
            P::Rtt if remote => wide(r.remote_rtt_ms),
            P::Rtt => wide(r.site_rtt_ms),
            P::OaSetup => wide(r.oa_setup_ms),
            P::RstFail => wide(r.rst_fail_ms),
            P::IcmpAborts => flag(r.icmp_aborts_connect),
            P::ScpNoDc => wide(r.scp_no_dc_ms),
            P::HttpTimeout => wide(r.autodiscover_http_timeout_ms),
            P::PromptAnswer => wide(r.prompt_answer_ms),
            P::SrvPrompts => flag(r.srv_prompts),
            P::Parallel2016 => flag(r.outlook2016_parallel_chase),
            P::CachedFirst => flag(r.cached_url_first),
            P::StartWaits => flag(r.start_waits_for_autodiscover),
        }
    }
}

/// One value per parameter (yes/no as 0 and 1), indexed by `P`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Point([u64; 11]);

impl Point {
    /// The design's own values for this client (§6 parameter defaults).
    fn nominal(c: &Client, os: &OsTimingPreset, zone: &NetworkZone) -> Point {
        Point([
            zone.rtt(),
            c.oa_setup_ms.into(),
            os.rst_fail_ms.into(),
            os.icmp_aborts_connect.into(),
            DEFAULT_SCP_NO_DC_MS.into(),
            DEFAULT_AUTODISCOVER_HTTP_TIMEOUT_MS.into(),
            DEFAULT_PROMPT_ANSWER_MS.into(),
            DEFAULT_SRV_PROMPTS.into(),
            DEFAULT_OUTLOOK2016_PARALLEL_CHASE.into(),
            DEFAULT_CACHED_URL_FIRST.into(),
            DEFAULT_START_WAITS_FOR_AUTODISCOVER.into(),
        ])
    }
    fn get(&self, p: P) -> u64 {
        self.0[p as usize]
    }
    fn yes(&self, p: P) -> bool {
        self.get(p) != 0
    }
    fn with(mut self, p: P, v: u64) -> Point {
        self.0[p as usize] = v;
        self
    }
}

/// Which run: profile creation has no cached URL (§6 step 4).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind<'u> {
    Profile,
    Start { cached: Option<&'u str> },
}

/// What a method found.
#[derive(Debug, Clone)]
struct Found {
    method: Method,
    url: String,
    misroute: bool,
}

/// The client's context, looked up once.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    client: &'a Client,
    zone: &'a NetworkZone,
    os: &'a OsTimingPreset,
    /// The AD site the computer is in, if any (§6 scp 4).
    ad_site: Option<&'a Site>,
    domain: &'a str,
}

/// One run in progress.
struct Run<'w, 'a> {
    world: &'w World<'a>,
    memo: &'w Memo,
    ctx: Ctx<'a>,
    p: Point,
    now: u64,
    /// Whether the run writes its steps' and prompts' words (the design's
    /// run does; the runs only priced do not).
    words: bool,
    steps: Vec<AdStep>,
    /// Every step's price, lane and duration, words or not (`priced`).
    prices: Vec<StepPrice>,
    prompts: Vec<Prompt>,
    touched: u16,
    redirects: u32,
    found: Option<Found>,
    /// The lane of the steps being added (see `AdStep::lane`).
    lane: u8,
    /// Outlook 2013's side-by-side SCP and chase ran; whether the SCP answered.
    parallel: Option<bool>,
}

/// A client's Autodiscover runs and predictions; None when the client's
/// zone or timing preset is not in the design (the connection says so).
pub(super) fn predict(
    world: &World<'_>,
    memo: &Memo,
    client: &Client,
    connection: &ClientResult,
) -> Option<Box<AutodiscoverResult>> {
    let ctx = context(world, client)?;
    let ranges = &world.scenario.ranges;
    let remote = ctx.zone.is_remote();
    let mut nominal = Point::nominal(client, ctx.os, ctx.zone);
    // §6's own parameters have no per-client value: the model's default,
    // moved into the design's span when the design narrows it there. The
    // connection's (the round trip, TLS, RST, ICMP) are the client's own,
    // and their span widens to hold them, as the connection's does.
    for p in ALL.into_iter().filter(|p| p.own()) {
        let s = p.span(ranges, remote);
        nominal = nominal.with(p, nominal.get(p).clamp(s.min, s.max));
    }
    let spans = ALL.map(|p| p.span(ranges, remote).with(nominal.get(p)));

    let runs = Runs {
        world,
        memo,
        ctx,
        nominal,
        spans: &spans,
    };
    let profile = ranged(&runs, Kind::Profile);
    let cached = client
        .cached_autodiscover_url
        .as_deref()
        .or(profile.run.url.as_deref().filter(|_| {
            // A file is read again where it is, and Office 365 is asked
            // again first: neither is a URL the profile caches here.
            profile
                .run
                .answered_by
                .is_some_and(|m| m != Method::LocalXml && m != Method::O365)
        }));
    let start = ranged(&runs, Kind::Start { cached });
    let connected = !matches!(connection.outcome, Outcome::Failed { .. });
    let profile_setup = profile_setup(&profile, connection, connected);
    let each_start = each_start(&start, connection, &spans, nominal);
    Some(Box::new(AutodiscoverResult {
        profile_run: profile.run,
        start_run: start.run,
        profile_setup,
        each_start,
    }))
}

fn context<'a>(world: &World<'a>, client: &'a Client) -> Option<Ctx<'a>> {
    let zone = *world.zones.get(client.location.as_str())?;
    let os = *world.presets.get(client.os_timing.as_str())?;
    let ad_site = client
        .computer_site(zone)
        .and_then(|id| world.sites.get(id).copied());
    Some(Ctx {
        client,
        zone,
        os,
        ad_site,
        domain: world.scenario.autodiscover.smtp_domain.trim(),
    })
}

/// A run with its range over the parameters it read.
struct Ranged {
    run: AutodiscoverRun,
    /// The time its prompts wait for the user: at the design's values, and
    /// the least and the most over the ranges.
    prompt_wait: u64,
    prompt_wait_span: Span<u64>,
}

/// What every run of one client shares.
struct Runs<'w, 'a> {
    world: &'w World<'a>,
    memo: &'w Memo,
    ctx: Ctx<'a>,
    nominal: Point,
    spans: &'w [Span<u64>; 11],
}

fn ranged(runs: &Runs<'_, '_>, kind: Kind<'_>) -> Ranged {
    let Runs {
        ctx,
        nominal,
        spans,
        ..
    } = *runs;
    let run = execute(runs, nominal, kind, true);
    // The yes/no parameters the runs read reshape them: one run per
    // combination. A run of another combination may read one the design's
    // run never reached (the cached URL last leads to the SCP, which asks
    // whether Outlook 2016 chases DNS alongside), so widen until none is new.
    let varies = |p: P| !spans[p as usize].is_point();
    let mut touched = run.touched;
    let (flags, shapes) = loop {
        let flags: Vec<P> = [P::SrvPrompts, P::Parallel2016, P::CachedFirst]
            .into_iter()
            .filter(|&p| touched & p.bit() != 0 && varies(p))
            .collect();
        let mut shapes: Vec<(Point, Option<Run<'_, '_>>)> = Vec::with_capacity(1 << flags.len());
        for mask in 0..1u32 << flags.len() {
            let mut point = nominal;
            for (j, &p) in flags.iter().enumerate() {
                let s = spans[p as usize];
                point = point.with(p, if mask >> j & 1 == 1 { s.max } else { s.min });
            }
            let shape = (point != nominal).then(|| execute(runs, point, kind, false));
            shapes.push((point, shape));
        }
        let all = shapes
            .iter()
            .filter_map(|(_, r)| r.as_ref())
            .fold(touched, |t, r| t | r.touched);
        if all == touched {
            break (flags, shapes);
        }
        touched = all;
    };
    // The numeric parameters at their ends; each shape priced at both.
    let (mut low, mut high) = (nominal, nominal);
    for p in ALL
        .into_iter()
        .filter(|p| !p.yes_no() || *p == P::IcmpAborts)
    {
        let s = spans[p as usize];
        let (l, h) = if p == P::IcmpAborts {
            (s.max, s.min)
        } else {
            (s.min, s.max)
        };
        low = low.with(p, l);
        high = high.with(p, h);
    }
    let price = |r: &Run<'_, '_>, p: Point| r.priced(p);
    let (mut min, mut max) = (run.now, run.now);
    let (mut wait_min, mut wait_max) = (run.prompt_wait(), run.prompt_wait());
    for (point, shape) in &shapes {
        let r = shape.as_ref().unwrap_or(&run);
        let with_flags = |mut q: Point| {
            for &p in &flags {
                q = q.with(p, point.get(p));
            }
            q
        };
        let (lo, lo_wait) = price(r, with_flags(low));
        let (hi, hi_wait) = price(r, with_flags(high));
        min = min.min(lo);
        max = max.max(hi);
        wait_min = wait_min.min(lo_wait);
        wait_max = wait_max.max(hi_wait);
    }
    let drivers = drivers(&run, &shapes, &flags, nominal, spans, ctx.zone.is_remote());
    let prompt_wait = run.prompt_wait();
    Ranged {
        run: run.finish(Span::new(min, max), drivers),
        prompt_wait,
        prompt_wait_span: Span::new(wait_min, wait_max),
    }
}

/// The parameters that move a run, with its time at each end of each one
/// alone (the others at the design's values), most first.
fn drivers(
    run: &Run<'_, '_>,
    shapes: &[(Point, Option<Run<'_, '_>>)],
    flags: &[P],
    nominal: Point,
    spans: &[Span<u64>; 11],
    remote: bool,
) -> Vec<Driver> {
    let mut out = Vec::new();
    for p in ALL {
        let s = spans[p as usize];
        if s.is_point() || p == P::StartWaits {
            continue;
        }
        let at = |v: u64| -> u64 {
            let point = nominal.with(p, v);
            if flags.contains(&p) {
                shapes
                    .iter()
                    .find(|(q, _)| *q == point)
                    .map_or(run.now, |(_, r)| r.as_ref().unwrap_or(run).priced(point).0)
            } else {
                run.priced(point).0
            }
        };
        let (a, b) = (at(s.min), at(s.max));
        let (lo, hi) = (a.min(b).min(run.now), a.max(b).max(run.now));
        if lo != hi {
            out.push(Driver {
                parameter: p.key(remote),
                label: p.label(),
                source: p.source(),
                min_ms: lo,
                max_ms: hi,
            });
        }
    }
    out.sort_by_key(|d| std::cmp::Reverse(d.max_ms - d.min_ms));
    out
}

/// Profile setup: the profile run, then the first connection (§6 run 1).
fn profile_setup(profile: &Ranged, connection: &ClientResult, connected: bool) -> Prediction {
    let run = &profile.run;
    if run.outcome == RunOutcome::Failed {
        return Prediction {
            outcome: RunOutcome::Failed,
            total_ms: run.total_ms,
            range_ms: run.range_ms,
            detail: format!(
                "No Autodiscover method answered after {}: Outlook cannot build the profile's settings (§6 step 13); a profile typed by hand is outside the model",
                format_ms(run.total_ms)
            ),
        };
    }
    let total = run.total_ms + connection.total_ms;
    let range = Span::new(
        run.range_ms.min + connection.range_ms.min,
        run.range_ms.max + connection.range_ms.max,
    );
    let mut detail = format!(
        "Autodiscover {} then the first connection {}",
        format_ms(run.total_ms),
        format_ms(connection.total_ms)
    );
    if run.misroute {
        detail.push_str(
            "; the profile is built from Office 365's answer, not the on-premises mailbox (C19)",
        );
    }
    if !connected {
        detail.push_str("; the connection fails");
    }
    Prediction {
        outcome: if connected && !run.misroute {
            RunOutcome::Ok
        } else {
            RunOutcome::Failed
        },
        total_ms: total,
        range_ms: range,
        detail,
    }
}

/// Each start: the connection, plus the start's run when the connection
/// waits for it, else the run's prompts alone (§6 run 5, parameter
/// `start_waits_for_autodiscover`).
fn each_start(
    start: &Ranged,
    connection: &ClientResult,
    spans: &[Span<u64>; 11],
    nominal: Point,
) -> Prediction {
    let run = &start.run;
    let waits = spans[P::StartWaits as usize];
    let prompts = run.prompts.len();
    let wait_nominal = if nominal.yes(P::StartWaits) {
        run.total_ms
    } else {
        start.prompt_wait
    };
    // The least and the most over the values the design allows: waiting
    // for the run, or answering its prompts alone. A run that ends with the
    // SCP's answer may leave a prompt of the chase beside it (§6 cost 8),
    // so neither bounds the other.
    let mut options: Vec<Span<u64>> = Vec::with_capacity(2);
    if waits.min == 0 {
        options.push(start.prompt_wait_span);
    }
    if waits.max == 1 {
        options.push(run.range_ms);
    }
    let extra_min = options.iter().map(|s| s.min).min().unwrap_or(0);
    let extra_max = options.iter().map(|s| s.max).max().unwrap_or(0);
    let total = connection.total_ms + wait_nominal;
    let mut detail = format!("the connection {}", format_ms(connection.total_ms));
    if nominal.yes(P::StartWaits) {
        detail.push_str(&format!(
            " after Autodiscover's {}",
            format_ms(run.total_ms)
        ));
    } else if prompts > 0 {
        detail.push_str(&format!(
            " and {prompts} prompt{} to answer",
            if prompts == 1 { "" } else { "s" }
        ));
    }
    Prediction {
        outcome: if matches!(connection.outcome, Outcome::Failed { .. }) {
            RunOutcome::Failed
        } else {
            RunOutcome::Ok
        },
        total_ms: total,
        range_ms: Span::new(
            connection.range_ms.min + extra_min,
            connection.range_ms.max + extra_max,
        ),
        detail,
    }
}

/// One run at the values of `p`; with its words, or only priced.
fn execute<'w, 'a>(runs: &Runs<'w, 'a>, p: Point, kind: Kind<'_>, words: bool) -> Run<'w, 'a> {
    let mut run = Run {
        world: runs.world,
        memo: runs.memo,
        ctx: runs.ctx,
        p,
        now: 0,
        words,
        steps: Vec::with_capacity(if words { 16 } else { 0 }),
        prices: Vec::with_capacity(16),
        prompts: Vec::new(),
        touched: 0,
        redirects: 0,
        found: None,
        lane: 0,
        parallel: None,
    };
    run.found = run.methods(kind);
    // The parallel chase of 2013 interleaves with the SCP (§6 step 6).
    run.steps.sort_by_key(|s| s.start_ms);
    run
}

/// What a local XML file holds (§6 method `local-xml`).
#[derive(Debug, PartialEq, Eq)]
pub enum LocalXml {
    /// An Autodiscover response with settings.
    Settings,
    /// A response that sends Outlook to this URL (`redirectUrl`).
    Redirect(String),
    /// Not an Autodiscover response, with why.
    Invalid(String),
}

/// Reads a local XML file as Outlook would: an `Autodiscover` document whose
/// response holds settings (`Protocol` or `Action` `settings`) or a
/// `redirectUrl` action. Never panics; a file that is not XML says where it
/// breaks. Read with `quick-xml` (already the CLIXML importer's reader).
pub fn read_local_xml(text: &str) -> LocalXml {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    let mut seen = XmlSeen::default();
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                return LocalXml::Invalid(format!(
                    "not XML: {e} (at byte {})",
                    reader.error_position()
                ))
            }
        };
        let opened = match &event {
            Event::Start(e) | Event::Empty(e) => {
                Some(String::from_utf8_lossy(e.local_name().as_ref()).into_owned())
            }
            _ => None,
        };
        if let Some(name) = opened {
            if depth == 0 && !name.eq_ignore_ascii_case("Autodiscover") {
                return LocalXml::Invalid(format!(
                    "its root element is <{name}>, not <Autodiscover>"
                ));
            }
            seen.open(name);
            if matches!(event, Event::Start(_)) {
                depth += 1;
            }
            continue;
        }
        match event {
            Event::Text(t) => {
                let value = t.decode().map(|v| v.trim().to_string()).unwrap_or_default();
                seen.text(value);
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                seen.current.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    seen.verdict()
}

/// What the local XML reader has seen so far.
#[derive(Default)]
struct XmlSeen {
    root: bool,
    current: String,
    action: Option<String>,
    redirect: Option<String>,
    protocol: bool,
    error: bool,
}

impl XmlSeen {
    fn open(&mut self, name: String) {
        self.root = true;
        self.protocol |= name.eq_ignore_ascii_case("Protocol");
        self.error |= name.eq_ignore_ascii_case("Error");
        self.current = name;
    }
    fn text(&mut self, value: String) {
        if self.current.eq_ignore_ascii_case("Action") {
            self.action = Some(value);
        } else if self.current.eq_ignore_ascii_case("RedirectUrl") {
            self.redirect = Some(value);
        }
    }
    fn verdict(self) -> LocalXml {
        if !self.root {
            return LocalXml::Invalid("it holds no <Autodiscover> element".into());
        }
        match (self.action.as_deref(), self.redirect) {
            (Some(a), Some(url)) if a.eq_ignore_ascii_case("redirectUrl") && !url.is_empty() => {
                LocalXml::Redirect(url)
            }
            (Some(a), _) if a.eq_ignore_ascii_case("settings") => LocalXml::Settings,
            _ if self.protocol => LocalXml::Settings,
            _ if self.error => LocalXml::Invalid("it is an Autodiscover error response".into()),
            _ => LocalXml::Invalid("it holds neither settings nor a redirectUrl".into()),
        }
    }
}

/// A step's duration at this run's values, and how it follows the parameters.
struct Cost(u64, AdPrice);

/// What `priced` needs of a step.
struct StepPrice {
    duration_ms: u64,
    price: AdPrice,
    lane: u8,
}

/// A step's words, for the run that keeps them (`step!`).
struct StepWords {
    method: &'static str,
    target: Rc<str>,
    outcome: StepOutcome,
    detail: Rc<str>,
    evidence: Evidence,
    source: &'static str,
}

impl Cost {
    const NONE: Cost = Cost(0, AdPrice::Fixed);
}

impl<'w, 'a> Run<'w, 'a> {
    fn touch(&mut self, p: P) {
        self.touched |= p.bit();
    }
    fn rtt(&mut self) -> u64 {
        self.touch(P::Rtt);
        self.p.get(P::Rtt)
    }
    fn excluded(&self, m: Method) -> bool {
        self.ctx.client.autodiscover_exclude.contains(&m)
    }
    fn version(&self) -> OutlookVersion {
        self.ctx.client.outlook_version
    }

    /// Adds a step, priced; with its words when the run keeps them (`step!`).
    fn push_step(&mut self, cost: Cost, words: Option<StepWords>) {
        let Cost(duration_ms, price) = cost;
        self.prices.push(StepPrice {
            duration_ms,
            price,
            lane: self.lane,
        });
        if let Some(w) = words {
            self.steps.push(AdStep {
                start_ms: self.now,
                duration_ms,
                method: w.method,
                target: w.target,
                outcome: w.outcome,
                detail: w.detail,
                evidence: w.evidence,
                source: w.source,
                price,
                lane: self.lane,
            });
        }
        self.now += duration_ms;
    }

    fn ev(&self, ids: &[&str]) -> Evidence {
        ids.iter().map(|id| self.memo.id(id)).collect()
    }

    /// The methods in the order of §6 step 1–13 for the client's version;
    /// the first answer ends the run.
    fn methods(&mut self, kind: Kind<'_>) -> Option<Found> {
        let c = self.ctx.client;
        let v = self.version();
        if v >= OutlookVersion::O2016 && c.domain_joined {
            self.upn_lookup();
        }
        if c.prefer_local_xml && c.local_xml.is_some() {
            if let found @ Some(_) = self.local_xml() {
                return found;
            }
        }
        let cached = match kind {
            Kind::Start { cached: Some(url) }
                if v >= OutlookVersion::O2010 && !self.excluded(Method::CachedUrl) =>
            {
                self.touch(P::CachedFirst);
                Some(url)
            }
            _ => None,
        };
        let first = self.p.yes(P::CachedFirst);
        if let Some(url) = cached.filter(|_| first) {
            if let found @ Some(_) = self.fetch(Method::CachedUrl, url) {
                return found;
            }
        }
        if v >= OutlookVersion::O2016
            && c.office365 != Office365::No
            && !self.excluded(Method::O365)
        {
            if let found @ Some(_) = self.o365() {
                return found;
            }
        }
        if let found @ Some(_) = self.scp_and_chase() {
            return found;
        }
        if let Some(url) = cached.filter(|_| !first) {
            return self.fetch(Method::CachedUrl, url);
        }
        None
    }

    /// Step 6 to 12: the SCP, then (or alongside it, for 2013) the DNS chase.
    fn scp_and_chase(&mut self) -> Option<Found> {
        let c = self.ctx.client;
        let v = self.version();
        let scp = c.domain_joined && !self.excluded(Method::Scp);
        let parallel = scp
            && (v == OutlookVersion::O2013 || {
                if v >= OutlookVersion::O2016 {
                    self.touch(P::Parallel2016);
                    self.p.yes(P::Parallel2016)
                } else {
                    false
                }
            });
        if !parallel {
            if scp {
                if let found @ Some(_) = self.scp() {
                    return found;
                }
            }
            return self.chase();
        }
        // §6 cost 8: both start together; the SCP's answer is preferred.
        let start = self.now;
        self.lane = 1;
        let by_scp = self.scp();
        let scp_end = self.now;
        self.now = start;
        self.lane = 2;
        let by_chase = self.chase();
        let chase_end = self.now;
        self.lane = 0;
        self.parallel = Some(by_scp.is_some());
        match by_scp {
            Some(found) => {
                self.now = scp_end;
                Some(found)
            }
            None => {
                self.now = scp_end.max(chase_end);
                by_chase
            }
        }
    }

    /// Steps 7–12: the names derived from the SMTP domain, and the local file.
    fn chase(&mut self) -> Option<Found> {
        let domain = self.ctx.domain;
        if domain.is_empty() {
            step!(
                self,
                Method::RootDomain.as_str(),
                "",
                StepOutcome::Failed,
                Cost::NONE,
                "The design has no SMTP domain, so Outlook has no name to derive (§6 method table)",
                Evidence::new(),
                "§6 method table",
            );
            return None;
        }
        let v = self.version();
        let mut order = vec![Method::RootDomain, Method::AutodiscoverDomain];
        if v >= OutlookVersion::O2010 {
            order.push(Method::LocalXml);
        }
        order.extend([Method::HttpRedirect, Method::Srv]);
        if v == OutlookVersion::O2007 {
            order.push(Method::LocalXml);
        }
        let c = self.ctx.client;
        for m in order {
            let found = match m {
                Method::LocalXml if c.local_xml.is_some() && !c.prefer_local_xml => {
                    self.local_xml()
                }
                Method::LocalXml => continue,
                _ if self.excluded(m) => continue,
                Method::RootDomain => self.fetch(m, &autodiscover_url(domain)),
                Method::AutodiscoverDomain => {
                    self.fetch(m, &autodiscover_url(&format!("autodiscover.{domain}")))
                }
                Method::HttpRedirect => self.fetch(
                    m,
                    &format!("http://autodiscover.{domain}{AUTODISCOVER_PATH}"),
                ),
                Method::Srv => self.srv(),
                _ => continue,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// One URL: its host resolved, each address tried until one opens, then
    /// the exchange there (§6 https 1).
    fn fetch(&mut self, method: Method, url: &str) -> Option<Found> {
        let parsed = match AdUrl::parse(url) {
            Ok(u) => u,
            Err(e) => {
                step!(
                    self,
                    method.as_str(),
                    url,
                    StepOutcome::Failed,
                    Cost::NONE,
                    format!("Not a URL Outlook can use: {e}"),
                    Evidence::new(),
                    "§6 https 1",
                );
                return None;
            }
        };
        let addresses = self.dns(method, parsed.host)?;
        for ip in addresses {
            if let Some(dest) = self.connect(method, ip, parsed.port) {
                return self.exchange(method, url, &parsed, dest);
            }
        }
        None
    }

    /// A name looked up for a method (§6 cost 1); its addresses, if any.
    fn dns(&mut self, method: Method, host: &str) -> Option<Vec<Ipv4Addr>> {
        let res = self
            .memo
            .resolved(self.world, &self.ctx.client.dns_view, host);
        let (cost, outcome) = match res.answer {
            Answer::Timeout => (Cost(DNS_TIMEOUT_MS, AdPrice::Fixed), StepOutcome::Failed),
            Answer::Addresses { .. } => (Cost(self.rtt(), AdPrice::Rtt(1)), StepOutcome::Ok),
            _ => (Cost(self.rtt(), AdPrice::Rtt(1)), StepOutcome::Failed),
        };
        step!(
            self,
            method.as_str(),
            host,
            outcome,
            cost,
            res.detail.clone(),
            res.step_evidence.clone(),
            if res.answer == Answer::Timeout {
                "§5, §6 cost 1"
            } else {
                "§6 cost 1"
            },
        );
        let addresses = res.answer.addresses();
        (!addresses.is_empty()).then(|| addresses.to_vec())
    }

    /// A TCP connect for a method, timed by the OS preset (§6 cost 2, §3);
    /// where it ends when it opens.
    fn connect(&mut self, method: Method, ip: Ipv4Addr, port: u16) -> Option<Ipv4Addr> {
        let zone = self.ctx.zone;
        let v = self
            .memo
            .verdict(self.world, zone, ip, PortRange::single(port));
        match v.fate {
            Fate::Rst => self.touch(P::RstFail),
            Fate::Icmp => self.touch(P::IcmpAborts),
            _ => {}
        }
        let rtt = self.rtt();
        let knobs = Knobs {
            rst_fail_ms: self.p.get(P::RstFail) as u32,
            icmp_aborts_connect: self.p.yes(P::IcmpAborts),
        };
        let t = self
            .memo
            .timing(self.ctx.os, v.fate, SimDuration(rtt), knobs);
        let source = match v.fate {
            Fate::Open => "§6 https 1",
            Fate::Rst => "§6 cost 2, §3 (RST), C14",
            Fate::Icmp => "§6 cost 2, §3 (ICMP)",
            Fate::Drop | Fate::NoRoute => "§6 cost 2, §3 (DROP), C7",
        };
        let outcome = if t.established {
            StepOutcome::Ok
        } else {
            StepOutcome::Failed
        };
        step!(
            self,
            method.as_str(),
            format!("{ip}:{port}"),
            outcome,
            Cost(t.duration_ms, AdPrice::Connect(v.fate)),
            if t.established {
                format!("TCP {ip}:{port} open: {}", v.why)
            } else {
                format!("TCP {ip}:{port} {}: {}. {}", v.fate.label(), v.why, t.text)
            },
            {
                let mut evidence = v.evidence.clone();
                evidence.push(self.memo.id(&self.ctx.os.id));
                evidence
            },
            source,
        );
        t.established
            .then(|| super::path::destination(self.world, zone, ip, port))
    }
}

impl<'w, 'a> Run<'w, 'a> {
    /// The HTTP(S) exchange at the address a connect reached: the
    /// certificate check, TLS and the request (§6 https 2–3, cost 3), then
    /// what the server there answers.
    fn exchange(
        &mut self,
        method: Method,
        url: &str,
        u: &AdUrl<'_>,
        dest: Ipv4Addr,
    ) -> Option<Found> {
        let host = self.world.hosts.get(&dest).copied();
        if u.https {
            self.tls(method, url, u, host);
        } else {
            let rtt = self.rtt();
            step!(
                self,
                method.as_str(),
                url,
                StepOutcome::Info,
                Cost(rtt, AdPrice::Rtt(1)),
                format!("HTTP GET {url}"),
                Evidence::new(),
                "§6 https 4, cost 3",
            );
        }
        match host {
            Some(Host::Cas(_) | Host::Vip { .. }) if u.https => {
                let (id, name) = exchange_server(self.world, host);
                step!(
                self,
                    method.as_str(),
                    url,
                    StepOutcome::Ok,
                    Cost::NONE,
                    format!("Exchange ({name}) answers with the mailbox's settings, Outlook Anywhere's name among them"),
                    self.ev(&[&id]),
                    "§6 method table, §6 https 1",
                );
                Some(Found {
                    method,
                    url: url.to_string(),
                    misroute: false,
                })
            }
            Some(Host::Web(h)) => self.web_answer(method, url, u, h),
            _ => {
                step!(
                    self,
                    method.as_str(),
                    url,
                    StepOutcome::Failed,
                    Cost::NONE,
                    format!("Nothing at {dest} answers Autodiscover on port {}", u.port),
                    Evidence::new(),
                    "§6 https 1",
                );
                None
            }
        }
    }

    /// TLS with the certificate check (§6 https 2–3) and the request (§6 cost 3).
    fn tls(&mut self, method: Method, url: &str, u: &AdUrl<'_>, host: Option<Host<'_>>) {
        let (names, evidence): (&[String], Evidence) = match host {
            Some(Host::Web(h)) => (&h.certificate_names, self.ev(&[&h.id])),
            Some(Host::Cas(c)) => (&c.certificate_names, self.ev(&[&c.id])),
            Some(Host::Vip { array, .. }) => match super::path::serving_member(self.world, array) {
                Some(c) => (&c.certificate_names, self.ev(&[&c.id])),
                None => (&[], Evidence::new()),
            },
            _ => (&[], Evidence::new()),
        };
        // Only clients that read a certificate change with its names (`Reads`).
        for id in &evidence {
            self.memo.read_certificate(id);
        }
        if !certificate_covers(names, u.host) {
            let words = || {
                let carries = if names.is_empty() {
                    "no names".to_string()
                } else {
                    names.iter().take(4).cloned().collect::<Vec<_>>().join(", ")
                        + if names.len() > 4 { ", …" } else { "" }
                };
                (
                    CERTIFICATE_PROMPT.to_string(),
                    format!("{} presents a certificate for {carries}, not {}: Outlook asks the user; the model takes Yes (§6 https 3)", u.host, u.host),
                )
            };
            self.prompt(
                PromptKind::Certificate,
                method,
                u.host,
                words,
                evidence.clone(),
            );
        }
        self.touch(P::OaSetup);
        let setup = self.p.get(P::OaSetup).min(super::RPC_HTTP_TIMEOUT_MS);
        step!(
            self,
            method.as_str(),
            url,
            StepOutcome::Info,
            Cost(setup, AdPrice::OaSetup),
            format!("TLS and the Autodiscover request to {}", u.host),
            evidence,
            "§6 cost 3",
        );
    }

    /// What a web host answers: a redirect, silence or nothing (§6 https 4–5, cost 4).
    fn web_answer(
        &mut self,
        method: Method,
        url: &str,
        u: &AdUrl<'_>,
        h: &WebHost,
    ) -> Option<Found> {
        let answers = if u.https { h.answers } else { h.answers_http };
        let ev = self.ev(&[&h.id]);
        if answers == WebAnswer::Hangs {
            self.touch(P::HttpTimeout);
            let wait = self.p.get(P::HttpTimeout);
            step!(
                self,
                method.as_str(),
                url,
                StepOutcome::Failed,
                Cost(wait, AdPrice::HttpTimeout),
                format!(
                    "Web host {} takes the request and never answers; Outlook gives up after {}",
                    h.name,
                    format_ms(wait)
                ),
                ev,
                "§6 cost 4",
            );
            return None;
        }
        if h.redirect_to.trim().is_empty() {
            step!(
                self,
                method.as_str(),
                url,
                StepOutcome::Failed,
                Cost::NONE,
                format!("Web host {} has no Autodiscover here (HTTP 404): the method fails and the run goes on", h.name),
                ev,
                "§6 https 3",
            );
            return None;
        }
        self.redirect(method, h.redirect_to.trim(), !u.https, &h.name, ev)
    }

    /// A 302 to `target`: counted (§6 https 5), prompted when it came over
    /// plain HTTP (§6 https 4), then followed.
    fn redirect(
        &mut self,
        method: Method,
        target: &str,
        prompts: bool,
        from: &str,
        ev: Evidence,
    ) -> Option<Found> {
        self.redirects += 1;
        if self.redirects > MAX_REDIRECTS {
            step!(
                self,
                method.as_str(),
                target,
                StepOutcome::Failed,
                Cost::NONE,
                format!("{from} redirects again: more than {MAX_REDIRECTS} redirects in this run, so Outlook stops following them"),
                ev,
                "§6 https 5",
            );
            return None;
        }
        step!(
            self,
            method.as_str(),
            target,
            StepOutcome::Info,
            Cost::NONE,
            format!(
                "{from} answers HTTP 302 to {target} (redirect {} of at most {MAX_REDIRECTS})",
                self.redirects
            ),
            ev.clone(),
            if prompts {
                "§6 https 4"
            } else {
                "§6 https 5"
            },
        );
        if prompts {
            let host = AdUrl::parse(target)
                .map(|u| u.host.to_string())
                .unwrap_or_default();
            self.redirect_prompt(method, &host, target, ev);
        }
        self.fetch(method, target)
    }

    /// The redirect dialog, unless `RedirectServers` names the host (§6 switch 4).
    fn redirect_prompt(&mut self, method: Method, host: &str, target: &str, ev: Evidence) {
        let c = self.ctx.client;
        // KB 2480582: the value name is case-sensitive in Outlook 2010 only.
        let listed = c.redirect_servers.iter().any(|s| {
            if self.version() == OutlookVersion::O2010 {
                s == host
            } else {
                s.eq_ignore_ascii_case(host)
            }
        });
        if listed {
            step!(
                self,
                method.as_str(),
                host,
                StepOutcome::Info,
                Cost::NONE,
                format!("No prompt: {host} is listed under RedirectServers"),
                self.ev(&[&c.id]),
                "§6 switch 4",
            );
            return;
        }
        let domain = self.ctx.domain;
        let words = || {
            (
                format!("Allow this website to configure user@{domain} server settings? {target}"),
                format!("Outlook asks before it follows the redirect to {host}"),
            )
        };
        self.prompt(PromptKind::Redirect, method, host, words, ev);
    }

    /// A dialog: the run waits for the user's answer (§6 cost 6). `words`
    /// gives its text and the step's detail, when the run keeps them.
    fn prompt(
        &mut self,
        kind: PromptKind,
        method: Method,
        host: &str,
        words: impl FnOnce() -> (String, String),
        ev: Evidence,
    ) {
        self.touch(P::PromptAnswer);
        let wait = self.p.get(P::PromptAnswer);
        // A run only priced counts its prompts (`priced`) without their words.
        let (text, detail) = if self.words {
            words()
        } else {
            (String::new(), String::new())
        };
        self.prompts.push(Prompt {
            kind,
            text,
            host: if self.words {
                host.to_string()
            } else {
                String::new()
            },
            method,
            at_ms: self.now,
        });
        step!(
            self,
            method.as_str(),
            host,
            StepOutcome::Info,
            Cost(wait, AdPrice::Prompt),
            detail,
            ev,
            match kind {
                PromptKind::Certificate => CERTIFICATE_PROMPT_SOURCE,
                PromptKind::Redirect => REDIRECT_PROMPT_SOURCE,
            },
        );
    }

    fn prompt_wait(&self) -> u64 {
        self.prompts.len() as u64 * self.p.get(P::PromptAnswer)
    }

    /// This run's time and prompt wait at the values `p`, its steps priced
    /// again: exact while the run keeps its shape, which only the yes/no
    /// parameters change (`ranged` runs those again).
    fn priced(&self, p: Point) -> (u64, u64) {
        let rtt = p.get(P::Rtt);
        let knobs = Knobs {
            rst_fail_ms: p.get(P::RstFail) as u32,
            icmp_aborts_connect: p.yes(P::IcmpAborts),
        };
        let mut lanes = [0u64; 3];
        for s in &self.prices {
            let ms = match s.price {
                AdPrice::Fixed => s.duration_ms,
                AdPrice::Rtt(k) => u64::from(k) * rtt,
                AdPrice::Connect(fate) => {
                    self.memo
                        .timing(self.ctx.os, fate, SimDuration(rtt), knobs)
                        .duration_ms
                }
                AdPrice::OaSetup => p.get(P::OaSetup).min(super::RPC_HTTP_TIMEOUT_MS),
                AdPrice::ScpNoDc => p.get(P::ScpNoDc),
                AdPrice::HttpTimeout => p.get(P::HttpTimeout),
                AdPrice::Prompt => p.get(P::PromptAnswer),
            };
            lanes[usize::from(s.lane).min(2)] += ms;
        }
        let side_by_side = match self.parallel {
            None => 0,
            Some(true) => lanes[1],
            Some(false) => lanes[1].max(lanes[2]),
        };
        (
            lanes[0] + side_by_side,
            self.prompts.len() as u64 * p.get(P::PromptAnswer),
        )
    }

    /// A directory query (§6 cost 5): one round trip when a DC is in reach
    /// (on a site or over VPN), the `scp_no_dc_ms` wait and a failure otherwise.
    fn directory(&mut self, method: &'static str, what: &str) -> bool {
        let zone = self.ctx.zone;
        if zone.is_inside() {
            let rtt = self.rtt();
            step!(
                self,
                method,
                "domain controller",
                StepOutcome::Ok,
                Cost(rtt, AdPrice::Rtt(1)),
                what.to_string(),
                self.ev(&[&zone.id]),
                "§6 cost 5",
            );
            return true;
        }
        self.touch(P::ScpNoDc);
        let wait = self.p.get(P::ScpNoDc);
        step!(
            self,
            method,
            "domain controller",
            StepOutcome::Failed,
            Cost(wait, AdPrice::ScpNoDc),
            format!(
                "{what}: no domain controller in reach from {} (no VPN)",
                zone.name
            ),
            self.ev(&[&zone.id]),
            "§6 cost 5",
        );
        false
    }

    /// Step 2: Outlook 2016's UPN lookup on a domain-joined computer.
    fn upn_lookup(&mut self) {
        self.directory(
            "upn-lookup",
            "UPN lookup before Autodiscover (Outlook 2016, domain-joined)",
        );
    }

    /// Step 5: Office 365 first (§6 step 5), outside the design's DNS.
    fn o365(&mut self) -> Option<Found> {
        let rtt = self.rtt();
        let m = Method::O365.as_str();
        let ev = self.ev(&[&self.ctx.client.id]);
        step!(self, m, "autodiscover-s.outlook.com", StepOutcome::Ok, Cost(2 * rtt, AdPrice::Rtt(2)),
            "Outlook judges the user an Office 365 user and asks Office 365 first: a lookup and a connect to Microsoft's endpoint, outside the design",
            ev.clone(), "§6 step 5");
        self.touch(P::OaSetup);
        let setup = self.p.get(P::OaSetup).min(super::RPC_HTTP_TIMEOUT_MS);
        step!(
            self,
            m,
            O365_AUTODISCOVER_URL,
            StepOutcome::Info,
            Cost(setup, AdPrice::OaSetup),
            "TLS and the Autodiscover request to Office 365",
            ev.clone(),
            "§6 cost 3",
        );
        if self.ctx.client.office365 == Office365::TenantAnswers {
            step!(self, m, O365_AUTODISCOVER_URL, StepOutcome::Ok, Cost::NONE,
                "Office 365 answers for the address, and Outlook takes that answer and never reaches the on-premises steps: the mailbox here is on premises (C19)",
                ev, "§6 step 5, C19");
            return Some(Found {
                method: Method::O365,
                url: O365_AUTODISCOVER_URL.to_string(),
                misroute: true,
            });
        }
        step!(
            self,
            m,
            O365_AUTODISCOVER_URL,
            StepOutcome::Failed,
            Cost::NONE,
            "Office 365 does not know the address; the run goes on (inferred)",
            ev,
            "§6 step 5",
        );
        None
    }

    /// The local XML file (steps 3, 9, 12; §6 cost 7: no time).
    fn local_xml(&mut self) -> Option<Found> {
        let xml = self.ctx.client.local_xml.as_deref()?;
        let m = Method::LocalXml.as_str();
        let ev = self.ev(&[&self.ctx.client.id]);
        match read_local_xml(xml) {
            LocalXml::Settings => {
                step!(
                    self,
                    m,
                    "local XML file",
                    StepOutcome::Ok,
                    Cost::NONE,
                    "The local XML file holds Autodiscover settings",
                    ev,
                    "§6 method `local-xml`, cost 7",
                );
                Some(Found {
                    method: Method::LocalXml,
                    url: "local XML file".to_string(),
                    misroute: false,
                })
            }
            LocalXml::Redirect(url) => {
                step!(
                    self,
                    m,
                    "local XML file",
                    StepOutcome::Info,
                    Cost::NONE,
                    format!("The local XML file redirects to {url}"),
                    ev.clone(),
                    "§6 method `local-xml`",
                );
                self.redirect(Method::LocalXml, &url, false, "The local XML file", ev)
            }
            LocalXml::Invalid(why) => {
                step!(
                    self,
                    m,
                    "local XML file",
                    StepOutcome::Failed,
                    Cost::NONE,
                    format!("The local XML file is not an Autodiscover response: {why}"),
                    ev,
                    "§6 method `local-xml`",
                );
                None
            }
        }
    }

    /// Step 11: the SRV record (§6 https 6).
    fn srv(&mut self) -> Option<Found> {
        let name = format!("_autodiscover._tcp.{}", self.ctx.domain);
        let res = resolve_srv(self.world, &self.ctx.client.dns_view, &name);
        let cost = if res.answer == Answer::Timeout {
            Cost(DNS_TIMEOUT_MS, AdPrice::Fixed)
        } else {
            Cost(self.rtt(), AdPrice::Rtt(1))
        };
        let detail = || {
            let mut detail = format!("Resolve SRV {name} in {}: ", res.view);
            match &res.answer {
                Answer::Timeout => detail.push_str("no answer from the DNS server"),
                Answer::NxDomain => detail.push_str("NXDOMAIN (name does not exist)"),
                Answer::NoData => detail.push_str("no SRV record"),
                _ => {
                    let list: Vec<String> = res
                        .targets
                        .iter()
                        .map(|t| {
                            format!(
                                "{} (priority {}, weight {}, port {})",
                                t.target, t.priority, t.weight, t.port
                            )
                        })
                        .collect();
                    detail.push_str(&list.join(", "));
                }
            }
            detail
        };
        let mut evidence = self.ev(&[&self.ctx.client.dns_view]);
        if !matches!(
            res.answer,
            Answer::Timeout | Answer::NxDomain | Answer::NoData
        ) {
            evidence.extend(res.targets.iter().map(|t| self.memo.id(&t.record)));
        }
        let outcome = if res.targets.is_empty() {
            StepOutcome::Failed
        } else {
            StepOutcome::Ok
        };
        step!(
            self,
            Method::Srv.as_str(),
            name.as_str(),
            outcome,
            cost,
            detail(),
            evidence.clone(),
            "§6 https 6, cost 1",
        );
        for t in &res.targets {
            let url = autodiscover_url(&t.target);
            self.touch(P::SrvPrompts);
            if self.p.yes(P::SrvPrompts) {
                self.redirect_prompt(Method::Srv, &t.target, &url, evidence.clone());
            }
            if let found @ Some(_) = self.fetch(Method::Srv, &url) {
                return found;
            }
        }
        None
    }
}

/// The id and the name of the Exchange server a CAS or VIP host stands for.
fn exchange_server(world: &World<'_>, host: Option<Host<'_>>) -> (String, String) {
    match host {
        Some(Host::Cas(c)) => (c.id.clone(), c.name.clone()),
        Some(Host::Vip { array, .. }) => {
            let member = super::path::serving_member(world, array)
                .map(|c| format!(", {}", c.name))
                .unwrap_or_default();
            (array.id.clone(), format!("array {}{member}", array.fqdn))
        }
        _ => (String::new(), String::new()),
    }
}

/// SCP URLs listed by name in a step before the rest are counted.
const LISTED_URLS: usize = 5;

impl<'w, 'a> Run<'w, 'a> {
    /// Step 6: the SCP lookup (§6 scp 1–8): a directory query, pointers
    /// followed, the URLs ranked by site and tried in turn.
    fn scp(&mut self) -> Option<Found> {
        let what = "LDAP query to a domain controller for Autodiscover SCP objects";
        if !self.directory(Method::Scp.as_str(), what) {
            return None;
        }
        if !self.follow_pointers() {
            return None;
        }
        let list = self.ranked_scp_urls();
        let all = self.memo.scp_urls(|| scp_urls(self.world));
        for u in all.ranked(&list.own) {
            if let found @ Some(_) = self.fetch(Method::Scp, &u.url) {
                return found;
            }
        }
        None
    }

    /// §6 scp 3: a pointer for the user's domain restarts the lookup where
    /// it points; one without a domain is a fallback when a directory holds
    /// no URLs. Only the organisation's own directory holds the design's
    /// SCP URLs. False when the lookup ends without URLs (a loop, or a
    /// directory the design does not model).
    fn follow_pointers(&mut self) -> bool {
        let autodiscover = &self.world.scenario.autodiscover;
        let domain = self.ctx.domain;
        let has_urls = !self.memo.scp_urls(|| scp_urls(self.world)).urls.is_empty();
        let mut here = String::new();
        let mut asked = vec![String::new()];
        loop {
            let own = here.is_empty();
            let pointers = autodiscover
                .scp_pointers
                .iter()
                .filter(|p| directory_key(&p.published_in) == here);
            let mut for_domain = None;
            let mut fallback = None;
            for p in pointers {
                let d = p.domain.trim();
                if !domain.is_empty() && d.eq_ignore_ascii_case(domain) {
                    for_domain = for_domain.or(Some(p));
                } else if d.is_empty() {
                    fallback = fallback.or(Some(p));
                }
            }
            let next = for_domain.or(fallback.filter(|_| !(own && has_urls)));
            let Some(pointer) = next else {
                if own && has_urls {
                    return true;
                }
                let place = if own {
                    "the organisation's directory".to_string()
                } else {
                    here.clone()
                };
                step!(
                    self,
                    Method::Scp.as_str(),
                    place.clone(),
                    StepOutcome::Failed,
                    Cost::NONE,
                    format!("No SCP URL in {place}"),
                    Evidence::new(),
                    "§6 scp 2",
                );
                return false;
            };
            let to = directory_key(&pointer.points_to);
            let name = if pointer.name.is_empty() {
                pointer.id.as_str()
            } else {
                pointer.name.as_str()
            };
            let ev = self.ev(&[&pointer.id]);
            if asked.contains(&to) {
                step!(self, Method::Scp.as_str(), pointer.points_to.clone(), StepOutcome::Failed, Cost::NONE,
                    format!("SCP pointer {name} leads back to {}, already asked: the SCP lookup ends (a loop; assumed)", directory_label(&to)),
                    ev, "§6 scp 3");
                return false;
            }
            let rtt = self.rtt();
            step!(
                self,
                Method::Scp.as_str(),
                pointer.points_to.clone(),
                StepOutcome::Info,
                Cost(rtt, AdPrice::Rtt(1)),
                format!(
                    "SCP pointer {name} sends the lookup to {}",
                    directory_label(&to)
                ),
                ev,
                "§6 scp 3",
            );
            asked.push(to.clone());
            here = to;
        }
    }

    /// §6 scp 4–6: every CAS's SCP URL, ranked for the client's AD site
    /// (its site 1, no scope 2, other sites 3), in design order within a
    /// rank, each URL once.
    fn ranked_scp_urls(&mut self) -> Rc<ScpList> {
        let site = self.ctx.ad_site;
        let world = self.world;
        let memo = self.memo;
        let list = memo.scp_list(site.map_or("", |s| &s.id), || {
            rank_scp_urls(world, memo, site)
        });
        let outcome = if memo.scp_urls(|| scp_urls(world)).urls.is_empty() {
            StepOutcome::Failed
        } else {
            StepOutcome::Ok
        };
        step!(
            self,
            Method::Scp.as_str(),
            "SCP URLs",
            outcome,
            Cost::NONE,
            Rc::clone(&list.detail),
            list.evidence.clone(),
            SCP_LIST_SOURCE,
        );
        list
    }

    fn finish(self, range: Span<u64>, drivers: Vec<Driver>) -> AutodiscoverRun {
        let found = self.found;
        AutodiscoverRun {
            outcome: if found.is_some() {
                RunOutcome::Ok
            } else {
                RunOutcome::Failed
            },
            total_ms: self.now,
            range_ms: range,
            drivers,
            answered_by: found.as_ref().map(|f| f.method),
            url: found.as_ref().map(|f| f.url.clone()),
            misroute: found.as_ref().is_some_and(|f| f.misroute),
            steps: self.steps,
            prompts: self.prompts,
        }
    }
}

/// A directory's key: trimmed, lower case; empty is the organisation's own.
fn directory_key(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

fn directory_label(key: &str) -> String {
    if key.is_empty() {
        "the organisation's directory".into()
    } else {
        key.to_string()
    }
}

/// Every CAS's SCP URL in design order, each URL once (the first CAS that
/// publishes it): the part of §6 scp 4–6 that no client's site changes,
/// read once per simulator rather than once per site.
fn scp_urls(world: &World<'_>) -> ScpUrls {
    let mut seen: crate::FastSet<String> = crate::FastSet::default();
    let mut all = ScpUrls {
        urls: Vec::new(),
        unscoped: Vec::new(),
        scoped: Vec::new(),
        by_name: crate::FastMap::default(),
        by_id: crate::FastMap::default(),
    };
    for (si, s) in world.scenario.sites.iter().enumerate() {
        for (ci, c) in s.cas_servers.iter().enumerate() {
            let url = c.autodiscover_scp_url.trim();
            if url.is_empty() || !seen.insert(url.to_ascii_lowercase()) {
                continue;
            }
            let i = all.urls.len() as u32;
            all.urls.push(ScpUrl {
                url: Rc::from(url),
                cas: (si, ci),
            });
            if c.autodiscover_site_scope.is_empty() {
                all.unscoped.push(i);
                continue;
            }
            all.scoped.push(i);
            // The same keys `Cas::scoped_to` compares.
            for entry in &c.autodiscover_site_scope {
                let entry = entry.trim();
                for (map, key) in [
                    (&mut all.by_name, entry.to_ascii_lowercase()),
                    (&mut all.by_id, entry.to_string()),
                ] {
                    let list = map.entry(key).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
    }
    all
}

/// §6 scp 4–6: the client's site 1, no scope 2, other sites 3; design order
/// within a rank; each URL once.
fn rank_scp_urls(world: &World<'_>, memo: &Memo, site: Option<&Site>) -> ScpList {
    let all = memo.scp_urls(|| scp_urls(world));
    let cas = |u: &ScpUrl| &world.scenario.sites[u.cas.0].cas_servers[u.cas.1];
    let own = site.map_or_else(Vec::new, |s| all.scoped_to(&s.name, &s.id));
    let rank = |u: &ScpUrl| {
        let c = cas(u);
        if c.autodiscover_site_scope.is_empty() {
            2
        } else if site.is_some_and(|site| c.scoped_to(site)) {
            1
        } else {
            3
        }
    };
    let ranked: Vec<(u8, &ScpUrl)> = all
        .ranked(&own)
        .take(LISTED_URLS)
        .map(|u| (rank(u), u))
        .collect();
    let whose = match site {
        Some(s) => format!("a computer in AD site {}", s.name),
        None => "a computer in no AD site".to_string(),
    };
    let mut detail = format!("SCP URLs for {whose}: ");
    for (i, (rank, u)) in ranked.iter().take(LISTED_URLS).enumerate() {
        let c = cas(u);
        if i > 0 {
            detail.push_str("; ");
        }
        let scope = if c.autodiscover_site_scope.is_empty() {
            "no site scope".to_string()
        } else {
            format!("site scope {}", c.autodiscover_site_scope.join(", "))
        };
        detail.push_str(&format!(
            "{}. {} ({}, {scope}, priority {rank})",
            i + 1,
            u.url,
            c.name
        ));
    }
    if all.urls.len() > LISTED_URLS {
        detail.push_str(&format!("; and {} more", all.urls.len() - LISTED_URLS));
    }
    ScpList {
        evidence: ranked.iter().map(|(_, u)| memo.id(&cas(u).id)).collect(),
        own,
        detail: Rc::from(detail),
    }
}
