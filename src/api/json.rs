//! The request bodies as JSON text, written by a writer that cannot fail: every body is made
//! of strings, integers and JSON values with string keys, so there is no error to hide or to
//! return. The bodies' `Serialize` impls give the same text; a test holds the two together.
//! Objects' keys are written in the order `JSON.stringify` writes them
//! ([`actions_runtime::js::own_entries`]).

use std::fmt::Write as _;

use serde_json::{Map, Value};

/// A JSON object being written into `out`.
pub(crate) struct Object<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Object<'a> {
    pub(crate) fn new(out: &'a mut String) -> Self {
        out.push('{');
        Object { out, first: true }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        string(self.out, key);
        self.out.push(':');
        self.out
    }

    pub(crate) fn text(&mut self, key: &str, text: &str) {
        string(self.key(key), text);
    }

    pub(crate) fn integer(&mut self, key: &str, n: impl Into<i128>) {
        let out = self.key(key);
        // Writing to a String cannot fail.
        let _ = write!(out, "{}", n.into());
    }

    /// An integer, or `null`.
    pub(crate) fn nullable_integer(&mut self, key: &str, n: Option<impl Into<i128>>) {
        match n {
            Some(n) => self.integer(key, n),
            None => self.key(key).push_str("null"),
        }
    }

    pub(crate) fn texts(&mut self, key: &str, texts: &[String]) {
        let out = self.key(key);
        out.push('[');
        for (i, text) in texts.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            string(out, text);
        }
        out.push(']');
    }

    pub(crate) fn map(&mut self, key: &str, map: &Map<String, Value>) {
        object(self.key(key), map);
    }

    /// An array of objects, each written by `item`.
    pub(crate) fn objects<T>(&mut self, key: &str, items: &[T], item: impl Fn(&T, &mut Object)) {
        let out = self.key(key);
        out.push('[');
        for (i, value) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let mut object = Object::new(out);
            item(value, &mut object);
            object.end();
        }
        out.push(']');
    }

    pub(crate) fn end(self) {
        self.out.push('}');
    }
}

fn object(out: &mut String, map: &Map<String, Value>) {
    out.push('{');
    for (i, (key, value)) in actions_runtime::js::own_entries(map).enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, key);
        out.push(':');
        value_text(out, value);
    }
    out.push('}');
}

fn value_text(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // Integers a double holds exactly are written as they are; others as JavaScript's
        // `JSON.stringify` writes the double they read as (`0.0000025`, not `2.5e-6`).
        Value::Number(n) if !actions_runtime::js::is_safe_integer(n) => {
            let value = actions_runtime::js::number_value(n);
            if value.is_finite() {
                out.push_str(&actions_runtime::js::number_to_string(value));
            } else {
                out.push_str("null");
            }
        }
        Value::Number(n) => {
            // Writing to a String cannot fail.
            let _ = write!(out, "{n}");
        }
        Value::String(text) => string(out, text),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                value_text(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => object(out, map),
    }
}

/// A JSON string, escaped as serde_json escapes it: `"` and `\`, the short forms of
/// backspace, form feed, newline, carriage return and tab, `\u00XX` for other control
/// characters, everything else as it is.
fn string(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A request body: written as JSON text, the same text its `Serialize` gives.
pub(crate) trait Body {
    fn write(&self, out: &mut String);

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = String::new();
        self.write(&mut out);
        out.into_bytes()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    proptest! {
        #[test]
        fn any_text_is_escaped_as_serde_json_escapes_it(text in any::<String>()) {
            let mut out = String::new();
            super::string(&mut out, &text);
            prop_assert_eq!(out, serde_json::to_string(&text).unwrap());
        }
    }

    #[test]
    fn strings_and_values_are_written_as_serde_json_writes_them() {
        let texts = [
            "",
            "plain",
            "quote \" and \\ backslash",
            "\u{8}\u{c}\n\r\t",
            "\u{0}\u{1}\u{1f}\u{7f}",
            "ünïcødé 🎉 \u{2028}",
        ];
        for text in texts {
            let mut out = String::new();
            super::string(&mut out, text);
            assert_eq!(out, serde_json::to_string(text).unwrap(), "{text:?}");
        }
        let value = json!({"a": [1, -2, 3.5, 1e300, null, true, false, "x\n", 2.5e-6, 1.2e20, 9007199254740993u64], "b": {"c": {}},
                           "": [], "10": {"z": 1, "2": 2}, "2": 3});
        let mut out = String::new();
        super::value_text(&mut out, &value);
        let ordered = serde_json::to_string(&actions_runtime::js::Ordered(&value)).unwrap();
        assert_eq!(out, ordered);
        assert!(
            ordered.starts_with(r#"{"2":3,"10":{"2":2,"z":1},"#),
            "{ordered}"
        );
        assert!(
            ordered.contains(r#""x\n",0.0000025,120000000000000000000,9007199254740992]"#),
            "{ordered}"
        );
    }
}
