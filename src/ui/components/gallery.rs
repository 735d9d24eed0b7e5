//! The example gallery: the seed design (leaking and fixed) and the other
//! examples, each one click away; loading keeps the current design undoable.

use crate::ui::state::{use_editor, Action};
use cas_planner_core::examples;
use yew::prelude::*;

#[component]
pub fn Gallery() -> Html {
    let editor = use_editor();
    html! {
        <section class="gallery" aria-labelledby="gallery-heading">
            <h3 id="gallery-heading">{ "Examples" }</h3>
            <ul class="gallery-list">
                { for examples::gallery().into_iter().map(|ex| {
                    let editor = editor.clone();
                    let onclick = Callback::from(move |_| editor.dispatch(Action::Load { scenario: (ex.build)(), label: format!("example “{}”", ex.title) }));
                    html! { <li><button type="button" class="gallery-item" {onclick} data-example={ex.slug}>{ ex.title }</button></li> }
                }) }
            </ul>
        </section>
    }
}
