//! Outlook clients and the Windows TCP timing they run with (§3).

use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
pub(crate) fn default_rst_fail_ms() -> u32 {
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
    /// How many users this profile stands for (a group of alike clients).
    #[serde(default = "default_users")]
    pub users: u32,
    /// Connection setups per user per day: start, resume from sleep, network
    /// changes and reconnects; the RPC/TCP penalty repeats on each (§8 step
    /// 5). Not sourced: default 4 (see `Ranges::connects_per_day`).
    #[serde(default = "default_connects_per_day")]
    pub connects_per_day: u32,
    /// The computer's Active Directory site id, which ranks SCP URLs
    /// (§6 scp 4). None: the site of its network zone (a site LAN, or the
    /// site a VPN lands in); none on the Internet. File format 5.
    #[serde(default)]
    pub ad_site: Option<String>,
    /// Autodiscover methods turned off by their Exclude* registry values or
    /// policy (§6 switch 1, switch 5). File format 5.
    #[serde(default)]
    pub autodiscover_exclude: Vec<Method>,
    /// `PreferLocalXML` = 1: the local XML file first (§6 switch 2, step 3).
    #[serde(default)]
    pub prefer_local_xml: bool,
    /// The content of the local XML file the registry names for the
    /// domain (§6 method `local-xml`). None: no file.
    #[serde(default)]
    pub local_xml: Option<String>,
    /// Hosts under the `RedirectServers` key: no redirect prompt for them
    /// (§6 switch 4, https 4).
    #[serde(default)]
    pub redirect_servers: Vec<String>,
    /// The URL cached in the profile (LastKnownGood, §6 step 4). None: the
    /// URL its profile-creation run found.
    #[serde(default)]
    pub cached_autodiscover_url: Option<String>,
    /// Whether Outlook 2016 and later judge the user an Office 365 user
    /// (§6 step 5).
    #[serde(default)]
    pub office365: Office365,
    /// Outlook 2010 SP2 with KB2956191 and KB2965295, or Outlook 2013 SP1,
    /// installed: what makes those two MAPI/HTTP-capable (§10 version 2).
    /// Default true; file format 6 (older files: false for Outlook 2010,
    /// which a version 5 planner took as not capable, `file/v5.rs`).
    #[serde(default = "yes")]
    pub mapi_http_updates: bool,
    /// `HKCU\Software\Microsoft\Exchange\MapiHttpDisabled` = 1: RPC/HTTP
    /// even where the server offers MAPI/HTTP (§10 protocol 4). File format 6.
    #[serde(default)]
    pub mapi_http_disabled: bool,
    /// The mailbox's own MAPI/HTTP setting (`Set-CASMailbox
    /// -MapiHttpEnabled`): None leaves it to the organisation (§10
    /// protocol 3). File format 6.
    #[serde(default)]
    pub mailbox_mapi_http_enabled: Option<bool>,
    /// Which IP versions its stack uses (§10 ipv6 2). File format 6.
    #[serde(default)]
    pub ip_stack: IpStack,
}

impl Client {
    /// A client with every knob at its documented default.
    pub fn with_defaults(
        id: &str,
        name: &str,
        location: &str,
        dns_view: &str,
        mailbox_database: &str,
        os_timing: &str,
    ) -> Self {
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
            users: default_users(),
            connects_per_day: default_connects_per_day(),
            ad_site: None,
            autodiscover_exclude: Vec::new(),
            prefer_local_xml: false,
            local_xml: None,
            redirect_servers: Vec::new(),
            cached_autodiscover_url: None,
            office365: Office365::No,
            mapi_http_updates: true,
            mapi_http_disabled: false,
            mailbox_mapi_http_enabled: None,
            ip_stack: IpStack::DualStack,
        }
    }
}

impl Client {
    /// The id of the AD site its computer is in (§6 scp 4): its own, else
    /// the site of its network `zone` (a site LAN, or where a VPN lands);
    /// none on the Internet.
    pub fn computer_site<'a>(&'a self, zone: &'a NetworkZone) -> Option<&'a str> {
        self.ad_site.as_deref().or(match &zone.kind {
            ZoneKind::Site { site } | ZoneKind::Vpn { site } => Some(site.as_str()),
            ZoneKind::Internet => None,
        })
    }
}

/// Any broadband link: "fast" by the 128 kbps threshold (§4).
fn default_link_kbps() -> u32 {
    20_000
}
/// §8 step 4: k defaults to 1.
pub(crate) fn default_bind_attempts() -> u8 {
    1
}
/// §8: `oa_setup_s` is an input with no sourced value; 800 ms is this project's default.
pub(crate) fn default_oa_setup_ms() -> u32 {
    800
}
/// One profile is one user unless it says it stands for more.
fn default_users() -> u32 {
    1
}
/// Not sourced: a start, two resumes and one network change a working day.
pub fn default_connects_per_day() -> u32 {
    4
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
    /// File format 6 (§10 version 1).
    #[serde(rename = "2019")]
    #[strum(serialize = "2019")]
    O2019,
    /// File format 6; treated as 2019 (§10 version 1, assumed).
    #[serde(rename = "2021")]
    #[strum(serialize = "2021")]
    O2021,
    /// Microsoft 365 Apps (Click-to-Run, current channel). File format 6.
    #[serde(rename = "365")]
    #[strum(serialize = "365")]
    O365,
}

impl OutlookVersion {
    /// Whether this Outlook can speak MAPI/HTTP (§10 version 2): Outlook
    /// 2013 SP1 and later, Outlook 2010 SP2 with KB2956191 and KB2965295;
    /// `updates` says whether those service packs and updates are in.
    /// Outlook 2007 never (inferred).
    pub fn mapi_http_capable(self, updates: bool) -> bool {
        match self {
            OutlookVersion::O2007 => false,
            OutlookVersion::O2010 | OutlookVersion::O2013 => updates,
            _ => true,
        }
    }
    /// What the client's `mapi_http_updates` stands for with this version
    /// (§10 version 2); None where no update changes it.
    pub fn mapi_http_updates_name(self) -> Option<&'static str> {
        match self {
            OutlookVersion::O2010 => Some("SP2 with KB2956191 and KB2965295"),
            OutlookVersion::O2013 => Some("SP1"),
            _ => None,
        }
    }
    /// The Office registry version under HKCU\Software\(Policies\)Microsoft\Office
    /// (§10 version 1; 2021 assumed as 2019).
    pub fn office_key(self) -> &'static str {
        match self {
            OutlookVersion::O2007 => "12.0",
            OutlookVersion::O2010 => "14.0",
            OutlookVersion::O2013 => "15.0",
            _ => "16.0",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            OutlookVersion::O2007 => "Outlook 2007",
            OutlookVersion::O2010 => "Outlook 2010",
            OutlookVersion::O2013 => "Outlook 2013",
            OutlookVersion::O2016 => "Outlook 2016",
            OutlookVersion::O2019 => "Outlook 2019",
            OutlookVersion::O2021 => "Outlook 2021",
            OutlookVersion::O365 => "Microsoft 365 Apps",
        }
    }
}

/// Which IP versions a client's stack uses (§10 ipv6 2). File format 6.
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
pub enum IpStack {
    /// Windows' default: IPv6 and IPv4 both on (§10 ipv6 2–3).
    #[default]
    DualStack,
    /// AAAA answers are ignored.
    Ipv4Only,
    /// A answers are ignored; a name with A records only does not connect.
    Ipv6Only,
}

impl IpStack {
    pub fn uses_v4(self) -> bool {
        self != IpStack::Ipv6Only
    }
    pub fn uses_v6(self) -> bool {
        self != IpStack::Ipv4Only
    }
    pub fn label(self) -> &'static str {
        match self {
            IpStack::DualStack => "Dual stack (IPv6 and IPv4)",
            IpStack::Ipv4Only => "IPv4 only",
            IpStack::Ipv6Only => "IPv6 only",
        }
    }
}

impl Choice for IpStack {
    fn form_label(self) -> &'static str {
        self.label()
    }
}

impl Choice for OutlookVersion {
    fn form_label(self) -> &'static str {
        self.label()
    }
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
        preset(
            "os-win8",
            "Windows 8 / 2012 (assumed as 10)",
            1_000,
            4,
            Some(21_000),
        ),
        // §3 row 5 / C15: initial 1 s, MaxSynRetransmissions 4, 21 s ceiling.
        preset("os-win10", "Windows 10 / 11", 1_000, 4, Some(21_000)),
        // §3 row 5 / C15: the same with MaxSynRetransmissions 2 → 7 s.
        preset(
            "os-win10-syn2",
            "Windows 10 / 11, MaxSyn 2",
            1_000,
            2,
            Some(21_000),
        ),
    ]
}
