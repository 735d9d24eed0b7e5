//! Rules on what the array's name resolves to, inside and outside: the leak
//! the product exists for, and its causes (CAS004, CAS006, CAS008, CAS013;
//! §4, §5, §8).

use super::*;

/// How an array name comes to answer in a view outside clients use (§5
/// "How a leak happens").
#[derive(Clone, Copy, PartialEq, Eq)]
enum LeakKind {
    /// Leak 3: the resolver answers missing names itself.
    Redirect,
    /// Leak 2: a wildcard synthesises the name.
    Wildcard,
    /// Leak 1 (or 4): an explicit record publishes it.
    Explicit,
}

/// One leak of one array in one view.
struct Leak<'r> {
    view_id: &'r str,
    view_name: &'r str,
    /// Inside clients resolve in the view too (audience both).
    shared: bool,
    kind: LeakKind,
    res: crate::dns::Resolution,
}

/// The remedies for a leaked array name, best first (the honest ones are
/// picked by simulation, `fixes`).
fn leak_fixes(ctx: &Ctx<'_>, site: &Site, array: &CasArray, leak: &Leak<'_>) -> Vec<Fix> {
    let view_name = leak.view_name;
    let mut fixes = Vec::new();
    if leak.kind == LeakKind::Redirect {
        // A third-party resolver cannot be fixed; the clients can skip RPC/TCP (§4).
        let edits: Vec<Edit> = ctx
            .external
            .iter()
            .filter(|(v, _)| *v == leak.view_id)
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
    // A view inside clients share: removing the name alone would cut them
    // off, so splitting the view comes first (§5, split-brain).
    if leak.shared {
        fixes.extend(remedies::split_view(ctx, leak.view_id, None));
    }
    if leak.kind == LeakKind::Wildcard {
        // Smallest change first: only the leaked name stops resolving.
        fixes.extend(remedies::shadow_wildcard(ctx, &leak.res));
        let edits = remedies::remove_records(ctx, &leak.res, HopKind::Wildcard, |_| true);
        if !edits.is_empty() {
            fixes.push(Fix {
                title: format!("Remove the wildcard record from {view_name}"),
                edits,
            });
        }
    } else {
        let edits = remedies::remove_records(ctx, &leak.res, HopKind::Exact, |owner| {
            same_name(owner, &array.fqdn)
        });
        if !edits.is_empty() {
            fixes.push(Fix {
                title: format!("Remove the record(s) for {} from {view_name}", array.fqdn),
                edits,
            });
        }
    }
    fixes.extend(remedies::move_to_internal_name(ctx, site, array));
    fixes
}

/// The delay a leak costs, as the simulator predicts it for the slowest
/// outside client of this view whose profile names this array (empty when
/// no outside client of the design resolves there).
fn leak_delay(ctx: &Ctx<'_>, view_id: &str, array: &CasArray) -> String {
    let Some(r) = ctx
        .slowest_outside
        .get(&(view_id, normalize_name(&array.fqdn)))
    else {
        return String::new();
    };
    let waited: u64 = r
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::TcpConnect && s.outcome == StepOutcome::Failed)
        .map(|s| s.duration_ms)
        .sum();
    let range = r
        .range_text()
        .map(|t| format!("; range {t}"))
        .unwrap_or_default();
    format!(
        " The simulator predicts {} takes {} to connect ({}), {} of it waiting for RPC/TCP{range}.",
        r.client,
        format_ms(r.total_ms),
        r.outcome.label(),
        format_ms(waited)
    )
}

/// The advice in prose, and how serious the leak is.
fn leak_advice(array: &CasArray, leak: &Leak<'_>) -> (Severity, String) {
    let view_name = leak.view_name;
    match leak.kind {
        LeakKind::Redirect => (
            Severity::Warning,
            "You cannot fix a third-party resolver: push \"On fast networks, connect using HTTP first\" \
             (GPO for Outlook 2016) to roaming clients, or use a VPN."
                .to_string(),
        ),
        _ if leak.shared => (
            Severity::Error,
            format!(
                "{view_name} answers inside and outside clients alike, so {} cannot resolve for the one \
                 and not the other: give inside clients their own view that answers the array name and \
                 forwards the rest here (split-brain, or a pinpoint zone), then remove the name from {view_name}.",
                array.fqdn
            ),
        ),
        LeakKind::Wildcard => (
            Severity::Error,
            format!(
                "Give {} a record of another type (TXT) in {view_name}'s zone: a wildcard only answers for names \
                 that do not exist (RFC 1034 §4.3.3), so the external client gets no address and goes straight \
                 to HTTPS. Or remove the wildcard, or move the array to an internal-only name.",
                array.fqdn
            ),
        ),
        LeakKind::Explicit => (
            Severity::Error,
            format!(
                "Remove the record(s) for {} from {view_name} (keep the name in internal DNS only, \
                 split-brain); the external client then gets NXDOMAIN and goes straight to HTTPS.",
                array.fqdn
            ),
        ),
    }
}

/// CAS004: an array name answers in a view the Internet resolves in (the
/// view's audience says which, never where clients happen to sit).
pub(super) fn array_resolves_externally(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            for &view_id in &ctx.outside {
                let res = resolve(&ctx.world, view_id, &array.fqdn);
                // An AAAA record leaks the name as an A record does (§10 ipv6 1).
                if res.answer.addresses().is_empty() && res.answer.addresses_v6().is_empty() {
                    continue;
                }
                let kind = if res.hops.iter().any(|h| h.kind == HopKind::NxdomainRedirect) {
                    LeakKind::Redirect
                } else if res.hops.iter().any(|h| h.kind == HopKind::Wildcard) {
                    LeakKind::Wildcard
                } else {
                    LeakKind::Explicit
                };
                let how = match kind {
                    LeakKind::Redirect => "NXDOMAIN redirection answers for the missing name",
                    LeakKind::Wildcard => "a wildcard record synthesises it",
                    LeakKind::Explicit => "an explicit record publishes it",
                };
                let shared = ctx
                    .world
                    .view(view_id)
                    .is_some_and(|(v, _)| v.audience == Audience::Both);
                let objects = vec![array.id.clone(), view_id.to_string()];
                let evidence = res.evidence();
                let addrs: Vec<String> = res
                    .answer
                    .addresses()
                    .iter()
                    .map(|a| a.to_string())
                    .chain(res.answer.addresses_v6().iter().map(|a| a.to_string()))
                    .collect();
                let leak = Leak {
                    view_id,
                    view_name: view_name(ctx, view_id),
                    shared,
                    kind,
                    res,
                };
                let (mut severity, fix) = leak_advice(array, &leak);
                // Only an Exchange 2010 mailbox's profile names the array;
                // newer ones connect to GUID@domain over HTTPS (§10 protocol 6).
                let named_by_2010 = ctx
                    .databases_homed_at(&array.fqdn)
                    .iter()
                    .any(|(_, d)| d.exchange_version.has_rpc_tcp());
                let delay = if named_by_2010 {
                    leak_delay(ctx, view_id, array)
                } else {
                    severity = Severity::Info;
                    " No Exchange 2010 database names it (newer mailboxes connect to their GUID@domain name \
                     over HTTPS, §10 protocol 6), so no Outlook tries it today; it costs the delay again if a \
                     2010 database is pointed at it."
                        .to_string()
                };
                out.push(rule.finding(severity,
                    objects,
                    format!(
                        "{} resolves to {} in {}, a view outside clients resolve in, because {how}. External Outlook \
                         with an Exchange 2010 mailbox tries RPC on TCP 135 there, times out and only then falls back to HTTPS.{delay}",
                        array.fqdn,
                        addrs.join(", "),
                        leak.view_name,
                    ),
                    fix,
                    "seed post, §4 (NXDOMAIN case), §5, §8",
                ).with_evidence(evidence).with_fixes(ctx, || leak_fixes(ctx, site, array, &leak)));
            }
        }
    }
    out
}

/// Every HTTPS name of the design, normalised: the Outlook Anywhere names
/// of each CAS and the Autodiscover names, each with the CAS it belongs to
/// (None for Autodiscover) and what it is. The one list the ambiguous-URL
/// checks read (C5, §11 coexist 3).
pub(super) fn https_names(scenario: &Scenario) -> HashMap<String, Vec<(Option<&str>, String)>> {
    let mut https: HashMap<String, Vec<(Option<&str>, String)>> = HashMap::default();
    for s in &scenario.sites {
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
    for name in scenario
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
    https
}

pub(super) fn ambiguous_url(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let https = https_names(ctx.scenario);
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
            // With a newer server in the design the move has begun, and the
            // shared name is what blocks it (§11 coexist 3).
            let move_to = newer_server(ctx.scenario).map_or_else(
                || "it also blocks a move to Exchange 2013 or later (the HTTPS name moves to the new servers, the array must stay on 2010).".to_string(),
                |c| format!(
                    "it blocks the move to {}: the HTTPS name must reach {} while RPC/TCP clients of 2010 mailboxes need the array on Exchange 2010 (§11 coexist 3). \
                     Re-homing the databases costs existing profiles: they keep the old name until Autodiscover updates them or they are repaired (§1).",
                    c.exchange_version.label(),
                    c.name
                ),
            );
            out.push(rule.finding(Severity::Error,
                objects,
                format!(
                    "Array FQDN {} is also {}. The HTTPS name must resolve on the Internet, so external clients \
                     resolve the RPC endpoint too and suffer the TCP-first delay; {move_to}",
                    array.fqdn,
                    what.join(" and ")
                ),
                "Give the array its own internal-only FQDN (it need not be on the certificate) and re-home the databases' RpcClientAccessServer.".into(),
                "§1, C5, C6, §11 coexist 3",
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
            // Views inside clients alone use: a shared view cannot answer the
            // name without leaking it (CAS016 says so and splits it).
            for &view in &ctx.internal {
                let res = resolve(&ctx.world, view, &array.fqdn);
                let addrs = res.answer.addresses();
                if addrs == [lb.vip] {
                    continue;
                }
                let view_name = view_name(ctx, view);
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
                let objects = vec![array.id.clone(), view.to_string()];
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
                    .with_evidence(res.evidence())
                    .with_fixes(ctx, || {
                        remedies::point_name_at(ctx, view, &array.fqdn, lb.vip)
                            .or_else(|| remedies::split_dns(ctx, view, &array.fqdn, lb.vip))
                    }),
                );
            }
        }
    }
    out
}

pub(super) fn uncontrolled_domain(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    // Domains the organisation publishes: zones in the views the Internet
    // resolves in, and its SMTP domain.
    let mut controlled: Vec<String> = Vec::new();
    for &view_id in &ctx.outside {
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

/// CAS016: a view inside and outside clients share. The array name must
/// answer inside and must not outside (seed post, §5); one view cannot do
/// both, so either inside clients miss the array or the Internet sees it.
pub(super) fn shared_view(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let arrays: Vec<&CasArray> = ctx
        .scenario
        .sites
        .iter()
        .flat_map(|s| s.arrays.iter())
        .collect();
    if arrays.is_empty() {
        return Vec::new();
    }
    let names: Vec<&str> = arrays.iter().map(|a| a.fqdn.as_str()).collect();
    let mut out = Vec::new();
    for view in ctx
        .scenario
        .dns_views
        .iter()
        .filter(|v| v.audience == Audience::Both)
    {
        out.push(
            rule.finding(
                Severity::Error,
                vec![view.id.clone()],
                format!(
                    "{} answers inside and outside clients alike. The array name ({}) must resolve for inside \
                     clients and must not resolve on the Internet: one view can only do one of the two, so \
                     inside clients miss the array or outside clients wait for RPC/TCP.",
                    view.name,
                    names.join(", ")
                ),
                format!(
                    "Split {}: inside clients get their own view that answers the array name (a pinpoint zone) \
                     and forwards everything else to {}, which then serves outside clients only and no longer \
                     holds the array name.",
                    view.name, view.name
                ),
                "seed post, §5 (split-brain, pinpoint zones)",
            )
            // The view is what is wrong; the arrays show why (adding or
            // removing one does not make it another finding).
            .with_evidence(arrays.iter().map(|a| a.id.clone()))
            .with_fixes(ctx, || remedies::split_view(ctx, &view.id, None)),
        );
    }
    out
}

/// CAS017: a client resolving in a view whose audience is the other side:
/// outside, it escapes the leak checks (CAS004 looks at the views the
/// Internet uses); inside, the internal-only array name cannot resolve for it.
pub(super) fn client_in_wrong_view(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    // (view, client is inside) → the clients, in design order.
    let mut wrong: Vec<((&str, bool), Vec<&Client>)> = Vec::new();
    for c in &ctx.scenario.clients {
        let (Some(zone), Some((view, _))) = (
            ctx.world.zones.get(c.location.as_str()),
            ctx.world.view(&c.dns_view),
        ) else {
            continue;
        };
        let inside = zone.is_inside();
        let fits = if inside {
            view.audience.serves_inside()
        } else {
            view.audience.serves_outside()
        };
        if fits {
            continue;
        }
        let key = (view.id.as_str(), inside);
        match wrong.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(c),
            None => wrong.push((key, vec![c])),
        }
    }
    let mut out = Vec::new();
    for ((view_id, inside), clients) in wrong {
        let name = view_name(ctx, view_id);
        let who: Vec<&str> = clients.iter().map(|c| c.name.as_str()).collect();
        let (sits, meant, fitting) = if inside {
            ("inside", "outside clients (external)", Audience::Internal)
        } else {
            ("outside", "inside clients (internal)", Audience::External)
        };
        let target = ctx
            .scenario
            .dns_views
            .iter()
            .find(|v| v.audience == fitting)
            .or_else(|| {
                ctx.scenario
                    .dns_views
                    .iter()
                    .find(|v| v.audience == Audience::Both)
            });
        let mut objects = vec![view_id.to_string()];
        objects.extend(clients.iter().map(|c| c.id.clone()));
        let why = format!(
            "{} sit(s) {sits} but resolve(s) in {name}, a view for {meant}. {}",
            who.join(", "),
            if inside {
                "The array's internal-only name does not resolve there, so RPC/TCP cannot reach the array."
            } else {
                "The leak checks look at the views the Internet uses, so what this client meets goes unchecked."
            }
        );
        let fix = match target {
            Some(v) => format!(
                "Resolve these clients in {} instead, or correct {name}'s audience.",
                v.name
            ),
            None => format!("Add a DNS view for {sits} clients, or correct {name}'s audience."),
        };
        out.push(
            rule.finding(Severity::Warning, objects, why, fix, "§5, §8 (inputs)")
                .with_fixes(ctx, || {
                    target.map(|v| Fix {
                        title: format!("Resolve {} in {}", who.join(", "), v.name),
                        edits: clients
                            .iter()
                            .map(|c| Edit::UpsertClient {
                                client: Client {
                                    dns_view: v.id.clone(),
                                    ..(*c).clone()
                                },
                            })
                            .collect(),
                    })
                }),
        );
    }
    out
}
