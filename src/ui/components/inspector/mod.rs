//! The form for the selection: the design's settings, or the selected object
//! with a form component per kind of object. Every field of every model
//! object is editable, with the core's field rules shown next to the field,
//! and deletion shows what goes with the object (and, for a site, offers to
//! move its contents).

mod clients;
mod dns;
mod network;
mod servers;
mod settings;

use super::fields::{parse, Form, SelectField, TextField};
use super::Shared;
use crate::ui::state::{use_editor, Action, Selection};
use cas_planner_core::edit::{Edit, ObjectKind};
use cas_planner_core::model::*;
use cas_planner_core::objects::Object;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub scenario: Shared<Scenario>,
    pub selection: Selection,
}

/// What every object form gets: the design and the id of its object.
#[derive(Properties, PartialEq)]
pub struct FormProps {
    pub scenario: Shared<Scenario>,
    pub id: AttrValue,
}

impl FormProps {
    fn selection(&self) -> Selection {
        Selection::Object(self.id.to_string())
    }

    fn object(&self) -> Option<Object<'_>> {
        self.scenario.0.object(&self.id).map(|e| e.object)
    }
}

type Options = Rc<Vec<(String, String)>>;

/// (value, label) pairs for a select of objects.
fn options<'a, T: 'a>(
    items: impl Iterator<Item = &'a T>,
    f: impl Fn(&T) -> (String, String),
) -> Options {
    Rc::new(items.map(f).collect())
}

/// Every value of a choice field, named as files name it, labelled as forms do.
fn choices<T: Choice>() -> Options {
    Rc::new(
        T::VARIANTS
            .iter()
            .map(|v| (v.as_str().to_string(), v.form_label().to_string()))
            .collect(),
    )
}

/// The choice a select committed.
fn choice<T: Choice>(value: &str) -> Result<T, String> {
    T::parse(value).ok_or_else(|| format!("“{value}” is not one of the choices"))
}

/// A three-way MAPI/HTTP setting's select: `unset` (the value left to
/// someone else), on, off; as `Option<bool>` fields hold it.
fn on_off_options(unset: String) -> Options {
    Rc::new(vec![
        (String::new(), unset),
        ("on".to_string(), "On".to_string()),
        ("off".to_string(), "Off".to_string()),
    ])
}

/// The select's value for an `Option<bool>` setting.
fn on_off_value(setting: Option<bool>) -> &'static str {
    match setting {
        None => "",
        Some(true) => "on",
        Some(false) => "off",
    }
}

/// The setting an on/off select committed.
fn on_off(value: &str) -> Result<Option<bool>, String> {
    match value {
        "" => Ok(None),
        "on" => Ok(Some(true)),
        "off" => Ok(Some(false)),
        _ => Err(format!("“{value}” is not one of the choices")),
    }
}

/// The organisation's MAPI/HTTP as the simulator takes it: on or off, and
/// why (the design's setting, or what setup left, §10 protocol 2).
fn org_mapi_http(s: &Scenario) -> (bool, String) {
    use cas_planner_core::sim::protocol::{org_setting, Flags};
    let (on, reason, _) = org_setting(s, Flags::nominal(&s.ranges));
    (on, reason.text)
}

/// For an object that disappeared between two renders (deleted elsewhere).
fn gone() -> Html {
    html! { <p>{ "This object no longer exists." }</p> }
}

fn static_ports(p: &RpcPorts) -> (u16, u16) {
    match *p {
        RpcPorts::Static {
            rpc_client_access,
            address_book,
        } => (rpc_client_access, address_book),
        RpcPorts::Dynamic => (59531, 59532),
    }
}

/// The three RPC-port fields shared by CAS and mailbox servers.
fn rpc_port_fields<T: Clone + 'static>(
    form: &Form<T>,
    ports: RpcPorts,
    get: fn(&mut T) -> &mut RpcPorts,
) -> Html {
    let (rpc, ab) = static_ports(&ports);
    let modes = Rc::new(vec![
        ("dynamic".to_string(), "Dynamic 6005–59530".to_string()),
        ("static".to_string(), "Static (registry)".to_string()),
    ]);
    html! {
        <>
            <SelectField label="RPC ports" value={ports.mode()} options={modes}
                on_commit={form.bind(move |o, v| {
                    *get(o) = if v == "static" { RpcPorts::Static { rpc_client_access: 59531, address_book: 59532 } } else { RpcPorts::Dynamic };
                    Ok(())
                })} />
            if matches!(ports, RpcPorts::Static { .. }) {
                <TextField label="RPC Client Access port" value={rpc.to_string()} help="ExBPA: 59531–60554 (§2)"
                    on_commit={form.bind(move |o, v| { let p = parse::whole(&v)?; if let RpcPorts::Static { rpc_client_access, .. } = get(o) { *rpc_client_access = p; } Ok(()) })} />
                <TextField label="Address Book port" value={ab.to_string()}
                    on_commit={form.bind(move |o, v| { let p = parse::whole(&v)?; if let RpcPorts::Static { address_book, .. } = get(o) { *address_book = p; } Ok(()) })} />
            }
        </>
    }
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let editor = use_editor();
    let error = editor
        .error
        .as_ref()
        .filter(|e| e.object.as_ref() == Some(&props.selection))
        .map(|e| e.message.clone());
    let scenario = props.scenario.clone();
    let body = match &props.selection {
        Selection::Settings => html! { <settings::SettingsForm scenario={scenario} /> },
        Selection::Object(id) => {
            let id = AttrValue::from(id.clone());
            match props.scenario.0.kind_of(&id) {
                None => gone(),
                Some(ObjectKind::Site) => html! { <servers::SiteForm {scenario} {id} /> },
                Some(ObjectKind::CasServer) => html! { <servers::CasForm {scenario} {id} /> },
                Some(ObjectKind::CasArray) => html! { <servers::ArrayForm {scenario} {id} /> },
                Some(ObjectKind::MailboxServer) => {
                    html! { <servers::MailboxServerForm {scenario} {id} /> }
                }
                Some(ObjectKind::Database) => html! { <servers::DatabaseForm {scenario} {id} /> },
                Some(ObjectKind::PublicFolderDatabase) => {
                    html! { <servers::PublicFolderDatabaseForm {scenario} {id} /> }
                }
                Some(ObjectKind::DnsView) => html! { <dns::ViewForm {scenario} {id} /> },
                Some(ObjectKind::DnsZone) => html! { <dns::ZoneForm {scenario} {id} /> },
                Some(ObjectKind::DnsRecord) => html! { <dns::RecordForm {scenario} {id} /> },
                Some(ObjectKind::NetworkZone) => {
                    html! { <network::NetworkZoneForm {scenario} {id} /> }
                }
                Some(ObjectKind::PerimeterRule) => {
                    html! { <network::PerimeterRuleForm {scenario} {id} /> }
                }
                Some(ObjectKind::TimingPreset) => {
                    html! { <clients::TimingPresetForm {scenario} {id} /> }
                }
                Some(ObjectKind::Client) => html! { <clients::ClientForm {scenario} {id} /> },
                Some(ObjectKind::WebHost) => html! { <network::WebHostForm {scenario} {id} /> },
            }
        }
    };
    html! {
        <div class="inspector" data-testid="inspector">
            if let Some(msg) = error {
                <p class="form-error" role="alert">{ format!("Not applied: {msg}") }</p>
            }
            { body }
            if let Selection::Object(id) = &props.selection {
                <DeleteButton scenario={props.scenario.clone()} id={id.clone()} />
            }
        </div>
    }
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
    let dependants = if *confirming {
        s.dependants(&props.id)
    } else {
        Vec::new()
    };
    let delete = {
        let (editor, id, confirming) = (editor.clone(), props.id.clone(), confirming.clone());
        Callback::from(move |_| {
            confirming.set(false);
            editor.dispatch(Action::Edit {
                edit: Edit::Delete { id: id.clone() },
                object: Some(Selection::Object(id.clone())),
            });
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
    let other_sites: Vec<&Site> = if kind == Some(ObjectKind::Site) {
        s.sites.iter().filter(|x| x.id != props.id).collect()
    } else {
        Vec::new()
    };
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
                        editor.dispatch(Action::Edit { edit: Edit::DeleteSiteMovingContents { id: id.clone(), to: to.clone() }, object: Some(Selection::Object(id.clone())) });
                    });
                    html! { <button type="button" {onclick}>{ format!("Move its servers to {} and delete the site", target.name) }</button> }
                }) }
                <button type="button" class="danger" onclick={delete} data-testid="confirm-delete">{ if dependants.is_empty() { "Delete".to_string() } else { format!("Delete all {}", dependants.len() + 1) } }</button>
                <button type="button" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}
