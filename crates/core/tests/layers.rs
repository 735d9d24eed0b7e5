//! The core's modules form layers without cycles: each module uses only
//! modules of lower layers (the diagram in docs/architecture.md).
//! Read from the sources, so a new `use crate::…` that points upwards fails
//! here, naming the file and the module it reached for. Within a module, its
//! submodules form no cycle either (`super::x` or `crate::m::x` from one
//! submodule to another). Test code is exempt: a test may build examples or
//! run the simulator from any layer.

mod source_tree;

use source_tree::sources;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

/// Lowest first; modules on one line are one layer and use none of each other.
const LAYERS: &[&[&str]] = &[
    &["list"],
    &["model"],
    &["names", "text"],
    &["objects"],
    &["rules"],
    &["validate", "edit"],
    &["world"],
    &["dns"],
    &["sim"],
    &["cost"],
    &["advisor"],
    &["analysis"],
    &["fixes"],
    &["commands"],
    &["migration"],
    &["draw"],
    &["report", "file", "history", "examples", "generate"],
    &["import"],
    &["share"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a source file belongs to, or None for the crate root and binaries.
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    match first {
        "lib.rs" | "bin" => None,
        f => Some(f.trim_end_matches(".rs").to_string()),
    }
}

/// The full path of the module a source file is (`sim/flow.rs` → `sim::flow`,
/// `sim/mod.rs` → `sim`), or None for the crate root and binaries.
fn module_path_of(rel: &Path) -> Option<Vec<String>> {
    module_of(rel)?;
    let mut path: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_str().unwrap().to_string())
        .collect();
    let last = path.pop()?;
    if last != "mod.rs" {
        path.push(last.trim_end_matches(".rs").to_string());
    }
    Some(path)
}

/// A source file of the core, outside test code.
struct Source {
    /// Relative to `src/`, as the messages name it.
    rel: String,
    module: Vec<String>,
    /// The text without the items under `#[cfg(test)]`.
    code: String,
}

/// Every source file of a module (the crate root, binaries and the files
/// of `mod tests;` left out).
fn core_sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    files
        .iter()
        .filter_map(|file| {
            let rel = file.strip_prefix(&src).unwrap();
            if rel.file_name().is_some_and(|n| n == "tests.rs") {
                return None;
            }
            Some(Source {
                rel: rel.display().to_string(),
                module: module_path_of(rel)?,
                code: without_test_items(&std::fs::read_to_string(file).unwrap()),
            })
        })
        .collect()
}

/// The length of the literal or comment starting at `i`, if one does: a
/// string (raw or not), a character, a line or block comment. A lifetime is none.
fn literal_len(c: &[char], i: usize) -> Option<usize> {
    let at = |j: usize| c.get(j).copied();
    match (c[i], at(i + 1)) {
        ('/', Some('/')) => Some(end_of(c, i, &['\n']) - i),
        ('/', Some('*')) => Some(end_of(c, i + 2, &['*', '/']) - i),
        ('"', _) => {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            Some((j + 1).min(c.len()) - i)
        }
        ('\'', Some('\\')) => Some(end_of(c, i + 3, &['\'']) - i),
        ('\'', Some(_)) if at(i + 2) == Some('\'') => Some(3),
        ('r', Some('"' | '#'))
            if i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_') || c[i - 1] == 'b' =>
        {
            let hashes = c[i + 1..].iter().take_while(|&&h| h == '#').count();
            if at(i + 1 + hashes) != Some('"') {
                return None; // a raw identifier, `r#type`
            }
            let mut end = vec!['"'];
            end.extend(std::iter::repeat_n('#', hashes));
            Some(end_of(c, i + 2 + hashes, &end) - i)
        }
        _ => None,
    }
}

/// Where the first `pat` at or after `from` ends (the end of `c` without one).
fn end_of(c: &[char], from: usize, pat: &[char]) -> usize {
    (from..c.len())
        .find(|&j| c[j..].starts_with(pat))
        .map_or(c.len(), |j| j + pat.len())
}

/// Where the item starting at `i` ends: after its `;` or its braced body
/// (a `use` line ends at its `;`, past any `{…}` group). Attributes before
/// it are part of it.
fn item_end(c: &[char], mut i: usize) -> usize {
    loop {
        while i < c.len() && c[i].is_whitespace() {
            i += 1;
        }
        if c[i..].starts_with(&['#', '[']) {
            i = bracketed_end(c, i + 1);
        } else {
            break;
        }
    }
    let head: String = c[i..(i + 40).min(c.len())].iter().collect();
    let head = head.trim_start_matches("pub");
    let head = match head.strip_prefix('(') {
        Some(rest) => rest.split_once(')').map_or(rest, |(_, r)| r),
        None => head,
    };
    let is_use = head.trim_start().starts_with("use ");
    let mut depth = 0;
    while i < c.len() {
        if let Some(n) = literal_len(c, i) {
            i += n;
            continue;
        }
        match c[i] {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' => depth -= 1,
            '}' => {
                depth -= 1;
                if depth == 0 && !is_use {
                    return i + 1;
                }
            }
            ';' if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    c.len()
}

/// Where the bracketed group opening at `i` (`(`, `[` or `{`) ends.
fn bracketed_end(c: &[char], mut i: usize) -> usize {
    let mut depth = 0;
    while i < c.len() {
        if let Some(n) = literal_len(c, i) {
            i += n;
            continue;
        }
        match c[i] {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    c.len()
}

/// The source without the items under `#[cfg(test)]`: the attribute and
/// the item it marks (an inline `mod tests { … }`, a `mod tests;` line, a
/// `use` line, a test-only function). Everything else is kept, comments
/// included (a doc link to a module is a use of it).
fn without_test_items(text: &str) -> String {
    const MARK: [char; 12] = ['#', '[', 'c', 'f', 'g', '(', 't', 'e', 's', 't', ')', ']'];
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        if let Some(n) = literal_len(&c, i) {
            out.extend(&c[i..i + n]);
            i += n;
        } else if c[i..].starts_with(&MARK) {
            i = item_end(&c, i + MARK.len());
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// The paths a use tree (or a path in an expression) starting at `rest`
/// names, each as its segments: `a::b(…)` gives [a, b]; `{a, b::{c, d}}`
/// gives [a], [b, c] and [b, d]; a glob names none.
fn use_tree(rest: &str) -> Vec<Vec<String>> {
    let rest = rest.trim_start();
    if let Some(group) = rest.strip_prefix('{') {
        return group_items(group).into_iter().flat_map(use_tree).collect();
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        return Vec::new();
    }
    let below = rest[name.len()..]
        .strip_prefix("::")
        .map(use_tree)
        .unwrap_or_default();
    if below.is_empty() {
        return vec![vec![name]];
    }
    below
        .into_iter()
        .map(|mut p| {
            p.insert(0, name.clone());
            p
        })
        .collect()
}

/// The items of a group, from after its `{` to its matching `}`.
fn group_items(body: &str) -> Vec<&str> {
    let (mut depth, mut start, mut items) = (0, 0, Vec::new());
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&body[start..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&body[start..]);
    items
}

/// Every path in `code` that starts with `prefix` (`crate`, `super`), as
/// its segments after the prefix.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let pattern = format!("{prefix}::");
    code.match_indices(&pattern)
        .filter(|&(i, _)| {
            !code[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .flat_map(|(i, _)| use_tree(&code[i + pattern.len()..]))
        .collect()
}

/// The absolute paths (from the crate root) that `module`'s code names
/// through `crate::` and `super::`.
fn absolute_paths(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut out = paths_after(code, "crate");
    for path in paths_after(code, "super") {
        let ups = 1 + path.iter().take_while(|s| *s == "super").count();
        let mut abs = module[..module.len().saturating_sub(ups)].to_vec();
        abs.extend(path.into_iter().skip(ups - 1));
        out.push(abs);
    }
    out
}

#[test]
fn core_modules_form_layers_without_cycles() {
    let sources = core_sources();
    let mut uses: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for s in &sources {
        let module = &s.module[0];
        for path in paths_after(&s.code, "crate") {
            let dep = &path[0];
            // Items of the crate root (`crate::FastMap`, `crate::Scenario`) are capitalised; modules are not.
            if dep != module
                && dep != "self"
                && dep.chars().next().is_some_and(|c| c.is_lowercase())
            {
                uses.entry(module.clone())
                    .or_default()
                    .push((dep.clone(), s.rel.clone()));
            }
        }
    }
    let mut wrong = Vec::new();
    for (module, deps) in &uses {
        let Some(own) = layer_of(module) else {
            wrong.push(format!(
                "module {module} is in no layer: add it to LAYERS and docs/architecture.md"
            ));
            continue;
        };
        for (dep, file) in deps {
            match layer_of(dep) {
                Some(l) if l < own => {}
                Some(_) => wrong.push(format!(
                    "{file}: {module} uses {dep}, which is not below it"
                )),
                None => wrong.push(format!("{file}: {module} uses {dep}, which is in no layer")),
            }
        }
    }
    for s in &sources {
        if layer_of(&s.module[0]).is_none() {
            wrong.push(format!("module {} ({}) is in no layer", s.module[0], s.rel));
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "the core's layers are broken:\n{}",
        wrong.join("\n")
    );
}

/// Which submodule uses which in one module: (from, to) → the files of
/// `from` that name `to`.
type Edges = BTreeMap<(String, String), BTreeSet<String>>;

/// The uses between submodules of one module (siblings), from every file
/// of the core; uses between top-level modules are the layers' business.
fn submodule_uses(sources: &[Source]) -> BTreeMap<Vec<String>, Edges> {
    let modules: BTreeSet<&[String]> = sources.iter().map(|s| &s.module[..]).collect();
    let mut uses: BTreeMap<Vec<String>, Edges> = BTreeMap::new();
    for s in sources {
        for path in absolute_paths(&s.module, &s.code) {
            let shared = s.module.iter().zip(&path).take_while(|(a, b)| a == b);
            let n = shared.count();
            if n == 0 || n >= s.module.len() || n >= path.len() || !modules.contains(&path[..=n]) {
                continue;
            }
            uses.entry(path[..n].to_vec())
                .or_default()
                .entry((s.module[n].clone(), path[n].clone()))
                .or_default()
                .insert(s.rel.clone());
        }
    }
    uses
}

/// Every cycle among the submodules of one module (each once, from its
/// smallest name), as the names along it back to the first.
fn cycles(edges: &Edges) -> BTreeSet<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        next.entry(from).or_default().push(to);
    }
    let mut found = BTreeSet::new();
    for &start in next.keys() {
        // The shortest way back to `start`, breadth first.
        let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = VecDeque::from([start]);
        'search: while let Some(at) = queue.pop_front() {
            for &to in next.get(at).into_iter().flatten() {
                if to == start {
                    let mut cycle = vec![at];
                    while let Some(&prev) = came_from.get(cycle.last().unwrap()) {
                        cycle.push(prev);
                    }
                    cycle.reverse();
                    let low = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap();
                    cycle.rotate_left(low);
                    cycle.push(cycle[0]);
                    found.insert(cycle.into_iter().map(String::from).collect());
                    break 'search;
                }
                if !came_from.contains_key(to) {
                    came_from.insert(to, at);
                    queue.push_back(to);
                }
            }
        }
    }
    found
}

#[test]
fn submodules_form_no_cycles() {
    let mut wrong = Vec::new();
    for (parent, edges) in submodule_uses(&core_sources()) {
        for cycle in cycles(&edges) {
            let files: Vec<String> = cycle
                .windows(2)
                .map(|w| {
                    let by = &edges[&(w[0].clone(), w[1].clone())];
                    let by: Vec<&str> = by.iter().map(String::as_str).collect();
                    format!("{} uses {}", by.join(", "), w[1])
                })
                .collect();
            wrong.push(format!(
                "{}: {} ({})",
                parent.join("::"),
                cycle.join(" → "),
                files.join("; ")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "submodules of a module use each other in a circle:\n{}",
        wrong.join("\n")
    );
}

/// The reading skips only test items: a `use` after `#[cfg(test)] mod
/// tests;` (where `edit` and `advisor` have theirs) is seen, and so is one
/// after an inline test module whose strings hold unbalanced braces.
#[test]
fn reading_skips_only_the_items_under_cfg_test() {
    let text = r#"//! A module.
mod inner;
#[cfg(test)]
mod tests;

pub use crate::seen_after_the_tests_line::Thing;
#[cfg(test)]
use crate::test_only_use;

#[cfg(test)]
#[allow(unused)]
fn helper() -> &'static str {
    let _ = crate::test_only_fn::x();
    "}"
}

#[cfg(test)]
mod tests {
    use crate::{test_only_group, a::{b, c}};
    fn t() { let _ = ('{', "{{", r"}"); }
}
use crate::{seen_after_inline_tests, also::{deep, er}};
fn f<'a>(x: &'a str) -> &'a str { super::sibling::g(x) }
"#;
    let code = without_test_items(text);
    let firsts: BTreeSet<String> = paths_after(&code, "crate")
        .into_iter()
        .map(|p| p[0].clone())
        .collect();
    assert_eq!(
        firsts,
        BTreeSet::from([
            "seen_after_the_tests_line".to_string(),
            "seen_after_inline_tests".into(),
            "also".into(),
        ]),
        "{code}"
    );
    let module = ["sim".to_string(), "flow".into()];
    assert!(absolute_paths(&module, &code).contains(&vec![
        "sim".to_string(),
        "sibling".into(),
        "g".into()
    ]));
    assert_eq!(
        use_tree("{a, b::{c, d::e}, f::*}"),
        [vec!["a"], vec!["b", "c"], vec!["b", "d", "e"], vec!["f"]]
    );
}
