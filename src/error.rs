//! The crate's error types.

use std::fmt;

/// Why a payload, or a destination's configuration, could not be read.
///
/// `Display` always says where the input went wrong: the line and column of broken JSON, or the
/// JSON path of the field whose value is wrong (`questions[0].response`), followed, when known,
/// by the line and column where that value ends. What a caller acts on is data too:
/// [`Error::kind`], [`Error::path`], [`Error::position`], and through
/// [`source`](std::error::Error::source) the runtime's own error for a trigger or mapping that
/// does not compile (its span, its list of problems).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The body is not well-formed JSON (or is empty, or has trailing characters).
    #[error("malformed JSON: {message} at line {line} column {column}")]
    #[non_exhaustive]
    Syntax {
        /// What the JSON reader expected.
        message: String,
        /// 1-based line of the offending character.
        line: usize,
        /// 1-based column of the offending character; 0 when the reader stopped before the
        /// line's first character (an empty body, say), as serde_json counts.
        column: usize,
    },
    /// The JSON is well formed but a field's value does not fit the model.
    #[error("{}", DataDisplay { path, message, position: *position })]
    #[non_exhaustive]
    Data {
        /// JSON path of the field, e.g. `questions[0].response`; empty for the payload itself.
        path: String,
        /// What is wrong with the value.
        message: String,
        /// Line and column (1-based; column 0 when the reader stopped before the line's first
        /// character) where the value ends, when known: not for input read from a
        /// JSON tree, nor for a field checked against its siblings once the whole payload is
        /// read (a `response` that does not fit its `questionType`), whose path says where.
        position: Option<(usize, usize)>,
    },
    /// A configured action whose trigger condition or field mapping the runtime refuses.
    #[error("{path}: action {action:?}: {problem}")]
    #[non_exhaustive]
    Action {
        /// Where in the configuration, e.g. `actions[1].subscribe` or `actions[0].mapping`.
        path: String,
        /// The action's name.
        action: String,
        /// What is wrong, as the runtime reports it; also [`source`](std::error::Error::source).
        #[source]
        problem: ActionProblem,
    },
}

/// What is wrong with a configured action (see [`Error::Action`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ActionProblem {
    /// Its trigger condition does not parse.
    #[error(transparent)]
    Subscription(#[from] crate::destination::SubscriptionError),
    /// Its field mapping does not validate.
    #[error(transparent)]
    Mapping(#[from] crate::destination::MappingError),
}

/// The kind of an [`Error`], for code that answers each differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not well-formed JSON ([`Error::Syntax`]).
    Syntax,
    /// A required field is missing; [`Error::path`] names it.
    MissingField,
    /// A field's value does not fit the model; [`Error::path`] names it.
    InvalidValue,
    /// A configured action's trigger condition does not parse.
    Subscription,
    /// A configured action's field mapping does not validate.
    Mapping,
}

fn push_segment(path: &mut String, field: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(field);
}

/// The field a "missing field" error names. Serde's message for a missing field is its one
/// public form (`missing field `surveyId``, made by `de::Error::missing_field`, which the
/// models call): the field's name is read back from it here, so that the path names the
/// field itself, not only the object that lacks it.
fn missing_field_name(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")?
        .strip_suffix('`')
        .filter(|field| !field.contains('`'))
}

/// An error about one field, found once the object that holds it was read (when a value's
/// meaning depends on a sibling that may come after it, like `response` and `questionType`).
/// The path is relative to the payload the check ran on, e.g. `questions[0].response`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub(crate) path: String,
    pub(crate) message: String,
}

impl FieldError {
    pub(crate) fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError {
            path: field.to_owned(),
            message: message.into(),
        }
    }

    /// The same error, for the field found at `prefix` (e.g. `questions[2]`).
    pub(crate) fn within(mut self, prefix: &str) -> Self {
        self.path = if self.path.is_empty() {
            prefix.to_owned()
        } else {
            format!("{prefix}.{}", self.path)
        };
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

struct DataDisplay<'a> {
    path: &'a str,
    message: &'a str,
    position: Option<(usize, usize)>,
}

impl fmt::Display for DataDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(self.message)?;
        if let Some((line, column)) = self.position {
            write!(f, " at line {line} column {column}")?;
        }
        Ok(())
    }
}

impl Error {
    /// What kind of problem it is.
    ///
    /// ```
    /// use sprig_events::{parse_webhook, ErrorKind};
    ///
    /// let missing = parse_webhook(br#"{"eventType": "TEST", "id": 1, "environmentId": "e"}"#);
    /// let err = missing.unwrap_err();
    /// assert_eq!((err.kind(), err.path()), (ErrorKind::MissingField, Some("surveyId")));
    /// assert_eq!(parse_webhook(b"{").unwrap_err().kind(), ErrorKind::Syntax);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Syntax { .. } => ErrorKind::Syntax,
            Error::Data { message, .. } if missing_field_name(message).is_some() => {
                ErrorKind::MissingField
            }
            Error::Data { .. } => ErrorKind::InvalidValue,
            Error::Action {
                problem: ActionProblem::Subscription(_),
                ..
            } => ErrorKind::Subscription,
            Error::Action {
                problem: ActionProblem::Mapping(_),
                ..
            } => ErrorKind::Mapping,
        }
    }

    /// The JSON path of the failing field, when the error is about a field's value (or a
    /// configured action's trigger or mapping).
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::Data { path, .. } | Error::Action { path, .. } => Some(path),
            Error::Syntax { .. } => None,
        }
    }

    /// Line and column (1-based) of the error in the input text, when known; column 0 when the
    /// reader stopped before the line's first character (an empty body, say).
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Error::Syntax { line, column, .. } => Some((*line, *column)),
            Error::Data { position, .. } => *position,
            Error::Action { .. } => None,
        }
    }

    /// A field's value that does not fit, at `path`.
    pub(crate) fn data(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Data {
            path: path.into(),
            message: message.into(),
            position: None,
        }
    }

    /// The same error, for `part` (a slice of `whole`) found at `prefix` in `whole`: the path
    /// gains the prefix and the position is counted from the start of `whole`.
    pub(crate) fn within(self, prefix: &str, whole: &[u8], part: &str) -> Self {
        let offset = (part.as_ptr() as usize)
            .checked_sub(whole.as_ptr() as usize)
            .filter(|offset| *offset <= whole.len());
        let shift = |(line, column): (usize, usize)| -> (usize, usize) {
            let Some(before) = offset.and_then(|offset| whole.get(..offset)) else {
                return (line, column);
            };
            let base_line = 1 + before.iter().filter(|&&b| b == b'\n').count();
            let base_column = before.iter().rev().take_while(|&&b| b != b'\n').count();
            if line <= 1 {
                (base_line, base_column + column)
            } else {
                (base_line + line - 1, column)
            }
        };
        match self {
            Error::Syntax {
                message,
                line,
                column,
            } => {
                let (line, column) = shift((line, column));
                Error::Syntax {
                    message,
                    line,
                    column,
                }
            }
            Error::Data {
                path,
                message,
                position,
            } => Error::Data {
                path: if path.is_empty() {
                    prefix.to_owned()
                } else {
                    format!("{prefix}.{path}")
                },
                message,
                position: position.map(shift),
            },
            Error::Action {
                path,
                action,
                problem,
            } => Error::Action {
                path: format!("{prefix}.{path}"),
                action,
                problem,
            },
        }
    }

    /// Bytes that are not UTF-8, which JSON text must be.
    pub(crate) fn utf8(body: &[u8], err: &std::str::Utf8Error) -> Self {
        let before = body.get(..err.valid_up_to()).unwrap_or_default();
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
        Error::Syntax {
            message: "invalid UTF-8".into(),
            line,
            column,
        }
    }

    pub(crate) fn from_field(err: FieldError) -> Self {
        let mut message = err.message;
        cap(&mut message);
        Error::Data {
            path: err.path,
            message,
            position: None,
        }
    }

    pub(crate) fn from_tracked(err: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path };
        Self::with_path(path, err.into_inner())
    }

    pub(crate) fn with_path(mut path: String, err: serde_json::Error) -> Self {
        let (line, column) = (err.line(), err.column());
        let position = (line != 0).then_some((line, column));
        let full = err.to_string();
        let mut message = match position {
            Some((l, c)) => full
                .strip_suffix(&format!(" at line {l} column {c}"))
                .unwrap_or(&full)
                .to_owned(),
            None => full,
        };
        cap(&mut message);
        if err.is_syntax() || err.is_eof() || err.is_io() {
            return Error::Syntax {
                message,
                line,
                column,
            };
        }
        if let Some(field) = missing_field_name(&message) {
            push_segment(&mut path, field);
        }
        Error::Data {
            path,
            message,
            position,
        }
    }
}

/// The longest error message kept, in bytes. Messages quote the offending value, and a value
/// may be megabytes long (or a respondent's words): past this, it is cut.
const MESSAGE_LIMIT: usize = 240;

fn cap(message: &mut String) {
    if message.len() > MESSAGE_LIMIT {
        let mut end = MESSAGE_LIMIT;
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        message.truncate(end);
        message.push('…');
    }
}
