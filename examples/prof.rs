//! Parse a fixture mix in a loop, for instruction-count profiles (`valgrind --tool=callgrind`),
//! which stay the same on a busy machine where wall-clock timings drift.
//!
//! ```text
//! cargo build --release --example prof
//! valgrind --tool=callgrind target/release/examples/prof webhook typed 200
//! valgrind --tool=callgrind target/release/examples/prof webhook value 200
//! ```
//! The first argument is the mix (`webhook`, `source`, or `small`: the bench's short source
//! events, one per line, or `small-webhook`: the bench's short webhooks, or `big`: one answer of a megabyte), the second what to run (`typed` parses, and routes source events;
//! `owned` routes source events with `into_route` instead, and is `typed` on a webhook mix;
//! `parse` only parses source events; `borrowed` reads each body with the bench's borrowed
//! ceiling (`benches/baseline/borrowed.rs`, serde_json's reader, each body's kind told; single
//! events only, so not the `source` mix);
//! `value` builds a
//! `serde_json::Value`), the third how often.
//!
//! For routing alone, a source mix is parsed once and its events routed that many times: the
//! second argument is `parsed` (routes nothing: the baseline to subtract), `route` (the
//! default routing, the presets' first action that triggers), or `destination-route`, `destination-calls`,
//! `destination-extend` (`Destination::default()`'s `route`, `calls`, and `extend_calls` into
//! one buffer).
//!
//! ```text
//! valgrind --tool=callgrind target/release/examples/prof small destination-calls 200
//! ```

use std::hint::black_box;
use std::path::Path;

// The bench's baseline structs, for the borrowed ceiling.
#[path = "../benches/baseline/mod.rs"]
mod baseline;

fn main() {
    let mut args = std::env::args().skip(1);
    let mix = args.next().unwrap_or_else(|| "webhook".into());
    let mode = args.next().unwrap_or_else(|| "typed".into());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(200);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut bodies = Vec::new();
    if mix == "small" || mix == "small-webhook" {
        let file = if mix == "small" {
            "small_source_events.jsonl"
        } else {
            "small_webhooks.jsonl"
        };
        let lines = std::fs::read_to_string(root.join("benches").join(file)).unwrap_or_default();
        for line in lines.lines().filter(|line| !line.trim().is_empty()) {
            bodies.push((line.as_bytes().to_vec(), false));
        }
    }
    let dir = root.join("fixtures").join(match mix.as_str() {
        "source" => "source",
        "small" | "small-webhook" | "big" => "none",
        _ => "webhooks",
    });
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = path.to_string_lossy();
        if name.ends_with(".json") && !name.ends_with(".expect.json") {
            let body = std::fs::read(&path).unwrap_or_default();
            let is_batch = serde_json::from_slice::<serde_json::Value>(&body)
                .is_ok_and(|v| v.get("batch").is_some());
            bodies.push((body, is_batch));
        }
    }
    if mix == "big" {
        // One answer of about a megabyte, with an escape every twenty bytes, as the bench's
        // `answer_size` group builds it.
        let mut body = br#"{"id":1,"environmentId":"e","createdAt":"2024-05-01T10:00:00Z","responseGroupUid":"3305ee6c-15f4-4a55-a478-2c5f4adb9798","surveyId":7,"question":"Anything else?","questionType":"open","visitorId":"v","timestamp":1714557600000,"eventType":"survey_response","eventName":"surveyResponse","response":""#.to_vec();
        while body.len() < 1 << 20 {
            body.extend_from_slice(br#"the export keeps timing out \"again\" "#);
        }
        body.extend_from_slice(b"\"}");
        bodies.push((body, false));
    }
    if mode == "parsed" || mode == "route" || mode.starts_with("destination-") {
        route_only(&bodies, &mode, rounds);
        return;
    }
    if mode == "borrowed" {
        borrowed_ceiling(&bodies, &mix, rounds);
        return;
    }
    for _ in 0..rounds {
        for (body, is_batch) in &bodies {
            match (mix.as_str(), mode.as_str()) {
                (_, "value") => {
                    black_box(serde_json::from_slice::<serde_json::Value>(body).ok());
                }
                ("source" | "small", _) => {
                    let events = if *is_batch {
                        sprig_events::parse_batch(body)
                    } else {
                        sprig_events::parse_source_event(body).map(|event| vec![event])
                    };
                    for event in events.into_iter().flatten() {
                        if mode == "parse" {
                            drop(black_box(event));
                        } else if mode == "owned" {
                            black_box(sprig_events::destination::into_route(event));
                        } else {
                            black_box(sprig_events::destination::route(&event));
                        }
                    }
                }
                _ => {
                    black_box(sprig_events::parse_webhook(body).ok());
                }
            }
        }
    }
}

/// Read the bodies `rounds` times with the bench's borrowed ceiling, each body's kind found
/// first (for webhooks, by this crate's parse; for source events, by a `Value` parse).
fn borrowed_ceiling(bodies: &[(Vec<u8>, bool)], mix: &str, rounds: usize) {
    use baseline::borrowed::{self, SerdeJson};
    use baseline::{SourceShape, WebhookKind};
    if mix == "source" || mix == "small" {
        let shapes: Vec<SourceShape> = bodies
            .iter()
            .map(|(body, _)| SourceShape::of(body).expect("an event or a batch of events"))
            .collect();
        for _ in 0..rounds {
            for ((body, _), shape) in bodies.iter().zip(&shapes) {
                let event = borrowed::parse_source::<SerdeJson>(shape, black_box(body));
                assert!(
                    black_box(event).is_some(),
                    "a single event the ceiling reads"
                );
            }
        }
    } else {
        let kinds: Vec<WebhookKind> = bodies
            .iter()
            .map(|(body, _)| {
                let kind = sprig_events::parse_webhook(body).expect("a webhook").kind();
                WebhookKind::from_name(kind.as_str()).expect("a kind the baseline has")
            })
            .collect();
        for _ in 0..rounds {
            for ((body, _), kind) in bodies.iter().zip(&kinds) {
                let event = borrowed::parse_webhook::<SerdeJson>(*kind, black_box(body));
                assert!(black_box(event).is_some(), "a webhook the ceiling reads");
            }
        }
    }
}

/// Parse the bodies once, then route their events `rounds` times as `mode` says.
fn route_only(bodies: &[(Vec<u8>, bool)], mode: &str, rounds: usize) {
    use sprig_events::destination::{route, Destination};
    let events: Vec<_> = bodies
        .iter()
        .flat_map(|(body, is_batch)| {
            if *is_batch {
                sprig_events::parse_batch(body).unwrap_or_default()
            } else {
                sprig_events::parse_source_event(body).into_iter().collect()
            }
        })
        .collect();
    eprintln!("{} events, {rounds} rounds", events.len());
    let destination = Destination::default();
    let mut calls = Vec::new();
    for _ in 0..rounds {
        for event in &events {
            let event = black_box(event);
            match mode {
                "route" => drop(black_box(route(event))),
                "destination-route" => drop(black_box(destination.route(event))),
                "destination-calls" => drop(black_box(destination.calls(event))),
                "destination-extend" => {
                    calls.clear();
                    destination.extend_calls(event, &mut calls);
                    black_box(&calls);
                }
                _ => {}
            }
        }
    }
}
