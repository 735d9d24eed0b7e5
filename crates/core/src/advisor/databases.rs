//! Rules on the databases' home-server names and public folders (CAS007,
//! CAS011; §1, seed point 3).

use super::*;

pub(super) fn database_not_on_array(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for site in &ctx.scenario.sites {
        let own = site.arrays.first();
        for db in site
            .databases
            .iter()
            .filter(|d| d.exchange_version.has_rpc_tcp())
        {
            let target = db.rpc_client_access_server.trim();
            let problem: Option<(String, Vec<String>)> = if target.is_empty() {
                Some(("has no RpcClientAccessServer".into(), vec![]))
            } else if own.is_some_and(|a| same_name(&a.fqdn, target)) {
                None
            } else if let Some((other_site, a)) = ctx.array_named(target) {
                Some((
                    format!(
                        "points at array {} of site {}, not its own site's",
                        a.fqdn, other_site.name
                    ),
                    vec![a.id.clone()],
                ))
            } else if let Some(cas) = ctx
                .cas_by_name
                .get(&normalize_name(target))
                .and_then(|v| v.first())
            {
                Some((
                    format!("points at a single CAS, {}", cas.name),
                    vec![cas.id.clone()],
                ))
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
                let repoint = own.map(|a| {
                    let mut database = db.clone();
                    database.rpc_client_access_server = a.fqdn.clone();
                    Fix {
                        title: format!("Point {} at the site's array {}", db.name, a.fqdn),
                        edits: vec![Edit::UpsertDatabase {
                            site: site.id.clone(),
                            database,
                        }],
                    }
                });
                out.push(rule.finding(Severity::Error,
                    objects,
                    format!("Database {} {what}; Outlook profiles store this name as their home server.", db.name),
                    fix,
                    "§1",
                ).with_fixes(ctx, move || repoint));
            }
        }
    }
    out
}

pub(super) fn public_folders_unreachable(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Finding> {
    ctx.results
        .iter()
        .filter_map(|r| {
            let pf = r.public_folders.as_ref().filter(|pf| !pf.connected)?;
            let client = ctx.scenario.clients.iter().find(|c| c.id == r.client_id)?;
            let mut objects = vec![client.id.clone(), client.mailbox_database.clone()];
            if let Some((_, db)) = ctx.world.databases.get(client.mailbox_database.as_str()) {
                objects.extend(db.public_folder_database.clone());
            }
            Some(rule.finding(Severity::Error,
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
