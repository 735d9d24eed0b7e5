//! Acceptance cases of the behaviour model (§7) and the expected outputs of
//! §8, each reproduced within its stated range.
//!
//! Out of scope (the simulator models the connection to the mailbox, not
//! these): C7, C8 and C9 are Autodiscover and free/busy timing (profile
//! creation, not connection); C13 is an idle-timeout on an established
//! session (after the connection this tool predicts).

use cas_planner_core::examples::*;
use cas_planner_core::model::*;
use cas_planner_core::sim::{simulate, ClientResult, Outcome, StepKind, StepOutcome};
use cas_planner_core::Scenario;

fn client(s: &Scenario, name: &str) -> std::rc::Rc<ClientResult> {
    simulate(s)
        .clients
        .into_iter()
        .find(|c| c.client == name)
        .unwrap_or_else(|| panic!("no client {name}"))
}

fn external(s: &Scenario) -> std::rc::Rc<ClientResult> {
    client(s, "External laptop")
}

fn secs(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

fn failed_tcp_ms(r: &ClientResult) -> u64 {
    r.steps
        .iter()
        .filter(|s| s.kind == StepKind::TcpConnect && s.outcome == StepOutcome::Failed)
        .map(|s| s.duration_ms)
        .sum()
}

fn set_external(s: &mut Scenario, f: impl Fn(&mut Client)) {
    s.clients
        .iter_mut()
        .filter(|c| c.id == "client-external")
        .for_each(f);
}

/// C1/C2: the array name resolves on the Internet and the perimeter drops 135:
/// "significant delay", "retry stage", then HTTPS works.
#[test]
fn c1_c2_leak_with_drop_delays_then_falls_back_to_https() {
    let r = external(&seed_leaking());
    assert_eq!(r.outcome, Outcome::RpcHttp);
    assert_eq!(failed_tcp_ms(&r), 21_000, "one Windows 7 SYN cycle (§3)");
    assert!(r.steps.iter().any(|s| s.kind == StepKind::Fallback));
    // C2's fix: delete the external A record.
    let fixed = external(&seed_fixed());
    assert_eq!(fixed.outcome, Outcome::RpcHttp);
    assert!(fixed.total_ms < 1_500 && r.total_ms - fixed.total_ms >= 20_000);
}

/// C3: Outlook 2016 off-site, Exchange 2010, TCP first: "between thirty and
/// forty seconds". §8: k=1 (21 s) plus 10–20 s of HTTPS/Autodiscover work,
/// modelled here as the HTTPS setup time.
#[test]
fn c3_outlook_2016_tcp_first_waits_thirty_to_forty_seconds() {
    let mut s = seed_leaking();
    set_external(&mut s, |c| {
        c.outlook_version = OutlookVersion::O2016;
        c.os_timing = "os-win10".into();
        c.oa_setup_ms = 12_000;
    });
    let r = external(&s);
    assert!(
        (30.0..=40.0).contains(&secs(r.total_ms)),
        "{} s",
        secs(r.total_ms)
    );
    // The fix C3 applied: HTTP first on fast networks.
    set_external(&mut s, |c| c.http_first_on_fast = true);
    assert_eq!(failed_tcp_ms(&external(&s)), 0);
}

/// C4: the array name leads remote users to a private address (their home LAN
/// uses the same range): TCP fails; HTTP first on fast networks fixes it.
#[test]
fn c4_private_address_from_home_fails_tcp_until_http_first() {
    let mut s = seed_leaking();
    for v in &mut s.dns_views {
        for z in &mut v.zones {
            for r in z.records.iter_mut().filter(|r| r.id == "rec-ext-outlook") {
                r.data = RecordData::A {
                    address: [10, 1, 37, 20].into(),
                };
            }
        }
    }
    let r = external(&s);
    assert_eq!(failed_tcp_ms(&r), 21_000);
    assert!(r
        .steps
        .iter()
        .any(|st| st.detail.contains("private address")));
    set_external(&mut s, |c| c.http_first_on_fast = true);
    assert!(external(&s).total_ms < 1_500);
}

/// C5/C6: the array FQDN is the Outlook Anywhere name (mail.mycompany.com), so
/// it must resolve externally and every external client pays the TCP-first wait.
#[test]
fn c5_c6_array_named_like_the_https_name_delays_external_clients() {
    let mut s = seed_fixed();
    s.sites[0].arrays[0].fqdn = "mail.mycompany.com".into();
    s.sites[0].databases[0].rpc_client_access_server = "mail.mycompany.com".into();
    let r = external(&s);
    assert_eq!(r.outcome, Outcome::RpcHttp);
    assert!(secs(r.total_ms) > 21.0, "{} s", secs(r.total_ms));
}

/// C10: the HTTPS setup is capped by the 45 s RPC/HTTP connect timeout (§4).
#[test]
fn c10_https_setup_is_capped_at_45_seconds() {
    let mut s = seed_fixed();
    set_external(&mut s, |c| c.oa_setup_ms = 120_000);
    let r = external(&s);
    let tls = r
        .steps
        .iter()
        .find(|st| st.kind == StepKind::TlsAuth)
        .unwrap();
    assert_eq!(tls.duration_ms, 45_000);
}

/// C11 / §8 step 4: every A record costs a full connect timeout (n × T_fail).
#[test]
fn c11_each_a_record_costs_a_timeout() {
    let r = external(&multiple_a_records());
    assert_eq!(failed_tcp_ms(&r), 42_000);
    assert_eq!(r.outcome, Outcome::RpcHttp);
}

/// C12: the perimeter blocks 443 from outside: no connection at all.
#[test]
fn c12_https_blocked_off_site_fails_with_a_named_cause() {
    let mut s = seed_fixed();
    s.perimeter.rules.clear();
    let r = external(&s);
    match &r.outcome {
        Outcome::Failed { cause } => {
            assert!(cause.to_string().contains("unreachable on 443"), "{cause}")
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert_eq!(
        client(&s, "Internal desktop").outcome,
        Outcome::RpcTcp,
        "inside is unaffected"
    );
}

/// C14: a RST is refused in about 2 s, not 21 s.
#[test]
fn c14_rst_perimeter_fails_in_two_seconds() {
    let r = external(&rst_perimeter());
    assert_eq!(failed_tcp_ms(&r), 2_000);
    assert!(
        (2.0..=4.0).contains(&secs(r.total_ms - 800)),
        "§8 table: RST ≈ 2–4 s + oa_setup"
    );
}

/// C15: a black-holed address fails in 21.0 s with MaxSyn 4 and 7.0 s with MaxSyn 2.
#[test]
fn c15_drop_times_match_measurements() {
    for (preset, want) in [
        ("os-win10", 21_000),
        ("os-win10-syn2", 7_000),
        ("os-win7", 21_000),
        ("os-xp", 21_000),
    ] {
        let mut s = seed_leaking();
        set_external(&mut s, |c| c.os_timing = preset.into());
        assert_eq!(failed_tcp_ms(&external(&s)), want, "{preset}");
    }
}

/// §8 expected outputs for the reference scenario (Windows 7, Outlook 2010,
/// broadband): DROP ≈ 21–42 s + oa_setup, RST ≈ 2–4 s + oa_setup, NXDOMAIN ≈ oa_setup.
#[test]
fn section8_reference_table() {
    let setup = 0.8;
    let drop = secs(external(&seed_leaking()).total_ms) - setup;
    assert!((21.0..=42.0 + 0.5).contains(&drop), "DROP {drop}");
    let mut k2 = seed_leaking();
    set_external(&mut k2, |c| c.rpc_bind_attempts = 2);
    let drop_k2 = secs(external(&k2).total_ms) - setup;
    assert!(
        (42.0..=42.5).contains(&drop_k2),
        "k=2 doubles the wait: {drop_k2}"
    );
    let rst = secs(external(&rst_perimeter()).total_ms) - setup;
    assert!((2.0..=4.0).contains(&rst), "RST {rst}");
    let nx = secs(external(&seed_fixed()).total_ms) - setup;
    assert!((0.0..=0.5).contains(&nx), "NXDOMAIN {nx}");
}

/// §5 leak 2 and 3: a wildcard and an NXDOMAIN-redirecting resolver leak too.
#[test]
fn wildcard_and_nxdomain_redirection_leak_the_array_name() {
    assert_eq!(failed_tcp_ms(&external(&wildcard_leak())), 21_000);
    let hotel = client(&hotel_nxdomain(), "Hotel laptop");
    assert_eq!(failed_tcp_ms(&hotel), 21_000);
    assert_eq!(
        external(&hotel_nxdomain()).total_ms,
        external(&seed_fixed()).total_ms,
        "the home resolver still says NXDOMAIN"
    );
}

/// §1: Exchange 2013 mailboxes have no RPC/TCP path, so a leaking array costs nothing.
#[test]
fn exchange_2013_mailboxes_never_try_rpc_over_tcp() {
    // MAPI/HTTP left off, as an organisation with Exchange 2013 leaves it
    // (§10 protocol 2): RPC/HTTP, and no TCP 135 despite the leak.
    let r = external(&exchange_2013());
    assert_eq!(r.outcome, Outcome::RpcHttp);
    assert_eq!(failed_tcp_ms(&r), 0);
    let r = external(&exchange_2013_mapi_http_on());
    assert_eq!(r.outcome, Outcome::MapiHttp);
    assert_eq!(failed_tcp_ms(&r), 0);
}

/// §8 internal-client failure branch: 135 forwarded but not the RPC ports:
/// +21 s per bind, then HTTPS because Outlook Anywhere is in the profile;
/// without it the client does not connect.
#[test]
fn load_balancer_without_rpc_ports_costs_a_timeout_inside() {
    let mut s = lb_missing_rpc_ports();
    let r = client(&s, "Internal desktop");
    assert_eq!(failed_tcp_ms(&r), 21_000);
    assert_eq!(r.outcome, Outcome::RpcHttp);
    s.clients
        .iter_mut()
        .for_each(|c| c.outlook_anywhere = false);
    assert!(matches!(
        client(&s, "Internal desktop").outcome,
        Outcome::Failed { .. }
    ));
}

/// §4: on a slow link (≤ 128 kbit/s) the Exchange 2010 default (0x20 set)
/// tries HTTP first, so a leak costs nothing.
#[test]
fn slow_links_try_http_first_by_default() {
    let mut s = seed_leaking();
    set_external(&mut s, |c| c.link_kbps = 64);
    assert_eq!(failed_tcp_ms(&external(&s)), 0);
}

/// §5: a DNS server that never answers costs 10 s before HTTPS.
#[test]
fn a_silent_dns_server_costs_ten_seconds() {
    let mut s = seed_fixed();
    s.dns_views
        .iter_mut()
        .filter(|v| v.id == "view-internet")
        .for_each(|v| v.responds = false);
    let r = external(&s);
    assert_eq!(
        r.steps
            .iter()
            .find(|st| st.kind == StepKind::DnsLookup)
            .unwrap()
            .duration_ms,
        10_000
    );
}

/// Seed point 3: RPC/TCP clients open public folders on the mailbox server
/// directly; blocking its RPC port leaves the mailbox working but not them.
#[test]
fn public_folders_go_straight_to_the_mailbox_server() {
    let r = client(&seed_fixed(), "Internal desktop");
    assert!(r.public_folders.as_ref().unwrap().connected);
    assert!(r
        .steps
        .iter()
        .any(|st| st.kind == StepKind::TcpConnect && st.detail.contains("10.10.10.21:135")));
    // Internal DNS points the mailbox server's name where nothing answers.
    let mut s = seed_fixed();
    s.dns_views[0].zones[0]
        .records
        .iter_mut()
        .filter(|r| r.id == "rec-int-mbx01")
        .for_each(|r| {
            r.data = RecordData::A {
                address: [10, 10, 10, 99].into(),
            }
        });
    let r = client(&s, "Internal desktop");
    assert_eq!(r.outcome, Outcome::RpcTcp);
    assert!(!r.public_folders.as_ref().unwrap().connected);
}
