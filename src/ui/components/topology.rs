//! The topology as the core lays it out (`draw::topology`): the selected
//! client's path hop by hop, the selected object highlighted; and its
//! export as a standalone SVG or a 2× PNG for slides.

use super::drawing::DrawingView;
use super::Shared;
use crate::ui::effects::files;
use crate::ui::state::{use_editor, Action};
use cas_planner_core::draw::{self, Drawing, TopologyOptions};
use cas_planner_core::sim::ClientResult;
use cas_planner_core::{file, Scenario};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub scenario: Shared<Scenario>,
    pub result: Option<Shared<ClientResult>>,
    pub selected_object: Option<String>,
}

/// Export buttons for a picture: `name` ends the file name (`…-topology`).
#[derive(Properties, PartialEq)]
pub struct ExportProps {
    pub drawing: Shared<Drawing>,
    pub scenario: Shared<Scenario>,
    /// What the picture is, in file names and button labels: "topology", "timeline".
    pub what: AttrValue,
}

#[component]
pub fn ExportButtons(props: &ExportProps) -> Html {
    let editor = use_editor();
    let stem = format!("{}-{}", file::file_stem(&props.scenario), props.what);
    let on_svg = {
        let (d, stem, editor) = (props.drawing.clone(), stem.clone(), editor.clone());
        Callback::from(move |_| {
            if let Err(e) =
                files::download(&format!("{stem}.svg"), "image/svg+xml", &draw::to_svg(&d))
            {
                editor.dispatch(Action::Fail(format!("Export failed: {e}")));
            }
        })
    };
    let on_png = {
        let (d, stem, editor) = (props.drawing.clone(), stem, editor);
        Callback::from(move |_| {
            let editor = editor.clone();
            files::download_png(
                &draw::to_svg(&d),
                d.width,
                d.height,
                2.0,
                &format!("{stem}.png"),
                move |e| editor.dispatch(Action::Fail(format!("Export failed: {e}"))),
            );
        })
    };
    html! {
        <div class="picture-actions">
            <button type="button" onclick={on_svg} aria-label={format!("Export SVG of the {}", props.what)} data-testid={format!("export-svg-{}", props.what)}>{ "Export SVG" }</button>
            <button type="button" onclick={on_png} aria-label={format!("Export PNG of the {}", props.what)} data-testid={format!("export-png-{}", props.what)}>{ "Export PNG" }</button>
        </div>
    }
}

#[component]
pub fn Topology(props: &TopologyProps) -> Html {
    let drawing = use_memo(
        (
            props.scenario.clone(),
            props.result.clone(),
            props.selected_object.clone(),
        ),
        |(s, r, selected)| {
            Rc::new(draw::topology(
                s,
                &TopologyOptions {
                    result: r.as_ref().map(|r| &*r.0),
                    upto_step: None,
                    selected: selected.as_deref(),
                },
            ))
        },
    );
    let drawing = Shared((*drawing).clone());
    html! {
        <section class="topology" aria-labelledby="topology-heading">
            <h3 id="topology-heading">{ "Topology" }</h3>
            <ExportButtons drawing={drawing.clone()} scenario={props.scenario.clone()} what="topology" />
            <DrawingView {drawing} testid="topology" />
        </section>
    }
}
