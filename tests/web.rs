//! Component tests in headless Chromium (wasm-bindgen-test): render the real
//! App into the page and check what a user would see.
#![cfg(target_arch = "wasm32")]

use cas_planner_app::ui::App;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn render_app() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    // The first frame shows the page with the results pane busy; the
    // analysis and the panes under it follow after that frame's paint.
    let busy = || {
        root.query_selector(".pane-results[aria-busy]")
            .unwrap()
            .is_some()
    };
    assert!(
        root.query_selector(".pane-results").unwrap().is_some(),
        "the first frame shows the results pane"
    );
    for _ in 0..200 {
        if !busy() {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(!busy(), "the results follow the first frame");
    root
}

/// Lets Yew run its scheduled renders.
async fn settle() {
    yew::platform::time::sleep(Duration::ZERO).await;
}

fn rows(root: &Element) -> Vec<(String, String, String)> {
    let list = root.query_selector_all("[data-testid=client-row]").unwrap();
    (0..list.length())
        .map(|i| {
            let el: Element = list.item(i).unwrap().dyn_into().unwrap();
            let total = el
                .query_selector("[data-testid=client-total]")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap();
            (
                el.get_attribute("data-client").unwrap(),
                el.get_attribute("data-outcome").unwrap(),
                total,
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_seed_example_renders_both_clients_with_their_outcomes() {
    let root = render_app().await;
    let rows = rows(&root);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].0, "Internal desktop");
    assert_eq!(rows[0].1, "rpc-tcp");
    assert_eq!(
        rows[1],
        ("External laptop".into(), "rpc-http".into(), "21.9 s".into())
    );
    // The slowest client's path is shown by default, fallback included.
    let path = root
        .query_selector("[data-testid=path-view]")
        .unwrap()
        .unwrap();
    assert!(path
        .text_content()
        .unwrap()
        .contains("falling back to RPC over HTTP"));
    assert!(root.query_selector(".fallback-marker").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn clicking_a_client_shows_its_path() {
    let root = render_app().await;
    let button: HtmlElement = root
        .query_selector("[data-client='Internal desktop'] button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
    // A click's render may take more than one scheduler turn on a loaded machine.
    let heading_text = || {
        root.query_selector("#path-heading")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    for _ in 0..100 {
        if heading_text().starts_with("Internal desktop") {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    let heading = heading_text();
    assert!(heading.starts_with("Internal desktop"), "{heading}");
    assert!(heading.contains("RPC/TCP"), "{heading}");
}

#[wasm_bindgen_test]
async fn the_advisor_reports_the_leak() {
    let root = render_app().await;
    let finding = root
        .query_selector("[data-rule=CAS004]")
        .unwrap()
        .expect("CAS004 shown");
    assert!(finding.text_content().unwrap().contains("21.9 s"));
}

/// The app writes a prediction as the CLI does: one time format, the core's
/// (it once showed "0.04 s" where the CLI and the report said "40 ms").
#[wasm_bindgen_test]
async fn the_app_writes_each_prediction_as_the_cli_does() {
    use cas_planner_core::{examples, report, sim};
    let root = render_app().await;
    let seed = examples::seed_leaking();
    let cli = report::simulation_text(&seed, &sim::simulate(&seed));
    let rows = rows(&root);
    assert_eq!(rows.len(), seed.clients.len());
    for (client, _, total) in rows {
        let line = cli
            .lines()
            .find(|l| l.starts_with(&format!("{client} — ")))
            .unwrap_or_else(|| panic!("{client} not in the CLI's output:\n{cli}"));
        // "… after ≈ 21.9 s (range 21.3–45.6 s)": the time, with the range's
        // "≈" and the range itself around it.
        let (_, time) = line.rsplit_once(" after ").unwrap();
        let time = time.trim_start_matches("≈ ");
        let time = time.split(" (range").next().unwrap();
        assert_eq!(time, total, "the app says {total:?}, the CLI {line:?}");
    }
}

/// Clicks the button `selector` finds under `root`.
fn click(root: &Element, selector: &str) {
    let button: HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} not found"))
        .dyn_into()
        .unwrap();
    button.click();
}

/// Waits (a few scheduler turns at most) for `selector` under `root`.
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..100 {
        if let Some(el) = root.query_selector(selector).unwrap() {
            return el;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{selector} never appeared");
}

/// The text of the label a field sits in (labels wrap their inputs).
fn label_of(field: &Element) -> String {
    field
        .closest("label")
        .unwrap()
        .expect("the field sits in its label")
        .query_selector(".field-label")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
}

/// File format 6's fields in their forms: the organisation's MAPI/HTTP as a
/// three-way select saying what setup left, and an Outlook 2010 client's
/// MAPI/HTTP updates under their name (§10 protocol 2, version 2).
#[wasm_bindgen_test]
async fn the_forms_offer_the_mapi_http_settings() {
    let root = render_app().await;
    click(&root, "[data-testid=design-settings] > .obj-button");
    let org = wait_for(&root, "[data-testid=org-mapi]").await;
    assert_eq!(label_of(&org), "The organisation's MAPI/HTTP");
    let options: Vec<String> = (0..3)
        .map(|i| {
            org.query_selector(&format!("option:nth-child({})", i + 1))
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(options, ["As setup left it (off here)", "On", "Off"]);

    click(&root, "[data-object=client-external] > .obj-button");
    let updates = wait_for(&root, "[data-testid=client-mapi-updates]").await;
    assert_eq!(
        label_of(&updates),
        "Outlook 2010 SP2 with KB2956191 and KB2965295 installed"
    );
    let stack = wait_for(&root, "[data-testid=client-ip-stack]").await;
    assert_eq!(label_of(&stack), "IP stack");
}
