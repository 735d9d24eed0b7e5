//! Any bytes as a zone file: the parser returns a zone or an error at a
//! line and column inside the text, never panics; every record it returns
//! has an absolute owner, and parsing is deterministic.
#![no_main]

use cas_planner_core::import::zone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count().max(1);
    match zone::parse(&text, Some("fuzz.example")) {
        Ok(z) => {
            for r in &z.records {
                assert!(
                    !r.owner.ends_with('.') && r.line >= 1 && r.line <= lines + 1,
                    "{r:?}"
                );
            }
            assert_eq!(zone::parse(&text, Some("fuzz.example")).ok(), Some(z));
        }
        Err(e) => assert!(
            e.line >= 1 && e.line <= lines + 1 && e.column >= 1,
            "{e} in {lines} lines"
        ),
    }
});
