//! Forward source events to Sprig's REST API, server-side.
//!
//! ```text
//! SPRIG_API_KEY=… cargo run --example forward_to_sprig -- events.json
//! SPRIG_API_KEY=… cargo run --example forward_to_sprig < events.jsonl
//! SPRIG_API_KEY=… cargo run --example forward_to_sprig -- --segment-compatible events.json
//! SPRIG_API_KEY=… cargo run --example forward_to_sprig -- --segment-compatible=cloud.json events.json
//! ```
//!
//! `--segment-compatible` forwards exactly as Segment's Sprig Cloud (Actions) would: its
//! presets (or the configuration file named after `=`, in `Destination`'s JSON shape), its
//! bodies (flattened traits, screens, `null` timestamps) and its `Authorization: Bearer`
//! header. Without it, the strict `user_update` rules and `API-Key` apply.
//!
//! Reads a batch (`{"batch": [...]}`) or JSON lines (one source event a line) from the file
//! named, else from stdin; turns the events into one upsert per user; sends them to
//! `SPRIG_API_URL` (default `https://api.sprig.com`) with the key `SPRIG_API_KEY`, retrying
//! under the default policy with real sleeps; and prints what became of every event: accepted,
//! not sent and why, rejected and why, or given up on. Exits 0 when nothing was rejected or
//! given up on, 1 when something was, 2 on bad input or settings, 3 when Sprig refused the key.

mod forward;

use std::io::Read;
use std::process::ExitCode;
use std::time::Duration;

use sprig_events::api::{ApiKey, AuthScheme, CloudDestination, Coalescer, RetryPolicy, SprigApi};
use sprig_events::{parse_batch_each, parse_source_event, SourceEvent};

use forward::{Fate, Forwarder};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("forward_to_sprig: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let key = std::env::var("SPRIG_API_KEY")
        .map_err(|_| "set SPRIG_API_KEY to your Sprig API key".to_owned())?;
    let base_url =
        std::env::var("SPRIG_API_URL").unwrap_or_else(|_| SprigApi::DEFAULT_BASE_URL.to_owned());
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut cloud = None;
    if let Some(flag) = args
        .iter()
        .position(|a| a.starts_with("--segment-compatible"))
    {
        let flag = args.remove(flag);
        cloud = Some(match flag.strip_prefix("--segment-compatible=") {
            Some(path) => {
                let config = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
                CloudDestination::from_json(&config).map_err(|e| format!("{path}: {e}"))?
            }
            None if flag == "--segment-compatible" => CloudDestination::default(),
            None => return Err(format!("unknown option {flag}")),
        });
    }
    let input = read_input(args.into_iter().next())?;
    let Parsed {
        events,
        places,
        unreadable,
    } = parse(&input)?;
    for (place, error) in &unreadable {
        println!("{place}: not read: {error}");
    }

    let mut api = SprigApi::new(ApiKey::new(key)).with_base_url(base_url);
    if cloud.is_some() {
        api = api.with_auth_scheme(AuthScheme::Bearer);
    }
    let agent = forward::agent(Duration::from_secs(30));
    let forwarder = Forwarder {
        api: &api,
        agent: &agent,
        policy: RetryPolicy::default(),
        coalescer: Coalescer::default(),
        cloud: cloud.as_ref(),
    };
    let report = forwarder
        .forward(&events, std::thread::sleep, random)
        .map_err(|e| format!("cannot build a request for {}: {e}", api.base_url()))?;

    for sent in &report.sent {
        let wait = sent.then_waited.map_or(String::new(), |w| {
            format!("; waiting {:.1} s", w.as_secs_f64())
        });
        println!(
            "request for {} ({} events), attempt {}: {}{wait}",
            sent.user_id, sent.events, sent.attempt, sent.outcome
        );
    }
    for (position, finding) in &report.findings {
        println!("{}: left out: {finding}", name(&events, &places, *position));
    }
    let mut counts = [0usize; 5];
    for (position, fate) in report.fates.iter().enumerate() {
        println!("{}: {fate}", name(&events, &places, position));
        let slot = match fate {
            Fate::Accepted => 0,
            Fate::NotSent(_) | Fate::NotSentCloud(_) => 1,
            Fate::Rejected(_) => 2,
            Fate::GaveUp(_) => 3,
            Fate::Stopped { .. } => 4,
        };
        counts[slot] += 1;
    }
    let [accepted, not_sent, rejected, gave_up, stopped] = counts;
    println!(
        "{} events: {accepted} accepted, {not_sent} not sent, {rejected} rejected, \
         {gave_up} given up on, {stopped} stopped by a refused key; {} unreadable",
        events.len(),
        unreadable.len()
    );
    Ok(if stopped > 0 {
        ExitCode::from(3)
    } else if rejected + gave_up + unreadable.len() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn read_input(path: Option<String>) -> Result<Vec<u8>, String> {
    match path {
        Some(path) => std::fs::read(&path).map_err(|e| format!("{path}: {e}")),
        None => {
            let mut input = Vec::new();
            std::io::stdin()
                .read_to_end(&mut input)
                .map_err(|e| format!("stdin: {e}"))?;
            Ok(input)
        }
    }
}

/// The events of a batch body or of JSON lines.
struct Parsed {
    events: Vec<SourceEvent>,
    /// Where each event was in the input (`batch[3]`, `line 4`).
    places: Vec<String>,
    /// Where each unreadable event was, and why it could not be read.
    unreadable: Vec<(String, String)>,
}

fn parse(input: &[u8]) -> Result<Parsed, String> {
    let mut events = Vec::new();
    let mut places = Vec::new();
    let mut unreadable = Vec::new();
    let is_batch = serde_json::from_slice::<serde_json::Value>(input)
        .is_ok_and(|value| value.get("batch").is_some());
    if is_batch {
        let results = parse_batch_each(input).map_err(|e| format!("the batch: {e}"))?;
        for (i, result) in results.into_iter().enumerate() {
            let place = format!("batch[{i}]");
            match result {
                Ok(event) => {
                    events.push(event);
                    places.push(place);
                }
                Err(e) => unreadable.push((place, e.to_string())),
            }
        }
    } else {
        for (i, line) in input.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let place = format!("line {}", i + 1);
            match parse_source_event(line) {
                Ok(event) => {
                    events.push(event);
                    places.push(place);
                }
                Err(e) => unreadable.push((place, e.to_string())),
            }
        }
    }
    Ok(Parsed {
        events,
        places,
        unreadable,
    })
}

/// How an event is named in the output: its place in the input, and its `messageId` when it
/// has one.
fn name(events: &[SourceEvent], places: &[String], position: usize) -> String {
    let place = places.get(position).map_or("?", String::as_str);
    match events.get(position).and_then(SourceEvent::message_id) {
        Some(id) => format!("{place} ({id})"),
        None => place.to_owned(),
    }
}

/// A random number for the back-off's jitter, from the standard library's per-process
/// random hash keys (no dependency needed for numbers that only spread retries apart).
fn random() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}
