//! Analysis of a design: the orchestrator above the simulator and the
//! advisor, and the one place that runs both. [`Analysis::of`] analyses one
//! design from scratch; an [`Analyzer`] analyses a design as it is edited,
//! recomputing after an edit only the clients the edit can affect.
//!
//! An [`Analyzer`] remembers the last design it analysed, each client's result
//! and what that result was computed from ([`Inputs`]). Given the next design
//! it lists what changed ([`Changes`]; cheap, because an edit shares every
//! list it did not touch with the version before, see `list`), simulates again
//! the clients whose inputs changed and reuses the other results. The outcome
//! is always the same as analysing the design from scratch
//! (`tests/incremental.rs` checks this over random edit sequences).
//!
//! The dependencies are deliberately coarse where precision would be fragile:
//! any change to what listens at an address (CAS, array, load balancer,
//! mailbox server) re-simulates every client, and any change inside a DNS view
//! re-simulates every client resolving in it.

use crate::advisor::{self, Finding};
use crate::model::*;
use crate::sim::{ClientResult, Reads, SimulationReport, Simulator};
use crate::world::{ViewCache, World};
use crate::FastMap;
use std::collections::HashSet;
use std::rc::Rc;

/// The results for one version of a design.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub report: SimulationReport,
    pub findings: Vec<Finding>,
    /// How many clients were simulated for this version; the others' results
    /// were carried over from the previous one.
    pub simulated: usize,
}

impl Analysis {
    /// Simulation and advice for one design from scratch: every client
    /// simulated, then every rule. What the CLI and one-off checks use; the
    /// UI keeps an [`Analyzer`] so that an edit re-simulates only what it can affect.
    pub fn of(scenario: &Scenario) -> Analysis {
        let world = World::new(scenario);
        let report = Simulator::new(&world).all();
        let findings = advisor::findings(world, &report.clients, true);
        let simulated = report.clients.len();
        Analysis {
            report,
            findings,
            simulated,
        }
    }
}

/// Analyses successive versions of a design; see the module docs.
#[derive(Default)]
pub struct Analyzer {
    last: Option<Last>,
    /// DNS view indexes, rebuilt only for views whose zones changed.
    views: ViewCache,
}

struct Last {
    /// Shares its lists with the design it was, so keeping it costs little.
    scenario: Scenario,
    /// Client id → its position in `scenario.clients` (first one for a duplicated id).
    index: FastMap<String, usize>,
    results: Vec<Rc<ClientResult>>,
    inputs: Vec<Rc<Inputs>>,
}

/// What one client's result was computed from, besides the client itself
/// and what listens at addresses.
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    /// Ids of the objects the simulation looked up, found or not.
    ids: Vec<String>,
    /// The DNS views it resolved in: its own and those that one forwards to.
    views: Vec<String>,
    /// Outside the perimeter (or in an unknown zone), so perimeter rules apply.
    outside: bool,
    /// What else its simulation read: certificates, the perimeter's default action.
    reads: Reads,
}

impl Inputs {
    fn of(world: &World<'_>, c: &Client, reads: Reads) -> Inputs {
        let mut ids = vec![
            c.location.clone(),
            c.os_timing.clone(),
            c.mailbox_database.clone(),
        ];
        if let Some((site, db)) = world.databases.get(c.mailbox_database.as_str()) {
            ids.push(site.id.clone());
            ids.push(db.server.clone());
            if let Some(pf) = &db.public_folder_database {
                ids.push(pf.clone());
                if let Some((_, pf)) = world.pf_databases.get(pf.as_str()) {
                    ids.push(pf.server.clone());
                }
            }
        }
        let mut views = vec![c.dns_view.clone()];
        let mut next = world
            .view(&c.dns_view)
            .and_then(|(v, _)| v.forwards_to.as_ref());
        while let Some(id) = next {
            if views.contains(id) {
                break;
            }
            views.push(id.clone());
            next = world.view(id).and_then(|(v, _)| v.forwards_to.as_ref());
        }
        let outside = world
            .zones
            .get(c.location.as_str())
            .is_none_or(|z| !z.is_inside());
        Inputs {
            ids,
            views,
            outside,
            reads,
        }
    }
}

/// What differs between two versions of a design, as far as simulation goes.
#[derive(Debug, Default, PartialEq)]
struct Changes {
    /// Objects added, removed or changed (for a site: the site and all it holds).
    ids: HashSet<String>,
    /// DNS views with any change, down to a single record.
    views: HashSet<String>,
    /// Something that listens at an address changed.
    hosts: bool,
    /// Servers whose certificate names changed (and nothing else of what
    /// listens at their address): only clients that read them change.
    certificates: HashSet<String>,
    /// A perimeter rule or hairpin NAT changed.
    perimeter: bool,
    /// The perimeter's default action changed: only clients it decided a
    /// connection of change.
    default_action: bool,
    /// Every client: the ranges changed, or the perimeter as inside clients meet it.
    all: bool,
}

/// Pairs items by position; calls `changed` with both sides of every pair
/// that differs (one side is None where a list is longer than the other).
fn differing<'a, T: PartialEq>(
    old: &'a List<T>,
    new: &'a List<T>,
    mut changed: impl FnMut(Option<&'a T>, Option<&'a T>),
) {
    if List::same(old, new) {
        return;
    }
    for i in 0..old.len().max(new.len()) {
        let (o, n) = (old.get(i), new.get(i));
        if o != n {
            changed(o, n);
        }
    }
}

/// The parts of a site that decide what listens at its addresses and how
/// (Outlook Anywhere settings and databases are the site's own business).
fn same_hosts(a: &Site, b: &Site) -> bool {
    // Destructured so that a new CAS field forces a decision here.
    let cas_eq = |x: &CasServer, y: &CasServer| {
        let CasServer {
            id,
            name,
            fqdn,
            ip,
            rpc_ports,
            outlook_anywhere: _,
            // Autodiscover reads every CAS's SCP and scope, whatever site
            // the client's mailbox is in (§6 scp 4).
            autodiscover_scp_url,
            autodiscover_site_scope,
            // Read only by the clients whose Autodiscover asks this server
            // (§6 https 3): `certificate_changes`.
            certificate_names: _,
            // The version decides which mailboxes it serves and which
            // protocols it offers (§10 serve 4, protocol 1).
            exchange_version,
            build,
            // Read only when a newer server proxies to it, for mailboxes
            // of its own site (§11 coexist 5): the site's own business.
            windows: _,
            kb3140410: _,
        } = x;
        *id == y.id
            && *name == y.name
            && *fqdn == y.fqdn
            && *ip == y.ip
            && *rpc_ports == y.rpc_ports
            && *autodiscover_scp_url == y.autodiscover_scp_url
            && *autodiscover_site_scope == y.autodiscover_site_scope
            && *exchange_version == y.exchange_version
            && *build == y.build
    };
    a.arrays == b.arrays
        && a.mailbox_servers == b.mailbox_servers
        && (List::same(&a.cas_servers, &b.cas_servers)
            || (a.cas_servers.len() == b.cas_servers.len()
                && a.cas_servers
                    .iter()
                    .zip(b.cas_servers.iter())
                    .all(|(x, y)| cas_eq(x, y))))
}

/// The CAS servers of two versions of a site whose certificate names differ,
/// by id, when what listens at their addresses is otherwise the same.
fn certificate_changes(a: &Site, b: &Site, out: &mut HashSet<String>) {
    if List::same(&a.cas_servers, &b.cas_servers) {
        return;
    }
    for (x, y) in a.cas_servers.iter().zip(b.cas_servers.iter()) {
        if x.certificate_names != y.certificate_names {
            out.insert(x.id.clone());
            out.insert(y.id.clone());
        }
    }
}

/// Whether two versions of a site (None: absent) hold databases of the same
/// Exchange versions in the same order.
fn same_database_versions(a: Option<&Site>, b: Option<&Site>) -> bool {
    fn versions(s: Option<&Site>) -> impl Iterator<Item = ExchangeVersion> + '_ {
        s.into_iter()
            .flat_map(|s| s.databases.iter().map(|d| d.exchange_version))
    }
    versions(a).eq(versions(b))
}

fn has_hosts(s: &Site) -> bool {
    !s.arrays.is_empty() || !s.cas_servers.is_empty() || !s.mailbox_servers.is_empty()
}

fn site_ids(s: &Site, ids: &mut HashSet<String>) {
    ids.insert(s.id.clone());
    ids.extend(s.contents(0).map(|e| e.object.id().to_string()));
}

impl Changes {
    fn between(old: &Scenario, new: &Scenario) -> Changes {
        // Inside clients meet the perimeter too, at its own public addresses
        // (the rules' destinations, reflected by hairpin NAT or not): a change
        // of rules or of hairpin NAT re-simulates everyone, and so does the
        // default action while hairpin NAT lets inside clients reach it.
        let (o, n) = (&old.perimeter, &new.perimeter);
        // The default action concerns only the clients whose connections it
        // decided, inside (through hairpin NAT) or out (`Reads`).
        let inside = o.rules != n.rules || o.hairpin_nat != n.hairpin_nat;
        let mut ch = Changes {
            perimeter: inside,
            default_action: o.default_action != n.default_action,
            // Autodiscover reads the organisation's names, web hosts and
            // pointers whatever the client (§6); the organisation's
            // MAPI/HTTP setting is every client's (§10 protocol 2).
            all: old.ranges != new.ranges
                || inside
                || old.autodiscover != new.autodiscover
                || old.mapi_http_enabled != new.mapi_http_enabled,
            ..Changes::default()
        };
        differing(&old.sites, &new.sites, |o, n| {
            // A site's name is what SCP site scopes match (§6 scp 4).
            ch.all |= matches!((o, n), (Some(o), Some(n)) if o.name != n.name);
            // What setup left the organisation's MAPI/HTTP at depends on
            // every database's version, whatever the client's site (§10
            // protocol 2); a CAS's version already counts as a host change.
            ch.all |= !same_database_versions(o, n);
            ch.hosts |= match (o, n) {
                (Some(o), Some(n)) => {
                    certificate_changes(o, n, &mut ch.certificates);
                    !same_hosts(o, n)
                }
                (Some(s), None) | (None, Some(s)) => has_hosts(s),
                (None, None) => false,
            };
            for s in [o, n].into_iter().flatten() {
                site_ids(s, &mut ch.ids);
            }
        });
        differing(&old.dns_views, &new.dns_views, |o, n| {
            ch.views
                .extend([o, n].into_iter().flatten().map(|v| v.id.clone()));
        });
        differing(&old.network_zones, &new.network_zones, |o, n| {
            ch.ids
                .extend([o, n].into_iter().flatten().map(|z| z.id.clone()));
        });
        differing(&old.timing_presets, &new.timing_presets, |o, n| {
            ch.ids
                .extend([o, n].into_iter().flatten().map(|p| p.id.clone()));
        });
        ch
    }

    fn affect(&self, inputs: &Inputs) -> bool {
        self.hosts
            || self.all
            || (self.perimeter && inputs.outside)
            || (self.default_action && inputs.reads.default_action)
            || inputs.ids.iter().any(|id| self.ids.contains(id))
            || inputs.views.iter().any(|v| self.views.contains(v))
            || inputs
                .reads
                .certificates
                .iter()
                .any(|id| self.certificates.contains(&**id))
    }
}

impl Analyzer {
    /// Simulation and advice for `scenario`, reusing what the last call
    /// computed wherever this version cannot differ.
    pub fn analyze(&mut self, scenario: &Scenario) -> Analysis {
        self.run(scenario, true, true)
    }

    /// `analyze` without the findings' fixes (which cost as much as the
    /// rest of the advice on a large design): what an edit shows in its
    /// frame; `fixes` gives the findings with them after it.
    pub fn analyze_first(&mut self, scenario: &Scenario) -> Analysis {
        self.run(scenario, true, false)
    }

    /// The findings of the last design `analyze_first` or `analyze` took,
    /// with their fixes, from its results (nothing is simulated again).
    /// None before any.
    pub fn fixes(&mut self) -> Option<Vec<advisor::Finding>> {
        let last = self.last.as_ref()?;
        let world = World::with_cache(&last.scenario, &mut self.views);
        Some(advisor::findings(world, &last.results, true))
    }

    /// The analysis of `scenario` as a variant of the last design analysed
    /// (reusing its results where they cannot differ), without making it
    /// the new baseline: for trying several changes to one design, such as
    /// the fixes on offer, each against the same "before". Its findings
    /// carry no fixes: judging a change needs only which findings remain.
    pub fn try_variant(&mut self, scenario: &Scenario) -> Analysis {
        self.run(scenario, false, false)
    }

    fn run(&mut self, scenario: &Scenario, remember: bool, remedies: bool) -> Analysis {
        let world = World::with_cache(scenario, &mut self.views);
        let sim = Simulator::new(&world);
        let last = self.last.take();
        let changes = last
            .as_ref()
            .map(|l| Changes::between(&l.scenario, scenario));
        let n = scenario.clients.len();
        let mut results = Vec::with_capacity(n);
        let mut inputs = Vec::with_capacity(n);
        let mut index = FastMap::default();
        index.reserve(n);
        let mut simulated = 0;
        for (i, c) in scenario.clients.iter().enumerate() {
            index.entry(c.id.clone()).or_insert(i);
            let reusable = last
                .as_ref()
                .zip(changes.as_ref())
                .and_then(|(last, changes)| {
                    // Same position first: an edit rarely moves clients.
                    let at = match last.scenario.clients.get(i) {
                        Some(old) if old.id == c.id => i,
                        _ => *last.index.get(&c.id)?,
                    };
                    (last.scenario.clients[at] == *c && !changes.affect(&last.inputs[at]))
                        .then_some(at)
                });
            match (reusable, last.as_ref()) {
                (Some(at), Some(last)) => {
                    results.push(Rc::clone(&last.results[at]));
                    inputs.push(Rc::clone(&last.inputs[at]));
                }
                _ => {
                    simulated += 1;
                    let (result, reads) = sim.client_reads(c);
                    inputs.push(Rc::new(Inputs::of(&world, c, reads)));
                    results.push(Rc::new(result));
                }
            }
        }
        drop(sim);
        let findings = advisor::findings(world, &results, remedies);
        self.last = if remember {
            Some(Last {
                scenario: scenario.clone(),
                index,
                results: results.clone(),
                inputs,
            })
        } else {
            last
        };
        Analysis {
            report: SimulationReport { clients: results },
            findings,
            simulated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::examples;

    fn changes(a: &Scenario, edit: Edit) -> Changes {
        Changes::between(a, &a.apply(edit).unwrap())
    }

    /// Each kind of edit is reported as the change it is, no wider.
    #[test]
    fn changes_name_what_an_edit_touched() {
        let s = examples::seed_leaking();
        assert_eq!(Changes::between(&s, &s.clone()), Changes::default());

        let ch = changes(
            &s,
            Edit::Delete {
                id: "rec-ext-outlook".into(),
            },
        );
        assert_eq!(ch.views, HashSet::from(["view-internet".to_string()]));
        assert!(ch.ids.is_empty() && !ch.hosts && !ch.perimeter);

        let ch = changes(
            &s,
            Edit::SetPerimeterDefault {
                action: PerimeterAction::RejectRst,
            },
        );
        assert!(ch.default_action && !ch.perimeter && !ch.all);
        assert!(!ch.hosts && ch.ids.is_empty() && ch.views.is_empty());

        // Outlook Anywhere is the site's business, not what listens where.
        let mut cas = s.sites[0].cas_servers[0].clone();
        cas.outlook_anywhere.external_hostname = "owa.mycompany.com".into();
        let ch = changes(
            &s,
            Edit::UpsertCas {
                site: "site-hq".into(),
                cas: cas.clone(),
            },
        );
        assert!(!ch.hosts && ch.ids.contains("site-hq") && ch.ids.contains("db-01"));

        cas.ip = [10, 10, 10, 99].into();
        assert!(
            changes(
                &s,
                Edit::UpsertCas {
                    site: "site-hq".into(),
                    cas
                }
            )
            .hosts
        );
    }

    /// The organisation's MAPI/HTTP setting, and the database versions
    /// that decide what setup left it at, are every client's (§10 protocol 2).
    #[test]
    fn the_organisations_mapi_http_concerns_every_client() {
        let s = examples::seed_leaking();
        let ch = changes(
            &s,
            Edit::SetMapiHttp {
                enabled: Some(true),
            },
        );
        assert!(ch.all);
        let mut db = s.sites[0].databases[0].clone();
        db.exchange_version = ExchangeVersion::V2016;
        let ch = changes(
            &s,
            Edit::UpsertDatabase {
                site: "site-hq".into(),
                database: db.clone(),
            },
        );
        assert!(ch.all);
        db.exchange_version = s.sites[0].databases[0].exchange_version;
        db.name = "Renamed".into();
        let ch = changes(
            &s,
            Edit::UpsertDatabase {
                site: "site-hq".into(),
                database: db,
            },
        );
        assert!(!ch.all, "a database's name is its own site's business");
    }

    /// The one-shot analysis simulates exactly as `simulate` does.
    #[test]
    fn a_fresh_analysis_agrees_with_simulate() {
        for ex in examples::gallery() {
            let s = (ex.build)();
            assert_eq!(Analysis::of(&s).report, crate::simulate(&s), "{}", ex.slug);
        }
    }

    /// A change of a CAS's certificate names simulates again only the
    /// clients whose Autodiscover read that certificate (and those of its
    /// site), not every client; the results are those of a fresh analysis.
    #[test]
    fn a_certificate_change_resimulates_only_its_readers() {
        let (mut narrower, mut readers) = (0, 0);
        for ex in examples::gallery() {
            let s = (ex.build)();
            for site in s.sites.iter() {
                for cas in site.cas_servers.iter() {
                    let mut changed = cas.clone();
                    changed.certificate_names.push("other.example.com".into());
                    let edit = Edit::UpsertCas {
                        site: site.id.clone(),
                        cas: changed,
                    };
                    let Ok(next) = s.apply(edit) else { continue };
                    let mut a = Analyzer::default();
                    a.analyze(&s);
                    let after = a.analyze(&next);
                    let world = World::new(&s);
                    let sim = Simulator::new(&world);
                    let expected = s
                        .clients
                        .iter()
                        .filter(|c| {
                            let (_, reads) = sim.client_reads(c);
                            let read = reads.certificates.iter().any(|id| **id == *cas.id);
                            readers += usize::from(read);
                            let home = world
                                .databases
                                .get(c.mailbox_database.as_str())
                                .is_some_and(|(h, _)| h.id == site.id);
                            read || home
                        })
                        .count();
                    assert_eq!(after.simulated, expected, "{} {}", ex.slug, cas.id);
                    assert_eq!(
                        after.report,
                        crate::simulate(&next),
                        "{} {}",
                        ex.slug,
                        cas.id
                    );
                    narrower += usize::from(expected < s.clients.len());
                }
            }
        }
        assert!(
            narrower > 0,
            "some certificate change concerns fewer than every client"
        );
        assert!(readers > 0, "some client reads a certificate");
    }

    /// The findings first, their fixes after: together they are the
    /// analysis with fixes, and the first is the next edit's baseline.
    #[test]
    fn findings_first_then_their_fixes_are_the_analysis() {
        let s = examples::seed_leaking();
        let mut a = Analyzer::default();
        assert_eq!(a.fixes(), None, "nothing analysed yet");
        let first = a.analyze_first(&s);
        assert!(first.findings.iter().all(|f| f.fixes.is_empty()));
        let whole = Analysis::of(&s);
        assert!(whole.findings.iter().any(|f| !f.fixes.is_empty()));
        assert_eq!(a.fixes().as_ref(), Some(&whole.findings));
        let next = s
            .apply(Edit::SetPerimeterDefault {
                action: PerimeterAction::RejectRst,
            })
            .unwrap();
        assert_eq!(a.analyze_first(&next).simulated, 1, "the baseline is kept");
        assert_eq!(a.fixes(), Some(Analysis::of(&next).findings));
    }

    /// A change of the perimeter's default action simulates again only the
    /// clients whose connections it decided, inside or out; the results
    /// are those of a fresh analysis.
    #[test]
    fn a_default_action_change_resimulates_only_the_clients_it_decided() {
        let (mut narrower, mut decided) = (0, 0);
        for ex in examples::gallery() {
            let s = (ex.build)();
            let world = World::new(&s);
            let sim = Simulator::new(&world);
            let expected = s
                .clients
                .iter()
                .filter(|c| sim.client_reads(c).1.default_action)
                .count();
            let outside = s
                .clients
                .iter()
                .filter(|c| Inputs::of(&world, c, Reads::default()).outside)
                .count();
            decided += expected;
            narrower += usize::from(expected < outside);
            for action in [PerimeterAction::Allow, PerimeterAction::RejectRst] {
                if s.perimeter.default_action == action {
                    continue;
                }
                let next = s.apply(Edit::SetPerimeterDefault { action }).unwrap();
                let mut a = Analyzer::default();
                a.analyze(&s);
                let after = a.analyze(&next);
                assert_eq!(after.simulated, expected, "{} {action:?}", ex.slug);
                assert_eq!(
                    after.report,
                    crate::simulate(&next),
                    "{} {action:?}",
                    ex.slug
                );
            }
        }
        assert!(decided > 0, "the default action decides some connection");
        assert!(narrower > 0, "somewhere fewer than every outside client");
    }

    /// After an edit only the clients it can affect are simulated again.
    #[test]
    fn an_edit_resimulates_only_the_clients_it_can_affect() {
        let s = examples::seed_leaking();
        let mut a = Analyzer::default();
        assert_eq!(a.analyze(&s).simulated, s.clients.len());
        assert_eq!(a.analyze(&s).simulated, 0, "nothing changed");

        // The perimeter is only on the external client's path.
        let rst = s
            .apply(Edit::SetPerimeterDefault {
                action: PerimeterAction::RejectRst,
            })
            .unwrap();
        assert_eq!(a.analyze(&rst).simulated, 1);
        // Both clients resolve in the Internet view (the internal one forwards to it).
        let fixed = rst
            .apply(Edit::Delete {
                id: "rec-ext-outlook".into(),
            })
            .unwrap();
        let after = a.analyze(&fixed);
        assert_eq!(after.simulated, 2);
        assert_eq!(after.report, crate::simulate(&fixed));
        assert_eq!(after.findings, Analysis::of(&fixed).findings);
    }
}
