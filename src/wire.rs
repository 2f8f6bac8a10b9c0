//! Every quirk of the wire in one place, so that the models read like the vendor's docs.
//!
//! - [`IntOrString`]: an integer that may arrive as a numeric string (`"11220"`).
//! - [`EpochMillis`]: Unix epoch milliseconds, as a number or a numeric string.
//! - [`Rfc3339`]: RFC 3339 date-times with any offset, held in UTC.
//! - [`IdString`]: a string that may arrive as a number or a boolean (`"userId": 42`).
//! - [`OptionalJson`]: JSON that may arrive stringified (`"{}"`, `"[2]"`), or null or `""`.
//! - [`decode_stringified`]: the same for a free-form value, applied only where the model knows
//!   the value cannot be text.
//! - `model!`: a struct whose `Deserialize` keeps every key it does not know in `extra` (and the
//!   keys of optional fields sent as `null`), in one pass and without `#[serde(flatten)]`'s
//!   buffering, so that nothing is lost on the way through.
//! - [`Input`]: bytes or a JSON tree, for the dispatch to one of several models.
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
// Ids that may be numbers.

/// `serde_with` adapter: a string that may arrive as another scalar (`"userId": 12345`,
/// `"event": true`), read as its JSON text, as the reference destination's schema validation
/// coerces it.
pub(crate) struct IdString;

impl<'de> DeserializeAs<'de, String> for IdString {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string (or a number or boolean, read as text)")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                serde_json::Number::from_f64(v)
                    .map(|n| n.to_string())
                    .ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
        }
        d.deserialize_any(IdVisitor)
    }
}

impl SerializeAs<String> for IdString {
    fn serialize_as<S: Serializer>(value: &String, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value)
    }
}

/// A value that is text in some senders and a number in others (`"version": "1.1"` or `2`),
/// kept as it came (a number keeps its value; like every JSON number here it is read as a
/// 64-bit integer or float, so digits beyond that precision are not kept).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum TextOrNumber {
    /// A string.
    Text(String),
    /// A number, exactly as written.
    Number(serde_json::Number),
}

impl fmt::Display for TextOrNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextOrNumber::Text(text) => f.write_str(text),
            TextOrNumber::Number(number) => write!(f, "{number}"),
        }
    }
}

impl<'de> Deserialize<'de> for TextOrNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextOrNumberVisitor;
        impl Visitor<'_> for TextOrNumberVisitor {
            type Value = TextOrNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextOrNumber, E> {
                Ok(TextOrNumber::Text(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<TextOrNumber, E> {
                Ok(TextOrNumber::Number(v.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TextOrNumber, E> {
                Ok(TextOrNumber::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<TextOrNumber, E> {
                serde_json::Number::from_f64(v)
                    .map(TextOrNumber::Number)
                    .ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
            }
        }
        d.deserialize_any(TextOrNumberVisitor)
    }
}

// ---------------------------------------------------------------------------------------------
// RFC 3339 times.

/// `serde_with` adapter: an RFC 3339 date-time with any offset, held in UTC. Written back in
/// RFC 3339 with `Z` and as many fractional digits as it needs (0, 3, 6 or 9).
pub(crate) struct Rfc3339;

impl<'de> DeserializeAs<'de, DateTime<Utc>> for Rfc3339 {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        struct Rfc3339Visitor;
        impl Visitor<'_> for Rfc3339Visitor {
            type Value = DateTime<Utc>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                DateTime::parse_from_rfc3339(v)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(Rfc3339Visitor)
    }
}

impl SerializeAs<DateTime<Utc>> for Rfc3339 {
    fn serialize_as<S: Serializer>(value: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

// ---------------------------------------------------------------------------------------------
// Stringified JSON.

/// Decode JSON held in a string; the error says where in the string it broke.
pub(crate) fn json_in_string<T: de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| {
        let mut message = e.to_string();
        if let Some(cut) = message.rfind(" at line ") {
            message.truncate(cut);
        }
        if e.line() > 1 {
            format!(
                "the string holds bad JSON: {message} at line {} column {} of the string",
                e.line(),
                e.column()
            )
        } else {
            format!(
                "the string holds bad JSON: {message} at column {} of the string",
                e.column()
            )
        }
    })
}

/// `serde_with` adapter for an optional JSON value that may arrive stringified: real JSON, a
/// string holding it (`"{}"`, `"[2]"`), or null or `""` for none. Written back as real JSON.
pub(crate) struct OptionalJson;

struct OptionalJsonVisitor<T>(PhantomData<T>);

impl<'de, T: de::DeserializeOwned> Visitor<'de> for OptionalJsonVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON, or a string holding JSON")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        json_in_string(v).map(Some).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(de::value::U64Deserializer::<E>::new(v)).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(de::value::I64Deserializer::<E>::new(v)).map(Some)
    }
}

impl<'de, T: de::DeserializeOwned> DeserializeAs<'de, Option<T>> for OptionalJson {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        // Through `deserialize_option`, so that a `null` is seen as one (and kept, see `Divert`).
        struct Nullable<T>(PhantomData<T>);
        impl<'de, T: de::DeserializeOwned> Visitor<'de> for Nullable<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON, a string holding JSON, or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
                d.deserialize_any(OptionalJsonVisitor(PhantomData))
            }
        }
        d.deserialize_option(Nullable(PhantomData))
    }
}

impl<T: Serialize> SerializeAs<Option<T>> for OptionalJson {
    fn serialize_as<S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
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
/// never a guess. Null and `""` mean no answer (a skipped question) and come out as null.
pub(crate) fn decode_stringified(value: Value, expect: Expect) -> Result<Value, String> {
    let value = match value {
        Value::String(s) if s.trim().is_empty() => Value::Null,
        Value::String(s) => json_in_string(&s)?,
        other => other,
    };
    match (&value, expect) {
        (Value::Null, _)
        | (Value::Object(_), Expect::Object)
        | (Value::Array(_), Expect::Array) => Ok(value),
        (_, Expect::Object) => Err(format!(
            "expected a JSON object, found {}",
            describe(&value)
        )),
        (_, Expect::Array) => Err(format!("expected a JSON array, found {}", describe(&value))),
    }
}

/// Integer that may be a numeric string, within `min..=max`; null and `""` come out as null.
pub(crate) fn decode_int(value: Value, min: u64, max: u64) -> Result<Value, String> {
    let n = match &value {
        Value::Null => return Ok(value),
        Value::String(s) if s.is_empty() => return Ok(Value::Null),
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
        write!(
            f,
            "{}{}{}{}",
            Self::OPEN,
            self.field,
            Self::CLOSE,
            self.message
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Structs that keep unknown keys.

/// Deserialize `T` (a derived struct) from `d`, diverting every key `T` does not know into
/// `extra` instead of letting the derive skip it.
///
/// The derive skips an unknown key's value by asking for `deserialize_ignored_any`; here that
/// request reads the value into `extra` instead. Known keys reach the derived visitor
/// unchanged, so errors keep their paths, nothing is buffered, and no key is compared twice.
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
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(KeepExtraVisitor {
            visitor,
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
    extra: &'x mut Extra,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeepExtraVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the derive's "struct Known": that name is internal to `model!`.
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(KeepExtraMap {
            map,
            extra: self.extra,
            key: None,
        })
    }
}

struct KeepExtraMap<'de, 'x, A> {
    map: A,
    extra: &'x mut Extra,
    /// The key whose value comes next, kept in case the derive does not know it.
    key: Option<Cow<'de, str>>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for KeepExtraMap<'de, '_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.map.next_key_seed(KeySeed)? else {
            return Ok(None);
        };
        let field = seed.deserialize(de::value::StrDeserializer::<A::Error>::new(&key))?;
        self.key = Some(key);
        Ok(Some(field))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(ValueOrExtra {
            seed,
            key: self.key.take(),
            extra: self.extra,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// The seed of a member's value: the derive's own, unless the derive ignores the value.
struct ValueOrExtra<'de, 'x, S> {
    seed: S,
    key: Option<Cow<'de, str>>,
    extra: &'x mut Extra,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for ValueOrExtra<'de, '_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Divert {
            inner: d,
            key: self.key,
            extra: self.extra,
        })
    }
}

/// A value deserializer that passes every request through, except `deserialize_ignored_any`,
/// which it answers by keeping the value in `extra`.
struct Divert<'de, 'x, D> {
    inner: D,
    key: Option<Cow<'de, str>>,
    extra: &'x mut Extra,
}

/// The visitor of an optional field that notes a `null` in `extra`.
struct NullKept<'de, 'x, V> {
    visitor: V,
    key: Option<Cow<'de, str>>,
    extra: &'x mut Extra,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for NullKept<'de, '_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        if let Some(key) = self.key {
            self.extra.insert(key.into_owned(), Value::Null);
        }
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visit_none()
    }

    fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<V::Value, D2::Error> {
        self.visitor.visit_some(d)
    }
}

macro_rules! pass_through {
    ($($method:ident $(($($arg:ident: $ty:ty),*))?;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($($arg: $ty,)*)? visitor: V) -> Result<V::Value, D::Error> {
                self.inner.$method($($($arg,)*)? visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Divert<'de, '_, D> {
    type Error = D::Error;

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let value = Value::deserialize(self.inner)?;
        if let Some(key) = self.key {
            self.extra.insert(key.into_owned(), value);
        }
        visitor.visit_unit()
    }

    /// A known optional field sent as `null` reads as `None`; its key is kept in `extra` as
    /// null, so that the payload is written back with every key it had.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_option(NullKept {
            visitor,
            key: self.key,
            extra: self.extra,
        })
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }

    pass_through! {
        deserialize_any; deserialize_bool; deserialize_i8; deserialize_i16; deserialize_i32;
        deserialize_i64; deserialize_i128; deserialize_u8; deserialize_u16; deserialize_u32;
        deserialize_u64; deserialize_u128; deserialize_f32; deserialize_f64; deserialize_char;
        deserialize_str; deserialize_string; deserialize_bytes; deserialize_byte_buf;
        deserialize_unit; deserialize_seq; deserialize_map;
        deserialize_identifier;
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
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
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            /// Keys of the payload this model does not know, kept as they came and written
            /// back out; also the keys of optional fields that came as `null`, so that they
            /// are written back too. Written first, so that in a `serde_json::Value` a field
            /// set since wins over its `null`; remove the key here when you set such a field
            /// and write text, or the text will carry the key twice.
            #[serde(flatten)]
            pub extra: $crate::wire::Extra,
            $(
                $(#[$fmeta])*
                pub $field: $ty,
            )*
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

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                // Any string: values Sprig adds later are kept, not refused.
                schemars::json_schema!({"type": "string", "examples": [$($wire),*]})
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

/// The body as text: JSON is UTF-8, checked here once so that the parser, reading a `&str`,
/// need not check every string again.
pub(crate) fn text(body: &[u8]) -> Result<&str, crate::Error> {
    std::str::from_utf8(body).map_err(|e| crate::Error::utf8(body, &e))
}

/// Parse `T` from bytes, rejecting trailing characters, with the failing field's path in the
/// error.
pub(crate) fn from_slice<'de, T: Deserialize<'de>>(body: &'de [u8]) -> Result<T, crate::Error> {
    from_str(text(body)?)
}

/// Parse `T` from text, rejecting trailing characters, with the failing field's path in the
/// error.
///
/// Tracking the path costs an allocation per key, so the happy path runs without it; only a
/// failed parse runs again with tracking to name the field. Both runs see the same text, so
/// they fail at the same place.
pub(crate) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, crate::Error> {
    read_untracked(text).map_err(|fast| {
        from_str_tracked::<T>(text)
            .err()
            // Unreachable for a deterministic `Deserialize`; keep the first error regardless.
            .unwrap_or_else(|| crate::Error::with_path(String::new(), fast))
    })
}

/// One plain read of the whole text.
fn read_untracked<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Where a payload is read from, for code that picks one of several types to read it as.
pub(crate) trait Input<E> {
    /// Read the payload as a `T`.
    fn read<T: de::DeserializeOwned>(self) -> Result<T, E>;
}

/// Text read with [`from_str`]: errors name the failing field.
#[derive(Clone, Copy)]
pub(crate) struct Tracked<'a>(pub(crate) &'a str);

impl Input<crate::Error> for Tracked<'_> {
    fn read<T: de::DeserializeOwned>(self) -> Result<T, crate::Error> {
        from_str(self.0)
    }
}

/// Text read once, untracked, for a guess: a failure says nothing and costs nothing more.
#[derive(Clone, Copy)]
pub(crate) struct Quick<'a>(pub(crate) &'a str);

impl Input<()> for Quick<'_> {
    fn read<T: de::DeserializeOwned>(self) -> Result<T, ()> {
        read_untracked(self.0).map_err(drop)
    }
}

/// A JSON tree read with [`from_value`].
impl Input<crate::Error> for Value {
    fn read<T: de::DeserializeOwned>(self) -> Result<T, crate::Error> {
        from_value(self)
    }
}

fn from_str_tracked<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, crate::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
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
pub(crate) fn lenient_str<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Cow<'de, str>>, D::Error> {
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
// Guessing from the bytes.

/// A finder for one key's string value anywhere in a JSON text.
pub(crate) struct KeyFinder(memchr::memmem::Finder<'static>);

impl KeyFinder {
    /// A finder for `"key"`.
    pub(crate) fn new(quoted_key: &'static str) -> Self {
        KeyFinder(memchr::memmem::Finder::new(quoted_key.as_bytes()))
    }

    /// Whether `"key"` occurs at all.
    pub(crate) fn occurs_in(&self, body: &[u8]) -> bool {
        self.0.find(body).is_some()
    }

    /// The string after the first `"key"` and a colon, when it has no escapes.
    ///
    /// A guess: the first occurrence may be nested, or inside a string. Callers check the guess
    /// against what the full parse finds.
    pub(crate) fn first_string<'a>(&self, body: &'a [u8]) -> Option<&'a str> {
        let after_key = self.0.find(body)? + self.0.needle().len();
        let rest = body
            .get(after_key..)?
            .trim_ascii_start()
            .strip_prefix(b":")?;
        let rest = rest.trim_ascii_start().strip_prefix(b"\"")?;
        let end = memchr::memchr2(b'"', b'\\', rest)?;
        match rest.get(end) {
            Some(b'"') => std::str::from_utf8(rest.get(..end)?).ok(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{FieldError, IntOrString, KeyFinder};
    use serde::Deserialize;
    use serde_with::serde_as;

    #[test]
    fn field_errors_survive_a_trip_through_a_message() {
        let message = FieldError::new("response", "expected an integer").to_string();
        assert_eq!(message, "at `response`: expected an integer");
        assert_eq!(
            FieldError::split(&message),
            Some(("response", "expected an integer"))
        );
        assert_eq!(FieldError::split("at `a b`: spaces are not a field"), None);
        assert_eq!(FieldError::split("invalid type: string"), None);
    }

    #[test]
    fn integers_come_as_numbers_or_numeric_strings() {
        #[serde_as]
        #[derive(Deserialize)]
        struct Id(#[serde_as(as = "IntOrString")] u32);
        let id = |json: &str| serde_json::from_str::<Id>(json).map(|Id(n)| n);
        assert_eq!(id("7").ok(), Some(7));
        assert_eq!(id(r#""7""#).ok(), Some(7));
        for bad in ["-7", "7.5", r#""7a""#, r#""""#, "4294967296", "null", "[7]"] {
            assert!(id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn key_finder_reads_the_first_plain_string_value() {
        let finder = KeyFinder::new("\"eventName\"");
        assert_eq!(
            finder.first_string(br#"{"a":1, "eventName" :  "studySeen"}"#),
            Some("studySeen")
        );
        assert_eq!(finder.first_string(br#"{"eventName":"a\"b"}"#), None);
        assert_eq!(finder.first_string(br#"{"eventName":5}"#), None);
        assert_eq!(finder.first_string(br#"{"eventName":"unterminated"#), None);
        assert_eq!(finder.first_string(br#"{"event":"x"}"#), None);
        assert!(finder.occurs_in(br#"{"x":{"eventName":null}}"#));
    }
}
