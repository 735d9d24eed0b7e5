//! Versions as they connect (§10): the protocol every Outlook gets against
//! every Exchange version under every organisation setting, each case
//! citing the fact of `../shared/reference/autodiscover-and-versions.md`
//! (B1–B11) the expectation comes from; which Client Access server can
//! serve which mailbox; the version examples.

use cas_planner_core::examples::*;
use cas_planner_core::model::*;
use cas_planner_core::sim::{simulate, ClientResult, Outcome, StepKind};
use std::rc::Rc;

/// The Exchange side of a case: the mailbox's version and the build of
/// the Client Access server that serves it.
#[derive(Debug, Clone, Copy)]
struct Server {
    version: ExchangeVersion,
    build: &'static str,
}

const SERVERS: [Server; 6] = [
    Server {
        version: ExchangeVersion::V2010,
        build: "14.3.123.4",
    },
    // Exchange 2013 CU3, before SP1.
    Server {
        version: ExchangeVersion::V2013,
        build: "15.0.775.38",
    },
    Server {
        version: ExchangeVersion::V2013,
        build: "15.0.847.32",
    },
    Server {
        version: ExchangeVersion::V2016,
        build: "",
    },
    Server {
        version: ExchangeVersion::V2019,
        build: "",
    },
    Server {
        version: ExchangeVersion::Se,
        build: "",
    },
];

/// Every Outlook, with and without the updates that make 2010 and 2013
/// MAPI/HTTP-capable.
fn clients() -> Vec<(OutlookVersion, bool)> {
    <OutlookVersion as strum::VariantArray>::VARIANTS
        .iter()
        .flat_map(|&v| [(v, true), (v, false)])
        .collect()
}

/// The seed's fixed design with the mailbox on `server`, served by a
/// Client Access server of that version (the seed's 2010 servers stay, so
/// the organisation is one 2010 grew into), one inside client of `outlook`.
fn design(server: Server, outlook: (OutlookVersion, bool), org: Option<bool>) -> Scenario {
    let mut s = exchange_2013();
    let site = &mut s.sites[0];
    site.databases[0].exchange_version = server.version;
    let cas13 = site
        .cas_servers
        .iter_mut()
        .find(|c| c.id == "cas-13")
        .expect("the 2013 example has CAS13");
    cas13.exchange_version = if server.version == ExchangeVersion::V2010 {
        ExchangeVersion::V2016
    } else {
        server.version
    };
    cas13.build = if server.version == ExchangeVersion::V2010 {
        String::new()
    } else {
        server.build.into()
    };
    if server.version == ExchangeVersion::V2010 {
        // The 2010 servers themselves serve the 2010 mailbox.
        site.cas_servers.retain(|c| c.id != "cas-13");
    }
    s.mapi_http_enabled = org;
    s.clients.retain(|c| c.id == "client-internal");
    s.clients[0].outlook_version = outlook.0;
    s.clients[0].mapi_http_updates = outlook.1;
    s
}

/// What the sources say, with the fact each answer rests on.
fn expected(
    server: Server,
    outlook: (OutlookVersion, bool),
    org: Option<bool>,
) -> (&'static str, &'static str) {
    let (v, updates) = outlook;
    if server.version == ExchangeVersion::V2010 {
        // B1–B5, version 4: every Outlook, 2016 to 365 included, connects
        // to an Exchange 2010 mailbox over RPC/TCP inside.
        return ("rpc-tcp", "§10 protocol 1, version 4 (B1–B5)");
    }
    if server.version == ExchangeVersion::V2013 && server.build < "15.0.847.32" {
        // B7: MAPI/HTTP settings only from 15.00.0847.032 on.
        return ("rpc-http", "§10 protocol 1, version 3 (B7)");
    }
    // B9: with nobody's setting, installing 2016 or later into a 2010
    // organisation turns it on; an organisation with 2010 and 2013 only
    // takes the parameter org_mapi_default_2013 (off).
    let org_on = org.unwrap_or(server.version != ExchangeVersion::V2013);
    if !org_on {
        return ("rpc-http", "§10 protocol 2 (B9)");
    }
    // B1, X5: 2013 SP1 and later, 2010 SP2 with KB2956191 and KB2965295.
    let capable = match v {
        OutlookVersion::O2007 => false,
        OutlookVersion::O2010 | OutlookVersion::O2013 => updates,
        _ => true,
    };
    if !capable {
        return ("rpc-http", "§10 protocol 4, version 2 (B1, X5)");
    }
    ("mapi-http", "§10 protocol 5 (B7, B11)")
}

fn only(s: &Scenario) -> Rc<ClientResult> {
    simulate(s).clients[0].clone()
}

#[test]
fn every_outlook_against_every_exchange_gets_the_protocol_the_sources_give() {
    let mut checked = 0;
    for server in SERVERS {
        for outlook in clients() {
            for org in [None, Some(true), Some(false)] {
                let s = design(server, outlook, org);
                let r = only(&s);
                let (want, fact) = expected(server, outlook, org);
                let case = format!("{server:?} × {outlook:?} × org {org:?} ({fact})");
                assert_eq!(r.outcome.code(), want, "{case}");
                // The step that settled it cites the § the fact is filed under.
                let section = fact.split(" (").next().unwrap();
                assert!(
                    r.steps.iter().any(|st| st.kind == StepKind::TransportChoice
                        && section
                            .split(',')
                            .next()
                            .is_some_and(|p| st.source.contains(p.trim())))
                        || want == "rpc-tcp",
                    "{case}: no transport step cites {section}: {:#?}",
                    r.steps
                        .iter()
                        .map(|s| (&s.source, &s.detail))
                        .collect::<Vec<_>>()
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 6 * 14 * 3);
}

/// B8: MapiHttpDisabled = 1 keeps a capable client on RPC/HTTP where the
/// server offers MAPI/HTTP; a mailbox set off does too, and a mailbox set
/// on in an organisation left off gets it (§10 protocol 3, the mailbox's
/// setting wins by default).
#[test]
fn the_client_and_the_mailbox_can_turn_mapi_http_off_or_on() {
    let s = exchange_2013_mapi_http_on();
    let r = simulate(&s);
    let by = |name: &str| {
        r.clients
            .iter()
            .find(|c| c.client == name)
            .unwrap()
            .outcome
            .code()
    };
    assert_eq!(by("Internal desktop"), "mapi-http");
    assert_eq!(by("Desktop with MapiHttpDisabled"), "rpc-http");
    assert_eq!(by("Mailbox set off"), "rpc-http");
    assert_eq!(by("Outlook 2010 desktop"), "rpc-http");

    let mut s = exchange_2013();
    s.clients[0].mailbox_mapi_http_enabled = Some(true);
    assert_eq!(only(&s).outcome, Outcome::MapiHttp);
    // With the organisation's setting winning (the span's other end).
    s.ranges.mailbox_overrides_org = Span::point(false);
    assert_eq!(only(&s).outcome, Outcome::RpcHttp);
}

/// B1–B5, version 4: the seed's leak still costs Outlook 2019, 2021 and
/// Microsoft 365 the TCP 135 wait before RPC/HTTP.
#[test]
fn the_seed_leak_still_costs_outlook_2019_to_365_the_wait() {
    let r = simulate(&seed_leaking_outlook_365());
    let outside: Vec<_> = r
        .clients
        .iter()
        .filter(|c| c.client.starts_with("External laptop"))
        .collect();
    assert_eq!(outside.len(), 3);
    for c in outside {
        assert_eq!(c.outcome, Outcome::RpcHttp, "{}", c.client);
        assert!(c.total_ms >= 21_000, "{}: {} ms", c.client, c.total_ms);
        assert!(
            c.steps
                .iter()
                .any(|s| s.kind == StepKind::TcpConnect && s.detail.contains(":135 ")),
            "{} tried TCP 135",
            c.client
        );
    }
}

/// §10 serve 4: a 2010 Client Access server does not serve a newer
/// mailbox; with no other, the client fails and says why.
#[test]
fn a_newer_mailbox_behind_2010_cas_only_fails_with_the_reason() {
    for c in simulate(&exchange_2013_mailbox_2010_cas_design())
        .clients
        .iter()
    {
        let Outcome::Failed { cause } = &c.outcome else {
            panic!("{} connected", c.client)
        };
        let text = cause.to_string();
        assert!(
            text.contains("can serve a mailbox on Exchange 2013")
                && text.contains("CAS01 (Exchange 2010)"),
            "{text}"
        );
    }
}

fn exchange_2013_mailbox_2010_cas_design() -> Scenario {
    exchange_2013_behind_2010_cas()
}

/// §10 serve 1: a newer Client Access server proxies down to a 2010
/// mailbox, and says so.
#[test]
fn a_newer_cas_proxies_down_to_a_2010_mailbox() {
    let mut s = exchange_2013();
    s.sites[0].databases[0].exchange_version = ExchangeVersion::V2010;
    // The 2010 servers keep Outlook Anywhere, with NTLM for the proxy
    // (§11 coexist 4, 5); the HTTPS name reaches the 2013 server.
    for c in s.sites[0].cas_servers.iter_mut() {
        c.outlook_anywhere.enabled = true;
        c.outlook_anywhere.iis_auth = vec![OaAuth::Basic, OaAuth::Ntlm];
    }
    let r = simulate(&s);
    let outside = r
        .clients
        .iter()
        .find(|c| c.client == "External laptop")
        .unwrap();
    assert_eq!(outside.outcome, Outcome::RpcHttp);
    assert!(
        outside
            .steps
            .iter()
            .any(|s| s.source.starts_with("§10 serve 1")
                && s.detail.contains("CAS13 (Exchange 2013)")
                && s.detail.contains("proxied through CAS01 (Exchange 2010)")),
        "{:#?}",
        outside.steps
    );
}

/// Every version example opens, simulates and means what its title says.
#[test]
fn the_version_examples_predict_what_they_describe() {
    let codes = |s: &Scenario| -> Vec<&'static str> {
        simulate(s)
            .clients
            .iter()
            .map(|c| c.outcome.code())
            .collect()
    };
    assert_eq!(codes(&exchange_2013()), ["rpc-http", "rpc-http"]);
    assert_eq!(
        codes(&exchange_2019()),
        ["mapi-http", "mapi-http", "rpc-http"]
    );
    assert_eq!(
        codes(&exchange_2013_behind_2010_cas()),
        ["failed", "failed"]
    );
}

/// CAS025: the 2013 mailbox behind 2010 Client Access servers only is an
/// error naming the database and the servers; its fix adds a 2013 server,
/// after which both clients connect, and nobody is worse off.
#[test]
fn cas025_names_the_missing_server_and_its_fix_connects_everyone() {
    use cas_planner_core::advisor::Severity;
    use cas_planner_core::analysis::Analysis;
    use cas_planner_core::fixes;
    let s = exchange_2013_behind_2010_cas();
    let before = Analysis::of(&s);
    let f = before
        .findings
        .iter()
        .find(|f| f.rule == "CAS025")
        .expect("CAS025 fires");
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.why.contains("DB01 (Exchange 2013, 2 users)") && f.why.contains("CAS01 (Exchange 2010)"),
        "{}",
        f.why
    );
    let offered = fixes::offered(&s, &before, f);
    assert_eq!(offered.len(), 1, "{:?}", f.fixes);
    let fix = &offered[0];
    assert!(fix.effect.honest(), "{}", fix.effect.summary());
    let added = fix.after.sites[0]
        .cas_servers
        .iter()
        .find(|c| c.exchange_version == ExchangeVersion::V2013)
        .expect("a 2013 CAS is added");
    assert!(added.outlook_anywhere.enabled);
    let after = simulate(&fix.after);
    assert!(
        after.clients.iter().all(|c| c.outcome == Outcome::RpcHttp),
        "{:?}",
        after
            .clients
            .iter()
            .map(|c| c.outcome.code())
            .collect::<Vec<_>>()
    );
    assert!(Analysis::of(&fix.after)
        .findings
        .iter()
        .all(|g| g.rule != "CAS025"));
    // Where a server can serve it, the rule is quiet.
    assert!(Analysis::of(&exchange_2013())
        .findings
        .iter()
        .all(|g| g.rule != "CAS025"));
}

/// B10, §10 protocol 7: turning MAPI/HTTP on moves Outlook 2016 from
/// RPC/HTTP to MAPI/HTTP, and the comparison names the restart prompt;
/// a client whose protocol stays the same gets none.
#[test]
fn turning_mapi_http_on_raises_the_restart_prompt_in_the_comparison() {
    use cas_planner_core::sim::{compare, RESTART_PROMPT};
    let before = exchange_2013();
    let mut after = before.clone();
    after.mapi_http_enabled = Some(true);
    let mut old = before.clients[0].clone();
    old.id = "client-old".into();
    old.name = "Outlook 2010 desktop".into();
    old.outlook_version = OutlookVersion::O2010;
    old.mapi_http_updates = false;
    let (mut before, mut after) = (before, after);
    before.clients.push(old.clone());
    after.clients.push(old);
    let cmp = compare(&before, &after);
    let desktop = cmp
        .clients
        .iter()
        .find(|c| c.client == "Internal desktop")
        .unwrap();
    let prompt = desktop.restart_prompt.as_deref().expect("a restart prompt");
    assert!(
        prompt.starts_with("RPC/HTTP → MAPI/HTTP") && prompt.contains(RESTART_PROMPT),
        "{prompt}"
    );
    let old = cmp
        .clients
        .iter()
        .find(|c| c.client == "Outlook 2010 desktop")
        .unwrap();
    assert_eq!(old.restart_prompt, None);
    let text = cas_planner_core::report::comparison_text(&cmp, None);
    assert!(
        text.contains("restart prompt: RPC/HTTP → MAPI/HTTP"),
        "{text}"
    );
}

fn by_name<'r>(r: &'r cas_planner_core::sim::SimulationReport, name: &str) -> &'r ClientResult {
    r.clients.iter().find(|c| c.client == name).unwrap()
}

/// §10 ipv6 1–4: a leaked AAAA record costs a dual-stack laptop a second
/// connect timeout (IPv6 first, dropped at the perimeter), an IPv4-only
/// one none; inside, the AAAA address reaches the VIP as the A record does.
#[test]
fn a_leaked_aaaa_record_costs_dual_stack_clients_one_more_timeout() {
    let s = dual_stack_leak();
    let r = simulate(&s);
    let dual = by_name(&r, "External laptop");
    let v4 = by_name(&r, "External laptop (IPv4 only)");
    assert_eq!(dual.outcome, Outcome::RpcHttp);
    assert_eq!(v4.outcome, Outcome::RpcHttp);
    assert_eq!(
        dual.total_ms - v4.total_ms,
        21_000,
        "one more DROP connect (§3)"
    );
    let first_connect = dual
        .steps
        .iter()
        .find(|s| s.kind == StepKind::TcpConnect)
        .unwrap();
    assert!(
        first_connect
            .detail
            .starts_with("TCP [2001:db8:10::10]:135 no answer (DROP)"),
        "{}",
        first_connect.detail
    );
    let inside = by_name(&r, "Internal desktop");
    assert_eq!(inside.outcome, Outcome::RpcTcp);
    assert!(inside.steps.iter().any(|s| s
        .detail
        .starts_with("RPC bind to EMSMDB and NSPI on [fd00:10::100]")));
    // The advisor names the AAAA record among the leak's evidence.
    let findings = cas_planner_core::analysis::Analysis::of(&s).findings;
    let leak = findings.iter().find(|f| f.rule == "CAS004").unwrap();
    assert!(leak.why.contains("2001:db8:10::10"), "{}", leak.why);
    assert!(leak.objects.iter().any(|o| o == "rec-ext-outlook-v6"));
}

/// §10 ipv6 3: IPv4 first spares the dual-stack laptop nothing here (both
/// addresses are dropped), but a race against a name whose IPv4 address
/// opens spares it the IPv6 timeout; the range spans both.
#[test]
fn the_address_order_and_the_race_are_parameters_with_their_range() {
    let mut s = dual_stack_leak();
    // The Outlook Anywhere name gets a (dropped) AAAA record too, and the
    // laptop goes HTTP first: its connect is to mail.mycompany.com.
    let zone = s
        .dns_views
        .iter_mut()
        .find(|v| v.id == "view-internet")
        .unwrap()
        .zones
        .iter_mut()
        .find(|z| z.id == "zone-ext-mycompany")
        .unwrap();
    zone.records.push(DnsRecord {
        id: "rec-ext-mail-v6".into(),
        name: "mail.mycompany.com".into(),
        data: RecordData::Aaaa {
            address: "2001:db8:10::11".parse().unwrap(),
        },
    });
    for c in s.clients.iter_mut() {
        c.http_first_on_fast = true;
    }
    let laptop = |s: &Scenario| {
        simulate(s)
            .clients
            .iter()
            .find(|c| c.client == "External laptop")
            .unwrap()
            .clone()
    };
    let nominal = laptop(&s);
    assert_eq!(nominal.outcome, Outcome::RpcHttp);
    assert!(
        nominal.total_ms >= 21_000,
        "IPv6 first: {}",
        nominal.total_ms
    );
    assert!(
        nominal.range_ms.min < 2_000,
        "a race or IPv4 first: {:?}",
        nominal.range_ms
    );
    assert!(
        nominal.drivers.iter().any(|d| d.parameter == "ipv6_first"),
        "{:?}",
        nominal.drivers
    );
    s.ranges.ipv6_first = Span::point(false);
    assert!(laptop(&s).total_ms < 2_000);
    s.ranges.ipv6_first = Span::point(true);
    s.ranges.dual_stack_race = Span::point(true);
    let raced = laptop(&s);
    assert!(raced.total_ms < 2_000, "{}", raced.total_ms);
    assert!(raced.steps.iter().any(|s| s.detail.contains("race")));
}

/// §10 ipv6 2: an IPv6-only client cannot use a name with A records only.
#[test]
fn an_ipv6_only_client_fails_on_a_names_with_a_records_only() {
    let mut s = seed_fixed();
    s.clients[1].ip_stack = IpStack::Ipv6Only;
    let r = simulate(&s);
    let Outcome::Failed { cause } = &r.clients[1].outcome else {
        panic!("{:?}", r.clients[1].outcome)
    };
    assert!(cause.to_string().contains("mail.mycompany.com"), "{cause}");
}

/// The printed report's assumptions name §10's parameters where the design
/// meets them: the IPv6 ones with an AAAA record, the MAPI/HTTP ones with a
/// newer mailbox; the seed's report has neither.
#[test]
fn the_report_lists_the_version_parameters_the_design_meets() {
    use cas_planner_core::report::document;
    let html = |s: &Scenario| {
        let a = cas_planner_core::analysis::Analysis::of(s);
        document::html(&document::document(
            s,
            &a.report,
            &a.findings,
            None,
            "2026-12-07",
        ))
    };
    let ipv6 = html(&dual_stack_leak());
    assert!(ipv6.contains("Dual-stack clients try IPv6 addresses first"));
    assert!(!ipv6.contains("wins over the organisation"));
    let mapi = html(&exchange_2013());
    assert!(
        mapi.contains("A mailbox&apos;s MAPI/HTTP setting wins")
            || mapi.contains("A mailbox's MAPI/HTTP setting wins")
    );
    assert!(!mapi.contains("IPv6 addresses first"));
    let seed = html(&seed_leaking());
    assert!(!seed.contains("IPv6 addresses first") && !seed.contains("MAPI/HTTP on where"));
}

/// §10 serve 4, by DNS: the HTTPS name must reach a server that can serve
/// the mailbox. Pointed back at the 2010 servers' VIP, the 2013 mailbox's
/// inside client fails and the step names the server it reached.
#[test]
fn an_https_name_that_reaches_a_2010_server_fails_a_newer_mailbox() {
    let mut s = exchange_2013();
    for r in s
        .dns_views
        .iter_mut()
        .flat_map(|v| v.zones.iter_mut())
        .flat_map(|z| z.records.iter_mut())
        .filter(|r| r.id == "rec-int-mail")
    {
        r.data = RecordData::A {
            address: "10.10.10.100".parse().unwrap(),
        };
    }
    let r = simulate(&s);
    let inside = by_name(&r, "Internal desktop");
    let Outcome::Failed { cause } = &inside.outcome else {
        panic!("{:?}", inside.outcome)
    };
    assert!(
        cause.to_string().starts_with("mail.mycompany.com reaches CAS01 (Exchange 2010), which cannot serve a mailbox on Exchange 2013"),
        "{cause}"
    );
    // Outside still reaches CAS13 through the perimeter's NAT.
    assert_eq!(by_name(&r, "External laptop").outcome, Outcome::RpcHttp);
}

/// §1: Exchange 2013 and later have no RPC/TCP endpoint, so an array of
/// 2016 servers does not take Outlook's RPC/TCP for a 2010 mailbox; the
/// client falls back to HTTPS, which the 2016 server proxies down through
/// the 2010 server left (§11 coexist 4).
#[test]
fn newer_servers_behind_the_array_do_not_answer_rpc_over_tcp() {
    let mut s = seed_fixed();
    let cas = &mut s.sites[0].cas_servers;
    cas[0].exchange_version = ExchangeVersion::V2016;
    cas[1].outlook_anywhere.iis_auth = vec![OaAuth::Ntlm];
    let r = simulate(&s);
    let inside = by_name(&r, "Internal desktop");
    assert_eq!(inside.outcome, Outcome::RpcHttp, "{:#?}", inside.steps);
    assert!(inside.steps.iter().any(|st| st.kind == StepKind::TcpConnect
        && st.detail.contains(":135 ")
        && st.detail.contains("RST")));
}

/// CAS026: an AAAA record on the Outlook Anywhere name outside, with no
/// IPv6 published, costs dual-stack clients a dropped connect; the fix
/// removes the record and gives the laptop its time back.
#[test]
fn cas026_an_aaaa_on_the_https_name_outside_is_named_and_removed() {
    use cas_planner_core::analysis::Analysis;
    use cas_planner_core::fixes;
    let mut s = seed_fixed();
    s.dns_views
        .iter_mut()
        .find(|v| v.id == "view-internet")
        .unwrap()
        .zones[0]
        .records
        .push(DnsRecord {
            id: "rec-ext-mail-v6".into(),
            name: "mail.mycompany.com".into(),
            data: RecordData::Aaaa {
                address: "2001:db8:10::25".parse().unwrap(),
            },
        });
    let before = Analysis::of(&s);
    let laptop =
        |r: &cas_planner_core::sim::SimulationReport| by_name(r, "External laptop").total_ms;
    assert!(laptop(&before.report) > 21_000, "IPv6 first, dropped");
    let f = before
        .findings
        .iter()
        .find(|f| f.rule == "CAS026")
        .expect("CAS026");
    assert!(
        f.why.contains("2001:db8:10::25") && f.why.contains("DROP"),
        "{}",
        f.why
    );
    let offered = fixes::offered(&s, &before, f);
    assert_eq!(offered.len(), 1);
    assert!(
        offered[0].effect.honest(),
        "{}",
        offered[0].effect.summary()
    );
    assert!(laptop(&simulate(&offered[0].after)) < 2_000);
    // Without dual-stack clients outside, nothing to say.
    s.clients
        .iter_mut()
        .for_each(|c| c.ip_stack = IpStack::Ipv4Only);
    assert!(Analysis::of(&s).findings.iter().all(|f| f.rule != "CAS026"));
}

/// A mailbox setting for one group of users never goes out over the whole
/// database when other groups on it keep another setting (§10 protocol 3).
#[test]
fn a_mailbox_setting_is_not_applied_to_a_shared_database() {
    let plan = cas_planner_core::commands::build_plan(&exchange_2013_mapi_http_on());
    assert!(
        !plan.contains("Get-Mailbox -Database 'DB01' -ResultSize Unlimited | Set-CASMailbox"),
        "{plan}"
    );
    assert!(plan.contains("$Mailboxes | Set-CASMailbox -MapiHttpEnabled $false"));
    // Alone on its database, the group's setting covers the database.
    let mut s = exchange_2013_mapi_http_on();
    s.clients.retain(|c| c.id == "client-mailbox-off");
    let plan = cas_planner_core::commands::build_plan(&s);
    assert!(plan.contains("Get-Mailbox -Database 'DB01' -ResultSize Unlimited | Set-CASMailbox -MapiHttpEnabled $false"), "{plan}");
}
