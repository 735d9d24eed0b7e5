//! DNS zone files: RFC 1035 §5.1 master files as BIND writes them and as
//! Windows `dnscmd /zoneexport` writes them (no `$ORIGIN`, header comments
//! naming the zone, `[AGE:n]` aging tokens, WINS records).
//!
//! Written by hand rather than with a DNS crate's zone parser: those stop at
//! the first record they do not know (an export from a real server has WINS,
//! NAPTR, vendor types…) and do not read dnscmd's aging tokens or header,
//! while an import wants every record it can use and a note for each it
//! cannot; and they would bring a DNS library into the browser download.
//!
//! Structural damage (an unclosed parenthesis or quote, a record without a
//! type, an A record whose address is not IPv4) is an error naming line and
//! column; record types the planner does not model are kept as
//! [`Rdata::Other`] (they still make their name exist, which matters for
//! wildcards, RFC 1034 §4.3.3) and summed up in a note.

use super::ParseError;
use crate::names::normalize_name;
use std::net::Ipv4Addr;

/// What a zone file held.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// The zone's apex, when the file or the caller named it.
    pub origin: Option<String>,
    /// Whether that name is the caller's (the file does not say it).
    pub origin_from_caller: bool,
    pub records: Vec<ZoneRecord>,
    /// What was skipped or assumed, for the user to review.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ZoneRecord {
    /// Absolute owner name, lower case, without the root dot.
    pub owner: String,
    pub ttl: Option<u32>,
    pub data: Rdata,
    /// Where the record starts in the file (1-based).
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rdata {
    A(Ipv4Addr),
    Cname(String),
    Srv {
        priority: u16,
        weight: u16,
        port: u16,
        target: String,
    },
    /// The character-strings joined.
    Txt(String),
    /// A type the planner does not model (SOA, NS, MX, AAAA, WINS…): upper-case type name.
    Other(String),
}

/// One token of an entry.
#[derive(Debug, Clone)]
struct Token {
    text: String,
    quoted: bool,
    line: usize,
    column: usize,
}

impl Token {
    /// The text as a message shows it: control characters escaped.
    fn shown(&self) -> String {
        self.text.escape_debug().to_string()
    }

    /// The error at this token.
    fn error(&self, message: String) -> ParseError {
        error_at(self.line, self.column, message)
    }
}

/// One entry: the tokens of a logical line (parentheses joined), and
/// whether its first physical line began with a blank (owner omitted).
struct Entry {
    tokens: Vec<Token>,
    blank_owner: bool,
    line: usize,
}

impl Entry {
    /// An entry starting on `line`, no token read yet.
    fn new(line: usize) -> Entry {
        Entry {
            tokens: Vec::new(),
            blank_owner: false,
            line,
        }
    }
}

/// The error at `line`:`column`.
fn error_at(line: usize, column: usize, message: String) -> ParseError {
    ParseError {
        line,
        column,
        message,
    }
}

/// Splits `text` into entries (RFC 1035 §5.1): `;` comments, `( … )` over
/// lines, `"…"` strings with `\` escapes. Comments are handed to `comment`
/// (dnscmd names the zone in its header comment).
fn entries(text: &str, mut comment: impl FnMut(&str)) -> Result<Vec<Entry>, ParseError> {
    let mut out = Vec::new();
    let mut lexer = Lexer {
        chars: text.chars().peekable(),
        line: 1,
        column: 0,
    };
    let mut current = Entry::new(1);
    let mut at_line_start = true;
    // Where the open parenthesis is, if one is.
    let mut paren: Option<(usize, usize)> = None;
    while let Some(c) = lexer.chars.next() {
        lexer.column += 1;
        let (line, column) = (lexer.line, lexer.column);
        if at_line_start {
            at_line_start = false;
            if paren.is_none() {
                current.blank_owner = c == ' ' || c == '\t';
                current.line = line;
            }
        }
        match c {
            '\n' => {
                if paren.is_none() && !current.tokens.is_empty() {
                    out.push(std::mem::replace(&mut current, Entry::new(line + 1)));
                }
                lexer.line += 1;
                lexer.column = 0;
                at_line_start = true;
            }
            ' ' | '\t' | '\r' => {}
            ';' => comment(&lexer.comment()),
            '(' => {
                if let Some((l, c)) = paren {
                    return Err(error_at(
                        line,
                        column,
                        format!("a second \"(\" inside the one opened at {l}:{c}"),
                    ));
                }
                paren = Some((line, column));
            }
            ')' => {
                if paren.take().is_none() {
                    return Err(error_at(
                        line,
                        column,
                        "\")\" without an opening \"(\"".into(),
                    ));
                }
            }
            '"' => current.tokens.push(lexer.quoted()?),
            _ => current.tokens.push(lexer.word(c)),
        }
    }
    if let Some((l, c)) = paren {
        return Err(error_at(l, c, "this \"(\" is never closed".into()));
    }
    if !current.tokens.is_empty() {
        out.push(current);
    }
    Ok(out)
}

/// The characters of a zone file, and where the last one read sits
/// (1-based line, column).
struct Lexer<'t> {
    chars: std::iter::Peekable<std::str::Chars<'t>>,
    line: usize,
    column: usize,
}

impl Lexer<'_> {
    /// The rest of a comment's line, after its `;`.
    fn comment(&mut self) -> String {
        let mut body = String::new();
        while let Some(&n) = self.chars.peek() {
            if n == '\n' {
                break;
            }
            body.push(n);
            self.chars.next();
            self.column += 1;
        }
        body
    }

    /// A quoted string, its opening `"` just read: its text unescaped.
    fn quoted(&mut self) -> Result<Token, ParseError> {
        let (start_line, start_column) = (self.line, self.column);
        // Bytes: \DDD escapes may spell out UTF-8 a byte at a time.
        let mut bytes: Vec<u8> = Vec::new();
        loop {
            let Some(n) = self.chars.next() else {
                return Err(error_at(
                    start_line,
                    start_column,
                    "this quoted string is never closed".into(),
                ));
            };
            self.column += 1;
            match n {
                '"' => break,
                '\\' => {
                    let at = self.column;
                    let Some(e) = self.chars.next() else {
                        return Err(error_at(
                            self.line,
                            at,
                            "the file ends inside an escape".into(),
                        ));
                    };
                    self.column += 1;
                    match unescape(e, &mut self.chars, &mut self.column)
                        .map_err(|m| error_at(self.line, at, m))?
                    {
                        Ok(c) => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                        Err(b) => bytes.push(b),
                    }
                }
                '\n' => {
                    // Quoted strings may not span lines in master files.
                    return Err(error_at(
                        start_line,
                        start_column,
                        "this quoted string is not closed on its line".into(),
                    ));
                }
                _ => bytes.extend_from_slice(n.encode_utf8(&mut [0; 4]).as_bytes()),
            }
        }
        Ok(Token {
            text: String::from_utf8_lossy(&bytes).into_owned(),
            quoted: true,
            line: start_line,
            column: start_column,
        })
    }

    /// A word, its first character `c` just read: up to a blank, a line's
    /// end, a comment, a parenthesis or a quote.
    fn word(&mut self, c: char) -> Token {
        let (start_line, start_column) = (self.line, self.column);
        let mut text = String::from(c);
        while let Some(&n) = self.chars.peek() {
            if matches!(n, ' ' | '\t' | '\r' | '\n' | ';' | '(' | ')' | '"') {
                break;
            }
            text.push(n);
            self.chars.next();
            self.column += 1;
            if n == '\\' {
                // An escaped character belongs to the token, whatever it is.
                if let Some(e) = self.chars.next() {
                    text.push(e);
                    self.column += 1;
                }
            }
        }
        Token {
            text,
            quoted: false,
            line: start_line,
            column: start_column,
        }
    }
}

/// `\X` is the character X (`Ok`); `\DDD` is the byte DDD (`Err`) (RFC 1035 §5.1).
fn unescape(
    first: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    column: &mut usize,
) -> Result<Result<char, u8>, String> {
    if !first.is_ascii_digit() {
        return Ok(Ok(first));
    }
    let mut digits = String::from(first);
    for _ in 0..2 {
        match chars.peek() {
            Some(d) if d.is_ascii_digit() => {
                digits.push(*d);
                chars.next();
                *column += 1;
            }
            _ => {
                return Err(format!(
                    "\"\\{digits}\" is not an escape; \\DDD takes three digits"
                ))
            }
        }
    }
    match digits.parse::<u8>() {
        Ok(b) => Ok(Err(b)),
        Err(_) => Err(format!("\"\\{digits}\" is above 255")),
    }
}

/// A TTL: seconds, or BIND's units (`1h30m`, `2d`, `1w`).
fn ttl(text: &str) -> Option<u32> {
    if let Ok(n) = text.parse::<u32>() {
        return Some(n);
    }
    if text.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut n: Option<u64> = None;
    for c in text.chars() {
        if let Some(d) = c.to_digit(10) {
            n = Some(n.unwrap_or(0).checked_mul(10)?.checked_add(d.into())?);
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        total = total.checked_add(n.take()?.checked_mul(unit)?)?;
    }
    if n.is_some() {
        return None; // digits after the last unit
    }
    u32::try_from(total).ok()
}

/// A record type's mnemonic (IANA's registry, Windows' WINS and WINSR) or
/// the generic `TYPEnnn` (RFC 3597). A word that is none of them means the
/// line is not a record, and the file perhaps not a zone file.
fn is_rr_type(upper: &str) -> bool {
    const TYPES: &[&str] = &[
        "A",
        "NS",
        "MD",
        "MF",
        "CNAME",
        "SOA",
        "MB",
        "MG",
        "MR",
        "NULL",
        "WKS",
        "PTR",
        "HINFO",
        "MINFO",
        "MX",
        "TXT",
        "RP",
        "AFSDB",
        "X25",
        "ISDN",
        "RT",
        "NSAP",
        "NSAP-PTR",
        "SIG",
        "KEY",
        "PX",
        "GPOS",
        "AAAA",
        "LOC",
        "NXT",
        "EID",
        "NIMLOC",
        "SRV",
        "ATMA",
        "NAPTR",
        "KX",
        "CERT",
        "A6",
        "DNAME",
        "SINK",
        "APL",
        "DS",
        "SSHFP",
        "IPSECKEY",
        "RRSIG",
        "NSEC",
        "DNSKEY",
        "DHCID",
        "NSEC3",
        "NSEC3PARAM",
        "TLSA",
        "SMIMEA",
        "HIP",
        "NINFO",
        "RKEY",
        "TALINK",
        "CDS",
        "CDNSKEY",
        "OPENPGPKEY",
        "CSYNC",
        "ZONEMD",
        "SVCB",
        "HTTPS",
        "SPF",
        "NID",
        "L32",
        "L64",
        "LP",
        "EUI48",
        "EUI64",
        "URI",
        "CAA",
        "AVC",
        "DOA",
        "AMTRELAY",
        "RESINFO",
        "WALLET",
        "TA",
        "DLV",
        "WINS",
        "WINSR",
        "WINS-R",
    ];
    TYPES.contains(&upper)
        || upper
            .strip_prefix("TYPE")
            .is_some_and(|n| !n.is_empty() && n.parse::<u16>().is_ok())
}

fn is_class(text: &str) -> bool {
    matches!(
        text.to_ascii_uppercase().as_str(),
        "IN" | "CS" | "CH" | "HS"
    )
}

/// dnscmd's aging token on a dynamically registered record, `[AGE:3659458]`.
fn is_aging(text: &str) -> bool {
    // `get`, not slicing: the fifth byte may fall inside a character.
    // `[AGE:n]` in /zoneexport files, `[Aging:n]` in /enumrecords listings.
    let prefixed = |p: &str| {
        text.len() > p.len() + 1
            && text
                .get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    (prefixed("[AGE:") || prefixed("[AGING:")) && text.ends_with(']')
}

/// The zone name a dnscmd header gives: ";  Database file contoso.com.dns for contoso.com zone."
fn header_zone(comment: &str) -> Option<String> {
    let rest = comment.trim().strip_prefix("Database file ")?;
    let (_, after) = rest.split_once(" for ")?;
    let zone = after
        .trim()
        .strip_suffix('.')
        .unwrap_or(after.trim())
        .strip_suffix(" zone")?
        .trim();
    (!zone.is_empty() && !zone.contains(' ')).then(|| normalize_name(zone))
}

/// `Returned records:` and `Command completed successfully.`, dnscmd's
/// framing around a record listing.
fn is_dnscmd_frame(tokens: &[Token]) -> bool {
    let words: Vec<&str> = tokens
        .iter()
        .filter(|t| !t.quoted)
        .map(|t| t.text.as_str())
        .collect();
    tokens.iter().all(|t| !t.quoted)
        && (words == ["Returned", "records:"] || words == ["Command", "completed", "successfully."])
}

/// Parses a zone file. `origin` is the zone name when the caller knows it
/// (from the file name, `contoso.com.dns`, or the user); a `$ORIGIN` or a
/// dnscmd header in the file takes precedence.
pub fn parse(text: &str, origin: Option<&str>) -> Result<Zone, ParseError> {
    let mut header = None;
    let entries = entries(text, |c| {
        if header.is_none() {
            header = header_zone(c);
        }
    })?;
    let mut reader = Reader::new(header, origin);
    for entry in &entries {
        // `dnscmd /enumrecords` (what the collector saves on Windows Server
        // 2008 R2) frames its records with these two lines.
        if !entry.blank_owner && is_dnscmd_frame(&entry.tokens) {
            continue;
        }
        reader.entry(entry)?;
    }
    Ok(reader.finish())
}

/// Reads a zone file's entries in turn: the zone's name, the names and
/// times to live records take when they omit theirs, and what was read.
struct Reader {
    /// The zone's name, so far.
    zone_origin: Option<String>,
    /// Whether the zone's name is still the caller's fallback (no header
    /// named it, no `$ORIGIN` yet).
    from_caller: bool,
    /// Whether the zone's name is the caller's (the file does not say it).
    caller_named: bool,
    /// What relative names are relative to (`$ORIGIN`).
    origin: Option<String>,
    /// The `$TTL`.
    default_ttl: Option<u32>,
    /// The last record's TTL, which a record without one takes (RFC 1035 §5.1).
    last_ttl: Option<u32>,
    /// The last owner named, which an entry starting with a blank takes.
    owner: Option<String>,
    records: Vec<ZoneRecord>,
    notes: Vec<String>,
    other: Skipped,
    /// How many dnscmd aging tokens were read.
    aging: usize,
}

impl Reader {
    /// The caller's name (often from the file's name) is the fallback: a
    /// header names the zone, and so does a $ORIGIN before the first record.
    fn new(header: Option<String>, origin: Option<&str>) -> Reader {
        let from_caller = header.is_none();
        let caller_named = from_caller && origin.is_some_and(|o| !o.is_empty());
        let zone_origin = header
            .or_else(|| origin.map(normalize_name))
            .filter(|o| !o.is_empty());
        Reader {
            from_caller,
            caller_named,
            origin: zone_origin.clone(),
            zone_origin,
            default_ttl: None,
            last_ttl: None,
            owner: None,
            records: Vec::new(),
            notes: Vec::new(),
            other: Skipped::default(),
            aging: 0,
        }
    }

    /// A name in the file made absolute: `@`, `name.` or relative to the origin.
    fn absolute(&self, t: &Token) -> Result<String, ParseError> {
        if t.text == "@" {
            return self.origin.clone().ok_or_else(|| t.error("\"@\" stands for the zone's name, which this file does not give ($ORIGIN); name the zone".into()));
        }
        if let Some(abs) = t.text.strip_suffix('.') {
            return Ok(normalize_name(abs));
        }
        match &self.origin {
            Some(o) => Ok(normalize_name(&format!("{}.{o}", t.text))),
            None => Err(t.error(format!("\"{}\" is relative to the zone's name, which this file does not give ($ORIGIN); name the zone", t.shown()))),
        }
    }

    /// One entry: a directive or a record.
    fn entry(&mut self, entry: &Entry) -> Result<(), ParseError> {
        let first = entry.tokens.first().expect("entries are never empty");
        if !entry.blank_owner && !first.quoted && first.text.starts_with('$') {
            self.directive(first, &entry.tokens[1..])
        } else {
            self.record(entry)
        }
    }

    /// `$ORIGIN`, `$TTL`; `$INCLUDE` and others are skipped, with a note.
    fn directive(&mut self, first: &Token, args: &[Token]) -> Result<(), ParseError> {
        match first.text.to_ascii_uppercase().as_str() {
            "$ORIGIN" => {
                let t = args
                    .first()
                    .ok_or_else(|| first.error("$ORIGIN needs a name".into()))?;
                let o = self.absolute(t)?;
                if self.from_caller && self.records.is_empty() {
                    self.zone_origin = Some(o.clone());
                    self.caller_named = false;
                }
                self.from_caller = false;
                self.zone_origin.get_or_insert_with(|| o.clone());
                self.origin = Some(o);
            }
            "$TTL" => {
                let t = args
                    .first()
                    .ok_or_else(|| first.error("$TTL needs a time".into()))?;
                self.default_ttl = Some(ttl(&t.text).ok_or_else(|| {
                    t.error(format!(
                        "\"{}\" is not a time to live (seconds, or units such as 1h)",
                        t.shown()
                    ))
                })?);
            }
            "$INCLUDE" => self.notes.push(format!(
                "line {}: $INCLUDE {} not read; import that file as well",
                first.line,
                args.first().map(|t| t.text.as_str()).unwrap_or("")
            )),
            d => self
                .notes
                .push(format!("line {}: directive {d} skipped", first.line)),
        }
        Ok(())
    }

    /// A record: its owner (or the last one's), TTL, class and type, then
    /// its data.
    fn record(&mut self, entry: &Entry) -> Result<(), ParseError> {
        let mut tokens = entry.tokens.iter();
        if entry.blank_owner {
            if self.owner.is_none() {
                let first = entry.tokens.first().expect("entries are never empty");
                return Err(first.error("this record has no owner name (its line starts with a blank) and no record comes before it".into()));
            }
        } else {
            let t = tokens.next().expect("entries are never empty");
            self.owner = Some(self.absolute(t)?);
        }
        let mut ttl_here = None;
        let mut rtype = None;
        for t in tokens.by_ref() {
            if is_aging(&t.text) {
                self.aging += 1;
            } else if ttl_here.is_none()
                && !t.quoted
                && t.text.starts_with(|c: char| c.is_ascii_digit())
            {
                ttl_here =
                    Some(ttl(&t.text).ok_or_else(|| {
                        t.error(format!("\"{}\" is not a time to live", t.shown()))
                    })?);
            } else if is_class(&t.text) && !t.quoted {
                continue;
            } else {
                rtype = Some(t);
                break;
            }
        }
        let Some(rtype) = rtype else {
            let at = entry.tokens.last().expect("entries are never empty");
            return Err(at.error("this record has no type (A, CNAME, …)".into()));
        };
        let data = self.data(rtype, tokens.as_slice())?;
        let ttl = ttl_here.or(self.default_ttl).or(self.last_ttl);
        self.last_ttl = ttl;
        self.records.push(ZoneRecord {
            owner: self.owner.clone().expect("set above"),
            ttl,
            data,
            line: entry.line,
        });
        Ok(())
    }

    /// A record's data: `rdata`, the tokens after its type `rtype`.
    fn data(&mut self, rtype: &Token, rdata: &[Token]) -> Result<Rdata, ParseError> {
        let want = |n: usize| -> Result<(), ParseError> {
            if rdata.len() < n {
                Err(rtype.error(format!(
                    "a {} record needs {n} value(s) after its type, found {}",
                    rtype.text.to_ascii_uppercase(),
                    rdata.len()
                )))
            } else {
                Ok(())
            }
        };
        let ty = rtype.text.to_ascii_uppercase();
        Ok(match ty.as_str() {
            "A" => {
                want(1)?;
                let t = &rdata[0];
                Rdata::A(
                    t.text.parse().map_err(|_| {
                        t.error(format!("\"{}\" is not an IPv4 address", t.shown()))
                    })?,
                )
            }
            "CNAME" => {
                want(1)?;
                Rdata::Cname(self.absolute(&rdata[0])?)
            }
            "SRV" => {
                want(4)?;
                let num = |t: &Token| {
                    t.text.parse::<u16>().map_err(|_| {
                        t.error(format!("\"{}\" is not a number from 0 to 65535", t.shown()))
                    })
                };
                Rdata::Srv {
                    priority: num(&rdata[0])?,
                    weight: num(&rdata[1])?,
                    port: num(&rdata[2])?,
                    target: self.absolute(&rdata[3])?,
                }
            }
            "TXT" => {
                want(1)?;
                Rdata::Txt(rdata.iter().map(|t| t.text.as_str()).collect())
            }
            _ if is_rr_type(&ty) => {
                if ty == "SOA" && self.zone_origin.is_none() {
                    self.zone_origin.clone_from(&self.owner);
                }
                self.other.add(&ty);
                Rdata::Other(ty)
            }
            _ => return Err(rtype.error(format!("\"{}\" is not a record type", rtype.shown()))),
        })
    }

    /// The zone read, with a note on the aging tokens and one on the records
    /// of types the planner does not model.
    fn finish(mut self) -> Zone {
        if self.aging > 0 {
            self.notes.push(format!(
                "{} record(s) carried dnscmd aging tokens ([AGE:…]); read as ordinary records",
                self.aging
            ));
        }
        self.notes.extend(self.other.note());
        Zone {
            origin_from_caller: self.caller_named && self.zone_origin.is_some(),
            origin: self.zone_origin,
            records: self.records,
            notes: self.notes,
        }
    }
}

/// Records of types the planner does not model, counted by type for one
/// note (zone files and the collector's record CSV alike).
#[derive(Default)]
pub(super) struct Skipped(Vec<(String, usize)>);

impl Skipped {
    pub(super) fn add(&mut self, record_type: &str) {
        match self.0.iter_mut().find(|(t, _)| t == record_type) {
            Some((_, n)) => *n += 1,
            None => self.0.push((record_type.to_string(), 1)),
        }
    }

    /// "5 record(s) of types the planner does not model, not imported: 3 MX,
    /// 2 NS" (types in order), or nothing when none were skipped.
    pub(super) fn note(mut self) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        self.0.sort_unstable();
        let list: Vec<String> = self.0.iter().map(|(t, n)| format!("{n} {t}")).collect();
        let total: usize = self.0.iter().map(|(_, n)| n).sum();
        Some(format!(
            "{total} record(s) of types the planner does not model, not imported: {}",
            list.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(owner: &str, ip: [u8; 4], line: usize) -> ZoneRecord {
        ZoneRecord {
            owner: owner.into(),
            ttl: Some(3600),
            data: Rdata::A(ip.into()),
            line,
        }
    }

    #[test]
    fn reads_a_bind_master_file() {
        let text = "$ORIGIN mycompany.com.\n$TTL 1h\n@ IN SOA ns1 hostmaster (\n  2026120201 ; serial\n  3600 600 86400 300 )\n\
                    \tIN NS ns1\nmail 300 IN A 203.0.113.10\n  A 203.0.113.11\n* IN A 203.0.113.99\n\
                    _autodiscover._tcp IN SRV 0 0 443 mail\nkeep IN TXT \"a \\\"b\\\"\" \"\\099\\195\\169\"\nwww CNAME mail.mycompany.com.\n";
        let z = parse(text, None).unwrap();
        assert_eq!(z.origin.as_deref(), Some("mycompany.com"));
        let got: Vec<(&str, &Rdata, Option<u32>)> = z
            .records
            .iter()
            .map(|r| (r.owner.as_str(), &r.data, r.ttl))
            .collect();
        assert_eq!(
            got,
            vec![
                ("mycompany.com", &Rdata::Other("SOA".into()), Some(3600)),
                ("mycompany.com", &Rdata::Other("NS".into()), Some(3600)),
                (
                    "mail.mycompany.com",
                    &Rdata::A([203, 0, 113, 10].into()),
                    Some(300)
                ),
                (
                    "mail.mycompany.com",
                    &Rdata::A([203, 0, 113, 11].into()),
                    Some(3600)
                ),
                (
                    "*.mycompany.com",
                    &Rdata::A([203, 0, 113, 99].into()),
                    Some(3600)
                ),
                (
                    "_autodiscover._tcp.mycompany.com",
                    &Rdata::Srv {
                        priority: 0,
                        weight: 0,
                        port: 443,
                        target: "mail.mycompany.com".into()
                    },
                    Some(3600)
                ),
                (
                    "keep.mycompany.com",
                    &Rdata::Txt("a \"b\"cé".into()),
                    Some(3600)
                ),
                (
                    "www.mycompany.com",
                    &Rdata::Cname("mail.mycompany.com".into()),
                    Some(3600)
                ),
            ]
        );
        assert_eq!(z.records[2].line, 7);
        assert!(
            z.notes.iter().any(|n| n.contains("1 NS, 1 SOA")),
            "{:?}",
            z.notes
        );
    }

    /// dnscmd /zoneexport: no $ORIGIN, the zone named in the header, aging
    /// tokens, WINS records.
    #[test]
    fn reads_a_dnscmd_export() {
        let text = ";\n;  Database file mycompany.internal.dns for mycompany.internal zone.\n;      Zone version:  2051\n;\n\n\
                    @                       IN  SOA dc01.mycompany.internal. hostmaster.mycompany.internal. (\n\
                    \t\t\t\t2051         ; serial number\n\t\t\t\t900          ; refresh\n\t\t\t\t600 86400 3600 )\n\
                    @                       NS\tdc01.mycompany.internal.\n@                       WINS  ( L1 C1 )\n\
                    outlook                 A\t10.10.10.100\ncas01                   [AGE:3659458]\t1200\tA\t10.10.10.11\n";
        let z = parse(text, None).unwrap();
        assert_eq!(z.origin.as_deref(), Some("mycompany.internal"));
        assert_eq!(z.records.len(), 5);
        assert_eq!(
            z.records[3],
            ZoneRecord {
                ttl: None,
                ..a("outlook.mycompany.internal", [10, 10, 10, 100], 12)
            }
        );
        assert_eq!(
            z.records[4],
            ZoneRecord {
                ttl: Some(1200),
                ..a("cas01.mycompany.internal", [10, 10, 10, 11], 13)
            }
        );
        assert!(z.notes.iter().any(|n| n.contains("aging")), "{:?}", z.notes);
        assert!(
            z.notes.iter().any(|n| n.contains("1 WINS")),
            "{:?}",
            z.notes
        );
    }

    /// What the collector saves from `dnscmd /enumrecords` on 2008 R2: its
    /// own $ORIGIN line, then dnscmd's listing with aging tokens and framing.
    #[test]
    fn reads_a_dnscmd_record_listing() {
        let text = "; CAS Array Planner collector: zone contoso.local (internal), listed by dnscmd /enumrecords\r\n\
                    $ORIGIN contoso.local.\r\n\
                    Returned records:\r\n\
                    @ [Aging:3604251] 600 A\t10.1.1.5\r\n\
                    \t\t3600 NS\tdc01.contoso.local.\r\n\
                    outlook 3600 A\t10.1.1.100\r\n\
                    \r\n\
                    Command completed successfully.\r\n";
        let z = parse(text, None).unwrap();
        assert_eq!(z.origin.as_deref(), Some("contoso.local"));
        let owners: Vec<&str> = z.records.iter().map(|r| r.owner.as_str()).collect();
        assert_eq!(
            owners,
            ["contoso.local", "contoso.local", "outlook.contoso.local"]
        );
        assert_eq!(z.records[2].data, Rdata::A([10, 1, 1, 100].into()));
    }

    #[test]
    fn the_origin_comes_from_the_caller_or_the_soa() {
        let z = parse("outlook A 10.0.0.1\n", Some("Contoso.COM.")).unwrap();
        assert_eq!(z.records[0].owner, "outlook.contoso.com");
        // No origin anywhere: a relative name is an error that says what to do.
        let e = parse("outlook A 10.0.0.1\n", None).unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.message.contains("name the zone"), "{e}");
        // Absolute names only: the SOA's owner names the zone.
        let z = parse(
            "example.org. IN SOA a. b. 1 2 3 4 5\nx.example.org. A 10.0.0.2\n",
            None,
        )
        .unwrap();
        assert_eq!(z.origin.as_deref(), Some("example.org"));
        // A $ORIGIN before the first record beats the caller's guess.
        let z = parse(
            "$ORIGIN contoso.com.\nmail A 10.0.0.1\n",
            Some("contoso.com.internal"),
        )
        .unwrap();
        assert_eq!(
            (z.origin.as_deref(), z.records[0].owner.as_str()),
            (Some("contoso.com"), "mail.contoso.com")
        );
    }

    #[test]
    fn ttls_in_bind_units() {
        assert_eq!(ttl("3600"), Some(3600));
        assert_eq!(ttl("1h30m"), Some(5400));
        assert_eq!(ttl("1W2d"), Some(777_600));
        for bad in ["h", "1x", "1h5", "99999999999", "", "1hh"] {
            assert_eq!(ttl(bad), None, "{bad}");
        }
    }

    /// Damage is reported where it is, with what is wrong.
    #[test]
    fn damage_names_line_and_column() {
        for (text, at, says) in [
            (
                "$ORIGIN x.com.\na A 10.0.0.300\n",
                (2, 5),
                "not an IPv4 address",
            ),
            (
                "$ORIGIN x.com.\n@ SOA a b (\n 1 2 3\n",
                (2, 11),
                "never closed",
            ),
            (
                "$ORIGIN x.com.\nt TXT \"open\n",
                (2, 7),
                "not closed on its line",
            ),
            ("$ORIGIN x.com.\n  A 10.0.0.1\n", (2, 3), "no owner"),
            ("$ORIGIN x.com.\nname 300 IN\n", (2, 10), "no type"),
            (
                "$ORIGIN x.com.\n_s._tcp SRV 0 0 70000 t\n",
                (2, 17),
                "0 to 65535",
            ),
            ("$ORIGIN x.com.\nb SRV 0 0\n", (2, 3), "needs 4"),
            (
                "$ORIGIN x.com.\nc ) A 1.2.3.4\n",
                (2, 3),
                "without an opening",
            ),
            ("$ORIGIN x.com.\nd TXT \"\\999\"\n", (2, 8), "above 255"),
            (
                "$ORIGIN x.com.\ne 12 =A 1.2.3.4\n",
                (2, 6),
                "not a record type",
            ),
            ("$TTL soon\n", (1, 6), "not a time to live"),
        ] {
            let e = parse(text, None).unwrap_err();
            assert_eq!((e.line, e.column), at, "{text:?}: {e}");
            assert!(e.message.contains(says), "{text:?}: {e}");
        }
    }

    #[test]
    fn includes_and_unknown_directives_are_notes() {
        let z = parse(
            "$ORIGIN x.com.\n$INCLUDE other.zone\n$GENERATE 1-9 h$ A 10.0.0.$\na A 10.0.0.1\n",
            None,
        )
        .unwrap();
        assert_eq!(z.records.len(), 1);
        assert!(
            z.notes[0].contains("$INCLUDE other.zone not read"),
            "{:?}",
            z.notes
        );
        assert!(z.notes[1].contains("$GENERATE skipped"), "{:?}", z.notes);
    }
}
