//! What each action does with its payload: the fields its mapping resolved to, checked against
//! the action's field types, then turned into one Sprig call or a reason to send nothing.
//!
//! Two roads lead here. The default mappings (`userId ← $.userId`, …) are read straight from the
//! typed event ([`Payload::preset`]); a custom mapping's result is read from JSON
//! ([`Payload::from_json`]) the way Segment's action runtime treats a payload: `null` and `""`
//! at the top level count as absent, a string field takes a number or a boolean as its text (and
//! a one-element array as that element), an object field takes only an object.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::{Action, IdentifyArgs, SkipReason, SprigCall, TrackArgs};
use crate::source::SourceEvent;
use crate::wire::tolerance::js_number_text;

/// The fields of an action's payload that its call reads, typed as the action's fields are.
#[derive(Debug, Default)]
pub(crate) struct Payload<'a> {
    pub(crate) user_id: Option<Cow<'a, str>>,
    pub(crate) anonymous_id: Option<Cow<'a, str>>,
    /// Track Event's `name`.
    pub(crate) name: Option<Cow<'a, str>>,
    /// Identify User's `traits`.
    pub(crate) traits: Option<Cow<'a, Map<String, Value>>>,
    /// Track Event's `properties`.
    pub(crate) properties: Option<Cow<'a, Map<String, Value>>>,
}

/// The JSON name of a field, for the reasons that name one.
const TRAITS: &str = "traits";
const PROPERTIES: &str = "properties";

impl<'a> Payload<'a> {
    /// The payload the action's default mapping resolves to, read from the typed event: the
    /// same as applying that mapping to the event's JSON and reading it with [`Payload::from_json`].
    pub(crate) fn preset(action: Action, event: &'a SourceEvent) -> Result<Self, SkipReason> {
        let ids = |payload: Payload<'a>| Payload {
            user_id: event.user_id().map(Cow::Borrowed),
            anonymous_id: event.anonymous_id().map(Cow::Borrowed),
            ..payload
        };
        Ok(match action {
            Action::SignOutUser => Payload::default(),
            Action::UpdateUserId => ids(Payload::default()),
            Action::IdentifyUser => ids(Payload {
                traits: object(present(traits_of(event)), TRAITS)?,
                ..Payload::default()
            }),
            Action::TrackEvent => {
                let properties = object(present(properties_of(event)), PROPERTIES)?;
                let name = match event {
                    SourceEvent::Track(track) => track.event.as_deref().map(Cow::Borrowed),
                    other => text(present(other.extra().get("event")), "name")?,
                };
                ids(Payload {
                    name,
                    properties,
                    ..Payload::default()
                })
            }
        })
    }

    /// Read a mapped payload for `action`, checking each field the action has against its
    /// type. `None` is a mapping that resolved to nothing.
    pub(crate) fn from_json(
        action: Action,
        payload: Option<&'a Value>,
    ) -> Result<Self, SkipReason> {
        let map = match payload {
            None => return Ok(Payload::default()),
            Some(Value::Object(map)) => map,
            Some(_) => return Err(SkipReason::PayloadNotAnObject),
        };
        let field = |key: &str| present(map.get(key));
        let mut payload = Payload::default();
        match action {
            Action::SignOutUser => {}
            Action::IdentifyUser => {
                payload.traits = object(field(TRAITS), TRAITS)?;
            }
            Action::TrackEvent => {
                payload.properties = object(field(PROPERTIES), PROPERTIES)?;
                payload.name = text(field("name"), "name")?;
            }
            Action::UpdateUserId => {}
        }
        if action != Action::SignOutUser {
            payload.user_id = text(field("userId"), "userId")?;
            payload.anonymous_id = text(field("anonymousId"), "anonymousId")?;
        }
        Ok(payload)
    }

    /// The call the action makes with this payload, or why it sends nothing.
    pub(crate) fn perform(self, action: Action) -> Result<SprigCall, SkipReason> {
        let user_id = non_empty(self.user_id);
        let anonymous_id = non_empty(self.anonymous_id);
        match action {
            Action::SignOutUser => Ok(SprigCall::LogoutUser),
            Action::IdentifyUser => {
                // An empty traits object is still "traits" to the reference: it is truthy in
                // JavaScript.
                if user_id.is_none() && anonymous_id.is_none() && self.traits.is_none() {
                    return Err(SkipReason::NoUserIdAnonymousIdOrTraits);
                }
                let attributes = self
                    .traits
                    .filter(|traits| !traits.is_empty())
                    .map(|traits| {
                        let mut attributes = traits.into_owned();
                        if attributes.get("email").is_some_and(truthy) {
                            if let Some(email) = attributes.remove("email") {
                                attributes.insert("!email".to_owned(), email);
                            }
                        }
                        attributes
                    });
                Ok(SprigCall::IdentifyAndSetAttributes(IdentifyArgs {
                    user_id,
                    anonymous_id,
                    attributes,
                }))
            }
            Action::TrackEvent => {
                let Some(event_name) = non_empty(self.name) else {
                    return Err(SkipReason::NoEventName);
                };
                Ok(SprigCall::IdentifyAndTrack(TrackArgs {
                    event_name,
                    user_id,
                    anonymous_id,
                    properties: self.properties.map(Cow::into_owned),
                }))
            }
            Action::UpdateUserId => {
                if user_id.is_none() && anonymous_id.is_none() {
                    return Err(SkipReason::NoUserIdOrAnonymousId);
                }
                Ok(SprigCall::IdentifyAndSetAttributes(IdentifyArgs {
                    user_id,
                    anonymous_id,
                    attributes: None,
                }))
            }
        }
    }
}

/// `$.traits` of the event: the typed field where the call has one, else a key kept in `extra`.
fn traits_of(event: &SourceEvent) -> Option<&Value> {
    match event {
        SourceEvent::Identify(identify) => identify.traits.as_ref(),
        SourceEvent::Group(group) => group.traits.as_ref(),
        other => other.extra().get(TRAITS),
    }
}

/// `$.properties` of the event, likewise.
fn properties_of(event: &SourceEvent) -> Option<&Value> {
    match event {
        SourceEvent::Track(track) => track.properties.as_ref(),
        SourceEvent::Page(page) => page.properties.as_ref(),
        SourceEvent::Screen(screen) => screen.properties.as_ref(),
        other => other.extra().get(PROPERTIES),
    }
}

/// A top-level field as the action runtime keeps it.
fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|value| !is_empty_at_top(value))
}

/// What the action runtime drops from the top level of a payload before checking it.
fn is_empty_at_top(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// A field typed as an object: absent or null is `None`, anything but an object fails.
fn object<'a>(
    value: Option<&'a Value>,
    field: &'static str,
) -> Result<Option<Cow<'a, Map<String, Value>>>, SkipReason> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(Cow::Borrowed(map))),
        Some(_) => Err(SkipReason::NotAnObject { field }),
    }
}

/// A field typed as a string, with the runtime's coercions: a number or a boolean becomes its
/// text, a one-element array its element; an object, or any other array, fails.
fn text<'a>(
    value: Option<&'a Value>,
    field: &'static str,
) -> Result<Option<Cow<'a, str>>, SkipReason> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(Cow::Borrowed(s))),
        Some(Value::Number(n)) => Ok(Some(Cow::Owned(js_number_text(n)))),
        Some(Value::Bool(b)) => Ok(Some(Cow::Borrowed(if *b { "true" } else { "false" }))),
        Some(Value::Array(items)) => match items.as_slice() {
            [item @ (Value::String(_) | Value::Number(_) | Value::Bool(_))] => {
                text(Some(item), field)
            }
            _ => Err(SkipReason::NotAString { field }),
        },
        Some(Value::Object(_)) => Err(SkipReason::NotAString { field }),
    }
}

/// An id as the reference includes it: only when it is a non-empty string.
fn non_empty(text: Option<Cow<'_, str>>) -> Option<String> {
    text.filter(|text| !text.is_empty()).map(Cow::into_owned)
}

/// JavaScript's truthiness, which the reference's `if (traits.email)` relies on.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}
