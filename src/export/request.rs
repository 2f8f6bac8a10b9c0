//! The requests of the export API, built as plain values, and the pager that walks its pages.

use std::fmt::Write as _;

use crate::api::request::percent_encode;
use crate::api::{ApiKey, ApiRequest};
use crate::webhook::SurveyId;

use super::{ResponsesPage, SurveysPage};

/// The most records a page may hold: Sprig refuses a larger `limit`.
pub const MAX_LIMIT: u32 = 1000;

/// A `limit` outside `1..=1000`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("a page holds from 1 to 1000 records; {0} asked")]
pub struct InvalidLimit(pub u32);

fn check_limit(limit: u32) -> Result<u32, InvalidLimit> {
    if (1..=MAX_LIMIT).contains(&limit) {
        Ok(limit)
    } else {
        Err(InvalidLimit(limit))
    }
}

/// Where the export API is and the key to it (`Authorization: Bearer <key>`, as the v1 API
/// takes it): builds each request.
///
/// ```
/// use sprig_events::api::ApiKey;
/// use sprig_events::export::{ExportApi, ResponsesQuery};
/// use sprig_events::webhook::SurveyId;
///
/// let api = ExportApi::new(ApiKey::new("k"));
/// let query = ResponsesQuery::new().with_survey(SurveyId(7)).with_limit(500)?.with_meta(true);
/// let request = api.responses(&query);
/// assert_eq!(request.url(), "https://api.sprig.com/v1/responses?limit=500&sid=7&with_meta=true");
/// assert_eq!(request.header("authorization"), Some("Bearer k"));
/// # Ok::<(), sprig_events::export::InvalidLimit>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportApi {
    base_url: String,
    key: ApiKey,
}

impl ExportApi {
    /// Sprig's API at `https://api.sprig.com`, with `key`.
    pub fn new(key: ApiKey) -> Self {
        ExportApi {
            base_url: crate::api::SprigApi::DEFAULT_BASE_URL.to_owned(),
            key,
        }
    }

    /// The same key at another base URL (a proxy, a test server); trailing slashes are ignored.
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

    /// `GET /v1/responses` with `query`; read the answer with
    /// [`parse_responses`](super::parse_responses).
    pub fn responses(&self, query: &ResponsesQuery) -> ApiRequest {
        self.get("/v1/responses", &query.to_query_string())
    }

    /// `GET /v1/themes` with `query` (the same parameters as the responses); read the answer
    /// with [`parse_responses`](super::parse_responses), whose records then carry `theme`.
    pub fn themes(&self, query: &ResponsesQuery) -> ApiRequest {
        self.get("/v1/themes", &query.to_query_string())
    }

    /// `GET /v1/surveys` with `query`; read the answer with
    /// [`parse_surveys`](super::parse_surveys).
    pub fn surveys(&self, query: &SurveysQuery) -> ApiRequest {
        self.get("/v1/surveys", &query.to_query_string())
    }

    /// A [`Pager`] over the pages of `GET /v1/responses`, from `query`'s cursor on.
    pub fn responses_pager(&self, query: ResponsesQuery) -> Pager<ResponsesPage> {
        Pager::new(self.clone(), Listing::Responses(query))
    }

    /// A [`Pager`] over the pages of `GET /v1/themes`.
    pub fn themes_pager(&self, query: ResponsesQuery) -> Pager<ResponsesPage> {
        Pager::new(self.clone(), Listing::Themes(query))
    }

    /// A [`Pager`] over the pages of `GET /v1/surveys`.
    pub fn surveys_pager(&self, query: SurveysQuery) -> Pager<SurveysPage> {
        Pager::new(self.clone(), Listing::Surveys(query))
    }

    fn get(&self, path: &str, query: &str) -> ApiRequest {
        let mut url = format!("{}{path}", self.base_url);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        ApiRequest::get(
            url,
            vec![
                ("authorization", format!("Bearer {}", self.key.expose())),
                ("accept", "application/json".to_owned()),
            ],
        )
    }
}

/// The parameters of `GET /v1/responses` (and `GET /v1/themes`): which records, how many, and
/// which optional keys each carries. Unset parameters are not sent (Sprig's defaults apply).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResponsesQuery {
    limit: Option<u32>,
    survey: Option<SurveyId>,
    cursor: Option<String>,
    with_snapshots: Option<bool>,
    with_urls: Option<bool>,
    with_meta: Option<bool>,
    with_custom_metadata: Option<bool>,
    with_deleted_responses: Option<bool>,
}

impl ResponsesQuery {
    /// No parameters.
    pub fn new() -> Self {
        ResponsesQuery::default()
    }

    /// `limit`: records per page, 1 to [`MAX_LIMIT`]; anything else is an error.
    pub fn with_limit(mut self, limit: u32) -> Result<Self, InvalidLimit> {
        self.limit = Some(check_limit(limit)?);
        Ok(self)
    }

    /// `sid`: only this study's answers.
    #[must_use]
    pub fn with_survey(mut self, survey: SurveyId) -> Self {
        self.survey = Some(survey);
        self
    }

    /// `cursor`: start at this page (a page's `cursor`).
    #[must_use]
    pub fn with_cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }

    /// `with_snapshots`: each record carries `visitorSnapshot`.
    #[must_use]
    pub fn with_snapshots(mut self, on: bool) -> Self {
        self.with_snapshots = Some(on);
        self
    }

    /// `with_urls`: each record carries `url`.
    #[must_use]
    pub fn with_urls(mut self, on: bool) -> Self {
        self.with_urls = Some(on);
        self
    }

    /// `with_meta`: each record carries `meta`.
    #[must_use]
    pub fn with_meta(mut self, on: bool) -> Self {
        self.with_meta = Some(on);
        self
    }

    /// `with_custom_metadata`: each record carries `customMetadata`.
    #[must_use]
    pub fn with_custom_metadata(mut self, on: bool) -> Self {
        self.with_custom_metadata = Some(on);
        self
    }

    /// `with_deleted_responses`: deleted answers are listed too, with `deletedAt`.
    #[must_use]
    pub fn with_deleted_responses(mut self, on: bool) -> Self {
        self.with_deleted_responses = Some(on);
        self
    }

    /// `limit`, when set.
    pub fn limit(&self) -> Option<u32> {
        self.limit
    }

    /// `sid`, when set.
    pub fn survey(&self) -> Option<SurveyId> {
        self.survey
    }

    /// `cursor`, when set.
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// The query string, parameters in a fixed order, values percent-encoded.
    fn to_query_string(&self) -> String {
        let mut out = Params::default();
        out.number("limit", self.limit.map(u64::from));
        out.number("sid", self.survey.map(|s| s.0));
        out.text("cursor", self.cursor.as_deref());
        out.flag("with_snapshots", self.with_snapshots);
        out.flag("with_urls", self.with_urls);
        out.flag("with_meta", self.with_meta);
        out.flag("with_custom_metadata", self.with_custom_metadata);
        out.flag("with_deleted_responses", self.with_deleted_responses);
        out.0
    }
}

/// The parameters of `GET /v1/surveys`: how many, and from where.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SurveysQuery {
    limit: Option<u32>,
    cursor: Option<String>,
}

impl SurveysQuery {
    /// No parameters.
    pub fn new() -> Self {
        SurveysQuery::default()
    }

    /// `limit`: records per page, 1 to [`MAX_LIMIT`]; anything else is an error.
    pub fn with_limit(mut self, limit: u32) -> Result<Self, InvalidLimit> {
        self.limit = Some(check_limit(limit)?);
        Ok(self)
    }

    /// `cursor`: start at this page.
    #[must_use]
    pub fn with_cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }

    /// `limit`, when set.
    pub fn limit(&self) -> Option<u32> {
        self.limit
    }

    /// `cursor`, when set.
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    fn to_query_string(&self) -> String {
        let mut out = Params::default();
        out.number("limit", self.limit.map(u64::from));
        out.text("cursor", self.cursor.as_deref());
        out.0
    }
}

/// A query string being written.
#[derive(Default)]
struct Params(String);

impl Params {
    fn start(&mut self, name: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(name);
        self.0.push('=');
    }

    fn number(&mut self, name: &str, value: Option<u64>) {
        if let Some(value) = value {
            self.start(name);
            // Writing to a String cannot fail.
            let _ = write!(self.0, "{value}");
        }
    }

    fn text(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.start(name);
            percent_encode(value, &mut self.0);
        }
    }

    fn flag(&mut self, name: &str, value: Option<bool>) {
        if let Some(value) = value {
            self.start(name);
            self.0.push_str(if value { "true" } else { "false" });
        }
    }
}

/// A page of the export API: what a [`Pager`] reads to ask for the next one.
pub trait Page {
    /// The cursor of the next page; `None` on the last.
    fn next_cursor(&self) -> Option<&str>;
}

impl Page for ResponsesPage {
    fn next_cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }
}

impl Page for SurveysPage {
    fn next_cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Listing {
    Responses(ResponsesQuery),
    Themes(ResponsesQuery),
    Surveys(SurveysQuery),
}

/// Walks the pages of a listing, sans I/O: it gives the first request, then, for each page
/// your client fetched, the request of the next one, until the last page.
///
/// Paging stops at a page whose `cursor` is `null` or `""`, and at one that gives back the
/// cursor it was fetched with (a server repeating itself would otherwise be asked forever;
/// [`Pager::stalled`] tells the two apart).
///
/// ```
/// use sprig_events::api::ApiKey;
/// use sprig_events::export::{parse_responses, ExportApi, ResponsesQuery};
///
/// # let bodies = [br#"{"cursor": "c2", "data": []}"#.as_slice(), br#"{"cursor": null, "data": []}"#];
/// # let mut bodies = bodies.into_iter();
/// # let mut send = |_request| -> Result<&[u8], sprig_events::Error> { Ok(bodies.next().unwrap()) };
/// let api = ExportApi::new(ApiKey::new("k"));
/// let mut pager = api.responses_pager(ResponsesQuery::new());
/// let mut next = Some(pager.first());
/// let mut pages = 0;
/// while let Some(request) = next {
///     let page = parse_responses(send(request)?)?; // `send`: your HTTP client
///     pages += 1;
///     next = pager.next_request(&page);
/// }
/// assert_eq!(pages, 2);
/// # Ok::<(), sprig_events::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Pager<P> {
    api: ExportApi,
    listing: Listing,
    stalled: bool,
    _page: std::marker::PhantomData<fn(&P)>,
}

impl<P: Page> Pager<P> {
    fn new(api: ExportApi, listing: Listing) -> Self {
        Pager {
            api,
            listing,
            stalled: false,
            _page: std::marker::PhantomData,
        }
    }

    /// The request of the page the pager is at (the first, until a page moves it on).
    pub fn first(&self) -> ApiRequest {
        match &self.listing {
            Listing::Responses(query) => self.api.responses(query),
            Listing::Themes(query) => self.api.themes(query),
            Listing::Surveys(query) => self.api.surveys(query),
        }
    }

    /// The request of the page after `page` (the page the last request fetched); `None` when
    /// `page` is the last one.
    pub fn next_request(&mut self, page: &P) -> Option<ApiRequest> {
        let cursor = page.next_cursor().filter(|cursor| !cursor.is_empty())?;
        let current = match &self.listing {
            Listing::Responses(query) | Listing::Themes(query) => query.cursor(),
            Listing::Surveys(query) => query.cursor(),
        };
        if current == Some(cursor) {
            self.stalled = true;
            return None;
        }
        let cursor = cursor.to_owned();
        match &mut self.listing {
            Listing::Responses(query) | Listing::Themes(query) => query.cursor = Some(cursor),
            Listing::Surveys(query) => query.cursor = Some(cursor),
        }
        Some(self.first())
    }

    /// Whether paging stopped because a page gave back the cursor it was fetched with.
    pub fn stalled(&self) -> bool {
        self.stalled
    }
}
