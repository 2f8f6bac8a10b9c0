//! Study Sent and Study Seen: one payload shape, told apart by `eventName` and `action`.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::values::{EventName, EventType, Platform, RecordType, ResponseGroupUid, StudyAction};
use crate::wire::{model, EpochMillis, IntOrString, OptionalJson, Rfc3339};

model! {
    /// A study reached a visitor: Study Sent (`studySent` / `sent`) or Study Seen
    /// (`studySeen` / `seen`). [`StudySent`] and [`StudySeen`] name this type for each.
    pub struct StudyDelivery {
        /// `isUserInterviews`: a link study with the User Interviews integration.
        pub is_user_interviews: Option<bool>,
        /// `platform`: how the study was delivered.
        pub platform: Platform,
        /// `timestamp`: when it happened (epoch milliseconds on the wire).
        #[serde_as(as = "EpochMillis")]
        pub timestamp: DateTime<Utc>,
        /// `recordType`: `survey`.
        pub record_type: Option<RecordType>,
        /// `eventDate`: when it happened.
        #[serde_as(as = "Rfc3339")]
        pub event_date: DateTime<Utc>,
        /// `visitorId`: Sprig's id of the visitor.
        pub visitor_id: String,
        /// `environmentId`: Sprig's internal environment id (may be `""`).
        pub environment_id: String,
        /// `surveyId`: the study's id.
        #[serde_as(as = "IntOrString")]
        pub survey_id: u64,
        /// `action`: `sent` or `seen`.
        pub action: StudyAction,
        /// `responseGroupUid`: groups this visitor's events for this study.
        pub response_group_uid: ResponseGroupUid,
        /// `productName`: the Sprig product's name.
        pub product_name: Option<String>,
        /// `productId`: the Sprig product's id.
        #[serde_as(as = "Option<IntOrString>")]
        pub product_id: Option<u64>,
        /// `teamId`: the Sprig team's id (undocumented).
        #[serde_as(as = "Option<IntOrString>")]
        pub team_id: Option<u64>,
        /// `eventName`: `studySent` or `studySeen`.
        pub event_name: Option<EventName>,
        /// `triggeringEvent`: the event that started the study for this visitor.
        pub triggering_event: Option<String>,
        /// `surveyName`: the study's title.
        pub survey_name: Option<String>,
        /// `attributes`: attributes set on the visitor.
        #[serde_as(as = "OptionalJson")]
        #[serde(default)]
        pub attributes: Option<Map<String, Value>>,
        /// `email`: the visitor's e-mail address, often `""`.
        pub email: Option<String>,
        /// `oldVisitorId`: deprecated; null or `0`.
        #[serde_as(as = "Option<IntOrString>")]
        pub old_visitor_id: Option<u64>,
        /// `userId`: your id of the visitor, if set.
        pub user_id: Option<String>,
        /// `anonymousId`: Segment's anonymous id, if set.
        pub anonymous_id: Option<String>,
        /// `customMetadata`: metadata of a link study; arrives stringified (`"{}"`).
        #[serde_as(as = "OptionalJson")]
        #[serde(default)]
        pub custom_metadata: Option<Map<String, Value>>,
        /// `eventType`: `product_message`.
        pub event_type: EventType,
    }
}

/// Study Sent: Sprig triggered and delivered a study.
pub type StudySent = StudyDelivery;

/// Study Seen: the visitor viewed a study.
pub type StudySeen = StudyDelivery;
