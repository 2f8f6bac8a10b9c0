//! The condition tree: what a subscription tests, in the reference's own terms.

use std::fmt;

use crate::js;

/// How a group joins its children: `and` (every child holds) or `or` (some child holds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Conditional {
    /// `and`: every child holds (an empty group holds).
    #[default]
    And,
    /// `or`: some child holds (an empty group does not).
    Or,
}

impl Conditional {
    /// `and` or `or`.
    pub fn as_str(self) -> &'static str {
        match self {
            Conditional::And => "and",
            Conditional::Or => "or",
        }
    }
}

impl fmt::Display for Conditional {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Children joined by one conditional. The reference's parser gives every group of the text
/// the **last** `and`/`or` written in it.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Group {
    /// How the children are joined.
    pub conditional: Conditional,
    /// The clauses and sub-groups, in the order written.
    pub children: Vec<Node>,
}

impl Group {
    /// A group of `children` joined by `conditional`.
    pub fn new(conditional: Conditional, children: Vec<Node>) -> Self {
        Group {
            conditional,
            children,
        }
    }

    /// `children` joined by `and`.
    pub fn and(children: impl IntoIterator<Item = impl Into<Node>>) -> Self {
        Group::new(
            Conditional::And,
            children.into_iter().map(Into::into).collect(),
        )
    }

    /// `children` joined by `or`.
    pub fn or(children: impl IntoIterator<Item = impl Into<Node>>) -> Self {
        Group::new(
            Conditional::Or,
            children.into_iter().map(Into::into).collect(),
        )
    }

    /// Every clause of the tree, depth first, in the order written.
    pub fn clauses(&self) -> impl Iterator<Item = &Clause> {
        let mut stack: Vec<std::slice::Iter<'_, Node>> = vec![self.children.iter()];
        std::iter::from_fn(move || loop {
            let top = stack.last_mut()?;
            match top.next() {
                None => {
                    stack.pop();
                }
                Some(Node::Clause(clause)) => return Some(clause),
                Some(Node::Group(group)) => stack.push(group.children.iter()),
                Some(Node::EmptyGroup) => {}
            }
        })
    }
}

/// A child of a [`Group`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Node {
    /// One test.
    Clause(Clause),
    /// A parenthesised group.
    Group(Group),
    /// A parenthesised group that kept no clause: `()`, or `(anonymousId = "x")` whose only
    /// clause was dropped. The reference keeps `undefined` in its place; evaluating it throws
    /// (so the subscription never matches once evaluation reaches it), and the reference's
    /// generator cannot write it. [`Subscription`](super::Subscription)'s `Display` writes `()`.
    EmptyGroup,
}

impl From<Clause> for Node {
    fn from(clause: Clause) -> Self {
        Node::Clause(clause)
    }
}

impl From<Group> for Node {
    fn from(group: Group) -> Self {
        Node::Group(group)
    }
}

/// The field a clause tests. The text names it by the first segment of the path, which is
/// case-sensitive; for `type`, `event`, `name` and `userId` the rest of the path is ignored.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Target {
    /// `type`: the call type (`track`, `identify`, …).
    EventType,
    /// `event`: a track's event name.
    Event,
    /// `name`: a page's or screen's name.
    Name,
    /// `userId`.
    UserId,
    /// `properties.<path>`: a key inside the event's `properties`.
    Property(Path),
    /// `traits.<path>`: a key inside the event's top-level `traits` (identify, group), not
    /// `context.traits`.
    Trait(Path),
    /// `context.<path>`: a key inside the event's `context`.
    Context(Path),
}

impl Target {
    /// The path inside `properties`, `traits` or `context`; `None` for the other fields.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Target::Property(path) | Target::Trait(path) | Target::Context(path) => Some(path),
            Target::EventType | Target::Event | Target::Name | Target::UserId => None,
        }
    }

    /// The event's top-level key the target reads: `type`, `event`, `name`, `userId`,
    /// `properties`, `traits` or `context`.
    pub fn field(&self) -> &'static str {
        match self {
            Target::EventType => "type",
            Target::Event => "event",
            Target::Name => "name",
            Target::UserId => "userId",
            Target::Property(_) => "properties",
            Target::Trait(_) => "traits",
            Target::Context(_) => "context",
        }
    }
}

/// A path inside `properties`, `traits` or `context`, as the reference's `get` reads it: split
/// on `.`, `[` and `]` (empty pieces dropped), each key looked up in what the previous one gave
/// while that is truthy in JavaScript. The split is done once, here.
///
/// ```
/// use actions_runtime::Path;
///
/// let path = Path::new("items[0].sku");
/// assert_eq!(path.keys().collect::<Vec<_>>(), ["items", "0", "sku"]);
/// assert_eq!(path.as_str(), "items[0].sku");
/// ```
#[derive(Clone, Debug)]
pub struct Path {
    name: Box<str>,
    steps: Steps,
}

#[derive(Clone, Debug)]
pub(super) enum Steps {
    /// An empty name: the reference's `get` gives `undefined` without looking.
    Nothing,
    /// A name of separators only (`[`, `..`): the reference's `get` throws.
    NoKeys,
    Keys(Box<[Key]>),
}

/// One key of a path, with what evaluation needs to know about it worked out in advance.
#[derive(Clone, Debug)]
pub(super) struct Key {
    pub(super) text: Box<str>,
    /// The key as an array (or string) index: `0`, `1`, … without leading zeros.
    pub(super) index: Option<usize>,
    /// Which built-in prototypes have a method of this name ([`js::member_of`]).
    pub(super) members: u8,
}

impl Path {
    /// The path `name` (the text after `properties.`, `traits.` or `context.`).
    pub fn new(name: impl Into<String>) -> Self {
        let name: Box<str> = name.into().into_boxed_str();
        let steps = if name.is_empty() {
            Steps::Nothing
        } else {
            let keys: Box<[Key]> = name
                .split(['.', '[', ']'])
                .filter(|key| !key.is_empty())
                .map(|key| Key {
                    text: key.into(),
                    index: array_index(key),
                    members: js::member_of(key),
                })
                .collect();
            if keys.is_empty() {
                Steps::NoKeys
            } else {
                Steps::Keys(keys)
            }
        };
        Path { name, steps }
    }

    /// The path as written, e.g. `items[0].sku`.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The keys looked up, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        let keys: &[Key] = match &self.steps {
            Steps::Keys(keys) => keys,
            Steps::Nothing | Steps::NoKeys => &[],
        };
        keys.iter().map(|key| &*key.text)
    }

    pub(super) fn steps(&self) -> &Steps {
        &self.steps
    }
}

/// A canonical array index ([`js::array_index`]), as a position.
fn array_index(key: &str) -> Option<usize> {
    js::array_index(key).and_then(|i| usize::try_from(i).ok())
}

impl PartialEq for Path {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Path {}

impl std::hash::Hash for Path {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl From<&str> for Path {
    fn from(name: &str) -> Self {
        Path::new(name)
    }
}

impl From<String> for Path {
    fn from(name: String) -> Self {
        Path::new(name)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// What a clause does with the field. The names are the reference's (`as_str`); the text
/// writes most of them as `=`/`!=` with a typed value, `contains(…)` or `match(…)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operator {
    /// `=`: the field is the string `String(value)`.
    Equals,
    /// `!=`: the field is anything but the string `String(value)` (missing, null, a number
    /// all count).
    NotEquals,
    /// `<`: the field is a number below `Number(value)`.
    LessThan,
    /// `<=`.
    LessThanOrEqual,
    /// `>`.
    GreaterThan,
    /// `>=`.
    GreaterThanOrEqual,
    /// `number_equals` (`properties.x = 5`): the field is a number equal to `Number(value)`.
    NumberEquals,
    /// `number_not_equals` (`properties.x != 5`): the field is a number other than
    /// `Number(value)`.
    NumberNotEquals,
    /// `contains`: the field is a string containing the value.
    Contains,
    /// `not_contains`: the field is a string not containing the value (a missing field is not).
    NotContains,
    /// `starts_with` (`match(x, "v*")`).
    StartsWith,
    /// `not_starts_with`.
    NotStartsWith,
    /// `ends_with` (`match(x, "*v")`).
    EndsWith,
    /// `not_ends_with`.
    NotEndsWith,
    /// `exists` (`x != null`): neither missing nor null.
    Exists,
    /// `not_exists` (`x = null`): missing or null.
    NotExists,
    /// `is_true` (`x = true`): the boolean `true`.
    IsTrue,
    /// `is_false` (`x = false`): the boolean `false`.
    IsFalse,
    /// Any other token the parser took as the operator (`event is "x"`, `properties.a.0`'s
    /// `.`): the reference keeps it and never matches it. Never one of the names above.
    Other(String),
}

impl Operator {
    /// The reference's name: `=`, `!=`, `<`, `<=`, `>`, `>=`, `number_equals`,
    /// `number_not_equals`, `contains`, `not_contains`, `starts_with`, `not_starts_with`,
    /// `ends_with`, `not_ends_with`, `exists`, `not_exists`, `is_true`, `is_false`, or the
    /// token of [`Operator::Other`].
    pub fn as_str(&self) -> &str {
        match self {
            Operator::Equals => "=",
            Operator::NotEquals => "!=",
            Operator::LessThan => "<",
            Operator::LessThanOrEqual => "<=",
            Operator::GreaterThan => ">",
            Operator::GreaterThanOrEqual => ">=",
            Operator::NumberEquals => "number_equals",
            Operator::NumberNotEquals => "number_not_equals",
            Operator::Contains => "contains",
            Operator::NotContains => "not_contains",
            Operator::StartsWith => "starts_with",
            Operator::NotStartsWith => "not_starts_with",
            Operator::EndsWith => "ends_with",
            Operator::NotEndsWith => "not_ends_with",
            Operator::Exists => "exists",
            Operator::NotExists => "not_exists",
            Operator::IsTrue => "is_true",
            Operator::IsFalse => "is_false",
            Operator::Other(token) => token,
        }
    }

    /// Whether the operator uses the clause's value (all but `exists`, `not_exists`,
    /// `is_true`, `is_false`).
    pub fn takes_value(&self) -> bool {
        !matches!(
            self,
            Operator::Exists | Operator::NotExists | Operator::IsTrue | Operator::IsFalse
        )
    }
}

impl From<&str> for Operator {
    /// The operator the reference's name denotes; any other text is [`Operator::Other`].
    fn from(name: &str) -> Self {
        match name {
            "=" => Operator::Equals,
            "!=" => Operator::NotEquals,
            "<" => Operator::LessThan,
            "<=" => Operator::LessThanOrEqual,
            ">" => Operator::GreaterThan,
            ">=" => Operator::GreaterThanOrEqual,
            "number_equals" => Operator::NumberEquals,
            "number_not_equals" => Operator::NumberNotEquals,
            "contains" => Operator::Contains,
            "not_contains" => Operator::NotContains,
            "starts_with" => Operator::StartsWith,
            "not_starts_with" => Operator::NotStartsWith,
            "ends_with" => Operator::EndsWith,
            "not_ends_with" => Operator::NotEndsWith,
            "exists" => Operator::Exists,
            "not_exists" => Operator::NotExists,
            "is_true" => Operator::IsTrue,
            "is_false" => Operator::IsFalse,
            other => Operator::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value a clause compares with, typed as the reference stores it. Clauses on `type`,
/// `event`, `name` and `userId` always hold text (`event = 5` compares with `"5"`); on a path,
/// a number or a boolean written bare stays one.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Literal {
    /// A string. From a single-quoted string, the quotes are part of it (`'x'`).
    Text(String),
    /// A number (`NaN` for a lone `-`; `-0` and `0` are equal).
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl Literal {
    /// JavaScript's `String(value)`: what `=`, `!=`, `contains` and `match` compare with.
    pub fn to_js_string(&self) -> String {
        match self {
            Literal::Text(text) => text.clone(),
            Literal::Number(n) => js::number_to_string(*n),
            Literal::Bool(b) => b.to_string(),
        }
    }

    /// JavaScript's `Number(value)`: what `<`, `number_equals` and the others compare with
    /// (`"10"` → 10, `" 0x1F "` → 31, `"abc"` → NaN, `true` → 1).
    pub fn to_js_number(&self) -> f64 {
        match self {
            Literal::Text(text) => js::string_to_number(text),
            Literal::Number(n) => *n,
            Literal::Bool(b) => f64::from(u8::from(*b)),
        }
    }
}

impl PartialEq for Literal {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Literal::Text(a), Literal::Text(b)) => a == b,
            // NaN is the value a lone `-` gives, and equal to itself here; `-0 == 0` as in
            // every comparison the reference makes.
            (Literal::Number(a), Literal::Number(b)) => a == b || (a.is_nan() && b.is_nan()),
            (Literal::Bool(a), Literal::Bool(b)) => a == b,
            _ => false,
        }
    }
}

impl From<&str> for Literal {
    fn from(text: &str) -> Self {
        Literal::Text(text.to_owned())
    }
}

impl From<String> for Literal {
    fn from(text: String) -> Self {
        Literal::Text(text)
    }
}

impl From<f64> for Literal {
    fn from(n: f64) -> Self {
        Literal::Number(n)
    }
}

impl From<bool> for Literal {
    fn from(b: bool) -> Self {
        Literal::Bool(b)
    }
}

/// One test: a field, an operator and (for most operators) a value.
///
/// ```
/// use actions_runtime::{Clause, Literal, Operator, Path, Target};
///
/// let clause = Clause::new(Target::Property(Path::new("price")), Operator::GreaterThanOrEqual, 100.0);
/// assert_eq!(clause.value(), Some(&Literal::Number(100.0)));
/// let exists = Clause::without_value(Target::UserId, Operator::Exists);
/// assert_eq!(exists.operator(), &Operator::Exists);
/// ```
#[derive(Clone, Debug)]
pub struct Clause {
    target: Target,
    operator: Operator,
    value: Option<Literal>,
    /// `match(x, "😀…")` means ends_with the pattern minus its first UTF-16 unit: the low half
    /// of the emoji, which a Rust string cannot hold. It is kept here; the value's text has
    /// U+FFFD in its place.
    lone_surrogate: Option<u16>,
    expected: Expected,
}

/// The value as each operator compares it, worked out once.
#[derive(Clone, Debug)]
pub(super) struct Expected {
    /// `String(value)` (`"undefined"` without a value).
    pub(super) text: Box<str>,
    /// `Number(value)` (NaN without a value).
    pub(super) number: f64,
    /// `String(value)` as UTF-16 when it starts with a lone surrogate.
    pub(super) units: Option<Box<[u16]>>,
}

impl Clause {
    /// A clause comparing `target` with `value` by `operator`.
    pub fn new(target: Target, operator: Operator, value: impl Into<Literal>) -> Self {
        Clause::build(target, operator, Some(value.into()), None)
    }

    /// A clause whose operator needs no value (`exists`, `not_exists`, `is_true`, `is_false`).
    /// With another operator, the reference compares with `undefined`: `String` gives
    /// `"undefined"`, `Number` gives NaN.
    pub fn without_value(target: Target, operator: Operator) -> Self {
        Clause::build(target, operator, None, None)
    }

    pub(super) fn build(
        target: Target,
        operator: Operator,
        value: Option<Literal>,
        lone_surrogate: Option<u16>,
    ) -> Self {
        // `Other` never holds a name the reference acts on, however it was built.
        let operator = match operator {
            Operator::Other(token) => Operator::from(token.as_str()),
            known => known,
        };
        let text: Box<str> = value
            .as_ref()
            .map_or_else(|| "undefined".into(), |v| v.to_js_string().into_boxed_str());
        let number = value.as_ref().map_or(f64::NAN, Literal::to_js_number);
        let units = lone_surrogate.map(|lone| {
            let rest = text
                .strip_prefix(char::REPLACEMENT_CHARACTER)
                .unwrap_or(&text);
            std::iter::once(lone).chain(rest.encode_utf16()).collect()
        });
        Clause {
            target,
            operator,
            value,
            lone_surrogate,
            expected: Expected {
                text,
                number,
                units,
            },
        }
    }

    /// The field tested.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// What is done with it.
    pub fn operator(&self) -> &Operator {
        &self.operator
    }

    /// The value compared with, as the reference keeps it. `exists` and the like have none,
    /// unless the text wrote one (`properties.a exists "x"` keeps `"x"` and ignores it).
    pub fn value(&self) -> Option<&Literal> {
        self.value.as_ref()
    }

    pub(super) fn expected(&self) -> &Expected {
        &self.expected
    }
}

impl PartialEq for Clause {
    fn eq(&self, other: &Self) -> bool {
        self.target == other.target
            && self.operator == other.operator
            && self.value == other.value
            && self.lone_surrogate == other.lone_surrogate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_as_the_reference_get_does() {
        let keys = |name: &str| {
            Path::new(name)
                .keys()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(keys("a.b"), ["a", "b"]);
        assert_eq!(keys("a[0].b"), ["a", "0", "b"]);
        assert_eq!(keys("..a..[b]"), ["a", "b"]);
        assert!(matches!(Path::new("").steps(), Steps::Nothing));
        assert!(matches!(Path::new("[.]").steps(), Steps::NoKeys));
    }

    #[test]
    fn array_indexes_are_canonical() {
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("12"), Some(12));
        assert_eq!(array_index("01"), None);
        assert_eq!(array_index("-1"), None);
        assert_eq!(array_index("4294967295"), None);
        assert_eq!(array_index("4294967294"), Some(4_294_967_294));
        assert_eq!(array_index(""), None);
    }

    #[test]
    fn other_operators_never_hide_a_known_name() {
        let clause = Clause::new(Target::Event, Operator::Other("=".into()), "x");
        assert_eq!(clause.operator(), &Operator::Equals);
    }

    #[test]
    fn clauses_walk_depth_first() {
        let c = |v: &str| Clause::new(Target::Event, Operator::Equals, v);
        let tree = Group::and([
            Node::from(c("a")),
            Node::Group(Group::or([c("b"), c("c")])),
            Node::EmptyGroup,
            Node::from(c("d")),
        ]);
        let order: Vec<_> = tree
            .clauses()
            .map(|c| c.expected().text.to_string())
            .collect();
        assert_eq!(order, ["a", "b", "c", "d"]);
    }
}
