//! What a consultant reads off a prediction's range, its daily cost and the
//! hairpin NAT setting (issue: predictions a consultant can defend).

use cas_planner_core::analysis::Analysis;
use cas_planner_core::edit::Edit;
use cas_planner_core::examples::{seed_fixed, seed_leaking};
use cas_planner_core::model::*;
use cas_planner_core::sim::{compare, Outcome};
use cas_planner_core::{simulate, Scenario};

fn external(s: &Scenario) -> cas_planner_core::sim::ClientResult {
    simulate(s)
        .clients
        .iter()
        .find(|c| c.client_id == "client-external")
        .map(|c| (**c).clone())
        .unwrap()
}

/// The seed's external laptop: ≈ 21.9 s, with the bind attempts named as
/// what moves it most; the range runs to two full connect timeouts.
#[test]
fn the_leaking_seed_reads_21_9_s_with_its_range_and_the_bind_attempts_as_driver() {
    let r = external(&seed_leaking());
    assert_eq!(r.total_ms, 21_920);
    assert_eq!(r.time_with_range(), "≈ 21.9 s (range 21.3–45.6 s)");
    assert_eq!(r.drivers[0].parameter, "rpc_bind_attempts");
    assert_eq!((r.drivers[0].min_ms, r.drivers[0].max_ms), (21_920, 42_920));
    let text = r.range_text().unwrap();
    assert!(
        text.starts_with(
            "21.3–45.6 s depending on the RPC bind attempts per cycle (undocumented, §8 step 4)"
        ),
        "{text}"
    );
    // CAS004 quotes the range.
    let findings = Analysis::of(&seed_leaking()).findings;
    let cas004 = findings.iter().find(|f| f.rule == "CAS004").unwrap();
    assert!(
        cas004
            .why
            .contains("range 21.3–45.6 s depending on the RPC bind attempts per cycle"),
        "{}",
        cas004.why
    );
}

/// With every span at one value (the design's), every range is a point.
#[test]
fn ranges_at_one_value_collapse_to_the_point() {
    for ex in cas_planner_core::examples::gallery() {
        let s = Scenario {
            ranges: Ranges::points(),
            ..(ex.build)()
        };
        for r in &simulate(&s).clients {
            assert_eq!(
                (r.range_ms.min, r.range_ms.max),
                (r.total_ms, r.total_ms),
                "{}: {}",
                ex.slug,
                r.client
            );
            assert!(
                r.drivers.is_empty() && r.range_text().is_none(),
                "{}: {}",
                ex.slug,
                r.client
            );
        }
    }
}

/// Removing the leak helps at every point of the range; a change that
/// only moves the slow-link threshold's reach helps at some points only.
#[test]
fn compare_says_whether_a_fix_helps_everywhere_or_only_somewhere() {
    let cmp = compare(&seed_leaking(), &seed_fixed());
    let d = cmp
        .clients
        .iter()
        .find(|d| d.after_id.as_deref() == Some("client-external"))
        .unwrap();
    assert!(
        d.range_verdict()
            .unwrap()
            .starts_with("faster at every point of the range"),
        "{:?}",
        d.range_verdict()
    );
    // A 200 kbit/s link is fast or slow depending on the threshold (64–256):
    // ticking "HTTP first on fast networks" only helps where it counts as fast.
    let slowish = |fast_flag: bool| {
        let mut s = seed_leaking();
        let mut c = s
            .clients
            .iter()
            .find(|c| c.id == "client-external")
            .unwrap()
            .clone();
        c.link_kbps = 200;
        c.http_first_on_slow = false;
        c.http_first_on_fast = fast_flag;
        s = s.apply(Edit::UpsertClient { client: c }).unwrap();
        s
    };
    let cmp = compare(&slowish(false), &slowish(true));
    let d = cmp
        .clients
        .iter()
        .find(|d| d.after_id.as_deref() == Some("client-external"))
        .unwrap();
    assert!(
        d.range_verdict()
            .unwrap()
            .starts_with("faster only at some points of the range"),
        "{:?} {:?}",
        d.range_verdict(),
        d.delta_range_ms
    );
}

/// An inside client whose Outlook Anywhere name resolves only to the
/// perimeter's public address: CAS015, and a prediction that follows the
/// hairpin NAT setting.
#[test]
fn an_inside_client_reaching_a_public_https_name_follows_hairpin_nat() {
    // The internal desktop on an Exchange 2013 mailbox (served by its
    // 2013 CAS) uses HTTPS only, and mail.mycompany.com resolves inside to
    // the public address alone.
    let mut s = cas_planner_core::examples::exchange_2013();
    // The internal zone answers mail.mycompany.com with the public address (copied from the public zone).
    let (zone, record) = s
        .dns_views
        .iter()
        .filter(|v| v.id == "view-internal")
        .flat_map(|v| v.zones.iter())
        .find_map(|z| {
            z.records
                .iter()
                .find(|r| r.name == "mail.mycompany.com")
                .map(|r| (z.id.clone(), r.clone()))
        })
        .unwrap();
    let public = DnsRecord {
        data: RecordData::A {
            address: "203.0.113.10".parse().unwrap(),
        },
        ..record
    };
    s = s
        .apply(Edit::UpsertDnsRecord {
            zone,
            record: public,
        })
        .unwrap();
    let desktop = |s: &Scenario| {
        simulate(s)
            .clients
            .iter()
            .find(|c| c.client_id == "client-internal")
            .map(|c| (**c).clone())
            .unwrap()
    };
    let off = desktop(&s);
    assert!(
        matches!(off.outcome, Outcome::Failed { .. }),
        "{:?}",
        off.outcome
    );
    assert!(
        off.steps
            .iter()
            .any(|st| st.detail.contains("hairpin NAT off")),
        "{:#?}",
        off.steps
    );
    let findings = Analysis::of(&s).findings;
    let f = findings
        .iter()
        .find(|f| f.rule == "CAS015")
        .expect("CAS015");
    assert!(
        f.why.contains("mail.mycompany.com") && f.fix.starts_with("Split DNS"),
        "{}\n{}",
        f.why,
        f.fix
    );
    assert!(!f.fixes.is_empty(), "a split-DNS fix is offered");

    let on = s.apply(Edit::SetHairpinNat { on: true }).unwrap();
    let reflected = desktop(&on);
    assert!(
        !matches!(reflected.outcome, Outcome::Failed { .. }),
        "{:?}",
        reflected.outcome
    );
    assert!(!Analysis::of(&on)
        .findings
        .iter()
        .any(|f| f.rule == "CAS015" && f.why.contains("mail.mycompany.com")));

    // The split-DNS fix: the desktop connects without hairpin NAT, and CAS015 is gone for the name.
    let mut fixed = s.clone();
    for e in f.fixes[0].edits.clone() {
        fixed = fixed.apply(e).unwrap();
    }
    assert!(!matches!(desktop(&fixed).outcome, Outcome::Failed { .. }));
    assert!(!Analysis::of(&fixed)
        .findings
        .iter()
        .any(|f| f.rule == "CAS015" && f.why.contains("mail.mycompany.com")));
}
