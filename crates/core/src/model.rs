//! The scenario model: everything an architect designs, and nothing derived.
//!
//! Objects carry stable string ids and refer to each other by id, so a file
//! stays readable and an edit never invalidates a pointer. Every knob with a
//! default documents its unit and cites the section of
//! `docs/behaviour-model.md` (§n) that the default comes from.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

pub use crate::list::List;

/// A field with a fixed set of values, shown as a select: every value in
/// order, its name in files (as serde writes it; a test holds them equal)
/// and its label in forms. The one table per enum: forms, files and the CLI
/// read it, nothing else spells the names.
pub trait Choice: Copy + PartialEq + Into<&'static str> + std::str::FromStr + strum::VariantArray + 'static {
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

/// An Exchange 2010 Client Access Server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CasServer {
    pub id: String,
    pub name: String,
    pub fqdn: String,
    pub ip: Ipv4Addr,
    /// RPC Client Access and Address Book ports (§2 step 5).
    #[serde(default)]
    pub rpc_ports: RpcPorts,
    #[serde(default)]
    pub outlook_anywhere: OutlookAnywhere,
    /// Autodiscover SCP URL published in AD (AutoDiscoverServiceInternalUri, §6).
    #[serde(default)]
    pub autodiscover_scp_url: String,
}

/// Where a server's RPC endpoints listen once the endpoint mapper on TCP 135 answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(tag = "mode", rename_all = "kebab-case")]
pub enum RpcPorts {
    /// Dynamic range 6005–59530, set when the CAS role is installed (§2 step 5).
    #[default]
    Dynamic,
    /// Static ports from the registry; ExBPA recommends 59531–60554, customarily
    /// 59531 (RPC Client Access) and 59532 (Address Book) (§2 step 5).
    Static { rpc_client_access: u16, address_book: u16 },
}

/// The dynamic RPC range after the CAS role is installed (§2 step 5).
pub const DYNAMIC_RPC_RANGE: PortRange = PortRange {
    from: 6005,
    to: 59530,
};
/// RPC endpoint mapper (§2 step 3).
pub const EPM_PORT: u16 = 135;
/// HTTPS, used by Outlook Anywhere and MAPI/HTTP (§4).
pub const HTTPS_PORT: u16 = 443;

/// Up to two port ranges, without a heap allocation.
pub type PortList = std::iter::Take<std::array::IntoIter<PortRange, 2>>;

impl RpcPorts {
    /// The mode as scenario files name it: `dynamic` or `static`.
    pub fn mode(&self) -> &'static str {
        match self {
            RpcPorts::Dynamic => "dynamic",
            RpcPorts::Static { .. } => "static",
        }
    }

    /// The TCP ports a client must reach after the endpoint-mapper lookup (§2 step 5).
    pub fn needed(self) -> PortList {
        match self {
            RpcPorts::Dynamic => [DYNAMIC_RPC_RANGE, DYNAMIC_RPC_RANGE].into_iter().take(1),
            RpcPorts::Static { rpc_client_access, address_book } => {
                [PortRange::single(rpc_client_access), PortRange::single(address_book)].into_iter().take(2)
            }
        }
    }
}

/// Every port an Exchange server listens on: the endpoint mapper, its RPC
/// ports and, on a CAS, HTTPS (§2 step 5). The one list of them: path
/// verdicts, range probing and the advisor's load-balancer check all read it.
pub fn listening_ports(rpc: RpcPorts, is_cas: bool) -> impl Iterator<Item = PortRange> + Clone {
    std::iter::once(PortRange::single(EPM_PORT))
        .chain(rpc.needed())
        .chain(is_cas.then_some(PortRange::single(HTTPS_PORT)))
}

/// Whether a server with these RPC ports listens on `port` ([`listening_ports`]).
pub fn listens_on(rpc: RpcPorts, is_cas: bool, port: u16) -> bool {
    listening_ports(rpc, is_cas).any(|r| r.contains(port))
}

/// Outlook Anywhere (RPC over HTTP) on a CAS (§4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OutlookAnywhere {
    #[serde(default)]
    pub enabled: bool,
    /// Name external clients reach over HTTPS, e.g. `mail.mycompany.com`.
    #[serde(default)]
    pub external_hostname: String,
    /// Name internal clients use for HTTP transports; empty means the external one.
    #[serde(default)]
    pub internal_hostname: String,
    #[serde(default)]
    pub auth: OaAuth,
    /// `Set-OutlookProvider EXPR -OutlookProviderFlags ServerExclusiveConnect`:
    /// pushes "HTTP first" to clients. That it sets the 0x8 checkbox is inferred,
    /// not documented (§4). Default off.
    #[serde(default)]
    pub server_exclusive_connect: bool,
}

impl Default for OutlookAnywhere {
    fn default() -> Self {
        OutlookAnywhere {
            enabled: false,
            external_hostname: String::new(),
            internal_hostname: String::new(),
            auth: OaAuth::Basic,
            server_exclusive_connect: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "kebab-case")]
#[serde(rename_all = "kebab-case")]
pub enum OaAuth {
    #[default]
    Basic,
    Ntlm,
    Negotiate,
}

impl OaAuth {
    pub fn label(self) -> &'static str {
        match self {
            OaAuth::Basic => "Basic",
            OaAuth::Ntlm => "NTLM",
            OaAuth::Negotiate => "Negotiate",
        }
    }
}

/// A Client Access array: the name RPC/TCP clients connect to (§1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct CasArray {
    pub id: String,
    /// `-Name`, at most 64 characters (§1).
    pub name: String,
    /// `-Fqdn`: "the value that RPC over TCP clients use to connect" (§1).
    pub fqdn: String,
    /// Ids of the CAS servers behind the array.
    #[serde(default)]
    pub members: Vec<String>,
    /// The array does no load balancing itself (§1); the VIP is what its name
    /// should resolve to.
    #[serde(default)]
    pub load_balancer: Option<LoadBalancer>,
}

/// A load balancer in front of the array's members (§2 step 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LoadBalancer {
    pub vip: Ipv4Addr,
    /// TCP ports the VIP forwards to the members: 135 plus the dynamic range or
    /// both static ports, and 443 (§2 step 5).
    pub forwarded_ports: Vec<PortRange>,
    /// What the VIP does with a SYN to a port it does not forward. Default DROP,
    /// the common virtual-server behaviour; the model has no figure (§3).
    #[serde(default)]
    pub unforwarded: PerimeterAction,
}

/// An inclusive TCP port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

impl PortRange {
    pub const fn single(port: u16) -> Self {
        PortRange {
            from: port,
            to: port,
        }
    }
    pub fn contains(&self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }
    /// Whether `other` lies wholly inside one of `ranges` (ranges are not merged:
    /// designs list the ranges an admin typed).
    pub fn covered_by(&self, ranges: &[PortRange]) -> bool {
        // Walk up from `from`, jumping to the end of whichever range covers the cursor.
        let mut cursor = self.from as u32;
        while cursor <= self.to as u32 {
            match ranges
                .iter()
                .filter(|r| (r.from as u32) <= cursor && cursor <= r.to as u32)
                .map(|r| r.to as u32)
                .max()
            {
                Some(end) => cursor = end + 1,
                None => return false,
            }
        }
        true
    }
}

impl std::fmt::Display for PortRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}–{}", self.from, self.to)
        }
    }
}

/// A Mailbox server. Outlook reaches it directly only for public folders (seed point 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MailboxServer {
    pub id: String,
    pub name: String,
    pub fqdn: String,
    pub ip: Ipv4Addr,
    /// Public-folder Mailbox servers take the same static-port key (§2 step 5).
    #[serde(default)]
    pub rpc_ports: RpcPorts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default, JsonSchema)]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
pub enum ExchangeVersion {
    #[default]
    #[serde(rename = "2010")]
    #[strum(serialize = "2010")]
    V2010,
    #[serde(rename = "2013")]
    #[strum(serialize = "2013")]
    V2013,
    #[serde(rename = "2016")]
    #[strum(serialize = "2016")]
    V2016,
}

impl ExchangeVersion {
    /// Exchange 2013 and later offer no RPC/TCP path to the mailbox (§1).
    pub fn has_rpc_tcp(self) -> bool {
        self == ExchangeVersion::V2010
    }
    pub fn label(self) -> &'static str {
        match self {
            ExchangeVersion::V2010 => "Exchange 2010",
            ExchangeVersion::V2013 => "Exchange 2013",
            ExchangeVersion::V2016 => "Exchange 2016",
        }
    }
}

/// A mailbox database; its `rpc_client_access_server` is what Outlook profiles
/// store as the home server (§1, §2 step 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct MailboxDatabase {
    pub id: String,
    pub name: String,
    /// Id of the mailbox server that mounts it.
    pub server: String,
    /// FQDN written into profiles: should be the site's array FQDN (§1).
    pub rpc_client_access_server: String,
    #[serde(default)]
    pub exchange_version: ExchangeVersion,
    /// Id of the default public-folder database, if any.
    #[serde(default)]
    pub public_folder_database: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct PublicFolderDatabase {
    pub id: String,
    pub name: String,
    /// Id of the mailbox server holding it; Outlook connects there directly (seed point 3).
    pub server: String,
}

/// Organisation-wide Autodiscover names (§6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct Autodiscover {
    /// SMTP domain users type, e.g. `mycompany.com`.
    #[serde(default)]
    pub smtp_domain: String,
    /// DNS names published for Autodiscover, e.g. `autodiscover.mycompany.com`.
    #[serde(default)]
    pub dns_names: Vec<String>,
}

/// A resolver's view of DNS: internal AD DNS, the Internet, a hotel resolver…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct DnsView {
    pub id: String,
    pub name: String,
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

fn yes() -> bool {
    true
}

impl DnsView {
    /// A view answering for `zones` that forwards nothing, redirects nothing
    /// and always responds (the defaults above).
    pub fn new(id: &str, name: &str, zones: impl Into<List<DnsZone>>) -> Self {
        DnsView { id: id.into(), name: name.into(), zones: zones.into(), forwards_to: None, nxdomain_redirect: None, responds: true }
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
    A { address: Ipv4Addr },
    #[serde(rename = "CNAME")]
    Cname { target: String },
    #[serde(rename = "SRV")]
    Srv {
        target: String,
        port: u16,
        #[serde(default)]
        priority: u16,
        #[serde(default)]
        weight: u16,
    },
}

impl RecordData {
    pub fn type_name(&self) -> &'static str {
        match self {
            RecordData::A { .. } => "A",
            RecordData::Cname { .. } => "CNAME",
            RecordData::Srv { .. } => "SRV",
        }
    }
}

impl std::fmt::Display for DnsRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.data {
            RecordData::A { address } => write!(f, "{} A {}", self.name, address),
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
        }
    }
}

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
        self.rtt_ms.map(u64::from).unwrap_or(match self.kind {
            ZoneKind::Site { .. } => 1,
            ZoneKind::Internet | ZoneKind::Vpn { .. } => 40,
        })
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
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

/// Windows TCP connect timing (§3). Presets are editable data, not code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OsTimingPreset {
    pub id: String,
    pub name: String,
    /// Initial SYN retransmission timeout, ms; doubles on each retry (§3).
    pub initial_rto_ms: u32,
    /// SYN retransmissions before giving up (§3).
    pub max_syn_retransmissions: u8,
    /// Ceiling on a connect attempt, ms: modern Windows gives up at 21 s
    /// whatever the retries (§3, C15). None = no ceiling.
    #[serde(default)]
    pub connect_ceiling_ms: Option<u32>,
    /// Time to fail against a RST, ms: Windows retries SYNs after a RST;
    /// measured "takes 2s to fail" (§3, C14).
    #[serde(default = "default_rst_fail_ms")]
    pub rst_fail_ms: u32,
    /// Whether ICMP unreachable aborts a pending connect. Undocumented for
    /// Windows (§3); §8 says default it to the DROP value, i.e. false.
    #[serde(default)]
    pub icmp_aborts_connect: bool,
}

/// §3 / C14: "takes 2s to fail" against a port with no listener.
fn default_rst_fail_ms() -> u32 {
    2_000
}

/// Outlook client profile: where it runs, how it resolves and what it tries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Client {
    pub id: String,
    pub name: String,
    /// Network zone id.
    pub location: String,
    /// DNS view id the client resolves in.
    pub dns_view: String,
    /// Mailbox database id (the profile's home server is its RpcClientAccessServer).
    pub mailbox_database: String,
    /// OS timing preset id (§3).
    pub os_timing: String,
    #[serde(default)]
    pub outlook_version: OutlookVersion,
    /// Profile has Outlook Anywhere ("Connect using HTTP") configured, normally by
    /// Autodiscover (§4, §6). Default true.
    #[serde(default = "yes")]
    pub outlook_anywhere: bool,
    /// PR_ROH_FLAGS 0x8, "On fast networks, connect using HTTP first" (§4).
    /// Exchange 2010 default: unchecked.
    #[serde(default)]
    pub http_first_on_fast: bool,
    /// PR_ROH_FLAGS 0x20, the same on slow networks (§4). Exchange 2010 default: checked.
    #[serde(default = "yes")]
    pub http_first_on_slow: bool,
    /// Interface speed Windows reports, kbit/s; > 128 counts as fast (§4, folklore).
    #[serde(default = "default_link_kbps")]
    pub link_kbps: u32,
    #[serde(default)]
    pub domain_joined: bool,
    /// Serial RPC/TCP bind attempts per protocol cycle, k in §8 step 4:
    /// undocumented, default 1, calibrated range 1–2.
    #[serde(default = "default_bind_attempts")]
    pub rpc_bind_attempts: u8,
    /// TLS + authentication time for the HTTPS transport, ms (§8 input
    /// `oa_setup_s`). No source gives a figure: default 800 ms; capped at the
    /// 45 s RPC/HTTP connect timeout (§4, KB 831060).
    #[serde(default = "default_oa_setup_ms")]
    pub oa_setup_ms: u32,
}

impl Client {
    /// A client with every knob at its documented default.
    pub fn with_defaults(id: &str, name: &str, location: &str, dns_view: &str, mailbox_database: &str, os_timing: &str) -> Self {
        Client {
            id: id.into(),
            name: name.into(),
            location: location.into(),
            dns_view: dns_view.into(),
            mailbox_database: mailbox_database.into(),
            os_timing: os_timing.into(),
            outlook_version: OutlookVersion::default(),
            outlook_anywhere: true,
            http_first_on_fast: false,
            http_first_on_slow: true,
            link_kbps: default_link_kbps(),
            domain_joined: false,
            rpc_bind_attempts: default_bind_attempts(),
            oa_setup_ms: default_oa_setup_ms(),
        }
    }
}

/// Any broadband link: "fast" by the 128 kbps threshold (§4).
fn default_link_kbps() -> u32 {
    20_000
}
/// §8 step 4: k defaults to 1.
fn default_bind_attempts() -> u8 {
    1
}
/// §8: `oa_setup_s` is an input with no sourced value; 800 ms is this project's default.
fn default_oa_setup_ms() -> u32 {
    800
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default, JsonSchema)]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
pub enum OutlookVersion {
    #[serde(rename = "2007")]
    #[strum(serialize = "2007")]
    O2007,
    #[default]
    #[serde(rename = "2010")]
    #[strum(serialize = "2010")]
    O2010,
    #[serde(rename = "2013")]
    #[strum(serialize = "2013")]
    O2013,
    #[serde(rename = "2016")]
    #[strum(serialize = "2016")]
    O2016,
}

impl OutlookVersion {
    /// MAPI/HTTP shipped with Outlook 2013 SP1 (§1, §4); we assume current service packs.
    pub fn speaks_mapi_http(self) -> bool {
        self >= OutlookVersion::O2013
    }
    pub fn label(self) -> &'static str {
        match self {
            OutlookVersion::O2007 => "Outlook 2007",
            OutlookVersion::O2010 => "Outlook 2010",
            OutlookVersion::O2013 => "Outlook 2013",
            OutlookVersion::O2016 => "Outlook 2016",
        }
    }
}

impl Choice for OaAuth {
    fn form_label(self) -> &'static str {
        self.label()
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

impl Choice for ExchangeVersion {
    fn form_label(self) -> &'static str {
        self.label()
    }
}

impl Choice for OutlookVersion {
    fn form_label(self) -> &'static str {
        self.label()
    }
}

/// A private (RFC 1918) address: not routed on the Internet.
pub fn is_private(ip: Ipv4Addr) -> bool {
    ip.is_private() || ip.is_loopback() || ip.is_link_local()
}

/// The fast/slow threshold: "Slow network is supposed to be <= 128 kbps" (§4).
pub const SLOW_LINK_MAX_KBPS: u32 = 128;

/// The built-in OS presets of §3, used by new scenarios and examples.
pub fn builtin_timing_presets() -> Vec<OsTimingPreset> {
    let preset = |id: &str, name: &str, rto: u32, syn: u8, ceiling: Option<u32>| OsTimingPreset {
        id: id.into(),
        name: name.into(),
        initial_rto_ms: rto,
        max_syn_retransmissions: syn,
        connect_ceiling_ms: ceiling,
        rst_fail_ms: default_rst_fail_ms(),
        icmp_aborts_connect: false,
    };
    vec![
        // §3 row 1: TcpInitialRTT 3 s, TcpMaxConnectRetransmissions 2 → 21 s.
        preset("os-xp", "Windows XP / 2003", 3_000, 2, None),
        // §3 row 2: no Vista source; assumed to match Windows 7.
        preset("os-vista", "Windows Vista (assumed as 7)", 3_000, 2, None),
        // §3 row 3: "3 seconds + 2*3 seconds + 4*3 seconds = 21 seconds".
        preset("os-win7", "Windows 7 / 2008 R2", 3_000, 2, None),
        // §3 row 4: default not found; assumed as Windows 10 (measured).
        preset("os-win8", "Windows 8 / 2012 (assumed as 10)", 1_000, 4, Some(21_000)),
        // §3 row 5 / C15: initial 1 s, MaxSynRetransmissions 4, 21 s ceiling.
        preset("os-win10", "Windows 10 / 11", 1_000, 4, Some(21_000)),
        // §3 row 5 / C15: the same with MaxSynRetransmissions 2 → 7 s.
        preset("os-win10-syn2", "Windows 10 / 11, MaxSyn 2", 1_000, 2, Some(21_000)),
    ]
}
