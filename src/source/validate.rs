//! The Segment / Customer.io spec, checked strictly and apart from parsing.

use std::fmt;

use serde_json::Value;

use super::{Lazy, SourceEvent};
use crate::wire::model::Walk;
use crate::wire::Loose;

/// One way a source event breaks the spec. [`SourceEvent::validate`] reports all of them at once.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpecFinding {
    /// Neither `userId` nor `anonymousId` is a non-empty string (every call but alias).
    MissingUserIdAndAnonymousId,
    /// An alias without `userId`.
    AliasMissingUserId,
    /// An alias without `previousId`.
    AliasMissingPreviousId,
    /// A track without a non-empty `event`.
    MissingEventName,
    /// `traits` or `properties` is present but not a JSON object.
    NotAnObject {
        /// `traits` or `properties`.
        field: &'static str,
    },
    /// A group call without `groupId`.
    GroupMissingGroupId,
    /// A value not of the type the spec gives it (or a time not in RFC 3339), kept as it came:
    /// the destination does not read it, so the event is still sent.
    NotAsSpecified {
        /// Where, e.g. `context.screen.width` or `timestamp`.
        path: String,
    },
}

impl SpecFinding {
    /// A stable machine-readable code, e.g. `missing_event_name`, `not_an_object`.
    pub fn code(&self) -> &'static str {
        match self {
            SpecFinding::MissingUserIdAndAnonymousId => "missing_user_id_and_anonymous_id",
            SpecFinding::AliasMissingUserId => "alias_missing_user_id",
            SpecFinding::AliasMissingPreviousId => "alias_missing_previous_id",
            SpecFinding::MissingEventName => "missing_event_name",
            SpecFinding::NotAnObject { .. } => "not_an_object",
            SpecFinding::GroupMissingGroupId => "group_missing_group_id",
            SpecFinding::NotAsSpecified { .. } => "not_as_specified",
        }
    }

    /// The field the finding is about, when the code alone does not say (`traits`,
    /// `context.screen.width`).
    pub fn field(&self) -> Option<&str> {
        match self {
            SpecFinding::NotAnObject { field } => Some(field),
            SpecFinding::NotAsSpecified { path } => Some(path),
            _ => None,
        }
    }
}

impl fmt::Display for SpecFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecFinding::MissingUserIdAndAnonymousId => {
                f.write_str("the event has neither a userId nor an anonymousId")
            }
            SpecFinding::AliasMissingUserId => f.write_str("an alias needs a userId"),
            SpecFinding::AliasMissingPreviousId => f.write_str("an alias needs a previousId"),
            SpecFinding::MissingEventName => f.write_str("a track call needs a non-empty event"),
            SpecFinding::NotAnObject { field } => write!(f, "{field} must be a JSON object"),
            SpecFinding::GroupMissingGroupId => f.write_str("a group call needs a groupId"),
            SpecFinding::NotAsSpecified { path } => write!(
                f,
                "{path} is not of the type the spec gives it; it is kept as it came"
            ),
        }
    }
}

fn present(id: Option<&str>) -> bool {
    id.is_some_and(|id| !id.is_empty())
}

/// Whether an id the spec gives as a string is there: a non-empty string, or a value of another
/// type (reported apart, as not of the spec's type), but not `null`.
fn given(value: Option<&Loose<String>>) -> bool {
    match value {
        None | Some(Loose::Other(Value::Null)) => false,
        Some(Loose::Typed(text)) => !text.is_empty(),
        Some(Loose::Other(_)) => true,
    }
}

fn object_or_absent(value: Option<&Value>) -> bool {
    matches!(value, None | Some(Value::Null | Value::Object(_)))
}

impl SourceEvent {
    /// Every way this event breaks the source-event spec; empty when it follows it.
    ///
    /// Parsing is tolerant (a track without `event` parses, `context.screen.width: "100"` is
    /// kept); this is the strict check. Values kept though not of the spec's type come last,
    /// as [`SpecFinding::NotAsSpecified`] with their path.
    ///
    /// ```
    /// use sprig_events::parse_source_event;
    /// use sprig_events::source::SpecFinding;
    ///
    /// let event = parse_source_event(br#"{"type":"track","properties":[]}"#)?;
    /// assert_eq!(
    ///     event.validate(),
    ///     [
    ///         SpecFinding::MissingUserIdAndAnonymousId,
    ///         SpecFinding::MissingEventName,
    ///         SpecFinding::NotAnObject { field: "properties" },
    ///     ]
    /// );
    /// # Ok::<(), sprig_events::Error>(())
    /// ```
    pub fn validate(&self) -> Vec<SpecFinding> {
        let mut findings = Vec::new();
        let (user_id, anonymous_id) = (self.user_id(), self.anonymous_id());
        match self {
            SourceEvent::Alias(alias) => {
                if !present(alias.user_id.as_deref()) {
                    findings.push(SpecFinding::AliasMissingUserId);
                }
                if !given(alias.previous_id.as_ref()) {
                    findings.push(SpecFinding::AliasMissingPreviousId);
                }
            }
            _ if !present(user_id) && !present(anonymous_id) => {
                findings.push(SpecFinding::MissingUserIdAndAnonymousId);
            }
            _ => {}
        }
        match self {
            SourceEvent::Track(track) => {
                if !present(track.event.as_deref()) {
                    findings.push(SpecFinding::MissingEventName);
                }
                if !object_or_absent(track.properties.as_ref().map(Lazy::get)) {
                    findings.push(SpecFinding::NotAnObject {
                        field: "properties",
                    });
                }
            }
            SourceEvent::Identify(identify) => {
                if !object_or_absent(identify.traits.as_ref().map(Lazy::get)) {
                    findings.push(SpecFinding::NotAnObject { field: "traits" });
                }
            }
            SourceEvent::Group(group) => {
                if !given(group.group_id.as_ref()) {
                    findings.push(SpecFinding::GroupMissingGroupId);
                }
                if !object_or_absent(group.traits.as_ref().map(Lazy::get)) {
                    findings.push(SpecFinding::NotAnObject { field: "traits" });
                }
            }
            SourceEvent::Page(page) => {
                if !object_or_absent(page.properties.as_ref().map(Lazy::get)) {
                    findings.push(SpecFinding::NotAnObject {
                        field: "properties",
                    });
                }
            }
            SourceEvent::Screen(screen) => {
                if !object_or_absent(screen.properties.as_ref().map(Lazy::get)) {
                    findings.push(SpecFinding::NotAnObject {
                        field: "properties",
                    });
                }
            }
            SourceEvent::Alias(_) => {}
        }
        let mut paths = Vec::new();
        crate::source::each_call!(self, e => e.walk(&mut String::new(), &mut paths));
        findings.extend(
            paths
                .into_iter()
                .map(|path| SpecFinding::NotAsSpecified { path }),
        );
        findings
    }
}
