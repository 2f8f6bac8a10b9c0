//! The axum receiver example, driven in-process: no sockets.
#![cfg(feature = "axum")]

mod common;

#[path = "../examples/axum_receiver.rs"]
mod receiver;

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use sprig_events::WebhookSecret;
use tower::ServiceExt;

const SECRET: &str = "s3cret-for-tests";

async fn post(authorization: Option<&str>, body: Vec<u8>) -> (StatusCode, String) {
    let mut request =
        Request::post("/sprig/webhook").header(header::CONTENT_TYPE, "application/json");
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    let response = receiver::router(WebhookSecret::new(SECRET))
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

fn fixture(name: &str) -> Vec<u8> {
    common::webhook_fixture(name)
}

const PING: &str = "test_seed_ping.json";

#[tokio::test]
async fn the_right_token_and_every_kind_get_200_and_the_kind() {
    let bearer = format!("Bearer {SECRET}");
    for &sample in sprig_events::samples::ALL {
        let (status, body) = post(Some(&bearer), sample.body.to_vec()).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", sample.name);
        assert_eq!(body.trim(), sample.kind.as_str(), "{}", sample.name);
    }
}

#[tokio::test]
async fn a_wrong_missing_or_malformed_token_gets_401() {
    for authorization in [
        None,
        Some("Bearer wrong"),
        Some(SECRET),
        Some("Bearer S3CRET-FOR-TESTS"),
        Some("Basic czNjcmV0"),
    ] {
        let (status, body) = post(authorization, fixture(PING)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{authorization:?}");
        assert!(!body.contains(SECRET), "{body}");
    }
}

#[tokio::test]
async fn a_malformed_body_gets_400_naming_where() {
    let (status, body) = post(
        Some(&format!("Bearer {SECRET}")),
        fixture("invalid/answer_submitted_seed_unquoted_word.json"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("line 15 column 22"), "{body}");

    let (status, body) = post(
        Some(&format!("Bearer {SECRET}")),
        br#"{"id":1,"environmentId":"e","surveyId":"x","eventType":"TEST"}"#.to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // The place, not the value: the body may hold a respondent's words.
    assert_eq!(body.trim(), "bad webhook payload at `surveyId`");
}

#[tokio::test]
async fn an_empty_secret_refuses_everything() {
    let response = receiver::router(WebhookSecret::new(""))
        .oneshot(
            Request::post("/sprig/webhook")
                .header(header::AUTHORIZATION, "Bearer ")
                .body(Body::from(fixture(PING)))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}
