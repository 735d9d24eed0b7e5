//! Pasted `Format-List` text (`Get-OutlookAnywhere | fl` in a ticket, a
//! mail or a forum post), read leniently into the same [`Table`]s the CSV
//! and CLIXML readers give, one per cmdlet found, so the mapping reads them
//! unchanged. This module owns what such a paste looks like in the field
//! and which cmdlet a block of it came from; the meaning of the values is
//! the shell module's and the mapping's.
//!
//! What it copes with, as admins paste it: keys padded differently per
//! block, several cmdlets' output run together with free text (and
//! `[PS] C:\>Get-Xxx | fl` lines, which name the cmdlet of what follows)
//! in between, forum pastes with trailing spaces and a blank line after
//! every line, `{a, b}` lists and lists cut with `...}`, values wrapped onto
//! indented lines, empty values, dates in the admin's locale, and the
//! property names of Exchange 2010 and of 2013 and later. A paste rarely
//! names its cmdlet, so a block's cmdlet is recognised by its keys.
//!
//! Nothing is taken silently: every object read is listed in the notes as
//! read from Format-List with the values the planner takes from it, a cut
//! list is named as incomplete, and blocks from other cmdlets and lines of
//! other text are counted. Also here: telling `Format-Table` output apart,
//! which cannot be read (it cuts values to the column width).

use super::shell::{self, Kind, Row, Table, Vdir};
use super::ParseError;
use std::collections::{HashMap, HashSet};

/// The objects listed one by one in the notes; more are counted.
const MARKED: usize = 500;

/// The tables a paste held, in the order their cmdlets first appear, and
/// what the reader assumed or skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Pasted {
    pub tables: Vec<Table>,
    pub notes: Vec<String>,
}

/// The keys that identify a block's cmdlet, all required; the most
/// specific first. Looser than the CSV reader's: a paste is often a
/// selection (`fl Name,RpcClientAccessServer`), and Exchange 2013 and later
/// print Outlook Anywhere's authentication as External/Internal pairs.
const SIGNATURES: &[(Kind, &[&str])] = &[
    (Kind::MailboxDatabase, &["Name", "RpcClientAccessServer"]),
    (
        Kind::OutlookAnywhere,
        &["ExternalHostname", "ClientAuthenticationMethod"],
    ),
    (
        Kind::OutlookAnywhere,
        &["ExternalHostname", "ExternalClientAuthenticationMethod"],
    ),
    (
        Kind::OutlookAnywhere,
        &["ExternalHostname", "InternalHostname"],
    ),
    (Kind::OutlookProvider, &["Name", "OutlookProviderFlags"]),
    (
        Kind::ClientAccessServer,
        &["Name", "AutoDiscoverServiceInternalUri"],
    ),
    (
        Kind::ExchangeCertificate,
        &["Thumbprint", "CertificateDomains"],
    ),
    (Kind::ClientAccessArray, &["Name", "Fqdn", "Members"]),
    (
        Kind::ExchangeServer,
        &["Name", "ServerRole", "AdminDisplayVersion"],
    ),
    (Kind::CasMailbox, &["PrimarySmtpAddress", "MapiHttpEnabled"]),
    (Kind::CasMailbox, &["ServerName", "MapiHttpEnabled"]),
    (Kind::CasMailbox, &["ActiveSyncEnabled", "MapiHttpEnabled"]),
    (Kind::OrganizationConfig, &["MapiHttpEnabled"]),
    (Kind::HotFix, &["HotFixID"]),
    (Kind::OperatingSystem, &["Caption", "CSName"]),
];

/// Output the planner does not read but can name, so the note says what
/// was skipped rather than listing keys.
const NAMED: &[(&str, &[&str])] = &[
    (
        "Get-RpcClientAccess",
        &["Server", "EncryptionRequired", "MaximumConnections"],
    ),
    (
        "a virtual directory (Get-*VirtualDirectory)",
        &["InternalUrl", "ExternalUrl"],
    ),
];

/// The properties the planner takes from each kind (what the mapping
/// reads), listed per object in the notes.
const TAKEN: &[(Kind, &[&str])] = &[
    (
        Kind::ExchangeServer,
        &["Name", "Fqdn", "Site", "ServerRole", "AdminDisplayVersion"],
    ),
    (
        Kind::ClientAccessArray,
        &["Name", "Fqdn", "Site", "Members"],
    ),
    (
        Kind::MailboxDatabase,
        &[
            "Name",
            "Server",
            "RpcClientAccessServer",
            "PublicFolderDatabase",
            "AdminDisplayVersion",
        ],
    ),
    (
        Kind::OutlookAnywhere,
        &[
            "Server",
            "Identity",
            "ExternalHostname",
            "InternalHostname",
            "ClientAuthenticationMethod",
            "ExternalClientAuthenticationMethod",
            "InternalClientAuthenticationMethod",
            "IISAuthenticationMethods",
            "SSLOffloading",
        ],
    ),
    (
        Kind::ClientAccessServer,
        &[
            "Name",
            "AutoDiscoverServiceInternalUri",
            "AutoDiscoverSiteScope",
        ],
    ),
    (Kind::OutlookProvider, &["Name", "OutlookProviderFlags"]),
    (Kind::OrganizationConfig, &["Name", "MapiHttpEnabled"]),
    (
        Kind::CasMailbox,
        &[
            "Name",
            "Identity",
            "PrimarySmtpAddress",
            "Database",
            "ServerName",
            "MapiHttpEnabled",
        ],
    ),
    (
        Kind::ExchangeCertificate,
        &[
            "Server",
            "Identity",
            "Thumbprint",
            "CertificateDomains",
            "Services",
            "IsSelfSigned",
        ],
    ),
    (
        Kind::VirtualDirectory,
        &["Server", "Name", "InternalUrl", "ExternalUrl"],
    ),
    (
        Kind::OperatingSystem,
        &["CSName", "Server", "Caption", "Version"],
    ),
    (
        Kind::HotFix,
        &["Source", "CSName", "Server", "HotFixID", "Installed"],
    ),
];

/// The kind a `Get-Xxx` noun names; `Get-ClientAccessService` is the
/// Exchange 2016 and later name of `Get-ClientAccessServer`.
fn kind_of_noun(noun: &str) -> Option<Kind> {
    Some(match noun.to_ascii_lowercase().as_str() {
        "exchangeserver" => Kind::ExchangeServer,
        "clientaccessarray" => Kind::ClientAccessArray,
        "mailboxdatabase" => Kind::MailboxDatabase,
        "outlookanywhere" => Kind::OutlookAnywhere,
        "clientaccessserver" | "clientaccessservice" => Kind::ClientAccessServer,
        "outlookprovider" => Kind::OutlookProvider,
        "exchangecertificate" => Kind::ExchangeCertificate,
        "organizationconfig" => Kind::OrganizationConfig,
        "casmailbox" => Kind::CasMailbox,
        "mapivirtualdirectory"
        | "webservicesvirtualdirectory"
        | "oabvirtualdirectory"
        | "activesyncvirtualdirectory" => Kind::VirtualDirectory,
        "hotfix" => Kind::HotFix,
        _ => return None,
    })
}

/// One line of a paste, classified.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Line<'a> {
    Blank,
    /// `Key   : value`: where the key starts, where its colon is, and the
    /// spaces before it (the shell pads every key of an object to the
    /// longest, which gets one; `Key:` has none).
    Property {
        indent: usize,
        key: &'a str,
        colon: usize,
        pad: usize,
        value: &'a str,
    },
    /// Anything else: a wrapped value's next part, or free text.
    Text {
        indent: usize,
        text: &'a str,
    },
}

/// A line, its trailing spaces dropped (forums add two).
fn classify(line: &str) -> Line<'_> {
    let line = line.trim_end();
    let body = line.trim_start();
    if body.is_empty() {
        return Line::Blank;
    }
    let indent = line.len() - body.len();
    // A forum's inline code: `` `Key : value` ``.
    let body = body
        .strip_prefix('`')
        .and_then(|b| b.strip_suffix('`'))
        .unwrap_or(body);
    let text = Line::Text { indent, text: body };
    let key_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    if key_len == 0 || !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return text;
    }
    let after_key = &body[key_len..];
    let rest = after_key.trim_start_matches([' ', '\t']);
    let pad = after_key.len() - rest.len();
    let Some(value) = rest.strip_prefix(':') else {
        return text;
    };
    // `Key: value` or `Key :` at the end; `ncacn_ip_tcp:host` is no key.
    if !(value.is_empty() || value.starts_with(' ')) {
        return text;
    }
    // The colon's column as an editor shows it: a tab to the next multiple of eight.
    let colon = after_key[..pad].chars().fold(indent + key_len, |col, c| {
        if c == '\t' {
            (col / 8 + 1) * 8
        } else {
            col + 1
        }
    });
    Line::Property {
        indent,
        key: &body[..key_len],
        colon,
        pad,
        value: value.trim(),
    }
}

/// Whether `text` reads as Format-List output: at least two `Key : value`
/// lines, and no fewer of them than lines of other text at the margin
/// (a wrapped value's indented part is neither). Looks at the first 500
/// lines only, so a large zone file is judged at once.
pub fn looks_like_format_list(text: &str) -> bool {
    let (mut props, mut other, mut prompts) = (0usize, 0usize, 0usize);
    for line in text.lines().take(500) {
        match classify(line) {
            Line::Blank => {}
            Line::Property { .. } => props += 1,
            // `Get-OrganizationConfig | fl MapiHttpEnabled` prints one
            // line: its prompt, naming a cmdlet the planner reads, vouches
            // for it.
            Line::Text { indent: 0, text }
                if command_in(text).is_some_and(|c| c.kind.is_some()) =>
            {
                prompts += 1
            }
            Line::Text { indent: 0, .. } => other += 1,
            Line::Text { .. } => {}
        }
    }
    (props >= 2 || (props == 1 && prompts >= 1)) && props >= other
}

/// A `Format-Table` paste (a header, then a line of dashes under each
/// column): what it is and what to export instead. It cannot be read: the
/// shell cuts values to the column width. Resolve-DnsName's table is left
/// to the zone reader, which names it.
pub fn format_table(text: &str) -> Option<ParseError> {
    let lines: Vec<&str> = text.lines().take(200).collect();
    let (at, header) = lines.windows(2).enumerate().find_map(|(i, w)| {
        let dashes = w[1].trim();
        let is_rule = !dashes.is_empty()
            && dashes.starts_with('-')
            && dashes.chars().all(|c| c == '-' || c == ' ');
        (is_rule && !w[0].trim().is_empty()).then_some((i + 2, w[0]))
    })?;
    let columns: Vec<String> = header.split_whitespace().map(str::to_string).collect();
    let has = |c: &str| columns.iter().any(|x| x.eq_ignore_ascii_case(c));
    if has("Type") && has("Section") {
        return None;
    }
    let cmdlet = SIGNATURES
        .iter()
        .find(|(_, need)| need.iter().all(|c| has(c)))
        .map(|(k, _)| format!("{}'s ", k.cmdlet()))
        .unwrap_or_default();
    Some(ParseError {
        line: at,
        column: 1,
        message: format!(
            "this looks like {cmdlet}Format-Table output (columns under dashes), which cuts values to the column width; \
             paste it with `| Format-List` instead, or better export with Export-Csv or Export-Clixml, or run collect-exchange.ps1"
        ),
    })
}

/// A `Get-Xxx` a line of free text names as the command whose output
/// follows: `[PS] C:\>Get-ExchangeServer | fl`, `Get-OutlookAnywhere:`.
#[derive(Debug, Clone, PartialEq)]
struct Command {
    name: String,
    kind: Option<Kind>,
    /// Its `-Server EX01` argument: whose certificates follow.
    server: Option<String>,
}

/// The value of a `-Server X` (or `-Server:X`) argument in a command line,
/// before any pipe.
fn server_argument(command: &str) -> Option<String> {
    let command = command.split('|').next().unwrap_or("");
    let mut words = command.split_whitespace();
    while let Some(w) = words.next() {
        let Some(rest) = strip_prefix_ci(w, "-server") else {
            continue;
        };
        let value = match rest.strip_prefix(':') {
            Some(v) if !v.is_empty() => v,
            Some(_) => words.next()?,
            None if rest.is_empty() => words.next()?,
            None => continue,
        };
        let value = value.trim_matches(['"', '\'']);
        return (!value.is_empty() && !value.starts_with('-')).then(|| value.to_string());
    }
    None
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.get(..prefix.len())
        .filter(|p| p.eq_ignore_ascii_case(prefix))
        .map(|_| &text[prefix.len()..])
}

/// The command a line of free text runs, if it is a prompt or starts with `Get-`.
fn command_in(text: &str) -> Option<Command> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("get-")?;
    let before = text[..at].trim();
    let prompt = before.is_empty() || before.ends_with('>') || before == "`";
    if !prompt {
        return None;
    }
    let noun: String = text[at + 4..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if noun.is_empty() {
        return None;
    }
    let kind = kind_of_noun(&noun);
    let name = match (kind, noun.to_ascii_lowercase().as_str()) {
        (_, "clientaccessservice") => "Get-ClientAccessService".to_string(),
        (Some(Kind::VirtualDirectory), _) => format!("Get-{noun}"),
        (Some(k), _) => k.cmdlet().to_string(),
        (None, _) => format!("Get-{noun}"),
    };
    let server = server_argument(&text[at..]);
    Some(Command { name, kind, server })
}

/// One object's block: where it starts, how its keys are laid out, its
/// properties in order, and the command it follows, if a line named one.
#[derive(Debug, Clone)]
struct Block {
    line: usize,
    indent: usize,
    colon: usize,
    /// Whether its keys are seen padded to one column (one padded past a
    /// single space, or two on one column), so a key on another column
    /// starts another object; a hand-typed `Name : x` block is not.
    aligned: bool,
    props: Vec<(String, String)>,
    /// The keys so far, lower-case: a hostile block of a million keys
    /// stays linear.
    seen: HashSet<String>,
    command: Option<Command>,
}

impl Block {
    fn has(&self, key: &str) -> bool {
        self.seen.contains(&key.to_ascii_lowercase())
    }
    fn get(&self, key: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
    /// Whether a `Key : value` line (not a continuation) starts another object.
    fn ends_before(&self, indent: usize, key: &str, colon: usize, pad: usize) -> bool {
        self.has(key) || indent != self.indent || (pad > 0 && self.aligned && colon != self.colon)
    }
}

/// The blocks and what lay between them, line by line.
#[derive(Default)]
struct Reader {
    /// A blank line after every line (as forums paste): single blank
    /// lines separate nothing.
    forum: bool,
    blocks: Vec<Block>,
    current: Option<Block>,
    command: Option<Command>,
    /// How many lines of other text, and the first three with their numbers.
    free_lines: usize,
    free_text: Vec<(usize, String)>,
    /// Lines where a wrapped value went on.
    wrapped: Vec<usize>,
    blank_run: usize,
}

/// Whether most lines are followed by one blank line, as forum software pastes.
fn blank_after_every_line(lines: &[&str]) -> bool {
    let filled: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    if filled.len() < 4 {
        return false;
    }
    let followed = filled[..filled.len() - 1]
        .iter()
        .filter(|&&i| lines.get(i + 1).is_some_and(|l| l.trim().is_empty()))
        .count();
    followed * 10 >= (filled.len() - 1) * 8
}

/// `value` with the next part of a wrapped value: the shell wraps words at
/// a space, and breaks a single token longer than the line (a URL, a name)
/// anywhere, so the parts join with a space only when the value has one.
fn join_wrapped(value: &mut String, more: &str) {
    if !value.is_empty() && (value.contains(char::is_whitespace) || value.ends_with(',')) {
        value.push(' ');
    }
    value.push_str(more);
}

impl Reader {
    fn close(&mut self) {
        if let Some(b) = self.current.take() {
            self.blocks.push(b);
        }
    }

    /// Whether an indented line goes on the current block's last value.
    fn continues(&self, indent: usize, property: bool) -> bool {
        self.current.as_ref().is_some_and(|b| {
            !b.props.is_empty() && indent > b.indent && (!property || indent >= b.colon)
        })
    }

    fn go_on(&mut self, no: usize, text: &str) {
        if let Some((_, v)) = self.current.as_mut().and_then(|b| b.props.last_mut()) {
            join_wrapped(v, text);
            self.wrapped.push(no);
        }
    }

    fn line(&mut self, no: usize, raw: &str) {
        let line = classify(raw);
        if line == Line::Blank {
            self.blank_run += 1;
            // In a forum paste one blank line is the forum's; more end an object.
            if !self.forum || self.blank_run >= 2 {
                self.close();
            }
            return;
        }
        self.blank_run = 0;
        match line {
            Line::Blank => {}
            Line::Property {
                indent,
                key,
                colon,
                pad,
                value,
            } => {
                if self.continues(indent, true) {
                    return self.go_on(no, raw.trim());
                }
                if self
                    .current
                    .as_ref()
                    .is_some_and(|b| b.ends_before(indent, key, colon, pad))
                {
                    self.close();
                }
                let command = self.command.clone();
                let block = self.current.get_or_insert_with(|| Block {
                    line: no,
                    indent,
                    colon,
                    aligned: false,
                    props: Vec::new(),
                    seen: HashSet::new(),
                    command,
                });
                block.aligned |= pad > 1 || (!block.props.is_empty() && colon == block.colon);
                block.seen.insert(key.to_ascii_lowercase());
                block.props.push((key.to_string(), value.to_string()));
            }
            Line::Text { indent, text } => {
                if self.continues(indent, false) {
                    return self.go_on(no, text);
                }
                self.close();
                // Other text ends what a prompt said: the output after it
                // may be anyone's.
                self.command = command_in(text);
                if self.command.is_none() {
                    self.free_lines += 1;
                    if self.free_text.len() < 3 {
                        self.free_text.push((no, text.to_string()));
                    }
                }
            }
        }
    }
}

/// The key an object of `kind` cannot be without (to take a block as that
/// kind on a prompt's word alone).
fn id_key(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::OutlookAnywhere => &["Server", "Identity"],
        Kind::ExchangeCertificate => &["Thumbprint"],
        Kind::OrganizationConfig => &["MapiHttpEnabled"],
        Kind::CasMailbox => &["Name", "Identity", "PrimarySmtpAddress"],
        Kind::VirtualDirectory => &["InternalUrl", "ExternalUrl"],
        Kind::OperatingSystem => &["Caption"],
        Kind::HotFix => &["HotFixID"],
        _ => &["Name"],
    }
}

/// What a block is: a kind the planner reads (by its keys, else by the
/// prompt above it), or a description of what it skipped.
fn verdict(block: &Block) -> Result<Kind, String> {
    if let Some((kind, _)) = SIGNATURES
        .iter()
        .find(|(_, need)| need.iter().all(|k| block.has(k)))
    {
        // `Get-CASMailbox | fl Name,MapiHttpEnabled` has only the key the
        // organisation's object has too: the prompt tells them apart.
        let prompt = block.command.as_ref().and_then(|c| c.kind);
        if *kind == Kind::OrganizationConfig && prompt == Some(Kind::CasMailbox) {
            return Ok(Kind::CasMailbox);
        }
        return Ok(*kind);
    }
    // The virtual directories whose URLs the mapping compares with the
    // Outlook Anywhere names; others (owa, ecp…) are named and counted.
    if block.has("InternalUrl")
        && block.has("ExternalUrl")
        && Vdir::of(|k| block.get(k)).is_some_and(|v| v != Vdir::Other)
    {
        return Ok(Kind::VirtualDirectory);
    }
    let named = NAMED
        .iter()
        .find(|(_, need)| need.iter().all(|k| block.has(k)))
        .map(|(n, _)| n.to_string());
    match (&block.command, named) {
        (_, Some(named)) => Err(named),
        (Some(c), None) => match c.kind {
            Some(k) if id_key(k).iter().any(|key| block.has(key)) => Ok(k),
            _ => Err(c.name.clone()),
        },
        (None, None) => {
            let keys: Vec<&str> = block
                .props
                .iter()
                .take(3)
                .map(|(k, _)| k.as_str())
                .collect();
            let more = if block.props.len() > 3 { ", …" } else { "" };
            Err(format!("keys {}{more}", keys.join(", ")))
        }
    }
}

/// Line numbers as `3` or `3, 9, 12` (at most eight, then a count).
fn lines_list(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().take(8).map(usize::to_string).collect();
    let more = lines.len().saturating_sub(8);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Reads a Format-List paste: a table per cmdlet the planner reads, or an
/// error when no block comes from one.
pub fn parse(text: &str) -> Result<Pasted, ParseError> {
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let mut reader = Reader {
        forum: blank_after_every_line(&lines),
        ..Reader::default()
    };
    for (i, raw) in lines.iter().enumerate() {
        reader.line(i + 1, raw);
    }
    reader.close();
    let mut notes = Vec::new();
    if reader.forum {
        notes.push("a blank line after every line (as forums paste it): objects told apart by their keys and padding".to_string());
    }
    let mut read: Vec<(Kind, Block)> = Vec::new();
    let mut skipped: Vec<(String, usize)> = Vec::new();
    for block in reader.blocks {
        match verdict(&block) {
            Ok(kind) => read.push((kind, block)),
            Err(what) => skipped.push((what, block.line)),
        }
    }
    if read.is_empty() {
        return Err(nothing_read(&skipped));
    }
    note_skipped(&skipped, &mut notes);
    if !reader.free_text.is_empty() {
        let n = reader.free_lines;
        let shown: Vec<String> = reader
            .free_text
            .iter()
            .take(3)
            .map(|(no, t)| format!("{no}: \"{}\"", t.chars().take(40).collect::<String>()))
            .collect();
        notes.push(format!(
            "{n} line{} of other text skipped ({}{})",
            plural(n),
            shown.join("; "),
            if n > 3 { "; …" } else { "" }
        ));
    }
    if !reader.wrapped.is_empty() {
        notes.push(format!(
            "values wrapped onto the next line joined (lines {}): a wrapped value is read as one, with a space where it had one",
            lines_list(&reader.wrapped)
        ));
    }
    let tables = tables(read, &mut notes);
    Ok(Pasted { tables, notes })
}

/// The error for a paste with no block the planner reads.
fn nothing_read(skipped: &[(String, usize)]) -> ParseError {
    let Some((_, line)) = skipped.first() else {
        return ParseError {
            line: 1,
            column: 1,
            message: "no `Name : value` lines: this is not Format-List output".into(),
        };
    };
    let mut kinds: Vec<&str> = skipped.iter().map(|(w, _)| w.as_str()).collect();
    kinds.dedup();
    ParseError {
        line: *line,
        column: 1,
        message: format!(
            "Format-List output, but none of its {} object{} comes from a cmdlet the planner reads ({}); \
             it reads Get-ExchangeServer, Get-ClientAccessArray, Get-MailboxDatabase, Get-OutlookAnywhere, \
             Get-ClientAccessServer (Get-ClientAccessService), Get-OutlookProvider, Get-ExchangeCertificate, \
             Get-OrganizationConfig, Get-CASMailbox, the MAPI, EWS, OAB and ActiveSync virtual directories, \
             Win32_OperatingSystem (Caption, CSName) and Get-HotFix",
            skipped.len(),
            plural(skipped.len()),
            kinds.iter().take(3).copied().collect::<Vec<_>>().join("; ")
        ),
    }
}

/// One note counting the blocks from other cmdlets, grouped by what they are.
fn note_skipped(skipped: &[(String, usize)], notes: &mut Vec<String>) {
    if skipped.is_empty() {
        return;
    }
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (what, line) in skipped {
        match at.get(what.as_str()) {
            Some(&i) => groups[i].1.push(*line),
            None => {
                at.insert(what, groups.len());
                groups.push((what, vec![*line]));
            }
        }
    }
    let mut parts: Vec<String> = groups
        .iter()
        .take(6)
        .map(|(what, lines)| {
            format!(
                "{} × {what} (line{} {})",
                lines.len(),
                plural(lines.len()),
                lines_list(lines)
            )
        })
        .collect();
    if groups.len() > 6 {
        parts.push(format!("{} other kinds", groups.len() - 6));
    }
    notes.push(format!(
        "{} object{} skipped, not from a cmdlet the planner reads: {}",
        skipped.len(),
        plural(skipped.len()),
        parts.join("; ")
    ));
}

/// The read blocks as one table per kind (in the order the kinds first
/// appear), each value made readable, and the notes marking them.
fn tables(read: Vec<(Kind, Block)>, notes: &mut Vec<String>) -> Vec<Table> {
    // In first-seen order, with an index so a hostile paste stays linear.
    let mut keys: Vec<String> = Vec::new();
    let mut key_seen: HashSet<String> = HashSet::new();
    let mut cut: Vec<(String, Vec<usize>)> = Vec::new();
    let mut cut_at: HashMap<String, usize> = HashMap::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut marks = Vec::new();
    let mut unmarked = 0usize;
    let mut server_from_prompt = Vec::new();
    for (kind, mut block) in read {
        for (k, v) in &mut block.props {
            if key_seen.insert(k.to_ascii_lowercase()) {
                keys.push(k.clone());
            }
            // `{a, b, c, d...}`: the shell shows four values ($FormatEnumerationLimit).
            if let Some(shown) = v.strip_suffix("...}").filter(|v| v.starts_with('{')) {
                *v = format!("{shown}}}");
                match cut_at.get(&k.to_ascii_lowercase()) {
                    Some(&i) => cut[i].1.push(block.line),
                    None => {
                        cut_at.insert(k.to_ascii_lowercase(), cut.len());
                        cut.push((k.clone(), vec![block.line]));
                    }
                }
            }
        }
        if kind == Kind::OutlookAnywhere {
            newer_outlook_anywhere(&mut block, notes);
        }
        if kind == Kind::ExchangeCertificate && certificate_server(&mut block) {
            server_from_prompt.push(block.line);
        }
        // A real paste holds tens of objects; past MARKED, one note counts the rest.
        if marks.len() < MARKED {
            marks.push(mark(kind, &block));
        } else {
            unmarked += 1;
        }
        let row = Row::new(block.line, block.props);
        match tables.iter_mut().find(|t| t.kind == kind) {
            Some(t) => t.rows.push(row),
            None => tables.push(Table {
                kind,
                rows: vec![row],
                notes: Vec::new(),
            }),
        }
    }
    shell::note_session_columns(&keys, notes);
    for (key, lines) in cut {
        notes.push(format!(
            "{key} cut short with `...}}` (line{} {}): incomplete, only the values shown were read; \
             set $FormatEnumerationLimit = -1 before Format-List, or export with Export-Csv",
            plural(lines.len()),
            lines_list(&lines)
        ));
    }
    if !server_from_prompt.is_empty() {
        notes.push(format!(
            "Get-ExchangeCertificate at line{} {}: the server taken from the prompt's -Server (the objects do not name it)",
            plural(server_from_prompt.len()),
            lines_list(&server_from_prompt)
        ));
    }
    notes.extend(marks);
    if unmarked > 0 {
        notes.push(format!(
            "read from Format-List: {unmarked} more object{} (values as the shell printed them)",
            plural(unmarked)
        ));
    }
    tables
}

/// Exchange 2013 and later print no ClientAuthenticationMethod, but an
/// External and an Internal one: the external is what remote Outlook uses,
/// the one the planner models.
fn newer_outlook_anywhere(block: &mut Block, notes: &mut Vec<String>) {
    if block.has("ClientAuthenticationMethod") {
        return;
    }
    let Some(external) = block
        .get("ExternalClientAuthenticationMethod")
        .map(str::to_string)
    else {
        return;
    };
    notes.push(format!(
        "Get-OutlookAnywhere at line {} has Exchange 2013+ names: ClientAuthenticationMethod taken from ExternalClientAuthenticationMethod ({})",
        block.line,
        if external.is_empty() { "empty" } else { &external }
    ));
    block.seen.insert("clientauthenticationmethod".into());
    block
        .props
        .push(("ClientAuthenticationMethod".into(), external));
}

/// A certificate names its server by Identity (`EX01\<thumbprint>`, 2013
/// and later) or not at all; a prompt's `Get-ExchangeCertificate -Server
/// EX01` above it does. Whether the server was taken from the prompt.
fn certificate_server(block: &mut Block) -> bool {
    let named = block.get("Server").is_some_and(|s| !s.is_empty())
        || block.get("Identity").is_some_and(|i| i.contains('\\'));
    let from_prompt = block
        .command
        .as_ref()
        .filter(|c| c.kind == Some(Kind::ExchangeCertificate))
        .and_then(|c| c.server.clone());
    match from_prompt {
        Some(server) if !named => {
            block
                .props
                .retain(|(k, _)| !k.eq_ignore_ascii_case("Server"));
            block.seen.insert("server".into());
            block.props.push(("Server".into(), server));
            true
        }
        _ => false,
    }
}

/// The note marking an object as read from Format-List, with the values
/// the planner takes from it.
fn mark(kind: Kind, block: &Block) -> String {
    let taken = TAKEN
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(&[][..], |(_, t)| t);
    let values: Vec<String> = taken
        .iter()
        .filter_map(|k| {
            let v = block.get(k)?;
            // `=` and `;`: values hold commas (`Mailbox, ClientAccess`).
            Some(if v.is_empty() {
                format!("{k} = (empty)")
            } else {
                format!("{k} = {v}")
            })
        })
        .collect();
    let cmdlet = block
        .command
        .as_ref()
        .filter(|c| c.kind == Some(kind))
        .map_or(kind.cmdlet(), |c| c.name.as_str());
    format!(
        "read from Format-List: {cmdlet} at line {}: {}",
        block.line,
        if values.is_empty() {
            "none of the values the planner takes".to_string()
        } else {
            values.join("; ")
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(p: &Pasted, kind: Kind) -> &Table {
        p.tables
            .iter()
            .find(|t| t.kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?} in {:?}", p.tables))
    }

    fn note<'a>(p: &'a Pasted, part: &str) -> &'a str {
        p.notes
            .iter()
            .find(|n| n.contains(part))
            .unwrap_or_else(|| panic!("no note with {part:?} in {:#?}", p.notes))
    }

    #[test]
    fn lines_are_properties_or_text() {
        assert_eq!(
            classify("ExternalHostname   : mail.contoso.com  "),
            Line::Property {
                indent: 0,
                key: "ExternalHostname",
                colon: 19,
                pad: 3,
                value: "mail.contoso.com"
            }
        );
        assert!(matches!(
            classify("XropUrl :"),
            Line::Property { value: "", .. }
        ));
        assert!(matches!(
            classify("`ExternalUrl: https://mail.contoso.com/mapi`"),
            Line::Property {
                pad: 0,
                value: "https://mail.contoso.com/mapi",
                ..
            }
        ));
        // A date in the admin's locale keeps its colons.
        assert!(matches!(
            classify("WhenChanged : 17.03.2011 14:22:05"),
            Line::Property {
                value: "17.03.2011 14:22:05",
                ..
            }
        ));
        for text in [
            "ncacn_ip_tcp:ex01.contoso.local",
            "EXCH16 URLs:",
            "[PS] C:\\>Get-ExchangeServer | fl",
            "   , CN=Microsoft Exchange",
        ] {
            assert!(matches!(classify(text), Line::Text { .. }), "{text}");
        }
        assert_eq!(classify("   \t "), Line::Blank);
    }

    #[test]
    fn recognised_by_content() {
        assert!(looks_like_format_list("\r\nName : a\r\nFqdn : b\r\n"));
        assert!(!looks_like_format_list(
            "$ORIGIN contoso.com.\nmail A 10.0.0.1\n"
        ));
        assert!(!looks_like_format_list("Name,Fqdn\na,b\n"));
        assert!(!looks_like_format_list(
            "Note: one line\nand some text\nmore text\n"
        ));
    }

    /// Several cmdlets with free text between them, a prompt naming the
    /// next one, padding that differs per block, lists cut with `...}`,
    /// values wrapped onto indented lines, locale dates.
    #[test]
    fn a_session_pasted_whole() {
        let text = [
            "Here is what we have:",
            "",
            "[PS] C:\\Windows\\system32>Get-ExchangeServer | fl",
            "",
            "Name                : EX01",
            "Fqdn                : ex01.contoso.local",
            "Site                : contoso.local/Configuration/Sites/Redmond",
            "ServerRole          : Mailbox, ClientAccess, HubTransport",
            "AdminDisplayVersion : Version 14.3 (Build 123.4)",
            "NetworkAddress      : {ncacn_vns_spp:EX01, netbios:EX01, ncacn_np:EX01, ncacn_spx:EX01...}",
            "DistinguishedName   : CN=EX01,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative",
            "                      Groups,CN=First Organization,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local",
            "WhenChanged         : 17.03.2011 14:22:05",
            "",
            "and the array:",
            "",
            "Name    : outlook",
            "Fqdn    : outlook.contoso.com",
            "Site    : contoso.local/Configuration/Sites/Redmond",
            "Members : {EX01, EX02, EX03, EX04...}",
            "",
            "AutoDiscoverServiceInternalUri : https://autodiscover.contoso.com/Autodiscover/Autodisc",
            "                                 over.xml",
            "Name                           : EX01",
        ]
        .join("\n");
        let text = text.as_str();
        let p = parse(text).unwrap();
        let kinds: Vec<Kind> = p.tables.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::ExchangeServer,
                Kind::ClientAccessArray,
                Kind::ClientAccessServer
            ]
        );
        let ex01 = &table(&p, Kind::ExchangeServer).rows[0];
        assert_eq!(ex01.line, 5);
        assert_eq!(ex01.name("Site"), Some("Redmond"));
        assert_eq!(
            ex01.get("ServerRole"),
            Some("Mailbox, ClientAccess, HubTransport")
        );
        assert_eq!(
            ex01.get("DistinguishedName"),
            Some("CN=EX01,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=First Organization,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local")
        );
        assert_eq!(ex01.get("WhenChanged"), Some("17.03.2011 14:22:05"));
        let array = &table(&p, Kind::ClientAccessArray).rows[0];
        assert_eq!(
            array.list("Members").unwrap(),
            ["EX01", "EX02", "EX03", "EX04"]
        );
        assert_eq!(
            table(&p, Kind::ClientAccessServer).rows[0].get("AutoDiscoverServiceInternalUri"),
            Some("https://autodiscover.contoso.com/Autodiscover/Autodiscover.xml"),
            "a token broken mid-word joins without a space"
        );
        assert!(note(&p, "Members cut short").contains("incomplete"));
        assert!(note(&p, "NetworkAddress cut short").contains("line 5"));
        assert!(note(&p, "lines of other text").contains("1: \"Here is what we have:\""));
        assert!(note(&p, "wrapped").contains("lines 12, 23"));
        assert!(
            note(&p, "read from Format-List: Get-ExchangeServer at line 5")
                .contains("ServerRole = Mailbox, ClientAccess, HubTransport; AdminDisplayVersion = Version 14.3 (Build 123.4)")
        );
        assert!(note(
            &p,
            "read from Format-List: Get-ClientAccessArray at line 17"
        )
        .contains("Members = {EX01, EX02, EX03, EX04}"));
        assert_eq!(
            p.notes
                .iter()
                .filter(|n| n.starts_with("read from Format-List"))
                .count(),
            3,
            "every object read is marked"
        );
    }

    /// The shape of a real forum answer (Microsoft Q&A, 2020): two trailing
    /// spaces and a blank line after every line, virtual directories the
    /// planner does not read, Exchange 2016+ Outlook Anywhere names.
    #[test]
    fn a_forum_paste() {
        let lines = [
            "EXCH16 URLs:",
            "Server      : EXCH16",
            "Name        : ecp (Default Web Site)",
            "InternalUrl : https://oldowa.mydomain.com/ecp",
            "ExternalUrl :",
            "Server      : EXCH16",
            "Name        : owa (Default Web Site)",
            "InternalUrl : https://oldowa.mydomain.com/owa",
            "ExternalUrl :",
            "Name                           : EXCH16",
            "AutoDiscoverServiceInternalUri :",
            "Server                             : EXCH16",
            "ExternalHostname                   : mail.mydomain.com",
            "InternalHostname                   : oldowa.mydomain.com",
            "ExternalClientsRequireSsl          : False",
            "InternalClientsRequireSsl          : True",
            "ExternalClientAuthenticationMethod : Negotiate",
            "InternalClientAuthenticationMethod : Ntlm",
            "XCH19 URLs:",
            "Name                           : XCH19",
            "AutoDiscoverServiceInternalUri : https://autodiscover.mydomain.com/Autodiscover/Autodiscover.xml",
        ];
        let text: String = lines.iter().map(|l| format!("{l}  \r\n\r\n")).collect();
        assert!(looks_like_format_list(&text));
        let p = parse(&text).unwrap();
        let cas = table(&p, Kind::ClientAccessServer);
        assert_eq!(cas.rows.len(), 2);
        assert_eq!(cas.rows[0].get("AutoDiscoverServiceInternalUri"), None);
        assert!(cas.rows[0].has("AutoDiscoverServiceInternalUri"));
        let oa = &table(&p, Kind::OutlookAnywhere).rows[0];
        assert_eq!(oa.line, 23);
        assert_eq!(oa.get("ClientAuthenticationMethod"), Some("Negotiate"));
        assert!(note(&p, "Exchange 2013+ names")
            .contains("ExternalClientAuthenticationMethod (Negotiate)"));
        assert!(note(&p, "blank line after every line").contains("forums"));
        assert!(note(&p, "2 objects skipped")
            .contains("2 × a virtual directory (Get-*VirtualDirectory) (lines 3, 11)"));
        assert!(note(&p, "2 lines of other text").contains("\"XCH19 URLs:\""));
    }

    /// A prompt names the cmdlet of what follows: a selection of properties
    /// no signature knows is read as that cmdlet, another cmdlet's output is
    /// counted under its name, and Get-ClientAccessService is 2016+'s
    /// Get-ClientAccessServer.
    #[test]
    fn prompts_name_the_cmdlet() {
        let text = "[PS] C:\\>Get-ClientAccessArray | fl Name,Fqdn\n\
\n\
Name : outlook\n\
Fqdn : outlook.contoso.local\n\
\n\
[PS] C:\\>Get-ClientAccessService | fl Name,AutoDiscoverServiceInternalUri\n\
\n\
Name                           : EX19\n\
AutoDiscoverServiceInternalUri : https://autodiscover.contoso.com/Autodiscover/Autodiscover.xml\n\
\n\
PS C:\\> Get-TransportService | fl Name,MaxConnectionRatePerMinute\n\
\n\
Name                       : EX19\n\
MaxConnectionRatePerMinute : 1200\n";
        let p = parse(text).unwrap();
        assert_eq!(
            table(&p, Kind::ClientAccessArray).rows[0].get("Fqdn"),
            Some("outlook.contoso.local")
        );
        assert_eq!(table(&p, Kind::ClientAccessServer).rows.len(), 1);
        note(
            &p,
            "read from Format-List: Get-ClientAccessService at line 8",
        );
        note(&p, "1 × Get-TransportService (line 13)");
    }

    #[test]
    fn nothing_read_is_an_error_naming_what_was_there() {
        let e = parse("\r\nName   : outlook\r\nFqdn   : outlook.contoso.local\r\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.message.starts_with("Format-List output, but none of its 1 object comes from a cmdlet the planner reads (keys Name, Fqdn)"),
            "{e}"
        );
        let e = parse("just words\n").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (1, "no `Name : value` lines: this is not Format-List output")
        );
    }

    /// A certificate names its server by Identity (2013 and later) or the
    /// prompt's `-Server` does; a selection of properties is read too.
    #[test]
    fn certificates_are_named_by_identity_or_the_prompt() {
        assert_eq!(
            server_argument("Get-ExchangeCertificate -Server EX01 | fl"),
            Some("EX01".to_string())
        );
        assert_eq!(
            server_argument("get-exchangecertificate -server:'ex01.contoso.local'"),
            Some("ex01.contoso.local".to_string())
        );
        assert_eq!(
            server_argument("Get-ExchangeCertificate | fl -Server x"),
            None
        );
        assert_eq!(
            server_argument("Get-ExchangeCertificate -ServerName x"),
            None
        );
        assert_eq!(server_argument("Get-ExchangeCertificate -Server"), None);
        let p = parse(
            "[PS] C:\\>Get-ExchangeCertificate -Server EX01 | fl Thumbprint,Services,CertificateDomains\n\n\
             Thumbprint         : AA01\n\
             Services           : IIS\n\
             CertificateDomains : {mail.contoso.com}\n\n\
             [PS] C:\\>Get-ExchangeCertificate | fl Identity,Thumbprint,Services,CertificateDomains\n\n\
             Identity           : EX15.contoso.com\\BB01\n\
             Thumbprint         : BB01\n\
             Services           : IIS, SMTP\n\
             CertificateDomains : {mail.contoso.com, autodiscover.contoso.com}\n",
        )
        .unwrap();
        let t = table(&p, Kind::ExchangeCertificate);
        assert_eq!(t.rows[0].get("Server"), Some("EX01"));
        assert_eq!(t.rows[1].get("Server"), None);
        assert_eq!(t.rows[1].get("Identity"), Some("EX15.contoso.com\\BB01"));
        assert_eq!(
            t.rows[1].items("CertificateDomains").unwrap(),
            ["mail.contoso.com", "autodiscover.contoso.com"]
        );
        note(
            &p,
            "Get-ExchangeCertificate at line 3: the server taken from the prompt's -Server",
        );
        note(&p, "read from Format-List: Get-ExchangeCertificate at line 3: Server = EX01; Thumbprint = AA01; CertificateDomains = {mail.contoso.com}; Services = IIS");
    }

    #[test]
    fn format_table_output_is_named() {
        let e = format_table("\nName    Fqdn                  Site    Members\n----    ----                  ----    -------\noutlook outlook.contoso.local Redmond {EX01, EX02}\n").unwrap();
        assert_eq!(e.line, 3);
        assert!(
            e.message
                .starts_with("this looks like Get-ClientAccessArray's Format-Table output"),
            "{e}"
        );
        assert!(format_table("Name : a\nFqdn : b\n").is_none());
        assert!(
            format_table("Name          Type TTL  Section IPAddress\n----          ---- ---  ------- ---------\nmail.contoso.com A 3600 Answer 10.0.0.1\n").is_none(),
            "Resolve-DnsName's table is the zone reader's to name"
        );
    }
}
