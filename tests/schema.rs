//! Every fixture validates against the JSON Schema of its kind (feature `schemars`).
#![cfg(feature = "schemars")]

mod common;

use std::fs;

use serde_json::Value;
use sprig_events::webhook::json_schema;
use sprig_events::{SourceEvent, WebhookKind};

fn kind_of(name: &str) -> WebhookKind {
    WebhookKind::ALL
        .iter()
        .copied()
        .filter(|kind| name.starts_with(&format!("{}_", kind.as_str())))
        .max_by_key(|kind| kind.as_str().len())
        .unwrap_or_else(|| panic!("{name}"))
}

fn check(schema: &Value, instance: &Value) -> Result<(), String> {
    let validator = jsonschema::validator_for(schema).map_err(|e| format!("bad schema: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

#[test]
fn every_webhook_fixture_fits_its_schema() {
    let mut failures = Vec::new();
    for path in common::fixtures("webhooks") {
        let name = common::name(&path);
        let schema = serde_json::to_value(json_schema(kind_of(&name))).unwrap();
        let instance: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        if let Err(e) = check(&schema, &instance) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_source_fixture_fits_the_source_event_schema() {
    let schema = serde_json::to_value(schemars::schema_for!(SourceEvent)).unwrap();
    let mut failures = Vec::new();
    for path in common::fixtures("source") {
        let name = common::name(&path);
        let instance: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let events = match instance.get("batch").and_then(Value::as_array) {
            Some(batch) => batch.clone(),
            None => vec![instance],
        };
        for event in events {
            if let Err(e) = check(&schema, &event) {
                failures.push(format!("{name}: {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_schema_refuses_what_the_parser_refuses() {
    let schema = serde_json::to_value(json_schema(WebhookKind::Test)).unwrap();
    let missing: Value = serde_json::json!({"id": 1, "environmentId": "e", "eventType": "TEST"});
    assert!(check(&schema, &missing).is_err());
    let bad: Value =
        serde_json::json!({"id": "x", "environmentId": "e", "surveyId": 1, "eventType": "TEST"});
    assert!(check(&schema, &bad).is_err());
}
