//! Where clients sit and what the perimeter does with their SYNs.

use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// Not sourced: a site LAN's round trip, ms.
pub const DEFAULT_SITE_RTT_MS: u32 = 1;
/// Not sourced: the round trip from the Internet or a VPN, ms.
pub const DEFAULT_REMOTE_RTT_MS: u32 = 40;

/// Where a client sits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NetworkZone {
    pub id: String,
    pub name: String,
    pub kind: ZoneKind,
    /// Round-trip time to the servers, in ms. §8 prices a DNS answer and each
    /// protocol exchange at one RTT but gives no figure, so this is a parameter:
    /// default 1 ms on a site LAN, 40 ms from the Internet or VPN.
    #[serde(default)]
    pub rtt_ms: Option<u32>,
}

impl NetworkZone {
    pub fn rtt(&self) -> u64 {
        // §8 "T_dns = one RTT"; the figures are this project's defaults, not sourced.
        self.rtt_ms.map(u64::from).unwrap_or(
            if self.is_remote() {
                DEFAULT_REMOTE_RTT_MS
            } else {
                DEFAULT_SITE_RTT_MS
            }
            .into(),
        )
    }
    /// Reached over a WAN (the Internet or a VPN): the remote round-trip span applies.
    pub fn is_remote(&self) -> bool {
        !matches!(self.kind, ZoneKind::Site { .. })
    }
    /// Inside the organisation's network: private addresses route, no perimeter.
    pub fn is_inside(&self) -> bool {
        !matches!(self.kind, ZoneKind::Internet)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ZoneKind {
    /// On an AD site's LAN.
    Site { site: String },
    /// On the Internet: the perimeter applies and private addresses do not route.
    Internet,
    /// Remote but tunnelled into a site: inside the perimeter.
    Vpn { site: String },
}

impl ZoneKind {
    /// The type as scenario files name it: `site`, `internet` or `vpn`.
    pub fn type_name(&self) -> &'static str {
        match self {
            ZoneKind::Site { .. } => "site",
            ZoneKind::Internet => "internet",
            ZoneKind::Vpn { .. } => "vpn",
        }
    }
}

/// What the organisation's perimeter does with SYNs from the Internet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct Perimeter {
    /// First match wins.
    #[serde(default)]
    pub rules: List<PerimeterRule>,
    /// Action when no rule matches. Default DROP, a firewall's usual stance.
    #[serde(default)]
    pub default_action: PerimeterAction,
    /// Hairpin NAT (NAT reflection): whether a connection from inside to one
    /// of the perimeter's own public addresses (a rule's destination) is
    /// reflected through its rules, as from the Internet. Default off: many
    /// firewalls do not reflect unless told to, and a design that assumes
    /// reflection hides a failure where it is missing (§8, internal client
    /// failure branches: "through a hairpin").
    #[serde(default)]
    pub hairpin_nat: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PerimeterRule {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Destination public address the rule applies to.
    pub destination: Ipv4Addr,
    pub ports: PortRange,
    pub action: PerimeterAction,
    /// Destination NAT for allowed traffic, e.g. to the load-balancer VIP.
    #[serde(default)]
    pub translate_to: Option<Ipv4Addr>,
}

/// What happens to a TCP SYN (§3).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[strum(serialize_all = "kebab-case")]
#[serde(rename_all = "kebab-case")]
pub enum PerimeterAction {
    Allow,
    /// Silently discarded: the client retransmits until it gives up.
    #[default]
    Drop,
    /// Refused with a TCP RST.
    RejectRst,
    /// Refused with ICMP unreachable.
    IcmpUnreachable,
}

impl PerimeterAction {
    pub fn label(self) -> &'static str {
        match self {
            PerimeterAction::Allow => "allow",
            PerimeterAction::Drop => "DROP",
            PerimeterAction::RejectRst => "REJECT (RST)",
            PerimeterAction::IcmpUnreachable => "REJECT (ICMP unreachable)",
        }
    }
}

impl Choice for PerimeterAction {
    fn form_label(self) -> &'static str {
        match self {
            PerimeterAction::Allow => "Allow",
            PerimeterAction::Drop => "DROP (silently)",
            PerimeterAction::RejectRst => "REJECT with RST",
            PerimeterAction::IcmpUnreachable => "REJECT with ICMP unreachable",
        }
    }
}

/// A private (RFC 1918) address: not routed on the Internet.
pub fn is_private(ip: Ipv4Addr) -> bool {
    ip.is_private() || ip.is_loopback() || ip.is_link_local()
}

/// An IPv6 address the Internet does not route: loopback, unique local
/// (fc00::/7, RFC 4193) or link local (fe80::/10).
pub fn is_private_v6(ip: std::net::Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback() || first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfe80
}
