//! Autodiscover (§6): each version's order of methods, every failure branch,
//! the sourced cases (C7, C8/C16, C9) and the seed, and hostile designs that
//! must end with a clear outcome.

use cas_planner_core::examples;
use cas_planner_core::model::*;
use cas_planner_core::sim::{
    simulate, AdStep, AutodiscoverResult, AutodiscoverRun, PromptKind, RunOutcome,
    CERTIFICATE_PROMPT,
};

fn ad(s: &Scenario, client: &str) -> AutodiscoverResult {
    let report = simulate(s);
    let c = report
        .clients
        .iter()
        .find(|c| c.client == client)
        .unwrap_or_else(|| panic!("no client {client}"));
    *c.autodiscover.clone().expect("the client is simulated")
}

/// The methods a run took, in order, each once.
fn methods(run: &AutodiscoverRun) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for s in &run.steps {
        if !out.contains(&s.method) {
            out.push(s.method);
        }
    }
    out
}

fn steps_of<'r>(run: &'r AutodiscoverRun, method: &str) -> Vec<&'r AdStep> {
    run.steps.iter().filter(|s| s.method == method).collect()
}

/// The seed: the external laptop tries the root domain (no address: a DNS
/// answer only), then autodiscover.mycompany.com answers, with no prompt;
/// the internal desktop starts with the SCP.
#[test]
fn the_seed_finds_autodiscover_without_a_prompt() {
    let s = examples::seed_fixed();
    let ext = ad(&s, "External laptop");
    let run = &ext.profile_run;
    assert_eq!(methods(run), ["root-domain", "autodiscover-domain"]);
    let root = steps_of(run, "root-domain");
    assert_eq!(root.len(), 1, "only the DNS lookup: {root:?}");
    assert_eq!(root[0].duration_ms, 40, "one remote round trip");
    assert!(
        root[0].detail.contains("no address record"),
        "{}",
        root[0].detail
    );
    assert_eq!(run.answered_by, Some(Method::AutodiscoverDomain));
    assert!(run.prompts.is_empty());
    assert_eq!(run.outcome, RunOutcome::Ok);

    let int = ad(&s, "Internal desktop");
    assert_eq!(int.profile_run.steps[0].method, "scp");
    assert_eq!(int.profile_run.answered_by, Some(Method::Scp));
    // At each start the profile's URL is tried first (§6 step 4).
    assert_eq!(int.start_run.answered_by, Some(Method::CachedUrl));
    assert_eq!(methods(&int.start_run), ["cached-url"]);
}

/// C7: every root-domain address costs a connect timeout, "about 20 seconds".
#[test]
fn c7_each_root_domain_address_costs_about_20_seconds() {
    let s = examples::autodiscover_root_domain_dcs();
    let pc = ad(&s, "Workgroup PC on the LAN");
    let run = &pc.profile_run;
    let connects: Vec<&AdStep> = steps_of(run, "root-domain")
        .into_iter()
        .filter(|s| s.target.ends_with(":443"))
        .collect();
    assert_eq!(connects.len(), 2, "one connect per DC address");
    for c in &connects {
        assert!((18_000..=22_000).contains(&c.duration_ms), "{c:?}");
        assert_eq!(c.outcome, cas_planner_core::sim::StepOutcome::Failed);
    }
    assert_eq!(run.answered_by, Some(Method::AutodiscoverDomain));
    assert!(
        run.total_ms > 42_000 && run.total_ms < 45_000,
        "{}",
        run.total_ms
    );

    // ExcludeHttpsRootDomain removes the step (§6 switch 1).
    let mut fixed = s.clone();
    for c in fixed.clients.iter_mut() {
        c.autodiscover_exclude.push(Method::RootDomain);
    }
    let pc = ad(&fixed, "Workgroup PC on the LAN");
    assert!(!methods(&pc.profile_run).contains(&"root-domain"));
    assert!(pc.profile_run.total_ms < 4_000);
}

/// C8 as C16 reports it: a web host's certificate on the root domain is a
/// prompt the user answers, at every run; then the run goes on.
#[test]
fn c8_web_host_certificate_is_a_prompt_at_every_run() {
    let mut s = examples::autodiscover_web_host();
    let ext = ad(&s, "External laptop");
    // At start the cached URL goes first by default (§6 step 4) and answers;
    // where it goes last, the start meets the prompt again.
    assert_eq!(ext.start_run.answered_by, Some(Method::CachedUrl));
    assert!(ext.start_run.prompts.is_empty());
    s.ranges.cached_url_first = Span::point(false);
    let ext = ad(&s, "External laptop");
    for run in [&ext.profile_run, &ext.start_run] {
        let p = run
            .prompts
            .iter()
            .find(|p| p.kind == PromptKind::Certificate)
            .unwrap_or_else(|| panic!("no certificate prompt: {:?}", run.prompts));
        assert_eq!(p.text, CERTIFICATE_PROMPT);
        assert_eq!(p.host, "mycompany.com");
        assert_eq!(p.method, Method::RootDomain);
    }
    assert_eq!(
        ext.profile_run.answered_by,
        Some(Method::AutodiscoverDomain)
    );
    let web = steps_of(&ext.profile_run, "root-domain");
    assert!(web.iter().any(|s| s.detail.contains("404")), "{web:?}");
    // The prompt waits for the user (§6 cost 6), in the start's wait too.
    assert!(ext.each_start.range_ms.max >= ext.each_start.total_ms + 25_000);
}

/// C9: Outlook 2007 outside the domain waits "approximately one minute" at
/// each start: two HTTPS names that drop, then the redirect prompt.
#[test]
fn c9_outlook_2007_waits_about_a_minute_at_each_start() {
    let s = examples::autodiscover_http_redirect();
    let home = ad(&s, "Home PC, Outlook 2007");
    let run = &home.start_run;
    assert_eq!(
        methods(run),
        ["root-domain", "autodiscover-domain", "http-redirect"]
    );
    assert_eq!(run.answered_by, Some(Method::HttpRedirect));
    assert!(run.prompts.iter().any(|p| p.kind == PromptKind::Redirect
        && p.text
            .contains("https://mail.mycompany.com/Autodiscover/Autodiscover.xml")));
    assert!(
        run.range_ms.contains(60_000),
        "a minute within {:?}",
        run.range_ms
    );
    assert!(
        (40_000..=75_000).contains(&run.total_ms),
        "{}",
        run.total_ms
    );
    // The start waits for the prompt even when the connection does not wait for the run.
    assert!(home.each_start.total_ms >= 5_000);
    assert!(run
        .drivers
        .iter()
        .any(|d| d.parameter == "prompt_answer_ms"));

    // RedirectServers for the host: no prompt (§6 switch 4).
    let mut listed = s.clone();
    listed.clients[0].redirect_servers = vec!["mail.mycompany.com".into()];
    let home = ad(&listed, "Home PC, Outlook 2007");
    assert!(home.start_run.prompts.is_empty());
}

/// §6 scp 4–7: the branch's own URL first; its name does not resolve, so
/// HQ's URLs (out of site) answer.
#[test]
fn scp_urls_are_ranked_by_site_and_tried_in_turn() {
    let s = examples::autodiscover_scp_site_scope();
    let b = ad(&s, "Branch desktop");
    let run = &b.profile_run;
    let list = run
        .steps
        .iter()
        .find(|s| &*s.target == "SCP URLs")
        .expect("the ranked list");
    let cas03 = list.detail.find("cas03").unwrap();
    let cas01 = list.detail.find("cas01").unwrap();
    assert!(cas03 < cas01, "{}", list.detail);
    assert!(list.detail.contains("priority 1") && list.detail.contains("priority 3"));
    assert!(run
        .steps
        .iter()
        .any(|s| &*s.target == "cas03.mycompany.internal" && s.detail.contains("NXDOMAIN")));
    assert_eq!(run.answered_by, Some(Method::Scp));
    assert!(run.url.as_deref().unwrap().contains("cas01"));
    // An HQ desktop ranks its own site's URLs first and never meets CAS03.
    let hq = ad(&s, "Internal desktop");
    assert!(!hq
        .profile_run
        .steps
        .iter()
        .any(|s| s.target.contains("cas03")));
}

/// A design where no name answers: every method fails and the order of the
/// attempts is the version's (§6 step 1–13).
fn nothing_answers(version: OutlookVersion, joined: bool) -> Scenario {
    let mut s = examples::seed_fixed();
    s.dns_views = vec![DnsView::new(
        "view-internet",
        "Internet",
        Audience::External,
        vec![DnsZone {
            id: "z".into(),
            name: "mycompany.com".into(),
            records: Vec::new().into(),
        }],
    )]
    .into();
    let mut c = Client::with_defaults("c", "C", "net-hq", "view-internet", "db-01", "os-win10");
    c.outlook_version = version;
    c.domain_joined = joined;
    s.clients = vec![c].into();
    for site in s.sites.iter_mut() {
        for cas in site.cas_servers.iter_mut() {
            cas.autodiscover_scp_url.clear();
        }
    }
    s
}

#[test]
fn each_version_tries_the_methods_in_its_order() {
    use OutlookVersion::*;
    let order = |v, joined, edit: fn(&mut Client)| {
        let mut s = nothing_answers(v, joined);
        edit(&mut s.clients[0]);
        let r = ad(&s, "C");
        assert_eq!(r.profile_run.outcome, RunOutcome::Failed);
        methods(&r.profile_run)
    };
    let xml = "<Autodiscover><Response><Error/></Response></Autodiscover>";
    assert_eq!(
        order(O2007, false, |c| c.local_xml = Some(xml_of(c))),
        [
            "root-domain",
            "autodiscover-domain",
            "http-redirect",
            "srv",
            "local-xml"
        ]
    );
    assert_eq!(
        order(O2010, true, |c| c.local_xml = Some(xml_of(c))),
        [
            "scp",
            "root-domain",
            "autodiscover-domain",
            "local-xml",
            "http-redirect",
            "srv"
        ]
    );
    assert_eq!(
        order(O2010, true, |c| {
            c.local_xml = Some(xml_of(c));
            c.prefer_local_xml = true;
        }),
        [
            "local-xml",
            "scp",
            "root-domain",
            "autodiscover-domain",
            "http-redirect",
            "srv"
        ]
    );
    assert_eq!(
        order(O2016, true, |c| c.office365 = Office365::TenantUnknown),
        [
            "upn-lookup",
            "o365",
            "scp",
            "root-domain",
            "autodiscover-domain",
            "http-redirect",
            "srv"
        ]
    );
    assert_eq!(
        order(O2016, true, |c| c.autodiscover_exclude =
            vec![Method::Scp, Method::Srv, Method::HttpRedirect]),
        ["upn-lookup", "root-domain", "autodiscover-domain"]
    );
    let _ = xml;
}

fn xml_of(_: &Client) -> String {
    "<Autodiscover><Response><Error/></Response></Autodiscover>".into()
}

/// Outlook 2013 chases DNS alongside the SCP (§6 step 6, cost 8): both
/// start at once, and when the SCP fails the run ends with the later one.
#[test]
fn outlook_2013_chases_dns_alongside_the_scp() {
    let s = nothing_answers(OutlookVersion::O2013, true);
    let r = ad(&s, "C");
    let run = &r.profile_run;
    let first_scp = steps_of(run, "scp")[0].start_ms;
    let first_root = steps_of(run, "root-domain")[0].start_ms;
    assert_eq!((first_scp, first_root), (0, 0));
    let serial = ad(&nothing_answers(OutlookVersion::O2010, true), "C");
    assert!(run.total_ms < serial.profile_run.total_ms);
}

/// The start run tries the cached URL first, or after SRV (§6 step 4), and
/// profile creation never has one.
#[test]
fn the_cached_url_is_tried_at_start_only() {
    let mut s = nothing_answers(OutlookVersion::O2016, false);
    s.clients[0].cached_autodiscover_url =
        Some("https://old.mycompany.com/Autodiscover/Autodiscover.xml".into());
    let r = ad(&s, "C");
    assert!(!methods(&r.profile_run).contains(&"cached-url"));
    assert_eq!(r.start_run.steps[0].method, "cached-url");
    s.ranges.cached_url_first = Span::point(false);
    let r = ad(&s, "C");
    let m = methods(&r.start_run);
    assert_eq!(m.last(), Some(&"cached-url"), "{m:?}");
}

/// C19: Office 365 answering first misroutes an on-premises mailbox.
#[test]
fn office_365_first_misroutes_an_on_premises_mailbox() {
    let mut s = examples::seed_fixed();
    for c in s.clients.iter_mut() {
        c.outlook_version = OutlookVersion::O2016;
        c.office365 = Office365::TenantAnswers;
    }
    let r = ad(&s, "Internal desktop");
    assert_eq!(r.profile_run.answered_by, Some(Method::O365));
    assert!(r.profile_run.misroute);
    assert_eq!(r.profile_setup.outcome, RunOutcome::Failed);
    assert!(!methods(&r.profile_run).contains(&"scp"));
}

// --- Hostile designs: each ends with a clear outcome, never a hang or a panic.

fn web(id: &str, ip: [u8; 4], redirect_to: &str) -> WebHost {
    WebHost {
        id: id.into(),
        name: id.into(),
        ip: ip.into(),
        answers: WebAnswer::Answers,
        answers_http: WebAnswer::Answers,
        certificate_names: vec!["*.mycompany.com".into(), "mycompany.com".into()],
        redirect_to: redirect_to.into(),
    }
}

fn a(name: &str, ip: [u8; 4]) -> DnsRecord {
    DnsRecord {
        id: format!("rec-{name}"),
        name: name.into(),
        data: RecordData::A { address: ip.into() },
    }
}

/// A chain of `hops` web hosts h0 → h1 → …; the last redirects to `last`.
fn chain(hops: usize, last: &str) -> Scenario {
    let mut s = examples::seed_fixed();
    let zone = &mut s
        .dns_views
        .iter_mut()
        .find(|v| v.id == "view-internet")
        .unwrap()
        .zones[0];
    zone.records.push(a("mycompany.com", [198, 51, 100, 1]));
    for i in 0..hops {
        zone.records.push(a(
            &format!("h{i}.mycompany.com"),
            [198, 51, 100, 10 + i as u8],
        ));
    }
    let root = web(
        "root",
        [198, 51, 100, 1],
        "https://h0.mycompany.com/Autodiscover/Autodiscover.xml",
    );
    s.autodiscover.web_hosts.push(root);
    for i in 0..hops {
        let next = if i + 1 == hops {
            last.to_string()
        } else {
            format!(
                "https://h{}.mycompany.com/Autodiscover/Autodiscover.xml",
                i + 1
            )
        };
        s.autodiscover
            .web_hosts
            .push(web(&format!("h{i}"), [198, 51, 100, 10 + i as u8], &next));
    }
    for c in s.clients.iter_mut() {
        c.autodiscover_exclude = vec![
            Method::AutodiscoverDomain,
            Method::HttpRedirect,
            Method::Srv,
        ];
    }
    s
}

#[test]
fn a_redirect_loop_and_an_11_hop_chain_end_at_the_10th_redirect() {
    // Ten redirects in all (root → h0 … h8 → Exchange) are followed.
    let ok = chain(
        9,
        "https://mail.mycompany.com/Autodiscover/Autodiscover.xml",
    );
    let r = ad(&ok, "External laptop");
    assert_eq!(
        r.profile_run.outcome,
        RunOutcome::Ok,
        "{:#?}",
        r.profile_run.steps
    );
    // Eleven are not.
    let long = chain(
        10,
        "https://mail.mycompany.com/Autodiscover/Autodiscover.xml",
    );
    let r = ad(&long, "External laptop");
    assert_eq!(r.profile_run.outcome, RunOutcome::Failed);
    assert!(r
        .profile_run
        .steps
        .iter()
        .any(|s| s.detail.contains("more than 10 redirects")));
    // A loop: the last host sends Outlook back to the first.
    let looped = chain(3, "https://h0.mycompany.com/Autodiscover/Autodiscover.xml");
    let r = ad(&looped, "External laptop");
    assert_eq!(r.profile_run.outcome, RunOutcome::Failed);
    assert!(r
        .profile_run
        .steps
        .iter()
        .any(|s| s.detail.contains("more than 10 redirects")));
}

#[test]
fn an_scp_pointer_back_to_itself_ends_the_scp_step() {
    let mut s = examples::seed_fixed();
    s.autodiscover.scp_pointers.push(ScpPointer {
        id: "ptr-self".into(),
        name: "Loop".into(),
        published_in: String::new(),
        points_to: String::new(),
        domain: "mycompany.com".into(),
    });
    let r = ad(&s, "Internal desktop");
    assert!(r
        .profile_run
        .steps
        .iter()
        .any(|s| s.method == "scp" && s.detail.contains("loop")));
    // The run goes on to the DNS chase.
    assert!(methods(&r.profile_run).contains(&"root-domain"));

    // Two directories pointing at each other end the same way.
    let mut two = examples::seed_fixed();
    two.autodiscover.scp_pointers.push(ScpPointer {
        id: "p1".into(),
        name: "To B".into(),
        published_in: String::new(),
        points_to: "b.example".into(),
        domain: "mycompany.com".into(),
    });
    two.autodiscover.scp_pointers.push(ScpPointer {
        id: "p2".into(),
        name: "Back".into(),
        published_in: "b.example".into(),
        points_to: String::new(),
        domain: "mycompany.com".into(),
    });
    let r = ad(&two, "Internal desktop");
    assert!(r
        .profile_run
        .steps
        .iter()
        .any(|s| s.detail.contains("already asked")));
}

#[test]
fn an_srv_whose_target_is_its_own_name_fails_cleanly() {
    let mut s = examples::seed_fixed();
    let zone = &mut s
        .dns_views
        .iter_mut()
        .find(|v| v.id == "view-internet")
        .unwrap()
        .zones[0];
    zone.records.retain(|r| r.id != "rec-ext-autodiscover");
    zone.records.push(DnsRecord {
        id: "srv-self".into(),
        name: "_autodiscover._tcp.mycompany.com".into(),
        data: RecordData::Srv {
            target: "_autodiscover._tcp.mycompany.com".into(),
            port: 443,
            priority: 0,
            weight: 0,
        },
    });
    let r = ad(&s, "External laptop");
    let run = &r.profile_run;
    assert_eq!(run.outcome, RunOutcome::Failed);
    assert!(steps_of(run, "srv")
        .iter()
        .any(|s| s.detail.contains("priority 0")));
    assert!(steps_of(run, "srv")
        .iter()
        .any(|s| s.detail.contains("no address record")));
}

#[test]
fn a_certificate_with_thousands_of_names_is_checked_quickly() {
    let mut s = examples::autodiscover_web_host();
    let names: Vec<String> = (0..5_000)
        .map(|i| format!("n{i}.dnshost.example"))
        .collect();
    s.autodiscover.web_hosts[0].certificate_names = names;
    let r = ad(&s, "External laptop");
    assert!(r
        .profile_run
        .prompts
        .iter()
        .any(|p| p.kind == PromptKind::Certificate));
    // The loader refuses it with a clear message (rules::MAX_CERTIFICATE_NAMES).
    let text = cas_planner_core::file::save(&s);
    let e = cas_planner_core::file::load("big.casplan.json", &text).unwrap_err();
    assert!(e.to_string().contains("at most 1000"), "{e}");
}

#[test]
fn a_local_xml_file_that_is_not_xml_fails_its_step() {
    use cas_planner_core::sim::{read_local_xml, LocalXml};
    for bad in [
        "",
        "not xml at all",
        "<Autodiscover><Response>",
        "<a></b>",
        "<?xml version='1.0'?><Other/>",
        "<Autodiscover/>",
    ] {
        assert!(
            matches!(read_local_xml(bad), LocalXml::Invalid(_)),
            "{bad:?}"
        );
    }
    assert_eq!(
        read_local_xml("<Autodiscover xmlns='x'><Response><Account><Action>settings</Action></Account></Response></Autodiscover>"),
        LocalXml::Settings
    );
    assert_eq!(
        read_local_xml("<Autodiscover><Response><Account><Action>redirectUrl</Action><RedirectUrl>https://a.example/x</RedirectUrl></Account></Response></Autodiscover>"),
        LocalXml::Redirect("https://a.example/x".into())
    );
    let mut s = examples::seed_fixed();
    s.clients[1].local_xml = Some("\u{0}<<garbage".into());
    s.clients[1].prefer_local_xml = true;
    let r = ad(&s, "External laptop");
    let xml = steps_of(&r.profile_run, "local-xml");
    assert!(
        xml[0].detail.contains("not an Autodiscover response"),
        "{xml:?}"
    );
    assert_eq!(r.profile_run.answered_by, Some(Method::AutodiscoverDomain));
}

/// The hostile local XML corpus (also the fuzz target's seeds): each file
/// is read as settings, a redirect or refused with why, and a client with
/// it as its preferred file gets a run that ends.
#[test]
fn the_hostile_local_xml_corpus_ends_cleanly() {
    use cas_planner_core::sim::{read_local_xml, LocalXml};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/hostile-local-xml");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let read = read_local_xml(&text);
        match name.as_str() {
            "settings-ok.xml" => assert_eq!(read, LocalXml::Settings),
            n if n.starts_with("redirect-") => {
                assert!(matches!(read, LocalXml::Redirect(_)), "{n}")
            }
            n => assert!(matches!(read, LocalXml::Invalid(_)), "{n}: {read:?}"),
        }
        let mut s = examples::seed_fixed();
        s.clients[1].local_xml = Some(text);
        s.clients[1].prefer_local_xml = true;
        let r = ad(&s, "External laptop");
        assert_eq!(r.profile_run.steps[0].method, "local-xml", "{name}");
        let expected = if name == "redirect-not-a-url.xml" {
            Method::AutodiscoverDomain
        } else if name.ends_with("-ok.xml") {
            Method::LocalXml
        } else {
            Method::AutodiscoverDomain
        };
        assert_eq!(r.profile_run.answered_by, Some(expected), "{name}");
        n += 1;
    }
    assert!(n >= 10);
}

// --- Ranges: the search's repricing against running every corner.

/// The design with every span a point at one corner (numeric spans at
/// their least or most, `icmp` opposite) and the yes/no spans at `flags`,
/// and every client, zone and preset value set to that corner: simulating
/// it runs Autodiscover exactly there.
fn at_corner(s: &Scenario, most: bool, flags: [bool; 4]) -> Scenario {
    let mut t = s.clone();
    let r = s.ranges.clone();
    let end = |sp: Span<u32>| if most { sp.max } else { sp.min };
    let (site_rtt, remote_rtt, oa, rst) = (
        end(r.site_rtt_ms),
        end(r.remote_rtt_ms),
        end(r.oa_setup_ms),
        end(r.rst_fail_ms),
    );
    let icmp = if most {
        r.icmp_aborts_connect.min
    } else {
        r.icmp_aborts_connect.max
    };
    t.ranges = Ranges {
        site_rtt_ms: Span::point(site_rtt),
        remote_rtt_ms: Span::point(remote_rtt),
        oa_setup_ms: Span::point(oa),
        rst_fail_ms: Span::point(rst),
        icmp_aborts_connect: Span::point(icmp),
        scp_no_dc_ms: Span::point(end(r.scp_no_dc_ms)),
        autodiscover_http_timeout_ms: Span::point(end(r.autodiscover_http_timeout_ms)),
        prompt_answer_ms: Span::point(end(r.prompt_answer_ms)),
        srv_prompts: Span::point(flags[0]),
        outlook2016_parallel_chase: Span::point(flags[1]),
        cached_url_first: Span::point(flags[2]),
        start_waits_for_autodiscover: Span::point(flags[3]),
        ..r
    };
    for z in t.network_zones.iter_mut() {
        z.rtt_ms = Some(if z.is_remote() { remote_rtt } else { site_rtt });
    }
    for p in t.timing_presets.iter_mut() {
        p.rst_fail_ms = rst;
        p.icmp_aborts_connect = icmp;
    }
    for c in t.clients.iter_mut() {
        c.oa_setup_ms = oa;
    }
    t
}

/// Per client: its version, domain membership, exclusions and Office 365 judgement.
type ClientVariation = (u8, bool, Vec<Method>, u8);

fn variation() -> impl proptest::strategy::Strategy<Value = (usize, Vec<ClientVariation>)> {
    use proptest::prelude::*;
    let n = examples::gallery().len();
    (
        0..n,
        prop::collection::vec(
            (
                0u8..4,
                any::<bool>(),
                prop::sample::subsequence(Method::excludable().collect::<Vec<_>>(), 0..3),
                0u8..3,
            ),
            4,
        ),
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    /// Each Autodiscover run's range and each wait's range equal the least
    /// and the most over every corner of the parameters, each corner
    /// simulated from scratch; the design's own time lies inside.
    #[test]
    fn autodiscover_ranges_equal_the_corners(v in variation()) {
        let (ex, mutations) = v;
        let mut s = (examples::gallery()[ex].build)();
        // The connection's own parameters held: the waits add the run to it.
        s.ranges.rpc_bind_attempts = Span::point(1);
        s.ranges.slow_link_max_kbps = Span::point(128);
        for c in s.clients.iter_mut() {
            c.rpc_bind_attempts = 1;
        }
        let versions = [OutlookVersion::O2007, OutlookVersion::O2010, OutlookVersion::O2013, OutlookVersion::O2016];
        for (c, (version, joined, exclude, o365)) in s.clients.iter_mut().zip(mutations) {
            c.outlook_version = versions[usize::from(version)];
            c.domain_joined = joined;
            c.autodiscover_exclude = exclude;
            c.office365 = [Office365::No, Office365::TenantUnknown, Office365::TenantAnswers][usize::from(o365)];
        }
        let report = simulate(&s);
        let mut corners: Vec<Vec<[u64; 4]>> = vec![Vec::new(); s.clients.len()];
        for most in [false, true] {
            for mask in 0..16u8 {
                let flags = [mask & 1 != 0, mask & 2 != 0, mask & 4 != 0, mask & 8 != 0];
                let t = at_corner(&s, most, flags);
                for (i, r) in simulate(&t).clients.iter().enumerate() {
                    let a = r.autodiscover.as_ref().unwrap();
                    corners[i].push([a.profile_run.total_ms, a.start_run.total_ms, a.profile_setup.total_ms, a.each_start.total_ms]);
                }
            }
        }
        for (i, r) in report.clients.iter().enumerate() {
            let Some(a) = r.autodiscover.as_ref() else { continue };
            let got = [
                (a.profile_run.total_ms, a.profile_run.range_ms),
                (a.start_run.total_ms, a.start_run.range_ms),
                (a.profile_setup.total_ms, a.profile_setup.range_ms),
                (a.each_start.total_ms, a.each_start.range_ms),
            ];
            for (k, (total, range)) in got.into_iter().enumerate() {
                let all: Vec<u64> = corners[i].iter().map(|c| c[k]).collect();
                let (lo, hi) = (*all.iter().min().unwrap(), *all.iter().max().unwrap());
                proptest::prop_assert!(range.contains(total), "{} [{k}]: {total} not in {range:?}", r.client);
                proptest::prop_assert_eq!((range.min, range.max), (lo, hi), "{} [{}]", r.client, k);
            }
        }
    }
}
