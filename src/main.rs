//! Entry point mounted by Trunk: renders the planner into <body>.
fn main() {
    cas_planner_app::ui::effects::mark_once("cas:start");
    cas_planner_app::ui::effects::remove_shell();
    yew::Renderer::<cas_planner_app::ui::App>::new().render();
}
