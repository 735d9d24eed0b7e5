//! Versions and IPv6 (§10): a mailbox no Client Access server in its site
//! can serve (a 2010 CAS does not serve a newer mailbox, serve 4), with the
//! fix that adds a server of the mailbox's version; an HTTPS name with an
//! IPv6 address outside that nothing publishes (ipv6 3–4, 6).

use super::*;
use crate::sim::protocol::{serving_cas, too_old};
use std::net::Ipv4Addr;

/// CAS025: a mailbox database on Exchange 2013 or later whose site's
/// Outlook Anywhere servers are all older than it. Its clients fail (the
/// simulator says so); the fix adds a Client Access server of its version.
pub(super) fn mailbox_without_serving_cas(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        // One finding per site and version: one new server serves them all
        // (Subscription Edition with 2019, as it behaves).
        let mut versions: Vec<ExchangeVersion> = Vec::new();
        for db in site.databases.iter() {
            let v = db.exchange_version;
            if v.has_rpc_tcp() || versions.contains(&v.behaves_as()) {
                continue;
            }
            let Err(cannot) = serving_cas(site, v) else {
                continue;
            };
            if cannot.is_empty() {
                // No Outlook Anywhere at all: the HTTPS rules say so.
                continue;
            }
            versions.push(v.behaves_as());
            let dbs: Vec<&MailboxDatabase> = site
                .databases
                .iter()
                .filter(|d| d.exchange_version.behaves_as() == v.behaves_as())
                .collect();
            let users: u64 = ctx
                .scenario
                .clients
                .iter()
                .filter(|c| dbs.iter().any(|d| d.id == c.mailbox_database))
                .map(|c| u64::from(c.users))
                .sum();
            let names: Vec<&str> = dbs.iter().map(|d| d.name.as_str()).collect();
            let mut objects: Vec<String> = dbs.iter().map(|d| d.id.clone()).collect();
            objects.extend(cannot.iter().map(|c| c.id.clone()));
            out.push(
                rule.finding(
                    Severity::Error,
                    objects,
                    format!(
                        "{} ({}, {} user{}): {}.",
                        names.join(", "),
                        v.label(),
                        users,
                        if users == 1 { "" } else { "s" },
                        too_old(site, v, &cannot)
                    ),
                    format!(
                        "Add an {} (or later) Client Access server to site {} with Outlook Anywhere, and move \
                         the HTTPS names (Outlook Anywhere, Autodiscover) to it: it serves the {} mailboxes and \
                         proxies down to the older ones (§10 serve 1).",
                        v.label(),
                        site.name,
                        v.label()
                    ),
                    "§10 serve 4",
                )
                .with_fixes(ctx, || add_cas_of(ctx, site, v, cannot[0])),
            );
        }
    }
    out
}

/// A Client Access server of `version` beside `model` (the site's first
/// Outlook Anywhere server), and the HTTPS names moved to it (§10 serve 1).
fn add_cas_of(
    ctx: &Ctx<'_>,
    site: &Site,
    version: ExchangeVersion,
    model: &CasServer,
) -> Option<Fix> {
    let cas = new_cas(ctx, site, version, model, &[])?;
    let (name, ip) = (cas.name.clone(), cas.ip);
    let mut edits = vec![Edit::UpsertCas {
        site: site.id.clone(),
        cas,
    }];
    edits.extend(move_https_names(ctx, site, model, ip));
    Some(Fix {
        title: format!(
            "Add {name} ({}) to site {} and move the HTTPS names to it",
            version.label(),
            site.name
        ),
        edits,
    })
}

/// A new Client Access server of `version` for `site`, like `model` (its
/// Outlook Anywhere and certificate names, with IIS methods left to the
/// version's own), with a name, id and the next free address after the
/// site's servers that nothing in the design uses.
pub(super) fn new_cas(
    ctx: &Ctx<'_>,
    site: &Site,
    version: ExchangeVersion,
    model: &CasServer,
    added: &[CasServer],
) -> Option<CasServer> {
    // `added`: servers made for the same change but not yet in the design.
    let id = ctx.fresh_id("cas", |id| added.iter().any(|c| c.id == id));
    let tag = version.as_str().to_ascii_lowercase();
    let taken = |n: &str| {
        ctx.scenario
            .sites
            .iter()
            .flat_map(|s| s.cas_servers.iter())
            .chain(added)
            .any(|c| c.name.eq_ignore_ascii_case(n))
    };
    let stem = (1..100)
        .map(|k| {
            if k == 1 {
                format!("cas{tag}")
            } else {
                format!("cas{tag}-{k}")
            }
        })
        .find(|n| !taken(n))?;
    let name = stem.to_ascii_uppercase();
    let domain = model.fqdn.split_once('.').map_or("", |(_, d)| d);
    let fqdn = if domain.is_empty() {
        stem.clone()
    } else {
        format!("{stem}.{domain}")
    };
    let ip = next_free_address(ctx, site, added)?;
    let mut certificate_names: Vec<String> = vec![fqdn.clone()];
    certificate_names.extend(
        model
            .certificate_names
            .iter()
            .filter(|n| !crate::names::same_dns_name(n, &model.fqdn))
            .cloned(),
    );
    let mut outlook_anywhere = model.outlook_anywhere.clone();
    outlook_anywhere.iis_auth = Vec::new();
    Some(CasServer {
        id,
        name,
        autodiscover_scp_url: if model.autodiscover_scp_url.trim().is_empty() {
            String::new()
        } else {
            crate::model::autodiscover_url(&fqdn)
        },
        fqdn,
        ip,
        exchange_version: version,
        build: String::new(),
        // No RPC endpoint on 2013 and later (§1): the default, unused.
        rpc_ports: RpcPorts::Dynamic,
        outlook_anywhere,
        autodiscover_site_scope: model.autodiscover_site_scope.clone(),
        certificate_names,
        windows: WindowsServer::Unknown,
        kb3140410: false,
    })
}

/// The edits that point the site's HTTPS names at `to`: inside views' A
/// records of `model`'s Outlook Anywhere names and the Autodiscover names
/// that pointed at one of the site's servers or VIPs, and the perimeter
/// rules that publish 443 to one of them.
pub(super) fn move_https_names(
    ctx: &Ctx<'_>,
    site: &Site,
    model: &CasServer,
    to: Ipv4Addr,
) -> Vec<Edit> {
    let site_addresses: Vec<Ipv4Addr> = site
        .cas_servers
        .iter()
        .map(|c| c.ip)
        .chain(
            site.arrays
                .iter()
                .filter_map(|a| a.load_balancer.as_ref().map(|lb| lb.vip)),
        )
        .collect();
    let oa = &model.outlook_anywhere;
    let names: Vec<&str> = [oa.host_for(true), oa.external_hostname.trim()]
        .into_iter()
        .chain(ctx.scenario.autodiscover.dns_names.iter().map(|n| n.trim()))
        .filter(|n| !n.is_empty())
        .collect();
    let mut edits = Vec::new();
    for view in ctx
        .scenario
        .dns_views
        .iter()
        .filter(|v| v.audience == Audience::Internal)
    {
        for zone in view.zones.iter() {
            for r in zone.records.iter() {
                let RecordData::A { address } = r.data else {
                    continue;
                };
                if site_addresses.contains(&address)
                    && names
                        .iter()
                        .any(|n| crate::names::same_dns_name(n, &r.name))
                {
                    edits.push(Edit::UpsertDnsRecord {
                        zone: zone.id.clone(),
                        record: DnsRecord {
                            data: RecordData::A { address: to },
                            ..r.clone()
                        },
                    });
                }
            }
        }
    }
    for rule in ctx.scenario.perimeter.rules.iter() {
        if rule.ports.contains(HTTPS_PORT)
            && rule
                .translate_to
                .is_some_and(|t| site_addresses.contains(&t))
        {
            edits.push(Edit::UpsertPerimeterRule {
                rule: PerimeterRule {
                    translate_to: Some(to),
                    ..rule.clone()
                },
            });
        }
    }
    edits
}

/// The next address after the highest of the site's servers that no host
/// of the design uses, in the same /24.
fn next_free_address(ctx: &Ctx<'_>, site: &Site, added: &[CasServer]) -> Option<Ipv4Addr> {
    let highest = site
        .cas_servers
        .iter()
        .map(|c| c.ip)
        .chain(site.mailbox_servers.iter().map(|m| m.ip))
        .max()?;
    let [a, b, c, d] = highest.octets();
    (d.saturating_add(1)..255)
        .map(|x| Ipv4Addr::new(a, b, c, x))
        .find(|ip| !ctx.world.hosts.contains_key(ip) && !added.iter().any(|c| c.ip == *ip))
}

/// CAS026: an HTTPS name (Outlook Anywhere, Autodiscover) with an AAAA
/// record where outside clients resolve, while the perimeter publishes no
/// IPv6 (§10 ipv6 6): a dual-stack Outlook outside tries the IPv6 address
/// first and waits out a dropped connect before IPv4 (§10 ipv6 3–4).
pub(super) fn https_name_aaaa_outside(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut names: Vec<&str> = ctx
        .scenario
        .sites
        .iter()
        .flat_map(|s| s.cas_servers.iter())
        .filter(|c| c.outlook_anywhere.enabled)
        .map(|c| c.outlook_anywhere.external_hostname.trim())
        .chain(ctx.scenario.autodiscover.dns_names.iter().map(|n| n.trim()))
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup_by(|a, b| crate::names::same_dns_name(a, b));
    let mut out = Vec::new();
    for &view in &ctx.outside {
        // Only clients whose stack uses IPv6 try the address.
        let users: Vec<&Client> = ctx
            .scenario
            .clients
            .iter()
            .filter(|c| c.dns_view == view && c.ip_stack.uses_v6())
            .collect();
        if users.is_empty() {
            continue;
        }
        for &name in &names {
            let res = resolve(&ctx.world, view, name);
            let v6 = res.answer.addresses_v6();
            if v6.is_empty() {
                continue;
            }
            let records: Vec<&DnsRecord> = res
                .hops
                .iter()
                .filter_map(|h| super::remedies::hop_record(ctx, h))
                .map(|(_, r)| r)
                .filter(|r| matches!(r.data, RecordData::Aaaa { .. }))
                .collect();
            let addresses: Vec<String> = v6.iter().map(|a| a.to_string()).collect();
            let action = ctx.scenario.perimeter.default_action;
            let severity = if action == PerimeterAction::Allow {
                Severity::Info
            } else {
                Severity::Warning
            };
            let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
            out.push(
                rule.finding(
                    severity,
                    vec![view.to_string()],
                    format!(
                        "{name} has AAAA {} in {}, but no perimeter rule publishes IPv6 (the default action is {}): \
                         {} dual-stack client(s) there, {} among them, try the IPv6 address first and wait out a \
                         failed connect before IPv4 (§10 ipv6 3–4, parameter ipv6_first).",
                        addresses.join(", "),
                        view_name(ctx, view),
                        action.label(),
                        users.len(),
                        users[0].name
                    ),
                    format!(
                        "Remove the AAAA record(s) for {name} from public DNS until the perimeter publishes IPv6 to a \
                         Client Access server."
                    ),
                    "§10 ipv6 3–4, 6",
                )
                .with_evidence(ids.clone())
                .with_fixes(ctx, || {
                    (!ids.is_empty()).then(|| Fix {
                        title: format!("Remove the AAAA record(s) for {name} from {}", view_name(ctx, view)),
                        edits: ids.iter().map(|id| Edit::Delete { id: id.clone() }).collect(),
                    })
                }),
            );
        }
    }
    out
}
