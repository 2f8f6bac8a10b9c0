//! Field mappings: Segment's mapping-kit directives, which Customer.io's destinations use to
//! build an action's fields from an event, evaluated exactly as the reference runtime
//! (`transform(mapping, event)` in `@segment/actions-core`) evaluates them.
//!
//! [`Mapping::new`] validates a mapping the way the reference does (every problem, each with
//! its path, in the reference's words) and compiles it once; [`Mapping::apply`] resolves it
//! against an event and removes `undefined` keys, as `transform` does.
//!
//! # Directives
//! A **directive object** has at least one key starting with `@`, and its other keys are `@…`
//! or `_metadata` (ignored); validation then requires exactly one `@` key. Anything else
//! resolves to itself: JSON primitives as they are, arrays element by element, objects key by
//! key.
//!
//! - `@path: "$.a.b"` — the value at that path; missing: the key is dropped; `null` stays.
//!   The first `$.` anywhere is removed (`$.` alone is the whole event); the path splits at `.`,
//!   at `[` before a digit or quote and at `]` after one (`a.b[0]`, `['a'].b`); a bracket
//!   elsewhere is part of the key (`[txt] non`). Each step reads `value[key]` while the value
//!   is truthy and stops at the first falsy one, which is the result (`0`, `""`, `false`,
//!   `null`). Strings and arrays have indices and `length` (strings in UTF-16 units). The
//!   option may be a directive that resolves to the path; any other result is an error
//!   (`@path: expected string, got number`).
//! - `@template: "Hi {{name}}"` — `{{path}}` and `{{{path}}}` (the same, no escaping)
//!   replaced by the value's text: missing or `null` as nothing, numbers as JavaScript prints
//!   them, arrays comma-joined, objects as `[object Object]`. The path is trimmed and not
//!   `$.`-stripped (`{{$.a}}` is empty); `{{ }}` is the whole event. Triple braces go first and
//!   their values are scanned again for double braces. Never `undefined`.
//! - `@literal: any` — its value, resolved: directives inside still run; a string is not a
//!   template.
//! - `@if: {exists | blank, then, else}` — `exists`: the value is not `undefined`/`null`;
//!   `blank`: besides, not loosely equal to `""` (`0`, `false`, `[]`, `""` are blank; `" "`
//!   and `"0"` are not). `exists` wins when both are given. A falsy raw `exists` *and* `blank`
//!   is an error; a falsy raw `else` (`0`, `false`, `""`, `null`) is never used, a falsy
//!   `then` is.
//! - `@case: {operator: "lower" | "upper", value}` — a string is lower- or upper-cased with
//!   Unicode's full mapping (`ß` → `SS`); anything else comes back unchanged. A falsy raw
//!   `value` gives `undefined`; another operator fails only on a string.
//! - `@replace: {pattern, replacement, pattern2, replacement2, value, ignorecase, global}` —
//!   literal replacement (`global` by default, case-sensitive by default); booleans and numbers
//!   are replaced in as text, anything else gives `""` (the key stays). The replacement uses
//!   JavaScript's `$` patterns (`$&`, `` $` ``, `$'`, `$$`). `pattern2` runs on the result.
//!   Pattern and replacement are limited to 10 UTF-16 units (`pattern2`/`replacement2` only
//!   when they run). Case-insensitive matching compares simple upper cases, as a JavaScript
//!   regular expression without the `u` flag does (`ß` matches only itself).
//! - `@arrayPath: [path, itemShape]` — the value at `path` (a string as for `@path`, or a
//!   directive). With a non-empty object `itemShape` and an object or array found, each item
//!   (a lone object as a list of one) is resolved with `itemShape`, **the item as the event**.
//!   Otherwise the value as found.
//! - `@json: {mode: "encode" | "decode", value}` — `JSON.stringify` (compact; keys in
//!   JavaScript's order; `undefined` stays `undefined`) or `JSON.parse` of a string (the string
//!   unchanged when it is not JSON). Validation accepts `ENCODE`; running it gives `undefined`.
//! - `@flatten: {value, separator, omitArrays}` — objects (and arrays, unless `omitArrays` is
//!   truthy) into one level, keys joined with the separator (`a.0.b`); empty objects and
//!   arrays vanish; a primitive becomes `{"": value}`.
//! - `@merge: {objects: [...], direction: "left" | "right"}` — a shallow `Object.assign` of the
//!   resolved entries; `right`: later entries win; `left`: earlier ones. `null` and `undefined`
//!   entries are skipped; a string spreads into index keys; an `undefined` property overwrites.
//! - `@transform: {apply, mapping}` — a full transform of `apply` against the event, then
//!   `mapping` resolved against its result.
//! - `@excludeWhenNull: any` — `null` becomes `undefined` (the key is dropped); an object loses
//!   its `null` properties, in nested objects too (not inside arrays).
//! - A root key `__segment_internal_directive` holding one directive object: that directive
//!   receives the other root keys as its `mapping`.
//! - `@liquid` is **not supported**: [`Mapping::new`] refuses a mapping that uses it
//!   ([`ProblemKind::Unsupported`], naming `@liquid` and its path).
//!
//! # Quirks kept
//! - The mapping is validated first as a whole; arrays are not looked into, so a directive
//!   inside an array is checked only by running it (`@oops is not a valid directive, got
//!   undefined` when reached), and an object inside an array with an `@` key and other keys is
//!   plain data.
//! - A root that is an array or a string becomes an object keyed by index (`["a"]` gives
//!   `{"0": "a"}`); a number or boolean root gives `{}`; a `null` root is an error.
//! - After resolution every `undefined` object property is removed, at any depth; `null`
//!   stays; an `undefined` array element stays, as `null`. A root that resolves to `undefined`
//!   gives `None`.
//! - Numbers become text as JavaScript's `String(n)` writes them (`1e+21`, `0.000001`,
//!   `1e-7`); JSON numbers are doubles to the reference, so `1.0` prints as `1`.
//! - Objects built while resolving keep JavaScript's key order (array-index keys first, in
//!   numeric order, then insertion order), which shows in `@json` encode's text and in which
//!   key wins in `@flatten`.
//!
//! # Known differences from the reference
//! - `@liquid` (see above).
//! - A `serde_json::Value` has no key order of its own (a sorted map, unless serde_json's
//!   `preserve_order` feature is on): objects of the event and of the mapping are read in
//!   the map's order, index keys first. Where the event's text order matters to the reference
//!   (`@json` encode of an event object, `@flatten` collisions), the result follows that order.
//! - Numbers taken from the event or the mapping come back as the JSON numbers they were
//!   (`1.0` stays `1.0`, an integer beyond 2^53 keeps its digits); the reference returns the
//!   double. Numbers this crate makes (`@json` decode, `length`) are written as JavaScript
//!   would (`1`, `null` for an infinite value).
//! - Properties inherited from JavaScript's prototypes (`constructor`, `toString`,
//!   `__proto__`, …) are missing keys here, and a `__proto__` key is an ordinary key.
//! - Rust strings cannot hold half a surrogate pair: where the reference would make one (a
//!   string's index or spread into keys, a `\ud800` escape in decoded JSON), this crate puts
//!   U+FFFD.
//! - Mappings, events and decoded JSON nested deeper than 256 arrays and objects are refused
//!   (an error, or for decoding the string unchanged); the reference has no such limit.
//! - Unicode tables (case mapping, white space) are Rust's, which may be a version apart from
//!   the Node.js the reference runs on.
//! - Validation comes first here: [`Mapping::new`] reports a mapping problem before any event
//!   is seen, where the reference would first reject an event that is not an object.
//! - The document this module follows was read from `@segment/actions-core` 3.177.0; the
//!   published 3.170.0 behaves the same in every case the differential test has compared.

mod compile;
mod error;
mod eval;
mod json_text;
mod path;
mod replace;
mod template;
mod validate;
mod value;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

pub use error::{MappingError, Problem, ProblemKind};

use compile::{Compiler, Node};
use value::{nests_deeper_than, Js, MAX_DEPTH};

/// A field mapping, validated and compiled: apply it to as many events as needed.
///
/// ```
/// use serde_json::json;
/// use actions_runtime::Mapping;
///
/// let mapping = Mapping::new(json!({
///     "userId": {"@path": "$.userId"},
///     "email": {"@case": {"operator": "lower", "value": {"@path": "$.traits.email"}}},
///     "greeting": {"@template": "Hi {{traits.name}}!"},
///     "plan": {"@path": "$.traits.plan"},
/// }))?;
/// let event = json!({"userId": "u1", "traits": {"email": "Ada@Example.com", "name": "Ada"}});
/// assert_eq!(
///     mapping.apply(&event)?,
///     // `plan` is missing from the event, so the key is dropped.
///     Some(json!({"userId": "u1", "email": "ada@example.com", "greeting": "Hi Ada!"}))
/// );
/// # Ok::<(), actions_runtime::MappingError>(())
/// ```
#[derive(Clone)]
pub struct Mapping {
    json: Value,
    root: Node,
    /// Whether some directive walks whole values, so that events need a depth bound.
    walks_values: bool,
}

impl Mapping {
    /// Validates a mapping and compiles it.
    ///
    /// Every validation problem is reported, each with its path, in the reference's words:
    ///
    /// ```
    /// use serde_json::json;
    /// use actions_runtime::Mapping;
    ///
    /// let err = Mapping::new(json!({
    ///     "neat": {"@json": {"mode": "oops", "value": {"@path": "$.foo"}}},
    ///     "other": {"@oops": 1},
    /// }))
    /// .unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "/neat/@json/mode should be one of encode, decode but it is \"oops\".; \
    ///      /other has an invalid directive: @oops."
    /// );
    /// assert_eq!(err.problems()[1].path(), "/other");
    /// ```
    pub fn new(mapping: Value) -> Result<Mapping, MappingError> {
        if nests_deeper_than(&mapping, MAX_DEPTH) {
            return Err(MappingError::one(Problem::invalid(
                String::new(),
                format!("the mapping nests deeper than {MAX_DEPTH} arrays and objects"),
            )));
        }
        let mut compiler = Compiler::default();
        let root = compiler
            .program(&Js::ordered(&mapping))
            .map_err(MappingError::new)?;
        if !compiler.unsupported.is_empty() {
            return Err(MappingError::new(compiler.unsupported));
        }
        Ok(Mapping {
            walks_values: compiler.walks_values,
            json: mapping,
            root,
        })
    }

    /// Resolves the mapping against an event and removes `undefined` keys, as the reference's
    /// `transform(mapping, event)` does; `None` when the whole result is `undefined`.
    ///
    /// The event must be a JSON object. Run-time failures are the reference's (`@path:
    /// expected string, got number`, …), with the path of the directive that failed.
    ///
    /// ```
    /// use serde_json::json;
    /// use actions_runtime::Mapping;
    ///
    /// let mapping = Mapping::new(json!({"@path": "$.missing"}))?;
    /// assert_eq!(mapping.apply(&json!({}))?, None);
    /// let err = mapping.apply(&json!(["not", "an", "object"])).unwrap_err();
    /// assert_eq!(err.to_string(), "data must be an object, got array");
    /// # Ok::<(), actions_runtime::MappingError>(())
    /// ```
    pub fn apply(&self, event: &Value) -> Result<Option<Value>, MappingError> {
        if !event.is_object() {
            return Err(MappingError::one(Problem::evaluation(
                "",
                format!(
                    "data must be an object, got {}",
                    Js::Json(event).type_of().name()
                ),
            )));
        }
        if self.walks_values && nests_deeper_than(event, MAX_DEPTH) {
            return Err(MappingError::one(Problem::evaluation(
                "",
                format!("the event nests deeper than {MAX_DEPTH} arrays and objects"),
            )));
        }
        Ok(eval::resolve(&self.root, &Js::Json(event))?.into_json())
    }

    /// The mapping as given.
    pub fn as_json(&self) -> &Value {
        &self.json
    }
}

impl fmt::Debug for Mapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Mapping").field(&self.json).finish()
    }
}

/// Two mappings are equal when they were given as equal JSON.
impl PartialEq for Mapping {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl Serialize for Mapping {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

/// Reads the mapping's JSON and validates it, so a configuration file holding an invalid
/// mapping fails to load with the mapping's problems.
impl<'de> Deserialize<'de> for Mapping {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Mapping::new(Value::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}
