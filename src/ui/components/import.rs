//! "Import from Exchange": an organisation's exports (the collector's
//! folder, shell CSV/CLIXML, zone files) read in the browser and reviewed —
//! what each file held, which zones are internal or external (the user can
//! switch), the notes and assumptions — then opened as the design, one undo
//! step from the previous one. Reading and mapping are the core's
//! (`import::read_all`, which resolves `$INCLUDE` among the files given
//! together, and `import::build`); this only shows and dispatches.

use super::Shared;
use crate::ui::effects::files::{self, Picked};
use crate::ui::hooks::use_show_modal;
use crate::ui::state::{use_editor, Action, EditorHandle};
use cas_planner_core::import::{self, Imported, Input, Side, Source};
use cas_planner_core::Scenario;
use gloo::file::callbacks::FileReader;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// One file of the review: being loaded, loaded and waiting for the others
/// (a `$INCLUDE` may name one of them), read, or refused with its place.
/// A read file is shared: a 50,000-record zone is not copied per change.
#[derive(Clone, PartialEq)]
enum FileState {
    Reading,
    Loaded,
    Read(Rc<Source>),
    Failed(String),
}

#[derive(Clone, PartialEq, Default)]
struct Review {
    files: Vec<(String, FileState)>,
    /// Each loaded file's text, read together once no file is loading.
    inputs: Vec<(String, Rc<Input>)>,
    /// The sides the user chose, (file, zone, side): kept when the files
    /// are read again because one was added or left out.
    sides: Vec<(String, String, Side)>,
    /// Bumped on every change, so the preview is rebuilt only then.
    version: u64,
}

enum ReviewAction {
    Reading(String),
    /// A file's text, or why it could not be loaded.
    Loaded(String, Result<Rc<Input>, String>),
    SetSide {
        file: usize,
        zone: usize,
        side: Side,
    },
    Remove(usize),
}

impl Reducible for Review {
    type Action = ReviewAction;
    fn reduce(self: Rc<Self>, action: ReviewAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.version += 1;
        match action {
            // A file picked again replaces its earlier reading.
            ReviewAction::Reading(path) => match next.files.iter_mut().find(|(p, _)| *p == path) {
                Some(entry) => entry.1 = FileState::Reading,
                None => next.files.push((path, FileState::Reading)),
            },
            // A reading for a file no longer waiting for one (left out
            // while it loaded) is dropped.
            ReviewAction::Loaded(path, _)
                if !next
                    .files
                    .iter()
                    .any(|(p, s)| *p == path && matches!(s, FileState::Reading)) => {}
            ReviewAction::Loaded(path, loaded) => {
                next.inputs.retain(|(p, _)| *p != path);
                let state = match loaded {
                    Ok(input) => {
                        next.inputs.push((path.clone(), input));
                        FileState::Loaded
                    }
                    Err(e) => FileState::Failed(e),
                };
                if let Some(entry) = next.files.iter_mut().find(|(p, _)| *p == path) {
                    entry.1 = state;
                }
                next.read_together();
            }
            ReviewAction::SetSide { file, zone, side } => {
                if let Some((path, FileState::Read(source))) = next.files.get(file) {
                    if let Some(z) = source.zones().get(zone) {
                        let (path, name) = (path.clone(), z.name.clone());
                        next.sides.retain(|(p, n, _)| !(*p == path && *n == name));
                        next.sides.push((path, name, side));
                        // Only this file's zones change: the others keep
                        // their shared reading (a large zone is not copied).
                        next.apply_sides(Some(file));
                    }
                }
            }
            ReviewAction::Remove(i) => {
                if i < next.files.len() {
                    let (path, _) = next.files.remove(i);
                    next.inputs.retain(|(p, _)| *p != path);
                    // What it included, or what included it, reads differently now.
                    next.read_together();
                }
            }
        }
        Rc::new(next)
    }
}

impl Review {
    fn sources(&self) -> impl Iterator<Item = &Source> {
        self.files.iter().filter_map(|(_, s)| {
            if let FileState::Read(src) = s {
                Some(&**src)
            } else {
                None
            }
        })
    }
    fn reading(&self) -> bool {
        self.files
            .iter()
            .any(|(_, s)| matches!(s, FileState::Reading))
    }

    /// Once no file is loading, reads every loaded file together (so a
    /// `$INCLUDE` finds the file it names among them), then puts back the
    /// sides the user chose.
    fn read_together(&mut self) {
        if self.reading() {
            return;
        }
        let order: Vec<usize> = self
            .files
            .iter()
            .enumerate()
            // A file refused last time is read again too: the file its
            // `$INCLUDE` names may have arrived, or one it needed is gone.
            .filter(|(_, (p, s))| {
                !matches!(s, FileState::Reading) && self.inputs.iter().any(|(q, _)| q == p)
            })
            .map(|(i, _)| i)
            .collect();
        let inputs: Vec<Input> = order
            .iter()
            .filter_map(|&i| {
                let path = &self.files[i].0;
                self.inputs
                    .iter()
                    .find(|(p, _)| p == path)
                    .map(|(_, input)| (**input).clone())
            })
            .collect();
        for (i, result) in order.into_iter().zip(import::read_all(&inputs)) {
            self.files[i].1 = match result {
                Ok(source) => FileState::Read(Rc::new(source)),
                Err(e) => FileState::Failed(e.to_string()),
            };
        }
        self.apply_sides(None);
    }

    /// The sides the user chose, on the zones as last read: of one file,
    /// or of all (just read, so no copy is made).
    fn apply_sides(&mut self, only: Option<usize>) {
        for (i, (path, state)) in self.files.iter_mut().enumerate() {
            if only.is_some_and(|o| o != i) {
                continue;
            }
            let FileState::Read(source) = state else {
                continue;
            };
            let chosen: Vec<&(String, String, Side)> =
                self.sides.iter().filter(|(p, _, _)| p == path).collect();
            if chosen.is_empty() {
                continue;
            }
            for z in Rc::make_mut(source).zones_mut() {
                if let Some((_, _, side)) = chosen.iter().find(|(_, n, _)| *n == z.name) {
                    z.side = *side;
                    z.side_guessed = false;
                    z.side_reason = format!("set to {} in review", side.label());
                }
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ImportDialogProps {
    /// Files dropped on the page, added to the review as they arrive.
    pub dropped: Option<Shared<Vec<Picked>>>,
    pub on_close: Callback<()>,
}

#[component]
pub fn ImportDialog(props: &ImportDialogProps) -> Html {
    let editor = use_editor();
    let (review, add) = use_review(props.dropped.clone());
    let heading = use_node_ref();
    let dialog = use_node_ref();
    // A native modal dialog: the page behind is inert (focus cannot leave
    // the dialog) and Esc cancels; focus starts on its heading.
    use_show_modal(&dialog, &heading);
    let preview = use_preview(&review);

    let on_pick = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        add.emit(files::picked_files(&input));
        input.set_value("");
    });
    // A file of its own beside the app (index.html copies it), not in the
    // wasm: 18 KB that only this button needs; the service worker keeps it
    // for offline use (sw.js ON_DEMAND).
    let on_download = {
        let editor = editor.clone();
        Callback::from(move |_| {
            let editor = editor.clone();
            files::download_from("./collect-exchange.ps1", "collect-exchange.ps1", move |e| {
                editor.dispatch(Action::Fail(format!("Download failed: {e}")));
            });
        })
    };
    let on_open = open_imported(&editor, &review, &preview, &props.on_close, false);
    let on_open_in_plan = open_imported(&editor, &review, &preview, &props.on_close, true);
    let plan_steps = editor.plan().len() - 1;
    let has_plan = editor.has_plan();
    let on_cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    // Esc: the dialog closes through the app's state, not on its own.
    let on_cancel_event = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            on_close.emit(());
        })
    };
    let can_open = preview.is_some() && !review.reading();

    html! {
        <dialog class="modal import-dialog" ref={dialog} aria-labelledby="import-title" data-testid="import-dialog" oncancel={on_cancel_event}>
            <h2 id="import-title" tabindex="-1" ref={heading}>{ "Import from Exchange" }</h2>
            <p>
                { "Run the read-only collector in the Exchange 2010 Management Shell, then drop its folder here with your public zone's export (BIND or dnscmd), or pick the files. Raw Export-Csv and Export-Clixml files of the same cmdlets are read too. Everything is read in this browser; nothing is uploaded." }
            </p>
            <div class="import-actions">
                <label class="button-like">
                    { "Pick files…" }
                    <input type="file" multiple=true class="visually-hidden" onchange={on_pick.clone()} data-testid="import-files" />
                </label>
                <label class="button-like">
                    { "Pick a folder…" }
                    <input type="file" multiple=true webkitdirectory=true class="visually-hidden" onchange={on_pick} data-testid="import-folder" />
                </label>
                <button type="button" onclick={on_download} data-testid="download-collector">{ "Download collect-exchange.ps1" }</button>
            </div>
            <p class="drop-zone" aria-hidden="true">{ "or drop files and folders anywhere on the page" }</p>
            if !review.files.is_empty() {
                { file_table(&review) }
            }
            { zone_table(&review) }
            if let Some(imported) = preview.as_ref().as_ref() {
                { notes(imported) }
            }
            if has_plan {
                <p class="import-plan" data-testid="import-plan-choice">
                    { format!("The open design has a migration plan of {plan_steps} step(s). The import can become the plan's first step — each step's changes then apply on top of it, and any that no longer apply are listed on their step — or replace the design and its plan.") }
                </p>
            }
            <div class="modal-actions">
                if has_plan {
                    <button type="button" class="primary" disabled={!can_open} onclick={on_open_in_plan} data-testid="import-open-in-plan">{ "Open as the plan's first step" }</button>
                    <button type="button" disabled={!can_open} onclick={on_open} data-testid="import-open">{ "Replace the design and its plan" }</button>
                } else {
                    <button type="button" class="primary" disabled={!can_open} onclick={on_open} data-testid="import-open">{ "Open the imported design" }</button>
                }
                <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </dialog>
    }
}

/// The review of the files picked or dropped, and `add`, which puts files
/// in it and reads them. Files dropped on the page (`dropped`) join it as
/// they arrive.
#[hook]
fn use_review(
    dropped: Option<Shared<Vec<Picked>>>,
) -> (UseReducerHandle<Review>, Callback<Vec<Picked>>) {
    let review = use_reducer(Review::default);
    // Readers must outlive their reads.
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let add = {
        let review = review.clone();
        Callback::from(move |picked: Vec<Picked>| {
            for picked in picked {
                if let Some(reader) = start_reading(&review, picked) {
                    readers.borrow_mut().push(reader);
                }
            }
        })
    };
    {
        let add = add.clone();
        use_effect_with(dropped, move |dropped| {
            if let Some(d) = dropped {
                add.emit((*d.0).clone());
            }
        });
    }
    (review, add)
}

/// Puts one file in the review and starts loading it (the core decodes its
/// bytes; the files are read together once all are loaded); a file over the
/// size limit is refused before the browser reads it. The reader must
/// outlive the read.
fn start_reading(review: &UseReducerHandle<Review>, picked: Picked) -> Option<FileReader> {
    let Picked { path, file } = picked;
    review.dispatch(ReviewAction::Reading(path.clone()));
    if let Err(e) = import::check_export_size(&path, file.size() as u64) {
        review.dispatch(ReviewAction::Loaded(path, Err(e.to_string())));
        return None;
    }
    let review = review.clone();
    Some(files::read_bytes(file, move |result| {
        let loaded = result
            .map(|bytes| Rc::new(Input::from_bytes(&path, bytes, None)))
            .map_err(|e| format!("{path}: {e}"));
        review.dispatch(ReviewAction::Loaded(path, loaded));
    }))
}

/// The design the files make, rebuilt when the review changes, and not
/// while files are still being read (each would rebuild it).
#[hook]
fn use_preview(review: &UseReducerHandle<Review>) -> Rc<Option<Rc<Imported>>> {
    let review = review.clone();
    use_memo((review.version, review.reading()), move |(_, reading)| {
        (!*reading && review.sources().next().is_some())
            .then(|| Rc::new(import::build(review.sources())))
    })
}

/// Opens the previewed design, one undo step from the current one, and
/// closes the dialog; with `keep_plan`, as the first step of the current
/// design's migration plan (its steps' changes apply on top).
fn open_imported(
    editor: &EditorHandle,
    review: &UseReducerHandle<Review>,
    preview: &Rc<Option<Rc<Imported>>>,
    on_close: &Callback<()>,
    keep_plan: bool,
) -> Callback<MouseEvent> {
    let (editor, preview, on_close, review) = (
        editor.clone(),
        preview.clone(),
        on_close.clone(),
        review.clone(),
    );
    Callback::from(move |_| {
        if let Some(imported) = (*preview).clone() {
            let read = review
                .files
                .iter()
                .filter(|(_, s)| matches!(s, FileState::Read(_)))
                .count();
            let (scenario, label) = (
                imported.scenario.clone(),
                format!(
                    "the organisation imported from {read} file{}",
                    if read == 1 { "" } else { "s" }
                ),
            );
            editor.dispatch(if keep_plan {
                Action::LoadKeepingPlan { scenario, label }
            } else {
                Action::Load { scenario, label }
            });
            on_close.emit(());
        }
    })
}

// The review's parts below are plain functions, not components: the review
// is one reducer value, and a component's props would compare it (every
// file's records) on each render.

/// The files: what each held (or why it was not read), each with a button
/// to leave it out; then how many could not be read.
fn file_table(review: &UseReducerHandle<Review>) -> Html {
    let failed = review
        .files
        .iter()
        .filter(|(_, s)| matches!(s, FileState::Failed(_)))
        .count();
    let file_rows = review.files.iter().enumerate().map(|(i, (path, state))| {
        let remove = {
            let review = review.clone();
            Callback::from(move |_| review.dispatch(ReviewAction::Remove(i)))
        };
        let (what, class) = match state {
            FileState::Reading | FileState::Loaded => ("reading…".to_string(), ""),
            FileState::Read(s) => (s.summary(), ""),
            FileState::Failed(e) => (format!("not read: {e}"), "form-error"),
        };
        html! {
            <tr key={path.clone()}>
                <td class="import-path">{ path.clone() }</td>
                <td class={class}>{ what }</td>
                <td><button type="button" class="link" onclick={remove} aria-label={format!("Leave out {path}")}>{ "Leave out" }</button></td>
            </tr>
        }
    });
    html! {
        <>
            <h3>{ "Files" }</h3>
            <table class="import-table" data-testid="import-files-table">
                <thead><tr><th scope="col">{ "File" }</th><th scope="col">{ "What it holds" }</th><th scope="col"><span class="visually-hidden">{ "Actions" }</span></th></tr></thead>
                <tbody>{ for file_rows }</tbody>
            </table>
            if failed > 0 {
                <p class="form-error" role="alert">
                    { format!("{failed} file{} could not be read (see above) and will be left out; your current design is untouched.", if failed == 1 { "" } else { "s" }) }
                </p>
            }
        </>
    }
}

/// The DNS zones of the files read, each with its side, which the user can
/// switch, and why it is on that side. Nothing without zones.
fn zone_table(review: &UseReducerHandle<Review>) -> Html {
    // By reference: a zone's records are never copied to draw its row.
    let zone_rows: Vec<Html> = review
        .files
        .iter()
        .enumerate()
        .flat_map(|(fi, (path, state))| {
            let zones: &[import::ImportedZone] = match state {
                FileState::Read(s) => s.zones(),
                _ => &[],
            };
            zones
                .iter()
                .enumerate()
                .map(move |(zi, z)| zone_row(review, fi, zi, path, z))
        })
        .collect();
    html! {
        <>
            if !zone_rows.is_empty() {
                <h3>{ "DNS zones" }</h3>
                <p class="import-hint">{ "Internal zones are what clients inside resolve; external ones what the Internet resolves. A leak is an array name in an external zone." }</p>
                <table class="import-table" data-testid="import-zones">
                    <thead><tr><th scope="col">{ "Zone" }</th><th scope="col">{ "File" }</th><th scope="col">{ "Records" }</th><th scope="col">{ "Side" }</th><th scope="col">{ "Why" }</th></tr></thead>
                    <tbody>{ for zone_rows }</tbody>
                </table>
            }
        </>
    }
}

/// Zone `zi` of file `fi` (at `path`): its side switch sets the side in
/// the review.
fn zone_row(
    review: &UseReducerHandle<Review>,
    fi: usize,
    zi: usize,
    path: &str,
    z: &import::ImportedZone,
) -> Html {
    let onchange = {
        let review = review.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let side = if select.value() == "external" {
                Side::External
            } else {
                Side::Internal
            };
            review.dispatch(ReviewAction::SetSide {
                file: fi,
                zone: zi,
                side,
            });
        })
    };
    let label = format!("Side of zone {} from {path}", z.name);
    html! {
        <tr key={format!("{path}#{zi}")}>
            <td>{ z.name.clone() }</td>
            <td class="import-path">{ path.to_string() }</td>
            <td>{ z.records.len() }</td>
            <td>
                <select aria-label={label} {onchange} data-testid="zone-side">
                    <option value="internal" selected={z.side == Side::Internal}>{ "Internal (inside clients)" }</option>
                    <option value="external" selected={z.side == Side::External}>{ "External (the Internet)" }</option>
                </select>
            </td>
            <td class={if z.side_guessed { "import-guess" } else { "" }}>{ z.side_reason.clone() }</td>
        </tr>
    }
}

/// The notes to review about the imported design (assumptions marked), and
/// what the design holds.
fn notes(imported: &Imported) -> Html {
    html! {
        <>
            <h3>{ "Notes to review" }</h3>
            <ul class="import-notes" data-testid="import-notes">
                { for imported.notes.iter().map(|n| html! {
                    <li class={if n.guess { "import-guess" } else { "" }}>
                        if n.guess { <strong>{ "Assumption: " }</strong> }
                        if let Some(f) = &n.file { <span class="import-path">{ format!("{f}: ") }</span> }
                        { n.text.clone() }
                    </li>
                }) }
            </ul>
            <p data-testid="import-summary">{ summary(&imported.scenario) }</p>
        </>
    }
}

/// "The design: 2 sites, 3 CAS, 2 arrays, 4 databases, 4 clients."
fn summary(s: &Scenario) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let cas: usize = s.sites.iter().map(|x| x.cas_servers.len()).sum();
    let arrays: usize = s.sites.iter().map(|x| x.arrays.len()).sum();
    let dbs: usize = s.sites.iter().map(|x| x.databases.len()).sum();
    format!(
        "The design: {}, {}, {}, {}, {}.",
        count(s.sites.len(), "site", "sites"),
        count(cas, "CAS", "CAS"),
        count(arrays, "array", "arrays"),
        count(dbs, "database", "databases"),
        count(s.clients.len(), "client", "clients")
    )
}
