//! The advisor: design rules that say what is wrong before Outlook does.
//!
//! A rule is an entry in `RULES`: a stable id, a title and a check function
//! returning findings. Each finding names the objects involved, explains why,
//! says how to fix it and cites its source (seed point or § of the behaviour
//! model). Adding a rule is one function plus its tests.

use crate::dns::{resolve, HopKind};
use crate::model::*;
use crate::sim::time::format_ms;
use crate::sim::{ClientResult, StepKind, StepOutcome};
use crate::world::{normalize_name, World};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub title: String,
    /// Ids of the model objects involved.
    pub objects: Vec<String>,
    pub why: String,
    pub fix: String,
    pub source: &'static str,
}

/// What every rule may look at, computed once per check: simulation results
/// and indexes, so no rule scans the design once per object (large designs
/// have thousands of servers).
pub struct Ctx<'a> {
    pub scenario: &'a Scenario,
    pub world: World<'a>,
    pub results: &'a [std::rc::Rc<ClientResult>],
    /// Views used by clients outside the perimeter, with those clients.
    external: Vec<(&'a str, Vec<&'a Client>)>,
    /// Views used by clients inside (all views when there are none).
    internal: Vec<&'a str>,
    /// The slowest outside client per (DNS view, home-server name): the delay
    /// a leak of that name costs, as the simulator predicts it.
    slowest_outside: HashMap<(&'a str, String), &'a ClientResult>,
    /// Objects by normalised FQDN.
    cas_by_name: HashMap<String, Vec<&'a CasServer>>,
    mailbox_by_name: HashMap<String, &'a MailboxServer>,
    array_by_name: HashMap<String, (&'a Site, &'a CasArray)>,
}

impl<'a> Ctx<'a> {
    fn new(scenario: &'a Scenario, results: &'a [std::rc::Rc<ClientResult>]) -> Self {
        Ctx::with_world(scenario, World::new(scenario), results)
    }

    fn with_world(scenario: &'a Scenario, world: World<'a>, results: &'a [std::rc::Rc<ClientResult>]) -> Self {
        let mut external: Vec<(&str, Vec<&Client>)> = Vec::new();
        for c in &scenario.clients {
            if !world.zones.get(c.location.as_str()).is_some_and(|z| !z.is_inside()) {
                continue;
            }
            match external.iter_mut().find(|(v, _)| *v == c.dns_view) {
                Some((_, list)) => list.push(c),
                None => external.push((&c.dns_view, vec![c])),
            }
        }
        let result_of: HashMap<&str, &ClientResult> = results.iter().map(|r| (r.client_id.as_str(), &**r)).collect();
        let mut slowest_outside: HashMap<(&str, String), &ClientResult> = HashMap::new();
        for (view, clients) in &external {
            for c in clients {
                let (Some(r), Some((_, db))) = (result_of.get(c.id.as_str()), world.databases.get(c.mailbox_database.as_str())) else { continue };
                let slot = slowest_outside.entry((*view, normalize_name(&db.rpc_client_access_server))).or_insert(r);
                if r.total_ms > slot.total_ms {
                    *slot = r;
                }
            }
        }
        let mut internal: Vec<&str> = Vec::new();
        for c in &scenario.clients {
            if world.zones.get(c.location.as_str()).is_some_and(|z| z.is_inside()) && !internal.contains(&c.dns_view.as_str()) {
                internal.push(&c.dns_view);
            }
        }
        if internal.is_empty() {
            internal = scenario.dns_views.iter().map(|v| v.id.as_str()).collect();
        }
        let mut cas_by_name: HashMap<String, Vec<&CasServer>> = HashMap::new();
        let mut mailbox_by_name = HashMap::new();
        let mut array_by_name = HashMap::new();
        for site in &scenario.sites {
            for c in &site.cas_servers {
                cas_by_name.entry(normalize_name(&c.fqdn)).or_default().push(c);
            }
            for m in &site.mailbox_servers {
                mailbox_by_name.entry(normalize_name(&m.fqdn)).or_insert(m);
            }
            for a in &site.arrays {
                array_by_name.entry(normalize_name(&a.fqdn)).or_insert((site, a));
            }
        }
        Ctx {
            scenario,
            world,
            results,
            external,
            internal,
            slowest_outside,
            cas_by_name,
            mailbox_by_name,
            array_by_name,
        }
    }

    fn array_named(&self, fqdn: &str) -> Option<(&'a Site, &'a CasArray)> {
        self.array_by_name.get(&normalize_name(fqdn)).copied()
    }
}

pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    pub check: fn(&Ctx<'_>) -> Vec<Finding>,
}

pub const RULES: &[Rule] = &[
    Rule { id: "CAS001", title: "Site with mailbox databases but no CAS array", check: site_without_array },
    Rule { id: "CAS002", title: "More than one CAS array in a site", check: several_arrays },
    Rule { id: "CAS003", title: "Single CAS without an array", check: single_cas_without_array },
    Rule { id: "CAS004", title: "Array name resolves for external clients", check: array_resolves_externally },
    Rule { id: "CAS005", title: "Array FQDN equals a CAS server's name", check: array_named_like_cas },
    Rule { id: "CAS006", title: "Array FQDN shared with an HTTPS name (ambiguous URL)", check: ambiguous_url },
    Rule { id: "CAS007", title: "Database does not point at its site's array", check: database_not_on_array },
    Rule { id: "CAS008", title: "Array name does not resolve to the load-balancer VIP", check: array_not_on_vip },
    Rule { id: "CAS009", title: "Load balancer does not forward the RPC ports", check: vip_ports },
    Rule { id: "CAS010", title: "Outlook Anywhere disabled while external clients exist", check: oa_disabled },
    Rule { id: "CAS011", title: "Public folders unreachable from clients", check: public_folders_unreachable },
    Rule { id: "CAS012", title: "Exchange 2013+ database still references an array", check: array_on_new_exchange },
    Rule { id: "CAS013", title: "Array under a public domain the organisation does not control", check: uncontrolled_domain },
];

/// Runs every rule; findings sorted by severity, then rule id (stable).
pub fn check(scenario: &Scenario) -> Vec<Finding> {
    analyze(scenario).1
}

/// Simulation and advice in one pass over one index: what the UI needs after
/// every edit.
pub fn analyze(scenario: &Scenario) -> (crate::sim::SimulationReport, Vec<Finding>) {
    let analysis = crate::analysis::Analyzer::default().analyze(scenario);
    (analysis.report, analysis.findings)
}

/// The findings for `scenario` given its simulation `results`, over an
/// index the caller already built.
pub(crate) fn findings_with_world<'a>(scenario: &'a Scenario, world: World<'a>, results: &'a [std::rc::Rc<ClientResult>]) -> Vec<Finding> {
    run_rules(Ctx::with_world(scenario, world, results))
}

/// `check` reusing simulation results the caller already has (the UI
/// simulates on every edit anyway); `results` must come from `scenario`.
pub fn check_with_results(scenario: &Scenario, results: &[std::rc::Rc<ClientResult>]) -> Vec<Finding> {
    run_rules(Ctx::new(scenario, results))
}

fn run_rules(ctx: Ctx<'_>) -> Vec<Finding> {
    let mut findings: Vec<Finding> = RULES.iter().flat_map(|r| (r.check)(&ctx)).collect();
    findings.sort_by(|a, b| (a.severity, a.rule).cmp(&(b.severity, b.rule)));
    findings
}

fn rule(id: &str) -> &'static Rule {
    RULES.iter().find(|r| r.id == id).expect("rule ids are constants")
}

fn finding(id: &'static str, severity: Severity, objects: Vec<String>, why: String, fix: String, source: &'static str) -> Finding {
    Finding { rule: id, severity, title: rule(id).title.to_string(), objects, why, fix, source }
}

fn same_name(a: &str, b: &str) -> bool {
    !a.trim().is_empty() && normalize_name(a) == normalize_name(b)
}

fn site_without_array(ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.scenario
        .sites
        .iter()
        // A single-CAS site is CAS003's, with advice specific to it.
        .filter(|s| !s.databases.is_empty() && s.arrays.is_empty() && s.cas_servers.len() != 1)
        .map(|s| {
            finding(
                "CAS001",
                Severity::Error,
                vec![s.id.clone()],
                format!(
                    "Site {} has {} mailbox database(s) but no CAS array, so profiles are written with a \
                     single CAS's name and every CAS change breaks them.",
                    s.name,
                    s.databases.len()
                ),
                format!(
                    "New-ClientAccessArray -Fqdn <internal-only name> -Site \"{}\", point its name at the \
                     load-balancer VIP, then set RpcClientAccessServer on the databases before moving mailboxes.",
                    s.name
                ),
                "§1",
            )
        })
        .collect()
}

fn several_arrays(ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.scenario
        .sites
        .iter()
        .filter(|s| s.arrays.len() > 1)
        .map(|s| {
            let names: Vec<&str> = s.arrays.iter().map(|a| a.fqdn.as_str()).collect();
            let mut objects = vec![s.id.clone()];
            objects.extend(s.arrays.iter().map(|a| a.id.clone()));
            finding(
                "CAS002",
                Severity::Error,
                objects,
                format!(
                    "Site {} has {} arrays ({}); Exchange allows a single Client Access array per AD site.",
                    s.name,
                    s.arrays.len(),
                    names.join(", ")
                ),
                "Keep one array per site and point every database of the site at it.".into(),
                "§1",
            )
        })
        .collect()
}

fn single_cas_without_array(ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.scenario
        .sites
        .iter()
        .filter(|s| s.cas_servers.len() == 1 && s.arrays.is_empty())
        .map(|s| {
            let cas = &s.cas_servers[0];
            finding(
                "CAS003",
                Severity::Warning,
                vec![s.id.clone(), cas.id.clone()],
                format!(
                    "Site {} has a single CAS ({}) and no array: profiles will name {} itself, so adding or \
                     replacing a CAS later means repairing every Outlook profile.",
                    s.name, cas.name, cas.fqdn
                ),
                "Create the array now, even for one CAS, with an internal-only name resolving to the CAS (later a VIP).".into(),
                "seed point 6, §1",
            )
        })
        .collect()
}

/// Views used by clients outside the perimeter, with those clients.
fn external_views<'c>(ctx: &'c Ctx<'_>) -> impl Iterator<Item = (&'c str, &'c [&'c Client])> {
    ctx.external.iter().map(|(v, cs)| (*v, cs.as_slice()))
}

fn array_resolves_externally(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            for (view_id, _) in external_views(ctx) {
                let res = resolve(&ctx.world, view_id, &array.fqdn);
                if res.answer.addresses().is_empty() {
                    continue;
                }
                let view_name = ctx.world.view(view_id).map(|(v, _)| v.name.as_str()).unwrap_or(view_id);
                let redirected = res.hops.iter().any(|h| h.kind == HopKind::NxdomainRedirect);
                let how = if redirected {
                    "NXDOMAIN redirection answers for the missing name"
                } else if res.hops.iter().any(|h| h.kind == HopKind::Wildcard) {
                    "a wildcard record synthesises it"
                } else {
                    "an explicit record publishes it"
                };
                // The delay as the simulator predicts it, for the slowest outside
                // client of this view whose profile names this array.
                let delay = ctx
                    .slowest_outside
                    .get(&(view_id, normalize_name(&array.fqdn)))
                    .map(|r| {
                        let waited: u64 = r
                            .steps
                            .iter()
                            .filter(|s| s.kind == StepKind::TcpConnect && s.outcome == StepOutcome::Failed)
                            .map(|s| s.duration_ms)
                            .sum();
                        format!(
                            " The simulator predicts {} takes {} to connect ({}), {} of it waiting for RPC/TCP.",
                            r.client,
                            format_ms(r.total_ms),
                            r.outcome.label(),
                            format_ms(waited)
                        )
                    })
                    .unwrap_or_default();
                let mut objects = vec![array.id.clone(), view_id.to_string()];
                objects.extend(res.evidence());
                let addrs: Vec<String> = res.answer.addresses().iter().map(|a| a.to_string()).collect();
                let (severity, fix) = if redirected {
                    (
                        Severity::Warning,
                        "You cannot fix a third-party resolver: push \"On fast networks, connect using HTTP first\" \
                         (GPO for Outlook 2016) to roaming clients, or use a VPN."
                            .to_string(),
                    )
                } else {
                    (
                        Severity::Error,
                        format!(
                            "Remove the record(s) for {} from {view_name} (keep the name in internal DNS only, \
                             split-brain); the external client then gets NXDOMAIN and goes straight to HTTPS.",
                            array.fqdn
                        ),
                    )
                };
                out.push(finding(
                    "CAS004",
                    severity,
                    objects,
                    format!(
                        "{} resolves to {} in {view_name} because {how}. External Outlook tries RPC on TCP 135 there, \
                         times out and only then falls back to HTTPS.{delay}",
                        array.fqdn,
                        addrs.join(", ")
                    ),
                    fix,
                    "seed post, §4 (NXDOMAIN case), §5, §8",
                ));
            }
        }
    }
    out
}

fn array_named_like_cas(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            {
                for cas in ctx.cas_by_name.get(&normalize_name(&array.fqdn)).into_iter().flatten() {
                    out.push(finding(
                        "CAS005",
                        Severity::Warning,
                        vec![array.id.clone(), cas.id.clone()],
                        format!(
                            "Array {} has the same FQDN as CAS {}: the name should belong to the load-balancer VIP, \
                             not to one server (a logical rule; no source found).",
                            array.fqdn, cas.name
                        ),
                        "Give the array its own internal-only name, e.g. outlook.<internal domain>, resolving to the VIP.".into(),
                        "§1 (unverified), §9",
                    ));
                }
            }
        }
    }
    out
}

fn ambiguous_url(ctx: &Ctx<'_>) -> Vec<Finding> {
    // Every HTTPS name, normalised: (object id or None for Autodiscover, what it is).
    let mut https: HashMap<String, Vec<(Option<&str>, String)>> = HashMap::new();
    for s in &ctx.scenario.sites {
        for cas in &s.cas_servers {
            let oa = &cas.outlook_anywhere;
            for (what, name) in [("Outlook Anywhere external hostname", &oa.external_hostname), ("internal HTTPS hostname", &oa.internal_hostname)] {
                if !name.trim().is_empty() {
                    https.entry(normalize_name(name)).or_default().push((Some(&cas.id), format!("the {what} of {}", cas.name)));
                }
            }
        }
    }
    for name in ctx.scenario.autodiscover.dns_names.iter().filter(|n| !n.trim().is_empty()) {
        https.entry(normalize_name(name)).or_default().push((None, "an Autodiscover name".into()));
    }
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            let Some(clashes) = https.get(&normalize_name(&array.fqdn)) else { continue };
            let mut objects = vec![array.id.clone()];
            objects.extend(clashes.iter().filter_map(|(id, _)| id.map(String::from)).collect::<BTreeSet<_>>());
            let what: Vec<&str> = clashes.iter().map(|(_, w)| w.as_str()).collect();
            out.push(finding(
                "CAS006",
                Severity::Error,
                objects,
                format!(
                    "Array FQDN {} is also {}. The HTTPS name must resolve on the Internet, so external clients \
                     resolve the RPC endpoint too and suffer the TCP-first delay; it also complicates a move to Exchange 2013.",
                    array.fqdn,
                    what.join(" and ")
                ),
                "Give the array its own internal-only FQDN (it need not be on the certificate) and re-home the databases' RpcClientAccessServer.".into(),
                "§1, C5, C6",
            ));
        }
    }
    out
}

fn database_not_on_array(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        let own = site.arrays.first();
        for db in site.databases.iter().filter(|d| d.exchange_version.has_rpc_tcp()) {
            let target = db.rpc_client_access_server.trim();
            let problem: Option<(String, Vec<String>)> = if target.is_empty() {
                Some(("has no RpcClientAccessServer".into(), vec![]))
            } else if own.is_some_and(|a| same_name(&a.fqdn, target)) {
                None
            } else if let Some((other_site, a)) = ctx.array_named(target) {
                Some((format!("points at array {} of site {}, not its own site's", a.fqdn, other_site.name), vec![a.id.clone()]))
            } else if let Some(cas) = ctx.cas_by_name.get(&normalize_name(target)).and_then(|v| v.first()) {
                Some((format!("points at a single CAS, {}", cas.name), vec![cas.id.clone()]))
            } else if let Some(m) = ctx.mailbox_by_name.get(&normalize_name(target)) {
                Some((format!("points at mailbox server {}, which Outlook must not use for mailbox access", m.name), vec![m.id.clone()]))
            } else if own.is_some() {
                Some((format!("points at {target}, which is neither the site's array nor any server of the design"), vec![]))
            } else {
                None // CAS001/CAS003 already report the missing array.
            };
            if let Some((what, mut objects)) = problem {
                objects.insert(0, db.id.clone());
                let fix = match own {
                    Some(a) => format!(
                        "Set-MailboxDatabase {} -RpcClientAccessServer {}; existing profiles keep the old name until repaired or re-created.",
                        db.name, a.fqdn
                    ),
                    None => format!("Create the array for site {} first, then point {} at it.", site.name, db.name),
                };
                out.push(finding(
                    "CAS007",
                    Severity::Error,
                    objects,
                    format!("Database {} {what}; Outlook profiles store this name as their home server.", db.name),
                    fix,
                    "§1",
                ));
            }
        }
    }
    out
}

fn array_not_on_vip(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            let Some(lb) = &array.load_balancer else {
                if array.members.len() > 1 {
                    out.push(finding(
                        "CAS008",
                        Severity::Warning,
                        vec![array.id.clone()],
                        format!(
                            "Array {} has {} members but no load balancer: the array itself does no load balancing, \
                             so its name reaches one server or round-robins without affinity.",
                            array.fqdn,
                            array.members.len()
                        ),
                        "Put a load balancer (with client affinity) in front of the members and point the array name at its VIP.".into(),
                        "§1, §2 step 5",
                    ));
                }
                continue;
            };
            for &view in &ctx.internal {
                let res = resolve(&ctx.world, view, &array.fqdn);
                let addrs = res.answer.addresses();
                if addrs == [lb.vip] {
                    continue;
                }
                let view_name = ctx.world.view(view).map(|(v, _)| v.name.as_str()).unwrap_or(view);
                let got = if addrs.is_empty() {
                    "does not resolve".to_string()
                } else {
                    format!("resolves to {}", addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", "))
                };
                let mut objects = vec![array.id.clone(), view.to_string()];
                objects.extend(res.evidence());
                out.push(finding(
                    "CAS008",
                    Severity::Error,
                    objects,
                    format!("In {view_name}, {} {got}; it should resolve only to the VIP {}.", array.fqdn, lb.vip),
                    format!("In {view_name}, make {} a single A record {}.", array.fqdn, lb.vip),
                    "seed post, §2 step 5",
                ));
            }
        }
    }
    out
}

fn vip_ports(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            let Some(lb) = &array.load_balancer else { continue };
            let mut needed: Vec<(PortRange, String)> = vec![(PortRange::single(EPM_PORT), "135 (endpoint mapper)".into())];
            let members: Vec<&CasServer> = array.members.iter().filter_map(|m| ctx.world.cas.get(m.as_str()).map(|(_, c)| *c)).collect();
            for cas in &members {
                for r in cas.rpc_ports.needed() {
                    if !needed.iter().any(|(n, _)| *n == r) {
                        let what = if r == DYNAMIC_RPC_RANGE { format!("{r} (dynamic RPC range)") } else { format!("{r} (static RPC port of {})", cas.name) };
                        needed.push((r, what));
                    }
                }
            }
            if members.iter().any(|c| c.outlook_anywhere.enabled) {
                needed.push((PortRange::single(HTTPS_PORT), "443 (Outlook Anywhere)".into()));
            }
            let missing: Vec<&str> = needed.iter().filter(|(r, _)| !r.covered_by(&lb.forwarded_ports)).map(|(_, w)| w.as_str()).collect();
            if missing.is_empty() {
                continue;
            }
            out.push(finding(
                "CAS009",
                Severity::Error,
                vec![array.id.clone()],
                format!(
                    "The VIP {} of {} does not forward {}. Outlook reaches the endpoint mapper, then waits a full \
                     connect timeout (21 s) per bind for a port that never answers.",
                    lb.vip,
                    array.fqdn,
                    missing.join(", ")
                ),
                "Forward TCP 135 plus the dynamic range 6005–59530, or set static ports (59531/59532) on every CAS and forward those, with client affinity.".into(),
                "§2 step 5, §8 (internal client failure branches)",
            ));
        }
    }
    out
}

fn oa_disabled(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        if site.cas_servers.iter().any(|c| c.outlook_anywhere.enabled) {
            continue;
        }
        let external: Vec<&Client> = external_views(ctx)
            .flat_map(|(_, cs)| cs.iter().copied())
            .filter(|c| ctx.world.databases.get(c.mailbox_database.as_str()).is_some_and(|(s, _)| s.id == site.id))
            .collect();
        if external.is_empty() {
            continue;
        }
        let mut objects = vec![site.id.clone()];
        objects.extend(external.iter().map(|c| c.id.clone()));
        let names: Vec<&str> = external.iter().map(|c| c.name.as_str()).collect();
        out.push(finding(
            "CAS010",
            Severity::Error,
            objects,
            format!(
                "No CAS in site {} has Outlook Anywhere enabled, but external clients ({}) have mailboxes there: \
                 they have no HTTPS path and cannot connect.",
                site.name,
                names.join(", ")
            ),
            "Enable Outlook Anywhere on the site's CAS servers with an external hostname published through the perimeter on 443.".into(),
            "§4",
        ));
    }
    out
}

fn public_folders_unreachable(ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.results
        .iter()
        .filter_map(|r| {
            let pf = r.public_folders.as_ref().filter(|pf| !pf.connected)?;
            let client = ctx.scenario.clients.iter().find(|c| c.id == r.client_id)?;
            let mut objects = vec![client.id.clone(), client.mailbox_database.clone()];
            if let Some((_, db)) = ctx.world.databases.get(client.mailbox_database.as_str()) {
                objects.extend(db.public_folder_database.clone());
            }
            Some(finding(
                "CAS011",
                Severity::Error,
                objects,
                format!(
                    "{} connects its mailbox but not its public folders: {}. Outlook reaches public-folder data on the \
                     mailbox server directly, not through the CAS.",
                    r.client, pf.detail
                ),
                "Let clients reach the public-folder mailbox server on TCP 135 and its RPC ports (set static ports there too), and make its FQDN resolve for them.".into(),
                "seed point 3, §1, §2 step 5",
            ))
        })
        .collect()
}

fn array_on_new_exchange(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for db in site.databases.iter().filter(|d| !d.exchange_version.has_rpc_tcp()) {
            if let Some((_, array)) = ctx.array_named(&db.rpc_client_access_server) {
                out.push(finding(
                    "CAS012",
                    Severity::Info,
                    vec![db.id.clone(), array.id.clone()],
                    format!(
                        "Database {} runs {} yet its RpcClientAccessServer names array {}: Exchange 2013 and later \
                         offer no RPC/TCP, so the setting has no effect.",
                        db.name,
                        db.exchange_version.label(),
                        array.fqdn
                    ),
                    "Nothing breaks; clear it when the last Exchange 2010 database is gone, and retire the array's DNS record.".into(),
                    "§1",
                ));
            }
        }
    }
    out
}

/// Top-level domains that never resolve on the Internet.
const PRIVATE_TLDS: &[&str] = &["local", "internal", "lan", "corp", "intranet", "home", "private", "localdomain", "arpa", "test", "invalid", "example"];

fn uncontrolled_domain(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    // Domains the organisation publishes: zones in the external views, and its SMTP domain.
    let mut controlled: BTreeSet<String> = BTreeSet::new();
    for (view_id, _) in external_views(ctx) {
        if let Some((v, _)) = ctx.world.view(view_id) {
            controlled.extend(v.zones.iter().map(|z| normalize_name(&z.name)));
        }
    }
    if !ctx.scenario.autodiscover.smtp_domain.is_empty() {
        controlled.insert(normalize_name(&ctx.scenario.autodiscover.smtp_domain));
    }
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            let fqdn = normalize_name(&array.fqdn);
            let tld = fqdn.rsplit('.').next().unwrap_or("");
            if PRIVATE_TLDS.contains(&tld) || !fqdn.contains('.') {
                continue;
            }
            let covered = controlled.iter().any(|d| fqdn == *d || fqdn.ends_with(&format!(".{d}")));
            if covered {
                continue;
            }
            out.push(finding(
                "CAS013",
                Severity::Warning,
                vec![array.id.clone()],
                format!(
                    "Array {} sits under a public domain the organisation does not publish (no zone for it in the \
                     external DNS views): whoever owns that domain, or a wildcard there, decides what the Internet \
                     answers for your RPC endpoint.",
                    array.fqdn
                ),
                "Name the array under a domain you control (and keep it internal-only there) or under a private suffix such as .internal.".into(),
                "§5 (how a leak happens)",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::{self, seed_fixed, seed_leaking};

    fn fired(s: &Scenario, id: &str) -> Vec<Finding> {
        check(s).into_iter().filter(|f| f.rule == id).collect()
    }

    #[test]
    fn the_fixed_seed_has_no_findings() {
        assert_eq!(check(&seed_fixed()), vec![]);
    }

    #[test]
    fn analyze_agrees_with_simulate_and_check() {
        for ex in examples::gallery() {
            let s = (ex.build)();
            let (report, findings) = analyze(&s);
            assert_eq!(report, crate::simulate(&s), "{}", ex.slug);
            assert_eq!(findings, check(&s), "{}", ex.slug);
        }
    }

    #[test]
    fn every_rule_has_a_unique_id() {
        let ids: BTreeSet<&str> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), RULES.len());
    }

    #[test]
    fn cas001_site_without_array() {
        let mut s = seed_fixed();
        s.sites[0].arrays.clear();
        s.sites[0].databases[0].rpc_client_access_server = "cas01.mycompany.internal".into();
        assert_eq!(fired(&s, "CAS001").len(), 1);
        assert!(fired(&seed_fixed(), "CAS001").is_empty());
    }

    #[test]
    fn cas002_two_arrays() {
        let mut s = seed_fixed();
        let mut second = s.sites[0].arrays[0].clone();
        second.id = "array-2".into();
        second.fqdn = "outlook2.mycompany.internal".into();
        s.sites[0].arrays.push(second);
        assert_eq!(fired(&s, "CAS002").len(), 1);
        assert!(fired(&seed_fixed(), "CAS002").is_empty());
    }

    #[test]
    fn cas003_single_cas_without_array() {
        let mut s = seed_fixed();
        s.sites[0].arrays.clear();
        s.sites[0].cas_servers.truncate(1);
        let f = fired(&s, "CAS003");
        assert_eq!(f.len(), 1);
        assert!(f[0].source.contains("seed point 6"));
        assert!(fired(&s, "CAS001").is_empty(), "single-CAS sites get CAS003's advice only");
        // Near-identical correct design: one CAS, with an array.
        let mut ok = seed_fixed();
        ok.sites[0].cas_servers.truncate(1);
        ok.sites[0].arrays[0].members.truncate(1);
        assert!(fired(&ok, "CAS003").is_empty());
    }

    #[test]
    fn cas004_leak_is_an_error_with_the_predicted_delay() {
        let f = fired(&seed_leaking(), "CAS004");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].why.contains("External laptop takes 21.9 s"), "{}", f[0].why);
        assert!(f[0].why.contains("21.0 s of it waiting"), "{}", f[0].why);
        assert!(f[0].objects.contains(&"rec-ext-outlook".to_string()));
        assert!(fired(&seed_fixed(), "CAS004").is_empty());
    }

    /// Regression: the delay quoted for a leaking array came from the slowest
    /// outside client of the view, even one whose profile names another server.
    #[test]
    fn cas004_quotes_the_delay_of_clients_of_that_array() {
        let mut s = seed_leaking();
        let mut db2 = s.sites[0].databases[0].clone();
        db2.id = "db-02".into();
        db2.name = "DB02".into();
        db2.rpc_client_access_server = "outlook2.mycompany.internal".into();
        s.sites[0].databases.push(db2);
        let zone = s.dns_views[1].zones.iter_mut().find(|z| z.id == "zone-ext-internal").unwrap();
        for (i, last) in [10u8, 11].into_iter().enumerate() {
            zone.records.push(DnsRecord {
                id: format!("rec-o2-{i}"),
                name: "outlook2.mycompany.internal".into(),
                data: RecordData::A { address: [203, 0, 113, last].into() },
            });
        }
        let mut other = s.clients[1].clone();
        other.id = "client-other".into();
        other.name = "Other laptop".into();
        other.mailbox_database = "db-02".into();
        s.clients.push(other);
        let f = fired(&s, "CAS004");
        assert_eq!(f.len(), 1);
        assert!(f[0].why.contains("External laptop takes 21.9 s"), "{}", f[0].why);
    }

    #[test]
    fn cas004_wildcard_and_redirect_are_named() {
        let f = fired(&examples::wildcard_leak(), "CAS004");
        assert!(f[0].why.contains("wildcard"), "{}", f[0].why);
        let f = fired(&examples::hotel_nxdomain(), "CAS004");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].why.contains("NXDOMAIN redirection"));
    }

    #[test]
    fn cas005_array_named_like_a_cas() {
        let mut s = seed_fixed();
        s.sites[0].cas_servers[0].fqdn = "outlook.mycompany.internal".into();
        assert_eq!(fired(&s, "CAS005").len(), 1);
        assert!(fired(&seed_fixed(), "CAS005").is_empty());
    }

    #[test]
    fn cas006_ambiguous_url() {
        let mut s = seed_fixed();
        s.sites[0].cas_servers[0].outlook_anywhere.external_hostname = "outlook.mycompany.internal".into();
        assert_eq!(fired(&s, "CAS006").len(), 1);
        let mut s = seed_fixed();
        s.autodiscover.dns_names.push("outlook.mycompany.internal".into());
        assert_eq!(fired(&s, "CAS006").len(), 1);
        assert!(fired(&seed_fixed(), "CAS006").is_empty());
    }

    #[test]
    fn cas007_database_pointing_elsewhere() {
        for (target, expect) in [
            ("cas01.mycompany.internal", "single CAS"),
            ("mbx01.mycompany.internal", "mailbox server"),
            ("", "no RpcClientAccessServer"),
        ] {
            let mut s = seed_fixed();
            s.sites[0].databases[0].rpc_client_access_server = target.into();
            let f = fired(&s, "CAS007");
            assert_eq!(f.len(), 1, "{target}");
            assert!(f[0].why.contains(expect), "{}", f[0].why);
        }
        // Another site's array.
        let mut s = seed_fixed();
        let mut branch = s.sites[0].clone();
        branch.id = "site-br".into();
        branch.name = "Branch".into();
        branch.cas_servers.clear();
        branch.mailbox_servers.clear();
        branch.public_folder_databases.clear();
        branch.arrays[0].id = "array-br".into();
        branch.arrays[0].fqdn = "outlook-br.mycompany.internal".into();
        branch.arrays[0].members.clear();
        branch.arrays[0].load_balancer = None;
        branch.databases[0].id = "db-br".into();
        branch.databases[0].public_folder_database = None;
        s.sites.push(branch);
        let f = fired(&s, "CAS007");
        assert_eq!(f.len(), 1);
        assert!(f[0].why.contains("of site HQ"), "{}", f[0].why);
        assert!(fired(&seed_fixed(), "CAS007").is_empty());
    }

    #[test]
    fn cas008_array_not_on_vip() {
        let mut s = seed_fixed();
        s.dns_views[0].zones[0].records[0].data = RecordData::A { address: [10, 10, 10, 11].into() };
        let f = fired(&s, "CAS008");
        assert_eq!(f.len(), 1);
        assert!(f[0].why.contains("10.10.10.11"));
        assert!(fired(&seed_fixed(), "CAS008").is_empty());
    }

    #[test]
    fn cas009_vip_without_rpc_ports() {
        let f = fired(&examples::lb_missing_rpc_ports(), "CAS009");
        assert_eq!(f.len(), 1);
        assert!(f[0].why.contains("59531"), "{}", f[0].why);
        assert!(fired(&seed_fixed(), "CAS009").is_empty());
    }

    #[test]
    fn cas010_oa_disabled_with_external_clients() {
        let mut s = seed_fixed();
        for c in &mut s.sites[0].cas_servers {
            c.outlook_anywhere.enabled = false;
        }
        assert_eq!(fired(&s, "CAS010").len(), 1);
        s.clients.retain(|c| c.id != "client-external");
        assert!(fired(&s, "CAS010").is_empty());
    }

    #[test]
    fn cas011_public_folders_unreachable() {
        let mut s = seed_fixed();
        // The mailbox server has no internal DNS record: RPC/TCP clients cannot find it.
        s.dns_views[0].zones[0].records.retain(|r| r.id != "rec-int-mbx01");
        let f = fired(&s, "CAS011");
        assert_eq!(f.len(), 1);
        assert!(f[0].objects.contains(&"client-internal".to_string()));
        assert!(fired(&seed_fixed(), "CAS011").is_empty());
    }

    #[test]
    fn cas012_array_on_exchange_2013() {
        assert_eq!(fired(&examples::exchange_2013(), "CAS012").len(), 1);
        let mut s = examples::exchange_2013();
        s.sites[0].databases[0].rpc_client_access_server.clear();
        assert!(fired(&s, "CAS012").is_empty());
    }

    #[test]
    fn cas013_uncontrolled_public_domain() {
        let mut s = seed_fixed();
        s.sites[0].arrays[0].fqdn = "outlook.mycompany.net".into();
        assert_eq!(fired(&s, "CAS013").len(), 1);
        let mut s = seed_fixed();
        s.sites[0].arrays[0].fqdn = "outlook.mycompany.com".into();
        assert!(fired(&s, "CAS013").is_empty(), "mycompany.com is published by the organisation");
    }
}
