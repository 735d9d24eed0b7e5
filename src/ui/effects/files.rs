//! Files: download a scenario file or a deployment plan, read one the user picked or dropped.

use crate::ui::state::{Action, EditorHandle};
use gloo::file::callbacks::FileReader;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file_name`, of type `mime`.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    download_blob(file_name, &text_blob(mime, text)?)
}

/// Offers the file at `url` (a part of the app loaded on demand, which the
/// service worker keeps for offline use) as a download named `file_name`;
/// `failed` hears why it could not. Fetched by the page, not followed as a
/// link: a link's download does not pass through the service worker, so it
/// would fail offline.
pub fn download_from(url: &str, file_name: &str, failed: impl Fn(String) + 'static) {
    let (url, file_name) = (url.to_string(), file_name.to_string());
    wasm_bindgen_futures::spawn_local(async move {
        let fetched = async {
            let window = web_sys::window().ok_or("no window")?;
            let response: web_sys::Response =
                wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&url))
                    .await
                    .map_err(|_| "it could not be fetched (offline before a first visit?)")?
                    .unchecked_into();
            if !response.ok() {
                return Err("the server does not have it");
            }
            let blob = response.blob().map_err(|_| "it could not be read")?;
            let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(blob)
                .await
                .map_err(|_| "it could not be read")?
                .unchecked_into();
            Ok(blob)
        };
        match fetched.await {
            Ok(blob) => {
                if let Err(e) = download_blob(&file_name, &blob) {
                    failed(e);
                }
            }
            Err(why) => failed(format!("{file_name}: {why}")),
        }
    });
}

/// `text` as a Blob of type `mime`.
fn text_blob(mime: &str, text: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser refused to create the download".to_string())
}

/// Offers `blob` as a download named `file_name`.
fn download_blob(file_name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let fail = |_| "the browser refused to create the download".to_string();
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(fail)?;
    let a: web_sys::HtmlAnchorElement = gloo::utils::document()
        .create_element("a")
        .map_err(fail)?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Reads a picked or dropped file as text. Keep the returned reader alive
/// until `done` runs (dropping it cancels the read).
pub fn read_text(
    file: web_sys::File,
    done: impl FnOnce(String, Result<String, String>) + 'static,
) -> FileReader {
    let name = file.name();
    let file = gloo::file::File::from(file);
    gloo::file::callbacks::read_as_text(&file, move |result| {
        done(
            name,
            result.map_err(|e| format!("the file could not be read ({e})")),
        );
    })
}

/// Reads a picked or dropped scenario file and imports it through the
/// reducer. Keep the returned reader alive until the read is done.
pub fn read_into(editor: &EditorHandle, f: web_sys::File) -> Option<FileReader> {
    // A file over the limit is refused before the browser reads it into memory.
    if let Err(e) = cas_planner_core::file::check_scenario_size(&f.name(), f.size() as u64) {
        editor.dispatch(Action::Refused(e));
        return None;
    }
    let editor = editor.clone();
    Some(read_text(f, move |name, result| match result {
        Ok(text) => editor.dispatch(Action::Import { name, text }),
        Err(e) => editor.dispatch(Action::Fail(format!("{name}: {e}"))),
    }))
}

/// A file picked or dropped for import, with its path inside a picked or
/// dropped folder (its name otherwise).
#[derive(Clone)]
pub struct Picked {
    pub path: String,
    pub file: web_sys::File,
}

/// The files of an `<input type=file multiple>` (with `webkitdirectory`, a
/// folder's files, each with its path in the folder).
pub fn picked_files(input: &web_sys::HtmlInputElement) -> Vec<Picked> {
    let Some(list) = input.files() else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| {
            let relative = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            Picked {
                path: if relative.is_empty() {
                    file.name()
                } else {
                    relative
                },
                file,
            }
        })
        .collect()
}

/// Every file of a drop, walking into dropped folders (the entries API: a
/// drop's plain file list holds a folder as one empty "file"). `done` gets
/// them sorted by path once the last folder has been listed.
pub fn dropped_files(dt: &web_sys::DataTransfer, done: impl FnOnce(Vec<Picked>) + 'static) {
    let walk: DropWalk = Rc::new(RefCell::new(Walk {
        pending: 1,
        files: Vec::new(),
        done: Some(Box::new(done)),
    }));
    let entries = drop_entries(dt);
    if entries.is_empty() {
        // No entries API: the plain list (files only).
        walk.borrow_mut().files.extend(plain_dropped_files(dt));
    }
    for e in entries {
        visit(&walk, e);
    }
    finish_one(&walk);
}

/// A drop being walked: how many entries (and the drop itself) are still
/// being listed, the files found so far, and who gets them at the end.
struct Walk {
    pending: usize,
    files: Vec<Picked>,
    done: Option<Box<dyn FnOnce(Vec<Picked>)>>,
}
type DropWalk = Rc<RefCell<Walk>>;

/// The drop's entries (files and folders). They must be taken during the
/// drop event; they are read afterwards.
fn drop_entries(dt: &web_sys::DataTransfer) -> Vec<web_sys::FileSystemEntry> {
    let items = dt.items();
    (0..items.length())
        .filter_map(|i| {
            items
                .get(i)
                .and_then(|item| item.webkit_get_as_entry().ok().flatten())
        })
        .collect()
}

/// The drop's plain file list, each file under its name.
fn plain_dropped_files(dt: &web_sys::DataTransfer) -> Vec<Picked> {
    let Some(list) = dt.files() else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| Picked {
            path: file.name(),
            file,
        })
        .collect()
}

/// One entry (or the drop itself) listed: the last one hands the files,
/// sorted by path, to `done`.
fn finish_one(walk: &DropWalk) {
    let ready = {
        let mut w = walk.borrow_mut();
        w.pending -= 1;
        if w.pending == 0 {
            w.done.take().map(|d| (d, std::mem::take(&mut w.files)))
        } else {
            None
        }
    };
    if let Some((done, mut files)) = ready {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        done(files);
    }
}

/// Lists one entry: a folder's entries in turn, or a file's `File`.
fn visit(walk: &DropWalk, entry: web_sys::FileSystemEntry) {
    walk.borrow_mut().pending += 1;
    let path = entry.full_path().trim_start_matches('/').to_string();
    if entry.is_directory() {
        let reader = entry
            .unchecked_into::<web_sys::FileSystemDirectoryEntry>()
            .create_reader();
        read_batch(walk.clone(), reader);
    } else {
        let (on_file, on_error) = (walk.clone(), walk.clone());
        let got = Closure::once_into_js(move |file: web_sys::File| {
            on_file.borrow_mut().files.push(Picked { path, file });
            finish_one(&on_file);
        });
        let failed = Closure::once_into_js(move |_: wasm_bindgen::JsValue| finish_one(&on_error));
        entry
            .unchecked_into::<web_sys::FileSystemFileEntry>()
            .file_with_callback_and_callback(got.unchecked_ref(), failed.unchecked_ref());
    }
}

/// Reads a folder's next batch of entries: readEntries hands a folder over
/// in batches until an empty one.
fn read_batch(walk: DropWalk, reader: web_sys::FileSystemDirectoryReader) {
    let (on_batch, on_error) = (walk.clone(), walk);
    let next_reader = reader.clone();
    let got = Closure::once_into_js(move |entries: js_sys::Array| {
        if entries.length() == 0 {
            finish_one(&on_batch);
            return;
        }
        for e in entries.iter() {
            visit(&on_batch, e.unchecked_into());
        }
        read_batch(on_batch, next_reader);
    });
    let failed = Closure::once_into_js(move |_: wasm_bindgen::JsValue| finish_one(&on_error));
    let _ =
        reader.read_entries_with_callback_and_callback(got.unchecked_ref(), failed.unchecked_ref());
}

/// Reads a picked or dropped file's bytes (exports come in UTF-16 as well
/// as UTF-8; the core decodes). Keep the reader alive until `done` runs.
pub fn read_bytes(
    file: web_sys::File,
    done: impl FnOnce(Result<Vec<u8>, String>) + 'static,
) -> FileReader {
    let file = gloo::file::File::from(file);
    gloo::file::callbacks::read_as_bytes(&file, move |result| {
        done(result.map_err(|e| format!("the file could not be read ({e})")))
    })
}

/// Renders `svg` (a standalone SVG of `width`×`height` units) at `scale`×
/// into a PNG and offers it as `file_name`: an image of the SVG drawn on a
/// canvas, with the fonts of this machine, nothing fetched.
pub fn download_png(
    svg: &str,
    width: f64,
    height: f64,
    scale: f64,
    file_name: &str,
    failed: impl Fn(String) + 'static,
) {
    let fail = Rc::new(failed);
    let blob = match text_blob("image/svg+xml", svg) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return fail("the browser refused to create the picture".into());
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return fail("the browser refused to create the picture".into());
    };
    let (w, h) = (
        (width * scale).round() as u32,
        (height * scale).round() as u32,
    );
    let name = file_name.to_string();
    let (img, src) = (image.clone(), url.clone());
    let on_error = fail.clone();
    let onload = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&src);
        let document = gloo::utils::document();
        let Some(canvas) = document
            .create_element("canvas")
            .ok()
            .map(|c| c.unchecked_into::<web_sys::HtmlCanvasElement>())
        else {
            return on_error("no canvas in this browser".into());
        };
        canvas.set_width(w);
        canvas.set_height(h);
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .map(|c| c.unchecked_into::<web_sys::CanvasRenderingContext2d>())
        else {
            return on_error("no 2D canvas in this browser".into());
        };
        if ctx
            .draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, w as f64, h as f64)
            .is_err()
        {
            return on_error("the picture could not be drawn".into());
        }
        let on_error = on_error.clone();
        let done = Closure::once_into_js(move |blob: Option<web_sys::Blob>| match blob {
            Some(blob) => {
                if let Err(e) = download_blob(&name, &blob) {
                    on_error(e);
                }
            }
            None => on_error("the picture could not be encoded as PNG".into()),
        });
        let _ = canvas.to_blob(done.unchecked_ref());
    });
    image.set_onload(Some(onload.unchecked_ref()));
    let on_fail = fail.clone();
    let onerror =
        Closure::once_into_js(move || on_fail("the picture could not be read back".into()));
    image.set_onerror(Some(onerror.unchecked_ref()));
    image.set_src(&url);
}
