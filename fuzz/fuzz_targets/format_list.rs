//! Any bytes as pasted Format-List text: tables or an error at a line
//! inside the text, never a panic; each table's objects keep their order
//! and their lines, and every object read is marked in the notes.
#![no_main]

use cas_planner_core::import::format_list;
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
    let _ = format_list::looks_like_format_list(&text);
    if let Some(e) = format_list::format_table(&text) {
        assert!(e.line >= 1 && e.line <= lines + 1, "{e} in {lines} lines");
    }
    match format_list::parse(&text) {
        Ok(p) => {
            assert!(!p.tables.is_empty());
            for t in &p.tables {
                assert!(
                    t.rows.windows(2).all(|w| w[0].line < w[1].line)
                        && t.rows.iter().all(|r| r.line >= 1 && r.line <= lines)
                );
            }
            let objects: usize = p.tables.iter().map(|t| t.rows.len()).sum();
            let marked = p
                .notes
                .iter()
                .filter(|n| n.starts_with("read from Format-List"))
                .count();
            assert!(marked >= objects.min(500), "{marked} of {objects} marked");
        }
        Err(e) => assert!(e.line >= 1 && e.line <= lines + 1, "{e} in {lines} lines"),
    }
});
