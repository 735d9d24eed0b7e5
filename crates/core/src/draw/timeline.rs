//! A client's timeline: one row per step, time on the x axis, failed steps
//! red and hatched (shape as well as colour), the fallback to HTTPS marked,
//! and in presenter mode the current step highlighted.

use super::{Anchor, Drawing, Item};
use crate::sim::{format_ms, ClientResult, StepKind, StepOutcome};

const ROW_H: f64 = 34.0;
const LABEL_W: f64 = 190.0;
const WIDTH: f64 = 1200.0;
const TOP: f64 = 40.0;

/// A "nice" tick step in ms giving at most about 8 ticks.
fn tick_step(total_ms: u64) -> u64 {
    const STEPS: [u64; 12] = [
        100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000,
    ];
    STEPS
        .into_iter()
        .find(|s| total_ms / s <= 8)
        .unwrap_or(600_000)
}

/// The time axis of a client's steps between `left` and `right`: a round
/// span with "nice" ticks, shared by both timelines.
struct Axis {
    step_ms: u64,
    span: f64,
    left: f64,
    right: f64,
}

impl Axis {
    fn new(r: &ClientResult, left: f64, right: f64) -> Axis {
        let end = r
            .steps
            .iter()
            .map(|s| s.end_ms())
            .max()
            .unwrap_or(0)
            .max(r.total_ms)
            .max(r.range_ms.max)
            .max(100);
        let step_ms = tick_step(end);
        Axis {
            step_ms,
            span: (end.div_ceil(step_ms) * step_ms) as f64,
            left,
            right,
        }
    }
    fn x(&self, ms: u64) -> f64 {
        self.left + (ms as f64 / self.span) * (self.right - self.left)
    }
    /// Tick lines from `y1` to `y2`, labelled at `label_y`; the end labels
    /// lean inwards so they stay inside the picture.
    fn ticks(&self, y1: f64, y2: f64, label_y: f64, items: &mut Vec<Item>) {
        let last = self.span as u64 / self.step_ms;
        for i in 0..=last {
            let ms = i * self.step_ms;
            let anchor = if i == 0 {
                Anchor::Start
            } else if i == last {
                Anchor::End
            } else {
                Anchor::Middle
            };
            items.push(Item::Line {
                x1: self.x(ms),
                y1,
                x2: self.x(ms),
                y2,
                class: "tick",
            });
            items.push(Item::Text {
                x: self.x(ms),
                y: label_y,
                text: format_ms(ms),
                class: "tick-text",
                anchor,
            });
        }
    }
    /// The range of `r`'s total as a band from its least to its most, `h`
    /// high at `y`, the nominal time a line across it; with `label` (a
    /// row of its own) the span written inside or before it.
    fn range_band(&self, r: &ClientResult, y: f64, h: f64, label: Option<Item>) -> Item {
        let (x1, x2) = (
            self.x(r.range_ms.min),
            self.x(r.range_ms.max).max(self.x(r.range_ms.min) + 4.0),
        );
        let mut items = vec![
            Item::Rect {
                x: x1,
                y,
                w: x2 - x1,
                h,
                rx: 3.0,
                class: "range-band",
            },
            Item::Line {
                x1: self.x(r.total_ms),
                y1: y - 3.0,
                x2: self.x(r.total_ms),
                y2: y + h + 3.0,
                class: "range-nominal",
            },
        ];
        if let Some(label) = label {
            // The span's text inside the band when it fits, else before it.
            let (tx, anchor) = if x2 - x1 > 130.0 {
                (x1 + 8.0, Anchor::Start)
            } else {
                (x1 - 8.0, Anchor::End)
            };
            let span = crate::sim::format_span(r.range_ms.min, r.range_ms.max);
            items.push(Item::Text {
                x: tx,
                y: y + h * 0.5 + 5.0,
                text: span,
                class: "range-text",
                anchor,
            });
            items.insert(0, label);
        }
        Item::Group {
            class: "range-row".into(),
            id: None,
            title: Some(format!(
                "Total {}: {}",
                format_ms(r.total_ms),
                r.range_text().unwrap_or_default()
            )),
            items,
        }
    }

    /// A step's bar at `y`, `h` high; a failed one hatched (shape, not only colour).
    fn bar(
        &self,
        s: &crate::sim::Step,
        y: f64,
        h: f64,
        rx: f64,
        min_w: f64,
        items: &mut Vec<Item>,
    ) -> f64 {
        let (x, w) = (
            self.x(s.start_ms),
            (self.x(s.end_ms()) - self.x(s.start_ms)).max(min_w),
        );
        let class = match s.outcome {
            StepOutcome::Ok => "bar-ok",
            StepOutcome::Failed => "bar-failed",
            StepOutcome::Info => "bar-info",
        };
        items.push(Item::Rect {
            x,
            y,
            w,
            h,
            rx,
            class,
        });
        if s.outcome == StepOutcome::Failed && w > 12.0 {
            items.push(Item::Line {
                x1: x + 4.0,
                y1: y + h / 2.0,
                x2: x + w - 4.0,
                y2: y + h / 2.0,
                class: "bar-failed-hatch",
            });
        }
        w
    }
}

/// When the client fell back to HTTPS, if it did.
fn fallback_at(r: &ClientResult) -> Option<u64> {
    r.steps
        .iter()
        .find(|s| s.kind == StepKind::Fallback)
        .map(|s| s.start_ms)
}

/// `r`'s steps on a time axis; `current` marks one step (presenter mode).
pub fn timeline(r: &ClientResult, current: Option<usize>) -> Drawing {
    let axis = Axis::new(r, LABEL_W, WIDTH - 24.0);
    let x = |ms: u64| axis.x(ms);
    // One more row for the range of the total, when the undocumented parameters move it.
    let band_rows = if r.has_range() { 1.0 } else { 0.0 };
    let height = TOP + ROW_H * (r.steps.len() as f64 + band_rows) + 30.0;
    let mut items = Vec::new();
    axis.ticks(TOP - 6.0, height - 24.0, TOP - 14.0, &mut items);
    for (i, s) in r.steps.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let mut row = Vec::new();
        if current == Some(i) {
            row.push(Item::Rect {
                x: 0.0,
                y: y + 1.0,
                w: WIDTH,
                h: ROW_H - 2.0,
                rx: 4.0,
                class: "step-current",
            });
        }
        row.push(Item::Text {
            x: 6.0,
            y: y + ROW_H * 0.65,
            text: s.kind.as_str().into(),
            class: "step-label",
            anchor: Anchor::Start,
        });
        let w = axis.bar(s, y + 6.0, ROW_H - 12.0, 3.0, 4.0, &mut row);
        if s.duration_ms >= 1_000 && w > 60.0 {
            row.push(Item::Text {
                x: x(s.start_ms) + 8.0,
                y: y + ROW_H * 0.65,
                text: format_ms(s.duration_ms),
                class: "bar-text",
                anchor: Anchor::Start,
            });
        }
        let title = format!(
            "{} — {} at {}: {}",
            s.kind.as_str(),
            format_ms(s.duration_ms),
            format_ms(s.start_ms),
            s.detail
        );
        let class = format!(
            "step-row step-{}{}",
            s.kind.as_str(),
            if current == Some(i) { " current" } else { "" }
        );
        items.push(Item::Group {
            class,
            id: None,
            title: Some(title),
            items: row,
        });
    }
    if r.has_range() {
        let y = TOP + ROW_H * r.steps.len() as f64;
        let label = Item::Text {
            x: 6.0,
            y: y + ROW_H * 0.65,
            text: "range".into(),
            class: "step-label",
            anchor: Anchor::Start,
        };
        items.push(axis.range_band(r, y + 6.0, ROW_H - 12.0, Some(label)));
    }
    if let Some(at) = fallback_at(r) {
        items.push(Item::Group {
            class: "fallback-marker".into(),
            id: None,
            title: None,
            items: vec![
                Item::Line {
                    x1: x(at),
                    y1: TOP - 6.0,
                    x2: x(at),
                    y2: height - 24.0,
                    class: "fallback",
                },
                Item::Text {
                    x: x(at) - 6.0,
                    y: height - 8.0,
                    text: "fallback to HTTPS".into(),
                    class: "fallback-text",
                    anchor: Anchor::End,
                },
            ],
        });
    }
    Drawing {
        width: WIDTH,
        height,
        title: format!(
            "Timeline of {}'s connection: {} after {}",
            r.client,
            r.outcome.label(),
            format_ms(r.total_ms)
        ),
        description: r
            .steps
            .iter()
            .map(|s| {
                format!(
                    "{} at {} for {}",
                    s.kind.as_str(),
                    format_ms(s.start_ms),
                    format_ms(s.duration_ms)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        items,
    }
}

/// The timeline on one line, for presenter mode and the printed report:
/// every step a segment of one bar (failed ones red and hatched), the
/// current step, if any, outlined and named under the bar, ticks above.
pub fn timeline_strip(r: &ClientResult, current: Option<usize>) -> Drawing {
    const W: f64 = 1360.0;
    const X0: f64 = 16.0;
    const BAR_Y: f64 = 34.0;
    const BAR_H: f64 = 30.0;
    let axis = Axis::new(r, X0, W - X0);
    let x = |ms: u64| axis.x(ms);
    let mut items = Vec::new();
    axis.ticks(BAR_Y - 6.0, BAR_Y + BAR_H + 4.0, BAR_Y - 12.0, &mut items);
    for (i, s) in r.steps.iter().enumerate() {
        let mut row = Vec::new();
        let w = axis.bar(s, BAR_Y, BAR_H, 2.0, 3.0, &mut row);
        if current == Some(i) {
            row.push(Item::Rect {
                x: x(s.start_ms) - 4.0,
                y: BAR_Y - 4.0,
                w: w + 8.0,
                h: BAR_H + 8.0,
                rx: 4.0,
                class: "node-selected",
            });
        }
        items.push(Item::Group {
            class: format!("strip-step step-{}", s.kind.as_str()),
            id: None,
            title: Some(format!(
                "{} — {} at {}",
                s.kind.as_str(),
                format_ms(s.duration_ms),
                format_ms(s.start_ms)
            )),
            items: row,
        });
    }
    let label = match current.and_then(|c| r.steps.get(c).map(|s| (c, s))) {
        Some((c, s)) => format!(
            "Step {} of {}: {} at {} for {}",
            c + 1,
            r.steps.len(),
            s.kind.as_str(),
            format_ms(s.start_ms),
            format_ms(s.duration_ms)
        ),
        None => {
            let waits: Vec<String> = r
                .steps
                .iter()
                .filter(|s| s.outcome == StepOutcome::Failed)
                .map(|s| format!("{} {}", s.kind.as_str(), format_ms(s.duration_ms)))
                .collect();
            let failed = if waits.is_empty() {
                String::new()
            } else {
                format!(" — failed: {}", waits.join(", "))
            };
            let range = if r.has_range() {
                format!(
                    " (range {})",
                    crate::sim::format_span(r.range_ms.min, r.range_ms.max)
                )
            } else {
                String::new()
            };
            format!(
                "{} steps, {} in all{range}{failed}",
                r.steps.len(),
                format_ms(r.total_ms)
            )
        }
    };
    let focus = current
        .and_then(|c| r.steps.get(c))
        .or_else(|| r.steps.iter().find(|s| s.outcome == StepOutcome::Failed));
    {
        let (a, b) = focus.map_or((0, r.total_ms), |s| (s.start_ms, s.end_ms()));
        // Under the step, kept inside the picture.
        let cx = (x(a) + x(b)) / 2.0;
        let half = label.chars().count() as f64 * super::CHAR_W / 2.0;
        // A label wider than the picture is centred (clamp would panic).
        let lx = if 2.0 * half < W - 2.0 * X0 {
            cx.clamp(X0 + half, W - X0 - half)
        } else {
            W / 2.0
        };
        items.push(Item::Text {
            x: lx,
            y: BAR_Y + BAR_H + 26.0,
            text: label,
            class: "step-label",
            anchor: Anchor::Middle,
        });
    }
    if r.has_range() {
        // A thin band under the bar; its figures are in the label and the tooltip.
        items.push(axis.range_band(r, BAR_Y + BAR_H + 3.0, 6.0, None));
    }
    if let Some(at) = fallback_at(r) {
        items.push(Item::Group {
            class: "fallback-marker".into(),
            id: None,
            title: Some("fallback to HTTPS".into()),
            items: vec![Item::Line {
                x1: x(at),
                y1: BAR_Y - 8.0,
                x2: x(at),
                y2: BAR_Y + BAR_H + 8.0,
                class: "fallback",
            }],
        });
    }
    Drawing {
        width: W,
        height: BAR_Y + BAR_H + 36.0,
        title: match current {
            Some(c) => format!(
                "Timeline of {}'s connection, step {} of {}",
                r.client,
                c + 1,
                r.steps.len()
            ),
            None => format!("Timeline of {}'s connection", r.client),
        },
        description: format!("{} after {}", r.outcome.label(), format_ms(r.total_ms)),
        items,
    }
}
