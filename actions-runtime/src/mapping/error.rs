//! What can go wrong with a mapping, each problem with where it is.

use std::fmt;

/// Why a mapping could not be built or applied: one or more [`Problem`]s.
///
/// `Display` lists every problem, separated by `; `, each naming its path in the reference's
/// form (`/neat/@json/mode should be one of encode, decode but it is "oops".`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", Joined(.problems))]
pub struct MappingError {
    problems: Vec<Problem>,
}

struct Joined<'p>(&'p [Problem]);

impl fmt::Display for Joined<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            problem.fmt(f)?;
        }
        Ok(())
    }
}

impl MappingError {
    pub(super) fn new(problems: Vec<Problem>) -> MappingError {
        MappingError { problems }
    }

    pub(super) fn one(problem: Problem) -> MappingError {
        MappingError {
            problems: vec![problem],
        }
    }

    /// Every problem, in the order the reference finds them.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The kind of the first problem (there is always one).
    pub fn kind(&self) -> ProblemKind {
        self.problems
            .first()
            .map_or(ProblemKind::Evaluation, Problem::kind)
    }
}

/// What kind of problem a [`Problem`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The mapping breaks the reference's validation rules (or its rules for a root
    /// directive); the message is the reference's.
    Invalid,
    /// The mapping uses something this crate does not implement (`@liquid`).
    Unsupported,
    /// Resolving the mapping against this event failed the way the reference fails; the
    /// message is the reference's, the path where in the mapping it happened.
    Evaluation,
}

/// One problem: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    kind: ProblemKind,
    path: String,
    message: String,
}

impl Problem {
    pub(super) fn invalid(path: String, message: String) -> Problem {
        Problem {
            kind: ProblemKind::Invalid,
            path,
            message,
        }
    }

    pub(super) fn unsupported(path: String, message: String) -> Problem {
        Problem {
            kind: ProblemKind::Unsupported,
            path,
            message,
        }
    }

    pub(super) fn evaluation(path: &str, message: impl Into<String>) -> Problem {
        Problem {
            kind: ProblemKind::Evaluation,
            path: path.to_owned(),
            message: message.into(),
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ProblemKind {
        self.kind
    }

    /// Where in the mapping: `/` and the keys joined with `/` (object keys, directive names,
    /// option names, array indices), as the reference writes it: `/neat/@json/mode`, `/` for
    /// the root. Empty for a problem with the event itself, or with the mapping as a whole
    /// (the reference's root-directive errors).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, in the reference's words (`should be one of encode, decode but it is
    /// "oops".`, `@path: expected string, got number`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Problem {
    /// A validation problem reads exactly as the reference's message (`/a/@path should be …`);
    /// a run-time one as the path, a colon and the reference's message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.kind, self.path.is_empty()) {
            (_, true) => f.write_str(&self.message),
            (ProblemKind::Evaluation, false) => write!(f, "{}: {}", self.path, self.message),
            (_, false) => write!(f, "{} {}", self.path, self.message),
        }
    }
}
