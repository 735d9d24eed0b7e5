//! Files opened from the page: a scenario file picked or dropped, and the
//! import dialog that a drop of anything else opens.

use crate::ui::effects::files::{self, Picked};
use crate::ui::shared::Shared;
use crate::ui::state::EditorHandle;
use gloo::file::callbacks::FileReader;
use std::rc::Rc;
use yew::prelude::*;

/// Opens a scenario file as the design (through the reducer). The reader
/// must outlive the read; the next file replaces it.
#[hook]
pub fn use_design_reader(editor: &EditorHandle) -> Callback<web_sys::File> {
    let reader = use_mut_ref(|| None::<FileReader>);
    let editor = editor.clone();
    Callback::from(move |f| *reader.borrow_mut() = files::read_into(&editor, f))
}

/// The import dialog, open or not, the files last dropped into it, and the
/// page's drop target.
pub struct ImportDialogState {
    pub open: bool,
    pub dropped: Option<Shared<Vec<Picked>>>,
    pub on_open: Callback<()>,
    pub on_close: Callback<()>,
    pub ondragover: Callback<DragEvent>,
    pub ondrop: Callback<DragEvent>,
}

/// The import dialog and the page's drop: one scenario file dropped opens
/// as a design; anything else (several files, a folder, an export) goes to
/// the import review.
#[hook]
pub fn use_import_dialog(editor: &EditorHandle) -> ImportDialogState {
    let open_design = use_design_reader(editor);
    let importing = use_state(|| false);
    let dropped = use_state(|| None::<Shared<Vec<Picked>>>);
    let on_open = {
        let (importing, dropped) = (importing.clone(), dropped.clone());
        Callback::from(move |_| {
            dropped.set(None);
            importing.set(true);
        })
    };
    let on_close = {
        let importing = importing.clone();
        Callback::from(move |_| importing.set(false))
    };
    let ondrop = {
        let (importing, dropped) = (importing.clone(), dropped.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let Some(dt) = e.data_transfer() else { return };
            let (open_design, importing, dropped) =
                (open_design.clone(), importing.clone(), dropped.clone());
            let in_review = *importing;
            files::dropped_files(&dt, move |picked| {
                let one_design = picked.len() == 1
                    && picked[0].path.to_ascii_lowercase().ends_with(".json")
                    && !in_review;
                if one_design {
                    open_design.emit(picked[0].file.clone());
                } else if !picked.is_empty() {
                    dropped.set(Some(Shared(Rc::new(picked))));
                    importing.set(true);
                }
            });
        })
    };
    ImportDialogState {
        open: *importing,
        dropped: (*dropped).clone(),
        on_open,
        on_close,
        ondragover: Callback::from(|e: DragEvent| e.prevent_default()),
        ondrop,
    }
}
