//! `cas-planner`: the planner's core on the command line.
//!
//! Exit 0 on success (findings included), 2 with one line naming the problem
//! on bad input. Never panics on input.

use cas_planner_core::{analysis::Analysis, commands, draw, file, fixes, report, sim};
use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cas-planner",
    version,
    about = "Predict how Outlook connects through an Exchange 2010 CAS array design"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Picture {
    Topology,
    Timeline,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Simulate every client's connection path.
    Simulate {
        file: String,
        /// Only this client (by name or id).
        #[arg(long)]
        client: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Run the advisor's design rules.
    Check {
        file: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Compare two designs client by client.
    Compare {
        before: String,
        after: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Write the deployment commands (a PowerShell plan to review): by
    /// default the build of the whole design; with --fixes-only the fixes
    /// for its current findings.
    Commands {
        file: String,
        #[arg(long)]
        fixes_only: bool,
        /// Write the plan to this .ps1 file (UTF-8 with a byte-order mark,
        /// which Windows PowerShell needs for non-ASCII names).
        #[arg(short, long)]
        output: Option<String>,
    },
    /// Apply fixes to a design (the first error's first honest fix, or with
    /// --all every error's) and print the before/after comparison.
    Fix {
        file: String,
        #[arg(long)]
        all: bool,
        /// Write the fixed design to this scenario file.
        #[arg(long)]
        output: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Make a design from an organisation's exports: the collector's folder
    /// (collect-exchange.ps1), Export-Csv or Export-Clixml of the Exchange
    /// cmdlets, zone files. A folder means every file in it. Prints what
    /// each file held, the notes to review, and the imported design's
    /// predictions.
    Import {
        /// Files or folders, recognised by their content.
        #[arg(required = true)]
        files: Vec<String>,
        /// A zone file of internal DNS (what clients inside resolve).
        #[arg(long = "internal-zone")]
        internal_zone: Vec<String>,
        /// A zone file of public DNS (what the Internet resolves).
        #[arg(long = "external-zone")]
        external_zone: Vec<String>,
        /// Write the design to this scenario file (default: standard output).
        #[arg(short, long)]
        output: Option<String>,
    },
    /// Draw the topology (with a client's path) or a client's timeline as a
    /// standalone SVG, the picture the app shows and exports.
    Draw {
        file: String,
        /// The client whose path (or timeline) is drawn (name or id); default
        /// the slowest.
        #[arg(long)]
        client: Option<String>,
        #[arg(long, value_enum, default_value = "topology")]
        what: Picture,
        /// Write the SVG here (default: standard output).
        #[arg(short, long)]
        output: Option<String>,
    },
    /// Write the printed report as one self-contained HTML file (print it or
    /// email it): every client's predicted time, the findings with their
    /// fixes, each client's path, the topology, the model's assumptions.
    Report {
        file: String,
        /// A design to compare with, as "before" (e.g. the leaking one).
        #[arg(long)]
        before: Option<String>,
        /// The date printed on it (default: today, UTC).
        #[arg(long)]
        date: Option<String>,
        #[arg(short, long)]
        output: String,
    },
    /// Walk a migration plan (§11): every step's predictions, findings and
    /// what changes against the step before; with --commands, one step's
    /// deployment plan (name it with --step).
    Plan {
        file: String,
        /// The step (id or name) whose commands to write.
        #[arg(long)]
        step: Option<String>,
        #[arg(long)]
        commands: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Write the output to this file.
        #[arg(short, long)]
        output: Option<String>,
    },
    /// Print the JSON Schema of scenario files.
    Schema,
    /// Print one of the built-in examples as a scenario file
    /// (`large`: the generated benchmark design; `large-plan`: it with the
    /// migration plan the advisor drafts to Exchange 2019).
    Example {
        /// Example name; omit to list them.
        name: Option<String>,
    },
}

fn load(path: &str) -> Result<cas_planner_core::Scenario, String> {
    use std::io::Read;
    let cannot = |e: std::io::Error| format!("{path}: cannot read: {e}");
    // Read at most one byte more than the limit: a huge file (or a device
    // that never ends) is refused without being read into memory.
    let mut bytes = Vec::new();
    let opened = std::fs::File::open(path).map_err(cannot)?;
    let on_disk = opened.metadata().map(|m| m.len()).unwrap_or(0);
    opened
        .take(file::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > file::MAX_FILE_BYTES {
        file::check_scenario_size(path, on_disk.max(bytes.len() as u64))
            .map_err(|e| e.to_string())?;
    }
    let text = file::decode_text(bytes)
        .ok_or_else(|| format!("{path}: not UTF-8 text; a scenario file is JSON text"))?;
    let loaded = file::load(path, &text).map_err(|e| e.to_string())?;
    for w in &loaded.warnings {
        eprintln!("{path}: warning: {w}");
    }
    Ok(loaded.scenario)
}

/// Every file named, a folder's files in name order (the order decides ids,
/// so the same folder always gives the same design).
fn expand(path: &str) -> Result<Vec<String>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_string()]);
    }
    let mut files: Vec<String> = std::fs::read_dir(path)
        .map_err(|e| format!("{path}: cannot read the folder: {e}"))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{path}: the folder has no files"));
    }
    Ok(files)
}

fn import(
    files: Vec<String>,
    internal: Vec<String>,
    external: Vec<String>,
    output: Option<String>,
) -> Result<String, String> {
    use cas_planner_core::import::{self, Side};
    let mut named: Vec<(String, Option<Side>)> = Vec::new();
    for f in &files {
        named.extend(expand(f)?.into_iter().map(|p| (p, None)));
    }
    named.extend(internal.into_iter().map(|p| (p, Some(Side::Internal))));
    named.extend(external.into_iter().map(|p| (p, Some(Side::External))));
    let mut inputs = Vec::new();
    for (path, side) in &named {
        let size = std::fs::metadata(path)
            .map_err(|e| format!("{path}: cannot read: {e}"))?
            .len();
        import::check_export_size(path, size).map_err(|e| e.to_string())?;
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
        inputs.push(import::Input::from_bytes(path, bytes, *side));
    }
    // Read together, so a `$INCLUDE` finds the file it names among them.
    let sources = import::read_all(&inputs)
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let imported = import::build(&sources);
    let mut out = String::new();
    out.push_str(&format!("Read {} file(s):\n", sources.len()));
    for s in &sources {
        out.push_str(&format!("  {}: {}\n", s.name, s.summary()));
    }
    if !imported.notes.is_empty() {
        out.push_str("Notes to review:\n");
        for n in &imported.notes {
            let mark = if n.guess { "[guess] " } else { "" };
            let file = n
                .file
                .as_deref()
                .map(|f| format!("{f}: "))
                .unwrap_or_default();
            out.push_str(&format!("  - {mark}{file}{}\n", n.text));
        }
    }
    let text = file::save(&imported.scenario);
    match &output {
        Some(path) => {
            write(path, &text)?;
            out.push_str(&format!("Wrote {path}\n"));
        }
        // The design alone on standard output, the rest on standard error.
        None => {
            eprint!("{out}");
            return Ok(text);
        }
    }
    let analysis = Analysis::of(&imported.scenario);
    out.push_str("Predictions:\n");
    for c in &analysis.report.clients {
        out.push_str(&format!(
            "  {}: {} after {}\n",
            c.client,
            c.outcome.label(),
            sim::format_ms(c.total_ms)
        ));
    }
    out.push_str(&format!("Findings: {}\n", analysis.findings.len()));
    for f in &analysis.findings {
        out.push_str(&format!(
            "  {} {} {}\n",
            f.severity.label(),
            f.rule,
            f.title
        ));
    }
    Ok(out.trim_end().to_string())
}

fn run(cli: Cli) -> Result<String, String> {
    match cli.command {
        Command::Simulate {
            file,
            client,
            format,
        } => simulate(&file, client, format),
        Command::Check { file, format } => check(&file, format),
        Command::Compare {
            before,
            after,
            format,
        } => compare(&before, &after, format),
        Command::Commands {
            file,
            fixes_only,
            output,
        } => write_commands(&file, fixes_only, output),
        Command::Fix {
            file,
            all,
            output,
            format,
        } => fix(&file, all, output, format),
        Command::Import {
            files,
            internal_zone,
            external_zone,
            output,
        } => import(files, internal_zone, external_zone, output),
        Command::Draw {
            file,
            client,
            what,
            output,
        } => draw_picture(&file, client, what, output),
        Command::Report {
            file,
            before,
            date,
            output,
        } => write_report(&file, before, date, &output),
        Command::Plan {
            file,
            step,
            commands,
            format,
            output,
        } => plan(&file, step, commands, format, output),
        Command::Schema => Ok(file::json_schema()),
        Command::Example { name } => example(name),
    }
}

/// `plan`: the migration plan step by step, or one step's commands.
fn plan(
    file: &str,
    step: Option<String>,
    commands: bool,
    format: Format,
    output: Option<String>,
) -> Result<String, String> {
    use cas_planner_core::migration;
    let scenario = load(file)?;
    if scenario.migration.steps.is_empty() {
        return Err(format!("{file}: the design has no migration plan"));
    }
    let steps = migration::analyse(&scenario);
    let names = || {
        steps
            .iter()
            .map(|s| format!("\"{}\"", s.step.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let wanted = match &step {
        Some(want) => Some(
            steps
                .iter()
                .position(|s| (!s.step.id.is_empty() && &s.step.id == want) || &s.step.name == want)
                .ok_or_else(|| format!("{file}: no step \"{want}\" (steps: {})", names()))?,
        ),
        None => None,
    };
    let text = if commands {
        let Some(i) = wanted.filter(|&i| i > 0) else {
            return Err(format!(
                "{file}: name the step whose commands to write with --step (steps after the first: {})",
                names()
            ));
        };
        let (before, at) = (&steps[i - 1], &steps[i]);
        commands::step_plan(
            &before.step.design,
            &at.step.design,
            &at.step.name,
            &at.analysis,
        )
    } else {
        let shown: Vec<&migration::StepAnalysis> = match wanted {
            Some(i) => vec![&steps[i]],
            None => steps.iter().collect(),
        };
        match format {
            Format::Json => plan_json(&shown),
            Format::Text => plan_text(&shown),
        }
    };
    match output {
        Some(path) => {
            write(&path, &text)?;
            Ok(format!("Wrote {path}"))
        }
        None => Ok(text),
    }
}

fn plan_text(steps: &[&cas_planner_core::migration::StepAnalysis]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for s in steps {
        let sum = s.summary();
        let at = match s.step.index {
            None => "Start".to_string(),
            Some(_) => format!("Step \"{}\"", s.step.id),
        };
        let _ = writeln!(out, "{at}: {}", s.step.name);
        let _ = writeln!(
            out,
            "  {} of {} clients connect, {} fail ({} with prompts), {} on MAPI/HTTP; slowest {}; {} errors, {} warnings",
            sum.connected,
            sum.clients,
            sum.failed,
            sum.prompting,
            sum.mapi_http,
            sim::format_ms(sum.slowest_ms),
            sum.errors,
            sum.warnings
        );
        if s.compare.is_some() {
            let _ = writeln!(
                out,
                "  against the step before: {} faster, {} slower, {} newly failing, {} restart prompts",
                sum.faster, sum.slower, sum.broken, sum.restart_prompts
            );
        }
        for x in &s.step.stale {
            let _ = writeln!(out, "  ! {x}");
        }
        for c in &s.analysis.report.clients {
            let _ = writeln!(
                out,
                "  {}: {} after {}",
                c.client,
                c.outcome.label(),
                sim::format_ms(c.total_ms)
            );
        }
        for d in s.compare.iter().flat_map(|c| c.clients.iter()) {
            if let Some(p) = &d.restart_prompt {
                let _ = writeln!(out, "  prompt, {}: {p}", d.client);
            }
        }
        for f in s.analysis.findings.iter() {
            let _ = writeln!(out, "  {} {} {}", f.severity.label(), f.rule, f.title);
        }
    }
    out.trim_end().to_string()
}

fn plan_json(steps: &[&cas_planner_core::migration::StepAnalysis]) -> String {
    let value: Vec<serde_json::Value> = steps
        .iter()
        .map(|s| {
            serde_json::json!({
                "id": s.step.id,
                "name": s.step.name,
                "summary": s.summary(),
                "stale": s.step.stale.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
                "clients": s.analysis.report.clients.iter().map(|c| serde_json::json!({
                    "client": c.client,
                    "outcome": c.outcome.code(),
                    "cause": match &c.outcome { sim::Outcome::Failed { cause } => Some(cause.to_string()), _ => None },
                    "total_ms": c.total_ms,
                })).collect::<Vec<_>>(),
                "compare": s.compare,
                "findings": s.analysis.findings.iter().map(|f| serde_json::json!({
                    "rule": f.rule, "severity": f.severity.label(), "title": f.title,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&value).expect("plain values serialise")
}

/// Writes `content` to the file `path`.
fn write(path: &str, content: impl AsRef<[u8]>) -> Result<(), String> {
    std::fs::write(path, content).map_err(|e| format!("{path}: cannot write: {e}"))
}

/// The error for a `--client` that names no client of the design in `file`.
fn no_such_client(file: &str, want: &str, scenario: &cas_planner_core::Scenario) -> String {
    let names: Vec<&str> = scenario.clients.iter().map(|c| c.name.as_str()).collect();
    format!(
        "{file}: no client named \"{want}\" (clients: {})",
        names.join(", ")
    )
}

/// `simulate`: every client's path (or one client's), as text or JSON.
fn simulate(file: &str, client: Option<String>, format: Format) -> Result<String, String> {
    let scenario = load(file)?;
    let mut result = sim::simulate(&scenario);
    if let Some(want) = client {
        result
            .clients
            .retain(|c| c.client == want || c.client_id == want);
        if result.clients.is_empty() {
            return Err(no_such_client(file, &want, &scenario));
        }
    }
    Ok(match format {
        Format::Json => report::simulation_json(&scenario, &result),
        Format::Text => report::simulation_text(&scenario, &result),
    })
}

/// `check`: the advisor's findings.
fn check(file: &str, format: Format) -> Result<String, String> {
    let scenario = load(file)?;
    let findings = Analysis::of(&scenario).findings;
    Ok(match format {
        Format::Json => report::findings_json(&findings),
        Format::Text => report::findings_text(&findings),
    })
}

/// `compare`: two designs client by client, with the daily wait saved.
fn compare(before: &str, after: &str, format: Format) -> Result<String, String> {
    let (b, a) = (load(before)?, load(after)?);
    let cmp = sim::compare(&b, &a);
    let savings = cas_planner_core::cost::savings(&a, &cmp);
    Ok(match format {
        Format::Json => {
            let mut v = serde_json::to_value(&cmp).expect("serialisable");
            v["daily_saving_ms"] = serde_json::to_value(savings.total).expect("serialisable");
            for (c, e) in v["clients"]
                .as_array_mut()
                .into_iter()
                .flatten()
                .zip(&savings.clients)
            {
                c["daily_saving_ms"] = serde_json::to_value(e).expect("serialisable");
            }
            serde_json::to_string_pretty(&v).expect("serialisable")
        }
        Format::Text => report::comparison_text(&cmp, Some(&savings)),
    })
}

/// `commands`: the PowerShell plan, printed or written to `output`.
fn write_commands(file: &str, fixes_only: bool, output: Option<String>) -> Result<String, String> {
    let scenario = load(file)?;
    let plan = if fixes_only {
        commands::fixes_plan(&scenario)
    } else {
        commands::build_plan(&scenario)
    };
    match output {
        Some(out) => {
            write(&out, format!("\u{feff}{plan}"))?;
            Ok(format!("wrote {out}"))
        }
        None => Ok(plan),
    }
}

/// `fix`: applies the first error's first honest fix (every error's with
/// `all`), optionally writes the fixed design, and shows what it changed.
fn fix(file: &str, all: bool, output: Option<String>, format: Format) -> Result<String, String> {
    let scenario = load(file)?;
    let applied = if all {
        fixes::apply_all(&scenario).applied
    } else {
        // The first error's first honest fix.
        let mut one = fixes::apply_all(&scenario).applied;
        one.truncate(1);
        one
    };
    let after = applied
        .last()
        .map(|(_, a)| a.after.clone())
        .unwrap_or_else(|| scenario.clone());
    if let Some(out) = &output {
        write(out, file::save(&after))?;
    }
    let cmp = sim::compare(&scenario, &after);
    Ok(match format {
        Format::Json => {
            let fixes: Vec<serde_json::Value> = applied
                .iter()
                .map(|(finding, a)| serde_json::json!({ "finding": finding, "fix": a.title, "edits": a.edits, "effect": a.effect }))
                .collect();
            serde_json::to_string_pretty(
                &serde_json::json!({ "applied": fixes, "comparison": cmp }),
            )
            .expect("serialisable")
        }
        Format::Text => {
            let mut text = String::new();
            if applied.is_empty() {
                text.push_str("No error finding has a fix that helps without slowing a client.\n");
            }
            for (finding, a) in &applied {
                text.push_str(&format!(
                    "Applied: {} — for {finding}\n  {}\n",
                    a.title,
                    a.effect.summary()
                ));
            }
            if let Some(out) = &output {
                text.push_str(&format!("Wrote the fixed design to {out}\n"));
            }
            text.push('\n');
            text.push_str(&report::comparison_text(
                &cmp,
                Some(&cas_planner_core::cost::savings(&after, &cmp)),
            ));
            text
        }
    })
}

/// `draw`: the topology with a client's path, or its timeline, as SVG.
fn draw_picture(
    file: &str,
    client: Option<String>,
    what: Picture,
    output: Option<String>,
) -> Result<String, String> {
    let scenario = load(file)?;
    let report = sim::simulate(&scenario);
    let result = match &client {
        Some(want) => report
            .clients
            .iter()
            .find(|c| &c.client == want || &c.client_id == want)
            .ok_or_else(|| no_such_client(file, want, &scenario))?,
        None => report
            .clients
            .iter()
            .max_by_key(|c| c.total_ms)
            .ok_or_else(|| format!("{file}: the design has no clients to draw"))?,
    };
    let drawing = match what {
        Picture::Topology => draw::topology(
            &scenario,
            &draw::TopologyOptions {
                result: Some(result),
                ..Default::default()
            },
        ),
        Picture::Timeline => draw::timeline(result, None),
    };
    let svg = draw::to_svg(&drawing);
    match output {
        Some(out) => {
            write(&out, &svg)?;
            Ok(format!("wrote {out}"))
        }
        None => Ok(svg),
    }
}

/// `report`: the printed report as one HTML file, compared with `before` if given.
fn write_report(
    file: &str,
    before: Option<String>,
    date: Option<String>,
    output: &str,
) -> Result<String, String> {
    let scenario = load(file)?;
    let before = before.map(|b| load(&b)).transpose()?;
    let date = date.unwrap_or_else(|| time::OffsetDateTime::now_utc().date().to_string());
    let analysis = Analysis::of(&scenario);
    let cmp =
        before.map(|b| sim::compare_designs(&b, &sim::simulate(&b), &scenario, &analysis.report));
    let doc = report::document::document(
        &scenario,
        &analysis.report,
        &analysis.findings,
        cmp.as_ref(),
        &date,
    );
    write(output, report::document::html(&doc))?;
    Ok(format!("wrote {output}"))
}

/// `example`: the gallery's list, or one example (or the large design) as a file.
fn example(name: Option<String>) -> Result<String, String> {
    Ok(match name {
        None => cas_planner_core::examples::gallery()
            .iter()
            .map(|e| format!("{:<26} {}", e.slug, e.title))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(n) if n == "large" => file::save(&cas_planner_core::generate::large_design(1)),
        Some(n) if n == "large-plan" => file::save(&cas_planner_core::generate::with_drafted_plan(
            cas_planner_core::generate::large_design(1),
        )),
        Some(n) => {
            let s = cas_planner_core::examples::by_slug(&n).ok_or_else(|| {
                format!("no example named \"{n}\" (or \"large\", \"large-plan\")")
            })?;
            file::save(&s)
        }
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            // One line, so scripts can show it as is.
            eprintln!("cas-planner: {}", msg.replace('\n', " "));
            ExitCode::from(2)
        }
    }
}
