//! What each action does with its payload: the fields its mapping resolved to, checked against
//! the action's field types, then turned into one Sprig call or a reason to send nothing.
//!
//! Two roads lead here. The default mappings (`userId ← $.userId`, …) are read straight from the
//! typed event ([`Payload::preset`]); a custom mapping's result is read from JSON
//! ([`Payload::from_json`]) the way Segment's action runtime treats a payload, with the
//! runtime's field checks ([`actions_runtime::schema`]): `null` and `""` at the top level count
//! as absent, a string field takes a number or a boolean as its text (and a one-element array as
//! that element), an object field takes only an object.

use std::borrow::Cow;

use actions_runtime::js;
use actions_runtime::schema::{self, Field, SchemaError};
use serde_json::{Map, Value};

use super::{Action, IdentifyArgs, SkipReason, SprigCall, TrackArgs};
use crate::source::SourceEvent;

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

// Each action's fields, in the order the reference checks them; none is required.
const IDS: [Field; 2] = [Field::string("userId"), Field::string("anonymousId")];
const IDENTIFY_FIELDS: &[Field] = &[Field::object(TRAITS), IDS[0], IDS[1]];
const TRACK_FIELDS: &[Field] = &[
    Field::object(PROPERTIES),
    Field::string("name"),
    IDS[0],
    IDS[1],
];
const UPDATE_USER_ID_FIELDS: &[Field] = &IDS;
const SIGN_OUT_FIELDS: &[Field] = &[];

impl Action {
    /// The fields of the action's payload, as the runtime checks them before the action runs.
    fn fields(self) -> &'static [Field] {
        match self {
            Action::IdentifyUser => IDENTIFY_FIELDS,
            Action::SignOutUser => SIGN_OUT_FIELDS,
            Action::TrackEvent => TRACK_FIELDS,
            Action::UpdateUserId => UPDATE_USER_ID_FIELDS,
        }
    }
}

/// Why nothing is sent, for a payload that fails its fields' check.
fn skip_reason(error: SchemaError) -> SkipReason {
    match error {
        SchemaError::NotAnObject { field, .. } => SkipReason::NotAnObject { field },
        SchemaError::NotAString { field, .. } => SkipReason::NotAString { field },
        // No field of these actions is required; any other error is the payload's own.
        _ => SkipReason::PayloadNotAnObject,
    }
}

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
                traits: object(traits_of(event), TRAITS)?,
                ..Payload::default()
            }),
            Action::TrackEvent => {
                let properties = object(properties_of(event), PROPERTIES)?;
                let name = match event {
                    SourceEvent::Track(track) => track.event.as_deref().map(Cow::Borrowed),
                    other => text(other.extra().get("event"), "name")?,
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
        let Some(payload) = payload else {
            return Ok(Payload::default());
        };
        let mut checked = schema::check(payload, action.fields()).map_err(skip_reason)?;
        Ok(Payload {
            user_id: checked.take_text("userId"),
            anonymous_id: checked.take_text("anonymousId"),
            name: checked.take_text("name"),
            traits: checked.object(TRAITS).map(Cow::Borrowed),
            properties: checked.object(PROPERTIES).map(Cow::Borrowed),
        })
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
                        let attributes = traits.into_owned();
                        if attributes.get("email").is_some_and(js::truthy) {
                            // `delete attributes.email; attributes["!email"] = email`: the
                            // other keys keep their order. Rebuilt, since a map's `remove` may
                            // move the last key into the gap, and `shift_remove` exists only
                            // with serde_json's `preserve_order`, which another crate of the
                            // build may turn on without this crate's feature.
                            let mut email = None;
                            let mut rest: Map<String, Value> = attributes
                                .into_iter()
                                .filter_map(|(key, value)| {
                                    if key == "email" {
                                        email = Some(value);
                                        None
                                    } else {
                                        Some((key, value))
                                    }
                                })
                                .collect();
                            if let Some(email) = email {
                                rest.insert("!email".to_owned(), email);
                            }
                            rest
                        } else {
                            attributes
                        }
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

/// A field typed as an object, checked as the runtime checks it.
fn object<'a>(
    value: Option<&'a Value>,
    field: &'static str,
) -> Result<Option<Cow<'a, Map<String, Value>>>, SkipReason> {
    Ok(Field::object(field)
        .check_value(value)
        .map_err(skip_reason)?
        .and_then(|value| value.as_object())
        .map(Cow::Borrowed))
}

/// A field typed as a string, checked as the runtime checks it.
fn text<'a>(
    value: Option<&'a Value>,
    field: &'static str,
) -> Result<Option<Cow<'a, str>>, SkipReason> {
    Ok(Field::string(field)
        .check_value(value)
        .map_err(skip_reason)?
        .and_then(schema::CheckedValue::into_text))
}

/// An id as the reference includes it: only when it is a non-empty string.
fn non_empty(text: Option<Cow<'_, str>>) -> Option<String> {
    text.filter(|text| !text.is_empty()).map(Cow::into_owned)
}
