//! Bad input: errors that name the field or the position, and never a panic.

use sprig_events::{parse_webhook, Error, WebhookEvent, WebhookKind};

const ANSWER: &str = r#"{
  "id": 234211,
  "environmentId": "ENVIRONMENT_ID",
  "createdAt": "2022-08-16T17:57:33.603Z",
  "responseGroupUid": "3305ee6c-15f4-4a55-a478-2c5f4adb9798",
  "response": "9",
  "surveyId": 11220,
  "question": "How likely are you to recommend us?",
  "questionType": "nps",
  "visitorId": "ba050493-0292-4099-9262-8e18c7406e81",
  "timestamp": 1660672653789,
  "eventType": "survey_response",
  "eventName": "surveyResponse"
}"#;

fn with(field: &str, value: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(ANSWER).unwrap();
    v[field] = serde_json::from_str(value).unwrap();
    v.to_string()
}

#[test]
fn the_base_payload_is_valid() {
    let event = parse_webhook(ANSWER.as_bytes()).unwrap();
    assert_eq!(event.kind(), WebhookKind::AnswerSubmitted);
}

#[test]
fn a_bad_value_names_its_field() {
    let cases = [
        ("surveyId", r#""abc""#),
        ("surveyId", "-1"),
        ("surveyId", "1.5"),
        ("id", "true"),
        ("createdAt", r#""16/08/2022""#),
        ("timestamp", r#""yesterday""#),
        ("responseGroupUid", r#""not-a-uuid""#),
        ("response", r#""great""#),
        ("response", "11"),
        ("selectedIndexes", r#"{"a":1}"#),
        ("customMetadata", r#""{not json}""#),
        ("attributes", "[1,2]"),
        ("questionType", "7"),
        ("eventType", "null"),
    ];
    for (field, value) in cases {
        let body = with(field, value);
        let err = parse_webhook(body.as_bytes()).unwrap_err();
        assert_eq!(err.path(), Some(field), "{field} = {value}: {err}");
        assert!(err.to_string().starts_with(&format!("{field}: ")), "{err}");
    }
}

#[test]
fn nested_paths_are_named_in_full() {
    let body = r#"{"visitorId":"v","surveyId":1,"timestamp":1,"environmentId":"e",
        "eventDate":"2024-01-01T00:00:00Z","responseGroupUid":"3305ee6c-15f4-4a55-a478-2c5f4adb9798",
        "eventName":"surveySubmitted","eventType":"product_message",
        "questions":[{"question":"a","response":"fine","order":1},
                     {"question":"b","response":"x","questionType":"nps","order":2}]}"#;
    let err = parse_webhook(body.as_bytes()).unwrap_err();
    assert_eq!(err.path(), Some("questions[1].response"), "{err}");
    assert!(err.to_string().contains("questions[1].response: "), "{err}");
}

#[test]
fn a_missing_field_is_named() {
    let mut v: serde_json::Value = serde_json::from_str(ANSWER).unwrap();
    v.as_object_mut().unwrap().remove("surveyId");
    let err = parse_webhook(v.to_string().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("surveyId"), "{err}");
}

#[test]
fn broken_json_gives_line_and_column() {
    let body = ANSWER.replace(r#""visitorId": "ba050493"#, r#""visitorId": ba050493"#);
    match parse_webhook(body.as_bytes()).unwrap_err() {
        Error::Syntax { line, column, .. } => assert_eq!((line, column), (10, 16)),
        other => panic!("expected a syntax error, got {other:?}"),
    }
    let err = parse_webhook(b"").unwrap_err();
    assert!(err.to_string().contains("line 1 column 0"), "{err}");
    let err = parse_webhook(format!("{ANSWER} {{}}").as_bytes()).unwrap_err();
    assert!(matches!(err, Error::Syntax { .. }), "{err}");
}

#[test]
fn a_recognised_kind_with_a_bad_field_is_never_unknown() {
    // The guess and the exact check agree on the kind; the error comes from that kind.
    let body = with("surveyId", r#""abc""#);
    assert!(parse_webhook(body.as_bytes()).is_err());
    let tree: serde_json::Value = serde_json::from_str(&body).unwrap();
    let err = serde_json::from_value::<WebhookEvent>(tree).unwrap_err();
    assert!(err.to_string().contains("surveyId"), "{err}");
}

#[test]
fn no_input_panics() {
    // Every prefix of every shape of payload, and some noise: errors, never a panic.
    let bodies = [
        ANSWER.to_owned(),
        with("response", r#""[1,2""#),
        "[]".into(),
        "{}".into(),
    ];
    for body in &bodies {
        for end in 0..=body.len() {
            if body.is_char_boundary(end) {
                let _ = parse_webhook(&body.as_bytes()[..end]);
            }
        }
    }
    for noise in [
        &b"\xff\xfe"[..],
        b"{\"eventType\":\"TEST\"",
        b"{\"eventName\":\"\\ud800\"}",
        b"nul",
    ] {
        let _ = parse_webhook(noise);
    }
}

#[test]
fn error_is_a_std_error_that_can_cross_threads() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<Error>();
}

#[test]
fn stringified_null_or_empty_answers_are_no_answer_and_round_trip() {
    for (question_type, response) in [
        ("matrix", r#""null""#),
        ("consentlegal", r#""null""#),
        ("multipleselect", r#""""#),
        ("nps", r#""""#),
    ] {
        let mut v: serde_json::Value = serde_json::from_str(ANSWER).unwrap();
        v["questionType"] = question_type.into();
        v["response"] = serde_json::from_str(response).unwrap();
        let event = parse_webhook(v.to_string().as_bytes()).unwrap();
        let WebhookEvent::AnswerSubmitted(answer) = &event else {
            panic!("{question_type}")
        };
        assert_eq!(answer.response(), None, "{question_type} {response}");
        let again = parse_webhook(&serde_json::to_vec(&event).unwrap()).unwrap();
        assert_eq!(again, event, "{question_type} {response}");
    }
}

#[test]
fn empty_stringified_fields_are_absent() {
    for field in [
        "customMetadata",
        "attributes",
        "eventProperties",
        "selectedIndexes",
    ] {
        let body = with(field, r#""""#);
        let event = parse_webhook(body.as_bytes()).unwrap_or_else(|e| panic!("{field}: {e}"));
        assert!(
            serde_json::to_value(&event).unwrap().get(field).is_none(),
            "{field}"
        );
    }
}

#[test]
fn empty_discriminators_do_not_make_a_known_payload_unknown() {
    let body = with("eventName", r#""""#);
    assert_eq!(
        parse_webhook(body.as_bytes()).unwrap().kind(),
        WebhookKind::AnswerSubmitted
    );
    let theme = r#"{"themename":"Pricing","updatedAt":"2024-05-01T10:00:00Z","environmentId":"e",
        "questionText":"Q?","questionType":"open","eventType":""}"#;
    assert_eq!(
        parse_webhook(theme.as_bytes()).unwrap().kind(),
        WebhookKind::ThemeIdentified
    );
}

#[test]
fn messages_name_no_internal_types() {
    for body in [
        &b"5"[..],
        b"[]",
        br#"{"eventType":"TEST","id":[]}"#,
        br#"{"eventType":"TEST","id":1,"environmentId":"e","surveyId":1,"x":1,"questions":5}"#,
    ] {
        if let Err(err) = parse_webhook(body) {
            let text = err.to_string();
            assert!(!text.contains("Known") && !text.contains("Probe"), "{text}");
        }
    }
    for body in [
        &b"5"[..],
        b"[]",
        br#"{"batch":[5]}"#,
        br#"{"type":"identify","context":[]}"#,
    ] {
        for text in [
            sprig_events::parse_source_event(body)
                .err()
                .map(|e| e.to_string()),
            sprig_events::parse_batch(body).err().map(|e| e.to_string()),
        ]
        .into_iter()
        .flatten()
        {
            assert!(!text.contains("Known") && !text.contains("Probe"), "{text}");
        }
    }
}

#[test]
fn errors_inside_stringified_json_say_they_are_inside_the_string() {
    let err = parse_webhook(with("customMetadata", r#""{not json}""#).as_bytes()).unwrap_err();
    assert_eq!(err.path(), Some("customMetadata"));
    assert!(err.to_string().contains("of the string"), "{err}");
}
