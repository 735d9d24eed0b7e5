//! The advisor never contradicts itself (issue 27): over every example and
//! small generated designs, each mutated the ways designs go wrong (leaks of
//! each kind, missing records, a wrong RpcClientAccessServer, load balancers
//! missing the RPC ports, hairpin NAT, only outside or only inside clients,
//! one view shared by inside and outside), "Apply all fixes" reaches a fixed
//! point: no error with an honest fix remains, no client is slower or newly
//! failing, and no fix it applies brings an error finding.

use cas_planner_core::advisor::Severity;
use cas_planner_core::analysis::Analysis;
use cas_planner_core::model::*;
use cas_planner_core::{examples, fixes, generate, validate, Scenario};
use proptest::prelude::*;

/// One way a design goes wrong.
#[derive(Debug, Clone, Copy)]
enum Mutation {
    /// An explicit A record for an array name in a view the Internet uses (§5 leak 1).
    LeakRecord {
        array: usize,
        public: bool,
    },
    /// A wildcard over an array name's parent domain in such a view (§5 leak 2).
    LeakWildcard {
        array: usize,
    },
    /// The array name's records removed from the views inside clients use.
    MissingInternalRecord {
        array: usize,
    },
    /// A database homed at a CAS server's own name, or at a name nobody publishes.
    WrongHome {
        database: usize,
        to_cas: bool,
    },
    /// The load balancer forwards 135 and 443 only (§2 step 5).
    LbWithoutRpcPorts {
        array: usize,
    },
    HairpinNat(bool),
    /// Every client inside removed: only outside clients remain.
    OnlyOutsideClients,
    /// Every client outside removed.
    OnlyInsideClients,
    /// One view for everyone: the inside view answers the Internet too
    /// (`inside`), or inside clients resolve in an Internet view.
    SharedView {
        inside: bool,
    },
    /// Outside clients resolve in an inside view (left as it is).
    OutsideInInternalView,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = 0usize..8;
    prop_oneof![
        (n.clone(), any::<bool>())
            .prop_map(|(array, public)| Mutation::LeakRecord { array, public }),
        n.clone().prop_map(|array| Mutation::LeakWildcard { array }),
        n.clone()
            .prop_map(|array| Mutation::MissingInternalRecord { array }),
        (n.clone(), any::<bool>())
            .prop_map(|(database, to_cas)| Mutation::WrongHome { database, to_cas }),
        n.prop_map(|array| Mutation::LbWithoutRpcPorts { array }),
        any::<bool>().prop_map(Mutation::HairpinNat),
        Just(Mutation::OnlyOutsideClients),
        Just(Mutation::OnlyInsideClients),
        any::<bool>().prop_map(|inside| Mutation::SharedView { inside }),
        Just(Mutation::OutsideInInternalView),
    ]
}

/// A starting design: an example of the gallery, or a small generated one.
#[derive(Debug, Clone, Copy)]
enum Base {
    Example(usize),
    Generated { seed: u64, sites: usize },
}

fn base() -> impl Strategy<Value = Base> {
    let examples = examples::gallery().len();
    prop_oneof![
        3 => (0..examples).prop_map(Base::Example),
        1 => (0u64..1_000, 1usize..=4).prop_map(|(seed, sites)| Base::Generated { seed, sites }),
    ]
}

fn build(base: Base) -> Scenario {
    match base {
        Base::Example(i) => (examples::gallery()[i].build)(),
        Base::Generated { seed, sites } => generate::design(
            seed,
            generate::Size {
                sites,
                dns_records: 0,
                clients: 12,
            },
        ),
    }
}

fn arrays(s: &Scenario) -> Vec<(usize, usize)> {
    s.sites
        .iter()
        .enumerate()
        .flat_map(|(i, site)| (0..site.arrays.len()).map(move |j| (i, j)))
        .collect()
}

fn is_inside(s: &Scenario, c: &Client) -> Option<bool> {
    s.network_zones
        .iter()
        .find(|z| z.id == c.location)
        .map(|z| z.is_inside())
}

/// The parent domain of `name` (`outlook.x.com` → `x.com`).
fn parent(name: &str) -> String {
    name.split_once('.').map_or(name, |(_, p)| p).to_string()
}

/// `record` into `view`, in a zone holding its name (added when none does).
fn publish(s: &mut Scenario, view: usize, record: DnsRecord, zone_name: &str, tag: &str) {
    let owner = record.name.trim_start_matches("*.").to_string();
    let v = &mut s.dns_views[view];
    let holding = v
        .zones
        .iter()
        .position(|z| owner == z.name || owner.ends_with(&format!(".{}", z.name)));
    match holding {
        Some(z) => v.zones[z].records.push(record),
        None => v.zones.push(DnsZone {
            id: format!("zone-mut-{tag}"),
            name: zone_name.to_string(),
            records: vec![record].into(),
        }),
    }
}

fn mutate(s: &mut Scenario, m: Mutation, k: usize) {
    let arrays = arrays(s);
    let array = |i: usize| arrays.get(i % arrays.len().max(1)).copied();
    let outside_view = s
        .dns_views
        .iter()
        .position(|v| v.audience == Audience::External);
    match m {
        Mutation::LeakRecord { array: i, public } => {
            let (Some((si, ai)), Some(view)) = (array(i), outside_view) else {
                return;
            };
            let fqdn = s.sites[si].arrays[ai].fqdn.clone();
            let address = if public {
                [203, 0, 113, 77].into()
            } else {
                [10, 99, 0, 7].into()
            };
            let record = DnsRecord {
                id: format!("rec-mut-leak-{k}"),
                name: fqdn.clone(),
                data: RecordData::A { address },
            };
            publish(s, view, record, &parent(&fqdn), &k.to_string());
        }
        Mutation::LeakWildcard { array: i } => {
            let (Some((si, ai)), Some(view)) = (array(i), outside_view) else {
                return;
            };
            let domain = parent(&s.sites[si].arrays[ai].fqdn);
            let record = DnsRecord {
                id: format!("rec-mut-wild-{k}"),
                name: format!("*.{domain}"),
                data: RecordData::A {
                    address: [203, 0, 113, 78].into(),
                },
            };
            publish(s, view, record, &domain, &k.to_string());
        }
        Mutation::MissingInternalRecord { array: i } => {
            let Some((si, ai)) = array(i) else { return };
            let fqdn = s.sites[si].arrays[ai].fqdn.to_ascii_lowercase();
            for v in s
                .dns_views
                .iter_mut()
                .filter(|v| v.audience == Audience::Internal)
            {
                for z in v.zones.iter_mut() {
                    z.records
                        .retain(|r| r.name.trim_end_matches('.').to_ascii_lowercase() != fqdn);
                }
            }
        }
        Mutation::WrongHome { database, to_cas } => {
            let dbs: Vec<(usize, usize)> = s
                .sites
                .iter()
                .enumerate()
                .flat_map(|(i, site)| (0..site.databases.len()).map(move |j| (i, j)))
                .collect();
            let Some(&(si, di)) = dbs.get(database % dbs.len().max(1)) else {
                return;
            };
            let name = match s.sites[si].cas_servers.first() {
                Some(cas) if to_cas => cas.fqdn.clone(),
                _ => "rpc.unpublished.example".to_string(),
            };
            s.sites[si].databases[di].rpc_client_access_server = name;
        }
        Mutation::LbWithoutRpcPorts { array: i } => {
            let Some((si, ai)) = array(i) else { return };
            if let Some(lb) = &mut s.sites[si].arrays[ai].load_balancer {
                lb.forwarded_ports = vec![PortRange::single(135), PortRange::single(443)];
            }
        }
        Mutation::HairpinNat(on) => s.perimeter.hairpin_nat = on,
        Mutation::OnlyOutsideClients | Mutation::OnlyInsideClients => {
            let keep_inside = matches!(m, Mutation::OnlyInsideClients);
            let kept: Vec<Client> = s
                .clients
                .iter()
                .filter(|c| is_inside(s, c) != Some(!keep_inside))
                .cloned()
                .collect();
            // A design keeps at least one client to predict for.
            if !kept.is_empty() {
                s.clients = kept.into();
            }
        }
        Mutation::SharedView { inside } => {
            let wanted = if inside {
                Audience::Internal
            } else {
                Audience::External
            };
            let Some(view) = s.dns_views.iter().position(|v| v.audience == wanted) else {
                return;
            };
            let id = s.dns_views[view].id.clone();
            s.dns_views[view].audience = Audience::Both;
            // The other side's clients move in.
            let moving: Vec<bool> = s
                .clients
                .iter()
                .map(|c| is_inside(s, c) == Some(!inside))
                .collect();
            for (c, moving) in s.clients.iter_mut().zip(moving) {
                if moving {
                    c.dns_view = id.clone();
                }
            }
        }
        Mutation::OutsideInInternalView => {
            let Some(view) = s
                .dns_views
                .iter()
                .position(|v| v.audience == Audience::Internal)
            else {
                return;
            };
            let id = s.dns_views[view].id.clone();
            let outside: Vec<bool> = s
                .clients
                .iter()
                .map(|c| is_inside(s, c) == Some(false))
                .collect();
            for (c, outside) in s.clients.iter_mut().zip(outside) {
                if outside {
                    c.dns_view = id.clone();
                }
            }
        }
    }
}

/// What a mutated design must satisfy after "Apply all fixes".
fn converges(s: &Scenario) -> Result<(), TestCaseError> {
    let before = Analysis::of(s);
    let all = fixes::apply_all(s);
    // Far below apply_all's own safeguard: fixes that undid one another would reach it.
    prop_assert!(
        all.applied.len() <= 2 * before.findings.len() + 2,
        "{} fixes applied for {} findings",
        all.applied.len(),
        before.findings.len()
    );
    for (finding, fix) in &all.applied {
        prop_assert!(
            fix.effect.introduced_errors.is_empty(),
            "the fix for {finding} ({}) brings {:?}",
            fix.title,
            fix.effect.introduced_errors
        );
        prop_assert!(
            !fix.effect.harms(),
            "the fix for {finding} ({}): {}",
            fix.title,
            fix.effect.summary()
        );
    }
    let after = Analysis::of(&all.after);
    let overall = fixes::effect(&before, &after);
    prop_assert!(
        overall.slower.is_empty() && overall.failing.is_empty(),
        "{}",
        overall.summary()
    );
    prop_assert!(validate::validate(&all.after).is_empty());
    for f in after
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
    {
        let honest: Vec<String> = fixes::offered(&all.after, &after, f)
            .into_iter()
            .filter(|a| a.effect.honest())
            .map(|a| a.title)
            .collect();
        prop_assert!(
            honest.is_empty(),
            "{} {:?} still has an honest fix: {:?}",
            f.rule,
            f.objects,
            honest
        );
    }
    // A fixed point: nothing left for "Apply all" to do.
    prop_assert!(fixes::apply_all(&all.after).applied.is_empty());
    Ok(())
}

/// No offered fix brings a finding whose own honest fix brings back what
/// the first fix resolved: rules never pull a design back and forth.
fn no_fix_undoes_another(s: &Scenario) -> Result<(), TestCaseError> {
    type Key = (&'static str, Vec<String>);
    let keys = |a: &Analysis| -> Vec<Key> {
        a.findings
            .iter()
            .map(|f| (f.rule, f.key().1.to_vec()))
            .collect()
    };
    let before = Analysis::of(s);
    let before_keys = keys(&before);
    for f in &before.findings {
        for first in fixes::offered(s, &before, f) {
            let after = Analysis::of(&first.after);
            let after_keys = keys(&after);
            let resolved: Vec<&Key> = before_keys
                .iter()
                .filter(|k| !after_keys.contains(k))
                .collect();
            for g in after
                .findings
                .iter()
                .filter(|g| !before_keys.contains(&(g.rule, g.key().1.to_vec())))
            {
                for second in fixes::offered(&first.after, &after, g)
                    .into_iter()
                    .filter(|a| a.effect.honest())
                {
                    let again = keys(&Analysis::of(&second.after));
                    let back: Vec<&&Key> = resolved.iter().filter(|k| again.contains(k)).collect();
                    prop_assert!(
                        back.is_empty(),
                        "{} fixed by {:?} brings {} whose fix {:?} brings back {:?}",
                        f.rule,
                        first.title,
                        g.rule,
                        second.title,
                        back
                    );
                }
            }
        }
    }
    Ok(())
}

/// `base` gone wrong in the ways `mutations` say, in order. (The inputs,
/// not the design, are what a failing case prints: they read at a glance.)
fn mutated(base: Base, mutations: &[Mutation]) -> Scenario {
    let mut s = build(base);
    for (k, m) in mutations.iter().enumerate() {
        mutate(&mut s, *m, k);
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_fix_brings_a_finding_whose_fix_undoes_it(
        base in base(),
        mutations in prop::collection::vec(mutation(), 0..4),
    ) {
        let s = mutated(base, &mutations);
        prop_assume!(validate::validate(&s).is_empty());
        no_fix_undoes_another(&s)?;
    }

    #[test]
    fn apply_all_reaches_a_fixed_point_that_harms_nobody(
        base in base(),
        mutations in prop::collection::vec(mutation(), 0..4),
    ) {
        let s = mutated(base, &mutations);
        prop_assume!(validate::validate(&s).is_empty());
        converges(&s)?;
    }
}

/// Every example as it ships converges too.
#[test]
fn every_example_converges() {
    for ex in examples::gallery() {
        let s = (ex.build)();
        converges(&s).unwrap_or_else(|e| panic!("{}: {e}", ex.slug));
    }
}

/// Only outside clients and a leaked wildcard (issue 27's report): one fix,
/// and the design is clean of errors. A version 3 advisor took every view as
/// inside here and asked to publish the array name in public DNS again.
#[test]
fn external_only_with_a_wildcard_leak_converges_in_one_step() {
    let mut s = examples::wildcard_leak();
    mutate(&mut s, Mutation::OnlyOutsideClients, 0);
    assert!(s.clients.iter().all(|c| is_inside(&s, c) == Some(false)));
    let all = fixes::apply_all(&s);
    assert_eq!(
        all.applied.len(),
        1,
        "{:?}",
        all.applied
            .iter()
            .map(|(f, a)| (f, &a.title))
            .collect::<Vec<_>>()
    );
    let after = Analysis::of(&all.after);
    let errors: Vec<&str> = after
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        !all.applied[0].1.effect.summary().contains("brings"),
        "{}",
        all.applied[0].1.effect.summary()
    );
}

/// The organisation's DNS answering the Internet too (no split-brain) is
/// split, not emptied: the inside clients keep their array, the outside
/// ones stop waiting for it.
#[test]
fn a_shared_view_is_split() {
    let mut s = examples::seed_fixed();
    mutate(&mut s, Mutation::SharedView { inside: true }, 0);
    let before = Analysis::of(&s);
    assert!(before.findings.iter().any(|f| f.rule == "CAS004"));
    assert!(before.findings.iter().any(|f| f.rule == "CAS016"));
    let all = fixes::apply_all(&s);
    assert!(
        all.applied
            .iter()
            .any(|(_, a)| a.title.starts_with("Split ")),
        "{:?}",
        all.applied
            .iter()
            .map(|(f, a)| (f, &a.title))
            .collect::<Vec<_>>()
    );
    let after = Analysis::of(&all.after);
    assert!(
        after.findings.iter().all(|f| f.severity != Severity::Error),
        "{:?}",
        after.findings.iter().map(|f| f.rule).collect::<Vec<_>>()
    );
    for (b, a) in before.report.clients.iter().zip(&after.report.clients) {
        assert!(
            a.total_ms <= b.total_ms,
            "{}: {} → {}",
            a.client,
            b.total_ms,
            a.total_ms
        );
    }
}
