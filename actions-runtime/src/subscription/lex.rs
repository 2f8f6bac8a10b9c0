//! Tokens, exactly as the reference's lexer (`@segment/fql-ts`) cuts them, quirks included.
//!
//! The reference reads the text one UTF-16 code unit at a time, and several of its answers
//! depend on that (how far a look-ahead reaches, what an escaped character is), so this lexer
//! does too; spans are reported in bytes of the original text.

use std::ops::Range;

use super::error::{ErrorKind, SubscriptionError};

/// Longer identifiers, strings and numbers are errors in the reference ("unreasonable length").
const MAX_LENGTH: usize = 100_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Ident,
    Dot,
    Operator,
    Conditional,
    String,
    Number,
    Null,
    BrackLeft,
    BrackRight,
    ParenLeft,
    ParenRight,
    Comma,
    Eos,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub(super) kind: Kind,
    /// The reference's `token.value`: a string keeps its quotes, an identifier loses its
    /// escapes, the end is `eos`.
    pub(super) value: String,
    /// Bytes of the original text.
    pub(super) span: Range<usize>,
}

impl Token {
    pub(super) fn eos(at: usize) -> Token {
        Token {
            kind: Kind::Eos,
            value: "eos".into(),
            span: at..at,
        }
    }

    pub(super) fn is(&self, kind: Kind, value: &str) -> bool {
        self.kind == kind && self.value == value
    }
}

/// What the lexer did that a reader of the text would not expect, for the lints.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Oddity {
    /// A closing quote not followed by a space, `,`, `)`, `]` or the end opens the next string.
    QuoteReopens { at: Range<usize> },
    /// A last word starting with `a` or `n` lost what followed its first letter.
    TruncatedWord { written: Range<usize>, read: String },
}

pub(super) struct Lexed {
    pub(super) tokens: Vec<Token>,
    pub(super) oddities: Vec<Oddity>,
}

const fn unit(c: char) -> u16 {
    c as u16
}

fn is_alpha(c: Option<u16>) -> bool {
    c.is_some_and(|c| u8::try_from(c).is_ok_and(|b| b.is_ascii_alphabetic()))
}

fn is_digit(c: Option<u16>) -> bool {
    c.is_some_and(|c| u8::try_from(c).is_ok_and(|b| b.is_ascii_digit()))
}

fn is_whitespace(c: u16) -> bool {
    c == unit(' ') || c == unit('\t') || c == unit('\n')
}

fn is_ident(c: Option<u16>) -> bool {
    is_alpha(c)
        || is_digit(c)
        || matches!(c, Some(c) if c == unit('_') || c == unit('-') || c == unit('\\'))
}

/// The end, white space, `,`, `]` or `)`.
fn is_terminator(c: Option<u16>) -> bool {
    match c {
        None => true,
        Some(c) => is_whitespace(c) || c == unit(',') || c == unit(']') || c == unit(')'),
    }
}

struct Lexer<'a> {
    text: &'a str,
    units: Vec<u16>,
    /// The byte offset of each code unit, and of the end.
    bytes: Vec<usize>,
    position: usize,
    oddities: Vec<Oddity>,
}

pub(super) fn lex(text: &str) -> Result<Lexed, SubscriptionError> {
    let mut units = Vec::with_capacity(text.len());
    let mut bytes = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        let mut buffer = [0; 2];
        for u in c.encode_utf16(&mut buffer) {
            units.push(*u);
            // Both halves of a pair point at the character, so a span never splits one.
            bytes.push(at);
        }
    }
    bytes.push(text.len());
    let mut lexer = Lexer {
        text,
        units,
        bytes,
        position: 0,
        oddities: Vec::new(),
    };
    let tokens = lexer.run()?;
    Ok(Lexed {
        tokens,
        oddities: lexer.oddities,
    })
}

impl Lexer<'_> {
    fn byte(&self, unit: usize) -> usize {
        self.bytes.get(unit).copied().unwrap_or(self.text.len())
    }

    fn span(&self, from: usize) -> Range<usize> {
        self.byte(from)..self.byte(self.position)
    }

    fn error(&self, kind: ErrorKind, from: usize, to: usize) -> SubscriptionError {
        SubscriptionError::new(kind, self.byte(from)..self.byte(to))
    }

    /// The character whose code unit is at `at` (the whole character for a surrogate).
    fn char_at(&self, at: usize) -> Option<char> {
        self.text
            .get(self.byte(at)..)
            .and_then(|rest| rest.chars().next())
    }

    fn next(&mut self) -> Option<u16> {
        let c = self.units.get(self.position).copied();
        if c.is_some() {
            self.position += 1;
        }
        c
    }

    fn backup(&mut self, count: usize) {
        self.position = self.position.saturating_sub(count);
    }

    fn peek(&mut self) -> Option<u16> {
        self.units.get(self.position).copied()
    }

    /// The reference's `accept`: read `expected.len()` units, stopping early at a terminator;
    /// keep them if they are `expected` followed by a terminator, else give them back — except
    /// when the end is reached, where what was read stays read.
    fn accept(&mut self, expected: &str) -> bool {
        let mut read = Vec::with_capacity(expected.len());
        for _ in expected.bytes() {
            let Some(c) = self.next() else {
                return false;
            };
            read.push(c);
            if is_terminator(Some(c)) {
                break;
            }
        }
        if read.iter().copied().eq(expected.encode_utf16()) && is_terminator(self.peek()) {
            return true;
        }
        self.backup(read.len());
        false
    }

    fn push(&self, tokens: &mut Vec<Token>, kind: Kind, value: &str, from: usize) {
        tokens.push(Token {
            kind,
            value: value.into(),
            span: self.span(from),
        });
    }

    fn run(&mut self) -> Result<Vec<Token>, SubscriptionError> {
        let mut tokens = Vec::new();
        loop {
            let from = self.position;
            let Some(c) = self.next() else {
                tokens.push(Token::eos(self.text.len()));
                return Ok(tokens);
            };
            if is_whitespace(c) {
                continue;
            }
            if c == unit('!') {
                let next = self.peek();
                if is_alpha(next) || next == Some(unit('(')) {
                    self.push(&mut tokens, Kind::Operator, "!", from);
                    continue;
                }
            }
            if is_alpha(Some(c))
                || [
                    unit('!'),
                    unit('='),
                    unit('>'),
                    unit('<'),
                    unit('\\'),
                    unit('_'),
                ]
                .contains(&c)
            {
                let token = self.operator_or_conditional(c, from)?;
                tokens.push(token);
                continue;
            }
            if is_digit(Some(c)) || c == unit('-') || c == unit('+') {
                let token = self.number(c, from)?;
                tokens.push(token);
                continue;
            }
            if c == unit('"') || c == unit('\'') {
                let token = self.string(c, from)?;
                tokens.push(token);
                continue;
            }
            let punctuation = [
                ('.', Kind::Dot),
                ('[', Kind::BrackLeft),
                (']', Kind::BrackRight),
                (',', Kind::Comma),
                ('(', Kind::ParenLeft),
                (')', Kind::ParenRight),
            ];
            if let Some((p, kind)) = punctuation.into_iter().find(|(p, _)| unit(*p) == c) {
                self.push(&mut tokens, kind, p.encode_utf8(&mut [0; 4]), from);
                continue;
            }
            let found = self.char_at(from).unwrap_or(char::REPLACEMENT_CHARACTER);
            let end = from + found.len_utf16();
            return Err(self.error(ErrorKind::InvalidCharacter(found), from, end));
        }
    }

    fn operator_or_conditional(
        &mut self,
        first: u16,
        from: usize,
    ) -> Result<Token, SubscriptionError> {
        let token = |kind, value: &str, lexer: &Self| Token {
            kind,
            value: value.into(),
            span: lexer.span(from),
        };
        if first == unit('=') {
            return Ok(token(Kind::Operator, "=", self));
        }
        if first == unit('!') {
            if self.accept("=") {
                return Ok(token(Kind::Operator, "!=", self));
            }
            return Err(self.error(ErrorKind::BangWithoutEquals, from, from + 1));
        }
        if first == unit('<') || first == unit('>') {
            let op = if first == unit('<') { "<" } else { ">" };
            if self.accept("=") {
                return Ok(token(Kind::Operator, &format!("{op}="), self));
            }
            return Ok(token(Kind::Operator, op, self));
        }
        let keyword = [
            ('a', "nd", Kind::Conditional, "and"),
            ('o', "r", Kind::Conditional, "or"),
            ('n', "ull", Kind::Null, "null"),
        ]
        .into_iter()
        .find(|(c, ..)| unit(*c) == first);
        if let Some((_, rest, kind, value)) = keyword {
            let before = self.position;
            if self.accept(rest) {
                return Ok(token(kind, value, self));
            }
            let skipped = self.position - before;
            let ident = self.ident(first, from, self.position)?;
            if skipped > 0 {
                // `accept` hit the end and kept what it read: the word lost those units.
                self.oddities.push(Oddity::TruncatedWord {
                    written: self.span(from),
                    read: ident.value.clone(),
                });
            }
            return Ok(ident);
        }
        self.ident(first, from, self.position)
    }

    /// `from` is where the token starts, `resume` the unit after `first` (which `accept` may
    /// have moved past).
    fn ident(
        &mut self,
        first: u16,
        from: usize,
        resume: usize,
    ) -> Result<Token, SubscriptionError> {
        self.position = resume;
        let mut value: Vec<u16> = Vec::new();
        let mut c = first;
        loop {
            if c == unit('\\') {
                match self.next() {
                    Some(escaped) => c = escaped,
                    None => {
                        return Err(self.error(
                            ErrorKind::EscapeAtEnd,
                            self.position.saturating_sub(1),
                            self.position,
                        ))
                    }
                }
            }
            value.push(c);
            if value.len() >= MAX_LENGTH {
                return Err(self.error(ErrorKind::TooLong, from, self.position));
            }
            if !is_ident(self.peek()) {
                break;
            }
            c = self.next().unwrap_or(0);
        }
        let coming = self.peek();
        let allowed = is_terminator(coming)
            || matches!(coming, Some(c) if [unit('.'), unit('('), unit('='), unit('!')].contains(&c));
        if !allowed {
            let found = self
                .char_at(self.position)
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            return Err(self.error(
                ErrorKind::InvalidAfterWord(found),
                self.position,
                self.position + 1,
            ));
        }
        Ok(Token {
            kind: Kind::Ident,
            value: String::from_utf16_lossy(&value),
            span: self.span(from),
        })
    }

    fn number(&mut self, first: u16, from: usize) -> Result<Token, SubscriptionError> {
        let mut text = String::new();
        text.push(char::from(u8::try_from(first).unwrap_or(b'0')));
        let mut coming = self.peek();
        let mut decimal = false;
        while is_digit(coming) || coming == Some(unit('.')) {
            let c = self.next().unwrap_or(0);
            text.push(char::from(u8::try_from(c).unwrap_or(b'0')));
            if c == unit('.') {
                if is_terminator(self.peek()) {
                    return Err(self.error(
                        ErrorKind::DecimalPointAtEnd,
                        self.position - 1,
                        self.position,
                    ));
                }
                if decimal {
                    return Err(self.error(
                        ErrorKind::SecondDecimalPoint,
                        self.position - 1,
                        self.position,
                    ));
                }
                decimal = true;
            }
            // The reference counts the digits after the first character.
            if text.len() > MAX_LENGTH {
                return Err(self.error(ErrorKind::TooLong, from, self.position));
            }
            coming = self.peek();
        }
        Ok(Token {
            kind: Kind::Number,
            value: text,
            span: self.span(from),
        })
    }

    fn string(&mut self, quote: u16, from: usize) -> Result<Token, SubscriptionError> {
        let mut content: Vec<u16> = Vec::new();
        while self.peek() != Some(quote) {
            match self.next() {
                Some(c) => content.push(c),
                None => return Err(self.error(ErrorKind::UnterminatedString, from, self.position)),
            }
            if content.len() >= MAX_LENGTH {
                return Err(self.error(ErrorKind::TooLong, from, self.position));
            }
        }
        // The closing quote is eaten only when a terminator follows it; otherwise it is read
        // again, as the opening quote of the next string.
        let closing = self.position;
        let eaten = self.accept(&String::from_utf16_lossy(&[quote]));
        if !eaten {
            self.oddities.push(Oddity::QuoteReopens {
                at: self.byte(closing)..self.byte(closing + 1),
            });
        }
        let mut value = Vec::with_capacity(content.len() + 2);
        value.push(quote);
        value.extend_from_slice(&content);
        value.push(quote);
        Ok(Token {
            kind: Kind::String,
            value: String::from_utf16_lossy(&value),
            span: self.byte(from)..self.byte(closing + 1),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        lex(text)
            .unwrap()
            .tokens
            .into_iter()
            .map(|t| t.value)
            .collect()
    }

    #[test]
    fn a_closing_quote_before_a_letter_opens_the_next_string() {
        assert_eq!(
            values(r#"event = "x"and type = "y""#),
            ["event", "=", "\"x\"", "\"and type = \"", "\"y\"", "eos"]
        );
        assert_eq!(values(r#""a""b""#), ["\"a\"", "\"\"", "\"b\"", "eos"]);
        assert_eq!(
            values("event = 'a''b' c"),
            ["event", "=", "'a'", "''", "'b'", "c", "eos"]
        );
    }

    #[test]
    fn a_last_word_after_a_or_n_loses_what_accept_read() {
        assert_eq!(values("event = an"), ["event", "=", "a", "eos"]);
        assert_eq!(values("event = ax"), ["event", "=", "a", "eos"]);
        assert_eq!(values("event = nul"), ["event", "=", "n", "eos"]);
        assert_eq!(values("event = a\\"), ["event", "=", "a", "eos"]);
        assert_eq!(values("event = axy"), ["event", "=", "axy", "eos"]);
        assert_eq!(values("event = ox"), ["event", "=", "ox", "eos"]);
        // Counted in UTF-16 units: the emoji is two, so nothing reaches the end.
        assert!(lex("event = a😀").is_err());
    }

    #[test]
    fn two_character_operators_need_a_terminator() {
        assert_eq!(
            values("properties.a <=5"),
            ["properties", ".", "a", "<", "=", "5", "eos"]
        );
        assert!(lex(r#"event !="x""#).is_err());
        assert_eq!(values("a != b"), ["a", "!=", "b", "eos"]);
    }

    #[test]
    fn numbers_take_digits_and_one_point() {
        assert_eq!(values("1.x -- +"), ["1.", "x", "-", "-", "+", "eos"]);
        assert!(lex("1.2.3").is_err());
        assert!(lex("10.").is_err());
        assert!(lex("10. ").is_err());
    }

    #[test]
    fn escapes_take_one_code_unit() {
        assert_eq!(
            values(r"properties.product\ 1.price"),
            ["properties", ".", "product 1", ".", "price", "eos"]
        );
        assert_eq!(values(r"\é"), ["é", "eos"]);
        assert!(lex("\\😀").is_err());
        assert!(lex("properties.é").is_err());
    }

    #[test]
    fn spans_are_bytes_of_the_text() {
        let lexed = lex("é = \"ü😀\" x").err().unwrap();
        assert_eq!(lexed.span(), 0..2);
        let tokens = lex("\\é = \"ü😀\" x").unwrap().tokens;
        assert_eq!(tokens[2].span, 6..14);
        assert_eq!(tokens[3].span, 15..16);
    }
}
