//! The field adapters: every form the wire sends a value in, and the one form it is read as.
//!
//! This file is the tolerance table of the crate docs ("Tolerant in, canonical out"), in code:
//! each adapter below is one row of it, and both flows (webhooks and source events) use the
//! same adapters for the same kind of value.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use serde_with::{DeserializeAs, SerializeAs};

/// 2^53: every integer below it is exact in an `f64` (and in JavaScript).
const EXACT_F64: f64 = 9_007_199_254_740_992.0;

/// An `f64` that holds a whole number in `u64` range exactly, as that number.
pub(crate) fn whole(v: f64) -> Option<u64> {
    // `as` saturates, and the range check keeps every accepted value exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (v.fract() == 0.0 && (0.0..EXACT_F64).contains(&v)).then_some(v as u64)
}

/// The text JavaScript's `String(n)` gives a number: `1.0` → `1`, `1e21` → `1e+21`,
/// `1.5e-7` → `1.5e-7`, and integers past 2^53 rounded as a JavaScript number rounds them.
/// The one definition is the runtime's.
pub(crate) use actions_runtime::js::number_text as js_number_text;

// ---------------------------------------------------------------------------------------------
// Integers.

/// `serde_with` adapter: a non-negative integer, written as one; read from an integer, an
/// integer with a zero fraction (`7.0`), or a string of digits (`"7"`).
pub(crate) struct IntOrString;

struct IntVisitor<T>(PhantomData<T>);

impl<T: TryFrom<u64> + FromStr> Visitor<'_> for IntVisitor<T> {
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
        match whole(v) {
            Some(v) => self.visit_u64(v),
            None => Err(E::invalid_type(Unexpected::Float(v), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        let digits = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
        digits
            .then(|| v.parse().ok())
            .flatten()
            .ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
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

/// An integer within `min..=max` in any form [`IntOrString`] reads, as a JSON number; null,
/// `""` and `"null"` come out as null. For answers, whose shape depends on a sibling field.
pub(crate) fn decode_int(value: Value, min: u64, max: u64) -> Result<Value, String> {
    let n = match &value {
        Value::Null => return Ok(value),
        Value::String(s) if means_none(s) => return Ok(Value::Null),
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().and_then(whole)),
        Value::String(s) if s.bytes().all(|b| b.is_ascii_digit()) => s.parse::<u64>().ok(),
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

// ---------------------------------------------------------------------------------------------
// Ids.

/// `serde_with` adapter: an id that is text, read from a string, a number (as the text
/// JavaScript gives it: `42` → `"42"`, `1.0` → `"1"`) or a boolean. Written as a string.
pub(crate) struct Id;

struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string (or a number or boolean, read as text)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(js_number_text(&v.into()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(js_number_text(&v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        serde_json::Number::from_f64(v)
            .map(|n| js_number_text(&n))
            .ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
    }
}

impl<'de> DeserializeAs<'de, String> for Id {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        d.deserialize_any(IdVisitor)
    }
}

impl SerializeAs<String> for Id {
    fn serialize_as<S: Serializer>(value: &String, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value)
    }
}

/// A value that is text in some senders and a number in others (`"version": "1.1"` or `2`),
/// kept as it came (a number keeps its value; like every JSON number here it is read as a
/// 64-bit integer or float, so digits beyond that precision are not kept).
///
/// Exhaustive on purpose: text or a number is the whole of what it holds.
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

impl From<&str> for TextOrNumber {
    fn from(text: &str) -> Self {
        TextOrNumber::Text(text.to_owned())
    }
}

impl From<u64> for TextOrNumber {
    fn from(n: u64) -> Self {
        TextOrNumber::Number(n.into())
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
// Times.

/// A time Sprig sends as Unix epoch milliseconds (`timestamp`), held to the millisecond, so
/// that what is written is exactly what is held.
///
/// Read from an integer, an integer with a zero fraction, or a string of digits; written as an
/// integer.
///
/// ```
/// use chrono::{DateTime, Utc};
/// use sprig_events::webhook::EpochMillis;
///
/// let at: DateTime<Utc> = "2024-04-01T16:10:48.970123Z".parse().unwrap();
/// let millis = EpochMillis::from(at); // sub-millisecond digits are dropped
/// assert_eq!(millis.as_millis(), 1_711_987_848_970);
/// assert_eq!(serde_json::to_string(&millis).unwrap(), "1711987848970");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EpochMillis(DateTime<Utc>);

impl EpochMillis {
    /// The time of `millis` milliseconds since the Unix epoch; `None` past chrono's range.
    pub fn from_millis(millis: i64) -> Option<Self> {
        DateTime::from_timestamp_millis(millis).map(EpochMillis)
    }

    /// Milliseconds since the Unix epoch.
    pub fn as_millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    /// The time.
    pub fn to_datetime(&self) -> DateTime<Utc> {
        self.0
    }
}

impl From<DateTime<Utc>> for EpochMillis {
    /// The time to the millisecond (finer digits are dropped, as the wire has none).
    fn from(at: DateTime<Utc>) -> Self {
        EpochMillis::from_millis(at.timestamp_millis()).unwrap_or(EpochMillis(at))
    }
}

impl From<EpochMillis> for DateTime<Utc> {
    fn from(at: EpochMillis) -> Self {
        at.0
    }
}

impl fmt::Display for EpochMillis {
    /// RFC 3339, e.g. `2024-04-01T16:10:48.970Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    }
}

struct EpochMillisVisitor;

impl EpochMillisVisitor {
    fn at<E: de::Error>(self, ms: i64) -> Result<EpochMillis, E> {
        EpochMillis::from_millis(ms).ok_or_else(|| E::invalid_value(Unexpected::Signed(ms), &self))
    }
}

impl Visitor<'_> for EpochMillisVisitor {
    type Value = EpochMillis;

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
        match whole(v.abs()).and_then(|ms| i64::try_from(ms).ok()) {
            Some(ms) if v < 0.0 => self.at(-ms),
            Some(ms) => self.at(ms),
            None => Err(E::invalid_value(Unexpected::Float(v), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match v.parse::<i64>() {
            Ok(ms) if !v.starts_with('+') => self.at(ms),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

impl<'de> Deserialize<'de> for EpochMillis {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EpochMillisVisitor)
    }
}

impl Serialize for EpochMillis {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.as_millis())
    }
}

/// `serde_with` adapter: an RFC 3339 date-time with any offset, held in UTC. Written back in
/// RFC 3339 with `Z` and as many fractional digits as it needs (0, 3, 6 or 9); a year before
/// 0000 or past 9999 in ISO 8601's signed form (`+10000-01-01T00:00:00Z`), read back the same.
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
                if let Some(time) = plain_utc(v) {
                    return Ok(time);
                }
                DateTime::parse_from_rfc3339(v)
                    .or_else(|e| match v.as_bytes().first() {
                        // Years before 0000 or past 9999, which RFC 3339 cannot write, in
                        // ISO 8601's signed form (as they are written back).
                        Some(b'+' | b'-') => v.parse::<DateTime<chrono::FixedOffset>>(),
                        _ => Err(e),
                    })
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(Rfc3339Visitor)
    }
}

/// The form nearly every sender writes (`2024-05-01T10:00:00.123Z`: `T`, `Z`, up to nine
/// fractional digits, no leap second) read directly, to what chrono's RFC 3339 parser gives;
/// `None` for any other text, which chrono then reads. It takes some 60% of the instructions
/// of chrono's general parser on a webhook's `createdAt`.
fn plain_utc(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    let (head, fraction) = (b.get(..19)?, b.get(19..b.len().checked_sub(1)?)?);
    if b.last() != Some(&b'Z') {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        head.get(range)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(at, c)| head.get(at) != Some(&c)) {
        return None;
    }
    let nanos = match fraction {
        [] => 0,
        [b'.', rest @ ..] if (1..=9).contains(&rest.len()) => {
            let n = rest.iter().try_fold(0u32, |n, &d| {
                d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
            })?;
            n * 10u32.pow(9 - rest.len() as u32)
        }
        _ => return None,
    };
    let second = digits(17..19)?;
    if second > 59 {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(
        i32::try_from(digits(0..4)?).ok()?,
        digits(5..7)?,
        digits(8..10)?,
    )?;
    let time =
        chrono::NaiveTime::from_hms_nano_opt(digits(11..13)?, digits(14..16)?, second, nanos)?;
    Some(date.and_time(time).and_utc())
}

impl SerializeAs<DateTime<Utc>> for Rfc3339 {
    fn serialize_as<S: Serializer>(value: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

/// A source event's time (`timestamp`, `sentAt`, …), kept exactly as it came.
///
/// The spec says ISO 8601 text; senders also use other forms, and the destination never reads
/// these fields, so whatever came is kept and written back unchanged. [`Timestamp::time`] reads
/// RFC 3339, ISO 8601 with a `+0000` offset or none (read as UTC), and epoch milliseconds (a
/// number, or a string of digits); anything else reads as `None`, and
/// [`SourceEvent::validate`](crate::SourceEvent::validate) reports every form but RFC 3339.
/// [`as_str`](Self::as_str) gives the text and [`to_value`](Self::to_value) the JSON as it
/// came; text of up to 40 bytes (any ISO 8601 form) is held inline, so reading an event's times
/// allocates nothing.
///
/// ```
/// use sprig_events::source::Timestamp;
///
/// let iso: Timestamp = serde_json::from_str(r#""2024-05-01T10:00:00.000+0000""#).unwrap();
/// let millis: Timestamp = serde_json::from_str("1714557600000").unwrap();
/// assert_eq!(iso.time(), millis.time());
/// assert!(!iso.is_rfc3339());
/// assert_eq!(serde_json::to_string(&millis).unwrap(), "1714557600000"); // as it came
/// ```
#[derive(Clone)]
pub struct Timestamp(TimeRepr);

/// The longest text a [`Timestamp`] keeps inline; every ISO 8601 form senders use fits.
const INLINE_TIME: usize = 40;

/// How a [`Timestamp`] holds what came: short text inline, so that reading an event's times
/// allocates nothing.
#[derive(Clone)]
enum TimeRepr {
    /// Text of at most [`INLINE_TIME`] bytes, copied whole from a `&str`.
    Text { len: u8, bytes: [u8; INLINE_TIME] },
    /// Anything else, as it came.
    Other(Value),
}

impl Timestamp {
    /// A timestamp of this text.
    fn of_text(text: &str) -> Self {
        let mut bytes = [0u8; INLINE_TIME];
        match (bytes.get_mut(..text.len()), u8::try_from(text.len())) {
            (Some(head), Ok(len)) => {
                head.copy_from_slice(text.as_bytes());
                Timestamp(TimeRepr::Text { len, bytes })
            }
            _ => Timestamp(TimeRepr::Other(Value::String(text.to_owned()))),
        }
    }

    /// The time, when the value is in a form this crate reads (see the type's docs).
    pub fn time(&self) -> Option<DateTime<Utc>> {
        if let Some(text) = self.as_str() {
            return parse_time_text(text);
        }
        match &self.0 {
            TimeRepr::Other(Value::Number(n)) => {
                let ms = n.as_i64().or_else(|| {
                    let v = n.as_f64()?;
                    let ms = i64::try_from(whole(v.abs())?).ok()?;
                    Some(if v < 0.0 { -ms } else { ms })
                })?;
                DateTime::from_timestamp_millis(ms)
            }
            _ => None,
        }
    }

    /// Whether the value is RFC 3339 text, the form the spec gives.
    pub fn is_rfc3339(&self) -> bool {
        self.as_str()
            .is_some_and(|text| DateTime::parse_from_rfc3339(text).is_ok())
    }

    /// The text, when the value came as a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.0 {
            // The bytes are a whole `&str` copied, so they are UTF-8: `None` cannot happen.
            TimeRepr::Text { len, bytes } => bytes
                .get(..usize::from(*len))
                .and_then(|text| std::str::from_utf8(text).ok()),
            TimeRepr::Other(value) => value.as_str(),
        }
    }

    /// The value as it came, as JSON.
    pub fn to_value(&self) -> Value {
        match (&self.0, self.as_str()) {
            (TimeRepr::Other(value), _) => value.clone(),
            (TimeRepr::Text { .. }, text) => Value::String(text.unwrap_or_default().to_owned()),
        }
    }
}

impl PartialEq for Timestamp {
    /// Equal when they came as the same JSON.
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (TimeRepr::Other(a), TimeRepr::Other(b)) => a == b,
            _ => self.as_str().is_some() && self.as_str() == other.as_str(),
        }
    }
}

impl Eq for Timestamp {}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Timestamp").field(&self.to_value()).finish()
    }
}

impl Serialize for Timestamp {
    /// As it came.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (&self.0, self.as_str()) {
            (TimeRepr::Other(value), _) => value.serialize(s),
            (TimeRepr::Text { .. }, text) => s.serialize_str(text.unwrap_or_default()),
        }
    }
}

fn parse_time_text(text: &str) -> Option<DateTime<Utc>> {
    // The common form first, read as chrono would read it (see `plain_utc`).
    if let Some(at) = plain_utc(text) {
        return Some(at);
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    if let Ok(at) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(at.with_timezone(&Utc));
    }
    if let Ok(at) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(at.and_utc());
    }
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    digits
        .then(|| text.parse().ok())
        .flatten()
        .and_then(DateTime::from_timestamp_millis)
}

impl From<DateTime<Utc>> for Timestamp {
    /// RFC 3339 text in UTC.
    fn from(at: DateTime<Utc>) -> Self {
        Timestamp::of_text(&at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Any JSON but `null`, which is no time at all (an optional field reads it as `None`).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TimestampVisitor)
    }
}

/// A [`Timestamp`] from any JSON but `null`: text kept inline when short, the rest as
/// `serde_json::Value` reads it.
struct TimestampVisitor;

impl TimestampVisitor {
    fn other<E: de::Error>(value: Value) -> Result<Timestamp, E> {
        match value {
            Value::Null => Err(E::invalid_type(Unexpected::Unit, &"a time")),
            value => Ok(Timestamp(TimeRepr::Other(value))),
        }
    }
}

impl<'de> Visitor<'de> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a time")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        Ok(Timestamp::of_text(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Timestamp, E> {
        if v.len() <= INLINE_TIME {
            Ok(Timestamp::of_text(&v))
        } else {
            Ok(Timestamp(TimeRepr::Other(Value::String(v))))
        }
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Timestamp, E> {
        Self::other(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        Self::other(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        Self::other(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
        // As `Value` reads a double: one JSON cannot hold (NaN, infinities) is `null`.
        Self::other(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Timestamp, E> {
        Self::other(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Timestamp, E> {
        Self::other(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Timestamp, D::Error> {
        Timestamp::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Timestamp, A::Error> {
        Self::other(Value::deserialize(de::value::SeqAccessDeserializer::new(
            seq,
        ))?)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Timestamp, A::Error> {
        Self::other(Value::deserialize(de::value::MapAccessDeserializer::new(
            map,
        ))?)
    }
}

// ---------------------------------------------------------------------------------------------
// Values of an unexpected type, kept.

/// `serde_with` adapter for an optional field whose type holds `null` itself (`Value`,
/// [`Loose`]): a `null` is `Some` of that null, so that what a user can set (`Some(Value::Null)`)
/// is exactly what reading the written text gives; only a missing key is `None`.
pub(crate) struct NullIsValue;

impl<'de, T: Deserialize<'de>> DeserializeAs<'de, Option<T>> for NullIsValue {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        T::deserialize(d).map(Some)
    }
}

impl<T: Serialize> SerializeAs<Option<T>> for NullIsValue {
    fn serialize_as<S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

/// A value the spec gives a type, as it came: [`Loose::Typed`] when it has that type,
/// [`Loose::Other`] (kept exactly, written back unchanged) when it does not.
///
/// Used for the source-event fields the destination never reads (`context.*`, `messageId`,
/// `channel`, …): Customer.io passes such an event along whatever those fields hold, so the
/// crate does too, and [`SourceEvent::validate`](crate::SourceEvent::validate) reports each
/// `Other` with its path.
///
/// ```
/// use sprig_events::source::Loose;
///
/// let width: Loose<serde_json::Number> = serde_json::from_str(r#""100""#).unwrap();
/// assert_eq!(width.typed(), None);
/// assert_eq!(width.as_value(), Some(&serde_json::json!("100")));
/// assert_eq!(serde_json::to_string(&width).unwrap(), r#""100""#);
/// ```
///
/// Exhaustive on purpose: a value is of the spec's type, or it is not.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Loose<T> {
    /// The value, of the type the spec gives it.
    Typed(T),
    /// A value of another type, exactly as it came.
    Other(Value),
}

impl<T> Loose<T> {
    /// The value, when it has the type the spec gives it.
    pub fn typed(&self) -> Option<&T> {
        match self {
            Loose::Typed(value) => Some(value),
            Loose::Other(_) => None,
        }
    }

    /// The value, mutably, when it has the type the spec gives it.
    pub fn typed_mut(&mut self) -> Option<&mut T> {
        match self {
            Loose::Typed(value) => Some(value),
            Loose::Other(_) => None,
        }
    }

    /// The value as it came, when it is not of the type the spec gives it.
    pub fn as_value(&self) -> Option<&Value> {
        match self {
            Loose::Typed(_) => None,
            Loose::Other(value) => Some(value),
        }
    }
}

impl<T> From<T> for Loose<T> {
    fn from(value: T) -> Self {
        Loose::Typed(value)
    }
}

impl From<&str> for Loose<String> {
    fn from(value: &str) -> Self {
        Loose::Typed(value.to_owned())
    }
}

impl<T: Serialize> Serialize for Loose<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Loose::Typed(value) => value.serialize(s),
            Loose::Other(value) => value.serialize(s),
        }
    }
}

/// What [`Loose`] can hold typed: whether the type is read from a JSON object (a model with
/// only loose fields, which any object fits) or from a scalar.
///
/// Sealed: the crate's own types are the ones a [`Loose`] field holds.
pub trait LooseTarget: de::DeserializeOwned + sealed::Sealed {
    /// Whether the type is read from a JSON object.
    #[doc(hidden)]
    const FROM_OBJECT: bool;
}

pub(crate) mod sealed {
    /// Only the crate's own [`LooseTarget`](super::LooseTarget)s.
    pub trait Sealed {}
}

macro_rules! scalar_targets {
    ($($ty:ty),*) => { $(
        impl sealed::Sealed for $ty {}
        impl LooseTarget for $ty { const FROM_OBJECT: bool = false; }
    )* };
}
scalar_targets!(String, bool, serde_json::Number, TextOrNumber);

impl sealed::Sealed for Map<String, Value> {}

impl LooseTarget for Map<String, Value> {
    const FROM_OBJECT: bool = true;
}

impl<T: LooseTarget> sealed::Sealed for Box<T> {}

impl<T: LooseTarget> LooseTarget for Box<T> {
    const FROM_OBJECT: bool = T::FROM_OBJECT;
}

impl<'de, T: LooseTarget> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor(PhantomData))
    }
}

struct LooseVisitor<T>(PhantomData<T>);

impl<T: LooseTarget> LooseVisitor<T> {
    /// `T` from a scalar, else the scalar kept.
    fn scalar<'de, D, E>(scalar: D, kept: impl FnOnce() -> Value) -> Result<Loose<T>, E>
    where
        D: Deserializer<'de, Error = E>,
        E: de::Error,
    {
        Ok(T::deserialize(scalar).map_or_else(|_| Loose::Other(kept()), Loose::Typed))
    }
}

impl<'de, T: LooseTarget> Visitor<'de> for LooseVisitor<T> {
    type Value = Loose<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Self::scalar(v.into_deserializer(), || Value::Bool(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Self::scalar(v.into_deserializer(), || Value::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Self::scalar(v.into_deserializer(), || Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Self::scalar(v.into_deserializer(), || Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Self::scalar(v.into_deserializer(), || Value::from(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Loose::Other(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Loose::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let map = de::value::MapAccessDeserializer::new(map);
        if T::FROM_OBJECT {
            T::deserialize(map).map(Loose::Typed)
        } else {
            Value::deserialize(map).map(Loose::Other)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Stringified JSON.

/// Decode JSON held in a string; the error says where in the string it broke. The fast reader
/// reads it first; serde_json reads what it does not, and gives the errors.
pub(crate) fn json_in_string<T: de::DeserializeOwned>(text: &str) -> Result<T, String> {
    if let Ok(value) = super::fast::from_str(text) {
        return Ok(value);
    }
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

/// Whether a string stands for no value where JSON belongs: `""`, blanks, or `"null"`.
pub(crate) fn means_none(text: &str) -> bool {
    let text = text.trim();
    text.is_empty() || text == "null"
}

/// `serde_with` adapter for an optional JSON value that may arrive stringified: real JSON, a
/// string holding it (`"{}"`, `"[2]"`, decoded one level only), or `null`, `""` or `"null"`
/// for none. Written back as real JSON.
pub(crate) struct JsonInString;

struct JsonInStringVisitor<T>(PhantomData<T>);

impl<'de, T: de::DeserializeOwned> Visitor<'de> for JsonInStringVisitor<T> {
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

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if means_none(v) {
            return Ok(None);
        }
        // One level: `T` reads the decoded JSON, and none of the types used here reads a string.
        json_in_string(v).map(Some).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }
}

impl<'de, T: de::DeserializeOwned> DeserializeAs<'de, Option<T>> for JsonInString {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        // Through `deserialize_option`, so that a `null` is seen as one (and noted).
        d.deserialize_option(JsonInStringVisitor(PhantomData))
    }
}

impl<T: Serialize> SerializeAs<Option<T>> for JsonInString {
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

/// Decode a value that may arrive as stringified JSON (one level) into the shape `expect`.
///
/// Only called where the model knows the value cannot be the respondent's text, so decoding is
/// never a guess. Null, `""` and `"null"` mean no answer (a skipped question) and come out as
/// null.
pub(crate) fn decode_stringified(value: Value, expect: Expect) -> Result<Value, String> {
    let value = match value {
        Value::String(s) if means_none(&s) => Value::Null,
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{js_number_text, IntOrString};
    use serde::Deserialize;
    use serde_with::serde_as;

    /// A date-time text near the common form: each field in and just out of range, the
    /// separators right or not, zero to ten fractional digits, `Z` or an offset.
    fn near_plain_time() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        (
            (0u32..10_000, 0u32..14, 0u32..33),
            (0u32..26, 0u32..62, 0u32..62),
            proptest::option::of("[0-9]{0,10}"),
            prop_oneof![8 => Just("Z"), 1 => Just("z"), 1 => Just("+00:00"), 1 => Just("")],
            prop_oneof![8 => Just('T'), 1 => Just('t'), 1 => Just(' ')],
            prop_oneof![12 => Just(None), 1 => (0usize..30, any::<char>()).prop_map(Some)],
        )
            .prop_map(|((y, mo, d), (h, mi, sec), fraction, zone, t, change)| {
                let mut text = format!("{y:04}-{mo:02}-{d:02}{t}{h:02}:{mi:02}:{sec:02}");
                if let Some(digits) = fraction {
                    text.push('.');
                    text.push_str(&digits);
                }
                text.push_str(zone);
                if let Some((at, c)) = change {
                    let mut chars: Vec<char> = text.chars().collect();
                    if let Some(slot) = chars.get_mut(at) {
                        *slot = c;
                    }
                    text = chars.into_iter().collect();
                }
                text
            })
    }

    /// The edges of the direct read, each held to chrono: what it reads, it reads as chrono
    /// does; the rest it leaves to chrono, whether chrono reads it or not.
    #[test]
    fn plain_utc_edges() {
        let read = [
            "0000-01-01T00:00:00Z",
            "0000-01-01T00:00:00.0Z",
            "0000-01-01T00:00:59Z",
            "2024-02-29T23:59:59.999999999Z",
            "2024-05-01T10:00:00.123Z",
            "9999-12-31T23:59:59.1Z",
        ];
        let left = [
            "2023-02-29T00:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-06-30T23:59:60Z",
            "2024-05-01T10:00:00.Z",
            "2024-05-01T10:00:00.1234567890Z",
            "2024-05-01t10:00:00Z",
            "2024-05-01T10:00:00z",
            "2024-05-01 10:00:00Z",
            "2024-05-01T10:00:00+00:00",
            "2024-05-01T10:00:00",
            "2024-05-01T10:00Z",
            "２024-05-01T10:00:00Z",
            "",
        ];
        for text in read {
            let chrono = chrono::DateTime::parse_from_rfc3339(text).map(|t| t.to_utc());
            assert_eq!(
                super::plain_utc(text).ok_or(()),
                chrono.map_err(|_| ()),
                "{text}"
            );
        }
        for text in left {
            assert_eq!(super::plain_utc(text), None, "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        /// The direct read of the common form gives what chrono's RFC 3339 parser gives, and
        /// leaves to chrono only what is not of that form or what chrono refuses.
        #[test]
        fn plain_utc_reads_as_chrono_reads(text in near_plain_time()) {
            let chrono = chrono::DateTime::parse_from_rfc3339(&text).map(|t| t.to_utc());
            match super::plain_utc(&text) {
                Some(time) => proptest::prop_assert_eq!(Ok(time), chrono),
                None => {
                    let common = text.len() >= 20
                        && text.ends_with('Z')
                        && text.as_bytes().get(10) == Some(&b'T')
                        && text.get(17..19).is_some_and(|s| s != "60")
                        && text.get(19..20).is_some_and(|s| s == "." || s == "Z")
                        && text.len() <= 30
                        && text.len() != 21;
                    proptest::prop_assert!(
                        chrono.is_err() || !common,
                        "{text:?} was left to chrono, which reads it"
                    );
                }
            }
        }
    }

    #[test]
    fn integers_come_as_numbers_zero_fractions_or_digits() {
        #[serde_as]
        #[derive(Deserialize)]
        struct Id(#[serde_as(as = "IntOrString")] u32);
        let id = |json: &str| serde_json::from_str::<Id>(json).map(|Id(n)| n);
        assert_eq!(id("7").ok(), Some(7));
        assert_eq!(id("7.0").ok(), Some(7));
        assert_eq!(id(r#""7""#).ok(), Some(7));
        for bad in [
            "-7",
            "7.5",
            r#""7a""#,
            r#""""#,
            r#""+7""#,
            r#""7.0""#,
            "4294967296",
            "null",
            "[7]",
            "1e300",
        ] {
            assert!(id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_read_as_text_the_way_javascript_writes_them() {
        let text = |json: &str| js_number_text(&serde_json::from_str(json).unwrap());
        assert_eq!(text("42"), "42");
        assert_eq!(text("-42"), "-42");
        assert_eq!(text("1.0"), "1");
        assert_eq!(text("1.5"), "1.5");
        assert_eq!(text("-0.0"), "0");
        assert_eq!(text("1e21"), "1e+21");
        assert_eq!(text("1e20"), "100000000000000000000");
        assert_eq!(text("0.000001"), "0.000001");
        assert_eq!(text("1.5e-7"), "1.5e-7");
        assert_eq!(text("12345678901234567890"), "12345678901234567000");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod timestamp_tests {
    use super::{Timestamp, INLINE_TIME};
    use serde_json::Value;

    /// Whatever JSON came, inline or not: written back as it came, equal to itself read again,
    /// its text and value what `serde_json::Value` reads.
    #[test]
    fn a_timestamp_is_the_json_that_came() {
        let long = format!("\"{}\"", "9".repeat(INLINE_TIME + 1));
        let edge = format!("\"{}\"", "1".repeat(INLINE_TIME));
        let texts = [
            r#""2025-03-14T22:44:30.684Z""#,
            r#""2024-05-01T10:00:00.123456789+05:30""#,
            r#""""#,
            r#""été à 10h""#,
            r#""a\"b""#,
            &long,
            &edge,
            "1714557600000",
            "-1.5",
            "true",
            r#"{"at":1}"#,
            "[1,2]",
        ];
        for text in texts {
            let read: Timestamp = serde_json::from_str(text).unwrap();
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(
                serde_json::to_string(&read).unwrap(),
                value.to_string(),
                "{text}"
            );
            assert_eq!(read.to_value(), value, "{text}");
            assert_eq!(read.as_str(), value.as_str(), "{text}");
            let again: Timestamp = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(again, read, "{text}");
            assert_eq!(format!("{read:?}"), format!("Timestamp({value:?})"));
            for other in texts.iter().filter(|t| **t != text) {
                let other: Timestamp = serde_json::from_str(other).unwrap();
                assert_ne!(other, read, "{text}");
            }
        }
        assert!(serde_json::from_str::<Timestamp>("null").is_err());
    }
}
