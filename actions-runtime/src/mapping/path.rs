//! Path lookup (`@path`, `@arrayPath`, `{{…}}`): the reference's `get(obj, path)`.

use std::borrow::Cow;

use super::value::{utf16_len, utf16_unit, Js, ValueRef, View};
use crate::js::array_index;

/// A path, split once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Path {
    /// `""` or `"."`: the whole value.
    Whole,
    /// The keys to follow, quotes removed.
    Keys(Vec<String>),
}

impl Path {
    /// Splits a path as the reference does: at `.`, at `[` before a digit or a quote, and at a
    /// run of `]` after one; empty pieces are dropped, then every quote is removed (so `['']`
    /// names the key `""`). A bracket not next to a digit or quote is part of the key.
    pub(super) fn parse(path: &str) -> Path {
        if path.is_empty() || path == "." {
            return Path::Whole;
        }
        let bytes = path.as_bytes();
        let names_index = |b: u8| b == b'"' || b == b'\'' || b.is_ascii_digit();
        let mut keys = Vec::new();
        let mut start = 0;
        let mut at = 0;
        // Delimiters are ASCII, so every cut falls on a character boundary.
        while let Some(&b) = bytes.get(at) {
            let delimiter = match b {
                b'[' if bytes.get(at + 1).copied().is_some_and(names_index) => 1,
                b'.' => 1,
                b']' if at > 0 && bytes.get(at - 1).copied().is_some_and(names_index) => bytes
                    .get(at..)
                    .map_or(1, |rest| rest.iter().take_while(|c| **c == b']').count()),
                _ => 0,
            };
            if delimiter == 0 {
                at += 1;
                continue;
            }
            push_key(&mut keys, path.get(start..at));
            at += delimiter;
            start = at;
        }
        push_key(&mut keys, path.get(start..));
        Path::Keys(keys)
    }

    /// A `@path` or `@arrayPath` path: the first `$.` anywhere is removed first.
    pub(super) fn parse_event_path(path: &str) -> Path {
        Path::parse(&strip_first_dollar_dot(path))
    }
}

fn push_key(keys: &mut Vec<String>, piece: Option<&str>) {
    if let Some(piece) = piece.filter(|p| !p.is_empty()) {
        keys.push(piece.replace(['\'', '"'], ""));
    }
}

/// `path.replace('$.', '')`: the first occurrence only, wherever it is.
pub(super) fn strip_first_dollar_dot(path: &str) -> Cow<'_, str> {
    match path.find("$.") {
        Some(at) => Cow::Owned(format!(
            "{}{}",
            path.get(..at).unwrap_or_default(),
            path.get(at + 2..).unwrap_or_default()
        )),
        None => Cow::Borrowed(path),
    }
}

/// Where a lookup stands: a borrowed value, or one made on the way (a character, a length).
enum At<'v, 'a> {
    Ref(ValueRef<'v, 'a>),
    Made(Js<'a>),
}

/// `get(payload, path)`: each step reads `value[key]` while the value is truthy and stops at
/// the first falsy one, which is the result; a missing key gives `undefined`. Objects give
/// their own keys; arrays and strings their indices and `length` (strings by UTF-16 unit).
pub(super) fn get<'a>(payload: &Js<'a>, path: &Path) -> Js<'a> {
    let keys = match path {
        Path::Whole => return payload.clone(),
        Path::Keys(keys) => keys,
    };
    let mut at = At::Ref(payload.as_ref());
    for key in keys {
        let next = match &at {
            At::Ref(value) => step(*value, key),
            // A made value is a string or a number: what it leads to is made too.
            At::Made(value) => step(value.as_ref(), key).map(|next| At::Made(next.into_js())),
        };
        match next {
            Some(next) => at = next,
            None => return Js::Undefined,
        }
    }
    at.into_js()
}

impl<'a> At<'_, 'a> {
    fn into_js(self) -> Js<'a> {
        match self {
            At::Ref(value) => value.to_js(),
            At::Made(value) => value,
        }
    }
}

/// One step of a lookup; `None` when the key is missing.
fn step<'v, 'a>(value: ValueRef<'v, 'a>, key: &str) -> Option<At<'v, 'a>> {
    let view = value.view();
    if !super::value::truthy(&view) {
        return Some(At::Ref(value));
    }
    match view {
        View::Object(props) => props.get(key).map(At::Ref),
        View::Array(items) => {
            if key == "length" {
                return Some(At::Made(Js::Number(items.len() as f64)));
            }
            let index = usize::try_from(array_index(key)?).ok()?;
            items.get(index).map(At::Ref)
        }
        View::String(s) => {
            if key == "length" {
                return Some(At::Made(Js::Number(utf16_len(s) as f64)));
            }
            let index = usize::try_from(array_index(key)?).ok()?;
            utf16_unit(s, index).map(|unit| At::Made(Js::String(unit)))
        }
        View::Undefined | View::Null | View::Bool(_) | View::Number(_) => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(path: &str) -> Vec<String> {
        match Path::parse(path) {
            Path::Whole => vec!["<whole>".into()],
            Path::Keys(keys) => keys,
        }
    }

    #[test]
    fn splits_like_the_reference() {
        assert_eq!(keys("a.b.f[0].g"), ["a", "b", "f", "0", "g"]);
        assert_eq!(keys("['a'].b"), ["a", "b"]);
        assert_eq!(keys("[\"a\"].b"), ["a", "b"]);
        assert_eq!(keys("a.b.0"), ["a", "b", "0"]);
        assert_eq!(keys("[txt] non"), ["[txt] non"]);
        assert_eq!(keys("[txt] nest.inner"), ["[txt] nest", "inner"]);
        assert_eq!(keys("a..b"), ["a", "b"]);
        assert_eq!(keys("a[0]]]b"), ["a", "0", "b"]);
        assert_eq!(keys("a['']"), ["a", ""]);
        assert_eq!(keys("a]"), ["a]"]);
        assert_eq!(keys("it's"), ["its"]);
        assert_eq!(keys(""), ["<whole>"]);
        assert_eq!(keys("."), ["<whole>"]);
        assert!(keys("..").is_empty());
    }

    #[test]
    fn strips_the_first_dollar_dot_anywhere() {
        assert_eq!(strip_first_dollar_dot("$.a.b"), "a.b");
        assert_eq!(strip_first_dollar_dot("a.$.b"), "a.b");
        assert_eq!(strip_first_dollar_dot("$.$.a"), "$.a");
        assert_eq!(strip_first_dollar_dot("$"), "$");
    }

    #[test]
    fn lookups_stop_at_falsy_values() {
        let event = json!({"a": {"b": 0, "c": "", "d": null, "e": "xyz", "f": [1, 2]}, "$": 5});
        let payload = Js::Json(&event);
        let at = |p: &str| get(&payload, &Path::parse_event_path(p)).into_json();
        assert_eq!(at("$.a.b.c"), Some(json!(0)));
        assert_eq!(at("a.c.x"), Some(json!("")));
        assert_eq!(at("a.d.x"), Some(json!(null)));
        assert_eq!(at("a.e.length"), Some(json!(3)));
        assert_eq!(at("a.e[1]"), Some(json!("y")));
        assert_eq!(at("a.f.length"), Some(json!(2)));
        assert_eq!(at("a.f.01"), None);
        assert_eq!(at("a.x.y"), None);
        assert_eq!(at("$"), Some(json!(5)));
        assert_eq!(at("$."), Some(event.clone()));
    }
}
