//! JSON paths as the planner's messages write them
//! (`scenario.sites[0].cas_servers[1].ip`), and the path at a position of a
//! file's text: where serde_json stopped when a value had the wrong shape.
//!
//! Finding the path from the error's position, instead of tracking it while
//! deserialising (serde_path_to_error), keeps one instantiation of the model's
//! deserialisation in the web module (issue 15).

use super::StringTracker;
use std::fmt::Write;

/// Keys longer than this are shortened with "…" (a key can be as long as the file).
const MAX_KEY_CHARS: usize = 40;

/// Appends `.key` (or `key` at the root), shortened when overlong.
pub(super) fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    if key.chars().count() > MAX_KEY_CHARS {
        path.extend(key.chars().take(MAX_KEY_CHARS).chain(['…']));
    } else {
        path.push_str(key);
    }
}

/// Appends `[index]`.
pub(super) fn push_index(path: &mut String, index: usize) {
    let _ = write!(path, "[{index}]");
}

/// The path written for the whole file.
const ROOT: &str = ".";

enum Seg {
    Key(String),
    Index(usize),
}

/// An open container: an object's current key (none until its key is read)
/// or an array's current index.
struct Frame {
    object: bool,
    seg: Option<Seg>,
}

fn path_of(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match &frame.seg {
            Some(Seg::Key(k)) => push_key(&mut path, k),
            Some(Seg::Index(i)) => push_index(&mut path, *i),
            None => {}
        }
    }
    path
}

/// The byte offset of serde_json's (line, column): the line is 1-based, the
/// column counts the bytes of that line read before the error.
pub(super) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column).min(text.len())
}

/// The path of the value serde_json was reading when it stopped at byte
/// `offset` of `text` (valid JSON): the value that ends there (a scalar just
/// read, an object just closed — a missing field is the object's), the
/// container just opened (a map where a string was expected), else the
/// innermost container.
pub(super) fn path_at(text: &str, offset: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut strings = StringTracker::default();
    let mut string_start = 0;
    let mut in_scalar = false;
    // The path of the last value read or opened, cleared by a separator.
    let mut last: Option<String> = None;
    for (i, ch) in text.char_indices() {
        if i >= offset {
            break;
        }
        let was_in_string = strings.in_string;
        strings.outside(ch);
        if !was_in_string && strings.in_string {
            string_start = i;
            continue;
        }
        if was_in_string {
            if !strings.in_string {
                let raw = &text[string_start..=i];
                match stack.last_mut() {
                    Some(frame) if frame.object && frame.seg.is_none() => {
                        let key = serde_json::from_str::<String>(raw)
                            .unwrap_or_else(|_| raw.trim_matches('"').to_string());
                        frame.seg = Some(Seg::Key(key));
                    }
                    _ => last = Some(path_of(&stack)),
                }
            }
            continue;
        }
        if ch.is_ascii_alphanumeric() || matches!(ch, '-' | '+' | '.') {
            in_scalar = true;
            continue;
        }
        if std::mem::take(&mut in_scalar) {
            last = Some(path_of(&stack));
        }
        match ch {
            '{' | '[' => {
                last = Some(path_of(&stack));
                stack.push(Frame {
                    object: ch == '{',
                    seg: (ch == '[').then_some(Seg::Index(0)),
                });
            }
            '}' | ']' => {
                stack.pop();
                last = Some(path_of(&stack));
            }
            ',' => {
                if let Some(frame) = stack.last_mut() {
                    frame.seg = match frame.seg.take() {
                        Some(Seg::Index(n)) => Some(Seg::Index(n + 1)),
                        _ => None,
                    };
                }
                last = None;
            }
            ':' => last = None,
            _ => {}
        }
    }
    if in_scalar {
        last = Some(path_of(&stack));
    }
    let path = last.unwrap_or_else(|| {
        stack.pop();
        path_of(&stack)
    });
    if path.is_empty() {
        ROOT.to_string()
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, marker: &str) -> String {
        path_at(text, text.find(marker).unwrap() + marker.len())
    }

    #[test]
    fn the_value_ending_at_the_position_is_named() {
        let text = r#"{"scenario": {"sites": [{"id": "a"}, {"id": "b", "cas": [1, 2, 3]}]}}"#;
        assert_eq!(at(text, r#""b""#), "scenario.sites[1].id");
        assert_eq!(at(text, "2"), "scenario.sites[1].cas[1]");
        assert_eq!(at(text, "3]"), "scenario.sites[1].cas");
        assert_eq!(at(text, "3]}"), "scenario.sites[1]");
        assert_eq!(at(text, r#""cas": ["#), "scenario.sites[1].cas");
        assert_eq!(at(text, r#"{"scenario": {"#), "scenario");
        assert_eq!(path_at(text, text.len()), ROOT);
    }

    #[test]
    fn keys_with_escapes_and_braces_in_strings_are_read() {
        let text = r#"{"a\"b": {"x": "}{][,:"}}"#;
        assert_eq!(at(text, r#""}{][,:""#), "a\"b.x");
    }

    #[test]
    fn offsets_count_bytes_of_the_line() {
        let text = "{\n  \"é\": 1\n}";
        assert_eq!(offset_of(text, 2, 9), text.find('1').unwrap() + 1);
        assert_eq!(offset_of(text, 99, 99), text.len());
    }
}
