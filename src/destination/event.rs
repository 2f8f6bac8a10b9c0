//! Typed source events as the runtime's conditions read them: [`actions_runtime::Event`] for
//! [`SourceEvent`], field by field, as `serde_json::to_value(event)` would show it.

use std::cell::OnceCell;

use actions_runtime::{CallType, Event, FieldValue, Target};
use serde_json::Value;

use crate::source::{each_call, Context, Lazy, Loose, SourceEvent};

/// `type`, `event`, `name`, `userId`, `properties` and `traits` are read where the model keeps
/// them; `context` (a typed struct) is written out as JSON each time a clause reads it.
/// Routing reads events through a wrapper that writes it out once per event.
impl Event for SourceEvent {
    #[inline]
    fn call_type(&self) -> Option<CallType> {
        Some(SourceEvent::call_type(self))
    }

    #[inline]
    fn field(&self, target: &Target) -> FieldValue<'_> {
        field(self, target, |typed| {
            FieldValue::Owned(crate::wire::model_json(typed))
        })
    }
}

/// A typed source event whose `context`, when a clause reads it, is written out as JSON once.
pub(super) struct Typed<'e> {
    event: &'e SourceEvent,
    context: OnceCell<Value>,
}

impl<'e> Typed<'e> {
    pub(super) fn new(event: &'e SourceEvent) -> Self {
        Typed {
            event,
            context: OnceCell::new(),
        }
    }
}

impl Event for Typed<'_> {
    #[inline]
    fn call_type(&self) -> Option<CallType> {
        Some(self.event.call_type())
    }

    #[inline]
    fn field(&self, target: &Target) -> FieldValue<'_> {
        field(self.event, target, |typed| {
            let value = self.context.get_or_init(|| crate::wire::model_json(typed));
            FieldValue::of(Some(value))
        })
    }
}

fn loose_text<'a>(field: Option<&'a Loose<String>>) -> FieldValue<'a> {
    match field {
        None => FieldValue::Missing,
        Some(Loose::Typed(text)) => FieldValue::Text(text),
        Some(Loose::Other(value)) => FieldValue::Json(value),
    }
}

fn text(field: Option<&String>) -> FieldValue<'_> {
    field.map_or(FieldValue::Missing, |text| FieldValue::Text(text))
}

/// `event[target.field()]`, with a typed `context` given to `context` to write out.
#[inline]
fn field<'e>(
    event: &'e SourceEvent,
    target: &Target,
    context: impl FnOnce(&'e Context) -> FieldValue<'e>,
) -> FieldValue<'e> {
    // Fields the call's struct has are read from it (its `extra` never writes them); the
    // others are wherever `extra` keeps them.
    let own = match (target, event) {
        (Target::EventType, _) => return FieldValue::Text(event.call_type().as_str()),
        (Target::UserId, _) => return text(each_call!(event, e => e.user_id.as_ref())),
        (Target::Context(_), _) => {
            return match event.lazy_context().map(Lazy::get) {
                None => FieldValue::Missing,
                Some(Loose::Other(value)) => FieldValue::Json(value),
                Some(Loose::Typed(typed)) => context(typed),
            };
        }
        (Target::Event, SourceEvent::Track(track)) => Some(text(track.event.as_ref())),
        (Target::Name, SourceEvent::Page(page)) => Some(loose_text(page.name.as_ref())),
        (Target::Name, SourceEvent::Screen(screen)) => Some(loose_text(screen.name.as_ref())),
        (Target::Property(_), SourceEvent::Track(track)) => {
            Some(FieldValue::of(track.properties.as_ref().map(Lazy::get)))
        }
        (Target::Property(_), SourceEvent::Page(page)) => {
            Some(FieldValue::of(page.properties.as_ref().map(Lazy::get)))
        }
        (Target::Property(_), SourceEvent::Screen(screen)) => {
            Some(FieldValue::of(screen.properties.as_ref().map(Lazy::get)))
        }
        (Target::Trait(_), SourceEvent::Identify(identify)) => {
            Some(FieldValue::of(identify.traits.as_ref().map(Lazy::get)))
        }
        (Target::Trait(_), SourceEvent::Group(group)) => {
            Some(FieldValue::of(group.traits.as_ref().map(Lazy::get)))
        }
        _ => None,
    };
    own.unwrap_or_else(|| FieldValue::of(event.extra().get(target.field())))
}
