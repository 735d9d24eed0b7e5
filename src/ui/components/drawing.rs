//! A core [`Drawing`] as SVG elements: the same picture `draw::to_svg`
//! writes for export, with every text as a text node (never markup).

use cas_planner_core::draw::{num, Drawing, Item};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DrawingProps {
    pub drawing: super::Shared<Drawing>,
    #[prop_or_default]
    pub testid: AttrValue,
    /// Extra classes on the `<svg>` (the report sizes pictures by class).
    #[prop_or_default]
    pub class: AttrValue,
}

fn item(i: &Item) -> Html {
    match i {
        Item::Rect {
            x,
            y,
            w,
            h,
            rx,
            class,
        } => {
            html! { <rect class={*class} x={num(*x)} y={num(*y)} width={num(*w)} height={num(*h)} rx={num(*rx)} /> }
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            class,
        } => {
            html! { <line class={*class} x1={num(*x1)} y1={num(*y1)} x2={num(*x2)} y2={num(*y2)} /> }
        }
        Item::Polyline { points, class } => {
            let p: Vec<String> = points
                .iter()
                .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                .collect();
            html! { <polyline class={*class} points={p.join(" ")} /> }
        }
        Item::Text {
            x,
            y,
            text,
            class,
            anchor,
        } => {
            html! { <text class={*class} x={num(*x)} y={num(*y)} text-anchor={anchor.as_str()}>{ text.clone() }</text> }
        }
        Item::Group {
            class,
            id,
            title,
            items,
        } => html! {
            <g class={class.clone()} data-id={id.clone()}>
                if let Some(t) = title { <title>{ t.clone() }</title> }
                { for items.iter().map(item) }
            </g>
        },
    }
}

#[component]
pub fn DrawingView(props: &DrawingProps) -> Html {
    let d = &props.drawing;
    html! {
        <svg class={classes!("cas-drawing", props.class.to_string())} viewBox={format!("0 0 {} {}", num(d.width), num(d.height))} role="img"
             aria-label={d.title.clone()} data-testid={props.testid.clone()}>
            <title>{ d.title.clone() }</title>
            <desc>{ d.description.clone() }</desc>
            <rect class="bg" x="0" y="0" width={num(d.width)} height={num(d.height)} />
            { for d.items.iter().map(item) }
        </svg>
    }
}
