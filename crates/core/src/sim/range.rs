//! A prediction's range over what the model leaves undocumented (§8, §9):
//! each client's exact minimum and maximum over the design's `Ranges`, and
//! the parameters that move it.
//!
//! Exact, not sampled: with the path's shape fixed, a client's time only
//! grows with more bind attempts, a longer TLS setup, a slower RST failure or
//! a longer round trip, and only shrinks when ICMP aborts the connect; so the
//! extremes sit at two opposite corners of the box. The slow-link threshold
//! is the exception (it switches the transport either way): both of its ends
//! are searched, each with the other parameters at both corners.
//! `tests/properties.rs` checks the result against every corner of small boxes.

use super::flow;
use super::memo::Memo;
use super::report::{ClientResult, Driver, Price, Step};
use crate::model::*;
use crate::world::World;

/// The undocumented parameters a client's prediction runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    BindAttempts,
    OaSetup,
    RstFail,
    IcmpAborts,
    /// The round trip of the client's zone (the site or the remote span).
    Rtt,
    SlowLink,
}

/// Which way a parameter moves the time, the path's shape held.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// A larger value never makes the connection faster.
    Up,
    /// A larger value never makes it slower.
    Down,
    /// Either: search both ends.
    Either,
}

pub const PARAMS: [Param; 6] = [
    Param::BindAttempts,
    Param::OaSetup,
    Param::RstFail,
    Param::IcmpAborts,
    Param::Rtt,
    Param::SlowLink,
];

impl Param {
    pub fn bit(self) -> u8 {
        1 << self as u8
    }

    /// The field of `Ranges` that holds its span; the round trip depends on the zone.
    pub fn key(self, remote: bool) -> &'static str {
        match self {
            Param::BindAttempts => "rpc_bind_attempts",
            Param::OaSetup => "oa_setup_ms",
            Param::RstFail => "rst_fail_ms",
            Param::IcmpAborts => "icmp_aborts_connect",
            Param::Rtt if remote => "remote_rtt_ms",
            Param::Rtt => "site_rtt_ms",
            Param::SlowLink => "slow_link_max_kbps",
        }
    }

    /// How a sentence names it: "depending on {label} ({source})".
    pub fn label(self) -> &'static str {
        match self {
            Param::BindAttempts => "the RPC bind attempts per cycle",
            Param::OaSetup => "the TLS and authentication time",
            Param::RstFail => "the time Windows takes to fail after a RST",
            Param::IcmpAborts => "whether ICMP unreachable aborts a connect",
            Param::Rtt => "the round-trip time",
            Param::SlowLink => "the slow-link threshold",
        }
    }

    pub fn source(self) -> &'static str {
        match self {
            Param::BindAttempts => "undocumented, §8 step 4",
            Param::OaSetup => "not sourced, §8 step 3",
            Param::RstFail => "one measurement, §3 C14",
            Param::IcmpAborts => "undocumented, §3",
            Param::Rtt => "not sourced, §8",
            Param::SlowLink => "folklore, §4",
        }
    }

    fn direction(self) -> Direction {
        match self {
            Param::IcmpAborts => Direction::Down,
            Param::SlowLink => Direction::Either,
            _ => Direction::Up,
        }
    }

    /// The design's span for this parameter, as a client in a `remote` zone sees it.
    fn span(self, r: &Ranges, remote: bool) -> Span<u64> {
        let wide = |s: Span<u32>| Span::new(u64::from(s.min), u64::from(s.max));
        match self {
            Param::BindAttempts => Span::new(
                r.rpc_bind_attempts.min.into(),
                r.rpc_bind_attempts.max.into(),
            ),
            Param::OaSetup => wide(r.oa_setup_ms),
            Param::RstFail => wide(r.rst_fail_ms),
            Param::IcmpAborts => Span::new(
                r.icmp_aborts_connect.min.into(),
                r.icmp_aborts_connect.max.into(),
            ),
            Param::Rtt if remote => wide(r.remote_rtt_ms),
            Param::Rtt => wide(r.site_rtt_ms),
            Param::SlowLink => wide(r.slow_link_max_kbps),
        }
    }
}

/// One value per parameter (bools as 0 and 1), indexed by `Param`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Point([u64; 6]);

impl Point {
    /// The design's own values for this client.
    pub(super) fn nominal(c: &Client, os: &OsTimingPreset, zone: &NetworkZone) -> Point {
        Point([
            c.rpc_bind_attempts.into(),
            c.oa_setup_ms.into(),
            os.rst_fail_ms.into(),
            os.icmp_aborts_connect.into(),
            zone.rtt(),
            SLOW_LINK_MAX_KBPS.into(),
        ])
    }
    pub fn get(&self, p: Param) -> u64 {
        self.0[p as usize]
    }
}

/// Values to use instead of the design's, per parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Overrides([Option<u64>; 6]);

impl Overrides {
    pub const NONE: Overrides = Overrides([None; 6]);
    pub(super) fn apply(&self, mut p: Point) -> Point {
        for (v, o) in p.0.iter_mut().zip(self.0) {
            if let Some(o) = o {
                *v = o;
            }
        }
        p
    }
    fn set(mut self, p: Param, v: u64) -> Self {
        self.0[p as usize] = Some(v);
        self
    }
}

/// What one run used: the values, and which of them its time depended on.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    pub point: Point,
    /// Bits by `Param`: the parameters this path read in a way that prices it.
    pub touched: u8,
    pub remote: bool,
    pub link_kbps: u32,
    /// How many of the steps make up the connection (public folders come after).
    pub connect_steps: usize,
    /// The steps of the RPC/TCP attempts, when every one failed: k identical cycles.
    pub cycles: Option<(usize, usize)>,
}

impl Probe {
    /// Whether changing `p` alone (the others at the design's values) can
    /// change the time. Exact: a parameter the path never priced cannot.
    fn matters(&self, p: Param, span: Span<u64>) -> bool {
        if self.touched & p.bit() == 0 || span.is_point() {
            return false;
        }
        match p {
            // The link's class differs between the threshold's ends only if the link lies between them.
            Param::SlowLink => {
                span.min < u64::from(self.link_kbps) && u64::from(self.link_kbps) <= span.max
            }
            _ => true,
        }
    }
}

/// One client's prediction with its range and drivers.
pub(super) fn client(world: &World<'_>, memo: &Memo, client: &Client) -> ClientResult {
    let (mut nominal, probe) = flow::run(world, memo, client, &Overrides::NONE);
    let Some(probe) = probe else { return nominal };
    let ranges = &world.scenario.ranges;
    let spans: [Span<u64>; 6] =
        PARAMS.map(|p| p.span(ranges, probe.remote).with(probe.point.get(p)));
    let matters: [bool; 6] = std::array::from_fn(|i| probe.matters(PARAMS[i], spans[i]));
    // A dozen points at most: a list beats a map (this runs for every client).
    let mut totals: Vec<(Overrides, u64)> = Vec::with_capacity(16);
    totals.push((Overrides::NONE, nominal.total_ms));
    // The same path priced at other values, unless the threshold may change
    // the path itself: then simulate again.
    let os = world.presets.get(client.os_timing.as_str()).copied();
    let reshapes = matters[Param::SlowLink as usize];
    let steps = std::mem::take(&mut nominal.steps);
    let mut total = |o: Overrides| {
        if let Some(&(_, t)) = totals.iter().find(|(k, _)| *k == o) {
            return t;
        }
        let t = match os {
            Some(os) if !reshapes => reprice(&steps, &probe, &o, os, memo),
            _ => flow::run(world, memo, client, &o).0.total_ms,
        };
        totals.push((o, t));
        t
    };

    // The threshold may change the path's shape, and with it which parameters
    // matter: then every varying parameter goes to its corner. Otherwise a
    // parameter the path never priced stays at its value (same time, and the
    // corner runs coincide with the drivers' runs).
    let either: Vec<usize> = (0..PARAMS.len())
        .filter(|&i| matters[i] && PARAMS[i].direction() == Direction::Either)
        .collect();
    let in_corner = |i: usize| {
        if either.is_empty() {
            matters[i]
        } else {
            !spans[i].is_point()
        }
    };
    let (mut min, mut max) = (u64::MAX, 0);
    for mask in 0..1u32 << either.len() {
        let (mut low, mut high) = (Overrides::NONE, Overrides::NONE);
        for (i, &p) in PARAMS.iter().enumerate() {
            if !in_corner(i) {
                continue;
            }
            let s = spans[i];
            let (l, h) = match p.direction() {
                Direction::Up => (s.min, s.max),
                Direction::Down => (s.max, s.min),
                Direction::Either => {
                    let j = either
                        .iter()
                        .position(|&e| e == i)
                        .expect("an either-way parameter in the corner is searched");
                    let v = if mask >> j & 1 == 1 { s.max } else { s.min };
                    (v, v)
                }
            };
            low = low.set(p, l);
            high = high.set(p, h);
        }
        min = min.min(total(low));
        max = max.max(total(high));
    }
    // With nothing varying, the corner is the nominal run.
    let mut drivers = Vec::new();
    for (i, &p) in PARAMS.iter().enumerate().filter(|&(i, _)| matters[i]) {
        let (at_min, at_max) = (
            total(Overrides::NONE.set(p, spans[i].min)),
            total(Overrides::NONE.set(p, spans[i].max)),
        );
        let (lo, hi) = (
            at_min.min(at_max).min(nominal.total_ms),
            at_min.max(at_max).max(nominal.total_ms),
        );
        if lo != hi {
            drivers.push(Driver {
                parameter: p.key(probe.remote),
                label: p.label(),
                source: p.source(),
                min_ms: lo,
                max_ms: hi,
            });
        }
    }
    drivers.sort_by_key(|d| std::cmp::Reverse(d.max_ms - d.min_ms));
    nominal.steps = steps;
    nominal.range_ms = Span::new(min, max);
    nominal.drivers = drivers;
    nominal
}

/// The connection time of the path `steps` at the values `o` sets: each
/// step priced again, the RPC/TCP cycles repeated as many times as the bind
/// attempts say. Exact while the path keeps its shape, which every
/// parameter but the slow-link threshold guarantees (`Probe::matters`).
fn reprice(steps: &[Step], probe: &Probe, o: &Overrides, os: &OsTimingPreset, memo: &Memo) -> u64 {
    let p = o.apply(probe.point);
    let rtt = super::time::SimDuration(p.get(Param::Rtt));
    let knobs = super::tcp::Knobs {
        rst_fail_ms: p.get(Param::RstFail) as u32,
        icmp_aborts_connect: p.get(Param::IcmpAborts) != 0,
    };
    let price = |s: &Step| match s.price {
        Price::Fixed => s.duration_ms,
        Price::Rtt => rtt.ms(),
        Price::Connect(fate) => memo.timing(os, fate, rtt, knobs).duration_ms,
        Price::OaSetup => p.get(Param::OaSetup).min(super::RPC_HTTP_TIMEOUT_MS),
    };
    let steps = &steps[..probe.connect_steps.min(steps.len())];
    match probe.cycles {
        Some((from, to)) => {
            let k = (probe.point.get(Param::BindAttempts) as usize).max(1);
            let one = (to - from) / k;
            let cycle: u64 = steps[from..from + one].iter().map(price).sum();
            let rest: u64 = steps[..from].iter().chain(&steps[to..]).map(price).sum();
            rest + cycle * p.get(Param::BindAttempts).max(1)
        }
        None => steps.iter().map(price).sum(),
    }
}

/// Every corner of the box, the oracle `tests/properties.rs` holds the
/// search to: the time at each combination of every parameter's ends (all
/// integer values for the bind attempts). Slow; for tests of small designs.
pub fn corner_totals(scenario: &Scenario, client: &Client) -> Vec<u64> {
    let world = World::new(scenario);
    let memo = Memo::default();
    let (nominal, probe) = flow::run(&world, &memo, client, &Overrides::NONE);
    let Some(probe) = probe else {
        return vec![nominal.total_ms];
    };
    let spans: Vec<Span<u64>> = PARAMS
        .iter()
        .map(|&p| {
            p.span(&scenario.ranges, probe.remote)
                .with(probe.point.get(p))
        })
        .collect();
    let mut points = vec![Overrides::NONE];
    for (i, &p) in PARAMS.iter().enumerate() {
        let values: Vec<u64> = if p == Param::BindAttempts {
            (spans[i].min..=spans[i].max).collect()
        } else {
            vec![spans[i].min, spans[i].max]
        };
        points = points
            .iter()
            .flat_map(|o| values.iter().map(move |&v| o.set(p, v)))
            .collect();
    }
    points
        .iter()
        .map(|o| flow::run(&world, &memo, client, o).0.total_ms)
        .collect()
}

/// How much faster (negative) or slower `after` is than `before` for one
/// client, over the box both designs' ranges span, with every parameter at
/// the same value on both sides (the parameters are facts of the world, not
/// of a design). Evaluated at the design's values and at every corner of the
/// parameters that move either side (all of them when the slow-link
/// threshold does); None when either side cannot be simulated.
pub(super) fn paired(
    before: &super::Simulator<'_, '_>,
    cb: &Client,
    after: &super::Simulator<'_, '_>,
    ca: &Client,
) -> Option<Span<i64>> {
    let (rb, pb) = flow::run(before.world, &before.memo, cb, &Overrides::NONE);
    let (ra, pa) = flow::run(after.world, &after.memo, ca, &Overrides::NONE);
    let (pb, pa) = (pb?, pa?);
    let spans: Vec<Span<u64>> = PARAMS
        .iter()
        .map(|&p| {
            let b = p
                .span(&before.world.scenario.ranges, pb.remote)
                .with(pb.point.get(p));
            let a = p
                .span(&after.world.scenario.ranges, pa.remote)
                .with(pa.point.get(p));
            b.with(a.min).with(a.max)
        })
        .collect();
    let moves = |i: usize| pb.matters(PARAMS[i], spans[i]) || pa.matters(PARAMS[i], spans[i]);
    let reshaped = moves(Param::SlowLink as usize);
    let axes: Vec<usize> = (0..PARAMS.len())
        .filter(|&i| !spans[i].is_point() && (reshaped || moves(i)))
        .collect();
    let delta = |b: u64, a: u64| a as i64 - b as i64;
    let nominal = delta(rb.total_ms, ra.total_ms);
    let (mut min, mut max) = (nominal, nominal);
    // Each side's path priced again, as `client` does, unless the threshold may reshape it.
    let time = |sim: &super::Simulator<'_, '_>,
                c: &Client,
                r: &ClientResult,
                probe: &Probe,
                o: &Overrides| match sim.world.presets.get(c.os_timing.as_str()) {
        Some(os) if !reshaped => reprice(&r.steps, probe, o, os, &sim.memo),
        _ => flow::run(sim.world, &sim.memo, c, o).0.total_ms,
    };
    for mask in 0..1u32 << axes.len() {
        let mut o = Overrides::NONE;
        for (j, &i) in axes.iter().enumerate() {
            o = o.set(
                PARAMS[i],
                if mask >> j & 1 == 1 {
                    spans[i].max
                } else {
                    spans[i].min
                },
            );
        }
        let d = delta(
            time(before, cb, &rb, &pb, &o),
            time(after, ca, &ra, &pa, &o),
        );
        min = min.min(d);
        max = max.max(d);
    }
    Some(Span::new(min, max))
}
