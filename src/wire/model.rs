//! `model!`: a payload struct that reads every key in one pass and writes back all it read.
//!
//! A model is declared with each field's wire name, its Rust type and, where the wire needs
//! one, its adapter from [`tolerance`](super::tolerance):
//!
//! ```text
//! model! {
//!     /// Docs.
//!     pub struct TestPing {
//!         fixed {                                      // read through methods, set by `new`
//!             "eventType" event_type: EventType,
//!         }
//!         /// `id`: the webhook id.
//!         "id" pub id: u64 as IntOrString,
//!         /// `surveyName`: a placeholder name.
//!         "surveyName" pub survey_name: Option<String>,
//!     }
//!     watch = KindTags => |tags: &KindTags| tags.check_kind(WebhookKind::Test);  // optional
//!     check = TestPing::check;                                               // optional
//! }
//! ```
//!
//! What it generates:
//! - the struct, with `extra` (unknown keys, public) and the null notes (private);
//! - `Model::read`: one pass over the object; a known key goes to its field through its adapter
//!   (given twice, it is an error), any other key to `extra`; a `null` in an optional field
//!   is noted; a missing required field is an error naming it; the `watch` keys' text is
//!   noted whether typed or not, and `verify` judges it once the object is read;
//! - `Deserialize`: `read`, then `check` (whose error names its field);
//! - `Serialize`: each field once, in declaration order (a `None` that arrived `null` as
//!   `null`), then the unknown keys, skipping any that would repeat a field;
//! - `PartialEq` that follows the written JSON (an unset field's null note counts only while
//!   it is unset; a key in `extra` that names a field does not count, as it is not written);
//! - `Walk`: the paths of values kept though not of the spec's type, for `validate()`;
//! - a chainable setter per public field, named as the field (`.survey_name("…")`);
//! - `JsonSchema` with the `schemars` feature.
//!
//! What a field's type decides, at compile time through autoref specialisation (every model is
//! a concrete type): an `Option` is optional (a missing key is `None`, a `None` is not written),
//! any other type is required.

use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess};
use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::Value;
use serde_with::{DeserializeAs, SerializeAs};

use super::keep::{NullFields, Seen, Spy};
use crate::error::FieldError;

/// A struct declared with `model!`: read without its cross-field check, and the check apart, so
/// that the crate's entry points can report the check's failure with its path as data.
pub(crate) trait Model: Sized {
    /// Read the object, with every per-field rule applied but not [`Model::check`].
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;

    /// Rules that depend on several fields (an answer and its question type), once all are read.
    fn check(&mut self) -> Result<(), FieldError> {
        Ok(())
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
    /// Where to note what `key` holds, if it is watched.
    fn slot(&mut self, key: &str) -> Option<&mut Seen>;
}

/// For models that watch nothing.
#[derive(Default)]
pub(crate) struct NoWatch;

impl Watch for NoWatch {
    #[inline]
    fn slot(&mut self, _: &str) -> Option<&mut Seen> {
        None
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
    if null {
        nulls.note(index);
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

/// A field that did not occur: `None` for an optional one (`probe` says which), else the
/// "missing field" error, its field noted for the error's path.
pub(crate) fn missing<E: de::Error, T>(key: &'static str, probe: Option<T>) -> Result<T, E> {
    probe.ok_or_else(|| {
        crate::error::note_missing_field(key);
        E::missing_field(key)
    })
}

/// What a missing field of type `T` reads as: `Some(None)` for an `Option`, `None` (an error)
/// for any other type.
pub(crate) struct MissingAs<T>(pub(crate) PhantomData<T>);

/// `Option` fields read a missing key as `None`.
pub(crate) trait MissingOption<T> {
    fn when_missing(&self) -> Option<Option<T>>;
}

impl<T> MissingOption<T> for MissingAs<Option<T>> {
    #[inline]
    fn when_missing(&self) -> Option<Option<T>> {
        Some(None)
    }
}

/// Every other field is required.
pub(crate) trait MissingRequired<T> {
    fn when_missing(&self) -> Option<T>;
}

impl<T> MissingRequired<T> for &MissingAs<T> {
    #[inline]
    fn when_missing(&self) -> Option<T> {
        None
    }
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

// Autoref specialisation: what a field's type is, decided where the macro expands (every
// model is a concrete type, so the choice is made at compile time).

/// A field seen through the probes below.
pub(crate) struct Probe<'a, T>(pub(crate) &'a T);

/// `Option` fields are unset when `None`.
pub(crate) trait UnsetOption {
    fn unset(&self) -> bool;
}

impl<T> UnsetOption for Probe<'_, Option<T>> {
    #[inline]
    fn unset(&self) -> bool {
        self.0.is_none()
    }
}

/// Every other field is always set.
pub(crate) trait UnsetAny {
    fn unset(&self) -> bool;
}

impl<T> UnsetAny for &Probe<'_, T> {
    #[inline]
    fn unset(&self) -> bool {
        false
    }
}

/// The places where a source event holds a value not of the type its spec gives, by path.
pub(crate) trait Walk {
    /// Note each such place under `at` (a JSON path, e.g. `context.screen`).
    fn walk(&self, at: &mut String, out: &mut Vec<String>);
}

/// Fields whose type can hold such values.
pub(crate) trait WalkSome {
    fn walk_field(&self, at: &mut String, out: &mut Vec<String>);
}

impl<T: Walk> WalkSome for Probe<'_, T> {
    fn walk_field(&self, at: &mut String, out: &mut Vec<String>) {
        self.0.walk(at, out);
    }
}

/// Fields whose type cannot.
pub(crate) trait WalkNone {
    fn walk_field(&self, at: &mut String, out: &mut Vec<String>);
}

impl<T> WalkNone for &Probe<'_, T> {
    #[inline]
    fn walk_field(&self, _: &mut String, _: &mut Vec<String>) {}
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
    serde_json::Map<String, Value>
);

/// The JSON Schema of a field's type: whether it is optional.
#[cfg(feature = "schemars")]
pub(crate) struct ProbeType<T>(pub(crate) PhantomData<T>);

#[cfg(feature = "schemars")]
pub(crate) trait OptionalType {
    fn optional(&self) -> bool;
}

#[cfg(feature = "schemars")]
impl<T> OptionalType for ProbeType<Option<T>> {
    fn optional(&self) -> bool {
        true
    }
}

#[cfg(feature = "schemars")]
pub(crate) trait RequiredType {
    fn optional(&self) -> bool;
}

#[cfg(feature = "schemars")]
impl<T> RequiredType for &ProbeType<T> {
    fn optional(&self) -> bool {
        false
    }
}

/// The adapter of a field: the one given, else the field's own serde.
macro_rules! adapter {
    () => {
        serde_with::Same
    };
    ($adapter:ty) => {
        $adapter
    };
}
pub(crate) use adapter;

/// The watch of a model: the one given, else none.
macro_rules! watch_type {
    () => {
        $crate::wire::model::NoWatch
    };
    ($watch:ty) => {
        $watch
    };
}
pub(crate) use watch_type;

/// Declares a payload model; see the module docs.
macro_rules! model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            fixed {
                $(
                    $(#[$pmeta:meta])*
                    $pwire:literal $pfield:ident : $pty:ty $(as $padapter:ty)?,
                )*
            }
            $(
                $(#[$fmeta:meta])*
                $wire:literal pub $field:ident : $ty:ty $(as $adapter:ty)?,
            )*
        }
        $(watch = $watch:ty => $verify:expr;)?
        $(check = $check:expr;)?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        pub struct $name {
            $( $(#[$pmeta])* $pfield: $pty, )*
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// Keys of the payload this model does not know, kept as they came and written
            /// back after the known fields. A key here that names a known field is not
            /// written: set the field instead.
            pub extra: $crate::wire::Extra,
            /// Which known fields arrived as `null`.
            nulls: $crate::wire::keep::NullFields,
        }

        impl $name {
            $(
                #[doc = concat!("Set `", $wire, "` (chainable).")]
                #[must_use]
                pub fn $field(mut self, value: impl $crate::IntoField<$ty>) -> Self {
                    self.$field = value.into_field();
                    self
                }
            )*
        }

        $crate::wire::model::model! {
            @impl $name
            fields [
                $( ($pwire, $pfield, $pty, $crate::wire::model::adapter!($($padapter)?)) )*
                $( ($wire, $field, $ty, $crate::wire::model::adapter!($($adapter)?)) )*
            ]
            watch [$crate::wire::model::watch_type!($($watch)?)] [$($verify)?]
            check [$($check)?]
        }
    };

    (
        @impl $name:ident
        fields [ $( ($wire:literal, $field:ident, $ty:ty, $adapter:ty) )* ]
        watch [$watch:ty] [$($verify:expr)?]
        check [$($check:expr)?]
    ) => {
        impl $name {
            /// The wire names of the keys this model types, in the order they are written.
            pub(crate) const FIELDS: &'static [&'static str] = &[$($wire,)*];
        }

        /// Equal when the text they write is the same JSON: the fields, the unset fields that
        /// are written `null`, and the unknown keys that are written.
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                #[allow(unused_imports)]
                use $crate::wire::model::{UnsetAny as _, UnsetOption as _};
                #[allow(non_camel_case_types, dead_code)]
                enum Field { $($field,)* }
                $(
                    if self.$field != other.$field {
                        return false;
                    }
                    if (&$crate::wire::model::Probe(&self.$field)).unset()
                        && self.nulls.has(Field::$field as usize)
                            != other.nulls.has(Field::$field as usize)
                    {
                        return false;
                    }
                )*
                $crate::wire::model::same_extra(&self.extra, &other.extra, Self::FIELDS)
            }
        }

        impl $crate::wire::model::Model for $name {
            fn read<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct ModelVisitor;

                impl<'de> serde::de::Visitor<'de> for ModelVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a JSON object")
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        #[allow(non_camel_case_types, dead_code)]
                        enum Field { $($field,)* }
                        $( let mut $field: Option<$ty> = None; )*
                        let mut extra = $crate::wire::Extra::new();
                        let mut nulls = $crate::wire::keep::NullFields::default();
                        #[allow(unused_mut)]
                        let mut watch = <$watch as Default>::default();
                        while let Some(key) = map.next_key_seed($crate::wire::keep::KeySeed)? {
                            match &*key {
                                $(
                                    $wire => {
                                        $field = Some($crate::wire::model::read_field::<
                                            A, $ty, $adapter
                                        >(
                                            &mut map, $wire, $field.is_some(), &mut nulls,
                                            Field::$field as usize,
                                            $crate::wire::model::Watch::slot(&mut watch, $wire),
                                        )?);
                                    }
                                )*
                                _ => {
                                    let value: serde_json::Value = map.next_value()?;
                                    if let Some(slot) =
                                        $crate::wire::model::Watch::slot(&mut watch, &key)
                                    {
                                        *slot = $crate::wire::keep::Seen::of(&value);
                                    }
                                    extra.insert(key.into_owned(), value);
                                }
                            }
                        }
                        #[allow(unused_imports)]
                        use $crate::wire::model::{MissingOption as _, MissingRequired as _};
                        $(
                            let $field = match $field {
                                Some(value) => value,
                                None => $crate::wire::model::missing::<A::Error, $ty>(
                                    $wire,
                                    (&$crate::wire::model::MissingAs::<$ty>(
                                        std::marker::PhantomData,
                                    ))
                                        .when_missing(),
                                )?,
                            };
                        )*
                        $(
                            let verify: fn(&$watch) -> Result<(), String> = $verify;
                            verify(&watch).map_err(<A::Error as serde::de::Error>::custom)?;
                        )?
                        Ok($name { $($field,)* extra, nulls })
                    }
                }

                d.deserialize_map(ModelVisitor)
            }

            $(
                fn check(&mut self) -> Result<(), $crate::error::FieldError> {
                    let check: fn(&mut Self) -> Result<(), $crate::error::FieldError> = $check;
                    check(self)
                }
            )?
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut value = <Self as $crate::wire::model::Model>::read(d)?;
                $crate::wire::model::Model::check(&mut value)
                    .map_err(<D::Error as serde::de::Error>::custom)?;
                Ok(value)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                #[allow(unused_imports)]
                use $crate::wire::model::{UnsetAny as _, UnsetOption as _};
                use serde::ser::SerializeMap as _;
                #[allow(non_camel_case_types, dead_code)]
                enum Field { $($field,)* }
                let mut map = s.serialize_map(None)?;
                $(
                    $crate::wire::model::write_field::<_, $ty, $adapter>(
                        &mut map, $wire, &self.$field,
                        (&$crate::wire::model::Probe(&self.$field)).unset(),
                        self.nulls.has(Field::$field as usize),
                    )?;
                )*
                $crate::wire::model::write_extra(&mut map, &self.extra, Self::FIELDS)?;
                map.end()
            }
        }

        impl $crate::wire::model::Walk for $name {
            fn walk(&self, at: &mut String, out: &mut Vec<String>) {
                #[allow(unused_imports)]
                use $crate::wire::model::{WalkNone as _, WalkSome as _};
                $(
                    $crate::wire::model::under(at, $wire, |at| {
                        (&$crate::wire::model::Probe(&self.$field)).walk_field(at, out)
                    });
                )*
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                #[allow(unused_imports)]
                use $crate::wire::model::{OptionalType as _, RequiredType as _};
                let mut properties = serde_json::Map::new();
                let mut required: Vec<&str> = Vec::new();
                $(
                    properties.insert(
                        $wire.into(),
                        generator.subschema_for::<serde_with::Schema<$ty, $adapter>>().to_value(),
                    );
                    if !(&$crate::wire::model::ProbeType::<$ty>(std::marker::PhantomData)).optional() {
                        required.push($wire);
                    }
                )*
                schemars::json_schema!({
                    "type": "object",
                    "properties": properties,
                    "required": required,
                })
            }
        }
    };
}
pub(crate) use model;
