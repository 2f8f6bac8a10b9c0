//! From tokens to a tree, as the reference's `parseFql` does it, noting on the way every place
//! where the text means something other than it seems to (the lints).

use std::collections::VecDeque;
use std::ops::Range;

use super::error::{ErrorKind, SubscriptionError};
use super::lex::{self, Kind, Oddity, Token};
use super::lint::{self, Lint, LintKind};
use super::text;
use super::tree::{Clause, Conditional, Group, Literal, Node, Operator, Path, Target};
use crate::js;

pub(super) struct Parsed {
    pub(super) root: Group,
    pub(super) lints: Vec<Lint>,
}

pub(super) fn parse(text: &str) -> Result<Parsed, SubscriptionError> {
    let lexed = lex::lex(text)?;
    let mut parser = Parser { lints: Vec::new() };
    for oddity in lexed.oddities {
        parser.lints.push(match oddity {
            Oddity::QuoteReopens { at } => Lint::new(
                LintKind::QuoteReopens,
                Some(at),
                "this closing quote is followed by neither a space, `,`, `)`, `]` nor the end, so it also opens the next string".into(),
            ),
            Oddity::TruncatedWord { written, read } => {
                let written_text = text.get(written.clone()).unwrap_or_default();
                Lint::new(
                    LintKind::TruncatedWord,
                    Some(written),
                    format!("the last word `{written_text}` reads as `{read}`: the lexer loses what follows a leading `a` or `n` at the very end"),
                )
            }
        });
    }
    let mut tokens: VecDeque<Token> = normalize(lexed.tokens).into();
    let parsed = parser.parse(&mut tokens, None)?;
    let root = match parsed.node {
        Node::Group(group) => group,
        Node::Clause(clause) => Group::and([clause]),
        Node::EmptyGroup => return Err(SubscriptionError::new(ErrorKind::NoClause, 0..text.len())),
    };
    let mut lints = parser.lints;
    lints.sort_by_key(|l| l.span().map(|s| (s.start, s.end)));
    Ok(Parsed { root, lints })
}

/// `ident . ident` becomes one identifier `ident.ident`, as the reference merges paths before
/// parsing.
fn normalize(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut tokens = tokens.into_iter().peekable();
    while let Some(current) = tokens.next() {
        let merges = current.kind == Kind::Dot
            && out.last().is_some_and(|last| last.kind == Kind::Ident)
            && tokens.peek().is_some_and(|next| next.kind == Kind::Ident);
        if merges {
            if let (Some(last), Some(next)) = (out.last_mut(), tokens.next()) {
                last.value.push('.');
                last.value.push_str(&next.value);
                last.span.end = next.span.end;
                continue;
            }
        }
        out.push(current);
    }
    out
}

/// What the first segment of an identifier selects.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Type,
    Event,
    Name,
    UserId,
    Properties,
    Traits,
    Context,
    /// A name `Object.prototype` has (`constructor`, `toString`, …): the reference's table
    /// lookup finds it, so it takes an operator and a value, and then adds nothing.
    Inherited,
}

fn field(first_segment: &str) -> Option<Field> {
    Some(match first_segment {
        "type" => Field::Type,
        "event" => Field::Event,
        "name" => Field::Name,
        "userId" => Field::UserId,
        "properties" => Field::Properties,
        "traits" => Field::Traits,
        "context" => Field::Context,
        other if js::is_object_prototype_name(other) => Field::Inherited,
        _ => return None,
    })
}

fn is_function(token: &Token) -> bool {
    token.kind == Kind::Ident && (token.value == "contains" || token.value == "match")
}

/// `getTokenValue`: a double-quoted string without its quotes, a number as `Number(text)`,
/// `true`/`false` as booleans, anything else as its text.
fn token_value(token: &Token) -> Literal {
    match token.kind {
        Kind::String => {
            let text = token.value.strip_prefix('"').unwrap_or(&token.value);
            Literal::Text(text.strip_suffix('"').unwrap_or(text).to_owned())
        }
        Kind::Number => Literal::Number(js::string_to_number(&token.value)),
        Kind::Ident if token.value == "true" => Literal::Bool(true),
        Kind::Ident if token.value == "false" => Literal::Bool(false),
        _ => Literal::Text(token.value.clone()),
    }
}

/// `String(getTokenValue(token))`.
fn token_text(token: &Token) -> String {
    token_value(token).to_js_string()
}

fn join(a: &Range<usize>, b: &Range<usize>) -> Range<usize> {
    a.start.min(b.start)..a.end.max(b.end)
}

struct Parser {
    lints: Vec<Lint>,
}

/// A parsed group (or the whole text), and whether a function inside it ate the group's end.
struct Level {
    node: Node,
    function_ate_end: bool,
}

impl Parser {
    fn lint(&mut self, kind: LintKind, span: Range<usize>, message: String) {
        self.lints.push(Lint::new(kind, Some(span), message));
    }

    /// `parse(tokens)`: one level (the whole text, or a parenthesised group whose span is
    /// `group`).
    fn parse(
        &mut self,
        tokens: &mut VecDeque<Token>,
        group: Option<&Range<usize>>,
    ) -> Result<Level, SubscriptionError> {
        let mut nodes: Vec<Node> = Vec::new();
        let mut spans: Vec<Range<usize>> = Vec::new();
        let mut conditional = Conditional::And;
        let mut conditionals: Vec<(Conditional, Range<usize>)> = Vec::new();
        // Whether the last thing seen was a clause, a conditional, or nothing yet.
        let mut joined = true;
        let mut function_ate_end = false;
        let mut last_conditional_reported = false;
        while let Some(token) = tokens.pop_front() {
            if token.kind == Kind::Eos {
                break;
            }
            let before = nodes.len();
            if token.kind == Kind::Ident {
                let first_segment = token.value.split('.').next().unwrap_or_default();
                if let Some(field) = field(first_segment) {
                    self.infix(field, &token, tokens, &mut nodes, &mut spans)?;
                } else if !is_function(&token) {
                    self.lint(
                        LintKind::DroppedClause,
                        token.span.clone(),
                        format!("`{}` is not a field the language tests (type, event, name, userId, properties.…, traits.…, context.…): the reference skips it, and what follows it up to the next field", token.value),
                    );
                }
                if is_function(&token) {
                    function_ate_end |=
                        self.function(&token, &token, false, tokens, &mut nodes, &mut spans)?;
                }
            }
            if token.is(Kind::Operator, "!") {
                match tokens.front() {
                    Some(name) if is_function(name) => {
                        let name = tokens.pop_front().unwrap_or_else(|| token.clone());
                        function_ate_end |=
                            self.function(&token, &name, true, tokens, &mut nodes, &mut spans)?;
                    }
                    _ => self.lint(
                        LintKind::NegationIgnored,
                        token.span.clone(),
                        "`!` negates only contains(…) and match(…): here it is ignored".into(),
                    ),
                }
            }
            if token.kind == Kind::ParenLeft {
                let mut inner = VecDeque::new();
                let close = loop {
                    match tokens.pop_front() {
                        None => {
                            return Err(SubscriptionError::new(
                                ErrorKind::UnclosedParenthesis,
                                token.span.clone(),
                            ))
                        }
                        Some(t) if t.kind == Kind::ParenRight => break t,
                        Some(t) => inner.push_back(t),
                    }
                };
                let span = join(&token.span, &close.span);
                inner.push_back(Token::eos(close.span.start));
                let level = self.parse(&mut inner, Some(&span))?;
                if level.function_ate_end
                    && tokens
                        .front()
                        .is_some_and(|next| next.kind != Kind::ParenRight)
                {
                    self.lint(
                        LintKind::GroupEndsEarly,
                        span.clone(),
                        "this group ends at the `)` of the contains(…)/match(…) inside it, as groups end at their first `)`: what follows is read outside the group".into(),
                    );
                }
                if level.node == Node::EmptyGroup {
                    self.lints.push(lint::empty_group(Some(span.clone())));
                }
                nodes.push(level.node);
                spans.push(span);
            }
            if token.kind == Kind::Conditional {
                let this = if token.value == "or" {
                    Conditional::Or
                } else {
                    Conditional::And
                };
                last_conditional_reported = joined;
                if joined {
                    self.lint(
                        LintKind::DanglingConditional,
                        token.span.clone(),
                        format!("`{}` joins nothing here (no clause before it): it only sets how this group is joined", token.value),
                    );
                }
                conditional = this;
                conditionals.push((this, token.span.clone()));
                joined = true;
            }
            if nodes.len() > before {
                if !joined {
                    let span = spans
                        .get(before)
                        .cloned()
                        .unwrap_or_else(|| token.span.clone());
                    self.lint(
                        LintKind::MissingConditional,
                        span,
                        "no `and`/`or` before this clause: it joins the others by this group's conditional".into(),
                    );
                }
                joined = false;
            }
        }
        if joined && !last_conditional_reported {
            if let Some((_, span)) = conditionals.last().filter(|_| !nodes.is_empty()) {
                self.lint(
                    LintKind::DanglingConditional,
                    span.clone(),
                    "nothing follows this conditional: it is ignored (but still sets how the group is joined)".into(),
                );
            }
        }
        let mixed = conditionals.iter().any(|(c, _)| *c != conditional);
        let node = match nodes.len() {
            0 => Node::EmptyGroup,
            1 => nodes.pop().unwrap_or(Node::EmptyGroup),
            _ => Node::Group(Group::new(conditional, nodes)),
        };
        if mixed {
            if let Node::Group(g) = &node {
                let span = match (spans.first(), spans.last(), group) {
                    (_, _, Some(group)) => group.clone(),
                    (Some(first), Some(last), None) => join(first, last),
                    _ => 0..0,
                };
                let mut meaning = String::new();
                let _ = text::group(g, &mut meaning);
                let (wins, reading) = match conditional {
                    Conditional::Or => ("or", "any one of them holds"),
                    Conditional::And => ("and", "all of them hold"),
                };
                self.lint(
                    LintKind::MixedConditionals,
                    span,
                    format!("`and` and `or` are mixed without parentheses, and there is no precedence: the last one, `{wins}`, joins all {} clauses of this group, which matches when {reading}: {meaning}", g.children.len()),
                );
            }
        }
        Ok(Level {
            node,
            function_ate_end,
        })
    }

    /// `field operator value`.
    fn infix(
        &mut self,
        field: Field,
        token: &Token,
        tokens: &mut VecDeque<Token>,
        nodes: &mut Vec<Node>,
        spans: &mut Vec<Range<usize>>,
    ) -> Result<(), SubscriptionError> {
        let missing = || SubscriptionError::new(ErrorKind::MissingValue, token.span.clone());
        let operator = tokens.pop_front().ok_or_else(missing)?;
        let value = tokens.pop_front().ok_or_else(|| {
            SubscriptionError::new(ErrorKind::MissingValue, join(&token.span, &operator.span))
        })?;
        let span = join(&token.span, &value.span);
        let op = operator.value.as_str();
        let is_null = value.value == "null";
        let exists = op == "!=" && is_null;
        let not_exists = op == "=" && is_null;
        let is_true = op == "=" && value.value == "true";
        let is_false = op == "=" && value.value == "false";
        let number = value.kind == Kind::Number;
        let text = || Some(Literal::Text(token_text(&value)));
        let (target, operator_of, literal) = match field {
            Field::Inherited => {
                self.lint(
                    LintKind::DroppedClause,
                    span,
                    format!("`{}` is not a field the language tests; the reference finds the name on a JavaScript object, takes the next two tokens with it, and tests nothing", token.value),
                );
                return Ok(());
            }
            Field::Type | Field::Event => {
                let target = if field == Field::Type {
                    Target::EventType
                } else {
                    Target::Event
                };
                (target, Operator::from(op), text())
            }
            Field::Name if exists => (Target::Name, Operator::Exists, None),
            Field::Name if not_exists => (Target::Name, Operator::NotExists, None),
            Field::Name => (Target::Name, Operator::from(op), text()),
            Field::UserId if exists => (Target::UserId, Operator::Exists, None),
            Field::UserId if not_exists => (Target::UserId, Operator::NotExists, None),
            Field::UserId if is_true => (Target::UserId, Operator::IsTrue, None),
            Field::UserId if is_false => (Target::UserId, Operator::IsFalse, None),
            Field::UserId => (Target::UserId, Operator::from(op), text()),
            Field::Properties | Field::Traits | Field::Context => {
                let (prefix, make): (&str, fn(Path) -> Target) = match field {
                    Field::Properties => ("properties", Target::Property),
                    Field::Traits => ("traits", Target::Trait),
                    _ => ("context", Target::Context),
                };
                let name = token
                    .value
                    .strip_prefix(prefix)
                    .and_then(|rest| rest.strip_prefix('.'))
                    .unwrap_or(&token.value);
                if name == token.value {
                    self.lint(
                        LintKind::FieldAsKey,
                        token.span.clone(),
                        format!(
                            "`{0}` alone reads the key `{0}` inside the event's `{0}`",
                            token.value
                        ),
                    );
                }
                let target = make(Path::new(name));
                let (operator, literal) = if exists {
                    (Operator::Exists, None)
                } else if not_exists {
                    (Operator::NotExists, None)
                } else if is_true {
                    (Operator::IsTrue, None)
                } else if is_false {
                    (Operator::IsFalse, None)
                } else if op == "=" && number {
                    (Operator::NumberEquals, Some(token_value(&value)))
                } else if op == "!=" && number {
                    (Operator::NumberNotEquals, Some(token_value(&value)))
                } else {
                    (Operator::from(op), Some(token_value(&value)))
                };
                (target, operator, literal)
            }
        };
        let clause = Clause::build(target, operator_of, literal, None);
        self.infix_lints(field, token, &operator, &value, &clause, &span);
        lint::clause(&clause, Some(&span), &mut self.lints);
        nodes.push(Node::Clause(clause));
        spans.push(span);
        Ok(())
    }

    fn infix_lints(
        &mut self,
        field: Field,
        token: &Token,
        operator: &Token,
        value: &Token,
        clause: &Clause,
        span: &Range<usize>,
    ) {
        let on_text_field = matches!(
            field,
            Field::Type | Field::Event | Field::Name | Field::UserId
        );
        if on_text_field && token.value.contains('.') {
            self.lint(
                LintKind::IgnoredPath,
                token.span.clone(),
                format!(
                    "only the first segment counts for {}: `{}` tests `{}`",
                    clause.target().field(),
                    token.value,
                    clause.target().field()
                ),
            );
        }
        if operator.kind == Kind::Ident
            && clause.operator() != &Operator::Other(operator.value.clone())
        {
            let swallowed = if value.kind == Kind::Conditional || value.kind == Kind::Eos {
                format!(", and it takes `{}` as its value", value.value)
            } else {
                String::new()
            };
            self.lint(
                LintKind::WordOperator,
                operator.span.clone(),
                format!("`{}` is not an operator of the language: it works by accident, as the parser takes any token after a field as the operator{swallowed}", operator.value),
            );
        }
        if matches!(operator.value.as_str(), "<" | ">") && value.is(Kind::Operator, "=") {
            self.lint(
                LintKind::OperatorNeedsSpace,
                join(&operator.span, &value.span),
                format!("`{}=` needs a space after it: this reads as `{}` compared with \"=\", and the value after it is skipped", operator.value, operator.value),
            );
            return;
        }
        if clause.operator().takes_value() {
            self.value_lints(on_text_field, value, clause, span);
        }
    }

    fn value_lints(
        &mut self,
        on_text_field: bool,
        value: &Token,
        clause: &Clause,
        span: &Range<usize>,
    ) {
        let field = lint::field_name(clause.target());
        match value.kind {
            Kind::String if value.value.starts_with('\'') => self.lint(
                LintKind::SingleQuoted,
                value.span.clone(),
                format!("single quotes are part of the value: this compares with the {}-character text {}", js::utf16_len(&value.value), value.value),
            ),
            Kind::Ident if matches!(value.value.as_str(), "true" | "false") => {}
            Kind::Ident => self.lint(
                LintKind::BareWord,
                value.span.clone(),
                format!("an unquoted value is a single word: this compares {field} with \"{}\"; quote the whole value", value.value),
            ),
            Kind::Eos => self.lint(
                LintKind::BareWord,
                span.clone(),
                format!("no value after the operator: {field} is compared with the text \"eos\""),
            ),
            Kind::Number if on_text_field => self.lint(
                LintKind::LiteralAsText,
                value.span.clone(),
                format!("{field} is compared with the text {:?}, not a number: a numeric {field} never matches", clause.expected().text),
            ),
            Kind::Null if on_text_field => self.lint(
                LintKind::LiteralAsText,
                value.span.clone(),
                format!("for {field}, `null` is the text \"null\": there is no exists test for {field}"),
            ),
            Kind::Number => {}
            Kind::Conditional | Kind::Null | Kind::Operator | Kind::Dot | Kind::Comma | Kind::ParenLeft | Kind::ParenRight | Kind::BrackLeft | Kind::BrackRight => self.lint(
                LintKind::BareWord,
                value.span.clone(),
                format!("`{}` is taken as the value: this compares {field} with \"{}\"", value.value, value.value),
            ),
            Kind::String => {}
        }
        if on_text_field
            && value.kind == Kind::Ident
            && matches!(value.value.as_str(), "true" | "false")
        {
            self.lint(
                LintKind::LiteralAsText,
                value.span.clone(),
                format!(
                    "{field} is compared with the text \"{}\", not a boolean",
                    value.value
                ),
            );
        }
        if value.kind == Kind::Number && js::string_to_number(&value.value).is_nan() {
            self.lint(
                LintKind::NotANumber,
                value.span.clone(),
                format!(
                    "`{}` alone is not a number (NaN): this comparison is always false",
                    value.value
                ),
            );
        }
    }

    /// `contains(…)` / `match(…)`, `!`-negated or not. `start` is the `!` or the name. Returns
    /// whether it ate the end of the token list (a group's end).
    fn function(
        &mut self,
        start: &Token,
        name: &Token,
        negate: bool,
        tokens: &mut VecDeque<Token>,
        nodes: &mut Vec<Node>,
        spans: &mut Vec<Range<usize>>,
    ) -> Result<bool, SubscriptionError> {
        let function: &'static str = if name.value == "match" {
            "match"
        } else {
            "contains"
        };
        let missing = |position, at: &Range<usize>| {
            SubscriptionError::new(
                ErrorKind::MissingArgument { function, position },
                at.clone(),
            )
        };
        let mut end = name.span.clone();
        let mut ate_end = false;
        // The reference skips the `(`, `,` and `)` without looking at them.
        let mut take = |tokens: &mut VecDeque<Token>| {
            let token = tokens.pop_front();
            if let Some(t) = &token {
                ate_end |= t.kind == Kind::Eos;
                end = t.span.clone();
            }
            token
        };
        take(tokens);
        let argument = take(tokens).ok_or_else(|| missing(1, &join(&start.span, &name.span)))?;
        take(tokens);
        let value = take(tokens).ok_or_else(|| missing(2, &join(&start.span, &argument.span)))?;
        take(tokens);
        let span = join(&start.span, &end);
        let (operator, literal, lone) = if function == "contains" {
            let operator = if negate {
                Operator::NotContains
            } else {
                Operator::Contains
            };
            (operator, token_text(&value), None)
        } else {
            let text = token_text(&value);
            if value.value.ends_with("*\"") {
                let operator = if negate {
                    Operator::NotStartsWith
                } else {
                    Operator::StartsWith
                };
                let mut text = text;
                text.pop();
                (operator, text, None)
            } else {
                let operator = if negate {
                    Operator::NotEndsWith
                } else {
                    Operator::EndsWith
                };
                let mut chars = text.chars();
                match chars.next() {
                    // `slice(1)` drops one UTF-16 unit: half of a character outside the BMP.
                    Some(first) if first.len_utf16() == 2 => {
                        let mut units = [0; 2];
                        let low = first.encode_utf16(&mut units).get(1).copied();
                        (
                            operator,
                            format!("{}{}", char::REPLACEMENT_CHARACTER, chars.as_str()),
                            low,
                        )
                    }
                    _ => (operator, chars.as_str().to_owned(), None),
                }
            }
        };
        let arg = argument.value.as_str();
        let target = match arg {
            "event" => Some(Target::Event),
            "name" => Some(Target::Name),
            "userId" => Some(Target::UserId),
            _ => [
                ("properties", Target::Property as fn(Path) -> Target),
                ("traits", Target::Trait),
                ("context", Target::Context),
            ]
            .into_iter()
            .find(|(prefix, _)| arg.starts_with(prefix))
            .map(|(prefix, make)| {
                let key = arg.strip_prefix(prefix).and_then(|r| r.strip_prefix('.'));
                if key.is_none() {
                    self.lint(
                        LintKind::FieldAsKey,
                        argument.span.clone(),
                        format!("`{arg}` reads the key `{arg}` inside the event's `{prefix}`"),
                    );
                }
                make(Path::new(key.unwrap_or(arg)))
            }),
        };
        let Some(target) = target else {
            self.lint(
                LintKind::DroppedClause,
                span,
                format!("{function}() tests only event, name, userId, properties.…, traits.… and context.…: the reference drops this clause on `{arg}`"),
            );
            return Ok(ate_end);
        };
        if function == "match" {
            self.pattern_lints(&value);
        }
        if value.kind == Kind::String && value.value.starts_with('\'') {
            self.lint(
                LintKind::SingleQuoted,
                value.span.clone(),
                format!(
                    "single quotes are part of the value: {function}() uses the text {}",
                    value.value
                ),
            );
        }
        let clause = Clause::build(target, operator, Some(Literal::Text(literal)), lone);
        lint::clause(&clause, Some(&span), &mut self.lints);
        nodes.push(Node::Clause(clause));
        spans.push(span);
        Ok(ate_end)
    }

    fn pattern_lints(&mut self, value: &Token) {
        let pattern = token_text(value);
        let trailing = value.value.ends_with("*\"");
        if !trailing && !pattern.starts_with('*') {
            let rest: String = pattern.chars().skip(1).collect();
            self.lint(
                LintKind::MatchWithoutStar,
                value.span.clone(),
                format!("a match pattern without `*` at its end or start means ends_with the pattern minus its first character: ends_with {rest:?}"),
            );
        }
        let inner = if trailing {
            pattern.strip_suffix('*').unwrap_or(&pattern)
        } else {
            pattern.get(1..).unwrap_or_default()
        };
        if inner.contains('*') {
            self.lint(
                LintKind::LiteralStar,
                value.span.clone(),
                "only a trailing `*` (or, failing that, a leading one) is a wildcard: any other `*` in the pattern is a literal `*`".into(),
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn dotted_identifiers_merge_across_spaces() {
        let tokens = normalize(lex::lex("properties . a.b = 1").unwrap().tokens);
        assert_eq!(tokens[0].value, "properties.a.b");
        assert_eq!(tokens[0].span, 0..16);
    }
}
