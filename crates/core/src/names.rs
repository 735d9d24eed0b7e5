//! DNS names as the design compares them: case-insensitive, without blanks
//! or the root dot. The lowest layer above the model: validation, edits, the
//! indexes, resolution and the advisor all compare names through here.

use std::borrow::Cow;

/// Top-level labels no public registry delegates: a name under one is
/// internal by construction (RFC 6761/6762 and common private use).
pub const PRIVATE_TLDS: &[&str] = &[
    "local",
    "internal",
    "lan",
    "corp",
    "intranet",
    "home",
    "private",
    "localdomain",
    "arpa",
    "test",
    "invalid",
    "example",
];

/// DNS names compare case-insensitively and without the root dot.
pub fn normalize_name(name: &str) -> String {
    normalize_name_cow(name).into_owned()
}

/// Whether two names are the same DNS name (case, blanks and a root dot
/// aside): `normalize_name(a) == normalize_name(b)` without allocating, for
/// the comparisons the advisor makes per object.
pub fn same_dns_name(a: &str, b: &str) -> bool {
    fn bare(n: &str) -> &str {
        n.trim().trim_end_matches('.')
    }
    bare(a).eq_ignore_ascii_case(bare(b))
}

/// The name without its first label: `b.example.com` for `a.b.example.com`
/// (what `split_once('.')` gives, without a `memchr` call for short names).
pub fn parent_name(name: &str) -> Option<&str> {
    let dot = name.bytes().position(|b| b == b'.')?;
    Some(&name[dot + 1..])
}

/// [`normalize_name`] without allocating when the name is already normal.
pub fn normalize_name_cow(name: &str) -> Cow<'_, str> {
    let bytes = name.as_bytes();
    // Fast path: ASCII, non-blank ends without a root dot, so trimming is a no-op.
    let n = match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last))
            if first > b' ' && first < 0x80 && last > b' ' && last < 0x80 && last != b'.' =>
        {
            name
        }
        _ => name.trim().trim_end_matches('.'),
    };
    if may_have_upper(n.as_bytes()) {
        Cow::Owned(n.to_ascii_lowercase())
    } else {
        Cow::Borrowed(n)
    }
}

/// Whether `bytes` has an ASCII capital or any non-ASCII byte (then the slow
/// path lower-cases, with the same result), eight bytes at a time.
fn may_have_upper(bytes: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let suspicious = |w: u64| {
        // For bytes below 0x80 the sums never carry into the next byte:
        // bit 7 of b + 0x3F is set iff b >= b'A', of b + 0x25 iff b > b'Z'.
        let ge_a = w.wrapping_add(0x3F3F_3F3F_3F3F_3F3F);
        let gt_z = w.wrapping_add(0x2525_2525_2525_2525);
        (ge_a & !gt_z & HIGH) | (w & HIGH) != 0
    };
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        if suspicious(u64::from_le_bytes(c.try_into().unwrap_or_default())) {
            return true;
        }
    }
    let rest = chunks.remainder();
    let mut buf = [0u8; 8];
    buf[..rest.len()].copy_from_slice(rest);
    suspicious(u64::from_le_bytes(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names compare case-insensitively, without blanks or the root dot, and
    /// the common already-normal name is borrowed, not copied.
    #[test]
    fn normalize_name_lowercases_trims_and_borrows_when_it_can() {
        for (raw, want) in [
            ("outlook.mycompany.internal", "outlook.mycompany.internal"),
            ("Outlook.MyCompany.Internal.", "outlook.mycompany.internal"),
            ("  mail.mycompany.com. ", "mail.mycompany.com"),
            (
                "ZZZZZZZZZZZZZZZZ.AT-the-END-of-a-long-name.COM",
                "zzzzzzzzzzzzzzzz.at-the-end-of-a-long-name.com",
            ),
            ("@[`{.az.AZ", "@[`{.az.az"),
            ("Ünïcode.EXAMPLE", "Ünïcode.example"),
            ("", ""),
            ("...", ""),
        ] {
            assert_eq!(normalize_name(raw), want, "{raw:?}");
            assert_eq!(
                normalize_name(raw),
                raw.trim().trim_end_matches('.').to_ascii_lowercase()
            );
        }
        assert!(matches!(
            normalize_name_cow("outlook.mycompany.internal"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            normalize_name_cow("Outlook.mycompany.internal"),
            Cow::Owned(_)
        ));
    }

    proptest::proptest! {
        /// Comparing without allocating agrees with comparing the normal forms.
        #[test]
        fn same_dns_name_agrees_with_normalize(a in "[ aAbB.Üü]{0,6}", b in "[ aAbB.Üü]{0,6}") {
            proptest::prop_assert_eq!(same_dns_name(&a, &b), normalize_name(&a) == normalize_name(&b));
        }
    }
}
