//! Theme Identified: Sprig's AI found a new theme in a study's answers.

use chrono::{DateTime, Utc};

use super::values::QuestionType;
use crate::wire::{model, IntOrString, Rfc3339};

model! {
    /// Theme Identified: has `themename` and `questionText`, and no `eventType` or `eventName`.
    pub struct ThemeIdentified {
        /// `themename`: the theme's name.
        #[serde(rename = "themename")]
        pub theme_name: String,
        /// `updatedAt`: when the theme was identified or last updated.
        #[serde_as(as = "Rfc3339")]
        pub updated_at: DateTime<Utc>,
        /// `productName`: the Sprig product's name (undocumented, in the example).
        pub product_name: Option<String>,
        /// `productId`: the Sprig product's id.
        #[serde_as(as = "Option<IntOrString>")]
        pub product_id: Option<u64>,
        /// `environmentId`: Sprig's internal environment id.
        pub environment_id: String,
        /// `questionText`: the question whose answers show the theme.
        pub question_text: String,
        /// `questionType`: that question's kind.
        pub question_type: QuestionType,
    }
}
