//! Sprig's own rules for what a call may carry, checked without changing anything.

use std::fmt;

use serde_json::Value;

use super::SprigCall;

/// The limits Sprig's environment configuration serves (`maxAttrNameLength`, …). Lengths count
/// UTF-16 code units, as JavaScript's `.length` does.
///
/// ```
/// use sprig_events::destination::Limits;
///
/// let limits = Limits::default().max_event_length(100);
/// assert_eq!((limits.max_event_length, limits.max_user_id_length), (100, 255));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// `maxAttrNameLength`.
    pub max_attr_name_length: usize,
    /// `maxAttrValueLength`.
    pub max_attr_value_length: usize,
    /// `maxEventLength`.
    pub max_event_length: usize,
    /// `maxEmailLength`.
    pub max_email_length: usize,
    /// `maxUserIdLength`.
    pub max_user_id_length: usize,
}

impl Default for Limits {
    /// 255 for each, as in Sprig's reference configuration.
    fn default() -> Self {
        Limits {
            max_attr_name_length: 255,
            max_attr_value_length: 255,
            max_event_length: 255,
            max_email_length: 255,
            max_user_id_length: 255,
        }
    }
}

/// A chainable setter per limit.
macro_rules! limit_setters {
    ($($field:ident = $name:literal,)*) => {
        impl Limits {
            $(
                #[doc = concat!("Set `", $name, "` (chainable).")]
                #[must_use]
                pub fn $field(mut self, length: usize) -> Self {
                    self.$field = length;
                    self
                }
            )*
        }
    };
}
limit_setters! {
    max_attr_name_length = "maxAttrNameLength",
    max_attr_value_length = "maxAttrValueLength",
    max_event_length = "maxEventLength",
    max_email_length = "maxEmailLength",
    max_user_id_length = "maxUserIdLength",
}

/// One thing in a call that Sprig would refuse, ignore or treat specially.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RuleFinding {
    /// An attribute's value is an object or an array; Sprig takes strings, numbers, booleans.
    AttributeValueType {
        /// The attribute.
        key: String,
    },
    /// An attribute's value is null or `""`, which Sprig ignores (unlike `0` and `false`).
    EmptyAttributeValue {
        /// The attribute.
        key: String,
    },
    /// A key that starts with `!` is Sprig's; only `!email` may be set.
    ReservedAttribute {
        /// The attribute.
        key: String,
    },
    /// An attribute name longer than `maxAttrNameLength`.
    AttributeNameTooLong {
        /// The attribute.
        key: String,
        /// Its length.
        length: usize,
    },
    /// A string attribute value longer than `maxAttrValueLength`.
    AttributeValueTooLong {
        /// The attribute.
        key: String,
        /// The value's length.
        length: usize,
    },
    /// The `!email` attribute is longer than `maxEmailLength`.
    EmailTooLong {
        /// Its length.
        length: usize,
    },
    /// `userId` is longer than `maxUserIdLength`.
    UserIdTooLong {
        /// Its length.
        length: usize,
    },
    /// The event name is longer than `maxEventLength`.
    EventNameTooLong {
        /// Its length.
        length: usize,
    },
    /// The event name is empty or only white space (JavaScript's white space).
    BlankEventName,
    /// The event name is `pageUrl`, which the SDK reserves.
    ReservedEventName,
}

impl RuleFinding {
    /// A stable machine-readable code, e.g. `reserved_attribute`, `event_name_too_long`.
    pub fn code(&self) -> &'static str {
        match self {
            RuleFinding::AttributeValueType { .. } => "attribute_value_type",
            RuleFinding::EmptyAttributeValue { .. } => "empty_attribute_value",
            RuleFinding::ReservedAttribute { .. } => "reserved_attribute",
            RuleFinding::AttributeNameTooLong { .. } => "attribute_name_too_long",
            RuleFinding::AttributeValueTooLong { .. } => "attribute_value_too_long",
            RuleFinding::EmailTooLong { .. } => "email_too_long",
            RuleFinding::UserIdTooLong { .. } => "user_id_too_long",
            RuleFinding::EventNameTooLong { .. } => "event_name_too_long",
            RuleFinding::BlankEventName => "blank_event_name",
            RuleFinding::ReservedEventName => "reserved_event_name",
        }
    }

    /// The attribute the finding is about, when it is about one.
    pub fn key(&self) -> Option<&str> {
        match self {
            RuleFinding::AttributeValueType { key }
            | RuleFinding::EmptyAttributeValue { key }
            | RuleFinding::ReservedAttribute { key }
            | RuleFinding::AttributeNameTooLong { key, .. }
            | RuleFinding::AttributeValueTooLong { key, .. } => Some(key),
            _ => None,
        }
    }
}

impl fmt::Display for RuleFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleFinding::AttributeValueType { key } => write!(
                f,
                "attribute {key:?}: Sprig takes strings, numbers and booleans, not objects or arrays"
            ),
            RuleFinding::EmptyAttributeValue { key } => {
                write!(f, "attribute {key:?}: Sprig ignores an empty value")
            }
            RuleFinding::ReservedAttribute { key } => {
                write!(f, "attribute {key:?}: keys starting with `!` are reserved by Sprig")
            }
            RuleFinding::AttributeNameTooLong { key, length } => {
                write!(f, "attribute name {key:?} is {length} characters long")
            }
            RuleFinding::AttributeValueTooLong { key, length } => {
                write!(f, "attribute {key:?} has a value {length} characters long")
            }
            RuleFinding::EmailTooLong { length } => {
                write!(f, "the e-mail address is {length} characters long")
            }
            RuleFinding::UserIdTooLong { length } => {
                write!(f, "the userId is {length} characters long")
            }
            RuleFinding::EventNameTooLong { length } => {
                write!(f, "the event name is {length} characters long")
            }
            RuleFinding::BlankEventName => f.write_str("the event name is blank"),
            RuleFinding::ReservedEventName => {
                f.write_str("the event name `pageUrl` is reserved by Sprig's SDK")
            }
        }
    }
}

impl SprigCall {
    /// What in this call Sprig would refuse, ignore or treat specially; empty when nothing.
    /// The call itself is never changed.
    ///
    /// ```
    /// use sprig_events::destination::{IdentifyArgs, Limits, RuleFinding, SprigCall};
    ///
    /// let attributes = serde_json::from_str(r#"{"!plan": "pro", "tags": ["a"]}"#).unwrap();
    /// let call = SprigCall::IdentifyAndSetAttributes(IdentifyArgs::default().with_attributes(attributes));
    /// let findings = call.check(&Limits::default());
    /// let codes: Vec<_> = findings.iter().map(|f| (f.code(), f.key())).collect();
    /// assert_eq!(codes, [("reserved_attribute", Some("!plan")), ("attribute_value_type", Some("tags"))]);
    /// ```
    pub fn check(&self, limits: &Limits) -> Vec<RuleFinding> {
        let mut findings = Vec::new();
        let (user_id, attributes, event_name) = match self {
            SprigCall::IdentifyAndSetAttributes(args) => {
                (args.user_id.as_deref(), args.attributes.as_ref(), None)
            }
            SprigCall::IdentifyAndTrack(args) => (
                args.user_id.as_deref(),
                None,
                Some(args.event_name.as_str()),
            ),
            SprigCall::LogoutUser => (None, None, None),
        };
        if let Some(length) = user_id.map(actions_runtime::js::utf16_len) {
            if length > limits.max_user_id_length {
                findings.push(RuleFinding::UserIdTooLong { length });
            }
        }
        for (key, value) in attributes.into_iter().flatten() {
            check_attribute(key, value, limits, &mut findings);
        }
        if let Some(name) = event_name {
            if name
                .trim_matches(actions_runtime::js::is_js_space)
                .is_empty()
            {
                findings.push(RuleFinding::BlankEventName);
            }
            if name == "pageUrl" {
                findings.push(RuleFinding::ReservedEventName);
            }
            let length = actions_runtime::js::utf16_len(name);
            if length > limits.max_event_length {
                findings.push(RuleFinding::EventNameTooLong { length });
            }
        }
        findings
    }
}

fn check_attribute(key: &str, value: &Value, limits: &Limits, findings: &mut Vec<RuleFinding>) {
    let key_owned = || key.to_owned();
    let is_email = key == "!email";
    if key.starts_with('!') && !is_email {
        findings.push(RuleFinding::ReservedAttribute { key: key_owned() });
    }
    let name_length = actions_runtime::js::utf16_len(key);
    if name_length > limits.max_attr_name_length {
        findings.push(RuleFinding::AttributeNameTooLong {
            key: key_owned(),
            length: name_length,
        });
    }
    match value {
        Value::Null => findings.push(RuleFinding::EmptyAttributeValue { key: key_owned() }),
        Value::String(s) if s.is_empty() => {
            findings.push(RuleFinding::EmptyAttributeValue { key: key_owned() });
        }
        Value::String(s) => {
            let length = actions_runtime::js::utf16_len(s);
            if is_email && length > limits.max_email_length {
                findings.push(RuleFinding::EmailTooLong { length });
            } else if !is_email && length > limits.max_attr_value_length {
                findings.push(RuleFinding::AttributeValueTooLong {
                    key: key_owned(),
                    length,
                });
            }
        }
        Value::Array(_) | Value::Object(_) => {
            findings.push(RuleFinding::AttributeValueType { key: key_owned() });
        }
        Value::Bool(_) | Value::Number(_) => {}
    }
}
