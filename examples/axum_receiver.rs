//! A Sprig webhook receiver on axum: checks the bearer token, parses the body, answers
//! 401 / 400 / 200, and logs what happened without the secret or anyone's answers.
//!
//! ```text
//! SPRIG_WEBHOOK_SECRET=s3cret cargo run --example axum_receiver
//! curl -i http://127.0.0.1:3000/sprig/webhook -H 'authorization: Bearer s3cret' \
//!   -H 'content-type: application/json' \
//!   -d '{"id":1,"environmentId":"abc123","surveyId":1,"surveyName":"TEST_SURVEY","eventType":"TEST"}'
//! ```
//!
//! `tests/axum_receiver.rs` drives the same router in-process.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use sprig_events::{parse_webhook, WebhookEvent, WebhookSecret};

/// The receiver's routes: `POST /sprig/webhook`.
pub fn router(secret: WebhookSecret) -> Router {
    Router::new()
        .route("/sprig/webhook", post(receive))
        .with_state(Arc::new(secret))
}

async fn receive(
    State(secret): State<Arc<WebhookSecret>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    if let Err(refused) = secret.verify(authorization) {
        // The reason is safe to log: it never contains the secret or the token.
        eprintln!("sprig webhook refused: {refused}");
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "unauthorized\n",
        )
            .into_response();
    }
    match parse_webhook(&body) {
        Ok(event) => {
            // Kind and ids only: answers, e-mails and attributes stay out of the log.
            eprintln!(
                "sprig webhook: {} environment={:?} survey={:?}",
                event.kind(),
                event.environment_id().unwrap_or(""),
                event.survey_id()
            );
            handle(&event);
            (StatusCode::OK, format!("{}\n", event.kind())).into_response()
        }
        Err(error) => {
            // The sender sees the whole message (it is their data); the log gets the field only,
            // since the message may quote a respondent's answer.
            eprintln!(
                "sprig webhook rejected: bad payload at {:?}",
                error.path().unwrap_or("(syntax)")
            );
            (StatusCode::BAD_REQUEST, format!("{error}\n")).into_response()
        }
    }
}

/// Where a real service would store the answer, enqueue work, …
fn handle(event: &WebhookEvent) {
    if let WebhookEvent::AnswerSubmitted(answer) = event {
        let _ = answer.answer();
    }
}

#[allow(dead_code)] // `tests/axum_receiver.rs` includes this file and uses `router` only.
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let secret = std::env::var("SPRIG_WEBHOOK_SECRET").unwrap_or_default();
    if secret.is_empty() {
        eprintln!("set SPRIG_WEBHOOK_SECRET: an empty secret would refuse every request");
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    eprintln!(
        "listening on http://{}/sprig/webhook",
        listener.local_addr()?
    );
    axum::serve(listener, router(WebhookSecret::new(secret))).await
}
