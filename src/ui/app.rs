//! The application shell: header, the design (gallery and editable tree) on
//! the left, results (clients, path, topology, compare, advisor) on the right.

use super::components::{
    ClientList, CommandsPanel, ComparePanel, DesignPanel, Findings, Gallery, Header, ImportDialog,
    PathView, PlanBar, PlanPresenter, Presenter, PrintReport, Shared, StepPlan, Topology,
};
use super::effects;
use super::hooks::{
    use_analysis, use_autosave, use_cost, use_derive_rest, use_first_frame, use_import_dialog,
    use_pinned, use_plan_analyses, use_presenter_mode, use_print, use_shared_link,
    use_startup_marks, use_step_compare, use_tab_conflict, use_undo_shortcut, use_update_watch,
    Autosave,
};
use super::state::{Action, Editor, EditorHandle, Selection};
use cas_planner_core::sim::{ClientResult, SimulationReport};
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let editor = use_reducer(|| Editor::from_startup(effects::startup()));
    // The whole scenario (with its plan) is what is kept; the panes show
    // the design of the plan's step on screen.
    let whole = editor.scenario().clone();
    let scenario = editor.view().clone();
    let plan = editor.plan().clone();
    let at = editor.viewed_index();
    // The first frame, then the analysis and every pane that shows it; until
    // then the results are empty and the pane is busy.
    let complete = use_first_frame();
    let update_ready = use_update_watch(*complete);
    // Presenter mode, for the selected client; and the plan's slides.
    let presenting = use_presenter_mode();
    let presenting_plan = use_presenter_mode();
    // Printing from the browser's menu before the analysis completes the page at once.
    let print = use_print(&complete);
    // The plan printed or presented needs every step's results at once.
    let results = use_analysis(
        &plan,
        editor.derived(),
        *complete,
        at,
        print.shown || presenting_plan.on,
    );
    use_derive_rest(&editor);
    let (report, findings) = (results[at].report.clone(), results[at].findings.clone());
    let step_compare = use_step_compare(&plan, &results, at);
    let pinned = use_pinned(&editor.pinned, &scenario, &report);
    let cost = use_cost(&scenario, &report);
    use_startup_marks();
    use_undo_shortcut(&editor);
    let conflict = use_tab_conflict(&whole);
    use_shared_link(&editor);
    let autosave = use_autosave(&whole, &conflict);
    // After every commit of the shell: the edit benchmark's "results updated" mark.
    use_effect(effects::mark_render);
    let import = use_import_dialog(&editor);
    let complete = *complete;
    let has_plan = editor.has_plan();
    let analyses = use_plan_analyses(
        &plan,
        &results,
        complete && has_plan && (print.shown || presenting_plan.on),
    );
    // The viewed step's plan from the step before it, for the commands.
    let step_plan = (at > 0).then(|| StepPlan {
        previous: Shared(plan[at - 1].design.clone()),
        name: plan[at].name.clone().into(),
        report: Shared(report.clone()),
        findings: Shared(findings.clone()),
    });

    let selected = selected_client(&editor, &report);
    let on_select = {
        let editor = editor.clone();
        Callback::from(move |id: String| editor.dispatch(Action::SelectClient(id)))
    };
    let comparison = pinned.comparison;
    html! {
        <ContextProvider<EditorHandle> context={editor.clone()}>
            <div class="app" data-testid="app-root" ondragover={import.ondragover} ondrop={import.ondrop}>
                <Header on_import={import.on_open} on_print={print.on_print} />
                if print.shown {
                    <PrintReport scenario={Shared(scenario.clone())} report={Shared(report.clone())} findings={Shared(findings.clone())}
                                 comparison={comparison.clone()} plan={Shared(analyses.clone())} shown_step={AttrValue::from(plan[at].name.clone())} />
                }
                if import.open {
                    <ImportDialog dropped={import.dropped} on_close={import.on_close} />
                }
                { notices(&editor, &autosave, update_ready) }
                if has_plan {
                    <PlanBar plan={Shared(plan.clone())} results={Shared(results.clone())} viewed={editor.viewed.clone()}
                             whole={Shared(whole.clone())} complete={complete} on_present={presenting_plan.open.clone()} />
                }
                if presenting_plan.on && has_plan {
                    <PlanPresenter steps={Shared(analyses.clone())} start={at} on_close={presenting_plan.close.clone()} />
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
                            <button type="button" class="primary" onclick={presenting.open} disabled={selected.is_none()} data-testid="present"
                                    title="Walk a room through the selected client's connection, step by step (full window)">{ "Present" }</button>
                        </div>
                        if !complete {
                            <p class="predicting" role="status">{ "Predicting how each client connects…" }</p>
                        }
                        if presenting.on {
                            if let Some(r) = selected.as_ref() {
                                <Presenter scenario={Shared(scenario.clone())} report={Shared(report.clone())} pinned={pinned.pair.clone()}
                                           client_id={r.client_id.clone()} on_close={presenting.close.clone()} />
                            }
                        }
                        if complete {
                            <ClientList report={Shared(report.clone())} cost={Shared(cost.clone())} selected={selected.as_ref().map(|c| c.client_id.clone())} {on_select} />
                            if let Some(result) = selected.clone() {
                                <PathView result={Shared(result)} scenario={Shared(scenario.clone())} />
                            }
                            <Topology scenario={Shared(scenario.clone())} result={selected.map(Shared)} selected_object={editor.selected_object.as_ref().and_then(Selection::object_id).map(String::from)} />
                            <ComparePanel {comparison} step={step_compare} />
                            <Findings findings={Shared(findings.clone())} scenario={Shared(scenario.clone())} report={Shared(report.clone())} />
                            <CommandsPanel scenario={Shared(scenario.clone())} report={Shared(report.clone())} findings={Shared(findings.clone())} step={step_plan} />
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

/// The client whose path is shown: the one selected, else the slowest.
fn selected_client(editor: &Editor, report: &SimulationReport) -> Option<Rc<ClientResult>> {
    editor
        .selected_client
        .as_ref()
        .and_then(|id| report.clients.iter().find(|c| &c.client_id == id))
        .or_else(|| report.clients.iter().max_by_key(|c| c.total_ms))
        .cloned()
}

/// The notices above the panes: a conflict with another tab's autosave, a
/// failed autosave, a newer version, then the editor's notice and error.
fn notices(editor: &EditorHandle, autosave: &Autosave, update_ready: bool) -> Html {
    let dismiss = {
        let editor = editor.clone();
        Callback::from(move |_| editor.dispatch(Action::DismissMessages))
    };
    html! {
        <>
            if *autosave.conflict {
                <div class="notice notice-error" role="alert" data-testid="tab-conflict">
                    <span>{ "Another tab saved a different design. Autosave is paused in this tab so neither overwrites the other." }</span>
                    <button type="button" onclick={autosave.resolve(editor, true)}>{ "Open the other tab's design" }</button>
                    <button type="button" onclick={autosave.resolve(editor, false)}>{ "Keep this tab's design" }</button>
                </div>
            }
            if let Some(e) = (*autosave.error).clone() {
                <div class="notice notice-error" role="alert" data-testid="storage-error">
                    <span>{ format!("Autosave failed: {e}. Your design is still open here; use Save to keep a copy.") }</span>
                </div>
            }
            if update_ready {
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
        </>
    }
}
