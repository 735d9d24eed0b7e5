//! New objects: what each "Add" of the design tree creates, and when it can.
//!
//! The one home of these templates, so the app's buttons and anything else
//! that adds an object (a test, a future command) build the same object, and
//! a template is held to the field rules like any edit: every template applies
//! to every example (the tests below).

use super::Edit;
use crate::model::*;

/// A kind of object to add, with the parent it goes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewObject {
    Site,
    DnsView,
    NetworkZone,
    PerimeterRule,
    TimingPreset,
    Client,
    WebHost,
    Cas { site: String },
    Array { site: String },
    MailboxServer { site: String },
    Database { site: String },
    PublicFolderDatabase { site: String },
    DnsZone { view: String },
    DnsRecord { zone: String },
}

impl Scenario {
    /// The edit that adds a new object of this kind, with the new object's id;
    /// `None` when the design cannot take one: the parent is gone, a site
    /// already has its CAS array (one per AD site, §1), a database needs a
    /// mailbox server in its site, a client needs a network location, a DNS
    /// view, a timing preset and a mailbox database to point at.
    pub fn template(&self, what: &NewObject) -> Option<(Edit, String)> {
        if !self.can_add(what) {
            return None;
        }
        match what {
            NewObject::Site => Some(self.new_site()),
            NewObject::DnsView => {
                let id = self.fresh_id("view");
                let view = DnsView::new(&id, "New view", Audience::External, vec![]);
                Some((Edit::UpsertDnsView { view }, id))
            }
            NewObject::NetworkZone => {
                let id = self.fresh_id("net");
                let zone = NetworkZone {
                    id: id.clone(),
                    name: "New location".into(),
                    kind: ZoneKind::Internet,
                    rtt_ms: None,
                };
                Some((Edit::UpsertNetworkZone { zone }, id))
            }
            NewObject::PerimeterRule => Some(self.new_perimeter_rule()),
            NewObject::TimingPreset => Some(self.new_timing_preset()),
            NewObject::Client => self.new_client(),
            NewObject::WebHost => Some(self.new_web_host()),
            NewObject::Cas { site } => self.new_cas(self.site(site).ok()?),
            NewObject::Array { site } => self.new_array(self.site(site).ok()?),
            NewObject::MailboxServer { site } => self.new_mailbox_server(self.site(site).ok()?),
            NewObject::Database { site } => self.new_database(self.site(site).ok()?),
            NewObject::PublicFolderDatabase { site } => {
                let site = self.site(site).ok()?;
                let server = site.mailbox_servers.first()?;
                let id = self.fresh_id("pf");
                let database = PublicFolderDatabase {
                    id: id.clone(),
                    name: id.to_ascii_uppercase(),
                    server: server.id.clone(),
                };
                let site = site.id.clone();
                Some((Edit::UpsertPublicFolderDatabase { site, database }, id))
            }
            NewObject::DnsZone { view } => {
                let view = self.dns_views.iter().find(|v| v.id == *view)?;
                let id = self.fresh_id("zone");
                let (view, name) = (view.id.clone(), "example.com".into());
                Some((
                    Edit::UpsertDnsZone {
                        view,
                        id: id.clone(),
                        name,
                    },
                    id,
                ))
            }
            NewObject::DnsRecord { zone } => {
                let zone = self
                    .dns_views
                    .iter()
                    .flat_map(|v| v.zones.iter())
                    .find(|z| z.id == *zone)?;
                let id = self.fresh_id("rec");
                let record = DnsRecord {
                    id: id.clone(),
                    name: format!("new.{}", zone.name),
                    // 192.0.2.0/24 is documentation space (RFC 5737): never a real host.
                    data: RecordData::A {
                        address: [192, 0, 2, 1].into(),
                    },
                };
                let zone = zone.id.clone();
                Some((Edit::UpsertDnsRecord { zone, record }, id))
            }
        }
    }

    /// Whether [`Scenario::template`] has an object to add, without building
    /// it: cheap enough to decide, at every render, which "Add" buttons show
    /// (a fresh id is a walk over the design).
    pub fn can_add(&self, what: &NewObject) -> bool {
        match what {
            NewObject::Site
            | NewObject::DnsView
            | NewObject::NetworkZone
            | NewObject::PerimeterRule
            | NewObject::TimingPreset
            | NewObject::WebHost => true,
            NewObject::Client => {
                !self.network_zones.is_empty()
                    && !self.dns_views.is_empty()
                    && !self.timing_presets.is_empty()
                    && self.sites.iter().any(|s| !s.databases.is_empty())
            }
            NewObject::Cas { site } | NewObject::MailboxServer { site } => self.site(site).is_ok(),
            NewObject::Array { site } => self.site(site).is_ok_and(|s| s.arrays.is_empty()),
            NewObject::Database { site } | NewObject::PublicFolderDatabase { site } => {
                self.site(site).is_ok_and(|s| !s.mailbox_servers.is_empty())
            }
            NewObject::DnsZone { view } => self.dns_views.iter().any(|v| v.id == *view),
            NewObject::DnsRecord { zone } => self
                .dns_views
                .iter()
                .any(|v| v.zones.iter().any(|z| z.id == *zone)),
        }
    }

    fn new_site(&self) -> (Edit, String) {
        let id = self.fresh_id("site");
        let name = format!("Site {}", self.sites.len() + 1);
        (
            Edit::UpsertSite {
                id: id.clone(),
                name,
            },
            id,
        )
    }

    /// A rule dropping TCP 135 to a documentation address (RFC 5737): the
    /// rule a leak's fix usually needs, to be pointed at the real address.
    fn new_perimeter_rule(&self) -> (Edit, String) {
        let id = self.fresh_id("fw");
        let rule = PerimeterRule {
            id: id.clone(),
            name: "New rule".into(),
            destination: [203, 0, 113, 10].into(),
            ports: PortRange::single(EPM_PORT),
            action: PerimeterAction::Drop,
            translate_to: None,
        };
        (Edit::UpsertPerimeterRule { rule }, id)
    }

    /// A web host at the root domain on a documentation address (RFC 5737)
    /// with its own certificate: C8's and C16's shape (§6 https 3), to be
    /// pointed at the real address.
    fn new_web_host(&self) -> (Edit, String) {
        let id = self.fresh_id("web");
        let domain = self.autodiscover.smtp_domain.trim();
        let domain = if domain.is_empty() {
            "example.com"
        } else {
            domain
        };
        let host = WebHost {
            id: id.clone(),
            name: format!("Web host of {domain}"),
            ip: [203, 0, 113, 80].into(),
            answers: WebAnswer::Answers,
            answers_http: WebAnswer::Answers,
            certificate_names: vec![format!("www.{domain}")],
            redirect_to: String::new(),
        };
        (Edit::UpsertWebHost { host }, id)
    }

    /// A copy of the Windows 10/11 preset to adjust (§3).
    fn new_timing_preset(&self) -> (Edit, String) {
        let id = self.fresh_id("os");
        let mut preset = builtin_timing_presets()
            .into_iter()
            .find(|p| p.id == "os-win10")
            .expect("the built-in presets hold os-win10");
        preset.id = id.clone();
        preset.name = "Custom timing".into();
        (Edit::UpsertTimingPreset { preset }, id)
    }

    /// A client like the first one (its location and DNS view), else at the
    /// first location and view, homed on the first database.
    fn new_client(&self) -> Option<(Edit, String)> {
        let template = self.clients.first();
        let location = match template {
            Some(c) => c.location.clone(),
            None => self.network_zones.first()?.id.clone(),
        };
        let view = match template {
            Some(c) => c.dns_view.clone(),
            None => self.dns_views.first()?.id.clone(),
        };
        let database = self.sites.iter().flat_map(|s| s.databases.iter()).next()?;
        let preset = self.timing_presets.first()?;
        let id = self.fresh_id("client");
        let name = format!("Client {}", self.clients.len() + 1);
        let client = Client::with_defaults(&id, &name, &location, &view, &database.id, &preset.id);
        Some((Edit::UpsertClient { client }, id))
    }

    /// The next CAS by number, with dynamic RPC ports and Outlook Anywhere off.
    fn new_cas(&self, site: &Site) -> Option<(Edit, String)> {
        let id = self.fresh_id("cas");
        let n = self
            .sites
            .iter()
            .map(|x| x.cas_servers.len())
            .sum::<usize>()
            + 1;
        let cas = CasServer {
            id: id.clone(),
            name: format!("CAS{n:02}"),
            fqdn: format!("cas{n:02}.example.internal"),
            ip: [10, 0, 0, 10 + (n % 200) as u8].into(),
            rpc_ports: RpcPorts::Dynamic,
            outlook_anywhere: OutlookAnywhere::default(),
            autodiscover_scp_url: String::new(),
            autodiscover_site_scope: Vec::new(),
            certificate_names: vec![format!("cas{n:02}.example.internal")],
            windows: WindowsServer::Unknown,
            kb3140410: false,
            // A new CAS in a site is of the site's version (its first CAS's),
            // so adding one to a 2016 site does not add a 2010 server.
            exchange_version: site
                .cas_servers
                .iter()
                .next()
                .map(|c| c.exchange_version)
                .unwrap_or_default(),
            build: String::new(),
        };
        let site = site.id.clone();
        Some((Edit::UpsertCas { site, cas }, id))
    }

    /// The site's one CAS array (§1), with every CAS of the site as a member.
    fn new_array(&self, site: &Site) -> Option<(Edit, String)> {
        if !site.arrays.is_empty() {
            return None;
        }
        let id = self.fresh_id("array");
        let array = CasArray {
            id: id.clone(),
            name: "outlook".into(),
            fqdn: "outlook.example.internal".into(),
            members: site.cas_servers.iter().map(|c| c.id.clone()).collect(),
            load_balancer: None,
        };
        let site = site.id.clone();
        Some((Edit::UpsertArray { site, array }, id))
    }

    fn new_mailbox_server(&self, site: &Site) -> Option<(Edit, String)> {
        let id = self.fresh_id("mbx");
        let n = self
            .sites
            .iter()
            .map(|x| x.mailbox_servers.len())
            .sum::<usize>()
            + 1;
        let server = MailboxServer {
            id: id.clone(),
            name: format!("MBX{n:02}"),
            fqdn: format!("mbx{n:02}.example.internal"),
            ip: [10, 0, 1, (n % 250) as u8].into(),
            rpc_ports: RpcPorts::Dynamic,
        };
        let site = site.id.clone();
        Some((Edit::UpsertMailboxServer { site, server }, id))
    }

    /// An Exchange 2010 database on the site's first mailbox server, whose
    /// RpcClientAccessServer is the site's array (§1).
    fn new_database(&self, site: &Site) -> Option<(Edit, String)> {
        let server = site.mailbox_servers.first()?;
        let id = self.fresh_id("db");
        let database = MailboxDatabase {
            id: id.clone(),
            name: id.to_ascii_uppercase(),
            server: server.id.clone(),
            rpc_client_access_server: site
                .arrays
                .first()
                .map(|a| a.fqdn.clone())
                .unwrap_or_default(),
            exchange_version: ExchangeVersion::V2010,
            public_folder_database: None,
        };
        let site = site.id.clone();
        Some((Edit::UpsertDatabase { site, database }, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    /// Every kind of new object, at every place of `s` it can go.
    fn every_new_object(s: &Scenario) -> Vec<NewObject> {
        let mut all = vec![
            NewObject::Site,
            NewObject::DnsView,
            NewObject::NetworkZone,
            NewObject::PerimeterRule,
            NewObject::TimingPreset,
            NewObject::Client,
            NewObject::WebHost,
        ];
        for site in s.sites.iter() {
            let site = site.id.clone();
            all.push(NewObject::Cas { site: site.clone() });
            all.push(NewObject::Array { site: site.clone() });
            all.push(NewObject::MailboxServer { site: site.clone() });
            all.push(NewObject::Database { site: site.clone() });
            all.push(NewObject::PublicFolderDatabase { site });
        }
        for view in s.dns_views.iter() {
            all.push(NewObject::DnsZone {
                view: view.id.clone(),
            });
            for zone in view.zones.iter() {
                all.push(NewObject::DnsRecord {
                    zone: zone.id.clone(),
                });
            }
        }
        all
    }

    /// A new object is one the design accepts: the edit applies (field rules
    /// and references), the object is there under the id given, and the
    /// design still loads.
    #[test]
    fn every_template_applies_to_every_example() {
        for example in examples::gallery() {
            let (name, s) = (example.slug, (example.build)());
            for what in every_new_object(&s) {
                let Some((edit, id)) = s.template(&what) else {
                    assert!(!s.can_add(&what), "{name}: {what:?} can be added");
                    continue;
                };
                assert!(s.can_add(&what), "{name}: {what:?} cannot be added");
                let after = s
                    .apply(edit)
                    .unwrap_or_else(|e| panic!("{name}: {what:?} refused: {e}"));
                assert!(after.kind_of(&id).is_some(), "{name}: {what:?} not at {id}");
                assert!(
                    crate::validate::validate(&after).is_empty(),
                    "{name}: {what:?}"
                );
            }
        }
    }

    #[test]
    fn a_site_takes_one_array_and_a_database_needs_a_mailbox_server() {
        let s = examples::seed_leaking();
        let site = s.sites[0].id.clone();
        assert!(s
            .template(&NewObject::Array { site: site.clone() })
            .is_none());
        let (edit, id) = s.template(&NewObject::Site).unwrap();
        let s = s.apply(edit).unwrap();
        let empty = NewObject::Database { site: id.clone() };
        assert!(s.template(&empty).is_none(), "no mailbox server in {id}");
        assert!(s.template(&NewObject::Array { site: id }).is_some());
        let gone = NewObject::Cas {
            site: "no-such-site".into(),
        };
        assert!(s.template(&gone).is_none());
    }

    #[test]
    fn a_client_needs_somewhere_to_be() {
        assert!(Scenario::default().template(&NewObject::Client).is_none());
        assert!(examples::blank().template(&NewObject::Client).is_none());
        let s = examples::seed_leaking();
        let (edit, id) = s.template(&NewObject::Client).unwrap();
        let after = s.apply(edit).unwrap();
        let client = after.clients.iter().find(|c| c.id == id).unwrap();
        assert_eq!(client.location, s.clients[0].location);
        assert_eq!(client.dns_view, s.clients[0].dns_view);
    }
}
