//! Backfill missed webhooks from Sprig's export API.
//!
//! ```text
//! SPRIG_API_KEY=… cargo run --example backfill -- received.jsonl [survey id]
//! ```
//!
//! Reads the webhook bodies your service received, one a line, from the file named (none:
//! nothing was received); pages through `GET /v1/responses` at `SPRIG_API_URL` (default
//! `https://api.sprig.com`) with the key `SPRIG_API_KEY`, for one study when an id is given;
//! and prints, one JSON line each, the exported answers no webhook delivered. Exits 0 when it
//! read every page, 2 on bad input or settings, 1 when a page could not be fetched or read.

mod pull;

use std::process::ExitCode;
use std::time::Duration;

use sprig_events::api::{ApiKey, SprigApi};
use sprig_events::export::{ExportApi, ReceivedAnswers, ResponsesQuery};
use sprig_events::parse_webhook;
use sprig_events::webhook::SurveyId;

fn main() -> ExitCode {
    let (api, query, received) = match settings() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("backfill: {message}");
            return ExitCode::from(2);
        }
    };
    match pull::backfill(
        &api,
        &pull::agent(Duration::from_secs(30)),
        query,
        &received,
    ) {
        Ok(found) => {
            for response in &found.missing {
                match serde_json::to_string(response) {
                    Ok(line) => println!("{line}"),
                    Err(e) => eprintln!("backfill: {e}"),
                }
            }
            eprintln!(
                "backfill: {} pages, {} answers never received{}",
                found.fetched.len(),
                found.missing.len(),
                if found.stalled {
                    " (the server repeated a cursor)"
                } else {
                    ""
                }
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("backfill: {message}");
            ExitCode::from(1)
        }
    }
}

fn settings() -> Result<(ExportApi, ResponsesQuery, ReceivedAnswers), String> {
    let key = std::env::var("SPRIG_API_KEY")
        .map_err(|_| "set SPRIG_API_KEY to your Sprig API key".to_owned())?;
    let base_url =
        std::env::var("SPRIG_API_URL").unwrap_or_else(|_| SprigApi::DEFAULT_BASE_URL.to_owned());
    let api = ExportApi::new(ApiKey::new(key)).with_base_url(base_url);
    let mut args = std::env::args().skip(1);
    let mut received = ReceivedAnswers::new();
    if let Some(path) = args.next() {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let event =
                parse_webhook(line.as_bytes()).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
            received.record(&event);
        }
    }
    let mut query = ResponsesQuery::new()
        .with_limit(1000)
        .map_err(|e| e.to_string())?;
    if let Some(survey) = args.next() {
        let id = survey
            .parse()
            .map_err(|_| format!("{survey}: not a survey id"))?;
        query = query.with_survey(SurveyId(id));
    }
    Ok((api, query, received))
}
