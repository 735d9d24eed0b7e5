//! The advisor's Autodiscover rules (CAS018–CAS024, §6): each fires on the
//! example or case it is about and not on the fixed seed, each fix it
//! offers is honest (helps, harms nobody) and removes the finding, and the
//! fix's effect shows the Autodiscover change.

use cas_planner_core::advisor::{Finding, Severity};
use cas_planner_core::analysis::Analysis;
use cas_planner_core::model::*;
use cas_planner_core::{examples, fixes, Scenario};

fn fired(s: &Scenario, rule: &str) -> Vec<Finding> {
    Analysis::of(s)
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// Every fix offered for each finding of `rule` is honest and removes the
/// finding; returns the effect summaries, in order.
fn fixes_are_honest(s: &Scenario, rule: &str) -> Vec<String> {
    let before = Analysis::of(s);
    let mut summaries = Vec::new();
    for f in before.findings.iter().filter(|f| f.rule == rule) {
        let offered = fixes::offered(s, &before, f);
        assert!(!offered.is_empty(), "{rule}: no fix offered: {:?}", f.fixes);
        for a in offered {
            assert!(
                a.effect.honest(),
                "{rule} {}: {}",
                a.title,
                a.effect.summary()
            );
            let after = Analysis::of(&a.after);
            assert!(
                after.findings.iter().all(|g| g.key() != f.key()),
                "{rule} {} leaves the finding",
                a.title
            );
            summaries.push(format!("{}: {}", a.title, a.effect.summary()));
        }
    }
    summaries
}

/// Only the information that Exchange 2010 is out of support (§11 coexist 2).
#[test]
fn none_fires_on_the_fixed_seed() {
    let findings = Analysis::of(&examples::seed_fixed()).findings;
    assert!(findings.iter().all(|f| f.rule == "CAS030"), "{findings:?}");
}

#[test]
fn cas018_the_root_domain_on_the_dcs_c7() {
    let s = examples::autodiscover_root_domain_dcs();
    let f = fired(&s, "CAS018");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].why.contains("10.10.10.5, 10.10.10.6"), "{}", f[0].why);
    assert!(f[0].why.contains("42.0 s"), "{}", f[0].why);
    assert!(f[0].source.contains("C7"));
    assert!(f[0].objects.contains(&"client-workgroup".to_string()));
    let summaries = fixes_are_honest(&s, "CAS018");
    assert_eq!(summaries.len(), 1, "{summaries:?}");
    assert!(
        summaries[0].contains("ExcludeHttpsRootDomain")
            && summaries[0].contains("Workgroup PC on the LAN profile setup 42.8 s → 808 ms"),
        "{summaries:?}"
    );
}

#[test]
fn cas018_offers_a_quick_refusal_when_a_web_host_drops() {
    let s = examples::autodiscover_http_redirect();
    let summaries = fixes_are_honest(&s, "CAS018");
    assert_eq!(summaries.len(), 2, "{summaries:?}");
    assert!(
        summaries[1].starts_with("Make Company web site refuse HTTPS"),
        "{summaries:?}"
    );
}

#[test]
fn cas019_a_web_host_certificate_on_the_root_domain_c8_c16() {
    let s = examples::autodiscover_web_host();
    let f = fired(&s, "CAS019");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].objects[0], "web-dnshost");
    assert!(f[0].why.contains("*.dnshost.example"), "{}", f[0].why);
    let summaries = fixes_are_honest(&s, "CAS019");
    assert_eq!(summaries.len(), 2, "{summaries:?}");
    assert!(
        summaries[0].contains("External laptop profile setup 7.6 s → 1.8 s, 1 prompt → none"),
        "{summaries:?}"
    );
    assert!(
        fired(&s, "CAS018").is_empty(),
        "the host answers: no timeout"
    );
}

#[test]
fn cas020_a_name_missing_from_the_exchange_certificate() {
    let mut s = examples::seed_fixed();
    for c in s.sites[0].cas_servers.iter_mut() {
        c.certificate_names
            .retain(|n| n != "autodiscover.mycompany.com");
    }
    let f = fired(&s, "CAS020");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        f[0].objects[..2],
        [
            "cas-01".to_string(),
            "autodiscover.mycompany.com".to_string()
        ]
    );
    let summaries = fixes_are_honest(&s, "CAS020");
    assert!(
        summaries[0]
            .starts_with("Add autodiscover.mycompany.com to the certificate of CAS01, CAS02"),
        "{summaries:?}"
    );
    assert!(fired(&examples::seed_fixed(), "CAS020").is_empty());
}

#[test]
fn cas021_the_redirect_prompt_c9() {
    let s = examples::autodiscover_http_redirect();
    let f = fired(&s, "CAS021");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].why.contains("mail.mycompany.com"), "{}", f[0].why);
    let summaries = fixes_are_honest(&s, "CAS021");
    assert!(
        summaries[0].contains("each start 5.9 s → 920 ms, 2 prompts → none"),
        "{summaries:?}"
    );
}

#[test]
fn cas022_an_scp_url_branch_clients_cannot_resolve() {
    let s = examples::autodiscover_scp_site_scope();
    let f = fired(&s, "CAS022");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        f[0].objects[..2],
        ["cas-03".to_string(), "view-internal".to_string()]
    );
    let summaries = fixes_are_honest(&s, "CAS022");
    assert_eq!(summaries.len(), 2, "{summaries:?}");
    assert!(summaries[0].starts_with("Split DNS"), "{summaries:?}");
    assert!(
        summaries[1].starts_with(
            "Publish https://mail.mycompany.com/Autodiscover/Autodiscover.xml as CAS03's SCP URL"
        ),
        "{summaries:?}"
    );
}

/// The branch's CAS scoped to HQ alone: branch clients get only priority-3 URLs.
fn branch_out_of_scope() -> Scenario {
    let mut s = examples::autodiscover_scp_site_scope();
    s.sites[1].cas_servers[0].autodiscover_site_scope = vec!["HQ".into()];
    let zone = &mut s.dns_views[0].zones[0];
    zone.records.push(DnsRecord {
        id: "rec-int-cas03".into(),
        name: "cas03.mycompany.internal".into(),
        data: RecordData::A {
            address: [10, 20, 10, 11].into(),
        },
    });
    s
}

#[test]
fn cas023_a_site_only_other_sites_scopes_serve() {
    let s = branch_out_of_scope();
    assert!(fired(&s, "CAS022").is_empty());
    let f = fired(&s, "CAS023");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].objects[0], "site-branch");
    let summaries = fixes_are_honest(&s, "CAS023");
    assert!(
        summaries[0].starts_with("Scope CAS03 to Branch too"),
        "{summaries:?}"
    );
    assert!(fired(&examples::autodiscover_scp_site_scope(), "CAS023").is_empty());
}

#[test]
fn cas024_office_365_misroutes_an_on_premises_mailbox_c19() {
    let mut s = examples::seed_fixed();
    s.clients[1].outlook_version = OutlookVersion::O2016;
    s.clients[1].office365 = Office365::TenantAnswers;
    let f = fired(&s, "CAS024");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Error);
    let summaries = fixes_are_honest(&s, "CAS024");
    assert!(summaries[0].contains("(misrouted) →"), "{summaries:?}");
    // "Apply all" carries it out: it is an error with an honest fix.
    let all = fixes::apply_all(&s);
    assert!(all.after.clients[1]
        .autodiscover_exclude
        .contains(&Method::O365));
}

/// A fix that makes each start slower counts as harm.
#[test]
fn a_slower_start_is_harm() {
    let s = examples::autodiscover_http_redirect();
    let before = Analysis::of(&s);
    let mut slow = s.clone();
    slow.clients[0]
        .autodiscover_exclude
        .push(Method::HttpRedirect);
    let e = fixes::effect(&before, &Analysis::of(&slow));
    assert!(e.harms(), "{}", e.summary());
    assert!(
        e.summary().contains("fails") || e.summary().contains("slows"),
        "{}",
        e.summary()
    );
}

/// The plan of the first fix of `rule`'s first finding in `s`.
fn first_fix_plan(s: &Scenario, rule: &str, nth: usize) -> String {
    let before = Analysis::of(s);
    let f = before.findings.iter().find(|f| f.rule == rule).unwrap();
    let offered = fixes::offered(s, &before, f);
    cas_planner_core::commands::fix_plan(s, &offered[nth])
}

#[test]
fn the_fixes_are_deployment_steps() {
    let plan = first_fix_plan(&examples::autodiscover_root_domain_dcs(), "CAS018", 0);
    assert!(
        plan.contains("    $Key = 'HKCU:\\Software\\Policies\\Microsoft\\Office\\16.0\\Outlook\\AutoDiscover'"),
        "{plan}"
    );
    assert!(plan.contains("New-ItemProperty -Path $Key -Name 'ExcludeHttpsRootDomain' -PropertyType DWord -Value 1"), "{plan}");
    let plan = first_fix_plan(&examples::autodiscover_http_redirect(), "CAS021", 0);
    assert!(
        plan.contains("Office\\12.0\\Outlook\\AutoDiscover'"),
        "{plan}"
    );
    assert!(plan.contains("New-ItemProperty -Path $Redirect -Name 'mail.mycompany.com' -PropertyType String -Value ''"), "{plan}");
    let plan = first_fix_plan(&examples::autodiscover_http_redirect(), "CAS018", 1);
    assert!(
        plan.contains("# [ ] web host Company web site (198.51.100.80) is not Exchange"),
        "{plan}"
    );
    let plan = first_fix_plan(&examples::autodiscover_scp_site_scope(), "CAS022", 1);
    assert!(plan.contains("Set-ClientAccessServer -Identity 'CAS03' -AutoDiscoverServiceInternalUri 'https://mail.mycompany.com/Autodiscover/Autodiscover.xml'"), "{plan}");
    let plan = first_fix_plan(&branch_out_of_scope(), "CAS023", 0);
    assert!(
        plan.contains("-AutoDiscoverSiteScope 'HQ','Branch'"),
        "{plan}"
    );
    let mut s = examples::seed_fixed();
    for c in s.sites[0].cas_servers.iter_mut() {
        c.certificate_names
            .retain(|n| n != "autodiscover.mycompany.com");
    }
    let plan = first_fix_plan(&s, "CAS020", 0);
    assert!(plan.contains("New-ExchangeCertificate -Server 'CAS01' -GenerateRequest -SubjectName 'CN=cas01.mycompany.internal' -DomainName 'cas01.mycompany.internal','mail.mycompany.com','autodiscover.mycompany.com'"), "{plan}");
    assert!(plan.contains("Enable-ExchangeCertificate -Server 'CAS02' -Thumbprint $Certificate.Thumbprint -Services IIS"), "{plan}");
}
