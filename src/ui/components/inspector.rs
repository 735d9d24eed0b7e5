//! The form for the selected object: every field of every model object is
//! editable here, with validation next to the field, and deletion that shows
//! what goes with it (and, for a site, offers to move its contents).

use super::fields::{parse, CheckField, Form, SelectField, TextField};
use super::Shared;
use crate::ui::state::{use_editor, Action};
use cas_planner_core::edit::{Edit, ObjectKind};
use cas_planner_core::model::*;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub scenario: Shared<Scenario>,
    pub id: AttrValue,
}

type Options = Rc<Vec<(String, String)>>;

fn options<'a, T: 'a>(items: impl Iterator<Item = &'a T>, f: impl Fn(&T) -> (String, String)) -> Options {
    Rc::new(items.map(f).collect())
}

fn enum_options(pairs: &[(&str, &str)]) -> Options {
    Rc::new(pairs.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect())
}

fn rpc_mode(p: &RpcPorts) -> &'static str {
    match p {
        RpcPorts::Dynamic => "dynamic",
        RpcPorts::Static { .. } => "static",
    }
}

fn static_ports(p: &RpcPorts) -> (u16, u16) {
    match *p {
        RpcPorts::Static { rpc_client_access, address_book } => (rpc_client_access, address_book),
        RpcPorts::Dynamic => (59531, 59532),
    }
}

/// The three RPC-port fields shared by CAS and mailbox servers.
fn rpc_port_fields<T: Clone + 'static>(form: &Form<T>, ports: RpcPorts, get: fn(&mut T) -> &mut RpcPorts) -> Html {
    let (rpc, ab) = static_ports(&ports);
    html! {
        <>
            <SelectField label="RPC ports" value={rpc_mode(&ports)} options={enum_options(&[("dynamic", "Dynamic 6005–59530"), ("static", "Static (registry)")])}
                on_commit={form.bind(move |o, v| {
                    *get(o) = if v == "static" { RpcPorts::Static { rpc_client_access: 59531, address_book: 59532 } } else { RpcPorts::Dynamic };
                    Ok(())
                })} />
            if matches!(ports, RpcPorts::Static { .. }) {
                <TextField label="RPC Client Access port" value={rpc.to_string()} help="ExBPA: 59531–60554 (§2)"
                    on_commit={form.bind(move |o, v| { let p = parse::number(&v, 1u16, 65535)?; if let RpcPorts::Static { rpc_client_access, .. } = get(o) { *rpc_client_access = p; } Ok(()) })} />
                <TextField label="Address Book port" value={ab.to_string()}
                    on_commit={form.bind(move |o, v| { let p = parse::number(&v, 1u16, 65535)?; if let RpcPorts::Static { address_book, .. } = get(o) { *address_book = p; } Ok(()) })} />
            }
        </>
    }
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let editor = use_editor();
    let s = &props.scenario.0;
    let id = props.id.to_string();
    let error = editor.error.as_ref().filter(|e| e.object.as_deref() == Some(id.as_str())).map(|e| e.message.clone());
    let body = if id == "scenario" { info_form(&editor, s) } else { object_form(&editor, s, &id) };
    html! {
        <div class="inspector" data-testid="inspector">
            if let Some(msg) = error {
                <p class="form-error" role="alert">{ format!("Not applied: {msg}") }</p>
            }
            { body }
            if id != "scenario" {
                <DeleteButton scenario={props.scenario.clone()} id={id.clone()} />
            }
        </div>
    }
}

fn info_form(editor: &crate::ui::state::EditorHandle, s: &Scenario) -> Html {
    let info = (s.name.clone(), s.description.clone(), s.organisation.clone());
    let form = Form::new(editor, &info, "scenario", |(name, description, organisation)| Edit::SetInfo { name, description, organisation });
    let ad = Form::new(editor, &s.autodiscover, "scenario", |autodiscover| Edit::SetAutodiscover { autodiscover });
    let perimeter = Form::new(editor, &s.perimeter.default_action, "scenario", |action| Edit::SetPerimeterDefault { action });
    html! {
        <>
            <TextField label="Design name" value={s.name.clone()} on_commit={form.bind(|o, v| { o.0 = parse::not_empty(&v)?; Ok(()) })} />
            <TextField label="Organisation" value={s.organisation.clone()} on_commit={form.bind(|o, v| { o.2 = v; Ok(()) })} />
            <TextField label="Description" value={s.description.clone()} on_commit={form.bind(|o, v| { o.1 = v; Ok(()) })} />
            <TextField label="SMTP domain" value={s.autodiscover.smtp_domain.clone()} mono=true on_commit={ad.bind(|o, v| { o.smtp_domain = if v.trim().is_empty() { String::new() } else { parse::dns_name(&v)? }; Ok(()) })} />
            <TextField label="Autodiscover DNS names" value={s.autodiscover.dns_names.join(", ")} mono=true help="Comma-separated (§6)"
                on_commit={ad.bind(|o, v| { o.dns_names = v.split(',').map(str::trim).filter(|n| !n.is_empty()).map(parse::dns_name).collect::<Result<_, _>>()?; Ok(()) })} />
            <SelectField label="Perimeter: anything not matched by a rule" value={action_value(s.perimeter.default_action)} options={action_options()} testid="perimeter-default"
                on_commit={perimeter.bind(|o, v| { *o = action_from(&v); Ok(()) })} />
        </>
    }
}

fn action_options() -> Options {
    enum_options(&[("allow", "Allow"), ("drop", "DROP (silently)"), ("reject-rst", "REJECT with RST"), ("icmp-unreachable", "REJECT with ICMP unreachable")])
}

fn action_value(a: PerimeterAction) -> &'static str {
    match a {
        PerimeterAction::Allow => "allow",
        PerimeterAction::Drop => "drop",
        PerimeterAction::RejectRst => "reject-rst",
        PerimeterAction::IcmpUnreachable => "icmp-unreachable",
    }
}

fn action_from(v: &str) -> PerimeterAction {
    match v {
        "allow" => PerimeterAction::Allow,
        "reject-rst" => PerimeterAction::RejectRst,
        "icmp-unreachable" => PerimeterAction::IcmpUnreachable,
        _ => PerimeterAction::Drop,
    }
}

fn object_form(editor: &crate::ui::state::EditorHandle, s: &Scenario, id: &str) -> Html {
    for site in &s.sites {
        let sid = site.id.clone();
        if site.id == id {
            let form = Form::new(editor, &site.name, id, {
                let sid = sid.clone();
                move |name| Edit::UpsertSite { id: sid.clone(), name }
            });
            return html! { <TextField label="Site name" value={site.name.clone()} on_commit={form.bind(|o, v| { *o = parse::not_empty(&v)?; Ok(()) })} /> };
        }
        if let Some(cas) = site.cas_servers.iter().find(|x| x.id == id) {
            let form = Form::new(editor, cas, id, move |cas| Edit::UpsertCas { site: sid.clone(), cas });
            let oa = &cas.outlook_anywhere;
            return html! {
                <>
                    <TextField label="Name" value={cas.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
                    <TextField label="FQDN" value={cas.fqdn.clone()} mono=true on_commit={form.bind(|o, v| { o.fqdn = parse::dns_name(&v)?; Ok(()) })} />
                    <TextField label="IP address" value={cas.ip.to_string()} mono=true testid="cas-ip" on_commit={form.bind(|o, v| { o.ip = parse::ip(&v)?; Ok(()) })} />
                    { rpc_port_fields(&form, cas.rpc_ports, |c: &mut CasServer| &mut c.rpc_ports) }
                    <CheckField label="Outlook Anywhere enabled" checked={oa.enabled} on_commit={form.flag(|o, b| o.outlook_anywhere.enabled = b)} />
                    <TextField label="Outlook Anywhere external hostname" value={oa.external_hostname.clone()} mono=true
                        on_commit={form.bind(|o, v| { o.outlook_anywhere.external_hostname = if v.trim().is_empty() { String::new() } else { parse::dns_name(&v)? }; Ok(()) })} />
                    <TextField label="Internal HTTPS hostname (optional)" value={oa.internal_hostname.clone()} mono=true
                        on_commit={form.bind(|o, v| { o.outlook_anywhere.internal_hostname = if v.trim().is_empty() { String::new() } else { parse::dns_name(&v)? }; Ok(()) })} />
                    <SelectField label="Outlook Anywhere authentication" value={oa.auth.label().to_lowercase()} options={enum_options(&[("basic", "Basic"), ("ntlm", "NTLM"), ("negotiate", "Negotiate")])}
                        on_commit={form.bind(|o, v| { o.outlook_anywhere.auth = match v.as_str() { "ntlm" => OaAuth::Ntlm, "negotiate" => OaAuth::Negotiate, _ => OaAuth::Basic }; Ok(()) })} />
                    <CheckField label="Push HTTP first (ServerExclusiveConnect)" checked={oa.server_exclusive_connect} help="Inferred to set the 0x8 flag; not documented (§4)"
                        on_commit={form.flag(|o, b| o.outlook_anywhere.server_exclusive_connect = b)} />
                    <TextField label="Autodiscover SCP URL" value={cas.autodiscover_scp_url.clone()} mono=true on_commit={form.bind(|o, v| { o.autodiscover_scp_url = v.trim().to_string(); Ok(()) })} />
                </>
            };
        }
        if let Some(array) = site.arrays.iter().find(|x| x.id == id) {
            let form = Form::new(editor, array, id, move |array| Edit::UpsertArray { site: sid.clone(), array });
            let all_cas: Vec<&CasServer> = s.sites.iter().flat_map(|x| x.cas_servers.iter()).collect();
            let lb = array.load_balancer.clone();
            return html! {
                <>
                    <TextField label="Name" value={array.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} help="At most 64 characters (§1)" />
                    <TextField label="FQDN (what RPC/TCP clients connect to)" value={array.fqdn.clone()} mono=true testid="array-fqdn"
                        on_commit={form.bind(|o, v| { o.fqdn = parse::dns_name(&v)?; Ok(()) })} help="Resolve it in internal DNS only (seed post)" />
                    <fieldset class="field-group">
                        <legend>{ "Members" }</legend>
                        { for all_cas.iter().map(|c| {
                            let cid = c.id.clone();
                            html! { <CheckField label={c.name.clone()} checked={array.members.contains(&c.id)}
                                on_commit={form.flag(move |o, b| { o.members.retain(|m| *m != cid); if b { o.members.push(cid.clone()); } })} /> }
                        }) }
                    </fieldset>
                    <CheckField label="Behind a load balancer" checked={lb.is_some()}
                        on_commit={form.flag(|o, b| o.load_balancer = if b { Some(LoadBalancer { vip: [10, 0, 0, 100].into(), forwarded_ports: vec![PortRange::single(EPM_PORT), PortRange::single(HTTPS_PORT), DYNAMIC_RPC_RANGE], unforwarded: PerimeterAction::Drop }) } else { None })} />
                    if let Some(lb) = lb {
                        <TextField label="VIP" value={lb.vip.to_string()} mono=true on_commit={form.bind(|o, v| { let ip = parse::ip(&v)?; if let Some(lb) = &mut o.load_balancer { lb.vip = ip; } Ok(()) })} />
                        <TextField label="Forwarded TCP ports" value={parse::port_list(&lb.forwarded_ports)} mono=true testid="lb-ports"
                            help="135 plus 6005-59530 or both static ports, and 443 (§2)"
                            on_commit={form.bind(|o, v| { let p = parse::ports(&v)?; if let Some(lb) = &mut o.load_balancer { lb.forwarded_ports = p; } Ok(()) })} />
                        <SelectField label="Other ports" value={action_value(lb.unforwarded)} options={action_options()}
                            on_commit={form.bind(|o, v| { if let Some(lb) = &mut o.load_balancer { lb.unforwarded = action_from(&v); } Ok(()) })} />
                    }
                </>
            };
        }
        if let Some(m) = site.mailbox_servers.iter().find(|x| x.id == id) {
            let form = Form::new(editor, m, id, move |server| Edit::UpsertMailboxServer { site: sid.clone(), server });
            return html! {
                <>
                    <TextField label="Name" value={m.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
                    <TextField label="FQDN" value={m.fqdn.clone()} mono=true on_commit={form.bind(|o, v| { o.fqdn = parse::dns_name(&v)?; Ok(()) })} />
                    <TextField label="IP address" value={m.ip.to_string()} mono=true on_commit={form.bind(|o, v| { o.ip = parse::ip(&v)?; Ok(()) })} />
                    { rpc_port_fields(&form, m.rpc_ports, |c: &mut MailboxServer| &mut c.rpc_ports) }
                </>
            };
        }
        if let Some(db) = site.databases.iter().find(|x| x.id == id) {
            let form = Form::new(editor, db, id, move |database| Edit::UpsertDatabase { site: sid.clone(), database });
            let servers = options(s.sites.iter().flat_map(|x| x.mailbox_servers.iter()), |m| (m.id.clone(), m.name.clone()));
            let mut pfs = vec![(String::new(), "(none)".to_string())];
            pfs.extend(s.sites.iter().flat_map(|x| x.public_folder_databases.iter()).map(|p| (p.id.clone(), p.name.clone())));
            return html! {
                <>
                    <TextField label="Name" value={db.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
                    <SelectField label="Mounted on" value={db.server.clone()} options={servers} on_commit={form.bind(|o, v| { o.server = v; Ok(()) })} />
                    <TextField label="RpcClientAccessServer" value={db.rpc_client_access_server.clone()} mono=true testid="db-rcas"
                        help="The profile's home server: the site's array FQDN (§1)"
                        on_commit={form.bind(|o, v| { o.rpc_client_access_server = if v.trim().is_empty() { String::new() } else { parse::dns_name(&v)? }; Ok(()) })} />
                    <SelectField label="Exchange version" value={serde_json::to_value(db.exchange_version).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()}
                        options={enum_options(&[("2010", "Exchange 2010"), ("2013", "Exchange 2013"), ("2016", "Exchange 2016")])}
                        on_commit={form.bind(|o, v| { o.exchange_version = serde_json::from_value(serde_json::Value::String(v)).map_err(|e| e.to_string())?; Ok(()) })} />
                    <SelectField label="Public-folder database" value={db.public_folder_database.clone().unwrap_or_default()} options={Rc::new(pfs)}
                        on_commit={form.bind(|o, v| { o.public_folder_database = (!v.is_empty()).then_some(v); Ok(()) })} />
                </>
            };
        }
        if let Some(pf) = site.public_folder_databases.iter().find(|x| x.id == id) {
            let form = Form::new(editor, pf, id, move |database| Edit::UpsertPublicFolderDatabase { site: sid.clone(), database });
            let servers = options(s.sites.iter().flat_map(|x| x.mailbox_servers.iter()), |m| (m.id.clone(), m.name.clone()));
            return html! {
                <>
                    <TextField label="Name" value={pf.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
                    <SelectField label="On mailbox server" value={pf.server.clone()} options={servers} on_commit={form.bind(|o, v| { o.server = v; Ok(()) })} />
                </>
            };
        }
    }
    for view in &s.dns_views {
        if view.id == id {
            let form = Form::new(editor, view, id, |view| Edit::UpsertDnsView { view });
            let mut fwd = vec![(String::new(), "(none)".to_string())];
            fwd.extend(s.dns_views.iter().filter(|v| v.id != view.id).map(|v| (v.id.clone(), v.name.clone())));
            return html! {
                <>
                    <TextField label="Name" value={view.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
                    <SelectField label="Forwards other names to" value={view.forwards_to.clone().unwrap_or_default()} options={Rc::new(fwd)}
                        on_commit={form.bind(|o, v| { o.forwards_to = (!v.is_empty()).then_some(v); Ok(()) })} />
                    <TextField label="NXDOMAIN redirection to (optional)" value={view.nxdomain_redirect.map(|i| i.to_string()).unwrap_or_default()} mono=true
                        help="Hotel/ISP resolvers answer missing names with their own address (§5)"
                        on_commit={form.bind(|o, v| { o.nxdomain_redirect = parse::optional_ip(&v)?; Ok(()) })} />
                    <CheckField label="The DNS server answers" checked={view.responds} help="Unchecked: clients wait 10 s (§5)" on_commit={form.flag(|o, b| o.responds = b)} />
                </>
            };
        }
        for zone in &view.zones {
            if zone.id == id {
                let (vid, zid) = (view.id.clone(), zone.id.clone());
                let form = Form::new(editor, &zone.name, id, move |name| Edit::UpsertDnsZone { view: vid.clone(), id: zid.clone(), name });
                return html! { <TextField label="Zone (apex)" value={zone.name.clone()} mono=true on_commit={form.bind(|o, v| { *o = parse::dns_name(&v)?; Ok(()) })} /> };
            }
            if let Some(r) = zone.records.iter().find(|r| r.id == id) {
                let zid = zone.id.clone();
                let form = Form::new(editor, r, id, move |record| Edit::UpsertDnsRecord { zone: zid.clone(), record });
                let value = match &r.data {
                    RecordData::A { address } => address.to_string(),
                    RecordData::Cname { target } => target.clone(),
                    RecordData::Srv { target, port, .. } => format!("{target}:{port}"),
                };
                return html! {
                    <>
                        <TextField label="Name" value={r.name.clone()} mono=true testid="record-name" help="*.zone for a wildcard"
                            on_commit={form.bind(|o, v| { cas_planner_core::validate::check_dns_name(v.trim(), true)?; o.name = v.trim().to_string(); Ok(()) })} />
                        <SelectField label="Type" value={r.data.type_name()} options={enum_options(&[("A", "A"), ("CNAME", "CNAME"), ("SRV", "SRV")])}
                            on_commit={form.bind(|o, v| {
                                o.data = match v.as_str() {
                                    "CNAME" => RecordData::Cname { target: format!("target.{}", o.name.trim_start_matches("*.")) },
                                    "SRV" => RecordData::Srv { target: format!("target.{}", o.name.trim_start_matches("*.")), port: 443, priority: 0, weight: 0 },
                                    _ => RecordData::A { address: [192, 0, 2, 1].into() },
                                };
                                Ok(())
                            })} />
                        <TextField label={match r.data { RecordData::A { .. } => "Address", RecordData::Cname { .. } => "Target", RecordData::Srv { .. } => "Target:port" }}
                            value={value} mono=true
                            on_commit={form.bind(|o, v| {
                                o.data = match &o.data {
                                    RecordData::A { .. } => RecordData::A { address: parse::ip(&v)? },
                                    RecordData::Cname { .. } => RecordData::Cname { target: parse::dns_name(&v)? },
                                    RecordData::Srv { priority, weight, .. } => {
                                        let (t, p) = v.rsplit_once(':').ok_or("enter target:port, e.g. mail.mycompany.com:443")?;
                                        RecordData::Srv { target: parse::dns_name(t)?, port: parse::number(p, 1u16, 65535)?, priority: *priority, weight: *weight }
                                    }
                                };
                                Ok(())
                            })} />
                    </>
                };
            }
        }
    }
    if let Some(z) = s.network_zones.iter().find(|z| z.id == id) {
        let form = Form::new(editor, z, id, |zone| Edit::UpsertNetworkZone { zone });
        let first_site = s.sites.first().map(|x| x.id.clone()).unwrap_or_default();
        let (kind, site) = match &z.kind {
            ZoneKind::Site { site } => ("site", site.clone()),
            ZoneKind::Vpn { site } => ("vpn", site.clone()),
            ZoneKind::Internet => ("internet", String::new()),
        };
        let sites = options(s.sites.iter(), |x| (x.id.clone(), x.name.clone()));
        return html! {
            <>
                <TextField label="Name" value={z.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
                <SelectField label="Where" value={kind} options={enum_options(&[("site", "On a site's LAN"), ("vpn", "VPN into a site"), ("internet", "On the Internet")])}
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
                    on_commit={form.bind(|o, v| { o.rtt_ms = Some(parse::number(&v, 0u32, 10_000)?); Ok(()) })} />
            </>
        };
    }
    if let Some(r) = s.perimeter.rules.iter().find(|r| r.id == id) {
        let form = Form::new(editor, r, id, |rule| Edit::UpsertPerimeterRule { rule });
        return html! {
            <>
                <TextField label="Name" value={r.name.clone()} on_commit={form.bind(|o, v| { o.name = v.trim().to_string(); Ok(()) })} />
                <TextField label="Public destination address" value={r.destination.to_string()} mono=true on_commit={form.bind(|o, v| { o.destination = parse::ip(&v)?; Ok(()) })} />
                <TextField label="Ports" value={parse::port_list(std::slice::from_ref(&r.ports))} mono=true
                    on_commit={form.bind(|o, v| { let p = parse::ports(&v)?; match p.as_slice() { [one] => { o.ports = *one; Ok(()) } _ => Err("enter one port or range".into()) } })} />
                <SelectField label="Action" value={action_value(r.action)} options={action_options()} testid="rule-action"
                    on_commit={form.bind(|o, v| { o.action = action_from(&v); Ok(()) })} />
                <TextField label="Translate to (NAT, optional)" value={r.translate_to.map(|i| i.to_string()).unwrap_or_default()} mono=true
                    on_commit={form.bind(|o, v| { o.translate_to = parse::optional_ip(&v)?; Ok(()) })} />
            </>
        };
    }
    if let Some(p) = s.timing_presets.iter().find(|p| p.id == id) {
        let form = Form::new(editor, p, id, |preset| Edit::UpsertTimingPreset { preset });
        return html! {
            <>
                <TextField label="Name" value={p.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
                <TextField label="Initial SYN timeout (ms)" value={p.initial_rto_ms.to_string()} help="Doubles on each retry (§3)"
                    on_commit={form.bind(|o, v| { o.initial_rto_ms = parse::number(&v, 1u32, 60_000)?; Ok(()) })} />
                <TextField label="SYN retransmissions" value={p.max_syn_retransmissions.to_string()}
                    on_commit={form.bind(|o, v| { o.max_syn_retransmissions = parse::number(&v, 0u8, 10)?; Ok(()) })} />
                <TextField label="Connect ceiling (ms, empty for none)" value={p.connect_ceiling_ms.map(|c| c.to_string()).unwrap_or_default()} help="Modern Windows: 21 s (§3, C15)"
                    on_commit={form.bind(|o, v| { o.connect_ceiling_ms = if v.trim().is_empty() { None } else { Some(parse::number(&v, 1u32, 600_000)?) }; Ok(()) })} />
                <TextField label="Time to fail after RST (ms)" value={p.rst_fail_ms.to_string()} help="Measured 2 s (§3, C14)"
                    on_commit={form.bind(|o, v| { o.rst_fail_ms = parse::number(&v, 0u32, 60_000)?; Ok(()) })} />
                <CheckField label="ICMP unreachable aborts the connect" checked={p.icmp_aborts_connect} help="Undocumented; default off (§3, §8)"
                    on_commit={form.flag(|o, b| o.icmp_aborts_connect = b)} />
            </>
        };
    }
    if let Some(c) = s.clients.iter().find(|c| c.id == id) {
        let form = Form::new(editor, c, id, |client| Edit::UpsertClient { client });
        let zones = options(s.network_zones.iter(), |z| (z.id.clone(), z.name.clone()));
        let views = options(s.dns_views.iter(), |v| (v.id.clone(), v.name.clone()));
        let dbs = options(s.sites.iter().flat_map(|x| x.databases.iter()), |d| (d.id.clone(), d.name.clone()));
        let presets = options(s.timing_presets.iter(), |p| (p.id.clone(), p.name.clone()));
        let outlook = serde_json::to_value(c.outlook_version).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        return html! {
            <>
                <TextField label="Name" value={c.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
                <SelectField label="Network location" value={c.location.clone()} options={zones} on_commit={form.bind(|o, v| { o.location = v; Ok(()) })} />
                <SelectField label="Resolves in DNS view" value={c.dns_view.clone()} options={views} testid="client-view" on_commit={form.bind(|o, v| { o.dns_view = v; Ok(()) })} />
                <SelectField label="Mailbox database" value={c.mailbox_database.clone()} options={dbs} on_commit={form.bind(|o, v| { o.mailbox_database = v; Ok(()) })} />
                <SelectField label="Windows TCP timing" value={c.os_timing.clone()} options={presets} on_commit={form.bind(|o, v| { o.os_timing = v; Ok(()) })} />
                <SelectField label="Outlook" value={outlook} options={enum_options(&[("2007", "Outlook 2007"), ("2010", "Outlook 2010"), ("2013", "Outlook 2013"), ("2016", "Outlook 2016")])}
                    on_commit={form.bind(|o, v| { o.outlook_version = serde_json::from_value(serde_json::Value::String(v)).map_err(|e| e.to_string())?; Ok(()) })} />
                <CheckField label="Outlook Anywhere in the profile" checked={c.outlook_anywhere} on_commit={form.flag(|o, b| o.outlook_anywhere = b)} />
                <CheckField label="On fast networks, connect using HTTP first (0x8)" checked={c.http_first_on_fast} help="Exchange 2010 default: off (§4)" on_commit={form.flag(|o, b| o.http_first_on_fast = b)} />
                <CheckField label="On slow networks, connect using HTTP first (0x20)" checked={c.http_first_on_slow} help="Exchange 2010 default: on (§4)" on_commit={form.flag(|o, b| o.http_first_on_slow = b)} />
                <TextField label="Link speed (kbit/s)" value={c.link_kbps.to_string()} help="Above 128 counts as fast (§4)" testid="client-link"
                    on_commit={form.bind(|o, v| { o.link_kbps = parse::number(&v, 1u32, 100_000_000)?; Ok(()) })} />
                <CheckField label="Domain-joined" checked={c.domain_joined} on_commit={form.flag(|o, b| o.domain_joined = b)} />
                <TextField label="RPC bind attempts k" value={c.rpc_bind_attempts.to_string()} help="Undocumented; 1–2 (§8 step 4)"
                    on_commit={form.bind(|o, v| { o.rpc_bind_attempts = parse::number(&v, 1u8, 2)?; Ok(()) })} />
                <TextField label="HTTPS setup time (ms)" value={c.oa_setup_ms.to_string()} help="TLS + auth; capped at 45 s (§4, §8)"
                    on_commit={form.bind(|o, v| { o.oa_setup_ms = parse::number(&v, 0u32, 600_000)?; Ok(()) })} />
            </>
        };
    }
    html! { <p>{ "This object no longer exists." }</p> }
}

#[derive(Properties, PartialEq)]
struct DeleteProps {
    scenario: Shared<Scenario>,
    id: String,
}

/// Delete with a confirmation listing what goes with the object; a site may
/// instead hand its servers and databases to another site.
#[component]
fn DeleteButton(props: &DeleteProps) -> Html {
    let editor = use_editor();
    let confirming = use_state(|| false);
    let s = &props.scenario.0;
    let kind = s.kind_of(&props.id);
    let dependants = if *confirming { s.dependants(&props.id) } else { Vec::new() };
    let delete = {
        let (editor, id, confirming) = (editor.clone(), props.id.clone(), confirming.clone());
        Callback::from(move |_| {
            confirming.set(false);
            editor.dispatch(Action::Edit { edit: Edit::Delete { id: id.clone() }, object: Some(id.clone()) });
        })
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(false))
    };
    let label = kind.map(|k| k.label()).unwrap_or("object");
    if !*confirming {
        return html! { <button type="button" class="danger" onclick={ask} data-testid="delete">{ format!("Delete this {label}…") }</button> };
    }
    let other_sites: Vec<&Site> = if kind == Some(ObjectKind::Site) { s.sites.iter().filter(|x| x.id != props.id).collect() } else { Vec::new() };
    html! {
        <div class="confirm" role="alertdialog" aria-label={format!("Delete this {label}")}>
            if dependants.is_empty() {
                <p>{ format!("Delete this {label}? Nothing else depends on it. Undo brings it back.") }</p>
            } else {
                <p>{ format!("Deleting this {label} also deletes {} object(s) that cannot exist without it:", dependants.len()) }</p>
                <ul class="dependants">{ for dependants.iter().take(12).map(|d| html! { <li>{ d.name.clone() }</li> }) }</ul>
                if dependants.len() > 12 { <p>{ format!("…and {} more.", dependants.len() - 12) }</p> }
            }
            <div class="confirm-actions">
                { for other_sites.iter().map(|target| {
                    let (editor, id, to, confirming) = (editor.clone(), props.id.clone(), target.id.clone(), confirming.clone());
                    let onclick = Callback::from(move |_| {
                        confirming.set(false);
                        editor.dispatch(Action::Edit { edit: Edit::DeleteSiteMovingContents { id: id.clone(), to: to.clone() }, object: Some(id.clone()) });
                    });
                    html! { <button type="button" {onclick}>{ format!("Move its servers to {} and delete the site", target.name) }</button> }
                }) }
                <button type="button" class="danger" onclick={delete} data-testid="confirm-delete">{ if dependants.is_empty() { "Delete".to_string() } else { format!("Delete all {}", dependants.len() + 1) } }</button>
                <button type="button" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}
