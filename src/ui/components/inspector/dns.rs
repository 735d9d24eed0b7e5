//! Forms for DNS: a view (a resolver's world), a zone and a record.

use super::super::fields::{parse, CheckField, Form, SelectField, TextField};
use super::{gone, FormProps};
use crate::ui::state::use_editor;
use cas_planner_core::edit::Edit;
use cas_planner_core::model::*;
use cas_planner_core::objects::Object;
use cas_planner_core::rules::check_dns_name;
use std::net::Ipv6Addr;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn ViewForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::DnsView(view)) = props.object() else {
        return gone();
    };
    let form = Form::new(&editor, view, props.selection(), |view| {
        Edit::UpsertDnsView { view }
    });
    let mut fwd = vec![(String::new(), "(none)".to_string())];
    fwd.extend(
        props
            .scenario
            .0
            .dns_views
            .iter()
            .filter(|v| v.id != view.id)
            .map(|v| (v.id.clone(), v.name.clone())),
    );
    // Who resolves here decides where the array name must and must not
    // answer (§5); every rule reads it, so it sits right under the name.
    let audiences = Rc::new(
        Audience::ALL
            .map(|a| (a.code().to_string(), a.label().to_string()))
            .to_vec(),
    );
    html! {
        <>
            <TextField label="Name" value={view.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
            <SelectField label="Who resolves here" value={view.audience.code()} options={audiences} testid="view-audience"
                on_commit={form.bind(|o, v| { o.audience = Audience::from_code(&v).ok_or("choose who resolves here")?; Ok(()) })} />
            <SelectField label="Forwards other names to" value={view.forwards_to.clone().unwrap_or_default()} options={Rc::new(fwd)}
                on_commit={form.bind(|o, v| { o.forwards_to = (!v.is_empty()).then_some(v); Ok(()) })} />
            <TextField label="NXDOMAIN redirection to (optional)" value={view.nxdomain_redirect.map(|i| i.to_string()).unwrap_or_default()} mono=true
                help="Hotel/ISP resolvers answer missing names with their own address (§5)"
                on_commit={form.bind(|o, v| { o.nxdomain_redirect = parse::optional_ip(&v)?; Ok(()) })} />
            <CheckField label="The DNS server answers" checked={view.responds} help="Unchecked: clients wait 10 s (§5)" on_commit={form.flag(|o, b| o.responds = b)} />
        </>
    }
}

#[component]
pub fn ZoneForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::DnsZone(view, zone)) = props.object() else {
        return gone();
    };
    let (vid, zid) = (view.id.clone(), zone.id.clone());
    let form = Form::new(&editor, &zone.name, props.selection(), move |name| {
        Edit::UpsertDnsZone {
            view: vid.clone(),
            id: zid.clone(),
            name,
        }
    });
    html! { <TextField label="Zone (apex)" value={zone.name.clone()} mono=true on_commit={form.bind(|o, v| { *o = parse::dns_name(&v)?; Ok(()) })} /> }
}

#[component]
pub fn RecordForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::DnsRecord(_, zone, r)) = props.object() else {
        return gone();
    };
    let zid = zone.id.clone();
    let form = Form::new(&editor, r, props.selection(), move |record| {
        Edit::UpsertDnsRecord {
            zone: zid.clone(),
            record,
        }
    });
    let value = match &r.data {
        RecordData::A { address } => address.to_string(),
        RecordData::Aaaa { address } => address.to_string(),
        RecordData::Cname { target } => target.clone(),
        RecordData::Srv { target, port, .. } => format!("{target}:{port}"),
        RecordData::Txt { text } => text.clone(),
    };
    let types = Rc::new(
        ["A", "AAAA", "CNAME", "SRV", "TXT"]
            .map(|t| (t.to_string(), t.to_string()))
            .to_vec(),
    );
    let (label, help) = match r.data {
        RecordData::A { .. } => ("IPv4 address", None),
        RecordData::Aaaa { .. } => (
            "IPv6 address",
            Some("Dual-stack and IPv6-only clients use it; IPv6-first by default (§10 ipv6 2–3)"),
        ),
        RecordData::Cname { .. } => ("Target", None),
        RecordData::Srv { .. } => ("Target:port", None),
        RecordData::Txt { .. } => ("Text", None),
    };
    html! {
        <>
            <TextField label="Name" value={r.name.clone()} mono=true testid="record-name" help="*.zone for a wildcard"
                on_commit={form.bind(|o, v| { check_dns_name(v.trim(), true)?; o.name = v.trim().to_string(); Ok(()) })} />
            <SelectField label="Type" value={r.data.type_name()} options={types} testid="record-type"
                on_commit={form.bind(|o, v| {
                    o.data = match v.as_str() {
                        "CNAME" => RecordData::Cname { target: format!("target.{}", o.name.trim_start_matches("*.")) },
                        "SRV" => RecordData::Srv { target: format!("target.{}", o.name.trim_start_matches("*.")), port: 443, priority: 0, weight: 0 },
                        "TXT" => RecordData::Txt { text: String::new() },
                        // The documentation prefixes (RFC 3849, RFC 5737): placeholders to replace.
                        "AAAA" => RecordData::Aaaa { address: Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1) },
                        _ => RecordData::A { address: [192, 0, 2, 1].into() },
                    };
                    Ok(())
                })} />
            <TextField {label} {help} value={value} mono=true testid="record-value"
                on_commit={form.bind(|o, v| {
                    o.data = match &o.data {
                        // An address of the other family says which type takes it.
                        RecordData::A { .. } if parse::ipv6(&v).is_ok() => return Err(format!("“{}” is an IPv6 address: choose type AAAA for it", v.trim())),
                        RecordData::A { .. } => RecordData::A { address: parse::ip(&v)? },
                        RecordData::Aaaa { .. } if parse::ip(&v).is_ok() => return Err(format!("“{}” is an IPv4 address: choose type A for it", v.trim())),
                        RecordData::Aaaa { .. } => RecordData::Aaaa { address: parse::ipv6(&v)? },
                        RecordData::Cname { .. } => RecordData::Cname { target: parse::dns_name(&v)? },
                        RecordData::Srv { priority, weight, .. } => {
                            let (t, p) = v.rsplit_once(':').ok_or("enter target:port, e.g. mail.mycompany.com:443")?;
                            RecordData::Srv { target: parse::dns_name(t)?, port: parse::number(p, cas_planner_core::rules::TCP_PORT)?, priority: *priority, weight: *weight }
                        }
                        // The text's rule (length, control characters) is the core's, checked by the dry run.
                        RecordData::Txt { .. } => RecordData::Txt { text: v },
                    };
                    Ok(())
                })} />
        </>
    }
}
