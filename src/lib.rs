//! Typed, tolerant models of the two ways Sprig meets a Rust service.
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
//! assert_eq!(sent, [
//!     r#"["identifyAndSetAttributes",{"userId":"u1","attributes":{"!email":"ada@example.com","plan":"pro"}}]"#,
//!     r#"["identifyAndTrack",{"eventName":"Report Exported","userId":"u1","properties":{"format":"pdf"}}]"#,
//!     r#"["logoutUser"]"#,
//! ]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Tolerant in, canonical out
//! Sprig's payloads send JSON inside strings (`"customMetadata": "{}"`), numbers as strings, and
//! types that contradict the docs. Parsing accepts each of these forms; serializing writes one
//! canonical form: the wire's own camelCase keys, stringified JSON decoded, numeric strings as
//! numbers, `timestamp` as epoch milliseconds, `createdAt` / `eventDate` / `updatedAt` as RFC 3339
//! strings in UTC, and every key the model does not know kept with its value (in `extra`).
//! Parsing that output again gives the same value. An open-text answer is never changed.
//! A `null` reads as no value (`None`) and is written back as `null`; `""` where JSON belongs
//! (`"customMetadata": ""`) also reads as none, and is left out.
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
//! - Nesting deeper than 128 arrays or objects is refused (serde_json's limit), so no input can
//!   exhaust the stack, however deep.
//! - Stringified JSON is decoded one level only: a string holding a string holding JSON is an
//!   error, not a loop.
//! - The crate sets no size limit of its own: cap request bodies in your server (axum's default
//!   is 2 MB).
//! - Numbers are read as 64-bit integers or floats: digits beyond that precision in an unknown
//!   key are not kept.
//!
//! # Features and MSRV
//! - `schemars`: `schemars::JsonSchema` for every payload, and `webhook::json_schema(kind)`, the
//!   schema of one webhook kind. The schemas describe what the parser accepts (numbers as
//!   numeric strings, stringified JSON, unknown keys).
//!
//! The crate needs Rust 1.88 (the floor of its `serde_with` dependency); CI builds and tests it
//! on the current stable toolchain.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod auth;
pub mod destination;
mod error;
#[cfg(feature = "schemars")]
mod schema;
pub mod source;
pub mod webhook;
mod wire;

pub use auth::{verify_bearer, AuthError, WebhookSecret};
pub use error::Error;
pub use source::{parse_batch, parse_batch_each, parse_source_event, SourceEvent};
pub use webhook::{parse_webhook, WebhookEvent, WebhookKind};
pub use wire::{Extra, IntoField, TextOrNumber};

/// The README's examples, compiled and run as doc tests so that they cannot rot.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
