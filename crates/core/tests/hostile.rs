//! The hostile-input corpus (`tests/hostile/`, described by its
//! `expected.json`) through the loader and the CLI: a clear message naming
//! the file for every refused input, never a panic; valid-but-odd files load.

use cas_planner_core::file;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn corpus() -> (PathBuf, Value) {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/hostile"));
    let expected =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    (dir, expected)
}

fn cli(path: &std::path::Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cas-planner"))
        .arg("simulate")
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A file as `FileReader.readAsText` decodes it (the Encoding standard's
/// "decode"): a byte-order mark picks UTF-8, UTF-16LE or UTF-16BE and is
/// dropped; otherwise UTF-8; bytes that do not decode become U+FFFD.
fn browser_text(bytes: &[u8]) -> String {
    let utf16 = |rest: &[u8], from: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| {
                if c.len() == 2 {
                    from([c[0], c[1]])
                } else {
                    0xfffd
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    match bytes {
        [0xef, 0xbb, 0xbf, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        [0xff, 0xfe, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xfe, 0xff, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn strings(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        Value::Object(o) => o.values().flat_map(strings).collect(),
        _ => vec![],
    }
}

/// Every entry of `expected.json` has its file, so the browser test sees them all.
#[test]
fn every_expectation_has_its_file() {
    let (dir, expected) = corpus();
    for name in expected.as_object().unwrap().keys() {
        assert!(dir.join(name).is_file(), "tests/hostile/{name} is missing");
    }
}

#[test]
fn every_corpus_file_gets_its_expected_outcome() {
    let (dir, expected) = corpus();
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("expected.json"))
        .collect();
    assert!(files.len() >= 12, "{} corpus files", files.len());
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let want = &expected[&name];
        assert!(want.is_object(), "expected.json has no entry for {name}");
        let text = browser_text(&std::fs::read(&path).unwrap());
        let loaded = file::load(&name, &text);
        let (code, stderr) = cli(&path);
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        if want["loads"] == true {
            let loaded = loaded.unwrap_or_else(|e| panic!("{name} should load: {e}"));
            if let Some(shown) = want["shows"].as_str() {
                // The name is kept exactly as written, markup and all.
                let value = serde_json::to_value(&loaded.scenario).unwrap();
                assert!(
                    strings(&value).iter().any(|s| s.contains(shown)),
                    "{name}: no name contains {shown}"
                );
            }
            if let Some(w) = want["warns"].as_str() {
                assert!(
                    loaded.warnings.iter().any(|x| x == w),
                    "{name}: {:?}",
                    loaded.warnings
                );
            }
            assert_eq!(code, Some(0), "{name}: {stderr}");
        } else {
            let msg = loaded.expect_err(&name).to_string();
            assert!(msg.starts_with(&name), "{msg} names the file first");
            assert!(
                msg.contains(want["message"].as_str().unwrap()),
                "{name}: {msg}"
            );
            assert_eq!(code, Some(2), "{name}: {stderr}");
            assert_eq!(
                stderr.trim_end().lines().count(),
                1,
                "{name}: one line: {stderr}"
            );
            let cli_want = want["cli_message"]
                .as_str()
                .or(want["message"].as_str())
                .unwrap();
            assert!(
                stderr.contains(cli_want) && stderr.contains(&name),
                "{name}: {stderr}"
            );
        }
    }
}

/// A file over the size limit is refused before parsing, with the limit named.
#[test]
fn a_huge_file_is_refused_by_size() {
    let path = std::env::temp_dir().join(format!("huge-{}.casplan.json", std::process::id()));
    let mut text = String::from("{\"format\":\"cas-planner/scenario\",\"scenario\":{\"name\":\"");
    text.push_str(&"x".repeat(file::MAX_FILE_BYTES));
    text.push_str("\"}}");
    std::fs::write(&path, &text).unwrap();
    let msg = file::load("huge.json", &text).unwrap_err().to_string();
    assert!(
        msg.starts_with("huge.json: the file is 16.1 MiB; the planner opens files up to 16 MiB"),
        "{msg}"
    );
    let (code, stderr) = cli(&path);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("the file is 16.1 MiB; the planner opens files up to 16 MiB"),
        "{stderr}"
    );
    assert!(stderr.contains(&*path.to_string_lossy()), "{stderr}");
    std::fs::remove_file(path).ok();
}
