//! Coexistence and migration (§11), one test per sourced fact (B12–B17, the
//! ambiguous URL of B13): each a design, the predicted outcome and the step
//! that says why; the advisor's rules with honest fixes; the two migration
//! examples stepped through; the plan's walk, edits and refusals.

use cas_planner_core::advisor::{self, Finding, Severity};
use cas_planner_core::analysis::Analysis;
use cas_planner_core::migration;
use cas_planner_core::model::*;
use cas_planner_core::sim::{simulate, Cause, ClientResult, Outcome, SimulationReport};
use cas_planner_core::{commands, examples, fixes, Scenario};

fn by_name<'r>(r: &'r SimulationReport, name: &str) -> &'r ClientResult {
    r.clients
        .iter()
        .find(|c| c.client == name)
        .unwrap_or_else(|| panic!("no client {name}"))
}

fn fired(s: &Scenario, rule: &str) -> Vec<Finding> {
    Analysis::of(s)
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// Every fix offered for `rule` is honest and removes its finding; the
/// fixed designs, in order.
fn honest_fixes(s: &Scenario, rule: &str) -> Vec<fixes::Assessed> {
    let before = Analysis::of(s);
    let mut out = Vec::new();
    for f in before.findings.iter().filter(|f| f.rule == rule) {
        let offered = fixes::offered(s, &before, f);
        assert!(!offered.is_empty(), "{rule}: no fix offered");
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
            out.push(a);
        }
    }
    out
}

/// The seed with the HTTPS names on a 2016 server beside its 2010 ones:
/// the design at the plan's "namespaces moved" step, NTLM included.
fn namespaces_on_2016() -> Scenario {
    let plan = migration::steps(&with_plan(examples::seed_fixed(), true));
    plan.into_iter()
        .find(|s| s.id == "namespaces")
        .expect("the draft moves the names")
        .design
        .as_ref()
        .clone()
}

fn with_plan(mut s: Scenario, ntlm: bool) -> Scenario {
    s.migration = advisor::draft(
        &s,
        &advisor::Draft {
            ntlm,
            ..advisor::Draft::to(ExchangeVersion::V2016)
        },
    )
    .expect("a 2010 site");
    s
}

/// B14, §11 coexist 4: an external 2010 mailbox reaches the 2016 server,
/// which proxies it down through a 2010 server: RPC/HTTP, a step says
/// "proxied" and names both servers.
#[test]
fn an_external_2010_mailbox_is_proxied_by_the_new_server() {
    let s = namespaces_on_2016();
    let r = simulate(&s);
    let out = by_name(&r, "External laptop");
    assert_eq!(out.outcome, Outcome::RpcHttp, "{:#?}", out.steps);
    let step = out
        .steps
        .iter()
        .find(|st| st.detail.contains("proxied through"))
        .unwrap_or_else(|| panic!("{:#?}", out.steps));
    assert!(
        step.detail
            .starts_with("CAS2016 (Exchange 2016) takes the HTTPS session")
            && step
                .detail
                .contains("proxied through CAS01 (Exchange 2010) with NTLM"),
        "{}",
        step.detail
    );
    assert!(step.source.contains("§11 coexist 4"), "{}", step.source);
}

/// B14, §11 coexist 5: without NTLM on 2010's Outlook Anywhere the proxy
/// fails with prompts; the advisor names NTLM and its fix lets the proxy in.
#[test]
fn without_ntlm_the_proxy_fails_with_prompts_and_the_advisor_names_ntlm() {
    let mut s = namespaces_on_2016();
    for c in s.sites[0].cas_servers.iter_mut() {
        c.outlook_anywhere.auth = OaAuth::Basic;
        c.outlook_anywhere.iis_auth = vec![OaAuth::Basic];
    }
    let r = simulate(&s);
    let out = by_name(&r, "External laptop");
    let Outcome::Failed { cause } = &out.outcome else {
        panic!("{:?}", out.outcome)
    };
    assert!(cause.prompts(), "{cause}");
    assert!(matches!(cause, Cause::ProxyPrompts { .. }));
    assert!(
        cause
            .to_string()
            .starts_with("credential prompts that never end")
            && cause.to_string().contains("do not include NTLM"),
        "{cause}"
    );
    let f = fired(&s, "CAS027");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Error);
    assert!(
        f[0].why.contains("NTLM") && f[0].why.contains("External laptop"),
        "{}",
        f[0].why
    );
    let fixed = honest_fixes(&s, "CAS027");
    assert_eq!(fixed.len(), 1);
    assert_eq!(
        by_name(&simulate(&fixed[0].after), "External laptop").outcome,
        Outcome::RpcHttp
    );
    let plan = commands::fix_plan(&s, &fixed[0]);
    assert!(
        plan.contains("Set-OutlookAnywhere -Identity 'CAS01\\Rpc (Default Web Site)' -IISAuthenticationMethods 'Basic','NTLM'"),
        "{plan}"
    );
}

/// B15, §11 coexist 5: Exchange 2010 on Windows Server 2008 R2 without
/// KB3140410 fails the proxy with prompts too; the fix marks the update and
/// the plan says to install and check it.
#[test]
fn windows_2008_r2_without_kb3140410_fails_the_proxy() {
    let mut s = namespaces_on_2016();
    for c in s.sites[0].cas_servers.iter_mut() {
        c.windows = WindowsServer::W2008R2;
        c.kb3140410 = c.id != "cas-01";
    }
    let r = simulate(&s);
    let Outcome::Failed { cause } = &by_name(&r, "External laptop").outcome else {
        panic!()
    };
    assert!(cause.to_string().contains("KB3140410"), "{cause}");
    let fixed = honest_fixes(&s, "CAS027");
    let plan = commands::fix_plan(&s, &fixed[0]);
    assert!(
        plan.contains("Get-HotFix -Id KB3140410 -ComputerName 'cas01.mycompany.internal'"),
        "{plan}"
    );
}

/// B14, §11 coexist 4: inside, a 2010 mailbox keeps RPC/TCP to the array
/// after the names move (the array stays on 2010).
#[test]
fn an_inside_2010_mailbox_keeps_rpc_tcp_to_the_array() {
    let s = namespaces_on_2016();
    let r = simulate(&s);
    let inside = by_name(&r, "Internal desktop");
    assert_eq!(inside.outcome, Outcome::RpcTcp, "{:#?}", inside.steps);
    assert!(inside
        .steps
        .iter()
        .any(|st| st.detail.contains("outlook.mycompany.internal")));
}

/// B15, B17, §11 coexist 4: a mailbox moved to 2016 connects to its
/// GUID@domain endpoint over MAPI/HTTP (the organisation's setting left as
/// setup left it: on when 2016 joins 2010, §10 protocol 2), and compare
/// names the restart prompt of the move.
#[test]
fn a_moved_mailbox_uses_mapi_http_at_its_guid_endpoint() {
    let mut base = examples::seed_fixed();
    base.clients
        .iter_mut()
        .for_each(|c| c.outlook_version = OutlookVersion::O2016);
    let s = with_plan(base, true);
    let steps = migration::steps(&s);
    let pilot = steps.iter().find(|st| st.id == "pilot").unwrap();
    let r = simulate(&pilot.design);
    let moved = by_name(&r, "Internal desktop");
    assert_eq!(moved.outcome, Outcome::MapiHttp, "{:#?}", moved.steps);
    assert!(moved.steps.iter().any(|st| st
        .detail
        .contains("the profile's server is the mailbox GUID@mycompany.com")));
    let analysed = migration::analyse(&s);
    let at = analysed.iter().find(|a| a.step.id == "pilot").unwrap();
    let delta = at
        .compare
        .as_ref()
        .unwrap()
        .clients
        .iter()
        .find(|d| d.client == "Internal desktop")
        .unwrap();
    assert!(delta.restart_prompt.is_some(), "{delta:?}");
}

/// B16, §11 coexist 6: an RPC/TCP-only profile whose mailbox moved loops on
/// the restart prompt; CAS028 says so (an error), and a warning while the
/// mailbox is still on 2010 in coexistence; the fix gives the profile
/// Outlook Anywhere.
#[test]
fn rpc_tcp_only_profiles_loop_at_the_cut_over() {
    let s = with_plan(examples::seed_fixed(), true);
    let steps = migration::steps(&s);
    let rpc_tcp_only = |id: &str| {
        let mut d = (*steps.iter().find(|st| st.id == id).unwrap().design).clone();
        d.clients[0].outlook_anywhere = false;
        d
    };
    // Still on 2010 beside the new server: a warning.
    let installed = rpc_tcp_only("installed");
    assert_eq!(
        by_name(&simulate(&installed), "Internal desktop").outcome,
        Outcome::RpcTcp
    );
    let warn = fired(&installed, "CAS028");
    assert_eq!(warn.len(), 1, "{warn:?}");
    assert_eq!(warn[0].severity, Severity::Warning);
    // Moved: the restart prompt in a loop, an error.
    let pilot = rpc_tcp_only("pilot");
    let r = simulate(&pilot);
    let Outcome::Failed { cause } = &by_name(&r, "Internal desktop").outcome else {
        panic!("{:?}", by_name(&r, "Internal desktop").outcome)
    };
    assert!(matches!(cause, Cause::RestartLoop { .. }) && cause.prompts());
    assert!(
        cause
            .to_string()
            .contains("An automatic switch in protocol to RPC-over-HTTP does not occur"),
        "{cause}"
    );
    let err = fired(&pilot, "CAS028");
    assert_eq!(err[0].severity, Severity::Error);
    let fixed = honest_fixes(&pilot, "CAS028");
    assert_eq!(
        by_name(&simulate(&fixed[0].after), "Internal desktop").outcome,
        Outcome::RpcHttp
    );
    let plan = commands::fix_plan(&pilot, &fixed[0]);
    assert!(
        plan.contains("Outlook profile of Internal desktop: give it Outlook Anywhere"),
        "{plan}"
    );
}

/// B12, §11 coexist 1: a 2010 server below SP3 RU11 in a design with a
/// newer server is an error; the fix raises the build and the plan says to
/// install it.
#[test]
fn a_2010_below_the_coexistence_minimum_is_named() {
    let mut s = namespaces_on_2016();
    s.sites[0].cas_servers[0].build = "14.3.248.2".into();
    let f = fired(&s, "CAS029");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].why.contains("14.3.248.2") && f[0].why.contains("14.3.266.2"));
    let fixed = honest_fixes(&s, "CAS029");
    let plan = commands::fix_plan(&s, &fixed[0]);
    assert!(
        plan.contains("Update CAS01 from build 14.3.248.2 to 14.3.266.2"),
        "{plan}"
    );
    // Alone, without a newer server, it is not a coexistence problem.
    let mut alone = examples::seed_fixed();
    alone.sites[0].cas_servers[0].build = "14.3.248.2".into();
    assert!(fired(&alone, "CAS029").is_empty());
}

/// B6, §11 coexist 2: Exchange 2010 is out of support: information, whose
/// fix drafts a plan that retires it (and the finding goes).
#[test]
fn end_of_support_offers_a_plan_that_retires_2010() {
    let s = examples::seed_fixed();
    let f = fired(&s, "CAS030");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Info);
    let fixed = honest_fixes(&s, "CAS030");
    let plan = &fixed[0].after.migration;
    let names: Vec<&str> = plan.steps.iter().map(|st| st.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Exchange 2019 installed",
            "Namespaces moved to Exchange 2019",
            "First mailboxes moved",
            "All mailboxes moved",
            "Exchange 2010 removed"
        ]
    );
    // Each step applies whole, and every client connects at every step.
    for st in migration::analyse(&fixed[0].after) {
        assert!(
            st.step.stale.is_empty(),
            "{}: {:?}",
            st.step.name,
            st.step.stale
        );
        let sum = st.summary();
        assert_eq!(sum.failed, 0, "{}: {sum:?}", st.step.name);
        assert_eq!(
            sum.errors, 0,
            "{}: {:?}",
            st.step.name, st.analysis.findings
        );
    }
}

/// B13, §11 coexist 3: an array named like Outlook Anywhere blocks the
/// move: CAS006 says so once a newer server is in, its fix gives the array
/// an internal-only name; moving the shared name to 2019 without it costs
/// the inside 2010 users RPC/TCP.
#[test]
fn the_ambiguous_array_name_blocks_the_move() {
    let s = examples::coexistence_2010_2019();
    let steps = migration::steps(&s);
    let installed = &steps.iter().find(|st| st.id == "installed").unwrap().design;
    let f = fired(installed, "CAS006");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].why.contains("it blocks the move to Exchange 2019"),
        "{}",
        f[0].why
    );
    let fixed = honest_fixes(installed, "CAS006");
    assert!(
        fixed[0].title.contains("internal-only name"),
        "{}",
        fixed[0].title
    );
    let before = simulate(installed);
    assert_eq!(
        by_name(&before, "Internal desktop").outcome,
        Outcome::RpcTcp
    );
    let moved = &steps
        .iter()
        .find(|st| st.id == "namespaces")
        .unwrap()
        .design;
    let after = simulate(moved);
    let inside = by_name(&after, "Internal desktop");
    assert_eq!(inside.outcome, Outcome::RpcHttp, "{:#?}", inside.steps);
    assert!(inside
        .steps
        .iter()
        .any(|st| st.detail.contains(":135 ") && st.detail.contains("RST")));
}

/// The 2010 → 2016 example: the NTLM mistake shows from "Namespaces moved"
/// (external 2010 users prompted, CAS027) until their mailboxes move.
#[test]
fn the_2016_example_prompts_external_users_until_their_mailboxes_move() {
    let s = examples::coexistence_2010_2016();
    let steps = migration::analyse(&s);
    let ids: Vec<&str> = steps.iter().map(|st| st.step.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "",
            "installed",
            "namespaces",
            "pilot",
            "mailboxes",
            "retired"
        ]
    );
    let prompting: Vec<usize> = steps.iter().map(|st| st.summary().prompting).collect();
    assert_eq!(prompting, [0, 0, 2, 2, 0, 0]);
    let at = &steps[2];
    assert_eq!(at.summary().broken, 2);
    assert!(at.analysis.findings.iter().any(|f| f.rule == "CAS027"));
    let last = steps.last().unwrap().summary();
    assert_eq!((last.failed, last.errors), (0, 0));
    assert_eq!(last.mapi_http, 3, "Outlook 2016 users on MAPI/HTTP");
    // Each step's deployment plan takes the step before to it.
    let plan = commands::step_plan(
        &steps[3].step.design,
        &steps[4].step.design,
        &steps[4].step.name,
        &steps[4].analysis,
    );
    assert!(
        plan.contains("New-MoveRequest -Identity $_ -TargetDatabase 'DB01-2016'"),
        "{plan}"
    );
}

/// A plan is one chain; `SetMigration` refuses anything else, and a step's
/// edit that no longer applies is skipped and named.
#[test]
fn plans_are_one_chain_and_stale_edits_are_named() {
    let s = examples::coexistence_2010_2016();
    let mut forked = s.migration.clone();
    forked.steps[2].after = String::new();
    let e = s
        .apply(Edit::SetMigration { migration: forked })
        .unwrap_err();
    assert!(e.to_string().contains("a plan is one sequence"), "{e}");
    let mut cycle = s.migration.clone();
    cycle.steps[0].after = "retired".into();
    let e = s
        .apply(Edit::SetMigration { migration: cycle })
        .unwrap_err();
    assert!(e.to_string().contains("cycle"), "{e}");
    // Deleting the array today leaves the last step's removal of it stale.
    let (edited, _) = migration::edit_step(
        &s,
        "",
        Edit::Delete {
            id: "array-hq".into(),
        },
    )
    .unwrap();
    let steps = migration::steps(&edited);
    let stale: Vec<String> = steps
        .iter()
        .flat_map(|st| st.stale.iter().map(|x| format!("{}: {x}", st.name)))
        .collect();
    assert_eq!(
        stale,
        ["Exchange 2010 removed: change 3 (delete \"array-hq\") skipped: nothing in the design has id \"array-hq\""]
    );
    // And an edit at a step reaches every later one.
    let (edited, design) =
        migration::edit_step(&s, "installed", Edit::SetHairpinNat { on: true }).unwrap();
    assert!(design.perimeter.hairpin_nat);
    assert!(migration::steps(&edited)
        .iter()
        .skip(1)
        .all(|st| st.design.perimeter.hairpin_nat));
    assert!(!migration::steps(&edited)[0].design.perimeter.hairpin_nat);
}
