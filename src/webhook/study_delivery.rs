//! Study Sent and Study Seen: one field list, two kinds, told apart by `eventName` and `action`.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::kind::{KindTags, WebhookKind};
use super::values::{EventName, EventType, Platform, RecordType, ResponseGroupUid, StudyAction};
use crate::wire::model;
use crate::wire::tolerance::{EpochMillis, Id, IntOrString, JsonInString, Rfc3339};

/// Declares a study delivery kind: the shared field list, the kind's own discriminators.
macro_rules! study_delivery {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $kind:ident, $action:ident, $event_name:ident;
    ) => {
        model! {
            $(#[$meta])*
            pub struct $name {
                fixed {
                    /// `action`.
                    "action" action: StudyAction,
                    /// `eventName`.
                    "eventName" event_name: Option<EventName>,
                    /// `eventType`: `product_message`.
                    "eventType" event_type: EventType,
                }
                /// `isUserInterviews`: a link study with the User Interviews integration.
                "isUserInterviews" pub is_user_interviews: Option<bool>,
                /// `platform`: how the study was delivered.
                "platform" pub platform: Option<Platform>,
                /// `timestamp`: when it happened (epoch milliseconds on the wire).
                "timestamp" pub timestamp: EpochMillis,
                /// `recordType`: `survey`.
                "recordType" pub record_type: Option<RecordType>,
                /// `eventDate`: when it happened.
                "eventDate" pub event_date: DateTime<Utc> as Rfc3339,
                /// `visitorId`: Sprig's id of the visitor.
                "visitorId" pub visitor_id: String,
                /// `environmentId`: Sprig's internal environment id (may be `""`).
                "environmentId" pub environment_id: String,
                /// `surveyId`: the study's id.
                "surveyId" pub survey_id: u64 as IntOrString,
                /// `responseGroupUid`: groups this visitor's events for this study.
                "responseGroupUid" pub response_group_uid: ResponseGroupUid,
                /// `productName`: the Sprig product's name.
                "productName" pub product_name: Option<String>,
                /// `productId`: the Sprig product's id.
                "productId" pub product_id: Option<u64> as Option<IntOrString>,
                /// `teamId`: the Sprig team's id (undocumented).
                "teamId" pub team_id: Option<u64> as Option<IntOrString>,
                /// `triggeringEvent`: the event that started the study for this visitor.
                "triggeringEvent" pub triggering_event: Option<String>,
                /// `surveyName`: the study's title.
                "surveyName" pub survey_name: Option<String>,
                /// `attributes`: attributes set on the visitor.
                "attributes" pub attributes: Option<Map<String, Value>> as JsonInString,
                /// `email`: the visitor's e-mail address, often `""`.
                "email" pub email: Option<String>,
                /// `oldVisitorId`: deprecated; null or `0`.
                "oldVisitorId" pub old_visitor_id: Option<u64> as Option<IntOrString>,
                /// `userId`: your id of the visitor, if set.
                "userId" pub user_id: Option<String> as Option<Id>,
                /// `anonymousId`: Segment's anonymous id, if set.
                "anonymousId" pub anonymous_id: Option<String> as Option<Id>,
                /// `customMetadata`: metadata of a link study; arrives stringified (`"{}"`).
                "customMetadata" pub custom_metadata: Option<Map<String, Value>> as JsonInString,
            }
            watch = KindTags => |tags: &KindTags| tags.check_kind(WebhookKind::$kind);
        }

        impl $name {
            /// A payload with the fields every one of this kind carries; `at` is both
            /// `eventDate` and `timestamp` (to the millisecond).
            pub fn new(
                environment_id: impl Into<String>,
                survey_id: u64,
                visitor_id: impl Into<String>,
                response_group_uid: impl Into<ResponseGroupUid>,
                at: DateTime<Utc>,
            ) -> Self {
                $name {
                    action: StudyAction::$action,
                    event_name: Some(EventName::$event_name),
                    event_type: EventType::ProductMessage,
                    is_user_interviews: None,
                    platform: None,
                    timestamp: EpochMillis::from(at),
                    record_type: None,
                    event_date: at,
                    visitor_id: visitor_id.into(),
                    environment_id: environment_id.into(),
                    survey_id,
                    response_group_uid: response_group_uid.into(),
                    product_name: None,
                    product_id: None,
                    team_id: None,
                    triggering_event: None,
                    survey_name: None,
                    attributes: None,
                    email: None,
                    old_visitor_id: None,
                    user_id: None,
                    anonymous_id: None,
                    custom_metadata: None,
                    extra: Map::new(),
                    nulls: Default::default(),
                }
            }

            /// `action`, as the payload gave it (the kind's own unless `eventName` decided).
            pub fn action(&self) -> &StudyAction {
                &self.action
            }

            /// `eventName`, when the payload has it.
            pub fn event_name(&self) -> Option<&EventName> {
                self.event_name.as_ref()
            }

            /// `eventType`: `product_message`.
            pub fn event_type(&self) -> &EventType {
                &self.event_type
            }
        }
    };
}

study_delivery! {
    /// Study Sent: Sprig triggered and delivered a study (`eventName: "studySent"`, or
    /// `action: "sent"`). Shares its fields with [`StudySeen`](super::StudySeen); each
    /// writes and reads back as its own kind.
    ///
    /// ```
    /// use sprig_events::webhook::{Platform, StudySent};
    /// use sprig_events::{parse_webhook, WebhookKind};
    ///
    /// let sent = StudySent::new("env", 7, "visitor-1", 42, "2024-04-01T16:10:48Z".parse().unwrap())
    ///     .platform(Platform::Web);
    /// let event = parse_webhook(serde_json::to_string(&sent).unwrap().as_bytes()).unwrap();
    /// assert_eq!(event.kind(), WebhookKind::StudySent);
    /// ```
    pub struct StudySent = StudySent, Sent, StudySent;
}

study_delivery! {
    /// Study Seen: the visitor viewed a study (`eventName: "studySeen"`, or `action: "seen"`).
    /// Shares its fields with [`StudySent`](super::StudySent).
    pub struct StudySeen = StudySeen, Seen, StudySeen;
}
