//! The ids the models' constructors take, each a type of its own: two ids given in each
//! other's place do not compile. The models' fields hold the plain values.

/// `id`: the webhook's id, as a constructor takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WebhookId(pub u64);

/// `surveyId`: a study's id, as a constructor takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SurveyId(pub u64);

/// `environmentId`: the Sprig environment's id, as a constructor takes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnvironmentId(pub String);

impl EnvironmentId {
    /// The id `id`.
    pub fn new(id: impl Into<String>) -> Self {
        EnvironmentId(id.into())
    }
}

/// `visitorId`: Sprig's id of a visitor, as a constructor takes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VisitorId(pub String);

impl VisitorId {
    /// The id `id`.
    pub fn new(id: impl Into<String>) -> Self {
        VisitorId(id.into())
    }
}

/// The question a theme was found in (Theme Identified's `questionText` and `questionType`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeQuestion {
    /// `questionText`.
    pub text: String,
    /// `questionType`.
    pub question_type: super::QuestionType,
}

impl ThemeQuestion {
    /// The question `text`, of type `question_type`.
    pub fn new(text: impl Into<String>, question_type: impl Into<super::QuestionType>) -> Self {
        ThemeQuestion {
            text: text.into(),
            question_type: question_type.into(),
        }
    }
}

/// A study's status before and after a change (Study Status Changed's `oldStatus`, `status`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusChange {
    /// `oldStatus`.
    pub from: super::StudyStatus,
    /// `status`.
    pub to: super::StudyStatus,
}
