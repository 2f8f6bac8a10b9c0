//! Values as the reference runtime sees them while it resolves a mapping: JavaScript values
//! built from JSON, plus `undefined`, with JavaScript's key order, truthiness, `String(v)`,
//! `JSON.stringify` and loose comparison with `""`.
//!
//! Parts of the event (and literal parts of the mapping) are borrowed, never copied, until a
//! result needs them owned.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};

use crate::js;

/// How deep a mapping, an event or a decoded `@json` text may nest. The reference has no limit
/// of its own (only JavaScript's stack); this one keeps every walk's recursion bounded.
pub(super) const MAX_DEPTH: usize = 256;

/// The longest string V8 makes (2^29 - 24 UTF-16 units); beyond it the reference throws.
#[cfg(not(test))]
const MAX_STRING_UNITS: usize = (1 << 29) - 24;
/// Small in unit tests, so that they reach it without building half a gigabyte.
#[cfg(test)]
const MAX_STRING_UNITS: usize = 4096;

/// The reference's error for a string longer than JavaScript allows.
pub(super) const STRING_TOO_LONG: &str = "Invalid string length";

/// A string being built, with its length in UTF-16 units counted as it grows, so that checking
/// it against JavaScript's limit after every append costs nothing.
#[derive(Debug, Default)]
pub(super) struct JsText {
    text: String,
    units: usize,
}

impl JsText {
    pub(super) fn with_capacity(bytes: usize) -> Self {
        JsText {
            text: String::with_capacity(bytes),
            units: 0,
        }
    }

    pub(super) fn push_str(&mut self, text: &str) {
        self.units += utf16_len(text);
        self.text.push_str(text);
    }

    pub(super) fn extend(&mut self, chars: &[char]) {
        for c in chars {
            self.units += c.len_utf16();
            self.text.push(*c);
        }
    }

    /// Whether it has grown past what JavaScript allows.
    pub(super) fn too_long(&self) -> bool {
        self.units > MAX_STRING_UNITS
    }

    pub(super) fn into_string(self) -> String {
        self.text
    }
}

/// A JavaScript value during resolution.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Js<'a> {
    Undefined,
    Null,
    Bool(bool),
    /// A number computed at run time (a decoded `@json` text, a `length`).
    Number(f64),
    String(String),
    Array(Vec<Js<'a>>),
    Object(Obj<'a>),
    /// A part of the event or of the mapping, as given.
    Json(&'a Value),
}

/// JavaScript's `realTypeOf` names (`Object.prototype.toString`), which the reference's
/// messages quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Type {
    Undefined,
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl Type {
    pub(super) fn name(self) -> &'static str {
        match self {
            Type::Undefined => "undefined",
            Type::Null => "null",
            Type::Boolean => "boolean",
            Type::Number => "number",
            Type::String => "string",
            Type::Array => "array",
            Type::Object => "object",
        }
    }
}

/// A value seen through one lens whether it is borrowed JSON or built at run time.
pub(super) enum View<'v, 'a> {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(&'v str),
    Array(Elements<'v, 'a>),
    Object(Props<'v, 'a>),
}

/// The elements of an array.
#[derive(Clone, Copy)]
pub(super) enum Elements<'v, 'a> {
    Json(&'a [Value]),
    Js(&'v [Js<'a>]),
}

/// The properties of an object.
#[derive(Clone, Copy)]
pub(super) enum Props<'v, 'a> {
    Json(&'a Map<String, Value>),
    Js(&'v Obj<'a>),
}

impl<'v, 'a> Elements<'v, 'a> {
    pub(super) fn len(self) -> usize {
        match self {
            Elements::Json(items) => items.len(),
            Elements::Js(items) => items.len(),
        }
    }

    pub(super) fn get(self, index: usize) -> Option<ValueRef<'v, 'a>> {
        match self {
            Elements::Json(items) => items.get(index).map(ValueRef::Json),
            Elements::Js(items) => items.get(index).map(ValueRef::Js),
        }
    }

    pub(super) fn iter(self) -> impl Iterator<Item = Js<'a>> + 'v {
        let (json, js) = match self {
            Elements::Json(items) => (Some(items.iter().map(Js::Json)), None),
            Elements::Js(items) => (None, Some(items.iter().cloned())),
        };
        json.into_iter().flatten().chain(js.into_iter().flatten())
    }

    /// Visits each element without copying it.
    pub(super) fn for_each_ref(self, mut f: impl FnMut(ValueRef<'_, 'a>)) {
        match self {
            Elements::Json(items) => items.iter().for_each(|v| f(ValueRef::Json(v))),
            Elements::Js(items) => items.iter().for_each(|v| f(ValueRef::Js(v))),
        }
    }
}

impl<'v, 'a> Props<'v, 'a> {
    pub(super) fn get(self, key: &str) -> Option<ValueRef<'v, 'a>> {
        match self {
            Props::Json(map) => map.get(key).map(ValueRef::Json),
            Props::Js(obj) => obj.get(key).map(ValueRef::Js),
        }
    }

    pub(super) fn is_empty(self) -> bool {
        match self {
            Props::Json(map) => map.is_empty(),
            Props::Js(obj) => obj.is_empty(),
        }
    }

    /// The keys and values in JavaScript's own-key order: array-index keys ascending, then
    /// the rest in insertion order (for borrowed JSON: the map's order).
    pub(super) fn entries(self) -> Vec<(&'v str, Js<'a>)>
    where
        'a: 'v,
    {
        match self {
            Props::Json(map) => js_order(map.iter().map(|(k, v)| (k.as_str(), Js::Json(v)))),
            Props::Js(obj) => obj.entries().map(|(k, v)| (k, v.clone())).collect(),
        }
    }

    /// The keys in JavaScript's own-key order.
    pub(super) fn keys(self) -> Vec<&'v str>
    where
        'a: 'v,
    {
        match self {
            Props::Json(map) => js_order(map.keys().map(|k| (k.as_str(), ())))
                .into_iter()
                .map(|(k, ())| k)
                .collect(),
            Props::Js(obj) => obj.entries().map(|(k, _)| k).collect(),
        }
    }

    /// Visits each property in JavaScript's order without copying values.
    pub(super) fn for_each_ref(self, mut f: impl FnMut(&str, ValueRef<'_, 'a>)) {
        match self {
            Props::Json(map) => {
                for (k, v) in js_order(map.iter().map(|(k, v)| (k.as_str(), v))) {
                    f(k, ValueRef::Json(v));
                }
            }
            Props::Js(obj) => obj.entries().for_each(|(k, v)| f(k, ValueRef::Js(v))),
        }
    }
}

/// A borrowed value of either kind.
#[derive(Clone, Copy)]
pub(super) enum ValueRef<'v, 'a> {
    Json(&'a Value),
    Js(&'v Js<'a>),
}

impl<'v, 'a> ValueRef<'v, 'a> {
    pub(super) fn view(self) -> View<'v, 'a> {
        match self {
            ValueRef::Json(v) => view_json(v),
            ValueRef::Js(v) => v.view(),
        }
    }

    pub(super) fn to_js(self) -> Js<'a> {
        match self {
            ValueRef::Json(v) => Js::Json(v),
            ValueRef::Js(v) => v.clone(),
        }
    }
}

fn view_json(value: &Value) -> View<'_, '_> {
    match value {
        Value::Null => View::Null,
        Value::Bool(b) => View::Bool(*b),
        Value::Number(n) => View::Number(number_f64(n)),
        Value::String(s) => View::String(s),
        Value::Array(items) => View::Array(Elements::Json(items)),
        Value::Object(map) => View::Object(Props::Json(map)),
    }
}

/// A JSON number as JavaScript reads it ([`js::number_value`]).
pub(super) fn number_f64(n: &Number) -> f64 {
    js::number_value(n)
}

/// `String(n)` for a double ([`js::number_to_string`]).
pub(super) fn number_text(n: f64) -> String {
    js::number_to_string(n)
}

use js::array_index;

/// Puts pairs in JavaScript's own-key order, keeping the given order among the non-index keys.
fn js_order<'k, T>(pairs: impl Iterator<Item = (&'k str, T)>) -> Vec<(&'k str, T)> {
    let mut pairs: Vec<_> = pairs.collect();
    if pairs.iter().any(|(k, _)| array_index(k).is_some()) {
        // A stable sort keeps the other keys in their order after all the index keys.
        pairs.sort_by_key(|(k, _)| js::own_key_rank(k));
    }
    pairs
}

/// A JavaScript object built at run time: insertion-ordered, index keys enumerated first.
#[derive(Clone, Debug, Default)]
pub(super) struct Obj<'a> {
    entries: Vec<(String, Js<'a>)>,
    /// Built once an object grows past a few keys, so that lookups stay cheap.
    index: Option<HashMap<String, usize>>,
    has_index_keys: bool,
}

const INDEX_FROM: usize = 16;

impl PartialEq for Obj<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl<'a> Obj<'a> {
    pub(super) fn new() -> Self {
        Obj::default()
    }

    pub(super) fn with_capacity(n: usize) -> Self {
        Obj {
            entries: Vec::with_capacity(n),
            ..Obj::default()
        }
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k == key),
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<&Js<'a>> {
        self.position(key)
            .and_then(|i| self.entries.get(i))
            .map(|(_, v)| v)
    }

    /// JavaScript's `obj[key] = value`: an existing key keeps its place.
    pub(super) fn set(&mut self, key: &str, value: Js<'a>) {
        if let Some(slot) = self.position(key).and_then(|i| self.entries.get_mut(i)) {
            slot.1 = value;
            return;
        }
        self.has_index_keys |= array_index(key).is_some();
        if let Some(index) = &mut self.index {
            index.insert(key.to_owned(), self.entries.len());
        }
        self.entries.push((key.to_owned(), value));
        if self.index.is_none() && self.entries.len() > INDEX_FROM {
            self.index = Some(
                self.entries
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.clone(), i))
                    .collect(),
            );
        }
    }

    /// The entries in JavaScript's own-key order.
    pub(super) fn entries(&self) -> impl Iterator<Item = (&str, &Js<'a>)> {
        let ordered = if self.has_index_keys {
            js_order(self.entries.iter().map(|(k, v)| (k.as_str(), v)))
        } else {
            self.entries.iter().map(|(k, v)| (k.as_str(), v)).collect()
        };
        ordered.into_iter()
    }

    /// The entries in JavaScript's order, by value.
    pub(super) fn into_entries(self) -> Vec<(String, Js<'a>)> {
        let mut entries = self.entries;
        if self.has_index_keys {
            entries.sort_by_key(|(k, _)| js::own_key_rank(k));
        }
        entries
    }
}

impl<'a> Js<'a> {
    pub(super) fn view(&self) -> View<'_, 'a> {
        match self {
            Js::Undefined => View::Undefined,
            Js::Null => View::Null,
            Js::Bool(b) => View::Bool(*b),
            Js::Number(n) => View::Number(*n),
            Js::String(s) => View::String(s),
            Js::Array(items) => View::Array(Elements::Js(items)),
            Js::Object(obj) => View::Object(Props::Js(obj)),
            Js::Json(v) => view_json(v),
        }
    }

    pub(super) fn as_ref(&self) -> ValueRef<'_, 'a> {
        match self {
            Js::Json(v) => ValueRef::Json(v),
            other => ValueRef::Js(other),
        }
    }

    /// A JSON value with its arrays and objects rebuilt, objects in JavaScript's key order,
    /// and its other values borrowed (used for the mapping itself, which the reference walks
    /// in that order and may change at its root).
    pub(super) fn ordered(value: &'a Value) -> Js<'a> {
        match value {
            Value::Array(items) => Js::Array(items.iter().map(Js::ordered).collect()),
            Value::Object(map) => {
                let mut obj = Obj::with_capacity(map.len());
                for (k, v) in js_order(map.iter().map(|(k, v)| (k.as_str(), v))) {
                    obj.set(k, Js::ordered(v));
                }
                Js::Object(obj)
            }
            other => Js::Json(other),
        }
    }

    pub(super) fn type_of(&self) -> Type {
        match self.view() {
            View::Undefined => Type::Undefined,
            View::Null => Type::Null,
            View::Bool(_) => Type::Boolean,
            View::Number(_) => Type::Number,
            View::String(_) => Type::String,
            View::Array(_) => Type::Array,
            View::Object(_) => Type::Object,
        }
    }

    pub(super) fn is_undefined(&self) -> bool {
        matches!(self, Js::Undefined)
    }

    /// `undefined` or `null`.
    pub(super) fn is_nullish(&self) -> bool {
        matches!(self.view(), View::Undefined | View::Null)
    }

    /// JavaScript's truthiness.
    pub(super) fn truthy(&self) -> bool {
        truthy(&self.view())
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self.view() {
            View::String(s) => Some(s),
            _ => None,
        }
    }

    /// `value == ""` with JavaScript's loose equality.
    pub(super) fn loosely_empty(&self) -> bool {
        match self.view() {
            View::Undefined | View::Null => false,
            View::Bool(b) => !b,
            View::Number(n) => n == 0.0,
            View::String(s) => s.is_empty(),
            // An array compares through its text; an object's text is never empty.
            View::Array(_) => {
                let mut text = String::new();
                append_text(self.as_ref(), &mut text);
                text.is_empty()
            }
            View::Object(_) => false,
        }
    }

    /// `String(value)`.
    pub(super) fn to_text(&self) -> String {
        let mut text = String::new();
        append_text(self.as_ref(), &mut text);
        text
    }

    /// `JSON.stringify(value)`; `None` for `undefined`.
    pub(super) fn stringify(&self) -> Option<String> {
        if self.is_undefined() {
            return None;
        }
        let mut out = String::new();
        stringify_into(self.as_ref(), &mut out);
        Some(out)
    }

    /// The value with every `undefined` object property removed, at any depth (array
    /// elements stay), as the reference's `removeUndefined` does.
    pub(super) fn without_undefined(self) -> Js<'a> {
        match self {
            Js::Array(items) => Js::Array(items.into_iter().map(Js::without_undefined).collect()),
            Js::Object(obj) => {
                let mut cleaned = Obj::with_capacity(obj.len());
                for (k, v) in obj.into_entries() {
                    if !v.is_undefined() {
                        cleaned.set(&k, v.without_undefined());
                    }
                }
                Js::Object(cleaned)
            }
            other => other,
        }
    }

    /// The value as JSON: `undefined` properties left out, `undefined` array elements as
    /// `null`; `None` for `undefined` itself. Numbers from the event keep their JSON form.
    pub(super) fn into_json(self) -> Option<Value> {
        match self {
            Js::Undefined => None,
            Js::Null => Some(Value::Null),
            Js::Bool(b) => Some(Value::Bool(b)),
            Js::Number(n) => Some(number_json(n)),
            Js::String(s) => Some(Value::String(s)),
            Js::Array(items) => Some(Value::Array(
                items
                    .into_iter()
                    .map(|v| v.into_json().unwrap_or(Value::Null))
                    .collect(),
            )),
            Js::Object(obj) => Some(Value::Object(
                obj.into_entries()
                    .into_iter()
                    .filter_map(|(k, v)| v.into_json().map(|v| (k, v)))
                    .collect(),
            )),
            Js::Json(v) => Some(v.clone()),
        }
    }
}

/// A double as a JSON number: an integer when it is one (as JavaScript would print it),
/// `null` when not finite (as `JSON.stringify` writes it).
pub(super) fn number_json(n: f64) -> Value {
    const SAFE: f64 = 9_007_199_254_740_992.0; // 2^53
    if n.fract() == 0.0 && n.abs() < SAFE {
        // Exact: the value is an integer below 2^53.
        return Value::Number(Number::from(n as i64));
    }
    Number::from_f64(n).map_or(Value::Null, Value::Number)
}

/// JavaScript's truthiness of a value seen through a [`View`]: the rules of [`js::truthy`],
/// over borrowed JSON and values built at run time alike.
pub(super) fn truthy(view: &View<'_, '_>) -> bool {
    match view {
        View::Undefined | View::Null => false,
        View::Bool(b) => *b,
        View::Number(n) => js::number_truthy(*n),
        View::String(s) => !s.is_empty(),
        View::Array(_) | View::Object(_) => true,
    }
}

/// Appends `String(value)`: arrays joined with commas (their `null`/`undefined` elements as
/// nothing), objects as `[object Object]`.
pub(super) fn append_text(value: ValueRef<'_, '_>, out: &mut String) {
    match value.view() {
        View::Undefined => out.push_str("undefined"),
        View::Null => out.push_str("null"),
        View::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        View::Number(n) => out.push_str(&number_text(n)),
        View::String(s) => out.push_str(s),
        View::Array(items) => {
            let mut first = true;
            items.for_each_ref(|item| {
                if !first {
                    out.push(',');
                }
                first = false;
                if !matches!(item.view(), View::Undefined | View::Null) {
                    append_text(item, out);
                }
            });
        }
        View::Object(_) => out.push_str("[object Object]"),
    }
}

fn stringify_into(value: ValueRef<'_, '_>, out: &mut String) {
    match value.view() {
        View::Undefined | View::Null => out.push_str("null"),
        View::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        View::Number(n) if !n.is_finite() => out.push_str("null"),
        View::Number(_) => append_text(value, out),
        View::String(s) => push_quoted(s, out),
        View::Array(items) => {
            out.push('[');
            let mut first = true;
            items.for_each_ref(|item| {
                if !first {
                    out.push(',');
                }
                first = false;
                stringify_into(item, out);
            });
            out.push(']');
        }
        View::Object(props) => {
            out.push('{');
            let mut first = true;
            props.for_each_ref(|key, item| {
                if matches!(item.view(), View::Undefined) {
                    return;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                push_quoted(key, out);
                out.push(':');
                stringify_into(item, out);
            });
            out.push('}');
        }
    }
}

/// A string as `JSON.stringify` quotes it (serde_json escapes exactly the same characters, the
/// same way, for any string Rust can hold).
pub(super) fn push_quoted(s: &str, out: &mut String) {
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        Err(_) => out.push_str("\"\""),
    }
}

pub(super) use js::{utf16_len, utf16_unit_text as utf16_unit, utf16_unit_texts as utf16_units};

/// Whether a JSON value nests deeper than `limit` arrays and objects, found without recursion.
pub(super) fn nests_deeper_than(value: &Value, limit: usize) -> bool {
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        if depth + 1 > limit {
            return true;
        }
        stack.extend(children.map(|child| (child, depth + 1)));
    }
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn built_text_is_measured_in_utf16_units_not_bytes() {
        // 3 bytes and 1 unit each: by bytes it would pass the limit three times sooner.
        let mut text = JsText::default();
        text.extend(&vec!['語'; MAX_STRING_UNITS]);
        assert!(!text.too_long());
        // 4 bytes and 2 units.
        text.push_str("😀");
        assert!(text.too_long());
        assert_eq!(text.into_string().chars().count(), MAX_STRING_UNITS + 1);
    }

    #[test]
    fn index_keys_come_first_in_numeric_order() {
        let value = json!({"b": 1, "10": 2, "a": 3, "9": 4, "01": 5});
        let js = Js::ordered(&value);
        let Js::Object(obj) = js else { panic!() };
        let keys: Vec<_> = obj.entries().map(|(k, _)| k.to_owned()).collect();
        // JavaScript puts 9, 10 first, then the others in the map's order (sorted, or as
        // inserted with serde_json's `preserve_order`).
        let others = value
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| !["9", "10"].contains(&k.as_str()));
        let expected: Vec<&str> = ["9", "10"]
            .into_iter()
            .chain(others.map(String::as_str))
            .collect();
        assert_eq!(keys, expected);
    }

    #[test]
    fn array_index_follows_javascript() {
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("4294967294"), Some(4_294_967_294));
        assert_eq!(array_index("4294967295"), None);
        assert_eq!(array_index("01"), None);
        assert_eq!(array_index(""), None);
        assert_eq!(array_index("-1"), None);
        assert_eq!(array_index("1e3"), None);
    }

    #[test]
    fn text_of_values() {
        let text = |v: Value| Js::Json(&v).to_text();
        assert_eq!(
            text(json!([1, [2, [3, null]], {"a": 1}, "x"])),
            "1,2,3,,[object Object],x"
        );
        assert_eq!(text(json!(1.0)), "1");
        assert_eq!(text(json!(1e21)), "1e+21");
        assert_eq!(text(json!(0.000001)), "0.000001");
        assert_eq!(text(json!(1e-7)), "1e-7");
        assert_eq!(Js::Array(vec![Js::Undefined, Js::Null]).to_text(), ",");
        assert_eq!(Js::Number(f64::INFINITY).to_text(), "Infinity");
    }

    #[test]
    fn loose_equality_with_empty_string() {
        for (value, empty) in [
            (json!(0), true),
            (json!(false), true),
            (json!(""), true),
            (json!([]), true),
            (json!([[]]), true),
            (json!([null]), true),
            (json!(" "), false),
            (json!("0"), false),
            (json!([0]), false),
            (json!({}), false),
            (json!(true), false),
        ] {
            assert_eq!(Js::Json(&value).loosely_empty(), empty, "{value}");
        }
    }

    #[test]
    fn stringify_skips_undefined_properties_and_nulls_undefined_elements() {
        let mut obj = Obj::new();
        obj.set("b", Js::Undefined);
        obj.set("a", Js::Array(vec![Js::Undefined, Js::Number(f64::NAN)]));
        obj.set("1", Js::String("x\n\u{1}".into()));
        assert_eq!(
            Js::Object(obj).stringify().as_deref(),
            Some(r#"{"1":"x\n\u0001","a":[null,null]}"#)
        );
        assert_eq!(Js::Undefined.stringify(), None);
    }

    #[test]
    fn utf16_indexing() {
        assert_eq!(utf16_len("a😀"), 3);
        assert_eq!(utf16_unit("a😀b", 0).as_deref(), Some("a"));
        assert_eq!(utf16_unit("a😀b", 1).as_deref(), Some("\u{fffd}"));
        assert_eq!(utf16_unit("a😀b", 3).as_deref(), Some("b"));
        assert_eq!(utf16_unit("a😀b", 4), None);
        assert_eq!(utf16_units("a😀").count(), 3);
    }

    #[test]
    fn depth_is_measured_without_recursion() {
        let mut deep = json!(1);
        for _ in 0..10 {
            deep = json!([deep]);
        }
        assert!(!nests_deeper_than(&deep, 10));
        assert!(nests_deeper_than(&deep, 9));
    }

    #[test]
    fn numbers_become_json_as_javascript_prints_them() {
        assert_eq!(number_json(1.0), json!(1));
        assert_eq!(number_json(-0.0), json!(0));
        assert_eq!(number_json(0.5), json!(0.5));
        assert_eq!(number_json(f64::INFINITY), Value::Null);
    }
}
