//! The `backfill` example's loop, with its real HTTP client, against a fake export API on
//! 127.0.0.1 serving two pages: the loop must fetch both, follow the cursor, send the key as a
//! bearer token, and name exactly the answers no webhook delivered.

#[path = "../examples/backfill/pull.rs"]
mod pull;

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use sprig_events::api::ApiKey;
use sprig_events::export::{ExportApi, ReceivedAnswers, ResponsesQuery};
use sprig_events::webhook::SurveyId;
use sprig_events::{parse_webhook, WebhookEvent};

const KEY: &str = "export-key";

type Seen = Arc<Mutex<Vec<HashMap<String, String>>>>;

fn record(uid: &str, question: &str, response: Value, question_type: &str) -> Value {
    json!({"visitorId": 0, "surveyId": 7, "questionId": 2, "questionText": question,
        "questionType": question_type, "response": response, "responseGroupUid": uid,
        "createdAt": "2025-07-22T15:20:56.571Z", "externalUserId": ""})
}

async fn responses(State(seen): State<Seen>, headers: HeaderMap, uri: Uri) -> Response {
    let params = query_params(uri.query().unwrap_or_default());
    seen.lock().unwrap().push(params.clone());
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&format!("Bearer {KEY}"))
    {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let (received_uid, received_question) = received_key();
    let page = match params.get("cursor").map(String::as_str) {
        None => json!({"cursor": "page 2/2", "data": [
            record(&received_uid, &received_question, json!(9), "NPS"),
            record("9d52a356-7b13-41ce-b0b4-95761512caf6", "Rank these", json!({"a": 1, "b": 2}), "RANKORDER"),
        ]}),
        Some("page 2/2") => json!({"cursor": null, "data": [
            record("1b0e6ae6-8167-4ed0-a275-4a9cdb422522", "Which most, which least?",
                json!([[{"id": 1, "option": "x", "selected": "left"}, {"id": 2, "option": "y", "selected": "right"}]]), "MAXDIFF"),
            record(&received_uid, "A question never delivered", json!("text"), "OPEN"),
        ]}),
        Some(_) => return StatusCode::BAD_REQUEST.into_response(),
    };
    ([("content-type", "application/json")], page.to_string()).into_response()
}

/// The webhook the service received: its `responseGroupUid` and question.
fn received_key() -> (String, String) {
    let WebhookEvent::AnswerSubmitted(answer) = received_event() else {
        unreachable!()
    };
    (answer.response_group_uid.to_string(), answer.question)
}

fn received_event() -> WebhookEvent {
    parse_webhook(&common::webhook_fixture(
        "answer_submitted_nps_integer.json",
    ))
    .unwrap()
}

/// The query's parameters, percent-decoded (written apart from the crate's encoder).
fn query_params(query: &str) -> HashMap<String, String> {
    let decode = |text: &str| {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

fn serve() -> (String, Seen) {
    let seen = Seen::default();
    let app = Router::new()
        .route("/v1/responses", get(responses))
        .with_state(Arc::clone(&seen));
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
    (format!("http://{}", rx.recv().unwrap()), seen)
}

#[test]
fn the_loop_fetches_both_pages_and_names_what_was_missed() {
    let (base_url, seen) = serve();
    let api = ExportApi::new(ApiKey::new(KEY)).with_base_url(base_url);
    let mut received = ReceivedAnswers::new();
    received.record(&received_event());
    let query = ResponsesQuery::new()
        .with_survey(SurveyId(7))
        .with_limit(2)
        .unwrap();
    let found = pull::backfill(
        &api,
        &pull::agent(Duration::from_secs(10)),
        query,
        &received,
    )
    .unwrap();

    assert_eq!(found.fetched.len(), 2, "{:?}", found.fetched);
    assert!(!found.stalled);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].get("cursor"), None);
    assert_eq!(
        seen[1].get("cursor").map(String::as_str),
        Some("page 2/2"),
        "the cursor, decoded"
    );
    assert!(seen
        .iter()
        .all(|p| p.get("sid").map(String::as_str) == Some("7")));
    assert!(seen
        .iter()
        .all(|p| p.get("limit").map(String::as_str) == Some("2")));

    let missed: Vec<(&str, String)> = found
        .missing
        .iter()
        .map(|r| (r.question_text.as_deref().unwrap(), r.answer().to_string()))
        .collect();
    assert_eq!(
        missed,
        [
            ("Rank these", r#"rank order ["a", "b"]"#.to_owned()),
            ("Which most, which least?", "maxdiff of 1 rounds".to_owned()),
            ("A question never delivered", r#"text "text""#.to_owned()),
        ]
    );
}

#[test]
fn a_wrong_key_is_an_error_not_an_empty_backfill() {
    let (base_url, _) = serve();
    let api = ExportApi::new(ApiKey::new("wrong")).with_base_url(base_url);
    let result = pull::backfill(
        &api,
        &pull::agent(Duration::from_secs(10)),
        ResponsesQuery::new(),
        &ReceivedAnswers::new(),
    );
    assert!(result.unwrap_err().contains("HTTP 401"));
}
