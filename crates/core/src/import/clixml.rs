//! `Export-Clixml` files of the same cmdlets as [`super::shell`]: PowerShell's
//! serialization XML (`<Objs>` of `<Obj>` with `<Props>`/`<MS>`), read into the
//! same [`Table`] so one mapping serves both.
//!
//! What CLIXML adds over CSV: a property that is an object (`ADObjectId`, an
//! enum) is an `<Obj>` whose `<ToString>` is what the shell prints; a list is
//! an `<Obj>` holding `<LST>`/`<IE>`; an object or a type-name list met again
//! is written once and then referred to by `<Ref RefId>` / `<TNRef RefId>`;
//! control characters in strings are escaped as `_xHHHH_`.
//!
//! The XML syntax is quick-xml's; this module owns what the elements mean.
//! A back-reference to nothing, a document that is not `<Objs>` or XML that
//! does not parse is an error with line and column.

use super::shell::{self, Kind, Row, Table};
use super::ParseError;
use quick_xml::events::Event;
use std::collections::HashMap;

/// Whether `text` looks like CLIXML (so the caller tries this reader).
pub fn looks_like_clixml(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with("<Objs") || (t.starts_with("<?xml") && t.contains("<Objs"))
}

/// An element as read: its name, attributes, children, text and position.
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
    text: String,
    /// Byte offset of the start tag.
    at: usize,
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// 1-based line and column of byte offset `at` in `text`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text.as_bytes()[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

fn error(text: &str, at: usize, message: String) -> ParseError {
    let (line, column) = position(text, at);
    ParseError {
        line,
        column,
        message,
    }
}

/// How deep elements may nest (see [`tree`]).
const MAX_DEPTH: usize = 64;

/// Reads the XML into a tree. Built rather than streamed because `Ref`s
/// point back at objects anywhere earlier in the document.
fn tree(text: &str) -> Result<El, ParseError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            error(
                text,
                reader.error_position() as usize,
                format!("not well-formed XML: {e}"),
            )
        })?;
        let open = |e: &quick_xml::events::BytesStart<'_>| -> Result<El, ParseError> {
            let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
            let mut attrs = Vec::new();
            for a in e.attributes() {
                let a = a.map_err(|err| {
                    error(text, at, format!("a damaged attribute in <{name}>: {err}"))
                })?;
                let value = a.unescape_value().map_err(|err| {
                    error(
                        text,
                        at,
                        format!("a damaged attribute value in <{name}>: {err}"),
                    )
                })?;
                attrs.push((
                    String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(),
                    value.into_owned(),
                ));
            }
            Ok(El {
                name,
                attrs,
                children: Vec::new(),
                text: String::new(),
                at,
            })
        };
        match event {
            Event::Start(e) => {
                // The walk below recurses per level; these cmdlets' exports
                // are a dozen levels deep, so deeper is not one of them.
                if stack.len() >= MAX_DEPTH {
                    return Err(error(text, at, format!("elements nested deeper than {MAX_DEPTH} levels; not an export of these cmdlets")));
                }
                stack.push(open(&e)?)
            }
            Event::Empty(e) => {
                let el = open(&e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack.pop().expect("quick-xml checks that end tags match");
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(el) = stack.last_mut() {
                    let t = t
                        .decode()
                        .map_err(|e| error(text, at, format!("text that is not UTF-8: {e}")))?;
                    let t = quick_xml::escape::unescape(&t).map_err(|e| {
                        error(text, at, format!("a damaged character reference: {e}"))
                    })?;
                    el.text.push_str(&t);
                }
            }
            Event::CData(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(el) = stack.last_mut() {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    let reference = format!("&{name};");
                    let resolved = quick_xml::escape::unescape(&reference)
                        .map_err(|_| error(text, at, format!("{reference} is not an XML entity (CLIXML uses only &lt; &gt; &amp; &quot; &apos; and &#…;)")))?;
                    el.text.push_str(&resolved);
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(error(
                        text,
                        open.at,
                        format!("<{}> is never closed", open.name),
                    ));
                }
                return root.ok_or_else(|| error(text, 0, "no XML element in the file".into()));
            }
            _ => {}
        }
    }
}

/// Undoes CLIXML's `_xHHHH_` escapes of characters XML cannot carry.
fn unescape_clixml(s: &str) -> String {
    if !s.contains("_x") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let hex = tail
            .get(2..6)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match (hex, tail.as_bytes().get(6)) {
            (Some(h), Some(b'_')) => {
                let c = u32::from_str_radix(h, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{fffd}');
                out.push(c);
                rest = &tail[7..];
            }
            _ => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Values of the objects and type-name lists seen so far, by RefId.
#[derive(Default)]
struct Refs {
    objects: HashMap<String, String>,
    types: HashMap<String, Vec<String>>,
}

struct Reader<'t> {
    text: &'t str,
    refs: Refs,
}

impl Reader<'_> {
    fn dangling(&self, el: &El, what: &str) -> ParseError {
        let id = el.attr("RefId").unwrap_or("");
        error(
            self.text,
            el.at,
            format!(
                "<{}> refers to {what} RefId=\"{id}\", which no earlier element defines",
                el.name
            ),
        )
    }

    /// The type names of an object: its `<TN>` (remembered) or `<TNRef>`.
    fn types(&mut self, obj: &El) -> Result<Vec<String>, ParseError> {
        if let Some(tn) = obj.child("TN") {
            let names: Vec<String> = tn
                .children
                .iter()
                .filter(|c| c.name == "T")
                .map(|c| c.text.trim().to_string())
                .collect();
            if let Some(id) = tn.attr("RefId") {
                self.refs.types.insert(id.to_string(), names.clone());
            }
            return Ok(names);
        }
        if let Some(tnref) = obj.child("TNRef") {
            return match tnref.attr("RefId").and_then(|id| self.refs.types.get(id)) {
                Some(names) => Ok(names.clone()),
                None => Err(self.dangling(tnref, "a type-name list")),
            };
        }
        Ok(Vec::new())
    }

    /// A property's value as the shell prints it: a primitive's text, an
    /// object's ToString, a list's items joined with ';'.
    fn value(&mut self, el: &El) -> Result<String, ParseError> {
        match el.name.as_str() {
            "Nil" => Ok(String::new()),
            "Ref" => match el.attr("RefId").and_then(|id| self.refs.objects.get(id)) {
                Some(v) => Ok(v.clone()),
                None => Err(self.dangling(el, "an object")),
            },
            "Obj" => {
                self.types(el)?;
                let list = ["LST", "IE", "STK", "QUE"].iter().find_map(|n| el.child(n));
                let value = match list {
                    Some(items) => {
                        let mut parts = Vec::new();
                        for item in &items.children {
                            parts.push(self.value(item)?);
                        }
                        parts.join(";")
                    }
                    None => match el.child("ToString") {
                        Some(t) => unescape_clixml(&t.text),
                        // A ServerVersion (AdminDisplayVersion) written
                        // without its ToString: its numbers, dotted, as
                        // a build is written.
                        None if server_version(el).is_some() => {
                            server_version(el).unwrap_or_default()
                        }
                        // An enum or a primitive wrapped with its type names.
                        None => match el.children.iter().find(|c| {
                            !matches!(c.name.as_str(), "TN" | "TNRef" | "Props" | "MS" | "DCT")
                        }) {
                            Some(inner) => self.value(inner)?,
                            None => String::new(),
                        },
                    },
                };
                // Nested objects are walked too: a later Ref may point at them.
                for set in el
                    .children
                    .iter()
                    .filter(|c| c.name == "Props" || c.name == "MS")
                {
                    for p in &set.children {
                        self.value(p)?;
                    }
                }
                if let Some(id) = el.attr("RefId") {
                    self.refs.objects.insert(id.to_string(), value.clone());
                }
                Ok(value)
            }
            // S, I32, I64, U32, B, DT, G, Db, Version, URI, …: the text is the value.
            _ => Ok(unescape_clixml(el.text.trim())),
        }
    }
}

/// `Major.Minor.Build.Revision` of an object whose `<Props>` hold those
/// numbers (a ServerVersion); Major.Minor when it has no build.
fn server_version(obj: &El) -> Option<String> {
    let props = obj.child("Props")?;
    let get = |n: &str| {
        props
            .children
            .iter()
            .find(|c| c.attr("N") == Some(n))
            .map(|c| c.text.trim().to_string())
    };
    let (major, minor) = (get("Major")?, get("Minor")?);
    Some(match (get("Build"), get("Revision")) {
        (Some(b), Some(r)) => format!("{major}.{minor}.{b}.{r}"),
        _ => format!("{major}.{minor}"),
    })
}

/// Reads one `Export-Clixml` file and says which cmdlet's output it is.
pub fn parse(text: &str) -> Result<Table, ParseError> {
    let text = text.trim_start_matches('\u{feff}');
    let root = tree(text)?;
    if root.name != "Objs" {
        return Err(error(
            text,
            root.at,
            format!(
                "<{}> is not PowerShell CLIXML (an Export-Clixml file starts with <Objs>)",
                root.name
            ),
        ));
    }
    let mut reader = Reader {
        text,
        refs: Refs::default(),
    };
    let mut rows = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    let mut type_name = None;
    // Objects come in file order: count lines forwards, not from the top each time.
    let (mut seen_at, mut seen_line) = (0usize, 1usize);
    let mut line_at = |at: usize| {
        let at = at.min(text.len()).max(seen_at);
        seen_line += text.as_bytes()[seen_at..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        seen_at = at;
        seen_line
    };
    for obj in root.children.iter().filter(|c| c.name == "Obj") {
        let types = reader.types(obj)?;
        type_name = type_name.or_else(|| types.first().cloned());
        let mut values = Vec::new();
        for set in obj
            .children
            .iter()
            .filter(|c| c.name == "Props" || c.name == "MS")
        {
            for p in &set.children {
                let v = reader.value(p)?;
                if let Some(n) = p.attr("N") {
                    if !columns.iter().any(|c| c.eq_ignore_ascii_case(n)) {
                        columns.push(n.to_string());
                    }
                    values.push((n.to_string(), v));
                }
            }
        }
        if let Some(id) = obj.attr("RefId") {
            let shown = obj
                .child("ToString")
                .map(|t| unescape_clixml(&t.text))
                .unwrap_or_default();
            reader.refs.objects.insert(id.to_string(), shown);
        }
        rows.push(Row::new(line_at(obj.at), values));
    }
    if rows.is_empty() {
        return Err(error(
            text,
            root.at,
            "the CLIXML file holds no objects".into(),
        ));
    }
    let kind = Kind::of_columns(&columns, position(text, root.at).0)?;
    let mut notes = Vec::new();
    if let Some(t) = type_name {
        notes.push(format!("objects of type {t}"));
    }
    shell::note_session_columns(&columns, &mut notes);
    Ok(Table { kind, rows, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two arrays: the second's type names and site are back-references.
    const ARRAYS: &str = r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
  <Obj RefId="0">
    <TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ClientAccessArray</T><T>System.Object</T></TN>
    <ToString>outlook</ToString>
    <Props>
      <S N="Name">outlook</S>
      <S N="Fqdn">outlook.contoso.local</S>
      <Obj N="Site" RefId="1"><TN RefId="1"><T>Deserialized.Microsoft.Exchange.Data.Directory.ADObjectId</T></TN><ToString>contoso.local/Configuration/Sites/Redmond</ToString><Props><S N="Name">Redmond</S></Props></Obj>
      <Obj N="Members" RefId="2"><TN RefId="2"><T>Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[[Microsoft.Exchange.Data.Directory.ADObjectId]]</T></TN>
        <LST><Obj RefId="3"><TNRef RefId="1" /><ToString>EX01</ToString></Obj><S>EX02</S></LST></Obj>
      <S N="PSComputerName">ex01.contoso.local</S>
    </Props>
  </Obj>
  <Obj RefId="4">
    <TNRef RefId="0" />
    <ToString>outlook-b</ToString>
    <Props>
      <S N="Name">outlook-b_x000D__x000A_</S>
      <S N="Fqdn">outlook-b.contoso.local</S>
      <Ref N="Site" RefId="1" />
      <Nil N="Members" />
    </Props>
  </Obj>
</Objs>"#;

    #[test]
    fn reads_objects_lists_and_back_references() {
        let t = parse(ARRAYS).unwrap();
        assert_eq!(t.kind, Kind::ClientAccessArray);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[0].name("Site"), Some("Redmond"));
        assert_eq!(
            t.rows[0].list("Members"),
            Some(vec!["EX01".to_string(), "EX02".to_string()])
        );
        assert_eq!(
            t.rows[1].name("Site"),
            Some("Redmond"),
            "a Ref is the object it points at"
        );
        assert_eq!(
            t.rows[1].get("Name"),
            Some("outlook-b"),
            "_x000D__x000A_ decoded (then trimmed)"
        );
        assert_eq!(t.rows[1].list("Members"), None);
        assert!(
            t.notes.iter().any(|n| n.contains("PSComputerName")),
            "{:?}",
            t.notes
        );
        assert!(
            t.notes.iter().any(|n| n.contains("ClientAccessArray")),
            "{:?}",
            t.notes
        );
    }

    #[test]
    fn a_dangling_reference_names_its_place() {
        let bad = ARRAYS.replace(
            r#"<Ref N="Site" RefId="1" />"#,
            r#"<Ref N="Site" RefId="9" />"#,
        );
        let e = parse(&bad).unwrap_err();
        assert_eq!((e.line, e.column), (20, 7), "{e}");
        assert!(e.message.contains("RefId=\"9\""), "{e}");
        let bad = ARRAYS.replace(r#"<TNRef RefId="0" />"#, r#"<TNRef RefId="7" />"#);
        assert!(parse(&bad).unwrap_err().message.contains("type-name list"));
    }

    #[test]
    fn damaged_xml_and_other_documents_are_errors_with_positions() {
        let e = parse("<Objs>\n  <Obj RefId=\"0\">\n  <Props><S N=\"Name\">x</Props>\n</Objs>")
            .unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = parse("<Objs>\n<Obj RefId=\"0\"><Props><S N=\"Name\">x</S>").unwrap_err();
        assert!(e.message.contains("never closed"), "{e}");
        let e = parse("<html><body/></html>").unwrap_err();
        assert!(e.message.contains("not PowerShell CLIXML"), "{e}");
        assert!(parse("<Objs Version=\"1.1.0.1\"></Objs>")
            .unwrap_err()
            .message
            .contains("no objects"));
    }

    #[test]
    fn enums_print_as_their_names() {
        let t = parse(r#"<Objs><Obj RefId="0"><TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.Management.ExchangeServer</T></TN><Props>
            <S N="Name">EX01</S><S N="Fqdn">ex01.contoso.local</S><S N="Site">contoso.local/Configuration/Sites/Redmond</S>
            <Obj N="ServerRole" RefId="1"><TN RefId="1"><T>Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ServerRole</T><T>System.Enum</T></TN><ToString>Mailbox, ClientAccess, HubTransport</ToString><I32>38</I32></Obj>
            <S N="AdminDisplayVersion">Version 14.3 (Build 123.4)</S></Props></Obj></Objs>"#)
        .unwrap();
        assert_eq!(t.kind, Kind::ExchangeServer);
        assert_eq!(
            t.rows[0].get("ServerRole"),
            Some("Mailbox, ClientAccess, HubTransport")
        );
    }
}
