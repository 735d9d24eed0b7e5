//! `cas-planner`: the planner's core on the command line.
//!
//! Exit 0 on success (findings included), 2 with one line naming the problem
//! on bad input. Never panics on input.

use cas_planner_core::{analysis::Analysis, commands, file, fixes, report, sim};
use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cas-planner", version, about = "Predict how Outlook connects through an Exchange 2010 CAS array design")]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    /// Print the JSON Schema of scenario files.
    Schema,
    /// Print one of the built-in examples as a scenario file
    /// (`large`: the generated benchmark design).
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
    opened.take(file::MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() > file::MAX_FILE_BYTES {
        file::check_size(path, on_disk.max(bytes.len() as u64)).map_err(|e| e.to_string())?;
    }
    let text = decode_text(bytes).ok_or_else(|| format!("{path}: not UTF-8 text; a scenario file is JSON text"))?;
    let loaded = file::load(path, &text).map_err(|e| e.to_string())?;
    for w in &loaded.warnings {
        eprintln!("{path}: warning: {w}");
    }
    Ok(loaded.scenario)
}

/// The file's text as a browser decodes it: UTF-8, or UTF-16 when the file
/// starts with a UTF-16 byte-order mark (what Windows PowerShell 5 writes for
/// `cas-planner example seed-fixed > design.json`). Unlike a browser, bytes
/// that do not decode are refused rather than replaced.
fn decode_text(bytes: Vec<u8>) -> Option<String> {
    let utf16 = |rest: &[u8], from: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = rest.chunks(2).map(|c| <[u8; 2]>::try_from(c).map(from)).collect::<Result<_, _>>().ok()?;
        String::from_utf16(&units).ok()
    };
    match bytes.as_slice() {
        [0xff, 0xfe, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xfe, 0xff, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8(bytes).ok(),
    }
}

fn run(cli: Cli) -> Result<String, String> {
    Ok(match cli.command {
        Command::Simulate { file, client, format } => {
            let scenario = load(&file)?;
            let mut result = sim::simulate(&scenario);
            if let Some(want) = client {
                result.clients.retain(|c| c.client == want || c.client_id == want);
                if result.clients.is_empty() {
                    let names: Vec<&str> = scenario.clients.iter().map(|c| c.name.as_str()).collect();
                    return Err(format!("{file}: no client named \"{want}\" (clients: {})", names.join(", ")));
                }
            }
            match format {
                Format::Json => report::simulation_json(&result),
                Format::Text => report::simulation_text(&scenario, &result),
            }
        }
        Command::Check { file, format } => {
            let scenario = load(&file)?;
            let findings = Analysis::of(&scenario).findings;
            match format {
                Format::Json => report::findings_json(&findings),
                Format::Text => report::findings_text(&findings),
            }
        }
        Command::Compare { before, after, format } => {
            let (b, a) = (load(&before)?, load(&after)?);
            let cmp = sim::compare(&b, &a);
            match format {
                Format::Json => serde_json::to_string_pretty(&cmp).expect("serialisable"),
                Format::Text => report::comparison_text(&cmp),
            }
        }
        Command::Commands { file, fixes_only, output } => {
            let scenario = load(&file)?;
            let plan = if fixes_only { commands::fixes_plan(&scenario) } else { commands::build_plan(&scenario) };
            match output {
                Some(out) => {
                    std::fs::write(&out, format!("\u{feff}{plan}")).map_err(|e| format!("{out}: cannot write: {e}"))?;
                    format!("wrote {out}")
                }
                None => plan,
            }
        }
        Command::Fix { file, all, output, format } => {
            let scenario = load(&file)?;
            let applied = if all {
                fixes::apply_all(&scenario).applied
            } else {
                // The first error's first honest fix.
                let mut one = fixes::apply_all(&scenario).applied;
                one.truncate(1);
                one
            };
            let after = applied.last().map(|(_, a)| a.after.clone()).unwrap_or_else(|| scenario.clone());
            if let Some(out) = &output {
                std::fs::write(out, file::save(&after)).map_err(|e| format!("{out}: cannot write: {e}"))?;
            }
            let cmp = sim::compare(&scenario, &after);
            match format {
                Format::Json => {
                    let fixes: Vec<serde_json::Value> = applied
                        .iter()
                        .map(|(finding, a)| serde_json::json!({ "finding": finding, "fix": a.title, "edits": a.edits, "effect": a.effect }))
                        .collect();
                    serde_json::to_string_pretty(&serde_json::json!({ "applied": fixes, "comparison": cmp })).expect("serialisable")
                }
                Format::Text => {
                    let mut text = String::new();
                    if applied.is_empty() {
                        text.push_str("No error finding has a fix that helps without slowing a client.\n");
                    }
                    for (finding, a) in &applied {
                        text.push_str(&format!("Applied: {} — for {finding}\n  {}\n", a.title, a.effect.summary()));
                    }
                    if let Some(out) = &output {
                        text.push_str(&format!("Wrote the fixed design to {out}\n"));
                    }
                    text.push('\n');
                    text.push_str(&report::comparison_text(&cmp));
                    text
                }
            }
        }
        Command::Schema => file::json_schema(),
        Command::Example { name } => match name {
            None => cas_planner_core::examples::gallery()
                .iter()
                .map(|e| format!("{:<26} {}", e.slug, e.title))
                .collect::<Vec<_>>()
                .join("\n"),
            Some(n) if n == "large" => file::save(&cas_planner_core::generate::large_design(1)),
            Some(n) => {
                let s = cas_planner_core::examples::by_slug(&n).ok_or_else(|| format!("no example named \"{n}\" (or \"large\")"))?;
                file::save(&s)
            }
        },
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
