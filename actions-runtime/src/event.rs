//! The extension point through which conditions read an event: [`Event`], implemented here for
//! a JSON object and by a destination crate for its own typed events.

use serde_json::{Map, Value};

use crate::subscription::Target;
use crate::CallType;

/// A top-level field of an event as a condition reads it (`event[name]` in the reference).
///
/// Exhaustive on purpose: these are the JavaScript values a field read can give; the
/// evaluator matches them all.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue<'a> {
    /// The event has no such field (`undefined`).
    Missing,
    /// A JSON value the event holds.
    Json(&'a Value),
    /// A string the event holds outside a JSON value (a typed model's `userId`, say); the same
    /// as `Json(&Value::String(..))` to every condition.
    Text(&'a str),
    /// A value made for the occasion (a typed struct written out as JSON).
    Owned(Value),
}

impl<'a> FieldValue<'a> {
    /// The field `value` of a JSON object, as a lookup finds it.
    pub fn of(value: Option<&'a Value>) -> FieldValue<'a> {
        value.map_or(FieldValue::Missing, FieldValue::Json)
    }
}

/// An event as conditions read it: its call type and its top-level fields.
///
/// Implemented for a JSON object (`serde_json::Map<String, Value>`), where a field is the key of
/// that name and the call type is what `type` names. A crate with its own typed events
/// implements it to let [`Subscription::matches_event`](crate::Subscription::matches_event)
/// read them without writing them out as JSON.
///
/// # Contract
/// An implementation must answer as the event's JSON form (`{"type": …, "event": …}`) would:
/// - [`Event::field`] returns, for each [`Target`], the value of the top-level key
///   [`Target::field`] names (`type`, `event`, `name`, `userId`, `properties`, `traits`,
///   `context`); the condition walks any path below it itself.
/// - [`Event::call_type`] returns `Some(t)` only when `field(&Target::EventType)` is the string
///   `t.as_str()`, and `None` otherwise (the conditions on `type` are then evaluated on the field
///   itself). Conditions decide their clauses on `type` from it, before reading any field.
///
/// ```
/// use actions_runtime::{CallType, Event, FieldValue, Subscription, Target};
///
/// /// A track event with only a name.
/// struct Named(&'static str);
///
/// impl Event for Named {
///     fn call_type(&self) -> Option<CallType> {
///         Some(CallType::Track)
///     }
///     fn field(&self, target: &Target) -> FieldValue<'_> {
///         match target {
///             Target::EventType => FieldValue::Text("track"),
///             Target::Event => FieldValue::Text(self.0),
///             _ => FieldValue::Missing,
///         }
///     }
/// }
///
/// let trigger = Subscription::parse(r#"type = "track" and event = "Signed Up""#)?;
/// assert!(trigger.matches_event(&Named("Signed Up")));
/// assert!(!trigger.matches_event(&Named("Signed Out")));
/// # Ok::<(), actions_runtime::SubscriptionError>(())
/// ```
pub trait Event {
    /// The event's call type, when its `type` is the name of one.
    fn call_type(&self) -> Option<CallType>;

    /// `event[name]` for the top-level field a clause reads.
    fn field(&self, target: &Target) -> FieldValue<'_>;
}

impl Event for Map<String, Value> {
    #[inline]
    fn call_type(&self) -> Option<CallType> {
        self.get("type")
            .and_then(Value::as_str)
            .and_then(CallType::from_name)
    }

    #[inline]
    fn field(&self, target: &Target) -> FieldValue<'_> {
        FieldValue::of(self.get(target.field()))
    }
}

impl<E: Event + ?Sized> Event for &E {
    #[inline]
    fn call_type(&self) -> Option<CallType> {
        (**self).call_type()
    }

    #[inline]
    fn field(&self, target: &Target) -> FieldValue<'_> {
        (**self).field(target)
    }
}
