//! Name resolution inside a DNS view: exact records, CNAME chains (loop-safe),
//! wildcard synthesis (RFC 1034 §4.3.3), forwarders, NXDOMAIN and NXDOMAIN
//! redirection (§5). Every answer names the records that produced it, because
//! "which record leaks the array name" is the question users ask.

use crate::model::{DnsRecord, DnsView, RecordData};
use crate::names::{normalize_name, parent_name};
use crate::text::{push_ip, push_u64};
use crate::world::{ViewIndex, World};
use serde::Serialize;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Longest CNAME chain followed; real resolvers stop around here too.
const MAX_CNAME_CHAIN: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Answer {
    /// A and AAAA records answered (at least one of them).
    Addresses {
        addresses: Vec<Ipv4Addr>,
        /// The AAAA records' addresses (§10 ipv6 1).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        addresses_v6: Vec<Ipv6Addr>,
    },
    /// The name does not exist (authoritative).
    NxDomain,
    /// The name exists but has no address record.
    NoData,
    /// The resolver never answered (§5: the Windows client gives up at 10 s).
    Timeout,
    /// A CNAME chain loops or is too long.
    CnameLoop,
    /// The view id is not in the scenario.
    UnknownView,
}

impl Answer {
    /// The IPv4 addresses (A records).
    pub fn addresses(&self) -> &[Ipv4Addr] {
        match self {
            Answer::Addresses { addresses, .. } => addresses,
            _ => &[],
        }
    }
    /// The IPv6 addresses (AAAA records, §10 ipv6 1).
    pub fn addresses_v6(&self) -> &[Ipv6Addr] {
        match self {
            Answer::Addresses { addresses_v6, .. } => addresses_v6,
            _ => &[],
        }
    }
    /// An answer of `v4` addresses only.
    pub fn v4(addresses: Vec<Ipv4Addr>) -> Answer {
        Answer::Addresses {
            addresses,
            addresses_v6: Vec::new(),
        }
    }
}

/// How one record took part in an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HopKind {
    Exact,
    /// Synthesised from a `*.` record.
    Wildcard,
    /// The view's NXDOMAIN redirection answered instead of NXDOMAIN.
    NxdomainRedirect,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// Id of the record, or of the view for a redirect.
    pub object: String,
    /// The view holding the record (the one asked, or one it forwards to),
    /// or the redirecting view.
    pub view: String,
    pub kind: HopKind,
    /// Human form, e.g. `*.mycompany.com A 203.0.113.10 (wildcard) in Internet`.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub query: String,
    pub answer: Answer,
    pub hops: Vec<Hop>,
}

impl Resolution {
    /// Ids of every object that produced the answer.
    pub fn evidence(&self) -> Vec<String> {
        self.hops.iter().map(|h| h.object.clone()).collect()
    }
    /// One line for traces: "→ 203.0.113.10 via outlook… A 203.0.113.10 in Internet".
    pub fn summary(&self) -> String {
        let mut out =
            String::with_capacity(64 + self.hops.iter().map(|h| h.text.len() + 10).sum::<usize>());
        self.write_summary(&mut out);
        out
    }

    /// [`Resolution::summary`] appended to `out`.
    pub fn write_summary(&self, out: &mut String) {
        out.push_str(&self.query);
        match &self.answer {
            Answer::Addresses {
                addresses,
                addresses_v6,
            } => {
                out.push_str(" → ");
                for (i, a) in addresses.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    push_ip(out, *a);
                }
                for (i, a) in addresses_v6.iter().enumerate() {
                    if i > 0 || !addresses.is_empty() {
                        out.push_str(", ");
                    }
                    out.push_str(&a.to_string());
                }
            }
            Answer::NxDomain => out.push_str(" → NXDOMAIN (name does not exist)"),
            Answer::NoData => out.push_str(" → no address record"),
            Answer::Timeout => return out.push_str(" → no answer from the DNS server"),
            Answer::CnameLoop => out.push_str(" → CNAME chain loops"),
            Answer::UnknownView => return out.push_str(" → DNS view missing"),
        }
        for (i, h) in self.hops.iter().enumerate() {
            out.push_str(if i == 0 { " via " } else { ", then " });
            out.push_str(&h.text);
        }
    }
}

/// A record as `Display` prints it ("outlook.mycompany.internal A 10.10.10.100"), appended to `out`.
fn push_record(out: &mut String, r: &DnsRecord) {
    out.push_str(&r.name);
    match &r.data {
        RecordData::A { address } => {
            out.push_str(" A ");
            push_ip(out, *address);
        }
        RecordData::Aaaa { address } => {
            out.push_str(" AAAA ");
            out.push_str(&address.to_string());
        }
        RecordData::Cname { target } => {
            out.push_str(" CNAME ");
            out.push_str(target);
        }
        RecordData::Srv {
            target,
            port,
            priority,
            weight,
        } => {
            out.push_str(" SRV ");
            for n in [*priority, *weight, *port] {
                push_u64(out, n.into());
                out.push(' ');
            }
            out.push_str(target);
        }
        RecordData::Txt { text } => {
            out.push_str(" TXT \"");
            out.push_str(text);
            out.push('"');
        }
    }
}

/// An A or AAAA record's address.
#[derive(Clone, Copy)]
enum Addr {
    V4(Ipv4Addr),
    V6(Ipv6Addr),
}

enum Lookup<'a> {
    Addresses(Vec<(&'a crate::model::DnsRecord, Addr, HopKind)>),
    Alias(&'a crate::model::DnsRecord, String, HopKind),
    NxDomain,
    NoData,
    Timeout,
}

/// Resolves `name` as a client using `view_id` would.
pub fn resolve(world: &World<'_>, view_id: &str, name: &str) -> Resolution {
    let query = normalize_name(name);
    let mut res = Resolution {
        query: query.clone(),
        answer: Answer::UnknownView,
        hops: Vec::new(),
    };
    let Some((view, _)) = world.view(view_id) else {
        return res;
    };
    let mut current = query;
    let mut seen: Vec<String> = Vec::new();
    loop {
        if seen.contains(&current) || seen.len() > MAX_CNAME_CHAIN {
            res.answer = Answer::CnameLoop;
            return res;
        }
        seen.push(current.clone());
        // Hops name the view that holds the record (a forwarder's target, say).
        let (found, answered_in) = lookup(world, view_id, &current, 0);
        let holder = answered_in.unwrap_or(view_id);
        match found {
            Lookup::Addresses(recs) => {
                let mut addresses = Vec::with_capacity(recs.len());
                let mut addresses_v6 = Vec::new();
                for (r, a, kind) in recs {
                    res.hops.push(hop(world, holder, r, kind, &current));
                    match a {
                        Addr::V4(a) if !addresses.contains(&a) => addresses.push(a),
                        Addr::V6(a) if !addresses_v6.contains(&a) => addresses_v6.push(a),
                        _ => {}
                    }
                }
                res.answer = Answer::Addresses {
                    addresses,
                    addresses_v6,
                };
                return res;
            }
            Lookup::Alias(r, target, kind) => {
                res.hops.push(hop(world, holder, r, kind, &current));
                current = target;
            }
            Lookup::NxDomain => {
                res.answer = redirect(view, &mut res.hops).unwrap_or(Answer::NxDomain);
                return res;
            }
            Lookup::NoData => {
                res.answer = Answer::NoData;
                return res;
            }
            Lookup::Timeout => {
                res.answer = Answer::Timeout;
                return res;
            }
        }
    }
}

/// §5: an NXDOMAIN-redirecting resolver hands out its own address instead.
fn redirect(view: &DnsView, hops: &mut Vec<Hop>) -> Option<Answer> {
    let ip = view.nxdomain_redirect?;
    hops.push(Hop {
        object: view.id.clone(),
        view: view.id.clone(),
        kind: HopKind::NxdomainRedirect,
        text: format!("NXDOMAIN redirection to {ip} by {}", view.name),
    });
    Some(Answer::v4(vec![ip]))
}

fn hop(
    world: &World<'_>,
    view_id: &str,
    r: &crate::model::DnsRecord,
    kind: HopKind,
    qname: &str,
) -> Hop {
    let view_name = world
        .view(view_id)
        .map(|(v, _)| v.name.as_str())
        .unwrap_or("");
    let mut text = String::with_capacity(r.name.len() + qname.len() + view_name.len() + 64);
    push_record(&mut text, r);
    if kind == HopKind::Wildcard {
        text.push_str(" (wildcard, matched ");
        text.push_str(qname);
        text.push(')');
    }
    text.push_str(" in ");
    text.push_str(view_name);
    Hop {
        object: r.id.clone(),
        view: view_id.to_string(),
        kind,
        text,
    }
}

/// One question to one view, following forwarders (loop-safe by depth);
/// with the id of the view that answered from its zones, if one did.
fn lookup<'a>(
    world: &'a World<'_>,
    view_id: &str,
    name: &str,
    depth: u8,
) -> (Lookup<'a>, Option<&'a str>) {
    let Some((view, idx)) = world.view(view_id) else {
        return (Lookup::NxDomain, None);
    };
    if !view.responds {
        return (Lookup::Timeout, None);
    }
    match authoritative_zone(idx, name) {
        Some(_apex) => (answer_from_zone(idx, name), Some(view.id.as_str())),
        None => match &view.forwards_to {
            // A forwarder cycle would otherwise never end; 8 views deep is plenty.
            Some(next) if depth < 8 => lookup(world, next, name, depth + 1),
            _ => (Lookup::NxDomain, None),
        },
    }
}

fn authoritative_zone<'i>(idx: &'i ViewIndex<'_>, name: &str) -> Option<&'i str> {
    let mut candidate = name;
    loop {
        if let Some((apex, _)) = idx.zones.get_key_value(candidate) {
            return Some(apex.as_ref());
        }
        candidate = parent_name(candidate)?;
    }
}

fn answer_from_zone<'a>(idx: &ViewIndex<'a>, name: &str) -> Lookup<'a> {
    match node_at(idx, name) {
        Node::Records(recs, kind) => classify(recs, kind),
        Node::Empty => Lookup::NoData,
        Node::Missing => Lookup::NxDomain,
    }
}

/// What a zone holds at a name, whatever the record type asked for.
enum Node<'i, 'a> {
    /// Records at the name, or synthesised from a wildcard.
    Records(&'i [&'a DnsRecord], HopKind),
    /// The name exists with no records (NODATA).
    Empty,
    /// The name does not exist (NXDOMAIN).
    Missing,
}

fn node_at<'i, 'a>(idx: &'i ViewIndex<'a>, name: &str) -> Node<'i, 'a> {
    if let Some(recs) = idx.records(name) {
        return Node::Records(recs, HopKind::Exact);
    }
    if idx.is_node(name) || idx.zones.contains_key(name) {
        // An empty non-terminal exists, and so does a zone's apex even when
        // the design lists no record there (a real zone has its SOA and NS
        // there, RFC 1035 §5.2): no wildcard applies, the answer is NODATA.
        return Node::Empty;
    }
    // RFC 1034 §4.3.3: find the closest encloser, then try `*.<encloser>`.
    let mut encloser = name;
    while let Some(parent) = parent_name(encloser) {
        encloser = parent;
        let is_node = idx.is_node(encloser) || idx.zones.contains_key(encloser);
        if is_node {
            let wildcard = format!("*.{encloser}");
            return match idx.records(&wildcard) {
                Some(recs) => Node::Records(recs, HopKind::Wildcard),
                // RFC 4592 §2.2.2, §3.3.1: a wildcard that exists only as the
                // ancestor of another name (`sub.*.example`) is still the
                // source of synthesis; it owns no records, so NODATA.
                None if idx.is_node(&wildcard) => Node::Empty,
                None => Node::Missing,
            };
        }
    }
    Node::Missing
}

/// One SRV target of an answer (§6 https 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SrvTarget {
    pub target: String,
    pub port: u16,
    pub priority: u16,
    pub weight: u16,
    /// The record's id.
    pub record: String,
}

/// An SRV query's answer: the targets in the order a client tries them
/// (lowest priority first, then highest weight: RFC 2782 without the
/// random pick, so the simulation stays deterministic), or why there are none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrvResolution {
    pub query: String,
    pub targets: Vec<SrvTarget>,
    /// `Addresses` when there are targets (with none listed), else why not.
    pub answer: Answer,
    /// The holding view's name, for the step's detail.
    pub view: String,
}

/// The SRV records at `name` as a client using `view_id` asks for them.
/// SRV owners are not aliases (RFC 2782), so a CNAME there gives no target.
pub fn resolve_srv(world: &World<'_>, view_id: &str, name: &str) -> SrvResolution {
    let query = normalize_name(name);
    let mut out = SrvResolution {
        query,
        targets: Vec::new(),
        answer: Answer::UnknownView,
        view: String::new(),
    };
    let Some((view, _)) = world.view(view_id) else {
        return out;
    };
    out.view = view.name.clone();
    let mut current = view;
    for _ in 0..=8 {
        if !current.responds {
            out.answer = Answer::Timeout;
            return out;
        }
        let Some((_, idx)) = world.view(&current.id) else {
            break;
        };
        if authoritative_zone(idx, &out.query).is_some() {
            out.view = current.name.clone();
            out.answer = match node_at(idx, &out.query) {
                Node::Records(recs, _) => {
                    out.targets = srv_targets(recs);
                    if out.targets.is_empty() {
                        Answer::NoData
                    } else {
                        Answer::v4(Vec::new())
                    }
                }
                Node::Empty => Answer::NoData,
                Node::Missing => Answer::NxDomain,
            };
            return out;
        }
        match current.forwards_to.as_ref().and_then(|f| world.view(f)) {
            Some((next, _)) => current = next,
            None => break,
        }
    }
    out.answer = Answer::NxDomain;
    out
}

fn srv_targets(recs: &[&DnsRecord]) -> Vec<SrvTarget> {
    let mut targets: Vec<SrvTarget> = recs
        .iter()
        .filter_map(|r| match &r.data {
            RecordData::Srv {
                target,
                port,
                priority,
                weight,
            } => Some(SrvTarget {
                target: normalize_name(target),
                port: *port,
                priority: *priority,
                weight: *weight,
                record: r.id.clone(),
            }),
            _ => None,
        })
        .collect();
    targets.sort_by_key(|t| (t.priority, std::cmp::Reverse(t.weight)));
    targets
}

fn classify<'a>(recs: &[&'a crate::model::DnsRecord], kind: HopKind) -> Lookup<'a> {
    // A CNAME owns its name (RFC 1034 §3.6.2): it wins over anything beside it.
    if let Some(r) = recs
        .iter()
        .find(|r| matches!(r.data, RecordData::Cname { .. }))
    {
        if let RecordData::Cname { target } = &r.data {
            return Lookup::Alias(r, normalize_name(target), kind);
        }
    }
    let addrs: Vec<_> = recs
        .iter()
        .filter_map(|r| match r.data {
            RecordData::A { address } => Some((*r, Addr::V4(address), kind.clone())),
            RecordData::Aaaa { address } => Some((*r, Addr::V6(address), kind.clone())),
            _ => None,
        })
        .collect();
    if addrs.is_empty() {
        Lookup::NoData
    } else {
        Lookup::Addresses(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn rec(id: &str, name: &str, data: RecordData) -> DnsRecord {
        DnsRecord {
            id: id.into(),
            name: name.into(),
            data,
        }
    }
    fn a(id: &str, name: &str, ip: [u8; 4]) -> DnsRecord {
        rec(id, name, RecordData::A { address: ip.into() })
    }
    fn cname(id: &str, name: &str, target: &str) -> DnsRecord {
        rec(
            id,
            name,
            RecordData::Cname {
                target: target.into(),
            },
        )
    }
    fn view(id: &str, zone: &str, records: Vec<DnsRecord>) -> DnsView {
        DnsView {
            id: id.into(),
            name: id.to_uppercase(),
            audience: Audience::Internal,
            zones: vec![DnsZone {
                id: format!("{id}-zone"),
                name: zone.into(),
                records: records.into(),
            }]
            .into(),
            forwards_to: None,
            nxdomain_redirect: None,
            responds: true,
        }
    }
    fn scenario(views: Vec<DnsView>) -> Scenario {
        Scenario {
            dns_views: views.into(),
            ..Default::default()
        }
    }

    #[test]
    fn exact_a_record_answers_and_is_named() {
        let s = scenario(vec![view(
            "ext",
            "mycompany.com",
            vec![a("r1", "outlook.mycompany.com", [203, 0, 113, 10])],
        )]);
        let w = World::new(&s);
        let r = resolve(&w, "ext", "Outlook.MyCompany.com.");
        assert_eq!(r.answer.addresses(), &[Ipv4Addr::new(203, 0, 113, 10)]);
        assert_eq!(r.evidence(), vec!["r1"]);
    }

    #[test]
    fn missing_name_in_zone_is_nxdomain() {
        let s = scenario(vec![view(
            "ext",
            "mycompany.com",
            vec![a("r1", "mail.mycompany.com", [203, 0, 113, 10])],
        )]);
        let w = World::new(&s);
        assert_eq!(
            resolve(&w, "ext", "outlook.mycompany.com").answer,
            Answer::NxDomain
        );
        assert_eq!(
            resolve(&w, "ext", "outlook.elsewhere.org").answer,
            Answer::NxDomain
        );
    }

    #[test]
    fn wildcard_synthesises_for_missing_names_but_not_below_existing_ones() {
        let s = scenario(vec![view(
            "ext",
            "mycompany.com",
            vec![
                a("w", "*.mycompany.com", [203, 0, 113, 99]),
                a("r1", "x.sub.mycompany.com", [203, 0, 113, 1]),
            ],
        )]);
        let w = World::new(&s);
        let r = resolve(&w, "ext", "outlook.mycompany.com");
        assert_eq!(r.answer.addresses(), &[Ipv4Addr::new(203, 0, 113, 99)]);
        assert_eq!(r.hops[0].kind, HopKind::Wildcard);
        // Deeper names synthesise from the closest encloser's wildcard too.
        assert_eq!(
            resolve(&w, "ext", "a.b.mycompany.com")
                .answer
                .addresses()
                .len(),
            1
        );
        // sub.mycompany.com exists (empty non-terminal): no wildcard for it…
        assert_eq!(
            resolve(&w, "ext", "sub.mycompany.com").answer,
            Answer::NoData
        );
        // …and *.mycompany.com does not cover names below sub (closest encloser is sub).
        assert_eq!(
            resolve(&w, "ext", "y.sub.mycompany.com").answer,
            Answer::NxDomain
        );
    }

    #[test]
    fn apex_of_a_zone_without_records_exists() {
        // BIND (tests/bind_reference.rs): NOERROR, no answer.
        let s = scenario(vec![view("v", "empty.example", vec![])]);
        let w = World::new(&s);
        assert_eq!(resolve(&w, "v", "empty.example").answer, Answer::NoData);
        assert_eq!(
            resolve(&w, "v", "www.empty.example").answer,
            Answer::NxDomain
        );
    }

    #[test]
    fn empty_non_terminal_wildcard_gives_nodata_not_nxdomain() {
        // RFC 4592 §2.2.2: `sub.*.example` makes `*.example` exist with no
        // records of its own; BIND answers names it matches with NODATA.
        let s = scenario(vec![view(
            "v",
            "went.example",
            vec![a("r1", "sub.*.went.example", [192, 0, 2, 7])],
        )]);
        let w = World::new(&s);
        assert_eq!(
            resolve(&w, "v", "other.went.example").answer,
            Answer::NoData
        );
        assert_eq!(
            resolve(&w, "v", "sub.*.went.example").answer.addresses(),
            &[Ipv4Addr::new(192, 0, 2, 7)]
        );
        // Below the wildcard's child: no `*.sub.*.went.example`.
        assert_eq!(
            resolve(&w, "v", "x.sub.*.went.example").answer,
            Answer::NxDomain
        );
    }

    #[test]
    fn cname_chain_is_followed_and_every_record_is_evidence() {
        let s = scenario(vec![view(
            "ext",
            "mycompany.com",
            vec![
                cname("c1", "outlook.mycompany.com", "lb.mycompany.com"),
                cname("c2", "lb.mycompany.com", "vip.mycompany.com"),
                a("r1", "vip.mycompany.com", [203, 0, 113, 7]),
            ],
        )]);
        let w = World::new(&s);
        let r = resolve(&w, "ext", "outlook.mycompany.com");
        assert_eq!(r.answer.addresses(), &[Ipv4Addr::new(203, 0, 113, 7)]);
        assert_eq!(r.evidence(), vec!["c1", "c2", "r1"]);
    }

    #[test]
    fn cname_loop_is_reported_not_followed_forever() {
        let s = scenario(vec![view(
            "ext",
            "mycompany.com",
            vec![
                cname("c1", "a.mycompany.com", "b.mycompany.com"),
                cname("c2", "b.mycompany.com", "a.mycompany.com"),
            ],
        )]);
        let w = World::new(&s);
        assert_eq!(
            resolve(&w, "ext", "a.mycompany.com").answer,
            Answer::CnameLoop
        );
    }

    #[test]
    fn multiple_a_records_are_all_returned_in_order() {
        let s = scenario(vec![view(
            "ext",
            "mycompany.com",
            vec![
                a("r1", "outlook.mycompany.com", [203, 0, 113, 1]),
                a("r2", "outlook.mycompany.com", [203, 0, 113, 2]),
            ],
        )]);
        let w = World::new(&s);
        assert_eq!(
            resolve(&w, "ext", "outlook.mycompany.com")
                .answer
                .addresses()
                .len(),
            2
        );
    }

    #[test]
    fn nxdomain_redirection_turns_a_missing_internal_name_into_an_address() {
        let mut hotel = view("hotel", "hotel.example", vec![]);
        hotel.forwards_to = Some("ext".into());
        hotel.nxdomain_redirect = Some(Ipv4Addr::new(67, 215, 65, 132));
        let s = scenario(vec![view("ext", "mycompany.com", vec![]), hotel]);
        let w = World::new(&s);
        let r = resolve(&w, "hotel", "outlook.mycompany.local");
        assert_eq!(r.answer.addresses(), &[Ipv4Addr::new(67, 215, 65, 132)]);
        assert_eq!(r.hops[0].kind, HopKind::NxdomainRedirect);
    }

    #[test]
    fn forwarder_cycles_end_in_nxdomain() {
        let mut v1 = view("v1", "one.example", vec![]);
        let mut v2 = view("v2", "two.example", vec![]);
        v1.forwards_to = Some("v2".into());
        v2.forwards_to = Some("v1".into());
        let s = scenario(vec![v1, v2]);
        let w = World::new(&s);
        assert_eq!(
            resolve(&w, "v1", "x.three.example").answer,
            Answer::NxDomain
        );
    }

    #[test]
    fn silent_resolver_times_out() {
        let mut v = view("v", "mycompany.com", vec![]);
        v.responds = false;
        let s = scenario(vec![v]);
        let w = World::new(&s);
        assert_eq!(
            resolve(&w, "v", "outlook.mycompany.com").answer,
            Answer::Timeout
        );
    }
}
