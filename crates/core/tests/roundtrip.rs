//! Export → import gives the identical scenario, over generated scenarios:
//! random sites, servers, arrays, databases, DNS views, zones and records,
//! network zones, perimeter rules, timing presets and clients, with
//! consistent references (so they pass `validate`) and arbitrary Unicode
//! names, including HTML and script, control characters and quotes.
//!
//! `file::load(file::save(s)) == s`, and `share::decode(share::encode(s)) == s`
//! whenever the design fits in a link.

use cas_planner_core::model::*;
use cas_planner_core::validate::validate;
use cas_planner_core::{file, rules, share, Scenario};
use proptest::prelude::*;
use proptest::sample::Index;
use std::net::Ipv4Addr;

const HOSTILE: &[&str] = &[
    "<img src=x onerror=\"window.__pwned=1\">",
    "<script>window.__pwned=1</script>",
    "\"quoted\" & 'single' </textarea>",
    "\u{202e}right-to-left\u{202c}",
    "{\"format\":\"cas-planner/scenario\"}",
    "\\u0000 \\n not escapes",
    "",
    " ",
];

/// Free text: anything a user can type or paste, HTML included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "\\PC{0,24}",
        2 => prop::sample::select(HOSTILE).prop_map(String::from),
        1 => ("\\PC{0,6}", prop::sample::select(HOSTILE), "\\PC{0,6}").prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

/// A name `validate` accepts as a DNS name.
fn dns_name() -> impl Strategy<Value = String> {
    let label = "[A-Za-z0-9]([A-Za-z0-9_-]{0,10}[A-Za-z0-9])?";
    prop::collection::vec(label, 1..5).prop_map(|labels| labels.join("."))
}

fn ip() -> impl Strategy<Value = Ipv4Addr> {
    any::<[u8; 4]>().prop_map(Ipv4Addr::from)
}

/// Any value within a field's bounds (the one home of them, `rules`).
fn bounded<N>(b: rules::Bounds<N>) -> std::ops::RangeInclusive<N>
where
    std::ops::RangeInclusive<N>: Strategy<Value = N>,
{
    b.min..=b.max
}

/// A non-empty range starting at 1 or above.
fn port_range() -> impl Strategy<Value = PortRange> {
    (1u16.., any::<u16>()).prop_map(|(a, b)| PortRange {
        from: a.min(b.max(1)),
        to: a.max(b),
    })
}

fn rpc_ports() -> impl Strategy<Value = RpcPorts> {
    prop_oneof![
        Just(RpcPorts::Dynamic),
        (1u16.., 1u16..).prop_map(|(rpc_client_access, address_book)| RpcPorts::Static {
            rpc_client_access,
            address_book
        }),
    ]
}

fn action() -> impl Strategy<Value = PerimeterAction> {
    prop::sample::select(vec![
        PerimeterAction::Allow,
        PerimeterAction::Drop,
        PerimeterAction::RejectRst,
        PerimeterAction::IcmpUnreachable,
    ])
}

fn outlook_anywhere() -> impl Strategy<Value = OutlookAnywhere> {
    let auth = prop::sample::select(vec![OaAuth::Basic, OaAuth::Ntlm, OaAuth::Negotiate]);
    (
        any::<bool>(),
        dns_name(),
        text(),
        prop::option::of(dns_name()),
        auth,
        any::<bool>(),
        prop::collection::vec(
            prop::sample::select(<OaAuth as strum::VariantArray>::VARIANTS),
            0..3,
        ),
    )
        .prop_map(
            |(enabled, ext, free, internal, auth, server_exclusive_connect, iis_auth)| {
                OutlookAnywhere {
                    enabled,
                    // Only checked when enabled: otherwise any text is kept as typed.
                    external_hostname: if enabled { ext } else { free },
                    internal_hostname: internal.unwrap_or_default(),
                    auth,
                    server_exclusive_connect,
                    iis_auth,
                }
            },
        )
}

/// An Autodiscover URL (§6), or an empty string.
fn url_or_empty() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (any::<bool>(), dns_name(), prop::option::of(1u16..)).prop_map(|(https, host, port)| {
            let scheme = if https { "https" } else { "http" };
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            format!("{scheme}://{host}{port}/Autodiscover/Autodiscover.xml")
        }),
    ]
}

/// A certificate's names: DNS names, some wildcards.
fn certificate_names() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![3 => dns_name(), 1 => dns_name().prop_map(|n| format!("*.{n}"))],
        0..4,
    )
}

fn cas_server() -> impl Strategy<Value = CasServer> {
    (
        text(),
        dns_name(),
        ip(),
        rpc_ports(),
        outlook_anywhere(),
        url_or_empty(),
        prop::collection::vec("[A-Za-z][A-Za-z0-9 -]{0,20}", 0..3),
        certificate_names(),
        version_and_build(),
        prop::sample::select(<WindowsServer as strum::VariantArray>::VARIANTS),
        any::<bool>(),
    )
        .prop_map(
            |(
                name,
                fqdn,
                ip,
                rpc_ports,
                outlook_anywhere,
                autodiscover_scp_url,
                autodiscover_site_scope,
                certificate_names,
                (exchange_version, build),
                windows,
                kb3140410,
            )| CasServer {
                id: String::new(),
                name,
                fqdn,
                ip,
                rpc_ports,
                outlook_anywhere,
                autodiscover_scp_url,
                autodiscover_site_scope,
                certificate_names,
                exchange_version,
                build,
                windows,
                kb3140410,
            },
        )
}

/// An Exchange version and a build its field rule accepts: none, or four
/// numbers starting with the version's own (§10 version 3).
fn version_and_build() -> impl Strategy<Value = (ExchangeVersion, String)> {
    (
        prop::sample::select(<ExchangeVersion as strum::VariantArray>::VARIANTS),
        prop::option::of((0u32..5, 0u32..3000, 0u32..100)),
    )
        .prop_map(|(v, b)| {
            let build = b.map_or(String::new(), |(minor, build, rev)| {
                match v.build_prefix() {
                    (major, Some(m)) => format!("{major}.{m:02}.{build:04}.{rev:03}"),
                    (major, None) => format!("{major}.{minor}.{build}.{rev}"),
                }
            });
            (v, build)
        })
}

fn web_host() -> impl Strategy<Value = WebHost> {
    (
        "\\PC{1,20}",
        ip(),
        prop::sample::select(<WebAnswer as strum::VariantArray>::VARIANTS),
        prop::sample::select(<WebAnswer as strum::VariantArray>::VARIANTS),
        certificate_names(),
        url_or_empty(),
    )
        .prop_map(
            |(name, ip, answers, answers_http, certificate_names, redirect_to)| WebHost {
                id: String::new(),
                name,
                ip,
                answers,
                answers_http,
                certificate_names,
                redirect_to,
            },
        )
}

/// A client's Autodiscover switches (§6 switch 1–4).
#[allow(clippy::type_complexity)]
fn switches() -> impl Strategy<
    Value = (
        Vec<Method>,
        bool,
        Option<String>,
        Vec<String>,
        Option<String>,
        Office365,
    ),
> {
    (
        prop::sample::subsequence(Method::excludable().collect::<Vec<_>>(), 0..4),
        any::<bool>(),
        prop::option::of(text()),
        prop::collection::vec(dns_name(), 0..3),
        prop::option::of(url_or_empty().prop_filter("a URL", |u| !u.is_empty())),
        prop::sample::select(<Office365 as strum::VariantArray>::VARIANTS),
    )
        .prop_map(|(ex, prefer, xml, redirect, cached, o365)| {
            (ex, prefer, xml, redirect, cached, o365)
        })
}

/// An array and the indices of its members among all CAS servers.
fn array() -> impl Strategy<Value = (CasArray, Vec<Index>)> {
    let lb = (ip(), prop::collection::vec(port_range(), 0..4), action()).prop_map(
        |(vip, forwarded_ports, unforwarded)| LoadBalancer {
            vip,
            forwarded_ports,
            unforwarded,
        },
    );
    (
        "\\PC{0,64}",
        dns_name(),
        prop::option::of(lb),
        prop::collection::vec(any::<Index>(), 0..4),
    )
        .prop_map(|(name, fqdn, load_balancer, members)| {
            (
                CasArray {
                    id: String::new(),
                    name,
                    fqdn,
                    members: vec![],
                    load_balancer,
                },
                members,
            )
        })
}

fn mailbox_server() -> impl Strategy<Value = MailboxServer> {
    (text(), dns_name(), ip(), rpc_ports()).prop_map(|(name, fqdn, ip, rpc_ports)| MailboxServer {
        id: String::new(),
        name,
        fqdn,
        ip,
        rpc_ports,
    })
}

/// A database, its server's index and perhaps its public-folder database's.
fn database() -> impl Strategy<Value = (MailboxDatabase, Index, Option<Index>)> {
    let version = prop::sample::select(vec![
        ExchangeVersion::V2010,
        ExchangeVersion::V2013,
        ExchangeVersion::V2016,
    ]);
    (
        text(),
        prop::option::of(dns_name()),
        version,
        any::<Index>(),
        prop::option::of(any::<Index>()),
    )
        .prop_map(|(name, rcas, exchange_version, server, pf)| {
            let db = MailboxDatabase {
                id: String::new(),
                name,
                server: String::new(),
                rpc_client_access_server: rcas.unwrap_or_default(),
                exchange_version,
                public_folder_database: None,
            };
            (db, server, pf)
        })
}

#[derive(Debug, Clone)]
struct RawSite {
    name: String,
    cas: Vec<CasServer>,
    arrays: Vec<(CasArray, Vec<Index>)>,
    mailbox: Vec<MailboxServer>,
    databases: Vec<(MailboxDatabase, Index, Option<Index>)>,
    pf: Vec<(String, Index)>,
}

fn site() -> impl Strategy<Value = RawSite> {
    (
        text(),
        prop::collection::vec(cas_server(), 0..4),
        prop::collection::vec(array(), 0..3),
        prop::collection::vec(mailbox_server(), 0..3),
        prop::collection::vec(database(), 0..3),
        prop::collection::vec((text(), any::<Index>()), 0..2),
    )
        .prop_map(|(name, cas, arrays, mailbox, databases, pf)| RawSite {
            name,
            cas,
            arrays,
            mailbox,
            databases,
            pf,
        })
}

/// A record's place in its zone (a name below the apex, or the apex itself;
/// a wildcard when the flag is set) and its data.
type RawRecord = (Option<String>, bool, RecordData);

/// A record inside the zone `apex`: at the apex, below it, or a wildcard.
fn record() -> impl Strategy<Value = RawRecord> {
    let data = prop_oneof![
        ip().prop_map(|address| RecordData::A { address }),
        any::<[u16; 8]>().prop_map(|a| RecordData::Aaaa {
            address: std::net::Ipv6Addr::from(a)
        }),
        dns_name().prop_map(|target| RecordData::Cname { target }),
        (
            dns_name(),
            bounded(rules::TCP_PORT),
            any::<u16>(),
            any::<u16>()
        )
            .prop_map(|(target, port, priority, weight)| RecordData::Srv {
                target,
                port,
                priority,
                weight
            }),
        // Printable text with the characters zone files escape (" and \) and non-ASCII.
        "[ -~é\"\\\\]{0,40}".prop_map(|text| RecordData::Txt { text }),
    ];
    (prop::option::of(dns_name()), any::<bool>(), data)
}

#[derive(Debug, Clone)]
struct RawView {
    name: String,
    zones: Vec<(String, Vec<RawRecord>)>,
    forwards_to: Option<Index>,
    nxdomain_redirect: Option<Ipv4Addr>,
    responds: bool,
    audience: Audience,
}

fn view() -> impl Strategy<Value = RawView> {
    (
        text(),
        prop::collection::vec((dns_name(), prop::collection::vec(record(), 0..4)), 0..3),
        prop::option::of(any::<Index>()),
        prop::option::of(ip()),
        any::<bool>(),
        prop::sample::select(Audience::ALL.to_vec()),
    )
        .prop_map(
            |(name, zones, forwards_to, nxdomain_redirect, responds, audience)| RawView {
                name,
                zones,
                forwards_to,
                nxdomain_redirect,
                responds,
                audience,
            },
        )
}

/// A network zone: 0 site, 1 VPN, 2 Internet, with a site index.
fn network_zone() -> impl Strategy<Value = (String, u8, Index, Option<u32>)> {
    (
        text(),
        0u8..3,
        any::<Index>(),
        prop::option::of(bounded(rules::RTT_MS)),
    )
}

fn rule() -> impl Strategy<Value = PerimeterRule> {
    (
        "\\PC{0,16}",
        ip(),
        port_range(),
        action(),
        prop::option::of(ip()),
    )
        .prop_map(
            |(name, destination, ports, action, translate_to)| PerimeterRule {
                id: String::new(),
                name,
                destination,
                ports,
                action,
                translate_to,
            },
        )
}

fn preset() -> impl Strategy<Value = OsTimingPreset> {
    (
        text(),
        bounded(rules::INITIAL_RTO_MS),
        bounded(rules::SYN_RETRANSMISSIONS),
        prop::option::of(bounded(rules::CONNECT_CEILING_MS)),
        bounded(rules::RST_FAIL_MS),
        any::<bool>(),
    )
        .prop_map(
            |(
                name,
                initial_rto_ms,
                max_syn_retransmissions,
                connect_ceiling_ms,
                rst_fail_ms,
                icmp_aborts_connect,
            )| OsTimingPreset {
                id: String::new(),
                name,
                initial_rto_ms,
                max_syn_retransmissions,
                connect_ceiling_ms,
                rst_fail_ms,
                icmp_aborts_connect,
            },
        )
}

/// A client and the indices of its zone, view, database and preset.
fn client() -> impl Strategy<Value = (Client, [Index; 4])> {
    let version = prop::sample::select(<OutlookVersion as strum::VariantArray>::VARIANTS);
    let mapi = (
        any::<[bool; 2]>(),
        prop::option::of(any::<bool>()),
        prop::sample::select(<IpStack as strum::VariantArray>::VARIANTS),
    );
    (
        text(),
        version,
        any::<[bool; 4]>(),
        bounded(rules::LINK_KBPS),
        1u8..=2,
        bounded(rules::OA_SETUP_MS),
        (1u32..1_000_000, 0u32..=1_440),
        any::<[Index; 4]>(),
        switches(),
        mapi,
    )
        .prop_map(
            |(
                name,
                outlook_version,
                flags,
                link_kbps,
                rpc_bind_attempts,
                oa_setup_ms,
                (users, connects_per_day),
                refs,
                (
                    autodiscover_exclude,
                    prefer_local_xml,
                    local_xml,
                    redirect_servers,
                    cached_autodiscover_url,
                    office365,
                ),
                (mapi_flags, mailbox_mapi_http_enabled, ip_stack),
            )| {
                let c = Client {
                    id: String::new(),
                    name,
                    location: String::new(),
                    dns_view: String::new(),
                    mailbox_database: String::new(),
                    os_timing: String::new(),
                    outlook_version,
                    outlook_anywhere: flags[0],
                    http_first_on_fast: flags[1],
                    http_first_on_slow: flags[2],
                    link_kbps,
                    domain_joined: flags[3],
                    rpc_bind_attempts,
                    oa_setup_ms,
                    users,
                    connects_per_day,
                    ad_site: None,
                    autodiscover_exclude,
                    prefer_local_xml,
                    local_xml,
                    redirect_servers,
                    cached_autodiscover_url,
                    office365,
                    mapi_http_updates: mapi_flags[0],
                    mapi_http_disabled: mapi_flags[1],
                    mailbox_mapi_http_enabled,
                    ip_stack,
                };
                (c, refs)
            },
        )
}

#[derive(Debug, Clone)]
struct Raw {
    header: [String; 3],
    /// Mixed into every id, so ids carry arbitrary Unicode too.
    id_flavours: Vec<String>,
    sites: Vec<RawSite>,
    autodiscover: (String, Vec<String>),
    web_hosts: Vec<WebHost>,
    views: Vec<RawView>,
    zones: Vec<(String, u8, Index, Option<u32>)>,
    rules: Vec<PerimeterRule>,
    default_action: (PerimeterAction, bool),
    presets: Vec<OsTimingPreset>,
    clients: Vec<(Client, [Index; 4])>,
}

fn raw() -> impl Strategy<Value = Raw> {
    (
        [text(), text(), text()],
        prop::collection::vec("\\PC{0,5}", 1..4),
        prop::collection::vec(site(), 0..3),
        (text(), prop::collection::vec(text(), 0..3)),
        prop::collection::vec(view(), 0..3),
        prop::collection::vec(network_zone(), 0..4),
        prop::collection::vec(rule(), 0..3),
        (action(), any::<bool>()),
        prop::collection::vec(preset(), 0..3),
        prop::collection::vec(client(), 0..5),
        prop::collection::vec(web_host(), 0..3),
    )
        .prop_map(
            |(
                header,
                id_flavours,
                sites,
                autodiscover,
                views,
                zones,
                rules,
                default_action,
                presets,
                clients,
                web_hosts,
            )| Raw {
                header,
                id_flavours,
                sites,
                autodiscover,
                views,
                zones,
                rules,
                default_action,
                presets,
                clients,
                web_hosts,
            },
        )
}

/// Unique ids: a kind prefix, a counter, then arbitrary text (`kind-N-…` never
/// collides because N ends at the second hyphen).
struct Ids<'a> {
    n: usize,
    flavours: &'a [String],
}

impl Ids<'_> {
    fn next(&mut self, kind: &str) -> String {
        self.n += 1;
        format!(
            "{kind}-{}-{}",
            self.n,
            self.flavours[self.n % self.flavours.len()]
        )
    }
}

fn pick(ids: &[String], i: &Index) -> Option<String> {
    (!ids.is_empty()).then(|| ids[i.index(ids.len())].clone())
}

/// Builds a scenario whose references all resolve; objects whose targets do
/// not exist (a database with no mailbox server anywhere) are left out.
fn build(raw: &Raw) -> Scenario {
    let mut ids = Ids {
        n: 0,
        flavours: &raw.id_flavours,
    };
    // Pass 1: ids of every referable object.
    let site_ids: Vec<String> = raw.sites.iter().map(|_| ids.next("site")).collect();
    let cas_ids: Vec<Vec<String>> = raw
        .sites
        .iter()
        .map(|s| s.cas.iter().map(|_| ids.next("cas")).collect())
        .collect();
    let mbx_ids: Vec<Vec<String>> = raw
        .sites
        .iter()
        .map(|s| s.mailbox.iter().map(|_| ids.next("mbx")).collect())
        .collect();
    let pf_ids: Vec<Vec<String>> = raw
        .sites
        .iter()
        .map(|s| s.pf.iter().map(|_| ids.next("pf")).collect())
        .collect();
    let all_cas: Vec<String> = cas_ids.concat();
    let all_mbx: Vec<String> = mbx_ids.concat();
    let all_pf: Vec<String> = pf_ids.concat();
    let view_ids: Vec<String> = raw.views.iter().map(|_| ids.next("view")).collect();

    let mut s = Scenario {
        name: raw.header[0].clone(),
        description: raw.header[1].clone(),
        organisation: raw.header[2].clone(),
        mapi_http_enabled: [None, Some(true), Some(false)][raw.header[2].len() % 3],
        autodiscover: Autodiscover {
            smtp_domain: raw.autodiscover.0.clone(),
            dns_names: raw.autodiscover.1.clone(),
            web_hosts: raw
                .web_hosts
                .iter()
                .map(|h| WebHost {
                    id: ids.next("web"),
                    ..h.clone()
                })
                .collect::<Vec<_>>()
                .into(),
            scp_pointers: Vec::new().into(),
        },
        perimeter: Perimeter {
            rules: vec![].into(),
            default_action: raw.default_action.0,
            hairpin_nat: raw.default_action.1,
        },
        ..Scenario::default()
    };
    let mut all_db = Vec::new();
    for (i, rs) in raw.sites.iter().enumerate() {
        let mut site = Site {
            id: site_ids[i].clone(),
            name: rs.name.clone(),
            ..Site::default()
        };
        for (j, c) in rs.cas.iter().enumerate() {
            site.cas_servers.push(CasServer {
                id: cas_ids[i][j].clone(),
                ..c.clone()
            });
        }
        for (a, members) in &rs.arrays {
            let members = members.iter().filter_map(|m| pick(&all_cas, m)).collect();
            site.arrays.push(CasArray {
                id: ids.next("array"),
                members,
                ..a.clone()
            });
        }
        for (j, m) in rs.mailbox.iter().enumerate() {
            site.mailbox_servers.push(MailboxServer {
                id: mbx_ids[i][j].clone(),
                ..m.clone()
            });
        }
        for (d, server, pf) in &rs.databases {
            let Some(server) = pick(&all_mbx, server) else {
                continue;
            };
            let public_folder_database = pf.as_ref().and_then(|p| pick(&all_pf, p));
            let id = ids.next("db");
            all_db.push(id.clone());
            site.databases.push(MailboxDatabase {
                id,
                server,
                public_folder_database,
                ..d.clone()
            });
        }
        for (j, (name, server)) in rs.pf.iter().enumerate() {
            // Without any mailbox server there are no databases either, so
            // nothing refers to a PF database dropped here.
            let Some(server) = pick(&all_mbx, server) else {
                continue;
            };
            site.public_folder_databases.push(PublicFolderDatabase {
                id: pf_ids[i][j].clone(),
                name: name.clone(),
                server,
            });
        }
        s.sites.push(site);
    }
    for (i, rv) in raw.views.iter().enumerate() {
        let mut zones = Vec::new();
        for (apex, records) in &rv.zones {
            let mut zone = DnsZone {
                id: ids.next("zone"),
                name: apex.clone(),
                records: vec![].into(),
            };
            for (below, wildcard, data) in records {
                let name = match (below, wildcard) {
                    (_, true) => format!("*.{apex}"),
                    (Some(b), false) => format!("{b}.{apex}"),
                    (None, false) => apex.clone(),
                };
                zone.records.push(DnsRecord {
                    id: ids.next("rec"),
                    name,
                    data: data.clone(),
                });
            }
            zones.push(zone);
        }
        s.dns_views.push(DnsView {
            id: view_ids[i].clone(),
            name: rv.name.clone(),
            zones: zones.into(),
            forwards_to: rv.forwards_to.as_ref().and_then(|f| pick(&view_ids, f)),
            nxdomain_redirect: rv.nxdomain_redirect,
            responds: rv.responds,
            audience: rv.audience,
        });
    }
    for (name, kind, site, rtt_ms) in &raw.zones {
        let kind = match (kind, pick(&site_ids, site)) {
            (0, Some(site)) => ZoneKind::Site { site },
            (1, Some(site)) => ZoneKind::Vpn { site },
            _ => ZoneKind::Internet,
        };
        s.network_zones.push(NetworkZone {
            id: ids.next("nz"),
            name: name.clone(),
            kind,
            rtt_ms: *rtt_ms,
        });
    }
    for r in &raw.rules {
        s.perimeter.rules.push(PerimeterRule {
            id: ids.next("fw"),
            ..r.clone()
        });
    }
    for p in &raw.presets {
        s.timing_presets.push(OsTimingPreset {
            id: ids.next("os"),
            ..p.clone()
        });
    }
    let zone_ids: Vec<String> = s.network_zones.iter().map(|z| z.id.clone()).collect();
    let preset_ids: Vec<String> = s.timing_presets.iter().map(|p| p.id.clone()).collect();
    for (c, [zone, view, db, os]) in &raw.clients {
        let (Some(location), Some(dns_view), Some(mailbox_database), Some(os_timing)) = (
            pick(&zone_ids, zone),
            pick(&view_ids, view),
            pick(&all_db, db),
            pick(&preset_ids, os),
        ) else {
            continue;
        };
        s.clients.push(Client {
            id: ids.next("client"),
            location,
            dns_view,
            mailbox_database,
            os_timing,
            ..c.clone()
        });
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn export_then_import_is_identical(raw in raw()) {
        let s = build(&raw);
        prop_assert_eq!(validate(&s), vec![], "the generator builds valid scenarios");
        let text = file::save(&s);
        let loaded = file::load("generated.casplan.json", &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&loaded.scenario, &s);
        prop_assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        prop_assert_eq!(loaded.migrated_from, None);
        // Saving again gives the same text: the format is stable.
        prop_assert_eq!(file::save(&loaded.scenario), text);
        if let Ok(link) = share::encode(&s) {
            let back = share::decode(&link).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back.scenario, s);
        }
    }
}

/// The generator is not vacuous: across a sample, every kind of object and a
/// name with markup appear, and some designs fit in a link.
#[test]
fn the_generator_covers_the_model() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut clients, mut records, mut arrays, mut pf, mut html, mut links) = (0, 0, 0, 0, 0, 0);
    for _ in 0..200 {
        let s = build(&raw().new_tree(&mut runner).unwrap().current());
        clients += s.clients.len();
        arrays += s.sites.iter().map(|x| x.arrays.len()).sum::<usize>();
        pf += s
            .sites
            .iter()
            .map(|x| x.public_folder_databases.len())
            .sum::<usize>();
        records += s
            .dns_views
            .iter()
            .flat_map(|v| &v.zones)
            .map(|z| z.records.len())
            .sum::<usize>();
        html += usize::from(file::save(&s).contains("<script>"));
        links += usize::from(share::encode(&s).is_ok());
    }
    assert!(clients > 20 && records > 20 && arrays > 20 && pf > 5 && html > 5 && links > 20, "clients {clients}, records {records}, arrays {arrays}, pf {pf}, html {html}, links {links}");
}
