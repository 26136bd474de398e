//! Pathological templates: each must be stopped quickly, with an error saying why.

use super::*;
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Applies a mapping whose summary is `template` to `body`; the error and how long it took.
fn stopped(template: &str, body: &[u8]) -> (String, Duration) {
    let m = Mapping {
        summary: template.into(),
        ..Mapping::default()
    };
    let started = Instant::now();
    let result = m.apply(body);
    let took = started.elapsed();
    let r = result.expect_err(template);
    assert_eq!(r.errors.len(), 1, "{r:?}");
    (r.errors[0].clone(), took)
}

/// The template is stopped by the guard `expected` names. How long it took is printed, not
/// asserted (times are measured, not asserted in unit tests): what matters is which guard
/// fired, since each bounds the time on its own.
fn assert_stopped(template: &str, body: &[u8], expected: &str) {
    let (error, took) = stopped(template, body);
    println!("{took:>10.3?}  {template:.60}  -> {error}");
    assert!(error.contains(expected), "{template}: {error}");
}

#[test]
fn a_billion_step_loop_is_refused_by_range() {
    assert_stopped(
        "{% for i in range(10**9) %}x{% endfor %}",
        b"{}",
        "summary: line 1: invalid operation: range has too many elements",
    );
}

#[test]
fn nested_loops_run_out_of_fuel() {
    assert_stopped(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        b"{}",
        "the template ran more than 50000 steps and was stopped",
    );
}

#[test]
fn nested_loops_printing_strings_stop_at_the_output_limit() {
    assert_stopped(
        "{% for i in range(10000) %}{% for j in range(10000) %}abcdefgh{% endfor %}{% endfor %}",
        b"{}",
        "summary: the result is longer than 4096 bytes",
    );
}

#[test]
fn recursion_and_accumulation_are_refused_before_running() {
    for (template, statement) in [
        (
            "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
            "macro",
        ),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}\
             {% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
            "set",
        ),
        (
            "{% filter upper %}{% for i in range(99999) %}x{% endfor %}{% endfilter %}",
            "filter",
        ),
    ] {
        assert_stopped(
            template,
            b"{}",
            &format!("`{{% {statement} %}}` is not allowed"),
        );
    }
}

#[test]
fn string_repetition_is_refused_before_running() {
    assert_stopped("{{ 'x' * 10**9 }}", b"{}", "`*` is not allowed");
    assert_stopped(
        "{{ (payload.s * 99999999)|length }}",
        br#"{"s": "x"}"#,
        "`*` is not allowed",
    );
}

#[test]
fn join_and_replace_cannot_build_huge_strings() {
    let big = format!(r#"{{"s": "{}"}}"#, "a".repeat(60_000));
    assert_stopped(
        "{{ range(100000)|join(payload.s) }}",
        big.as_bytes(),
        "join's result would be longer than 65536 bytes",
    );
    assert_stopped(
        "{{ (payload.s|replace('a', payload.s))|length }}",
        big.as_bytes(),
        "replace's result would be longer than 65536 bytes",
    );
    assert_stopped(
        "{{ (range(20000)|list|tojson)|length }}",
        b"{}",
        "tojson's result would be longer than 65536 bytes",
    );
}

#[test]
fn slow_filters_in_a_loop_hit_the_deadline() {
    assert_stopped(
        "{% for i in range(100000) %}{% if range(100000)|reverse|list|sort|length %}\
         {% endif %}{% endfor %}",
        b"{}",
        "the template took longer than 20 ms and was stopped",
    );
}

#[test]
fn a_huge_condition_is_stopped_too() {
    // A condition is one expression (no loops): only a huge range, or `*`, can make it long.
    for (condition, expected) in [
        (
            "range(10**9)|list|length > 0",
            "resolve_when: line 1: invalid operation: range has too many elements",
        ),
        (
            "('x' * 10**9)|length > 0",
            "resolve_when: line 1: `*` is not allowed",
        ),
    ] {
        let m = Mapping {
            resolve_when: Some(condition.into()),
            ..Mapping::default()
        };
        let r = m.apply(b"{}").unwrap_err();
        assert!(r.errors[0].starts_with(expected), "{r:?}");
    }
}

#[test]
fn titles_are_under_the_same_limits() {
    let alert = Mapping::default().apply(br#"{"summary": "s"}"#).unwrap();
    let e = render_title(
        "{% for i in range(100000) %}{% for j in range(9) %}{% endfor %}{% endfor %}",
        &alert,
    )
    .unwrap_err();
    assert!(e.contains("more than 50000 steps"), "{e}");
    assert!(render_title(&"x".repeat(LIMITS.max_source + 1), &alert)
        .unwrap_err()
        .contains("longer than 16384 bytes"));
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let key = prop_oneof![
        Just("summary".to_owned()),
        Just("title".to_owned()),
        Just("message".to_owned()),
        Just("dedup".to_owned()),
        Just("id".to_owned()),
        Just("action".to_owned()),
        Just("status".to_owned()),
        Just("severity".to_owned()),
        Just("link".to_owned()),
        Just("details".to_owned()),
        ".{0,8}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        ".{0,40}".prop_map(serde_json::Value::from),
        "\\PC{1500,3000}".prop_map(serde_json::Value::from),
        Just(serde_json::Value::from("close")),
        Just(serde_json::Value::from("resolved")),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever a sender posts, the default mapping gives an alert (never a panic, never a
    /// refusal of a JSON object or array).
    #[test]
    fn the_default_mapping_reads_any_json(v in json_value()) {
        let bytes = serde_json::to_vec(&v).unwrap();
        let result = Mapping::default().apply(&bytes);
        if v.is_object() || v.is_array() {
            let alert = result.unwrap();
            prop_assert!(!alert.dedup_key.is_empty());
            prop_assert!(alert.summary.chars().count() <= crate::alerts::signal::MAX_SUMMARY);
        } else {
            prop_assert!(result.is_err());
        }
    }
}

#[test]
fn templates_see_long_payload_strings_and_arrays_cut() {
    let body = serde_json::json!({
        "s": "é".repeat(600_000),
        "l": vec![1; 20_000],
    })
    .to_string();
    let m = Mapping {
        summary: "{{ payload.s|length }} {{ payload.l|length }}".into(),
        ..Mapping::default()
    };
    // 4096 bytes of two-byte characters: 2048 of them.
    assert_eq!(m.apply(body.as_bytes()).unwrap().summary, "2048 200");
    // What once ran for seconds on such a payload now works on the cut view.
    let heavy = Mapping {
        summary: "{% for x in payload.l %}{% if payload.s ~ payload.s ~ payload.s ~ payload.s == '' %}x{% endif %}{% endfor %}done".into(),
        ..Mapping::default()
    };
    assert_eq!(heavy.apply(body.as_bytes()).unwrap().summary, "done");
}

#[test]
fn a_template_that_can_never_finish_is_refused_when_saved() {
    let m = Mapping {
        summary: "{% for i in range(10**9) %}x{% endfor %}".into(),
        ..Mapping::default()
    };
    let errors = m.check().unwrap_err();
    assert_eq!(errors[0].0, "summary");
    assert!(
        errors[0].1.contains("range has too many elements"),
        "{errors:?}"
    );
    // One that only needs fields an empty payload lacks is fine.
    let fine = Mapping {
        summary: "{{ payload.host }}: {{ payload.check }}".into(),
        ..Mapping::default()
    };
    assert!(fine.check().is_ok());
}
