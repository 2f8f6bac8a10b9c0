//! Theme Identified: Sprig's AI found a new theme in a study's answers.

use chrono::{DateTime, Utc};
use serde_json::Map;

use super::kind::{KindTags, WebhookKind};
use super::values::QuestionType;
use crate::wire::model::{Model, NullFields};
use crate::wire::tolerance::{IntOrString, Rfc3339};
use crate::wire::Extra;

/// Theme Identified: has `themename` and `questionText`, and no `eventType` or `eventName`.
///
/// ```
/// use sprig_events::webhook::{QuestionKind, ThemeIdentified};
///
/// let at = "2024-05-01T10:00:00Z".parse().unwrap();
/// let theme = ThemeIdentified::new("env", "Pricing", "What would you change?", QuestionKind::Open, at)
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
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

impl ThemeIdentified {
    /// A theme with the fields every Theme Identified carries.
    pub fn new(
        environment_id: impl Into<String>,
        theme_name: impl Into<String>,
        question_text: impl Into<String>,
        question_type: impl Into<QuestionType>,
        updated_at: DateTime<Utc>,
    ) -> Self {
        ThemeIdentified {
            theme_name: theme_name.into(),
            updated_at,
            product_name: None,
            product_id: None,
            environment_id: environment_id.into(),
            question_text: question_text.into(),
            question_type: question_type.into(),
            extra: Map::new(),
            nulls: Default::default(),
        }
    }
}
