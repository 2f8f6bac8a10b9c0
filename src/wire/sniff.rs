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
        self.0.find(body).is_some()
    }

    /// The string after the first `"key"` and a colon, when it has no escapes.
    ///
    /// A guess: the first occurrence may be nested, or inside a string.
    pub(crate) fn first_string<'a>(&self, body: &'a [u8]) -> Option<&'a str> {
        let after_key = self.0.find(body)? + self.0.needle().len();
        let rest = body
            .get(after_key..)?
            .trim_ascii_start()
            .strip_prefix(b":")?;
        let rest = rest.trim_ascii_start().strip_prefix(b"\"")?;
        let end = memchr::memchr2(b'"', b'\\', rest)?;
        match rest.get(end) {
            Some(b'"') => std::str::from_utf8(rest.get(..end)?).ok(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KeyFinder;

    #[test]
    fn key_finder_reads_the_first_plain_string_value() {
        let finder = KeyFinder::new("\"eventName\"");
        assert_eq!(
            finder.first_string(br#"{"a":1, "eventName" :  "studySeen"}"#),
            Some("studySeen")
        );
        assert_eq!(finder.first_string(br#"{"eventName":"a\"b"}"#), None);
        assert_eq!(finder.first_string(br#"{"eventName":5}"#), None);
        assert_eq!(finder.first_string(br#"{"eventName":"unterminated"#), None);
        assert_eq!(finder.first_string(br#"{"event":"x"}"#), None);
        assert!(finder.occurs_in(br#"{"x":{"eventName":null}}"#));
    }
}
