//! Form fields with labels and inline validation. A field commits on change
//! (blur or Enter), so one committed value is one edit and one undo step.
//! A commit callback returns `Some(message)` to refuse the value: the message
//! shows next to the field and the design is untouched.

use crate::ui::state::{Action, EditorHandle, Selection};
use cas_planner_core::edit::Edit;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

pub type Commit = Callback<String, Option<String>>;

/// What a field does to its object with the text committed.
type Setter<T> = dyn Fn(&mut T, String) -> Result<(), String>;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_commit: Commit,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub mono: bool,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// What an empty field stands for (e.g. "current build").
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let error = use_state(|| None::<String>);
    // A value changed from outside (undo, another form) clears a stale error.
    {
        let error = error.clone();
        use_effect_with(props.value.clone(), move |_| error.set(None));
    }
    let onchange = {
        let error = error.clone();
        let commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            error.set(commit.emit(input.value()));
        })
    };
    html! {
        <label class={classes!("field", error.is_some().then_some("field-invalid"))}>
            <span class="field-label">{ props.label.clone() }</span>
            <input type={props.kind.clone()} class={classes!(props.mono.then_some("mono"))} value={props.value.clone()} {onchange}
                placeholder={props.placeholder.clone()} aria-invalid={error.is_some().to_string()} data-testid={props.testid.clone()} />
            if let Some(msg) = (*error).clone() {
                <span class="field-error" role="alert">{ msg }</span>
            } else if let Some(help) = props.help.clone() {
                <span class="field-help">{ help }</span>
            }
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub label: AttrValue,
    pub value: AttrValue,
    /// (value, label) pairs.
    pub options: Rc<Vec<(String, String)>>,
    pub on_commit: Commit,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let error = use_state(|| None::<String>);
    let onchange = {
        let error = error.clone();
        let commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            error.set(commit.emit(select.value()));
        })
    };
    html! {
        <label class="field">
            <span class="field-label">{ props.label.clone() }</span>
            <select {onchange} data-testid={props.testid.clone()}>
                { for props.options.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={*v == *props.value}>{ l.clone() }</option>
                }) }
            </select>
            if let Some(msg) = (*error).clone() {
                <span class="field-error" role="alert">{ msg }</span>
            } else if let Some(help) = props.help.clone() {
                <span class="field-help">{ help }</span>
            }
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckFieldProps {
    pub label: AttrValue,
    pub checked: bool,
    pub on_commit: Commit,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

#[component]
pub fn CheckField(props: &CheckFieldProps) -> Html {
    let error = use_state(|| None::<String>);
    let onchange = {
        let error = error.clone();
        let commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            error.set(commit.emit(input.checked().to_string()));
        })
    };
    html! {
        <label class="field field-check">
            <input type="checkbox" checked={props.checked} {onchange} data-testid={props.testid.clone()} />
            <span class="field-label">{ props.label.clone() }</span>
            if let Some(msg) = (*error).clone() {
                <span class="field-error" role="alert">{ msg }</span>
            } else if let Some(help) = props.help.clone() {
                <span class="field-help">{ help }</span>
            }
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextAreaFieldProps {
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_commit: Commit,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or(6)]
    pub rows: u32,
}

/// A multi-line text field, monospaced: it commits on change (when it loses
/// focus), as `TextField` does; Enter types a new line. Its text is a value,
/// never markup.
#[component]
pub fn TextAreaField(props: &TextAreaFieldProps) -> Html {
    let error = use_state(|| None::<String>);
    {
        let error = error.clone();
        use_effect_with(props.value.clone(), move |_| error.set(None));
    }
    let onchange = {
        let error = error.clone();
        let commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            error.set(commit.emit(area.value()));
        })
    };
    html! {
        <label class={classes!("field", error.is_some().then_some("field-invalid"))}>
            <span class="field-label">{ props.label.clone() }</span>
            <textarea class="mono" rows={props.rows.to_string()} value={props.value.clone()} {onchange} spellcheck="false"
                aria-invalid={error.is_some().to_string()} data-testid={props.testid.clone()} />
            if let Some(msg) = (*error).clone() {
                <span class="field-error" role="alert">{ msg }</span>
            } else if let Some(help) = props.help.clone() {
                <span class="field-help">{ help }</span>
            }
        </label>
    }
}

/// Binds form fields to one object: each field's commit parses its text into
/// a copy of the object and dispatches the edit built from that copy.
pub struct Form<T> {
    editor: EditorHandle,
    obj: T,
    selection: Selection,
    to_edit: Rc<dyn Fn(T) -> Edit>,
}

impl<T: Clone + 'static> Form<T> {
    pub fn new(
        editor: &EditorHandle,
        obj: &T,
        selection: Selection,
        to_edit: impl Fn(T) -> Edit + 'static,
    ) -> Self {
        Form {
            editor: editor.clone(),
            obj: obj.clone(),
            selection,
            to_edit: Rc::new(to_edit),
        }
    }

    /// A commit for one field: `set` parses the text into the object or
    /// refuses it; then the edit is tried on the current design, so the
    /// core's field rules (the loader's own, `cas_planner_core::rules`)
    /// refuse a value next to its field, and an accepted one is dispatched.
    pub fn bind(&self, set: impl Fn(&mut T, String) -> Result<(), String> + 'static) -> Commit {
        self.bind_dyn(Rc::new(set))
    }

    /// `bind`'s body, instantiated once per kind of object rather than once
    /// per field (the setter is the only part each field needs of its own).
    fn bind_dyn(&self, set: Rc<Setter<T>>) -> Commit {
        let (editor, obj, selection, to_edit) = (
            self.editor.clone(),
            self.obj.clone(),
            self.selection.clone(),
            self.to_edit.clone(),
        );
        Callback::from(move |text: String| {
            let mut changed = obj.clone();
            if let Err(message) = set(&mut changed, text) {
                return Some(message);
            }
            try_edit(&editor, &selection, to_edit(changed))
        })
    }

    /// A checkbox commit.
    pub fn flag(&self, set: impl Fn(&mut T, bool) + 'static) -> Commit {
        self.bind(move |o, text| {
            set(o, text == "true");
            Ok(())
        })
    }
}

/// Tries `edit` on the design on screen and dispatches it, or says why the
/// core refused it. Kept out of `Form::bind_dyn`'s closure, which is
/// instantiated once per kind of object: this part need not be.
fn try_edit(editor: &EditorHandle, selection: &Selection, edit: Edit) -> Option<String> {
    let base = editor.view().clone();
    match base.apply(edit.clone()) {
        // The message names its field: a rule may concern another field of the object.
        Err(e) => Some(e.to_string()),
        Ok(result) => {
            editor.dispatch(Action::Applied {
                edit,
                base,
                result: Box::new(result),
                object: Some(selection.clone()),
            });
            None
        }
    }
}

/// Parsers shared by the forms: each error says what is expected.
pub mod parse {
    use cas_planner_core::model::PortRange;
    use cas_planner_core::rules::{check_dns_name, check_port_range, Bounds};
    use std::net::{Ipv4Addr, Ipv6Addr};
    use std::str::FromStr;

    pub fn ip(text: &str) -> Result<Ipv4Addr, String> {
        text.trim().parse().map_err(|_| {
            format!(
                "“{}” is not an IPv4 address (e.g. 10.10.10.100)",
                text.trim()
            )
        })
    }

    pub fn ipv6(text: &str) -> Result<Ipv6Addr, String> {
        text.trim().parse().map_err(|_| {
            format!(
                "“{}” is not an IPv6 address (e.g. 2001:db8::10)",
                text.trim()
            )
        })
    }

    pub fn optional_ip(text: &str) -> Result<Option<Ipv4Addr>, String> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            ip(text).map(Some)
        }
    }

    /// A whole number for a field the core bounds (`rules::Bounds`): text
    /// that is no number of the field's type is refused here, saying what the
    /// field takes; a number out of bounds is refused by the core's rule when
    /// the edit applies, with the message the loader gives for it.
    pub fn number<N>(text: &str, bounds: Bounds<N>) -> Result<N, String>
    where
        N: FromStr + PartialOrd + std::fmt::Display + Copy,
    {
        text.trim()
            .parse::<N>()
            .map_err(|_| format!("enter {}", bounds.expected()))
    }

    /// A whole number whose bounds a core rule decides (its refusal then says why).
    pub fn whole<N: FromStr>(text: &str) -> Result<N, String> {
        text.trim()
            .parse::<N>()
            .map_err(|_| "enter a whole number".to_string())
    }

    pub fn dns_name(text: &str) -> Result<String, String> {
        let t = text.trim().to_string();
        check_dns_name(&t, false)?;
        Ok(t)
    }

    /// "a.example.com, b.example.com" → the names, each checked; empty
    /// entries dropped. `wildcards` lets a certificate's `*.example.com` in.
    pub fn name_list(text: &str, wildcards: bool) -> Result<Vec<String>, String> {
        text.split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| check_dns_name(n, wildcards).map(|()| n.to_string()))
            .collect()
    }

    pub fn not_empty(text: &str) -> Result<String, String> {
        let t = text.trim();
        if t.is_empty() {
            Err("cannot be empty".into())
        } else {
            Ok(t.to_string())
        }
    }

    /// "135, 443, 59531-59532" → port ranges, each held to the core's rule.
    pub fn ports(text: &str) -> Result<Vec<PortRange>, String> {
        let mut out = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (a, b) = part.split_once(['-', '–']).unwrap_or((part, part));
            let not_ports = || format!("“{part}” is not a port or range (e.g. 135, 6005-59530)");
            let from: u16 = whole(a).map_err(|_| not_ports())?;
            let to: u16 = whole(b).map_err(|_| not_ports())?;
            let range = PortRange { from, to };
            check_port_range(range).map_err(|m| format!("“{part}”: {m}"))?;
            out.push(range);
        }
        Ok(out)
    }

    pub fn port_list(ranges: &[PortRange]) -> String {
        ranges
            .iter()
            .map(|r| {
                if r.from == r.to {
                    r.from.to_string()
                } else {
                    format!("{}-{}", r.from, r.to)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}
