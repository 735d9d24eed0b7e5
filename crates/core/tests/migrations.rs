//! Every old version's fixture migrates to exactly the expected current file
//! (golden pairs in `tests/fixtures/vN/`: `NAME.json` → `NAME.expected.json`;
//! regenerate the expected files with `UPDATE_FIXTURES=1`).

use cas_planner_core::file::{self, CURRENT_VERSION};
use std::path::PathBuf;

#[test]
fn old_fixtures_migrate_to_the_golden_output() {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures"));
    let mut checked = 0;
    for version in 0..CURRENT_VERSION {
        let dir = root.join(format!("v{version}"));
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".expected.json") {
                continue;
            }
            let loaded = file::load(&name, &std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(loaded.migrated_from, Some(version), "{name}");
            assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
            let got = file::save(&loaded.scenario) + "\n";
            let expected = path.with_file_name(name.replace(".json", ".expected.json"));
            if std::env::var_os("UPDATE_FIXTURES").is_some() {
                std::fs::write(&expected, &got).unwrap();
            }
            assert!(std::fs::read_to_string(&expected).unwrap() == got, "{name} no longer migrates to {}", expected.display());
            checked += 1;
        }
    }
    assert!(checked >= 2, "fixtures checked: {checked}");
}

/// The migrated seed is the current example: migrations lose nothing.
#[test]
fn the_v0_seed_migrates_to_the_current_seed() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/v0/seed-leaking.json")).unwrap();
    let loaded = file::load("seed-leaking.json", &text).unwrap();
    assert_eq!(loaded.scenario, cas_planner_core::examples::seed_leaking());
}
