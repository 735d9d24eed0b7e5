//! Exchange Management Shell exports as CSV: `Export-Csv` of the cmdlets an
//! import needs, raw (with or without the `#TYPE` line, with the remote
//! session's `PS*` columns, lists as `a;b` or `{a, b}`, canonical or leaf
//! names) or as the collector script writes them. A table is recognised by
//! its columns, not by its file name.
//!
//! The CSV syntax itself is the `csv` crate's (RFC 4180, quoted fields over
//! lines); this module owns what an Exchange export means.

use super::ParseError;
use std::collections::HashMap;

/// Which cmdlet's output a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `Get-ExchangeServer`: Name, Fqdn, Site, ServerRole, AdminDisplayVersion.
    ExchangeServer,
    /// `Get-ClientAccessArray`: Name, Fqdn, Site, Members.
    ClientAccessArray,
    /// `Get-MailboxDatabase`: Name, Server, RpcClientAccessServer, PublicFolderDatabase.
    MailboxDatabase,
    /// `Get-OutlookAnywhere`: Identity/Server, ExternalHostname, ClientAuthenticationMethod.
    OutlookAnywhere,
    /// `Get-ClientAccessServer`: Name, Fqdn, AutoDiscoverServiceInternalUri,
    /// AutoDiscoverSiteScope.
    ClientAccessServer,
    /// `Get-OutlookProvider`: Name, OutlookProviderFlags.
    OutlookProvider,
    /// `Get-ExchangeCertificate`: Thumbprint, CertificateDomains, Services,
    /// and the server (the collector's Server column, or `EX01\<thumbprint>`
    /// as Identity).
    ExchangeCertificate,
    /// The collector's server-addresses.csv: Server, Fqdn, IPv4Address.
    ServerAddress,
    /// The collector's rpc-ports.csv: Server, RpcClientAccessPort, AddressBookPort.
    RpcPorts,
    /// The collector's dns-records.csv: Side, ZoneName, HostName, RecordType, RecordData.
    DnsRecord,
    /// `Get-OrganizationConfig`: MapiHttpEnabled (Exchange 2013 SP1 and
    /// later; §10 protocol 2).
    OrganizationConfig,
    /// `Get-CASMailbox`: Identity or PrimarySmtpAddress, the collector's
    /// Database, ServerName, MapiHttpEnabled (True, False or empty: the
    /// organisation's; §10 protocol 3).
    CasMailbox,
    /// A virtual directory (`Get-MapiVirtualDirectory`,
    /// `Get-WebServicesVirtualDirectory`, `Get-OabVirtualDirectory`,
    /// `Get-ActiveSyncVirtualDirectory`, or the collector's
    /// virtual-directories.csv with its VirtualDirectory column):
    /// Server or Identity, InternalUrl, ExternalUrl.
    VirtualDirectory,
    /// A server's Windows (`Win32_OperatingSystem` through WMI, or the
    /// collector's windows.csv): CSName or Server, Caption, Version.
    OperatingSystem,
    /// `Get-HotFix` (Source or CSName, HotFixID), or the collector's
    /// hotfixes.csv (Server, HotFixID, Installed).
    HotFix,
}

impl Kind {
    pub fn cmdlet(self) -> &'static str {
        match self {
            Kind::ExchangeServer => "Get-ExchangeServer",
            Kind::ClientAccessArray => "Get-ClientAccessArray",
            Kind::MailboxDatabase => "Get-MailboxDatabase",
            Kind::OutlookAnywhere => "Get-OutlookAnywhere",
            Kind::ClientAccessServer => "Get-ClientAccessServer",
            Kind::OutlookProvider => "Get-OutlookProvider",
            Kind::ExchangeCertificate => "Get-ExchangeCertificate",
            Kind::ServerAddress => "server addresses (collector)",
            Kind::RpcPorts => "static RPC ports (collector)",
            Kind::DnsRecord => "DNS records (collector)",
            Kind::OrganizationConfig => "Get-OrganizationConfig",
            Kind::CasMailbox => "Get-CASMailbox",
            Kind::VirtualDirectory => "Get-*VirtualDirectory",
            Kind::OperatingSystem => "Win32_OperatingSystem",
            Kind::HotFix => "Get-HotFix",
        }
    }

    /// The columns that identify the table, all required; the most specific
    /// kinds come first (a mailbox database also has Name and Server).
    const SIGNATURES: &'static [(Kind, &'static [&'static str])] = &[
        (Kind::MailboxDatabase, &["Name", "RpcClientAccessServer"]),
        (
            Kind::OutlookAnywhere,
            &["ExternalHostname", "ClientAuthenticationMethod"],
        ),
        // Exchange 2013 and later: an External and an Internal method.
        (
            Kind::OutlookAnywhere,
            &["ExternalHostname", "ExternalClientAuthenticationMethod"],
        ),
        (Kind::OutlookProvider, &["Name", "OutlookProviderFlags"]),
        (
            Kind::ExchangeCertificate,
            &["Thumbprint", "CertificateDomains", "Services"],
        ),
        (
            Kind::ClientAccessServer,
            &["Name", "AutoDiscoverServiceInternalUri"],
        ),
        (
            Kind::ClientAccessArray,
            &["Name", "Fqdn", "Site", "Members"],
        ),
        (
            Kind::ExchangeServer,
            &["Name", "Fqdn", "ServerRole", "AdminDisplayVersion"],
        ),
        (Kind::ServerAddress, &["Server", "Fqdn", "IPv4Address"]),
        (
            Kind::RpcPorts,
            &["Server", "RpcClientAccessPort", "AddressBookPort"],
        ),
        (
            Kind::DnsRecord,
            &["ZoneName", "HostName", "RecordType", "RecordData"],
        ),
        // Both cmdlets print MapiHttpEnabled; a mailbox has an address, a
        // server or its protocols besides, the organisation none of them.
        (Kind::CasMailbox, &["PrimarySmtpAddress", "MapiHttpEnabled"]),
        (Kind::CasMailbox, &["ServerName", "MapiHttpEnabled"]),
        (Kind::CasMailbox, &["ActiveSyncEnabled", "MapiHttpEnabled"]),
        (Kind::OrganizationConfig, &["MapiHttpEnabled"]),
        (Kind::VirtualDirectory, &["InternalUrl", "ExternalUrl"]),
        // A Win32_QuickFixEngineering object has a Caption and a CSName too.
        (Kind::HotFix, &["HotFixID"]),
        (Kind::OperatingSystem, &["Caption", "CSName"]),
        (Kind::OperatingSystem, &["Caption", "Server"]),
    ];

    /// The kind whose columns `columns` has.
    fn recognise(columns: &[String]) -> Option<Kind> {
        let has = |c: &str| columns.iter().any(|x| x.eq_ignore_ascii_case(c));
        Kind::SIGNATURES
            .iter()
            .find(|(_, need)| need.iter().all(|c| has(c)))
            .map(|(k, _)| *k)
    }

    /// The kind of an export with these columns, or the error saying what
    /// the planner reads (shared by the CSV and CLIXML readers).
    pub(super) fn of_columns(columns: &[String], line: usize) -> Result<Kind, ParseError> {
        Kind::recognise(columns).ok_or_else(|| ParseError {
            line,
            column: 1,
            message: format!(
                "not an export this planner reads (columns: {}); it reads Get-ExchangeServer, Get-ClientAccessArray, Get-MailboxDatabase, \
                 Get-OutlookAnywhere, Get-ClientAccessServer, Get-OutlookProvider, Get-ExchangeCertificate, Get-OrganizationConfig, \
                 Get-CASMailbox, the virtual directories' Get-*VirtualDirectory, Win32_OperatingSystem and Get-HotFix output and the collector's files",
                columns.iter().take(6).cloned().collect::<Vec<_>>().join(", ")
            ),
        })
    }
}

/// One exported object: its values by column name, and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    values: HashMap<String, String>,
}

impl Row {
    /// The value of `column` (any case), trimmed; None when empty or absent.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.values
            .get(&column.to_ascii_lowercase())
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Whether the object has `column` at all, even empty (`XropUrl :`).
    pub fn has(&self, column: &str) -> bool {
        self.values.contains_key(&column.to_ascii_lowercase())
    }

    /// A name-valued property: the leaf of a canonical name
    /// (`contoso.com/Configuration/Sites/Redmond` → `Redmond`), as the shell
    /// prints an `ADObjectId` either way.
    pub fn name(&self, column: &str) -> Option<&str> {
        self.get(column).map(leaf).filter(|v| !is_type_name(v))
    }

    /// A multi-valued property: `a;b`, `{a, b}` (Format-List) or one value;
    /// None when the export printed the list's type name instead.
    pub fn list(&self, column: &str) -> Option<Vec<String>> {
        let v = self.get(column)?;
        if is_type_name(v) {
            return None;
        }
        let inner = v
            .strip_prefix('{')
            .and_then(|v| v.strip_suffix('}'))
            .unwrap_or(v);
        let sep = if inner.contains(';') { ';' } else { ',' };
        Some(
            inner
                .split(sep)
                .map(|s| leaf(s.trim()).to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        )
    }

    /// A multi-valued property of plain strings (site names, certificate
    /// domains), split the way each export writes it: `{a, b}` (Format-List)
    /// at commas, anything else at `;` (the collector's `Join-Values`, a
    /// CLIXML list). Each value is kept whole (no leaf of a canonical
    /// name) and trimmed; empty ones are no values. Empty or absent: no
    /// values. None when the export printed the list's type name instead.
    pub fn items(&self, column: &str) -> Option<Vec<String>> {
        let Some(v) = self.get(column) else {
            return Some(Vec::new());
        };
        if is_type_name(v) {
            return None;
        }
        let (inner, sep) = match v.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
            Some(inner) => (inner, ','),
            None => (v, ';'),
        };
        Some(
            inner
                .split(sep)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }
}

/// Which virtual directory an object of [`Kind::VirtualDirectory`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Vdir {
    /// `mapi` (MAPI/HTTP, Exchange 2013 SP1 and later).
    Mapi,
    /// `EWS` (Exchange Web Services).
    Ews,
    /// `OAB` (the offline address book).
    Oab,
    /// `Microsoft-Server-ActiveSync`.
    ActiveSync,
    /// Any other (`owa`, `ecp`, `PowerShell`…): not one the planner reads.
    Other,
}

impl Vdir {
    pub fn label(self) -> &'static str {
        match self {
            Vdir::Mapi => "MAPI",
            Vdir::Ews => "EWS",
            Vdir::Oab => "OAB",
            Vdir::ActiveSync => "ActiveSync",
            Vdir::Other => "other",
        }
    }

    fn of_word(word: &str) -> Option<Vdir> {
        Some(match word.trim().to_ascii_lowercase().as_str() {
            "mapi" => Vdir::Mapi,
            "ews" | "webservices" => Vdir::Ews,
            "oab" => Vdir::Oab,
            "microsoft-server-activesync" | "activesync" | "eas" => Vdir::ActiveSync,
            "" => return None,
            _ => Vdir::Other,
        })
    }

    /// The virtual directory an object is, from what `get` gives of its
    /// properties: the collector's VirtualDirectory column, else its Name
    /// or Identity (`EX01\mapi (Default Web Site)`), else the first
    /// segment of a URL's path (`https://mail.contoso.com/EWS/Exchange.asmx`).
    /// None when nothing names it.
    pub fn of<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Option<Vdir> {
        if let Some(v) = get("VirtualDirectory").and_then(Vdir::of_word) {
            return Some(v);
        }
        for column in ["Name", "Identity"] {
            let Some(v) = get(column) else { continue };
            let leaf = v.rsplit('\\').next().unwrap_or(v);
            let word = leaf.split(" (").next().unwrap_or(leaf);
            if let Some(v) = Vdir::of_word(word) {
                return Some(v);
            }
        }
        ["InternalUrl", "ExternalUrl"].iter().find_map(|c| {
            let url = get(c)?;
            let path = url.split_once("://").map_or(url, |(_, rest)| rest);
            let segment = path.split('/').nth(1)?;
            Vdir::of_word(segment)
        })
    }
}

/// The last part of a canonical name; other values as they are.
fn leaf(v: &str) -> &str {
    if v.contains('/') && !v.contains("://") {
        v.rsplit('/').next().unwrap_or(v)
    } else {
        v
    }
}

/// What `Export-Csv` writes for a property it cannot flatten: the .NET type
/// name (``Microsoft.Exchange.Data.MultiValuedProperty`1[…]``, `System.Object[]`).
fn is_type_name(v: &str) -> bool {
    (v.starts_with("Microsoft.") || v.starts_with("System.") || v.starts_with("Deserialized."))
        && !v.contains(' ')
        && (v.contains('`') || v.contains('[') || v.matches('.').count() >= 2)
}

/// A recognised table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub kind: Kind,
    pub rows: Vec<Row>,
    /// What was dropped or could not be read, for the user to review.
    pub notes: Vec<String>,
}

/// Columns a remote session adds to every object; never part of the data.
const SESSION_COLUMNS: &[&str] = &["PSComputerName", "RunspaceId", "PSShowComputerName"];

/// Notes the remote-session columns among `columns` (they are never read).
pub(super) fn note_session_columns(columns: &[String], notes: &mut Vec<String>) {
    let dropped: Vec<&str> = columns
        .iter()
        .filter(|h| SESSION_COLUMNS.iter().any(|s| s.eq_ignore_ascii_case(h)))
        .map(String::as_str)
        .collect();
    if !dropped.is_empty() {
        notes.push(format!(
            "remote-session columns ignored: {}",
            dropped.join(", ")
        ));
    }
}

impl Row {
    /// A row from (column, value) pairs, as the CLIXML reader finds them.
    pub(super) fn new(line: usize, values: impl IntoIterator<Item = (String, String)>) -> Row {
        Row {
            line,
            values: values
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
        }
    }
}

/// Whether `text` looks like a CSV export (so the caller can try other formats first).
pub fn looks_like_csv(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    first.starts_with("#TYPE") || (first.contains(',') && !first.trim_start().starts_with('<'))
}

/// Reads one `Export-Csv` file and says which cmdlet's output it is.
pub fn parse(text: &str) -> Result<Table, ParseError> {
    // Windows writes CRLF; the csv crate's line numbers count a CRLF-ended
    // record one line short, so positions are read from LF-only text (a lone
    // CR, which csv and editors take as a line break, becomes LF as well).
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let text = text.as_str();
    let mut notes = Vec::new();
    // Windows PowerShell writes "#TYPE <type>" first unless -NoTypeInformation.
    let (body, skipped_lines) = match text.strip_prefix("#TYPE") {
        Some(rest) => {
            let type_line = rest.lines().next().unwrap_or("").trim();
            notes.push(format!("type line skipped: {type_line}"));
            (rest.split_once('\n').map_or("", |(_, b)| b), 1)
        }
        None => (text, 0),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(body.as_bytes());
    let line_of = |p: Option<&csv::Position>| p.map_or(1, |p| p.line() as usize) + skipped_lines;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ParseError {
            line: line_of(e.position()),
            column: 1,
            message: format!("the header row is not CSV: {e}"),
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let kind = Kind::of_columns(&headers, 1 + skipped_lines)?;
    note_session_columns(&headers, &mut notes);
    let keys: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ParseError {
            line: line_of(e.position()),
            column: 1,
            message: format!("not CSV here: {e}"),
        })?;
        let line = line_of(record.position());
        if record.len() != keys.len() {
            // A value spanning lines in a short row is most often a quote left open.
            let message = match record.iter().find(|f| f.contains('\n')) {
                Some(f) => format!("a quoted value here runs on over {} lines and the row is short; is a closing \" missing?", f.lines().count()),
                None => format!("this row has {} fields where the header has {}", record.len(), keys.len()),
            };
            return Err(ParseError {
                line,
                column: 1,
                message,
            });
        }
        let values = keys
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_string))
            .collect();
        rows.push(Row { line, values });
    }
    Ok(Table { kind, rows, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A raw remote-session export: #TYPE, PS* columns, a canonical site,
    /// a list flattened with ';' and one left as its type name.
    #[test]
    fn reads_a_raw_export_with_type_line_and_session_columns() {
        let text = "#TYPE Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ClientAccessArray\r\n\
                    \"Name\",\"Fqdn\",\"Site\",\"Members\",\"PSComputerName\",\"RunspaceId\",\"PSShowComputerName\"\r\n\
                    \"outlook\",\"outlook.contoso.local\",\"contoso.local/Configuration/Sites/Redmond\",\"EX01;EX02\",\"ex01.contoso.local\",\"6f1c…\",\"False\"\r\n\
                    \"outlook-b\",\"outlook-b.contoso.local\",\"Boston\",\"Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.Directory.ADObjectId]\",\"x\",\"y\",\"False\"\r\n";
        let t = parse(text).unwrap();
        assert_eq!(t.kind, Kind::ClientAccessArray);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            t.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![3, 4]
        );
        assert_eq!(t.rows[0].name("Site"), Some("Redmond"));
        assert_eq!(
            t.rows[0].list("Members"),
            Some(vec!["EX01".to_string(), "EX02".to_string()])
        );
        assert_eq!(t.rows[1].list("members"), None, "a type name is no list");
        assert!(
            t.notes
                .iter()
                .any(|n| n.contains("PSComputerName, RunspaceId, PSShowComputerName")),
            "{:?}",
            t.notes
        );
        assert!(
            t.notes.iter().any(|n| n.starts_with("type line skipped")),
            "{:?}",
            t.notes
        );
    }

    #[test]
    fn recognises_each_cmdlet_by_its_columns() {
        for (header, kind) in [
            ("Name,Server,RpcClientAccessServer,PublicFolderDatabase", Kind::MailboxDatabase),
            ("Identity,Server,ExternalHostname,ClientAuthenticationMethod,IISAuthenticationMethods,SSLOffloading", Kind::OutlookAnywhere),
            ("Name,Fqdn,AutoDiscoverServiceInternalUri", Kind::ClientAccessServer),
            ("Name,Fqdn,Site,ServerRole,AdminDisplayVersion", Kind::ExchangeServer),
            ("Name,Server,OutlookProviderFlags", Kind::OutlookProvider),
            ("Server,Thumbprint,CertificateDomains,Services,IsSelfSigned", Kind::ExchangeCertificate),
            ("Name,MapiHttpEnabled", Kind::OrganizationConfig),
            ("Identity,PrimarySmtpAddress,Database,MapiHttpEnabled", Kind::CasMailbox),
            ("Name,ActiveSyncEnabled,OWAEnabled,MapiHttpEnabled,ServerName", Kind::CasMailbox),
        ] {
            assert_eq!(parse(&format!("{header}\n")).unwrap().kind, kind, "{header}");
        }
    }

    /// A lone CR ends a line, for the line numbers as for the rows (found by fuzzing).
    #[test]
    fn lone_carriage_returns_end_lines() {
        let t = parse("Name,Fqdn,Site,Members\ra,b,c,d\rx,y,z,w\r").unwrap();
        assert_eq!(
            t.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![2, 3]
        );
    }

    #[test]
    fn format_list_style_lists() {
        let t =
            parse("Name,Fqdn,Site,Members\noutlook,o.contoso.local,HQ,\"{EX01, EX02}\"\n").unwrap();
        assert_eq!(
            t.rows[0].list("Members"),
            Some(vec!["EX01".to_string(), "EX02".to_string()])
        );
    }

    /// Plain string lists: `;` from the collector and CLIXML, `{a, b}` from
    /// Format-List; a comma outside braces stays in its value.
    #[test]
    fn string_lists_split_as_each_export_writes_them() {
        let t = parse(
            "Name,AutoDiscoverServiceInternalUri,AutoDiscoverSiteScope\n\
             A,u,Redmond;Boston\n\
             B,u,\"{Site One, Site-2}\"\n\
             C,u,{}\n\
             D,u,\n\
             E,u,\"Redmond,Boston; ;x\"\n\
             F,u,Microsoft.Exchange.Data.MultiValuedProperty`1[System.String]\n",
        )
        .unwrap();
        let items = |i: usize| t.rows[i].items("AutoDiscoverSiteScope");
        assert_eq!(items(0).unwrap(), ["Redmond", "Boston"]);
        assert_eq!(items(1).unwrap(), ["Site One", "Site-2"]);
        assert_eq!(items(2).unwrap(), Vec::<String>::new());
        assert_eq!(items(3).unwrap(), Vec::<String>::new());
        assert_eq!(items(4).unwrap(), ["Redmond,Boston", "x"]);
        assert_eq!(items(5), None, "a type name is no list");
        assert_eq!(
            t.rows[0].items("NoSuchColumn").unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn damage_names_the_line() {
        let e = parse("Name,Fqdn,Site,Members\noutlook,o.contoso.local\n").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (2, "this row has 2 fields where the header has 4")
        );
        let e = parse("Colour,Size\nred,2\n").unwrap_err();
        assert!(
            e.message
                .starts_with("not an export this planner reads (columns: Colour, Size)"),
            "{e}"
        );
        // With the #TYPE line, lines still count from the top of the file.
        let e = parse("#TYPE X\nName,Fqdn,Site,Members\na,b\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }
}
