//! DNS as clients see it: views (resolvers), their zones and records.

use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Who resolves names in a view. The seed post's rule is that the array
/// name resolves inside only: it must answer in a view inside clients use
/// and must not answer in one the Internet uses (§5). A view serving both
/// at once cannot do both, so it needs splitting (split-brain or a pinpoint
/// zone, §5). Every rule takes where a view stands from here, never from
/// where the design's clients happen to sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// The organisation's own resolvers, used on its sites and over VPN.
    #[default]
    Internal,
    /// Resolvers on the Internet: public DNS, a hotel's or an ISP's.
    External,
    /// One resolver answering inside and outside alike (no split-brain).
    Both,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Audience::Internal, Audience::External, Audience::Both];

    /// As scenario files write it: `internal`, `external` or `both`.
    pub fn code(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::External => "external",
            Audience::Both => "both",
        }
    }
    /// For people: what the view serves.
    pub fn label(self) -> &'static str {
        match self {
            Audience::Internal => "Inside clients (internal DNS)",
            Audience::External => "Outside clients (the Internet)",
            Audience::Both => "Inside and outside clients (no split-brain)",
        }
    }
    /// A few words for lists and drawings: `inside`, `outside`, `inside and outside`.
    pub fn short(self) -> &'static str {
        match self {
            Audience::Internal => "inside",
            Audience::External => "outside",
            Audience::Both => "inside and outside",
        }
    }
    pub fn from_code(code: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.code() == code)
    }
    /// Inside clients resolve here: the array name must answer.
    pub fn serves_inside(self) -> bool {
        self != Audience::External
    }
    /// The Internet resolves here: the array name must not answer.
    pub fn serves_outside(self) -> bool {
        self != Audience::Internal
    }
}

/// A resolver's view of DNS: internal AD DNS, the Internet, a hotel resolver…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct DnsView {
    pub id: String,
    pub name: String,
    /// Who resolves here (file format 4; older files take it from the
    /// clients that used the view, `file/v3.rs`).
    pub audience: Audience,
    #[serde(default)]
    pub zones: List<DnsZone>,
    /// Names outside this view's zones are looked up in this view (a forwarder);
    /// e.g. a hotel resolver forwards to "Internet".
    #[serde(default)]
    pub forwards_to: Option<String>,
    /// "NXDOMAIN redirection": non-existent names answered with this address (§5).
    #[serde(default)]
    pub nxdomain_redirect: Option<Ipv4Addr>,
    /// When false the resolver never answers: the Windows client gives up after
    /// 10 s (§5). Default true.
    #[serde(default = "yes")]
    pub responds: bool,
}

impl DnsView {
    /// A view for `audience` answering for `zones` that forwards nothing,
    /// redirects nothing and always responds (the defaults above).
    pub fn new(id: &str, name: &str, audience: Audience, zones: impl Into<List<DnsZone>>) -> Self {
        DnsView {
            id: id.into(),
            name: name.into(),
            audience,
            zones: zones.into(),
            forwards_to: None,
            nxdomain_redirect: None,
            responds: true,
        }
    }
}

/// A zone the view is authoritative for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct DnsZone {
    pub id: String,
    /// Zone apex, e.g. `mycompany.com`.
    pub name: String,
    #[serde(default)]
    pub records: List<DnsRecord>,
}

/// A resource record. `name` is the owner FQDN; `*.zone` is a wildcard (§5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DnsRecord {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub data: RecordData,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type")]
pub enum RecordData {
    A {
        address: Ipv4Addr,
    },
    /// An IPv6 address (RFC 3596); §10 ipv6 1. File format 6.
    #[serde(rename = "AAAA")]
    Aaaa {
        address: std::net::Ipv6Addr,
    },
    #[serde(rename = "CNAME")]
    Cname {
        target: String,
    },
    #[serde(rename = "SRV")]
    Srv {
        target: String,
        port: u16,
        #[serde(default)]
        priority: u16,
        #[serde(default)]
        weight: u16,
    },
    /// Text (RFC 1035 §3.3.14). It carries no address, but it makes its name
    /// exist, so a wildcard no longer answers for that name (RFC 1034 §4.3.3,
    /// model §5): the usual way to stop a public wildcard leaking one name.
    /// Since file format version 2.
    #[serde(rename = "TXT")]
    Txt {
        text: String,
    },
}

impl RecordData {
    pub fn type_name(&self) -> &'static str {
        match self {
            RecordData::A { .. } => "A",
            RecordData::Aaaa { .. } => "AAAA",
            RecordData::Cname { .. } => "CNAME",
            RecordData::Srv { .. } => "SRV",
            RecordData::Txt { .. } => "TXT",
        }
    }
}

impl std::fmt::Display for DnsRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.data {
            RecordData::A { address } => write!(f, "{} A {}", self.name, address),
            RecordData::Aaaa { address } => write!(f, "{} AAAA {}", self.name, address),
            RecordData::Cname { target } => write!(f, "{} CNAME {}", self.name, target),
            RecordData::Srv {
                target,
                port,
                priority,
                weight,
            } => write!(
                f,
                "{} SRV {} {} {} {}",
                self.name, priority, weight, port, target
            ),
            RecordData::Txt { text } => write!(f, "{} TXT \"{}\"", self.name, text),
        }
    }
}
