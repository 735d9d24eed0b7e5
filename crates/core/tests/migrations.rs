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
            let loaded = file::load(&name, &std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(loaded.migrated_from, Some(version), "{name}");
            // Only what the migrations decided (each view's audience before
            // version 4, the CAS certificates before 5, Outlook 2010 and the
            // organisation's MAPI/HTTP before 6), no unknown field.
            let (mapi, rest): (Vec<&String>, Vec<&String>) =
                loaded.warnings.iter().partition(|w| {
                    w.starts_with("Outlook 2010 clients ")
                        || w.starts_with("the organisation's MAPI/HTTP set on")
                        || w.starts_with("Client Access servers ")
                        || w.starts_with("sites ")
                });
            let (ntlm, rest): (Vec<&String>, Vec<&String>) = rest
                .into_iter()
                .partition(|w| w.starts_with("Outlook Anywhere of Exchange 2010 servers "));
            let (views, certificates): (Vec<&String>, Vec<&String>) =
                rest.into_iter().partition(|w| w.starts_with("DNS view "));
            // With a newer Outlook Anywhere server and 2010 mailboxes, the
            // 2010 servers' NTLM before 7 (§11 coexist 5).
            let proxied = loaded.scenario.sites.iter().any(|s| {
                s.cas_servers
                    .iter()
                    .any(|c| !c.exchange_version.has_rpc_tcp() && c.outlook_anywhere.enabled)
            }) && loaded
                .scenario
                .sites
                .iter()
                .any(|s| s.databases.iter().any(|d| d.exchange_version.has_rpc_tcp()))
                && loaded.scenario.sites.iter().any(|s| {
                    s.cas_servers
                        .iter()
                        .any(|c| c.exchange_version.has_rpc_tcp() && c.outlook_anywhere.enabled)
                });
            assert_eq!(
                ntlm.len(),
                usize::from(proxied && version < 7),
                "{name}: {ntlm:?}"
            );
            let outlook_2010 = loaded
                .scenario
                .clients
                .iter()
                .any(|c| c.outlook_version == cas_planner_core::model::OutlookVersion::O2010);
            let newer_mailboxes = version < 6
                && loaded.scenario.sites.iter().any(|s| {
                    s.databases
                        .iter()
                        .any(|d| !d.exchange_version.has_rpc_tcp())
                });
            // Outlook 2010's note, and with newer mailboxes the
            // organisation's and the servers' (or the mixed sites').
            assert_eq!(
                mapi.len(),
                usize::from(outlook_2010 && version < 6) + 2 * usize::from(newer_mailboxes),
                "{name}: {mapi:?}"
            );
            assert!(
                certificates
                    .iter()
                    .all(|w| w.starts_with("certificates of CAS ")),
                "{name}: {:?}",
                loaded.warnings
            );
            let expected_views = if version < 4 {
                loaded.scenario.dns_views.len()
            } else {
                0
            };
            assert_eq!(views.len(), expected_views, "{name}");
            let has_cas = loaded
                .scenario
                .sites
                .iter()
                .any(|s| !s.cas_servers.is_empty());
            assert_eq!(
                certificates.len(),
                usize::from(has_cas && version < 5),
                "{name}"
            );
            let got = file::save(&loaded.scenario) + "\n";
            let expected = path.with_file_name(name.replace(".json", ".expected.json"));
            if std::env::var_os("UPDATE_FIXTURES").is_some() {
                std::fs::write(&expected, &got).unwrap();
            }
            assert!(
                std::fs::read_to_string(&expected).unwrap() == got,
                "{name} no longer migrates to {}",
                expected.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 2, "fixtures checked: {checked}");
}

/// The migrated seed is the current example: migrations lose nothing.
#[test]
fn the_v0_seed_migrates_to_the_current_seed() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/v0/seed-leaking.json"
    ))
    .unwrap();
    let loaded = file::load("seed-leaking.json", &text).unwrap();
    assert_eq!(loaded.scenario, cas_planner_core::examples::seed_leaking());
}

/// A file from a newer planner is refused with this exact message.
#[test]
fn a_newer_version_asks_for_an_update_verbatim() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/hostile/newer-version.json"
    ))
    .unwrap();
    let e = file::load("newer-version.json", &text).unwrap_err();
    assert_eq!(
        e.reason,
        file::LoadErrorReason::FromTheFuture { version: 99 }
    );
    assert_eq!(
        e.to_string(),
        "newer-version.json: this scenario was saved by a newer CAS Array Planner \
         (file format version 99; this planner reads up to 7). Update the planner to open it"
    );
    // The next version is already "newer".
    let next = text.replacen(
        "\"version\": 99",
        &format!("\"version\": {}", CURRENT_VERSION + 1),
        1,
    );
    assert!(matches!(
        file::load("n.json", &next).unwrap_err().reason,
        file::LoadErrorReason::FromTheFuture { .. }
    ));
}

/// Migration problems are reported with the migrated path, and unknown
/// fields of an old file are warnings, as for a current file.
#[test]
fn old_files_get_the_same_checks() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/v0/seed-leaking.json"
    ))
    .unwrap();
    let odd = text.replacen(
        "\"organisation\"",
        "\"colour\": \"blue\",\n  \"organisation\"",
        1,
    );
    let loaded = file::load("v0.json", &odd).unwrap();
    assert_eq!(
        loaded.warnings.last().map(String::as_str),
        Some("unknown field scenario.colour ignored")
    );
    let bad = text.replacen("\"10.10.10.11\"", "\"10.10.10.999\"", 1);
    let msg = file::load("v0.json", &bad).unwrap_err().to_string();
    assert!(
        msg.starts_with(
            "v0.json: at scenario.sites[0].cas_servers[0].ip: invalid IPv4 address syntax"
        ),
        "{msg}"
    );
}

/// Issue 27's case, in a version 3 file: only outside clients. Version 3
/// took every view as inside; the migration keeps the internal view inside
/// and the Internet outside, so the advisor no longer asks to publish the
/// array name in public DNS, and one fix leaves no error.
#[test]
fn an_external_only_v3_design_gets_its_views_right() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/v3/external-only-wildcard.json"
    ))
    .unwrap();
    let loaded = file::load("external-only-wildcard.json", &text).unwrap();
    let audiences: Vec<(&str, cas_planner_core::model::Audience)> = loaded
        .scenario
        .dns_views
        .iter()
        .map(|v| (v.id.as_str(), v.audience))
        .collect();
    use cas_planner_core::model::Audience::*;
    assert_eq!(
        audiences,
        [("view-internal", Internal), ("view-internet", External)]
    );
    let all = cas_planner_core::fixes::apply_all(&loaded.scenario);
    assert_eq!(all.applied.len(), 1);
    let after = cas_planner_core::analysis::Analysis::of(&all.after);
    assert!(after
        .findings
        .iter()
        .all(|f| f.severity != cas_planner_core::advisor::Severity::Error));
}
