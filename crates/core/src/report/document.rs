//! The printed report a consultant leaves behind: title, design and date;
//! every client's outcome and predicted time (before/after when a design is
//! pinned); the advisor's findings with their fixes and predicted effect;
//! each client's path (its Autodiscover run with the prompts' text, steps
//! with evidence and sources, and its timeline);
//! the topology; the model's assumptions with the values this design uses.
//!
//! Built once as a [`Document`] of blocks; the app renders it as its print
//! view and [`html`] writes it as one self-contained HTML file (the CLI's
//! `report`), both styled by [`REPORT_STYLE`] — one content, one look.

use crate::advisor::Finding;
use crate::draw::{self, xml_escape as esc, Drawing, TopologyOptions};
use crate::fixes::Assessor;
use crate::model::*;
use crate::sim::{
    format_ms, format_span, ClientDelta, ClientResult, Comparison, SimulationReport, Step, Wait,
};
use std::collections::HashMap;
use std::rc::Rc;

/// One block of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
    },
    Para {
        text: String,
        class: &'static str,
    },
    Table {
        class: &'static str,
        head: Vec<String>,
        rows: Vec<Row>,
    },
    List {
        items: Vec<String>,
    },
    Picture {
        drawing: Drawing,
        class: &'static str,
    },
}

/// A table row; `class` marks failed or slow rows (shown by a word too).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    pub class: &'static str,
}

/// A part of the report kept together on paper where it fits.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub class: &'static str,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub sections: Vec<Section>,
}

/// At most this many findings get their fixes simulated for the report
/// (each is a simulation of the design; the rest list the remedy in prose).
const FIXES_SIMULATED: usize = 20;

fn h(level: u8, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
    }
}

fn p(text: impl Into<String>) -> Block {
    Block::Para {
        text: text.into(),
        class: "",
    }
}

fn row_class(r: &ClientResult) -> &'static str {
    match Wait::of(r.total_ms, &r.outcome) {
        Wait::Failed => "row-failed",
        Wait::Bad => "row-bad",
        Wait::Slow => "row-slow",
        Wait::Fine => "",
    }
}

/// The report of `scenario` (its simulation `report` and `findings_of`), with `pinned` (the
/// comparison of a pinned design as "before" with this one) when given; `date` as the reader should see it (the caller's clock: the core
/// has none).
pub fn document(
    scenario: &Scenario,
    report: &SimulationReport,
    findings_of: &[Finding],
    pinned: Option<&Comparison>,
    date: &str,
) -> Document {
    let results = &report.clients;
    let mut sections = vec![
        title_section(scenario, report, findings_of.len(), pinned, date),
        findings_section(scenario, findings_of),
    ];
    sections.extend(client_sections(scenario, results));
    sections.push(topology_section(scenario, results));
    sections.push(assumptions_section(scenario));
    Document {
        title: format!("CAS Array Planner report: {}", scenario.name),
        sections,
    }
}

/// Title and summary: the heading, what the design holds, every client's
/// outcome (before/after when pinned) and what the waits cost a day.
fn title_section(
    scenario: &Scenario,
    report: &SimulationReport,
    findings: usize,
    pinned: Option<&Comparison>,
    date: &str,
) -> Section {
    let mut head = vec![h(1, format!("CAS Array Planner report: {}", scenario.name))];
    let mut meta = format!("Prepared {date}");
    if !scenario.organisation.is_empty() {
        meta.push_str(&format!(" · organisation {}", scenario.organisation));
    }
    meta.push_str(&format!(
        " · {} site(s), {} client(s), {} finding(s)",
        scenario.sites.len(),
        scenario.clients.len(),
        findings
    ));
    head.push(Block::Para {
        text: meta,
        class: "meta",
    });
    if !scenario.description.is_empty() {
        head.push(p(scenario.description.clone()));
    }
    head.push(h(2, "Predicted Outlook connections"));
    let cost = crate::cost::of(scenario, report);
    head.push(outcomes_table(report, &cost, pinned));
    head.push(Block::Para { text: "Times run from Outlook's start to an open mailbox connection and are paid again at each start, resume and reconnect (§8 step 5). Ranges run over what the model leaves undocumented (see Model assumptions).".into(), class: "note" });
    head.extend(daily_wait(scenario, &cost, pinned));
    Section {
        class: "title",
        blocks: head,
    }
}

/// The table of every client's outcome, time, range and daily wait, with
/// the pinned design's time and the change when `pinned` is given.
fn outcomes_table(
    report: &SimulationReport,
    cost: &crate::cost::DesignCost,
    pinned: Option<&Comparison>,
) -> Block {
    let mut head = vec![
        "Client".to_string(),
        "Connects over".into(),
        "Predicted time".into(),
        "Range".into(),
        "Profile setup".into(),
        "Each start".into(),
        "Daily wait, all its users".into(),
    ];
    if pinned.is_some() {
        head.extend(["Before (pinned)".to_string(), "Change".into()]);
    }
    // The comparison's pairs by the current client's id.
    let pair_of: HashMap<&str, usize> = pinned
        .map(|c| {
            c.clients
                .iter()
                .enumerate()
                .filter_map(|(i, d)| Some((d.after_id.as_deref()?, i)))
                .collect()
        })
        .unwrap_or_default();
    let rows = report
        .clients
        .iter()
        .zip(&cost.groups)
        .map(|(r, g)| {
            let mut cells = outcome_cells(r, g);
            if let Some(cmp) = pinned {
                let pair = pair_of.get(r.client_id.as_str()).map(|&i| &cmp.clients[i]);
                cells.extend(before_cells(r, pair));
            }
            Row {
                cells,
                class: row_class(r),
            }
        })
        .collect();
    Block::Table {
        class: "summary",
        head,
        rows,
    }
}

/// A client's row of the outcomes table: name, transport, time, range and
/// the daily wait of its group `g`.
fn outcome_cells(r: &ClientResult, g: &crate::cost::GroupCost) -> Vec<String> {
    let range = if r.has_range() {
        format_span(r.range_ms.min, r.range_ms.max)
    } else {
        "—".into()
    };
    let users = if g.users == 1 {
        String::new()
    } else {
        format!(" ({} users)", g.users)
    };
    let (setup, start) = r.autodiscover.as_deref().map_or_else(
        || ("—".to_string(), "—".to_string()),
        |ad| (ad.profile_setup.time_text(), ad.each_start.time_text()),
    );
    vec![
        r.client.clone(),
        r.outcome.transport().to_string(),
        format_ms(r.total_ms),
        range,
        setup,
        start,
        format!("{}{users}", crate::cost::estimate_text(g.total)),
    ]
}

/// The pinned design's time for client `r` and the change, from its pair
/// `d` in the comparison (None: the client is new).
fn before_cells(r: &ClientResult, d: Option<&ClientDelta>) -> [String; 2] {
    match d {
        Some(d) if d.before.is_some() => {
            let b = d.before.as_ref().expect("checked");
            let mut change = super::delta_text(r.total_ms as i64 - b.total_ms as i64);
            if let Some(v) = d.range_verdict() {
                change.push_str(&format!("; {v}"));
            }
            [
                format!("{} ({})", format_ms(b.total_ms), b.transport),
                change,
            ]
        }
        _ => ["(not in the pinned design)".to_string(), String::new()],
    }
}

/// What the waits cost a day in all (per group in the table), and what the
/// change since the pinned design saves or adds.
fn daily_wait(
    scenario: &Scenario,
    cost: &crate::cost::DesignCost,
    pinned: Option<&Comparison>,
) -> Vec<Block> {
    let mut blocks = vec![p(format!("All {} users wait ≈ {} connecting; each wait repeats on every connect of the day (users × connects × wait).", cost.users, crate::cost::estimate_text_with(cost.total, " a day")))];
    if let Some(saved) = pinned.map(|c| crate::cost::savings(scenario, c)) {
        let t = saved.total;
        let text = if t.nominal_ms >= 0 {
            format!(
                "The change since the pinned design saves ≈ {} of waiting a day.",
                crate::cost::estimate_text(t)
            )
        } else {
            format!(
                "The change since the pinned design adds ≈ {} of waiting a day.",
                crate::cost::estimate_text(crate::cost::Estimate {
                    nominal_ms: -t.nominal_ms,
                    min_ms: -t.max_ms,
                    max_ms: -t.min_ms
                })
            )
        };
        blocks.push(p(text));
    }
    blocks
}

/// The advisor's findings and their fixes, with each fix's predicted effect
/// (for the first [`FIXES_SIMULATED`]).
fn findings_section(scenario: &Scenario, findings_of: &[Finding]) -> Section {
    let mut findings = vec![h(2, "Advisor findings")];
    if findings_of.is_empty() {
        findings.push(p("No findings: the design follows every rule."));
    } else {
        let mut assessor = Assessor::new(scenario);
        for (i, f) in findings_of.iter().enumerate() {
            findings.push(h(
                3,
                format!("{} {} — {}", f.severity.label(), f.rule, f.title),
            ));
            findings.push(p(f.why.clone()));
            findings.push(Block::Para {
                text: format!("Fix: {}", f.fix),
                class: "fix",
            });
            let offered = if i < FIXES_SIMULATED {
                assessor.offered(f)
            } else {
                Vec::new()
            };
            if !offered.is_empty() {
                findings.push(Block::List {
                    items: offered
                        .iter()
                        .map(|a| format!("{} — predicted: {}", a.title, a.effect.summary()))
                        .collect(),
                });
            }
            findings.push(Block::Para {
                text: format!("Source: {}", f.source),
                class: "source",
            });
        }
    }
    Section {
        class: "findings",
        blocks: findings,
    }
}

/// Each client's path: its outcome, range, the two waits and its
/// Autodiscover run with its prompts, the timeline and steps; the objects
/// the steps name labelled in one pass.
fn client_sections(scenario: &Scenario, results: &[Rc<ClientResult>]) -> Vec<Section> {
    let labels = scenario.labels(Step::evidence_ids(results.iter().flat_map(|r| &r.steps)));
    results
        .iter()
        .map(|r| {
            let mut blocks = vec![h(
                2,
                format!(
                    "{}: {} after {}",
                    r.client,
                    r.outcome.label(),
                    format_ms(r.total_ms)
                ),
            )];
            if let Some(range) = r.range_text() {
                blocks.push(Block::Para {
                    text: format!("Range: {range}."),
                    class: "note",
                });
            }
            blocks.push(Block::Picture {
                drawing: draw::timeline_strip(r, None),
                class: "timeline",
            });
            if let Some(ad) = r.autodiscover.as_deref() {
                blocks.extend(autodiscover_blocks(ad));
                blocks.push(h(3, "Connection"));
            }
            blocks.extend([Block::Table {
                class: "steps",
                head: vec![
                    "Time".into(),
                    "Step".into(),
                    "What happens".into(),
                    "Source".into(),
                ],
                rows: r.steps.iter().map(|s| step_row(s, &labels)).collect(),
            }]);
            Section {
                class: "client",
                blocks,
            }
        })
        .collect()
}

/// A client's Autodiscover (§6): the two waits, the run at profile creation
/// method by method (the app and the CLI give every step), each prompt's
/// text as the user reads it, and the run at each start in a line.
fn autodiscover_blocks(ad: &crate::sim::AutodiscoverResult) -> Vec<Block> {
    let run = &ad.profile_run;
    let mut blocks = vec![
        h(3, "Autodiscover"),
        Block::Para {
            text: format!(
                "Profile setup {}: {}. Each start {}: {}.",
                ad.profile_setup.time_text(),
                ad.profile_setup.detail,
                ad.each_start.time_text(),
                ad.each_start.detail
            ),
            class: "",
        },
        Block::Para {
            text: format!("At profile creation: {}.", run.summary()),
            class: "run",
        },
        Block::Table {
            class: "steps",
            head: vec![
                "Time".into(),
                "Method".into(),
                "What happens".into(),
                "Source".into(),
            ],
            rows: method_rows(&run.steps),
        },
    ];
    blocks.extend(run.prompts.iter().map(prompt_para));
    let same = ad.start_run.steps == ad.profile_run.steps;
    blocks.push(Block::Para {
        text: if same {
            "At each start: the same run.".to_string()
        } else {
            format!("At each start: {}.", ad.start_run.summary())
        },
        class: "run",
    });
    if !same {
        blocks.extend(ad.start_run.prompts.iter().map(prompt_para));
    }
    blocks
}

/// A run's steps as one row per method (consecutive steps of one method):
/// its time, what it asked, and how it ended (its last step, or its failure).
fn method_rows(steps: &[crate::sim::AdStep]) -> Vec<Row> {
    use crate::sim::StepOutcome::Failed;
    let mut rows = Vec::new();
    let mut i = 0;
    while i < steps.len() {
        let j = steps[i..]
            .iter()
            .position(|s| s.method != steps[i].method || s.lane != steps[i].lane)
            .map_or(steps.len(), |p| i + p);
        let group = &steps[i..j];
        let (first, last) = (&group[0], &group[group.len() - 1]);
        let end = group
            .iter()
            .map(|s| s.end_ms())
            .max()
            .unwrap_or(first.start_ms);
        let failed = group.iter().find(|s| s.outcome == Failed);
        let shown = failed.unwrap_or(last);
        rows.push(Row {
            cells: vec![
                format!(
                    "{} +{}",
                    format_ms(first.start_ms),
                    format_ms(end - first.start_ms)
                ),
                first.method.to_string(),
                format!(
                    "{}{} — {}",
                    if failed.is_some() { "FAILED " } else { "" },
                    shown.target,
                    shown.detail
                ),
                shown.source.to_string(),
            ],
            class: if failed.is_some() { "row-failed" } else { "" },
        });
        i = j;
    }
    rows
}

/// A prompt as the report quotes it: what it is, when, about which host,
/// and its text word for word.
fn prompt_para(p: &crate::sim::Prompt) -> Block {
    Block::Para {
        text: format!(
            "{} at {} about {} ({}): “{}” The model takes Yes.",
            p.kind.label(),
            format_ms(p.at_ms),
            p.host,
            crate::model::Choice::as_str(p.method),
            p.text
        ),
        class: "prompt",
    }
}

/// A step of a client's path as a row: time, kind, what happens (with its
/// evidence named by `labels`) and its source.
fn step_row(s: &Step, labels: &HashMap<String, String>) -> Row {
    let evidence = s.evidence_names(labels);
    let mark = match s.outcome {
        crate::sim::StepOutcome::Failed => "FAILED ",
        _ => "",
    };
    let detail = if evidence.is_empty() {
        format!("{mark}{}", s.detail)
    } else {
        format!("{mark}{} — evidence: {}", s.detail, evidence.join("; "))
    };
    Row {
        cells: vec![
            format!("{} +{}", format_ms(s.start_ms), format_ms(s.duration_ms)),
            s.kind.as_str().to_string(),
            detail,
            s.source.to_string(),
        ],
        class: if s.outcome == crate::sim::StepOutcome::Failed {
            "row-failed"
        } else {
            ""
        },
    }
}

/// The topology with the slowest client's path.
fn topology_section(scenario: &Scenario, results: &[Rc<ClientResult>]) -> Section {
    let slowest = results.iter().max_by_key(|r| r.total_ms);
    Section {
        class: "topology",
        blocks: vec![
            h(2, "Topology"),
            Block::Picture {
                drawing: draw::topology(
                    scenario,
                    &TopologyOptions {
                        result: slowest.map(|r| &**r),
                        ..Default::default()
                    },
                ),
                class: "topology",
            },
        ],
    }
}

/// The model's assumptions and this design's values.
fn assumptions_section(scenario: &Scenario) -> Section {
    Section { class: "assumptions", blocks: vec![h(2, "Model assumptions"), p("Parameters no source documents, with the values this design uses (the behaviour model's §):"), assumptions(scenario)] }
}

/// Distinct values of a client setting, shown as "1" or "1, 2".
fn values<T: Ord + ToString>(it: impl Iterator<Item = T>) -> String {
    // Equal values are alike, so the unstable sort (the one the app already
    // has for strings) gives the same list.
    let mut set: Vec<T> = it.collect();
    set.sort_unstable();
    set.dedup();
    if set.is_empty() {
        "—".into()
    } else {
        set.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The table of the model's undocumented parameters: each one's values in
/// this design, its range and where the default comes from.
fn assumptions(s: &Scenario) -> Block {
    let rows = timing_assumptions(s)
        .into_iter()
        .chain(design_assumptions(s))
        .chain(version_assumptions(s));
    Block::Table {
        class: "assumptions",
        head: vec![
            "Parameter".into(),
            "In this design".into(),
            "Range".into(),
            "Source".into(),
        ],
        rows: rows.map(|cells| Row { cells, class: "" }).collect(),
    }
}

/// "a" for a point, "a–b" for a span.
fn span(a: String, b: String) -> String {
    if a == b {
        a
    } else {
        format!("{a}–{b}")
    }
}

/// A span of milliseconds as text.
fn ms_span(sp: Span<u32>) -> String {
    span(format_ms(sp.min.into()), format_ms(sp.max.into()))
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// The assumptions about a connect's timing: the client's and its OS's.
fn timing_assumptions(s: &Scenario) -> [Vec<String>; 5] {
    let presets: Vec<&OsTimingPreset> = s
        .timing_presets
        .iter()
        .filter(|p| s.clients.iter().any(|c| c.os_timing == p.id))
        .collect();
    let r = &s.ranges;
    [
        vec![
            "RPC bind attempts per protocol cycle (k)".to_string(),
            values(s.clients.iter().map(|c| c.rpc_bind_attempts)),
            span(
                r.rpc_bind_attempts.min.to_string(),
                r.rpc_bind_attempts.max.to_string(),
            ),
            "undocumented; default 1, calibrated range 1–2 (§8 step 4)".into(),
        ],
        vec![
            "TLS + authentication time for HTTPS".into(),
            values(s.clients.iter().map(|c| format_ms(c.oa_setup_ms as u64))),
            ms_span(r.oa_setup_ms),
            "no sourced figure; default 800 ms (§8 oa_setup_s)".into(),
        ],
        vec![
            "ICMP unreachable aborts a connect".into(),
            values(
                presets
                    .iter()
                    .map(|p| if p.icmp_aborts_connect { "yes" } else { "no" }),
            ),
            span(
                yes_no(r.icmp_aborts_connect.min),
                yes_no(r.icmp_aborts_connect.max),
            ),
            "undocumented for Windows; default as DROP (§3, §8)".into(),
        ],
        vec![
            "Time to fail against a RST".into(),
            values(presets.iter().map(|p| format_ms(p.rst_fail_ms as u64))),
            ms_span(r.rst_fail_ms),
            "measured \"takes 2s to fail\" (§3, C14)".into(),
        ],
        vec![
            "Windows SYN timing".into(),
            values(presets.iter().map(|p| p.name.clone())),
            "—".into(),
            "Vista and 8 assumed as 7 and 10 (§3)".into(),
        ],
    ]
}

/// The assumptions about the network, the servers and the users' day.
fn design_assumptions(s: &Scenario) -> [Vec<String>; 6] {
    let r = &s.ranges;
    [
        vec![
            "Round-trip time".into(),
            values(
                s.network_zones
                    .iter()
                    .map(|z| format!("{} {} ms", z.name, z.rtt())),
            ),
            format!(
                "site {}, remote {}",
                ms_span(r.site_rtt_ms),
                ms_span(r.remote_rtt_ms)
            ),
            "no figure in §8; defaults 1 ms on a LAN, 40 ms remote".into(),
        ],
        vec![
            "Load balancer, port not forwarded".into(),
            values(
                s.sites
                    .iter()
                    .flat_map(|x| x.arrays.iter())
                    .filter_map(|a| a.load_balancer.as_ref())
                    .map(|lb| lb.unforwarded.label()),
            ),
            "—".into(),
            "no figure; default DROP (§3)".into(),
        ],
        vec![
            "Fast link threshold".into(),
            format!("> {SLOW_LINK_MAX_KBPS} kbit/s"),
            format!(
                "> {} kbit/s",
                span(
                    r.slow_link_max_kbps.min.to_string(),
                    r.slow_link_max_kbps.max.to_string()
                )
            ),
            "folklore, not documented (§4)".into(),
        ],
        vec![
            "ServerExclusiveConnect sets \"HTTP first\"".into(),
            values(s.sites.iter().flat_map(|x| x.cas_servers.iter()).map(|c| {
                if c.outlook_anywhere.server_exclusive_connect {
                    "on"
                } else {
                    "off"
                }
            })),
            "—".into(),
            "inferred, not documented (§4)".into(),
        ],
        vec![
            "Connects per user per day".into(),
            values(s.clients.iter().map(|c| c.connects_per_day)),
            span(
                r.connects_per_day.min.to_string(),
                r.connects_per_day.max.to_string(),
            ),
            "not sourced; the wait repeats on each (§8 step 5)".into(),
        ],
        vec![
            "Hairpin NAT on the perimeter".into(),
            yes_no(s.perimeter.hairpin_nat),
            "—".into(),
            "a design choice; assume off unless configured (§8)".into(),
        ],
    ]
}

/// §10's parameters, where the design meets them: the MAPI/HTTP ones when a
/// mailbox is on Exchange 2013 or later, the IPv6 ones when a name has an
/// AAAA record.
fn version_assumptions(s: &Scenario) -> Vec<Vec<String>> {
    let r = &s.ranges;
    let flag = |sp: Span<bool>, default: bool| {
        (
            yes_no(Ranges::flag(sp, default)),
            span(yes_no(sp.min), yes_no(sp.max)),
        )
    };
    let mut rows = Vec::new();
    let newer = s
        .sites
        .iter()
        .flat_map(|x| x.databases.iter())
        .any(|d| !d.exchange_version.has_rpc_tcp());
    if newer {
        let (v, sp) = flag(r.org_mapi_default_2013, DEFAULT_ORG_MAPI_DEFAULT_2013);
        rows.push(vec![
            "MAPI/HTTP on where Exchange 2013 is the newest version and nobody set it".into(),
            v,
            sp,
            "in no source (§10 protocol 2)".into(),
        ]);
        let (v, sp) = flag(r.mailbox_overrides_org, DEFAULT_MAILBOX_OVERRIDES_ORG);
        rows.push(vec![
            "A mailbox's MAPI/HTTP setting wins over the organisation's".into(),
            v,
            sp,
            "field reports only (§10 protocol 3)".into(),
        ]);
    }
    let aaaa = s
        .dns_views
        .iter()
        .flat_map(|v| v.zones.iter())
        .flat_map(|z| z.records.iter())
        .any(|rec| matches!(rec.data, RecordData::Aaaa { .. }));
    if aaaa {
        let (v, sp) = flag(r.ipv6_first, DEFAULT_IPV6_FIRST);
        rows.push(vec![
            "Dual-stack clients try IPv6 addresses first".into(),
            v,
            sp,
            "no source (§10 ipv6 3)".into(),
        ]);
        let (v, sp) = flag(r.dual_stack_race, DEFAULT_DUAL_STACK_RACE);
        rows.push(vec![
            "IPv6 and IPv4 connects race".into(),
            v,
            sp,
            "no source (§10 ipv6 3)".into(),
        ]);
    }
    rows
}

/// The look of the report, on screen and on A4 or US Letter paper.
pub const REPORT_STYLE: &str = "\
.cas-report{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#14202e;font-size:9.5pt;line-height:1.3;max-width:60rem;margin:0 auto}\
.cas-report h1{font-size:16pt;margin:0 0 .2rem}\
.cas-report h2{font-size:12.5pt;margin:.9rem 0 .3rem;border-bottom:1px solid #c3ccd8;padding-bottom:.1rem}\
.cas-report h3{font-size:10.5pt;margin:.6rem 0 .15rem}\
.cas-report p{margin:.2rem 0}\
.cas-report .meta{color:#4a5a6c}\
.cas-report .note,.cas-report .source{color:#4a5a6c;font-size:9pt}\
.cas-report .fix{font-weight:600}\
.cas-report .run{font-weight:600}\
.cas-report .prompt{border:1px solid #8a98a8;border-left:5px solid #f4b400;padding:.2rem .4rem;margin:.3rem 0;break-inside:avoid}\
.cas-report ul{margin:.2rem 0 .2rem 1.1rem;padding:0}\
.cas-report table{width:100%;border-collapse:collapse;margin:.3rem 0;table-layout:auto}\
.cas-report th,.cas-report td{text-align:left;vertical-align:top;padding:.15rem .35rem;border-bottom:1px solid #dde3ea;overflow-wrap:anywhere}\
.cas-report th{background:#eef2f7}\
.cas-report table.steps,.cas-report table.assumptions,.cas-report table.migration{font-size:8.5pt}\
.cas-report section.migration-step{border-left:3px solid #c3ccd8;padding-left:.5rem;margin:.4rem 0}\
.cas-report .migration-label{font-weight:600;margin-top:.3rem}\
.cas-report table.steps td:first-child,.cas-report table.steps td:nth-child(2),.cas-report table.steps th:nth-child(2){white-space:nowrap}\
.cas-report table.steps td:last-child{width:5.5rem}\
.cas-report tr.row-failed td{background:#fde7e5}\
.cas-report tr.row-bad td{background:#fdeeea}\
.cas-report tr.row-slow td{background:#fff3d6}\
.cas-report svg{display:block;width:100%;height:auto;margin:.3rem 0}\
.cas-report svg.timeline{max-height:2.2cm}\
.cas-report section{break-inside:auto}\
.cas-report section.topology{break-inside:avoid}\
.cas-report tr,.cas-report h2,.cas-report h3,.cas-report svg{break-inside:avoid}\
.cas-report h2,.cas-report h3{break-after:avoid}\
@page{margin:11mm}\
@media print{.cas-report{max-width:none}}";

/// The report as one self-contained HTML file: its styles and pictures
/// inline, nothing fetched, ready to print or email.
pub fn html(d: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", esc(&d.title)));
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<style>body{{margin:1rem}}{REPORT_STYLE}{}</style>\n</head>\n<body>\n<main class=\"cas-report\">\n", draw::STYLE));
    let mut pictures = 0;
    for s in &d.sections {
        out.push_str(&format!("<section class=\"{}\">\n", s.class));
        for b in &s.blocks {
            match b {
                Block::Heading { level, text } => {
                    out.push_str(&format!("<h{level}>{}</h{level}>\n", esc(text)))
                }
                Block::Para { text, class } => {
                    out.push_str(&format!("<p class=\"{class}\">{}</p>\n", esc(text)))
                }
                Block::List { items } => {
                    out.push_str("<ul>\n");
                    for i in items {
                        out.push_str(&format!("<li>{}</li>\n", esc(i)));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Table { class, head, rows } => {
                    out.push_str(&format!("<table class=\"{class}\">\n<thead><tr>"));
                    for c in head {
                        out.push_str(&format!("<th>{}</th>", esc(c)));
                    }
                    out.push_str("</tr></thead>\n<tbody>\n");
                    for r in rows {
                        out.push_str(&format!("<tr class=\"{}\">", r.class));
                        for c in &r.cells {
                            out.push_str(&format!("<td>{}</td>", esc(c)));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
                Block::Picture { drawing, class } => {
                    pictures += 1;
                    let svg = draw::to_svg_with_ids(drawing, &format!("p{pictures}-"));
                    let svg =
                        svg.trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                    out.push_str(&svg.replacen(
                        "class=\"cas-drawing\"",
                        &format!("class=\"cas-drawing {class}\""),
                        1,
                    ));
                }
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
