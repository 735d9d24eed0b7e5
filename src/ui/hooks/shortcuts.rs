//! Keyboard shortcuts for the whole page.

use crate::ui::effects;
use crate::ui::state::{Action, EditorHandle};
use yew::prelude::*;

/// Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z or Ctrl/Cmd+Y redoes, while the
/// component is mounted.
#[hook]
pub fn use_undo_shortcut(editor: &EditorHandle) {
    let editor = editor.clone();
    use_effect_with((), move |_| {
        let undo = effects::on_undo_shortcut(move |redo| {
            editor.dispatch(if redo { Action::Redo } else { Action::Undo })
        });
        move || drop(undo)
    });
}
