//! Rules on the transports clients need: the load balancer's RPC ports and
//! Outlook Anywhere for external clients (CAS009, CAS010; §2 step 5, §4),
//! and addresses a client cannot reach because nobody knows them (CAS014).

use super::*;

pub(super) fn vip_ports(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
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
            let unforwarded: Vec<PortRange> = needed.iter().map(|(r, _)| *r).filter(|r| !r.covered_by(&lb.forwarded_ports)).collect();
            let mut forwarding = array.clone();
            if let Some(lb) = &mut forwarding.load_balancer {
                lb.forwarded_ports.extend(unforwarded);
            }
            let forward = Fix {
                title: format!("Forward the missing ports on the VIP {}", lb.vip),
                edits: vec![Edit::UpsertArray { site: site.id.clone(), array: forwarding }],
            };
            out.push(rule.finding(Severity::Error,
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
            .filter(|c| ctx.world.databases.get(c.mailbox_database.as_str()).is_some_and(|(s, _)| s.id == site.id))
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
    let published = ctx.scenario.sites.iter().flat_map(|s| s.cas_servers.iter()).find(|c| c.outlook_anywhere.enabled && !c.outlook_anywhere.external_hostname.trim().is_empty());
    let host = match published {
        Some(c) => c.outlook_anywhere.external_hostname.clone(),
        None if !ctx.scenario.autodiscover.smtp_domain.trim().is_empty() => format!("mail.{}", ctx.scenario.autodiscover.smtp_domain.trim()),
        None => return None,
    };
    let edits: Vec<Edit> = site
        .cas_servers
        .iter()
        .map(|c| {
            let mut cas = c.clone();
            cas.outlook_anywhere.enabled = true;
            cas.outlook_anywhere.external_hostname = host.clone();
            Edit::UpsertCas { site: site.id.clone(), cas }
        })
        .collect();
    (!edits.is_empty()).then(|| Fix { title: format!("Enable Outlook Anywhere on the CAS servers of site {} as {host}", site.name), edits })
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
        for a in site.arrays.iter().filter(|a| a.load_balancer.as_ref().is_some_and(|lb| unknown(&lb.vip))) {
            flag(&a.id, format!("The load-balancer VIP of array {}", a.fqdn));
        }
    }
    out
}
