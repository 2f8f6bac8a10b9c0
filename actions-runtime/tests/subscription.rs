//! Trigger conditions (`Subscription`): the reference's own test cases (ported as fixtures),
//! each rule and quirk of the language as the reference document lists them, text written back,
//! and the lints. Typed events (`matches_event` on `sprig-events`' `SourceEvent`) are tested in
//! that crate's `tests/subscription_typed.rs`.

mod strategies;

use std::ops::Range;

use actions_runtime::subscription::{
    Clause, Conditional, EvaluationError, Group, Lint, LintKind, Literal, Node, Operator, Path,
    Subscription, SubscriptionError, SubscriptionErrorKind, Target,
};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value};
use strategies::event_json;

fn parse(text: &str) -> Subscription {
    Subscription::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn error(text: &str) -> SubscriptionErrorKind {
    match Subscription::parse(text) {
        Ok(s) => panic!("{text:?} parsed as {s:?}"),
        Err(e) => e.kind().clone(),
    }
}

fn matches(text: &str, event: Value) -> bool {
    parse(text).matches(&event)
}

/// The only clause of a one-clause subscription.
fn only_clause(text: &str) -> Clause {
    let subscription = parse(text);
    let root = subscription.root();
    assert_eq!(root.children.len(), 1, "{text:?}: {root:?}");
    match &root.children[0] {
        Node::Clause(c) => c.clone(),
        other => panic!("{text:?}: {other:?}"),
    }
}

fn prop(name: &str) -> Target {
    Target::Property(Path::new(name))
}

fn codes(text: &str) -> Vec<&'static str> {
    parse(text).lint().iter().map(Lint::code).collect()
}

// ---------------------------------------------------------------------------------------------
// The reference's own tests, as fixtures.

fn fixture(name: &str) -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/subscriptions")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str::<Vec<Value>>(&text).unwrap()
}

/// The reference's AST JSON as a tree; `None` for an error AST (`{"error": …}`).
fn tree_of(ast: &Value) -> Option<Group> {
    if ast.get("error").is_some() {
        return None;
    }
    match node_of(ast) {
        Node::Group(group) => Some(group),
        other => panic!("not a group at the top: {other:?}"),
    }
}

fn node_of(ast: &Value) -> Node {
    if ast.is_null() {
        return Node::EmptyGroup;
    }
    let kind = ast["type"].as_str().unwrap();
    if kind == "group" {
        let conditional = match ast["operator"].as_str().unwrap() {
            "and" => Conditional::And,
            "or" => Conditional::Or,
            other => panic!("conditional {other}"),
        };
        let children = ast["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(node_of)
            .collect();
        return Node::Group(Group::new(conditional, children));
    }
    let name = || Path::new(ast["name"].as_str().unwrap());
    let target = match kind {
        "event-type" => Target::EventType,
        "event" => Target::Event,
        "name" => Target::Name,
        "userId" => Target::UserId,
        "event-property" => Target::Property(name()),
        "event-trait" => Target::Trait(name()),
        "event-context" => Target::Context(name()),
        other => panic!("condition type {other}"),
    };
    let operator = Operator::from(ast["operator"].as_str().unwrap());
    let clause = match ast.get("value") {
        None => Clause::without_value(target, operator),
        Some(Value::String(s)) => Clause::new(target, operator, s.as_str()),
        Some(Value::Bool(b)) => Clause::new(target, operator, *b),
        Some(Value::Number(n)) => Clause::new(target, operator, n.as_f64().unwrap()),
        Some(other) => panic!("value {other}"),
    };
    Node::Clause(clause)
}

#[test]
fn upstream_fql_tests_parse_and_generate_alike() {
    let cases = fixture("upstream_fql.json");
    let mut checked = 0;
    for case in &cases {
        let test = case["test"].as_str().unwrap();
        let text = case["text"].as_str().unwrap();
        if let Some(reference_error) = case["error"].as_str() {
            let kind = error(text);
            // The reference's own messages, or a TypeError for what its parser trips over.
            let expected = match reference_error {
                "Value token is missing" => matches!(kind, SubscriptionErrorKind::MissingValue),
                "TypeError" => matches!(
                    kind,
                    SubscriptionErrorKind::NoClause | SubscriptionErrorKind::InvalidCharacter(_)
                ),
                other => panic!("{test}: unexpected reference error {other}"),
            };
            assert!(
                expected,
                "{test}: {text:?} gave {kind:?}, the reference {reference_error}"
            );
        } else {
            let ast = tree_of(&case["ast"]).unwrap();
            let parsed = parse(text);
            assert_eq!(parsed.root(), &ast, "{test}: {text:?}");
            if case["generates"].as_bool().unwrap_or(false) {
                assert_eq!(Subscription::from(ast).to_string(), text, "{test}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, cases.len());
    assert_eq!(checked, 48);
}

#[test]
fn upstream_validate_tests_evaluate_alike() {
    let cases = fixture("upstream_validate.json");
    let mut events = 0;
    let mut error_asts = 0;
    for case in &cases {
        let test = case["test"].as_str().unwrap();
        let Some(tree) = tree_of(&case["ast"]) else {
            // A subscription that does not parse never matches: here it is a parse error.
            for event in case["events"].as_array().unwrap() {
                assert_eq!(event["matches"], false, "{test}");
            }
            error_asts += 1;
            continue;
        };
        let subscription = Subscription::from(tree);
        for event in case["events"].as_array().unwrap() {
            let expected = event["matches"].as_bool().unwrap();
            // No event at all (JavaScript's undefined) is not an object: never a match.
            let data = event.get("event").cloned().unwrap_or(Value::Null);
            assert_eq!(subscription.matches(&data), expected, "{test}: {data}");
            assert_eq!(subscription.evaluate(&data), Ok(expected), "{test}: {data}");
            events += 1;
        }
    }
    assert_eq!(error_asts, 1);
    assert_eq!(events, 134);
}

#[test]
fn upstream_generate_tests_write_alike() {
    let cases = fixture("upstream_generate_fql.json");
    let mut checked = 0;
    for case in &cases {
        let test = case["test"].as_str().unwrap();
        match tree_of(&case["ast"]) {
            Some(tree) => {
                let text = case["text"].as_str().unwrap();
                assert_eq!(Subscription::from(tree).to_string(), text, "{test}");
            }
            // The reference throws the AST's error; a tree cannot hold one.
            None => assert!(case["throws"].is_string(), "{test}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 12);
}

// ---------------------------------------------------------------------------------------------
// A.1 Tokens.

#[test]
fn characters_the_language_has_no_use_for_are_errors() {
    for (text, c) in [
        ("type * \"x\"", '*'),
        ("type = \"a\" \r", '\r'),
        ("event = $", '$'),
        ("@event = \"x\"", '@'),
        ("type = \"a\" # x", '#'),
        ("type = \"a\" & event = \"b\"", '&'),
        ("type = \"a\" | event = \"b\"", '|'),
        ("événement = \"x\"", 'é'),
    ] {
        assert_eq!(
            error(text),
            SubscriptionErrorKind::InvalidCharacter(c),
            "{text:?}"
        );
    }
    // Space, tab and newline separate tokens; a character inside a string is just text.
    assert!(matches("type\t=\n\"track\"", json!({"type": "track"})));
    assert!(matches("event = \"a*$\r\"", json!({"event": "a*$\r"})));
}

#[test]
fn strings_have_no_escapes_and_single_quotes_stay_in_the_value() {
    assert_eq!(
        only_clause(r#"event = "a\b""#).value(),
        Some(&Literal::from(r"a\b"))
    );
    assert_eq!(
        only_clause("event = 'x'").value(),
        Some(&Literal::from("'x'"))
    );
    assert!(matches("event = 'x'", json!({"event": "'x'"})));
    assert!(!matches("event = 'x'", json!({"event": "x"})));
    assert_eq!(
        only_clause(r#"event = 'say "hi"'"#).value(),
        Some(&Literal::from(r#"'say "hi"'"#))
    );
    assert_eq!(
        error(r#"event = "abc"#),
        SubscriptionErrorKind::UnterminatedString
    );
    assert_eq!(
        error("event = 'abc"),
        SubscriptionErrorKind::UnterminatedString
    );
}

#[test]
fn numbers_are_javascript_numbers_of_their_digits() {
    let value = |text: &str| only_clause(text).value().cloned();
    assert_eq!(value("properties.a = 007"), Some(Literal::Number(7.0)));
    assert_eq!(value("properties.a = +1"), Some(Literal::Number(1.0)));
    assert_eq!(value("properties.a = -1.5"), Some(Literal::Number(-1.5)));
    assert_eq!(value("properties.a = 1.x"), Some(Literal::Number(1.0)));
    let nan = only_clause("properties.a = -");
    assert!(matches!(nan.value(), Some(Literal::Number(n)) if n.is_nan()));
    assert!(!nan_matches_anything(&parse("properties.a = -")));
    assert_eq!(
        error("properties.a = 10."),
        SubscriptionErrorKind::DecimalPointAtEnd
    );
    assert_eq!(
        error("properties.a = 1.2.3"),
        SubscriptionErrorKind::SecondDecimalPoint
    );
    // No exponent form: `1e5` is the number 1 and then a word.
    assert_eq!(value("properties.a = 1e5"), Some(Literal::Number(1.0)));
}

fn nan_matches_anything(s: &Subscription) -> bool {
    [json!(0), json!(-1), json!(1.5), json!("NaN"), json!(null)]
        .into_iter()
        .any(|v| s.matches(&json!({"properties": {"a": v}})))
}

#[test]
fn words_take_letters_digits_underscores_dashes_and_escapes() {
    assert_eq!(
        only_clause(r"properties.product\ 1.price = 5").target(),
        &prop("product 1.price")
    );
    assert_eq!(
        only_clause(r"properties.a_b-c2 = 5").target(),
        &prop("a_b-c2")
    );
    assert_eq!(only_clause(r"properties.\é = 5").target(), &prop("é"));
    assert_eq!(
        error("properties.é = 5"),
        SubscriptionErrorKind::InvalidCharacter('é')
    );
    // A word must be followed by the end, a space, `,`, `)`, `]`, `.`, `(`, `=` or `!`.
    assert_eq!(
        error("properties.a>5"),
        SubscriptionErrorKind::InvalidAfterWord('>')
    );
    assert_eq!(
        only_clause("properties.a=5").operator(),
        &Operator::NumberEquals
    );
    assert!(matches(r#"event="x""#, json!({"event": "x"})));
    assert_eq!(error(r"properties.b\"), SubscriptionErrorKind::EscapeAtEnd);
    assert_eq!(
        error("properties.a_b?"),
        SubscriptionErrorKind::InvalidAfterWord('?')
    );
}

#[test]
fn keywords_are_lower_case_only() {
    // `AND` is a word: the clause after it is a sibling, joined by the default `and`.
    assert_eq!(
        parse(r#"type = "a" OR type = "b""#).root().conditional,
        Conditional::And
    );
    assert_eq!(
        parse(r#"type = "a" or type = "b""#).root().conditional,
        Conditional::Or
    );
    assert_eq!(
        only_clause("properties.a = Null").operator(),
        &Operator::Equals
    );
    assert_eq!(
        only_clause("properties.a = null").operator(),
        &Operator::NotExists
    );
    // `true` is a word the parser interprets; `"true"` is text.
    assert_eq!(
        only_clause("properties.a = true").operator(),
        &Operator::IsTrue
    );
    assert_eq!(
        only_clause(r#"properties.a = "true""#).operator(),
        &Operator::Equals
    );
}

#[test]
fn two_character_operators_need_a_terminator() {
    assert_eq!(
        error(r#"event !="x""#),
        SubscriptionErrorKind::BangWithoutEquals
    );
    // `>=5` is `>` then `=` then 5: `>` compared with the text "=" (NaN), never true.
    let clause = only_clause("properties.a >=5");
    assert_eq!(clause.operator(), &Operator::GreaterThan);
    assert_eq!(clause.value(), Some(&Literal::from("=")));
    assert!(!matches(
        "properties.a >=5",
        json!({"properties": {"a": 10}})
    ));
    assert!(matches(
        "properties.a >= 5",
        json!({"properties": {"a": 10}})
    ));
}

#[test]
fn a_path_segment_that_is_a_number_or_keyword_breaks_the_path() {
    let clause = only_clause("properties.items.0 = 1");
    assert_eq!(clause.target(), &prop("items"));
    assert_eq!(clause.operator(), &Operator::Other(".".into()));
    assert!(!matches(
        "properties.items.0 = 1",
        json!({"properties": {"items": [1]}})
    ));
    let keyword = parse("properties.a.or = 1");
    assert_eq!(
        keyword.root().clauses().next().unwrap().operator(),
        &Operator::Other(".".into())
    );
    // Escaped, the same key is reachable: `get` splits on `[`, `]` and `.`.
    assert!(matches(
        r"properties.items\[0\] = 1",
        json!({"properties": {"items": [1]}})
    ));
    assert!(matches(
        r"properties.items.\0 = 1",
        json!({"properties": {"items": [1]}})
    ));
    // Space around the dot does not matter.
    assert_eq!(only_clause("properties . a = 1").target(), &prop("a"));
}

// ---------------------------------------------------------------------------------------------
// A.2 Clauses.

#[test]
fn the_first_segment_selects_the_field() {
    let event = json!({
        "type": "track", "event": "E", "name": "N", "userId": "U",
        "properties": {"k": "P"}, "traits": {"k": "T"}, "context": {"k": "C", "traits": {"k": "CT"}}
    });
    for (text, target) in [
        (r#"type = "track""#, Target::EventType),
        (r#"event = "E""#, Target::Event),
        (r#"name = "N""#, Target::Name),
        (r#"userId = "U""#, Target::UserId),
        (r#"properties.k = "P""#, prop("k")),
        (r#"traits.k = "T""#, Target::Trait(Path::new("k"))),
        (r#"context.k = "C""#, Target::Context(Path::new("k"))),
    ] {
        assert_eq!(only_clause(text).target(), &target, "{text}");
        assert!(parse(text).matches(&event), "{text}");
    }
    // `traits` is the top-level one, not context.traits.
    assert!(!matches(r#"traits.k = "CT""#, event.clone()));
    assert!(matches(r#"context.traits.k = "CT""#, event.clone()));
    // The rest of the path is ignored for type, event, name and userId.
    assert_eq!(
        only_clause(r#"type.x = "track""#).target(),
        &Target::EventType
    );
    assert!(matches(r#"type.x = "track""#, event.clone()));
    // Case-sensitive: `Type` is no field.
    assert_eq!(error(r#"Type = "track""#), SubscriptionErrorKind::NoClause);
}

#[test]
fn clauses_on_unknown_fields_are_dropped() {
    assert_eq!(error("typo"), SubscriptionErrorKind::NoClause);
    assert_eq!(error(""), SubscriptionErrorKind::NoClause);
    assert_eq!(
        error(r#"anonymousId = "x""#),
        SubscriptionErrorKind::NoClause
    );
    // Next to a valid clause, silently: `anonymousId = "x"` does not count.
    let s = parse(r#"type = "track" and anonymousId = "x""#);
    assert_eq!(s.root().children.len(), 1);
    assert!(s.matches(&json!({"type": "track", "anonymousId": "y"})));
    // A name JavaScript finds on every object takes its operator and value with it.
    assert_eq!(
        parse(r#"constructor = "x" and type = "a""#)
            .root()
            .children
            .len(),
        1
    );
    assert_eq!(
        error(r#"toString (type = "a")"#),
        SubscriptionErrorKind::NoClause
    );
    assert_eq!(parse(r#"foo (type = "a")"#).root().children.len(), 1);
    // A bare `properties` reads the key `properties` inside the properties.
    assert_eq!(
        only_clause(r#"properties = "x""#).target(),
        &prop("properties")
    );
    assert!(matches(
        r#"properties = "x""#,
        json!({"properties": {"properties": "x"}})
    ));
}

#[test]
fn the_clause_table() {
    let c = only_clause;
    let text = |s: &str| Some(Literal::from(s));
    // (written, operator, value)
    let rows: Vec<(&str, Operator, Option<Literal>)> = vec![
        (r#"event = "s""#, Operator::Equals, text("s")),
        (r#"userId != "s""#, Operator::NotEquals, text("s")),
        (
            "properties.p = 5",
            Operator::NumberEquals,
            Some(Literal::Number(5.0)),
        ),
        (
            "traits.p != 5",
            Operator::NumberNotEquals,
            Some(Literal::Number(5.0)),
        ),
        ("event = 5", Operator::Equals, text("5")),
        ("userId != 5", Operator::NotEquals, text("5")),
        (
            "properties.p < 5",
            Operator::LessThan,
            Some(Literal::Number(5.0)),
        ),
        (
            "context.p >= 5",
            Operator::GreaterThanOrEqual,
            Some(Literal::Number(5.0)),
        ),
        ("event < 5", Operator::LessThan, text("5")),
        (r#"properties.p > "10""#, Operator::GreaterThan, text("10")),
        ("properties.p = true", Operator::IsTrue, None),
        ("properties.p = false", Operator::IsFalse, None),
        ("event = true", Operator::Equals, text("true")),
        ("name = false", Operator::Equals, text("false")),
        ("userId = true", Operator::IsTrue, None),
        ("userId = false", Operator::IsFalse, None),
        (r#"properties.p = "true""#, Operator::Equals, text("true")),
        ("event != true", Operator::NotEquals, text("true")),
        ("userId != true", Operator::NotEquals, text("true")),
        (
            "properties.p != true",
            Operator::NotEquals,
            Some(Literal::Bool(true)),
        ),
        ("type = null", Operator::Equals, text("null")),
        ("event = null", Operator::Equals, text("null")),
        ("name = null", Operator::NotExists, None),
        ("userId = null", Operator::NotExists, None),
        ("properties.p = null", Operator::NotExists, None),
        ("type != null", Operator::NotEquals, text("null")),
        ("name != null", Operator::Exists, None),
        ("userId != null", Operator::Exists, None),
        ("traits.p != null", Operator::Exists, None),
        (r#"contains(event, "s")"#, Operator::Contains, text("s")),
        (r#"!contains(name, "s")"#, Operator::NotContains, text("s")),
        (r#"contains(userId, 5)"#, Operator::Contains, text("5")),
        (
            r#"contains(properties.p, true)"#,
            Operator::Contains,
            text("true"),
        ),
        (r#"match(event, "s*")"#, Operator::StartsWith, text("s")),
        (
            r#"!match(traits.p, "s*")"#,
            Operator::NotStartsWith,
            text("s"),
        ),
        (r#"match(context.p, "*s")"#, Operator::EndsWith, text("s")),
        (r#"!match(userId, "*s")"#, Operator::NotEndsWith, text("s")),
        ("event = word", Operator::Equals, text("word")),
        ("type = ", Operator::Equals, text("eos")),
    ];
    for (written, operator, value) in rows {
        let clause = c(written);
        assert_eq!(clause.operator(), &operator, "{written}");
        assert_eq!(clause.value(), value.as_ref(), "{written}");
    }
    // `contains(type, …)` is dropped; so `!match(type, …)`.
    assert_eq!(
        error(r#"contains(type, "tr")"#),
        SubscriptionErrorKind::NoClause
    );
    assert_eq!(
        error(r#"!match(type, "tr*")"#),
        SubscriptionErrorKind::NoClause
    );
}

#[test]
fn a_number_for_a_text_field_is_text_and_for_a_path_is_numeric() {
    let track = |event: Value| json!({"type": "track", "event": event, "userId": event, "properties": {"p": event}});
    assert!(matches("event = 5", track(json!("5"))));
    assert!(!matches("event = 5", track(json!(5))));
    assert!(matches("userId = 007", track(json!("7"))));
    assert!(matches("properties.p = 5", track(json!(5))));
    assert!(!matches("properties.p = 5", track(json!("5"))));
    // `X < 5` compares a string field numerically: never true for a string.
    assert!(!matches("event < 5", track(json!("1"))));
    // A quoted number on a path is still compared numerically.
    assert!(matches(r#"properties.p > "10""#, track(json!(11))));
    assert!(!matches(r#"properties.p > "10""#, track(json!("11"))));
}

#[test]
fn true_false_and_null() {
    let e =
        |v: Value| json!({"type": v, "event": v, "name": v, "userId": v, "properties": {"p": v}});
    assert!(matches("properties.p = true", e(json!(true))));
    assert!(!matches("properties.p = true", e(json!("true"))));
    assert!(matches(r#"properties.p = "true""#, e(json!("true"))));
    assert!(matches("event = true", e(json!("true"))));
    assert!(!matches("event = true", e(json!(true))));
    assert!(matches("userId = true", e(json!(true))));
    // `!= true` on a path keeps the boolean, compared as the text "true".
    assert!(!matches("properties.p != true", e(json!("true"))));
    assert!(matches("properties.p != true", e(json!(true))));
    // `null`: the text "null" for type and event, presence for the others.
    assert!(matches("type = null", e(json!("null"))));
    assert!(!matches("type = null", json!({})));
    assert!(matches("event != null", json!({})));
    assert!(matches("name = null", json!({})));
    assert!(matches("userId = null", e(json!(null))));
    assert!(matches("properties.p != null", e(json!(0))));
}

#[test]
fn match_means_starts_with_only_with_a_trailing_star() {
    let ends = only_clause(r#"match(event, "abc")"#);
    assert_eq!(
        (ends.operator(), ends.value()),
        (&Operator::EndsWith, Some(&Literal::from("bc")))
    );
    assert!(matches(r#"match(event, "abc")"#, json!({"event": "xbc"})));
    let both = only_clause(r#"match(event, "*a*")"#);
    assert_eq!(
        (both.operator(), both.value()),
        (&Operator::StartsWith, Some(&Literal::from("*a")))
    );
    let inner = only_clause(r#"match(event, "a*c")"#);
    assert_eq!(
        (inner.operator(), inner.value()),
        (&Operator::EndsWith, Some(&Literal::from("*c")))
    );
    assert!(matches(r#"match(event, "a*c")"#, json!({"event": "x*c"})));
    assert!(!matches(r#"match(event, "a*c")"#, json!({"event": "abc"})));
    // The first UTF-16 unit is dropped: for an emoji, half of it, which still matches the
    // other half of the same emoji.
    let emoji = r#"match(event, "😀x")"#;
    assert!(matches(emoji, json!({"event": "😀x"})));
    assert!(!matches(emoji, json!({"event": "😁x"})));
    assert!(!matches(emoji, json!({"event": "x"})));
    assert_eq!(parse(emoji).to_string(), "match(event, \"*\u{fffd}x\")");
    // A single-quoted pattern never ends with `*"`: ends_with its text minus the quote.
    let single = only_clause("match(event, 'ab*')");
    assert_eq!(
        (single.operator(), single.value()),
        (&Operator::EndsWith, Some(&Literal::from("ab*'")))
    );
}

#[test]
fn an_unquoted_value_is_one_word() {
    let s = parse("event = Signed Out");
    assert_eq!(s.root().children.len(), 1);
    assert!(s.matches(&json!({"event": "Signed"})));
    assert!(!s.matches(&json!({"event": "Signed Out"})));
}

#[test]
fn any_token_after_a_field_is_its_operator() {
    assert!(matches(r#"event starts_with "x""#, json!({"event": "xy"})));
    assert!(matches(r#"event contains "y""#, json!({"event": "xyz"})));
    // `exists` takes the next token as its value, here the `or`, which then joins nothing.
    let s = parse(r#"properties.a exists or type = "t""#);
    assert_eq!(s.root().conditional, Conditional::And);
    assert_eq!(
        s.root().clauses().next().unwrap().value(),
        Some(&Literal::from("or"))
    );
    assert!(!s.matches(&json!({"type": "t"})));
    assert!(s.matches(&json!({"type": "t", "properties": {"a": 1}})));
    // An operator the reference does not know never matches, whatever the event.
    let other = parse(r#"event is "x""#);
    assert_eq!(
        other.root().clauses().next().unwrap().operator(),
        &Operator::Other("is".into())
    );
    assert!(!other.matches(&json!({"event": "x"})));
}

#[test]
fn the_lexer_loses_the_end_of_a_last_word_after_a_or_n() {
    assert_eq!(only_clause("event = an").value(), Some(&Literal::from("a")));
    assert_eq!(
        only_clause("event = nul").value(),
        Some(&Literal::from("n"))
    );
    assert_eq!(
        only_clause("event = an ").value(),
        Some(&Literal::from("an"))
    );
    assert_eq!(
        only_clause("event = ox").value(),
        Some(&Literal::from("ox"))
    );
}

#[test]
fn a_closing_quote_glued_to_a_word_opens_the_next_string() {
    // `"and type = "` is read as a string, ignored at the top level.
    let s = parse(r#"event = "x"and type = "y""#);
    assert_eq!(s.root().children.len(), 1);
    assert!(s.matches(&json!({"event": "x", "type": "z"})));
    assert_eq!(
        error(r#"event = "x"="#),
        SubscriptionErrorKind::UnterminatedString
    );
}

// ---------------------------------------------------------------------------------------------
// A.3 Combining clauses.

#[test]
fn the_last_conditional_of_a_group_joins_all_its_clauses() {
    let abc = parse(r#"type = "a" and type = "b" or type = "c""#);
    assert_eq!(abc.root().conditional, Conditional::Or);
    assert_eq!(abc.root().children.len(), 3);
    assert!(abc.matches(&json!({"type": "a"})));
    let cba = parse(r#"type = "a" or type = "b" and type = "c""#);
    assert_eq!(cba.root().conditional, Conditional::And);
    assert!(!cba.matches(&json!({"type": "a"})));
}

#[test]
fn parentheses_make_one_level_of_groups() {
    let s = parse(r#"type = "track" and (event = "A" or event = "B")"#);
    let Node::Group(inner) = &s.root().children[1] else {
        panic!("{s:?}")
    };
    assert_eq!(inner.conditional, Conditional::Or);
    assert!(s.matches(&json!({"type": "track", "event": "B"})));
    assert!(!s.matches(&json!({"type": "page", "event": "B"})));
    // Two groups joined.
    let two = parse(r#"(event = "A" and type = "t") or (event = "B" and type = "u")"#);
    assert!(two.matches(&json!({"event": "B", "type": "u"})));
    assert!(!two.matches(&json!({"event": "B", "type": "t"})));
    // A group ends at its first `)`: parentheses cannot nest.
    assert_eq!(
        error(r#"((type = "a"))"#),
        SubscriptionErrorKind::UnclosedParenthesis
    );
    assert_eq!(
        error(r#"(type = "a""#),
        SubscriptionErrorKind::UnclosedParenthesis
    );
    // A group of one clause is that clause; the top is always a group.
    assert_eq!(
        parse(r#"(type = "a") and event = "b""#)
            .root()
            .children
            .len(),
        2
    );
    assert_eq!(
        parse(r#"(type = "a" or event = "b")"#).root().conditional,
        Conditional::Or
    );
    assert_eq!(parse(r#"type = "a""#).root().conditional, Conditional::And);
}

#[test]
fn a_function_inside_parentheses_ends_the_group() {
    // `(` … `contains(…)`'s own `)` is the group; `or event = "B"` is read outside it, and its
    // `or` becomes the outer group's conditional.
    let s = parse(r#"type = "track" and (contains(event, "A") or event = "B")"#);
    assert_eq!(s.root().conditional, Conditional::Or);
    assert_eq!(s.root().children.len(), 3);
    assert!(s.matches(&json!({"type": "page", "event": "B"})));
}

#[test]
fn negation_before_anything_but_a_function_is_ignored() {
    assert_eq!(parse(r#"!(type = "a")"#), parse(r#"type = "a""#));
    assert_eq!(parse(r#"!type = "a""#), parse(r#"type = "a""#));
    assert!(!matches(r#"!(type = "a")"#, json!({"type": "b"})));
}

#[test]
fn extra_conditionals_are_ignored_and_missing_ones_default_to_the_group() {
    assert_eq!(parse(r#"event = "x" and"#), parse(r#"event = "x""#));
    assert_eq!(
        parse(r#"or event = "x" type = "t""#).root().conditional,
        Conditional::Or
    );
    // One clause is a one-child `and` group whatever conditional was written.
    assert_eq!(
        parse(r#"or event = "x""#).root().conditional,
        Conditional::And
    );
    let siblings = parse(r#"event = "x" type = "t""#);
    assert_eq!(siblings.root().conditional, Conditional::And);
    assert_eq!(siblings.root().children.len(), 2);
}

#[test]
fn an_empty_group_throws_when_evaluation_reaches_it() {
    let s = parse(r#"() and type = "a""#);
    assert_eq!(s.root().children[0], Node::EmptyGroup);
    assert_eq!(
        s.evaluate(&json!({"type": "a"})),
        Err(EvaluationError::EmptyGroup)
    );
    assert!(!s.matches(&json!({"type": "a"})));
    // Short-circuited, as `every` and `some` do.
    let later = parse(r#"type = "a" and (anonymousId = "x")"#);
    assert_eq!(later.evaluate(&json!({"type": "b"})), Ok(false));
    assert_eq!(
        later.evaluate(&json!({"type": "a"})),
        Err(EvaluationError::EmptyGroup)
    );
    let or = parse(r#"type = "a" or ()"#);
    assert_eq!(or.evaluate(&json!({"type": "a"})), Ok(true));
    assert_eq!(error("()"), SubscriptionErrorKind::NoClause);
}

// ---------------------------------------------------------------------------------------------
// A.4 Evaluation.

#[test]
fn paths_are_looked_up_as_javascript_does() {
    // A falsy value stops the walk and is the result.
    assert!(matches(
        "properties.a.b = 0",
        json!({"properties": {"a": 0}})
    ));
    assert!(matches(
        r#"properties.a.b = """#,
        json!({"properties": {"a": ""}})
    ));
    assert!(matches(
        "properties.a.b = false",
        json!({"properties": {"a": false}})
    ));
    // A key holding a dot cannot be reached.
    assert!(!matches(
        r"properties.a\.b = 1",
        json!({"properties": {"a.b": 1}})
    ));
    assert!(matches(
        r"properties.a\.b = 1",
        json!({"properties": {"a": {"b": 1}}})
    ));
    // Strings and arrays have a length and indexes (in UTF-16 units).
    assert!(matches(
        "properties.items.length >= 2",
        json!({"properties": {"items": [1, 2]}})
    ));
    assert!(matches(
        "properties.s.length = 2",
        json!({"properties": {"s": "😀"}})
    ));
    assert!(matches(
        r#"properties.s\[1\] = "b""#,
        json!({"properties": {"s": "abc"}})
    ));
    assert!(!matches(
        "properties.items.01 != null",
        json!({"properties": {"items": [1, 2]}})
    ));
    // A method every object has exists (JavaScript finds it on the prototype).
    assert!(matches(
        "properties.constructor != null",
        json!({"properties": {}})
    ));
    assert!(matches(
        "properties.a.push != null",
        json!({"properties": {"a": []}})
    ));
    assert!(!matches(
        "properties.a.push != null",
        json!({"properties": {"a": {}}})
    ));
    assert!(matches(
        "properties.__proto__.__proto__ = null",
        json!({"properties": {}})
    ));
    // An own key wins.
    assert!(matches(
        "properties.constructor = 5",
        json!({"properties": {"constructor": 5}})
    ));
    // A path of separators only makes the reference throw.
    let s = parse(r"properties.\[ = 1");
    assert_eq!(
        s.evaluate(&json!({"properties": {}})),
        Err(EvaluationError::PathWithoutKeys("[".into()))
    );
    // An empty path is undefined without looking.
    assert!(matches(
        r"properties\. = null",
        json!({"properties": {"": 1}})
    ));
}

#[test]
fn equals_needs_the_same_string() {
    assert!(matches(
        r#"properties.v = "123""#,
        json!({"properties": {"v": "123"}})
    ));
    assert!(!matches(
        r#"properties.v = "123""#,
        json!({"properties": {"v": 123}})
    ));
    assert!(!matches(
        r#"event = "Signed out""#,
        json!({"event": "Signed Out"})
    ));
    assert!(!matches(r#"event = "a""#, json!({"event": " a"})));
}

#[test]
fn not_equals_is_true_for_anything_but_that_string() {
    let s = parse(r#"type = "track" and event != "Signed Out""#);
    assert!(s.matches(&json!({"type": "track"})));
    assert!(s.matches(&json!({"type": "track", "event": null})));
    assert!(s.matches(&json!({"type": "track", "event": 5})));
    assert!(!s.matches(&json!({"type": "track", "event": "Signed Out"})));
}

#[test]
fn numeric_operators_need_a_json_number() {
    for (text, hit, miss) in [
        ("properties.v = 123", json!(123), json!("123")),
        ("properties.v != 456", json!(123), json!("123")),
        ("properties.v < 10", json!(5), json!("5")),
        ("properties.v <= 10", json!(10), json!("10")),
        ("properties.v > 10", json!(11), json!("11")),
        ("properties.v >= 10", json!(10), json!(null)),
    ] {
        assert!(matches(text, json!({"properties": {"v": hit}})), "{text}");
        assert!(!matches(text, json!({"properties": {"v": miss}})), "{text}");
    }
    assert!(!matches("properties.v != 456", json!({"properties": {}})));
    // The expected value is converted as JavaScript's Number does, for numeric operators only.
    assert!(matches(
        r#"properties.v < " 0x1F ""#,
        json!({"properties": {"v": 30}})
    ));
    assert!(!matches(
        r#"properties.v < " 0x1F ""#,
        json!({"properties": {"v": 31}})
    ));
    assert!(!matches(
        r#"properties.v = " 0x1F ""#,
        json!({"properties": {"v": 31}})
    ));
    assert!(matches(
        r#"properties.v = " 0x1F ""#,
        json!({"properties": {"v": " 0x1F "}})
    ));
}

#[test]
fn text_operators_need_a_string_negated_or_not() {
    let e = |v: Value| json!({"event": v});
    assert!(matches(r#"contains(event, "b")"#, e(json!("abc"))));
    assert!(!matches(r#"contains(event, "B")"#, e(json!("abc"))));
    assert!(!matches(
        r#"contains(properties.a, "b")"#,
        json!({"properties": {"a": ["b"]}})
    ));
    for text in [
        r#"!contains(event, "b")"#,
        r#"!match(event, "b*")"#,
        r#"!match(event, "*b")"#,
    ] {
        assert!(!matches(text, json!({})), "{text}");
        assert!(!matches(text, e(json!(5))), "{text}");
        assert!(matches(text, e(json!("xyz"))), "{text}");
    }
    assert!(matches(r#"match(event, "Nik*")"#, e(json!("Nike Air"))));
    assert!(matches(r#"match(event, "*Air")"#, e(json!("Nike Air"))));
}

#[test]
fn exists_and_booleans() {
    for v in [json!(""), json!(0), json!(false), json!([]), json!({})] {
        assert!(
            matches("properties.v != null", json!({"properties": {"v": v}})),
            "{v}"
        );
    }
    assert!(!matches(
        "properties.v != null",
        json!({"properties": {"v": null}})
    ));
    assert!(matches("properties.v = null", json!({"properties": {}})));
    assert!(!matches(
        "properties.v = false",
        json!({"properties": {"v": "false"}})
    ));
    assert!(!matches(
        "properties.v = false",
        json!({"properties": {"v": 0}})
    ));
}

#[test]
fn events_that_are_not_objects_never_match() {
    let s = parse(r#"event != "x""#);
    for event in [json!(null), json!("track"), json!([1]), json!(5)] {
        assert!(!s.matches(&event), "{event}");
        assert_eq!(s.evaluate(&event), Ok(false));
    }
    assert!(s.matches(&json!({})));
}

// ---------------------------------------------------------------------------------------------
// A.5 Text out.

#[test]
fn display_follows_generate_fql() {
    for (text, canonical) in [
        ("type='track'", r#"type = "'track'""#),
        ("properties.v = 456.0", "properties.v = 456"),
        ("properties.v = 007", "properties.v = 7"),
        (r#"properties.v > "10""#, "properties.v > 10"),
        ("properties.v < abc", "properties.v < NaN"),
        ("properties.v != null", "properties.v != null"),
        ("userId = true", "userId = true"),
        ("properties.v != false", "properties.v != false"),
        ("event = 5", r#"event = "5""#),
        (r#"contains(event,"x")"#, r#"contains(event, "x")"#),
        (r#"match(traits.v, "ab")"#, r#"match(traits.v, "*b")"#),
        (r#"!match(traits.v, "ab*")"#, r#"!match(traits.v, "ab*")"#),
        (
            r"properties.product\ 1.\é\[0\] = 1",
            r"properties.product\ 1.\é\[0\] = 1",
        ),
        (
            r#"(type = "a" or type = "b")"#,
            r#"type = "a" or type = "b""#,
        ),
        (
            r#"(type = "a" or type = "b") and event = "c""#,
            r#"(type = "a" or type = "b") and event = "c""#,
        ),
        (
            r#"type = "a" and (contains(event, "x") or event = "y")"#,
            r#"type = "a" or contains(event, "x") or event = "y""#,
        ),
        (
            "properties.v = 100000000000000000000000",
            "properties.v = 1e+23",
        ),
        ("properties.v = 0.0000001", "properties.v = 1e-7"),
        ("properties.v exists 1", "properties.v != null"),
        ("event is \"x\"", "event is \"x\""),
        ("event = (", "event = \"(\""),
        (r#"() or type = "a""#, r#"() or type = "a""#),
    ] {
        assert_eq!(parse(text).to_string(), canonical, "{text}");
    }
}

#[test]
fn display_reads_back_as_the_same_tree_where_the_reference_can_write_it() {
    for text in [
        r#"type = "track" and event != "Signed Out""#,
        "event = 'x'",
        r#"type = "a" and (event = "b" or contains(properties.c, "d")) and userId != null"#,
        r"properties.product\ 1.price >= 10.5 or traits.\[x\] = false",
        r#"match(event, "*X") or !match(name, "Y*") or !contains(context.page.url, "?")"#,
        "properties.a = -1.5 or properties.b != 3 or properties.c <= -0",
        r#"properties.v != true or properties.w != "true""#,
        r#"() or event = "x""#,
    ] {
        let first = parse(text);
        let again = parse(&first.to_string());
        assert_eq!(again, first, "{text} → {first}");
    }
}

/// Trees the reference's own generator writes as text that reads back as something else.
#[test]
fn display_where_the_text_reads_back_differently() {
    let reread = |s: &Subscription| Subscription::parse(&s.to_string());
    // A value holding `"` ends its string early.
    let quote = parse(r#"event = 'say "hi"'"#);
    assert_eq!(quote.to_string(), r#"event = "'say "hi"'""#);
    let reread_quote = reread(&quote).unwrap();
    assert_eq!(
        reread_quote.root().clauses().next().unwrap().value(),
        Some(&Literal::from("'say "))
    );
    // Half an emoji is written as U+FFFD, which reads back as a whole character.
    let emoji = parse(r#"match(event, "😀x")"#);
    assert_eq!(emoji.to_string(), "match(event, \"*\u{fffd}x\")");
    assert_ne!(reread(&emoji).unwrap(), emoji);
    assert!(reread(&emoji)
        .unwrap()
        .matches(&json!({"event": "\u{fffd}x"})));
    // Numbers printed with an exponent, or NaN, are not number tokens.
    assert!(reread(&parse("properties.v = 100000000000000000000000")).is_err());
    let nan = parse("properties.v = -");
    assert_eq!(nan.to_string(), "properties.v = NaN");
    assert_eq!(
        reread(&nan)
            .unwrap()
            .root()
            .clauses()
            .next()
            .unwrap()
            .operator(),
        &Operator::Equals
    );
    // Path segments that are keywords, numbers, or empty break the path.
    for text in [
        r"properties.\or = 1",
        r"properties.a.\0 = 1",
        r"properties.a\.\.b = 1",
        r"properties.\-x = 1",
    ] {
        let s = parse(text);
        assert_ne!(reread(&s).ok(), Some(s.clone()), "{text} → {s}");
    }
    // An ends_with value ending in `*` is written `"*v*"`, which reads as starts_with.
    let star = Subscription::from(Group::and([Clause::new(
        Target::Event,
        Operator::EndsWith,
        "a*",
    )]));
    assert_eq!(star.to_string(), r#"match(event, "*a*")"#);
    assert_eq!(
        reread(&star)
            .unwrap()
            .root()
            .clauses()
            .next()
            .unwrap()
            .operator(),
        &Operator::StartsWith
    );
    // An empty one is written `"*"`: starts_with "", which tests the same.
    let empty = Subscription::from(Group::and([Clause::new(
        Target::Event,
        Operator::EndsWith,
        "",
    )]));
    assert_eq!(empty.to_string(), r#"match(event, "*")"#);
    assert_eq!(
        reread(&empty)
            .unwrap()
            .root()
            .clauses()
            .next()
            .unwrap()
            .operator(),
        &Operator::StartsWith
    );
    // Operator words and values beside `exists` are written in canonical form.
    let word = parse("properties.v contains 5");
    assert_eq!(word.to_string(), "contains(properties.v, 5)");
    assert_ne!(reread(&word).unwrap(), word);
    // Trees the parser cannot produce: deep nesting, one-child groups.
    let clause = |v: &str| Clause::new(Target::Event, Operator::Equals, v);
    let deep = Subscription::from(Group::and([
        Node::from(clause("a")),
        Node::Group(Group::or([
            Node::from(clause("b")),
            Node::Group(Group::and([clause("c"), clause("d")])),
        ])),
    ]));
    assert_eq!(
        deep.to_string(),
        r#"event = "a" and (event = "b" or (event = "c" and event = "d"))"#
    );
    assert!(reread(&deep).is_err());
    let single = Subscription::from(Group::or([clause("a")]));
    assert_eq!(single.to_string(), r#"event = "a""#);
    assert_eq!(
        reread(&single).unwrap(),
        Subscription::from(Group::and([clause("a")]))
    );
    // A sub-group with contains() before its last child: the group ends at contains()'s `)`.
    let early = Subscription::from(Group::and([
        Node::from(clause("a")),
        Node::Group(Group::or([
            Clause::new(Target::Event, Operator::Contains, "b"),
            clause("c"),
        ])),
    ]));
    assert_eq!(
        early.to_string(),
        r#"event = "a" and (contains(event, "b") or event = "c")"#
    );
    assert_eq!(reread(&early).unwrap().root().conditional, Conditional::Or);
}

// ---------------------------------------------------------------------------------------------
// Text in configurations.

#[test]
fn serde_keeps_the_text_it_was_read_from() {
    let text = r#"type='track'  and event != "Signed Out""#;
    let s: Subscription = serde_json::from_value(json!(text)).unwrap();
    assert_eq!(serde_json::to_value(&s).unwrap(), json!(text));
    assert_eq!(s.source(), Some(text));
    let built = Subscription::from(Group::and([Clause::new(
        Target::EventType,
        Operator::Equals,
        "track",
    )]));
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!(r#"type = "track""#)
    );
    assert_eq!(built.source(), None);
    let err = serde_json::from_value::<Subscription>(json!("typo")).unwrap_err();
    assert!(err.to_string().starts_with("no clause"), "{err}");
    assert_eq!(text.parse::<Subscription>().unwrap(), s);
}

#[test]
fn errors_say_what_and_where() {
    let err = Subscription::parse(r#"type = "track" and event ="x" and (a"#).unwrap_err();
    assert_eq!(err.span(), 34..35);
    assert_eq!(
        err.to_string(),
        "`(` without a `)` in its group (parentheses cannot nest) at byte 34"
    );
    let err = Subscription::parse("event = \"abc").unwrap_err();
    assert_eq!(err.span(), 8..12);
    let err = Subscription::parse("contains(event").unwrap_err();
    assert_eq!(
        err.kind(),
        &SubscriptionErrorKind::MissingArgument {
            function: "contains",
            position: 2
        }
    );
    assert_eq!(
        err.to_string(),
        "contains() is missing a 2nd argument at byte 0"
    );
    fn send_sync<T: Send + Sync + std::error::Error>() {}
    send_sync::<SubscriptionError>();
    send_sync::<EvaluationError>();
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<Subscription>();
}

// ---------------------------------------------------------------------------------------------
// Lints.

fn lint_of(text: &str, kind: LintKind) -> Lint {
    parse(text)
        .lint()
        .into_iter()
        .find(|l| l.kind() == kind)
        .unwrap_or_else(|| panic!("{text}: no {kind:?} in {:?}", parse(text).lint()))
}

fn span_text(text: &str, span: Option<Range<usize>>) -> &str {
    &text[span.unwrap()]
}

#[test]
fn lint_mixed_conditionals_says_which_wins_and_what_it_means() {
    let text = r#"type = "track" and event = "A" or event = "B""#;
    let lint = lint_of(text, LintKind::MixedConditionals);
    assert_eq!(span_text(text, lint.span()), text);
    assert_eq!(
        lint.to_string(),
        r#"`and` and `or` are mixed without parentheses, and there is no precedence: the last one, `or`, joins all 3 clauses of this group, which matches when any one of them holds: type = "track" or event = "A" or event = "B""#
    );
    let grouped = r#"type = "t" and (event = "A" or event = "B" and name = "C")"#;
    let lint = lint_of(grouped, LintKind::MixedConditionals);
    assert_eq!(
        span_text(grouped, lint.span()),
        r#"(event = "A" or event = "B" and name = "C")"#
    );
    assert!(
        lint.to_string()
            .contains("the last one, `and`, joins all 3 clauses"),
        "{lint}"
    );
    assert!(
        !codes(r#"type = "t" and (event = "A" or event = "B")"#).contains(&"mixed_conditionals")
    );
}

#[test]
fn lints_point_at_the_text_they_are_about() {
    for (text, kind, at, says) in [
        (
            r#"type = "t" and anonymousId = "x""#,
            LintKind::DroppedClause,
            "anonymousId",
            "skips it",
        ),
        (
            r#"contains(type, "t") or event = "x""#,
            LintKind::DroppedClause,
            r#"contains(type, "t")"#,
            "drops this clause",
        ),
        (
            "event = 'x'",
            LintKind::SingleQuoted,
            "'x'",
            "3-character text 'x'",
        ),
        (
            r#"match(event, "abc")"#,
            LintKind::MatchWithoutStar,
            r#""abc""#,
            r#"ends_with "bc""#,
        ),
        (
            r#"event != "x""#,
            LintKind::NotEqualsMatchesMissing,
            r#"event != "x""#,
            "missing",
        ),
        ("event = 5", LintKind::LiteralAsText, "5", r#"the text "5""#),
        (
            "userId = 5",
            LintKind::LiteralAsText,
            "5",
            r#"the text "5""#,
        ),
        (
            "properties.x = 5",
            LintKind::NumericOnly,
            "properties.x = 5",
            r#"never the string "5""#,
        ),
        (
            r#"!(type = "t")"#,
            LintKind::NegationIgnored,
            "!",
            "ignored",
        ),
        (
            "event = Signed Out",
            LintKind::BareWord,
            "Signed",
            r#""Signed""#,
        ),
        (
            r#"properties.a exists or type = "t""#,
            LintKind::WordOperator,
            "exists",
            "takes `or`",
        ),
        (
            r#"type = "t" and ()"#,
            LintKind::EmptyGroup,
            "()",
            "TypeError",
        ),
        ("event = an", LintKind::TruncatedWord, "an", "reads as `a`"),
        (
            "properties.a <=5",
            LintKind::OperatorNeedsSpace,
            "<=",
            r#"compared with "=""#,
        ),
        (
            r#"event = "A"or event = "B""#,
            LintKind::QuoteReopens,
            "\"",
            "opens the next string",
        ),
        (
            r#"type = "t" and (contains(event, "A") or event = "B")"#,
            LintKind::GroupEndsEarly,
            r#"(contains(event, "A")"#,
            "outside the group",
        ),
        (
            "properties.items.0 = 1",
            LintKind::UnknownOperator,
            "properties.items.0",
            "never matches",
        ),
        (
            r#"type.x = "t""#,
            LintKind::IgnoredPath,
            "type.x",
            "tests `type`",
        ),
    ] {
        let lint = lint_of(text, kind);
        assert_eq!(span_text(text, lint.span()), at, "{text}: {lint}");
        assert!(lint.to_string().contains(says), "{text}: {lint}");
    }
}

#[test]
fn plain_conditions_earn_no_lint() {
    for text in [
        r#"type = "identify""#,
        r#"type = "track" and event = "Signed Out""#,
        r#"type = "track" and (event = "A" or event = "B")"#,
        r#"contains(event, "Nike") and match(properties.sku, "NK-*")"#,
        "properties.price >= 100 and traits.vip = true and userId != null",
    ] {
        assert_eq!(parse(text).lint(), vec![], "{text}");
    }
}

#[test]
fn built_trees_get_the_lints_that_need_no_text() {
    let s = Subscription::from(Group::and([
        Node::from(Clause::new(Target::Event, Operator::NotEquals, "x")),
        Node::from(Clause::new(Target::Event, Operator::LessThan, 5.0)),
        Node::EmptyGroup,
    ]));
    let kinds: Vec<_> = s.lint().iter().map(|l| (l.kind(), l.span())).collect();
    assert_eq!(
        kinds,
        [
            (LintKind::NotEqualsMatchesMissing, None),
            (LintKind::NumberOnText, None),
            (LintKind::EmptyGroup, None)
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Properties.

/// Trees the language can write and read back: text values without `"`, numbers JavaScript
/// prints without an exponent, paths of plain keys, one level of groups whose functions come
/// last.
fn plain_clause() -> impl Strategy<Value = Clause> {
    let path = prop::collection::vec(
        select(vec!["a", "b2", "total", "sku_id", "x-y", "name"]),
        1..3,
    )
    .prop_map(|keys| Path::new(keys.join(".")));
    let target = prop_oneof![
        Just(Target::EventType),
        Just(Target::Event),
        Just(Target::Name),
        Just(Target::UserId),
        path.clone().prop_map(Target::Property),
        path.clone().prop_map(Target::Trait),
        path.prop_map(Target::Context),
    ];
    let text =
        select(vec!["x", "Order Completed", "", "a b", "'q'", "é😀", "*"]).prop_map(str::to_owned);
    let number = prop_oneof![
        (-1000i32..1000).prop_map(f64::from),
        select(vec![0.5, -2.25, 10.125])
    ];
    (target, 0usize..12, text, number).prop_map(|(target, op, text, number)| {
        let is_path = target.path().is_some();
        // contains() and match() cannot test `type`.
        let op = if target == Target::EventType && (2..=5).contains(&op) {
            0
        } else {
            op
        };
        match (op, is_path) {
            (0, _) => Clause::new(target, Operator::Equals, text),
            (1, _) => Clause::new(target, Operator::NotEquals, text),
            (2, _) => Clause::new(target, Operator::Contains, text),
            (3, _) => Clause::new(target, Operator::NotContains, text),
            (4, _) => Clause::new(target, Operator::StartsWith, text.replace('*', "")),
            (5, _) => {
                let text = text.trim_end_matches('*');
                Clause::new(
                    target,
                    Operator::NotEndsWith,
                    if text.is_empty() { "z" } else { text },
                )
            }
            (6, _) if !matches!(target, Target::EventType | Target::Event) => {
                Clause::without_value(target, Operator::Exists)
            }
            (7, _) if !matches!(target, Target::EventType | Target::Event) => {
                Clause::without_value(target, Operator::NotExists)
            }
            (8, true) => Clause::new(target, Operator::NumberEquals, number),
            (9, true) => Clause::new(target, Operator::GreaterThanOrEqual, number),
            (10, true) => Clause::without_value(target, Operator::IsFalse),
            (11, true) => Clause::new(target, Operator::NotEquals, true),
            _ => Clause::new(target, Operator::Equals, text),
        }
    })
}

fn plain_tree() -> impl Strategy<Value = Group> {
    let conditional = prop_oneof![Just(Conditional::And), Just(Conditional::Or)];
    let sub_group = (
        conditional.clone(),
        prop::collection::vec(plain_clause(), 2..4),
    )
        .prop_map(|(c, mut clauses)| {
            // A function ends a group early unless it is the group's last child (and only one).
            let functions = |c: &Clause| {
                matches!(
                    c.operator(),
                    Operator::Contains
                        | Operator::NotContains
                        | Operator::StartsWith
                        | Operator::NotEndsWith
                )
            };
            clauses.sort_by_key(functions);
            let last = clauses.len() - 1;
            let children = clauses.into_iter().enumerate().map(|(i, clause)| {
                if i < last && functions(&clause) {
                    Node::from(Clause::new(clause.target().clone(), Operator::Equals, "x"))
                } else {
                    Node::from(clause)
                }
            });
            Group::new(c, children.collect())
        });
    let child =
        prop_oneof![3 => plain_clause().prop_map(Node::from), 1 => sub_group.prop_map(Node::Group)];
    (conditional, prop::collection::vec(child, 2..5))
        .prop_map(|(c, children)| Group::new(c, children))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn written_trees_read_back_equal(tree in plain_tree()) {
        let s = Subscription::from(tree);
        let text = s.to_string();
        let again = Subscription::parse(&text);
        prop_assert!(again.is_ok(), "{}: {:?}", text, again);
        prop_assert_eq!(again.unwrap(), s, "{}", text);
    }

    #[test]
    fn any_text_parses_or_fails_without_panicking(text in "[a-z\"'()!=<> .,\\\\*0-9\\-]{0,40}", event in event_json()) {
        if let Ok(s) = Subscription::parse(&text) {
            let _ = s.evaluate(&event);
            let _ = s.lint();
            let _ = Subscription::parse(&s.to_string());
        }
    }
}
