//! Which kind a payload is: one table, read by the guess from the bytes, by each model's own
//! check of what it read, and by [`WebhookEvent::from_value`](super::WebhookEvent::from_value).

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::wire::keep::{KeySeed, Seen};
use crate::wire::model::Watch;
use crate::wire::sniff::{KeyFinder, KeyPair};
use crate::wire::value_set::closed_set;

/// [`WebhookKind`], one variant per row of the kinds table, and `Unknown`.
macro_rules! webhook_kind {
    ($($variant:ident($ty:ident) = $name:literal, $doc:literal;)*) => {
        closed_set! {
            /// The kind of a [`WebhookEvent`](super::WebhookEvent).
            ///
            /// The body has no single type field; a kind is decided by [`WebhookKind::RULES`],
            /// from `eventType`, `eventName`, `action` and `themename`. The seed's Sent and Seen
            /// examples sit under each other's headings, so the payload decides, never the
            /// docs' section.
            pub enum WebhookKind {
                $( #[doc = $doc] $variant = $name, )*
                /// Not recognised.
                Unknown = "unknown",
            }
            /// The error of parsing a [`WebhookKind`] from a name that is none of its `as_str`
            /// values.
            error UnknownKind = "not a webhook kind name";
        }
    };
}
super::webhook_kinds!(webhook_kind);

/// How one kind is recognised: a row of [`WebhookKind::RULES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct KindRule {
    /// The kind.
    pub kind: WebhookKind,
    /// The `eventName` that names this kind. A non-empty `eventName` decides alone (after
    /// `eventType: "TEST"`): one that no rule names is a kind this crate does not know.
    pub event_name: Option<&'static str>,
    /// How the kind is told when the payload has no `eventName` (or an empty one).
    pub otherwise: Otherwise,
}

/// How a kind is told without an `eventName`. The variants apply in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Otherwise {
    /// `eventType` has this value; decides before `eventName` does.
    EventTypeFirst(&'static str),
    /// `eventType` has this value.
    EventType(&'static str),
    /// `action` has this value.
    Action(&'static str),
    /// `themename` is present and not null, and `eventType` is absent or empty.
    ThemeNameWithoutEventType,
    /// Never: the kind has an `eventName`, or is none of the others.
    Never,
}

/// What a payload holds at its four discriminating keys (empty strings count as absent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Discriminators<'a> {
    pub(crate) event_type: Option<&'a str>,
    pub(crate) event_name: Option<&'a str>,
    pub(crate) action: Option<&'a str>,
    pub(crate) theme_name: bool,
}

impl WebhookKind {
    /// How each kind is recognised. This table is the only place the crate decides a kind:
    /// the guess from the bytes, each model's check of what it read, and
    /// [`WebhookEvent::from_value`](super::WebhookEvent::from_value) all read it, and the table
    /// below is checked against it by a test.
    ///
    #[doc = include_str!("kinds.md")]
    pub const RULES: &'static [KindRule] = &[
        KindRule {
            kind: WebhookKind::Test,
            event_name: None,
            otherwise: Otherwise::EventTypeFirst("TEST"),
        },
        KindRule {
            kind: WebhookKind::AnswerSubmitted,
            event_name: Some("surveyResponse"),
            otherwise: Otherwise::EventType("survey_response"),
        },
        KindRule {
            kind: WebhookKind::StudySubmitted,
            event_name: Some("surveySubmitted"),
            otherwise: Otherwise::Action("completed"),
        },
        KindRule {
            kind: WebhookKind::StudySent,
            event_name: Some("studySent"),
            otherwise: Otherwise::Action("sent"),
        },
        KindRule {
            kind: WebhookKind::StudySeen,
            event_name: Some("studySeen"),
            otherwise: Otherwise::Action("seen"),
        },
        KindRule {
            kind: WebhookKind::StudyStatusChanged,
            event_name: Some("surveyStatusChange"),
            otherwise: Otherwise::Never,
        },
        KindRule {
            kind: WebhookKind::ThemeIdentified,
            event_name: None,
            otherwise: Otherwise::ThemeNameWithoutEventType,
        },
    ];

    /// The text of [`WebhookKind::RULES`] that `text` equals (an `eventName`, an `eventType` or
    /// an `action` value), or the empty string (which the rules read as absent).
    pub(crate) fn named(text: &str) -> Option<&'static str> {
        if text.is_empty() {
            return Some("");
        }
        WebhookKind::RULES.iter().find_map(|rule| {
            let otherwise = match rule.otherwise {
                Otherwise::EventTypeFirst(t) | Otherwise::EventType(t) | Otherwise::Action(t) => {
                    Some(t)
                }
                Otherwise::ThemeNameWithoutEventType | Otherwise::Never => None,
            };
            [rule.event_name, otherwise]
                .into_iter()
                .flatten()
                .find(|named| *named == text)
        })
    }

    /// The kind [`WebhookKind::RULES`] give these discriminators.
    pub(crate) fn decide(found: Discriminators<'_>) -> WebhookKind {
        fn given(value: Option<&str>) -> Option<&str> {
            value.filter(|v| !v.is_empty())
        }
        let (event_type, event_name, action) = (
            given(found.event_type),
            given(found.event_name),
            given(found.action),
        );
        fn first(test: impl Fn(&Otherwise) -> bool) -> Option<WebhookKind> {
            WebhookKind::RULES
                .iter()
                .find(|rule| test(&rule.otherwise))
                .map(|rule| rule.kind)
        }
        let event_type_first =
            first(|o| matches!(o, Otherwise::EventTypeFirst(t) if Some(*t) == event_type));
        if let Some(kind) = event_type_first {
            return kind;
        }
        if let Some(name) = event_name {
            return WebhookKind::RULES
                .iter()
                .find(|rule| rule.event_name == Some(name))
                .map_or(WebhookKind::Unknown, |rule| rule.kind);
        }
        first(|o| matches!(o, Otherwise::EventType(t) if Some(*t) == event_type))
            .or_else(|| first(|o| matches!(o, Otherwise::Action(a) if Some(*a) == action)))
            .or_else(|| {
                (event_type.is_none() && found.theme_name)
                    .then(|| first(|o| matches!(o, Otherwise::ThemeNameWithoutEventType)))
                    .flatten()
            })
            .unwrap_or(WebhookKind::Unknown)
    }

    /// The kind of a payload already read into a JSON object.
    pub(crate) fn of_map(map: &Map<String, Value>) -> WebhookKind {
        let text = |key: &str| map.get(key).and_then(Value::as_str);
        WebhookKind::decide(Discriminators {
            event_type: text("eventType"),
            event_name: text("eventName"),
            action: text("action"),
            theme_name: map.get("themename").is_some_and(|v| !v.is_null()),
        })
    }

    /// Bodies up to this long are searched from the end for their discriminating keys; longer
    /// ones from the start.
    const GUESSED_FROM_THE_END: usize = 2048;

    /// A guess at a body's kind from the discriminating keys, without parsing: for a short body
    /// their last occurrences, for a long one their first; the model of the guessed kind checks
    /// it while reading.
    pub(crate) fn guess(text: &str) -> WebhookKind {
        static EVENT: LazyLock<KeyPair> =
            LazyLock::new(|| KeyPair::new("\"eventType\"", "\"eventName\""));
        static ACTION: LazyLock<KeyFinder> = LazyLock::new(|| KeyFinder::new("\"action\""));
        static THEME_NAME: LazyLock<KeyFinder> = LazyLock::new(|| KeyFinder::new("\"themename\""));

        // Sprig writes `eventType` and `eventName` near the end of a payload, so a short one is
        // searched from the end, and the search stops early at an `eventType` that a rule names
        // (an `eventName` further back that disagrees makes the guess wrong, which the model's
        // check catches). An `eventName` alone does not stop it: a `TEST` before it would
        // decide. A long body (a long answer) is searched from the start, so that the keys
        // before a long value are found without searching through it.
        let event_type_decides = |[event_type, _]: [Option<&str>; 2]| {
            WebhookKind::decide(Discriminators {
                event_type,
                ..Discriminators::default()
            }) != WebhookKind::Unknown
        };
        let [event_type, event_name] = if text.len() <= Self::GUESSED_FROM_THE_END {
            EVENT.last_strings_until(text, event_type_decides)
        } else {
            EVENT.first_strings(text)
        };
        let event_name = event_name.filter(|n| !n.is_empty());
        if event_name.is_some() {
            return WebhookKind::decide(Discriminators {
                event_type,
                event_name,
                ..Discriminators::default()
            });
        }
        // Without an `eventName`, an `eventType` the rules know decides before `action` and
        // `themename` are looked at, so their scans are saved too.
        let by_event_type = WebhookKind::decide(Discriminators {
            event_type,
            ..Discriminators::default()
        });
        if by_event_type != WebhookKind::Unknown {
            return by_event_type;
        }
        WebhookKind::decide(Discriminators {
            event_type,
            event_name: None,
            action: ACTION.first_string(text),
            theme_name: THEME_NAME.occurs_in(text.as_bytes()),
        })
    }
}

/// What a model reads at the discriminating keys, typed or not, noted while it reads.
#[derive(Default)]
pub(crate) struct KindTags {
    event_type: Seen,
    event_name: Seen,
    action: Seen,
    theme_name: Seen,
}

impl Watch for KindTags {
    type Expect = WebhookKind;

    fn verify(&self, kind: &WebhookKind) -> Result<(), String> {
        self.check_kind(*kind)
    }

    #[inline]
    fn slot(&mut self, key: &str) -> Option<&mut Seen> {
        match key {
            "eventType" => Some(&mut self.event_type),
            "eventName" => Some(&mut self.event_name),
            "action" => Some(&mut self.action),
            "themename" => Some(&mut self.theme_name),
            _ => None,
        }
    }
}

impl KindTags {
    /// The kind the noted keys give.
    pub(crate) fn kind(&self) -> WebhookKind {
        WebhookKind::decide(Discriminators {
            event_type: self.event_type.text(),
            event_name: self.event_name.text(),
            action: self.action.text(),
            theme_name: self.theme_name.is_value(),
        })
    }

    /// A model's check that the payload it read is of its kind.
    pub(crate) fn check_kind(&self, kind: WebhookKind) -> Result<(), String> {
        match self.kind() {
            found if found == kind => Ok(()),
            found => Err(format!(
                "not a {kind} payload: its eventType, eventName, action and themename make it {found}"
            )),
        }
    }
}

/// A payload of a kind this crate does not know, kept whole. A discriminating key given twice
/// is refused, as every model and the probe refuse it, so that the reader a body meets first
/// (the guess from the bytes picks it) never changes the result; so is a payload whose
/// discriminating keys name a known kind, as a model refuses a payload of another kind.
pub(crate) struct UnknownPayload(pub(crate) Map<String, Value>);

impl<'de> Deserialize<'de> for UnknownPayload {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;

        impl<'de> Visitor<'de> for Entries {
            type Value = UnknownPayload;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a webhook payload (a JSON object)")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Self::Value, A::Error> {
                let mut map = Map::new();
                let mut tags = KindTags::default();
                while let Some(key) = entries.next_key_seed(KeySeed)? {
                    let value: Value = entries.next_value()?;
                    if let Some(seen) = tags.slot(&key) {
                        seen.note(&key, &value)?;
                    }
                    map.insert(key.into_owned(), value);
                }
                tags.check_kind(WebhookKind::Unknown)
                    .map_err(de::Error::custom)?;
                Ok(UnknownPayload(map))
            }
        }

        d.deserialize_map(Entries)
    }
}

/// The discriminating keys of a payload, read without allocating; everything else is skipped.
/// Used when the guess from the bytes was wrong.
#[derive(Deserialize)]
#[serde(expecting = "a webhook payload (a JSON object)")]
pub(crate) struct Probe<'a> {
    #[serde(
        rename = "eventType",
        borrow,
        default,
        deserialize_with = "lenient_str"
    )]
    event_type: Option<Cow<'a, str>>,
    #[serde(
        rename = "eventName",
        borrow,
        default,
        deserialize_with = "lenient_str"
    )]
    event_name: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "lenient_str")]
    action: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "present")]
    themename: bool,
}

impl Probe<'_> {
    pub(crate) fn kind(&self) -> WebhookKind {
        WebhookKind::decide(Discriminators {
            event_type: self.event_type.as_deref(),
            event_name: self.event_name.as_deref(),
            action: self.action.as_deref(),
            theme_name: self.themename,
        })
    }
}

/// Whether a key holds something other than null.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Option::<de::IgnoredAny>::deserialize(d).map(|v| v.is_some())
}

/// A string read without allocating when it has no escapes; any other type reads as `None`
/// (the value only steers, and the typed read judges it).
fn lenient_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
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

#[cfg(test)]
mod tests {
    use super::{Discriminators, Otherwise, WebhookKind};

    /// Every combination of the discriminating keys' values the rules name (and others), written
    /// at the top level of a body in Sprig's order (`eventType` before `eventName`), short or
    /// long (searched from the end, or from the start): the guess from the bytes, which skips
    /// scans it does not need, gives the kind the whole table gives. (With `eventName` first, a
    /// short body's guess may stop at an `eventType` that disagrees; the model's check catches
    /// that, and `every_webhook_fixture_is_parsed_once` counts the price.)
    #[test]
    fn the_guess_from_the_bytes_agrees_with_the_table() {
        let mut event_types = vec![None, Some(""), Some("other")];
        let mut event_names = vec![None, Some(""), Some("other")];
        let mut actions = vec![None, Some(""), Some("other")];
        for rule in WebhookKind::RULES {
            event_names.extend(rule.event_name.map(Some));
            match rule.otherwise {
                Otherwise::EventTypeFirst(t) | Otherwise::EventType(t) => event_types.push(Some(t)),
                Otherwise::Action(a) => actions.push(Some(a)),
                Otherwise::ThemeNameWithoutEventType | Otherwise::Never => {}
            }
        }
        for &event_type in &event_types {
            for &event_name in &event_names {
                for &action in &actions {
                    for (theme_name, long) in
                        [(false, false), (false, true), (true, false), (true, true)]
                    {
                        let mut body = String::from("{\"id\":1");
                        if long {
                            let note = "x".repeat(WebhookKind::GUESSED_FROM_THE_END);
                            body.push_str(&format!(",\"note\":\"{note}\""));
                        }
                        for (key, value) in [
                            ("eventType", event_type),
                            ("eventName", event_name),
                            ("action", action),
                            ("themename", theme_name.then_some("Speed")),
                        ] {
                            if let Some(value) = value {
                                body.push_str(&format!(",\"{key}\":\"{value}\""));
                            }
                        }
                        body.push('}');
                        let found = Discriminators {
                            event_type,
                            event_name,
                            action,
                            theme_name,
                        };
                        assert_eq!(
                            WebhookKind::guess(&body),
                            WebhookKind::decide(found),
                            "{body}"
                        );
                    }
                }
            }
        }
    }

    /// The table of the docs, written from [`WebhookKind::RULES`].
    fn rules_as_markdown() -> String {
        let mut text = String::from("| kind | `eventName` | otherwise |\n| --- | --- | --- |\n");
        for &rule in WebhookKind::RULES {
            let name = rule.event_name.map_or("—".to_owned(), |n| format!("`{n}`"));
            let otherwise = match rule.otherwise {
                Otherwise::EventTypeFirst(t) => {
                    format!("`eventType: \"{t}\"`, before anything else")
                }
                Otherwise::EventType(t) => format!("`eventType: \"{t}\"`"),
                Otherwise::Action(a) => format!("`action: \"{a}\"`"),
                Otherwise::ThemeNameWithoutEventType => {
                    "`themename` present and no `eventType`".to_owned()
                }
                Otherwise::Never => "—".to_owned(),
            };
            text.push_str(&format!("| `{}` | {name} | {otherwise} |\n", rule.kind));
        }
        text.push_str(
            "\nAnything else is `unknown`. A non-empty `eventName` decides alone, after \
             `eventType: \"TEST\"`; without one, `eventType` is checked before `action`.\n",
        );
        text
    }

    #[test]
    fn the_docs_show_the_table_the_code_reads() {
        assert_eq!(include_str!("kinds.md"), rules_as_markdown());
    }
}
