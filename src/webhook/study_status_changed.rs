//! Study Status Changed: a study was launched, paused, completed, ….

use super::ids::{EnvironmentId, StatusChange, SurveyId};
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Map;

use super::kind::{KindTags, WebhookKind};
use super::values::{EventName, EventType, QuestionType, StudyStatus};
use crate::wire::model::{Model, NullFields};
use crate::wire::tolerance::{whole, IntOrString};
use crate::wire::Extra;

/// Study Status Changed (`eventName: "surveyStatusChange"`).
///
/// ```
/// use sprig_events::webhook::{
///     EnvironmentId, QuestionKind, StatusChange, StudyQuestion, StudyStatus, StudyStatusChanged,
///     SurveyId,
/// };
///
/// let status = StatusChange { from: StudyStatus::InProgress, to: StudyStatus::Paused };
/// let change = StudyStatusChanged::new(EnvironmentId::new("env"), SurveyId(7), status)
///     .with_survey_name("Onboarding")
///     .with_questions(vec![StudyQuestion::new("What is one plus one?", QuestionKind::Open)]);
/// let text = serde_json::to_string(&change).unwrap();
/// assert!(text.contains(r#""status":"PAUSED""#));
/// ```
#[derive(Clone, Debug, Model)]
#[model(watch = KindTags, expect = WebhookKind::StudyStatusChanged)]
pub struct StudyStatusChanged {
    /// `eventName`: `surveyStatusChange`.
    event_name: Option<EventName>,
    /// `eventType`: `product_message`.
    event_type: EventType,
    /// `surveyId`: the study's id.
    #[model(with = IntOrString)]
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
    #[model(with = Option<IntOrString>)]
    pub product_id: Option<u64>,
    /// `questions`: the study's questions.
    pub questions: Vec<StudyQuestion>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

impl StudyStatusChanged {
    /// A status change with no questions yet.
    pub fn new(environment_id: EnvironmentId, survey_id: SurveyId, change: StatusChange) -> Self {
        StudyStatusChanged {
            event_name: Some(EventName::SurveyStatusChange),
            event_type: EventType::ProductMessage,
            survey_id: survey_id.0,
            survey_name: None,
            old_status: change.from,
            status: change.to,
            environment_id: environment_id.0,
            product_name: None,
            product_id: None,
            questions: Vec::new(),
            extra: Map::new(),
            nulls: Default::default(),
        }
    }

    /// `eventName`: `surveyStatusChange`, when the payload has it.
    pub fn event_name(&self) -> Option<&EventName> {
        self.event_name.as_ref()
    }

    /// `eventType`: `product_message`.
    pub fn event_type(&self) -> &EventType {
        &self.event_type
    }
}

/// One entry of a Study Status Changed's `questions`.
#[derive(Clone, Debug, Model)]
pub struct StudyQuestion {
    /// `question`: the question's wording.
    pub question: String,
    /// `questionTypeId`: the kind of question, by name (`"open"`) or, as the table says, by
    /// number.
    pub question_type_id: QuestionTypeId,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

impl StudyQuestion {
    /// A question with its wording and type.
    pub fn new(question: impl Into<String>, question_type_id: impl Into<QuestionTypeId>) -> Self {
        StudyQuestion {
            question: question.into(),
            question_type_id: question_type_id.into(),
            extra: Map::new(),
            nulls: Default::default(),
        }
    }
}

/// `questionTypeId`: a question type's name in every example, an integer in the docs' table.
/// A numeric string is a number, so `Name` of digits equals the `Number` it reads back as.
///
/// Exhaustive on purpose: a JSON value is text or a number, and this holds either.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum QuestionTypeId {
    /// The type's name, e.g. `open`, `nps`.
    Name(QuestionType),
    /// A numeric type id.
    Number(u64),
}

impl QuestionTypeId {
    /// The numeric id, when it is one (or a name made of digits, which reads as one).
    pub fn number(&self) -> Option<u64> {
        match self {
            QuestionTypeId::Number(number) => Some(*number),
            QuestionTypeId::Name(name) => digits(name.as_str()),
        }
    }
}

fn digits(text: &str) -> Option<u64> {
    let all_digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    all_digits.then(|| text.parse().ok()).flatten()
}

impl PartialEq for QuestionTypeId {
    fn eq(&self, other: &Self) -> bool {
        match (self.number(), other.number(), self, other) {
            (Some(a), Some(b), _, _) => a == b,
            (None, None, QuestionTypeId::Name(a), QuestionTypeId::Name(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for QuestionTypeId {}

impl std::hash::Hash for QuestionTypeId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match (self.number(), self) {
            (Some(number), _) => number.hash(state),
            (None, QuestionTypeId::Name(name)) => name.hash(state),
            (None, QuestionTypeId::Number(number)) => number.hash(state),
        }
    }
}

impl From<QuestionType> for QuestionTypeId {
    fn from(name: QuestionType) -> Self {
        QuestionTypeId::Name(name)
    }
}

impl From<super::QuestionKind> for QuestionTypeId {
    fn from(kind: super::QuestionKind) -> Self {
        QuestionTypeId::Name(kind.into())
    }
}

impl From<u64> for QuestionTypeId {
    fn from(number: u64) -> Self {
        QuestionTypeId::Number(number)
    }
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
                Ok(match digits(v) {
                    Some(number) => QuestionTypeId::Number(number),
                    None => QuestionTypeId::Name(QuestionType::from(v)),
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(QuestionTypeId::Number(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                whole(v)
                    .map(QuestionTypeId::Number)
                    .ok_or_else(|| E::invalid_type(de::Unexpected::Float(v), &self))
            }
        }
        d.deserialize_any(IdVisitor)
    }
}
