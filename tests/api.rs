//! Sprig's REST API: every rule of source event → upsert (one fixture each, in
//! `fixtures/api/`), coalescing, request building, response reading and the retry policy.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use proptest::prelude::*;
use serde_json::{json, Value};
use sprig_events::api::{
    classify, coalesce, user_update, user_update_with, ApiKey, Coalescer, Delivery, ErrorBody,
    Method, NotSent, Purge, PurgeAccepted, Rejection, RetryAfter, RetryPolicy, SprigApi, SprigUser,
    UserUpdate,
};
use sprig_events::destination::Limits;
use sprig_events::{parse_batch, parse_source_event, SourceEvent};

// ---------------------------------------------------------------------------------------------
// Fixtures: source event (or batch) → requests, reasons for not sending, findings.

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/api")
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(fixture_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| !p.to_string_lossy().ends_with(".expect.json"))
        .collect();
    files.sort();
    files
}

fn events_of(body: &[u8]) -> Vec<SourceEvent> {
    let value: Value = serde_json::from_slice(body).unwrap();
    if value.get("batch").is_some() {
        parse_batch(body).unwrap()
    } else {
        vec![parse_source_event(body).unwrap()]
    }
}

/// What one fixture gives: the request bodies, `(event, code)` for each event not sent,
/// `(event, code, key)` for each finding.
struct Walked {
    requests: Vec<Value>,
    not_sent: Vec<(usize, String)>,
    findings: Vec<(usize, String, String)>,
}

fn walk(events: &[SourceEvent], cap: usize) -> Walked {
    let mut updates = Vec::new();
    let mut not_sent = Vec::new();
    let mut findings = Vec::new();
    for (i, event) in events.iter().enumerate() {
        match user_update(event) {
            Ok(mut update) => {
                for finding in update.take_findings() {
                    assert!(!finding.to_string().is_empty());
                    findings.push((i, finding.code().to_owned(), finding.key().to_owned()));
                }
                updates.push(update);
            }
            Err(why) => {
                assert!(!why.to_string().is_empty());
                not_sent.push((i, why.code().to_owned()));
            }
        }
    }
    let events_in: usize = updates.iter().map(|u| u.events().len()).sum();
    let api = SprigApi::new(ApiKey::new("k"));
    let requests: Vec<Value> = Coalescer::new(cap)
        .coalesce(updates)
        .iter()
        .map(|update| {
            let request = api.upsert(update);
            // The body is the update's `Serialize` output, byte for byte.
            assert_eq!(request.body(), serde_json::to_vec(update).unwrap());
            serde_json::from_slice::<Value>(request.body()).unwrap()
        })
        .collect();
    let events_out: usize = requests
        .iter()
        .map(|r| r.get("events").map_or(0, |e| e.as_array().unwrap().len()))
        .sum();
    assert_eq!(events_in, events_out, "coalescing lost or made events");
    Walked {
        requests,
        not_sent,
        findings,
    }
}

#[test]
fn every_api_fixture_gives_exactly_its_requests_reasons_and_findings() {
    let files = fixtures();
    assert!(files.len() >= 30, "{} fixtures", files.len());
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let expect: Value =
            serde_json::from_slice(&fs::read(path.with_extension("expect.json")).unwrap())
                .unwrap_or_else(|e| panic!("{name}.expect.json: {e}"));
        let cap = expect
            .get("cap")
            .map_or(Coalescer::DEFAULT_CAP, |c| c.as_u64().unwrap() as usize);
        let walked = walk(&events_of(&fs::read(&path).unwrap()), cap);

        assert_eq!(
            Value::from(walked.requests),
            expect["requests"],
            "{name}: request bodies"
        );
        let not_sent: Vec<(usize, String)> = expect["notSent"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                let event = n["event"].as_u64().unwrap() as usize;
                (event, n["code"].as_str().unwrap().to_owned())
            })
            .collect();
        assert_eq!(walked.not_sent, not_sent, "{name}: not sent");
        let mut findings: Vec<(usize, String, String)> = expect["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["event"].as_u64().unwrap() as usize,
                    f["code"].as_str().unwrap().to_owned(),
                    f["key"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        // Within one event, findings follow the traits' key order, which is serde_json's map
        // order; across events they follow the events.
        let mut got = walked.findings;
        got.sort();
        findings.sort();
        assert_eq!(got, findings, "{name}: findings");
    }
}

#[test]
fn every_reason_for_not_sending_has_a_fixture() {
    let mut seen = std::collections::BTreeSet::new();
    for path in fixtures() {
        let expect: Value =
            serde_json::from_slice(&fs::read(path.with_extension("expect.json")).unwrap()).unwrap();
        for n in expect["notSent"].as_array().unwrap() {
            seen.insert(n["code"].as_str().unwrap().to_owned());
        }
        for f in expect["findings"].as_array().unwrap() {
            seen.insert(f["code"].as_str().unwrap().to_owned());
        }
    }
    for code in [
        "no_user_id",
        "empty_user_id",
        "user_id_too_long",
        "no_event_name",
        "empty_event_name",
        "event_name_too_long",
        "signed_out",
        "no_timestamp",
        "alias",
        "page",
        "screen",
        "group",
        "null_attribute",
        "nested_attribute",
        "reserved_attribute",
        "attribute_name_too_long",
        "attribute_value_too_long",
        "unusable_email",
        "email_too_long",
        "traits_not_object",
        "unreadable_time",
    ] {
        assert!(seen.contains(code), "no fixture shows {code}");
    }
}

#[test]
fn reasons_say_why_in_words() {
    let event = |json: Value| parse_source_event(json.to_string().as_bytes()).unwrap();
    let why = |json: Value| user_update(&event(json)).unwrap_err();
    assert_eq!(
        why(json!({"type": "track", "anonymousId": "a", "event": "A"})).to_string(),
        "no userId: Sprig's API keys users by userId (anonymous visitors exist only in the browser SDK)"
    );
    assert_eq!(
        why(json!({"type": "alias", "userId": "u", "previousId": "p"})).to_string(),
        "alias: Sprig's API cannot rename a user"
    );
    assert_eq!(
        why(json!({"type": "track", "userId": "u", "event": "Signed Out"})),
        NotSent::SignedOut
    );
    assert_eq!(
        why(json!({"type": "track", "userId": "u".repeat(300), "event": "A"})).to_string(),
        "the userId is 300 characters long (Sprig's limit: 255)"
    );
    let mut update = user_update(&event(json!({"type": "identify", "userId": "u",
        "traits": {"a": null, "email": "x".repeat(256)}})))
    .unwrap();
    let words: Vec<String> = update
        .take_findings()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        words,
        [
            "traits.email is 256 characters long (Sprig's limit: 255): emailAddress not sent",
            r#"attribute "a" is null: not sent"#,
        ]
    );
}

#[test]
fn limits_are_the_callers_to_set() {
    let event = parse_source_event(
        br#"{"type": "identify", "userId": "abcdef", "traits": {"name": "Ada Lovelace"}}"#,
    )
    .unwrap();
    let tight = Limits::default()
        .max_user_id_length(6)
        .max_attr_value_length(3);
    let update = user_update_with(&event, &tight).unwrap();
    assert!(update.attributes().is_empty());
    assert_eq!(update.findings()[0].code(), "attribute_value_too_long");
    assert_eq!(
        user_update_with(&event, &tight.max_user_id_length(5)),
        Err(NotSent::UserIdTooLong {
            length: 6,
            limit: 5
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Updates read back from JSON.

#[test]
fn an_update_reads_back_from_its_json_without_findings() {
    let event = parse_source_event(
        br#"{"type": "identify", "userId": "u1", "traits": {"email": "a@b.c", "n": 1, "x": null}}"#,
    )
    .unwrap();
    let update = user_update(&event).unwrap();
    assert_eq!(update.findings().len(), 1);
    let text = serde_json::to_string(&update).unwrap();
    let back: UserUpdate = serde_json::from_str(&text).unwrap();
    let mut without = update.clone();
    without.take_findings();
    assert_eq!(back, without);
}

#[test]
fn json_that_no_event_could_make_is_refused() {
    for (bad, message) in [
        (json!({"userId": ""}), "userId: empty"),
        (
            json!({"userId": "u", "emailAddress": ""}),
            "emailAddress: empty",
        ),
        (
            json!({"userId": "u", "events": [{"event": "", "timestamp": 1}]}),
            "events[0].event: empty",
        ),
    ] {
        let err = serde_json::from_value::<UserUpdate>(bad.clone()).unwrap_err();
        assert!(err.to_string().contains(message), "{bad}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Coalescing.

fn update(json: Value) -> UserUpdate {
    serde_json::from_value(json).unwrap()
}

fn track(user: &str, name: &str, at: i64) -> UserUpdate {
    update(json!({"userId": user, "events": [{"event": name, "timestamp": at}]}))
}

#[test]
fn coalesce_uses_the_default_cap_of_100() {
    let updates: Vec<UserUpdate> = (0..250).map(|i| track("u1", "E", i)).collect();
    let requests = coalesce(updates);
    let sizes: Vec<usize> = requests.iter().map(|r| r.events().len()).collect();
    assert_eq!(sizes, [100, 100, 50]);
    let times: Vec<i64> = requests
        .iter()
        .flat_map(|r| r.events())
        .map(|e| e.timestamp_millis().unwrap_or(-1))
        .collect();
    assert_eq!(times, (0..250).collect::<Vec<_>>());
}

#[test]
fn an_update_over_the_cap_is_split_and_its_position_reported_in_each_part() {
    let big = update(
        json!({"userId": "u1", "attributes": {"plan": "pro"}, "events": [
        {"event": "A", "timestamp": 1}, {"event": "B", "timestamp": 2},
        {"event": "C", "timestamp": 3}, {"event": "D", "timestamp": 4},
        {"event": "E", "timestamp": 5}]}),
    );
    let requests = Coalescer::new(2).coalesce_indexed([track("u2", "Z", 0), big]);
    let shown: Vec<(String, Vec<usize>)> = requests
        .iter()
        .map(|r| {
            (
                serde_json::to_string(r.update()).unwrap(),
                r.inputs().to_vec(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                r#"{"userId":"u2","events":[{"event":"Z","timestamp":0}]}"#.to_owned(),
                vec![0]
            ),
            (
                r#"{"userId":"u1","attributes":{"plan":"pro"},"events":[{"event":"A","timestamp":1},{"event":"B","timestamp":2}]}"#.to_owned(),
                vec![1]
            ),
            (
                r#"{"userId":"u1","events":[{"event":"C","timestamp":3},{"event":"D","timestamp":4}]}"#.to_owned(),
                vec![1]
            ),
            (
                r#"{"userId":"u1","events":[{"event":"E","timestamp":5}]}"#.to_owned(),
                vec![1]
            ),
        ]
    );
}

#[test]
fn a_cap_of_zero_counts_as_one() {
    assert_eq!(Coalescer::new(0).cap(), 1);
    let requests = Coalescer::new(0).coalesce([track("u", "A", 1), track("u", "B", 2)]);
    assert_eq!(requests.len(), 2);
}

#[test]
fn findings_travel_with_the_coalesced_update_in_event_order() {
    let events = parse_batch(
        br#"{"batch": [
        {"type": "identify", "userId": "u1", "traits": {"a": null}},
        {"type": "identify", "userId": "u2", "traits": {"b": []}},
        {"type": "identify", "userId": "u1", "traits": {"c": {}}}
    ]}"#,
    )
    .unwrap();
    let updates = events.iter().map(|e| user_update(e).unwrap());
    let requests = coalesce(updates);
    let keys: Vec<Vec<&str>> = requests
        .iter()
        .map(|r| r.findings().iter().map(|f| f.key()).collect())
        .collect();
    assert_eq!(keys, [vec!["a", "c"], vec!["b"]]);
}

/// An update in the model: user, event times, attributes.
type Plain = (String, Vec<i64>, BTreeMap<String, i64>);
/// A request in the model: event times, attributes.
type PlainRequest = (Vec<i64>, BTreeMap<String, i64>);

/// What coalescing must give, written as plainly as possible: per user (in order of first
/// appearance), the updates in order, a new request whenever the events would pass the cap.
fn model(updates: &[Plain], cap: usize) -> Vec<Value> {
    let mut order: Vec<String> = Vec::new();
    let mut per_user: HashMap<String, Vec<PlainRequest>> = HashMap::new();
    for (user, events, attributes) in updates {
        if !order.contains(user) {
            order.push(user.clone());
        }
        let requests = per_user.entry(user.clone()).or_default();
        match requests.last_mut() {
            Some((have, attrs)) if have.len() + events.len() <= cap => {
                have.extend(events);
                attrs.extend(attributes.clone());
            }
            _ => requests.push((events.clone(), attributes.clone())),
        }
    }
    let mut out = Vec::new();
    for user in order {
        for (events, attributes) in &per_user[&user] {
            let mut body = json!({"userId": user});
            if !attributes.is_empty() {
                body["attributes"] = json!(attributes);
            }
            if !events.is_empty() {
                body["events"] = events
                    .iter()
                    .map(|t| json!({"event": format!("e{t}"), "timestamp": t}))
                    .collect();
            }
            out.push(body);
        }
    }
    out
}

proptest! {
    #[test]
    fn coalescing_matches_the_plain_model(
        updates in prop::collection::vec(
            (
                prop::sample::select(vec!["u1", "u2", "u3", "u4"]),
                prop::collection::vec(0i64..1000, 0..2),
                prop::collection::btree_map("[a-c]", 0i64..5, 0..3),
            ),
            0..40,
        ),
        cap in 1usize..5,
    ) {
        let updates: Vec<Plain> = updates
            .into_iter()
            .map(|(u, e, a)| (u.to_owned(), e, a))
            .collect();
        let built: Vec<UserUpdate> = updates
            .iter()
            .map(|(user, events, attributes)| {
                let events: Vec<Value> = events
                    .iter()
                    .map(|t| json!({"event": format!("e{t}"), "timestamp": t}))
                    .collect();
                update(json!({"userId": user, "attributes": attributes, "events": events}))
            })
            .collect();
        let got: Vec<Value> = Coalescer::new(cap)
            .coalesce(built)
            .iter()
            .map(|u| serde_json::to_value(u).unwrap())
            .collect();
        prop_assert_eq!(got, model(&updates, cap));
    }

    /// The request body is the update's `Serialize` output, byte for byte, whatever the text:
    /// escapes, control characters, non-ASCII, nested attribute values.
    #[test]
    fn upsert_bodies_are_the_updates_serialized_byte_for_byte(
        user in "[\\s\\S]{0,12}",
        email in "[\\s\\S]{0,12}",
        traits in prop::collection::btree_map("[\\s\\S]{0,6}", "[\\s\\S]{0,8}", 0..4),
        nested in prop::collection::btree_map("[a-c\"\\\\]{1,3}", -5i64..5, 0..3),
        event in "[\\s\\S]{0,12}",
    ) {
        let mut attributes: serde_json::Map<String, Value> =
            traits.into_iter().map(|(k, v)| (k, Value::from(v))).collect();
        attributes.extend(nested.into_iter().map(|(k, v)| (k, Value::from(v))));
        attributes.insert("email".into(), Value::from(email));
        attributes.insert("x".into(), json!(1.5));
        attributes.insert("b".into(), json!(true));
        let identify = json!({"type": "identify", "userId": format!("u{user}"),
            "traits": attributes});
        // Prefixed, as the user id is: a blank event name is not sent at all.
        let track = json!({"type": "track", "userId": format!("u{user}"), "event": format!("e{event}"),
            "timestamp": "2024-05-01T10:00:00.123Z"});
        for source in [identify, track] {
            let event: SourceEvent = serde_json::from_value(source).unwrap();
            let update = user_update(&event).unwrap();
            let request = api().upsert(&update);
            prop_assert_eq!(request.body(), serde_json::to_vec(&update).unwrap());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Requests.

fn api() -> SprigApi {
    SprigApi::new(ApiKey::new("sk_test_1"))
}

#[test]
fn an_upsert_is_a_json_post_with_the_api_key() {
    let event = parse_source_event(br#"{"type": "identify", "userId": "u1"}"#).unwrap();
    let request = api().upsert(&user_update(&event).unwrap());
    assert_eq!(request.method(), Method::Post);
    assert_eq!(request.url(), "https://api.sprig.com/v2/users");
    assert_eq!(
        request.headers().collect::<Vec<_>>(),
        [
            ("authorization", "API-Key sk_test_1"),
            ("content-type", "application/json"),
            ("accept", "application/json"),
        ]
    );
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(request.body(), br#"{"userId":"u1"}"#);
}

#[test]
fn a_user_read_is_a_get_with_the_id_percent_encoded() {
    let api = api().with_base_url("http://127.0.0.1:4000//");
    assert_eq!(api.base_url(), "http://127.0.0.1:4000");
    for (id, path) in [
        ("u1", "u1"),
        ("A-z_0.9~", "A-z_0.9~"),
        ("a b", "a%20b"),
        ("a/b?c#d", "a%2Fb%3Fc%23d"),
        ("100%", "100%25"),
        ("ada@example.com", "ada%40example.com"),
        ("ü", "%C3%BC"),
        ("😀", "%F0%9F%98%80"),
        ("...", "..."),
        ("+&=", "%2B%26%3D"),
    ] {
        let request = api.read_user(id).unwrap();
        assert_eq!(request.method(), Method::Get);
        assert_eq!(
            request.url(),
            format!("http://127.0.0.1:4000/v2/users/{path}")
        );
        assert_eq!(
            request.headers().map(|(name, _)| name).collect::<Vec<_>>(),
            ["authorization", "accept"]
        );
        assert!(request.body().is_empty());
    }
    for id in ["", ".", ".."] {
        assert!(api.read_user(id).is_err(), "{id:?}");
    }
}

#[test]
fn the_key_never_prints() {
    let request = api().read_user("u1").unwrap();
    let shown = format!(
        "{request:?} {:?} {} {api:?}",
        ApiKey::new("sk_test_1"),
        ApiKey::new("sk_test_1"),
        api = api()
    );
    assert!(!shown.contains("sk_test_1"), "{shown}");
    assert!(shown.contains("[redacted]"));
    assert_eq!(ApiKey::new("a"), ApiKey::new("a"));
    assert_ne!(ApiKey::new("a"), ApiKey::new("b"));
}

#[cfg(feature = "http")]
#[test]
fn requests_convert_into_http_requests() {
    let event = parse_source_event(br#"{"type": "identify", "userId": "u1"}"#).unwrap();
    let request: http::Request<Vec<u8>> = api()
        .upsert(&user_update(&event).unwrap())
        .try_into()
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri(), "https://api.sprig.com/v2/users");
    assert_eq!(request.headers()["authorization"], "API-Key sk_test_1");
    assert!(request.headers()["authorization"].is_sensitive());
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.headers()["accept"], "application/json");
    assert_eq!(request.body(), br#"{"userId":"u1"}"#);

    let read = api().read_user("a b").unwrap().into_http().unwrap();
    assert_eq!(read.method(), http::Method::GET);
    assert_eq!(read.uri().path(), "/v2/users/a%20b");

    let broken_key = SprigApi::new(ApiKey::new("k\r\nx-injected: 1"));
    assert!(broken_key.read_user("u").unwrap().into_http().is_err());
    let broken_url = api().with_base_url("not a url");
    assert!(broken_url.read_user("u").unwrap().into_http().is_err());
}

// ---------------------------------------------------------------------------------------------
// Purge.

#[test]
fn purge_chunks_hold_100_ids_of_all_kinds_together() {
    let emails: Vec<String> = (0..30).map(|i| format!("p{i}@example.com")).collect();
    let users: Vec<String> = (0..120).map(|i| format!("u{i}")).collect();
    let visitors: Vec<String> = (0..60).map(|i| format!("v{i}")).collect();
    let purge = Purge::new()
        .emails(emails.clone())
        .user_ids(users.clone())
        .visitor_ids(visitors.clone());
    assert_eq!(purge.len(), 210);
    let chunks = purge.chunks();
    let sizes: Vec<(usize, usize, usize)> = chunks
        .iter()
        .map(|c| (c.emails().len(), c.user_ids().len(), c.visitor_ids().len()))
        .collect();
    assert_eq!(sizes, [(30, 70, 0), (0, 50, 50), (0, 0, 10)]);
    // Every id once, in order.
    let all: Vec<&String> = chunks
        .iter()
        .flat_map(|c| c.emails().iter().chain(c.user_ids()).chain(c.visitor_ids()))
        .collect();
    let expected: Vec<&String> = emails.iter().chain(&users).chain(&visitors).collect();
    assert_eq!(all, expected);
    // Empty lists and an unset delay are left out of the body.
    let request = api().purge(&chunks[2]);
    for chunk in &chunks {
        assert_eq!(
            api().purge(chunk).body(),
            serde_json::to_vec(chunk).unwrap()
        );
    }
    let body: Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(
        body,
        json!({"visitorIds": ["v50", "v51", "v52", "v53", "v54", "v55", "v56", "v57", "v58", "v59"]})
    );
    assert_eq!(request.method(), Method::Post);
    assert_eq!(request.url(), "https://api.sprig.com/v2/purge/visitors");
    assert_eq!(request.header("authorization"), Some("API-Key sk_test_1"));
    assert_eq!(request.header("content-type"), Some("application/json"));
}

#[test]
fn purge_boundaries_and_delay() {
    assert!(Purge::new().chunks().is_empty());
    assert!(Purge::new().is_empty());
    let hundred = Purge::new().user_ids((0..100).map(|i| i.to_string()));
    assert_eq!(hundred.chunks().len(), 1);
    let hundred_one = hundred
        .clone()
        .emails(["x@example.com"])
        .with_delay_seconds(3600);
    let chunks = hundred_one.chunks();
    assert_eq!(chunks.len(), 2);
    assert!(chunks.iter().all(|c| c.delay_seconds() == Some(3600)));
    let body: Value = serde_json::from_slice(api().purge(&chunks[1]).body()).unwrap();
    assert_eq!(body, json!({"userIds": ["99"], "delaySeconds": 3600}));
}

// ---------------------------------------------------------------------------------------------
// Responses.

const NO_HEADERS: [(&str, &str); 0] = [];

#[test]
fn each_status_class_has_its_outcome() {
    for status in [200, 201, 202, 204, 299] {
        assert_eq!(
            classify(status, NO_HEADERS, b""),
            Delivery::Accepted,
            "{status}"
        );
    }
    for status in [401, 403] {
        assert_eq!(
            classify(status, NO_HEADERS, b"{}"),
            Delivery::Stop { status }
        );
    }
    for status in [429, 500, 502, 503, 504, 599] {
        assert_eq!(
            classify(status, NO_HEADERS, b"busy"),
            Delivery::Retry {
                status: Some(status),
                after: None
            },
            "{status}"
        );
    }
    for status in [100, 301, 304, 400, 404, 405, 408, 409, 413, 422, 600, 0] {
        let Delivery::Rejected(Rejection { status: got, .. }) = classify(status, NO_HEADERS, b"")
        else {
            panic!("{status} is not rejected");
        };
        assert_eq!(got, status);
    }
    assert!(matches!(
        Delivery::transport_error(),
        Delivery::Retry {
            status: None,
            after: None
        }
    ));
}

#[test]
fn outcomes_say_what_happened_in_words() {
    let words = |status, headers: &[(&str, &str)], body: &[u8]| {
        classify(status, headers.iter().copied(), body).to_string()
    };
    assert_eq!(words(202, &[], b""), "accepted");
    assert_eq!(
        words(422, &[], br#"{"error": "bad"}"#),
        "rejected: HTTP 422: bad"
    );
    assert_eq!(
        words(429, &[("retry-after", "3")], b""),
        "temporary failure (HTTP 429), retry after 3 s"
    );
    assert_eq!(
        Delivery::transport_error().to_string(),
        "temporary failure (no response)"
    );
    assert_eq!(
        words(403, &[], b""),
        "the API key was refused (HTTP 403): stop"
    );
}

#[test]
fn a_rejection_carries_sprigs_error_text() {
    let body = fs::read(fixture_dir().join("responses/error_422_user_id_required.json")).unwrap();
    assert_eq!(
        ErrorBody::from_body(&body).unwrap().error,
        "userId is required"
    );
    let reason = |status, body: &[u8]| match classify(status, NO_HEADERS, body) {
        Delivery::Rejected(rejection) => rejection,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        reason(422, &body).error.as_deref(),
        Some("userId is required")
    );
    assert_eq!(
        reason(422, &body).to_string(),
        "HTTP 422: userId is required"
    );
    // Not Sprig's JSON: the body's text; no body: no text.
    assert_eq!(
        reason(400, b"  <html>Bad Request</html>\n")
            .error
            .as_deref(),
        Some("<html>Bad Request</html>")
    );
    assert_eq!(reason(404, b"").error, None);
    assert_eq!(reason(404, b"").to_string(), "HTTP 404");
    assert_eq!(
        reason(422, br#"{"error": 7}"#).error.as_deref(),
        Some(r#"{"error": 7}"#)
    );
    // A long text is cut on a character boundary.
    let long = format!(r#"{{"error": "{}"}}"#, "é".repeat(400));
    let cut = reason(422, long.as_bytes()).error.unwrap();
    assert_eq!(cut, format!("{}…", "é".repeat(250)));
}

#[test]
fn retry_after_in_seconds_and_as_an_http_date() {
    let outcome = classify(429, [("Retry-After", "30")], b"");
    assert_eq!(
        outcome,
        Delivery::Retry {
            status: Some(429),
            after: Some(RetryAfter::Delay(Duration::from_secs(30)))
        }
    );
    let at = UNIX_EPOCH + Duration::from_secs(1_445_412_480);
    for header in ["retry-after", "RETRY-AFTER"] {
        let outcome = classify(503, [(header, "Wed, 21 Oct 2015 07:28:00 GMT")], b"");
        assert_eq!(
            outcome,
            Delivery::Retry {
                status: Some(503),
                after: Some(RetryAfter::At(at))
            }
        );
    }
    // Only the statuses that retry read the header.
    assert_eq!(
        classify(202, [("retry-after", "5")], b""),
        Delivery::Accepted
    );
    // A value that cannot be read is as none.
    assert_eq!(
        classify(500, [("retry-after", "in a while")], b""),
        Delivery::Retry {
            status: Some(500),
            after: None
        }
    );
    // Header values as bytes (as http's HeaderMap gives them) work too.
    assert_eq!(
        classify(503, [("retry-after", b"2".as_slice())], b""),
        Delivery::Retry {
            status: Some(503),
            after: Some(RetryAfter::Delay(Duration::from_secs(2)))
        }
    );
}

#[test]
fn retry_after_forms() {
    let secs = |s| Some(RetryAfter::Delay(Duration::from_secs(s)));
    let at = |s| Some(RetryAfter::At(UNIX_EPOCH + Duration::from_secs(s)));
    assert_eq!(RetryAfter::parse("0"), secs(0));
    assert_eq!(RetryAfter::parse(" 120 "), secs(120));
    assert_eq!(RetryAfter::parse("99999999999999999999999"), secs(u64::MAX));
    // RFC 9110's three date forms, all the same instant.
    assert_eq!(
        RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT"),
        at(784_111_777)
    );
    assert_eq!(
        RetryAfter::parse("Sunday, 06-Nov-94 08:49:37 GMT"),
        at(784_111_777)
    );
    assert_eq!(
        RetryAfter::parse("Sun Nov  6 08:49:37 1994"),
        at(784_111_777)
    );
    for bad in [
        "",
        "-1",
        "1.5",
        "+3",
        "soon",
        "2015-10-21T07:28:00Z",
        "Sun, 06 Nov 1994",
    ] {
        assert_eq!(RetryAfter::parse(bad), None, "{bad:?}");
    }
    let now = UNIX_EPOCH + Duration::from_secs(784_111_700);
    assert_eq!(
        at(784_111_777).unwrap().delay_from(now),
        Duration::from_secs(77)
    );
    assert_eq!(at(784_111_000).unwrap().delay_from(now), Duration::ZERO);
}

#[test]
fn response_bodies_read_typed() {
    let read = |name: &str| fs::read(fixture_dir().join("responses").join(name)).unwrap();
    let user = SprigUser::from_body(&read("user_read_numbers_and_unknown_keys.json")).unwrap();
    assert_eq!(user.id.as_deref(), Some("70412"));
    assert_eq!(user.external_user_id.as_deref(), Some("usr_41d0aa"));
    assert_eq!(user.attributes["seats"], 12);
    assert_eq!(
        user.created_at
            .as_ref()
            .and_then(|t| t.time())
            .map(|t| t.timestamp_millis()),
        Some(1_731_890_467_118)
    );
    let counts: Vec<(&str, Option<u64>)> = user
        .events
        .iter()
        .map(|e| (e.event.as_str(), e.count))
        .collect();
    assert_eq!(
        counts,
        [("Report Exported", Some(3)), ("Invite Sent", Some(1))]
    );
    assert_eq!(user.events[1].extra["source"], "api");
    assert_eq!(user.extra["environmentId"], "env_9");

    let sparse = SprigUser::from_body(&read("user_read_null_attributes_and_events.json")).unwrap();
    assert!(sparse.attributes.is_empty() && sparse.events.is_empty());
    assert_eq!(sparse.id.as_deref(), Some("b8c0f7e2"));

    let accepted = PurgeAccepted::from_body(&read("purge_accepted.json")).unwrap();
    assert_eq!(accepted.request_id, "8f14e45f-ceea-467f-a0e6-2f4f3a1b2c3d");

    let err = PurgeAccepted::from_body(br#"{"requestId": ["x"]}"#).unwrap_err();
    assert!(err.to_string().starts_with("requestId"), "{err}");
    let err = SprigUser::from_body(br#"{"events": [{"event": "A", "count": -1}]}"#).unwrap_err();
    assert!(err.to_string().starts_with("events[0].count"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Retry policy, on a fake clock with fixed random numbers.

#[test]
fn backoff_doubles_from_base_under_the_cap_with_full_jitter() {
    let policy = RetryPolicy::new(10, Duration::from_millis(100), Duration::from_secs(1));
    let now = SystemTime::UNIX_EPOCH;
    let ceilings: Vec<Duration> = (1..10)
        .map(|n| {
            let top = policy.next_delay(n, None, now, u64::MAX).unwrap();
            // u64::MAX / 2^64 falls short of the ceiling by under a nanosecond.
            top + Duration::from_nanos(1)
        })
        .collect();
    let ms = Duration::from_millis;
    assert_eq!(
        ceilings,
        [
            ms(100),
            ms(200),
            ms(400),
            ms(800),
            ms(1000),
            ms(1000),
            ms(1000),
            ms(1000),
            ms(1000)
        ]
    );
    assert_eq!(policy.next_delay(3, None, now, 0), Some(Duration::ZERO));
    assert_eq!(policy.next_delay(3, None, now, 1 << 62), Some(ms(100)));
    assert_eq!(policy.next_delay(10, None, now, 0), None);
}

#[test]
fn retry_after_wins_over_backoff_up_to_the_longest_honoured() {
    let policy = RetryPolicy::new(4, Duration::from_millis(100), Duration::from_secs(1))
        .with_max_retry_after(Duration::from_secs(60));
    let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
    let in_45s = RetryAfter::At(now + Duration::from_secs(45));
    assert_eq!(
        policy.next_delay(1, Some(&in_45s), now, u64::MAX),
        Some(Duration::from_secs(45))
    );
    // The same date read a little later: less to wait.
    assert_eq!(
        policy.next_delay(1, Some(&in_45s), now + Duration::from_secs(40), 0),
        Some(Duration::from_secs(5))
    );
    let past = RetryAfter::At(now - Duration::from_secs(5));
    assert_eq!(
        policy.next_delay(2, Some(&past), now, 9),
        Some(Duration::ZERO)
    );
    let too_long = RetryAfter::Delay(Duration::from_secs(61));
    assert_eq!(policy.next_delay(1, Some(&too_long), now, 0), None);
    // Out of attempts, whatever Sprig says.
    let soon = RetryAfter::Delay(Duration::from_secs(1));
    assert_eq!(policy.next_delay(4, Some(&soon), now, 0), None);
}

#[test]
fn extreme_policies_do_not_panic() {
    let now = SystemTime::UNIX_EPOCH;
    let huge = RetryPolicy::new(u32::MAX, Duration::MAX, Duration::MAX);
    for attempt in [0, 1, 2, 33, 64, 65, u32::MAX - 1] {
        let delay = huge.next_delay(attempt, None, now, u64::MAX).unwrap();
        assert!(delay <= Duration::MAX);
    }
    let zero = RetryPolicy::new(0, Duration::ZERO, Duration::ZERO);
    assert_eq!(zero.attempts(), 1);
    assert_eq!(zero.next_delay(1, None, now, 7), None);
    let defaults = RetryPolicy::default();
    assert_eq!(
        (
            defaults.attempts(),
            defaults.base(),
            defaults.cap(),
            defaults.max_retry_after()
        ),
        (
            5,
            Duration::from_millis(500),
            Duration::from_secs(30),
            Duration::from_secs(300)
        )
    );
}
