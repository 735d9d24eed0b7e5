//! Any bytes, as a user's file or a pasted share link: the loader must return
//! a scenario or an error naming the file, never panic; whatever loads must
//! save and load back to the same scenario, and travel through a share link.
#![no_main]

use cas_planner_core::{file, share};
use libfuzzer_sys::fuzz_target;

fn check(text: &str) {
    match file::load("fuzz.json", text) {
        Ok(loaded) => {
            let saved = file::save(&loaded.scenario);
            let again = file::load("fuzz.json", &saved).expect("a saved scenario loads");
            assert_eq!(again.scenario, loaded.scenario, "save → load round trip");
            assert!(
                again.warnings.is_empty(),
                "a saved file has no unknown fields"
            );
            if let Ok(link) = share::encode(&loaded.scenario) {
                assert_eq!(
                    share::decode(&link)
                        .expect("an encoded link decodes")
                        .scenario,
                    loaded.scenario
                );
            }
            // Whatever loads can be simulated and checked.
            let _ = cas_planner_core::analysis::Analysis::of(&loaded.scenario);
        }
        Err(e) => assert!(
            e.to_string().starts_with("fuzz.json"),
            "the message names the file: {e}"
        ),
    }
    if let Err(e) = share::decode(text) {
        assert!(e.to_string().starts_with("shared link"), "{e}");
    }
}

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        // As the CLI reads it: exact text.
        Ok(text) => check(text),
        // As a browser reads it: invalid UTF-8 replaced by U+FFFD (the CLI
        // refuses such a file before the loader sees it).
        Err(_) => check(&String::from_utf8_lossy(data)),
    }
});
