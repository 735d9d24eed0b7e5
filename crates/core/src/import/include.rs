//! `$INCLUDE` among the files given together: which of them a directive
//! in one file names — by its path relative to the including file, by the
//! path as written, or by its file name alone — and whether a missing one
//! is an error (several files read together, as the CLI and the app's
//! review read them: the user can add it) or a note (one file read alone
//! with `import::read`).
//!
//! Only names are compared; nothing here opens a file, so the browser and
//! the command line resolve alike.

/// The files an `$INCLUDE` may name: each file's name (a path as the user
/// gave it) and text.
pub struct Includes<'a> {
    files: &'a [(&'a str, &'a str)],
    /// Whether a `$INCLUDE` naming no given file is an error.
    pub missing_is_error: bool,
}

/// What an `$INCLUDE` path named among the files.
pub enum Found<'a> {
    /// The file (its index, name and text).
    File(usize, &'a str, &'a str),
    /// No given file has that path or name.
    Missing,
    /// Several given files have that file name and none that path.
    Ambiguous(Vec<&'a str>),
}

impl<'a> Includes<'a> {
    /// No other file: every `$INCLUDE` is missing, and said in a note.
    pub fn none() -> Includes<'static> {
        Includes {
            files: &[],
            missing_is_error: false,
        }
    }

    /// `files` read together: a missing `$INCLUDE` is an error.
    pub fn among(files: &'a [(&'a str, &'a str)]) -> Includes<'a> {
        Includes {
            files,
            missing_is_error: true,
        }
    }

    /// The file `path` (as written after `$INCLUDE` in `from`) names: the
    /// path relative to `from`'s folder first (how `../db.ocf` is meant),
    /// then the path as written (absolute, or relative to where the user
    /// stood), then a file whose path ends with it, then the file name
    /// alone when one file has it.
    pub fn find(&self, from: &str, path: &str) -> Found<'a> {
        let path = path.replace('\\', "/");
        let from = from.replace('\\', "/");
        let folder = from.rfind('/').map_or("", |i| &from[..i]);
        let joined = if path.starts_with('/') || folder.is_empty() {
            normalize(&path)
        } else {
            normalize(&format!("{folder}/{path}"))
        };
        let as_written = normalize(&path);
        let names: Vec<String> = self
            .files
            .iter()
            .map(|(n, _)| normalize(&n.replace('\\', "/")))
            .collect();
        let hit = |i: usize| Found::File(i, self.files[i].0, self.files[i].1);
        if let Some(i) = names.iter().position(|n| *n == joined) {
            return hit(i);
        }
        if let Some(i) = names.iter().position(|n| *n == as_written) {
            return hit(i);
        }
        // `../db.ocf` from a folder given elsewhere: the path without its
        // leading `../` as the end of a given path.
        let tail = as_written.trim_start_matches("../");
        let ends: Vec<usize> = (0..names.len())
            .filter(|&i| names[i].ends_with(&format!("/{tail}")) || names[i] == tail)
            .collect();
        if ends.len() == 1 {
            return hit(ends[0]);
        }
        let base = tail.rsplit('/').next().unwrap_or(tail);
        let same: Vec<usize> = (0..names.len())
            .filter(|&i| names[i].rsplit('/').next() == Some(base))
            .collect();
        match same.len() {
            0 => Found::Missing,
            1 => hit(same[0]),
            _ => Found::Ambiguous(same.iter().map(|&i| self.files[i].0).collect()),
        }
    }
}

/// `a/./b/../c` → `a/c`; a leading `..` that climbs above the start stays.
fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_include_is_found_by_relative_path_then_by_name() {
        let files = [
            ("real/bind/etc/zones/db.ocf.berkeley.edu", ""),
            ("real/bind/etc/db.ocf", "x"),
            ("elsewhere/common.inc", "c"),
            ("a/dup.inc", ""),
            ("b/dup.inc", ""),
        ];
        let inc = Includes::among(&files);
        let from = files[0].0;
        assert!(matches!(
            inc.find(from, "../db.ocf"),
            Found::File(1, _, "x")
        ));
        assert!(matches!(inc.find(from, "common.inc"), Found::File(2, _, _)));
        assert!(matches!(
            inc.find(from, "/etc/bind/common.inc"),
            Found::File(2, _, _)
        ));
        assert!(matches!(inc.find(from, "missing.inc"), Found::Missing));
        assert!(matches!(inc.find(from, "dup.inc"), Found::Ambiguous(v) if v.len() == 2));
        assert!(matches!(
            inc.find("C:\\zones\\db.x", "..\\zones2\\db.y"),
            Found::Missing
        ));
    }

    #[test]
    fn paths_normalise() {
        assert_eq!(normalize("a/./b/../c"), "a/c");
        assert_eq!(normalize("../x"), "../x");
        assert_eq!(normalize("/a/b/../../c"), "/c");
    }
}
