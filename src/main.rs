//! Entry point mounted by Trunk: renders the planner into <body>.
fn main() {
    cas_planner_app::ui::effects::mark_once("cas:start");
    yew::Renderer::<cas_planner_app::ui::App>::new().render();
}
