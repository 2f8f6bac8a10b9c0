//! Trigger conditions on Sprig's typed events: `Subscription::matches_event` on a `SourceEvent`
//! gives the answer `matches` gives on the event's JSON. The condition language itself (parsing,
//! evaluation on raw JSON, text written back, lints, the reference's own cases) is tested in the
//! `actions-runtime` crate's `tests/subscription.rs`.

mod common;
#[path = "../actions-runtime/tests/strategies/mod.rs"]
mod strategies;

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value};
use sprig_events::destination::Subscription;
use sprig_events::{parse_batch, parse_source_event, SourceEvent};
use strategies::event_json;

fn parse(text: &str) -> Subscription {
    Subscription::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// Conditions over every field, every operator and the id quirks.
const CONDITIONS: &[&str] = &[
    r#"type = "identify""#,
    r#"type = "track" and event != "Signed Out""#,
    r#"type = "track" and event = "Signed Out""#,
    r#"type = "alias""#,
    r#"type != "page" and type != "screen""#,
    r#"contains(event, "Order") or match(event, "*ed")"#,
    r#"!contains(event, "Order")"#,
    r#"event = "42" or userId = "42" or userId = 42"#,
    r#"userId = "u1" or userId = "123" or userId = null"#,
    "userId != null and userId = true",
    r#"match(userId, "u*") or !match(userId, "*1")"#,
    r#"name = "Home" or name != null"#,
    r#"contains(name, "o") or match(name, "P*")"#,
    r#"name = null and type = "page""#,
    "properties.total > 10 or properties.price <= 5 or properties.revenue = 0",
    r#"properties.currency = "USD" or properties.currency != "EUR""#,
    r#"contains(properties.name, "Nike") or properties.products.length > 1"#,
    r#"properties.products\[0\].sku != null or properties.products.0 = 1"#,
    "properties.format exists or properties = null",
    r#"traits.email != null and contains(traits.email, "@")"#,
    r#"traits.plan = "pro" or traits.plan = 'pro' or traits.age >= 18"#,
    "traits.vip = true or traits.vip = false or traits = 1",
    r#"traits.address.city = "Berlin" or traits.name.length = 3"#,
    r#"context.ip != null or context.locale = "en-US""#,
    r#"contains(context.page.url, "https") or match(context.page.path, "/*")"#,
    r#"context.library.name = "analytics.js" or context.os.name = "iOS""#,
    r#"context.traits.email != null or context.app.version != null"#,
    "context.screen.width > 300 or context.device.type = null",
    r#"context.campaign.source = "google" or context.userAgent != null"#,
    r#"anonymousId = "x" or properties.constructor != null"#,
    r#"(type = "identify" or type = "group") and traits.name != null"#,
    r#"type = "track" and (contains(event, "A") or event = "B")"#,
    r#"properties.items.length = 0 or traits.tags\[1\] = "b""#,
    r#"() or type = "track""#,
];

fn assert_same_answers(label: &str, event: &SourceEvent) {
    let value = serde_json::to_value(event).unwrap();
    for text in CONDITIONS {
        let s = parse(text);
        assert_eq!(
            s.matches_event(event),
            s.matches(&value),
            "{label}: {text}\n{value}"
        );
    }
}

#[test]
fn typed_events_match_as_their_json_does_over_every_source_fixture() {
    let mut events = 0;
    let mut matched = 0;
    for path in common::fixtures("source") {
        let label = common::name(&path);
        let body = std::fs::read(&path).unwrap();
        let parsed = match serde_json::from_slice::<Value>(&body).unwrap().get("batch") {
            Some(_) => parse_batch(&body).unwrap(),
            None => vec![parse_source_event(&body).unwrap()],
        };
        for event in &parsed {
            assert_same_answers(&label, event);
            matched += CONDITIONS
                .iter()
                .filter(|t| parse(t).matches_event(event))
                .count();
            events += 1;
        }
    }
    assert!(events > 50, "{events}");
    // The conditions are not trivially false on the fixtures.
    assert!(matched > events, "{matched} of {events}");
}

#[test]
fn ids_that_came_as_numbers_are_text_in_the_typed_model() {
    let raw = json!({"type": "identify", "userId": 123});
    let typed = parse_source_event(raw.to_string().as_bytes()).unwrap();
    let s = parse(r#"userId = "123""#);
    assert!(s.matches_event(&typed));
    assert!(s.matches(&serde_json::to_value(&typed).unwrap()));
    assert!(!s.matches(&raw));
}

// ---------------------------------------------------------------------------------------------
// Properties.

/// Condition texts over the same vocabulary, most of them parseable.
fn condition_text() -> impl Strategy<Value = String> {
    let field = select(vec![
        "type",
        "event",
        "name",
        "userId",
        "properties.a",
        "properties.total",
        "properties.items.length",
        r"properties.items\[0\]",
        "traits.email",
        "traits.a.b",
        "context.ip",
        "context.page.url",
        "context.traits.a",
        "context.locale",
        "properties.constructor",
        "traits",
    ]);
    let op = select(vec!["=", "!=", "<", "<=", ">", ">=", "exists", "contains"]);
    let value = select(vec![
        r#""u1""#,
        r#""123""#,
        "123",
        "42",
        r#""Order Completed""#,
        "true",
        "false",
        "null",
        "0",
        r#""en-US""#,
        r#""""#,
        "'u1'",
        "-1.5",
        r#""Home""#,
        r#""track""#,
        r#""identify""#,
        r#""page""#,
    ]);
    let infix = (field.clone(), op, value.clone()).prop_map(|(f, o, v)| format!("{f} {o} {v}"));
    let function = (
        select(vec!["contains", "!contains", "match", "!match"]),
        field,
        value,
    )
        .prop_map(|(n, f, v)| format!("{n}({f}, {v})"));
    let clause = prop_oneof![3 => infix, 1 => function];
    (
        prop::collection::vec(clause, 1..4),
        select(vec![" and ", " or "]),
        any::<bool>(),
    )
        .prop_map(|(clauses, join, group)| {
            let text = clauses.join(join);
            if group && clauses.len() > 1 {
                format!(r#"type != "x" and ({text})"#)
            } else {
                text
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn typed_events_match_as_their_json_does(event in event_json(), texts in prop::collection::vec(condition_text(), 8)) {
        let Ok(typed) = parse_source_event(event.to_string().as_bytes()) else {
            return Ok(());
        };
        let value = serde_json::to_value(&typed).unwrap();
        for text in texts {
            let Ok(s) = Subscription::parse(&text) else { continue };
            prop_assert_eq!(s.matches_event(&typed), s.matches(&value), "{} on {}", text, value);
        }
    }

    /// `type … and <field> = "…"` is decided without the tree (the type from the call type,
    /// the one text clause by a direct comparison): it must agree with the tree on every event.
    #[test]
    fn type_and_one_text_clause_match_as_the_tree_does(
        event in event_json(),
        call in select(vec!["track", "identify", "page", "screen", "x"]),
        type_op in select(vec!["=", "!="]),
        field in select(vec!["event", "name", "userId"]),
        op in select(vec!["=", "!="]),
        value in select(vec![r#""Signed Out""#, r#""Home""#, r#""u1""#, r#""42""#, "42", r#""""#, "'u1'", "true", "null"]),
        type_last in any::<bool>(),
    ) {
        let Ok(typed) = parse_source_event(event.to_string().as_bytes()) else {
            return Ok(());
        };
        let value_json = serde_json::to_value(&typed).unwrap();
        let (a, b) = (format!(r#"type {type_op} "{call}""#), format!("{field} {op} {value}"));
        let text = if type_last { format!("{b} and {a}") } else { format!("{a} and {b}") };
        let s = Subscription::parse(&text).unwrap();
        // `evaluate` walks the tree.
        let expected = s.evaluate(&value_json).unwrap_or(false);
        prop_assert_eq!(s.matches_event(&typed), expected, "{} on {}", text, value_json);
    }

}
