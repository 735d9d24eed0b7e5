//! What the network does with a client's SYN to an address and port: the
//! perimeter (for Internet clients), destination NAT, the load balancer and
//! finally the listening host. Pure function of the scenario.

use super::ids::Ids;
use super::tcp::Fate;
use crate::model::*;
use crate::text::{push_ip, push_u64};
use crate::world::{Host, World};
use std::net::Ipv4Addr;

/// The verdict for one destination, with the objects that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathVerdict {
    pub fate: Fate,
    /// The port the verdict is about (for a range: the first port that fails).
    pub port: u16,
    pub evidence: super::report::Evidence,
    /// Why, in a sentence fragment: "perimeter rule 'Block RPC' drops 203.0.113.10:135".
    pub why: String,
    /// The perimeter's default action decided this port, or a port probed
    /// before it (so a change of that action may change the verdict).
    pub default_action: bool,
}

/// Verdict for every port of `ports` (a single port or the dynamic RPC range):
/// the first port that does not open decides, since the endpoint mapper may
/// hand out any port of a range.
pub(super) fn syn_verdict(
    world: &World<'_>,
    ids: &Ids,
    zone: &NetworkZone,
    ip: Ipv4Addr,
    ports: PortRange,
) -> PathVerdict {
    if ports.from == ports.to {
        return verdict_at(world, ids, zone, ip, ports.from, true);
    }
    let mut probes = vec![ports.from, ports.to];
    // The verdict is constant between the edges of the ranges on this
    // destination's path, so probing those edges finds every distinct outcome.
    let mut edges: Vec<PortRange> = Vec::new();
    let mut on_path = vec![ip];
    for rule in world.rules_to(ip) {
        edges.push(rule.ports);
        on_path.extend(rule.translate_to);
    }
    for addr in on_path {
        match world.hosts.get(&addr) {
            Some(Host::Vip { array, lb }) => {
                edges.extend(&lb.forwarded_ports);
                if let Some(cas) = serving_member(world, array) {
                    edges.extend(listening_ports(cas.rpc_ports, true));
                }
            }
            Some(Host::Cas(c)) => edges.extend(listening_ports(c.rpc_ports, true)),
            Some(Host::Mailbox(m)) => edges.extend(listening_ports(m.rpc_ports, false)),
            Some(Host::Web(_)) => edges.extend(WEB_PORTS.map(PortRange::single)),
            None => {}
        }
    }
    for r in edges {
        for p in [
            r.from.saturating_sub(1),
            r.from,
            r.to,
            r.to.saturating_add(1),
        ] {
            if ports.contains(p) {
                probes.push(p);
            }
        }
    }
    probes.sort_unstable();
    probes.dedup();
    // Probe without building explanations; explain only the deciding port.
    let mut default_action = false;
    let decisive = probes
        .iter()
        .copied()
        .find(|&p| {
            let v = verdict_at(world, ids, zone, ip, p, false);
            default_action |= v.default_action;
            !v.fate.is_open()
        })
        .unwrap_or(probes[0]);
    let mut v = verdict_at(world, ids, zone, ip, decisive, true);
    v.default_action |= default_action;
    v
}

/// The verdict for an IPv6 address (§10 ipv6 1–4). The planner's hosts and
/// perimeter rules are IPv4: from outside, IPv6 meets the perimeter's
/// default action (nothing publishes it); from inside, an AAAA address
/// reaches the host its name's A record reaches (`via`), or nothing when
/// the name has no A record. Both assumed (§10 ipv6 4).
pub(super) fn syn_verdict_v6(
    world: &World<'_>,
    ids: &Ids,
    zone: &NetworkZone,
    ip: std::net::Ipv6Addr,
    via: Option<Ipv4Addr>,
    ports: PortRange,
) -> PathVerdict {
    let mut evidence = super::report::Evidence::new();
    if !zone.is_inside() && is_private_v6(ip) {
        return PathVerdict {
            default_action: false,
            fate: Fate::NoRoute,
            port: ports.from,
            evidence,
            why: format!(
                "{ip} is a unique-local or link-local IPv6 address: it does not route from the Internet"
            ),
        };
    }
    if !zone.is_inside() {
        let action = world.scenario.perimeter.default_action;
        return PathVerdict {
            fate: fate_of(action),
            default_action: true,
            port: ports.from,
            evidence,
            why: format!(
                "no perimeter rule publishes IPv6 address {ip} (the design's rules are IPv4); the default action is {}",
                action.label()
            ),
        };
    }
    match via {
        Some(v4) => {
            let mut v = syn_verdict(world, ids, zone, v4, ports);
            v.why = format!(
                "IPv6 {ip} reaches the host of the name's A record {v4} (assumed): {}",
                v.why
            );
            v
        }
        None => {
            evidence.clear();
            PathVerdict {
                default_action: false,
                fate: Fate::NoRoute,
                port: ports.from,
                evidence,
                why: format!(
                    "no host of the design answers at IPv6 address {ip} (the name has no A record to tell which)"
                ),
            }
        }
    }
}

/// `ip:port` appended to `out`.
fn push_endpoint(out: &mut String, ip: Ipv4Addr, port: u16) {
    push_ip(out, ip);
    out.push(':');
    push_u64(out, port.into());
}

/// The verdict for one port. With `explain` false only `fate` is computed
/// (`why` and `evidence` stay empty): the cheap form for probing a range.
fn verdict_at(
    world: &World<'_>,
    ids: &Ids,
    zone: &NetworkZone,
    ip: Ipv4Addr,
    port: u16,
    explain: bool,
) -> PathVerdict {
    let mut evidence = super::report::Evidence::new();
    let mut dest = ip;
    // Explanations run to about 100 bytes: allocate once.
    let mut why = if explain {
        String::with_capacity(128)
    } else {
        String::new()
    };
    let perimeter = &world.scenario.perimeter;
    // A web host of Autodiscover's (a hosting company's server) stands
    // outside the organisation's perimeter unless a rule names its address.
    let elsewhere =
        matches!(world.hosts.get(&ip), Some(Host::Web(_))) && world.rules_to(ip).is_empty();
    let crosses = if elsewhere && !is_private(ip) {
        false
    } else if !zone.is_inside() {
        if is_private(ip) {
            if explain {
                push_ip(&mut why, ip);
                why.push_str(" is a private address: it does not route from the Internet");
            }
            return PathVerdict {
                default_action: false,
                fate: Fate::NoRoute,
                port,
                evidence,
                why,
            };
        }
        true
    } else if let Some(first) = world.rules_to(ip).first().filter(|_| !is_private(ip)) {
        // From inside to the perimeter's own public address: only hairpin NAT brings it back in.
        if !perimeter.hairpin_nat {
            if explain {
                evidence.push(ids.intern(&first.id));
                push_endpoint(&mut why, ip, port);
                why.push_str(" is the perimeter's own public address, and the perimeter does not reflect connections from inside back in (hairpin NAT off)");
            }
            return PathVerdict {
                default_action: false,
                fate: Fate::Drop,
                port,
                evidence,
                why,
            };
        }
        if explain {
            why.push_str("hairpin NAT reflects the connection from inside; ");
        }
        true
    } else {
        false
    };
    if crosses {
        match world.rules_to(ip).iter().find(|r| r.ports.contains(port)) {
            Some(rule) => {
                if explain {
                    evidence.push(ids.intern(&rule.id));
                }
                if rule.action != PerimeterAction::Allow {
                    if explain {
                        let name = if rule.name.is_empty() {
                            &rule.id
                        } else {
                            &rule.name
                        };
                        why.push_str("perimeter rule '");
                        why.push_str(name);
                        why.push_str("' answers ");
                        push_endpoint(&mut why, ip, port);
                        why.push_str(" with ");
                        why.push_str(rule.action.label());
                    }
                    return PathVerdict {
                        default_action: false,
                        fate: fate_of(rule.action),
                        port,
                        evidence,
                        why,
                    };
                }
                if let Some(to) = rule.translate_to {
                    dest = to;
                }
            }
            None => {
                if explain {
                    why.push_str("no perimeter rule allows ");
                    push_endpoint(&mut why, ip, port);
                    why.push_str("; the default action is ");
                    why.push_str(perimeter.default_action.label());
                }
                return PathVerdict {
                    fate: fate_of(perimeter.default_action),
                    default_action: true,
                    port,
                    evidence,
                    why,
                };
            }
        }
    }
    if explain && dest != ip {
        push_endpoint(&mut why, ip, port);
        why.push_str(" is translated to ");
        push_ip(&mut why, dest);
        why.push_str("; ");
    }
    let fate = host_verdict(
        world,
        ids,
        dest,
        port,
        explain.then_some((&mut why, &mut evidence)),
    );
    PathVerdict {
        default_action: false,
        fate,
        port,
        evidence,
        why,
    }
}

/// What the host at `ip` does with a SYN to `port`; when explaining, appends
/// the reason to `why` and the objects to `evidence`.
fn host_verdict(
    world: &World<'_>,
    ids: &Ids,
    ip: Ipv4Addr,
    port: u16,
    mut explain: Option<(&mut String, &mut super::report::Evidence)>,
) -> Fate {
    let Some(host) = world.hosts.get(&ip) else {
        // Nothing answers ARP or routing: SYNs vanish.
        if let Some((why, _)) = explain {
            why.push_str("no server of the design has address ");
            push_ip(why, ip);
        }
        return Fate::Drop;
    };
    match *host {
        Host::Vip { array, lb } => {
            if let Some((_, ev)) = explain.as_mut() {
                ev.push(ids.intern(&array.id));
            }
            if !lb.forwarded_ports.iter().any(|r| r.contains(port)) {
                if let Some((why, _)) = explain {
                    why.push_str("the load balancer does not forward port ");
                    push_u64(why, port.into());
                    why.push_str(" (");
                    why.push_str(lb.unforwarded.label());
                    why.push(')');
                }
                return fate_of(lb.unforwarded);
            }
            let Some(cas) = serving_member(world, array) else {
                if let Some((why, _)) = explain {
                    why.push_str("the VIP ");
                    push_ip(why, ip);
                    why.push_str(" forwards port ");
                    push_u64(why, port.into());
                    why.push_str(" but the array has no member CAS");
                }
                return Fate::Drop;
            };
            if let Some((why, ev)) = explain {
                ev.push(ids.intern(&cas.id));
                why.push_str("the VIP ");
                push_ip(why, ip);
                why.push_str(" forwards port ");
                push_u64(why, port.into());
                why.push_str(" to ");
                return listener(&cas.name, cas.listens_on(port), port, Some(why));
            }
            listener(&cas.name, cas.listens_on(port), port, None)
        }
        Host::Cas(c) => {
            let why = explain.map(|(why, ev)| {
                ev.push(ids.intern(&c.id));
                why
            });
            listener(&c.name, c.listens_on(port), port, why)
        }
        Host::Mailbox(m) => {
            let why = explain.map(|(why, ev)| {
                ev.push(ids.intern(&m.id));
                why
            });
            listener(&m.name, listens_on(m.rpc_ports, false, port), port, why)
        }
        Host::Web(h) => {
            let answers = match port {
                HTTPS_PORT => Some(h.answers),
                HTTP_PORT => Some(h.answers_http),
                _ => None,
            };
            let fate = match answers {
                // A web host's own firewall: only the web ports answer.
                None => Fate::Drop,
                Some(answers) => match answers {
                    WebAnswer::Answers | WebAnswer::Hangs => Fate::Open,
                    WebAnswer::Refuses => Fate::Rst,
                    WebAnswer::Drops => Fate::Drop,
                },
            };
            if let Some((why, ev)) = explain {
                ev.push(ids.intern(&h.id));
                why.push_str("web host ");
                why.push_str(&h.name);
                why.push_str(match fate {
                    Fate::Open => " accepts port ",
                    Fate::Rst => " refuses port ",
                    _ => " drops port ",
                });
                push_u64(why, port.into());
            }
            fate
        }
    }
}

/// The ports a web host serves: HTTP and HTTPS (§6 https 4).
const WEB_PORTS: [u16; 2] = [HTTP_PORT, HTTPS_PORT];

/// The VIP forwards to a member with client affinity (§2 step 5): the first
/// member that exists stands for all of them.
pub(super) fn serving_member<'a>(world: &World<'a>, array: &CasArray) -> Option<&'a CasServer> {
    array
        .members
        .iter()
        .find_map(|id| world.cas.get(id.as_str()).map(|(_, c)| *c))
}

fn listener(name: &str, open: bool, port: u16, why: Option<&mut String>) -> Fate {
    if let Some(why) = why {
        why.push_str(name);
        why.push_str(if open {
            ", which listens on "
        } else {
            ", which does not listen on "
        });
        push_u64(why, port.into());
        if !open {
            why.push_str(" (RST)");
        }
    }
    if open {
        Fate::Open
    } else {
        Fate::Rst
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

/// What a SYN from `zone` to `ip:port` meets, with the reason: for rules
/// that ask whether a client can reach an address.
pub(crate) fn reach(
    world: &World<'_>,
    zone: &NetworkZone,
    ip: Ipv4Addr,
    port: u16,
) -> (Fate, String) {
    let v = verdict_at(world, &Ids::default(), zone, ip, port, true);
    (v.fate, v.why)
}

/// The address a connection from `zone` to `ip:port` ends at, once it is
/// open: the perimeter's destination NAT when the connection crosses it
/// (from the Internet, or from inside through hairpin NAT), else `ip`.
/// What answers there (a CAS, a VIP, a web host) decides what an HTTPS
/// exchange meets (§6 https 1–2).
pub(super) fn destination(
    world: &World<'_>,
    zone: &NetworkZone,
    ip: Ipv4Addr,
    port: u16,
) -> Ipv4Addr {
    if is_private(ip) {
        return ip;
    }
    let rules = world.rules_to(ip);
    let crosses = !zone.is_inside() || (!rules.is_empty() && world.scenario.perimeter.hairpin_nat);
    if !crosses {
        return ip;
    }
    rules
        .iter()
        .find(|r| r.ports.contains(port))
        .filter(|r| r.action == PerimeterAction::Allow)
        .and_then(|r| r.translate_to)
        .unwrap_or(ip)
}
