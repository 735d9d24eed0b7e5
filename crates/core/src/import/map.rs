//! From read files to a design: sites, CAS servers, arrays, mailbox servers
//! and databases from the shell's tables; an "Internal" and an "Internet"
//! DNS view from the zones; a LAN per site and the Internet; a perimeter
//! publishing HTTPS; one inside and one remote client per site — so the
//! predictions and findings appear as soon as the design opens.
//!
//! What the exports cannot tell (a server's address, a load balancer, the
//! firewall) is assumed and said in a [`Note`] marked as a guess; an address
//! that could not be found is written as 0.0.0.0, which the advisor reports
//! (CAS014), so no guess is silent.

use super::shell::{Kind, Row, Vdir};
use super::version::{self, Reading};
use super::zone::{Rdata, ZoneRecord};
use super::{Content, ImportedZone, Side, Source};
use crate::model::*;
use crate::names::{normalize_name, same_dns_name};
use crate::objects::Object;
use crate::rules;
use crate::{FastMap, FastSet};
use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;

/// Something the user should know about the imported design.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The file it concerns, if one.
    pub file: Option<String>,
    pub text: String,
    /// An assumption the exports could not confirm: review it.
    pub guess: bool,
}

/// The design an import makes, and what to review about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub scenario: Scenario,
    pub notes: Vec<Note>,
}

/// The address written where none could be found; the advisor flags it.
pub const UNKNOWN_ADDRESS: Ipv4Addr = Ipv4Addr::UNSPECIFIED;

/// An Exchange server as `Get-ExchangeServer` lists it.
struct Server {
    name: String,
    fqdn: String,
    site: Option<String>,
    cas: bool,
    mailbox: bool,
    /// From its AdminDisplayVersion; 2010 (the model's default) when that
    /// is missing or not understood, said in a note.
    version: ExchangeVersion,
    /// Its build (`15.1.2507.6`); empty when the export does not give it.
    build: String,
}

/// Ids from names: lower-case letters, digits and hyphens, unique.
#[derive(Default)]
struct Ids {
    taken: FastSet<String>,
    /// The next suffix to try per base, so many records of one name stay linear.
    next: FastMap<String, usize>,
}

impl Ids {
    fn make(&mut self, prefix: &str, name: &str) -> String {
        let mut slug = String::new();
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_matches('-');
        let base = if slug.is_empty() {
            prefix.to_string()
        } else {
            format!("{prefix}-{slug}")
        };
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

struct Notes(Vec<Note>);

impl Notes {
    fn fact(&mut self, file: Option<&str>, text: String) {
        self.0.push(Note {
            file: file.map(str::to_string),
            text,
            guess: false,
        });
    }
    fn guess(&mut self, file: Option<&str>, text: String) {
        self.0.push(Note {
            file: file.map(str::to_string),
            text,
            guess: true,
        });
    }

    /// A note of `file` about `items` when there are any: `what` says it of
    /// their count, then come the first five.
    fn listed(
        &mut self,
        file: &str,
        guess: bool,
        items: Vec<String>,
        what: impl FnOnce(usize) -> String,
    ) {
        if items.is_empty() {
            return;
        }
        let text = format!(
            "{}: {}",
            what(items.len()),
            super::first_five(items.into_iter(), "; ")
        );
        if guess {
            self.guess(Some(file), text)
        } else {
            self.fact(Some(file), text)
        }
    }
}

/// Name lookups in a set of zones: A records, following CNAMEs (eight at most).
struct Lookup<'a> {
    records: FastMap<&'a str, Vec<&'a Rdata>>,
}

impl<'a> Lookup<'a> {
    fn new(zones: &[&'a ImportedZone]) -> Self {
        let mut records: FastMap<&'a str, Vec<&'a Rdata>> = FastMap::default();
        for z in zones {
            for r in &z.records {
                records.entry(r.owner.as_str()).or_default().push(&r.data);
            }
        }
        Lookup { records }
    }
    fn address(&self, name: &str) -> Option<Ipv4Addr> {
        let mut name = normalize_name(name);
        for _ in 0..8 {
            let data = self.records.get(name.as_str())?;
            if let Some(a) = data
                .iter()
                .find_map(|d| if let Rdata::A(a) = d { Some(*a) } else { None })
            {
                return Some(a);
            }
            name = data.iter().find_map(|d| {
                if let Rdata::Cname(t) = d {
                    Some(t.clone())
                } else {
                    None
                }
            })?;
        }
        None
    }
}

/// The rows of every table of `kind`, with their file's name.
fn rows<'s, 'a: 's>(
    sources: &'s [&'a Source],
    kind: Kind,
) -> impl Iterator<Item = (&'a str, &'a Row)> + 's {
    sources
        .iter()
        .copied()
        .flat_map(move |s| {
            s.tables()
                .iter()
                .filter(move |t| t.kind == kind)
                .map(move |t| (s.name.as_str(), t))
        })
        .flat_map(|(f, t)| t.rows.iter().map(move |r| (f, r)))
}

/// Whether a file of `kind` was read (even an empty one).
fn has(sources: &[&Source], kind: Kind) -> bool {
    sources
        .iter()
        .any(|s| s.tables().iter().any(|t| t.kind == kind))
}

/// The server a Get-OutlookAnywhere row belongs to: its Server column, or
/// the part of `EX01\Rpc (Default Web Site)` before the backslash.
fn oa_server(row: &Row) -> Option<String> {
    row.name("Server").map(str::to_string).or_else(|| {
        row.get("Identity")
            .and_then(|i| i.split('\\').next())
            .map(str::to_string)
    })
}

/// Builds the design the files describe. Deterministic: the same files in
/// the same order give the same design. Takes references so a review that
/// holds its sources shared (the app's) need not copy a large zone.
pub fn build<'a>(sources: impl IntoIterator<Item = &'a Source>) -> Imported {
    let sources: Vec<&Source> = sources.into_iter().collect();
    let mut notes = Notes(Vec::new());
    for s in &sources {
        for n in &s.notes {
            notes.fact(Some(&s.name), n.clone());
        }
    }
    let exports = Exports::read(&sources, &mut notes);
    let mut design = Builder::new(&exports, notes);
    design.sites();
    design.databases();
    design.arrays();
    design.zones();
    design.perimeter();
    design.certificates();
    design.clients();
    design.finish()
}

/// The server named `name` (case-insensitive).
fn find_server<'s>(servers: &'s [Server], name: &str) -> Option<&'s Server> {
    servers.iter().find(|s| s.name.eq_ignore_ascii_case(name))
}

/// What the files say, read once before the design is built: the servers,
/// the zones and the names in them, and what the collector read per server.
struct Exports<'a> {
    sources: &'a [&'a Source],
    servers: Vec<Server>,
    /// The forest, from a site's `forest/site` name.
    forest: Option<String>,
    /// Each zone, with its file's name.
    zones: Vec<(&'a str, &'a ImportedZone)>,
    /// Lookups in the internal zones.
    inside: Lookup<'a>,
    /// Lookups in the external zones.
    outside: Lookup<'a>,
    /// Addresses the collector read, by lower-case server name.
    collected_address: HashMap<String, Ipv4Addr>,
    /// Static RPC ports, by lower-case server name.
    rpc_ports: HashMap<String, RpcPorts>,
    /// Outlook Anywhere as Get-OutlookAnywhere gives it, by lower-case server name.
    oa: HashMap<String, OaRead>,
    /// Each server's Windows (Win32_OperatingSystem), by lower-case server name.
    windows: HashMap<String, WindowsServer>,
    /// Whether KB3140410 is installed (Get-HotFix), by lower-case server name.
    kb3140410: HashMap<String, bool>,

    /// What Get-ClientAccessServer says, by lower-case server name.
    client_access: HashMap<String, ClientAccess>,
    /// The certificates Get-ExchangeCertificate lists, by lower-case server name.
    certificates: HashMap<String, Vec<Certificate>>,
    /// Whether any Get-ExchangeCertificate export was read (even an empty one).
    certificates_exported: bool,
    /// Whether the EXPR provider sets ServerExclusiveConnect.
    server_exclusive: bool,
    /// Get-OrganizationConfig's MapiHttpEnabled (§10 protocol 2).
    org_mapi_http: Option<bool>,
    /// Get-CASMailbox's mailboxes, for the clients' MAPI/HTTP setting.
    mailboxes: Vec<Mailbox>,
    /// Whether any Get-CASMailbox export was read (even an empty one).
    mailboxes_exported: bool,
}

impl<'a> Exports<'a> {
    /// Reads every file's part, noting what is skipped or assumed.
    fn read(sources: &'a [&'a Source], notes: &mut Notes) -> Self {
        let (servers, forest) = read_servers(sources, notes);
        let zones = read_zones(sources, notes);
        let side_zones = |side: Side| {
            zones
                .iter()
                .filter(move |(_, z)| z.side == side)
                .map(|(_, z)| *z)
                .collect::<Vec<_>>()
        };
        let inside = Lookup::new(&side_zones(Side::Internal));
        let outside = Lookup::new(&side_zones(Side::External));
        let collected_address = read_addresses(sources, notes);
        let rpc_ports = read_rpc_ports(sources, notes);
        let ports_collected = has(sources, Kind::RpcPorts);
        if !ports_collected && !servers.is_empty() {
            notes.guess(None, "static RPC ports were not collected: every server is taken as using the dynamic range 6005–59530 (§2 step 5)".into());
        }
        let oa = read_outlook_anywhere(sources, &servers, notes);
        read_virtual_directories(sources, &servers, &oa, notes);
        let windows = read_windows(sources, &servers, notes);
        let kb3140410 = read_hotfixes(sources, &servers, notes);
        let coexistence = servers
            .iter()
            .any(|s| s.cas && s.version == ExchangeVersion::V2010)
            && servers
                .iter()
                .any(|s| s.cas && s.version > ExchangeVersion::V2010);
        if coexistence && !has(sources, Kind::OperatingSystem) {
            notes.guess(None, "no Windows version exported (Win32_OperatingSystem; collect-exchange.ps1 reads it): each CAS's Windows is left as not said, so whether a 2010 server on Windows Server 2008 R2 lacks KB3140410 (§11 coexist 5) is not checked".into());
        }
        let client_access = read_client_access(sources, &servers, notes);
        let certificates = read_certificates(sources, &servers, notes);
        let org_mapi_http = read_org_mapi_http(sources, notes);
        let mailboxes = read_mailboxes(sources, notes);
        let server_exclusive = rows(sources, Kind::OutlookProvider).any(|(_, r)| {
            r.name("Name")
                .is_some_and(|n| n.eq_ignore_ascii_case("EXPR"))
                && r.get("OutlookProviderFlags")
                    .is_some_and(|f| f.contains("ServerExclusiveConnect"))
        });
        Exports {
            sources,
            servers,
            forest,
            zones,
            inside,
            outside,
            collected_address,
            rpc_ports,
            oa,
            windows,
            kb3140410,
            client_access,
            certificates,
            certificates_exported: has(sources, Kind::ExchangeCertificate),
            server_exclusive,
            org_mapi_http,
            mailboxes,
            mailboxes_exported: has(sources, Kind::CasMailbox),
        }
    }

    /// `s`'s address: collected, else its name's in the internal zones, else
    /// [`UNKNOWN_ADDRESS`], said in a note.
    fn address_of(&self, s: &Server, notes: &mut Notes) -> Ipv4Addr {
        if let Some(a) = self.collected_address.get(&s.name.to_ascii_lowercase()) {
            return *a;
        }
        if let Some(a) = self.inside.address(&s.fqdn) {
            return a;
        }
        notes.guess(None, format!("{}'s address is not known ({} has no A record in the internal zones and no address was collected): written as 0.0.0.0", s.name, s.fqdn));
        UNKNOWN_ADDRESS
    }
}

/// The Exchange servers (2010 to Subscription Edition), and the forest
/// their sites name. A server's version and build come from its
/// AdminDisplayVersion ([`version::read`]); a server of Exchange 2007 or
/// older is skipped, one whose version is missing or not understood is
/// kept as Exchange 2010 (the model's default, never a guess from the
/// text), counted in a note per file naming each and its text.
fn read_servers(sources: &[&Source], notes: &mut Notes) -> (Vec<Server>, Option<String>) {
    let mut servers: Vec<Server> = Vec::new();
    let mut forest: Option<String> = None;
    for s in sources {
        let (mut not_understood, mut missing) = (Vec::new(), Vec::new());
        let tables = s.tables().iter().filter(|t| t.kind == Kind::ExchangeServer);
        for row in tables.flat_map(|t| &t.rows) {
            let file = s.name.as_str();
            let Some(name) = row.name("Name") else {
                notes.fact(
                    Some(file),
                    format!("line {}: a server without a Name, skipped", row.line),
                );
                continue;
            };
            if let Some(site) = row.get("Site").filter(|s| s.contains('/')) {
                forest.get_or_insert_with(|| site.split('/').next().unwrap_or("").to_string());
            }
            let roles = row.get("ServerRole").unwrap_or("");
            let text = row.get("AdminDisplayVersion");
            let (version, build) = match text.map(version::read) {
                Some(Reading::Known(v, b)) => (v, b),
                Some(Reading::Older(v)) => {
                    notes.fact(
                        Some(file),
                        format!("{name}: version {v} is Exchange 2007 or older, which the planner does not model; skipped"),
                    );
                    continue;
                }
                Some(Reading::NotUnderstood) => {
                    not_understood.push(format!("{name} {}", version::quoted(text.unwrap_or(""))));
                    (ExchangeVersion::V2010, String::new())
                }
                None => {
                    missing.push(name.to_string());
                    (ExchangeVersion::V2010, String::new())
                }
            };
            // From Exchange 2016 the Mailbox role holds the client access
            // services (ServerRole prints only `Mailbox`).
            let cas = roles.contains("ClientAccess")
                || (version >= ExchangeVersion::V2016 && roles.contains("Mailbox"));
            servers.push(Server {
                name: name.to_string(),
                fqdn: row.get("Fqdn").unwrap_or(name).to_string(),
                site: row.name("Site").map(str::to_string),
                cas,
                mailbox: roles.contains("Mailbox"),
                version,
                build,
            });
        }
        note_versions(&s.name, "server", not_understood, missing, notes);
    }
    if !has(sources, Kind::ExchangeServer) {
        notes.guess(None, "no Get-ExchangeServer export: servers, sites and versions are unknown, so the design has no Exchange servers".into());
    }
    (servers, forest)
}

/// The notes on the objects of `file` (servers or databases) whose
/// AdminDisplayVersion is not understood (each with its text) or missing:
/// kept as Exchange 2010, an assumption to review.
fn note_versions(
    file: &str,
    what: &str,
    not_understood: Vec<String>,
    missing: Vec<String>,
    notes: &mut Notes,
) {
    if !not_understood.is_empty() {
        let n = not_understood.len();
        notes.guess(Some(file), format!(
            "AdminDisplayVersion of {n} {what}{} not understood (not \"Version 14.3 (Build 123.4)\" or a build such as 15.1.2507.6 of Exchange 2010 to SE), so not guessed: kept as Exchange 2010 with no build: {}",
            super::plural(n),
            super::first_five(not_understood.into_iter(), "; ")
        ));
    }
    if !missing.is_empty() {
        let n = missing.len();
        notes.guess(Some(file), format!(
            "{n} {what}{} without an AdminDisplayVersion, taken as Exchange 2010: {}; export AdminDisplayVersion (collect-exchange.ps1 does)",
            super::plural(n),
            super::first_five(missing.into_iter(), ", ")
        ));
    }
}

/// A MapiHttpEnabled value as the exports write it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MapiSetting {
    On,
    Off,
    /// Empty, `$null` or absent: left to the organisation (a mailbox), or
    /// not in the export (Exchange 2010's shell has no such property).
    Unset,
    /// Anything else, as written.
    Odd(String),
}

impl MapiSetting {
    /// `True`/`False` (CSV, Format-List), `true`/`false` (CLIXML `<B>`),
    /// `$true`/`$false` (typed by hand), empty or `$null`.
    fn of(row: &Row) -> MapiSetting {
        match row.get("MapiHttpEnabled") {
            None => MapiSetting::Unset,
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "true" | "$true" => MapiSetting::On,
                "false" | "$false" => MapiSetting::Off,
                "$null" => MapiSetting::Unset,
                _ => MapiSetting::Odd(v.to_string()),
            },
        }
    }

    /// As the notes show it.
    fn shown(&self) -> String {
        match self {
            MapiSetting::On => "True".into(),
            MapiSetting::Off => "False".into(),
            MapiSetting::Unset => "empty".into(),
            MapiSetting::Odd(v) => version::quoted(v),
        }
    }
}

/// The organisation's MAPI/HTTP setting from Get-OrganizationConfig: None,
/// said in a note, when it is empty, not understood, or the exports
/// disagree. A table of several objects is no organisation's (there is
/// one): said, not read.
fn read_org_mapi_http(sources: &[&Source], notes: &mut Notes) -> Option<bool> {
    let mut seen: Vec<(String, MapiSetting)> = Vec::new();
    for s in sources {
        for t in s
            .tables()
            .iter()
            .filter(|t| t.kind == Kind::OrganizationConfig)
        {
            if t.rows.len() > 1 {
                notes.fact(Some(&s.name), format!(
                    "{} objects with MapiHttpEnabled and no mailbox column (PrimarySmtpAddress, ServerName): Get-OrganizationConfig has one object, so not read as the organisation's setting; export mailboxes with their PrimarySmtpAddress (collect-exchange.ps1 does)",
                    t.rows.len()
                ));
                continue;
            }
            seen.extend(t.rows.iter().map(|r| (s.name.clone(), MapiSetting::of(r))));
        }
    }
    let (file, first) = seen.first()?.clone();
    if seen.iter().any(|(_, v)| *v != first) {
        let all: Vec<String> = seen
            .iter()
            .map(|(f, v)| format!("{f}: {}", v.shown()))
            .collect();
        notes.guess(None, format!(
            "the exports disagree on the organisation's MapiHttpEnabled ({}): left to what setup left (§10 protocol 2)",
            all.join(", ")
        ));
        return None;
    }
    let file = Some(file.as_str());
    match first {
        MapiSetting::On | MapiSetting::Off => {
            let on = first == MapiSetting::On;
            notes.fact(file, format!(
                "the organisation's MAPI/HTTP setting: MapiHttpEnabled {} (Get-OrganizationConfig), for every mailbox not set otherwise (§10 protocol 2)",
                if on { "True" } else { "False" }
            ));
            Some(on)
        }
        MapiSetting::Unset => {
            notes.guess(file, "Get-OrganizationConfig has no MapiHttpEnabled (Exchange 2010's shell does not print it; run the collector from a 2013 or later shell): the organisation's MAPI/HTTP setting is left to what setup left (§10 protocol 2)".into());
            None
        }
        MapiSetting::Odd(v) => {
            notes.guess(file, format!(
                "Get-OrganizationConfig's MapiHttpEnabled {} is neither True nor False, so not guessed: the organisation's MAPI/HTTP setting is left to what setup left (§10 protocol 2)",
                version::quoted(&v)
            ));
            None
        }
    }
}

/// One mailbox as Get-CASMailbox lists it: where it lives (the collector's
/// Database, else ServerName) and its MAPI/HTTP setting.
struct Mailbox {
    database: Option<String>,
    server: Option<String>,
    setting: MapiSetting,
}

/// Get-CASMailbox's mailboxes; values neither True, False nor empty
/// counted in a note per file, naming the first five.
fn read_mailboxes(sources: &[&Source], notes: &mut Notes) -> Vec<Mailbox> {
    let mut out = Vec::new();
    for s in sources {
        let mut odd = Vec::new();
        let tables = s.tables().iter().filter(|t| t.kind == Kind::CasMailbox);
        for row in tables.flat_map(|t| &t.rows) {
            let setting = MapiSetting::of(row);
            if let MapiSetting::Odd(v) = &setting {
                let who = ["PrimarySmtpAddress", "Identity", "Name"]
                    .iter()
                    .find_map(|c| row.get(c))
                    .map_or_else(
                        || format!("line {}", row.line),
                        |w| w.chars().take(80).collect(),
                    );
                odd.push(format!("{who} {}", version::quoted(v)));
            }
            out.push(Mailbox {
                database: row.name("Database").map(str::to_string),
                server: row.name("ServerName").map(str::to_string),
                setting,
            });
        }
        if !odd.is_empty() {
            notes.fact(Some(&s.name), format!(
                "MapiHttpEnabled of {} mailbox{} neither True, False nor empty, so not guessed (counted as not understood): {}",
                odd.len(),
                if odd.len() == 1 { "" } else { "es" },
                super::first_five(odd.into_iter(), "; ")
            ));
        }
    }
    out
}

/// The zones, with their file's name; a note for each whose side was guessed.
fn read_zones<'a>(sources: &[&'a Source], notes: &mut Notes) -> Vec<(&'a str, &'a ImportedZone)> {
    let zones: Vec<(&str, &ImportedZone)> = sources
        .iter()
        .flat_map(|s| match &s.content {
            Content::Zones(z) => z.iter().map(|z| (s.name.as_str(), z)).collect::<Vec<_>>(),
            Content::Table(_) | Content::FormatList(_) | Content::Included(_) => Vec::new(),
        })
        .collect();
    for (file, z) in &zones {
        if z.side_guessed {
            notes.guess(
                Some(file),
                format!(
                    "zone {} taken as {} ({}); switch it if that is wrong",
                    z.name,
                    z.side.label(),
                    z.side_reason
                ),
            );
        }
    }
    zones
}

/// The servers' addresses the collector read besides the cmdlets.
fn read_addresses(sources: &[&Source], notes: &mut Notes) -> HashMap<String, Ipv4Addr> {
    let mut collected_address: HashMap<String, Ipv4Addr> = HashMap::new();
    for (file, row) in rows(sources, Kind::ServerAddress) {
        let (Some(name), Some(list)) = (row.name("Server"), row.list("IPv4Address")) else {
            continue;
        };
        match list.iter().find_map(|a| a.parse::<Ipv4Addr>().ok()) {
            Some(a) => {
                collected_address.insert(name.to_ascii_lowercase(), a);
            }
            None => notes.fact(
                Some(file),
                format!("line {}: {name} has no IPv4 address in the file", row.line),
            ),
        }
    }
    collected_address
}

/// The servers' static RPC ports the collector read (both set, or neither: dynamic).
fn read_rpc_ports(sources: &[&Source], notes: &mut Notes) -> HashMap<String, RpcPorts> {
    let mut rpc_ports: HashMap<String, RpcPorts> = HashMap::new();
    for (file, row) in rows(sources, Kind::RpcPorts) {
        let Some(name) = row.name("Server") else {
            continue;
        };
        let port = |c: &str| {
            row.get(c)
                .and_then(|p| p.parse::<u16>().ok())
                .filter(|p| *p > 0)
        };
        match (port("RpcClientAccessPort"), port("AddressBookPort")) {
            (Some(rpc_client_access), Some(address_book)) => {
                rpc_ports.insert(name.to_ascii_lowercase(), RpcPorts::Static { rpc_client_access, address_book });
            }
            (None, None) => {
                rpc_ports.insert(name.to_ascii_lowercase(), RpcPorts::Dynamic);
            }
            _ => notes.guess(Some(file), format!("{name} has only one of its two static RPC ports set: taken as dynamic (§2 step 5); set both")),
        }
    }
    rpc_ports
}

/// Outlook Anywhere of one server, as the design takes it from
/// Get-OutlookAnywhere.
#[derive(Debug, Clone)]
struct OaRead {
    file: String,
    external_hostname: String,
    /// InternalHostname (Exchange 2013 and later); empty when none or
    /// when it is no DNS name (said in a note).
    internal_hostname: String,
    auth: OaAuth,
    /// IISAuthenticationMethods, those understood; empty when none is
    /// given (the client method alone).
    iis_auth: Vec<OaAuth>,
}

/// An authentication method as the exports write it (`Basic`, `Ntlm`,
/// `NTLM`, `Negotiate`); None for any other (Digest, Fba, Certificate…).
fn oa_auth(word: &str) -> Option<OaAuth> {
    match word.trim().to_ascii_lowercase().as_str() {
        "basic" => Some(OaAuth::Basic),
        "ntlm" => Some(OaAuth::Ntlm),
        "negotiate" => Some(OaAuth::Negotiate),
        _ => None,
    }
}

/// The server an export's row names (`Server`, a WMI object's `CSName`,
/// Get-HotFix's `Source`, a remote session's `PSComputerName`), matched by
/// name, FQDN or the FQDN's first label: Ok with the server, or Err with
/// the name given (None when the row names none).
fn named_server<'s>(
    row: &Row,
    columns: &[&str],
    servers: &'s [Server],
) -> Result<&'s Server, Option<String>> {
    let given = columns
        .iter()
        .find_map(|c| row.name(c))
        .filter(|g| !g.is_empty())
        .ok_or(None)?;
    let label = given.split('.').next().unwrap_or(given);
    servers
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(given) || same_dns_name(&s.fqdn, given))
        .or_else(|| find_server(servers, label))
        .ok_or_else(|| Some(given.chars().take(80).collect()))
}

/// The server a row names, as the notes show it (its first 80
/// characters), or its line.
fn shown_server(row: &Row, columns: &[&str]) -> String {
    columns.iter().find_map(|c| row.name(c)).map_or_else(
        || format!("line {}", row.line),
        |n| n.chars().take(80).collect(),
    )
}

/// `count thing(s)`.
fn counted(n: usize, thing: &str) -> String {
    format!("{n} {thing}{}", super::plural(n))
}

/// Outlook Anywhere by server: the external and internal names, the
/// client method (2010's ClientAuthenticationMethod, else 2013+'s
/// ExternalClientAuthenticationMethod) and the IIS methods. What is not
/// understood (a method, a name that is no DNS name) is left out and
/// counted in a note per file naming each, as is an object of a server
/// Get-ExchangeServer does not list as a Client Access server.
fn read_outlook_anywhere(
    sources: &[&Source],
    servers: &[Server],
    notes: &mut Notes,
) -> HashMap<String, OaRead> {
    let mut oa: HashMap<String, OaRead> = HashMap::new();
    for s in sources {
        let file = s.name.as_str();
        let (mut unnamed, mut not_cas, mut bad_iis, mut type_names, mut bad_internal, mut split) = (
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        let tables = s
            .tables()
            .iter()
            .filter(|t| t.kind == Kind::OutlookAnywhere);
        for row in tables.flat_map(|t| &t.rows) {
            let Some(server) = oa_server(row).filter(|n| !n.trim().is_empty()) else {
                unnamed.push(format!("line {}", row.line));
                continue;
            };
            let server: String = server.chars().take(80).collect();
            if !find_server(servers, &server).is_some_and(|x| x.cas) {
                not_cas.push(server.clone());
            }
            let client = row
                .get("ClientAuthenticationMethod")
                .or_else(|| row.get("ExternalClientAuthenticationMethod"))
                .unwrap_or("");
            let auth = oa_auth(client).unwrap_or_else(|| {
                notes.guess(
                    Some(file),
                    format!(
                        "{server}: Outlook Anywhere authentication {} not known; taken as Basic",
                        version::quoted(client)
                    ),
                );
                OaAuth::Basic
            });
            if let Some(internal) = row.get("InternalClientAuthenticationMethod") {
                if oa_auth(internal) != Some(auth) {
                    split.push(format!(
                        "{server} (internal {}, external {})",
                        version::quoted(internal),
                        auth.label()
                    ));
                }
            }
            let mut iis_auth: Vec<OaAuth> = Vec::new();
            match row.list("IISAuthenticationMethods") {
                None if row.get("IISAuthenticationMethods").is_some() => {
                    type_names.push(server.clone());
                }
                None => {}
                Some(methods) => {
                    for m in methods {
                        match oa_auth(&m) {
                            Some(a) if !iis_auth.contains(&a) => iis_auth.push(a),
                            Some(_) => {}
                            None => bad_iis.push(format!(
                                "{server} (line {}) {}",
                                row.line,
                                version::quoted(&m)
                            )),
                        }
                    }
                }
            }
            let mut internal_hostname = row.get("InternalHostname").unwrap_or("").to_string();
            if let Err(e) = (!internal_hostname.is_empty())
                .then(|| rules::check_dns_name(&internal_hostname, false))
                .transpose()
            {
                bad_internal.push(format!("{server}: {e}"));
                internal_hostname.clear();
            }
            oa.insert(
                server.to_ascii_lowercase(),
                OaRead {
                    file: file.to_string(),
                    external_hostname: row.get("ExternalHostname").unwrap_or("").to_string(),
                    internal_hostname,
                    auth,
                    iis_auth,
                },
            );
        }
        let five = |v: Vec<String>| super::first_five(v.into_iter(), "; ");
        notes.listed(file, false, unnamed, |n| {
            format!(
                "{} naming no server (no Server, no Identity SERVER\\Rpc (Default Web Site)) not imported",
                counted(n, "Outlook Anywhere object")
            )
        });
        notes.listed(file, false, not_cas, |n| {
            format!(
                "Outlook Anywhere of {} not in Get-ExchangeServer as a Client Access server not imported",
                counted(n, "server")
            )
        });
        notes.listed(file, false, bad_iis, |n| {
            format!(
                "IISAuthenticationMethods: {} not understood left out (the planner models Basic, NTLM and Negotiate; a server left with none has the client method alone)",
                counted(n, "value")
            )
        });
        if !type_names.is_empty() {
            notes.guess(Some(file), format!(
                "IISAuthenticationMethods of {} printed as its type name (Export-Csv of a list): taken as the client method alone; export it flattened (collect-exchange.ps1 does)",
                five(type_names)
            ));
        }
        notes.listed(file, false, bad_internal, |n| {
            format!(
                "InternalHostname of {} left out (not a DNS name)",
                counted(n, "server")
            )
        });
        if !split.is_empty() {
            notes.guess(Some(file), format!(
                "InternalClientAuthenticationMethod differs from the external method on {}: {}; the planner models one method per server, the external one (remote Outlook's)",
                counted(split.len(), "server"),
                five(split)
            ));
        }
    }
    if !has(sources, Kind::OutlookAnywhere) && servers.iter().any(|s| s.cas) {
        notes.guess(
            None,
            "no Get-OutlookAnywhere export: Outlook Anywhere is taken as disabled on every CAS"
                .into(),
        );
    }
    oa
}

/// The host of `url` (`https://mail.contoso.com/mapi` → `mail.contoso.com`).
fn url_host(url: &str) -> Option<&str> {
    let rest = url.trim().split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// The virtual directories: the design has no field for their URLs, so
/// each file's are counted in a note, and a MAPI or EWS URL whose host is
/// not its server's Outlook Anywhere name (external, or internal for the
/// InternalUrl) is named in another: the design predicts clients reaching
/// the Outlook Anywhere name.
fn read_virtual_directories(
    sources: &[&Source],
    servers: &[Server],
    oa: &HashMap<String, OaRead>,
    notes: &mut Notes,
) {
    for s in sources {
        let file = s.name.as_str();
        let mut by_kind: Vec<(Vdir, usize)> = Vec::new();
        let (mut unknown, mut differ, mut not_urls) = (Vec::new(), Vec::new(), Vec::new());
        let tables = s
            .tables()
            .iter()
            .filter(|t| t.kind == Kind::VirtualDirectory);
        for row in tables.flat_map(|t| &t.rows) {
            let which = Vdir::of(|c| row.get(c)).unwrap_or(Vdir::Other);
            match by_kind.iter_mut().find(|(k, _)| *k == which) {
                Some((_, n)) => *n += 1,
                None => by_kind.push((which, 1)),
            }
            let given = row.name("Server").map(str::to_string).or_else(|| {
                row.get("Identity")
                    .and_then(|i| i.split_once('\\'))
                    .map(|(s, _)| s.trim().to_string())
            });
            let given = given.filter(|n| !n.is_empty());
            let who: String = given.as_deref().map_or_else(
                || format!("line {}", row.line),
                |n| n.chars().take(80).collect(),
            );
            // Each URL read first, so one that is no URL is said of any row.
            let mut hosts: Vec<(&str, &str)> = Vec::new();
            for column in ["ExternalUrl", "InternalUrl"] {
                let Some(url) = row.get(column) else { continue };
                match url_host(url) {
                    Some(host) => hosts.push((column, host)),
                    None => not_urls.push(format!(
                        "{who} {} {column} {}",
                        which.label(),
                        version::quoted(&url.chars().take(80).collect::<String>())
                    )),
                }
            }
            let Some(server) = given.as_deref().and_then(|n| find_server(servers, n)) else {
                unknown.push(who);
                continue;
            };
            if !matches!(which, Vdir::Mapi | Vdir::Ews) {
                continue;
            }
            let Some(oa) = oa.get(&server.name.to_ascii_lowercase()) else {
                continue;
            };
            for (column, host) in hosts {
                let name = if column == "InternalUrl" && !oa.internal_hostname.is_empty() {
                    oa.internal_hostname.as_str()
                } else {
                    oa.external_hostname.as_str()
                };
                if !name.is_empty() && !same_dns_name(host, name) {
                    differ.push(format!(
                        "{} {} {column} host {host}, Outlook Anywhere {name}",
                        server.name,
                        which.label()
                    ));
                }
            }
        }
        let total: usize = by_kind.iter().map(|(_, n)| n).sum();
        if total == 0 {
            continue;
        }
        by_kind.sort();
        let kinds: Vec<String> = by_kind
            .iter()
            .map(|(k, n)| format!("{} {n}", k.label()))
            .collect();
        notes.fact(Some(file), format!(
            "{} ({}) not imported as such: the design has no field for their URLs; MAPI and EWS URLs are compared with their server's Outlook Anywhere names",
            counted(total, "virtual directory object"),
            kinds.join(", ")
        ));
        let five = |v: Vec<String>| super::first_five(v.into_iter(), "; ");
        notes.listed(file, false, unknown, |n| {
            format!(
                "{} of servers not in Get-ExchangeServer (or naming none) not compared",
                counted(n, "virtual directory object")
            )
        });
        notes.listed(file, false, not_urls, |n| {
            format!(
                "{} not an http(s):// URL, not compared",
                counted(n, "virtual directory URL")
            )
        });
        if !differ.is_empty() {
            notes.guess(Some(file), format!(
                "{} naming another host than their server's Outlook Anywhere: {}; the design has one name per server (Outlook Anywhere's) and predicts clients reaching it: check the other name resolves and is on the certificate",
                counted(differ.len(), "MAPI or EWS virtual directory URL"),
                five(differ)
            ));
        }
    }
}

/// Each server's Windows from Win32_OperatingSystem (the collector's
/// windows.csv, or WMI's own export): by its Caption, else its Version.
/// A row the collector could not read (its Note says why), one not
/// understood or of a Windows the model does not name, or of a server
/// that is no Client Access server of the export, is counted in a note
/// per file naming each: left as not said.
fn read_windows(
    sources: &[&Source],
    servers: &[Server],
    notes: &mut Notes,
) -> HashMap<String, WindowsServer> {
    let mut out = HashMap::new();
    for s in sources {
        let file = s.name.as_str();
        let (mut failed, mut unmodelled, mut not_understood, mut not_cas, mut unnamed) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let tables = s
            .tables()
            .iter()
            .filter(|t| t.kind == Kind::OperatingSystem);
        for row in tables.flat_map(|t| &t.rows) {
            const NAMED_BY: [&str; 3] = ["Server", "CSName", "PSComputerName"];
            // The value first, so one not understood is said even of a
            // server the export does not list.
            let who = shown_server(row, &NAMED_BY);
            let (caption, version) = (row.get("Caption"), row.get("Version"));
            if caption.is_none() && version.is_none() {
                let why = row.get("Note").unwrap_or("no Caption or Version");
                failed.push(format!(
                    "{who} ({})",
                    why.chars().take(120).collect::<String>()
                ));
                continue;
            }
            let shown = || {
                format!(
                    "{who} (line {}) {}",
                    row.line,
                    version::quoted(caption.or(version).unwrap_or(""))
                )
            };
            let windows = match super::windows::read(caption, version) {
                super::windows::Reading::Known(w) => w,
                super::windows::Reading::Unmodelled => {
                    unmodelled.push(shown());
                    continue;
                }
                super::windows::Reading::NotUnderstood => {
                    not_understood.push(shown());
                    continue;
                }
            };
            match named_server(row, &NAMED_BY, servers) {
                Ok(x) if x.cas => {
                    out.insert(x.name.to_ascii_lowercase(), windows);
                }
                Ok(x) => not_cas.push(x.name.clone()),
                Err(Some(given)) => not_cas.push(given),
                Err(None) => unnamed.push(format!("line {}", row.line)),
            }
        }
        notes.listed(file, true, failed, |n| {
            format!(
                "Windows of {} not read by the collector, left as not said",
                counted(n, "server")
            )
        });
        notes.listed(file, false, unmodelled, |n| {
            format!(
                "Windows of {} is none the planner models (2008 R2 to 2025), left as not said",
                counted(n, "server")
            )
        });
        notes.listed(file, false, not_understood, |n| {
            format!(
                "Windows of {} not understood (not a Caption such as \"Microsoft Windows Server 2008 R2 Enterprise\" or a Version such as 6.1.7601), so not guessed: left as not said",
                counted(n, "server")
            )
        });
        notes.listed(file, false, not_cas, |n| {
            format!(
                "Windows of {} not imported (the planner keeps it for Client Access servers of Get-ExchangeServer)",
                counted(n, "other server")
            )
        });
        notes.listed(file, false, unnamed, |n| {
            format!(
                "{} naming no server (no Server or CSName) not imported",
                counted(n, "Win32_OperatingSystem object")
            )
        });
    }
    out
}

/// Whether KB3140410 is installed, by server: the collector's
/// hotfixes.csv says True or False (its Note says why when it could not
/// tell); a raw Get-HotFix lists what is installed. Other hotfixes, rows
/// not understood, and servers that are no Client Access server of the
/// export are counted in a note per file.
fn read_hotfixes(
    sources: &[&Source],
    servers: &[Server],
    notes: &mut Notes,
) -> HashMap<String, bool> {
    let mut out = HashMap::new();
    for s in sources {
        let file = s.name.as_str();
        let (mut other, mut failed, mut odd, mut not_cas, mut unnamed) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let tables = s.tables().iter().filter(|t| t.kind == Kind::HotFix);
        for row in tables.flat_map(|t| &t.rows) {
            let id = row.get("HotFixID").unwrap_or("");
            if !id.eq_ignore_ascii_case("KB3140410") {
                other.push(format!(
                    "line {} {}",
                    row.line,
                    version::quoted(&id.chars().take(40).collect::<String>())
                ));
                continue;
            }
            const NAMED_BY: [&str; 4] = ["Server", "Source", "CSName", "PSComputerName"];
            let who = shown_server(row, &NAMED_BY);
            let installed = if row.has("Installed") {
                match row.get("Installed").map(str::to_ascii_lowercase).as_deref() {
                    Some("true" | "$true") => true,
                    Some("false" | "$false") => false,
                    None => {
                        let why = row.get("Note").unwrap_or("empty");
                        failed.push(format!(
                            "{who} ({})",
                            why.chars().take(120).collect::<String>()
                        ));
                        continue;
                    }
                    Some(_) => {
                        odd.push(format!(
                            "{who} (line {}) {}",
                            row.line,
                            version::quoted(row.get("Installed").unwrap_or(""))
                        ));
                        continue;
                    }
                }
            } else {
                // Get-HotFix lists what is installed.
                true
            };
            match named_server(row, &NAMED_BY, servers) {
                Ok(x) if x.cas => {
                    out.insert(x.name.to_ascii_lowercase(), installed);
                }
                Ok(x) => not_cas.push(x.name.clone()),
                Err(Some(given)) => not_cas.push(given),
                Err(None) => unnamed.push(format!("line {}", row.line)),
            }
        }
        notes.listed(file, false, other, |n| {
            format!(
                "{} other than KB3140410 not read (the planner reads only KB3140410, §11 coexist 5)",
                counted(n, "hotfix")
            )
        });
        notes.listed(file, true, failed, |n| {
            format!(
                "whether KB3140410 is installed was not read on {}",
                counted(n, "server")
            )
        });
        notes.listed(file, false, odd, |n| {
            format!(
                "Installed of {} neither True nor False, so not guessed",
                counted(n, "KB3140410 row")
            )
        });
        notes.listed(file, false, not_cas, |n| {
            format!(
                "KB3140410 of {} not imported (the planner keeps it for Client Access servers of Get-ExchangeServer)",
                counted(n, "other server")
            )
        });
        notes.listed(file, false, unnamed, |n| {
            format!(
                "{} naming no server (no Server, Source or CSName) not imported",
                counted(n, "KB3140410 row")
            )
        });
    }
    out
}

/// What Get-ClientAccessServer says of one server, as the design takes it.
#[derive(Debug, Clone, Default)]
struct ClientAccess {
    /// AutoDiscoverServiceInternalUri; empty when none, or when it is not
    /// a URL Autodiscover could use (said in a note).
    scp_url: String,
    /// AutoDiscoverSiteScope: the values that are site names.
    site_scope: Vec<String>,
}

/// Get-ClientAccessServer by server: the SCP URL and the site scope, each
/// value checked by the field rules; a value that breaks them is left out
/// and counted in a note per file, as is a scope printed as a type name.
/// A note for each server Get-ClientAccessServer names that
/// Get-ExchangeServer does not.
fn read_client_access(
    sources: &[&Source],
    servers: &[Server],
    notes: &mut Notes,
) -> HashMap<String, ClientAccess> {
    let mut out: HashMap<String, ClientAccess> = HashMap::new();
    for s in sources {
        let mut bad_scope: Vec<String> = Vec::new();
        let mut type_names: Vec<String> = Vec::new();
        let tables = s
            .tables()
            .iter()
            .filter(|t| t.kind == Kind::ClientAccessServer);
        for row in tables.flat_map(|t| &t.rows) {
            let Some(name) = row.name("Name") else {
                continue;
            };
            let mut scp_url = row.get("AutoDiscoverServiceInternalUri").unwrap_or("");
            if let Err(e) = (!scp_url.is_empty())
                .then(|| rules::AdUrl::parse(scp_url))
                .transpose()
            {
                notes.fact(Some(&s.name), format!("{name}: AutoDiscoverServiceInternalUri {e}; not taken (the CAS publishes no SCP URL in the design)"));
                scp_url = "";
            }
            let site_scope = match row.items("AutoDiscoverSiteScope") {
                Some(sites) => sites
                    .into_iter()
                    .filter(|site| match rules::check_site_name(site) {
                        Ok(()) => true,
                        Err(e) => {
                            bad_scope.push(format!("{name}: {e}"));
                            false
                        }
                    })
                    .collect(),
                None => {
                    type_names.push(name.to_string());
                    Vec::new()
                }
            };
            if find_server(servers, name).is_none() {
                notes.fact(Some(&s.name), format!("{name} is in Get-ClientAccessServer but not in Get-ExchangeServer: its site is unknown; skipped"));
            }
            let access = ClientAccess {
                scp_url: scp_url.to_string(),
                site_scope,
            };
            out.insert(name.to_ascii_lowercase(), access);
        }
        if !bad_scope.is_empty() {
            notes.fact(
                Some(&s.name),
                format!(
                    "AutoDiscoverSiteScope: {} value{} left out (not an Active Directory site name): {}",
                    bad_scope.len(),
                    super::plural(bad_scope.len()),
                    super::first_five(bad_scope.into_iter(), "; ")
                ),
            );
        }
        if !type_names.is_empty() {
            notes.guess(
                Some(&s.name),
                format!(
                    "AutoDiscoverSiteScope of {} printed as its type name (Export-Csv of a list): taken as no site scope; export it flattened (collect-exchange.ps1 does)",
                    super::first_five(type_names.into_iter(), ", ")
                ),
            );
        }
    }
    out
}

/// One certificate of a server, as Get-ExchangeCertificate lists it.
#[derive(Debug, Clone)]
struct Certificate {
    file: String,
    thumbprint: String,
    /// CertificateDomains; None when the export printed the list's type name.
    domains: Option<Vec<String>>,
    /// Services holds IIS: Exchange has it bound to IIS, the certificate
    /// HTTPS clients meet.
    iis: bool,
    self_signed: bool,
}

/// The server a Get-ExchangeCertificate row belongs to: its Server column,
/// or the part of Identity before the backslash (`EX01\<thumbprint>`, a
/// name or an FQDN), matched by name, FQDN or the FQDN's first label.
fn certificate_server<'s>(row: &Row, servers: &'s [Server]) -> Result<&'s Server, Option<String>> {
    let given = row
        .name("Server")
        .or_else(|| {
            row.get("Identity")
                .and_then(|i| i.split_once('\\'))
                .map(|(s, _)| s.trim())
        })
        .filter(|g| !g.is_empty())
        .ok_or(None)?;
    let label = given.split('.').next().unwrap_or(given);
    servers
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(given) || same_dns_name(&s.fqdn, given))
        .or_else(|| find_server(servers, label))
        .ok_or_else(|| Some(given.to_string()))
}

/// The certificates by server (lower-case name); rows naming no server, or
/// one Get-ExchangeServer does not list, counted in a note per file.
fn read_certificates(
    sources: &[&Source],
    servers: &[Server],
    notes: &mut Notes,
) -> HashMap<String, Vec<Certificate>> {
    let mut out: HashMap<String, Vec<Certificate>> = HashMap::new();
    for s in sources {
        let (mut unnamed, mut unknown) = (Vec::new(), Vec::new());
        let tables = s
            .tables()
            .iter()
            .filter(|t| t.kind == Kind::ExchangeCertificate);
        for row in tables.flat_map(|t| &t.rows) {
            let thumbprint = row.get("Thumbprint").unwrap_or("").to_string();
            let server = match certificate_server(row, servers) {
                Ok(server) => server,
                Err(None) => {
                    unnamed.push(format!("line {}", row.line));
                    continue;
                }
                Err(Some(given)) => {
                    unknown.push(given);
                    continue;
                }
            };
            let services = row.get("Services").unwrap_or("");
            out.entry(server.name.to_ascii_lowercase())
                .or_default()
                .push(Certificate {
                    file: s.name.clone(),
                    thumbprint,
                    domains: row.items("CertificateDomains"),
                    iis: services
                        .split(',')
                        .any(|x| x.trim().eq_ignore_ascii_case("IIS")),
                    self_signed: row
                        .get("IsSelfSigned")
                        .is_some_and(|v| v.eq_ignore_ascii_case("true")),
                });
        }
        if !unnamed.is_empty() {
            notes.fact(Some(&s.name), format!(
                "{} certificate{} naming no server (no Server column, no Identity SERVER\\thumbprint, no -Server on the prompt) skipped: {}",
                unnamed.len(),
                super::plural(unnamed.len()),
                super::first_five(unnamed.into_iter(), ", ")
            ));
        }
        if !unknown.is_empty() {
            unknown.dedup();
            notes.fact(
                Some(&s.name),
                format!(
                    "certificates of servers not in Get-ExchangeServer skipped: {}",
                    super::first_five(unknown.into_iter(), ", ")
                ),
            );
        }
    }
    out
}

/// The design under construction, phase by phase, from what the files say;
/// with the notes for the user and the ids given so far.
struct Builder<'a> {
    exports: &'a Exports<'a>,
    notes: Notes,
    ids: Ids,
    sites: Vec<Site>,
    /// Each Outlook Anywhere name and the id of its site, for the perimeter.
    oa_targets: Vec<(String, String)>,
    internal: DnsView,
    internet: DnsView,
    perimeter: Perimeter,
    autodiscover: Autodiscover,
    network_zones: Vec<NetworkZone>,
    clients: Vec<Client>,
    /// The CAS (ids) whose certificate the exports do not give: they get
    /// the names they serve (`certificates`).
    served_certificates: Vec<String>,
}

impl<'a> Builder<'a> {
    fn new(exports: &'a Exports<'a>, notes: Notes) -> Self {
        Builder {
            exports,
            notes,
            ids: Ids::default(),
            sites: Vec::new(),
            oa_targets: Vec::new(),
            internal: DnsView {
                forwards_to: Some("view-internet".into()),
                ..DnsView::new(
                    "view-internal",
                    "Internal",
                    Audience::Internal,
                    Vec::<DnsZone>::new(),
                )
            },
            internet: DnsView::new(
                "view-internet",
                "Internet",
                Audience::External,
                Vec::<DnsZone>::new(),
            ),
            perimeter: Perimeter::default(),
            autodiscover: Autodiscover::default(),
            network_zones: Vec::new(),
            clients: Vec::new(),
            served_certificates: Vec::new(),
        }
    }

    /// The sites, with their CAS and mailbox servers.
    fn sites(&mut self) {
        for site_name in self.site_names() {
            let site = self.site(&site_name);
            self.sites.push(site);
        }
    }

    /// The sites' names, in the order the files name them.
    fn site_names(&mut self) -> Vec<String> {
        let mut site_names: Vec<String> = Vec::new();
        let mut add_site = |n: &str| {
            if !site_names.iter().any(|s| s.eq_ignore_ascii_case(n)) {
                site_names.push(n.to_string());
            }
        };
        for s in &self.exports.servers {
            match &s.site {
                Some(site) => add_site(site),
                None => self.notes.guess(
                    None,
                    format!("{} has no site in the export; skipped", s.name),
                ),
            }
        }
        for (_, r) in rows(self.exports.sources, Kind::ClientAccessArray) {
            if let Some(site) = r.name("Site") {
                add_site(site);
            }
        }
        site_names
    }

    /// The site named `site_name`, with its servers: a CAS of its version
    /// for each Client Access server, a mailbox server for each Mailbox
    /// server.
    fn site(&mut self, site_name: &str) -> Site {
        let exports = self.exports;
        let in_site = |s: &&Server| {
            s.site
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(site_name))
        };
        let mut site = Site {
            id: self.ids.make("site", site_name),
            name: site_name.to_string(),
            ..Default::default()
        };
        for s in exports.servers.iter().filter(in_site) {
            let ports = exports
                .rpc_ports
                .get(&s.name.to_ascii_lowercase())
                .copied()
                .unwrap_or_default();
            if s.cas {
                self.cas(&mut site, s, ports);
            }
            if s.mailbox {
                self.mailbox_server(&mut site, s, ports);
            }
        }
        site
    }

    /// `s` as a CAS of `site`, when it keeps the field rules.
    fn cas(&mut self, site: &mut Site, s: &Server, ports: RpcPorts) {
        let outlook_anywhere = self.outlook_anywhere(s, &site.id);
        let ip = self.exports.address_of(s, &mut self.notes);
        let access = self
            .exports
            .client_access
            .get(&s.name.to_ascii_lowercase())
            .cloned()
            .unwrap_or_default();
        let id = self.ids.make("cas", &s.name);
        let (windows, kb3140410) = self.windows_of(s);
        let certificate_names = match self.exports.certificate_of(s, &mut self.notes) {
            Some(names) => names,
            None => {
                // Filled in once the Autodiscover names are known.
                self.served_certificates.push(id.clone());
                Vec::new()
            }
        };
        let cas = CasServer {
            id,
            name: s.name.clone(),
            fqdn: s.fqdn.clone(),
            ip,
            rpc_ports: ports,
            outlook_anywhere,
            autodiscover_scp_url: access.scp_url,
            autodiscover_site_scope: access.site_scope,
            certificate_names,
            windows,
            kb3140410,
            exchange_version: s.version,
            build: s.build.clone(),
        };
        if admit(
            Object::Cas(site, &cas),
            &format!("CAS {}", s.name),
            None,
            &mut self.notes,
        ) {
            site.cas_servers.push(cas);
        }
    }

    /// `s`'s Windows and whether KB3140410 is on it, as the exports say;
    /// a 2010 server on Windows Server 2008 R2 whose hotfix the exports
    /// do not give is taken as without it, said in a note.
    fn windows_of(&mut self, s: &Server) -> (WindowsServer, bool) {
        let key = s.name.to_ascii_lowercase();
        let windows = self.exports.windows.get(&key).copied().unwrap_or_default();
        let kb = self.exports.kb3140410.get(&key).copied();
        if kb.is_none() && windows == WindowsServer::W2008R2 && s.version == ExchangeVersion::V2010
        {
            self.notes.guess(None, format!(
                "{} runs Windows Server 2008 R2 and the exports do not say whether KB3140410 is installed: taken as not installed, so a newer server's Outlook Anywhere proxy to it prompts (§11 coexist 5); collect-exchange.ps1 reads it with Get-HotFix",
                s.name
            ));
        }
        (windows, kb.unwrap_or(false))
    }

    /// `s`'s Outlook Anywhere settings (disabled when not exported); its
    /// external name becomes a target of the perimeter, in site `site_id`.
    fn outlook_anywhere(&mut self, s: &Server, site_id: &str) -> OutlookAnywhere {
        let mut outlook_anywhere = OutlookAnywhere::default();
        let Some(read) = self.exports.oa.get(&s.name.to_ascii_lowercase()) else {
            return outlook_anywhere;
        };
        let file = read.file.as_str();
        outlook_anywhere.enabled = true;
        outlook_anywhere.external_hostname = read.external_hostname.clone();
        outlook_anywhere.internal_hostname = read.internal_hostname.clone();
        outlook_anywhere.auth = read.auth;
        outlook_anywhere.iis_auth = read.iis_auth.clone();
        outlook_anywhere.server_exclusive_connect = self.exports.server_exclusive;
        if outlook_anywhere.external_hostname.is_empty() {
            self.notes.fact(
                Some(file),
                format!(
                    "{}: Outlook Anywhere has no ExternalHostname; taken as disabled",
                    s.name
                ),
            );
            outlook_anywhere.enabled = false;
        } else if !self
            .oa_targets
            .iter()
            .any(|(h, _)| same_dns_name(h, &outlook_anywhere.external_hostname))
        {
            self.oa_targets.push((
                outlook_anywhere.external_hostname.clone(),
                site_id.to_string(),
            ));
        }
        outlook_anywhere
    }

    /// `s` as a mailbox server of `site` (at its CAS's address when it is
    /// both), when it keeps the field rules.
    fn mailbox_server(&mut self, site: &mut Site, s: &Server, ports: RpcPorts) {
        let ip = if s.cas {
            site.cas_servers
                .iter()
                .find(|c| c.name == s.name)
                .map(|c| c.ip)
        } else {
            None
        };
        let ip = ip.unwrap_or_else(|| self.exports.address_of(s, &mut self.notes));
        let mbx = MailboxServer {
            id: self.ids.make("mbx", &s.name),
            name: s.name.clone(),
            fqdn: s.fqdn.clone(),
            ip,
            rpc_ports: ports,
        };
        if admit(
            Object::MailboxServer(site, &mbx),
            &format!("mailbox server {}", s.name),
            None,
            &mut self.notes,
        ) {
            site.mailbox_servers.push(mbx);
        }
    }

    /// The databases, on their server's site, each of its own
    /// AdminDisplayVersion, else its server's.
    fn databases(&mut self) {
        let mut public_folders_seen = false;
        let mut not_understood: Vec<(String, Vec<String>)> = Vec::new();
        for (file, row) in rows(self.exports.sources, Kind::MailboxDatabase) {
            let Some(name) = row.name("Name") else {
                continue;
            };
            let Some(server_name) = row.name("Server") else {
                self.notes.fact(
                    Some(file),
                    format!("database {name} has no Server; skipped"),
                );
                continue;
            };
            let found = self.sites.iter_mut().find_map(|site| {
                let id = site
                    .mailbox_servers
                    .iter()
                    .find(|m| m.name.eq_ignore_ascii_case(server_name))
                    .map(|m| m.id.clone())?;
                Some((site, id))
            });
            let Some((site, server_id)) = found else {
                self.notes.fact(Some(file), format!("database {name}: its server {server_name} is not a mailbox server of the export; skipped"));
                continue;
            };
            // Its server is a mailbox server of the export, so it is there.
            let server_version = find_server(&self.exports.servers, server_name)
                .map(|s| s.version)
                .unwrap_or_default();
            let text = row.get("AdminDisplayVersion");
            let version = match text.map(version::read) {
                Some(Reading::Known(v, _)) => v,
                // Not guessed from the text: the server it is mounted on
                // says what it is.
                Some(Reading::Older(_) | Reading::NotUnderstood) => {
                    let shown = format!(
                        "{name} {} (on {server_name}, {})",
                        version::quoted(text.unwrap_or("")),
                        server_version.label()
                    );
                    match not_understood.iter_mut().find(|(f, _)| f == file) {
                        Some((_, v)) => v.push(shown),
                        None => not_understood.push((file.to_string(), vec![shown])),
                    }
                    server_version
                }
                None => server_version,
            };
            public_folders_seen |= row.name("PublicFolderDatabase").is_some();
            let home = row.get("RpcClientAccessServer").unwrap_or("").to_string();
            let db = MailboxDatabase {
                id: self.ids.make("db", name),
                name: name.to_string(),
                server: server_id,
                rpc_client_access_server: home,
                exchange_version: version,
                public_folder_database: None,
            };
            if admit(
                Object::Database(site, &db),
                &format!("database {name}"),
                Some(file),
                &mut self.notes,
            ) {
                site.databases.push(db);
            }
        }
        for (file, dbs) in not_understood {
            let n = dbs.len();
            self.notes.guess(Some(&file), format!(
                "AdminDisplayVersion of {n} database{} not understood, so not guessed: each taken as its server's version: {}",
                super::plural(n),
                super::first_five(dbs.into_iter(), "; ")
            ));
        }
        if public_folders_seen {
            self.notes.fact(None, "public-folder databases are not imported (Get-PublicFolderDatabase is not collected): Outlook's direct connection to them is not predicted".into());
        }
    }

    /// The arrays, with their members and what their name resolves to inside.
    fn arrays(&mut self) {
        for (file, row) in rows(self.exports.sources, Kind::ClientAccessArray) {
            let (Some(name), Some(fqdn), Some(site_name)) =
                (row.get("Name"), row.get("Fqdn"), row.name("Site"))
            else {
                self.notes.fact(
                    Some(file),
                    format!(
                        "line {}: an array without Name, Fqdn or Site; skipped",
                        row.line
                    ),
                );
                continue;
            };
            let Some(site) = self
                .sites
                .iter_mut()
                .find(|s| s.name.eq_ignore_ascii_case(site_name))
            else {
                continue;
            };
            let members: Vec<String> = match row.list("Members") {
                Some(list) => list
                    .iter()
                    .filter_map(|m| {
                        let id = site.cas_servers.iter().find(|c| c.name.eq_ignore_ascii_case(m) && c.exchange_version == ExchangeVersion::V2010).map(|c| c.id.clone());
                        if id.is_none() {
                            self.notes.fact(Some(file), format!("array {name}: member {m} is not an Exchange 2010 CAS of site {site_name}; left out"));
                        }
                        id
                    })
                    .collect(),
                // Members is computed, not stored: every 2010 CAS of the site.
                None => site
                    .cas_servers
                    .iter()
                    .filter(|c| c.exchange_version == ExchangeVersion::V2010)
                    .map(|c| c.id.clone())
                    .collect(),
            };
            let load_balancer =
                self.exports
                    .load_balancer(file, fqdn, site, &members, &mut self.notes);
            let array = CasArray {
                id: self.ids.make("array", name),
                name: name.to_string(),
                fqdn: fqdn.to_string(),
                members,
                load_balancer,
            };
            if admit(
                Object::Array(site, &array),
                &format!("array {name}"),
                Some(file),
                &mut self.notes,
            ) {
                site.arrays.push(array);
            }
        }
    }

    /// The DNS views' zones: an "Internal" view of the internal zones, an
    /// "Internet" view of the external ones.
    fn zones(&mut self) {
        let exports = self.exports;
        for (file, z) in &exports.zones {
            if let Some(zone) = self.zone(file, z) {
                if z.side == Side::Internal {
                    self.internal.zones.push(zone);
                } else {
                    self.internet.zones.push(zone);
                }
            }
        }
        if exports.zones.is_empty() {
            self.notes.guess(None, "no DNS zones imported: names resolve nowhere, so every client fails to resolve; import the internal and external zones".into());
        }
    }

    /// Zone `z` of `file` with the records the design can hold; None (said
    /// in a note) when the zone itself breaks a field rule.
    fn zone(&mut self, file: &str, z: &ImportedZone) -> Option<DnsZone> {
        let (view, prefix) = if z.side == Side::Internal {
            (&self.internal, "zone-int")
        } else {
            (&self.internet, "zone-ext")
        };
        let zone = DnsZone {
            id: self.ids.make(prefix, &z.name),
            name: z.name.clone(),
            records: List::default(),
        };
        if let Some(p) = rules::first_problem(Object::DnsZone(view, &zone)) {
            self.notes.fact(
                Some(file),
                format!("zone {}: {}; skipped", z.name, p.message),
            );
            return None;
        }
        let mut zone = zone;
        let mut problems = Vec::new();
        note_wildcard_shields(file, z, &mut self.notes);
        for r in &z.records {
            let Some(data) = record_data(r) else { continue };
            let record = DnsRecord {
                id: String::new(),
                name: r.owner.clone(),
                data,
            };
            match rules::first_problem(Object::DnsRecord(view, &zone, &record)) {
                Some(p) => {
                    let place = r.file.as_deref().map_or(String::new(), |f| format!("{f} "));
                    problems.push(format!(
                        "{place}line {}: {} ({})",
                        r.line, record, p.message
                    ))
                }
                None => zone.records.push(DnsRecord {
                    id: self.ids.make("rec", &r.owner),
                    ..record
                }),
            }
        }
        if !problems.is_empty() {
            self.notes.fact(
                Some(file),
                format!(
                    "zone {}: records the planner cannot hold skipped: {}",
                    z.name,
                    super::first_five(problems.into_iter(), "; ")
                ),
            );
        }
        Some(zone)
    }

    /// The perimeter publishes HTTPS of each Outlook Anywhere (and
    /// Autodiscover) name.
    fn perimeter(&mut self) {
        let mut published: Vec<String> = self.oa_targets.iter().map(|(h, _)| h.clone()).collect();
        published.extend(self.autodiscover());
        for name in &published {
            self.publish(name);
        }
        if !self.perimeter.rules.is_empty() {
            self.notes.guess(None, "the perimeter is assumed not to reflect inside connections to its public addresses (hairpin NAT off, the careful default); turn it on in the design settings if the firewall does".into());
        }
    }

    /// Autodiscover's SMTP domain, taken from the Outlook Anywhere names
    /// (one with an external zone first); gives its Autodiscover name when
    /// the external zones hold it, to publish.
    fn autodiscover(&mut self) -> Option<String> {
        let smtp_domain = self
            .oa_targets
            .iter()
            .filter_map(|(h, _)| crate::names::parent_name(h).map(normalize_name))
            .find(|d| {
                self.exports
                    .zones
                    .iter()
                    .any(|(_, z)| z.side == Side::External && z.name == *d)
            })
            .or_else(|| {
                self.oa_targets
                    .first()
                    .and_then(|(h, _)| crate::names::parent_name(h).map(normalize_name))
            });
        let domain = smtp_domain?;
        self.autodiscover.smtp_domain = domain.clone();
        let ad = format!("autodiscover.{domain}");
        let published = if self.exports.outside.address(&ad).is_some() {
            self.autodiscover.dns_names.push(ad.clone());
            Some(ad)
        } else {
            None
        };
        self.notes.guess(
            None,
            format!(
                "SMTP domain taken as {domain} (from the Outlook Anywhere name), for Autodiscover"
            ),
        );
        published
    }

    /// A perimeter rule publishing TCP 443 of `name`'s public address to its
    /// inside address (or its site's VIP or Outlook Anywhere CAS); a note
    /// when it has no public address.
    fn publish(&mut self, name: &str) {
        let site_id = self
            .oa_targets
            .iter()
            .find(|(h, _)| same_dns_name(h, name))
            .map(|(_, s)| s.clone())
            .or_else(|| self.oa_targets.first().map(|(_, s)| s.clone()));
        let Some(public) = self
            .exports
            .outside
            .address(name)
            .filter(|a| !is_private(*a))
        else {
            self.notes.guess(None, format!("{name} has no public address in the external zones: nothing is published for it, so remote clients cannot reach it over HTTPS"));
            return;
        };
        let target = self
            .exports
            .inside
            .address(name)
            .or_else(|| site_id.as_deref().and_then(|s| self.vip_of_site(s)));
        if self.perimeter.rules.iter().any(|r| r.destination == public) {
            return;
        }
        self.perimeter.rules.push(PerimeterRule {
            id: self.ids.make("fw-https", name),
            name: format!("Publish HTTPS of {name}"),
            destination: public,
            ports: PortRange::single(HTTPS_PORT),
            action: PerimeterAction::Allow,
            translate_to: target,
        });
        let to = target.map_or(String::new(), |t| format!(" to {t}"));
        self.notes.guess(None, format!("the perimeter is assumed to publish TCP 443 of {name} ({public}){to} and to drop everything else: the exports cannot show the firewall; check its rules"));
    }

    /// Each CAS whose certificate the exports do not give gets the names
    /// the design has it serve ([`served_names`]), said in one note, as
    /// `file/v4.rs` does for older files: an empty list would be a
    /// certificate with no names, a mismatch on every name.
    fn certificates(&mut self) {
        let mut done: Vec<String> = Vec::new();
        for site in &mut self.sites {
            for cas in site.cas_servers.iter_mut() {
                if self.served_certificates.contains(&cas.id) {
                    cas.certificate_names = served_names(cas, &self.autodiscover);
                    done.push(format!("\"{}\"", cas.name));
                }
            }
        }
        if done.is_empty() {
            return;
        }
        let why = if self.exports.certificates_exported {
            "their certificates are not in the Get-ExchangeCertificate export (see the notes on it)"
        } else {
            "no Get-ExchangeCertificate export"
        };
        self.notes.guess(None, format!(
            "certificates of CAS {} taken as carrying the names the design has each serve (its FQDN, SCP host, Outlook Anywhere and Autodiscover names), as {why}; check them against what each certificate really carries (Get-ExchangeCertificate, which collect-exchange.ps1 exports)",
            super::first_five(done.into_iter(), ", ")
        ));
    }

    /// Where a site's Outlook Anywhere name leads: its array's VIP, else its
    /// first CAS with Outlook Anywhere on.
    fn vip_of_site(&self, site_id: &str) -> Option<Ipv4Addr> {
        let site = self.sites.iter().find(|s| s.id == site_id)?;
        site.arrays
            .iter()
            .find_map(|a| a.load_balancer.as_ref().map(|lb| lb.vip))
            .or_else(|| {
                site.cas_servers
                    .iter()
                    .find(|c| c.outlook_anywhere.enabled)
                    .map(|c| c.ip)
            })
    }

    /// Where clients sit (a LAN per site, and the Internet), and one inside
    /// and one remote client per site with databases.
    fn clients(&mut self) {
        self.network_zones = self
            .sites
            .iter()
            .map(|s| NetworkZone {
                id: self.ids.make("net", &s.name),
                name: format!("{} LAN", s.name),
                kind: ZoneKind::Site { site: s.id.clone() },
                rtt_ms: None,
            })
            .collect();
        self.network_zones.push(NetworkZone {
            id: "net-internet".into(),
            name: "Internet".into(),
            kind: ZoneKind::Internet,
            rtt_ms: None,
        });
        // Which of Get-CASMailbox's mailboxes a client stands for.
        let mut counted = vec![false; self.exports.mailboxes.len()];
        for (site, net) in self.sites.iter().zip(&self.network_zones) {
            let db = site
                .databases
                .iter()
                .find(|d| d.exchange_version.has_rpc_tcp())
                .or(site.databases.first());
            let Some(db) = db else { continue };
            let mut inside_client = Client::with_defaults(
                &self.ids.make("client", &format!("{} inside", site.name)),
                &format!("{} desktop", site.name),
                &net.id,
                "view-internal",
                &db.id,
                "os-win10",
            );
            inside_client.domain_joined = true;
            let mut remote_client = Client::with_defaults(
                &self.ids.make("client", &format!("{} remote", site.name)),
                &format!("{} remote laptop", site.name),
                "net-internet",
                "view-internet",
                &db.id,
                "os-win10",
            );
            let mailbox_setting =
                Self::mailbox_mapi_http(self.exports, site, db, &mut counted, &mut self.notes);
            inside_client.mailbox_mapi_http_enabled = mailbox_setting;
            remote_client.mailbox_mapi_http_enabled = mailbox_setting;
            self.clients.push(inside_client);
            self.clients.push(remote_client);
        }
        let uncounted = self.exports.mailboxes.len() - counted.iter().filter(|c| **c).count();
        if uncounted > 0 {
            self.notes.fact(None, format!(
                "{uncounted} of the {} mailboxes in Get-CASMailbox are on databases no imported client stands for (a client per site stands for its site's first database): their MAPI/HTTP settings are not in the design",
                self.exports.mailboxes.len()
            ));
        }
        if !self.clients.is_empty() {
            self.notes.fact(None, format!(
                "{} clients added, an inside desktop and a remote laptop per site with a database: Outlook 2010 on Windows 10/11 with default profiles (Outlook Anywhere on, §4)",
                self.clients.len()
            ));
        }
    }

    /// The MAPI/HTTP setting of the mailboxes on `db` of `site` (§10
    /// protocol 3), for the clients that stand for them: theirs when they
    /// agree, else None (the organisation's), with a note counting them.
    /// A mailbox is on `db` by the collector's Database column, else by
    /// ServerName (its database's server); one naming neither is the
    /// organisation's, counted for every client. `counted` marks them.
    fn mailbox_mapi_http(
        exports: &Exports<'_>,
        site: &Site,
        db: &MailboxDatabase,
        counted: &mut [bool],
        notes: &mut Notes,
    ) -> Option<bool> {
        let server = site
            .mailbox_servers
            .iter()
            .find(|m| m.id == db.server)
            .map(|m| m.name.as_str())
            .unwrap_or("");
        let (mut on, mut off, mut unset, mut odd) = (0usize, 0usize, 0usize, 0usize);
        for (i, m) in exports.mailboxes.iter().enumerate() {
            let here = match (&m.database, &m.server) {
                (Some(d), _) => d.eq_ignore_ascii_case(&db.name),
                (None, Some(s)) => s.eq_ignore_ascii_case(server),
                (None, None) => true,
            };
            if !here {
                continue;
            }
            counted[i] = true;
            match m.setting {
                MapiSetting::On => on += 1,
                MapiSetting::Off => off += 1,
                MapiSetting::Unset => unset += 1,
                MapiSetting::Odd(_) => odd += 1,
            }
        }
        let total = on + off + unset + odd;
        let who = format!("{}'s clients (database {})", site.name, db.name);
        if total == 0 {
            if exports.mailboxes_exported {
                notes.fact(None, format!("{who}: no mailbox of it in Get-CASMailbox; they keep the organisation's MAPI/HTTP setting"));
            }
            return None;
        }
        let agreed = match (on, off, unset, odd) {
            (_, 0, 0, 0) => Some(Some(true)),
            (0, _, 0, 0) => Some(Some(false)),
            (0, 0, _, 0) => Some(None),
            _ => None,
        };
        let setting = match agreed {
            Some(setting) => {
                let said = match setting {
                    Some(true) => "MapiHttpEnabled True: MAPI/HTTP on for them",
                    Some(false) => "MapiHttpEnabled False: MAPI/HTTP off for them",
                    None => "MapiHttpEnabled empty: the organisation's setting",
                };
                notes.fact(None, format!("{who}: all {total} of its mailboxes in Get-CASMailbox have {said} (§10 protocol 3)"));
                setting
            }
            None => {
                notes.guess(None, format!(
                    "{who}: its {total} mailboxes in Get-CASMailbox disagree ({on} on, {off} off, {unset} left to the organisation{}): the clients keep the organisation's MAPI/HTTP setting; add a client for the others to see them",
                    if odd > 0 { format!(", {odd} not understood") } else { String::new() }
                ));
                None
            }
        };
        setting
    }

    /// The design, named after the forest, its description listing the
    /// files and the assumptions to check; and the notes.
    fn finish(self) -> Imported {
        let files: Vec<&str> = self
            .exports
            .sources
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        let org = self.exports.forest.clone().unwrap_or_default();
        // The assumptions travel with the design, for whoever opens it next.
        let guesses: Vec<&str> = self
            .notes
            .0
            .iter()
            .filter(|n| n.guess)
            .map(|n| n.text.as_str())
            .collect();
        let mut description = format!(
            "Imported from {} file{}: {}.",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            files.join(", ")
        );
        if !guesses.is_empty() {
            description.push_str(&format!(" Assumptions to check: {}.", guesses.join("; ")));
        }
        let scenario = Scenario {
            name: if org.is_empty() {
                "Imported organisation".into()
            } else {
                format!("Imported organisation ({org})")
            },
            description,
            organisation: org,
            mapi_http_enabled: self.exports.org_mapi_http,
            sites: self.sites.into(),
            autodiscover: self.autodiscover,
            dns_views: vec![self.internal, self.internet].into(),
            network_zones: self.network_zones.into(),
            perimeter: self.perimeter,
            timing_presets: builtin_timing_presets().into(),
            clients: self.clients.into(),
            ranges: Ranges::default(),
            migration: Migration::default(),
        };
        // Valid by construction (each object admitted by its field rules, ids
        // unique, references made from what exists); the tests and the `import`
        // fuzz target hold `validate` to it, which would cost a third of an
        // import of a 50,000-record zone here.
        Imported {
            scenario,
            notes: self.notes.0,
        }
    }
}

/// The names a CAS serves, in order and once each: its FQDN, the host of
/// its SCP URL, its Outlook Anywhere external name (when enabled) and
/// internal name, then the organisation's Autodiscover names; at most
/// [`rules::MAX_CERTIFICATE_NAMES`]. The order and the names are
/// `file/v4.rs`'s migration's.
fn served_names(cas: &CasServer, autodiscover: &Autodiscover) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |n: &str| {
        let n = n.trim();
        if !n.is_empty()
            && names.len() < rules::MAX_CERTIFICATE_NAMES
            && rules::check_dns_name(n, true).is_ok()
            && !names.iter().any(|m| same_dns_name(m, n))
        {
            names.push(n.to_string());
        }
    };
    add(&cas.fqdn);
    if let Ok(url) = rules::AdUrl::parse(&cas.autodiscover_scp_url) {
        add(url.host);
    }
    if cas.outlook_anywhere.enabled {
        add(&cas.outlook_anywhere.external_hostname);
    }
    add(&cas.outlook_anywhere.internal_hostname);
    for n in &autodiscover.dns_names {
        add(n);
    }
    names
}

impl Exports<'_> {
    /// The names on the certificate `s` presents over HTTPS: the
    /// CertificateDomains of its certificate with IIS among its Services
    /// (of several, the first not self-signed, said in a note), names that
    /// are not DNS names left out with a note. None, said in a note when a
    /// certificate export was read, when the exports do not give it.
    fn certificate_of(&self, s: &Server, notes: &mut Notes) -> Option<Vec<String>> {
        let certificates = self.certificates.get(&s.name.to_ascii_lowercase());
        let Some(certificates) = certificates.filter(|c| !c.is_empty()) else {
            if self.certificates_exported {
                notes.fact(
                    None,
                    format!(
                        "{}: no certificate of it in the Get-ExchangeCertificate export",
                        s.name
                    ),
                );
            }
            return None;
        };
        let iis: Vec<&Certificate> = certificates.iter().filter(|c| c.iis).collect();
        let Some(first) = iis.first() else {
            notes.fact(Some(&certificates[0].file), format!("{}: none of its {} certificate{} has IIS among its Services, so which one HTTPS presents is not known", s.name, certificates.len(), super::plural(certificates.len())));
            return None;
        };
        let chosen = iis.iter().find(|c| !c.self_signed).unwrap_or(first);
        if iis.len() > 1 {
            notes.guess(Some(&chosen.file), format!(
                "{}: {} certificates have IIS among their Services (Get-ExchangeCertificate can list a service a certificate no longer serves); {} taken as the one HTTPS presents{}; check the binding of the Default Web Site",
                s.name,
                iis.len(),
                chosen.thumbprint,
                if chosen.self_signed { "" } else { ", the first not self-signed" }
            ));
        }
        let Some(domains) = &chosen.domains else {
            notes.guess(Some(&chosen.file), format!("{}: CertificateDomains of certificate {} printed as its type name (Export-Csv of a list); export it flattened (collect-exchange.ps1 does)", s.name, chosen.thumbprint));
            return None;
        };
        Some(certificate_names(s, chosen, domains, notes))
    }
}

/// `domains` as certificate names: DNS names (a wildcard first label
/// allowed), at most [`rules::MAX_CERTIFICATE_NAMES`]; the rest left out
/// and counted in a note.
fn certificate_names(
    s: &Server,
    chosen: &Certificate,
    domains: &[String],
    notes: &mut Notes,
) -> Vec<String> {
    let mut names = Vec::new();
    let mut bad = Vec::new();
    for d in domains {
        match rules::check_dns_name(d, true) {
            Ok(()) if names.len() < rules::MAX_CERTIFICATE_NAMES => names.push(d.clone()),
            Ok(()) => bad.push(format!(
                "\"{d}\" (past the {} this planner reads)",
                rules::MAX_CERTIFICATE_NAMES
            )),
            Err(e) => bad.push(e),
        }
    }
    let file = Some(chosen.file.as_str());
    if !bad.is_empty() {
        notes.fact(
            file,
            format!(
                "{}: {} name{} on certificate {} left out: {}",
                s.name,
                bad.len(),
                super::plural(bad.len()),
                chosen.thumbprint,
                super::first_five(bad.into_iter(), "; ")
            ),
        );
    }
    if names.is_empty() {
        notes.fact(file, format!("{}: its HTTPS certificate {} carries no DNS name: every name clients ask for raises the mismatch prompt", s.name, chosen.thumbprint));
    }
    names
}

impl Exports<'_> {
    /// The load balancer in front of array `fqdn` of `site`: where the name
    /// resolves inside, when that is no server's address, taken as a VIP
    /// forwarding what the members need; the guess said in a note.
    fn load_balancer(
        &self,
        file: &str,
        fqdn: &str,
        site: &Site,
        members: &[String],
        notes: &mut Notes,
    ) -> Option<LoadBalancer> {
        match self.inside.address(fqdn) {
            None => {
                notes.guess(Some(file), format!("array {fqdn} has no A record in the internal zones: no load balancer assumed (import the internal zone that holds it)"));
                None
            }
            Some(ip) if site.cas_servers.iter().any(|c| c.ip == ip) => {
                let cas = site
                    .cas_servers
                    .iter()
                    .find(|c| c.ip == ip)
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                notes.fact(Some(file), format!("array {fqdn} resolves to {ip}, the address of {cas}: no load balancer in front"));
                None
            }
            Some(vip) => {
                let members = site.cas_servers.iter().filter(|c| members.contains(&c.id));
                let forwarded = assumed_vip_forwarding(members);
                let shown: Vec<String> = forwarded.iter().map(ToString::to_string).collect();
                notes.guess(Some(file), format!(
                    "array {fqdn} resolves to {vip}, which is no server's address: taken as a load balancer's VIP forwarding {} and dropping other ports; check its virtual services",
                    shown.join(", ")
                ));
                Some(LoadBalancer {
                    vip,
                    forwarded_ports: forwarded,
                    unforwarded: PerimeterAction::Drop,
                })
            }
        }
    }
}

/// Whether `object` keeps every field rule (`rules`, the one place they
/// live); if not, the note says what is wrong and that it was left out.
fn admit(object: Object<'_>, what: &str, file: Option<&str>, notes: &mut Notes) -> bool {
    match rules::first_problem(object) {
        None => true,
        Some(p) => {
            notes.fact(file, format!("{what}: {} {}; left out", p.label, p.message));
            false
        }
    }
}

/// A name holding only records of unmodelled types exists in DNS, so a
/// wildcard does not answer for it (RFC 1034 §4.3.3); without those records
/// the design would let the wildcard answer. Said, not hidden.
fn note_wildcard_shields(file: &str, z: &ImportedZone, notes: &mut Notes) {
    if !z.records.iter().any(|r| r.owner.starts_with("*.")) {
        return;
    }
    let modelled: HashSet<&str> = z
        .records
        .iter()
        .filter(|r| !matches!(r.data, Rdata::Other(_)))
        .map(|r| r.owner.as_str())
        .collect();
    let mut shielded: Vec<&str> = z
        .records
        .iter()
        .filter(|r| {
            matches!(r.data, Rdata::Other(_))
                && r.owner != z.name
                && !modelled.contains(r.owner.as_str())
        })
        .map(|r| r.owner.as_str())
        .collect();
    shielded.sort_unstable();
    shielded.dedup();
    if !shielded.is_empty() {
        notes.guess(Some(file), format!(
            "zone {} has a wildcard, and {} hold only records the planner does not model: in DNS the wildcard does not answer for them, in the design it does; add a TXT record to keep that",
            z.name,
            shielded.join(", ")
        ));
    }
}

/// The record as the design holds it; None for types it does not model
/// (the reader's notes count them).
fn record_data(r: &ZoneRecord) -> Option<RecordData> {
    Some(match &r.data {
        Rdata::A(address) => RecordData::A { address: *address },
        Rdata::Aaaa(address) => RecordData::Aaaa { address: *address },
        Rdata::Cname(target) => RecordData::Cname {
            target: target.clone(),
        },
        Rdata::Srv {
            priority,
            weight,
            port,
            target,
        } => RecordData::Srv {
            target: target.clone(),
            port: *port,
            priority: *priority,
            weight: *weight,
        },
        Rdata::Txt(text) => RecordData::Txt { text: text.clone() },
        Rdata::Other(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_made_unique() {
        let mut ids = Ids::default();
        assert_eq!(
            ids.make("site", "Default-First-Site-Name"),
            "site-default-first-site-name"
        );
        assert_eq!(
            ids.make("db", "Mailbox Database 0123"),
            "db-mailbox-database-0123"
        );
        assert_eq!(
            ids.make("db", "Mailbox  Database_0123"),
            "db-mailbox-database-0123-2"
        );
        assert_eq!(ids.make("rec", "***"), "rec");
    }
}
