//! Printing the report. The print view is rendered only while printing (a
//! large design's report is long): "Print report" and Ctrl+P render it,
//! then print; the browser's own menu renders it on beforeprint.

use crate::ui::effects;
use yew::prelude::*;

/// Whether the print view is rendered, and the request to print it.
pub struct Printing {
    pub shown: bool,
    pub on_print: Callback<()>,
}

/// The print view's life: rendered on the browser's beforeprint (which
/// completes the page at once through `complete`: the report shows the
/// analysis), gone on afterprint; a request (the button, Ctrl+P) renders it
/// and then prints.
#[hook]
pub fn use_print(complete: &UseStateHandle<bool>) -> Printing {
    let printing = use_state(|| false);
    let print_requested = use_state(|| false);
    {
        let (printing, print_requested) = (printing.clone(), print_requested.clone());
        let complete_now = complete.setter();
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
            (*print_requested, *printing, **complete),
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
    let on_print = Callback::from(move |_| print_requested.set(true));
    Printing {
        shown: *printing,
        on_print,
    }
}
