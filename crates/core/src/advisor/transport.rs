//! Rules on the transports clients need: the load balancer's RPC ports and
//! Outlook Anywhere for external clients (CAS009, CAS010; §2 step 5, §4),
//! and addresses a client cannot reach because nobody knows them (CAS014).

use super::*;

pub(super) fn vip_ports(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            let Some(lb) = &array.load_balancer else {
                continue;
            };
            let members = array
                .members
                .iter()
                .filter_map(|m| ctx.world.cas.get(m.as_str()).map(|(_, c)| *c));
            let needed = vip_must_forward(members);
            let missing: Vec<&VipPort> = needed
                .iter()
                .filter(|p| !p.ports.covered_by(&lb.forwarded_ports))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let unforwarded: Vec<PortRange> = missing.iter().map(|p| p.ports).collect();
            let missing: Vec<String> = missing.iter().map(ToString::to_string).collect();
            let mut forwarding = array.clone();
            if let Some(lb) = &mut forwarding.load_balancer {
                lb.forwarded_ports.extend(unforwarded);
            }
            let forward = Fix {
                title: format!("Forward the missing ports on the VIP {}", lb.vip),
                edits: vec![Edit::UpsertArray {
                    site: site.id.clone(),
                    array: forwarding,
                }],
            };
            // The slowest client homed on this array, as the simulator predicts it.
            let slowest = ctx
                .databases_homed_at(&array.fqdn)
                .iter()
                .flat_map(|(_, d)| ctx.clients_by_db.get(d.id.as_str()).into_iter().flatten())
                .filter_map(|c| ctx.result_of.get(c.id.as_str()))
                .max_by_key(|r| r.total_ms)
                .map(|r| {
                    format!(
                        " The simulator predicts {} takes {} to connect ({}).",
                        r.client,
                        r.time_with_range(),
                        r.outcome.label()
                    )
                })
                .unwrap_or_default();
            out.push(rule.finding(Severity::Error,
                vec![array.id.clone()],
                format!(
                    "The VIP {} of {} does not forward {}. Outlook reaches the endpoint mapper, then waits a full \
                     connect timeout (21 s) per bind for a port that never answers.{slowest}",
                    lb.vip,
                    array.fqdn,
                    missing.join(", ")
                ),
                "Forward TCP 135 plus the dynamic range 6005–59530, or set static ports (59531/59532) on every CAS and forward those, with client affinity.".into(),
                "§2 step 5, §8 (internal client failure branches)",
            ).with_fixes(ctx, move || [forward]));
        }
    }
    out
}

pub(super) fn oa_disabled(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        if site.cas_servers.iter().any(|c| c.outlook_anywhere.enabled) {
            continue;
        }
        let external: Vec<&Client> = external_views(ctx)
            .flat_map(|(_, cs)| cs.iter().copied())
            .filter(|c| {
                ctx.world
                    .databases
                    .get(c.mailbox_database.as_str())
                    .is_some_and(|(s, _)| s.id == site.id)
            })
            .collect();
        if external.is_empty() {
            continue;
        }
        let mut objects = vec![site.id.clone()];
        objects.extend(external.iter().map(|c| c.id.clone()));
        let names: Vec<&str> = external.iter().map(|c| c.name.as_str()).collect();
        out.push(rule.finding(Severity::Error,
            objects,
            format!(
                "No CAS in site {} has Outlook Anywhere enabled, but external clients ({}) have mailboxes there: \
                 they have no HTTPS path and cannot connect.",
                site.name,
                names.join(", ")
            ),
            "Enable Outlook Anywhere on the site's CAS servers with an external hostname published through the perimeter on 443.".into(),
            "§4",
        ).with_fixes(ctx, || enable_outlook_anywhere(ctx, site)));
    }
    out
}

/// Enable Outlook Anywhere on the site's CAS servers under the organisation's
/// published HTTPS name: another site's, else `mail.<SMTP domain>` (§4).
fn enable_outlook_anywhere(ctx: &Ctx<'_>, site: &Site) -> Option<Fix> {
    let published = ctx
        .scenario
        .sites
        .iter()
        .flat_map(|s| s.cas_servers.iter())
        .find(|c| {
            c.outlook_anywhere.enabled && !c.outlook_anywhere.external_hostname.trim().is_empty()
        });
    let host = match published {
        Some(c) => c.outlook_anywhere.external_hostname.clone(),
        None if !ctx.scenario.autodiscover.smtp_domain.trim().is_empty() => {
            format!("mail.{}", ctx.scenario.autodiscover.smtp_domain.trim())
        }
        None => return None,
    };
    let edits: Vec<Edit> = site
        .cas_servers
        .iter()
        .map(|c| {
            let mut cas = c.clone();
            cas.outlook_anywhere.enabled = true;
            cas.outlook_anywhere.external_hostname = host.clone();
            Edit::UpsertCas {
                site: site.id.clone(),
                cas,
            }
        })
        .collect();
    (!edits.is_empty()).then(|| Fix {
        title: format!(
            "Enable Outlook Anywhere on the CAS servers of site {} as {host}",
            site.name
        ),
        edits,
    })
}

/// An address of 0.0.0.0: what an import writes where the exports gave no
/// address (import::map). Every prediction through it is meaningless, so
/// it is an error until the user types the real one.
pub(super) fn unknown_address(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let unknown = |ip: &std::net::Ipv4Addr| ip.is_unspecified();
    let mut out = Vec::new();
    let mut flag = |id: &str, what: String| {
        out.push(rule.finding(Severity::Error,
            vec![id.to_string()],
            format!("{what} has the address 0.0.0.0: its real address is not known (an import found no A record for it and none was collected), so predictions through it are not meaningful."),
            "Type the server's IPv4 address, or import the internal zone that holds its A record.".into(),
            "§2 step 3",
        ));
    };
    for site in &ctx.scenario.sites {
        for c in site.cas_servers.iter().filter(|c| unknown(&c.ip)) {
            flag(&c.id, format!("CAS {} ({})", c.name, c.fqdn));
        }
        for m in site.mailbox_servers.iter().filter(|m| unknown(&m.ip)) {
            flag(&m.id, format!("Mailbox server {} ({})", m.name, m.fqdn));
        }
        for a in site
            .arrays
            .iter()
            .filter(|a| a.load_balancer.as_ref().is_some_and(|lb| unknown(&lb.vip)))
        {
            flag(&a.id, format!("The load-balancer VIP of array {}", a.fqdn));
        }
    }
    out
}

/// Inside clients (on a site or a VPN) whose Outlook Anywhere or
/// Autodiscover name resolves only to addresses they cannot reach from
/// inside: typically the perimeter's public address without hairpin NAT.
/// Outlook then cannot fall back to HTTPS, an Exchange 2013 mailbox or an
/// HTTP-first profile cannot connect, and Autodiscover fails (§4, §6, §8
/// internal client failure branches). One finding per name and DNS view.
/// (DNS view, normalised name), the inside clients using it, the zone of
/// the first, and the CAS serving Outlook Anywhere to it.
type NameUse<'a> = (
    (&'a str, String),
    Vec<&'a Client>,
    &'a NetworkZone,
    Option<&'a CasServer>,
);

pub(super) fn https_names_unreachable_inside(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    use crate::sim::tcp::Fate;
    let w = &ctx.world;
    // (view, name) → the inside clients that use it, with the zone of the first.
    let mut uses: Vec<NameUse<'_>> = Vec::new();
    let mut at: HashMap<(&str, String), usize> = HashMap::default();
    for c in ctx.scenario.clients.iter() {
        let Some(zone) = w
            .zones
            .get(c.location.as_str())
            .copied()
            .filter(|z| z.is_inside())
        else {
            continue;
        };
        let Some((site, db)) = w.databases.get(c.mailbox_database.as_str()).copied() else {
            continue;
        };
        let oa = crate::sim::flow::oa_server(c, site, db.exchange_version);
        // §6: a domain-joined client inside finds Autodiscover through the SCP
        // its site's CAS publishes; others (and when no SCP is set) by DNS name.
        let scp = site
            .cas_servers
            .iter()
            .find_map(|cas| url_host(&cas.autodiscover_scp_url))
            .filter(|_| c.domain_joined);
        let autodiscover: Vec<String> = match scp {
            Some(host) => vec![host.to_string()],
            None => ctx
                .scenario
                .autodiscover
                .dns_names
                .iter()
                .map(|n| n.trim().to_string())
                .collect(),
        };
        let names = oa
            .map(|cas| cas.outlook_anywhere.host_for(true).to_string())
            .into_iter()
            .chain(autodiscover);
        for name in names.filter(|n| !n.is_empty()) {
            let key = (c.dns_view.as_str(), normalize_name(&name));
            match at.get(&key) {
                Some(&i) => uses[i].1.push(c),
                None => {
                    at.insert(key.clone(), uses.len());
                    uses.push((key, vec![c], zone, oa));
                }
            }
        }
    }
    let mut out = Vec::new();
    for ((view_id, name), clients, zone, oa) in uses {
        let res = resolve(w, view_id, &name);
        let addresses = res.answer.addresses();
        if addresses.is_empty() {
            continue;
        }
        let verdicts: Vec<(std::net::Ipv4Addr, Fate, String)> = addresses
            .iter()
            .map(|&ip| {
                let (fate, why) = crate::sim::path::reach(w, zone, ip, HTTPS_PORT);
                (ip, fate, why)
            })
            .collect();
        if verdicts.iter().any(|(_, f, _)| f.is_open()) {
            continue;
        }
        let view_name = view_name(ctx, view_id);
        let names: Vec<&str> = clients.iter().map(|c| c.name.as_str()).collect();
        let failing: Vec<&str> = clients
            .iter()
            .filter(|c| {
                ctx.result_of
                    .get(c.id.as_str())
                    .is_some_and(|r| matches!(r.outcome, crate::sim::Outcome::Failed { .. }))
            })
            .map(|c| c.name.as_str())
            .collect();
        let is_oa = oa.is_some_and(|cas| same_name(cas.outlook_anywhere.host_for(true), &name));
        let role = if is_oa {
            "Outlook Anywhere"
        } else {
            "Autodiscover"
        };
        let addrs: Vec<String> = addresses.iter().map(|a| a.to_string()).collect();
        let why_not = &verdicts[0].2;
        let effect = if failing.is_empty() {
            format!("Their RPC/TCP connection does not need it, but Autodiscover and any fall-back to HTTPS do: {}", if is_oa { "if RPC/TCP fails they have no HTTPS path" } else { "Outlook cannot read its settings from inside" })
        } else {
            format!("{} cannot connect at all", failing.join(", "))
        };
        // Split DNS: the name answered inside with the address the perimeter would translate it to.
        let inside_address = addresses
            .iter()
            .find_map(|&ip| {
                w.rules_to(ip)
                    .iter()
                    .find(|r| r.ports.contains(HTTPS_PORT) && r.action == PerimeterAction::Allow)
                    .and_then(|r| r.translate_to)
            })
            .or(oa.map(|c| c.ip));
        // The evidence stays in the key: the Outlook Anywhere and the
        // Autodiscover name of one view and client set are two findings.
        let mut objects = vec![view_id.to_string()];
        objects.extend(clients.iter().map(|c| c.id.clone()));
        objects.extend(res.evidence());
        let fix_text = match inside_address {
            Some(a) => format!("Split DNS: answer {name} inside with {a} — a record in the internal zone that holds it, or a pinpoint zone named {name} in {view_name} with one A record {a} — so inside clients never leave the network for it (or turn on hairpin NAT on the perimeter)."),
            None => format!("Split DNS: answer {name} inside with the internal address of its load-balancer VIP or CAS (a pinpoint zone named {name} in {view_name}), or turn on hairpin NAT on the perimeter."),
        };
        let severity = if failing.is_empty() {
            Severity::Warning
        } else {
            Severity::Error
        };
        out.push(
            rule.finding(
                severity,
                objects,
                format!(
                    "Inside clients ({}) resolve the {role} name {name} in {view_name} to {} only, which they cannot reach on 443 from inside ({why_not}). {effect}.",
                    names.join(", "),
                    addrs.join(", ")
                ),
                fix_text,
                "§4, §6, §8 (internal client failure branches)",
            )
            .with_fixes(ctx, || {
                let address = inside_address?;
                // In a view the Internet uses too, an inside address would
                // break outside clients: inside clients get a view of their
                // own that answers the name inside (the split CAS016 makes).
                let outside = w.view(view_id).is_some_and(|(v, _)| v.audience.serves_outside());
                if outside {
                    super::remedies::split_view(ctx, view_id, Some((&name, address)))
                } else {
                    super::remedies::split_dns(ctx, view_id, &name, address)
                }
            }),
        );
    }
    out
}

/// The host of an `https://host[:port]/path` URL; None when there is none.
fn url_host(url: &str) -> Option<&str> {
    let rest = url.trim().split_once("://")?.1;
    let host = rest.split(['/', ':', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}
