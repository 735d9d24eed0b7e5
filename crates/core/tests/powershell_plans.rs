//! Every deployment plan the planner can write, written out for a real
//! PowerShell grammar: `make test-powershell` runs this test, then parses
//! each file it wrote with tree-sitter-powershell (`scripts/check-powershell.py`).
//!
//! The plans: the build plan and the fixes plan of every gallery example, of
//! generated designs (`generate::design`), of every example with user
//! values that try to break out of their quotes (valid designs: names, the
//! design name, client names, TXT text) and of one design with such values in
//! every text field, DNS names included, past what validation allows. They go
//! to `$POWERSHELL_PLANS_DIR` (default `target/powershell-plans`), one `.ps1`
//! per plan, as the CLI writes them (with a BOM, for Windows PowerShell).
//!
//! Natively it checks what the grammar cannot: each hostile value comes out
//! as `commands::ps_quote` makes it, and a plan's code outside its quoted
//! strings and comments is the same whatever the values (nothing in them
//! becomes code), with no double-quoted string, backtick or `$(` in it
//! (nothing a plan runs is expanded).

use cas_planner_core::commands::{self, comment_text, is_ps_single_quote, ps_quote};
use cas_planner_core::model::*;
use cas_planner_core::rules::ARRAY_NAME_MAX;
use cas_planner_core::validate::validate;
use cas_planner_core::{examples, generate};
use std::path::PathBuf;

/// In each value, a word that must never be code.
const MARK: &str = "PWNED";
/// Each of PowerShell's five single quotes once, the mark after each: if
/// any one of them were not doubled in a value, a mark would fall outside
/// its string. Every hostile value starts with it.
const QUOTES: &str = "'PWNED‘PWNED’PWNED‚PWNED‛PWNED";
/// TXT text as validation allows it (printable, at most 255 bytes).
const HOSTILE_TXT: &str = "'PWNED‘PWNED’PWNED‚PWNED‛PWNED it's \"$(PWNED)\" `; “” \\ #";

/// User values built to end a PowerShell string or comment early: every
/// single quote PowerShell knows, then one trick each: double quotes,
/// backticks, `$` and `$(...)`, semicolons, comment and here-string marks,
/// and (every fourth) newlines.
fn hostile(n: usize) -> String {
    let with_newlines = [
        "line one\nPWNED line two\r\n'@\n\"@",
        "ends the line\u{2028}PWNED\u{85}; Stop-Computer",
    ];
    let tricks = [
        "O'Brien's",
        "‘curly’ ‚low‛ ’; #",
        "tick` `$PWNED `n`' `",
        "$(Stop-Computer -Force)",
        "\"double\" \"$env:PWNED\" “smart” „low”",
        "semi; Remove-Item C:\\ -Recurse; #",
        "'' ‘‘’’ <# #>",
        "ends in a quote'",
    ];
    let trick = if n % 4 == 3 {
        with_newlines[n / 4 % with_newlines.len()]
    } else {
        tricks[n % tricks.len()]
    };
    format!("{QUOTES} {trick}")
}

/// `s` with its user-named objects renamed by `value(n)` (n counts the
/// fields), a TXT record in its first zone whose text is `txt`, and so the
/// same design structure whatever `value` gives.
fn renamed(mut s: Scenario, mut value: impl FnMut(usize) -> String, txt: &str) -> Scenario {
    let mut n = 0;
    let mut next = || {
        n += 1;
        value(n)
    };
    s.name = next();
    for site in s.sites.iter_mut() {
        site.name = next();
        for a in site.arrays.iter_mut() {
            a.name = next().chars().take(ARRAY_NAME_MAX).collect();
        }
        for c in site.cas_servers.iter_mut() {
            c.name = next();
        }
        for m in site.mailbox_servers.iter_mut() {
            m.name = next();
        }
        for d in site.databases.iter_mut() {
            d.name = next();
        }
    }
    for v in s.dns_views.iter_mut() {
        v.name = next();
    }
    for c in s.clients.iter_mut() {
        c.name = next();
    }
    for r in s.perimeter.rules.iter_mut() {
        r.name = next();
    }
    for st in s.migration.steps.iter_mut() {
        st.name = next().chars().take(MAX_STEP_NAME_CHARS).collect();
    }
    if let Some(zone) = s.dns_views.iter_mut().find_map(|v| v.zones.first_mut()) {
        let name = format!("keep-txt.{}", zone.name);
        zone.records.push(DnsRecord {
            id: "rec-hostile-txt".into(),
            name,
            data: RecordData::Txt { text: txt.into() },
        });
    }
    s
}

/// The gallery design with hostile names everywhere validation allows them.
fn hostile_design(s: Scenario) -> Scenario {
    renamed(s, hostile, HOSTILE_TXT)
}

/// The same design with plain names: its plan's code must be the hostile one's.
fn plain_design(s: Scenario) -> Scenario {
    renamed(s, |n| format!("Plain name {n}"), "plain text")
}

/// Hostile text in every text field, DNS names included: the app and the
/// loader refuse such a design, but the plan must stay code-safe anyway.
fn unvalidated_design() -> Scenario {
    let mut s = hostile_design(examples::seed_leaking());
    let mut n = 100;
    let mut next = || {
        n += 1;
        hostile(n)
    };
    for site in s.sites.iter_mut() {
        for a in site.arrays.iter_mut() {
            a.fqdn = next();
        }
        for c in site.cas_servers.iter_mut() {
            c.fqdn = next();
            c.outlook_anywhere.external_hostname = next();
        }
        for d in site.databases.iter_mut() {
            d.rpc_client_access_server = next();
        }
    }
    for v in s.dns_views.iter_mut() {
        for z in v.zones.iter_mut() {
            z.name = next();
            for r in z.records.iter_mut() {
                r.name = next();
                match &mut r.data {
                    RecordData::Cname { target } | RecordData::Srv { target, .. } => {
                        *target = next()
                    }
                    RecordData::Txt { text } => *text = next(),
                    RecordData::A { .. } | RecordData::Aaaa { .. } => {}
                }
            }
        }
    }
    s
}

/// A plan's code: every single-quoted string (PowerShell's rules: any of
/// its five single quotes opens and closes one, a doubled one is one
/// character) becomes `''` and every comment is cut to its `#`. Panics on a
/// string left open.
fn code_of(plan: &str) -> String {
    let mut out = String::with_capacity(plan.len());
    let mut chars = plan.chars().peekable();
    while let Some(c) = chars.next() {
        if is_ps_single_quote(c) {
            out.push_str("''");
            loop {
                match chars.next() {
                    Some(q) if is_ps_single_quote(q) => {
                        if chars.peek().is_some_and(|&n| is_ps_single_quote(n)) {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    Some(_) => {}
                    None => panic!("a string is left open in:\n{plan}"),
                }
            }
        } else if c == '#' {
            out.push('#');
            while chars.peek().is_some_and(|&n| n != '\n') {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Nothing in a plan's code expands or escapes: no double-quoted string, no
/// backtick, no subexpression, no user value.
fn assert_code_is_inert(name: &str, plan: &str) {
    let code = code_of(plan);
    for bad in ["\"", "`", "$(", MARK, "“", "”", "„"] {
        assert!(
            !code.contains(bad),
            "{name}: {bad:?} outside quotes and comments in:\n{code}"
        );
    }
}

fn out_dir() -> PathBuf {
    let dir = std::env::var_os("POWERSHELL_PLANS_DIR").map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../target/powershell-plans"
            ))
        },
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir).unwrap();
    // Plans of a previous run go: the checker reads what this run wrote.
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "ps1") {
            std::fs::remove_file(p).unwrap();
        }
    }
    dir
}

/// Writes `plan` as `NAME.ps1` the way the CLI writes `-o` (a BOM for
/// Windows PowerShell, then the plan), after checking it; its size.
fn write_plan(dir: &std::path::Path, name: &str, plan: &str) -> usize {
    let text = format!("\u{feff}{plan}");
    std::fs::write(dir.join(format!("{name}.ps1")), &text).unwrap();
    assert_code_is_inert(name, plan);
    text.len()
}

/// Both plans of `s`, as `build-NAME.ps1` and `fixes-NAME.ps1`, and with a
/// migration plan each step's, as `step-NAME-K.ps1`.
fn write_plans(dir: &std::path::Path, name: &str, s: &Scenario) -> usize {
    let steps: usize = step_plans(s)
        .iter()
        .enumerate()
        .map(|(k, plan)| write_plan(dir, &format!("step-{name}-{}", k + 1), plan))
        .sum();
    write_plan(dir, &format!("build-{name}"), &commands::build_plan(s))
        + write_plan(dir, &format!("fixes-{name}"), &commands::fixes_plan(s))
        + steps
}

/// The deployment plan of each step of `s`'s migration plan (§11 step 1).
fn step_plans(s: &Scenario) -> Vec<String> {
    let steps = cas_planner_core::migration::analyse(s);
    steps
        .windows(2)
        .map(|w| {
            commands::step_plan(
                &w[0].step.design,
                &w[1].step.design,
                &w[1].step.name,
                &w[1].analysis,
            )
        })
        .collect()
}

#[test]
fn every_plan_is_written_for_the_powershell_grammar() {
    let mut designs: Vec<(String, Scenario)> = Vec::new();
    for ex in examples::gallery() {
        let s = (ex.build)();
        let h = hostile_design(s.clone());
        assert_eq!(validate(&h), vec![], "hostile-{}: a valid design", ex.slug);
        designs.push((ex.slug.to_string(), s));
        designs.push((format!("hostile-{}", ex.slug), h));
    }
    // Generated designs of several sizes (the large one's mix of every branch).
    for (seed, sites) in [(1, 3), (2, 10), (3, 25), (4, 60)] {
        let size = generate::Size {
            sites,
            dns_records: 100 * sites,
            clients: 5 * sites,
        };
        let s = generate::design(seed, size);
        let problems = validate(&s);
        assert_eq!(problems, vec![], "seed {seed}, first {sites} sites");
        designs.push((format!("generated-seed-{seed}-{sites}-sites"), s));
    }
    designs.push(("unvalidated-hostile".into(), unvalidated_design()));

    let dir = out_dir();
    let mut bytes = 0;
    for (name, s) in &designs {
        bytes += write_plans(&dir, name, s);
    }
    // The plan of each fix on offer for the gallery's findings, warnings
    // included (the Autodiscover switches, SCP and certificate steps).
    let mut fix_plans = 0;
    // Cases the gallery lacks: a name missing from the CAS certificates
    // (CAS020) and an Outlook 2016 that Office 365 misroutes (CAS024).
    let mut certificate = examples::seed_fixed();
    for c in certificate.sites[0].cas_servers.iter_mut() {
        c.certificate_names
            .retain(|n| n != "autodiscover.mycompany.com");
    }
    let mut o365 = examples::seed_fixed();
    o365.clients[1].outlook_version = OutlookVersion::O2016;
    o365.clients[1].office365 = Office365::TenantAnswers;
    let extra = [
        ("certificate-missing-name".to_string(), certificate),
        ("office365-misroute".to_string(), o365),
    ];
    let gallery = designs.iter().take(2 * examples::gallery().len());
    for (name, s) in gallery.chain(extra.iter()) {
        let analysis = cas_planner_core::analysis::Analysis::of(s);
        for f in &analysis.findings {
            for (i, a) in cas_planner_core::fixes::offered(s, &analysis, f)
                .iter()
                .enumerate()
            {
                bytes += write_plan(
                    &dir,
                    &format!("fix-{name}-{}-{i}", f.rule),
                    &commands::fix_plan(s, a),
                );
                fix_plans += 1;
            }
        }
    }
    // The whole generated design: its build plan only, as its fixes plan
    // alone takes about 40 s in a debug build.
    let large = commands::build_plan(&generate::large_design(5));
    bytes += write_plan(&dir, "build-generated-seed-5-200-sites", &large);
    let files = 2 * designs.len() + 1 + fix_plans;
    eprintln!("wrote {files} plans, {bytes} bytes, to {}", dir.display());
}

/// Hostile values change only what is inside quotes and comments: the
/// code is the plain design's, and each value is there as `ps_quote` or
/// `comment_text` makes it.
#[test]
fn hostile_values_stay_inside_quotes_and_comments() {
    for ex in examples::gallery() {
        let (h, p) = (hostile_design((ex.build)()), plain_design((ex.build)()));
        for (plan, plain) in [
            (commands::build_plan(&h), commands::build_plan(&p)),
            (commands::fixes_plan(&h), commands::fixes_plan(&p)),
        ] {
            assert_eq!(code_of(&plan), code_of(&plain), "{}", ex.slug);
            assert!(plan.contains(MARK), "{}: no hostile value written", ex.slug);
            assert!(
                plan.contains(&format!("# Design: {}\n", comment_text(&h.name))),
                "{plan}"
            );
        }
        for (plan, plain) in step_plans(&h).iter().zip(step_plans(&p).iter()) {
            assert_eq!(code_of(plan), code_of(plain), "{}", ex.slug);
        }
        let build = commands::build_plan(&h);
        for site in h.sites.iter() {
            for a in site.arrays.iter() {
                let cmd = format!(
                    "New-ClientAccessArray -Name {} -Fqdn {} -Site {}\n",
                    ps_quote(&a.name),
                    ps_quote(&a.fqdn),
                    ps_quote(&site.name)
                );
                assert!(build.contains(&cmd), "{}: {cmd}\n{build}", ex.slug);
            }
            for d in site.databases.iter().filter(|d| {
                d.exchange_version.has_rpc_tcp() && !d.rpc_client_access_server.is_empty()
            }) {
                let cmd = format!("Set-MailboxDatabase -Identity {} ", ps_quote(&d.name));
                assert!(build.contains(&cmd), "{}: {cmd}\n{build}", ex.slug);
            }
        }
        // Client names only in comments: the predictions after the plan.
        for c in h.clients.iter() {
            let note = format!("\n#   {}: ", comment_text(&c.name));
            assert!(build.contains(&note), "{}: {note}\n{build}", ex.slug);
        }
        let txt = format!("-DescriptiveText {}\n", ps_quote(HOSTILE_TXT));
        assert!(build.contains(&txt), "{}: {txt}\n{build}", ex.slug);
    }
}

/// The check above would see a value break out: quoting that forgot any
/// one of the five single quotes leaves a mark in the code.
#[test]
fn a_quote_left_undoubled_would_be_seen() {
    assert_eq!(ps_quote(QUOTES), "'''PWNED‘‘PWNED’’PWNED‚‚PWNED‛‛PWNED'");
    assert!(!code_of(&ps_quote(QUOTES)).contains(MARK));
    for forgotten in ['\'', '‘', '’', '‚', '‛'] {
        let mut careless = String::from("'");
        for c in QUOTES.chars() {
            if is_ps_single_quote(c) && c != forgotten {
                careless.push(c);
            }
            careless.push(c);
        }
        careless.push_str("'\n");
        let code = std::panic::catch_unwind(|| code_of(&careless));
        assert!(
            code.is_err() || code.as_ref().unwrap().contains(MARK),
            "{forgotten}: {careless} reads as code {code:?}"
        );
    }
}
