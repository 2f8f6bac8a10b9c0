//! Routing speed: the default routing (`route` and `sprig_call`, which run the presets of
//! [`Destination::presets`]) against the same defaults through a `Destination`'s own methods,
//! and against a customised destination, on the same parsed events.
//!
//! `extend_calls` writes into one buffer, cleared before each event, as a service routing a
//! stream would; `calls` returns a fresh `Vec` per event.
//!
//! The events are `benches/small_source_events.jsonl` plus every source fixture, parsed once
//! before timing; each pass routes all of them. `serde_json::from_slice::<Value>` of the same
//! bytes is measured alongside as the yardstick the other benches use. Only ratios within one
//! run mean anything (the machine is shared), so the run ends with a table of them, read back
//! from criterion's estimates.
//!
//! Each routine is measured once per round, three rounds one after the other, and each ratio
//! is printed per round (a ratio is taken within one round only).
//!
//! `cargo bench --bench destination`; `-- --test` runs each pass once.

use std::hint::black_box;
use std::path::Path;

use criterion::Criterion;
use sprig_events::destination::{route, sprig_call, Destination};
use sprig_events::{parse_batch, parse_source_event, SourceEvent};

const GROUP: &str = "destination_routing";
const ROUNDS: usize = 3;

fn bodies() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut bodies: Vec<Vec<u8>> =
        std::fs::read_to_string(root.join("benches/small_source_events.jsonl"))
            .unwrap_or_default()
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| line.as_bytes().to_vec())
            .collect();
    let mut fixtures: Vec<_> = std::fs::read_dir(root.join("fixtures/source"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|entry| entry.path())
                .collect()
        })
        .unwrap_or_default();
    fixtures.sort();
    for path in fixtures {
        let name = path.to_string_lossy();
        if name.ends_with(".json") && !name.ends_with(".expect.json") {
            bodies.extend(std::fs::read(&path));
        }
    }
    bodies
}

fn events(bodies: &[Vec<u8>]) -> Vec<SourceEvent> {
    bodies
        .iter()
        .flat_map(|body| match parse_batch(body) {
            Ok(events) => events,
            Err(_) => parse_source_event(body).into_iter().collect(),
        })
        .collect()
}

fn median_ns(id: &str) -> Option<f64> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/criterion")
        .join(GROUP)
        .join(id.replace('/', "_"))
        .join("new/estimates.json");
    let estimates: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

fn main() {
    let bodies = bodies();
    let events = events(&bodies);
    let default = Destination::default();
    let custom = Destination::from_json(include_bytes!(
        "../fixtures/destination/custom_destination.json"
    ))
    .unwrap_or_else(|e| panic!("the fixture configuration reads: {e}"));
    assert!(events.len() > 200, "{} events", events.len());

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group(GROUP);
    // Every routine once per round, the rounds one after the other: a ratio is taken between
    // measurements of the same round, minutes apart at most, so a drift of the machine's speed
    // between rounds does not enter it.
    for round in 1..=ROUNDS {
        group.bench_function(format!("route/{round}"), |b| {
            b.iter(|| {
                for event in &events {
                    black_box(route(black_box(event)));
                }
            })
        });
        group.bench_function(format!("sprig_call/{round}"), |b| {
            b.iter(|| {
                for event in &events {
                    black_box(sprig_call(black_box(event)));
                }
            });
        });
        group.bench_function(format!("default_destination_route/{round}"), |b| {
            b.iter(|| {
                for event in &events {
                    black_box(default.route(black_box(event)));
                }
            })
        });
        group.bench_function(format!("default_destination_calls/{round}"), |b| {
            b.iter(|| {
                for event in &events {
                    black_box(default.calls(black_box(event)));
                }
            })
        });
        group.bench_function(format!("default_destination_extend_calls/{round}"), |b| {
            let mut calls = Vec::new();
            b.iter(|| {
                for event in &events {
                    calls.clear();
                    default.extend_calls(black_box(event), &mut calls);
                    black_box(&calls);
                }
            })
        });
        group.bench_function(format!("custom_destination_calls/{round}"), |b| {
            b.iter(|| {
                for event in &events {
                    black_box(custom.calls(black_box(event)));
                }
            })
        });
        group.bench_function(format!("value_parse/{round}"), |b| {
            b.iter(|| {
                for body in &bodies {
                    black_box(serde_json::from_slice::<serde_json::Value>(black_box(body)).ok());
                }
            })
        });
    }
    group.finish();
    c.final_summary();

    if median_ns("route/1").is_none() {
        println!("(no estimates from this run: --test, or a filter)");
        return;
    }
    println!(
        "\n{} events; median time per pass as a ratio, in each of {ROUNDS} rounds:",
        events.len()
    );
    for (id, against, label) in [
        (
            "default_destination_route",
            "route",
            "Destination::default().route / route",
        ),
        (
            "default_destination_calls",
            "route",
            "Destination::default().calls / route",
        ),
        (
            "default_destination_extend_calls",
            "route",
            "Destination::default().extend_calls / route",
        ),
        (
            "custom_destination_calls",
            "route",
            "custom destination .calls / route",
        ),
        ("route", "value_parse", "route / Value parse of the bytes"),
        (
            "sprig_call",
            "value_parse",
            "sprig_call / Value parse of the bytes",
        ),
        (
            "default_destination_calls",
            "value_parse",
            "Destination::default().calls / Value parse",
        ),
        (
            "custom_destination_calls",
            "value_parse",
            "custom .calls / Value parse",
        ),
    ] {
        let ratios: Vec<String> = (1..=ROUNDS)
            .filter_map(|round| {
                let ns = median_ns(&format!("{id}/{round}"))?;
                let base = median_ns(&format!("{against}/{round}"))?;
                Some(format!("{:.2}", ns / base))
            })
            .collect();
        println!("  {label:<48} {}", ratios.join("  "));
    }
}
