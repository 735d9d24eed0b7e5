//! A client's timeline: one row per step, time on the x axis, failed steps
//! red and hatched (shape as well as colour), the fallback to HTTPS marked,
//! and in presenter mode the current step highlighted. Before the
//! connection, the Autodiscover run at profile creation (§6 run 1) has its
//! own lane (two for Outlook 2013's SCP and DNS chase side by side): its
//! methods as segments, failed steps red and hatched, prompts marked with a
//! diamond; the connection follows on the same axis, from when Autodiscover
//! answered (the profile setup's time).

use super::{Anchor, Drawing, Item};
use crate::sim::{format_ms, AdStep, AutodiscoverRun, ClientResult, StepKind, StepOutcome};

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
    /// Where the connection starts: after the Autodiscover run, if drawn.
    shift: u64,
}

impl Axis {
    fn new(r: &ClientResult, left: f64, right: f64) -> Axis {
        let shift = r.ad_run().map_or(0, |run| run.total_ms);
        let end = r
            .steps
            .iter()
            .map(|s| s.end_ms())
            .max()
            .unwrap_or(0)
            .max(r.total_ms)
            .max(r.range_ms.max)
            + shift;
        let end = r
            .ad_steps()
            .iter()
            .map(AdStep::end_ms)
            .fold(end, u64::max)
            .max(100);
        let step_ms = tick_step(end);
        Axis {
            step_ms,
            span: (end.div_ceil(step_ms) * step_ms) as f64,
            left,
            right,
            shift,
        }
    }
    fn x(&self, ms: u64) -> f64 {
        self.left + (ms as f64 / self.span) * (self.right - self.left)
    }
    /// A time of the connection's on the axis.
    fn at(&self, ms: u64) -> f64 {
        self.x(ms + self.shift)
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
            self.at(r.range_ms.min),
            self.at(r.range_ms.max).max(self.at(r.range_ms.min) + 4.0),
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
                x1: self.at(r.total_ms),
                y1: y - 3.0,
                x2: self.at(r.total_ms),
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

    /// A connection step's bar at `y`, `h` high; a failed one hatched
    /// (shape, not only colour).
    fn bar(
        &self,
        s: &crate::sim::Step,
        y: f64,
        h: f64,
        rx: f64,
        min_w: f64,
        items: &mut Vec<Item>,
    ) -> f64 {
        let span = (self.at(s.start_ms), self.at(s.end_ms()));
        Self::bar_at(span, s.outcome, (y, h, rx, min_w), items)
    }

    /// A bar from `x1` to `x2` (at least `min_w` wide) at `y`, `h` high.
    fn bar_at(
        (x, x2): (f64, f64),
        outcome: StepOutcome,
        (y, h, rx, min_w): (f64, f64, f64, f64),
        items: &mut Vec<Item>,
    ) -> f64 {
        let w = (x2 - x).max(min_w);
        let class = match outcome {
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
        if outcome == StepOutcome::Failed && w > 12.0 {
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

/// The Autodiscover run's lanes in order: 0 alone, or 1 (SCP) and 2 (the
/// DNS chase) side by side (§6 cost 8).
fn lanes(run: &AutodiscoverRun) -> Vec<u8> {
    let mut l: Vec<u8> = run.steps.iter().map(|s| s.lane).collect();
    l.sort_unstable();
    l.dedup();
    l
}

fn lane_label(lane: u8) -> &'static str {
    match lane {
        1 => "autodiscover SCP",
        2 => "autodiscover DNS",
        _ => "autodiscover",
    }
}

/// `current` (over the Autodiscover steps, then the connection's) as the
/// Autodiscover step or the connection step it is.
fn split_current(r: &ClientResult, current: Option<usize>) -> (Option<usize>, Option<usize>) {
    let n = r.ad_steps().len();
    match current {
        Some(c) if c < n => (Some(c), None),
        Some(c) => (None, Some(c - n)),
        None => (None, None),
    }
}

/// A prompt as a diamond centred at (`x`, `cy`), its text the tooltip.
fn prompt_marker(x: f64, cy: f64, r: f64, p: &crate::sim::Prompt) -> Item {
    Item::Group {
        class: "prompt-marker".into(),
        id: None,
        title: Some(format!("{} about {}: “{}”", p.kind.label(), p.host, p.text)),
        items: vec![Item::Polyline {
            points: vec![
                (x, cy - r),
                (x + r, cy),
                (x, cy + r),
                (x - r, cy),
                (x, cy - r),
            ],
            class: "prompt",
        }],
    }
}

/// One lane of the Autodiscover run at `y`, `h` high: each method a
/// segment, named when it fits; its failed steps red and hatched on top;
/// `current` (an index into the run's steps) outlined; prompts as diamonds.
fn ad_lane(
    axis: &Axis,
    run: &AutodiscoverRun,
    lane: u8,
    (y, h): (f64, f64),
    current: Option<usize>,
    items: &mut Vec<Item>,
) {
    let steps: Vec<(usize, &AdStep)> = run
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.lane == lane)
        .collect();
    let prompts: Vec<&crate::sim::Prompt> = run
        .prompts
        .iter()
        .filter(|p| run.prompt_step(p).map(|k| run.steps[k].lane) == Some(lane))
        .collect();
    let mut names = Vec::new();
    let mut i = 0;
    while i < steps.len() {
        let method = steps[i].1.method;
        let j = steps[i..]
            .iter()
            .position(|(_, s)| s.method != method)
            .map_or(steps.len(), |p| i + p);
        let group = &steps[i..j];
        let a = group[0].1.start_ms;
        let b = group.iter().map(|(_, s)| s.end_ms()).max().unwrap_or(a);
        let (x1, x2) = (axis.x(a), axis.x(b).max(axis.x(a) + 4.0));
        let g = vec![Item::Rect {
            x: x1,
            y,
            w: x2 - x1,
            h,
            rx: 3.0,
            class: "bar-ad",
        }];
        // The name after any prompt's diamond at the segment's start.
        let tx = prompts
            .iter()
            .map(|p| axis.x(p.at_ms))
            .filter(|px| (x1..x1 + 24.0).contains(px))
            .fold(x1 + 8.0, |t, px| t.max(px + h / 2.0 + 6.0));
        if method.chars().count() as f64 * super::CHAR_W * 0.9 + 8.0 < x2 - tx && h > 16.0 {
            names.push(Item::Text {
                x: tx,
                y: y + h * 0.5 + 5.0,
                text: method.into(),
                class: "bar-text",
                anchor: Anchor::Start,
            });
        }
        let failed = group
            .iter()
            .filter(|(_, s)| s.outcome == StepOutcome::Failed)
            .count();
        let failed = match failed {
            0 => String::new(),
            n => format!(", {n} step(s) failed"),
        };
        items.push(Item::Group {
            class: format!("ad-method ad-{method}"),
            id: None,
            title: Some(format!(
                "Autodiscover {method} — {} at {}{failed}",
                format_ms(b - a),
                format_ms(a)
            )),
            items: g,
        });
        i = j;
    }
    // Failed steps on top of every segment (a failure at a method's end
    // would hide under the next method's start).
    for (_, s) in steps
        .iter()
        .filter(|(_, s)| s.outcome == StepOutcome::Failed)
    {
        let (x, w) = (
            axis.x(s.start_ms),
            (axis.x(s.end_ms()) - axis.x(s.start_ms)).max(7.0),
        );
        let mut g = vec![Item::Rect {
            x,
            y,
            w,
            h,
            rx: 2.0,
            class: "bar-failed",
        }];
        if w > 12.0 {
            // Hatched under the method's name (shape, not only colour).
            g.push(Item::Line {
                x1: x + 4.0,
                y1: y + h - 4.0,
                x2: x + w - 4.0,
                y2: y + h - 4.0,
                class: "bar-failed-hatch",
            });
        }
        items.push(Item::Group {
            class: "ad-failed".into(),
            id: None,
            title: Some(format!(
                "Autodiscover {} failed at {}: {}",
                s.method,
                format_ms(s.start_ms),
                s.detail
            )),
            items: g,
        });
    }
    // The names on top of the failures.
    items.extend(names);
    if let Some((_, s)) = current.and_then(|c| steps.iter().find(|(k, _)| *k == c)) {
        let (x1, x2) = (axis.x(s.start_ms), axis.x(s.end_ms()));
        items.push(Item::Rect {
            x: x1 - 4.0,
            y: y - 4.0,
            w: (x2 - x1).max(4.0) + 8.0,
            h: h + 8.0,
            rx: 4.0,
            class: "node-selected",
        });
    }
    for p in prompts {
        items.push(prompt_marker(axis.x(p.at_ms), y + h / 2.0, h / 2.0, p));
    }
}

/// The line where the connection starts, after Autodiscover, from `y1` to
/// `y2`, named at `label_y`.
fn connection_start(
    axis: &Axis,
    run: &AutodiscoverRun,
    (y1, y2, label_y): (f64, f64, f64),
) -> Item {
    let x = axis.at(0);
    let (tx, anchor) = if x > (axis.left + axis.right) / 2.0 {
        (x - 6.0, Anchor::End)
    } else {
        (x + 6.0, Anchor::Start)
    };
    let how = match run.outcome {
        crate::sim::RunOutcome::Ok => "Autodiscover answered",
        crate::sim::RunOutcome::Failed => "Autodiscover gave up",
    };
    Item::Group {
        class: "ad-end-marker".into(),
        id: None,
        title: Some(format!("{how} at {}", format_ms(run.total_ms))),
        items: vec![
            Item::Line {
                x1: x,
                y1,
                x2: x,
                y2,
                class: "ad-end",
            },
            Item::Text {
                x: tx,
                y: label_y,
                text: format!("{how}: the connection starts"),
                class: "ad-end-text",
                anchor,
            },
        ],
    }
}

/// The Autodiscover run's steps and prompts in words, for screen readers.
fn ad_description(r: &ClientResult) -> String {
    let Some(run) = r.ad_run() else {
        return String::new();
    };
    let steps = run.steps.iter().map(|s| {
        format!(
            "autodiscover {} at {} for {}{}",
            s.method,
            format_ms(s.start_ms),
            format_ms(s.duration_ms),
            if s.outcome == StepOutcome::Failed {
                " (failed)"
            } else {
                ""
            }
        )
    });
    let prompts = run
        .prompts
        .iter()
        .map(|p| format!("prompt at {}: {}", format_ms(p.at_ms), p.text));
    let mut out: Vec<String> = steps.chain(prompts).collect();
    out.push(format!(
        "then the connection at {}",
        format_ms(run.total_ms)
    ));
    out.join("; ") + "; "
}

/// The Autodiscover lanes at the top of the timeline, one row each, from `TOP`.
fn ad_rows(axis: &Axis, r: &ClientResult, current: Option<usize>, items: &mut Vec<Item>) {
    let Some(run) = r.ad_run() else {
        return;
    };
    for (k, lane) in lanes(run).into_iter().enumerate() {
        let y = TOP + ROW_H * k as f64;
        let on = current.is_some_and(|c| run.steps[c].lane == lane);
        let mut row = Vec::new();
        if on {
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
            text: lane_label(lane).into(),
            class: "step-label",
            anchor: Anchor::Start,
        });
        ad_lane(axis, run, lane, (y + 6.0, ROW_H - 12.0), current, &mut row);
        items.push(Item::Group {
            class: format!("ad-row{}", if on { " current" } else { "" }),
            id: None,
            title: Some(format!(
                "Autodiscover at profile creation: {}",
                run.summary()
            )),
            items: row,
        });
    }
}

/// `r`'s steps on a time axis, its Autodiscover run first; `current`
/// marks one step (presenter mode), counting the Autodiscover steps first.
pub fn timeline(r: &ClientResult, current: Option<usize>) -> Drawing {
    let axis = Axis::new(r, LABEL_W, WIDTH - 24.0);
    let x = |ms: u64| axis.at(ms);
    let run = r.ad_run();
    let ad_lanes = run.map_or(0, |run| lanes(run).len());
    let (ad_current, current) = split_current(r, current);
    // One more row for the range of the total, when the undocumented parameters move it.
    let band_rows = usize::from(r.has_range());
    let top = TOP + ROW_H * ad_lanes as f64;
    let base = top + ROW_H * (r.steps.len() + band_rows) as f64;
    let height = base + 30.0 + if run.is_some() { 18.0 } else { 0.0 };
    let mut items = Vec::new();
    axis.ticks(TOP - 6.0, base + 6.0, TOP - 14.0, &mut items);
    ad_rows(&axis, r, ad_current, &mut items);
    for (i, s) in r.steps.iter().enumerate() {
        let y = top + ROW_H * i as f64;
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
        let y = top + ROW_H * r.steps.len() as f64;
        let label = Item::Text {
            x: 6.0,
            y: y + ROW_H * 0.65,
            text: "range".into(),
            class: "step-label",
            anchor: Anchor::Start,
        };
        items.push(axis.range_band(r, y + 6.0, ROW_H - 12.0, Some(label)));
    }
    if let Some(run) = run {
        items.push(connection_start(
            &axis,
            run,
            (TOP - 6.0, base + 6.0, base + 40.0),
        ));
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
                    y2: base + 6.0,
                    class: "fallback",
                },
                Item::Text {
                    x: x(at) - 6.0,
                    y: base + 22.0,
                    text: "fallback to HTTPS".into(),
                    class: "fallback-text",
                    anchor: Anchor::End,
                },
            ],
        });
    }
    let connection = r
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
        .join("; ");
    Drawing {
        width: WIDTH,
        height,
        title: format!(
            "Timeline of {}'s {}connection: {} after {}",
            r.client,
            run.map_or(String::new(), |run| format!(
                "Autodiscover ({}) and ",
                format_ms(run.total_ms)
            )),
            r.outcome.label(),
            format_ms(r.total_ms)
        ),
        description: ad_description(r) + &connection,
        items,
    }
}

/// The strip's label: the current step's (Autodiscover's or the
/// connection's), else the whole run in a line.
fn strip_label(r: &ClientResult, ad_current: Option<usize>, current: Option<usize>) -> String {
    let ad = r.ad_steps();
    let conn = if ad.is_empty() {
        "Step"
    } else {
        "Connection step"
    };
    if let Some((c, s)) = ad_current.and_then(|c| ad.get(c).map(|s| (c, s))) {
        return format!(
            "Autodiscover step {} of {}: {} at {} for {}",
            c + 1,
            ad.len(),
            s.method,
            format_ms(s.start_ms),
            format_ms(s.duration_ms)
        );
    }
    if let Some((c, s)) = current.and_then(|c| r.steps.get(c).map(|s| (c, s))) {
        return format!(
            "{conn} {} of {}: {} at {} for {}",
            c + 1,
            r.steps.len(),
            s.kind.as_str(),
            format_ms(s.start_ms),
            format_ms(s.duration_ms)
        );
    }
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
    let before = r.ad_run().map_or(String::new(), |run| {
        let prompts = match run.prompts.len() {
            0 => String::new(),
            1 => ", 1 prompt".into(),
            n => format!(", {n} prompts"),
        };
        format!("Autodiscover {}{prompts}, then ", format_ms(run.total_ms))
    });
    format!(
        "{before}{} steps, {} in all{range}{failed}",
        r.steps.len(),
        format_ms(r.total_ms)
    )
}

/// The timeline on one line, for presenter mode and the printed report:
/// the Autodiscover run's methods, then every step a segment of one bar
/// (failed ones red and hatched), the current step (counting Autodiscover's
/// first), if any, outlined and named under the bar, ticks above.
pub fn timeline_strip(r: &ClientResult, current: Option<usize>) -> Drawing {
    const W: f64 = 1360.0;
    const X0: f64 = 16.0;
    const BAR_Y: f64 = 34.0;
    const BAR_H: f64 = 30.0;
    let axis = Axis::new(r, X0, W - X0);
    let x = |ms: u64| axis.at(ms);
    let (ad_current, current) = split_current(r, current);
    let mut items = Vec::new();
    axis.ticks(BAR_Y - 6.0, BAR_Y + BAR_H + 4.0, BAR_Y - 12.0, &mut items);
    if let Some(run) = r.ad_run() {
        let lanes = lanes(run);
        let h = BAR_H / lanes.len() as f64;
        for (k, lane) in lanes.into_iter().enumerate() {
            let y = BAR_Y + h * k as f64;
            ad_lane(&axis, run, lane, (y, h), ad_current, &mut items);
        }
    }
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
    let label = strip_label(r, ad_current, current);
    let focus = match ad_current.and_then(|c| r.ad_steps().get(c)) {
        Some(s) => (axis.x(s.start_ms), axis.x(s.end_ms())),
        None => current
            .and_then(|c| r.steps.get(c))
            .or_else(|| r.steps.iter().find(|s| s.outcome == StepOutcome::Failed))
            .map_or((axis.x(0), x(r.total_ms)), |s| {
                (x(s.start_ms), x(s.end_ms()))
            }),
    };
    {
        // Under the step, kept inside the picture.
        let cx = (focus.0 + focus.1) / 2.0;
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
    let ad_n = r.ad_steps().len();
    Drawing {
        width: W,
        height: BAR_Y + BAR_H + 36.0,
        title: match (ad_current, current) {
            (Some(c), _) => format!(
                "Timeline of {}'s Autodiscover and connection, Autodiscover step {} of {ad_n}",
                r.client,
                c + 1
            ),
            (_, Some(c)) => format!(
                "Timeline of {}'s connection, step {} of {}",
                r.client,
                c + 1,
                r.steps.len()
            ),
            _ if ad_n > 0 => format!("Timeline of {}'s Autodiscover and connection", r.client),
            _ => format!("Timeline of {}'s connection", r.client),
        },
        description: format!(
            "{}{} after {}",
            ad_description(r),
            r.outcome.label(),
            format_ms(r.total_ms)
        ),
        items,
    }
}
