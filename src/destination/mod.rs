//! Customer.io's Sprig destination (`sprig-web`): settings, the four actions with their default
//! triggers, and the Sprig SDK call each one makes.
//!
//! [`route`] tells, for a source event, which action its default trigger picks and either the
//! call it makes or why nothing is sent; [`sprig_call`] is the short form. Both follow the
//! reference implementation exactly, down to JavaScript's idea of an empty value.

mod call;
mod config;
mod mapping;
mod perform;
mod rules;
mod settings;
mod subscription;

use std::fmt;

pub use call::{IdentifyArgs, SprigCall, TrackArgs};
pub use config::{ActionConfig, ActionLint, ActionOutcome, Destination, Outcome};
pub use mapping::{Mapping, MappingError, Problem, ProblemKind};
pub use rules::{Limits, RuleFinding};
pub use settings::{parse_settings, Settings, SettingsError};
pub use subscription::{
    Clause, Conditional, EvaluationError, Group, Lint, LintKind, Literal, Node, Operator, Path,
    Subscription, SubscriptionError, SubscriptionErrorKind, Target,
};

use crate::source::{CallType, SourceEvent};
use crate::wire::value_set::closed_set;
use perform::Payload;

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
            .iter()
            .copied()
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
    /// A field the action maps as text (`userId`, `anonymousId`, `name`) is an object or an
    /// array of other than one text, number or boolean, so the mapping fails.
    NotAString {
        /// `userId`, `anonymousId` or `name`.
        field: &'static str,
    },
    /// A custom mapping resolved to something other than an object.
    PayloadNotAnObject,
}

impl SkipReason {
    /// A stable machine-readable code, e.g. `no_event_name`, `not_an_object`.
    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::NoUserIdAnonymousIdOrTraits => "no_user_id_anonymous_id_or_traits",
            SkipReason::NoEventName => "no_event_name",
            SkipReason::NoUserIdOrAnonymousId => "no_user_id_or_anonymous_id",
            SkipReason::NotAnObject { .. } => "not_an_object",
            SkipReason::NotAString { .. } => "not_a_string",
            SkipReason::PayloadNotAnObject => "payload_not_an_object",
        }
    }

    /// The field the reason is about, when the code alone does not say (`traits`).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            SkipReason::NotAnObject { field } | SkipReason::NotAString { field } => Some(field),
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
            SkipReason::NotAString { field } => write!(f, "expected {field} to be a string"),
            SkipReason::PayloadNotAnObject => {
                f.write_str("expected the mapped payload to be an object")
            }
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
    match Payload::preset(action, event).and_then(|payload| payload.perform(action)) {
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
