//! The incremental analysis (`analysis::Analyzer`) always agrees with
//! analysing the design from scratch: over random sequences of changes to
//! every example design, including jumps back to earlier versions (undo) and
//! changes that leave nothing shared.

use cas_planner_core::analysis::{Analysis, Analyzer};
use cas_planner_core::model::*;
use cas_planner_core::{advisor, examples, sim, Scenario};
use proptest::prelude::*;
use std::net::Ipv4Addr;

/// One change to a design; the numbers pick targets and values.
#[derive(Debug, Clone)]
enum Change {
    Client(u8, u16, u32),
    Perimeter(u8, u16, u32),
    Record(u8, u16, u32),
    View(u8, u16, u32),
    Site(u8, u16, u32),
    Zone(u8, u16, u32),
    Preset(u16, u32),
    /// Mailbox servers, arrays and their load balancers.
    Servers(u8, u16, u32),
    /// Objects renamed (their names show in step texts).
    Rename(u8, u16, u32),
    /// Whole sites, views and zones added or removed.
    Structure(u8, u16, u32),
    /// The organisation's MAPI/HTTP setting (§10 protocol 2).
    Org(u32),
    /// Go back to the version this many steps ago.
    Undo(u8),
    /// A fresh copy of the whole design: nothing shared with the last one.
    Unshare,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (any::<u8>(), any::<u16>(), any::<u32>()).prop_map(|(a, b, c)| Change::Client(a, b, c)),
        2 => (any::<u8>(), any::<u16>(), any::<u32>()).prop_map(|(a, b, c)| Change::Perimeter(a, b, c)),
        3 => (any::<u8>(), any::<u16>(), any::<u32>()).prop_map(|(a, b, c)| Change::Record(a, b, c)),
        2 => (any::<u8>(), any::<u16>(), any::<u32>()).prop_map(|(a, b, c)| Change::View(a, b, c)),
        4 => (any::<u8>(), any::<u16>(), any::<u32>()).prop_map(|(a, b, c)| Change::Site(a, b, c)),
        1 => (any::<u8>(), any::<u16>(), any::<u32>()).prop_map(|(a, b, c)| Change::Zone(a, b, c)),
        1 => (any::<u16>(), any::<u32>()).prop_map(|(a, b)| Change::Preset(a, b)),
        2 => (any::<u8>(), any::<u16>(), any::<u32>()).prop_map(|(a, b, c)| Change::Servers(a, b, c)),
        2 => (any::<u8>(), any::<u16>(), any::<u32>()).prop_map(|(a, b, c)| Change::Rename(a, b, c)),
        1 => (any::<u8>(), any::<u16>(), any::<u32>()).prop_map(|(a, b, c)| Change::Structure(a, b, c)),
        1 => any::<u32>().prop_map(Change::Org),
        1 => any::<u8>().prop_map(Change::Undo),
        1 => Just(Change::Unshare),
    ]
}

fn pick<T>(items: &[T], n: impl Into<u64>) -> Option<&T> {
    (!items.is_empty()).then(|| &items[(n.into() % items.len() as u64) as usize])
}

/// Addresses and names already in the design, so changes collide with it
/// (a new A record pointing at a VIP, a CAS moved onto another's address…).
fn addresses(s: &Scenario) -> Vec<Ipv4Addr> {
    let mut v: Vec<Ipv4Addr> = s
        .sites
        .iter()
        .flat_map(|x| {
            x.cas_servers
                .iter()
                .map(|c| c.ip)
                .chain(x.mailbox_servers.iter().map(|m| m.ip))
        })
        .collect();
    v.extend(s.sites.iter().flat_map(|x| {
        x.arrays
            .iter()
            .filter_map(|a| a.load_balancer.as_ref().map(|l| l.vip))
    }));
    v.extend(s.perimeter.rules.iter().map(|r| r.destination));
    v.push([203, 0, 113, 77].into());
    v
}

fn names(s: &Scenario) -> Vec<String> {
    let mut v: Vec<String> = s
        .sites
        .iter()
        .flat_map(|x| x.arrays.iter().map(|a| a.fqdn.clone()))
        .collect();
    v.extend(s.sites.iter().flat_map(|x| {
        x.cas_servers
            .iter()
            .map(|c| c.outlook_anywhere.external_hostname.clone())
    }));
    v.extend(
        s.sites
            .iter()
            .flat_map(|x| x.mailbox_servers.iter().map(|m| m.fqdn.clone())),
    );
    v.push("nowhere.example.net".into());
    v
}

const VERSIONS: [ExchangeVersion; 5] = [
    ExchangeVersion::V2010,
    ExchangeVersion::V2013,
    ExchangeVersion::V2016,
    ExchangeVersion::V2019,
    ExchangeVersion::Se,
];

const ACTIONS: [PerimeterAction; 4] = [
    PerimeterAction::Allow,
    PerimeterAction::Drop,
    PerimeterAction::RejectRst,
    PerimeterAction::IcmpUnreachable,
];

fn apply(s: &mut Scenario, history: &[Scenario], change: &Change) {
    let ips = addresses(s);
    let names = names(s);
    let views: Vec<String> = s.dns_views.iter().map(|v| v.id.clone()).collect();
    let zones: Vec<String> = s.network_zones.iter().map(|z| z.id.clone()).collect();
    let dbs: Vec<String> = s
        .sites
        .iter()
        .flat_map(|x| x.databases.iter().map(|d| d.id.clone()))
        .collect();
    let presets: Vec<String> = s.timing_presets.iter().map(|p| p.id.clone()).collect();
    match *change {
        Change::Client(what, which, v) => {
            let n = s.clients.len();
            if n == 0 {
                return;
            }
            let i = which as usize % n;
            match what % 8 {
                0 => s.clients[i].link_kbps = [64, 128, 2_000, 100_000][v as usize % 4],
                1 => s.clients[i].dns_view = pick(&views, v).cloned().unwrap_or_default(),
                2 => s.clients[i].location = pick(&zones, v).cloned().unwrap_or_default(),
                3 => s.clients[i].mailbox_database = pick(&dbs, v).cloned().unwrap_or_default(),
                4 => s.clients[i].outlook_anywhere ^= true,
                5 => s.clients[i].os_timing = pick(&presets, v).cloned().unwrap_or_default(),
                6 => {
                    let j = v as usize % n;
                    s.clients.swap(i, j);
                }
                _ => {
                    if v % 2 == 0 {
                        let copy = s.clients[i].clone();
                        s.clients.push(copy);
                    } else {
                        s.clients.remove(i);
                    }
                }
            }
        }
        Change::Perimeter(what, which, v) => match what % 3 {
            0 => s.perimeter.default_action = ACTIONS[v as usize % 4],
            1 => {
                let rule = PerimeterRule {
                    id: format!("rule-p{v}"),
                    name: String::new(),
                    destination: *pick(&ips, which).unwrap(),
                    ports: [
                        PortRange::single(EPM_PORT),
                        PortRange::single(HTTPS_PORT),
                        DYNAMIC_RPC_RANGE,
                    ][v as usize % 3],
                    action: ACTIONS[(v / 3) as usize % 4],
                    translate_to: (v % 5 == 0).then(|| *pick(&ips, v).unwrap()),
                };
                s.perimeter.rules.insert(0, rule);
            }
            _ => {
                if !s.perimeter.rules.is_empty() {
                    let i = which as usize % s.perimeter.rules.len();
                    s.perimeter.rules.remove(i);
                }
            }
        },
        Change::Record(what, which, v) => {
            let Some(vi) = (!s.dns_views.is_empty()).then(|| which as usize % s.dns_views.len())
            else {
                return;
            };
            let view = &mut s.dns_views[vi];
            if view.zones.is_empty() {
                return;
            }
            let zi = v as usize % view.zones.len();
            let zone = &mut view.zones[zi];
            let apex = zone.name.clone();
            match what % 4 {
                0 if !zone.records.is_empty() => {
                    let ri = v as usize % zone.records.len();
                    zone.records.remove(ri);
                }
                1 if !zone.records.is_empty() => {
                    let ri = (v / 7) as usize % zone.records.len();
                    zone.records[ri].data = RecordData::A {
                        address: *pick(&ips, v).unwrap(),
                    };
                }
                2 => {
                    let name = pick(&names, v).unwrap();
                    let label = name.split('.').next().unwrap_or("x");
                    zone.records.push(DnsRecord {
                        id: format!("rec-p{v}"),
                        name: format!("{label}.{apex}"),
                        data: RecordData::A {
                            address: *pick(&ips, which).unwrap(),
                        },
                    });
                }
                _ => {
                    let target = pick(&names, which).unwrap().clone();
                    let owner = if v % 3 == 0 {
                        format!("*.{apex}")
                    } else {
                        format!("alias{}.{apex}", v % 4)
                    };
                    zone.records.push(DnsRecord {
                        id: format!("rec-c{v}"),
                        name: owner,
                        data: RecordData::Cname { target },
                    });
                }
            }
        }
        Change::View(what, which, v) => {
            if s.dns_views.is_empty() {
                return;
            }
            let i = which as usize % s.dns_views.len();
            let view = &mut s.dns_views[i];
            match what % 4 {
                0 => view.responds ^= true,
                1 => {
                    view.nxdomain_redirect = if view.nxdomain_redirect.is_some() {
                        None
                    } else {
                        Some(*pick(&ips, v).unwrap())
                    }
                }
                2 => view.forwards_to = pick(&views, v).filter(|id| **id != view.id).cloned(),
                _ => view.name.push('!'),
            }
        }
        Change::Site(what, which, v) => {
            if s.sites.is_empty() {
                return;
            }
            let si = which as usize % s.sites.len();
            let other = v as usize % s.sites.len();
            let autodiscover = format!("autodiscover.{}", s.autodiscover.smtp_domain);
            let site = &mut s.sites[si];
            match what % 12 {
                0 if !site.cas_servers.is_empty() => {
                    let c = v as usize % site.cas_servers.len();
                    site.cas_servers[c].ip = *pick(&ips, v / 3).unwrap();
                }
                1 if !site.cas_servers.is_empty() => {
                    let c = v as usize % site.cas_servers.len();
                    site.cas_servers[c].outlook_anywhere.enabled ^= true;
                }
                2 if !site.cas_servers.is_empty() => {
                    let c = v as usize % site.cas_servers.len();
                    site.cas_servers[c].outlook_anywhere.external_hostname =
                        pick(&names, v / 5).unwrap().clone();
                }
                3 if !site.cas_servers.is_empty() => {
                    let c = v as usize % site.cas_servers.len();
                    site.cas_servers[c].rpc_ports = if v % 2 == 0 {
                        RpcPorts::Dynamic
                    } else {
                        RpcPorts::Static {
                            rpc_client_access: 59531,
                            address_book: 59532,
                        }
                    };
                }
                4 if !site.databases.is_empty() => {
                    let d = v as usize % site.databases.len();
                    site.databases[d].rpc_client_access_server =
                        pick(&names, v / 3).unwrap().clone();
                }
                5 if !site.arrays.is_empty() => {
                    if let Some(lb) = &mut site.arrays[0].load_balancer {
                        lb.forwarded_ports
                            .retain(|p| p.from != EPM_PORT || v % 2 == 0);
                        lb.unforwarded = ACTIONS[v as usize % 4];
                    }
                }
                6 if !site.databases.is_empty() && other != si => {
                    let d = v as usize % site.databases.len();
                    let db = site.databases.remove(d);
                    s.sites[other].databases.push(db);
                }
                7 if !site.cas_servers.is_empty() => {
                    let c = v as usize % site.cas_servers.len();
                    site.cas_servers.remove(c);
                }
                // Versions: which CAS serves which mailbox, and what setup
                // left the organisation's MAPI/HTTP at (§10 serve 4, protocol 2).
                8 if !site.databases.is_empty() => {
                    let d = v as usize % site.databases.len();
                    site.databases[d].exchange_version = VERSIONS[v as usize / 7 % VERSIONS.len()];
                }
                9 if !site.cas_servers.is_empty() => {
                    let c = v as usize % site.cas_servers.len();
                    site.cas_servers[c].exchange_version =
                        VERSIONS[v as usize / 7 % VERSIONS.len()];
                }
                // The names on a CAS's certificate: what an Autodiscover
                // request to it prompts about (§6 https 3).
                10 if !site.cas_servers.is_empty() => {
                    let c = v as usize % site.cas_servers.len();
                    let on = &mut site.cas_servers[c].certificate_names;
                    match v / 11 % 3 {
                        0 => on.clear(),
                        1 => on.push(pick(&names, v / 5).unwrap().clone()),
                        _ => on.push(autodiscover),
                    }
                }
                _ => site.name.push('!'),
            }
        }
        Change::Zone(what, which, v) => {
            if s.network_zones.is_empty() {
                return;
            }
            let i = which as usize % s.network_zones.len();
            let site = pick(&s.sites.iter().map(|x| x.id.clone()).collect::<Vec<_>>(), v).cloned();
            let zone = &mut s.network_zones[i];
            match what % 2 {
                0 => zone.rtt_ms = Some(v % 300),
                _ => {
                    zone.kind = match (&zone.kind, site) {
                        (ZoneKind::Internet, Some(site)) => ZoneKind::Site { site },
                        _ => ZoneKind::Internet,
                    }
                }
            }
        }
        Change::Preset(which, v) => {
            if !s.timing_presets.is_empty() {
                let i = which as usize % s.timing_presets.len();
                s.timing_presets[i].initial_rto_ms = 500 + v % 3_000;
            }
        }
        Change::Servers(what, which, v) => {
            if s.sites.is_empty() {
                return;
            }
            let si = which as usize % s.sites.len();
            let cas_ids: Vec<String> = s
                .sites
                .iter()
                .flat_map(|x| x.cas_servers.iter().map(|c| c.id.clone()))
                .collect();
            let site = &mut s.sites[si];
            match what % 5 {
                0 if !site.mailbox_servers.is_empty() => {
                    let m = v as usize % site.mailbox_servers.len();
                    site.mailbox_servers[m].ip = *pick(&ips, v / 3).unwrap();
                }
                1 if !site.mailbox_servers.is_empty() => {
                    let m = v as usize % site.mailbox_servers.len();
                    site.mailbox_servers[m].rpc_ports = if v % 2 == 0 {
                        RpcPorts::Dynamic
                    } else {
                        RpcPorts::Static {
                            rpc_client_access: 59531,
                            address_book: 59532,
                        }
                    };
                }
                2 if !site.arrays.is_empty() => {
                    let members = &mut site.arrays[0].members;
                    if v % 2 == 0 {
                        members.reverse();
                    } else if let Some(id) = pick(&cas_ids, v) {
                        members.insert(0, id.clone());
                    }
                }
                3 if !site.arrays.is_empty() => {
                    if let Some(lb) = &mut site.arrays[0].load_balancer {
                        lb.vip = *pick(&ips, v).unwrap();
                    } else {
                        site.arrays[0].load_balancer = Some(LoadBalancer {
                            vip: *pick(&ips, v).unwrap(),
                            forwarded_ports: vec![
                                PortRange::single(EPM_PORT),
                                DYNAMIC_RPC_RANGE,
                                PortRange::single(HTTPS_PORT),
                            ],
                            unforwarded: PerimeterAction::Drop,
                        });
                    }
                }
                _ if !site.public_folder_databases.is_empty() => {
                    let servers: Vec<String> =
                        site.mailbox_servers.iter().map(|m| m.id.clone()).collect();
                    let p = v as usize % site.public_folder_databases.len();
                    site.public_folder_databases[p].server = pick(&servers, v / 7)
                        .cloned()
                        .unwrap_or_else(|| "nowhere".into());
                }
                _ => {}
            }
        }
        Change::Rename(what, which, v) => {
            let suffix = format!("-{}", v % 10);
            match what % 6 {
                0 => {
                    if let Some(c) = s
                        .sites
                        .iter_mut()
                        .flat_map(|x| x.cas_servers.iter_mut())
                        .nth(which as usize % 8)
                    {
                        c.name.push_str(&suffix);
                    }
                }
                1 => {
                    if let Some(m) = s
                        .sites
                        .iter_mut()
                        .flat_map(|x| x.mailbox_servers.iter_mut())
                        .nth(which as usize % 4)
                    {
                        m.name.push_str(&suffix);
                    }
                }
                2 => {
                    if let Some(d) = s
                        .sites
                        .iter_mut()
                        .flat_map(|x| x.databases.iter_mut())
                        .nth(which as usize % 4)
                    {
                        d.name.push_str(&suffix);
                    }
                }
                3 => {
                    if let Some(r) = s.perimeter.rules.get_mut(which as usize % 4) {
                        r.name.push_str(&suffix);
                        r.translate_to = if r.translate_to.is_some() {
                            None
                        } else {
                            Some(*pick(&ips, v).unwrap())
                        };
                    }
                }
                4 => {
                    if let Some(r) = s
                        .dns_views
                        .iter_mut()
                        .flat_map(|x| x.zones.iter_mut())
                        .flat_map(|z| z.records.iter_mut())
                        .nth(which as usize % 16)
                    {
                        r.name = pick(&names, v).unwrap().clone();
                    }
                }
                _ => {
                    if let Some(p) = s.timing_presets.get_mut(which as usize % 8) {
                        p.name.push_str(&suffix);
                    }
                }
            }
        }
        Change::Structure(what, which, v) => match what % 6 {
            0 if !s.sites.is_empty() => {
                let i = which as usize % s.sites.len();
                s.sites.remove(i);
            }
            1 => s.sites.insert(
                0,
                Site {
                    id: format!("site-new{}", v % 3),
                    name: "New".into(),
                    ..Default::default()
                },
            ),
            2 if !s.dns_views.is_empty() => {
                let i = which as usize % s.dns_views.len();
                s.dns_views.remove(i);
            }
            3 if !s.dns_views.is_empty() => {
                let i = which as usize % s.dns_views.len();
                let view = &mut s.dns_views[i];
                if v % 2 == 0 && !view.zones.is_empty() {
                    view.zones.remove(0);
                } else {
                    view.zones.push(DnsZone {
                        id: format!("zone-new{v}"),
                        name: "mycompany.internal".into(),
                        records: vec![].into(),
                    });
                }
            }
            4 if !s.network_zones.is_empty() => {
                let i = which as usize % s.network_zones.len();
                let site = s.sites.first().map(|x| x.id.clone()).unwrap_or_default();
                s.network_zones[i].kind = ZoneKind::Vpn { site };
            }
            _ => s.dns_views.push(DnsView::new(
                &format!("view-new{}", v % 3),
                "New view",
                Audience::External,
                vec![],
            )),
        },
        Change::Undo(back) => {
            if !history.is_empty() {
                *s = history[history.len() - 1 - back as usize % history.len()].clone();
            }
        }
        Change::Org(v) => s.mapi_http_enabled = [None, Some(true), Some(false)][v as usize % 3],
        Change::Unshare => *s = serde_json::from_value(serde_json::to_value(&*s).unwrap()).unwrap(),
    }
}

/// `s` with a copy of its first site (new ids and addresses) whose databases
/// and clients still name the first site's array: their connections depend on
/// servers in a site other than their own.
fn two_sites(mut s: Scenario) -> Scenario {
    let Some(first) = s.sites.first().cloned() else {
        return s;
    };
    let mut b = first.clone();
    let rename = |id: &mut String| id.push_str("-b");
    let shift = |ip: &mut Ipv4Addr| {
        let [a, b, c, d] = ip.octets();
        *ip = [a, b, c, d.wrapping_add(100)].into();
    };
    rename(&mut b.id);
    for c in &mut b.cas_servers {
        rename(&mut c.id);
        shift(&mut c.ip);
    }
    for m in &mut b.mailbox_servers {
        rename(&mut m.id);
        shift(&mut m.ip);
    }
    for a in &mut b.arrays {
        rename(&mut a.id);
        a.members.iter_mut().for_each(rename);
        if let Some(lb) = &mut a.load_balancer {
            shift(&mut lb.vip);
        }
    }
    for d in &mut b.databases {
        rename(&mut d.id);
        rename(&mut d.server);
        d.public_folder_database.iter_mut().for_each(rename);
    }
    for p in &mut b.public_folder_databases {
        rename(&mut p.id);
        rename(&mut p.server);
    }
    let homed: Vec<Client> = s
        .clients
        .iter()
        .map(|c| {
            let mut c = c.clone();
            rename(&mut c.id);
            rename(&mut c.mailbox_database);
            c
        })
        .collect();
    s.sites.push(b);
    s.clients.extend(homed);
    s
}

/// The oracle: simulation and advice from scratch, not through an `Analyzer`.
fn fresh(s: &Scenario) -> (sim::SimulationReport, Vec<advisor::Finding>) {
    let Analysis {
        report, findings, ..
    } = Analysis::of(s);
    (report, findings)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn incremental_analysis_equals_a_fresh_one(example in 0usize..64, sites in 1usize..=2, changes in prop::collection::vec(change(), 1..24)) {
        let gallery = examples::gallery();
        let mut s = (gallery[example % gallery.len()].build)();
        if sites == 2 {
            s = two_sites(s);
        }
        let mut analyzer = Analyzer::default();
        let mut history = Vec::new();
        analyzer.analyze(&s);
        for (step, c) in changes.iter().enumerate() {
            history.push(s.clone());
            apply(&mut s, &history, c);
            let got = analyzer.analyze(&s);
            let (report, findings) = fresh(&s);
            prop_assert_eq!(&got.report, &report, "report differs after step {} ({:?})", step, c);
            prop_assert_eq!(&got.findings, &findings, "findings differ after step {} ({:?})", step, c);
        }
    }
}

/// On the large generated design the same holds, and an edit that reaches
/// only part of the clients simulates only those.
#[test]
fn large_design_edits_resimulate_only_affected_clients() {
    let s = cas_planner_core::generate::large_design(3);
    let mut analyzer = Analyzer::default();
    assert_eq!(analyzer.analyze(&s).simulated, s.clients.len());

    let mut rst = s.clone();
    rst.perimeter.default_action = PerimeterAction::RejectRst;
    let got = analyzer.analyze(&rst);
    let (report, findings) = fresh(&rst);
    assert_eq!(got.report, report);
    assert_eq!(got.findings, findings);
    assert!(
        got.simulated > 0 && got.simulated < s.clients.len() / 2,
        "simulated {} of {}",
        got.simulated,
        s.clients.len()
    );

    let mut one = rst.clone();
    one.clients[10].link_kbps = 64;
    let got = analyzer.analyze(&one);
    assert_eq!(got.simulated, 1);
    assert_eq!(got.report, fresh(&one).0);
}

/// A client reaching another site's load balancer names that site's CAS in
/// its steps: renaming the CAS, or changing what it listens on, must reach it
/// although nothing in the client's own site changed.
#[test]
fn servers_in_another_site_are_dependencies() {
    let s = two_sites(examples::seed_leaking());
    let mut analyzer = Analyzer::default();
    analyzer.analyze(&s);
    let mut renamed = s.clone();
    renamed.sites[0].cas_servers[0].name.push_str("-NEW");
    let got = analyzer.analyze(&renamed);
    assert_eq!(got.report, fresh(&renamed).0);
    let homed_elsewhere = got
        .report
        .clients
        .iter()
        .find(|c| c.client_id.ends_with("-b"))
        .unwrap();
    assert!(
        homed_elsewhere
            .steps
            .iter()
            .any(|st| st.detail.contains("-NEW")),
        "the other site's client names the renamed CAS"
    );

    let mut moved = renamed.clone();
    moved.sites[0].cas_servers[0].rpc_ports = RpcPorts::Dynamic;
    assert_eq!(analyzer.analyze(&moved).report, fresh(&moved).0);
}

/// The organisation's MAPI/HTTP, set or as setup left it (which every
/// database's version decides, whatever its site), is every client's (§10
/// protocol 2): changing it, or another site's database version, reaches
/// clients whose own site did not change.
#[test]
fn the_organisations_mapi_http_reaches_every_client() {
    let mut s = examples::exchange_2013();
    for site in &mut s.sites {
        site.cas_servers
            .iter_mut()
            .for_each(|c| c.exchange_version = ExchangeVersion::V2016);
        site.databases
            .iter_mut()
            .for_each(|d| d.exchange_version = ExchangeVersion::V2016);
    }
    let s = two_sites(s);
    let mut analyzer = Analyzer::default();
    let first = analyzer.analyze(&s).report;
    let steps = |r: &sim::SimulationReport| {
        r.clients
            .iter()
            .map(|c| {
                c.steps
                    .iter()
                    .map(|st| st.detail.clone())
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };

    let mut off = s.clone();
    off.mapi_http_enabled = Some(false);
    let got = analyzer.analyze(&off).report;
    assert_eq!(got, fresh(&off).0);
    assert_ne!(
        steps(&got),
        steps(&first),
        "the setting changes the decision"
    );

    // Back to what setup left (2016 alone: on), then a 2013 database in the
    // second site: setup of 2016 into an organisation with 2013 leaves it off.
    analyzer.analyze(&s);
    let mut with_2013 = s.clone();
    with_2013.sites[1].databases[0].exchange_version = ExchangeVersion::V2013;
    let got = analyzer.analyze(&with_2013).report;
    assert_eq!(got, fresh(&with_2013).0);
    let home = |r: &sim::SimulationReport| {
        r.clients
            .iter()
            .filter(|c| !c.client_id.ends_with("-b"))
            .map(|c| {
                c.steps
                    .iter()
                    .map(|st| st.detail.clone())
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    assert_ne!(home(&got), home(&first), "the first site's clients follow");
}
