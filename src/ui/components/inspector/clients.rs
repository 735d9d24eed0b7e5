//! Forms for Outlook clients and the Windows TCP timing they run with (§3).

use super::super::fields::{parse, CheckField, Form, SelectField, TextAreaField, TextField};
use super::{
    choice, choices, gone, on_off, on_off_options, on_off_value, options, org_mapi_http, FormProps,
};
use crate::ui::state::use_editor;
use cas_planner_core::edit::Edit;
use cas_planner_core::model::*;
use cas_planner_core::objects::Object;
use cas_planner_core::rules;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn TimingPresetForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::TimingPreset(p)) = props.object() else {
        return gone();
    };
    let form = Form::new(&editor, p, props.selection(), |preset| {
        Edit::UpsertTimingPreset { preset }
    });
    html! {
        <>
            <TextField label="Name" value={p.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
            // The core's rule says what the least timeout is (§3).
            <TextField label="Initial SYN timeout (ms)" value={p.initial_rto_ms.to_string()} help="Doubles on each retry (§3)"
                on_commit={form.bind(|o, v| { o.initial_rto_ms = parse::number(&v, rules::INITIAL_RTO_MS)?; Ok(()) })} />
            <TextField label="SYN retransmissions" value={p.max_syn_retransmissions.to_string()}
                on_commit={form.bind(|o, v| { o.max_syn_retransmissions = parse::number(&v, rules::SYN_RETRANSMISSIONS)?; Ok(()) })} />
            <TextField label="Connect ceiling (ms, empty for none)" value={p.connect_ceiling_ms.map(|c| c.to_string()).unwrap_or_default()} help="Modern Windows: 21 s (§3, C15)"
                on_commit={form.bind(|o, v| { o.connect_ceiling_ms = if v.trim().is_empty() { None } else { Some(parse::number(&v, rules::CONNECT_CEILING_MS)?) }; Ok(()) })} />
            <TextField label="Time to fail after RST (ms)" value={p.rst_fail_ms.to_string()} help="Measured 2 s (§3, C14)"
                on_commit={form.bind(|o, v| { o.rst_fail_ms = parse::number(&v, rules::RST_FAIL_MS)?; Ok(()) })} />
            <CheckField label="ICMP unreachable aborts the connect" checked={p.icmp_aborts_connect} help="Undocumented; default off (§3, §8)"
                on_commit={form.flag(|o, b| o.icmp_aborts_connect = b)} />
        </>
    }
}

#[component]
pub fn ClientForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::Client(c)) = props.object() else {
        return gone();
    };
    let s = &props.scenario.0;
    let form = Form::new(&editor, c, props.selection(), |client| Edit::UpsertClient {
        client,
    });
    let zones = options(s.network_zones.iter(), |z| (z.id.clone(), z.name.clone()));
    let views = options(s.dns_views.iter(), |v| (v.id.clone(), v.name.clone()));
    let dbs = options(s.sites.iter().flat_map(|x| x.databases.iter()), |d| {
        (d.id.clone(), d.name.clone())
    });
    let presets = options(s.timing_presets.iter(), |p| (p.id.clone(), p.name.clone()));
    html! {
        <>
            <TextField label="Name" value={c.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
            <SelectField label="Network location" value={c.location.clone()} options={zones} on_commit={form.bind(|o, v| { o.location = v; Ok(()) })} />
            <SelectField label="Resolves in DNS view" value={c.dns_view.clone()} options={views} testid="client-view" on_commit={form.bind(|o, v| { o.dns_view = v; Ok(()) })} />
            <SelectField label="Mailbox database" value={c.mailbox_database.clone()} options={dbs} on_commit={form.bind(|o, v| { o.mailbox_database = v; Ok(()) })} />
            <SelectField label="Windows TCP timing" value={c.os_timing.clone()} options={presets} on_commit={form.bind(|o, v| { o.os_timing = v; Ok(()) })} />
            <SelectField label="Outlook" value={c.outlook_version.as_str()} options={choices::<OutlookVersion>()} testid="client-outlook"
                help={outlook_help(c.outlook_version)}
                on_commit={form.bind(|o, v| { o.outlook_version = choice(&v)?; Ok(()) })} />
            <CheckField label="Outlook Anywhere in the profile" checked={c.outlook_anywhere} on_commit={form.flag(|o, b| o.outlook_anywhere = b)} />
            <CheckField label="On fast networks, connect using HTTP first (0x8)" checked={c.http_first_on_fast} help="Exchange 2010 default: off (§4)" on_commit={form.flag(|o, b| o.http_first_on_fast = b)} />
            <CheckField label="On slow networks, connect using HTTP first (0x20)" checked={c.http_first_on_slow} help="Exchange 2010 default: on (§4)" on_commit={form.flag(|o, b| o.http_first_on_slow = b)} />
            <TextField label="Link speed (kbit/s)" value={c.link_kbps.to_string()} help="Above 128 counts as fast (§4)" testid="client-link"
                on_commit={form.bind(|o, v| { o.link_kbps = parse::number(&v, rules::LINK_KBPS)?; Ok(()) })} />
            <CheckField label="Domain-joined" checked={c.domain_joined} on_commit={form.flag(|o, b| o.domain_joined = b)} />
            // The calibrated range is the core's rule (§8 step 4), checked when the edit applies.
            <TextField label="RPC bind attempts k" value={c.rpc_bind_attempts.to_string()} help="Undocumented; 1–2 (§8 step 4)"
                on_commit={form.bind(|o, v| { o.rpc_bind_attempts = parse::whole(&v)?; Ok(()) })} />
            <TextField label="HTTPS setup time (ms)" value={c.oa_setup_ms.to_string()} help="TLS + auth; capped at 45 s (§4, §8)"
                on_commit={form.bind(|o, v| { o.oa_setup_ms = parse::number(&v, rules::OA_SETUP_MS)?; Ok(()) })} />
            // A profile can stand for a group; the rules say what is allowed.
            <TextField label="Users this profile stands for" value={c.users.to_string()} help="The daily wait counts each of them" testid="client-users"
                on_commit={form.bind(|o, v| { o.users = parse::number(&v, rules::USERS)?; Ok(()) })} />
            <TextField label="Connects per user per day" value={c.connects_per_day.to_string()} help="Start, resume, network change, reconnect; the wait repeats on each (§8 step 5; not sourced)" testid="client-connects"
                on_commit={form.bind(|o, v| { o.connects_per_day = parse::whole(&v)?; Ok(()) })} />
            { protocol_fields(&form, c, s) }
            { autodiscover_fields(&form, c, s) }
        </>
    }
}

/// Whether this Outlook can speak MAPI/HTTP (§10 version 2), for the
/// version select's help.
fn outlook_help(v: OutlookVersion) -> String {
    match (v, v.mapi_http_updates_name()) {
        (OutlookVersion::O2007, _) => "Never speaks MAPI/HTTP (§10 version 2)".into(),
        (_, Some(updates)) => {
            format!("Speaks MAPI/HTTP with {updates} installed (below, §10 version 2)")
        }
        (OutlookVersion::O2021, None) => {
            "Speaks MAPI/HTTP; treated as Outlook 2019 (§10 version 1, assumed)".into()
        }
        _ => "Speaks MAPI/HTTP (§10 version 2)".into(),
    }
}

/// A client's MAPI/HTTP settings and its IP stack (§10 version 2,
/// protocol 3–4, ipv6 2), under one heading.
fn protocol_fields(form: &Form<Client>, c: &Client, s: &Scenario) -> Html {
    let (org_on, _) = org_mapi_http(s);
    let mailbox = on_off_options(format!(
        "Organisation's setting ({})",
        if org_on { "on" } else { "off" }
    ));
    let version = c.outlook_version;
    html! {
        <fieldset class="field-section" data-testid="client-protocol">
            <legend>{ "MAPI/HTTP and IPv6" }</legend>
            // The updates matter only where an update decides (Outlook 2010 and 2013).
            if let Some(updates) = version.mapi_http_updates_name() {
                <CheckField label={format!("{} {updates} installed", version.label())} checked={c.mapi_http_updates} testid="client-mapi-updates"
                    help="What makes it MAPI/HTTP capable (§10 version 2)"
                    on_commit={form.flag(|o, b| o.mapi_http_updates = b)} />
            }
            <CheckField label="MAPI/HTTP turned off in the registry (MapiHttpDisabled = 1)" checked={c.mapi_http_disabled} testid="client-mapi-disabled"
                help="RPC/HTTP even where MAPI/HTTP is offered; Microsoft: for testing only (§10 protocol 4, KB 2937684)"
                on_commit={form.flag(|o, b| o.mapi_http_disabled = b)} />
            <SelectField label="The mailbox's MAPI/HTTP (Set-CASMailbox)" value={on_off_value(c.mailbox_mapi_http_enabled)} options={mailbox} testid="client-mailbox-mapi"
                help="Whether a mailbox's setting wins over the organisation's is a range, design value yes (§10 protocol 3)"
                on_commit={form.bind(|o, v| { o.mailbox_mapi_http_enabled = on_off(&v)?; Ok(()) })} />
            <SelectField label="IP stack" value={c.ip_stack.as_str()} options={choices::<IpStack>()} testid="client-ip-stack"
                help="Which DNS answers it connects to: AAAA and A, A only, or AAAA only (§10 ipv6 2)"
                on_commit={form.bind(|o, v| { o.ip_stack = choice(&v)?; Ok(()) })} />
        </fieldset>
    }
}

/// A client's Autodiscover: its AD site, its switches (§6 switch 1–4), its
/// cached URL and its Office 365 judgement, under one heading.
fn autodiscover_fields(form: &Form<Client>, c: &Client, s: &Scenario) -> Html {
    let mut sites = vec![(String::new(), "Site of its network zone".to_string())];
    sites.extend(s.sites.iter().map(|x| (x.id.clone(), x.name.clone())));
    let excluded = |m: Method| c.autodiscover_exclude.contains(&m);
    html! {
        <fieldset class="field-section" data-testid="client-autodiscover">
            <legend>{ "Autodiscover" }</legend>
            <SelectField label="Active Directory site" value={c.ad_site.clone().unwrap_or_default()} options={Rc::new(sites)} testid="client-ad-site"
                help="Ranks SCP URLs: those scoped to its site first (§6 scp 4); on the Internet it has none"
                on_commit={form.bind(|o, v| { o.ad_site = (!v.is_empty()).then_some(v); Ok(()) })} />
            <fieldset class="field-group">
                <legend>{ "Methods turned off (§6 switch 1)" }</legend>
                { for Method::excludable().filter_map(|m| m.exclude_value().map(|value| (m, value))).map(|(m, value)| html! {
                    <CheckField label={format!("{} ({value})", m.label())} checked={excluded(m)} testid={format!("exclude-{}", m.as_str())}
                        on_commit={form.flag(move |o, b| { o.autodiscover_exclude.retain(|x| *x != m); if b { o.autodiscover_exclude.push(m); o.autodiscover_exclude.sort(); } })} />
                }) }
            </fieldset>
            <CheckField label="PreferLocalXML: the local XML file first" checked={c.prefer_local_xml} help="§6 switch 2, step 3"
                on_commit={form.flag(|o, b| o.prefer_local_xml = b)} />
            <TextAreaField label="Local XML file (optional)" value={c.local_xml.clone().unwrap_or_default()} testid="client-local-xml"
                help="The Autodiscover response in the file the registry names for the domain; empty: no file (§6 method local-xml)"
                on_commit={form.bind(|o, v| { o.local_xml = (!v.trim().is_empty()).then_some(v); Ok(()) })} />
            <TextField label="RedirectServers" value={c.redirect_servers.join(", ")} mono=true testid="client-redirect-servers"
                help="Hosts whose redirect raises no prompt; comma-separated (§6 switch 4, https 4)"
                on_commit={form.bind(|o, v| { o.redirect_servers = parse::name_list(&v, false)?; Ok(()) })} />
            <TextField label="Cached Autodiscover URL (optional)" value={c.cached_autodiscover_url.clone().unwrap_or_default()} mono=true testid="client-cached-url"
                help="LastKnownGood; empty: the URL its profile's first run found (§6 step 4)"
                on_commit={form.bind(|o, v| { o.cached_autodiscover_url = cached_url(&v)?; Ok(()) })} />
            <SelectField label="Office 365 judgement (Outlook 2016 and later)" value={c.office365.as_str()} options={choices::<Office365>()} testid="client-office365"
                help="Judged an Office 365 user, Outlook asks Office 365 first (§6 step 5, C19)"
                on_commit={form.bind(|o, v| { o.office365 = choice(&v)?; Ok(()) })} />
        </fieldset>
    }
}

/// An Autodiscover URL as the methods read it (`rules::AdUrl`); empty: none.
fn cached_url(text: &str) -> Result<Option<String>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    rules::AdUrl::parse(t)?;
    Ok(Some(t.to_string()))
}
