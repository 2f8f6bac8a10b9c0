//! The `axum` feature's extractor, driven in-process: every kind, every rejection.
#![cfg(feature = "axum")]

mod common;

use axum::body::{to_bytes, Body};
use axum::extract::FromRef;
use axum::http::{header, Request, StatusCode};
use axum::routing::post;
use axum::Router;
use sprig_events::axum::{SprigWebhook, SprigWebhookRejection};
use sprig_events::webhook::{Answer, AnswerSubmitted};
use sprig_events::{WebhookEvent, WebhookSecret};
use tower::ServiceExt;

const SECRET: &str = "s3cret-for-extractor-tests";

async fn any_kind(SprigWebhook(event): SprigWebhook) -> String {
    event.kind().to_string()
}

async fn answers_only(SprigWebhook(answer): SprigWebhook<AnswerSubmitted>) -> String {
    match answer.answer() {
        Answer::Skipped => "skipped".into(),
        _ => "answered".into(),
    }
}

fn app(secret: WebhookSecret) -> Router {
    Router::new()
        .route("/any", post(any_kind))
        .route("/answers", post(answers_only))
        .with_state(secret)
}

async fn send(
    app: Router,
    path: &str,
    authorization: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, Option<String>, String) {
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    let response = app
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let challenge = response
        .headers()
        .get(header::WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (
        status,
        challenge,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

fn fixture(name: &str) -> Vec<u8> {
    common::webhook_fixture(name)
}

fn bearer() -> String {
    format!("Bearer {SECRET}")
}

#[tokio::test]
async fn every_kind_is_extracted() {
    // The samples the crate ships: every kind, and an answer to every question type.
    for &sample in sprig_events::samples::ALL {
        let (status, _, body) = send(
            app(WebhookSecret::new(SECRET)),
            "/any",
            Some(&bearer()),
            sample.body.to_vec(),
        )
        .await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, sample.kind.as_str()),
            "{}",
            sample.name
        );
    }
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_401_with_a_bearer_challenge() {
    for authorization in [
        None,
        Some("Bearer wrong"),
        Some("Basic czNjcmV0"),
        Some(SECRET),
    ] {
        let (status, challenge, body) = send(
            app(WebhookSecret::new(SECRET)),
            "/any",
            authorization,
            fixture("test_seed_ping.json"),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{authorization:?}");
        assert_eq!(challenge.as_deref(), Some("Bearer"));
        assert!(!body.contains(SECRET) && !body.contains("wrong"), "{body}");
    }
}

/// The header is read as the secret is, as UTF-8 text: a non-ASCII secret authenticates as
/// `verify_bearer` says it does, and bytes that are not UTF-8 are not a bearer token.
#[tokio::test]
async fn a_non_ascii_secret_is_read_from_the_header_as_text() {
    let secret = "sécret-ünïcode";
    assert_eq!(
        sprig_events::verify_bearer(Some(&format!("Bearer {secret}")), secret),
        Ok(())
    );
    let (status, _, body) = send(
        app(WebhookSecret::new(secret)),
        "/any",
        Some(&format!("Bearer {secret}")),
        fixture("test_seed_ping.json"),
    )
    .await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "test"));

    let mut not_utf8 = b"Bearer s".to_vec();
    not_utf8.extend_from_slice(&[0xE9, 0x63]);
    let request = Request::post("/any")
        .header(
            header::AUTHORIZATION,
            header::HeaderValue::from_bytes(&not_utf8).unwrap(),
        )
        .body(Body::from(fixture("test_seed_ping.json")))
        .unwrap();
    let response = app(WebhookSecret::new("s\u{e9}c"))
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.contains("not of the form"), "{text}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let secret = WebhookSecret::new(SECRET).with_body_limit(64);
    let (status, _, body) = send(
        app(secret),
        "/any",
        Some(&bearer()),
        fixture("test_seed_ping.json"),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(body.contains("64"), "{body}");
    assert_eq!(WebhookSecret::new(SECRET).body_limit(), 2 * 1024 * 1024);
}

#[tokio::test]
async fn a_bad_body_is_400_naming_the_place_but_not_the_value() {
    let mut answer: serde_json::Value =
        serde_json::from_slice(&fixture("answer_submitted_nps_integer.json")).unwrap();
    answer["response"] = "a respondent's private words".into();
    let cases = [
        (answer.to_string().into_bytes(), "`response`"),
        (br#"{"id": 1,"#.to_vec(), "line 1 column"),
        (
            fixture("invalid/answer_submitted_seed_unquoted_word.json"),
            "line 15 column",
        ),
    ];
    for (body, place) in cases {
        let (status, _, text) = send(
            app(WebhookSecret::new(SECRET)),
            "/any",
            Some(&bearer()),
            body,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
        assert!(text.contains(place), "{text}");
        assert!(
            !text.contains("private") && !text.contains("exit_rental"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn a_handler_for_one_kind_answers_422_to_another() {
    let (status, _, text) = send(
        app(WebhookSecret::new(SECRET)),
        "/answers",
        Some(&bearer()),
        fixture("test_seed_ping.json"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text.trim(), "expected a answer_submitted webhook, got test");
    let (status, _, text) = send(
        app(WebhookSecret::new(SECRET)),
        "/answers",
        Some(&bearer()),
        fixture("answer_submitted_nps_integer.json"),
    )
    .await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, "answered"));
}

#[derive(Clone)]
struct AppState {
    secret: WebhookSecret,
    #[allow(dead_code)]
    name: &'static str,
}

impl FromRef<AppState> for WebhookSecret {
    fn from_ref(state: &AppState) -> Self {
        state.secret.clone()
    }
}

#[tokio::test]
async fn the_secret_comes_from_a_state_struct_too() {
    async fn receive(
        extracted: Result<SprigWebhook, SprigWebhookRejection>,
    ) -> (StatusCode, String) {
        // A handler that answers rejections its own way.
        match extracted {
            Ok(SprigWebhook(WebhookEvent::Test(_))) => (StatusCode::NO_CONTENT, String::new()),
            Ok(SprigWebhook(event)) => (StatusCode::OK, event.kind().to_string()),
            Err(rejection) => (StatusCode::IM_A_TEAPOT, rejection.status().to_string()),
        }
    }
    let app = Router::new()
        .route("/", post(receive))
        .with_state(AppState {
            secret: WebhookSecret::new(SECRET),
            name: "receiver",
        });
    let (status, _, _) = send(
        app.clone(),
        "/",
        Some(&bearer()),
        fixture("test_seed_ping.json"),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, text) = send(app, "/", None, fixture("test_seed_ping.json")).await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::IM_A_TEAPOT, "401 Unauthorized")
    );
}

#[tokio::test]
async fn a_body_that_cannot_be_read_is_400() {
    let failing = futures_util::stream::iter([Err::<axum::body::Bytes, std::io::Error>(
        std::io::Error::other("connection reset"),
    )]);
    let response = app(WebhookSecret::new(SECRET))
        .oneshot(
            Request::post("/any")
                .header(header::AUTHORIZATION, bearer())
                .body(Body::from_stream(failing))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let text = to_bytes(response.into_body(), 1 << 10).await.unwrap();
    assert_eq!(text.as_ref(), b"the body could not be read\n");
}
