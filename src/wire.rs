//! Every quirk of the wire in one place, so that the models read like the vendor's docs.
//!
//! - [`IntOrString`]: an integer that may arrive as a numeric string (`"11220"`).
//! - [`EpochMillis`]: Unix epoch milliseconds, as a number or a numeric string.
//! - [`JsonOrString`]: JSON that may arrive stringified (`"{}"`, `"[\"SUV\"]"`).
//! - [`decode_stringified`]: the same for a free-form value, applied only where the model knows
//!   the value cannot be text.
//! - `model!`: a struct whose `Deserialize` keeps every key it does not know in `extra`, in one
//!   pass and without `#[serde(flatten)]`'s buffering, so that nothing is lost on the way through.
//! - `vendor_enum!`: a string set owned by the vendor, with an `Unknown` variant that keeps
//!   new values.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use serde_with::{DeserializeAs, SerializeAs};

/// The JSON object kept for keys a model does not know.
pub type Extra = Map<String, Value>;

// ---------------------------------------------------------------------------------------------
// Integers that may be strings.

/// `serde_with` adapter: a non-negative integer, or a string holding one. Written back as a number.
pub(crate) struct IntOrString;

struct IntVisitor<T>(PhantomData<T>);

impl<'de, T: TryFrom<u64> + FromStr> Visitor<'de> for IntVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer or a string holding one")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &"a smaller integer"))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Err(E::invalid_type(Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

impl<'de, T: TryFrom<u64> + FromStr> DeserializeAs<'de, T> for IntOrString {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        d.deserialize_any(IntVisitor(PhantomData))
    }
}

impl<T: Serialize> SerializeAs<T> for IntOrString {
    fn serialize_as<S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

// ---------------------------------------------------------------------------------------------
// Epoch milliseconds.

/// `serde_with` adapter: a time as Unix epoch milliseconds (number or numeric string). Written
/// back as an integer.
pub(crate) struct EpochMillis;

struct EpochMillisVisitor;

impl EpochMillisVisitor {
    fn at<E: de::Error>(self, ms: i64) -> Result<DateTime<Utc>, E> {
        DateTime::from_timestamp_millis(ms)
            .ok_or_else(|| E::invalid_value(Unexpected::Signed(ms), &self))
    }
}

impl Visitor<'_> for EpochMillisVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unix epoch milliseconds, as an integer or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.at(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match i64::try_from(v) {
            Ok(v) => self.at(v),
            Err(_) => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // Some JSON writers emit every number as a float; accept those that are whole.
        const LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below is exact
        if v.fract() == 0.0 && v.abs() < LIMIT {
            #[allow(clippy::cast_possible_truncation)]
            return self.at(v as i64);
        }
        Err(E::invalid_value(Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match v.parse::<i64>() {
            Ok(ms) => self.at(ms),
            Err(_) => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

impl<'de> DeserializeAs<'de, DateTime<Utc>> for EpochMillis {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        d.deserialize_any(EpochMillisVisitor)
    }
}

impl SerializeAs<DateTime<Utc>> for EpochMillis {
    fn serialize_as<S: Serializer>(value: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(value.timestamp_millis())
    }
}

// ---------------------------------------------------------------------------------------------
// Stringified JSON.

/// `serde_with` adapter: a JSON object or array, or a string that holds one. Written back as
/// real JSON.
pub(crate) struct JsonOrString;

struct JsonOrStringVisitor<T>(PhantomData<T>);

impl<'de, T: de::DeserializeOwned> Visitor<'de> for JsonOrStringVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or array, or a string holding one")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::deserialize(de::value::SeqAccessDeserializer::new(seq))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        serde_json::from_str(v).map_err(|e| E::custom(format_args!("string holds bad JSON: {e}")))
    }
}

impl<'de, T: de::DeserializeOwned> DeserializeAs<'de, T> for JsonOrString {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        d.deserialize_any(JsonOrStringVisitor(PhantomData))
    }
}

impl<T: Serialize> SerializeAs<T> for JsonOrString {
    fn serialize_as<S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

/// What a free-form value must be once any stringified JSON in it is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
}

/// Decode a value that may arrive as stringified JSON into the shape `expect`.
///
/// Only called where the model knows the value cannot be the respondent's text, so decoding is
/// never a guess. Null passes through (a skipped question).
pub(crate) fn decode_stringified(value: Value, expect: Expect) -> Result<Value, String> {
    let value = match value {
        Value::String(s) => serde_json::from_str(&s)
            .map_err(|e| format!("string holds bad JSON ({e}): {}", Unexpected::Str(&s)))?,
        other => other,
    };
    match (&value, expect) {
        (Value::Null, _) | (Value::Object(_), Expect::Object) | (Value::Array(_), Expect::Array) => {
            Ok(value)
        }
        (_, Expect::Object) => Err(format!("expected a JSON object, found {}", describe(&value))),
        (_, Expect::Array) => Err(format!("expected a JSON array, found {}", describe(&value))),
    }
}

/// Integer that may be a numeric string, within `min..=max`; null passes through.
pub(crate) fn decode_int(value: Value, min: u64, max: u64) -> Result<Value, String> {
    let n = match &value {
        Value::Null => return Ok(value),
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse::<u64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Ok(Value::from(n)),
        _ => Err(format!(
            "expected an integer from {min} to {max}, found {}",
            describe(&value)
        )),
    }
}

/// A short, bounded description of a value for error messages.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => {
            let mut short: String = s.chars().take(40).collect();
            if short.len() < s.len() {
                short.push('…');
            }
            format!("string {short:?}")
        }
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Errors found once a whole object is read.

/// An error about one field, found after the object that holds it was read (when a value's
/// meaning depends on a sibling that may come after it, like `response` and `questionType`).
///
/// It travels through serde as a custom message `at `field`: …`, readable on its own;
/// [`crate::Error`] moves the field name into the path.
#[derive(Debug)]
pub(crate) struct FieldError {
    pub(crate) field: &'static str,
    pub(crate) message: String,
}

impl FieldError {
    const OPEN: &'static str = "at `";
    const CLOSE: &'static str = "`: ";

    pub(crate) fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field,
            message: message.into(),
        }
    }

    /// Split a message made by `Display` back into the field name and the message.
    pub(crate) fn split(message: &str) -> Option<(&str, &str)> {
        let rest = message.strip_prefix(Self::OPEN)?;
        let (field, message) = rest.split_once(Self::CLOSE)?;
        let plain = !field.is_empty()
            && field
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'!');
        plain.then_some((field, message))
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}{}", Self::OPEN, self.field, Self::CLOSE, self.message)
    }
}

// ---------------------------------------------------------------------------------------------
// Structs that keep unknown keys.

/// Deserialize `T` (a derived struct) from `d`, diverting every key `T` does not know into
/// `extra` instead of letting the derive skip it.
///
/// The derive hands us its field list through `deserialize_struct`; known keys go on to the
/// derived visitor unchanged, so errors keep their paths, and nothing is buffered.
pub(crate) fn deserialize_keeping_extra<'de, T, D>(d: D, extra: &mut Extra) -> Result<T, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(KeepExtra { inner: d, extra })
}

struct KeepExtra<'x, D> {
    inner: D,
    extra: &'x mut Extra,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeepExtra<'_, D> {
    type Error = D::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(KeepExtraVisitor {
            visitor,
            fields,
            extra: self.extra,
        })
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

struct KeepExtraVisitor<'x, V> {
    visitor: V,
    fields: &'static [&'static str],
    extra: &'x mut Extra,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeepExtraVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(KeepExtraMap {
            map,
            fields: self.fields,
            extra: self.extra,
        })
    }
}

struct KeepExtraMap<'x, A> {
    map: A,
    fields: &'static [&'static str],
    extra: &'x mut Extra,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for KeepExtraMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.map.next_key_seed(KeySeed)? {
            if self.fields.contains(&key.as_ref()) {
                let key = de::value::StrDeserializer::<A::Error>::new(&key);
                return seed.deserialize(key).map(Some);
            }
            let value: Value = self.map.next_value()?;
            self.extra.insert(key.into_owned(), value);
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A map key, borrowed from the input when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Declares a payload model: the struct with its fields and an `extra` map, a `Serialize` that
/// writes known fields in canonical form and then `extra`, and a `Deserialize` that fills
/// `extra` with every key the model does not know. An optional `finish` function checks what
/// depends on several fields once the object is read.
macro_rules! model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident $(finish = $finish:path;)? {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident : $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        #[serde_with::serde_as]
        #[serde_with::skip_serializing_none]
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: $ty,
            )*
            /// Keys of the payload this model does not know, kept as they came and written
            /// back out.
            #[serde(flatten)]
            pub extra: $crate::wire::Extra,
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #[serde_with::serde_as]
                #[derive(serde::Deserialize)]
                #[serde(rename_all = "camelCase")]
                struct Known {
                    $(
                        $(#[$fmeta])*
                        $field: $ty,
                    )*
                }
                let mut extra = $crate::wire::Extra::new();
                let known: Known = $crate::wire::deserialize_keeping_extra(d, &mut extra)?;
                #[allow(unused_mut)]
                let mut value = $name { $( $field: known.$field, )* extra };
                $(
                    $finish(&mut value).map_err(<D::Error as serde::de::Error>::custom)?;
                )?
                Ok(value)
            }
        }
    };
}
pub(crate) use model;

/// Declares a vendor-owned string set: unit variants for the values known today and
/// `Unknown(String)` for anything else, so a new value never breaks a parse. Serializes as the
/// wire string, so unknown values round-trip unchanged.
macro_rules! vendor_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know, kept as it came.
            Unknown(String),
        }

        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )*
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match $name::from(value.as_str()) {
                    $name::Unknown(_) => $name::Unknown(value),
                    known => known,
                }
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                match value {
                    $name::Unknown(other) => other,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str($crate::wire::StrVisitor::<$name>::new(stringify!($name)))
            }
        }
    };
}
pub(crate) use vendor_enum;

/// Visitor for string sets: borrows where it can, allocates only for unknown values.
pub(crate) struct StrVisitor<T> {
    what: &'static str,
    _to: PhantomData<T>,
}

impl<T> StrVisitor<T> {
    pub(crate) fn new(what: &'static str) -> Self {
        StrVisitor {
            what,
            _to: PhantomData,
        }
    }
}

impl<T: for<'a> From<&'a str> + From<String>> Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string ({})", self.what)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Ok(T::from(v))
    }
}

// ---------------------------------------------------------------------------------------------
// Entry points.

/// Parse `T` from bytes, rejecting trailing characters, with the failing field's path in the
/// error.
///
/// Tracking the path costs an allocation per key, so the happy path runs without it; only a
/// failed parse runs again with tracking to name the field. Both runs see the same bytes, so
/// they fail at the same place.
pub(crate) fn from_slice<'de, T: Deserialize<'de>>(body: &'de [u8]) -> Result<T, crate::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    match T::deserialize(&mut de).and_then(|value| de.end().map(|()| value)) {
        Ok(value) => Ok(value),
        Err(fast) => Err(from_slice_tracked::<T>(body)
            .err()
            // Unreachable for a deterministic `Deserialize`; keep the first error regardless.
            .unwrap_or_else(|| crate::Error::with_path(String::new(), fast))),
    }
}

fn from_slice_tracked<'de, T: Deserialize<'de>>(body: &'de [u8]) -> Result<T, crate::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(crate::Error::from_tracked)?;
    de.end()
        .map_err(|e| crate::Error::with_path(String::new(), e))?;
    Ok(value)
}

/// Parse `T` from an already parsed JSON value, with the failing field's path in the error.
pub(crate) fn from_value<T: de::DeserializeOwned>(value: Value) -> Result<T, crate::Error> {
    serde_path_to_error::deserialize(value).map_err(crate::Error::from_tracked)
}

/// A string field read without allocating when it has no escapes; any other type reads as
/// `None` (used where a value only steers, and the typed parse judges it).
pub(crate) fn lenient_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    struct Lenient;
    impl<'de> Visitor<'de> for Lenient {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_owned())))
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
            Ok(None)
        }
    }
    d.deserialize_any(Lenient)
}

// ---------------------------------------------------------------------------------------------
// Finding discriminating keys without parsing.

/// A top-level member found by [`scan_top_level`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Member<'a> {
    /// The key is absent or its value is `null`.
    Absent,
    /// A string value without escapes.
    Str(&'a str),
    /// Any other value.
    Other,
}

/// Look up the top-level members `keys` of the JSON object in `body` without building anything.
///
/// A byte scan that skips nested values and strings; it does not validate the JSON (the typed
/// parse that follows does). Returns `None` when the scan cannot be sure: the body is not an
/// object, a key has escapes, a wanted value is a string with escapes, or the bytes stop making
/// sense. The caller then asks serde instead.
pub(crate) fn scan_top_level<'a, const N: usize>(
    body: &'a [u8],
    keys: [&str; N],
) -> Option<[Member<'a>; N]> {
    let mut found = [Member::Absent; N];
    let mut at = skip_ws(body, 0);
    if body.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_ws(body, at + 1);
    if body.get(at) == Some(&b'}') {
        return Some(found);
    }
    loop {
        let key_end = string_end(body, at)?;
        let key = body.get(at + 1..key_end)?;
        if key.contains(&b'\\') {
            return None;
        }
        at = skip_ws(body, key_end + 1);
        if body.get(at) != Some(&b':') {
            return None;
        }
        at = skip_ws(body, at + 1);
        let value_end = value_end(body, at)?;
        if let Some(slot) = keys
            .iter()
            .position(|k| k.as_bytes() == key)
            .and_then(|i| found.get_mut(i))
        {
            let value = body.get(at..value_end)?;
            *slot = match value {
                [b'"', inner @ .., b'"'] if !inner.contains(&b'\\') => {
                    Member::Str(std::str::from_utf8(inner).ok()?)
                }
                [b'"', ..] => return None,
                b"null" => Member::Absent,
                _ => Member::Other,
            };
        }
        at = skip_ws(body, value_end);
        match body.get(at) {
            Some(b',') => at = skip_ws(body, at + 1),
            Some(b'}') => return Some(found),
            _ => return None,
        }
    }
}

fn skip_ws(body: &[u8], from: usize) -> usize {
    let rest = body.get(from..).unwrap_or_default();
    from + rest
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
        .count()
}

/// Given `body[at] == '"'`, the index of the closing quote.
fn string_end(body: &[u8], at: usize) -> Option<usize> {
    if body.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', body.get(i..)?)?;
        match body.get(i)? {
            b'"' => return Some(i),
            _ => i += 2,
        }
    }
}

/// The index just past the value that starts at `at`.
fn value_end(body: &[u8], at: usize) -> Option<usize> {
    match body.get(at)? {
        b'"' => string_end(body, at).map(|end| end + 1),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match body.get(i)? {
                    b'"' => i = string_end(body, i)?,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let rest = body.get(at..)?;
            let len = rest
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                .unwrap_or(rest.len());
            (len > 0).then_some(at + len)
        }
    }
}

#[cfg(test)]
mod scan_tests {
    use super::{scan_top_level, Member};

    const KEYS: [&str; 3] = ["eventType", "eventName", "themename"];

    #[test]
    fn finds_top_level_strings_and_skips_nested_ones() {
        let body = br#"{"a":{"eventName":"nested","x":[1,{"y":"}"}]},"eventType" : "TEST",
            "s":"say \"eventName\": no","eventName":"studySeen","themename":null,"n":-1.5e3}"#;
        assert_eq!(
            scan_top_level(body, KEYS),
            Some([Member::Str("TEST"), Member::Str("studySeen"), Member::Absent])
        );
    }

    #[test]
    fn non_string_values_and_empty_objects() {
        assert_eq!(
            scan_top_level(br#"{"eventType":5,"themename":{"a":1}}"#, KEYS),
            Some([Member::Other, Member::Absent, Member::Other])
        );
        assert_eq!(scan_top_level(b" { } ", KEYS), Some([Member::Absent; 3]));
    }

    #[test]
    fn gives_up_rather_than_guess() {
        for body in [
            &br#"{"event\u0054ype":"TEST"}"#[..],
            br#"{"eventType":"T\u0045ST"}"#,
            b"[1,2]",
            b"",
            br#"{"eventType":"TEST""#,
            br#"{"a":[1,2}"#,
            br#"{"a" 1}"#,
        ] {
            assert_eq!(scan_top_level(body, KEYS), None, "{}", String::from_utf8_lossy(body));
        }
    }
}
