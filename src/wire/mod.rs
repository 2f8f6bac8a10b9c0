//! How the crate reads and writes the wire, one file per mechanism:
//!
//! - [`read`]: the entry points' plumbing: the body as text once, a plain read first and a
//!   path-tracked one only on failure, a model's check run apart so that its error keeps its
//!   path as data.
//! - [`fast`]: the first reader of every body, which declines what it is not sure to read as
//!   serde_json does; serde_json reads what it declines.
//! - [`sniff`]: guessing a payload's kind from its bytes, before any parse.
//! - [`keep`]: keeping what a model does not type: unknown keys, the known fields that came
//!   `null`, the text of the keys that decide a kind.
//! - [`model`]: what `#[derive(Model)]` (the `sprig-events-derive` crate) builds a payload struct on.
//! - [`value_set`]: the `value_set!` macro for the string sets the vendor owns.
//! - [`tolerance`]: the field adapters, one per row of the crate docs' tolerance table.
//!
//! Nothing here knows a payload: the webhook and source modules declare their models with
//! these pieces, and this module imports none of them.

pub(crate) mod fast;
pub(crate) mod keep;
pub(crate) mod model;
pub(crate) mod read;
pub(crate) mod sniff;
pub(crate) mod tolerance;
pub(crate) mod value_set;

pub use keep::Extra;
pub use tolerance::{EpochMillis, Loose, LooseTarget, TextOrNumber, Timestamp};
pub use value_set::UnknownValue;

/// The JSON tree of one of the crate's models (a source event, its `context`).
///
/// Invariant: it cannot fail. `serde_json::to_value` fails only on a map key that is not a
/// string or on an error raised by a `Serialize` impl; the models write string keys only, and
/// none of their impls (nor their adapters') raises an error. The round-trip tests and the fuzz
/// targets write every model they parse.
#[allow(clippy::expect_used)] // the invariant above
pub(crate) fn model_json<T: serde::Serialize>(model: &T) -> serde_json::Value {
    serde_json::to_value(model).expect("the crate's models always serialize: see model_json")
}

/// A value a model's chainable setter takes for a field of type `T`: the value itself, or
/// (for an optional field) what goes inside the `Option`; `&str` for text.
///
/// ```
/// use sprig_events::source::Track;
///
/// let track = Track::new("Order Completed").with_user_id("u1").with_properties(serde_json::json!({"total": 30}));
/// assert_eq!(track.user_id.as_deref(), Some("u1"));
/// ```
///
/// Sealed: the impls below are all there are, so the crate can grow the trait.
pub trait IntoField<T>: sealed::Sealed<T> {
    /// The field's value.
    fn into_field(self) -> T;
}

mod sealed {
    /// Only the crate's own [`IntoField`](super::IntoField) impls.
    pub trait Sealed<T> {}
}

/// Each `IntoField` impl, and its seal.
macro_rules! into_field {
    ($(impl$([$($gen:tt)*])? for $source:ty => $target:ty: |$value:ident| $make:expr;)*) => {
        $(
            impl$(<$($gen)*>)? sealed::Sealed<$target> for $source {}

            impl$(<$($gen)*>)? IntoField<$target> for $source {
                fn into_field(self) -> $target {
                    let $value = self;
                    $make
                }
            }
        )*
    };
}

use crate::source::{Context, LazyContext, LazyValue};

into_field! {
    impl[T] for T => T: |value| value;
    impl[T] for T => Option<T>: |value| Some(value);
    impl[T] for T => Option<Loose<T>>: |value| Some(Loose::Typed(value));
    impl for &str => String: |text| text.to_owned();
    impl for &str => Option<String>: |text| Some(text.to_owned());
    impl for &str => Option<Loose<String>>: |text| Some(Loose::Typed(text.to_owned()));
    impl for Box<Context> => Option<LazyContext>: |context| Some(context.into());
    impl for Context => Option<LazyContext>: |context| Some(context.into());
    impl for Loose<Box<Context>> => Option<LazyContext>: |context| Some(context.into());
    impl for serde_json::Value => Option<LazyValue>: |value| Some(value.into());
}
