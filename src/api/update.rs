//! From a source event to the body of `POST /v2/users`, and the reasons an event is not sent.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use actions_runtime::js::is_js_space;

use crate::destination::{Limits, SIGNED_OUT_EVENT};
use crate::source::{Identify, LazyValue, Loose, SourceEvent, Timestamp, Track};
use crate::webhook::EpochMillis;

/// One entry of an upsert's `events`: `{"event": "<name>", "timestamp": <epoch milliseconds>}`.
///
/// Sprig records it as having happened at `timestamp`; events sent through the API never
/// trigger a study. [`user_update`] always gives a time; the Segment-compatible path
/// ([`CloudDestination`](super::CloudDestination)) sends `"timestamp": null` where JavaScript's
/// `Date` cannot read the event's, as the reference does.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Event {
    event: String,
    timestamp: Option<i64>,
}

impl Event {
    /// The event's name, e.g. `Report Exported`.
    pub fn name(&self) -> &str {
        &self.event
    }

    /// When it happened; `None` for a `null` timestamp (only the Segment-compatible path sends
    /// one), and for a time past the range of [`EpochMillis`] (years beyond ±262,143).
    pub fn timestamp(&self) -> Option<EpochMillis> {
        self.timestamp.and_then(EpochMillis::from_millis)
    }

    /// `timestamp` as sent: milliseconds since the Unix epoch, or `None` for `null`.
    pub fn timestamp_millis(&self) -> Option<i64> {
        self.timestamp
    }
}

/// The body of one `POST /v2/users`: a user's id, and what to record about them.
///
/// Built from a source event by [`user_update`], and from many by
/// [`coalesce`](super::coalesce). Serializing gives the request body itself:
/// `{"userId", "emailAddress"?, "attributes"?, "events"?}`, with empty parts left out.
///
/// What the event held that is not sent (a `null` trait, a nested one, a value over Sprig's
/// limits) travels with the update as [`findings`](UserUpdate::findings); they are not part of
/// the body, so an update read back from its JSON has none.
///
/// ```
/// use sprig_events::api::user_update;
/// use sprig_events::parse_source_event;
///
/// let event = parse_source_event(br#"{"type": "identify", "userId": 42,
///     "traits": {"email": "ada@example.com", "plan": "pro", "address": {"city": "Paris"}}}"#)?;
/// let update = user_update(&event)?;
/// assert_eq!(
///     serde_json::to_string(&update)?,
///     r#"{"userId":"42","emailAddress":"ada@example.com","attributes":{"plan":"pro"}}"#
/// );
/// assert_eq!(update.findings()[0].to_string(), r#"attribute "address" is an object or an array: not sent"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(try_from = "RawUserUpdate")]
pub struct UserUpdate {
    user_id: String,
    email_address: Option<String>,
    attributes: Map<String, Value>,
    events: Vec<Event>,
    findings: Vec<Finding>,
    /// `attributes` is written even when empty (the Segment-compatible path sends `{}` for
    /// empty traits).
    empty_attributes: bool,
}

impl Serialize for UserUpdate {
    /// The body: `userId`, then `emailAddress`, `attributes` and `events` when they have
    /// something (`attributes` also when empty ones are to be sent).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("userId", &self.user_id)?;
        if let Some(email) = &self.email_address {
            map.serialize_entry("emailAddress", email)?;
        }
        if self.sends_attributes() {
            map.serialize_entry(
                "attributes",
                &actions_runtime::js::OrderedObject(&self.attributes),
            )?;
        }
        if !self.events.is_empty() {
            map.serialize_entry("events", &self.events)?;
        }
        map.end()
    }
}

impl UserUpdate {
    /// Whether the body has an `attributes` key: when there are some, or when empty ones are
    /// to be sent.
    pub(crate) fn sends_attributes(&self) -> bool {
        !self.attributes.is_empty() || self.empty_attributes
    }

    /// `userId`: Sprig's key for the user.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// `emailAddress`, when the event gave a usable one.
    pub fn email_address(&self) -> Option<&str> {
        self.email_address.as_deref()
    }

    /// `attributes`: strings, numbers and booleans from [`user_update`]; from the
    /// Segment-compatible path also `null`s and arrays (nested objects are flattened).
    pub fn attributes(&self) -> &Map<String, Value> {
        &self.attributes
    }

    /// `events`, in the order they happened in the source.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// What the source events held that this update does not send, in event order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Take the findings out (to report them apart), leaving none.
    pub fn take_findings(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
    }

    /// An update of the same user with nothing in it yet: the start of a user's second and
    /// later requests, when their events are more than one request may carry.
    pub(crate) fn same_user(&self) -> UserUpdate {
        UserUpdate {
            user_id: self.user_id.clone(),
            email_address: None,
            attributes: Map::new(),
            events: Vec::new(),
            findings: Vec::new(),
            empty_attributes: false,
        }
    }

    /// An identify's update as the Segment-compatible path makes it: `attributes` as given
    /// (`None`: no key; `Some` of an empty map: `{}`).
    pub(crate) fn identified(
        user_id: String,
        attributes: Option<Map<String, Value>>,
        findings: Vec<Finding>,
    ) -> UserUpdate {
        UserUpdate {
            user_id,
            email_address: None,
            empty_attributes: attributes.as_ref().is_some_and(Map::is_empty),
            attributes: attributes.unwrap_or_default(),
            events: Vec::new(),
            findings,
        }
    }

    /// A track's update as the Segment-compatible path makes it: one event, its time possibly
    /// `null`.
    pub(crate) fn tracked(
        user_id: String,
        event: String,
        timestamp: Option<i64>,
        findings: Vec<Finding>,
    ) -> UserUpdate {
        UserUpdate {
            user_id,
            email_address: None,
            attributes: Map::new(),
            events: vec![Event { event, timestamp }],
            findings,
            empty_attributes: false,
        }
    }

    /// Merge `later` (an update of the same user) into `self`: its attributes win, its
    /// e-mail wins when it has one, its events and findings follow.
    pub(crate) fn absorb(&mut self, later: UserUpdate) {
        if later.email_address.is_some() {
            self.email_address = later.email_address;
        }
        self.empty_attributes |= later.empty_attributes;
        // Taking the whole map (or list) when there is nothing to merge into spares
        // re-inserting every entry: most users' first request starts from one event.
        if self.attributes.is_empty() {
            self.attributes = later.attributes;
        } else {
            self.attributes.extend(later.attributes);
        }
        if self.events.is_empty() {
            self.events = later.events;
        } else {
            self.events.extend(later.events);
        }
        self.findings.extend(later.findings);
    }

    /// Split off the events past the first `keep`, as an update of the same user that
    /// carries only them.
    pub(crate) fn split_events(&mut self, keep: usize) -> UserUpdate {
        let mut rest = self.same_user();
        rest.events = self.events.split_off(keep.min(self.events.len()));
        rest
    }
}

/// What [`UserUpdate`]'s JSON must hold, checked on the way in so that an update read back
/// from JSON (a queue, a file) is one `user_update` or the Segment-compatible path could have
/// made: a non-empty `userId`, e-mail address and event names.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawUserUpdate {
    user_id: String,
    #[serde(default)]
    email_address: Option<String>,
    #[serde(default)]
    attributes: Map<String, Value>,
    #[serde(default)]
    events: Vec<Event>,
}

impl TryFrom<RawUserUpdate> for UserUpdate {
    type Error = String;

    fn try_from(raw: RawUserUpdate) -> Result<Self, String> {
        if raw.user_id.is_empty() {
            return Err("userId: empty".into());
        }
        if raw.email_address.as_deref() == Some("") {
            return Err("emailAddress: empty".into());
        }
        // Attributes are not checked: the Segment-compatible path sends any value (`null`,
        // arrays, and the rare object its flattening keeps), which an update read back keeps.
        if let Some(i) = raw.events.iter().position(|e| e.event.is_empty()) {
            return Err(format!("events[{i}].event: empty"));
        }
        Ok(UserUpdate {
            user_id: raw.user_id,
            email_address: raw.email_address,
            // An empty `attributes` read back is left out of the body again.
            empty_attributes: false,
            attributes: raw.attributes,
            events: raw.events,
            findings: Vec::new(),
        })
    }
}

/// Something a source event held that its update does not send. The update is sent without
/// it; nothing is left out without one of these.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Finding {
    /// An attribute whose value is `null`: Sprig takes strings, numbers and booleans.
    NullAttribute {
        /// The attribute.
        key: String,
    },
    /// An attribute whose value is an object or an array: Sprig takes strings, numbers and
    /// booleans, and the crate does not guess a flattening.
    NestedAttribute {
        /// The attribute.
        key: String,
    },
    /// An attribute whose name starts with `!`: such keys are Sprig's own (`!email`).
    ReservedAttribute {
        /// The attribute.
        key: String,
    },
    /// An attribute whose name is longer than `maxAttrNameLength`.
    AttributeNameTooLong {
        /// The attribute.
        key: String,
        /// Its length in UTF-16 code units.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// A string attribute value longer than `maxAttrValueLength`.
    AttributeValueTooLong {
        /// The attribute.
        key: String,
        /// The value's length in UTF-16 code units.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// An `email` trait that is not a non-empty string (`null`, `""`, a number…): it is
    /// neither `emailAddress` nor an attribute.
    UnusableEmail {
        /// Where it was: `traits.email` or `context.traits.email`.
        key: &'static str,
    },
    /// The e-mail address is longer than `maxEmailLength`: `emailAddress` is left out.
    EmailTooLong {
        /// Where it was: `traits.email` or `context.traits.email`.
        key: &'static str,
        /// Its length in UTF-16 code units.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// The traits the attributes come from are not an object: no attributes are read.
    TraitsNotObject {
        /// `traits` or `context.traits`.
        key: &'static str,
    },
    /// A time field that cannot be read as a time; the next one in line was used.
    UnreadableTime {
        /// `timestamp` or `originalTimestamp`.
        key: &'static str,
    },
    /// Segment-compatible path: an attribute sent as the reference sends it although Sprig
    /// documents strings, numbers and booleans only (a `null`, an array, an object its
    /// flattening keeps).
    AttributeSentAsIs {
        /// The attribute (flattened name).
        key: String,
        /// `null`, `array` or `object`.
        kind: &'static str,
    },
    /// Segment-compatible path: a value sent although it is longer than Sprig's limit, which
    /// Sprig may cut or refuse.
    SentOverLimit {
        /// `userId`, `events[0].event`, or the attribute's (flattened) name.
        key: String,
        /// Its length in UTF-16 code units.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// Segment-compatible path: the event's time is not one JavaScript's `Date` reads, so
    /// `timestamp` is sent as `null`, as the reference sends it.
    TimestampSentAsNull,
}

impl Finding {
    /// A stable machine-readable code, e.g. `null_attribute`, `email_too_long`.
    pub fn code(&self) -> &'static str {
        match self {
            Finding::NullAttribute { .. } => "null_attribute",
            Finding::NestedAttribute { .. } => "nested_attribute",
            Finding::ReservedAttribute { .. } => "reserved_attribute",
            Finding::AttributeNameTooLong { .. } => "attribute_name_too_long",
            Finding::AttributeValueTooLong { .. } => "attribute_value_too_long",
            Finding::UnusableEmail { .. } => "unusable_email",
            Finding::EmailTooLong { .. } => "email_too_long",
            Finding::TraitsNotObject { .. } => "traits_not_object",
            Finding::UnreadableTime { .. } => "unreadable_time",
            Finding::AttributeSentAsIs { .. } => "attribute_sent_as_is",
            Finding::SentOverLimit { .. } => "sent_over_limit",
            Finding::TimestampSentAsNull => "timestamp_sent_as_null",
        }
    }

    /// The key of what was not sent (or, on the Segment-compatible path, sent as it came): the
    /// attribute's name, or the field's path (`traits.email`, `context.traits`, `timestamp`).
    pub fn key(&self) -> &str {
        match self {
            Finding::NullAttribute { key }
            | Finding::NestedAttribute { key }
            | Finding::ReservedAttribute { key }
            | Finding::AttributeNameTooLong { key, .. }
            | Finding::AttributeValueTooLong { key, .. }
            | Finding::AttributeSentAsIs { key, .. }
            | Finding::SentOverLimit { key, .. } => key,
            Finding::TimestampSentAsNull => "timestamp",
            Finding::UnusableEmail { key }
            | Finding::EmailTooLong { key, .. }
            | Finding::TraitsNotObject { key }
            | Finding::UnreadableTime { key } => key,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::NullAttribute { key } => write!(f, "attribute {key:?} is null: not sent"),
            Finding::NestedAttribute { key } => {
                write!(f, "attribute {key:?} is an object or an array: not sent")
            }
            Finding::ReservedAttribute { key } => write!(
                f,
                "attribute {key:?} starts with `!`, which Sprig reserves for its own keys: not sent"
            ),
            Finding::AttributeNameTooLong { key, length, limit } => write!(
                f,
                "attribute name {key:?} is {length} characters long (Sprig's limit: {limit}): not sent"
            ),
            Finding::AttributeValueTooLong { key, length, limit } => write!(
                f,
                "attribute {key:?} has a value {length} characters long (Sprig's limit: {limit}): not sent"
            ),
            Finding::UnusableEmail { key } => {
                write!(f, "{key} is not a non-empty string: not sent")
            }
            Finding::EmailTooLong { key, length, limit } => write!(
                f,
                "{key} is {length} characters long (Sprig's limit: {limit}): emailAddress not sent"
            ),
            Finding::TraitsNotObject { key } => {
                write!(f, "{key} is not an object: no attributes sent")
            }
            Finding::UnreadableTime { key } => {
                write!(f, "{key} is not a readable time: the next time field was used")
            }
            Finding::AttributeSentAsIs { key, kind } => {
                let article = if *kind == "null" { "" } else { "an " };
                write!(
                    f,
                    "attribute {key:?} is {article}{kind}: sent as it is (Sprig documents strings, numbers and booleans)"
                )
            }
            Finding::SentOverLimit { key, length, limit } => write!(
                f,
                "{key} is {length} characters long (Sprig's limit: {limit}): sent as it is, Sprig may cut or refuse it"
            ),
            Finding::TimestampSentAsNull => f.write_str(
                "timestamp is not a time JavaScript's Date reads: sent as null, as the reference sends it",
            ),
        }
    }
}

/// Why a source event becomes no request at all.
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum NotSent {
    /// The event has no `userId`. Sprig's API keys users by it; users known only by an
    /// `anonymousId` live in the browser SDK.
    #[error("no userId: Sprig's API keys users by userId (anonymous visitors exist only in the browser SDK)")]
    NoUserId,
    /// `userId` is the empty string.
    #[error("the userId is empty")]
    EmptyUserId,
    /// `userId` is longer than `maxUserIdLength`; cutting it would name another user.
    #[error("the userId is {length} characters long (Sprig's limit: {limit})")]
    UserIdTooLong {
        /// Its length in UTF-16 code units.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// A track without `event`.
    #[error("the track has no event name")]
    NoEventName,
    /// A track whose `event` is empty or only white space (JavaScript's): Sprig refuses a
    /// blank event name.
    #[error("the event name is empty or blank")]
    EmptyEventName,
    /// The event name is longer than `maxEventLength`; cutting it would name another event.
    #[error("the event name is {length} characters long (Sprig's limit: {limit})")]
    EventNameTooLong {
        /// Its length in UTF-16 code units.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// A `Signed Out` track: signing out ends a browser session, which the API has no part in.
    #[error("\"Signed Out\" ends a browser session; Sprig's API has nothing to record for it")]
    SignedOut,
    /// A track with no readable time in `timestamp`, `originalTimestamp` or `receivedAt`:
    /// Sprig records API events as having happened at a given time.
    #[error("the track has no readable time (timestamp, originalTimestamp or receivedAt)")]
    NoTimestamp,
    /// An alias: the API cannot rename a user.
    #[error("alias: Sprig's API cannot rename a user")]
    Alias,
    /// A page view: the API takes users' attributes and events, not page views.
    #[error("page: Sprig's API takes attributes and events, not page views")]
    Page,
    /// A screen view: the API takes users' attributes and events, not screen views.
    #[error("screen: Sprig's API takes attributes and events, not screen views")]
    Screen,
    /// A group: the API has no groups or accounts.
    #[error("group: Sprig's API has no groups or accounts")]
    Group,
}

impl NotSent {
    /// A stable machine-readable code, e.g. `no_user_id`, `signed_out`.
    pub fn code(&self) -> &'static str {
        match self {
            NotSent::NoUserId => "no_user_id",
            NotSent::EmptyUserId => "empty_user_id",
            NotSent::UserIdTooLong { .. } => "user_id_too_long",
            NotSent::NoEventName => "no_event_name",
            NotSent::EmptyEventName => "empty_event_name",
            NotSent::EventNameTooLong { .. } => "event_name_too_long",
            NotSent::SignedOut => "signed_out",
            NotSent::NoTimestamp => "no_timestamp",
            NotSent::Alias => "alias",
            NotSent::Page => "page",
            NotSent::Screen => "screen",
            NotSent::Group => "group",
        }
    }
}

/// The upsert a source event makes, under Sprig's default limits (255 for each).
///
/// - identify → `userId`, `emailAddress`, `attributes`;
/// - track → `userId` and one entry of `events`;
/// - alias, page, screen, group, and events without a usable `userId` → [`NotSent`].
///
/// The rules, one by one, are in the [module docs](super#from-a-source-event-to-an-upsert).
///
/// ```
/// use sprig_events::api::{user_update, NotSent};
/// use sprig_events::parse_source_event;
///
/// let track = parse_source_event(br#"{"type": "track", "userId": "u1", "event": "Report Exported",
///     "timestamp": "2025-01-02T03:04:05.678Z", "properties": {"format": "pdf"}}"#)?;
/// assert_eq!(
///     serde_json::to_string(&user_update(&track)?)?,
///     r#"{"userId":"u1","events":[{"event":"Report Exported","timestamp":1735787045678}]}"#
/// );
///
/// let anonymous = parse_source_event(br#"{"type": "track", "anonymousId": "a1", "event": "A"}"#)?;
/// assert_eq!(user_update(&anonymous), Err(NotSent::NoUserId));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn user_update(event: &SourceEvent) -> Result<UserUpdate, NotSent> {
    user_update_with(event, &Limits::default())
}

/// [`user_update`] under the given limits (lengths in UTF-16 code units, as Sprig counts).
pub fn user_update_with(event: &SourceEvent, limits: &Limits) -> Result<UserUpdate, NotSent> {
    match event {
        SourceEvent::Identify(identify) => from_identify(identify, limits),
        SourceEvent::Track(track) => from_track(track, limits),
        SourceEvent::Alias(_) => Err(NotSent::Alias),
        SourceEvent::Page(_) => Err(NotSent::Page),
        SourceEvent::Screen(_) => Err(NotSent::Screen),
        SourceEvent::Group(_) => Err(NotSent::Group),
    }
}

/// Whether `s` is longer than `limit` UTF-16 code units, and its length when it is.
fn over(s: &str, limit: usize) -> Option<usize> {
    // UTF-16 never needs more units than UTF-8 needs bytes: short strings need no count.
    if s.len() <= limit {
        return None;
    }
    Some(actions_runtime::js::utf16_len(s)).filter(|length| *length > limit)
}

fn user_id(id: Option<&str>, limits: &Limits) -> Result<String, NotSent> {
    match id {
        None => Err(NotSent::NoUserId),
        Some("") => Err(NotSent::EmptyUserId),
        Some(id) => match over(id, limits.max_user_id_length) {
            Some(length) => Err(NotSent::UserIdTooLong {
                length,
                limit: limits.max_user_id_length,
            }),
            None => Ok(id.to_owned()),
        },
    }
}

fn from_identify(identify: &Identify, limits: &Limits) -> Result<UserUpdate, NotSent> {
    let user_id = user_id(identify.user_id.as_deref(), limits)?;
    let mut findings = Vec::new();
    let traits = identify
        .traits
        .as_ref()
        .map(LazyValue::get)
        .filter(|traits| !traits.is_null());
    let context_traits = identify
        .context
        .as_ref()
        .map(crate::source::LazyContext::get)
        .and_then(Loose::typed)
        .and_then(|context| context.traits.as_ref())
        .filter(|traits| traits.as_value() != Some(&Value::Null));
    let email_address = email(traits, context_traits, limits, &mut findings);
    let attributes = match (traits, context_traits) {
        (Some(Value::Object(traits)), _) => attributes(traits, limits, &mut findings),
        (Some(_), _) => {
            findings.push(Finding::TraitsNotObject { key: "traits" });
            Map::new()
        }
        (None, Some(Loose::Typed(traits))) => attributes(traits, limits, &mut findings),
        (None, Some(Loose::Other(_))) => {
            findings.push(Finding::TraitsNotObject {
                key: "context.traits",
            });
            Map::new()
        }
        (None, None) => Map::new(),
    };
    Ok(UserUpdate {
        user_id,
        email_address,
        attributes,
        events: Vec::new(),
        findings,
        empty_attributes: false,
    })
}

/// `traits.email` when it is a non-empty string, else `context.traits.email`; each one
/// looked at and not used is reported.
fn email(
    traits: Option<&Value>,
    context_traits: Option<&Loose<Map<String, Value>>>,
    limits: &Limits,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let candidates = [
        (
            "traits.email",
            traits.and_then(|traits| traits.get("email")),
        ),
        (
            "context.traits.email",
            context_traits
                .and_then(Loose::typed)
                .and_then(|traits| traits.get("email")),
        ),
    ];
    for (key, value) in candidates {
        match value {
            None => {}
            Some(Value::String(email)) if !email.is_empty() => {
                let limit = limits.max_email_length;
                if let Some(length) = over(email, limit) {
                    findings.push(Finding::EmailTooLong { key, length, limit });
                    return None;
                }
                return Some(email.clone());
            }
            Some(_) => findings.push(Finding::UnusableEmail { key }),
        }
    }
    None
}

/// The traits Sprig can take as attributes: every key but `email`, with a string, number or
/// boolean value within the limits.
fn attributes(
    traits: &Map<String, Value>,
    limits: &Limits,
    findings: &mut Vec<Finding>,
) -> Map<String, Value> {
    let mut attributes = Map::new();
    for (key, value) in traits {
        if key == "email" {
            continue;
        }
        if key.starts_with('!') {
            findings.push(Finding::ReservedAttribute { key: key.clone() });
            continue;
        }
        if let Some(length) = over(key, limits.max_attr_name_length) {
            findings.push(Finding::AttributeNameTooLong {
                key: key.clone(),
                length,
                limit: limits.max_attr_name_length,
            });
            continue;
        }
        match value {
            Value::Null => findings.push(Finding::NullAttribute { key: key.clone() }),
            Value::Array(_) | Value::Object(_) => {
                findings.push(Finding::NestedAttribute { key: key.clone() });
            }
            Value::String(text) => match over(text, limits.max_attr_value_length) {
                Some(length) => findings.push(Finding::AttributeValueTooLong {
                    key: key.clone(),
                    length,
                    limit: limits.max_attr_value_length,
                }),
                None => {
                    attributes.insert(key.clone(), value.clone());
                }
            },
            Value::Bool(_) | Value::Number(_) => {
                attributes.insert(key.clone(), value.clone());
            }
        }
    }
    attributes
}

fn from_track(track: &Track, limits: &Limits) -> Result<UserUpdate, NotSent> {
    if track.event.as_deref() == Some(SIGNED_OUT_EVENT) {
        return Err(NotSent::SignedOut);
    }
    let user_id = user_id(track.user_id.as_deref(), limits)?;
    let name = match track.event.as_deref() {
        None => return Err(NotSent::NoEventName),
        Some(name) if name.trim_matches(is_js_space).is_empty() => {
            return Err(NotSent::EmptyEventName)
        }
        Some(name) => name,
    };
    if let Some(length) = over(name, limits.max_event_length) {
        return Err(NotSent::EventNameTooLong {
            length,
            limit: limits.max_event_length,
        });
    }
    let mut findings = Vec::new();
    let times: [(&'static str, Option<&Timestamp>); 3] = [
        ("timestamp", track.timestamp.as_ref()),
        ("originalTimestamp", track.original_timestamp.as_ref()),
        ("receivedAt", track.received_at.as_ref()),
    ];
    let mut at = None;
    for (key, field) in times {
        let Some(field) = field else { continue };
        match field.time() {
            Some(time) => {
                at = Some(time);
                break;
            }
            None => findings.push(Finding::UnreadableTime { key }),
        }
    }
    let at = at.ok_or(NotSent::NoTimestamp)?;
    Ok(UserUpdate {
        user_id,
        email_address: None,
        attributes: Map::new(),
        events: vec![Event {
            event: name.to_owned(),
            timestamp: Some(EpochMillis::from(at).as_millis()),
        }],
        findings,
        empty_attributes: false,
    })
}

impl super::json::Body for UserUpdate {
    fn write(&self, out: &mut String) {
        let mut body = super::json::Object::new(out);
        body.text("userId", &self.user_id);
        if let Some(email) = &self.email_address {
            body.text("emailAddress", email);
        }
        if self.sends_attributes() {
            body.map("attributes", &self.attributes);
        }
        if !self.events.is_empty() {
            body.objects("events", &self.events, |event, object| {
                object.text("event", &event.event);
                object.nullable_integer("timestamp", event.timestamp);
            });
        }
        body.end();
    }
}
