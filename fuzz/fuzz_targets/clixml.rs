//! Any bytes as an Export-Clixml file: a table or an error at a line inside
//! the text, never a panic (nor a stack overflow on deep nesting).
#![no_main]

use cas_planner_core::import::clixml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count().max(1);
    match clixml::parse(&text) {
        Ok(t) => assert!(t.rows.windows(2).all(|w| w[0].line <= w[1].line)),
        Err(e) => assert!(e.line >= 1 && e.line <= lines + 1, "{e} in {lines} lines"),
    }
});
