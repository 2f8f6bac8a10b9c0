//! Feature `axum`: an extractor that checks the bearer token, reads the body under a limit and
//! parses it, so that a receiver's handler is one argument and a match.
//!
//! ```
//! use axum::routing::post;
//! use axum::Router;
//! use sprig_events::axum::SprigWebhook;
//! use sprig_events::{WebhookEvent, WebhookSecret};
//!
//! async fn receive(SprigWebhook(event): SprigWebhook) -> &'static str {
//!     match event {
//!         WebhookEvent::AnswerSubmitted(answer) => {
//!             let _ = answer.answer(); // store it, enqueue work, …
//!             "thanks"
//!         }
//!         _ => "ok",
//!     }
//! }
//!
//! let app: Router = Router::new()
//!     .route("/sprig/webhook", post(receive))
//!     .with_state(WebhookSecret::new("my-webhook-secret"));
//! ```
//!
//! The secret comes from the router's state through [`FromRef`], so a state struct with a
//! `WebhookSecret` field works too (derive or write `FromRef` for it). A request is refused
//! with a [`SprigWebhookRejection`], which answers:
//! - **401** with `WWW-Authenticate: Bearer` when the `authorization` header is missing or
//!   wrong;
//! - **413** when the body is longer than the secret's
//!   [`body_limit`](WebhookSecret::body_limit) (2 MiB unless set);
//! - **400** when the body does not parse: the text names the failing field's path or the line
//!   and column, never a value from the body;
//! - **422** when the handler asks for one kind (`SprigWebhook<AnswerSubmitted>`) and the
//!   payload is another.
//!
//! No response text contains the secret, the token or the body. Match on the rejection (take
//! `Result<SprigWebhook, SprigWebhookRejection>` as the argument) to answer differently.

use std::fmt;

use axum::body::Body;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::webhook::{
    AnswerSubmitted, StudySeen, StudySent, StudyStatusChanged, StudySubmitted, TestPing,
    ThemeIdentified,
};
use crate::{parse_webhook, AuthError, Error, WebhookEvent, WebhookKind, WebhookSecret};

/// A verified, parsed Sprig webhook: `async fn receive(SprigWebhook(event): SprigWebhook)`.
///
/// `T` is [`WebhookEvent`] (any kind) or one payload type (`SprigWebhook<AnswerSubmitted>`),
/// which answers 422 for a payload of another kind.
#[derive(Clone, Debug, PartialEq)]
pub struct SprigWebhook<T = WebhookEvent>(pub T);

mod sealed {
    /// Only the crate's own types are [`FromWebhook`](super::FromWebhook).
    pub trait Sealed {}
}

/// What a [`SprigWebhook`] can hold: any event, or the payload of one kind. Sealed: the
/// crate's event types are the only ones.
pub trait FromWebhook: Sized + sealed::Sealed {
    /// The kind this type takes; `None` for any.
    const KIND: Option<WebhookKind>;

    /// The value; `None` when the event is of another kind.
    fn from_webhook(event: WebhookEvent) -> Option<Self>;
}

impl sealed::Sealed for WebhookEvent {}

impl FromWebhook for WebhookEvent {
    const KIND: Option<WebhookKind> = None;

    fn from_webhook(event: WebhookEvent) -> Option<Self> {
        Some(event)
    }
}

/// [`FromWebhook`] for each row of the kinds table.
macro_rules! one_kind {
    ($($variant:ident($ty:ident) = $name:literal, $doc:literal;)*) => {
        $(
            impl sealed::Sealed for $ty {}

            impl FromWebhook for $ty {
                const KIND: Option<WebhookKind> = Some(WebhookKind::$variant);

                fn from_webhook(event: WebhookEvent) -> Option<Self> {
                    match event {
                        WebhookEvent::$variant(payload) => Some(*payload),
                        _ => None,
                    }
                }
            }
        )*
    };
}
crate::webhook::webhook_kinds!(one_kind);

/// Why a request did not yield a [`SprigWebhook`]; its response is safe to send (see the
/// module docs).
#[derive(Debug)]
#[non_exhaustive]
pub enum SprigWebhookRejection {
    /// The `authorization` header is missing or does not carry the secret (401).
    Unauthorized(AuthError),
    /// The body is longer than the limit (413).
    PayloadTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body could not be read from the connection (400).
    BodyUnreadable,
    /// The body is not a webhook this crate reads (400).
    BadPayload(Error),
    /// The payload is of another kind than the handler takes (422).
    WrongKind {
        /// The kind the handler takes.
        expected: WebhookKind,
        /// The payload's kind.
        found: WebhookKind,
    },
}

impl SprigWebhookRejection {
    /// The status the rejection answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            SprigWebhookRejection::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            SprigWebhookRejection::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            SprigWebhookRejection::BodyUnreadable | SprigWebhookRejection::BadPayload(_) => {
                StatusCode::BAD_REQUEST
            }
            SprigWebhookRejection::WrongKind { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

impl fmt::Display for SprigWebhookRejection {
    /// The response text: where a payload went wrong, never what it held.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SprigWebhookRejection::Unauthorized(reason) => write!(f, "unauthorized: {reason}"),
            SprigWebhookRejection::PayloadTooLarge { limit } => {
                write!(f, "the payload is larger than {limit} bytes")
            }
            SprigWebhookRejection::BodyUnreadable => f.write_str("the body could not be read"),
            SprigWebhookRejection::BadPayload(Error::Syntax { line, column, .. }) => {
                write!(f, "malformed JSON at line {line} column {column}")
            }
            SprigWebhookRejection::BadPayload(error) => {
                let path = error.path().filter(|path| !path.is_empty());
                match (path, error.position()) {
                    (Some(path), _) => write!(f, "bad webhook payload at `{path}`"),
                    (None, Some((line, column))) => {
                        write!(f, "bad webhook payload at line {line} column {column}")
                    }
                    (None, None) => f.write_str("bad webhook payload: not a JSON object"),
                }
            }
            SprigWebhookRejection::WrongKind { expected, found } => {
                write!(f, "expected a {expected} webhook, got {found}")
            }
        }
    }
}

impl std::error::Error for SprigWebhookRejection {}

impl IntoResponse for SprigWebhookRejection {
    fn into_response(self) -> Response {
        let mut response = (self.status(), format!("{self}\n")).into_response();
        if matches!(self, SprigWebhookRejection::Unauthorized(_)) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl<S, T> FromRequest<S> for SprigWebhook<T>
where
    WebhookSecret: FromRef<S>,
    S: Send + Sync,
    T: FromWebhook + Send,
{
    type Rejection = SprigWebhookRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let secret = WebhookSecret::from_ref(state);
        // The header's bytes as UTF-8 text, as a secret is: `HeaderValue::to_str` takes visible
        // ASCII only, which would turn a present header with a non-ASCII secret into none.
        let verified = match request.headers().get(header::AUTHORIZATION) {
            None => secret.verify(None),
            Some(value) => match std::str::from_utf8(value.as_bytes()) {
                Ok(text) => secret.verify(Some(text)),
                // No `Bearer <token>` whose token is text: refused as not of that form (or for
                // an empty secret, which `verify` names first).
                Err(_) => secret.verify(Some("")),
            },
        };
        verified.map_err(SprigWebhookRejection::Unauthorized)?;
        let limit = secret.body_limit();
        let body: Body = request.into_body();
        let bytes = axum::body::to_bytes(body, limit)
            .await
            .map_err(|error| too_large_or_unreadable(error, limit))?;
        let event = parse_webhook(&bytes).map_err(SprigWebhookRejection::BadPayload)?;
        let found = event.kind();
        T::from_webhook(event)
            .map(SprigWebhook)
            .ok_or(SprigWebhookRejection::WrongKind {
                expected: T::KIND.unwrap_or(WebhookKind::Unknown),
                found,
            })
    }
}

fn too_large_or_unreadable(error: axum::Error, limit: usize) -> SprigWebhookRejection {
    if error
        .into_inner()
        .downcast_ref::<http_body_util::LengthLimitError>()
        .is_some()
    {
        SprigWebhookRejection::PayloadTooLarge { limit }
    } else {
        SprigWebhookRejection::BodyUnreadable
    }
}
