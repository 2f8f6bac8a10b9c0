//! The "Test Webhook" button's request.

use serde_json::Map;

use super::kind::{KindTags, WebhookKind};
use super::values::EventType;
use crate::wire::model;
use crate::wire::tolerance::IntOrString;

model! {
    /// The Test Webhook ping:
    /// `{"id":1,"environmentId":"abc123","surveyId":1,"surveyName":"TEST_SURVEY","eventType":"TEST"}`.
    ///
    /// ```
    /// use sprig_events::webhook::TestPing;
    ///
    /// let ping = TestPing::new(1, "abc123", 1).survey_name("TEST_SURVEY");
    /// assert_eq!(
    ///     serde_json::to_string(&ping).unwrap(),
    ///     r#"{"eventType":"TEST","id":1,"environmentId":"abc123","surveyId":1,"surveyName":"TEST_SURVEY"}"#
    /// );
    /// ```
    pub struct TestPing {
        fixed {
            /// `eventType`: `TEST`.
            "eventType" event_type: EventType,
        }
        /// `id`: the webhook id.
        "id" pub id: u64 as IntOrString,
        /// `environmentId`: the environment the webhook is configured for.
        "environmentId" pub environment_id: String,
        /// `surveyId`: a placeholder study id.
        "surveyId" pub survey_id: u64 as IntOrString,
        /// `surveyName`: a placeholder study name (`TEST_SURVEY`).
        "surveyName" pub survey_name: Option<String>,
    }
    watch = KindTags => |tags: &KindTags| tags.check_kind(WebhookKind::Test);
}

impl TestPing {
    /// A ping for a webhook and environment, about a placeholder study.
    pub fn new(id: u64, environment_id: impl Into<String>, survey_id: u64) -> Self {
        TestPing {
            event_type: EventType::Test,
            id,
            environment_id: environment_id.into(),
            survey_id,
            survey_name: None,
            extra: Map::new(),
            nulls: Default::default(),
        }
    }

    /// `eventType`: `TEST`.
    pub fn event_type(&self) -> &EventType {
        &self.event_type
    }
}
