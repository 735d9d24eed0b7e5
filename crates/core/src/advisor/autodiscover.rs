//! Autodiscover (§6): rules that read each client's Autodiscover runs (at
//! profile setup and at each start) and name what costs the user time or a
//! dialog: the root domain's connect timeouts (C7), certificate prompts
//! from hosts that are not Exchange (C8, C16) and from an Exchange
//! certificate that lacks a name (§6 https 2), the redirect prompt (C9),
//! SCP URLs inside clients cannot use (§6 scp 7), AD sites only other
//! sites' SCP URLs serve (§6 scp 4, 7), and Office 365 answering for an
//! on-premises mailbox (C19).

use super::*;
use crate::rules::AdUrl;
use crate::sim::tcp::Fate;
use crate::sim::{
    format_span, AdPrice, AdStep, AutodiscoverResult, AutodiscoverRun, Prediction,
    CERTIFICATE_PROMPT_SOURCE, REDIRECT_PROMPT_SOURCE, SCP_LIST_SOURCE,
};
use std::net::SocketAddrV4;

/// A failed connect counts as a timeout when the SYNs vanish and the client
/// waits at least this long (an ICMP that aborts at once does not, nor a RST).
const TIMEOUT_FLOOR_MS: u64 = 3_000;

/// Each client with its Autodiscover result, in design order.
fn with_runs<'a>(ctx: &Ctx<'a>) -> Vec<(&'a Client, &'a AutodiscoverResult)> {
    ctx.scenario
        .clients
        .iter()
        .filter_map(|c| {
            let r = ctx.result_of.get(c.id.as_str())?;
            Some((c, r.autodiscover.as_deref()?))
        })
        .collect()
}

/// The two runs, named as the predictions name them (§6 run 1, run 5).
fn both(ad: &AutodiscoverResult) -> [(&'static str, &AutodiscoverRun); 2] {
    [
        ("profile setup", &ad.profile_run),
        ("each start", &ad.start_run),
    ]
}

/// What one client loses to a finding: the time in each run, and the run's
/// prediction (its time and range).
struct Cost<'a> {
    client: &'a Client,
    ad: &'a AutodiscoverResult,
    /// Time lost at profile setup and at each start.
    lost: [u64; 2],
}

fn prediction_text(p: &Prediction) -> String {
    if p.range_ms.is_point() {
        format_ms(p.total_ms)
    } else {
        format!(
            "{} (range {})",
            format_ms(p.total_ms),
            format_span(p.range_ms.min, p.range_ms.max)
        )
    }
}

/// "Workgroup PC on the LAN loses 42.0 s at profile setup (which takes 42.8 s
/// (range 42.3–45.0 s))": the worst-hit client, and how many others.
fn cost_text(costs: &[Cost<'_>]) -> String {
    let Some(worst) = costs.iter().max_by_key(|c| c.lost[0] + c.lost[1]) else {
        return String::new();
    };
    let mut parts = Vec::new();
    if worst.lost[0] > 0 {
        parts.push(format!(
            "{} of a profile setup of {}",
            format_ms(worst.lost[0]),
            prediction_text(&worst.ad.profile_setup)
        ));
    }
    if worst.lost[1] > 0 {
        // The start's run holds up its prompts and free/busy, not always
        // the start itself (§6 run 5): its own time is quoted.
        parts.push(format!(
            "{} of the {} Autodiscover run at each start",
            format_ms(worst.lost[1]),
            format_ms(worst.ad.start_run.total_ms)
        ));
    }
    let others = match costs.len() - 1 {
        0 => String::new(),
        1 => " (1 other client alike)".to_string(),
        n => format!(" ({n} other clients alike)"),
    };
    format!(
        "{} loses {}{others}.",
        worst.client.name,
        parts.join(" and ")
    )
}

fn names(costs: &[Cost<'_>]) -> String {
    let mut n: Vec<&str> = costs
        .iter()
        .map(|c| c.client.name.as_str())
        .take(4)
        .collect();
    if costs.len() > 4 {
        n.push("…");
    }
    n.join(", ")
}

fn client_ids<'c>(costs: &'c [Cost<'_>]) -> impl Iterator<Item = String> + 'c {
    costs.iter().map(|c| c.client.id.clone())
}

/// The clients with `method` turned off by its Exclude value (§6 switch 1),
/// one edit each; clients that have it off already are left alone.
fn exclude_on(costs: &[Cost<'_>], method: Method) -> Vec<Edit> {
    costs
        .iter()
        .filter(|c| !c.client.autodiscover_exclude.contains(&method))
        .map(|c| {
            let mut client = c.client.clone();
            client.autodiscover_exclude.push(method);
            Edit::UpsertClient { client }
        })
        .collect()
}

fn exclude_fix(costs: &[Cost<'_>], method: Method) -> Option<Fix> {
    // Turning off the method that answers (the root domain's last address,
    // a web host that redirects on to Exchange) trades a delay for a chase
    // that may find nothing: not offered. A misrouted answer (C19) is the
    // one to turn off.
    let answers = costs.iter().any(|c| {
        both(c.ad)
            .iter()
            .any(|(_, r)| r.answered_by == Some(method) && !r.misroute)
    });
    if answers {
        return None;
    }
    let edits = exclude_on(costs, method);
    (!edits.is_empty()).then(|| Fix {
        title: format!(
            "Turn off the {} method on {} ({} = 1, by Group Policy)",
            method.label(),
            names(costs),
            method.exclude_value().unwrap_or_default()
        ),
        edits,
    })
}

/// The web host makes port 443 refuse at once (RST) instead of what it does now.
fn refuse_443(hosts: &[&WebHost]) -> Option<Fix> {
    let edits: Vec<Edit> = hosts
        .iter()
        .filter(|h| h.answers != WebAnswer::Refuses)
        .map(|h| Edit::UpsertWebHost {
            host: WebHost {
                answers: WebAnswer::Refuses,
                ..(*h).clone()
            },
        })
        .collect();
    let names: Vec<&str> = hosts.iter().map(|h| h.name.as_str()).collect();
    (!edits.is_empty()).then(|| Fix {
        title: format!(
            "Make {} refuse HTTPS at once (no service or binding on 443: a RST instead of {})",
            names.join(", "),
            hosts[0].answers.form_label().to_lowercase()
        ),
        edits,
    })
}

fn web_host<'a>(ctx: &Ctx<'a>, id: &str) -> Option<&'a WebHost> {
    ctx.scenario
        .autodiscover
        .web_hosts
        .iter()
        .find(|h| h.id == id)
}

/// A failed TCP connect of `method` that waited out a timeout (§6 cost 2).
fn is_timeout(s: &AdStep, method: Method) -> bool {
    s.method == method.as_str()
        && s.outcome == StepOutcome::Failed
        && matches!(
            s.price,
            AdPrice::Connect(Fate::Drop | Fate::NoRoute | Fate::Icmp)
        )
        && s.duration_ms >= TIMEOUT_FLOOR_MS
}

/// Groups `items` by key, in first-seen order.
fn group<K: PartialEq, V>(items: impl IntoIterator<Item = (K, V)>) -> Vec<(K, Vec<V>)> {
    let mut out: Vec<(K, Vec<V>)> = Vec::new();
    for (k, v) in items {
        match out.iter_mut().find(|(key, _)| *key == k) {
            Some((_, list)) => list.push(v),
            None => out.push((k, vec![v])),
        }
    }
    out
}

/// CAS018 (C7, §6 step 7, cost 2): the root-domain method waits out connect
/// timeouts, address by address, before the next method is tried.
pub(super) fn root_domain_timeouts(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let hits = with_runs(ctx).into_iter().filter_map(|(c, ad)| {
        let runs = both(ad);
        // In Outlook 2013's side-by-side chase, when the SCP answers, the
        // chase's timeouts hold nobody up (§6 cost 8).
        let lost = runs.map(|(_, run)| {
            let beside = run.answered_by == Some(Method::Scp);
            run.steps
                .iter()
                .filter(|s| is_timeout(s, Method::RootDomain) && !(beside && s.lane == 2))
                .map(|s| s.duration_ms)
                .sum::<u64>()
        });
        (lost != [0, 0]).then_some((
            c.dns_view.as_str(),
            Cost {
                client: c,
                ad,
                lost,
            },
        ))
    });
    let mut out = Vec::new();
    for (view, costs) in group(hits) {
        let mut addresses: Vec<String> = Vec::new();
        let mut hosts: Vec<&WebHost> = Vec::new();
        for cost in &costs {
            for (_, run) in both(cost.ad) {
                for s in run
                    .steps
                    .iter()
                    .filter(|s| is_timeout(s, Method::RootDomain))
                {
                    let Ok(addr) = s.target.parse::<SocketAddrV4>() else {
                        continue;
                    };
                    if !addresses.contains(&addr.ip().to_string()) {
                        addresses.push(addr.ip().to_string());
                    }
                    if let Some(crate::world::Host::Web(h)) = ctx.world.hosts.get(addr.ip()) {
                        if !hosts.iter().any(|x| x.id == h.id) {
                            hosts.push(h);
                        }
                    }
                }
            }
        }
        let domain = ctx.scenario.autodiscover.smtp_domain.trim();
        let why = format!(
            "In {}, Outlook's first HTTPS method asks https://{domain}{AUTODISCOVER_PATH}, and {} {} not answer on 443: each address costs a connect timeout (about 21 s, C7) before the next method is tried. {}",
            view_name(ctx, view),
            addresses.join(", "),
            if addresses.len() == 1 { "does" } else { "do" },
            cost_text(&costs)
        );
        let mut fix = String::from(
            "Turn the root-domain method off on these clients: ExcludeHttpsRootDomain = 1 under HKCU\\Software\\Policies\\Microsoft\\Office\\<version>\\Outlook\\AutoDiscover, by Group Policy (§6 switch 1, 5), as C7 did."
        );
        if !hosts.is_empty() {
            fix.push_str(" Or make the web host at the root domain refuse 443 at once (a RST costs about 2 s, not 21 s).");
        }
        out.push(
            rule.finding(
                Severity::Warning,
                vec![view.to_string()],
                why,
                fix,
                "§6 step 7, cost 2, switch 1; C7",
            )
            .with_evidence(client_ids(&costs).chain(hosts.iter().map(|h| h.id.clone())))
            .with_fixes(ctx, || {
                exclude_fix(&costs, Method::RootDomain)
                    .into_iter()
                    .chain(refuse_443(&hosts))
            }),
        );
    }
    out
}

/// A certificate prompt in a run: the host asked about, the method and the
/// object whose certificate it was (a web host or a CAS, §6 https 3).
struct CertPrompt<'s> {
    host: &'s str,
    method: &'static str,
    owner: &'s str,
}

fn certificate_prompts(run: &AutodiscoverRun) -> impl Iterator<Item = CertPrompt<'_>> {
    run.steps
        .iter()
        .filter(|s| s.source == CERTIFICATE_PROMPT_SOURCE)
        .filter_map(|s| {
            Some(CertPrompt {
                host: &s.target,
                method: s.method,
                owner: s.evidence.first()?,
            })
        })
}

/// The time the prompts `pick` keeps in each run: the user's answer (§6 cost 6).
fn prompt_cost<'a>(
    c: &'a Client,
    ad: &'a AutodiscoverResult,
    pick: impl Fn(&AdStep) -> bool,
) -> Cost<'a> {
    let lost = both(ad).map(|(_, run)| {
        run.steps
            .iter()
            .filter(|s| matches!(s.price, AdPrice::Prompt) && pick(s))
            .map(|s| s.duration_ms)
            .sum()
    });
    Cost {
        client: c,
        ad,
        lost,
    }
}

/// CAS019 (C8, C16, KB 2783881): a host that is not Exchange answers HTTPS
/// at a name Autodiscover derives, with a certificate for other names.
pub(super) fn web_host_certificate_prompt(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let hits = with_runs(ctx).into_iter().flat_map(|(c, ad)| {
        let mut owners: Vec<(&str, &'static str, &str)> = Vec::new();
        for (_, run) in both(ad) {
            for p in certificate_prompts(run) {
                if web_host(ctx, p.owner).is_some()
                    && !owners.iter().any(|o| o.0 == p.owner && o.1 == p.method)
                {
                    owners.push((p.owner, p.method, p.host));
                }
            }
        }
        owners.into_iter().map(move |(owner, method, host)| {
            let cost = prompt_cost(c, ad, |s| {
                s.source == CERTIFICATE_PROMPT_SOURCE
                    && s.evidence.first().is_some_and(|e| &**e == owner)
            });
            (owner, (cost, method, host.to_string()))
        })
    });
    let mut out = Vec::new();
    for (owner, list) in group(hits.collect::<Vec<_>>()) {
        let Some(h) = web_host(ctx, owner) else {
            continue;
        };
        let mut methods: Vec<Method> = Vec::new();
        let mut hosts: Vec<String> = Vec::new();
        let mut costs: Vec<Cost<'_>> = Vec::new();
        for (cost, method, host) in list {
            if let Some(m) = Method::parse(method) {
                if !methods.contains(&m) {
                    methods.push(m);
                }
            }
            if !hosts.contains(&host) {
                hosts.push(host);
            }
            if !costs.iter().any(|c| c.client.id == cost.client.id) {
                costs.push(cost);
            }
        }
        let carries = if h.certificate_names.is_empty() {
            "no names".to_string()
        } else {
            h.certificate_names.join(", ")
        };
        let why = format!(
            "{} ({}) is not Exchange, but Outlook reaches it at {} and it presents a certificate for {carries}. Outlook asks \"{}\" and waits for the user; Yes goes on, finds no Autodiscover there, and the prompt comes back at the next run. {}",
            h.name,
            h.ip,
            hosts.join(", "),
            crate::sim::CERTIFICATE_PROMPT,
            cost_text(&costs)
        );
        let fix = "KB 2783881's workarounds: turn the method off on the clients (ExcludeHttpsRootDomain = 1, §6 switch 1), or stop the host answering on 443 (no binding on 443, or DNS and IIS on separate servers), or put the name on a certificate of Exchange's.".to_string();
        let excludable: Vec<Method> = methods
            .iter()
            .copied()
            .filter(|m| !matches!(m, Method::Scp | Method::CachedUrl | Method::LocalXml))
            .collect();
        out.push(
            rule.finding(
                Severity::Warning,
                vec![owner.to_string()],
                why,
                fix,
                "§6 https 3, cost 6; C8, C16; KB 2783881",
            )
            .with_evidence(client_ids(&costs))
            .with_fixes(ctx, || {
                excludable
                    .iter()
                    .filter_map(|&m| exclude_fix(&costs, m))
                    .chain(refuse_443(&[h]))
                    .collect::<Vec<_>>()
            }),
        );
    }
    out
}

/// CAS020 (§6 https 2): an Exchange CAS (or the VIP in front of it)
/// presents a certificate without the name Outlook asked for.
pub(super) fn exchange_certificate_missing_name(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut hits: Vec<((&str, String), Cost<'_>)> = Vec::new();
    for (c, ad) in with_runs(ctx) {
        let mut seen: Vec<(&str, String)> = Vec::new();
        for (_, run) in both(ad) {
            for p in certificate_prompts(run) {
                let key = (p.owner, p.host.to_ascii_lowercase());
                if ctx.world.cas.contains_key(p.owner) && !seen.contains(&key) {
                    seen.push(key);
                }
            }
        }
        for (owner, host) in seen {
            let cost = prompt_cost(c, ad, |s| {
                s.evidence.first().is_some_and(|e| &**e == owner)
                    && s.target.eq_ignore_ascii_case(&host)
            });
            hits.push(((owner, host), cost));
        }
    }
    let mut out = Vec::new();
    for ((owner, host), costs) in group(hits) {
        let Some(&(site, cas)) = ctx.world.cas.get(owner) else {
            continue;
        };
        // Every member of an array the CAS is in presents the certificate
        // the VIP serves: each gets the name.
        let mut members: Vec<&CasServer> = vec![cas];
        for a in site.arrays.iter().filter(|a| a.members.contains(&cas.id)) {
            for m in &a.members {
                if let Some(&(_, other)) = ctx.world.cas.get(m.as_str()) {
                    if !members.iter().any(|x| x.id == other.id) {
                        members.push(other);
                    }
                }
            }
        }
        let member_names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        let why = format!(
            "Outlook asks for {host} and reaches Exchange ({}), whose certificate carries {}, not {host}: every run asks the user \"{}\" (§6 https 2–3). {}",
            cas.name,
            if cas.certificate_names.is_empty() { "no names".to_string() } else { cas.certificate_names.join(", ") },
            crate::sim::CERTIFICATE_PROMPT,
            cost_text(&costs)
        );
        let fix = format!(
            "Add {host} to the certificate {} present (a new certificate with the name as a SAN, enabled for IIS).",
            member_names.join(", ")
        );
        out.push(
            rule.finding(
                Severity::Warning,
                vec![cas.id.clone(), host.clone()],
                why,
                fix,
                "§6 https 2, https 3, cost 6",
            )
            .with_evidence(client_ids(&costs))
            .with_fixes(ctx, || {
                let edits: Vec<Edit> = members
                    .iter()
                    .filter(|m| !certificate_covers(&m.certificate_names, &host))
                    .filter_map(|m| {
                        let (site, _) = ctx.world.cas.get(m.id.as_str())?;
                        let mut cas = (*m).clone();
                        cas.certificate_names.push(host.clone());
                        Some(Edit::UpsertCas {
                            site: site.id.clone(),
                            cas,
                        })
                    })
                    .collect();
                (!edits.is_empty()).then(|| Fix {
                    title: format!(
                        "Add {host} to the certificate of {}",
                        member_names.join(", ")
                    ),
                    edits,
                })
            }),
        );
    }
    out
}

/// CAS021 (C9, KB 2480582, §6 https 4): Outlook asks before it follows a
/// redirect to a host its RedirectServers key does not list.
pub(super) fn redirect_prompt(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut hits: Vec<((String, String), Cost<'_>)> = Vec::new();
    for (c, ad) in with_runs(ctx) {
        let mut seen: Vec<(String, String)> = Vec::new();
        for (_, run) in both(ad) {
            for s in run
                .steps
                .iter()
                .filter(|s| s.source == REDIRECT_PROMPT_SOURCE)
            {
                let by = s
                    .evidence
                    .first()
                    .map_or_else(|| s.target.to_string(), |e| e.to_string());
                let key = (by, s.target.to_string());
                if !seen.contains(&key) {
                    seen.push(key);
                }
            }
        }
        for (by, host) in seen {
            let cost = prompt_cost(c, ad, |s| {
                s.source == REDIRECT_PROMPT_SOURCE && *s.target == *host
            });
            hits.push(((by, host), cost));
        }
    }
    let mut out = Vec::new();
    for ((by, host), costs) in group(hits) {
        let from = web_host(ctx, &by).map_or(by.as_str(), |h| h.name.as_str());
        let domain = ctx.scenario.autodiscover.smtp_domain.trim();
        let why = format!(
            "{from} redirects Autodiscover to {host}, and Outlook asks \"Allow this website to configure user@{domain} server settings?\" at every run that gets there: at each start in C9, where free/busy stays greyed out until it is answered. {}",
            cost_text(&costs)
        );
        let fix = format!(
            "List {host} under RedirectServers on these clients: an empty REG_SZ value named {host} under HKCU\\Software\\Policies\\Microsoft\\Office\\<version>\\Outlook\\AutoDiscover\\RedirectServers, by Group Policy (KB 2480582, §6 switch 4; the name is case-sensitive in Outlook 2010)."
        );
        out.push(
            rule.finding(
                Severity::Warning,
                vec![by.clone(), host.clone()],
                why,
                fix,
                "§6 https 4, switch 4, cost 6; C9; KB 2480582",
            )
            .with_evidence(client_ids(&costs))
            .with_fixes(ctx, || {
                let edits: Vec<Edit> = costs
                    .iter()
                    .filter(|c| !c.client.redirect_servers.contains(&host))
                    .map(|c| {
                        let mut client = c.client.clone();
                        client.redirect_servers.push(host.clone());
                        Edit::UpsertClient { client }
                    })
                    .collect();
                (!edits.is_empty()).then(|| Fix {
                    title: format!("Allow {host} under RedirectServers on {}", names(&costs)),
                    edits,
                })
            }),
        );
    }
    out
}

/// The hosts of the SCP URLs a run tried and could not use: not resolved,
/// or no address answered 443; with the time each cost (§6 scp 7).
fn failing_scp_hosts(run: &AutodiscoverRun) -> Vec<(String, u64, bool)> {
    // (host, time so far, resolved, any connect opened)
    let mut out: Vec<(String, u64, bool)> = Vec::new();
    let mut current: Option<(String, u64, bool)> = None;
    let flush = |cur: Option<(String, u64, bool)>, out: &mut Vec<(String, u64, bool)>| {
        if let Some((host, ms, opened)) = cur {
            if !opened {
                out.push((host, ms, true));
            }
        }
    };
    for s in run
        .steps
        .iter()
        .filter(|s| s.method == Method::Scp.as_str())
    {
        if s.source.ends_with("§6 cost 1") {
            flush(current.take(), &mut out);
            if s.outcome == StepOutcome::Failed {
                out.push((s.target.to_string(), s.duration_ms, false));
            } else {
                current = Some((s.target.to_string(), s.duration_ms, false));
            }
        } else if s.target.parse::<SocketAddrV4>().is_ok() {
            if let Some(cur) = current.as_mut() {
                cur.1 += s.duration_ms;
                cur.2 |= s.outcome == StepOutcome::Ok;
            }
        }
    }
    flush(current, &mut out);
    out
}

/// CAS022 (§6 scp 7): a CAS publishes an SCP URL whose host inside clients
/// cannot resolve or reach: each try costs its DNS or connect time before
/// the next URL.
pub(super) fn scp_url_unusable(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    // ((CAS id, view id), (what it cost, whether the host resolved))
    type Hit<'c> = ((&'c str, &'c str), (Cost<'c>, bool));
    let mut hits: Vec<Hit<'_>> = Vec::new();
    for (c, ad) in with_runs(ctx) {
        let mut failed: Vec<(String, [u64; 2], bool)> = Vec::new();
        for (i, (_, run)) in both(ad).into_iter().enumerate() {
            for (host, ms, resolved) in failing_scp_hosts(run) {
                match failed.iter_mut().find(|f| f.0.eq_ignore_ascii_case(&host)) {
                    Some(f) => f.1[i] += ms,
                    None => {
                        let mut lost = [0, 0];
                        lost[i] = ms;
                        failed.push((host, lost, resolved));
                    }
                }
            }
        }
        for (host, lost, resolved) in failed {
            let publisher = ctx
                .scenario
                .sites
                .iter()
                .flat_map(|s| s.cas_servers.iter())
                .find(|cas| {
                    AdUrl::parse(&cas.autodiscover_scp_url)
                        .is_ok_and(|u| u.host.eq_ignore_ascii_case(&host))
                });
            if let Some(cas) = publisher {
                hits.push((
                    (cas.id.as_str(), c.dns_view.as_str()),
                    (
                        Cost {
                            client: c,
                            ad,
                            lost,
                        },
                        resolved,
                    ),
                ));
            }
        }
    }
    let mut out = Vec::new();
    for ((cas_id, view), list) in group(hits) {
        let Some(&(_, cas)) = ctx.world.cas.get(cas_id) else {
            continue;
        };
        let resolved = list.iter().any(|(_, r)| *r);
        let costs: Vec<Cost<'_>> = list.into_iter().map(|(c, _)| c).collect();
        let url = cas.autodiscover_scp_url.trim();
        let what = if resolved {
            "resolve it but cannot reach it on 443"
        } else {
            "cannot resolve its host"
        };
        let why = format!(
            "{} publishes the SCP URL {url}, and domain-joined clients in {} ({}) {what}: Outlook spends that time, then goes on down the SCP list (§6 scp 6–7). {}",
            cas.name,
            view_name(ctx, view),
            names(&costs),
            cost_text(&costs)
        );
        let fix = format!(
            "Publish a URL these clients can use: Set-ClientAccessServer {} -AutoDiscoverServiceInternalUri https://<a name they resolve and reach, on the CAS's certificate>{AUTODISCOVER_PATH} (§6 scp 5), or make {} resolve to the CAS inside.",
            cas.name,
            AdUrl::parse(url).map_or(url, |u| u.host)
        );
        out.push(
            rule.finding(
                Severity::Warning,
                vec![cas.id.clone(), view.to_string()],
                why,
                fix,
                "§6 scp 5, scp 7, cost 1–2",
            )
            .with_evidence(client_ids(&costs))
            .with_fixes(ctx, || scp_url_fixes(ctx, cas, view, &costs, resolved)),
        );
    }
    out
}

/// Whether every client of `costs` resolves `name` in `view` and reaches
/// one of its addresses on 443.
fn usable(ctx: &Ctx<'_>, view: &str, name: &str, costs: &[Cost<'_>]) -> bool {
    let res = resolve(&ctx.world, view, name);
    let addresses = res.answer.addresses();
    !addresses.is_empty()
        && costs.iter().all(|c| {
            ctx.world
                .zones
                .get(c.client.location.as_str())
                .is_some_and(|zone| {
                    addresses.iter().any(|&ip| {
                        crate::sim::path::reach(&ctx.world, zone, ip, HTTPS_PORT)
                            .0
                            .is_open()
                    })
                })
        })
}

fn scp_url_fixes(
    ctx: &Ctx<'_>,
    cas: &CasServer,
    view: &str,
    costs: &[Cost<'_>],
    resolved: bool,
) -> Vec<Fix> {
    let mut fixes = Vec::new();
    let current = AdUrl::parse(&cas.autodiscover_scp_url)
        .map(|u| u.host.to_ascii_lowercase())
        .unwrap_or_default();
    // The CAS's own name, missing from inside DNS: answer it there.
    if !resolved && same_name(&current, &cas.fqdn) && ctx.internal.contains(&view) {
        fixes.extend(super::remedies::split_dns(
            ctx,
            view,
            cas.fqdn.trim(),
            cas.ip,
        ));
    }
    let mut candidates: Vec<String> = vec![cas.fqdn.trim().to_string()];
    candidates.extend(
        ctx.scenario
            .autodiscover
            .dns_names
            .iter()
            .map(|n| n.trim().to_string()),
    );
    candidates.push(cas.outlook_anywhere.host_for(true).to_string());
    let pick = candidates.into_iter().find(|name| {
        !name.is_empty()
            && !name.eq_ignore_ascii_case(&current)
            && certificate_covers(&cas.certificate_names, name)
            && usable(ctx, view, name, costs)
    });
    if let Some(name) = pick {
        let url = autodiscover_url(&name);
        // Every CAS publishing the same unusable URL moves with it, or the
        // next one in the list brings the finding back; the others keep a
        // certificate that covers the new name (checked for `cas` above).
        let edits: Vec<Edit> = ctx
            .scenario
            .sites
            .iter()
            .flat_map(|s| s.cas_servers.iter().map(move |c| (s, c)))
            .filter(|(_, c)| {
                c.id == cas.id
                    || (AdUrl::parse(&c.autodiscover_scp_url)
                        .is_ok_and(|u| u.host.eq_ignore_ascii_case(&current))
                        && certificate_covers(&c.certificate_names, &name))
            })
            .map(|(s, c)| Edit::UpsertCas {
                site: s.id.clone(),
                cas: CasServer {
                    autodiscover_scp_url: url.clone(),
                    ..c.clone()
                },
            })
            .collect();
        fixes.push(Fix {
            title: format!(
                "Publish {url} as {}'s SCP URL (AutoDiscoverServiceInternalUri)",
                cas.name
            ),
            edits,
        });
    }
    fixes
}

/// The AD site a client's computer is in (§6 scp 4): its own, else its
/// network zone's.
fn computer_site<'a>(ctx: &Ctx<'a>, c: &'a Client) -> Option<&'a Site> {
    let zone = ctx.world.zones.get(c.location.as_str())?;
    ctx.world.sites.get(c.computer_site(zone)?).copied()
}

/// CAS023 (§6 scp 4, scp 7): a domain-joined client's AD site has a CAS
/// publishing an SCP URL, but every URL is scoped to other sites, so the
/// client ranks them all priority 3 and may go to another site's CAS.
pub(super) fn site_out_of_scope(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let publishing: Vec<&CasServer> = ctx
        .scenario
        .sites
        .iter()
        .flat_map(|s| s.cas_servers.iter())
        .filter(|c| !c.autodiscover_scp_url.trim().is_empty())
        .collect();
    let hits = with_runs(ctx).into_iter().filter_map(|(c, ad)| {
        let asked = ad
            .profile_run
            .steps
            .iter()
            .any(|s| s.source == SCP_LIST_SOURCE && s.outcome == StepOutcome::Ok);
        if !asked {
            return None;
        }
        let site = computer_site(ctx, c)?;
        let own = site
            .cas_servers
            .iter()
            .any(|cas| !cas.autodiscover_scp_url.trim().is_empty());
        let all_elsewhere = publishing
            .iter()
            .all(|cas| !cas.autodiscover_site_scope.is_empty() && !cas.scoped_to(site));
        (own && all_elsewhere).then_some((
            site.id.as_str(),
            Cost {
                client: c,
                ad,
                lost: [0, 0],
            },
        ))
    });
    let mut out = Vec::new();
    for (site_id, costs) in group(hits.collect::<Vec<_>>()) {
        let Some(site) = ctx.world.sites.get(site_id).copied() else {
            continue;
        };
        let own: Vec<&CasServer> = site
            .cas_servers
            .iter()
            .filter(|c| !c.autodiscover_scp_url.trim().is_empty())
            .collect();
        let own_names: Vec<&str> = own.iter().map(|c| c.name.as_str()).collect();
        let worst = &costs[0];
        let answered = worst.ad.profile_run.url.as_deref().unwrap_or("no URL");
        let why = format!(
            "Clients in AD site {} ({}) get only SCP URLs scoped to other sites, priority 3 (§6 scp 4): {}'s own CAS ({}) is not scoped to it, so Autodiscover goes to whichever URL comes first — for {}, {answered}, at profile setup in {}.",
            site.name,
            names(&costs),
            site.name,
            own_names.join(", "),
            worst.client.name,
            prediction_text(&worst.ad.profile_setup)
        );
        let fix = format!(
            "Add {} to the AutoDiscoverSiteScope of {} (Set-ClientAccessServer -AutoDiscoverSiteScope, §6 scp 5).",
            site.name,
            own_names.join(", ")
        );
        out.push(
            rule.finding(
                Severity::Warning,
                vec![site.id.clone()],
                why,
                fix,
                "§6 scp 4, scp 5, scp 7",
            )
            .with_evidence(client_ids(&costs))
            .with_fixes(ctx, || {
                let edits: Vec<Edit> = own
                    .iter()
                    .map(|c| {
                        let mut cas = (*c).clone();
                        cas.autodiscover_site_scope.push(site.name.clone());
                        Edit::UpsertCas {
                            site: site.id.clone(),
                            cas,
                        }
                    })
                    .collect();
                (!edits.is_empty()).then(|| Fix {
                    title: format!("Scope {} to {} too", own_names.join(", "), site.name),
                    edits,
                })
            }),
        );
    }
    out
}

/// CAS024 (C19, §6 step 5): Outlook 2016 judges the user an Office 365
/// user, Office 365 answers first, and Outlook takes its settings for a
/// mailbox the design keeps on premises.
pub(super) fn office365_misroute(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let hits = with_runs(ctx).into_iter().filter_map(|(c, ad)| {
        let lost = both(ad).map(|(_, r)| u64::from(r.misroute));
        (lost != [0, 0]).then_some((
            c.dns_view.as_str(),
            Cost {
                client: c,
                ad,
                lost,
            },
        ))
    });
    let mut out = Vec::new();
    for (view, costs) in group(hits.collect::<Vec<_>>()) {
        let when: Vec<&str> = ["profile setup", "each start"]
            .into_iter()
            .enumerate()
            .filter(|(i, _)| costs.iter().any(|c| c.lost[*i] > 0))
            .map(|(_, w)| w)
            .collect();
        let why = format!(
            "Outlook 2016 and later try Office 365 first for users they judge to be Office 365 users, and take its answer (§6 step 5). For {} in {} Office 365 answers at {} although the mailbox is on premises: Outlook gets the wrong settings and the user sees no new mail (C19).",
            names(&costs),
            view_name(ctx, view),
            when.join(" and ")
        );
        let fix = "Turn the Office 365 step off on these clients: ExcludeExplicitO365Endpoint = 1 under HKCU\\Software\\Policies\\Microsoft\\Office\\16.0\\Outlook\\AutoDiscover (§6 switch 1), by Group Policy.".to_string();
        out.push(
            rule.finding(
                Severity::Error,
                vec![view.to_string()],
                why,
                fix,
                "§6 step 5, switch 1; C19",
            )
            .with_evidence(client_ids(&costs))
            .with_fixes(ctx, || exclude_fix(&costs, Method::O365)),
        );
    }
    out
}
