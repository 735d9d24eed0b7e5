//! What the simulator reports: each client's steps, outcome and time.

use serde::Serialize;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    ReadProfile,
    DnsLookup,
    TransportChoice,
    TcpConnect,
    EndpointMapper,
    RpcBind,
    Fallback,
    TlsAuth,
    PublicFolders,
}

impl StepKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::ReadProfile => "read-profile",
            StepKind::DnsLookup => "dns-lookup",
            StepKind::TransportChoice => "transport-choice",
            StepKind::TcpConnect => "tcp-connect",
            StepKind::EndpointMapper => "endpoint-mapper",
            StepKind::RpcBind => "rpc-bind",
            StepKind::Fallback => "fallback",
            StepKind::TlsAuth => "tls-auth",
            StepKind::PublicFolders => "public-folders",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepOutcome {
    Ok,
    Failed,
    Info,
}

/// The id of a model object a step names. Shared: the same few objects (a
/// database, a DNS record, a timing preset) are named by many clients' steps,
/// and a run interns each id once (see [`Memo::id`]).
pub type Id = Rc<str>;

/// The ids a step names: at most four in practice, kept inline so a step's
/// evidence costs no allocation. Serialised as a JSON array of strings.
pub type Evidence = smallvec::SmallVec<[Id; 4]>;

/// One step of a client's connection path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub start_ms: u64,
    pub duration_ms: u64,
    pub kind: StepKind,
    pub outcome: StepOutcome,
    pub detail: String,
    /// Ids of the model objects the step used.
    pub evidence: Evidence,
    /// Section of the behaviour model (or seed point) the step's behaviour and timing come from.
    pub source: &'static str,
    /// How its duration follows the model's undocumented parameters.
    #[serde(skip)]
    pub price: Price,
}

/// How a step's duration follows the model's undocumented parameters:
/// what `sim::range` needs to price the same path at other values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Price {
    /// Independent of them (an instant, or the 10 s DNS timeout).
    #[default]
    Fixed,
    /// One round trip.
    Rtt,
    /// A TCP connect, with what the path did to its SYNs.
    Connect(super::tcp::Fate),
    /// TLS and authentication, capped at the RPC/HTTP timeout.
    OaSetup,
}

impl Step {
    pub fn end_ms(&self) -> u64 {
        self.start_ms + self.duration_ms
    }

    /// The ids of the objects these steps name, for `Scenario::labels`.
    pub fn evidence_ids<'a>(steps: impl IntoIterator<Item = &'a Step>) -> Vec<&'a str> {
        steps
            .into_iter()
            .flat_map(|s| s.evidence.iter().map(|e| &**e))
            .collect()
    }

    /// The objects the step names as `labels` (`Scenario::labels`) calls
    /// them; an id without a label as itself.
    pub fn evidence_names<'a>(
        &'a self,
        labels: &'a std::collections::HashMap<String, String>,
    ) -> Vec<&'a str> {
        self.evidence
            .iter()
            .map(|id| labels.get(&**id).map_or(&**id, String::as_str))
            .collect()
    }
}

/// How the client ended up connected, or why it did not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "transport", rename_all = "kebab-case")]
pub enum Outcome {
    RpcTcp,
    RpcHttp,
    MapiHttp,
    Failed { cause: Cause },
}

/// How a wait feels to the user at the other end. The one set of
/// thresholds the app's colours and the report's rows use (a product
/// choice, not the model's: under 2 s is unremarkable, 10 s and more hurts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    Fine,
    Slow,
    Bad,
    Failed,
}

impl Wait {
    pub fn of(total_ms: u64, outcome: &Outcome) -> Wait {
        match (outcome, total_ms) {
            (Outcome::Failed { .. }, _) => Wait::Failed,
            (_, 0..=1_999) => Wait::Fine,
            (_, 2_000..=9_999) => Wait::Slow,
            _ => Wait::Bad,
        }
    }
}

impl Outcome {
    /// The transport in a word or two, as lists show it.
    pub fn transport(&self) -> &'static str {
        match self {
            Outcome::RpcTcp => "RPC/TCP",
            Outcome::RpcHttp => "RPC/HTTP",
            Outcome::MapiHttp => "MAPI/HTTP",
            Outcome::Failed { .. } => "Fails",
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Outcome::RpcTcp => "rpc-tcp",
            Outcome::RpcHttp => "rpc-http",
            Outcome::MapiHttp => "mapi-http",
            Outcome::Failed { .. } => "failed",
        }
    }
    pub fn label(&self) -> String {
        match self {
            Outcome::RpcTcp => "Connected over RPC/TCP".into(),
            Outcome::RpcHttp => "Connected over RPC/HTTP (Outlook Anywhere)".into(),
            Outcome::MapiHttp => "Connected over MAPI/HTTP".into(),
            Outcome::Failed { cause } => format!("Not connected: {cause}"),
        }
    }
}

/// Why a client could not connect, most specific first (the last obstacle met).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "kebab-case")]
pub enum Cause {
    /// The client refers to an object that is not in the design.
    MissingObject {
        what: String,
        id: String,
    },
    /// The database's RpcClientAccessServer is empty.
    NoHomeServer,
    HomeServerUnresolved {
        name: String,
        answer: String,
    },
    RpcTcpFailed {
        detail: String,
    },
    NoOutlookAnywhere {
        detail: String,
    },
    HttpsHostUnresolved {
        name: String,
        answer: String,
    },
    HttpsUnreachable {
        name: String,
        detail: String,
    },
    /// No Client Access server that can serve the mailbox's version is
    /// reached (§10 serve 4).
    CannotServe {
        detail: String,
    },
    /// A newer server proxies the HTTPS session down to Exchange 2010, which
    /// refuses the proxy's authentication: credential prompts that never
    /// end (§11 coexist 5).
    ProxyPrompts {
        detail: String,
    },
    /// An RPC/TCP-only profile whose mailbox now needs HTTP: Outlook loops
    /// on the restart prompt (§11 coexist 6).
    RestartLoop {
        detail: String,
    },
}

impl Cause {
    /// Whether the user meets prompts rather than a silent failure.
    pub fn prompts(&self) -> bool {
        matches!(self, Cause::ProxyPrompts { .. } | Cause::RestartLoop { .. })
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cause::MissingObject { what, id } => write!(f, "{what} '{id}' is not in the design"),
            Cause::NoHomeServer => write!(f, "the mailbox database has no RpcClientAccessServer"),
            Cause::HomeServerUnresolved { name, answer } => {
                write!(f, "home server {name} does not resolve ({answer}) and Outlook Anywhere is not available")
            }
            Cause::RpcTcpFailed { detail } => {
                write!(
                    f,
                    "RPC/TCP failed ({detail}) and Outlook Anywhere is not available"
                )
            }
            Cause::NoOutlookAnywhere { detail } => write!(f, "{detail}"),
            Cause::HttpsHostUnresolved { name, answer } => {
                write!(f, "the HTTPS host {name} does not resolve ({answer})")
            }
            Cause::HttpsUnreachable { name, detail } => {
                write!(f, "the HTTPS host {name} is unreachable on 443 ({detail})")
            }
            Cause::CannotServe { detail } => write!(f, "{detail}"),
            Cause::ProxyPrompts { detail } => {
                write!(f, "credential prompts that never end: {detail}")
            }
            Cause::RestartLoop { detail } => {
                write!(f, "the restart prompt in a loop: {detail}")
            }
        }
    }
}

/// The public-folder connection, made after the mailbox is open (seed point 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicFolderResult {
    pub connected: bool,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientResult {
    pub client_id: String,
    pub client: String,
    pub outcome: Outcome,
    /// Time from Outlook start to an open mailbox connection (or to giving up).
    pub total_ms: u64,
    /// The least and the most `total_ms` over the design's ranges of the
    /// model's undocumented parameters (`sim::range`); a point when none moves it.
    pub range_ms: crate::model::Span<u64>,
    /// The parameters that move it, most first.
    pub drivers: Vec<Driver>,
    pub steps: Vec<Step>,
    pub public_folders: Option<PublicFolderResult>,
    /// What Outlook meets before it connects (§6): the run at profile
    /// creation, the run at each start and the two waits they make. None
    /// when the client could not be simulated.
    pub autodiscover: Option<Box<AutodiscoverResult>>,
}

/// A client's Autodiscover runs and the two predictions they make (§6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutodiscoverResult {
    /// Run 1: profile creation (§6 run 1), with no cached URL.
    pub profile_run: AutodiscoverRun,
    /// Run 5: each start (§6 run 5), with the cached URL where the version has one.
    pub start_run: AutodiscoverRun,
    /// Profile setup: the profile run, then the first connection.
    pub profile_setup: Prediction,
    /// Each start: what holds the user up at start (§6 run 5).
    pub each_start: Prediction,
}

/// One Autodiscover run: its steps, prompts and answer (§6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutodiscoverRun {
    /// `ok` when a method returned settings, `failed` when none did (§6 step 13).
    pub outcome: RunOutcome,
    pub total_ms: u64,
    /// The least and the most `total_ms` over the design's ranges.
    pub range_ms: crate::model::Span<u64>,
    /// The parameters that move it, most first.
    pub drivers: Vec<Driver>,
    /// The method whose answer Outlook took, if any.
    pub answered_by: Option<crate::model::Method>,
    /// The URL (or file) that answered.
    pub url: Option<String>,
    /// Office 365 answered for a mailbox the design keeps on premises (C19).
    pub misroute: bool,
    pub steps: Vec<AdStep>,
    pub prompts: Vec<Prompt>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunOutcome {
    Ok,
    Failed,
}

/// One step of an Autodiscover run: a lookup, a connect, a TLS exchange,
/// a request, a redirect or a prompt, for one method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdStep {
    pub start_ms: u64,
    pub duration_ms: u64,
    /// The method's name as the CLI names it (`scp`, `root-domain`, …), or
    /// `upn-lookup` for Outlook 2016's lookup before the run (§6 step 2).
    pub method: &'static str,
    /// What the step asked: a name, an address and port, a URL, a file.
    pub target: std::rc::Rc<str>,
    pub outcome: StepOutcome,
    pub detail: std::rc::Rc<str>,
    pub evidence: Evidence,
    pub source: &'static str,
    /// How its duration follows the parameters (`sim::autodiscover` prices
    /// the run again at the corners of their ranges).
    #[serde(skip)]
    pub price: AdPrice,
    /// 0 for the serial run; 1 and 2 for the SCP and the DNS chase that
    /// Outlook 2013 runs side by side (§6 cost 8).
    #[serde(skip)]
    pub lane: u8,
}

/// How an Autodiscover step's duration follows the parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AdPrice {
    /// Independent of them (an instant, the 10 s DNS timeout).
    #[default]
    Fixed,
    /// This many round trips.
    Rtt(u8),
    /// A TCP connect with what the path did to its SYNs.
    Connect(super::tcp::Fate),
    /// TLS and the request (`oa_setup_ms`, §6 cost 3).
    OaSetup,
    /// A directory query with no DC in reach (§6 cost 5).
    ScpNoDc,
    /// A request that never answers (§6 cost 4).
    HttpTimeout,
    /// A prompt waiting for the user (§6 cost 6).
    Prompt,
}

impl AdStep {
    pub fn end_ms(&self) -> u64 {
        self.start_ms + self.duration_ms
    }
}

/// A dialog the run puts in front of the user (§6 https 3–4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prompt {
    pub kind: PromptKind,
    /// The dialog's text as the user reads it.
    pub text: String,
    /// The host it is about.
    pub host: String,
    pub method: crate::model::Method,
    /// When it appears in the run.
    pub at_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PromptKind {
    Certificate,
    Redirect,
}

impl PromptKind {
    /// What the dialog is about, in a word or two.
    pub fn label(self) -> &'static str {
        match self {
            PromptKind::Certificate => "Security alert (certificate)",
            PromptKind::Redirect => "Redirect warning",
        }
    }
}

impl Prompt {
    /// Whether it appears during step `s`: of its method, from the step's
    /// start to before its end (at its start for an instant).
    pub fn during(&self, s: &AdStep) -> bool {
        crate::model::Choice::as_str(self.method) == s.method
            && (s.start_ms == self.at_ms || (s.start_ms..s.end_ms()).contains(&self.at_ms))
    }
}

impl AutodiscoverRun {
    /// The index of the step prompt `p` appears in: the first of its method
    /// under way at its time, else the last step started by then.
    pub fn prompt_step(&self, p: &Prompt) -> Option<usize> {
        self.steps
            .iter()
            .position(|s| p.during(s))
            .or_else(|| self.steps.iter().rposition(|s| s.start_ms <= p.at_ms))
    }

    /// "answered by root-domain (https://…) after 6.7 s", or "no method
    /// answered after 12.0 s".
    pub fn summary(&self) -> String {
        let range = if self.range_ms.is_point() {
            String::new()
        } else {
            format!(
                " (range {})",
                super::format_span(self.range_ms.min, self.range_ms.max)
            )
        };
        let t = super::format_ms(self.total_ms);
        match (&self.answered_by, &self.url) {
            (Some(m), Some(url)) => format!(
                "answered by {} ({url}) after {t}{range}",
                crate::model::Choice::as_str(*m)
            ),
            _ => format!("no method answered after {t}{range}"),
        }
    }
}

impl Prediction {
    /// "7.6 s (range 3.0–40.4 s)", "FAILS after 12.0 s", the time alone for a point.
    pub fn time_text(&self) -> String {
        let range = if self.range_ms.is_point() {
            String::new()
        } else {
            format!(
                " (range {})",
                super::format_span(self.range_ms.min, self.range_ms.max)
            )
        };
        let failed = if self.outcome == RunOutcome::Failed {
            "FAILS after "
        } else {
            ""
        };
        format!("{failed}{}{range}", super::format_ms(self.total_ms))
    }
}

/// A wait the user meets, with its range (§6 run 1, run 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prediction {
    pub outcome: RunOutcome,
    pub total_ms: u64,
    pub range_ms: crate::model::Span<u64>,
    /// What it is made of, in a sentence.
    pub detail: String,
}

/// A parameter that moves a prediction: the time with it alone at each end
/// of its span (the others at the design's values).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Driver {
    /// The field of the design's `ranges` that holds its span.
    pub parameter: &'static str,
    pub label: &'static str,
    /// Why it is uncertain, with the model's §: "undocumented, §8 step 4".
    pub source: &'static str,
    pub min_ms: u64,
    pub max_ms: u64,
}

impl ClientResult {
    /// The Autodiscover run shown before the connection: the one at profile
    /// creation (§6 run 1), when the client has one with steps.
    pub fn ad_run(&self) -> Option<&AutodiscoverRun> {
        self.autodiscover
            .as_deref()
            .map(|a| &a.profile_run)
            .filter(|run| !run.steps.is_empty())
    }

    /// The profile run's steps (none without one): what presenter mode and
    /// the timeline count before the connection's steps.
    pub fn ad_steps(&self) -> &[AdStep] {
        self.ad_run().map_or(&[], |run| &run.steps)
    }

    /// Whether the undocumented parameters move this prediction at all.
    pub fn has_range(&self) -> bool {
        !self.range_ms.is_point()
    }

    /// "21.9–43.9 s depending on the RPC bind attempts per cycle (undocumented,
    /// §8 step 4)", or None for a point. The one wording of a range: lists,
    /// findings, the report and the CLI use it.
    pub fn range_text(&self) -> Option<String> {
        if !self.has_range() {
            return None;
        }
        let mut out = super::format_span(self.range_ms.min, self.range_ms.max);
        let names: Vec<String> = self
            .drivers
            .iter()
            .take(2)
            .map(|d| format!("{} ({})", d.label, d.source))
            .collect();
        if !names.is_empty() {
            out.push_str(" depending on ");
            out.push_str(&names.join(" and "));
            if self.drivers.len() > 2 {
                out.push_str(&format!(" and {} more", self.drivers.len() - 2));
            }
        }
        Some(out)
    }

    /// "≈ 21.9 s (range 21.9–43.9 s)", or the time alone for a point.
    pub fn time_with_range(&self) -> String {
        let t = super::format_ms(self.total_ms);
        if self.has_range() {
            format!(
                "≈ {t} (range {})",
                super::format_span(self.range_ms.min, self.range_ms.max)
            )
        } else {
            t
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimulationReport {
    /// Shared so that an analysis after an edit reuses the results it did not
    /// recompute (see `analysis`).
    pub clients: Vec<Rc<ClientResult>>,
}
