//! The example gallery: the seed post's design ("MyCompany", array
//! `outlook.mycompany.internal` = 10.10.10.100) in a leaking and a fixed
//! variant, and variants for each way a leak happens (§5) or a design breaks.
//!
//! Built in code so every variant is "the seed plus one change"; the files in
//! `examples/` are generated from here and a test keeps them identical.

use crate::model::*;
use std::net::Ipv4Addr;

/// A gallery entry.
pub struct Example {
    /// File stem in `examples/`, e.g. `seed-leaking`.
    pub slug: &'static str,
    pub title: &'static str,
    pub build: fn() -> Scenario,
}

pub fn gallery() -> Vec<Example> {
    vec![
        Example {
            slug: "seed-leaking",
            title: "Seed: array name leaks into external DNS",
            build: seed_leaking,
        },
        Example {
            slug: "seed-fixed",
            title: "Seed: array name internal only (fixed)",
            build: seed_fixed,
        },
        Example {
            slug: "wildcard-leak",
            title: "Wildcard in the public zone resolves the array",
            build: wildcard_leak,
        },
        Example {
            slug: "rst-perimeter",
            title: "Leak, but the perimeter rejects 135 with RST",
            build: rst_perimeter,
        },
        Example {
            slug: "exchange-2013-mailbox",
            title: "Exchange 2013 mailbox: no RPC/TCP path, MAPI/HTTP left off",
            build: exchange_2013,
        },
        Example {
            slug: "exchange-2013-mapi-http-on",
            title: "Exchange 2013 with MAPI/HTTP on: who gets it and who does not",
            build: exchange_2013_mapi_http_on,
        },
        Example {
            slug: "exchange-2013-mailbox-2010-cas",
            title: "Exchange 2013 mailbox behind 2010 Client Access servers only (the mistake)",
            build: exchange_2013_behind_2010_cas,
        },
        Example {
            slug: "seed-leaking-outlook-365",
            title: "Seed leak with Outlook 2019, 2021 and Microsoft 365 clients",
            build: seed_leaking_outlook_365,
        },
        Example {
            slug: "dual-stack-leak",
            title: "Leak with an AAAA record: one more timeout for dual-stack clients",
            build: dual_stack_leak,
        },
        Example {
            slug: "exchange-2019",
            title: "Exchange 2019 organisation: MAPI/HTTP by default",
            build: exchange_2019,
        },
        Example {
            slug: "coexistence-2010-2016",
            title: "Migration 2010 → 2016, NTLM forgotten: external 2010 users prompted",
            build: coexistence_2010_2016,
        },
        Example {
            slug: "coexistence-2010-2019",
            title: "Migration 2010 → 2019 with the array named like Outlook Anywhere",
            build: coexistence_2010_2019,
        },
        Example {
            slug: "multiple-a-records",
            title: "Leaked name with two A records",
            build: multiple_a_records,
        },
        Example {
            slug: "hotel-nxdomain-redirect",
            title: "Hotel resolver redirects NXDOMAIN",
            build: hotel_nxdomain,
        },
        Example {
            slug: "lb-missing-rpc-ports",
            title: "Load balancer forwards 135 but not the RPC ports",
            build: lb_missing_rpc_ports,
        },
        Example {
            slug: "autodiscover-root-domain-dcs",
            title: "Autodiscover: the root domain is the DCs' addresses (C7)",
            build: autodiscover_root_domain_dcs,
        },
        Example {
            slug: "autodiscover-root-domain-web-host",
            title: "Autodiscover: a web host's certificate on the root domain (C8, C16)",
            build: autodiscover_web_host,
        },
        Example {
            slug: "autodiscover-http-redirect-2007",
            title: "Autodiscover: Outlook 2007 outside the domain and the redirect prompt (C9)",
            build: autodiscover_http_redirect,
        },
        Example {
            slug: "autodiscover-scp-site-scope",
            title: "Autodiscover: a branch's SCP URL its clients cannot resolve (§6 scp 4–7)",
            build: autodiscover_scp_site_scope,
        },
    ]
}

/// A new, empty design: the §3 timing presets, an Internet location and an
/// Internet DNS view, ready for the first site.
pub fn blank() -> Scenario {
    Scenario {
        name: "Untitled design".into(),
        timing_presets: builtin_timing_presets().into(),
        network_zones: vec![NetworkZone {
            id: "net-internet".into(),
            name: "Internet".into(),
            kind: ZoneKind::Internet,
            rtt_ms: None,
        }]
        .into(),
        dns_views: vec![DnsView::new(
            "view-internet",
            "Internet",
            Audience::External,
            vec![],
        )]
        .into(),
        ..Default::default()
    }
}

/// The example with this slug.
pub fn by_slug(slug: &str) -> Option<Scenario> {
    gallery()
        .into_iter()
        .find(|e| e.slug == slug)
        .map(|e| (e.build)())
}

const VIP: [u8; 4] = [10, 10, 10, 100];
const PUBLIC_IP: [u8; 4] = [203, 0, 113, 10];
const ARRAY_FQDN: &str = "outlook.mycompany.internal";

fn ip(a: [u8; 4]) -> Ipv4Addr {
    a.into()
}

fn a(id: &str, name: &str, addr: [u8; 4]) -> DnsRecord {
    DnsRecord {
        id: id.into(),
        name: name.into(),
        data: RecordData::A { address: ip(addr) },
    }
}

fn cas(n: u8, addr: [u8; 4]) -> CasServer {
    CasServer {
        id: format!("cas-0{n}"),
        name: format!("CAS0{n}"),
        fqdn: format!("cas0{n}.mycompany.internal"),
        ip: ip(addr),
        // §2 step 5: the customary static ports.
        rpc_ports: RpcPorts::Static {
            rpc_client_access: 59531,
            address_book: 59532,
        },
        outlook_anywhere: OutlookAnywhere {
            enabled: true,
            external_hostname: "mail.mycompany.com".into(),
            internal_hostname: String::new(),
            auth: OaAuth::Ntlm,
            server_exclusive_connect: false,
            iis_auth: Vec::new(),
        },
        autodiscover_scp_url: format!(
            "https://cas0{n}.mycompany.internal/Autodiscover/Autodiscover.xml"
        ),
        autodiscover_site_scope: Vec::new(),
        // One certificate for the names Outlook meets (§6 https 2): the
        // server's own (its SCP URL), Outlook Anywhere's and Autodiscover's.
        certificate_names: vec![
            format!("cas0{n}.mycompany.internal"),
            "mail.mycompany.com".into(),
            "autodiscover.mycompany.com".into(),
        ],
        exchange_version: ExchangeVersion::V2010,
        build: String::new(),
        windows: WindowsServer::Unknown,
        kb3140410: false,
    }
}

fn client(id: &str, name: &str, zone: &str, view: &str, domain_joined: bool) -> Client {
    let mut c = Client::with_defaults(id, name, zone, view, "db-01", "os-win7");
    c.domain_joined = domain_joined;
    // The seed post's Outlook 2010 predates SP2's MAPI/HTTP updates (2014),
    // as the version 5 planner took every Outlook 2010 (§10 version 2).
    c.mapi_http_updates = false;
    c
}

/// The seed post's design with the golden rule respected: the array name
/// exists only in internal DNS.
pub fn seed_fixed() -> Scenario {
    Scenario {
        name: "MyCompany — CAS array internal only".into(),
        description: "The seed design: one AD site, two CAS behind a load balancer, array \
                      outlook.mycompany.internal = 10.10.10.100 in internal DNS only. External \
                      Outlook gets NXDOMAIN for the array and goes straight to Outlook Anywhere."
            .into(),
        organisation: "MyCompany".into(),
        mapi_http_enabled: None,
        sites: vec![seed_site()].into(),
        autodiscover: Autodiscover {
            smtp_domain: "mycompany.com".into(),
            dns_names: vec!["autodiscover.mycompany.com".into()],
            ..Autodiscover::default()
        },
        dns_views: vec![seed_internal_view(), seed_internet_view()].into(),
        network_zones: vec![
            NetworkZone {
                id: "net-hq".into(),
                name: "HQ LAN".into(),
                kind: ZoneKind::Site {
                    site: "site-hq".into(),
                },
                rtt_ms: None,
            },
            NetworkZone {
                id: "net-internet".into(),
                name: "Internet".into(),
                kind: ZoneKind::Internet,
                rtt_ms: None,
            },
        ]
        .into(),
        perimeter: Perimeter {
            rules: vec![PerimeterRule {
                id: "fw-https".into(),
                name: "Publish HTTPS to the VIP".into(),
                destination: ip(PUBLIC_IP),
                ports: PortRange::single(HTTPS_PORT),
                action: PerimeterAction::Allow,
                translate_to: Some(ip(VIP)),
            }]
            .into(),
            default_action: PerimeterAction::Drop,
            hairpin_nat: false,
        },
        timing_presets: builtin_timing_presets().into(),
        clients: vec![
            client(
                "client-internal",
                "Internal desktop",
                "net-hq",
                "view-internal",
                true,
            ),
            client(
                "client-external",
                "External laptop",
                "net-internet",
                "view-internet",
                false,
            ),
        ]
        .into(),
        ranges: Ranges::default(),
        migration: Migration::default(),
    }
}

/// `c` with a newer Outlook on Windows 10 or 11 (§3's measured timing).
fn on_windows_10(c: &mut Client, version: OutlookVersion) {
    c.outlook_version = version;
    c.os_timing = "os-win10".into();
}

/// The seed's one AD site: two CAS, the array on a load balancer's VIP, one
/// mailbox server with its mailbox and public-folder databases.
fn seed_site() -> Site {
    Site {
        id: "site-hq".into(),
        name: "HQ".into(),
        cas_servers: vec![cas(1, [10, 10, 10, 11]), cas(2, [10, 10, 10, 12])].into(),
        arrays: vec![CasArray {
            id: "array-hq".into(),
            name: "outlook".into(),
            fqdn: ARRAY_FQDN.into(),
            members: vec!["cas-01".into(), "cas-02".into()],
            load_balancer: Some(LoadBalancer {
                vip: ip(VIP),
                forwarded_ports: vec![
                    PortRange::single(EPM_PORT),
                    PortRange::single(HTTPS_PORT),
                    PortRange {
                        from: 59531,
                        to: 59532,
                    },
                ],
                unforwarded: PerimeterAction::Drop,
            }),
        }]
        .into(),
        mailbox_servers: vec![MailboxServer {
            id: "mbx-01".into(),
            name: "MBX01".into(),
            fqdn: "mbx01.mycompany.internal".into(),
            ip: ip([10, 10, 10, 21]),
            rpc_ports: RpcPorts::Static {
                rpc_client_access: 59531,
                address_book: 59532,
            },
        }]
        .into(),
        databases: vec![MailboxDatabase {
            id: "db-01".into(),
            name: "DB01".into(),
            server: "mbx-01".into(),
            rpc_client_access_server: ARRAY_FQDN.into(),
            exchange_version: ExchangeVersion::V2010,
            public_folder_database: Some("pf-01".into()),
        }]
        .into(),
        public_folder_databases: vec![PublicFolderDatabase {
            id: "pf-01".into(),
            name: "PF01".into(),
            server: "mbx-01".into(),
        }]
        .into(),
    }
}

/// AD DNS: the internal zone with the array and the servers, and a pinpoint
/// zone for the Outlook Anywhere name; forwards the rest to the Internet.
fn seed_internal_view() -> DnsView {
    DnsView {
        forwards_to: Some("view-internet".into()),
        ..DnsView::new(
            "view-internal",
            "Internal (AD DNS)",
            Audience::Internal,
            vec![
                DnsZone {
                    id: "zone-int-internal".into(),
                    name: "mycompany.internal".into(),
                    records: vec![
                        a("rec-int-outlook", ARRAY_FQDN, VIP),
                        a(
                            "rec-int-cas01",
                            "cas01.mycompany.internal",
                            [10, 10, 10, 11],
                        ),
                        a(
                            "rec-int-cas02",
                            "cas02.mycompany.internal",
                            [10, 10, 10, 12],
                        ),
                        a(
                            "rec-int-mbx01",
                            "mbx01.mycompany.internal",
                            [10, 10, 10, 21],
                        ),
                    ]
                    .into(),
                },
                // Split-brain "pinpoint" zone so internal clients reach OA/OWA on the VIP (§5).
                DnsZone {
                    id: "zone-int-pinpoint".into(),
                    name: "mail.mycompany.com".into(),
                    records: vec![a("rec-int-mail", "mail.mycompany.com", VIP)].into(),
                },
            ],
        )
    }
}

/// Public DNS: the company's zone with the Outlook Anywhere and Autodiscover
/// names on the firewall's public address.
fn seed_internet_view() -> DnsView {
    DnsView::new(
        "view-internet",
        "Internet",
        Audience::External,
        vec![DnsZone {
            id: "zone-ext-mycompany".into(),
            name: "mycompany.com".into(),
            records: vec![
                a("rec-ext-mail", "mail.mycompany.com", PUBLIC_IP),
                a(
                    "rec-ext-autodiscover",
                    "autodiscover.mycompany.com",
                    PUBLIC_IP,
                ),
            ]
            .into(),
        }],
    )
}

fn internet_view(s: &mut Scenario) -> &mut DnsView {
    s.dns_views
        .iter_mut()
        .find(|v| v.id == "view-internet")
        .expect("seed has an Internet view")
}

/// The leak the seed post warns about: an A record for the array name in
/// external DNS pointing at the firewall's public address (C2).
pub fn seed_leaking() -> Scenario {
    let mut s = seed_fixed();
    s.name = "MyCompany — CAS array name leaks".into();
    s.description = "The seed design with the mistake the post warns about: outlook.mycompany.internal \
                     also resolves in external DNS (to the firewall's public address). External Outlook \
                     tries RPC on TCP 135, which the perimeter drops, waits out Windows' SYN retries, \
                     and only then falls back to HTTPS."
        .into();
    internet_view(&mut s).zones.push(DnsZone {
        id: "zone-ext-internal".into(),
        name: "mycompany.internal".into(),
        records: vec![a("rec-ext-outlook", ARRAY_FQDN, PUBLIC_IP)].into(),
    });
    s
}

/// §5 leak 2: a wildcard in the public zone synthesises the array name.
pub fn wildcard_leak() -> Scenario {
    let mut s = seed_fixed();
    s.name = "MyCompany — wildcard leak".into();
    s.description = "The array is named under the public domain (outlook.mycompany.com, internal \
                     pinpoint zone) and the public zone has *.mycompany.com, so the Internet \
                     resolves the array name too."
        .into();
    rename_array(&mut s, "outlook.mycompany.com");
    let internal = s
        .dns_views
        .iter_mut()
        .find(|v| v.id == "view-internal")
        .unwrap();
    internal.zones.push(DnsZone {
        id: "zone-int-outlook".into(),
        name: "outlook.mycompany.com".into(),
        records: vec![a("rec-int-outlook-com", "outlook.mycompany.com", VIP)].into(),
    });
    internet_view(&mut s).zones[0].records.push(a(
        "rec-ext-wildcard",
        "*.mycompany.com",
        PUBLIC_IP,
    ));
    s
}

fn rename_array(s: &mut Scenario, fqdn: &str) {
    let site = &mut s.sites[0];
    site.arrays[0].fqdn = fqdn.into();
    for db in &mut site.databases {
        db.rpc_client_access_server = fqdn.into();
    }
}

/// C14 branch: the leak as in the seed, but the perimeter answers 135 with RST.
pub fn rst_perimeter() -> Scenario {
    let mut s = seed_leaking();
    s.name = "MyCompany — leak, perimeter rejects with RST".into();
    s.description =
        "Same leak as the seed, but the firewall rejects TCP 135 with a RST instead of \
                     dropping it: Windows gives up in about 2 s instead of 21 s."
            .into();
    s.perimeter.rules.push(PerimeterRule {
        id: "fw-rpc-reject".into(),
        name: "Reject RPC endpoint mapper".into(),
        destination: ip(PUBLIC_IP),
        ports: PortRange::single(EPM_PORT),
        action: PerimeterAction::RejectRst,
        translate_to: None,
    });
    s
}

/// The address of the Exchange 2013 (and 2019) Client Access server the
/// examples add beside the seed's two 2010 ones.
const CAS13_IP: [u8; 4] = [10, 10, 10, 13];

/// The seed's mailbox on Exchange 2013, Outlook 2016 everywhere, and only
/// the seed's 2010 Client Access servers: what the version 5 planner's
/// "Exchange 2013 mailbox" example drew.
pub fn exchange_2013_behind_2010_cas() -> Scenario {
    let mut s = seed_leaking();
    s.name = "MyCompany — Exchange 2013 mailbox behind 2010 CAS only".into();
    s.description = "The mailbox database was moved to Exchange 2013, but the site still has only its \
                     two Exchange 2010 Client Access servers. A 2010 CAS does not serve a newer mailbox \
                     (newer Client Access servers proxy down, never up, §10 serve 4): Outlook 2016 has \
                     no server to reach its mailbox through, inside or out."
        .into();
    s.sites[0].databases[0].exchange_version = ExchangeVersion::V2013;
    s.clients
        .iter_mut()
        .for_each(|c| on_windows_10(c, OutlookVersion::O2016));
    s
}

/// §1, §10: an Exchange 2013 mailbox behind an Exchange 2013 SP1 Client
/// Access server. No RPC/TCP path, so the array and its leak are moot;
/// nobody enabled MAPI/HTTP, which an organisation with Exchange 2013
/// leaves off (§10 parameter `org_mapi_default_2013`): RPC/HTTP.
pub fn exchange_2013() -> Scenario {
    let mut s = exchange_2013_behind_2010_cas();
    s.name = "MyCompany — Exchange 2013 mailbox".into();
    s.description = "The mailbox database runs Exchange 2013, served by CAS13 (Exchange 2013 SP1), \
                     while RpcClientAccessServer still names the (leaking) array. Outlook 2016 connects \
                     to the mailbox's GUID@mycompany.com over HTTPS and never tries RPC/TCP. Nobody \
                     enabled MAPI/HTTP, which an organisation with Exchange 2013 leaves off, so it is \
                     RPC/HTTP (Outlook Anywhere)."
        .into();
    let mut cas13 = cas(3, CAS13_IP);
    cas13.id = "cas-13".into();
    cas13.name = "CAS13".into();
    cas13.fqdn = "cas13.mycompany.internal".into();
    cas13.autodiscover_scp_url =
        "https://cas13.mycompany.internal/Autodiscover/Autodiscover.xml".into();
    cas13.certificate_names[0] = "cas13.mycompany.internal".into();
    // No RPC endpoint on 2013 (§1): its RPC ports are the default, unused.
    cas13.rpc_ports = RpcPorts::Dynamic;
    cas13.exchange_version = ExchangeVersion::V2013;
    // Exchange 2013 SP1, the first build to offer MAPI/HTTP (§10 version 3).
    cas13.build = "15.0.847.32".into();
    s.sites[0].cas_servers.push(cas13);
    internal_records(&mut s).push(a("rec-int-cas13", "cas13.mycompany.internal", CAS13_IP));
    // The HTTPS namespace moves to the 2013 server (§10 serve 1): the
    // internal pinpoint record and the published 443 point at it.
    for r in s
        .dns_views
        .iter_mut()
        .flat_map(|v| v.zones.iter_mut())
        .flat_map(|z| z.records.iter_mut())
        .filter(|r| r.id == "rec-int-mail")
    {
        r.data = RecordData::A {
            address: ip(CAS13_IP),
        };
    }
    for rule in s.perimeter.rules.iter_mut().filter(|r| r.id == "fw-https") {
        rule.translate_to = Some(ip(CAS13_IP));
    }
    s
}

/// The organisation's MAPI/HTTP on (`Set-OrganizationConfig
/// -MapiHttpEnabled $true`), and the clients it does not reach: Outlook
/// 2010 without its updates, a client with MapiHttpDisabled, a mailbox
/// set off (§10 protocol 3–4).
pub fn exchange_2013_mapi_http_on() -> Scenario {
    let mut s = exchange_2013();
    s.name = "MyCompany — Exchange 2013, MAPI/HTTP on".into();
    s.description = "The Exchange 2013 organisation with MAPI/HTTP turned on: Outlook 2016 connects over \
                     MAPI/HTTP. Outlook 2010 without SP2's updates (KB2956191, KB2965295) cannot, a \
                     desktop with MapiHttpDisabled = 1 does not, and a mailbox set off with \
                     Set-CASMailbox stays on RPC/HTTP."
        .into();
    s.mapi_http_enabled = Some(true);
    let mut old = client(
        "client-2010",
        "Outlook 2010 desktop",
        "net-hq",
        "view-internal",
        true,
    );
    old.mapi_http_updates = false;
    let mut disabled = client(
        "client-disabled",
        "Desktop with MapiHttpDisabled",
        "net-hq",
        "view-internal",
        true,
    );
    on_windows_10(&mut disabled, OutlookVersion::O2016);
    disabled.mapi_http_disabled = true;
    let mut mailbox_off = disabled.clone();
    mailbox_off.id = "client-mailbox-off".into();
    mailbox_off.name = "Mailbox set off".into();
    mailbox_off.mapi_http_disabled = false;
    mailbox_off.mailbox_mapi_http_enabled = Some(false);
    s.clients.extend([old, disabled, mailbox_off]);
    s
}

/// The seed's leak (C2) with today's Outlook: 2019, 2021 and Microsoft 365
/// still start with RPC/TCP against an Exchange 2010 mailbox (§10 version
/// 4), so the leak costs them the same wait.
pub fn seed_leaking_outlook_365() -> Scenario {
    let mut s = seed_leaking();
    s.name = "MyCompany — CAS array name leaks, Outlook 2019 to 365".into();
    s.description = "The seed's leak with Outlook 2019, 2021 and Microsoft 365 Apps on Windows 10 or 11. \
                     Against an Exchange 2010 mailbox they connect as Outlook 2010 does: RPC/TCP first \
                     on a fast link, so outside they wait out TCP 135 before RPC/HTTP (§10 version 4)."
        .into();
    let laptops = [
        (
            "client-external",
            "External laptop (Microsoft 365 Apps)",
            OutlookVersion::O365,
        ),
        (
            "client-external-2019",
            "External laptop (Outlook 2019)",
            OutlookVersion::O2019,
        ),
        (
            "client-external-2021",
            "External laptop (Outlook 2021)",
            OutlookVersion::O2021,
        ),
    ];
    s.clients.retain(|c| c.id != "client-external");
    s.clients
        .iter_mut()
        .for_each(|c| on_windows_10(c, OutlookVersion::O365));
    for (id, name, version) in laptops {
        let mut c = client(id, name, "net-internet", "view-internet", false);
        on_windows_10(&mut c, version);
        s.clients.push(c);
    }
    s
}

/// §10 ipv6 1–4: the seed's leak where the array name also has an AAAA
/// record in public DNS. A dual-stack Outlook outside tries the IPv6
/// address first (parameter `ipv6_first`), which the perimeter drops, then
/// the IPv4 one: two connect timeouts before RPC/HTTP. An IPv4-only laptop
/// pays one; inside, the AAAA address reaches the VIP as the A record does.
pub fn dual_stack_leak() -> Scenario {
    let mut s = seed_leaking();
    s.name = "MyCompany — CAS array name leaks with an AAAA record".into();
    s.description = "The seed's leak, with the array name also published as an IPv6 (AAAA) record in \
                     public DNS, and as one inside. Outside, the perimeter publishes no IPv6, so a \
                     dual-stack Windows 10 laptop loses a connect timeout on the IPv6 address and another \
                     on the IPv4 one before Outlook Anywhere; an IPv4-only laptop loses one. Inside, the \
                     IPv6 address reaches the load balancer as the IPv4 one does."
        .into();
    let aaaa = |id: &str, address: &str| DnsRecord {
        id: id.into(),
        name: ARRAY_FQDN.into(),
        data: RecordData::Aaaa {
            address: address.parse().expect("a literal IPv6 address"),
        },
    };
    internet_view(&mut s)
        .zones
        .iter_mut()
        .find(|z| z.id == "zone-ext-internal")
        .expect("the seed's leak zone")
        .records
        .push(aaaa("rec-ext-outlook-v6", "2001:db8:10::10"));
    internal_records(&mut s).push(aaaa("rec-int-outlook-v6", "fd00:10::100"));
    s.clients
        .iter_mut()
        .for_each(|c| on_windows_10(c, OutlookVersion::O365));
    let mut v4 = client(
        "client-external-v4",
        "External laptop (IPv4 only)",
        "net-internet",
        "view-internet",
        false,
    );
    on_windows_10(&mut v4, OutlookVersion::O365);
    v4.ip_stack = IpStack::Ipv4Only;
    s.clients.push(v4);
    s
}

/// A new Exchange 2019 organisation (§10 version 3): MAPI/HTTP on by
/// default, no RPC/TCP, no CAS array; Outlook Anywhere and MAPI/HTTP on the
/// servers' load-balanced name.
pub fn exchange_2019() -> Scenario {
    let mut s = seed_fixed();
    s.name = "MyCompany — Exchange 2019".into();
    s.description = "A new Exchange 2019 organisation: two servers behind a load balancer, no CAS array \
                     (2019 has no RPC Client Access namespace). MAPI/HTTP is on by default, so Microsoft \
                     365 Apps connect over MAPI/HTTP inside and out; an Outlook 2013 that never got SP1 \
                     is not MAPI/HTTP-capable and uses RPC/HTTP."
        .into();
    let site = &mut s.sites[0];
    for c in site.cas_servers.iter_mut() {
        c.exchange_version = ExchangeVersion::V2019;
        c.rpc_ports = RpcPorts::Dynamic;
    }
    site.mailbox_servers[0].rpc_ports = RpcPorts::Dynamic;
    // No RPC/TCP clients: the array goes, its VIP stays as the load
    // balancer for HTTPS behind mail.mycompany.com.
    site.arrays.clear();
    for db in site.databases.iter_mut() {
        db.exchange_version = ExchangeVersion::V2019;
        db.rpc_client_access_server = "cas01.mycompany.internal".into();
    }
    internal_records(&mut s).retain(|r| r.id != "rec-int-outlook");
    // Without an array the VIP is no server's: publish the first server.
    for r in s
        .dns_views
        .iter_mut()
        .flat_map(|v| v.zones.iter_mut())
        .flat_map(|z| z.records.iter_mut())
    {
        if let RecordData::A { address } = &mut r.data {
            if *address == ip(VIP) {
                *address = ip([10, 10, 10, 11]);
            }
        }
    }
    for rule in s.perimeter.rules.iter_mut() {
        rule.translate_to = Some(ip([10, 10, 10, 11]));
    }
    s.clients
        .iter_mut()
        .for_each(|c| on_windows_10(c, OutlookVersion::O365));
    let mut rtm = client(
        "client-2013-rtm",
        "Outlook 2013 without SP1",
        "net-hq",
        "view-internal",
        true,
    );
    rtm.outlook_version = OutlookVersion::O2013;
    rtm.mapi_http_updates = false;
    s.clients.push(rtm);
    s
}

/// The records of the seed's internal zone `mycompany.internal`.
fn internal_records(s: &mut Scenario) -> &mut List<DnsRecord> {
    &mut s
        .dns_views
        .iter_mut()
        .find(|v| v.id == "view-internal")
        .expect("seed has an internal view")
        .zones
        .iter_mut()
        .find(|z| z.id == "zone-int-internal")
        .expect("seed has its internal zone")
        .records
}

/// C11 / §8 step 4: every A record costs a full connect timeout.
pub fn multiple_a_records() -> Scenario {
    let mut s = seed_leaking();
    s.name = "MyCompany — leak with two A records".into();
    s.description = "The leaked array name has two external A records; Outlook tries each before \
                     falling back, doubling the wait."
        .into();
    let zone = internet_view(&mut s)
        .zones
        .iter_mut()
        .find(|z| z.id == "zone-ext-internal")
        .unwrap();
    zone.records
        .push(a("rec-ext-outlook-2", ARRAY_FQDN, [203, 0, 113, 11]));
    s
}

/// §5 leak 3: a hotel resolver answers every missing name with its own address.
pub fn hotel_nxdomain() -> Scenario {
    let mut s = seed_fixed();
    s.name = "MyCompany — hotel NXDOMAIN redirection".into();
    s.description = "The DNS is correct, but a laptop in a hotel uses a resolver that redirects \
                     NXDOMAIN to its own web server, so even the internal-only array name gets an \
                     address and Outlook waits for TCP 135."
        .into();
    s.dns_views.push(DnsView {
        forwards_to: Some("view-internet".into()),
        nxdomain_redirect: Some(ip([198, 51, 100, 53])),
        ..DnsView::new("view-hotel", "Hotel resolver", Audience::External, vec![])
    });
    let mut hotel = client(
        "client-hotel",
        "Hotel laptop",
        "net-internet",
        "view-hotel",
        false,
    );
    hotel.os_timing = "os-win10".into();
    hotel.outlook_version = OutlookVersion::O2013;
    s.clients.push(hotel);
    s
}

/// §8 failure branch: 135 forwarded, RPC ports not.
pub fn lb_missing_rpc_ports() -> Scenario {
    let mut s = seed_fixed();
    s.name = "MyCompany — load balancer misses the RPC ports".into();
    s.description =
        "The VIP forwards 135 and 443 but not the static RPC ports 59531/59532: internal \
                     Outlook reaches the endpoint mapper, then waits for a port that never answers \
                     before falling back to HTTPS."
            .into();
    if let Some(lb) = &mut s.sites[0].arrays[0].load_balancer {
        lb.forwarded_ports = vec![PortRange::single(EPM_PORT), PortRange::single(HTTPS_PORT)];
    }
    s
}

/// C7 (§6 step 7, cost 2): the AD domain is the SMTP domain, so inside DNS
/// answers the root domain with the domain controllers' addresses, which
/// drop 443. A workstation on the LAN that is not domain-joined (no SCP)
/// waits a connect timeout per address before autodiscover.mycompany.com.
pub fn autodiscover_root_domain_dcs() -> Scenario {
    let mut s = seed_fixed();
    s.name = "MyCompany — Autodiscover root domain on the DCs (C7)".into();
    s.description = "The AD domain is mycompany.com, the SMTP domain: internal DNS answers the \
                     root domain with the two domain controllers, which drop HTTPS. A PC on the \
                     LAN that is not in the domain tries https://mycompany.com first and waits \
                     about 20 s per address (C7) before autodiscover.mycompany.com answers."
        .into();
    let internal = s
        .dns_views
        .iter_mut()
        .find(|v| v.id == "view-internal")
        .expect("seed has an internal view");
    internal.zones.push(DnsZone {
        id: "zone-int-ad".into(),
        name: "mycompany.com".into(),
        records: vec![
            a("rec-int-dc1", "mycompany.com", [10, 10, 10, 5]),
            a("rec-int-dc2", "mycompany.com", [10, 10, 10, 6]),
            a("rec-int-ad-mail", "mail.mycompany.com", VIP),
            a("rec-int-autodiscover", "autodiscover.mycompany.com", VIP),
        ]
        .into(),
    });
    // The AD zone holds mail.mycompany.com now: the pinpoint zone goes.
    internal.zones.retain(|z| z.id != "zone-int-pinpoint");
    let mut pc = client(
        "client-workgroup",
        "Workgroup PC on the LAN",
        "net-hq",
        "view-internal",
        false,
    );
    pc.os_timing = "os-win10".into();
    pc.outlook_version = OutlookVersion::O2016;
    s.clients.push(pc);
    s
}

/// C8 as C16 reports it (§6 https 3): the root domain points at the DNS
/// host's web server, which answers HTTPS with its own certificate. C8 does
/// not say what that address does on 443; this example takes C16's answer
/// (a certificate for other names), so every run raises the prompt.
pub fn autodiscover_web_host() -> Scenario {
    let mut s = seed_fixed();
    s.name = "MyCompany — root domain on a web host (C8, C16)".into();
    s.description = "mycompany.com resolves to the DNS hosting company's web server, which \
                     answers HTTPS with a certificate for its own names. Outlook outside asks the \
                     user whether to proceed at every Autodiscover run, then finds no Autodiscover \
                     there and goes on to autodiscover.mycompany.com. (C8 does not say what the \
                     host does on 443; the certificate is C16's observation.)"
        .into();
    let web = [198, 51, 100, 80];
    internet_view(&mut s).zones[0]
        .records
        .push(a("rec-ext-apex", "mycompany.com", web));
    s.autodiscover.web_hosts.push(WebHost {
        id: "web-dnshost".into(),
        name: "DNS host's web server".into(),
        ip: ip(web),
        answers: WebAnswer::Answers,
        answers_http: WebAnswer::Answers,
        certificate_names: vec!["*.dnshost.example".into(), "dnshost.example".into()],
        redirect_to: String::new(),
    });
    s
}

/// C9 (§6 step 10, https 4, run 5): Outlook 2007 on a PC outside the
/// domain. The root domain's web host and the Autodiscover name's redirect
/// service drop HTTPS, so two connect timeouts pass before the HTTP
/// redirect, whose prompt comes at each start.
pub fn autodiscover_http_redirect() -> Scenario {
    let mut s = seed_fixed();
    s.name = "MyCompany — Outlook 2007 and the redirect prompt (C9)".into();
    s.description = "Outlook 2007 on a home PC outside the domain. https://mycompany.com and \
                     https://autodiscover.mycompany.com drop; http://autodiscover.mycompany.com \
                     redirects to mail.mycompany.com, and Outlook asks whether to allow it. About \
                     a minute passes at each start (C9). RedirectServers removes the prompt."
        .into();
    let (web, redirector) = ([198, 51, 100, 80], [198, 51, 100, 81]);
    let zone = &mut internet_view(&mut s).zones[0];
    zone.records.push(a("rec-ext-apex", "mycompany.com", web));
    for r in zone.records.iter_mut() {
        if r.id == "rec-ext-autodiscover" {
            r.data = RecordData::A {
                address: ip(redirector),
            };
        }
    }
    s.autodiscover.web_hosts.push(WebHost {
        id: "web-site".into(),
        name: "Company web site".into(),
        ip: ip(web),
        answers: WebAnswer::Drops,
        answers_http: WebAnswer::Answers,
        certificate_names: vec!["www.mycompany.com".into()],
        redirect_to: String::new(),
    });
    s.autodiscover.web_hosts.push(WebHost {
        id: "web-redirect".into(),
        name: "Autodiscover redirect service".into(),
        ip: ip(redirector),
        answers: WebAnswer::Drops,
        answers_http: WebAnswer::Answers,
        certificate_names: Vec::new(),
        redirect_to: format!("https://mail.mycompany.com{AUTODISCOVER_PATH}"),
    });
    let mut home = client(
        "client-home-2007",
        "Home PC, Outlook 2007",
        "net-internet",
        "view-internet",
        false,
    );
    home.outlook_version = OutlookVersion::O2007;
    home.os_timing = "os-xp".into();
    s.clients = vec![home].into();
    s
}

/// §6 scp 4–7: a branch site's CAS publishes an SCP URL scoped to the
/// branch, but its name is missing from internal DNS. Branch clients try it
/// first (priority 1), wait for the name, then fall to HQ's URLs.
pub fn autodiscover_scp_site_scope() -> Scenario {
    let mut s = seed_fixed();
    s.name = "MyCompany — branch SCP URL unresolvable (§6 scp 4–7)".into();
    s.description = "HQ's CAS servers scope their SCP URLs to HQ; the branch's CAS03 scopes its \
                     own to Branch, but cas03.mycompany.internal has no record in internal DNS. A \
                     branch desktop ranks CAS03's URL first, fails to resolve it, then uses HQ's \
                     (out of its site, priority 3)."
        .into();
    for c in s.sites[0].cas_servers.iter_mut() {
        c.autodiscover_site_scope = vec!["HQ".into()];
    }
    let mut cas03 = cas(3, [10, 20, 10, 11]);
    cas03.autodiscover_site_scope = vec!["Branch".into()];
    cas03.outlook_anywhere.enabled = false;
    s.sites.push(Site {
        id: "site-branch".into(),
        name: "Branch".into(),
        cas_servers: vec![cas03].into(),
        ..Site::default()
    });
    s.network_zones.push(NetworkZone {
        id: "net-branch".into(),
        name: "Branch LAN".into(),
        kind: ZoneKind::Site {
            site: "site-branch".into(),
        },
        rtt_ms: None,
    });
    s.clients.push(client(
        "client-branch",
        "Branch desktop",
        "net-branch",
        "view-internal",
        true,
    ));
    s
}

/// A 2010 organisation ready for a migration (§11): the seed with Outlook
/// 2016 on Windows 10 inside and out, a second outside user, a reception PC
/// whose Outlook 2010 profile is RPC/TCP-only, its servers at SP3 RU11 on
/// Windows Server 2008 R2 with KB3140410.
fn seed_to_migrate() -> Scenario {
    let mut s = seed_fixed();
    for c in s.sites[0].cas_servers.iter_mut() {
        c.build = "14.3.266.2".into();
        c.windows = WindowsServer::W2008R2;
        c.kb3140410 = true;
    }
    s.clients
        .iter_mut()
        .for_each(|c| on_windows_10(c, OutlookVersion::O2016));
    let mut sales = client(
        "client-sales",
        "Sales laptop",
        "net-internet",
        "view-internet",
        false,
    );
    on_windows_10(&mut sales, OutlookVersion::O2016);
    let mut reception = client(
        "client-reception",
        "Reception PC",
        "net-hq",
        "view-internal",
        true,
    );
    reception.outlook_anywhere = false;
    s.clients.push(sales);
    s.clients.push(reception);
    s
}

/// §11 coexist 5, the mistake: Outlook Anywhere on 2010 with Basic for the
/// clients and nothing else in IIS (what `Enable-OutlookAnywhere
/// -ClientAuthenticationMethod Basic` leaves), and a plan that moves the
/// names to 2016 without adding NTLM: the external 2010 users get prompts
/// from "Namespaces moved" until their mailboxes move.
pub fn coexistence_2010_2016() -> Scenario {
    let mut s = seed_to_migrate();
    s.name = "MyCompany — migration 2010 → 2016 (NTLM forgotten)".into();
    s.description = "The seed organisation moving to Exchange 2016 in five steps. Outlook Anywhere on the \
                     2010 servers lets Basic in and nothing else, and the plan never adds NTLM: once the \
                     HTTPS names point at the 2016 server, it proxies the external 2010 users down with \
                     NTLM, which 2010 refuses, and they get credential prompts that never end."
        .into();
    for c in s.sites[0].cas_servers.iter_mut() {
        c.outlook_anywhere.auth = OaAuth::Basic;
    }
    s.migration = crate::advisor::draft(
        &s,
        &crate::advisor::Draft {
            ntlm: false,
            ..crate::advisor::Draft::to(ExchangeVersion::V2016)
        },
    )
    .expect("the seed has a 2010 site to move");
    s
}

/// §11 coexist 3, the ambiguous URL: the array is named like Outlook
/// Anywhere (mail.mycompany.com), and the plan moves that name to 2019
/// without giving the array an internal-only name first: the inside 2010
/// users lose RPC/TCP (the name now reaches a server without it).
pub fn coexistence_2010_2019() -> Scenario {
    let mut s = seed_to_migrate();
    s.name = "MyCompany — migration 2010 → 2019 (array named like Outlook Anywhere)".into();
    s.description = "The seed organisation with its array named mail.mycompany.com, the Outlook Anywhere \
                     name, moving to Exchange 2019. The shared name leaks RPC to the Internet from the start, \
                     and the plan moves it to the 2019 server without a new internal-only array name: inside, \
                     2010 users' RPC/TCP meets a server without it and falls back to HTTPS (the reception PC \
                     only because the plan first gives its RPC/TCP-only profile Outlook Anywhere)."
        .into();
    let site = &mut s.sites[0];
    site.arrays[0].fqdn = "mail.mycompany.com".into();
    for db in site.databases.iter_mut() {
        db.rpc_client_access_server = "mail.mycompany.com".into();
    }
    internal_records(&mut s).retain(|r| r.id != "rec-int-outlook");
    s.migration = crate::advisor::draft(
        &s,
        &crate::advisor::Draft {
            array_name: false,
            ..crate::advisor::Draft::to(ExchangeVersion::V2019)
        },
    )
    .expect("the seed has a 2010 site to move");
    s
}
