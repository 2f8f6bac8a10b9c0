//! Keeping what a model does not type: unknown keys (in [`Extra`]), which known fields arrived
//! as `null` (in [`NullFields`]), and the text of the keys that decide a payload's kind
//! (through [`Spy`]), all noted while the value streams past, in one pass.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde_json::{Map, Value};

/// The JSON object kept for keys a model does not know.
pub type Extra = Map<String, Value>;

/// Which of a model's fields arrived as `null`, by the field's position in the model: such a
/// field reads as `None` and is written back as `null` while it stays unset. One bit per
/// field: the derive refuses to compile a model of more than 64 fields, so every position
/// it passes has its bit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct NullFields(u64);

impl NullFields {
    pub(crate) fn note(&mut self, index: usize) {
        if let Some(bit) = 1u64.checked_shl(index as u32) {
            self.0 |= bit;
        }
    }

    pub(crate) fn clear(&mut self, index: usize) {
        if let Some(bit) = 1u64.checked_shl(index as u32) {
            self.0 &= !bit;
        }
    }

    pub(crate) fn has(&self, index: usize) -> bool {
        1u64.checked_shl(index as u32)
            .is_some_and(|bit| self.0 & bit != 0)
    }
}

/// What a watched key held: enough to decide a payload's kind without keeping the value, and
/// without allocating or checking the text again when it is read (a value the kinds table
/// names is kept as the table's own text; any other says only that it names nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Seen {
    /// The key did not occur.
    #[default]
    Absent,
    /// `null`.
    Null,
    /// A string the kinds table names, or the empty string.
    Named(&'static str),
    /// Any other string.
    Unnamed,
    /// Any other value.
    Other,
}

impl Seen {
    fn text_of(text: &str) -> Seen {
        match crate::webhook::WebhookKind::named(text) {
            Some(named) => Seen::Named(named),
            None => Seen::Unnamed,
        }
    }

    /// Note what a watched key that goes to `extra` held; given twice, the key is refused, as
    /// a field given twice is.
    pub(crate) fn note<E: de::Error>(&mut self, key: &str, value: &Value) -> Result<(), E> {
        if *self != Seen::Absent {
            return Err(E::custom(format_args!("duplicate field `{key}`")));
        }
        *self = Seen::of(value);
        Ok(())
    }

    /// What `value` is, for a watched key that went to `extra`.
    pub(crate) fn of(value: &Value) -> Seen {
        match value {
            Value::Null => Seen::Null,
            Value::String(text) => Seen::text_of(text),
            _ => Seen::Other,
        }
    }

    /// The string: a named one as it is, any other as a text that the table does not name.
    pub(crate) fn text(&self) -> Option<&'static str> {
        match self {
            Seen::Named(named) => Some(named),
            Seen::Unnamed => Some("\u{0}(unnamed)"),
            _ => None,
        }
    }

    /// Whether the key is there with a value other than null.
    pub(crate) fn is_value(&self) -> bool {
        matches!(self, Seen::Named(_) | Seen::Unnamed | Seen::Other)
    }
}

/// A map key, borrowed from the input when it has no escapes.
pub(crate) struct KeySeed;

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

/// A value deserializer that passes every request through while noting whether the value was
/// `null` (asked for through `deserialize_option`, as every optional field is) and, for a
/// watched key, what it held.
pub(crate) struct Spy<'s, D> {
    pub(crate) inner: D,
    pub(crate) null: &'s mut bool,
    pub(crate) seen: Option<&'s mut Seen>,
}

/// The visitor of a [`Spy`]: notes, then hands on to the real visitor.
struct SpyVisitor<'s, V> {
    visitor: V,
    null: &'s mut bool,
    seen: Option<&'s mut Seen>,
}

impl<V> SpyVisitor<'_, V> {
    fn saw(&mut self, seen: Seen) {
        if let Some(slot) = self.seen.as_deref_mut() {
            *slot = seen;
        }
    }
}

macro_rules! forward_scalars {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(mut self, v: $ty) -> Result<V::Value, E> {
                self.saw(Seen::Other);
                self.visitor.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for SpyVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_none<E: de::Error>(mut self) -> Result<V::Value, E> {
        *self.null = true;
        self.saw(Seen::Null);
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(mut self) -> Result<V::Value, E> {
        *self.null = true;
        self.saw(Seen::Null);
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(Spy {
            inner: d,
            null: self.null,
            seen: self.seen,
        })
    }

    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<V::Value, E> {
        self.saw(Seen::text_of(v));
        self.visitor.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(mut self, v: &'de str) -> Result<V::Value, E> {
        self.saw(Seen::text_of(v));
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(mut self, v: String) -> Result<V::Value, E> {
        self.saw(Seen::text_of(&v));
        self.visitor.visit_string(v)
    }

    forward_scalars! {
        visit_bool(bool); visit_i64(i64); visit_u64(u64); visit_f64(f64);
        visit_i128(i128); visit_u128(u128); visit_char(char); visit_bytes(&[u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_borrowed_bytes<E: de::Error>(mut self, v: &'de [u8]) -> Result<V::Value, E> {
        self.saw(Seen::Other);
        self.visitor.visit_borrowed_bytes(v)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(d)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(mut self, seq: A) -> Result<V::Value, A::Error> {
        self.saw(Seen::Other);
        self.visitor.visit_seq(seq)
    }

    fn visit_map<A: de::MapAccess<'de>>(mut self, map: A) -> Result<V::Value, A::Error> {
        self.saw(Seen::Other);
        self.visitor.visit_map(map)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(mut self, data: A) -> Result<V::Value, A::Error> {
        self.saw(Seen::Other);
        self.visitor.visit_enum(data)
    }
}

/// Methods of [`Spy`] that only watch when a key is watched (every request may carry a string
/// or a null).
macro_rules! spy_methods {
    ($($method:ident $(($($arg:ident: $ty:ty),*))?;)*) => {
        $(
            #[inline]
            fn $method<V: Visitor<'de>>(self, $($($arg: $ty,)*)? visitor: V) -> Result<V::Value, D::Error> {
                if self.seen.is_none() {
                    return self.inner.$method($($($arg,)*)? visitor);
                }
                self.inner.$method($($($arg,)*)? SpyVisitor { visitor, null: self.null, seen: self.seen })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Spy<'_, D> {
    type Error = D::Error;

    #[inline]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_option(SpyVisitor {
            visitor,
            null: self.null,
            seen: self.seen,
        })
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }

    spy_methods! {
        deserialize_any; deserialize_bool; deserialize_i8; deserialize_i16; deserialize_i32;
        deserialize_i64; deserialize_i128; deserialize_u8; deserialize_u16; deserialize_u32;
        deserialize_u64; deserialize_u128; deserialize_f32; deserialize_f64; deserialize_char;
        deserialize_str; deserialize_string; deserialize_bytes; deserialize_byte_buf;
        deserialize_unit; deserialize_seq; deserialize_map; deserialize_identifier;
        deserialize_ignored_any;
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }
}

#[cfg(test)]
mod tests {
    use super::{NullFields, Seen};

    #[test]
    fn seen_keeps_the_texts_the_kinds_table_names_and_marks_others_as_naming_nothing() {
        use crate::webhook::{Otherwise, WebhookKind};
        let mut named = vec![""];
        for rule in WebhookKind::RULES {
            named.extend(rule.event_name);
            if let Otherwise::EventTypeFirst(t) | Otherwise::EventType(t) | Otherwise::Action(t) =
                rule.otherwise
            {
                named.push(t);
            }
        }
        assert!(named.len() > 10, "{named:?}");
        for text in named {
            assert_eq!(Seen::text_of(text).text(), Some(text));
        }
        let unnamed = Seen::text_of("studySeenAgain").text();
        assert!(unnamed.is_some_and(|t| !t.is_empty() && t != "studySeenAgain"));
        for text in ["studyseen", "survey_response ", &"a".repeat(40)] {
            assert_eq!(Seen::text_of(text), Seen::Unnamed, "{text}");
            assert_eq!(Seen::text_of(text).text(), unnamed);
        }
        assert!(Seen::Unnamed.is_value() && Seen::Named("").is_value() && Seen::Other.is_value());
        assert!(!Seen::Null.is_value() && !Seen::Absent.is_value());
    }

    #[test]
    fn null_fields_note_each_of_64_positions_apart() {
        for position in 0..64 {
            let mut nulls = NullFields::default();
            nulls.note(position);
            let noted: Vec<usize> = (0..64).filter(|&p| nulls.has(p)).collect();
            assert_eq!(noted, [position]);
        }
    }
}
