//! Golden deployment plans: the fixes plan and the build plan of every
//! gallery example, so any change in the commands an admin would run shows
//! up in review. Update with
//! `INSTA_UPDATE=always cargo test -p cas-planner-core --test commands_snapshots`.

use cas_planner_core::{commands, examples};

#[test]
fn deployment_plans_of_every_example() {
    for ex in examples::gallery() {
        let s = (ex.build)();
        insta::assert_snapshot!(format!("fixes-{}", ex.slug), commands::fixes_plan(&s));
        insta::assert_snapshot!(format!("build-{}", ex.slug), commands::build_plan(&s));
    }
}

/// Hostile names come out quoted: nothing in them can end a string or a
/// comment and run as a command.
#[test]
fn hostile_names_stay_inside_their_quotes() {
    let mut s = examples::seed_fixed();
    s.sites[0].name = "HQ'; Remove-Item C:\\ -Recurse #".into();
    s.sites[0].arrays[0].name = "out‘look".into();
    s.sites[0].databases[0].name = "DB $(Stop-Computer)\n`r".into();
    let plan = commands::build_plan(&s);
    assert!(
        plan.contains("-Site 'HQ''; Remove-Item C:\\ -Recurse #'"),
        "{plan}"
    );
    assert!(plan.contains("-Name 'out‘‘look'"), "{plan}");
    assert!(
        plan.contains("-Identity 'DB $(Stop-Computer)\n`r'"),
        "{plan}"
    );
    // The database name's newline stays inside the single-quoted string; in
    // comments it is a space.
    assert!(
        plan.contains("# Point database DB $(Stop-Computer) `r at"),
        "{plan}"
    );
}
