//! Customer.io's Sprig destination (`sprig-web`): settings, the four actions with their default
//! triggers, and the Sprig SDK call each one makes.
//!
//! The routing is the default configuration: [`Destination::presets`] (the four presets, each
//! with its default trigger and mapping) is what [`sprig_call`] and [`route`] run. [`route`]
//! tells, for a source event, which action triggered and either the call it makes or why
//! nothing is sent; [`sprig_call`] is the short form; [`Destination::route`] gives every
//! action's outcome. All follow the reference implementation exactly, down to JavaScript's idea
//! of an empty value.
//!
//! Trigger conditions ([`Subscription`]) and field mappings ([`Mapping`]) are the vendor-neutral
//! `actions-runtime` crate's, re-exported here under the same names.

mod call;
mod config;
mod event;
mod perform;
mod rules;
mod settings;

use std::fmt;

pub use actions_runtime::{
    EvaluationError, Lint, LintKind, Mapping, MappingError, Problem, ProblemKind, Subscription,
    SubscriptionError, SubscriptionErrorKind,
};

/// A trigger condition's tree, to inspect a parsed [`Subscription`] or build one
/// (`Subscription::from(group)`): the runtime's types, in a module of their own so that
/// [`condition::Group`] is not mistaken for a `group` source event ([`crate::source::Group`]).
pub mod condition {
    pub use actions_runtime::subscription::{
        Clause, Conditional, Group, Literal, Node, Operator, Path, Target,
    };
}
pub use call::{IdentifyArgs, SprigCall, TrackArgs};
pub use config::PartnerAction;
pub(crate) use config::{call_type_plan, sealed, RawDestination, CALL_TYPES};
pub use config::{ActionConfig, ActionLint, ActionOutcome, Destination, Outcome};
pub use rules::{Limits, RuleFinding};
pub use settings::{parse_settings, Settings, SettingsError};

use crate::source::SourceEvent;
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

    /// The action whose default trigger matches `event`: the first of the default
    /// destination's actions ([`Destination::presets`]) that triggers; the triggers never
    /// overlap.
    pub fn triggered_by(event: &SourceEvent) -> Option<Action> {
        Destination::presets()
            .first_triggered(event)
            .map(ActionConfig::action)
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
    /// An action triggered and its mapping failed on the event. The presets read the typed
    /// event and never fail; a [`Destination`] with custom mappings can.
    MappingFailed {
        /// The action.
        action: Action,
        /// How the mapping failed.
        error: MappingError,
    },
}

impl Route {
    /// The route of what `action` made.
    fn of(action: Action, made: Result<Result<SprigCall, SkipReason>, MappingError>) -> Self {
        match made {
            Ok(Ok(call)) => Route::Call { action, call },
            Ok(Err(reason)) => Route::Skipped { action, reason },
            Err(error) => Route::MappingFailed { action, error },
        }
    }

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
            Route::Call { action, .. }
            | Route::Skipped { action, .. }
            | Route::MappingFailed { action, .. } => Some(*action),
            Route::Disabled | Route::NoAction => None,
        }
    }
}

/// What the destination, with its default actions and triggers ([`Destination::presets`]),
/// does with `event`: the one action that triggers, with its call or why it sent nothing.
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
    Destination::presets().first_route(event)
}

/// [`route`], taking the event: the call is made of the event's own ids, event name, traits
/// and properties, moved rather than copied. For a service that routes an event and is done
/// with it, this spares a copy of each (an allocation apiece, and a copy of each object's tree).
/// The route is the one [`route`] gives.
///
/// ```
/// use sprig_events::destination::{into_route, route, Action};
/// use sprig_events::parse_source_event;
///
/// let event = parse_source_event(
///     br#"{"type":"track","event":"Plan Upgraded","userId":"u1","properties":{"plan":"pro"}}"#,
/// )?;
/// let expected = route(&event);
/// let routed = into_route(event);
/// assert_eq!(routed, expected);
/// assert_eq!(routed.action(), Some(Action::TrackEvent));
/// assert_eq!(
///     serde_json::to_string(&routed.into_call().unwrap()).unwrap(),
///     r#"["identifyAndTrack",{"eventName":"Plan Upgraded","userId":"u1","properties":{"plan":"pro"}}]"#
/// );
/// # Ok::<(), sprig_events::Error>(())
/// ```
pub fn into_route(event: SourceEvent) -> Route {
    Destination::presets().first_route_owned(event)
}

/// The Sprig call the destination, with its default actions and triggers, makes for this
/// event; `None` when no action triggers, the integrations object turns the destination off, or
/// the action skips the event. [`route`] says which. It is `Destination::default().calls(event)`,
/// whose presets never both trigger on one event.
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
    Destination::presets().first_call(event)
}
