//! The design's own settings: name, organisation, Autodiscover and the
//! perimeter's default action.

use super::super::fields::{parse, Form, SelectField, TextField};
use super::{choice, choices};
use crate::ui::components::Shared;
use crate::ui::state::{use_editor, Selection};
use cas_planner_core::edit::Edit;
use cas_planner_core::model::*;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub scenario: Shared<Scenario>,
}

#[component]
pub fn SettingsForm(props: &SettingsProps) -> Html {
    let editor = use_editor();
    let s = &props.scenario.0;
        let info = (s.name.clone(), s.description.clone(), s.organisation.clone());
    let form = Form::new(&editor, &info, Selection::Settings, |(name, description, organisation)| Edit::SetInfo { name, description, organisation });
    let ad = Form::new(&editor, &s.autodiscover, Selection::Settings, |autodiscover| Edit::SetAutodiscover { autodiscover });
    let perimeter = Form::new(&editor, &s.perimeter.default_action, Selection::Settings, |action| Edit::SetPerimeterDefault { action });
    html! {
        <>
            <TextField label="Design name" value={s.name.clone()} on_commit={form.bind(|o, v| { o.0 = parse::not_empty(&v)?; Ok(()) })} />
            <TextField label="Organisation" value={s.organisation.clone()} on_commit={form.bind(|o, v| { o.2 = v; Ok(()) })} />
            <TextField label="Description" value={s.description.clone()} on_commit={form.bind(|o, v| { o.1 = v; Ok(()) })} />
            <TextField label="SMTP domain" value={s.autodiscover.smtp_domain.clone()} mono=true on_commit={ad.bind(|o, v| { o.smtp_domain = if v.trim().is_empty() { String::new() } else { parse::dns_name(&v)? }; Ok(()) })} />
            <TextField label="Autodiscover DNS names" value={s.autodiscover.dns_names.join(", ")} mono=true help="Comma-separated (§6)"
                on_commit={ad.bind(|o, v| { o.dns_names = v.split(',').map(str::trim).filter(|n| !n.is_empty()).map(parse::dns_name).collect::<Result<_, _>>()?; Ok(()) })} />
            <SelectField label="Perimeter: anything not matched by a rule" value={s.perimeter.default_action.as_str()} options={choices::<PerimeterAction>()} testid="perimeter-default"
                on_commit={perimeter.bind(|o, v| { *o = choice(&v)?; Ok(()) })} />
        </>
    }
}
