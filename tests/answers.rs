//! Typed readings: answers by question type, value sets that keep unknown values.

use std::path::Path;

use serde_json::{json, Value};
use sprig_events::webhook::{
    Answer, AnswerSubmitted, Choice, Platform, QuestionKind, StudyStatus, StudyStatusChanged,
    TaskStatus,
};
use sprig_events::{parse_webhook, WebhookEvent};

fn fixture(name: &str) -> WebhookEvent {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/webhooks")
        .join(format!("{name}.json"));
    parse_webhook(&std::fs::read(path).unwrap()).unwrap()
}

fn answer(name: &str) -> AnswerSubmitted {
    match fixture(name) {
        WebhookEvent::AnswerSubmitted(a) => *a,
        other => panic!("{name} is {}", other.kind()),
    }
}

#[test]
fn nps_from_a_numeric_string_becomes_a_number() {
    let a = answer("answer_submitted_nps_numeric_string");
    let Answer::Nps(score) = a.answer() else {
        panic!("{:?}", a.answer())
    };
    assert_eq!(a.response(), Some(&json!(score)));
}

#[test]
fn uppercase_types_read_as_their_kind_and_keep_their_spelling() {
    let a = answer("answer_submitted_open_uppercase_type");
    assert_eq!(a.question_type().kind(), Some(QuestionKind::Open));
    assert_eq!(a.question_type().as_str(), "OPEN");
    assert_eq!(serde_json::to_value(&a).unwrap()["questionType"], "OPEN");
    assert!(matches!(a.answer(), Answer::Text(_)));
}

#[test]
fn open_text_that_looks_like_json_stays_text() {
    assert_eq!(
        answer("answer_submitted_open_text_looks_like_json_array").answer(),
        Answer::Text("[1,2]")
    );
    assert_eq!(
        answer("answer_submitted_open_text_looks_like_number").answer(),
        Answer::Text("42")
    );
}

#[test]
fn the_seed_multipleselect_decodes_its_stringified_list_and_indexes() {
    let a = answer("answer_submitted_seed_corrected");
    assert_eq!(a.response(), Some(&json!(["SUV"])));
    assert_eq!(
        a.answer(),
        Answer::Choices(vec![Choice {
            label: "SUV",
            index: Some(2)
        }])
    );
    assert_eq!(a.custom_metadata, Some(serde_json::Map::new()));
}

#[test]
fn multiple_choice_pairs_the_label_with_its_index() {
    match answer("answer_submitted_multiplechoice_index_stringified").answer() {
        Answer::Choice(Choice { index: Some(_), .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn structured_answers_read_by_type() {
    assert!(matches!(
        answer("answer_submitted_matrix_stringified").answer(),
        Answer::Matrix(rows) if !rows.is_empty()
    ));
    assert_eq!(
        answer("answer_submitted_consentlegal_submitted").answer(),
        Answer::Consent { submitted: true }
    );
    assert_eq!(
        answer("answer_submitted_consentlegal_null").answer(),
        Answer::Skipped
    );
    assert!(matches!(
        answer("answer_submitted_videovoice_stringified").answer(),
        Answer::Recording(recording) if recording.media_recording_uid.is_some_and(|uid| !uid.is_empty())
    ));
    assert_eq!(
        answer("answer_submitted_recordedtask_given_up").answer(),
        Answer::Task(TaskStatus::GivenUp)
    );
    assert_eq!(
        answer("answer_submitted_recordedtask_unknown_status_kept").answer(),
        Answer::Task(TaskStatus::from("skipped"))
    );
    assert_eq!(
        answer("answer_submitted_texturlprompt_skipped").answer(),
        Answer::Prompt { skipped: true }
    );
    assert_eq!(
        answer("answer_submitted_texturlprompt_absent_response").answer(),
        Answer::Prompt { skipped: false }
    );
}

#[test]
fn unknown_question_types_keep_the_raw_response() {
    let a = answer("answer_submitted_unknown_question_type_ranking");
    assert_eq!(a.question_type().kind(), None);
    assert!(matches!(a.answer(), Answer::Raw(_)));
}

#[test]
fn unknown_vendor_values_round_trip() {
    let WebhookEvent::StudySeen(seen) = fixture("study_seen_unknown_platform_kept") else {
        panic!()
    };
    let Some(Platform::Unknown(name)) = &seen.platform else {
        panic!("{:?}", seen.platform)
    };
    assert_eq!(
        serde_json::to_value(&seen).unwrap()["platform"],
        name.as_str()
    );

    let WebhookEvent::StudyStatusChanged(changed) =
        fixture("study_status_changed_unknown_status_kept")
    else {
        panic!()
    };
    let StudyStatusChanged { status, .. } = *changed;
    assert!(matches!(status, StudyStatus::Unknown(_)), "{status:?}");
    assert_eq!(StudyStatus::from("PAUSED"), StudyStatus::Paused);
    assert_eq!(String::from(StudyStatus::from("LATER")), "LATER");
}

#[test]
fn the_swapped_seed_examples_are_classified_by_payload() {
    // The doc's "Study Sent" section shows a seen payload, and the other way round.
    assert!(matches!(
        fixture("study_seen_seed_from_sent_section"),
        WebhookEvent::StudySeen(_)
    ));
    assert!(matches!(
        fixture("study_sent_seed_from_seen_section"),
        WebhookEvent::StudySent(_)
    ));
}

#[test]
fn unknown_keys_are_kept_in_extra() {
    let WebhookEvent::StudySeen(seen) = fixture("study_seen_seed_from_sent_section") else {
        panic!()
    };
    assert_eq!(seen.team_id, Some(0));
    let WebhookEvent::ThemeIdentified(theme) = fixture("theme_identified_offset_and_extra_fields")
    else {
        panic!()
    };
    assert!(!theme.extra.is_empty());
}

#[test]
fn null_fields_are_written_back_and_a_field_set_since_wins() {
    let WebhookEvent::StudySeen(mut seen) = fixture("study_seen_seed_from_sent_section") else {
        panic!()
    };
    assert_eq!(seen.user_id, None);
    let out = serde_json::to_value(&seen).unwrap();
    assert_eq!(out["userId"], Value::Null);
    assert!(out.as_object().unwrap().contains_key("userId"));

    seen.user_id = Some("u-42".into());
    assert_eq!(serde_json::to_value(&seen).unwrap()["userId"], "u-42");
    // Written as text, the key is there once, and the text parses back to the edited event.
    let text = serde_json::to_string(&seen).unwrap();
    assert_eq!(text.matches(r#""userId""#).count(), 1);
    assert_eq!(
        parse_webhook(text.as_bytes()).unwrap(),
        WebhookEvent::StudySeen(seen)
    );
}

#[test]
fn nps_categories_follow_the_net_promoter_bands() {
    use sprig_events::webhook::NpsCategory;
    let categories: Vec<_> = (0..=11).map(NpsCategory::of).collect();
    assert_eq!(categories[..7], [Some(NpsCategory::Detractor); 7]);
    assert_eq!(categories[7..9], [Some(NpsCategory::Passive); 2]);
    assert_eq!(categories[9..11], [Some(NpsCategory::Promoter); 2]);
    assert_eq!(categories[11], None);
    let a = answer("answer_submitted_nps_integer");
    assert!(a.answer().nps_category().is_some());
    assert_eq!(
        answer("answer_submitted_likert_integer")
            .answer()
            .nps_category(),
        None
    );
}

#[test]
fn an_answer_logs_as_one_line_with_nothing_but_the_answer() {
    let mut seen = 0;
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/webhooks")).unwrap()
    {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("answer_submitted_") {
            continue;
        }
        let a = answer(&name);
        let line = a.answer().to_string();
        assert!(!line.contains('\n'), "{name}: {line}");
        assert!(line.chars().count() <= 200, "{name}: {line}");
        for private in [
            Some(a.visitor_id.as_str()),
            a.email.as_deref(),
            a.user_id.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|value| value.len() > 3)
        {
            assert!(!line.contains(private), "{name}: {line} shows {private}");
        }
        seen += 1;
    }
    assert!(seen > 30, "{seen}");
    assert_eq!(
        answer("answer_submitted_nps_integer")
            .answer()
            .to_string()
            .split(' ')
            .next(),
        Some("nps")
    );
}

/// A `multipleselect` answer given as one label keeps it whatever it looks like, from a webhook
/// and from the export, and writes it back as it came; text that opens as a list of labels
/// does but is broken, or a list stringified twice, is still refused.
#[test]
fn a_multipleselect_label_that_reads_as_json_stays_a_label() {
    let labels = [
        "10",
        "2024",
        "true",
        "false",
        "-1",
        "[Beta] dark mode",
        " [x] Other",
        "\"Other\" option",
        "\"Other\"",
        "{curly} option",
        "{\"a\": 1}",
    ];
    let mut webhook: Value = serde_json::from_slice(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/webhooks/answer_submitted_multipleselect_json_list.json"),
        )
        .unwrap(),
    )
    .unwrap();
    webhook["selectedIndexes"] = json!([2]);
    let record = |response: &str| {
        json!({"data": [{
            "createdAt": "2022-07-27T21:12:13.159Z",
            "questionId": 201373,
            "questionText": "Which seat counts?",
            "questionType": "MULTIPLESELECT",
            "response": response,
            "responseGroupUid": "b96b109f-040c-412a-9ca4-4d694ccaec90",
            "selectedIndexes": [2],
            "surveyId": 1,
        }]})
        .to_string()
    };
    for label in labels {
        let expected = Answer::Choices(vec![Choice {
            label,
            index: Some(2),
        }]);
        webhook["response"] = json!(label);
        let event = parse_webhook(webhook.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{label:?}: {e}"));
        let WebhookEvent::AnswerSubmitted(answer) = &event else {
            panic!("{label:?}: {}", event.kind())
        };
        assert_eq!(answer.answer(), expected, "{label:?}");
        let written = serde_json::to_value(&event).unwrap();
        assert_eq!(written["response"], json!(label), "{label:?}");
        assert_eq!(
            parse_webhook(written.to_string().as_bytes()).unwrap(),
            event,
            "{label:?}"
        );

        let page = sprig_events::export::parse_responses(record(label).as_bytes())
            .unwrap_or_else(|e| panic!("{label:?}: {e}"));
        assert_eq!(page.data[0].answer(), expected, "{label:?}");
        let written = serde_json::to_value(&page).unwrap();
        assert_eq!(written["data"][0]["response"], json!(label), "{label:?}");
    }
    for refused in [r#"["SUV""#, r#"[ "SUV", "#, r#"[]]"#, r#""[\"SUV\"]""#] {
        webhook["response"] = json!(refused);
        let err = parse_webhook(webhook.to_string().as_bytes()).unwrap_err();
        assert_eq!(err.path(), Some("response"), "{refused:?}: {err}");
        let err = sprig_events::export::parse_responses(record(refused).as_bytes()).unwrap_err();
        assert_eq!(err.path(), Some("data[0].response"), "{refused:?}: {err}");
    }
}
