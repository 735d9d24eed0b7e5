//! Any bytes as any export, under the names a user might give it, then the
//! mapping to a design: an error at a line inside the text or a design that
//! passes validation (so it can be opened), never a panic.
#![no_main]

use cas_planner_core::import::{self, Side};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = import::decode(data.to_vec());
    let lines = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .lines()
        .count()
        .max(1);
    let mut sources = Vec::new();
    for (name, side) in [
        ("export.csv", None),
        ("contoso.com.dns", Some(Side::External)),
        ("db.contoso.local", None),
    ] {
        match import::read(name, &text, side) {
            Ok(s) => sources.push(s),
            Err(e) => assert!(
                e.error.line >= 1 && e.error.line <= lines + 1,
                "{e} in {lines} lines"
            ),
        }
    }
    let imported = import::build(&sources);
    let problems = cas_planner_core::validate::validate(&imported.scenario);
    assert!(problems.is_empty(), "{problems:?}");
});
