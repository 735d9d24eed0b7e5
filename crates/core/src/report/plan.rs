//! A migration plan in the report and on slides (§11 step 1–2): each step's
//! figures, what its changes are (object by object, against the step
//! before), who it changes things for (breaks, prompts, restart prompts,
//! slower, faster) and its error findings. The printed report's "Migration
//! plan" sections and the app's plan slides both read these.

use super::delta_text;
use super::document::{Block, Document, Row, Section};
use crate::advisor::Severity;
use crate::migration::{StepAnalysis, StepSummary};
use crate::model::Scenario;
use crate::objects::Object;
use crate::sim::{format_ms, ClientSummary, Outcome};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// What a step changes for whom, against the step before it: one line per
/// client in each list, naming the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ForWhom {
    /// Connected before, fail now (with why).
    pub broken: Vec<String>,
    /// Fail with prompts the user meets (§11 coexist 5, 6), new or not.
    pub prompted: Vec<String>,
    /// Meet the restart prompt (protocol change, mailbox moved).
    pub restart: Vec<String>,
    pub slower: Vec<String>,
    pub faster: Vec<String>,
    /// Failed before, connect now.
    pub fixed: Vec<String>,
}

impl ForWhom {
    pub fn is_empty(&self) -> bool {
        self.lists().iter().all(|(_, l)| l.is_empty())
    }

    /// The lists with their headings, in the order a reader wants them:
    /// what breaks first.
    pub fn lists(&self) -> [(&'static str, &[String]); 6] {
        [
            ("Breaks", &self.broken),
            ("Meets prompts", &self.prompted),
            ("Restart prompt", &self.restart),
            ("Slower", &self.slower),
            ("Faster", &self.faster),
            ("Connects again", &self.fixed),
        ]
    }
}

fn failed(s: &Option<ClientSummary>) -> bool {
    s.as_ref().is_some_and(|c| c.outcome == "failed")
}

fn side(s: &ClientSummary) -> String {
    if s.outcome == "failed" {
        "fails".into()
    } else {
        format!("{} {}", s.transport, format_ms(s.total_ms))
    }
}

/// Who the step changes things for, from its comparison with the step
/// before (none for the design itself) and its own failures.
pub fn for_whom(step: &StepAnalysis) -> ForWhom {
    let mut out = ForWhom::default();
    let causes: HashMap<&str, String> = step
        .analysis
        .report
        .clients
        .iter()
        .filter_map(|c| match &c.outcome {
            Outcome::Failed { cause } => Some((c.client_id.as_str(), cause.to_string())),
            _ => None,
        })
        .collect();
    for c in &step.analysis.report.clients {
        if let Outcome::Failed { cause } = &c.outcome {
            if cause.prompts() {
                out.prompted.push(format!("{}: {cause}", c.client));
            }
        }
    }
    let Some(cmp) = &step.compare else {
        return out;
    };
    for d in &cmp.clients {
        let (Some(b), Some(a)) = (&d.before, &d.after) else {
            continue;
        };
        let why = d
            .after_id
            .as_deref()
            .and_then(|id| causes.get(id))
            .map(|c| format!(": {c}"))
            .unwrap_or_default();
        if failed(&d.after) && !failed(&d.before) {
            out.broken
                .push(format!("{}: {} → fails{why}", d.client, side(b)));
        } else if failed(&d.before) && !failed(&d.after) {
            out.fixed.push(format!("{}: fails → {}", d.client, side(a)));
        } else if let Some(ms) = d.delta_ms.filter(|_| !failed(&d.after)) {
            let line = format!(
                "{}: {} → {} ({})",
                d.client,
                side(b),
                side(a),
                delta_text(ms)
            );
            if ms > 0 {
                out.slower.push(line);
            } else if ms < 0 {
                out.faster.push(line);
            }
        }
        if let Some(p) = &d.restart_prompt {
            out.restart.push(format!("{}: {p}", d.client));
        }
    }
    out
}

/// An object as the report compares it: its fields as the file writes
/// them, without the objects it holds (a site's servers are objects of
/// their own, compared on their own).
fn fields(o: &Object<'_>) -> Value {
    let v = match *o {
        Object::Site(x) => serde_json::to_value(x),
        Object::Cas(_, x) => serde_json::to_value(x),
        Object::Array(_, x) => serde_json::to_value(x),
        Object::MailboxServer(_, x) => serde_json::to_value(x),
        Object::Database(_, x) => serde_json::to_value(x),
        Object::PublicFolderDatabase(_, x) => serde_json::to_value(x),
        Object::DnsView(x) => serde_json::to_value(x),
        Object::DnsZone(_, x) => serde_json::to_value(x),
        Object::DnsRecord(_, _, x) => serde_json::to_value(x),
        Object::NetworkZone(x) => serde_json::to_value(x),
        Object::PerimeterRule(x) => serde_json::to_value(x),
        Object::TimingPreset(x) => serde_json::to_value(x),
        Object::Client(x) => serde_json::to_value(x),
        Object::WebHost(x) => serde_json::to_value(x),
    };
    without_children(v.unwrap_or(Value::Null))
}

/// `v` without the lists of objects it holds (lists of values with an id).
fn without_children(mut v: Value) -> Value {
    if let Value::Object(map) = &mut v {
        map.retain(
            |_, f| !matches!(f, Value::Array(items) if items.iter().any(|i| i.get("id").is_some())),
        );
    }
    v
}

/// A field's value in a line: the value itself when short and plain.
fn shown(v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => Some("none".into()),
        Some(Value::String(s)) if s.is_empty() => Some("empty".into()),
        Some(Value::String(s)) if s.chars().count() <= 60 => Some(s.clone()),
        Some(Value::Bool(b)) => Some(if *b { "on" } else { "off" }.into()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Array(a)) if a.iter().all(|i| i.is_string() || i.is_number()) => Some(
            a.iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), String::from))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    }
}

/// The fields that differ between two objects' fields, as "field: a → b"
/// (or "field changed" where a value is not short).
fn field_changes(a: &Value, b: &Value) -> Vec<String> {
    let (Value::Object(a), Value::Object(b)) = (a, b) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            let name = k.replace('_', " ");
            match (shown(a.get(k)), shown(b.get(k))) {
                (Some(x), Some(y)) => format!("{name}: {x} → {y}"),
                _ => format!("{name} changed"),
            }
        })
        .collect()
}

/// The design's own settings as compared: everything but its objects and
/// its plan.
fn settings(s: &Scenario) -> Value {
    let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        for k in [
            "sites",
            "dns_views",
            "network_zones",
            "timing_presets",
            "clients",
            "migration",
            "format_version",
        ] {
            map.remove(k);
        }
        for (k, child) in [("perimeter", "rules"), ("autodiscover", "web_hosts")] {
            if let Some(Value::Object(m)) = map.get_mut(k) {
                m.remove(child);
            }
        }
    }
    v
}

/// What changes from `before` to `after`, object by object: added,
/// removed, and changed with the fields that changed; the design's own
/// settings first.
pub fn design_changes(before: &Scenario, after: &Scenario) -> Vec<String> {
    let mut out: Vec<String> = field_changes(&settings(before), &settings(after))
        .into_iter()
        .map(|c| format!("Design setting {c}"))
        .collect();
    let mut old: HashMap<&str, Object<'_>> = HashMap::new();
    before.objects().for_each(|e| {
        old.entry(e.object.id()).or_insert(e.object);
    });
    let mut seen: HashSet<&str> = HashSet::new();
    after.objects().for_each(|e| {
        let id = e.object.id();
        seen.insert(id);
        match old.get(id) {
            None => out.push(format!("Added {} ({id})", e.object.label())),
            Some(was) if was.kind() != e.object.kind() => out.push(format!(
                "Replaced {} by {} ({id})",
                was.label(),
                e.object.label()
            )),
            Some(was) => {
                let changes = field_changes(&fields(was), &fields(&e.object));
                if !changes.is_empty() {
                    out.push(format!(
                        "Changed {} ({id}): {}",
                        e.object.label(),
                        changes.join("; ")
                    ));
                }
            }
        }
    });
    before.objects().for_each(|e| {
        let id = e.object.id();
        // Listed once even when the id is duplicated.
        if seen.insert(id) {
            out.push(format!("Removed {} ({id})", e.object.label()));
        }
    });
    out
}

/// A step's figures in a line: "3 of 4 clients connect · 1 fails (1 with
/// prompts) · slowest 2.1 s · 1 error".
pub fn figures(s: &StepSummary) -> String {
    let mut parts = vec![format!("{} of {} clients connect", s.connected, s.clients)];
    if s.failed > 0 {
        let prompts = if s.prompting > 0 {
            format!(" ({} with prompts)", s.prompting)
        } else {
            String::new()
        };
        parts.push(format!("{} fail{prompts}", s.failed));
    }
    if s.mapi_http > 0 {
        parts.push(format!("{} over MAPI/HTTP", s.mapi_http));
    }
    if s.connected > 0 {
        parts.push(format!("slowest {}", format_ms(s.slowest_ms)));
    }
    parts.push(match s.errors {
        0 => "no errors".into(),
        1 => "1 error".into(),
        n => format!("{n} errors"),
    });
    parts.join(" · ")
}

pub use crate::migration::compare_counts;

/// Against the step before, in a line: "1 client breaks · 2 slower · 1
/// restart prompt".
pub fn against_before(s: &StepSummary) -> String {
    let clients = |n: usize| if n == 1 { "client" } else { "clients" };
    let mut parts = Vec::new();
    if s.broken > 0 {
        parts.push(format!(
            "{} {} break{}",
            s.broken,
            clients(s.broken),
            if s.broken == 1 { "s" } else { "" }
        ));
    }
    if s.slower > 0 {
        parts.push(format!("{} slower", s.slower));
    }
    if s.faster > 0 {
        parts.push(format!("{} faster", s.faster));
    }
    if s.restart_prompts > 0 {
        parts.push(format!(
            "{} meet{} the restart prompt",
            s.restart_prompts,
            if s.restart_prompts == 1 { "s" } else { "" }
        ));
    }
    if parts.is_empty() {
        "no client changes".into()
    } else {
        parts.join(" · ")
    }
}

fn h(level: u8, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
    }
}

fn para(text: impl Into<String>, class: &'static str) -> Block {
    Block::Para {
        text: text.into(),
        class,
    }
}

/// The report's "Migration plan": the table of steps with their figures,
/// then each step's changes, who they change things for and its errors.
/// `shown` names the step whose clients, findings and paths the rest of the
/// report gives. Nothing for a design without a plan.
pub fn sections(steps: &[StepAnalysis], shown: &str) -> Vec<Section> {
    if steps.len() < 2 {
        return Vec::new();
    }
    let summaries: Vec<StepSummary> = steps.iter().map(StepAnalysis::summary).collect();
    let rows = steps
        .iter()
        .zip(&summaries)
        .enumerate()
        .map(|(i, (st, s))| Row {
            cells: vec![
                format!("{}. {}", i + 1, st.step.name),
                format!("{} of {}", s.connected, s.clients),
                if s.prompting > 0 {
                    format!("{} ({} with prompts)", s.failed, s.prompting)
                } else {
                    s.failed.to_string()
                },
                s.mapi_http.to_string(),
                if s.connected > 0 {
                    format_ms(s.slowest_ms)
                } else {
                    "—".into()
                },
                format!("{} / {}", s.errors, s.warnings),
                if i == 0 {
                    "—".into()
                } else {
                    against_before(s)
                },
            ],
            class: if s.failed > 0 || s.broken > 0 {
                "row-failed"
            } else if s.errors > 0 || s.restart_prompts > 0 {
                "row-slow"
            } else {
                ""
            },
        })
        .collect();
    let first = vec![
        h(2, "Migration plan"),
        para(
            format!(
                "{} steps from “{}” to “{}”; each step is the one before with its changes. The clients, findings and paths elsewhere in this report are of the step “{shown}”.",
                steps.len(),
                steps[0].step.name,
                steps[steps.len() - 1].step.name
            ),
            "meta",
        ),
        Block::Table {
            class: "migration",
            head: vec![
                "Step".into(),
                "Connect".into(),
                "Fail".into(),
                "MAPI/HTTP".into(),
                "Slowest".into(),
                "Errors / warnings".into(),
                "Against the step before".into(),
            ],
            rows,
        },
    ];
    let mut out = vec![Section {
        class: "migration",
        blocks: first,
    }];
    for (i, (st, s)) in steps.iter().zip(&summaries).enumerate() {
        let mut blocks = vec![h(3, format!("Step {}: {}", i + 1, st.step.name))];
        blocks.push(para(figures(s), "run"));
        if !st.step.notes.trim().is_empty() {
            blocks.push(para(st.step.notes.clone(), ""));
        }
        if i == 0 {
            blocks.push(para("The design as it is: the plan starts here.", "note"));
        } else {
            let changes = design_changes(&steps[i - 1].step.design, &st.step.design);
            blocks.push(para(
                if changes.is_empty() {
                    "Changes: none (the step before as it is).".to_string()
                } else {
                    format!("Changes ({}):", changes.len())
                },
                "migration-label",
            ));
            if !changes.is_empty() {
                blocks.push(Block::List { items: changes });
            }
        }
        for stale in &st.step.stale {
            blocks.push(para(format!("Not applied: {stale}"), "prompt"));
        }
        let who = for_whom(st);
        if i > 0 && who.is_empty() {
            blocks.push(para(
                "For the clients: nothing changes against the step before.",
                "note",
            ));
        }
        for (title, lines) in who.lists() {
            if !lines.is_empty() {
                blocks.push(para(
                    format!("{title} ({}):", lines.len()),
                    "migration-label",
                ));
                blocks.push(Block::List {
                    items: lines.to_vec(),
                });
            }
        }
        let errors: Vec<String> = st
            .analysis
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| format!("{} {}: {}", f.rule, f.title, f.fix))
            .collect();
        if !errors.is_empty() {
            blocks.push(para(
                format!("Errors ({}):", errors.len()),
                "migration-label",
            ));
            blocks.push(Block::List { items: errors });
        }
        out.push(Section {
            class: "migration-step",
            blocks,
        });
    }
    out
}

/// Puts the plan's sections into `doc` after its title and summary.
pub fn add_to(doc: &mut Document, steps: &[StepAnalysis], shown: &str) {
    let at = 1.min(doc.sections.len());
    let plan = sections(steps, shown);
    doc.sections.splice(at..at, plan);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;
    use crate::migration::{self, add_step, analyse, edit_step};
    use crate::model::{Edit, ExchangeVersion};

    /// seed-fixed with "2016 installed" (a 2016 database) and "Mailboxes
    /// moved" (the internal client's mailbox on it).
    fn planned() -> Scenario {
        let s = examples::seed_fixed();
        let (s, first) = add_step(&s, "2016 installed").unwrap();
        let site = &s.sites[0];
        let mut db = site.databases[0].clone();
        db.id = "db-2016".into();
        db.name = "DB2016".into();
        db.exchange_version = ExchangeVersion::V2016;
        let edit = Edit::UpsertDatabase {
            site: site.id.clone(),
            database: db,
        };
        let (s, _) = edit_step(&s, &first, edit).unwrap();
        let (s, second) = add_step(&s, "Mailboxes moved").unwrap();
        let mut client = s
            .clients
            .iter()
            .find(|c| c.id == "client-internal")
            .unwrap()
            .clone();
        client.mailbox_database = "db-2016".into();
        let (s, _) = edit_step(&s, &second, Edit::UpsertClient { client }).unwrap();
        s
    }

    #[test]
    fn changes_are_named_object_by_object_with_their_fields() {
        let s = planned();
        let steps = migration::steps(&s);
        let added = design_changes(&steps[0].design, &steps[1].design);
        assert_eq!(added, ["Added database DB2016 (db-2016)"]);
        let moved = design_changes(&steps[1].design, &steps[2].design);
        assert_eq!(
            moved,
            ["Changed client Internal desktop (client-internal): mailbox database: db-01 → db-2016"]
        );
        let back = design_changes(&steps[2].design, &steps[0].design);
        assert!(back.contains(&"Removed database DB2016 (db-2016)".to_string()));
        assert!(design_changes(&s, &s).is_empty());
    }

    #[test]
    fn the_report_has_the_plan_table_then_each_step() {
        let s = planned();
        let steps = analyse(&s);
        let secs = sections(&steps, "Mailboxes moved");
        assert_eq!(secs.len(), 4, "the table, then one section per step");
        let text = |b: &Block| match b {
            Block::Heading { text, .. } | Block::Para { text, .. } => text.clone(),
            Block::List { items } => items.join("\n"),
            Block::Table { rows, .. } => rows
                .iter()
                .map(|r| r.cells.join(" | "))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Picture { .. } => String::new(),
        };
        let all: Vec<String> = secs
            .iter()
            .flat_map(|s| s.blocks.iter().map(text))
            .collect();
        let all = all.join("\n");
        assert!(
            all.contains("3 steps from “Today” to “Mailboxes moved”"),
            "{all}"
        );
        assert!(all.contains("1. Today | 2 of 2 | 0 |"), "{all}");
        assert!(all.contains("Step 3: Mailboxes moved"), "{all}");
        assert!(all.contains("mailbox database: db-01 → db-2016"), "{all}");
        let moved = &steps[2];
        let who = for_whom(moved);
        let s3 = moved.summary();
        assert_eq!(who.broken.len(), s3.broken);
        assert_eq!(who.restart.len(), s3.restart_prompts);
        assert_eq!(
            compare_counts(moved.compare.as_ref().unwrap()),
            StepSummary {
                broken: s3.broken,
                slower: s3.slower,
                faster: s3.faster,
                restart_prompts: s3.restart_prompts,
                ..StepSummary::default()
            }
        );
        if s3.broken > 0 {
            assert!(all.contains("Breaks (1):"), "{all}");
            assert!(against_before(&s3).starts_with("1 client breaks"));
        }
        // A design without a plan has no such section.
        assert!(sections(&analyse(&examples::seed_fixed()), "Today").is_empty());
    }

    #[test]
    fn a_stale_change_is_printed_on_its_step() {
        let s = planned();
        let first = s.migration.steps[0].id.clone();
        let s = migration::remove_step(&s, &first);
        let steps = analyse(&s);
        let secs = sections(&steps, "Today");
        let stale = secs[2].blocks.iter().any(|b| {
            matches!(b, Block::Para { text, class: "prompt" } if text.starts_with("Not applied: change 1 (upsert-client \"client-internal\") skipped"))
        });
        assert!(stale, "{:?}", secs[2].blocks);
    }
}
