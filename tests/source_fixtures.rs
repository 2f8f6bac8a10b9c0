//! Every source-event fixture: parsed, routed and checked against its `.expect.json`, with
//! nothing lost on the way through and one snapshot each.

mod common;

use std::fs;
use std::path::Path;

use serde_json::{json, Value};
use sprig_events::destination::{route, sprig_call, Limits, Route, RuleFinding};
use sprig_events::source::SpecFinding;
use sprig_events::{parse_batch, parse_source_event, SourceEvent};

fn sorted(mut codes: Vec<String>) -> Vec<String> {
    codes.sort();
    codes
}

/// `code`, or `code:field` when the finding names a field, as the expectations write them.
fn label(code: &str, field: Option<&str>) -> String {
    match field {
        Some(field) => format!("{code}:{field}"),
        None => code.to_owned(),
    }
}

fn spec_label(finding: &SpecFinding) -> String {
    label(finding.code(), finding.field())
}

/// What the destination does with `event`, in the fixtures' expectation format.
fn outcome(event: &SourceEvent) -> Value {
    let findings = sorted(event.validate().iter().map(spec_label).collect());
    match route(event) {
        Route::Call { action, call } => {
            let call_findings = call.check(&Limits::default());
            json!({
                "outcome": "call",
                "action": action.as_str(),
                "call": call,
                "findings": findings,
                "call_findings": sorted(call_findings.iter().map(|f: &RuleFinding| label(f.code(), f.key())).collect()),
            })
        }
        Route::Skipped { action, reason } => json!({
            "outcome": "skipped",
            "action": action.as_str(),
            "reason": label(reason.code(), reason.field()),
            "findings": findings,
        }),
        Route::Disabled => json!({"outcome": "disabled", "findings": findings}),
        Route::NoAction => json!({"outcome": "no_action", "findings": findings}),
        other => panic!("unexpected route {other:?}"),
    }
}

fn is_batch(bytes: &[u8]) -> bool {
    serde_json::from_slice::<Value>(bytes).is_ok_and(|v| v.get("batch").is_some())
}

fn events(path: &Path) -> Vec<SourceEvent> {
    let bytes = fs::read(path).unwrap();
    let parsed = if is_batch(&bytes) {
        parse_batch(&bytes)
    } else {
        parse_source_event(&bytes).map(|event| vec![event])
    };
    parsed.unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_fixture_routes_as_expected() {
    let mut failures = Vec::new();
    for path in common::fixtures("source") {
        let name = common::name(&path);
        let expect: Value =
            serde_json::from_slice(&fs::read(path.with_extension("expect.json")).unwrap())
                .unwrap_or_else(|e| panic!("{name}.expect.json: {e}"));
        let outcomes: Vec<Value> = events(&path).iter().map(outcome).collect();
        let got = if is_batch(&fs::read(&path).unwrap()) {
            json!({ "batch": outcomes })
        } else {
            outcomes.into_iter().next().unwrap()
        };
        if got != expect {
            failures.push(format!("{name}:\n  expected {expect}\n  got      {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sprig_call_is_the_call_of_the_route() {
    for path in common::fixtures("source") {
        for event in events(&path) {
            assert_eq!(sprig_call(&event), route(&event).into_call());
        }
    }
}

#[test]
fn single_events_keep_everything_and_reparse_the_same() {
    for path in common::fixtures("source") {
        let bytes = fs::read(&path).unwrap();
        if is_batch(&bytes) {
            continue;
        }
        let name = common::name(&path);
        let event = parse_source_event(&bytes).unwrap();
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let out = serde_json::to_value(&event).unwrap();
        common::assert_lossless_source(&name, &original, &out);
        let again = parse_source_event(&serde_json::to_vec(&event).unwrap()).unwrap();
        assert_eq!(again, event, "{name}");
        let from_tree: SourceEvent = serde_json::from_value(original).unwrap();
        assert_eq!(from_tree, event, "{name}");
    }
}

#[test]
fn snapshots() {
    insta::glob!("../fixtures/source", "*.json", |path| {
        if path.to_string_lossy().ends_with(".expect.json") {
            return;
        }
        let snapshot: Vec<Value> = events(path)
            .iter()
            .map(|event| json!({ "route": outcome(event), "event": event }))
            .collect();
        insta::assert_json_snapshot!(snapshot);
    });
}

#[test]
fn invalid_fixtures_fail_naming_the_field_or_position() {
    let mut failures = Vec::new();
    for path in common::fixtures("source/invalid") {
        let name = common::name(&path);
        let expect = fs::read_to_string(path.with_extension("expect")).unwrap();
        let expect = expect.trim();
        let bytes = fs::read(&path).unwrap();
        let result = if name.starts_with("batch") {
            parse_batch(&bytes).map(|_| ())
        } else {
            parse_source_event(&bytes).map(|_| ())
        };
        match result {
            Ok(()) => failures.push(format!("{name}: parsed")),
            Err(e) if !e.to_string().contains(expect) => failures.push(format!(
                "{name}: {:?} does not name {expect:?}",
                e.to_string()
            )),
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A batch and an event are JSON objects: an array is refused as not one, whatever it holds
/// (a derived struct would read an array's items as its fields by position), by both readers
/// and from a tree, and an event inside a batch is named by its place.
#[test]
fn a_body_that_is_not_an_object_is_refused_as_not_one() {
    let not_a_batch = [
        r#"[[{"type":"track","event":"A","userId":"u"}],{"sprig-web":false},{"ip":"1"},"2024-01-01T00:00:00Z"]"#,
        r#"[[{"type":"track","event":"A","userId":"u"}],null,null,null]"#,
        r#"[[]]"#,
    ];
    for body in not_a_batch {
        let err = parse_batch(body.as_bytes()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid type: sequence, expected a batch (a JSON object)"),
            "{body}: {err}"
        );
    }
    for body in [r#"["identify","u"]"#, "[1]", r#"["identify"]"#, "[]"] {
        let err = parse_source_event(body.as_bytes()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid type: sequence, expected a source event (a JSON object)"),
            "{body}: {err}"
        );
        assert_eq!(err.path(), Some(""), "{body}");
        let value: Value = serde_json::from_str(body).unwrap();
        let err = SourceEvent::from_value(value).unwrap_err();
        assert!(
            err.to_string().contains("expected a source event"),
            "{body}: {err}"
        );

        let batch = format!(r#"{{"batch":[{{"type":"track","event":"A","userId":"u"}},{body}]}}"#);
        let results = sprig_events::parse_batch_each(batch.as_bytes()).unwrap();
        assert!(results[0].is_ok());
        let err = results[1].as_ref().unwrap_err();
        assert_eq!(err.path(), Some("batch[1]"), "{body}: {err}");
    }
}

/// An alias's `previousId` and a group's `groupId` of another type than a string are there:
/// `validate` reports the type, not a missing id; `null` and `""` are missing.
#[test]
fn validate_reports_an_id_of_another_type_as_that_not_as_missing() {
    let findings = |event: Value| -> Vec<String> {
        parse_source_event(event.to_string().as_bytes())
            .unwrap()
            .validate()
            .iter()
            .map(spec_label)
            .collect()
    };
    for (call, key) in [("alias", "previousId"), ("group", "groupId")] {
        let missing = if call == "alias" {
            "alias_missing_previous_id"
        } else {
            "group_missing_group_id"
        };
        for (value, expected) in [
            (json!(7), vec![label("not_as_specified", Some(key))]),
            (json!(["g1"]), vec![label("not_as_specified", Some(key))]),
            (json!("g1"), vec![]),
            (json!(null), vec![missing.to_owned()]),
            (json!(""), vec![missing.to_owned()]),
        ] {
            let mut event = json!({"type": call, "userId": "u"});
            event[key] = value.clone();
            assert_eq!(findings(event), expected, "{call} {key}: {value}");
        }
    }
}

/// A key given twice keeps its last value, as JavaScript's `JSON.parse` reads it and as
/// Customer.io passes the event on: the event read from the text equals the one read from
/// serde_json's tree of it (which keeps the last value), routes the same and writes the same,
/// at the top level, in a part kept as text, and in a batch's own keys.
#[test]
fn a_key_given_twice_keeps_its_last_value() {
    let events = [
        r#"{"type":"track","event":"A","userId":"a","messageId":"1","messageId":"2"}"#,
        r#"{"type":"track","event":"A","userId":"a","userId":"b"}"#,
        r#"{"type":"track","userId":"a","type":"track","event":"E"}"#,
        r#"{"type":"identify","userId":"a","type":"track","event":"E"}"#,
        r#"{"type":"track","event":"E","userId":"a","type":"identify","traits":{"k":1}}"#,
        r#"{"type":"track","event":"A","event":"Signed Out","userId":"u"}"#,
        r#"{"type":"track","event":"A","userId":"a","properties":{"x":1},"properties":{"y":2}}"#,
        r#"{"type":"track","event":"A","userId":null,"userId":"u"}"#,
        r#"{"type":"track","event":"A","userId":"u","anonymousId":"x","userId":null}"#,
        r#"{"type":"page","userId":"u","properties":{"a":1},"properties":null}"#,
        r#"{"type":"group","userId":"u","groupId":"g","traits":{"a":1},"traits":{"b":2}}"#,
        r#"{"type":"identify","userId":"u","traits":{"email":"a@x","email":"b@x"}}"#,
        r#"{"type":"track","event":"A","userId":"u","context":{"ip":"1"},"context":{"ip":"2"}}"#,
        r#"{"type":"track","event":"A","userId":"u","integrations":{"sprig-web":false},"integrations":{}}"#,
    ];
    for body in events {
        let read = parse_source_event(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
        let tree: Value = serde_json::from_str(body).unwrap();
        let from_tree = SourceEvent::from_value(tree.clone()).unwrap();
        assert_eq!(read, from_tree, "{body}");
        assert_eq!(route(&read), route(&from_tree), "{body}");
        assert_eq!(serde_json::to_value(&read).unwrap(), tree, "{body}");
    }

    // A null given before the last value leaves no trace: unset, the field is not written.
    let SourceEvent::Track(mut track) =
        parse_source_event(br#"{"type":"track","event":"A","userId":null,"userId":"u"}"#).unwrap()
    else {
        panic!()
    };
    track.user_id = None;
    let written = serde_json::to_value(&track).unwrap();
    assert_eq!(written, json!({"type": "track", "event": "A"}));

    // An unreadable value before the last is still refused, at its path.
    let err = parse_source_event(br#"{"type":"nope","userId":"a","type":"track","event":"E"}"#)
        .unwrap_err();
    assert_eq!(err.path(), Some("type"), "{err}");

    let batches = [
        r#"{"batch":[{"type":"track","event":"A","userId":"u"}],"sentAt":"2024-01-01T00:00:00Z","sentAt":"2024-02-01T00:00:00Z","integrations":{"sprig-web":true},"integrations":{"sprig-web":false}}"#,
        r#"{"batch":[],"batch":[{"type":"track","event":"A","userId":"u"}],"context":{"ip":"1"},"context":{"ip":"2"}}"#,
    ];
    for body in batches {
        let read = parse_batch(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
        let tree: Value = serde_json::from_str(body).unwrap();
        let from_tree = parse_batch(tree.to_string().as_bytes()).unwrap();
        assert_eq!(read, from_tree, "{body}");
        assert_eq!(read.len(), 1, "{body}");
    }
}
