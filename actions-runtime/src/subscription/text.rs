//! Writing a tree as text by the reference's `generateFql` rules.

use std::fmt::{self, Write as _};

use super::tree::{Clause, Group, Literal, Node, Operator, Target};
use crate::js;

/// The whole subscription: the top group's children joined, and a result that is exactly one
/// parenthesised group (two parentheses in all, wherever they are) loses them.
pub(super) fn subscription(root: &Group) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = group(root, &mut out);
    let parens = out.chars().filter(|c| matches!(c, '(' | ')')).count();
    if out.starts_with('(') && out.ends_with(')') && parens == 2 {
        out.pop();
        out.remove(0);
    }
    out
}

pub(super) fn group(group: &Group, out: &mut String) -> fmt::Result {
    for (i, child) in group.children.iter().enumerate() {
        if i > 0 {
            write!(out, " {} ", group.conditional)?;
        }
        match child {
            Node::Clause(c) => clause(c, out)?,
            Node::Group(g) => {
                out.push('(');
                self::group(g, out)?;
                out.push(')');
            }
            // The reference's generator throws here; `()` reads back as the same empty group.
            Node::EmptyGroup => out.push_str("()"),
        }
    }
    Ok(())
}

/// A path's characters other than `A-Z a-z 0-9 . _ -` get a backslash.
fn path(prefix: &str, name: &str, out: &mut String) {
    out.push_str(prefix);
    for c in name.chars() {
        if !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// `stringifyValue`: a boolean or number bare, anything else in double quotes, unescaped.
fn value(value: Option<&Literal>, out: &mut String) -> fmt::Result {
    match value {
        Some(Literal::Bool(b)) => write!(out, "{b}"),
        Some(Literal::Number(n)) => out.write_str(&js::number_to_string(*n)),
        Some(Literal::Text(text)) => write!(out, "\"{text}\""),
        None => out.write_str("\"undefined\""),
    }
}

pub(super) fn clause(clause: &Clause, out: &mut String) -> fmt::Result {
    let mut name = String::new();
    match clause.target() {
        Target::EventType => name.push_str("type"),
        Target::Event => name.push_str("event"),
        Target::Name => name.push_str("name"),
        Target::UserId => name.push_str("userId"),
        Target::Property(p) => path("properties.", p.as_str(), &mut name),
        Target::Trait(p) => path("traits.", p.as_str(), &mut name),
        Target::Context(p) => path("context.", p.as_str(), &mut name),
    }
    let text = &clause.expected().text;
    let number = js::number_to_string(clause.expected().number);
    match clause.operator() {
        Operator::Contains => {
            write!(out, "contains({name}, ")?;
            value(clause.value(), out)?;
            out.write_char(')')
        }
        Operator::NotContains => {
            write!(out, "!contains({name}, ")?;
            value(clause.value(), out)?;
            out.write_char(')')
        }
        Operator::Exists => write!(out, "{name} != null"),
        Operator::NotExists => write!(out, "{name} = null"),
        Operator::IsTrue => write!(out, "{name} = true"),
        Operator::IsFalse => write!(out, "{name} = false"),
        Operator::StartsWith => write!(out, "match({name}, \"{text}*\")"),
        Operator::NotStartsWith => write!(out, "!match({name}, \"{text}*\")"),
        Operator::EndsWith => write!(out, "match({name}, \"*{text}\")"),
        Operator::NotEndsWith => write!(out, "!match({name}, \"*{text}\")"),
        op @ (Operator::LessThan
        | Operator::LessThanOrEqual
        | Operator::GreaterThan
        | Operator::GreaterThanOrEqual) => write!(out, "{name} {op} {number}"),
        Operator::NumberEquals => write!(out, "{name} = {number}"),
        Operator::NumberNotEquals => write!(out, "{name} != {number}"),
        op @ (Operator::Equals | Operator::NotEquals | Operator::Other(_)) => {
            write!(out, "{name} {op} ")?;
            value(clause.value(), out)
        }
    }
}
