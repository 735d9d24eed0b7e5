//! Choice fields: the one name table per enum (`model::Choice`) agrees with
//! what scenario files hold, and every name reads back as its value.

use cas_planner_core::model::*;

fn agrees<T: Choice + serde::Serialize + std::fmt::Debug>() {
    assert!(!T::VARIANTS.is_empty());
    for &v in T::VARIANTS {
        assert_eq!(
            serde_json::to_value(v).unwrap(),
            serde_json::Value::from(v.as_str()),
            "{v:?}"
        );
        assert_eq!(T::parse(v.as_str()), Some(v), "{v:?}");
        assert!(!v.form_label().is_empty());
    }
    assert_eq!(T::parse("no-such-value"), None);
}

#[test]
fn choice_names_are_the_file_names() {
    agrees::<OaAuth>();
    agrees::<PerimeterAction>();
    agrees::<ExchangeVersion>();
    agrees::<OutlookVersion>();
}
