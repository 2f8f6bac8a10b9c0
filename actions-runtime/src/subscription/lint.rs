//! Warnings about what a subscription really means, where that differs from what its text
//! seems to say. The reference has nothing like them; each one names a rule of the language
//! that surprises readers.

use std::fmt;
use std::ops::Range;

use super::tree::{Clause, Group, Node, Operator, Steps, Target};

/// What a [`Lint`] is about. `code()` is a stable snake_case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LintKind {
    /// `and` and `or` in one group without parentheses: the last one joins every clause.
    MixedConditionals,
    /// A clause that tests a field the language does not know (`anonymousId = "x"`,
    /// `contains(type, "x")`): the reference skips it.
    DroppedClause,
    /// A single-quoted string keeps its quotes (`event = 'x'` compares with `'x'`).
    SingleQuoted,
    /// `match(x, "abc")` without a `*` at either end means ends_with `"bc"`.
    MatchWithoutStar,
    /// A `*` in a `match` pattern that is not its last character (or its first, for an
    /// ends_with pattern) is a literal `*`.
    LiteralStar,
    /// `!=` is also true when the field is missing, null, or not a string.
    NotEqualsMatchesMissing,
    /// `!contains`, `!match` are false when the field is missing or not a string.
    NegationNeedsString,
    /// A number, `true` or `null` written for `type`, `event`, `name` or `userId` is compared
    /// as text (`event = 5` compares with `"5"`).
    LiteralAsText,
    /// `properties.x = 5` is numeric: the string `"5"` never equals it.
    NumericOnly,
    /// A numeric comparison on `type`, `event`, `name` or `userId`, which are strings.
    NumberOnText,
    /// `!` before anything but `contains(` or `match(` is ignored.
    NegationIgnored,
    /// A `contains(…)` or `match(…)` inside parentheses ends the group at its own `)`.
    GroupEndsEarly,
    /// An unquoted value is one word (`event = Signed Out` compares with `"Signed"`).
    BareWord,
    /// A word used as the operator (`properties.a exists`) works by accident and takes the next
    /// token as its value.
    WordOperator,
    /// An operator the reference does not know: the clause never matches.
    UnknownOperator,
    /// A group that kept no clause: evaluating it fails in the reference.
    EmptyGroup,
    /// Two clauses with no `and`/`or` between them.
    MissingConditional,
    /// An `and`/`or` with no clause after it (or before it), ignored.
    DanglingConditional,
    /// `type.x`, `event.x`: what follows the field is ignored.
    IgnoredPath,
    /// The last word of the text lost its end (`event = an` compares with `"a"`).
    TruncatedWord,
    /// `<=`/`>=` glued to the value reads as `<`/`>` compared with `"="`.
    OperatorNeedsSpace,
    /// A path with no key in it (`properties.\[`): evaluating it fails in the reference.
    PathWithoutKeys,
    /// A closing quote glued to what follows opens a new string instead.
    QuoteReopens,
    /// A lone `-` or `+` is not a number (NaN): comparisons with it are false.
    NotANumber,
    /// A path that reads a key named like the field (`properties = "x"` reads
    /// `properties.properties`; `contains(propertiesX, …)` reads `properties.propertiesX`).
    FieldAsKey,
}

impl LintKind {
    /// The stable name, e.g. `mixed_conditionals`.
    pub fn code(self) -> &'static str {
        match self {
            LintKind::MixedConditionals => "mixed_conditionals",
            LintKind::DroppedClause => "dropped_clause",
            LintKind::SingleQuoted => "single_quoted",
            LintKind::MatchWithoutStar => "match_without_star",
            LintKind::LiteralStar => "literal_star",
            LintKind::NotEqualsMatchesMissing => "not_equals_matches_missing",
            LintKind::NegationNeedsString => "negation_needs_string",
            LintKind::LiteralAsText => "literal_as_text",
            LintKind::NumericOnly => "numeric_only",
            LintKind::NumberOnText => "number_on_text",
            LintKind::NegationIgnored => "negation_ignored",
            LintKind::GroupEndsEarly => "group_ends_early",
            LintKind::BareWord => "bare_word",
            LintKind::WordOperator => "word_operator",
            LintKind::UnknownOperator => "unknown_operator",
            LintKind::EmptyGroup => "empty_group",
            LintKind::MissingConditional => "missing_conditional",
            LintKind::DanglingConditional => "dangling_conditional",
            LintKind::IgnoredPath => "ignored_path",
            LintKind::TruncatedWord => "truncated_word",
            LintKind::OperatorNeedsSpace => "operator_needs_space",
            LintKind::PathWithoutKeys => "path_without_keys",
            LintKind::QuoteReopens => "quote_reopens",
            LintKind::NotANumber => "not_a_number",
            LintKind::FieldAsKey => "field_as_key",
        }
    }
}

/// A warning: what a part of the subscription really means. `Display` says it in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lint {
    kind: LintKind,
    span: Option<Range<usize>>,
    message: String,
}

impl Lint {
    pub(super) fn new(kind: LintKind, span: Option<Range<usize>>, message: String) -> Self {
        Lint {
            kind,
            span,
            message,
        }
    }

    /// What the lint is about.
    pub fn kind(&self) -> LintKind {
        self.kind
    }

    /// The stable name of the kind, e.g. `mixed_conditionals`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The bytes of the text the lint is about; `None` for a subscription built as a tree.
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// How a clause's field is named in messages.
pub(super) fn field_name(target: &Target) -> String {
    match target.path() {
        Some(path) => format!("{}.{}", target.field(), path.as_str()),
        None => target.field().to_owned(),
    }
}

/// The lints a clause earns whatever text it came from.
pub(super) fn clause(clause: &Clause, span: Option<&Range<usize>>, out: &mut Vec<Lint>) {
    let field = field_name(clause.target());
    let mut lint = |kind, message: String| out.push(Lint::new(kind, span.cloned(), message));
    let on_text_field = clause.target().path().is_none();
    let text = &clause.expected().text;
    match clause.operator() {
        Operator::NotEquals => lint(
            LintKind::NotEqualsMatchesMissing,
            format!(
                "`{field} != {text:?}` is also true when {field} is missing, null or not a string"
            ),
        ),
        Operator::NotContains | Operator::NotStartsWith | Operator::NotEndsWith => lint(
            LintKind::NegationNeedsString,
            format!(
                "`{}` is false when {field} is missing or not a string, not true",
                clause.operator()
            ),
        ),
        Operator::NumberEquals | Operator::NumberNotEquals if !on_text_field => lint(
            LintKind::NumericOnly,
            format!(
                "{field} is compared as a number: only a JSON number matches, never the string {text:?}"
            ),
        ),
        Operator::Other(token) if token == "." => lint(
            LintKind::UnknownOperator,
            "the path ends at a `.` followed by a number or a keyword (`items.0`, `a.or`): the `.` is taken as the operator, and this clause never matches".into(),
        ),
        Operator::Other(token) => lint(
            LintKind::UnknownOperator,
            format!("`{token}` is not an operator: this clause never matches"),
        ),
        _ => {}
    }
    let numeric = matches!(
        clause.operator(),
        Operator::NumberEquals
            | Operator::NumberNotEquals
            | Operator::LessThan
            | Operator::LessThanOrEqual
            | Operator::GreaterThan
            | Operator::GreaterThanOrEqual
    );
    if numeric && on_text_field {
        lint(
            LintKind::NumberOnText,
            format!(
                "`{}` compares numbers, and {field} is a string in any well-formed event: never true",
                clause.operator()
            ),
        );
    }
    if let Some(path) = clause.target().path() {
        if matches!(path.steps(), Steps::NoKeys) {
            lint(
                LintKind::PathWithoutKeys,
                format!(
                    "the path {:?} holds no key: the reference fails the event when it evaluates this clause",
                    path.as_str()
                ),
            );
        }
    }
}

/// The lints of a tree built without text: each clause's, and the empty groups.
pub(super) fn tree(group: &Group, out: &mut Vec<Lint>) {
    for child in &group.children {
        match child {
            Node::Clause(c) => clause(c, None, out),
            Node::Group(g) => tree(g, out),
            Node::EmptyGroup => out.push(empty_group(None)),
        }
    }
}

pub(super) fn empty_group(span: Option<Range<usize>>) -> Lint {
    Lint::new(
        LintKind::EmptyGroup,
        span,
        "this group keeps no clause: the reference fails the event (a TypeError) when evaluation reaches it, so the action never runs".into(),
    )
}
