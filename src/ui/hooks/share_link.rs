//! Share links pasted into the address bar of an open page.

use crate::ui::effects::url;
use crate::ui::state::{Action, EditorHandle};
use cas_planner_core::share;
use yew::prelude::*;

/// A share link pasted into this tab's address bar opens its design (or
/// says why it cannot), while the component is mounted.
#[hook]
pub fn use_shared_link(editor: &EditorHandle) {
    let editor = editor.clone();
    use_effect_with((), move |_| {
        let shared = url::on_shared_fragment(move |f| match share::decode(&f) {
            Ok(loaded) => editor.dispatch(Action::Load {
                scenario: loaded.scenario,
                label: "the design from the shared link".into(),
            }),
            Err(e) => editor.dispatch(Action::Fail(e.to_string())),
        });
        move || drop(shared)
    });
}
