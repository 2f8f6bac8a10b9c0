//! Property tests: generated payloads in every quirky form the wire allows, and edits made
//! through the public API.
//!
//! - Webhooks of every kind (and of an unknown one), with ids as integers, numeric strings or
//!   zero-fraction floats, JSON fields real or stringified, times in any offset, optional
//!   fields null or absent, and unknown keys with escaped names and any value (floats too):
//!   each parses as its kind, re-serializes to the original but for the documented changes
//!   (`common::lossless_webhook`), and parses again from its canonical form to the same value.
//! - Source events of every call type, alone and in batches, with every shape of ids, traits,
//!   event names, integrations, context and timestamps: each keeps everything
//!   (`common::lossless_source`), reports exactly the values not of the spec's type, and routes
//!   as the reference table says. The expectation is computed from hand-written labels on each
//!   option drawn ("`0`: falsy", "`{"All": false, "sprig-web": {}}`: enabled") and the table
//!   in `destination.md`, never from the crate's logic.
//! - Every fixture, edited through the public API by a random sequence of field edits, writes
//!   text without a repeated key that parses back to the edited value.

mod common;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Number, Value};
use sprig_events::destination::{
    into_route, route, sprig_call, Action, ActionConfig, ActionOutcome, Destination, Mapping,
    Outcome, Route, SprigCall, Subscription,
};
use sprig_events::source::{
    App, Context, Integrations, LazyContext, Location, Loose, PageContext, ScreenContext,
    TextOrNumber, Timestamp,
};
use sprig_events::webhook::{
    AnswerSubmitted, EpochMillis, Platform, QuestionType, QuestionTypeId, RecordType,
    ResponseGroupUid, SelectedIndexes, StudyQuestion, StudyStatus, SubmittedQuestion,
};
use sprig_events::{
    parse_batch, parse_source_event, parse_webhook, SourceEvent, WebhookEvent, WebhookKind,
};

const UUID: &str = "3305ee6c-15f4-4a55-a478-2c5f4adb9798";

// ---------------------------------------------------------------------------------------------
// Shared generators.

/// Names that need escapes in JSON text (quotes, backslashes, control characters) or are
/// outside ASCII.
const ODD_NAMES: [&str; 12] = [
    "plain",
    "with \"quotes\"",
    "back\\slash",
    "new\nline",
    "tab\tand\u{8}",
    "nul\u{0}",
    "ünïcödé",
    "日本語",
    "emoji 😀",
    "slash /",
    "del\u{7f}",
    "sep\u{2028}",
];

/// A key or text: plain, needing escapes, or any printable Unicode.
fn odd_text() -> impl Strategy<Value = String> {
    prop_oneof![
        select(&ODD_NAMES[..]).prop_map(String::from),
        "[a-z]{1,6}",
        "\\PC{0,6}",
    ]
}

/// Any finite float: arbitrary bits, the extremes, zero fractions, `-0.0`.
fn any_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
        -1e6f64..1e6,
        select(vec![
            0.1,
            -0.0,
            7.0,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            1e21,
            9_007_199_254_740_992.0,
            1.5e-7,
        ]),
    ]
}

/// A JSON value for unknown keys: small, any shape, floats and escaped keys included.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any_float().prop_map(Value::from),
        odd_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(odd_text(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A JSON object with escaped keys and any values.
fn odd_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map(odd_text(), any_json(), 0..4).prop_map(|m| m.into_iter().collect())
}

/// Unknown keys: prefixed so that no model knows them, otherwise anything.
fn unknown_keys() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map(odd_text().prop_map(|k| format!("x_{k}")), any_json(), 0..3)
        .prop_map(|m| m.into_iter().collect())
}

/// An option drawn for one field, with its expected effect written by hand.
#[derive(Clone, Debug)]
struct Opt<E> {
    label: &'static str,
    /// The value sent; `None`: the key is absent.
    json: Option<Value>,
    effect: E,
}

fn opt<E>(label: &'static str, json: Option<Value>, effect: E) -> Opt<E> {
    Opt {
        label,
        json,
        effect,
    }
}

/// Whether an option sends a value other than `null`.
fn given<E>(option: &Opt<E>) -> bool {
    option.json.as_ref().is_some_and(|v| !v.is_null())
}

/// `userId` / `anonymousId` (and webhook ids of the same row): the text the destination sends,
/// `None` when it sends none. Numbers and booleans read as JavaScript's `String()` gives them.
fn id_options() -> Vec<Opt<Option<&'static str>>> {
    vec![
        opt("absent", None, None),
        opt("null", Some(Value::Null), None),
        opt("empty", Some(json!("")), None),
        opt("text", Some(json!("u1")), Some("u1")),
        opt(
            "escaped text",
            Some(json!("ü \"q\" \\ 😀")),
            Some("ü \"q\" \\ 😀"),
        ),
        opt("text zero", Some(json!("0")), Some("0")),
        opt("blank", Some(json!(" ")), Some(" ")),
        opt("integer", Some(json!(42)), Some("42")),
        opt("zero", Some(json!(0)), Some("0")),
        opt("negative", Some(json!(-7)), Some("-7")),
        opt("zero fraction", Some(json!(1.0)), Some("1")),
        opt("fraction", Some(json!(1.5)), Some("1.5")),
        opt("1e21", Some(json!(1e21)), Some("1e+21")),
        opt("tiny", Some(json!(1.5e-7)), Some("1.5e-7")),
        opt(
            "past 2^53",
            Some(json!(9_007_199_254_740_993u64)),
            Some("9007199254740992"),
        ),
        opt("true", Some(json!(true)), Some("true")),
        opt("false", Some(json!(false)), Some("false")),
    ]
}

// ---------------------------------------------------------------------------------------------
// Webhooks.

/// An integer id up to `max` as Sprig may send it: an integer, its digits in a string, or (below
/// 2^53) a float with a zero fraction (`7.0`).
fn int_id(max: u64) -> impl Strategy<Value = Value> {
    (prop_oneof![0..max.min(10_000_000), 0..=max], 0u8..3).prop_map(|(n, form)| match form {
        0 => json!(n),
        1 => json!(n.to_string()),
        _ if n < 1 << 53 => json!(n as f64),
        _ => json!(n),
    })
}

/// Epoch milliseconds within chrono's range, in the same forms.
fn epoch_ms() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            1_500_000_000_000u64..1_900_000_000_000,
            0u64..8_000_000_000_000_000
        ],
        0u8..3,
    )
        .prop_map(|(ms, form)| match form {
            0 => json!(ms),
            1 => json!(ms.to_string()),
            _ => json!(ms as f64),
        })
}

/// An RFC 3339 time with any offset and 0 to 9 fractional digits.
fn rfc3339() -> impl Strategy<Value = String> {
    (
        -2_208_988_800i64..253_402_200_000,
        0u32..1_000_000_000,
        0u8..4,
        -(14 * 60)..=(14 * 60),
        any::<bool>(),
    )
        .prop_map(|(secs, nanos, digits, offset, z)| {
            let nanos = match digits {
                0 => 0,
                1 => nanos / 1_000_000 * 1_000_000,
                2 => nanos / 1_000 * 1_000,
                _ => nanos,
            };
            let offset = FixedOffset::east_opt(offset * 60).expect("in range");
            DateTime::from_timestamp(secs, nanos)
                .expect("in range")
                .with_timezone(&offset)
                .to_rfc3339_opts(SecondsFormat::AutoSi, z)
        })
}

/// `responseGroupUid`: a UUID (in any case) or a numeric id in any integer form.
fn response_group_uid() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(UUID)),
        Just(json!(UUID.to_ascii_uppercase())),
        Just(json!("3305EE6C-15f4-4A55-a478-2c5f4adb9798")),
        int_id(u64::MAX),
    ]
}

/// A JSON field that may arrive stringified: absent, null, `""`, `"null"`, or an object real or
/// in a string.
fn json_in_string() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Value::Null)),
        1 => Just(Some(json!(""))),
        1 => Just(Some(json!("null"))),
        4 => (odd_object(), any::<bool>()).prop_map(|(object, stringified)| {
            let object = Value::Object(object);
            Some(if stringified { Value::from(object.to_string()) } else { object })
        }),
    ]
}

/// Optional text as it comes: absent, null, empty or a value.
fn optional_text() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        Just(Some(Value::from(""))),
        odd_text().prop_map(|s| Some(Value::from(s))),
    ]
}

/// An optional webhook id of the text row: absent, null, or any id option's value.
fn webhook_text_id() -> impl Strategy<Value = Option<Value>> {
    select(id_options()).prop_map(|o| o.json)
}

/// JSON, real or in a string.
fn maybe_stringified(value: Value, stringified: bool) -> Value {
    if stringified {
        Value::from(value.to_string())
    } else {
        value
    }
}

/// An integer for a score in the forms an integer id takes.
fn score(n: u32, form: u8) -> Value {
    match form {
        0 => json!(n),
        1 => json!(n.to_string()),
        _ => json!(f64::from(n)),
    }
}

/// `(questionType, response, selectedIndexes)`: a response fitting its type, in one of the forms
/// the wire allows, or none.
fn answer() -> impl Strategy<Value = (String, Option<Value>, Option<Value>)> {
    let skipped = select(vec![
        None,
        Some(Value::Null),
        Some(json!("")),
        Some(json!("null")),
    ]);
    prop_oneof![
        // Text answers are the respondent's, whatever they look like.
        (
            select(vec!["open", "OPEN", "Open"]),
            prop_oneof![
                odd_text().prop_map(Value::from),
                any_json(),
                select(vec![
                    json!("9"),
                    json!("[\"a\"]"),
                    json!(""),
                    json!("null"),
                    json!("{}")
                ])
            ]
        )
            .prop_map(|(t, r)| (t.to_owned(), Some(r), None)),
        (0u32..=10, 0u8..3, select(vec!["nps", "NPS"])).prop_map(|(n, form, t)| (
            t.to_owned(),
            Some(score(n, form)),
            None
        )),
        (1u32..=7, 0u8..3).prop_map(|(n, form)| ("likert".to_owned(), Some(score(n, form)), None)),
        (
            prop::option::of(prop_oneof![
                (0u32..6).prop_map(Value::from),
                (0u32..6).prop_map(|i| Value::from(i.to_string())),
                Just(Value::Null),
            ]),
            prop_oneof![
                odd_text().prop_map(Value::from),
                Just(json!("7")),
                Just(json!("{}"))
            ]
        )
            .prop_map(|(indexes, label)| (
                "multiplechoice".to_owned(),
                Some(label),
                indexes
            )),
        (prop::collection::vec(odd_text(), 0..4), any::<bool>()).prop_map(|(labels, s)| {
            let indexes: Vec<usize> = (0..labels.len()).collect();
            (
                "multipleselect".to_owned(),
                Some(maybe_stringified(json!(labels), s)),
                Some(maybe_stringified(json!(indexes), s)),
            )
        }),
        (odd_object(), any::<bool>()).prop_map(|(rows, s)| (
            "matrix".to_owned(),
            Some(maybe_stringified(Value::Object(rows), s)),
            None
        )),
        (any::<bool>(), any::<bool>()).prop_map(|(submitted, s)| (
            "consentlegal".to_owned(),
            Some(maybe_stringified(json!({"submitted": submitted}), s)),
            None
        )),
        (odd_text(), any::<bool>()).prop_map(|(uid, s)| (
            "videovoice".to_owned(),
            Some(maybe_stringified(json!({"mediaRecordingUid": uid}), s)),
            None
        )),
        (
            select(vec!["completed", "given.up", "abandoned", "new"]),
            any::<bool>()
        )
            .prop_map(|(status, s)| (
                "recordedtask".to_owned(),
                Some(maybe_stringified(json!({"taskStatus": status}), s)),
                None
            )),
        (any::<bool>(), any::<bool>()).prop_map(|(skipped, s)| (
            "texturlprompt".to_owned(),
            Some(maybe_stringified(json!({"skipped": skipped}), s)),
            None
        )),
        // Any type that decodes, skipped.
        (select(&common::DECODED_TYPES[..]), skipped).prop_map(|(t, r)| (t.to_owned(), r, None)),
        // An unknown type: anything, kept as it came.
        any_json().prop_map(|v| ("ranking".to_owned(), Some(v), None)),
    ]
}

/// One entry of Study Submitted's `questions`.
fn submitted_question() -> impl Strategy<Value = Value> {
    (
        odd_text(),
        answer(),
        any::<bool>(),
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            int_id(u64::from(u32::MAX)).prop_map(Some)
        ],
        unknown_keys(),
    )
        .prop_map(
            |(question, (question_type, response, _), typed, order, unknown)| {
                let mut entry = Map::new();
                entry.insert("question".into(), Value::from(question));
                if typed {
                    entry.insert("questionType".into(), Value::from(question_type));
                }
                if let Some(response) = response {
                    entry.insert("response".into(), response);
                }
                if let Some(order) = order {
                    entry.insert("order".into(), order);
                }
                entry.extend(unknown);
                Value::Object(entry)
            },
        )
}

/// One entry of Study Status Changed's `questions`.
fn status_question() -> impl Strategy<Value = Value> {
    (
        odd_text(),
        select(vec![
            json!("nps"),
            json!("OPEN"),
            json!("ranking"),
            json!(3),
            json!("3"),
            json!(3.0),
            json!(0),
        ]),
        unknown_keys(),
    )
        .prop_map(|(question, type_id, unknown)| {
            let mut entry = Map::new();
            entry.insert("question".into(), Value::from(question));
            entry.insert("questionTypeId".into(), type_id);
            entry.extend(unknown);
            Value::Object(entry)
        })
}

/// The parts a generated webhook is made of.
#[derive(Clone, Debug)]
struct WebhookParts {
    ids: (Value, Value, Value, Value),
    ms: Value,
    at: String,
    uid: Value,
    user_id: Option<Value>,
    anonymous_id: Option<Value>,
    metadata: Option<Value>,
    attributes: Option<Value>,
    event_properties: Option<Value>,
    email: Option<Value>,
    answer: (String, Option<Value>, Option<Value>),
    submitted: Vec<Value>,
    status: Vec<Value>,
    unknown: Map<String, Value>,
}

fn webhook_parts() -> impl Strategy<Value = WebhookParts> {
    (
        (
            int_id(u64::MAX),
            int_id(u64::MAX),
            int_id(u64::MAX),
            prop_oneof![Just(Value::Null), int_id(u64::MAX)],
        ),
        epoch_ms(),
        rfc3339(),
        response_group_uid(),
        (webhook_text_id(), webhook_text_id()),
        (json_in_string(), json_in_string(), json_in_string()),
        optional_text(),
        answer(),
        prop::collection::vec(submitted_question(), 0..4),
        prop::collection::vec(status_question(), 0..4),
        unknown_keys(),
    )
        .prop_map(
            |(
                ids,
                ms,
                at,
                uid,
                (user_id, anonymous_id),
                (metadata, attributes, event_properties),
                email,
                answer,
                submitted,
                status,
                unknown,
            )| WebhookParts {
                ids,
                ms,
                at,
                uid,
                user_id,
                anonymous_id,
                metadata,
                attributes,
                event_properties,
                email,
                answer,
                submitted,
                status,
                unknown,
            },
        )
}

/// A webhook of the kind at `which` in [`WebhookKind::ALL`], with quirks and unknown keys.
fn webhook() -> impl Strategy<Value = (WebhookKind, Value)> {
    (0usize..8, webhook_parts()).prop_map(|(which, p)| {
        let (id1, id2, id3, old_visitor) = p.ids.clone();
        let mut body = match which {
            0 => json!({"id": id1, "environmentId": "env", "createdAt": p.at,
                "responseGroupUid": p.uid, "surveyId": id2, "question": "Q?",
                "questionType": p.answer.0, "visitorId": "v", "timestamp": p.ms,
                "eventType": "survey_response", "eventName": "surveyResponse",
                "oldVisitorId": old_visitor}),
            1 => json!({"visitorId": "v", "surveyId": id2, "timestamp": p.ms, "environmentId": "",
                "eventDate": p.at, "responseGroupUid": p.uid, "productId": id1,
                "eventName": "surveySubmitted", "action": "completed",
                "eventType": "product_message", "questions": p.submitted}),
            2 | 3 => json!({"visitorId": "v", "surveyId": id2, "timestamp": p.ms,
                "environmentId": "e", "eventDate": p.at, "responseGroupUid": p.uid,
                "platform": "web", "action": if which == 2 { "sent" } else { "seen" },
                "teamId": id1, "productId": id3, "oldVisitorId": old_visitor,
                "eventType": "product_message"}),
            4 => json!({"surveyId": id2, "status": "PAUSED", "oldStatus": "IN_PROGRESS",
                "environmentId": "e", "eventName": "surveyStatusChange",
                "eventType": "product_message", "productId": id1, "questions": p.status}),
            5 => json!({"themename": "Pricing", "updatedAt": p.at, "productId": id1,
                "environmentId": "e", "questionText": "Q?", "questionType": "open"}),
            6 => json!({"id": id1, "environmentId": "abc123", "surveyId": id2,
                "surveyName": "TEST_SURVEY", "eventType": "TEST"}),
            // A kind this crate does not know: every key kept exactly, whatever it holds.
            _ => json!({"eventName": "somethingNew", "surveyId": id2, "createdAt": p.at,
                "timestamp": p.ms, "customMetadata": "{}", "userId": 5,
                "response": "9", "questionType": "nps"}),
        };
        let object = body.as_object_mut().expect("an object");
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                object.insert(key.into(), value);
            }
        };
        if which == 0 {
            put("response", p.answer.1.clone());
            put("selectedIndexes", p.answer.2.clone());
            put("eventProperties", p.event_properties.clone());
        }
        if matches!(which, 0 | 2 | 3) {
            put("userId", p.user_id.clone());
            put("anonymousId", p.anonymous_id.clone());
            put("customMetadata", p.metadata.clone());
            put("attributes", p.attributes.clone());
            put("email", p.email.clone());
        }
        for (key, value) in p.unknown {
            object.insert(key, value);
        }
        (WebhookKind::ALL[which], body)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn webhooks_parse_keep_every_key_and_round_trip((kind, body) in webhook()) {
        let bytes = serde_json::to_vec(&body).unwrap();
        let event = parse_webhook(&bytes).map_err(|e| TestCaseError::fail(format!("{e}: {body}")))?;
        prop_assert_eq!(event.kind(), kind);
        let text = serde_json::to_string(&event).unwrap();
        common::no_duplicate_keys(&text).map_err(TestCaseError::fail)?;
        let out: Value = serde_json::from_str(&text).unwrap();
        common::lossless_webhook(kind, &body, &out)
            .map_err(|at| TestCaseError::fail(format!("differs at {at}\n{body}\n{out}")))?;
        let again = parse_webhook(text.as_bytes()).unwrap();
        prop_assert_eq!(again, event);
    }
}

// ---------------------------------------------------------------------------------------------
// Source events: labelled options.

/// `traits.email`: whether JavaScript finds it truthy (then the destination sends it as
/// `!email`). `None`: no `email` key.
fn email_options() -> Vec<Opt<bool>> {
    vec![
        opt("absent", None, false),
        opt("0", Some(json!(0)), false),
        opt("0.0", Some(json!(0.0)), false),
        opt("-0.0", Some(json!(-0.0)), false),
        opt("empty", Some(json!("")), false),
        opt("null", Some(Value::Null), false),
        opt("false", Some(json!(false)), false),
        opt("address", Some(json!("a@b.c")), true),
        opt("true", Some(json!(true)), true),
        opt("text 0", Some(json!("0")), true),
        opt("text false", Some(json!("false")), true),
        opt("blank", Some(json!(" ")), true),
        opt("1", Some(json!(1)), true),
        opt("0.5", Some(json!(0.5)), true),
        opt("empty array", Some(json!([])), true),
        opt("empty object", Some(json!({})), true),
    ]
}

/// The traits' other keys (never `email` or `!email`).
fn other_traits_options() -> Vec<Opt<()>> {
    vec![
        opt("none", Some(json!({})), ()),
        opt("plan", Some(json!({"plan": "pro"})), ()),
        opt(
            "odd keys and numbers",
            Some(
                json!({"k\"q\\": 1.5, "ü😀": [1, null], "big": 9_007_199_254_740_993u64,
                "tiny": 5e-324, "nested": {"a": {"b": -0.0}}}),
            ),
            (),
        ),
    ]
}

/// `traits`: absent or null (no traits), not an object (the mapping fails), or an object.
#[derive(Clone, Debug)]
enum Traits {
    Absent,
    Null,
    NotObject(Value),
    Object { email: Opt<bool>, others: Opt<()> },
}

impl Traits {
    fn json(&self) -> Option<Value> {
        match self {
            Traits::Absent => None,
            Traits::Null => Some(Value::Null),
            Traits::NotObject(value) => Some(value.clone()),
            Traits::Object { email, others } => {
                let mut traits = others.json.clone().expect("an object");
                if let Some(email) = &email.json {
                    traits["email"] = email.clone();
                }
                Some(traits)
            }
        }
    }

    /// The attributes the destination sends: the traits with a truthy `email` moved to
    /// `!email`, when there is at least one key.
    fn attributes(&self) -> Option<Value> {
        let Traits::Object { email, others } = self else {
            return None;
        };
        let mut attributes = others.json.clone().expect("an object");
        if let Some(value) = &email.json {
            let key = if email.effect { "!email" } else { "email" };
            attributes[key] = value.clone();
        }
        (attributes != json!({})).then_some(attributes)
    }
}

fn traits() -> impl Strategy<Value = Traits> {
    prop_oneof![
        Just(Traits::Absent),
        Just(Traits::Null),
        select(vec![
            json!("a string"),
            json!([1]),
            json!(0),
            json!(true),
            json!("{}")
        ])
        .prop_map(Traits::NotObject),
        (select(email_options()), select(other_traits_options()))
            .prop_map(|(email, others)| Traits::Object { email, others }),
    ]
}

/// A track's `event`, as the triggers see it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum EventName {
    /// No name: Track Event skips.
    Missing,
    /// Exactly `Signed Out`: Sign Out User.
    SignOut,
    /// Any other name: Track Event with it.
    Name(&'static str),
}

fn event_options() -> Vec<Opt<EventName>> {
    use EventName::*;
    vec![
        opt("absent", None, Missing),
        opt("null", Some(Value::Null), Missing),
        opt("empty", Some(json!("")), Missing),
        opt("signed out", Some(json!("Signed Out")), SignOut),
        opt("lowercase", Some(json!("signed out")), Name("signed out")),
        opt(
            "trailing space",
            Some(json!("Signed Out ")),
            Name("Signed Out "),
        ),
        opt("blank", Some(json!(" ")), Name(" ")),
        opt("number", Some(json!(42)), Name("42")),
        opt("fraction", Some(json!(2.5)), Name("2.5")),
        opt("false", Some(json!(false)), Name("false")),
        opt(
            "escaped",
            Some(json!("Order \"Completed\" ✓\n")),
            Name("Order \"Completed\" ✓\n"),
        ),
        opt(
            "plain",
            Some(json!("Order Completed")),
            Name("Order Completed"),
        ),
    ]
}

/// `traits` / `properties` as the actions map them.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    /// Absent or null: none.
    None,
    /// An object, passed on.
    Object,
    /// Anything else: the mapping fails and the action skips.
    NotObject,
}

fn properties_options() -> Vec<Opt<Shape>> {
    vec![
        opt("absent", None, Shape::None),
        opt("null", Some(Value::Null), Shape::None),
        opt("empty", Some(json!({})), Shape::Object),
        opt(
            "odd",
            Some(
                json!({"k\"ey\\": 1.5, "ü": "v\u{0}", "max": 18_446_744_073_709_551_615u64,
                "f": 1e300, "list": [0.1, -0.0]}),
            ),
            Shape::Object,
        ),
        opt("array", Some(json!([1])), Shape::NotObject),
        opt("string", Some(json!("{}")), Shape::NotObject),
        opt("zero", Some(json!(0)), Shape::NotObject),
    ]
}

/// `integrations`: whether the Sprig destination (`sprig-web`) receives the event. Its own key
/// decides when present and not null, then `All`, and with neither it does; only `false` turns
/// it off, an options object counts as on, and names are case-sensitive.
fn integrations_options() -> Vec<Opt<bool>> {
    vec![
        opt("absent", None, true),
        opt("null", Some(Value::Null), true),
        opt("empty", Some(json!({})), true),
        opt("All false", Some(json!({"All": false})), false),
        opt("All true", Some(json!({"All": true})), true),
        opt("own false", Some(json!({"sprig-web": false})), false),
        opt("own true", Some(json!({"sprig-web": true})), true),
        opt(
            "All false, own true",
            Some(json!({"All": false, "sprig-web": true})),
            true,
        ),
        opt(
            "All false, own options",
            Some(json!({"All": false, "sprig-web": {}})),
            true,
        ),
        opt(
            "All true, own false",
            Some(json!({"All": true, "sprig-web": false})),
            false,
        ),
        opt(
            "All false, own null",
            Some(json!({"All": false, "sprig-web": null})),
            false,
        ),
        opt("own null", Some(json!({"sprig-web": null})), true),
        opt(
            "other case false",
            Some(json!({"Sprig-Web": false, "sprig": false})),
            true,
        ),
        opt("All options", Some(json!({"All": {}})), true),
        opt(
            "All false, another on",
            Some(json!({"All": false, "Mixpanel": true})),
            false,
        ),
        opt(
            "All null, own false",
            Some(json!({"All": null, "sprig-web": false})),
            false,
        ),
    ]
}

/// A source time (`timestamp`, `sentAt`, …): the instant it reads as (epoch ms), and whether it
/// is RFC 3339, the spec's form (every other form is reported, and kept as it came).
#[derive(Clone, Copy, Debug)]
struct TimeForm {
    ms: Option<i64>,
    spec: bool,
}

fn time_options() -> Vec<Opt<TimeForm>> {
    const AT: i64 = 1_714_557_600_000; // 2024-05-01T10:00:00Z
    let form = |ms: Option<i64>, spec: bool| TimeForm { ms, spec };
    vec![
        opt("absent", None, form(None, true)),
        opt("null", Some(Value::Null), form(None, true)),
        opt(
            "RFC 3339 Z",
            Some(json!("2024-05-01T10:00:00Z")),
            form(Some(AT), true),
        ),
        opt(
            "RFC 3339 millis",
            Some(json!("2024-05-01T10:00:00.123Z")),
            form(Some(AT + 123), true),
        ),
        opt(
            "RFC 3339 offset",
            Some(json!("2024-05-01T12:00:00+02:00")),
            form(Some(AT), true),
        ),
        opt(
            "+0000",
            Some(json!("2024-05-01T10:00:00.000+0000")),
            form(Some(AT), false),
        ),
        opt(
            "+0200",
            Some(json!("2024-05-01T12:00:00+0200")),
            form(Some(AT), false),
        ),
        opt(
            "no offset",
            Some(json!("2024-05-01T10:00:00")),
            form(Some(AT), false),
        ),
        opt(
            "no offset, millis",
            Some(json!("2024-05-01T10:00:00.250")),
            form(Some(AT + 250), false),
        ),
        opt("epoch ms", Some(json!(AT)), form(Some(AT), false)),
        opt(
            "epoch ms text",
            Some(json!("1714557600000")),
            form(Some(AT), false),
        ),
        opt(
            "epoch ms zero fraction",
            Some(json!(1_714_557_600_000.0)),
            form(Some(AT), false),
        ),
        opt("garbage", Some(json!("yesterday")), form(None, false)),
        opt("empty", Some(json!("")), form(None, false)),
        opt("boolean", Some(json!(true)), form(None, false)),
        opt("object", Some(json!({"at": AT})), form(None, false)),
    ]
}

/// A loose text field (`messageId`, `channel`, `previousId`, `name`, `category`, `groupId`):
/// whether the value is of the spec's type (else it is reported, and kept as it came).
fn loose_text_options() -> Vec<Opt<bool>> {
    vec![
        opt("absent", None, true),
        opt("null", Some(Value::Null), true),
        opt("text", Some(json!("m-1 ü\"\\")), true),
        opt("empty", Some(json!("")), true),
        opt("number", Some(json!(42)), false),
        opt("float", Some(json!(0.5)), false),
        opt("object", Some(json!({})), false),
        opt("boolean", Some(json!(true)), false),
    ]
}

/// `version`: a string or a number is of the spec's type.
fn version_options() -> Vec<Opt<bool>> {
    vec![
        opt("absent", None, true),
        opt("null", Some(Value::Null), true),
        opt("text", Some(json!("1.1")), true),
        opt("integer", Some(json!(2)), true),
        opt("float", Some(json!(1.5)), true),
        opt("boolean", Some(json!(true)), false),
        opt("array", Some(json!([])), false),
        opt("object", Some(json!({"v": 1})), false),
    ]
}

/// A small deterministic generator, for the context's many nested choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick(&mut self, values: &[Value]) -> Value {
        values[self.below(values.len())].clone()
    }
}

/// The type the spec gives a standard `context` key.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Text,
    Bool,
    Number,
    TextOrNumber,
    Map,
    Object(&'static [(&'static str, Kind)]),
}

use Kind::{Bool, Number as Num, Object as Obj, Text, TextOrNumber as TextNum};

const APP: &[(&str, Kind)] = &[
    ("name", Text),
    ("version", TextNum),
    ("build", TextNum),
    ("namespace", Text),
];
const CAMPAIGN: &[(&str, Kind)] = &[
    ("name", Text),
    ("source", Text),
    ("medium", Text),
    ("term", Text),
    ("content", Text),
];
const DEVICE: &[(&str, Kind)] = &[
    ("id", Text),
    ("advertisingId", Text),
    ("adTrackingEnabled", Bool),
    ("manufacturer", Text),
    ("model", Text),
    ("name", Text),
    ("type", Text),
    ("token", Text),
];
const LIBRARY: &[(&str, Kind)] = &[("name", Text), ("version", TextNum)];
const LOCATION: &[(&str, Kind)] = &[
    ("city", Text),
    ("country", Text),
    ("latitude", Num),
    ("longitude", Num),
    ("region", Text),
    ("speed", Num),
];
const NETWORK: &[(&str, Kind)] = &[
    ("bluetooth", Bool),
    ("carrier", Text),
    ("cellular", Bool),
    ("wifi", Bool),
];
const OS: &[(&str, Kind)] = &[("name", Text), ("version", TextNum)];
const PAGE: &[(&str, Kind)] = &[
    ("path", Text),
    ("referrer", Text),
    ("search", Text),
    ("title", Text),
    ("url", Text),
];
const REFERRER: &[(&str, Kind)] = &[
    ("id", Text),
    ("type", Text),
    ("name", Text),
    ("url", Text),
    ("link", Text),
];
const SCREEN: &[(&str, Kind)] = &[("width", Num), ("height", Num), ("density", Num)];
/// The standard `context` keys of the Segment spec, with their types.
const CONTEXT: &[(&str, Kind)] = &[
    ("active", Bool),
    ("app", Obj(APP)),
    ("campaign", Obj(CAMPAIGN)),
    ("device", Obj(DEVICE)),
    ("ip", Text),
    ("library", Obj(LIBRARY)),
    ("locale", Text),
    ("location", Obj(LOCATION)),
    ("network", Obj(NETWORK)),
    ("os", Obj(OS)),
    ("page", Obj(PAGE)),
    ("referrer", Obj(REFERRER)),
    ("screen", Obj(SCREEN)),
    ("timezone", Text),
    ("groupId", Text),
    ("traits", Kind::Map),
    ("userAgent", Text),
];

/// A value of the spec's type.
fn typed(kind: Kind, rng: &mut Rng, at: &str, paths: &mut Vec<String>) -> Value {
    match kind {
        Text => rng.pick(&[
            json!(""),
            json!("plain"),
            json!("ü\"\\😀\n"),
            json!("1.2.3.4"),
        ]),
        Bool => rng.pick(&[json!(true), json!(false)]),
        Num => rng.pick(&[
            json!(0),
            json!(-1),
            json!(1.5),
            json!(1e300),
            json!(100),
            json!(5e-324),
        ]),
        TextNum => rng.pick(&[json!("1.2"), json!(3), json!(0.5)]),
        Kind::Map => rng.pick(&[json!({}), json!({"k\"": 1, "ü": null, "f": 2.5})]),
        Obj(fields) => object_of(fields, rng, at, paths),
    }
}

/// A value of another type (never null, which reads as no value).
fn mistyped(kind: Kind, rng: &mut Rng) -> Value {
    match kind {
        Text => rng.pick(&[json!(123), json!(true), json!(["a"]), json!({"a": 1})]),
        Bool => rng.pick(&[json!("yes"), json!(1), json!([]), json!({})]),
        Num => rng.pick(&[json!("100"), json!(true), json!([1]), json!({})]),
        TextNum => rng.pick(&[json!(false), json!([]), json!({"v": 1})]),
        Kind::Map => rng.pick(&[json!("x"), json!(5), json!([1])]),
        Obj(_) => rng.pick(&[json!("x"), json!(5), json!(true), json!([1])]),
    }
}

/// An object of standard keys (each absent, null, typed or mistyped) and unknown ones; the path
/// of every mistyped value goes to `paths`.
fn object_of(fields: &[(&str, Kind)], rng: &mut Rng, at: &str, paths: &mut Vec<String>) -> Value {
    let mut object = Map::new();
    for (key, kind) in fields {
        let path = format!("{at}.{key}");
        match rng.below(10) {
            0..=5 => {}
            6 => {
                object.insert((*key).into(), Value::Null);
            }
            7 => {
                object.insert((*key).into(), mistyped(*kind, rng));
                paths.push(path);
            }
            _ => {
                let value = typed(*kind, rng, &path, paths);
                object.insert((*key).into(), value);
            }
        }
    }
    if rng.below(4) == 0 {
        let name = ODD_NAMES[rng.below(ODD_NAMES.len())];
        let value = rng.pick(&[json!(1.25), json!("v"), json!(null), json!({"a\"": [1]})]);
        object.insert(format!("x_{name}"), value);
    }
    Value::Object(object)
}

/// `context`, with the paths of its values not of the spec's type.
#[derive(Clone, Debug)]
struct Ctx {
    json: Option<Value>,
    paths: Vec<String>,
}

fn context() -> impl Strategy<Value = Ctx> {
    any::<u64>().prop_map(|seed| {
        let mut rng = Rng(seed);
        let mut paths = Vec::new();
        let json = match rng.below(20) {
            0..=5 => None,
            6 => Some(Value::Null),
            7 | 8 => {
                paths.push("context".to_owned());
                Some(mistyped(Obj(CONTEXT), &mut rng))
            }
            _ => Some(object_of(CONTEXT, &mut rng, "context", &mut paths)),
        };
        Ctx { json, paths }
    })
}

const CALLS: [&str; 6] = ["identify", "track", "alias", "page", "screen", "group"];
const TIME_KEYS: [&str; 4] = ["timestamp", "originalTimestamp", "sentAt", "receivedAt"];

/// A generated source event: every choice with its label.
#[derive(Clone, Debug)]
struct SourceCase {
    call: &'static str,
    user_id: Opt<Option<&'static str>>,
    anonymous_id: Opt<Option<&'static str>>,
    traits: Traits,
    event: Opt<EventName>,
    properties: Opt<Shape>,
    integrations: Opt<bool>,
    /// `timestamp`, `originalTimestamp`, `sentAt`, `receivedAt`.
    times: Vec<Opt<TimeForm>>,
    /// Loose fields (`messageId`, `channel`, `version`, and the call's own) with their labels.
    loose: Vec<(&'static str, Opt<bool>)>,
    context: Ctx,
    unknown: Map<String, Value>,
}

fn source_case() -> impl Strategy<Value = SourceCase> {
    (
        select(&CALLS[..]),
        (select(id_options()), select(id_options())),
        traits(),
        select(event_options()),
        select(properties_options()),
        select(integrations_options()),
        prop::collection::vec(select(time_options()), 4),
        (
            select(loose_text_options()),
            select(loose_text_options()),
            select(version_options()),
            select(loose_text_options()),
            select(loose_text_options()),
        ),
        context(),
        unknown_keys(),
    )
        .prop_map(
            |(
                call,
                (user_id, anonymous_id),
                traits,
                event,
                properties,
                integrations,
                times,
                (message_id, channel, version, own1, own2),
                context,
                unknown,
            )| {
                let mut loose = vec![
                    ("messageId", message_id),
                    ("channel", channel),
                    ("version", version),
                ];
                match call {
                    "alias" => loose.push(("previousId", own1)),
                    "page" | "screen" => {
                        loose.push(("name", own1));
                        loose.push(("category", own2));
                    }
                    "group" => loose.push(("groupId", own1)),
                    _ => {}
                }
                SourceCase {
                    call,
                    user_id,
                    anonymous_id,
                    traits,
                    event,
                    properties,
                    integrations,
                    times,
                    loose,
                    context,
                    unknown,
                }
            },
        )
}

impl SourceCase {
    fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("type".into(), Value::from(self.call));
        let mut put = |key: &str, value: &Option<Value>| {
            if let Some(value) = value {
                body.insert(key.into(), value.clone());
            }
        };
        put("userId", &self.user_id.json);
        put("anonymousId", &self.anonymous_id.json);
        put("integrations", &self.integrations.json);
        put("context", &self.context.json);
        for (key, time) in TIME_KEYS.iter().zip(&self.times) {
            put(key, &time.json);
        }
        for (key, option) in &self.loose {
            put(key, &option.json);
        }
        match self.call {
            "identify" | "group" => put("traits", &self.traits.json()),
            "track" => {
                put("event", &self.event.json);
                put("properties", &self.properties.json);
            }
            "page" | "screen" => put("properties", &self.properties.json),
            _ => {}
        }
        body.extend(self.unknown.clone());
        Value::Object(body)
    }

    /// The paths `validate` reports as not of the spec's type, with the context and `sentAt`
    /// in effect (the event's own, or the batch's).
    fn paths(&self, context: &Ctx, sent_at: &Opt<TimeForm>) -> BTreeSet<String> {
        let mut paths: BTreeSet<String> = context.paths.iter().cloned().collect();
        for (key, time) in TIME_KEYS.iter().zip(&self.times) {
            let time = if *key == "sentAt" { sent_at } else { time };
            if given(time) && !time.effect.spec {
                paths.insert((*key).to_owned());
            }
        }
        for (key, option) in &self.loose {
            if given(option) && !option.effect {
                paths.insert((*key).to_owned());
            }
        }
        paths
    }
}

/// What the destination does, by the table of `destination.md`.
#[derive(Clone, Debug, PartialEq)]
enum Expected {
    Call(Value),
    /// The action's title, and the reasons any of which may be given.
    Skipped(&'static str, Vec<&'static str>),
    Disabled,
    NoAction,
}

/// The reference table applied to the labels of a case; `enabled` is the label of the
/// integrations in effect.
fn expected(case: &SourceCase, enabled: bool) -> Expected {
    if !enabled {
        return Expected::Disabled;
    }
    let mut ids = Map::new();
    if let Some(user_id) = case.user_id.effect {
        ids.insert("userId".into(), Value::from(user_id));
    }
    if let Some(anonymous_id) = case.anonymous_id.effect {
        ids.insert("anonymousId".into(), Value::from(anonymous_id));
    }
    match case.call {
        "identify" => match &case.traits {
            Traits::NotObject(_) => {
                Expected::Skipped("Identify User", vec!["not_an_object:traits"])
            }
            Traits::Absent | Traits::Null if ids.is_empty() => {
                Expected::Skipped("Identify User", vec!["no_user_id_anonymous_id_or_traits"])
            }
            traits => {
                if let Some(attributes) = traits.attributes() {
                    ids.insert("attributes".into(), attributes);
                }
                Expected::Call(json!(["identifyAndSetAttributes", ids]))
            }
        },
        "track" => {
            let name = match case.event.effect {
                EventName::SignOut => return Expected::Call(json!(["logoutUser"])),
                EventName::Missing => None,
                EventName::Name(name) => Some(name),
            };
            let mut reasons = Vec::new();
            if case.properties.effect == Shape::NotObject {
                reasons.push("not_an_object:properties");
            }
            let Some(name) = name else {
                reasons.push("no_event_name");
                return Expected::Skipped("Track Event", reasons);
            };
            if !reasons.is_empty() {
                return Expected::Skipped("Track Event", reasons);
            }
            let mut args = Map::new();
            args.insert("eventName".into(), Value::from(name));
            args.extend(ids);
            if case.properties.effect == Shape::Object {
                args.insert("properties".into(), case.properties.json.clone().unwrap());
            }
            Expected::Call(json!(["identifyAndTrack", args]))
        }
        "alias" if ids.is_empty() => {
            Expected::Skipped("Update User ID", vec!["no_user_id_or_anonymous_id"])
        }
        "alias" => Expected::Call(json!(["identifyAndSetAttributes", ids])),
        _ => Expected::NoAction,
    }
}

/// Check one parsed event against its case: nothing lost, the same value again from its own
/// text, the findings of the labels, the time of its `timestamp` label, and the route of the
/// table. `inherited` is what a batch gives it.
fn check_source(
    case: &SourceCase,
    event: &SourceEvent,
    inherited: Option<&BatchCase>,
) -> Result<(), TestCaseError> {
    let mut original = case.body();
    let own = |key: &str| original.get(key).is_some_and(|v| !v.is_null());
    let mut context = case.context.clone();
    let mut sent_at = case.times[2].clone();
    let mut integrations = case.integrations.clone();
    if let Some(batch) = inherited {
        let (has_context, has_sent_at, has_integrations) =
            (own("context"), own("sentAt"), own("integrations"));
        if !has_context && given_ctx(&batch.context) {
            context = batch.context.clone();
            original["context"] = context.json.clone().unwrap();
        }
        if !has_sent_at && given(&batch.sent_at) {
            sent_at = batch.sent_at.clone();
            original["sentAt"] = sent_at.json.clone().unwrap();
        }
        if !has_integrations && given(&batch.integrations) {
            integrations = batch.integrations.clone();
            original["integrations"] = integrations.json.clone().unwrap();
        }
    }

    let text = serde_json::to_string(event).unwrap();
    common::no_duplicate_keys(&text).map_err(TestCaseError::fail)?;
    let out: Value = serde_json::from_str(&text).unwrap();
    common::lossless_source(&original, &out)
        .map_err(|at| TestCaseError::fail(format!("differs at {at}\n{original}\n{out}")))?;
    let again = parse_source_event(text.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
    prop_assert_eq!(&again, event);

    let findings: BTreeSet<String> = event
        .validate()
        .iter()
        .filter(|f| f.code() == "not_as_specified")
        .filter_map(|f| f.field().map(str::to_owned))
        .collect();
    prop_assert_eq!(findings, case.paths(&context, &sent_at), "{}", original);
    prop_assert_eq!(
        event.timestamp().map(|t| t.timestamp_millis()),
        case.times[0].effect.ms,
        "timestamp {}",
        case.times[0].label
    );

    // The route that takes the event must be the one that borrows it, held to the table below,
    // its call written alike (a map's equality ignores key order; the text does not).
    let owned = into_route(event.clone());
    prop_assert_eq!(&owned, &route(event), "into_route: {}", original);
    prop_assert_eq!(
        serde_json::to_string(&owned.into_call()).unwrap(),
        serde_json::to_string(&route(event).into_call()).unwrap(),
        "into_route's call as text: {}",
        original
    );
    let got = match route(event) {
        Route::Call { call, .. } => Expected::Call(serde_json::to_value(call).unwrap()),
        Route::Skipped { action, reason } => {
            let code = match reason.field() {
                Some(field) => format!("{}:{field}", reason.code()),
                None => reason.code().to_owned(),
            };
            let want = expected(case, integrations.effect);
            match want {
                Expected::Skipped(title, reasons)
                    if title == action.title() && reasons.contains(&code.as_str()) =>
                {
                    return Ok(());
                }
                _ => {
                    return Err(TestCaseError::fail(format!(
                        "skipped by {} ({code}), expected {want:?}: {original}",
                        action.title()
                    )))
                }
            }
        }
        Route::Disabled => Expected::Disabled,
        Route::NoAction => Expected::NoAction,
        other => panic!("{other:?}"),
    };
    prop_assert_eq!(
        got,
        expected(case, integrations.effect),
        "integrations {}: {}",
        integrations.label,
        original
    );
    Ok(())
}

fn given_ctx(context: &Ctx) -> bool {
    context.json.as_ref().is_some_and(|v| !v.is_null())
}

/// A batch: its events, and what it gives all of them.
#[derive(Clone, Debug)]
struct BatchCase {
    events: Vec<SourceCase>,
    context: Ctx,
    integrations: Opt<bool>,
    sent_at: Opt<TimeForm>,
    unknown: Map<String, Value>,
}

fn batch_case() -> impl Strategy<Value = BatchCase> {
    (
        prop::collection::vec(source_case(), 0..4),
        context(),
        select(integrations_options()),
        select(time_options()),
        unknown_keys(),
    )
        .prop_map(
            |(events, context, integrations, sent_at, unknown)| BatchCase {
                events,
                context,
                integrations,
                sent_at,
                unknown,
            },
        )
}

impl BatchCase {
    fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert(
            "batch".into(),
            Value::Array(self.events.iter().map(SourceCase::body).collect()),
        );
        for (key, value) in [
            ("context", &self.context.json),
            ("integrations", &self.integrations.json),
            ("sentAt", &self.sent_at.json),
        ] {
            if let Some(value) = value {
                body.insert(key.into(), value.clone());
            }
        }
        body.extend(self.unknown.clone());
        Value::Object(body)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn source_events_keep_everything_and_route_as_the_reference_table_says(case in source_case()) {
        let body = case.body();
        let event = parse_source_event(body.to_string().as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}: {body}")))?;
        check_source(&case, &event, None)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn batches_give_their_events_what_they_lack(batch in batch_case()) {
        let body = batch.body();
        let events = parse_batch(body.to_string().as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}: {body}")))?;
        prop_assert_eq!(events.len(), batch.events.len());
        for (case, event) in batch.events.iter().zip(&events) {
            check_source(case, event, Some(&batch))?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The configured destination against the hard-wired default routing.

/// The default destination, and the same four actions with each default mapping written another
/// way (`userId` for `$.userId`), which the crate cannot recognise as the default and so runs
/// through the mapping engine on the event's JSON.
static DEFAULTS: LazyLock<(Destination, Destination)> = LazyLock::new(|| {
    let rewritten =
        Action::ALL
            .iter()
            .copied()
            .fold(Destination::new(None), |destination, action| {
                let mut mapping = action.default_mapping();
                for value in mapping.as_object_mut().unwrap().values_mut() {
                    let path = value["@path"]
                        .as_str()
                        .unwrap()
                        .trim_start_matches("$.")
                        .to_owned();
                    *value = json!({ "@path": path });
                }
                destination.with_action(ActionConfig::new(
                    action.title(),
                    action,
                    Subscription::parse(action.default_subscribe()).unwrap(),
                    Mapping::new(mapping).unwrap(),
                ))
            });
    (Destination::default(), rewritten)
});

/// `route`'s answer as the outcome of each of the four default actions. `route` runs the presets'
/// typed path; what it answers is held to hand-written expectations by the source fixtures
/// (`tests/source_fixtures.rs`), so here it is the reference the other paths must agree with.
fn expected_outcomes(event: &SourceEvent) -> Vec<Outcome> {
    let routed = route(event);
    Action::ALL
        .iter()
        .copied()
        .map(|action| match &routed {
            Route::Disabled => Outcome::DestinationOff,
            Route::Call { action: a, call } if *a == action => Outcome::Call(call.clone()),
            Route::Skipped { action: a, reason } if *a == action => Outcome::Skipped(*reason),
            _ => Outcome::NotTriggered,
        })
        .collect()
}

fn outcomes(routed: Vec<ActionOutcome<'_>>) -> Vec<Outcome> {
    routed.into_iter().map(|routed| routed.outcome).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// The default destination gives one answer on each of its paths: the presets' typed fast
    /// path (which `route` and `sprig_call` are), the mapping engine applied to the event's
    /// JSON (the same presets with their mappings spelled out), and the raw JSON the event was
    /// read from. The answer itself is checked against hand-written expectations by the source
    /// fixtures; what this property adds is that no path parts from the others.
    #[test]
    fn the_default_destination_answers_alike_on_every_path(case in source_case()) {
        let body = case.body();
        let event = parse_source_event(body.to_string().as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}: {body}")))?;
        let (default, rewritten) = &*DEFAULTS;
        let expected = expected_outcomes(&event);
        prop_assert_eq!(outcomes(default.route(&event)), expected.clone(), "typed: {}", body);
        prop_assert_eq!(outcomes(rewritten.route(&event)), expected.clone(), "mapped: {}", body);
        prop_assert_eq!(outcomes(default.route_json(&body)), expected, "raw JSON: {}", body);
        let call: Vec<_> = sprig_call(&event).into_iter().collect();
        prop_assert_eq!(default.calls(&event), call.clone());
        prop_assert_eq!(rewritten.calls(&event), call.clone());
        // Calls that take the event are the calls that borrow it, written alike too.
        let text = serde_json::to_string(&call).unwrap();
        for destination in [default, rewritten] {
            let owned = destination.into_calls(event.clone());
            prop_assert_eq!(&owned, &call, "into_calls: {}", body);
            prop_assert_eq!(serde_json::to_string(&owned).unwrap(), text.clone(), "into_calls: {}", body);
        }
        let mut buffer = vec![call.first().cloned().unwrap_or(SprigCall::LogoutUser)];
        default.extend_calls(&event, &mut buffer);
        prop_assert_eq!(&buffer[1..], call.as_slice(), "extend_calls appends");
    }
}

// ---------------------------------------------------------------------------------------------
// Edits through the public API.

/// The values an edit draws from.
#[derive(Clone, Debug)]
struct Val {
    text: String,
    n: u64,
    small: u32,
    flag: bool,
    at: DateTime<Utc>,
    map: Map<String, Value>,
    json: Value,
    question_type: Option<&'static str>,
    response: Option<Value>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    /// Set the field to a new value.
    Set,
    /// Clear an optional field (a required one is set instead).
    Clear,
}

#[derive(Clone, Debug)]
struct Edit {
    /// Which field: in the model's list, or among the fixture's keys that arrived `null`.
    pick: usize,
    null_field: bool,
    op: Op,
    val: Val,
}

fn edit() -> impl Strategy<Value = Edit> {
    // Mostly years 1 to 9999; sometimes any instant a `DateTime<Utc>` holds.
    let secs = prop_oneof![
        4 => -62_104_060_800i64..253_402_200_000,
        1 => DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp(),
    ];
    let at = (secs, 0u32..1_000_000_000, 0u8..3).prop_map(|(secs, nanos, digits)| {
        let nanos = match digits {
            0 => 0,
            1 => nanos / 1_000_000 * 1_000_000,
            _ => nanos,
        };
        DateTime::from_timestamp(secs, nanos).expect("in range")
    });
    let question_type = select(vec![
        None,
        Some("open"),
        Some("OPEN"),
        Some("nps"),
        Some("likert"),
        Some("multiplechoice"),
        Some("multipleselect"),
        Some("matrix"),
        Some("consentlegal"),
        Some("videovoice"),
        Some("recordedtask"),
        Some("texturlprompt"),
        Some("ranking"),
        Some(""),
    ]);
    let response = prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        any_json().prop_map(Some),
        select(vec![
            json!("9"),
            json!(9),
            json!(9.0),
            json!(0),
            json!("[\"a\",\"b\"]"),
            json!(["a"]),
            json!({"submitted": true}),
            json!("{\"taskStatus\":\"completed\"}"),
            json!({"mediaRecordingUid": "m"}),
            json!(""),
            json!("null"),
            Value::Null,
        ])
        .prop_map(Some),
    ];
    let val = (
        odd_text(),
        prop_oneof![0u64..1000, any::<u64>()],
        any::<u32>(),
        any::<bool>(),
        at,
        odd_object(),
        prop_oneof![1 => Just(Value::Null), 4 => any_json()],
        question_type,
        response,
    )
        .prop_map(
            |(text, n, small, flag, at, map, json, question_type, response)| Val {
                text,
                n,
                small,
                flag,
                at,
                map,
                json,
                question_type,
                response,
            },
        );
    (
        any::<usize>(),
        prop::bool::weighted(0.25),
        prop_oneof![2 => Just(Op::Set), 1 => Just(Op::Clear)],
        val,
    )
        .prop_map(|(pick, null_field, op, val)| Edit {
            pick,
            null_field,
            op,
            val,
        })
}

/// Keys that name fields of some model and decide no webhook's kind: put in `extra`, they are
/// written only by a model that does not know them.
const FIELD_NAMES: [&str; 14] = [
    "id",
    "surveyId",
    "response",
    "questionType",
    "userId",
    "timestamp",
    "questions",
    "type",
    "context",
    "event",
    "traits",
    "createdAt",
    "integrations",
    "order",
];

fn text(op: Op, v: &Val) -> Option<String> {
    (op == Op::Set).then(|| v.text.clone())
}

fn uid(v: &Val) -> ResponseGroupUid {
    if v.flag {
        ResponseGroupUid::from(uuid::Uuid::from_u64_pair(v.n, u64::from(v.small)))
    } else {
        ResponseGroupUid::from(v.n)
    }
}

fn indexes(v: &Val) -> SelectedIndexes {
    if v.flag {
        SelectedIndexes::One(v.small)
    } else {
        SelectedIndexes::Many(vec![v.small, v.small / 2, 0][..(v.n % 4).min(3) as usize].to_vec())
    }
}

fn platform(v: &Val) -> Platform {
    match v.small % 3 {
        0 => Platform::Web,
        1 => Platform::from("react-native"),
        _ => Platform::from(v.text.as_str()),
    }
}

fn question_type(v: &Val) -> Option<QuestionType> {
    v.question_type.map(QuestionType::from)
}

/// Insert into, or remove from, a model's unknown keys.
fn edit_extra(extra: &mut Map<String, Value>, op: Op, v: &Val, field_names: bool) {
    match op {
        Op::Set => {
            let key = if field_names && v.flag {
                FIELD_NAMES[v.small as usize % FIELD_NAMES.len()].to_owned()
            } else {
                format!("x_{}", v.text)
            };
            extra.insert(key, v.json.clone());
        }
        Op::Clear => {
            if let Some(key) = extra.keys().nth(v.small as usize % extra.len().max(1)) {
                let key = key.clone();
                extra.remove(&key);
            }
        }
    }
}

/// The response an edit gives: its own when it sets one, none when it clears.
fn response(op: Op, v: &Val) -> Option<Value> {
    if op == Op::Set {
        v.response.clone()
    } else {
        None
    }
}

/// Set the answer through `set_response`; one that does not fit leaves the answer unchanged.
fn edit_answer(a: &mut AnswerSubmitted, op: Op, v: &Val) {
    let before = a.clone();
    let question_type = question_type(v).unwrap_or_else(|| a.question_type().clone());
    if a.set_response(question_type, response(op, v)).is_err() {
        assert_eq!(*a, before, "a refused answer changed the event");
    }
}

fn edit_submitted_question(q: &mut SubmittedQuestion, key: &str, op: Op, v: &Val) {
    match key {
        "question" => q.question = v.text.clone(),
        "order" => q.order = (op == Op::Set).then_some(v.small),
        "response" => {
            let before = q.clone();
            if q.set_response(question_type(v), response(op, v)).is_err() {
                assert_eq!(*q, before, "a refused answer changed the question");
            }
        }
        _ => edit_extra(&mut q.extra, op, v, true),
    }
}

const ANSWER_KEYS: &[&str] = &[
    "id",
    "environmentId",
    "createdAt",
    "responseGroupUid",
    "surveyId",
    "surveyName",
    "question",
    "visitorId",
    "oldVisitorId",
    "userId",
    "anonymousId",
    "triggeringEvent",
    "timestamp",
    "email",
    "attributes",
    "href",
    "os",
    "browser",
    "userAgent",
    "customMetadata",
    "selectedIndexes",
    "eventProperties",
    "response",
    "extra",
];
const DELIVERY_KEYS: &[&str] = &[
    "isUserInterviews",
    "platform",
    "timestamp",
    "recordType",
    "eventDate",
    "visitorId",
    "environmentId",
    "surveyId",
    "responseGroupUid",
    "productName",
    "productId",
    "teamId",
    "triggeringEvent",
    "surveyName",
    "attributes",
    "email",
    "oldVisitorId",
    "userId",
    "anonymousId",
    "customMetadata",
    "extra",
];
const SUBMITTED_KEYS: &[&str] = &[
    "visitorId",
    "platform",
    "surveyId",
    "timestamp",
    "environmentId",
    "eventDate",
    "recordType",
    "responseGroupUid",
    "productName",
    "productId",
    "questions",
    "questions[].question",
    "questions[].order",
    "questions[].response",
    "questions[].response",
    "questions[].extra",
    "extra",
];
const STATUS_KEYS: &[&str] = &[
    "surveyId",
    "surveyName",
    "oldStatus",
    "status",
    "environmentId",
    "productName",
    "productId",
    "questions",
    "questions[].question",
    "questions[].questionTypeId",
    "questions[].extra",
    "extra",
];
const THEME_KEYS: &[&str] = &[
    "themename",
    "updatedAt",
    "productName",
    "productId",
    "environmentId",
    "questionText",
    "questionType",
    "extra",
];
const TEST_KEYS: &[&str] = &["id", "environmentId", "surveyId", "surveyName", "extra"];
/// An unknown kind's discriminating keys, which an edit leaves alone.
const DISCRIMINATORS: [&str; 4] = ["eventType", "eventName", "action", "themename"];

/// Study Sent and Study Seen share their fields: one edit for both.
macro_rules! edit_delivery {
    ($e:expr, $key:expr, $op:expr, $v:expr) => {{
        let (e, op, v) = ($e, $op, $v);
        let set = op == Op::Set;
        match $key {
            "isUserInterviews" => e.is_user_interviews = set.then_some(v.flag),
            "platform" => e.platform = set.then(|| platform(v)),
            "timestamp" => e.timestamp = EpochMillis::from(v.at),
            "recordType" => e.record_type = set.then(|| RecordType::from(v.text.as_str())),
            "eventDate" => e.event_date = v.at,
            "visitorId" => e.visitor_id = v.text.clone(),
            "environmentId" => **e = e.clone().with_environment_id(v.text.as_str()),
            "surveyId" => **e = e.clone().with_survey_id(v.n),
            "responseGroupUid" => e.response_group_uid = uid(v),
            "productName" => e.product_name = text(op, v),
            "productId" => e.product_id = set.then_some(v.n),
            "teamId" => e.team_id = set.then_some(v.n),
            "triggeringEvent" => e.triggering_event = text(op, v),
            "surveyName" => e.survey_name = text(op, v),
            "attributes" => e.attributes = set.then(|| v.map.clone()),
            "email" => e.email = text(op, v),
            "oldVisitorId" => e.old_visitor_id = set.then_some(v.n),
            "userId" => e.user_id = text(op, v),
            "anonymousId" => e.anonymous_id = text(op, v),
            "customMetadata" => e.custom_metadata = set.then(|| v.map.clone()),
            _ => edit_extra(&mut e.extra, op, v, true),
        }
    }};
}

/// Apply one edit to a webhook event, at the model's field `key`.
fn edit_webhook(event: &mut WebhookEvent, key: &str, op: Op, v: &Val) {
    let set = op == Op::Set;
    match event {
        WebhookEvent::AnswerSubmitted(a) => match key {
            "id" => a.id = v.n,
            "environmentId" => a.environment_id = v.text.clone(),
            "createdAt" => a.created_at = v.at,
            "responseGroupUid" => a.response_group_uid = uid(v),
            "surveyId" => a.survey_id = v.n,
            "surveyName" if set => **a = a.clone().with_survey_name(v.text.as_str()),
            "surveyName" => a.survey_name = None,
            "question" => a.question = v.text.clone(),
            "visitorId" => a.visitor_id = v.text.clone(),
            "oldVisitorId" => a.old_visitor_id = set.then_some(v.n),
            "userId" if set => **a = a.clone().with_user_id(v.text.as_str()),
            "userId" => a.user_id = None,
            "anonymousId" => a.anonymous_id = text(op, v),
            "triggeringEvent" => a.triggering_event = text(op, v),
            "timestamp" => a.timestamp = EpochMillis::from(v.at),
            "email" => a.email = text(op, v),
            "attributes" => a.attributes = set.then(|| v.map.clone()),
            "href" => a.href = text(op, v),
            "os" => a.os = text(op, v),
            "browser" => a.browser = text(op, v),
            "userAgent" => a.user_agent = text(op, v),
            "customMetadata" => a.custom_metadata = set.then(|| v.map.clone()),
            "selectedIndexes" => a.selected_indexes = set.then(|| indexes(v)),
            "eventProperties" => a.event_properties = set.then(|| v.map.clone()),
            "response" | "questionType" => edit_answer(a, op, v),
            _ => edit_extra(&mut a.extra, op, v, true),
        },
        WebhookEvent::StudySubmitted(s) => match key {
            "visitorId" => s.visitor_id = v.text.clone(),
            "platform" => s.platform = set.then(|| platform(v)),
            "surveyId" => s.survey_id = v.n,
            "timestamp" => s.timestamp = EpochMillis::from(v.at),
            "environmentId" => s.environment_id = v.text.clone(),
            "eventDate" => s.event_date = v.at,
            "recordType" => s.record_type = set.then(|| RecordType::from(v.text.as_str())),
            "responseGroupUid" => s.response_group_uid = uid(v),
            "productName" => s.product_name = text(op, v),
            "productId" => s.product_id = set.then_some(v.n),
            "questions" if set => {
                let mut question = SubmittedQuestion::new(v.text.as_str()).with_order(v.small);
                edit_submitted_question(&mut question, "response", op, v);
                s.questions.push(question);
            }
            "questions" => {
                if !s.questions.is_empty() {
                    s.questions.remove(v.small as usize % s.questions.len());
                }
            }
            _ if key.starts_with("questions[].") => {
                let len = s.questions.len();
                if let Some(q) = s.questions.get_mut(v.small as usize % len.max(1)) {
                    edit_submitted_question(q, &key["questions[].".len()..], op, v);
                }
            }
            _ => edit_extra(&mut s.extra, op, v, true),
        },
        WebhookEvent::StudySent(e) => edit_delivery!(e, key, op, v),
        WebhookEvent::StudySeen(e) => edit_delivery!(e, key, op, v),
        WebhookEvent::StudyStatusChanged(e) => match key {
            "surveyId" => e.survey_id = v.n,
            "surveyName" => e.survey_name = text(op, v),
            "oldStatus" => e.old_status = StudyStatus::from(v.text.as_str()),
            "status" => {
                e.status = StudyStatus::KNOWN[v.small as usize % StudyStatus::KNOWN.len()].clone()
            }
            "environmentId" => e.environment_id = v.text.clone(),
            "productName" => e.product_name = text(op, v),
            "productId" => e.product_id = set.then_some(v.n),
            "questions" if set => e.questions.push(
                StudyQuestion::new("", QuestionTypeId::from(v.n)).with_question(v.text.as_str()),
            ),
            "questions" => e.questions.clear(),
            _ if key.starts_with("questions[].") => {
                let len = e.questions.len();
                if let Some(q) = e.questions.get_mut(v.small as usize % len.max(1)) {
                    match &key["questions[].".len()..] {
                        "question" => q.question = v.text.clone(),
                        "questionTypeId" if v.flag => {
                            q.question_type_id = QuestionTypeId::from(v.n)
                        }
                        "questionTypeId" => {
                            q.question_type_id = QuestionTypeId::from(
                                question_type(v).unwrap_or_else(|| QuestionType::from("nps")),
                            )
                        }
                        _ => edit_extra(&mut q.extra, op, v, true),
                    }
                }
            }
            _ => edit_extra(&mut e.extra, op, v, true),
        },
        WebhookEvent::ThemeIdentified(t) => match key {
            "themename" => t.theme_name = v.text.clone(),
            "updatedAt" => t.updated_at = v.at,
            "productName" => t.product_name = text(op, v),
            "productId" => t.product_id = set.then_some(v.n),
            "environmentId" => t.environment_id = v.text.clone(),
            "questionText" => t.question_text = v.text.clone(),
            "questionType" => t.question_type = QuestionType::from(v.text.as_str()),
            _ => edit_extra(&mut t.extra, op, v, true),
        },
        WebhookEvent::Test(t) => match key {
            "id" => t.id = v.n,
            "environmentId" => t.environment_id = v.text.clone(),
            "surveyId" => t.survey_id = v.n,
            "surveyName" => t.survey_name = text(op, v),
            _ => edit_extra(&mut t.extra, op, v, true),
        },
        WebhookEvent::Unknown(map) => match op {
            Op::Set => {
                map.insert(format!("x_{}", v.text), v.json.clone());
            }
            Op::Clear => {
                let removable: Vec<String> = map
                    .keys()
                    .filter(|k| !DISCRIMINATORS.contains(&k.as_str()))
                    .cloned()
                    .collect();
                if !removable.is_empty() {
                    map.remove(&removable[v.small as usize % removable.len()]);
                }
            }
        },
        _ => {}
    }
}

fn webhook_keys(event: &WebhookEvent) -> &'static [&'static str] {
    match event {
        WebhookEvent::AnswerSubmitted(_) => ANSWER_KEYS,
        WebhookEvent::StudySubmitted(_) => SUBMITTED_KEYS,
        WebhookEvent::StudySent(_) | WebhookEvent::StudySeen(_) => DELIVERY_KEYS,
        WebhookEvent::StudyStatusChanged(_) => STATUS_KEYS,
        WebhookEvent::ThemeIdentified(_) => THEME_KEYS,
        WebhookEvent::Test(_) => TEST_KEYS,
        _ => &["extra"],
    }
}

/// A loose text: of its type, or a value of another type (never null, never a string).
fn loose_text(op: Op, v: &Val) -> Option<Loose<String>> {
    (op == Op::Set).then(|| {
        if v.flag {
            Loose::Typed(v.text.clone())
        } else {
            Loose::Other(
                [
                    json!(42),
                    json!(1.5),
                    json!(true),
                    json!([1, "a"]),
                    json!({"k": null}),
                ][v.small as usize % 5]
                    .clone(),
            )
        }
    })
}

fn loose_number(v: &Val) -> Loose<Number> {
    match v.small % 3 {
        0 => Loose::Typed(Number::from(v.n)),
        1 => Loose::Typed(Number::from_f64(v.n as f64 / 7.0).expect("finite")),
        _ => Loose::Other(json!("100")),
    }
}

/// A source time: RFC 3339 from a `DateTime`, or any other (non-null) JSON.
fn timestamp(op: Op, v: &Val) -> Option<Timestamp> {
    (op == Op::Set).then(|| {
        if v.flag {
            Timestamp::from(v.at)
        } else {
            let value = [
                json!(v.at.timestamp_millis()),
                json!("2024-05-01T10:00:00+0000"),
                json!("yesterday"),
                json!({"at": 1}),
            ][v.small as usize % 4]
                .clone();
            serde_json::from_value(value).expect("any JSON is a Timestamp")
        }
    })
}

/// The context, as an object (a new one when it is none or not an object).
fn context_object(context: &mut Option<LazyContext>) -> &mut Context {
    // Edited through `get_mut`, as a user edits a parsed event's context.
    let context = context.get_or_insert_with(LazyContext::default).get_mut();
    if !matches!(context, Loose::Typed(_)) {
        *context = Loose::Typed(Box::default());
    }
    match context {
        Loose::Typed(context) => context,
        Loose::Other(_) => unreachable!(),
    }
}

/// Edits of the fields every source call shares, and of `context`.
macro_rules! edit_source_common {
    ($e:expr, $key:expr, $op:expr, $v:expr) => {{
        let (e, op, v) = ($e, $op, $v);
        let set = op == Op::Set;
        match $key {
            "userId" if set => **e = (**e).clone().with_user_id(v.text.as_str()),
            "userId" => e.user_id = None,
            "anonymousId" => e.anonymous_id = text(op, v),
            "messageId" => e.message_id = loose_text(op, v),
            "timestamp" => e.timestamp = timestamp(op, v),
            "originalTimestamp" => e.original_timestamp = timestamp(op, v),
            "sentAt" => e.sent_at = timestamp(op, v),
            "receivedAt" => e.received_at = timestamp(op, v),
            "integrations" => e.integrations = set.then(|| Integrations(v.map.clone())),
            "version" => {
                e.version = set.then(|| match v.small % 4 {
                    0 => Loose::Typed(TextOrNumber::from(v.text.as_str())),
                    1 => Loose::Typed(TextOrNumber::from(v.n)),
                    2 => Loose::Typed(TextOrNumber::Number(Number::from_f64(1.5).unwrap())),
                    _ => Loose::Other(json!([true])),
                })
            }
            "channel" => e.channel = loose_text(op, v),
            "context" => {
                e.context = set.then(|| {
                    LazyContext::from(if v.flag {
                        Loose::Typed(Box::new(Context::default().with_locale(v.text.as_str())))
                    } else {
                        Loose::Other(json!(["not", "an", "object"]))
                    })
                })
            }
            "context.ip" => context_object(&mut e.context).ip = loose_text(op, v),
            "context.active" => {
                context_object(&mut e.context).active = set.then(|| {
                    if v.flag {
                        Loose::Typed(v.flag)
                    } else {
                        Loose::Other(json!("yes"))
                    }
                })
            }
            "context.screen" => {
                context_object(&mut e.context).screen = set.then(|| {
                    Loose::Typed(Box::new(
                        ScreenContext::default()
                            .with_width(loose_number(v))
                            .with_density(Number::from(2)),
                    ))
                })
            }
            "context.app" => {
                context_object(&mut e.context).app = set.then(|| {
                    if v.flag {
                        Loose::Typed(Box::new(
                            App::default()
                                .with_name(v.text.as_str())
                                .with_version(TextOrNumber::from(v.n)),
                        ))
                    } else {
                        Loose::Other(json!(7))
                    }
                })
            }
            "context.location" => {
                context_object(&mut e.context).location = set.then(|| {
                    Loose::Typed(Box::new(Location::default().with_latitude(loose_number(v))))
                })
            }
            "context.page" => {
                context_object(&mut e.context).page = set.then(|| {
                    Loose::Typed(Box::new(PageContext::default().with_url(v.text.as_str())))
                })
            }
            "context.traits" => {
                context_object(&mut e.context).traits = set.then(|| {
                    if v.flag {
                        Loose::Typed(v.map.clone())
                    } else {
                        Loose::Other(json!("traits"))
                    }
                })
            }
            "context.extra" => edit_extra(&mut context_object(&mut e.context).extra, op, v, false),
            "extra" => edit_extra(&mut e.extra, op, v, true),
            _ => return false,
        }
        true
    }};
}

const SOURCE_KEYS: &[&str] = &[
    "userId",
    "anonymousId",
    "messageId",
    "timestamp",
    "originalTimestamp",
    "sentAt",
    "receivedAt",
    "integrations",
    "version",
    "channel",
    "context",
    "context.ip",
    "context.active",
    "context.screen",
    "context.app",
    "context.location",
    "context.page",
    "context.traits",
    "context.extra",
    "extra",
    "traits",
    "event",
    "properties",
    "previousId",
    "name",
    "category",
    "groupId",
];

/// Apply one edit to a source event; `false` when the call has no such field.
fn edit_source(event: &mut SourceEvent, key: &str, op: Op, v: &Val) -> bool {
    let set = op == Op::Set;
    let json = || set.then(|| v.json.clone().into());
    // A call's own fields, as `"key" => field = value`; any other key is a common one.
    macro_rules! edit_own {
        ($e:ident, $($name:literal => $field:ident = $value:expr),+ $(,)?) => {
            match key {
                $($name => {
                    $e.$field = $value;
                    true
                })+
                _ => edit_source_common!($e, key, op, v),
            }
        };
    }
    // `page` and `screen` have the same own fields.
    macro_rules! edit_page_or_screen {
        ($e:ident) => {
            edit_own!(
                $e,
                "name" => name = loose_text(op, v),
                "category" => category = loose_text(op, v),
                "properties" => properties = json(),
            )
        };
    }
    match event {
        SourceEvent::Identify(e) => edit_own!(e, "traits" => traits = json()),
        SourceEvent::Track(e) => edit_own!(
            e,
            "event" => event = text(op, v),
            "properties" => properties = json(),
        ),
        SourceEvent::Alias(e) => edit_own!(e, "previousId" => previous_id = loose_text(op, v)),
        SourceEvent::Page(e) => edit_page_or_screen!(e),
        SourceEvent::Screen(e) => edit_page_or_screen!(e),
        SourceEvent::Group(e) => edit_own!(
            e,
            "groupId" => group_id = loose_text(op, v),
            "traits" => traits = json(),
        ),
        _ => false,
    }
}

/// A fixture: its name, its bytes, and its top-level keys that hold `null` (per event of a
/// batch).
struct Fixture {
    name: String,
    bytes: Vec<u8>,
    null_keys: Vec<Vec<String>>,
    batch: bool,
}

fn null_keys(value: &Value) -> Vec<String> {
    value
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| v.is_null())
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default()
}

fn load(dir: &str) -> Vec<Fixture> {
    common::fixtures(dir)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let value: Value = serde_json::from_slice(&bytes).unwrap();
            let batch = value.get("batch").is_some();
            let null_keys = match value.get("batch").and_then(Value::as_array) {
                Some(events) => events.iter().map(null_keys).collect(),
                None => vec![null_keys(&value)],
            };
            Fixture {
                name: common::name(&path),
                bytes,
                null_keys,
                batch,
            }
        })
        .collect()
}

static WEBHOOK_FIXTURES: LazyLock<Vec<Fixture>> = LazyLock::new(|| load("webhooks"));
static SOURCE_FIXTURES: LazyLock<Vec<Fixture>> = LazyLock::new(|| load("source"));

/// The field an edit names: among the keys that arrived `null` when it asks and there are some,
/// else in the model's list.
fn pick<'a>(edit: &Edit, nulls: &'a [String], keys: &'a [&'a str]) -> &'a str {
    if edit.null_field && !nulls.is_empty() {
        &nulls[edit.pick % nulls.len()]
    } else {
        keys[edit.pick % keys.len()]
    }
}

/// `event` written as text has no key twice, and `parse` reads that text back as `event`;
/// failures name the fixture `name` and show the text.
fn written_once_and_read_back<E: serde::Serialize + PartialEq + std::fmt::Debug>(
    event: &E,
    parse: impl Fn(&[u8]) -> Result<E, sprig_events::Error>,
    name: &str,
) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(event).unwrap();
    let fail = |e: &dyn std::fmt::Display| TestCaseError::fail(format!("{name}: {e}: {text}"));
    common::no_duplicate_keys(&text).map_err(|e| fail(&e))?;
    let back = parse(text.as_bytes()).map_err(|e| fail(&e))?;
    prop_assert_eq!(&back, event, "{}: {}", name, text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn edited_webhook_fixtures_write_no_key_twice_and_read_back_the_same(
        edits in prop::collection::vec(edit(), 1..8)
    ) {
        for fixture in WEBHOOK_FIXTURES.iter() {
            // A fixture that does not parse fails `webhook_fixtures`; here it has nothing to edit.
            let Ok(mut event) = parse_webhook(&fixture.bytes) else { continue };
            for edit in &edits {
                let key = pick(edit, &fixture.null_keys[0], webhook_keys(&event));
                edit_webhook(&mut event, key, edit.op, &edit.val);
            }
            written_once_and_read_back(&event, parse_webhook, &fixture.name)?;
        }
    }

    #[test]
    fn edited_source_fixtures_write_no_key_twice_and_read_back_the_same(
        edits in prop::collection::vec(edit(), 1..8)
    ) {
        for fixture in SOURCE_FIXTURES.iter() {
            // A fixture that does not parse fails `source_fixtures`; here it has nothing to edit.
            let parsed = if fixture.batch {
                parse_batch(&fixture.bytes)
            } else {
                parse_source_event(&fixture.bytes).map(|event| vec![event])
            };
            let Ok(events) = parsed else { continue };
            for (i, mut event) in events.into_iter().enumerate() {
                let nulls = fixture.null_keys.get(i).map_or(&[][..], Vec::as_slice);
                for edit in &edits {
                    let key = pick(edit, nulls, SOURCE_KEYS);
                    edit_source(&mut event, key, edit.op, &edit.val);
                }
                let name = format!("{}[{i}]", fixture.name);
                written_once_and_read_back(&event, parse_source_event, &name)?;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// The strategies the crate ships for users' property tests: each body parses to the event
    /// the strategy built from the same parts (without parsing), the event writes the canonical
    /// form those parts imply, and that form reads back the same.
    #[test]
    fn shipped_strategies_pair_each_body_with_what_it_parses_to(
        webhook in sprig_events::strategies::webhook()
    ) {
        shipped_webhook_checks(&webhook)?;
    }

    #[test]
    fn shipped_strategies_cover_every_question_type(
        question in prop::sample::select(
            sprig_events::webhook::QuestionKind::ALL.iter().copied().map(Some).chain([None]).collect::<Vec<_>>()
        ),
        seed in any::<u64>(),
    ) {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::new_with_rng(
            ProptestConfig::default(),
            proptest::test_runner::TestRng::from_seed(
                proptest::test_runner::RngAlgorithm::ChaCha,
                &[seed as u8; 32],
            ),
        );
        let webhook = sprig_events::strategies::answer_submitted(question)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let sprig_events::WebhookEvent::AnswerSubmitted(answer) = &webhook.event else {
            panic!("{:?}", webhook.kind)
        };
        prop_assert_eq!(answer.question_type().kind(), question);
        shipped_webhook_checks(&webhook)?;
    }

    #[test]
    fn shipped_strategies_give_the_kind_asked_for(
        kind in select(WebhookKind::ALL.to_vec()),
        seed in any::<u64>(),
    ) {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::new_with_rng(
            ProptestConfig::default(),
            proptest::test_runner::TestRng::from_seed(
                proptest::test_runner::RngAlgorithm::ChaCha,
                &seed.to_le_bytes().repeat(4),
            ),
        );
        let webhook = sprig_events::strategies::webhook_of(kind)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        prop_assert_eq!(webhook.kind, kind);
        prop_assert_eq!(webhook.event.kind(), kind);
        shipped_webhook_checks(&webhook)?;
    }
}

/// What every webhook a shipped strategy gives must satisfy: its body parses to its event (built
/// by the strategy without parsing), of its kind; the event serializes to the canonical form the
/// strategy wrote from the same parts (each key of the body in the form the crate docs' table
/// gives it, `""` and `"null"` for none dropped); and that form parses back to the same event.
fn shipped_webhook_checks(
    webhook: &sprig_events::strategies::Webhook,
) -> Result<(), TestCaseError> {
    let body = String::from_utf8_lossy(&webhook.body);
    let event = parse_webhook(&webhook.body)
        .map_err(|e| TestCaseError::fail(format!("{e}\nbody: {body}")))?;
    prop_assert_eq!(&event, &webhook.event, "body: {}", body);
    prop_assert_eq!(event.kind(), webhook.kind);
    let out = serde_json::to_value(&webhook.event).unwrap();
    prop_assert_eq!(&out, &webhook.canonical, "body: {}", body);
    let again = parse_webhook(&serde_json::to_vec(&out).unwrap()).unwrap();
    prop_assert_eq!(again, event);
    Ok(())
}
