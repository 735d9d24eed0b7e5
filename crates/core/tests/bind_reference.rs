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
//!    planner must say why too (refuse it at a line BIND names or before
//!    BIND's first complaint, or say it in a note).
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
//! `BIND_DEBUG=1` prints dig's raw answers.

use cas_planner_core::dns::{self, Answer};
use cas_planner_core::import::{self, zone::Rdata, Content};
use cas_planner_core::model::*;
use cas_planner_core::world::World;
use cas_planner_core::Scenario;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const REAL_WORLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/real-world");

/// Known discrepancies between the zone reader and BIND: each exactly what
/// this test finds — file, name, type, BIND's value, the planner's. Empty
/// since the zone-reader work of issue 28 (out-of-zone glue left out,
/// `$INCLUDE` among files given together, Cloudflare's `$ORIGIN .`, notes
/// for a CNAME beside other data and for TXT strings over 255 bytes); a
/// new entry needs a reason, and one that no longer occurs fails the test
/// so that it is removed.
const KNOWN_ZONE_READER_DISCREPANCIES: &[Known] = &[];

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
    // The zone each names in its first `$ORIGIN`; contoso.com when none
    // does (no-origin.zone).
    cases.extend(names.iter().map(|n| {
        let path = format!("tests/hostile-zones/{n}");
        let text = fs::read_to_string(Path::new(REPO).join(&path)).unwrap_or_default();
        let origin = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("$ORIGIN "))
            .map(|o| o.trim().trim_end_matches('.').to_ascii_lowercase())
            .unwrap_or_else(|| "contoso.com".into());
        // A test's few cases: leaking the name keeps ZoneCase's &'static str.
        repo(&path, Box::leak(origin.into_boxed_str()))
    }));
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
        // `-i local`: no look-ups of out-of-zone MX and NS targets (they
        // would go to the network and take seconds).
        .args(["-i", "local", "-D", case.zone, "/dev/stdin"])
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
        // BIND prints RFC 5952's form, as Ipv6Addr does; parsed to compare
        // the address, not its spelling.
        "AAAA" => (
            "AAAA",
            rdata
                .parse::<std::net::Ipv6Addr>()
                .map_or_else(|_| rdata.to_string(), |a| a.to_string()),
        ),
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

/// The importer on the case's files, the way a user gives them: read
/// together (`import::read_all`, which resolves `$INCLUDE` among them); a
/// refusal of any is a refusal of the whole.
fn planner_read(case: &ZoneCase) -> Result<PlannerZone, import::ImportError> {
    let mut read = PlannerZone {
        zones: BTreeMap::new(),
        soa_lines: Vec::new(),
        notes: Vec::new(),
    };
    let inputs: Vec<import::Input> = case
        .files
        .iter()
        .map(|file| {
            let bytes = fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            import::Input::from_bytes(&file.to_string_lossy(), bytes, None)
        })
        .collect();
    for result in import::read_all(&inputs) {
        let source = result?;
        read.notes.extend(source.notes);
        let zones = match source.content {
            Content::Zones(zones) => zones,
            // Its records are in the including file's zone.
            Content::Included(_) => continue,
            _ => {
                read.notes.push("read as a table, not a zone".into());
                continue;
            }
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
        Rdata::Aaaa(ip) => ("AAAA", ip.to_string()),
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
            // Both refuse: the planner must stop at a line BIND names, or
            // before BIND's first complaint (a file named for what it is,
            // an update log say, is refused at its start).
            let line = e.error.line;
            let first = bind.errors.iter().map(|(l, _)| *l).filter(|l| *l > 0).min();
            let named = bind.errors.iter().any(|(l, _)| *l == line);
            if !named && first.is_some_and(|first| line > first) {
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

// ------------------------------------------------------- 2. resolution

/// A design whose views go to named.
struct Design {
    label: String,
    scenario: Scenario,
}

/// Every example (the gallery, which `examples/*.casplan.json` are written
/// from), every fixture design (`tests/fixtures/v*/`, the import goldens)
/// and the edge cases below.
fn designs() -> Vec<Design> {
    let mut out: Vec<Design> = cas_planner_core::examples::gallery()
        .into_iter()
        .map(|e| Design {
            label: format!("example {}", e.slug),
            scenario: (e.build)(),
        })
        .collect();
    let mut files = Vec::new();
    for dir in [
        "tests/fixtures/v0",
        "tests/fixtures/v1",
        "tests/fixtures/v2",
        "tests/fixtures/v3",
        "tests/import/golden",
    ] {
        for entry in fs::read_dir(Path::new(REPO).join(dir)).expect(dir) {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && !name.ends_with(".expected.json") {
                files.push(format!("{dir}/{name}"));
            }
        }
    }
    files.sort();
    for f in files {
        let text = fs::read_to_string(Path::new(REPO).join(&f)).expect(&f);
        let loaded =
            cas_planner_core::file::load(&f, &text).unwrap_or_else(|e| panic!("{f}: {e:?}"));
        out.push(Design {
            label: f,
            scenario: loaded.scenario,
        });
    }
    out.push(Design {
        label: "edge cases (this file)".into(),
        scenario: edge_design(),
    });
    out
}

fn record(name: &str, data: RecordData) -> DnsRecord {
    DnsRecord {
        id: format!("r-{name}-{}", data.type_name()),
        name: name.into(),
        data,
    }
}
fn a(name: &str, ip: [u8; 4]) -> DnsRecord {
    record(name, RecordData::A { address: ip.into() })
}
fn cname(name: &str, target: &str) -> DnsRecord {
    record(
        name,
        RecordData::Cname {
            target: target.into(),
        },
    )
}
fn txt(name: &str) -> DnsRecord {
    record(
        name,
        RecordData::Txt {
            text: "here".into(),
        },
    )
}
fn zone(name: &str, records: Vec<DnsRecord>) -> DnsZone {
    DnsZone {
        id: format!("z-{name}"),
        name: name.into(),
        records: records.into(),
    }
}

/// RFC 1034 §4.3.3 and RFC 4592's cases, which the examples barely touch:
/// empty non-terminals, a wildcard not matching an existing name (nor one
/// below it, nor the apex), a CNAME at a wildcard, an empty-non-terminal
/// wildcard (§2.2.1), CNAME chains within a zone, across zones, across
/// forwarded views, into a loop and into NXDOMAIN, an empty zone, a child
/// zone below a parent's wildcard, and NXDOMAIN redirection.
fn edge_design() -> Scenario {
    let edge = vec![
        a("*.edge.example", [192, 0, 2, 1]),
        a("host.edge.example", [192, 0, 2, 2]),
        a("Mixed.Case.edge.example", [192, 0, 2, 4]),
        txt("txt-only.edge.example"),
        a("a.ent.edge.example", [192, 0, 2, 3]),
        cname("*.wild-cname.edge.example", "host.edge.example"),
        cname("to-wild.edge.example", "anything.edge.example"),
        cname("chain1.edge.example", "chain2.edge.example"),
        cname("chain2.edge.example", "host.edge.example"),
        cname("loop1.edge.example", "loop2.edge.example"),
        cname("loop2.edge.example", "loop1.edge.example"),
        cname("dangling.edge.example", "b.ent.edge.example"),
        cname("to-other-zone.edge.example", "www.other.example"),
        cname("to-child.edge.example", "x.child.edge.example"),
        record(
            "_sip._tcp.edge.example",
            RecordData::Srv {
                target: "host.edge.example".into(),
                port: 5060,
                priority: 0,
                weight: 0,
            },
        ),
    ];
    let inside = DnsView::new(
        "edge",
        "Edge cases",
        Audience::Internal,
        vec![
            zone("edge.example", edge),
            zone(
                "child.edge.example",
                vec![a("host.child.edge.example", [192, 0, 2, 5])],
            ),
            zone(
                "other.example",
                vec![a("www.other.example", [192, 0, 2, 6])],
            ),
            // RFC 4592 §2.2.1: `*.went.example` exists only as an ancestor.
            zone(
                "went.example",
                vec![a("sub.*.went.example", [192, 0, 2, 7])],
            ),
            zone("empty.example", vec![]),
        ],
    );
    let mut forwarding = DnsView::new(
        "edge-fwd",
        "Forwards to Edge cases, redirects NXDOMAIN",
        Audience::External,
        vec![zone(
            "local.example",
            vec![
                cname("alias.local.example", "host.edge.example"),
                cname("to-missing.local.example", "missing.edge-less.example"),
                cname("to-ent.local.example", "ent.edge.example"),
                a("host.local.example", [192, 0, 2, 8]),
            ],
        )],
    );
    forwarding.forwards_to = Some("edge".into());
    forwarding.nxdomain_redirect = Some(Ipv4Addr::new(198, 51, 100, 99));
    let mut plain = DnsView::new(
        "edge-plain",
        "Forwards to Edge cases",
        Audience::Internal,
        vec![zone(
            "back.example",
            vec![cname("to-fwd.back.example", "host.edge.example")],
        )],
    );
    plain.forwards_to = Some("edge".into());
    Scenario {
        name: "BIND reference edge cases".into(),
        dns_views: vec![inside, forwarding, plain].into(),
        ..Default::default()
    }
}

/// How a name is written in a zone file: absolute, lower case.
fn fqdn(name: &str) -> String {
    format!(
        "{}.",
        name.trim().trim_end_matches('.').to_ascii_lowercase()
    )
}

/// A view's zones merged by apex (a view may list one zone twice; named
/// takes each apex once).
fn zones_by_apex(view: &DnsView) -> BTreeMap<String, Vec<&DnsRecord>> {
    let mut out: BTreeMap<String, Vec<&DnsRecord>> = BTreeMap::new();
    for z in view.zones.iter() {
        out.entry(fqdn(&z.name))
            .or_default()
            .extend(z.records.iter());
    }
    out
}

/// A zone file for `apex` with `records`: the SOA and NS named needs, then
/// the records as the model holds them.
fn zone_text(apex: &str, records: &[&DnsRecord]) -> String {
    let mut text = format!(
        "$TTL 300\n{apex} IN SOA ns.invalid. hostmaster.invalid. 1 3600 600 86400 300\n{apex} IN NS ns.invalid.\n"
    );
    for r in records {
        let owner = fqdn(&r.name);
        let rdata = match &r.data {
            RecordData::A { address } => format!("A {address}"),
            RecordData::Aaaa { address } => format!("AAAA {address}"),
            RecordData::Cname { target } => format!("CNAME {}", fqdn(target)),
            RecordData::Srv {
                target,
                port,
                priority,
                weight,
            } => format!("SRV {priority} {weight} {port} {}", fqdn(target)),
            RecordData::Txt { text } => {
                let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
                format!("TXT \"{escaped}\"")
            }
        };
        text.push_str(&format!("{owner} IN {rdata}\n"));
    }
    text
}

/// The root zone of a view that does not forward, and the start of a
/// redirect zone: its name server is the root itself, so that the zone
/// holds no name a probe could meet (named wants an address for it).
const ROOT_ZONE: &str =
    "$TTL 300\n. IN SOA . hostmaster. 1 3600 600 86400 300\n. IN NS .\n. IN A 127.0.0.1\n";

/// Where a design's view asks named from: 127.1.<design>.<view + 1>, which
/// the view's `match-clients` selects (and a forwarding view's
/// `query-source`, so that its forwarded questions reach the view it
/// forwards to).
fn source(design: usize, view: usize) -> Ipv4Addr {
    Ipv4Addr::new(127, 1, design as u8, view as u8 + 1)
}

/// The views named can serve faithfully: those that respond and, if they
/// forward, forward to one of the design's views that responds (a silent
/// resolver is the planner's own model, out of BIND's scope).
fn served(s: &Scenario) -> Vec<(usize, &DnsView)> {
    let responds = |id: &str| s.dns_views.iter().any(|v| v.id == id && v.responds);
    s.dns_views
        .iter()
        .enumerate()
        .filter(|(_, v)| v.responds && v.forwards_to.as_deref().is_none_or(responds))
        .collect()
}

/// `named.conf` and the zone files for every design's views, written into `dir`.
fn write_named_config(dir: &Path, port: u16, designs: &[Design]) -> PathBuf {
    let mut conf = format!(
        "options {{\n  directory \"{dir}\";\n  pid-file \"{dir}/named.pid\";\n  session-keyfile \"{dir}/session.key\";\n  listen-on port {port} {{ 127.0.0.1; }};\n  listen-on-v6 {{ none; }};\n  dnssec-validation no;\n  notify no;\n  check-names primary ignore;\n  minimal-responses no;\n}};\ncontrols {{ }};\n",
        dir = dir.display()
    );
    // The world ends at a design's zones: a view that does not forward is
    // authoritative for the root too, so any other name is NXDOMAIN there,
    // as `dns::resolve` says.
    fs::write(dir.join("root.db"), ROOT_ZONE).unwrap();
    for (d, design) in designs.iter().enumerate() {
        let views = &design.scenario.dns_views;
        for (j, view) in served(&design.scenario) {
            conf.push_str(&format!(
                "view \"d{d}-{}\" {{\n  match-clients {{ {}; }};\n",
                view.id,
                source(d, j)
            ));
            match view.forwards_to.as_deref() {
                Some(to) => {
                    let t = views.iter().position(|v| v.id == to).unwrap();
                    conf.push_str(&format!(
                        "  recursion yes;\n  allow-recursion {{ any; }};\n  forward only;\n  forwarders {{ 127.0.0.1 port {port}; }};\n  query-source address {};\n",
                        source(d, t)
                    ));
                }
                // Recursive like every view a client asks (so CNAMEs into
                // the view's other zones are followed), with nothing to
                // recurse to: the root zone answers the rest.
                None => conf.push_str(
                    "  recursion yes;\n  allow-recursion { any; };\n  zone \".\" { type primary; file \"root.db\"; };\n",
                ),
            }
            for (k, (apex, records)) in zones_by_apex(view).into_iter().enumerate() {
                let file = format!("d{d}-v{j}-z{k}.db");
                fs::write(dir.join(&file), zone_text(&apex, &records)).unwrap();
                conf.push_str(&format!(
                    "  zone \"{apex}\" {{ type primary; file \"{file}\"; }};\n"
                ));
            }
            if let Some(ip) = view.nxdomain_redirect {
                // BIND's NXDOMAIN redirection: a wildcard in a redirect zone.
                let file = format!("d{d}-v{j}-redirect.db");
                let text = format!("{ROOT_ZONE}*. IN A {ip}\n");
                fs::write(dir.join(&file), text).unwrap();
                conf.push_str(&format!(
                    "  zone \".\" {{ type redirect; file \"{file}\"; }};\n"
                ));
            }
            conf.push_str("};\n");
        }
    }
    let path = dir.join("named.conf");
    fs::write(&path, conf).unwrap();
    path
}

/// A named run for the test: stopped and its directory removed on drop,
/// also when the test panics.
struct Named {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Drop for Named {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// A port free for both UDP and TCP on 127.0.0.1 (the kernel's choice).
fn free_port() -> u16 {
    loop {
        let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let port = udp.local_addr().unwrap().port();
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// Starts named in the foreground (`-g`, one worker thread: the cores are
/// shared) with every design's views, and waits until it serves.
fn start_named(designs: &[Design]) -> Named {
    let dir = std::env::temp_dir().join(format!("cas-planner-bind-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    let conf = write_named_config(&dir, port, designs);
    let log = fs::File::create(dir.join("named.log")).unwrap();
    let child = Command::new(tool("named"))
        .args(["-g", "-n", "1", "-c"])
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("named starts");
    let mut named = Named { child, dir, port };
    let started = std::time::Instant::now();
    loop {
        let log = fs::read_to_string(named.dir.join("named.log")).unwrap_or_default();
        if log.lines().any(|l| l.ends_with(" running")) {
            return named;
        }
        if let Ok(Some(status)) = named.child.try_wait() {
            panic!("named stopped ({status}) before serving:\n{log}");
        }
        assert!(
            started.elapsed().as_secs() < 30,
            "named did not start in 30 s:\n{log}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// An answer as both sides can say it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// The addresses, sorted (named rotates them).
    Addresses(Vec<Ipv4Addr>),
    NxDomain,
    NoData,
    CnameLoop,
    Other(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Addresses(a) => {
                let a: Vec<String> = a.iter().map(ToString::to_string).collect();
                write!(f, "{}", a.join(", "))
            }
            Outcome::NxDomain => f.write_str("NXDOMAIN"),
            Outcome::NoData => f.write_str("NODATA"),
            Outcome::CnameLoop => f.write_str("CNAME loop"),
            Outcome::Other(o) => f.write_str(o),
        }
    }
}

fn planner_outcome(answer: &Answer) -> Outcome {
    match answer {
        // The planner answers A and AAAA at once; asked for A only, a name
        // with AAAA records alone is NODATA (RFC 3596 §3 keeps them apart).
        Answer::Addresses { addresses, .. } if addresses.is_empty() => Outcome::NoData,
        Answer::Addresses { addresses, .. } => {
            let mut a = addresses.clone();
            a.sort();
            a.dedup();
            Outcome::Addresses(a)
        }
        Answer::NxDomain => Outcome::NxDomain,
        Answer::NoData => Outcome::NoData,
        Answer::CnameLoop => Outcome::CnameLoop,
        other => Outcome::Other(format!("{other:?}")),
    }
}

/// One dig answer: the question, the status and the answer section's
/// (owner, type, rdata).
#[derive(Debug, Default)]
struct Dug {
    question: String,
    status: String,
    /// RFC 8914 extended error text, e.g. `(max. restarts reached)`.
    ede: String,
    answers: Vec<(String, String, String)>,
}

/// Asks named every name in `names` (type A) from `from`, in one dig run.
fn dig_all(
    dig: &Path,
    named: &Named,
    from: Ipv4Addr,
    names: &[String],
) -> BTreeMap<String, Outcome> {
    let batch = named.dir.join(format!("batch-{from}"));
    let lines: Vec<String> = names.iter().map(|n| format!("{n} A")).collect();
    fs::write(&batch, lines.join("\n") + "\n").unwrap();
    let out = Command::new(dig)
        .arg("@127.0.0.1")
        .args(["-p", &named.port.to_string(), "-b", &from.to_string()])
        .args([
            "+tries=2",
            "+time=3",
            "+noall",
            "+comments",
            "+question",
            "+answer",
            "-f",
        ])
        .arg(&batch)
        .output()
        .expect("dig runs");
    let text = String::from_utf8_lossy(&out.stdout);
    if std::env::var_os("BIND_DEBUG").is_some() {
        eprintln!("{}\n{text}", String::from_utf8_lossy(&out.stderr));
    }
    let mut results: Vec<Dug> = Vec::new();
    for line in text.lines() {
        if let Some((_, rest)) = line.split_once("status: ") {
            results.push(Dug {
                status: rest.split(',').next().unwrap_or("").to_string(),
                ..Default::default()
            });
        } else if let (Some(ede), Some(last)) = (line.strip_prefix("; EDE: "), results.last_mut()) {
            last.ede = ede.to_string();
        } else if let (Some(q), Some(last)) = (line.strip_prefix(';'), results.last_mut()) {
            // `;name.  IN  A`, not `; EDNS: …` nor `;; …`.
            let q: Vec<&str> = q.split_whitespace().collect();
            if q.len() == 3 && q[1] == "IN" && last.question.is_empty() {
                last.question = bind_name(q[0]);
            }
        } else if let (Some((fields, rdata)), Some(last)) =
            (split_fields(line, 4), results.last_mut())
        {
            last.answers.push((
                bind_name(fields[0]),
                fields[3].to_string(),
                rdata.to_string(),
            ));
        }
    }
    results
        .into_iter()
        .map(|d| (d.question.clone(), dig_outcome(&d)))
        .collect()
}

fn dig_outcome(d: &Dug) -> Outcome {
    match d.status.as_str() {
        "NXDOMAIN" => return Outcome::NxDomain,
        "NOERROR" => {}
        // named follows a CNAME chain a bounded number of times, then fails.
        "SERVFAIL" if d.ede.contains("max. restarts reached") => return Outcome::CnameLoop,
        other => return Outcome::Other(other.to_string()),
    }
    let mut addresses: Vec<Ipv4Addr> = d
        .answers
        .iter()
        .filter(|(_, t, _)| t == "A")
        .filter_map(|(_, _, ip)| ip.parse().ok())
        .collect();
    if !addresses.is_empty() {
        addresses.sort();
        addresses.dedup();
        return Outcome::Addresses(addresses);
    }
    // A chain that comes back to a name it passed is a loop.
    let mut owners = BTreeSet::new();
    let looped = d
        .answers
        .iter()
        .filter(|(_, t, _)| t == "CNAME")
        .any(|(o, _, _)| !owners.insert(o.clone()))
        || d.answers.iter().any(|(_, t, target)| {
            t == "CNAME"
                && d.answers
                    .first()
                    .is_some_and(|(o, _, _)| *o == bind_name(target))
        });
    if looped {
        Outcome::CnameLoop
    } else {
        Outcome::NoData
    }
}

/// Does `s` look like a DNS name (not an address, not a version)?
fn looks_like_name(s: &str) -> bool {
    let s = s.trim_end_matches('.');
    s.contains('.')
        && s.parse::<Ipv4Addr>().is_err()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.*".contains(c))
        && s.rsplit('.')
            .next()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()) && !tld.is_empty())
}

/// Every name the design uses (its FQDN and host-name fields, its records'
/// owners and targets) and the probes around them: each zone's apex and a
/// missing name and a missing name two labels down, each ancestor of an
/// owner (empty non-terminals), a name below each owner, a wildcard's
/// parent, a name it matches and one two labels down, a name below the
/// wildcard itself, and a name outside every zone.
fn probe_names(s: &Scenario) -> Vec<String> {
    let mut names = BTreeSet::new();
    let mut stack = vec![(String::new(), serde_json::to_value(s).unwrap())];
    while let Some((key, value)) = stack.pop() {
        match value {
            serde_json::Value::Object(m) => stack.extend(m),
            serde_json::Value::Array(a) => stack.extend(a.into_iter().map(|v| (key.clone(), v))),
            serde_json::Value::String(v)
                if (key.contains("fqdn") || key.contains("hostname")) && looks_like_name(&v) =>
            {
                names.insert(fqdn(&v));
            }
            _ => {}
        }
    }
    names.insert("outside-every-zone.invalid.".to_string());
    for view in s.dns_views.iter() {
        for (apex, records) in zones_by_apex(view) {
            names.insert(apex.clone());
            names.insert(format!("no-such-name.{apex}"));
            names.insert(format!("two.no-such-name.{apex}"));
            for r in records {
                let owner = fqdn(&r.name);
                match &r.data {
                    RecordData::Cname { target } | RecordData::Srv { target, .. } => {
                        names.insert(fqdn(target));
                    }
                    _ => {}
                }
                if let Some(parent) = owner.strip_prefix("*.") {
                    names.insert(parent.to_string());
                    names.insert(format!("matched.{parent}"));
                    names.insert(format!("two.matched.{parent}"));
                    names.insert(format!("below.{owner}"));
                } else {
                    names.insert(format!("below.{owner}"));
                }
                let mut n = owner.as_str();
                while n.len() > apex.len() {
                    names.insert(n.to_string());
                    n = n.split_once('.').map_or("", |(_, p)| p);
                }
            }
        }
    }
    names.into_iter().collect()
}

/// What named answered `name` in `view`. A forwarding view passes a
/// failure of the view it forwards to on as a bare SERVFAIL, without the
/// reason: there it is that view's answer (a CNAME loop).
fn bind_outcome(
    bind: &BTreeMap<&str, BTreeMap<String, Outcome>>,
    view: &DnsView,
    name: &str,
) -> Outcome {
    let answer = |id: &str| {
        bind.get(id)
            .and_then(|answers| answers.get(name))
            .cloned()
            .unwrap_or_else(|| Outcome::Other("no answer from named".into()))
    };
    let theirs = answer(&view.id);
    match (&theirs, view.forwards_to.as_deref()) {
        (Outcome::Other(status), Some(to))
            if status == "SERVFAIL" && answer(to) == Outcome::CnameLoop =>
        {
            Outcome::CnameLoop
        }
        _ => theirs,
    }
}

#[test]
#[ignore = "needs BIND: run by `make test-bind`"]
fn resolve_answers_as_named_does() {
    let dig = tool("dig");
    let designs = designs();
    let named = start_named(&designs);
    let mut found = Vec::new();
    let mut asked = 0;
    for (d, design) in designs.iter().enumerate() {
        let world = World::new(&design.scenario);
        let names = probe_names(&design.scenario);
        let views = served(&design.scenario);
        let bind: BTreeMap<&str, BTreeMap<String, Outcome>> = views
            .iter()
            .map(|(j, v)| (v.id.as_str(), dig_all(&dig, &named, source(d, *j), &names)))
            .collect();
        for (_, view) in &views {
            for name in &names {
                asked += 1;
                let key = name.trim_end_matches('.');
                let theirs = bind_outcome(&bind, view, key);
                let ours = planner_outcome(&dns::resolve(&world, &view.id, name).answer);
                if theirs != ours {
                    found.push(Discrepancy::new(
                        &format!("{} view {}", design.label, view.id),
                        key,
                        "A",
                        theirs.to_string(),
                        ours.to_string(),
                    ));
                }
            }
        }
    }
    println!("{asked} questions to named in {} designs", designs.len());
    judge("dns::resolve against named", &found, &[]);
}
