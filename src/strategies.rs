//! Feature `proptest`: strategies that yield webhooks as Sprig sends them — ids as numbers or
//! numeric strings, JSON in strings, times in any offset, unknown keys — paired with the typed
//! value they parse to, so that you can property-test your handler.
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
//! Each webhook is drawn as parts (ids, times, question type, answer, unknown keys, and which
//! quirk each part comes in); the body is written from the parts, quirks applied, and the
//! event is built from the same parts through the models' constructors, setters and public
//! fields, never by parsing the body. So the pair can disagree, and a test that compares them
//! checks the parser. Every case drawn is valid: none is filtered out.
//!
//! What the parts cannot come as: a known field as a literal `null` (the model notes which
//! fields came `null`, and only parsing sets that note; `""` and `"null"` in a string are
//! drawn instead where the wire allows them), and a payload without its `eventName` (a model's
//! `eventName` and `action` are set by its constructor only).
//!
//! The crate's own property tests draw from these strategies too.

use chrono::{DateTime, FixedOffset, Offset, SecondsFormat, Utc};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value};

use crate::webhook::{
    AnswerSubmitted, EnvironmentId, EpochMillis, Platform, QuestionKind, QuestionType,
    QuestionTypeId, ResponseGroupUid, SelectedIndexes, StatusChange, StudyQuestion, StudySeen,
    StudySent, StudyStatus, StudyStatusChanged, StudySubmitted, SubmittedQuestion, SurveyId,
    TestPing, ThemeIdentified, ThemeQuestion, VisitorId, WebhookId,
};
use crate::{WebhookEvent, WebhookKind};

/// A generated webhook: its kind, the body as Sprig would send it, and the value it parses to.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Webhook {
    /// The kind the body is.
    pub kind: WebhookKind,
    /// The request body.
    pub body: Vec<u8>,
    /// What parsing the body should give, built from the parts the body was written from.
    pub event: WebhookEvent,
    /// What serializing `event` should write: the canonical form of the body (stringified JSON
    /// decoded, numbers as numbers, times in UTC), also written from the parts.
    pub canonical: Value,
}

/// A webhook of any kind (unknown ones included), with the wire's quirks.
pub fn webhook() -> impl Strategy<Value = Webhook> {
    select(WebhookKind::ALL.to_vec()).prop_flat_map(webhook_of)
}

/// A webhook of `kind`, with the wire's quirks. For Answer Submitted, any question type.
pub fn webhook_of(kind: WebhookKind) -> impl Strategy<Value = Webhook> {
    (parts(), answer(every_question_type()))
        .prop_map(move |(parts, answer)| build(kind, parts, answer))
}

/// An Answer Submitted whose question is of `question` (`None`: a type this crate does not
/// know), its answer in one of the forms the wire allows.
pub fn answer_submitted(question: Option<QuestionKind>) -> impl Strategy<Value = Webhook> {
    (parts(), answer(vec![question]))
        .prop_map(|(parts, answer)| build(WebhookKind::AnswerSubmitted, parts, answer))
}

// ---------------------------------------------------------------------------------------------
// Parts.

/// One part of a payload as drawn: the JSON the wire carries (`None`: the key is left out),
/// the JSON the canonical form writes (`None`: no key), and the typed value.
#[derive(Clone, Debug)]
struct Part<T> {
    wire: Option<Value>,
    canonical: Option<Value>,
    value: T,
}

impl<T> Part<T> {
    /// The same JSON on the wire and in the canonical form.
    fn same(json: Value, value: T) -> Self {
        Part {
            wire: Some(json.clone()),
            canonical: Some(json),
            value,
        }
    }

    /// No key at all.
    fn absent(value: T) -> Self {
        Part {
            wire: None,
            canonical: None,
            value,
        }
    }

    /// On the wire as `wire`, which reads as nothing: no key in the canonical form.
    fn none_as(wire: &str, value: T) -> Self {
        Part {
            wire: Some(wire.into()),
            canonical: None,
            value,
        }
    }

    fn map<U>(self, f: impl FnOnce(T) -> U) -> Part<U> {
        Part {
            wire: self.wire,
            canonical: self.canonical,
            value: f(self.value),
        }
    }
}

/// A JSON object being written twice: as the wire has it and in canonical form.
#[derive(Default)]
struct Body {
    wire: Map<String, Value>,
    canonical: Map<String, Value>,
}

impl Body {
    /// Write `part` at `key`, and hand back its typed value.
    fn put<T>(&mut self, key: &str, part: Part<T>) -> T {
        if let Some(wire) = part.wire {
            self.wire.insert(key.into(), wire);
        }
        if let Some(canonical) = part.canonical {
            self.canonical.insert(key.into(), canonical);
        }
        part.value
    }

    /// A key that comes as the canonical form writes it.
    fn fixed(&mut self, key: &str, value: impl Into<Value>) {
        let value = value.into();
        self.wire.insert(key.into(), value.clone());
        self.canonical.insert(key.into(), value);
    }

    /// Keys no model knows, kept and written back as they came.
    fn unknown(&mut self, keys: Map<String, Value>) -> Map<String, Value> {
        for (key, value) in &keys {
            self.fixed(key, value.clone());
        }
        keys
    }

    fn into_part<T>(self, value: T) -> Part<T> {
        Part {
            wire: Some(Value::Object(self.wire)),
            canonical: Some(Value::Object(self.canonical)),
            value,
        }
    }

    fn finish(self, kind: WebhookKind, event: WebhookEvent) -> Webhook {
        Webhook {
            kind,
            body: Value::Object(self.wire).to_string().into_bytes(),
            event,
            canonical: Value::Object(self.canonical),
        }
    }
}

/// An integer as Sprig may send it: a number, its digits in a string, or with a zero fraction
/// (exact: every range drawn here stays below 2^53).
fn int_form(n: u64, form: u8) -> Value {
    match form {
        0 => Value::from(n),
        1 => Value::from(n.to_string()),
        _ => json!(n as f64),
    }
}

/// An integer of `range`, in any of the forms of [`int_form`]; written as a number.
fn integer(range: std::ops::Range<u64>) -> impl Strategy<Value = Part<u64>> {
    (range, 0u8..3).prop_map(|(n, form)| Part {
        wire: Some(int_form(n, form)),
        canonical: Some(n.into()),
        value: n,
    })
}

/// An optional integer: absent, or as [`integer`].
fn optional_integer(range: std::ops::Range<u64>) -> impl Strategy<Value = Part<Option<u64>>> {
    prop::option::of(integer(range))
        .prop_map(|part| part.map_or(Part::absent(None), |part| part.map(Some)))
}

const MILLIS: std::ops::Range<i64> = 1_500_000_000_000..1_900_000_000_000;

/// The instant `ms` milliseconds after the epoch (always in chrono's range here).
fn at_millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// `timestamp`: epoch milliseconds as a number, a string, or with a zero fraction.
fn epoch_millis() -> impl Strategy<Value = Part<EpochMillis>> {
    (MILLIS, 0u8..3).prop_map(|(ms, form)| Part {
        wire: Some(int_form(ms.unsigned_abs(), form)),
        canonical: Some(ms.into()),
        value: EpochMillis::from(at_millis(ms)),
    })
}

/// An RFC 3339 time in some offset, with or without its milliseconds; written in UTC with the
/// fraction it needs.
fn instant() -> impl Strategy<Value = Part<DateTime<Utc>>> {
    let offsets = vec![
        0,
        2 * 3600,
        -(5 * 3600 + 1800),
        14 * 3600,
        -12 * 3600,
        345 * 60,
    ];
    (MILLIS, any::<bool>(), select(offsets), any::<bool>()).prop_map(
        |(ms, whole_second, offset, all_digits)| {
            let ms = if whole_second { ms - ms % 1000 } else { ms };
            let at = at_millis(ms);
            let offset = FixedOffset::east_opt(offset).unwrap_or_else(|| Utc.fix());
            let digits = if all_digits {
                SecondsFormat::Millis
            } else {
                SecondsFormat::AutoSi
            };
            Part {
                wire: Some(
                    at.with_timezone(&offset)
                        .to_rfc3339_opts(digits, true)
                        .into(),
                ),
                canonical: Some(at.to_rfc3339_opts(SecondsFormat::AutoSi, true).into()),
                value: at,
            }
        },
    )
}

/// A text id: a string, or a number or boolean that reads as its text; or absent.
fn text_id() -> impl Strategy<Value = Part<Option<String>>> {
    let as_text = |wire: Value, text: String| Part {
        wire: Some(wire),
        canonical: Some(text.clone().into()),
        value: Some(text),
    };
    prop_oneof![
        Just(Part::absent(None)),
        "[a-z0-9_]{1,12}".prop_map(|s| Part::same(s.clone().into(), Some(s))),
        any::<u32>().prop_map(move |n| as_text(n.into(), n.to_string())),
        any::<bool>().prop_map(move |b| as_text(b.into(), b.to_string())),
    ]
}

/// `responseGroupUid`: a UUID (in either case), or a number in any integer form.
fn response_group_uid() -> impl Strategy<Value = Part<ResponseGroupUid>> {
    prop_oneof![
        (any::<u128>(), any::<bool>()).prop_map(|(bits, upper)| {
            let uuid = uuid::Uuid::from_u128(bits);
            let text = uuid.hyphenated().to_string();
            let wire = if upper {
                text.to_ascii_uppercase()
            } else {
                text.clone()
            };
            Part {
                wire: Some(wire.into()),
                canonical: Some(text.into()),
                value: ResponseGroupUid::Uuid(uuid),
            }
        }),
        integer(0..1 << 40).prop_map(|part| part.map(ResponseGroupUid::Number)),
    ]
}

/// An object that may come stringified: real, in a string, or none (absent, `""`, `"null"`).
fn json_object() -> impl Strategy<Value = Part<Option<Map<String, Value>>>> {
    let leaf = prop_oneof![
        "\\PC{0,12}".prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ];
    let object = prop::collection::btree_map("[a-zA-Z_]{1,8}", leaf, 0..3)
        .prop_map(|map| map.into_iter().collect::<Map<_, _>>());
    (object, 0u8..5).prop_map(|(object, form)| match form {
        0 => Part::absent(None),
        1 => Part::none_as("", None),
        2 => Part::none_as("null", None),
        3 => Part {
            wire: Some(Value::Object(object.clone()).to_string().into()),
            canonical: Some(Value::Object(object.clone())),
            value: Some(object),
        },
        _ => Part::same(Value::Object(object.clone()), Some(object)),
    })
}

/// `platform`: absent, a known one, or one this crate does not know.
fn platform() -> impl Strategy<Value = Part<Option<Platform>>> {
    let names = vec![
        "web",
        "link",
        "ios",
        "android",
        "react-native",
        "email",
        "kiosk",
    ];
    prop::option::of(select(names)).prop_map(|name| match name {
        Some(name) => Part::same(name.into(), Some(Platform::from(name))),
        None => Part::absent(None),
    })
}

/// Unknown keys, prefixed so that no model knows them, with any value (finite floats too).
fn unknown_keys() -> impl Strategy<Value = Map<String, Value>> {
    use prop::num::f64;
    let finite = f64::POSITIVE | f64::NEGATIVE | f64::NORMAL | f64::SUBNORMAL | f64::ZERO;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        finite.prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    prop::collection::btree_map("x_\\PC{1,8}", leaf, 0..3).prop_map(|map| map.into_iter().collect())
}

/// Text as a respondent may write it, some of it looking like a number, JSON or a null.
fn respondent_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "\\PC{0,16}",
        1 => select(vec!["", "null", "9", "[\"a\"]", "{}", " "]).prop_map(str::to_owned),
    ]
}

fn every_question_type() -> Vec<Option<QuestionKind>> {
    QuestionKind::ALL
        .iter()
        .copied()
        .map(Some)
        .chain([None])
        .collect()
}

/// A question type as spelled on the wire: its name, maybe in capitals (`OPEN`); `ranking`
/// for a type this crate does not know.
fn spelling(kind: Option<QuestionKind>, capitals: bool) -> String {
    let name = kind.map_or("ranking", QuestionKind::as_str);
    if capitals {
        name.to_ascii_uppercase()
    } else {
        name.to_owned()
    }
}

/// An answer drawn: the question type as spelled on the wire, `response` (its value is the
/// canonical answer) and `selectedIndexes`.
#[derive(Clone, Debug)]
struct AnswerPart {
    question_type: String,
    response: Part<Option<Value>>,
    indexes: Part<Option<SelectedIndexes>>,
}

/// A response the question type decodes: the JSON, stringified, or skipped (no key, `""`,
/// `"null"`).
fn decoded(json: Value, form: u8) -> Part<Option<Value>> {
    match form {
        0 => Part::absent(None),
        1 => Part::none_as("", None),
        2 => Part::none_as("null", None),
        3 | 4 => Part {
            wire: Some(json.to_string().into()),
            canonical: Some(json.clone()),
            value: Some(json),
        },
        _ => Part::same(json.clone(), Some(json)),
    }
}

/// A score: in any integer form, or skipped as [`decoded`] skips.
fn score(n: u64, form: u8) -> Part<Option<Value>> {
    match form {
        0..=2 => decoded(Value::Null, form),
        _ => Part {
            wire: Some(int_form(n, form % 3)),
            canonical: Some(n.into()),
            value: Some(n.into()),
        },
    }
}

/// A multiple choice's `selectedIndexes`: absent, `""`, one index in any integer form, or a
/// list of one in a string.
fn one_index(n: u32, form: u8) -> Part<Option<SelectedIndexes>> {
    match form {
        0 => Part::absent(None),
        1 => Part::none_as("", None),
        2 => Part {
            wire: Some(format!("[{n}]").into()),
            canonical: Some(json!([n])),
            value: Some(SelectedIndexes::Many(vec![n])),
        },
        _ => Part {
            wire: Some(int_form(n.into(), form % 3)),
            canonical: Some(n.into()),
            value: Some(SelectedIndexes::One(n)),
        },
    }
}

/// `(questionType, response, selectedIndexes)` for a question of one of `kinds` (`None`: a
/// type this crate does not know), in the forms the wire allows.
fn answer(kinds: Vec<Option<QuestionKind>>) -> impl Strategy<Value = AnswerPart> {
    let statuses = vec!["completed", "given.up", "abandoned", "paused"];
    (
        (select(kinds), any::<bool>(), 0u8..8, 0u8..8),
        (0u64..11, 1u64..1000, any::<bool>(), select(statuses)),
        (
            respondent_text(),
            prop::collection::vec(respondent_text(), 1..4),
            prop::collection::btree_map("[A-Za-z]{1,8}", prop::option::of("\\PC{0,8}"), 0..3),
        ),
    )
        .prop_map(
            |(
                (kind, capitals, form, index_form),
                (n, rating, flag, status),
                (text, labels, rows),
            )| {
                let (response, indexes) = match kind {
                    Some(QuestionKind::Open) => (
                        Part::same(text.clone().into(), Some(text.into())),
                        Part::absent(None),
                    ),
                    Some(QuestionKind::Nps) => (score(n, form), Part::absent(None)),
                    Some(QuestionKind::Likert) => (score(rating, form), Part::absent(None)),
                    Some(QuestionKind::MultipleChoice) => (
                        Part::same(text.clone().into(), Some(text.into())),
                        one_index(n as u32, index_form),
                    ),
                    Some(QuestionKind::MultipleSelect) => {
                        let indexes: Vec<u32> =
                            (0..labels.len() as u32).map(|i| i * 2 + 1).collect();
                        let indexes = match index_form {
                            0 => Part::absent(None),
                            1..=3 => Part {
                                wire: Some(json!(indexes).to_string().into()),
                                canonical: Some(json!(indexes)),
                                value: Some(SelectedIndexes::Many(indexes)),
                            },
                            _ => Part::same(json!(indexes), Some(SelectedIndexes::Many(indexes))),
                        };
                        (decoded(json!(labels), form), indexes)
                    }
                    Some(QuestionKind::Matrix) => (decoded(json!(rows), form), Part::absent(None)),
                    Some(QuestionKind::ConsentLegal) => (
                        decoded(json!({"submitted": flag}), form),
                        Part::absent(None),
                    ),
                    Some(QuestionKind::VideoVoice) => (
                        decoded(json!({"mediaRecordingUid": text}), form),
                        Part::absent(None),
                    ),
                    Some(QuestionKind::RecordedTask) => (
                        decoded(json!({"taskStatus": status}), form),
                        Part::absent(None),
                    ),
                    Some(QuestionKind::TextUrlPrompt) => {
                        (decoded(json!({"skipped": flag}), form), Part::absent(None))
                    }
                    Some(QuestionKind::RankOrder) => {
                        let ranks: serde_json::Map<String, Value> = labels
                            .iter()
                            .enumerate()
                            .map(|(i, label)| (label.clone(), json!(i + 1)))
                            .collect();
                        (decoded(Value::Object(ranks), form), Part::absent(None))
                    }
                    Some(QuestionKind::MaxDiff) => {
                        let sides = ["left", "right"];
                        let round: Vec<Value> = labels
                            .iter()
                            .enumerate()
                            .map(|(i, label)| {
                                json!({"id": 100 + i, "option": label, "selected": sides.get(i)})
                            })
                            .collect();
                        (
                            decoded(json!([round.clone(), round]), form),
                            Part::absent(None),
                        )
                    }
                    // A type this crate does not know: the response is kept as it came, a
                    // string holding JSON included.
                    None => {
                        let rank = json!({"rank": labels});
                        let raw = match form {
                            0 => None,
                            1..=3 => Some(Value::from(rank.to_string())),
                            _ => Some(rank),
                        };
                        let response = match raw {
                            Some(raw) => Part::same(raw.clone(), Some(raw)),
                            None => Part::absent(None),
                        };
                        (response, Part::absent(None))
                    }
                };
                AnswerPart {
                    question_type: spelling(kind, capitals),
                    response,
                    indexes,
                }
            },
        )
}

/// Everything a payload of any kind is drawn from; each kind takes the parts it has.
#[derive(Clone, Debug)]
struct Parts {
    id: Part<u64>,
    survey_id: Part<u64>,
    product_id: Part<Option<u64>>,
    team_id: Part<Option<u64>>,
    timestamp: Part<EpochMillis>,
    at: Part<DateTime<Utc>>,
    response_group_uid: Part<ResponseGroupUid>,
    user_id: Part<Option<String>>,
    anonymous_id: Part<Option<String>>,
    custom_metadata: Part<Option<Map<String, Value>>>,
    attributes: Part<Option<Map<String, Value>>>,
    platform: Part<Option<Platform>>,
    environment_id: String,
    visitor_id: String,
    text: String,
    statuses: (&'static str, &'static str),
    /// Study Submitted's `questions`: an answer, its `order`, and whether the entry carries its
    /// `questionType`.
    submitted: Vec<(AnswerPart, Part<u64>, bool)>,
    /// Study Status Changed's `questions`: each one's `questionTypeId`.
    status_questions: Vec<Part<QuestionTypeId>>,
    unknown: Map<String, Value>,
}

fn question_type_id() -> impl Strategy<Value = Part<QuestionTypeId>> {
    prop_oneof![
        (select(every_question_type()), any::<bool>()).prop_map(|(kind, capitals)| {
            let name = spelling(kind, capitals);
            let id = QuestionTypeId::Name(QuestionType::from(name.as_str()));
            Part::same(name.into(), id)
        }),
        integer(0..1000).prop_map(|part| part.map(QuestionTypeId::Number)),
    ]
}

fn parts() -> impl Strategy<Value = Parts> {
    let statuses = vec![
        "NEW",
        "IN_PROGRESS",
        "PAUSED",
        "COMPLETED",
        "DRAFT",
        "ARCHIVED",
        "SCHEDULED",
    ];
    (
        (
            integer(0..1 << 40),
            integer(0..1 << 40),
            optional_integer(0..1 << 40),
            optional_integer(0..1 << 40),
            epoch_millis(),
            instant(),
            response_group_uid(),
        ),
        (
            text_id(),
            text_id(),
            json_object(),
            json_object(),
            platform(),
        ),
        (
            "[a-zA-Z0-9]{0,8}",
            "[a-z0-9]{1,12}",
            "\\PC{1,16}",
            (select(statuses.clone()), select(statuses)),
        ),
        (
            prop::collection::vec(
                (
                    answer(every_question_type()),
                    integer(0..1 << 31),
                    any::<bool>(),
                ),
                0..3,
            ),
            prop::collection::vec(question_type_id(), 0..3),
            unknown_keys(),
        ),
    )
        .prop_map(
            |(
                (id, survey_id, product_id, team_id, timestamp, at, response_group_uid),
                (user_id, anonymous_id, custom_metadata, attributes, platform),
                (environment_id, visitor_id, text, statuses),
                (submitted, status_questions, unknown),
            )| Parts {
                id,
                survey_id,
                product_id,
                team_id,
                timestamp,
                at,
                response_group_uid,
                user_id,
                anonymous_id,
                custom_metadata,
                attributes,
                platform,
                environment_id,
                visitor_id,
                text,
                statuses,
                submitted,
                status_questions,
                unknown,
            },
        )
}

// ---------------------------------------------------------------------------------------------
// The body and the event, from the same parts.

/// A list of parts, as one part: the list of what each writes, and of their values.
fn list<T>(entries: Vec<Part<T>>) -> Part<Vec<T>> {
    let mut wire = Vec::new();
    let mut canonical = Vec::new();
    let mut values = Vec::new();
    for entry in entries {
        wire.extend(entry.wire);
        canonical.extend(entry.canonical);
        values.push(entry.value);
    }
    Part {
        wire: Some(wire.into()),
        canonical: Some(canonical.into()),
        value: values,
    }
}

/// A part in a payload no model reads: written back exactly as it came.
fn as_it_came<T>(part: Part<T>) -> Part<()> {
    Part {
        canonical: part.wire.clone(),
        wire: part.wire,
        value: (),
    }
}

/// A refusal of a canonical answer, which always fits its type: a bug in the crate, reported
/// as one rather than hidden by the generator.
fn refused(error: crate::Error) -> ! {
    panic!("the setter refused a canonical answer: {error}")
}

/// The body of a payload of `kind` and the event it reads as, from `parts` (and `answer`, for
/// Answer Submitted and Theme Identified).
fn build(kind: WebhookKind, parts: Parts, answer: AnswerPart) -> Webhook {
    let mut body = Body::default();
    let event: WebhookEvent = match kind {
        WebhookKind::AnswerSubmitted => {
            body.fixed("eventType", "survey_response");
            body.fixed("eventName", "surveyResponse");
            body.fixed("environmentId", parts.environment_id.as_str());
            body.fixed("visitorId", parts.visitor_id.as_str());
            body.fixed("question", parts.text.as_str());
            body.fixed("questionType", answer.question_type.as_str());
            let mut event = AnswerSubmitted::new(
                WebhookId(body.put("id", parts.id)),
                EnvironmentId::new(parts.environment_id),
                SurveyId(body.put("surveyId", parts.survey_id)),
                VisitorId::new(parts.visitor_id),
                body.put("responseGroupUid", parts.response_group_uid),
                parts.text,
                body.put("createdAt", parts.at),
            );
            event.timestamp = body.put("timestamp", parts.timestamp);
            event.user_id = body.put("userId", parts.user_id);
            event.anonymous_id = body.put("anonymousId", parts.anonymous_id);
            event.custom_metadata = body.put("customMetadata", parts.custom_metadata);
            event.attributes = body.put("attributes", parts.attributes);
            event.selected_indexes = body.put("selectedIndexes", answer.indexes);
            let response = body.put("response", answer.response);
            event
                .set_response(QuestionType::from(answer.question_type), response)
                .unwrap_or_else(|e| refused(e));
            event.extra = body.unknown(parts.unknown);
            event.into()
        }
        WebhookKind::StudySubmitted => {
            body.fixed("eventType", "product_message");
            body.fixed("eventName", "surveySubmitted");
            body.fixed("action", "completed");
            body.fixed("environmentId", parts.environment_id.as_str());
            body.fixed("visitorId", parts.visitor_id.as_str());
            let mut event = StudySubmitted::new(
                EnvironmentId::new(parts.environment_id),
                SurveyId(body.put("surveyId", parts.survey_id)),
                VisitorId::new(parts.visitor_id),
                body.put("responseGroupUid", parts.response_group_uid),
                body.put("eventDate", parts.at),
            );
            event.timestamp = body.put("timestamp", parts.timestamp);
            event.product_id = body.put("productId", parts.product_id);
            event.platform = body.put("platform", parts.platform);
            let entries = parts.submitted.into_iter().enumerate();
            let entries = entries.map(|(i, (answer, order, typed))| {
                let mut entry = Body::default();
                let wording = format!("{} {i}", parts.text);
                entry.fixed("question", wording.as_str());
                let mut question =
                    SubmittedQuestion::new(wording).with_order(entry.put("order", order) as u32);
                let question_type = typed.then(|| {
                    entry.fixed("questionType", answer.question_type.as_str());
                    QuestionType::from(answer.question_type)
                });
                // Without a type, the response is the respondent's, kept as it came.
                let response = if typed {
                    answer.response
                } else {
                    let came = answer.response.wire;
                    Part {
                        wire: came.clone(),
                        canonical: came.clone(),
                        value: came,
                    }
                };
                let response = entry.put("response", response);
                question
                    .set_response(question_type, response)
                    .unwrap_or_else(|e| refused(e));
                entry.into_part(question)
            });
            event.questions = body.put("questions", list(entries.collect()));
            event.extra = body.unknown(parts.unknown);
            event.into()
        }
        WebhookKind::StudySent | WebhookKind::StudySeen => {
            body.fixed("eventType", "product_message");
            body.fixed("environmentId", parts.environment_id.as_str());
            body.fixed("visitorId", parts.visitor_id.as_str());
            let (environment_id, visitor_id) = (parts.environment_id, parts.visitor_id);
            let survey_id = body.put("surveyId", parts.survey_id);
            let uid = body.put("responseGroupUid", parts.response_group_uid);
            let at = body.put("eventDate", parts.at);
            macro_rules! delivery {
                ($model:ident, $event_name:literal, $action:literal) => {{
                    body.fixed("eventName", $event_name);
                    body.fixed("action", $action);
                    let mut event = $model::new(
                        EnvironmentId(environment_id),
                        SurveyId(survey_id),
                        VisitorId(visitor_id),
                        uid,
                        at,
                    );
                    event.timestamp = body.put("timestamp", parts.timestamp);
                    event.team_id = body.put("teamId", parts.team_id);
                    event.product_id = body.put("productId", parts.product_id);
                    event.user_id = body.put("userId", parts.user_id);
                    event.anonymous_id = body.put("anonymousId", parts.anonymous_id);
                    event.custom_metadata = body.put("customMetadata", parts.custom_metadata);
                    event.attributes = body.put("attributes", parts.attributes);
                    event.platform = body.put("platform", parts.platform);
                    event.extra = body.unknown(parts.unknown);
                    event.into()
                }};
            }
            if kind == WebhookKind::StudySent {
                delivery!(StudySent, "studySent", "sent")
            } else {
                delivery!(StudySeen, "studySeen", "seen")
            }
        }
        WebhookKind::StudyStatusChanged => {
            body.fixed("eventType", "product_message");
            body.fixed("eventName", "surveyStatusChange");
            body.fixed("environmentId", parts.environment_id.as_str());
            let (old, new) = parts.statuses;
            body.fixed("oldStatus", old);
            body.fixed("status", new);
            let mut event = StudyStatusChanged::new(
                EnvironmentId::new(parts.environment_id),
                SurveyId(body.put("surveyId", parts.survey_id)),
                StatusChange {
                    from: StudyStatus::from(old),
                    to: StudyStatus::from(new),
                },
            );
            event.product_id = body.put("productId", parts.product_id);
            let entries = parts.status_questions.into_iter().enumerate();
            let entries = entries.map(|(i, id)| {
                let mut entry = Body::default();
                let wording = format!("{} {i}", parts.text);
                entry.fixed("question", wording.as_str());
                let id = entry.put("questionTypeId", id);
                entry.into_part(StudyQuestion::new(wording, id))
            });
            event.questions = body.put("questions", list(entries.collect()));
            event.extra = body.unknown(parts.unknown);
            event.into()
        }
        WebhookKind::ThemeIdentified => {
            let theme = format!("Theme {}", parts.visitor_id);
            body.fixed("themename", theme.as_str());
            body.fixed("environmentId", parts.environment_id.as_str());
            body.fixed("questionText", parts.text.as_str());
            body.fixed("questionType", answer.question_type.as_str());
            let mut event = ThemeIdentified::new(
                EnvironmentId::new(parts.environment_id),
                theme,
                ThemeQuestion::new(parts.text, QuestionType::from(answer.question_type)),
                body.put("updatedAt", parts.at),
            );
            event.product_id = body.put("productId", parts.product_id);
            event.extra = body.unknown(parts.unknown);
            event.into()
        }
        WebhookKind::Test => {
            body.fixed("eventType", "TEST");
            body.fixed("environmentId", parts.environment_id.as_str());
            body.fixed("surveyName", "TEST_SURVEY");
            let mut event = TestPing::new(
                WebhookId(body.put("id", parts.id)),
                EnvironmentId::new(parts.environment_id),
                SurveyId(body.put("surveyId", parts.survey_id)),
            )
            .with_survey_name("TEST_SURVEY");
            event.extra = body.unknown(parts.unknown);
            event.into()
        }
        // Any other kind is one this crate does not know: an `eventName` no rule names, and
        // the payload kept whole, as it came.
        _ => {
            body.fixed("eventName", "somethingNew");
            body.put("surveyId", as_it_came(parts.survey_id));
            body.put("timestamp", as_it_came(parts.timestamp));
            body.unknown(parts.unknown);
            WebhookEvent::Unknown(body.wire.clone())
        }
    };
    body.finish(kind, event)
}
