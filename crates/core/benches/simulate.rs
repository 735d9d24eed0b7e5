//! Native benchmarks of the core on the generated large design
//! (`generate::large_design(1)`: 200 sites, 2,000 servers, 20,000 DNS records,
//! 1,000 clients). The scenario is built once, outside the timed loops.
//!
//! Target (issue "Core engine"): `sim::simulate` of every client ≤ 5 ms.
//!
//! `cargo bench -p cas-planner-core` runs criterion; before it, a plain
//! figure printout (median of a few runs) is written to stderr so the numbers
//! can be quoted without reading criterion's report.

use cas_planner_core::{analysis::Analysis, fixes, generate, sim, world::World};
use criterion::{black_box, criterion_group, Criterion};
use std::time::{Duration, Instant};

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2].as_secs_f64() * 1_000.0
}

/// The figures in plain text, independent of criterion's output format.
fn print_figures() {
    let t = Instant::now();
    let scenario = generate::large_design(1);
    let build = t.elapsed().as_secs_f64() * 1_000.0;
    let simulate = median_ms(21, || {
        black_box(sim::simulate(black_box(&scenario)));
    });
    let world = median_ms(21, || {
        black_box(World::new(black_box(&scenario)));
    });
    let check = median_ms(11, || {
        black_box(Analysis::of(black_box(&scenario)));
    });
    // What the app does on "Apply all fixes" and on "Show fixes" for every finding.
    let t = Instant::now();
    let all = fixes::apply_all(&scenario);
    let apply_all = t.elapsed().as_secs_f64() * 1_000.0;
    let t = Instant::now();
    let mut assessor = fixes::Assessor::new(&scenario);
    let offered: usize = assessor.offered_all().iter().map(Vec::len).sum();
    let offer = t.elapsed().as_secs_f64() * 1_000.0;
    let findings = assessor.before().findings.len();
    // Import: a 50,000-record dnscmd export.
    let mut zone_text = String::from(";  Database file contoso.com.dns for contoso.com zone.\n@ IN SOA dc01.contoso.com. h.contoso.com. ( 1 900 600 86400 3600 )\n");
    for i in 0..50_000u32 {
        zone_text.push_str(&format!(
            "host{i} [AGE:3659458] 1200 A 10.{}.{}.{}\n",
            i >> 16,
            (i >> 8) & 255,
            i & 255
        ));
    }
    let zone = median_ms(11, || {
        black_box(cas_planner_core::import::zone::parse(black_box(&zone_text), None).unwrap());
    });
    // Import: that zone with 50 servers and 500 databases, read and mapped to a design.
    let mut servers = String::from("Name,Fqdn,Site,ServerRole,AdminDisplayVersion\n");
    let mut dbs = String::from("Name,Server,RpcClientAccessServer\n");
    for i in 0..50 {
        servers.push_str(&format!("MBX{i:02},mbx{i:02}.contoso.com,Site{},\"Mailbox, ClientAccess\",Version 14.3 (Build 123.4)\n", i % 5));
    }
    for i in 0..500 {
        dbs.push_str(&format!(
            "DB{i:03},MBX{:02},outlook-{}.contoso.com\n",
            i % 50,
            i % 5
        ));
    }
    let (mut read, mut build_ms) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let t = Instant::now();
        let sources: Vec<_> = [
            ("exchange-servers.csv", &servers),
            ("mailbox-databases.csv", &dbs),
            ("contoso.com.dns", &zone_text),
        ]
        .iter()
        .map(|(n, t)| cas_planner_core::import::read(n, t, None).unwrap())
        .collect();
        read.push(t.elapsed().as_secs_f64() * 1_000.0);
        let t = Instant::now();
        black_box(cas_planner_core::import::build(&sources));
        build_ms.push(t.elapsed().as_secs_f64() * 1_000.0);
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (read, build_ms) = (med(&mut read), med(&mut build_ms));
    // The topology of the 200-site design with its slowest client's path.
    let report = cas_planner_core::sim::simulate(&scenario);
    let slowest = report.clients.iter().max_by_key(|c| c.total_ms).cloned();
    let layout = median_ms(11, || {
        let o = cas_planner_core::draw::TopologyOptions {
            result: slowest.as_deref(),
            ..Default::default()
        };
        black_box(cas_planner_core::draw::topology(black_box(&scenario), &o));
    });
    let plan = plan_figures(&scenario);
    eprintln!(
        "large design (seed 1): {} clients, built in {build:.1} ms",
        scenario.clients.len()
    );
    eprintln!("  sim::simulate (all clients)  median {simulate:.2} ms   (target ≤ 5 ms)");
    eprintln!("    of which World::new        median {world:.2} ms");
    eprintln!("  Analysis::of (simulate + advise) median {check:.2} ms");
    eprintln!("  fixes::Assessor, every finding's fixes ({findings} findings, {offered} fixes offered)  {offer:.0} ms");
    eprintln!(
        "  fixes::apply_all ({} fixes applied)  {apply_all:.0} ms",
        all.applied.len()
    );
    eprintln!(
        "import::zone::parse, 50,000-record dnscmd export ({:.1} MB)  median {zone:.1} ms",
        zone_text.len() as f64 / 1e6
    );
    eprintln!("{plan}");
    eprintln!("draw::topology, 200 sites with the slowest client's path  median {layout:.2} ms   (target < 50 ms)");
    eprintln!("import::read of that zone + 50 servers + 500 databases  median {read:.1} ms; import::build (the design)  median {build_ms:.1} ms");
}

/// A migration plan over the large design (§11): the drafted plan to 2019,
/// every step's design derived, and an edit in each step as the app makes
/// it: the step's new design (`edit_step_on`), the plan's designs up to
/// that step again (`steps_again_until`, keeping those before it) and the
/// step on screen analysed from its last analysis (`Analyzer`), against
/// the edit-latency budget (one frame, 16 ms, issue 32), without the
/// findings' fixes (`analyze_first`). After that frame the app computes the
/// step's fixes, derives the later steps (`steps_again` from that head,
/// `ui/state.rs`) and analyses each, each in its own task
/// (`ui/hooks/analysis.rs`).
fn plan_figures(scenario: &cas_planner_core::Scenario) -> String {
    use cas_planner_core::{analysis::Analyzer, migration};
    let t = Instant::now();
    let with_plan = generate::with_drafted_plan(scenario.clone());
    let draft = t.elapsed().as_secs_f64() * 1_000.0;
    let edits: usize = with_plan
        .migration
        .steps
        .iter()
        .map(|s| s.edits.len())
        .sum();
    let walk = median_ms(11, || {
        black_box(migration::steps(black_box(&with_plan)));
    });
    let steps = migration::steps(&with_plan);
    // Each step on screen in turn, analysed once as the app does when it is
    // shown; then edits there, each timed to the step's results.
    // Per edit kind (as `step_edits` alternates them): the time to the
    // step's results, and of it the plan's designs up to the step.
    const KINDS: [&str; 3] = [
        "the perimeter's default action",
        "one client's link",
        "a CAS's certificate names",
    ];
    let (mut shown, mut derive) = ([(); 3].map(|_| Vec::new()), Vec::new());
    let (mut rest, mut fixes, mut after) = (Vec::new(), Vec::new(), Vec::new());
    for (k, at) in steps.iter().enumerate().skip(1) {
        let mut analyzers: Vec<Analyzer> = steps.iter().map(|_| Analyzer::default()).collect();
        for (a, st) in analyzers.iter_mut().zip(&steps) {
            a.analyze(&st.design);
        }
        let (mut s, mut plan) = (with_plan.clone(), steps.clone());
        for (j, edit) in step_edits(&at.design, 12).into_iter().enumerate() {
            let t = Instant::now();
            let (next, _) = migration::edit_step_on(&s, &plan[k], edit).expect("the edit applies");
            let head = migration::steps_again_until(&next, &s, &plan, &plan[k].id);
            derive.push(t.elapsed().as_secs_f64() * 1_000.0);
            black_box(analyzers[k].analyze_first(&head[k].design));
            shown[j % 3].push(t.elapsed().as_secs_f64() * 1_000.0);
            // After the frame, one task each: the step's fixes, the later
            // steps' designs, then each later step analysed.
            let t = Instant::now();
            black_box(analyzers[k].fixes());
            fixes.push(t.elapsed().as_secs_f64() * 1_000.0);
            let t = Instant::now();
            let again = migration::steps_again(&next, &next, &head);
            rest.push(t.elapsed().as_secs_f64() * 1_000.0);
            for i in (0..again.len())
                .filter(|&i| i != k && !std::rc::Rc::ptr_eq(&again[i].design, &plan[i].design))
            {
                let t = Instant::now();
                black_box(analyzers[i].analyze_first(&again[i].design));
                after.push(t.elapsed().as_secs_f64() * 1_000.0);
            }
            (s, plan) = (next, again);
        }
    }
    let pct = |v: &mut Vec<f64>, p: usize| {
        v.sort_by(f64::total_cmp);
        v[(v.len() * p / 100).min(v.len() - 1)]
    };
    let mut all: Vec<f64> = shown.iter().flatten().copied().collect();
    let mut out = format!(
        "migration plan on the large design: {} steps, {edits} edits, drafted in {draft:.0} ms\n  \
         migration::steps (every step's design)  median {walk:.1} ms\n  \
         an edit in a step to that step's results, without fixes ({} edits over {} steps)  median {:.1} ms, p90 {:.1} ms   (budget 16 ms)\n",
        steps.len(),
        all.len(),
        steps.len() - 1,
        pct(&mut all, 50),
        pct(&mut all, 90),
    );
    for (kind, v) in KINDS.iter().zip(shown.iter_mut()) {
        out += &format!(
            "    {kind} ({} edits)  median {:.1} ms, p90 {:.1} ms\n",
            v.len(),
            pct(v, 50),
            pct(v, 90)
        );
    }
    out += &format!(
        "    of which the plan's designs up to that step  median {:.1} ms, p90 {:.1} ms\n  \
         after that frame, a task each: the step's fixes  median {:.1} ms, p90 {:.1} ms; \
         the later steps' designs  median {:.1} ms, p90 {:.1} ms; \
         each later step analysed  median {:.1} ms, p90 {:.1} ms",
        pct(&mut derive, 50),
        pct(&mut derive, 90),
        pct(&mut fixes, 50),
        pct(&mut fixes, 90),
        pct(&mut rest, 50),
        pct(&mut rest, 90),
        pct(&mut after, 50),
        pct(&mut after, 90),
    );
    out
}

/// `n` edits a user makes on a step, alternating kinds: the perimeter's
/// default action, one client's link speed, a CAS's certificate names.
fn step_edits(design: &cas_planner_core::Scenario, n: usize) -> Vec<cas_planner_core::edit::Edit> {
    use cas_planner_core::{edit::Edit, model::PerimeterAction};
    let cas: Vec<_> = design
        .sites
        .iter()
        .flat_map(|s| s.cas_servers.iter().map(move |c| (s.id.clone(), c.clone())))
        .collect();
    (0..n)
        .map(|i| match i % 3 {
            0 => Edit::SetPerimeterDefault {
                action: if i % 2 == 0 {
                    PerimeterAction::RejectRst
                } else {
                    PerimeterAction::Drop
                },
            },
            1 => {
                let mut client = design.clients[(i * 97) % design.clients.len()].clone();
                client.link_kbps = if client.link_kbps == 64 { 100_000 } else { 64 };
                Edit::UpsertClient { client }
            }
            _ => {
                let (site, mut cas) = cas[(i * 31) % cas.len()].clone();
                cas.certificate_names
                    .push(format!("extra{i}.mycompany.com"));
                Edit::UpsertCas { site, cas }
            }
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let scenario = generate::large_design(1);
    c.bench_function("simulate_all_clients_large_design", |b| {
        b.iter(|| sim::simulate(black_box(&scenario)))
    });
    c.bench_function("world_index_large_design", |b| {
        b.iter(|| World::new(black_box(&scenario)))
    });
    c.bench_function("advisor_check_large_design", |b| {
        b.iter(|| Analysis::of(black_box(&scenario)))
    });
    c.bench_function("generate_large_design", |b| {
        b.iter(|| generate::large_design(black_box(1)))
    });
}

criterion_group!(core, benches);

fn main() {
    // `cargo test --benches` runs this binary in test mode: skip the figures there.
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    // Under a profiler (`--profile-time N`) only the selected benchmark runs.
    if !args.iter().any(|a| a == "--profile-time") {
        print_figures();
    }
    core();
    Criterion::default().configure_from_args().final_summary();
}
