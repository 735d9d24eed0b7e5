//! The advisor: design rules that say what is wrong before Outlook does.
//!
//! A rule is an entry in `RULES`: a stable id, a title and a check function
//! returning findings. Each finding names the objects involved, explains why,
//! says how to fix it and cites its source (seed point or § of
//! `docs/behaviour-model.md`). The checks live in one file per family
//! (`arrays`, `resolution`, `databases`, `transport`, `autodiscover`,
//! `versions`), and the fixes several
//! rules share in `remedies`; adding a rule is one function, one `RULES`
//! entry and its tests.
//!
//! The advisor sits above the simulator (it reads its results) and below
//! `analysis`, which orchestrates the two.

mod arrays;
mod autodiscover;
mod coexistence;
mod databases;
mod remedies;
mod resolution;
#[cfg(test)]
mod tests;
mod transport;
mod versions;

use crate::dns::{resolve, HopKind};
use crate::edit::Edit;
use crate::model::*;
use crate::names::{normalize_name, normalize_name_cow};
use crate::sim::time::format_ms;
use crate::sim::{ClientResult, StepKind, StepOutcome};
use crate::world::World;
use crate::FastMap as HashMap;
use serde::Serialize;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub title: String,
    /// Ids of the model objects involved: first what the finding is about,
    /// then its evidence (the records a resolution used).
    pub objects: Vec<String>,
    /// How many of `objects` name what the finding is about. Two findings
    /// of one rule with the same subject are the same finding whatever their
    /// evidence: a fix that removes one record of a leak another record
    /// still causes has not resolved it, nor brought a new one.
    #[serde(skip)]
    pub subject: usize,
    pub why: String,
    /// The remedy in prose.
    pub fix: String,
    pub source: &'static str,
    /// The remedies as edits to the design, best first. Proposals only: the
    /// `fixes` module simulates each before it is offered.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix>,
}

/// A remedy a rule proposes: a short title and the edits that make it in
/// the design, applied in order as one change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Finding {
    /// What the finding is about: its rule and the objects it is about.
    pub fn key(&self) -> (&'static str, &[String]) {
        (
            self.rule,
            &self.objects[..self.subject.min(self.objects.len())],
        )
    }

    /// Adds the records (or other objects) that show the finding, after
    /// the objects it is about.
    fn with_evidence(mut self, evidence: impl IntoIterator<Item = String>) -> Finding {
        self.subject = self.objects.len();
        self.objects.extend(evidence);
        self
    }

    /// Adds the remedies `fixes` builds, unless this check runs without
    /// them (judging a change needs only which findings remain).
    fn with_fixes<I: IntoIterator<Item = Fix>>(
        mut self,
        ctx: &Ctx<'_>,
        fixes: impl FnOnce() -> I,
    ) -> Finding {
        if ctx.remedies {
            self.fixes.extend(fixes());
        }
        self
    }
}

/// What every rule may look at, computed once per check: simulation results
/// and indexes, so no rule scans the design once per object (large designs
/// have thousands of servers).
pub(crate) struct Ctx<'a> {
    scenario: &'a Scenario,
    world: World<'a>,
    results: &'a [Rc<ClientResult>],
    /// Views used by clients outside the perimeter, with those clients (for
    /// the delays they suffer and the fixes made on their profiles).
    external: Vec<(&'a str, Vec<&'a Client>)>,
    /// Views whose audience is inside alone: where the array name must
    /// answer, and where a remedy may publish an internal name (§5).
    internal: Vec<&'a str>,
    /// Views the Internet resolves in (audience external or both): where
    /// the array name must not answer (seed post, §5).
    outside: Vec<&'a str>,
    /// The slowest outside client per (DNS view, home-server name): the delay
    /// a leak of that name costs, as the simulator predicts it.
    slowest_outside: HashMap<(&'a str, String), &'a ClientResult>,
    /// Objects by normalised FQDN.
    cas_by_name: HashMap<String, Vec<&'a CasServer>>,
    mailbox_by_name: HashMap<String, &'a MailboxServer>,
    array_by_name: HashMap<String, (&'a Site, &'a CasArray)>,
    /// Databases by normalised RpcClientAccessServer, in design order.
    databases_by_home: HashMap<String, Vec<(&'a Site, &'a MailboxDatabase)>>,
    /// Each client's result, by client id (the first client with the id).
    result_of: HashMap<&'a str, &'a ClientResult>,
    /// Clients by the id of their mailbox database, in design order.
    clients_by_db: HashMap<&'a str, Vec<&'a Client>>,
    /// Whether findings get their fixes.
    remedies: bool,
    /// Every id in the design, gathered once when a remedy first needs a fresh one.
    ids: std::cell::OnceCell<crate::FastSet<&'a str>>,
    /// By prefix, the first `k` for which `<prefix>-<k>` is free: where
    /// `fresh_ids` starts looking (a generated design numbers thousands of
    /// records `rec-1`, `rec-2`…, and many findings want one).
    first_free: std::cell::RefCell<crate::FastMap<String, usize>>,
    /// A view's DNS records by id, with their zone, gathered once per view
    /// when a remedy first needs the record behind a resolution's hop there.
    records: std::cell::RefCell<crate::FastMap<&'a str, Rc<RecordsById<'a>>>>,
}

type RecordsById<'a> = crate::FastMap<&'a str, (&'a DnsZone, &'a DnsRecord)>;

impl<'a> Ctx<'a> {
    fn new(world: World<'a>, results: &'a [Rc<ClientResult>], remedies: bool) -> Self {
        let scenario = world.scenario;
        let mut external: Vec<(&str, Vec<&Client>)> = Vec::new();
        for c in &scenario.clients {
            if world
                .zones
                .get(c.location.as_str())
                .is_none_or(|z| z.is_inside())
            {
                continue;
            }
            match external.iter_mut().find(|(v, _)| *v == c.dns_view) {
                Some((_, list)) => list.push(c),
                None => external.push((&c.dns_view, vec![c])),
            }
        }
        let mut result_of: HashMap<&str, &ClientResult> =
            HashMap::with_capacity_and_hasher(results.len(), Default::default());
        for r in results {
            result_of.entry(r.client_id.as_str()).or_insert(&**r);
        }
        let mut clients_by_db: HashMap<&str, Vec<&Client>> = HashMap::default();
        for c in &scenario.clients {
            clients_by_db
                .entry(c.mailbox_database.as_str())
                .or_default()
                .push(c);
        }
        let mut slowest_outside: HashMap<(&str, String), &ClientResult> = HashMap::default();
        for (view, clients) in &external {
            for c in clients {
                let (Some(r), Some((_, db))) = (
                    result_of.get(c.id.as_str()),
                    world.databases.get(c.mailbox_database.as_str()),
                ) else {
                    continue;
                };
                let slot = slowest_outside
                    .entry((*view, normalize_name(&db.rpc_client_access_server)))
                    .or_insert(r);
                if r.total_ms > slot.total_ms {
                    *slot = r;
                }
            }
        }
        // Where a view stands is the design's to say (its audience), never
        // a guess from where clients sit (issue 27).
        let views_where = |keep: fn(Audience) -> bool| -> Vec<&'a str> {
            scenario
                .dns_views
                .iter()
                .filter(|v| keep(v.audience))
                .map(|v| v.id.as_str())
                .collect()
        };
        let internal = views_where(|a| a == Audience::Internal);
        let outside = views_where(Audience::serves_outside);
        let mut cas_by_name: HashMap<String, Vec<&CasServer>> = HashMap::default();
        let mut mailbox_by_name = HashMap::default();
        let mut array_by_name = HashMap::default();
        let mut databases_by_home: HashMap<String, Vec<_>> = HashMap::default();
        for site in &scenario.sites {
            for c in &site.cas_servers {
                cas_by_name
                    .entry(normalize_name(&c.fqdn))
                    .or_default()
                    .push(c);
            }
            for m in &site.mailbox_servers {
                mailbox_by_name.entry(normalize_name(&m.fqdn)).or_insert(m);
            }
            for a in &site.arrays {
                array_by_name
                    .entry(normalize_name(&a.fqdn))
                    .or_insert((site, a));
            }
            for d in site
                .databases
                .iter()
                .filter(|d| !d.rpc_client_access_server.trim().is_empty())
            {
                databases_by_home
                    .entry(normalize_name(&d.rpc_client_access_server))
                    .or_default()
                    .push((site, d));
            }
        }
        Ctx {
            scenario,
            world,
            results,
            external,
            internal,
            outside,
            slowest_outside,
            cas_by_name,
            mailbox_by_name,
            array_by_name,
            databases_by_home,
            result_of,
            clients_by_db,
            remedies,
            ids: Default::default(),
            first_free: Default::default(),
            records: Default::default(),
        }
    }

    /// Whether an object of the design has `id`.
    fn id_taken(&self, id: &str) -> bool {
        let scenario = self.scenario;
        self.ids
            .get_or_init(|| scenario.objects().map(|e| e.object.id()).collect())
            .contains(id)
    }

    /// The first id `<prefix>-<k>` (k from 1) that no object uses and
    /// `besides` does not hold (ids made for the same change, not yet in
    /// the design).
    fn fresh_id(&self, prefix: &str, besides: impl Fn(&str) -> bool) -> String {
        // Every k before the first free one is taken by the design.
        let first = self.first_free.borrow().get(prefix).copied();
        let mut k = first.unwrap_or_else(|| {
            let k = (1..)
                .find(|k| !self.id_taken(&format!("{prefix}-{k}")))
                .expect("a free id");
            self.first_free.borrow_mut().insert(prefix.to_string(), k);
            k
        });
        loop {
            let id = format!("{prefix}-{k}");
            if !self.id_taken(&id) && !besides(&id) {
                return id;
            }
            k += 1;
        }
    }

    /// The first `n` ids `<prefix>-<k>` (k from 1) that no object uses.
    fn fresh_ids(&self, prefix: &str, n: usize) -> Vec<String> {
        let mut ids: Vec<String> = Vec::with_capacity(n);
        while ids.len() < n {
            let id = self.fresh_id(prefix, |id| ids.iter().any(|i| i == id));
            ids.push(id);
        }
        ids
    }

    /// The record `id` in view `view`, with its zone.
    fn record_in(&self, view: &str, id: &str) -> Option<(&'a DnsZone, &'a DnsRecord)> {
        let (v, _) = self.world.view(view)?;
        let records = Rc::clone(
            self.records
                .borrow_mut()
                .entry(v.id.as_str())
                .or_insert_with(|| {
                    let mut map = RecordsById::default();
                    for z in v.zones.iter() {
                        for r in z.records.iter() {
                            map.entry(r.id.as_str()).or_insert((z, r));
                        }
                    }
                    Rc::new(map)
                }),
        );
        records.get(id).copied()
    }

    fn array_named(&self, fqdn: &str) -> Option<(&'a Site, &'a CasArray)> {
        self.array_by_name.get(&normalize_name(fqdn)).copied()
    }

    /// The databases whose RpcClientAccessServer is `name`.
    fn databases_homed_at(&self, name: &str) -> &[(&'a Site, &'a MailboxDatabase)] {
        self.databases_by_home
            .get(normalize_name_cow(name).as_ref())
            .map_or(&[], Vec::as_slice)
    }
}

/// A design rule: its stable id and title, and the check that finds its
/// findings. The check is handed its own rule, so a finding can only carry
/// the id and title of the rule that made it.
pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    check: fn(&Rule, &Ctx<'_>) -> Vec<Finding>,
}

impl Rule {
    fn finding(
        &self,
        severity: Severity,
        objects: Vec<String>,
        why: String,
        fix: String,
        source: &'static str,
    ) -> Finding {
        Finding {
            rule: self.id,
            severity,
            title: self.title.to_string(),
            subject: objects.len(),
            objects,
            why,
            fix,
            source,
            fixes: Vec::new(),
        }
    }
}

pub const RULES: &[Rule] = &[
    Rule {
        id: "CAS001",
        title: "Site with mailbox databases but no CAS array",
        check: arrays::site_without_array,
    },
    Rule {
        id: "CAS002",
        title: "More than one CAS array in a site",
        check: arrays::several_arrays,
    },
    Rule {
        id: "CAS003",
        title: "Single CAS without an array",
        check: arrays::single_cas_without_array,
    },
    Rule {
        id: "CAS004",
        title: "Array name resolves for external clients",
        check: resolution::array_resolves_externally,
    },
    Rule {
        id: "CAS005",
        title: "Array FQDN equals a CAS server's name",
        check: arrays::array_named_like_cas,
    },
    Rule {
        id: "CAS006",
        title: "Array FQDN shared with an HTTPS name (ambiguous URL)",
        check: resolution::ambiguous_url,
    },
    Rule {
        id: "CAS007",
        title: "Database does not point at its site's array",
        check: databases::database_not_on_array,
    },
    Rule {
        id: "CAS008",
        title: "Array name does not resolve to the load-balancer VIP",
        check: resolution::array_not_on_vip,
    },
    Rule {
        id: "CAS009",
        title: "Load balancer does not forward the RPC ports",
        check: transport::vip_ports,
    },
    Rule {
        id: "CAS010",
        title: "Outlook Anywhere disabled while external clients exist",
        check: transport::oa_disabled,
    },
    Rule {
        id: "CAS011",
        title: "Public folders unreachable from clients",
        check: databases::public_folders_unreachable,
    },
    Rule {
        id: "CAS012",
        title: "Exchange 2013+ database still references an array",
        check: arrays::array_on_new_exchange,
    },
    Rule {
        id: "CAS013",
        title: "Array under a public domain the organisation does not control",
        check: resolution::uncontrolled_domain,
    },
    Rule {
        id: "CAS014",
        title: "Server address not known",
        check: transport::unknown_address,
    },
    Rule {
        id: "CAS015",
        title: "Inside clients cannot reach an HTTPS name",
        check: transport::https_names_unreachable_inside,
    },
    Rule {
        id: "CAS016",
        title: "One DNS view serves inside and outside clients",
        check: resolution::shared_view,
    },
    Rule {
        id: "CAS017",
        title: "Client resolves in a DNS view not meant for where it sits",
        check: resolution::client_in_wrong_view,
    },
    Rule {
        id: "CAS018",
        title: "Autodiscover's root domain costs connect timeouts",
        check: autodiscover::root_domain_timeouts,
    },
    Rule {
        id: "CAS019",
        title: "Certificate prompt from a host that is not Exchange",
        check: autodiscover::web_host_certificate_prompt,
    },
    Rule {
        id: "CAS020",
        title: "Autodiscover name missing from an Exchange certificate",
        check: autodiscover::exchange_certificate_missing_name,
    },
    Rule {
        id: "CAS021",
        title: "Autodiscover redirect prompt",
        check: autodiscover::redirect_prompt,
    },
    Rule {
        id: "CAS022",
        title: "SCP URL inside clients cannot resolve or reach",
        check: autodiscover::scp_url_unusable,
    },
    Rule {
        id: "CAS023",
        title: "AD site served only by other sites' SCP URLs",
        check: autodiscover::site_out_of_scope,
    },
    Rule {
        id: "CAS024",
        title: "Office 365 answers for an on-premises mailbox",
        check: autodiscover::office365_misroute,
    },
    Rule {
        id: "CAS025",
        title: "Mailbox newer than every Client Access server of its site",
        check: versions::mailbox_without_serving_cas,
    },
    Rule {
        id: "CAS026",
        title: "HTTPS name with an IPv6 address the perimeter does not publish",
        check: versions::https_name_aaaa_outside,
    },
    Rule {
        id: "CAS027",
        title: "Newer server proxies to Exchange 2010 without NTLM",
        check: coexistence::proxy_without_ntlm,
    },
    Rule {
        id: "CAS028",
        title: "RPC/TCP-only profiles at the cut-over",
        check: coexistence::rpc_tcp_only_profiles,
    },
    Rule {
        id: "CAS029",
        title: "Exchange 2010 below the coexistence minimum",
        check: coexistence::below_coexistence_minimum,
    },
    Rule {
        id: "CAS030",
        title: "Exchange 2010 is out of support",
        check: coexistence::end_of_support,
    },
];

pub use coexistence::{draft, Draft};

/// The advisor's one entry point: every rule over an indexed design and its
/// simulation `results` (which must come from the same design); findings
/// sorted by severity, then rule id (stable). `analysis` calls it.
/// With `remedies` false the findings carry no fixes: what judging a fix
/// needs (which findings remain), at a fraction of the cost.
pub(crate) fn findings(
    world: World<'_>,
    results: &[Rc<ClientResult>],
    remedies: bool,
) -> Vec<Finding> {
    let ctx = Ctx::new(world, results, remedies);
    let mut findings: Vec<Finding> = RULES.iter().flat_map(|r| (r.check)(r, &ctx)).collect();
    findings.sort_by(|a, b| (a.severity, a.rule).cmp(&(b.severity, b.rule)));
    findings
}

/// The first Client Access server newer than Exchange 2010 with Outlook
/// Anywhere: with one, the design is in coexistence (§11 coexist 3).
fn newer_server(scenario: &Scenario) -> Option<&CasServer> {
    scenario
        .sites
        .iter()
        .flat_map(|s| s.cas_servers.iter())
        .find(|c| is_newer_oa(c))
}

/// A server newer than Exchange 2010 that offers Outlook Anywhere: one that
/// can proxy a 2010 mailbox's HTTPS session (§11 coexist 3, 5).
fn is_newer_oa(c: &CasServer) -> bool {
    !c.exchange_version.has_rpc_tcp() && c.outlook_anywhere.enabled
}

fn same_name(a: &str, b: &str) -> bool {
    !a.trim().is_empty() && crate::names::same_dns_name(a, b)
}

/// Views used by clients outside the perimeter, with those clients.
fn external_views<'c>(ctx: &'c Ctx<'_>) -> impl Iterator<Item = (&'c str, &'c [&'c Client])> {
    ctx.external.iter().map(|(v, cs)| (*v, cs.as_slice()))
}

/// A view's name for messages (its id when the design lacks it).
fn view_name<'c>(ctx: &'c Ctx<'_>, id: &'c str) -> &'c str {
    ctx.world
        .view(id)
        .map(|(v, _)| v.name.as_str())
        .unwrap_or(id)
}
