//! Files opened from the page: a scenario file picked or dropped, and the
//! import dialog that a drop of anything else opens.

use crate::ui::effects::files;
use crate::ui::state::EditorHandle;
use gloo::file::callbacks::FileReader;
use yew::prelude::*;

/// Opens a scenario file as the design (through the reducer). The reader
/// must outlive the read; the next file replaces it.
#[hook]
pub fn use_design_reader(editor: &EditorHandle) -> Callback<web_sys::File> {
    let reader = use_mut_ref(|| None::<FileReader>);
    let editor = editor.clone();
    Callback::from(move |f| *reader.borrow_mut() = files::read_into(&editor, f))
}
