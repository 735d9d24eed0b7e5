//! BIND as the reference for how a zone file reads and how a name resolves
//! (issue 28). This file owns both comparisons and the test-only code they
//! need (reading `named-checkzone -D` and `dig` output, writing a design's
//! views as BIND zones and views, running `named`).
//!
//! 1. **Zone files** ([`importer_reads_zones_as_bind_does`]): every zone in
//!    `../shared/real-world/`, the import fixtures (`tests/import/`) and the
//!    hostile zones (`tests/hostile-zones/`) go through `named-checkzone -D`
//!    and through the importer. Where BIND loads the zone, the planner's
//!    zone name and its records of the types it models (A, CNAME, SRV, TXT)
//!    must equal BIND's canonical records; where BIND refuses the zone, the
//!    planner must say why too (refuse it at a line BIND names, or say it in
//!    a note).
//! 2. **Resolution** ([`resolve_answers_as_named_does`]): the views of every
//!    example, every fixture design and a design of RFC 1034 §4.3.3 / RFC 4592
//!    edge cases are loaded into one `named` on 127.0.0.1 (a free high port, a
//!    temporary directory, stopped on drop, also when a test panics); every
//!    name the designs use plus wildcard, CNAME-chain and NXDOMAIN probes is
//!    asked with `dig` in every view, and `dns::resolve` must answer alike.
//!
//! Every discrepancy is collected before the test fails, so one run lists
//! them all (file, name, type, BIND's value, the planner's).
//!
//! How it runs: the tests are `#[ignore]`d, so `cargo test --workspace`
//! reports them as ignored rather than passing them without BIND; `make
//! test-bind` (part of `make test`, after the native tests) installs BIND
//! (`scripts/ensure-tools.sh test`) and runs them with `--ignored`. Run so,
//! a missing `named-checkzone`, `named` or `dig` fails the test loudly.

use cas_planner_core::import::{self, zone::Rdata, Content};

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const REAL_WORLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/real-world");

/// Known discrepancies, being fixed by the zone-reader work (issue 28's
/// "zone files as the field writes them"): each is exactly what this test
/// finds today — file, name, type, BIND's value, the planner's. Empty this
/// table as the reader learns; an entry that no longer occurs fails the test
/// so that it is removed.
const KNOWN_ZONE_READER_DISCREPANCIES: &[Known] = &[
    // Glue for another zone's servers: BIND ignores out-of-zone data, the
    // reader keeps it in the reverse zone (and a view would then answer it).
    (
        "real-world/windns/250.168.192.in-addr.arpa.dns",
        "scihoudns01.svccorp.com",
        "A",
        "none",
        "192.168.250.24",
    ),
    (
        "real-world/windns/250.168.192.in-addr.arpa.dns",
        "scihoudns02.svccorp.com",
        "A",
        "none",
        "192.168.250.25",
    ),
    // An update log, not a zone: both refuse, the reader not for what it is.
    (
        "real-world/windns/sci-ca.com.dns.log",
        "sci-ca.com",
        "refusal",
        "refuses: line 2: unknown $ directive '$SOURCE'; line 2: unknown RR type 'ADMIN'; line 3: unknown $ directive '$VERSION'; 16 more",
        "refuses elsewhere: sci-ca.com.dns.log:5:1: \"smtp\" is relative to the zone's name, which this file does not give ($ORIGIN); name the zone",
    ),
    // `$INCLUDE ../db.ocf` among the files given together.
    (
        "real-world/bind/etc/zones/db.ocf.berkeley.edu",
        "ocf.berkeley.edu",
        "zone",
        "loads 729 records of modelled types",
        "refuses: db.ocf:12:1: \"@\" stands for the zone's name, which this file does not give ($ORIGIN); name the zone",
    ),
    // Cloudflare's `$ORIGIN .` then `@ SOA`.
    (
        "real-world/cloudflare/hypster.com",
        "hypster.com",
        "zone name",
        "hypster.com",
        "[\"\"]",
    ),
    // A CNAME beside MX and TXT: BIND refuses the zone; the reader lets the
    // CNAME win (as dns::resolve does) without a word.
    (
        "real-world/cloudflare/hypster.com",
        "line 61",
        "refusal",
        "refuses: email.hypster.com: CNAME and other data",
        "reads it; no note says so",
    ),
    // Not a real-world file and not in the zone work's list: a TXT string
    // longer than 255 bytes (RFC 1035 §3.3) makes BIND refuse the zone.
    (
        "tests/hostile-zones/long-txt.zone",
        "line 2",
        "refusal",
        "refuses: syntax error",
        "reads it; no note says so",
    ),
];

/// BIND refusals about what a design does not hold (a TTL, the SOA's
/// numbers): BIND is right to refuse, but the planner has nothing to say
/// about them, so they are listed, not failed.
const OUTSIDE_THE_MODEL: &[(&str, &str)] = &[
    (
        "no TTL specified; zone rejected",
        "TTLs are not part of a design",
    ),
    ("SOA serial out of range", "the planner reads no SOA fields"),
    ("has no NS records", "the planner reads no NS records"),
];

/// One expected discrepancy: (file, name, type, BIND, planner).
type Known = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// Where BIND and the planner differ.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Discrepancy {
    file: String,
    name: String,
    rtype: String,
    bind: String,
    planner: String,
}

impl fmt::Display for Discrepancy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} {}: BIND {} | planner {}",
            self.file, self.name, self.rtype, self.bind, self.planner
        )
    }
}

impl Discrepancy {
    fn new(file: &str, name: &str, rtype: &str, bind: String, planner: String) -> Self {
        Discrepancy {
            file: file.into(),
            name: name.into(),
            rtype: rtype.into(),
            bind,
            planner,
        }
    }
    fn is(&self, k: &Known) -> bool {
        (
            self.file.as_str(),
            self.name.as_str(),
            self.rtype.as_str(),
            self.bind.as_str(),
            self.planner.as_str(),
        ) == *k
    }
}

// ---------------------------------------------------------------- the tools

/// The BIND program `name`, from PATH or /usr/sbin (where Debian puts
/// `named`); a missing one fails the test, since running this test means
/// BIND was asked for.
fn tool(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "{name} is missing: the BIND reference needs Debian's bind9, bind9-utils and \
                 bind9-dnsutils (`make test-bind` installs them through scripts/ensure-tools.sh)"
            )
        })
}

/// Fails with every discrepancy not in `known` and every entry of `known`
/// that no longer occurs; prints the known ones that still do.
fn judge(what: &str, found: &[Discrepancy], known: &[Known]) {
    let unexpected: Vec<&Discrepancy> = found
        .iter()
        .filter(|d| !known.iter().any(|k| d.is(k)))
        .collect();
    let stale: Vec<&Known> = known
        .iter()
        .filter(|k| !found.iter().any(|d| d.is(k)))
        .collect();
    for d in found.iter().filter(|d| !unexpected.contains(d)) {
        println!("known: {d}");
    }
    let mut report = String::new();
    for d in &unexpected {
        report.push_str(&format!("\n  {d}"));
    }
    for k in &stale {
        report.push_str(&format!(
            "\n  no longer found, remove it from the table: {k:?}"
        ));
    }
    assert!(
        report.is_empty(),
        "{what}: {} unexpected discrepancies, {} stale table entries:{report}",
        unexpected.len(),
        stale.len()
    );
}

// ------------------------------------------------------- 1. zone files

/// One zone: the files that make it (the first is the zone file BIND is
/// given; the others are what it `$INCLUDE`s) and the zone's name.
struct ZoneCase {
    /// How the report names it: the path under `real-world/` or the repository.
    label: String,
    files: Vec<PathBuf>,
    zone: &'static str,
}

/// Every zone the comparison covers. The real-world folder's other files
/// (Clixml, Format-List) are not zones; its update log is, to BIND and to
/// the planner, a file that must be refused.
fn zone_cases() -> Vec<ZoneCase> {
    assert!(
        Path::new(REAL_WORLD).is_dir(),
        "{REAL_WORLD} is missing: the real-world files live in ../shared/ beside the repository"
    );
    let real = |files: &[&str], zone| ZoneCase {
        label: format!("real-world/{}", files[0]),
        files: files
            .iter()
            .map(|f| Path::new(REAL_WORLD).join(f))
            .collect(),
        zone,
    };
    let repo = |file: &str, zone| ZoneCase {
        label: file.to_string(),
        files: vec![Path::new(REPO).join(file)],
        zone,
    };
    let mut cases = vec![
        real(&["windns/svccorp.com.dns"], "svccorp.com"),
        real(
            &["windns/250.168.192.in-addr.arpa.dns"],
            "250.168.192.in-addr.arpa",
        ),
        real(&["windns/sci-ca.com.dns.log"], "sci-ca.com"),
        real(
            &["bind/etc/zones/db.ocf.berkeley.edu", "bind/etc/db.ocf"],
            "ocf.berkeley.edu",
        ),
        real(&["bind/etc/zones/db.asuc.org"], "asuc.org"),
        real(&["cloudflare/hypster.com"], "hypster.com"),
        real(&["gdnsd/wikitide.org"], "wikitide.org"),
        real(&["gdnsd/miraheze.org"], "miraheze.org"),
        repo("tests/import/raw/db.contoso.local", "contoso.local"),
        repo("tests/import/raw/contoso.com.internal.zone", "contoso.com"),
        repo("tests/import/public/contoso.com.dns", "contoso.com"),
    ];
    let hostile = Path::new(REPO).join("tests/hostile-zones");
    let mut names: Vec<String> = fs::read_dir(&hostile)
        .expect("tests/hostile-zones")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zone"))
        .collect();
    names.sort();
    // They all say `$ORIGIN contoso.com.` (no-origin.zone says nothing).
    cases.extend(
        names
            .iter()
            .map(|n| repo(&format!("tests/hostile-zones/{n}"), "contoso.com")),
    );
    cases
}

/// A record of a type the planner models, as both sides print it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Rec {
    name: String,
    rtype: &'static str,
    value: String,
}

/// What BIND made of a zone.
struct BindZone {
    loaded: bool,
    records: Vec<Rec>,
    /// Why it refused: (line, message) for each error it names.
    errors: Vec<(usize, String)>,
}

/// BIND's messages that do not refuse anything.
const BIND_BENIGN: &[&str] = &[
    "no TTL specified; using SOA MINTTL instead",
    "using RFC1035 TTL semantics",
    "ignoring out-of-zone data",
    "warning:",
    "file does not end with newline",
    "TTL set to prior TTL",
];

/// Zone-level messages that refuse nothing, or repeat a reason given.
const BIND_ZONE_BENIGN: &[&str] = &[
    "loaded serial",
    "not loaded due to errors",
    "loading from master file",
    "has no addresses records",
];

/// `named-checkzone -D` on the case, run in the zone file's directory so
/// that `$INCLUDE ../db.ocf` finds its file as named would. The file goes in
/// on standard input with dnscmd's aging tokens (`[AGE:n]`) taken out: they
/// are Windows' extension, which the planner reads on purpose and BIND does
/// not, and everything else on their lines is still compared.
fn bind_read(checkzone: &Path, case: &ZoneCase) -> BindZone {
    let file = &case.files[0];
    let text = fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut child = Command::new(checkzone)
        .current_dir(file.parent().unwrap())
        .args(["-D", case.zone, "/dev/stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("named-checkzone runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = without_aging_tokens(&text);
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &input));
    let out = child.wait_with_output().expect("named-checkzone runs");
    // BIND may stop reading early (binary.zone); what it read is what counts.
    let _ = writer.join();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors = stderr.lines().filter_map(bind_error).collect();
    let records = if out.status.success() {
        stdout.lines().filter_map(bind_record).collect()
    } else {
        Vec::new()
    };
    BindZone {
        loaded: out.status.success(),
        records,
        errors,
    }
}

/// The file's bytes with every `[AGE:n]` token (and its following blank) removed.
fn without_aging_tokens(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.len() > 5 && rest[..5].eq_ignore_ascii_case(b"[AGE:") {
            if let Some(end) = rest.iter().position(|&b| b == b']') {
                if rest[5..end].iter().all(u8::is_ascii_digit) {
                    i += end + 1;
                    while text.get(i).is_some_and(|&b| b == b' ' || b == b'\t') {
                        i += 1;
                    }
                    continue;
                }
            }
        }
        out.push(text[i]);
        i += 1;
    }
    out
}

/// A reason BIND gives for refusing, as (line, message): a record's line
/// (`[dns_master_load: ]file:LINE: message`) or 0 for the whole zone
/// (`zone contoso.com/IN: has no NS records`).
fn bind_error(line: &str) -> Option<(usize, String)> {
    if let Some(rest) = line.strip_prefix("zone ") {
        let (_, msg) = rest.split_once(": ")?;
        return (!BIND_ZONE_BENIGN.iter().any(|b| msg.contains(b))).then(|| (0, msg.to_string()));
    }
    let line = line
        .trim_start_matches("dns_master_load: ")
        .trim_start_matches("dns_rdata_fromtext: ");
    let mut parts = line.splitn(3, ':');
    let (_file, n, msg) = (parts.next()?, parts.next()?, parts.next()?);
    let n = n.trim().parse::<usize>().ok()?;
    (!BIND_BENIGN.iter().any(|b| msg.contains(b))).then(|| (n, msg.trim().to_string()))
}

/// One line of `named-checkzone -D`: `name. TTL IN TYPE rdata`, kept when
/// its type is one the planner models.
fn bind_record(line: &str) -> Option<Rec> {
    let (fields, rdata) = split_fields(line, 4)?;
    let name = bind_name(fields[0]);
    let (rtype, value) = match fields[3] {
        "A" => ("A", rdata.to_string()),
        "CNAME" => ("CNAME", bind_name(rdata)),
        "SRV" => {
            let (nums, target) = split_fields(rdata, 3)?;
            let target = bind_name(target);
            (
                "SRV",
                format!("{} {} {} {target}", nums[0], nums[1], nums[2]),
            )
        }
        "TXT" => ("TXT", bind_text(rdata)),
        _ => return None,
    };
    Some(Rec { name, rtype, value })
}

/// The first `n` blank-separated fields of `line` and the rest, trimmed.
fn split_fields(line: &str, n: usize) -> Option<(Vec<&str>, &str)> {
    let mut rest = line.trim_start();
    let mut fields = Vec::with_capacity(n);
    for _ in 0..n {
        let end = rest.find(char::is_whitespace)?;
        fields.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    Some((fields, rest.trim_end()))
}

/// A name as BIND prints it (`\DDD` and `\c` escapes, a root dot), as the
/// planner keeps it: unescaped, lower case, no root dot.
fn bind_name(text: &str) -> String {
    let bytes = unescape(text.trim().strip_suffix('.').unwrap_or(text.trim()));
    String::from_utf8_lossy(&bytes).to_ascii_lowercase()
}

/// TXT rdata as BIND prints it, `"a" "b"`: the strings joined, as the
/// planner keeps them.
fn bind_text(rdata: &str) -> String {
    let mut out = Vec::new();
    let mut inside = String::new();
    let mut in_quotes = false;
    let mut chars = rdata.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' if in_quotes => {
                out.extend(unescape(&inside));
                inside.clear();
                in_quotes = false;
            }
            '"' => in_quotes = true,
            '\\' if in_quotes => {
                inside.push(c);
                inside.extend(chars.next());
            }
            _ if in_quotes => inside.push(c),
            _ => {}
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 1035 §5.1 escapes: `\DDD` is a byte, `\c` is `c`.
fn unescape(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 4 <= b.len() && b[i + 1..i + 4].iter().all(u8::is_ascii_digit) {
            let n: u32 = text[i + 1..i + 4].parse().unwrap();
            out.push(n as u8);
            i += 4;
        } else if b[i] == b'\\' && i + 1 < b.len() {
            out.push(b[i + 1]);
            i += 2;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// What the planner made of a case.
struct PlannerZone {
    /// The zones read, by name, with their records of modelled types and
    /// the line of each SOA (BIND's SOA complaints are outside the model).
    zones: BTreeMap<String, Vec<Rec>>,
    soa_lines: Vec<usize>,
    notes: Vec<String>,
}

/// The importer on the case's files, the way a user gives them: today each
/// file is read on its own (`import::read_bytes`) and a refusal of any is a
/// refusal of the whole. When the zone-reader work reads files together
/// (`$INCLUDE` among the files given), call that here.
fn planner_read(case: &ZoneCase) -> Result<PlannerZone, import::ImportError> {
    let mut read = PlannerZone {
        zones: BTreeMap::new(),
        soa_lines: Vec::new(),
        notes: Vec::new(),
    };
    for file in &case.files {
        let bytes = fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let name = file.file_name().unwrap().to_string_lossy();
        let source = import::read_bytes(&name, bytes, None)?;
        read.notes.extend(source.notes);
        let Content::Zones(zones) = source.content else {
            read.notes.push("read as a table, not a zone".into());
            continue;
        };
        for z in zones {
            let records = read.zones.entry(z.name.clone()).or_default();
            for r in z.records {
                if r.data == Rdata::Other("SOA".into()) {
                    read.soa_lines.push(r.line);
                }
                records.extend(planner_record(&r.owner, &r.data));
            }
        }
    }
    Ok(read)
}

fn planner_record(owner: &str, data: &Rdata) -> Option<Rec> {
    let (rtype, value) = match data {
        Rdata::A(ip) => ("A", ip.to_string()),
        Rdata::Cname(t) => ("CNAME", t.clone()),
        Rdata::Srv {
            priority,
            weight,
            port,
            target,
        } => ("SRV", format!("{priority} {weight} {port} {target}")),
        Rdata::Txt(t) => ("TXT", t.clone()),
        Rdata::Other(_) => return None,
    };
    Some(Rec {
        name: owner.to_string(),
        rtype,
        value,
    })
}

/// Records as a multiset: a record BIND folds into one (a duplicate) and
/// the planner keeps twice is a difference too.
fn counted(records: &[Rec]) -> BTreeMap<&Rec, usize> {
    let mut m = BTreeMap::new();
    for r in records {
        *m.entry(r).or_insert(0) += 1;
    }
    m
}

/// Every difference between BIND's reading of `case` and the planner's.
fn compare_zone(
    case: &ZoneCase,
    bind: &BindZone,
    planner: &Result<PlannerZone, import::ImportError>,
) -> Vec<Discrepancy> {
    let file = case.label.as_str();
    let mut found = Vec::new();
    match (bind.loaded, planner) {
        (true, Err(e)) => found.push(Discrepancy::new(
            file,
            case.zone,
            "zone",
            format!("loads {} records of modelled types", bind.records.len()),
            format!("refuses: {e}"),
        )),
        (false, Err(e)) => {
            // Both refuse: the planner must name a place BIND names.
            if !bind.errors.iter().any(|(line, _)| *line == e.error.line) {
                found.push(Discrepancy::new(
                    file,
                    case.zone,
                    "refusal",
                    format!("refuses: {}", bind_reasons(bind)),
                    format!("refuses elsewhere: {e}"),
                ));
            }
        }
        (false, Ok(p)) => {
            found.extend(zone_names(case, p));
            found.extend(unsaid_reasons(case, bind, p));
        }
        (true, Ok(p)) => {
            found.extend(zone_names(case, p));
            found.extend(record_differences(case, bind, p));
        }
    }
    found
}

/// BIND's first three reasons, and how many more there are.
fn bind_reasons(bind: &BindZone) -> String {
    let mut reasons: Vec<String> = bind
        .errors
        .iter()
        .take(3)
        .map(|(l, m)| format!("line {l}: {m}"))
        .collect();
    if bind.errors.len() > 3 {
        reasons.push(format!("{} more", bind.errors.len() - 3));
    }
    reasons.join("; ")
}

/// The planner's zone must be the zone BIND was given, and only it.
fn zone_names(case: &ZoneCase, p: &PlannerZone) -> Option<Discrepancy> {
    let names: Vec<&str> = p.zones.keys().map(String::as_str).collect();
    (names != [case.zone]).then(|| {
        Discrepancy::new(
            &case.label,
            case.zone,
            "zone name",
            case.zone.to_string(),
            format!("{names:?}"),
        )
    })
}

/// BIND refused the zone and the planner read it: each of BIND's reasons
/// must be in the planner's notes (by the record type, the name or the
/// line it concerns), unless it is outside what a design holds.
fn unsaid_reasons(case: &ZoneCase, bind: &BindZone, p: &PlannerZone) -> Vec<Discrepancy> {
    let mut found = Vec::new();
    for (line, msg) in &bind.errors {
        let outside = if msg.contains("no TTL specified; zone rejected") {
            Some(OUTSIDE_THE_MODEL[0])
        } else if p.soa_lines.contains(line) && msg.contains("out of range") {
            Some(OUTSIDE_THE_MODEL[1])
        } else if msg.contains("has no NS records") {
            Some(OUTSIDE_THE_MODEL[2])
        } else {
            None
        };
        if let Some((reason, why)) = outside {
            println!("{}: line {line}: {msg}: {reason}, {why}", case.label);
            continue;
        }
        // What the message is about: `unknown RR type 'DYNA'` → DYNA,
        // `email.hypster.com: CNAME and other data` → the name.
        let subject = msg
            .split('\'')
            .nth(1)
            .or_else(|| msg.split_once(": ").map(|(n, _)| n))
            .unwrap_or("");
        let said = p.notes.iter().any(|n| {
            (!subject.is_empty() && n.contains(subject)) || n.contains(&format!("line {line}"))
        });
        if !said {
            found.push(Discrepancy::new(
                &case.label,
                &format!("line {line}"),
                "refusal",
                format!("refuses: {msg}"),
                "reads it; no note says so".into(),
            ));
        }
    }
    found
}

/// Both read the zone: its records of modelled types must be the same.
fn record_differences(case: &ZoneCase, bind: &BindZone, p: &PlannerZone) -> Vec<Discrepancy> {
    let planner: Vec<Rec> = p.zones.values().flatten().cloned().collect();
    let (b, q) = (counted(&bind.records), counted(&planner));
    let mut found = Vec::new();
    for r in b.keys().chain(q.keys()).collect::<BTreeSet<_>>() {
        let (nb, nq) = (
            b.get(r).copied().unwrap_or(0),
            q.get(r).copied().unwrap_or(0),
        );
        if nb != nq {
            let shown = |n: usize| match n {
                0 => "none".to_string(),
                1 => r.value.clone(),
                n => format!("{} ×{n}", r.value),
            };
            found.push(Discrepancy::new(
                &case.label,
                &r.name,
                r.rtype,
                shown(nb),
                shown(nq),
            ));
        }
    }
    found
}

#[test]
#[ignore = "needs BIND: run by `make test-bind`"]
fn importer_reads_zones_as_bind_does() {
    let checkzone = tool("named-checkzone");
    let mut found = Vec::new();
    for case in zone_cases() {
        let bind = bind_read(&checkzone, &case);
        let planner = planner_read(&case);
        let differences = compare_zone(&case, &bind, &planner);
        let planner_said = match &planner {
            Ok(p) => format!(
                "reads {} records of modelled types",
                p.zones.values().map(Vec::len).sum::<usize>()
            ),
            Err(e) => format!("refuses ({e})"),
        };
        let bind_said = if bind.loaded {
            format!("loads {} records of modelled types", bind.records.len())
        } else {
            format!("refuses ({})", bind_reasons(&bind))
        };
        println!(
            "{}: BIND {bind_said}; planner {planner_said}: {}",
            case.label,
            if differences.is_empty() {
                "agree".to_string()
            } else {
                format!("{} discrepancies", differences.len())
            }
        );
        found.extend(differences);
    }
    judge(
        "zone files against named-checkzone -D",
        &found,
        KNOWN_ZONE_READER_DISCREPANCIES,
    );
}
