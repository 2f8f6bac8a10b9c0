//! Theme Identified: Sprig's AI found a new theme in a study's answers.

use super::ids::{EnvironmentId, ThemeQuestion};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::kind::{KindTags, WebhookKind};
use super::values::QuestionType;
use crate::wire::model::{Model, NullFields};
use crate::wire::tolerance::{IntOrString, Rfc3339};
use crate::wire::Extra;

/// Theme Identified: has `themename` and `questionText`, and no `eventType` or `eventName`.
///
/// ```
/// use sprig_events::webhook::{EnvironmentId, QuestionKind, ThemeIdentified, ThemeQuestion};
///
/// let at = "2024-05-01T10:00:00Z".parse().unwrap();
/// let question = ThemeQuestion::new("What would you change?", QuestionKind::Open);
/// let theme = ThemeIdentified::new(EnvironmentId::new("env"), "Pricing", question, at)
///     .with_product_id(20110);
/// assert_eq!(serde_json::to_value(&theme).unwrap()["themename"], "Pricing");
/// ```
#[derive(Clone, Debug, Model)]
#[model(watch = KindTags, expect = WebhookKind::ThemeIdentified)]
pub struct ThemeIdentified {
    /// `themename`: the theme's name.
    #[model(rename = "themename")]
    pub theme_name: String,
    /// `updatedAt`: when the theme was identified or last updated.
    #[model(with = Rfc3339)]
    pub updated_at: DateTime<Utc>,
    /// `productName`: the Sprig product's name (undocumented, in the example).
    pub product_name: Option<String>,
    /// `productId`: the Sprig product's id.
    #[model(with = Option<IntOrString>)]
    pub product_id: Option<u64>,
    /// `environmentId`: Sprig's internal environment id.
    pub environment_id: String,
    /// `questionText`: the question whose answers show the theme.
    pub question_text: String,
    /// `questionType`: that question's kind.
    pub question_type: QuestionType,
    /// `eventType`, as it came: none, `null` or `""` (a theme has none).
    event_type: Option<Value>,
    /// `eventName`, as it came: none, or a value that names no kind.
    event_name: Option<Value>,
    /// `action`, as it came: none, or a value that names no kind.
    action: Option<Value>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead. `eventType`, `eventName` and `action`, which decide
    /// a payload's kind, are such fields, kept as they came and never set, so that no edit
    /// makes the payload another kind.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

impl ThemeIdentified {
    /// A theme with the fields every Theme Identified carries.
    pub fn new(
        environment_id: EnvironmentId,
        theme_name: impl Into<String>,
        question: ThemeQuestion,
        updated_at: DateTime<Utc>,
    ) -> Self {
        ThemeIdentified {
            theme_name: theme_name.into(),
            updated_at,
            product_name: None,
            product_id: None,
            environment_id: environment_id.0,
            question_text: question.text,
            question_type: question.question_type,
            event_type: None,
            event_name: None,
            action: None,
            extra: Map::new(),
            nulls: Default::default(),
        }
    }
}
