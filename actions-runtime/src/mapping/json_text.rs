//! `JSON.parse` for `@json` decode: JavaScript's grammar and numbers (the nearest double;
//! `1e400` is `Infinity`), a repeated key keeping its first place and its last value.

use super::value::{Js, Obj, MAX_DEPTH};

/// The value of a JSON text, or `None` where `JSON.parse` throws (and, beyond the reference,
/// where the text nests deeper than [`MAX_DEPTH`]).
pub(super) fn parse(text: &str) -> Option<Js<'static>> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    reader.space();
    let value = reader.value(0)?;
    reader.space();
    (reader.at == reader.bytes.len()).then_some(value)
}

struct Reader<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    fn word(&mut self, word: &str, value: Js<'static>) -> Option<Js<'static>> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end) == Some(word.as_bytes())).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self, depth: usize) -> Option<Js<'static>> {
        match self.peek()? {
            b'n' => self.word("null", Js::Null),
            b't' => self.word("true", Js::Bool(true)),
            b'f' => self.word("false", Js::Bool(false)),
            b'"' => self.string().map(Js::String),
            b'[' => self.array(depth + 1),
            b'{' => self.object(depth + 1),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn array(&mut self, depth: usize) -> Option<Js<'static>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.eat(b'[')?;
        self.space();
        let mut items = Vec::new();
        if self.eat(b']').is_some() {
            return Some(Js::Array(items));
        }
        loop {
            self.space();
            items.push(self.value(depth)?);
            self.space();
            if self.eat(b']').is_some() {
                return Some(Js::Array(items));
            }
            self.eat(b',')?;
        }
    }

    fn object(&mut self, depth: usize) -> Option<Js<'static>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.eat(b'{')?;
        self.space();
        let mut obj = Obj::new();
        if self.eat(b'}').is_some() {
            return Some(Js::Object(obj));
        }
        loop {
            self.space();
            let key = self.string()?;
            self.space();
            self.eat(b':')?;
            self.space();
            let value = self.value(depth)?;
            obj.set(&key, value);
            self.space();
            if self.eat(b'}').is_some() {
                return Some(Js::Object(obj));
            }
            self.eat(b',')?;
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - from
    }

    fn number(&mut self) -> Option<Js<'static>> {
        let from = self.at;
        let _ = self.eat(b'-');
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.eat(b'.').is_some() && self.digits() == 0 {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        // Rust's parse rounds to nearest like JavaScript's, and overflows to infinity.
        self.text.get(from..self.at)?.parse().ok().map(Js::Number)
    }

    fn hex4(&mut self) -> Option<u16> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u16::from_str_radix(digits, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let from = self.at;
            while self
                .peek()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.at += 1;
            }
            // The loop stops only at ASCII bytes, so the cut is on a character boundary.
            out.push_str(self.text.get(from..self.at)?);
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    let escaped = self.peek()?;
                    self.at += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => self.unicode_escape(&mut out)?,
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// A `\uXXXX` escape, joined with a following low surrogate escape; a lone surrogate,
    /// which a Rust string cannot hold, becomes U+FFFD.
    fn unicode_escape(&mut self, out: &mut String) -> Option<()> {
        let unit = self.hex4()?;
        if (0xD800..0xDC00).contains(&unit) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u")
        {
            let save = self.at;
            self.at += 2;
            match self.hex4() {
                Some(low) if (0xDC00..0xE000).contains(&low) => {
                    out.extend(char::decode_utf16([unit, low]).map(|c| c.unwrap_or('\u{fffd}')));
                    return Some(());
                }
                _ => self.at = save,
            }
        }
        out.extend(char::decode_utf16([unit]).map(|c| c.unwrap_or('\u{fffd}')));
        Some(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decoded(text: &str) -> Option<serde_json::Value> {
        parse(text).map(|v| v.into_json().unwrap_or_default())
    }

    #[test]
    fn parses_like_json_parse() {
        assert_eq!(
            decoded(" {\"b\":1,\"a\":[true,null,\"x\\u00e9\"]} "),
            Some(json!({"b": 1, "a": [true, null, "xé"]}))
        );
        assert_eq!(decoded("\"bar\""), Some(json!("bar")));
        assert_eq!(decoded("1.0"), Some(json!(1)));
        assert_eq!(decoded("-0"), Some(json!(0)));
        assert_eq!(decoded("1e400"), Some(serde_json::Value::Null));
        assert_eq!(decoded("\"\\ud83d\\ude00\""), Some(json!("😀")));
        assert_eq!(decoded("\"\\ud83d\""), Some(json!("\u{fffd}")));
    }

    #[test]
    fn refuses_what_json_parse_refuses() {
        for text in [
            "",
            "Hello World",
            "01",
            "1.",
            ".5",
            "+1",
            "[1,]",
            "{\"a\":1,}",
            "'a'",
            "\"\t\"",
            "nul",
            "1 2",
            "\"\\x\"",
        ] {
            assert_eq!(decoded(text), None, "{text:?}");
        }
    }

    #[test]
    fn repeated_keys_keep_the_first_place_and_last_value() {
        let Some(Js::Object(obj)) = parse("{\"b\":1,\"a\":2,\"b\":3}") else {
            panic!()
        };
        let entries: Vec<_> = obj
            .entries()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect();
        assert_eq!(
            entries,
            [
                ("b".to_owned(), Js::Number(3.0)),
                ("a".to_owned(), Js::Number(2.0))
            ]
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(decoded(&deep), None);
        let fine = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(decoded(&fine).is_some());
    }
}
