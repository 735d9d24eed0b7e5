//! Forms for a site and what it holds: CAS servers, the CAS array and its
//! load balancer, mailbox servers, mailbox and public-folder databases.

use super::super::fields::{parse, CheckField, Form, SelectField, TextField};
use super::{choice, choices, gone, options, rpc_port_fields, FormProps};
use crate::ui::state::use_editor;
use cas_planner_core::edit::Edit;
use cas_planner_core::model::*;
use cas_planner_core::objects::Object;
use cas_planner_core::rules;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn SiteForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::Site(site)) = props.object() else {
        return gone();
    };
    let sid = site.id.clone();
    let form = Form::new(&editor, &site.name, props.selection(), move |name| {
        Edit::UpsertSite {
            id: sid.clone(),
            name,
        }
    });
    html! { <TextField label="Site name" value={site.name.clone()} on_commit={form.bind(|o, v| { *o = parse::not_empty(&v)?; Ok(()) })} /> }
}

#[component]
pub fn CasForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::Cas(site, cas)) = props.object() else {
        return gone();
    };
    let sid = site.id.clone();
    let form = Form::new(&editor, cas, props.selection(), move |cas| {
        Edit::UpsertCas {
            site: sid.clone(),
            cas,
        }
    });
    let oa = &cas.outlook_anywhere;
    html! {
        <>
            <TextField label="Name" value={cas.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
            <TextField label="FQDN" value={cas.fqdn.clone()} mono=true on_commit={form.bind(|o, v| { o.fqdn = parse::dns_name(&v)?; Ok(()) })} />
            <TextField label="IP address" value={cas.ip.to_string()} mono=true testid="cas-ip" on_commit={form.bind(|o, v| { o.ip = parse::ip(&v)?; Ok(()) })} />
            <SelectField label="Exchange version" value={cas.exchange_version.as_str()} options={choices::<ExchangeVersion>()} testid="cas-version"
                help="Serves mailboxes of its version and proxies down to older ones; 2013 and later have no RPC/TCP endpoint (§10 serve 1, 4). A build of another version is cleared"
                on_commit={form.bind(|o, v| {
                    o.exchange_version = choice(&v)?;
                    // A build names its version: one of the old version no longer applies.
                    if rules::check_build(&o.build, o.exchange_version).is_err() { o.build.clear(); }
                    Ok(())
                })} />
            // The build's rule is the core's (`rules::check_build`), checked when the edit applies.
            <TextField label="Build (optional)" value={cas.build.clone()} mono=true testid="cas-build" placeholder="current build"
                help={build_help(cas.exchange_version)}
                on_commit={form.bind(|o, v| { o.build = v.trim().to_string(); Ok(()) })} />
            { rpc_port_fields(&form, cas.rpc_ports, |c: &mut CasServer| &mut c.rpc_ports) }
            <CheckField label="Outlook Anywhere enabled" checked={oa.enabled} on_commit={form.flag(|o, b| o.outlook_anywhere.enabled = b)} />
            <TextField label="Outlook Anywhere external hostname" value={oa.external_hostname.clone()} mono=true
                on_commit={form.bind(|o, v| { o.outlook_anywhere.external_hostname = if v.trim().is_empty() { String::new() } else { parse::dns_name(&v)? }; Ok(()) })} />
            <TextField label="Internal HTTPS hostname (optional)" value={oa.internal_hostname.clone()} mono=true
                on_commit={form.bind(|o, v| { o.outlook_anywhere.internal_hostname = if v.trim().is_empty() { String::new() } else { parse::dns_name(&v)? }; Ok(()) })} />
            <SelectField label="Outlook Anywhere authentication" value={oa.auth.as_str()} options={choices::<OaAuth>()}
                on_commit={form.bind(|o, v| { o.outlook_anywhere.auth = choice(&v)?; Ok(()) })} />
            <CheckField label="Push HTTP first (ServerExclusiveConnect)" checked={oa.server_exclusive_connect} help="Inferred to set the 0x8 flag; not documented (§4)"
                on_commit={form.flag(|o, b| o.outlook_anywhere.server_exclusive_connect = b)} />
            <TextField label="Autodiscover SCP URL" value={cas.autodiscover_scp_url.clone()} mono=true help="AutoDiscoverServiceInternalUri; empty: no SCP URL (§6 scp 2, scp 5)"
                on_commit={form.bind(|o, v| { o.autodiscover_scp_url = v.trim().to_string(); Ok(()) })} />
            <TextField label="AutoDiscoverSiteScope" value={cas.autodiscover_site_scope.join(", ")} testid="cas-site-scope"
                help="AD sites its SCP URL is authoritative for, comma-separated; empty: no Site= keyword (§6 scp 4–5)"
                on_commit={form.bind(|o, v| { o.autodiscover_site_scope = site_names(&v)?; Ok(()) })} />
            <TextField label="Certificate names" value={cas.certificate_names.join(", ")} mono=true testid="cas-cert-names"
                help="The names its HTTPS certificate carries, as a load balancer's VIP in front of it does; *.domain covers one label (§6 https 2)"
                on_commit={form.bind(|o, v| { o.certificate_names = parse::name_list(&v, true)?; Ok(()) })} />
        </>
    }
}

/// What the build field takes for `version`, and why it matters (§10 version 3).
fn build_help(version: ExchangeVersion) -> String {
    let example = match version {
        ExchangeVersion::V2010 => "14.3.123.4",
        ExchangeVersion::V2013 => "15.0.847.32",
        ExchangeVersion::V2016 => "15.1.2507.6",
        ExchangeVersion::V2019 | ExchangeVersion::Se => "15.2.1118.7",
    };
    let mut help = format!(
        "AdminDisplayVersion or ExSetup's four numbers, e.g. {example}; empty: a current build"
    );
    if version == ExchangeVersion::V2013 {
        help.push_str(". Before 15.0.847.32 (SP1) it offers no MAPI/HTTP (§10 version 3)");
    }
    help
}

/// "HQ, Branch" → AD site names, each as `AutoDiscoverSiteScope` holds them
/// (`rules::check_site_name`); empty entries dropped.
fn site_names(text: &str) -> Result<Vec<String>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| rules::check_site_name(n).map(|()| n.to_string()))
        .collect()
}

#[component]
pub fn ArrayForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::Array(site, array)) = props.object() else {
        return gone();
    };
    let sid = site.id.clone();
    let form = Form::new(&editor, array, props.selection(), move |array| {
        Edit::UpsertArray {
            site: sid.clone(),
            array,
        }
    });
    let all_cas: Vec<&CasServer> = props
        .scenario
        .0
        .sites
        .iter()
        .flat_map(|x| x.cas_servers.iter())
        .collect();
    let lb = array.load_balancer.clone();
    // Owned for the load balancer's default: what the members need (§2 step 5).
    let cas: Vec<CasServer> = all_cas.iter().map(|c| (*c).clone()).collect();
    html! {
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
                on_commit={form.flag(move |o, b| o.load_balancer = b.then(|| LoadBalancer { vip: [10, 0, 0, 100].into(), forwarded_ports: assumed_vip_forwarding(cas.iter().filter(|c| o.members.contains(&c.id))), unforwarded: PerimeterAction::Drop }))} />
            if let Some(lb) = lb {
                <TextField label="VIP" value={lb.vip.to_string()} mono=true on_commit={form.bind(|o, v| { let ip = parse::ip(&v)?; if let Some(lb) = &mut o.load_balancer { lb.vip = ip; } Ok(()) })} />
                <TextField label="Forwarded TCP ports" value={parse::port_list(&lb.forwarded_ports)} mono=true testid="lb-ports"
                    help="135 plus 6005-59530 or both static ports, and 443 (§2)"
                    on_commit={form.bind(|o, v| { let p = parse::ports(&v)?; if let Some(lb) = &mut o.load_balancer { lb.forwarded_ports = p; } Ok(()) })} />
                <SelectField label="Other ports" value={lb.unforwarded.as_str()} options={choices::<PerimeterAction>()}
                    on_commit={form.bind(|o, v| { if let Some(lb) = &mut o.load_balancer { lb.unforwarded = choice(&v)?; } Ok(()) })} />
            }
        </>
    }
}

#[component]
pub fn MailboxServerForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::MailboxServer(site, m)) = props.object() else {
        return gone();
    };
    let sid = site.id.clone();
    let form = Form::new(&editor, m, props.selection(), move |server| {
        Edit::UpsertMailboxServer {
            site: sid.clone(),
            server,
        }
    });
    html! {
        <>
            <TextField label="Name" value={m.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
            <TextField label="FQDN" value={m.fqdn.clone()} mono=true on_commit={form.bind(|o, v| { o.fqdn = parse::dns_name(&v)?; Ok(()) })} />
            <TextField label="IP address" value={m.ip.to_string()} mono=true on_commit={form.bind(|o, v| { o.ip = parse::ip(&v)?; Ok(()) })} />
            { rpc_port_fields(&form, m.rpc_ports, |c: &mut MailboxServer| &mut c.rpc_ports) }
        </>
    }
}

/// The design's mailbox servers, for "mounted on" selects.
fn mailbox_servers(s: &Scenario) -> super::Options {
    options(s.sites.iter().flat_map(|x| x.mailbox_servers.iter()), |m| {
        (m.id.clone(), m.name.clone())
    })
}

#[component]
pub fn DatabaseForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::Database(site, db)) = props.object() else {
        return gone();
    };
    let s = &props.scenario.0;
    let sid = site.id.clone();
    let form = Form::new(&editor, db, props.selection(), move |database| {
        Edit::UpsertDatabase {
            site: sid.clone(),
            database,
        }
    });
    let mut pfs = vec![(String::new(), "(none)".to_string())];
    pfs.extend(
        s.sites
            .iter()
            .flat_map(|x| x.public_folder_databases.iter())
            .map(|p| (p.id.clone(), p.name.clone())),
    );
    html! {
        <>
            <TextField label="Name" value={db.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
            <SelectField label="Mounted on" value={db.server.clone()} options={mailbox_servers(s)} on_commit={form.bind(|o, v| { o.server = v; Ok(()) })} />
            <TextField label="RpcClientAccessServer" value={db.rpc_client_access_server.clone()} mono=true testid="db-rcas"
                help="The profile's home server: the site's array FQDN (§1)"
                on_commit={form.bind(|o, v| { o.rpc_client_access_server = if v.trim().is_empty() { String::new() } else { parse::dns_name(&v)? }; Ok(()) })} />
            <SelectField label="Exchange version" value={db.exchange_version.as_str()} options={choices::<ExchangeVersion>()} testid="db-version"
                help="2013 and later: no RPC/TCP; Outlook takes MAPI/HTTP or RPC/HTTP, through a CAS of its version or newer (§10 protocol 1, serve 4)"
                on_commit={form.bind(|o, v| { o.exchange_version = choice(&v)?; Ok(()) })} />
            <SelectField label="Public-folder database" value={db.public_folder_database.clone().unwrap_or_default()} options={Rc::new(pfs)}
                on_commit={form.bind(|o, v| { o.public_folder_database = (!v.is_empty()).then_some(v); Ok(()) })} />
        </>
    }
}

#[component]
pub fn PublicFolderDatabaseForm(props: &FormProps) -> Html {
    let editor = use_editor();
    let Some(Object::PublicFolderDatabase(site, pf)) = props.object() else {
        return gone();
    };
    let sid = site.id.clone();
    let form = Form::new(&editor, pf, props.selection(), move |database| {
        Edit::UpsertPublicFolderDatabase {
            site: sid.clone(),
            database,
        }
    });
    html! {
        <>
            <TextField label="Name" value={pf.name.clone()} on_commit={form.bind(|o, v| { o.name = parse::not_empty(&v)?; Ok(()) })} />
            <SelectField label="On mailbox server" value={pf.server.clone()} options={mailbox_servers(&props.scenario.0)} on_commit={form.bind(|o, v| { o.server = v; Ok(()) })} />
        </>
    }
}
