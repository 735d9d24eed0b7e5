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
use super::params::Direction;
pub use super::params::{Overrides, Param, Point, Probe, N_PARAMS, PARAMS};
use super::report::{ClientResult, Driver, Price, Step};
use crate::model::*;
use crate::world::World;

/// One client's prediction with its range and drivers.
pub(super) fn client(world: &World<'_>, memo: &Memo, client: &Client) -> ClientResult {
    let mut nominal = connection(world, memo, client);
    nominal.autodiscover = super::autodiscover::predict(world, memo, client, &nominal);
    nominal
}

/// The connection's prediction with its range and drivers.
fn connection(world: &World<'_>, memo: &Memo, client: &Client) -> ClientResult {
    let (mut nominal, probe) = flow::run(world, memo, client, &Overrides::NONE);
    let Some(probe) = probe else { return nominal };
    let ranges = &world.scenario.ranges;
    let spans: [Span<u64>; N_PARAMS] =
        PARAMS.map(|p| p.span(ranges, probe.remote).with(probe.point.get(p)));
    let matters: [bool; N_PARAMS] = std::array::from_fn(|i| probe.matters(PARAMS[i], spans[i]));
    // A dozen points at most: a list beats a map (this runs for every client).
    let mut totals: Vec<(Overrides, u64)> = Vec::with_capacity(16);
    totals.push((Overrides::NONE, nominal.total_ms));
    // The same path priced at other values, unless the threshold may change
    // the path itself: then simulate again.
    let os = world.presets.get(client.os_timing.as_str()).copied();
    let reshapes = (0..N_PARAMS).any(|i| matters[i] && PARAMS[i].reshapes());
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
    let two_way = |i: usize| PARAMS[i].direction() == Direction::Either;
    let reshaping = (0..N_PARAMS).any(|i| matters[i] && two_way(i));
    let in_corner = |i: usize| {
        if reshaping {
            !spans[i].is_point()
        } else {
            matters[i]
        }
    };
    // Every two-way parameter in the corner is searched at both ends.
    let either: Vec<usize> = (0..N_PARAMS)
        .filter(|&i| in_corner(i) && two_way(i))
        .collect();
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
    let reshaped = (0..N_PARAMS).any(|i| PARAMS[i].reshapes() && moves(i));
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
