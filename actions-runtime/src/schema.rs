//! The check an action's mapped payload passes before the action runs: the fields' schema, as
//! the reference runtime validates it (with ajv) after mapping and before `perform`.
//!
//! - At the top level of the payload, `null` and `""` count as absent (the runtime removes them
//!   first).
//! - A **required** field that is absent fails; the required fields are checked first, in the
//!   order given.
//! - A **string** field takes a string as it is, a number or a boolean as its text (`42` →
//!   `"42"`, as `String(42)`), and a one-element array of one of those as that element (ajv's
//!   type coercion); an object, or any other array, fails.
//! - An **object** field takes only an object.
//! - Keys the fields do not name are not looked at.
//!
//! ```
//! use actions_runtime::schema::{check, Field, SchemaError};
//! use serde_json::json;
//!
//! const FIELDS: &[Field] = &[
//!     Field::string("userId").required(),
//!     Field::object("attributes"),
//! ];
//!
//! let payload = json!({"userId": 42, "attributes": {"plan": "pro"}, "other": [1, 2]});
//! let checked = check(&payload, FIELDS)?;
//! assert_eq!(checked.text("userId"), Some("42"));
//! assert_eq!(checked.object("attributes").map(|a| a.len()), Some(1));
//!
//! let missing = check(&json!({"userId": ""}), FIELDS).unwrap_err();
//! assert_eq!(missing, SchemaError::Missing { field: "userId" });
//! assert_eq!(missing.to_string(), "The root value is missing the required field 'userId'.");
//!
//! let error = check(&json!({"userId": "u1", "attributes": "x"}), FIELDS).unwrap_err();
//! assert_eq!(error.to_string(), "Attributes must be an object but it was a string.");
//! # Ok::<(), SchemaError>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use serde_json::{Map, Value};

use crate::js;

/// The type a payload field is declared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldType {
    /// `string`: a number or a boolean is taken as its text, a one-element array as its element.
    String,
    /// `object`: only an object.
    Object,
}

/// One field of an action's payload: its key, its type, whether it is required, and the label
/// the runtime's type errors name it by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The key in the payload.
    pub name: &'static str,
    /// Its declared type.
    pub kind: FieldType,
    /// Whether a payload without it fails.
    pub required: bool,
    /// The field's `label` in the action's definition (`Event Name` for `eventName`), which a
    /// type error names; `None`: the key, capitalized.
    pub label: Option<&'static str>,
}

impl Field {
    /// An optional string field.
    pub const fn string(name: &'static str) -> Field {
        Field {
            name,
            kind: FieldType::String,
            required: false,
            label: None,
        }
    }

    /// An optional object field.
    pub const fn object(name: &'static str) -> Field {
        Field {
            name,
            kind: FieldType::Object,
            required: false,
            label: None,
        }
    }

    /// The same field, required.
    #[must_use]
    pub const fn required(self) -> Field {
        Field {
            required: true,
            ..self
        }
    }

    /// The same field, named `label` in type errors (as the action's definition labels it:
    /// `Field::string("eventName").with_label("Event Name")`).
    #[must_use]
    pub const fn with_label(self, label: &'static str) -> Field {
        Field {
            label: Some(label),
            ..self
        }
    }

    /// What type errors call the field: its label, else its key.
    const fn label_or_name(&self) -> &'static str {
        match self.label {
            Some(label) => label,
            None => self.name,
        }
    }

    /// Check one value of this field, as found at the top level of a payload (`None`: absent).
    /// `null` and `""` count as absent ([`present`]); a required field's absence is not judged
    /// here but by [`check`].
    ///
    /// ```
    /// use actions_runtime::schema::{Field, Checked};
    /// use serde_json::json;
    ///
    /// let name = Field::string("name");
    /// let value = json!(["Order Completed"]);
    /// let text = name.check_value(Some(&value)).unwrap().unwrap();
    /// assert_eq!(text.as_text(), Some("Order Completed"));
    /// assert!(name.check_value(Some(&json!(""))).unwrap().is_none());
    /// assert!(name.check_value(Some(&json!({"a": 1}))).is_err());
    /// ```
    pub fn check_value<'a>(
        &self,
        value: Option<&'a Value>,
    ) -> Result<Option<CheckedValue<'a>>, SchemaError> {
        let Some(value) = present(value) else {
            return Ok(None);
        };
        match self.kind {
            FieldType::String => text(value)
                .map(|text| Some(CheckedValue::Text(text)))
                .ok_or(SchemaError::NotAString {
                    field: self.name,
                    label: self.label_or_name(),
                    found: type_name(value),
                }),
            FieldType::Object => match value {
                Value::Object(map) => Ok(Some(CheckedValue::Object(map))),
                _ => Err(SchemaError::NotAnObject {
                    field: self.name,
                    label: self.label_or_name(),
                    found: type_name(value),
                }),
            },
        }
    }
}

/// A field's value once checked: text for a string field, the object for an object field.
///
/// Exhaustive on purpose: a checked field is of one of the two field types the runtime
/// checks.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckedValue<'a> {
    /// A string field's text (a number's or a boolean's made for it).
    Text(Cow<'a, str>),
    /// An object field's object.
    Object(&'a Map<String, Value>),
}

impl<'a> CheckedValue<'a> {
    /// The text, for a string field.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            CheckedValue::Text(text) => Some(text),
            CheckedValue::Object(_) => None,
        }
    }

    /// The text taken out, for a string field.
    pub fn into_text(self) -> Option<Cow<'a, str>> {
        match self {
            CheckedValue::Text(text) => Some(text),
            CheckedValue::Object(_) => None,
        }
    }

    /// The object, for an object field.
    pub fn as_object(&self) -> Option<&'a Map<String, Value>> {
        match self {
            CheckedValue::Object(map) => Some(map),
            CheckedValue::Text(_) => None,
        }
    }
}

/// A payload that passed [`check`]: each field's value, absent ones as `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked<'a> {
    fields: Vec<(&'static str, Option<CheckedValue<'a>>)>,
}

impl<'a> Checked<'a> {
    /// The checked value of the field `name`; `None` when it is absent or not one of the fields.
    pub fn get(&self, name: &str) -> Option<&CheckedValue<'a>> {
        self.fields
            .iter()
            .find(|(field, _)| *field == name)
            .and_then(|(_, value)| value.as_ref())
    }

    /// The field `name` taken out (then absent).
    pub fn take(&mut self, name: &str) -> Option<CheckedValue<'a>> {
        self.fields
            .iter_mut()
            .find(|(field, _)| *field == name)
            .and_then(|(_, value)| value.take())
    }

    /// The text of the string field `name`.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(CheckedValue::as_text)
    }

    /// The text of the string field `name`, taken out.
    pub fn take_text(&mut self, name: &str) -> Option<Cow<'a, str>> {
        self.take(name).and_then(CheckedValue::into_text)
    }

    /// The object field `name`.
    pub fn object(&self, name: &str) -> Option<&'a Map<String, Value>> {
        self.get(name).and_then(CheckedValue::as_object)
    }
}

/// Why a payload fails its fields' schema; `Display` words it as the reference runtime does.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The payload is not an object.
    #[error("The root value must be an object but it was {}.", article(.found))]
    PayloadNotAnObject {
        /// The JSON type it is (`array`, `string`, …).
        found: &'static str,
    },
    /// A required field is absent (or `null`, or `""`).
    #[error("The root value is missing the required field '{field}'.")]
    Missing {
        /// The field.
        field: &'static str,
    },
    /// A string field holds an object, or an array of other than one primitive.
    #[error("{} must be a string but it was {}.", Capitalized(.label), article(.found))]
    NotAString {
        /// The field.
        field: &'static str,
        /// Its label (its key when it has none), as the message names it.
        label: &'static str,
        /// The JSON type it holds.
        found: &'static str,
    },
    /// An object field holds something else.
    #[error("{} must be an object but it was {}.", Capitalized(.label), article(.found))]
    NotAnObject {
        /// The field.
        field: &'static str,
        /// Its label (its key when it has none), as the message names it.
        label: &'static str,
        /// The JSON type it holds.
        found: &'static str,
    },
}

impl SchemaError {
    /// The field the error is about; `None` for a payload that is not an object.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            SchemaError::PayloadNotAnObject { .. } => None,
            SchemaError::Missing { field }
            | SchemaError::NotAString { field, .. }
            | SchemaError::NotAnObject { field, .. } => Some(field),
        }
    }
}

struct Capitalized<'a>(&'a str);

impl fmt::Display for Capitalized<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars();
        if let Some(first) = chars.next() {
            write!(f, "{}", first.to_uppercase())?;
        }
        f.write_str(chars.as_str())
    }
}

fn article(found: &str) -> String {
    match found.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u') => format!("an {found}"),
        _ => format!("a {found}"),
    }
}

/// Check `payload` against `fields`: the required ones present first, then each one's type, in
/// the order given.
pub fn check<'a>(payload: &'a Value, fields: &[Field]) -> Result<Checked<'a>, SchemaError> {
    let Value::Object(map) = payload else {
        return Err(SchemaError::PayloadNotAnObject {
            found: type_name(payload),
        });
    };
    if let Some(field) = fields
        .iter()
        .find(|field| field.required && present(map.get(field.name)).is_none())
    {
        return Err(SchemaError::Missing { field: field.name });
    }
    let fields = fields
        .iter()
        .map(|field| Ok((field.name, field.check_value(map.get(field.name))?)))
        .collect::<Result<_, _>>()?;
    Ok(Checked { fields })
}

/// A top-level field as the runtime keeps it: `null` and `""` are removed before the check.
pub fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|value| !is_empty_at_top(value))
}

/// What the runtime drops from the top level of a payload before checking it: `null`, `""`.
pub fn is_empty_at_top(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// A string field's text, with ajv's coercions: a number or a boolean as its text, a
/// one-element array of a string, number or boolean as that element; `None` for anything else.
pub fn text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(js::number_text(n))),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Array(items) => match items.as_slice() {
            [item @ (Value::String(_) | Value::Number(_) | Value::Bool(_))] => text(item),
            _ => None,
        },
        Value::Null | Value::Object(_) => None,
    }
}

/// The JSON type of a value, as ajv names it.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn coercions() {
        let field = Field::string("x");
        let text_of = |value: Value| {
            field
                .check_value(Some(&value))
                .map(|v| v.and_then(CheckedValue::into_text).map(Cow::into_owned))
        };
        assert_eq!(text_of(json!(1.0)), Ok(Some("1".into())));
        assert_eq!(text_of(json!(false)), Ok(Some("false".into())));
        assert_eq!(text_of(json!([7])), Ok(Some("7".into())));
        assert_eq!(text_of(json!(null)), Ok(None));
        assert!(text_of(json!([1, 2])).is_err());
        assert!(text_of(json!([[1]])).is_err());
        assert!(Field::object("o").check_value(Some(&json!([]))).is_err());
    }

    #[test]
    fn required_first_then_types_in_order() {
        let fields = [Field::object("a"), Field::string("b").required()];
        assert_eq!(
            check(&json!({"a": 1}), &fields),
            Err(SchemaError::Missing { field: "b" })
        );
        assert_eq!(
            check(&json!({"a": 1, "b": "x"}), &fields)
                .unwrap_err()
                .field(),
            Some("a")
        );
        assert!(matches!(
            check(&json!([]), &fields),
            Err(SchemaError::PayloadNotAnObject { found: "array" })
        ));
    }
}
