//! A numeric field's bounds are one rule (`rules::Bounds`): a value out of
//! them is refused by the loader (a file, a share link, the CLI) and by
//! `Scenario::apply` (the form, a fix) with the same message, the one the
//! form shows next to the field (the form shows `apply`'s error as it is:
//! `tests/e2e/planner.test.mjs` holds it to the text pinned here).

use cas_planner_core::edit::Edit;
use cas_planner_core::model::*;
use cas_planner_core::{examples, file, rules};

/// One field out of bounds: how to put the value into a design, and the
/// message every path must give.
struct Case {
    what: &'static str,
    set: fn(&mut Scenario),
    edit: fn(&Scenario) -> Edit,
    message: &'static str,
}

fn client(s: &Scenario) -> Edit {
    Edit::UpsertClient {
        client: s.clients[1].clone(),
    }
}

fn preset(s: &Scenario) -> Edit {
    Edit::UpsertTimingPreset {
        preset: s.timing_presets[0].clone(),
    }
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            what: "a link of 0 kbit/s",
            set: |s| s.clients[1].link_kbps = 0,
            edit: client,
            message: "link speed: is 0; enter a whole number from 1 to 100000000",
        },
        Case {
            what: "an HTTPS setup of 20 minutes",
            set: |s| s.clients[1].oa_setup_ms = 1_200_000,
            edit: client,
            message: "HTTPS setup time: is 1200000; enter a whole number from 0 to 600000",
        },
        Case {
            what: "more users than the bounds",
            set: |s| s.clients[1].users = 20_000_000,
            edit: client,
            message: "users: is 20000000; enter a whole number from 1 to 10000000",
        },
        Case {
            what: "a SYN timeout of 0",
            set: |s| s.timing_presets[0].initial_rto_ms = 0,
            edit: preset,
            message: "initial RTO: is 0; enter a whole number from 1 to 60000 (§3)",
        },
        Case {
            what: "30 SYN retransmissions",
            set: |s| s.timing_presets[0].max_syn_retransmissions = 30,
            edit: preset,
            message: "SYN retransmissions: is 30; enter a whole number from 0 to 10 (§3)",
        },
        Case {
            what: "a zone round trip of a minute",
            set: |s| s.network_zones[0].rtt_ms = Some(60_000),
            edit: |s| Edit::UpsertNetworkZone {
                zone: s.network_zones[0].clone(),
            },
            message: "round trip: is 60000; enter a whole number from 0 to 10000",
        },
    ]
}

#[test]
fn a_value_out_of_bounds_is_refused_by_the_loader_and_by_apply_alike() {
    for case in cases() {
        let mut s = examples::seed_leaking();
        (case.set)(&mut s);
        let (label, rule) = case.message.split_once(": ").unwrap();

        let refused = examples::seed_leaking().apply((case.edit)(&s)).unwrap_err();
        assert_eq!(refused.to_string(), case.message, "apply, {}", case.what);

        let loaded = file::load("bounds.casplan.json", &file::save(&s)).unwrap_err();
        let loaded = loaded.to_string();
        assert!(
            loaded.starts_with("bounds.casplan.json") && loaded.contains(rule),
            "load, {}: {loaded}",
            case.what
        );
        assert!(!label.is_empty());
    }
}

#[test]
fn the_bounds_themselves_are_accepted() {
    let mut s = examples::seed_leaking();
    s.clients[1].link_kbps = rules::LINK_KBPS.max;
    s.clients[1].users = rules::USERS.max;
    s.timing_presets[0].initial_rto_ms = rules::INITIAL_RTO_MS.min;
    s.timing_presets[0].max_syn_retransmissions = rules::SYN_RETRANSMISSIONS.max;
    s.network_zones[0].rtt_ms = Some(rules::RTT_MS.max);
    assert!(file::load("edge.casplan.json", &file::save(&s)).is_ok());
}

/// The ranges' spans keep to the bounds of the field they span.
#[test]
fn a_range_past_its_fields_bounds_is_refused() {
    let mut ranges = examples::seed_leaking().ranges;
    ranges.remote_rtt_ms = Span::new(20, 20_000);
    let refused = examples::seed_leaking()
        .apply(Edit::SetRanges { ranges })
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "remote round-trip range: is 20000; enter a whole number from 0 to 10000"
    );
}
