//! Answer Submitted: a respondent answered one question of a study.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::answer::{interpret, normalize_in_place, Answer, SelectedIndexes};
use super::values::{EventName, EventType, QuestionType, ResponseGroupUid};
use crate::wire::{model, EpochMillis, FieldError, IntOrString, OptionalJson, Rfc3339};

model! {
    /// Answer Submitted (`eventType: "survey_response"`, `eventName: "surveyResponse"`).
    ///
    /// `response` is kept in canonical form for its `questionType`: stringified JSON decoded where
    /// the type says it is JSON, numeric strings turned into numbers for scores, and text answers
    /// never touched. Read it by type with [`AnswerSubmitted::answer`].
    pub struct AnswerSubmitted finish = AnswerSubmitted::finish; {
        /// `id`: the webhook id.
        #[serde_as(as = "IntOrString")]
        pub id: u64,
        /// `environmentId`: Sprig's internal environment id (may be `""`).
        pub environment_id: String,
        /// `createdAt`: when the answer was recorded.
        #[serde_as(as = "Rfc3339")]
        pub created_at: DateTime<Utc>,
        /// `responseGroupUid`: groups the answers one visitor gave to one study.
        pub response_group_uid: ResponseGroupUid,
        /// `response`: the answer; see [`AnswerSubmitted::answer`]. Absent or null when skipped.
        pub response: Option<Value>,
        /// `surveyId`: the study's id.
        #[serde_as(as = "IntOrString")]
        pub survey_id: u64,
        /// `surveyName`: the study's title.
        pub survey_name: Option<String>,
        /// `question`: the question's wording.
        pub question: String,
        /// `questionType`: the kind of question.
        pub question_type: QuestionType,
        /// `visitorId`: Sprig's id of the respondent.
        pub visitor_id: String,
        /// `oldVisitorId`: legacy numeric visitor id (`0` or null in practice).
        #[serde_as(as = "Option<IntOrString>")]
        pub old_visitor_id: Option<u64>,
        /// `userId`: your id of the respondent, if set.
        pub user_id: Option<String>,
        /// `anonymousId`: Segment's anonymous id, if set; Sprig does not use it.
        pub anonymous_id: Option<String>,
        /// `triggeringEvent`: the event that started the study for this visitor.
        pub triggering_event: Option<String>,
        /// `timestamp`: when the answer was given (epoch milliseconds on the wire).
        #[serde_as(as = "EpochMillis")]
        pub timestamp: DateTime<Utc>,
        /// `email`: the respondent's e-mail address, often `""`.
        pub email: Option<String>,
        /// `attributes`: custom attributes set on the visitor.
        #[serde_as(as = "OptionalJson")]
        #[serde(default)]
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
        #[serde_as(as = "OptionalJson")]
        #[serde(default)]
        pub custom_metadata: Option<Map<String, Value>>,
        /// `selectedIndexes`: the chosen option's index, or the chosen options' indexes.
        #[serde_as(as = "OptionalJson")]
        #[serde(default)]
        pub selected_indexes: Option<SelectedIndexes>,
        /// `eventType`: `survey_response`.
        pub event_type: EventType,
        /// `eventName`: `surveyResponse`.
        pub event_name: Option<EventName>,
        /// `eventProperties`: properties of the event that targeted this visitor.
        #[serde_as(as = "OptionalJson")]
        #[serde(default)]
        pub event_properties: Option<Map<String, Value>>,
    }
}

impl AnswerSubmitted {
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

    fn finish(&mut self) -> Result<(), FieldError> {
        normalize_in_place(&self.question_type, &mut self.response)
    }
}
