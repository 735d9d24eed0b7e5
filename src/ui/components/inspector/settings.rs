//! The design's own settings: name, organisation, Autodiscover and the
//! perimeter's default action.

use super::super::fields::{parse, CheckField, Commit, Form, SelectField, TextField};
use super::{choice, choices, on_off, on_off_options, on_off_value, org_mapi_http};
use crate::ui::components::Shared;
use crate::ui::state::{use_editor, Selection};
use cas_planner_core::edit::Edit;
use cas_planner_core::model::*;
use cas_planner_core::rules::{self, Bounds};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub scenario: Shared<Scenario>,
}

#[component]
pub fn SettingsForm(props: &SettingsProps) -> Html {
    let editor = use_editor();
    let s = &props.scenario.0;
    let info = (
        s.name.clone(),
        s.description.clone(),
        s.organisation.clone(),
    );
    let form = Form::new(
        &editor,
        &info,
        Selection::Settings,
        |(name, description, organisation)| Edit::SetInfo {
            name,
            description,
            organisation,
        },
    );
    let ad = Form::new(
        &editor,
        &s.autodiscover,
        Selection::Settings,
        |autodiscover| Edit::SetAutodiscover { autodiscover },
    );
    let perimeter = Form::new(
        &editor,
        &s.perimeter.default_action,
        Selection::Settings,
        |action| Edit::SetPerimeterDefault { action },
    );
    let hairpin = Form::new(
        &editor,
        &s.perimeter.hairpin_nat,
        Selection::Settings,
        |on| Edit::SetHairpinNat { on },
    );
    let ranges = Form::new(&editor, &s.ranges, Selection::Settings, |ranges| {
        Edit::SetRanges { ranges }
    });
    let mapi = Form::new(
        &editor,
        &s.mapi_http_enabled,
        Selection::Settings,
        |enabled| Edit::SetMapiHttp { enabled },
    );
    let (org_on, why) = org_mapi_http(s);
    let mapi_options = on_off_options(format!(
        "As setup left it ({} here)",
        if org_on { "on" } else { "off" }
    ));
    let mapi_help = match s.mapi_http_enabled {
        // What "as setup left it" means, and what it is for this design.
        None => format!(
            "Setup leaves it on in a new 2016 or 2019 organisation and when 2016 or later joins a 2010 one, off when it joins one with Exchange 2013 (§10 protocol 2). This design: {}",
            why.strip_prefix("Nobody set the organisation's MAPI/HTTP: ").unwrap_or(&why)
        ),
        Some(_) => "Set-OrganizationConfig -MapiHttpEnabled; a mailbox's own setting may override it (§10 protocol 2–3)".into(),
    };
    html! {
        <>
            <TextField label="Design name" value={s.name.clone()} on_commit={form.bind(|o, v| { o.0 = parse::not_empty(&v)?; Ok(()) })} />
            <TextField label="Organisation" value={s.organisation.clone()} on_commit={form.bind(|o, v| { o.2 = v; Ok(()) })} />
            <TextField label="Description" value={s.description.clone()} on_commit={form.bind(|o, v| { o.1 = v; Ok(()) })} />
            <SelectField label="The organisation's MAPI/HTTP" value={on_off_value(s.mapi_http_enabled)} options={mapi_options} testid="org-mapi"
                help={mapi_help} on_commit={mapi.bind(|o, v| { *o = on_off(&v)?; Ok(()) })} />
            <TextField label="SMTP domain" value={s.autodiscover.smtp_domain.clone()} mono=true on_commit={ad.bind(|o, v| { o.smtp_domain = if v.trim().is_empty() { String::new() } else { parse::dns_name(&v)? }; Ok(()) })} />
            <TextField label="Autodiscover DNS names" value={s.autodiscover.dns_names.join(", ")} mono=true help="Comma-separated (§6)"
                on_commit={ad.bind(|o, v| { o.dns_names = parse::name_list(&v, false)?; Ok(()) })} />
            <ScpPointerList scenario={props.scenario.clone()} />
            <SelectField label="Perimeter: anything not matched by a rule" value={s.perimeter.default_action.as_str()} options={choices::<PerimeterAction>()} testid="perimeter-default"
                on_commit={perimeter.bind(|o, v| { *o = choice(&v)?; Ok(()) })} />
            <CheckField label="Perimeter reflects inside connections to its public addresses (hairpin NAT)" checked={s.perimeter.hairpin_nat}
                help="Off by default: assume no reflection unless the firewall is set up for it" on_commit={hairpin.flag(|o, b| *o = b)} />
            { ranges_fields(&ranges, &s.ranges) }
        </>
    }
}

/// A span as "min–max" in one field; one number makes it a point.
fn span<T: std::str::FromStr + Copy + Ord>(v: &str) -> Result<Span<T>, String> {
    let parts: Vec<&str> = v.split(['–', '-']).map(str::trim).collect();
    let num = |p: &str| {
        p.parse::<T>()
            .map_err(|_| format!("\"{p}\" is not a number; type min–max, e.g. 1–2"))
    };
    match parts.as_slice() {
        [one] => Ok(Span::point(num(one)?)),
        [a, b] => Ok(Span::new(num(a)?, num(b)?)),
        _ => Err("type min–max, e.g. 1–2".into()),
    }
}

/// Where a span of the ranges editor lives and how its text reads: whole
/// numbers (a count, or ms held to a core bound when it has one) or yes/no
/// as 0 and 1 (like `icmp_aborts_connect`).
#[derive(Clone, Copy)]
enum SpanOf {
    Count(fn(&mut Ranges) -> &mut Span<u8>),
    Number(fn(&mut Ranges) -> &mut Span<u32>, Option<Bounds<u32>>),
    Flag(fn(&mut Ranges) -> &mut Span<bool>),
}

impl SpanOf {
    fn show(self, r: &mut Ranges) -> String {
        match self {
            SpanOf::Count(at) => show(*at(r)),
            SpanOf::Number(at, _) => show(*at(r)),
            SpanOf::Flag(at) => {
                let b = *at(r);
                show(Span::new(u8::from(b.min), u8::from(b.max)))
            }
        }
    }

    /// Reads `v` into the span; a span out of a core bound is refused by the
    /// core's range rule when the edit applies, with the loader's message.
    fn set(self, r: &mut Ranges, v: &str) -> Result<(), String> {
        match self {
            SpanOf::Count(at) => *at(r) = span(v)?,
            SpanOf::Number(at, bounds) => {
                *at(r) = span(v).map_err(|e| match bounds {
                    Some(b) => format!("type min–max, each {}", b.expected()),
                    None => e,
                })?
            }
            SpanOf::Flag(at) => {
                let b = span::<u8>(v)?;
                if b.max > 1 {
                    return Err("0 or 1".into());
                }
                *at(r) = Span::new(b.min == 1, b.max == 1);
            }
        }
        Ok(())
    }
}

fn show<T: ToString + PartialEq>(s: Span<T>) -> String {
    if s.min == s.max {
        s.min.to_string()
    } else {
        format!("{}–{}", s.min.to_string(), s.max.to_string())
    }
}

/// The ranges editor's fields: label, help, test id, the span.
const SPANS: [(&str, &str, &str, SpanOf); 19] = [
    (
        "RPC bind attempts per cycle",
        "Undocumented (§8 step 4)",
        "",
        SpanOf::Count(|r| &mut r.rpc_bind_attempts),
    ),
    (
        "TLS and authentication (ms)",
        "Not sourced (§8 step 3)",
        "",
        SpanOf::Number(|r| &mut r.oa_setup_ms, None),
    ),
    (
        "Failing after RST (ms)",
        "One measurement, 2 s (§3, C14)",
        "",
        SpanOf::Number(|r| &mut r.rst_fail_ms, None),
    ),
    (
        "ICMP aborts a connect (0 no, 1 yes)",
        "Undocumented (§3)",
        "",
        SpanOf::Flag(|r| &mut r.icmp_aborts_connect),
    ),
    (
        "Site round trip (ms)",
        "Not sourced",
        "",
        SpanOf::Number(|r| &mut r.site_rtt_ms, None),
    ),
    (
        "Internet or VPN round trip (ms)",
        "Not sourced",
        "",
        SpanOf::Number(|r| &mut r.remote_rtt_ms, None),
    ),
    (
        "Slow-link threshold (kbit/s)",
        "Folklore, 128 (§4)",
        "",
        SpanOf::Number(|r| &mut r.slow_link_max_kbps, None),
    ),
    (
        "Connects per user per day",
        "Not sourced",
        "",
        SpanOf::Number(|r| &mut r.connects_per_day, None),
    ),
    (
        "SCP lookup with no domain controller in reach (ms)",
        "Not sourced; design value 2000 (§6 cost 5)",
        "range-scp-no-dc",
        SpanOf::Number(|r| &mut r.scp_no_dc_ms, Some(rules::SCP_NO_DC_MS)),
    ),
    (
        "An Autodiscover request that never answers (ms)",
        "No documented timeout; design value 30000 (§6 cost 4)",
        "range-ad-timeout",
        SpanOf::Number(
            |r| &mut r.autodiscover_http_timeout_ms,
            Some(rules::AUTODISCOVER_HTTP_TIMEOUT_MS),
        ),
    ),
    (
        "Answering a certificate or redirect prompt (ms)",
        "Nothing measured; design value 5000 (§6 cost 6)",
        "range-prompt-answer",
        SpanOf::Number(|r| &mut r.prompt_answer_ms, Some(rules::PROMPT_ANSWER_MS)),
    ),
    (
        "An SRV target raises the redirect prompt (0 no, 1 yes)",
        "Unverified; design value 1 (§6 https 6)",
        "range-srv-prompts",
        SpanOf::Flag(|r| &mut r.srv_prompts),
    ),
    (
        "Outlook 2016 and later chase DNS alongside the SCP (0 no, 1 yes)",
        "Unverified; design value 0 (§6 step 6)",
        "range-parallel-chase",
        SpanOf::Flag(|r| &mut r.outlook2016_parallel_chase),
    ),
    (
        "The mailbox connection at start waits for Autodiscover (0 no, 1 yes)",
        "Undocumented; design value 0 (§6 run 5)",
        "range-start-waits",
        SpanOf::Flag(|r| &mut r.start_waits_for_autodiscover),
    ),
    (
        "The cached URL is tried first (0 after SRV, 1 first)",
        "Field lists disagree; design value 1 (§6 step 4)",
        "range-cached-url-first",
        SpanOf::Flag(|r| &mut r.cached_url_first),
    ),
    (
        "An organisation with Exchange 2013 alone has MAPI/HTTP on (0 no, 1 yes)",
        "In no source; design value 0 (§10 protocol 2)",
        "range-org-mapi-2013",
        SpanOf::Flag(|r| &mut r.org_mapi_default_2013),
    ),
    (
        "A mailbox's MAPI/HTTP setting wins over the organisation's (0 no, 1 yes)",
        "Field reports only; design value 1 (§10 protocol 3)",
        "range-mailbox-overrides",
        SpanOf::Flag(|r| &mut r.mailbox_overrides_org),
    ),
    (
        "Dual-stack clients try IPv6 addresses first (0 no, 1 yes)",
        "No source; design value 1 (§10 ipv6 3)",
        "range-ipv6-first",
        SpanOf::Flag(|r| &mut r.ipv6_first),
    ),
    (
        "IPv6 and IPv4 connects race (0 in turn, 1 race)",
        "No source; design value 0 (§10 ipv6 3)",
        "range-dual-stack-race",
        SpanOf::Flag(|r| &mut r.dual_stack_race),
    ),
];

/// The ranges of what the model leaves undocumented (§8, §6 parameters).
fn ranges_fields(ranges: &Form<Ranges>, r: &Ranges) -> Html {
    let mut r = r.clone();
    html! {
        <fieldset class="ranges" data-testid="ranges">
            <legend>{ "Ranges of what the model leaves undocumented" }</legend>
            { for SPANS.iter().map(|&(label, help, testid, at)| html! {
                <TextField {label} value={at.show(&mut r)} {help} testid={(!testid.is_empty()).then_some(testid)}
                    on_commit={ranges.bind(move |o, v| at.set(o, &v))} />
            }) }
        </fieldset>
    }
}

/// The organisation's SCP pointers (§6 scp 3): a row each, added and
/// removed here; each change is one `SetAutodiscover` edit.
#[component]
fn ScpPointerList(props: &SettingsProps) -> Html {
    let editor = use_editor();
    let error = use_state(|| None::<String>);
    let s = &props.scenario.0;
    let ad = Form::new(
        &editor,
        &s.autodiscover,
        Selection::Settings,
        |autodiscover| Edit::SetAutodiscover { autodiscover },
    );
    // Buttons commit like fields; a refusal shows under the list.
    let press = |commit: Commit| {
        let error = error.clone();
        Callback::from(move |_: MouseEvent| error.set(commit.emit(String::new())))
    };
    let fresh = fresh_pointer(s);
    let add = press(ad.bind(move |o, _| {
        o.scp_pointers.push(fresh.clone());
        Ok(())
    }));
    let field = |id: &str, set: fn(&mut ScpPointer, String) -> Result<(), String>| {
        let id = id.to_string();
        ad.bind(
            move |o, v| match o.scp_pointers.iter_mut().find(|p| p.id == id) {
                Some(p) => set(p, v),
                None => Err("this SCP pointer no longer exists".into()),
            },
        )
    };
    html! {
        <fieldset class="field-section" data-testid="scp-pointers">
            <legend>{ format!("SCP pointers ({})", s.autodiscover.scp_pointers.len()) }</legend>
            <p class="field-help">{ "An object in a directory whose keywords send the SCP lookup to another directory: with Domain= for the user's SMTP domain the lookup restarts there; without, it is a fallback (§6 scp 3)" }</p>
            { for s.autodiscover.scp_pointers.iter().map(|p| {
                let id = p.id.clone();
                let remove = press(ad.bind(move |o, _| { o.scp_pointers.retain(|x| x.id != id); Ok(()) }));
                html! {
                    <div class="scp-pointer" data-scp-pointer={p.id.clone()}>
                        <TextField label="Name" value={p.name.clone()} on_commit={field(&p.id, |p, v| { p.name = v.trim().to_string(); Ok(()) })} />
                        <TextField label="Published in (empty: the organisation's directory)" value={p.published_in.clone()} mono=true
                            on_commit={field(&p.id, |p, v| { p.published_in = v.trim().to_string(); Ok(()) })} />
                        <TextField label="Points to (LDAP server or forest)" value={p.points_to.clone()} mono=true testid="scp-points-to"
                            on_commit={field(&p.id, |p, v| { p.points_to = parse::not_empty(&v)?; Ok(()) })} />
                        <TextField label="Domain= keyword (empty: a fallback)" value={p.domain.clone()} mono=true
                            on_commit={field(&p.id, |p, v| { p.domain = if v.trim().is_empty() { String::new() } else { parse::dns_name(&v)? }; Ok(()) })} />
                        <button type="button" class="danger" onclick={remove} aria-label={format!("Remove SCP pointer {}", p.name)}>{ "Remove" }</button>
                    </div>
                }
            }) }
            <button type="button" class="add" onclick={add} data-testid="add-scp-pointer">{ "+ SCP pointer" }</button>
            if let Some(msg) = (*error).clone() {
                <span class="field-error" role="alert">{ msg }</span>
            }
        </fieldset>
    }
}

/// A new pointer, its id unused by any object or pointer (`scp-1`, `scp-2`…),
/// pointing at a placeholder server to be named.
fn fresh_pointer(s: &Scenario) -> ScpPointer {
    let pointers = &s.autodiscover.scp_pointers;
    let (n, id) = (1..)
        .map(|n| (n, format!("scp-{n}")))
        .find(|(_, id)| s.kind_of(id).is_none() && !pointers.iter().any(|p| p.id == *id))
        .expect("an unused id exists");
    let domain = s.autodiscover.smtp_domain.trim();
    let domain = if domain.is_empty() {
        "example.com"
    } else {
        domain
    };
    ScpPointer {
        id,
        name: format!("SCP pointer {n}"),
        published_in: String::new(),
        points_to: format!("dc01.{domain}"),
        domain: String::new(),
    }
}
