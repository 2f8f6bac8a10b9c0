//! The "Test Webhook" button's request.

use super::ids::{EnvironmentId, SurveyId, WebhookId};
use serde_json::Map;

use super::kind::{KindTags, WebhookKind};
use super::values::EventType;
use crate::wire::model::{Model, NullFields};
use crate::wire::tolerance::IntOrString;
use crate::wire::Extra;

/// The Test Webhook ping:
/// `{"id":1,"environmentId":"abc123","surveyId":1,"surveyName":"TEST_SURVEY","eventType":"TEST"}`.
///
/// ```
/// use sprig_events::webhook::{EnvironmentId, SurveyId, TestPing, WebhookId};
///
/// let ping = TestPing::new(WebhookId(1), EnvironmentId::new("abc123"), SurveyId(1))
///     .with_survey_name("TEST_SURVEY");
/// assert_eq!(
///     serde_json::to_string(&ping).unwrap(),
///     r#"{"eventType":"TEST","id":1,"environmentId":"abc123","surveyId":1,"surveyName":"TEST_SURVEY"}"#
/// );
/// ```
#[derive(Clone, Debug, Model)]
#[model(watch = KindTags, expect = WebhookKind::Test)]
pub struct TestPing {
    /// `eventType`: `TEST`.
    event_type: EventType,
    /// `id`: the webhook id.
    #[model(with = IntOrString)]
    pub id: u64,
    /// `environmentId`: the environment the webhook is configured for.
    pub environment_id: String,
    /// `surveyId`: a placeholder study id.
    #[model(with = IntOrString)]
    pub survey_id: u64,
    /// `surveyName`: a placeholder study name (`TEST_SURVEY`).
    pub survey_name: Option<String>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

impl TestPing {
    /// A ping for a webhook and environment, about a placeholder study.
    pub fn new(id: WebhookId, environment_id: EnvironmentId, survey_id: SurveyId) -> Self {
        TestPing {
            event_type: EventType::Test,
            id: id.0,
            environment_id: environment_id.0,
            survey_id: survey_id.0,
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
