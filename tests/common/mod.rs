//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use sprig_events::WebhookKind;

/// The `*.json` files directly in `fixtures/<dir>`, sorted.
pub fn fixtures(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| !p.to_string_lossy().ends_with(".expect.json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", root.display());
    files
}

/// The bytes of `fixtures/webhooks/<name>` (`name` with its extension, e.g. `test_seed_ping.json`).
pub fn webhook_fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/webhooks")
        .join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn name(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

// ---------------------------------------------------------------------------------------------
// Lossless: the re-serialized JSON is the original, but for the canonical form's documented
// changes at the documented fields.

/// Assert that `out`, a webhook of `kind` re-serialized, is `original` exactly, except where the
/// canonical form documents a change (see [`lossless_webhook`]).
pub fn assert_lossless_webhook(fixture: &str, kind: WebhookKind, original: &Value, out: &Value) {
    if let Err(at) = lossless_webhook(kind, original, out) {
        panic!(
            "{fixture}: re-serialized JSON differs at {at}\noriginal: {original:#}\nout: {out:#}"
        );
    }
}

/// Assert that `out`, a source event re-serialized, is `original` exactly, except where the
/// canonical form documents a change (see [`lossless_source`]).
pub fn assert_lossless_source(fixture: &str, original: &Value, out: &Value) {
    if let Err(at) = lossless_source(original, out) {
        panic!(
            "{fixture}: re-serialized JSON differs at {at}\noriginal: {original:#}\nout: {out:#}"
        );
    }
}

/// What a field may become between the wire and the canonical form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Nothing: the same JSON value (a number of the same kind and value, the same string).
    Exact,
    /// An integer id, count or epoch-milliseconds: a string of digits or a float with a zero
    /// fraction may become that integer.
    Int,
    /// A text id: a number or a boolean may become the text JavaScript's `String()` gives it.
    JsText,
    /// An RFC 3339 time: the same instant, written in UTC (`Z`).
    Instant,
    /// JSON that may arrive in a string: the string may become the JSON it holds (decoded
    /// once), and `""` or `"null"` may become an absent key.
    JsonInString,
    /// `responseGroupUid`: a UUID may be re-cased to lowercase; a numeric one is an [`Rule::Int`].
    Uid,
    /// An answer whose question type decodes it (not open, multiplechoice or unknown): as
    /// [`Rule::Int`] or [`Rule::JsonInString`].
    DecodedAnswer,
    /// `questionTypeId`: a numeric one as [`Rule::Int`], a name exactly.
    QuestionTypeId,
    /// Study Submitted's `questions`: each entry's `order` an [`Rule::Int`], its `response` by
    /// its own `questionType`.
    SubmittedQuestions,
    /// Study Status Changed's `questions`: each entry's `questionTypeId`.
    StatusQuestions,
}

/// Question types whose answer the canonical form decodes (case-insensitive).
pub const DECODED_TYPES: [&str; 10] = [
    "nps",
    "likert",
    "multipleselect",
    "matrix",
    "consentlegal",
    "videovoice",
    "recordedtask",
    "texturlprompt",
    "rankorder",
    "maxdiff",
];

fn decoded_answer(question_type: Option<&Value>) -> Rule {
    match question_type.and_then(Value::as_str) {
        Some(t) if DECODED_TYPES.iter().any(|d| d.eq_ignore_ascii_case(t)) => Rule::DecodedAnswer,
        _ => Rule::Exact,
    }
}

/// The rule of a top-level key of a webhook of `kind`, written out from the crate docs' table
/// and each kind's field list. Keys the kind does not model are unknown keys: exact.
fn webhook_rule(kind: WebhookKind, key: &str, original: &Map<String, Value>) -> Rule {
    use WebhookKind as K;
    match (kind, key) {
        (K::AnswerSubmitted | K::Test, "id") => Rule::Int,
        (
            K::AnswerSubmitted
            | K::StudySubmitted
            | K::StudySent
            | K::StudySeen
            | K::StudyStatusChanged
            | K::Test,
            "surveyId",
        ) => Rule::Int,
        (
            K::StudySubmitted
            | K::StudySent
            | K::StudySeen
            | K::StudyStatusChanged
            | K::ThemeIdentified,
            "productId",
        ) => Rule::Int,
        (K::StudySent | K::StudySeen, "teamId") => Rule::Int,
        (K::AnswerSubmitted | K::StudySent | K::StudySeen, "oldVisitorId") => Rule::Int,
        (K::AnswerSubmitted | K::StudySent | K::StudySeen, "userId" | "anonymousId") => {
            Rule::JsText
        }
        (K::AnswerSubmitted | K::StudySubmitted | K::StudySent | K::StudySeen, "timestamp") => {
            Rule::Int
        }
        (K::AnswerSubmitted, "createdAt")
        | (K::StudySubmitted | K::StudySent | K::StudySeen, "eventDate")
        | (K::ThemeIdentified, "updatedAt") => Rule::Instant,
        (
            K::AnswerSubmitted | K::StudySubmitted | K::StudySent | K::StudySeen,
            "responseGroupUid",
        ) => Rule::Uid,
        (K::AnswerSubmitted | K::StudySent | K::StudySeen, "attributes" | "customMetadata")
        | (K::AnswerSubmitted, "eventProperties" | "selectedIndexes") => Rule::JsonInString,
        (K::AnswerSubmitted, "response") => decoded_answer(original.get("questionType")),
        (K::StudySubmitted, "questions") => Rule::SubmittedQuestions,
        (K::StudyStatusChanged, "questions") => Rule::StatusQuestions,
        _ => Rule::Exact,
    }
}

/// The rule of a top-level key of a source event: the ids the destination reads (and a
/// track's `event`) are text; everything else, timestamps and context included, is exact.
fn source_rule(key: &str, original: &Map<String, Value>) -> Rule {
    match key {
        "userId" | "anonymousId" => Rule::JsText,
        "event" if original.get("type") == Some(&Value::from("track")) => Rule::JsText,
        _ => Rule::Exact,
    }
}

/// `Ok` when `out` is `original` but for the documented changes of a webhook of `kind`:
///
/// - integer ids (`id`, `surveyId`, `productId`, `teamId`, `oldVisitorId`, `questions[i].order`,
///   a numeric `questions[i].questionTypeId` or `responseGroupUid`) and `timestamp`: a string of
///   digits or a zero-fraction float may become the integer;
/// - `userId`, `anonymousId`: a number or boolean may become its JavaScript text;
/// - `createdAt`, `eventDate`, `updatedAt`: the same instant, written RFC 3339 in UTC;
/// - `attributes`, `customMetadata`, `eventProperties`, `selectedIndexes`: a string holding JSON
///   may become that JSON, and `""` or `"null"` an absent key;
/// - `response` (top level and `questions[i].response`) of a type other than open,
///   multiplechoice or an unknown one: as an integer id, or as JSON in a string;
/// - a UUID `responseGroupUid` may be re-cased to lowercase.
///
/// Keys the kind does not model are compared exactly. `Err` names the first path that differs.
pub fn lossless_webhook(kind: WebhookKind, original: &Value, out: &Value) -> Result<(), String> {
    match (original, out) {
        (Value::Object(a), Value::Object(b)) if kind != WebhookKind::Unknown => {
            object(a, b, "", |key| webhook_rule(kind, key, a))
        }
        _ => exact(original, out, ""),
    }
}

/// `Ok` when `out` is `original` but for the documented changes of a source event: `userId`,
/// `anonymousId` and a track's `event` given as a number or boolean may become its JavaScript
/// text. Everything else is exact. `Err` names the first path that differs.
pub fn lossless_source(original: &Value, out: &Value) -> Result<(), String> {
    match (original, out) {
        (Value::Object(a), Value::Object(b)) => object(a, b, "", |key| source_rule(key, a)),
        _ => exact(original, out, ""),
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        format!("`{key}`")
    } else {
        format!("{}.{key}`", at.trim_end_matches('`'))
    }
}

fn index(at: &str, i: usize) -> String {
    format!("{}[{i}]`", at.trim_end_matches('`'))
}

/// Compare two objects key by key, each by the rule `rule_of` gives its key.
fn object(
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    at: &str,
    rule_of: impl Fn(&str) -> Rule,
) -> Result<(), String> {
    for (key, value) in a {
        let here = join(at, key);
        let rule = rule_of(key);
        match b.get(key) {
            Some(written) => field(rule, value, written, &here)?,
            None if may_vanish(rule, value) => {}
            None => return Err(format!("{here} (dropped)")),
        }
    }
    match b.keys().find(|key| !a.contains_key(*key)) {
        Some(added) => Err(format!("{} (added)", join(at, added))),
        None => Ok(()),
    }
}

/// Whether the value of a key under `rule` may be written as no key at all.
fn may_vanish(rule: Rule, value: &Value) -> bool {
    matches!(rule, Rule::JsonInString | Rule::DecodedAnswer)
        && (value == &Value::from("") || value == &Value::from("null"))
}

fn field(rule: Rule, a: &Value, b: &Value, at: &str) -> Result<(), String> {
    if exact(a, b, at).is_ok() {
        return Ok(());
    }
    let allowed = match rule {
        Rule::Exact => return exact(a, b, at),
        Rule::Int | Rule::QuestionTypeId => integer_of(a).is_some_and(|n| is_integer(b, n)),
        Rule::JsText => js_text_of(a).is_some_and(|text| b.as_str() == Some(&text)),
        Rule::Instant => same_instant_in_utc(a, b),
        Rule::JsonInString => decoded_once(a).is_some_and(|decoded| decoded == *b),
        Rule::Uid => {
            integer_of(a).is_some_and(|n| is_integer(b, n))
                || matches!((a, b), (Value::String(a), Value::String(b))
                    if a.to_ascii_lowercase() == *b && a.len() == 36)
        }
        Rule::DecodedAnswer => {
            integer_of(a).is_some_and(|n| is_integer(b, n))
                || decoded_once(a).is_some_and(|decoded| decoded == *b)
        }
        Rule::SubmittedQuestions => {
            return questions(a, b, at, |key, entry| match key {
                "order" => Rule::Int,
                "response" => decoded_answer(entry.get("questionType")),
                _ => Rule::Exact,
            })
        }
        Rule::StatusQuestions => {
            return questions(a, b, at, |key, _| match key {
                "questionTypeId" => Rule::QuestionTypeId,
                _ => Rule::Exact,
            })
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(format!("{at} ({rule:?}: {a} became {b})"))
    }
}

fn questions(
    a: &Value,
    b: &Value,
    at: &str,
    rule_of: impl Fn(&str, &Map<String, Value>) -> Rule,
) -> Result<(), String> {
    match (a, b) {
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let here = index(at, i);
                match (x, y) {
                    (Value::Object(x), Value::Object(y)) => {
                        object(x, y, &here, |key| rule_of(key, x))?
                    }
                    _ => exact(x, y, &here)?,
                }
            }
            Ok(())
        }
        _ => exact(a, b, at),
    }
}

/// The same JSON, down to the kind of number; `Err` names the deepest path that differs.
fn exact(a: &Value, b: &Value, at: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => object(x, y, at, |_| Rule::Exact),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                exact(x, y, &index(at, i))?;
            }
            Ok(())
        }
        (Value::Number(x), Value::Number(y)) if same_number(x, y) => Ok(()),
        (Value::Number(_), _) | (_, Value::Number(_)) => Err(format!("{at} ({a} became {b})")),
        _ if a == b => Ok(()),
        _ => Err(format!("{at} ({a} became {b})")),
    }
}

/// The same number, and the same kind of number: an integer stays an integer, a float a float.
fn same_number(a: &Number, b: &Number) -> bool {
    match (a.as_u64(), a.as_i64(), b.as_u64(), b.as_i64()) {
        (Some(x), _, Some(y), _) => x == y,
        (None, Some(x), None, Some(y)) => x == y,
        _ if a.is_f64() && b.is_f64() => a.as_f64() == b.as_f64(),
        _ => false,
    }
}

/// The integer a wire value stands for under [`Rule::Int`]: a non-negative integer, a string of
/// digits, or a float with a zero fraction.
fn integer_of(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) if n.is_u64() => n.as_u64(),
        Value::Number(n) if n.is_f64() => {
            let v = n.as_f64()?;
            // Only where the float holds the integer exactly.
            (v.fract() == 0.0 && (0.0..9_007_199_254_740_992.0).contains(&v)).then_some(v as u64)
        }
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()
        }
        _ => None,
    }
}

/// Whether `value` is written as the integer `n` (a JSON integer, not a float).
fn is_integer(value: &Value, n: u64) -> bool {
    matches!(value, Value::Number(m) if !m.is_f64() && m.as_u64() == Some(n))
}

/// The text JavaScript's `String(value)` gives a number or a boolean.
fn js_text_of(value: &Value) -> Option<String> {
    match value {
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => n.as_f64().map(js_number_to_string),
        _ => None,
    }
}

/// ECMAScript's Number::toString (ECMA-262, 6.1.6.1.20), from the shortest digits that read
/// back as `v` (which is what Rust's `{:e}` prints).
pub fn js_number_to_string(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if v < 0.0 {
        return format!("-{}", js_number_to_string(-v));
    }
    let scientific = format!("{v:e}");
    let (mantissa, exponent) = scientific.split_once('e').expect("`{:e}` has an exponent");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    // v = 0.d1d2…dk × 10^n
    let n = exponent.parse::<i32>().expect("an integer exponent") + 1;
    if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let sign = if n - 1 < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        format!("{first}{rest}e{sign}{}", (n - 1).abs())
    }
}

fn same_instant_in_utc(a: &Value, b: &Value) -> bool {
    match (a.as_str(), b.as_str()) {
        (Some(a), Some(b)) => match (
            DateTime::parse_from_rfc3339(a),
            DateTime::parse_from_rfc3339(b),
        ) {
            (Ok(x), Ok(y)) => x == y && b.ends_with('Z'),
            _ => false,
        },
        _ => false,
    }
}

/// The JSON a string holds, decoded once.
fn decoded_once(value: &Value) -> Option<Value> {
    value.as_str().and_then(|s| serde_json::from_str(s).ok())
}

// ---------------------------------------------------------------------------------------------
// Duplicate keys.

/// `Err` naming the key when any object in the JSON `text` has a key twice (compared after
/// unescaping, as a JSON reader sees them).
pub fn no_duplicate_keys(text: &str) -> Result<(), String> {
    let mut de = serde_json::Deserializer::from_str(text);
    NoDuplicates {
        at: String::from("$"),
    }
    .deserialize(&mut de)
    .map_err(|e| e.to_string())?;
    de.end().map_err(|e| e.to_string())
}

struct NoDuplicates {
    at: String,
}

impl<'de> DeserializeSeed<'de> for NoDuplicates {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NoDuplicates {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while seq
            .next_element_seed(NoDuplicates {
                at: format!("{}[{i}]", self.at),
            })?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let at = format!("{}.{key}", self.at);
            if !seen.insert(key) {
                return Err(de::Error::custom(format!("duplicate key at {at}")));
            }
            map.next_value_seed(NoDuplicates { at })?;
        }
        Ok(())
    }
}
