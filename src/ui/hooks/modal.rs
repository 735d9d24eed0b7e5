//! Native modal dialogs.

use yew::prelude::*;

/// Opens the `<dialog>` behind `dialog` as a modal when the component
/// mounts (the page behind is inert: focus cannot leave it, and Esc cancels)
/// and moves the focus to `focus`.
#[hook]
pub fn use_show_modal(dialog: &NodeRef, focus: &NodeRef) {
    let (dialog, focus) = (dialog.clone(), focus.clone());
    use_effect_with((), move |_| {
        if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
            let _ = d.show_modal();
        }
        if let Some(f) = focus.cast::<web_sys::HtmlElement>() {
            let _ = f.focus();
        }
    });
}
