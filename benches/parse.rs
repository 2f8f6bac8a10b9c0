//! Parse speed against `serde_json::from_slice::<serde_json::Value>` on the same bytes.
//!
//! Each iteration parses the whole fixture mix once; compare the two lines of a group as a
//! ratio (typed time / `Value` time), since absolute times drift on a shared machine.

use std::hint::black_box;
use std::path::Path;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

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

/// The untyped parses every typed parse is compared with, on the same bytes.
fn untyped_baselines(group: &mut BenchmarkGroup<'_, WallTime>, mix: &[Vec<u8>]) {
    group.bench_function("serde_json_value", |b| {
        b.iter(|| {
            for body in mix {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(body)).ok());
            }
        })
    });
    group.bench_function("sonic_rs_value", |b| {
        b.iter(|| {
            for body in mix {
                black_box(sonic_rs::from_slice::<sonic_rs::Value>(black_box(body)).ok());
            }
        })
    });
}

fn webhooks(c: &mut Criterion) {
    let mix = load("webhooks");
    let bytes: usize = mix.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("webhook_mix");
    group.throughput(Throughput::Bytes(bytes as u64));
    untyped_baselines(&mut group, &mix);
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
    untyped_baselines(&mut group, &mix);
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

/// An Answer Submitted whose open-text answer makes the body `size` bytes: time per byte should
/// not grow with size.
fn answer_of_size(size: usize) -> Vec<u8> {
    let head = br#"{"id":1,"environmentId":"e","createdAt":"2024-05-01T10:00:00Z","responseGroupUid":"3305ee6c-15f4-4a55-a478-2c5f4adb9798","surveyId":7,"question":"Anything else?","questionType":"open","visitorId":"v","timestamp":1714557600000,"eventType":"survey_response","eventName":"surveyResponse","response":""#;
    let mut body = head.to_vec();
    // JSON-escaped quotes, so the string has escapes to decode as real answers do.
    let words = br#"the export keeps timing out \"again\" "#;
    while body.len() + words.len() + 2 < size {
        body.extend_from_slice(words);
    }
    body.extend_from_slice(b"\"}");
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok());
    body
}

fn bounds(c: &mut Criterion) {
    let mut group = c.benchmark_group("answer_size");
    for (label, size) in [("10KB", 10 << 10), ("1MB", 1 << 20), ("10MB", 10 << 20)] {
        let body = answer_of_size(size);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.sample_size(if size > 1 << 20 { 10 } else { 50 });
        group.bench_function(format!("serde_json_value/{label}"), |b| {
            b.iter(|| black_box(serde_json::from_slice::<serde_json::Value>(black_box(&body)).ok()))
        });
        group.bench_function(format!("parse_webhook/{label}"), |b| {
            b.iter(|| black_box(sprig_events::parse_webhook(black_box(&body)).ok()))
        });
    }
    group.finish();
}

criterion_group!(benches, webhooks, source_events, bounds);
criterion_main!(benches);
