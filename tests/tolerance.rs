//! The tolerance table of the crate docs ("Tolerant in, canonical out"), row by row: one test
//! per row, each on that row's fixtures, checking what is accepted, how it reads through the
//! public API, how it is written (`serde_json::to_value`), and what is refused.
//!
//! Each test gathers every disagreement with its row before failing, so one run shows them all.

use std::fmt::Debug;
use std::fs;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use sprig_events::destination::{route, sprig_call, Action, Route, SkipReason};
use sprig_events::source::{CallType, Loose, SpecFinding, TextOrNumber, Track};
use sprig_events::webhook::{
    Answer, AnswerSubmitted, EventType, Platform, QuestionKind, QuestionType, QuestionTypeId,
    ResponseGroupUid, SelectedIndexes, StudySeen, StudySent, StudyStatus, TaskStatus,
};
use sprig_events::{parse_batch, parse_source_event, parse_webhook, SourceEvent, WebhookEvent};

/// `fixtures/<path>`, as bytes.
fn read(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path);
    fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// A fixture, parsed: the event, the JSON it came as, and the JSON it is written as.
struct Parsed<E> {
    name: String,
    event: E,
    original: Value,
    out: Value,
}

/// The disagreements of one row with the table, reported together by [`Row::finish`].
struct Row {
    row: &'static str,
    failures: Vec<String>,
}

impl Row {
    fn new(row: &'static str) -> Self {
        Row {
            row,
            failures: Vec::new(),
        }
    }

    fn check(&mut self, ok: bool, what: impl Into<String>) {
        if !ok {
            self.failures.push(what.into());
        }
    }

    fn eq<T: PartialEq + Debug>(&mut self, what: impl AsRef<str>, got: T, want: T) {
        if got != want {
            self.failures.push(format!(
                "{}: got {got:?}, the table says {want:?}",
                what.as_ref()
            ));
        }
    }

    /// `fixtures/webhooks/<name>.json`, parsed and written back; `None` (noted) if it is refused.
    fn webhook(&mut self, name: &str) -> Option<Parsed<WebhookEvent>> {
        let bytes = read(&format!("webhooks/{name}.json"));
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        match parse_webhook(&bytes) {
            Ok(event) => {
                let out = serde_json::to_value(&event).unwrap();
                Some(Parsed {
                    name: name.to_owned(),
                    event,
                    original,
                    out,
                })
            }
            Err(e) => {
                self.failures
                    .push(format!("{name}: refused, but the table accepts it: {e}"));
                None
            }
        }
    }

    /// `fixtures/source/<name>.json`, parsed and written back; `None` (noted) if it is refused.
    fn source(&mut self, name: &str) -> Option<Parsed<SourceEvent>> {
        let bytes = read(&format!("source/{name}.json"));
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        match parse_source_event(&bytes) {
            Ok(event) => {
                let out = serde_json::to_value(&event).unwrap();
                Some(Parsed {
                    name: name.to_owned(),
                    event,
                    original,
                    out,
                })
            }
            Err(e) => {
                self.failures
                    .push(format!("{name}: refused, but the table accepts it: {e}"));
                None
            }
        }
    }

    /// `fixtures/webhooks/invalid/<name>.json` is refused with an error naming `field`.
    fn webhook_refused(&mut self, name: &str, field: &str) {
        match parse_webhook(&read(&format!("webhooks/invalid/{name}.json"))) {
            Ok(event) => self.failures.push(format!(
                "{name}: accepted as {}, but the table refuses it",
                event.kind()
            )),
            Err(e) => self.check(
                e.to_string().contains(field),
                format!(
                    "{name}: the error {:?} does not name {field}",
                    e.to_string()
                ),
            ),
        }
    }

    /// `fixtures/source/invalid/<name>.json` is refused with an error naming `field`.
    fn source_refused(&mut self, name: &str, field: &str) {
        let bytes = read(&format!("source/invalid/{name}.json"));
        let result = if name.starts_with("batch") {
            parse_batch(&bytes).map(|_| ())
        } else {
            parse_source_event(&bytes).map(|_| ())
        };
        match result {
            Ok(()) => self
                .failures
                .push(format!("{name}: accepted, but the table refuses it")),
            Err(e) => self.check(
                e.to_string().contains(field),
                format!(
                    "{name}: the error {:?} does not name {field}",
                    e.to_string()
                ),
            ),
        }
    }

    /// The event routes as the same event with `edit` applied (the odd value made as the spec
    /// gives it, or taken out), and that event follows the spec.
    fn routes_as_without_the_odd_value(
        &mut self,
        p: &Parsed<SourceEvent>,
        edit: impl FnOnce(&mut Value),
    ) {
        let mut plain = p.original.clone();
        edit(&mut plain);
        let plain = parse_source_event(&serde_json::to_vec(&plain).unwrap())
            .unwrap_or_else(|e| panic!("{}: the plain form does not parse: {e}", p.name));
        self.eq(
            format!("{}: the plain event's findings", p.name),
            plain.validate(),
            Vec::new(),
        );
        self.eq(
            format!("{}: route, against the plain event's", p.name),
            route(&p.event),
            route(&plain),
        );
    }

    /// The value at `pointer` is written exactly as it came.
    fn written_as_it_came(&mut self, p: &Parsed<impl Sized>, pointer: &str) {
        self.eq(
            format!("{}: {pointer} as written", p.name),
            p.out.pointer(pointer),
            p.original.pointer(pointer),
        );
    }

    fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "row `{}` of the tolerance table:\n  {}",
            self.row,
            self.failures.join("\n  ")
        );
    }
}

fn answer(p: &Parsed<WebhookEvent>) -> &AnswerSubmitted {
    match &p.event {
        WebhookEvent::AnswerSubmitted(answer) => answer,
        other => panic!("{}: not an Answer Submitted: {:?}", p.name, other.kind()),
    }
}

fn sent(p: &Parsed<WebhookEvent>) -> &StudySent {
    match &p.event {
        WebhookEvent::StudySent(sent) => sent,
        other => panic!("{}: not a Study Sent: {:?}", p.name, other.kind()),
    }
}

fn seen(p: &Parsed<WebhookEvent>) -> &StudySeen {
    match &p.event {
        WebhookEvent::StudySeen(seen) => seen,
        other => panic!("{}: not a Study Seen: {:?}", p.name, other.kind()),
    }
}

fn track(p: &Parsed<SourceEvent>) -> &Track {
    match &p.event {
        SourceEvent::Track(track) => track,
        other => panic!("{}: not a track: {:?}", p.name, other.call_type()),
    }
}

fn time(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn not_as_specified(path: &str) -> SpecFinding {
    SpecFinding::NotAsSpecified {
        path: path.to_owned(),
    }
}

/// The call the fixtures' `Order Completed` track makes, with `userId` and `eventName` as given.
fn order_completed_call(event_name: &str, user_id: &str) -> Value {
    json!(["identifyAndTrack", {
        "eventName": event_name,
        "userId": user_id,
        "anonymousId": "0f8e3b2a-6c41-4d7e-9a55-2b1c8d9e7f30",
        "properties": {"order_id": "ORD-2024-118402", "total": 54.2, "currency": "USD"}
    }])
}

fn call_json(event: &SourceEvent) -> Value {
    serde_json::to_value(sprig_call(event)).unwrap()
}

/// Row: integer ids and counts (`id`, `surveyId`, `productId`, `teamId`, `oldVisitorId`,
/// `order`, a numeric `questionTypeId` or `responseGroupUid`): an integer, a zero fraction or a
/// string of digits; read as `u64` / `u32`; written as an integer.
#[test]
fn integer_ids_and_counts() {
    let mut row = Row::new("integer ids and counts");

    // Zero fractions: `id`, `surveyId`, `oldVisitorId`.
    if let Some(p) = row.webhook("answer_submitted_ids_zero_fraction") {
        let a = answer(&p);
        row.eq("id", a.id, 6_119_204);
        row.eq("surveyId", a.survey_id, 33018);
        row.eq("oldVisitorId", a.old_visitor_id, Some(0));
        row.eq("id written", &p.out["id"], &json!(6_119_204));
        row.eq("surveyId written", &p.out["surveyId"], &json!(33018));
        row.eq("oldVisitorId written", &p.out["oldVisitorId"], &json!(0));
    }
    // Strings of digits: `id`, `surveyId`, `oldVisitorId`.
    if let Some(p) = row.webhook("answer_submitted_numbers_as_strings") {
        let a = answer(&p);
        row.eq("id", a.id, 7_455_120);
        row.eq("surveyId", a.survey_id, 45388);
        row.eq("oldVisitorId", a.old_visitor_id, Some(0));
        row.eq("id written", &p.out["id"], &json!(7_455_120));
        row.eq("surveyId written", &p.out["surveyId"], &json!(45388));
        row.eq("oldVisitorId written", &p.out["oldVisitorId"], &json!(0));
    }
    // Zero fractions: `surveyId`, `productId`, `teamId`, a numeric `responseGroupUid`.
    if let Some(p) = row.webhook("study_sent_ids_zero_fraction") {
        let s = sent(&p);
        row.eq("surveyId", s.survey_id, 45901);
        row.eq("productId", s.product_id, Some(31406));
        row.eq("teamId", s.team_id, Some(2207));
        row.eq(
            "responseGroupUid",
            s.response_group_uid,
            ResponseGroupUid::Number(91_355_296),
        );
        for (key, want) in [
            ("surveyId", json!(45901)),
            ("productId", json!(31406)),
            ("teamId", json!(2207)),
            ("responseGroupUid", json!(91_355_296)),
        ] {
            row.eq(format!("{key} written"), &p.out[key], &want);
        }
    }
    // Integers as they should be: a numeric `responseGroupUid`.
    if let Some(p) = row.webhook("study_sent_response_group_uid_integer") {
        row.eq(
            "responseGroupUid",
            sent(&p).response_group_uid,
            ResponseGroupUid::Number(91_355_295),
        );
        row.eq(
            "responseGroupUid written",
            &p.out["responseGroupUid"],
            &json!(91_355_295),
        );
    }
    // A string of digits: `responseGroupUid`, `oldVisitorId`.
    if let Some(p) = row.webhook("study_seen_response_group_uid_digits") {
        let s = seen(&p);
        row.eq(
            "responseGroupUid",
            s.response_group_uid,
            ResponseGroupUid::Number(91_355_297),
        );
        row.eq("oldVisitorId", s.old_visitor_id, Some(0));
        row.eq(
            "responseGroupUid written",
            &p.out["responseGroupUid"],
            &json!(91_355_297),
        );
        row.eq("oldVisitorId written", &p.out["oldVisitorId"], &json!(0));
    }
    // Strings of digits: `surveyId`, `productId`, `teamId`.
    if let Some(p) = row.webhook("study_seen_numbers_as_strings") {
        let s = seen(&p);
        row.eq("surveyId", s.survey_id, 34790);
        row.eq("productId", s.product_id, Some(20871));
        row.eq("teamId", s.team_id, Some(4410));
        for (key, want) in [
            ("surveyId", json!(34790)),
            ("productId", json!(20871)),
            ("teamId", json!(4410)),
        ] {
            row.eq(format!("{key} written"), &p.out[key], &want);
        }
    }
    // `questionTypeId` as a zero fraction, a string of digits and an integer.
    if let Some(p) = row.webhook("study_status_changed_question_type_ids_zero_fraction_and_digits")
    {
        let WebhookEvent::StudyStatusChanged(change) = &p.event else {
            panic!("{}: not a Study Status Changed", p.name)
        };
        row.eq("surveyId", change.survey_id, 33019);
        row.eq("productId", change.product_id, Some(20871));
        let ids: Vec<&QuestionTypeId> = change
            .questions
            .iter()
            .map(|q| &q.question_type_id)
            .collect();
        row.eq(
            "questionTypeId",
            ids,
            vec![
                &QuestionTypeId::Number(2),
                &QuestionTypeId::Number(1),
                &QuestionTypeId::Number(5),
            ],
        );
        row.eq("surveyId written", &p.out["surveyId"], &json!(33019));
        row.eq("productId written", &p.out["productId"], &json!(20871));
        for (i, want) in [2, 1, 5].into_iter().enumerate() {
            row.eq(
                format!("questions[{i}].questionTypeId written"),
                &p.out["questions"][i]["questionTypeId"],
                &json!(want),
            );
        }
    }
    // `order` as a zero fraction, and as a string of digits.
    for (name, survey_id) in [
        ("study_submitted_order_zero_fraction", 45121),
        ("study_submitted_numbers_as_strings", 45120),
    ] {
        if let Some(p) = row.webhook(name) {
            let WebhookEvent::StudySubmitted(study) = &p.event else {
                panic!("{name}: not a Study Submitted")
            };
            row.eq(format!("{name}: surveyId"), study.survey_id, survey_id);
            row.eq(format!("{name}: productId"), study.product_id, Some(31405));
            let orders: Vec<Option<u32>> = study.questions.iter().map(|q| q.order).collect();
            row.eq(format!("{name}: order"), orders, vec![Some(1), Some(2)]);
            row.eq(
                format!("{name}: surveyId written"),
                &p.out["surveyId"],
                &json!(survey_id),
            );
            for (i, want) in [1, 2].into_iter().enumerate() {
                row.eq(
                    format!("{name}: questions[{i}].order written"),
                    &p.out["questions"][i]["order"],
                    &json!(want),
                );
            }
        }
    }
    // The Test ping's `id` and `surveyId`, and a Theme Identified's `productId`, as strings.
    if let Some(p) = row.webhook("test_ids_as_strings") {
        let WebhookEvent::Test(ping) = &p.event else {
            panic!("test_ids_as_strings: not a Test")
        };
        row.eq("test id", ping.id, 1);
        row.eq("test surveyId", ping.survey_id, 1);
        row.eq("test id written", &p.out["id"], &json!(1));
        row.eq("test surveyId written", &p.out["surveyId"], &json!(1));
    }
    if let Some(p) = row.webhook("theme_identified_product_id_string") {
        let WebhookEvent::ThemeIdentified(theme) = &p.event else {
            panic!("theme_identified_product_id_string: not a Theme Identified")
        };
        row.eq("theme productId", theme.product_id, Some(19044));
        row.eq(
            "theme productId written",
            &p.out["productId"],
            &json!(19044),
        );
    }

    // Anything else is refused, naming the field.
    row.webhook_refused("answer_submitted_id_float", "id");
    row.webhook_refused("answer_submitted_survey_id_not_numeric", "surveyId");
    row.webhook_refused("study_submitted_survey_id_negative", "surveyId");
    row.webhook_refused("study_submitted_order_not_numeric", "questions[0].order");
    row.webhook_refused(
        "study_status_changed_question_type_id_boolean",
        "questions[0].questionTypeId",
    );
    row.webhook_refused("theme_identified_product_id_not_numeric", "productId");
    row.webhook_refused("study_seen_response_group_uid_not_uuid", "responseGroupUid");
    row.finish();
}

/// Row: text ids (`userId`, `anonymousId` in both flows, a track's `event`): a string; a number
/// as the text JavaScript gives it; a boolean; read as `String`, written as a string.
#[test]
fn text_ids() {
    let mut row = Row::new("text ids");

    for (name, want) in [
        ("answer_submitted_user_id_number", "42"),
        ("answer_submitted_user_id_one_point_zero", "1"),
    ] {
        if let Some(p) = row.webhook(name) {
            row.eq(
                format!("{name}: userId"),
                answer(&p).user_id.as_deref(),
                Some(want),
            );
            row.eq(
                format!("{name}: userId written"),
                &p.out["userId"],
                &json!(want),
            );
        }
    }
    if let Some(p) = row.webhook("study_seen_user_id_exponent_anonymous_id_boolean") {
        let s = seen(&p);
        row.eq("1e21 userId", s.user_id.as_deref(), Some("1e+21"));
        row.eq(
            "boolean anonymousId",
            s.anonymous_id.as_deref(),
            Some("true"),
        );
        row.eq("1e21 userId written", &p.out["userId"], &json!("1e+21"));
        row.eq(
            "boolean anonymousId written",
            &p.out["anonymousId"],
            &json!("true"),
        );
    }

    // Source events: the id reads as text, is written as text, and the Sprig call carries it.
    if let Some(p) = row.source("identify_numeric_user_id") {
        row.eq("identify userId", p.event.user_id(), Some("4821907"));
        row.eq(
            "identify userId written",
            &p.out["userId"],
            &json!("4821907"),
        );
        row.eq(
            "identify call userId",
            &call_json(&p.event)[1]["userId"],
            &json!("4821907"),
        );
    }
    if let Some(p) = row.source("track_numeric_anonymous_id") {
        row.eq("track anonymousId", p.event.anonymous_id(), Some("99812"));
        row.eq(
            "track anonymousId written",
            &p.out["anonymousId"],
            &json!("99812"),
        );
        row.eq(
            "track call anonymousId",
            &call_json(&p.event)[1]["anonymousId"],
            &json!("99812"),
        );
    }
    if let Some(p) = row.source("tolerated_user_id_one_point_zero") {
        row.eq("userId 1.0", p.event.user_id(), Some("1"));
        row.eq("userId 1.0 written", &p.out["userId"], &json!("1"));
        row.eq(
            "userId 1.0: the Sprig call",
            call_json(&p.event),
            order_completed_call("Order Completed", "1"),
        );
        row.routes_as_without_the_odd_value(&p, |v| v["userId"] = json!("1"));
    }
    if let Some(p) = row.source("tolerated_event_number") {
        row.eq("track event 1001", track(&p).event.as_deref(), Some("1001"));
        row.eq("track event written", &p.out["event"], &json!("1001"));
        row.eq(
            "track event 1001: the Sprig call",
            call_json(&p.event),
            order_completed_call("1001", "usr_7Hq2mLk9"),
        );
        row.routes_as_without_the_odd_value(&p, |v| v["event"] = json!("1001"));
    }

    // An object or a list is no id: refused, naming the field.
    row.source_refused("user_id_object", "userId");
    row.source_refused("anonymous_id_array", "anonymousId");
    row.source_refused("event_object", "event");
    row.finish();
}

/// Row: webhook `timestamp`: epoch milliseconds as an integer, a zero fraction or a string of
/// digits; read as `EpochMillis`; written as an integer.
#[test]
fn webhook_timestamp() {
    let mut row = Row::new("webhook timestamp");
    for (name, millis) in [
        ("answer_submitted_seed_corrected", 1_660_672_653_789_i64),
        (
            "answer_submitted_timestamp_zero_fraction",
            1_660_672_653_789,
        ),
        ("answer_submitted_numbers_as_strings", 1_738_852_025_520),
    ] {
        if let Some(p) = row.webhook(name) {
            row.eq(
                format!("{name}: timestamp"),
                answer(&p).timestamp.as_millis(),
                millis,
            );
            row.eq(
                format!("{name}: timestamp written"),
                &p.out["timestamp"],
                &json!(millis),
            );
        }
    }
    if let Some(p) = row.webhook("study_seen_numbers_as_strings") {
        let s = seen(&p);
        row.eq(
            "Study Seen timestamp",
            s.timestamp.as_millis(),
            1_702_980_196_590,
        );
        row.eq(
            "Study Seen timestamp as a time",
            s.timestamp.to_datetime(),
            time("2023-12-19T10:03:16.590Z"),
        );
        row.eq(
            "Study Seen timestamp written",
            &p.out["timestamp"],
            &json!(1_702_980_196_590_i64),
        );
    }
    row.webhook_refused("answer_submitted_timestamp_iso_string", "timestamp");
    row.finish();
}

/// Row: `createdAt`, `eventDate`, `updatedAt`: RFC 3339 with any offset; read as
/// `DateTime<Utc>`; written as RFC 3339 in UTC.
#[test]
fn created_at_event_date_updated_at() {
    let mut row = Row::new("createdAt, eventDate, updatedAt");
    let cases = [
        (
            "answer_submitted_seed_corrected",
            "createdAt",
            "2022-08-16T17:57:33.603Z",
        ),
        (
            "answer_submitted_created_at_positive_offset",
            "createdAt",
            "2025-08-01T03:45:12.876Z",
        ),
        (
            "answer_submitted_created_at_negative_offset_no_fraction",
            "createdAt",
            "2024-10-01T09:00:00Z",
        ),
        (
            "study_seen_react_native_offset",
            "eventDate",
            "2026-01-06T00:12:48.377Z",
        ),
        (
            "study_submitted_android_offset_extra_fields",
            "eventDate",
            "2025-09-21T15:13:45.206Z",
        ),
        (
            "theme_identified_offset_and_extra_fields",
            "updatedAt",
            "2024-05-10T07:05:41.277Z",
        ),
    ];
    for (name, key, utc) in cases {
        let Some(p) = row.webhook(name) else { continue };
        let read = match &p.event {
            WebhookEvent::AnswerSubmitted(a) => a.created_at,
            WebhookEvent::StudySeen(s) => s.event_date,
            WebhookEvent::StudySubmitted(s) => s.event_date,
            WebhookEvent::ThemeIdentified(t) => t.updated_at,
            other => panic!("{name}: unexpected kind {:?}", other.kind()),
        };
        let came = DateTime::parse_from_rfc3339(p.original[key].as_str().unwrap())
            .unwrap()
            .with_timezone(&Utc);
        row.eq(format!("{name}: {key}"), read, time(utc));
        row.eq(
            format!("{name}: {key} is the instant that came"),
            read,
            came,
        );
        row.eq(format!("{name}: {key} written"), &p.out[key], &json!(utc));
    }
    row.webhook_refused("answer_submitted_created_at_js_date_string", "createdAt");
    row.webhook_refused("study_submitted_event_date_without_offset", "eventDate");
    row.finish();
}

/// Row: `attributes`, `customMetadata`, `eventProperties`, `selectedIndexes`: real JSON, or a
/// string holding it, decoded one level; `null`, `""` and `"null"` are none; written as real
/// JSON.
#[test]
fn stringified_json_fields() {
    let mut row = Row::new("attributes, customMetadata, eventProperties, selectedIndexes");

    if let Some(p) = row.webhook("answer_submitted_stringified_attributes_metadata_properties") {
        let a = answer(&p);
        let attributes = json!({"plan": "Preferred", "rentals_ytd": 7});
        let metadata = json!({"utm_source": "email", "utm_campaign": "return_survey",
            "reservation": "RCR-7710394"});
        let properties = json!({"return_branch": "LAX", "late_return": false});
        row.eq(
            "stringified attributes",
            a.attributes.clone().map(Value::Object),
            Some(attributes.clone()),
        );
        row.eq(
            "stringified customMetadata",
            a.custom_metadata.clone().map(Value::Object),
            Some(metadata.clone()),
        );
        row.eq(
            "stringified eventProperties",
            a.event_properties.clone().map(Value::Object),
            Some(properties.clone()),
        );
        row.eq(
            "selectedIndexes 0",
            a.selected_indexes.clone(),
            Some(SelectedIndexes::One(0)),
        );
        row.eq("attributes written", &p.out["attributes"], &attributes);
        row.eq(
            "customMetadata written",
            &p.out["customMetadata"],
            &metadata,
        );
        row.eq(
            "eventProperties written",
            &p.out["eventProperties"],
            &properties,
        );
        row.eq(
            "selectedIndexes written",
            &p.out["selectedIndexes"],
            &json!(0),
        );
    }
    if let Some(p) = row.webhook("answer_submitted_seed_corrected") {
        let a = answer(&p);
        row.eq(
            "customMetadata \"{}\"",
            a.custom_metadata.clone().map(Value::Object),
            Some(json!({})),
        );
        row.eq(
            "selectedIndexes \"[2]\"",
            a.selected_indexes.clone(),
            Some(SelectedIndexes::Many(vec![2])),
        );
        row.eq(
            "real attributes",
            a.attributes.clone().map(Value::Object),
            Some(json!({"plan": "Enterprise", "role": "admin"})),
        );
        row.eq(
            "customMetadata written",
            &p.out["customMetadata"],
            &json!({}),
        );
        row.eq(
            "selectedIndexes written",
            &p.out["selectedIndexes"],
            &json!([2]),
        );
        row.written_as_it_came(&p, "/attributes");
        row.written_as_it_came(&p, "/eventProperties");
    }
    if let Some(p) = row.webhook("answer_submitted_numbers_as_strings") {
        let a = answer(&p);
        row.eq(
            "selectedIndexes \"4\"",
            a.selected_indexes.clone(),
            Some(SelectedIndexes::One(4)),
        );
        row.eq(
            "eventProperties \"{}\"",
            a.event_properties.clone().map(Value::Object),
            Some(json!({})),
        );
        row.eq(
            "selectedIndexes \"4\" written",
            &p.out["selectedIndexes"],
            &json!(4),
        );
        row.eq(
            "attributes written",
            &p.out["attributes"],
            &json!({"membership": "free"}),
        );
    }
    if let Some(p) = row.webhook("study_sent_numbers_as_strings") {
        row.eq(
            "Study Sent stringified attributes",
            sent(&p).attributes.clone().map(Value::Object),
            Some(json!({"plan": "Basic", "home_branch": "ORD"})),
        );
        row.eq(
            "Study Sent attributes written",
            &p.out["attributes"],
            &json!({"plan": "Basic", "home_branch": "ORD"}),
        );
    }
    // None: `null` (written back `null`), `""` and `"null"` (written as no JSON text).
    if let Some(p) = row.webhook("answer_submitted_nulls_and_empty_strings") {
        let a = answer(&p);
        row.check(
            a.attributes.is_none() && a.custom_metadata.is_none() && a.event_properties.is_none(),
            "null attributes, customMetadata, eventProperties: not none",
        );
        for key in ["attributes", "customMetadata", "eventProperties"] {
            row.eq(
                format!("null {key} written"),
                p.out.get(key),
                Some(&Value::Null),
            );
        }
    }
    if let Some(p) = row.webhook("answer_submitted_custom_metadata_null_string") {
        let a = answer(&p);
        row.eq("customMetadata \"null\"", a.custom_metadata.as_ref(), None);
        row.eq("attributes \"null\"", a.attributes.as_ref(), None);
        row.eq("eventProperties \"\"", a.event_properties.as_ref(), None);
        for key in ["customMetadata", "attributes", "eventProperties"] {
            row.check(
                p.out.get(key).is_none_or(Value::is_null),
                format!("{key} read as none is written as {:?}", p.out.get(key)),
            );
        }
    }

    // One level only, and JSON of the field's shape.
    row.webhook_refused(
        "answer_submitted_selected_indexes_double_stringified",
        "selectedIndexes",
    );
    row.webhook_refused(
        "answer_submitted_custom_metadata_double_stringified",
        "customMetadata",
    );
    row.webhook_refused("answer_submitted_custom_metadata_array", "customMetadata");
    row.webhook_refused("answer_submitted_selected_indexes_word", "selectedIndexes");
    row.finish();
}

/// Row: `response` of `nps`, `likert`: as integer ids, in range (0–10, from 1); read and
/// written as a number.
#[test]
fn nps_and_likert_responses() {
    let mut row = Row::new("response of nps, likert");
    for (name, want) in [
        ("answer_submitted_nps_integer", Answer::Nps(9)),
        ("answer_submitted_nps_numeric_string", Answer::Nps(7)),
        ("answer_submitted_nps_zero_fraction", Answer::Nps(9)),
        ("answer_submitted_nps_zero_uppercase_type", Answer::Nps(0)),
        ("answer_submitted_minimal_fields", Answer::Nps(8)),
        ("answer_submitted_likert_integer", Answer::Likert(4)),
        ("answer_submitted_likert_numeric_string", Answer::Likert(5)),
    ] {
        let Some(p) = row.webhook(name) else { continue };
        let a = answer(&p);
        let number = match want {
            Answer::Nps(n) => u64::from(n),
            Answer::Likert(n) => u64::from(n),
            _ => unreachable!(),
        };
        row.eq(format!("{name}: answer"), a.answer(), want);
        row.eq(
            format!("{name}: response"),
            a.response(),
            Some(&json!(number)),
        );
        row.eq(
            format!("{name}: response written"),
            &p.out["response"],
            &json!(number),
        );
    }
    if let Some(p) = row.webhook("study_submitted_many_questions_typed") {
        let WebhookEvent::StudySubmitted(study) = &p.event else {
            panic!("study_submitted_many_questions_typed: not a Study Submitted")
        };
        for (i, q) in study.questions.iter().enumerate() {
            let kind = q.question_type().and_then(QuestionType::kind);
            let answered = !p.original["questions"][i]["response"].is_null();
            if answered && matches!(kind, Some(QuestionKind::Nps | QuestionKind::Likert)) {
                row.check(
                    matches!(q.answer(), Answer::Nps(_) | Answer::Likert(_)),
                    format!("questions[{i}]: {:?} is no score", q.answer()),
                );
                row.check(
                    p.out["questions"][i]["response"].is_u64(),
                    format!("questions[{i}].response not written as a number"),
                );
            }
        }
    }
    row.webhook_refused("answer_submitted_nps_response_eleven", "response");
    row.webhook_refused("answer_submitted_nps_response_word", "response");
    row.webhook_refused("answer_submitted_likert_response_zero", "response");
    row.webhook_refused(
        "study_submitted_typed_question_nps_not_a_number",
        "questions[1].response",
    );
    row.finish();
}

/// Row: `response` of `multipleselect`, `matrix`, `consentlegal`, `videovoice`, `recordedtask`,
/// `texturlprompt`: real JSON or a string holding it (one level); read as a list / an object;
/// written as real JSON.
#[test]
fn json_responses() {
    let mut row = Row::new("response of multipleselect, matrix, consentlegal, …");
    for name in [
        "answer_submitted_multipleselect_json_list",
        "answer_submitted_multipleselect_stringified",
        "answer_submitted_multipleselect_single_stringified_index",
        "answer_submitted_seed_corrected",
        "answer_submitted_matrix_object",
        "answer_submitted_matrix_stringified",
        "answer_submitted_consentlegal_submitted",
        "answer_submitted_videovoice_object",
        "answer_submitted_videovoice_stringified",
        "answer_submitted_recordedtask_completed",
        "answer_submitted_recordedtask_given_up",
        "answer_submitted_texturlprompt_skipped",
    ] {
        let Some(p) = row.webhook(name) else { continue };
        let a = answer(&p);
        let came = &p.original["response"];
        let decoded = match came {
            Value::String(text) => serde_json::from_str(text).unwrap(),
            other => other.clone(),
        };
        let kind = a.question_type().kind();
        let want_list = kind == Some(QuestionKind::MultipleSelect);
        row.check(
            if want_list {
                decoded.is_array()
            } else {
                decoded.is_object()
            },
            format!("{name}: the fixture's response is not of its type's shape"),
        );
        row.eq(format!("{name}: response"), a.response(), Some(&decoded));
        row.eq(
            format!("{name}: response written"),
            &p.out["response"],
            &decoded,
        );
        let typed = matches!(
            (kind, a.answer()),
            (Some(QuestionKind::MultipleSelect), Answer::Choices(_))
                | (Some(QuestionKind::Matrix), Answer::Matrix(_))
                | (Some(QuestionKind::ConsentLegal), Answer::Consent { .. })
                | (Some(QuestionKind::VideoVoice), Answer::Recording { .. })
                | (Some(QuestionKind::RecordedTask), Answer::Task(_))
                | (Some(QuestionKind::TextUrlPrompt), Answer::Prompt { .. })
        );
        row.check(typed, format!("{name}: {kind:?} read as {:?}", a.answer()));
    }
    if let Some(p) = row.webhook("study_submitted_link_study_stringified_responses") {
        let WebhookEvent::StudySubmitted(study) = &p.event else {
            panic!("study_submitted_link_study_stringified_responses: not a Study Submitted")
        };
        for (i, q) in study.questions.iter().enumerate() {
            let kind = q.question_type().and_then(QuestionType::kind);
            let json_kind = matches!(
                kind,
                Some(
                    QuestionKind::MultipleSelect
                        | QuestionKind::Matrix
                        | QuestionKind::ConsentLegal
                        | QuestionKind::VideoVoice
                        | QuestionKind::RecordedTask
                        | QuestionKind::TextUrlPrompt
                )
            );
            if !json_kind {
                continue;
            }
            let came = &p.original["questions"][i]["response"];
            let decoded: Value = match came {
                Value::String(text) => serde_json::from_str(text).unwrap(),
                other => other.clone(),
            };
            row.eq(
                format!("questions[{i}].response written"),
                &p.out["questions"][i]["response"],
                &decoded,
            );
        }
    }
    row.webhook_refused(
        "answer_submitted_multipleselect_broken_stringified",
        "response",
    );
    row.webhook_refused("answer_submitted_matrix_double_stringified", "response");
    row.finish();
}

/// Row: `response` of `open`, `multiplechoice` and unknown types: anything; read as the
/// respondent's own value, never changed; written as it came.
#[test]
fn text_and_unknown_responses_never_changed() {
    let mut row = Row::new("response of open, multiplechoice and unknown types");
    for name in [
        "answer_submitted_open_text",
        "answer_submitted_open_text_looks_like_json_array",
        "answer_submitted_open_text_looks_like_number",
        "answer_submitted_open_uppercase_type",
        "answer_submitted_nulls_and_empty_strings",
        "answer_submitted_user_id_number",
        "answer_submitted_multiplechoice_label",
        "answer_submitted_multiplechoice_index_stringified",
        "answer_submitted_numbers_as_strings",
        "answer_submitted_unknown_question_type_ranking",
    ] {
        let Some(p) = row.webhook(name) else { continue };
        let a = answer(&p);
        let came = &p.original["response"];
        row.eq(format!("{name}: response"), a.response(), Some(came));
        row.written_as_it_came(&p, "/response");
        let read_as_came = match (a.question_type().kind(), a.answer()) {
            (Some(QuestionKind::Open), Answer::Text(text)) => came.as_str() == Some(text),
            (Some(QuestionKind::MultipleChoice), Answer::Choice(choice)) => {
                came.as_str() == Some(choice.label)
            }
            (None, Answer::Raw(raw)) => raw == came,
            _ => false,
        };
        row.check(
            read_as_came,
            format!("{name}: {came} read as {:?}", a.answer()),
        );
    }
    // Entries of a Study Submitted without a `questionType`: kept as sent, `"4"` included.
    if let Some(p) = row.webhook("study_submitted_numbers_as_strings") {
        let WebhookEvent::StudySubmitted(study) = &p.event else {
            panic!("study_submitted_numbers_as_strings: not a Study Submitted")
        };
        for (i, q) in study.questions.iter().enumerate() {
            let came = &p.original["questions"][i]["response"];
            row.eq(format!("questions[{i}].response"), q.response(), Some(came));
            row.eq(
                format!("questions[{i}] answer"),
                q.answer(),
                Answer::Raw(came),
            );
            row.written_as_it_came(&p, &format!("/questions/{i}/response"));
        }
    }
    row.finish();
}

/// Row: `response` of any other type: `null`, `""`, `"null"`: read as skipped
/// (`Answer::Skipped`; a `texturlprompt` as `Prompt { skipped: false }`); written absent
/// (`null` if it came `null`).
#[test]
fn skipped_responses() {
    let mut row = Row::new("response of any other type: null, \"\", \"null\"");
    for name in [
        "answer_submitted_nps_null_skipped",
        "answer_submitted_nps_empty_string_skipped",
        "answer_submitted_nps_null_string_skipped",
        "answer_submitted_matrix_null_string_skipped",
        "answer_submitted_multipleselect_empty_string_skipped",
        "answer_submitted_consentlegal_null",
        "answer_submitted_texturlprompt_null",
    ] {
        let Some(p) = row.webhook(name) else { continue };
        let a = answer(&p);
        let came_null = p.original["response"].is_null();
        // A prompt asks for no answer: without one it reads as not skipped.
        let expected = if a.question_type().kind() == Some(QuestionKind::TextUrlPrompt) {
            Answer::Prompt { skipped: false }
        } else {
            Answer::Skipped
        };
        row.eq(format!("{name}: answer"), a.answer(), expected);
        row.eq(format!("{name}: response"), a.response(), None);
        row.eq(
            format!("{name}: response written"),
            p.out.get("response"),
            came_null.then_some(&Value::Null),
        );
    }
    if let Some(p) = row.webhook("study_submitted_link_study_stringified_responses") {
        let WebhookEvent::StudySubmitted(study) = &p.event else {
            panic!("study_submitted_link_study_stringified_responses: not a Study Submitted")
        };
        for (i, q) in study.questions.iter().enumerate() {
            let came = &p.original["questions"][i]["response"];
            let none = came.is_null() || came == "" || came == "null";
            let other_type = q
                .question_type()
                .and_then(QuestionType::kind)
                .is_some_and(|k| !matches!(k, QuestionKind::Open | QuestionKind::MultipleChoice));
            if none && other_type {
                row.eq(
                    format!("questions[{i}] answer"),
                    q.answer(),
                    Answer::Skipped,
                );
            }
        }
    }
    row.finish();
}

/// Row: vendor value sets (`eventType`, `platform`, `status`, …): any string; a known variant,
/// else `Unknown` with its text; `questionType` compares case-insensitively, the others
/// exactly; written as it came.
#[test]
fn vendor_value_sets() {
    let mut row = Row::new("vendor value sets");

    if let Some(p) = row.webhook("study_seen_android") {
        row.eq(
            "platform android",
            seen(&p).platform.clone(),
            Some(Platform::Android),
        );
        row.eq(
            "eventType",
            seen(&p).event_type(),
            &EventType::ProductMessage,
        );
        row.written_as_it_came(&p, "/platform");
    }
    if let Some(p) = row.webhook("study_seen_unknown_platform_kept") {
        let platform = seen(&p).platform.clone();
        row.check(
            matches!(platform, Some(Platform::Unknown(_))),
            format!("platform desktop-app read as {platform:?}"),
        );
        row.eq(
            "platform text",
            platform.as_ref().map(Platform::as_str),
            Some("desktop-app"),
        );
        row.written_as_it_came(&p, "/platform");
    }
    // Compared exactly: `iOS` is not `ios`.
    if let Some(p) = row.webhook("study_sent_platform_other_case_unknown") {
        let platform = sent(&p).platform.clone();
        row.check(
            matches!(platform, Some(Platform::Unknown(_))),
            format!("platform iOS read as {platform:?}"),
        );
        row.check(platform != Some(Platform::Ios), "platform iOS equals ios");
        row.eq(
            "platform text",
            platform.as_ref().map(Platform::as_str),
            Some("iOS"),
        );
        row.written_as_it_came(&p, "/platform");
    }
    if let Some(p) = row.webhook("study_status_changed_unknown_status_kept") {
        let WebhookEvent::StudyStatusChanged(change) = &p.event else {
            panic!("study_status_changed_unknown_status_kept: not a Study Status Changed")
        };
        row.eq("oldStatus", &change.old_status, &StudyStatus::Paused);
        row.check(
            matches!(change.status, StudyStatus::Unknown(_)),
            format!("status SCHEDULED read as {:?}", change.status),
        );
        row.eq("status text", change.status.as_str(), "SCHEDULED");
        row.written_as_it_came(&p, "/status");
        row.written_as_it_came(&p, "/oldStatus");
    }
    if let Some(p) = row.webhook("answer_submitted_recordedtask_unknown_status_kept") {
        let task = answer(&p).answer();
        let came = p.original["response"]["taskStatus"].as_str().unwrap();
        row.check(
            matches!(&task, Answer::Task(TaskStatus::Unknown(u)) if u.as_str() == came),
            format!("taskStatus {came} read as {task:?}"),
        );
        row.written_as_it_came(&p, "/response");
    }
    // `questionType` compares case-insensitively and keeps its spelling.
    for (name, spelling, kind) in [
        (
            "answer_submitted_open_uppercase_type",
            "OPEN",
            QuestionKind::Open,
        ),
        (
            "answer_submitted_nps_zero_uppercase_type",
            "NPS",
            QuestionKind::Nps,
        ),
    ] {
        let Some(p) = row.webhook(name) else { continue };
        let a = answer(&p);
        row.eq(
            format!("{name}: kind"),
            a.question_type().kind(),
            Some(kind),
        );
        row.eq(
            format!("{name}: equals the lowercase type"),
            a.question_type(),
            &QuestionType::from(kind),
        );
        row.eq(
            format!("{name}: spelling"),
            a.question_type().as_str(),
            spelling,
        );
        row.eq(
            format!("{name}: questionType written"),
            &p.out["questionType"],
            &json!(spelling),
        );
    }
    if let Some(p) = row.webhook("answer_submitted_unknown_question_type_ranking") {
        let a = answer(&p);
        row.eq("ranking kind", a.question_type().kind(), None);
        row.eq("ranking text", a.question_type().as_str(), "ranking");
        row.written_as_it_came(&p, "/questionType");
    }
    row.webhook_refused("study_status_changed_status_as_number", "status");
    row.finish();
}

/// Row: any optional field: a value, `null`, or no key; read as `Option`; written as the value,
/// or `null` while it stays unset if it came `null`.
#[test]
fn optional_fields() {
    let mut row = Row::new("any optional field");

    if let Some(p) = row.webhook("study_sent_platform_null") {
        let s = sent(&p);
        row.eq("platform null", s.platform.clone(), None);
        row.eq(
            "platform null written",
            p.out.get("platform"),
            Some(&Value::Null),
        );
        // Once set, the value is written.
        let mut edited = s.clone();
        edited.platform = Some(Platform::Web);
        let out = serde_json::to_value(&edited).unwrap();
        row.eq("platform set after a null", &out["platform"], &json!("web"));
        // And the null survives a trip through text.
        let again = parse_webhook(&serde_json::to_vec(&p.event).unwrap()).unwrap();
        row.eq("platform null, reparsed", &again, &p.event);
    }
    if let Some(p) = row.webhook("study_seen_without_platform") {
        row.eq("platform absent", seen(&p).platform.clone(), None);
        row.eq("platform absent written", p.out.get("platform"), None);
    }
    if let Some(p) = row.webhook("study_seen_android") {
        row.eq(
            "platform present",
            seen(&p).platform.clone(),
            Some(Platform::Android),
        );
        row.eq(
            "platform present written",
            &p.out["platform"],
            &json!("android"),
        );
    }
    if let Some(p) = row.webhook("answer_submitted_nulls_and_empty_strings") {
        let a = answer(&p);
        row.eq("userId null", a.user_id.as_deref(), None);
        row.eq("email null", a.email.as_deref(), None);
        row.eq("oldVisitorId null", a.old_visitor_id, None);
        row.eq("surveyName \"\"", a.survey_name.as_deref(), Some(""));
        for key in [
            "userId",
            "anonymousId",
            "email",
            "oldVisitorId",
            "os",
            "browser",
        ] {
            row.eq(
                format!("null {key} written"),
                p.out.get(key),
                Some(&Value::Null),
            );
        }
        row.written_as_it_came(&p, "/surveyName");
    }
    if let Some(p) = row.webhook("answer_submitted_minimal_fields") {
        let a = answer(&p);
        row.eq("surveyName absent", a.survey_name.as_deref(), None);
        row.eq("userId absent", a.user_id.as_deref(), None);
        for key in ["surveyName", "userId", "email", "attributes", "eventName"] {
            row.eq(format!("absent {key} written"), p.out.get(key), None);
        }
    }
    // Source events: `integrations: null` is no integrations object, written back null.
    if let Some(p) = row.source("tolerated_integrations_null") {
        row.eq("integrations null", p.event.integrations(), None);
        row.eq(
            "integrations null written",
            p.out.get("integrations"),
            Some(&Value::Null),
        );
        row.routes_as_without_the_odd_value(&p, |v| {
            v.as_object_mut().unwrap().remove("integrations");
        });
    }
    row.finish();
}

/// Row: source `type`, `userId`, `anonymousId`, `event`, `integrations`: the forms above,
/// `integrations` an object or `null`; typed; anything else is an error naming the field.
#[test]
fn source_fields_the_destination_reads() {
    let mut row = Row::new("source: type, userId, anonymousId, event, integrations");

    if let Some(p) = row.source("identify_numeric_user_id") {
        row.eq("identify type", p.event.call_type(), CallType::Identify);
        row.eq("identify type written", &p.out["type"], &json!("identify"));
        row.eq("numeric userId", p.event.user_id(), Some("4821907"));
    }
    if let Some(p) = row.source("track_numeric_anonymous_id") {
        row.eq("track type", p.event.call_type(), CallType::Track);
        row.eq("numeric anonymousId", p.event.anonymous_id(), Some("99812"));
        row.eq(
            "numeric anonymousId written",
            &p.out["anonymousId"],
            &json!("99812"),
        );
    }
    if let Some(p) = row.source("tolerated_event_number") {
        row.eq("numeric event", track(&p).event.as_deref(), Some("1001"));
        row.eq("numeric event written", &p.out["event"], &json!("1001"));
    }
    if let Some(p) = row.source("integrations_all_false_sprig_web_true") {
        let integrations = p.event.integrations();
        row.check(
            integrations.is_some_and(|i| i.enables("sprig-web") && !i.enables("Mixpanel")),
            format!("integrations read as {integrations:?}"),
        );
        row.written_as_it_came(&p, "/integrations");
        row.check(
            matches!(route(&p.event), Route::Call { .. }),
            "integrations {All: false, sprig-web: true} does not call",
        );
    }
    if let Some(p) = row.source("tolerated_integrations_null") {
        row.eq("integrations null", p.event.integrations(), None);
        row.eq(
            "integrations null: the call",
            call_json(&p.event),
            order_completed_call("Order Completed", "usr_7Hq2mLk9"),
        );
    }
    row.source_refused("type_number", "type");
    row.source_refused("type_missing", "type");
    row.source_refused("type_unknown_page_view", "type");
    row.source_refused("user_id_object", "userId");
    row.source_refused("anonymous_id_array", "anonymousId");
    row.source_refused("event_object", "event");
    row.source_refused("integrations_array", "integrations");
    row.source_refused("batch_top_level_integrations_string", "integrations");
    row.finish();
}

/// Row: source `traits`, `properties`: any JSON (a non-object makes the action skip, as the
/// reference's does); read as `Value`; written as it came.
#[test]
fn source_traits_and_properties() {
    let mut row = Row::new("source: traits, properties");

    for (name, field, action) in [
        (
            "identify_traits_string",
            "traits",
            Some(Action::IdentifyUser),
        ),
        (
            "identify_traits_array",
            "traits",
            Some(Action::IdentifyUser),
        ),
        (
            "track_properties_string",
            "properties",
            Some(Action::TrackEvent),
        ),
        (
            "track_properties_array",
            "properties",
            Some(Action::TrackEvent),
        ),
        ("page_properties_not_object", "properties", None),
        ("group_traits_not_object_no_ids", "traits", None),
    ] {
        let Some(p) = row.source(name) else { continue };
        row.written_as_it_came(&p, &format!("/{field}"));
        let kept = match &p.event {
            SourceEvent::Identify(e) => e.traits.as_ref(),
            SourceEvent::Track(e) => e.properties.as_ref(),
            SourceEvent::Page(e) => e.properties.as_ref(),
            SourceEvent::Group(e) => e.traits.as_ref(),
            other => panic!("{name}: unexpected call {:?}", other.call_type()),
        };
        row.eq(format!("{name}: {field}"), kept, p.original.get(field));
        row.check(
            p.event
                .validate()
                .contains(&SpecFinding::NotAnObject { field }),
            format!("{name}: validate does not report {field}"),
        );
        let want = match action {
            Some(action) => Route::Skipped {
                action,
                reason: SkipReason::NotAnObject { field },
            },
            None => Route::NoAction,
        };
        row.eq(format!("{name}: route"), route(&p.event), want);
    }
    if let Some(p) = row.source("track_order_completed_with_properties") {
        row.written_as_it_came(&p, "/properties");
        row.eq(
            "object properties: passed to the call",
            &call_json(&p.event)[1]["properties"],
            &p.original["properties"],
        );
    }
    row.finish();
}

/// Row: source `timestamp`, `originalTimestamp`, `sentAt`, `receivedAt`: any JSON; read as
/// `Timestamp` (RFC 3339, ISO 8601 with `+0000` or no offset as UTC, epoch milliseconds);
/// written exactly as it came.
#[test]
fn source_times() {
    let mut row = Row::new("source: timestamp, originalTimestamp, sentAt, receivedAt");
    let spec_form = "2024-03-12T16:41:09.332Z";
    let cases: [(&str, &str, Option<&str>); 7] = [
        (
            "tolerated_timestamp_epoch_millis",
            "timestamp",
            Some(spec_form),
        ),
        (
            "tolerated_timestamp_offset_plus_0000",
            "timestamp",
            Some(spec_form),
        ),
        (
            "tolerated_original_timestamp_no_offset",
            "originalTimestamp",
            Some(spec_form),
        ),
        (
            "tolerated_sent_at_epoch_millis_number",
            "sentAt",
            Some("2024-03-12T16:41:09.340Z"),
        ),
        (
            "tolerated_received_at_epoch_millis_string",
            "receivedAt",
            Some("2024-03-12T16:41:10.001Z"),
        ),
        // Kept though not read.
        ("tolerated_timestamp_rfc2822", "timestamp", None),
        ("tolerated_received_at_month_13", "receivedAt", None),
    ];
    for (name, key, at) in cases {
        let Some(p) = row.source(name) else { continue };
        let t = track(&p);
        let field = match key {
            "timestamp" => &t.timestamp,
            "originalTimestamp" => &t.original_timestamp,
            "sentAt" => &t.sent_at,
            "receivedAt" => &t.received_at,
            _ => unreachable!(),
        };
        let Some(field) = field else {
            row.failures.push(format!("{name}: {key} read as absent"));
            continue;
        };
        row.eq(format!("{name}: {key} time"), field.time(), at.map(time));
        row.eq(
            format!("{name}: {key} is RFC 3339"),
            field.is_rfc3339(),
            false,
        );
        row.eq(
            format!("{name}: {key} value"),
            Some(field.as_value()),
            p.original.get(key),
        );
        row.written_as_it_came(&p, &format!("/{key}"));
        row.eq(
            format!("{name}: findings"),
            p.event.validate(),
            vec![not_as_specified(key)],
        );
        let spec = at.unwrap_or(spec_form).to_owned();
        row.routes_as_without_the_odd_value(&p, |v| v[key] = json!(spec));
    }
    if let Some(p) = row.source("tolerated_timestamp_epoch_millis") {
        row.eq(
            "SourceEvent::timestamp",
            p.event.timestamp(),
            Some(time(spec_form)),
        );
    }
    // RFC 3339 with an offset: read, reported nowhere, and written with that offset.
    if let Some(p) = row.source("track_ios_user") {
        let t = track(&p);
        let ts = t.timestamp.as_ref().unwrap();
        row.eq("RFC 3339 is RFC 3339", ts.is_rfc3339(), true);
        row.eq(
            "RFC 3339 time",
            ts.time(),
            Some(time("2025-11-18T10:02:41.871Z")),
        );
        row.written_as_it_came(&p, "/timestamp");
        row.written_as_it_came(&p, "/sentAt");
        row.eq("RFC 3339 findings", p.event.validate(), Vec::new());
    }
    row.finish();
}

/// Row: source `context.*`, `messageId`, `previousId`, `groupId`, `name`, `category`,
/// `channel`, `version`: any JSON; read as `Loose` (typed when of the spec's type, else kept);
/// written exactly as it came.
#[test]
fn source_loose_fields() {
    let mut row = Row::new("source: context.*, messageId, …, version");

    if let Some(p) = row.source("tolerated_context_ip_number") {
        let ip = p.event.context().and_then(|c| c.ip.as_ref());
        row.eq("context.ip typed", ip.and_then(Loose::typed), None);
        row.eq(
            "context.ip kept",
            ip.and_then(Loose::as_value),
            Some(&json!(3_405_803_777_u64)),
        );
        row.written_as_it_came(&p, "/context/ip");
        row.eq(
            "context.ip findings",
            p.event.validate(),
            vec![not_as_specified("context.ip")],
        );
        row.routes_as_without_the_odd_value(&p, |v| {
            v["context"].as_object_mut().unwrap().remove("ip");
        });
    }
    if let Some(p) = row.source("tolerated_context_device_ad_tracking_enabled_string") {
        let device = p
            .event
            .context()
            .and_then(|c| c.device.as_ref())
            .and_then(Loose::typed);
        let enabled = device.and_then(|d| d.ad_tracking_enabled.as_ref());
        row.eq(
            "adTrackingEnabled typed",
            enabled.and_then(Loose::typed),
            None,
        );
        row.eq(
            "adTrackingEnabled kept",
            enabled.and_then(Loose::as_value),
            Some(&json!("true")),
        );
        row.eq(
            "device.model still typed",
            device
                .and_then(|d| d.model.as_ref())
                .and_then(Loose::typed)
                .map(String::as_str),
            Some("iPhone16,2"),
        );
        row.written_as_it_came(&p, "/context/device");
        row.eq(
            "adTrackingEnabled findings",
            p.event.validate(),
            vec![not_as_specified("context.device.adTrackingEnabled")],
        );
        row.routes_as_without_the_odd_value(&p, |v| {
            v["context"]["device"]["adTrackingEnabled"] = json!(true);
        });
    }
    if let Some(p) = row.source("tolerated_context_screen_width_string") {
        let screen = p
            .event
            .context()
            .and_then(|c| c.screen.as_ref())
            .and_then(Loose::typed);
        let width = screen.and_then(|s| s.width.as_ref());
        row.eq(
            "screen.width kept",
            width.and_then(Loose::as_value),
            Some(&json!("1440px")),
        );
        row.eq(
            "screen.height typed",
            screen
                .and_then(|s| s.height.as_ref())
                .and_then(Loose::typed),
            Some(&serde_json::Number::from(900)),
        );
        row.written_as_it_came(&p, "/context/screen");
        row.eq(
            "screen.width findings",
            p.event.validate(),
            vec![not_as_specified("context.screen.width")],
        );
        row.routes_as_without_the_odd_value(&p, |v| {
            v["context"]["screen"]["width"] = json!(1440);
        });
    }
    if let Some(p) = row.source("tolerated_context_string") {
        row.check(
            p.event.context().is_none(),
            "context as a string read as an object",
        );
        row.eq(
            "context kept",
            track(&p).context.as_ref().and_then(Loose::as_value),
            Some(&json!("analytics.js")),
        );
        row.written_as_it_came(&p, "/context");
        row.eq(
            "context findings",
            p.event.validate(),
            vec![not_as_specified("context")],
        );
        row.routes_as_without_the_odd_value(&p, |v| {
            v.as_object_mut().unwrap().remove("context");
        });
    }
    if let Some(p) = row.source("tolerated_message_id_number") {
        row.eq("messageId as text", p.event.message_id(), None);
        row.eq(
            "messageId kept",
            track(&p).message_id.as_ref().and_then(Loose::as_value),
            Some(&p.original["messageId"]),
        );
        row.written_as_it_came(&p, "/messageId");
        row.eq(
            "messageId findings",
            p.event.validate(),
            vec![not_as_specified("messageId")],
        );
        row.routes_as_without_the_odd_value(&p, |v| {
            v["messageId"] = json!("ajs-next-4c1e0b9a7d2f4e8a9b6c3d5e7f803c02");
        });
    }
    if let Some(p) = row.source("tolerated_version_object") {
        let version = track(&p).version.as_ref();
        row.eq("version typed", version.and_then(Loose::typed), None);
        row.eq(
            "version kept",
            version.and_then(Loose::as_value),
            Some(&json!({"major": 2, "minor": 0})),
        );
        row.written_as_it_came(&p, "/version");
        row.eq(
            "version findings",
            p.event.validate(),
            vec![not_as_specified("version")],
        );
        row.routes_as_without_the_odd_value(&p, |v| v["version"] = json!(2));
    }
    // Of the spec's type: typed, and written as it came.
    if let Some(p) = row.source("track_ios_user") {
        let t = track(&p);
        row.eq(
            "version 2 typed",
            t.version.as_ref().and_then(Loose::typed),
            Some(&TextOrNumber::from(2)),
        );
        row.eq(
            "channel typed",
            t.channel
                .as_ref()
                .and_then(Loose::typed)
                .map(String::as_str),
            Some("mobile"),
        );
        let app_version = p
            .event
            .context()
            .and_then(|c| c.app.as_ref())
            .and_then(Loose::typed)
            .and_then(|app| app.version.as_ref())
            .and_then(Loose::typed);
        row.eq(
            "context.app.version typed",
            app_version,
            Some(&TextOrNumber::from("5.12.0")),
        );
        row.written_as_it_came(&p, "/context");
        row.written_as_it_came(&p, "/version");
        row.eq("spec-typed findings", p.event.validate(), Vec::new());
    }
    row.finish();
}
