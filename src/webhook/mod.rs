//! Sprig → your service: the webhook payloads, typed.
//!
//! [`parse_webhook`] reads a request body into a [`WebhookEvent`]. One
//! file per event kind; the value sets Sprig owns are listed [below](#value-sets), the answer
//! shapes in [`Answer`].
//!
//! # Value sets
//! [`EventType`], [`EventName`], [`StudyAction`], [`RecordType`], [`Platform`], [`StudyStatus`],
//! [`TaskStatus`], [`MaxDiffSide`] and [`QuestionType`] keep values they do not know, so a value Sprig adds
//! tomorrow parses today.

pub(crate) mod answer;
mod answer_submitted;
mod ids;
mod kind;
mod study_delivery;
mod study_status_changed;
mod study_submitted;
mod test_ping;
mod theme_identified;
mod values;

use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

pub use crate::wire::{EpochMillis, UnknownValue};
pub use answer::{
    Answer, Choice, MaxDiffOption, MaxDiffRound, NpsCategory, RankedOption, Recording,
    SelectedIndexes,
};
pub use answer_submitted::AnswerSubmitted;
pub use ids::{EnvironmentId, StatusChange, SurveyId, ThemeQuestion, VisitorId, WebhookId};
pub use kind::{KindRule, Otherwise, UnknownKind, WebhookKind};
pub use study_delivery::{StudySeen, StudySent};
pub use study_status_changed::{QuestionTypeId, StudyQuestion, StudyStatusChanged};
pub use study_submitted::{StudySubmitted, SubmittedQuestion};
pub use test_ping::TestPing;
pub use theme_identified::ThemeIdentified;
pub use values::{
    EventName, EventType, MaxDiffSide, Platform, QuestionKind, QuestionType, RecordType,
    ResponseGroupUid, StudyAction, StudyStatus, TaskStatus, UnknownQuestionKind,
};

use crate::wire::read::{self, Input};
use crate::Error;

/// The table of webhook kinds: each kind's [`WebhookEvent`] variant, payload type, stable name
/// and description. Every list of kinds in the crate (the event enum, [`WebhookKind`], parsing,
/// writing, the schemas, the axum extractor) is made from this one table, by handing it a
/// macro: `webhook_kinds!(then)` expands to `then! { …rows… }`. Adding a kind is a row here
/// plus its recognition rule in [`WebhookKind::RULES`].
macro_rules! webhook_kinds {
    ($then:ident) => {
        $then! {
            AnswerSubmitted(AnswerSubmitted) = "answer_submitted", "A respondent answered a question.";
            StudySubmitted(StudySubmitted) = "study_submitted", "A respondent completed a study.";
            StudySent(StudySent) = "study_sent", "Sprig delivered a study.";
            StudySeen(StudySeen) = "study_seen", "A visitor saw a study.";
            StudyStatusChanged(StudyStatusChanged) = "study_status_changed", "A study's status changed.";
            ThemeIdentified(ThemeIdentified) = "theme_identified", "Sprig identified a theme.";
            Test(TestPing) = "test", "The \"Test Webhook\" ping.";
        }
    };
}
pub(crate) use webhook_kinds;

/// The event enum and everything that follows from the table alone.
macro_rules! webhook_event {
    ($($variant:ident($ty:ident) = $name:literal, $doc:literal;)*) => {
        /// Any webhook Sprig sends, by kind.
        ///
        /// Serializes as the payload itself, in canonical form (see the crate docs);
        /// deserializing that output gives the same value. Also implements `Deserialize` (for
        /// web frameworks' JSON extractors) and `FromStr`.
        ///
        /// Each kind's payload is boxed: an Answer Submitted payload is over 800 bytes, and a
        /// boxed event is under a hundred (the size of the `Unknown` map), so it and the
        /// `Result` it comes in move cheaply. Fields read through the box as through the struct
        /// (`answer.survey_id`); a payload becomes an event with `.into()` (every payload type
        /// converts, boxed or not).
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum WebhookEvent {
            $( #[doc = $doc] $variant(Box<$ty>), )*
            /// A payload of a kind this crate does not recognise, kept whole. (A map built by
            /// hand that the kind rules give to a known kind is written as it is, and reads
            /// back as that kind.)
            Unknown(Map<String, Value>),
        }

        impl WebhookEvent {
            /// The kind of event.
            pub fn kind(&self) -> WebhookKind {
                match self {
                    $( WebhookEvent::$variant(_) => WebhookKind::$variant, )*
                    WebhookEvent::Unknown(_) => WebhookKind::Unknown,
                }
            }

            /// `environmentId`, which every kind but an unknown one carries (an unknown one,
            /// when it has it as a string).
            pub fn environment_id(&self) -> Option<&str> {
                match self {
                    $( WebhookEvent::$variant(e) => Some(&e.environment_id), )*
                    WebhookEvent::Unknown(map) => {
                        map.get("environmentId").and_then(Value::as_str)
                    }
                }
            }
        }

        /// Read `input` as the event of `kind`.
        fn parse_as<E>(kind: WebhookKind, input: impl Input<E>) -> Result<WebhookEvent, E> {
            Ok(match kind {
                $( WebhookKind::$variant => WebhookEvent::$variant(input.model()?), )*
                WebhookKind::Unknown => {
                    WebhookEvent::Unknown(input.plain::<kind::UnknownPayload>()?.0)
                }
            })
        }

        $(
            impl From<$ty> for WebhookEvent {
                fn from(event: $ty) -> Self {
                    WebhookEvent::$variant(Box::new(event))
                }
            }

            impl From<Box<$ty>> for WebhookEvent {
                fn from(event: Box<$ty>) -> Self {
                    WebhookEvent::$variant(event)
                }
            }
        )*

        impl Serialize for WebhookEvent {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( WebhookEvent::$variant(e) => e.serialize(s), )*
                    WebhookEvent::Unknown(map) => map.serialize(s),
                }
            }
        }

        /// The JSON Schema of one kind of webhook payload, describing every form the parser
        /// accepts.
        ///
        /// ```
        /// use sprig_events::webhook::{json_schema, WebhookKind};
        ///
        /// let schema = json_schema(WebhookKind::AnswerSubmitted);
        /// let required = schema.get("required").and_then(|r| r.as_array()).unwrap();
        /// assert!(required.iter().any(|field| field == "surveyId"));
        /// ```
        #[cfg(feature = "schemars")]
        #[cfg_attr(docsrs, doc(cfg(feature = "schemars")))]
        pub fn json_schema(kind: WebhookKind) -> schemars::Schema {
            match kind {
                $( WebhookKind::$variant => schemars::schema_for!($ty), )*
                WebhookKind::Unknown => schemars::json_schema!({"type": "object"}),
            }
        }
    };
}
webhook_kinds!(webhook_event);

impl WebhookEvent {
    /// `surveyId`, the study's id, for the kinds that are about one study.
    pub fn survey_id(&self) -> Option<u64> {
        match self {
            WebhookEvent::AnswerSubmitted(e) => Some(e.survey_id),
            WebhookEvent::StudySubmitted(e) => Some(e.survey_id),
            WebhookEvent::StudySent(e) => Some(e.survey_id),
            WebhookEvent::StudySeen(e) => Some(e.survey_id),
            WebhookEvent::StudyStatusChanged(e) => Some(e.survey_id),
            WebhookEvent::Test(e) => Some(e.survey_id),
            WebhookEvent::ThemeIdentified(_) | WebhookEvent::Unknown(_) => None,
        }
    }

    /// Read an event from a parsed JSON value (when the body was already parsed elsewhere).
    /// [`parse_webhook`] on the bytes is faster. One difference: a key given twice in the text
    /// is refused by [`parse_webhook`] when the model knows it, while a JSON tree has already
    /// kept the last value.
    pub fn from_value(value: Value) -> Result<Self, Error> {
        let map: Map<String, Value> = read::from_value(value)?;
        let kind = WebhookKind::of_map(&map);
        parse_as(kind, Value::Object(map))
    }
}

/// Parse a webhook request body.
///
/// The kind comes from the body alone (see [`WebhookKind::RULES`]); a payload of a kind this
/// crate does not recognise is [`WebhookEvent::Unknown`], not an error, while a recognised kind
/// with a bad field is an error naming the field. The body is parsed once, straight into the
/// kind's struct, without a JSON tree in between: the kind is guessed from the bytes, and the
/// model checks the guess against the `eventType`, `eventName`, `action` and `themename` it
/// reads. A wrong guess, or a bad body, costs a second read of the discriminating keys and a
/// second parse, which names the failing field.
///
/// ```
/// use sprig_events::{parse_webhook, WebhookKind};
///
/// let body = br#"{"id":1,"environmentId":"abc123","surveyId":1,"surveyName":"TEST_SURVEY","eventType":"TEST"}"#;
/// let event = parse_webhook(body)?;
/// assert_eq!(event.kind(), WebhookKind::Test);
/// assert_eq!(event.kind().as_str(), "test");
///
/// let err = parse_webhook(br#"{"eventType":"TEST","id":1,"environmentId":"e","surveyId":"x"}"#)
///     .unwrap_err();
/// assert!(err.to_string().starts_with("surveyId: "));
/// # Ok::<(), sprig_events::Error>(())
/// ```
pub fn parse_webhook(body: &[u8]) -> Result<WebhookEvent, Error> {
    let text = read::text(body)?;
    // A guess misled by a nested key, or by a key inside a string, fails the model's own check
    // of the top-level keys it reads.
    // Every model checks its own kind as it reads, the payload of no known kind included.
    if let Ok(event) = parse_as(WebhookKind::guess(text), read::Quick(text)) {
        return Ok(event);
    }
    let probe: kind::Probe<'_> = read::from_str(text)?;
    parse_as(probe.kind(), read::Tracked(text))
}

/// The fast reader and serde_json's, each alone, on `text` read as every kind: how each kind
/// fared, or the first disagreement.
#[cfg(test)]
pub(crate) fn readers_agree(text: &str) -> Result<Vec<read::readers::Outcome>, String> {
    use read::readers::{agree, FastOnly, SerdeJsonOnly};
    // The probe read when the guess fails skips all but a few keys.
    agree(
        crate::wire::fast::from_str::<kind::Probe<'_>>(text).map(|p| p.kind().as_str()),
        read::read_serde_json::<kind::Probe<'_>>(text)
            .map(|p| p.kind().as_str())
            .map_err(|e| e.to_string()),
    )
    .map_err(|e| format!("probe: {e}"))?;
    WebhookKind::RULES
        .iter()
        .map(|rule| rule.kind)
        .chain([WebhookKind::Unknown])
        .map(|kind| {
            agree(
                parse_as(kind, FastOnly(text)),
                parse_as(kind, SerdeJsonOnly(text)),
            )
            .map_err(|e| format!("as {kind}: {e}"))
        })
        .collect()
}

impl FromStr for WebhookEvent {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_webhook(s.as_bytes())
    }
}

impl<'de> Deserialize<'de> for WebhookEvent {
    /// From any self-describing format: the payload is read into a JSON tree first, since the
    /// kind may be decided by a key that comes last.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        WebhookEvent::from_value(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::parse_webhook;
    use crate::wire::read::passes;

    /// Fixtures whose last `eventType` is nested, after the top-level one, or whose only
    /// discriminators are nested: the guess from the bytes is wrong on purpose, and the price is
    /// a pass over the discriminating keys and a second parse (so three passes in all).
    const MISLEADING: [&str; 3] = [
        "study_seen_nested_discriminators_come_last.json",
        "unknown_nested_discriminators_only.json",
        "test_relay_envelope_nested_event_type_last.json",
    ];

    /// The fast reader and serde_json's give equal events, of every kind, on every fixture,
    /// short payload and fuzz seed; and the fast reader reads every short payload itself.
    #[test]
    fn the_fast_reader_reads_every_payload_as_serde_json_does() {
        use crate::wire::read::readers::Outcome;
        let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
        let mut declined_short = Vec::new();
        for (name, text) in crate::wire::read::corpus(&["parse_webhook"]) {
            let each = super::readers_agree(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            for outcome in each {
                if outcome == Outcome::Declined && name.starts_with("small_webhooks") {
                    declined_short.push(name.clone());
                }
                *outcomes.entry(format!("{outcome:?}")).or_default() += 1;
            }
        }
        assert!(declined_short.is_empty(), "{declined_short:?}");
        // Every outcome occurs, so the comparison is not vacuous.
        assert_eq!(outcomes.len(), 3, "{outcomes:?}");
        assert!(
            outcomes.get("Same").is_some_and(|&n| n > 500),
            "{outcomes:?}"
        );
    }

    #[test]
    fn every_webhook_fixture_is_parsed_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/webhooks");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let body = std::fs::read(&path).unwrap();
            passes::take();
            parse_webhook(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
            let expected = if MISLEADING.contains(&name.as_str()) {
                3
            } else {
                1
            };
            assert_eq!(passes::take(), expected, "{name}");
            checked += 1;
        }
        assert!(checked > 50, "{checked}");
    }

    /// A discriminating key given twice is refused whichever model the guess tries first (a
    /// known kind's, or none), in short bodies and long ones; any other key given twice in a
    /// payload of no known kind keeps its last value, as a JSON tree does.
    #[test]
    fn a_discriminating_key_given_twice_is_refused_whatever_the_guess() {
        let pad = format!(",\"note\":\"{}\"", "x".repeat(3000));
        for (key, values) in [
            ("eventType", ["\"TEST\"", "\"x\""]),
            ("eventType", ["\"x\"", "\"survey_response\""]),
            ("eventName", ["\"studySeen\"", "\"x\""]),
            ("eventName", ["\"x\"", "\"studySent\""]),
            ("action", ["\"seen\"", "null"]),
            ("themename", ["\"Speed\"", "\"Price\""]),
        ] {
            for [first, second] in [values, [values[1], values[0]]] {
                for nested in [
                    "",
                    r#","n":{"eventType":"TEST"}"#,
                    r#","n":{"eventName":"x"}"#,
                ] {
                    for long in ["", pad.as_str()] {
                        let body =
                            format!(r#"{{"id":1,"{key}":{first}{long},"{key}":{second}{nested}}}"#);
                        let error = parse_webhook(body.as_bytes()).err();
                        assert!(
                            error.is_some_and(|e| e.to_string().contains("duplicate field")),
                            "{body}"
                        );
                    }
                }
            }
        }
        let event = parse_webhook(br#"{"id":1,"kind":"a","kind":"b"}"#).unwrap();
        let super::WebhookEvent::Unknown(map) = event else {
            panic!("{event:?}");
        };
        assert_eq!(map.get("kind"), Some(&serde_json::json!("b")));
    }

    /// A kind key given twice is refused in a payload of every kind, whether the kind's model
    /// reads it as a field or keeps it with the unknown keys (a Test ping's `themename`, a
    /// status change's `action`), with values that leave the kind as it is.
    #[test]
    fn a_kind_key_given_twice_is_refused_in_every_kind() {
        for sample in crate::samples::ALL {
            let text = std::str::from_utf8(sample.body).unwrap().trim_end();
            let open = text.strip_suffix('}').unwrap();
            for twice in [
                r#","themename":"a","themename":"b""#,
                r#","themename":null,"themename":null"#,
                r#","action":"x","action":null"#,
                r#","action":null,"action":null"#,
            ] {
                let body = format!("{open}{twice}}}");
                let error = parse_webhook(body.as_bytes()).err();
                assert!(
                    error.is_some_and(|e| e.to_string().contains("duplicate field")),
                    "{}: {twice}",
                    sample.name
                );
            }
        }
    }

    /// The short webhooks, written in the key order Sprig sends, are each read in one pass: the
    /// guess from their tail is right.
    #[test]
    fn every_short_webhook_is_parsed_once() {
        let mut checked = 0;
        for (name, text) in crate::wire::read::corpus(&[]) {
            if !name.starts_with("small_webhooks") {
                continue;
            }
            passes::take();
            parse_webhook(text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(passes::take(), 1, "{name}");
            checked += 1;
        }
        assert_eq!(checked, 146);
    }
}
