//! Rules on what the array's name resolves to, inside and outside: the leak
//! the product exists for, and its causes (CAS004, CAS006, CAS008, CAS013;
//! §4, §5, §8).

use super::*;

/// The remedies for a leaked array name, best first (the honest ones are
/// picked by simulation, `fixes`).
#[allow(clippy::too_many_arguments)]
fn leak_fixes(
    ctx: &Ctx<'_>,
    site: &Site,
    array: &CasArray,
    view_id: &str,
    view_name: &str,
    res: &crate::dns::Resolution,
    redirected: bool,
    wildcard: bool,
) -> Vec<Fix> {
    let mut fixes = Vec::new();
    if redirected {
        // A third-party resolver cannot be fixed; the clients can skip RPC/TCP (§4).
        let edits: Vec<Edit> = ctx
            .external
            .iter()
            .filter(|(v, _)| *v == view_id)
            .flat_map(|(_, clients)| clients.iter())
            .filter(|c| {
                !c.http_first_on_fast
                    && ctx
                        .world
                        .databases
                        .get(c.mailbox_database.as_str())
                        .is_some_and(|(_, d)| same_name(&d.rpc_client_access_server, &array.fqdn))
            })
            .map(|c| Edit::UpsertClient {
                client: Client {
                    http_first_on_fast: true,
                    ..(*c).clone()
                },
            })
            .collect();
        if !edits.is_empty() {
            fixes.push(Fix { title: format!("Set \"On fast networks, connect using HTTP first\" for the clients resolving in {view_name} (profile or GPO)"), edits });
        }
        let exclusive: Vec<Edit> = site
            .cas_servers
            .iter()
            .filter(|c| c.outlook_anywhere.enabled && !c.outlook_anywhere.server_exclusive_connect)
            .map(|c| {
                let mut cas = c.clone();
                cas.outlook_anywhere.server_exclusive_connect = true;
                Edit::UpsertCas {
                    site: site.id.clone(),
                    cas,
                }
            })
            .collect();
        if !exclusive.is_empty() {
            fixes.push(Fix {
                title: "Push HTTP first to every Outlook Anywhere client (ServerExclusiveConnect)"
                    .into(),
                edits: exclusive,
            });
        }
        return fixes;
    }
    if wildcard {
        // Smallest change first: only the leaked name stops resolving.
        fixes.extend(remedies::shadow_wildcard(ctx, res));
        let edits = remedies::remove_records(ctx, res, HopKind::Wildcard, |_| true);
        if !edits.is_empty() {
            fixes.push(Fix {
                title: format!("Remove the wildcard record from {view_name}"),
                edits,
            });
        }
        fixes.extend(remedies::move_to_internal_name(ctx, site, array));
    } else {
        let edits = remedies::remove_records(ctx, res, HopKind::Exact, |owner| {
            same_name(owner, &array.fqdn)
        });
        if !edits.is_empty() {
            fixes.push(Fix {
                title: format!("Remove the record(s) for {} from {view_name}", array.fqdn),
                edits,
            });
        }
        fixes.extend(remedies::move_to_internal_name(ctx, site, array));
    }
    fixes
}

pub(super) fn array_resolves_externally(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            for (view_id, _) in external_views(ctx) {
                let res = resolve(&ctx.world, view_id, &array.fqdn);
                if res.answer.addresses().is_empty() {
                    continue;
                }
                let view_name = ctx
                    .world
                    .view(view_id)
                    .map(|(v, _)| v.name.as_str())
                    .unwrap_or(view_id);
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
                        let range = r.range_text().map(|t| format!("; range {t}")).unwrap_or_default();
                        format!(
                            " The simulator predicts {} takes {} to connect ({}), {} of it waiting for RPC/TCP{range}.",
                            r.client,
                            format_ms(r.total_ms),
                            r.outcome.label(),
                            format_ms(waited)
                        )
                    })
                    .unwrap_or_default();
                let mut objects = vec![array.id.clone(), view_id.to_string()];
                objects.extend(res.evidence());
                let addrs: Vec<String> = res
                    .answer
                    .addresses()
                    .iter()
                    .map(|a| a.to_string())
                    .collect();
                let wildcard = res.hops.iter().any(|h| h.kind == HopKind::Wildcard);
                let (severity, fix) = if redirected {
                    (
                        Severity::Warning,
                        "You cannot fix a third-party resolver: push \"On fast networks, connect using HTTP first\" \
                         (GPO for Outlook 2016) to roaming clients, or use a VPN."
                            .to_string(),
                    )
                } else if wildcard {
                    (
                        Severity::Error,
                        format!(
                            "Give {} a record of another type (TXT) in {view_name}'s zone: a wildcard only answers for names \
                             that do not exist (RFC 1034 §4.3.3), so the external client gets no address and goes straight \
                             to HTTPS. Or remove the wildcard, or move the array to an internal-only name.",
                            array.fqdn
                        ),
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
                out.push(rule.finding(severity,
                    objects,
                    format!(
                        "{} resolves to {} in {view_name} because {how}. External Outlook tries RPC on TCP 135 there, \
                         times out and only then falls back to HTTPS.{delay}",
                        array.fqdn,
                        addrs.join(", ")
                    ),
                    fix,
                    "seed post, §4 (NXDOMAIN case), §5, §8",
                ).with_fixes(ctx, || leak_fixes(ctx, site, array, view_id, view_name, &res, redirected, wildcard)));
            }
        }
    }
    out
}

pub(super) fn ambiguous_url(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    // Every HTTPS name, normalised: (object id or None for Autodiscover, what it is).
    let mut https: HashMap<String, Vec<(Option<&str>, String)>> = HashMap::new();
    for s in &ctx.scenario.sites {
        for cas in &s.cas_servers {
            let oa = &cas.outlook_anywhere;
            for (what, name) in [
                ("Outlook Anywhere external hostname", &oa.external_hostname),
                ("internal HTTPS hostname", &oa.internal_hostname),
            ] {
                if !name.trim().is_empty() {
                    https
                        .entry(normalize_name(name))
                        .or_default()
                        .push((Some(&cas.id), format!("the {what} of {}", cas.name)));
                }
            }
        }
    }
    for name in ctx
        .scenario
        .autodiscover
        .dns_names
        .iter()
        .filter(|n| !n.trim().is_empty())
    {
        https
            .entry(normalize_name(name))
            .or_default()
            .push((None, "an Autodiscover name".into()));
    }
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            let Some(clashes) = https.get(&normalize_name(&array.fqdn)) else {
                continue;
            };
            let mut objects = vec![array.id.clone()];
            let mut ids: Vec<String> = clashes
                .iter()
                .filter_map(|(id, _)| id.map(String::from))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            objects.extend(ids);
            let what: Vec<&str> = clashes.iter().map(|(_, w)| w.as_str()).collect();
            out.push(rule.finding(Severity::Error,
                objects,
                format!(
                    "Array FQDN {} is also {}. The HTTPS name must resolve on the Internet, so external clients \
                     resolve the RPC endpoint too and suffer the TCP-first delay; it also complicates a move to Exchange 2013.",
                    array.fqdn,
                    what.join(" and ")
                ),
                "Give the array its own internal-only FQDN (it need not be on the certificate) and re-home the databases' RpcClientAccessServer.".into(),
                "§1, C5, C6",
            ).with_fixes(ctx, || remedies::move_to_internal_name(ctx, site, array)));
        }
    }
    out
}

pub(super) fn array_not_on_vip(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            let Some(lb) = &array.load_balancer else {
                if array.members.len() > 1 {
                    out.push(rule.finding(Severity::Warning,
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
                let view_name = ctx
                    .world
                    .view(view)
                    .map(|(v, _)| v.name.as_str())
                    .unwrap_or(view);
                let got = if addrs.is_empty() {
                    "does not resolve".to_string()
                } else {
                    format!(
                        "resolves to {}",
                        addrs
                            .iter()
                            .map(|a| a.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                let mut objects = vec![array.id.clone(), view.to_string()];
                objects.extend(res.evidence());
                out.push(
                    rule.finding(
                        Severity::Error,
                        objects,
                        format!(
                            "In {view_name}, {} {got}; it should resolve only to the VIP {}.",
                            array.fqdn, lb.vip
                        ),
                        format!(
                            "In {view_name}, make {} a single A record {}.",
                            array.fqdn, lb.vip
                        ),
                        "seed post, §2 step 5",
                    )
                    .with_fixes(ctx, || {
                        remedies::point_name_at(ctx, view, &array.fqdn, lb.vip)
                    }),
                );
            }
        }
    }
    out
}

pub(super) fn uncontrolled_domain(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    // Domains the organisation publishes: zones in the external views, and its SMTP domain.
    let mut controlled: Vec<String> = Vec::new();
    for (view_id, _) in external_views(ctx) {
        if let Some((v, _)) = ctx.world.view(view_id) {
            controlled.extend(v.zones.iter().map(|z| normalize_name(&z.name)));
        }
    }
    if !ctx.scenario.autodiscover.smtp_domain.is_empty() {
        controlled.push(normalize_name(&ctx.scenario.autodiscover.smtp_domain));
    }
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            let fqdn = normalize_name(&array.fqdn);
            let tld = fqdn.rsplit('.').next().unwrap_or("");
            if crate::names::PRIVATE_TLDS.contains(&tld) || !fqdn.contains('.') {
                continue;
            }
            let covered = controlled
                .iter()
                .any(|d| fqdn == *d || fqdn.ends_with(&format!(".{d}")));
            if covered {
                continue;
            }
            out.push(rule.finding(Severity::Warning,
                vec![array.id.clone()],
                format!(
                    "Array {} sits under a public domain the organisation does not publish (no zone for it in the \
                     external DNS views): whoever owns that domain, or a wildcard there, decides what the Internet \
                     answers for your RPC endpoint.",
                    array.fqdn
                ),
                "Name the array under a domain you control (and keep it internal-only there) or under a private suffix such as .internal.".into(),
                "§5 (how a leak happens)",
            ).with_fixes(ctx, || remedies::move_to_internal_name(ctx, site, array)));
        }
    }
    out
}
