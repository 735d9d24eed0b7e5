//! The hostile zone-file corpus (`tests/hostile-zones/`, described by its
//! `expected.json`): damaged files are refused with the line, the column and
//! what is wrong, never a panic; odd but well-formed ones are read.

use cas_planner_core::import::zone;
use serde_json::Value;
use std::path::PathBuf;

#[test]
fn every_hostile_zone_file_gets_its_expected_answer() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/hostile-zones"));
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "expected.json" {
            continue;
        }
        let want = expected.get(&name).unwrap_or_else(|| panic!("{name} is not described in expected.json"));
        // As a browser reads a file: bytes that do not decode become U+FFFD.
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        match (zone::parse(&text, None), want.get("error").and_then(Value::as_str), want.get("records").and_then(Value::as_u64)) {
            (Err(e), Some(prefix), _) => assert!(e.to_string().starts_with(prefix), "{name}: got {e}, want {prefix}…"),
            (Ok(z), None, Some(n)) => assert_eq!(z.records.len() as u64, n, "{name}"),
            (got, _, _) => panic!("{name}: got {got:?}, want {want}"),
        }
        checked += 1;
    }
    assert!(checked >= 10, "checked {checked}");
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
        s.push_str(&format!("host{i} [AGE:3659458] 1200 A 10.{}.{}.{}\n", i / 65536 % 256, i / 256 % 256, i % 256));
    }
    s
}
