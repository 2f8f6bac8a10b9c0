//! The `forward_to_sprig` loop, with its real HTTP client, against a fake Sprig on 127.0.0.1
//! that answers by user id: 202, 422 with an error body, 429 with `Retry-After` then 202,
//! 500 then 202, 503 for ever, 401. The waits are recorded, not slept.

#[allow(dead_code)] // the example's printing helpers are not used here
#[path = "../examples/forward_to_sprig/forward.rs"]
mod forward;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use sprig_events::api::{
    ApiKey, AuthScheme, CloudDestination, Coalescer, Delivery, NotSent, RetryPolicy, SprigApi,
};
use sprig_events::parse_batch;

use forward::{Fate, Forwarder, Report};

const KEY: &str = "good-key";

/// What the fake received, and how often it has answered each user.
#[derive(Default)]
struct Fake {
    /// (authorization, content-type, body) of every request, in order.
    received: Vec<(String, String, Value)>,
    answered: HashMap<String, usize>,
    /// Users it answered 202, and requests for them that came after.
    accepted: HashMap<String, usize>,
}

type Shared = Arc<Mutex<Fake>>;

async fn users(State(fake): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let authorization = header("authorization");
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let user = body["userId"].as_str().unwrap_or_default().to_owned();
    let mut fake = fake.lock().unwrap();
    fake.received
        .push((authorization.clone(), header("content-type"), body));
    if let Some(after) = fake.accepted.get_mut(&user) {
        *after += 1;
    }
    if authorization != format!("API-Key {KEY}") && authorization != format!("Bearer {KEY}") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let seen = {
        let count = fake.answered.entry(user.clone()).or_default();
        *count += 1;
        *count
    };
    let kind = user.split('-').next().unwrap_or_default();
    let response = match (kind, seen) {
        ("ok", _) | ("busy" | "flaky", 2..) => StatusCode::ACCEPTED.into_response(),
        ("bad", _) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            r#"{"error": "attributes.plan: value too long"}"#,
        )
            .into_response(),
        ("busy", _) => (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "3")]).into_response(),
        ("flaky", _) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        ("down", _) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        _ => StatusCode::UNAUTHORIZED.into_response(),
    };
    if response.status() == StatusCode::ACCEPTED {
        fake.accepted.insert(user, 0);
    }
    response
}

/// A fake Sprig on a free port, serving until the test ends: its base URL and its record.
fn start_fake() -> (String, Shared) {
    let fake = Shared::default();
    let app = Router::new()
        .route("/v2/users", post(users))
        .with_state(Arc::clone(&fake));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    let address = rx.recv().unwrap();
    (format!("http://{address}"), fake)
}

/// Run the shared loop against `base_url` with `key`; the waits it asked for.
fn run(base_url: &str, key: &str, batch: &[u8], attempts: u32) -> (Report, Vec<Duration>) {
    run_with(base_url, key, batch, attempts, None)
}

/// [`run`], Segment-compatible when `cloud` is given (with the `Bearer` scheme).
fn run_with(
    base_url: &str,
    key: &str,
    batch: &[u8],
    attempts: u32,
    cloud: Option<&CloudDestination>,
) -> (Report, Vec<Duration>) {
    let mut api = SprigApi::new(ApiKey::new(key)).with_base_url(base_url);
    if cloud.is_some() {
        api = api.with_auth_scheme(AuthScheme::Bearer);
    }
    let agent = forward::agent(Duration::from_secs(10));
    let forwarder = Forwarder {
        api: &api,
        agent: &agent,
        policy: RetryPolicy::new(attempts, Duration::from_millis(100), Duration::from_secs(1)),
        coalescer: Coalescer::default(),
        cloud,
    };
    let events = parse_batch(batch).unwrap();
    let mut waits = Vec::new();
    // The middle of every back-off range: half its ceiling.
    let report = forwarder
        .forward(&events, |wait| waits.push(wait), || 1 << 63)
        .unwrap();
    assert_eq!(report.fates.len(), events.len(), "an event without a fate");
    (report, waits)
}

const BATCH: &str = r#"{"batch": [
  {"type": "identify", "userId": "ok-1", "messageId": "m0",
   "traits": {"email": "ada@example.com", "plan": "pro", "address": {"city": "Paris"}}},
  {"type": "track", "userId": "ok-1", "event": "Report Exported", "timestamp": "2025-01-02T03:04:05.006Z",
   "properties": {"format": "pdf"}},
  {"type": "track", "userId": "bad-1", "event": "A", "timestamp": 1000},
  {"type": "track", "userId": "busy-1", "event": "B", "originalTimestamp": "1970-01-01T00:00:02Z"},
  {"type": "page", "userId": "ok-1", "name": "Pricing"},
  {"type": "track", "userId": "flaky-1", "event": "C", "receivedAt": "1970-01-01T00:00:03Z"},
  {"type": "track", "userId": "down-1", "event": "D", "timestamp": 4000},
  {"type": "track", "userId": "ok-2", "event": "Signed Out", "timestamp": 5000},
  {"type": "track", "anonymousId": "anon-1", "event": "E", "timestamp": 6000},
  {"type": "identify", "userId": "ok-1", "traits": {"plan": "team"}},
  {"type": "track", "userId": "revoked-1", "event": "F", "timestamp": 7000},
  {"type": "track", "userId": "ok-3", "event": "G", "timestamp": 8000}
]}"#;

#[test]
fn every_event_is_accepted_or_reported_and_the_fake_got_exactly_the_documented_bodies() {
    let (base_url, fake) = start_fake();
    let (report, waits) = run(&base_url, KEY, BATCH.as_bytes(), 3);

    let shown: Vec<String> = report.fates.iter().map(ToString::to_string).collect();
    let rejected = "rejected: HTTP 422: attributes.plan: value too long";
    let stopped = "not sent: Sprig refused the API key (HTTP 401)";
    assert_eq!(
        shown,
        [
            "accepted",
            "accepted",
            rejected,
            "accepted",
            &format!("not sent: {}", NotSent::Page),
            "accepted",
            "gave up: temporary failure (HTTP 503)",
            &format!("not sent: {}", NotSent::SignedOut),
            &format!("not sent: {}", NotSent::NoUserId),
            "accepted",
            stopped,
            stopped,
        ]
    );
    assert!(matches!(
        &report.fates[6],
        Fate::GaveUp(Delivery::Retry {
            status: Some(503),
            ..
        })
    ));
    let findings: Vec<(usize, &str, &str)> = report
        .findings
        .iter()
        .map(|(i, f)| (*i, f.code(), f.key()))
        .collect();
    assert_eq!(findings, [(0, "nested_attribute", "address")]);

    // Retry-After for the 429; half of 100 ms, then of 100 ms and 200 ms, for the 5xx.
    let ms = Duration::from_millis;
    assert_eq!(waits, [Duration::from_secs(3), ms(50), ms(50), ms(100)]);

    let fake = fake.lock().unwrap();
    let bodies: Vec<&Value> = fake.received.iter().map(|(_, _, body)| body).collect();
    let track = |user: &str, event: &str, at: i64| json!({"userId": user, "events": [{"event": event, "timestamp": at}]});
    let ok_1 = json!({"userId": "ok-1", "emailAddress": "ada@example.com",
        "attributes": {"plan": "team"},
        "events": [{"event": "Report Exported", "timestamp": 1_735_787_045_006_i64}]});
    let busy = track("busy-1", "B", 2000);
    let flaky = track("flaky-1", "C", 3000);
    let down = track("down-1", "D", 4000);
    assert_eq!(
        bodies,
        [
            &ok_1,
            &track("bad-1", "A", 1000),
            &busy,
            &busy,
            &flaky,
            &flaky,
            &down,
            &down,
            &down,
            &track("revoked-1", "F", 7000),
        ]
    );
    assert!(fake
        .received
        .iter()
        .all(|(auth, content_type, _)| auth == "API-Key good-key"
            && content_type == "application/json"));
    // Nothing was sent again once Sprig said 202.
    assert_eq!(fake.accepted.len(), 3);
    assert!(
        fake.accepted.values().all(|&after| after == 0),
        "{:?}",
        fake.accepted
    );
    // The loop's own log agrees with what arrived.
    assert_eq!(report.sent.len(), fake.received.len());
}

#[test]
fn a_bad_key_stops_the_run_at_the_first_request() {
    let (base_url, fake) = start_fake();
    let (report, waits) = run(&base_url, "wrong-key", BATCH.as_bytes(), 3);
    let sendable = report
        .fates
        .iter()
        .filter(|fate| !matches!(fate, Fate::NotSent(_)))
        .count();
    assert_eq!(sendable, 9);
    assert!(report
        .fates
        .iter()
        .all(|fate| matches!(fate, Fate::NotSent(_) | Fate::Stopped { status: 401 })));
    assert!(waits.is_empty());
    let fake = fake.lock().unwrap();
    assert_eq!(fake.received.len(), 1);
    assert_eq!(fake.received[0].0, "API-Key wrong-key");
}

#[test]
fn no_server_is_a_transport_error_retried_then_given_up() {
    // A port that was free a moment ago: connections are refused.
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let batch = br#"{"batch": [{"type": "track", "userId": "u1", "event": "A", "timestamp": 1}]}"#;
    let (report, waits) = run(&format!("http://{address}"), KEY, batch, 2);
    assert_eq!(
        report.fates,
        [Fate::GaveUp(Delivery::Retry {
            status: None,
            after: None
        })]
    );
    assert_eq!(waits, [Duration::from_millis(50)]);
}

#[test]
fn segment_compatible_mode_sends_the_reference_bodies_with_bearer() {
    let (base_url, fake) = start_fake();
    let batch = br#"{"batch": [
      {"type": "identify", "userId": "ok-1", "traits": {"plan": "pro", "address": {"city": "Paris"}, "n": null}},
      {"type": "screen", "userId": "ok-1", "name": "Home", "timestamp": "2024-10-30"},
      {"type": "track", "userId": "ok-2", "event": "Signed Out", "timestamp": 1730263698620},
      {"type": "track", "userId": "ok-3", "event": "A"},
      {"type": "page", "userId": "ok-1", "name": "Pricing"}
    ]}"#;
    let cloud = CloudDestination::default();
    let (report, _) = run_with(&base_url, KEY, batch, 3, Some(&cloud));
    let shown: Vec<String> = report.fates.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "accepted",
            "accepted",
            "accepted",
            "not sent: Track Event: The root value is missing the required field 'timestamp'.",
            "not sent: no action subscribed",
        ]
    );
    let codes: Vec<&str> = report.findings.iter().map(|(_, f)| f.code()).collect();
    assert_eq!(codes, ["attribute_sent_as_is", "timestamp_sent_as_null"]);
    let fake = fake.lock().unwrap();
    let bodies: Vec<&Value> = fake.received.iter().map(|(_, _, body)| body).collect();
    assert_eq!(
        bodies,
        [
            &json!({"userId": "ok-1", "attributes": {"address.city": "Paris", "n": null, "plan": "pro"},
                    "events": [{"event": "Home", "timestamp": 1_730_246_400_000_i64}]}),
            &json!({"userId": "ok-2", "events": [{"event": "Signed Out", "timestamp": null}]}),
        ]
    );
    assert!(fake
        .received
        .iter()
        .all(|(auth, _, _)| auth == "Bearer good-key"));
}
