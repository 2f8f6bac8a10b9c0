//! Answer Submitted: a respondent answered one question of a study.

use super::ids::{EnvironmentId, SurveyId, VisitorId, WebhookId};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::answer::{interpret, normalize_in_place, normalized, Answer, SelectedIndexes};
use super::kind::{KindTags, WebhookKind};
use super::values::{EventName, EventType, QuestionType, ResponseGroupUid};
use crate::error::FieldError;
use crate::wire::model::{Model, NullFields};
use crate::wire::tolerance::{EpochMillis, Id, IntOrString, JsonInString, Rfc3339};
use crate::wire::Extra;
use crate::Error;

/// Answer Submitted (`eventType: "survey_response"`, `eventName: "surveyResponse"`).
///
/// The answer (`response`, read by [`AnswerSubmitted::answer`]) is kept in canonical form
/// for its `questionType`: stringified JSON decoded where the type says it is JSON, numeric
/// strings turned into numbers for scores, text answers never touched. The two change
/// together, through [`AnswerSubmitted::set_response`], so they always agree.
///
/// Build one without JSON:
///
/// ```
/// use sprig_events::webhook::{
///     Answer, AnswerSubmitted, EnvironmentId, QuestionKind, SurveyId, VisitorId, WebhookId,
/// };
///
/// let at = "2024-05-01T10:00:00Z".parse().unwrap();
/// let answer = AnswerSubmitted::new(
///     WebhookId(1),
///     EnvironmentId::new("env"),
///     SurveyId(7),
///     VisitorId::new("visitor-1"),
///     42,
///     "How likely are you to recommend us?",
///     at,
/// )
///     .with_response(QuestionKind::Nps, Some(9.into()))?
///     .with_user_id("u1");
/// assert_eq!(answer.answer(), Answer::Nps(9));
/// let text = serde_json::to_string(&answer)?;
/// assert_eq!(sprig_events::parse_webhook(text.as_bytes())?, answer.into());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Model)]
#[model(watch = KindTags, expect = WebhookKind::AnswerSubmitted, check = AnswerSubmitted::check)]
pub struct AnswerSubmitted {
    /// `response`: the answer, canonical for `questionType`.
    response: Option<Value>,
    /// `questionType`: the kind of question.
    question_type: QuestionType,
    /// `eventType`: `survey_response`.
    event_type: EventType,
    /// `eventName`: `surveyResponse`.
    event_name: Option<EventName>,
    /// `id`: the webhook id.
    #[model(with = IntOrString)]
    pub id: u64,
    /// `environmentId`: Sprig's internal environment id (may be `""`).
    pub environment_id: String,
    /// `createdAt`: when the answer was recorded.
    #[model(with = Rfc3339)]
    pub created_at: DateTime<Utc>,
    /// `responseGroupUid`: groups the answers one visitor gave to one study.
    pub response_group_uid: ResponseGroupUid,
    /// `surveyId`: the study's id.
    #[model(with = IntOrString)]
    pub survey_id: u64,
    /// `surveyName`: the study's title.
    pub survey_name: Option<String>,
    /// `question`: the question's wording.
    pub question: String,
    /// `visitorId`: Sprig's id of the respondent.
    pub visitor_id: String,
    /// `oldVisitorId`: legacy numeric visitor id (`0` or null in practice).
    #[model(with = Option<IntOrString>)]
    pub old_visitor_id: Option<u64>,
    /// `userId`: your id of the respondent, if set (a number on the wire reads as its text).
    #[model(with = Option<Id>)]
    pub user_id: Option<String>,
    /// `anonymousId`: Segment's anonymous id, if set; Sprig does not use it.
    #[model(with = Option<Id>)]
    pub anonymous_id: Option<String>,
    /// `triggeringEvent`: the event that started the study for this visitor.
    pub triggering_event: Option<String>,
    /// `timestamp`: when the answer was given (epoch milliseconds on the wire).
    pub timestamp: EpochMillis,
    /// `email`: the respondent's e-mail address, often `""`.
    pub email: Option<String>,
    /// `attributes`: custom attributes set on the visitor.
    #[model(with = JsonInString)]
    pub attributes: Option<Map<String, Value>>,
    /// `href`: the page where a web study was shown.
    pub href: Option<String>,
    /// `os`: the device's operating system, when the SDK collected it.
    pub os: Option<String>,
    /// `browser`: the browser of a web study.
    pub browser: Option<String>,
    /// `userAgent`: the visitor's user agent, when collected.
    pub user_agent: Option<String>,
    /// `customMetadata`: metadata set on a link study's URL; arrives stringified (`"{}"`).
    #[model(with = JsonInString)]
    pub custom_metadata: Option<Map<String, Value>>,
    /// `selectedIndexes`: the chosen option's index, or the chosen options' indexes.
    #[model(with = JsonInString)]
    pub selected_indexes: Option<SelectedIndexes>,
    /// `eventProperties`: properties of the event that targeted this visitor.
    #[model(with = JsonInString)]
    pub event_properties: Option<Map<String, Value>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

impl AnswerSubmitted {
    /// An answer with the fields every Answer Submitted carries; the question is `open` and
    /// unanswered until [`AnswerSubmitted::with_response`] says otherwise. `created_at` is also
    /// the `timestamp` (to the millisecond).
    pub fn new(
        id: WebhookId,
        environment_id: EnvironmentId,
        survey_id: SurveyId,
        visitor_id: VisitorId,
        response_group_uid: impl Into<ResponseGroupUid>,
        question: impl Into<String>,
        created_at: DateTime<Utc>,
    ) -> Self {
        AnswerSubmitted {
            response: None,
            question_type: QuestionType::from(super::QuestionKind::Open),
            event_type: EventType::SurveyResponse,
            event_name: Some(EventName::SurveyResponse),
            id: id.0,
            environment_id: environment_id.0,
            created_at,
            response_group_uid: response_group_uid.into(),
            survey_id: survey_id.0,
            survey_name: None,
            question: question.into(),
            visitor_id: visitor_id.0,
            old_visitor_id: None,
            user_id: None,
            anonymous_id: None,
            triggering_event: None,
            timestamp: EpochMillis::from(created_at),
            email: None,
            attributes: None,
            href: None,
            os: None,
            browser: None,
            user_agent: None,
            custom_metadata: None,
            selected_indexes: None,
            event_properties: None,
            extra: Map::new(),
            nulls: Default::default(),
        }
    }

    /// The answer, read according to `questionType`.
    ///
    /// ```
    /// use sprig_events::webhook::Answer;
    /// use sprig_events::{parse_webhook, WebhookEvent};
    ///
    /// let body = br#"{"id":1,"environmentId":"env","createdAt":"2024-05-01T10:00:00Z",
    ///   "responseGroupUid":"3305ee6c-15f4-4a55-a478-2c5f4adb9798","surveyId":7,
    ///   "question":"How likely are you to recommend us?","questionType":"nps","response":"9",
    ///   "visitorId":"v1","timestamp":1714557600000,"eventType":"survey_response",
    ///   "eventName":"surveyResponse"}"#;
    /// let WebhookEvent::AnswerSubmitted(answer) = parse_webhook(body)? else { unreachable!() };
    /// assert_eq!(answer.answer(), Answer::Nps(9));
    /// # Ok::<(), sprig_events::Error>(())
    /// ```
    pub fn answer(&self) -> Answer<'_> {
        interpret(
            self.question_type.kind(),
            self.response.as_ref(),
            self.selected_indexes.as_ref(),
        )
    }

    /// `response`, in canonical form for [`AnswerSubmitted::question_type`]; `None` when the
    /// question was skipped.
    pub fn response(&self) -> Option<&Value> {
        self.response.as_ref()
    }

    /// `questionType`.
    pub fn question_type(&self) -> &QuestionType {
        &self.question_type
    }

    /// `eventType`: `survey_response`.
    pub fn event_type(&self) -> &EventType {
        &self.event_type
    }

    /// `eventName`: `surveyResponse`, when the payload has it.
    pub fn event_name(&self) -> Option<&EventName> {
        self.event_name.as_ref()
    }

    /// Set the question type and the answer together, by the rules parsing applies: the
    /// response is brought into canonical form for the type (`"9"` for an NPS question is `9`),
    /// and one that does not fit is an error naming `response`, leaving the answer unchanged.
    pub fn set_response(
        &mut self,
        question_type: impl Into<QuestionType>,
        response: Option<Value>,
    ) -> Result<(), Error> {
        let question_type = question_type.into();
        self.response = normalized(&question_type, response).map_err(Error::from_field)?;
        self.question_type = question_type;
        Ok(())
    }

    /// [`AnswerSubmitted::set_response`], chainable.
    pub fn with_response(
        mut self,
        question_type: impl Into<QuestionType>,
        response: Option<Value>,
    ) -> Result<Self, Error> {
        self.set_response(question_type, response)?;
        Ok(self)
    }

    fn check(&mut self) -> Result<(), FieldError> {
        normalize_in_place(&self.question_type, &mut self.response)
    }
}
