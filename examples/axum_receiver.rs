//! A Sprig webhook receiver on axum: the `axum` feature's extractor checks the bearer token,
//! reads and parses the body, and answers 401 / 413 / 400 by itself; the handler logs what
//! arrived without anyone's answers.
//!
//! ```text
//! SPRIG_WEBHOOK_SECRET=s3cret cargo run --features axum --example axum_receiver
//! curl -i http://127.0.0.1:3000/sprig/webhook -H 'authorization: Bearer s3cret' \
//!   -H 'content-type: application/json' \
//!   -d '{"id":1,"environmentId":"abc123","surveyId":1,"surveyName":"TEST_SURVEY","eventType":"TEST"}'
//! ```
//!
//! `tests/axum_receiver.rs` drives the same router in-process.

use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use sprig_events::axum::{SprigWebhook, SprigWebhookRejection};
use sprig_events::{WebhookEvent, WebhookSecret};

/// The receiver's routes: `POST /sprig/webhook`.
pub fn router(secret: WebhookSecret) -> Router {
    Router::new()
        .route("/sprig/webhook", post(receive))
        .with_state(secret)
}

async fn receive(
    extracted: Result<SprigWebhook, SprigWebhookRejection>,
) -> Result<(StatusCode, String), SprigWebhookRejection> {
    // The rejection's text names where a payload went wrong, never what it held: safe to log.
    let SprigWebhook(event) =
        extracted.inspect_err(|refused| eprintln!("sprig webhook refused: {refused}"))?;
    // Kind and ids only: answers, e-mails and attributes stay out of the log.
    eprintln!(
        "sprig webhook: {} environment={:?} survey={:?}",
        event.kind(),
        event.environment_id().unwrap_or(""),
        event.survey_id()
    );
    handle(&event);
    Ok((StatusCode::OK, format!("{}\n", event.kind())))
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
