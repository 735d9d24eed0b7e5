//! Any bytes as a client's local Autodiscover XML file (§6 method
//! `local-xml`): read as settings, a redirect or refused with why, and the
//! client's whole Autodiscover run ends with an outcome, never a panic.
#![no_main]

use cas_planner_core::examples;
use cas_planner_core::sim::{read_local_xml, simulate, LocalXml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let LocalXml::Invalid(why) = read_local_xml(&text) {
        assert!(!why.is_empty());
    }
    let mut s = examples::seed_fixed();
    for c in s.clients.iter_mut() {
        c.local_xml = Some(text.to_string());
        c.prefer_local_xml = data.first().is_some_and(|b| b & 1 == 1);
    }
    for c in simulate(&s).clients {
        assert!(
            c.autodiscover.is_some(),
            "every client of the seed is simulated"
        );
    }
});
