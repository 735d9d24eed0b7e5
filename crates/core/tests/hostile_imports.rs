//! The importers' hostile-input corpora (`tests/hostile-zones/`, `tests/hostile-clixml/`,
//! `tests/hostile-format-list/`, `tests/hostile-csv/`,
//! `tests/hostile-not-exports/`, each described by its `expected.json`):
//! damaged files are refused with the line, the column and what is wrong,
//! never a panic; odd but well-formed ones are read; files that are not
//! exports are named for what they are. A file whose expected.json entry
//! lists `notes` is also imported alone (`import::build`): each listed text
//! must be part of a note, so a value left out is never left out silently.

use cas_planner_core::import::{self, clixml, format_list, shell, zone};
use serde_json::Value;
use std::path::PathBuf;

/// Each file of `tests/DIR` (except `expected.json`, which describes them)
/// through `parse` (given its name and bytes), which gives an error or a
/// count of what it read (`records`, `rows` or `zones` in expected.json).
fn corpus(dir: &str, parse: impl Fn(&str, Vec<u8>) -> Result<usize, String>) {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests")).join(dir);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "expected.json" {
            continue;
        }
        let want = expected
            .get(&name)
            .unwrap_or_else(|| panic!("{name} is not described in expected.json"));
        let count = ["records", "rows", "zones"]
            .iter()
            .find_map(|k| want.get(k))
            .and_then(Value::as_u64);
        match (
            parse(&name, std::fs::read(&path).unwrap()),
            want.get("error").and_then(Value::as_str),
            count,
        ) {
            (Err(e), Some(prefix), _) => {
                assert!(e.starts_with(prefix), "{name}: got {e}, want {prefix}…")
            }
            (Ok(n), None, Some(want)) => assert_eq!(n as u64, want, "{name}"),
            (got, _, _) => panic!("{name}: got {got:?}, want {want}"),
        }
        if let Some(parts) = want.get("notes").and_then(Value::as_array) {
            noted(&name, std::fs::read(&path).unwrap(), parts);
        }
        checked += 1;
    }
    assert!(checked >= 6, "checked {checked}");
}

/// The file imported alone: each of `parts` is in a note, and the design opens.
fn noted(name: &str, bytes: Vec<u8>, parts: &[Value]) {
    let source = import::read_bytes(name, bytes, None).unwrap_or_else(|e| panic!("{e}"));
    let imported = import::build([&source]);
    assert_eq!(
        cas_planner_core::validate::validate(&imported.scenario),
        vec![],
        "{name}"
    );
    for part in parts.iter().filter_map(Value::as_str) {
        assert!(
            imported.notes.iter().any(|n| n.text.contains(part)),
            "{name}: no note contains {part:?}: {:#?}",
            imported.notes
        );
    }
}

/// As a browser reads a file as text: bytes that do not decode become U+FFFD.
fn lossy(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn every_hostile_zone_file_gets_its_expected_answer() {
    corpus("hostile-zones", |_, b| {
        zone::parse(&lossy(b), None)
            .map(|z| z.records.len())
            .map_err(|e| e.to_string())
    });
}

#[test]
fn every_hostile_shell_export_gets_its_expected_answer() {
    corpus("hostile-csv", |_, b| {
        shell::parse(&lossy(b))
            .map(|t| t.rows.len())
            .map_err(|e| e.to_string())
    });
}

/// A large export reads in one pass: 50,000 records, every one kept.
#[test]
fn a_fifty_thousand_record_zone_reads_completely() {
    let text = zone_text(50_000);
    let z = zone::parse(&text, None).unwrap();
    assert_eq!(z.records.len(), 50_001); // and the SOA
    assert_eq!(z.records[50_000].owner, "host49999.contoso.com");
}

fn zone_text(n: usize) -> String {
    let mut s = String::from(";  Database file contoso.com.dns for contoso.com zone.\n@ IN SOA dc01.contoso.com. hostmaster.contoso.com. ( 1 900 600 86400 3600 )\n");
    for i in 0..n {
        s.push_str(&format!(
            "host{i} [AGE:3659458] 1200 A 10.{}.{}.{}\n",
            i / 65536 % 256,
            i / 256 % 256,
            i % 256
        ));
    }
    s
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Any text built from the characters these formats give meaning to:
    /// never a panic, and an error points inside the text.
    #[test]
    fn any_text_gives_records_or_a_placed_error(text in "([ \t\r\n;()\"\\\\$@.*,{}]|[aA0-9]|\\PC|IN|A|TXT|SRV|SOA|\\$ORIGIN|\\$TTL|#TYPE|\\[AGE:1\\]|Name|Fqdn|Site|Members){0,60}") {
        let lines = text.lines().count().max(1);
        if let Err(e) = zone::parse(&text, Some("fuzz.example")) {
            proptest::prop_assert!(e.line >= 1 && e.line <= lines + 1 && e.column >= 1, "{e}");
        }
        let headed = format!("Name,Fqdn,Site,Members\n{text}");
        if let Err(e) = shell::parse(&headed) {
            let lines = headed.replace("\r\n", "\n").replace('\r', "\n").lines().count().max(1);
            proptest::prop_assert!(e.line >= 1 && e.line <= lines + 1, "{e}");
        }
    }
}

#[test]
fn every_hostile_clixml_export_gets_its_expected_answer() {
    corpus("hostile-clixml", |_, b| {
        clixml::parse(&lossy(b))
            .map(|t| t.rows.len())
            .map_err(|e| e.to_string())
    });
}

/// Whole files through recognition (`import::read_bytes`: decoding, which
/// reader, the collector's record CSV): an error naming file, line and
/// column, or the zones read.
#[test]
fn every_hostile_import_file_gets_its_expected_answer() {
    corpus("hostile-imports", |name, b| {
        import::read_bytes(name, b, None)
            .map(|mut s| s.zones_mut().len())
            .map_err(|e| e.to_string())
    });
}

/// Pasted Format-List text (`tests/hostile-format-list/`): the objects read
/// from it, or an error placed inside the text.
#[test]
fn every_hostile_format_list_paste_gets_its_expected_answer() {
    corpus("hostile-format-list", |_, b| {
        format_list::parse(&lossy(b))
            .map(|p| p.tables.iter().map(|t| t.rows.len()).sum())
            .map_err(|e| e.to_string())
    });
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Any text built from what Format-List pastes are made of (the fuzz
    /// target `format_list` does the same with any bytes): never a panic,
    /// objects in order at lines inside the text, or an error placed there;
    /// and what is read makes a design that opens.
    #[test]
    fn any_paste_gives_objects_or_a_placed_error(text in "([ \t\r\n:{},.`>]|\\.\\.\\.\\}|[aA0-9]|\\PC|Name|Fqdn|Members|Server|RpcClientAccessServer|ExternalHostname|ClientAuthenticationMethod|\\[PS\\] C:\\\\>Get-ExchangeServer|Get-OutlookAnywhere|  ){0,80}") {
        let lines = text.replace("\r\n", "\n").replace('\r', "\n").lines().count().max(1);
        match format_list::parse(&text) {
            Ok(p) => {
                for t in &p.tables {
                    proptest::prop_assert!(t.rows.windows(2).all(|w| w[0].line < w[1].line));
                    proptest::prop_assert!(t.rows.iter().all(|r| r.line >= 1 && r.line <= lines));
                }
            }
            Err(e) => proptest::prop_assert!(e.line >= 1 && e.line <= lines + 1, "{e}"),
        }
        if let Some(e) = format_list::format_table(&text) {
            proptest::prop_assert!(e.line >= 1 && e.line <= lines + 1, "{e}");
        }
        // Whatever is read makes a design that opens.
        if let Ok(s) = import::read("paste.txt", &text, None) {
            let imported = import::build([&s]);
            let problems = cas_planner_core::validate::validate(&imported.scenario);
            proptest::prop_assert!(problems.is_empty(), "{problems:?}");
        }
    }
}

/// Files that are not exports (an update log, printed tables, scripts, a
/// saved page, empty files): one line saying what each is.
#[test]
fn every_file_that_is_not_an_export_is_named() {
    corpus("hostile-not-exports", |name, b| {
        import::read_bytes(name, b, None)
            .map(|mut s| s.zones_mut().len())
            .map_err(|e| {
                assert!(!e.to_string().contains('\n'), "{e}");
                e.to_string()
            })
    });
}

/// `$INCLUDE` among files read together: whatever the two texts, a result
/// per file, an error placed inside the file it names, never a panic.
fn two_files(outer: &str, inner: &str) -> Result<(), String> {
    let files = [
        import::Input::new(
            "zones/db.fuzz.example",
            &format!("$ORIGIN fuzz.example.\n{outer}\n$INCLUDE ../inc.zone\n"),
            None,
        ),
        import::Input::new("inc.zone", inner, None),
    ];
    let results = import::read_all(&files);
    if results.len() != 2 {
        return Err(format!("{} results", results.len()));
    }
    for r in &results {
        if let Err(e) = r {
            let text = if e.file == "inc.zone" {
                inner.to_string()
            } else {
                files[0].text.clone()
            };
            let lines = text.lines().count().max(1);
            if e.error.line < 1 || e.error.line > lines + 1 || e.error.column < 1 {
                return Err(format!("{e} outside {lines} lines of {}", e.file));
            }
        }
    }
    Ok(())
}

#[test]
fn included_files_resolve_or_fail_in_place() {
    two_files(
        "www A 10.0.0.1",
        "mail A 10.0.0.2\n$INCLUDE zones/db.fuzz.example\n",
    )
    .unwrap();
    two_files("", "$INCLUDE inc.zone\n").unwrap();
    two_files("x TXT \"a\"", "mail A 10.0.0.300\n").unwrap();
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

    #[test]
    fn any_included_text_gives_results_or_placed_errors(outer in "([ \t\n;()\"$@.*]|[aA0-9]|IN|A|TXT|SRV|SOA|DYNA|TYPE257|\\\\#|\\$ORIGIN|\\$INCLUDE|inc.zone|\\.\\./inc.zone){0,30}", inner in "([ \t\n;()\"$@.*]|[aA0-9]|IN|A|TXT|SRV|SOA|DYNA|\\$ORIGIN|\\$INCLUDE|inc.zone|zones/db.fuzz.example){0,30}") {
        proptest::prop_assert!(two_files(&outer, &inner).is_ok(), "{:?}", two_files(&outer, &inner));
    }
}

/// A few small files including one another many times would expand without
/// end: the includes are bounded as one file is (64 MB), with a clear error.
#[test]
fn include_fan_out_is_bounded() {
    let c = "; a comment line of padding, nothing more, to make the file large\n".repeat(16_000);
    let a = format!("$ORIGIN fan.example.\n{}", "$INCLUDE b.zone\n".repeat(10));
    let b = "$INCLUDE c.zone\n".repeat(10);
    let files = [
        import::Input::new("a.zone", &a, None),
        import::Input::new("b.zone", &b, None),
        import::Input::new("c.zone", &c, None),
    ];
    let results = import::read_all(&files);
    let e = results[0].as_ref().unwrap_err();
    assert!(
        e.to_string()
            .contains("the includes add up to more than 67 MB"),
        "{e}"
    );
}
