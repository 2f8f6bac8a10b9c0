//! The HTTP requests of Sprig's API, built as plain values for any client to send.

use std::fmt;

use subtle::ConstantTimeEq;

use super::json::Body as _;
use super::{PurgeChunk, UserUpdate};

/// A Sprig API key (production or development), kept out of logs: its `Debug` and `Display`
/// print `[redacted]`.
///
/// ```
/// use sprig_events::api::ApiKey;
///
/// let key = ApiKey::new("sk_live_123");
/// assert_eq!(format!("{key:?} {key}"), "ApiKey([redacted]) [redacted]");
/// assert_eq!(key.expose(), "sk_live_123");
/// ```
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wrap a key, as Sprig's dashboard shows it.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    /// The key itself, for the `authorization` header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl PartialEq for ApiKey {
    fn eq(&self, other: &Self) -> bool {
        bool::from(self.0.as_bytes().ct_eq(other.0.as_bytes()))
    }
}

impl Eq for ApiKey {}

/// How the key is written in the `authorization` header.
///
/// Sprig's API reference documents `API-Key <key>` for its v2 API (and shows `Bearer` on the
/// purge page); Segment's Sprig Cloud (Actions) sends `Bearer <key>` on `POST /v2/users` and is
/// in production use. Which one Sprig requires is not stated anywhere that settles it, and it
/// may take both. The default is [`AuthScheme::ApiKey`], the documented one; choose
/// [`AuthScheme::Bearer`] to send exactly what Segment's destination sends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthScheme {
    /// `authorization: API-Key <key>`, as Sprig's API reference documents it for v2.
    #[default]
    ApiKey,
    /// `authorization: Bearer <key>`, as Segment's Sprig Cloud (Actions) sends it.
    Bearer,
}

impl AuthScheme {
    /// The scheme's word in the header: `API-Key` or `Bearer`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthScheme::ApiKey => "API-Key",
            AuthScheme::Bearer => "Bearer",
        }
    }
}

impl fmt::Display for AuthScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where Sprig's API is and the key to it: builds each request.
///
/// ```
/// use sprig_events::api::{user_update, ApiKey, SprigApi};
/// use sprig_events::parse_source_event;
///
/// let api = SprigApi::new(ApiKey::new("k"));
/// let event = parse_source_event(br#"{"type": "identify", "userId": "u1", "traits": {"plan": "pro"}}"#)?;
/// let request = api.upsert(&user_update(&event)?);
/// assert_eq!(request.method().as_str(), "POST");
/// assert_eq!(request.url(), "https://api.sprig.com/v2/users");
/// assert_eq!(request.header("authorization"), Some("API-Key k"));
/// assert_eq!(request.body(), br#"{"userId":"u1","attributes":{"plan":"pro"}}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SprigApi {
    base_url: String,
    key: ApiKey,
    auth_scheme: AuthScheme,
}

impl SprigApi {
    /// Sprig's API: `https://api.sprig.com`.
    pub const DEFAULT_BASE_URL: &'static str = "https://api.sprig.com";

    /// Sprig's API at [`SprigApi::DEFAULT_BASE_URL`], with `key`, sent as
    /// [`AuthScheme::ApiKey`].
    pub fn new(key: ApiKey) -> Self {
        SprigApi {
            base_url: Self::DEFAULT_BASE_URL.to_owned(),
            key,
            auth_scheme: AuthScheme::default(),
        }
    }

    /// The same API with the key sent under another scheme (see [`AuthScheme`]).
    ///
    /// ```
    /// use sprig_events::api::{ApiKey, AuthScheme, SprigApi};
    ///
    /// let api = SprigApi::new(ApiKey::new("k"));
    /// assert_eq!(api.read_user("u1")?.header("authorization"), Some("API-Key k"));
    /// let segment = api.with_auth_scheme(AuthScheme::Bearer);
    /// assert_eq!(segment.read_user("u1")?.header("authorization"), Some("Bearer k"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_auth_scheme(mut self, auth_scheme: AuthScheme) -> Self {
        self.auth_scheme = auth_scheme;
        self
    }

    /// How the key is written in the `authorization` header.
    pub fn auth_scheme(&self) -> AuthScheme {
        self.auth_scheme
    }

    /// The same key at another base URL (a proxy, a test server), e.g.
    /// `http://127.0.0.1:8080`; trailing slashes are ignored.
    #[must_use]
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        self.base_url = base_url;
        self
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `POST /v2/users`: create the user or update them.
    pub fn upsert(&self, update: &UserUpdate) -> ApiRequest {
        self.post("/v2/users", update.to_bytes())
    }

    /// `GET /v2/users/{userId}`, the id percent-encoded (every byte but `A–Z a–z 0–9 - . _ ~`).
    ///
    /// An empty id, `.` or `..` is an error: in a path they name another resource (clients
    /// and proxies resolve `..` even when it is written `%2E%2E`).
    ///
    /// ```
    /// use sprig_events::api::{ApiKey, SprigApi};
    ///
    /// let api = SprigApi::new(ApiKey::new("k")).with_base_url("http://127.0.0.1:9000/");
    /// let request = api.read_user("ada@example.com/1 ü").unwrap();
    /// assert_eq!(request.url(), "http://127.0.0.1:9000/v2/users/ada%40example.com%2F1%20%C3%BC");
    /// assert!(api.read_user("..").is_err());
    /// ```
    pub fn read_user(&self, user_id: &str) -> Result<ApiRequest, InvalidUserId> {
        match user_id {
            "" => Err(InvalidUserId::Empty),
            "." | ".." => Err(InvalidUserId::DotSegment),
            _ => {
                let mut path = String::with_capacity(10 + user_id.len());
                path.push_str("/v2/users/");
                percent_encode(user_id, &mut path);
                Ok(self.request(Method::Get, &path, None))
            }
        }
    }

    /// `POST /v2/purge/visitors` for one chunk of ids (see [`Purge`](super::Purge)).
    pub fn purge(&self, chunk: &PurgeChunk) -> ApiRequest {
        self.post("/v2/purge/visitors", chunk.to_bytes())
    }

    fn post(&self, path: &str, body: Vec<u8>) -> ApiRequest {
        self.request(Method::Post, path, Some(body))
    }

    fn request(&self, method: Method, path: &str, body: Option<Vec<u8>>) -> ApiRequest {
        let mut headers = Vec::with_capacity(3);
        headers.push((
            "authorization",
            format!("{} {}", self.auth_scheme.as_str(), self.key.expose()),
        ));
        if body.is_some() {
            headers.push(("content-type", "application/json".to_owned()));
        }
        headers.push(("accept", "application/json".to_owned()));
        ApiRequest {
            method,
            url: format!("{}{path}", self.base_url),
            headers,
            // `None` is a request without a body (a GET): no bytes to send.
            body: body.unwrap_or_default(),
        }
    }
}

/// Append `text` to `out`, every byte but RFC 3986's unreserved ones as `%XX`.
pub(crate) fn percent_encode(text: &str, out: &mut String) {
    use fmt::Write as _;
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// Why a user id cannot be put in `GET /v2/users/{userId}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidUserId {
    /// The id is empty: the path would name the list of users.
    #[error("the userId is empty")]
    Empty,
    /// The id is `.` or `..`, which a path resolves to another resource.
    #[error("the userId is `.` or `..`, which a URL path resolves away")]
    DotSegment,
}

/// An HTTP method the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
}

impl Method {
    /// `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One request to send: method, URL, headers, body.
///
/// Its `Debug` shows the `authorization` header as `[redacted]`. With the `http` feature (on
/// by default) it converts into an [`http::Request`], which most clients send as it is.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiRequest {
    method: Method,
    url: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl ApiRequest {
    /// A `GET` with no body, for the endpoints built outside this module (the export API).
    pub(crate) fn get(url: String, headers: Vec<(&'static str, String)>) -> Self {
        ApiRequest {
            method: Method::Get,
            url,
            headers,
            body: Vec::new(),
        }
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The whole URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers, names in lower case: `authorization`, `content-type` (with a body),
    /// `accept`.
    pub fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
    }

    /// The value of header `name` (any case), if the request has it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body: JSON for a `POST`, empty for a `GET`.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body, taken.
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }
}

impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(&'static str, String)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(name, value)| {
                        let shown = if *name == "authorization" {
                            "[redacted]"
                        } else {
                            value.as_str()
                        };
                        (name, shown)
                    }))
                    .finish()
            }
        }
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &Headers(&self.headers))
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
impl ApiRequest {
    /// The request as an [`http::Request`], the `authorization` header marked sensitive.
    ///
    /// Fails when the base URL is not a valid URI, or the key holds characters a header
    /// cannot (a line break).
    ///
    /// ```
    /// use sprig_events::api::{ApiKey, SprigApi};
    ///
    /// let api = SprigApi::new(ApiKey::new("k"));
    /// let request = api.read_user("u1")?.into_http()?;
    /// assert_eq!(request.uri(), "https://api.sprig.com/v2/users/u1");
    /// assert!(request.headers()["authorization"].is_sensitive());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_http(self) -> Result<http::Request<Vec<u8>>, http::Error> {
        let method = match self.method {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
        };
        let mut builder = http::Request::builder().method(method).uri(self.url);
        for (name, value) in self.headers {
            let mut value = http::HeaderValue::try_from(value)?;
            value.set_sensitive(name == "authorization");
            builder = builder.header(name, value);
        }
        builder.body(self.body)
    }
}

#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
impl TryFrom<ApiRequest> for http::Request<Vec<u8>> {
    type Error = http::Error;

    /// [`ApiRequest::into_http`].
    fn try_from(request: ApiRequest) -> Result<Self, http::Error> {
        request.into_http()
    }
}
