//! What the waits cost: a client profile stands for `users` people who each
//! set up `connects_per_day` connections, and every setup pays the predicted
//! wait again (§8 step 5: "paid again at every new connection setup").
//!
//! Ranges multiply out: the least cost is the fewest connects at the
//! shortest wait, the most the reverse (both are counts and times, never
//! negative). The whole design's range adds the groups' ranges up, a bound
//! that takes every group at its own extreme.

use crate::model::{Scenario, Span};
use crate::sim::{format_ms, ClientResult, SimulationReport};
use serde::Serialize;

/// A figure with its range, ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Estimate {
    pub nominal_ms: i64,
    pub min_ms: i64,
    pub max_ms: i64,
}

impl Estimate {
    fn add(self, o: Estimate) -> Estimate {
        Estimate {
            nominal_ms: self.nominal_ms + o.nominal_ms,
            min_ms: self.min_ms + o.min_ms,
            max_ms: self.max_ms + o.max_ms,
        }
    }
    pub fn is_point(&self) -> bool {
        self.min_ms == self.max_ms
    }
}

/// One client profile's daily wait.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupCost {
    pub client_id: String,
    pub client: String,
    pub users: u32,
    pub connects_per_day: u32,
    /// The span of connects per day the range assumes (the design's, holding this profile's).
    pub connects_range: Span<u32>,
    /// Whether the profile connects at all (a failing one waits and gets nothing).
    pub connects: bool,
    /// One connect's wait, with its range.
    pub wait: Estimate,
    /// Per user per day.
    pub per_user: Estimate,
    /// All the group's users per day.
    pub total: Estimate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignCost {
    /// One per result of the report, in its order.
    pub groups: Vec<GroupCost>,
    pub users: u64,
    /// Users of profiles that never connect (their wait is counted too).
    pub failing_users: u64,
    /// Every group's users per day.
    pub total: Estimate,
}

/// The daily wait of every client `report` predicts, with the group sizes
/// of `scenario` (the design it comes from, or a part of it).
pub fn of(scenario: &Scenario, report: &SimulationReport) -> DesignCost {
    let by_id = clients_by_id(scenario);
    let mut groups = Vec::with_capacity(report.clients.len());
    let mut total = Estimate::default();
    let (mut users, mut failing_users) = (0u64, 0u64);
    for r in &report.clients {
        // One group per result, in the report's order (a result without its
        // client, which a report of this design never has, counts one user).
        let (n, per_day) = by_id
            .get(r.client_id.as_str())
            .map_or((1, crate::model::default_connects_per_day()), |c| {
                (c.users, c.connects_per_day)
            });
        let connects_range = scenario.ranges.connects_per_day.with(per_day);
        let g = group(r, n, per_day, connects_range);
        users += u64::from(n);
        if !g.connects {
            failing_users += u64::from(n);
        }
        total = total.add(g.total);
        groups.push(g);
    }
    DesignCost {
        groups,
        users,
        failing_users,
        total,
    }
}

/// The design's clients by id (the first with the id, as results pair them).
fn clients_by_id(s: &Scenario) -> crate::FastMap<&str, &crate::model::Client> {
    let mut by_id = crate::FastMap::default();
    for c in s.clients.iter() {
        by_id.entry(c.id.as_str()).or_insert(c);
    }
    by_id
}

fn group(
    r: &ClientResult,
    users: u32,
    connects_per_day: u32,
    connects_range: Span<u32>,
) -> GroupCost {
    let ms = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    let wait = Estimate {
        nominal_ms: ms(r.total_ms),
        min_ms: ms(r.range_ms.min),
        max_ms: ms(r.range_ms.max),
    };
    let times = |e: Estimate, lo: u64, nominal: u64, hi: u64| Estimate {
        nominal_ms: e.nominal_ms.saturating_mul(nominal as i64),
        min_ms: e.min_ms.saturating_mul(lo as i64),
        max_ms: e.max_ms.saturating_mul(hi as i64),
    };
    let (lo, hi) = (u64::from(connects_range.min), u64::from(connects_range.max));
    let per_user = times(wait, lo, connects_per_day.into(), hi);
    let n = u64::from(users);
    let total = times(per_user, n, n, n);
    GroupCost {
        client_id: r.client_id.clone(),
        client: r.client.clone(),
        users,
        connects_per_day,
        connects_range,
        connects: !matches!(r.outcome, crate::sim::Outcome::Failed { .. }),
        wait,
        per_user,
        total,
    }
}

/// A long duration as people say it: "12 s", "35 min", "18.7 hours".
pub fn format_long(ms: i64) -> String {
    let sign = if ms < 0 { "−" } else { "" };
    let ms = ms.unsigned_abs();
    let s = ms as f64 / 1_000.0;
    if s < 60.0 {
        format!("{sign}{}", format_ms(ms))
    } else if s < 600.0 {
        format!("{sign}{:.1} min", s / 60.0)
    } else if s < 3_600.0 {
        format!("{sign}{:.0} min", s / 60.0)
    } else {
        format!("{sign}{:.1} hours", s / 3_600.0)
    }
}

/// "18.7 hours (range 9.3–93.3 hours)", or the figure alone for a point.
pub fn estimate_text(e: Estimate) -> String {
    estimate_text_with(e, "")
}

/// [`estimate_text`] with `after` between the figure and its range: "18.7 hours a day (range …)".
pub fn estimate_text_with(e: Estimate, after: &str) -> String {
    let nominal = format_long(e.nominal_ms);
    if e.is_point() {
        return format!("{nominal}{after}");
    }
    let (lo, hi) = (format_long(e.min_ms), format_long(e.max_ms));
    let unit = |t: &str| t.rsplit(' ').next().map(str::to_string).unwrap_or_default();
    let range = if unit(&lo) == unit(&hi) && !lo.starts_with('−') {
        format!(
            "{}–{hi}",
            lo.rsplit_once(' ').map_or(lo.as_str(), |(n, _)| n)
        )
    } else {
        format!("{lo} to {hi}")
    };
    format!("{nominal}{after} (range {range})")
}

impl GroupCost {
    /// "800 users × 4 connects × 21.9 s ≈ 19.5 hours a day (range …), 1.5 min per user".
    pub fn text(&self) -> String {
        if self.users == 1 {
            return format!(
                "1 user × {} connects × {} ≈ {}",
                self.connects_per_day,
                format_ms(self.wait.nominal_ms.max(0) as u64),
                estimate_text_with(self.total, " a day")
            );
        }
        format!(
            "{} users × {} connects × {} ≈ {}, {} per user",
            crate::text::num(self.users.into()),
            self.connects_per_day,
            format_ms(self.wait.nominal_ms.max(0) as u64),
            estimate_text_with(self.total, " a day"),
            format_long(self.per_user.nominal_ms)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{compare, simulate};

    /// The example: 800 remote users, 4 connects, the seed's leak.
    #[test]
    fn a_group_of_800_costs_its_users_times_connects_times_the_wait() {
        let mut s = crate::examples::seed_leaking();
        let laptop = s
            .clients
            .iter()
            .position(|c| c.id == "client-external")
            .unwrap();
        let mut c = s.clients[laptop].clone();
        c.users = 800;
        s = s
            .apply(crate::edit::Edit::UpsertClient { client: c })
            .unwrap();
        let r = simulate(&s);
        let cost = of(&s, &r);
        let g = &cost.groups[laptop];
        assert_eq!(g.total.nominal_ms, 800 * 4 * 21_920);
        // Least: 2 connects at the shortest wait; most: 10 at the longest.
        assert_eq!(
            g.total.min_ms,
            800 * 2 * r.clients[laptop].range_ms.min as i64
        );
        assert_eq!(
            g.total.max_ms,
            800 * 10 * r.clients[laptop].range_ms.max as i64
        );
        assert!(
            g.text()
                .starts_with("800 users × 4 connects × 21.9 s ≈ 19.5 hours a day (range "),
            "{}",
            g.text()
        );
        // The fix saves nearly all of it, at every point of the range.
        let fixed = crate::examples::seed_fixed();
        let mut after = fixed.clone();
        let mut c = after
            .clients
            .iter()
            .find(|c| c.id == "client-external")
            .unwrap()
            .clone();
        c.users = 800;
        after = after
            .apply(crate::edit::Edit::UpsertClient { client: c })
            .unwrap();
        let cmp = compare(&s, &after);
        let saved = savings(&after, &cmp);
        let i = cmp
            .clients
            .iter()
            .position(|d| d.after_id.as_deref() == Some("client-external"))
            .unwrap();
        let e = saved.clients[i].unwrap();
        assert_eq!(e.nominal_ms, 800 * 4 * (21_920 - 920));
        assert!(
            e.min_ms > 0 && e.min_ms <= e.nominal_ms && e.nominal_ms <= e.max_ms,
            "{e:?}"
        );
        assert!(
            cmp.clients[i]
                .range_verdict()
                .unwrap()
                .starts_with("faster at every point of the range"),
            "{:?}",
            cmp.clients[i].range_verdict()
        );
    }

    #[test]
    fn long_durations_read_as_people_say_them() {
        assert_eq!(format_long(21_900), "21.9 s");
        assert_eq!(format_long(35 * 60_000), "35 min");
        assert_eq!(format_long(87_704), "1.5 min");
        assert_eq!(format_long(67_200_000), "18.7 hours");
        assert_eq!(
            estimate_text(Estimate {
                nominal_ms: 67_200_000,
                min_ms: 33_600_000,
                max_ms: 336_000_000
            }),
            "18.7 hours (range 9.3–93.3 hours)"
        );
        assert_eq!(
            estimate_text(Estimate {
                nominal_ms: 60_000,
                min_ms: 30_000,
                max_ms: 7_200_000
            }),
            "1.0 min (range 30.0 s to 2.0 hours)"
        );
    }
}

/// What a change saves a day (before − after), per compared client and in
/// all; positive is time saved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Savings {
    /// One per client of the comparison, in its order (None for a client on one side only).
    pub clients: Vec<Option<Estimate>>,
    pub total: Estimate,
}

/// The daily saving of each client pair of `cmp`, with the group sizes of
/// the design after the change.
pub fn savings(after: &Scenario, cmp: &crate::sim::Comparison) -> Savings {
    let by_id = clients_by_id(after);
    let mut total = Estimate::default();
    let clients = cmp
        .clients
        .iter()
        .map(|d| {
            let delta = d.delta_ms?;
            let range = d.delta_range_ms.unwrap_or(Span::point(delta));
            let c = d.after_id.as_deref().and_then(|id| by_id.get(id))?;
            let connects = after.ranges.connects_per_day.with(c.connects_per_day);
            let users = i64::from(c.users);
            // Saved per connect: the negated change of time.
            let (lo, hi) = (-range.max, -range.min);
            let at = |v: i64, low_end: bool| {
                v.saturating_mul(i64::from(if low_end == (v >= 0) {
                    connects.min
                } else {
                    connects.max
                }))
                .saturating_mul(users)
            };
            let e = Estimate {
                nominal_ms: (-delta)
                    .saturating_mul(i64::from(c.connects_per_day))
                    .saturating_mul(users),
                min_ms: at(lo, true),
                max_ms: at(hi, false),
            };
            total = total.add(e);
            Some(e)
        })
        .collect();
    Savings { clients, total }
}
