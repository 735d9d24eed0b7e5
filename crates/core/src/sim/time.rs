//! Simulated time: integer milliseconds as data. Nothing in `sim/` reads a clock.

use crate::text::push_u64;
use serde::{Deserialize, Serialize};
use std::ops::{Add, Sub};

/// An instant on the simulation clock, ms since the client started Outlook.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct SimTime(pub u64);

/// A span of simulated time, ms.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct SimDuration(pub u64);

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);
    pub fn ms(self) -> u64 {
        self.0
    }
}

impl SimDuration {
    pub const fn from_ms(ms: u64) -> Self {
        SimDuration(ms)
    }
    pub fn ms(self) -> u64 {
        self.0
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

impl Sub<SimTime> for SimTime {
    type Output = SimDuration;
    fn sub(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
}

impl Add for SimDuration {
    type Output = SimDuration;
    fn add(self, d: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(d.0))
    }
}

/// Human form used in traces: "21.0 s", "40 ms".
pub fn format_ms(ms: u64) -> String {
    let mut out = String::with_capacity(8);
    push_ms(&mut out, ms);
    out
}

/// A span of times as one phrase: "21.9–43.9 s", "5–25 ms", "900 ms–3.0 s".
pub fn format_span(min_ms: u64, max_ms: u64) -> String {
    if min_ms == max_ms {
        return format_ms(min_ms);
    }
    let (lo, hi) = (format_ms(min_ms), format_ms(max_ms));
    match (lo.strip_suffix(" s"), lo.strip_suffix(" ms")) {
        (Some(l), _) if hi.ends_with(" s") => format!("{l}–{hi}"),
        (_, Some(l)) if hi.ends_with(" ms") => format!("{l}–{hi}"),
        _ => format!("{lo}–{hi}"),
    }
}

/// [`format_ms`] appended to `out`, without the formatting machinery (the
/// simulator writes thousands of these per run).
pub fn push_ms(out: &mut String, ms: u64) {
    if ms < 1_000 {
        push_u64(out, ms);
        out.push_str(" ms");
    } else {
        push_u64(out, ms / 1_000);
        out.push('.');
        push_u64(out, (ms % 1_000) / 100);
        out.push_str(" s");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-rolled writers print exactly what `format!` would.
    #[test]
    fn writers_match_the_formatting_machinery() {
        for ms in [
            0,
            7,
            40,
            999,
            1_000,
            1_099,
            1_100,
            21_000,
            21_960,
            45_000,
            120_000,
            u64::MAX,
        ] {
            let want = if ms < 1_000 {
                format!("{ms} ms")
            } else {
                format!("{}.{} s", ms / 1_000, (ms % 1_000) / 100)
            };
            assert_eq!(format_ms(ms), want);
        }
    }
}
