//! Read-only indexes over a scenario: objects by id, hosts by address, DNS
//! owner names per view. Built once per simulation run so each client costs
//! hash look-ups, not scans of 20,000 records.

use crate::model::*;
use std::collections::HashMap;
use std::net::Ipv4Addr;

/// Something listening (or forwarding) at an address.
#[derive(Debug, Clone, Copy)]
pub enum Host<'a> {
    Vip {
        array: &'a CasArray,
        lb: &'a LoadBalancer,
    },
    Cas(&'a CasServer),
    Mailbox(&'a MailboxServer),
}

impl Host<'_> {
    pub fn id(&self) -> &str {
        match self {
            Host::Vip { array, .. } => &array.id,
            Host::Cas(c) => &c.id,
            Host::Mailbox(m) => &m.id,
        }
    }
    pub fn label(&self) -> String {
        match self {
            Host::Vip { array, lb } => format!("load-balancer VIP {} of array {}", lb.vip, array.fqdn),
            Host::Cas(c) => format!("CAS {}", c.name),
            Host::Mailbox(m) => format!("Mailbox server {}", m.name),
        }
    }
}

/// One DNS view's records, keyed by lower-case owner name.
#[derive(Debug, Default)]
pub struct ViewIndex<'a> {
    /// Zone apexes, for finding the authoritative zone of a name.
    pub zones: HashMap<String, &'a DnsZone>,
    pub records: HashMap<String, Vec<&'a DnsRecord>>,
    /// Every owner name and every ancestor of one up to its zone apex: a name
    /// in here "exists" (RFC 1034 §4.3.3), which blocks wildcard synthesis.
    pub nodes: HashMap<String, ()>,
}

pub struct World<'a> {
    pub scenario: &'a Scenario,
    pub sites: HashMap<&'a str, &'a Site>,
    pub cas: HashMap<&'a str, (&'a Site, &'a CasServer)>,
    pub mailbox_servers: HashMap<&'a str, (&'a Site, &'a MailboxServer)>,
    pub databases: HashMap<&'a str, (&'a Site, &'a MailboxDatabase)>,
    pub pf_databases: HashMap<&'a str, (&'a Site, &'a PublicFolderDatabase)>,
    pub zones: HashMap<&'a str, &'a NetworkZone>,
    pub presets: HashMap<&'a str, &'a OsTimingPreset>,
    pub views: HashMap<&'a str, (&'a DnsView, ViewIndex<'a>)>,
    /// First host registered at each address; duplicates are the advisor's business.
    pub hosts: HashMap<Ipv4Addr, Host<'a>>,
}

/// DNS names compare case-insensitively and without the root dot.
pub fn normalize_name(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

impl<'a> World<'a> {
    pub fn new(scenario: &'a Scenario) -> Self {
        let mut w = World {
            scenario,
            sites: HashMap::new(),
            cas: HashMap::new(),
            mailbox_servers: HashMap::new(),
            databases: HashMap::new(),
            pf_databases: HashMap::new(),
            zones: HashMap::new(),
            presets: HashMap::new(),
            views: HashMap::new(),
            hosts: HashMap::new(),
        };
        for site in &scenario.sites {
            w.sites.entry(&site.id).or_insert(site);
            // VIPs first: the VIP is what clients reach even if a server shares its address.
            for array in &site.arrays {
                if let Some(lb) = &array.load_balancer {
                    w.hosts.entry(lb.vip).or_insert(Host::Vip { array, lb });
                }
            }
            for c in &site.cas_servers {
                w.cas.entry(&c.id).or_insert((site, c));
                w.hosts.entry(c.ip).or_insert(Host::Cas(c));
            }
            for m in &site.mailbox_servers {
                w.mailbox_servers.entry(&m.id).or_insert((site, m));
                w.hosts.entry(m.ip).or_insert(Host::Mailbox(m));
            }
            for d in &site.databases {
                w.databases.entry(&d.id).or_insert((site, d));
            }
            for d in &site.public_folder_databases {
                w.pf_databases.entry(&d.id).or_insert((site, d));
            }
        }
        for z in &scenario.network_zones {
            w.zones.entry(&z.id).or_insert(z);
        }
        for p in &scenario.timing_presets {
            w.presets.entry(&p.id).or_insert(p);
        }
        for v in &scenario.dns_views {
            w.views.entry(&v.id).or_insert_with(|| (v, index_view(v)));
        }
        w
    }

    pub fn view(&self, id: &str) -> Option<&(&'a DnsView, ViewIndex<'a>)> {
        self.views.get(id)
    }

    /// The site's CAS array, if it has (at least) one.
    pub fn array_of_site(&self, site: &'a Site) -> Option<&'a CasArray> {
        site.arrays.first()
    }

    /// The CAS array whose FQDN is `fqdn`, with its site.
    pub fn array_by_fqdn(&self, fqdn: &str) -> Option<(&'a Site, &'a CasArray)> {
        let want = normalize_name(fqdn);
        self.scenario.sites.iter().find_map(|s| {
            s.arrays
                .iter()
                .find(|a| normalize_name(&a.fqdn) == want)
                .map(|a| (s, a))
        })
    }

    /// A human label for any object id, for evidence lists.
    pub fn label_of(&self, id: &str) -> Option<String> {
        let s = self.scenario;
        if let Some(site) = self.sites.get(id) {
            return Some(format!("site {}", site.name));
        }
        if let Some((_, c)) = self.cas.get(id) {
            return Some(format!("CAS {}", c.name));
        }
        if let Some((_, m)) = self.mailbox_servers.get(id) {
            return Some(format!("mailbox server {}", m.name));
        }
        if let Some((_, d)) = self.databases.get(id) {
            return Some(format!("database {}", d.name));
        }
        if let Some((_, d)) = self.pf_databases.get(id) {
            return Some(format!("public-folder database {}", d.name));
        }
        if let Some(z) = self.zones.get(id) {
            return Some(format!("network zone {}", z.name));
        }
        if let Some(p) = self.presets.get(id) {
            return Some(format!("OS timing {}", p.name));
        }
        if let Some((v, _)) = self.views.get(id) {
            return Some(format!("DNS view {}", v.name));
        }
        for site in &s.sites {
            if let Some(a) = site.arrays.iter().find(|a| a.id == id) {
                return Some(format!("CAS array {}", a.fqdn));
            }
        }
        for v in &s.dns_views {
            for z in &v.zones {
                if z.id == id {
                    return Some(format!("zone {} in {}", z.name, v.name));
                }
                if let Some(r) = z.records.iter().find(|r| r.id == id) {
                    return Some(format!("record {} in {}", r, v.name));
                }
            }
        }
        if let Some(r) = s.perimeter.rules.iter().find(|r| r.id == id) {
            return Some(format!("perimeter rule {}", if r.name.is_empty() { &r.id } else { &r.name }));
        }
        s.clients
            .iter()
            .find(|c| c.id == id)
            .map(|c| format!("client {}", c.name))
    }
}

fn index_view(view: &DnsView) -> ViewIndex<'_> {
    let mut idx = ViewIndex::default();
    for zone in &view.zones {
        let apex = normalize_name(&zone.name);
        for r in &zone.records {
            let owner = normalize_name(&r.name);
            // Mark the owner and its ancestors down to the apex as existing nodes.
            let mut node = owner.as_str();
            loop {
                if idx.nodes.insert(node.to_string(), ()).is_some() {
                    break; // ancestors already present
                }
                if node == apex {
                    break;
                }
                match node.split_once('.') {
                    Some((_, parent)) if parent.len() >= apex.len() => node = parent,
                    _ => break,
                }
            }
            idx.records.entry(owner).or_default().push(r);
        }
        idx.zones.entry(apex).or_insert(zone);
    }
    idx
}
