//! Reading Sprig's answers: what a status means for the request, and the typed bodies.

use std::fmt;
use std::time::{Duration, SystemTime};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::{serde_as, DefaultOnNull};

use crate::source::Timestamp;
use crate::wire::read;
use crate::wire::tolerance::{Id, IntOrString};
use crate::Error;

/// What to do after a response (or a failure to get one).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Delivery {
    /// 2xx: Sprig took the request. Do not send it again.
    Accepted,
    /// 422 and the other 4xx: Sprig refuses this request for good; sending it again would
    /// get the same answer.
    Rejected(Rejection),
    /// 429, 5xx, or no response at all: try again, after `after` when Sprig said, else
    /// after a back-off ([`RetryPolicy`](super::RetryPolicy)).
    Retry {
        /// The status, or `None` for a transport error (no response).
        status: Option<u16>,
        /// The `Retry-After` header, when it was given and readable.
        after: Option<RetryAfter>,
    },
    /// 401 or 403: the key is wrong or lacks the right; nothing more will succeed, so stop
    /// sending.
    Stop {
        /// 401 or 403.
        status: u16,
    },
}

impl Delivery {
    /// The outcome of a request that got no response (connection refused, reset, timed
    /// out): retry.
    pub fn transport_error() -> Delivery {
        Delivery::Retry {
            status: None,
            after: None,
        }
    }
}

impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Delivery::Accepted => f.write_str("accepted"),
            Delivery::Rejected(rejection) => write!(f, "rejected: {rejection}"),
            Delivery::Retry { status, after } => {
                match status {
                    Some(status) => write!(f, "temporary failure (HTTP {status})")?,
                    None => f.write_str("temporary failure (no response)")?,
                }
                match after {
                    Some(RetryAfter::Delay(delay)) => {
                        write!(f, ", retry after {} s", delay.as_secs_f64())
                    }
                    Some(RetryAfter::At(_)) => f.write_str(", retry after a given time"),
                    None => Ok(()),
                }
            }
            Delivery::Stop { status } => {
                write!(f, "the API key was refused (HTTP {status}): stop")
            }
        }
    }
}

/// Why Sprig refused a request: the status, and Sprig's own words when it gave any.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Rejection {
    /// The HTTP status, e.g. 422.
    pub status: u16,
    /// The body's `error` text (`{"error": "…"}`), else the body's text when it has any,
    /// cut at 500 bytes.
    pub error: Option<String>,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error {
            Some(error) => write!(f, "HTTP {}: {error}", self.status),
            None => write!(f, "HTTP {}", self.status),
        }
    }
}

/// The `Retry-After` header: a number of seconds, or an HTTP date.
///
/// Exhaustive on purpose: RFC 9110 gives the header these two forms and no other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryAfter {
    /// `Retry-After: 120`.
    Delay(Duration),
    /// `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`.
    At(SystemTime),
}

impl RetryAfter {
    /// Read a `Retry-After` value (RFC 9110 §10.2.3): delta-seconds, or an HTTP date in any
    /// of its three forms (IMF-fixdate, RFC 850, asctime). Anything else is `None`.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use sprig_events::api::RetryAfter;
    ///
    /// assert_eq!(RetryAfter::parse("120"), Some(RetryAfter::Delay(Duration::from_secs(120))));
    /// assert_eq!(
    ///     RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT"),
    ///     Some(RetryAfter::At(UNIX_EPOCH + Duration::from_secs(784_111_777)))
    /// );
    /// assert_eq!(RetryAfter::parse("soon"), None);
    /// ```
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim();
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            // All digits: only too many of them fails, and that is "very long".
            let seconds = value.parse().unwrap_or(u64::MAX);
            return Some(RetryAfter::Delay(Duration::from_secs(seconds)));
        }
        const FORMATS: [&str; 3] = [
            "%a, %d %b %Y %H:%M:%S GMT",
            "%A, %d-%b-%y %H:%M:%S GMT",
            "%a %b %e %H:%M:%S %Y",
        ];
        FORMATS.iter().find_map(|format| {
            let at = NaiveDateTime::parse_from_str(value, format).ok()?.and_utc();
            let seconds = u64::try_from(at.timestamp()).ok()?;
            let at = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(seconds))?;
            Some(RetryAfter::At(at))
        })
    }

    /// How long to wait from `now`: zero for a date already past.
    pub fn delay_from(&self, now: SystemTime) -> Duration {
        match self {
            RetryAfter::Delay(delay) => *delay,
            RetryAfter::At(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }
}

/// What a response means: from its status, its headers (only `Retry-After` is read, in any
/// case) and its body (only for a rejection's reason).
///
/// | status | outcome |
/// | --- | --- |
/// | 2xx | [`Delivery::Accepted`] |
/// | 401, 403 | [`Delivery::Stop`] |
/// | 429, 5xx | [`Delivery::Retry`], with `Retry-After` when readable |
/// | 422, other 4xx, and anything else (1xx, 3xx, unknown) | [`Delivery::Rejected`] |
///
/// ```
/// use std::time::Duration;
/// use sprig_events::api::{classify, Delivery, RetryAfter};
///
/// let no_headers: [(&str, &str); 0] = [];
/// assert_eq!(classify(202, no_headers, b""), Delivery::Accepted);
///
/// let Delivery::Rejected(rejection) = classify(422, no_headers, br#"{"error": "userId is required"}"#)
/// else { unreachable!() };
/// assert_eq!(rejection.to_string(), "HTTP 422: userId is required");
///
/// assert_eq!(
///     classify(429, [("Retry-After", "30")], b""),
///     Delivery::Retry { status: Some(429), after: Some(RetryAfter::Delay(Duration::from_secs(30))) }
/// );
/// assert_eq!(classify(401, no_headers, b""), Delivery::Stop { status: 401 });
/// ```
pub fn classify<K, V>(
    status: u16,
    headers: impl IntoIterator<Item = (K, V)>,
    body: &[u8],
) -> Delivery
where
    K: AsRef<str>,
    V: AsRef<[u8]>,
{
    match status {
        200..=299 => Delivery::Accepted,
        401 | 403 => Delivery::Stop { status },
        429 | 500..=599 => Delivery::Retry {
            status: Some(status),
            after: headers
                .into_iter()
                .find(|(name, _)| name.as_ref().eq_ignore_ascii_case("retry-after"))
                .and_then(|(_, value)| {
                    std::str::from_utf8(value.as_ref())
                        .ok()
                        .map(RetryAfter::parse)
                })
                .flatten(),
        },
        _ => Delivery::Rejected(Rejection {
            status,
            error: error_text(body),
        }),
    }
}

/// [`classify`] for an [`http::Response`] whose body has been read.
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub fn classify_response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Delivery {
    classify(
        response.status().as_u16(),
        response.headers(),
        response.body().as_ref(),
    )
}

/// The longest rejection text kept, in bytes.
const ERROR_TEXT_LIMIT: usize = 500;

/// Sprig's `error` text, else the body's own text, cut at [`ERROR_TEXT_LIMIT`].
fn error_text(body: &[u8]) -> Option<String> {
    let text = match serde_json::from_slice::<ErrorBody>(body) {
        Ok(ErrorBody { error, .. }) => error,
        Err(_) => String::from_utf8_lossy(body).trim().to_owned(),
    };
    if text.is_empty() {
        return None;
    }
    let cut = (0..=ERROR_TEXT_LIMIT.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    Some(match text.get(..cut) {
        Some(head) if cut < text.len() => format!("{head}…"),
        _ => text,
    })
}

/// The body of an error response: `{"error": "<text>"}` (422 and others).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorBody {
    /// What Sprig found wrong.
    pub error: String,
    /// Any other key, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ErrorBody {
    /// Read an error response's body; the error names the field that does not fit.
    pub fn from_body(body: &[u8]) -> Result<ErrorBody, Error> {
        read::from_slice(body)
    }
}

/// A user as `GET /v2/users/{userId}` returns them (a 404 means Sprig has no such user).
///
/// ```
/// use sprig_events::api::SprigUser;
///
/// let user = SprigUser::from_body(br#"{"id": 981, "externalUserId": "u1",
///     "attributes": {"plan": "pro"}, "createdAt": 1714557600000,
///     "events": [{"event": "Report Exported", "count": 3, "createdAt": 1714557600000,
///                 "updatedAt": 1714557900000}]}"#)?;
/// assert_eq!(user.external_user_id.as_deref(), Some("u1"));
/// assert_eq!(user.events[0].count, Some(3));
/// assert_eq!(user.created_at.and_then(|t| t.time()).map(|t| t.timestamp()), Some(1_714_557_600));
/// # Ok::<(), sprig_events::Error>(())
/// ```
#[serde_as]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SprigUser {
    /// `id`: Sprig's own id of the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde_as(as = "Option<Id>")]
    pub id: Option<String>,
    /// `externalUserId`: the `userId` the user was sent with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde_as(as = "Option<Id>")]
    pub external_user_id: Option<String>,
    /// `attributes`.
    #[serde(default)]
    #[serde_as(as = "DefaultOnNull")]
    pub attributes: Map<String, Value>,
    /// `createdAt`: when Sprig first saw the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// `events`: each event name the user has, with its count.
    #[serde(default)]
    #[serde_as(as = "DefaultOnNull")]
    pub events: Vec<EventCount>,
    /// Any other key, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SprigUser {
    /// Read the body of a 200 answer to `GET /v2/users/{userId}`.
    pub fn from_body(body: &[u8]) -> Result<SprigUser, Error> {
        read::from_slice(body)
    }
}

/// One event name in a [`SprigUser`]: how often, first and last.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventCount {
    /// `event`: the name.
    #[serde_as(as = "Id")]
    pub event: String,
    /// `count`: how many times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde_as(as = "Option<IntOrString>")]
    pub count: Option<u64>,
    /// `createdAt`: the first time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// `updatedAt`: the last time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Any other key, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer to a purge: `200 {"requestId": "…"}`, one per chunk.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PurgeAccepted {
    /// `requestId`: Sprig's id of the deletion request.
    #[serde_as(as = "Id")]
    pub request_id: String,
    /// Any other key, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PurgeAccepted {
    /// Read the body of a 200 answer to `POST /v2/purge/visitors`.
    ///
    /// ```
    /// use sprig_events::api::PurgeAccepted;
    ///
    /// let accepted = PurgeAccepted::from_body(br#"{"requestId": "pr_123"}"#)?;
    /// assert_eq!(accepted.request_id, "pr_123");
    /// # Ok::<(), sprig_events::Error>(())
    /// ```
    pub fn from_body(body: &[u8]) -> Result<PurgeAccepted, Error> {
        read::from_slice(body)
    }
}
