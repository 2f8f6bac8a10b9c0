//! Why a text is not a subscription, and why evaluating one failed.

use std::fmt;
use std::ops::Range;

/// A text the reference cannot parse: what went wrong, and where (a byte span of the text).
///
/// The reference's runtime never runs an action whose subscription does not parse; this crate
/// makes that an error up front.
///
/// ```
/// use actions_runtime::Subscription;
///
/// let err = Subscription::parse(r#"type * "track""#).unwrap_err();
/// assert_eq!(err.span(), 5..6);
/// assert_eq!(err.to_string(), "invalid character '*' at byte 5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at byte {}", span.start)]
pub struct SubscriptionError {
    kind: ErrorKind,
    span: Range<usize>,
}

impl SubscriptionError {
    pub(super) fn new(kind: ErrorKind, span: Range<usize>) -> Self {
        SubscriptionError { kind, span }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The bytes of the text the error is about (empty at the end of the text).
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// What made a text unparseable.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A character the language has no use for outside a string (`*`, `$`, `\r`, `é`, …).
    InvalidCharacter(char),
    /// A string without its closing quote.
    UnterminatedString,
    /// `!` followed by neither `=`, a letter nor `(`, or `!=` not followed by a space, `,`,
    /// `)`, `]` or the end.
    BangWithoutEquals,
    /// A number ending in `.` (`10.`).
    DecimalPointAtEnd,
    /// A number with a second `.` (`1.2.3`).
    SecondDecimalPoint,
    /// A `\` at the very end.
    EscapeAtEnd,
    /// A word followed by a character that may not follow one (`properties.a>5`: `>`).
    InvalidAfterWord(char),
    /// A word, string or number of 100,000 characters or more.
    TooLong,
    /// A field with nothing after it (`type`).
    MissingValue,
    /// `contains(` or `match(` without its first (`position` 1) or second (2) argument.
    MissingArgument {
        /// `contains` or `match`.
        function: &'static str,
        /// 1 or 2.
        position: u8,
    },
    /// A `(` whose group has no `)`: parentheses cannot nest, so the group ends at the first
    /// `)` and an inner `(` is never closed.
    UnclosedParenthesis,
    /// No clause the reference can evaluate: the text is empty, or every clause tests a field
    /// it does not know (`anonymousId = "x"`).
    NoClause,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::InvalidCharacter(c) => write!(f, "invalid character {c:?}"),
            ErrorKind::UnterminatedString => f.write_str("unterminated string"),
            ErrorKind::BangWithoutEquals => {
                f.write_str("expected `=` and then a space, `,`, `)` or the end after `!`")
            }
            ErrorKind::DecimalPointAtEnd => f.write_str("a number ends in its decimal point"),
            ErrorKind::SecondDecimalPoint => f.write_str("a second decimal point in a number"),
            ErrorKind::EscapeAtEnd => f.write_str("`\\` with nothing to escape"),
            ErrorKind::InvalidAfterWord(c) => write!(f, "{c:?} may not follow a word"),
            ErrorKind::TooLong => {
                f.write_str("a word, string or number of 100000 characters or more")
            }
            ErrorKind::MissingValue => f.write_str("a field without an operator and a value"),
            ErrorKind::MissingArgument { function, position } => {
                let which = if *position == 1 { "1st" } else { "2nd" };
                write!(f, "{function}() is missing a {which} argument")
            }
            ErrorKind::UnclosedParenthesis => {
                f.write_str("`(` without a `)` in its group (parentheses cannot nest)")
            }
            ErrorKind::NoClause => f.write_str(
                "no clause: nothing tests type, event, name, userId, properties, traits or context",
            ),
        }
    }
}

/// Why the reference's `validate` throws (a `TypeError`) instead of answering, for an event
/// that reaches the failing part of the condition. The reference's runtime then fails the
/// event instead of skipping the action; [`Subscription::matches`](super::Subscription::matches)
/// answers `false`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvaluationError {
    /// A parenthesised group that kept no clause (`()`, `(anonymousId = "x")`): the reference
    /// holds `undefined` in its place.
    #[error("the condition holds an empty group, which the reference cannot evaluate")]
    EmptyGroup,
    /// A path with no key in it (`properties.\[`): the reference's `get` splits it into
    /// nothing and fails.
    #[error("the path {0:?} holds no key, which the reference cannot look up")]
    PathWithoutKeys(String),
}
