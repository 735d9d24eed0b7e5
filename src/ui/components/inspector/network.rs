//! Forms for where clients sit (network zones) and what the perimeter does
//! to their SYNs (perimeter rules).

use super::super::fields::{parse, Form, SelectField, TextField};
use super::{choice, choices, gone, options, FormProps};
use crate::ui::state::use_editor;
use cas_planner_core::edit::Edit;
use cas_planner_core::model::*;
use cas_planner_core::objects::Object;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn NetworkZoneForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::NetworkZone(z)) = props.object() else {
        return gone();
    };
    let s = &props.scenario.0;
    let form = Form::new(&editor, z, props.selection(), |zone| {
        Edit::UpsertNetworkZone { zone }
    });
    let first_site = s.sites.first().map(|x| x.id.clone()).unwrap_or_default();
    let kind = z.kind.type_name();
    let site = match &z.kind {
        ZoneKind::Site { site } | ZoneKind::Vpn { site } => site.clone(),
        ZoneKind::Internet => String::new(),
    };
    let kinds = Rc::new(
        [
            ("site", "On a site's LAN"),
            ("vpn", "VPN into a site"),
            ("internet", "On the Internet"),
        ]
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .to_vec(),
    );
    let sites = options(s.sites.iter(), |x| (x.id.clone(), x.name.clone()));
    html! {
        <>
            <TextField label="Name" value={z.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
            <SelectField label="Where" value={kind} options={kinds}
                on_commit={form.bind(move |o, v| {
                    o.kind = match v.as_str() {
                        "internet" => ZoneKind::Internet,
                        "vpn" => ZoneKind::Vpn { site: first_site.clone() },
                        _ => ZoneKind::Site { site: first_site.clone() },
                    };
                    Ok(())
                })} />
            if kind != "internet" {
                <SelectField label="Site" value={site} options={sites}
                    on_commit={form.bind(|o, v| { if let ZoneKind::Site { site } | ZoneKind::Vpn { site } = &mut o.kind { *site = v; } Ok(()) })} />
            }
            <TextField label="Round-trip time (ms)" value={z.rtt().to_string()} help="One RTT per DNS answer and exchange (§8)"
                on_commit={form.bind(|o, v| { o.rtt_ms = Some(parse::number(&v, cas_planner_core::rules::RTT_MS)?); Ok(()) })} />
        </>
    }
}

#[component]
pub fn PerimeterRuleForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::PerimeterRule(r)) = props.object() else {
        return gone();
    };
    let form = Form::new(&editor, r, props.selection(), |rule| {
        Edit::UpsertPerimeterRule { rule }
    });
    html! {
        <>
            <TextField label="Name" value={r.name.clone()} on_commit={form.bind(|o, v| { o.name = v.trim().to_string(); Ok(()) })} />
            <TextField label="Public destination address" value={r.destination.to_string()} mono=true on_commit={form.bind(|o, v| { o.destination = parse::ip(&v)?; Ok(()) })} />
            <TextField label="Ports" value={parse::port_list(std::slice::from_ref(&r.ports))} mono=true
                on_commit={form.bind(|o, v| { let p = parse::ports(&v)?; match p.as_slice() { [one] => { o.ports = *one; Ok(()) } _ => Err("enter one port or range".into()) } })} />
            <SelectField label="Action" value={r.action.as_str()} options={choices::<PerimeterAction>()} testid="rule-action"
                on_commit={form.bind(|o, v| { o.action = choice(&v)?; Ok(()) })} />
            <TextField label="Translate to (NAT, optional)" value={r.translate_to.map(|i| i.to_string()).unwrap_or_default()} mono=true
                on_commit={form.bind(|o, v| { o.translate_to = parse::optional_ip(&v)?; Ok(()) })} />
        </>
    }
}

/// A host Autodiscover meets that is not Exchange (§6 https 3–5).
#[component]
pub fn WebHostForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::WebHost(h)) = props.object() else {
        return gone();
    };
    let form = Form::new(&editor, h, props.selection(), |host| Edit::UpsertWebHost {
        host,
    });
    html! {
        <>
            <TextField label="Name" value={h.name.clone()} on_commit={form.bind(|o, v| { o.name = v.trim().to_string(); Ok(()) })} />
            <TextField label="Address" value={h.ip.to_string()} mono=true help="What the names that lead here resolve to"
                on_commit={form.bind(|o, v| { o.ip = parse::ip(&v)?; Ok(()) })} />
            <SelectField label="On 443 (HTTPS)" value={h.answers.as_str()} options={choices::<WebAnswer>()} testid="web-answers"
                on_commit={form.bind(|o, v| { o.answers = choice(&v)?; Ok(()) })} />
            <SelectField label="On 80 (HTTP)" value={h.answers_http.as_str()} options={choices::<WebAnswer>()} testid="web-answers-http"
                on_commit={form.bind(|o, v| { o.answers_http = choice(&v)?; Ok(()) })} />
            <TextField label="Certificate names" value={h.certificate_names.join(", ")} mono=true
                help="The names its certificate carries; a name Outlook asks for that is missing raises the certificate prompt (§6 https 3)"
                on_commit={form.bind(|o, v| { o.certificate_names = parse::name_list(&v, true)?; Ok(()) })} />
            <TextField label="Redirects Autodiscover to (optional)" value={h.redirect_to.clone()} mono=true
                help="An HTTP 302 for /Autodiscover/Autodiscover.xml (§6 https 4–5); empty: no Autodiscover here"
                on_commit={form.bind(|o, v| { o.redirect_to = v.trim().to_string(); Ok(()) })} />
        </>
    }
}
