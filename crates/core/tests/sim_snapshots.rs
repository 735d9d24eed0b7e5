//! Snapshots of the rendered traces and advisor findings of every gallery
//! example: any change in what users read shows up in review.
//! Update with `INSTA_UPDATE=always cargo test -p cas-planner-core --test sim_snapshots`.

use cas_planner_core::{analysis::Analysis, examples, report, sim};

#[test]
fn traces_of_every_example() {
    for ex in examples::gallery() {
        let s = (ex.build)();
        insta::assert_snapshot!(
            format!("trace-{}", ex.slug),
            report::simulation_text(&s, &sim::simulate(&s))
        );
    }
}

#[test]
fn findings_of_every_example() {
    for ex in examples::gallery() {
        let s = (ex.build)();
        insta::assert_snapshot!(
            format!("findings-{}", ex.slug),
            report::findings_text(&Analysis::of(&s).findings)
        );
    }
}
