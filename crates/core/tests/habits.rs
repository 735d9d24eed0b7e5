//! Habits the code base keeps, checked on its sources: no function longer
//! than a reader can hold. Counted from `fn` to the closing brace, doc
//! comments and attributes excluded, over the core (`crates/core/src`) and
//! the app (`src`); closures and `html!` bodies count toward the function
//! that holds them.

mod source_tree;

use source_tree::sources;
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// The longest function a reader can hold (issue 26): past it, split the
/// function into named phases.
const MAX_LINES: usize = 150;

/// Functions allowed to be longer, and why.
const EXEMPT: &[(&str, &str)] = &[
    // The benchmark design: one long, flat description of 200 sites, read
    // top to bottom like data.
    ("generate.rs", "design"),
];

/// Each function's length in lines, with its name, in source order.
#[derive(Default)]
struct Lengths {
    found: Vec<(usize, String)>,
}

impl Lengths {
    fn measure(&mut self, name: &syn::Ident, sig: &syn::Signature, block: &syn::Block) {
        use syn::spanned::Spanned;
        let start = sig.span().start().line;
        let end = block.span().end().line;
        self.found.push((end + 1 - start, name.to_string()));
    }
}

impl<'ast> Visit<'ast> for Lengths {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.measure(&f.sig.ident, &f.sig, &f.block);
        syn::visit::visit_item_fn(self, f);
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.measure(&f.sig.ident, &f.sig, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }
    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.measure(&f.sig.ident, &f.sig, block);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
}

/// Every function of the files under `dirs`: (lines, file name, "path: name").
fn function_lengths(dirs: &[PathBuf]) -> Vec<(usize, String, String)> {
    let mut files = Vec::new();
    for dir in dirs {
        sources(dir, &mut files);
    }
    let mut all = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let ast = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{}: does not parse: {e}", path.display()));
        let mut lengths = Lengths::default();
        lengths.visit_file(&ast);
        let file = path.file_name().unwrap().to_string_lossy();
        for (n, name) in lengths.found {
            all.push((n, file.to_string(), format!("{}: {name}", path.display())));
        }
    }
    all
}

#[test]
fn no_function_is_longer_than_a_reader_can_hold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [root.join("src"), root.join("../../src")];
    let all = function_lengths(&dirs);
    assert!(all.len() > 500, "found only {} functions", all.len());
    let mut long: Vec<String> = all
        .iter()
        .filter(|(n, file, name)| {
            *n > MAX_LINES
                && !EXEMPT
                    .iter()
                    .any(|(f, fname)| f == file && name.ends_with(&format!(": {fname}")))
        })
        .map(|(n, _, name)| format!("{name}: {n} lines"))
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "functions over {MAX_LINES} lines; split them into named phases:\n{}",
        long.join("\n")
    );
}

/// The measure itself: a function's lines from `fn` to its closing brace.
#[test]
fn the_measure_counts_from_fn_to_the_closing_brace() {
    let text =
        "/// doc\n#[inline]\nfn three() {\n    let _ = 1;\n}\nimpl X {\n    fn one() {}\n}\n";
    let ast = syn::parse_file(text).unwrap();
    let mut lengths = Lengths::default();
    lengths.visit_file(&ast);
    assert_eq!(
        lengths.found,
        vec![(3, "three".to_string()), (1, "one".to_string())]
    );
}
