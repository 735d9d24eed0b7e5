//! Presenter mode (`components::Presenter`), on or off.

use yew::prelude::*;

/// Whether presenter mode is on, and the callbacks that start and leave it.
pub struct PresenterMode {
    pub on: bool,
    pub open: Callback<MouseEvent>,
    pub close: Callback<()>,
}

/// Presenter mode, off until started.
#[hook]
pub fn use_presenter_mode() -> PresenterMode {
    let presenting = use_state(|| false);
    let open = {
        let presenting = presenting.clone();
        Callback::from(move |_| presenting.set(true))
    };
    let close = {
        let presenting = presenting.clone();
        Callback::from(move |_| presenting.set(false))
    };
    PresenterMode {
        on: *presenting,
        open,
        close,
    }
}
