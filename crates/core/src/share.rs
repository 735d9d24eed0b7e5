//! Share links: a scenario file compressed into a URL fragment, so the design
//! travels in the link and is never sent to any server (fragments stay in the
//! browser). Format: `#s=1.<base64url(deflate(scenario file JSON))>`.
//!
//! A link longer than `MAX_LINK_CHARS` is refused with a message pointing to
//! file sharing: chat tools, mail clients and some browsers cut long URLs.

use crate::file::{self, LoadError, LoadErrorReason, Loaded};
use crate::model::Scenario;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Fragment key for a shared scenario.
pub const FRAGMENT_KEY: &str = "s=";
/// Version of the link encoding (independent of the file format version inside).
const LINK_VERSION: &str = "1.";
/// Longest fragment we produce: about what chat tools and mail keep intact.
pub const MAX_LINK_CHARS: usize = 8_000;
/// A decompressed payload larger than this is refused (zip-bomb guard).
const MAX_INFLATED_BYTES: usize = file::MAX_FILE_BYTES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The design is too large for a link; share the file instead.
    TooLong { chars: usize },
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::TooLong { chars } => write!(
                f,
                "this design needs a {chars}-character link, more than the {MAX_LINK_CHARS} that mail and chat keep intact; \
                 use Save and share the .casplan.json file instead"
            ),
        }
    }
}

/// The fragment (without `#`) that carries `scenario`.
pub fn encode(scenario: &Scenario) -> Result<String, ShareError> {
    let json = file::save(scenario);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let fragment = format!(
        "{FRAGMENT_KEY}{LINK_VERSION}{}",
        URL_SAFE_NO_PAD.encode(packed)
    );
    if fragment.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLong {
            chars: fragment.len(),
        });
    }
    Ok(fragment)
}

/// Whether a URL fragment (without `#`) carries a shared scenario.
pub fn is_share_fragment(fragment: &str) -> bool {
    fragment.starts_with(FRAGMENT_KEY)
}

/// Decodes a fragment made by `encode`, with the same checks as opening a file.
pub fn decode(fragment: &str) -> Result<Loaded, LoadError> {
    let err = |detail: String| LoadError {
        file_name: "shared link".into(),
        reason: LoadErrorReason::NotAScenario { detail },
    };
    let body = fragment
        .strip_prefix(FRAGMENT_KEY)
        .ok_or_else(|| err("the link does not carry a design".into()))?;
    let data = body.strip_prefix(LINK_VERSION).ok_or_else(|| {
        err("the link was made by a newer planner; update the planner to open it".into())
    })?;
    let packed = URL_SAFE_NO_PAD
        .decode(data.trim())
        .map_err(|_| err("the link is damaged (it was probably cut short when copied)".into()))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED_BYTES)
        .map_err(|_| {
            err("the link is damaged or too large (it was probably cut short when copied)".into())
        })?;
    let text = String::from_utf8(json).map_err(|_| err("the link does not contain text".into()))?;
    file::load("shared link", &text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    #[test]
    fn every_example_round_trips_through_a_link_within_budget() {
        for ex in examples::gallery() {
            let s = (ex.build)();
            let link = encode(&s).unwrap();
            assert!(
                link.len() < MAX_LINK_CHARS,
                "{}: {} chars",
                ex.slug,
                link.len()
            );
            assert_eq!(decode(&link).unwrap().scenario, s, "{}", ex.slug);
        }
    }

    #[test]
    fn a_large_design_is_refused_with_advice_to_share_the_file() {
        let s = crate::generate::large_design(1);
        let e = encode(&s).unwrap_err();
        assert!(
            e.to_string().contains("share the .casplan.json file"),
            "{e}"
        );
    }

    #[test]
    fn a_truncated_link_says_it_was_cut() {
        let link = encode(&examples::seed_fixed()).unwrap();
        let cut = &link[..link.len() / 2];
        let e = decode(cut).unwrap_err();
        assert!(e.to_string().contains("cut short"), "{e}");
    }

    #[test]
    fn a_link_from_a_newer_encoding_asks_for_an_update() {
        let e = decode("s=9.abcd").unwrap_err();
        assert!(e.to_string().contains("newer planner"), "{e}");
    }
}
