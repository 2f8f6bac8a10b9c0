//! The borrowed ceiling: the baseline's structs with every string borrowed from the body where
//! its text allows ([`Text`], owned only when the string has an escape) and every field of
//! varying type kept as its raw text (`R`: serde_json's `&RawValue`, or sonic-rs's
//! `LazyValue`), unknown keys skipped, each body's kind told. The least a typed parse can do
//! with either reader: no kind to find, nothing checked or converted, nothing owned but strings
//! with escapes (and, with sonic-rs, raw values with escapes), no field read past its text. It
//! shows how near sonic-rs's untyped parse models that borrow from the input could come with
//! each reader, before any of the work this crate does.
//!
//! Single events only: a batch's events would borrow from the batch's raw values.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{CallType, SourceShape, WebhookKind};

/// A string, borrowed from the body unless it has escapes.
pub struct Text<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Strings;

        impl<'de> Visitor<'de> for Strings {
            type Value = Cow<'de, str>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(s))
            }

            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(s.to_owned()))
            }

            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(Cow::Owned(s))
            }
        }

        d.deserialize_str(Strings).map(Text)
    }
}

/// A reader, and the type it keeps a raw value in.
pub trait Reader {
    /// A value kept as its text, borrowed from the body.
    type Raw<'a>: Deserialize<'a>;

    /// Read all of `body` as a `T`.
    fn read<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Option<T>;
}

/// serde_json's reader.
pub struct SerdeJson;

impl Reader for SerdeJson {
    type Raw<'a> = &'a RawValue;

    fn read<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Option<T> {
        serde_json::from_slice(body).ok()
    }
}

/// sonic-rs's serde reader.
pub struct Sonic;

impl Reader for Sonic {
    type Raw<'a> = sonic_rs::LazyValue<'a>;

    fn read<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Option<T> {
        sonic_rs::from_slice(body).ok()
    }
}

/// A borrowed twin of a baseline struct: `text` fields are strings, `raw` fields vary in type
/// on the wire, `flags` are booleans, `nested` are lists of other borrowed structs.
macro_rules! borrowed {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            text: [$($text:ident),* $(,)?],
            raw: [$($raw:ident),* $(,)?],
            $(flags: [$($flag:ident),* $(,)?],)?
            $(nested: [$($nested:ident: $nested_ty:ident),* $(,)?],)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase", bound(deserialize = "R: Deserialize<'de>"))]
        pub struct $name<'a, R> {
            $(#[serde(borrow)] pub $text: Option<Text<'a>>,)*
            $(pub $raw: Option<R>,)*
            $($(pub $flag: Option<bool>,)*)?
            $($(#[serde(borrow)] pub $nested: Option<Vec<$nested_ty<'a, R>>>,)*)?
        }
    };
}

borrowed! {
    /// [`super::AnswerSubmitted`].
    pub struct AnswerSubmitted {
        text: [
            environment_id, created_at, survey_name, question, question_type, visitor_id,
            triggering_event, email, href, os, browser, user_agent, event_type, event_name,
        ],
        raw: [
            id, response_group_uid, response, survey_id, old_visitor_id, user_id, anonymous_id,
            timestamp, attributes, custom_metadata, selected_indexes, event_properties,
        ],
    }
}

borrowed! {
    /// [`super::ThemeIdentified`].
    pub struct ThemeIdentified {
        text: [themename, updated_at, product_name, environment_id, question_text, question_type],
        raw: [product_id],
    }
}

borrowed! {
    /// [`super::SubmittedQuestion`].
    pub struct SubmittedQuestion {
        text: [question],
        raw: [response, order],
    }
}

borrowed! {
    /// [`super::StudySubmitted`].
    pub struct StudySubmitted {
        text: [
            visitor_id, platform, environment_id, event_date, record_type, action, product_name,
            event_name, event_type,
        ],
        raw: [survey_id, timestamp, response_group_uid, product_id],
        nested: [questions: SubmittedQuestion],
    }
}

borrowed! {
    /// [`super::StatusQuestion`].
    pub struct StatusQuestion {
        text: [question],
        raw: [question_type_id],
    }
}

borrowed! {
    /// [`super::StudyStatusChanged`].
    pub struct StudyStatusChanged {
        text: [
            survey_name, old_status, status, environment_id, product_name, event_name, event_type,
        ],
        raw: [survey_id, product_id],
        nested: [questions: StatusQuestion],
    }
}

borrowed! {
    /// [`super::StudyDelivery`].
    pub struct StudyDelivery {
        text: [
            platform, record_type, event_date, visitor_id, environment_id, action, product_name,
            event_name, triggering_event, survey_name, email, event_type,
        ],
        raw: [
            timestamp, survey_id, response_group_uid, product_id, team_id, attributes,
            old_visitor_id, user_id, anonymous_id, custom_metadata,
        ],
        flags: [is_user_interviews],
    }
}

borrowed! {
    /// [`super::TestPing`].
    pub struct TestPing {
        text: [environment_id, survey_name, event_type],
        raw: [id, survey_id],
    }
}

pub enum Webhook<'a, R> {
    AnswerSubmitted(AnswerSubmitted<'a, R>),
    StudySubmitted(StudySubmitted<'a, R>),
    StudyDelivery(StudyDelivery<'a, R>),
    StudyStatusChanged(StudyStatusChanged<'a, R>),
    ThemeIdentified(ThemeIdentified<'a, R>),
    Test(TestPing<'a, R>),
    Unknown(R),
}

/// Read `body` as the webhook of `kind`.
pub fn parse_webhook<'a, X: Reader>(
    kind: WebhookKind,
    body: &'a [u8],
) -> Option<Webhook<'a, X::Raw<'a>>> {
    Some(match kind {
        WebhookKind::AnswerSubmitted => Webhook::AnswerSubmitted(X::read(body)?),
        WebhookKind::StudySubmitted => Webhook::StudySubmitted(X::read(body)?),
        WebhookKind::StudySent | WebhookKind::StudySeen => Webhook::StudyDelivery(X::read(body)?),
        WebhookKind::StudyStatusChanged => Webhook::StudyStatusChanged(X::read(body)?),
        WebhookKind::ThemeIdentified => Webhook::ThemeIdentified(X::read(body)?),
        WebhookKind::Test => Webhook::Test(X::read(body)?),
        WebhookKind::Unknown => Webhook::Unknown(X::read(body)?),
    })
}

/// The borrowed twin of the baseline's source events (`super::source_event!`): the call type a
/// string, everything else raw, as the baseline has it as `Value`.
macro_rules! source_event {
    (pub struct $name:ident { $($field:ident),* $(,)? }) => {
        borrowed! {
            pub struct $name {
                text: [r#type],
                raw: [
                    user_id, anonymous_id, message_id, $($field,)* context, integrations,
                    timestamp, original_timestamp, sent_at, received_at, channel, version,
                ],
            }
        }
    };
}

source_event! { pub struct Identify { traits } }
source_event! { pub struct Track { event, properties } }
source_event! { pub struct Alias { previous_id } }
source_event! { pub struct PageOrScreen { name, category, properties } }
source_event! { pub struct Group { group_id, traits } }

pub enum SourceEvent<'a, R> {
    Identify(Identify<'a, R>),
    Track(Track<'a, R>),
    Alias(Alias<'a, R>),
    PageOrScreen(PageOrScreen<'a, R>),
    Group(Group<'a, R>),
}

/// Read `body`, one event of the shape's call type; `None` for a batch.
pub fn parse_source<'a, X: Reader>(
    shape: &SourceShape,
    body: &'a [u8],
) -> Option<SourceEvent<'a, X::Raw<'a>>> {
    let SourceShape::Event(call_type) = shape else {
        return None;
    };
    Some(match call_type {
        CallType::Identify => SourceEvent::Identify(X::read(body)?),
        CallType::Track => SourceEvent::Track(X::read(body)?),
        CallType::Alias => SourceEvent::Alias(X::read(body)?),
        CallType::Page | CallType::Screen => SourceEvent::PageOrScreen(X::read(body)?),
        CallType::Group => SourceEvent::Group(X::read(body)?),
    })
}
