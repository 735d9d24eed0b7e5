//! The pictures of every example, as the app, the report and the CLI draw
//! them: the topology with the slowest client's path, and its timeline.
//! Snapshots of the standalone SVG (review a change with `cargo insta
//! review`), plus the properties a projector needs.

use cas_planner_core::draw::{self, Item, TopologyOptions, CHAR_W, FONT, MAX_WIDTH};
use cas_planner_core::{examples, simulate};

fn slowest(s: &cas_planner_core::Scenario) -> cas_planner_core::sim::ClientResult {
    let report = simulate(s);
    (*report
        .clients
        .iter()
        .max_by_key(|c| c.total_ms)
        .unwrap()
        .clone())
    .clone()
}

#[test]
fn every_example_draws_the_same_pictures() {
    for ex in examples::gallery() {
        let s = (ex.build)();
        let r = slowest(&s);
        let topo = draw::topology(
            &s,
            &TopologyOptions {
                result: Some(&r),
                ..Default::default()
            },
        );
        insta::assert_snapshot!(format!("topology-{}", ex.slug), draw::to_svg(&topo));
        insta::assert_snapshot!(
            format!("timeline-{}", ex.slug),
            draw::to_svg(&draw::timeline(&r, None))
        );
    }
}

/// Shown 1280 px wide, text is at least 14 px; no label runs past its box.
#[test]
fn labels_fit_their_boxes_at_projector_size() {
    let mut s = examples::seed_leaking();
    s.sites[0].cas_servers[0].name = "CAS01-EMEA-FRANKFURT-PRIMARY-DATACENTER".into(); // 40 characters
    s.clients[1].name = "External laptop of the regional manager".into();
    let r = slowest(&s);
    let d = draw::topology(
        &s,
        &TopologyOptions {
            result: Some(&r),
            ..Default::default()
        },
    );
    assert!(d.width <= MAX_WIDTH);
    assert!(
        FONT * 1280.0 / d.width >= 14.0,
        "text at {} px",
        FONT * 1280.0 / d.width
    );
    fn check(items: &[Item]) {
        for i in items {
            if let Item::Group { items, .. } = i {
                let mut inner = Vec::new();
                for it in items {
                    if let Item::Rect { x, y, w, h, .. } = it {
                        inner.push((*x, *y, *w, *h));
                    }
                }
                for it in items {
                    if let Item::Text {
                        x, y, text, class, ..
                    } = it
                    {
                        if class.starts_with("label")
                            || class.starts_with("sub")
                            || class.starts_with("callout")
                        {
                            let (bx, _, bw, _) = inner
                                .iter()
                                .copied()
                                .rfind(|(bx, by, bw, bh)| {
                                    x >= bx && *x <= bx + bw && y >= by && *y <= by + bh
                                })
                                .unwrap_or_else(|| panic!("{text} outside any box"));
                            // Sub-labels are set at 14 units, callouts at 15.
                            let size = if class.starts_with("sub") {
                                14.0
                            } else if class.starts_with("callout") {
                                15.0
                            } else {
                                FONT
                            };
                            assert!(
                                x + text.chars().count() as f64 * CHAR_W * size / FONT
                                    <= bx + bw + 1.0,
                                "{text:?} runs past its box"
                            );
                        }
                    }
                }
                check(items);
            }
        }
    }
    check(&d.items);
    let texts = draw::texts(&d).join("|");
    assert!(
        draw::texts(&d)
            .concat()
            .contains("CAS01-EMEA-FRANKFURT-PRIMARY-DATACENTER"),
        "wrapped, whole: {texts}"
    );
    assert!(!texts.contains('…'), "no 40-character name is cut: {texts}");
}

/// The failing hop is written on the picture, and its description says the path in words.
#[test]
fn the_leak_is_written_on_its_hop() {
    let s = examples::seed_leaking();
    let r = slowest(&s);
    let d = draw::topology(
        &s,
        &TopologyOptions {
            result: Some(&r),
            ..Default::default()
        },
    );
    let texts = draw::texts(&d);
    assert!(
        texts.iter().any(|t| t.contains("TCP 135 dropped")),
        "{texts:?}"
    );
    assert_eq!(
        d.description,
        "Path: External laptop → Internet (outlook.mycompany.internal → 203.0.113.10) → Perimeter (TCP 135 dropped — 21.0 s) — stopped there. \
         Then: External laptop → Internet (mail.mycompany.com → 203.0.113.10) → Perimeter → outlook.mycompany.internal → CAS01 → MBX01. \
         Autodiscover tried: Internet, outlook.mycompany.internal, CAS01."
    );
    // Up to the first step only: no hop drawn yet.
    let early = draw::topology(
        &s,
        &TopologyOptions {
            result: Some(&r),
            upto_step: Some(0),
            ..Default::default()
        },
    );
    assert!(!draw::texts(&early).iter().any(|t| t.contains("TCP 135")));
}

/// Many sites stay legible: the path's site in full, the others in one box.
#[test]
fn a_two_hundred_site_design_collapses_the_sites_off_the_path() {
    let s = cas_planner_core::generate::large_design(1);
    let r = slowest(&s);
    let d = draw::topology(
        &s,
        &TopologyOptions {
            result: Some(&r),
            ..Default::default()
        },
    );
    let texts = draw::texts(&d);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("199 more site(s), not on this path")),
        "{texts:?}"
    );
    assert!(d.height < 1200.0, "height {}", d.height);
}

/// The report stands alone: one HTML file, nothing fetched, every client's
/// time, the finding's fix with its predicted effect, the assumptions.
#[test]
fn the_report_is_self_contained_and_complete() {
    use cas_planner_core::report::document;
    let s = examples::seed_leaking();
    let a = cas_planner_core::analysis::Analysis::of(&s);
    let cmp = cas_planner_core::sim::compare(&examples::seed_leaking(), &s);
    let doc = document::document(&s, &a.report, &a.findings, Some(&cmp), "2026-12-02");
    let html = document::html(&doc);
    for want in [
        "Prepared 2026-12-02",
        "External laptop",
        "21.9 s",
        "Fix: Remove the record(s)",
        "predicted: External laptop 21.9 s → 920 ms",
        "RPC bind attempts per protocol cycle",
        "TCP 135 dropped — 21.0 s",
        "Before (pinned)",
    ] {
        assert!(html.contains(&want.replace('"', "&quot;")), "{want}");
    }
    // Nothing outside the file: no scripts, no links, no remote sources.
    for bad in [
        "<script",
        "<link",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
    // Pictures have unique ids in one page.
    assert_eq!(html.matches("id=\"p1-t\"").count(), 1);
    insta::assert_snapshot!("report-seed-leaking", html);
}
