//! Importing a real organisation: what an Exchange 2010 admin can export —
//! the collector's CSV folder, raw `Export-Csv` (`shell`) and `Export-Clixml`
//! (`clixml`) of the same cmdlets, pasted `Format-List` text of them
//! (`format_list`), zone files (`zone`) — read into
//! [`Source`]s (each file recognised by its content, not its name), then
//! mapped to a design with the notes a user must review (`map`).
//!
//! The parsers are lenient where real exports vary and precise (file, line
//! and column) where a file is damaged; nothing here touches the design the
//! user has open.

pub mod clixml;
pub mod format_list;
pub mod hosts;
pub mod include;
mod map;
mod not_export;
pub mod shell;
pub mod version;
pub mod windows;
pub mod zone;

pub use map::{build, Imported, Note};

use crate::names::normalize_name;
use std::net::IpAddr;

/// Bad input, at a place in the file (1-based line and column), and what is
/// wrong there. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// A [`ParseError`] in a named file: `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub error: ParseError,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.error)
    }
}

/// Which DNS view a zone feeds: the one inside clients use, or the Internet's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    Internal,
    External,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Side::Internal => "internal",
            Side::External => "external",
        }
    }
    fn parse(word: &str) -> Option<Side> {
        match word.trim().to_ascii_lowercase().as_str() {
            "internal" => Some(Side::Internal),
            "external" => Some(Side::External),
            _ => None,
        }
    }
}

/// One zone's records, and which side it is on and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedZone {
    /// Zone apex, normalised.
    pub name: String,
    pub side: Side,
    /// Why it is on that side ("marked internal by the collector",
    /// "guessed: only private addresses"); the review step shows it.
    pub side_reason: String,
    /// Whether the side is a guess the user should confirm.
    pub side_guessed: bool,
    pub records: Vec<zone::ZoneRecord>,
    /// The files `$INCLUDE`d into it.
    pub included: Vec<zone::Inclusion>,
}

/// What one file held.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// A cmdlet's objects (CSV or CLIXML).
    Table(shell::Table),
    /// Pasted Format-List text: a table per cmdlet found in it, read
    /// leniently. One file stays one source (one row in the review, one
    /// "Leave out", its notes together) however many cmdlets it holds.
    FormatList(Vec<shell::Table>),
    /// DNS zones (a zone file, or the collector's record CSV).
    Zones(Vec<ImportedZone>),
    /// A zone file another file given with it `$INCLUDE`s: its records are
    /// in that file's zone (one entry per `$INCLUDE` that read it).
    Included(Vec<zone::Inclusion>),
}

/// One file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub name: String,
    pub content: Content,
    /// What the reader skipped or assumed.
    pub notes: Vec<String>,
}

impl Source {
    /// What the file is, for the review list: "Get-MailboxDatabase, 3 objects".
    pub fn summary(&self) -> String {
        match &self.content {
            Content::Table(t) => table_summary(t),
            Content::FormatList(tables) => format!(
                "Format-List text: {}",
                tables
                    .iter()
                    .map(table_summary)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Content::Zones(zones) => {
                let parts: Vec<String> = zones
                    .iter()
                    .map(|z| {
                        format!(
                            "zone {} ({} record{}, {})",
                            z.name,
                            z.records.len(),
                            plural(z.records.len()),
                            z.side.label()
                        )
                    })
                    .collect();
                if parts.is_empty() {
                    "DNS records, none".into()
                } else {
                    parts.join("; ")
                }
            }
            Content::Included(by) => {
                let parts: Vec<String> = by
                    .iter()
                    .map(|i| {
                        format!(
                            "{} record{} read into the zone of {} ($INCLUDE on its line {})",
                            i.records,
                            plural(i.records),
                            i.by,
                            i.line
                        )
                    })
                    .collect();
                format!("included: {}", parts.join("; "))
            }
        }
    }

    /// Where the records of the file named `file` went by `$INCLUDE`.
    pub fn inclusions_of(&self, file: &str) -> Vec<zone::Inclusion> {
        match &self.content {
            Content::Zones(zones) => zones
                .iter()
                .flat_map(|z| z.included.iter().filter(|i| i.file == file).cloned())
                .collect(),
            Content::Table(_) | Content::FormatList(_) | Content::Included(_) => Vec::new(),
        }
    }

    /// The zones the file holds.
    pub fn zones(&self) -> &[ImportedZone] {
        match &self.content {
            Content::Zones(z) => z,
            Content::Table(_) | Content::FormatList(_) | Content::Included(_) => &[],
        }
    }

    /// The zones the file holds, to switch sides in review.
    pub fn zones_mut(&mut self) -> &mut [ImportedZone] {
        match &mut self.content {
            Content::Zones(z) => z,
            Content::Table(_) | Content::FormatList(_) | Content::Included(_) => &mut [],
        }
    }

    /// The cmdlet tables the file holds (none for zones).
    pub fn tables(&self) -> &[shell::Table] {
        match &self.content {
            Content::Table(t) => std::slice::from_ref(t),
            Content::FormatList(tables) => tables,
            Content::Zones(_) | Content::Included(_) => &[],
        }
    }
}

fn table_summary(t: &shell::Table) -> String {
    format!(
        "{}, {} object{}",
        t.kind.cmdlet(),
        t.rows.len(),
        plural(t.rows.len())
    )
}

/// The first five of `items` joined with `sep`, then " and N more": how
/// a note names what it counts without growing with the file.
fn first_five<I: ExactSizeIterator<Item = String>>(items: I, sep: &str) -> String {
    let n = items.len();
    let shown: Vec<String> = items.take(5).collect();
    let more = if n > 5 {
        format!(" and {} more", n - 5)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(sep))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The largest export read (64 MiB): a 50,000-record zone is about 2 MB,
/// so anything near this is not an export of one organisation.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Refuses a file too large to be an export, before it is read.
pub fn check_export_size(name: &str, bytes: u64) -> Result<(), ImportError> {
    if bytes > MAX_FILE_BYTES as u64 {
        return Err(ImportError {
            file: name.to_string(),
            error: ParseError {
                line: 1,
                column: 1,
                message: format!(
                    "{} MB is larger than an export this planner reads ({} MB)",
                    bytes / 1_000_000,
                    MAX_FILE_BYTES / 1_000_000
                ),
            },
        });
    }
    Ok(())
}

/// An export's text from its bytes: UTF-16 with a byte-order mark (what
/// `Export-Clixml` writes by default), UTF-8, or else one character per
/// byte (Windows-1252 as `Set-Content` writes it, read as Latin-1, which
/// agrees on every letter a DNS or server name can hold), with a note.
pub fn decode(bytes: Vec<u8>) -> (String, Option<String>) {
    let latin1 = |bytes: &[u8]| -> (String, Option<String>) {
        (
            bytes.iter().map(|&b| b as char).collect(),
            Some("not UTF-8 or UTF-16: read as Windows-1252".into()),
        )
    };
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        // UTF-16 (rare, and small): keep a copy for the fallback.
        let copy = bytes.clone();
        return crate::file::decode_text(bytes).map_or_else(|| latin1(&copy), |t| (t, None));
    }
    // UTF-8 without copying the bytes; they come back for the fallback.
    match String::from_utf8(bytes) {
        Ok(text) => (
            text.strip_prefix('\u{feff}')
                .map(str::to_string)
                .unwrap_or(text),
            None,
        ),
        Err(e) => latin1(e.as_bytes()),
    }
}

/// Reads one file from its bytes ([`decode`], then [`read`]).
pub fn read_bytes(name: &str, bytes: Vec<u8>, side: Option<Side>) -> Result<Source, ImportError> {
    let (text, note) = decode(bytes);
    let mut source = read(name, &text, side)?;
    source.notes.extend(note);
    Ok(source)
}

/// The line the collector writes above a `dnscmd /enumrecords` listing:
/// `; CAS Array Planner collector: zone contoso.local (internal), …`.
const COLLECTOR_ZONE_MARK: &str = "; CAS Array Planner collector: zone ";

/// Reads one file, recognising its format by its content. `side` is the
/// caller's word on a zone file (`--internal-zone`); without it the side
/// comes from the collector's mark or is guessed from the addresses.
pub fn read(name: &str, text: &str, side: Option<Side>) -> Result<Source, ImportError> {
    let located = |error: ParseError| ImportError {
        file: name.to_string(),
        error,
    };
    if let Some(refused) = not_export::refusal(text) {
        return Err(located(refused));
    }
    let body = text.trim_start_matches('\u{feff}');
    let first = body
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim_start();
    if clixml::looks_like_clixml(body) {
        let table = clixml::parse(body).map_err(located)?;
        return Ok(table_source(name, table));
    }
    if !(first.starts_with(';') || first.starts_with('$')) {
        if format_list::looks_like_format_list(body) {
            let pasted = format_list::parse(body).map_err(located)?;
            return Ok(Source {
                name: name.to_string(),
                content: Content::FormatList(pasted.tables),
                notes: pasted.notes,
            });
        }
        if let Some(e) = format_list::format_table(body) {
            return Err(located(e));
        }
    }
    if !(first.starts_with(';') || first.starts_with('$')) && shell::looks_like_csv(body) {
        let table = shell::parse(body).map_err(located)?;
        if table.kind == shell::Kind::DnsRecord {
            return record_csv(name, table).map_err(located);
        }
        return Ok(table_source(name, table));
    }
    zone_file(name, body, side).map_err(located)
}

fn table_source(name: &str, mut table: shell::Table) -> Source {
    let notes = std::mem::take(&mut table.notes);
    Source {
        name: name.to_string(),
        content: Content::Table(table),
        notes,
    }
}

/// The zone name a file's name suggests: `contoso.com.dns` (dnscmd),
/// `db.contoso.com` (BIND), `contoso.com.zone`.
fn zone_from_file_name(name: &str) -> Option<String> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (base, conventional) = match (
        file.strip_prefix("db."),
        [".dns", ".zone", ".db"]
            .iter()
            .find_map(|ext| file.strip_suffix(ext)),
    ) {
        (Some(b), _) | (None, Some(b)) => (b, true),
        (None, None) => (file, false),
    };
    // `records.csv` is a document, not the zone "records.csv".
    let document = ["csv", "xml", "txt", "json", "log", "ps1", "md", "html"]
        .iter()
        .any(|ext| {
            base.rsplit('.')
                .next()
                .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        });
    ((conventional || !document)
        && base.contains('.')
        && crate::rules::check_dns_name(base, false).is_ok())
    .then(|| normalize_name(base))
}

fn zone_file(name: &str, text: &str, side: Option<Side>) -> Result<Source, ParseError> {
    zone_file_among(name, text, side, &include::Includes::none()).map_err(|e| e.error)
}

/// A zone file, reading the files its `$INCLUDE`s name among `includes`.
/// The error names the file it is in (this one or an included one).
fn zone_file_among(
    name: &str,
    text: &str,
    side: Option<Side>,
    includes: &include::Includes<'_>,
) -> Result<Source, ImportError> {
    let here = |error: ParseError| ImportError {
        file: name.to_string(),
        error,
    };
    let from_name = zone_from_file_name(name);
    let parsed =
        zone::parse_file(name, text, from_name.as_deref(), includes).map_err(|e| match e.file {
            Some(file) => ImportError {
                error: ParseError {
                    message: format!("{} (in the file {name} includes)", e.error.message),
                    ..e.error
                },
                file,
            },
            None => here(e.error),
        })?;
    let mut notes = parsed.notes;
    let Some(origin) = parsed.origin.filter(|o| !o.is_empty()) else {
        return Err(here(ParseError {
            line: 1,
            column: 1,
            message: "the zone's name is neither in the file (SOA, $ORIGIN, a header such as dnscmd's or a DNS host's) nor in the file's name (contoso.com.dns)".into(),
        }));
    };
    if let Err(why) = crate::rules::check_dns_name(&origin, false) {
        return Err(here(ParseError {
            line: 1,
            column: 1,
            message: format!("the zone's name {why}"),
        }));
    }
    if parsed.origin_from_caller {
        notes.push(format!("zone name {origin} taken from the file's name"));
    }
    let marked = text.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix(COLLECTOR_ZONE_MARK)?;
        let open = rest.find('(')?;
        let close = rest[open..].find(')')? + open;
        Side::parse(&rest[open + 1..close])
    });
    let (side, side_reason, side_guessed) = match (side, marked) {
        (Some(s), _) => (s, format!("given as {}", s.label()), false),
        (None, Some(s)) => (s, format!("marked {} by the collector", s.label()), false),
        (None, None) => {
            let (s, why) = guess_side(&origin, &parsed.records);
            (s, format!("guessed: {why}"), true)
        }
    };
    let zone = ImportedZone {
        name: origin,
        side,
        side_reason,
        side_guessed,
        records: parsed.records,
        included: parsed.included.clone(),
    };
    for i in &parsed.included {
        notes.push(format!(
            "line {} of {}: $INCLUDE {} read: {} record(s)",
            i.line,
            if i.by.is_empty() { name } else { &i.by },
            i.file,
            i.records
        ));
    }
    Ok(Source {
        name: name.to_string(),
        content: Content::Zones(vec![zone]),
        notes,
    })
}

/// One file for [`read_all`]: its name (a path as the user gave it), its
/// text, the caller's side for a zone file, and notes from decoding it.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub name: String,
    pub text: String,
    pub side: Option<Side>,
    pub notes: Vec<String>,
}

impl Input {
    pub fn new(name: &str, text: &str, side: Option<Side>) -> Input {
        Input {
            name: name.to_string(),
            text: text.to_string(),
            side,
            notes: Vec::new(),
        }
    }

    /// A file from its bytes ([`decode`]).
    pub fn from_bytes(name: &str, bytes: Vec<u8>, side: Option<Side>) -> Input {
        let (text, note) = decode(bytes);
        Input {
            name: name.to_string(),
            text,
            side,
            notes: note.into_iter().collect(),
        }
    }
}

/// Reads files given together, each as [`read`] does, with `$INCLUDE`s
/// resolved among them (by path relative to the including file, or by file
/// name): an included file's records go into the including file's zone and
/// the included file says so ([`Content::Included`]), so a file such as
/// BIND's `db.ocf`, which has no `$ORIGIN` of its own, is never read alone.
/// A `$INCLUDE` naming no file given is an error here. One result per file,
/// in order.
pub fn read_all(files: &[Input]) -> Vec<Result<Source, ImportError>> {
    let named: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.name.as_str(), f.text.trim_start_matches('\u{feff}')))
        .collect();
    let includes = include::Includes::among(&named);
    // Which files another includes, before reading: those are read only
    // through their includers.
    let mut includers: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    let mut has_include = vec![false; files.len()];
    for (i, (name, text)) in named.iter().enumerate() {
        for path in zone::include_paths(text) {
            has_include[i] = true;
            if let include::Found::File(j, _, _) = includes.find(name, &path) {
                if j != i {
                    includers[j].push(i);
                }
            }
        }
    }
    let mut results: Vec<Option<Result<Source, ImportError>>> = vec![None; files.len()];
    for (i, f) in files.iter().enumerate() {
        if !includers[i].is_empty() {
            continue;
        }
        let read_one = if has_include[i] {
            zone_file_among(&f.name, named[i].1, f.side, &includes)
        } else {
            read(&f.name, &f.text, f.side)
        };
        results[i] = Some(read_one.map(|mut s| {
            s.notes.extend(f.notes.iter().cloned());
            s
        }));
    }
    for (j, f) in files.iter().enumerate() {
        if includers[j].is_empty() {
            continue;
        }
        results[j] = Some(included_source(f, &includers[j], files, &results));
    }
    results
        .into_iter()
        .map(|r| r.expect("every file is read"))
        .collect()
}

/// The source of file `f`, which the files `by` include: where its records
/// went (the includers' zones say), or an error when no includer was read.
fn included_source(
    f: &Input,
    by: &[usize],
    files: &[Input],
    results: &[Option<Result<Source, ImportError>>],
) -> Result<Source, ImportError> {
    let inclusions: Vec<zone::Inclusion> = results
        .iter()
        .flatten()
        .flatten()
        .flat_map(|s| s.inclusions_of(&f.name))
        .collect();
    if !inclusions.is_empty() {
        return Ok(Source {
            name: f.name.clone(),
            content: Content::Included(inclusions),
            notes: f.notes.clone(),
        });
    }
    let why = by
        .iter()
        .find_map(|&i| match &results[i] {
            Some(Err(e)) => Some(format!("{} was refused: {}", e.file, e.error.message)),
            _ => None,
        })
        .unwrap_or_else(|| {
            let names: Vec<&str> = by.iter().map(|&i| files[i].name.as_str()).collect();
            format!("{} was not read", names.join(", "))
        });
    Err(ImportError {
        file: f.name.clone(),
        error: ParseError {
            line: 1,
            column: 1,
            message: format!("not read: it is $INCLUDEd, and the file that includes it, {why}"),
        },
    })
}

/// Internal or external, from what the zone holds: private addresses only
/// mean inside; a public one means the Internet; no address, the name.
/// IPv6 counts as IPv4 does: a unique-local (fc00::/7), link-local or
/// loopback address is private, any other public.
fn guess_side(zone: &str, records: &[zone::ZoneRecord]) -> (Side, String) {
    let addresses: Vec<IpAddr> = records
        .iter()
        .filter_map(|r| match r.data {
            zone::Rdata::A(a) => Some(IpAddr::V4(a)),
            zone::Rdata::Aaaa(a) => Some(IpAddr::V6(a)),
            _ => None,
        })
        .collect();
    let private = |a: &IpAddr| match a {
        IpAddr::V4(a) => crate::model::is_private(*a),
        IpAddr::V6(a) => crate::model::is_private_v6(*a),
    };
    if let Some(public) = addresses.iter().find(|a| !private(a)) {
        return (
            Side::External,
            format!("it has a public address ({public})"),
        );
    }
    if !addresses.is_empty() {
        return (Side::Internal, "its addresses are all private".into());
    }
    let tld = zone.rsplit('.').next().unwrap_or("");
    if crate::names::PRIVATE_TLDS.contains(&tld) {
        (Side::Internal, format!(".{tld} is not a public domain"))
    } else {
        (
            Side::External,
            "no addresses to tell by; a public domain name".into(),
        )
    }
}

/// The collector's dns-records.csv: one row per record, with its zone and side.
fn record_csv(name: &str, table: shell::Table) -> Result<Source, ParseError> {
    let mut zones: Vec<ImportedZone> = Vec::new();
    let mut skipped = zone::Skipped::default();
    for row in &table.rows {
        let err = |message: String| ParseError {
            line: row.line,
            column: 1,
            message,
        };
        let zone_name = normalize_name(
            row.get("ZoneName")
                .ok_or_else(|| err("the record has no ZoneName".into()))?,
        );
        let host = row.get("HostName").unwrap_or("@");
        // `@` is the apex, `name.` absolute, anything else relative to the zone.
        let owner = if host == "@" {
            zone_name.clone()
        } else if host.ends_with('.') {
            normalize_name(host)
        } else {
            normalize_name(&format!("{host}.{zone_name}"))
        };
        let rtype = row.get("RecordType").unwrap_or("").to_ascii_uppercase();
        let value = row.get("RecordData").unwrap_or("");
        let data = match rtype.as_str() {
            "A" => zone::Rdata::A(
                value
                    .parse()
                    .map_err(|_| err(format!("\"{value}\" is not an IPv4 address")))?,
            ),
            "AAAA" => zone::Rdata::Aaaa(
                value
                    .parse()
                    .map_err(|_| err(format!("\"{value}\" is not an IPv6 address")))?,
            ),
            "CNAME" => zone::Rdata::Cname(normalize_name(value)),
            "SRV" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                let num = |s: &str| {
                    s.parse::<u16>().map_err(|_| {
                        err(format!(
                            "SRV data \"{value}\" is not \"priority weight port target\""
                        ))
                    })
                };
                if parts.len() != 4 {
                    return Err(err(format!(
                        "SRV data \"{value}\" is not \"priority weight port target\""
                    )));
                }
                zone::Rdata::Srv {
                    priority: num(parts[0])?,
                    weight: num(parts[1])?,
                    port: num(parts[2])?,
                    target: normalize_name(parts[3]),
                }
            }
            "TXT" => zone::Rdata::Txt(value.to_string()),
            "" => return Err(err("the record has no RecordType".into())),
            other => {
                skipped.add(other);
                zone::Rdata::Other(other.to_string())
            }
        };
        let side_cell = row.get("Side");
        let side = side_cell.and_then(Side::parse);
        if side_cell.is_some() && side.is_none() {
            return Err(err(format!(
                "Side \"{}\" is neither internal nor external",
                side_cell.unwrap_or("")
            )));
        }
        let ttl = row
            .get("TimeToLive")
            .and_then(|t| t.split('.').next()?.parse().ok());
        let record = zone::ZoneRecord {
            owner,
            ttl,
            data,
            line: row.line,
            file: None,
        };
        match zones
            .iter_mut()
            .find(|z| z.name == zone_name && side.is_none_or(|s| s == z.side))
        {
            Some(z) => z.records.push(record),
            None => zones.push(ImportedZone {
                name: zone_name,
                side: side.unwrap_or(Side::Internal),
                side_reason: match side {
                    Some(s) => format!("marked {} by the collector", s.label()),
                    None => "no Side column; taken as internal".into(),
                },
                side_guessed: side.is_none(),
                records: vec![record],
                included: Vec::new(),
            }),
        }
    }
    let mut notes = table.notes;
    if let Some(note) = skipped.note() {
        notes.push(note);
    }
    Ok(Source {
        name: name.to_string(),
        content: Content::Zones(zones),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_content_not_name() {
        let csv = read(
            "x.txt",
            "Name,Fqdn,Site,Members\noutlook,outlook.contoso.local,HQ,EX01\n",
            None,
        )
        .unwrap();
        assert!(
            matches!(&csv.content, Content::Table(t) if t.kind == shell::Kind::ClientAccessArray)
        );
        let zone = read(
            "export.csv",
            "$ORIGIN contoso.local.\nex01 A 10.0.0.1\n",
            None,
        )
        .unwrap();
        assert_eq!(zone.summary(), "zone contoso.local (1 record, internal)");
        let xml = read("a.csv", "<Objs><Obj RefId=\"0\"><Props><S N=\"Name\">DB1</S><S N=\"RpcClientAccessServer\">o.c.local</S></Props></Obj></Objs>", None).unwrap();
        assert_eq!(xml.summary(), "Get-MailboxDatabase, 1 object");
        let fl = read(
            "fl.txt",
            "Name    : outlook\nFqdn    : outlook.contoso.local\nSite    : Redmond\nMembers : {EX01, EX02}\n",
            None,
        )
        .unwrap();
        assert_eq!(
            fl.summary(),
            "Format-List text: Get-ClientAccessArray, 1 object"
        );
        let e = read(
            "ft.txt",
            "Name    Fqdn                  Site\n----    ----                  ----\noutlook outlook.contoso.local Redmond\n",
            None,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("ft.txt:2:1: this looks like Format-Table output"),
            "{e}"
        );
    }

    #[test]
    fn zone_sides_come_from_the_caller_the_collector_or_a_guess() {
        let public = "$ORIGIN contoso.com.\nmail A 203.0.113.10\n";
        let z = read("z", public, None).unwrap();
        assert_eq!(z.summary(), "zone contoso.com (1 record, external)");
        assert!(
            matches!(&z.content, Content::Zones(v) if v[0].side_guessed && v[0].side_reason.contains("203.0.113.10"))
        );
        let z = read("z", public, Some(Side::Internal)).unwrap();
        assert!(
            matches!(&z.content, Content::Zones(v) if v[0].side == Side::Internal && !v[0].side_guessed)
        );
        let marked = "; CAS Array Planner collector: zone contoso.com (internal), listed by dnscmd /enumrecords\n$ORIGIN contoso.com.\nmail A 203.0.113.10\n";
        assert!(
            matches!(&read("z", marked, None).unwrap().content, Content::Zones(v) if v[0].side == Side::Internal)
        );
        // The name from the file when the file does not say.
        let z = read("exports/contoso.com.dns", "mail A 203.0.113.10\n", None).unwrap();
        assert!(
            z.notes
                .iter()
                .any(|n| n == "zone name contoso.com taken from the file's name"),
            "{:?}",
            z.notes
        );
        let e = read("records.txt", "mail A 203.0.113.10\n", None).unwrap_err();
        assert_eq!(e.error.line, 1);
    }

    #[test]
    fn the_collectors_record_csv_splits_into_zones_by_side() {
        let text = "\"Side\",\"ZoneName\",\"HostName\",\"RecordType\",\"TimeToLive\",\"RecordData\"\n\
                    \"internal\",\"contoso.com\",\"mail\",\"A\",\"3600\",\"10.1.1.100\"\n\
                    \"external\",\"contoso.com\",\"mail\",\"A\",\"3600\",\"203.0.113.10\"\n\
                    \"internal\",\"contoso.com\",\"_autodiscover._tcp\",\"SRV\",\"600\",\"0 0 443 mail.contoso.com\"\n\
                    \"internal\",\"contoso.com\",\"@\",\"MX\",\"600\",\"\"\n";
        let s = read("dns-records.csv", text, None).unwrap();
        assert_eq!(
            s.summary(),
            "zone contoso.com (3 records, internal); zone contoso.com (1 record, external)"
        );
        let bad = text.replace("203.0.113.10", "203.0.113");
        let e = read("dns-records.csv", &bad, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "dns-records.csv:3:1: \"203.0.113\" is not an IPv4 address"
        );
    }
}
