//! Sprig's REST API, server-side: source events become `POST /v2/users` requests, with no I/O.
//!
//! Customer.io's Sprig destination runs in the browser, so events from server sources never
//! reach Sprig through it. This module is the server-side way: it turns source events into
//! the bodies of Sprig's REST API, groups them per user, builds each HTTP request, and reads
//! each response into what to do next. Sending is left to your HTTP client.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use sprig_events::api::{coalesce, classify, user_update, ApiKey, Delivery, RetryPolicy, SprigApi};
//! use sprig_events::parse_batch;
//!
//! let api = SprigApi::new(ApiKey::new("my-api-key"));
//! let events = parse_batch(br#"{"batch": [
//!   {"type": "identify", "userId": "u1", "traits": {"email": "ada@example.com", "plan": "pro"}},
//!   {"type": "track", "userId": "u1", "event": "Report Exported", "timestamp": "2025-01-02T03:04:05Z"},
//!   {"type": "page", "userId": "u1", "name": "Pricing"}
//! ]}"#)?;
//!
//! let mut updates = Vec::new();
//! for event in &events {
//!     match user_update(event) {
//!         Ok(update) => updates.push(update),
//!         Err(why) => println!("not sent: {why}"), // the page: "page: Sprig's API takes …"
//!     }
//! }
//! let requests: Vec<_> = coalesce(updates).iter().map(|u| api.upsert(u)).collect();
//! assert_eq!(requests.len(), 1);
//! assert_eq!(
//!     requests[0].body(),
//!     br#"{"userId":"u1","emailAddress":"ada@example.com","attributes":{"plan":"pro"},"events":[{"event":"Report Exported","timestamp":1735787045000}]}"#
//! );
//!
//! // Your client sends it (`requests[0].clone().into_http()?` with the `http` feature);
//! // then the answer decides what is next.
//! let policy = RetryPolicy::default();
//! let outcome = classify(503, [("retry-after", "2")], b"");
//! let Delivery::Retry { after, .. } = outcome else { unreachable!() };
//! let wait = policy.next_delay(1, after.as_ref(), SystemTime::now(), 12345);
//! assert_eq!(wait, Some(Duration::from_secs(2)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `examples/forward_to_sprig` is a complete forwarder with a real HTTP client: batch in,
//! requests out, retries, and a line for every event saying what became of it.
//!
//! # From a source event to an upsert
//! [`user_update`] (Sprig's default limits) or [`user_update_with`] (your [`Limits`]):
//!
//! - **userId**: the event's `userId`; a JSON number is sent as its text (`42` → `"42"`, as
//!   JavaScript's `String(n)` writes it, which is the decimal form below 10²¹), and a boolean
//!   as `"true"` / `"false"`, as the source model reads ids. None → [`NotSent::NoUserId`], `""` →
//!   [`NotSent::EmptyUserId`]: Sprig's API keys users by userId, and users known only by an
//!   `anonymousId` live in the browser SDK.
//! - **identify**: `emailAddress` ← `traits.email` when it is a non-empty string, else
//!   `context.traits.email` (same condition). `attributes` ← `traits` without `email`, or
//!   `context.traits` without `email` when the event has no `traits` (absent or `null`).
//!   Strings, numbers and booleans are sent; `null`, objects and arrays are not, and each is
//!   reported with its key ([`Finding::NullAttribute`], [`Finding::NestedAttribute`]), as is
//!   a key starting with `!`, which Sprig reserves for its own ([`Finding::ReservedAttribute`]),
//!   an `email` that is not a non-empty string ([`Finding::UnusableEmail`]) and traits that
//!   are not an object ([`Finding::TraitsNotObject`]).
//! - **track**: `events: [{"event": <event>, "timestamp": <epoch ms>}]`, the time read from
//!   `timestamp`, else `originalTimestamp`, else `receivedAt` (an unreadable one is reported,
//!   [`Finding::UnreadableTime`], and the next used). A track with none readable is not sent
//!   ([`NotSent::NoTimestamp`]): Sprig records API events as having happened at a time, and a
//!   body it might refuse would take the user's other events down with it. No `event`, or
//!   one empty or blank (`""`, `"  "`) → [`NotSent::NoEventName`] /
//!   [`NotSent::EmptyEventName`]; `"Signed Out"` →
//!   [`NotSent::SignedOut`] (a sign-out ends a browser session). `properties` are not sent:
//!   the API has no place for them (not reported: every track has them).
//! - **alias, page, screen, group** → [`NotSent::Alias`], [`NotSent::Page`],
//!   [`NotSent::Screen`], [`NotSent::Group`]: the API cannot rename a user and has no page
//!   views, screens or groups.
//! - **Sprig's limits** (255 UTF-16 code units each unless set): what would name something
//!   else if cut is not sent at all — a longer userId ([`NotSent::UserIdTooLong`]) or event
//!   name ([`NotSent::EventNameTooLong`]). A longer attribute name or string value
//!   ([`Finding::AttributeNameTooLong`], [`Finding::AttributeValueTooLong`]) or e-mail
//!   address ([`Finding::EmailTooLong`]) is left out of the update, which is sent without
//!   it: values are never cut (a cut value is a wrong value), and one value Sprig might
//!   refuse must not cost the rest of the request.
//! - The event's `integrations` object is not read: it names Customer.io destinations, and
//!   this is your own code deciding what to forward.
//!
//! # Two paths: strict, or Segment-compatible
//! [`user_update`] (the strict path, the default) sends only what Sprig documents and reports
//! the rest. [`CloudDestination`] sends exactly what Segment's "Sprig Cloud (Actions)" sends
//! (a differential test against `@segment/action-destinations` 3.387.0 holds it to that), for
//! teams that move from it and want the same data in Sprig. Both give [`UserUpdate`]s, so
//! coalescing, findings, requests, responses and retries are the same; choose knowingly:
//!
//! | | strict: [`user_update`] (default) | Segment-compatible: [`CloudDestination`] |
//! |---|---|---|
//! | nested trait values | not sent, [`Finding::NestedAttribute`] | objects flattened to `a.b` keys; arrays sent, [`Finding::AttributeSentAsIs`] |
//! | `null` trait values | not sent, [`Finding::NullAttribute`] | sent as `null`, [`Finding::AttributeSentAsIs`] |
//! | `email` trait | `emailAddress` | an attribute named `email` |
//! | traits source | `traits`, else `context.traits` | `traits` only; not an object → refused |
//! | unreadable timestamp | next of `originalTimestamp`, `receivedAt`; none → [`NotSent::NoTimestamp`] | `"timestamp": null` ([`Finding::TimestampSentAsNull`]); no `timestamp` → refused |
//! | epoch-ms number timestamp | read as that time | `null` (JavaScript's `Date` cannot read `"1730263698620"`) |
//! | screen | [`NotSent::Screen`] | an event named after `name` |
//! | `Signed Out` | [`NotSent::SignedOut`] | an ordinary event |
//! | over Sprig's 255 limits | left out or not sent, reported | sent, [`Finding::SentOverLimit`] |
//! | `integrations` | not read | not read (Segment applies them upstream) |
//! | auth header | [`AuthScheme::ApiKey`] (default of [`SprigApi`]) | the reference sends [`AuthScheme::Bearer`]: choose it with [`SprigApi::with_auth_scheme`] |
//!
//! The strict path is the default because a body Sprig may refuse (a `null` time, an array)
//! can take the user's other coalesced events down with it, and values Sprig does not document
//! are better reported than sent blind. `API-Key` is the default scheme because Sprig's API
//! reference documents it for v2; Segment's destination sends `Bearer` in production, so Sprig
//! seems to take both, but nothing published says so.
//!
//! Bodies are the reference's byte for byte: keys in JavaScript's order (array indices such as
//! `"7"` first, then the others as the event gave them), numbers as its JavaScript writes them
//! (`1.0` as `1`, integers past 2⁵³ as the double they round to). The key order needs the
//! `preserve_order` feature (on by default), which keeps serde_json's maps in the order their
//! keys came; without it, keys other than array indices are written in code-point order, the
//! bodies stay equal as JSON values (`serde_json::to_value(&update)` is the reference's body),
//! and of two keys that flatten to one name the later in code-point order wins, where the
//! reference keeps the later in the event.
//!
//! What the Segment-compatible path does not reproduce, all found by the differential test and
//! none changing what Sprig receives: a date-time without an offset is read as UTC (the
//! reference reads local time; Segment runs in UTC). Events the source model cannot read (an
//! id that is an object or an array) reach only [`CloudDestination::updates_json`], which
//! takes them as the reference does; an event that is not an object makes the reference
//! throw, and sends nothing on either side.
//!
//! # Coalescing
//! [`coalesce`] (and [`Coalescer`], for another cap or to map requests back to their
//! events): one request per user, attributes merged in event order (a later value wins), the
//! last e-mail address wins, events appended in order, at most 100 events a request (a user
//! with more gets several, in order); users keep the order of their first event; nothing is
//! dropped.
//!
//! # Requests
//! [`SprigApi`] (base URL and [`ApiKey`]) builds an [`ApiRequest`] — method, URL, headers
//! (`authorization: API-Key <key>`, or `Bearer <key>` with [`AuthScheme::Bearer`],
//! `content-type: application/json` with a body,
//! `accept: application/json`), body — for an upsert, a user read
//! (`GET /v2/users/{userId}`, the id percent-encoded) and a purge chunk. With the `http`
//! feature (on by default) an [`ApiRequest`] converts into an `http::Request<Vec<u8>>`.
//!
//! # Responses and retries
//! [`classify`] reads a status, headers and body into an [`Delivery`]: 2xx accepted; 422
//! (and any other 4xx) rejected for good, with Sprig's `error` text; 401/403 stop, the key is
//! wrong; 429 and 5xx (and [transport errors](Delivery::transport_error)) retry, after
//! `Retry-After` (seconds or an HTTP date) when given. [`RetryPolicy`] says how long to wait:
//! `Retry-After`, else exponential back-off with full jitter under a cap, from your clock and
//! your random numbers; a `Retry-After` longer than the policy's longest honoured wait (5
//! minutes unless set) gives up rather than wait that long or send early. [`SprigUser`], [`PurgeAccepted`] and [`ErrorBody`] read the bodies.
//!
//! # Purge
//! [`Purge`] gathers e-mail addresses, user ids and visitor ids; [`Purge::chunks`] splits them
//! 100 to a request (all kinds counted together), with `delaySeconds` when set; each answer
//! reads into a [`PurgeAccepted`] with its `requestId`.
//!
//! # What is unconfirmed about Sprig's API, and what this module assumes
//! Sprig calls its REST API an early version, and its documentation contradicts itself:
//! - **`emailAddress`**, not `email`: the schema says `emailAddress`, the page's curl example
//!   says `email`; the one other server-side integration (RudderStack's) sends
//!   `emailAddress`.
//! - **`API-Key` for the purge too**: the purge page shows `Authorization: Bearer`; the
//!   general page (and RudderStack) use `API-Key` for all of v2.
//! - **userId as a string**: the docs type it a string; a numeric `userId` is sent as its
//!   text (RudderStack sends a number).
//! - **No published rate limit**: only "429: too many requests"; so requests follow
//!   `Retry-After` when given and back off otherwise, and the event cap per request (100) is
//!   this crate's choice, not Sprig's.
//! - **Lengths**: the 255-character limits are those of Sprig's SDK configuration; whether
//!   the API cuts or refuses longer values is not documented.
//! - **Purge bodies** leave out empty lists (RudderStack sends `userIds` alone).
//! - **The read user's types** (`id`, `createdAt`, the events' times) are not documented
//!   beyond their names: ids are read as text (a number is taken too), times as
//!   [`Timestamp`](crate::source::Timestamp)s, unknown keys kept.
//!
//! [`Limits`]: crate::destination::Limits

mod cloud;
mod coalesce;
mod json;
mod purge;
pub(crate) mod request;
mod response;
mod retry;
mod update;

pub use cloud::{
    CloudAction, CloudActionConfig, CloudActionOutcome, CloudDestination, CloudOutcome, Refusal,
};
pub use coalesce::{coalesce, Coalesced, Coalescer};
pub use purge::{Purge, PurgeChunk};
pub use request::{ApiKey, ApiRequest, AuthScheme, InvalidUserId, Method, SprigApi};
#[cfg(feature = "http")]
pub use response::classify_response;
pub use response::{
    classify, Delivery, ErrorBody, EventCount, PurgeAccepted, Rejection, RetryAfter, SprigUser,
};
pub use retry::RetryPolicy;
pub use update::{user_update, user_update_with, Event, Finding, NotSent, UserUpdate};
