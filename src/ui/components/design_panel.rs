//! The design as an editable tree: sites and their servers, DNS views, zones
//! and records, the network and perimeter, timing presets and clients. The
//! selected row opens its form; "Add" buttons create objects with defaults.
//! Big lists start collapsed and render in pages so large designs stay fast.

use super::inspector::Inspector;
use super::Shared;
use crate::ui::state::{use_editor, Action, EditorHandle, Selection};
use cas_planner_core::edit::NewObject;
use cas_planner_core::model::*;
use cas_planner_core::objects::Object;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DesignPanelProps {
    pub scenario: Shared<Scenario>,
    pub selected: Option<Selection>,
}

/// Rows shown per list before "Show more".
const PAGE: usize = 50;
/// Designs with more objects than this start with their groups collapsed.
const SMALL_DESIGN: usize = 120;

fn size(s: &Scenario) -> usize {
    s.sites
        .iter()
        .map(|x| 1 + x.cas_servers.len() + x.mailbox_servers.len() + x.databases.len())
        .sum::<usize>()
        + s.dns_views
            .iter()
            .flat_map(|v| v.zones.iter())
            .map(|z| 1 + z.records.len())
            .sum::<usize>()
        + s.clients.len()
}

#[component]
pub fn DesignPanel(props: &DesignPanelProps) -> Html {
    let editor = use_editor();
    let s = props.scenario.0.clone();
    let small = size(&s) <= SMALL_DESIGN;
    // Which groups are toggled away from their default (open when small).
    let toggled = use_state(Keys::default);
    let shown = use_state(Keys::default);
    let forced = props
        .selected
        .as_ref()
        .and_then(Selection::object_id)
        .map(|id| keys_holding(&s, id))
        .unwrap_or_default();
    // Bring the selected object into view (it may have been opened from the advisor).
    use_effect_with(props.selected.clone(), |selected| {
        if let Some(id) = selected.as_ref().and_then(Selection::object_id) {
            crate::ui::effects::scroll_to_object(id);
        }
    });
    let ctx = Tree {
        editor: editor.clone(),
        scenario: s.clone(),
        selected: props.selected.clone(),
        small,
        toggled,
        shown,
        forced,
    };
    html! {
        <div class="design">
            if !s.description.is_empty() {
                <p class="design-description">{ s.description.clone() }</p>
            }
            <ul class="tree" aria-label="Design objects">
                <li>{ ctx.row_for(Selection::Settings, "Design settings", "name, organisation, MAPI/HTTP, Autodiscover, perimeter default", "settings") }</li>
            </ul>
            { ctx.group("sites", &format!("Sites ({})", s.sites.len()), || html! {
                <>
                    { ctx.list("sites", s.sites.iter(), |site| ctx.site(site)) }
                    { ctx.add("Add site", NewObject::Site) }
                </>
            }) }
            { ctx.group("dns", &format!("DNS views ({})", s.dns_views.len()), || html! {
                <>
                    { ctx.list("views", s.dns_views.iter(), |v| ctx.view(v)) }
                    { ctx.add("Add DNS view", NewObject::DnsView) }
                </>
            }) }
            { ctx.group("network", "Network and perimeter", || html! {
                <>
                    { ctx.list("zones", s.network_zones.iter(), |z| ctx.row(&z.id, &z.name, &format!("{}, RTT {} ms", match z.kind { ZoneKind::Internet => "Internet", ZoneKind::Site { .. } => "site LAN", ZoneKind::Vpn { .. } => "VPN" }, z.rtt()), "zone")) }
                    { ctx.add("Add network zone", NewObject::NetworkZone) }
                    { ctx.list("rules", s.perimeter.rules.iter(), |r| ctx.row(&r.id, if r.name.is_empty() { &r.id } else { &r.name },
                        &format!("{}:{} → {}{}", r.destination, r.ports, r.action.label(), r.translate_to.map(|t| format!(" (NAT {t})")).unwrap_or_default()), "rule")) }
                    { ctx.add("Add perimeter rule", NewObject::PerimeterRule) }
                </>
            }) }
            { ctx.group("autodiscover", &format!("Autodiscover web hosts ({})", s.autodiscover.web_hosts.len()), || html! {
                <>
                    { ctx.list("web-hosts", s.autodiscover.web_hosts.iter(), |h| ctx.row(&h.id, &h.name,
                        &format!("{}, {}", h.ip, h.answers.form_label()), "web-host")) }
                    { ctx.add("Add web host", NewObject::WebHost) }
                </>
            }) }
            { ctx.group("presets", &format!("Windows TCP timing presets ({})", s.timing_presets.len()), || html! {
                <>
                    { ctx.list("presets", s.timing_presets.iter(), |p| ctx.row(&p.id, &p.name, &format!("RTO {} ms × {} retries", p.initial_rto_ms, p.max_syn_retransmissions), "preset")) }
                    { ctx.add("Add timing preset", NewObject::TimingPreset) }
                </>
            }) }
            { ctx.group("clients", &format!("Clients ({})", s.clients.len()), || html! {
                <>
                    { ctx.list("clients", s.clients.iter(), |c| ctx.row(&c.id, &c.name, &format!("{}, {}", c.outlook_version.label(),
                        s.network_zones.iter().find(|z| z.id == c.location).map(|z| z.name.as_str()).unwrap_or("?")), "client")) }
                    { ctx.add_client() }
                </>
            }) }
        </div>
    }
}

struct Tree {
    editor: EditorHandle,
    scenario: std::rc::Rc<Scenario>,
    selected: Option<Selection>,
    small: bool,
    toggled: UseStateHandle<Keys>,
    shown: UseStateHandle<Keys>,
    /// Groups and lists that must show the selected object (e.g. opened from
    /// an advisor finding) whatever their collapsed state.
    forced: Keys,
}

/// A few group keys (a set kept as a list: it holds a handful, and the app
/// then needs no ordered-set code).
#[derive(Clone, Default, PartialEq)]
struct Keys(Vec<String>);

impl Keys {
    fn contains(&self, key: &str) -> bool {
        self.0.iter().any(|k| k == key)
    }
    fn insert(&mut self, key: String) {
        if !self.contains(&key) {
            self.0.push(key);
        }
    }
    /// Whether it was there.
    fn remove(&mut self, key: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|k| k != key);
        self.0.len() != before
    }
}

/// Keys of the groups (and `all:<list>` for long lists) holding object `id`.
fn keys_holding(s: &Scenario, id: &str) -> Keys {
    let mut keys = Keys::default();
    let Some(entry) = s.object(id) else {
        return keys;
    };
    let [i, _, k_in_zone] = entry.at();
    let mut hit = |group: &str, list: &str, index: usize| {
        keys.insert(group.to_string());
        if index >= PAGE {
            keys.insert(format!("all:{list}"));
        }
    };
    match entry.object {
        Object::Site(_) => hit("sites", "sites", i),
        Object::Cas(site, _)
        | Object::Array(site, _)
        | Object::MailboxServer(site, _)
        | Object::Database(site, _)
        | Object::PublicFolderDatabase(site, _) => {
            hit("sites", "sites", i);
            keys.insert(format!("site:{}", site.id));
        }
        Object::DnsView(_) | Object::DnsZone(..) => hit("dns", "views", i),
        Object::DnsRecord(_, zone, _) => {
            hit("dns", "views", i);
            hit("dns", &format!("zone:{}", zone.id), k_in_zone);
        }
        Object::NetworkZone(_) => hit("network", "zones", i),
        Object::PerimeterRule(_) => hit("network", "rules", i),
        Object::TimingPreset(_) => hit("presets", "presets", i),
        Object::Client(_) => hit("clients", "clients", i),
        Object::WebHost(_) => hit("autodiscover", "web-hosts", i),
    }
    keys
}

impl Tree {
    fn is_open(&self, key: &str) -> bool {
        self.forced.contains(key) || self.small != self.toggled.contains(key)
    }

    fn toggle(&self, key: &str) -> Callback<MouseEvent> {
        let (toggled, key) = (self.toggled.clone(), key.to_string());
        Callback::from(move |_| {
            let mut t = (*toggled).clone();
            if !t.remove(&key) {
                t.insert(key.clone());
            }
            toggled.set(t);
        })
    }

    /// A collapsible section with a real button as its header (keyboard-friendly).
    /// `body` is only built when the group is open: a closed group of a large
    /// design costs nothing per render.
    fn group(&self, key: &str, title: &str, body: impl FnOnce() -> Html) -> Html {
        let open = self.is_open(key);
        html! {
            <section class="block">
                <h3 class="group-head">
                    <button type="button" class="group-toggle" aria-expanded={open.to_string()} onclick={self.toggle(key)}>
                        <span class="chevron" aria-hidden="true">{ if open { "▾" } else { "▸" } }</span>{ title.to_string() }
                    </button>
                </h3>
                if open { { body() } }
            </section>
        }
    }

    /// Renders at most a page of items, with "Show more" for the rest.
    fn list<'a, T: 'a>(
        &self,
        key: &str,
        items: impl ExactSizeIterator<Item = &'a T>,
        row: impl Fn(&T) -> Html,
    ) -> Html {
        let total = items.len();
        let all = self.shown.contains(key) || self.forced.contains(&format!("all:{key}"));
        let limit = if all { total } else { PAGE };
        let more = {
            let (shown, key) = (self.shown.clone(), key.to_string());
            Callback::from(move |_| {
                let mut s = (*shown).clone();
                s.insert(key.clone());
                shown.set(s);
            })
        };
        html! {
            <ul class="tree">
                { for items.take(limit).map(|x| html! { <li>{ row(x) }</li> }) }
                if total > limit {
                    <li><button type="button" class="link" onclick={more}>{ format!("Show all {total}") }</button></li>
                }
            </ul>
        }
    }

    /// Opens `selection`, or closes it when it is open.
    fn select(&self, selection: Selection) -> Callback<MouseEvent> {
        let (editor, open) = (
            self.editor.clone(),
            self.selected.as_ref() == Some(&selection),
        );
        Callback::from(move |_| {
            editor.dispatch(Action::SelectObject((!open).then(|| selection.clone())))
        })
    }

    /// The row of one object.
    fn row(&self, id: &str, name: &str, summary: &str, kind: &'static str) -> Html {
        // Compared without building a Selection: a large design has thousands of rows.
        let open = self.selected.as_ref().and_then(Selection::object_id) == Some(id);
        self.row_html(Selection::Object(id.to_string()), open, name, summary, kind)
    }

    fn row_for(&self, selection: Selection, name: &str, summary: &str, kind: &'static str) -> Html {
        let open = self.selected.as_ref() == Some(&selection);
        self.row_html(selection, open, name, summary, kind)
    }

    fn row_html(
        &self,
        selection: Selection,
        open: bool,
        name: &str,
        summary: &str,
        kind: &'static str,
    ) -> Html {
        html! {
            <div class={classes!("obj", format!("obj-{kind}"), open.then_some("obj-open"))} data-object={selection.object_id().map(str::to_string)}
                data-testid={(selection == Selection::Settings).then_some("design-settings")}>
                <button type="button" class="obj-button" aria-expanded={open.to_string()} onclick={self.select(selection.clone())}>
                    <span class="obj-name">{ name.to_string() }</span>
                    <span class="obj-summary">{ summary.to_string() }</span>
                </button>
                if open {
                    <Inspector scenario={super::Shared(self.scenario.clone())} selection={selection} />
                }
            </div>
        }
    }

    /// An "Add" button for a new object of the core's template
    /// (`Scenario::template`), shown only where the design can take one.
    fn add(&self, label: &str, what: NewObject) -> Html {
        if !self.scenario.can_add(&what) {
            return html! {};
        }
        let (editor, scenario) = (self.editor.clone(), self.scenario.clone());
        let onclick = Callback::from(move |_| {
            let Some((edit, id)) = scenario.template(&what) else {
                return;
            };
            editor.dispatch(Action::Edit {
                edit,
                object: Some(Selection::Object(id.clone())),
            });
            editor.dispatch(Action::SelectObject(Some(Selection::Object(id))));
        });
        html! { <button type="button" class="add" {onclick}>{ format!("+ {label}") }</button> }
    }

    fn site(&self, site: &Site) -> Html {
        let sid = site.id.clone();
        let open_key = format!("site:{}", site.id);
        let open = self.is_open(&open_key);
        let array_for = |a: &CasArray| match &a.load_balancer {
            Some(lb) => format!(
                "{} → VIP {} ({})",
                a.fqdn,
                lb.vip,
                super::fields::parse::port_list(&lb.forwarded_ports)
            ),
            None => format!("{} (no load balancer)", a.fqdn),
        };
        html! {
            <div class="site-node">
                { self.row(&site.id, &format!("Site {}", site.name), &format!("{} CAS, {} mailbox, {} databases", site.cas_servers.len(), site.mailbox_servers.len(), site.databases.len()), "site") }
                <button type="button" class="link subtoggle" aria-expanded={open.to_string()} onclick={self.toggle(&open_key)}>
                    { if open { format!("Hide {}'s servers", site.name) } else { format!("Show {}'s servers", site.name) } }
                </button>
                if open {
                    <ul class="tree nested">
                        { for site.arrays.iter().map(|a| html! { <li>{ self.row(&a.id, &format!("CAS array {}", a.name), &array_for(a), "array") }</li> }) }
                        { for site.cas_servers.iter().map(|c| html! { <li>{ self.row(&c.id, &format!("CAS {}", c.name), &cas_summary(c), "cas") }</li> }) }
                        { for site.mailbox_servers.iter().map(|m| html! { <li>{ self.row(&m.id, &format!("Mailbox {}", m.name), &format!("{} = {}", m.fqdn, m.ip), "mbx") }</li> }) }
                        { for site.databases.iter().map(|d| html! { <li>{ self.row(&d.id, &format!("Database {}", d.name), &format!("{} → {}", d.exchange_version.label(), d.rpc_client_access_server), "db") }</li> }) }
                        { for site.public_folder_databases.iter().map(|p| html! { <li>{ self.row(&p.id, &format!("Public folders {}", p.name), "public-folder database", "pf") }</li> }) }
                    </ul>
                    <div class="add-row">
                        { self.add("CAS", NewObject::Cas { site: sid.clone() }) }
                        { self.add("CAS array", NewObject::Array { site: sid.clone() }) }
                        { self.add("Mailbox server", NewObject::MailboxServer { site: sid.clone() }) }
                        { self.add("Database", NewObject::Database { site: sid.clone() }) }
                        { self.add("Public-folder database", NewObject::PublicFolderDatabase { site: sid }) }
                    </div>
                }
            </div>
        }
    }

    fn view(&self, v: &DnsView) -> Html {
        let mut tags = Vec::new();
        if let Some(ip) = v.nxdomain_redirect {
            tags.push(format!("NXDOMAIN → {ip}"));
        }
        if !v.responds {
            tags.push("does not answer".into());
        }
        let records: usize = v.zones.iter().map(|z| z.records.len()).sum();
        html! {
            <div class="view-node">
                { self.row(&v.id, &v.name, &format!("{} · {} zones, {} records{}", v.audience.short(), v.zones.len(), records, if tags.is_empty() { String::new() } else { format!(" — {}", tags.join(", ")) }), "view") }
                <ul class="tree nested">
                    { for v.zones.iter().map(|z| {
                        html! {
                            <li>
                                { self.row(&z.id, &format!("Zone {}", z.name), &format!("{} records", z.records.len()), "dnszone") }
                                { self.list(&format!("zone:{}", z.id), z.records.iter(), |r| self.row(&r.id, &r.to_string(), "", "record")) }
                                { self.add(&format!("Record in {}", z.name), NewObject::DnsRecord { zone: z.id.clone() }) }
                            </li>
                        }
                    }) }
                </ul>
                { self.add(&format!("Zone in {}", v.name), NewObject::DnsZone { view: v.id.clone() }) }
            </div>
        }
    }

    fn add_client(&self) -> Html {
        if !self.scenario.can_add(&NewObject::Client) {
            return html! { <p class="hint">{ "Add a network zone, a DNS view, a timing preset and a mailbox database to add clients." }</p> };
        }
        self.add("Client", NewObject::Client)
    }
}

/// A CAS row's summary: its address, version and build ("cas01.… = 10.…,
/// Exchange 2013 15.0.847.32").
fn cas_summary(c: &CasServer) -> String {
    let build = c.build.trim();
    let sep = if build.is_empty() { "" } else { " " };
    format!(
        "{} = {}, {}{sep}{build}",
        c.fqdn,
        c.ip,
        c.exchange_version.label()
    )
}
