//! Answer Submitted: a respondent answered one question of a study.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::answer::{interpret, normalize_in_place, normalized, Answer, SelectedIndexes};
use super::kind::{KindTags, WebhookKind};
use super::values::{EventName, EventType, QuestionType, ResponseGroupUid};
use crate::error::FieldError;
use crate::wire::model;
use crate::wire::tolerance::{EpochMillis, Id, IntOrString, JsonInString, Rfc3339};
use crate::Error;

model! {
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
    /// use sprig_events::webhook::{AnswerSubmitted, Answer, QuestionKind};
    ///
    /// let at = "2024-05-01T10:00:00Z".parse().unwrap();
    /// let answer = AnswerSubmitted::new(1, "env", 7, "visitor-1", 42, "How likely are you to recommend us?", at)
    ///     .with_response(QuestionKind::Nps, Some(9.into()))?
    ///     .user_id("u1");
    /// assert_eq!(answer.answer(), Answer::Nps(9));
    /// let text = serde_json::to_string(&answer)?;
    /// assert_eq!(sprig_events::parse_webhook(text.as_bytes())?, answer.into());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct AnswerSubmitted {
        fixed {
            /// `response`: the answer, canonical for `questionType`.
            "response" response: Option<Value>,
            /// `questionType`: the kind of question.
            "questionType" question_type: QuestionType,
            /// `eventType`: `survey_response`.
            "eventType" event_type: EventType,
            /// `eventName`: `surveyResponse`.
            "eventName" event_name: Option<EventName>,
        }
        /// `id`: the webhook id.
        "id" pub id: u64 as IntOrString,
        /// `environmentId`: Sprig's internal environment id (may be `""`).
        "environmentId" pub environment_id: String,
        /// `createdAt`: when the answer was recorded.
        "createdAt" pub created_at: DateTime<Utc> as Rfc3339,
        /// `responseGroupUid`: groups the answers one visitor gave to one study.
        "responseGroupUid" pub response_group_uid: ResponseGroupUid,
        /// `surveyId`: the study's id.
        "surveyId" pub survey_id: u64 as IntOrString,
        /// `surveyName`: the study's title.
        "surveyName" pub survey_name: Option<String>,
        /// `question`: the question's wording.
        "question" pub question: String,
        /// `visitorId`: Sprig's id of the respondent.
        "visitorId" pub visitor_id: String,
        /// `oldVisitorId`: legacy numeric visitor id (`0` or null in practice).
        "oldVisitorId" pub old_visitor_id: Option<u64> as Option<IntOrString>,
        /// `userId`: your id of the respondent, if set (a number on the wire reads as its text).
        "userId" pub user_id: Option<String> as Option<Id>,
        /// `anonymousId`: Segment's anonymous id, if set; Sprig does not use it.
        "anonymousId" pub anonymous_id: Option<String> as Option<Id>,
        /// `triggeringEvent`: the event that started the study for this visitor.
        "triggeringEvent" pub triggering_event: Option<String>,
        /// `timestamp`: when the answer was given (epoch milliseconds on the wire).
        "timestamp" pub timestamp: EpochMillis,
        /// `email`: the respondent's e-mail address, often `""`.
        "email" pub email: Option<String>,
        /// `attributes`: custom attributes set on the visitor.
        "attributes" pub attributes: Option<Map<String, Value>> as JsonInString,
        /// `href`: the page where a web study was shown.
        "href" pub href: Option<String>,
        /// `os`: the device's operating system, when the SDK collected it.
        "os" pub os: Option<String>,
        /// `browser`: the browser of a web study.
        "browser" pub browser: Option<String>,
        /// `userAgent`: the visitor's user agent, when collected.
        "userAgent" pub user_agent: Option<String>,
        /// `customMetadata`: metadata set on a link study's URL; arrives stringified (`"{}"`).
        "customMetadata" pub custom_metadata: Option<Map<String, Value>> as JsonInString,
        /// `selectedIndexes`: the chosen option's index, or the chosen options' indexes.
        "selectedIndexes" pub selected_indexes: Option<SelectedIndexes> as JsonInString,
        /// `eventProperties`: properties of the event that targeted this visitor.
        "eventProperties" pub event_properties: Option<Map<String, Value>> as JsonInString,
    }
    watch = KindTags => |tags: &KindTags| tags.check_kind(WebhookKind::AnswerSubmitted);
    check = AnswerSubmitted::check;
}

impl AnswerSubmitted {
    /// An answer with the fields every Answer Submitted carries; the question is `open` and
    /// unanswered until [`AnswerSubmitted::with_response`] says otherwise. `created_at` is also
    /// the `timestamp` (to the millisecond).
    pub fn new(
        id: u64,
        environment_id: impl Into<String>,
        survey_id: u64,
        visitor_id: impl Into<String>,
        response_group_uid: impl Into<ResponseGroupUid>,
        question: impl Into<String>,
        created_at: DateTime<Utc>,
    ) -> Self {
        AnswerSubmitted {
            response: None,
            question_type: QuestionType::from(super::QuestionKind::Open),
            event_type: EventType::SurveyResponse,
            event_name: Some(EventName::SurveyResponse),
            id,
            environment_id: environment_id.into(),
            created_at,
            response_group_uid: response_group_uid.into(),
            survey_id,
            survey_name: None,
            question: question.into(),
            visitor_id: visitor_id.into(),
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
