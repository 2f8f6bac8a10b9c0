//! The samples users test their handlers with: every kind and question type, each parsing to its
//! typed value and round-tripping.

use sprig_events::samples::{self, ALL};
use sprig_events::webhook::QuestionKind;
use sprig_events::{parse_webhook, WebhookEvent, WebhookKind};

#[test]
fn every_kind_and_question_type_has_a_sample() {
    for &kind in WebhookKind::ALL {
        let sample = samples::webhook(kind);
        assert_eq!(sample.kind, kind, "{kind}");
    }
    for &question in QuestionKind::ALL {
        let sample = samples::answer(question);
        assert_eq!(sample.question, Some(question), "{question}");
        assert_eq!(sample.kind, WebhookKind::AnswerSubmitted);
    }
}

#[test]
fn every_sample_parses_to_its_kind_and_round_trips() {
    for sample in ALL {
        let event = sample
            .event()
            .unwrap_or_else(|e| panic!("{}: {e}", sample.name));
        assert_eq!(event.kind(), sample.kind, "{}", sample.name);
        if let WebhookEvent::AnswerSubmitted(answer) = &event {
            assert_eq!(
                answer.question_type().kind(),
                sample.question,
                "{}",
                sample.name
            );
        }
        let text = serde_json::to_vec(&event).unwrap();
        assert_eq!(parse_webhook(&text).unwrap(), event, "{}", sample.name);
    }
    let names: std::collections::HashSet<_> = ALL.iter().map(|s| s.name).collect();
    assert_eq!(names.len(), ALL.len(), "sample names are unique");
}

#[test]
fn samples_keep_the_wire_quirks() {
    let text = |question| std::str::from_utf8(samples::answer(question).body).unwrap();
    assert!(text(QuestionKind::Nps).contains(r#""response": "7""#));
    assert!(text(QuestionKind::MultipleSelect).contains(r#""selectedIndexes": "[2]""#));
    assert!(text(QuestionKind::Matrix).contains(r#""response": "{"#));
}

#[cfg(feature = "axum")]
#[tokio::test]
async fn a_sample_request_passes_the_extractor() {
    use axum::routing::post;
    use sprig_events::axum::SprigWebhook;
    use sprig_events::WebhookSecret;
    use tower::ServiceExt;

    async fn receive(SprigWebhook(event): SprigWebhook) -> String {
        event.kind().to_string()
    }
    let secret = WebhookSecret::new("s3cret");
    let app = axum::Router::new()
        .route("/hook", post(receive))
        .with_state(secret.clone());
    for sample in ALL {
        let request = sample.request("/hook", &secret).unwrap();
        assert_eq!(request.headers()["user-agent"], "axios/0.21.2");
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200, "{}", sample.name);
    }
}
