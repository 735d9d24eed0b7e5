//! Exchange servers and what they serve: CAS servers and their ports and
//! Outlook Anywhere, the CAS array and its load balancer, mailbox servers and
//! databases.

use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Client Access server: Exchange 2010's CAS role, or the client access
/// services of an Exchange 2013 or later server (§10 serve 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CasServer {
    pub id: String,
    pub name: String,
    pub fqdn: String,
    pub ip: Ipv4Addr,
    /// Its Exchange version (§10 version 3). Default 2010: every CAS a
    /// file before format 6 describes.
    #[serde(default)]
    pub exchange_version: ExchangeVersion,
    /// Its build as `AdminDisplayVersion` or `Get-Command ExSetup` give it,
    /// e.g. `15.0.847.32` (Exchange 2013 SP1, the first to offer MAPI/HTTP,
    /// §10 version 3). Empty: a current build of its version. File format 6.
    #[serde(default)]
    pub build: String,
    /// RPC Client Access and Address Book ports (§2 step 5).
    #[serde(default)]
    pub rpc_ports: RpcPorts,
    #[serde(default)]
    pub outlook_anywhere: OutlookAnywhere,
    /// Autodiscover SCP URL published in AD (AutoDiscoverServiceInternalUri,
    /// §6 scp 2, scp 5). Empty: the CAS publishes no URL.
    #[serde(default)]
    pub autodiscover_scp_url: String,
    /// The AD sites its SCP URL is authoritative for (AutoDiscoverSiteScope,
    /// §6 scp 4–5), by site name as Exchange stores them. Empty: no `Site=`
    /// keyword, priority 2 for every client. File format 5.
    #[serde(default)]
    pub autodiscover_site_scope: Vec<String>,
    /// The names on the certificate its HTTPS binding presents (§6 https 2),
    /// which a load balancer's VIP in front of it presents too. File format
    /// 5; older files take the names the design serves (`file/v4.rs`).
    #[serde(default)]
    pub certificate_names: Vec<String>,
    /// The Windows Server it runs on, where it matters: Exchange 2010 on
    /// 2008 R2 needs KB3140410 before a newer server can proxy Outlook
    /// Anywhere to it (§11 coexist 5). Default: not said. File format 7.
    #[serde(default, skip_serializing_if = "WindowsServer::is_unknown")]
    pub windows: WindowsServer,
    /// Whether KB3140410 is installed (only read for 2010 on 2008 R2,
    /// §11 coexist 5). File format 7.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub kb3140410: bool,
}

/// The Windows Server version under an Exchange server (§11 coexist 5).
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
pub enum WindowsServer {
    /// Not said: the planner assumes nothing that depends on it.
    #[default]
    #[serde(rename = "unknown")]
    #[strum(serialize = "unknown")]
    Unknown,
    #[serde(rename = "2008-r2")]
    #[strum(serialize = "2008-r2")]
    W2008R2,
    #[serde(rename = "2012")]
    #[strum(serialize = "2012")]
    W2012,
    #[serde(rename = "2012-r2")]
    #[strum(serialize = "2012-r2")]
    W2012R2,
    #[serde(rename = "2016")]
    #[strum(serialize = "2016")]
    W2016,
    #[serde(rename = "2019")]
    #[strum(serialize = "2019")]
    W2019,
    #[serde(rename = "2022")]
    #[strum(serialize = "2022")]
    W2022,
    #[serde(rename = "2025")]
    #[strum(serialize = "2025")]
    W2025,
}

impl WindowsServer {
    pub fn is_unknown(&self) -> bool {
        *self == WindowsServer::Unknown
    }
    pub fn label(self) -> &'static str {
        match self {
            WindowsServer::Unknown => "Not said",
            WindowsServer::W2008R2 => "Windows Server 2008 R2",
            WindowsServer::W2012 => "Windows Server 2012",
            WindowsServer::W2012R2 => "Windows Server 2012 R2",
            WindowsServer::W2016 => "Windows Server 2016",
            WindowsServer::W2019 => "Windows Server 2019",
            WindowsServer::W2022 => "Windows Server 2022",
            WindowsServer::W2025 => "Windows Server 2025",
        }
    }
}

impl Choice for WindowsServer {
    fn form_label(self) -> &'static str {
        self.label()
    }
}

impl CasServer {
    /// Whether a newer server's Outlook Anywhere proxy reaches this one
    /// without endless prompts: NTLM among its Outlook Anywhere virtual
    /// directory's IIS methods, and on Windows Server 2008 R2 KB3140410
    /// (§11 coexist 5). None when it can; else why not.
    pub fn proxy_auth_problem(&self) -> Option<String> {
        let oa = &self.outlook_anywhere;
        if !oa.iis_methods().contains(&OaAuth::Ntlm) {
            return Some(format!(
                "the IIS authentication methods of {}'s Outlook Anywhere ({}) do not include NTLM, which the newer server's proxy uses",
                self.name,
                oa.iis_methods_label()
            ));
        }
        if self.windows == WindowsServer::W2008R2 && !self.kb3140410 {
            return Some(format!(
                "{} runs Windows Server 2008 R2 without KB3140410, which Outlook Anywhere needs behind a newer server",
                self.name
            ));
        }
        None
    }

    /// Whether its SCP URL's site scope names `site` (by name, as Exchange
    /// stores it, or by id): rank 1 for that site's computers (§6 scp 4).
    pub fn scoped_to(&self, site: &Site) -> bool {
        self.autodiscover_site_scope
            .iter()
            .any(|n| n.trim().eq_ignore_ascii_case(&site.name) || n.trim() == site.id)
    }
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
    Static {
        rpc_client_access: u16,
        address_book: u16,
    },
}

/// The dynamic RPC range after the CAS role is installed (§2 step 5).
pub const DYNAMIC_RPC_RANGE: PortRange = PortRange {
    from: 6005,
    to: 59530,
};
/// RPC endpoint mapper (§2 step 3).
pub const EPM_PORT: u16 = 135;
/// HTTPS, used by Outlook Anywhere and MAPI/HTTP (§4) and Autodiscover (§6).
pub const HTTPS_PORT: u16 = 443;
/// Plain HTTP, used by Autodiscover's redirect method (§6 https 4).
pub const HTTP_PORT: u16 = 80;

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
            RpcPorts::Static {
                rpc_client_access,
                address_book,
            } => [
                PortRange::single(rpc_client_access),
                PortRange::single(address_book),
            ]
            .into_iter()
            .take(2),
        }
    }
}

/// Every port an Exchange server listens on: the endpoint mapper, its RPC
/// ports and, on a CAS, HTTPS (§2 step 5). The one list of them: the path
/// verdicts and their range probing read it. (The advisor's load-balancer
/// rule asks a different question, what the VIP must forward, and counts
/// 443 only where Outlook Anywhere is on.)
pub fn listening_ports(rpc: RpcPorts, is_cas: bool) -> impl Iterator<Item = PortRange> + Clone {
    std::iter::once(PortRange::single(EPM_PORT))
        .chain(rpc.needed())
        .chain(is_cas.then_some(PortRange::single(HTTPS_PORT)))
}

/// Whether a server with these RPC ports listens on `port` ([`listening_ports`]).
pub fn listens_on(rpc: RpcPorts, is_cas: bool, port: u16) -> bool {
    listening_ports(rpc, is_cas).any(|r| r.contains(port))
}

/// A port a load balancer in front of an array must forward, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VipPort<'a> {
    pub ports: PortRange,
    pub why: VipPortWhy<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VipPortWhy<'a> {
    EndpointMapper,
    DynamicRpc,
    /// A static RPC port of the named CAS.
    StaticRpc(&'a str),
    OutlookAnywhere,
}

impl std::fmt::Display for VipPort<'_> {
    /// "135 (endpoint mapper)", "59531 (static RPC port of CAS01)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = self.ports;
        match self.why {
            VipPortWhy::EndpointMapper => write!(f, "{p} (endpoint mapper)"),
            VipPortWhy::DynamicRpc => write!(f, "{p} (dynamic RPC range)"),
            VipPortWhy::StaticRpc(cas) => write!(f, "{p} (static RPC port of {cas})"),
            VipPortWhy::OutlookAnywhere => write!(f, "{p} (Outlook Anywhere)"),
        }
    }
}

/// What a VIP in front of these CAS servers must forward (§2 step 5): the
/// endpoint mapper, each member's RPC ports (once each), and 443 where
/// Outlook Anywhere is on. The one list: the advisor checks a load balancer
/// against it and its fix adds what is missing; [`assumed_vip_forwarding`]
/// starts from it.
pub fn vip_must_forward<'a>(members: impl IntoIterator<Item = &'a CasServer>) -> Vec<VipPort<'a>> {
    let mut out = vec![VipPort {
        ports: PortRange::single(EPM_PORT),
        why: VipPortWhy::EndpointMapper,
    }];
    let mut oa = false;
    for cas in members {
        oa |= cas.outlook_anywhere.enabled;
        for ports in cas.rpc_ports.needed() {
            if out.iter().any(|p| p.ports == ports) {
                continue;
            }
            let why = match cas.rpc_ports {
                RpcPorts::Dynamic => VipPortWhy::DynamicRpc,
                RpcPorts::Static { .. } => VipPortWhy::StaticRpc(&cas.name),
            };
            out.push(VipPort { ports, why });
        }
    }
    if oa {
        let ports = PortRange::single(HTTPS_PORT);
        out.push(VipPort {
            ports,
            why: VipPortWhy::OutlookAnywhere,
        });
    }
    out
}

/// What a VIP nobody described is taken to forward (an imported array's
/// address that is no server's, a load balancer just ticked in the form):
/// what its members need ([`vip_must_forward`]) and 443 in any case, which the
/// same virtual server carries for OWA and the web services.
pub fn assumed_vip_forwarding<'a>(
    members: impl IntoIterator<Item = &'a CasServer>,
) -> Vec<PortRange> {
    let mut ports: Vec<PortRange> = vip_must_forward(members).iter().map(|p| p.ports).collect();
    let https = PortRange::single(HTTPS_PORT);
    if !ports.contains(&https) {
        ports.push(https);
    }
    ports
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
    /// The virtual directory's IIS authentication methods
    /// (`-IISAuthenticationMethods`), apart from the method clients are told
    /// (`auth`). Empty: as Exchange 2010 sets them, the client method alone.
    /// A newer server proxying to this one needs NTLM here (§11 coexist 5).
    /// File format 7.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub iis_auth: Vec<OaAuth>,
}

impl OutlookAnywhere {
    /// The name a client uses: inside the perimeter the internal hostname
    /// when one is set, else (and outside) the external one (§4).
    pub fn host_for(&self, inside: bool) -> &str {
        if inside && !self.internal_hostname.trim().is_empty() {
            self.internal_hostname.trim()
        } else {
            self.external_hostname.trim()
        }
    }
}

impl OutlookAnywhere {
    /// The IIS authentication methods in effect: the listed ones, or the
    /// client method when none are listed (§11 coexist 5).
    pub fn iis_methods(&self) -> Vec<OaAuth> {
        if self.iis_auth.is_empty() {
            vec![self.auth]
        } else {
            self.iis_auth.clone()
        }
    }
    /// `Basic, NTLM`, as `Get-OutlookAnywhere` lists them.
    pub fn iis_methods_label(&self) -> String {
        let names: Vec<&str> = self.iis_methods().iter().map(|m| m.label()).collect();
        names.join(", ")
    }
}

impl Default for OutlookAnywhere {
    fn default() -> Self {
        OutlookAnywhere {
            enabled: false,
            external_hostname: String::new(),
            internal_hostname: String::new(),
            auth: OaAuth::Basic,
            server_exclusive_connect: false,
            iis_auth: Vec::new(),
        }
    }
}

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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
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

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
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
    /// File format 6.
    #[serde(rename = "2019")]
    #[strum(serialize = "2019")]
    V2019,
    /// Exchange Server Subscription Edition; treated as 2019 (§10 version
    /// 3, assumed). File format 6.
    #[serde(rename = "se")]
    #[strum(serialize = "se")]
    Se,
}

/// An Exchange build as `AdminDisplayVersion`, ExSetup or the build lists
/// write it: four dotted numbers, leading zeros allowed (`15.00.0847.032`).
/// None for an empty text (a current build) or anything else.
pub fn parse_build(text: &str) -> Option<[u32; 4]> {
    let mut out = [0u32; 4];
    let mut parts = text.trim().split('.');
    for slot in &mut out {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 6 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

/// The first build whose Autodiscover answer carries MAPI/HTTP settings:
/// Exchange 2013 SP1, 15.00.0847.032 (§10 version 3).
pub const MAPI_HTTP_FIRST_BUILD: [u32; 4] = [15, 0, 847, 32];

/// The oldest Exchange 2010 build that coexists with 2016 (and, assumed,
/// 2019): SP3 Update Rollup 11, 14.03.0266.002 (§11 coexist 1).
pub const COEXISTENCE_MIN_2010_BUILD: [u32; 4] = [14, 3, 266, 2];

impl ExchangeVersion {
    /// Exchange 2013 and later offer no RPC/TCP path to the mailbox (§1).
    pub fn has_rpc_tcp(self) -> bool {
        self == ExchangeVersion::V2010
    }
    /// The version it behaves as: Subscription Edition as 2019 (§10 version 3).
    pub fn behaves_as(self) -> ExchangeVersion {
        match self {
            ExchangeVersion::Se => ExchangeVersion::V2019,
            v => v,
        }
    }
    /// Whether a Client Access server of this version can serve a mailbox
    /// on `mailbox`: its own version or an older one, proxying down (§10
    /// serve 1, serve 4).
    pub fn serves(self, mailbox: ExchangeVersion) -> bool {
        self.behaves_as() >= mailbox.behaves_as()
    }
    /// The first two parts of its builds' numbers (`AdminDisplayVersion`'s
    /// "Version 15.1 (Build 2507.6)"): 14 for 2010 (any minor, one per
    /// service pack), 15.0, 15.1 and 15.2 (2019 and Subscription Edition).
    pub fn build_prefix(self) -> (u32, Option<u32>) {
        match self {
            ExchangeVersion::V2010 => (14, None),
            ExchangeVersion::V2013 => (15, Some(0)),
            ExchangeVersion::V2016 => (15, Some(1)),
            ExchangeVersion::V2019 | ExchangeVersion::Se => (15, Some(2)),
        }
    }
    /// Whether a server of this version and `build` (`[0; 4]`: current)
    /// offers MAPI/HTTP at all (§10 version 3, protocol 1).
    pub fn offers_mapi_http(self, build: Option<[u32; 4]>) -> bool {
        match self {
            ExchangeVersion::V2010 => false,
            ExchangeVersion::V2013 => build.is_none_or(|b| b >= MAPI_HTTP_FIRST_BUILD),
            _ => true,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ExchangeVersion::V2010 => "Exchange 2010",
            ExchangeVersion::V2013 => "Exchange 2013",
            ExchangeVersion::V2016 => "Exchange 2016",
            ExchangeVersion::V2019 => "Exchange 2019",
            ExchangeVersion::Se => "Exchange Server SE",
        }
    }
}

impl CasServer {
    /// Its build's four numbers; None when it gives none (a current build)
    /// or the text is not one (the field rules refuse that on load).
    pub fn build_numbers(&self) -> Option<[u32; 4]> {
        parse_build(&self.build)
    }
    /// Whether it listens on `port`: Exchange 2010 on the endpoint mapper,
    /// its RPC ports and HTTPS; 2013 and later have no Outlook RPC endpoint
    /// (§1) and take HTTPS only. The one home of that rule for the paths.
    pub fn listens_on(&self, port: u16) -> bool {
        if self.exchange_version.has_rpc_tcp() {
            listens_on(self.rpc_ports, true, port)
        } else {
            port == HTTPS_PORT
        }
    }

    /// Whether it offers MAPI/HTTP (§10 version 3, protocol 1).
    pub fn offers_mapi_http(&self) -> bool {
        self.exchange_version.offers_mapi_http(self.build_numbers())
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

impl Choice for OaAuth {
    fn form_label(self) -> &'static str {
        self.label()
    }
}

impl Choice for ExchangeVersion {
    fn form_label(self) -> &'static str {
        self.label()
    }
}
