//! Any bytes as any export, under the names a user might give it, then the
//! mapping to a design: an error at a line inside the text or a design that
//! passes validation (so it can be opened), never a panic. The bytes split
//! at their first NUL are also read as two files given together
//! (`import::read_all`), the first `$INCLUDE`ing the second, so include
//! resolution meets any text on either side. The bytes split at every NUL
//! are also read as separate exports given together (servers, databases,
//! Get-OrganizationConfig, Get-CASMailbox, zones…), so the mapping meets
//! what only several files give: clients and the mailboxes they stand for,
//! a database's version from its server's.
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
    together(&text);
    several(&text);
});

/// `text` split at each NUL (eight parts at most) into exports read
/// together: errors placed inside their part, a design that validates.
fn several(text: &str) {
    let files: Vec<import::Input> = text
        .splitn(8, '\0')
        .enumerate()
        .map(|(i, part)| import::Input::new(&format!("part{i}.csv"), part, None))
        .collect();
    if files.len() < 2 {
        return;
    }
    let results = import::read_all(&files);
    for (f, e) in files
        .iter()
        .zip(&results)
        .filter_map(|(f, r)| Some((f, r.as_ref().err()?)))
    {
        let n = f.text.lines().count().max(1);
        assert!(
            e.error.line >= 1 && e.error.line <= n + 1,
            "{e} in {n} lines"
        );
    }
    let sources: Vec<_> = results.into_iter().flatten().collect();
    let problems = cas_planner_core::validate::validate(&import::build(&sources).scenario);
    assert!(problems.is_empty(), "{problems:?}");
}

/// `text` split at its first NUL into an including zone and the file it
/// includes, read together: one result per file, errors placed inside the
/// file they name, a design that validates.
fn together(text: &str) {
    let (outer, inner) = text.split_once('\0').unwrap_or((text, ""));
    let outer = format!("$ORIGIN fuzz.example.\n{outer}\n$INCLUDE ../inc.zone\n");
    let files = [
        import::Input::new("zones/db.fuzz.example", &outer, None),
        import::Input::new("inc.zone", inner, None),
    ];
    let results = import::read_all(&files);
    assert_eq!(results.len(), 2);
    let lines = |t: &str| t.lines().count().max(1);
    for e in results.iter().filter_map(|r| r.as_ref().err()) {
        let n = if e.file == "inc.zone" {
            lines(inner)
        } else {
            lines(&outer)
        };
        assert!(
            e.error.line >= 1 && e.error.line <= n + 1 && e.error.column >= 1,
            "{e} in {n} lines"
        );
    }
    let sources: Vec<_> = results.into_iter().flatten().collect();
    let problems = cas_planner_core::validate::validate(&import::build(&sources).scenario);
    assert!(problems.is_empty(), "{problems:?}");
}
