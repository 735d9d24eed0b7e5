//! `AdminDisplayVersion` as the exports write it, read into the model's
//! Exchange version and build (§10 version 3).
//!
//! Written by hand: the forms are Exchange's own (`Version 15.1 (Build
//! 2507.6)`, the shell's ToString of a `ServerVersion`), not a versioning
//! scheme a crate knows, and a text that is none of them must be refused
//! rather than read loosely.

use crate::model::ExchangeVersion;
use crate::rules;

/// The first build of Exchange Server Subscription Edition: its RTM is
/// 15.2.2562.17 ("Exchange Server SE RTM has Build Number 15.2.2562.17",
/// released July 1, 2025: https://www.samuraj-cz.com/en/article/exchange-server-2016-to-subscription-edition-se-migration-part-1 ).
/// Its version stays 15.2, as Exchange 2019's; 2019's last update, CU15, is
/// build 1748, so a 15.2 build from 2562 on is SE.
pub const SE_FIRST_BUILD: u32 = 2562;

/// What an `AdminDisplayVersion` text says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A version the model has, and its build as the model writes it
    /// (`15.1.2507.6`; empty when the text gives none).
    Known(ExchangeVersion, String),
    /// Exchange 2007 or older (major version below 14): understood, and
    /// not a server the model has (`8.3`).
    Older(String),
    /// Not a form Exchange writes, or numbers no Exchange has: not guessed.
    NotUnderstood,
}

/// Reads `text`: `Version 14.3 (Build 123.4)` (Get-ExchangeServer,
/// Get-MailboxDatabase; `Version` optional), `15.01.2507.006` (a build as
/// ExSetup and the build lists write it, or the CLIXML reader's form of a
/// ServerVersion without its ToString), `Version 15.1` (no build), and
/// `@{Major=15; Minor=1; Build=2507; Revision=6}` (a ServerVersion that
/// `Export-Csv` met as a property bag, after a JSON or Import-Clixml round
/// trip). 14.x is Exchange 2010, 15.0 2013, 15.1 2016, 15.2 2019, and 15.2
/// from build [`SE_FIRST_BUILD`] Subscription Edition.
pub fn read(text: &str) -> Reading {
    match numbers(text.trim()) {
        Some((major, minor, build)) => classify(major, minor, build),
        None => Reading::NotUnderstood,
    }
}

/// A number as the forms write it: ASCII digits, at most six (what
/// `rules::parse_build` takes; no Exchange number has more).
fn number(text: &str) -> Option<u32> {
    let t = text.trim();
    (!t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// Major, minor and (build, revision) of one of the forms [`read`] takes.
type Numbers = (u32, u32, Option<(u32, u32)>);

fn numbers(text: &str) -> Option<Numbers> {
    if let Some(bag) = text.strip_prefix("@{").and_then(|t| t.strip_suffix('}')) {
        return property_bag(bag);
    }
    let rest = strip_word(text, "Version").unwrap_or(text).trim_start();
    let (head, tail) = match rest.find('(') {
        Some(i) => (rest[..i].trim_end(), Some(&rest[i..])),
        None => (rest, None),
    };
    let parts: Vec<&str> = head.split('.').collect();
    match (parts.as_slice(), tail) {
        ([major, minor], None) => Some((number(major)?, number(minor)?, None)),
        ([major, minor, build, revision], None) => Some((
            number(major)?,
            number(minor)?,
            Some((number(build)?, number(revision)?)),
        )),
        ([major, minor], Some(tail)) => {
            let inner = tail.strip_prefix('(')?.strip_suffix(')')?.trim();
            let (build, revision) = strip_word(inner, "Build")?.trim().split_once('.')?;
            Some((
                number(major)?,
                number(minor)?,
                Some((number(build)?, number(revision)?)),
            ))
        }
        _ => None,
    }
}

/// `text` without its leading `word` (any case) and the blanks after it;
/// None when it does not start with the word.
fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    let rest = &text[word.len()..];
    (head.eq_ignore_ascii_case(word) && (rest.is_empty() || rest.starts_with(char::is_whitespace)))
        .then_some(rest)
}

/// `Major=15; Minor=1; Build=2507; Revision=6; FilePatchLevelDescription=`.
fn property_bag(bag: &str) -> Option<Numbers> {
    let get = |key: &str| {
        bag.split(';').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            k.trim().eq_ignore_ascii_case(key).then(|| v.trim())
        })
    };
    let major = number(get("Major")?)?;
    let minor = number(get("Minor")?)?;
    let build = match (get("Build"), get("Revision")) {
        (Some(b), Some(r)) => Some((number(b)?, number(r)?)),
        (None, None) => None,
        _ => return None,
    };
    Some((major, minor, build))
}

fn classify(major: u32, minor: u32, build: Option<(u32, u32)>) -> Reading {
    let version = match (major, minor) {
        (14, _) => ExchangeVersion::V2010,
        (15, 0) => ExchangeVersion::V2013,
        (15, 1) => ExchangeVersion::V2016,
        (15, 2) if build.is_some_and(|(b, _)| b >= SE_FIRST_BUILD) => ExchangeVersion::Se,
        (15, 2) => ExchangeVersion::V2019,
        (m, _) if m < 14 => return Reading::Older(format!("{major}.{minor}")),
        _ => return Reading::NotUnderstood,
    };
    let text = build.map_or(String::new(), |(b, r)| format!("{major}.{minor}.{b}.{r}"));
    // The field rules are the last word on what a build may be.
    match rules::check_build(&text, version) {
        Ok(()) => Reading::Known(version, text),
        Err(_) => Reading::NotUnderstood,
    }
}

/// A text as a note quotes it: at most 60 characters, control characters
/// escaped, so a hostile value cannot swamp or break the note.
pub fn quoted(text: &str) -> String {
    let mut shown: String = text.chars().take(60).collect::<String>();
    if text.chars().count() > 60 {
        shown.push('…');
    }
    format!("\"{}\"", shown.escape_debug())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExchangeVersion::*;

    fn known(v: ExchangeVersion, b: &str) -> Reading {
        Reading::Known(v, b.to_string())
    }

    #[test]
    fn each_form_exchange_writes() {
        assert_eq!(
            read("Version 14.3 (Build 123.4)"),
            known(V2010, "14.3.123.4")
        );
        assert_eq!(
            read("Version 15.0 (Build 1497.2)"),
            known(V2013, "15.0.1497.2")
        );
        assert_eq!(
            read("Version 15.1 (Build 2507.6)"),
            known(V2016, "15.1.2507.6")
        );
        assert_eq!(
            read("Version 15.2 (Build 986.5)"),
            known(V2019, "15.2.986.5")
        );
        assert_eq!(
            read("Version 15.2 (Build 1748.10)"),
            known(V2019, "15.2.1748.10")
        );
        assert_eq!(
            read("Version 15.2 (Build 2562.17)"),
            known(Se, "15.2.2562.17")
        );
        assert_eq!(
            read("  version 15.1  (build 2507.6) "),
            known(V2016, "15.1.2507.6")
        );
        assert_eq!(read("15.1 (Build 2507.6)"), known(V2016, "15.1.2507.6"));
        assert_eq!(read("15.00.0847.032"), known(V2013, "15.0.847.32"));
        assert_eq!(read("Version 15.2"), known(V2019, ""));
        assert_eq!(read("14.3"), known(V2010, ""));
        assert_eq!(
            read("@{Major=15; Minor=1; Build=2507; Revision=6; FilePatchLevelDescription=}"),
            known(V2016, "15.1.2507.6")
        );
        assert_eq!(read("@{Minor=2; Major=15}"), known(V2019, ""));
    }

    #[test]
    fn older_servers_are_named_not_guessed() {
        assert_eq!(
            read("Version 8.3 (Build 83.6)"),
            Reading::Older("8.3".into())
        );
        assert_eq!(read("6.5.7638.1"), Reading::Older("6.5".into()));
    }

    #[test]
    fn anything_else_is_not_understood() {
        for text in [
            "",
            "Version",
            "Version fifteen",
            "Version 15.1 (Build 2507)",
            "Version 15.1 (Build 2507.6",
            "Version 15.1 Build 2507.6",
            "Versions 15.1 (Build 2507.6)",
            "Version 15.3 (Build 1.1)",
            "Version 16.0 (Build 1.1)",
            "Version 15.1 (Build 99999999999999999999.6)",
            "Version 4294967296.1 (Build 1.1)",
            "Version 15.1 (Build -1.6)",
            "Version 15.1 (Build +1.6)",
            "15.1.2507",
            "15.1.2507.6.1",
            "15..2507.6",
            "Version ١٥.١ (Build ٢٥٠٧.٦)",
            "@{Major=15}",
            "@{Major=15; Minor=1; Build=2507}",
            "Microsoft.Exchange.Data.ServerVersion",
            "True",
        ] {
            assert_eq!(read(text), Reading::NotUnderstood, "{text:?}");
        }
    }

    #[test]
    fn quoting_bounds_what_a_note_shows() {
        assert_eq!(quoted("a\u{0}b"), "\"a\\0b\"");
        let long = "9".repeat(1000);
        assert_eq!(quoted(&long).chars().count(), 60 + 3);
    }
}
