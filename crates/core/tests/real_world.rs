//! The zone files real servers and DNS hosts wrote (`../shared/real-world/`,
//! beside the repository; its README says where each came from), imported
//! as the command line imports them (`import::read_all`): what came in,
//! counted per type.
//!
//! The expected counts were taken from the files, not from the importer:
//! per file, an awk script took, on every line that is not a comment, the
//! first field that is a type name (A, AAAA, CNAME, MX, NS, SOA, TXT, SRV,
//! PTR, CAA, DYNA, TYPE257) and counted it; duplicates (same owner, type
//! and data, lower-cased) were counted by a second awk script over db.ocf.
//! Each figure below was then checked by reading the file.

use cas_planner_core::import::{self, zone::Rdata, Content, ImportedZone, Input, Source};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn real(path: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/real-world/"
    ))
    .join(path)
}

/// The files read together, as `cas-planner import a b …` reads them.
fn read(paths: &[&str]) -> Vec<Result<Source, import::ImportError>> {
    let inputs: Vec<Input> = paths
        .iter()
        .map(|p| {
            let path = real(p);
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Input::from_bytes(&path.to_string_lossy(), bytes, None)
        })
        .collect();
    import::read_all(&inputs)
}

/// The one zone of a file read alone.
fn zone_of(path: &str) -> (ImportedZone, Vec<String>) {
    let source = read(&[path]).remove(0).unwrap_or_else(|e| panic!("{e}"));
    match source.content {
        Content::Zones(mut z) if z.len() == 1 => (z.remove(0), source.notes),
        other => panic!("{path}: {other:?}"),
    }
}

/// Records per type ("A", "CNAME", …, or the type a record the planner does
/// not model was written with).
fn counts(z: &ImportedZone) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for r in &z.records {
        let t = match &r.data {
            Rdata::A(_) => "A".to_string(),
            Rdata::Aaaa(_) => "AAAA".into(),
            Rdata::Cname(_) => "CNAME".into(),
            Rdata::Srv { .. } => "SRV".into(),
            Rdata::Txt(_) => "TXT".into(),
            Rdata::Other(t) => t.clone(),
        };
        *out.entry(t).or_insert(0) += 1;
    }
    out
}

fn expect(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(t, n)| (t.to_string(), *n)).collect()
}

fn has_note(notes: &[String], part: &str) -> bool {
    notes.iter().any(|n| n.contains(part))
}

fn wildcards(z: &ImportedZone) -> Vec<&str> {
    let mut w: Vec<&str> = z
        .records
        .iter()
        .map(|r| r.owner.as_str())
        .filter(|o| o.starts_with("*."))
        .collect();
    w.dedup();
    w
}

/// Windows DNS (2006): the zone named only in the header, CRLF, class
/// only on the SOA, glue with absolute owners.
#[test]
fn windows_dns_forward_zone() {
    let (z, notes) = zone_of("windns/svccorp.com.dns");
    assert_eq!(z.name, "svccorp.com");
    assert_eq!(
        counts(&z),
        expect(&[("A", 57), ("CNAME", 1), ("MX", 1), ("NS", 3), ("SOA", 1)])
    );
    let r = z
        .records
        .iter()
        .find(|r| r.owner == "hmisomniforms.svccorp.com")
        .unwrap();
    assert_eq!(r.data, Rdata::Cname("hmissandbox.svccorp.com".into()));
    assert!(!has_note(&notes, "was taken"), "{notes:?}");
}

/// Owner-less continuation lines: the second PTR of 114 is 114's. The
/// name servers' glue (A records of svccorp.com names) is outside the zone
/// and left out with a note, as BIND leaves it.
#[test]
fn windows_dns_reverse_zone() {
    let (z, notes) = zone_of("windns/250.168.192.in-addr.arpa.dns");
    assert_eq!(z.name, "250.168.192.in-addr.arpa");
    assert_eq!(counts(&z), expect(&[("NS", 2), ("PTR", 5), ("SOA", 1)]));
    assert!(
        has_note(
            &notes,
            "2 record(s) outside the zone 250.168.192.in-addr.arpa left out"
        ),
        "{notes:?}"
    );
    let at_114 = z
        .records
        .iter()
        .filter(|r| r.owner == "114.250.168.192.in-addr.arpa")
        .count();
    assert_eq!(at_114, 2);
}

/// The DNS server's update log beside the zones is named for what it is.
#[test]
fn the_windows_dns_update_log_is_refused_for_what_it_is() {
    let e = read(&["windns/sci-ca.com.dns.log"]).remove(0).unwrap_err();
    assert!(e.file.ends_with("sci-ca.com.dns.log"));
    assert_eq!((e.error.line, e.error.column), (1, 1));
    assert!(
        e.error
            .message
            .starts_with("this is a Windows DNS server's update log"),
        "{e}"
    );
    assert!(!e.error.message.contains('\n'));
}

/// Cloudflare's export: `$ORIGIN .` then `@ … SOA`, TTL 1, the placeholder
/// NS, `;; A Records` comments. It holds no wildcard (the other exports of
/// the same repository do; see `a_cloudflare_wildcard_is_read`).
#[test]
fn cloudflare_export() {
    let (z, notes) = zone_of("cloudflare/hypster.com");
    assert_eq!(z.name, "hypster.com");
    assert_eq!(
        counts(&z),
        expect(&[
            ("A", 17),
            ("CNAME", 11),
            ("MX", 8),
            ("NS", 1),
            ("SOA", 1),
            ("TXT", 8)
        ])
    );
    assert_eq!(z.records[0].owner, "hypster.com");
    assert!(z.records.iter().all(|r| r.owner.ends_with("hypster.com")));
    assert!(wildcards(&z).is_empty());
    assert!(
        has_note(&notes, "\"@\" under \"$ORIGIN .\" taken as hypster.com"),
        "{notes:?}"
    );
    // 46 records, all but the SOA with TTL 1.
    assert!(has_note(&notes, "45 record(s) have TTL 1"), "{notes:?}");
    assert!(
        has_note(&notes, "1 NS record(s) name a placeholder"),
        "{notes:?}"
    );
}

/// gdnsd: two `DYNA` records (one the wildcard) skipped with a count,
/// RFC 3597 CAA read as CAA, SRV, relative CNAME targets.
#[test]
fn gdnsd_wikitide() {
    let (z, notes) = zone_of("gdnsd/wikitide.org");
    assert_eq!(z.name, "wikitide.org");
    assert_eq!(
        counts(&z),
        expect(&[
            ("CAA", 2),
            ("CNAME", 3),
            ("DYNA", 2),
            ("MX", 1),
            ("NS", 2),
            ("SOA", 1),
            ("SRV", 2),
            ("TXT", 14)
        ])
    );
    assert_eq!(wildcards(&z), ["*.wikitide.org"]);
    assert!(has_note(&notes, "2 DYNA"), "{notes:?}");
    let www = z
        .records
        .iter()
        .find(|r| r.owner == "www.wikitide.org")
        .unwrap();
    assert_eq!(www.data, Rdata::Cname("cf-lb.miraheze.org".into()));
}

#[test]
fn gdnsd_miraheze() {
    let (z, notes) = zone_of("gdnsd/miraheze.org");
    assert_eq!(z.name, "miraheze.org");
    assert_eq!(
        counts(&z),
        expect(&[
            ("A", 2),
            ("AAAA", 2),
            ("CAA", 3),
            ("CNAME", 1),
            ("DYNA", 11),
            ("MX", 2),
            ("NS", 2),
            ("SOA", 1),
            ("SRV", 2),
            ("TXT", 5)
        ])
    );
    assert_eq!(wildcards(&z), ["*.miraheze.org", "*.m.miraheze.org"]);
    assert!(has_note(&notes, "11 DYNA"), "{notes:?}");
    // The owner-less AAAA belongs to ns1; `blog CNAME issue-tracker` is relative.
    assert!(z
        .records
        .iter()
        .any(|r| r.owner == "ns1.miraheze.org" && matches!(r.data, Rdata::Aaaa(_))));
    let blog = z
        .records
        .iter()
        .find(|r| r.owner == "blog.miraheze.org")
        .unwrap();
    assert_eq!(blog.data, Rdata::Cname("issue-tracker.miraheze.org".into()));
}

/// BIND: `$TTL 5m`, `CNAME @`, mixed-case targets, lower-case class, a
/// CNAME target without its dot that ends in a public domain (warned of).
#[test]
fn bind_asuc() {
    let (z, notes) = zone_of("bind/etc/zones/db.asuc.org");
    assert_eq!(z.name, "asuc.org");
    assert_eq!(
        counts(&z),
        expect(&[
            ("A", 7),
            ("AAAA", 4),
            ("CNAME", 52),
            ("MX", 20),
            ("NS", 2),
            ("SOA", 1),
            ("TXT", 11)
        ])
    );
    assert!(z.records.iter().all(|r| r.ttl == Some(300)));
    let www = z
        .records
        .iter()
        .find(|r| r.owner == "www.asuc.org")
        .unwrap();
    assert_eq!(www.data, Rdata::Cname("asuc.org".into()));
    let wiki = z
        .records
        .iter()
        .find(|r| r.owner == "wiki.asuc.org")
        .unwrap();
    assert_eq!(wiki.data, Rdata::Cname("death.ocf.berkeley.edu".into()));
    assert!(
        has_note(
            &notes,
            "line 108: CNAME gv-hpsy6y2wwitqll.dv.googlehosted.com → gv-hpsy6y2wwitqll.dv.googlehosted.com.asuc.org"
        ),
        "{notes:?}"
    );
}

/// `$INCLUDE ../db.ocf` with both files given: the SOA and 981 records of
/// db.ocf in zone ocf.berkeley.edu (14 of its CNAMEs repeat an earlier
/// one and are read once), and db.ocf says where its records went.
#[test]
fn bind_include_given_together() {
    let mut got = read(&["bind/etc/zones/db.ocf.berkeley.edu", "bind/etc/db.ocf"]);
    let included = got.remove(1).unwrap_or_else(|e| panic!("{e}"));
    let top = got.remove(0).unwrap_or_else(|e| panic!("{e}"));
    let Content::Zones(zones) = &top.content else {
        panic!("{:?}", top.content)
    };
    let z = &zones[0];
    assert_eq!(z.name, "ocf.berkeley.edu");
    // 23 records in db.ocf.berkeley.edu, 981 in db.ocf, less 14 repeats.
    assert_eq!(
        counts(z),
        expect(&[
            ("A", 289),
            ("AAAA", 239),
            ("CAA", 5),
            ("CNAME", 441 + 2 - 14),
            ("MX", 3 + 10),
            ("NS", 3),
            ("SOA", 1),
            ("SRV", 2),
            ("TXT", 1 + 8)
        ])
    );
    assert!(
        has_note(&top.notes, "14 duplicate record(s)"),
        "{:?}",
        top.notes
    );
    // AAAA records are imported (§10 ipv6 1): every one reaches the design,
    // and the note on what was not imported counts only the others.
    let skipped = top
        .notes
        .iter()
        .find(|n| n.contains("of types the planner does not model, not imported"))
        .unwrap_or_else(|| panic!("{:?}", top.notes));
    assert_eq!(
        skipped,
        "22 record(s) of types the planner does not model, not imported: 5 CAA, 13 MX, 3 NS, 1 SOA"
    );
    let design = import::build([&top, &included]);
    let aaaa = design
        .scenario
        .dns_views
        .iter()
        .flat_map(|v| &v.zones)
        .flat_map(|z| &z.records)
        .filter(|r| r.data.type_name() == "AAAA")
        .count();
    assert_eq!(aaaa, 239);
    // The included records, marked with their file.
    let fw = z
        .records
        .iter()
        .find(|r| r.owner == "firewall.ocf.berkeley.edu")
        .unwrap();
    assert_eq!(fw.data, Rdata::A([128, 32, 84, 11].into()));
    assert!(fw
        .file
        .as_deref()
        .is_some_and(|f| f.ends_with("bind/etc/db.ocf")));
    // 17 wildcard lines (grep -c '^\*' db.ocf), on 14 names (*.tele,
    // *.dev-tele and *.war have an A and an AAAA each).
    let wild = z
        .records
        .iter()
        .filter(|r| r.owner.starts_with("*."))
        .count();
    assert_eq!((wild, wildcards(z).len()), (17, 14));
    let apphost = z
        .records
        .iter()
        .find(|r| r.owner == "*.apphost.ocf.berkeley.edu")
        .unwrap();
    assert_eq!(
        apphost.data,
        Rdata::Cname("vampires.ocf.berkeley.edu".into())
    );
    assert!(z
        .records
        .iter()
        .any(|r| r.owner == "*.xn--wxa.ocf.berkeley.edu"));
    match &included.content {
        Content::Included(by) => {
            assert_eq!(by.len(), 1);
            assert_eq!((by[0].line, by[0].records), (8, 981));
            assert!(by[0].by.ends_with("db.ocf.berkeley.edu"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        included.summary().starts_with("included: 981 records"),
        "{}",
        included.summary()
    );
}

/// Given alone: refused, naming the missing include, where the CLI reads
/// it; read with a note naming it where one file is read at a time.
#[test]
fn bind_include_alone() {
    let e = read(&["bind/etc/zones/db.ocf.berkeley.edu"])
        .remove(0)
        .unwrap_err();
    assert_eq!((e.error.line, e.error.column), (8, 10));
    assert!(
        e.error
            .message
            .starts_with("$INCLUDE ../db.ocf: no file given"),
        "{e}"
    );
    let text = std::fs::read_to_string(real("bind/etc/zones/db.ocf.berkeley.edu")).unwrap();
    let s = import::read("db.ocf.berkeley.edu", &text, None).unwrap();
    assert!(
        has_note(&s.notes, "$INCLUDE ../db.ocf not read"),
        "{:?}",
        s.notes
    );
    // db.ocf alone has no $ORIGIN: refused with a placed reason, not a panic.
    let text = std::fs::read_to_string(real("bind/etc/db.ocf")).unwrap();
    let e = import::read("db.ocf", &text, None).unwrap_err();
    assert!(e.error.message.contains("zone's name"), "{e}");
}

/// Every zone file of the folder at once, as `cas-planner import DIR…`.
#[test]
fn the_whole_folder_reads() {
    let got = read(&[
        "windns/svccorp.com.dns",
        "windns/250.168.192.in-addr.arpa.dns",
        "cloudflare/hypster.com",
        "gdnsd/wikitide.org",
        "gdnsd/miraheze.org",
        "bind/etc/zones/db.asuc.org",
        "bind/etc/zones/db.ocf.berkeley.edu",
        "bind/etc/db.ocf",
    ]);
    let summaries: Vec<String> = got
        .iter()
        .map(|r| {
            r.as_ref()
                .map(Source::summary)
                .unwrap_or_else(|e| e.to_string())
        })
        .collect();
    assert_eq!(
        summaries,
        [
            "zone svccorp.com (63 records, external)",
            "zone 250.168.192.in-addr.arpa (8 records, internal)",
            "zone hypster.com (46 records, external)",
            "zone wikitide.org (27 records, external)",
            "zone miraheze.org (31 records, external)",
            "zone asuc.org (97 records, external)",
            "zone ocf.berkeley.edu (990 records, external)",
            &summaries[7],
        ]
    );
    assert!(summaries[7].starts_with("included: 981 records"));
    let sources: Vec<Source> = got.into_iter().map(Result::unwrap).collect();
    let imported = import::build(&sources);
    assert!(cas_planner_core::validate::validate(&imported.scenario).is_empty());
}
