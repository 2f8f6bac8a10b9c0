//! Proptest strategies for events' JSON, shared by this crate's `tests/subscription.rs` and
//! `sprig-events`' `tests/subscription_typed.rs` (which includes this file by its path).

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value};

fn key() -> impl Strategy<Value = String> {
    select(vec![
        "a",
        "b",
        "total",
        "name",
        "items",
        "email",
        "plan",
        "0",
        "length",
        "constructor",
        "ip",
        "page",
        "url",
    ])
    .prop_map(str::to_owned)
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        select(vec![
            "",
            "u1",
            "123",
            "Order Completed",
            "Nike",
            "abc",
            "true",
            "null",
            "😀x"
        ])
        .prop_map(|s| json!(s)),
        (-20i64..200).prop_map(|n| json!(n)),
        select(vec![0.5, -1.5, 1e21, 0.0]).prop_map(|n| json!(n)),
        any::<bool>().prop_map(|b| json!(b)),
        Just(Value::Null),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A source event's JSON: every call type, ids of every accepted form, and fields that
/// `sprig-events`' typed model holds or keeps in `extra` depending on the call.
pub fn event_json() -> impl Strategy<Value = Value> {
    let id = prop_oneof![
        3 => select(vec!["u1", "123", "", "42"]).prop_map(|s| Some(json!(s))),
        1 => (0u32..200).prop_map(|n| Some(json!(n))),
        1 => Just(Some(Value::Null)),
        2 => Just(None),
    ];
    let text = prop_oneof![
        3 => select(vec!["Order Completed", "Signed Out", "Home", "Pricing", "42"]).prop_map(|s| Some(json!(s))),
        1 => (0u32..100).prop_map(|n| Some(json!(n))),
        1 => Just(None),
    ];
    let context = prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        Just(Some(json!("not an object"))),
        (
            prop::option::of(select(vec!["1.2.3.4", "::1"])),
            prop::option::of(select(vec!["https://x.io/a", "/path"])),
            prop::option::of(json_value()),
        )
            .prop_map(|(ip, url, traits)| {
                let mut c = Map::new();
                if let Some(ip) = ip {
                    c.insert("ip".into(), json!(ip));
                }
                if let Some(url) = url {
                    c.insert("page".into(), json!({"url": url, "path": "/a"}));
                }
                if let Some(traits) = traits {
                    c.insert("traits".into(), traits);
                }
                c.insert("locale".into(), json!("en-US"));
                Some(Value::Object(c))
            }),
    ];
    (
        select(vec![
            "identify", "track", "alias", "page", "screen", "group",
        ]),
        (id.clone(), id),
        (text.clone(), text),
        (
            prop::option::of(json_value()),
            prop::option::of(json_value()),
        ),
        context,
    )
        .prop_map(
            |(call, (user_id, anonymous_id), (event, name), (properties, traits), context)| {
                let mut e = Map::new();
                e.insert("type".into(), json!(call));
                let mut put = |k: &str, v: Option<Value>| {
                    if let Some(v) = v {
                        e.insert(k.into(), v);
                    }
                };
                put("userId", user_id);
                put("anonymousId", anonymous_id);
                put("event", event);
                put("name", name);
                put("properties", properties);
                put("traits", traits);
                put("context", context);
                Value::Object(e)
            },
        )
}
