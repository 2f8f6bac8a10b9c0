//! `@replace`'s text replacement: the reference escapes the pattern into a regular expression
//! that matches it literally, then calls `String.prototype.replace`, so the flags (`g`, `i`)
//! and the replacement's `$` patterns are JavaScript's.

use super::value::{utf16_len, JsText, STRING_TOO_LONG};

/// The reference's limit on a pattern's and a replacement's length, in UTF-16 units.
pub(super) const MAX_LENGTH: usize = 10;

/// One replacement step (`pattern` → `replacement`), checked and split once.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Step {
    pattern: Vec<char>,
    replacement: Vec<Piece>,
}

/// A piece of a replacement text.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    /// `$&`
    Match,
    /// `` $` ``
    Before,
    /// `$'`
    After,
}

/// The flags of both steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Flags {
    pub(super) global: bool,
    pub(super) ignore_case: bool,
}

impl Step {
    /// A step, or the reference's run-time error when the pattern or the replacement is too
    /// long (checked in that order).
    pub(super) fn new(pattern: &str, replacement: &str) -> Result<Step, &'static str> {
        if utf16_len(pattern) > MAX_LENGTH {
            return Err("@replace requires a \"pattern\" less than 10 characters");
        }
        if utf16_len(replacement) > MAX_LENGTH {
            return Err("@replace requires a \"replacement\" less than 10 characters");
        }
        Ok(Step {
            pattern: pattern.chars().collect(),
            replacement: pieces(replacement),
        })
    }

    /// `value.replace(new RegExp(escaped(pattern), flags), replacement)`; the reference's
    /// error when the result would outgrow a JavaScript string (`` $` `` and `$'` copy the
    /// text around every match).
    pub(super) fn apply(&self, value: &str, flags: Flags) -> Result<String, &'static str> {
        let chars: Vec<char> = value.chars().collect();
        let width = self.pattern.len();
        let mut out = JsText::with_capacity(value.len());
        let mut copied = 0;
        let mut at = 0;
        while width > 0 && at + width <= chars.len() {
            let window = chars.get(at..at + width).unwrap_or_default();
            let found = window
                .iter()
                .zip(&self.pattern)
                .all(|(a, b)| a == b || (flags.ignore_case && canonical(*a) == canonical(*b)));
            if !found {
                at += 1;
                continue;
            }
            out.extend(chars.get(copied..at).unwrap_or_default());
            for piece in &self.replacement {
                match piece {
                    Piece::Text(text) => out.push_str(text),
                    Piece::Match => out.extend(window),
                    Piece::Before => out.extend(chars.get(..at).unwrap_or_default()),
                    Piece::After => out.extend(chars.get(at + width..).unwrap_or_default()),
                }
            }
            if out.too_long() {
                return Err(STRING_TOO_LONG);
            }
            at += width;
            copied = at;
            if !flags.global {
                break;
            }
        }
        out.extend(chars.get(copied..).unwrap_or_default());
        Ok(out.into_string())
    }
}

/// JavaScript's replacement patterns for a regular expression without capture groups: `$$`,
/// `$&`, `` $` `` and `$'`; any other `$` (`$1`, `$<`) stays as written.
fn pieces(replacement: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = replacement.chars().peekable();
    while let Some(c) = chars.next() {
        let special = match (c, chars.peek()) {
            ('$', Some('$')) => {
                text.push('$');
                None
            }
            ('$', Some('&')) => Some(Piece::Match),
            ('$', Some('`')) => Some(Piece::Before),
            ('$', Some('\'')) => Some(Piece::After),
            _ => {
                text.push(c);
                continue;
            }
        };
        chars.next();
        if let Some(piece) = special {
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(piece);
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
}

/// How a case-insensitive regular expression without the `u` flag compares characters
/// (`Canonicalize`): a UTF-16 unit's simple upper case when that is one unit, unless it would
/// map a non-ASCII character to ASCII. Characters outside the BMP are two units with no case.
fn canonical(c: char) -> char {
    if c.len_utf16() > 1 {
        return c;
    }
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) if u.len_utf16() == 1 && (c.is_ascii() || !u.is_ascii()) => u,
        _ => c,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const ALL: Flags = Flags {
        global: true,
        ignore_case: false,
    };

    fn replace(value: &str, pattern: &str, replacement: &str, flags: Flags) -> String {
        Step::new(pattern, replacement)
            .unwrap()
            .apply(value, flags)
            .unwrap()
    }

    #[test]
    fn literal_not_regex() {
        assert_eq!(replace("a.b.c", ".", "-", ALL), "a-b-c");
        assert_eq!(
            replace("many+different+things", "many+", "", ALL),
            "different+things"
        );
        let first = Flags {
            global: false,
            ..ALL
        };
        assert_eq!(replace("a+b+c", "+", "_", first), "a_b+c");
    }

    #[test]
    fn replacement_patterns() {
        assert_eq!(replace("abc", "b", "[$&]", ALL), "a[b]c");
        assert_eq!(replace("abc", "b", "$`|$'", ALL), "aa|cc");
        assert_eq!(replace("abc", "b", "$$", ALL), "a$c");
        assert_eq!(replace("abc", "b", "$1$0$<$", ALL), "a$1$0$<$c");
    }

    #[test]
    fn ignore_case_uses_simple_upper_case() {
        let i = Flags {
            global: true,
            ignore_case: true,
        };
        assert_eq!(
            replace("aab-----AaB---aab", "AaB", "nice", i),
            "nice-----nice---nice"
        );
        // ß upper-cases to two letters, so it only matches itself; ſ would map to ASCII S.
        assert_eq!(replace("ßSs", "ß", "x", i), "xSs");
        assert_eq!(replace("ſs", "S", "x", i), "ſx");
        assert_eq!(replace("ÉCOLE école", "é", "e", i), "eCOLE ecole");
    }

    #[test]
    fn copies_around_every_match_cannot_outgrow_a_javascript_string() {
        let step = Step::new("a", "$`").unwrap();
        assert_eq!(step.apply(&"a".repeat(200), ALL), Err(STRING_TOO_LONG));
        assert_eq!(
            step.apply(&"a".repeat(50), ALL).map(|t| t.len()),
            Ok(49 * 50 / 2)
        );
    }

    #[test]
    fn lengths_are_utf16_units() {
        assert!(Step::new("😀😀😀😀😀", "").is_ok());
        assert_eq!(
            Step::new("😀😀😀😀😀😀", ""),
            Err("@replace requires a \"pattern\" less than 10 characters")
        );
        assert_eq!(
            Step::new("a", "01234567890"),
            Err("@replace requires a \"replacement\" less than 10 characters")
        );
    }
}
