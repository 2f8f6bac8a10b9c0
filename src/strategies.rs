//! Feature `proptest`: strategies that yield webhooks as Sprig sends them — ids as numbers or
//! numeric strings, JSON in strings, nulls, unknown keys — paired with the typed value they
//! parse to, so that you can property-test your handler.
//!
//! ```
//! use proptest::prelude::*;
//! use sprig_events::strategies;
//!
//! proptest!(|(webhook in strategies::webhook())| {
//!     // `webhook.body` is the request body, `webhook.event` what parsing it gives.
//!     let again = sprig_events::parse_webhook(&webhook.body).unwrap();
//!     prop_assert_eq!(again, webhook.event);
//! });
//! ```
//!
//! The crate's own property tests draw from these strategies too.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use crate::webhook::QuestionKind;
use crate::{parse_webhook, WebhookEvent, WebhookKind};

/// A generated webhook: its kind, the body as Sprig would send it, and the value it parses to.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Webhook {
    /// The kind the body is.
    pub kind: WebhookKind,
    /// The request body.
    pub body: Vec<u8>,
    /// The body parsed.
    pub event: WebhookEvent,
}

/// A webhook of any kind (unknown ones included), with the wire's quirks.
pub fn webhook() -> impl Strategy<Value = Webhook> {
    prop::sample::select(WebhookKind::ALL.to_vec()).prop_flat_map(webhook_of)
}

/// A webhook of `kind`, with the wire's quirks. For Answer Submitted, any question type.
pub fn webhook_of(kind: WebhookKind) -> impl Strategy<Value = Webhook> {
    (wire_body(kind), answer(None), unknown_keys()).prop_filter_map(
        "every generated body parses",
        move |(mut body, (question_type, response, indexes), unknown)| {
            if let Value::Object(object) = &mut body {
                if kind == WebhookKind::AnswerSubmitted {
                    object.insert("questionType".into(), question_type.into());
                    put(object, "response", response);
                    put(object, "selectedIndexes", indexes);
                }
                object.extend(unknown);
            }
            finish(kind, body)
        },
    )
}

/// An Answer Submitted whose question is of `question` (`None`: a type this crate does not
/// know), its answer in one of the forms the wire allows.
pub fn answer_submitted(question: Option<QuestionKind>) -> impl Strategy<Value = Webhook> {
    (
        wire_body(WebhookKind::AnswerSubmitted),
        answer(Some(question)),
        unknown_keys(),
    )
        .prop_filter_map(
            "every generated body parses",
            |(mut body, (question_type, response, indexes), unknown)| {
                if let Value::Object(object) = &mut body {
                    object.insert("questionType".into(), question_type.into());
                    put(object, "response", response);
                    put(object, "selectedIndexes", indexes);
                    object.extend(unknown);
                }
                finish(WebhookKind::AnswerSubmitted, body)
            },
        )
}

fn finish(kind: WebhookKind, body: Value) -> Option<Webhook> {
    let body = serde_json::to_vec(&body).ok()?;
    let event = parse_webhook(&body).ok()?;
    (event.kind() == kind).then_some(Webhook { kind, body, event })
}

fn put(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        object.insert(key.into(), value);
    }
}

/// An integer id as Sprig may send it: a number, its digits in a string, or with a zero
/// fraction.
fn int_id() -> impl Strategy<Value = Value> {
    (0u64..1 << 40, 0u8..3).prop_map(|(n, form)| match form {
        0 => Value::from(n),
        1 => Value::from(n.to_string()),
        _ => json!(n as f64),
    })
}

fn epoch_ms() -> impl Strategy<Value = Value> {
    (1_500_000_000_000i64..1_900_000_000_000, any::<bool>()).prop_map(|(ms, text)| {
        if text {
            Value::from(ms.to_string())
        } else {
            Value::from(ms)
        }
    })
}

fn text_id() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        "[a-z0-9_]{1,12}".prop_map(|s| Some(Value::from(s))),
        (0u32..1_000_000).prop_map(|n| Some(Value::from(n))),
    ]
}

/// An object as it may come: real, in a string, `"{}"`, `""`, `"null"` or null.
fn json_in_string() -> impl Strategy<Value = Option<Value>> {
    let object = prop::collection::btree_map("[a-z]{1,8}", "[ -~]{0,12}", 0..3)
        .prop_map(|map| Value::Object(map.into_iter().map(|(k, v)| (k, v.into())).collect()));
    (object, 0u8..6).prop_map(|(object, form)| match form {
        0 => None,
        1 => Some(Value::Null),
        2 => Some(Value::from("")),
        3 => Some(Value::from("null")),
        4 => Some(Value::from(object.to_string())),
        _ => Some(object),
    })
}

/// Unknown keys, prefixed so that no model knows them.
fn unknown_keys() -> impl Strategy<Value = Map<String, Value>> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    prop::collection::btree_map("x_\\PC{1,8}", leaf, 0..3).prop_map(|map| map.into_iter().collect())
}

/// The fields of a payload of `kind` but its answer.
fn wire_body(kind: WebhookKind) -> impl Strategy<Value = Value> {
    (
        (int_id(), int_id(), epoch_ms()),
        (text_id(), text_id()),
        (json_in_string(), json_in_string()),
        prop::option::of(prop_oneof![
            Just("web"),
            Just("link"),
            Just("ios"),
            Just("kiosk")
        ]),
    )
        .prop_map(
            move |((id, survey, ms), (user_id, anonymous_id), (metadata, attributes), platform)| {
                let at = "2024-05-01T10:00:00.123+02:00";
                let uid = "3305ee6c-15f4-4a55-a478-2c5f4adb9798";
                let mut body = match kind {
                    WebhookKind::AnswerSubmitted => json!({"id": id, "environmentId": "env",
                    "createdAt": at, "responseGroupUid": uid, "surveyId": survey,
                    "question": "Q?", "visitorId": "v", "timestamp": ms,
                    "eventType": "survey_response", "eventName": "surveyResponse"}),
                    WebhookKind::StudySubmitted => json!({"visitorId": "v", "surveyId": survey,
                    "timestamp": ms, "environmentId": "", "eventDate": at, "responseGroupUid": uid,
                    "eventName": "surveySubmitted", "action": "completed",
                    "eventType": "product_message",
                    "questions": [{"question": "Q?", "response": "fine", "order": id}]}),
                    WebhookKind::StudySent | WebhookKind::StudySeen => json!({"visitorId": "v",
                    "surveyId": survey, "timestamp": ms, "environmentId": "e", "eventDate": at,
                    "responseGroupUid": uid, "teamId": id, "eventType": "product_message",
                    "action": if kind == WebhookKind::StudySent { "sent" } else { "seen" }}),
                    WebhookKind::StudyStatusChanged => {
                        json!({"surveyId": survey, "status": "PAUSED",
                    "oldStatus": "IN_PROGRESS", "environmentId": "e", "productId": id,
                    "eventName": "surveyStatusChange", "eventType": "product_message",
                    "questions": [{"question": "Q?", "questionTypeId": "nps"}]})
                    }
                    WebhookKind::ThemeIdentified => json!({"themename": "Pricing", "updatedAt": at,
                    "productId": id, "environmentId": "e", "questionText": "Q?",
                    "questionType": "open"}),
                    WebhookKind::Test => json!({"id": id, "environmentId": "abc123",
                    "surveyId": survey, "surveyName": "TEST_SURVEY", "eventType": "TEST"}),
                    _ => json!({"eventName": "somethingNew", "surveyId": survey, "timestamp": ms}),
                };
                if let Value::Object(object) = &mut body {
                    if matches!(
                        kind,
                        WebhookKind::AnswerSubmitted
                            | WebhookKind::StudySent
                            | WebhookKind::StudySeen
                    ) {
                        put(object, "userId", user_id);
                        put(object, "anonymousId", anonymous_id);
                        put(object, "customMetadata", metadata);
                        put(object, "attributes", attributes);
                        put(object, "platform", platform.map(Value::from));
                    }
                }
                body
            },
        )
}

/// `(questionType, response, selectedIndexes)` for a question of `only` (any when `None`; a
/// type this crate does not know when `Some(None)`), in the forms the wire allows.
fn answer(
    only: Option<Option<QuestionKind>>,
) -> impl Strategy<Value = (String, Option<Value>, Option<Value>)> {
    let kinds: Vec<Option<QuestionKind>> = match only {
        Some(one) => vec![one],
        None => QuestionKind::ALL
            .iter()
            .copied()
            .map(Some)
            .chain([None])
            .collect(),
    };
    (
        prop::sample::select(kinds),
        0u32..11,
        any::<bool>(),
        "[A-Za-z ]{1,12}",
    )
        .prop_map(|(kind, n, stringified, text)| {
            let form = |value: Value| {
                if stringified {
                    Value::from(value.to_string())
                } else {
                    value
                }
            };
            let name = kind.map_or("ranking", QuestionKind::as_str).to_owned();
            let (response, indexes) = match kind {
                Some(QuestionKind::Open) => (Some(Value::from(text)), None),
                Some(QuestionKind::Nps) => (Some(form(Value::from(n))), None),
                Some(QuestionKind::Likert) => (Some(form(Value::from(n.max(1)))), None),
                Some(QuestionKind::MultipleChoice) => {
                    (Some(Value::from(text)), Some(form(Value::from(n))))
                }
                Some(QuestionKind::MultipleSelect) => {
                    (Some(form(json!([text]))), Some(form(json!([n]))))
                }
                Some(QuestionKind::Matrix) => (Some(form(json!({"Speed": text}))), None),
                Some(QuestionKind::ConsentLegal) => (Some(form(json!({"submitted": true}))), None),
                Some(QuestionKind::VideoVoice) => {
                    (Some(form(json!({"mediaRecordingUid": text}))), None)
                }
                Some(QuestionKind::RecordedTask) => {
                    (Some(form(json!({"taskStatus": "completed"}))), None)
                }
                Some(QuestionKind::TextUrlPrompt) => {
                    (stringified.then(|| json!({"skipped": true})), None)
                }
                None => (Some(form(json!({"rank": [text]}))), None),
            };
            (name, response, indexes)
        })
}
