//! The application shell: header, the design (gallery and editable tree) on
//! the left, results (clients, path, topology, compare, advisor) on the right.

use super::components::{
    ClientList, CommandsPanel, ComparePanel, DesignPanel, Findings, Gallery, Header, ImportDialog,
    PathView, Presenter, PrintReport, Shared, Topology,
};
use super::effects::files::{self, read_into, Picked};
use super::effects::{self, storage, url};
use super::state::{Action, Editor, EditorHandle, Selection};
use cas_planner_core::analysis::Analyzer;
use cas_planner_core::{share, sim, Scenario};
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Autosave waits this long after the last change, so typing through a
/// large design never waits on storage; leaving the page saves at once.
const AUTOSAVE_DELAY_MS: u32 = 300;

#[component]
pub fn App() -> Html {
    let editor = use_reducer(|| Editor::from_startup(effects::startup()));
    let scenario = editor.scenario().clone();
    let storage_error = use_state(|| None::<String>);
    // Another tab autosaved: pause here until the user picks a design.
    let conflict = use_state(|| false);
    // A newer version was deployed under this URL while this page was open.
    let update_ready = use_state(|| false);
    let unsaved = use_mut_ref(|| None::<Rc<Scenario>>);
    // The design on screen, for comparing with what another tab saved.
    let current = use_mut_ref(|| scenario.clone());
    *current.borrow_mut() = scenario.clone();
    let reader = use_mut_ref(|| None::<FileReader>);
    // Simulation and advice only when the scenario changes (the memo key
    // compares the Rc by pointer through `Shared`); the analyzer carries over
    // the results of clients an edit cannot affect.
    let analyzer = use_mut_ref(Analyzer::default);
    // The first frame shows the page and the design's examples; the
    // analysis and every pane that shows it follow once the browser has
    // painted that frame, so the planner is on screen sooner (`make bench`
    // times both). Until then the results are empty and the pane is busy.
    let complete = use_state(|| false);
    {
        let (complete, update_ready) = (complete.clone(), update_ready.clone());
        use_effect_with(*complete, move |done| {
            let mut update = None;
            if *done {
                effects::mark_once("cas:complete");
                // Installing the worker fetches and caches the whole site:
                // once the page is complete, not competing with it.
                effects::sw::register();
                update = effects::sw::watch_for_update(move || update_ready.set(true));
            } else {
                effects::after_next_paint(move || complete.set(true));
            }
            move || drop(update)
        });
    }
    // Printing from the browser's menu before then completes the page at once.
    let complete_now = complete.setter();
    let complete = *complete;
    let analysis = use_memo(
        (Shared(scenario.clone()), complete),
        move |(s, complete)| {
            if !complete {
                return (
                    Rc::new(sim::SimulationReport {
                        clients: Vec::new(),
                    }),
                    Rc::new(Vec::new()),
                );
            }
            effects::mark_once("cas:analysis-start");
            let analysis = analyzer.borrow_mut().analyze(&s.0);
            effects::mark_once("cas:analysis-end");
            (Rc::new(analysis.report), Rc::new(analysis.findings))
        },
    );
    let (report, findings) = (analysis.0.clone(), analysis.1.clone());
    let pinned_report = use_memo(editor.pinned.clone().map(Shared), |p| {
        p.as_ref().map(|s| Rc::new(sim::simulate(&s.0)))
    });
    let comparison = use_memo(
        (
            Shared(pinned_report.clone()),
            Shared(report.clone()),
            editor.pinned.clone().map(Shared),
            Shared(scenario.clone()),
        ),
        |(before, after, pinned, current)| {
            let (b, p) = (before.0.as_ref().as_ref()?, pinned.as_ref()?);
            let cmp = sim::compare_designs(&p.0, b, &current.0, &after.0);
            let savings = cas_planner_core::cost::savings(&current.0, &cmp);
            Some(Shared(Rc::new((cmp, savings))))
        },
    );
    let cost = use_memo(
        (Shared(scenario.clone()), Shared(report.clone())),
        |(s, r)| Rc::new(cas_planner_core::cost::of(&s.0, &r.0)),
    );
    let comparison = (*comparison).clone();
    {
        let (editor, conflict, unsaved, storage_error, current) = (
            editor.clone(),
            conflict.clone(),
            unsaved.clone(),
            storage_error.clone(),
            current.clone(),
        );
        use_effect_with((), move |_| {
            effects::mark_first_render();
            effects::mark_build();
            let undo = {
                let editor = editor.clone();
                effects::on_undo_shortcut(move |redo| {
                    editor.dispatch(if redo { Action::Redo } else { Action::Undo })
                })
            };
            // Only a different design is a conflict (the other tab may have saved what we show).
            let other_tab = storage::on_other_tab_save(move |theirs| {
                if theirs != cas_planner_core::file::save(&current.borrow()) {
                    conflict.set(true);
                }
            });
            let shared = {
                let editor = editor.clone();
                url::on_shared_fragment(move |f| match share::decode(&f) {
                    Ok(loaded) => editor.dispatch(Action::Load {
                        scenario: loaded.scenario,
                        label: "the design from the shared link".into(),
                    }),
                    Err(e) => editor.dispatch(Action::Fail(e.to_string())),
                })
            };
            let flush = effects::on_page_hide(move || flush_autosave(&unsaved, &storage_error));
            move || drop((undo, other_tab, shared, flush))
        });
    }
    {
        let (unsaved, storage_error, paused) = (unsaved.clone(), storage_error.clone(), *conflict);
        use_effect_with((Shared(scenario.clone()), paused), move |(s, paused)| {
            let timer = (!*paused).then(|| {
                *unsaved.borrow_mut() = Some(s.0.clone());
                Timeout::new(AUTOSAVE_DELAY_MS, move || {
                    flush_autosave(&unsaved, &storage_error)
                })
            });
            move || drop(timer)
        });
    }
    // After every commit of the shell: the edit benchmark's "results updated" mark.
    use_effect(effects::mark_render);

    let selected = editor
        .selected_client
        .as_ref()
        .and_then(|id| report.clients.iter().find(|c| &c.client_id == id))
        .or_else(|| report.clients.iter().max_by_key(|c| c.total_ms))
        .cloned();
    let on_select = {
        let editor = editor.clone();
        Callback::from(move |id: String| editor.dispatch(Action::SelectClient(id)))
    };
    let resolve_conflict = |take_theirs: bool| {
        let (editor, conflict, storage_error) =
            (editor.clone(), conflict.clone(), storage_error.clone());
        Callback::from(move |_| {
            if take_theirs {
                match storage::restore() {
                    Ok(Some(l)) => editor.dispatch(Action::Load {
                        scenario: l.scenario,
                        label: "the design saved by the other tab".into(),
                    }),
                    Ok(None) => {}
                    Err(e) => editor.dispatch(Action::Fail(e)),
                }
            } else if let Err(e) = storage::save(editor.scenario()) {
                storage_error.set(Some(e));
            }
            conflict.set(false);
        })
    };
    // The import dialog, open or not, and the files last dropped into it.
    let importing = use_state(|| false);
    let dropped = use_state(|| None::<Shared<Vec<Picked>>>);
    let open_import = {
        let (importing, dropped) = (importing.clone(), dropped.clone());
        Callback::from(move |_| {
            dropped.set(None);
            importing.set(true);
        })
    };
    let close_import = {
        let importing = importing.clone();
        Callback::from(move |_| importing.set(false))
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    // One scenario file opens as a design; anything else (several files, a
    // folder, an export) goes to the import review.
    let ondrop = {
        let (editor, reader, importing, dropped) = (
            editor.clone(),
            reader.clone(),
            importing.clone(),
            dropped.clone(),
        );
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let Some(dt) = e.data_transfer() else { return };
            let (editor, reader, importing, dropped) = (
                editor.clone(),
                reader.clone(),
                importing.clone(),
                dropped.clone(),
            );
            let in_review = *importing;
            files::dropped_files(&dt, move |picked| {
                let one_design = picked.len() == 1
                    && picked[0].path.to_ascii_lowercase().ends_with(".json")
                    && !in_review;
                if one_design {
                    *reader.borrow_mut() = read_into(&editor, picked[0].file.clone());
                } else if !picked.is_empty() {
                    dropped.set(Some(Shared(Rc::new(picked))));
                    importing.set(true);
                }
            });
        })
    };
    // Presenter mode, for the selected client.
    let presenting = use_state(|| false);
    let open_present = {
        let presenting = presenting.clone();
        Callback::from(move |_| presenting.set(true))
    };
    let close_present = {
        let presenting = presenting.clone();
        Callback::from(move |_| presenting.set(false))
    };
    let pinned_pair = editor
        .pinned
        .clone()
        .zip((*pinned_report).clone())
        .map(|(s, r)| (Shared(s), Shared(r)));
    // The print view is rendered only while printing (a large design's
    // report is long): "Print report" and Ctrl+P render it, then print; the
    // browser's own menu renders it on beforeprint.
    let printing = use_state(|| false);
    let print_requested = use_state(|| false);
    {
        let (printing, print_requested) = (printing.clone(), print_requested.clone());
        use_effect_with((), move |_| {
            let (p1, p2, r) = (printing.clone(), printing.clone(), print_requested.clone());
            let before = move || {
                complete_now.set(true);
                p1.set(true);
            };
            let listeners = effects::on_print(before, move || p2.set(false), move || r.set(true));
            move || drop(listeners)
        });
    }
    {
        let (printing, print_requested) = (printing.clone(), print_requested.clone());
        // A request before the first analysis waits for it: the report shows its results.
        use_effect_with(
            (*print_requested, *printing, complete),
            move |(requested, shown, complete)| {
                if *requested && !*shown && *complete {
                    printing.set(true);
                } else if *requested && *shown {
                    print_requested.set(false);
                    effects::print();
                }
            },
        );
    }
    let on_print = {
        let print_requested = print_requested.clone();
        Callback::from(move |_| print_requested.set(true))
    };
    let dismiss = {
        let editor = editor.clone();
        Callback::from(move |_| editor.dispatch(Action::DismissMessages))
    };
    html! {
        <ContextProvider<EditorHandle> context={editor.clone()}>
            <div class="app" data-testid="app-root" {ondragover} {ondrop}>
                <Header on_import={open_import} {on_print} />
                if *printing {
                    <PrintReport scenario={Shared(scenario.clone())} report={Shared(report.clone())} findings={Shared(findings.clone())}
                                 comparison={comparison.clone()} />
                }
                if *importing {
                    <ImportDialog dropped={(*dropped).clone()} on_close={close_import} />
                }
                if *conflict {
                    <div class="notice notice-error" role="alert" data-testid="tab-conflict">
                        <span>{ "Another tab saved a different design. Autosave is paused in this tab so neither overwrites the other." }</span>
                        <button type="button" onclick={resolve_conflict(true)}>{ "Open the other tab's design" }</button>
                        <button type="button" onclick={resolve_conflict(false)}>{ "Keep this tab's design" }</button>
                    </div>
                }
                if let Some(e) = (*storage_error).clone() {
                    <div class="notice notice-error" role="alert" data-testid="storage-error">
                        <span>{ format!("Autosave failed: {e}. Your design is still open here; use Save to keep a copy.") }</span>
                    </div>
                }
                if *update_ready {
                    <div class="notice notice-update" role="status" data-testid="update-notice">
                        <span>{ "A new version of CAS Array Planner is available. Your design is autosaved and reopens after the reload." }</span>
                        <button type="button" onclick={Callback::from(|_| effects::reload())}>{ "Reload to update" }</button>
                    </div>
                }
                if let Some(notice) = editor.notice.clone() {
                    <div class="notice" role="status"><span>{ notice }</span><button type="button" class="link" onclick={dismiss.clone()}>{ "Dismiss" }</button></div>
                }
                if let Some(err) = editor.error.as_ref().filter(|e| e.object.is_none()) {
                    <div class="notice notice-error" role="alert"><span>{ err.message.clone() }</span><button type="button" class="link" onclick={dismiss}>{ "Dismiss" }</button></div>
                }
                <main class="layout">
                    <section class="pane pane-design" aria-labelledby="design-heading">
                        <h2 id="design-heading">{ "Design" }</h2>
                        <Gallery />
                        if complete {
                            <DesignPanel scenario={Shared(scenario.clone())} selected={editor.selected_object.clone()} />
                        }
                    </section>
                    <section class="pane pane-results" aria-labelledby="results-heading" aria-busy={(!complete).then_some("true")}>
                        <div class="results-head">
                            <h2 id="results-heading">{ "Predicted Outlook connections" }</h2>
                            <button type="button" class="primary" onclick={open_present} disabled={selected.is_none()} data-testid="present"
                                    title="Walk a room through the selected client's connection, step by step (full window)">{ "Present" }</button>
                        </div>
                        if !complete {
                            <p class="predicting" role="status">{ "Predicting how each client connects…" }</p>
                        }
                        if *presenting {
                            if let Some(r) = selected.as_ref() {
                                <Presenter scenario={Shared(scenario.clone())} report={Shared(report.clone())} pinned={pinned_pair.clone()}
                                           client_id={r.client_id.clone()} on_close={close_present.clone()} />
                            }
                        }
                        if complete {
                            <ClientList report={Shared(report.clone())} cost={Shared((*cost).clone())} selected={selected.as_ref().map(|c| c.client_id.clone())} {on_select} />
                            if let Some(result) = selected.clone() {
                                <PathView result={Shared(result)} scenario={Shared(scenario.clone())} />
                            }
                            <Topology scenario={Shared(scenario.clone())} result={selected.map(Shared)} selected_object={editor.selected_object.as_ref().and_then(Selection::object_id).map(String::from)} />
                            <ComparePanel {comparison} />
                            <Findings findings={Shared(findings.clone())} scenario={Shared(scenario.clone())} report={Shared(report.clone())} />
                            <CommandsPanel scenario={Shared(scenario.clone())} />
                        }
                    </section>
                </main>
                // After the first frame: at the foot of a short first frame
                // it would only be pushed away (a layout shift).
                if complete {
                    <footer class="app-footer">
                        { "Timings follow the sourced behaviour model (§ references on every step). Runs entirely in your browser; nothing is sent anywhere." }
                    </footer>
                }
            </div>
        </ContextProvider<EditorHandle>>
    }
}

/// Writes the pending design, if any, and shows or clears the storage error.
fn flush_autosave(
    unsaved: &Rc<RefCell<Option<Rc<Scenario>>>>,
    storage_error: &UseStateHandle<Option<String>>,
) {
    let Some(s) = unsaved.borrow_mut().take() else {
        return;
    };
    match storage::save(&s) {
        Ok(()) => {
            if storage_error.is_some() {
                storage_error.set(None);
            }
        }
        Err(e) => storage_error.set(Some(e)),
    }
}
