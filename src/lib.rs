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
//! # Tolerant in, canonical out
//! Sprig's payloads send JSON inside strings (`"customMetadata": "{}"`), numbers as strings, and
//! types that contradict the docs. Parsing accepts each of these forms; serializing writes one
//! canonical form: the wire's own camelCase keys, stringified JSON decoded, numeric strings as
//! numbers, `timestamp` as epoch milliseconds, `createdAt` / `eventDate` / `updatedAt` as RFC 3339
//! strings, and every key the model does not know kept with its value (in `extra`). Parsing that
//! output again gives the same value. An open-text answer is never changed.
//!
//! ```
//! use sprig_events::{parse_webhook, verify_bearer, WebhookEvent};
//!
//! # fn handle(authorization: Option<&str>, body: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
//! verify_bearer(authorization, "my-webhook-secret")?;
//! match parse_webhook(body)? {
//!     WebhookEvent::AnswerSubmitted(answer) => {
//!         println!("{} answered {:?}: {:?}", answer.visitor_id, answer.question, answer.answer());
//!     }
//!     WebhookEvent::Test(_) => println!("Sprig says hello"),
//!     other => println!("{} event", other.kind()),
//! }
//! # Ok(()) }
//! # handle(Some("Bearer my-webhook-secret"), br#"{"id":1,"environmentId":"abc123","surveyId":1,"surveyName":"TEST_SURVEY","eventType":"TEST"}"#).unwrap();
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod auth;
pub mod destination;
mod error;
pub mod source;
pub mod webhook;
mod wire;

pub use auth::{verify_bearer, WebhookSecret};
pub use error::{AuthError, Error};
pub use source::{parse_batch, parse_source_event, SourceEvent};
pub use webhook::{parse_webhook, WebhookEvent, WebhookKind};
pub use wire::{Extra, TextOrNumber};

/// The README's examples, compiled and run as doc tests so that they cannot rot.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
