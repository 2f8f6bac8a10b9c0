//! Property tests: generated payloads in every quirky form the wire allows.
//!
//! - Webhooks of every kind, with ids as numbers or numeric strings, JSON fields real or
//!   stringified, optional fields null or absent, and unknown keys: each parses as its kind,
//!   keeps every key, and parses again from its canonical form to the same value.
//! - Source events of every call type with every shape of ids, traits, event names and
//!   integrations: each routes as the reference table says (an independent model below).

mod common;

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use sprig_events::destination::{route, Route};
use sprig_events::{parse_source_event, parse_webhook, WebhookKind};

const UUID: &str = "3305ee6c-15f4-4a55-a478-2c5f4adb9798";

/// A JSON value for unknown keys: small, any shape.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// An id as Sprig may send it: a number or its digits in a string.
fn id() -> impl Strategy<Value = Value> {
    (0u64..10_000_000, any::<bool>()).prop_map(|(n, as_text)| {
        if as_text {
            Value::from(n.to_string())
        } else {
            Value::from(n)
        }
    })
}

/// A JSON object, real or stringified.
fn object_field() -> impl Strategy<Value = Value> {
    (
        prop::collection::btree_map("[a-z_]{1,8}", "[ -~]{0,10}", 0..4),
        any::<bool>(),
    )
        .prop_map(|(map, stringified)| {
            let object = Value::Object(map.into_iter().map(|(k, v)| (k, Value::from(v))).collect());
            if stringified {
                Value::from(object.to_string())
            } else {
                object
            }
        })
}

/// Optional text as it comes: absent, null, empty or a value.
fn optional_text() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        Just(Some(Value::from(""))),
        "[ -~]{1,16}".prop_map(|s| Some(Value::from(s))),
    ]
}

fn epoch_ms() -> impl Strategy<Value = Value> {
    (1_500_000_000_000i64..1_900_000_000_000, any::<bool>()).prop_map(|(ms, as_text)| {
        if as_text {
            Value::from(ms.to_string())
        } else {
            Value::from(ms)
        }
    })
}

/// A response fitting its question type, in one of the forms the wire allows.
fn answer() -> impl Strategy<Value = (String, Option<Value>, Option<Value>)> {
    prop_oneof![
        "[ -~]{0,20}".prop_map(|t| ("open".to_owned(), Some(Value::from(t)), None)),
        (0u8..=10, any::<bool>()).prop_map(|(n, s)| (
            "nps".to_owned(),
            Some(if s {
                Value::from(n.to_string())
            } else {
                Value::from(n)
            }),
            None
        )),
        (1u8..=5).prop_map(|n| ("likert".to_owned(), Some(Value::from(n)), None)),
        ("[A-Za-z ]{1,10}", 0u32..6).prop_map(|(label, i)| (
            "multiplechoice".to_owned(),
            Some(Value::from(label)),
            Some(Value::from(i))
        )),
        (prop::collection::vec("[A-Za-z]{1,8}", 1..4), any::<bool>()).prop_map(|(labels, s)| {
            let indexes: Vec<usize> = (0..labels.len()).collect();
            let list = json!(labels);
            (
                "multipleselect".to_owned(),
                Some(if s {
                    Value::from(list.to_string())
                } else {
                    list
                }),
                Some(if s {
                    Value::from(json!(indexes).to_string())
                } else {
                    json!(indexes)
                }),
            )
        }),
        Just((
            "consentlegal".to_owned(),
            Some(json!({"submitted": true})),
            None
        )),
        Just((
            "recordedtask".to_owned(),
            Some(Value::from(r#"{"taskStatus":"given.up"}"#)),
            None
        )),
        Just(("texturlprompt".to_owned(), None, None)),
        any_json().prop_map(|v| ("ranking".to_owned(), Some(v), None)),
    ]
}

/// A webhook of `kind` with quirks, plus unknown keys.
fn webhook() -> impl Strategy<Value = (WebhookKind, Value)> {
    let common = (
        id(),
        id(),
        epoch_ms(),
        object_field(),
        optional_text(),
        prop::collection::btree_map("x_[a-z]{1,6}", any_json(), 0..3),
    );
    (0usize..7, common, answer()).prop_map(
        |(which, (id1, id2, ms, metadata, email, unknown), (question_type, response, indexes))| {
            let mut body = match which {
                0 => json!({"id": id1, "environmentId": "env", "createdAt": "2024-05-01T10:00:00.5+02:00",
                    "responseGroupUid": UUID, "surveyId": id2, "question": "Q?", "questionType": question_type,
                    "visitorId": "v", "timestamp": ms, "eventType": "survey_response", "eventName": "surveyResponse",
                    "customMetadata": metadata}),
                1 => json!({"visitorId": "v", "surveyId": id2, "timestamp": ms, "environmentId": "",
                    "eventDate": "2024-05-01T10:00:00Z", "responseGroupUid": UUID, "productId": id1,
                    "eventName": "surveySubmitted", "action": "completed", "eventType": "product_message",
                    "questions": [{"question": "Q?", "response": response.clone().unwrap_or(Value::Null), "order": id1}]}),
                2 | 3 => json!({"visitorId": "v", "surveyId": id2, "timestamp": ms, "environmentId": "e",
                    "eventDate": "2024-05-01T10:00:00.123Z", "responseGroupUid": UUID, "platform": "web",
                    "action": if which == 2 { "sent" } else { "seen" }, "teamId": id1,
                    "eventType": "product_message", "customMetadata": metadata}),
                4 => json!({"surveyId": id2, "status": "PAUSED", "oldStatus": "IN_PROGRESS", "environmentId": "e",
                    "eventName": "surveyStatusChange", "eventType": "product_message", "productId": id1,
                    "questions": [{"question": "Q?", "questionTypeId": "nps"}, {"question": "R?", "questionTypeId": 3}]}),
                5 => json!({"themename": "Pricing", "updatedAt": "2024-05-01T10:00:00Z", "productId": id1,
                    "environmentId": "e", "questionText": "Q?", "questionType": "open"}),
                _ => json!({"id": id1, "environmentId": "abc123", "surveyId": id2, "surveyName": "TEST_SURVEY", "eventType": "TEST"}),
            };
            let object = body.as_object_mut().expect("an object");
            if which == 0 {
                if let Some(response) = response {
                    object.insert("response".into(), response);
                }
                if let Some(indexes) = indexes {
                    object.insert("selectedIndexes".into(), indexes);
                }
            }
            if which != 6 {
                if let Some(email) = email {
                    object.insert("email".into(), email);
                }
            }
            for (key, value) in unknown {
                object.insert(key, value);
            }
            let kind = WebhookKind::ALL[which];
            (kind, body)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn webhooks_parse_keep_every_key_and_round_trip((kind, body) in webhook()) {
        let bytes = serde_json::to_vec(&body).unwrap();
        let event = parse_webhook(&bytes).map_err(|e| TestCaseError::fail(format!("{e}: {body}")))?;
        prop_assert_eq!(event.kind(), kind);
        let out = serde_json::to_value(&event).unwrap();
        common::assert_lossless("generated", &body, &out);
        let again = parse_webhook(&serde_json::to_vec(&out).unwrap()).unwrap();
        prop_assert_eq!(again, event);
    }
}

/// An id as Customer.io may send it.
fn source_id() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        Just(Some(Value::from(""))),
        "[a-z0-9]{1,8}".prop_map(|s| Some(Value::from(s))),
        (1u32..100_000).prop_map(|n| Some(Value::from(n))),
    ]
}

fn traits() -> impl Strategy<Value = Option<Value>> {
    let email = prop_oneof![
        Just(None),
        Just(Some(Value::from(""))),
        Just(Some(Value::Null)),
        Just(Some(Value::from(0))),
        Just(Some(Value::from("a@b.c"))),
        Just(Some(Value::from(true))),
    ];
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        Just(Some(json!({}))),
        Just(Some(json!("not an object"))),
        (email, prop::option::of("[a-z]{1,8}")).prop_map(|(email, plan)| {
            let mut traits = Map::new();
            if let Some(email) = email {
                traits.insert("email".into(), email);
            }
            if let Some(plan) = plan {
                traits.insert("plan".into(), Value::from(plan));
            }
            Some(Value::Object(traits))
        }),
    ]
}

fn integrations() -> impl Strategy<Value = Option<Value>> {
    let setting = prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        Just(Some(Value::from(true))),
        Just(Some(Value::from(false))),
        Just(Some(json!({"option": 1}))),
    ];
    (setting.clone(), setting, any::<bool>()).prop_map(|(own, all, present)| {
        present.then(|| {
            let mut map = Map::new();
            if let Some(own) = own {
                map.insert("sprig-web".into(), own);
            }
            if let Some(all) = all {
                map.insert("All".into(), all);
            }
            Value::Object(map)
        })
    })
}

fn source_event() -> impl Strategy<Value = Value> {
    let call = prop_oneof![
        Just("identify"),
        Just("track"),
        Just("alias"),
        Just("page"),
        Just("screen"),
        Just("group")
    ];
    let event_name = prop_oneof![
        Just(None),
        Just(Some("")),
        Just(Some("Signed Out")),
        Just(Some("signed out")),
        Just(Some("Order Completed")),
    ];
    let properties = prop_oneof![
        Just(None),
        Just(Some(json!({}))),
        Just(Some(json!({"a": 1}))),
        Just(Some(json!([1])))
    ];
    (
        call,
        source_id(),
        source_id(),
        traits(),
        event_name,
        properties,
        integrations(),
    )
        .prop_map(
            |(call, user_id, anonymous_id, traits, event, properties, integrations)| {
                let mut body = Map::new();
                body.insert("type".into(), Value::from(call));
                let mut put = |key: &str, value: Option<Value>| {
                    if let Some(value) = value {
                        body.insert(key.into(), value);
                    }
                };
                put("userId", user_id);
                put("anonymousId", anonymous_id);
                put("integrations", integrations);
                match call {
                    "identify" => put("traits", traits),
                    "track" => {
                        put("event", event.map(Value::from));
                        put("properties", properties);
                    }
                    "alias" => put("previousId", Some(Value::from("old"))),
                    _ => {}
                }
                Value::Object(body)
            },
        )
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// The reference table, written out as plainly as possible: what Sprig should receive.
fn expected(event: &Value) -> Value {
    let get = |key: &str| event.get(key).filter(|v| !v.is_null());
    let id = |key: &str| match get(key) {
        Some(Value::String(s)) if !s.is_empty() => Some(Value::from(s.as_str())),
        Some(Value::Number(n)) => Some(Value::from(n.to_string())),
        _ => None,
    };
    if let Some(integrations) = get("integrations") {
        let setting = integrations
            .get("sprig-web")
            .filter(|v| !v.is_null())
            .or_else(|| integrations.get("All").filter(|v| !v.is_null()));
        if setting == Some(&Value::Bool(false)) {
            return json!("disabled");
        }
    }
    let mut args = Map::new();
    if let Some(user_id) = id("userId") {
        args.insert("userId".into(), user_id);
    }
    if let Some(anonymous_id) = id("anonymousId") {
        args.insert("anonymousId".into(), anonymous_id);
    }
    match event["type"].as_str() {
        Some("identify") => {
            let traits = get("traits");
            if traits.is_some_and(|t| !t.is_object()) {
                return json!("skipped");
            }
            if args.is_empty() && traits.is_none() {
                return json!("skipped");
            }
            if let Some(Value::Object(traits)) = traits {
                if !traits.is_empty() {
                    let mut attributes = traits.clone();
                    if traits.get("email").is_some_and(truthy) {
                        let email = attributes.remove("email").unwrap();
                        attributes.insert("!email".into(), email);
                    }
                    args.insert("attributes".into(), Value::Object(attributes));
                }
            }
            json!(["identifyAndSetAttributes", args])
        }
        Some("track") if event.get("event") == Some(&json!("Signed Out")) => json!(["logoutUser"]),
        Some("track") => {
            let properties = get("properties");
            if properties.is_some_and(|p| !p.is_object()) {
                return json!("skipped");
            }
            match event
                .get("event")
                .and_then(Value::as_str)
                .filter(|e| !e.is_empty())
            {
                None => json!("skipped"),
                Some(name) => {
                    let mut call = Map::new();
                    call.insert("eventName".into(), Value::from(name));
                    call.extend(args);
                    if let Some(properties) = properties {
                        call.insert("properties".into(), properties.clone());
                    }
                    json!(["identifyAndTrack", call])
                }
            }
        }
        Some("alias") if args.is_empty() => json!("skipped"),
        Some("alias") => json!(["identifyAndSetAttributes", args]),
        _ => json!("no_action"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn source_events_route_as_the_reference_table_says(body in source_event()) {
        let event = parse_source_event(body.to_string().as_bytes()).unwrap();
        let got = match route(&event) {
            Route::Call { call, .. } => serde_json::to_value(call).unwrap(),
            Route::Skipped { .. } => json!("skipped"),
            Route::Disabled => json!("disabled"),
            Route::NoAction => json!("no_action"),
            other => panic!("{other:?}"),
        };
        prop_assert_eq!(got, expected(&body), "{}", body);
    }
}
