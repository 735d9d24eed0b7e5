//! Coexistence and migration (§11): the newer servers' proxy to Exchange
//! 2010 without NTLM (CAS027), RPC/TCP-only profiles at the cut-over
//! (CAS028), a 2010 below the coexistence minimum (CAS029), Exchange 2010's
//! end of support (CAS030) with its fix, a drafted migration plan: the
//! steps from a 2010 design to a newer version, each a list of edits.

use super::*;
use crate::model::COEXISTENCE_MIN_2010_BUILD;

fn has_2010_mailboxes(site: &Site) -> bool {
    site.databases
        .iter()
        .any(|d| d.exchange_version.has_rpc_tcp())
}

/// The client names of `clients`, the first few, and how many users.
fn who(clients: &[&Client]) -> String {
    const NAMED: usize = 4;
    let users: u64 = clients.iter().map(|c| u64::from(c.users)).sum();
    let mut names: Vec<&str> = clients
        .iter()
        .take(NAMED)
        .map(|c| c.name.as_str())
        .collect();
    let more = clients.len().saturating_sub(NAMED);
    let more_text = format!("{more} more");
    if more > 0 {
        names.push(&more_text);
    }
    format!(
        "{} ({users} user{})",
        names.join(", "),
        if users == 1 { "" } else { "s" }
    )
}

/// CAS027: a newer server proxies Outlook Anywhere down to the 2010
/// servers of a site with 2010 mailboxes, and a 2010 server there lacks
/// NTLM among its IIS methods, or runs Windows Server 2008 R2 without
/// KB3140410 (§11 coexist 5, B14, B15). The fix adds NTLM (and marks the
/// update installed, with the command that checks it).
pub(super) fn proxy_without_ntlm(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    // Read once: most designs have no newer server, and then nothing proxies.
    let mut newer_servers: NewerByName<'_> = crate::FastMap::default();
    for (i, c) in ctx
        .scenario
        .sites
        .iter()
        .flat_map(|s| s.cas_servers.iter())
        .filter(|c| super::is_newer_oa(c))
        .enumerate()
    {
        let name = crate::names::normalize_name_cow(&c.outlook_anywhere.external_hostname);
        newer_servers.entry(name).or_insert((i, c));
    }
    if newer_servers.is_empty() {
        return out;
    }
    // The clients the simulator predicts meet the prompts, by their mailbox's site.
    let mut prompted_by_site: crate::FastMap<&str, Vec<&Client>> = crate::FastMap::default();
    for c in ctx.scenario.clients.iter() {
        let prompts = ctx.result_of.get(c.id.as_str()).is_some_and(|r| {
            matches!(
                &r.outcome,
                crate::sim::Outcome::Failed {
                    cause: crate::sim::Cause::ProxyPrompts { .. }
                }
            )
        });
        if let Some((site, _)) = ctx
            .world
            .databases
            .get(c.mailbox_database.as_str())
            .filter(|_| prompts)
        {
            prompted_by_site
                .entry(site.id.as_str())
                .or_default()
                .push(c);
        }
    }
    for site in ctx.scenario.sites.iter().filter(|s| has_2010_mailboxes(s)) {
        let Some(newer) = proxying_server(&newer_servers, site) else {
            continue;
        };
        let broken: Vec<(&CasServer, String)> = site
            .cas_servers
            .iter()
            .filter(|c| c.exchange_version.has_rpc_tcp() && c.outlook_anywhere.enabled)
            .filter_map(|c| c.proxy_auth_problem().map(|why| (c, why)))
            .collect();
        if broken.is_empty() {
            continue;
        }
        let prompted = prompted_by_site
            .get(site.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let whys: Vec<&str> = broken.iter().map(|(_, w)| w.as_str()).collect();
        let now = if prompted.is_empty() {
            format!(
                "No client reaches {} yet; once the HTTPS names point at it, every Exchange 2010 user of site {} who connects over HTTPS gets credential prompts that never end.",
                newer.name, site.name
            )
        } else {
            format!(
                "Predicted now: {} fail with credential prompts that never end.",
                who(prompted)
            )
        };
        let mut objects: Vec<String> = broken.iter().map(|(c, _)| c.id.clone()).collect();
        objects.push(newer.id.clone());
        out.push(
            rule.finding(
                Severity::Error,
                objects,
                format!(
                    "{} ({}) proxies Outlook Anywhere for Exchange 2010 mailboxes to the 2010 servers of site {} with NTLM, but {}. {now}",
                    newer.name,
                    newer.exchange_version.label(),
                    site.name,
                    whys.join("; ")
                ),
                "Add NTLM to the IIS authentication methods of Outlook Anywhere on every Exchange 2010 server (Set-OutlookAnywhere -IISAuthenticationMethods Basic,NTLM; the client method stays as it is), and install KB3140410 on those running Windows Server 2008 R2.".into(),
                "§11 coexist 5, B14, B15",
            )
            .with_evidence(prompted.iter().map(|c| c.id.clone()))
            .with_fixes(ctx, || {
                let edits: Vec<Edit> = broken
                    .iter()
                    .map(|(c, _)| Edit::UpsertCas {
                        site: site.id.clone(),
                        cas: ready_for_proxy(c),
                    })
                    .collect();
                let names: Vec<&str> = broken.iter().map(|(c, _)| c.name.as_str()).collect();
                Some(Fix {
                    title: format!(
                        "Let {}'s proxy in: NTLM on Outlook Anywhere of {}",
                        newer.name,
                        names.join(", ")
                    ),
                    edits,
                })
            }),
        );
    }
    out
}

/// A newer Outlook Anywhere server that takes `site`'s 2010 users' HTTPS
/// sessions: one in the site, or one answering the site's Outlook Anywhere
/// name (§11 coexist 3–4). None while the site's names stay on 2010 alone.
fn proxying_server<'a>(newer: &NewerByName<'a>, site: &'a Site) -> Option<&'a CasServer> {
    site.cas_servers
        .iter()
        .find(|c| super::is_newer_oa(c))
        .or_else(|| {
            site.cas_servers
                .iter()
                .filter(|c| c.exchange_version.has_rpc_tcp() && c.outlook_anywhere.enabled)
                .filter_map(|c| {
                    let name =
                        crate::names::normalize_name_cow(&c.outlook_anywhere.external_hostname);
                    newer.get(&name).copied()
                })
                .min_by_key(|(i, _)| *i)
                .map(|(_, c)| c)
        })
}

/// The newer Outlook Anywhere servers by their normalised external name:
/// the first in design order with each name, and its position.
type NewerByName<'a> = crate::FastMap<std::borrow::Cow<'a, str>, (usize, &'a CasServer)>;

/// `cas` as a newer server's proxy needs it (§11 coexist 5): NTLM among
/// its Outlook Anywhere IIS methods after the client method, and on
/// Windows Server 2008 R2 KB3140410.
fn ready_for_proxy(cas: &CasServer) -> CasServer {
    let mut c = cas.clone();
    let mut methods = c.outlook_anywhere.iis_methods();
    if !methods.contains(&OaAuth::Ntlm) {
        methods.push(OaAuth::Ntlm);
    }
    c.outlook_anywhere.iis_auth = methods;
    if c.windows == WindowsServer::W2008R2 {
        c.kb3140410 = true;
    }
    c
}

/// CAS028: profiles without Outlook Anywhere (RPC/TCP-only) where client
/// access has moved or is moving to a newer version: an error for those
/// whose mailbox is already on it (the restart prompt loops, §11 coexist
/// 6, B16), a warning for 2010 mailboxes in a design with newer servers
/// (they loop when their mailbox moves). The fix gives the profiles
/// Outlook Anywhere (Autodiscover or a new profile).
pub(super) fn rpc_tcp_only_profiles(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let coexisting = newer_server(ctx.scenario).is_some();
    let mut moved: Vec<&Client> = Vec::new();
    let mut waiting: Vec<&Client> = Vec::new();
    for c in ctx.scenario.clients.iter().filter(|c| !c.outlook_anywhere) {
        let Some((_, db)) = ctx.world.databases.get(c.mailbox_database.as_str()) else {
            continue;
        };
        if !db.exchange_version.has_rpc_tcp() {
            moved.push(c);
        } else if coexisting {
            waiting.push(c);
        }
    }
    let mut out = Vec::new();
    for (clients, severity, why) in [
        (
            moved,
            Severity::Error,
            "their mailboxes are on Exchange 2013 or later, which has no RPC/TCP, and \"an automatic switch in protocol to RPC-over-HTTP does not occur\": Outlook asks to restart, and asks again",
        ),
        (
            waiting,
            Severity::Warning,
            "client access is moving to a newer version; when their mailboxes move, \"an automatic switch in protocol to RPC-over-HTTP does not occur\" and Outlook loops on the restart prompt",
        ),
    ] {
        if clients.is_empty() {
            continue;
        }
        out.push(
            rule.finding(
                severity,
                clients.iter().map(|c| c.id.clone()).collect(),
                format!("The profiles of {} are RPC/TCP-only: {why}.", who(&clients)),
                "Give these profiles Outlook Anywhere before their mailboxes move: let Autodiscover configure them (Outlook 2010 and later do at their next run when Outlook Anywhere is published), or create new profiles.".into(),
                "§11 coexist 6, B16",
            )
            .with_fixes(ctx, || {
                let edits: Vec<Edit> = clients
                    .iter()
                    .map(|c| {
                        let mut client = (*c).clone();
                        client.outlook_anywhere = true;
                        Edit::UpsertClient { client }
                    })
                    .collect();
                Some(Fix {
                    title: format!(
                        "Give the profile{} of {} Outlook Anywhere",
                        if clients.len() == 1 { "" } else { "s" },
                        who(&clients)
                    ),
                    edits,
                })
            }),
        );
    }
    out
}

/// CAS029: an Exchange 2010 server below the coexistence minimum (SP3
/// RU11, §11 coexist 1, B12) in a design with a newer server: the newer
/// version's setup refuses to join. A known build only; the fix raises it
/// to the minimum (installing the update is the admin's).
pub(super) fn below_coexistence_minimum(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let Some(newer) = newer_server(ctx.scenario) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for cas in site
            .cas_servers
            .iter()
            .filter(|c| c.exchange_version.has_rpc_tcp())
        {
            let Some(build) = cas.build_numbers() else {
                continue;
            };
            if build >= COEXISTENCE_MIN_2010_BUILD {
                continue;
            }
            let min = min_build_text();
            out.push(
                rule.finding(
                    Severity::Error,
                    vec![cas.id.clone(), newer.id.clone()],
                    format!(
                        "{} runs Exchange 2010 build {}, below {min} (SP3 Update Rollup 11), the oldest that coexists with {}: its setup refuses to join the organisation.",
                        cas.name,
                        cas.build.trim(),
                        newer.exchange_version.label()
                    ),
                    format!("Install Exchange 2010 SP3 and Update Rollup 11 or later on {} first.", cas.name),
                    "§11 coexist 1, B12",
                )
                .with_fixes(ctx, || {
                    let mut updated = cas.clone();
                    updated.build = min.clone();
                    Some(Fix {
                        title: format!("Update {} to Exchange 2010 SP3 RU11 ({min})", cas.name),
                        edits: vec![Edit::UpsertCas {
                            site: site.id.clone(),
                            cas: updated,
                        }],
                    })
                }),
            );
        }
    }
    out
}

fn min_build_text() -> String {
    let [a, b, c, d] = COEXISTENCE_MIN_2010_BUILD;
    format!("{a}.{b}.{c}.{d}")
}

/// CAS030: Exchange 2010 in the design, out of support since 13 October
/// 2020 (§11 coexist 2, B6). Information; not said when the design's plan
/// ends without it. The fix drafts that plan, to Exchange 2019.
pub(super) fn end_of_support(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let scenario = ctx.scenario;
    let servers: Vec<String> = scenario
        .sites
        .iter()
        .flat_map(|s| s.cas_servers.iter())
        .filter(|c| c.exchange_version.has_rpc_tcp())
        .map(|c| c.id.clone())
        .chain(
            scenario
                .sites
                .iter()
                .flat_map(|s| s.databases.iter())
                .filter(|d| d.exchange_version.has_rpc_tcp())
                .map(|d| d.id.clone()),
        )
        .collect();
    if servers.is_empty() || plan_retires_2010(scenario) {
        return Vec::new();
    }
    let planned = !scenario.migration.steps.is_empty();
    vec![rule
        .finding(
            Severity::Info,
            servers,
            format!(
                "Exchange 2010 reached end of support on 13 October 2020: no security updates since.{}",
                if planned {
                    " The design's migration plan still ends with Exchange 2010 in it."
                } else {
                    ""
                }
            ),
            "Plan the move to a newer version: install it beside 2010, move the HTTPS names to it, move the mailboxes, then remove Exchange 2010 (§11).".into(),
            "§11 coexist 2, B6",
        )
        .with_fixes(ctx, || {
            // A draft walks the design once per step: kept off the edit
            // path of large designs, where the advisor runs after each edit.
            if planned || scenario.sites.len() > MAX_DRAFT_SITES {
                return None;
            }
            let migration = draft(scenario, &Draft::to(ExchangeVersion::V2019))?;
            Some(Fix {
                title: format!(
                    "Draft a migration plan to Exchange 2019 ({} steps)",
                    migration.steps.len()
                ),
                edits: vec![Edit::SetMigration { migration }],
            })
        })]
}

/// Designs up to this many sites get the drafted plan as CAS030's fix.
const MAX_DRAFT_SITES: usize = 20;

/// Whether the design's plan ends in a design without Exchange 2010.
fn plan_retires_2010(scenario: &Scenario) -> bool {
    if scenario.migration.steps.is_empty() {
        return false;
    }
    let Some(last) = crate::edit::plan::last_design(scenario) else {
        return false;
    };
    !last.sites.iter().any(|s| {
        s.cas_servers
            .iter()
            .any(|c| c.exchange_version.has_rpc_tcp())
            || s.databases.iter().any(|d| d.exchange_version.has_rpc_tcp())
    })
}

/// What a drafted plan does (§11): to which version, and whether it takes
/// the preparation steps a migration needs. Examples leave one out to show
/// what goes wrong without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draft {
    pub target: ExchangeVersion,
    /// NTLM on 2010 Outlook Anywhere (and KB3140410) before the names move.
    pub ntlm: bool,
    /// A new internal-only array name where the array shares an HTTPS name.
    pub array_name: bool,
}

impl Draft {
    pub fn to(target: ExchangeVersion) -> Draft {
        Draft {
            target,
            ntlm: true,
            array_name: true,
        }
    }
}

/// A migration plan from `scenario`'s Exchange 2010 to `draft.target`
/// (§11 step 1): "installed" (a server of the new version per site with
/// 2010, and 2010 made ready: NTLM, the coexistence build, profiles with
/// Outlook Anywhere, an internal-only array name), "namespaces moved" (the
/// HTTPS names to the new servers), "first mailboxes moved" (each 2010
/// database's first user, to a new database), "all mailboxes moved", and
/// "Exchange 2010 removed". Each step's edits are built on the design the
/// steps before make. None when the design has no 2010 site to move.
pub fn draft(scenario: &Scenario, draft: &Draft) -> Option<Migration> {
    let target = draft.target;
    let label = target.label();
    let mut design = crate::edit::plan::start(scenario);
    let mut steps: Vec<MigrationStep> = Vec::new();
    type Builder = fn(&Ctx<'_>, &Draft) -> Vec<Edit>;
    let plan: [(&str, &str, Builder); 5] = [
        ("installed", "{v} installed", installed),
        ("namespaces", "Namespaces moved to {v}", namespaces_moved),
        ("pilot", "First mailboxes moved", |ctx, d| {
            mailboxes_moved(ctx, d, true)
        }),
        ("mailboxes", "All mailboxes moved", |ctx, d| {
            mailboxes_moved(ctx, d, false)
        }),
        ("retired", "Exchange 2010 removed", retired),
    ];
    for (id, name, build) in plan {
        let edits = {
            let ctx = Ctx::new(World::new(&design), &[], true);
            build(&ctx, draft)
        };
        if edits.is_empty() {
            if id == "installed" {
                return None;
            }
            continue;
        }
        // A draft whose own edits do not apply is no draft.
        if !design.apply_each(&edits).is_empty() {
            return None;
        }
        steps.push(MigrationStep {
            id: id.to_string(),
            name: name.replace("{v}", label),
            after: steps.last().map(|s| s.id.clone()).unwrap_or_default(),
            notes: String::new(),
            edits: edits.into(),
        });
    }
    Some(Migration {
        start: "Before".into(),
        steps: steps.into(),
    })
}

/// The 2010 server of `site` whose Outlook Anywhere the new server copies.
fn model_of(site: &Site) -> Option<&CasServer> {
    site.cas_servers
        .iter()
        .find(|c| c.exchange_version.has_rpc_tcp() && c.outlook_anywhere.enabled)
}

fn sites_to_move<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = &'a Site> {
    ctx.scenario
        .sites
        .iter()
        .filter(|s| has_2010_mailboxes(s) && model_of(s).is_some())
}

/// Step "installed": a server of the new version per site, and 2010 made
/// ready for it.
fn installed(ctx: &Ctx<'_>, d: &Draft) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut added: Vec<CasServer> = Vec::new();
    for site in sites_to_move(ctx) {
        for c in site
            .cas_servers
            .iter()
            .filter(|c| c.exchange_version.has_rpc_tcp())
        {
            let mut ready = if d.ntlm && c.outlook_anywhere.enabled {
                ready_for_proxy(c)
            } else {
                c.clone()
            };
            if c.build_numbers()
                .is_some_and(|b| b < COEXISTENCE_MIN_2010_BUILD)
            {
                ready.build = min_build_text();
            }
            if ready != *c {
                edits.push(Edit::UpsertCas {
                    site: site.id.clone(),
                    cas: ready,
                });
            }
        }
        if d.array_name {
            let https = super::resolution::https_names(ctx.scenario);
            for array in site.arrays.iter() {
                if https.contains_key(&normalize_name(&array.fqdn)) {
                    if let Some(fix) = super::remedies::move_to_internal_name(ctx, site, array) {
                        edits.extend(fix.edits);
                    }
                }
            }
        }
        // Ids, names and addresses fresh against the servers added for
        // earlier sites.
        let model = model_of(site).expect("sites_to_move has one");
        if let Some(cas) = super::versions::new_cas(ctx, site, d.target, model, &added) {
            // Its own name in internal DNS, as a domain member registers it
            // (its SCP URL names it, §6 scp 2).
            if let Some((_, zone)) = super::remedies::internal_zone_for(ctx, &cas.fqdn) {
                edits.push(Edit::UpsertDnsRecord {
                    zone: zone.id.clone(),
                    record: DnsRecord {
                        id: format!("rec-{}", cas.id),
                        name: cas.fqdn.clone(),
                        data: RecordData::A { address: cas.ip },
                    },
                });
            }
            edits.push(Edit::UpsertCas {
                site: site.id.clone(),
                cas: cas.clone(),
            });
            added.push(cas);
        }
    }
    for c in ctx.scenario.clients.iter().filter(|c| !c.outlook_anywhere) {
        let mut client = c.clone();
        client.outlook_anywhere = true;
        edits.push(Edit::UpsertClient { client });
    }
    edits
}

/// The site's server of the new version, added by "installed".
fn new_server(site: &Site, target: ExchangeVersion) -> Option<&CasServer> {
    site.cas_servers
        .iter()
        .find(|c| c.exchange_version.behaves_as() == target.behaves_as())
}

/// Step "namespaces moved": the HTTPS names inside and the published 443
/// to the new servers; the array stays on 2010 (§11 coexist 3).
fn namespaces_moved(ctx: &Ctx<'_>, d: &Draft) -> Vec<Edit> {
    let mut edits = Vec::new();
    for site in sites_to_move(ctx) {
        let (Some(model), Some(to)) = (model_of(site), new_server(site, d.target)) else {
            continue;
        };
        edits.extend(super::versions::move_https_names(ctx, site, model, to.ip));
    }
    edits
}

/// Step "first mailboxes moved" (`pilot`: each 2010 database's first
/// client) or "all mailboxes moved" (the rest): a database of the new
/// version on the new server per 2010 database, made with the pilot, and
/// the clients moved to it (§11 coexist 4).
fn mailboxes_moved(ctx: &Ctx<'_>, d: &Draft, pilot: bool) -> Vec<Edit> {
    let tag = d.target.as_str();
    let mut edits = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    let mut fresh = |prefix: &str| {
        let id = ctx.fresh_id(prefix, |id| taken.iter().any(|t| t == id));
        taken.push(id.clone());
        id
    };
    for site in ctx.scenario.sites.iter() {
        let Some(server) = new_server(site, d.target) else {
            continue;
        };
        // The new server's mailbox role: the same machine (one server holds
        // every role from 2016 on), so the same name and address.
        let mailbox_id = match site.mailbox_servers.iter().find(|m| m.ip == server.ip) {
            Some(m) => m.id.clone(),
            None => {
                let id = fresh("mbx");
                edits.push(Edit::UpsertMailboxServer {
                    site: site.id.clone(),
                    server: MailboxServer {
                        id: id.clone(),
                        name: server.name.clone(),
                        fqdn: server.fqdn.clone(),
                        ip: server.ip,
                        rpc_ports: RpcPorts::Dynamic,
                    },
                });
                id
            }
        };
        for old in site
            .databases
            .iter()
            .filter(|db| db.exchange_version.has_rpc_tcp())
        {
            let name = format!("{}-{tag}", old.name);
            let new_id = match site.databases.iter().find(|db| db.name == name) {
                Some(db) => db.id.clone(),
                None if pilot => {
                    let id = fresh("db");
                    edits.push(Edit::UpsertDatabase {
                        site: site.id.clone(),
                        database: MailboxDatabase {
                            id: id.clone(),
                            name,
                            server: mailbox_id.clone(),
                            rpc_client_access_server: server.fqdn.clone(),
                            exchange_version: d.target,
                            // Public folders are not moved (§11 step 3).
                            public_folder_database: None,
                        },
                    });
                    id
                }
                None => continue,
            };
            let users = ctx
                .scenario
                .clients
                .iter()
                .filter(|c| c.mailbox_database == old.id);
            for (k, c) in users.enumerate() {
                if pilot && k > 0 {
                    break;
                }
                let mut client = c.clone();
                client.mailbox_database = new_id.clone();
                edits.push(Edit::UpsertClient { client });
            }
        }
    }
    edits
}

/// Step "Exchange 2010 removed": its databases, arrays (with their names'
/// records), Client Access and mailbox servers, once no client uses them.
fn retired(ctx: &Ctx<'_>, _: &Draft) -> Vec<Edit> {
    let s = ctx.scenario;
    let used: crate::FastSet<&str> = s
        .clients
        .iter()
        .map(|c| c.mailbox_database.as_str())
        .collect();
    let in_use = |db: &MailboxDatabase| used.contains(db.id.as_str());
    let https = super::resolution::https_names(s);
    // Records already deleted: two arrays of one name (CAS002) share them.
    let mut deleted: crate::FastSet<&str> = crate::FastSet::default();
    let mut edits = Vec::new();
    for site in s.sites.iter() {
        let old: Vec<&MailboxDatabase> = site
            .databases
            .iter()
            .filter(|db| db.exchange_version.has_rpc_tcp())
            .collect();
        if old.iter().any(|db| in_use(db)) {
            continue;
        }
        let newer_dbs: Vec<&MailboxDatabase> = site
            .databases
            .iter()
            .filter(|db| !db.exchange_version.has_rpc_tcp())
            .collect();
        edits.extend(old.iter().map(|db| Edit::Delete { id: db.id.clone() }));
        for array in site.arrays.iter() {
            // A name the HTTPS services share (C5) stays: it serves them now.
            let shared = https.contains_key(&normalize_name(&array.fqdn));
            for view in s.dns_views.iter().filter(|_| !shared) {
                for zone in view.zones.iter() {
                    for r in zone.records.iter() {
                        if crate::names::same_dns_name(&r.name, &array.fqdn)
                            && deleted.insert(r.id.as_str())
                        {
                            edits.push(Edit::Delete { id: r.id.clone() });
                        }
                    }
                }
            }
            edits.push(Edit::Delete {
                id: array.id.clone(),
            });
        }
        edits.extend(
            site.cas_servers
                .iter()
                .filter(|c| c.exchange_version.has_rpc_tcp())
                .map(|c| Edit::Delete { id: c.id.clone() }),
        );
        edits.extend(
            site.mailbox_servers
                .iter()
                .filter(|m| !newer_dbs.iter().any(|db| db.server == m.id))
                .map(|m| Edit::Delete { id: m.id.clone() }),
        );
    }
    edits
}
