//! The design's own settings: name, organisation, Autodiscover and the
//! perimeter's default action.

use super::super::fields::{parse, CheckField, Form, SelectField, TextField};
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
    let info = (
        s.name.clone(),
        s.description.clone(),
        s.organisation.clone(),
    );
    let form = Form::new(
        &editor,
        &info,
        Selection::Settings,
        |(name, description, organisation)| Edit::SetInfo {
            name,
            description,
            organisation,
        },
    );
    let ad = Form::new(
        &editor,
        &s.autodiscover,
        Selection::Settings,
        |autodiscover| Edit::SetAutodiscover { autodiscover },
    );
    let perimeter = Form::new(
        &editor,
        &s.perimeter.default_action,
        Selection::Settings,
        |action| Edit::SetPerimeterDefault { action },
    );
    let hairpin = Form::new(
        &editor,
        &s.perimeter.hairpin_nat,
        Selection::Settings,
        |on| Edit::SetHairpinNat { on },
    );
    let ranges = Form::new(&editor, &s.ranges, Selection::Settings, |ranges| {
        Edit::SetRanges { ranges }
    });
    // A span as "min–max" in one field; one number makes it a point.
    fn span<T: std::str::FromStr + Copy + Ord>(v: &str) -> Result<Span<T>, String> {
        let parts: Vec<&str> = v.split(['–', '-']).map(str::trim).collect();
        let num = |p: &str| {
            p.parse::<T>()
                .map_err(|_| format!("\"{p}\" is not a number; type min–max, e.g. 1–2"))
        };
        match parts.as_slice() {
            [one] => Ok(Span::point(num(one)?)),
            [a, b] => Ok(Span::new(num(a)?, num(b)?)),
            _ => Err("type min–max, e.g. 1–2".into()),
        }
    }
    let show = |a: String, b: String| if a == b { a } else { format!("{a}–{b}") };
    let r = &s.ranges;
    html! {
        <>
            <TextField label="Design name" value={s.name.clone()} on_commit={form.bind(|o, v| { o.0 = parse::not_empty(&v)?; Ok(()) })} />
            <TextField label="Organisation" value={s.organisation.clone()} on_commit={form.bind(|o, v| { o.2 = v; Ok(()) })} />
            <TextField label="Description" value={s.description.clone()} on_commit={form.bind(|o, v| { o.1 = v; Ok(()) })} />
            <TextField label="SMTP domain" value={s.autodiscover.smtp_domain.clone()} mono=true on_commit={ad.bind(|o, v| { o.smtp_domain = if v.trim().is_empty() { String::new() } else { parse::dns_name(&v)? }; Ok(()) })} />
            <TextField label="Autodiscover DNS names" value={s.autodiscover.dns_names.join(", ")} mono=true help="Comma-separated (§6)"
                on_commit={ad.bind(|o, v| { o.dns_names = parse::name_list(&v, false)?; Ok(()) })} />
            <SelectField label="Perimeter: anything not matched by a rule" value={s.perimeter.default_action.as_str()} options={choices::<PerimeterAction>()} testid="perimeter-default"
                on_commit={perimeter.bind(|o, v| { *o = choice(&v)?; Ok(()) })} />
            <CheckField label="Perimeter reflects inside connections to its public addresses (hairpin NAT)" checked={s.perimeter.hairpin_nat}
                help="Off by default: assume no reflection unless the firewall is set up for it" on_commit={hairpin.flag(|o, b| *o = b)} />
            <fieldset class="ranges" data-testid="ranges">
                <legend>{ "Ranges of what the model leaves undocumented" }</legend>
                <TextField label="RPC bind attempts per cycle" value={show(r.rpc_bind_attempts.min.to_string(), r.rpc_bind_attempts.max.to_string())} help="Undocumented (§8 step 4)"
                    on_commit={ranges.bind(|o, v| { o.rpc_bind_attempts = span(&v)?; Ok(()) })} />
                <TextField label="TLS and authentication (ms)" value={show(r.oa_setup_ms.min.to_string(), r.oa_setup_ms.max.to_string())} help="Not sourced (§8 step 3)"
                    on_commit={ranges.bind(|o, v| { o.oa_setup_ms = span(&v)?; Ok(()) })} />
                <TextField label="Failing after RST (ms)" value={show(r.rst_fail_ms.min.to_string(), r.rst_fail_ms.max.to_string())} help="One measurement, 2 s (§3, C14)"
                    on_commit={ranges.bind(|o, v| { o.rst_fail_ms = span(&v)?; Ok(()) })} />
                <TextField label="ICMP aborts a connect (0 no, 1 yes)" value={show(u8::from(r.icmp_aborts_connect.min).to_string(), u8::from(r.icmp_aborts_connect.max).to_string())} help="Undocumented (§3)"
                    on_commit={ranges.bind(|o, v| { let b = span::<u8>(&v)?; if b.max > 1 { return Err("0 or 1".into()) } o.icmp_aborts_connect = Span::new(b.min == 1, b.max == 1); Ok(()) })} />
                <TextField label="Site round trip (ms)" value={show(r.site_rtt_ms.min.to_string(), r.site_rtt_ms.max.to_string())} help="Not sourced"
                    on_commit={ranges.bind(|o, v| { o.site_rtt_ms = span(&v)?; Ok(()) })} />
                <TextField label="Internet or VPN round trip (ms)" value={show(r.remote_rtt_ms.min.to_string(), r.remote_rtt_ms.max.to_string())} help="Not sourced"
                    on_commit={ranges.bind(|o, v| { o.remote_rtt_ms = span(&v)?; Ok(()) })} />
                <TextField label="Slow-link threshold (kbit/s)" value={show(r.slow_link_max_kbps.min.to_string(), r.slow_link_max_kbps.max.to_string())} help="Folklore, 128 (§4)"
                    on_commit={ranges.bind(|o, v| { o.slow_link_max_kbps = span(&v)?; Ok(()) })} />
                <TextField label="Connects per user per day" value={show(r.connects_per_day.min.to_string(), r.connects_per_day.max.to_string())} help="Not sourced"
                    on_commit={ranges.bind(|o, v| { o.connects_per_day = span(&v)?; Ok(()) })} />
            </fieldset>
        </>
    }
}
