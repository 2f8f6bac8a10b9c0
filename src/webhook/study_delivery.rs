//! Study Sent and Study Seen: one field list, two kinds, told apart by `eventName` and `action`.

use super::ids::{EnvironmentId, SurveyId, VisitorId};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::kind::{KindTags, WebhookKind};
use super::values::{EventName, EventType, Platform, RecordType, ResponseGroupUid, StudyAction};
use crate::wire::model::{Model, NullFields};
use crate::wire::tolerance::{EpochMillis, Id, IntOrString, JsonInString, Rfc3339};
use crate::wire::Extra;

/// Declares a study delivery kind: the shared field list, the kind's own discriminators.
macro_rules! study_delivery {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $kind:ident, $action:ident, $event_name:ident;
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Model)]
        #[model(watch = KindTags, expect = WebhookKind::$kind)]
        pub struct $name {
            /// `action`.
            action: StudyAction,
            /// `eventName`.
            event_name: Option<EventName>,
            /// `eventType`: `product_message`.
            event_type: EventType,
            /// `isUserInterviews`: a link study with the User Interviews integration.
            pub is_user_interviews: Option<bool>,
            /// `platform`: how the study was delivered.
            pub platform: Option<Platform>,
            /// `timestamp`: when it happened (epoch milliseconds on the wire).
            pub timestamp: EpochMillis,
            /// `recordType`: `survey`.
            pub record_type: Option<RecordType>,
            /// `eventDate`: when it happened.
            #[model(with = Rfc3339)]
            pub event_date: DateTime<Utc>,
            /// `visitorId`: Sprig's id of the visitor.
            pub visitor_id: String,
            /// `environmentId`: Sprig's internal environment id (may be `""`).
            pub environment_id: String,
            /// `surveyId`: the study's id.
            #[model(with = IntOrString)]
            pub survey_id: u64,
            /// `responseGroupUid`: groups this visitor's events for this study.
            pub response_group_uid: ResponseGroupUid,
            /// `productName`: the Sprig product's name.
            pub product_name: Option<String>,
            /// `productId`: the Sprig product's id.
            #[model(with = Option<IntOrString>)]
            pub product_id: Option<u64>,
            /// `teamId`: the Sprig team's id (undocumented).
            #[model(with = Option<IntOrString>)]
            pub team_id: Option<u64>,
            /// `triggeringEvent`: the event that started the study for this visitor.
            pub triggering_event: Option<String>,
            /// `surveyName`: the study's title.
            pub survey_name: Option<String>,
            /// `attributes`: attributes set on the visitor.
            #[model(with = JsonInString)]
            pub attributes: Option<Map<String, Value>>,
            /// `email`: the visitor's e-mail address, often `""`.
            pub email: Option<String>,
            /// `oldVisitorId`: deprecated; null or `0`.
            #[model(with = Option<IntOrString>)]
            pub old_visitor_id: Option<u64>,
            /// `userId`: your id of the visitor, if set.
            #[model(with = Option<Id>)]
            pub user_id: Option<String>,
            /// `anonymousId`: Segment's anonymous id, if set.
            #[model(with = Option<Id>)]
            pub anonymous_id: Option<String>,
            /// `customMetadata`: metadata of a link study; arrives stringified (`"{}"`).
            #[model(with = JsonInString)]
            pub custom_metadata: Option<Map<String, Value>>,
            /// Keys of the payload this model does not know, kept as they came and written
            /// back after the known fields. A key here that names a known field is not
            /// written: set the field instead.
            #[model(extra)]
            pub extra: Extra,
            /// Which known fields arrived as `null`.
            #[model(nulls)]
            nulls: NullFields,
        }

        impl $name {
            /// A payload with the fields every one of this kind carries; `at` is both
            /// `eventDate` and `timestamp` (to the millisecond).
            pub fn new(
                environment_id: EnvironmentId,
                survey_id: SurveyId,
                visitor_id: VisitorId,
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
                    visitor_id: visitor_id.0,
                    environment_id: environment_id.0,
                    survey_id: survey_id.0,
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
    /// use sprig_events::webhook::{EnvironmentId, Platform, StudySent, SurveyId, VisitorId};
    /// use sprig_events::{parse_webhook, WebhookKind};
    ///
    /// let at = "2024-04-01T16:10:48Z".parse().unwrap();
    /// let sent = StudySent::new(EnvironmentId::new("env"), SurveyId(7), VisitorId::new("visitor-1"), 42, at)
    ///     .with_platform(Platform::Web);
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
