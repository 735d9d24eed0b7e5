//! The core's modules form layers without cycles: each module uses only
//! modules of lower layers (the diagram in docs/architecture.md).
//! Read from the sources, so a new `use crate::…` that points upwards fails
//! here, naming the file and the module it reached for. Test code is exempt:
//! a test may build examples or run the simulator from any layer.

use std::collections::BTreeMap;
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

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn core_modules_form_layers_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut uses: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let Some(module) = module_of(rel) else {
            continue;
        };
        if rel.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        // Inline test modules sit at the end of a file.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            // `crate::a::…`, or a group `crate::{a, b::c}`: the first name of each path.
            let group = rest
                .strip_prefix('{')
                .map(|g| g.split('}').next().unwrap_or(""));
            let firsts: Vec<&str> = match group {
                Some(g) => g.split(',').map(|p| p.trim()).collect(),
                None => vec![rest],
            };
            for path in firsts {
                let dep: String = path
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                // Items of the crate root (`crate::FastMap`, `crate::Scenario`) are capitalised; modules are not.
                if dep != module
                    && dep != "self"
                    && dep.chars().next().is_some_and(|c| c.is_lowercase())
                {
                    uses.entry(module.clone())
                        .or_default()
                        .push((dep, rel.display().to_string()));
                }
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
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        if let Some(m) = module_of(rel) {
            if layer_of(&m).is_none() {
                wrong.push(format!("module {m} ({}) is in no layer", rel.display()));
            }
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
