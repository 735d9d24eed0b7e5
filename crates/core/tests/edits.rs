//! Edits and validation agree: over random sequences of edits to every
//! example design, through the public `Scenario::apply`, every design an edit
//! produces passes `validate` and survives save → load unchanged; and every
//! edit that sets a value this test knows to be invalid (its own list, not
//! the core's rules) is refused, as is a file holding the same value. So a
//! field rule dropped from `rules` (or an upsert that skips it) fails here.

use cas_planner_core::edit::{Edit, EditError};
use cas_planner_core::model::*;
use cas_planner_core::validate::validate;
use cas_planner_core::{examples, file, migration, Scenario};
use proptest::prelude::*;

/// Names a DNS name field must refuse.
const BAD_NAMES: &[&str] = &[
    "not a name",
    "a..b",
    "-leading.example.com",
    "under score!.com",
    "",
];
/// Names it accepts.
const GOOD_NAMES: &[&str] = &[
    "outlook.mycompany.internal",
    "mail.mycompany.com",
    "cas9.site-b.mycompany.internal",
];

/// One edit to make; the numbers pick the target, the value and whether
/// the value is one of the known-bad ones.
#[derive(Debug, Clone)]
struct Op {
    what: u8,
    which: u16,
    value: u32,
    bad: bool,
}

fn op() -> impl Strategy<Value = Op> {
    (
        any::<u8>(),
        any::<u16>(),
        any::<u32>(),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(what, which, value, bad)| Op {
            what,
            which,
            value,
            bad,
        })
}

fn pick<T: Clone>(items: &[T], n: impl Into<u64>) -> Option<T> {
    (!items.is_empty()).then(|| items[(n.into() % items.len() as u64) as usize].clone())
}

fn name(op: &Op) -> String {
    let pool = if op.bad { BAD_NAMES } else { GOOD_NAMES };
    pool[op.value as usize % pool.len()].to_string()
}

fn fresh(s: &Scenario, prefix: &str, op: &Op) -> String {
    // Sometimes an id that exists already (maybe of another kind), to exercise claims and moves.
    let ids: Vec<String> = s.objects().map(|e| e.object.id().to_string()).collect();
    if op.value % 5 == 0 {
        if let Some(id) = pick(&ids, op.value / 5) {
            return id;
        }
    }
    s.fresh_id(prefix)
}

/// The edit `op` makes to `s`, and whether this test's own list says it
/// sets an invalid value (then it must be refused).
fn edit_for(s: &Scenario, op: &Op) -> Option<(Edit, bool)> {
    let sites: Vec<&Site> = s.sites.iter().collect();
    let site = pick(&sites, op.which)?;
    let other_site = pick(&sites, op.value)?;
    let v = op.value;
    Some(match op.what % 14 {
        0 => {
            let mut cas = pick(&site.cas_servers.iter().cloned().collect::<Vec<_>>(), v)?;
            match v % 4 {
                0 => cas.fqdn = name(op),
                1 => {
                    cas.outlook_anywhere.enabled = true;
                    cas.outlook_anywhere.external_hostname = name(op);
                }
                2 => {
                    cas.outlook_anywhere.internal_hostname =
                        if op.bad { "bad host".into() } else { name(op) }
                }
                _ => {
                    cas.rpc_ports = RpcPorts::Static {
                        rpc_client_access: if op.bad { 0 } else { 59531 },
                        address_book: 59532,
                    }
                }
            }
            // An upsert naming another site moves the CAS there.
            let target = if v % 3 == 0 { other_site } else { site };
            (
                Edit::UpsertCas {
                    site: target.id.clone(),
                    cas,
                },
                op.bad,
            )
        }
        1 => {
            let mut array = pick(&site.arrays.iter().cloned().collect::<Vec<_>>(), v)?;
            match v % 3 {
                0 => array.fqdn = name(op),
                1 => array.name = "a".repeat(if op.bad { 65 } else { 64 }),
                _ => {
                    let lb = array.load_balancer.get_or_insert(LoadBalancer {
                        vip: [10, 1, 1, 1].into(),
                        forwarded_ports: vec![],
                        unforwarded: PerimeterAction::Drop,
                    });
                    lb.forwarded_ports = vec![if op.bad {
                        [
                            PortRange { from: 0, to: 135 },
                            PortRange { from: 600, to: 500 },
                        ][v as usize % 2]
                    } else {
                        PortRange::single(EPM_PORT)
                    }];
                }
            }
            (
                Edit::UpsertArray {
                    site: site.id.clone(),
                    array,
                },
                op.bad,
            )
        }
        2 => {
            let mut m = pick(&site.mailbox_servers.iter().cloned().collect::<Vec<_>>(), v)?;
            if v % 2 == 0 {
                m.fqdn = name(op);
            } else {
                m.rpc_ports = RpcPorts::Static {
                    rpc_client_access: 59531,
                    address_book: if op.bad { 0 } else { 59532 },
                };
            }
            let target = if v % 3 == 0 { other_site } else { site };
            (
                Edit::UpsertMailboxServer {
                    site: target.id.clone(),
                    server: m,
                },
                op.bad,
            )
        }
        3 => {
            let mut db = pick(&site.databases.iter().cloned().collect::<Vec<_>>(), v)?;
            db.rpc_client_access_server = if op.bad { "bad name".into() } else { name(op) };
            let target = if v % 3 == 0 { other_site } else { site };
            (
                Edit::UpsertDatabase {
                    site: target.id.clone(),
                    database: db,
                },
                op.bad,
            )
        }
        4 | 5 => {
            let zones: Vec<(String, String)> = s
                .dns_views
                .iter()
                .flat_map(|v| v.zones.iter().map(|z| (z.id.clone(), z.name.clone())))
                .collect();
            let (zone, apex) = pick(&zones, op.which)?;
            let records: Vec<DnsRecord> = s
                .dns_views
                .iter()
                .flat_map(|v| v.zones.iter().flat_map(|z| z.records.iter().cloned()))
                .collect();
            let mut record = match pick(&records, v) {
                Some(r) if v % 2 == 0 => r,
                _ => DnsRecord {
                    id: fresh(s, "rec", op),
                    name: format!("new.{apex}"),
                    data: RecordData::A {
                        address: [203, 0, 113, 9].into(),
                    },
                },
            };
            match v % 4 {
                // Outside the zone it is put in.
                0 => {
                    record.name = if op.bad {
                        "outlook.elsewhere.example".into()
                    } else {
                        format!("outlook.{apex}")
                    }
                }
                1 => {
                    record.name = if op.bad {
                        format!("bad name.{apex}")
                    } else {
                        format!("*.{apex}")
                    }
                }
                2 => {
                    record.name = format!("alias.{apex}");
                    record.data = RecordData::Cname { target: name(op) };
                }
                _ => {
                    record.name = apex.clone();
                    record.data = RecordData::A {
                        address: [203, 0, 113, (v % 250) as u8].into(),
                    };
                    return Some((Edit::UpsertDnsRecord { zone, record }, false));
                }
            }
            (Edit::UpsertDnsRecord { zone, record }, op.bad)
        }
        6 => {
            let views: Vec<String> = s.dns_views.iter().map(|v| v.id.clone()).collect();
            let view = pick(&views, op.which)?;
            let zones: Vec<String> = s
                .dns_views
                .iter()
                .flat_map(|v| v.zones.iter().map(|z| z.id.clone()))
                .collect();
            let id = if v % 2 == 0 {
                pick(&zones, v).unwrap_or_else(|| fresh(s, "zone", op))
            } else {
                fresh(s, "zone", op)
            };
            let pool = if op.bad {
                BAD_NAMES
            } else {
                &["mycompany.internal", "mycompany.com", "example.org"][..]
            };
            (
                Edit::UpsertDnsZone {
                    view,
                    id,
                    name: pool[v as usize % pool.len()].to_string(),
                },
                op.bad,
            )
        }
        7 => {
            let mut rule = pick(&s.perimeter.rules.iter().cloned().collect::<Vec<_>>(), v)
                .unwrap_or(PerimeterRule {
                    id: fresh(s, "fw", op),
                    name: String::new(),
                    destination: [203, 0, 113, 10].into(),
                    ports: PortRange::single(EPM_PORT),
                    action: PerimeterAction::Drop,
                    translate_to: None,
                });
            rule.ports = if op.bad {
                [
                    PortRange { from: 0, to: 0 },
                    PortRange { from: 444, to: 443 },
                ][v as usize % 2]
            } else {
                PortRange {
                    from: 6005,
                    to: 59530,
                }
            };
            (Edit::UpsertPerimeterRule { rule }, op.bad)
        }
        8 => {
            let mut preset = pick(&s.timing_presets.iter().cloned().collect::<Vec<_>>(), v)?;
            preset.initial_rto_ms = if op.bad { 0 } else { 1 + v % 5_000 };
            (Edit::UpsertTimingPreset { preset }, op.bad)
        }
        9 => {
            let mut client = pick(&s.clients.iter().cloned().collect::<Vec<_>>(), v)?;
            client.rpc_bind_attempts = if op.bad {
                [0, 3, 255][v as usize % 3]
            } else {
                1 + (v % 2) as u8
            };
            (Edit::UpsertClient { client }, op.bad)
        }
        10 => {
            // A client pointing at objects that may not exist or be of another kind.
            let mut client = pick(&s.clients.iter().cloned().collect::<Vec<_>>(), v)?;
            let ids: Vec<String> = s.objects().map(|e| e.object.id().to_string()).collect();
            client.mailbox_database = pick(&ids, v).unwrap_or_default();
            client.id = fresh(s, "client", op);
            (Edit::UpsertClient { client }, false)
        }
        11 => {
            let ids: Vec<String> = s.objects().map(|e| e.object.id().to_string()).collect();
            (Edit::Delete { id: pick(&ids, v)? }, false)
        }
        12 => (
            Edit::DeleteSiteMovingContents {
                id: site.id.clone(),
                to: other_site.id.clone(),
            },
            false,
        ),
        _ => {
            let mut view = pick(&s.dns_views.iter().cloned().collect::<Vec<_>>(), v)?;
            view.forwards_to = pick(
                &s.dns_views.iter().map(|x| x.id.clone()).collect::<Vec<_>>(),
                op.which,
            );
            view.nxdomain_redirect = (v % 2 == 0).then(|| [198, 51, 100, 1].into());
            (Edit::UpsertDnsView { view }, false)
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]
    #[test]
    fn every_design_an_edit_builds_is_valid_and_survives_save_and_load(example in 0usize..64, ops in prop::collection::vec(op(), 1..32)) {
        let gallery = examples::gallery();
        let mut s = (gallery[example % gallery.len()].build)();
        prop_assert!(validate(&s).is_empty());
        for op in &ops {
            let Some((edit, known_bad)) = edit_for(&s, op) else { continue };
            if let Ok(next) = s.apply(edit.clone()) {
                prop_assert!(!known_bad, "accepted an edit this test knows is invalid: {edit:?}");
                let problems = validate(&next);
                prop_assert!(problems.is_empty(), "{edit:?} built a design the loader refuses: {problems:?}");
                let text = file::save(&next);
                let loaded = file::load("edited.casplan.json", &text).unwrap();
                prop_assert_eq!(&loaded.scenario, &next);
                // Only a plan's steps may note edits the change made stale
                // (an edit today can remove what a later step changes).
                prop_assert!(
                    loaded.warnings.iter().all(|w| w.starts_with("migration step ")),
                    "{:?}",
                    loaded.warnings
                );
                // Ids stay unique: an upsert into another parent moves, never copies.
                let mut ids: Vec<&str> = next.objects().map(|e| e.object.id()).collect();
                let n = ids.len();
                ids.sort_unstable();
                ids.dedup();
                prop_assert_eq!(ids.len(), n, "{:?} duplicated an id", edit);
                s = next;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
    /// `apply_each` (what a plan's step does with its edits, §11 step 1) is
    /// `apply` edit after edit: the same design and the same failures,
    /// including runs of deletions where a later one names what an earlier
    /// one's cascade removed.
    #[test]
    fn a_batch_of_edits_is_the_edits_one_after_another(example in 0usize..64, ops in prop::collection::vec(op(), 1..40)) {
        let gallery = examples::gallery();
        let start = (gallery[example % gallery.len()].build)();
        let mut s = start.clone();
        let (mut edits, mut failed) = (Vec::new(), Vec::new());
        for op in &ops {
            let Some((edit, _)) = edit_for(&s, op) else { continue };
            let mut run = vec![edit.clone()];
            if matches!(edit, Edit::Delete { .. }) {
                // More deletions straight after, some of what the first takes with it.
                let ids: Vec<String> = s.objects().map(|e| e.object.id().to_string()).collect();
                for k in 0..op.which % 4 {
                    run.push(Edit::Delete { id: pick(&ids, op.value.wrapping_add(u32::from(k) * 7919)).unwrap() });
                }
            }
            for e in run {
                match s.apply(e.clone()) {
                    Ok(next) => s = next,
                    Err(err) => failed.push((edits.len(), err)),
                }
                edits.push(e);
            }
        }
        let mut batch = start.clone();
        prop_assert_eq!(batch.apply_each(&edits), failed);
        prop_assert_eq!(batch, s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    /// A plan's steps derived again after each change as the app does it
    /// (`steps_again`: designs before the change kept, a step whose last
    /// edit changed derived from where that edit starts) are the steps
    /// derived afresh, through edits of any step, repeated edits of one
    /// object (which replace the step's last edit), and steps removed.
    #[test]
    fn steps_derived_again_are_the_steps_derived_afresh(plan in 0usize..2, ops in prop::collection::vec((op(), 0usize..8), 1..24)) {
        let mut s = if plan == 0 { examples::coexistence_2010_2016() } else { examples::coexistence_2010_2019() };
        let mut steps = migration::steps(&s);
        for (op, at) in &ops {
            let at = steps[at % steps.len()].clone();
            let next = if op.what % 23 == 0 && at.index.is_some() {
                migration::remove_step(&s, &at.id)
            } else {
                let Some((edit, _)) = edit_for(&at.design, op) else { continue };
                // Twice sometimes: the second replaces the step's last edit.
                let Ok((mut next, _)) = migration::edit_step(&s, &at.id, edit.clone()) else { continue };
                if op.which % 3 == 0 && at.index.is_some() {
                    let again = migration::steps_again(&next, &s, &steps);
                    prop_assert_eq!(&again, &migration::steps(&next));
                    (s, steps) = (next.clone(), again);
                    if let Ok((n, _)) = migration::edit_step(&s, &at.id, edit) {
                        next = n;
                    }
                }
                next
            };
            let fresh = migration::steps(&next);
            // As the app derives an edit of the step on screen: up to that
            // step first, the rest after the frame from that head.
            let head = migration::steps_again_until(&next, &s, &steps, &at.id);
            prop_assert_eq!(&head[..], &fresh[..head.len()]);
            prop_assert!(head.len() == fresh.len() || head.last().map(|h| &h.id) == Some(&at.id));
            prop_assert_eq!(&migration::steps_again(&next, &next, &head), &fresh);
            let again = migration::steps_again(&next, &s, &steps);
            prop_assert_eq!(&again, &fresh);
            (s, steps) = (next, again);
        }
    }
}

/// Each known-bad value, set straight into a design (as a file could hold
/// it), is refused by the loader, and set through an edit, by `apply`.
#[test]
fn known_bad_values_are_refused_by_the_loader_and_by_edits() {
    let base = examples::seed_fixed();
    type Break = fn(&mut Scenario) -> Edit;
    let cases: &[(&str, Break)] = &[
        ("array name over 64", |s| {
            s.sites[0].arrays[0].name = "a".repeat(65);
            Edit::UpsertArray {
                site: s.sites[0].id.clone(),
                array: s.sites[0].arrays[0].clone(),
            }
        }),
        ("CAS FQDN", |s| {
            s.sites[0].cas_servers[0].fqdn = "not a name".into();
            Edit::UpsertCas {
                site: s.sites[0].id.clone(),
                cas: s.sites[0].cas_servers[0].clone(),
            }
        }),
        ("CAS internal hostname", |s| {
            s.sites[0].cas_servers[0].outlook_anywhere.internal_hostname = "bad host".into();
            Edit::UpsertCas {
                site: s.sites[0].id.clone(),
                cas: s.sites[0].cas_servers[0].clone(),
            }
        }),
        ("CAS static port 0", |s| {
            s.sites[0].cas_servers[0].rpc_ports = RpcPorts::Static {
                rpc_client_access: 0,
                address_book: 59532,
            };
            Edit::UpsertCas {
                site: s.sites[0].id.clone(),
                cas: s.sites[0].cas_servers[0].clone(),
            }
        }),
        ("mailbox static port 0", |s| {
            s.sites[0].mailbox_servers[0].rpc_ports = RpcPorts::Static {
                rpc_client_access: 59531,
                address_book: 0,
            };
            Edit::UpsertMailboxServer {
                site: s.sites[0].id.clone(),
                server: s.sites[0].mailbox_servers[0].clone(),
            }
        }),
        ("load balancer range backwards", |s| {
            s.sites[0].arrays[0]
                .load_balancer
                .as_mut()
                .unwrap()
                .forwarded_ports
                .push(PortRange { from: 600, to: 500 });
            Edit::UpsertArray {
                site: s.sites[0].id.clone(),
                array: s.sites[0].arrays[0].clone(),
            }
        }),
        ("RpcClientAccessServer", |s| {
            s.sites[0].databases[0].rpc_client_access_server = "bad name".into();
            Edit::UpsertDatabase {
                site: s.sites[0].id.clone(),
                database: s.sites[0].databases[0].clone(),
            }
        }),
        ("record outside its zone", |s| {
            let z = &mut s.dns_views[0].zones[0];
            z.records[0].name = "outlook.elsewhere.example".into();
            Edit::UpsertDnsRecord {
                zone: z.id.clone(),
                record: z.records[0].clone(),
            }
        }),
        ("perimeter range from 0", |s| {
            s.perimeter.rules[0].ports = PortRange { from: 0, to: 135 };
            Edit::UpsertPerimeterRule {
                rule: s.perimeter.rules[0].clone(),
            }
        }),
        ("initial RTO 0", |s| {
            s.timing_presets[0].initial_rto_ms = 0;
            Edit::UpsertTimingPreset {
                preset: s.timing_presets[0].clone(),
            }
        }),
        ("bind attempts 3", |s| {
            s.clients[0].rpc_bind_attempts = 3;
            Edit::UpsertClient {
                client: s.clients[0].clone(),
            }
        }),
    ];
    for (what, make) in cases {
        let mut broken = base.clone();
        let edit = make(&mut broken);
        assert!(
            !validate(&broken).is_empty(),
            "{what}: the loader accepts it"
        );
        assert!(
            matches!(base.apply(edit), Err(EditError::Invalid { .. })),
            "{what}: an edit may set it"
        );
    }
}

/// Upserting an object under another parent moves it: it is not left behind
/// (the regression: the old parent kept a copy, so the id was duplicated).
#[test]
fn an_upsert_into_another_parent_moves_the_object() {
    let s = examples::seed_fixed()
        .apply(Edit::UpsertSite {
            id: "site-dr".into(),
            name: "DR".into(),
        })
        .unwrap();
    let cas = s.sites[0].cas_servers[1].clone();
    let moved = s
        .apply(Edit::UpsertCas {
            site: "site-dr".into(),
            cas: cas.clone(),
        })
        .unwrap();
    assert!(!moved.sites[0].cas_servers.iter().any(|c| c.id == cas.id));
    assert_eq!(
        moved.sites[1]
            .cas_servers
            .iter()
            .filter(|c| c.id == cas.id)
            .count(),
        1
    );
    assert!(validate(&moved).is_empty());

    let view = &s.dns_views[0];
    let (from, to) = (
        &view.zones[0],
        s.dns_views
            .iter()
            .flat_map(|v| v.zones.iter())
            .find(|z| z.id != view.zones[0].id)
            .unwrap(),
    );
    let mut record = from.records[0].clone();
    record.name = format!("moved.{}", to.name);
    let moved = s
        .apply(Edit::UpsertDnsRecord {
            zone: to.id.clone(),
            record: record.clone(),
        })
        .unwrap();
    let holders: Vec<&str> = moved
        .dns_views
        .iter()
        .flat_map(|v| v.zones.iter())
        .filter(|z| z.records.iter().any(|r| r.id == record.id))
        .map(|z| z.id.as_str())
        .collect();
    assert_eq!(holders, vec![to.id.as_str()]);

    // A zone moved to another view takes its records along.
    let other_view = s.dns_views.iter().find(|v| v.id != view.id).unwrap();
    let zone = &view.zones[0];
    let moved = s
        .apply(Edit::UpsertDnsZone {
            view: other_view.id.clone(),
            id: zone.id.clone(),
            name: zone.name.clone(),
        })
        .unwrap();
    assert!(!moved
        .dns_views
        .iter()
        .find(|v| v.id == view.id)
        .unwrap()
        .zones
        .iter()
        .any(|z| z.id == zone.id));
    let arrived = moved
        .dns_views
        .iter()
        .find(|v| v.id == other_view.id)
        .unwrap()
        .zones
        .iter()
        .find(|z| z.id == zone.id)
        .unwrap();
    assert_eq!(arrived.records, zone.records);
}
