//! Resource bounds: huge, deep and self-nested inputs fail fast or succeed, never overflow the
//! stack, and errors stay small. (Time per byte is measured by `benches/bounds.rs`.)

use serde_json::{json, Value};
use sprig_events::webhook::Answer;
use sprig_events::{parse_batch, parse_source_event, parse_webhook, WebhookEvent};

fn answer_with(field: &str, value: Value) -> Vec<u8> {
    let mut body = json!({"id": 1, "environmentId": "e", "createdAt": "2024-05-01T10:00:00Z",
        "responseGroupUid": "3305ee6c-15f4-4a55-a478-2c5f4adb9798", "surveyId": 7,
        "question": "Anything else?", "questionType": "open", "visitorId": "v",
        "timestamp": 1714557600000i64, "eventType": "survey_response", "eventName": "surveyResponse"});
    body[field] = value;
    serde_json::to_vec(&body).unwrap()
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let depth = 100_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(parse_webhook(nested.as_bytes()).is_err());
    let in_unknown_key = format!(r#"{{"hello": {nested}}}"#);
    let err = parse_webhook(in_unknown_key.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("recursion limit"), "{err}");
    let in_traits = format!(r#"{{"type": "identify", "traits": {{"deep": {nested}}}}}"#);
    assert!(parse_source_event(in_traits.as_bytes()).is_err());
    let objects = format!("{}{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    assert!(parse_webhook(objects.as_bytes()).is_err());
}

/// The limit itself: 127 levels of arrays and objects, the payload's own object counted, read;
/// 128 are refused, in a webhook's unknown key and in a source event's part kept as text.
#[test]
fn nesting_of_127_levels_reads_and_128_is_refused() {
    let nested = |levels: usize| {
        // The payload's object, then arrays up to `levels` in all.
        let inner = levels - 1;
        format!("{}{}", "[".repeat(inner), "]".repeat(inner))
    };
    let webhook = |levels| format!(r#"{{"eventName":"somethingNew","x":{}}}"#, nested(levels));
    assert!(parse_webhook(webhook(127).as_bytes()).is_ok());
    let err = parse_webhook(webhook(128).as_bytes()).unwrap_err();
    assert!(err.to_string().contains("recursion limit"), "{err}");

    let source = |levels| format!(r#"{{"type":"page","properties":{}}}"#, nested(levels));
    let page = parse_source_event(source(127).as_bytes()).unwrap();
    assert!(serde_json::to_value(&page).is_ok());
    let err = parse_source_event(source(128).as_bytes()).unwrap_err();
    assert!(err.to_string().contains("recursion limit"), "{err}");
}

#[test]
fn a_ten_megabyte_answer_parses_whole() {
    let text = "lorem ipsum ".repeat(10 * 1024 * 1024 / 12);
    let body = answer_with("response", Value::from(text.clone()));
    let WebhookEvent::AnswerSubmitted(answer) = parse_webhook(&body).unwrap() else {
        panic!("not an answer")
    };
    assert_eq!(answer.answer(), Answer::Text(&text));
}

#[test]
fn errors_about_huge_values_stay_small() {
    let huge = "9".repeat(1024 * 1024) + "x";
    let err = parse_webhook(&answer_with("surveyId", Value::from(huge))).unwrap_err();
    assert_eq!(err.path(), Some("surveyId"));
    assert!(
        err.to_string().len() < 400,
        "{} bytes",
        err.to_string().len()
    );
}

#[test]
fn stringified_json_is_decoded_one_level_only() {
    // customMetadata holding a string holding a string … holding an object, 16 levels deep
    // (each level doubles the escapes, so the body is already 500 KB).
    let mut value = Value::from(r#"{"a":1}"#);
    for _ in 0..16 {
        value = Value::from(value.to_string());
    }
    let err = parse_webhook(&answer_with("customMetadata", value)).unwrap_err();
    assert_eq!(err.path(), Some("customMetadata"), "{err}");
}

#[test]
fn a_batch_of_ten_thousand_events_parses() {
    let event = json!({"type": "track", "event": "Order Completed", "userId": "u1",
        "properties": {"total": 12.5}, "timestamp": "2024-05-01T10:00:00Z"});
    let body = json!({"batch": vec![event; 10_000]});
    let events = parse_batch(&serde_json::to_vec(&body).unwrap()).unwrap();
    assert_eq!(events.len(), 10_000);
}
