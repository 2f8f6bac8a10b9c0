//! Sprig → your service: the webhook payloads, typed.
//!
//! [`parse_webhook`] reads a request body into a [`WebhookEvent`]. One
//! file per event kind; the value sets Sprig owns are listed [below](#value-sets), the answer
//! shapes in [`Answer`].
//!
//! # Value sets
//! [`EventType`], [`EventName`], [`StudyAction`], [`RecordType`], [`Platform`], [`StudyStatus`],
//! [`TaskStatus`] and [`QuestionType`] keep values they do not know, so a value Sprig adds
//! tomorrow parses today.

mod answer;
mod answer_submitted;
mod study_delivery;
mod study_status_changed;
mod study_submitted;
mod test_ping;
mod theme_identified;
mod values;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

#[cfg(feature = "schemars")]
pub use crate::schema::webhook_schema as json_schema;
pub use answer::{Answer, Choice, SelectedIndexes};
pub use answer_submitted::AnswerSubmitted;
pub use study_delivery::{StudyDelivery, StudySeen, StudySent};
pub use study_status_changed::{QuestionTypeId, StudyQuestion, StudyStatusChanged};
pub use study_submitted::{StudySubmitted, SubmittedQuestion};
pub use test_ping::TestPing;
pub use theme_identified::ThemeIdentified;
pub use values::{
    EventName, EventType, Platform, QuestionKind, QuestionType, RecordType, ResponseGroupUid,
    StudyAction, StudyStatus, TaskStatus,
};

use crate::wire::{self, Extra, Input, KeyFinder};
use crate::Error;

/// Any webhook Sprig sends, by kind.
///
/// Serializes as the payload itself, in canonical form (see the crate docs); deserializing that
/// output gives the same value. Also implements `Deserialize` (for web frameworks' JSON
/// extractors) and `FromStr`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum WebhookEvent {
    /// A respondent answered a question.
    AnswerSubmitted(AnswerSubmitted),
    /// A respondent completed a study.
    StudySubmitted(StudySubmitted),
    /// Sprig delivered a study.
    StudySent(StudySent),
    /// A visitor saw a study.
    StudySeen(StudySeen),
    /// A study's status changed.
    StudyStatusChanged(StudyStatusChanged),
    /// Sprig identified a theme.
    ThemeIdentified(ThemeIdentified),
    /// The "Test Webhook" ping.
    Test(TestPing),
    /// A payload of a kind this crate does not recognise, kept whole.
    Unknown(Map<String, Value>),
}

/// The kind of a [`WebhookEvent`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum WebhookKind {
    /// Answer Submitted.
    AnswerSubmitted,
    /// Study Submitted.
    StudySubmitted,
    /// Study Sent.
    StudySent,
    /// Study Seen.
    StudySeen,
    /// Study Status Changed.
    StudyStatusChanged,
    /// Theme Identified.
    ThemeIdentified,
    /// The Test ping.
    Test,
    /// Not recognised.
    Unknown,
}

impl WebhookKind {
    /// Every kind, in the order of the docs.
    pub const ALL: [WebhookKind; 8] = [
        WebhookKind::AnswerSubmitted,
        WebhookKind::StudySubmitted,
        WebhookKind::StudySent,
        WebhookKind::StudySeen,
        WebhookKind::StudyStatusChanged,
        WebhookKind::ThemeIdentified,
        WebhookKind::Test,
        WebhookKind::Unknown,
    ];

    /// The kind's snake_case name, e.g. `answer_submitted`.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookKind::AnswerSubmitted => "answer_submitted",
            WebhookKind::StudySubmitted => "study_submitted",
            WebhookKind::StudySent => "study_sent",
            WebhookKind::StudySeen => "study_seen",
            WebhookKind::StudyStatusChanged => "study_status_changed",
            WebhookKind::ThemeIdentified => "theme_identified",
            WebhookKind::Test => "test",
            WebhookKind::Unknown => "unknown",
        }
    }

    /// Tell the kind from the discriminating fields (the body has no single type field).
    ///
    /// `eventType: "TEST"` first; then `eventName`, which, when present and not empty, decides
    /// alone (an unknown name is a new event); then `eventType: "survey_response"`, then `action`; a
    /// payload with `themename` and neither `eventType` nor `eventName` is a theme. The seed's
    /// Sent and Seen examples sit under each other's headings, so the section never counts.
    fn classify<'a>(
        event_type: Option<&'a str>,
        event_name: Option<&'a str>,
        action: Option<&'a str>,
        has_theme_name: bool,
    ) -> WebhookKind {
        // An empty discriminator says nothing: it must not turn a known payload into Unknown.
        let given = |value: Option<&'a str>| value.filter(|v| !v.is_empty());
        let (event_type, event_name, action) =
            (given(event_type), given(event_name), given(action));
        if event_type == Some("TEST") {
            return WebhookKind::Test;
        }
        if let Some(name) = event_name {
            return match name {
                "surveyResponse" => WebhookKind::AnswerSubmitted,
                "surveySubmitted" => WebhookKind::StudySubmitted,
                "studySent" => WebhookKind::StudySent,
                "studySeen" => WebhookKind::StudySeen,
                "surveyStatusChange" => WebhookKind::StudyStatusChanged,
                _ => WebhookKind::Unknown,
            };
        }
        match (event_type, action) {
            (Some("survey_response"), _) => WebhookKind::AnswerSubmitted,
            (_, Some("sent")) => WebhookKind::StudySent,
            (_, Some("seen")) => WebhookKind::StudySeen,
            (_, Some("completed")) => WebhookKind::StudySubmitted,
            (None, _) if has_theme_name => WebhookKind::ThemeIdentified,
            _ => WebhookKind::Unknown,
        }
    }

    fn of_map(map: &Map<String, Value>) -> WebhookKind {
        let text = |key: &str| map.get(key).and_then(Value::as_str);
        WebhookKind::classify(
            text("eventType"),
            text("eventName"),
            text("action"),
            map.get("themename").is_some_and(|v| !v.is_null()),
        )
    }
}

impl fmt::Display for WebhookKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WebhookKind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WebhookKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or(UnknownKind)
    }
}

/// The error of parsing a [`WebhookKind`] from a name that is none of its `as_str` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a webhook kind name")]
pub struct UnknownKind;

/// The discriminating fields of a payload, read without allocating; everything else is skipped.
#[derive(Deserialize)]
#[serde(expecting = "a webhook payload (a JSON object)")]
struct Probe<'a> {
    #[serde(
        rename = "eventType",
        borrow,
        default,
        deserialize_with = "wire::lenient_str"
    )]
    event_type: Option<Cow<'a, str>>,
    #[serde(
        rename = "eventName",
        borrow,
        default,
        deserialize_with = "wire::lenient_str"
    )]
    event_name: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "wire::lenient_str")]
    action: Option<Cow<'a, str>>,
    #[serde(default)]
    themename: Option<serde::de::IgnoredAny>,
}

impl Probe<'_> {
    fn kind(&self) -> WebhookKind {
        WebhookKind::classify(
            self.event_type.as_deref(),
            self.event_name.as_deref(),
            self.action.as_deref(),
            self.themename.is_some(),
        )
    }
}

impl WebhookEvent {
    /// The kind of event.
    pub fn kind(&self) -> WebhookKind {
        match self {
            WebhookEvent::AnswerSubmitted(_) => WebhookKind::AnswerSubmitted,
            WebhookEvent::StudySubmitted(_) => WebhookKind::StudySubmitted,
            WebhookEvent::StudySent(_) => WebhookKind::StudySent,
            WebhookEvent::StudySeen(_) => WebhookKind::StudySeen,
            WebhookEvent::StudyStatusChanged(_) => WebhookKind::StudyStatusChanged,
            WebhookEvent::ThemeIdentified(_) => WebhookKind::ThemeIdentified,
            WebhookEvent::Test(_) => WebhookKind::Test,
            WebhookEvent::Unknown(_) => WebhookKind::Unknown,
        }
    }

    /// The kind that this event's own discriminating fields give (see [`WebhookKind`]); for a
    /// parsed event it is [`WebhookEvent::kind`].
    fn discriminated_kind(&self) -> WebhookKind {
        fn text<'a>(extra: &'a Extra, key: &str) -> Option<&'a str> {
            extra.get(key).and_then(Value::as_str)
        }
        fn theme(extra: &Extra) -> bool {
            extra.get("themename").is_some_and(|v| !v.is_null())
        }
        let (event_type, event_name, action, has_theme) = match self {
            WebhookEvent::AnswerSubmitted(e) => (
                Some(e.event_type.as_str()),
                e.event_name.as_ref().map(EventName::as_str),
                text(&e.extra, "action"),
                theme(&e.extra),
            ),
            WebhookEvent::StudySubmitted(e) => (
                Some(e.event_type.as_str()),
                e.event_name.as_ref().map(EventName::as_str),
                e.action.as_ref().map(StudyAction::as_str),
                theme(&e.extra),
            ),
            WebhookEvent::StudySent(e) | WebhookEvent::StudySeen(e) => (
                Some(e.event_type.as_str()),
                e.event_name.as_ref().map(EventName::as_str),
                Some(e.action.as_str()),
                theme(&e.extra),
            ),
            WebhookEvent::StudyStatusChanged(e) => (
                Some(e.event_type.as_str()),
                e.event_name.as_ref().map(EventName::as_str),
                text(&e.extra, "action"),
                theme(&e.extra),
            ),
            WebhookEvent::ThemeIdentified(e) => (
                text(&e.extra, "eventType"),
                text(&e.extra, "eventName"),
                text(&e.extra, "action"),
                true,
            ),
            WebhookEvent::Test(e) => (
                Some(e.event_type.as_str()),
                text(&e.extra, "eventName"),
                text(&e.extra, "action"),
                theme(&e.extra),
            ),
            WebhookEvent::Unknown(map) => return WebhookKind::of_map(map),
        };
        WebhookKind::classify(event_type, event_name, action, has_theme)
    }

    /// `environmentId`, which every kind but an unknown one carries (an unknown one, when it
    /// has it as a string).
    pub fn environment_id(&self) -> Option<&str> {
        match self {
            WebhookEvent::AnswerSubmitted(e) => Some(&e.environment_id),
            WebhookEvent::StudySubmitted(e) => Some(&e.environment_id),
            WebhookEvent::StudySent(e) | WebhookEvent::StudySeen(e) => Some(&e.environment_id),
            WebhookEvent::StudyStatusChanged(e) => Some(&e.environment_id),
            WebhookEvent::ThemeIdentified(e) => Some(&e.environment_id),
            WebhookEvent::Test(e) => Some(&e.environment_id),
            WebhookEvent::Unknown(map) => map.get("environmentId").and_then(Value::as_str),
        }
    }

    /// `surveyId`, the study's id, for the kinds that are about one study.
    pub fn survey_id(&self) -> Option<u64> {
        match self {
            WebhookEvent::AnswerSubmitted(e) => Some(e.survey_id),
            WebhookEvent::StudySubmitted(e) => Some(e.survey_id),
            WebhookEvent::StudySent(e) | WebhookEvent::StudySeen(e) => Some(e.survey_id),
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
        let map: Map<String, Value> = wire::from_value(value)?;
        let kind = WebhookKind::of_map(&map);
        parse_as(kind, Value::Object(map))
    }
}

/// A guess at a body's kind from the first occurrence of each discriminating key, without
/// parsing; [`parse_webhook`] checks it against the parsed event.
fn guess_kind(body: &[u8]) -> WebhookKind {
    static EVENT_TYPE: LazyLock<KeyFinder> = LazyLock::new(|| KeyFinder::new("\"eventType\""));
    static EVENT_NAME: LazyLock<KeyFinder> = LazyLock::new(|| KeyFinder::new("\"eventName\""));
    static ACTION: LazyLock<KeyFinder> = LazyLock::new(|| KeyFinder::new("\"action\""));
    static THEME_NAME: LazyLock<KeyFinder> = LazyLock::new(|| KeyFinder::new("\"themename\""));

    // Most payloads name their event: that alone is the guess (a `TEST` with an eventName is
    // caught by the check on the parsed event), and saves a scan for eventType.
    let event_name = EVENT_NAME
        .first_string(body)
        .filter(|name| !name.is_empty());
    if event_name.is_some() {
        return WebhookKind::classify(None, event_name, None, false);
    }
    let event_type = EVENT_TYPE.first_string(body);
    let decided = event_type == Some("TEST");
    let action = if decided {
        None
    } else {
        ACTION.first_string(body)
    };
    let theme = !decided && THEME_NAME.occurs_in(body);
    WebhookKind::classify(event_type, event_name, action, theme)
}

/// Read `input` as the event of `kind`.
fn parse_as<E>(kind: WebhookKind, input: impl Input<E>) -> Result<WebhookEvent, E> {
    Ok(match kind {
        WebhookKind::AnswerSubmitted => WebhookEvent::AnswerSubmitted(input.read()?),
        WebhookKind::StudySubmitted => WebhookEvent::StudySubmitted(input.read()?),
        WebhookKind::StudySent => WebhookEvent::StudySent(input.read()?),
        WebhookKind::StudySeen => WebhookEvent::StudySeen(input.read()?),
        WebhookKind::StudyStatusChanged => WebhookEvent::StudyStatusChanged(input.read()?),
        WebhookKind::ThemeIdentified => WebhookEvent::ThemeIdentified(input.read()?),
        WebhookKind::Test => WebhookEvent::Test(input.read()?),
        WebhookKind::Unknown => WebhookEvent::Unknown(input.read()?),
    })
}

/// Parse a webhook request body.
///
/// The kind comes from the body alone (see [`WebhookKind`]); a payload of a kind this crate does
/// not recognise is [`WebhookEvent::Unknown`], not an error, while a recognised kind with a bad
/// field is an error naming the field. The body is parsed once, straight into the kind's struct, without a
/// JSON tree in between: the kind is guessed from the bytes, and the guess is checked against
/// the parsed event's own `eventType`, `eventName`, `action` and `themename`. A wrong guess, or
/// a bad body, costs a second read of the discriminating keys and a second parse, which names
/// the failing field.
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
    let text = wire::text(body)?;
    let guess = guess_kind(body);
    if let Ok(event) = parse_as(guess, wire::Quick(text)) {
        // The parsed event holds the real top-level discriminators: a guess misled by a nested
        // key, or by a key inside a string, shows up here.
        if event.discriminated_kind() == guess {
            return Ok(event);
        }
    }
    let probe: Probe<'_> = wire::from_str(text)?;
    parse_as(probe.kind(), wire::Tracked(text))
}

impl FromStr for WebhookEvent {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_webhook(s.as_bytes())
    }
}

impl Serialize for WebhookEvent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            WebhookEvent::AnswerSubmitted(e) => e.serialize(s),
            WebhookEvent::StudySubmitted(e) => e.serialize(s),
            WebhookEvent::StudySent(e) | WebhookEvent::StudySeen(e) => e.serialize(s),
            WebhookEvent::StudyStatusChanged(e) => e.serialize(s),
            WebhookEvent::ThemeIdentified(e) => e.serialize(s),
            WebhookEvent::Test(e) => e.serialize(s),
            WebhookEvent::Unknown(map) => map.serialize(s),
        }
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
