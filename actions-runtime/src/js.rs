//! The pieces of JavaScript the reference runtime leans on without saying so, written once and
//! used by conditions, mappings and field checks alike: white space, `Number(text)`,
//! `String(number)`, string length and indexing in UTF-16 code units, truthiness, and which
//! property names a value finds on its prototype chain.
//!
//! ```
//! use actions_runtime::js;
//! use serde_json::json;
//!
//! assert_eq!(js::number_to_string(1e21), "1e+21");
//! assert_eq!(js::number_text(&serde_json::Number::from(7)), "7");
//! assert_eq!(js::string_to_number(" 0x1F "), 31.0);
//! assert_eq!(js::utf16_len("a😀"), 3);
//! assert!(!js::truthy(&json!(0)) && js::truthy(&json!([])));
//! assert!(js::is_js_space('\u{feff}') && !js::is_js_space('\u{85}'));
//! ```

use serde_json::{Map, Number, Value};

/// `String(n)`: `1e21` → `1e+21`, `1.5e-7`, `-0` → `0`, `NaN`, `Infinity`.
pub fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return "0".into();
    }
    // Rust's shortest round-trip digits are JavaScript's; only the layout differs.
    let scientific = format!("{n:e}");
    let (mantissa, exponent) = scientific
        .split_once('e')
        .unwrap_or((scientific.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-6..21).contains(&exponent) {
        format!("{n}")
    } else if exponent < 0 {
        format!("{mantissa}e{exponent}")
    } else {
        format!("{mantissa}e+{exponent}")
    }
}

/// `String(n)` for a JSON number, which JavaScript reads as the nearest double: `1.0` → `1`,
/// `1e21` → `1e+21`, integers past 2^53 rounded as a JavaScript number rounds them.
pub fn number_text(n: &Number) -> String {
    // Integers a double holds exactly print as themselves; this only skips the float layout.
    if let Some(v) = n.as_u64().filter(|v| *v < 1 << 53) {
        return v.to_string();
    }
    if let Some(v) = n.as_i64().filter(|v| v.unsigned_abs() < 1 << 53) {
        return v.to_string();
    }
    number_to_string(number_value(n))
}

/// A JSON number as JavaScript reads it: the nearest double, `±Infinity` past its range.
///
/// Without serde_json's `arbitrary_precision` every number is held as a double or an integer
/// and `as_f64` always answers; with it (a feature another crate of the build may turn on), a
/// number past the double range is kept as text, which reads here as JavaScript reads it.
pub fn number_value(n: &Number) -> f64 {
    match n.as_f64() {
        Some(value) => value,
        None => string_to_number(&n.to_string()),
    }
}

/// A JSON number as it reads back after a trip through JavaScript (`JSON.parse`, then
/// `JSON.stringify`): the nearest double, written in `String(n)`'s shortest form, so `1.0` is
/// `1` and `12345678901234567890` is `12345678901234567000`; `None` for a number past the double
/// range, which `JSON.stringify` writes as `null`.
///
/// ```
/// use actions_runtime::js::json_number;
/// use serde_json::Number;
///
/// let read = |text: &str| json_number(&text.parse::<Number>().unwrap());
/// assert_eq!(read("1.0"), Some(Number::from(1)));
/// assert_eq!(read("-0.0"), Some(Number::from(0)));
/// assert_eq!(read("12345678901234567890"), Some(Number::from(12345678901234567000u64)));
/// assert_eq!(read("0.1"), Number::from_f64(0.1));
/// ```
pub fn json_number(n: &Number) -> Option<Number> {
    let value = number_value(n);
    if !value.is_finite() {
        return None;
    }
    if value.fract() == 0.0 && value.abs() < 1e21 {
        // Below 1e21 an integral double is written as its digits, which JSON reads back as an
        // integer when it fits one.
        let digits = number_to_string(value);
        if let Ok(integer) = digits.parse::<i64>() {
            return Some(integer.into());
        }
        if let Ok(integer) = digits.parse::<u64>() {
            return Some(integer.into());
        }
    }
    Number::from_f64(value)
}

/// JavaScript's truthiness of a JSON value: `null`, `false`, `0` and `""` are falsy; every
/// array and object, even an empty one, is truthy.
pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => number_truthy(number_value(n)),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// JavaScript's truthiness of a number: neither `0`, `-0` nor `NaN`.
#[inline]
pub fn number_truthy(n: f64) -> bool {
    n != 0.0 && !n.is_nan()
}

/// JavaScript's white space and line terminators, which `Number(text)` and `String.prototype.trim`
/// strip (U+FEFF is one, U+0085 is not, unlike `char::is_whitespace`).
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// `Number(text)`: decimal (`" 1.5e3 "`, `".5"`, `"5."`), `Infinity`, `0x1F` / `0o17` / `0b101`,
/// `""` → 0; anything else → NaN.
pub fn string_to_number(text: &str) -> f64 {
    let text = text.trim_matches(is_js_space);
    if text.is_empty() {
        return 0.0;
    }
    let bytes = text.as_bytes();
    if let (Some(b'0'), Some(marker)) = (bytes.first(), bytes.get(1)) {
        let radix = match marker {
            b'x' | b'X' => Some(16),
            b'o' | b'O' => Some(8),
            b'b' | b'B' => Some(2),
            _ => None,
        };
        if let Some(radix) = radix {
            return text
                .get(2..)
                .map_or(f64::NAN, |digits| radix_to_number(digits, radix));
        }
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if unsigned == "Infinity" {
        return if text.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    if is_decimal_literal(unsigned) {
        text.parse().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

/// `digits [. digits] [e [+-] digits]` with at least one digit before the exponent.
fn is_decimal_literal(text: &str) -> bool {
    let (number, exponent) = match text.find(['e', 'E']) {
        Some(at) => (text.get(..at).unwrap_or(""), text.get(at + 1..)),
        None => (text, None),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// A hexadecimal, octal or binary integer, rounded to the nearest double (ties to even), as
/// JavaScript rounds it however many digits it has.
fn radix_to_number(digits: &str, radix: u32) -> f64 {
    if digits.is_empty() {
        return f64::NAN;
    }
    let bits_per_digit = radix.trailing_zeros();
    let mut bits: Vec<bool> = Vec::with_capacity(digits.len() * bits_per_digit as usize);
    for c in digits.chars() {
        let Some(d) = c.to_digit(radix) else {
            return f64::NAN;
        };
        for shift in (0..bits_per_digit).rev() {
            let bit = (d >> shift) & 1 == 1;
            if bit || !bits.is_empty() {
                bits.push(bit);
            }
        }
    }
    if bits.len() > 1024 {
        return f64::INFINITY;
    }
    let kept = bits.len().min(53);
    let mut mantissa: u64 = 0;
    for &bit in bits.iter().take(kept) {
        mantissa = (mantissa << 1) | u64::from(bit);
    }
    let dropped = bits.len() - kept;
    if dropped > 0 {
        let half = bits.get(kept).copied().unwrap_or(false);
        let sticky = bits.iter().skip(kept + 1).any(|&b| b);
        if half && (sticky || mantissa & 1 == 1) {
            mantissa += 1;
        }
    }
    // A mantissa of at most 2^53 is exact as a double; the power of two is exact up to 2^1023.
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_possible_wrap
    )]
    let value = mantissa as f64 * 2f64.powi(dropped as i32);
    value
}

/// The number of UTF-16 code units of `text`: JavaScript's `length`.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The UTF-16 code unit at `index`, as `text.charCodeAt(index)` gives it (half of a
/// surrogate pair included); `None` past the end.
pub fn utf16_unit(text: &str, index: usize) -> Option<u16> {
    text.encode_utf16().nth(index)
}

/// The one-unit string at a UTF-16 index, as `text[index]` gives it, with half a surrogate
/// pair, which a Rust string cannot hold alone, as U+FFFD; `None` past the end.
pub fn utf16_unit_text(text: &str, index: usize) -> Option<String> {
    let mut at = 0;
    for c in text.chars() {
        let width = c.len_utf16();
        if index < at + width {
            return Some(if width == 1 {
                c.to_string()
            } else {
                char::REPLACEMENT_CHARACTER.to_string()
            });
        }
        at += width;
    }
    None
}

/// The one-unit strings of `text` in order, as spreading a string gives them (`{...text}`),
/// each half of a surrogate pair as U+FFFD.
pub fn utf16_unit_texts(text: &str) -> impl Iterator<Item = String> + '_ {
    text.chars().flat_map(|c| {
        let (unit, count) = if c.len_utf16() == 1 {
            (c, 1)
        } else {
            (char::REPLACEMENT_CHARACTER, 2)
        };
        std::iter::repeat_n(unit.to_string(), count)
    })
}

/// The array index `key` names, as JavaScript decides which keys it enumerates first: the
/// canonical text of an integer from 0 to 2^32 − 2 (`"7"`; not `"07"`, `"-1"` or
/// `"4294967295"`).
///
/// ```
/// use actions_runtime::js;
///
/// assert_eq!(js::array_index("17"), Some(17));
/// assert_eq!(js::array_index("017"), None);
/// ```
pub fn array_index(key: &str) -> Option<u32> {
    let bytes = key.as_bytes();
    let first = *bytes.first()?;
    if !bytes.iter().all(u8::is_ascii_digit) || (first == b'0' && bytes.len() > 1) {
        return None;
    }
    key.parse::<u32>().ok().filter(|i| *i != u32::MAX)
}

/// Where JavaScript enumerates `key` among an object's own keys: array indices first, in
/// ascending order, then every other key, in insertion order (which a stable sort by this rank
/// keeps).
pub(crate) fn own_key_rank(key: &str) -> (u8, u32) {
    array_index(key).map_or((1, 0), |i| (0, i))
}

/// An object's entries in the order JavaScript enumerates its own keys (`Object.keys`,
/// `for…in`, `JSON.stringify`): array indices in ascending order, then the other keys in the
/// map's order.
///
/// The map's order is the order the keys were first inserted, as JavaScript keeps it, when
/// serde_json's `preserve_order` feature is on; otherwise serde_json sorts keys, and only the
/// array indices are placed as JavaScript places them.
///
/// ```
/// use actions_runtime::js;
///
/// let object: serde_json::Map<String, serde_json::Value> =
///     serde_json::from_str(r#"{"b": 1, "10": 2, "a": 3, "9": 4, "07": 5}"#).unwrap();
/// let keys: Vec<&str> = js::own_entries(&object).map(|(key, _)| key.as_str()).collect();
/// assert_eq!(&keys[..2], ["9", "10"]);
/// ```
pub fn own_entries(object: &Map<String, Value>) -> OwnEntries<'_> {
    // Collecting no entry allocates nothing: objects without array indices cost one scan.
    let mut indices: Vec<(&String, &Value)> = object
        .iter()
        .filter(|(key, _)| array_index(key).is_some())
        .collect();
    indices.sort_unstable_by_key(|(key, _)| own_key_rank(key));
    OwnEntries {
        indices: indices.into_iter(),
        rest: object.iter(),
    }
}

/// The iterator of [`own_entries`].
#[derive(Debug)]
pub struct OwnEntries<'a> {
    indices: std::vec::IntoIter<(&'a String, &'a Value)>,
    rest: serde_json::map::Iter<'a>,
}

impl<'a> Iterator for OwnEntries<'a> {
    type Item = (&'a String, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(entry) = self.indices.next() {
            return Some(entry);
        }
        self.rest
            .by_ref()
            .find(|(key, _)| array_index(key).is_none())
    }
}

/// A value that serializes as `JSON.stringify` writes it: every object's keys by
/// [`own_entries`], at every depth, and every number as [`number_to_string`] writes the double
/// it reads as (`123456789012345680000`, `0.0000025`; serde_json would write
/// `1.2345678901234568e20` and `2.5e-6`).
///
/// A number whose JavaScript text serde_json would write otherwise goes through serde_json's
/// raw value, so only serde_json's serializers (`to_string`, `to_value`…) write it as a number;
/// binary formats get the double, other text formats serde_json's private raw-value struct.
///
/// ```
/// use actions_runtime::js;
/// use serde_json::json;
///
/// let value = json!({"list": [{"2": "b", "1": "a"}]});
/// assert_eq!(serde_json::to_string(&js::Ordered(&value)).unwrap(), r#"{"list":[{"1":"a","2":"b"}]}"#);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Ordered<'a>(pub &'a Value);

impl serde::Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match self.0 {
            Value::Object(object) => OrderedObject(object).serialize(s),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Ordered(item))?;
                }
                seq.end()
            }
            Value::Number(n) => serialize_number(n, s),
            other => other.serialize(s),
        }
    }
}

/// Whether `n` is an integer JavaScript holds exactly (`Number.isSafeInteger`: below 2^53 in
/// magnitude), which it writes as serde_json does.
///
/// ```
/// use actions_runtime::js::is_safe_integer;
///
/// assert!(is_safe_integer(&9007199254740991u64.into()));
/// assert!(!is_safe_integer(&9007199254740992u64.into()));
/// assert!(!is_safe_integer(&serde_json::Number::from_f64(1.0).unwrap()));
/// ```
pub fn is_safe_integer(n: &Number) -> bool {
    let safe = |v: u64| v < 1 << 53;
    n.as_u64().is_some_and(safe) || n.as_i64().is_some_and(|v| safe(v.unsigned_abs()))
}

/// `n` as `JSON.stringify` writes the double it reads as.
fn serialize_number<S: serde::Serializer>(n: &Number, s: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize as _;
    // Integers a double holds exactly are written as they are.
    if is_safe_integer(n) {
        return n.serialize(s);
    }
    let value = number_value(n);
    if !value.is_finite() {
        // Not held by serde_json without `arbitrary_precision`; `JSON.stringify` writes `null`.
        return s.serialize_unit();
    }
    if !s.is_human_readable() {
        // A binary format holds the double itself; there is no text to match.
        return s.serialize_f64(value);
    }
    let text = number_to_string(value);
    // Integral doubles below 1e21 are written as their digits, which an integer writes (past
    // 64 bits, only raw text does: serde_json's values hold no wider integer).
    if let Ok(integer) = text.parse::<i64>() {
        return s.serialize_i64(integer);
    }
    if serde_json::to_string(&value).is_ok_and(|theirs| theirs == text) {
        return s.serialize_f64(value);
    }
    // `String(n)` of a finite double is a JSON number, so this error does not happen.
    serde_json::value::RawValue::from_string(text)
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

/// An object that serializes as `JSON.stringify` orders it: its keys by [`own_entries`], and
/// its values as [`Ordered`] does.
#[derive(Clone, Copy, Debug)]
pub struct OrderedObject<'a>(pub &'a Map<String, Value>);

impl serde::Serialize for OrderedObject<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, value) in own_entries(self.0) {
            map.serialize_entry(key, &Ordered(value))?;
        }
        map.end()
    }
}

/// The kinds of value whose prototype a property lookup can reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Proto {
    Object,
    Array,
    String,
    Number,
    Boolean,
}

impl Proto {
    fn bit(self) -> u8 {
        match self {
            Proto::Object => 1,
            Proto::Array => 2,
            Proto::String => 4,
            Proto::Number => 8,
            Proto::Boolean => 16,
        }
    }
}

// The methods (and `constructor`) each built-in prototype has in ECMAScript 2023, as Node 20
// has them; `__proto__` and `length` are handled apart, as they are not functions.
const OBJECT_MEMBERS: &[&str] = &[
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
];
const ARRAY_MEMBERS: &[&str] = &[
    "at",
    "concat",
    "constructor",
    "copyWithin",
    "entries",
    "every",
    "fill",
    "filter",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "flat",
    "flatMap",
    "forEach",
    "includes",
    "indexOf",
    "join",
    "keys",
    "lastIndexOf",
    "map",
    "pop",
    "push",
    "reduce",
    "reduceRight",
    "reverse",
    "shift",
    "slice",
    "some",
    "sort",
    "splice",
    "toLocaleString",
    "toReversed",
    "toSorted",
    "toSpliced",
    "toString",
    "unshift",
    "values",
    "with",
];
const STRING_MEMBERS: &[&str] = &[
    "anchor",
    "at",
    "big",
    "blink",
    "bold",
    "charAt",
    "charCodeAt",
    "codePointAt",
    "concat",
    "constructor",
    "endsWith",
    "fixed",
    "fontcolor",
    "fontsize",
    "includes",
    "indexOf",
    "isWellFormed",
    "italics",
    "lastIndexOf",
    "link",
    "localeCompare",
    "match",
    "matchAll",
    "normalize",
    "padEnd",
    "padStart",
    "repeat",
    "replace",
    "replaceAll",
    "search",
    "slice",
    "small",
    "split",
    "startsWith",
    "strike",
    "sub",
    "substr",
    "substring",
    "sup",
    "toLocaleLowerCase",
    "toLocaleUpperCase",
    "toLowerCase",
    "toString",
    "toUpperCase",
    "toWellFormed",
    "trim",
    "trimEnd",
    "trimLeft",
    "trimRight",
    "trimStart",
    "valueOf",
];
const NUMBER_MEMBERS: &[&str] = &[
    "constructor",
    "toExponential",
    "toFixed",
    "toLocaleString",
    "toPrecision",
    "toString",
    "valueOf",
];
const BOOLEAN_MEMBERS: &[&str] = &["constructor", "toString", "valueOf"];

/// Which prototypes have a method (or `constructor`) named `key`, as a set of [`Proto`] bits.
pub(crate) fn member_of(key: &str) -> u8 {
    [
        (Proto::Object, OBJECT_MEMBERS),
        (Proto::Array, ARRAY_MEMBERS),
        (Proto::String, STRING_MEMBERS),
        (Proto::Number, NUMBER_MEMBERS),
        (Proto::Boolean, BOOLEAN_MEMBERS),
    ]
    .into_iter()
    .filter(|(_, members)| members.binary_search(&key).is_ok())
    .fold(0, |bits, (proto, _)| bits | proto.bit())
}

/// Whether a value whose prototype is `proto` finds a method named by a key with these
/// `member_of` bits (directly, or on `Object.prototype` behind it).
pub(crate) fn finds_method(proto: Proto, members: u8) -> bool {
    members & (proto.bit() | Proto::Object.bit()) != 0
}

/// `Object.prototype`'s own names: a plain object literal in the reference's parser finds them,
/// so `tokenToConditionType["constructor"]` is truthy.
pub(crate) fn is_object_prototype_name(key: &str) -> bool {
    key == "__proto__" || OBJECT_MEMBERS.binary_search(&key).is_ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn own_entries_put_array_indices_first_then_the_map_order() {
        let object: Map<String, Value> = serde_json::from_str(
            r#"{"b": 1, "4294967295": 2, "10": 3, "a": 4, "9": 5, "07": 6, "0": 7, "-1": 8}"#,
        )
        .unwrap();
        let keys: Vec<&str> = own_entries(&object).map(|(k, _)| k.as_str()).collect();
        let indices = ["0", "9", "10"];
        let others: Vec<&str> = object
            .keys()
            .map(String::as_str)
            .filter(|k| !indices.contains(k))
            .collect();
        assert_eq!(keys[..3], indices);
        assert_eq!(keys[3..], others[..]);
        assert_eq!(
            serde_json::to_string(&Ordered(
                &serde_json::json!([{"1": {"3": 0, "2": 0}, "0": []}])
            ))
            .unwrap(),
            r#"[{"0":[],"1":{"2":0,"3":0}}]"#
        );
        let numbers = serde_json::json!([
            2.5e-6,
            1.2345678901234568e20,
            1e21,
            0.1,
            -0.0,
            7,
            1e-7,
            9007199254740993u64,
            -9007199254740993i64
        ]);
        assert_eq!(
            serde_json::to_string(&Ordered(&numbers)).unwrap(),
            "[0.0000025,123456789012345680000,1e+21,0.1,0,7,1e-7,9007199254740992,-9007199254740992]"
        );
        // As the reference's body reads back: `-0` is written `0`.
        let read_back = serde_json::json!([
            2.5e-6,
            1.2345678901234568e20,
            1e21,
            0.1,
            0,
            7,
            1e-7,
            9007199254740992u64,
            -9007199254740992i64
        ]);
        assert_eq!(serde_json::to_value(Ordered(&numbers)).unwrap(), read_back);
    }

    #[test]
    fn member_lists_are_sorted_for_binary_search() {
        for list in [
            OBJECT_MEMBERS,
            ARRAY_MEMBERS,
            STRING_MEMBERS,
            NUMBER_MEMBERS,
            BOOLEAN_MEMBERS,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn number_text_follows_javascript() {
        for (n, text) in [
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (123_456_789_012_345_680_000.0, "123456789012345680000"),
            (-0.0, "0"),
            (0.000_001, "0.000001"),
            (1e-7, "1e-7"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
            (-2.5, "-2.5"),
            (100.0, "100"),
        ] {
            assert_eq!(number_to_string(n), text, "{n}");
        }
    }

    #[test]
    fn json_number_text_follows_javascript() {
        let text = |json: &str| number_text(&serde_json::from_str(json).unwrap());
        assert_eq!(text("1.0"), "1");
        assert_eq!(text("-0.0"), "0");
        assert_eq!(text("1e21"), "1e+21");
        assert_eq!(text("9007199254740993"), "9007199254740992");
        assert_eq!(text("-17"), "-17");
        assert_eq!(text("0.1"), "0.1");
    }

    #[test]
    fn utf16() {
        assert_eq!(utf16_len("a😀"), 3);
        assert_eq!(utf16_unit("a😀", 1), Some(0xd83d));
        assert_eq!(utf16_unit_text("a😀b", 0).as_deref(), Some("a"));
        assert_eq!(utf16_unit_text("a😀b", 1).as_deref(), Some("\u{fffd}"));
        assert_eq!(utf16_unit_text("a😀b", 3).as_deref(), Some("b"));
        assert_eq!(utf16_unit_text("a😀b", 4), None);
        assert_eq!(utf16_unit_texts("a😀").count(), 3);
    }

    #[test]
    fn truthiness() {
        use serde_json::json;
        for falsy in [json!(null), json!(false), json!(0), json!(-0.0), json!("")] {
            assert!(!truthy(&falsy), "{falsy}");
        }
        for truthy_value in [json!(true), json!(1), json!(" "), json!([]), json!({})] {
            assert!(truthy(&truthy_value), "{truthy_value}");
        }
        assert!(!number_truthy(f64::NAN));
    }

    #[test]
    fn text_to_number_follows_javascript() {
        for (text, n) in [
            (" 0x1F ", 31.0),
            ("0b101", 5.0),
            ("0o17", 15.0),
            (".5e1", 5.0),
            ("5.", 5.0),
            ("+.5", 0.5),
            ("\u{a0}1\u{feff}", 1.0),
            ("", 0.0),
            ("  ", 0.0),
            ("Infinity", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("1.e2", 100.0),
            ("0x20000000000001", 9_007_199_254_740_992.0),
            ("0x20000000000003", 9_007_199_254_740_996.0),
        ] {
            assert_eq!(string_to_number(text), n, "{text:?}");
        }
        for text in [
            "-0x1", "1_000", "infinity", "1e", "e5", "00x1", "-", ".", "0x", "1 2", "inf", "nan",
        ] {
            assert!(string_to_number(text).is_nan(), "{text:?}");
        }
    }
}
