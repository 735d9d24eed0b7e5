//! Entry point mounted by Trunk: renders the planner into <body>.
fn main() {
    yew::Renderer::<cas_planner_app::ui::App>::new().render();
}
