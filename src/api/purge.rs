//! GDPR deletions: `POST /v2/purge/visitors`, at most 100 ids a request.

use serde::{Deserialize, Serialize};

/// The people to delete from Sprig, by e-mail address, user id or visitor id; split into
/// requests of at most [`Purge::CHUNK`] ids by [`Purge::chunks`].
///
/// ```
/// use sprig_events::api::{ApiKey, Purge, SprigApi};
///
/// let purge = Purge::new()
///     .emails(["ada@example.com"])
///     .user_ids((0..150).map(|i| format!("u{i}")))
///     .with_delay_seconds(0);
/// let chunks = purge.chunks();
/// assert_eq!(chunks.iter().map(|c| c.len()).collect::<Vec<_>>(), [100, 51]);
/// assert_eq!(chunks[0].emails(), ["ada@example.com"]);
/// assert_eq!(chunks[1].user_ids().first().map(String::as_str), Some("u99"));
///
/// let api = SprigApi::new(ApiKey::new("k"));
/// let request = api.purge(&chunks[1]);
/// assert_eq!(request.url(), "https://api.sprig.com/v2/purge/visitors");
/// assert!(request.body().ends_with(br#""u149"],"delaySeconds":0}"#));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Purge {
    emails: Vec<String>,
    user_ids: Vec<String>,
    visitor_ids: Vec<String>,
    delay_seconds: Option<u64>,
}

impl Purge {
    /// The most ids (of all three kinds together) one request may carry.
    pub const CHUNK: usize = 100;

    /// Nobody yet.
    pub fn new() -> Self {
        Purge::default()
    }

    /// Add people by e-mail address.
    #[must_use]
    pub fn emails<I: IntoIterator<Item = S>, S: Into<String>>(mut self, emails: I) -> Self {
        self.emails.extend(emails.into_iter().map(Into::into));
        self
    }

    /// Add people by user id.
    #[must_use]
    pub fn user_ids<I: IntoIterator<Item = S>, S: Into<String>>(mut self, user_ids: I) -> Self {
        self.user_ids.extend(user_ids.into_iter().map(Into::into));
        self
    }

    /// Add people by visitor id (Sprig's own id of a visitor).
    #[must_use]
    pub fn visitor_ids<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        visitor_ids: I,
    ) -> Self {
        self.visitor_ids
            .extend(visitor_ids.into_iter().map(Into::into));
        self
    }

    /// Run the deletion after this many seconds instead of Sprig's default (10 days).
    #[must_use]
    pub fn with_delay_seconds(mut self, seconds: u64) -> Self {
        self.delay_seconds = Some(seconds);
        self
    }

    /// How many ids, of all kinds.
    pub fn len(&self) -> usize {
        self.emails.len() + self.user_ids.len() + self.visitor_ids.len()
    }

    /// Whether there is nobody to delete.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The request bodies: ids in order (e-mail addresses, then user ids, then visitor ids),
    /// [`Purge::CHUNK`] to a request, each with the delay when one is set. None when there
    /// is nobody to delete (Sprig wants at least one id).
    pub fn chunks(&self) -> Vec<PurgeChunk> {
        let mut chunks = Vec::with_capacity(self.len().div_ceil(Self::CHUNK));
        let mut chunk = PurgeChunk::new(self.delay_seconds);
        let ids = (self.emails.iter().map(|id| (Kind::Email, id)))
            .chain(self.user_ids.iter().map(|id| (Kind::UserId, id)))
            .chain(self.visitor_ids.iter().map(|id| (Kind::VisitorId, id)));
        for (kind, id) in ids {
            if chunk.len() == Self::CHUNK {
                let full = std::mem::replace(&mut chunk, PurgeChunk::new(self.delay_seconds));
                chunks.push(full);
            }
            let list = match kind {
                Kind::Email => &mut chunk.emails,
                Kind::UserId => &mut chunk.user_ids,
                Kind::VisitorId => &mut chunk.visitor_ids,
            };
            list.push(id.clone());
        }
        if !chunk.is_empty() {
            chunks.push(chunk);
        }
        chunks
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Email,
    UserId,
    VisitorId,
}

/// The body of one `POST /v2/purge/visitors`: `{"emails", "userIds", "visitorIds",
/// "delaySeconds"}`, with empty lists and an unset delay left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PurgeChunk {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    emails: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    user_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    visitor_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    delay_seconds: Option<u64>,
}

impl super::json::Body for PurgeChunk {
    fn write(&self, out: &mut String) {
        let mut body = super::json::Object::new(out);
        for (key, ids) in [
            ("emails", &self.emails),
            ("userIds", &self.user_ids),
            ("visitorIds", &self.visitor_ids),
        ] {
            if !ids.is_empty() {
                body.texts(key, ids);
            }
        }
        if let Some(delay) = self.delay_seconds {
            body.integer("delaySeconds", delay);
        }
        body.end();
    }
}

impl PurgeChunk {
    fn new(delay_seconds: Option<u64>) -> Self {
        PurgeChunk {
            emails: Vec::new(),
            user_ids: Vec::new(),
            visitor_ids: Vec::new(),
            delay_seconds,
        }
    }

    /// `emails`.
    pub fn emails(&self) -> &[String] {
        &self.emails
    }

    /// `userIds`.
    pub fn user_ids(&self) -> &[String] {
        &self.user_ids
    }

    /// `visitorIds`.
    pub fn visitor_ids(&self) -> &[String] {
        &self.visitor_ids
    }

    /// `delaySeconds`.
    pub fn delay_seconds(&self) -> Option<u64> {
        self.delay_seconds
    }

    /// How many ids, of all kinds.
    pub fn len(&self) -> usize {
        self.emails.len() + self.user_ids.len() + self.visitor_ids.len()
    }

    /// Whether the chunk holds no id.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
