//! Files a user picks that are not exports at all — a DNS server's update
//! log lying beside its zones, a table printed by `Resolve-DnsName` (other
//! tables are Format-Table's, named with their cmdlet by
//! `format_list::format_table`), a script, a page saved from a browser, an
//! empty file — named for what they are, with what to export instead, before a
//! reader mistakes them for a zone and reports a puzzling line.
//!
//! Each test looks at the first lines only, and only for shapes no export
//! the planner reads can have, so a real export is never refused here.

use super::ParseError;

/// What a zone export is, for the messages.
const EXPORT_ZONE: &str = "export the zone itself (dnscmd /zoneexport, Export-DnsServerZone, the DNS host's Export, or collect-exchange.ps1)";
/// What a cmdlet export is, for the messages.
const EXPORT_CMDLET: &str =
    "export the cmdlet's objects with Export-Csv or Export-Clixml, or run collect-exchange.ps1";

/// The one-line refusal for a file that is not an export, at line 1
/// column 1; None for anything that may be one.
pub fn refusal(text: &str) -> Option<ParseError> {
    let body = text.trim_start_matches('\u{feff}');
    let message = if body.trim().is_empty() {
        format!("the file is empty: nothing to import; {EXPORT_ZONE}, or {EXPORT_CMDLET}")
    } else if is_dns_update_log(body) {
        format!("this is a Windows DNS server's update log ($SOURCE, $VERSION, $ADD, $DELETE: the changes made to a zone), not the zone; {EXPORT_ZONE} — the .dns file beside it is one")
    } else if is_html(body) {
        format!("this is a web page (HTML), perhaps saved from a browser or a portal; {EXPORT_ZONE}, or {EXPORT_CMDLET}")
    } else if is_markdown(body) {
        format!(
            "this is a text document (Markdown), not an export; {EXPORT_ZONE}, or {EXPORT_CMDLET}"
        )
    } else if let Some(kind) =
        script_kind(body).filter(|_| !super::format_list::looks_like_format_list(body))
    {
        // (A Format-List paste may carry the command that made it, or the
        // `$FormatEnumerationLimit = -1` its notes advise: not a script.)
        format!(
            "this is {kind}, not its output; run it and import what it writes, or {EXPORT_CMDLET}"
        )
    } else if table_header(body).is_some_and(|h| is_resolve_dns_name(&h)) {
        // Other tables are Format-Table's, which `format_list::format_table`
        // names with their cmdlet (one home for that rule).
        format!(
            "this is Resolve-DnsName output, the answer to one query, not a zone; {EXPORT_ZONE}"
        )
    } else {
        return None;
    };
    Some(ParseError {
        line: 1,
        column: 1,
        message,
    })
}

/// The lines that say something (not blank), trimmed at the end.
fn lines(body: &str) -> impl Iterator<Item = &str> {
    body.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
}

/// `$SOURCE`, `$VERSION`, `$ADD` or `$DELETE` at a line's start: what the
/// Windows DNS server writes to `zone.dns.log`, and no zone file has.
fn is_dns_update_log(body: &str) -> bool {
    lines(body).take(20).any(|l| {
        let word = l.split_whitespace().next().unwrap_or("");
        ["$SOURCE", "$VERSION", "$ADD", "$DELETE"]
            .iter()
            .any(|d| word.eq_ignore_ascii_case(d))
    })
}

fn is_html(body: &str) -> bool {
    let start: String = body
        .trim_start()
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || (start.starts_with('<') && (start.contains("<head") || start.contains("<body")))
}

/// A Markdown document (a README beside the exports): a `# ` heading first,
/// then more Markdown (a subheading, a table row or a list) soon after. No
/// zone file starts with `#` (its comments are `;`), and a PowerShell
/// script's first `#` line is a comment, not followed by Markdown.
fn is_markdown(body: &str) -> bool {
    let mut it = lines(body);
    let Some(first) = it.next() else {
        return false;
    };
    first.starts_with("# ")
        && it.take(60).any(|l| {
            l.starts_with("## ")
                || l.starts_with("| ")
                || l.starts_with("- ")
                || l.starts_with("|---")
        })
}

/// "a PowerShell script" / "a shell script" when the first lines are code.
fn script_kind(body: &str) -> Option<&'static str> {
    let first = lines(body).next()?.trim_start();
    if first.starts_with("#!") {
        return Some("a shell script");
    }
    let powershell = |l: &str| {
        let l = l.trim_start().to_ascii_lowercase();
        l.starts_with("#requires")
            || l.starts_with("<#")
            || l.starts_with("param(")
            || l.starts_with("param (")
            || l.starts_with("[cmdletbinding")
            || l.starts_with("function ")
            || l.starts_with("import-module ")
            || l.starts_with("set-strictmode")
            || l.starts_with("write-host ")
            || (l.starts_with('$') && l.contains(" = ") && !l.contains(';'))
            || (l.starts_with("get-") && l.contains('|'))
    };
    lines(body)
        .take(10)
        .any(powershell)
        .then_some("a PowerShell script")
}

/// A table's header when its second line underlines it with dashes
/// (`Name   Type   TTL` then `----   ----   ---`), as Format-Table and
/// every cmdlet's default table view print.
fn table_header(body: &str) -> Option<String> {
    let mut it = lines(body);
    let header = it.next()?;
    let rule = it.next()?.trim();
    let groups: Vec<&str> = rule.split_whitespace().collect();
    let dashes = !groups.is_empty() && groups.iter().all(|g| g.chars().all(|c| c == '-'));
    (dashes && header.split_whitespace().count() == groups.len()).then(|| header.to_string())
}

/// Resolve-DnsName's table: `Name Type TTL Section …`.
fn is_resolve_dns_name(header: &str) -> bool {
    let words: Vec<String> = header
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    ["name", "type", "ttl", "section"]
        .iter()
        .all(|w| words.iter().any(|h| h == w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says(text: &str) -> String {
        refusal(text).map(|e| e.message).unwrap_or_default()
    }

    #[test]
    fn each_not_export_is_named() {
        assert!(says("").starts_with("the file is empty"));
        assert!(says("\u{feff}\r\n  \n").starts_with("the file is empty"));
        assert!(
            says("\r\n$SOURCE  ADMIN\r\n$VERSION 9\r\n$DELETE\r\nsmtp A 1.2.3.4\r\n")
                .starts_with("this is a Windows DNS server's update log")
        );
        assert!(says("<!DOCTYPE html>\n<html><body>DNS</body></html>").contains("web page"));
        assert!(
            says("param(\n  [string]$Zone\n)\nGet-DnsServerResourceRecord")
                .contains("PowerShell script")
        );
        assert!(says("#!/bin/sh\ndig axfr example.com\n").contains("shell script"));
        assert!(
            says("# Real-world exports\n\nFiles that…\n\n| file | source |\n|---|---|\n")
                .starts_with("this is a text document (Markdown)")
        );
        assert_eq!(
            refusal("# A comment\n$x = 1\nWrite-Host $x\n").map(|e| e.message.contains("Markdown")),
            Some(false)
        );
        assert!(says("Name                 Type   TTL   Section    IPAddress\n----                 ----   ---   -------    ---------\nmail.contoso.com     A      3600  Answer     10.0.0.1\n")
            .starts_with("this is Resolve-DnsName output"));
        // Other tables are named by `format_list::format_table`, with their cmdlet.
        assert_eq!(
            refusal("Name   Fqdn                 Site\n----   ----                 ----\nCAS1   cas1.contoso.local   HQ\n"),
            None
        );
    }

    #[test]
    fn exports_are_not_refused() {
        for text in [
            "$ORIGIN contoso.com.\n$TTL 1h\n@ SOA a b 1 2 3 4 5\n",
            ";\n;  Database file contoso.com.dns for contoso.com zone.\n;\n@ IN SOA a. b. ( 1 2 3 4 5 )\n",
            ";; \n;; Domain:     hypster.com\n$ORIGIN .\n",
            "Name,Fqdn,Site\nCAS1,cas1.contoso.local,HQ\n",
            "<Objs Version=\"1.1.0.1\"></Objs>",
            "Name : outlook\nFqdn : outlook.contoso.local\n",
        ] {
            assert_eq!(refusal(text), None, "{text}");
        }
    }
}
