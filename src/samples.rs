//! Realistic webhooks for your own tests: for every kind and every question type, the exact
//! bytes Sprig sends — stringified JSON, numbers as strings, nulls and all — and the typed value
//! they parse to.
//!
//! Always compiled: the samples are a few kilobytes of text, need no dependency, and belong in
//! the same place whether you test a handler or document one.
//!
//! ```
//! use sprig_events::samples;
//! use sprig_events::webhook::{Answer, QuestionKind};
//! use sprig_events::WebhookEvent;
//!
//! let nps = samples::answer(QuestionKind::Nps);
//! assert!(std::str::from_utf8(nps.body).unwrap().contains(r#""response": "7""#)); // as sent
//! let WebhookEvent::AnswerSubmitted(answer) = nps.event()? else { unreachable!() };
//! assert_eq!(answer.answer(), Answer::Nps(7));
//! # Ok::<(), sprig_events::Error>(())
//! ```
//!
//! With the `axum` feature, [`Sample::request`] builds the request Sprig would send, headers
//! included, for a router under test.

use crate::webhook::QuestionKind;
use crate::{parse_webhook, Error, WebhookEvent, WebhookKind};

/// One webhook as Sprig sends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Sample {
    /// What it shows, e.g. `answer_submitted_nps`.
    pub name: &'static str,
    /// Its kind.
    pub kind: WebhookKind,
    /// For an Answer Submitted, its question's kind (`None`: a type this crate does not know).
    pub question: Option<QuestionKind>,
    /// The request body, byte for byte.
    pub body: &'static [u8],
}

impl Sample {
    /// The typed value the body parses to.
    pub fn event(&self) -> Result<WebhookEvent, Error> {
        parse_webhook(self.body)
    }

    /// The request Sprig would send to `uri` with `secret`: `POST`, the body, and Sprig's
    /// headers (`authorization: Bearer …`, `content-type: application/json`,
    /// `user-agent: axios/…`, `accept`).
    #[cfg(feature = "axum")]
    #[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
    pub fn request(
        &self,
        uri: &str,
        secret: &crate::WebhookSecret,
    ) -> Result<axum::http::Request<axum::body::Body>, axum::http::Error> {
        use axum::http::header;
        axum::http::Request::post(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", secret.expose()))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json, text/plain, */*")
            .header(header::USER_AGENT, "axios/0.21.2")
            .header(header::CONTENT_LENGTH, self.body.len())
            .body(axum::body::Body::from(self.body))
    }
}

macro_rules! samples {
    ($($konst:ident: $name:literal => $kind:ident, $question:expr, $file:literal;)*) => {
        $(
            const $konst: Sample = Sample {
                name: $name,
                kind: WebhookKind::$kind,
                question: $question,
                body: include_bytes!(concat!("../fixtures/webhooks/", $file, ".json")),
            };
        )*

        /// Every sample: each webhook kind once, and an Answer Submitted for each question type.
        pub const ALL: &[Sample] = &[$($konst),*];
    };
}

samples! {
    OPEN: "answer_submitted_open" => AnswerSubmitted, Some(QuestionKind::Open), "answer_submitted_open_text";
    NPS: "answer_submitted_nps" => AnswerSubmitted, Some(QuestionKind::Nps), "answer_submitted_nps_numeric_string";
    LIKERT: "answer_submitted_likert" => AnswerSubmitted, Some(QuestionKind::Likert), "answer_submitted_likert_numeric_string";
    MULTIPLE_CHOICE: "answer_submitted_multiplechoice" => AnswerSubmitted, Some(QuestionKind::MultipleChoice), "answer_submitted_multiplechoice_index_stringified";
    MULTIPLE_SELECT: "answer_submitted_multipleselect" => AnswerSubmitted, Some(QuestionKind::MultipleSelect), "answer_submitted_seed_corrected";
    MATRIX: "answer_submitted_matrix" => AnswerSubmitted, Some(QuestionKind::Matrix), "answer_submitted_matrix_stringified";
    CONSENT_LEGAL: "answer_submitted_consentlegal" => AnswerSubmitted, Some(QuestionKind::ConsentLegal), "answer_submitted_consentlegal_submitted";
    VIDEO_VOICE: "answer_submitted_videovoice" => AnswerSubmitted, Some(QuestionKind::VideoVoice), "answer_submitted_videovoice_stringified";
    RECORDED_TASK: "answer_submitted_recordedtask" => AnswerSubmitted, Some(QuestionKind::RecordedTask), "answer_submitted_recordedtask_completed";
    TEXT_URL_PROMPT: "answer_submitted_texturlprompt" => AnswerSubmitted, Some(QuestionKind::TextUrlPrompt), "answer_submitted_texturlprompt_skipped";
    RANK_ORDER: "answer_submitted_rankorder" => AnswerSubmitted, Some(QuestionKind::RankOrder), "answer_submitted_rankorder_stringified";
    MAX_DIFF: "answer_submitted_maxdiff" => AnswerSubmitted, Some(QuestionKind::MaxDiff), "answer_submitted_maxdiff_stringified_uppercase_type";
    UNKNOWN_QUESTION: "answer_submitted_unknown_type" => AnswerSubmitted, None, "answer_submitted_unknown_question_type_ranking";
    STUDY_SUBMITTED: "study_submitted" => StudySubmitted, None, "study_submitted_seed";
    STUDY_SENT: "study_sent" => StudySent, None, "study_sent_seed_from_seen_section";
    STUDY_SEEN: "study_seen" => StudySeen, None, "study_seen_seed_from_sent_section";
    STUDY_STATUS_CHANGED: "study_status_changed" => StudyStatusChanged, None, "study_status_changed_seed";
    THEME_IDENTIFIED: "theme_identified" => ThemeIdentified, None, "theme_identified_seed";
    TEST: "test" => Test, None, "test_seed_ping";
    UNKNOWN: "unknown" => Unknown, None, "unknown_future_event_name_study_closed";
}

/// The sample of a kind (for Answer Submitted, an NPS answer). Every kind has one: a kind
/// added to the crate without its sample does not compile.
pub fn webhook(kind: WebhookKind) -> &'static Sample {
    match kind {
        WebhookKind::AnswerSubmitted => &NPS,
        WebhookKind::StudySubmitted => &STUDY_SUBMITTED,
        WebhookKind::StudySent => &STUDY_SENT,
        WebhookKind::StudySeen => &STUDY_SEEN,
        WebhookKind::StudyStatusChanged => &STUDY_STATUS_CHANGED,
        WebhookKind::ThemeIdentified => &THEME_IDENTIFIED,
        WebhookKind::Test => &TEST,
        WebhookKind::Unknown => &UNKNOWN,
    }
}

/// The Answer Submitted sample of a question type. Every question type has one: a type added
/// to the crate without its sample does not compile.
pub fn answer(question: QuestionKind) -> &'static Sample {
    match question {
        QuestionKind::Open => &OPEN,
        QuestionKind::Nps => &NPS,
        QuestionKind::Likert => &LIKERT,
        QuestionKind::MultipleChoice => &MULTIPLE_CHOICE,
        QuestionKind::MultipleSelect => &MULTIPLE_SELECT,
        QuestionKind::Matrix => &MATRIX,
        QuestionKind::ConsentLegal => &CONSENT_LEGAL,
        QuestionKind::VideoVoice => &VIDEO_VOICE,
        QuestionKind::RecordedTask => &RECORDED_TASK,
        QuestionKind::TextUrlPrompt => &TEXT_URL_PROMPT,
        QuestionKind::RankOrder => &RANK_ORDER,
        QuestionKind::MaxDiff => &MAX_DIFF,
    }
}
