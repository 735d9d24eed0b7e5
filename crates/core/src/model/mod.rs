//! The scenario model: everything an architect designs, and nothing derived.
//!
//! Objects carry stable string ids and refer to each other by id, so a file
//! stays readable and an edit never invalidates a pointer. Every knob with a
//! default documents its unit and cites the section of
//! `docs/behaviour-model.md` (§n) that the default comes from.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

mod autodiscover;
mod change;
mod client;
mod dns;
mod exchange;
mod network;
mod plan;
mod ranges;

pub use crate::list::List;
pub use autodiscover::*;
pub use change::*;
pub use client::*;
pub use dns::*;
pub use exchange::*;
pub use network::*;
pub use plan::*;
pub use ranges::*;

/// A field with a fixed set of values, shown as a select: every value in
/// order, its name in files (as serde writes it; a test holds them equal)
/// and its label in forms. The one table per enum: forms, files and the CLI
/// read it, nothing else spells the names.
pub trait Choice:
    Copy + PartialEq + Into<&'static str> + std::str::FromStr + strum::VariantArray + 'static
{
    /// The name in scenario files, e.g. `reject-rst`.
    fn as_str(self) -> &'static str {
        self.into()
    }
    /// The value as a form offers it, e.g. "REJECT with RST".
    fn form_label(self) -> &'static str;
    /// The value named `name`, if any.
    fn parse(name: &str) -> Option<Self> {
        name.parse().ok()
    }
}

/// A whole design: the organisation's sites, the DNS views clients resolve in,
/// the network they sit in and the Outlook clients whose connections we predict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct Scenario {
    /// Title shown in the header and in file names.
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Organisation (Exchange org) name.
    #[serde(default)]
    pub organisation: String,
    /// The organisation's MAPI/HTTP setting (`Set-OrganizationConfig
    /// -MapiHttpEnabled`). None: what setup left, which depends on how the
    /// organisation was built (§10 protocol 2). File format 6.
    #[serde(default)]
    pub mapi_http_enabled: Option<bool>,
    #[serde(default)]
    pub sites: List<Site>,
    /// Autodiscover endpoints published for the organisation (§6).
    #[serde(default)]
    pub autodiscover: Autodiscover,
    #[serde(default)]
    pub dns_views: List<DnsView>,
    #[serde(default)]
    pub network_zones: List<NetworkZone>,
    #[serde(default)]
    pub perimeter: Perimeter,
    #[serde(default)]
    pub timing_presets: List<OsTimingPreset>,
    #[serde(default)]
    pub clients: List<Client>,
    /// The spans of the model's undocumented parameters (§8, §9).
    #[serde(default)]
    pub ranges: Ranges,
    /// A migration plan starting from this design (§11 step 1); written
    /// only when there is one. File format 7.
    #[serde(default, skip_serializing_if = "Migration::is_empty")]
    pub migration: Migration,
}

/// An Active Directory site and the Exchange servers in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct Site {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub cas_servers: List<CasServer>,
    /// Exchange allows one array per site (§1); a list so a broken design can be
    /// loaded and reported rather than rejected.
    #[serde(default)]
    pub arrays: List<CasArray>,
    #[serde(default)]
    pub mailbox_servers: List<MailboxServer>,
    #[serde(default)]
    pub databases: List<MailboxDatabase>,
    #[serde(default)]
    pub public_folder_databases: List<PublicFolderDatabase>,
}

fn yes() -> bool {
    true
}
