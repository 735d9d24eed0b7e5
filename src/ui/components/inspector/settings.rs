//! The design's own settings: name, organisation, Autodiscover and the
//! perimeter's default action.

use super::super::fields::{parse, CheckField, Commit, Form, SelectField, TextField};
use super::{choice, choices};
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
    html! {
        <>
            <TextField label="Design name" value={s.name.clone()} on_commit={form.bind(|o, v| { o.0 = parse::not_empty(&v)?; Ok(()) })} />
            <TextField label="Organisation" value={s.organisation.clone()} on_commit={form.bind(|o, v| { o.2 = v; Ok(()) })} />
            <TextField label="Description" value={s.description.clone()} on_commit={form.bind(|o, v| { o.1 = v; Ok(()) })} />
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

/// A span of ms that a core bound holds (`rules::Bounds`): text that is no
/// span says what the field takes; a span out of bounds is refused by the
/// core's range rule when the edit applies.
fn span_within(v: &str, bounds: Bounds<u32>) -> Result<Span<u32>, String> {
    span(v).map_err(|_| format!("type min–max, each {}", bounds.expected()))
}

/// A span of yes/no as "0", "1" or "0–1".
fn flag_span(v: &str) -> Result<Span<bool>, String> {
    let b = span::<u8>(v)?;
    if b.max > 1 {
        return Err("0 or 1".into());
    }
    Ok(Span::new(b.min == 1, b.max == 1))
}

fn show<T: ToString + PartialEq>(s: Span<T>) -> String {
    if s.min == s.max {
        s.min.to_string()
    } else {
        format!("{}–{}", s.min.to_string(), s.max.to_string())
    }
}

fn show_flags(s: Span<bool>) -> String {
    show(Span::new(u8::from(s.min), u8::from(s.max)))
}

/// The ranges of what the model leaves undocumented (§8, §6 parameters).
fn ranges_fields(ranges: &Form<Ranges>, r: &Ranges) -> Html {
    html! {
        <fieldset class="ranges" data-testid="ranges">
            <legend>{ "Ranges of what the model leaves undocumented" }</legend>
            <TextField label="RPC bind attempts per cycle" value={show(r.rpc_bind_attempts)} help="Undocumented (§8 step 4)"
                on_commit={ranges.bind(|o, v| { o.rpc_bind_attempts = span(&v)?; Ok(()) })} />
            <TextField label="TLS and authentication (ms)" value={show(r.oa_setup_ms)} help="Not sourced (§8 step 3)"
                on_commit={ranges.bind(|o, v| { o.oa_setup_ms = span(&v)?; Ok(()) })} />
            <TextField label="Failing after RST (ms)" value={show(r.rst_fail_ms)} help="One measurement, 2 s (§3, C14)"
                on_commit={ranges.bind(|o, v| { o.rst_fail_ms = span(&v)?; Ok(()) })} />
            <TextField label="ICMP aborts a connect (0 no, 1 yes)" value={show_flags(r.icmp_aborts_connect)} help="Undocumented (§3)"
                on_commit={ranges.bind(|o, v| { o.icmp_aborts_connect = flag_span(&v)?; Ok(()) })} />
            <TextField label="Site round trip (ms)" value={show(r.site_rtt_ms)} help="Not sourced"
                on_commit={ranges.bind(|o, v| { o.site_rtt_ms = span(&v)?; Ok(()) })} />
            <TextField label="Internet or VPN round trip (ms)" value={show(r.remote_rtt_ms)} help="Not sourced"
                on_commit={ranges.bind(|o, v| { o.remote_rtt_ms = span(&v)?; Ok(()) })} />
            <TextField label="Slow-link threshold (kbit/s)" value={show(r.slow_link_max_kbps)} help="Folklore, 128 (§4)"
                on_commit={ranges.bind(|o, v| { o.slow_link_max_kbps = span(&v)?; Ok(()) })} />
            <TextField label="Connects per user per day" value={show(r.connects_per_day)} help="Not sourced"
                on_commit={ranges.bind(|o, v| { o.connects_per_day = span(&v)?; Ok(()) })} />
            <TextField label="SCP lookup with no domain controller in reach (ms)" value={show(r.scp_no_dc_ms)} testid="range-scp-no-dc"
                help="Not sourced; design value 2000 (§6 cost 5)"
                on_commit={ranges.bind(|o, v| { o.scp_no_dc_ms = span_within(&v, rules::SCP_NO_DC_MS)?; Ok(()) })} />
            <TextField label="An Autodiscover request that never answers (ms)" value={show(r.autodiscover_http_timeout_ms)} testid="range-ad-timeout"
                help="No documented timeout; design value 30000 (§6 cost 4)"
                on_commit={ranges.bind(|o, v| { o.autodiscover_http_timeout_ms = span_within(&v, rules::AUTODISCOVER_HTTP_TIMEOUT_MS)?; Ok(()) })} />
            <TextField label="Answering a certificate or redirect prompt (ms)" value={show(r.prompt_answer_ms)} testid="range-prompt-answer"
                help="Nothing measured; design value 5000 (§6 cost 6)"
                on_commit={ranges.bind(|o, v| { o.prompt_answer_ms = span_within(&v, rules::PROMPT_ANSWER_MS)?; Ok(()) })} />
            <TextField label="An SRV target raises the redirect prompt (0 no, 1 yes)" value={show_flags(r.srv_prompts)} testid="range-srv-prompts"
                help="Unverified; design value 1 (§6 https 6)"
                on_commit={ranges.bind(|o, v| { o.srv_prompts = flag_span(&v)?; Ok(()) })} />
            <TextField label="Outlook 2016 and later chase DNS alongside the SCP (0 no, 1 yes)" value={show_flags(r.outlook2016_parallel_chase)}
                help="Unverified; design value 0 (§6 step 6)"
                on_commit={ranges.bind(|o, v| { o.outlook2016_parallel_chase = flag_span(&v)?; Ok(()) })} />
            <TextField label="The mailbox connection at start waits for Autodiscover (0 no, 1 yes)" value={show_flags(r.start_waits_for_autodiscover)}
                help="Undocumented; design value 0 (§6 run 5)"
                on_commit={ranges.bind(|o, v| { o.start_waits_for_autodiscover = flag_span(&v)?; Ok(()) })} />
            <TextField label="The cached URL is tried first (0 after SRV, 1 first)" value={show_flags(r.cached_url_first)}
                help="Field lists disagree; design value 1 (§6 step 4)"
                on_commit={ranges.bind(|o, v| { o.cached_url_first = flag_span(&v)?; Ok(()) })} />
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
