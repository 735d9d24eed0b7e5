//! Which protocol a client gets, and which Client Access server serves it
//! (§10 "The protocol decision", "Which Client Access server serves which
//! mailbox"): the one home of those rules. The flow turns each reason into a
//! step; the advisor and the table test ask the same functions.

use crate::model::*;

/// One point of the decision, as a step says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub text: String,
    pub source: &'static str,
}

/// The decision for one client and one mailbox on Exchange 2013 or later:
/// MAPI/HTTP or RPC/HTTP, each point that settled it, and the §10
/// parameter whose other value would give the other protocol, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub mapi_http: bool,
    pub reasons: Vec<Reason>,
    pub depends_on: Option<&'static str>,
}

/// The values of the §10 parameters the decision reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flags {
    pub org_mapi_default_2013: bool,
    pub mailbox_overrides_org: bool,
}

impl Flags {
    /// The design's values: each default moved into its span (§10 parameters).
    pub fn nominal(r: &Ranges) -> Flags {
        Flags {
            org_mapi_default_2013: Ranges::flag(
                r.org_mapi_default_2013,
                DEFAULT_ORG_MAPI_DEFAULT_2013,
            ),
            mailbox_overrides_org: Ranges::flag(
                r.mailbox_overrides_org,
                DEFAULT_MAILBOX_OVERRIDES_ORG,
            ),
        }
    }
}

/// Which Exchange versions the design's servers and databases run: what
/// setup's MAPI/HTTP default depends on (§10 protocol 2). Computed once per
/// design (the simulator keeps it in its memo).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    has_2010: bool,
    has_2013: bool,
    has_2016_or_later: bool,
}

impl Versions {
    pub fn of(s: &Scenario) -> Versions {
        let mut v = Versions {
            has_2010: false,
            has_2013: false,
            has_2016_or_later: false,
        };
        let all = s.sites.iter().flat_map(|site| {
            site.cas_servers
                .iter()
                .map(|c| c.exchange_version)
                .chain(site.databases.iter().map(|d| d.exchange_version))
        });
        for x in all {
            match x.behaves_as() {
                ExchangeVersion::V2010 => v.has_2010 = true,
                ExchangeVersion::V2013 => v.has_2013 = true,
                _ => v.has_2016_or_later = true,
            }
        }
        v
    }
}

/// The organisation's MAPI/HTTP setting (§10 protocol 2): the design's, or
/// what setup left. With the reason and, when a §10 parameter decided it,
/// that parameter's name.
pub fn org_setting(s: &Scenario, flags: Flags) -> (bool, Reason, Option<&'static str>) {
    org_setting_of(s, &Versions::of(s), flags)
}

/// [`org_setting`] with the design's versions already known.
fn org_setting_of(
    s: &Scenario,
    v: &Versions,
    flags: Flags,
) -> (bool, Reason, Option<&'static str>) {
    if let Some(on) = s.mapi_http_enabled {
        let text = format!(
            "The organisation's MAPI/HTTP setting is {} (Set-OrganizationConfig -MapiHttpEnabled ${on})",
            on_off(on)
        );
        return (on, reason(text, "§10 protocol 2"), None);
    }
    let (on, why, param) = if v.has_2016_or_later && v.has_2013 {
        (
            false,
            "setup of Exchange 2016 or later into an organisation with Exchange 2013 leaves it off (WarnMapiHttpNotEnabled)",
            None,
        )
    } else if v.has_2016_or_later && v.has_2010 {
        (
            true,
            "installing Exchange 2016 or later into an Exchange 2010 organisation turns it on",
            None,
        )
    } else if v.has_2016_or_later {
        (
            true,
            "a new Exchange 2016 or 2019 organisation has it on",
            None,
        )
    } else if v.has_2013 {
        (
            flags.org_mapi_default_2013,
            "Exchange 2013 is its newest version, a case no source covers (§10 parameter org_mapi_default_2013)",
            Some("org_mapi_default_2013"),
        )
    } else {
        (false, "Exchange 2010 has no MAPI/HTTP", None)
    };
    let text = format!(
        "Nobody set the organisation's MAPI/HTTP: {} ({why})",
        on_off(on)
    );
    (on, reason(text, "§10 protocol 2"), param)
}

/// MAPI/HTTP or RPC/HTTP for `client`, whose mailbox is on Exchange 2013 or
/// later, served by `cas` (§10 protocol 1–6). The first point that settles
/// it ends the decision. `depends_on` names a §10 parameter only when its
/// other value gives the other protocol.
pub fn decide(
    s: &Scenario,
    v: &Versions,
    client: &Client,
    cas: &CasServer,
    flags: Flags,
) -> Decision {
    let mut d = steps(s, v, client, cas, flags);
    let flips = |f: Flags| steps(s, v, client, cas, f).mapi_http != d.mapi_http;
    d.depends_on = d.depends_on.filter(|p| match *p {
        "org_mapi_default_2013" => flips(Flags {
            org_mapi_default_2013: !flags.org_mapi_default_2013,
            ..flags
        }),
        "mailbox_overrides_org" => flips(Flags {
            mailbox_overrides_org: !flags.mailbox_overrides_org,
            ..flags
        }),
        _ => true,
    });
    d
}

/// The decision's points in order, naming the last §10 parameter read.
fn steps(s: &Scenario, v: &Versions, client: &Client, cas: &CasServer, flags: Flags) -> Decision {
    let mut reasons = Vec::with_capacity(5);
    let rpc_http = |reasons, depends_on| Decision {
        mapi_http: false,
        reasons,
        depends_on,
    };
    // Protocol 1: the server.
    if !cas.offers_mapi_http() {
        reasons.push(reason(
            format!(
                "{} is {} build {}, before 15.00.0847.032 (Exchange 2013 SP1): no MAPI/HTTP, RPC/HTTP only",
                cas.name,
                cas.exchange_version.label(),
                cas.build.trim()
            ),
            "§10 protocol 1, version 3",
        ));
        return rpc_http(reasons, None);
    }
    // Protocol 2 and 3: the organisation, then the mailbox.
    let (org, why, mut depends_on) = org_setting_of(s, v, flags);
    reasons.push(why);
    let mut on = org;
    if let Some(mailbox) = client.mailbox_mapi_http_enabled {
        if mailbox != org {
            let wins = flags.mailbox_overrides_org;
            reasons.push(reason(
                format!(
                    "The mailbox is set {} (Set-CASMailbox -MapiHttpEnabled ${mailbox}); {}",
                    on_off(mailbox),
                    if wins {
                        "the mailbox's setting wins (§10 parameter mailbox_overrides_org)"
                    } else {
                        "the organisation's wins (§10 parameter mailbox_overrides_org)"
                    }
                ),
                "§10 protocol 3",
            ));
            depends_on = Some("mailbox_overrides_org");
            if wins {
                on = mailbox;
            }
        }
    }
    if !on {
        return rpc_http(reasons, depends_on);
    }
    // Protocol 4: the client.
    let v = client.outlook_version;
    if !v.mapi_http_capable(client.mapi_http_updates) {
        let text = match v.mapi_http_updates_name() {
            Some(updates) => format!("{} without {updates} does not speak MAPI/HTTP", v.label()),
            None => format!("{} does not speak MAPI/HTTP", v.label()),
        };
        reasons.push(reason(text, "§10 protocol 4, version 2"));
        return rpc_http(reasons, None);
    }
    if client.mapi_http_disabled {
        reasons.push(reason(
            format!(
                "MapiHttpDisabled = 1 on {}: {} does not ask for MAPI/HTTP",
                client.name,
                v.label()
            ),
            "§10 protocol 4 (KB 2937684)",
        ));
        return rpc_http(reasons, None);
    }
    // Protocol 5: what Autodiscover hands back to a client that asks.
    reasons.push(reason(
        format!(
            "{} sends X-MapiHttpCapability: 1; {}'s Autodiscover answer carries <Protocol Type=\"mapiHttp\">",
            v.label(),
            cas.name
        ),
        "§10 protocol 5",
    ));
    Decision {
        mapi_http: true,
        reasons,
        depends_on,
    }
}

/// The Client Access server that serves a mailbox on `version` in `site`
/// over HTTPS: the first with Outlook Anywhere on whose version serves it
/// (its own or older, proxying down, §10 serve 1, serve 4). Err with the
/// Outlook Anywhere servers that cannot, when only such servers exist.
pub fn serving_cas(site: &Site, version: ExchangeVersion) -> Result<&CasServer, Vec<&CasServer>> {
    let mut cannot = Vec::new();
    for c in site
        .cas_servers
        .iter()
        .filter(|c| c.outlook_anywhere.enabled)
    {
        if c.exchange_version.serves(version) {
            return Ok(c);
        }
        cannot.push(c);
    }
    Err(cannot)
}

/// The server a newer one proxies an Exchange 2010 mailbox's HTTPS session
/// to: the first 2010 Client Access server of the mailbox's site with
/// Outlook Anywhere (§11 coexist 4).
pub fn proxy_target(site: &Site, mailbox: ExchangeVersion) -> Option<&CasServer> {
    site.cas_servers.iter().find(|c| {
        c.outlook_anywhere.enabled && c.exchange_version.behaves_as() == mailbox.behaves_as()
    })
}

/// Why a mailbox on `version` has no Client Access server in `site`, when
/// only servers too old for it publish Outlook Anywhere (§10 serve 4).
pub fn too_old(site: &Site, version: ExchangeVersion, cannot: &[&CasServer]) -> String {
    let names: Vec<String> = cannot
        .iter()
        .map(|c| format!("{} ({})", c.name, c.exchange_version.label()))
        .collect();
    format!(
        "no Client Access server in site {} can serve a mailbox on {}: {} cannot (a Client Access server serves its own version and proxies down, never up)",
        site.name,
        version.label(),
        names.join(", ")
    )
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

fn reason(text: String, source: &'static str) -> Reason {
    Reason { text, source }
}
