//! The "Test Webhook" button's request.

use super::values::EventType;
use crate::wire::{model, IntOrString};

model! {
    /// The Test Webhook ping:
    /// `{"id":1,"environmentId":"abc123","surveyId":1,"surveyName":"TEST_SURVEY","eventType":"TEST"}`.
    pub struct TestPing {
        /// `id`: the webhook id.
        #[serde_as(as = "IntOrString")]
        pub id: u64,
        /// `environmentId`: the environment the webhook is configured for.
        pub environment_id: String,
        /// `surveyId`: a placeholder study id.
        #[serde_as(as = "IntOrString")]
        pub survey_id: u64,
        /// `surveyName`: a placeholder study name (`TEST_SURVEY`).
        pub survey_name: Option<String>,
        /// `eventType`: `TEST`.
        pub event_type: EventType,
    }
}
