//! Study Submitted: a respondent completed a study.

use super::ids::{EnvironmentId, SurveyId, VisitorId};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::answer::{interpret, normalize_in_place, normalized, Answer};
use super::kind::{KindTags, WebhookKind};
use super::values::{
    EventName, EventType, Platform, QuestionType, RecordType, ResponseGroupUid, StudyAction,
};
use crate::error::FieldError;
use crate::wire::model::{self, Model, NullFields, Unchecked};
use crate::wire::tolerance::{EpochMillis, IntOrString, Rfc3339};
use crate::wire::Extra;
use crate::Error;

/// Study Submitted (`eventName: "surveySubmitted"`, or `action: "completed"`).
///
/// ```
/// use sprig_events::webhook::{
///     Answer, EnvironmentId, QuestionKind, StudySubmitted, SubmittedQuestion, SurveyId, VisitorId,
/// };
///
/// let at = "2024-05-01T10:00:00Z".parse().unwrap();
/// let question = SubmittedQuestion::new("How easy was it?")
///     .with_response(Some(QuestionKind::Likert.into()), Some("4".into()))?
///     .with_order(1);
/// let study = StudySubmitted::new(EnvironmentId::new("env"), SurveyId(7), VisitorId::new("visitor-1"), 42, at)
///     .with_questions(vec![question]);
/// assert_eq!(study.questions[0].answer(), Answer::Likert(4));
/// # Ok::<(), sprig_events::Error>(())
/// ```
#[derive(Clone, Debug, Model)]
#[model(watch = KindTags, expect = WebhookKind::StudySubmitted, check = StudySubmitted::check)]
pub struct StudySubmitted {
    /// `action`: `completed`.
    action: Option<StudyAction>,
    /// `eventName`: `surveySubmitted`.
    event_name: Option<EventName>,
    /// `eventType`: `product_message`.
    event_type: EventType,
    /// `visitorId`: Sprig's id of the respondent.
    pub visitor_id: String,
    /// `platform`: how the study was delivered.
    pub platform: Option<Platform>,
    /// `surveyId`: the study's id.
    #[model(with = IntOrString)]
    pub survey_id: u64,
    /// `timestamp`: when the study was completed (epoch milliseconds on the wire).
    pub timestamp: EpochMillis,
    /// `environmentId`: Sprig's internal environment id (may be `""`).
    pub environment_id: String,
    /// `eventDate`: when the study was completed.
    #[model(with = Rfc3339)]
    pub event_date: DateTime<Utc>,
    /// `recordType`: `survey`.
    pub record_type: Option<RecordType>,
    /// `responseGroupUid`: groups this visitor's answers to this study.
    pub response_group_uid: ResponseGroupUid,
    /// `productName`: the Sprig product's name.
    pub product_name: Option<String>,
    /// `productId`: the Sprig product's id.
    #[model(with = Option<IntOrString>)]
    pub product_id: Option<u64>,
    /// `questions`: every question of the study with its answer.
    #[model(with = Vec<Unchecked>)]
    pub questions: Vec<SubmittedQuestion>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

impl StudySubmitted {
    /// A payload with the fields every Study Submitted carries and no questions yet; `at` is
    /// both `eventDate` and `timestamp` (to the millisecond).
    pub fn new(
        environment_id: EnvironmentId,
        survey_id: SurveyId,
        visitor_id: VisitorId,
        response_group_uid: impl Into<ResponseGroupUid>,
        at: DateTime<Utc>,
    ) -> Self {
        StudySubmitted {
            action: Some(StudyAction::Completed),
            event_name: Some(EventName::SurveySubmitted),
            event_type: EventType::ProductMessage,
            visitor_id: visitor_id.0,
            platform: None,
            survey_id: survey_id.0,
            timestamp: EpochMillis::from(at),
            environment_id: environment_id.0,
            event_date: at,
            record_type: None,
            response_group_uid: response_group_uid.into(),
            product_name: None,
            product_id: None,
            questions: Vec::new(),
            extra: Map::new(),
            nulls: Default::default(),
        }
    }

    /// `action`: `completed`, when the payload has it.
    pub fn action(&self) -> Option<&StudyAction> {
        self.action.as_ref()
    }

    /// `eventName`: `surveySubmitted`, when the payload has it.
    pub fn event_name(&self) -> Option<&EventName> {
        self.event_name.as_ref()
    }

    /// `eventType`: `product_message`.
    pub fn event_type(&self) -> &EventType {
        &self.event_type
    }

    fn check(&mut self) -> Result<(), FieldError> {
        for (i, question) in self.questions.iter_mut().enumerate() {
            model::Model::check(question).map_err(|e| e.within(&format!("questions[{i}]")))?;
        }
        Ok(())
    }
}

/// One entry of a Study Submitted's `questions`.
#[derive(Clone, Debug, Default, Model)]
#[model(check = SubmittedQuestion::check)]
pub struct SubmittedQuestion {
    /// `response`: the answer.
    response: Option<Value>,
    /// `questionType`: the kind of question, when Sprig sends it.
    question_type: Option<QuestionType>,
    /// `question`: the question's wording.
    pub question: String,
    /// `order`: the question's position in the study.
    #[model(with = Option<IntOrString>)]
    pub order: Option<u32>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

impl SubmittedQuestion {
    /// A question with its wording, no type and no answer.
    pub fn new(question: impl Into<String>) -> Self {
        SubmittedQuestion {
            question: question.into(),
            ..SubmittedQuestion::default()
        }
    }

    /// The answer read according to `questionType`; [`Answer::Raw`] when the entry has none.
    pub fn answer(&self) -> Answer<'_> {
        match &self.question_type {
            Some(question_type) => interpret(question_type.kind(), self.response.as_ref(), None),
            None => match &self.response {
                Some(response) if !response.is_null() => Answer::Raw(response),
                _ => Answer::Skipped,
            },
        }
    }

    /// `response`: the answer, null or absent when skipped. Kept as sent unless the entry
    /// carries a `questionType`, because without one a string may be the respondent's text.
    pub fn response(&self) -> Option<&Value> {
        self.response.as_ref()
    }

    /// `questionType`, when Sprig sent it.
    pub fn question_type(&self) -> Option<&QuestionType> {
        self.question_type.as_ref()
    }

    /// Set the question type and the answer together, by the rules parsing applies (see
    /// [`AnswerSubmitted::set_response`](super::AnswerSubmitted::set_response)).
    pub fn set_response(
        &mut self,
        question_type: Option<QuestionType>,
        response: Option<Value>,
    ) -> Result<(), Error> {
        self.response = match &question_type {
            Some(question_type) => {
                normalized(question_type, response).map_err(Error::from_field)?
            }
            // Without a type the answer is kept as it is, but a null is no answer, as parsing
            // reads it.
            None => response.filter(|r| !r.is_null()),
        };
        self.question_type = question_type;
        Ok(())
    }

    /// [`SubmittedQuestion::set_response`], chainable.
    pub fn with_response(
        mut self,
        question_type: Option<QuestionType>,
        response: Option<Value>,
    ) -> Result<Self, Error> {
        self.set_response(question_type, response)?;
        Ok(self)
    }

    fn check(&mut self) -> Result<(), FieldError> {
        match &self.question_type {
            Some(question_type) => normalize_in_place(question_type, &mut self.response),
            None => Ok(()),
        }
    }
}
