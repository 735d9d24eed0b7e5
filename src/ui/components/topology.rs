//! Topology diagram (SVG): clients, DNS views, the perimeter, and per site the
//! array/VIP, CAS and mailbox servers, with the selected client's path drawn
//! through the objects its steps used (failed steps in red).

use super::Shared;
use cas_planner_core::model::*;
use cas_planner_core::sim::{ClientResult, StepOutcome};
use std::collections::{BTreeSet, HashMap};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub scenario: Shared<Scenario>,
    pub result: Option<Shared<ClientResult>>,
    pub selected_object: Option<String>,
}

const W: f64 = 1000.0;
const ROW: f64 = 46.0;
const MAX_CLIENTS: usize = 10;
const MAX_SITES: usize = 4;

struct Node {
    x: f64,
    y: f64,
    label: String,
    kind: &'static str,
}

#[component]
pub fn Topology(props: &TopologyProps) -> Html {
    let s = &*props.scenario;
    let result = props.result.as_ref().map(|r| &*r.0);
    let used: BTreeSet<&str> = result.map(|r| r.steps.iter().flat_map(|st| st.evidence.iter().map(|e| &**e)).collect()).unwrap_or_default();

    // Which objects stand for which node: databases → their server, rules →
    // the perimeter. (DNS steps already name their view, so records need no
    // mapping; indexing 20,000 records per render would cost more than the rest.)
    let mut alias: HashMap<&str, &str> = HashMap::new();
    for site in &s.sites {
        for d in &site.databases {
            alias.insert(&d.id, &d.server);
        }
        for p in &site.public_folder_databases {
            alias.insert(&p.id, &p.server);
        }
    }
    for r in &s.perimeter.rules {
        alias.insert(&r.id, "perimeter");
    }

    let mut nodes: Vec<(String, Node)> = Vec::new();
    let top = 40.0;
    let clients: Vec<&Client> = {
        let mut c: Vec<&Client> = s.clients.iter().filter(|c| used.contains(c.id.as_str())).collect();
        c.extend(s.clients.iter().filter(|c| !used.contains(c.id.as_str())).take(MAX_CLIENTS.saturating_sub(c.len())));
        c
    };
    for (i, c) in clients.iter().enumerate() {
        nodes.push((c.id.clone(), Node { x: 90.0, y: top + ROW * i as f64, label: c.name.clone(), kind: "client" }));
    }
    for (i, v) in s.dns_views.iter().take(MAX_CLIENTS).enumerate() {
        nodes.push((v.id.clone(), Node { x: 290.0, y: top + ROW * i as f64, label: v.name.clone(), kind: "view" }));
    }
    let has_outside = s.network_zones.iter().any(|z| !z.is_inside());
    if has_outside {
        nodes.push(("perimeter".into(), Node { x: 470.0, y: top, label: format!("Perimeter ({} rules)", s.perimeter.rules.len()), kind: "perimeter" }));
    }
    // Sites on the path first, then others up to the limit.
    let on_path = |site: &Site| {
        site.arrays.iter().any(|a| used.contains(a.id.as_str()))
            || site.cas_servers.iter().any(|c| used.contains(c.id.as_str()))
            || site.mailbox_servers.iter().any(|m| used.contains(m.id.as_str()))
    };
    let mut sites: Vec<&Site> = s.sites.iter().filter(|x| on_path(x)).collect();
    sites.extend(s.sites.iter().filter(|x| !on_path(x)).take(MAX_SITES.saturating_sub(sites.len())));
    let mut boxes = Vec::new();
    let mut y = top - 22.0;
    for site in &sites {
        let rows = site.cas_servers.len().max(site.mailbox_servers.len()).max(site.arrays.len()).max(1);
        let h = ROW * rows as f64 + 30.0;
        boxes.push((site.name.clone(), y, h));
        let row_y = |i: usize| y + 40.0 + ROW * i as f64;
        for (i, a) in site.arrays.iter().enumerate() {
            let label = match &a.load_balancer {
                Some(lb) => format!("{} / VIP {}", a.name, lb.vip),
                None => a.name.clone(),
            };
            nodes.push((a.id.clone(), Node { x: 640.0, y: row_y(i), label, kind: "array" }));
        }
        for (i, c) in site.cas_servers.iter().enumerate() {
            nodes.push((c.id.clone(), Node { x: 790.0, y: row_y(i), label: c.name.clone(), kind: "cas" }));
        }
        for (i, m) in site.mailbox_servers.iter().enumerate() {
            nodes.push((m.id.clone(), Node { x: 920.0, y: row_y(i), label: m.name.clone(), kind: "mbx" }));
        }
        y += h + 14.0;
    }
    let height = nodes.iter().map(|(_, n)| n.y).fold(y, f64::max) + 30.0;
    let index: HashMap<&str, &Node> = nodes.iter().map(|(id, n)| (id.as_str(), n)).collect();
    fn node_of<'a>(alias: &HashMap<&'a str, &'a str>, index: &HashMap<&str, &Node>, id: &'a str) -> Option<&'a str> {
        let id = alias.get(id).copied().unwrap_or(id);
        index.contains_key(id).then_some(id)
    }

    // The path: the nodes each step touched, in order, without repeats in a row.
    let mut path: Vec<&str> = Vec::new();
    let mut failed: BTreeSet<&str> = BTreeSet::new();
    if let Some(r) = result {
        path.push(r.client_id.as_str());
        for st in &r.steps {
            for id in st.evidence.iter().filter_map(|e| node_of(&alias, &index, e)) {
                if path.last() != Some(&id) {
                    path.push(id);
                }
                if st.outcome == StepOutcome::Failed {
                    failed.insert(id);
                }
            }
        }
    }
    let points: Vec<String> = path.iter().filter_map(|id| index.get(id)).map(|n| format!("{:.0},{:.0}", n.x, n.y)).collect();
    let hidden = s.sites.len().saturating_sub(sites.len());

    html! {
        <section class="topology" aria-labelledby="topology-heading">
            <h3 id="topology-heading">{ "Topology" }</h3>
            <svg viewBox={format!("0 0 {W} {height:.0}")} role="img" data-testid="topology"
                 aria-label={match result { Some(r) => format!("Diagram of the design with {}'s path", r.client), None => "Diagram of the design".to_string() }}>
                <text class="col-head" x="90" y="18" text-anchor="middle">{ "Clients" }</text>
                <text class="col-head" x="290" y="18" text-anchor="middle">{ "DNS views" }</text>
                <text class="col-head" x="780" y="18" text-anchor="middle">{ "Sites: array / CAS / mailbox" }</text>
                { for boxes.iter().map(|(name, y, h)| html! {
                    <g class="site-box">
                        <rect x="560" y={format!("{y:.0}")} width="435" height={format!("{h:.0}")} rx="8" />
                        <text x="570" y={format!("{:.0}", y + 18.0)}>{ format!("Site {name}") }</text>
                    </g>
                }) }
                if points.len() > 1 {
                    <polyline class="path-line" points={points.join(" ")} />
                }
                { for nodes.iter().map(|(id, n)| {
                    let class = classes!(
                        "node", format!("node-{}", n.kind),
                        path.contains(&id.as_str()).then_some("on-path"),
                        failed.contains(id.as_str()).then_some("node-failed"),
                        (props.selected_object.as_deref() == Some(id.as_str())).then_some("node-selected")
                    );
                    html! {
                        <g {class}>
                            <rect x={format!("{:.0}", n.x - 62.0)} y={format!("{:.0}", n.y - 15.0)} width="124" height="30" rx="6" />
                            <text x={format!("{:.0}", n.x)} y={format!("{:.0}", n.y + 5.0)} text-anchor="middle">{ clip(&n.label, 17) }</text>
                            <title>{ n.label.clone() }</title>
                        </g>
                    }
                }) }
            </svg>
            if hidden > 0 {
                <p class="hint">{ format!("{hidden} more site(s) not drawn; the diagram shows the sites on the selected client's path first.") }</p>
            }
        </section>
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}
