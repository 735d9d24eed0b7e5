//! DNS zone files: RFC 1035 §5.1 master files as BIND writes them
//! (`$ORIGIN` changing mid-file, `$TTL` with units in either case,
//! `$INCLUDE` of another file given with it, RFC 3597 `TYPEnnn` and `\#`
//! data), as Windows DNS writes them in every era (no `$ORIGIN`, the zone
//! named in a header comment — `for Default zone scope in zone …` since
//! Server 2016 —, a TTL column, `[AGE:n]` aging tokens, WINS records,
//! owner-less lines, parenthesised TXT), and as DNS hosts export them
//! (Cloudflare, GoDaddy, Azure DNS, Route 53 through cli53, Google Cloud
//! DNS, DigitalOcean: what each writes is in [`super::hosts`]).
//!
//! Written by hand rather than with a DNS crate's zone parser: those stop at
//! the first record they do not know (an export from a real server has WINS,
//! NAPTR, vendor types…) and do not read dnscmd's aging tokens or header,
//! while an import wants every record it can use and a note for each it
//! cannot; and they would bring a DNS library into the browser download.
//!
//! Structural damage (an unclosed parenthesis or quote, a record without a
//! type, an A record whose address is not IPv4, an AAAA record whose address
//! is not IPv6) is an error naming file,
//! line and column; record types the planner does not model are kept as
//! [`Rdata::Other`] (they still make their name exist, which matters for
//! wildcards, RFC 1034 §4.3.3) and summed up in a note, and so are types no
//! standard defines (gdnsd's `DYNA`): one such record never costs the zone.
//! What the file means in its writer's way rather than RFC 1035's (`@`
//! under `$ORIGIN .`, `name.@`, targets without their dot) is read as meant
//! and said in a note; likely mistakes (a target that doubles a public
//! domain, an SRV without its numbers, a duplicate record) are warned of.

use super::hosts::{self, Comments, Writer};
use super::include::{Found, Includes};
use super::ParseError;
use crate::names::normalize_name;
use crate::FastMap;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

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
    /// The files `$INCLUDE`d, in the order read.
    pub included: Vec<Inclusion>,
}

/// A file read into a zone by `$INCLUDE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inclusion {
    /// The included file's name, as given.
    pub file: String,
    /// The file whose `$INCLUDE` read it (`""`: the file read, unnamed).
    pub by: String,
    /// The line of that `$INCLUDE`.
    pub line: usize,
    /// How many records it gave (with the files it includes).
    pub records: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ZoneRecord {
    /// Absolute owner name, lower case, without the root dot.
    pub owner: String,
    pub ttl: Option<u32>,
    pub data: Rdata,
    /// Where the record starts in its file (1-based).
    pub line: usize,
    /// The `$INCLUDE`d file it is in; None: the file read.
    pub file: Option<Arc<str>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rdata {
    A(Ipv4Addr),
    /// An IPv6 address (RFC 3596), §10 ipv6 1.
    Aaaa(Ipv6Addr),
    Cname(String),
    Srv {
        priority: u16,
        weight: u16,
        port: u16,
        target: String,
    },
    /// The character-strings joined.
    Txt(String),
    /// A type the planner does not model (SOA, NS, MX, WINS…): upper-case type name.
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

/// A [`ParseError`] and the file it is in: None for the file read, or the
/// name of a file it `$INCLUDE`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: Option<String>,
    pub error: ParseError,
}

/// Parses a zone file. `origin` is the zone name when the caller knows it
/// (from the file name, `contoso.com.dns`, or the user); the SOA's owner, a
/// `$ORIGIN` or a header in the file takes precedence. A `$INCLUDE` is
/// not read (there is no other file): a note says so.
pub fn parse(text: &str, origin: Option<&str>) -> Result<Zone, ParseError> {
    parse_file("", text, origin, &Includes::none()).map_err(|e| e.error)
}

/// [`parse`] for the file `name`, reading the files its `$INCLUDE`s name
/// among `includes`.
pub fn parse_file(
    name: &str,
    text: &str,
    origin: Option<&str>,
    includes: &Includes<'_>,
) -> Result<Zone, FileError> {
    let at_top = |error| FileError { file: None, error };
    let mut comments = Comments::default();
    let entries = entries(text, |c| comments.read(c)).map_err(at_top)?;
    let mut reader = Reader::new(comments, origin, includes, name);
    if let Err(error) = reader.entries(&entries) {
        return Err(FileError {
            file: reader.file.as_deref().map(str::to_string),
            error,
        });
    }
    if let Some((at, total)) = reader.only_unknown() {
        return Err(at_top(at.error(format!(
            "no record of a DNS type was read: {total} line(s) have a word no DNS standard defines where the type belongs (\"{}\" here); this may not be a zone file",
            at.shown()
        ))));
    }
    Ok(reader.finish())
}

/// Notes about single lines (a record skipped or warned of) given one by
/// one; the rest are counted.
const MAX_LINE_NOTES: usize = 50;

/// What the zone reader counted to say in notes: names and targets it
/// read in a host's way rather than RFC 1035's, and records it skipped.
#[derive(Default)]
struct Tally {
    /// `@` under `$ORIGIN .` taken as the header's zone (Cloudflare).
    root_at: usize,
    /// Relative names ending in the header's zone taken as absolute.
    header_absolute: usize,
    /// `name.@` owners (GoDaddy), and the line of the first.
    dot_at: usize,
    dot_at_line: usize,
    /// Targets without their trailing dot taken as absolute (GoDaddy).
    godaddy_targets: usize,
    /// Targets without their trailing dot that end in a public domain,
    /// read as RFC 1035 says: (line, type, as written, as read).
    doubled: Vec<(usize, String, String, String)>,
    /// Records with TTL 1 (Cloudflare's "Auto").
    ttl_one: usize,
    /// NS records naming a placeholder, not a server.
    placeholder_ns: usize,
    /// Records skipped, each with its line and why.
    skipped: Vec<(usize, String)>,
    /// The first token of a type no standard defines, for an error when
    /// nothing else was read.
    first_unknown: Option<Token>,
}

/// Reads a zone file's entries in turn (and those of the files it
/// includes): the zone's name, the names and times to live records take
/// when they omit theirs, and what was read.
struct Reader<'i> {
    comments: Comments,
    /// The caller's name for the zone (often from the file's name).
    caller: Option<String>,
    /// The first `$ORIGIN` before any record, unless the root.
    first_origin: Option<String>,
    /// The first SOA's owner, unless the root.
    soa: Option<String>,
    /// What relative names are relative to: `$ORIGIN`, else the header's
    /// or the caller's zone; `Some("")` is the root (`$ORIGIN .`).
    origin: Option<String>,
    /// Whether a `$ORIGIN` set `origin` (not a header or the caller).
    origin_directive: bool,
    /// The `$TTL`.
    default_ttl: Option<u32>,
    /// The last record's TTL, which a record without one takes (RFC 1035 §5.1).
    last_ttl: Option<u32>,
    /// The last owner named, which an entry starting with a blank takes.
    owner: Option<String>,
    records: Vec<ZoneRecord>,
    notes: Vec<String>,
    other: Skipped,
    /// Records of types no standard defines (`DYNA`).
    unknown: Skipped,
    tally: Tally,
    /// How many dnscmd aging tokens were read.
    aging: usize,
    includes: &'i Includes<'i>,
    /// The file being read: None for the top file, else an included one's name.
    file: Option<Arc<str>>,
    /// The files being read, outermost first (the top file's name is `""`
    /// when the caller gave none), to refuse an include cycle.
    stack: Vec<String>,
    included: Vec<Inclusion>,
    /// Bytes read through `$INCLUDE` so far: bounded, as a file is, since
    /// a few small files including each other many times would otherwise
    /// expand without end.
    included_bytes: usize,
}

impl<'i> Reader<'i> {
    fn new(
        comments: Comments,
        caller: Option<&str>,
        includes: &'i Includes<'i>,
        name: &str,
    ) -> Reader<'i> {
        let caller = caller.map(normalize_name).filter(|o| !o.is_empty());
        let origin = comments.zone.clone().or_else(|| caller.clone());
        Reader {
            comments,
            caller,
            first_origin: None,
            soa: None,
            origin,
            origin_directive: false,
            default_ttl: None,
            last_ttl: None,
            owner: None,
            records: Vec::new(),
            notes: Vec::new(),
            other: Skipped::default(),
            unknown: Skipped::default(),
            tally: Tally::default(),
            aging: 0,
            includes,
            file: None,
            stack: vec![name.to_string()],
            included: Vec::new(),
            included_bytes: 0,
        }
    }

    /// The entries of one file, in order.
    fn entries(&mut self, entries: &[Entry]) -> Result<(), ParseError> {
        for entry in entries {
            // `dnscmd /enumrecords` (what the collector saves on Windows Server
            // 2008 R2) frames its records with these two lines.
            if !entry.blank_owner && is_dnscmd_frame(&entry.tokens) {
                continue;
            }
            self.entry(entry)?;
        }
        Ok(())
    }

    /// When every record read is of a type no standard defines: the first
    /// such type's token and how many.
    fn only_unknown(&self) -> Option<(&Token, usize)> {
        let total = self.unknown.total();
        let first = self.tally.first_unknown.as_ref()?;
        (total > 0 && total == self.records.len()).then_some((first, total))
    }

    /// A name in the file made absolute: `@`, `name.` or relative to the
    /// origin — with what hosts mean by `@` under `$ORIGIN .`, by
    /// `name.@`, and by a name that already ends in the header's zone.
    fn absolute(&mut self, t: &Token) -> Result<String, ParseError> {
        let text = t.text.as_str();
        if text == "@" {
            return match self.origin.as_deref() {
                Some("") => match self.comments.zone.clone().or_else(|| self.caller.clone()) {
                    // Cloudflare's `$ORIGIN .` then `@ … SOA`: taken
                    // literally the SOA is the root's; the host means the
                    // domain its header names.
                    Some(zone) => {
                        self.tally.root_at += 1;
                        Ok(zone)
                    }
                    None => Ok(String::new()),
                },
                Some(o) => Ok(o.to_string()),
                None => Err(t.error("\"@\" stands for the zone's name, which this file does not give ($ORIGIN); name the zone".into())),
            };
        }
        if let Some(abs) = text.strip_suffix('.') {
            return Ok(normalize_name(abs));
        }
        if text.ends_with(".@") {
            // GoDaddy writes `_sip._tls.@` for `_sip._tls` under the zone.
            // A loop, not recursion: a hostile `a.@.@.@…` is as long as a line.
            let mut head = text;
            while let Some(h) = head.strip_suffix(".@") {
                head = h;
            }
            self.tally.dot_at += 1;
            if self.tally.dot_at == 1 {
                self.tally.dot_at_line = t.line;
            }
            let at = Token {
                text: head.to_string(),
                ..t.clone()
            };
            return self.absolute(&at);
        }
        match &self.origin {
            Some(o) => {
                if !self.origin_directive && !o.is_empty() && ends_in(text, o) {
                    // A header named the zone and no $ORIGIN did: a name
                    // already ending in it is the host's absolute name
                    // without its dot (Cloudflare's SOA owner).
                    self.tally.header_absolute += 1;
                    return Ok(normalize_name(text));
                }
                Ok(join(text, o))
            }
            None => Err(t.error(format!("\"{}\" is relative to the zone's name, which this file does not give ($ORIGIN); name the zone", t.shown()))),
        }
    }

    /// A record's target made absolute, with what a missing trailing dot
    /// means noted: GoDaddy means the name as written; elsewhere RFC 1035
    /// holds, with a warning when that doubles a public domain.
    fn target(&mut self, t: &Token, rtype: &str, line: usize) -> Result<String, ParseError> {
        let text = t.text.as_str();
        let relative = !text.ends_with('.') && text != "@" && !text.ends_with(".@");
        if relative
            && hosts::looks_public(text)
            && !self.origin.as_deref().is_some_and(|o| ends_in(text, o))
        {
            if self.comments.writer == Writer::GoDaddy {
                self.tally.godaddy_targets += 1;
                return Ok(normalize_name(text));
            }
            let read = self.absolute(t)?;
            if self.tally.doubled.len() < 1000 {
                self.tally
                    .doubled
                    .push((line, rtype.to_string(), text.to_string(), read.clone()));
            }
            return Ok(read);
        }
        self.absolute(t)
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

    /// `$ORIGIN`, `$TTL`, `$INCLUDE`; others are skipped, with a note.
    fn directive(&mut self, first: &Token, args: &[Token]) -> Result<(), ParseError> {
        match first.text.to_ascii_uppercase().as_str() {
            "$ORIGIN" => {
                let t = args
                    .first()
                    .ok_or_else(|| first.error("$ORIGIN needs a name".into()))?;
                let o = if t.text == "." {
                    String::new()
                } else {
                    self.absolute(t)?
                };
                if self.records.is_empty()
                    && self.first_origin.is_none()
                    && !o.is_empty()
                    && self.file.is_none()
                {
                    self.first_origin = Some(o.clone());
                }
                self.origin = Some(o);
                self.origin_directive = true;
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
            "$INCLUDE" => self.include(first, args)?,
            d => self
                .notes
                .push(format!("line {}: directive {d} skipped", first.line)),
        }
        Ok(())
    }

    /// `$INCLUDE file [origin]`: the file's records read here, under the
    /// origin given or the current one; the origin and the owner come back
    /// after it (RFC 1035 §5.1).
    fn include(&mut self, first: &Token, args: &[Token]) -> Result<(), ParseError> {
        let path_token = args
            .first()
            .ok_or_else(|| first.error("$INCLUDE needs a file name".into()))?;
        let path = path_token.text.as_str();
        let from = self.stack.last().cloned().unwrap_or_default();
        let (name, text) = match self.includes.find(&from, path) {
            Found::File(_, name, text) => (name, text),
            Found::Missing if !self.includes.missing_is_error => {
                self.notes.push(format!(
                    "line {}: $INCLUDE {path} not read: that file was not given with this one, so the records it holds are missing from this zone; import both files together",
                    first.line
                ));
                return Ok(());
            }
            Found::Missing => {
                return Err(path_token.error(format!(
                    "$INCLUDE {path}: no file given has that path or name, so the records it holds would be missing; give that file too (or remove the line)"
                )))
            }
            Found::Ambiguous(names) => {
                return Err(path_token.error(format!(
                    "$INCLUDE {path}: several files given have that name ({}); give only the one meant",
                    names.join(", ")
                )))
            }
        };
        if self.stack.iter().any(|s| s == name) {
            return Err(path_token.error(format!(
                "$INCLUDE {path}: {name} includes itself (through {})",
                self.stack.join(" → ")
            )));
        }
        if self.stack.len() > 16 {
            return Err(path_token.error(format!(
                "$INCLUDE {path}: includes nested more than 16 deep (through {})",
                self.stack.join(" → ")
            )));
        }
        self.included_bytes = self.included_bytes.saturating_add(text.len());
        if self.included_bytes > super::MAX_FILE_BYTES {
            return Err(path_token.error(format!(
                "$INCLUDE {path}: the includes add up to more than {} MB, more than an export this planner reads",
                super::MAX_FILE_BYTES / 1_000_000
            )));
        }
        let new_origin = match args.get(1) {
            Some(t) if !t.text.starts_with(';') => Some(self.absolute(t)?),
            _ => None,
        };
        let saved = (
            self.origin.clone(),
            self.origin_directive,
            self.owner.clone(),
            self.file.clone(),
        );
        if let Some(o) = new_origin {
            self.origin = Some(o);
            self.origin_directive = true;
        }
        let before = self.records.len();
        self.file = Some(Arc::from(name));
        self.stack.push(name.to_string());
        let entries = entries(text, |_| {})?;
        self.entries(&entries)?;
        self.stack.pop();
        self.included.push(Inclusion {
            file: name.to_string(),
            by: from,
            line: first.line,
            records: self.records.len() - before,
        });
        (self.origin, self.origin_directive, self.owner, self.file) = saved;
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
        if ttl_here == Some(1) {
            self.tally.ttl_one += 1;
        }
        let Some(data) = self.data(rtype, tokens.as_slice(), entry.line)? else {
            return Ok(());
        };
        let ttl = ttl_here.or(self.default_ttl).or(self.last_ttl);
        self.last_ttl = ttl;
        let owner = self.owner.clone().expect("set above");
        if let Some(why) = too_long(&owner) {
            self.tally.skipped.push((entry.line, why));
            return Ok(());
        }
        self.records.push(ZoneRecord {
            owner,
            ttl,
            data,
            line: entry.line,
            file: self.file.clone(),
        });
        Ok(())
    }

    /// A record's data: `rdata`, the tokens after its type `rtype`; None
    /// when the record is skipped (said in a note).
    fn data(
        &mut self,
        rtype: &Token,
        rdata: &[Token],
        line: usize,
    ) -> Result<Option<Rdata>, ParseError> {
        let written = rtype.text.to_ascii_uppercase();
        // RFC 3597: `TYPE1` is A; `\# 4 0A000001` its data in hex.
        let ty = match written
            .strip_prefix("TYPE")
            .and_then(|n| n.parse::<u16>().ok())
        {
            Some(n) => hosts::type_name(n).map_or(written.clone(), str::to_string),
            None => written,
        };
        if ty
            .strip_prefix("TYPE")
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()) && n.parse::<u16>().is_err())
        {
            return Err(rtype.error(format!(
                "\"{}\" is not a record type (TYPE takes a number up to 65535, RFC 3597)",
                rtype.shown()
            )));
        }
        if rdata.first().is_some_and(|t| t.text == "\\#" && !t.quoted) {
            return self.generic(rtype, &ty, rdata).map(Some);
        }
        let want = |n: usize| -> Result<(), ParseError> {
            if rdata.len() < n {
                Err(rtype.error(format!(
                    "a {ty} record needs {n} value(s) after its type, found {}",
                    rdata.len()
                )))
            } else {
                Ok(())
            }
        };
        Ok(Some(match ty.as_str() {
            "A" => {
                want(1)?;
                let t = &rdata[0];
                match t.text.parse() {
                    Ok(a) => Rdata::A(a),
                    Err(_)
                        if self.comments.writer == Writer::GoDaddy
                            && t.text.starts_with(|c: char| c.is_ascii_alphabetic()) =>
                    {
                        let words: Vec<&str> = rdata.iter().map(|t| t.text.as_str()).collect();
                        self.tally.skipped.push((line, format!("A \"{}\" is GoDaddy's placeholder, not an address (the address GoDaddy serves is not in the export)", words.join(" "))));
                        return Ok(None);
                    }
                    Err(_) => {
                        return Err(t.error(format!("\"{}\" is not an IPv4 address", t.shown())))
                    }
                }
            }
            "AAAA" => {
                want(1)?;
                let t = &rdata[0];
                // Ipv6Addr's parser is RFC 4291 §2.2's text form, as zone
                // files write it (RFC 3596 §2.4); a zone index (`%eth0`) is
                // no address a record can hold.
                Rdata::Aaaa(
                    t.text.parse().map_err(|_| {
                        t.error(format!("\"{}\" is not an IPv6 address", t.shown()))
                    })?,
                )
            }
            "CNAME" => {
                want(1)?;
                Rdata::Cname(self.target(&rdata[0], "CNAME", line)?)
            }
            "SRV" => return self.srv(rtype, rdata, line),
            "TXT" => {
                want(1)?;
                // A character-string holds 255 bytes (RFC 1035 §3.3); BIND
                // refuses the zone, the planner reads the text and says so.
                if let Some(long) = rdata.iter().find(|t| t.text.len() > 255) {
                    self.tally.skipped.push((line, format!("warning: a TXT string of {} bytes, over the 255 one string can hold (RFC 1035 §3.3; BIND refuses such a zone)", long.text.len())));
                }
                Rdata::Txt(rdata.iter().map(|t| t.text.as_str()).collect())
            }
            _ if is_rr_type(&ty) => {
                self.other_data(&ty, rdata, line)?;
                self.other.add(&ty);
                Rdata::Other(ty)
            }
            // As written: a lower-case word is not a type's name.
            _ if hosts::is_mnemonic(&rtype.text) => {
                // A type no standard defines (gdnsd's DYNA, cli53's
                // `AWS ALIAS`): skipped and counted, never the whole zone.
                let name = if ty == "AWS"
                    && rdata
                        .first()
                        .is_some_and(|t| t.text.eq_ignore_ascii_case("ALIAS"))
                {
                    "AWS ALIAS".to_string()
                } else {
                    ty
                };
                if self.tally.first_unknown.is_none() {
                    self.tally.first_unknown = Some(rtype.clone());
                }
                self.unknown.add(&name);
                Rdata::Other(name)
            }
            _ => return Err(rtype.error(format!("\"{}\" is not a record type", rtype.shown()))),
        }))
    }

    /// What a record of a type the planner does not model still tells: an
    /// SOA's owner names the zone, an MX's target may miss its dot, an NS
    /// may be a host's placeholder.
    fn other_data(&mut self, ty: &str, rdata: &[Token], line: usize) -> Result<(), ParseError> {
        match ty {
            "SOA" if self.soa.is_none() && self.file.is_none() => {
                self.soa = self.owner.clone().filter(|o| !o.is_empty());
            }
            "MX" if rdata.len() >= 2 => {
                self.target(&rdata[1], "MX", line)?;
            }
            "NS" if rdata
                .first()
                .is_some_and(|t| hosts::is_placeholder(&t.text)) =>
            {
                self.tally.placeholder_ns += 1;
            }
            _ => {}
        }
        Ok(())
    }

    /// An SRV record; one with only a target (no priority, weight and
    /// port) is skipped with a note — DNS servers refuse it.
    fn srv(
        &mut self,
        rtype: &Token,
        rdata: &[Token],
        line: usize,
    ) -> Result<Option<Rdata>, ParseError> {
        let num = |t: &Token| {
            t.text
                .parse::<u16>()
                .map_err(|_| t.error(format!("\"{}\" is not a number from 0 to 65535", t.shown())))
        };
        let named_last = rdata
            .last()
            .is_some_and(|t| !t.text.starts_with(|c: char| c.is_ascii_digit()));
        if rdata.len() < 4 && named_last && rdata[..rdata.len() - 1].iter().all(|t| num(t).is_ok())
        {
            let target = &rdata[rdata.len() - 1].text;
            self.tally.skipped.push((line, format!("SRV {} → {target} has {} of its priority, weight and port: skipped (DNS servers refuse it); write \"0 100 443 {target}\"", self.owner.as_deref().unwrap_or(""), rdata.len() - 1)));
            return Ok(None);
        }
        if rdata.len() < 4 {
            return Err(rtype.error(format!(
                "a SRV record needs 4 value(s) after its type, found {}",
                rdata.len()
            )));
        }
        Ok(Some(Rdata::Srv {
            priority: num(&rdata[0])?,
            weight: num(&rdata[1])?,
            port: num(&rdata[2])?,
            target: self.target(&rdata[3], "SRV", line)?,
        }))
    }

    /// RFC 3597's generic data, `\# length hex…`: decoded for the types
    /// the planner models, checked for the others.
    fn generic(&mut self, rtype: &Token, ty: &str, rdata: &[Token]) -> Result<Rdata, ParseError> {
        let bytes = generic_bytes(rtype, rdata)?;
        let bad = |what: &str| {
            rtype.error(format!(
                "the {ty} record's generic data (\\#) is not {what}"
            ))
        };
        Ok(match ty {
            "A" => {
                let b: [u8; 4] = bytes.as_slice().try_into().map_err(|_| bad("4 bytes"))?;
                Rdata::A(b.into())
            }
            "AAAA" => {
                let b: [u8; 16] = bytes.as_slice().try_into().map_err(|_| bad("16 bytes"))?;
                Rdata::Aaaa(b.into())
            }
            "CNAME" => Rdata::Cname(wire_name(&bytes).ok_or_else(|| bad("a name"))?),
            "SRV" if bytes.len() > 6 => {
                let n = |i: usize| u16::from_be_bytes([bytes[i], bytes[i + 1]]);
                Rdata::Srv {
                    priority: n(0),
                    weight: n(2),
                    port: n(4),
                    target: wire_name(&bytes[6..]).ok_or_else(|| bad("an SRV's"))?,
                }
            }
            "SRV" => return Err(bad("an SRV's")),
            "TXT" => Rdata::Txt(wire_strings(&bytes).ok_or_else(|| bad("character-strings"))?),
            _ => {
                if !is_rr_type(ty) && self.tally.first_unknown.is_none() {
                    self.tally.first_unknown = Some(rtype.clone());
                }
                if is_rr_type(ty) {
                    self.other.add(ty);
                } else {
                    self.unknown.add(ty);
                }
                Rdata::Other(ty.to_string())
            }
        })
    }

    /// The zone read, with the notes on what was assumed, read in a host's
    /// way, skipped, or repeated.
    fn finish(mut self) -> Zone {
        let (name, from_caller) = self.zone_name();
        if let Some(zone) = &name {
            self.outside_the_zone(zone);
        }
        self.dedupe();
        self.cname_and_other_data();
        self.tally_notes();
        if self.aging > 0 {
            self.notes.push(format!(
                "{} record(s) carried dnscmd aging tokens ([AGE:…]); read as ordinary records",
                self.aging
            ));
        }
        self.notes.extend(self.other.note());
        if let Some(list) = self.unknown.list() {
            self.notes.push(format!(
                "{} record(s) of types no DNS standard defines (a server's or host's own), skipped: {list}; the addresses they answer with are not in the file",
                self.unknown.total()
            ));
        }
        Zone {
            origin_from_caller: from_caller,
            origin: name,
            records: self.records,
            notes: self.notes,
            included: self.included,
        }
    }

    /// The zone's name — the SOA's owner, else the first `$ORIGIN`, else a
    /// header's, else the caller's — and whether it is the caller's; a
    /// note when the others disagree, saying which was taken.
    fn zone_name(&mut self) -> (Option<String>, bool) {
        let header = self.comments.writer.header();
        let said: Vec<(&str, &Option<String>)> = vec![
            ("its SOA record", &self.soa),
            ("its $ORIGIN", &self.first_origin),
            (header, &self.comments.zone),
            ("the file's name", &self.caller),
        ];
        let Some((by, name)) = said
            .iter()
            .find_map(|(by, n)| n.as_ref().map(|n| (*by, n.clone())))
        else {
            return (None, false);
        };
        let others: Vec<String> = said
            .iter()
            .filter_map(|(b, n)| {
                n.as_ref()
                    .filter(|n| **n != name)
                    .map(|n| format!("{b} says {n}"))
            })
            .collect();
        if !others.is_empty() {
            self.notes.push(format!(
                "zone named {name} by {by}, which was taken; {}",
                others.join(", ")
            ));
        }
        let from_caller = by == "the file's name";
        (Some(name), from_caller)
    }

    /// Leaves out records whose owner is not in the zone (glue for a name
    /// server elsewhere, or a stray line), as a DNS server loading the zone
    /// does (RFC 1034 §4.2.1: a zone holds the names under its apex), and
    /// says which.
    fn outside_the_zone(&mut self, zone: &str) {
        // `ends_in` holds for the apex too, and only at a label's edge.
        let inside = |owner: &str| ends_in(owner, zone);
        let (kept, outside): (Vec<ZoneRecord>, Vec<ZoneRecord>) = std::mem::take(&mut self.records)
            .into_iter()
            .partition(|r| zone.is_empty() || inside(&r.owner));
        self.records = kept;
        if outside.is_empty() {
            return;
        }
        let shown = super::first_five(
            outside
                .iter()
                .map(|r| format!("{} (line {})", r.owner, r.line)),
            ", ",
        );
        self.notes.push(format!(
            "{} record(s) outside the zone {zone} left out, as a DNS server loading the zone leaves them (glue for a name server elsewhere, or a stray line): {shown}",
            outside.len(),
        ));
    }

    /// Warns of names holding a CNAME and other records: an alias may hold
    /// nothing else (RFC 1034 §3.6.2, RFC 2181 §10.1; DNSSEC's own records
    /// aside), BIND refuses such a zone, and resolvers answer it unevenly.
    fn cname_and_other_data(&mut self) {
        let mut cnames: FastMap<&str, usize> = FastMap::default();
        for r in &self.records {
            if matches!(r.data, Rdata::Cname(_)) {
                cnames.entry(r.owner.as_str()).or_insert(r.line);
            }
        }
        let mut clashes: Vec<(usize, String)> = Vec::new();
        for r in &self.records {
            let dnssec = matches!(&r.data, Rdata::Other(t) if matches!(t.as_str(), "RRSIG" | "NSEC" | "NSEC3" | "KEY"));
            if matches!(r.data, Rdata::Cname(_)) || dnssec {
                continue;
            }
            if let Some(&at) = cnames.get(r.owner.as_str()) {
                if !clashes.iter().any(|(l, _)| *l == at) {
                    clashes.push((at, r.owner.clone()));
                }
            }
        }
        for (line, owner) in clashes {
            self.tally.skipped.push((line, format!("warning: {owner} has a CNAME and other records; an alias may hold nothing else (RFC 1034 §3.6.2; BIND refuses such a zone), so resolvers answer it unevenly")));
        }
    }

    /// Drops records repeated with the same name, type and data (a DNS
    /// server holds one), and says which.
    fn dedupe(&mut self) {
        let mut seen: FastMap<(&str, &Rdata), (usize, Option<&str>)> = FastMap::default();
        let mut repeats: Vec<(usize, String)> = Vec::new();
        let mut drop = vec![false; self.records.len()];
        for (i, r) in self.records.iter().enumerate() {
            if matches!(r.data, Rdata::Other(_)) {
                continue;
            }
            let at = (r.line, r.file.as_deref());
            if let Some((line, file)) = seen.insert((r.owner.as_str(), &r.data), at) {
                drop[i] = true;
                let place = |l: usize, f: Option<&str>| {
                    f.map_or(format!("line {l}"), |f| format!("{f} line {l}"))
                };
                repeats.push((
                    i,
                    format!(
                        "{} repeats {}",
                        place(r.line, r.file.as_deref()),
                        place(line, file)
                    ),
                ));
            }
        }
        if repeats.is_empty() {
            return;
        }
        let shown = super::first_five(repeats.iter().map(|(_, s)| s.clone()), "; ");
        self.notes.push(format!(
            "{} duplicate record(s) (same name, type and data) read once: {shown}",
            repeats.len(),
        ));
        let mut i = 0;
        self.records.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
    }

    /// The notes on what was read in a host's way or skipped.
    fn tally_notes(&mut self) {
        let t = &self.tally;
        let zone = self.comments.zone.as_deref().unwrap_or("the zone");
        let mut notes = Vec::new();
        if t.root_at > 0 {
            notes.push(format!("\"@\" under \"$ORIGIN .\" taken as {zone} ({} time(s)), as the host that wrote the file means it; taken literally it is the root", t.root_at));
        }
        if t.header_absolute > 0 {
            notes.push(format!("{} name(s) ending in {zone} without a trailing dot taken as absolute, as the host that wrote the file means them", t.header_absolute));
        }
        if t.dot_at > 0 {
            notes.push(format!(
                "{} owner(s) written \"name.@\" (GoDaddy's way, first on line {}) taken as names under the zone",
                t.dot_at, t.dot_at_line
            ));
        }
        if t.godaddy_targets > 0 {
            notes.push(format!("{} target(s) written without their trailing dot taken as absolute names, as GoDaddy serves them", t.godaddy_targets));
        }
        if !t.doubled.is_empty() {
            let shown = super::first_five(
                t.doubled
                    .iter()
                    .map(|(l, ty, w, r)| format!("line {l}: {ty} {w} → {r}")),
                "; ",
            );
            notes.push(format!("warning: {} target(s) without a trailing dot end in a public domain, so the zone's name is added to them (RFC 1035): {shown}; if the name as written was meant, add the trailing dot", t.doubled.len()));
        }
        if t.ttl_one > 0 && self.comments.writer == Writer::Cloudflare {
            notes.push(format!(
                "{} record(s) have TTL 1, Cloudflare's \"Auto\" (it serves them with 300 s)",
                t.ttl_one
            ));
        }
        if t.placeholder_ns > 0 {
            notes.push(format!("{} NS record(s) name a placeholder, not a name server (the host's export leaves them for you to fill in)", t.placeholder_ns));
        }
        if self.comments.proxied > 0 {
            notes.push(format!("{} record(s) are proxied by Cloudflare (cf-proxied:true): the Internet resolves them to Cloudflare's addresses, not the ones in the file", self.comments.proxied));
        }
        if self.comments.routed > 0 {
            notes.push(format!("{} record(s) carry a Route 53 routing policy (; AWS routing=…): read as plain records, every answer of a set at once", self.comments.routed));
        }
        // One note each, up to a bound: a damaged export can have thousands.
        for (line, why) in t.skipped.iter().take(MAX_LINE_NOTES) {
            notes.push(format!("line {line}: {why}"));
        }
        if t.skipped.len() > MAX_LINE_NOTES {
            notes.push(format!(
                "and {} more lines skipped or warned of as above",
                t.skipped.len() - MAX_LINE_NOTES
            ));
        }
        self.notes.extend(notes);
    }
}

/// Why an absolute owner name cannot be a DNS name, if it cannot: over
/// 253 characters written (255 octets on the wire) or a label over 63
/// (RFC 1035 §2.3.4).
fn too_long(owner: &str) -> Option<String> {
    // The limits are the model's (`rules`); the characters are not checked
    // here, as a zone may hold names the design cannot (the mapping says so).
    use crate::rules::{MAX_LABEL_CHARS, MAX_NAME_CHARS};
    if owner.len() > MAX_NAME_CHARS {
        return Some(format!(
            "a name of {} characters, longer than a DNS name can be ({MAX_NAME_CHARS}, RFC 1035 §2.3.4); record skipped",
            owner.len()
        ));
    }
    owner.split('.').find(|l| l.len() > MAX_LABEL_CHARS).map(|l| {
        format!(
            "a label of {} characters, longer than DNS allows ({MAX_LABEL_CHARS}, RFC 1035 §2.3.4); record skipped",
            l.len()
        )
    })
}

/// Whether relative `name` already ends in zone `zone` (case aside).
fn ends_in(name: &str, zone: &str) -> bool {
    let (n, z) = (name.len(), zone.len());
    // `get`: the cut may fall inside a character.
    n >= z
        && name
            .get(n - z..)
            .is_some_and(|t| t.eq_ignore_ascii_case(zone))
        && (n == z || name.as_bytes()[n - z - 1] == b'.')
}

/// `name` under `origin` (the root when empty), normalised.
fn join(name: &str, origin: &str) -> String {
    if origin.is_empty() {
        normalize_name(name)
    } else {
        normalize_name(&format!("{name}.{origin}"))
    }
}

/// The path each `$INCLUDE` line of `text` names, read by the zone lexer
/// itself (quotes, escapes, `;` comments), so the files others include are
/// known before any is read. Only lines starting with `$` are lexed: a
/// directive cannot continue onto another line.
pub(super) fn include_paths(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            l.get(..8)
                .is_some_and(|d| d.eq_ignore_ascii_case("$INCLUDE"))
        })
        .filter_map(|l| {
            let entry = entries(l, |_| {}).ok()?.into_iter().next()?;
            entry.tokens.get(1).map(|t| t.text.clone())
        })
        .collect()
}

/// The bytes of RFC 3597 generic data: `\#`, a length, then hex (in any
/// number of tokens).
fn generic_bytes(rtype: &Token, rdata: &[Token]) -> Result<Vec<u8>, ParseError> {
    let len_token = rdata
        .get(1)
        .ok_or_else(|| rtype.error("generic data (\\#) needs its length".into()))?;
    let len: usize = len_token.text.parse().map_err(|_| {
        len_token.error(format!(
            "\"{}\" is not a length in bytes",
            len_token.shown()
        ))
    })?;
    let hex: String = rdata[2..].iter().map(|t| t.text.as_str()).collect();
    let at = rdata.get(2).unwrap_or(len_token);
    // Compared by halving the hex, never by doubling the length: a hostile
    // length would overflow (and on wasm32 wrap) before the check.
    if hex.len() % 2 != 0 || hex.len() / 2 != len || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(at.error(format!(
            "generic data (\\#) of {len} byte(s) needs {} hex digits, found \"{}\"",
            len.saturating_mul(2),
            hex.escape_debug()
        )));
    }
    Ok((0..len)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap_or(0))
        .collect())
}

/// A name in wire format (length-prefixed labels, no compression), or None.
fn wire_name(bytes: &[u8]) -> Option<String> {
    let mut labels = Vec::new();
    let mut i = 0;
    loop {
        let n = usize::from(*bytes.get(i)?);
        if n == 0 {
            return (i + 1 == bytes.len()).then(|| normalize_name(&labels.join(".")));
        }
        let label = bytes.get(i + 1..i + 1 + n)?;
        labels.push(String::from_utf8_lossy(label).into_owned());
        i += 1 + n;
    }
}

/// TXT data in wire format (length-prefixed strings), joined.
fn wire_strings(bytes: &[u8]) -> Option<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let n = usize::from(bytes[i]);
        out.extend_from_slice(bytes.get(i + 1..i + 1 + n)?);
        i += 1 + n;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
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

    /// How many records were counted.
    pub(super) fn total(&self) -> usize {
        self.0.iter().map(|(_, n)| n).sum()
    }

    /// "3 MX, 2 NS" (types in order), or nothing when none were counted.
    pub(super) fn list(&self) -> Option<String> {
        let mut counts = self.0.clone();
        counts.sort_unstable();
        let list: Vec<String> = counts.iter().map(|(t, n)| format!("{n} {t}")).collect();
        (!list.is_empty()).then(|| list.join(", "))
    }

    /// "5 record(s) of types the planner does not model, not imported: 3 MX,
    /// 2 NS" (types in order), or nothing when none were skipped.
    pub(super) fn note(self) -> Option<String> {
        let list = self.list()?;
        Some(format!(
            "{} record(s) of types the planner does not model, not imported: {list}",
            self.total()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `$INCLUDE` paths as the reader reads them: quotes, `;` comments.
    #[test]
    fn include_paths_are_lexed_as_the_reader_lexes_them() {
        assert_eq!(
            include_paths("$ORIGIN x.\n$INCLUDE ../db.ocf\n$include \"b c\"\n a $INCLUDE no\n$INCLUDE db.inc;c\n"),
            ["../db.ocf", "b c", "db.inc"]
        );
    }

    fn a(owner: &str, ip: [u8; 4], line: usize) -> ZoneRecord {
        ZoneRecord {
            owner: owner.into(),
            ttl: Some(3600),
            data: Rdata::A(ip.into()),
            line,
            file: None,
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
    /// AAAA records are read as IPv6 addresses (§10 ipv6 1), in text, in
    /// RFC 3597's generic form, and in either case.
    #[test]
    fn aaaa_records_are_read() {
        let z = parse(
            "$ORIGIN x.com.\noutlook AAAA 2001:DB8::10\nv4mapped IN AAAA ::ffff:192.0.2.1\ngen TYPE28 \\# 16 20010db8000000000000000000000001\n",
            None,
        )
        .unwrap();
        let got: Vec<(&str, String)> = z
            .records
            .iter()
            .map(|r| match &r.data {
                Rdata::Aaaa(a) => (r.owner.as_str(), a.to_string()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            got,
            [
                ("outlook.x.com", "2001:db8::10".to_string()),
                ("v4mapped.x.com", "::ffff:192.0.2.1".to_string()),
                ("gen.x.com", "2001:db8::1".to_string()),
            ]
        );
        assert!(
            !z.notes.iter().any(|n| n.contains("AAAA")),
            "AAAA is imported, not counted as skipped: {:?}",
            z.notes
        );
    }

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
            (
                "$ORIGIN x.com.\nv6 AAAA 2001:db8::g\n",
                (2, 9),
                "\"2001:db8::g\" is not an IPv6 address",
            ),
            (
                "$ORIGIN x.com.\nv6 IN AAAA 10.0.0.1\n",
                (2, 12),
                "not an IPv6 address",
            ),
            (
                "$ORIGIN x.com.\nv6 AAAA fe80::1%eth0\n",
                (2, 9),
                "not an IPv6 address",
            ),
            ("$ORIGIN x.com.\nv6 AAAA\n", (2, 4), "needs 1"),
            (
                "$ORIGIN x.com.\nv6 AAAA \\# 4 0A000001\n",
                (2, 4),
                "not 16 bytes",
            ),
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

/// The DNS hosts' and servers' formats, each built from what its documented
/// or published exports write (see [`super::hosts`]).
#[cfg(test)]
mod host_tests {
    use super::*;

    fn types(z: &Zone) -> Vec<(&str, String)> {
        z.records
            .iter()
            .map(|r| {
                let t = match &r.data {
                    Rdata::A(a) => format!("A {a}"),
                    Rdata::Aaaa(a) => format!("AAAA {a}"),
                    Rdata::Cname(t) => format!("CNAME {t}"),
                    Rdata::Srv { port, target, .. } => format!("SRV {port} {target}"),
                    Rdata::Txt(t) => format!("TXT {t}"),
                    Rdata::Other(t) => t.clone(),
                };
                (r.owner.as_str(), t)
            })
            .collect()
    }

    fn noted(z: &Zone, part: &str) -> bool {
        z.notes.iter().any(|n| n.contains(part))
    }

    #[test]
    fn godaddy_export() {
        let text = "; Domain: example.com\n; Exported (y-m-d hh:mm:ss): 2019-01-10 13:05:04\n;\n\
                    $ORIGIN example.com.\n\n; SOA Record\n@\t3600\t IN \tSOA\tns51.domaincontrol.com.\tdns.jomax.net. (\n\t\t\t2019011000\n\t\t\t28800\n\t\t\t7200\n\t\t\t604800\n\t\t\t3600\n\t\t\t)\n\n\
                    ; A Record\n@\t600\t IN \tA\tGoCentral Published Site\nvpn\t3600\t IN \tA\t192.0.2.9\n\
                    ; CNAME Record\nwww\t3600\t IN \tCNAME\t@\n_domainconnect\t3600\t IN \tCNAME\t_domainconnect.gd.domaincontrol.com\n\
                    ; SRV Record\n_sip._tls.@\t3600\t IN \tSRV\t100\t1\t443\tsipdir.online.lync.com\n\
                    ; MX Record\n@\t3600\t IN \tMX\t10\tmail.example.com\n";
        let z = parse(text, None).unwrap();
        assert_eq!(z.origin.as_deref(), Some("example.com"));
        assert_eq!(
            types(&z),
            [
                ("example.com", "SOA".to_string()),
                ("vpn.example.com", "A 192.0.2.9".into()),
                ("www.example.com", "CNAME example.com".into()),
                (
                    "_domainconnect.example.com",
                    "CNAME _domainconnect.gd.domaincontrol.com".into()
                ),
                (
                    "_sip._tls.example.com",
                    "SRV 443 sipdir.online.lync.com".into()
                ),
                ("example.com", "MX".into()),
            ]
        );
        assert!(noted(&z, "GoDaddy's placeholder"), "{:?}", z.notes);
        assert!(
            noted(
                &z,
                "2 target(s) written without their trailing dot taken as absolute"
            ),
            "{:?}",
            z.notes
        );
        assert!(noted(&z, "1 owner(s) written \"name.@\""), "{:?}", z.notes);
        // `mail.example.com` ends in the zone: as RFC 1035 reads it, no warning.
        assert!(!noted(&z, "warning"), "{:?}", z.notes);
    }

    #[test]
    fn cloudflare_export_without_origin_and_proxied_records() {
        let text = ";;\n;; Domain:     example.dev.\n;; Exported:   2026-09-21 17:40:08\n;;\n;; SOA Record\n\
                    example.dev\t3600\tIN\tSOA\tcourtney.ns.cloudflare.com. dns.cloudflare.com. 2054167900 10000 2400 604800 3600\n\
                    ;; A Records\n*.example.dev.\t1\tIN\tA\t192.0.2.7 ; cf_tags=cf-proxied:true\n\
                    www.example.dev.\t1\tIN\tCNAME\texample.dev. ; cf_tags=cf-proxied:true\n\
                    api.example.dev.\t1\tIN\tA\t192.0.2.8 ; internal api cf_tags=cf-proxied:false\n";
        let z = parse(text, None).unwrap();
        assert_eq!(z.origin.as_deref(), Some("example.dev"));
        assert_eq!(z.records[0].owner, "example.dev");
        assert_eq!(z.records[1].owner, "*.example.dev");
        assert!(
            noted(
                &z,
                "1 name(s) ending in example.dev without a trailing dot taken as absolute"
            ),
            "{:?}",
            z.notes
        );
        assert!(
            noted(&z, "2 record(s) are proxied by Cloudflare"),
            "{:?}",
            z.notes
        );
        assert!(noted(&z, "3 record(s) have TTL 1"), "{:?}", z.notes);
    }

    #[test]
    fn azure_dns_export() {
        let text = "; Exported zone file from Azure DNS\n;      Zone name: zone6.com\n;      Resource Group Name: rg\n\n\
                    $TTL 300\n$ORIGIN zone6.com.\n\n@ 3600 IN SOA ns1-08.azure-dns.com. azuredns-hostmaster.microsoft.com. (\n  1 ; serial\n  3600 ; refresh\n  300 ; retry\n  2419200 ; expire\n  300 ; minimum\n  )\n\n\
                    \x20 3600 IN A 1.1.1.1\n\n  172800 IN NS ns1-08.azure-dns.com.\n\nwww 3600 IN A 1.1.1.2\n  60 IN TXT \"a\\\\b\" \"\\\"q\\\"\" ; \"some comment\"\n";
        let z = parse(text, Some("other.example")).unwrap();
        assert_eq!(z.origin.as_deref(), Some("zone6.com"));
        assert_eq!(
            types(&z),
            [
                ("zone6.com", "SOA".to_string()),
                ("zone6.com", "A 1.1.1.1".into()),
                ("zone6.com", "NS".into()),
                ("www.zone6.com", "A 1.1.1.2".into()),
                ("www.zone6.com", "TXT a\\b\"q\"".into()),
            ]
        );
        // The file's name (the caller's) disagrees: which was taken is said.
        assert!(noted(&z, "zone named zone6.com by its SOA record, which was taken; the file's name says other.example"), "{:?}", z.notes);
    }

    #[test]
    fn route53_through_cli53() {
        let text = "$ORIGIN cli53.example.com.\n\
                    www\t86400\tIN\tA\t127.0.0.1\n\
                    alias\t86400\tAWS\tALIAS\tA www $self false\n\
                    elb 600 AWS ALIAS A test-212960849.eu-west-1.elb.amazonaws.com. Z3NF1Z3NOM5OY2 false\n\
                    weighted\t300\tIN\tA\t127.0.0.2 ; AWS routing=\"WEIGHTED\" weight=1 identifier=\"One\"\n";
        let z = parse(text, None).unwrap();
        assert_eq!(z.records.len(), 4);
        assert!(noted(&z, "2 AWS ALIAS"), "{:?}", z.notes);
        assert!(
            noted(&z, "1 record(s) carry a Route 53 routing policy"),
            "{:?}",
            z.notes
        );
    }

    /// `gcloud dns record-sets export --zone-file-format` and DigitalOcean:
    /// absolute names, the SOA's owner names the zone (NS may come first).
    #[test]
    fn google_cloud_dns_and_digitalocean() {
        let google = "example.com. 21600 IN NS ns-cloud-a1.googledomains.com.\n\
                      example.com. 21600 IN SOA ns-cloud-a1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300\n\
                      mail.example.com. 300 IN A 203.0.113.10\n";
        let z = parse(google, None).unwrap();
        assert_eq!(z.origin.as_deref(), Some("example.com"));
        assert_eq!(z.records[2].owner, "mail.example.com");
        let ocean = "$ORIGIN example.com.\n$TTL 1800\nexample.com. IN SOA ns1.digitalocean.com. hostmaster.example.com. 1415982609 10800 3600 604800 1800\n\
                     example.com. 1800 IN NS ns1.digitalocean.com.\nexample.com. 1800 IN A 1.2.3.4\n*.example.com. 1800 IN CNAME example.com.\n";
        let z = parse(ocean, None).unwrap();
        assert_eq!(z.records.len(), 4);
        assert_eq!(z.records[3].data, Rdata::Cname("example.com".into()));
        assert_eq!(z.records[0].ttl, Some(1800));
    }

    /// Server 2016+: the zone-scope header, a TTL column, parenthesised TXT.
    #[test]
    fn windows_dns_2016_export() {
        let text = ";\n;  Database file gally.com.dns for Default zone scope in zone gally.com.\n;      Zone version:  2019102987\n;\n\n\
                    @                       60\tIN  SOA ns1.gally.com. admin.gally.com. (\n\t\t2019102987   ; serial number\n\t\t900 600 86400 3600 ) ; default TTL\n\n\
                    @                       600\tTXT\t( \"v=spf1 include:spf1.gally.com ~all\" )\n\
                    _dmarc                  600\tTXT\t( \"v=DMARC1; p=reject\" )\n\
                    autodiscover            [AGE:3659458]\t1200\tA\t10.0.0.5\n\
                    \t\t\t1200\tA\t10.0.0.6\n";
        let z = parse(text, None).unwrap();
        assert_eq!(z.origin.as_deref(), Some("gally.com"));
        assert_eq!(
            types(&z)[1..],
            [
                (
                    "gally.com",
                    "TXT v=spf1 include:spf1.gally.com ~all".to_string()
                ),
                ("_dmarc.gally.com", "TXT v=DMARC1; p=reject".into()),
                ("autodiscover.gally.com", "A 10.0.0.5".into()),
                ("autodiscover.gally.com", "A 10.0.0.6".into()),
            ]
        );
        assert_eq!(z.records[1].ttl, Some(600));
    }

    /// RFC 3597: `TYPEnnn` named when known; `\#` data decoded for the
    /// types the planner models, checked for the others.
    #[test]
    fn generic_records() {
        let text = "$ORIGIN x.com.\n\
                    a TYPE1 \\# 4 0A000001\n\
                    c CNAME \\# 6 046D61 696C00\n\
                    t TYPE16 \\# 6 0568656C6C6F\n\
                    s SRV \\# 12 0000006401BB 046d61696c00\n\
                    @ TYPE257 \\# 22 000569737375656C657473656E63727970742E6F7267\n\
                    @ TYPE65280 \\# 0\n";
        let z = parse(text, None).unwrap();
        assert_eq!(
            types(&z),
            [
                ("a.x.com", "A 10.0.0.1".to_string()),
                ("c.x.com", "CNAME mail".into()),
                ("t.x.com", "TXT hello".into()),
                ("s.x.com", "SRV 443 mail".into()),
                ("x.com", "CAA".into()),
                ("x.com", "TYPE65280".into()),
            ]
        );
        for (bad, says) in [
            (
                "$ORIGIN x.com.\na TYPE1 \\# 4 0A0000\n",
                "needs 8 hex digits",
            ),
            ("$ORIGIN x.com.\na A \\# 3 0A0000\n", "not 4 bytes"),
            ("$ORIGIN x.com.\na A \\# four 0A000001\n", "not a length"),
        ] {
            let e = parse(bad, None).unwrap_err();
            assert!(e.message.contains(says), "{bad:?}: {e}");
        }
    }

    #[test]
    fn mistakes_are_warned_of() {
        let text = "$ORIGIN publictestwiki.com.\n\
                    autodiscover CNAME privateemail.com\n\
                    @ MX 10 mx1.privateemail.com\n\
                    _autodiscover._tcp SRV mail.publictestwiki.com.\n\
                    _sip._tls SRV 443 sip.publictestwiki.com.\n\
                    www A 203.0.113.5\nwww A 203.0.113.5\n";
        let z = parse(text, None).unwrap();
        assert_eq!(
            z.records[0].data,
            Rdata::Cname("privateemail.com.publictestwiki.com".into())
        );
        assert!(
            noted(
                &z,
                "warning: 2 target(s) without a trailing dot end in a public domain"
            ),
            "{:?}",
            z.notes
        );
        assert!(
            noted(
                &z,
                "line 2: CNAME privateemail.com → privateemail.com.publictestwiki.com"
            ),
            "{:?}",
            z.notes
        );
        assert!(noted(&z, "line 4: SRV _autodiscover._tcp.publictestwiki.com → mail.publictestwiki.com. has 0 of its priority, weight and port: skipped"), "{:?}", z.notes);
        assert!(
            noted(
                &z,
                "line 5: SRV _sip._tls.publictestwiki.com → sip.publictestwiki.com. has 1 of"
            ),
            "{:?}",
            z.notes
        );
        assert!(
            noted(
                &z,
                "1 duplicate record(s) (same name, type and data) read once: line 7 repeats line 6"
            ),
            "{:?}",
            z.notes
        );
        assert_eq!(z.records.len(), 3);
    }

    #[test]
    fn unknown_types_cost_only_their_records() {
        let z = parse(
            "$ORIGIN x.org.\n@ DYNA geoip!cp\n* DYNA geoip!cp\nwww A 10.0.0.1\n",
            None,
        )
        .unwrap();
        assert_eq!(z.records.len(), 3);
        assert!(
            noted(&z, "2 record(s) of types no DNS standard defines"),
            "{:?}",
            z.notes
        );
        // Nothing but words where types belong: not a zone file.
        let e = parse("Hello WORLD again\nGoodbye WORLD\n", Some("x.org")).unwrap_err();
        assert_eq!((e.line, e.column), (1, 7));
        assert!(
            e.message.starts_with("no record of a DNS type was read"),
            "{e}"
        );
    }

    #[test]
    fn origin_changes_mid_file_and_ttl_units_in_either_case() {
        let text = "$ORIGIN example.com.\n$TTL 1H\nwww A 10.0.0.1\n$ORIGIN sub\nhost 30M A 10.0.0.2\n$ORIGIN other.example.com.\nx 2d A 10.0.0.3\n";
        let z = parse(text, None).unwrap();
        assert_eq!(z.origin.as_deref(), Some("example.com"));
        let got: Vec<(&str, Option<u32>)> = z
            .records
            .iter()
            .map(|r| (r.owner.as_str(), r.ttl))
            .collect();
        assert_eq!(
            got,
            [
                ("www.example.com", Some(3600)),
                ("host.sub.example.com", Some(1800)),
                ("x.other.example.com", Some(172_800)),
            ]
        );
    }

    #[test]
    fn includes_read_among_given_files() {
        let files = [
            ("zones/db.example.com", "$ORIGIN example.com.\n@ SOA a. b. 1 2 3 4 5\n$INCLUDE ../hosts.inc\nafter A 10.0.0.9\n$INCLUDE sub.inc sub.example.com.\n"),
            ("hosts.inc", "; no $ORIGIN here\nmail A 10.0.0.1\n$ORIGIN elsewhere.example.com.\nx A 10.0.0.2\n"),
            ("zones/sub.inc", "h A 10.0.0.3\n"),
        ];
        let includes = Includes::among(&files);
        let z = parse_file(files[0].0, files[0].1, None, &includes).unwrap();
        let owners: Vec<&str> = z.records.iter().map(|r| r.owner.as_str()).collect();
        // The origin comes back after each include (RFC 1035 §5.1).
        assert_eq!(
            owners,
            [
                "example.com",
                "mail.example.com",
                "x.elsewhere.example.com",
                "after.example.com",
                "h.sub.example.com"
            ]
        );
        assert_eq!(z.records[1].file.as_deref(), Some("hosts.inc"));
        assert_eq!(z.records[1].line, 2);
        assert_eq!(z.included.len(), 2);
        assert_eq!(
            (
                z.included[0].file.as_str(),
                z.included[0].line,
                z.included[0].records
            ),
            ("hosts.inc", 3, 2)
        );
        // An error inside an included file names that file and its place.
        let broken = [files[0], ("hosts.inc", "mail A 10.0.0.300\n"), files[2]];
        let e = parse_file(broken[0].0, broken[0].1, None, &Includes::among(&broken)).unwrap_err();
        assert_eq!(e.file.as_deref(), Some("hosts.inc"));
        assert_eq!((e.error.line, e.error.column), (1, 8));
        // A cycle is refused.
        let cycle = [
            ("a.zone", "$ORIGIN x.com.\n$INCLUDE b.zone\n"),
            ("b.zone", "$INCLUDE a.zone\n"),
        ];
        let e = parse_file("a.zone", cycle[0].1, None, &Includes::among(&cycle)).unwrap_err();
        assert!(e.error.message.contains("includes itself"), "{e:?}");
    }
}
