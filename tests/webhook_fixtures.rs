//! Every webhook fixture: the right kind, nothing lost, a stable canonical form, a snapshot.

mod common;

use std::fs;

use serde_json::Value;
use sprig_events::{parse_webhook, WebhookEvent, WebhookKind};

/// The kind a fixture's file name promises (`answer_submitted_…` → `answer_submitted`).
fn expected_kind(name: &str) -> WebhookKind {
    WebhookKind::ALL
        .iter()
        .copied()
        .filter(|kind| name.starts_with(&format!("{}_", kind.as_str())))
        .max_by_key(|kind| kind.as_str().len())
        .unwrap_or_else(|| panic!("{name}: file name does not start with a kind"))
}

#[test]
fn every_fixture_parses_as_its_kind_and_keeps_everything() {
    for path in common::fixtures("webhooks") {
        let name = common::name(&path);
        let bytes = fs::read(&path).unwrap();
        let event = parse_webhook(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(event.kind(), expected_kind(&name), "{name}");

        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let out = serde_json::to_value(&event).unwrap();
        common::assert_lossless_webhook(&name, event.kind(), &original, &out);

        // Canonical output parses to the same value, through both entry points.
        let again = parse_webhook(&serde_json::to_vec(&event).unwrap())
            .unwrap_or_else(|e| panic!("{name}: canonical output does not parse: {e}"));
        assert_eq!(
            again, event,
            "{name}: parse → serialize → parse changed the value"
        );
        let from_tree: WebhookEvent = serde_json::from_value(original.clone())
            .unwrap_or_else(|e| panic!("{name}: Deserialize from a Value: {e}"));
        assert_eq!(
            from_tree, event,
            "{name}: Deserialize and parse_webhook disagree"
        );
        let from_str: WebhookEvent = std::str::from_utf8(&bytes).unwrap().parse().unwrap();
        assert_eq!(from_str, event, "{name}: FromStr disagrees");
    }
}

#[test]
fn open_text_answers_are_never_changed() {
    let mut seen = 0;
    for path in common::fixtures("webhooks") {
        let original: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let is_open = original["questionType"]
            .as_str()
            .is_some_and(|t| t.eq_ignore_ascii_case("open"));
        if !is_open {
            continue;
        }
        seen += 1;
        let event = parse_webhook(&fs::read(&path).unwrap()).unwrap();
        let out = serde_json::to_value(&event).unwrap();
        assert_eq!(out["response"], original["response"], "{}", path.display());
    }
    assert!(
        seen >= 3,
        "expected several open-text fixtures, found {seen}"
    );
}

#[test]
fn snapshots() {
    insta::glob!("../fixtures/webhooks", "*.json", |path| {
        let event = parse_webhook(&fs::read(path).unwrap()).unwrap();
        // The typed reading of answers is part of what a reviewer should see change.
        let answers: Vec<String> = match &event {
            WebhookEvent::AnswerSubmitted(a) => vec![format!("{:?}", a.answer())],
            WebhookEvent::StudySubmitted(s) => s
                .questions
                .iter()
                .map(|q| format!("{:?}", q.answer()))
                .collect(),
            _ => Vec::new(),
        };
        insta::assert_json_snapshot!(serde_json::json!({
            "kind": event.kind().as_str(),
            "answers": answers,
            "canonical": event,
        }));
    });
}

#[test]
fn invalid_fixtures_fail_naming_the_field_or_position() {
    let mut failures = Vec::new();
    for path in common::fixtures("webhooks/invalid") {
        let name = common::name(&path);
        let expect = fs::read_to_string(path.with_extension("expect"))
            .unwrap_or_else(|e| panic!("{name}: needs a .expect file: {e}"));
        let expect = expect.trim();
        let bytes = fs::read(&path).unwrap();
        match parse_webhook(&bytes) {
            Ok(event) => failures.push(format!("{name}: parsed as {}", event.kind())),
            Err(err) if !err.to_string().contains(expect) => failures.push(format!(
                "{name}: error {:?} does not name {expect:?}",
                err.to_string()
            )),
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
