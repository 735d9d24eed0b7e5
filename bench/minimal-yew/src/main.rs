//! A minimal Yew page that marks its first render like the planner does.
use wasm_bindgen::JsValue;
use yew::prelude::*;

#[component]
fn App() -> Html {
    use_effect_with((), |_| {
        if let Some(w) = web_sys::window() {
            let now = w.performance().map(|p| p.now()).unwrap_or(0.0);
            let _ = js_sys::Reflect::set(
                &w,
                &JsValue::from_str("__firstRenderMs"),
                &JsValue::from_f64(now),
            );
        }
    });
    html! { <main data-testid="app-root"><h1>{ "Hello" }</h1></main> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
