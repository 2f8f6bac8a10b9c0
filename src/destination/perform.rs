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
use crate::source::{Identify, Lazy, LazyObject, LazyValue, ObjectRef, SourceEvent, Track};

/// The fields of an action's payload that its call reads, typed as the action's fields are.
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct Payload<'a> {
    pub(crate) user_id: Option<Cow<'a, str>>,
    pub(crate) anonymous_id: Option<Cow<'a, str>>,
    /// Track Event's `name`.
    pub(crate) name: Option<Cow<'a, str>>,
    /// Identify User's `traits`.
    pub(crate) traits: Option<Cow<'a, Map<String, Value>>>,
    /// Track Event's `properties`.
    pub(crate) properties: Option<Properties<'a>>,
}

/// Track Event's `properties`, an object: borrowed from the event or the mapped payload, or
/// given up by the event. An object the event kept as text stays text, so the call copies or
/// moves the text, not the object key by key.
#[derive(Debug)]
pub(crate) enum Properties<'a> {
    Borrowed(ObjectRef<'a>),
    Owned(LazyObject),
}

impl Properties<'_> {
    /// The object the call takes.
    fn into_lazy(self) -> LazyObject {
        match self {
            Properties::Borrowed(object) => object.to_lazy(),
            Properties::Owned(object) => object,
        }
    }

    fn into_static(self) -> Properties<'static> {
        Properties::Owned(self.into_lazy())
    }

    #[cfg(test)]
    fn map(&self) -> Cow<'_, Map<String, Value>> {
        match self {
            Properties::Borrowed(object) => object.map(),
            Properties::Owned(object) => Cow::Borrowed(object.get()),
        }
    }
}

/// Equal when the objects are, however each is held (the tests compare payloads).
#[cfg(test)]
impl PartialEq for Properties<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.map() == other.map()
    }
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
                traits: object(traits_of(event), TRAITS)?.map(Cow::Borrowed),
                ..Payload::default()
            }),
            Action::TrackEvent => {
                let properties = properties_of(event)?;
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

    /// [`Payload::preset`] of an event given up: the fields the call reads are moved out of the
    /// event, not borrowed, so the call copies none of them. The same checks in the same order,
    /// so the same payload or the same reason (a test compares the two on generated events).
    pub(crate) fn preset_owned(
        action: Action,
        event: SourceEvent,
    ) -> Result<Payload<'static>, SkipReason> {
        match (action, event) {
            // The fields are moved out of the box one by one; the rest is dropped with it.
            (Action::TrackEvent, SourceEvent::Track(track)) => {
                let Track {
                    event,
                    properties,
                    user_id,
                    anonymous_id,
                    ..
                } = *track;
                Ok(Payload {
                    properties: owned_properties(properties)?,
                    name: event.map(Cow::Owned),
                    ..Payload::ids(user_id, anonymous_id)
                })
            }
            (Action::IdentifyUser, SourceEvent::Identify(identify)) => {
                let Identify {
                    traits,
                    user_id,
                    anonymous_id,
                    ..
                } = *identify;
                Ok(Payload {
                    traits: owned_object(traits.map(Lazy::into_inner), TRAITS)?.map(Cow::Owned),
                    ..Payload::ids(user_id, anonymous_id)
                })
            }
            (Action::SignOutUser, _) => Ok(Payload::default()),
            (Action::UpdateUserId, event) => {
                let (user_id, anonymous_id) = event.into_ids();
                Ok(Payload::ids(user_id, anonymous_id))
            }
            // Any other pairing, which only a preset mapping under a custom trigger meets (a
            // Track Event on a page, an Identify User on a group): read as `route` reads it,
            // then copied.
            (action, event) => Payload::preset(action, &event).map(Payload::into_static),
        }
    }

    /// A payload of the two ids alone.
    fn ids(user_id: Option<String>, anonymous_id: Option<String>) -> Payload<'static> {
        Payload {
            user_id: user_id.map(Cow::Owned),
            anonymous_id: anonymous_id.map(Cow::Owned),
            ..Payload::default()
        }
    }

    /// The same payload, owning what it borrowed.
    fn into_static(self) -> Payload<'static> {
        Payload {
            user_id: self.user_id.map(|text| Cow::Owned(text.into_owned())),
            anonymous_id: self.anonymous_id.map(|text| Cow::Owned(text.into_owned())),
            name: self.name.map(|text| Cow::Owned(text.into_owned())),
            traits: self.traits.map(|map| Cow::Owned(map.into_owned())),
            properties: self.properties.map(Properties::into_static),
        }
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
            properties: checked
                .object(PROPERTIES)
                .map(|map| Properties::Borrowed(ObjectRef::Map(map))),
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
                        if !traits.get("email").is_some_and(js::truthy) {
                            return traits.into_owned();
                        }
                        // Built once from the traits, borrowed or given up, rather than
                        // copied and then rebuilt.
                        let size = traits.len();
                        match traits {
                            Cow::Borrowed(traits) => email_last(
                                size,
                                traits
                                    .iter()
                                    .map(|(key, value)| (key.clone(), value.clone())),
                            ),
                            Cow::Owned(traits) => email_last(size, traits.into_iter()),
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
                    properties: self.properties.map(Properties::into_lazy),
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

/// The attributes of traits whose `email` is truthy: `delete attributes.email;
/// attributes["!email"] = email`, the other keys in their order. Built entry by entry, since a
/// map's `remove` may move the last key into the gap, and `shift_remove` exists only with
/// serde_json's `preserve_order`, which another crate of the build may turn on without this
/// crate's feature.
fn email_last(size: usize, entries: impl Iterator<Item = (String, Value)>) -> Map<String, Value> {
    let mut attributes = Map::with_capacity(size);
    let mut email = None;
    for (key, value) in entries {
        if key == "email" {
            email = Some(value);
        } else {
            attributes.insert(key, value);
        }
    }
    if let Some(email) = email {
        attributes.insert("!email".to_owned(), email);
    }
    attributes
}

/// `$.traits` of the event: the typed field where the call has one, else a key kept in `extra`.
fn traits_of(event: &SourceEvent) -> Option<&Value> {
    match event {
        SourceEvent::Identify(identify) => identify.traits.as_ref().map(Lazy::get),
        SourceEvent::Group(group) => group.traits.as_ref().map(Lazy::get),
        other => other.extra().get(TRAITS),
    }
}

/// `$.properties` of the event (the typed field where the call has one, else a key kept in
/// `extra`), checked as an object field. An object passes the check whatever it holds, so one
/// kept as text is taken as its text, unread.
fn properties_of(event: &SourceEvent) -> Result<Option<Properties<'_>>, SkipReason> {
    let typed = match event {
        SourceEvent::Track(track) => track.properties.as_ref(),
        SourceEvent::Page(page) => page.properties.as_ref(),
        SourceEvent::Screen(screen) => screen.properties.as_ref(),
        other => return borrowed_properties(other.extra().get(PROPERTIES)),
    };
    match typed.and_then(LazyValue::as_object) {
        Some(object) => Ok(Some(Properties::Borrowed(object))),
        None => borrowed_properties(typed.map(Lazy::get)),
    }
}

/// [`object`] as Track Event's `properties`.
fn borrowed_properties(value: Option<&Value>) -> Result<Option<Properties<'_>>, SkipReason> {
    Ok(object(value, PROPERTIES)?.map(|map| Properties::Borrowed(ObjectRef::Map(map))))
}

/// [`properties_of`] of a track given up: an object, text and all, moved into the call.
fn owned_properties(value: Option<LazyValue>) -> Result<Option<Properties<'static>>, SkipReason> {
    let value = match value.map(LazyValue::into_object) {
        Some(Ok(object)) => return Ok(Some(Properties::Owned(object))),
        Some(Err(other)) => Some(other.into_inner()),
        None => None,
    };
    Ok(owned_object(value, PROPERTIES)?.map(|map| Properties::Owned(map.into())))
}

/// A field typed as an object, checked as the runtime checks it.
fn object<'a>(
    value: Option<&'a Value>,
    field: &'static str,
) -> Result<Option<&'a Map<String, Value>>, SkipReason> {
    Ok(Field::object(field)
        .check_value(value)
        .map_err(skip_reason)?
        .and_then(|value| value.as_object()))
}

/// [`object`] of a value given up: the object itself when the check passes.
fn owned_object(
    value: Option<Value>,
    field: &'static str,
) -> Result<Option<Map<String, Value>>, SkipReason> {
    let present = Field::object(field)
        .check_value(value.as_ref())
        .map_err(skip_reason)?
        .is_some();
    Ok(match value {
        Some(Value::Object(map)) if present => Some(map),
        _ => None,
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_source_event;

    /// Every action's preset payload, moved out of each call type's event, is the borrowed one
    /// copied: the typed fields and the `extra` keys of calls that do not model them, present,
    /// absent, of the wrong type, empty.
    #[test]
    fn the_owned_preset_is_the_borrowed_one() {
        let mut events = 0;
        for call in ["identify", "track", "alias", "page", "screen", "group"] {
            for fields in [
                r#""userId":"u1","anonymousId":"a1","event":"Signed Up","traits":{"email":"e@x.io","plan":"pro"},"properties":{"total":3}"#,
                r#""userId":7,"event":12,"traits":{},"properties":{}"#,
                r#""anonymousId":"","event":"","traits":null,"properties":null"#,
                r#""userId":"u1","event":true,"traits":"plan","properties":[1]"#,
                r#""userId":"u1","event":["x"],"traits":5,"properties":"text""#,
                r#""event":{"a":1}"#,
                "",
            ] {
                let sep = if fields.is_empty() { "" } else { "," };
                let body = format!(r#"{{"type":"{call}"{sep}{fields}}}"#);
                let Ok(event) = parse_source_event(body.as_bytes()) else {
                    // A track's `event` must be text or a number; the parse refuses the two
                    // tracks whose `event` is a list or an object.
                    continue;
                };
                events += 1;
                for &action in Action::ALL {
                    let borrowed = Payload::preset(action, &event).map(Payload::into_static);
                    let owned = Payload::preset_owned(action, event.clone());
                    assert_eq!(owned, borrowed, "{action:?} on {body}");
                }
            }
        }
        assert_eq!(events, 40, "every body but the two tracks parses");
    }
}
