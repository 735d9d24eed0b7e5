//! What issue 30 reads from an organisation's exports (§10): each Client
//! Access server's and database's Exchange version and build from
//! AdminDisplayVersion, the organisation's and the mailboxes' MAPI/HTTP
//! settings (Get-OrganizationConfig, Get-CASMailbox), and AAAA records —
//! in each export form the importer reads, as a user sees them in the
//! imported design.

use cas_planner_core::dns;
use cas_planner_core::import::{self, Imported, Note, Source};
use cas_planner_core::model::ExchangeVersion;
use cas_planner_core::validate;
use cas_planner_core::world::World;
use std::path::PathBuf;

fn read(name: &str, text: &str) -> Source {
    import::read(name, text, None).unwrap_or_else(|e| panic!("{e}"))
}

fn build(sources: &[Source]) -> Imported {
    let imported = import::build(sources);
    assert_eq!(validate::validate(&imported.scenario), vec![]);
    imported
}

fn note<'a>(imported: &'a Imported, part: &str) -> &'a Note {
    imported
        .notes
        .iter()
        .find(|n| n.text.contains(part))
        .unwrap_or_else(|| panic!("no note with {part:?}: {:#?}", imported.notes))
}

const SERVERS: &str = "Name,Fqdn,Site,ServerRole,AdminDisplayVersion\n\
    EX10,ex10.contoso.local,Redmond,\"ClientAccess, HubTransport\",Version 14.3 (Build 123.4)\n\
    EX16,ex16.contoso.local,Redmond,Mailbox,Version 15.1 (Build 2507.6)\n\
    EX19,ex19.contoso.local,Redmond,Mailbox,Version 15.2 (Build 1748.10)\n\
    EXSE,exse.contoso.local,Boston,Mailbox,Version 15.2 (Build 2562.17)\n\
    EXQQ,exqq.contoso.local,Boston,\"Mailbox, ClientAccess\",Version 15.x (Build 1.1)\n";

const ADDRESSES: &str = "Server,Fqdn,IPv4Address\n\
    EX10,ex10.contoso.local,10.1.1.10\nEX16,ex16.contoso.local,10.1.1.16\n\
    EX19,ex19.contoso.local,10.1.1.19\nEXSE,exse.contoso.local,10.2.1.20\n\
    EXQQ,exqq.contoso.local,10.2.1.30\n";

fn cas<'s>(imported: &'s Imported, name: &str) -> &'s cas_planner_core::model::CasServer {
    imported
        .scenario
        .sites
        .iter()
        .flat_map(|s| &s.cas_servers)
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no CAS {name}"))
}

/// An imported 2016 server becomes a 2016 CAS with its build; 15.2 is
/// 2019 before build 2562 and Subscription Edition from it; a 2016 or
/// later server listed only as `Mailbox` serves clients too; a version not
/// understood keeps 2010, named with its text in a note for review.
#[test]
fn each_server_becomes_a_cas_of_its_version_and_build() {
    let imported = build(&[
        read("servers.csv", SERVERS),
        read("addresses.csv", ADDRESSES),
    ]);
    let got: Vec<(&str, ExchangeVersion, &str)> = ["EX10", "EX16", "EX19", "EXSE", "EXQQ"]
        .iter()
        .map(|n| {
            let c = cas(&imported, n);
            (c.name.as_str(), c.exchange_version, c.build.as_str())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("EX10", ExchangeVersion::V2010, "14.3.123.4"),
            ("EX16", ExchangeVersion::V2016, "15.1.2507.6"),
            ("EX19", ExchangeVersion::V2019, "15.2.1748.10"),
            ("EXSE", ExchangeVersion::Se, "15.2.2562.17"),
            ("EXQQ", ExchangeVersion::V2010, ""),
        ]
    );
    let n = note(&imported, "AdminDisplayVersion of 1 server not understood");
    assert!(n.guess, "keeping 2010 is an assumption to review");
    assert!(
        n.text
            .ends_with("kept as Exchange 2010 with no build: EXQQ \"Version 15.x (Build 1.1)\""),
        "{}",
        n.text
    );
    assert_eq!(n.file.as_deref(), Some("servers.csv"));
}

/// A database takes its own AdminDisplayVersion; without one, or with one
/// not understood, its server's (said in a note naming it and its text).
#[test]
fn each_database_takes_its_version_else_its_servers() {
    let databases = "Name,Server,RpcClientAccessServer,AdminDisplayVersion\n\
        DB10,EX10,outlook.contoso.local,Version 14.3 (Build 123.4)\n\
        DB16,EX16,ex16.contoso.local,\n\
        DB19,EX19,ex19.contoso.local,Version 15.2 (Build 1748.10)\n\
        DBSE,EXSE,exse.contoso.local,garbage\n";
    let servers = SERVERS.replace(
        "\"ClientAccess, HubTransport\"",
        "\"Mailbox, ClientAccess\"",
    );
    let imported = build(&[
        read("servers.csv", &servers),
        read("addresses.csv", ADDRESSES),
        read("databases.csv", databases),
    ]);
    let got: Vec<(&str, ExchangeVersion)> = imported
        .scenario
        .sites
        .iter()
        .flat_map(|s| &s.databases)
        .map(|d| (d.name.as_str(), d.exchange_version))
        .collect();
    assert_eq!(
        got,
        [
            ("DB10", ExchangeVersion::V2010),
            ("DB16", ExchangeVersion::V2016),
            ("DB19", ExchangeVersion::V2019),
            ("DBSE", ExchangeVersion::Se),
        ]
    );
    note(
        &imported,
        "AdminDisplayVersion of 1 database not understood, so not guessed: each taken as its server's version: DBSE \"garbage\" (on EXSE, Exchange Server SE)",
    );
}

/// The same servers as Export-Clixml writes them: a ServerVersion with
/// its ToString, and one without (its Major/Minor/Build/Revision read).
#[test]
fn clixml_server_versions_with_or_without_their_tostring() {
    let xml = r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
<Obj RefId="0"><TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.Management.ExchangeServer</T></TN><Props><S N="Name">EX16</S><S N="Fqdn">ex16.contoso.local</S><S N="Site">contoso.local/Configuration/Sites/Redmond</S><S N="ServerRole">Mailbox</S>
<Obj N="AdminDisplayVersion" RefId="1"><TN RefId="1"><T>Deserialized.Microsoft.Exchange.Data.ServerVersion</T></TN><ToString>Version 15.1 (Build 2507.6)</ToString><Props><I32 N="Major">15</I32><I32 N="Minor">1</I32><I32 N="Build">2507</I32><I32 N="Revision">6</I32></Props></Obj></Props></Obj>
<Obj RefId="2"><TNRef RefId="0" /><Props><S N="Name">EXSE</S><S N="Fqdn">exse.contoso.local</S><S N="Site">contoso.local/Configuration/Sites/Redmond</S><S N="ServerRole">Mailbox</S>
<Obj N="AdminDisplayVersion" RefId="3"><TNRef RefId="1" /><Props><I32 N="Major">15</I32><I32 N="Minor">2</I32><I32 N="Build">2562</I32><I32 N="Revision">17</I32></Props></Obj></Props></Obj>
</Objs>"#;
    let imported = build(&[read("servers.xml", xml)]);
    assert_eq!(
        (
            cas(&imported, "EX16").exchange_version,
            cas(&imported, "EX16").build.as_str()
        ),
        (ExchangeVersion::V2016, "15.1.2507.6")
    );
    assert_eq!(
        (
            cas(&imported, "EXSE").exchange_version,
            cas(&imported, "EXSE").build.as_str()
        ),
        (ExchangeVersion::Se, "15.2.2562.17")
    );
}

/// Microsoft's own Get-ExchangeServer exports (`../shared/real-world/`):
/// Exchange 2013 CU23 (`Mailbox, ClientAccess`) and Exchange 2019 (only
/// `Mailbox`, which holds client access from 2016 on).
#[test]
fn microsofts_clixml_exports_give_their_versions() {
    for (file, version, number) in [
        (
            "E15-GetExchangeServer.xml",
            ExchangeVersion::V2013,
            "15.0.1497.2",
        ),
        (
            "E19-GetExchangeServer.xml",
            ExchangeVersion::V2019,
            "15.2.986.5",
        ),
    ] {
        let path = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/real-world/clixml"
        ))
        .join(file);
        let source = import::read_bytes(file, std::fs::read(&path).unwrap(), None)
            .unwrap_or_else(|e| panic!("{e}"));
        let imported = build(&[source]);
        let all: Vec<(ExchangeVersion, &str)> = imported
            .scenario
            .sites
            .iter()
            .flat_map(|s| &s.cas_servers)
            .map(|c| (c.exchange_version, c.build.as_str()))
            .collect();
        assert_eq!(all, [(version, number)], "{file}");
    }
}

const ORG_FALSE: &str = "Name,MapiHttpEnabled\nContoso,False\n";

/// The organisation's MapiHttpEnabled, from CSV, CLIXML and a one-line
/// Format-List paste under its prompt; empty (Exchange 2010's shell) is
/// left to the model's default, said.
#[test]
fn the_organisations_mapi_http_setting_is_read_in_every_form() {
    let csv = build(&[read("org.csv", ORG_FALSE)]);
    assert_eq!(csv.scenario.mapi_http_enabled, Some(false));
    let xml = r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0"><TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.Management.OrganizationConfig</T></TN><Props><S N="Name">Contoso</S><B N="MapiHttpEnabled">true</B></Props></Obj></Objs>"#;
    assert_eq!(
        build(&[read("org.xml", xml)]).scenario.mapi_http_enabled,
        Some(true)
    );
    let paste =
        "[PS] C:\\>Get-OrganizationConfig | fl MapiHttpEnabled\r\n\r\nMapiHttpEnabled : False\r\n";
    let pasted = build(&[read("org.txt", paste)]);
    assert_eq!(pasted.scenario.mapi_http_enabled, Some(false));
    let empty = build(&[read("org.csv", "Name,MapiHttpEnabled\nContoso,\n")]);
    assert_eq!(empty.scenario.mapi_http_enabled, None);
    assert!(note(&empty, "Get-OrganizationConfig has no MapiHttpEnabled").guess);
    // Two exports that disagree: neither is taken.
    let both = build(&[
        read("org.csv", ORG_FALSE),
        read("org2.csv", "Name,MapiHttpEnabled\nContoso,True\n"),
    ]);
    assert_eq!(both.scenario.mapi_http_enabled, None);
    note(
        &both,
        "the exports disagree on the organisation's MapiHttpEnabled (org.csv: False, org2.csv: True)",
    );
}

/// Get-CASMailbox: a client stands for the mailboxes of its database; when
/// they agree, the client carries their setting; when they do not, it keeps
/// the organisation's and a note counts them.
#[test]
fn mailbox_settings_reach_the_clients_that_stand_for_them() {
    let servers = "Name,Fqdn,Site,ServerRole,AdminDisplayVersion\n\
        EX16,ex16.contoso.local,Redmond,Mailbox,Version 15.1 (Build 2507.6)\n\
        BOS16,bos16.contoso.local,Boston,Mailbox,Version 15.1 (Build 2507.6)\n";
    let addresses = "Server,Fqdn,IPv4Address\nEX16,ex16.contoso.local,10.1.1.16\nBOS16,bos16.contoso.local,10.2.1.16\n";
    let databases = "Name,Server,RpcClientAccessServer\nDB1,EX16,ex16.contoso.local\nDB2,BOS16,bos16.contoso.local\n";
    let mailboxes = "Identity,PrimarySmtpAddress,Database,MapiHttpEnabled\n\
        a,a@contoso.com,DB1,False\nb,b@contoso.com,DB1,False\n\
        c,c@contoso.com,DB2,True\nd,d@contoso.com,DB2,False\ne,e@contoso.com,DB2,\nf,f@contoso.com,DB2,Maybe\n";
    let imported = build(&[
        read("servers.csv", servers),
        read("addresses.csv", addresses),
        read("databases.csv", databases),
        read("org.csv", "Name,MapiHttpEnabled\nContoso,True\n"),
        read("mailboxes.csv", mailboxes),
    ]);
    assert_eq!(imported.scenario.mapi_http_enabled, Some(true));
    let got: Vec<(&str, Option<bool>)> = imported
        .scenario
        .clients
        .iter()
        .map(|c| (c.name.as_str(), c.mailbox_mapi_http_enabled))
        .collect();
    assert_eq!(
        got,
        [
            ("Redmond desktop", Some(false)),
            ("Redmond remote laptop", Some(false)),
            ("Boston desktop", None),
            ("Boston remote laptop", None),
        ]
    );
    note(&imported, "Redmond's clients (database DB1): all 2 of its mailboxes in Get-CASMailbox have MapiHttpEnabled False");
    let n = note(&imported, "Boston's clients (database DB2): its 4 mailboxes in Get-CASMailbox disagree (1 on, 1 off, 1 left to the organisation, 1 not understood): the clients keep the organisation's MAPI/HTTP setting");
    assert!(n.guess);
    note(&imported, "MapiHttpEnabled of 1 mailbox neither True, False nor empty, so not guessed (counted as not understood): f@contoso.com \"Maybe\"");
    // A selection pasted under Get-CASMailbox's prompt is mailboxes, not
    // the organisation's object, though it has only the key both print.
    let paste = "[PS] C:\\>Get-CASMailbox | fl Name,MapiHttpEnabled\n\nName            : a\nMapiHttpEnabled : True\n\nName            : b\nMapiHttpEnabled : True\n";
    assert_eq!(
        read("mailboxes.txt", paste).summary(),
        "Format-List text: Get-CASMailbox, 2 objects"
    );
}

/// An AAAA line in a zone file is imported and named in the DNS answer
/// for the name, next to its A record; from the collector's record CSV too.
#[test]
fn an_aaaa_record_is_imported_and_answers() {
    let zone = "$ORIGIN contoso.com.\n@ SOA ns1 hostmaster 1 900 600 86400 3600\noutlook A 203.0.113.10\noutlook AAAA 2001:db8::10\n";
    let imported =
        build(&[import::read("contoso.com.zone", zone, Some(import::Side::External)).unwrap()]);
    let world = World::new(&imported.scenario);
    let res = dns::resolve(&world, "view-internet", "outlook.contoso.com");
    assert_eq!(
        res.answer.addresses_v6(),
        ["2001:db8::10".parse::<std::net::Ipv6Addr>().unwrap()]
    );
    assert_eq!(res.answer.addresses().len(), 1);
    assert!(
        res.hops
            .iter()
            .any(|h| h.text.contains("outlook.contoso.com AAAA 2001:db8::10")),
        "{:?}",
        res.hops
    );
    let csv = "\"Side\",\"ZoneName\",\"HostName\",\"RecordType\",\"TimeToLive\",\"RecordData\"\n\
        \"external\",\"contoso.com\",\"outlook\",\"AAAA\",\"3600\",\"2001:db8::10\"\n";
    let imported = build(&[read("dns-records.csv", csv)]);
    let world = World::new(&imported.scenario);
    let res = dns::resolve(&world, "view-internet", "outlook.contoso.com");
    assert_eq!(res.answer.addresses_v6().len(), 1, "{res:?}");
}
