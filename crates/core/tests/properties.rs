//! Properties over generated variations of the seed design: removing the
//! external leak never makes anyone slower, inside clients do not care about
//! the Internet's DNS, the simulator is deterministic, files round-trip, and
//! the fixes offered are honest.

use cas_planner_core::advisor::Severity;
use cas_planner_core::analysis::Analysis;
use cas_planner_core::examples::seed_fixed;
use cas_planner_core::model::*;
use cas_planner_core::{file, fixes, share, simulate, Scenario};
use proptest::prelude::*;

/// How the array name leaks into the Internet view.
#[derive(Debug, Clone)]
enum Leak {
    None,
    Records(u8),
    Wildcard,
}

#[derive(Debug, Clone)]
struct Variation {
    os: &'static str,
    outlook: OutlookVersion,
    link_kbps: u32,
    http_first_fast: bool,
    http_first_slow: bool,
    k: u8,
    oa_setup_ms: u32,
    action_135: PerimeterAction,
    leak: Leak,
    extra_clients: u8,
    version: ExchangeVersion,
}

fn variation() -> impl Strategy<Value = Variation> {
    let os = prop::sample::select(vec![
        "os-xp",
        "os-vista",
        "os-win7",
        "os-win8",
        "os-win10",
        "os-win10-syn2",
    ]);
    let outlook = prop::sample::select(vec![
        OutlookVersion::O2007,
        OutlookVersion::O2010,
        OutlookVersion::O2013,
        OutlookVersion::O2016,
    ]);
    let action = prop::sample::select(vec![
        PerimeterAction::Allow,
        PerimeterAction::Drop,
        PerimeterAction::RejectRst,
        PerimeterAction::IcmpUnreachable,
    ]);
    let leak = prop_oneof![
        Just(Leak::None),
        (1u8..=3).prop_map(Leak::Records),
        Just(Leak::Wildcard)
    ];
    let version = prop::sample::select(vec![
        ExchangeVersion::V2010,
        ExchangeVersion::V2010,
        ExchangeVersion::V2013,
    ]);
    (
        os,
        outlook,
        prop_oneof![Just(64u32), Just(128), Just(20_000), 1u32..1_000_000],
        any::<bool>(),
        any::<bool>(),
        1u8..=2,
        0u32..60_000,
        action,
        leak,
        0u8..3,
        version,
    )
        .prop_map(
            |(
                os,
                outlook,
                link_kbps,
                http_first_fast,
                http_first_slow,
                k,
                oa_setup_ms,
                action_135,
                leak,
                extra_clients,
                version,
            )| Variation {
                os,
                outlook,
                link_kbps,
                http_first_fast,
                http_first_slow,
                k,
                oa_setup_ms,
                action_135,
                leak,
                extra_clients,
                version,
            },
        )
}

const LEAK_ZONE: &str = "zone-ext-leak";

fn build(v: &Variation) -> Scenario {
    let mut s = seed_fixed();
    s.sites[0].databases[0].exchange_version = v.version;
    s.perimeter.rules.push(PerimeterRule {
        id: "fw-135".into(),
        name: "RPC endpoint mapper".into(),
        destination: [203, 0, 113, 10].into(),
        ports: PortRange::single(EPM_PORT),
        action: v.action_135,
        translate_to: Some([10, 10, 10, 100].into()),
    });
    let records: Vec<DnsRecord> = match v.leak {
        Leak::None => vec![],
        Leak::Records(n) => (0..n)
            .map(|i| DnsRecord {
                id: format!("rec-leak-{i}"),
                name: "outlook.mycompany.internal".into(),
                data: RecordData::A {
                    address: [203, 0, 113, 10 + i].into(),
                },
            })
            .collect(),
        Leak::Wildcard => vec![DnsRecord {
            id: "rec-leak-w".into(),
            name: "*.mycompany.internal".into(),
            data: RecordData::A {
                address: [203, 0, 113, 10].into(),
            },
        }],
    };
    let internet = s
        .dns_views
        .iter_mut()
        .find(|v| v.id == "view-internet")
        .unwrap();
    internet.zones.push(DnsZone {
        id: LEAK_ZONE.into(),
        name: "mycompany.internal".into(),
        records: records.into(),
    });
    let template = s.clients[1].clone();
    for i in 0..v.extra_clients {
        let mut c = template.clone();
        c.id = format!("client-extra-{i}");
        c.name = format!("Extra {i}");
        s.clients.push(c);
    }
    for c in &mut s.clients {
        c.os_timing = v.os.into();
        c.outlook_version = v.outlook;
        c.link_kbps = v.link_kbps;
        c.http_first_on_fast = v.http_first_fast;
        c.http_first_on_slow = v.http_first_slow;
        c.rpc_bind_attempts = v.k;
        c.oa_setup_ms = v.oa_setup_ms;
    }
    s
}

fn without_leak(s: &Scenario) -> Scenario {
    let mut s = s.clone();
    for v in &mut s.dns_views {
        for z in v.zones.iter_mut().filter(|z| z.id == LEAK_ZONE) {
            z.records.clear();
        }
    }
    s
}

fn inside_clients(s: &Scenario) -> Vec<String> {
    s.clients
        .iter()
        .filter(|c| {
            s.network_zones
                .iter()
                .any(|z| z.id == c.location && z.is_inside())
        })
        .map(|c| c.id.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Removing the external leak never increases any client's delay.
    #[test]
    fn removing_the_leak_never_slows_anyone(v in variation()) {
        let leaking = build(&v);
        let fixed = without_leak(&leaking);
        let before = simulate(&leaking);
        let after = simulate(&fixed);
        for (b, a) in before.clients.iter().zip(&after.clients) {
            prop_assert!(a.total_ms <= b.total_ms, "{}: {} → {} ms", b.client, b.total_ms, a.total_ms);
        }
    }

    /// Inside clients' results do not depend on what the Internet view says.
    #[test]
    fn inside_clients_ignore_external_dns(v in variation()) {
        let leaking = build(&v);
        let fixed = without_leak(&leaking);
        let inside = inside_clients(&leaking);
        prop_assert!(!inside.is_empty());
        let (a, b) = (simulate(&leaking), simulate(&fixed));
        for id in inside {
            let x = a.clients.iter().find(|c| c.client_id == id).unwrap();
            let y = b.clients.iter().find(|c| c.client_id == id).unwrap();
            prop_assert_eq!(x, y);
        }
    }

    /// Same input, same output, steps included.
    #[test]
    fn simulation_is_deterministic(v in variation()) {
        let s = build(&v);
        prop_assert_eq!(simulate(&s), simulate(&s.clone()));
    }

    /// Save → load gives the identical scenario; so does a share link.
    #[test]
    fn files_and_links_round_trip(v in variation()) {
        let s = build(&v);
        prop_assert_eq!(&file::load("x.casplan.json", &file::save(&s)).unwrap().scenario, &s);
        prop_assert_eq!(&share::decode(&share::encode(&s).unwrap()).unwrap().scenario, &s);
    }

    /// Only honest fixes: every fix offered changes a prediction or removes a
    /// finding, and one that slows or breaks a client is flagged as harmful
    /// (its summary says so). The incremental assessor agrees with assessing
    /// each fix from scratch. Applying all fixes slows nobody, breaks nobody,
    /// and leaves no error with an honest fix.
    #[test]
    fn fixes_on_offer_are_honest(v in variation()) {
        let s = build(&v);
        let before = Analysis::of(&s);
        let mut assessor = fixes::Assessor::new(&s);
        let incremental = assessor.offered_all();
        prop_assert_eq!(incremental.len(), before.findings.len());
        for (f, got) in before.findings.iter().zip(&incremental) {
            let oracle = fixes::offered(&s, &before, f);
            prop_assert_eq!(got, &oracle, "{}", f.rule);
            for a in &oracle {
                prop_assert!(a.effect.helps(), "{}: {} helps nobody", f.rule, a.title);
                // Independently of Effect's own bookkeeping: slower and still connecting, or newly failing.
                // A client that failed before is rescued by anything that connects it.
                // Autodiscover (§6): a wait that worked and fails or is misrouted after, or each start slower.
                let ad_hurts = |c: &fixes::ClientChange| c.autodiscover.as_ref().is_some_and(|ad| {
                    (ad.setup_before == "ok" && ad.setup_after != "ok")
                        || (ad.start_before == "ok" && (ad.start_after != "ok" || ad.start_after_ms > ad.start_before_ms))
                });
                let hurts = a.effect.clients.iter().any(|c| (c.before != "failed" && (c.after == "failed" || c.after_ms > c.before_ms)) || ad_hurts(c))
                    || !a.effect.introduced_errors.is_empty();
                prop_assert_eq!(hurts, a.effect.harms(), "{}: {}", f.rule, a.title);
                if a.effect.harms() {
                    prop_assert!(!a.effect.honest());
                }
            }
        }
        let all = fixes::apply_all(&s);
        let after = Analysis::of(&all.after);
        let e = fixes::effect(&before, &after);
        prop_assert!(!e.harms(), "{}", e.summary());
        for f in after.findings.iter().filter(|f| f.severity == Severity::Error) {
            prop_assert!(fixes::offered(&all.after, &after, f).iter().all(|a| !a.effect.honest()), "{} still has an honest fix", f.rule);
        }
    }
}

/// A small box of the undocumented parameters, around and away from the defaults.
fn small_ranges() -> impl Strategy<Value = Ranges> {
    let span = |lo: u32, hi: u32| (lo..=hi, 0..=hi - lo).prop_map(|(a, w)| Span::new(a, a + w));
    (
        prop_oneof![
            Just(Span::new(1u8, 1)),
            Just(Span::new(1u8, 2)),
            Just(Span::new(2u8, 2))
        ],
        span(0, 5_000),
        span(0, 4_000),
        prop_oneof![
            Just(Span::new(false, false)),
            Just(Span::new(false, true)),
            Just(Span::new(true, true))
        ],
        span(0, 20),
        span(0, 300),
        span(32, 400),
    )
        .prop_map(|(k, oa, rst, icmp, site, remote, slow)| Ranges {
            rpc_bind_attempts: k,
            oa_setup_ms: oa,
            rst_fail_ms: rst,
            icmp_aborts_connect: icmp,
            site_rtt_ms: site,
            remote_rtt_ms: remote,
            slow_link_max_kbps: slow,
            connects_per_day: Span::new(2, 10),
            ..Ranges::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Each client's range holds its nominal time, and equals the least and
    /// the most time over every corner of the parameter box, simulated one
    /// by one (an oracle independent of the search's shortcuts).
    #[test]
    fn ranges_hold_the_nominal_time_and_equal_the_corners(v in variation(), ranges in small_ranges()) {
        let s = Scenario { ranges, ..build(&v) };
        let report = simulate(&s);
        for (c, r) in s.clients.iter().zip(&report.clients) {
            prop_assert!(r.range_ms.min <= r.total_ms && r.total_ms <= r.range_ms.max, "{}: {} not in {:?}", c.name, r.total_ms, r.range_ms);
            let corners = cas_planner_core::sim::range::corner_totals(&s, c);
            let (lo, hi) = (*corners.iter().min().unwrap(), *corners.iter().max().unwrap());
            prop_assert_eq!((r.range_ms.min, r.range_ms.max), (lo, hi), "{}", c.name);
            for d in &r.drivers {
                prop_assert!(r.range_ms.min <= d.min_ms && d.max_ms <= r.range_ms.max, "{}: driver {:?}", c.name, d);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// The before/after range of a change equals the least and most
    /// difference over every corner of the box (and the design's own values),
    /// both designs simulated at the same values: removing the leak.
    #[test]
    fn paired_ranges_equal_the_corners_of_both_designs(v in variation(), ranges in small_ranges()) {
        let before = Scenario { ranges: ranges.clone(), ..build(&v) };
        let after = without_leak(&before);
        let cmp = cas_planner_core::sim::compare(&before, &after);
        let (rb, ra) = (simulate(&before), simulate(&after));
        for ((c, d), (b, a)) in before.clients.iter().zip(&cmp.clients).zip(rb.clients.iter().zip(&ra.clients)) {
            let cb = cas_planner_core::sim::range::corner_totals(&before, c);
            let ca = cas_planner_core::sim::range::corner_totals(&after, c);
            let nominal = a.total_ms as i64 - b.total_ms as i64;
            let diffs: Vec<i64> = cb.iter().zip(&ca).map(|(b, a)| *a as i64 - *b as i64).chain([nominal]).collect();
            let want = (*diffs.iter().min().unwrap(), *diffs.iter().max().unwrap());
            let got = d.delta_range_ms.map(|r| (r.min, r.max));
            // A result carried over unchanged is a difference of nothing everywhere.
            prop_assert!(got == Some(want) || (got == Some((0, 0)) && want == (0, 0)), "{}: {:?} vs {:?}", c.name, got, want);
        }
    }
}
