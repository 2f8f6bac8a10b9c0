//! Study Submitted: a respondent completed a study.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::answer::{interpret, normalize_in_place, Answer};
use super::values::{
    EventName, EventType, Platform, QuestionType, RecordType, ResponseGroupUid, StudyAction,
};
use crate::wire::{model, EpochMillis, FieldError, IntOrString, Rfc3339};

model! {
    /// Study Submitted (`eventName: "surveySubmitted"`, `action: "completed"`).
    pub struct StudySubmitted {
        /// `visitorId`: Sprig's id of the respondent.
        pub visitor_id: String,
        /// `platform`: how the study was delivered.
        pub platform: Option<Platform>,
        /// `surveyId`: the study's id.
        #[serde_as(as = "IntOrString")]
        pub survey_id: u64,
        /// `timestamp`: when the study was completed (epoch milliseconds on the wire).
        #[serde_as(as = "EpochMillis")]
        pub timestamp: DateTime<Utc>,
        /// `environmentId`: Sprig's internal environment id (may be `""`).
        pub environment_id: String,
        /// `eventDate`: when the study was completed.
        #[serde_as(as = "Rfc3339")]
        pub event_date: DateTime<Utc>,
        /// `recordType`: `survey`.
        pub record_type: Option<RecordType>,
        /// `action`: `completed`.
        pub action: Option<StudyAction>,
        /// `responseGroupUid`: groups this visitor's answers to this study.
        pub response_group_uid: ResponseGroupUid,
        /// `productName`: the Sprig product's name.
        pub product_name: Option<String>,
        /// `productId`: the Sprig product's id.
        #[serde_as(as = "Option<IntOrString>")]
        pub product_id: Option<u64>,
        /// `eventName`: `surveySubmitted`.
        pub event_name: Option<EventName>,
        /// `questions`: every question of the study with its answer.
        pub questions: Vec<SubmittedQuestion>,
        /// `eventType`: `product_message`.
        pub event_type: EventType,
    }
}

model! {
    /// One entry of a Study Submitted's `questions`.
    pub struct SubmittedQuestion finish = SubmittedQuestion::finish; {
        /// `question`: the question's wording.
        pub question: String,
        /// `response`: the answer, null or absent when skipped. Kept as sent unless the entry
        /// carries a `questionType`, because without one a string may be the respondent's text.
        pub response: Option<Value>,
        /// `order`: the question's position in the study.
        #[serde_as(as = "Option<IntOrString>")]
        pub order: Option<u32>,
        /// `questionType`: the kind of question, when Sprig sends it.
        pub question_type: Option<QuestionType>,
    }
}

impl SubmittedQuestion {
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

    fn finish(&mut self) -> Result<(), FieldError> {
        match &self.question_type {
            Some(question_type) => normalize_in_place(question_type, &mut self.response),
            None => Ok(()),
        }
    }
}
