//! How the crate reads and writes the wire, one file per mechanism:
//!
//! - [`read`]: the entry points' plumbing: the body as text once, a plain read first and a
//!   path-tracked one only on failure, a model's check run apart so that its error keeps its
//!   path as data.
//! - [`sniff`]: guessing a payload's kind from its bytes, before any parse.
//! - [`keep`]: keeping what a model does not type: unknown keys, the known fields that came
//!   `null`, the text of the keys that decide a kind.
//! - [`model`]: the `model!` macro that declares a payload struct.
//! - [`value_set`]: the `value_set!` macro for the string sets the vendor owns.
//! - [`tolerance`]: the field adapters, one per row of the crate docs' tolerance table.
//!
//! Nothing here knows a payload: the webhook and source modules declare their models with
//! these pieces, and this module imports none of them.

pub(crate) mod keep;
pub(crate) mod model;
pub(crate) mod read;
pub(crate) mod sniff;
pub(crate) mod tolerance;
pub(crate) mod value_set;

pub use keep::Extra;
pub use tolerance::{EpochMillis, Loose, LooseTarget, TextOrNumber, Timestamp};
pub use value_set::UnknownValue;

/// A value a model's chainable setter takes for a field of type `T`: the value itself, or
/// (for an optional field) what goes inside the `Option`; `&str` for text.
///
/// ```
/// use sprig_events::source::Track;
///
/// let track = Track::new("Order Completed").with_user_id("u1").with_properties(serde_json::json!({"total": 30}));
/// assert_eq!(track.user_id.as_deref(), Some("u1"));
/// ```
pub trait IntoField<T> {
    /// The field's value.
    fn into_field(self) -> T;
}

impl<T> IntoField<T> for T {
    fn into_field(self) -> T {
        self
    }
}

impl<T> IntoField<Option<T>> for T {
    fn into_field(self) -> Option<T> {
        Some(self)
    }
}

impl<T> IntoField<Option<Loose<T>>> for T {
    fn into_field(self) -> Option<Loose<T>> {
        Some(Loose::Typed(self))
    }
}

impl IntoField<String> for &str {
    fn into_field(self) -> String {
        self.to_owned()
    }
}

impl IntoField<Option<String>> for &str {
    fn into_field(self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl IntoField<Option<Loose<String>>> for &str {
    fn into_field(self) -> Option<Loose<String>> {
        Some(Loose::Typed(self.to_owned()))
    }
}
