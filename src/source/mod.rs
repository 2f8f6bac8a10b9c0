//! Customer.io source events (the Segment spec): identify, track, alias, page, screen, group.
//!
//! [`parse_source_event`] and [`parse_batch`] are
//! tolerant: ids may be numbers, fields the spec requires may be missing. What the spec demands
//! is checked apart, by [`SourceEvent::validate`].

mod context;
mod lazy;
mod validate;

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::de::{Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

pub use crate::wire::{Loose, LooseTarget, TextOrNumber, Timestamp};
pub use context::{
    App, Campaign, Context, Device, Library, Location, Network, Os, Page as PageContext, Referrer,
    Screen as ScreenContext,
};
pub(crate) use lazy::ObjectRef;
pub(crate) use lazy::ReadAtOnce;
pub(crate) use lazy::CHECKED_RAW_TOKEN;
pub use lazy::{Lazily, Lazy, LazyContext, LazyObject, LazyValue};
pub use validate::SpecFinding;

use crate::error::FieldError;
use crate::wire::keep::KeySeed;
use crate::wire::model::{Model, NullFields};
use crate::wire::read::{self, Input};
use crate::wire::sniff::KeyFinder;
use crate::wire::tolerance::{Id, NullIsValue};
use crate::wire::Extra;
use crate::Error;

/// `type`: which call an event is. The action runtime's own type, re-exported.
pub use actions_runtime::{CallType, UnknownCallType};

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
        integrations_enable(&self.0, name)
    }
}

/// [`Integrations::enables`] on the JSON object itself.
pub(crate) fn integrations_enable(integrations: &Map<String, Value>, name: &str) -> bool {
    let setting = |key: &str| integrations.get(key).filter(|v| !v.is_null());
    match setting(name).or_else(|| setting("All")) {
        Some(value) => value.as_bool() != Some(false),
        None => true,
    }
}

/// A source event's `type`, fixed by the struct that holds it, and written as that call. It
/// reads any call's name and notes one that is not its own, which the struct's check refuses
/// at the path `type` once the object is read: a `type` given twice counts by its last value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct CallTag<const C: u8> {
    /// The call the last `type` named, when it is not this struct's.
    other: Option<CallType>,
}

impl<const C: u8> CallTag<C> {
    /// A `C` that names no call type fails to compile (the panic is in a constant).
    const CALL_TYPE: CallType = match CallType::from_index(C) {
        Some(call_type) => call_type,
        None => panic!("CallTag's index names no call type"),
    };

    /// The struct's check: its `type` names its call.
    fn check(&self) -> Result<(), FieldError> {
        match self.other {
            None => Ok(()),
            Some(other) => Err(FieldError::new(
                "type",
                format!(
                    "expected the call type {:?}, found {:?}",
                    Self::CALL_TYPE.as_str(),
                    other.as_str()
                ),
            )),
        }
    }
}

impl<const C: u8> crate::wire::model::Walk for CallTag<C> {
    // The tag reads only its own call type, which is the spec's.
    fn walk(&self, _: &mut String, _: &mut Vec<String>) {}
}

impl<const C: u8> Serialize for CallTag<C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(Self::CALL_TYPE.as_str())
    }
}

impl<'de, const C: u8> Deserialize<'de> for CallTag<C> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TagVisitor<const C: u8>;
        impl<const C: u8> serde::de::Visitor<'_> for TagVisitor<C> {
            type Value = CallTag<C>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "the call type {:?}", CallTag::<C>::CALL_TYPE.as_str())
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CallTag<C>, E> {
                let expected = CallTag::<C>::CALL_TYPE.as_str();
                if v == expected {
                    Ok(CallTag { other: None })
                } else if let Ok(other) = v.parse::<CallType>() {
                    Ok(CallTag { other: Some(other) })
                } else {
                    Err(E::custom(format!(
                        "expected the call type {expected:?}, found {v:?}"
                    )))
                }
            }
        }
        d.deserialize_str(TagVisitor::<C>)
    }
}

#[cfg(feature = "schemars")]
impl<const C: u8> schemars::JsonSchema for CallTag<C> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("CallType_{}", Self::CALL_TYPE.as_str()).into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"const": Self::CALL_TYPE.as_str()})
    }
}

/// Declares a source event: its `type`, the call's own fields, then the fields every call
/// shares. Fields the destination reads (`userId`, `anonymousId`, `integrations`, the call's
/// `event`, `traits`, `properties`) are typed strictly enough to route; the others keep any
/// value as it came ([`Loose`], [`Timestamp`]).
macro_rules! source_event {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $call_type:ident; { $($fields:tt)* }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, Model)]
        #[model(walk, last_wins, check = $name::check_call_type)]
        pub struct $name {
            /// `type`: always this struct's call.
            #[model(rename = "type")]
            call_type: CallTag<{ CallType::$call_type as u8 }>,
            $($fields)*
            /// `userId`: your id of the user (a number on the wire reads as its text).
            #[model(with = Option<Id>)]
            pub user_id: Option<String>,
            /// `anonymousId`: the device's id of a user not yet known.
            #[model(with = Option<Id>)]
            pub anonymous_id: Option<String>,
            /// `messageId`: unique per event, for de-duplication.
            #[model(with = NullIsValue)]
            pub message_id: Option<Loose<String>>,
            /// `timestamp`: when the event happened.
            pub timestamp: Option<Timestamp>,
            /// `originalTimestamp`: the device's clock when the event happened.
            pub original_timestamp: Option<Timestamp>,
            /// `sentAt`: the device's clock when the event was sent.
            pub sent_at: Option<Timestamp>,
            /// `receivedAt`: the server's clock when the event arrived.
            pub received_at: Option<Timestamp>,
            /// `context`: device, app, page and other circumstances, read when first asked
            /// for ([`LazyContext`]).
            #[model(with = NullIsValue)]
            pub context: Option<LazyContext>,
            /// `integrations`: which destinations receive the event.
            pub integrations: Option<Integrations>,
            /// `version`: the spec version, a number or a string (`"1.1"`).
            #[model(with = NullIsValue)]
            pub version: Option<Loose<TextOrNumber>>,
            /// `channel`: e.g. `browser`, `server`, `mobile`.
            #[model(with = NullIsValue)]
            pub channel: Option<Loose<String>>,
            /// Keys of the payload this model does not know, kept as they came and written
            /// back after the known fields. A key here that names a known field is not
            /// written: set the field instead.
            #[model(extra)]
            pub extra: Extra,
            /// Which known fields arrived as `null`.
            #[model(nulls)]
            nulls: NullFields,
        }

        impl $name {
            /// The call type: always
            #[doc = concat!("`", stringify!($call_type), "`.")]
            pub fn call_type(&self) -> CallType {
                CallType::$call_type
            }

            /// The model's check: the last `type` named this call.
            fn check_call_type(&mut self) -> Result<(), FieldError> {
                self.call_type.check()
            }
        }

        impl From<$name> for SourceEvent {
            fn from(event: $name) -> Self {
                SourceEvent::$call_type(Box::new(event))
            }
        }

        impl From<Box<$name>> for SourceEvent {
            fn from(event: Box<$name>) -> Self {
                SourceEvent::$call_type(event)
            }
        }
    };
}

source_event! {
    /// `identify`: who the user is.
    ///
    /// ```
    /// use serde_json::json;
    /// use sprig_events::source::Identify;
    ///
    /// let identify = Identify::default().with_user_id("u1").with_traits(json!({"plan": "pro"}));
    /// assert_eq!(
    ///     serde_json::to_value(&identify).unwrap(),
    ///     json!({"type": "identify", "userId": "u1", "traits": {"plan": "pro"}})
    /// );
    /// ```
    pub struct Identify = Identify; {
        /// `traits`: what is known about the user; a JSON object by the spec. Read at once, as
        /// Identify User reads it ([`LazyValue`]: `traits.as_ref().map(LazyValue::get)`).
        #[model(with = ReadAtOnce)]
        pub traits: Option<LazyValue>,
    }
}

source_event! {
    /// `track`: something the user did.
    ///
    /// ```
    /// use sprig_events::destination::sprig_call;
    /// use sprig_events::source::Track;
    ///
    /// let track = Track::new("Order Completed").with_user_id("u1");
    /// let call = sprig_call(&track.clone().into()).unwrap();
    /// assert_eq!(
    ///     serde_json::to_string(&call).unwrap(),
    ///     r#"["identifyAndTrack",{"eventName":"Order Completed","userId":"u1"}]"#
    /// );
    /// let text = serde_json::to_string(&track).unwrap();
    /// assert_eq!(sprig_events::parse_source_event(text.as_bytes()).unwrap(), track.into());
    /// ```
    pub struct Track = Track; {
        /// `event`: the action's name, e.g. `Order Completed` (a number reads as its text).
        #[model(with = Option<Id>)]
        pub event: Option<String>,
        /// `properties`: details of the action; a JSON object by the spec. Kept as its text
        /// until read ([`LazyValue`]); Track Event passes that text on as it came.
        #[model(with = NullIsValue)]
        pub properties: Option<LazyValue>,
    }
}

impl Track {
    /// A track of the event `event`.
    pub fn new(event: impl Into<String>) -> Self {
        Track::default().with_event(event.into())
    }
}

source_event! {
    /// `alias`: the user known as `previousId` is now `userId`.
    pub struct Alias = Alias; {
        /// `previousId`: the id the user had.
        #[model(with = NullIsValue)]
        pub previous_id: Option<Loose<String>>,
    }
}

impl Alias {
    /// The user known as `previous_id` is now `user_id`.
    pub fn new(user_id: impl Into<String>, previous_id: impl Into<String>) -> Self {
        Alias::default()
            .with_user_id(user_id.into())
            .with_previous_id(previous_id.into())
    }
}

source_event! {
    /// `page`: a web page view.
    pub struct Page = Page; {
        /// `name`: the page's name.
        #[model(with = NullIsValue)]
        pub name: Option<Loose<String>>,
        /// `category`: the page's category.
        #[model(with = NullIsValue)]
        pub category: Option<Loose<String>>,
        /// `properties`: details of the page; a JSON object by the spec.
        /// Kept as its text until read ([`LazyValue`]).
        #[model(with = NullIsValue)]
        pub properties: Option<LazyValue>,
    }
}

source_event! {
    /// `screen`: a mobile screen view.
    pub struct Screen = Screen; {
        /// `name`: the screen's name.
        #[model(with = NullIsValue)]
        pub name: Option<Loose<String>>,
        /// `category`: the screen's category.
        #[model(with = NullIsValue)]
        pub category: Option<Loose<String>>,
        /// `properties`: details of the screen; a JSON object by the spec.
        /// Kept as its text until read ([`LazyValue`]).
        #[model(with = NullIsValue)]
        pub properties: Option<LazyValue>,
    }
}

source_event! {
    /// `group`: the account or organisation the user belongs to.
    pub struct Group = Group; {
        /// `groupId`: the group's id.
        #[model(with = NullIsValue)]
        pub group_id: Option<Loose<String>>,
        /// `traits`: what is known about the group; a JSON object by the spec.
        /// Kept as its text until read ([`LazyValue`]).
        #[model(with = NullIsValue)]
        pub traits: Option<LazyValue>,
    }
}

/// Any source event, by call type. Serializes as the event itself, `type` included.
///
/// Each call's struct is boxed, as [`WebhookEvent`](crate::WebhookEvent)'s payloads are: a
/// call's struct is most of a kilobyte, the boxed event two words, so the event, the `Result`
/// it comes in and a batch's `Vec` move cheaply. Fields read through the box as through the struct
/// (`track.event`); a call's struct becomes an event with `.into()`, boxed or not.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum SourceEvent {
    /// `identify`.
    Identify(Box<Identify>),
    /// `track`.
    Track(Box<Track>),
    /// `alias`.
    Alias(Box<Alias>),
    /// `page`.
    Page(Box<Page>),
    /// `screen`.
    Screen(Box<Screen>),
    /// `group`.
    Group(Box<Group>),
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
pub(crate) use each_call;

impl SourceEvent {
    /// The call type.
    pub fn call_type(&self) -> CallType {
        each_call!(self, e => e.call_type())
    }

    /// `userId`.
    pub fn user_id(&self) -> Option<&str> {
        each_call!(self, e => e.user_id.as_deref())
    }

    /// `anonymousId`.
    pub fn anonymous_id(&self) -> Option<&str> {
        each_call!(self, e => e.anonymous_id.as_deref())
    }

    /// `userId` and `anonymousId`, taken out of the event.
    pub(crate) fn into_ids(self) -> (Option<String>, Option<String>) {
        each_call!(self, e => (e.user_id, e.anonymous_id))
    }

    /// `messageId`, when it is a string.
    pub fn message_id(&self) -> Option<&str> {
        each_call!(self, e => e.message_id.as_ref().and_then(Loose::typed).map(String::as_str))
    }

    /// `integrations`.
    pub fn integrations(&self) -> Option<&Integrations> {
        each_call!(self, e => e.integrations.as_ref())
    }

    /// `context`, when it is an object.
    pub fn context(&self) -> Option<&Context> {
        self.lazy_context()
            .map(LazyContext::get)
            .and_then(Loose::typed)
            .map(Box::as_ref)
    }

    /// `context` as the event keeps it, whatever its type: its text until it is read (see
    /// [`LazyContext`]). [`SourceEvent::context`] is the same part when it is an object.
    ///
    /// ```
    /// use sprig_events::source::{parse_source_event, Loose};
    ///
    /// let event = parse_source_event(br#"{"type":"track","event":"Saved","userId":"u1",
    ///   "context":"not an object"}"#)?;
    /// assert!(event.context().is_none());
    /// let kept = event.lazy_context().expect("the event has a context");
    /// assert_eq!(kept.raw(), Some(r#""not an object""#));
    /// assert_eq!(kept.get(), &Loose::Other("not an object".into()));
    /// # Ok::<(), sprig_events::Error>(())
    /// ```
    pub fn lazy_context(&self) -> Option<&LazyContext> {
        each_call!(self, e => e.context.as_ref())
    }

    /// `timestamp`, read as a time (see [`Timestamp`]).
    pub fn timestamp(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        each_call!(self, e => e.timestamp.as_ref().and_then(Timestamp::time))
    }

    /// Keys of the event this crate does not model, kept as they came.
    pub fn extra(&self) -> &Map<String, Value> {
        each_call!(self, e => &e.extra)
    }

    /// Fill what a batch gives all its events (`integrations`, `context`, `sentAt`) where this
    /// event has none of its own.
    fn inherit(&mut self, batch: &BatchDefaults) {
        each_call!(self, e => {
            if e.integrations.is_none() {
                e.integrations.clone_from(&batch.integrations);
            }
            // A `null` context is none, as a `null` is for the other keys.
            if e.context.as_ref().is_none_or(LazyContext::is_null) && batch.context.is_some()
            {
                e.context.clone_from(&batch.context);
            }
            if e.sent_at.is_none() {
                e.sent_at.clone_from(&batch.sent_at);
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
                let missing = Error::data("type", "missing field `type`");
                return Err(read::from_value::<TypeProbe>(value)
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

impl FromStr for SourceEvent {
    type Err = Error;

    /// [`parse_source_event`] on text.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_source_text(s)
    }
}

impl<'de> Deserialize<'de> for SourceEvent {
    /// From any self-describing format, through a JSON tree (`type` may come last);
    /// [`parse_source_event`] on bytes is faster.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        SourceEvent::from_value(Value::deserialize(d)?).map_err(D::Error::custom)
    }
}

/// The fast reader and serde_json's, each alone, on `text` (and on each event of a batch) read
/// as every call type: how each fared, or the first disagreement.
#[cfg(test)]
pub(crate) fn readers_agree(text: &str) -> Result<Vec<read::readers::Outcome>, String> {
    use read::readers::{agree, FastOnly, SerdeJsonOnly};
    const TYPES: [CallType; 6] = [
        CallType::Identify,
        CallType::Track,
        CallType::Alias,
        CallType::Page,
        CallType::Screen,
        CallType::Group,
    ];
    let mut texts = vec![text.to_owned()];
    if let Ok(Value::Object(body)) = serde_json::from_str(text) {
        if let Some(Value::Array(events)) = body.get("batch") {
            texts.extend(events.iter().map(Value::to_string));
        }
    }
    let mut outcomes = Vec::new();
    for text in &texts {
        for call_type in TYPES {
            outcomes.push(
                agree(
                    parse_as(call_type, FastOnly(text)),
                    parse_as(call_type, SerdeJsonOnly(text)),
                )
                .map_err(|e| format!("as {call_type:?}: {e}"))?,
            );
        }
    }
    Ok(outcomes)
}

/// Just the `type` of an event, everything else skipped. Read from a JSON object only (a
/// derived struct would also read an array, by position), and a `type` given twice gives its
/// last value, as the models take it.
struct TypeProbe {
    call_type: CallType,
}

impl<'de> Deserialize<'de> for TypeProbe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;

        impl<'de> Visitor<'de> for Keys {
            type Value = TypeProbe;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a source event (a JSON object)")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TypeProbe, A::Error> {
                let mut call_type = None;
                while let Some(key) = map.next_key_seed(KeySeed)? {
                    if key == "type" {
                        call_type = Some(map.next_value()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                let call_type = call_type.ok_or_else(|| A::Error::missing_field("type"))?;
                Ok(TypeProbe { call_type })
            }
        }

        d.deserialize_map(Keys)
    }
}

/// Read `input` as an event of `call_type`.
fn parse_as<E>(call_type: CallType, input: impl Input<E>) -> Result<SourceEvent, E> {
    Ok(match call_type {
        CallType::Identify => SourceEvent::Identify(input.model()?),
        CallType::Track => SourceEvent::Track(input.model()?),
        CallType::Alias => SourceEvent::Alias(input.model()?),
        CallType::Page => SourceEvent::Page(input.model()?),
        CallType::Screen => SourceEvent::Screen(input.model()?),
        CallType::Group => SourceEvent::Group(input.model()?),
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
/// // Fields the destination reads must be readable; the others are kept whatever they hold.
/// let err = parse_source_event(br#"{"type":"track","event":{"name":"A"}}"#).unwrap_err();
/// assert!(err.to_string().starts_with("event: "));
/// let kept = parse_source_event(br#"{"type":"track","event":"A","timestamp":"yesterday"}"#)?;
/// assert_eq!(kept.timestamp(), None);
/// # Ok::<(), sprig_events::Error>(())
/// ```
pub fn parse_source_event(body: &[u8]) -> Result<SourceEvent, Error> {
    parse_source_text(read::text(body)?)
}

/// [`parse_source_event`] on text already known to be UTF-8 (a batch's events).
fn parse_source_text(text: &str) -> Result<SourceEvent, Error> {
    static TYPE: LazyLock<KeyFinder> = LazyLock::new(|| KeyFinder::new("\"type\""));
    let guess = TYPE.first_string(text).and_then(|name| name.parse().ok());
    // A guess misled by a nested `type` fails the struct's own `type` read.
    if let Some(event) = guess.and_then(|guess| parse_as(guess, read::Quick(text)).ok()) {
        return Ok(event);
    }
    let probe: TypeProbe = read::from_str(text)?;
    parse_as(probe.call_type, read::Tracked(text))
}

/// What a batch says for all its events.
#[derive(Default)]
struct BatchDefaults {
    integrations: Option<Integrations>,
    context: Option<LazyContext>,
    sent_at: Option<Timestamp>,
}

/// A batch's keys. Read from a JSON object only (a derived struct would also read an array,
/// its items taken as the keys by position); a key given twice keeps its last value, as
/// JavaScript's `JSON.parse` does, and keys of no meaning here are skipped.
struct Batch<'a> {
    batch: Vec<&'a RawValue>,
    integrations: Option<Integrations>,
    context: Option<LazyContext>,
    sent_at: Option<Timestamp>,
}

impl<'de> Deserialize<'de> for Batch<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;

        impl<'de> Visitor<'de> for Keys {
            type Value = Batch<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a batch (a JSON object)")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Batch<'de>, A::Error> {
                let (mut batch, mut integrations, mut context, mut sent_at) =
                    (None, None, None, None);
                while let Some(key) = map.next_key_seed(KeySeed)? {
                    match &*key {
                        "batch" => batch = Some(map.next_value()?),
                        "integrations" => integrations = map.next_value()?,
                        "context" => context = map.next_value()?,
                        "sentAt" => sent_at = map.next_value()?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Batch {
                    batch: batch.ok_or_else(|| A::Error::missing_field("batch"))?,
                    integrations,
                    context,
                    sent_at,
                })
            }
        }

        d.deserialize_map(Keys)
    }
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
/// use sprig_events::parse_batch_each;
///
/// let results = parse_batch_each(br#"{"batch": [
///     {"type": "track", "event": "A", "userId": "u1"},
///     {"type": "track", "event": "B", "userId": ["u1"]}
/// ]}"#)?;
/// assert!(results[0].is_ok());
/// assert!(results[1].as_ref().unwrap_err().to_string().starts_with("batch[1].userId: "));
/// # Ok::<(), sprig_events::Error>(())
/// ```
pub fn parse_batch_each(body: &[u8]) -> Result<Vec<Result<SourceEvent, Error>>, Error> {
    let batch: Batch<'_> = read::from_slice(body)?;
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::{parse_batch, parse_source_event};
    use crate::wire::read::passes;

    /// The fast reader and serde_json's give equal events, of every call type, on every fixture
    /// (a batch's events each), short payload and fuzz seed; and the fast reader reads every
    /// short source event itself.
    #[test]
    fn the_fast_reader_reads_every_event_as_serde_json_does() {
        use crate::wire::read::readers::Outcome;
        let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
        let mut declined_short = Vec::new();
        for (name, text) in crate::wire::read::corpus(&["source_events"]) {
            let each = super::readers_agree(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            for outcome in each {
                if outcome == Outcome::Declined && name.starts_with("small_source") {
                    declined_short.push(name.clone());
                }
                *outcomes.entry(format!("{outcome:?}")).or_default() += 1;
            }
        }
        assert!(declined_short.is_empty(), "{declined_short:?}");
        // Every outcome occurs, so the comparison is not vacuous.
        assert_eq!(outcomes.len(), 3, "{outcomes:?}");
        assert!(
            outcomes.get("Same").is_some_and(|&n| n > 300),
            "{outcomes:?}"
        );
    }

    /// Each event's text is read once (a batch: once as a whole, to find its events, then each
    /// event once).
    #[test]
    fn every_source_fixture_is_parsed_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/source");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".json") || name.ends_with(".expect.json") {
                continue;
            }
            let body = std::fs::read(&path).unwrap();
            let is_batch = serde_json::from_slice::<serde_json::Value>(&body)
                .unwrap()
                .get("batch")
                .is_some();
            passes::take();
            let expected = if is_batch {
                1 + parse_batch(&body)
                    .unwrap_or_else(|e| panic!("{name}: {e}"))
                    .len()
            } else {
                parse_source_event(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
                1
            };
            assert_eq!(passes::take(), expected, "{name}");
            checked += 1;
        }
        assert!(checked > 50, "{checked}");
    }
}
