//! A large, deterministic design for benchmarks (native and in the browser)
//! and for tests that need scale: 200 sites, 2,000 servers, 20,000 DNS
//! records in three views, 1,000 clients.
//!
//! The same seed always gives the same scenario (a hand-written xorshift
//! generator, no `rand`), and every scenario is valid by
//! [`crate::validate::validate`]. The design mixes every branch the simulator
//! knows: arrays leaking into the Internet view by an explicit A record (to a
//! public or a private address) or by a wildcard, an array sharing the
//! Outlook Anywhere name (C5), a hotel resolver with NXDOMAIN redirection,
//! perimeters that DROP, RST or block 443, load balancers that miss the RPC
//! ports, Exchange 2013 databases, every OS preset and Outlook version.

use crate::model::*;
use std::net::Ipv4Addr;

/// AD sites in the design.
pub const SITES: usize = 200;
/// CAS plus mailbox servers, over all sites (10 per site).
pub const SERVERS: usize = 2_000;
/// DNS records over all views.
pub const DNS_RECORDS: usize = 20_000;
/// Outlook clients.
pub const CLIENTS: usize = 1_000;

const SERVERS_PER_SITE: usize = SERVERS / SITES;
const INTERNAL_DOMAIN: &str = "corp.internal";
const PUBLIC_DOMAIN: &str = "mycompany.com";
const HOTEL_REDIRECT: [u8; 4] = [198, 51, 100, 53];

/// xorshift64* seeded through splitmix64: tiny, fast and stable across
/// platforms and releases, which is all a benchmark design needs.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform-enough in `0..n` (n is small; modulo bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        (self.next() >> 16) as usize % n
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How a site's array name behaves in the Internet view.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Leak {
    /// Internal-only name: the Internet answers NXDOMAIN (the correct design).
    None,
    /// An explicit A record for the array name in the Internet view, to the
    /// site's public address (C1, C2).
    ExplicitPublic,
    /// An explicit A record copied from internal DNS: a private address that
    /// does not route from the Internet (C4).
    ExplicitPrivate,
    /// The array is named under the public domain and `*.sNNN.mycompany.com`
    /// synthesises it (§5 leak 2).
    Wildcard,
    /// The array FQDN is the Outlook Anywhere hostname (C5, C6).
    SharedWithOa,
}

struct SitePlan {
    idx: usize,
    id: String,
    leak: Leak,
    vip: Ipv4Addr,
    public_ip: Ipv4Addr,
    databases: Vec<String>,
}

fn site_code(i: usize) -> String {
    format!("s{i:03}")
}

fn a(id: String, name: String, address: Ipv4Addr) -> DnsRecord {
    DnsRecord {
        id,
        name,
        data: RecordData::A { address },
    }
}

/// How big a generated design is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// AD sites, 1 to 250 (each gets 10 servers and its own 10.N.0.0/16).
    pub sites: usize,
    /// DNS records over all views: filler records are added up to it (a
    /// small design may have more, those its servers need).
    pub dns_records: usize,
    pub clients: usize,
}

impl Size {
    /// The benchmark design's size.
    pub const LARGE: Size = Size {
        sites: SITES,
        dns_records: DNS_RECORDS,
        clients: CLIENTS,
    };
}

/// Builds the benchmark design for `seed`. Deterministic: equal seeds give
/// equal scenarios.
pub fn large_design(seed: u64) -> Scenario {
    design(seed, Size::LARGE)
}

/// `s` with the plan the advisor drafts to Exchange 2019 (§11): on the
/// large design, 6 steps and 3,876 changes, what `make bench` times edits
/// of a plan's steps on (natively and in the browser).
pub fn with_drafted_plan(mut s: Scenario) -> Scenario {
    let draft = crate::advisor::Draft::to(ExchangeVersion::V2019);
    s.migration = crate::advisor::draft(&s, &draft).expect("the design has Exchange 2010 sites");
    s
}

/// Builds a design of `size` for `seed`, with the large design's mix of
/// every branch (properties run it small). Deterministic.
pub fn design(seed: u64, size: Size) -> Scenario {
    assert!((1..=250).contains(&size.sites), "1 to 250 sites");
    let Size {
        sites: site_count,
        dns_records,
        clients: client_count,
    } = size;
    let mut rng = Rng::new(seed);
    let presets = builtin_timing_presets();

    let mut sites = Vec::with_capacity(site_count);
    let mut plans = Vec::with_capacity(site_count);
    let mut int_corp = Vec::with_capacity(2 * SERVERS_PER_SITE * site_count);
    let mut int_public = Vec::with_capacity(2 * site_count);
    let mut ext_public = Vec::with_capacity(2 * site_count);
    let mut ext_leaks = Vec::new();
    let mut rules = Vec::with_capacity(2 * site_count);

    for i in 0..site_count {
        let code = site_code(i);
        let leak = match rng.below(100) {
            0..=11 => Leak::ExplicitPublic,
            12..=16 => Leak::ExplicitPrivate,
            17..=23 => Leak::Wildcard,
            24..=26 => Leak::SharedWithOa,
            _ => Leak::None,
        };
        let vip = Ipv4Addr::new(10, i as u8, 0, 100);
        let public_ip = Ipv4Addr::new(198, 18, i as u8, 10);
        let oa_host = format!("mail-{code}.{PUBLIC_DOMAIN}");
        let array_fqdn = match leak {
            Leak::Wildcard => format!("outlook.{code}.{PUBLIC_DOMAIN}"),
            Leak::SharedWithOa => oa_host.clone(),
            _ => format!("outlook-{code}.{INTERNAL_DOMAIN}"),
        };
        let rpc_ports = if rng.chance(70) {
            RpcPorts::Static {
                rpc_client_access: 59531,
                address_book: 59532,
            }
        } else {
            RpcPorts::Dynamic
        };
        // A few sites run without Outlook Anywhere or push HTTP first.
        let oa_enabled = !rng.chance(3);
        let exclusive = rng.chance(4);
        let auth = *rng.pick(&[OaAuth::Basic, OaAuth::Ntlm, OaAuth::Negotiate]);

        let cas_count = 2 + rng.below(5);
        let mbx_count = SERVERS_PER_SITE - cas_count;
        let cas_servers: Vec<CasServer> = (0..cas_count)
            .map(|j| {
                let fqdn = format!("{code}cas{j}.{INTERNAL_DOMAIN}");
                CasServer {
                    id: format!("{code}-cas{j}"),
                    name: format!("{}CAS{j}", code.to_uppercase()),
                    autodiscover_scp_url: format!("https://{fqdn}/Autodiscover/Autodiscover.xml"),
                    fqdn,
                    ip: Ipv4Addr::new(10, i as u8, 1, 10 + j as u8),
                    rpc_ports,
                    outlook_anywhere: OutlookAnywhere {
                        enabled: oa_enabled,
                        external_hostname: oa_host.clone(),
                        internal_hostname: String::new(),
                        auth,
                        server_exclusive_connect: exclusive,
                        iis_auth: Vec::new(),
                    },
                    // Without the random stream, so the rest of the design
                    // stays as it was: every other site scopes its SCP
                    // (§6 scp 4), and one CAS in five lacks the
                    // Autodiscover name on its certificate (§6 https 2).
                    autodiscover_site_scope: if i % 2 == 0 {
                        vec![format!("Site {}", code.to_uppercase())]
                    } else {
                        Vec::new()
                    },
                    certificate_names: std::iter::once(format!("{code}cas{j}.{INTERNAL_DOMAIN}"))
                        .chain([oa_host.clone()])
                        .chain((j % 5 != 4).then(|| format!("autodiscover.{PUBLIC_DOMAIN}")))
                        .collect(),
                    exchange_version: ExchangeVersion::V2010,
                    build: String::new(),
                    windows: WindowsServer::Unknown,
                    kb3140410: false,
                }
            })
            .collect();
        let mailbox_servers: Vec<MailboxServer> = (0..mbx_count)
            .map(|j| MailboxServer {
                id: format!("{code}-mbx{j}"),
                name: format!("{}MBX{j}", code.to_uppercase()),
                fqdn: format!("{code}mbx{j}.{INTERNAL_DOMAIN}"),
                ip: Ipv4Addr::new(10, i as u8, 2, 10 + j as u8),
                rpc_ports,
            })
            .collect();
        let pf_id = format!("{code}-pf");
        let databases: Vec<MailboxDatabase> = mailbox_servers
            .iter()
            .enumerate()
            .map(|(j, m)| MailboxDatabase {
                id: format!("{code}-db{j}"),
                name: format!("{}DB{j}", code.to_uppercase()),
                server: m.id.clone(),
                rpc_client_access_server: array_fqdn.clone(),
                exchange_version: if rng.chance(8) {
                    ExchangeVersion::V2013
                } else {
                    ExchangeVersion::V2010
                },
                public_folder_database: (!rng.chance(10)).then(|| pf_id.clone()),
            })
            .collect();
        // A site with an Exchange 2013 database has a 2013 Client Access
        // server to serve it (§10 serve 4): its last, so that the 2010
        // mailboxes keep a 2010 one first. Without the random stream, so
        // the rest of the design stays as it was.
        // The HTTPS names then point at it (it proxies down to the 2010
        // mailboxes, §10 serve 1); the array keeps the VIP.
        let mut cas_servers = cas_servers;
        let mut https_to = vip;
        if databases
            .iter()
            .any(|d| d.exchange_version == ExchangeVersion::V2013)
        {
            if let Some(last) = cas_servers.last_mut() {
                last.exchange_version = ExchangeVersion::V2013;
                https_to = last.ip;
            }
        }
        // Some load balancers forward only 135 and 443 (§8 failure branch).
        let mut forwarded = vec![PortRange::single(EPM_PORT), PortRange::single(HTTPS_PORT)];
        if !rng.chance(5) {
            forwarded.extend(rpc_ports.needed());
        }

        // Internal DNS: the array on the VIP, every server, the OA name on the VIP.
        if !matches!(leak, Leak::Wildcard | Leak::SharedWithOa) {
            int_corp.push(a(format!("rec-int-{code}-array"), array_fqdn.clone(), vip));
        }
        for c in &cas_servers {
            int_corp.push(a(format!("rec-int-{}", c.id), c.fqdn.clone(), c.ip));
        }
        for m in &mailbox_servers {
            int_corp.push(a(format!("rec-int-{}", m.id), m.fqdn.clone(), m.ip));
        }
        int_public.push(a(format!("rec-int-{code}-mail"), oa_host.clone(), https_to));
        if leak == Leak::Wildcard {
            int_public.push(a(format!("rec-int-{code}-array"), array_fqdn.clone(), vip));
        }

        // Internet DNS: the OA name on the public address, plus the leak.
        ext_public.push(a(
            format!("rec-ext-{code}-mail"),
            oa_host.clone(),
            public_ip,
        ));
        match leak {
            Leak::ExplicitPublic => ext_leaks.push(a(
                format!("rec-ext-{code}-leak"),
                array_fqdn.clone(),
                public_ip,
            )),
            Leak::ExplicitPrivate => {
                ext_leaks.push(a(format!("rec-ext-{code}-leak"), array_fqdn.clone(), vip))
            }
            Leak::Wildcard => ext_public.push(a(
                format!("rec-ext-{code}-wildcard"),
                format!("*.{code}.{PUBLIC_DOMAIN}"),
                public_ip,
            )),
            Leak::None | Leak::SharedWithOa => {}
        }

        // Perimeter: 135 answered with RST at some sites, 443 published to the
        // VIP except at a few that block it (C12).
        if rng.chance(30) {
            rules.push(PerimeterRule {
                id: format!("fw-{code}-rpc"),
                name: format!("Reject RPC to {code}"),
                destination: public_ip,
                ports: PortRange::single(EPM_PORT),
                action: PerimeterAction::RejectRst,
                translate_to: None,
            });
        }
        let https_blocked = rng.chance(2);
        rules.push(PerimeterRule {
            id: format!("fw-{code}-https"),
            name: format!("Publish HTTPS of {code}"),
            destination: public_ip,
            ports: PortRange::single(HTTPS_PORT),
            action: if https_blocked {
                PerimeterAction::Drop
            } else {
                PerimeterAction::Allow
            },
            translate_to: (!https_blocked).then_some(https_to),
        });

        let site_id = format!("site-{code}");
        plans.push(SitePlan {
            idx: i,
            id: site_id.clone(),
            leak,
            vip,
            public_ip,
            databases: databases.iter().map(|d| d.id.clone()).collect(),
        });
        sites.push(Site {
            id: site_id,
            name: format!("Site {}", code.to_uppercase()),
            arrays: vec![CasArray {
                id: format!("array-{code}"),
                name: format!("outlook-{code}"),
                fqdn: array_fqdn,
                members: cas_servers.iter().map(|c| c.id.clone()).collect(),
                load_balancer: Some(LoadBalancer {
                    vip,
                    forwarded_ports: forwarded,
                    unforwarded: PerimeterAction::Drop,
                }),
            }]
            .into(),
            cas_servers: cas_servers.into(),
            public_folder_databases: vec![PublicFolderDatabase {
                id: pf_id,
                name: format!("{}PF", code.to_uppercase()),
                server: mailbox_servers[0].id.clone(),
            }]
            .into(),
            mailbox_servers: mailbox_servers.into(),
            databases: databases.into(),
        });
    }

    // Autodiscover on site 0, in both views.
    let autodiscover = format!("autodiscover.{PUBLIC_DOMAIN}");
    int_public.push(a(
        "rec-int-autodiscover".into(),
        autodiscover.clone(),
        plans[0].vip,
    ));
    ext_public.push(a(
        "rec-ext-autodiscover".into(),
        autodiscover.clone(),
        plans[0].public_ip,
    ));

    // Filler up to the size's records: workstations inside, web hosts outside (2 : 1).
    let used = int_corp.len() + int_public.len() + ext_public.len() + ext_leaks.len();
    let filler = dns_records.saturating_sub(used);
    let inside_filler = filler * 2 / 3;
    for n in 0..inside_filler {
        let site = n % site_count;
        let host = n / site_count;
        int_corp.push(a(
            format!("rec-int-ws{n:05}"),
            format!("ws{n:05}.{}.{INTERNAL_DOMAIN}", site_code(site)),
            Ipv4Addr::new(
                10,
                site as u8,
                100 + (host / 250) as u8,
                1 + (host % 250) as u8,
            ),
        ));
    }
    for n in 0..filler - inside_filler {
        ext_public.push(a(
            format!("rec-ext-web{n:05}"),
            format!("web{n:05}.{PUBLIC_DOMAIN}"),
            Ipv4Addr::new(198, 19, (n / 250) as u8, 1 + (n % 250) as u8),
        ));
    }

    let mut internet_zones = vec![DnsZone {
        id: "zone-ext-mycompany".into(),
        name: PUBLIC_DOMAIN.into(),
        records: ext_public.into(),
    }];
    if !ext_leaks.is_empty() {
        internet_zones.push(DnsZone {
            id: "zone-ext-corp".into(),
            name: INTERNAL_DOMAIN.into(),
            records: ext_leaks.into(),
        });
    }
    let dns_views = vec![
        DnsView {
            forwards_to: Some("view-internet".into()),
            ..DnsView::new(
                "view-internal",
                "Internal (AD DNS)",
                Audience::Internal,
                vec![
                    DnsZone {
                        id: "zone-int-corp".into(),
                        name: INTERNAL_DOMAIN.into(),
                        records: int_corp.into(),
                    },
                    DnsZone {
                        id: "zone-int-mycompany".into(),
                        name: PUBLIC_DOMAIN.into(),
                        records: int_public.into(),
                    },
                ],
            )
        },
        DnsView::new(
            "view-internet",
            "Internet",
            Audience::External,
            internet_zones,
        ),
        DnsView {
            forwards_to: Some("view-internet".into()),
            nxdomain_redirect: Some(HOTEL_REDIRECT.into()),
            ..DnsView::new("view-hotel", "Hotel resolver", Audience::External, vec![])
        },
    ];

    let mut network_zones: Vec<NetworkZone> = plans
        .iter()
        .map(|p| NetworkZone {
            id: format!("net-{}", site_code(p.idx)),
            name: format!("LAN {}", site_code(p.idx).to_uppercase()),
            kind: ZoneKind::Site { site: p.id.clone() },
            rtt_ms: None,
        })
        .collect();
    network_zones.push(NetworkZone {
        id: "net-internet".into(),
        name: "Internet".into(),
        kind: ZoneKind::Internet,
        rtt_ms: None,
    });
    network_zones.push(NetworkZone {
        id: "net-internet-far".into(),
        name: "Internet (far away)".into(),
        kind: ZoneKind::Internet,
        rtt_ms: Some(180),
    });
    network_zones.push(NetworkZone {
        id: "net-vpn".into(),
        name: "VPN".into(),
        kind: ZoneKind::Vpn {
            site: plans[0].id.clone(),
        },
        rtt_ms: Some(30),
    });

    let versions = [
        OutlookVersion::O2007,
        OutlookVersion::O2010,
        OutlookVersion::O2013,
        OutlookVersion::O2016,
    ];
    let links = [2_000, 10_000, 20_000, 100_000, 1_000_000];
    let clients: Vec<Client> = (0..client_count)
        .map(|n| {
            let home = &plans[rng.below(site_count)];
            let db = rng.pick(&home.databases).clone();
            let (kind, location, view) = match rng.below(100) {
                // Mostly at the home site's LAN, sometimes visiting another site.
                0..=44 => (
                    "desk",
                    format!("net-{}", site_code(home.idx)),
                    "view-internal",
                ),
                45..=54 => (
                    "visitor",
                    format!("net-{}", site_code(rng.below(site_count))),
                    "view-internal",
                ),
                55..=59 => ("vpn", "net-vpn".to_string(), "view-internal"),
                60..=79 => ("home", "net-internet".to_string(), "view-internet"),
                80..=87 => ("abroad", "net-internet-far".to_string(), "view-internet"),
                _ => ("hotel", "net-internet".to_string(), "view-hotel"),
            };
            let inside = matches!(kind, "desk" | "visitor" | "vpn");
            Client {
                id: format!("client-{n:04}"),
                name: format!("Client {n:04} ({kind})"),
                location,
                dns_view: view.into(),
                mailbox_database: db,
                os_timing: rng.pick(&presets).id.clone(),
                outlook_version: *rng.pick(&versions),
                outlook_anywhere: !rng.chance(3),
                http_first_on_fast: rng.chance(15),
                http_first_on_slow: rng.chance(90),
                link_kbps: if rng.chance(8) { 64 } else { *rng.pick(&links) },
                domain_joined: rng.chance(if inside { 90 } else { 30 }),
                rpc_bind_attempts: if rng.chance(25) { 2 } else { 1 },
                oa_setup_ms: if rng.chance(2) {
                    50_000
                } else {
                    300 + rng.below(2_700) as u32
                },
                // Without the random stream, so the rest of the design stays as it was.
                users: 1 + (n as u32 % 7) * 40,
                connects_per_day: 2 + n as u32 % 5,
                // Autodiscover switches, again without the random stream.
                autodiscover_exclude: if n % 11 == 0 {
                    vec![Method::RootDomain]
                } else {
                    Vec::new()
                },
                office365: if n % 13 == 0 {
                    Office365::TenantUnknown
                } else {
                    Office365::No
                },
                ..Client::with_defaults("", "", "", "", "", "")
            }
        })
        .collect();

    let leaking = plans.iter().filter(|p| p.leak != Leak::None).count();
    let records: usize = dns_views
        .iter()
        .flat_map(|v| v.zones.iter())
        .map(|z| z.records.len())
        .sum();
    Scenario {
        name: format!("Large design (seed {seed})"),
        description: format!(
            "Generated benchmark design: {site_count} sites, {} servers, {records} DNS records in 3 views, \
             {client_count} clients; {leaking} arrays resolve (or may resolve) from the Internet.",
            site_count * SERVERS_PER_SITE
        ),
        organisation: "MyCompany".into(),
        // On, so that the 2013 mailboxes exercise MAPI/HTTP (§10 protocol 2).
        mapi_http_enabled: Some(true),
        sites: sites.into(),
        autodiscover: Autodiscover { smtp_domain: PUBLIC_DOMAIN.into(), dns_names: vec![autodiscover], ..Autodiscover::default() },
        dns_views: dns_views.into(),
        network_zones: network_zones.into(),
        perimeter: Perimeter { rules: rules.into(), default_action: PerimeterAction::Drop, hairpin_nat: false },
        timing_presets: presets.into(),
        clients: clients.into(),
        ranges: Ranges::default(),
        migration: Migration::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate, Outcome};
    use crate::validate::validate;

    fn count_records(s: &Scenario) -> usize {
        s.dns_views
            .iter()
            .flat_map(|v| &v.zones)
            .map(|z| z.records.len())
            .sum()
    }

    /// The benchmark design is loadable: it passes the same checks as a file.
    #[test]
    fn large_design_is_valid() {
        for seed in [1, 2, 42] {
            assert_eq!(validate(&large_design(seed)), vec![], "seed {seed}");
        }
    }

    /// The sizes the benchmark figures are quoted for.
    #[test]
    fn large_design_has_the_advertised_size() {
        let s = large_design(1);
        assert_eq!(s.sites.len(), SITES);
        let servers: usize = s
            .sites
            .iter()
            .map(|x| x.cas_servers.len() + x.mailbox_servers.len())
            .sum();
        assert_eq!(servers, SERVERS);
        assert_eq!(count_records(&s), DNS_RECORDS);
        assert_eq!(s.dns_views.len(), 3);
        assert_eq!(s.clients.len(), CLIENTS);
        assert!(s
            .sites
            .iter()
            .all(|x| x.arrays.len() == 1 && x.arrays[0].load_balancer.is_some()));
    }

    /// Same seed, same design; another seed, another design.
    #[test]
    fn large_design_is_deterministic_per_seed() {
        assert_eq!(large_design(7), large_design(7));
        assert_ne!(large_design(7), large_design(8));
    }

    /// The design exercises the branches the benchmark is meant to cost:
    /// leaks of each kind, every transport outcome and some failures.
    #[test]
    fn large_design_covers_every_outcome() {
        let s = large_design(1);
        let r = simulate(&s);
        let count = |code: &str| {
            r.clients
                .iter()
                .filter(|c| c.outcome.code() == code)
                .count()
        };
        for code in ["rpc-tcp", "rpc-http", "mapi-http", "failed"] {
            assert!(count(code) > 0, "no client ends {code}");
        }
        let waits = r
            .clients
            .iter()
            .filter(|c| c.outcome == Outcome::RpcHttp && c.total_ms > 20_000)
            .count();
        assert!(
            waits > 10,
            "only {waits} clients wait for RPC/TCP before HTTPS"
        );
        let ext = s
            .dns_views
            .iter()
            .find(|v| v.id == "view-internet")
            .unwrap();
        let names: Vec<&str> = ext
            .zones
            .iter()
            .flat_map(|z| &z.records)
            .map(|r| r.name.as_str())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("*.")),
            "no wildcard leak"
        );
        assert!(
            names.iter().any(|n| n.starts_with("outlook-")),
            "no explicit leak"
        );
    }
}
