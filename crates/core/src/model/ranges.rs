//! The plausible values of what the behaviour model leaves undocumented or
//! uncalibrated (§8, §9): one span per parameter, design-wide. Each client's
//! prediction is its nominal value (the design's own figures) plus the exact
//! extremes over these spans (`sim::range`); the cost of a leak multiplies by
//! `connects_per_day` (`cost`).
//!
//! A span holds the design's own value too: a client whose `rpc_bind_attempts`
//! is 3 varies over 1–3 with the default span 1–2. Set a span's ends equal
//! to the nominal values to make predictions points.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A closed interval, `min` ≤ `max` (the field rules check it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Span<T> {
    pub min: T,
    pub max: T,
}

impl<T: Copy + Ord> Span<T> {
    pub const fn new(min: T, max: T) -> Self {
        Span { min, max }
    }
    pub const fn point(v: T) -> Self {
        Span { min: v, max: v }
    }
    /// The smallest span holding this one and `v`.
    pub fn with(self, v: T) -> Self {
        Span {
            min: self.min.min(v),
            max: self.max.max(v),
        }
    }
    pub fn contains(&self, v: T) -> bool {
        self.min <= v && v <= self.max
    }
    pub fn is_point(&self) -> bool {
        self.min == self.max
    }
}

/// The spans of the model's undocumented and uncalibrated parameters. Every
/// default cites its § or says "not sourced".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Ranges {
    /// RPC/TCP bind attempts per protocol cycle, k: undocumented; §8 step 4
    /// gives the calibrated range 1–2 (C3 cannot tell k = 1 from k = 2).
    #[serde(default = "bind_attempts")]
    pub rpc_bind_attempts: Span<u8>,
    /// TLS and authentication for the HTTPS transport, ms (`oa_setup_s`, §8):
    /// not sourced; 0.3 s (session resumed, NTLM on a near server) to 3 s
    /// (full handshake, Basic against a far server).
    #[serde(default = "oa_setup_ms")]
    pub oa_setup_ms: Span<u32>,
    /// Time to fail against a RST, ms: one measurement, 2 s (§3, C14); the
    /// NT-era KB's "3 extra times" at the base timeout gives about the same.
    /// Not calibrated: 1–3 s.
    #[serde(default = "rst_fail_ms")]
    pub rst_fail_ms: Span<u32>,
    /// Whether ICMP unreachable aborts a pending connect: undocumented for
    /// Windows (§3); either.
    #[serde(default = "icmp_aborts_connect")]
    pub icmp_aborts_connect: Span<bool>,
    /// Round trip on a site LAN, ms (zones that set no RTT): not sourced; 1–10.
    #[serde(default = "site_rtt_ms")]
    pub site_rtt_ms: Span<u32>,
    /// Round trip from the Internet or a VPN, ms (zones that set no RTT): not
    /// sourced; 20–200.
    #[serde(default = "remote_rtt_ms")]
    pub remote_rtt_ms: Span<u32>,
    /// The fastest link Outlook counts as slow, kbit/s: "<= 128 kbps", folklore
    /// documented for Outlook 2003 only (§4, §9); 64–256.
    #[serde(default = "slow_link_max_kbps")]
    pub slow_link_max_kbps: Span<u32>,
    /// Connection setups per user per day (start, resume, network change,
    /// reconnect; §8 step 5): not sourced; 2–10.
    #[serde(default = "connects_per_day")]
    pub connects_per_day: Span<u32>,
    /// An SCP lookup with no domain controller in reach, ms (§6 cost 5,
    /// parameter `scp_no_dc_ms`): not sourced; 0 (the locator fails at
    /// once) to 21 s (one dropped connect, §3).
    #[serde(default = "scp_no_dc_ms")]
    pub scp_no_dc_ms: Span<u32>,
    /// A server that takes an Autodiscover request and never answers, ms
    /// (§6 cost 4): no documented timeout; 10–60 s.
    #[serde(default = "autodiscover_http_timeout_ms")]
    pub autodiscover_http_timeout_ms: Span<u32>,
    /// How long a user takes to answer a certificate or redirect prompt, ms
    /// (§6 cost 6): nothing measured; 2–30 s.
    #[serde(default = "prompt_answer_ms")]
    pub prompt_answer_ms: Span<u32>,
    /// Whether an SRV target raises the redirect prompt (§6 https 6): unverified.
    #[serde(default = "either")]
    pub srv_prompts: Span<bool>,
    /// Whether Outlook 2016 and later chase DNS alongside the SCP as 2013
    /// does (§6 step 6): unverified.
    #[serde(default = "either")]
    pub outlook2016_parallel_chase: Span<bool>,
    /// Whether the mailbox connection at start waits for the start's
    /// Autodiscover run (§6 run 5): undocumented.
    #[serde(default = "either")]
    pub start_waits_for_autodiscover: Span<bool>,
    /// Whether the cached URL is tried first or after SRV (§6 step 4): field
    /// lists disagree.
    #[serde(default = "either")]
    pub cached_url_first: Span<bool>,
    /// Whether an organisation built with Exchange 2013 alone has MAPI/HTTP
    /// on when nobody set it (§10 parameter `org_mapi_default_2013`): in
    /// none of the sources. File format 6.
    #[serde(default = "either")]
    pub org_mapi_default_2013: Span<bool>,
    /// Whether a mailbox's MAPI/HTTP setting wins over the organisation's
    /// (§10 protocol 3, parameter `mailbox_overrides_org`): field reports
    /// only. File format 6.
    #[serde(default = "either")]
    pub mailbox_overrides_org: Span<bool>,
    /// Whether a dual-stack client tries IPv6 addresses before IPv4 ones
    /// (§10 ipv6 3, parameter `ipv6_first`): no source. File format 6.
    #[serde(default = "either")]
    pub ipv6_first: Span<bool>,
    /// Whether IPv6 and IPv4 connects race instead of following each other
    /// (§10 ipv6 3, parameter `dual_stack_race`): no source. File format 6.
    #[serde(default = "either")]
    pub dual_stack_race: Span<bool>,
}

/// §10 parameter defaults (the table "Parameters no source gives").
pub const DEFAULT_ORG_MAPI_DEFAULT_2013: bool = false;
pub const DEFAULT_MAILBOX_OVERRIDES_ORG: bool = true;
pub const DEFAULT_IPV6_FIRST: bool = true;
pub const DEFAULT_DUAL_STACK_RACE: bool = false;

fn bind_attempts() -> Span<u8> {
    Span::new(1, 2)
}
fn oa_setup_ms() -> Span<u32> {
    Span::new(300, 3_000)
}
fn rst_fail_ms() -> Span<u32> {
    Span::new(1_000, 3_000)
}
fn icmp_aborts_connect() -> Span<bool> {
    Span::new(false, true)
}
fn site_rtt_ms() -> Span<u32> {
    Span::new(1, 10)
}
fn remote_rtt_ms() -> Span<u32> {
    Span::new(20, 200)
}
fn slow_link_max_kbps() -> Span<u32> {
    Span::new(64, 256)
}
fn connects_per_day() -> Span<u32> {
    Span::new(2, 10)
}
fn scp_no_dc_ms() -> Span<u32> {
    Span::new(0, 21_000)
}
fn autodiscover_http_timeout_ms() -> Span<u32> {
    Span::new(10_000, 60_000)
}
fn prompt_answer_ms() -> Span<u32> {
    Span::new(2_000, 30_000)
}
fn either() -> Span<bool> {
    Span::new(false, true)
}

impl Default for Ranges {
    fn default() -> Self {
        Ranges {
            rpc_bind_attempts: bind_attempts(),
            oa_setup_ms: oa_setup_ms(),
            rst_fail_ms: rst_fail_ms(),
            icmp_aborts_connect: icmp_aborts_connect(),
            site_rtt_ms: site_rtt_ms(),
            remote_rtt_ms: remote_rtt_ms(),
            slow_link_max_kbps: slow_link_max_kbps(),
            connects_per_day: connects_per_day(),
            scp_no_dc_ms: scp_no_dc_ms(),
            autodiscover_http_timeout_ms: autodiscover_http_timeout_ms(),
            prompt_answer_ms: prompt_answer_ms(),
            srv_prompts: either(),
            outlook2016_parallel_chase: either(),
            start_waits_for_autodiscover: either(),
            cached_url_first: either(),
            org_mapi_default_2013: either(),
            mailbox_overrides_org: either(),
            ipv6_first: either(),
            dual_stack_race: either(),
        }
    }
}

impl Ranges {
    /// A yes/no parameter's design value: the model's `default`, moved to
    /// the span's end when the design narrows the span away from it.
    pub fn flag(span: Span<bool>, default: bool) -> bool {
        default.clamp(span.min, span.max)
    }

    /// Every span a point at the model's defaults: predictions without ranges.
    pub fn points() -> Self {
        Ranges {
            rpc_bind_attempts: Span::point(super::client::default_bind_attempts()),
            oa_setup_ms: Span::point(super::client::default_oa_setup_ms()),
            rst_fail_ms: Span::point(super::client::default_rst_fail_ms()),
            icmp_aborts_connect: Span::point(false),
            site_rtt_ms: Span::point(super::network::DEFAULT_SITE_RTT_MS),
            remote_rtt_ms: Span::point(super::network::DEFAULT_REMOTE_RTT_MS),
            slow_link_max_kbps: Span::point(super::client::SLOW_LINK_MAX_KBPS),
            connects_per_day: Span::point(super::client::default_connects_per_day()),
            scp_no_dc_ms: Span::point(super::DEFAULT_SCP_NO_DC_MS),
            autodiscover_http_timeout_ms: Span::point(super::DEFAULT_AUTODISCOVER_HTTP_TIMEOUT_MS),
            prompt_answer_ms: Span::point(super::DEFAULT_PROMPT_ANSWER_MS),
            srv_prompts: Span::point(super::DEFAULT_SRV_PROMPTS),
            outlook2016_parallel_chase: Span::point(super::DEFAULT_OUTLOOK2016_PARALLEL_CHASE),
            start_waits_for_autodiscover: Span::point(super::DEFAULT_START_WAITS_FOR_AUTODISCOVER),
            cached_url_first: Span::point(super::DEFAULT_CACHED_URL_FIRST),
            org_mapi_default_2013: Span::point(DEFAULT_ORG_MAPI_DEFAULT_2013),
            mailbox_overrides_org: Span::point(DEFAULT_MAILBOX_OVERRIDES_ORG),
            ipv6_first: Span::point(DEFAULT_IPV6_FIRST),
            dual_stack_race: Span::point(DEFAULT_DUAL_STACK_RACE),
        }
    }
}
