//! Product name, the open design's name, file actions (New, Open, Import
//! from Exchange, Save, Share link) and undo/redo.

use crate::ui::effects::{files, url};
use crate::ui::hooks::use_design_reader;
use crate::ui::state::{use_editor, Action};
use cas_planner_core::{examples, file, share};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// Opens the import dialog (App owns it: a drop on the page opens it too).
    pub on_import: Callback<()>,
    /// Renders the printed report and opens the print dialog.
    pub on_print: Callback<()>,
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let editor = use_editor();
    let open_design = use_design_reader(&editor);
    let share_result = use_state(|| None::<Result<String, String>>);
    let dispatch = |action: fn() -> Action| {
        let editor = editor.clone();
        Callback::from(move |_| editor.dispatch(action()))
    };
    let on_new = {
        let editor = editor.clone();
        Callback::from(move |_| {
            editor.dispatch(Action::Load {
                scenario: examples::blank(),
                label: "a new, empty design".into(),
            })
        })
    };
    let on_open = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        if let Some(f) = input.files().and_then(|l| l.get(0)) {
            open_design.emit(f);
        }
        input.set_value(""); // picking the same file again still fires
    });
    let on_save = {
        let editor = editor.clone();
        Callback::from(move |_| {
            let s = editor.scenario();
            if let Err(e) = files::download(
                &file::suggested_file_name(s),
                "application/json",
                &file::save(s),
            ) {
                editor.dispatch(Action::Fail(format!("Save failed: {e}")));
            }
        })
    };
    let on_share = {
        let (editor, share_result) = (editor.clone(), share_result.clone());
        Callback::from(move |_| {
            let result = share::encode(editor.scenario())
                .map(|f| url::link_for(&f))
                .map_err(|e| e.to_string());
            if let Ok(link) = &result {
                url::copy_to_clipboard(link);
            }
            share_result.set(Some(result));
        })
    };
    let close_share = {
        let share_result = share_result.clone();
        Callback::from(move |_| share_result.set(None))
    };
    let plan = {
        let editor = editor.clone();
        Callback::from(move |_| {
            editor.dispatch(Action::AddStep {
                name: "Step 1".into(),
            })
        })
    };
    let scenario = editor.scenario();
    html! {
        <header class="app-header">
            <div class="brand">
                <h1>{ "CAS Array Planner" }</h1>
                <p class="tagline">{ "Exchange 2010 client access: predict how Outlook connects before you build it" }</p>
            </div>
            <div class="scenario-title" data-testid="scenario-name">{ scenario.name.clone() }</div>
            <nav class="toolbar" aria-label="Design actions">
                <button type="button" onclick={on_new} title="Start an empty design (undoable)">{ "New" }</button>
                <label class="button-like" title="Open a .casplan.json file (or drop it on the page)">
                    { "Open…" }
                    <input type="file" class="visually-hidden" accept=".json,application/json" onchange={on_open} data-testid="open-file" />
                </label>
                <button type="button" onclick={props.on_import.reform(|_| ())} data-testid="import" title="Read an organisation's exports (collector folder, shell CSV/CLIXML, zone files) into a new design (undoable)">{ "Import from Exchange…" }</button>
                <button type="button" onclick={on_save} data-testid="save">{ "Save" }</button>
                <button type="button" onclick={on_share} data-testid="share">{ "Share link" }</button>
                if !editor.has_plan() {
                    <button type="button" onclick={plan} data-testid="plan-start"
                            title="Plan a migration in steps (e.g. 2016 installed, namespaces moved, mailboxes moved): each step is the one before with its changes">{ "Plan a migration" }</button>
                }
                <button type="button" onclick={props.on_print.reform(|_| ())} data-testid="print" title="Print the report: every client's time, the findings and fixes, each path, the topology, the assumptions (Ctrl+P)">{ "Print report" }</button>
                <button type="button" onclick={dispatch(|| Action::Undo)} disabled={!editor.history.can_undo()} title="Undo (Ctrl+Z)">{ "Undo" }</button>
                <button type="button" onclick={dispatch(|| Action::Redo)} disabled={!editor.history.can_redo()} title="Redo (Ctrl+Shift+Z or Ctrl+Y)">{ "Redo" }</button>
            </nav>
            if let Some(result) = (*share_result).clone() {
                { share_box(result, close_share) }
            }
        </header>
    }
}

/// The share link, shown for manual copying (it is also copied to the
/// clipboard), or why there is none.
fn share_box(result: Result<String, String>, on_close: Callback<MouseEvent>) -> Html {
    html! {
        <div class="share-box" role="status" data-testid="share-box">
            { match result {
                Ok(link) => html! {
                    <label class="field">
                        <span class="field-label">{ "Share link (copied to the clipboard; the design travels in the link and is never uploaded)" }</span>
                        <input type="text" readonly=true value={link} data-testid="share-link" />
                    </label>
                },
                Err(e) => html! { <p class="form-error">{ format!("No link: {e}") }</p> },
            } }
            <button type="button" class="link" onclick={on_close}>{ "Close" }</button>
        </div>
    }
}
