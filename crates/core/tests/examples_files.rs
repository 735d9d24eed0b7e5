//! The files in `examples/` are exactly what the gallery builders produce
//! (regenerate with `UPDATE_EXAMPLES=1 cargo test -p cas-planner-core --test examples_files`).

use cas_planner_core::{examples, file};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"))
}

/// Users open these files; a builder change must show up in them.
#[test]
fn example_files_match_the_builders_and_load_cleanly() {
    let update = std::env::var_os("UPDATE_EXAMPLES").is_some();
    for ex in examples::gallery() {
        let path = dir().join(format!("{}.casplan.json", ex.slug));
        let want = file::save(&(ex.build)()) + "\n";
        if update {
            std::fs::write(&path, &want).unwrap();
        }
        let got = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_EXAMPLES=1)", path.display()));
        assert!(
            got == want,
            "{} differs from its builder (run with UPDATE_EXAMPLES=1)",
            path.display()
        );
        let loaded = file::load(&path.display().to_string(), &got).unwrap();
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:?}",
            ex.slug,
            loaded.warnings
        );
    }
}
