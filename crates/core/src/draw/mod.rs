//! Pictures of a design, pure and deterministic: the topology with a
//! client's path hop by hop (`topology`) and a client's timeline
//! (`timeline`), as a [`Drawing`] of positioned shapes. The app renders a
//! drawing as SVG elements (its text always as text nodes), [`to_svg`]
//! writes it as a standalone file for slides, the report and the CLI — so
//! all of them show the same picture.
//!
//! Sizes are in SVG user units with text at [`FONT`] units, laid out for a
//! [`MAX_WIDTH`]-wide canvas: shown 1280 pixels wide (a projector at
//! 1280×720), text stays at 14 px or more.

mod timeline;
mod topology;

pub use timeline::{timeline, timeline_strip};
pub use topology::{topology, TopologyOptions};

/// Text size in user units.
pub const FONT: f64 = 16.0;
/// Widest drawing: 16 units shown at 1280 px are 14.5 px.
pub const MAX_WIDTH: f64 = 1400.0;
/// Average advance of a character at [`FONT`] in a system sans-serif, with
/// margin (capitals and digits are wider than lower case): what wrapping
/// assumes, so a label never runs past its box.
pub const CHAR_W: f64 = 9.4;
/// Line height at [`FONT`].
pub const LINE_H: f64 = 20.0;

/// A picture: its size, what it shows (title and description, for screen
/// readers and the SVG's `<title>`), and its shapes in drawing order.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    pub title: String,
    pub description: String,
    pub items: Vec<Item>,
}

/// Text alignment at its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// One shape. Classes name the look ([`STYLE`] defines them).
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        rx: f64,
        class: &'static str,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        class: &'static str,
    },
    Polyline {
        points: Vec<(f64, f64)>,
        class: &'static str,
    },
    Text {
        x: f64,
        y: f64,
        text: String,
        class: &'static str,
        anchor: Anchor,
    },
    /// Shapes that belong together: `id` names the model object they stand
    /// for (the app highlights it), `title` is the tooltip (a full name).
    Group {
        class: String,
        id: Option<String>,
        title: Option<String>,
        items: Vec<Item>,
    },
}

/// The look of every class, for the standalone SVG and the app alike
/// (scoped to `.cas-drawing`: in the app it sits in the page's styles).
/// Failure is shown by colour and by shape (a dashed edge, a cross, a
/// double border), never by colour alone.
pub const STYLE: &str = "\
svg.cas-drawing{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;font-size:16px}\
.cas-drawing .bg{fill:#ffffff}\
.cas-drawing .col-head{font-weight:700;fill:#4a5a6c}\
.cas-drawing .site{fill:#f1f5fa;stroke:#c3ccd8;stroke-width:1.5}\
.cas-drawing .site-name{font-weight:700;fill:#4a5a6c}\
.cas-drawing .node{fill:#ffffff;stroke:#8a98a8;stroke-width:1.5}\
.cas-drawing .node-path{fill:#eef4fc;stroke:#1d4e89;stroke-width:3}\
.cas-drawing .node-failed{fill:#fde7e5;stroke:#b3261e;stroke-width:3}\
.cas-drawing .node-failed-inner{fill:none;stroke:#b3261e;stroke-width:1.5}\
.cas-drawing .node-selected{fill:none;stroke:#f4b400;stroke-width:4}\
.cas-drawing .label{fill:#14202e}\
.cas-drawing .sub{fill:#4a5a6c;font-size:14px}\
.cas-drawing .link{fill:none;stroke:#b9c3cf;stroke-width:1.5}\
.cas-drawing .hop{fill:none;stroke:#1d4e89;stroke-width:4;stroke-linejoin:round}\
.cas-drawing .hop-failed{fill:none;stroke:#b3261e;stroke-width:4;stroke-dasharray:10 6;stroke-linejoin:round}\
.cas-drawing .cross{stroke:#b3261e;stroke-width:5;stroke-linecap:round}\
.cas-drawing .range-band{fill:#fbe7a8;stroke:#8a6300;stroke-width:1.5;stroke-dasharray:5 3}\
.cas-drawing .range-nominal{stroke:#14202e;stroke-width:3}\
.cas-drawing .range-text{fill:#14202e;font-weight:700;font-size:14px}\
.cas-drawing .callout{fill:#e8f0fb;stroke:#1d4e89;stroke-width:1.5}\
.cas-drawing .callout-failed{fill:#fde7e5;stroke:#b3261e;stroke-width:2.5}\
.cas-drawing .callout-text{fill:#14202e;font-size:15px}\
.cas-drawing .callout-failed-text{fill:#8c1d18;font-size:15px;font-weight:700}\
.cas-drawing .legend{fill:#4a5a6c;font-size:14px}\
.cas-drawing .tick{stroke:#e1e6ec;stroke-width:1}\
.cas-drawing .tick-text{fill:#4a5a6c;font-size:14px}\
.cas-drawing .bar-ok{fill:#2e7d4f}\
.cas-drawing .bar-info{fill:#7d8b99}\
.cas-drawing .bar-failed{fill:#b3261e}\
.cas-drawing .bar-failed-hatch{fill:none;stroke:#ffffff;stroke-width:2;stroke-dasharray:4 4}\
.cas-drawing .bar-text{fill:#ffffff;font-weight:700;font-size:14px}\
.cas-drawing .step-label{fill:#14202e;font-size:15px}\
.cas-drawing .step-current{fill:#fff3d6;stroke:#f4b400;stroke-width:2}\
.cas-drawing .fallback{stroke:#1d4e89;stroke-width:2;stroke-dasharray:6 4}\
.cas-drawing .fallback-text{fill:#1d4e89;font-size:14px;font-weight:700}\
.cas-drawing .dim{opacity:.35}\
.cas-drawing .bar-ad{fill:#1d4e89}\
.cas-drawing .prompt{fill:#f4b400;stroke:#14202e;stroke-width:2}\
.cas-drawing .ad-end{stroke:#4a5a6c;stroke-width:2;stroke-dasharray:2 3}\
.cas-drawing .ad-end-text{fill:#4a5a6c;font-size:14px;font-weight:700}\
.cas-drawing .node-ad{fill:#ffffff;stroke:#1d4e89;stroke-width:2;stroke-dasharray:6 3}\
.cas-drawing .ad-badge{fill:#1d4e89;font-size:14px;font-weight:700}";

/// `text` broken into lines of at most `width` units (at [`CHAR_W`]),
/// after spaces, dots, hyphens or slashes where it can, mid-word where it
/// must; at most `max_lines` lines, the last ending in "…" when cut.
pub fn wrap(text: &str, width: f64, max_lines: usize) -> Vec<String> {
    let per_line = ((width / CHAR_W).floor() as usize).max(4);
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() && lines.len() < max_lines {
        let rest = chars.len() - start;
        if rest <= per_line {
            lines.push(chars[start..].iter().collect::<String>().trim().to_string());
            start = chars.len();
            break;
        }
        let window = &chars[start..start + per_line];
        // Break after the last space in the window, else the last dot,
        // hyphen or slash, if not too early; mid-word as a last resort.
        let at = |sep: &dyn Fn(char) -> bool| {
            window
                .iter()
                .rposition(|c| sep(*c))
                .filter(|p| *p >= per_line / 3)
                .map(|p| p + 1)
        };
        let cut = at(&|c| c == ' ')
            .or_else(|| at(&|c| matches!(c, '.' | '-' | '/' | '\\' | ',' | ':')))
            .unwrap_or(per_line);
        lines.push(
            chars[start..start + cut]
                .iter()
                .collect::<String>()
                .trim()
                .to_string(),
        );
        start += cut;
        while start < chars.len() && chars[start] == ' ' {
            start += 1;
        }
    }
    if start < chars.len() {
        if let Some(last) = lines.last_mut() {
            let mut l: Vec<char> = last.chars().collect();
            while l.len() + 1 > per_line {
                l.pop();
            }
            *last = l.into_iter().collect::<String>() + "…";
        }
    }
    lines
}

/// A number as SVG attributes carry it: at most one decimal, no "-0".
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Text escaped for XML and HTML content and attribute values (the SVG and
/// the report's HTML alike).
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn push_item(out: &mut String, item: &Item, depth: usize) {
    let pad = "  ".repeat(depth);
    match item {
        Item::Rect {
            x,
            y,
            w,
            h,
            rx,
            class,
        } => {
            out.push_str(&format!("{pad}<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>\n", num(*x), num(*y), num(*w), num(*h), num(*rx)));
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            class,
        } => {
            out.push_str(&format!(
                "{pad}<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
                num(*x1),
                num(*y1),
                num(*x2),
                num(*y2)
            ));
        }
        Item::Polyline { points, class } => {
            let p: Vec<String> = points
                .iter()
                .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                .collect();
            out.push_str(&format!(
                "{pad}<polyline class=\"{class}\" points=\"{}\"/>\n",
                p.join(" ")
            ));
        }
        Item::Text {
            x,
            y,
            text,
            class,
            anchor,
        } => {
            out.push_str(&format!(
                "{pad}<text class=\"{class}\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>\n",
                num(*x),
                num(*y),
                anchor.as_str(),
                xml_escape(text)
            ));
        }
        Item::Group {
            class,
            id,
            title,
            items,
        } => {
            out.push_str(&format!("{pad}<g class=\"{}\"", xml_escape(class)));
            if let Some(id) = id {
                out.push_str(&format!(" data-id=\"{}\"", xml_escape(id)));
            }
            out.push_str(">\n");
            if let Some(t) = title {
                out.push_str(&format!("{pad}  <title>{}</title>\n", xml_escape(t)));
            }
            for i in items {
                push_item(out, i, depth + 1);
            }
            out.push_str(&format!("{pad}</g>\n"));
        }
    }
}

/// The drawing as a standalone SVG file: its styles inline, the system
/// font stack, text kept as text, a `<title>` and `<desc>`.
pub fn to_svg(d: &Drawing) -> String {
    to_svg_with_ids(d, "")
}

/// [`to_svg`] with its element ids prefixed, for several pictures in one page.
pub fn to_svg_with_ids(d: &Drawing, prefix: &str) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cas-drawing\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{prefix}t {prefix}d\">\n",
        w = num(d.width),
        h = num(d.height)
    ));
    out.push_str(&format!(
        "  <title id=\"{prefix}t\">{}</title>\n  <desc id=\"{prefix}d\">{}</desc>\n",
        xml_escape(&d.title),
        xml_escape(&d.description)
    ));
    out.push_str(&format!("  <style>{STYLE}</style>\n"));
    out.push_str(&format!(
        "  <rect class=\"bg\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\"/>\n",
        num(d.width),
        num(d.height)
    ));
    for i in &d.items {
        push_item(&mut out, i, 1);
    }
    out.push_str("</svg>\n");
    out
}

/// Every text of a drawing, in order (for tests and accessible summaries).
pub fn texts(d: &Drawing) -> Vec<&str> {
    fn walk<'a>(items: &'a [Item], out: &mut Vec<&'a str>) {
        for i in items {
            match i {
                Item::Text { text, .. } => out.push(text),
                Item::Group { items, .. } => walk(items, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&d.items, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_forty_characters_in_the_three_lines_of_a_node() {
        let lines = wrap("outlook-array-01.emea.corp.mycompany.int", 180.0, 3);
        assert!(lines.len() <= 3, "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() as f64 * CHAR_W <= 180.0),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), "outlook-array-01.emea.corp.mycompany.int");
        let cut = wrap(&"x".repeat(200), 100.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
    }

    #[test]
    fn svg_text_is_escaped() {
        let d = Drawing {
            width: 10.0,
            height: 10.0,
            title: "a <b> & \"c\"".into(),
            description: String::new(),
            items: vec![Item::Text {
                x: 1.0,
                y: 2.0,
                text: "<script>x</script>\u{1}".into(),
                class: "label",
                anchor: Anchor::Start,
            }],
        };
        let svg = to_svg(&d);
        assert!(
            svg.contains("&lt;script&gt;x&lt;/script&gt;\u{fffd}"),
            "{svg}"
        );
        assert!(svg.contains("<title id=\"t\">a &lt;b&gt; &amp; &quot;c&quot;</title>"));
    }
}
