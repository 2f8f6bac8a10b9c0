//! Evaluation, as the reference's `validate` and `get` do it in JavaScript: property lookups
//! that reach into strings, arrays and built-in prototypes, typeof checks, `String`/`Number`
//! conversions and UTF-16 string comparisons.

use serde_json::Value;

use super::error::EvaluationError;
use super::tree::{Clause, Conditional, Expected, Group, Key, Node, Operator, Steps, Target};
use crate::event::{Event, FieldValue};
use crate::js::{self, Proto};
use crate::{CallType, CallTypes};

/// A JavaScript value as a lookup can produce it, borrowed from the event where it comes from
/// there.
#[derive(Clone, Copy, Debug)]
pub(super) enum Actual<'a> {
    Undefined,
    Null,
    Json(&'a Value),
    /// A string the typed model holds outside a JSON value (`userId`, a track's `event`).
    Text(&'a str),
    /// A `length`.
    Number(f64),
    /// One UTF-16 unit of a string (`"abc"[1]`), possibly half of a surrogate pair.
    Unit(u16),
    /// A built-in prototype object (`{}.__proto__`).
    Prototype(Proto),
    /// A built-in method (`[].push`, `{}.constructor`). What lies inside one (its `name`, its
    /// `length`) is not modelled and reads as undefined.
    Function,
}

/// A string as JavaScript sees it.
enum JsStr<'a> {
    Str(&'a str),
    Unit(u16),
}

impl<'a> Actual<'a> {
    /// The value an event's field holds, borrowed from it (or from `field` when made for the
    /// occasion).
    fn of(field: &'a FieldValue<'_>) -> Self {
        match field {
            FieldValue::Missing => Actual::Undefined,
            FieldValue::Json(value) => Actual::Json(value),
            FieldValue::Owned(value) => Actual::Json(value),
            FieldValue::Text(text) => Actual::Text(text),
        }
    }

    /// JavaScript's truthiness: [`js::truthy`] for JSON values, its rules for the rest.
    fn truthy(&self) -> bool {
        match self {
            Actual::Undefined | Actual::Null => false,
            Actual::Json(value) => js::truthy(value),
            Actual::Text(s) => !s.is_empty(),
            Actual::Number(n) => js::number_truthy(*n),
            Actual::Unit(_) | Actual::Prototype(_) | Actual::Function => true,
        }
    }

    fn is_nullish(&self) -> bool {
        matches!(
            self,
            Actual::Undefined | Actual::Null | Actual::Json(Value::Null)
        )
    }

    fn as_str(&self) -> Option<JsStr<'a>> {
        match *self {
            Actual::Json(Value::String(s)) => Some(JsStr::Str(s)),
            Actual::Text(s) => Some(JsStr::Str(s)),
            Actual::Unit(u) => Some(JsStr::Unit(u)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<f64> {
        match self {
            Actual::Json(Value::Number(n)) => Some(crate::js::number_value(n)),
            Actual::Number(n) => Some(*n),
            _ => None,
        }
    }

    fn as_bool(&self) -> Option<bool> {
        match self {
            Actual::Json(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// `value[key]` for a truthy `value`.
    fn get(self, key: &Key) -> Actual<'a> {
        match self {
            Actual::Json(Value::Object(map)) => match map.get(&*key.text) {
                Some(value) => Actual::Json(value),
                None => inherited(Proto::Object, key),
            },
            Actual::Json(Value::Array(items)) => {
                if let Some(item) = key.index.and_then(|i| items.get(i)) {
                    Actual::Json(item)
                } else if &*key.text == "length" {
                    length(items.len())
                } else {
                    inherited(Proto::Array, key)
                }
            }
            Actual::Json(Value::String(s)) => string_member(s, key),
            Actual::Text(s) => string_member(s, key),
            Actual::Unit(u) => match (key.index, &*key.text) {
                (Some(0), _) => Actual::Unit(u),
                (_, "length") => Actual::Number(1.0),
                _ => inherited(Proto::String, key),
            },
            Actual::Json(Value::Number(_)) | Actual::Number(_) => inherited(Proto::Number, key),
            Actual::Json(Value::Bool(_)) => inherited(Proto::Boolean, key),
            Actual::Prototype(proto) => prototype_member(proto, key),
            Actual::Function | Actual::Undefined | Actual::Null | Actual::Json(Value::Null) => {
                Actual::Undefined
            }
        }
    }
}

/// `string[key]` for a non-empty string.
fn string_member(s: &str, key: &Key) -> Actual<'static> {
    if let Some(u) = key.index.and_then(|i| s.encode_utf16().nth(i)) {
        Actual::Unit(u)
    } else if &*key.text == "length" {
        length(js::utf16_len(s))
    } else {
        inherited(Proto::String, key)
    }
}

#[allow(clippy::cast_precision_loss)] // lengths of real values are far below 2^53
fn length(n: usize) -> Actual<'static> {
    Actual::Number(n as f64)
}

/// What a value whose prototype is `proto` finds for a key it does not own.
fn inherited(proto: Proto, key: &Key) -> Actual<'static> {
    if &*key.text == "__proto__" {
        Actual::Prototype(proto)
    } else if js::finds_method(proto, key.members) {
        Actual::Function
    } else {
        Actual::Undefined
    }
}

/// A key looked up on a built-in prototype object itself.
fn prototype_member(proto: Proto, key: &Key) -> Actual<'static> {
    match &*key.text {
        "__proto__" if proto == Proto::Object => Actual::Null,
        "__proto__" => Actual::Prototype(Proto::Object),
        // `Array.prototype` is an empty array, `String.prototype` an empty string object.
        "length" if matches!(proto, Proto::Array | Proto::String) => Actual::Number(0.0),
        _ if js::finds_method(proto, key.members) => Actual::Function,
        _ => Actual::Undefined,
    }
}

pub(super) fn group(group: &Group, event: &(impl Event + ?Sized)) -> Result<bool, EvaluationError> {
    let mut children = group.children.iter().map(|child| node(child, event));
    // Short-circuiting as `every` / `some` do decides whether a later child's error is reached.
    match group.conditional {
        Conditional::And => {
            for child in &mut children {
                if !child? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Conditional::Or => {
            for child in &mut children {
                if child? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

#[inline]
fn node(node: &Node, event: &(impl Event + ?Sized)) -> Result<bool, EvaluationError> {
    match node {
        Node::Clause(c) => clause(c, event),
        Node::Group(g) => group(g, event),
        Node::EmptyGroup => Err(EvaluationError::EmptyGroup),
    }
}

#[inline]
fn clause(clause: &Clause, event: &(impl Event + ?Sized)) -> Result<bool, EvaluationError> {
    let target = clause.target();
    let field = event.field(target);
    let root = Actual::of(&field);
    let actual = match target {
        Target::EventType | Target::Event | Target::Name | Target::UserId => root,
        Target::Property(path) | Target::Trait(path) | Target::Context(path) => {
            match path.steps() {
                Steps::Nothing => Actual::Undefined,
                Steps::NoKeys => {
                    return Err(EvaluationError::PathWithoutKeys(path.as_str().to_owned()))
                }
                Steps::Keys(keys) => {
                    let mut value = root;
                    for key in keys.iter() {
                        if !value.truthy() {
                            break;
                        }
                        value = value.get(key);
                    }
                    value
                }
            }
        }
    };
    Ok(compare(actual, clause.operator(), clause.expected()))
}

/// The reference's `validateValue`.
#[inline]
fn compare(actual: Actual<'_>, operator: &Operator, expected: &Expected) -> bool {
    let number =
        |test: fn(f64, f64) -> bool| actual.as_number().is_some_and(|a| test(a, expected.number));
    let string = |test: fn(&JsStr<'_>, &Expected) -> bool| {
        actual.as_str().is_some_and(|a| test(&a, expected))
    };
    match operator {
        Operator::Equals => string(equals),
        Operator::NotEquals => !string(equals),
        Operator::NumberEquals => number(|a, e| a == e),
        Operator::NumberNotEquals => number(|a, e| a != e),
        Operator::LessThan => number(|a, e| a < e),
        Operator::LessThanOrEqual => number(|a, e| a <= e),
        Operator::GreaterThan => number(|a, e| a > e),
        Operator::GreaterThanOrEqual => number(|a, e| a >= e),
        Operator::Contains => string(contains),
        Operator::NotContains => string(|a, e| !contains(a, e)),
        Operator::StartsWith => string(starts_with),
        Operator::NotStartsWith => string(|a, e| !starts_with(a, e)),
        Operator::EndsWith => string(ends_with),
        Operator::NotEndsWith => string(|a, e| !ends_with(a, e)),
        Operator::Exists => !actual.is_nullish(),
        Operator::NotExists => actual.is_nullish(),
        Operator::IsTrue => actual.as_bool() == Some(true),
        Operator::IsFalse => actual.as_bool() == Some(false),
        Operator::Other(_) => false,
    }
}

/// Both sides as UTF-16, for the rare comparisons that involve half a surrogate pair.
fn units(actual: &JsStr<'_>, expected: &Expected) -> (Vec<u16>, Vec<u16>) {
    let actual = match actual {
        JsStr::Str(s) => s.encode_utf16().collect(),
        JsStr::Unit(u) => vec![*u],
    };
    let expected = match &expected.units {
        Some(units) => units.to_vec(),
        None => expected.text.encode_utf16().collect(),
    };
    (actual, expected)
}

// Two well-formed strings compare the same as UTF-8 and as UTF-16, so only a lone unit on
// either side needs the slow path.
#[inline]
fn equals(actual: &JsStr<'_>, expected: &Expected) -> bool {
    match (actual, &expected.units) {
        (JsStr::Str(s), None) => *s == &*expected.text,
        _ => {
            let (a, e) = units(actual, expected);
            a == e
        }
    }
}

fn contains(actual: &JsStr<'_>, expected: &Expected) -> bool {
    match (actual, &expected.units) {
        (JsStr::Str(s), None) => s.contains(&*expected.text),
        _ => {
            let (a, e) = units(actual, expected);
            e.is_empty() || a.windows(e.len()).any(|w| w == e.as_slice())
        }
    }
}

fn starts_with(actual: &JsStr<'_>, expected: &Expected) -> bool {
    match (actual, &expected.units) {
        (JsStr::Str(s), None) => s.starts_with(&*expected.text),
        _ => {
            let (a, e) = units(actual, expected);
            a.starts_with(&e)
        }
    }
}

fn ends_with(actual: &JsStr<'_>, expected: &Expected) -> bool {
    match (actual, &expected.units) {
        (JsStr::Str(s), None) => s.ends_with(&*expected.text),
        _ => {
            let (a, e) = units(actual, expected);
            a.ends_with(&e)
        }
    }
}

/// The clauses on `type` at the top of an `and` group, decided from a typed event's call type
/// before anything else is read. For a typed event, `type = "track"` is true exactly when its
/// call type is `track` (`type != "track"` when it is not), and a false clause makes the whole
/// `and` false however the other clauses would end (an error, too, reads as no match), so the
/// group matches exactly when the call type is allowed and the other clauses match.
#[derive(Clone, Debug)]
pub(super) struct TypePlan {
    /// The call types that pass every `type` clause.
    allowed: CallTypes,
    /// The other clauses of the group.
    rest: Rest,
}

/// What a [`TypePlan`] still has to test once the call type passes.
#[derive(Clone, Debug)]
enum Rest {
    /// Nothing: the `type` clauses were all.
    Nothing,
    /// One clause `event = "…"` or `!=` (likewise `name`, `userId`) with a well-formed text,
    /// which needs no walk through the tree: `=` is true exactly when the field is that
    /// string, `!=` exactly when it is not (missing included).
    Text {
        target: Target,
        text: Box<str>,
        equal: bool,
    },
    /// The group without the `type` clauses, in their order.
    Group(Group),
}

impl Rest {
    fn new(rest: Vec<Node>) -> Rest {
        if let [Node::Clause(clause)] = rest.as_slice() {
            let target = clause.target();
            let expected = clause.expected();
            let equal = match clause.operator() {
                Operator::Equals => Some(true),
                Operator::NotEquals => Some(false),
                _ => None,
            };
            if let (Some(equal), Target::Event | Target::Name | Target::UserId, None) =
                (equal, target, &expected.units)
            {
                return Rest::Text {
                    target: target.clone(),
                    text: expected.text.clone(),
                    equal,
                };
            }
        }
        if rest.is_empty() {
            Rest::Nothing
        } else {
            Rest::Group(Group::new(Conditional::And, rest))
        }
    }
}

impl TypePlan {
    /// The plan for `root`, when it has clauses on `type` to take out.
    pub(super) fn new(root: &Group) -> Option<TypePlan> {
        if root.conditional != Conditional::And && root.children.len() > 1 {
            return None;
        }
        let mut allowed = CallTypes::ALL;
        let mut rest = Vec::new();
        for child in &root.children {
            match child {
                Node::Clause(clause) if matches!(clause.target(), Target::EventType) => {
                    let expected = clause.expected();
                    let is = |text: &str| -> CallTypes {
                        CallType::ALL
                            .iter()
                            .copied()
                            .filter(|call| expected.units.is_none() && call.as_str() == text)
                            .collect()
                    };
                    match clause.operator() {
                        Operator::Equals => allowed = allowed.intersection(is(&expected.text)),
                        Operator::NotEquals => {
                            allowed = allowed.intersection(is(&expected.text).complement());
                        }
                        _ => rest.push(child.clone()),
                    }
                }
                _ => rest.push(child.clone()),
            }
        }
        (rest.len() < root.children.len()).then(|| TypePlan {
            allowed,
            rest: Rest::new(rest),
        })
    }

    /// The call types that pass every `type` clause.
    pub(super) fn allowed(&self) -> CallTypes {
        self.allowed
    }

    /// [`group`] of the planned root on an event of call type `call`, as `unwrap_or(false)`
    /// reads it.
    #[inline]
    pub(super) fn matches(&self, call: CallType, event: &(impl Event + ?Sized)) -> bool {
        if !self.allowed.contains(call) {
            return false;
        }
        match &self.rest {
            Rest::Nothing => true,
            Rest::Text {
                target,
                text,
                equal,
            } => {
                let is = match event.field(target) {
                    FieldValue::Text(actual) => actual == &**text,
                    FieldValue::Json(Value::String(actual)) => **actual == **text,
                    FieldValue::Owned(Value::String(actual)) => *actual == **text,
                    _ => false,
                };
                is == *equal
            }
            Rest::Group(rest) => group(rest, event).unwrap_or(false),
        }
    }
}
