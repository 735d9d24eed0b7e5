//! The app links the drawing and report styles as stylesheets (a strict
//! Content-Security-Policy refuses inline `<style>`), generated from the
//! core's constants that the standalone SVG and HTML inline; regenerate
//! with `UPDATE_STYLES=1`.

use cas_planner_core::{draw, report::document};

fn check(file: &str, css: &str) {
    let path = format!(
        "{}/../../styles/generated/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let want = format!("/* Generated from the core ({file}): do not edit; run UPDATE_STYLES=1 cargo test -p cas-planner-core --test styles_file. */\n{css}\n");
    if std::env::var_os("UPDATE_STYLES").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "styles/generated/{file} is stale (run with UPDATE_STYLES=1)"
    );
}

#[test]
fn the_generated_stylesheets_equal_the_core_styles() {
    check("drawing.css", draw::STYLE);
    check("report.css", document::REPORT_STYLE);
}
