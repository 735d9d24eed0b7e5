//! Edits: what each does, what it refuses, what it shares.

use super::*;
use crate::examples::{seed_fixed, seed_leaking};
use crate::validate::validate;

/// An edit copies only the lists it changes; the undo history's other
/// versions share the rest (a large design is not copied per keystroke).
#[test]
fn edits_share_what_they_do_not_change() {
    let s = crate::generate::large_design(1);
    let zone_records = |s: &Scenario| {
        s.dns_views
            .iter()
            .flat_map(|v| v.zones.iter().map(|z| z.records.clone()))
            .collect::<Vec<_>>()
    };
    let shared = |a: &Scenario, b: &Scenario| {
        zone_records(a)
            .iter()
            .zip(zone_records(b).iter())
            .filter(|(x, y)| List::same(x, y))
            .count()
    };
    let zones = zone_records(&s).len();

    let perimeter = s
        .apply(Edit::SetPerimeterDefault {
            action: PerimeterAction::RejectRst,
        })
        .unwrap();
    assert!(List::same(&s.sites, &perimeter.sites) && List::same(&s.clients, &perimeter.clients));
    assert_eq!(shared(&s, &perimeter), zones);
    assert!(s.same_objects(&perimeter));

    let victim = s.clients[7].id.clone();
    let fewer = s.apply(Edit::Delete { id: victim.clone() }).unwrap();
    assert_eq!(fewer.clients.len(), s.clients.len() - 1);
    assert!(List::same(&s.sites, &fewer.sites) && List::same(&s.dns_views, &fewer.dns_views));
    assert!(!s.same_objects(&fewer));

    let record = s.dns_views[0].zones[0].records[3].id.clone();
    let no_record = s.apply(Edit::Delete { id: record.clone() }).unwrap();
    assert_eq!(no_record.kind_of(&record), None);
    assert_eq!(
        shared(&s, &no_record),
        zones - 1,
        "only the record's own zone is copied"
    );
    assert!(List::same(&s.sites, &no_record.sites));
    // The original is untouched.
    assert_eq!(s.kind_of(&record), Some(ObjectKind::DnsRecord));
    assert_eq!(s.kind_of(&victim), Some(ObjectKind::Client));
}

#[test]
fn deleting_the_leaking_record_fixes_the_external_client() {
    let s = seed_leaking();
    let fixed = s
        .apply(Edit::Delete {
            id: "rec-ext-outlook".into(),
        })
        .unwrap();
    let before = crate::simulate(&s).clients[1].total_ms;
    let after = crate::simulate(&fixed).clients[1].total_ms;
    assert!(before > 20_000 && after < 1_500, "{before} → {after}");
    assert_eq!(validate(&fixed), vec![]);
}

#[test]
fn deleting_a_mailbox_server_lists_and_removes_what_depends_on_it() {
    let s = seed_fixed();
    let deps: Vec<String> = s.dependants("mbx-01").into_iter().map(|d| d.id).collect();
    assert_eq!(
        deps,
        vec!["db-01", "pf-01", "client-internal", "client-external"]
    );
    let after = s
        .apply(Edit::Delete {
            id: "mbx-01".into(),
        })
        .unwrap();
    assert!(after.clients.is_empty());
    assert_eq!(validate(&after), vec![], "no dangling references remain");
}

#[test]
fn deleting_a_cas_removes_it_from_the_array_members() {
    let after = seed_fixed()
        .apply(Edit::Delete {
            id: "cas-02".into(),
        })
        .unwrap();
    assert_eq!(after.sites[0].arrays[0].members, vec!["cas-01"]);
}

#[test]
fn deleting_a_site_can_move_its_contents() {
    let s = seed_fixed()
        .apply(Edit::UpsertSite {
            id: "site-dr".into(),
            name: "DR".into(),
        })
        .unwrap();
    let moved = s
        .apply(Edit::DeleteSiteMovingContents {
            id: "site-hq".into(),
            to: "site-dr".into(),
        })
        .unwrap();
    assert_eq!(moved.sites.len(), 1);
    assert_eq!(moved.sites[0].cas_servers.len(), 2);
    assert_eq!(moved.clients.len(), 2, "clients keep working");
    assert_eq!(validate(&moved), vec![]);
    let cascaded = s
        .apply(Edit::Delete {
            id: "site-hq".into(),
        })
        .unwrap();
    assert!(cascaded.clients.is_empty());
    assert_eq!(validate(&cascaded), vec![]);
}

#[test]
fn invalid_edits_are_rejected_and_leave_the_scenario_alone() {
    let s = seed_fixed();
    let mut cas = s.sites[0].cas_servers[0].clone();
    cas.fqdn = "not a name".into();
    let e = s
        .apply(Edit::UpsertCas {
            site: "site-hq".into(),
            cas,
        })
        .unwrap_err();
    assert!(e.to_string().starts_with("FQDN:"), "{e}");
    let mut c = s.clients[0].clone();
    c.id = "cas-01".into();
    assert!(matches!(
        s.apply(Edit::UpsertClient { client: c }),
        Err(EditError::IdInUse { .. })
    ));
    assert_eq!(s, seed_fixed());
}

#[test]
fn a_record_outside_its_zone_is_refused() {
    let s = seed_fixed();
    let r = DnsRecord {
        id: "r-new".into(),
        name: "outlook.other.org".into(),
        data: RecordData::A {
            address: [1, 2, 3, 4].into(),
        },
    };
    assert!(s
        .apply(Edit::UpsertDnsRecord {
            zone: "zone-ext-mycompany".into(),
            record: r
        })
        .is_err());
}

#[test]
fn labels_name_objects_as_users_read_them() {
    let s = seed_leaking();
    let labels = s.labels(vec![
        "cas-01",
        "rec-ext-outlook",
        "fw-https",
        "client-external",
        "array-hq",
        "nothing",
        "cas-01",
    ]);
    assert_eq!(labels["cas-01"], "CAS CAS01");
    assert_eq!(
        labels["rec-ext-outlook"],
        "record outlook.mycompany.internal A 203.0.113.10 in Internet"
    );
    assert_eq!(
        labels["fw-https"],
        "perimeter rule Publish HTTPS to the VIP"
    );
    assert_eq!(labels["client-external"], "client External laptop");
    assert_eq!(labels["array-hq"], "CAS array outlook.mycompany.internal");
    assert!(!labels.contains_key("nothing"));
}

#[test]
fn fresh_ids_do_not_collide() {
    let s = seed_fixed();
    let id = s.fresh_id("cas");
    assert_eq!(s.kind_of(&id), None);
}

/// A new view cannot bring zones and records along unchecked: they come
/// with their own edits, which hold them to the field rules.
#[test]
fn a_new_view_starts_without_zones() {
    let s = seed_fixed();
    let mut view = s.dns_views[0].clone();
    view.id = "view-copy".into();
    assert!(matches!(
        s.apply(Edit::UpsertDnsView { view: view.clone() }),
        Err(EditError::Invalid { field: "zones", .. })
    ));
    view.zones = Vec::new().into();
    let added = s.apply(Edit::UpsertDnsView { view }).unwrap();
    assert_eq!(validate(&added), vec![]);
}
