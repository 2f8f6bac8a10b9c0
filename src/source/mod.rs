//! Customer.io source events (the Segment spec): identify, track, alias, page, screen, group.
//!
//! [`parse_source_event`] and [`parse_batch`] are
//! tolerant: ids may be numbers, fields the spec requires may be missing. What the spec demands
//! is checked apart, by [`SourceEvent::validate`].

mod context;
mod validate;

use std::fmt;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

pub use context::{
    App, Campaign, Context, Device, Library, Location, Network, Os, Page as PageContext, Referrer,
    Screen as ScreenContext,
};
pub use validate::SpecFinding;

use crate::wire::{self, model, IdString, Input, KeyFinder, Rfc3339, TextOrNumber};
use crate::Error;

/// `type`: which call an event is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CallType {
    /// `identify`: who the user is, and their traits.
    Identify,
    /// `track`: something the user did.
    Track,
    /// `alias`: a new id for the same user.
    Alias,
    /// `page`: a web page view.
    Page,
    /// `screen`: a mobile screen view.
    Screen,
    /// `group`: the account or organisation the user belongs to.
    Group,
}

impl CallType {
    /// Every call type.
    pub const ALL: [CallType; 6] = [
        CallType::Identify,
        CallType::Track,
        CallType::Alias,
        CallType::Page,
        CallType::Screen,
        CallType::Group,
    ];

    /// The call type of a wire name, exactly as written (`identify`, not `Identify`).
    pub fn from_name(name: &str) -> Option<CallType> {
        CallType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The wire name, e.g. `identify`.
    pub fn as_str(self) -> &'static str {
        match self {
            CallType::Identify => "identify",
            CallType::Track => "track",
            CallType::Alias => "alias",
            CallType::Page => "page",
            CallType::Screen => "screen",
            CallType::Group => "group",
        }
    }
}

impl<'de> Deserialize<'de> for CallType {
    // By hand: serde's derived enum reports a number here as malformed JSON.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CallTypeVisitor;
        impl serde::de::Visitor<'_> for CallTypeVisitor {
            type Value = CallType;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a call type: identify, track, alias, page, screen or group")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CallType, E> {
                CallType::from_name(v)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(CallTypeVisitor)
    }
}

impl fmt::Display for CallType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `integrations`: which destinations receive the event. Keys are destination names
/// (case-sensitive) or `All`; a value is `true`, `false` or an options object (which counts as
/// on).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Integrations(pub Map<String, Value>);

impl Integrations {
    /// Whether the destination `name` receives the event: its own key decides when present
    /// (and not null), then `All`, and with neither the answer is yes. Only `false` turns a
    /// destination off.
    ///
    /// ```
    /// use sprig_events::source::Integrations;
    ///
    /// let integrations: Integrations =
    ///     serde_json::from_str(r#"{"All": false, "sprig-web": true}"#).unwrap();
    /// assert!(integrations.enables("sprig-web"));
    /// assert!(!integrations.enables("Mixpanel"));
    /// ```
    pub fn enables(&self, name: &str) -> bool {
        let setting = |key: &str| self.0.get(key).filter(|v| !v.is_null());
        match setting(name).or_else(|| setting("All")) {
            Some(value) => value.as_bool() != Some(false),
            None => true,
        }
    }
}

/// Declares a source event: the call's own fields, then the fields every call shares.
macro_rules! source_event {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $call_type:expr; { $($fields:tt)* }
    ) => {
        impl $name {
            /// A `type` other than this struct's is an error, not a quietly mislabelled event.
            fn check_call_type(&mut self) -> Result<(), wire::FieldError> {
                if self.call_type == $call_type {
                    return Ok(());
                }
                Err(wire::FieldError::new(
                    "type",
                    format!("expected {:?}, found {:?}", $call_type.as_str(), self.call_type.as_str()),
                ))
            }
        }

        model! {
            $(#[$meta])*
            pub struct $name finish = $name::check_call_type; {
                /// `type`: always this struct's call.
                #[serde(rename = "type")]
                pub call_type: CallType,
                $($fields)*
                /// `messageId`: unique per event, for de-duplication.
                #[serde_as(as = "Option<IdString>")]
                pub message_id: Option<String>,
                /// `userId`: your id of the user (a number on the wire reads as its digits).
                #[serde_as(as = "Option<IdString>")]
                pub user_id: Option<String>,
                /// `anonymousId`: the device's id of a user not yet known.
                #[serde_as(as = "Option<IdString>")]
                pub anonymous_id: Option<String>,
                /// `timestamp`: when the event happened.
                #[serde_as(as = "Option<Rfc3339>")]
                pub timestamp: Option<DateTime<Utc>>,
                /// `originalTimestamp`: the device's clock when the event happened.
                #[serde_as(as = "Option<Rfc3339>")]
                pub original_timestamp: Option<DateTime<Utc>>,
                /// `sentAt`: the device's clock when the event was sent.
                #[serde_as(as = "Option<Rfc3339>")]
                pub sent_at: Option<DateTime<Utc>>,
                /// `receivedAt`: the server's clock when the event arrived.
                #[serde_as(as = "Option<Rfc3339>")]
                pub received_at: Option<DateTime<Utc>>,
                /// `context`: device, app, page and other circumstances.
                pub context: Option<Box<Context>>,
                /// `integrations`: which destinations receive the event.
                pub integrations: Option<Integrations>,
                /// `version`: the spec version, a number or a string (`"1.1"`).
                pub version: Option<TextOrNumber>,
                /// `channel`: e.g. `browser`, `server`, `mobile`.
                pub channel: Option<String>,
            }
        }
    };
}

source_event! {
    /// `identify`: who the user is.
    pub struct Identify = CallType::Identify; {
        /// `traits`: what is known about the user; a JSON object by the spec.
        pub traits: Option<Value>,
    }
}

source_event! {
    /// `track`: something the user did.
    pub struct Track = CallType::Track; {
        /// `event`: the action's name, e.g. `Order Completed`.
        #[serde_as(as = "Option<IdString>")]
        pub event: Option<String>,
        /// `properties`: details of the action; a JSON object by the spec.
        pub properties: Option<Value>,
    }
}

source_event! {
    /// `alias`: the user known as `previousId` is now `userId`.
    pub struct Alias = CallType::Alias; {
        /// `previousId`: the id the user had.
        #[serde_as(as = "Option<IdString>")]
        pub previous_id: Option<String>,
    }
}

source_event! {
    /// `page`: a web page view.
    pub struct Page = CallType::Page; {
        /// `name`: the page's name.
        pub name: Option<String>,
        /// `category`: the page's category.
        pub category: Option<String>,
        /// `properties`: details of the page; a JSON object by the spec.
        pub properties: Option<Value>,
    }
}

source_event! {
    /// `screen`: a mobile screen view.
    pub struct Screen = CallType::Screen; {
        /// `name`: the screen's name.
        pub name: Option<String>,
        /// `category`: the screen's category.
        pub category: Option<String>,
        /// `properties`: details of the screen; a JSON object by the spec.
        pub properties: Option<Value>,
    }
}

source_event! {
    /// `group`: the account or organisation the user belongs to.
    pub struct Group = CallType::Group; {
        /// `groupId`: the group's id.
        #[serde_as(as = "Option<IdString>")]
        pub group_id: Option<String>,
        /// `traits`: what is known about the group; a JSON object by the spec.
        pub traits: Option<Value>,
    }
}

/// Any source event, by call type. Serializes as the event itself, `type` included.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum SourceEvent {
    /// `identify`.
    Identify(Identify),
    /// `track`.
    Track(Track),
    /// `alias`.
    Alias(Alias),
    /// `page`.
    Page(Page),
    /// `screen`.
    Screen(Screen),
    /// `group`.
    Group(Group),
}

/// Run `$body` with `$e` bound to the event inside whichever variant `$event` is.
macro_rules! each_call {
    ($event:expr, $e:ident => $body:expr) => {
        match $event {
            SourceEvent::Identify($e) => $body,
            SourceEvent::Track($e) => $body,
            SourceEvent::Alias($e) => $body,
            SourceEvent::Page($e) => $body,
            SourceEvent::Screen($e) => $body,
            SourceEvent::Group($e) => $body,
        }
    };
}

impl SourceEvent {
    /// The call type.
    pub fn call_type(&self) -> CallType {
        each_call!(self, e => e.call_type)
    }

    /// `userId`.
    pub fn user_id(&self) -> Option<&String> {
        each_call!(self, e => e.user_id.as_ref())
    }

    /// `anonymousId`.
    pub fn anonymous_id(&self) -> Option<&String> {
        each_call!(self, e => e.anonymous_id.as_ref())
    }

    /// `messageId`.
    pub fn message_id(&self) -> Option<&str> {
        each_call!(self, e => e.message_id.as_deref())
    }

    /// `integrations`.
    pub fn integrations(&self) -> Option<&Integrations> {
        each_call!(self, e => e.integrations.as_ref())
    }

    /// `context`.
    pub fn context(&self) -> Option<&Context> {
        each_call!(self, e => e.context.as_deref())
    }

    /// Keys of the event this crate does not model, kept as they came.
    pub fn extra(&self) -> &Map<String, Value> {
        each_call!(self, e => &e.extra)
    }

    /// Fill what a batch gives all its events (`integrations`, `context`, `sentAt`) where this
    /// event has none of its own.
    fn inherit(&mut self, batch: &BatchDefaults) {
        each_call!(self, e => {
            // A key the event sent as null is noted in `extra`; once the batch fills the field,
            // that note must go, or the event would be written with the key twice.
            if e.integrations.is_none() && batch.integrations.is_some() {
                e.integrations.clone_from(&batch.integrations);
                e.extra.remove("integrations");
            }
            if e.context.is_none() && batch.context.is_some() {
                e.context.clone_from(&batch.context);
                e.extra.remove("context");
            }
            if e.sent_at.is_none() && batch.sent_at.is_some() {
                e.sent_at = batch.sent_at;
                e.extra.remove("sentAt");
            }
        })
    }

    /// Read an event from a parsed JSON value.
    pub fn from_value(value: Value) -> Result<Self, Error> {
        let call_type = match value.get("type") {
            Some(name) => {
                CallType::deserialize(name).map_err(|e| Error::with_path("type".into(), e))?
            }
            // No `type`, or not an object: the probe says which, in serde's words.
            None => {
                let missing = Error::Data {
                    path: String::new(),
                    message: "missing field `type`".into(),
                    position: None,
                };
                return Err(wire::from_value::<TypeProbe>(value)
                    .err()
                    .unwrap_or(missing));
            }
        };
        parse_as(call_type, value)
    }
}

impl Serialize for SourceEvent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        each_call!(self, e => e.serialize(s))
    }
}

impl<'de> Deserialize<'de> for SourceEvent {
    /// From any self-describing format, through a JSON tree (`type` may come last);
    /// [`parse_source_event`] on bytes is faster.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        SourceEvent::from_value(Value::deserialize(d)?).map_err(D::Error::custom)
    }
}

/// Just the `type` of an event, everything else skipped.
#[derive(Deserialize)]
#[serde(expecting = "a source event (a JSON object)")]
struct TypeProbe {
    #[serde(rename = "type")]
    call_type: CallType,
}

/// Read `input` as an event of `call_type`.
fn parse_as<E>(call_type: CallType, input: impl Input<E>) -> Result<SourceEvent, E> {
    Ok(match call_type {
        CallType::Identify => SourceEvent::Identify(input.read()?),
        CallType::Track => SourceEvent::Track(input.read()?),
        CallType::Alias => SourceEvent::Alias(input.read()?),
        CallType::Page => SourceEvent::Page(input.read()?),
        CallType::Screen => SourceEvent::Screen(input.read()?),
        CallType::Group => SourceEvent::Group(input.read()?),
    })
}

/// Parse one source event (identify, track, alias, page, screen or group).
///
/// One pass into the call's struct: `type` is guessed from its first occurrence in the bytes
/// and checked against the parsed event's own `type` (a nested `type`, as in `context.device`,
/// can only cost a second parse, never a wrong answer).
///
/// ```
/// use sprig_events::parse_source_event;
/// use sprig_events::source::{CallType, SourceEvent};
///
/// let event = parse_source_event(br#"{"type":"track","event":"Order Completed","userId":"u1"}"#)?;
/// assert_eq!(event.call_type(), CallType::Track);
/// let SourceEvent::Track(track) = &event else { unreachable!() };
/// assert_eq!(track.event.as_deref(), Some("Order Completed"));
///
/// let err = parse_source_event(br#"{"type":"track","timestamp":"yesterday"}"#).unwrap_err();
/// assert!(err.to_string().starts_with("timestamp: "));
/// # Ok::<(), sprig_events::Error>(())
/// ```
pub fn parse_source_event(body: &[u8]) -> Result<SourceEvent, Error> {
    parse_source_text(wire::text(body)?)
}

/// [`parse_source_event`] on text already known to be UTF-8 (a batch's events).
fn parse_source_text(text: &str) -> Result<SourceEvent, Error> {
    static TYPE: LazyLock<KeyFinder> = LazyLock::new(|| KeyFinder::new("\"type\""));
    let guess = TYPE
        .first_string(text.as_bytes())
        .and_then(CallType::from_name);
    // A guess misled by a nested `type` fails the struct's own `type` check.
    if let Some(event) = guess.and_then(|guess| parse_as(guess, wire::Quick(text)).ok()) {
        return Ok(event);
    }
    let probe: TypeProbe = wire::from_str(text)?;
    parse_as(probe.call_type, wire::Tracked(text))
}

/// What a batch says for all its events.
#[derive(Default)]
struct BatchDefaults {
    integrations: Option<Integrations>,
    context: Option<Box<Context>>,
    sent_at: Option<DateTime<Utc>>,
}

#[serde_with::serde_as]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "a batch (a JSON object)")]
struct Batch<'a> {
    #[serde(borrow)]
    batch: Vec<&'a RawValue>,
    integrations: Option<Integrations>,
    context: Option<Box<Context>>,
    #[serde_as(as = "Option<Rfc3339>")]
    #[serde(default)]
    sent_at: Option<DateTime<Utc>>,
}

/// Parse a batch, `{"batch": [event, …]}`, into its events.
///
/// The batch's own `integrations`, `context` and `sentAt` apply to every event that does not
/// set that key itself (the event's key wins whole; nothing is merged deeply), so routing an
/// event from a batch sees what the batch said. An error names the event:
/// `batch[2].sentAt: …`.
///
/// ```
/// use sprig_events::destination::sprig_call;
/// use sprig_events::parse_batch;
///
/// let events = parse_batch(br#"{"integrations": {"sprig-web": false}, "batch": [
///     {"type": "track", "event": "Signed Up", "userId": "u1"},
///     {"type": "track", "event": "Signed Up", "userId": "u2", "integrations": {"sprig-web": true}}
/// ]}"#)?;
/// assert_eq!(events.len(), 2);
/// assert!(sprig_call(&events[0]).is_none());
/// assert!(sprig_call(&events[1]).is_some());
/// # Ok::<(), sprig_events::Error>(())
/// ```
pub fn parse_batch(body: &[u8]) -> Result<Vec<SourceEvent>, Error> {
    parse_batch_each(body)?.into_iter().collect()
}

/// Parse a batch, keeping each event's own result: one bad event does not lose the others.
/// The outer `Err` is for a body that is not a batch at all.
///
/// ```
/// use sprig_events::source::parse_batch_each;
///
/// let results = parse_batch_each(br#"{"batch": [
///     {"type": "track", "event": "A", "userId": "u1"},
///     {"type": "track", "event": "B", "timestamp": "soon"}
/// ]}"#)?;
/// assert!(results[0].is_ok());
/// assert!(results[1].as_ref().unwrap_err().to_string().starts_with("batch[1].timestamp: "));
/// # Ok::<(), sprig_events::Error>(())
/// ```
pub fn parse_batch_each(body: &[u8]) -> Result<Vec<Result<SourceEvent, Error>>, Error> {
    let batch: Batch<'_> = wire::from_slice(body)?;
    let defaults = BatchDefaults {
        integrations: batch.integrations,
        context: batch.context,
        sent_at: batch.sent_at,
    };
    Ok(batch
        .batch
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            let mut event = parse_source_text(raw.get())
                .map_err(|e| e.within(&format!("batch[{i}]"), body, raw.get()))?;
            event.inherit(&defaults);
            Ok(event)
        })
        .collect())
}
