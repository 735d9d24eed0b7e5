//! The model's undocumented parameters (§8, §9) as the simulator sees them:
//! what each one is, where the design keeps its span and which way it moves
//! a client's time; the values one run uses (`Point`, `Overrides`) and what
//! the run reports about them (`Probe`). Shared by `flow`, which runs a
//! client at given values, and `range`, which searches over them.

use crate::model::*;

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
    /// A dual-stack client's IPv6 addresses before its IPv4 ones (§10 ipv6 3).
    Ipv6First,
    /// IPv6 and IPv4 connects raced (§10 ipv6 3).
    DualStackRace,
}

/// Which way a parameter moves the time, the path's shape held.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// A larger value never makes the connection faster.
    Up,
    /// A larger value never makes it slower.
    Down,
    /// Either: search both ends.
    Either,
}

/// How many parameters a client's prediction runs over.
pub const N_PARAMS: usize = 8;

pub const PARAMS: [Param; N_PARAMS] = [
    Param::BindAttempts,
    Param::OaSetup,
    Param::RstFail,
    Param::IcmpAborts,
    Param::Rtt,
    Param::SlowLink,
    Param::Ipv6First,
    Param::DualStackRace,
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
            Param::Ipv6First => "ipv6_first",
            Param::DualStackRace => "dual_stack_race",
        }
    }

    /// Whether another value may change the path's steps, not only their
    /// prices: then a range search simulates again instead of repricing.
    pub(super) fn reshapes(self) -> bool {
        matches!(
            self,
            Param::SlowLink | Param::Ipv6First | Param::DualStackRace
        )
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
            Param::Ipv6First => "whether Windows tries IPv6 addresses first",
            Param::DualStackRace => "whether IPv6 and IPv4 connects race",
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
            Param::Ipv6First => "no source, §10 ipv6 3",
            Param::DualStackRace => "no source, §10 ipv6 3",
        }
    }

    pub(super) fn direction(self) -> Direction {
        match self {
            // Racing never waits longer than trying in turn.
            Param::IcmpAborts | Param::DualStackRace => Direction::Down,
            Param::SlowLink | Param::Ipv6First => Direction::Either,
            _ => Direction::Up,
        }
    }

    /// The design's span for this parameter, as a client in a `remote` zone sees it.
    pub(super) fn span(self, r: &Ranges, remote: bool) -> Span<u64> {
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
            Param::Ipv6First => Span::new(r.ipv6_first.min.into(), r.ipv6_first.max.into()),
            Param::DualStackRace => {
                Span::new(r.dual_stack_race.min.into(), r.dual_stack_race.max.into())
            }
        }
    }
}

/// One value per parameter (bools as 0 and 1), indexed by `Param`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Point([u64; N_PARAMS]);

impl Point {
    /// The design's own values for this client; §10's yes/no parameters
    /// have none of their own: the model's default, moved into the
    /// design's span (`Ranges::flag`).
    pub(super) fn nominal(
        c: &Client,
        os: &OsTimingPreset,
        zone: &NetworkZone,
        r: &Ranges,
    ) -> Point {
        Point([
            c.rpc_bind_attempts.into(),
            c.oa_setup_ms.into(),
            os.rst_fail_ms.into(),
            os.icmp_aborts_connect.into(),
            zone.rtt(),
            SLOW_LINK_MAX_KBPS.into(),
            Ranges::flag(r.ipv6_first, DEFAULT_IPV6_FIRST).into(),
            Ranges::flag(r.dual_stack_race, DEFAULT_DUAL_STACK_RACE).into(),
        ])
    }
    pub fn get(&self, p: Param) -> u64 {
        self.0[p as usize]
    }
}

/// Values to use instead of the design's, per parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Overrides([Option<u64>; N_PARAMS]);

impl Overrides {
    pub const NONE: Overrides = Overrides([None; N_PARAMS]);
    pub(super) fn apply(&self, mut p: Point) -> Point {
        for (v, o) in p.0.iter_mut().zip(self.0) {
            if let Some(o) = o {
                *v = o;
            }
        }
        p
    }
    pub(super) fn set(mut self, p: Param, v: u64) -> Self {
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
    pub(super) fn matters(&self, p: Param, span: Span<u64>) -> bool {
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
