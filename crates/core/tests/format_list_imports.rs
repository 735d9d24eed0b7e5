//! Format-List pastes through the whole import: the real paste in
//! `../shared/real-world/format-list/` (an admin's `Get-OutlookAnywhere | fl`
//! from an Exchange 2010 server, in a public issue), forum-style variants,
//! and the fixture organisation "Contoso" pasted as Format-List
//! (`tests/import/format-list/contoso-session.txt`: Get-ExchangeServer,
//! Get-ClientAccessArray, Get-MailboxDatabase, Get-OutlookAnywhere,
//! Get-ClientAccessServer and `Get-ExchangeCertificate -Server X` as the
//! 2010 shell prints them, Get-OrganizationConfig and Get-CASMailbox as the
//! 2013 shell does, with prompts and free text between), which must give
//! the design and the findings the CSV route gives.

use cas_planner_core::analysis::Analysis;
use cas_planner_core::import::{self, shell::Kind, Content, Imported, Side, Source};
use cas_planner_core::validate;
use std::path::PathBuf;

const REAL_PASTE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/real-world/format-list/exch2010-get-outlookanywhere.txt"
);

fn fixture(sub: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/import")).join(sub)
}

fn read(sub: &str, side: Option<Side>) -> Source {
    import::read_bytes(sub, std::fs::read(fixture(sub)).unwrap(), side)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn has_note(notes: &[String], part: &str) -> bool {
    notes.iter().any(|n| n.contains(part))
}

#[test]
fn the_real_paste_reads_with_every_value() {
    let s = import::read_bytes(
        "exch2010-get-outlookanywhere.txt",
        std::fs::read(REAL_PASTE).unwrap(),
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        s.summary(),
        "Format-List text: Get-OutlookAnywhere, 1 object"
    );
    assert!(matches!(s.content, Content::FormatList(_)));
    let row = &s.tables()[0].rows[0];
    assert_eq!(row.line, 1);
    assert_eq!(row.get("ExternalHostname"), Some("mail.externalURL.de"));
    assert_eq!(row.get("ClientAuthenticationMethod"), Some("Basic"));
    assert_eq!(row.get("IISAuthenticationMethods"), Some("{Basic}"));
    assert_eq!(row.list("IISAuthenticationMethods").unwrap(), ["Basic"]);
    assert_eq!(row.get("SSLOffloading"), Some("False"));
    assert!(
        row.has("XropUrl") && row.get("XropUrl").is_none(),
        "XropUrl is there, empty"
    );
    assert_eq!(row.list("ExtendedProtectionSPNList"), Some(vec![]));
    assert_eq!(row.get("Server"), Some("exchange"));
    assert_eq!(row.get("Path"), Some("C:\\Windows\\System32\\RpcProxy"));
    assert_eq!(row.get("ExchangeVersion"), Some("0.10 (14.0.100.0)"));
    assert!(
        has_note(&s.notes, "read from Format-List: Get-OutlookAnywhere at line 1: Server = exchange; ExternalHostname = mail.externalURL.de; ClientAuthenticationMethod = Basic"),
        "{:#?}",
        s.notes
    );
    assert!(has_note(
        &s.notes,
        "remote-session columns ignored: PSComputerName, RunspaceId"
    ));
    // Alone it makes a design with no servers, and says why.
    let imported = import::build([&s]);
    assert_eq!(validate::validate(&imported.scenario), vec![]);
    assert!(imported
        .notes
        .iter()
        .any(|n| n.text.contains("no Get-ExchangeServer export")));
}

/// `text` as forums paste it: two trailing spaces and a blank line after every line.
fn forum(text: &str) -> String {
    text.replace("\r\n", "\n")
        .lines()
        .map(|l| format!("{l}  \n\n"))
        .collect()
}

#[test]
fn the_real_paste_as_a_forum_shows_it() {
    let text = std::fs::read_to_string(REAL_PASTE).unwrap();
    let s = import::read("pasted.txt", &forum(&text), None).unwrap_or_else(|e| panic!("{e}"));
    let row = &s.tables()[0].rows[0];
    assert_eq!(row.get("ExternalHostname"), Some("mail.externalURL.de"));
    assert!(row.has("XropUrl") && row.get("Name") == Some("Rpc (Default Web Site)"));
    assert!(has_note(&s.notes, "a blank line after every line"));
}

/// The 2013+ shell prints Outlook Anywhere's authentication as an
/// External/Internal pair: the external one is taken, and said.
#[test]
fn exchange_2013_names_are_read() {
    let text =
        "[PS] C:\\>Get-OutlookAnywhere | fl Server,*hostname,*clientauthenticationmethod\n\n\
Server                             : EX15\n\
ExternalHostname                   : mail.contoso.com\n\
InternalHostname                   : mail.contoso.com\n\
ExternalClientAuthenticationMethod : Negotiate\n\
InternalClientAuthenticationMethod : Ntlm\n\n\
[PS] C:\\>Get-ClientAccessService | fl Name,AutoDiscoverServiceInternalUri\n\n\
Name                           : EX15\n\
AutoDiscoverServiceInternalUri : https://autodiscover.contoso.com/Autodiscover/Autodiscover.xml\n";
    let s = import::read("e15.txt", text, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        s.summary(),
        "Format-List text: Get-OutlookAnywhere, 1 object; Get-ClientAccessServer, 1 object"
    );
    assert_eq!(
        s.tables()[0].rows[0].get("ClientAuthenticationMethod"),
        Some("Negotiate")
    );
    assert!(has_note(&s.notes, "Get-ClientAccessService at line 11"));
}

/// The fixture organisation as CSV (the collector's tables of the same
/// six cmdlets) and the zones both routes share.
fn csv_sources() -> Vec<Source> {
    let mut s: Vec<Source> = [
        "contoso/exchange-servers.csv",
        "contoso/client-access-arrays.csv",
        "contoso/mailbox-databases.csv",
        "contoso/outlook-anywhere.csv",
        "contoso/client-access-servers.csv",
        "contoso/exchange-certificates.csv",
        "contoso/organization-config.csv",
        "contoso/cas-mailboxes.csv",
    ]
    .iter()
    .map(|f| read(f, None))
    .collect();
    s.extend(zones());
    s
}

fn zones() -> Vec<Source> {
    vec![
        read("raw/db.contoso.local", None),
        read("raw/contoso.com.internal.zone", Some(Side::Internal)),
        read("public/contoso.com.dns", Some(Side::External)),
    ]
}

/// What a design's findings say, without the fixes offered.
fn findings(i: &Imported) -> Vec<(String, String, Vec<String>, String)> {
    Analysis::of(&i.scenario)
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.title.clone(),
                f.objects.clone(),
                f.why.clone(),
            )
        })
        .collect()
}

fn predictions(i: &Imported) -> Vec<(String, &'static str, u64)> {
    Analysis::of(&i.scenario)
        .report
        .clients
        .iter()
        .map(|c| (c.client.clone(), c.outcome.code(), c.total_ms))
        .collect()
}

fn check_same_as_csv(paste: Source) {
    assert_eq!(
        paste.summary(),
        "Format-List text: Get-ExchangeServer, 5 objects; Get-ClientAccessArray, 2 objects; \
         Get-MailboxDatabase, 4 objects; Get-OutlookAnywhere, 3 objects; \
         Get-ClientAccessServer, 4 objects; Get-ExchangeCertificate, 7 objects; \
         Get-OrganizationConfig, 1 object; Get-CASMailbox, 5 objects"
    );
    let mut sources = vec![paste];
    sources.extend(zones());
    let pasted = import::build(&sources);
    let csv = import::build(&csv_sources());
    assert_eq!(validate::validate(&pasted.scenario), vec![]);
    assert_eq!(pasted.scenario.sites, csv.scenario.sites);
    assert_eq!(pasted.scenario.dns_views, csv.scenario.dns_views);
    assert_eq!(pasted.scenario.perimeter, csv.scenario.perimeter);
    // MAPI/HTTP: the organisation's (one line under its prompt) and the
    // mailboxes' (by ServerName here, by the collector's Database there).
    assert_eq!(pasted.scenario.mapi_http_enabled, Some(false));
    let mailbox_settings = |i: &Imported| {
        i.scenario
            .clients
            .iter()
            .map(|c| (c.name.clone(), c.mailbox_mapi_http_enabled))
            .collect::<Vec<_>>()
    };
    assert_eq!(mailbox_settings(&pasted), mailbox_settings(&csv));
    let found = findings(&pasted);
    assert_eq!(found, findings(&csv));
    assert!(found.iter().any(|f| f.0 == "CAS004"), "the leak: {found:?}");
    assert_eq!(predictions(&pasted), predictions(&csv));
    // Site scopes as `{Boston, Hartford}` and `{}`, and the certificate each
    // CAS presents, named by the prompt's -Server.
    let cas = |site: usize, i: usize| &pasted.scenario.sites[site].cas_servers[i];
    assert_eq!(cas(1, 0).autodiscover_site_scope, ["Boston", "Hartford"]);
    assert!(cas(0, 1).autodiscover_site_scope.is_empty());
    assert_eq!(
        cas(1, 0).certificate_names,
        ["BOS01", "bos01.contoso.local"]
    );
    assert_eq!(cas(0, 0).certificate_names.len(), 4);
    // Each of the 31 objects is marked as read from Format-List.
    let marked = pasted
        .notes
        .iter()
        .filter(|n| n.text.starts_with("read from Format-List"))
        .count();
    assert_eq!(marked, 31);
}

#[test]
fn a_pasted_session_gives_the_csv_routes_design_and_findings() {
    let paste = read("format-list/contoso-session.txt", None);
    for part in [
        "NetworkAddress cut short with `...}` (lines 6, 56, 106, 156, 206): incomplete",
        "4 lines of other text skipped",
        "values wrapped onto the next line joined",
        "remote-session columns ignored: RunspaceId",
        "Get-ExchangeCertificate at lines 492, 510, 531, 549, 570, 590, 607: the server taken from the prompt's -Server",
        "read from Format-List: Get-OrganizationConfig at line 629: MapiHttpEnabled = False",
        "read from Format-List: Get-CASMailbox at line 635: Name = Alice Ames; PrimarySmtpAddress = alice@contoso.com; ServerName = mbx01; MapiHttpEnabled = True",
        "read from Format-List: Get-ClientAccessServer at line 444: Name = BOS01; AutoDiscoverServiceInternalUri = https://autodiscover.contoso.com/Autodiscover/Autodiscover.xml; AutoDiscoverSiteScope = {Boston, Hartford}",
    ] {
        assert!(has_note(&paste.notes, part), "{part}: {:#?}", paste.notes);
    }
    let ex01 = &paste.tables()[0].rows[0];
    assert_eq!(
        ex01.get("ExchangeLegacyDN"),
        Some("/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=EX01")
    );
    assert_eq!(ex01.get("WhenChanged"), Some("17.03.2011 14:22:05"));
    check_same_as_csv(paste);
}

#[test]
fn the_session_pasted_into_a_forum_gives_the_same() {
    let text = std::fs::read_to_string(fixture("format-list/contoso-session.txt")).unwrap();
    let paste = import::read("forum.txt", &forum(&text), None).unwrap_or_else(|e| panic!("{e}"));
    assert!(has_note(&paste.notes, "a blank line after every line"));
    check_same_as_csv(paste);
}

/// A paste of a cmdlet the planner does not read is refused with what it
/// held; one with a part it reads keeps the rest as a count.
#[test]
fn other_cmdlets_are_counted_never_dropped() {
    let vdirs = "Server      : EX01\nName        : owa (Default Web Site)\nInternalUrl : https://mail.contoso.com/owa\nExternalUrl :\n\n\
                 Server      : EX01\nName        : ecp (Default Web Site)\nInternalUrl : https://mail.contoso.com/ecp\nExternalUrl :\n";
    let e = import::read("vdirs.txt", vdirs, None).unwrap_err();
    assert!(
        e.to_string().starts_with("vdirs.txt:1:1: Format-List output, but none of its 2 objects comes from a cmdlet the planner reads (a virtual directory (Get-*VirtualDirectory))"),
        "{e}"
    );
    let text = format!("{vdirs}\nName                           : EX01\nAutoDiscoverServiceInternalUri : https://autodiscover.contoso.com/Autodiscover/Autodiscover.xml\n");
    let s = import::read("mixed.txt", &text, None).unwrap();
    assert_eq!(s.tables()[0].kind, Kind::ClientAccessServer);
    assert!(has_note(
        &s.notes,
        "2 objects skipped, not from a cmdlet the planner reads: 2 × a virtual directory (Get-*VirtualDirectory) (lines 1, 6)"
    ));
}
