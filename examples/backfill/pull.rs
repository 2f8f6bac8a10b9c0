//! The backfill loop: every page of `GET /v1/responses`, fetched with a blocking client, and
//! the answers none of the received webhooks matches. Shared by `main.rs` and
//! `tests/backfill_e2e.rs`.

use std::time::Duration;

use sprig_events::export::{parse_responses, ExportApi, ReceivedAnswers, Response, ResponsesQuery};

/// What a backfill found.
#[derive(Debug, Default)]
pub struct Backfill {
    /// The URL of every page fetched, in order.
    pub fetched: Vec<String>,
    /// The exported answers never received by webhook, in page order.
    pub missing: Vec<Response>,
    /// Whether the server gave back a cursor it was asked with (paging stopped there).
    pub stalled: bool,
}

/// Fetch every page from `query` on and keep the answers `received` lacks.
pub fn backfill(
    api: &ExportApi,
    agent: &ureq::Agent,
    query: ResponsesQuery,
    received: &ReceivedAnswers,
) -> Result<Backfill, String> {
    let mut found = Backfill::default();
    let mut pager = api.responses_pager(query);
    let mut next = Some(pager.first());
    while let Some(request) = next {
        let url = request.url().to_owned();
        let request = request.into_http().map_err(|e| format!("{url}: {e}"))?;
        let mut response = agent.run(request).map_err(|e| format!("{url}: {e}"))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .read_to_vec()
            .map_err(|e| format!("{url}: {e}"))?;
        if status != 200 {
            return Err(format!("{url}: HTTP {status}"));
        }
        let page = parse_responses(&body).map_err(|e| format!("{url}: {e}"))?;
        found.fetched.push(url);
        found
            .missing
            .extend(received.missing(&page).into_iter().cloned());
        next = pager.next_request(&page);
    }
    found.stalled = pager.stalled();
    Ok(found)
}

/// A client that hands 4xx and 5xx back as responses, with a time limit per request.
pub fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .into()
}
