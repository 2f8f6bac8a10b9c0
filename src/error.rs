//! The crate's error types.

use std::fmt;

/// Why a payload could not be parsed.
///
/// `Display` always says where the input went wrong: the line and column of broken JSON, or the
/// JSON path of the field whose value is wrong (`questions[0].response`), followed, when known,
/// by the line and column where that value ends.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The body is not well-formed JSON (or is empty, or has trailing characters).
    #[error("malformed JSON: {message} at line {line} column {column}")]
    Syntax {
        /// What the JSON reader expected.
        message: String,
        /// 1-based line of the offending character.
        line: usize,
        /// 1-based column of the offending character.
        column: usize,
    },
    /// The JSON is well formed but a field's value does not fit the model.
    #[error("{}", DataDisplay { path, message, position: *position })]
    Data {
        /// JSON path of the field, e.g. `questions[0].response`; empty for the payload itself.
        path: String,
        /// What is wrong with the value.
        message: String,
        /// Line and column (1-based) where the value ends, when known: not for input read from a
        /// JSON tree, nor for a field checked against its siblings once the whole payload is
        /// read (a `response` that does not fit its `questionType`), whose path says where.
        position: Option<(usize, usize)>,
    },
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
    /// The JSON path of the failing field, when the error is about a field's value.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::Data { path, .. } => Some(path),
            Error::Syntax { .. } => None,
        }
    }

    /// Line and column (1-based) of the error in the input text, when known.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Error::Syntax { line, column, .. } => Some((*line, *column)),
            Error::Data { position, .. } => *position,
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
