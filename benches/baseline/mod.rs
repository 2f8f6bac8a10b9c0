//! The plain derived baseline: the structs a user would write by hand from the vendors' docs.
//!
//! Webhooks: one struct per kind with the fields of the seed doc's tables and examples
//! (the Sprig webhooks page the project started from); source events: one struct per call type of
//! the Segment spec. Each is `#[derive(Deserialize)]` with `rename_all = "camelCase"`, owned
//! `String`s, `Option` for every field that may be missing or null, and `serde_json::Value` for
//! every field whose type varies on the wire (ids that may be strings, `response`,
//! `selectedIndexes`, `customMetadata`, `attributes`, `timestamp`, traits, properties, context,
//! integrations …). Unknown keys are skipped, not kept; dates stay strings; nothing is
//! validated or decoded (stringified JSON stays a string).
//!
//! The baseline is told each body's kind (webhook fixtures: from the file name; the short
//! webhooks of `small_webhooks.jsonl`: from this crate's parse, done once before timing; source
//! events: from a `Value` parse done once, before timing) and parses straight into that kind's
//! struct. A real receiver has to find the kind first, so this favours the baseline.

// The fields are written by serde and dropped, never read.
#![allow(dead_code)]

pub mod borrowed;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Sprig webhooks
// ---------------------------------------------------------------------------------------------

/// Answer submitted.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerSubmitted {
    pub id: Option<Value>,
    pub environment_id: Option<String>,
    pub created_at: Option<String>,
    pub response_group_uid: Option<Value>,
    pub response: Option<Value>,
    pub survey_id: Option<Value>,
    pub survey_name: Option<String>,
    pub question: Option<String>,
    pub question_type: Option<String>,
    pub visitor_id: Option<String>,
    pub old_visitor_id: Option<Value>,
    pub user_id: Option<Value>,
    pub anonymous_id: Option<Value>,
    pub triggering_event: Option<String>,
    pub timestamp: Option<Value>,
    pub email: Option<String>,
    pub attributes: Option<Value>,
    pub href: Option<String>,
    pub os: Option<String>,
    pub browser: Option<String>,
    pub user_agent: Option<String>,
    pub custom_metadata: Option<Value>,
    pub selected_indexes: Option<Value>,
    pub event_type: Option<String>,
    pub event_name: Option<String>,
    pub event_properties: Option<Value>,
}

/// Theme identified.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThemeIdentified {
    pub themename: Option<String>,
    pub updated_at: Option<String>,
    pub product_name: Option<String>,
    pub product_id: Option<Value>,
    pub environment_id: Option<String>,
    pub question_text: Option<String>,
    pub question_type: Option<String>,
}

/// One question of a Study submitted.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmittedQuestion {
    pub question: Option<String>,
    pub response: Option<Value>,
    pub order: Option<Value>,
}

/// Study submitted.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudySubmitted {
    pub visitor_id: Option<String>,
    pub platform: Option<String>,
    pub survey_id: Option<Value>,
    pub timestamp: Option<Value>,
    pub environment_id: Option<String>,
    pub event_date: Option<String>,
    pub record_type: Option<String>,
    pub action: Option<String>,
    pub response_group_uid: Option<Value>,
    pub product_name: Option<String>,
    pub product_id: Option<Value>,
    pub event_name: Option<String>,
    pub questions: Option<Vec<SubmittedQuestion>>,
    pub event_type: Option<String>,
}

/// One question of a Study status changed.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusQuestion {
    pub question: Option<String>,
    pub question_type_id: Option<Value>,
}

/// Study status changed.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudyStatusChanged {
    pub survey_id: Option<Value>,
    pub survey_name: Option<String>,
    pub old_status: Option<String>,
    pub status: Option<String>,
    pub environment_id: Option<String>,
    pub product_name: Option<String>,
    pub product_id: Option<Value>,
    pub event_name: Option<String>,
    pub questions: Option<Vec<StatusQuestion>>,
    pub event_type: Option<String>,
}

/// Study sent and Study seen: the seed documents the same fields for both.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudyDelivery {
    pub is_user_interviews: Option<bool>,
    pub platform: Option<String>,
    pub timestamp: Option<Value>,
    pub record_type: Option<String>,
    pub event_date: Option<String>,
    pub visitor_id: Option<String>,
    pub environment_id: Option<String>,
    pub survey_id: Option<Value>,
    pub action: Option<String>,
    pub response_group_uid: Option<Value>,
    pub product_name: Option<String>,
    pub product_id: Option<Value>,
    pub team_id: Option<Value>,
    pub event_name: Option<String>,
    pub triggering_event: Option<String>,
    pub survey_name: Option<String>,
    pub attributes: Option<Value>,
    pub email: Option<String>,
    pub old_visitor_id: Option<Value>,
    pub user_id: Option<Value>,
    pub anonymous_id: Option<Value>,
    pub custom_metadata: Option<Value>,
    pub event_type: Option<String>,
}

/// The Test Webhook ping.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestPing {
    pub id: Option<Value>,
    pub environment_id: Option<String>,
    pub survey_id: Option<Value>,
    pub survey_name: Option<String>,
    pub event_type: Option<String>,
}

/// A webhook's kind, as the fixture's file name says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookKind {
    AnswerSubmitted,
    StudySubmitted,
    StudySent,
    StudySeen,
    StudyStatusChanged,
    ThemeIdentified,
    Test,
    Unknown,
}

impl WebhookKind {
    /// Each kind by the crate's stable name for it (`answer_submitted`, …), which the fixtures'
    /// file names start with.
    const NAMES: [(&'static str, WebhookKind); 8] = [
        ("answer_submitted", WebhookKind::AnswerSubmitted),
        ("study_status_changed", WebhookKind::StudyStatusChanged),
        ("study_submitted", WebhookKind::StudySubmitted),
        ("study_sent", WebhookKind::StudySent),
        ("study_seen", WebhookKind::StudySeen),
        ("theme_identified", WebhookKind::ThemeIdentified),
        ("test", WebhookKind::Test),
        ("unknown", WebhookKind::Unknown),
    ];

    /// The kind a fixture's file name starts with (`answer_submitted_…`).
    pub fn from_file_name(name: &str) -> Option<WebhookKind> {
        Self::NAMES
            .iter()
            .find(|(kind, _)| {
                name.strip_prefix(kind)
                    .is_some_and(|rest| rest.starts_with('_'))
            })
            .map(|&(_, kind)| kind)
    }

    /// The kind of this name (`sprig_events::WebhookKind::as_str`).
    pub fn from_name(name: &str) -> Option<WebhookKind> {
        Self::NAMES
            .iter()
            .find(|(kind, _)| *kind == name)
            .map(|&(_, kind)| kind)
    }
}

/// A parsed webhook, by kind.
pub enum Webhook {
    AnswerSubmitted(AnswerSubmitted),
    StudySubmitted(StudySubmitted),
    StudySent(StudyDelivery),
    StudySeen(StudyDelivery),
    StudyStatusChanged(StudyStatusChanged),
    ThemeIdentified(ThemeIdentified),
    Test(TestPing),
    /// What a hand-written receiver does with a kind it has no struct for.
    Unknown(Value),
}

/// Parse `body` straight into the struct of `kind`.
pub fn parse_webhook(kind: WebhookKind, body: &[u8]) -> serde_json::Result<Webhook> {
    use serde_json::from_slice;
    Ok(match kind {
        WebhookKind::AnswerSubmitted => Webhook::AnswerSubmitted(from_slice(body)?),
        WebhookKind::StudySubmitted => Webhook::StudySubmitted(from_slice(body)?),
        WebhookKind::StudySent => Webhook::StudySent(from_slice(body)?),
        WebhookKind::StudySeen => Webhook::StudySeen(from_slice(body)?),
        WebhookKind::StudyStatusChanged => Webhook::StudyStatusChanged(from_slice(body)?),
        WebhookKind::ThemeIdentified => Webhook::ThemeIdentified(from_slice(body)?),
        WebhookKind::Test => Webhook::Test(from_slice(body)?),
        WebhookKind::Unknown => Webhook::Unknown(from_slice(body)?),
    })
}

// ---------------------------------------------------------------------------------------------
// Customer.io source events (the Segment spec)
// ---------------------------------------------------------------------------------------------
//
// Ids (`userId`, `anonymousId`), `version` and the four times are `Value`: the wire sends
// numbers as well as strings there.

/// One source-event struct: the fields every call of the spec carries (`type`, `userId`,
/// `anonymousId`, `messageId`, `context`, `integrations`, the four times, `channel`, `version`),
/// with the call's own fields where a hand-written struct has them: its own ids (`ids`) after
/// `anonymousId`, its own payload (`fields`) after `messageId`. Every field but `type` is
/// `Option<Value>`. The macro writes each struct out as it would be by hand, field for field and
/// in the same order (no `#[serde(flatten)]`, which would parse through a buffered map and
/// change what is timed).
macro_rules! source_event {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            ids: [$($id:ident),* $(,)?],
            fields: [$($field:ident),* $(,)?] $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            #[serde(rename = "type")]
            pub call_type: String,
            pub user_id: Option<Value>,
            pub anonymous_id: Option<Value>,
            $(pub $id: Option<Value>,)*
            pub message_id: Option<Value>,
            $(pub $field: Option<Value>,)*
            pub context: Option<Value>,
            pub integrations: Option<Value>,
            pub timestamp: Option<Value>,
            pub original_timestamp: Option<Value>,
            pub sent_at: Option<Value>,
            pub received_at: Option<Value>,
            pub channel: Option<Value>,
            pub version: Option<Value>,
        }
    };
}

source_event! {
    /// `identify`: the common fields and `traits`.
    pub struct Identify {
        ids: [],
        fields: [traits],
    }
}

source_event! {
    /// `track`: the common fields, `event` and `properties`.
    pub struct Track {
        ids: [],
        fields: [event, properties],
    }
}

source_event! {
    /// `alias`: the common fields and `previousId`.
    pub struct Alias {
        ids: [previous_id],
        fields: [],
    }
}

source_event! {
    /// `page` and `screen` carry the same fields: the common ones, `name`, `category` and
    /// `properties`.
    pub struct PageOrScreen {
        ids: [],
        fields: [name, category, properties],
    }
}

source_event! {
    /// `group`: the common fields, `groupId` and `traits`.
    pub struct Group {
        ids: [group_id],
        fields: [traits],
    }
}

/// `{"batch": [...]}`: the events are found first, then each is parsed into its call's struct
/// (two passes over the events' bytes, as `sprig_events::parse_batch` makes).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Batch<'a> {
    #[serde(borrow)]
    pub batch: Vec<&'a RawValue>,
    pub integrations: Option<Value>,
    pub context: Option<Value>,
    pub sent_at: Option<Value>,
}

/// A source event's call type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallType {
    Identify,
    Track,
    Alias,
    Page,
    Screen,
    Group,
}

impl CallType {
    pub fn from_name(name: &str) -> Option<CallType> {
        Some(match name {
            "identify" => CallType::Identify,
            "track" => CallType::Track,
            "alias" => CallType::Alias,
            "page" => CallType::Page,
            "screen" => CallType::Screen,
            "group" => CallType::Group,
            _ => return None,
        })
    }
}

/// A parsed source event, by call type.
pub enum SourceEvent {
    Identify(Identify),
    Track(Track),
    Alias(Alias),
    Page(PageOrScreen),
    Screen(PageOrScreen),
    Group(Group),
}

/// What a source body is: one event of a known call type, or a batch of them.
#[derive(Clone, Debug)]
pub enum SourceShape {
    Event(CallType),
    Batch(Vec<CallType>),
}

impl SourceShape {
    /// Find a body's shape (done once, before timing).
    pub fn of(body: &[u8]) -> Option<SourceShape> {
        let value: Value = serde_json::from_slice(body).ok()?;
        let call_type = |event: &Value| CallType::from_name(event.get("type")?.as_str()?);
        match value.get("batch") {
            Some(Value::Array(events)) => events
                .iter()
                .map(call_type)
                .collect::<Option<Vec<_>>>()
                .map(SourceShape::Batch),
            Some(_) => None,
            None => call_type(&value).map(SourceShape::Event),
        }
    }

    /// How many events the body holds.
    pub fn events(&self) -> usize {
        match self {
            SourceShape::Event(_) => 1,
            SourceShape::Batch(types) => types.len(),
        }
    }
}

/// Parse one event straight into the struct of `call_type`.
pub fn parse_source_event<'a, R: serde_json::de::Read<'a>>(
    call_type: CallType,
    mut de: serde_json::Deserializer<R>,
) -> serde_json::Result<SourceEvent> {
    let event = match call_type {
        CallType::Identify => SourceEvent::Identify(Deserialize::deserialize(&mut de)?),
        CallType::Track => SourceEvent::Track(Deserialize::deserialize(&mut de)?),
        CallType::Alias => SourceEvent::Alias(Deserialize::deserialize(&mut de)?),
        CallType::Page => SourceEvent::Page(Deserialize::deserialize(&mut de)?),
        CallType::Screen => SourceEvent::Screen(Deserialize::deserialize(&mut de)?),
        CallType::Group => SourceEvent::Group(Deserialize::deserialize(&mut de)?),
    };
    de.end()?;
    Ok(event)
}

/// A parsed source body: one event, or a batch's events.
// Unboxed, as a hand-written receiver would have it: a box would be one more allocation.
#[allow(clippy::large_enum_variant)]
pub enum SourceBody {
    One(SourceEvent),
    Batch(Vec<SourceEvent>),
}

/// Parse a body of the given shape into its events.
pub fn parse_source(shape: &SourceShape, body: &[u8]) -> serde_json::Result<SourceBody> {
    match shape {
        SourceShape::Event(call_type) => Ok(SourceBody::One(parse_source_event(
            *call_type,
            serde_json::Deserializer::from_slice(body),
        )?)),
        SourceShape::Batch(types) => {
            let batch: Batch<'_> = serde_json::from_slice(body)?;
            if batch.batch.len() != types.len() {
                return Err(serde::de::Error::custom("batch changed length"));
            }
            batch
                .batch
                .iter()
                .zip(types)
                .map(|(raw, call_type)| {
                    parse_source_event(*call_type, serde_json::Deserializer::from_str(raw.get()))
                })
                .collect::<Result<_, _>>()
                .map(SourceBody::Batch)
        }
    }
}
