//! Questions asked of a design: labels for ids, fresh ids, whether two
//! versions hold the same objects.

use crate::list::List;
use crate::model::Scenario;
use std::collections::HashMap;

impl Scenario {
    /// Whether both designs hold the very same object lists (an edit of a
    /// setting, such as the perimeter's default action, keeps them), so
    /// anything derived from the objects alone, like [`Scenario::labels`], still holds.
    pub fn same_objects(&self, other: &Scenario) -> bool {
        List::same(&self.sites, &other.sites)
            && List::same(&self.dns_views, &other.dns_views)
            && List::same(&self.network_zones, &other.network_zones)
            && List::same(&self.perimeter.rules, &other.perimeter.rules)
            && List::same(&self.timing_presets, &other.timing_presets)
            && List::same(&self.clients, &other.clients)
    }

    /// Human labels ("CAS CAS01", "record outlook… A 1.2.3.4 in Internet") for
    /// the given ids (in any order, repeats allowed), in one pass over the
    /// design: evidence lists name a handful of objects in designs of tens
    /// of thousands.
    pub fn labels(&self, mut ids: Vec<&str>) -> HashMap<String, String> {
        // A sorted list rather than a set: the app has no other use for a
        // BTreeSet<&str>, and its code is larger than the sort's.
        ids.sort_unstable();
        ids.dedup();
        let mut out = HashMap::new();
        self.objects().for_each(|e| {
            let id = e.object.id();
            // The label is built only for wanted ids.
            if ids.binary_search(&id).is_ok() {
                out.insert(id.to_string(), e.object.label());
            }
        });
        out
    }

    /// A fresh id with `prefix` that no object uses: `prefix-1`, `prefix-2`…
    pub fn fresh_id(&self, prefix: &str) -> String {
        (1..)
            .map(|n| format!("{prefix}-{n}"))
            .find(|id| self.kind_of(id).is_none())
            .expect("an unused id exists")
    }
}
