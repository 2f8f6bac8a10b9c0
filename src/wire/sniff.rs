//! Guessing from the bytes: where a key's first or last string value is, without parsing.
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
/// finds the first occurrence of each, where two [`KeyFinder`]s would search twice; one search
/// from the end for the bytes where they part (`T`, `N`) finds the last occurrence of each, and
/// may stop before it has both.
pub(crate) struct KeyPair {
    opening: memchr::memmem::Finder<'static>,
    keys: [&'static [u8]; 2],
    /// How many bytes the keys share at the start.
    shared: usize,
    /// Each key's byte after the shared ones.
    parting: [u8; 2],
}

impl KeyPair {
    /// A pair for `"a"` and `"b"`, quoted as given: neither may be the start of the other.
    pub(crate) fn new(a: &'static str, b: &'static str) -> Self {
        let shared = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        let keys = [a.as_bytes(), b.as_bytes()];
        KeyPair {
            opening: memchr::memmem::Finder::new(a.as_bytes().get(..shared).unwrap_or_default()),
            keys,
            shared,
            parting: keys.map(|key| key.get(shared).copied().unwrap_or_default()),
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

    /// The string values after the last occurrence of each key, read from the end of the text:
    /// `enough` is asked each time one key is found while the other is not yet, with the values
    /// found so far (`None` for a key not found, or not followed by a plain string), and the
    /// search stops when it says yes or when both keys are found.
    ///
    /// Senders that write a payload's discriminating keys last (Sprig does) are read from
    /// their tail only.
    pub(crate) fn last_strings_until<'a>(
        &self,
        text: &'a str,
        mut enough: impl FnMut([Option<&'a str>; 2]) -> bool,
    ) -> [Option<&'a str>; 2] {
        let body = text.as_bytes();
        let mut found = [false; 2];
        let mut values = [None, None];
        let [x, y] = self.parting;
        for parting in memchr::memrchr2_iter(x, y, body) {
            let Some(at) = parting.checked_sub(self.shared) else {
                break;
            };
            let mut more = false;
            for ((found, value), key) in found.iter_mut().zip(&mut values).zip(self.keys) {
                if !*found && body.get(at..at + key.len()) == Some(key) {
                    *found = true;
                    *value = string_after(text, at + key.len());
                    more = true;
                }
            }
            if found.iter().all(|f| *f) || (more && enough(values)) {
                break;
            }
        }
        values
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{KeyFinder, KeyPair};

    /// Texts for a pair of `"eventType"` and `"eventName"`: in either order, repeated, nested
    /// before or after, escaped, of other types, broken.
    const TEXTS: [&str; 12] = [
        r#"{"eventType":"a","eventName":"b"}"#,
        r#"{"eventName":"b","eventProperties":{},"eventType":"a"}"#,
        r#"{"eventName":"b","eventName":"c"}"#,
        r#"{"x":{"eventType":1},"eventType":"a"}"#,
        r#"{"eventType":"a","x":{"eventType":"n"}}"#,
        r#"{"eventDate":"d","event":"e"}"#,
        r#"{"eventType":"a\"b","eventName" : "n"}"#,
        "{\"eventType\":\"caf\u{e9} \u{1f600}\",\"eventName\"\t:\n\u{c}\"n\"}",
        r#"{"eventType":"unterminated"#,
        r#"{"eventType":5,"eventName":null}"#,
        r#"{"eventType" "a","eventName":}"#,
        "",
    ];

    /// The pair finds what a finder for each key finds.
    #[test]
    fn a_key_pair_finds_what_two_finders_find() {
        let pair = KeyPair::new("\"eventType\"", "\"eventName\"");
        let (event_type, event_name) = (
            KeyFinder::new("\"eventType\""),
            KeyFinder::new("\"eventName\""),
        );
        for text in TEXTS {
            assert_eq!(
                pair.first_strings(text),
                [event_type.first_string(text), event_name.first_string(text)],
                "{text}"
            );
        }
    }

    /// From the end, with no early stop, the pair finds the value after each key's last
    /// occurrence; with one, it stops at the first key found that satisfies it.
    #[test]
    fn a_key_pair_from_the_end_finds_the_last_occurrences() {
        let keys = ["\"eventType\"", "\"eventName\""];
        let pair = KeyPair::new(keys[0], keys[1]);
        for text in TEXTS {
            // Independently: each key's last occurrence by the standard library's search, and
            // the plain string after it as the forward finder reads one.
            let expected = keys.map(|key| {
                text.rfind(key)
                    .and_then(|at| KeyFinder::new(key).first_string(text.get(at..).unwrap()))
            });
            assert_eq!(pair.last_strings_until(text, |_| false), expected, "{text}");
        }
        let text = r#"{"eventName":"n","x":1,"eventType":"t"}"#;
        let mut asked = Vec::new();
        let found = pair.last_strings_until(text, |values| {
            asked.push(values);
            values[0] == Some("t")
        });
        assert_eq!(found, [Some("t"), None]);
        assert_eq!(asked, [[Some("t"), None]]);
        // Not satisfied: both keys are found, and `enough` was asked after each.
        let mut asked = 0;
        let found = pair.last_strings_until(text, |_| {
            asked += 1;
            false
        });
        assert_eq!(found, [Some("t"), Some("n")]);
        assert_eq!(asked, 1, "not asked once both are found");
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
