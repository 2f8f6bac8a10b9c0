//! The calls the destination makes: `Sprig(command, argument)` in Sprig's web SDK.

use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::source::LazyObject;

/// One call of Sprig's web SDK. Serializes as the SDK's argument list:
/// `["identifyAndSetAttributes", {…}]`, `["identifyAndTrack", {…}]`, `["logoutUser"]`.
///
/// The arguments hold the event's values as they came, and serialize as serde_json writes
/// them: the same JSON values the SDK receives, not JavaScript's text of them (which puts
/// array-index keys first and rounds integers past 2⁵³). A track's `properties` the event kept
/// as text are written as that text, exactly as they came ([`TrackArgs::properties`]).
///
/// ```
/// use sprig_events::destination::{IdentifyArgs, SprigCall};
///
/// let call = SprigCall::IdentifyAndSetAttributes(IdentifyArgs::default().with_user_id("u1"));
/// assert_eq!(
///     serde_json::to_string(&call).unwrap(),
///     r#"["identifyAndSetAttributes",{"userId":"u1"}]"#
/// );
/// assert_eq!(serde_json::to_string(&SprigCall::LogoutUser).unwrap(), r#"["logoutUser"]"#);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum SprigCall {
    /// `identifyAndSetAttributes`: set the user's ids and attributes.
    IdentifyAndSetAttributes(IdentifyArgs),
    /// `identifyAndTrack`: set the user's ids and track an event (which may trigger a study).
    IdentifyAndTrack(TrackArgs),
    /// `logoutUser`: forget the user on this device.
    LogoutUser,
}

impl SprigCall {
    /// The SDK command's name.
    pub fn command(&self) -> &'static str {
        match self {
            SprigCall::IdentifyAndSetAttributes(_) => "identifyAndSetAttributes",
            SprigCall::IdentifyAndTrack(_) => "identifyAndTrack",
            SprigCall::LogoutUser => "logoutUser",
        }
    }
}

/// The argument of `identifyAndSetAttributes`. Build one with `Default` and the chainable
/// setters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct IdentifyArgs {
    /// `userId`, only when non-empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// `anonymousId`, only when non-empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anonymous_id: Option<String>,
    /// `attributes`: the traits, with a truthy `email` moved to `!email`; only when the traits
    /// have at least one key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Map<String, Value>>,
}

/// The argument of `identifyAndTrack`. Build one with [`TrackArgs::new`] and the chainable
/// setters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct TrackArgs {
    /// `eventName`: the track call's `event`.
    pub event_name: String,
    /// `userId`, only when non-empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// `anonymousId`, only when non-empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anonymous_id: Option<String>,
    /// `properties`, passed on as the event gave them: as their text, when the event kept them
    /// as text ([`LazyObject`]), so the call writes them exactly as they came (white space,
    /// escapes, number forms and repeated keys included; `serde_json::to_value` and equality
    /// see the object, last repeated key winning, as JavaScript reads it). Written by a
    /// serializer other than serde_json's, such a text takes serde_json's raw-value form, as an
    /// event's parts kept as text do; convert the call with `serde_json::to_value` first.
    /// Read from any format as an object (or `null`, read as none).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "object"
    )]
    pub properties: Option<LazyObject>,
}

/// A call's object argument, read as a map from any format (as any `Map` is, so also through
/// serde's buffering in untagged or flattened types).
fn object<'de, D: Deserializer<'de>>(d: D) -> Result<Option<LazyObject>, D::Error> {
    Ok(Option::<Map<String, Value>>::deserialize(d)?.map(LazyObject::from))
}

/// The chainable setters of the ids both arguments carry.
macro_rules! id_setters {
    ($($args:ty),*) => {
        $(
            impl $args {
                /// Set `userId` (chainable).
                #[must_use]
                pub fn with_user_id(mut self, user_id: impl Into<String>) -> Self {
                    self.user_id = Some(user_id.into());
                    self
                }

                /// Set `anonymousId` (chainable).
                #[must_use]
                pub fn with_anonymous_id(mut self, anonymous_id: impl Into<String>) -> Self {
                    self.anonymous_id = Some(anonymous_id.into());
                    self
                }
            }
        )*
    };
}
id_setters!(IdentifyArgs, TrackArgs);

impl IdentifyArgs {
    /// Set `attributes` (chainable).
    #[must_use]
    pub fn with_attributes(mut self, attributes: Map<String, Value>) -> Self {
        self.attributes = Some(attributes);
        self
    }
}

impl TrackArgs {
    /// The argument for tracking `event_name`.
    pub fn new(event_name: impl Into<String>) -> Self {
        TrackArgs {
            event_name: event_name.into(),
            ..TrackArgs::default()
        }
    }

    /// Set `properties` (chainable).
    #[must_use]
    pub fn with_properties(mut self, properties: Map<String, Value>) -> Self {
        self.properties = Some(properties.into());
        self
    }
}

impl Serialize for SprigCall {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let len = if matches!(self, SprigCall::LogoutUser) {
            1
        } else {
            2
        };
        let mut seq = s.serialize_seq(Some(len))?;
        seq.serialize_element(self.command())?;
        match self {
            SprigCall::IdentifyAndSetAttributes(args) => seq.serialize_element(args)?,
            SprigCall::IdentifyAndTrack(args) => seq.serialize_element(args)?,
            SprigCall::LogoutUser => {}
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for SprigCall {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(CallVisitor)
    }
}

struct CallVisitor;

impl<'de> Visitor<'de> for CallVisitor {
    type Value = SprigCall;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Sprig call: [command, argument]")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SprigCall, A::Error> {
        let command: String = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let call = match command.as_str() {
            "identifyAndSetAttributes" => SprigCall::IdentifyAndSetAttributes(
                seq.next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?,
            ),
            "identifyAndTrack" => SprigCall::IdentifyAndTrack(
                seq.next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?,
            ),
            "logoutUser" => SprigCall::LogoutUser,
            other => {
                return Err(de::Error::unknown_variant(
                    other,
                    &["identifyAndSetAttributes", "identifyAndTrack", "logoutUser"],
                ))
            }
        };
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom("a Sprig call has at most one argument"));
        }
        Ok(call)
    }
}
