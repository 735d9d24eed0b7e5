//! Any bytes, as a user's file or a pasted share link: the loader must return
//! a scenario or an error, never panic; whatever loads must save and load back
//! to the same scenario.
#![no_main]

use cas_planner_core::{file, share};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Browsers read files as text, replacing invalid UTF-8.
    let text = String::from_utf8_lossy(data);
    if let Ok(loaded) = file::load("fuzz.json", &text) {
        let again = file::load("fuzz.json", &file::save(&loaded.scenario)).expect("a saved scenario loads");
        assert_eq!(again.scenario, loaded.scenario);
        // Whatever loads can be simulated and checked.
        let _ = cas_planner_core::advisor::analyze(&loaded.scenario);
    }
    let _ = share::decode(&text);
});
