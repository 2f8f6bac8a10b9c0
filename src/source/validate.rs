//! The Segment / Customer.io spec, checked strictly and apart from parsing.

use std::fmt;

use serde_json::Value;

use super::SourceEvent;

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
}

impl SpecFinding {
    /// A stable machine-readable code, e.g. `missing_event_name`, `not_an_object:traits`.
    pub fn code(&self) -> String {
        match self {
            SpecFinding::MissingUserIdAndAnonymousId => "missing_user_id_and_anonymous_id".into(),
            SpecFinding::AliasMissingUserId => "alias_missing_user_id".into(),
            SpecFinding::AliasMissingPreviousId => "alias_missing_previous_id".into(),
            SpecFinding::MissingEventName => "missing_event_name".into(),
            SpecFinding::NotAnObject { field } => format!("not_an_object:{field}"),
            SpecFinding::GroupMissingGroupId => "group_missing_group_id".into(),
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
        }
    }
}

fn present(id: Option<&String>) -> bool {
    id.is_some_and(|id| !id.is_empty())
}

fn object_or_absent(value: Option<&Value>) -> bool {
    matches!(value, None | Some(Value::Null | Value::Object(_)))
}

impl SourceEvent {
    /// Every way this event breaks the source-event spec; empty when it follows it.
    ///
    /// Parsing is tolerant (a track without `event` parses); this is the strict check.
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
                if !present(alias.user_id.as_ref()) {
                    findings.push(SpecFinding::AliasMissingUserId);
                }
                if !present(alias.previous_id.as_ref()) {
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
                if !present(track.event.as_ref()) {
                    findings.push(SpecFinding::MissingEventName);
                }
                if !object_or_absent(track.properties.as_ref()) {
                    findings.push(SpecFinding::NotAnObject {
                        field: "properties",
                    });
                }
            }
            SourceEvent::Identify(identify) => {
                if !object_or_absent(identify.traits.as_ref()) {
                    findings.push(SpecFinding::NotAnObject { field: "traits" });
                }
            }
            SourceEvent::Group(group) => {
                if !present(group.group_id.as_ref()) {
                    findings.push(SpecFinding::GroupMissingGroupId);
                }
                if !object_or_absent(group.traits.as_ref()) {
                    findings.push(SpecFinding::NotAnObject { field: "traits" });
                }
            }
            SourceEvent::Page(page) => {
                if !object_or_absent(page.properties.as_ref()) {
                    findings.push(SpecFinding::NotAnObject {
                        field: "properties",
                    });
                }
            }
            SourceEvent::Screen(screen) => {
                if !object_or_absent(screen.properties.as_ref()) {
                    findings.push(SpecFinding::NotAnObject {
                        field: "properties",
                    });
                }
            }
            SourceEvent::Alias(_) => {}
        }
        findings
    }
}
