//! `value_set!`: a string set the vendor owns, with a variant for each value known today and
//! `Unknown` for the rest, so that a value added tomorrow parses today and round-trips.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Visitor};

/// A value of a vendor's string set that this version of the crate does not know, as it came.
///
/// Only the crate makes one, and never from a value a known variant names: so
/// `EventType::from("TEST")` is `EventType::Test`, and no `Unknown` can equal a known value.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    /// Only for a value that is none of its set's known ones.
    pub(crate) fn new(value: impl Into<Box<str>>) -> Self {
        UnknownValue(value.into())
    }

    /// The value as it came.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Declares a vendor-owned string set (see the module docs). Values compare exactly as
/// written (Sprig's own code compares them so); `as_str()` gives the wire text and `FromStr`
/// (never failing) reads it.
macro_rules! value_set {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know, kept as it came.
            Unknown($crate::wire::UnknownValue),
        }

        impl $name {
            /// Every value known to this version of the crate.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Unknown(other) => other.as_str(),
                }
            }

            fn known(value: &str) -> Option<Self> {
                match value {
                    $( $wire => Some($name::$variant), )*
                    _ => None,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name::known(value)
                    .unwrap_or_else(|| $name::Unknown($crate::wire::UnknownValue::new(value)))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name::known(&value)
                    .unwrap_or_else(|| $name::Unknown($crate::wire::UnknownValue::new(value)))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_owned()
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
                d.deserialize_str($crate::wire::value_set::StrVisitor::<$name>::new(stringify!($name)))
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
    };
}
pub(crate) use value_set;

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

/// Declares a closed set the crate owns (a kind, a call type, an action): unit variants, `ALL`
/// in order, `as_str()` for the stable name, `Display` as that name, and `FromStr` reading it
/// back exactly, with its own error type.
macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
        $(#[$emeta:meta])*
        error $error:ident = $message:literal;
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable name; [`FromStr`](std::str::FromStr) reads it back.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter().copied()
                    .find(|value| value.as_str() == s)
                    .ok_or($error)
            }
        }

        $(#[$emeta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
        #[error($message)]
        pub struct $error;
    };
}
pub(crate) use closed_set;
