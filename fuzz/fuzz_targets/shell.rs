//! Any bytes as an Exchange shell CSV export: a table or an error at a line
//! inside the text, never a panic; rows keep their order and their lines.
#![no_main]

use cas_planner_core::import::shell;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Lines as editors count them: CRLF, LF or a lone CR ends one.
    let lines = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .lines()
        .count()
        .max(1);
    match shell::parse(&text) {
        Ok(t) => assert!(
            t.rows.windows(2).all(|w| w[0].line < w[1].line)
                && t.rows.iter().all(|r| r.line <= lines + 1)
        ),
        Err(e) => assert!(e.line >= 1 && e.line <= lines + 1, "{e} in {lines} lines"),
    }
});
