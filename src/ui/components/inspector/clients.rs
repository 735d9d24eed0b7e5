//! Forms for Outlook clients and the Windows TCP timing they run with (§3).

use super::super::fields::{parse, CheckField, Form, SelectField, TextField};
use super::{choice, choices, gone, options, FormProps};
use crate::ui::state::use_editor;
use cas_planner_core::edit::Edit;
use cas_planner_core::model::*;
use cas_planner_core::objects::Object;
use cas_planner_core::rules;
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
            <SelectField label="Outlook" value={c.outlook_version.as_str()} options={choices::<OutlookVersion>()}
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
        </>
    }
}
