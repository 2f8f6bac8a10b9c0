//! The Rust side of `benches/peer/`: the crate against the reference runtime (node and
//! Segment's packages) on the same source events. `benches/peer/run.sh` runs both.
//!
//! ```text
//! cargo build --release --example peer_bench
//! target/release/examples/peer_bench config                 # the presets, for the node side
//! target/release/examples/peer_bench calls EVENTS.jsonl     # each event's calls, one line each
//! target/release/examples/peer_bench time EVENTS.jsonl [rounds]
//! ```
//!
//! `config` prints `Destination::presets()` as the configuration JSON (each action's
//! `subscribe` and `mapping`), so the node side runs the crate's own triggers and mappings.
//! `calls` prints, per event, the calls `Destination::presets().calls` makes, for the node side
//! to check its own against. `time` parses each event (`parse_source_event`) and routes it, the
//! events of the file over and over, and prints the median ns per event of `rounds` rounds
//! (default 15) as one JSON line, for three routings: `route` (the crate's routing entry point:
//! the one action that triggers, with its call or why it sent nothing), `into_route` (the same,
//! taking the event) and `Destination::route` (every preset's outcome), and the parse alone.
//! In each round every one of the four runs in turn, so the machine's drift falls alike on all.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use sprig_events::destination::{into_route, route, Destination};
use sprig_events::parse_source_event;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lines = |at: usize| -> Vec<Vec<u8>> {
        let path = args
            .get(at)
            .map_or("benches/small_source_events.jsonl", String::as_str);
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read the events, {path}: {e}"));
        text.lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| line.as_bytes().to_vec())
            .collect()
    };
    match args.first().map(String::as_str) {
        Some("config") => {
            let config = serde_json::to_string_pretty(Destination::presets());
            println!("{}", config.unwrap_or_else(|e| panic!("the presets: {e}")));
        }
        Some("calls") => {
            let destination = Destination::presets();
            for (line, body) in lines(1).iter().enumerate() {
                let calls = match parse_source_event(body) {
                    Ok(event) => serde_json::to_value(destination.calls(&event))
                        .unwrap_or_else(|e| panic!("line {}: {e}", line + 1)),
                    Err(e) => serde_json::json!({ "error": e.to_string() }),
                };
                println!("{calls}");
            }
        }
        Some("time") => {
            let events = lines(1);
            let rounds = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(15);
            time(&events, rounds);
        }
        _ => {
            eprintln!("usage: peer_bench config | calls EVENTS.jsonl | time EVENTS.jsonl [rounds]");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// What one timed pass does with each event.
#[derive(Clone, Copy)]
enum Work {
    /// `parse_source_event`, then `route`.
    Route,
    /// `parse_source_event`, then `into_route`, which takes the event.
    IntoRoute,
    /// `parse_source_event`, then `Destination::presets().route`.
    DestinationRoute,
    /// `parse_source_event` alone.
    Parse,
}

/// Every event once; how many parsed (so that nothing is optimised away).
fn pass(events: &[Vec<u8>], work: Work) -> usize {
    let destination = Destination::presets();
    let mut parsed = 0;
    for body in events {
        let Ok(event) = parse_source_event(black_box(body)) else {
            continue;
        };
        parsed += 1;
        match work {
            Work::Route => drop(black_box(route(&event))),
            Work::IntoRoute => {
                drop(black_box(into_route(event)));
                continue;
            }
            Work::DestinationRoute => drop(black_box(destination.route(&event))),
            Work::Parse => {}
        }
        drop(black_box(event));
    }
    parsed
}

/// Median ns per event of each of `works`, over `rounds` rounds in which each work runs for
/// about 200 ms in turn (so that the machine's drift falls alike on all of them), after a
/// second of warm-up each.
fn median_ns(events: &[Vec<u8>], works: &[Work], rounds: usize) -> Vec<f64> {
    let passes_per_round: Vec<usize> = works
        .iter()
        .map(|&work| {
            let warm_up = Instant::now();
            let mut passes = 0usize;
            while warm_up.elapsed() < Duration::from_secs(1) {
                assert_eq!(pass(events, work), events.len(), "every event should parse");
                passes += 1;
            }
            // A round of about a fifth of a second.
            (passes / 5).max(1)
        })
        .collect();
    let mut per_event = vec![Vec::with_capacity(rounds.max(1)); works.len()];
    for _ in 0..rounds.max(1) {
        for ((&work, &passes), times) in works.iter().zip(&passes_per_round).zip(&mut per_event) {
            let start = Instant::now();
            for _ in 0..passes {
                black_box(pass(events, work));
            }
            times.push(start.elapsed().as_nanos() as f64 / (passes * events.len()) as f64);
        }
    }
    per_event
        .into_iter()
        .map(|mut times| {
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        })
        .collect()
}

fn time(events: &[Vec<u8>], rounds: usize) {
    let works = [
        Work::Route,
        Work::IntoRoute,
        Work::DestinationRoute,
        Work::Parse,
    ];
    let [route, into_route, destination_route, parse] =
        <[f64; 4]>::try_from(median_ns(events, &works, rounds))
            .unwrap_or_else(|times| panic!("one median per work, got {times:?}"));
    println!(
        "{}",
        serde_json::json!({
            "events": events.len(),
            "rounds": rounds,
            "route": route,
            "into_route": into_route,
            "destination_route": destination_route,
            "parse": parse,
        })
    );
}
