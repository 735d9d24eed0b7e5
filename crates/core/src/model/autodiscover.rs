//! What Outlook's Autodiscover meets (§6): the organisation's names, the
//! public hosts at those names that are not its Exchange, SCP pointers, the
//! methods and the switches a client can set, and the undocumented
//! parameters' design values.

use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// Organisation-wide Autodiscover names and what answers at them (§6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
pub struct Autodiscover {
    /// SMTP domain users type, e.g. `mycompany.com`: the root-domain method
    /// asks `https://<domain>/…` and the others derive their names from it
    /// (§6 method table).
    #[serde(default)]
    pub smtp_domain: String,
    /// DNS names published for Autodiscover, e.g. `autodiscover.mycompany.com`.
    #[serde(default)]
    pub dns_names: Vec<String>,
    /// Public hosts that are not the organisation's Exchange: a web host at
    /// the root domain, a redirect service (§6 https 3–5, C8, C9, C16).
    /// File format 5.
    #[serde(default)]
    pub web_hosts: List<WebHost>,
    /// SCP pointers (serviceConnectionPoint objects with keywords that send
    /// the client to another directory, §6 scp 3). File format 5.
    #[serde(default)]
    pub scp_pointers: List<ScpPointer>,
}

/// A host that answers HTTP(S) at some public or internal address and is
/// not an Exchange server: what Autodiscover finds when a name it derives
/// from the SMTP domain points somewhere else (§6 https 3, https 7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebHost {
    pub id: String,
    pub name: String,
    pub ip: Ipv4Addr,
    /// What it does with a connection on 443 (HTTPS).
    #[serde(default)]
    pub answers: WebAnswer,
    /// What it does with a connection on 80 (HTTP): a redirect service often
    /// answers here only (§6 https 4).
    #[serde(default)]
    pub answers_http: WebAnswer,
    /// The names on the certificate it presents on 443 (`*.example.com`
    /// covers one label, §6 https 2).
    #[serde(default)]
    pub certificate_names: Vec<String>,
    /// Where it redirects `/Autodiscover/Autodiscover.xml` to (an HTTP 302,
    /// §6 https 4–5), e.g. `https://mail.example.com/Autodiscover/Autodiscover.xml`.
    /// Empty: it has no Autodiscover and answers 404.
    #[serde(default)]
    pub redirect_to: String,
}

/// What a web host does with a TCP connection (§6 https 1, cost 2, cost 4).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum WebAnswer {
    /// Accepts the connection and answers HTTP.
    #[default]
    Answers,
    /// Refuses with a RST (nothing listens).
    Refuses,
    /// Drops the SYN: the client waits out its connect timeout.
    Drops,
    /// Accepts the connection and never answers the request (§6 cost 4).
    Hangs,
}

impl Choice for WebAnswer {
    fn form_label(self) -> &'static str {
        match self {
            WebAnswer::Answers => "Answers HTTP and HTTPS",
            WebAnswer::Refuses => "Refuses (RST)",
            WebAnswer::Drops => "Drops the SYN",
            WebAnswer::Hangs => "Accepts, never answers",
        }
    }
}

/// An SCP pointer: an object in `published_in` whose keywords send the
/// lookup to `points_to` (§6 scp 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScpPointer {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The directory (forest) holding the pointer; empty: the organisation's own.
    #[serde(default)]
    pub published_in: String,
    /// The LDAP server or forest it points to; empty: the organisation's own.
    pub points_to: String,
    /// Its `Domain=` keyword: a pointer for the user's SMTP domain restarts
    /// the lookup there; without one it is a fallback (§6 scp 3).
    #[serde(default)]
    pub domain: String,
}

/// An Autodiscover method, named as the CLI's JSON and the files name it
/// (§6 method table).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Method {
    Scp,
    RootDomain,
    AutodiscoverDomain,
    LocalXml,
    HttpRedirect,
    Srv,
    CachedUrl,
    O365,
}

impl Method {
    /// The registry value that turns it off (§6 switch 1); local XML has none.
    pub fn exclude_value(self) -> Option<&'static str> {
        Some(match self {
            Method::Scp => "ExcludeScpLookup",
            Method::RootDomain => "ExcludeHttpsRootDomain",
            Method::AutodiscoverDomain => "ExcludeHttpsAutoDiscoverDomain",
            Method::LocalXml => return None,
            Method::HttpRedirect => "ExcludeHttpRedirect",
            Method::Srv => "ExcludeSrvRecord",
            Method::CachedUrl => "ExcludeLastKnownGoodURL",
            Method::O365 => "ExcludeExplicitO365Endpoint",
        })
    }
    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Method::Scp => "SCP lookup in Active Directory",
            Method::RootDomain => "HTTPS root domain",
            Method::AutodiscoverDomain => "HTTPS autodiscover domain",
            Method::LocalXml => "Local XML file",
            Method::HttpRedirect => "HTTP redirect",
            Method::Srv => "SRV record",
            Method::CachedUrl => "Cached URL (LastKnownGood)",
            Method::O365 => "Office 365 endpoint",
        }
    }
    /// The methods a registry value can turn off, in the switch list's order.
    pub fn excludable() -> impl Iterator<Item = Method> {
        <Method as strum::VariantArray>::VARIANTS
            .iter()
            .copied()
            .filter(|m| m.exclude_value().is_some())
    }
}

impl Choice for Method {
    fn form_label(self) -> &'static str {
        self.label()
    }
}

/// Whether Outlook 2016 and later judge the user an Office 365 user and so
/// try Office 365 first (§6 step 5). The heuristics are not published: the
/// design says.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Office365 {
    /// Not judged an Office 365 user: the step is skipped.
    #[default]
    No,
    /// Judged one, and Office 365 answers for the address (a tenant holds a
    /// mailbox or a mail user for it): Outlook takes that answer (C19).
    TenantAnswers,
    /// Judged one, and Office 365 does not know the address: the step fails
    /// and the run goes on (§6 step 5, inferred).
    TenantUnknown,
}

impl Choice for Office365 {
    fn form_label(self) -> &'static str {
        match self {
            Office365::No => "Not judged an Office 365 user",
            Office365::TenantAnswers => "Judged one; the tenant answers",
            Office365::TenantUnknown => "Judged one; the tenant does not know the user",
        }
    }
}

/// The design values of §6's parameters that no source gives; their spans
/// are in `Ranges` (§6 "Parameters no source gives").
pub const DEFAULT_SCP_NO_DC_MS: u32 = 2_000;
pub const DEFAULT_AUTODISCOVER_HTTP_TIMEOUT_MS: u32 = 30_000;
pub const DEFAULT_PROMPT_ANSWER_MS: u32 = 5_000;
pub const DEFAULT_SRV_PROMPTS: bool = true;
pub const DEFAULT_OUTLOOK2016_PARALLEL_CHASE: bool = false;
pub const DEFAULT_START_WAITS_FOR_AUTODISCOVER: bool = false;
pub const DEFAULT_CACHED_URL_FIRST: bool = true;

/// Office 365's Autodiscover endpoint (§6 method `o365`).
pub const O365_AUTODISCOVER_URL: &str =
    "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml";

/// The path every derived Autodiscover URL ends with (§6 method table).
pub const AUTODISCOVER_PATH: &str = "/Autodiscover/Autodiscover.xml";

/// Whether a certificate carrying `names` covers `host` (§6 https 2): an
/// exact name, or `*.rest` for one more label, case-insensitively.
pub fn certificate_covers(names: &[String], host: &str) -> bool {
    let host = host.trim_end_matches('.');
    names.iter().any(|n| {
        let n = n.trim().trim_end_matches('.');
        if let Some(rest) = n.strip_prefix("*.") {
            host.split_once('.')
                .is_some_and(|(first, tail)| !first.is_empty() && tail.eq_ignore_ascii_case(rest))
        } else {
            n.eq_ignore_ascii_case(host)
        }
    })
}

/// `https://<host>/Autodiscover/Autodiscover.xml`, the URL every HTTPS
/// method builds from a name (§6 method table, https 6).
pub fn autodiscover_url(host: &str) -> String {
    format!("https://{}{AUTODISCOVER_PATH}", host.trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_cover_one_label_only() {
        let names = vec!["*.contoso.com".to_string(), "contoso.com".to_string()];
        assert!(certificate_covers(&names, "mail.contoso.com"));
        assert!(certificate_covers(&names, "CONTOSO.com"));
        assert!(!certificate_covers(&names, "a.mail.contoso.com"));
        assert!(!certificate_covers(&names, "contoso.org"));
        assert!(!certificate_covers(&[], "contoso.com"));
    }

    #[test]
    fn every_method_but_local_xml_has_a_switch() {
        assert_eq!(Method::excludable().count(), 7);
        assert_eq!(Method::LocalXml.exclude_value(), None);
        assert_eq!(Method::RootDomain.as_str(), "root-domain");
        assert_eq!(Method::parse("o365"), Some(Method::O365));
    }
}
