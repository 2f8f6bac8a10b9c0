//! Typed, tolerant models of the four ways Sprig meets a Rust service.
//!
//! - **Webhooks, Sprig → you**: [`parse_webhook`] turns a request body into a [`WebhookEvent`]
//!   (Answer Submitted, Study Submitted, Study Sent, Study Seen, Study Status Changed, Theme
//!   Identified, the Test ping, or `Unknown`), and [`verify_bearer`] checks the
//!   `authorization: Bearer <secret>` header.
//! - **Customer.io Data Pipelines → Sprig**: [`parse_source_event`] and [`parse_batch`] read
//!   identify, track, alias, page, screen and group events ([`SourceEvent`]);
//!   [`destination::route`] and [`destination::sprig_call`] tell what Customer.io's Sprig
//!   destination (`sprig-web`) does with each: which action its default trigger picks, and the
//!   Sprig SDK call that action makes or why it sends nothing.
//! - **Source events → Sprig's REST API**, server-side: [`api`] builds the requests, sans I/O,
//!   by the crate's strict rules or exactly as Segment's "Sprig Cloud (Actions)" does
//!   ([`api::CloudDestination`]).
//! - **Answers pulled back**: [`export`] reads Sprig's export API (`GET /v1/responses`) into the
//!   webhooks' own answer type, pages through it sans I/O, and tells which answers no webhook
//!   delivered.
//!
//! The crate does no I/O: hand it bytes from whatever server you run.
//!
//! # Webhooks, end to end
//! Check the token, parse the body, match on the kind, read the answer by its question type:
//!
//! ```
//! use sprig_events::webhook::Answer;
//! use sprig_events::{parse_webhook, WebhookEvent, WebhookSecret};
//!
//! // In a real service: the configured secret, the request's header and body.
//! let secret = WebhookSecret::new("my-webhook-secret");
//! let authorization = Some("Bearer my-webhook-secret");
//! let body = br#"{"id": 234211, "environmentId": "ENV", "createdAt": "2022-08-16T17:57:33.603Z",
//!   "responseGroupUid": "3305ee6c-15f4-4a55-a478-2c5f4adb9798", "response": "[\"SUV\"]",
//!   "surveyId": 11220, "question": "What models of car do you prefer?",
//!   "questionType": "multipleselect", "visitorId": "ba050493", "timestamp": 1660672653789,
//!   "selectedIndexes": "[2]", "customMetadata": "{}", "eventType": "survey_response",
//!   "eventName": "surveyResponse", "sdkVersion": "2.1"}"#;
//!
//! secret.verify(authorization)?; // 401 on error
//! let event = parse_webhook(body)?; // 400 on error: the message names the field
//! assert_eq!(event.kind().as_str(), "answer_submitted");
//! let WebhookEvent::AnswerSubmitted(answer) = &event else { unreachable!() };
//! let Answer::Choices(choices) = answer.answer() else { unreachable!() };
//! assert_eq!((choices[0].label, choices[0].index), ("SUV", Some(2)));
//!
//! // Canonical out: stringified JSON decoded, the unknown `sdkVersion` kept.
//! let out = serde_json::to_value(&event)?;
//! assert_eq!(out["response"], serde_json::json!(["SUV"]));
//! assert_eq!(out["customMetadata"], serde_json::json!({}));
//! assert_eq!(out["sdkVersion"], "2.1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Customer.io → Sprig, end to end
//! Parse a batch, check each event against the spec, route it through the destination, and
//! check the call against Sprig's limits:
//!
//! ```
//! use sprig_events::destination::{route, Limits, Route};
//! use sprig_events::parse_batch;
//!
//! let body = br#"{"batch": [
//!   {"type": "identify", "userId": "u1", "traits": {"email": "ada@example.com", "plan": "pro"}},
//!   {"type": "track", "userId": "u1", "event": "Report Exported", "properties": {"format": "pdf"}},
//!   {"type": "track", "userId": "u1", "event": "Signed Out"},
//!   {"type": "page", "userId": "u1", "name": "Pricing"}
//! ]}"#;
//! let mut sent = Vec::new();
//! for event in parse_batch(body)? {
//!     assert!(event.validate().is_empty());
//!     if let Route::Call { call, .. } = route(&event) {
//!         assert!(call.check(&Limits::default()).is_empty());
//!         sent.push(serde_json::to_string(&call)?);
//!     }
//! }
//! // A track's properties are passed on as they came, white space included.
//! assert_eq!(sent, [
//!     r#"["identifyAndSetAttributes",{"userId":"u1","attributes":{"plan":"pro","!email":"ada@example.com"}}]"#,
//!     r#"["identifyAndTrack",{"eventName":"Report Exported","userId":"u1","properties":{"format": "pdf"}}]"#,
//!     r#"["logoutUser"]"#,
//! ]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Tolerant in, canonical out
//! Sprig's payloads send JSON inside strings (`"customMetadata": "{}"`), numbers as strings, and
//! types that contradict the docs; Customer.io passes along events whose unread fields hold
//! anything. One table says what each flow accepts, and the same adapters apply it to both:
//!
//! | field | accepted | read as | written as |
//! | --- | --- | --- | --- |
//! | integer ids and counts: `id`, `surveyId`, `productId`, `teamId`, `oldVisitorId`, `order`, a numeric `questionTypeId` or `responseGroupUid` | an integer, an integer with a zero fraction (`7.0`), a string of digits (`"7"`) | `u64` / `u32` | an integer |
//! | text ids: `userId`, `anonymousId` (both flows), a track's `event` | a string; a number, as the text JavaScript gives it (`42` → `"42"`, `1.0` → `"1"`, `1e21` → `"1e+21"`); a boolean (`"true"`) | `String` | a string |
//! | webhook `timestamp` | epoch milliseconds: an integer, an integer with a zero fraction, a string holding an integer | [`webhook::EpochMillis`] | an integer |
//! | `createdAt`, `eventDate`, `updatedAt`, `deletedAt` | RFC 3339, any offset | `DateTime<Utc>` | RFC 3339 in UTC |
//! | `attributes`, `customMetadata`, `eventProperties`, `selectedIndexes` | real JSON, or a string holding it, decoded **one level** (`"\"[2]\""` is an error); `null`, `""` and `"null"` are none; `selectedIndexes` holds integers as integer ids do (`2.0` is `2`) | `Option<…>` | real JSON |
//! | `response` of `nps`, `likert` | as integer ids, in range (0–10, from 1) | a number | a number |
//! | `response` of `multipleselect`, `matrix`, `consentlegal`, `videovoice`, `recordedtask`, `texturlprompt`, `rankorder`, `maxdiff` | real JSON or a string holding it (one level); a `multipleselect` label as plain text (as the export API sends it) is kept, whatever it looks like, unless it holds a JSON list (which must be of labels) or opens as a list of labels does (`["`, `[]`); ranks and MaxDiff option ids as integer ids | a list / an object | real JSON |
//! | `response` of `open`, `multiplechoice` and unknown types | anything | the respondent's own value, **never changed** | as it came |
//! | `response` of any other type: `null`, `""`, `"null"` | | skipped ([`webhook::Answer::Skipped`]; a `texturlprompt`, which asks for no answer, reads as `Prompt { skipped: false }`) | absent (`null` if it came `null`) |
//! | vendor value sets (`eventType`, `platform`, `status`, …) | any string | a known variant, else `Unknown` with its text; `questionType` compares case-insensitively (`OPEN` = `open`), the others exactly | as it came |
//! | any optional field | a value, `null`, or no key | `Option` | the value; `null` while it stays unset if it came `null` |
//! | source: `type`, `userId`, `anonymousId`, `event`, `integrations` (the fields the destination reads) | the forms above; `integrations` an object or `null` | typed | typed; anything else is an error naming the field |
//! | source: `traits`, `properties` | any JSON (a non-object makes the action skip, as the reference's does) | [`source::LazyValue`]: a `Value`, kept as its text until read (an identify's `traits` read at once) | as it came |
//! | source: `timestamp`, `originalTimestamp`, `sentAt`, `receivedAt` | any JSON | [`source::Timestamp`]: RFC 3339, ISO 8601 with `+0000` or no offset (UTC), epoch milliseconds | exactly as it came |
//! | source: `context.*`, `messageId`, `previousId`, `groupId`, `name`, `category`, `channel`, `version` | any JSON | [`source::Loose`]: typed when of the spec's type, else kept | exactly as it came |
//!
//! What a source event holds that is not of the spec's type (the last two rows) never stops it:
//! [`SourceEvent::validate`] reports each place with its path (`context.screen.width`), and the
//! event routes exactly as the reference routes it.
//!
//! Serializing writes one canonical form: the wire's own camelCase keys, each known field once,
//! then every key the model does not know, kept with its value (in `extra`). Parsing that
//! output again gives the same value. Each model's fields are public where any value of the
//! field's type is valid; where parsing ties fields together (an answer and its question type;
//! the keys that decide a payload's kind) they are read through methods and changed through
//! setters that apply parsing's rules, so an edited event reads the same before and after a
//! trip through text.
//!
//! # Errors
//! Every parse returns [`Error`], whose `Display` names where the input went wrong: the JSON path
//! of a bad field (`questions[1].response: expected an integer from 0 to 10, found string "x"`),
//! or the line and column of broken JSON. Messages are cut at a few hundred bytes, since they
//! quote the offending value. No input makes a public function panic; the fuzz targets in
//! `fuzz/` check that, and more.
//!
//! # Resource bounds
//! - Time and memory are linear in the body's size: one pass, no tree in between (the
//!   `answer_size` bench shows the same time per byte for 10 KB, 1 MB and 10 MB bodies). A body
//!   is held by the caller; the parsed event holds copies of its strings.
//! - Nesting of 128 or more arrays and objects (the payload's own counted; in a batch, each
//!   event's own) is refused (serde_json's limit; 127 levels read), so no input can
//!   exhaust the stack, however deep. (A batch's keys the crate does not read are skipped at
//!   any depth, without recursion.)
//! - Stringified JSON is decoded one level only: a string holding a string holding JSON is an
//!   error, not a loop.
//! - The crate sets no size limit of its own: cap request bodies in your server (axum's default
//!   is 2 MB).
//! - Numbers are read as 64-bit integers or floats: digits beyond that precision in an unknown
//!   key are not kept.
//!
//! # Features and MSRV
//! - `axum`: [`axum::SprigWebhook`](crate::axum), an extractor that checks the bearer token,
//!   reads the body under a limit and parses it, with rejections that answer 401 / 413 / 400 /
//!   422. The default build pulls in no web framework.
//! - `proptest`: [`strategies`], webhooks in wire form (quirks included)
//!   paired with the value they parse to, for property tests of your handler.
//! - `schemars`: `schemars::JsonSchema` for every payload, and `webhook::json_schema(kind)`, the
//!   schema of one webhook kind. The schemas describe what the parser accepts (numbers as
//!   numeric strings, stringified JSON, unknown keys).
//!
//! The crate needs Rust 1.88 (the floor of its `serde_with` dependency); CI builds and tests it
//! on the current stable toolchain.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod api;
mod auth;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
pub mod destination;
mod error;
pub mod export;
pub mod samples;
#[cfg(feature = "schemars")]
mod schema;
pub mod source;
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod strategies;
pub mod webhook;
mod wire;

/// The readers apart, for the fuzz targets' differential checks: built only under
/// `cfg(fuzzing)`, which cargo-fuzz sets, and not part of the API.
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing {
    use std::fmt::Debug;
    use std::sync::atomic::Ordering;

    /// `parse` with the fast reader, then without it (serde_json reading everything): the
    /// same value, written as the same text, or the same error, path, line and column included.
    fn same<T: Debug + PartialEq + serde::Serialize>(
        parse: impl Fn() -> Result<T, crate::Error>,
    ) -> Result<(), String> {
        let with = parse();
        crate::wire::fast::OFF.store(true, Ordering::Relaxed);
        let without = parse();
        crate::wire::fast::OFF.store(false, Ordering::Relaxed);
        match (with, without) {
            (Ok(a), Ok(b)) => {
                let (ta, tb) = (serde_json::to_string(&a), serde_json::to_string(&b));
                if a == b && ta.as_ref().ok() == tb.as_ref().ok() {
                    Ok(())
                } else {
                    Err(format!("different values:\n{a:?}\n{b:?}"))
                }
            }
            (Err(a), Err(b)) if a == b && a.to_string() == b.to_string() => Ok(()),
            (a, b) => Err(format!("different outcomes:\n{a:?}\n{b:?}")),
        }
    }

    /// [`parse_webhook`](crate::parse_webhook) with the fast reader and without it.
    pub fn webhook_readers_agree(data: &[u8]) -> Result<(), String> {
        same(|| crate::parse_webhook(data))
    }

    /// [`parse_source_event`](crate::parse_source_event) and
    /// [`parse_batch`](crate::parse_batch) with the fast reader and without it.
    pub fn source_readers_agree(data: &[u8]) -> Result<(), String> {
        same(|| crate::parse_source_event(data))?;
        same(|| crate::parse_batch(data))
    }
}

pub use auth::{verify_bearer, AuthError, WebhookSecret};
pub use error::{ActionProblem, Error, ErrorKind};
pub use source::{parse_batch, parse_batch_each, parse_source_event, SourceEvent};
pub use webhook::{parse_webhook, WebhookEvent, WebhookKind};
pub use wire::{Extra, IntoField, TextOrNumber};

/// The README's examples, compiled and run as doc tests so that they cannot rot.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
