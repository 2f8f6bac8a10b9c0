//! Guessing from the bytes: where a key's first string value is, without parsing.
//!
//! A guess only picks which model to read first; the model's own read decides (see
//! [`crate::webhook::WebhookKind`] and the source events' `type`).

/// A finder for one key's string value anywhere in a JSON text.
pub(crate) struct KeyFinder(memchr::memmem::Finder<'static>);

impl KeyFinder {
    /// A finder for `"key"`.
    pub(crate) fn new(quoted_key: &'static str) -> Self {
        KeyFinder(memchr::memmem::Finder::new(quoted_key.as_bytes()))
    }

    /// Whether `"key"` occurs at all.
    pub(crate) fn occurs_in(&self, body: &[u8]) -> bool {
        self.first(body).is_some()
    }

    /// Where `"key"` first occurs. Senders often write the key first (`{"type": …`), and then
    /// nothing before it can hold it: that case is checked before searching the body.
    fn first(&self, body: &[u8]) -> Option<usize> {
        let needle = self.0.needle();
        if let Some(inside) = body.trim_ascii_start().strip_prefix(b"{") {
            let at = body.len() - inside.trim_ascii_start().len();
            if body.get(at..at + needle.len()) == Some(needle) {
                return Some(at);
            }
        }
        self.0.find(body)
    }

    /// The string after the first `"key"` and a colon, when it has no escapes.
    ///
    /// A guess: the first occurrence may be nested, or inside a string.
    pub(crate) fn first_string<'a>(&self, text: &'a str) -> Option<&'a str> {
        string_after(text, self.first(text.as_bytes())? + self.0.needle().len())
    }
}

/// The string after a colon at `at` (white space around it), when it has no escapes: in a text
/// already checked to be UTF-8, so no second check, and a byte loop for what is a short string.
fn string_after(text: &str, at: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let skip_space = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let colon = skip_space(at);
    if bytes.get(colon) != Some(&b':') {
        return None;
    }
    let quote = skip_space(colon + 1);
    if bytes.get(quote) != Some(&b'"') {
        return None;
    }
    let start = quote + 1;
    let mut end = start;
    loop {
        match bytes.get(end)? {
            // Both ends are next to ASCII quotes, so they are character boundaries.
            b'"' => return text.get(start..end),
            b'\\' => return None,
            _ => end += 1,
        }
    }
}

/// Two keys that open alike (`"eventType"`, `"eventName"`): one search for what they share
/// finds the first occurrence of each, where two [`KeyFinder`]s would search twice.
pub(crate) struct KeyPair {
    opening: memchr::memmem::Finder<'static>,
    keys: [&'static [u8]; 2],
}

impl KeyPair {
    /// A pair for `"a"` and `"b"`, quoted as given.
    pub(crate) fn new(a: &'static str, b: &'static str) -> Self {
        let shared = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        KeyPair {
            opening: memchr::memmem::Finder::new(a.as_bytes().get(..shared).unwrap_or_default()),
            keys: [a.as_bytes(), b.as_bytes()],
        }
    }

    /// [`KeyFinder::first_string`] for both keys, in a text.
    pub(crate) fn first_strings<'a>(&self, text: &'a str) -> [Option<&'a str>; 2] {
        let body = text.as_bytes();
        let mut first = [None, None];
        for at in self.opening.find_iter(body) {
            for (slot, key) in first.iter_mut().zip(self.keys) {
                if slot.is_none() && body.get(at..at + key.len()) == Some(key) {
                    *slot = Some(at + key.len());
                }
            }
            if first.iter().all(Option::is_some) {
                break;
            }
        }
        first.map(|after_key| string_after(text, after_key?))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{KeyFinder, KeyPair};

    /// The pair finds what a finder for each key finds.
    #[test]
    fn a_key_pair_finds_what_two_finders_find() {
        let pair = KeyPair::new("\"eventType\"", "\"eventName\"");
        let (event_type, event_name) = (
            KeyFinder::new("\"eventType\""),
            KeyFinder::new("\"eventName\""),
        );
        for text in [
            r#"{"eventType":"a","eventName":"b"}"#,
            r#"{"eventName":"b","eventProperties":{},"eventType":"a"}"#,
            r#"{"eventName":"b","eventName":"c"}"#,
            r#"{"x":{"eventType":1},"eventType":"a"}"#,
            r#"{"eventDate":"d","event":"e"}"#,
            r#"{"eventType":"a\"b","eventName" : "n"}"#,
            "{\"eventType\":\"caf\u{e9} \u{1f600}\",\"eventName\"\t:\n\u{c}\"n\"}",
            r#"{"eventType":"unterminated"#,
            r#"{"eventType":5,"eventName":null}"#,
            r#"{"eventType" "a","eventName":}"#,
            "",
        ] {
            assert_eq!(
                pair.first_strings(text),
                [event_type.first_string(text), event_name.first_string(text)],
                "{text}"
            );
        }
    }

    #[test]
    fn key_finder_reads_the_first_plain_string_value() {
        let finder = KeyFinder::new("\"eventName\"");
        assert_eq!(
            finder.first_string(r#"{"a":1, "eventName" :  "studySeen"}"#),
            Some("studySeen")
        );
        assert_eq!(finder.first_string(r#"{"eventName":"a\"b"}"#), None);
        assert_eq!(finder.first_string(r#"{"eventName":5}"#), None);
        assert_eq!(finder.first_string(r#"{"eventName":"unterminated"#), None);
        assert_eq!(finder.first_string(r#"{"event":"x"}"#), None);
        assert_eq!(
            finder.first_string("{\"eventName\": \"caf\u{e9} \u{1f600}\"}"),
            Some("caf\u{e9} \u{1f600}")
        );
        assert!(finder.occurs_in(br#"{"x":{"eventName":null}}"#));
        // The key written first, after white space, or not first.
        assert_eq!(finder.first_string(" {\n \"eventName\":\"a\"}"), Some("a"));
        assert_eq!(finder.first(b"{\"eventName\":1}"), Some(1));
        assert_eq!(finder.first(b"[\"eventName\"]"), Some(1));
        // A value that reads like the key is the first occurrence: a guess, as documented.
        assert_eq!(
            finder.first(b"{ \"a\": \"eventName\", \"eventName\":1}"),
            Some(7)
        );
    }
}
