//! Segment's six call types, and sets of them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `type`: which of Segment's six calls an event is. The set is Segment's spec and closed:
/// a `match` needs no wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CallType {
    /// `identify`: who the user is, and their traits.
    Identify,
    /// `track`: something the user did.
    Track,
    /// `alias`: a new id for the same user.
    Alias,
    /// `page`: a web page view.
    Page,
    /// `screen`: a mobile screen view.
    Screen,
    /// `group`: the account or organisation the user belongs to.
    Group,
}

impl CallType {
    /// Every call type, in order (the order of the discriminants).
    pub const ALL: &'static [CallType] = &[
        CallType::Identify,
        CallType::Track,
        CallType::Alias,
        CallType::Page,
        CallType::Screen,
        CallType::Group,
    ];

    /// The name an event's `type` holds; [`FromStr`] reads it back.
    pub const fn as_str(self) -> &'static str {
        match self {
            CallType::Identify => "identify",
            CallType::Track => "track",
            CallType::Alias => "alias",
            CallType::Page => "page",
            CallType::Screen => "screen",
            CallType::Group => "group",
        }
    }

    /// The call type at position `index` of [`CallType::ALL`]; `None` past the end.
    pub const fn from_index(index: u8) -> Option<CallType> {
        Some(match index {
            0 => CallType::Identify,
            1 => CallType::Track,
            2 => CallType::Alias,
            3 => CallType::Page,
            4 => CallType::Screen,
            5 => CallType::Group,
            _ => return None,
        })
    }

    /// The call type an event's `type` names, compared exactly (`"Track"` is none).
    pub fn from_name(name: &str) -> Option<CallType> {
        CallType::ALL
            .iter()
            .copied()
            .find(|call| call.as_str() == name)
    }
}

impl fmt::Display for CallType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of reading a [`CallType`] from a name that is none of the six.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a call type: identify, track, alias, page, screen or group")]
pub struct UnknownCallType;

impl FromStr for CallType {
    type Err = UnknownCallType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CallType::from_name(s).ok_or(UnknownCallType)
    }
}

impl Serialize for CallType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CallType {
    // By hand: serde's derived enum reports a number here as malformed JSON.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CallTypeVisitor;
        impl serde::de::Visitor<'_> for CallTypeVisitor {
            type Value = CallType;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a call type: identify, track, alias, page, screen or group")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CallType, E> {
                v.parse()
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(CallTypeVisitor)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for CallType {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CallType".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "enum": ["identify", "track", "alias", "page", "screen", "group"]
        })
    }
}

/// A set of call types: those a subscription can match, judged from its clauses on `type`
/// alone ([`Subscription::call_types`](crate::Subscription::call_types)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CallTypes(u8);

impl CallTypes {
    /// Every call type.
    pub const ALL: CallTypes = CallTypes((1 << CallType::ALL.len()) - 1);
    /// No call type.
    pub const NONE: CallTypes = CallTypes(0);

    /// The set of one call type.
    #[inline]
    pub const fn only(call: CallType) -> CallTypes {
        CallTypes(1 << call as u8)
    }

    /// Whether `call` is in the set.
    #[inline]
    pub const fn contains(self, call: CallType) -> bool {
        self.0 & (1 << call as u8) != 0
    }

    /// Whether the set is empty.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The call types in the set, in order.
    pub fn iter(self) -> impl Iterator<Item = CallType> {
        CallType::ALL
            .iter()
            .copied()
            .filter(move |call| self.contains(*call))
    }

    /// Both sets' call types.
    #[must_use]
    pub const fn union(self, other: CallTypes) -> CallTypes {
        CallTypes(self.0 | other.0)
    }

    /// The call types in both sets.
    #[must_use]
    pub const fn intersection(self, other: CallTypes) -> CallTypes {
        CallTypes(self.0 & other.0)
    }

    /// The call types not in the set.
    #[must_use]
    pub const fn complement(self) -> CallTypes {
        CallTypes(!self.0 & CallTypes::ALL.0)
    }
}

impl FromIterator<CallType> for CallTypes {
    fn from_iter<I: IntoIterator<Item = CallType>>(iter: I) -> Self {
        iter.into_iter().fold(CallTypes::NONE, |set, call| {
            set.union(CallTypes::only(call))
        })
    }
}

// A set is one byte, one bit per call type.
const _: () = assert!(CallType::ALL.len() <= 8);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_index_in_order() {
        for (index, call) in CallType::ALL.iter().enumerate() {
            assert_eq!(call.as_str().parse::<CallType>(), Ok(*call));
            assert_eq!(CallType::from_index(index as u8), Some(*call));
            assert_eq!(*call as usize, index);
        }
        assert_eq!("Track".parse::<CallType>(), Err(UnknownCallType));
        assert_eq!(CallType::from_index(6), None);
    }

    #[test]
    fn sets() {
        let set: CallTypes = [CallType::Track, CallType::Alias].into_iter().collect();
        assert!(set.contains(CallType::Track) && !set.contains(CallType::Page));
        assert_eq!(set.complement().iter().count(), 4);
        assert_eq!(CallTypes::ALL.complement(), CallTypes::NONE);
    }
}
