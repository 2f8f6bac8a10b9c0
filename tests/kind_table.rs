//! `WebhookKind::RULES` and the models agree: what each model writes is read back as its kind
//! by the table, each model refuses a payload the table gives to another kind, and each rule's
//! fallback (no `eventName`) still leads to its kind.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use sprig_events::webhook::{
    AnswerSubmitted, Otherwise, QuestionKind, StudySeen, StudySent, StudyStatus,
    StudyStatusChanged, StudySubmitted, TestPing, ThemeIdentified,
};
use sprig_events::webhook::{
    EnvironmentId, StatusChange, SurveyId, ThemeQuestion, VisitorId, WebhookId,
};
use sprig_events::{parse_webhook, WebhookEvent, WebhookKind};

fn at() -> DateTime<Utc> {
    "2024-05-01T10:00:00Z".parse().unwrap()
}

/// One payload of each known kind, built in code.
fn built() -> Vec<(WebhookKind, Map<String, Value>)> {
    let events: Vec<WebhookEvent> = vec![
        AnswerSubmitted::new(
            WebhookId(1),
            EnvironmentId::new("env"),
            SurveyId(7),
            VisitorId::new("v"),
            42,
            "Q?",
            at(),
        )
        .into(),
        StudySubmitted::new(
            EnvironmentId::new("env"),
            SurveyId(7),
            VisitorId::new("v"),
            42,
            at(),
        )
        .into(),
        StudySent::new(
            EnvironmentId::new("env"),
            SurveyId(7),
            VisitorId::new("v"),
            42,
            at(),
        )
        .into(),
        StudySeen::new(
            EnvironmentId::new("env"),
            SurveyId(7),
            VisitorId::new("v"),
            42,
            at(),
        )
        .into(),
        StudyStatusChanged::new(
            EnvironmentId::new("env"),
            SurveyId(7),
            StatusChange {
                from: StudyStatus::New,
                to: StudyStatus::Paused,
            },
        )
        .into(),
        ThemeIdentified::new(
            EnvironmentId::new("env"),
            "Pricing",
            ThemeQuestion::new("Q?", QuestionKind::Open),
            at(),
        )
        .into(),
        TestPing::new(WebhookId(1), EnvironmentId::new("env"), SurveyId(1)).into(),
    ];
    events
        .into_iter()
        .map(|event| {
            let Value::Object(map) = serde_json::to_value(&event).unwrap() else {
                panic!("an object")
            };
            (event.kind(), map)
        })
        .collect()
}

/// Whether the model of `kind` reads `payload`.
fn model_reads(kind: WebhookKind, payload: &Map<String, Value>) -> bool {
    let value = Value::Object(payload.clone());
    match kind {
        WebhookKind::AnswerSubmitted => serde_json::from_value::<AnswerSubmitted>(value).is_ok(),
        WebhookKind::StudySubmitted => serde_json::from_value::<StudySubmitted>(value).is_ok(),
        WebhookKind::StudySent => serde_json::from_value::<StudySent>(value).is_ok(),
        WebhookKind::StudySeen => serde_json::from_value::<StudySeen>(value).is_ok(),
        WebhookKind::StudyStatusChanged => {
            serde_json::from_value::<StudyStatusChanged>(value).is_ok()
        }
        WebhookKind::ThemeIdentified => serde_json::from_value::<ThemeIdentified>(value).is_ok(),
        WebhookKind::Test => serde_json::from_value::<TestPing>(value).is_ok(),
        _ => panic!("{kind}"),
    }
}

#[test]
fn every_rule_has_a_model_and_every_model_a_rule() {
    let kinds: Vec<WebhookKind> = WebhookKind::RULES.iter().map(|rule| rule.kind).collect();
    let modelled: Vec<WebhookKind> = built().into_iter().map(|(kind, _)| kind).collect();
    for kind in &modelled {
        assert!(kinds.contains(kind), "{kind} has no rule");
    }
    assert_eq!(kinds.len(), modelled.len());
}

#[test]
fn what_a_model_writes_the_table_reads_as_its_kind() {
    for (kind, payload) in built() {
        let text = serde_json::to_vec(&payload).unwrap();
        assert_eq!(parse_webhook(&text).unwrap().kind(), kind);
        let from_tree = WebhookEvent::from_value(Value::Object(payload)).unwrap();
        assert_eq!(from_tree.kind(), kind);
    }
}

#[test]
fn each_model_refuses_what_the_table_gives_another_kind() {
    let all = built();
    for (kind, _) in &all {
        for (other, payload) in &all {
            assert_eq!(
                model_reads(*kind, payload),
                kind == other,
                "the {kind} model on a {other} payload"
            );
        }
    }
}

#[test]
fn each_rule_decides_without_an_event_name_as_the_table_says() {
    for (kind, mut payload) in built() {
        let rule = WebhookKind::RULES
            .iter()
            .find(|rule| rule.kind == kind)
            .unwrap();
        payload.remove("eventName");
        let (key, value) = match rule.otherwise {
            Otherwise::EventTypeFirst(t) | Otherwise::EventType(t) => ("eventType", t),
            Otherwise::Action(a) => ("action", a),
            Otherwise::ThemeNameWithoutEventType => {
                assert!(payload.contains_key("themename"));
                ("themename", "Pricing")
            }
            Otherwise::Never => {
                // Without its name the payload is a kind this crate does not know.
                let text = serde_json::to_vec(&payload).unwrap();
                assert_eq!(parse_webhook(&text).unwrap().kind(), WebhookKind::Unknown);
                continue;
            }
            other => panic!("{other:?}"),
        };
        if key != "eventType" {
            // Leave only this rule's key deciding.
            payload.remove("action");
        }
        payload.insert(key.into(), value.into());
        let text = serde_json::to_vec(&payload).unwrap();
        assert_eq!(parse_webhook(&text).unwrap().kind(), kind, "{payload:?}");
    }
}
