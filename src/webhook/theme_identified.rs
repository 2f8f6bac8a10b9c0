//! Theme Identified: Sprig's AI found a new theme in a study's answers.

use chrono::{DateTime, Utc};
use serde_json::Map;

use super::kind::{KindTags, WebhookKind};
use super::values::QuestionType;
use crate::wire::model;
use crate::wire::tolerance::{IntOrString, Rfc3339};

model! {
    /// Theme Identified: has `themename` and `questionText`, and no `eventType` or `eventName`.
    ///
    /// ```
    /// use sprig_events::webhook::{QuestionKind, ThemeIdentified};
    ///
    /// let at = "2024-05-01T10:00:00Z".parse().unwrap();
    /// let theme = ThemeIdentified::new("env", "Pricing", "What would you change?", QuestionKind::Open, at)
    ///     .product_id(20110);
    /// assert_eq!(serde_json::to_value(&theme).unwrap()["themename"], "Pricing");
    /// ```
    pub struct ThemeIdentified {
        fixed {}
        /// `themename`: the theme's name.
        "themename" pub theme_name: String,
        /// `updatedAt`: when the theme was identified or last updated.
        "updatedAt" pub updated_at: DateTime<Utc> as Rfc3339,
        /// `productName`: the Sprig product's name (undocumented, in the example).
        "productName" pub product_name: Option<String>,
        /// `productId`: the Sprig product's id.
        "productId" pub product_id: Option<u64> as Option<IntOrString>,
        /// `environmentId`: Sprig's internal environment id.
        "environmentId" pub environment_id: String,
        /// `questionText`: the question whose answers show the theme.
        "questionText" pub question_text: String,
        /// `questionType`: that question's kind.
        "questionType" pub question_type: QuestionType,
    }
    watch = KindTags => |tags: &KindTags| tags.check_kind(WebhookKind::ThemeIdentified);
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
