//! A server's Windows Server version from what WMI's `Win32_OperatingSystem`
//! says of it: its Caption (`Microsoft Windows Server 2008 R2 Enterprise `,
//! `Microsoft® Windows Server® 2008 Standard`, `Microsoft Windows Server
//! 2016 Datacenter`), else its Version (`6.1.7601`, `10.0.17763`). Only
//! the versions the model names are read (§11 coexist 5); anything else
//! (Windows Server 2008 without R2, a client Windows, a caption in words
//! the reader does not know) is not guessed.

use crate::model::WindowsServer;

/// What a caption or version says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Known(WindowsServer),
    /// Windows, but not a version the model names (2008 without R2, 2003,
    /// a client Windows): said with its text.
    Unmodelled,
    /// Not understood.
    NotUnderstood,
}

/// The version a Caption names, else the one a Version number names.
pub fn read(caption: Option<&str>, version: Option<&str>) -> Reading {
    let from_caption = caption.map(of_caption);
    match from_caption {
        Some(Reading::Known(w)) => Reading::Known(w),
        _ => match version.and_then(of_version) {
            Some(w) => Reading::Known(w),
            None => from_caption.unwrap_or(Reading::NotUnderstood),
        },
    }
}

/// `Microsoft Windows Server 2012 R2 Standard` → 2012 R2; the ® and ™ marks
/// and `(R)` dropped, any case, any edition after the year.
fn of_caption(caption: &str) -> Reading {
    let clean = caption
        .replace(['®', '™'], " ")
        .replace("(R)", " ")
        .replace("(TM)", " ")
        .replace(',', " ")
        .to_ascii_lowercase();
    let words: Vec<&str> = clean.split_whitespace().collect();
    let Some(at) = words
        .windows(2)
        .position(|w| w[0] == "windows" && w[1] == "server")
    else {
        return if words.contains(&"windows") {
            Reading::Unmodelled
        } else {
            Reading::NotUnderstood
        };
    };
    let year = words.get(at + 2).copied().unwrap_or("");
    let r2 = words.get(at + 3).is_some_and(|w| *w == "r2");
    use WindowsServer as W;
    let known = match (year, r2) {
        ("2008", true) => W::W2008R2,
        ("2012", true) => W::W2012R2,
        ("2012", false) => W::W2012,
        ("2016", false) => W::W2016,
        ("2019", false) => W::W2019,
        ("2022", false) => W::W2022,
        ("2025", false) => W::W2025,
        ("2008" | "2003", _) => return Reading::Unmodelled,
        _ => return Reading::NotUnderstood,
    };
    Reading::Known(known)
}

/// `6.1.7601` → 2008 R2, `10.0.17763` → 2019: the server builds; 10.0
/// builds of client Windows are none of them.
fn of_version(version: &str) -> Option<WindowsServer> {
    let mut parts = version.trim().split('.');
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next()?.parse().ok()?;
    let build: u32 = parts.next().map_or(Some(0), |b| b.parse().ok())?;
    use WindowsServer as W;
    Some(match (major, minor, build) {
        (6, 1, _) => W::W2008R2,
        (6, 2, _) => W::W2012,
        (6, 3, _) => W::W2012R2,
        (10, 0, 14393) => W::W2016,
        (10, 0, 17763) => W::W2019,
        (10, 0, 20348) => W::W2022,
        (10, 0, 26100) => W::W2025,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use WindowsServer as W;

    #[test]
    fn captions_as_wmi_prints_them() {
        for (caption, want) in [
            ("Microsoft Windows Server 2008 R2 Enterprise ", W::W2008R2),
            ("Microsoft Windows Server 2008 R2 Standard", W::W2008R2),
            ("Microsoft Windows Server 2012 Datacenter", W::W2012),
            ("Microsoft Windows Server 2012 R2 Standard", W::W2012R2),
            ("Microsoft Windows Server 2016 Datacenter", W::W2016),
            ("Microsoft Windows Server 2019 Standard", W::W2019),
            ("Microsoft Windows Server 2022 Datacenter", W::W2022),
            ("Microsoft Windows Server 2025 Standard", W::W2025),
            ("Microsoft® Windows Server® 2008 R2 Enterprise", W::W2008R2),
            ("Microsoft(R) Windows(R) Server 2012 R2", W::W2012R2),
            (
                "microsoft windows server 2016 standard evaluation",
                W::W2016,
            ),
        ] {
            assert_eq!(read(Some(caption), None), Reading::Known(want), "{caption}");
        }
        for caption in [
            "Microsoft® Windows Server® 2008 Enterprise",
            "Microsoft Windows 10 Pro",
            "Microsoft(R) Windows(R) Server 2003, Enterprise Edition",
        ] {
            assert_eq!(read(Some(caption), None), Reading::Unmodelled, "{caption}");
        }
        assert_eq!(read(Some("Linux"), None), Reading::NotUnderstood);
        assert_eq!(
            read(Some("Windows Server 2030"), None),
            Reading::NotUnderstood
        );
        assert_eq!(read(None, None), Reading::NotUnderstood);
    }

    #[test]
    fn a_version_when_the_caption_says_nothing() {
        assert_eq!(read(None, Some("6.1.7601")), Reading::Known(W::W2008R2));
        assert_eq!(read(Some(""), Some("10.0.17763")), Reading::Known(W::W2019));
        assert_eq!(
            read(Some("Serveur"), Some("6.3.9600")),
            Reading::Known(W::W2012R2)
        );
        assert_eq!(read(None, Some("10.0.19045")), Reading::NotUnderstood);
        assert_eq!(read(None, Some("x.y")), Reading::NotUnderstood);
    }
}
