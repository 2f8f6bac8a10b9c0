//! Sprig's export API, `GET /v1/responses`: the answers webhooks deliver, pulled back.
//!
//! Webhooks can be missed (Sprig documents no redelivery); the export API lists the same
//! answers. This module reads its pages ([`parse_responses`], [`parse_surveys`]), reads each
//! answer into the webhook's own [`Answer`](crate::webhook::Answer) ([`Response::answer`]),
//! builds the requests and walks the pages, sans I/O ([`ExportApi`], [`ResponsesQuery`],
//! [`Pager`]), and tells which exported answers a service never received by webhook
//! ([`ReceivedAnswers`], [`missing_answers`]).
//!
//! ```
//! use sprig_events::export::{parse_responses, ReceivedAnswers};
//! use sprig_events::webhook::Answer;
//!
//! let body = br#"{"cursor": null, "data": [{"visitorId": 0, "surveyId": 30402,
//!   "questionId": 239618, "createdAt": "2025-11-19T21:56:36.467Z",
//!   "responseGroupUid": "67d166b1-0691-4577-8909-8007131dbb7b",
//!   "response": {"apple": 1, "ball": 2}, "questionText": "rank it",
//!   "questionType": "RANKORDER", "externalUserId": ""}]}"#;
//! let page = parse_responses(body)?;
//! let Answer::RankOrder(ranked) = page.data[0].answer() else { unreachable!() };
//! assert_eq!((ranked[0].option, ranked[1].option), ("apple", "ball"));
//!
//! // Nothing came by webhook: the answer is to be backfilled.
//! assert_eq!(ReceivedAnswers::new().missing(&page).len(), 1);
//!
//! // Written back, the page is the same JSON (the question type as it came).
//! let out = serde_json::to_value(&page)?;
//! assert_eq!(out["data"][0]["questionType"], "RANKORDER");
//! assert_eq!(out["cursor"], serde_json::Value::Null);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Reading
//! The rules are the webhooks' (see the crate docs' tolerance table): integer ids in any
//! integer form, times in RFC 3339, `questionType` matched case-insensitively (the export says
//! `NPS`, webhooks `nps`) and written back as it came, `customMetadata` and the snapshot's
//! objects as real JSON or a string holding it, every unknown key kept. A `response` that does
//! not fit its question type is an error naming it (`data[3].response: …`), never a panic.
//!
//! # Unconfirmed
//! Sprig documents `GET /v1/surveys` only by its statuses: a [`Survey`] types `id` and
//! `status` and keeps the rest. The parameters of `GET /v1/surveys` and `GET /v1/themes`
//! beyond paging are not documented; [`ExportApi::themes`] sends those of the responses.

mod reconcile;
mod request;
mod response;
mod survey;

pub use reconcile::{missing_answers, AnswerKey, ReceivedAnswers};
pub use request::{ExportApi, InvalidLimit, Page, Pager, ResponsesQuery, SurveysQuery, MAX_LIMIT};
pub use response::{ClientSize, Meta, Response, ResponsesPage, VisitorSnapshot};
pub use survey::{Survey, SurveysPage};

use crate::wire::read::{self, Input};
use crate::Error;

/// One page of `GET /v1/responses` (or `GET /v1/themes`).
///
/// Errors name the JSON path of the bad value (`data[0].createdAt`, `data[2].response`) or the
/// line and column of broken JSON.
///
/// ```
/// use sprig_events::export::parse_responses;
///
/// let err = parse_responses(br#"{"cursor": null, "data": [{"surveyId": 1, "questionId": 2,
///   "questionType": "NPS", "response": 11, "createdAt": "2024-01-26T18:58:32.835Z",
///   "responseGroupUid": "b96b109f-040c-412a-9ca4-4d694ccaec90"}]}"#).unwrap_err();
/// assert_eq!(err.path(), Some("data[0].response"));
/// ```
pub fn parse_responses(body: &[u8]) -> Result<ResponsesPage, Error> {
    read::Tracked(read::text(body)?).model().map(|page| *page)
}

/// One page of `GET /v1/surveys`.
pub fn parse_surveys(body: &[u8]) -> Result<SurveysPage, Error> {
    read::Tracked(read::text(body)?).model().map(|page| *page)
}
