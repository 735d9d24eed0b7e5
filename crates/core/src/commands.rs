//! Deployment commands: the change from one design to another as a
//! PowerShell plan an Exchange admin reviews, then runs step by step.
//!
//! The plan is derived from the two designs, object by object (the walk in
//! `objects`), so a fix's commands and a whole design's build come from one
//! generator: [`fixes_plan`] for the current findings' fixes, [`build_plan`]
//! for every array, database setting, DNS record and port setting of a design.
//! Commands and their caveats follow `docs/behaviour-model.md` §1, §2 step 5
//! and §4. Every user value is quoted with [`ps_quote`]; comments carry user
//! text only through [`comment_text`]. Nothing here runs anything.

use crate::advisor::Severity;
use crate::analysis::Analysis;
use crate::fixes;
use crate::model::*;
use crate::names::normalize_name;
use crate::objects::Object;
use crate::sim::time::format_ms;
use std::collections::HashMap;
use std::fmt::Write;

/// `text` as a PowerShell single-quoted string: nothing inside is expanded.
/// PowerShell ends such a string at any of its four single-quote characters
/// (' ‘ ’ ‚ ‛ — U+0027, U+2018, U+2019, U+201A, U+201B) and reads a doubled
/// one as one, so each is doubled.
pub fn ps_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if is_ps_single_quote(c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// `text` as a double-quoted character-string, the form a zone file
/// (RFC 1035 §5.1) and dnscmd's command line both read: `"` and `\` are
/// escaped with a backslash.
pub fn zone_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The characters PowerShell reads as a single quote.
pub fn is_ps_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// User text made safe inside a `#` comment: anything that could end the
/// line (and so start a command) becomes a space.
pub fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

const HEADER_NOTE: &str = "\
# A plan to review, not a script to run blindly: CAS Array Planner never runs anything.
# Exchange steps run in the Exchange Management Shell (of the server each step names;
# organisation-wide steps from the newest version's shell).
# DNS steps use the DnsServer module (Windows Server 2012 and later); the dnscmd form
# for Windows Server 2008 R2 DNS servers is given beside each one.
";

/// Where a DNS view's zones are served: by the organisation's Windows DNS
/// (a view inside clients use, alone or with the Internet), or by a public
/// DNS host (a view for outside clients), which gets a BIND snippet. The
/// view's audience decides, as it does for the advisor.
fn windows_views(s: &Scenario) -> HashMap<&str, bool> {
    s.dns_views
        .iter()
        .map(|v| (v.id.as_str(), v.audience.serves_inside()))
        .collect()
}

/// The owner relative to its zone, as DNS tools take it: `@` for the apex.
fn relative(owner: &str, zone: &str) -> String {
    let (o, z) = (normalize_name(owner), normalize_name(zone));
    if o == z {
        "@".into()
    } else {
        o.strip_suffix(&format!(".{z}")).unwrap_or(&o).to_string()
    }
}

/// The script being written: sections of commands with their comments.
struct Script {
    out: String,
    /// DNS records to add and to remove: a change adds names first (before
    /// anything points at them) and removes them last.
    adds: String,
    removes: String,
    windows: HashMap<String, bool>,
    exclusive_connect: Option<bool>,
}

impl Script {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }
    fn note(&mut self, text: &str) {
        let _ = writeln!(self.out, "# {}", comment_text(text));
    }

    fn record(&mut self, view: &DnsView, zone: &DnsZone, r: &DnsRecord, add: bool) {
        let main = std::mem::take(&mut self.out);
        self.record_steps(view, zone, r, add);
        let written = std::mem::replace(&mut self.out, main);
        if add {
            &mut self.adds
        } else {
            &mut self.removes
        }
        .push_str(&written);
    }

    fn record_steps(&mut self, view: &DnsView, zone: &DnsZone, r: &DnsRecord, add: bool) {
        let name = relative(&r.name, &zone.name);
        let windows = self.windows.get(view.id.as_str()).copied().unwrap_or(true);
        let (ty, data) = match &r.data {
            RecordData::A { address } => ("A", address.to_string()),
            RecordData::Aaaa { address } => ("AAAA", address.to_string()),
            RecordData::Cname { target } => ("CNAME", target.clone()),
            RecordData::Srv {
                target,
                port,
                priority,
                weight,
            } => ("SRV", format!("{priority} {weight} {port} {target}")),
            RecordData::Txt { text } => ("TXT", text.clone()),
        };
        let verb = if add { "Add" } else { "Remove" };
        self.note(&format!(
            "{verb} {} {ty} {data} in zone {} ({})",
            r.name, zone.name, view.name
        ));
        if !windows {
            // A public zone hosted elsewhere: what to ask the DNS host for.
            self.note(&format!(
                "{} is served by a public DNS host: ask it to {} this record (BIND form):",
                view.name,
                if add { "add" } else { "remove" }
            ));
            let bind_data = match &r.data {
                RecordData::A { .. } | RecordData::Aaaa { .. } => data.clone(),
                RecordData::Txt { text } => zone_quote(text),
                _ => format!("{data}."),
            };
            self.note(&format!(
                "  {}. IN {ty} {bind_data}",
                normalize_name(&r.name)
            ));
            self.note("then check from outside with: nslookup <name> <a public resolver>");
            return;
        }
        let (zn, nm) = (ps_quote(&zone.name), ps_quote(&name));
        match (&r.data, add) {
            (RecordData::A { address }, true) => {
                // -IPv4Address splatted: the same binding, in a form PowerShell
                // grammars without digits in parameter names also read
                // (tree-sitter-powershell, make test-powershell).
                self.line(&format!(
                    "$Address = @{{ IPv4Address = {} }}",
                    ps_quote(&address.to_string())
                ));
                self.line(&format!("Add-DnsServerResourceRecordA -ComputerName $DnsServer -ZoneName {zn} -Name {nm} @Address"));
                self.note(&format!(
                    "2008 R2: dnscmd <DnsServer> /recordadd {} {name} A {address}",
                    zone.name
                ));
            }
            (RecordData::Aaaa { address }, true) => {
                self.line(&format!(
                    "$Address = @{{ IPv6Address = {} }}",
                    ps_quote(&address.to_string())
                ));
                self.line(&format!("Add-DnsServerResourceRecordAAAA -ComputerName $DnsServer -ZoneName {zn} -Name {nm} @Address"));
                self.note(&format!(
                    "2008 R2: dnscmd <DnsServer> /recordadd {} {name} AAAA {address}",
                    zone.name
                ));
            }
            (RecordData::Cname { target }, true) => {
                self.line(&format!("Add-DnsServerResourceRecordCName -ComputerName $DnsServer -ZoneName {zn} -Name {nm} -HostNameAlias {}", ps_quote(target)));
                self.note(&format!(
                    "2008 R2: dnscmd <DnsServer> /recordadd {} {name} CNAME {target}",
                    zone.name
                ));
            }
            (
                RecordData::Srv {
                    target,
                    port,
                    priority,
                    weight,
                },
                true,
            ) => {
                self.line(&format!(
                    "Add-DnsServerResourceRecord -ComputerName $DnsServer -Srv -ZoneName {zn} -Name {nm} -DomainName {} -Port {port} -Priority {priority} -Weight {weight}",
                    ps_quote(target)
                ));
                self.note(&format!("2008 R2: dnscmd <DnsServer> /recordadd {} {name} SRV {priority} {weight} {port} {target}", zone.name));
            }
            (RecordData::Txt { text }, true) => {
                self.line(&format!("Add-DnsServerResourceRecord -ComputerName $DnsServer -Txt -ZoneName {zn} -Name {nm} -DescriptiveText {}", ps_quote(text)));
                self.note(&format!(
                    "2008 R2: dnscmd <DnsServer> /recordadd {} {name} TXT {}",
                    zone.name,
                    zone_quote(text)
                ));
            }
            (_, false) => {
                // With -RecordData only this record goes, not every record of the name.
                self.line(&format!(
                    "Remove-DnsServerResourceRecord -ComputerName $DnsServer -ZoneName {zn} -RRType {ty} -Name {nm} -RecordData {} -Force",
                    ps_quote(&data)
                ));
                let shown = if let RecordData::Txt { text } = &r.data {
                    zone_quote(text)
                } else {
                    data
                };
                self.note(&format!(
                    "2008 R2: dnscmd <DnsServer> /recorddelete {} {name} {ty} {shown} /f",
                    zone.name
                ));
            }
        }
    }

    fn array(&mut self, after: &Scenario, site: &Site, before: Option<&CasArray>, a: &CasArray) {
        match before {
            None => {
                self.note(&format!(
                    "Create the CAS array {} for site {} (§1: one per site, even for a single CAS)",
                    a.fqdn, site.name
                ));
                self.line(&format!(
                    "New-ClientAccessArray -Name {} -Fqdn {} -Site {}",
                    ps_quote(&a.name),
                    ps_quote(&a.fqdn),
                    ps_quote(&site.name)
                ));
            }
            Some(b) if !same(&b.fqdn, &a.fqdn) || b.name != a.name => {
                self.note(&format!("Rename the CAS array {} to {}", b.fqdn, a.fqdn));
                self.line(&format!(
                    "Set-ClientAccessArray -Identity {} -Name {} -Fqdn {}",
                    ps_quote(&b.name),
                    ps_quote(&a.name),
                    ps_quote(&a.fqdn)
                ));
            }
            Some(_) => {}
        }
        if before.and_then(|b| b.load_balancer.as_ref()) != a.load_balancer.as_ref() {
            if let Some(lb) = &a.load_balancer {
                let ports: Vec<String> = lb.forwarded_ports.iter().map(|p| p.to_string()).collect();
                self.note(&format!(
                    "Load balancer for {} (vendor-neutral checklist, §2 step 5):",
                    a.fqdn
                ));
                self.note(&format!(
                    "  [ ] virtual server {} forwards TCP {} to the members",
                    lb.vip,
                    ports.join(", ")
                ));
                // What the members need, as the advisor's CAS009 checks it
                // (a member may sit in another site).
                let members = a.members.iter().filter_map(|m| {
                    let mut cas = after.sites.iter().flat_map(|s| s.cas_servers.iter());
                    cas.find(|c| c.id == *m)
                });
                let needed: Vec<String> = vip_must_forward(members)
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                self.note(&format!("  [ ] the members need {}", needed.join(", ")));
                self.note("  [ ] client (source IP) affinity; other ports dropped");
            }
        }
    }

    fn database(&mut self, db: &MailboxDatabase) {
        if !db.exchange_version.has_rpc_tcp() {
            return;
        }
        self.note(&format!(
            "Point database {} at {} (the profiles' home server, §1)",
            db.name, db.rpc_client_access_server
        ));
        self.note("WARNING: existing Outlook profiles keep the old name until repaired or re-created, and the Exchange");
        self.note(
            "team advises not to change RpcClientAccessServer once mailboxes live in the database.",
        );
        self.line(&format!(
            "Set-MailboxDatabase -Identity {} -RpcClientAccessServer {}",
            ps_quote(&db.name),
            ps_quote(&db.rpc_client_access_server)
        ));
    }

    /// A new database of Exchange 2013 or later (a 2010 one is created
    /// with its RpcClientAccessServer, `database`): created and mounted on
    /// its server (§11 coexist 4).
    fn new_database(&mut self, after: &Scenario, db: &MailboxDatabase) {
        if db.exchange_version.has_rpc_tcp() {
            return;
        }
        let server = after
            .sites
            .iter()
            .flat_map(|s| s.mailbox_servers.iter())
            .find(|m| m.id == db.server)
            .map_or(db.server.as_str(), |m| m.name.as_str());
        self.note(&format!(
            "Create database {} ({}) on {server}",
            db.name,
            db.exchange_version.label()
        ));
        self.line(&format!(
            "New-MailboxDatabase -Name {} -Server {}",
            ps_quote(&db.name),
            ps_quote(server)
        ));
        self.line(&format!("Mount-Database -Identity {}", ps_quote(&db.name)));
    }

    /// A client group whose mailboxes move to another database, or whose
    /// profiles get Outlook Anywhere (§11 coexist 4, 6, step 2).
    fn client_moves(
        &mut self,
        before: &Scenario,
        after: &Scenario,
        b: Option<&Client>,
        c: &Client,
    ) {
        let Some(b) = b else { return };
        if !b.outlook_anywhere && c.outlook_anywhere {
            self.note(&format!(
                "Outlook profile of {}: give it Outlook Anywhere before its mailbox moves, or it loops on the restart prompt (§11 coexist 6): let Autodiscover configure it at Outlook's next start, or create a new profile",
                c.name
            ));
        }
        if b.mailbox_database == c.mailbox_database {
            return;
        }
        let name = |s: &Scenario, id: &str| {
            s.sites
                .iter()
                .flat_map(|site| site.databases.iter())
                .find(|d| d.id == id)
                .map(|d| d.name.clone())
                .unwrap_or_else(|| id.to_string())
        };
        let (from, to) = (
            name(before, &b.mailbox_database),
            name(after, &c.mailbox_database),
        );
        self.note(&format!(
            "Move the mailboxes of {} ({} user{}) from {from} to {to}; each user meets the restart prompt when the move completes (§11 step 2)",
            c.name,
            c.users,
            if c.users == 1 { "" } else { "s" }
        ));
        self.line("$Mailboxes = @()  # this group's mailboxes: fill in");
        self.line(&format!(
            "$Mailboxes | ForEach-Object {{ New-MoveRequest -Identity $_ -TargetDatabase {} }}",
            ps_quote(&to)
        ));
    }

    fn outlook_anywhere(&mut self, before: Option<&CasServer>, c: &CasServer) {
        let (was, oa) = (before.map(|b| &b.outlook_anywhere), &c.outlook_anywhere);
        let identity = ps_quote(&format!("{}\\Rpc (Default Web Site)", c.name));
        // Exchange 2010 takes Basic or Ntlm here (§4).
        let auth = if oa.auth == OaAuth::Basic {
            "Basic"
        } else {
            "Ntlm"
        };
        if !c.exchange_version.has_rpc_tcp() {
            return self.outlook_anywhere_2013(was, c);
        }
        if oa.enabled && !was.is_some_and(|w| w.enabled) {
            self.note(&format!(
                "Enable Outlook Anywhere on {} as {} (§4)",
                c.name, oa.external_hostname
            ));
            self.line(&format!(
                "Enable-OutlookAnywhere -Server {} -ExternalHostname {} -ClientAuthenticationMethod {auth} -SSLOffloading $false",
                ps_quote(&c.name),
                ps_quote(&oa.external_hostname)
            ));
        } else if oa.enabled
            && was.is_some_and(|w| w.external_hostname != oa.external_hostname || w.auth != oa.auth)
        {
            self.note(&format!(
                "Outlook Anywhere on {}: {} with {auth} authentication (§4)",
                c.name, oa.external_hostname
            ));
            self.line(&format!("Set-OutlookAnywhere -Identity {identity} -ExternalHostname {} -ClientAuthenticationMethod {auth}", ps_quote(&oa.external_hostname)));
        } else if !oa.enabled && was.is_some_and(|w| w.enabled) {
            self.note(&format!("Disable Outlook Anywhere on {}", c.name));
            self.line(&format!("Disable-OutlookAnywhere -Identity {identity}"));
        }
        if oa.enabled && oa.auth == OaAuth::Negotiate {
            self.note("NOTE: the design uses Negotiate; Exchange 2010 offers Basic or Ntlm for Outlook Anywhere clients.");
        }
        self.proxy_auth(before, c);
    }

    /// What a newer server's proxy needs of a 2010 one (§11 coexist 5):
    /// the IIS methods with NTLM, and on Windows Server 2008 R2 KB3140410.
    fn proxy_auth(&mut self, before: Option<&CasServer>, c: &CasServer) {
        let oa = &c.outlook_anywhere;
        let was = before.map(|b| b.outlook_anywhere.iis_methods());
        if oa.enabled && !oa.iis_auth.is_empty() && was.as_ref() != Some(&oa.iis_methods()) {
            let methods: Vec<&str> = oa
                .iis_methods()
                .iter()
                .map(|m| match m {
                    OaAuth::Basic => "Basic",
                    OaAuth::Ntlm => "NTLM",
                    OaAuth::Negotiate => "Negotiate",
                })
                .collect();
            self.note(&format!(
                "IIS authentication of Outlook Anywhere on {}: {} (a newer server proxies with NTLM, §11 coexist 5)",
                c.name,
                methods.join(", ")
            ));
            let quoted: Vec<String> = methods.iter().map(|m| ps_quote(m)).collect();
            self.line(&format!(
                "Set-OutlookAnywhere -Identity {} -IISAuthenticationMethods {}",
                ps_quote(&format!("{}\\Rpc (Default Web Site)", c.name)),
                quoted.join(",")
            ));
        }
        if c.kb3140410
            && !before.is_some_and(|b| b.kb3140410)
            && c.windows == WindowsServer::W2008R2
        {
            self.note(&format!(
                "Install KB3140410 on {} (Windows Server 2008 R2) before a newer server proxies Outlook Anywhere to it (§11 coexist 5), then restart it; this plan cannot install it",
                c.name
            ));
            self.line(&format!(
                "Get-HotFix -Id KB3140410 -ComputerName {}  # must list the update",
                ps_quote(&c.fqdn)
            ));
        }
    }

    /// Outlook Anywhere on Exchange 2013 and later: always on (it is how
    /// Outlook reaches the mailbox, §1), set with `Set-OutlookAnywhere` and
    /// its External/Internal parameters; `Enable-`/`Disable-OutlookAnywhere`
    /// are Exchange 2010's.
    fn outlook_anywhere_2013(&mut self, was: Option<&OutlookAnywhere>, c: &CasServer) {
        let oa = &c.outlook_anywhere;
        let changed = was.is_none_or(|w| {
            w.enabled != oa.enabled
                || w.external_hostname != oa.external_hostname
                || w.internal_hostname != oa.internal_hostname
                || w.auth != oa.auth
        });
        if !changed {
            return;
        }
        if !oa.enabled {
            self.note(&format!(
                "{} ({}) always offers Outlook Anywhere: it is how Outlook reaches its mailboxes (§1). Leave it on.",
                c.name,
                c.exchange_version.label()
            ));
            return;
        }
        let identity = ps_quote(&format!("{}\\Rpc (Default Web Site)", c.name));
        let auth = oa.auth.label();
        self.note(&format!(
            "Outlook Anywhere on {} ({}): {} with {auth} authentication outside (§4, §10 serve 1)",
            c.name,
            c.exchange_version.label(),
            oa.external_hostname
        ));
        let name = |n: &str| {
            if n.trim().is_empty() {
                "$null".to_string()
            } else {
                ps_quote(n.trim())
            }
        };
        self.line(&format!(
            "Set-OutlookAnywhere -Identity {identity} -ExternalHostname {} -ExternalClientsRequireSsl $true -ExternalClientAuthenticationMethod {auth} -InternalHostname {} -InternalClientsRequireSsl $true",
            name(&oa.external_hostname),
            name(oa.host_for(true))
        ));
    }

    /// Static RPC ports on one server (TechNet Wiki 864, §2 step 5): the
    /// RPC Client Access port, and on a CAS the Address Book port.
    fn rpc_ports(&mut self, name: &str, fqdn: &str, ports: RpcPorts, is_cas: bool) {
        const RPC: &str =
            "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem";
        const AB: &str = "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters";
        match ports {
            RpcPorts::Static {
                rpc_client_access,
                address_book,
            } => {
                self.note(&format!(
                    "Static RPC ports on {name}: {rpc_client_access}{}",
                    if is_cas {
                        format!(" and Address Book {address_book}")
                    } else {
                        String::new()
                    }
                ));
                self.line(&format!(
                    "Invoke-Command -ComputerName {} -ScriptBlock {{",
                    ps_quote(fqdn)
                ));
                self.line(&format!("    New-ItemProperty -Path {} -Name 'TCP/IP Port' -PropertyType DWord -Value {rpc_client_access} -Force | Out-Null", ps_quote(RPC)));
                if is_cas {
                    self.line(&format!("    New-ItemProperty -Path {} -Name 'RpcTcpPort' -PropertyType String -Value {} -Force | Out-Null", ps_quote(AB), ps_quote(&address_book.to_string())));
                }
            }
            RpcPorts::Dynamic => {
                self.note(&format!(
                    "Dynamic RPC ports (6005-59530) on {name}: remove the static values"
                ));
                self.line(&format!(
                    "Invoke-Command -ComputerName {} -ScriptBlock {{",
                    ps_quote(fqdn)
                ));
                self.line(&format!("    Remove-ItemProperty -Path {} -Name 'TCP/IP Port' -ErrorAction SilentlyContinue", ps_quote(RPC)));
                if is_cas {
                    self.line(&format!("    Remove-ItemProperty -Path {} -Name 'RpcTcpPort' -ErrorAction SilentlyContinue", ps_quote(AB)));
                }
            }
        }
        self.line(if is_cas {
            "    Restart-Service 'MSExchangeRPC', 'MSExchangeAB'"
        } else {
            "    Restart-Service MSExchangeRPC"
        });
        self.line("}");
    }
}

impl Script {
    /// The organisation's MAPI/HTTP setting when it changes (§10 protocol
    /// 2, 7): the command, and the restart prompt it raises.
    fn organisation_mapi_http(&mut self, before: &Scenario, after: &Scenario) {
        if before.mapi_http_enabled == after.mapi_http_enabled {
            return;
        }
        let Some(on) = after.mapi_http_enabled else {
            self.note("The organisation's MAPI/HTTP setting is left as it is: the design no longer says (§10 protocol 2).");
            return;
        };
        self.note(&format!(
            "MAPI/HTTP for the organisation: {} (§10 protocol 2). Outlook notices at its next Autodiscover run and asks the user to restart (§10 protocol 7).",
            if on { "on" } else { "off" }
        ));
        self.line(&format!("Set-OrganizationConfig -MapiHttpEnabled ${on}"));
        if !on {
            return;
        }
        // The virtual directories still need their URLs (§10 protocol 2);
        // the planner takes MAPI/HTTP to answer at the Outlook Anywhere names.
        for c in after
            .sites
            .iter()
            .flat_map(|s| s.cas_servers.iter())
            .filter(|c| c.offers_mapi_http() && c.outlook_anywhere.enabled)
        {
            let oa = &c.outlook_anywhere;
            let url = |host: &str| {
                if host.trim().is_empty() {
                    "$null".to_string()
                } else {
                    ps_quote(&format!("https://{}/mapi", host.trim()))
                }
            };
            self.line(&format!(
                "Set-MapiVirtualDirectory -Identity {} -InternalUrl {} -ExternalUrl {}",
                ps_quote(&format!("{}\\mapi (Default Web Site)", c.name)),
                url(oa.host_for(true)),
                url(&oa.external_hostname)
            ));
        }
    }

    /// A mailbox's MAPI/HTTP setting and the client's MapiHttpDisabled
    /// value when they change (§10 protocol 3, 4).
    fn client_mapi_http(
        &mut self,
        before: Option<&Client>,
        c: &Client,
        database: &str,
        others: &[&str],
    ) {
        let was = before.and_then(|b| b.mailbox_mapi_http_enabled);
        if before.is_some_and(|b| b.mailbox_mapi_http_enabled != c.mailbox_mapi_http_enabled)
            || (before.is_none() && c.mailbox_mapi_http_enabled.is_some())
        {
            let value = match c.mailbox_mapi_http_enabled {
                Some(on) => format!("${on}"),
                None => "$null".into(),
            };
            self.note(&format!(
                "MAPI/HTTP for the mailboxes of {}: {} (§10 protocol 3; was {}).",
                c.name,
                match c.mailbox_mapi_http_enabled {
                    Some(true) => "on",
                    Some(false) => "off",
                    None => "the organisation's",
                },
                match was {
                    Some(true) => "on",
                    Some(false) => "off",
                    None => "the organisation's",
                }
            ));
            if others.is_empty() {
                self.note("The mailboxes of the database it stands for:");
                self.line(&format!(
                    "Get-Mailbox -Database {} -ResultSize Unlimited | Set-CASMailbox -MapiHttpEnabled {value}",
                    ps_quote(database)
                ));
            } else {
                self.note(&format!(
                    "{} share database {database} with another setting: list this group's mailboxes, not the whole database.",
                    others.join(", ")
                ));
                self.line("$Mailboxes = @()  # this group's mailboxes: fill in");
                self.line(&format!(
                    "$Mailboxes | Set-CASMailbox -MapiHttpEnabled {value}"
                ));
            }
        }
        let was_disabled = before.is_some_and(|b| b.mapi_http_disabled);
        if was_disabled != c.mapi_http_disabled {
            self.note(&format!(
                "{}: MapiHttpDisabled {} under HKCU\\Software\\Microsoft\\Exchange (§10 protocol 4, KB 2937684; Microsoft calls it a testing switch). Deploy it by Group Policy Preferences; it is not run here.",
                c.name,
                if c.mapi_http_disabled { "= 1" } else { "removed" }
            ));
        }
    }
}

impl Script {
    /// A client's Autodiscover switches (§6 switch 1, 4, 5): the Exclude
    /// DWORDs and the RedirectServers values its users' policy sets.
    fn client_autodiscover(&mut self, before: Option<&Client>, c: &Client) {
        let was_ex: &[Method] = before.map_or(&[], |b| &b.autodiscover_exclude);
        let was_rs: &[String] = before.map_or(&[], |b| &b.redirect_servers);
        let set: Vec<&str> = Method::excludable()
            .filter(|m| c.autodiscover_exclude.contains(m) && !was_ex.contains(m))
            .filter_map(Method::exclude_value)
            .collect();
        let cleared: Vec<&str> = Method::excludable()
            .filter(|m| was_ex.contains(m) && !c.autodiscover_exclude.contains(m))
            .filter_map(Method::exclude_value)
            .collect();
        let added: Vec<&String> = c
            .redirect_servers
            .iter()
            .filter(|h| !was_rs.contains(h))
            .collect();
        let removed: Vec<&String> = was_rs
            .iter()
            .filter(|h| !c.redirect_servers.contains(h))
            .collect();
        if set.is_empty() && cleared.is_empty() && added.is_empty() && removed.is_empty() {
            return;
        }
        let v = c.outlook_version.office_key();
        let key =
            format!("HKCU:\\Software\\Policies\\Microsoft\\Office\\{v}\\Outlook\\AutoDiscover");
        let mut what: Vec<String> = set.iter().map(|n| format!("{n} = 1")).collect();
        what.extend(cleared.iter().map(|n| format!("{n} removed")));
        what.extend(added.iter().map(|h| format!("RedirectServers {h}")));
        what.extend(
            removed
                .iter()
                .map(|h| format!("RedirectServers {h} removed")),
        );
        self.note(&format!(
            "Outlook {} ({v}) for {}: Autodiscover {} (§6 switch 1, 4)",
            c.outlook_version.as_str(),
            c.name,
            what.join(", ")
        ));
        self.note(&format!(
            "Deploy to these users by Group Policy (§6 switch 5): {}, or a Group Policy Preferences registry item under {key}.",
            if c.outlook_version >= OutlookVersion::O2013 {
                "the Outlook ADMX template's AutoDiscover policy"
            } else {
                "Microsoft's custom template (outlk12-autodiscover.adm / outlk14-autodiscover.adm)"
            }
        ));
        if !added.is_empty() && c.outlook_version == OutlookVersion::O2010 {
            self.note("Outlook 2010 matches RedirectServers names case-sensitively (KB 2480582): keep the host's case.");
        }
        self.note("The block below is what that policy sets in each user's registry; it is not run here (it would change this account's own HKCU).");
        self.line("$OutlookPolicy = {");
        self.line(&format!("    $Key = {}", ps_quote(&key)));
        self.line("    if (-not (Test-Path $Key)) { New-Item -Path $Key -Force | Out-Null }");
        for name in set {
            self.line(&format!("    New-ItemProperty -Path $Key -Name {} -PropertyType DWord -Value 1 -Force | Out-Null", ps_quote(name)));
        }
        for name in cleared {
            self.line(&format!(
                "    Remove-ItemProperty -Path $Key -Name {} -ErrorAction SilentlyContinue",
                ps_quote(name)
            ));
        }
        if !added.is_empty() || !removed.is_empty() {
            self.line("    $Redirect = Join-Path $Key 'RedirectServers'");
            self.line("    if (-not (Test-Path $Redirect)) { New-Item -Path $Redirect -Force | Out-Null }");
            for h in added {
                self.line(&format!("    New-ItemProperty -Path $Redirect -Name {} -PropertyType String -Value '' -Force | Out-Null", ps_quote(h)));
            }
            for h in removed {
                self.line(&format!("    Remove-ItemProperty -Path $Redirect -Name {} -ErrorAction SilentlyContinue", ps_quote(h)));
            }
        }
        self.line("}");
    }

    /// A CAS's SCP URL and site scope (§6 scp 5), and a certificate
    /// request for names its certificate gains (§6 https 2).
    fn cas_autodiscover(&mut self, before: Option<&CasServer>, c: &CasServer) {
        let url = c.autodiscover_scp_url.trim();
        let url_changed = before.map_or(!url.is_empty(), |b| b.autodiscover_scp_url.trim() != url);
        let scope_changed = before.map_or(!c.autodiscover_site_scope.is_empty(), |b| {
            b.autodiscover_site_scope != c.autodiscover_site_scope
        });
        if url_changed || scope_changed {
            let scope = if c.autodiscover_site_scope.is_empty() {
                "none (every site)".to_string()
            } else {
                c.autodiscover_site_scope.join(", ")
            };
            self.note(&format!(
                "Autodiscover SCP of {}: URL {}, site scope {scope} (§6 scp 5).",
                c.name,
                if url.is_empty() { "none" } else { url }
            ));
            // Exchange 2016 renamed the cmdlet; 2010 and 2013 keep the old name.
            let cmdlet = if c.exchange_version.behaves_as() >= ExchangeVersion::V2016 {
                "Set-ClientAccessService"
            } else {
                "Set-ClientAccessServer"
            };
            let mut cmd = format!("{cmdlet} -Identity {}", ps_quote(&c.name));
            if url_changed {
                let value = if url.is_empty() {
                    "$null".to_string()
                } else {
                    ps_quote(url)
                };
                let _ = write!(cmd, " -AutoDiscoverServiceInternalUri {value}");
            }
            if scope_changed {
                let value = if c.autodiscover_site_scope.is_empty() {
                    "$null".to_string()
                } else {
                    let quoted: Vec<String> = c
                        .autodiscover_site_scope
                        .iter()
                        .map(|s| ps_quote(s))
                        .collect();
                    quoted.join(",")
                };
                let _ = write!(cmd, " -AutoDiscoverSiteScope {value}");
            }
            self.line(&cmd);
        }
        let Some(b) = before else {
            return;
        };
        let gained: Vec<&String> = c
            .certificate_names
            .iter()
            .filter(|n| {
                !b.certificate_names
                    .iter()
                    .any(|o| o.eq_ignore_ascii_case(n))
            })
            .collect();
        if gained.is_empty() || c.certificate_names.is_empty() {
            return;
        }
        let names: Vec<&str> = gained.iter().map(|n| n.as_str()).collect();
        self.note(&format!(
            "Certificate of {}: a new one with {} added (§6 https 2). A step to review: the request goes to your CA; import and enable the issued certificate once it is back.",
            c.name,
            names.join(", ")
        ));
        let all: Vec<String> = c.certificate_names.iter().map(|n| ps_quote(n)).collect();
        let file = format!("C:\\CertRequests\\{}", c.name);
        self.line("New-Item -ItemType Directory -Path 'C:\\CertRequests' -Force | Out-Null");
        self.line(&format!(
            "$Request = New-ExchangeCertificate -Server {} -GenerateRequest -SubjectName {} -DomainName {} -PrivateKeyExportable $true",
            ps_quote(&c.name),
            ps_quote(&format!("CN={}", c.certificate_names[0].trim())),
            all.join(",")
        ));
        self.line(&format!(
            "Set-Content -Path {} -Value $Request",
            ps_quote(&format!("{file}.req"))
        ));
        self.line("$CertificateIssued = $false  # set to $true once the CA's answer is saved beside the request (.cer)");
        self.line("if ($CertificateIssued) {");
        self.line(&format!(
            "    $Certificate = Import-ExchangeCertificate -Server {} -FileData (Get-Content -Path {} -Encoding Byte -ReadCount 0)",
            ps_quote(&c.name),
            ps_quote(&format!("{file}.cer"))
        ));
        self.line(&format!(
            "    Enable-ExchangeCertificate -Server {} -Thumbprint $Certificate.Thumbprint -Services IIS",
            ps_quote(&c.name)
        ));
        self.line("}");
    }

    /// A web host Autodiscover meets: outside Exchange, so a note for
    /// whoever runs it (§6 https 3).
    fn web_host(&mut self, b: &WebHost, h: &WebHost) {
        let mut what = Vec::new();
        if b.answers != h.answers {
            what.push(format!("HTTPS (443): {}", h.answers.form_label()));
        }
        if b.answers_http != h.answers_http {
            what.push(format!("HTTP (80): {}", h.answers_http.form_label()));
        }
        if b.certificate_names != h.certificate_names {
            what.push(format!(
                "certificate names: {}",
                h.certificate_names.join(", ")
            ));
        }
        if b.redirect_to != h.redirect_to {
            what.push(format!("redirect to: {}", h.redirect_to));
        }
        if b.ip != h.ip {
            what.push(format!("address {}", h.ip));
        }
        if what.is_empty() {
            return;
        }
        self.note(&format!(
            "[ ] web host {} ({}) is not Exchange: ask whoever runs it for {} (§6 https 3; KB 2783881: no binding on 443)",
            h.name,
            h.ip,
            what.join("; ")
        ));
    }
}

fn same(a: &str, b: &str) -> bool {
    normalize_name(a) == normalize_name(b)
}

/// Writes the commands that take `before` to `after`: DNS names added
/// first, then Exchange and server changes, then DNS names removed.
fn changes(script: &mut Script, before: &Scenario, after: &Scenario) {
    let written = std::mem::take(&mut script.out);
    object_changes(script, before, after);
    let main = std::mem::replace(&mut script.out, written);
    let (adds, removes) = (
        std::mem::take(&mut script.adds),
        std::mem::take(&mut script.removes),
    );
    script.out.push_str(&adds);
    script.out.push_str(&main);
    script.out.push_str(&removes);
}

/// What `after` no longer has of `before` (`seen`: the ids `after` has),
/// in the order an admin retires it: databases, the array, its records and
/// rules, then the servers (§11 step 1).
fn removed_objects(
    script: &mut Script,
    before: &Scenario,
    after: &Scenario,
    seen: &std::collections::HashSet<&str>,
) {
    let gone: Vec<Object<'_>> = {
        let mut v: Vec<Object<'_>> = Vec::new();
        before.objects().for_each(|e| {
            if !seen.contains(&e.object.id()) {
                v.push(e.object);
            }
        });
        v
    };
    // Databases before the array, the array before its record, servers last:
    // the order an admin retires them in.
    let rank = |o: &Object<'_>| match o {
        Object::Database(..) => 0,
        Object::Array(..) => 1,
        Object::DnsRecord(..) | Object::PerimeterRule(..) => 2,
        _ => 3,
    };
    let mut gone = gone;
    gone.sort_by_key(|o| rank(o));
    for o in gone {
        match o {
            Object::DnsRecord(view, zone, r) => script.record(view, zone, r, false),
            Object::Array(_, a) => {
                script.note(&format!("Remove the CAS array {}", a.fqdn));
                script.line(&format!(
                    "Remove-ClientAccessArray -Identity {} -Confirm:$false",
                    ps_quote(&a.name)
                ));
            }
            Object::PerimeterRule(r) => script.note(&format!(
                "[ ] perimeter: remove rule {}",
                if r.name.is_empty() { &r.id } else { &r.name }
            )),
            Object::Database(_, db) => {
                script.note(&format!(
                    "Remove database {} once its mailboxes (arbitration and system mailboxes too) have moved",
                    db.name
                ));
                script.line(&format!(
                    "Remove-MailboxDatabase -Identity {} -Confirm:$false",
                    ps_quote(&db.name)
                ));
            }
            Object::Cas(_, c) => script.note(&format!(
                "Uninstall {} from {} ({}) once nothing points at it (setup /mode:uninstall on the server)",
                c.exchange_version.label(),
                c.name,
                c.fqdn
            )),
            Object::MailboxServer(_, m) if !after.sites.iter().any(|s| s.cas_servers.iter().any(|c| same(&c.fqdn, &m.fqdn))) => {
                script.note(&format!(
                    "Uninstall Exchange from the mailbox server {} ({}) once its databases are gone (setup /mode:uninstall on the server)",
                    m.name, m.fqdn
                ))
            }
            _ => {}
        }
    }
}

fn object_changes(script: &mut Script, before: &Scenario, after: &Scenario) {
    script.organisation_mapi_http(before, after);
    let mut old: HashMap<&str, Object<'_>> = HashMap::new();
    before.objects().for_each(|e| {
        old.entry(e.object.id()).or_insert(e.object);
    });
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    after.objects().for_each(|e| {
        let was = old.get(e.object.id()).copied();
        seen.insert(e.object.id());
        match (was, e.object) {
            (None, Object::Site(site)) => script.note(&format!("AD site {} must exist (Active Directory Sites and Services)", site.name)),
            (was, Object::Array(site, a)) => script.array(after, site, if let Some(Object::Array(_, b)) = was { Some(b) } else { None }, a),
            (was, Object::Database(_, db)) => {
                if was.is_none() {
                    script.new_database(after, db);
                }
                let changed = !matches!(was, Some(Object::Database(_, b)) if same(&b.rpc_client_access_server, &db.rpc_client_access_server));
                if changed && !db.rpc_client_access_server.trim().is_empty() {
                    script.database(db);
                }
            }
            (was, Object::Cas(_, c)) => {
                let b = if let Some(Object::Cas(_, b)) = was { Some(b) } else { None };
                if b.is_none() {
                    script.note(&format!("{} Client Access server {} ({}, {}) must be installed", c.exchange_version.label(), c.name, c.fqdn, c.ip));
                }
                if let Some(b) = b.filter(|b| b.build.trim() != c.build.trim() && !c.build.trim().is_empty()) {
                    script.note(&format!(
                        "Update {} from build {} to {} (install the update on the server; this plan cannot, §11 coexist 1)",
                        c.name,
                        if b.build.trim().is_empty() { "(not said)" } else { b.build.trim() },
                        c.build.trim()
                    ));
                }
                script.outlook_anywhere(b, c);
                // Exchange 2013 and later have no RPC Client Access endpoint (§1).
                if c.exchange_version.has_rpc_tcp()
                    && b.map_or(c.rpc_ports != RpcPorts::Dynamic, |b| b.rpc_ports != c.rpc_ports)
                {
                    script.rpc_ports(&c.name, &c.fqdn, c.rpc_ports, true);
                }
                script.cas_autodiscover(b, c);
                let exclusive = c.outlook_anywhere.enabled && c.outlook_anywhere.server_exclusive_connect;
                if exclusive != b.is_some_and(|b| b.outlook_anywhere.enabled && b.outlook_anywhere.server_exclusive_connect) {
                    script.exclusive_connect = Some(exclusive);
                }
            }
            (was, Object::MailboxServer(_, m)) => {
                let b = if let Some(Object::MailboxServer(_, b)) = was { Some(b) } else { None };
                // From 2016 on one server holds every role: its CAS says it.
                let same_machine = after.sites.iter().any(|s| s.cas_servers.iter().any(|c| same(&c.fqdn, &m.fqdn)));
                if b.is_none() && !same_machine {
                    // Its version is its databases' (the model keeps it there).
                    let version = after
                        .sites
                        .iter()
                        .flat_map(|s| s.databases.iter())
                        .find(|d| d.server == m.id)
                        .map_or(ExchangeVersion::V2010, |d| d.exchange_version);
                    script.note(&format!("{} Mailbox server {} ({}, {}) must be installed", version.label(), m.name, m.fqdn, m.ip));
                }
                // Public-folder mailbox servers take the RPC key too (§2 step 5).
                if b.map_or(m.rpc_ports != RpcPorts::Dynamic, |b| b.rpc_ports != m.rpc_ports) {
                    script.rpc_ports(&m.name, &m.fqdn, m.rpc_ports, false);
                }
            }
            (was, Object::DnsRecord(view, zone, r)) => match was {
                Some(Object::DnsRecord(_, bz, b)) if b == r && bz.id == zone.id => {}
                Some(Object::DnsRecord(bv, bz, b)) => {
                    script.record(bv, bz, b, false);
                    script.record(view, zone, r, true);
                }
                _ => script.record(view, zone, r, true),
            },
            (was, Object::Client(c)) => {
                let b = if let Some(Object::Client(b)) = was { Some(b) } else { None };
                if b.is_some_and(|b| b.http_first_on_fast != c.http_first_on_fast) || (b.is_none() && c.http_first_on_fast) {
                    script.note(&format!(
                        "Outlook profile of {}: \"On fast networks, connect using HTTP first\" {} (PR_ROH_FLAGS 0x8, §4): set it in the profile, or by policy (Outlook 2016: DisableRpcTcpFallback)",
                        c.name,
                        if c.http_first_on_fast { "on" } else { "off" }
                    ));
                }
                script.client_autodiscover(b, c);
                script.client_moves(before, after, b, c);
                let db = after
                    .sites
                    .iter()
                    .flat_map(|s| s.databases.iter())
                    .find(|d| d.id == c.mailbox_database)
                    .map_or(c.mailbox_database.as_str(), |d| d.name.as_str());
                // Clients on the same database with another mailbox setting:
                // a command over the whole database would override theirs.
                let others: Vec<&str> = after
                    .clients
                    .iter()
                    .filter(|o| {
                        o.id != c.id
                            && o.mailbox_database == c.mailbox_database
                            && o.mailbox_mapi_http_enabled != c.mailbox_mapi_http_enabled
                    })
                    .map(|o| o.name.as_str())
                    .collect();
                script.client_mapi_http(b, c, db, &others);
            }
            (Some(Object::WebHost(b)), Object::WebHost(h)) => script.web_host(b, h),
            (was, Object::PerimeterRule(r))
                if !matches!(was, Some(Object::PerimeterRule(b)) if b == r) => {
                    let nat = r.translate_to.map(|t| format!(", translated to {t}")).unwrap_or_default();
                    script.note(&format!("[ ] perimeter: {} {}:{} → {}{nat}", if r.name.is_empty() { &r.id } else { &r.name }, r.destination, r.ports, r.action.label()));
                }
            _ => {}
        }
    });
    removed_objects(script, before, after, &seen);
    if let Some(on) = script.exclusive_connect.take() {
        script.note(&format!("Outlook Anywhere clients: HTTP first {} (ServerExclusiveConnect is inferred to set the 0x8 flag, §4)", if on { "pushed" } else { "no longer pushed" }));
        if on {
            script.note("WARNING: Microsoft documents None as the recommended value; this sends internal clients over HTTPS too.");
        }
        script.line(&format!(
            "Set-OutlookProvider EXPR -OutlookProviderFlags {}",
            if on { "ServerExclusiveConnect" } else { "None" }
        ));
    }
}

fn header(script: &mut Script, title: &str, design: &Scenario) {
    script.note(&format!("CAS Array Planner — {title}"));
    script.note(&format!("Design: {}", design.name));
    script.out.push_str(HEADER_NOTE);
    script.line("$ErrorActionPreference = 'Stop'");
    script.line("$DnsServer = 'DNS01'  # the Windows DNS server to change: set it");
    script.line("$Reviewed = $false    # set to $true once every step below has been reviewed");
    script.line(
        "if (-not $Reviewed) { throw 'Review this plan, then set $Reviewed = $true at its top.' }",
    );
}

/// How to check the change, and the times the planner predicts after it.
fn verification(script: &mut Script, after: &Scenario, analysis: &Analysis) {
    script.line("");
    script.note("Verification");
    for a in after.sites.iter().flat_map(|s| s.arrays.iter()) {
        script.note(&format!("From outside, {} must give no address (NXDOMAIN, or no A or AAAA record where a TXT record keeps a wildcard off it): nslookup -type=A {} <a public resolver>, then -type=AAAA", a.fqdn, a.fqdn));
    }
    script.note("On a CAS: Test-OutlookConnectivity -Protocol:TCP, then -Protocol:HTTP");
    script.note("Predicted by the planner after this plan:");
    for r in &analysis.report.clients {
        script.note(&format!(
            "  {}: {} in {}",
            r.client,
            r.outcome.label(),
            format_ms(r.total_ms)
        ));
    }
}

fn script_for(after: &Scenario) -> Script {
    let windows = windows_views(after)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    Script {
        out: String::new(),
        adds: String::new(),
        removes: String::new(),
        windows,
        exclusive_connect: None,
    }
}

/// The plan that carries out the fixes for the current findings: every
/// error's first honest fix in turn (as [`fixes::apply_all`]), each step
/// commented with the finding it answers.
pub fn fixes_plan(design: &Scenario) -> String {
    let all = fixes::apply_all(design);
    let mut script = script_for(&all.after);
    header(
        &mut script,
        "deployment plan for the fixes to the current findings",
        design,
    );
    let mut current = design.clone();
    if all.applied.is_empty() {
        script.line("");
        script.note("No error finding has a fix to carry out.");
    }
    for (n, (finding, fix)) in all.applied.iter().enumerate() {
        script.line("");
        script.note(&format!("Step {}: {finding}", n + 1));
        script.note(&format!(
            "Fix: {} — predicted: {}",
            fix.title,
            fix.effect.summary()
        ));
        changes(&mut script, &current, &fix.after);
        current = fix.after.clone();
    }
    let analysis = Analysis::of(&all.after);
    let rest = finding_lines(
        analysis
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info),
    );
    if !rest.is_empty() {
        script.line("");
        script.note("Still open after this plan (see the advisor for what to do):");
        for r in rest {
            script.note(&format!("  {r}"));
        }
    }
    verification(&mut script, &all.after, &analysis);
    script.out
}

/// The plan that carries out one fix the advisor offers (warnings'
/// included): the change from `design` to the fix's design, with its
/// predicted effect.
pub fn fix_plan(design: &Scenario, fix: &fixes::Assessed) -> String {
    let mut script = script_for(&fix.after);
    header(&mut script, "deployment plan for one fix", design);
    script.line("");
    script.note(&format!(
        "Fix: {} — predicted: {}",
        fix.title,
        fix.effect.summary()
    ));
    changes(&mut script, design, &fix.after);
    verification(&mut script, &fix.after, &Analysis::of(&fix.after));
    script.out
}

/// The plan that takes a migration from one step to the next (§11 step 1):
/// the change from `before` to `after`, then the checks and the times the
/// planner predicts at `after` (`analysis` must be its own).
pub fn step_plan(before: &Scenario, after: &Scenario, step: &str, analysis: &Analysis) -> String {
    let mut script = script_for(after);
    header(
        &mut script,
        &format!("deployment plan for the migration step \"{step}\""),
        after,
    );
    let errors = open_errors(analysis);
    if !errors.is_empty() {
        script.line("");
        script.note("This step has error findings (see the advisor): built as it is, it has them:");
        for e in &errors {
            script.note(&format!("  {e}"));
        }
    }
    script.line("");
    changes(&mut script, before, after);
    verification(&mut script, after, analysis);
    script.out
}

/// The plan that builds `design` from nothing: every array, database
/// setting, DNS record and port setting, each commented with its object.
/// A design with error findings says so first: built as it is, it has them.
pub fn build_plan(design: &Scenario) -> String {
    build_plan_with(design, &Analysis::of(design))
}

/// [`build_plan`] for a design already analysed (`analysis` must be its own).
pub fn build_plan_with(design: &Scenario, analysis: &Analysis) -> String {
    let errors = open_errors(analysis);
    let mut script = script_for(design);
    if !errors.is_empty() {
        errors_first(&mut script, &errors);
    }
    header(&mut script, "deployment plan to build the design", design);
    if !errors.is_empty() {
        script.line("$BuildWithErrors = $false  # set to $true to build the design with the errors named at the top");
        script.line(
            "if (-not $BuildWithErrors) { throw 'This design has error findings (see the top of this plan): carry out the plan for the fixes first, or set $BuildWithErrors = $true.' }",
        );
    }
    script.line("");
    changes(&mut script, &Scenario::default(), design);
    verification(&mut script, design, analysis);
    script.out
}

/// The error findings of a design, one line each (`CAS004 Array name
/// resolves for external clients`, with a count when a rule finds several):
/// what the build plan and the app name before a design is built.
pub fn open_errors(analysis: &Analysis) -> Vec<String> {
    finding_lines(
        analysis
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error),
    )
}

/// Findings one line per rule, counted: `CAS004 Array name resolves for
/// external clients (3 findings)`.
fn finding_lines<'f>(findings: impl Iterator<Item = &'f crate::advisor::Finding>) -> Vec<String> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for f in findings {
        let line = format!("{} {}", f.rule, f.title);
        match out.iter_mut().find(|(l, _)| *l == line) {
            Some((_, n)) => *n += 1,
            None => out.push((line, 1)),
        }
    }
    out.into_iter()
        .map(|(l, n)| {
            if n == 1 {
                l
            } else {
                format!("{l} ({n} findings)")
            }
        })
        .collect()
}

/// The warning a build plan opens with when its design has errors.
fn errors_first(script: &mut Script, errors: &[String]) {
    script.note(&format!(
        "WARNING: this design has error findings. Built as it is, it has them: {}.",
        errors.join("; ")
    ));
    script.note("The way out is the plan for the fixes: cas-planner commands --fixes-only <file>, or \"Plan for the fixes\" in the app.");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What PowerShell reads back from a single-quoted literal: an
    /// independent model of its tokenizer (about_Quoting_Rules).
    fn ps_unquote(literal: &str) -> Option<String> {
        let mut chars = literal.chars().peekable();
        if !chars.next().is_some_and(is_ps_single_quote) {
            return None;
        }
        let mut out = String::new();
        while let Some(c) = chars.next() {
            if is_ps_single_quote(c) {
                match chars.peek() {
                    Some(&n) if is_ps_single_quote(n) => {
                        out.push(n);
                        chars.next();
                    }
                    // The closing quote must be the last character.
                    _ => return chars.next().is_none().then_some(out),
                }
            } else {
                out.push(c);
            }
        }
        None
    }

    proptest::proptest! {
        /// Any value, once quoted, reads back as itself and nothing after it runs.
        #[test]
        fn quoting_round_trips_any_text(text in "(\\PC|['‘’‚‛\"`$ ;|&\\n\\r]){0,40}") {
            let quoted = ps_quote(&text);
            proptest::prop_assert_eq!(ps_unquote(&quoted), Some(text.clone()));
            let comment = comment_text(&text);
            proptest::prop_assert!(!comment.contains('\n') && !comment.contains('\r'));
        }
    }

    #[test]
    fn relative_names() {
        assert_eq!(
            relative("outlook.mycompany.internal", "mycompany.internal"),
            "outlook"
        );
        assert_eq!(relative("MyCompany.internal.", "mycompany.internal"), "@");
        assert_eq!(relative("*.mycompany.com", "mycompany.com"), "*");
    }

    #[test]
    fn txt_records_are_quoted_for_powershell_dnscmd_and_zone_files() {
        assert_eq!(zone_quote(r#"say "hi" \ bye"#), r#""say \"hi\" \\ bye""#);
        let mut s = crate::examples::seed_fixed();
        let zone = &mut s.dns_views[0].zones[0];
        let name = format!("keep.{}", zone.name);
        zone.records.push(DnsRecord {
            id: "rec-t".into(),
            name,
            data: RecordData::Txt {
                text: "it's \"x\" $y".into(),
            },
        });
        let plan = build_plan(&s);
        assert!(plan.contains("-Txt -ZoneName 'mycompany.internal' -Name 'keep' -DescriptiveText 'it''s \"x\" $y'"), "{plan}");
        assert!(plan.contains(r#"# 2008 R2: dnscmd <DnsServer> /recordadd mycompany.internal keep TXT "it's \"x\" $y""#), "{plan}");
    }

    /// The wildcard example's first fix keeps the wildcard and shadows the one
    /// name, and the fixes plan asks the public DNS host for that TXT record.
    #[test]
    fn a_wildcard_leak_is_fixed_by_a_txt_record_first() {
        let s = crate::examples::wildcard_leak();
        let analysis = crate::analysis::Analysis::of(&s);
        let leak = analysis
            .findings
            .iter()
            .find(|f| f.rule == "CAS004")
            .expect("the leak is found");
        let offered = crate::fixes::offered(&s, &analysis, leak);
        assert!(
            offered[0]
                .title
                .starts_with("Keep the wildcard, but give outlook.mycompany.com a TXT record"),
            "{:?}",
            offered[0].title
        );
        assert!(offered[0].effect.helps() && !offered[0].effect.harms());
        let plan = fixes_plan(&s);
        assert!(
            plan.contains("#   outlook.mycompany.com. IN TXT \""),
            "{plan}"
        );
    }
}
