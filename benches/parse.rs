//! Parse speed against `serde_json::from_slice::<serde_json::Value>` on the same bytes.
//!
//! Each iteration parses the whole fixture mix once; compare the two lines of a group as a
//! ratio (typed time / `Value` time), since absolute times drift on a shared machine.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn load(dir: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir);
    let mut paths: Vec<_> = std::fs::read_dir(&root)
        .expect("fixture folder")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| !p.to_string_lossy().ends_with(".expect.json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("fixture"))
        .collect()
}

fn webhooks(c: &mut Criterion) {
    let mix = load("webhooks");
    let bytes: usize = mix.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("webhook_mix");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("serde_json_value", |b| {
        b.iter(|| {
            for body in &mix {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(body)).ok());
            }
        })
    });
    group.bench_function("parse_webhook", |b| {
        b.iter(|| {
            for body in &mix {
                black_box(sprig_events::parse_webhook(black_box(body)).ok());
            }
        })
    });
    group.finish();
}

fn source_events(c: &mut Criterion) {
    let mix = load("source");
    let bytes: usize = mix.iter().map(Vec::len).sum();
    let is_batch: Vec<bool> = mix
        .iter()
        .map(|body| {
            serde_json::from_slice::<serde_json::Value>(body)
                .is_ok_and(|v| v.get("batch").is_some())
        })
        .collect();
    let mut group = c.benchmark_group("source_mix");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("serde_json_value", |b| {
        b.iter(|| {
            for body in &mix {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(body)).ok());
            }
        })
    });
    group.bench_function("parse_and_route", |b| {
        b.iter(|| {
            for (body, &batch) in mix.iter().zip(&is_batch) {
                let events = if batch {
                    sprig_events::parse_batch(black_box(body))
                } else {
                    sprig_events::parse_source_event(black_box(body)).map(|e| vec![e])
                };
                for event in events.iter().flatten() {
                    black_box(sprig_events::destination::route(event));
                }
            }
        })
    });
    group.finish();
}

criterion_group!(benches, webhooks, source_events);
criterion_main!(benches);
