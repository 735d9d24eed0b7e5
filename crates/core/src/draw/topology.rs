//! The topology: clients, DNS views, the perimeter and the sites (array and
//! VIP, CAS, mailbox servers) in columns left to right, as a connection
//! travels; with a client's path drawn hop by hop — client → resolver (what
//! it answered) → perimeter (its verdict) → VIP → CAS → mailbox — each
//! attempt its own line, the failed one dashed and red, ending in a cross
//! at the hop that stopped it with the wait written there.
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
    let result = o.result;
    let steps: &[Step] = match (result, o.upto_step) {
        (Some(r), Some(n)) => &r.steps[..(n + 1).min(r.steps.len())],
        (Some(r), None) => &r.steps,
        (None, _) => &[],
    };
    let client = result.and_then(|r| s.clients.iter().find(|c| c.id == r.client_id));
    let outside = client
        .and_then(|c| s.network_zones.iter().find(|z| z.id == c.location))
        .is_some_and(|z| !z.is_inside());

    // What stands for what: databases draw as their servers.
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
    // Which node answers on which address: a VIP is its array's.
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
    let server_col = |id: &str| -> Option<Col> {
        let site = s
            .sites
            .iter()
            .find(|x| site_of.get(id) == Some(&x.id.as_str()))?;
        if site.arrays.iter().any(|a| a.id == id) {
            Some(Col::Array)
        } else if site.cas_servers.iter().any(|c| c.id == id) {
            Some(Col::Cas)
        } else {
            Some(Col::Mailbox)
        }
    };

    // The path: attempts (a fallback starts a new one), each a list of node
    // ids, with callouts per node and where each attempt stopped.
    let mut attempts: Vec<(Vec<String>, Option<String>)> = Vec::new();
    let mut callouts: Vec<(String, Callout)> = Vec::new();
    if let (Some(r), Some(_)) = (result, client) {
        let mut current: Vec<String> = vec![r.client_id.clone()];
        let mut stopped: Option<String> = None;
        // A hop to a node the attempt already passed (the RPC ports after the
        // endpoint mapper, on the same server) is not a new hop.
        let push = |path: &mut Vec<String>, id: &str| {
            if !path.iter().any(|p| p == id) {
                path.push(id.to_string());
            }
        };
        for st in steps {
            match st.kind {
                StepKind::Fallback => {
                    attempts.push((
                        std::mem::replace(&mut current, vec![r.client_id.clone()]),
                        stopped.take(),
                    ));
                }
                StepKind::DnsLookup => {
                    if let Some(v) = st.evidence.iter().find(|e| view_ids.contains(&***e)) {
                        push(&mut current, v);
                        callouts.push((
                            v.to_string(),
                            Callout {
                                lines: vec![clause(&st.detail)],
                                failed: st.outcome == StepOutcome::Failed,
                                attempt: attempts.len(),
                            },
                        ));
                        if st.outcome == StepOutcome::Failed {
                            stopped = Some(v.to_string());
                        }
                    }
                }
                StepKind::TcpConnect
                | StepKind::EndpointMapper
                | StepKind::RpcBind
                | StepKind::TlsAuth
                | StepKind::PublicFolders => {
                    let first_tcp = st.kind == StepKind::TcpConnect;
                    if first_tcp && outside {
                        push(&mut current, "perimeter");
                    }
                    let mut targets: Vec<(Col, &str)> = st
                        .evidence
                        .iter()
                        .filter_map(|e| {
                            let id: &str = e;
                            let id = server_of.get(id).copied().unwrap_or(id);
                            server_col(id).map(|c| (c, id))
                        })
                        .collect();
                    targets.sort_unstable();
                    targets.dedup();
                    // A failed connect stops at the node that owns the address it
                    // tried (a VIP that does not forward, a CAS that does not
                    // listen), or at the perimeter for a public address.
                    let failed_at = (st.outcome == StepOutcome::Failed)
                        .then(|| destination(st).and_then(|ip| by_address.get(&ip).copied()))
                        .flatten();
                    for (col, id) in &targets {
                        if let Some((stop_col, _)) = failed_at {
                            if *col > stop_col {
                                continue;
                            }
                        }
                        push(&mut current, id);
                    }
                    if st.outcome == StepOutcome::Failed {
                        let at = match failed_at {
                            Some((_, id)) => {
                                push(&mut current, id);
                                id.to_string()
                            }
                            None => current.last().cloned().unwrap_or_default(),
                        };
                        let text = if st.kind == StepKind::TcpConnect {
                            connect_summary(st)
                        } else {
                            format!("{} — {}", clause(&st.detail), format_ms(st.duration_ms))
                        };
                        callouts.push((
                            at.clone(),
                            Callout {
                                lines: vec![text],
                                failed: true,
                                attempt: attempts.len(),
                            },
                        ));
                        stopped = Some(at);
                    }
                }
                StepKind::ReadProfile | StepKind::TransportChoice => {}
            }
        }
        // Connected: the CAS reaches the mailbox in the middle tier (§1).
        let done = o.upto_step.is_none_or(|n| n + 1 >= r.steps.len());
        if done && !matches!(r.outcome, Outcome::Failed { .. }) {
            if let Some(db) = client.and_then(|c| {
                s.sites
                    .iter()
                    .flat_map(|x| x.databases.iter())
                    .find(|d| d.id == c.mailbox_database)
            }) {
                if current.len() > 1 {
                    push(&mut current, &db.server);
                }
            }
        }
        if current.len() > 1 || attempts.is_empty() {
            attempts.push((current, stopped));
        }
    }
    let on_path: HashSet<&str> = attempts
        .iter()
        .flat_map(|(p, _)| p.iter().map(String::as_str))
        .collect();

    // Columns.
    let mut nodes: Vec<Node> = Vec::new();
    let zone_name = |id: &str| {
        s.network_zones
            .iter()
            .find(|z| z.id == id)
            .map_or(id.to_string(), |z| z.name.clone())
    };
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
    for c in &clients {
        nodes.push(Node::new(
            &c.id,
            Col::Client,
            CLIENT_X,
            NODE_W,
            &c.name,
            &format!("{} · {}", c.outlook_version.label(), zone_name(&c.location)),
        ));
    }
    let hidden_clients = s.clients.len() - clients.len();
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
    for v in &views {
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
    let has_outside = s.network_zones.iter().any(|z| !z.is_inside());
    if has_outside {
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

    // Sites: those on the path in full, the rest too when there are few.
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

    // Callout boxes sit under their nodes; lay columns out with them.
    let callout_lines = |id: &str, w: f64| -> Vec<(Vec<String>, bool)> {
        callouts
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
    };
    let callout_h = |id: &str, w: f64| -> f64 {
        callout_lines(id, w)
            .iter()
            .map(|(l, _)| 10.0 + l.len() as f64 * 18.0 + 6.0)
            .sum()
    };
    let stack = |nodes: &mut Vec<Node>, col: Col, top: f64| -> f64 {
        let mut y = top;
        for n in nodes.iter_mut().filter(|n| n.col == col) {
            n.y = y;
            y += n.h + callout_h(&n.id, n.w) + V_GAP;
        }
        y
    };
    let mut bottom = stack(&mut nodes, Col::Client, TOP);
    if hidden_clients > 0 {
        bottom += LINE_H;
    }
    bottom =
        bottom
            .max(stack(&mut nodes, Col::View, TOP))
            .max(stack(&mut nodes, Col::Perimeter, TOP));

    let mut site_boxes: Vec<(f64, f64, String, String)> = Vec::new(); // y, h, title, id
    let mut y = TOP - 8.0;
    for site in &expanded {
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
                &format!("CAS · {}", c.ip),
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
            let mut cy = y + head;
            for n in nodes[start..].iter_mut().filter(|n| n.col == col) {
                n.y = cy;
                cy += n.h + callout_h(&n.id, n.w) + V_GAP;
            }
            inner_bottom = inner_bottom.max(cy);
        }
        let h = inner_bottom - y;
        let title = if site.name.to_ascii_lowercase().starts_with("site") {
            site.name.clone()
        } else {
            format!("Site {}", site.name)
        };
        site_boxes.push((y, h, title, site.id.clone()));
        y += h + V_GAP;
    }
    let mut collapsed_box: Option<(f64, f64, Vec<String>)> = None;
    if !collapsed.is_empty() {
        let names: Vec<&str> = collapsed.iter().map(|x| x.name.as_str()).collect();
        let text = format!(
            "{} more site(s), not on this path: {}",
            collapsed.len(),
            names.join(", ")
        );
        let lines = wrap(&text, SITE_W - 2.0 * PAD, 3);
        let h = 16.0 + lines.len() as f64 * LINE_H;
        collapsed_box = Some((y, h, lines));
        y += h + V_GAP;
    }
    bottom = bottom.max(y);

    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let perimeter = nodes
        .iter()
        .find(|n| n.col == Col::Perimeter)
        .map(|p| (p.y, p.y + p.h + callout_h(&p.id, p.w)));
    let mut items: Vec<Item> = Vec::new();
    for (x, text) in [
        (CLIENT_X, "Clients"),
        (VIEW_X, "DNS views"),
        (PERIM_X, "Perimeter"),
        (SITE_X, "Sites: array / CAS / mailbox"),
    ] {
        if x == PERIM_X && !has_outside {
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
    for (y, h, title, id) in &site_boxes {
        items.push(Item::Group {
            class: "site-box".into(),
            id: Some(id.clone()),
            title: None,
            items: vec![
                Item::Rect {
                    x: SITE_X,
                    y: *y,
                    w: SITE_W,
                    h: *h,
                    rx: 10.0,
                    class: "site",
                },
                Item::Text {
                    x: SITE_X + PAD,
                    y: y + 21.0,
                    text: title.clone(),
                    class: "site-name",
                    anchor: Anchor::Start,
                },
            ],
        });
    }
    if let Some((y, h, lines)) = &collapsed_box {
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
        items.push(Item::Group {
            class: "site-box site-collapsed".into(),
            id: None,
            title: None,
            items: g,
        });
    }

    // Structure, faint: each client to its view, each array to its members.
    let mut links = Vec::new();
    for c in &clients {
        if let (Some(&a), Some(&b)) = (index.get(c.id.as_str()), index.get(c.dns_view.as_str())) {
            links.push(Item::Polyline {
                points: route(&nodes[a], &nodes[b], 0.0, perimeter),
                class: "link",
            });
        }
    }
    for site in &expanded {
        for a in &site.arrays {
            for m in &a.members {
                if let (Some(&x), Some(&y)) = (index.get(a.id.as_str()), index.get(m.as_str())) {
                    links.push(Item::Polyline {
                        points: route(&nodes[x], &nodes[y], 0.0, perimeter),
                        class: "link",
                    });
                }
            }
        }
    }
    items.extend(links);

    // The path, each attempt offset a little so both stay visible.
    let mut failed_nodes: HashSet<String> = HashSet::new();
    let mut crosses = Vec::new();
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
            items.push(Item::Polyline {
                points: points.clone(),
                class: if failed { "hop-failed" } else { "hop" },
            });
        }
        if let Some(at) = stopped {
            failed_nodes.insert(at.clone());
            if let Some(&i) = index.get(at.as_str()) {
                // The cross where the attempt stopped: on the line just before the node.
                let n = &nodes[i];
                let (cx, cy) = if points.len() > 1 {
                    (n.x - 12.0, n.mid_y() + offset)
                } else {
                    (n.x + n.w - 14.0, n.y + 14.0)
                };
                crosses.push(Item::Group {
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
                });
            }
        }
    }

    // Nodes, their callouts, then the crosses on top.
    for n in &nodes {
        let on = on_path.contains(n.id.as_str());
        let failed = failed_nodes.contains(&n.id);
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
        if o.selected == Some(n.id.as_str()) {
            g.push(Item::Rect {
                x: n.x - 4.0,
                y: n.y - 4.0,
                w: n.w + 8.0,
                h: n.h + 8.0,
                rx: 9.0,
                class: "node-selected",
            });
        }
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
        let mut cy = n.y + n.h + 4.0;
        for (lines, bad) in callout_lines(&n.id, n.w) {
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
        let class = format!(
            "node-group col-{}{}{}",
            col_name(n.col),
            if on { " on-path" } else { "" },
            if failed { " failed" } else { "" }
        );
        items.push(Item::Group {
            class,
            id: Some(n.id.clone()),
            title: Some(n.full.clone()),
            items: g,
        });
    }
    if hidden_clients > 0 {
        let last = nodes
            .iter()
            .filter(|n| n.col == Col::Client)
            .map(|n| n.y + n.h + callout_h(&n.id, n.w))
            .fold(TOP, f64::max);
        items.push(Item::Text {
            x: CLIENT_X,
            y: last + V_GAP + 14.0,
            text: format!("+{hidden_clients} more client(s)"),
            class: "legend",
            anchor: Anchor::Start,
        });
    }
    items.extend(crosses);

    // Legend: what the line styles and the cross mean.
    let ly = bottom + 18.0;
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
    items.push(Item::Group {
        class: "legend-box".into(),
        id: None,
        title: None,
        items: legend,
    });

    let title = match result {
        Some(r) => format!(
            "{} — {}: {} after {}",
            s.name,
            r.client,
            r.outcome.label(),
            format_ms(r.total_ms)
        ),
        None => format!("{} — topology", s.name),
    };
    let description = describe(&attempts, &nodes, &index, &callouts);
    debug_assert!(WIDTH <= MAX_WIDTH);
    Drawing {
        width: WIDTH,
        height: (ly + 24.0).ceil(),
        title,
        description,
        items,
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
