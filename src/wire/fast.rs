//! A first reader for the common case: well-formed JSON read into the models with fewer steps
//! per key and per string than serde_json's general reader takes.
//!
//! It is a [`serde::Deserializer`] that makes, for every input it accepts, the calls to the
//! visitor serde_json's would make: the same `visit_*` method with the same value, strings
//! borrowed where serde_json borrows them (and handed over as a `String` where serde_json lends
//! a buffer), numbers as the same `u64` / `i64` / `f64`, and
//! serde_json's private protocol for [`RawValue`](serde_json::value::RawValue) followed. One
//! call differs, on purpose: a part kept as text ([`Lazy`](crate::source::Lazy)) asks for its
//! text under its own name, which this reader answers as it answers a `RawValue` (its skip has
//! read every number), and serde_json answers as any newtype (the part then checks the text
//! itself); both give the same part, or refuse the same body. What
//! it is not sure of, it refuses, with an error that says nothing ([`Declined`]): then the
//! caller reads the text again with serde_json, which gives the result, or the error with its
//! line, column and path. So this reader can only be faster, never different: it accepts less
//! than serde_json (no `\u` surrogates, integers past 64 bits, 128-bit or `f32` targets, enum
//! variants written as objects, bytes, chars), and everything it accepts is read as serde_json
//! reads it. The tests below hold the two readers to equal results on generated JSON texts; the
//! webhook and source tests, on every fixture, short payload and fuzz seed read as every kind;
//! and the fuzz targets `parse_webhook` and `source_events`, on whatever they generate.

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Visitor};

/// Why the fast reader stopped, without a message: the caller reads again with serde_json.
#[derive(Debug)]
pub(crate) struct Declined {
    /// The value being read refused what it was given (a model's check, a wrong type). It was
    /// given what serde_json would have given it, so reading with serde_json fails too.
    pub(crate) refused: bool,
}

/// The reader's own refusal: input it does not read, which serde_json may.
const NO: Declined = Declined { refused: false };

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.refused {
            "refused by the value read"
        } else {
            "declined by the fast reader"
        })
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined { refused: true }
    }
}

type Result<T> = std::result::Result<T, Declined>;

/// serde_json's name for the newtype that asks a deserializer for a value's raw text.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// How many arrays and objects may be open at once: one fewer than serde_json allows, so that
/// whatever serde_json would refuse for its depth this reader has already declined.
const MAX_DEPTH: usize = 126;

/// Under `cfg(fuzzing)`, turns the fast reader off, so that a fuzz target can compare the
/// crate's results with it and without it.
#[cfg(fuzzing)]
pub(crate) static OFF: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Read `T` from `text`, all of it (white space may follow the value).
pub(crate) fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T> {
    #[cfg(fuzzing)]
    if OFF.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(NO);
    }
    let mut de = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let value = T::deserialize(&mut de)?;
    de.skip_ws();
    if de.pos == de.bytes.len() {
        Ok(value)
    } else {
        Err(NO)
    }
}

struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    depth: usize,
}

/// A string as read: borrowed from the text, or unescaped into a buffer.
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

/// A number as serde_json hands it to a visitor.
enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

impl Number {
    fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Number::U64(n) => visitor.visit_u64(n),
            Number::I64(n) => visitor.visit_i64(n),
            Number::F64(n) => visitor.visit_f64(n),
        }
    }
}

/// Bytes that end the plain run of a JSON string: the quote, the backslash, control characters.
#[inline]
fn ends_run(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

impl<'de> Reader<'de> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The next byte after white space, not consumed.
    #[inline]
    fn peek_token(&mut self) -> Result<u8> {
        self.skip_ws();
        self.peek().ok_or(NO)
    }

    #[inline]
    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.peek_token()? == byte {
            self.pos += 1;
            Ok(())
        } else {
            Err(NO)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(())
        } else {
            Err(NO)
        }
    }

    /// The position of the first byte at or after `from` that ends a plain run (or the end of
    /// the text), eight bytes at a time.
    #[inline(always)]
    fn run_end(&self, from: usize) -> usize {
        run_end(self.bytes, from)
    }

    /// A string, the opening quote next. Inlined into its callers, which saves more than a call's
    /// cost on short strings (measured in `benches/README.md`).
    #[inline(always)]
    fn string(&mut self) -> Result<Text<'de>> {
        if self.peek_token()? != b'"' {
            return Err(NO);
        }
        let start = self.pos + 1;
        let end = self.run_end(start);
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            // Both ends are next to ASCII quotes, so they are character boundaries.
            return self.text.get(start..end).map(Text::Borrowed).ok_or(NO);
        }
        self.string_with_escapes(start, end).map(Text::Owned)
    }

    /// A string whose plain run from `start` stopped at `end` before its closing quote.
    #[cold]
    #[inline(never)]
    fn string_with_escapes(&mut self, start: usize, end: usize) -> Result<String> {
        if self.bytes.get(end) != Some(&b'\\') {
            return Err(NO);
        }
        // A string's length on the wire bounds its decoded length (an escape is never shorter
        // than what it stands for): when it closes within a look-ahead past its first escape, it
        // is written without growing its buffer; a longer one is read twice only that far, and
        // grows as it is written.
        let capacity = self
            .closing_quote_within(end, end + Self::SIZED_AHEAD)
            .unwrap_or(end + Self::SIZED_AHEAD)
            - start;
        let mut out = String::with_capacity(capacity);
        out.push_str(self.text.get(start..end).ok_or(NO)?);
        self.pos = end;
        self.escaped(out)
    }

    /// How far past its first escape a string is looked through for its end.
    const SIZED_AHEAD: usize = 512;

    /// The closing quote of the string with an escape at `at`, when it comes before `limit`
    /// (`None` past it, or when the string is bad: its read says how).
    fn closing_quote_within(&self, mut at: usize, limit: usize) -> Option<usize> {
        let window = self.bytes.get(..limit).unwrap_or(self.bytes);
        loop {
            let end = run_end(window, at);
            match window.get(end) {
                Some(b'"') => return Some(end),
                Some(b'\\') => at = end + 2,
                _ => return None,
            }
        }
    }

    /// The rest of a string with escapes, at a backslash.
    fn escaped(&mut self, mut out: String) -> Result<String> {
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let escape = self.bytes.get(self.pos + 1).copied().ok_or(NO)?;
                    self.pos += 2;
                    out.push(match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hex = self.bytes.get(self.pos..self.pos + 4).ok_or(NO)?;
                            let hex = std::str::from_utf8(hex).map_err(|_| NO)?;
                            // `from_str_radix` takes a sign; JSON's four digits do not.
                            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                                return Err(NO);
                            }
                            let code = u32::from_str_radix(hex, 16).map_err(|_| NO)?;
                            self.pos += 4;
                            // Surrogates, paired or not, are left to serde_json.
                            char::from_u32(code).ok_or(NO)?
                        }
                        _ => return Err(NO),
                    });
                }
                Some(_) => {
                    let start = self.pos;
                    let end = self.run_end(start);
                    match self.bytes.get(end) {
                        Some(b'"' | b'\\') => {
                            out.push_str(self.text.get(start..end).ok_or(NO)?);
                            self.pos = end;
                        }
                        _ => return Err(NO),
                    }
                }
                None => return Err(NO),
            }
        }
    }

    /// Skip a string, checking it as serde_json checks a string it skips: a `\u` escape needs
    /// four hex digits, whatever code they make.
    #[inline(always)]
    fn skip_string(&mut self) -> Result<()> {
        self.expect(b'"')?;
        self.skip_string_rest()
    }

    /// [`Reader::skip_string`] once its opening quote is read.
    #[inline(always)]
    fn skip_string_rest(&mut self) -> Result<()> {
        loop {
            let end = self.run_end(self.pos);
            match self.bytes.get(end) {
                Some(b'"') => {
                    self.pos = end + 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    let escape = self.bytes.get(end + 1).copied().ok_or(NO)?;
                    self.pos = end + 2;
                    match escape {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            let hex = self.bytes.get(self.pos..self.pos + 4).ok_or(NO)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err(NO);
                            }
                            self.pos += 4;
                        }
                        _ => return Err(NO),
                    }
                }
                _ => return Err(NO),
            }
        }
    }

    /// A number, its first byte next.
    fn number(&mut self) -> Result<Number> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let digits_start = self.pos;
        let mut value: u64 = 0;
        let mut overflow = false;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            match value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(b - b'0')))
            {
                Some(v) => value = v,
                None => overflow = true,
            }
            self.pos += 1;
        }
        let digits = self.pos - digits_start;
        // One digit at least, and no leading zero before another digit.
        if digits == 0 || (digits > 1 && self.bytes.get(digits_start) == Some(&b'0')) {
            return Err(NO);
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            float = true;
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            float = true;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
        }
        if float {
            // serde_json reads numbers with `float_roundtrip`, correctly rounded, as Rust's
            // parser does; a number out of the double range is its error, so declined here.
            let text = self.text.get(start..self.pos).ok_or(NO)?;
            let n: f64 = text.parse().map_err(|_| NO)?;
            return if n.is_finite() {
                Ok(Number::F64(n))
            } else {
                Err(NO)
            };
        }
        if overflow {
            return Err(NO);
        }
        if !negative {
            return Ok(Number::U64(value));
        }
        match value {
            // serde_json reads `-0` as the double negative zero.
            0 => Ok(Number::F64(-0.0)),
            _ => match 0i64.checked_sub_unsigned(value) {
                Some(n) => Ok(Number::I64(n)),
                None => Err(NO),
            },
        }
    }

    /// One or more digits.
    fn digits(&mut self) -> Result<()> {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        if self.pos > start {
            Ok(())
        } else {
            Err(NO)
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(NO)
        } else {
            Ok(())
        }
    }

    /// Skip one value, checking it as reading it would.
    fn skip_value(&mut self) -> Result<()> {
        match self.peek_token()? {
            b'n' => self.literal(b"null"),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'"' => {
                self.pos += 1;
                self.skip_string_rest()
            }
            b'-' | b'0'..=b'9' => self.number().map(drop),
            b'[' => {
                self.enter()?;
                self.pos += 1;
                if self.peek_token()? != b']' {
                    loop {
                        self.skip_item()?;
                        if self.peek_token()? == b',' {
                            self.pos += 1;
                        } else {
                            break;
                        }
                    }
                }
                self.expect(b']')?;
                self.depth -= 1;
                Ok(())
            }
            b'{' => {
                self.enter()?;
                self.pos += 1;
                if self.peek_token()? != b'}' {
                    loop {
                        self.skip_string()?;
                        self.expect(b':')?;
                        self.skip_item()?;
                        if self.peek_token()? == b',' {
                            self.pos += 1;
                        } else {
                            break;
                        }
                    }
                }
                self.expect(b'}')?;
                self.depth -= 1;
                Ok(())
            }
            _ => Err(NO),
        }
    }

    /// An item of an array or an entry's value, skipped: a string, most of what is skipped, in
    /// the caller's loop rather than in a call of [`Reader::skip_value`] of its own.
    #[inline(always)]
    fn skip_item(&mut self) -> Result<()> {
        if self.peek_token()? == b'"' {
            self.pos += 1;
            self.skip_string_rest()
        } else {
            self.skip_value()
        }
    }

    /// A string to a visitor: borrowed where serde_json lends it, and otherwise handed over
    /// (`visit_string`, where serde_json lends its buffer with `visit_str`: the same text, one
    /// copy fewer for visitors that keep it).
    fn visit_text<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Text::Borrowed(s) => visitor.visit_borrowed_str(s),
            Text::Owned(s) => visitor.visit_string(s),
        }
    }

    fn visit_number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.peek_token()? {
            b'-' | b'0'..=b'9' => self.number()?.visit(visitor),
            _ => Err(NO),
        }
    }

    fn visit_array<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.enter()?;
        self.expect(b'[')?;
        let value = visitor.visit_seq(Items {
            de: self,
            first: true,
        })?;
        self.expect(b']')?;
        self.depth -= 1;
        Ok(value)
    }

    fn visit_object<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.enter()?;
        self.expect(b'{')?;
        let value = visitor.visit_map(Entries {
            de: self,
            first: true,
        })?;
        self.expect(b'}')?;
        self.depth -= 1;
        Ok(value)
    }
}

/// The position of the first byte of `bytes` at or after `from` that ends a plain run (or the
/// end of `bytes`), eight bytes at a time.
#[inline(always)]
fn run_end(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES << 7;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(word);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // A byte is flagged where it is a quote, a backslash or below 0x20; a flag can only
        // spill into the bytes after a flagged one, so the lowest is exact.
        let found = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word))
            & HIGH;
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if ends_run(b) {
            break;
        }
        at += 1;
    }
    at
}

macro_rules! numbers {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                self.visit_number(visitor)
            }
        )*
    };
}

macro_rules! declined {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
                Err(NO)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_token()? {
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            b'"' => self.visit_text(visitor),
            b'-' | b'0'..=b'9' => self.number()?.visit(visitor),
            b'[' => self.visit_array(visitor),
            b'{' => self.visit_object(visitor),
            _ => Err(NO),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_token()? {
            b't' | b'f' => self.deserialize_any(visitor),
            _ => Err(NO),
        }
    }

    numbers!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f64);

    declined!(deserialize_i128 deserialize_u128 deserialize_f32 deserialize_char
        deserialize_bytes deserialize_byte_buf);

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_text(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_text(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek_token()? == b'n' {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek_token()? == b'n' {
            self.literal(b"null")?;
            visitor.visit_unit()
        } else {
            Err(NO)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == RAW_VALUE_TOKEN || name == crate::source::CHECKED_RAW_TOKEN {
            self.skip_ws();
            let start = self.pos;
            self.skip_value()?;
            let raw = self.text.get(start..self.pos).ok_or(NO)?;
            return visitor.visit_map(RawEntry { raw: Some(raw) });
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_array(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.visit_array(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.visit_array(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_object(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek_token()? {
            b'{' => self.visit_object(visitor),
            b'[' => self.visit_array(visitor),
            _ => Err(NO),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // A unit variant written as a string; a variant written as an object is declined.
        if self.peek_token()? == b'"' {
            visitor.visit_enum(UnitVariant { de: self })
        } else {
            Err(NO)
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_text(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }
}

/// An array's items.
struct Items<'a, 'de> {
    de: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.de.peek_token()? {
            b']' => return Ok(None),
            b',' if !self.first => self.de.pos += 1,
            _ if self.first => {}
            _ => return Err(NO),
        }
        self.first = false;
        seed.deserialize(&mut *self.de).map(Some)
    }
}

/// An object's entries.
struct Entries<'a, 'de> {
    de: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.de.peek_token()? {
            b'}' => return Ok(None),
            b',' if !self.first => {
                self.de.pos += 1;
                if self.de.peek_token()? != b'"' {
                    return Err(NO);
                }
            }
            b'"' if self.first => {}
            _ => return Err(NO),
        }
        self.first = false;
        seed.deserialize(Key { de: &mut *self.de }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.expect(b':')?;
        seed.deserialize(&mut *self.de)
    }
}

/// An object's key: read as a string whatever is asked, as serde_json reads keys, except the
/// requests serde_json answers specially (numbers in keys, options, enums), which are declined.
struct Key<'a, 'de> {
    de: &'a mut Reader<'de>,
}

impl<'de> de::Deserializer<'de> for Key<'_, 'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.de.visit_text(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.de.visit_text(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.de.visit_text(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.de.visit_text(visitor)
    }

    /// serde_json reads an ignored key as any other key, so a lone surrogate in it is refused;
    /// reading it as text declines it here as well.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.de.string()?;
        visitor.visit_unit()
    }

    declined!(deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_option deserialize_unit deserialize_seq deserialize_map);

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value> {
        Err(NO)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value> {
        Err(NO)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(NO)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value> {
        Err(NO)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value> {
        Err(NO)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value> {
        Err(NO)
    }
}

/// A unit variant written as a string.
struct UnitVariant<'a, 'de> {
    de: &'a mut Reader<'de>,
}

impl<'de> de::EnumAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Declined;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let variant = seed.deserialize(&mut *self.de)?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Declined;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value> {
        Err(NO)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(NO)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(NO)
    }
}

/// The one-entry map serde_json hands a raw value's visitor: its token, then the text.
struct RawEntry<'de> {
    raw: Option<&'de str>,
}

impl<'de> de::MapAccess<'de> for RawEntry<'de> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.raw.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(RAW_VALUE_TOKEN))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let raw = self.raw.take().ok_or(NO)?;
        seed.deserialize(BorrowedStrDeserializer::new(raw))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use serde::{Deserialize, Serialize};
    use serde_json::value::RawValue;
    use serde_json::Value;

    use crate::wire::read::readers::{agree_plain, Outcome};

    /// Raw values, compared by their text.
    #[derive(Debug, Deserialize, Serialize)]
    struct Raws(Vec<Box<RawValue>>);

    impl PartialEq for Raws {
        fn eq(&self, other: &Self) -> bool {
            self.0
                .iter()
                .map(|r| r.get())
                .eq(other.0.iter().map(|r| r.get()))
        }
    }

    /// Anything, skipped the way a visitor that wants nothing skips it: keys are asked for as
    /// ignored values, not as strings.
    #[derive(Debug, PartialEq, Serialize)]
    struct Skipped;

    impl<'de> Deserialize<'de> for Skipped {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(serde::de::IgnoredAny).map(|_| Skipped)
        }
    }

    /// White space as JSON allows it, and sometimes a character it does not.
    fn space() -> impl Strategy<Value = String> {
        prop_oneof![
            24 => Just(String::new()),
            8 => proptest::collection::vec(prop_oneof![Just(' '), Just('\n'), Just('\t'), Just('\r')], 1..3)
                .prop_map(|v| v.into_iter().collect()),
            1 => Just("\u{a0}".to_owned()),
        ]
    }

    /// Number texts: the forms serde_json reads, at the edges of each type, and some it does not.
    fn number() -> impl Strategy<Value = String> {
        let common = prop_oneof![
            any::<u64>().prop_map(|n| n.to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            (0u16..1000).prop_map(|n| n.to_string()),
            any::<f64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_map(|n| format!("{n:e}")),
            (any::<i32>(), 0u32..999_999, -400i32..400)
                .prop_map(|(i, f, e)| format!("{i}.{f}e{e}")),
            (0u32..100, -30i32..30).prop_map(|(m, e)| format!("{m}E+{e}")),
        ];
        let edges = proptest::sample::select(vec![
            "-0",
            "-0.0",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1e400",
            "1e-400",
            "01",
            "1.",
            "-",
            ".5",
            "1e",
        ])
        .prop_map(str::to_owned);
        prop_oneof![8 => common, 1 => edges]
    }

    /// String texts: plain, with every escape, with surrogates paired or not, with control
    /// characters and bad escapes.
    fn string() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            48 => "[a-zA-Z0-9 _.:/-]{0,12}",
            12 => "[é€😀ß]{1,3}",
            6 => prop_oneof![
                Just("\\\"".to_owned()), Just("\\\\".to_owned()), Just("\\/".to_owned()),
                Just("\\b".to_owned()), Just("\\f".to_owned()), Just("\\n".to_owned()),
                Just("\\r".to_owned()), Just("\\t".to_owned()),
            ],
            4 => any::<u16>().prop_map(|u| format!("\\u{u:04x}")),
            2 => Just("\\ud83d\\ude00".to_owned()),
            1 => Just("\\uD83D".to_owned()),
            1 => Just("\\x41".to_owned()),
            1 => Just("\\u12g4".to_owned()),
            1 => Just("\u{1}".to_owned()),
        ];
        proptest::collection::vec(piece, 0..5).prop_map(|parts| format!("\"{}\"", parts.concat()))
    }

    /// JSON texts, sometimes broken.
    fn json() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            4 => Just("null".to_owned()),
            4 => Just("true".to_owned()),
            4 => Just("false".to_owned()),
            1 => Just("nul".to_owned()),
            12 => number(),
            12 => string(),
        ];
        leaf.prop_recursive(5, 48, 6, |inner| {
            prop_oneof![
                (
                    proptest::collection::vec((space(), inner.clone(), space()), 0..6),
                    proptest::bool::weighted(0.05)
                )
                    .prop_map(|(items, trailing_comma)| {
                        let items: Vec<String> = items
                            .into_iter()
                            .map(|(a, v, b)| format!("{a}{v}{b}"))
                            .collect();
                        format!(
                            "[{}{}]",
                            items.join(","),
                            if trailing_comma { "," } else { "" }
                        )
                    }),
                (
                    proptest::collection::vec((string(), space(), inner, space()), 0..6),
                    proptest::bool::weighted(0.05)
                )
                    .prop_map(|(entries, bare_key)| {
                        let entries: Vec<String> = entries
                            .into_iter()
                            .enumerate()
                            .map(|(i, (k, a, v, b))| {
                                let key = if bare_key && i == 0 {
                                    "k".to_owned()
                                } else {
                                    k
                                };
                                format!("{a}{key}{b}:{a}{v}{b}")
                            })
                            .collect();
                        format!("{{{}}}", entries.join(","))
                    }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// On any text, the fast reader gives serde_json's value or declines: read as a JSON
        /// tree, and as raw values.
        #[test]
        fn reads_what_serde_json_reads(a in space(), doc in json(), b in space(), tail in prop_oneof![8 => Just(""), 1 => Just("x"), 1 => Just("{}")]) {
            let text = format!("{a}{doc}{b}{tail}");
            agree_plain::<Value>(&text).map_err(TestCaseError::fail)?;
            agree_plain::<Raws>(&format!("[{text}, {doc}]")).map_err(TestCaseError::fail)?;
            agree_plain::<Skipped>(&text).map_err(TestCaseError::fail)?;
        }
    }

    /// Short strings of any characters, control characters, quotes and backslashes among them,
    /// so that serde_json writes every escape it writes (`\"`, `\\`, `\n`, `\u001f`, …).
    fn text() -> impl Strategy<Value = String> {
        let char = prop_oneof![
            4 => any::<char>(),
            2 => (0u8..0x20).prop_map(char::from),
            1 => Just('"'),
            1 => Just('\\'),
            1 => Just('/'),
            1 => Just('é'),
            1 => Just('😀'),
        ];
        proptest::collection::vec(char, 0..8).prop_map(String::from_iter)
    }

    /// JSON trees of every shape, with numbers the fast reader reads (integers of up to 64
    /// bits, finite doubles) and strings of any characters.
    fn tree() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            // proptest's doubles are finite unless asked otherwise.
            any::<f64>().prop_map(Value::from),
            text().prop_map(Value::String),
            "[a-z]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(6, 64, 5, |inner| {
            let key = prop_oneof!["[a-zA-Z_]{0,8}", text()];
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                proptest::collection::vec((key, inner), 0..5)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        /// JSON as serde_json writes it, compact or pretty, within the reader's depth and number
        /// range, is read by the fast reader, not declined, whether it is skipped or kept as raw
        /// text: the skip declines none of it.
        #[test]
        fn the_skip_reads_every_well_formed_value(value in tree()) {
            for text in [
                serde_json::to_string(&value).unwrap(),
                serde_json::to_string_pretty(&value).unwrap(),
            ] {
                let raws = format!("[{text}, {{\"k\": {text}}}, [{text}]]");
                prop_assert_eq!(agree_plain::<Raws>(&raws), Ok(Outcome::Same), "{}", raws);
                let skipped = format!("{{\"k\": {text}}}");
                prop_assert_eq!(agree_plain::<Skipped>(&skipped), Ok(Outcome::Same), "{}", skipped);
            }
        }
    }

    /// Forms serde_json never writes but reads, each skipped and kept raw by the fast reader
    /// rather than declined: the other escapes, exponents, white space of every kind, and
    /// more arrays and objects one after another than the reader may have open at once (each
    /// closed one no longer counts).
    #[test]
    fn the_skip_reads_the_forms_serde_json_does_not_write() {
        let many = |item: &str| format!("[{}0]", format!("{item},").repeat(200));
        for text in [
            r#""a\/b\u00e9\u0041\t\b\f\n\r\"\\""#.to_owned(),
            "[1E+2, -0.5e-3, 2e8, 0, -0, 1.25E-1]".to_owned(),
            "{\t\"a\" :\r\n[ 1 ,\t2 ] ,\"b\":{ } }".to_owned(),
            many("[]"),
            many("{}"),
            many("[[{\"a\":[]}]]"),
        ] {
            let raws = format!("[{text}]");
            assert_eq!(agree_plain::<Raws>(&raws), Ok(Outcome::Same), "{raws}");
            let skipped = format!("{{\"k\": {text}}}");
            assert_eq!(
                agree_plain::<Skipped>(&skipped),
                Ok(Outcome::Same),
                "{skipped}"
            );
        }
    }

    proptest! {
        /// The run's end, eight bytes at a time, is where a byte-by-byte search stops: the
        /// first quote, backslash or control character at or after `from`, or the end.
        #[test]
        fn run_end_stops_where_a_byte_by_byte_search_does(
            bytes in proptest::collection::vec(
                prop_oneof![
                    8 => b'a'..=b'z',
                    1 => Just(b'"'),
                    1 => Just(b'\\'),
                    1 => 0u8..0x20,
                    1 => 0x80u8..=0xff,
                    1 => Just(0x20u8),
                ],
                0..40,
            ),
            from in 0usize..45,
        ) {
            let expected = bytes
                .iter()
                .enumerate()
                .skip(from)
                .find(|&(_, &b)| b == b'"' || b == b'\\' || b < 0x20)
                .map_or(bytes.len().max(from), |(at, _)| at);
            prop_assert_eq!(super::run_end(&bytes, from), expected);
        }
    }

    /// The look-ahead finds the closing quote of a string with escapes when it comes before
    /// the limit, and nothing past it or in a broken string.
    #[test]
    fn the_look_ahead_finds_the_closing_quote_before_its_limit() {
        let at = |text: &str, limit: usize| {
            let reader = super::Reader {
                text,
                bytes: text.as_bytes(),
                pos: 0,
                depth: 0,
            };
            // From the first escape, as the string read calls it.
            reader.closing_quote_within(text.find('\\').unwrap(), limit)
        };
        let text = r#""ab\"cd\\\u00e9\n" tail""#;
        let close = text.len() - 7;
        assert_eq!(text.get(close..=close), Some("\""));
        for limit in [close + 1, close + 2, text.len(), text.len() + 9] {
            assert_eq!(at(text, limit), Some(close), "{limit}");
        }
        for limit in [0, 4, close - 1, close] {
            assert_eq!(at(text, limit), None, "{limit}");
        }
        for broken in ["\"ab\\", "\"ab\\\"", "\"ab\\\"c\u{1}\"", "\"a\\\\"] {
            assert_eq!(at(broken, broken.len() + 9), None, "{broken}");
        }
    }

    /// Strings with escapes whose end falls before, at and after the look-ahead that sizes
    /// their buffer read as serde_json reads them, by the fast reader itself; broken ones are
    /// declined or refused alike.
    #[test]
    fn strings_with_escapes_around_the_look_ahead() {
        let limit = super::Reader::SIZED_AHEAD;
        for len in [
            limit - 9,
            limit - 2,
            limit - 1,
            limit,
            limit + 1,
            limit + 7,
            3 * limit,
        ] {
            for escape_at in [0, 1, len / 2, len.saturating_sub(2)] {
                let mut inner: String = "ab".repeat(len).chars().take(len).collect();
                inner.insert_str(escape_at, "\\\"");
                for text in [
                    format!("\"{inner}\""),
                    format!("\"{inner}\\u00e9\\n\""),
                    format!("[\"{inner}\", 1]"),
                    format!("\"{inner}"),
                    format!("\"{inner}\\"),
                    format!("\"{inner}\u{1}\""),
                ] {
                    let outcome = agree_plain::<Value>(&text).unwrap_or_else(|e| panic!("{e}"));
                    let good = serde_json::from_str::<Value>(&text).is_ok();
                    assert_eq!(
                        outcome == Outcome::Same,
                        good,
                        "{len} {escape_at} {outcome:?}"
                    );
                }
            }
        }
    }

    /// The generated texts are not all broken or declined: the fast reader reads a good share of
    /// them itself.
    #[test]
    fn reads_most_generated_texts_itself() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut same, mut total) = (0, 0);
        for _ in 0..500 {
            let doc = json().new_tree(&mut runner).unwrap().current();
            total += 1;
            if agree_plain::<Value>(&doc).unwrap() == Outcome::Same {
                same += 1;
            }
        }
        assert!(same * 3 > total, "{same} of {total}");
    }

    /// serde_json refuses a lone surrogate in a key a visitor asks for as an ignored value, and
    /// skips it unchecked inside a value that is ignored whole; the fast reader does the same.
    #[test]
    fn surrogates_in_skipped_keys() {
        for text in [
            r#"{"\ud800":0}"#,
            r#"{"a":1,"\udfff":[]}"#,
            r#"{"\ud800x":{"b":2}}"#,
        ] {
            assert!(serde_json::from_str::<Skipped>(text).is_err(), "{text}");
            assert_eq!(
                agree_plain::<Skipped>(text),
                Ok(Outcome::Declined),
                "{text}"
            );
        }
        for text in [r#"{"a":{"\udfff":[]}}"#, r#"[{"\ud800":1}]"#] {
            assert_eq!(agree_plain::<Skipped>(text), Ok(Outcome::Same), "{text}");
        }
        // A pair is read by serde_json, and left to it.
        assert_eq!(
            agree_plain::<Skipped>(r#"{"\ud83d\ude00":1}"#),
            Ok(Outcome::Declined)
        );
    }

    /// Nesting as deep as the reader takes is read; one level more is declined, before
    /// serde_json's own limit.
    #[test]
    fn depth() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(
            agree_plain::<Value>(&nested(super::MAX_DEPTH)),
            Ok(Outcome::Same)
        );
        assert_eq!(
            agree_plain::<Value>(&nested(super::MAX_DEPTH + 1)),
            Ok(Outcome::Declined)
        );
        assert!(serde_json::from_str::<Value>(&nested(super::MAX_DEPTH + 1)).is_ok());
    }

    /// A skipped value may nest, arrays and objects mixed, as deep as the reader takes, the
    /// array that holds it included; one level more is declined.
    #[test]
    fn depth_of_a_skipped_value() {
        let mixed = |n: usize| {
            let open: String = (0..n)
                .map(|i| if i % 2 == 0 { "[" } else { "{\"a\":" })
                .collect();
            let close: String = (0..n)
                .rev()
                .map(|i| if i % 2 == 0 { "]" } else { "}" })
                .collect();
            format!("[{open}0{close}]")
        };
        for levels in [1, 2, 3, 64, super::MAX_DEPTH - 1] {
            let text = mixed(levels);
            assert_eq!(agree_plain::<Raws>(&text), Ok(Outcome::Same), "{levels}");
            assert_eq!(agree_plain::<Skipped>(&text), Ok(Outcome::Same), "{levels}");
        }
        let text = mixed(super::MAX_DEPTH);
        assert_eq!(agree_plain::<Raws>(&text), Ok(Outcome::Declined));
        assert_eq!(agree_plain::<Skipped>(&text), Ok(Outcome::Declined));
    }
}
