//! Checking the `authorization: Bearer <secret>` header Sprig sends with every webhook.

use std::fmt;

use subtle::ConstantTimeEq;

/// Check a webhook request's `authorization` header against the configured secret.
///
/// Accepts `Bearer <secret>`: the scheme in any case (`bearer`, `BEARER`: auth schemes are
/// case-insensitive, RFC 7235 §2.1), one or more spaces, then the token, which must be the
/// secret exactly. The comparison takes the same time wherever the first differing byte is,
/// and an empty secret never authenticates anything.
///
/// ```
/// use sprig_events::{verify_bearer, AuthError};
///
/// assert!(verify_bearer(Some("Bearer s3cret"), "s3cret").is_ok());
/// assert!(verify_bearer(Some("bearer s3cret"), "s3cret").is_ok());
/// assert_eq!(verify_bearer(Some("Bearer S3CRET"), "s3cret"), Err(AuthError::Mismatch));
/// assert_eq!(verify_bearer(Some("Bearer nope"), "s3cret"), Err(AuthError::Mismatch));
/// assert_eq!(verify_bearer(None, "s3cret"), Err(AuthError::Missing));
/// assert_eq!(verify_bearer(Some("Bearer "), ""), Err(AuthError::EmptySecret));
/// ```
pub fn verify_bearer(authorization: Option<&str>, secret: &str) -> Result<(), AuthError> {
    if secret.is_empty() {
        return Err(AuthError::EmptySecret);
    }
    let header = authorization.ok_or(AuthError::Missing)?;
    let token = bearer_token(header).ok_or(AuthError::NotBearer)?;
    // `ct_eq` on slices of different lengths returns false at once: that reveals only the
    // secret's length, never its content.
    if bool::from(token.as_bytes().ct_eq(secret.as_bytes())) {
        Ok(())
    } else {
        Err(AuthError::Mismatch)
    }
}

/// The token of a `Bearer` credential: the scheme compared case-insensitively, then at least
/// one space (`1*SP` in RFC 7235's grammar).
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, rest) = header.split_at_checked(6)?;
    if !scheme.eq_ignore_ascii_case("bearer") || !rest.starts_with(' ') {
        return None;
    }
    Some(rest.trim_start_matches(' '))
}

/// The webhook's shared secret, kept out of logs: its `Debug` and `Display` print `[redacted]`.
///
/// ```
/// use sprig_events::WebhookSecret;
///
/// let secret = WebhookSecret::new("s3cret");
/// assert_eq!(format!("{secret:?} {secret}"), "WebhookSecret([redacted]) [redacted]");
/// assert!(secret.verify(Some("Bearer s3cret")).is_ok());
/// ```
#[derive(Clone)]
pub struct WebhookSecret {
    secret: String,
    body_limit: usize,
}

impl WebhookSecret {
    /// The largest body a receiver reads by default: 2 MiB.
    pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

    /// Wrap a secret (as configured in Sprig's webhook settings).
    pub fn new(secret: impl Into<String>) -> Self {
        WebhookSecret {
            secret: secret.into(),
            body_limit: Self::DEFAULT_BODY_LIMIT,
        }
    }

    /// The same secret with another body limit, in bytes, for receivers that read the body
    /// (the `axum` feature's extractor answers 413 past it).
    #[must_use]
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The largest body a receiver should read, in bytes.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// [`verify_bearer`] against this secret.
    pub fn verify(&self, authorization: Option<&str>) -> Result<(), AuthError> {
        verify_bearer(authorization, &self.secret)
    }

    /// The secret itself, for handing to something that must send it.
    pub fn expose(&self) -> &str {
        &self.secret
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret([redacted])")
    }
}

impl fmt::Display for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl PartialEq for WebhookSecret {
    fn eq(&self, other: &Self) -> bool {
        bool::from(self.secret.as_bytes().ct_eq(other.secret.as_bytes()))
            && self.body_limit == other.body_limit
    }
}

impl Eq for WebhookSecret {}

/// Why a webhook request's `authorization` header was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The request had no `authorization` header.
    #[error("the request has no authorization header")]
    Missing,
    /// The header is not exactly `Bearer <token>`.
    #[error("the authorization header is not of the form `Bearer <token>`")]
    NotBearer,
    /// The token is not the configured secret.
    #[error("the bearer token does not match the configured secret")]
    Mismatch,
    /// The configured secret is empty, and an empty secret never authenticates.
    #[error("the configured webhook secret is empty; refusing every request")]
    EmptySecret,
}
