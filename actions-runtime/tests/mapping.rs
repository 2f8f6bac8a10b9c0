//! Field mappings: every row of `fixtures/mappings/` (the upstream mapping-kit tests
//! and one row per quirk of the reference, all checked against the reference by
//! `tests/differential/mappings.fixtures.mjs`), then what the crate adds: its error type, serde,
//! and the documented differences.

mod common;

use std::fs;

use actions_runtime::{Mapping, MappingError, Problem, ProblemKind};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A problem as the reference words it: validation problems with their path, run-time ones as
/// thrown.
fn reference_text(problem: &Problem) -> String {
    match problem.kind() {
        ProblemKind::Evaluation => problem.message().to_owned(),
        _ => problem.to_string(),
    }
}

fn texts(error: &MappingError) -> Vec<String> {
    error.problems().iter().map(reference_text).collect()
}

/// `value` with every object's keys in code-point order, as the fixtures were checked against
/// the reference (`mappings.fixtures.mjs` sorts them the same way), whether or not serde_json
/// keeps keys in the order they came (its `preserve_order` feature).
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut entries: Vec<_> = object.iter().collect();
            entries.sort_by_key(|(a, _)| *a);
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// What a row expects, checked; `Err` says how it failed.
fn check_row(row: &Value) -> Result<(), String> {
    let mapping = Mapping::new(sorted(&row["mapping"]));
    if row.get("valid").is_some() {
        return mapping.map(|_| ()).map_err(|e| format!("refused: {e}"));
    }
    if let Some(want) = row.get("unsupported").and_then(Value::as_str) {
        return match mapping {
            Err(e) if e.kind() == ProblemKind::Unsupported && e.to_string() == want => Ok(()),
            other => Err(format!("expected the @liquid problem, got {other:?}")),
        };
    }
    let event = row.get("event").map_or_else(|| json!({}), sorted);
    let outcome = mapping.and_then(|m| m.apply(&event));
    if let Some(want) = row.get("error") {
        let want: Vec<String> = serde_json::from_value(want.clone()).map_err(|e| e.to_string())?;
        return match outcome {
            Err(e) if texts(&e) == want => Ok(()),
            Err(e) => Err(format!("error {:?}, expected {want:?}", texts(&e))),
            Ok(v) => Err(format!("gave {v:?}, expected the error {want:?}")),
        };
    }
    let want = match row.get("undefined") {
        Some(_) => None,
        None => Some(row["expected"].clone()),
    };
    match outcome {
        Ok(got) if got == want => Ok(()),
        Ok(got) => Err(format!("gave {got:?}, expected {want:?}")),
        Err(e) => Err(format!("failed: {e}")),
    }
}

#[test]
fn every_fixture_row_matches_the_reference() {
    let mut failures = Vec::new();
    let mut rows = 0;
    for path in common::fixtures("mappings") {
        let file = common::name(&path);
        let text = fs::read_to_string(&path).unwrap();
        let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
        assert!(!cases.is_empty(), "{file} has no rows");
        for row in &cases {
            rows += 1;
            if let Err(why) = check_row(row) {
                failures.push(format!("{file}: {}: {why}", row["name"]));
            }
        }
    }
    assert!(rows > 250, "only {rows} rows");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixtures_cover_every_directive() {
    let mut text = String::new();
    for path in common::fixtures("mappings") {
        text.push_str(&fs::read_to_string(&path).unwrap());
    }
    for directive in [
        "@path",
        "@template",
        "@literal",
        "@if",
        "@case",
        "@replace",
        "@arrayPath",
        "@json",
        "@flatten",
        "@merge",
        "@transform",
        "@excludeWhenNull",
        "@liquid",
        "__segment_internal_directive",
        "_metadata",
    ] {
        assert!(
            text.contains(&format!("\"{directive}\"")),
            "no fixture uses {directive}"
        );
    }
}

// -------------------------------------------------------------------------------------------
// The error type.

#[test]
fn every_validation_problem_is_listed_with_its_path() {
    let err = Mapping::new(json!({
        "a": {"@path": 1},
        "b": {"@json": {"value": 1}},
        "c": {"@if": "x"},
    }))
    .unwrap_err();
    let found: Vec<(ProblemKind, &str, &str)> = err
        .problems()
        .iter()
        .map(|p| (p.kind(), p.path(), p.message()))
        .collect();
    assert_eq!(
        found,
        [
            (
                ProblemKind::Invalid,
                "/a/@path",
                "should be a string or a mapping directive but it is a number."
            ),
            (
                ProblemKind::Invalid,
                "/b/@json",
                "should have field \"mode\" but it doesn't."
            ),
            (
                ProblemKind::Invalid,
                "/c/@if",
                "should be an object but it is a string."
            ),
        ]
    );
    assert_eq!(
        err.to_string(),
        "/a/@path should be a string or a mapping directive but it is a number.; \
         /b/@json should have field \"mode\" but it doesn't.; \
         /c/@if should be an object but it is a string."
    );
}

#[test]
fn run_time_problems_name_the_directive_that_failed() {
    let mapping = Mapping::new(json!({"user": {"email": {"@case": {
        "operator": "title", "value": {"@path": "$.email"}}}}}))
    .unwrap();
    let err = mapping.apply(&json!({"email": "A@B.C"})).unwrap_err();
    let problem = &err.problems()[0];
    assert_eq!(problem.kind(), ProblemKind::Evaluation);
    assert_eq!(problem.path(), "/user/email/@case");
    assert_eq!(
        problem.message(),
        "operator key should have a value of \"lower\" or \"upper\""
    );
    assert_eq!(
        err.to_string(),
        "/user/email/@case: operator key should have a value of \"lower\" or \"upper\""
    );
    // The same mapping on an event whose value is not a string runs.
    assert_eq!(
        mapping.apply(&json!({"email": 7})).unwrap(),
        Some(json!({"user": {"email": 7}}))
    );
}

#[test]
fn a_directive_inside_an_array_fails_only_when_run_and_names_its_index() {
    let mapping = Mapping::new(json!({"list": [1, {"@path": {"@path": "$.n"}}]})).unwrap();
    let err = mapping.apply(&json!({"n": 5})).unwrap_err();
    assert_eq!(err.problems()[0].path(), "/list/1/@path");
    assert_eq!(
        err.problems()[0].message(),
        "@path: expected string, got number"
    );
    assert_eq!(
        mapping.apply(&json!({"n": "n"})).unwrap(),
        Some(json!({"list": [1, "n"]}))
    );
}

#[test]
fn liquid_is_refused_by_name_with_its_path() {
    let err = Mapping::new(json!({"a": {"b": {"@liquid": "{{ x }}"}}})).unwrap_err();
    assert_eq!(err.kind(), ProblemKind::Unsupported);
    assert_eq!(err.problems()[0].path(), "/a/b");
    assert!(err.to_string().contains("@liquid"), "{err}");
    assert!(err.to_string().contains("not supported"), "{err}");
}

#[test]
fn a_nested_transforms_validation_runs_when_it_is_reached() {
    // Inside an array nothing is validated up front; the nested transform validates its
    // `apply` when it runs, with paths from `apply`, as the reference does.
    let mapping = Mapping::new(json!({"x": [{"@transform": {
        "apply": {"a": {"@nope": 1}}, "mapping": {"b": 1}}}]}))
    .unwrap();
    let err = mapping.apply(&json!({})).unwrap_err();
    assert_eq!(texts(&err), ["/a has an invalid directive: @nope."]);
    assert_eq!(err.kind(), ProblemKind::Invalid);
}

#[test]
fn errors_are_std_errors_that_cross_threads() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<MappingError>();
    fn assert_shareable<T: Send + Sync + Clone + std::fmt::Debug + PartialEq>() {}
    assert_shareable::<Mapping>();
}

// -------------------------------------------------------------------------------------------
// Serde and equality.

#[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
struct Action {
    name: String,
    mapping: Mapping,
}

#[test]
fn a_configuration_file_holds_a_mapping() {
    // Keys in serde_json's (sorted) order, so that writing it back gives the same text.
    let text = r#"{"name":"identify","mapping":{"n":1,"userId":{"@path":"$.userId"}}}"#;
    let action: Action = serde_json::from_str(text).unwrap();
    assert_eq!(
        action.mapping.apply(&json!({"userId": "u1"})).unwrap(),
        Some(json!({"userId": "u1", "n": 1}))
    );
    assert_eq!(serde_json::to_string(&action).unwrap(), text);
    assert_eq!(
        action.mapping.as_json(),
        &json!({"userId": {"@path": "$.userId"}, "n": 1})
    );
}

#[test]
fn loading_an_invalid_mapping_fails_with_its_problems() {
    let text = r#"{"name":"x","mapping":{"neat":{"@json":{"mode":"oops","value":1}}}}"#;
    let err = serde_json::from_str::<Action>(text).unwrap_err();
    assert!(
        err.to_string()
            .contains("/neat/@json/mode should be one of encode, decode but it is \"oops\"."),
        "{err}"
    );
}

#[test]
fn mappings_are_equal_when_given_as_equal_json() {
    let a = Mapping::new(json!({"x": {"@path": "a"}})).unwrap();
    let b = Mapping::new(json!({"x": {"@path": "a"}})).unwrap();
    let c = Mapping::new(json!({"x": {"@path": "b"}})).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    let cloned = c.clone();
    assert_eq!(
        cloned.apply(&json!({"b": 2})).unwrap(),
        Some(json!({"x": 2}))
    );
}

// -------------------------------------------------------------------------------------------
// The documented differences from the reference.

#[test]
fn event_numbers_come_back_as_written() {
    let mapping = Mapping::new(json!({"a": {"@path": "a"}, "t": {"@template": "{{a}}"}})).unwrap();
    let out = mapping
        .apply(&serde_json::from_str(r#"{"a": 1.0}"#).unwrap())
        .unwrap()
        .unwrap();
    // The reference has the double 1; the JSON number is kept, its text is JavaScript's.
    assert_eq!(out["a"].to_string(), "1.0");
    assert_eq!(out["t"], "1");
    let big: Value = serde_json::from_str(r#"{"a": 12345678901234567891}"#).unwrap();
    let out = mapping.apply(&big).unwrap().unwrap();
    assert_eq!(out["a"].as_u64(), Some(12_345_678_901_234_567_891));
    assert_eq!(out["t"], "12345678901234567000");
}

#[test]
fn numbers_made_while_resolving_are_written_as_javascript_would() {
    let mapping = Mapping::new(json!({
        "n": {"@json": {"mode": "decode", "value": {"@path": "text"}}},
        "len": {"@path": "text.length"},
    }))
    .unwrap();
    let out = mapping.apply(&json!({"text": "[1.0, 1e400, -0]"})).unwrap();
    assert_eq!(out, Some(json!({"n": [1, null, 0], "len": 16})));
}

#[test]
fn half_a_surrogate_pair_becomes_the_replacement_character() {
    let mapping =
        Mapping::new(json!({"first": {"@path": "s.0"}, "second": {"@path": "s.1"}})).unwrap();
    assert_eq!(
        mapping.apply(&json!({"s": "😀"})).unwrap(),
        Some(json!({"first": "\u{fffd}", "second": "\u{fffd}"}))
    );
}

fn nested(depth: usize) -> Value {
    let mut value = json!(1);
    for _ in 0..depth {
        value = json!({ "a": value });
    }
    value
}

#[test]
fn nesting_beyond_the_limit_is_refused_not_overflowed() {
    let err = Mapping::new(json!({ "m": nested(300) })).unwrap_err();
    assert_eq!(err.kind(), ProblemKind::Invalid);
    assert!(err.to_string().contains("deeper than 256"), "{err}");

    let flatten =
        Mapping::new(json!({"f": {"@flatten": {"separator": ".", "value": {"@path": "e"}}}}))
            .unwrap();
    let err = flatten.apply(&json!({ "e": nested(300) })).unwrap_err();
    assert!(
        err.to_string().contains("event nests deeper than 256"),
        "{err}"
    );
    // A mapping that only picks values does not walk them, so depth does not matter to it.
    let pick = Mapping::new(json!({"p": {"@path": "e.a.a"}})).unwrap();
    assert_eq!(
        pick.apply(&json!({ "e": nested(300) })).unwrap().unwrap()["p"]["a"]["a"]["a"],
        nested(295)
    );

    let decode =
        Mapping::new(json!({"@json": {"mode": "decode", "value": {"@path": "t"}}})).unwrap();
    let deep_text = "[".repeat(300) + &"]".repeat(300);
    assert_eq!(
        decode.apply(&json!({ "t": deep_text })).unwrap(),
        Some(Value::String(deep_text.clone()))
    );
}

// -------------------------------------------------------------------------------------------
// No input panics.

/// JSON values built from the mapping kit's own words, so that the strategy reaches deep into
/// the directives rather than bouncing off validation.
fn mapping_like() -> impl Strategy<Value = Value> {
    let key = prop::sample::select(vec![
        "@path",
        "@template",
        "@literal",
        "@if",
        "@case",
        "@replace",
        "@arrayPath",
        "@json",
        "@flatten",
        "@merge",
        "@transform",
        "@excludeWhenNull",
        "@liquid",
        "@oops",
        "_metadata",
        "__segment_internal_directive",
        "exists",
        "blank",
        "then",
        "else",
        "operator",
        "value",
        "pattern",
        "replacement",
        "pattern2",
        "ignorecase",
        "global",
        "mode",
        "separator",
        "omitArrays",
        "objects",
        "direction",
        "apply",
        "mapping",
        "a",
        "0",
        "$",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop::sample::select(vec![0.0, 1.0, -1.5, 1e21, 1e-7]).prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "", "a", "$.a", "a.0", "{{a}}", "{{{a}}}", "lower", "upper", "encode", "decode",
            "left", "right", ".", "$&", "😀", "[\"x\"]", "ß",
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(6, 64, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone().prop_map(str::to_owned), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_mapping_or_event_panics(mapping in mapping_like(), event in mapping_like()) {
        if let Ok(mapping) = Mapping::new(mapping) {
            let _ = mapping.apply(&event);
            let _ = mapping.apply(&json!({ "a": event }));
        }
    }
}

#[test]
fn the_deepest_accepted_mappings_resolve_on_a_test_threads_stack() {
    // As deep as the limit lets through: each `@literal` is one level, each `@if` two.
    let mut literals = json!({"@path": "$.a"});
    for _ in 0..60 {
        literals = json!({ "@literal": literals });
    }
    let mut ifs = json!({"@path": "$.a"});
    for _ in 0..30 {
        ifs = json!({ "@if": { "exists": 1, "then": ifs } });
    }
    for mapping in [literals, ifs] {
        let mapping = Mapping::new(mapping).unwrap();
        assert_eq!(mapping.apply(&json!({"a": 1})).unwrap(), Some(json!(1)));
    }
}
