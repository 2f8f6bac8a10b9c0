//! The tolerance table of the crate docs ("Tolerant in, canonical out"), row by row: one test
//! per row, each on that row's fixtures, checking what is accepted, how it reads through the
//! public API, how it is written (`serde_json::to_value`), and what is refused.
//!
//! Each test gathers every disagreement with its row before failing, so one run shows them all.

use std::fmt::Debug;
use std::fs;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use sprig_events::destination::{route, sprig_call, Action, Route, SkipReason};
use sprig_events::source::{
    CallType, Context, Lazy, LazyContext, Loose, SpecFinding, TextOrNumber, Track,
};
use sprig_events::webhook::{
    Answer, AnswerSubmitted, EventType, Platform, QuestionKind, QuestionType, QuestionTypeId,
    ResponseGroupUid, SelectedIndexes, StudySent, StudyStatus, StudyStatusChanged, StudySubmitted,
    TaskStatus,
};
use sprig_events::{
    parse_batch, parse_source_event, parse_webhook, Error, SourceEvent, WebhookEvent,
};

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

    /// `fixtures/<path>`, read by `parse` and written back; `None` (noted) if it is refused.
    fn parsed<E: Serialize>(
        &mut self,
        name: &str,
        path: &str,
        parse: impl FnOnce(&[u8]) -> Result<E, Error>,
    ) -> Option<Parsed<E>> {
        let bytes = read(path);
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        match parse(&bytes) {
            Ok(event) => Some(Parsed {
                name: name.to_owned(),
                out: serde_json::to_value(&event).unwrap(),
                event,
                original,
            }),
            Err(e) => {
                self.failures
                    .push(format!("{name}: refused, but the table accepts it: {e}"));
                None
            }
        }
    }

    /// `fixtures/webhooks/<name>.json`, parsed and written back; `None` (noted) if it is refused.
    fn webhook(&mut self, name: &str) -> Option<Parsed<WebhookEvent>> {
        self.parsed(name, &format!("webhooks/{name}.json"), parse_webhook)
    }

    /// `fixtures/source/<name>.json`, parsed and written back; `None` (noted) if it is refused.
    fn source(&mut self, name: &str) -> Option<Parsed<SourceEvent>> {
        self.parsed(name, &format!("source/{name}.json"), parse_source_event)
    }

    /// `name` is refused with an error naming `field`; `result` is what it was read as, if it
    /// was accepted.
    fn refused(&mut self, name: &str, field: &str, result: Result<String, Error>) {
        match result {
            Ok(read_as) => self.failures.push(format!(
                "{name}: accepted as {read_as}, but the table refuses it"
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

    /// Each `fixtures/webhooks/invalid/<name>.json` is refused with an error naming its field.
    fn webhooks_refused(&mut self, cases: &[(&str, &str)]) {
        for &(name, field) in cases {
            let result = parse_webhook(&read(&format!("webhooks/invalid/{name}.json")));
            self.refused(name, field, result.map(|event| event.kind().to_string()));
        }
    }

    /// Each `fixtures/source/invalid/<name>.json` (a batch if its name says so) is refused with
    /// an error naming its field.
    fn sources_refused(&mut self, cases: &[(&str, &str)]) {
        for &(name, field) in cases {
            let bytes = read(&format!("source/invalid/{name}.json"));
            let result = if name.starts_with("batch") {
                parse_batch(&bytes).map(|events| format!("a batch of {}", events.len()))
            } else {
                parse_source_event(&bytes).map(|event| format!("{:?}", event.call_type()))
            };
            self.refused(name, field, result);
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

    /// The top-level `key` reads as `want` (`got` is what it reads as) and is written as
    /// `written`.
    fn read_and_written<T: PartialEq + Debug, E>(
        &mut self,
        p: &Parsed<E>,
        key: &str,
        got: T,
        want: T,
        written: Value,
    ) {
        self.eq(format!("{}: {key}", p.name), got, want);
        self.eq(format!("{}: {key} written", p.name), &p.out[key], &written);
    }

    /// Each `(key, want)`: `read` reads `key` as `want`, and `key` is written as `want`.
    fn fields<'a, E, T>(
        &mut self,
        p: &'a Parsed<E>,
        fields: &[(&str, T)],
        read: impl Fn(&'a Parsed<E>, &str) -> Option<T>,
    ) where
        T: PartialEq + Debug + Serialize + Clone,
    {
        for (key, want) in fields {
            self.read_and_written(p, key, read(p, key), Some(want.clone()), json!(want));
        }
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

/// `fn $name(p) -> &$ty`: the event of a parsed fixture as the kind its test expects (a panic
/// naming the kind it is otherwise).
macro_rules! expect_kind {
    ($($name:ident: $event:ident::$variant:ident($ty:ty), by $kind:ident;)+) => {$(
        fn $name(p: &Parsed<$event>) -> &$ty {
            match &p.event {
                $event::$variant(event) => event,
                other => panic!("{}: not {}: {:?}", p.name, stringify!($variant), other.$kind()),
            }
        }
    )+};
}

expect_kind! {
    answer: WebhookEvent::AnswerSubmitted(AnswerSubmitted), by kind;
    sent: WebhookEvent::StudySent(StudySent), by kind;
    submitted: WebhookEvent::StudySubmitted(StudySubmitted), by kind;
    status_changed: WebhookEvent::StudyStatusChanged(StudyStatusChanged), by kind;
    track: SourceEvent::Track(Track), by call_type;
}

/// `$read` of a parsed Study Sent or Study Seen (one field list), with the event as `$s`.
macro_rules! delivery {
    ($p:expr, $s:ident => $read:expr) => {
        match &$p.event {
            WebhookEvent::StudySent($s) => $read,
            WebhookEvent::StudySeen($s) => $read,
            other => panic!("{}: not a Study Sent or Seen: {:?}", $p.name, other.kind()),
        }
    };
}

/// A webhook's integer id or count at the top-level `key`, as read (a numeric
/// `responseGroupUid` as its number).
fn integer_id(p: &Parsed<WebhookEvent>, key: &str) -> Option<u64> {
    use WebhookEvent as W;
    match (&p.event, key) {
        (W::AnswerSubmitted(a), "id") => Some(a.id),
        (W::AnswerSubmitted(a), "surveyId") => Some(a.survey_id),
        (W::AnswerSubmitted(a), "oldVisitorId") => a.old_visitor_id,
        (W::StudySubmitted(s), "surveyId") => Some(s.survey_id),
        (W::StudySubmitted(s), "productId") => s.product_id,
        (W::StudyStatusChanged(s), "surveyId") => Some(s.survey_id),
        (W::StudyStatusChanged(s), "productId") => s.product_id,
        (W::ThemeIdentified(t), "productId") => t.product_id,
        (W::Test(t), "id") => Some(t.id),
        (W::Test(t), "surveyId") => Some(t.survey_id),
        (W::StudySent(_) | W::StudySeen(_), "surveyId") => delivery!(p, s => Some(s.survey_id)),
        (W::StudySent(_) | W::StudySeen(_), "productId") => delivery!(p, s => s.product_id),
        (W::StudySent(_) | W::StudySeen(_), "teamId") => delivery!(p, s => s.team_id),
        (W::StudySent(_) | W::StudySeen(_), "oldVisitorId") => delivery!(p, s => s.old_visitor_id),
        (W::StudySent(_) | W::StudySeen(_), "responseGroupUid") => {
            match delivery!(p, s => s.response_group_uid) {
                ResponseGroupUid::Number(n) => Some(n),
                ResponseGroupUid::Uuid(_) => None,
            }
        }
        (other, _) => panic!("{}: {:?} has no integer {key}", p.name, other.kind()),
    }
}

/// Each question's integer (Study Status Changed: `questionTypeId`, a numeric one as its
/// number; Study Submitted: `order`), with the key it is at.
fn question_integers(p: &Parsed<WebhookEvent>) -> (&'static str, Vec<Option<u64>>) {
    match &p.event {
        WebhookEvent::StudyStatusChanged(_) => {
            let ids = status_changed(p)
                .questions
                .iter()
                .map(|q| match q.question_type_id {
                    QuestionTypeId::Number(n) => Some(n),
                    _ => None,
                });
            ("questionTypeId", ids.collect())
        }
        _ => {
            let orders = submitted(p)
                .questions
                .iter()
                .map(|q| q.order.map(u64::from));
            ("order", orders.collect())
        }
    }
}

/// A webhook's text id at `key` (`userId`, `anonymousId`), as read.
fn webhook_text_id<'a>(p: &'a Parsed<WebhookEvent>, key: &str) -> Option<&'a str> {
    let (user_id, anonymous_id) = match &p.event {
        WebhookEvent::AnswerSubmitted(a) => (&a.user_id, &a.anonymous_id),
        _ => delivery!(p, s => (&s.user_id, &s.anonymous_id)),
    };
    match key {
        "userId" => user_id.as_deref(),
        "anonymousId" => anonymous_id.as_deref(),
        _ => panic!("{}: no text id {key}", p.name),
    }
}

/// A source event's text id at `key` (`userId`, `anonymousId`, a track's `event`), as read.
fn source_text_id<'a>(p: &'a Parsed<SourceEvent>, key: &str) -> Option<&'a str> {
    match key {
        "userId" => p.event.user_id(),
        "anonymousId" => p.event.anonymous_id(),
        "event" => track(p).event.as_deref(),
        _ => panic!("{}: no text id {key}", p.name),
    }
}

/// An Answer Submitted's `attributes`, `customMetadata` or `eventProperties`, or a Study Sent's
/// or Seen's `attributes`, as read.
fn json_field(p: &Parsed<WebhookEvent>, key: &str) -> Option<Value> {
    let map = match (&p.event, key) {
        (WebhookEvent::AnswerSubmitted(a), "attributes") => &a.attributes,
        (WebhookEvent::AnswerSubmitted(a), "customMetadata") => &a.custom_metadata,
        (WebhookEvent::AnswerSubmitted(a), "eventProperties") => &a.event_properties,
        (_, "attributes") => delivery!(p, s => &s.attributes),
        (other, _) => panic!("{}: {:?} has no JSON field {key}", p.name, other.kind()),
    };
    map.clone().map(Value::Object)
}

/// JSON as it came, or the JSON a string holds.
fn decoded(came: &Value) -> Value {
    match came {
        Value::String(text) => serde_json::from_str(text).unwrap(),
        other => other.clone(),
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

/// Whether a loose field is typed, and the value it keeps when it is not.
fn loose<T>(field: Option<&Loose<T>>) -> (bool, Option<&Value>) {
    (
        field.and_then(Loose::typed).is_some(),
        field.and_then(Loose::as_value),
    )
}

/// A part of a source event's context (`context.device`, `context.screen`, …), when the context
/// and the part are objects.
fn context_part<'a, T>(
    p: &'a Parsed<SourceEvent>,
    part: impl FnOnce(&'a Context) -> Option<&'a Loose<Box<T>>>,
) -> Option<&'a T> {
    p.event
        .context()
        .and_then(part)
        .and_then(Loose::typed)
        .map(Box::as_ref)
}

/// The loose field at `path` (as the findings spell it) of a track: whether it is typed (for
/// `context` and `messageId`, as the event's own accessors read it), and the value it keeps.
fn loose_at<'a>(p: &'a Parsed<SourceEvent>, path: &str) -> (bool, Option<&'a Value>) {
    let context = p.event.context();
    match path {
        "context.ip" => loose(context.and_then(|c| c.ip.as_ref())),
        "context.device.adTrackingEnabled" => loose(
            context_part(p, |c| c.device.as_ref()).and_then(|d| d.ad_tracking_enabled.as_ref()),
        ),
        "context.screen.width" => {
            loose(context_part(p, |c| c.screen.as_ref()).and_then(|s| s.width.as_ref()))
        }
        "context" => (
            context.is_some(),
            loose(track(p).context.as_ref().map(LazyContext::get)).1,
        ),
        "messageId" => (
            p.event.message_id().is_some(),
            loose(track(p).message_id.as_ref()).1,
        ),
        "version" => loose(track(p).version.as_ref()),
        _ => panic!("{}: no loose field {path}", p.name),
    }
}

/// Row: integer ids and counts (`id`, `surveyId`, `productId`, `teamId`, `oldVisitorId`,
/// `order`, a numeric `questionTypeId` or `responseGroupUid`): an integer, a zero fraction or a
/// string of digits; read as `u64` / `u32`; written as an integer.
#[test]
fn integer_ids_and_counts() {
    let mut row = Row::new("integer ids and counts");

    // Each fixture: its top-level integers, then its questions' (`questionTypeId` or `order`).
    type Case = (&'static str, &'static [(&'static str, u64)], &'static [u64]);
    let cases: [Case; 11] = [
        // Zero fractions: `id`, `surveyId`, `oldVisitorId`.
        (
            "answer_submitted_ids_zero_fraction",
            &[("id", 6_119_204), ("surveyId", 33018), ("oldVisitorId", 0)],
            &[],
        ),
        // Strings of digits: `id`, `surveyId`, `oldVisitorId`.
        (
            "answer_submitted_numbers_as_strings",
            &[("id", 7_455_120), ("surveyId", 45388), ("oldVisitorId", 0)],
            &[],
        ),
        // Zero fractions: `surveyId`, `productId`, `teamId`, a numeric `responseGroupUid`.
        (
            "study_sent_ids_zero_fraction",
            &[
                ("surveyId", 45901),
                ("productId", 31406),
                ("teamId", 2207),
                ("responseGroupUid", 91_355_296),
            ],
            &[],
        ),
        // Integers as they should be: a numeric `responseGroupUid`.
        (
            "study_sent_response_group_uid_integer",
            &[("responseGroupUid", 91_355_295)],
            &[],
        ),
        // A string of digits: `responseGroupUid`, `oldVisitorId`.
        (
            "study_seen_response_group_uid_digits",
            &[("responseGroupUid", 91_355_297), ("oldVisitorId", 0)],
            &[],
        ),
        // Strings of digits: `surveyId`, `productId`, `teamId`.
        (
            "study_seen_numbers_as_strings",
            &[("surveyId", 34790), ("productId", 20871), ("teamId", 4410)],
            &[],
        ),
        // `questionTypeId` as a zero fraction, a string of digits and an integer.
        (
            "study_status_changed_question_type_ids_zero_fraction_and_digits",
            &[("surveyId", 33019), ("productId", 20871)],
            &[2, 1, 5],
        ),
        // `order` as a zero fraction, and as a string of digits.
        (
            "study_submitted_order_zero_fraction",
            &[("surveyId", 45121), ("productId", 31405)],
            &[1, 2],
        ),
        (
            "study_submitted_numbers_as_strings",
            &[("surveyId", 45120), ("productId", 31405)],
            &[1, 2],
        ),
        // The Test ping's `id` and `surveyId`, and a Theme Identified's `productId`, as strings.
        ("test_ids_as_strings", &[("id", 1), ("surveyId", 1)], &[]),
        (
            "theme_identified_product_id_string",
            &[("productId", 19044)],
            &[],
        ),
    ];
    for (name, ids, questions) in cases {
        let Some(p) = row.webhook(name) else { continue };
        row.fields(&p, ids, integer_id);
        if questions.is_empty() {
            continue;
        }
        let (key, got) = question_integers(&p);
        let want: Vec<Option<u64>> = questions.iter().copied().map(Some).collect();
        row.eq(format!("{name}: questions' {key}"), got, want);
        for (i, want) in questions.iter().enumerate() {
            row.eq(
                format!("{name}: questions[{i}].{key} written"),
                &p.out["questions"][i][key],
                &json!(want),
            );
        }
    }

    // Anything else is refused, naming the field.
    row.webhooks_refused(&[
        ("answer_submitted_id_float", "id"),
        ("answer_submitted_survey_id_not_numeric", "surveyId"),
        ("study_submitted_survey_id_negative", "surveyId"),
        ("study_submitted_order_not_numeric", "questions[0].order"),
        (
            "study_status_changed_question_type_id_boolean",
            "questions[0].questionTypeId",
        ),
        ("theme_identified_product_id_not_numeric", "productId"),
        ("study_seen_response_group_uid_not_uuid", "responseGroupUid"),
    ]);
    row.finish();
}

/// Row: text ids (`userId`, `anonymousId` in both flows, a track's `event`): a string; a number
/// as the text JavaScript gives it; a boolean; read as `String`, written as a string.
#[test]
fn text_ids() {
    let mut row = Row::new("text ids");

    let webhooks: [(&str, &[(&str, &str)]); 3] = [
        ("answer_submitted_user_id_number", &[("userId", "42")]),
        (
            "answer_submitted_user_id_one_point_zero",
            &[("userId", "1")],
        ),
        (
            "study_seen_user_id_exponent_anonymous_id_boolean",
            &[("userId", "1e+21"), ("anonymousId", "true")],
        ),
    ];
    for (name, ids) in webhooks {
        let Some(p) = row.webhook(name) else { continue };
        row.fields(&p, ids, webhook_text_id);
    }

    // Source events: the id reads as text, is written as text, and the Sprig call (at the
    // pointer given) carries it; a tolerated form routes as the spec's form would.
    let sources = [
        (
            "identify_numeric_user_id",
            ("userId", "4821907"),
            "/1/userId",
            json!("4821907"),
            false,
        ),
        (
            "track_numeric_anonymous_id",
            ("anonymousId", "99812"),
            "/1/anonymousId",
            json!("99812"),
            false,
        ),
        (
            "tolerated_user_id_one_point_zero",
            ("userId", "1"),
            "",
            order_completed_call("Order Completed", "1"),
            true,
        ),
        (
            "tolerated_event_number",
            ("event", "1001"),
            "",
            order_completed_call("1001", "usr_7Hq2mLk9"),
            true,
        ),
    ];
    for (name, (key, want), call_at, call, tolerated) in sources {
        let Some(p) = row.source(name) else { continue };
        row.fields(&p, &[(key, want)], source_text_id);
        row.eq(
            format!("{name}: the Sprig call at {call_at:?}"),
            call_json(&p.event).pointer(call_at),
            Some(&call),
        );
        if tolerated {
            row.routes_as_without_the_odd_value(&p, |v| v[key] = json!(want));
        }
    }

    // An object or a list is no id: refused, naming the field.
    row.sources_refused(&[
        ("user_id_object", "userId"),
        ("anonymous_id_array", "anonymousId"),
        ("event_object", "event"),
    ]);
    row.finish();
}

/// Row: webhook `timestamp`: epoch milliseconds as an integer, a zero fraction or a string of
/// digits; read as `EpochMillis`; written as an integer.
#[test]
fn webhook_timestamp() {
    let mut row = Row::new("webhook timestamp");
    for (name, millis, at) in [
        (
            "answer_submitted_seed_corrected",
            1_660_672_653_789_i64,
            "2022-08-16T17:57:33.789Z",
        ),
        (
            "answer_submitted_timestamp_zero_fraction",
            1_660_672_653_789,
            "2022-08-16T17:57:33.789Z",
        ),
        (
            "answer_submitted_numbers_as_strings",
            1_738_852_025_520,
            "2025-02-06T14:27:05.520Z",
        ),
        (
            "study_seen_numbers_as_strings",
            1_702_980_196_590,
            "2023-12-19T10:03:16.590Z",
        ),
    ] {
        let Some(p) = row.webhook(name) else { continue };
        let timestamp = match &p.event {
            WebhookEvent::AnswerSubmitted(a) => a.timestamp,
            _ => delivery!(p, s => s.timestamp),
        };
        let read = timestamp.as_millis();
        row.read_and_written(&p, "timestamp", read, millis, json!(millis));
        row.eq(
            format!("{name}: timestamp as a time"),
            timestamp.to_datetime(),
            time(at),
        );
    }
    row.webhooks_refused(&[("answer_submitted_timestamp_iso_string", "timestamp")]);
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
    row.webhooks_refused(&[
        ("answer_submitted_created_at_js_date_string", "createdAt"),
        ("study_submitted_event_date_without_offset", "eventDate"),
    ]);
    row.finish();
}

/// Row: `attributes`, `customMetadata`, `eventProperties`, `selectedIndexes`: real JSON, or a
/// string holding it, decoded one level; `null`, `""` and `"null"` are none; written as real
/// JSON.
#[test]
fn stringified_json_fields() {
    let mut row = Row::new("attributes, customMetadata, eventProperties, selectedIndexes");

    // Each fixture: its JSON fields and `selectedIndexes` as read and written, and the fields
    // that came as real JSON and are written exactly so.
    let cases = [
        (
            "answer_submitted_stringified_attributes_metadata_properties",
            vec![
                ("attributes", json!({"plan": "Preferred", "rentals_ytd": 7})),
                (
                    "customMetadata",
                    json!({"utm_source": "email", "utm_campaign": "return_survey",
                        "reservation": "RCR-7710394"}),
                ),
                (
                    "eventProperties",
                    json!({"return_branch": "LAX", "late_return": false}),
                ),
            ],
            Some((SelectedIndexes::One(0), json!(0))),
            &[][..],
        ),
        (
            "answer_submitted_seed_corrected",
            vec![
                ("customMetadata", json!({})),
                ("attributes", json!({"plan": "Enterprise", "role": "admin"})),
            ],
            Some((SelectedIndexes::Many(vec![2]), json!([2]))),
            &["/attributes", "/eventProperties"],
        ),
        (
            "answer_submitted_numbers_as_strings",
            vec![
                ("eventProperties", json!({})),
                ("attributes", json!({"membership": "free"})),
            ],
            Some((SelectedIndexes::One(4), json!(4))),
            &[],
        ),
        (
            "study_sent_numbers_as_strings",
            vec![("attributes", json!({"plan": "Basic", "home_branch": "ORD"}))],
            None,
            &[],
        ),
    ];
    for (name, fields, indexes, real) in cases {
        let Some(p) = row.webhook(name) else { continue };
        row.fields(&p, &fields, json_field);
        if let Some((want, written)) = indexes {
            let read = answer(&p).selected_indexes.clone();
            row.read_and_written(&p, "selectedIndexes", read, Some(want), written);
        }
        for pointer in real {
            row.written_as_it_came(&p, pointer);
        }
    }
    // None: `null` (written back `null`), `""` and `"null"` (written as no JSON text).
    for name in [
        "answer_submitted_nulls_and_empty_strings",
        "answer_submitted_custom_metadata_null_string",
    ] {
        let Some(p) = row.webhook(name) else { continue };
        for key in ["attributes", "customMetadata", "eventProperties"] {
            row.eq(format!("{name}: {key}"), json_field(&p, key), None);
            let out = p.out.get(key);
            if p.original[key].is_null() {
                row.eq(
                    format!("{name}: null {key} written"),
                    out,
                    Some(&Value::Null),
                );
            } else {
                row.check(
                    out.is_none_or(Value::is_null),
                    format!("{name}: {key} read as none is written as {out:?}"),
                );
            }
        }
    }

    // One level only, and JSON of the field's shape.
    row.webhooks_refused(&[
        (
            "answer_submitted_selected_indexes_double_stringified",
            "selectedIndexes",
        ),
        (
            "answer_submitted_custom_metadata_double_stringified",
            "customMetadata",
        ),
        ("answer_submitted_custom_metadata_array", "customMetadata"),
        ("answer_submitted_selected_indexes_word", "selectedIndexes"),
    ]);
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
        for (i, q) in submitted(&p).questions.iter().enumerate() {
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
    row.webhooks_refused(&[
        ("answer_submitted_nps_response_eleven", "response"),
        ("answer_submitted_nps_response_word", "response"),
        ("answer_submitted_likert_response_zero", "response"),
        (
            "study_submitted_typed_question_nps_not_a_number",
            "questions[1].response",
        ),
    ]);
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
        "answer_submitted_rankorder_object",
        "answer_submitted_rankorder_stringified",
        "answer_submitted_maxdiff_rounds",
        "answer_submitted_maxdiff_stringified_uppercase_type",
    ] {
        let Some(p) = row.webhook(name) else { continue };
        let a = answer(&p);
        let decoded = decoded(&p.original["response"]);
        let kind = a.question_type().kind();
        let want_list = matches!(
            kind,
            Some(QuestionKind::MultipleSelect | QuestionKind::MaxDiff)
        );
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
                | (Some(QuestionKind::RankOrder), Answer::RankOrder(_))
                | (Some(QuestionKind::MaxDiff), Answer::MaxDiff(_))
        );
        row.check(typed, format!("{name}: {kind:?} read as {:?}", a.answer()));
    }
    if let Some(p) = row.webhook("study_submitted_link_study_stringified_responses") {
        for (i, q) in submitted(&p).questions.iter().enumerate() {
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
                        | QuestionKind::RankOrder
                        | QuestionKind::MaxDiff
                )
            );
            if !json_kind {
                continue;
            }
            row.eq(
                format!("questions[{i}].response written"),
                &p.out["questions"][i]["response"],
                &decoded(&p.original["questions"][i]["response"]),
            );
        }
    }
    row.webhooks_refused(&[
        (
            "answer_submitted_multipleselect_broken_stringified",
            "response",
        ),
        ("answer_submitted_matrix_double_stringified", "response"),
    ]);
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
        for (i, q) in submitted(&p).questions.iter().enumerate() {
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
        for (i, q) in submitted(&p).questions.iter().enumerate() {
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

    // `platform`: the known variant, or `Unknown` (and not the variant it resembles: `iOS` is
    // not `ios`, compared exactly); its text; written as it came.
    for (name, known, text, unlike) in [
        (
            "study_seen_android",
            Some(Platform::Android),
            "android",
            None,
        ),
        (
            "study_seen_unknown_platform_kept",
            None,
            "desktop-app",
            None,
        ),
        (
            "study_sent_platform_other_case_unknown",
            None,
            "iOS",
            Some(Platform::Ios),
        ),
    ] {
        let Some(p) = row.webhook(name) else { continue };
        let platform = delivery!(p, s => s.platform.clone());
        match known {
            Some(known) => row.eq(format!("{name}: platform"), platform.clone(), Some(known)),
            None => row.check(
                matches!(platform, Some(Platform::Unknown(_))),
                format!("{name}: platform {text} read as {platform:?}"),
            ),
        }
        if let Some(unlike) = unlike {
            row.check(
                platform != Some(unlike.clone()),
                format!("{name}: platform {text} equals {}", unlike.as_str()),
            );
        }
        row.eq(
            format!("{name}: platform text"),
            platform.as_ref().map(Platform::as_str),
            Some(text),
        );
        row.eq(
            format!("{name}: eventType"),
            delivery!(p, s => s.event_type()),
            &EventType::ProductMessage,
        );
        row.written_as_it_came(&p, "/platform");
    }
    if let Some(p) = row.webhook("study_status_changed_unknown_status_kept") {
        let change = status_changed(&p);
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
    row.webhooks_refused(&[("study_status_changed_status_as_number", "status")]);
    row.finish();
}

/// Row: any optional field: a value, `null`, or no key; read as `Option`; written as the value,
/// or `null` while it stays unset if it came `null`.
#[test]
fn optional_fields() {
    let mut row = Row::new("any optional field");

    // `platform` null, absent and present.
    for (name, want, written) in [
        ("study_sent_platform_null", None, Some(Value::Null)),
        ("study_seen_without_platform", None, None),
        (
            "study_seen_android",
            Some(Platform::Android),
            Some(json!("android")),
        ),
    ] {
        let Some(p) = row.webhook(name) else { continue };
        let platform = delivery!(p, s => s.platform.clone());
        row.eq(format!("{name}: platform"), platform, want);
        row.eq(
            format!("{name}: platform written"),
            p.out.get("platform"),
            written.as_ref(),
        );
    }
    if let Some(p) = row.webhook("study_sent_platform_null") {
        // Once set, the value is written.
        let mut edited = sent(&p).clone();
        edited.platform = Some(Platform::Web);
        let out = serde_json::to_value(&edited).unwrap();
        row.eq("platform set after a null", &out["platform"], &json!("web"));
        // And the null survives a trip through text.
        let again = parse_webhook(&serde_json::to_vec(&p.event).unwrap()).unwrap();
        row.eq("platform null, reparsed", &again, &p.event);
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

    // The call type, read and written; a number as an id, read and written as text.
    for (name, (call_type, type_text), id) in [
        (
            "identify_numeric_user_id",
            (CallType::Identify, "identify"),
            ("userId", "4821907"),
        ),
        (
            "track_numeric_anonymous_id",
            (CallType::Track, "track"),
            ("anonymousId", "99812"),
        ),
        (
            "tolerated_event_number",
            (CallType::Track, "track"),
            ("event", "1001"),
        ),
    ] {
        let Some(p) = row.source(name) else { continue };
        let read = p.event.call_type();
        row.read_and_written(&p, "type", read, call_type, json!(type_text));
        row.fields(&p, &[id], source_text_id);
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
    row.sources_refused(&[
        ("type_number", "type"),
        ("type_missing", "type"),
        ("type_unknown_page_view", "type"),
        ("user_id_object", "userId"),
        ("anonymous_id_array", "anonymousId"),
        ("event_object", "event"),
        ("integrations_array", "integrations"),
        ("batch_top_level_integrations_string", "integrations"),
    ]);
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
        row.eq(
            format!("{name}: {field}"),
            kept.map(Lazy::get),
            p.original.get(field),
        );
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
            Some(field.to_value()),
            p.original.get(key).cloned(),
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

    // Not of the spec's type: not typed, kept, written as it came (the object at the pointer
    // given), reported at its path, and routed as the event with the spec's form (`edit`) would
    // be. (fixture, path, kept value, pointer, edit)
    type Case = (
        &'static str,
        &'static str,
        Value,
        &'static str,
        fn(&mut Value),
    );
    let cases: [Case; 6] = [
        (
            "tolerated_context_ip_number",
            "context.ip",
            json!(3_405_803_777_u64),
            "/context/ip",
            |v| {
                v["context"].as_object_mut().unwrap().remove("ip");
            },
        ),
        (
            "tolerated_context_device_ad_tracking_enabled_string",
            "context.device.adTrackingEnabled",
            json!("true"),
            "/context/device",
            |v| v["context"]["device"]["adTrackingEnabled"] = json!(true),
        ),
        (
            "tolerated_context_screen_width_string",
            "context.screen.width",
            json!("1440px"),
            "/context/screen",
            |v| v["context"]["screen"]["width"] = json!(1440),
        ),
        (
            "tolerated_context_string",
            "context",
            json!("analytics.js"),
            "/context",
            |v| {
                v.as_object_mut().unwrap().remove("context");
            },
        ),
        (
            "tolerated_message_id_number",
            "messageId",
            json!(1_710_261_669_332_001_u64),
            "/messageId",
            |v| v["messageId"] = json!("ajs-next-4c1e0b9a7d2f4e8a9b6c3d5e7f803c02"),
        ),
        (
            "tolerated_version_object",
            "version",
            json!({"major": 2, "minor": 0}),
            "/version",
            |v| v["version"] = json!(2),
        ),
    ];
    for (name, path, kept, written, edit) in cases {
        let Some(p) = row.source(name) else { continue };
        let (typed, value) = loose_at(&p, path);
        row.check(!typed, format!("{name}: {path} read as of the spec's type"));
        row.eq(format!("{name}: {path} kept"), value, Some(&kept));
        row.written_as_it_came(&p, written);
        row.eq(
            format!("{name}: findings"),
            p.event.validate(),
            vec![not_as_specified(path)],
        );
        row.routes_as_without_the_odd_value(&p, edit);
    }
    // Beside an odd value, the rest of its object stays typed.
    if let Some(p) = row.source("tolerated_context_device_ad_tracking_enabled_string") {
        let model = context_part(&p, |c| c.device.as_ref()).and_then(|d| d.model.as_ref());
        row.eq(
            "device.model still typed",
            model.and_then(Loose::typed).map(String::as_str),
            Some("iPhone16,2"),
        );
    }
    if let Some(p) = row.source("tolerated_context_screen_width_string") {
        let height = context_part(&p, |c| c.screen.as_ref()).and_then(|s| s.height.as_ref());
        row.eq(
            "screen.height typed",
            height.and_then(Loose::typed),
            Some(&serde_json::Number::from(900)),
        );
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
        let app_version = context_part(&p, |c| c.app.as_ref())
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
