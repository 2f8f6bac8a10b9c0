//! Trigger conditions ("subscriptions"): the language, parsed, evaluated and written back as
//! Segment's reference runtime does it. The user-facing documentation is on [`Subscription`].

mod error;
mod eval;
mod lex;
mod lint;
mod parse;
mod text;
mod tree;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

pub use error::{ErrorKind as SubscriptionErrorKind, EvaluationError, SubscriptionError};
pub use lint::{Lint, LintKind};
pub use tree::{Clause, Conditional, Group, Literal, Node, Operator, Path, Target};

use crate::event::Event;
use crate::CallTypes;

/// A trigger condition ("subscription", the `subscribe` text of an action): which events the
/// action runs for. Read, evaluated and written back exactly as Segment's reference runtime
/// (`@segment/destination-subscriptions`: `parseFql`, `validate`, `generateFql`, with the
/// `@segment/fql-ts` lexer) does.
///
/// ```
/// use actions_runtime::Subscription;
/// use serde_json::json;
///
/// let trigger = Subscription::parse(r#"type = "track" and event != "Signed Out""#)?;
/// assert!(trigger.matches(&json!({"type": "track", "event": "Order Completed"})));
/// assert!(trigger.matches(&json!({"type": "track"}))); // `!=` also matches a missing event
/// assert!(!trigger.matches(&json!({"type": "track", "event": "Signed Out"})));
/// # Ok::<(), actions_runtime::SubscriptionError>(())
/// ```
///
/// # The language, rule by rule
/// - **Tokens.** Space, tab and newline separate tokens; any other character outside a string
///   that the language has no use for (`\r`, `*`, `$`, `&`, `|`, `é`, …) makes the text
///   unparseable. Strings are `"…"` or `'…'` with no escapes. Numbers are a digit, `-` or `+`
///   followed by digits with at most one `.` (`007` is 7, `+1` is 1, a lone `-` is NaN; `10.`
///   and `1.2.3` are errors). Words are ASCII letters, digits, `_`, `-`, and `\` escaping any
///   one character (`properties.product\ 1` is the key `product 1`). `and`, `or` and `null`
///   are keywords in lower case only; `true` and `false` are words the parser interprets.
///   `=`, `!=`, `<`, `<=`, `>`, `>=`; a two-character operator must be followed by a space.
/// - **Clauses.** `field operator value`, `contains(field, "v")`, `match(field, "v*")` /
///   `match(field, "*v")`, the last two negated by a `!` right before them. The field's first
///   segment decides what is tested ([`Target`]): `type`, `event`, `name`, `userId` (the rest of
///   the path ignored), `properties.…`, `traits.…` (top-level, identify and group), `context.…`.
///   Any other field (`anonymousId`, `messageId`) tests nothing: the clause is dropped.
/// - **Values.** For `type`, `event`, `name`, `userId` the value is text whatever was written
///   (`event = 5` compares with `"5"`). For paths, `= 5` / `!= 5` compare numbers, `= true` /
///   `= false` test a boolean, `= null` / `!= null` test presence (also for `name` and `userId`,
///   not for `type` and `event`, where `null` is the text `"null"`).
/// - **Groups.** Clauses of a group are siblings joined by the **last** `and`/`or` written in
///   that group. `(…)` makes a sub-group that ends at the first `)`; parentheses do not nest.
/// - **Evaluation** ([`Operator`]): `=` needs the same string; `!=` is true for anything but
///   that string (a missing field too); numeric operators need a JSON number; `contains` and
///   `match` need a string, negated or not; `exists` means neither missing nor null; paths are
///   looked up key by key as JavaScript does (`properties.items.length` is an array's length).
///
/// # Quirks, all reproduced (and most flagged by [`Subscription::lint`])
/// - No precedence: `a and b or c` is `a or b or c` (the last conditional wins).
/// - A single-quoted value keeps its quotes: `event = 'x'` compares with `'x'`.
/// - `match(event, "abc")` (no `*` at the end) means ends_with `"bc"`: the pattern minus its
///   first character, whatever that is.
/// - `contains(type, …)` is dropped; `!` before anything but `contains`/`match` is ignored.
/// - A `contains(…)`/`match(…)` inside parentheses ends the group at its own `)`.
/// - An unquoted value is one word (`event = Signed Out` compares with `"Signed"`); any token
///   after a field is taken as the operator, so `event contains "x"` happens to work and
///   `properties.a exists or …` takes `or` as its value.
/// - A closing quote followed by anything but a space, `,`, `)`, `]` or the end also opens
///   the next string (`event = "x"and …` reads `"and …"` as a string).
/// - The last word of the text, if it is two characters starting with `a` (`an`, `ax`) or two
///   or three starting with `n` (`nu`, `nul`), keeps only its first letter: `event = an`
///   compares with `"a"` (the lexer's look-ahead for `and` / `null` hits the end).
/// - A path segment that lexes as a keyword or number (`properties.items.0`) breaks the path
///   and the clause never matches; `properties.items\[0\]` reaches the first item.
/// - `()`, or a group whose clauses were all dropped, stays in the tree as
///   [`Node::EmptyGroup`]; the reference throws when evaluation reaches it
///   ([`Subscription::evaluate`] says so, [`Subscription::matches`] answers `false`).
///
/// # Known, explained differences
/// - **Typed events.** [`Subscription::matches_event`] reads an [`Event`] as its fields
///   say; a typed model that keeps a `userId` sent as the number `123` as the text `"123"`
///   matches `userId = "123"`, where the raw JSON `{"userId": 123}` does not, as in the
///   reference (a number is never the string `"123"`).
/// - **Events that are not objects.** `matches` is false for them; the reference reads fields
///   of a string or array (and throws on `null`).
/// - **Built-in methods.** A path key an event does not have but JavaScript finds on the value's
///   prototype (`constructor`, `toString`, `push`, `__proto__`, …) exists, as in the
///   reference; looking further into such a method (`properties.constructor.name`) is not
///   modelled and reads as undefined.
/// - **Text the reference's generator writes that a Rust string cannot hold.** `match(x,
///   "😀…")` means ends_with the pattern minus its first UTF-16 unit, i.e. minus half of the
///   emoji; evaluation follows the reference exactly, and `Display` writes U+FFFD for the lone
///   half. An [`Node::EmptyGroup`] makes the reference's generator throw; `Display` writes
///   `()`, which reads back as the same tree.
/// - The reference's npm package 3.37.0 (used by the differential test) and the 3.41.0 source
///   the rules were read from parse, evaluate and generate alike: the test found no difference.
///
/// # Text out, and back
/// `Display` writes the tree by the reference's `generateFql` rules (children joined by
/// ` and ` / ` or `, sub-groups in parentheses, strings double-quoted without escapes, numbers
/// as JavaScript prints them, `exists` as `!= null`, `starts_with` as `match(x, "v*")`, path
/// characters other than `A-Z a-z 0-9 . _ -` escaped). Parsing that text gives an equal tree,
/// except where the reference's own generator writes text that reads back differently:
/// - a value holding `"` (from a single-quoted string or an escaped word) ends its string early;
/// - an ends_with value ending in `*` is written `match(x, "*v*")`, which reads as starts_with
///   (an empty one, `match(x, "*")`, as starts_with `""`, which tests the same);
/// - the U+FFFD written for half an emoji reads back as a whole character;
/// - a number JavaScript prints with an exponent (`1e+21`, `1e-7`) or as `NaN`/`Infinity` is
///   not a number token;
/// - a path segment that is empty, a keyword, or starts with a digit or `-`, breaks the path;
/// - operator words (`event contains 5`), values kept beside `exists` and the like, and
///   operators the reference does not know are written in their canonical form or as they
///   came, and read back as what that text says;
/// - groups nested more than one level, a group of one child, a top-level group of one
///   sub-group, and a sub-group with `contains(…)`/`match(…)` before its last child cannot
///   be written so that the parser reads them back.
///
/// `Serialize` writes the text a subscription was parsed from (so a configuration keeps its
/// meaning), or `Display` for one built as a tree; `Deserialize` parses.
///
/// # Equality
/// Equal subscriptions have equal trees; the text they were read from does not count.
///
/// ```
/// use actions_runtime::{Clause, Group, Operator, Subscription, Target};
///
/// let parsed = Subscription::parse(r#"type = "identify" or event = "Signed Up""#)?;
/// let built = Subscription::from(Group::or([
///    Clause::new(Target::EventType, Operator::Equals, "identify"),
///    Clause::new(Target::Event, Operator::Equals, "Signed Up"),
/// ]));
/// assert_eq!(parsed, built);
/// assert_eq!(built.to_string(), r#"type = "identify" or event = "Signed Up""#);
/// # Ok::<(), actions_runtime::SubscriptionError>(())
/// ```
#[derive(Clone)]
pub struct Subscription {
    root: Group,
    source: Option<Box<str>>,
    lints: Option<Vec<Lint>>,
    /// The root's clauses on `type`, decided up front for typed events.
    plan: Option<eval::TypePlan>,
}

impl Subscription {
    /// Read a subscription as the reference's `parseFql` does; a text it cannot parse (a bad
    /// character, an unterminated string, no clause left, …) is an error saying what and where.
    ///
    /// ```
    /// use actions_runtime::{Operator, Subscription, SubscriptionErrorKind};
    ///
    /// let trigger = Subscription::parse("properties.total >= 100")?;
    /// let clause = trigger.root().clauses().next().unwrap();
    /// assert_eq!(clause.operator(), &Operator::GreaterThanOrEqual);
    ///
    /// let err = Subscription::parse(r#"anonymousId = "x""#).unwrap_err();
    /// assert_eq!(err.kind(), &SubscriptionErrorKind::NoClause);
    /// # Ok::<(), actions_runtime::SubscriptionError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Subscription, SubscriptionError> {
        let parsed = parse::parse(text)?;
        Ok(Subscription {
            plan: eval::TypePlan::new(&parsed.root),
            root: parsed.root,
            source: Some(text.into()),
            lints: Some(parsed.lints),
        })
    }

    /// The condition tree: always a group at the top (one clause is a one-child `and` group).
    pub fn root(&self) -> &Group {
        &self.root
    }

    /// The tree, taken out.
    pub fn into_root(self) -> Group {
        self.root
    }

    /// The text the subscription was parsed from; `None` for one built as a tree.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// What the reference's `validate` answers for a raw JSON event: `Ok(true)` or
    /// `Ok(false)`, or the error it throws when evaluation reaches an empty group or a path
    /// without keys (the reference's runtime then fails the event instead of skipping the
    /// action). An event that is not a JSON object is `Ok(false)`.
    ///
    /// ```
    /// use actions_runtime::{EvaluationError, Subscription};
    /// use serde_json::json;
    ///
    /// let trigger = Subscription::parse(r#"type = "track" and (anonymousId = "x")"#)?;
    /// assert_eq!(trigger.evaluate(&json!({"type": "page"})), Ok(false));
    /// assert_eq!(trigger.evaluate(&json!({"type": "track"})), Err(EvaluationError::EmptyGroup));
    /// # Ok::<(), actions_runtime::SubscriptionError>(())
    /// ```
    pub fn evaluate(&self, event: &Value) -> Result<bool, EvaluationError> {
        match event {
            Value::Object(map) => eval::group(&self.root, map),
            _ => Ok(false),
        }
    }

    /// Whether the action runs for this raw JSON event: the reference's
    /// `validate(parseFql(text), event)`, with `false` where it throws and for an event that is
    /// not a JSON object.
    ///
    /// ```
    /// use actions_runtime::Subscription;
    /// use serde_json::json;
    ///
    /// let trigger = Subscription::parse("properties.items.length > 2 and properties.total = 30")?;
    /// assert!(trigger.matches(&json!({"properties": {"items": [1, 2, 3], "total": 30}})));
    /// assert!(!trigger.matches(&json!({"properties": {"items": [1, 2, 3], "total": "30"}})));
    /// # Ok::<(), actions_runtime::SubscriptionError>(())
    /// ```
    pub fn matches(&self, event: &Value) -> bool {
        self.evaluate(event).unwrap_or(false)
    }

    /// [`Subscription::matches`] on any [`Event`]: a JSON object, or a typed event read field
    /// by field where its model keeps them, without writing it out as JSON. The clauses on
    /// `type` at the top of the condition are decided from [`Event::call_type`] before any field
    /// is read. The answer is `matches` on the event's JSON form (see "Known, explained
    /// differences" above for typed models).
    ///
    /// ```
    /// use actions_runtime::Subscription;
    /// use serde_json::json;
    ///
    /// let trigger = Subscription::parse(r#"type = "track" and contains(event, "Order")"#)?;
    /// let event = json!({"type": "track", "event": "Order Completed"});
    /// let object = event.as_object().unwrap();
    /// assert!(trigger.matches_event(object));
    /// assert_eq!(trigger.matches_event(object), trigger.matches(&event));
    /// # Ok::<(), actions_runtime::SubscriptionError>(())
    /// ```
    #[inline]
    pub fn matches_event<E: Event + ?Sized>(&self, event: &E) -> bool {
        match (&self.plan, event.call_type()) {
            (Some(plan), Some(call)) => plan.matches(call, event),
            _ => eval::group(&self.root, event).unwrap_or(false),
        }
    }

    /// The call types an event whose `type` names one may have and still match: those the
    /// subscription's top-level clauses on `type` allow, or all of them when it has none.
    /// A destination can skip, by call type alone, the actions an event cannot trigger.
    ///
    /// ```
    /// use actions_runtime::{CallType, Subscription};
    ///
    /// let trigger = Subscription::parse(r#"type = "track" and event != "Signed Out""#)?;
    /// let types = trigger.call_types();
    /// assert!(types.contains(CallType::Track) && !types.contains(CallType::Page));
    /// # Ok::<(), actions_runtime::SubscriptionError>(())
    /// ```
    pub fn call_types(&self) -> CallTypes {
        self.plan
            .as_ref()
            .map_or(CallTypes::ALL, eval::TypePlan::allowed)
    }

    /// Warnings about what the subscription really means where its text says something else.
    /// The reference has nothing like it. Each [`Lint`] has a [`LintKind`] (and its stable
    /// `code()`), the bytes of the text it is about, and a `Display` in words. A subscription
    /// built as a tree gets the lints that do not depend on text, without spans.
    ///
    /// One text for each kind, with the lint it earns:
    ///
    /// ```
    /// use actions_runtime::Subscription;
    ///
    /// let codes = |text: &str| -> Vec<&'static str> {
    ///     Subscription::parse(text).unwrap().lint().iter().map(|l| l.code()).collect()
    /// };
    /// let has = |text: &str, code: &str| assert!(codes(text).contains(&code), "{text}: {:?}", codes(text));
    ///
    /// // `and` then `or` in one group: `or` joins all three clauses.
    /// has(r#"type = "track" and event = "A" or event = "B""#, "mixed_conditionals");
    /// // Fields the language does not test, and contains() on `type`, are dropped.
    /// has(r#"type = "track" and anonymousId = "x""#, "dropped_clause");
    /// has(r#"event = "A" or contains(type, "tr")"#, "dropped_clause");
    /// // Single quotes stay in the value: this compares with `'A'`.
    /// has("event = 'A'", "single_quoted");
    /// // No `*`: ends_with "bc".
    /// has(r#"match(event, "abc")"#, "match_without_star");
    /// // Only the trailing `*` is a wildcard.
    /// has(r#"match(event, "a*b*")"#, "literal_star");
    /// // `!=` also matches a missing field; `!contains` does not.
    /// has(r#"event != "A""#, "not_equals_matches_missing");
    /// has(r#"!contains(event, "A")"#, "negation_needs_string");
    /// // A number for `event`/`userId` is text; for a path it is numeric only.
    /// has("event = 5", "literal_as_text");
    /// has("userId = 5", "literal_as_text");
    /// has("properties.x = 5", "numeric_only");
    /// has("event > 5", "number_on_text");
    /// // `!` only negates contains() and match().
    /// has(r#"!(type = "track")"#, "negation_ignored");
    /// // The group ends at contains()'s `)`, so `or` applies outside it.
    /// has(r#"type = "track" and (contains(event, "A") or event = "B")"#, "group_ends_early");
    /// // One word only: `"Signed"`.
    /// has("event = Signed Out", "bare_word");
    /// // `exists` is not an operator of the language, and here it takes `or` as its value.
    /// has(r#"properties.a exists or type = "track""#, "word_operator");
    /// has(r#"event is "A""#, "unknown_operator");
    /// // The reference fails the event when it reaches `()`.
    /// has(r#"type = "track" and ()"#, "empty_group");
    /// has(r#"type = "track" event = "A""#, "missing_conditional");
    /// has(r#"type = "track" and"#, "dangling_conditional");
    /// has(r#"type.name = "track""#, "ignored_path");
    /// // The last word reads as `a`.
    /// has("event = an", "truncated_word");
    /// // `<=5` reads as `<` compared with "=".
    /// has("properties.a <=5", "operator_needs_space");
    /// has(r"properties.\[ = 1 or type = 'x'", "path_without_keys");
    /// // The closing quote, glued to `or`, opens a new string.
    /// has(r#"event = "A"or event = "B""#, "quote_reopens");
    /// has("properties.a > -", "not_a_number");
    /// has(r#"properties = "x""#, "field_as_key");
    /// ```
    pub fn lint(&self) -> Vec<Lint> {
        match &self.lints {
            Some(lints) => lints.clone(),
            None => {
                let mut lints = Vec::new();
                lint::tree(&self.root, &mut lints);
                lints
            }
        }
    }
}

impl From<Group> for Subscription {
    /// A subscription of this tree (with no text behind it).
    fn from(root: Group) -> Self {
        Subscription {
            plan: eval::TypePlan::new(&root),
            root,
            source: None,
            lints: None,
        }
    }
}

impl fmt::Debug for Subscription {
    // The plan is derived from the tree; showing it would only repeat the tree.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("root", &self.root)
            .field("source", &self.source)
            .field("lints", &self.lints)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Subscription {
    fn eq(&self, other: &Self) -> bool {
        self.root == other.root
    }
}

impl fmt::Display for Subscription {
    /// The canonical text, by the reference's `generateFql` rules.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&text::subscription(&self.root))
    }
}

impl FromStr for Subscription {
    type Err = SubscriptionError;

    /// [`Subscription::parse`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Subscription::parse(text)
    }
}

impl Serialize for Subscription {
    /// The text it was parsed from, else the canonical text.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.source {
            Some(text) => s.serialize_str(text),
            None => s.serialize_str(&self.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for Subscription {
    /// A string, parsed.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Subscription::parse(&text).map_err(serde::de::Error::custom)
    }
}
