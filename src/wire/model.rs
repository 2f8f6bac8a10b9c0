//! What `#[derive(Model)]` (the `sprig-events-derive` crate) builds on: a payload struct that
//! reads every key in one pass and writes back all it read.
//!
//! A model is a plain struct. Each known field has its wire name (lowerCamelCase of the field,
//! or `#[model(rename = "…")]`) and, where the wire needs one, an adapter from
//! [`tolerance`](super::tolerance) (`#[model(with = IntOrString)]`); the unknown keys go to the
//! field marked `#[model(extra)]`, and which optional fields arrived `null` to the one marked
//! `#[model(nulls)]`:
//!
//! ```text
//! #[derive(Clone, Debug, Model)]
//! #[model(watch = KindTags, expect = WebhookKind::Test)]   // optional: the keys of the kind
//! #[model(check = TestPing::check)]                        // optional: cross-field rules
//! pub struct TestPing {
//!     /// `eventType`: read through a method (a private field has no setter).
//!     event_type: EventType,
//!     /// `id`: the webhook id.
//!     #[model(with = IntOrString)]
//!     pub id: u64,
//!     /// `surveyName`: a placeholder name.
//!     pub survey_name: Option<String>,
//!     #[model(extra)]
//!     pub extra: Extra,
//!     #[model(nulls)]
//!     nulls: NullFields,
//! }
//! ```
//!
//! What the derive generates:
//! - [`Model::read`]: one pass over the object; a known key goes to its field through its
//!   adapter (given twice, it is an error, or with `#[model(last_wins)]` its last value counts,
//!   as JavaScript's `JSON.parse` takes it), any other key to `extra`; a `null` in an optional
//!   field is noted; a missing required field is serde's "missing field" error, which the
//!   crate's [`Error`](crate::Error) turns into the field's path; the `watch` keys' text is
//!   noted whether typed or not, and [`Watch::verify`] judges it once the object is read;
//! - [`Model::read_boxed`]: the same reader, handing back the model in a box;
//! - `Deserialize`: `read`, then `check` (whose error names its field);
//! - `Serialize`: each field once, in declaration order (a `None` that arrived `null` as
//!   `null`), then the unknown keys, skipping any that would repeat a field;
//! - `PartialEq` that follows the written JSON (an unset field's null note counts only while
//!   it is unset; a key in `extra` that names a field does not count, as it is not written);
//! - a chainable `with_<field>` setter per public field;
//! - with `#[model(walk)]`, [`Walk`]: the paths of values kept though not of the spec's type,
//!   for `validate()` (every field's type then implements [`Walk`]);
//! - `JsonSchema` with the `schemars` feature.
//!
//! A field is optional when its type is written `Option<…>`: a missing key is `None`, a `None`
//! is not written. Any other field is required. A model has at most 64 known fields (the null
//! notes are a `u64`); the derive refuses to compile one with more.

use std::marker::PhantomData;

pub(crate) use sprig_events_derive::Model;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess};
use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::Value;
use serde_with::{DeserializeAs, SerializeAs};

pub(crate) use super::keep::NullFields;
use super::keep::{Seen, Spy};
use crate::error::FieldError;

/// A struct with `#[derive(Model)]`: read without its cross-field check, and the check apart, so
/// that the crate's entry points can report the check's failure with its path as data.
pub(crate) trait Model: Sized {
    /// Read the object, with every per-field rule applied but not [`Model::check`].
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;

    /// [`Model::read`], the model boxed as it is built: a model is up to a kilobyte, and
    /// boxing it after the read copied it whole. Whether the struct is written straight into
    /// the box is the optimiser's choice; in release builds it is (callgrind shows the copy
    /// gone, `benches/README.md`).
    fn read_boxed<'de, D: Deserializer<'de>>(d: D) -> Result<Box<Self>, D::Error>;

    /// Rules that depend on several fields (an answer and its question type), once all are read.
    fn check(&mut self) -> Result<(), FieldError> {
        Ok(())
    }
}

/// What a model's reader hands back: the model itself ([`Plain`]) or in a box ([`Boxed`]). One
/// reader serves both.
pub(crate) trait Wrap {
    /// The wrapped model.
    type Of<T>;
    /// Wrap a model as it is built.
    fn wrap<T>(value: T) -> Self::Of<T>;
}

/// The model as it is.
pub(crate) struct Plain;

impl Wrap for Plain {
    type Of<T> = T;
    #[inline(always)]
    fn wrap<T>(value: T) -> T {
        value
    }
}

/// The model in a box.
pub(crate) struct Boxed;

impl Wrap for Boxed {
    type Of<T> = Box<T>;
    #[inline(always)]
    fn wrap<T>(value: T) -> Box<T> {
        Box::new(value)
    }
}

/// `serde_with` adapter for a nested model read by its parent: without its check, which the
/// parent's check runs with the full path.
pub(crate) struct Unchecked;

impl<'de, T: Model> DeserializeAs<'de, T> for Unchecked {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::read(d)
    }
}

impl<T: Serialize> SerializeAs<T> for Unchecked {
    fn serialize_as<S: serde::Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

/// The keys whose text a model notes while reading, to decide what the payload is.
pub(crate) trait Watch: Default {
    /// What the noted keys must say for the payload to be the model's (`#[model(expect = …)]`).
    type Expect;

    /// Where to note what `key` holds, if it is watched.
    fn slot(&mut self, key: &str) -> Option<&mut Seen>;

    /// Whether what was noted says what the model expects; the error says what it said.
    fn verify(&self, expect: &Self::Expect) -> Result<(), String>;
}

/// For models that watch nothing.
#[derive(Default)]
pub(crate) struct NoWatch;

impl Watch for NoWatch {
    type Expect = ();

    #[inline]
    fn slot(&mut self, _: &str) -> Option<&mut Seen> {
        None
    }

    fn verify(&self, _: &()) -> Result<(), String> {
        Ok(())
    }
}

/// Read one known field's value through its adapter, noting a `null` and a watched value.
#[inline]
pub(crate) fn read_field<'de, A, T, U>(
    map: &mut A,
    key: &'static str,
    already: bool,
    nulls: &mut NullFields,
    index: usize,
    seen: Option<&mut Seen>,
) -> Result<T, A::Error>
where
    A: MapAccess<'de>,
    U: DeserializeAs<'de, T>,
{
    if already {
        return Err(de::Error::duplicate_field(key));
    }
    let mut null = false;
    let value = map.next_value_seed(FieldSeed::<T, U> {
        null: &mut null,
        seen,
        _as: PhantomData,
    })?;
    // A key given again (in a model whose last value wins) is as its last value says.
    if null {
        nulls.note(index);
    } else {
        nulls.clear(index);
    }
    Ok(value)
}

struct FieldSeed<'s, T, U> {
    null: &'s mut bool,
    seen: Option<&'s mut Seen>,
    _as: PhantomData<(T, U)>,
}

impl<'de, T, U: DeserializeAs<'de, T>> DeserializeSeed<'de> for FieldSeed<'_, T, U> {
    type Value = T;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        U::deserialize_as(Spy {
            inner: d,
            null: self.null,
            seen: self.seen,
        })
    }
}

/// The error of a required field that did not occur: serde's own, whose message
/// [`Error`](crate::Error) reads the field's name from (see `error::missing_field_name`).
pub(crate) fn missing_field<E: de::Error>(key: &'static str) -> E {
    E::missing_field(key)
}

/// Write one known field: its value when set, `null` when it arrived null and is still unset.
pub(crate) fn write_field<M, T, U>(
    map: &mut M,
    key: &'static str,
    value: &T,
    unset: bool,
    arrived_null: bool,
) -> Result<(), M::Error>
where
    M: SerializeMap,
    U: SerializeAs<T>,
{
    if !unset {
        map.serialize_entry(key, &serde_with::ser::SerializeAsWrap::<T, U>::new(value))
    } else if arrived_null {
        map.serialize_entry(key, &())
    } else {
        Ok(())
    }
}

/// Write the unknown keys, skipping any that names a field of the model (set there by hand):
/// the text never carries a key twice.
pub(crate) fn write_extra<M: SerializeMap>(
    map: &mut M,
    extra: &super::Extra,
    fields: &[&str],
) -> Result<(), M::Error> {
    for (key, value) in extra {
        if !fields.contains(&key.as_str()) {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

/// Whether two `extra` maps write the same keys and values (keys naming a field are not written).
pub(crate) fn same_extra(a: &super::Extra, b: &super::Extra, fields: &[&str]) -> bool {
    let written = |map: &'_ super::Extra| {
        map.iter()
            .filter(|(key, _)| !fields.contains(&key.as_str()))
            .count()
    };
    written(a) == written(b)
        && a.iter()
            .filter(|(key, _)| !fields.contains(&key.as_str()))
            .all(|(key, value)| b.get(key) == Some(value))
}

/// The places where a source event holds a value not of the type its spec gives, by path.
pub(crate) trait Walk {
    /// Note each such place under `at` (a JSON path, e.g. `context.screen`).
    fn walk(&self, at: &mut String, out: &mut Vec<String>);
}

/// Run `f` with `key` appended to the path `at`.
pub(crate) fn under(at: &mut String, key: &str, f: impl FnOnce(&mut String)) {
    let len = at.len();
    if !at.is_empty() {
        at.push('.');
    }
    at.push_str(key);
    f(at);
    at.truncate(len);
}

impl<T: Walk> Walk for Option<T> {
    fn walk(&self, at: &mut String, out: &mut Vec<String>) {
        if let Some(value) = self {
            value.walk(at, out);
        }
    }
}

impl<T: Walk> Walk for Box<T> {
    fn walk(&self, at: &mut String, out: &mut Vec<String>) {
        (**self).walk(at, out);
    }
}

impl<T: Walk> Walk for super::Loose<T> {
    fn walk(&self, at: &mut String, out: &mut Vec<String>) {
        match self {
            super::Loose::Typed(value) => value.walk(at, out),
            // A null is no value, which any optional field may be.
            super::Loose::Other(Value::Null) => {}
            super::Loose::Other(_) => out.push(at.clone()),
        }
    }
}

impl Walk for super::Timestamp {
    fn walk(&self, at: &mut String, out: &mut Vec<String>) {
        if !self.is_rfc3339() {
            out.push(at.clone());
        }
    }
}

macro_rules! leaves {
    ($($ty:ty),*) => { $( impl Walk for $ty { #[inline] fn walk(&self, _: &mut String, _: &mut Vec<String>) {} } )* };
}
leaves!(
    String,
    bool,
    serde_json::Number,
    super::TextOrNumber,
    serde_json::Map<String, Value>,
    Value,
    crate::source::Integrations
);
