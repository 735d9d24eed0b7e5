//! What the network does with a client's SYN to an address and port: the
//! perimeter (for Internet clients), destination NAT, the load balancer and
//! finally the listening host. Pure function of the scenario.

use super::tcp::Fate;
use crate::model::*;
use crate::world::{Host, World};
use std::net::Ipv4Addr;

/// The verdict for one destination, with the objects that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathVerdict {
    pub fate: Fate,
    /// The port the verdict is about (for a range: the first port that fails).
    pub port: u16,
    pub evidence: Vec<String>,
    /// Why, in a sentence fragment: "perimeter rule 'Block RPC' drops 203.0.113.10:135".
    pub why: String,
}

/// Verdict for every port of `ports` (a single port or the dynamic RPC range):
/// the first port that does not open decides, since the endpoint mapper may
/// hand out any port of a range.
pub fn syn_verdict(world: &World<'_>, zone: &NetworkZone, ip: Ipv4Addr, ports: PortRange) -> PathVerdict {
    let mut probes = vec![ports.from, ports.to];
    if ports.from != ports.to {
        // The verdict is constant between the edges of the ranges on this
        // destination's path, so probing those edges finds every distinct outcome.
        let mut edges: Vec<PortRange> = Vec::new();
        let mut on_path = vec![ip];
        for rule in world.scenario.perimeter.rules.iter().filter(|r| r.destination == ip) {
            edges.push(rule.ports);
            on_path.extend(rule.translate_to);
        }
        for addr in on_path {
            match world.hosts.get(&addr) {
                Some(Host::Vip { array, lb }) => {
                    edges.extend(&lb.forwarded_ports);
                    if let Some(cas) = serving_member(world, array) {
                        edges.extend(listening(&cas.rpc_ports, true));
                    }
                }
                Some(Host::Cas(c)) => edges.extend(listening(&c.rpc_ports, true)),
                Some(Host::Mailbox(m)) => edges.extend(listening(&m.rpc_ports, false)),
                None => {}
            }
        }
        for r in edges {
            for p in [r.from.saturating_sub(1), r.from, r.to, r.to.saturating_add(1)] {
                if ports.contains(p) {
                    probes.push(p);
                }
            }
        }
    }
    probes.sort_unstable();
    probes.dedup();
    let mut first = None;
    for p in probes {
        let v = verdict_at(world, zone, ip, p);
        if !v.fate.is_open() {
            return v;
        }
        first.get_or_insert(v);
    }
    first.expect("a range always has at least one port")
}

/// Ports a server listens on: the endpoint mapper, its RPC ports and, on a
/// CAS, HTTPS (§2 step 5).
fn listening(rpc: &RpcPorts, is_cas: bool) -> Vec<PortRange> {
    let mut v = vec![PortRange::single(EPM_PORT)];
    v.extend(rpc.needed());
    if is_cas {
        v.push(PortRange::single(HTTPS_PORT));
    }
    v
}

fn verdict_at(world: &World<'_>, zone: &NetworkZone, ip: Ipv4Addr, port: u16) -> PathVerdict {
    let mut evidence = Vec::new();
    let mut dest = ip;
    if !zone.is_inside() {
        if is_private(ip) {
            return PathVerdict {
                fate: Fate::NoRoute,
                port,
                evidence,
                why: format!("{ip} is a private address: it does not route from the Internet"),
            };
        }
        let perimeter = &world.scenario.perimeter;
        match perimeter
            .rules
            .iter()
            .find(|r| r.destination == ip && r.ports.contains(port))
        {
            Some(rule) => {
                evidence.push(rule.id.clone());
                let name = if rule.name.is_empty() { &rule.id } else { &rule.name };
                if rule.action != PerimeterAction::Allow {
                    return PathVerdict {
                        fate: fate_of(rule.action),
                        port,
                        evidence,
                        why: format!("perimeter rule '{name}' answers {ip}:{port} with {}", rule.action.label()),
                    };
                }
                if let Some(to) = rule.translate_to {
                    dest = to;
                }
            }
            None => {
                return PathVerdict {
                    fate: fate_of(perimeter.default_action),
                    port,
                    evidence,
                    why: format!(
                        "no perimeter rule allows {ip}:{port}; the default action is {}",
                        perimeter.default_action.label()
                    ),
                };
            }
        }
    }
    let mut v = host_verdict(world, dest, port);
    evidence.append(&mut v.evidence);
    v.evidence = evidence;
    if dest != ip {
        v.why = format!("{ip}:{port} is translated to {dest}; {}", v.why);
    }
    v
}

fn host_verdict(world: &World<'_>, ip: Ipv4Addr, port: u16) -> PathVerdict {
    let verdict = |fate, evidence: Vec<String>, why: String| PathVerdict { fate, port, evidence, why };
    let Some(host) = world.hosts.get(&ip) else {
        // Nothing answers ARP or routing: SYNs vanish.
        return verdict(Fate::Drop, vec![], format!("no server of the design has address {ip}"));
    };
    match *host {
        Host::Vip { array, lb } => {
            let mut ev = vec![array.id.clone()];
            if !lb.forwarded_ports.iter().any(|r| r.contains(port)) {
                return verdict(
                    fate_of(lb.unforwarded),
                    ev,
                    format!("the load balancer does not forward port {port} ({})", lb.unforwarded.label()),
                );
            }
            let Some(cas) = serving_member(world, array) else {
                return verdict(Fate::Drop, ev, format!("the VIP {ip} forwards port {port} but the array has no member CAS"));
            };
            ev.push(cas.id.clone());
            let mut v = listener(cas.id.clone(), &cas.name, &listening(&cas.rpc_ports, true), port);
            v.evidence = ev;
            v.why = format!("the VIP {ip} forwards port {port} to {}", v.why);
            v
        }
        Host::Cas(c) => listener(c.id.clone(), &c.name, &listening(&c.rpc_ports, true), port),
        Host::Mailbox(m) => listener(m.id.clone(), &m.name, &listening(&m.rpc_ports, false), port),
    }
}

/// The VIP forwards to a member with client affinity (§2 step 5): the first
/// member that exists stands for all of them.
pub(crate) fn serving_member<'a>(world: &World<'a>, array: &CasArray) -> Option<&'a CasServer> {
    array
        .members
        .iter()
        .find_map(|id| world.cas.get(id.as_str()).map(|(_, c)| *c))
}

fn listener(id: String, name: &str, ports: &[PortRange], port: u16) -> PathVerdict {
    let open = ports.iter().any(|r| r.contains(port));
    PathVerdict {
        fate: if open { Fate::Open } else { Fate::Rst },
        port,
        evidence: vec![id],
        why: if open {
            format!("{name}, which listens on {port}")
        } else {
            format!("{name}, which does not listen on {port} (RST)")
        },
    }
}

fn fate_of(action: PerimeterAction) -> Fate {
    match action {
        PerimeterAction::Allow => Fate::Open,
        PerimeterAction::Drop => Fate::Drop,
        PerimeterAction::RejectRst => Fate::Rst,
        PerimeterAction::IcmpUnreachable => Fate::Icmp,
    }
}
