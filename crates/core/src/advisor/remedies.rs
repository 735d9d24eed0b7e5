//! Remedies shared by several rules, as edits: give an array an
//! internal-only name, create a site's missing array, point a name at an
//! address. Each returns None when the design lacks what the remedy needs
//! (then the rule offers only its prose).

use super::*;
use std::net::Ipv4Addr;

/// The zone of `view` that holds `name`: the most specific one it lies in.
fn zone_holding<'a>(view: &'a DnsView, name: &str) -> Option<&'a DnsZone> {
    view.zones
        .iter()
        .filter(|z| crate::rules::check_in_zone(name, &z.name).is_ok())
        .max_by_key(|z| z.name.len())
}

/// The internal zone (in a view whose audience is inside alone) that holds `name`, with its view.
pub(super) fn internal_zone_for<'a>(
    ctx: &Ctx<'a>,
    name: &str,
) -> Option<(&'a DnsView, &'a DnsZone)> {
    ctx.internal
        .iter()
        .filter_map(|v| ctx.world.view(v).map(|(view, _)| view))
        .find_map(|view| zone_holding(view, name).map(|z| (view, z)))
}

/// The address an array's name should resolve to: the VIP, else its (first) member.
fn array_address(ctx: &Ctx<'_>, array: &CasArray) -> Option<Ipv4Addr> {
    array.load_balancer.as_ref().map(|lb| lb.vip).or_else(|| {
        array
            .members
            .iter()
            .find_map(|m| ctx.world.cas.get(m.as_str()).map(|(_, c)| c.ip))
    })
}

/// A name for a site's array in the internal domain of its CAS servers,
/// with the zone that will hold it: `outlook.<domain>` unless that is taken.
fn internal_array_name<'a>(
    ctx: &Ctx<'a>,
    site: &Site,
    avoid: &str,
) -> Option<(String, &'a DnsZone)> {
    let domain = site
        .cas_servers
        .iter()
        .find_map(|c| crate::names::parent_name(&normalize_name(&c.fqdn)).map(str::to_string))?;
    let (_, zone) = internal_zone_for(ctx, &domain)?;
    let taken = |n: &str| {
        same_name(n, avoid)
            || ctx.array_named(n).is_some()
            || ctx.cas_by_name.contains_key(&normalize_name(n))
            || ctx.mailbox_by_name.contains_key(&normalize_name(n))
    };
    // Internal-only means no answer where the Internet asks: a name a
    // wildcard or a stale record already publishes there would leak again
    // (and its own fix would move the array back, issue 27).
    // (NXDOMAIN redirection answers every missing name alike: no name avoids it.)
    let published_outside = |n: &str| {
        ctx.outside.iter().any(|v| {
            let res = resolve(&ctx.world, v, n);
            (!res.answer.addresses().is_empty() || !res.answer.addresses_v6().is_empty())
                && !res.hops.iter().any(|h| h.kind == HopKind::NxdomainRedirect)
        })
    };
    let mut candidates = std::iter::once(format!("outlook.{domain}"))
        .chain((2..100).map(|n| format!("outlook{n}.{domain}")));
    candidates
        .find(|n| !taken(n) && !published_outside(n))
        .map(|n| (n, zone))
}

/// The edits that point every database naming `old` at `new` instead.
fn repoint_databases(ctx: &Ctx<'_>, old: &str, new: &str) -> Vec<Edit> {
    ctx.databases_homed_at(old)
        .iter()
        .map(|(site, db)| {
            let mut database = (*db).clone();
            database.rpc_client_access_server = new.to_string();
            Edit::UpsertDatabase {
                site: site.id.clone(),
                database,
            }
        })
        .collect()
}

/// The edits that point the site's Exchange 2010 databases at `name`.
pub(super) fn point_site_databases(site: &Site, name: &str) -> Vec<Edit> {
    site.databases
        .iter()
        .filter(|d| {
            d.exchange_version.has_rpc_tcp() && !same_name(&d.rpc_client_access_server, name)
        })
        .map(|db| {
            let mut database = db.clone();
            database.rpc_client_access_server = name.to_string();
            Edit::UpsertDatabase {
                site: site.id.clone(),
                database,
            }
        })
        .collect()
}

/// Give `array` an internal-only name, resolving to its VIP in internal DNS,
/// and re-point the databases that named the old one (§1, seed post).
pub(super) fn move_to_internal_name(ctx: &Ctx<'_>, site: &Site, array: &CasArray) -> Option<Fix> {
    let (name, zone) = internal_array_name(ctx, site, &array.fqdn)?;
    let address = array_address(ctx, array)?;
    let record = ctx.fresh_ids("rec-array", 1).remove(0);
    let mut edits = vec![Edit::UpsertDnsRecord {
        zone: zone.id.clone(),
        record: DnsRecord {
            id: record,
            name: name.clone(),
            data: RecordData::A { address },
        },
    }];
    let mut moved = array.clone();
    moved.fqdn = name.clone();
    edits.push(Edit::UpsertArray {
        site: site.id.clone(),
        array: moved,
    });
    edits.extend(repoint_databases(ctx, &array.fqdn, &name));
    Some(Fix {
        title: format!(
            "Move the array to the internal-only name {name} and re-point its databases"
        ),
        edits,
    })
}

/// Create the site's missing array under an internal-only name, resolving
/// to its CAS, and point the site's databases at it (§1, seed point 6).
pub(super) fn create_array(ctx: &Ctx<'_>, site: &Site) -> Option<Fix> {
    // Only Exchange 2010 servers answer RPC/TCP (§1).
    let members: Vec<&CasServer> = site
        .cas_servers
        .iter()
        .filter(|c| c.exchange_version.has_rpc_tcp())
        .collect();
    let first = *members.first()?;
    let (name, zone) = internal_array_name(ctx, site, "")?;
    let ids = ctx.fresh_ids("array", 1);
    let record = ctx.fresh_ids("rec-array", 1).remove(0);
    let label = name.split('.').next().unwrap_or("outlook").to_string();
    let array = CasArray {
        id: ids[0].clone(),
        name: label,
        fqdn: name.clone(),
        members: members.iter().map(|c| c.id.clone()).collect(),
        load_balancer: None,
    };
    let mut edits = vec![
        Edit::UpsertDnsRecord {
            zone: zone.id.clone(),
            record: DnsRecord {
                id: record,
                name: name.clone(),
                data: RecordData::A { address: first.ip },
            },
        },
        Edit::UpsertArray {
            site: site.id.clone(),
            array,
        },
    ];
    edits.extend(point_site_databases(site, &name));
    Some(Fix {
        title: format!(
            "Create the array {name} for site {} (resolving to {}) and point its databases at it",
            site.name, first.name
        ),
        edits,
    })
}

/// Make `name` resolve to `address` alone in `view`: the first A record for
/// it takes the address, others go; with none, one is added in the zone that
/// holds the name.
pub(super) fn point_name_at(
    ctx: &Ctx<'_>,
    view_id: &str,
    name: &str,
    address: Ipv4Addr,
) -> Option<Fix> {
    let (view, index) = ctx.world.view(view_id)?;
    let mut edits = Vec::new();
    let mut kept = false;
    // The view's records of that name from its index (a scan of every
    // record per finding was a tenth of the advisor on large designs), in
    // zone and record order as the index holds them, each with its zone.
    let owned = match name.trim() {
        "" => &[][..],
        _ => index.records(&normalize_name(name)).unwrap_or(&[]),
    };
    let zone_of = |r: &DnsRecord| {
        view.zones
            .iter()
            .find(|z| z.records.as_ptr_range().contains(&(r as *const DnsRecord)))
    };
    for (zone, r) in owned.iter().filter_map(|&r| zone_of(r).map(|z| (z, r))) {
        if !kept {
            kept = true;
            edits.push(Edit::UpsertDnsRecord {
                zone: zone.id.clone(),
                record: DnsRecord {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    data: RecordData::A { address },
                },
            });
        } else {
            edits.push(Edit::Delete { id: r.id.clone() });
        }
    }
    if !kept {
        let zone = zone_holding(view, name)?;
        let id = ctx.fresh_ids("rec", 1).remove(0);
        edits.push(Edit::UpsertDnsRecord {
            zone: zone.id.clone(),
            record: DnsRecord {
                id,
                name: name.to_string(),
                data: RecordData::A { address },
            },
        });
    }
    Some(Fix {
        title: format!("Make {name} a single A record {address} in {}", view.name),
        edits,
    })
}

/// The record a resolution hop used, with its zone. Looked up in the hop's
/// own view: a walk of the whole design per hop made the leak rule the
/// slowest part of the advisor on large designs.
pub(super) fn hop_record<'a>(
    ctx: &Ctx<'a>,
    hop: &crate::dns::Hop,
) -> Option<(&'a DnsZone, &'a DnsRecord)> {
    ctx.record_in(&hop.view, &hop.object)
}

/// Stop a wildcard answering for the one name it leaks: a TXT record at that
/// name, in the wildcard's zone, makes the name exist, and a wildcard only
/// answers for names that do not (RFC 1034 §4.3.3, §5). For when the
/// wildcard itself must stay.
pub(super) fn shadow_wildcard(ctx: &Ctx<'_>, res: &crate::dns::Resolution) -> Option<Fix> {
    // The name the wildcard answered: the query, or the target of the CNAME before it.
    let mut name = res.query.clone();
    for hop in &res.hops {
        let (zone, r) = hop_record(ctx, hop)?;
        if hop.kind == HopKind::Wildcard {
            let (view, _) = ctx.world.view(&hop.view)?;
            let id = ctx.fresh_ids("rec-txt", 1).remove(0);
            let text = "internal-only name: not published (stops the wildcard answering for it)"
                .to_string();
            let record = DnsRecord {
                id,
                name: name.clone(),
                data: RecordData::Txt { text },
            };
            return Some(Fix {
                title: format!("Keep the wildcard, but give {name} a TXT record in {} ({}) so the wildcard no longer answers for it", zone.name, view.name),
                edits: vec![Edit::UpsertDnsRecord { zone: zone.id.clone(), record }],
            });
        }
        if let RecordData::Cname { target } = &r.data {
            name = normalize_name(target);
        }
    }
    None
}

/// Delete the records the hops of `kind` used that are owned by a name `owned_by` accepts.
pub(super) fn remove_records(
    ctx: &Ctx<'_>,
    res: &crate::dns::Resolution,
    kind: HopKind,
    owned_by: impl Fn(&str) -> bool,
) -> Vec<Edit> {
    res.hops
        .iter()
        .filter(|h| h.kind == kind)
        .filter_map(|h| hop_record(ctx, h))
        .filter(|(_, r)| owned_by(&r.name))
        .map(|(_, r)| Edit::Delete { id: r.id.clone() })
        .collect()
}

/// Split DNS for one name: in `view`, answer `name` with `address` — in
/// the zone that already holds it, else in a new pinpoint zone named
/// exactly `name`, so nothing else of the public domain changes inside.
pub(super) fn split_dns(
    ctx: &Ctx<'_>,
    view_id: &str,
    name: &str,
    address: Ipv4Addr,
) -> Option<Fix> {
    let (view, _) = ctx.world.view(view_id)?;
    if zone_holding(view, name).is_some() {
        return point_name_at(ctx, view_id, name, address).map(|f| Fix {
            title: format!("Split DNS: answer {name} with {address} in {}", view.name),
            ..f
        });
    }
    let ids = ctx.fresh_ids("zone-pinpoint", 1);
    let record = ctx.fresh_ids("rec-pinpoint", 1).remove(0);
    let zone = ids[0].clone();
    Some(Fix {
        title: format!(
            "Split DNS: a pinpoint zone {name} in {} answering {address}",
            view.name
        ),
        edits: vec![
            Edit::UpsertDnsZone {
                view: view.id.clone(),
                id: zone.clone(),
                name: name.to_string(),
            },
            Edit::UpsertDnsRecord {
                zone,
                record: DnsRecord {
                    id: record,
                    name: name.to_string(),
                    data: RecordData::A { address },
                },
            },
        ],
    })
}

/// Split a view inside and outside clients share (§5: split-brain by
/// pinpoint zones): a new inside-only view answers each array name with the
/// array's address and forwards everything else to the shared view; the
/// inside clients, and the inside views that forwarded to the shared one,
/// move to it; the shared view then serves outside clients alone and loses
/// its records for the array names.
///
/// `also`: one more name the inside view answers with an inside address
/// (an HTTPS name inside clients must reach, CAS015); it stays in the
/// shared view for outside clients.
pub(super) fn split_view(
    ctx: &Ctx<'_>,
    view_id: &str,
    also: Option<(&str, Ipv4Addr)>,
) -> Option<Fix> {
    let (shared, _) = ctx.world.view(view_id)?;
    let mut names: Vec<(String, Ipv4Addr)> = Vec::new();
    for a in ctx.scenario.sites.iter().flat_map(|s| s.arrays.iter()) {
        let Some(address) = array_address(ctx, a) else {
            continue;
        };
        let name = normalize_name(&a.fqdn);
        if !name.is_empty() && !names.iter().any(|(n, _)| *n == name) {
            names.push((name, address));
        }
    }
    if names.is_empty() {
        return None;
    }
    // Array names leave the shared view; `also` stays there for outside clients.
    let arrays = names.len();
    if let Some((name, address)) = also {
        let name = normalize_name(name);
        if !names.iter().any(|(n, _)| *n == name) {
            names.push((name, address));
        }
    }
    let inside_id = ctx.fresh_ids("view-inside", 1).remove(0);
    let zones = ctx.fresh_ids("zone-pinpoint", names.len());
    let records = ctx.fresh_ids("rec-pinpoint", names.len());
    let mut edits = vec![Edit::UpsertDnsView {
        view: DnsView {
            forwards_to: Some(shared.id.clone()),
            responds: shared.responds,
            ..DnsView::new(
                &inside_id,
                &format!("{} (inside)", shared.name),
                Audience::Internal,
                Vec::<DnsZone>::new(),
            )
        },
    }];
    for (((name, address), zone), record) in names.iter().zip(zones).zip(records) {
        edits.push(Edit::UpsertDnsZone {
            view: inside_id.clone(),
            id: zone.clone(),
            name: name.clone(),
        });
        edits.push(Edit::UpsertDnsRecord {
            zone,
            record: DnsRecord {
                id: record,
                name: name.clone(),
                data: RecordData::A { address: *address },
            },
        });
    }
    for c in ctx.scenario.clients.iter().filter(|c| {
        c.dns_view == shared.id
            && ctx
                .world
                .zones
                .get(c.location.as_str())
                .is_some_and(|z| z.is_inside())
    }) {
        edits.push(Edit::UpsertClient {
            client: Client {
                dns_view: inside_id.clone(),
                ..c.clone()
            },
        });
    }
    for v in
        ctx.scenario.dns_views.iter().filter(|v| {
            v.audience == Audience::Internal && v.forwards_to.as_deref() == Some(view_id)
        })
    {
        edits.push(Edit::UpsertDnsView {
            view: DnsView {
                forwards_to: Some(inside_id.clone()),
                ..settings_of(v)
            },
        });
    }
    edits.push(Edit::UpsertDnsView {
        view: DnsView {
            audience: Audience::External,
            ..settings_of(shared)
        },
    });
    edits.extend(
        shared
            .zones
            .iter()
            .flat_map(|z| z.records.iter())
            // Addresses only: a TXT record at the name keeps a wildcard off it.
            .filter(|r| matches!(r.data, RecordData::A { .. } | RecordData::Cname { .. }))
            .filter(|r| names[..arrays].iter().any(|(n, _)| same_name(&r.name, n)))
            .map(|r| Edit::Delete { id: r.id.clone() }),
    );
    Some(Fix {
        title: format!(
            "Split {}: a view for inside clients answering {} and forwarding the rest, {} for outside clients only",
            shared.name,
            names
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            shared.name
        ),
        edits,
    })
}

/// A view's own settings without its zones: what an edit to an existing
/// view carries (its zones stay as they are, `Scenario::apply`).
fn settings_of(view: &DnsView) -> DnsView {
    DnsView {
        id: view.id.clone(),
        name: view.name.clone(),
        audience: view.audience,
        zones: Default::default(),
        forwards_to: view.forwards_to.clone(),
        nxdomain_redirect: view.nxdomain_redirect,
        responds: view.responds,
    }
}
