//! The export API: every fixture page parses, round-trips and reads as its question type; bad
//! pages are errors with a path; the requests, the pager and the reconcile helper.

mod common;

use std::fs;
use std::path::Path;

use serde_json::{json, Value};
use sprig_events::api::ApiKey;
use sprig_events::export::{
    missing_answers, parse_responses, parse_surveys, ExportApi, InvalidLimit, ReceivedAnswers,
    ResponsesPage, ResponsesQuery, SurveysQuery,
};
use sprig_events::source::Loose;
use sprig_events::webhook::{Answer, MaxDiffSide, QuestionKind, StudyStatus, SurveyId};
use sprig_events::{parse_webhook, WebhookEvent};

fn export_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/export")
}

/// The page fixtures (`*.json` but not `*.invalid.json`).
fn pages() -> Vec<(String, Vec<u8>)> {
    common::fixtures("export")
        .into_iter()
        .filter(|path| !path.to_string_lossy().ends_with(".invalid.json"))
        .map(|path| (common::name(&path), fs::read(&path).unwrap()))
        .collect()
}

/// Whether an answer is the variant its question type names.
fn is_variant_of(kind: Option<QuestionKind>, answer: &Answer<'_>) -> bool {
    use QuestionKind as K;
    matches!(
        (kind, answer),
        (_, Answer::Skipped)
            | (Some(K::Open), Answer::Text(_))
            | (Some(K::Nps), Answer::Nps(_))
            | (Some(K::Likert), Answer::Likert(_))
            | (Some(K::MultipleChoice), Answer::Choice(_))
            | (Some(K::MultipleSelect), Answer::Choices(_))
            | (Some(K::Matrix), Answer::Matrix(_))
            | (Some(K::ConsentLegal), Answer::Consent { .. })
            | (Some(K::VideoVoice), Answer::Recording(_))
            | (Some(K::RecordedTask), Answer::Task(_))
            | (Some(K::TextUrlPrompt), Answer::Prompt { .. })
            | (Some(K::RankOrder), Answer::RankOrder(_))
            | (Some(K::MaxDiff), Answer::MaxDiff(_))
            | (None, Answer::Raw(_))
    )
}

#[test]
fn every_page_parses_round_trips_and_reads_as_its_question_type() {
    let pages = pages();
    assert!(pages.len() >= 20, "{} page fixtures", pages.len());
    for (name, bytes) in pages {
        let page = parse_responses(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let out = serde_json::to_value(&page).unwrap();
        let again = parse_responses(&serde_json::to_vec(&page).unwrap())
            .unwrap_or_else(|e| panic!("{name}: canonical output does not parse: {e}"));
        assert_eq!(
            again, page,
            "{name}: parse → write → parse changed the page"
        );
        let via_tree: ResponsesPage = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(
            via_tree, page,
            "{name}: Deserialize and parse_responses disagree"
        );
        // The reference's examples (and every page without a quirk to canonicalize) come back
        // as the same JSON, key for key.
        if !name.contains("stringified")
            && !name.contains("numbers_as_strings")
            && name != "responses_all_flags"
        {
            assert_eq!(out, original, "{name}: written back differently");
        }
        for (i, response) in page.data.iter().enumerate() {
            let kind = response.question_type().kind();
            let answer = response.answer();
            assert!(
                is_variant_of(kind, &answer),
                "{name}: data[{i}] {kind:?} read as {answer:?}"
            );
            let _ = answer.to_string();
            let _ = answer.nps_category();
        }
    }
}

#[test]
fn the_reference_examples_are_all_there_and_typed() {
    let answer_of = |name: &str| -> String {
        let bytes = fs::read(export_dir().join(format!("{name}.json"))).unwrap();
        let page = parse_responses(&bytes).unwrap();
        format!("{:?}", page.data[0].answer())
    };
    assert_eq!(answer_of("responses_nps"), "Nps(5)");
    assert_eq!(answer_of("responses_likert"), "Likert(5)");
    assert_eq!(
        answer_of("responses_consentlegal"),
        "Consent { submitted: true }"
    );
    assert_eq!(
        answer_of("responses_texturlprompt"),
        "Prompt { skipped: false }"
    );
    assert!(answer_of("responses_multiplechoice")
        .starts_with(r#"Choice(Choice { label: "Option 2", index: Some(2) })"#));
    assert!(answer_of("responses_multipleselect")
        .starts_with(r#"Choices([Choice { label: "Option 2", index: None }])"#));
    assert!(answer_of("responses_open_text").starts_with("Text(\"So many questions."));
}

#[test]
fn rank_order_and_maxdiff_from_the_export() {
    let bytes = fs::read(export_dir().join("responses_rankorder.json")).unwrap();
    let page = parse_responses(&bytes).unwrap();
    let Answer::RankOrder(ranked) = page.data[0].answer() else {
        panic!()
    };
    let order: Vec<(&str, u32)> = ranked.iter().map(|r| (r.option, r.rank)).collect();
    assert_eq!(order, [("apple", 1), ("ball", 2), ("questions", 3)]);

    let bytes = fs::read(export_dir().join("responses_maxdiff.json")).unwrap();
    let page = parse_responses(&bytes).unwrap();
    let Answer::MaxDiff(rounds) = page.data[0].answer() else {
        panic!()
    };
    assert_eq!(rounds.len(), 5);
    assert_eq!(rounds[0].options.len(), 4);
    assert_eq!(rounds[0].left().map(|o| o.option), Some("Puppies"));
    assert_eq!(
        rounds[0].right().map(|o| (o.id, o.option)),
        Some((Some(161748), "Sharks"))
    );
    assert_eq!(
        rounds[4].picked(&MaxDiffSide::Right).map(|o| o.option),
        Some("Snakes")
    );
    assert_eq!(rounds[1].options[0].selected, None);
}

#[test]
fn recordings_read_as_the_export_shows_them() {
    let bytes = fs::read(export_dir().join("responses_videovoice.json")).unwrap();
    let page = parse_responses(&bytes).unwrap();
    let Answer::Recording(recording) = page.data[0].answer() else {
        panic!()
    };
    assert_eq!(recording.upload_id, Some("uploadId"));
    assert_eq!(recording.media_type, Some("video"));
    assert_eq!(recording.duration, Some(42.923667));
    assert_eq!(
        recording.download_url,
        Some("https://stream.mux.com/random_id/high.mp4")
    );
    assert!(recording.transcription.unwrap().starts_with("Hey there!"));
    assert_eq!(recording.media_recording_uid, None);
}

#[test]
fn flags_numbers_as_strings_and_case() {
    let page =
        parse_responses(&fs::read(export_dir().join("responses_all_flags.json")).unwrap()).unwrap();
    let record = &page.data[0];
    let meta = record.meta.as_ref().and_then(Loose::typed).unwrap();
    assert_eq!(
        meta.language.as_ref().and_then(Loose::typed).unwrap(),
        "en-GB"
    );
    assert_eq!(meta.extra["colorDepth"], 24);
    assert_eq!(record.not_as_expected(), Vec::<String>::new());
    let snapshot = record.visitor_snapshot.as_ref().unwrap();
    assert_eq!(snapshot.attributes.as_ref().unwrap()["seats"], 12);
    assert_eq!(snapshot.external_user_id.as_deref(), Some("4211"));
    assert_eq!(snapshot.visitor_id, Some(0));
    assert_eq!(
        record.custom_metadata.as_ref().unwrap()["campaign"],
        "spring"
    );
    assert_eq!(record.extra["studyName"], "Reports feedback");
    assert_eq!(page.extra["requestId"], "req-1");
    let out = serde_json::to_value(&page).unwrap();
    assert_eq!(
        out["data"][0]["deletedAt"],
        Value::Null,
        "a null kept as null"
    );
    assert_eq!(out["data"][0]["meta"]["client"]["width"], json!(1440.5));

    let page = parse_responses(
        &fs::read(export_dir().join("responses_numbers_as_strings_lowercase_type.json")).unwrap(),
    )
    .unwrap();
    assert_eq!((page.data[0].survey_id, page.data[0].question_id), (1, 2));
    assert_eq!(page.data[0].answer(), Answer::Nps(9));
    assert_eq!(page.data[0].external_user_id.as_deref(), Some("42"));
    assert_eq!(page.data[0].question_type().as_str(), "nps");

    let page = parse_responses(&fs::read(export_dir().join("themes_page.json")).unwrap()).unwrap();
    assert_eq!(page.data[0].theme.as_deref(), Some("Performance"));
}

#[test]
fn nested_numbers_in_new_answers_are_canonical() {
    let record = |question_type: &str, response: Value| {
        json!({"cursor": null, "data": [{"surveyId": 1, "questionId": 2, "questionType": question_type,
            "response": response, "createdAt": "2024-01-26T18:58:32.835Z",
            "responseGroupUid": "b96b109f-040c-412a-9ca4-4d694ccaec90"}]})
        .to_string()
    };
    let page =
        parse_responses(record("RANKORDER", json!({"a": "2", "b": 1.0})).as_bytes()).unwrap();
    assert_eq!(page.data[0].response(), Some(&json!({"a": 2, "b": 1})));
    let page = parse_responses(
        record(
            "maxdiff",
            json!([[{"id": "7", "option": "x", "selected": "left", "extra": true}]]),
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(
        page.data[0].response(),
        Some(&json!([[{"id": 7, "option": "x", "selected": "left", "extra": true}]]))
    );
    // An unknown side is kept, not refused.
    let page = parse_responses(
        record("MAXDIFF", json!([[{"option": "x", "selected": "middle"}]])).as_bytes(),
    )
    .unwrap();
    let Answer::MaxDiff(rounds) = page.data[0].answer() else {
        panic!()
    };
    assert_eq!(
        rounds[0].options[0]
            .selected
            .as_ref()
            .map(MaxDiffSide::as_str),
        Some("middle")
    );
}

#[test]
fn bad_pages_are_errors_with_a_path() {
    let expected = [
        ("trailing_comma_from_old_docs", None),
        ("comment_placeholder_from_old_docs", None),
        ("nps_out_of_range", Some("data[1].response")),
        ("rankorder_rank_not_a_number", Some("data[1].response")),
        ("maxdiff_round_not_a_list", Some("data[1].response")),
        ("created_at_not_rfc3339", Some("data[1].createdAt")),
        ("question_id_negative", Some("data[1].questionId")),
        ("data_not_a_list", Some("data")),
        (
            "missing_response_group_uid",
            Some("data[0].responseGroupUid"),
        ),
    ];
    let files: Vec<_> = common::fixtures("export")
        .into_iter()
        .filter(|path| path.to_string_lossy().ends_with(".invalid.json"))
        .collect();
    assert_eq!(
        files.len(),
        expected.len(),
        "every invalid fixture has its expectation"
    );
    for (name, path) in expected {
        let bytes = fs::read(export_dir().join(format!("{name}.invalid.json"))).unwrap();
        let err = parse_responses(&bytes).expect_err(name);
        assert_eq!(err.path(), path, "{name}: {err}");
        if path.is_none() {
            assert!(
                err.position().is_some(),
                "{name}: broken JSON says where: {err}"
            );
        }
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn webhooks_of_the_new_types_give_the_new_answers() {
    let event = |name: &str| parse_webhook(&common::webhook_fixture(name)).unwrap();
    let WebhookEvent::AnswerSubmitted(rank) = event("answer_submitted_rankorder_stringified.json")
    else {
        panic!()
    };
    let Answer::RankOrder(ranked) = rank.answer() else {
        panic!("{:?}", rank.answer())
    };
    assert_eq!(ranked[0].option, "Weekly plan");
    let WebhookEvent::AnswerSubmitted(maxdiff) =
        event("answer_submitted_maxdiff_stringified_uppercase_type.json")
    else {
        panic!()
    };
    let Answer::MaxDiff(rounds) = maxdiff.answer() else {
        panic!("{:?}", maxdiff.answer())
    };
    assert_eq!(rounds[1].left().map(|o| o.option), Some("Design"));
    assert_eq!(maxdiff.answer().to_string(), "maxdiff of 2 rounds");
    assert_eq!(
        rank.answer().to_string(),
        r#"rank order ["Weekly plan", "Heart-rate zones", "Recovery score"]"#
    );
}

#[test]
fn requests_carry_the_query() {
    let api = ExportApi::new(ApiKey::new("k")).with_base_url("http://127.0.0.1:9/");
    let query = ResponsesQuery::new()
        .with_limit(1000)
        .unwrap()
        .with_survey(SurveyId(30405))
        .with_cursor("a b/c=")
        .with_snapshots(true)
        .with_urls(false)
        .with_meta(true)
        .with_custom_metadata(true)
        .with_deleted_responses(true);
    let request = api.responses(&query);
    assert_eq!(request.method().as_str(), "GET");
    assert_eq!(
        request.url(),
        "http://127.0.0.1:9/v1/responses?limit=1000&sid=30405&cursor=a%20b%2Fc%3D&with_snapshots=true&with_urls=false&with_meta=true&with_custom_metadata=true&with_deleted_responses=true"
    );
    assert_eq!(request.header("authorization"), Some("Bearer k"));
    assert!(request.body().is_empty());
    assert_eq!(
        api.responses(&ResponsesQuery::new()).url(),
        "http://127.0.0.1:9/v1/responses"
    );
    assert_eq!(
        api.themes(&ResponsesQuery::new().with_survey(SurveyId(1)))
            .url(),
        "http://127.0.0.1:9/v1/themes?sid=1"
    );
    assert_eq!(
        api.surveys(&SurveysQuery::new().with_limit(5).unwrap())
            .url(),
        "http://127.0.0.1:9/v1/surveys?limit=5"
    );
    assert_eq!(
        ResponsesQuery::new().with_limit(1001),
        Err(InvalidLimit(1001))
    );
    assert_eq!(ResponsesQuery::new().with_limit(0), Err(InvalidLimit(0)));
    assert_eq!(
        SurveysQuery::new().with_limit(1001),
        Err(InvalidLimit(1001))
    );
}

fn page_with_cursor(cursor: Option<&str>) -> ResponsesPage {
    ResponsesPage::default().with_cursor(cursor.map(str::to_owned))
}

#[test]
fn the_pager_follows_cursors_and_stops() {
    let api = ExportApi::new(ApiKey::new("k"));
    let mut pager = api.responses_pager(ResponsesQuery::new().with_survey(SurveyId(7)));
    assert_eq!(
        pager.first().url(),
        "https://api.sprig.com/v1/responses?sid=7"
    );
    let next = pager.next_request(&page_with_cursor(Some("c2"))).unwrap();
    assert_eq!(
        next.url(),
        "https://api.sprig.com/v1/responses?sid=7&cursor=c2"
    );
    assert_eq!(pager.first(), next, "the pager moved on");
    let next = pager.next_request(&page_with_cursor(Some("c3"))).unwrap();
    assert!(next.url().ends_with("cursor=c3"));
    assert!(pager.next_request(&page_with_cursor(None)).is_none());
    assert!(!pager.stalled());
    assert!(pager.next_request(&page_with_cursor(Some(""))).is_none());
    // A server that gives back the cursor it was asked for would loop: stop, and say so.
    assert!(pager.next_request(&page_with_cursor(Some("c3"))).is_none());
    assert!(pager.stalled());

    let mut surveys = api.surveys_pager(SurveysQuery::new());
    let page = parse_surveys(br#"{"cursor": "s2", "data": [{"id": "12", "status": "IN_PROGRESS", "name": "Onboarding"}, {"id": 13, "status": "SUNSET"}]}"#).unwrap();
    assert_eq!(page.data[0].id, Some(12));
    assert_eq!(page.data[0].status, Some(StudyStatus::InProgress));
    assert_eq!(
        page.data[1].status.as_ref().map(StudyStatus::as_str),
        Some("SUNSET")
    );
    assert_eq!(page.data[0].extra["name"], "Onboarding");
    assert_eq!(
        surveys.next_request(&page).unwrap().url(),
        "https://api.sprig.com/v1/surveys?cursor=s2"
    );
    let mut themes = api.themes_pager(ResponsesQuery::new());
    assert!(themes
        .next_request(&page_with_cursor(Some("t2")))
        .unwrap()
        .url()
        .ends_with("/v1/themes?cursor=t2"));
}

#[test]
fn reconcile_names_the_answers_never_received() {
    let received = parse_webhook(&common::webhook_fixture(
        "answer_submitted_nps_integer.json",
    ))
    .unwrap();
    let WebhookEvent::AnswerSubmitted(received) = received else {
        panic!()
    };
    let record = |uid: &str, question: Option<&str>, deleted: bool| {
        let mut record = json!({"surveyId": 1, "questionId": 2, "questionType": "OPEN",
            "response": "x", "createdAt": "2024-01-26T18:58:32.835Z", "responseGroupUid": uid});
        if let Some(question) = question {
            record["questionText"] = question.into();
        }
        if deleted {
            record["deletedAt"] = "2024-02-01T00:00:00Z".into();
        }
        record
    };
    let uid = received.response_group_uid.to_string();
    let other = "9d52a356-7b13-41ce-b0b4-95761512caf6";
    let body = json!({"cursor": null, "data": [
        record(&uid.to_uppercase(), Some(&received.question), false), // received (UUID case differs)
        record(&uid, Some("Another question"), false),               // same visit, other question
        record(other, Some(&received.question), false),              // other visit, same question
        record(other, None, false),                                  // cannot be matched: missing
        record(other, Some("Deleted"), true),                        // deleted: nothing to backfill
    ]});
    let page = parse_responses(body.to_string().as_bytes()).unwrap();
    let missed: Vec<usize> = missing_answers([&*received], &page)
        .iter()
        .map(|m| page.data.iter().position(|r| std::ptr::eq(r, *m)).unwrap())
        .collect();
    assert_eq!(missed, [1, 2, 3]);

    let mut set = ReceivedAnswers::new();
    assert_eq!(set.missing(&page).len(), 4);
    set.record(&WebhookEvent::AnswerSubmitted(received.clone()));
    set.record(&parse_webhook(&common::webhook_fixture("test_seed_ping.json")).unwrap());
    assert_eq!(set.len(), 1);
    assert_eq!(set.missing(&page).len(), 3);
}

#[test]
fn snapshots() {
    insta::glob!("../fixtures/export", "*.json", |path| {
        if path.to_string_lossy().ends_with(".invalid.json") {
            return;
        }
        let page = parse_responses(&fs::read(path).unwrap()).unwrap();
        let answers: Vec<String> = page.data.iter().map(|r| r.answer().to_string()).collect();
        insta::assert_json_snapshot!(json!({"answers": answers, "canonical": page}));
    });
}

/// A Study Submitted lists every question of the study, answered or not: a question listed
/// without a response delivered no answer, so its exported answer is still missing.
#[test]
fn reconcile_counts_only_the_answered_questions_of_a_study_submitted() {
    let body = common::webhook_fixture("study_submitted_many_questions_typed.json");
    let study: Value = serde_json::from_slice(&body).unwrap();
    let questions = study["questions"].as_array().unwrap();
    let unanswered: Vec<&str> = questions
        .iter()
        .filter(|q| q["response"].is_null())
        .map(|q| q["question"].as_str().unwrap())
        .collect();
    assert_eq!(
        unanswered.len(),
        2,
        "the fixture has two questions left unanswered"
    );
    let data: Vec<Value> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            json!({"surveyId": study["surveyId"], "questionId": i, "questionType": "OPEN",
                "questionText": q["question"], "response": "answered later",
                "createdAt": "2024-01-26T18:58:32.835Z",
                "responseGroupUid": study["responseGroupUid"]})
        })
        .collect();
    let page =
        parse_responses(json!({"cursor": null, "data": data}).to_string().as_bytes()).unwrap();

    let mut set = ReceivedAnswers::new();
    set.record(&parse_webhook(&body).unwrap());
    assert_eq!(set.len(), questions.len() - unanswered.len());
    let missed: Vec<&str> = set
        .missing(&page)
        .iter()
        .map(|r| r.question_text.as_deref().unwrap())
        .collect();
    assert_eq!(missed, unanswered);
}

/// Sprig documents the keys of `meta` but not their types: a value of another type is kept as
/// it came, written back unchanged and named, and the record (and its page) still reads.
#[test]
fn meta_values_of_other_types_are_kept_and_named() {
    let mut all_flags: Value =
        serde_json::from_slice(&fs::read(export_dir().join("responses_all_flags.json")).unwrap())
            .unwrap();
    let odd = [
        ("/meta/client/height", json!("912")),
        ("/meta/client/width", json!(null)),
        ("/meta/browser", json!({"name": "Firefox", "version": 127})),
        ("/meta/language", json!(["en-GB", "en"])),
        ("/meta/os", json!(14.5)),
        ("/meta/userAgent", json!(false)),
        ("/meta/href", json!("https://app.example.com/reports")),
    ];
    for (pointer, value) in &odd {
        *all_flags["data"][0].pointer_mut(pointer).unwrap() = value.clone();
    }
    let page = parse_responses(all_flags.to_string().as_bytes()).unwrap();
    // Every value but the null and the string where a string belongs, by its path.
    assert_eq!(
        page.data[0].not_as_expected(),
        [
            "meta.browser",
            "meta.client.height",
            "meta.language",
            "meta.os",
            "meta.userAgent"
        ]
    );
    let out = serde_json::to_value(&page).unwrap();
    for (pointer, value) in &odd {
        assert_eq!(
            out.pointer(&format!("/data/0{pointer}")),
            Some(value),
            "{pointer}"
        );
    }
    assert_eq!(parse_responses(out.to_string().as_bytes()).unwrap(), page);

    // `meta` itself, and `meta.client`, kept when not an object.
    for (pointer, value) in [("/meta/client", json!("1440x912")), ("/meta", json!("n/a"))] {
        *all_flags["data"][0].pointer_mut(pointer).unwrap() = value.clone();
        let page = parse_responses(all_flags.to_string().as_bytes()).unwrap();
        let path = pointer.trim_start_matches('/').replace('/', ".");
        assert!(page.data[0].not_as_expected().contains(&path), "{path}");
        let out = serde_json::to_value(&page).unwrap();
        assert_eq!(out.pointer(&format!("/data/0{pointer}")), Some(&value));
    }
}

/// A `meta` key given twice keeps its last value, as JavaScript reads it: the page still reads.
#[test]
fn a_meta_key_given_twice_keeps_its_last_value() {
    let page = parse_responses(
        br#"{"cursor": null, "data": [{"surveyId": 1, "questionId": 2, "questionType": "NPS",
        "response": 9, "createdAt": "2024-01-26T18:58:32.835Z",
        "responseGroupUid": "b96b109f-040c-412a-9ca4-4d694ccaec90",
        "meta": {"browser": "a", "browser": 5, "client": {"width": 1, "width": "2"}}}]}"#,
    )
    .unwrap();
    assert_eq!(
        page.data[0].not_as_expected(),
        ["meta.browser", "meta.client.width"]
    );
    let meta = serde_json::to_value(&page).unwrap()["data"][0]["meta"].clone();
    assert_eq!(meta, json!({"browser": 5, "client": {"width": "2"}}));
}
