//! Field rules: what each field of an object must hold for a design to be
//! loadable. The one place they are written: `validate` reports every
//! problem with its path, `Scenario::apply` refuses an edit that would
//! introduce one, and the UI shows the same message next to the field.
//!
//! References (does the id exist, is it the right kind) and unique ids are
//! whole-design checks, in `validate` and `edit`; these rules look at one
//! object and what holds it.

use crate::model::*;
use crate::names::normalize_name;
use crate::objects::Object;

/// One field that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's path below the object, e.g. `outlook_anywhere.external_hostname`.
    pub field: String,
    /// The field as a person names it, e.g. "Outlook Anywhere external hostname".
    pub label: &'static str,
    pub message: String,
}

/// The longest DNS name as written, without the root dot (255 octets on
/// the wire), and the longest label (RFC 1035 §2.3.4).
pub const MAX_NAME_CHARS: usize = 253;
pub const MAX_LABEL_CHARS: usize = 63;

/// A DNS name as users type them: labels of letters, digits and hyphens, 1–63
/// characters each, 253 in all; `*` allowed as the first label of a record owner.
pub fn check_dns_name(name: &str, allow_wildcard: bool) -> Result<(), String> {
    let n = name.trim_end_matches('.');
    if n.is_empty() {
        return Err("is empty; expected a DNS name such as outlook.mycompany.internal".into());
    }
    if n.len() > MAX_NAME_CHARS {
        return Err(format!(
            "is {} characters long; a DNS name has at most {MAX_NAME_CHARS}",
            n.len()
        ));
    }
    for (i, label) in n.split('.').enumerate() {
        if label == "*" && i == 0 && allow_wildcard {
            continue;
        }
        let ok_chars = label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if label.is_empty()
            || label.len() > MAX_LABEL_CHARS
            || !ok_chars
            || label.starts_with('-')
            || label.ends_with('-')
        {
            return Err(format!("\"{name}\" is not a valid DNS name (label \"{label}\"); use letters, digits and hyphens"));
        }
    }
    Ok(())
}

/// An Autodiscover URL as the methods use it: `http` or `https`, a host, a
/// port and a path. Hand-written rather than the `url` crate: Autodiscover
/// URLs are plain ASCII host names (no IDNA, no userinfo, no query to
/// normalise), and the crate's Unicode tables would add to every download
/// for none of that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdUrl<'a> {
    pub https: bool,
    pub host: &'a str,
    pub port: u16,
    pub path: &'a str,
}

impl<'a> AdUrl<'a> {
    /// Reads `http(s)://host[:port][/path]`; the error says what is wrong.
    pub fn parse(text: &'a str) -> Result<AdUrl<'a>, String> {
        let text = text.trim();
        let (https, rest) = if let Some(r) = strip_prefix_ci(text, "https://") {
            (true, r)
        } else if let Some(r) = strip_prefix_ci(text, "http://") {
            (false, r)
        } else {
            return Err(format!("\"{text}\" is not an http:// or https:// URL"));
        };
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .ok()
                    .filter(|&p| p > 0)
                    .ok_or_else(|| format!("\"{text}\" has port \"{p}\"; expected 1-65535"))?,
            ),
            None => (authority, if https { 443 } else { 80 }),
        };
        if host.is_empty() || host.contains('@') {
            return Err(format!("\"{text}\" has no host name"));
        }
        check_dns_name(host, false).map_err(|e| format!("the host of \"{text}\" {e}"))?;
        Ok(AdUrl {
            https,
            host: host.trim_end_matches('.'),
            port,
            path,
        })
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    // `get`, not indexing: the prefix's length may fall inside a character.
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        .then(|| &text[prefix.len()..])
}

/// A TXT record's text: one character-string of at most 255 bytes
/// (RFC 1035 §3.3), without control characters (they cannot be typed into
/// Windows DNS or a zone file as they are).
pub const TXT_MAX_BYTES: usize = 255;

pub fn check_txt_text(text: &str) -> Result<(), String> {
    if text.len() > TXT_MAX_BYTES {
        return Err(format!(
            "is {} bytes long; one TXT string holds at most {TXT_MAX_BYTES} (RFC 1035 §3.3)",
            text.len()
        ));
    }
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(format!(
            "contains the control character U+{:04X}; TXT text here is printable text",
            c as u32
        ));
    }
    Ok(())
}

/// `-Name` of New-ClientAccessArray takes at most 64 characters (§1).
pub const ARRAY_NAME_MAX: usize = 64;

/// An array's name (§1).
pub fn check_array_name(name: &str) -> Result<(), String> {
    if name.chars().count() > ARRAY_NAME_MAX {
        return Err(format!(
            "is longer than {ARRAY_NAME_MAX} characters, the New-ClientAccessArray limit (§1)"
        ));
    }
    Ok(())
}

/// A TCP port range: from 1 up, not running backwards.
pub fn check_port_range(r: PortRange) -> Result<(), String> {
    if r.from == 0 {
        return Err(format!(
            "port range {}–{} starts at 0; TCP ports start at 1",
            r.from, r.to
        ));
    }
    if r.from > r.to {
        return Err(format!("port range {}–{} runs backwards", r.from, r.to));
    }
    Ok(())
}

/// Static RPC ports are real ports (§2 step 5).
pub fn check_rpc_ports(p: RpcPorts) -> Result<(), String> {
    match p {
        RpcPorts::Static {
            rpc_client_access,
            address_book,
        } => TCP_PORT
            .check(rpc_client_access)
            .and(TCP_PORT.check(address_book)),
        RpcPorts::Dynamic => Ok(()),
    }
}

/// The bounds of a numeric field: the one place the forms, the loader,
/// `Scenario::apply` and the fixes read them, so a file, a share link or the
/// CLI can carry no value the form would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds<N> {
    pub min: N,
    pub max: N,
    /// Why these bounds, said after the range in a refusal: "(§3)".
    pub why: &'static str,
}

impl<N> Bounds<N> {
    pub const fn new(min: N, max: N, why: &'static str) -> Self {
        Bounds { min, max, why }
    }
}

impl<N: Copy + PartialOrd + std::fmt::Display> Bounds<N> {
    /// What the field takes: "a whole number from 1 to 60000 (§3)".
    pub fn expected(&self) -> String {
        let why = if self.why.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.why)
        };
        format!("a whole number from {} to {}{why}", self.min, self.max)
    }

    pub fn check(&self, n: N) -> Result<(), String> {
        if n < self.min || n > self.max {
            return Err(format!("is {n}; enter {}", self.expected()));
        }
        Ok(())
    }
}

/// A round trip, in ms: up to 10 s, well past any satellite link (§8 step 2).
pub const RTT_MS: Bounds<u32> = Bounds::new(0, 10_000, "");
/// The first SYN retransmission timeout, in ms: it doubles from here, so zero
/// would never fire; Windows' own is 3 s (§3).
pub const INITIAL_RTO_MS: Bounds<u32> = Bounds::new(1, 60_000, "§3");
/// SYN retransmissions: Windows' TcpMaxConnectRetransmissions is 2 (§3).
pub const SYN_RETRANSMISSIONS: Bounds<u8> = Bounds::new(0, 10, "§3");
/// The ceiling on one connect, in ms (§3, C15).
pub const CONNECT_CEILING_MS: Bounds<u32> = Bounds::new(1, 600_000, "§3");
/// The time to fail after a RST, in ms (§3, C14).
pub const RST_FAIL_MS: Bounds<u32> = Bounds::new(0, 60_000, "§3");
/// A client's link speed, in kbit/s: from a modem's to 100 Gbit/s (§4).
pub const LINK_KBPS: Bounds<u32> = Bounds::new(1, 100_000_000, "");
/// TLS and authentication before RPC over HTTPS, in ms (§4, §8).
pub const OA_SETUP_MS: Bounds<u32> = Bounds::new(0, 600_000, "");
/// The users a client profile stands for: at least one, and no organisation
/// on one design has more than ten million.
pub const USERS: Bounds<u32> = Bounds::new(1, 10_000_000, "");
/// A TCP port: 0 is no port (RFC 793).
pub const TCP_PORT: Bounds<u16> = Bounds::new(1, u16::MAX, "");

/// Serial RPC/TCP bind attempts per protocol cycle: the calibrated range (§8 step 4).
pub const BIND_ATTEMPTS: Bounds<u8> = Bounds::new(1, 2, "the calibrated range, §8 step 4");
/// Connection setups per user per day: at most one a minute, all day.
pub const CONNECTS_PER_DAY: Bounds<u32> = Bounds::new(0, 1_440, "one a minute, all day");

/// Every span of the design's `ranges`: `min` ≤ `max`, and both ends values
/// the parameter's own rule accepts. Calls `rule(field, label, result)` per check.
pub fn check_ranges(
    r: &Ranges,
    mut rule: impl FnMut(&'static str, &'static str, Result<(), String>),
) {
    fn ordered<T: Ord + std::fmt::Display>(s: Span<T>) -> Result<(), String> {
        if s.min > s.max {
            return Err(format!("min {} is above max {}", s.min, s.max));
        }
        Ok(())
    }
    /// Ordered, and both ends within the bounds of the field it spans.
    fn within<N>(s: Span<N>, b: Bounds<N>) -> Result<(), String>
    where
        N: Ord + Copy + std::fmt::Display,
    {
        ordered(s).and(b.check(s.min)).and(b.check(s.max))
    }
    rule(
        "rpc_bind_attempts",
        "RPC bind attempts range",
        within(r.rpc_bind_attempts, BIND_ATTEMPTS),
    );
    rule(
        "oa_setup_ms",
        "HTTPS setup time range",
        within(r.oa_setup_ms, OA_SETUP_MS),
    );
    rule(
        "rst_fail_ms",
        "RST failure time range",
        within(r.rst_fail_ms, RST_FAIL_MS),
    );
    rule(
        "icmp_aborts_connect",
        "ICMP abort range",
        ordered(r.icmp_aborts_connect),
    );
    rule(
        "site_rtt_ms",
        "site round-trip range",
        within(r.site_rtt_ms, RTT_MS),
    );
    rule(
        "remote_rtt_ms",
        "remote round-trip range",
        within(r.remote_rtt_ms, RTT_MS),
    );
    rule(
        "slow_link_max_kbps",
        "slow-link threshold range",
        within(r.slow_link_max_kbps, LINK_KBPS),
    );
    rule(
        "connects_per_day",
        "connects per day range",
        within(r.connects_per_day, CONNECTS_PER_DAY),
    );
    rule(
        "scp_no_dc_ms",
        "SCP lookup without a DC range",
        within(r.scp_no_dc_ms, SCP_NO_DC_MS),
    );
    rule(
        "autodiscover_http_timeout_ms",
        "Autodiscover request timeout range",
        within(r.autodiscover_http_timeout_ms, AUTODISCOVER_HTTP_TIMEOUT_MS),
    );
    rule(
        "prompt_answer_ms",
        "prompt answer time range",
        within(r.prompt_answer_ms, PROMPT_ANSWER_MS),
    );
    rule("srv_prompts", "SRV prompt range", ordered(r.srv_prompts));
    rule(
        "outlook2016_parallel_chase",
        "Outlook 2016 parallel chase range",
        ordered(r.outlook2016_parallel_chase),
    );
    rule(
        "start_waits_for_autodiscover",
        "start waits for Autodiscover range",
        ordered(r.start_waits_for_autodiscover),
    );
    rule(
        "cached_url_first",
        "cached URL first range",
        ordered(r.cached_url_first),
    );
    rule(
        "org_mapi_default_2013",
        "Exchange 2013 organisation's MAPI/HTTP default range",
        ordered(r.org_mapi_default_2013),
    );
    rule(
        "mailbox_overrides_org",
        "mailbox setting wins range",
        ordered(r.mailbox_overrides_org),
    );
    rule("ipv6_first", "IPv6 first range", ordered(r.ipv6_first));
    rule(
        "dual_stack_race",
        "dual-stack race range",
        ordered(r.dual_stack_race),
    );
}

/// The build parser lives with the model (`model::parse_build`), which
/// compares builds; re-exported for the importer and the forms.
pub use crate::model::parse_build;

/// A server's `build` for its `version`: empty, or four dotted numbers
/// whose first two are the version's (§10 version 3).
pub fn check_build(build: &str, version: ExchangeVersion) -> Result<(), String> {
    if build.trim().is_empty() {
        return Ok(());
    }
    let Some(b) = parse_build(build) else {
        return Err(format!(
            "\"{}\" is not a build number: expected four numbers with dots, such as 15.0.847.32",
            build.chars().take(40).collect::<String>()
        ));
    };
    let (major, minor) = version.build_prefix();
    if b[0] != major || minor.is_some_and(|m| b[1] != m) {
        let want = match minor {
            Some(m) => format!("{major}.{m}"),
            None => format!("{major}"),
        };
        return Err(format!(
            "build {} is not {}: its builds start with {want}",
            build.trim(),
            version.label()
        ));
    }
    Ok(())
}

/// An SCP lookup with no DC: at most two dropped connects (§3, §6 cost 5).
pub const SCP_NO_DC_MS: Bounds<u32> = Bounds::new(0, 42_000, "two dropped connects, §3");
/// A request that never answers: at most 5 minutes, the next run's interval after a failure (§6 run 2).
pub const AUTODISCOVER_HTTP_TIMEOUT_MS: Bounds<u32> = Bounds::new(
    1_000,
    300_000,
    "up to the next run after a failure, §6 run 2",
);
/// Answering a prompt: at most an hour (the next run after a success, §6 run 2).
pub const PROMPT_ANSWER_MS: Bounds<u32> =
    Bounds::new(0, 3_600_000, "up to the next run after a success, §6 run 2");

/// A record's owner lies inside its zone (at the apex or below it).
pub fn check_in_zone(record: &str, zone: &str) -> Result<(), String> {
    let (apex, owner) = (normalize_name(zone), normalize_name(record));
    if owner != apex && !owner.ends_with(&format!(".{apex}")) {
        return Err(format!("\"{record}\" is outside zone {zone}"));
    }
    Ok(())
}

/// Every rule `object`'s own fields break, in field order.
pub fn problems(object: Object<'_>, mut each: impl FnMut(FieldProblem)) {
    let mut rule = |field: &str, label: &'static str, result: Result<(), String>| {
        if let Err(message) = result {
            each(FieldProblem {
                field: field.to_string(),
                label,
                message,
            });
        }
    };
    match object {
        Object::Cas(_, c) => {
            rule("fqdn", "FQDN", check_dns_name(&c.fqdn, false));
            let oa = &c.outlook_anywhere;
            if oa.enabled {
                rule(
                    "outlook_anywhere.external_hostname",
                    "Outlook Anywhere external hostname",
                    check_dns_name(&oa.external_hostname, false),
                );
            }
            if !oa.internal_hostname.is_empty() {
                rule(
                    "outlook_anywhere.internal_hostname",
                    "Outlook Anywhere internal hostname",
                    check_dns_name(&oa.internal_hostname, false),
                );
            }
            rule("rpc_ports", "RPC ports", check_rpc_ports(c.rpc_ports));
            if !c.autodiscover_scp_url.trim().is_empty() {
                let url = AdUrl::parse(&c.autodiscover_scp_url).map(drop);
                rule("autodiscover_scp_url", "Autodiscover SCP URL", url);
            }
            for (k, site) in c.autodiscover_site_scope.iter().enumerate() {
                let field = format!("autodiscover_site_scope[{k}]");
                rule(&field, "Autodiscover site scope", check_site_name(site));
            }
            check_certificate(&c.certificate_names, &mut rule);
            rule("build", "build", check_build(&c.build, c.exchange_version));
        }
        Object::WebHost(h) => {
            check_certificate(&h.certificate_names, &mut rule);
            if !h.redirect_to.trim().is_empty() {
                let url = AdUrl::parse(&h.redirect_to).map(drop);
                rule("redirect_to", "redirects to", url);
            }
        }
        Object::Array(_, a) => {
            rule("fqdn", "array FQDN", check_dns_name(&a.fqdn, false));
            rule("name", "array name", check_array_name(&a.name));
            if let Some(lb) = &a.load_balancer {
                for (k, r) in lb.forwarded_ports.iter().enumerate() {
                    rule(
                        &format!("load_balancer.forwarded_ports[{k}]"),
                        "forwarded ports",
                        check_port_range(*r),
                    );
                }
            }
        }
        Object::MailboxServer(_, m) => {
            rule("fqdn", "FQDN", check_dns_name(&m.fqdn, false));
            rule("rpc_ports", "RPC ports", check_rpc_ports(m.rpc_ports));
        }
        Object::Database(_, d) => {
            if !d.rpc_client_access_server.is_empty() {
                rule(
                    "rpc_client_access_server",
                    "RpcClientAccessServer",
                    check_dns_name(&d.rpc_client_access_server, false),
                );
            }
        }
        Object::DnsZone(_, z) => rule("name", "zone name", check_dns_name(&z.name, false)),
        Object::DnsRecord(_, z, r) => {
            rule("name", "record name", check_dns_name(&r.name, true));
            rule("name", "record name", check_in_zone(&r.name, &z.name));
            if let RecordData::Cname { target } | RecordData::Srv { target, .. } = &r.data {
                rule("target", "target", check_dns_name(target, false));
            }
            if let RecordData::Txt { text } = &r.data {
                rule("text", "text", check_txt_text(text));
            }
            if let RecordData::Srv { port, .. } = &r.data {
                rule("port", "SRV port", TCP_PORT.check(*port));
            }
        }
        Object::PerimeterRule(r) => rule("ports", "ports", check_port_range(r.ports)),
        Object::TimingPreset(p) => {
            let rto = INITIAL_RTO_MS.check(p.initial_rto_ms);
            rule("initial_rto_ms", "initial RTO", rto);
            let retries = SYN_RETRANSMISSIONS.check(p.max_syn_retransmissions);
            rule("max_syn_retransmissions", "SYN retransmissions", retries);
            if let Some(ceiling) = p.connect_ceiling_ms {
                let ceiling = CONNECT_CEILING_MS.check(ceiling);
                rule("connect_ceiling_ms", "connect ceiling", ceiling);
            }
            let rst = RST_FAIL_MS.check(p.rst_fail_ms);
            rule("rst_fail_ms", "time to fail after RST", rst);
        }
        Object::Client(c) => {
            rule("link_kbps", "link speed", LINK_KBPS.check(c.link_kbps));
            let k = BIND_ATTEMPTS.check(c.rpc_bind_attempts);
            rule("rpc_bind_attempts", "RPC bind attempts", k);
            rule(
                "oa_setup_ms",
                "HTTPS setup time",
                OA_SETUP_MS.check(c.oa_setup_ms),
            );
            rule("users", "users", USERS.check(c.users));
            let connects = CONNECTS_PER_DAY.check(c.connects_per_day);
            rule("connects_per_day", "connects per day", connects);
            check_autodiscover_switches(c, &mut rule);
        }
        Object::NetworkZone(z) => {
            if let Some(rtt) = z.rtt_ms {
                rule("rtt_ms", "round trip", RTT_MS.check(rtt));
            }
        }
        Object::Site(_) | Object::PublicFolderDatabase(..) | Object::DnsView(_) => {}
    }
}

/// A certificate's names: DNS names, a wildcard only as the first label,
/// at most [`MAX_CERTIFICATE_NAMES`] (§6 https 2).
fn check_certificate(
    names: &[String],
    rule: &mut impl FnMut(&str, &'static str, Result<(), String>),
) {
    if names.len() > MAX_CERTIFICATE_NAMES {
        let many = format!(
            "has {} names; this planner reads at most {MAX_CERTIFICATE_NAMES} on one certificate",
            names.len()
        );
        rule("certificate_names", "certificate names", Err(many));
        return;
    }
    for (k, n) in names.iter().enumerate() {
        let field = format!("certificate_names[{k}]");
        rule(&field, "certificate name", check_dns_name(n, true));
    }
}

/// The most names one certificate may carry here. Public CAs stop at 100
/// to 250 SANs; the limit keeps a hostile file's name check bounded.
pub const MAX_CERTIFICATE_NAMES: usize = 1_000;

/// The largest local XML file read, in bytes: an Autodiscover response is a
/// few kilobytes.
pub const MAX_LOCAL_XML_BYTES: usize = 64 * 1024;

/// An AD site name as `AutoDiscoverSiteScope` holds it: not empty, no commas
/// (the cmdlet separates sites with them).
pub fn check_site_name(name: &str) -> Result<(), String> {
    let n = name.trim();
    if n.is_empty() {
        return Err("is empty; expected an Active Directory site name".into());
    }
    if n.contains(',') || n.len() > 63 {
        return Err(format!(
            "\"{n}\" is not a site name (at most 63 characters, no commas)"
        ));
    }
    Ok(())
}

/// A client's Autodiscover switches (§6 switch 1–4).
fn check_autodiscover_switches(
    c: &Client,
    rule: &mut impl FnMut(&str, &'static str, Result<(), String>),
) {
    for (k, m) in c.autodiscover_exclude.iter().enumerate() {
        if m.exclude_value().is_none() {
            let field = format!("autodiscover_exclude[{k}]");
            let e =
                "local-xml has no Exclude value: remove the file (local_xml) instead (§6 switch 1)";
            rule(&field, "Autodiscover exclusions", Err(e.into()));
        }
    }
    for (k, host) in c.redirect_servers.iter().enumerate() {
        let field = format!("redirect_servers[{k}]");
        rule(&field, "RedirectServers host", check_dns_name(host, false));
    }
    if let Some(url) = &c.cached_autodiscover_url {
        let ok = AdUrl::parse(url).map(drop);
        rule("cached_autodiscover_url", "cached Autodiscover URL", ok);
    }
    if let Some(xml) = &c.local_xml {
        if xml.len() > MAX_LOCAL_XML_BYTES {
            let e = format!(
                "is {} bytes; a local Autodiscover XML file here is at most {MAX_LOCAL_XML_BYTES}",
                xml.len()
            );
            rule("local_xml", "local XML file", Err(e));
        }
    }
}

/// The first rule `object` breaks, if any.
pub fn first_problem(object: Object<'_>) -> Option<FieldProblem> {
    let mut first = None;
    problems(object, |p| {
        first.get_or_insert(p);
    });
    first
}

#[cfg(test)]
mod url_tests {
    use super::*;

    #[test]
    fn urls_read_as_autodiscover_uses_them() {
        let u = AdUrl::parse("HTTPS://Mail.Contoso.com/Autodiscover/Autodiscover.xml").unwrap();
        assert_eq!((u.https, u.host, u.port), (true, "Mail.Contoso.com", 443));
        let u = AdUrl::parse("http://autodiscover.contoso.com").unwrap();
        assert_eq!((u.https, u.port, u.path), (false, 80, "/"));
        assert_eq!(AdUrl::parse("https://a.b:8443/x").unwrap().port, 8443);
        // A multi-byte character where the scheme's length ends: no panic.
        for bad in [
            "https:/é/a.b",
            "htté://x",
            "httpé",
            "ftp://a.b/",
            "https://",
            "https://a b/",
            "https://a.b:0/",
            "https://u@a.b/",
            "mail.contoso.com",
        ] {
            assert!(AdUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
