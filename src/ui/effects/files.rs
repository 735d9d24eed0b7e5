//! Files: download a scenario file or a deployment plan, read one the user picked or dropped.

use gloo::file::callbacks::FileReader;
use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file_name`, of type `mime`.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |_| "the browser refused to create the download".to_string();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Reads a picked or dropped file as text. Keep the returned reader alive
/// until `done` runs (dropping it cancels the read).
pub fn read_text(file: web_sys::File, done: impl FnOnce(String, Result<String, String>) + 'static) -> FileReader {
    let name = file.name();
    let file = gloo::file::File::from(file);
    gloo::file::callbacks::read_as_text(&file, move |result| {
        done(name, result.map_err(|e| format!("the file could not be read ({e})")));
    })
}
