//! The topology: clients, DNS views, the perimeter and the sites (array and
//! VIP, CAS, mailbox servers) in columns left to right, as a connection
//! travels; with a client's path drawn hop by hop — client → resolver (what
//! it answered) → perimeter (its verdict) → VIP → CAS → mailbox — each
//! attempt its own line, the failed one dashed and red, ending in a cross
//! at the hop that stopped it with the wait written there.
//!
//! The endpoints the client's Autodiscover run at profile creation tried
//! (§6) are outlined dashed: the CAS and arrays its SCP URLs and names led
//! to, and the web hosts it met, drawn as nodes under the perimeter.
//!
//! Labels wrap inside their boxes (a 40-character name fits), lines run
//! only through the gaps between columns, and sites not on the path
//! collapse into one box so a 200-site design stays legible.

use super::{wrap, Anchor, Drawing, Item, FONT, LINE_H, MAX_WIDTH};
use crate::model::*;
use crate::sim::{format_ms, ClientResult, Outcome, Step, StepKind, StepOutcome};
use std::collections::{HashMap, HashSet};

/// What to draw besides the design.
#[derive(Debug, Clone, Copy, Default)]
pub struct TopologyOptions<'a> {
    /// The client whose path is drawn.
    pub result: Option<&'a ClientResult>,
    /// Draw the path up to this step only (presenter mode); None: all of it.
    pub upto_step: Option<usize>,
    /// The object to highlight (selected in the app).
    pub selected: Option<&'a str>,
}

const M: f64 = 16.0;
const NODE_W: f64 = 196.0;
const PERIM_W: f64 = 170.0;
const GAP: f64 = 36.0;
const PAD: f64 = 14.0;
const TOP: f64 = 56.0;
const V_GAP: f64 = 14.0;
const MAX_CLIENTS: usize = 8;
const MAX_VIEWS: usize = 6;
/// With at most this many sites every site is drawn in full.
const ALL_SITES_UP_TO: usize = 3;

const CLIENT_X: f64 = M;
const VIEW_X: f64 = CLIENT_X + NODE_W + GAP;
const PERIM_X: f64 = VIEW_X + NODE_W + GAP;
const SITE_X: f64 = PERIM_X + PERIM_W + GAP;
const ARRAY_X: f64 = SITE_X + PAD;
const CAS_X: f64 = ARRAY_X + NODE_W + GAP * 0.66;
const MBX_X: f64 = CAS_X + NODE_W + GAP * 0.66;
const SITE_W: f64 = MBX_X + NODE_W + PAD - SITE_X;
const WIDTH: f64 = SITE_X + SITE_W + M;
// The drawing fits the widest canvas: checked when compiling.
const _: () = assert!(WIDTH <= MAX_WIDTH);

/// Which column a node sits in, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Client,
    View,
    Perimeter,
    Array,
    Cas,
    Mailbox,
}

/// A laid-out node: its box, texts, and what it stands for.
struct Node {
    id: String,
    col: Col,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    label: Vec<String>,
    sub: Vec<String>,
    full: String,
}

impl Node {
    fn new(id: &str, col: Col, x: f64, w: f64, label: &str, sub: &str) -> Node {
        let label_lines = wrap(label, w - 16.0, 3);
        // Smaller text: more characters per line.
        let sub_lines = if sub.is_empty() {
            Vec::new()
        } else {
            wrap(sub, (w - 16.0) * FONT / 14.0, 2)
        };
        let h = 12.0 + label_lines.len() as f64 * LINE_H + sub_lines.len() as f64 * 18.0;
        Node {
            id: id.to_string(),
            col,
            x,
            y: 0.0,
            w,
            h,
            label: label_lines,
            sub: sub_lines,
            full: if sub.is_empty() {
                label.to_string()
            } else {
                format!("{label} — {sub}")
            },
        }
    }
    fn mid_y(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

/// One hop's note on a node: what the resolver answered, where it stopped,
/// in which attempt.
struct Callout {
    lines: Vec<String>,
    failed: bool,
    attempt: usize,
}

/// The part of a step's text that fits on a callout: its first clause,
/// without the "Resolve in Internet:" lead.
fn clause(detail: &str) -> String {
    let rest = match detail.split_once(": ") {
        Some((lead, rest)) if lead.chars().count() <= 48 => rest,
        _ => detail,
    };
    let end = [" via ", "; ", ". "]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .unwrap_or(rest.len());
    rest[..end].to_string()
}

/// The address a connect step tried: `TCP 10.10.10.100:135 …`.
fn destination(step: &Step) -> Option<std::net::Ipv4Addr> {
    step.detail
        .split_whitespace()
        .find_map(|w| w.rsplit_once(':').and_then(|(host, _)| host.parse().ok()))
}

/// "TCP 135 dropped — 21.0 s": the port, the verdict and the wait of a connect step.
fn connect_summary(step: &Step) -> String {
    let port = step.detail.split_whitespace().find_map(|w| {
        w.rsplit_once(':').and_then(|(host, p)| {
            (host.contains('.') && p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty())
                .then_some(p)
        })
    });
    let verdict = if step.outcome != StepOutcome::Failed {
        "open"
    } else if step.detail.contains("DROP") || step.detail.contains("no answer") {
        "dropped"
    } else if step.detail.contains("RST") {
        "refused (RST)"
    } else if step.detail.contains("ICMP") {
        "unreachable (ICMP)"
    } else {
        "failed"
    };
    match port {
        Some(p) => format!("TCP {p} {verdict} — {}", format_ms(step.duration_ms)),
        None => format!("connect {verdict} — {}", format_ms(step.duration_ms)),
    }
}

/// Lays out `s` and draws `o`'s path on it.
pub fn topology(s: &Scenario, o: &TopologyOptions<'_>) -> Drawing {
    let path = trace(s, o);
    let on_path = path.on_path();
    let layout = Layout::new(s, &path, &on_path);
    let nodes = &layout.nodes;
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let perimeter = nodes
        .iter()
        .find(|n| n.col == Col::Perimeter)
        .map(|p| (p.y, p.y + p.h + path.callout_h(&p.id, p.w)));

    let mut items = layout.frame();
    items.extend(layout.links(&index, perimeter));
    let hops = Hops::draw(&path.attempts, nodes, &index, perimeter);
    items.extend(hops.lines);
    // Nodes, their callouts, then the crosses on top.
    for n in nodes {
        let on = on_path.contains(n.id.as_str());
        let failed = hops.failed_nodes.contains(&n.id);
        items.push(node_group(n, on, failed, o.selected, &path));
    }
    items.extend(layout.hidden_clients_note(&path));
    items.extend(hops.crosses);
    let mut ly = layout.bottom + 18.0;
    items.push(legend(ly));
    let mut description = describe(&path.attempts, nodes, &index, &path.callouts);
    let tried: Vec<&str> = nodes
        .iter()
        .filter(|n| path.autodiscover.contains(&n.id))
        .map(|n| n.full.split(" — ").next().unwrap_or(&n.full))
        .collect();
    if !tried.is_empty() {
        ly += 28.0;
        items.push(autodiscover_legend(ly));
        description.push_str(&format!(" Autodiscover tried: {}.", tried.join(", ")));
    }
    Drawing {
        width: WIDTH,
        height: (ly + 24.0).ceil(),
        title: title(s, o.result),
        description,
        items,
    }
}

/// The drawing's title: the client's outcome and time, or the design's name.
fn title(s: &Scenario, result: Option<&ClientResult>) -> String {
    match result {
        Some(r) => format!(
            "{} — {}: {} after {}",
            s.name,
            r.client,
            r.outcome.label(),
            format_ms(r.total_ms)
        ),
        None => format!("{} — topology", s.name),
    }
}

/// One attempt: the ids of the nodes it passed, and where it stopped (if it failed).
type Attempt = (Vec<String>, Option<String>);

/// The client's path: its attempts (a fallback starts a new one) and the
/// callouts on their nodes.
struct Path {
    attempts: Vec<Attempt>,
    callouts: Vec<(String, Callout)>,
    /// The objects the client's Autodiscover run named (§6), in its order.
    autodiscover: Vec<String>,
}

impl Path {
    /// Every node some attempt passed.
    fn on_path(&self) -> HashSet<&str> {
        self.attempts
            .iter()
            .flat_map(|(p, _)| p.iter().map(String::as_str))
            .collect()
    }

    /// The callouts of node `id` in a box `w` wide: their wrapped lines, and
    /// whether each tells of a failure.
    fn callout_lines(&self, id: &str, w: f64) -> Vec<(Vec<String>, bool)> {
        self.callouts
            .iter()
            .filter(|(n, _)| n == id)
            .map(|(_, c)| {
                (
                    c.lines
                        .iter()
                        .flat_map(|l| wrap(l, (w - 14.0) * FONT / 15.0, 3))
                        .collect(),
                    c.failed,
                )
            })
            .collect()
    }

    /// The height the callouts of node `id` take under it (callout boxes sit
    /// under their nodes, so columns are laid out with them).
    fn callout_h(&self, id: &str, w: f64) -> f64 {
        self.callout_lines(id, w)
            .iter()
            .map(|(l, _)| 10.0 + l.len() as f64 * 18.0 + 6.0)
            .sum()
    }
}

/// What stands for what in the design, for following a path through it.
struct Lookups<'s> {
    s: &'s Scenario,
    /// Databases draw as their servers.
    server_of: HashMap<&'s str, &'s str>,
    site_of: HashMap<&'s str, &'s str>,
    view_ids: HashSet<&'s str>,
    /// Which node answers on which address: a VIP is its array's.
    by_address: HashMap<std::net::Ipv4Addr, (Col, &'s str)>,
}

impl<'s> Lookups<'s> {
    fn new(s: &'s Scenario) -> Self {
        let mut server_of: HashMap<&str, &str> = HashMap::new();
        let mut site_of: HashMap<&str, &str> = HashMap::new();
        for site in &s.sites {
            for d in &site.databases {
                server_of.insert(&d.id, &d.server);
            }
            for p in &site.public_folder_databases {
                server_of.insert(&p.id, &p.server);
            }
            for id in site
                .cas_servers
                .iter()
                .map(|c| c.id.as_str())
                .chain(site.arrays.iter().map(|a| a.id.as_str()))
                .chain(site.mailbox_servers.iter().map(|m| m.id.as_str()))
            {
                site_of.insert(id, &site.id);
            }
        }
        let view_ids: HashSet<&str> = s.dns_views.iter().map(|v| v.id.as_str()).collect();
        let mut by_address: HashMap<std::net::Ipv4Addr, (Col, &str)> = HashMap::new();
        for site in &s.sites {
            for m in &site.mailbox_servers {
                by_address.insert(m.ip, (Col::Mailbox, &m.id));
            }
            for c in &site.cas_servers {
                by_address.insert(c.ip, (Col::Cas, &c.id));
            }
            for a in &site.arrays {
                if let Some(lb) = &a.load_balancer {
                    by_address.insert(lb.vip, (Col::Array, &a.id));
                }
            }
        }
        Lookups {
            s,
            server_of,
            site_of,
            view_ids,
            by_address,
        }
    }

    /// The column of a site's array, CAS or mailbox server; None for anything else.
    fn server_col(&self, id: &str) -> Option<Col> {
        let site = self
            .s
            .sites
            .iter()
            .find(|x| self.site_of.get(id) == Some(&x.id.as_str()))?;
        if site.arrays.iter().any(|a| a.id == id) {
            Some(Col::Array)
        } else if site.cas_servers.iter().any(|c| c.id == id) {
            Some(Col::Cas)
        } else {
            Some(Col::Mailbox)
        }
    }
}

/// The path of `o`'s client through `s`, up to the step `o` shows.
fn trace(s: &Scenario, o: &TopologyOptions<'_>) -> Path {
    let mut path = Path {
        attempts: Vec::new(),
        callouts: Vec::new(),
        autodiscover: Vec::new(),
    };
    let Some(r) = o.result else {
        return path;
    };
    for e in r.ad_steps().iter().flat_map(|st| st.evidence.iter()) {
        if !path.autodiscover.iter().any(|a| **a == **e) {
            path.autodiscover.push(e.to_string());
        }
    }
    let Some(client) = s.clients.iter().find(|c| c.id == r.client_id) else {
        return path;
    };
    let steps = match o.upto_step {
        Some(n) => &r.steps[..(n + 1).min(r.steps.len())],
        None => &r.steps[..],
    };
    let outside = s
        .network_zones
        .iter()
        .find(|z| z.id == client.location)
        .is_some_and(|z| !z.is_inside());
    let look = Lookups::new(s);
    let mut tracer = Tracer {
        look: &look,
        outside,
        client_id: &r.client_id,
        current: vec![r.client_id.clone()],
        stopped: None,
        path,
    };
    for st in steps {
        tracer.step(st);
    }
    // Connected: the CAS reaches the mailbox in the middle tier (§1).
    let done = o.upto_step.is_none_or(|n| n + 1 >= r.steps.len());
    if done && !matches!(r.outcome, Outcome::Failed { .. }) {
        if let Some(db) = s
            .sites
            .iter()
            .flat_map(|x| x.databases.iter())
            .find(|d| d.id == client.mailbox_database)
        {
            if tracer.current.len() > 1 {
                tracer.hop(&db.server);
            }
        }
    }
    tracer.finish()
}

/// Follows a client's steps node by node: the attempt under way, and the
/// path so far.
struct Tracer<'a> {
    look: &'a Lookups<'a>,
    /// Whether the client sits outside: its first connect crosses the perimeter.
    outside: bool,
    client_id: &'a str,
    /// The attempt under way: the node ids it passed.
    current: Vec<String>,
    /// Where the attempt under way stopped.
    stopped: Option<String>,
    /// The attempts before it, and the callouts so far.
    path: Path,
}

impl Tracer<'_> {
    /// Adds a hop to the attempt. A hop to a node the attempt already passed
    /// (the RPC ports after the endpoint mapper, on the same server) is not a
    /// new hop.
    fn hop(&mut self, id: &str) {
        if !self.current.iter().any(|p| p == id) {
            self.current.push(id.to_string());
        }
    }

    /// A note on node `at` in the attempt under way.
    fn callout(&mut self, at: String, text: String, failed: bool) {
        self.path.callouts.push((
            at,
            Callout {
                lines: vec![text],
                failed,
                attempt: self.path.attempts.len(),
            },
        ));
    }

    fn step(&mut self, st: &Step) {
        match st.kind {
            StepKind::Fallback => {
                let done = std::mem::replace(&mut self.current, vec![self.client_id.to_string()]);
                self.path.attempts.push((done, self.stopped.take()));
            }
            StepKind::DnsLookup => self.lookup(st),
            StepKind::TcpConnect
            | StepKind::EndpointMapper
            | StepKind::RpcBind
            | StepKind::TlsAuth
            | StepKind::PublicFolders => self.connect(st),
            StepKind::ReadProfile | StepKind::TransportChoice => {}
        }
    }

    /// A lookup: a hop to the view that answered, with what it answered.
    fn lookup(&mut self, st: &Step) {
        let look = self.look;
        if let Some(v) = st.evidence.iter().find(|e| look.view_ids.contains(&***e)) {
            self.hop(v);
            let failed = st.outcome == StepOutcome::Failed;
            self.callout(v.to_string(), clause(&st.detail), failed);
            if failed {
                self.stopped = Some(v.to_string());
            }
        }
    }

    /// A connection: hops to the servers it reached (through the perimeter
    /// from outside), or to where it stopped, with why.
    fn connect(&mut self, st: &Step) {
        let look = self.look;
        let first_tcp = st.kind == StepKind::TcpConnect;
        if first_tcp && self.outside {
            self.hop("perimeter");
        }
        let mut targets: Vec<(Col, &str)> = st
            .evidence
            .iter()
            .filter_map(|e| {
                let id: &str = e;
                let id = look.server_of.get(id).copied().unwrap_or(id);
                look.server_col(id).map(|c| (c, id))
            })
            .collect();
        targets.sort_unstable();
        targets.dedup();
        // A failed connect stops at the node that owns the address it
        // tried (a VIP that does not forward, a CAS that does not
        // listen), or at the perimeter for a public address.
        let failed_at = (st.outcome == StepOutcome::Failed)
            .then(|| destination(st).and_then(|ip| look.by_address.get(&ip).copied()))
            .flatten();
        for (col, id) in &targets {
            if let Some((stop_col, _)) = failed_at {
                if *col > stop_col {
                    continue;
                }
            }
            self.hop(id);
        }
        if st.outcome == StepOutcome::Failed {
            let at = match failed_at {
                Some((_, id)) => {
                    self.hop(id);
                    id.to_string()
                }
                None => self.current.last().cloned().unwrap_or_default(),
            };
            let text = if st.kind == StepKind::TcpConnect {
                connect_summary(st)
            } else {
                format!("{} — {}", clause(&st.detail), format_ms(st.duration_ms))
            };
            self.callout(at.clone(), text, true);
            self.stopped = Some(at);
        }
    }

    /// The path, with the attempt under way kept when it went anywhere or
    /// is the only one.
    fn finish(mut self) -> Path {
        if self.current.len() > 1 || self.path.attempts.is_empty() {
            self.path.attempts.push((self.current, self.stopped));
        }
        self.path
    }
}

/// A site's box: its top, height, title and id.
struct SiteBox {
    y: f64,
    h: f64,
    title: String,
    id: String,
}

/// The nodes laid out in their columns, the sites' boxes around theirs,
/// and how far down the drawing reaches.
struct Layout<'s> {
    nodes: Vec<Node>,
    /// The clients drawn, in the order of their nodes.
    clients: Vec<&'s Client>,
    /// How many clients are not drawn.
    hidden_clients: usize,
    /// Whether the design has a zone outside, so a perimeter to draw.
    has_outside: bool,
    /// The sites drawn in full.
    expanded: Vec<&'s Site>,
    site_boxes: Vec<SiteBox>,
    /// The one box for the sites not drawn in full: its top, height and lines.
    collapsed_box: Option<(f64, f64, Vec<String>)>,
    bottom: f64,
}

impl<'s> Layout<'s> {
    fn new(s: &'s Scenario, path: &Path, on_path: &HashSet<&str>) -> Self {
        let clients = shown_clients(s, on_path);
        let views = shown_views(s, &clients, on_path);
        let has_outside = s.network_zones.iter().any(|z| !z.is_inside());
        let mut nodes = left_nodes(s, &clients, &views, has_outside);
        nodes.extend(web_host_nodes(s, path));
        let hidden_clients = s.clients.len() - clients.len();
        let (expanded, collapsed) = split_sites(s, on_path);

        let mut bottom = stack(&mut nodes, Col::Client, TOP, path);
        if hidden_clients > 0 {
            bottom += LINE_H;
        }
        bottom = bottom
            .max(stack(&mut nodes, Col::View, TOP, path))
            .max(stack(&mut nodes, Col::Perimeter, TOP, path));

        let mut site_boxes = Vec::new();
        let mut y = TOP - 8.0;
        for site in &expanded {
            let h = lay_out_site(&mut nodes, site, y, path);
            site_boxes.push(SiteBox {
                y,
                h,
                title: site_title(site),
                id: site.id.clone(),
            });
            y += h + V_GAP;
        }
        let mut collapsed_box = None;
        if let Some(lines) = collapsed_lines(&collapsed) {
            let h = 16.0 + lines.len() as f64 * LINE_H;
            collapsed_box = Some((y, h, lines));
            y += h + V_GAP;
        }
        bottom = bottom.max(y);
        Layout {
            nodes,
            clients,
            hidden_clients,
            has_outside,
            expanded,
            site_boxes,
            collapsed_box,
            bottom,
        }
    }

    /// The columns' heads and the sites' boxes, drawn first, under everything.
    fn frame(&self) -> Vec<Item> {
        let mut items: Vec<Item> = Vec::new();
        for (x, text) in [
            (CLIENT_X, "Clients"),
            (VIEW_X, "DNS views"),
            (PERIM_X, "Perimeter"),
            (SITE_X, "Sites: array / CAS / mailbox"),
        ] {
            if x == PERIM_X && !self.has_outside {
                continue;
            }
            items.push(Item::Text {
                x,
                y: 30.0,
                text: text.into(),
                class: "col-head",
                anchor: Anchor::Start,
            });
        }
        for b in &self.site_boxes {
            items.push(Item::Group {
                class: "site-box".into(),
                id: Some(b.id.clone()),
                title: None,
                items: vec![
                    Item::Rect {
                        x: SITE_X,
                        y: b.y,
                        w: SITE_W,
                        h: b.h,
                        rx: 10.0,
                        class: "site",
                    },
                    Item::Text {
                        x: SITE_X + PAD,
                        y: b.y + 21.0,
                        text: b.title.clone(),
                        class: "site-name",
                        anchor: Anchor::Start,
                    },
                ],
            });
        }
        items.extend(self.collapsed_box.as_ref().map(collapsed_group));
        items
    }

    /// The structure, faint: each client to its view, each array to its members.
    fn links(&self, index: &HashMap<&str, usize>, perimeter: Option<(f64, f64)>) -> Vec<Item> {
        let nodes = &self.nodes;
        let mut links = Vec::new();
        for c in &self.clients {
            if let (Some(&a), Some(&b)) = (index.get(c.id.as_str()), index.get(c.dns_view.as_str()))
            {
                links.push(Item::Polyline {
                    points: route(&nodes[a], &nodes[b], 0.0, perimeter),
                    class: "link",
                });
            }
        }
        for site in &self.expanded {
            for a in &site.arrays {
                for m in &a.members {
                    if let (Some(&x), Some(&y)) = (index.get(a.id.as_str()), index.get(m.as_str()))
                    {
                        links.push(Item::Polyline {
                            points: route(&nodes[x], &nodes[y], 0.0, perimeter),
                            class: "link",
                        });
                    }
                }
            }
        }
        links
    }

    /// "+3 more client(s)" under the clients' column, when some are not drawn.
    fn hidden_clients_note(&self, path: &Path) -> Option<Item> {
        if self.hidden_clients == 0 {
            return None;
        }
        let last = self
            .nodes
            .iter()
            .filter(|n| n.col == Col::Client)
            .map(|n| n.y + n.h + path.callout_h(&n.id, n.w))
            .fold(TOP, f64::max);
        Some(Item::Text {
            x: CLIENT_X,
            y: last + V_GAP + 14.0,
            text: format!("+{} more client(s)", self.hidden_clients),
            class: "legend",
            anchor: Anchor::Start,
        })
    }
}

/// The clients to draw: those on the path, then others up to [`MAX_CLIENTS`].
fn shown_clients<'s>(s: &'s Scenario, on_path: &HashSet<&str>) -> Vec<&'s Client> {
    let mut clients: Vec<&Client> = s
        .clients
        .iter()
        .filter(|c| on_path.contains(c.id.as_str()))
        .collect();
    clients.extend(
        s.clients
            .iter()
            .filter(|c| !on_path.contains(c.id.as_str()))
            .take(MAX_CLIENTS.saturating_sub(clients.len())),
    );
    clients
}

/// The views to draw: those on the path or of a drawn client first, then the
/// others, up to [`MAX_VIEWS`] (or as many as the path passed).
fn shown_views<'s>(
    s: &'s Scenario,
    clients: &[&Client],
    on_path: &HashSet<&str>,
) -> Vec<&'s DnsView> {
    let mut views: Vec<&DnsView> = s
        .dns_views
        .iter()
        .filter(|v| on_path.contains(v.id.as_str()) || clients.iter().any(|c| c.dns_view == v.id))
        .collect();
    let first: HashSet<&str> = views.iter().map(|v| v.id.as_str()).collect();
    views.extend(
        s.dns_views
            .iter()
            .filter(|v| !first.contains(v.id.as_str())),
    );
    views.truncate(
        MAX_VIEWS.max(
            views
                .iter()
                .filter(|v| on_path.contains(v.id.as_str()))
                .count(),
        ),
    );
    views
}

/// The nodes of the columns left of the sites: clients, views, and the
/// perimeter when there is an outside.
fn left_nodes(s: &Scenario, clients: &[&Client], views: &[&DnsView], perimeter: bool) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    let zone_name = |id: &str| {
        s.network_zones
            .iter()
            .find(|z| z.id == id)
            .map_or(id.to_string(), |z| z.name.clone())
    };
    for c in clients {
        nodes.push(Node::new(
            &c.id,
            Col::Client,
            CLIENT_X,
            NODE_W,
            &c.name,
            &format!("{} · {}", c.outlook_version.label(), zone_name(&c.location)),
        ));
    }
    for v in views {
        let records: usize = v.zones.iter().map(|z| z.records.len()).sum();
        nodes.push(Node::new(
            &v.id,
            Col::View,
            VIEW_X,
            NODE_W,
            &v.name,
            &format!("{} zone(s), {records} record(s)", v.zones.len()),
        ));
    }
    if perimeter {
        nodes.push(Node::new(
            "perimeter",
            Col::Perimeter,
            PERIM_X,
            PERIM_W,
            "Perimeter",
            &format!(
                "{} rule(s), otherwise {}",
                s.perimeter.rules.len(),
                s.perimeter.default_action.label()
            ),
        ));
    }
    nodes
}

/// The web hosts the client's Autodiscover met (§6 https 3), in the
/// perimeter's column: outside the organisation, not its Exchange.
fn web_host_nodes(s: &Scenario, path: &Path) -> Vec<Node> {
    s.autodiscover
        .web_hosts
        .iter()
        .filter(|w| path.autodiscover.contains(&w.id))
        .map(|w| {
            Node::new(
                &w.id,
                Col::Perimeter,
                PERIM_X,
                PERIM_W,
                &w.name,
                &format!("web host · {}", w.ip),
            )
        })
        .collect()
}

/// The sites drawn in full and those collapsed into one box: the sites on
/// the path in full, the rest too when there are few.
fn split_sites<'s>(s: &'s Scenario, on_path: &HashSet<&str>) -> (Vec<&'s Site>, Vec<&'s Site>) {
    let site_on_path = |site: &Site| {
        site.arrays.iter().any(|a| on_path.contains(a.id.as_str()))
            || site
                .cas_servers
                .iter()
                .any(|c| on_path.contains(c.id.as_str()))
            || site
                .mailbox_servers
                .iter()
                .any(|m| on_path.contains(m.id.as_str()))
    };
    let expanded: Vec<&Site> = if s.sites.len() <= ALL_SITES_UP_TO {
        s.sites.iter().collect()
    } else {
        let on: Vec<&Site> = s.sites.iter().filter(|x| site_on_path(x)).collect();
        if on.is_empty() {
            s.sites.iter().take(1).collect()
        } else {
            on
        }
    };
    let collapsed: Vec<&Site> = s
        .sites
        .iter()
        .filter(|x| !expanded.iter().any(|e| e.id == x.id))
        .collect();
    (expanded, collapsed)
}

/// Stacks the nodes of column `col` from `top` down, each with its
/// callouts under it; gives where the column ends.
fn stack(nodes: &mut [Node], col: Col, top: f64, path: &Path) -> f64 {
    let mut y = top;
    for n in nodes.iter_mut().filter(|n| n.col == col) {
        n.y = y;
        y += n.h + path.callout_h(&n.id, n.w) + V_GAP;
    }
    y
}

/// A CAS node's second line: "CAS · 10.10.10.11", with its Exchange
/// version where it is not the model's default, 2010 ("CAS 2016 · …").
fn cas_sub(c: &CasServer) -> String {
    let version = match c.exchange_version {
        ExchangeVersion::V2010 => "",
        ExchangeVersion::V2013 => " 2013",
        ExchangeVersion::V2016 => " 2016",
        ExchangeVersion::V2019 => " 2019",
        ExchangeVersion::Se => " SE",
    };
    format!("CAS{version} · {}", c.ip)
}

/// Adds `site`'s arrays, CAS and mailbox servers to `nodes`, stacked in
/// their columns in a site box whose top is at `y`; gives the box's height.
fn lay_out_site(nodes: &mut Vec<Node>, site: &Site, y: f64, path: &Path) -> f64 {
    let head = 30.0;
    let start = nodes.len();
    for a in &site.arrays {
        let sub = match &a.load_balancer {
            Some(lb) => format!("array {} · VIP {}", a.name, lb.vip),
            None => format!("array {} · no load balancer", a.name),
        };
        nodes.push(Node::new(&a.id, Col::Array, ARRAY_X, NODE_W, &a.fqdn, &sub));
    }
    for c in &site.cas_servers {
        nodes.push(Node::new(
            &c.id,
            Col::Cas,
            CAS_X,
            NODE_W,
            &c.name,
            &cas_sub(c),
        ));
    }
    for m in &site.mailbox_servers {
        nodes.push(Node::new(
            &m.id,
            Col::Mailbox,
            MBX_X,
            NODE_W,
            &m.name,
            &format!("mailbox · {}", m.ip),
        ));
    }
    let mut inner_bottom = y + head + 20.0;
    for col in [Col::Array, Col::Cas, Col::Mailbox] {
        inner_bottom = inner_bottom.max(stack(&mut nodes[start..], col, y + head, path));
    }
    inner_bottom - y
}

/// "Site X", unless the site's name says so already.
fn site_title(site: &Site) -> String {
    if site.name.to_ascii_lowercase().starts_with("site") {
        site.name.clone()
    } else {
        format!("Site {}", site.name)
    }
}

/// The collapsed box's lines, naming the sites not drawn in full; None when
/// every site is.
fn collapsed_lines(collapsed: &[&Site]) -> Option<Vec<String>> {
    if collapsed.is_empty() {
        return None;
    }
    let names: Vec<&str> = collapsed.iter().map(|x| x.name.as_str()).collect();
    let text = format!(
        "{} more site(s), not on this path: {}",
        collapsed.len(),
        names.join(", ")
    );
    Some(wrap(&text, SITE_W - 2.0 * PAD, 3))
}

/// The collapsed sites' box: at `y`, `h` high, with its lines.
fn collapsed_group((y, h, lines): &(f64, f64, Vec<String>)) -> Item {
    let mut g = vec![Item::Rect {
        x: SITE_X,
        y: *y,
        w: SITE_W,
        h: *h,
        rx: 10.0,
        class: "site",
    }];
    for (i, l) in lines.iter().enumerate() {
        g.push(Item::Text {
            x: SITE_X + PAD,
            y: y + 24.0 + i as f64 * LINE_H,
            text: l.clone(),
            class: "site-name",
            anchor: Anchor::Start,
        });
    }
    Item::Group {
        class: "site-box site-collapsed".into(),
        id: None,
        title: None,
        items: g,
    }
}

/// The path drawn: a line per attempt, the nodes where attempts stopped,
/// and a cross at each (drawn last, on top).
struct Hops {
    lines: Vec<Item>,
    failed_nodes: HashSet<String>,
    crosses: Vec<Item>,
}

impl Hops {
    /// Each attempt offset a little so both stay visible.
    fn draw(
        attempts: &[Attempt],
        nodes: &[Node],
        index: &HashMap<&str, usize>,
        perimeter: Option<(f64, f64)>,
    ) -> Hops {
        let mut hops = Hops {
            lines: Vec::new(),
            failed_nodes: HashSet::new(),
            crosses: Vec::new(),
        };
        for (k, (path, stopped)) in attempts.iter().enumerate() {
            let offset = k as f64 * 10.0 - (attempts.len() as f64 - 1.0) * 5.0;
            let drawn: Vec<&Node> = path
                .iter()
                .filter_map(|id| index.get(id.as_str()).map(|&i| &nodes[i]))
                .collect();
            let mut points: Vec<(f64, f64)> = Vec::new();
            for w in drawn.windows(2) {
                let seg = route(w[0], w[1], offset, perimeter);
                if points.last() == seg.first() {
                    points.extend(seg.into_iter().skip(1));
                } else {
                    points.extend(seg);
                }
            }
            let failed = stopped.is_some();
            if points.len() > 1 {
                hops.lines.push(Item::Polyline {
                    points: points.clone(),
                    class: if failed { "hop-failed" } else { "hop" },
                });
            }
            if let Some(at) = stopped {
                hops.failed_nodes.insert(at.clone());
                if let Some(&i) = index.get(at.as_str()) {
                    // The cross where the attempt stopped: on the line just before the node.
                    let n = &nodes[i];
                    let (cx, cy) = if points.len() > 1 {
                        (n.x - 12.0, n.mid_y() + offset)
                    } else {
                        (n.x + n.w - 14.0, n.y + 14.0)
                    };
                    hops.crosses.push(cross(cx, cy));
                }
            }
        }
        hops
    }
}

/// A cross centred on (`cx`, `cy`).
fn cross(cx: f64, cy: f64) -> Item {
    Item::Group {
        class: "stop".into(),
        id: None,
        title: None,
        items: vec![
            Item::Line {
                x1: cx - 8.0,
                y1: cy - 8.0,
                x2: cx + 8.0,
                y2: cy + 8.0,
                class: "cross",
            },
            Item::Line {
                x1: cx - 8.0,
                y1: cy + 8.0,
                x2: cx + 8.0,
                y2: cy - 8.0,
                class: "cross",
            },
        ],
    }
}

/// A node's group: its box (marked when on the path, failed or selected),
/// its texts, and its callouts under it.
fn node_group(n: &Node, on: bool, failed: bool, selected: Option<&str>, path: &Path) -> Item {
    let mut g = vec![Item::Rect {
        x: n.x,
        y: n.y,
        w: n.w,
        h: n.h,
        rx: 7.0,
        class: if failed {
            "node-failed"
        } else if on {
            "node-path"
        } else {
            "node"
        },
    }];
    if failed {
        // A second border: the failed node differs in shape, not only colour.
        g.push(Item::Rect {
            x: n.x + 4.0,
            y: n.y + 4.0,
            w: n.w - 8.0,
            h: n.h - 8.0,
            rx: 5.0,
            class: "node-failed-inner",
        });
    }
    if selected == Some(n.id.as_str()) {
        g.push(Item::Rect {
            x: n.x - 4.0,
            y: n.y - 4.0,
            w: n.w + 8.0,
            h: n.h + 8.0,
            rx: 9.0,
            class: "node-selected",
        });
    }
    let tried = path.autodiscover.contains(&n.id);
    if tried {
        // Tried by Autodiscover: a dashed outline (a shape, not a colour).
        g.push(Item::Rect {
            x: n.x - 5.0,
            y: n.y - 5.0,
            w: n.w + 10.0,
            h: n.h + 10.0,
            rx: 10.0,
            class: "node-ad",
        });
    }
    node_texts(n, &mut g);
    callout_items(n, path, &mut g);
    let class = format!(
        "node-group col-{}{}{}{}",
        col_name(n.col),
        if on { " on-path" } else { "" },
        if failed { " failed" } else { "" },
        if tried { " autodiscover" } else { "" }
    );
    Item::Group {
        class,
        id: Some(n.id.clone()),
        title: Some(if tried {
            format!("{} — tried by Autodiscover", n.full)
        } else {
            n.full.clone()
        }),
        items: g,
    }
}

/// A node's label, then its smaller second text.
fn node_texts(n: &Node, g: &mut Vec<Item>) {
    let mut ty = n.y + 6.0 + FONT;
    for l in &n.label {
        g.push(Item::Text {
            x: n.x + 8.0,
            y: ty,
            text: l.clone(),
            class: "label",
            anchor: Anchor::Start,
        });
        ty += LINE_H;
    }
    for l in &n.sub {
        g.push(Item::Text {
            x: n.x + 8.0,
            y: ty - 2.0,
            text: l.clone(),
            class: "sub",
            anchor: Anchor::Start,
        });
        ty += 18.0;
    }
}

/// A node's callouts, boxed one under the other below it.
fn callout_items(n: &Node, path: &Path, g: &mut Vec<Item>) {
    let mut cy = n.y + n.h + 4.0;
    for (lines, bad) in path.callout_lines(&n.id, n.w) {
        let h = 10.0 + lines.len() as f64 * 18.0;
        g.push(Item::Rect {
            x: n.x + 6.0,
            y: cy,
            w: n.w - 6.0,
            h,
            rx: 5.0,
            class: if bad { "callout-failed" } else { "callout" },
        });
        for (i, l) in lines.iter().enumerate() {
            g.push(Item::Text {
                x: n.x + 13.0,
                y: cy + 19.0 + i as f64 * 18.0,
                text: l.clone(),
                class: if bad {
                    "callout-failed-text"
                } else {
                    "callout-text"
                },
                anchor: Anchor::Start,
            });
        }
        cy += h + 6.0;
    }
}

/// The legend at height `ly`: what the line styles and the cross mean.
/// The legend's line for the endpoints Autodiscover tried.
fn autodiscover_legend(ly: f64) -> Item {
    Item::Group {
        class: "legend-box".into(),
        id: None,
        title: None,
        items: vec![
            Item::Rect {
                x: M,
                y: ly - 9.0,
                w: 44.0,
                h: 18.0,
                rx: 5.0,
                class: "node-ad",
            },
            Item::Text {
                x: M + 52.0,
                y: ly + 5.0,
                text: "tried by Autodiscover at profile creation (web hosts under the perimeter)"
                    .into(),
                class: "legend",
                anchor: Anchor::Start,
            },
        ],
    }
}

fn legend(ly: f64) -> Item {
    let legend = vec![
        Item::Line {
            x1: M,
            y1: ly,
            x2: M + 44.0,
            y2: ly,
            class: "hop",
        },
        Item::Text {
            x: M + 52.0,
            y: ly + 5.0,
            text: "the connection's path".into(),
            class: "legend",
            anchor: Anchor::Start,
        },
        Item::Line {
            x1: M + 250.0,
            y1: ly,
            x2: M + 294.0,
            y2: ly,
            class: "hop-failed",
        },
        Item::Text {
            x: M + 302.0,
            y: ly + 5.0,
            text: "an attempt that failed".into(),
            class: "legend",
            anchor: Anchor::Start,
        },
        Item::Line {
            x1: M + 500.0,
            y1: ly - 7.0,
            x2: M + 514.0,
            y2: ly + 7.0,
            class: "cross",
        },
        Item::Line {
            x1: M + 500.0,
            y1: ly + 7.0,
            x2: M + 514.0,
            y2: ly - 7.0,
            class: "cross",
        },
        Item::Text {
            x: M + 524.0,
            y: ly + 5.0,
            text: "where it stopped (red box, double border)".into(),
            class: "legend",
            anchor: Anchor::Start,
        },
        Item::Line {
            x1: M + 900.0,
            y1: ly,
            x2: M + 944.0,
            y2: ly,
            class: "link",
        },
        Item::Text {
            x: M + 952.0,
            y: ly + 5.0,
            text: "client → its DNS view; array → its members".into(),
            class: "legend",
            anchor: Anchor::Start,
        },
    ];
    Item::Group {
        class: "legend-box".into(),
        id: None,
        title: None,
        items: legend,
    }
}

fn col_name(c: Col) -> &'static str {
    match c {
        Col::Client => "client",
        Col::View => "view",
        Col::Perimeter => "perimeter",
        Col::Array => "array",
        Col::Cas => "cas",
        Col::Mailbox => "mailbox",
    }
}

/// The path in words, hop by hop (the drawing's description).
fn describe(
    attempts: &[(Vec<String>, Option<String>)],
    nodes: &[Node],
    index: &HashMap<&str, usize>,
    callouts: &[(String, Callout)],
) -> String {
    let mut parts = Vec::new();
    for (k, (path, stopped)) in attempts.iter().enumerate() {
        let hops: Vec<String> = path
            .iter()
            .filter_map(|id| index.get(id.as_str()).map(|&i| &nodes[i]))
            .map(|n| {
                let notes: Vec<&str> = callouts
                    .iter()
                    .filter(|(c, note)| *c == n.id && note.attempt == k)
                    .flat_map(|(_, c)| c.lines.iter().map(String::as_str))
                    .collect();
                let name = n.full.split(" — ").next().unwrap_or(&n.full).to_string();
                if notes.is_empty() {
                    name
                } else {
                    format!("{name} ({})", notes.join("; "))
                }
            })
            .collect();
        let lead = if k == 0 { "Path" } else { "Then" };
        let end = if stopped.is_some() {
            " — stopped there"
        } else {
            ""
        };
        parts.push(format!("{lead}: {}{end}.", hops.join(" → ")));
    }
    if parts.is_empty() {
        "The design's sites, DNS views, perimeter and clients.".into()
    } else {
        parts.join(" ")
    }
}

/// An orthogonal route from `a`'s right side to `b`'s left side through the
/// gap between their columns (and below the perimeter's box and callouts,
/// `perimeter` = their top and bottom, when crossing its column), `offset`
/// units lower.
fn route(a: &Node, b: &Node, offset: f64, perimeter: Option<(f64, f64)>) -> Vec<(f64, f64)> {
    let (ya, yb) = (a.mid_y() + offset, b.mid_y() + offset);
    if b.col <= a.col {
        // Backwards or in the same column: along the left edges.
        let x = a.x.min(b.x) - 10.0;
        return vec![(a.x, ya), (x, ya), (x, yb), (b.x, yb)];
    }
    let start = (a.x + a.w, ya);
    let gap_x = a.x + a.w + (next_col_x(a.col) - (a.x + a.w)) / 2.0;
    let mut points = vec![start, (gap_x, ya)];
    // Crossing the perimeter's column: pass under its box if it is in the way.
    if let Some((top, bottom)) =
        perimeter.filter(|_| a.col < Col::Perimeter && b.col > Col::Perimeter)
    {
        if yb > top - 8.0 && yb < bottom + 8.0 {
            let under = bottom + 16.0 + offset;
            let after = PERIM_X + PERIM_W + GAP / 2.0;
            points.extend([(gap_x, under), (after, under), (after, yb), (b.x, yb)]);
            return points;
        }
    }
    points.extend([(gap_x, yb), (b.x, yb)]);
    points
}

/// Where the column after `c` starts.
fn next_col_x(c: Col) -> f64 {
    match c {
        Col::Client => VIEW_X,
        Col::View => PERIM_X,
        Col::Perimeter => ARRAY_X,
        Col::Array => CAS_X,
        Col::Cas => MBX_X,
        Col::Mailbox => MBX_X + NODE_W,
    }
}
