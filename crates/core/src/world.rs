//! Read-only indexes over a scenario: objects by id, hosts by address, DNS
//! owner names per view. Built once per simulation run so each client costs
//! hash look-ups, not scans of 20,000 records; a view's DNS index, the
//! costly one, can outlive the run in a [`ViewCache`] and serve every later
//! version of the design that still shares the view's zone list.

use crate::model::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::Ipv4Addr;
use std::rc::Rc;
use yoke::{Yoke, Yokeable};

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

/// One DNS view's records, keyed by lower-case owner name. Names borrow the
/// scenario's when they are already normalised (the usual case), so indexing
/// 20,000 records allocates little; the hash table holds only positions in
/// `nodes`, so it stays small enough to sit in cache while it is built.
#[derive(Debug, Default, Yokeable)]
pub struct ViewIndex<'a> {
    /// Zone apexes, for finding the authoritative zone of a name.
    pub zones: FastMap<Cow<'a, str>, &'a DnsZone>,
    /// Every owner name and every ancestor of one up to its zone apex, with the
    /// records it owns (none for an empty non-terminal). A name in here
    /// "exists" (RFC 1034 §4.3.3), which blocks wildcard synthesis.
    nodes: Vec<Node<'a>>,
    /// Positions in `nodes`, hashed by name.
    table: hashbrown::HashTable<u32>,
}

#[derive(Debug)]
struct Node<'a> {
    name: Cow<'a, str>,
    records: NodeRecords<'a>,
}

fn name_hash(name: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(name.as_bytes());
    h.finish()
}

/// The records one DNS name owns; most names own exactly one, which needs no
/// allocation.
#[derive(Debug, Clone)]
pub enum NodeRecords<'a> {
    /// An empty non-terminal: the name exists only as an ancestor.
    Empty,
    One([&'a DnsRecord; 1]),
    Many(Vec<&'a DnsRecord>),
}

impl<'a> NodeRecords<'a> {
    pub fn as_slice(&self) -> &[&'a DnsRecord] {
        match self {
            NodeRecords::Empty => &[],
            NodeRecords::One(one) => one,
            NodeRecords::Many(many) => many,
        }
    }
    fn push(&mut self, r: &'a DnsRecord) {
        *self = match std::mem::replace(self, NodeRecords::Empty) {
            NodeRecords::Empty => NodeRecords::One([r]),
            NodeRecords::One([first]) => NodeRecords::Many(vec![first, r]),
            NodeRecords::Many(mut many) => {
                many.push(r);
                NodeRecords::Many(many)
            }
        };
    }
}

impl<'a> ViewIndex<'a> {
    fn node(&self, name: &str) -> Option<&Node<'a>> {
        self.table.find(name_hash(name), |&i| self.nodes[i as usize].name == name).map(|&i| &self.nodes[i as usize])
    }
    /// The records owned by `name` (lower-case), if it owns any.
    pub fn records(&self, name: &str) -> Option<&[&'a DnsRecord]> {
        self.node(name).map(|n| n.records.as_slice()).filter(|r| !r.is_empty())
    }
    /// Whether `name` exists as an owner or an ancestor of one.
    pub fn is_node(&self, name: &str) -> bool {
        self.node(name).is_some()
    }
    /// Adds `name` with no records unless present; returns its position and
    /// whether it was already there.
    fn insert(&mut self, name: Cow<'a, str>) -> (usize, bool) {
        let nodes = &self.nodes;
        let hash = name_hash(&name);
        match self.table.entry(hash, |&i| nodes[i as usize].name == name, |&i| name_hash(&nodes[i as usize].name)) {
            hashbrown::hash_table::Entry::Occupied(e) => (*e.get() as usize, true),
            hashbrown::hash_table::Entry::Vacant(v) => {
                let at = self.nodes.len();
                v.insert(at as u32);
                self.nodes.push(Node { name, records: NodeRecords::Empty });
                (at, false)
            }
        }
    }
}

/// FxHash (as in rustc): the world's maps are keyed by ids and names from the
/// user's own design, so a fast non-keyed hash is safe and SipHash's cost is
/// not worth paying on every look-up.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 56));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

pub struct World<'a> {
    pub scenario: &'a Scenario,
    pub sites: FastMap<&'a str, &'a Site>,
    pub cas: FastMap<&'a str, (&'a Site, &'a CasServer)>,
    pub mailbox_servers: FastMap<&'a str, (&'a Site, &'a MailboxServer)>,
    pub databases: FastMap<&'a str, (&'a Site, &'a MailboxDatabase)>,
    pub pf_databases: FastMap<&'a str, (&'a Site, &'a PublicFolderDatabase)>,
    pub zones: FastMap<&'a str, &'a NetworkZone>,
    pub presets: FastMap<&'a str, &'a OsTimingPreset>,
    pub views: FastMap<&'a str, (&'a DnsView, SharedViewIndex)>,
    /// First host registered at each address; duplicates are the advisor's business.
    pub hosts: FastMap<Ipv4Addr, Host<'a>>,
    /// Perimeter rules by destination address, in rule order (first match wins).
    pub rules_by_destination: FastMap<Ipv4Addr, Vec<&'a PerimeterRule>>,
    /// The simulator's per-world memo of DNS answers, path verdicts and timings.
    pub(crate) memo: crate::sim::Memo,
}

/// A view's index together with the zone list it borrows from.
pub type SharedViewIndex = Rc<Yoke<ViewIndex<'static>, Rc<Vec<DnsZone>>>>;

/// View indexes kept between runs, keyed by the zone list they index: an edit
/// elsewhere leaves a view's zone list shared (see `list`), so its index is
/// reused instead of rebuilt. Each entry owns its zone list, so a key cannot
/// be reused by another list while the entry lives.
#[derive(Default)]
pub struct ViewCache {
    indexes: FastMap<*const Vec<DnsZone>, SharedViewIndex>,
}

impl ViewCache {
    fn index(&self, zones: &List<DnsZone>) -> SharedViewIndex {
        match self.indexes.get(&Rc::as_ptr(zones.storage())) {
            Some(hit) => Rc::clone(hit),
            None => Rc::new(Yoke::attach_to_cart(Rc::clone(zones.storage()), |zones| index_zones(zones))),
        }
    }
}

/// DNS names compare case-insensitively and without the root dot.
pub fn normalize_name(name: &str) -> String {
    normalize_name_cow(name).into_owned()
}

/// The name without its first label: `b.example.com` for `a.b.example.com`
/// (what `split_once('.')` gives, without a `memchr` call for short names).
pub fn parent_name(name: &str) -> Option<&str> {
    let dot = name.bytes().position(|b| b == b'.')?;
    Some(&name[dot + 1..])
}

/// [`normalize_name`] without allocating when the name is already normal.
pub fn normalize_name_cow(name: &str) -> Cow<'_, str> {
    let bytes = name.as_bytes();
    // Fast path: ASCII, non-blank ends without a root dot, so trimming is a no-op.
    let n = match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) if first > b' ' && first < 0x80 && last > b' ' && last < 0x80 && last != b'.' => name,
        _ => name.trim().trim_end_matches('.'),
    };
    if may_have_upper(n.as_bytes()) {
        Cow::Owned(n.to_ascii_lowercase())
    } else {
        Cow::Borrowed(n)
    }
}

/// Whether `bytes` has an ASCII capital or any non-ASCII byte (then the slow
/// path lower-cases, with the same result), eight bytes at a time.
fn may_have_upper(bytes: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let suspicious = |w: u64| {
        // For bytes below 0x80 the sums never carry into the next byte:
        // bit 7 of b + 0x3F is set iff b >= b'A', of b + 0x25 iff b > b'Z'.
        let ge_a = w.wrapping_add(0x3F3F_3F3F_3F3F_3F3F);
        let gt_z = w.wrapping_add(0x2525_2525_2525_2525);
        (ge_a & !gt_z & HIGH) | (w & HIGH) != 0
    };
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        if suspicious(u64::from_le_bytes(c.try_into().unwrap_or_default())) {
            return true;
        }
    }
    let rest = chunks.remainder();
    let mut buf = [0u8; 8];
    buf[..rest.len()].copy_from_slice(rest);
    suspicious(u64::from_le_bytes(buf))
}

impl<'a> World<'a> {
    pub fn new(scenario: &'a Scenario) -> Self {
        World::with_cache(scenario, &mut ViewCache::default())
    }

    /// Indexes `scenario`, taking view indexes from `cache` where the zone
    /// list is unchanged; afterwards `cache` holds exactly this scenario's.
    pub fn with_cache(scenario: &'a Scenario, cache: &mut ViewCache) -> Self {
        let mut w = World {
            scenario,
            sites: FastMap::default(),
            cas: FastMap::default(),
            mailbox_servers: FastMap::default(),
            databases: FastMap::default(),
            pf_databases: FastMap::default(),
            zones: FastMap::default(),
            presets: FastMap::default(),
            views: FastMap::default(),
            hosts: FastMap::default(),
            rules_by_destination: FastMap::default(),
            memo: Default::default(),
        };
        let sites = &scenario.sites;
        let count = |f: fn(&Site) -> usize| sites.iter().map(f).sum::<usize>();
        w.sites.reserve(sites.len());
        w.cas.reserve(count(|s| s.cas_servers.len()));
        w.mailbox_servers.reserve(count(|s| s.mailbox_servers.len()));
        w.databases.reserve(count(|s| s.databases.len()));
        w.pf_databases.reserve(count(|s| s.public_folder_databases.len()));
        w.hosts.reserve(count(|s| s.arrays.len() + s.cas_servers.len() + s.mailbox_servers.len()));
        w.zones.reserve(scenario.network_zones.len());
        w.views.reserve(scenario.dns_views.len());
        w.rules_by_destination.reserve(scenario.perimeter.rules.len());
        for rule in &scenario.perimeter.rules {
            w.rules_by_destination.entry(rule.destination).or_default().push(rule);
        }
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
        let mut kept = FastMap::default();
        for v in &scenario.dns_views {
            let index = cache.index(&v.zones);
            kept.insert(Rc::as_ptr(v.zones.storage()), Rc::clone(&index));
            w.views.entry(&v.id).or_insert((v, index));
        }
        cache.indexes = kept;
        w
    }

    /// The perimeter rules for destination `ip`, in rule order.
    pub fn rules_to(&self, ip: Ipv4Addr) -> &[&'a PerimeterRule] {
        self.rules_by_destination.get(&ip).map(Vec::as_slice).unwrap_or_default()
    }

    pub fn view(&self, id: &str) -> Option<(&'a DnsView, &ViewIndex<'_>)> {
        self.views.get(id).map(|(v, idx)| (*v, idx.get()))
    }

    /// The site's CAS array, if it has (at least) one.
    pub fn array_of_site(&self, site: &'a Site) -> Option<&'a CasArray> {
        site.arrays.first()
    }


}

fn index_zones(zones: &[DnsZone]) -> ViewIndex<'_> {
    let mut idx = ViewIndex::default();
    let records: usize = zones.iter().map(|z| z.records.len()).sum();
    let room = records + records / 8 + 16;
    idx.nodes.reserve(room);
    idx.table.reserve(room, |_| 0);
    // The ancestor most recently found or made present: zones list siblings
    // together, so this saves a hash look-up for most records.
    let mut last_present: Option<&str> = None;
    for zone in zones {
        let apex = normalize_name_cow(&zone.name);
        for r in &zone.records {
            let owner = normalize_name_cow(&r.name);
            let borrowed = match &owner {
                Cow::Borrowed(b) => Some(*b),
                Cow::Owned(_) => None,
            };
            // One hash per record in the usual case: the owner's entry.
            let (at, existed) = idx.insert(owner);
            idx.nodes[at].records.push(r);
            if existed {
                // Its ancestors are already present.
                continue;
            }
            // Mark the owner's ancestors down to the apex as existing nodes,
            // stopping at the first one already present.
            let owner_name = idx.nodes[at].name.clone();
            let mut node: &str = &owner_name;
            while node != apex.as_ref() {
                match parent_name(node) {
                    Some(parent) if parent.len() >= apex.len() => node = parent,
                    _ => break,
                }
                let key = match borrowed {
                    Some(_) if last_present == Some(node) => break,
                    // A suffix of a borrowed name borrows too.
                    Some(b) => Cow::Borrowed(&b[b.len() - node.len()..]),
                    None if idx.is_node(node) => break,
                    None => Cow::Owned(node.to_string()),
                };
                if let Cow::Borrowed(b) = key {
                    last_present = Some(b);
                }
                if idx.insert(key).1 {
                    break;
                }
            }
        }
        idx.zones.entry(apex).or_insert(zone);
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names compare case-insensitively, without blanks or the root dot, and
    /// the common already-normal name is borrowed, not copied.
    #[test]
    fn normalize_name_lowercases_trims_and_borrows_when_it_can() {
        for (raw, want) in [
            ("outlook.mycompany.internal", "outlook.mycompany.internal"),
            ("Outlook.MyCompany.Internal.", "outlook.mycompany.internal"),
            ("  mail.mycompany.com. ", "mail.mycompany.com"),
            ("ZZZZZZZZZZZZZZZZ.AT-the-END-of-a-long-name.COM", "zzzzzzzzzzzzzzzz.at-the-end-of-a-long-name.com"),
            ("@[`{.az.AZ", "@[`{.az.az"),
            ("Ünïcode.EXAMPLE", "Ünïcode.example"),
            ("", ""),
            ("...", ""),
        ] {
            assert_eq!(normalize_name(raw), want, "{raw:?}");
            assert_eq!(normalize_name(raw), raw.trim().trim_end_matches('.').to_ascii_lowercase());
        }
        assert!(matches!(normalize_name_cow("outlook.mycompany.internal"), Cow::Borrowed(_)));
        assert!(matches!(normalize_name_cow("Outlook.mycompany.internal"), Cow::Owned(_)));
    }

    /// A view whose zones an edit left alone keeps its index; a changed view
    /// gets a fresh one, so answers follow the edit.
    #[test]
    fn view_cache_reuses_unchanged_views_only() {
        use crate::edit::Edit;
        let s = crate::examples::seed_leaking();
        let mut cache = ViewCache::default();
        let ext = |w: &World<'_>| Rc::clone(&w.views["view-internet"].1);
        let int = |w: &World<'_>| Rc::clone(&w.views["view-internal"].1);
        let (ext0, int0) = {
            let w = World::with_cache(&s, &mut cache);
            assert!(crate::dns::resolve(&w, "view-internet", "outlook.mycompany.internal").answer.addresses().len() == 1);
            (ext(&w), int(&w))
        };
        let fixed = s.apply(Edit::Delete { id: "rec-ext-outlook".into() }).unwrap();
        let w = World::with_cache(&fixed, &mut cache);
        assert!(Rc::ptr_eq(&int0, &int(&w)), "the internal view's index is reused");
        assert!(!Rc::ptr_eq(&ext0, &ext(&w)), "the edited view is indexed again");
        assert!(crate::dns::resolve(&w, "view-internet", "outlook.mycompany.internal").answer.addresses().is_empty());
        assert_eq!(cache.indexes.len(), 2, "only this version's views are kept");
    }

    /// Owners and their ancestors up to the apex exist; names beside them do not.
    #[test]
    fn view_index_marks_owners_and_ancestors() {
        let rec = |id: &str, name: &str| DnsRecord { id: id.into(), name: name.into(), data: RecordData::A { address: [192, 0, 2, 1].into() } };
        let view = DnsView {
            id: "v".into(),
            name: "V".into(),
            zones: vec![DnsZone {
                id: "z".into(),
                name: "Example.COM".into(),
                records: vec![rec("r1", "a.b.c.example.com"), rec("r2", "A.B.C.Example.com."), rec("r3", "x.example.com")].into(),
            }].into(),
            forwards_to: None,
            nxdomain_redirect: None,
            responds: true,
        };
        let idx = index_zones(&view.zones);
        assert_eq!(idx.records("a.b.c.example.com").map(|r| r.len()), Some(2));
        assert!(idx.records("b.c.example.com").is_none());
        for n in ["b.c.example.com", "c.example.com", "example.com", "x.example.com"] {
            assert!(idx.is_node(n), "{n}");
        }
        assert!(!idx.is_node("y.example.com"));
        assert!(!idx.is_node("com"));
        assert!(idx.zones.contains_key("example.com"));
    }
}
