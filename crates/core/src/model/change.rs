//! Edits as data: every change a user can make to a scenario, as a value.
//!
//! The type lives in the model because a migration plan's steps are lists of
//! edits kept in the scenario file (§11 step 1); applying one is `edit`'s
//! (`Scenario::apply`). What an edit is written as in a file is part of the
//! file format: a format change to an object changes it inside edits too.

use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "edit", rename_all = "kebab-case")]
pub enum Edit {
    SetInfo {
        name: String,
        description: String,
        organisation: String,
    },
    SetAutodiscover {
        autodiscover: Autodiscover,
    },
    /// The organisation's MAPI/HTTP setting (`Set-OrganizationConfig
    /// -MapiHttpEnabled`); None: as setup left it (§10 protocol 2).
    SetMapiHttp {
        enabled: Option<bool>,
    },
    /// The migration plan that starts from this design (§11 step 1).
    SetMigration {
        migration: Migration,
    },
    /// Adds the site or replaces the one with the same id (its contents are kept).
    UpsertSite {
        id: String,
        name: String,
    },
    UpsertCas {
        site: String,
        cas: CasServer,
    },
    UpsertArray {
        site: String,
        array: CasArray,
    },
    UpsertMailboxServer {
        site: String,
        server: MailboxServer,
    },
    UpsertDatabase {
        site: String,
        database: MailboxDatabase,
    },
    UpsertPublicFolderDatabase {
        site: String,
        database: PublicFolderDatabase,
    },
    /// The view's settings; its zones are kept.
    UpsertDnsView {
        view: DnsView,
    },
    /// The zone's name; its records are kept (and move with it to another view).
    UpsertDnsZone {
        view: String,
        id: String,
        name: String,
    },
    UpsertDnsRecord {
        zone: String,
        record: DnsRecord,
    },
    UpsertNetworkZone {
        zone: NetworkZone,
    },
    UpsertPerimeterRule {
        rule: PerimeterRule,
    },
    SetPerimeterDefault {
        action: PerimeterAction,
    },
    /// Whether the perimeter reflects inside connections to its public addresses.
    SetHairpinNat {
        on: bool,
    },
    /// The spans of the model's undocumented parameters.
    SetRanges {
        ranges: Ranges,
    },
    UpsertTimingPreset {
        preset: OsTimingPreset,
    },
    UpsertClient {
        client: Client,
    },
    /// A public host Autodiscover meets that is not Exchange (§6 https 3).
    UpsertWebHost {
        host: WebHost,
    },
    /// Deletes the object and everything that cannot exist without it.
    Delete {
        id: String,
    },
    /// Deletes a site after moving its servers, databases and arrays to `to`.
    DeleteSiteMovingContents {
        id: String,
        to: String,
    },
}

impl Edit {
    /// The id of the object the edit changes; None for the design's settings.
    pub fn target(&self) -> Option<&str> {
        Some(match self {
            Edit::UpsertSite { id, .. } | Edit::UpsertDnsZone { id, .. } => id,
            Edit::UpsertCas { cas, .. } => &cas.id,
            Edit::UpsertArray { array, .. } => &array.id,
            Edit::UpsertMailboxServer { server, .. } => &server.id,
            Edit::UpsertDatabase { database, .. } => &database.id,
            Edit::UpsertPublicFolderDatabase { database, .. } => &database.id,
            Edit::UpsertDnsView { view } => &view.id,
            Edit::UpsertDnsRecord { record, .. } => &record.id,
            Edit::UpsertNetworkZone { zone } => &zone.id,
            Edit::UpsertPerimeterRule { rule } => &rule.id,
            Edit::UpsertTimingPreset { preset } => &preset.id,
            Edit::UpsertClient { client } => &client.id,
            Edit::UpsertWebHost { host } => &host.id,
            Edit::Delete { id } | Edit::DeleteSiteMovingContents { id, .. } => id,
            Edit::SetInfo { .. }
            | Edit::SetAutodiscover { .. }
            | Edit::SetMapiHttp { .. }
            | Edit::SetMigration { .. }
            | Edit::SetPerimeterDefault { .. }
            | Edit::SetHairpinNat { .. }
            | Edit::SetRanges { .. } => return None,
        })
    }
}
