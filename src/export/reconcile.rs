//! Which exported answers a service never received by webhook.

use std::collections::HashSet;

use crate::webhook::{Answer, AnswerSubmitted, ResponseGroupUid, StudySubmitted};
use crate::WebhookEvent;

use super::{Response, ResponsesPage};

/// What identifies one answer in both sources: the visitor's answers to one study
/// (`responseGroupUid`) and the question's wording (webhooks carry no question id: the
/// webhook's `question` is the export's `questionText`, compared exactly).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AnswerKey {
    /// `responseGroupUid`.
    pub response_group_uid: ResponseGroupUid,
    /// The question's wording.
    pub question: String,
}

impl AnswerKey {
    /// The key of an answer received by webhook.
    pub fn of_webhook(answer: &AnswerSubmitted) -> Self {
        AnswerKey {
            response_group_uid: answer.response_group_uid,
            question: answer.question.clone(),
        }
    }

    /// The key of an exported answer; `None` when the record has no `questionText`.
    pub fn of_export(response: &Response) -> Option<Self> {
        Some(AnswerKey {
            response_group_uid: response.response_group_uid,
            question: response.question_text.clone()?,
        })
    }
}

/// The answers a service received by webhook, to find the exported ones it missed.
///
/// ```
/// use sprig_events::export::{parse_responses, ReceivedAnswers};
/// use sprig_events::samples;
/// use sprig_events::webhook::QuestionKind;
///
/// let mut received = ReceivedAnswers::new();
/// received.record(&samples::answer(QuestionKind::Nps).event()?);
/// let page = parse_responses(br#"{"cursor": null, "data": [{"surveyId": 1, "questionId": 2,
///   "questionType": "OPEN", "questionText": "Anything else?", "response": "No",
///   "createdAt": "2024-01-26T18:58:32.835Z",
///   "responseGroupUid": "b96b109f-040c-412a-9ca4-4d694ccaec90"}]}"#)?;
/// let missed = received.missing(&page);
/// assert_eq!(missed.len(), 1); // never received: backfill it
/// # Ok::<(), sprig_events::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReceivedAnswers {
    keys: HashSet<AnswerKey>,
}

impl ReceivedAnswers {
    /// None received yet.
    pub fn new() -> Self {
        ReceivedAnswers::default()
    }

    /// Note an Answer Submitted.
    pub fn insert(&mut self, answer: &AnswerSubmitted) {
        self.keys.insert(AnswerKey::of_webhook(answer));
    }

    /// Note every answer of a Study Submitted: its questions whose answer is not
    /// [`Answer::Skipped`]. A question listed without a response (`null` or absent, or a skipped
    /// marker such as `""` where its `questionType` reads JSON) delivered no answer, so an
    /// exported answer to it still counts as missing.
    pub fn insert_study(&mut self, study: &StudySubmitted) {
        let answered = study
            .questions
            .iter()
            .filter(|question| question.answer() != Answer::Skipped);
        for question in answered {
            self.keys.insert(AnswerKey {
                response_group_uid: study.response_group_uid,
                question: question.question.clone(),
            });
        }
    }

    /// Note the answers a webhook carries (Answer Submitted, Study Submitted); other kinds
    /// carry none.
    pub fn record(&mut self, event: &WebhookEvent) {
        match event {
            WebhookEvent::AnswerSubmitted(answer) => self.insert(answer),
            WebhookEvent::StudySubmitted(study) => self.insert_study(study),
            _ => {}
        }
    }

    /// Whether an answer with this key was received.
    pub fn contains(&self, key: &AnswerKey) -> bool {
        self.keys.contains(key)
    }

    /// How many distinct answers were received.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether none was received.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The page's answers never received, in page order: those whose key was not noted, and
    /// those with no `questionText` (which cannot be matched, so are never assumed received).
    /// Deleted answers (with `deletedAt`) are left out: there is nothing to backfill.
    pub fn missing<'p>(&self, page: &'p ResponsesPage) -> Vec<&'p Response> {
        page.data
            .iter()
            .filter(|response| response.deleted_at.is_none())
            .filter(|response| {
                AnswerKey::of_export(response).is_none_or(|key| !self.keys.contains(&key))
            })
            .collect()
    }
}

impl<'a> Extend<&'a AnswerSubmitted> for ReceivedAnswers {
    fn extend<I: IntoIterator<Item = &'a AnswerSubmitted>>(&mut self, answers: I) {
        for answer in answers {
            self.insert(answer);
        }
    }
}

impl<'a> FromIterator<&'a AnswerSubmitted> for ReceivedAnswers {
    fn from_iter<I: IntoIterator<Item = &'a AnswerSubmitted>>(answers: I) -> Self {
        let mut received = ReceivedAnswers::new();
        received.extend(answers);
        received
    }
}

/// The answers of `page` that none of `received` (answers a service got by webhook) matches,
/// keyed by `responseGroupUid` and question: what a backfill sends on. See
/// [`ReceivedAnswers::missing`] for the rules, and [`ReceivedAnswers`] to keep the received
/// set across pages.
pub fn missing_answers<'a, 'p>(
    received: impl IntoIterator<Item = &'a AnswerSubmitted>,
    page: &'p ResponsesPage,
) -> Vec<&'p Response> {
    received
        .into_iter()
        .collect::<ReceivedAnswers>()
        .missing(page)
}
