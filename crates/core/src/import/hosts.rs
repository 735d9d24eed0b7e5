//! What DNS servers and DNS hosts write around RFC 1035 in their exports,
//! as far as a zone reader needs to know it: who wrote a file (from its
//! header comments), the zone name a header gives, the record type numbers
//! of RFC 3597's `TYPEnnn`, and the shape of a type mnemonic the planner
//! has never heard of (gdnsd's `DYNA`, PowerDNS's `LUA`…).
//!
//! The headers, from each writer's documented or published exports:
//! - Windows DNS (`dnscmd /zoneexport`, the server's own `.dns` files):
//!   `;  Database file contoso.com.dns for contoso.com zone.`; Server 2016
//!   and later `… for Default zone scope in zone contoso.com.`.
//! - Cloudflare's "Export": `;; Domain:     example.com` and `;; Exported:`,
//!   then (older exports) `$ORIGIN .` and an `@` SOA meaning the domain;
//!   records under `;; A Records` comments, TTL 1 for "Auto", a placeholder
//!   NS `REPLACE&ME$WITH^YOUR@NAMESERVER.`, `; cf_tags=cf-proxied:true`.
//! - GoDaddy's "Export (Unix)": `; Domain: example.com` and
//!   `; Exported (y-m-d hh:mm:ss): …`; targets often without their trailing
//!   dot, owners such as `_sip._tls.@`, placeholders like
//!   `@ 600 IN A GoCentral Published Site` instead of an address.
//! - Azure DNS (`az network dns zone export`): `; Exported zone file from
//!   Azure DNS` and `;      Zone name: example.com`, then `$ORIGIN`.
//! - Route 53 through cli53 (`cli53 export`): `$ORIGIN`, aliases as
//!   `name 300 AWS ALIAS A target zone-id false`, routing policies in
//!   `; AWS routing="WEIGHTED" …` comments.
//! - Google Cloud DNS (`gcloud dns record-sets export --zone-file-format`)
//!   and DigitalOcean: plain RFC 1035 with absolute names (no header), the
//!   SOA's owner naming the zone.

use crate::names::normalize_name;

/// Who wrote a zone file, as far as its comments tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Writer {
    #[default]
    Unknown,
    WindowsDns,
    Cloudflare,
    GoDaddy,
    Azure,
}

impl Writer {
    /// How the zone's name is said when a header gave it.
    pub fn header(self) -> &'static str {
        match self {
            Writer::WindowsDns => "Windows DNS header",
            Writer::Cloudflare => "Cloudflare's \";; Domain:\" header",
            Writer::GoDaddy => "GoDaddy's \"; Domain:\" header",
            Writer::Azure => "Azure DNS's \"Zone name:\" header",
            Writer::Unknown => "header",
        }
    }
}

/// What a file's comments say: the zone's name and who wrote it, and the
/// per-record marks some hosts put in comments.
#[derive(Debug, Default)]
pub struct Comments {
    pub zone: Option<String>,
    pub writer: Writer,
    /// Records Cloudflare proxies (`cf_tags=cf-proxied:true`).
    pub proxied: usize,
    /// Records with a Route 53 routing policy (`; AWS routing=…`).
    pub routed: usize,
}

impl Comments {
    /// Reads one comment (its text after the `;`).
    pub fn read(&mut self, comment: &str) {
        let double = comment.starts_with(';');
        let t = comment.trim_start_matches(';').trim();
        if t.contains("cf_tags=") {
            if t.contains("cf-proxied:true") {
                self.proxied += 1;
            }
            return;
        }
        if t.starts_with("AWS routing=") {
            self.routed += 1;
            return;
        }
        if self.zone.is_some() {
            return;
        }
        if let Some(zone) = windows_header(t) {
            self.writer = Writer::WindowsDns;
            self.zone = Some(zone);
        } else if let Some(rest) = t.strip_prefix("Domain:") {
            self.writer = if double {
                Writer::Cloudflare
            } else {
                Writer::GoDaddy
            };
            self.zone = plain_name(rest);
        } else if let Some(rest) = t.strip_prefix("Zone name:") {
            self.writer = Writer::Azure;
            self.zone = plain_name(rest);
        } else if t.starts_with("Exported (y-m-d hh:mm:ss)") {
            self.writer = Writer::GoDaddy;
        } else if t.starts_with("Exported zone file from Azure DNS") {
            self.writer = Writer::Azure;
        }
    }
}

/// A name as a header writes it, normalised; None when it is not one word.
fn plain_name(text: &str) -> Option<String> {
    let t = text.trim();
    let ok = !t.is_empty() && !t.contains(char::is_whitespace) && t != ".";
    ok.then(|| normalize_name(t))
}

/// The zone name a Windows DNS header gives: `Database file x.dns for
/// contoso.com zone.` or (Server 2016+) `… for Default zone scope in zone
/// contoso.com.` (any scope's name).
fn windows_header(comment: &str) -> Option<String> {
    let rest = comment.trim().strip_prefix("Database file ")?;
    let (_, after) = rest.split_once(" for ")?;
    let after = after.trim();
    if let Some((_, zone)) = after.split_once(" zone scope in zone ") {
        return plain_name(zone.trim().strip_suffix('.').unwrap_or(zone));
    }
    let zone = after
        .strip_suffix('.')
        .unwrap_or(after)
        .strip_suffix(" zone")?
        .trim();
    plain_name(zone)
}

/// The mnemonic of an RFC 3597 `TYPEnnn` the planner can name (IANA's
/// registry, the types real zones hold), or None.
pub fn type_name(number: u16) -> Option<&'static str> {
    Some(match number {
        1 => "A",
        2 => "NS",
        5 => "CNAME",
        6 => "SOA",
        12 => "PTR",
        13 => "HINFO",
        15 => "MX",
        16 => "TXT",
        28 => "AAAA",
        29 => "LOC",
        33 => "SRV",
        35 => "NAPTR",
        39 => "DNAME",
        43 => "DS",
        44 => "SSHFP",
        46 => "RRSIG",
        47 => "NSEC",
        48 => "DNSKEY",
        52 => "TLSA",
        64 => "SVCB",
        65 => "HTTPS",
        99 => "SPF",
        256 => "URI",
        257 => "CAA",
        _ => return None,
    })
}

/// Whether `word` has a type mnemonic's shape (upper-case letters, then
/// letters, digits or hyphens; at most 16): a record of a type no standard
/// defines (`DYNA`, `ALIAS`, `LUA`) rather than a line that is not a record.
pub fn is_mnemonic(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && word.len() <= 16
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// Whether a name written without its trailing dot looks like a name on
/// the Internet (two labels or more, the last a public top-level domain):
/// `privateemail.com` inside zone `example.com` means
/// `privateemail.com.example.com`, which is rarely what was meant.
pub fn looks_public(relative: &str) -> bool {
    let mut labels = relative.rsplit('.');
    let tld = labels.next().unwrap_or("");
    labels.next().is_some_and(|l| !l.is_empty())
        && (2..=24).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && !crate::names::PRIVATE_TLDS.contains(&tld.to_ascii_lowercase().as_str())
}

/// A DNS host's placeholder where a name server's name belongs
/// (Cloudflare's `REPLACE&ME$WITH^YOUR@NAMESERVER.`): no DNS name holds
/// these characters.
pub fn is_placeholder(name: &str) -> bool {
    name.contains(['&', '^', '$']) || (name.contains('@') && name.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lines: &[&str]) -> Comments {
        let mut c = Comments::default();
        for l in lines {
            c.read(l);
        }
        c
    }

    #[test]
    fn headers_name_the_zone_and_the_writer() {
        let c = read(&["  Database file contoso.com.dns for contoso.com zone."]);
        assert_eq!(
            (c.zone.as_deref(), c.writer),
            (Some("contoso.com"), Writer::WindowsDns)
        );
        let c = read(&["  Database file x.dns for Default zone scope in zone Gally.com."]);
        assert_eq!(c.zone.as_deref(), Some("gally.com"));
        let c = read(&[
            "; ",
            "; Domain:     hypster.com",
            "; Exported:   2018-06-28",
        ]);
        assert_eq!(
            (c.zone.as_deref(), c.writer),
            (Some("hypster.com"), Writer::Cloudflare)
        );
        let c = read(&[
            " Domain: example.com",
            " Exported (y-m-d hh:mm:ss): 2019-01-10",
        ]);
        assert_eq!(
            (c.zone.as_deref(), c.writer),
            (Some("example.com"), Writer::GoDaddy)
        );
        let c = read(&[
            " Exported zone file from Azure DNS",
            "      Zone name: zone6.com",
        ]);
        assert_eq!(
            (c.zone.as_deref(), c.writer),
            (Some("zone6.com"), Writer::Azure)
        );
        let c = read(&[
            " serial",
            " cf_tags=cf-proxied:true",
            " AWS routing=\"WEIGHTED\" weight=1",
        ]);
        assert_eq!((c.zone, c.proxied, c.routed), (None, 1, 1));
    }

    #[test]
    fn shapes() {
        assert!(is_mnemonic("DYNA") && is_mnemonic("NSAP-PTR") && !is_mnemonic("x"));
        assert!(!is_mnemonic("=A") && !is_mnemonic("</script>") && !is_mnemonic("Dyna"));
        assert!(looks_public("privateemail.com") && looks_public("death.OCF.Berkeley.EDU"));
        assert!(!looks_public("mail") && !looks_public("dc01.corp") && !looks_public("a.b2"));
        assert!(is_placeholder("REPLACE&ME$WITH^YOUR@NAMESERVER."));
        assert!(!is_placeholder("ns1.example.com.") && !is_placeholder("@"));
        assert_eq!(type_name(257), Some("CAA"));
    }
}
