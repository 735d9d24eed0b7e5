//! The hostile-input corpus (`tests/hostile/`, described by its
//! `expected.json`) through the loader and the CLI: a clear message naming
//! the file for every refused input, never a panic; valid-but-odd files load.

use cas_planner_core::file;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn corpus() -> (PathBuf, Value) {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/hostile"));
    let expected = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    (dir, expected)
}

fn cli(path: &std::path::Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cas-planner")).arg("simulate").arg(path).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn every_corpus_file_gets_its_expected_outcome() {
    let (dir, expected) = corpus();
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| !p.ends_with("expected.json")).collect();
    assert!(files.len() >= 12, "{} corpus files", files.len());
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let want = &expected[&name];
        assert!(want.is_object(), "expected.json has no entry for {name}");
        // As a browser reads it: text, invalid UTF-8 replaced.
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let loaded = file::load(&name, &text);
        let (code, stderr) = cli(&path);
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        if want["loads"] == true {
            let loaded = loaded.unwrap_or_else(|e| panic!("{name} should load: {e}"));
            if let Some(w) = want["warns"].as_str() {
                assert!(loaded.warnings.iter().any(|x| x == w), "{name}: {:?}", loaded.warnings);
            }
            assert_eq!(code, Some(0), "{name}: {stderr}");
        } else {
            let msg = loaded.expect_err(&name).to_string();
            assert!(msg.starts_with(&name), "{msg} names the file first");
            assert!(msg.contains(want["message"].as_str().unwrap()), "{name}: {msg}");
            assert_eq!(code, Some(2), "{name}: {stderr}");
            assert_eq!(stderr.trim_end().lines().count(), 1, "{name}: one line: {stderr}");
            let cli_want = want["cli_message"].as_str().or(want["message"].as_str()).unwrap();
            assert!(stderr.contains(cli_want) && stderr.contains(&name), "{name}: {stderr}");
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
    assert!(msg.contains("the planner opens files up to 16 MB"), "{msg}");
    let (code, stderr) = cli(&path);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("opens files up to"), "{stderr}");
    std::fs::remove_file(path).ok();
}
