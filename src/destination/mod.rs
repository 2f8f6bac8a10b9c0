//! Customer.io's Sprig destination (`sprig-web`): settings, the four actions with their default
//! triggers, and the Sprig SDK call each one makes.
//!
//! [`route`] tells, for a source event, which action its default trigger picks and either the
//! call it makes or why nothing is sent; [`sprig_call`] is the short form. Both follow the
//! reference implementation exactly, down to JavaScript's idea of an empty value.

mod call;
mod mapping;
mod rules;
mod settings;

use std::fmt;

use serde_json::{Map, Value};

pub use call::{IdentifyArgs, SprigCall, TrackArgs};
pub use mapping::{Mapping, MappingError, Problem, ProblemKind};
pub use rules::{Limits, RuleFinding};
pub use settings::{parse_settings, Settings, SettingsError};

use crate::source::{Alias, CallType, Identify, SourceEvent, Track};
use crate::wire::value_set::closed_set;

/// The destination's name in an event's `integrations` object.
pub const INTEGRATION_NAME: &str = "sprig-web";

/// The track event that signs a user out.
pub const SIGNED_OUT_EVENT: &str = "Signed Out";

closed_set! {
    /// The destination's actions, in the order of Customer.io's table: `as_str()` (and
    /// `Display`) is a stable snake_case name, [`Action::title`] the title Customer.io shows.
    pub enum Action {
        /// Identify User: set the user id and/or attributes.
        IdentifyUser = "identify_user",
        /// Sign Out User: clear the stored user id.
        SignOutUser = "sign_out_user",
        /// Track Event: track an event, which may trigger a study.
        TrackEvent = "track_event",
        /// Update User ID: set the updated user id.
        UpdateUserId = "update_user_id",
    }
    /// The error of reading an [`Action`] from a name that is none of theirs.
    error UnknownAction = "not an action: identify_user, sign_out_user, track_event or update_user_id";
}

impl Action {
    /// The action's title, e.g. `Identify User`.
    pub fn title(self) -> &'static str {
        match self {
            Action::IdentifyUser => "Identify User",
            Action::SignOutUser => "Sign Out User",
            Action::TrackEvent => "Track Event",
            Action::UpdateUserId => "Update User ID",
        }
    }

    /// The action's default trigger.
    pub fn default_trigger(self) -> Trigger {
        match self {
            Action::IdentifyUser => Trigger::Type(CallType::Identify),
            Action::SignOutUser => Trigger::TrackEventIs(SIGNED_OUT_EVENT),
            Action::TrackEvent => Trigger::TrackEventIsNot(SIGNED_OUT_EVENT),
            Action::UpdateUserId => Trigger::Type(CallType::Alias),
        }
    }

    /// The action whose default trigger matches `event`; the triggers never overlap.
    pub fn triggered_by(event: &SourceEvent) -> Option<Action> {
        Action::ALL
            .into_iter()
            .find(|action| action.default_trigger().matches(event))
    }
}

/// A trigger condition, as Customer.io writes default triggers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Trigger {
    /// `type = "…"`.
    Type(CallType),
    /// `type = "track"` and `event = "…"` (case-sensitive).
    TrackEventIs(&'static str),
    /// `type = "track"` and `event != "…"` (a track without `event` matches).
    TrackEventIsNot(&'static str),
}

impl Trigger {
    /// Whether `event` meets the condition.
    pub fn matches(&self, event: &SourceEvent) -> bool {
        match (self, event) {
            (Trigger::Type(call_type), event) => event.call_type() == *call_type,
            (Trigger::TrackEventIs(name), SourceEvent::Track(track)) => {
                track.event.as_deref() == Some(*name)
            }
            (Trigger::TrackEventIsNot(name), SourceEvent::Track(track)) => {
                track.event.as_deref() != Some(*name)
            }
            (Trigger::TrackEventIs(_) | Trigger::TrackEventIsNot(_), _) => false,
        }
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trigger::Type(call_type) => write!(f, "type = {:?}", call_type.as_str()),
            Trigger::TrackEventIs(name) => write!(f, "type = \"track\" and event = {name:?}"),
            Trigger::TrackEventIsNot(name) => write!(f, "type = \"track\" and event != {name:?}"),
        }
    }
}

/// Why a triggered action sent nothing. The reference logs a warning naming the fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SkipReason {
    /// Identify User: no userId, no anonymousId and no traits.
    NoUserIdAnonymousIdOrTraits,
    /// Track Event: the event has no name.
    NoEventName,
    /// Update User ID: neither userId nor anonymousId.
    NoUserIdOrAnonymousId,
    /// A field the action maps as an object (`traits`, `properties`) is something else, so the
    /// mapping fails.
    NotAnObject {
        /// `traits` or `properties`.
        field: &'static str,
    },
}

impl SkipReason {
    /// A stable machine-readable code, e.g. `no_event_name`, `not_an_object`.
    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::NoUserIdAnonymousIdOrTraits => "no_user_id_anonymous_id_or_traits",
            SkipReason::NoEventName => "no_event_name",
            SkipReason::NoUserIdOrAnonymousId => "no_user_id_or_anonymous_id",
            SkipReason::NotAnObject { .. } => "not_an_object",
        }
    }

    /// The field the reason is about, when the code alone does not say (`traits`).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            SkipReason::NotAnObject { field } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::NoUserIdAnonymousIdOrTraits => {
                f.write_str("expected userId, anonymousId or traits to be present")
            }
            SkipReason::NoEventName => f.write_str("expected the event name to be present"),
            SkipReason::NoUserIdOrAnonymousId => {
                f.write_str("expected userId or anonymousId to be present")
            }
            SkipReason::NotAnObject { field } => write!(f, "expected {field} to be an object"),
        }
    }
}

/// What the destination does with one source event.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Route {
    /// An action triggered and made this call.
    Call {
        /// The action.
        action: Action,
        /// The call it made.
        call: SprigCall,
    },
    /// An action triggered but sent nothing.
    Skipped {
        /// The action.
        action: Action,
        /// Why.
        reason: SkipReason,
    },
    /// The event's `integrations` turn this destination off.
    Disabled,
    /// No default trigger matches (page, screen and group events).
    NoAction,
}

impl Route {
    /// The call, if one was made.
    pub fn into_call(self) -> Option<SprigCall> {
        match self {
            Route::Call { call, .. } => Some(call),
            _ => None,
        }
    }

    /// The action that triggered, if any.
    pub fn action(&self) -> Option<Action> {
        match self {
            Route::Call { action, .. } | Route::Skipped { action, .. } => Some(*action),
            Route::Disabled | Route::NoAction => None,
        }
    }
}

/// What the destination, with its default actions and triggers, does with `event`.
///
/// ```
/// use sprig_events::destination::{route, Action, Route, SkipReason};
/// use sprig_events::parse_source_event;
///
/// let event = parse_source_event(br#"{"type":"track","userId":"u1"}"#)?;
/// assert_eq!(
///     route(&event),
///     Route::Skipped { action: Action::TrackEvent, reason: SkipReason::NoEventName }
/// );
/// # Ok::<(), sprig_events::Error>(())
/// ```
pub fn route(event: &SourceEvent) -> Route {
    if !event
        .integrations()
        .is_none_or(|integrations| integrations.enables(INTEGRATION_NAME))
    {
        return Route::Disabled;
    }
    let Some(action) = Action::triggered_by(event) else {
        return Route::NoAction;
    };
    let made = match (action, event) {
        (Action::IdentifyUser, SourceEvent::Identify(identify)) => identify_user(identify),
        (Action::SignOutUser, _) => Ok(SprigCall::LogoutUser),
        (Action::TrackEvent, SourceEvent::Track(track)) => track_event(track),
        (Action::UpdateUserId, SourceEvent::Alias(alias)) => update_user_id(alias),
        // Each trigger matches one call type only; this pairing cannot occur.
        _ => return Route::NoAction,
    };
    match made {
        Ok(call) => Route::Call { action, call },
        Err(reason) => Route::Skipped { action, reason },
    }
}

/// The Sprig call the destination, with its default actions and triggers, makes for this
/// event; `None` when no action triggers, the integrations object turns the destination off, or
/// the action skips the event. [`route`] says which.
///
/// ```
/// use sprig_events::destination::sprig_call;
/// use sprig_events::parse_source_event;
///
/// let event = parse_source_event(
///     br#"{"type":"identify","userId":"u1","traits":{"email":"a@b.c","plan":"pro"}}"#,
/// )?;
/// let call = sprig_call(&event).expect("identify with a userId makes a call");
/// assert_eq!(
///     serde_json::to_value(&call).unwrap(),
///     serde_json::json!(["identifyAndSetAttributes",
///         {"userId": "u1", "attributes": {"!email": "a@b.c", "plan": "pro"}}])
/// );
/// # Ok::<(), sprig_events::Error>(())
/// ```
pub fn sprig_call(event: &SourceEvent) -> Option<SprigCall> {
    route(event).into_call()
}

/// An id as the reference includes it: only when it is a non-empty string.
fn non_empty(id: Option<&String>) -> Option<String> {
    id.filter(|id| !id.is_empty()).cloned()
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

/// A field mapped as an object: absent or null is `None`, anything but an object fails.
fn object<'a>(
    value: Option<&'a Value>,
    field: &'static str,
) -> Result<Option<&'a Map<String, Value>>, SkipReason> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map)),
        Some(_) => Err(SkipReason::NotAnObject { field }),
    }
}

fn identify_user(identify: &Identify) -> Result<SprigCall, SkipReason> {
    let traits = object(identify.traits.as_ref(), "traits")?;
    let user_id = non_empty(identify.user_id.as_ref());
    let anonymous_id = non_empty(identify.anonymous_id.as_ref());
    // An empty traits object is still "traits" to the reference: it is truthy in JavaScript.
    if user_id.is_none() && anonymous_id.is_none() && traits.is_none() {
        return Err(SkipReason::NoUserIdAnonymousIdOrTraits);
    }
    let attributes = traits.filter(|t| !t.is_empty()).map(|traits| {
        let mut attributes = traits.clone();
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

fn track_event(track: &Track) -> Result<SprigCall, SkipReason> {
    let properties = object(track.properties.as_ref(), "properties")?;
    let Some(event_name) = non_empty(track.event.as_ref()) else {
        return Err(SkipReason::NoEventName);
    };
    Ok(SprigCall::IdentifyAndTrack(TrackArgs {
        event_name,
        user_id: non_empty(track.user_id.as_ref()),
        anonymous_id: non_empty(track.anonymous_id.as_ref()),
        properties: properties.cloned(),
    }))
}

fn update_user_id(alias: &Alias) -> Result<SprigCall, SkipReason> {
    let user_id = non_empty(alias.user_id.as_ref());
    let anonymous_id = non_empty(alias.anonymous_id.as_ref());
    if user_id.is_none() && anonymous_id.is_none() {
        return Err(SkipReason::NoUserIdOrAnonymousId);
    }
    Ok(SprigCall::IdentifyAndSetAttributes(IdentifyArgs {
        user_id,
        anonymous_id,
        attributes: None,
    }))
}
