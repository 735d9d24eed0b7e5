//! Rules on the arrays themselves: one per site, even for one CAS, a name of
//! its own (CAS001–CAS003, CAS005, CAS012; §1, seed point 6).

use super::*;

pub(super) fn site_without_array(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.scenario
        .sites
        .iter()
        // A single-CAS site is CAS003's, with advice specific to it. Only
        // Exchange 2010 databases write the array into profiles (§1, §10
        // protocol 6): a site of newer ones needs none.
        .filter(|s| {
            s.databases.iter().any(|d| d.exchange_version.has_rpc_tcp())
                && s.arrays.is_empty()
                && s.cas_servers.len() != 1
        })
        .map(|s| {
            rule.finding(Severity::Error,
                vec![s.id.clone()],
                format!(
                    "Site {} has {} Exchange 2010 mailbox database(s) but no CAS array, so profiles are written with a \
                     single CAS's name and every CAS change breaks them.",
                    s.name,
                    s.databases.iter().filter(|d| d.exchange_version.has_rpc_tcp()).count()
                ),
                format!(
                    "New-ClientAccessArray -Fqdn <internal-only name> -Site \"{}\", point its name at the \
                     load-balancer VIP, then set RpcClientAccessServer on the databases before moving mailboxes.",
                    s.name
                ),
                "§1",
            )
            .with_fixes(ctx, || remedies::create_array(ctx, s))
        })
        .collect()
}

pub(super) fn several_arrays(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.scenario
        .sites
        .iter()
        .filter(|s| s.arrays.len() > 1)
        .map(|s| {
            let names: Vec<&str> = s.arrays.iter().map(|a| a.fqdn.as_str()).collect();
            let mut objects = vec![s.id.clone()];
            objects.extend(s.arrays.iter().map(|a| a.id.clone()));
            rule.finding(Severity::Error,
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
            .with_fixes(ctx, || keep_first_array(s))
        })
        .collect()
}

pub(super) fn single_cas_without_array(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.scenario
        .sites
        .iter()
        // Arrays are Exchange 2010's (§1): a single newer server needs none.
        .filter(|s| {
            s.cas_servers.len() == 1
                && s.arrays.is_empty()
                && s.cas_servers[0].exchange_version.has_rpc_tcp()
        })
        .map(|s| {
            let cas = &s.cas_servers[0];
            rule.finding(Severity::Warning,
                vec![s.id.clone(), cas.id.clone()],
                format!(
                    "Site {} has a single CAS ({}) and no array: profiles will name {} itself, so adding or \
                     replacing a CAS later means repairing every Outlook profile.",
                    s.name, cas.name, cas.fqdn
                ),
                "Create the array now, even for one CAS, with an internal-only name resolving to the CAS (later a VIP).".into(),
                "seed point 6, §1",
            )
            .with_fixes(ctx, || remedies::create_array(ctx, s))
        })
        .collect()
}

/// Keep the site's first array: delete the others and point their databases at it.
fn keep_first_array(site: &Site) -> Option<Fix> {
    let (keep, rest) = site.arrays.split_first()?;
    let mut edits: Vec<Edit> = rest
        .iter()
        .map(|a| Edit::Delete { id: a.id.clone() })
        .collect();
    edits.extend(remedies::point_site_databases(site, &keep.fqdn));
    Some(Fix {
        title: format!(
            "Keep array {} and point the site's databases at it; delete the others",
            keep.fqdn
        ),
        edits,
    })
}

pub(super) fn array_named_like_cas(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for array in &site.arrays {
            {
                for cas in ctx
                    .cas_by_name
                    .get(&normalize_name(&array.fqdn))
                    .into_iter()
                    .flatten()
                {
                    out.push(rule.finding(Severity::Warning,
                        vec![array.id.clone(), cas.id.clone()],
                        format!(
                            "Array {} has the same FQDN as CAS {}: the name should belong to the load-balancer VIP, \
                             not to one server (a logical rule; no source found).",
                            array.fqdn, cas.name
                        ),
                        "Give the array its own internal-only name, e.g. outlook.<internal domain>, resolving to the VIP.".into(),
                        "§1 (unverified), §9",
                    ).with_fixes(ctx, || remedies::move_to_internal_name(ctx, site, array)));
                }
            }
        }
    }
    out
}

pub(super) fn array_on_new_exchange(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        for db in site
            .databases
            .iter()
            .filter(|d| !d.exchange_version.has_rpc_tcp())
        {
            if let Some((_, array)) = ctx.array_named(&db.rpc_client_access_server) {
                out.push(rule.finding(Severity::Info,
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
