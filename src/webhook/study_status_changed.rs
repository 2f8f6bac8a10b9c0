//! Study Status Changed: a study was launched, paused, completed, ….

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::values::{EventName, EventType, QuestionType, StudyStatus};
use crate::wire::{model, IntOrString};

model! {
    /// Study Status Changed (`eventName: "surveyStatusChange"`).
    pub struct StudyStatusChanged {
        /// `surveyId`: the study's id.
        #[serde_as(as = "IntOrString")]
        pub survey_id: u64,
        /// `surveyName`: the study's title.
        pub survey_name: Option<String>,
        /// `oldStatus`: the status before the change.
        pub old_status: StudyStatus,
        /// `status`: the status now.
        pub status: StudyStatus,
        /// `environmentId`: Sprig's internal environment id.
        pub environment_id: String,
        /// `productName`: the Sprig product's name.
        pub product_name: Option<String>,
        /// `productId`: the Sprig product's id.
        #[serde_as(as = "Option<IntOrString>")]
        pub product_id: Option<u64>,
        /// `eventName`: `surveyStatusChange`.
        pub event_name: Option<EventName>,
        /// `questions`: the study's questions.
        pub questions: Vec<StudyQuestion>,
        /// `eventType`: `product_message`.
        pub event_type: EventType,
    }
}

model! {
    /// One entry of a Study Status Changed's `questions`.
    pub struct StudyQuestion {
        /// `question`: the question's wording.
        pub question: String,
        /// `questionTypeId`: the kind of question, by name (`"open"`) or, as the table says, by
        /// number.
        pub question_type_id: QuestionTypeId,
    }
}

/// `questionTypeId`: a question type's name in every example, an integer in the docs' table.
/// A numeric string is a number.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum QuestionTypeId {
    /// The type's name, e.g. `open`, `nps`.
    Name(QuestionType),
    /// A numeric type id.
    Number(u64),
}

impl<'de> Deserialize<'de> for QuestionTypeId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = QuestionTypeId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a question type's name or a numeric type id")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(match v.parse() {
                    Ok(number) => QuestionTypeId::Number(number),
                    Err(_) => QuestionTypeId::Name(QuestionType::from(v)),
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(QuestionTypeId::Number(v))
            }
        }
        d.deserialize_any(IdVisitor)
    }
}
