//! The strict lossless comparison of `common`: it passes the canonical form's documented changes
//! and nothing else, and the duplicate-key check finds a repeated key.

mod common;

use common::{js_number_to_string, lossless_source, lossless_webhook, no_duplicate_keys};
use serde_json::{json, Value};
use sprig_events::WebhookKind;

fn answer() -> Value {
    json!({"id": 1, "environmentId": "env", "createdAt": "2024-05-01T10:00:00Z",
        "responseGroupUid": "3305ee6c-15f4-4a55-a478-2c5f4adb9798", "surveyId": 7,
        "question": "Q?", "questionType": "open", "response": "9", "visitorId": "v",
        "timestamp": 1714557600000u64, "eventType": "survey_response",
        "eventName": "surveyResponse", "surveyName": "S"})
}

fn with(mut value: Value, key: &str, field: Value) -> Value {
    value[key] = field;
    value
}

fn without(mut value: Value, key: &str) -> Value {
    value.as_object_mut().unwrap().remove(key);
    value
}

fn fails(kind: WebhookKind, original: &Value, out: &Value) {
    assert!(
        lossless_webhook(kind, original, out).is_err(),
        "passed:\n{original}\n{out}"
    );
}

#[test]
fn the_documented_changes_pass() {
    let original = json!({"id": "1", "environmentId": "env",
        "createdAt": "2024-05-01T12:00:00.5+02:00",
        "responseGroupUid": "3305EE6C-15F4-4A55-A478-2C5F4ADB9798", "surveyId": 7.0,
        "question": "Q?", "questionType": "NPS", "response": "9", "visitorId": "v",
        "userId": 42, "anonymousId": 1e21, "oldVisitorId": "0",
        "timestamp": "1714557600000", "eventType": "survey_response",
        "customMetadata": "{\"a\":1.5}", "attributes": "", "selectedIndexes": "null",
        "eventProperties": "[]", "x_text": "{\"kept\":true}"});
    let out = json!({"id": 1, "environmentId": "env", "createdAt": "2024-05-01T10:00:00.500Z",
        "responseGroupUid": "3305ee6c-15f4-4a55-a478-2c5f4adb9798", "surveyId": 7,
        "question": "Q?", "questionType": "NPS", "response": 9, "visitorId": "v",
        "userId": "42", "anonymousId": "1e+21", "oldVisitorId": 0,
        "timestamp": 1714557600000u64, "eventType": "survey_response",
        "customMetadata": {"a": 1.5}, "eventProperties": [], "x_text": "{\"kept\":true}"});
    lossless_webhook(WebhookKind::AnswerSubmitted, &original, &out).unwrap();

    let original = json!({"visitorId": "v", "surveyId": "7", "timestamp": 5.0,
        "environmentId": "", "eventDate": "2024-05-01T10:00:00Z", "responseGroupUid": "12",
        "eventName": "surveySubmitted", "eventType": "product_message",
        "questions": [{"question": "A", "order": "1", "questionType": "likert", "response": "4"},
                      {"question": "B", "order": 2.0, "response": "4"},
                      {"question": "C", "questionType": "matrix", "response": ""}]});
    let out = json!({"visitorId": "v", "surveyId": 7, "timestamp": 5,
        "environmentId": "", "eventDate": "2024-05-01T10:00:00Z", "responseGroupUid": 12,
        "eventName": "surveySubmitted", "eventType": "product_message",
        "questions": [{"question": "A", "order": 1, "questionType": "likert", "response": 4},
                      {"question": "B", "order": 2, "response": "4"},
                      {"question": "C", "questionType": "matrix"}]});
    lossless_webhook(WebhookKind::StudySubmitted, &original, &out).unwrap();

    let original = json!({"type": "track", "event": 1.5, "userId": true, "anonymousId": -0.0,
        "timestamp": "2024-05-01T10:00:00+0000", "context": {"screen": {"width": "100"}}});
    let out = json!({"type": "track", "event": "1.5", "userId": "true", "anonymousId": "0",
        "timestamp": "2024-05-01T10:00:00+0000", "context": {"screen": {"width": "100"}}});
    lossless_source(&original, &out).unwrap();
}

#[test]
fn fails_on_an_unknown_key_whose_string_was_decoded() {
    let original = with(answer(), "x_meta", json!("{\"a\":1}"));
    let out = with(answer(), "x_meta", json!({"a": 1}));
    fails(WebhookKind::AnswerSubmitted, &original, &out);
    // A key one kind decodes is an unknown key of another.
    let ping = json!({"id": 1, "environmentId": "e", "surveyId": 1, "eventType": "TEST",
        "customMetadata": "{}", "timestamp": "5"});
    fails(
        WebhookKind::Test,
        &ping,
        &with(ping.clone(), "customMetadata", json!({})),
    );
    fails(
        WebhookKind::Test,
        &ping,
        &with(ping.clone(), "timestamp", json!(5)),
    );
    // In a source event, nothing but the ids is decoded.
    let track = json!({"type": "track", "event": "A", "properties": "{}"});
    assert!(lossless_source(&track, &with(track.clone(), "properties", json!({}))).is_err());
    let page = json!({"type": "page", "event": 5});
    assert!(lossless_source(&page, &with(page.clone(), "event", json!("5"))).is_err());
}

#[test]
fn fails_on_an_integer_past_2_pow_53_that_lost_precision() {
    let big = 9_007_199_254_740_993u64;
    let original = with(answer(), "x_big", json!(big));
    let out = with(answer(), "x_big", json!(big - 1));
    fails(WebhookKind::AnswerSubmitted, &original, &out);
    // Through a float, with the same value as an f64.
    fails(
        WebhookKind::AnswerSubmitted,
        &original,
        &with(answer(), "x_big", json!(big as f64)),
    );
    // An id, too.
    fails(
        WebhookKind::AnswerSubmitted,
        &with(answer(), "id", json!(big)),
        &with(answer(), "id", json!(big - 1)),
    );
    let source = json!({"type": "identify", "traits": {"n": big}});
    let lost = json!({"type": "identify", "traits": {"n": big - 1}});
    assert!(lossless_source(&source, &lost).is_err());
}

#[test]
fn fails_on_a_dropped_key() {
    fails(
        WebhookKind::AnswerSubmitted,
        &answer(),
        &without(answer(), "surveyName"),
    );
    // Only `""` and `"null"` may vanish, and only where JSON in a string is read.
    fails(
        WebhookKind::AnswerSubmitted,
        &with(answer(), "customMetadata", Value::Null),
        &answer(),
    );
    fails(
        WebhookKind::AnswerSubmitted,
        &with(answer(), "x_empty", json!("")),
        &answer(),
    );
    let source = json!({"type": "identify", "userId": "u", "context": {"ip": null}});
    assert!(lossless_source(
        &source,
        &json!({"type": "identify", "userId": "u", "context": {}})
    )
    .is_err());
}

#[test]
fn fails_on_an_added_key() {
    fails(
        WebhookKind::AnswerSubmitted,
        &answer(),
        &with(answer(), "email", Value::Null),
    );
    let source = json!({"type": "identify", "userId": "u"});
    assert!(lossless_source(&source, &with(source.clone(), "traits", json!({}))).is_err());
}

#[test]
fn fails_on_a_changed_open_text_answer() {
    // `open`: "9" is the respondent's text, not a score.
    fails(
        WebhookKind::AnswerSubmitted,
        &answer(),
        &with(answer(), "response", json!(9)),
    );
    let json_text = with(answer(), "response", json!("[\"a\"]"));
    fails(
        WebhookKind::AnswerSubmitted,
        &json_text,
        &with(answer(), "response", json!(["a"])),
    );
    let empty = with(answer(), "response", json!(""));
    fails(
        WebhookKind::AnswerSubmitted,
        &empty,
        &without(answer(), "response"),
    );
    // An unknown question type is kept as it came, too.
    let ranking = with(
        with(answer(), "questionType", json!("ranking")),
        "response",
        json!("7"),
    );
    fails(
        WebhookKind::AnswerSubmitted,
        &ranking,
        &with(ranking.clone(), "response", json!(7)),
    );
}

#[test]
fn fails_on_other_changes() {
    // A number of another kind, a time in another zone, a UUID in another form.
    fails(
        WebhookKind::AnswerSubmitted,
        &answer(),
        &with(answer(), "surveyId", json!(7.0)),
    );
    fails(
        WebhookKind::AnswerSubmitted,
        &answer(),
        &with(answer(), "createdAt", json!("2024-05-01T12:00:00+02:00")),
    );
    fails(
        WebhookKind::AnswerSubmitted,
        &with(
            answer(),
            "responseGroupUid",
            json!("3305ee6c15f44a55a4782c5f4adb9798"),
        ),
        &answer(),
    );
    // An id's text other than JavaScript's.
    let source = json!({"type": "identify", "userId": 1.0});
    assert!(lossless_source(&source, &json!({"type": "identify", "userId": "1.0"})).is_err());
    assert!(lossless_source(&source, &json!({"type": "identify", "userId": "1"})).is_ok());
    // Context and timestamps are written back exactly.
    let source = json!({"type": "page", "timestamp": "2024-05-01T10:00:00+02:00",
        "context": {"screen": {"width": "100"}}});
    let moved = with(source.clone(), "timestamp", json!("2024-05-01T08:00:00Z"));
    assert!(lossless_source(&source, &moved).is_err());
    let typed = with(source.clone(), "context", json!({"screen": {"width": 100}}));
    assert!(lossless_source(&source, &typed).is_err());
}

#[test]
fn javascript_number_text() {
    for (v, text) in [
        (42.0, "42"),
        (-42.0, "-42"),
        (1.5, "1.5"),
        (-0.0, "0"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (123456789012345680000.0, "123456789012345680000"),
        (0.000001, "0.000001"),
        (1.5e-7, "1.5e-7"),
        (1e-7, "1e-7"),
        (12345678901234567890.0, "12345678901234567000"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (0.1, "0.1"),
        (100.0, "100"),
    ] {
        assert_eq!(js_number_to_string(v), text, "{v}");
    }
}

#[test]
fn duplicate_keys_are_found_at_any_depth_and_after_unescaping() {
    assert!(no_duplicate_keys(r#"{"a":1,"b":{"a":2},"c":[{"a":1}]}"#).is_ok());
    for text in [
        r#"{"a":1,"a":2}"#,
        r#"{"a":{"b":1,"c":2,"b":3}}"#,
        r#"[1,{"x":[{"y":1,"y":1}]}]"#,
        r#"{"a":1,"\u0061":2}"#,
    ] {
        assert!(no_duplicate_keys(text).is_err(), "{text}");
    }
    assert!(no_duplicate_keys(r#"{"a":1} x"#).is_err());
}
