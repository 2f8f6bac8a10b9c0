//! JSON Schemas of the payloads (feature `schemars`), describing what the parser accepts:
//! numbers as numeric strings, stringified JSON, unknown keys.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_with::schemars_1::JsonSchemaAs;

use crate::destination::SprigCall;
use crate::source::{Integrations, SourceEvent};
use crate::webhook::{
    AnswerSubmitted, QuestionType, QuestionTypeId, ResponseGroupUid, SelectedIndexes, StudySeen,
    StudySent, StudyStatusChanged, StudySubmitted, TestPing, ThemeIdentified, WebhookEvent,
};
use crate::wire::model::Unchecked;
use crate::wire::tolerance::{Id, IntOrString, JsonInString, NullIsValue, Rfc3339};
use crate::wire::{EpochMillis, Loose, TextOrNumber, Timestamp};

/// A schema given by a `json_schema!` literal, for types whose JSON is simple.
macro_rules! literal_schema {
    ($($(#[$meta:meta])* $ty:ty => $name:literal, $schema:tt;)*) => {
        $(
            impl JsonSchema for $ty {
                fn schema_name() -> Cow<'static, str> {
                    $name.into()
                }
                fn json_schema(_: &mut SchemaGenerator) -> Schema {
                    json_schema!($schema)
                }
            }
        )*
    };
}

/// The same for `serde_with` adapters.
macro_rules! literal_schema_as {
    ($($adapter:ty as $ty:ty => $name:literal, $schema:tt;)*) => {
        $(
            impl JsonSchemaAs<$ty> for $adapter {
                fn schema_name() -> Cow<'static, str> {
                    $name.into()
                }
                fn json_schema(_: &mut SchemaGenerator) -> Schema {
                    json_schema!($schema)
                }
            }
        )*
    };
}

literal_schema_as! {
    IntOrString as u64 => "IntegerOrNumericString",
        {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "^\\+?[0-9]+$"}]};
    IntOrString as u32 => "IntegerOrNumericString",
        {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "^\\+?[0-9]+$"}]};
    Rfc3339 as chrono::DateTime<chrono::Utc> => "Rfc3339DateTime",
        {"type": "string", "format": "date-time"};
    Id as String => "TextOrScalar",
        {"type": ["string", "number", "boolean"]};
}

impl<T: JsonSchema> JsonSchemaAs<Option<T>> for NullIsValue {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<T: crate::source::Lazily + JsonSchema> JsonSchemaAs<Option<crate::source::Lazy<T>>>
    for crate::source::ReadAtOnce
{
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<T: JsonSchema> JsonSchemaAs<T> for Unchecked {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<T: JsonSchema> JsonSchema for Loose<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Loose_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let typed = generator.subschema_for::<T>();
        json_schema!({
            "description": "of the type given, or any other JSON value, kept as it came",
            "anyOf": [typed, {}]
        })
    }
}

impl<T: JsonSchema> JsonSchemaAs<Option<T>> for JsonInString {
    fn schema_name() -> Cow<'static, str> {
        format!("JsonInString_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let inner = generator.subschema_for::<T>();
        json_schema!({
            "anyOf": [inner, {"type": "string", "description": "the same, stringified; \"\" for none"}, {"type": "null"}]
        })
    }
}

literal_schema! {
    EpochMillis => "EpochMilliseconds",
        {"anyOf": [{"type": "number"}, {"type": "string", "pattern": "^-?[0-9]+$"}]};
    Timestamp => "Timestamp",
        {"description": "RFC 3339 by the spec; any value is kept as it came"};
    TextOrNumber => "TextOrNumber", {"type": ["string", "number"]};
    QuestionType => "QuestionType", {"type": "string"};
    QuestionTypeId => "QuestionTypeId", {"type": ["string", "integer"]};
    ResponseGroupUid => "ResponseGroupUid", {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0}]};
    SelectedIndexes => "SelectedIndexes", {"anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "array", "items": {"type": "integer", "minimum": 0}}
    ]};
    Integrations => "Integrations", {"type": "object"};
    SprigCall => "SprigCall", {"type": "array", "prefixItems": [{"type": "string"}], "minItems": 1, "maxItems": 2};
}

/// The schema of any webhook: one of the kinds' (from the kinds table), or any object.
macro_rules! webhook_event_schema {
    ($($variant:ident($ty:ident) = $name:literal, $doc:literal;)*) => {
        impl JsonSchema for WebhookEvent {
            fn schema_name() -> Cow<'static, str> {
                "WebhookEvent".into()
            }

            fn json_schema(generator: &mut SchemaGenerator) -> Schema {
                let kinds = [
                    $( generator.subschema_for::<$ty>(), )*
                    json_schema!({"type": "object"}),
                ];
                json_schema!({ "anyOf": kinds })
            }
        }
    };
}
crate::webhook::webhook_kinds!(webhook_event_schema);

impl JsonSchema for SourceEvent {
    fn schema_name() -> Cow<'static, str> {
        "SourceEvent".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        use crate::source::{Alias, Group, Identify, Page, Screen, Track};
        let calls = [
            generator.subschema_for::<Identify>(),
            generator.subschema_for::<Track>(),
            generator.subschema_for::<Alias>(),
            generator.subschema_for::<Page>(),
            generator.subschema_for::<Screen>(),
            generator.subschema_for::<Group>(),
        ];
        json_schema!({ "anyOf": calls })
    }
}
