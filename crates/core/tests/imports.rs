//! Importing the fixture organisation "Contoso" (`tests/import/`): the
//! collector's folder as `collect-exchange.ps1` writes it (hand-written
//! from the script's code: no Exchange server here), the same organisation
//! as raw `Export-Csv`/`Export-Clixml` and zone files, and its public zone
//! as `dnscmd /zoneexport` writes it, which leaks the array name.
//!
//! The imported designs are golden files (`tests/import/golden/`); set
//! `UPDATE_GOLDEN=1` to rewrite them after a deliberate change, and read
//! the diff.

use cas_planner_core::analysis::Analysis;
use cas_planner_core::import::{self, Imported, Side, Source};
use cas_planner_core::sim::Outcome;
use cas_planner_core::{file, validate};
use std::path::{Path, PathBuf};

fn dir(sub: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/import")).join(sub)
}

fn read(path: &Path, side: Option<Side>) -> Source {
    let name = path
        .strip_prefix(dir(""))
        .unwrap()
        .to_string_lossy()
        .into_owned();
    import::read_bytes(&name, std::fs::read(path).unwrap(), side).unwrap_or_else(|e| panic!("{e}"))
}

/// The collector's folder (in name order, as the CLI reads a folder) and the public zone.
fn collector_sources() -> Vec<Source> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir("contoso"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut sources: Vec<Source> = paths.iter().map(|p| read(p, None)).collect();
    sources.push(read(&dir("public/contoso.com.dns"), None));
    sources
}

fn raw_sources() -> Vec<Source> {
    let mut sources: Vec<Source> = [
        "ExchangeServers.csv",
        "arrays.xml",
        "databases.xml",
        "oa.csv",
        "cas.xml",
        "org.xml",
        "casmailbox.csv",
        "db.contoso.local",
    ]
    .iter()
    .map(|f| read(&dir("raw").join(f), None))
    .collect();
    sources.push(read(
        &dir("raw/contoso.com.internal.zone"),
        Some(Side::Internal),
    ));
    sources.push(read(&dir("public/contoso.com.dns"), Some(Side::External)));
    sources
}

fn golden(name: &str, imported: &Imported) {
    let path = dir("golden").join(name);
    let text = file::save(&imported.scenario);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(dir("golden")).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        text == want,
        "{name} differs from the golden design; rerun with UPDATE_GOLDEN=1 and review the diff"
    );
    // The golden file is a scenario file like any other.
    assert_eq!(file::load(name, &want).unwrap().scenario, imported.scenario);
}

fn predictions(imported: &Imported) -> Vec<(String, &'static str, u64)> {
    Analysis::of(&imported.scenario)
        .report
        .clients
        .iter()
        .map(|c| (c.client.clone(), c.outcome.code(), c.total_ms))
        .collect()
}

#[test]
fn the_collectors_folder_imports_and_predicts_the_leak() {
    let imported = import::build(&collector_sources());
    golden("contoso-collector.casplan.json", &imported);
    let s = &imported.scenario;
    assert_eq!(validate::validate(s), vec![]);
    let sites: Vec<&str> = s.sites.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(sites, ["Redmond", "Boston"]);
    let redmond = &s.sites[0];
    let cas: Vec<(&str, String, &str, &str)> = redmond
        .cas_servers
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.ip.to_string(),
                c.exchange_version.label(),
                c.build.as_str(),
            )
        })
        .collect();
    assert_eq!(
        cas,
        [
            (
                "EX01",
                "10.1.1.11".to_string(),
                "Exchange 2010",
                "14.3.123.4"
            ),
            (
                "EX02",
                "10.1.1.12".to_string(),
                "Exchange 2010",
                "14.3.123.4"
            ),
            (
                "EX13",
                "10.1.1.31".to_string(),
                "Exchange 2013",
                "15.0.1497.2"
            ),
        ],
        "AdminDisplayVersion gives each CAS its version and build; EX13 is a 2013 CAS"
    );
    // The array's members are its site's 2010 CAS (Get-ClientAccessArray).
    assert_eq!(redmond.arrays[0].members, ["cas-ex01", "cas-ex02"]);
    // MAPI/HTTP: the organisation's from Get-OrganizationConfig; Boston's
    // mailboxes (DB03) are all off; Redmond's (DB01) disagree, so its
    // clients keep the organisation's, with a note counting them.
    assert_eq!(s.mapi_http_enabled, Some(false));
    let mailbox: Vec<(&str, Option<bool>)> = s
        .clients
        .iter()
        .map(|c| (c.name.as_str(), c.mailbox_mapi_http_enabled))
        .collect();
    assert_eq!(
        mailbox,
        [
            ("Redmond desktop", None),
            ("Redmond remote laptop", None),
            ("Boston desktop", Some(false)),
            ("Boston remote laptop", Some(false)),
        ]
    );
    let said = |part: &str| {
        imported
            .notes
            .iter()
            .find(|n| n.text.contains(part))
            .unwrap_or_else(|| panic!("no note with {part:?}: {:#?}", imported.notes))
    };
    assert!(
        said("Redmond's clients (database DB01): its 2 mailboxes in Get-CASMailbox disagree (1 on, 0 off, 1 left to the organisation)").guess
    );
    said("Boston's clients (database DB03): all 2 of its mailboxes in Get-CASMailbox have MapiHttpEnabled False");
    said("1 of the 5 mailboxes in Get-CASMailbox are on databases no imported client stands for");
    said("the organisation's MAPI/HTTP setting: MapiHttpEnabled False (Get-OrganizationConfig)");
    // AutoDiscoverSiteScope as the collector joins it: one site, none (EX02's
    // was cleared), two.
    let scope = |site: usize, cas: usize| &s.sites[site].cas_servers[cas].autodiscover_site_scope;
    assert_eq!(scope(0, 0), &["Redmond"]);
    assert!(scope(0, 1).is_empty(), "EX02's scope is empty");
    assert_eq!(scope(1, 0), &["Boston", "Hartford"]);
    // The certificate Exchange bound to IIS (Get-ExchangeCertificate): the
    // shared SAN certificate in Redmond, BOS01's self-signed one in Boston.
    let san = [
        "mail.contoso.com",
        "autodiscover.contoso.com",
        "ex01.contoso.local",
        "ex02.contoso.local",
    ];
    assert_eq!(redmond.cas_servers[0].certificate_names, san);
    assert_eq!(redmond.cas_servers[1].certificate_names, san);
    assert_eq!(
        s.sites[1].cas_servers[0].certificate_names,
        ["BOS01", "bos01.contoso.local"]
    );
    assert!(
        !imported
            .notes
            .iter()
            .any(|n| n.text.contains("taken as carrying the names")),
        "every certificate was exported: {:?}",
        imported.notes
    );
    let lb = redmond.arrays[0]
        .load_balancer
        .as_ref()
        .expect("the VIP is no server's address");
    assert_eq!(lb.vip.to_string(), "10.1.1.100");
    assert!(
        s.sites[1].arrays[0].load_balancer.is_none(),
        "Boston's array name is BOS01's address"
    );
    // The 2010 CAS publish Outlook Anywhere; EX13's is not in the export.
    assert!(redmond
        .cas_servers
        .iter()
        .filter(|c| c.exchange_version.has_rpc_tcp())
        .all(|c| c.outlook_anywhere.enabled
            && c.outlook_anywhere.external_hostname == "mail.contoso.com"));
    assert!(redmond
        .databases
        .iter()
        .any(|d| d.name == "DB13" && !d.exchange_version.has_rpc_tcp()));
    assert_eq!(
        s.perimeter.rules.len(),
        1,
        "one public address for mail and autodiscover"
    );
    // The leak: the remote laptop of Redmond waits out TCP 135 and falls back.
    let p = predictions(&imported);
    assert_eq!(
        p,
        [
            ("Redmond desktop".to_string(), "rpc-tcp", 6),
            ("Redmond remote laptop".to_string(), "rpc-http", 21_920),
            ("Boston desktop".to_string(), "rpc-tcp", 5),
            ("Boston remote laptop".to_string(), "rpc-http", 920),
        ]
    );
    let findings = Analysis::of(s).findings;
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "CAS004" && f.why.contains("outlook.contoso.com")),
        "{findings:?}"
    );
    // Every assumption is said.
    let guesses: Vec<&str> = imported
        .notes
        .iter()
        .filter(|n| n.guess)
        .map(|n| n.text.as_str())
        .collect();
    assert!(
        guesses.iter().any(|g| g.contains("load balancer's VIP")),
        "{guesses:?}"
    );
    assert!(
        guesses
            .iter()
            .any(|g| g.contains("perimeter is assumed to publish TCP 443 of mail.contoso.com")),
        "{guesses:?}"
    );
}

/// The same organisation through raw exports (#TYPE, PS* columns, CLIXML
/// with Ref/TNRef in UTF-16, BIND and dnscmd zones) gives the same design,
/// except what only the collector reads (static RPC ports).
#[test]
fn raw_exports_give_the_same_organisation() {
    let raw = import::build(&raw_sources());
    golden("contoso-raw.casplan.json", &raw);
    assert_eq!(validate::validate(&raw.scenario), vec![]);
    let collected = import::build(&collector_sources());
    let shape = |s: &cas_planner_core::Scenario| {
        s.sites
            .iter()
            .map(|site| {
                let cas: Vec<String> = site
                    .cas_servers
                    .iter()
                    .map(|c| {
                        format!(
                            "{} {} {}",
                            c.name, c.ip, c.outlook_anywhere.external_hostname
                        )
                    })
                    .collect();
                let arrays: Vec<String> = site
                    .arrays
                    .iter()
                    .map(|a| {
                        format!(
                            "{} {:?} {:?}",
                            a.fqdn,
                            a.members,
                            a.load_balancer.as_ref().map(|l| l.vip)
                        )
                    })
                    .collect();
                let dbs: Vec<String> = site
                    .databases
                    .iter()
                    .map(|d| {
                        format!(
                            "{} {} {:?}",
                            d.name, d.rpc_client_access_server, d.exchange_version
                        )
                    })
                    .collect();
                (site.name.clone(), cas, arrays, dbs)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&raw.scenario), shape(&collected.scenario));
    // Get-OrganizationConfig through Export-Clixml (`<B>false</B>`) and raw
    // Get-CASMailbox (no Database: mailboxes placed by ServerName) say
    // what the collector's files say.
    let mapi = |s: &cas_planner_core::Scenario| {
        (
            s.mapi_http_enabled,
            s.clients
                .iter()
                .map(|c| c.mailbox_mapi_http_enabled)
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(mapi(&raw.scenario), mapi(&collected.scenario));
    let times = |i: &Imported| {
        predictions(i)
            .into_iter()
            .map(|(c, o, t)| (c, o, t / 100))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        times(&raw),
        times(&collected),
        "same outcomes, to the tenth of a second"
    );
    assert!(raw
        .notes
        .iter()
        .any(|n| n.guess && n.text.contains("static RPC ports were not collected")));
    // Get-ClientAccessServer through Export-Clixml (site scopes as <LST>,
    // one empty) says what the collector's CSV says.
    let autodiscover = |s: &cas_planner_core::Scenario| {
        s.sites
            .iter()
            .flat_map(|site| &site.cas_servers)
            .map(|c| {
                (
                    c.name.clone(),
                    c.autodiscover_scp_url.clone(),
                    c.autodiscover_site_scope.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        autodiscover(&raw.scenario),
        autodiscover(&collected.scenario)
    );
    // No certificate export: each CAS carries the names it serves, said once.
    assert_eq!(
        raw.scenario.sites[0].cas_servers[0].certificate_names,
        [
            "ex01.contoso.local",
            "autodiscover.contoso.com",
            "mail.contoso.com"
        ]
    );
    let said: Vec<&import::Note> = raw
        .notes
        .iter()
        .filter(|n| n.text.contains("taken as carrying the names"))
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].guess);
    assert!(
        said[0].text.starts_with(
            "certificates of CAS \"EX01\", \"EX02\", \"EX13\", \"BOS01\" taken as carrying the names the design has each serve"
        ) && said[0].text.contains("as no Get-ExchangeCertificate export"),
        "{}",
        said[0].text
    );
}

/// Site scopes and certificates from small exports of each kind: the
/// certificate with IIS among its Services (the first not self-signed of
/// several), servers named by Identity, names that are no DNS names left
/// out, and the names served where no certificate is known; each said.
#[test]
fn certificates_and_site_scopes_are_read_or_said_why_not() {
    let servers = "Name,Fqdn,Site,ServerRole,AdminDisplayVersion\n\
        EX01,ex01.contoso.local,Redmond,ClientAccess,Version 14.3 (Build 123.4)\n\
        EX02,ex02.contoso.local,Redmond,ClientAccess,Version 14.3 (Build 123.4)\n\
        EX03,ex03.contoso.local,Redmond,ClientAccess,Version 14.3 (Build 123.4)\n\
        EX04,ex04.contoso.local,Redmond,ClientAccess,Version 14.3 (Build 123.4)\n\
        EX05,ex05.contoso.local,Redmond,ClientAccess,Version 14.3 (Build 123.4)\n";
    let certificates = "Identity,Thumbprint,CertificateDomains,Services,IsSelfSigned\n\
        ex01.contoso.local\\AA01,AA01,mail.contoso.com;*.contoso.com,IIS,False\n\
        EX02\\BB01,BB01,EX02,\"IMAP, POP, IIS, SMTP\",True\n\
        EX02\\BB02,BB02,mail.contoso.com;bad name;x.contoso.com,\"IIS, SMTP\",False\n\
        EX03\\CC01,CC01,ex03.contoso.local,SMTP,True\n\
        EX05\\EE01,EE01,System.Object[],IIS,False\n\
        EX09\\FF01,FF01,ex09.contoso.local,IIS,False\n\
        GG01,GG01,gg.contoso.local,IIS,False\n";
    let cas = "Name,AutoDiscoverServiceInternalUri,AutoDiscoverSiteScope\n\
        EX01,https://ex01.contoso.local/Autodiscover/Autodiscover.xml,Redmond;Boston\n\
        EX02,https://ex02.contoso.local/Autodiscover/Autodiscover.xml,Microsoft.Exchange.Data.MultiValuedProperty`1[System.String]\n\
        EX03,ex03.contoso.local,\n";
    let sources = [
        import::read("servers.csv", servers, None).unwrap(),
        import::read("certificates.csv", certificates, None).unwrap(),
        import::read("cas.csv", cas, None).unwrap(),
    ];
    let imported = import::build(&sources);
    assert_eq!(validate::validate(&imported.scenario), vec![]);
    let site = &imported.scenario.sites[0];
    let names: Vec<&[String]> = site
        .cas_servers
        .iter()
        .map(|c| c.certificate_names.as_slice())
        .collect();
    assert_eq!(names[0], ["mail.contoso.com", "*.contoso.com"]);
    assert_eq!(names[1], ["mail.contoso.com", "x.contoso.com"]);
    assert_eq!(names[2], ["ex03.contoso.local"], "the names EX03 serves");
    assert_eq!(names[3], ["ex04.contoso.local"]);
    assert_eq!(names[4], ["ex05.contoso.local"]);
    assert_eq!(
        site.cas_servers[0].autodiscover_site_scope,
        ["Redmond", "Boston"]
    );
    assert!(site.cas_servers[1].autodiscover_site_scope.is_empty());
    assert_eq!(site.cas_servers[2].autodiscover_scp_url, "", "not a URL");
    let notes: Vec<&str> = imported.notes.iter().map(|n| n.text.as_str()).collect();
    for part in [
        "EX02: 2 certificates have IIS among their Services",
        "BB02 taken as the one HTTPS presents, the first not self-signed",
        "EX02: 1 name on certificate BB02 left out: \"bad name\" is not a valid DNS name",
        "EX03: none of its 1 certificate has IIS among its Services",
        "EX04: no certificate of it in the Get-ExchangeCertificate export",
        "EX05: CertificateDomains of certificate EE01 printed as its type name",
        "certificates of servers not in Get-ExchangeServer skipped: EX09",
        "1 certificate naming no server",
        "AutoDiscoverSiteScope of EX02 printed as its type name",
        "EX03: AutoDiscoverServiceInternalUri \"ex03.contoso.local\" is not an http:// or https:// URL; not taken",
        "certificates of CAS \"EX03\", \"EX04\", \"EX05\" taken as carrying the names the design has each serve",
    ] {
        assert!(notes.iter().any(|n| n.contains(part)), "{part}: {notes:#?}");
    }
}

/// A server whose address nobody gave is written as 0.0.0.0, noted, and
/// reported by the advisor (CAS014): never a silent default.
#[test]
fn an_unknown_address_is_a_note_and_a_finding() {
    let sources: Vec<Source> = collector_sources()
        .into_iter()
        .filter(|s| !s.name.contains("server-addresses") && !s.name.contains("dns-records"))
        .collect();
    let imported = import::build(&sources);
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.guess && n.text.contains("EX01's address is not known")),
        "{:?}",
        imported.notes
    );
    let findings = Analysis::of(&imported.scenario).findings;
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "CAS014" && f.why.contains("CAS EX01")),
        "{findings:?}"
    );
}

#[test]
fn switching_a_zones_side_changes_the_design() {
    let mut sources = collector_sources();
    let public = sources.last_mut().unwrap();
    public.zones_mut()[0].side = Side::Internal;
    let imported = import::build(&sources);
    let internet = imported
        .scenario
        .dns_views
        .iter()
        .find(|v| v.id == "view-internet")
        .unwrap();
    assert!(internet.zones.is_empty());
    let remote = Analysis::of(&imported.scenario)
        .report
        .clients
        .iter()
        .find(|c| c.client == "Redmond remote laptop")
        .cloned()
        .unwrap();
    assert!(
        matches!(remote.outcome, Outcome::Failed { .. }),
        "no public zone: nothing resolves from outside"
    );
}

/// 500 databases and a 50,000-record zone import completely (the speed is
/// `make bench`'s to print).
#[test]
fn a_large_organisation_imports_completely() {
    let mut servers = String::from("Name,Fqdn,Site,ServerRole,AdminDisplayVersion\n");
    let mut dbs = String::from("Name,Server,RpcClientAccessServer\n");
    for i in 0..50 {
        servers.push_str(&format!(
            "MBX{i:02},mbx{i:02}.contoso.local,Site{},Mailbox,Version 14.3 (Build 123.4)\n",
            i % 5
        ));
    }
    for i in 0..500 {
        dbs.push_str(&format!(
            "DB{i:03},MBX{:02},outlook-{}.contoso.local\n",
            i % 50,
            i % 50 % 5
        ));
    }
    let mut zone = String::from("$ORIGIN contoso.local.\n");
    for i in 0..50_000 {
        zone.push_str(&format!(
            "host{i} A 10.{}.{}.{}\n",
            i / 65536,
            i / 256 % 256,
            i % 256
        ));
    }
    let sources = vec![
        import::read("servers.csv", &servers, None).unwrap(),
        import::read("dbs.csv", &dbs, None).unwrap(),
        import::read("contoso.local.dns", &zone, None).unwrap(),
    ];
    let imported = import::build(&sources);
    assert_eq!(
        imported
            .scenario
            .sites
            .iter()
            .map(|s| s.databases.len())
            .sum::<usize>(),
        500
    );
    assert_eq!(
        imported.scenario.dns_views[0].zones[0].records.len(),
        50_000
    );
    assert_eq!(validate::validate(&imported.scenario), vec![]);
}
