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
    const STEPS: [u64; 12] = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000];
    STEPS.into_iter().find(|s| total_ms / s <= 8).unwrap_or(600_000)
}

/// `r`'s steps on a time axis; `current` marks one step (presenter mode).
pub fn timeline(r: &ClientResult, current: Option<usize>) -> Drawing {
    let end = r.steps.iter().map(|s| s.end_ms()).max().unwrap_or(0).max(r.total_ms).max(100);
    let step_ms = tick_step(end);
    let span = (end.div_ceil(step_ms) * step_ms) as f64;
    let x = |ms: u64| LABEL_W + (ms as f64 / span) * (WIDTH - LABEL_W - 24.0);
    let height = TOP + ROW_H * r.steps.len() as f64 + 30.0;
    let mut items = Vec::new();
    for i in 0..=(span as u64 / step_ms) {
        let ms = i * step_ms;
        items.push(Item::Line { x1: x(ms), y1: TOP - 6.0, x2: x(ms), y2: height - 24.0, class: "tick" });
        items.push(Item::Text { x: x(ms), y: TOP - 14.0, text: format_ms(ms), class: "tick-text", anchor: Anchor::Middle });
    }
    for (i, s) in r.steps.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let mut row = Vec::new();
        if current == Some(i) {
            row.push(Item::Rect { x: 0.0, y: y + 1.0, w: WIDTH, h: ROW_H - 2.0, rx: 4.0, class: "step-current" });
        }
        row.push(Item::Text { x: 6.0, y: y + ROW_H * 0.65, text: s.kind.as_str().into(), class: "step-label", anchor: Anchor::Start });
        let w = (x(s.end_ms()) - x(s.start_ms)).max(4.0);
        let class = match s.outcome {
            StepOutcome::Ok => "bar-ok",
            StepOutcome::Failed => "bar-failed",
            StepOutcome::Info => "bar-info",
        };
        row.push(Item::Rect { x: x(s.start_ms), y: y + 6.0, w, h: ROW_H - 12.0, rx: 3.0, class });
        if s.outcome == StepOutcome::Failed && w > 12.0 {
            row.push(Item::Line { x1: x(s.start_ms) + 4.0, y1: y + ROW_H / 2.0, x2: x(s.start_ms) + w - 4.0, y2: y + ROW_H / 2.0, class: "bar-failed-hatch" });
        }
        if s.duration_ms >= 1_000 && w > 60.0 {
            row.push(Item::Text { x: x(s.start_ms) + 8.0, y: y + ROW_H * 0.65, text: format_ms(s.duration_ms), class: "bar-text", anchor: Anchor::Start });
        }
        let title = format!("{} — {} at {}: {}", s.kind.as_str(), format_ms(s.duration_ms), format_ms(s.start_ms), s.detail);
        let class = format!("step-row step-{}{}", s.kind.as_str(), if current == Some(i) { " current" } else { "" });
        items.push(Item::Group { class, id: None, title: Some(title), items: row });
    }
    if let Some(at) = r.steps.iter().find(|s| s.kind == StepKind::Fallback).map(|s| s.start_ms) {
        items.push(Item::Group {
            class: "fallback-marker".into(),
            id: None,
            title: None,
            items: vec![
                Item::Line { x1: x(at), y1: TOP - 6.0, x2: x(at), y2: height - 24.0, class: "fallback" },
                Item::Text { x: x(at) - 6.0, y: height - 8.0, text: "fallback to HTTPS".into(), class: "fallback-text", anchor: Anchor::End },
            ],
        });
    }
    Drawing {
        width: WIDTH,
        height,
        title: format!("Timeline of {}'s connection: {} after {}", r.client, r.outcome.label(), format_ms(r.total_ms)),
        description: r.steps.iter().map(|s| format!("{} at {} for {}", s.kind.as_str(), format_ms(s.start_ms), format_ms(s.duration_ms))).collect::<Vec<_>>().join("; "),
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
    let end = r.steps.iter().map(|s| s.end_ms()).max().unwrap_or(0).max(r.total_ms).max(100);
    let step_ms = tick_step(end);
    let span = (end.div_ceil(step_ms) * step_ms) as f64;
    let x = |ms: u64| X0 + (ms as f64 / span) * (W - 2.0 * X0);
    let mut items = Vec::new();
    let last = span as u64 / step_ms;
    for i in 0..=last {
        let ms = i * step_ms;
        items.push(Item::Line { x1: x(ms), y1: BAR_Y - 6.0, x2: x(ms), y2: BAR_Y + BAR_H + 4.0, class: "tick" });
        // The end labels lean inwards so they stay inside the picture.
        let anchor = if i == 0 { Anchor::Start } else if i == last { Anchor::End } else { Anchor::Middle };
        items.push(Item::Text { x: x(ms), y: BAR_Y - 12.0, text: format_ms(ms), class: "tick-text", anchor });
    }
    for (i, s) in r.steps.iter().enumerate() {
        let w = (x(s.end_ms()) - x(s.start_ms)).max(3.0);
        let class = match s.outcome {
            StepOutcome::Ok => "bar-ok",
            StepOutcome::Failed => "bar-failed",
            StepOutcome::Info => "bar-info",
        };
        let mut row = vec![Item::Rect { x: x(s.start_ms), y: BAR_Y, w, h: BAR_H, rx: 2.0, class }];
        if s.outcome == StepOutcome::Failed && w > 12.0 {
            row.push(Item::Line { x1: x(s.start_ms) + 4.0, y1: BAR_Y + BAR_H / 2.0, x2: x(s.start_ms) + w - 4.0, y2: BAR_Y + BAR_H / 2.0, class: "bar-failed-hatch" });
        }
        if current == Some(i) {
            row.push(Item::Rect { x: x(s.start_ms) - 4.0, y: BAR_Y - 4.0, w: w + 8.0, h: BAR_H + 8.0, rx: 4.0, class: "node-selected" });
        }
        items.push(Item::Group { class: format!("strip-step step-{}", s.kind.as_str()), id: None, title: Some(format!("{} — {} at {}", s.kind.as_str(), format_ms(s.duration_ms), format_ms(s.start_ms))), items: row });
    }
    let label = match current.and_then(|c| r.steps.get(c).map(|s| (c, s))) {
        Some((c, s)) => format!("Step {} of {}: {} at {} for {}", c + 1, r.steps.len(), s.kind.as_str(), format_ms(s.start_ms), format_ms(s.duration_ms)),
        None => {
            let waits: Vec<String> = r.steps.iter().filter(|s| s.outcome == StepOutcome::Failed).map(|s| format!("{} {}", s.kind.as_str(), format_ms(s.duration_ms))).collect();
            let failed = if waits.is_empty() { String::new() } else { format!(" — failed: {}", waits.join(", ")) };
            format!("{} steps, {} in all{failed}", r.steps.len(), format_ms(r.total_ms))
        }
    };
    let focus = current.and_then(|c| r.steps.get(c)).or_else(|| r.steps.iter().find(|s| s.outcome == StepOutcome::Failed));
    {
        let (a, b) = focus.map_or((0, r.total_ms), |s| (s.start_ms, s.end_ms()));
        // Under the step, kept inside the picture.
        let cx = (x(a) + x(b)) / 2.0;
        let half = label.chars().count() as f64 * super::CHAR_W / 2.0;
        // A label wider than the picture is centred (clamp would panic).
        let lx = if 2.0 * half < W - 2.0 * X0 { cx.clamp(X0 + half, W - X0 - half) } else { W / 2.0 };
        items.push(Item::Text { x: lx, y: BAR_Y + BAR_H + 26.0, text: label, class: "step-label", anchor: Anchor::Middle });
    }
    if let Some(at) = r.steps.iter().find(|s| s.kind == StepKind::Fallback).map(|s| s.start_ms) {
        items.push(Item::Group {
            class: "fallback-marker".into(),
            id: None,
            title: Some("fallback to HTTPS".into()),
            items: vec![Item::Line { x1: x(at), y1: BAR_Y - 8.0, x2: x(at), y2: BAR_Y + BAR_H + 8.0, class: "fallback" }],
        });
    }
    Drawing {
        width: W,
        height: BAR_Y + BAR_H + 36.0,
        title: match current {
            Some(c) => format!("Timeline of {}'s connection, step {} of {}", r.client, c + 1, r.steps.len()),
            None => format!("Timeline of {}'s connection", r.client),
        },
        description: format!("{} after {}", r.outcome.label(), format_ms(r.total_ms)),
        items,
    }
}
