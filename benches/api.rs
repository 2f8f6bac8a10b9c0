//! The cost of building Sprig API requests next to the cost of parsing what they come from.
//!
//! One batch of 10,000 source events (7 tracks to 3 identifies, 1,000 users, with the
//! context, ids and times real senders add) is, in the same run:
//! - parsed: `parse_batch`;
//! - turned into requests, from the parsed events: `user_update` for each event, `coalesce`,
//!   then each request built with its JSON body (`SprigApi::upsert`).
//!
//! The machine is shared and noisy, so only the ratio within one run means anything: the run
//! ends with it, read back from criterion's estimates (target: requests ≤ 0.5 × parse).
//!
//! `cargo bench --bench api` runs it; `-- --test` runs each pass once, for CI.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use criterion::{Criterion, Throughput};
use serde_json::{json, Value};
use sprig_events::api::{coalesce, user_update, ApiKey, SprigApi};
use sprig_events::{parse_batch, SourceEvent};

const EVENTS: usize = 10_000;
const USERS: usize = 1_000;
const GROUP: &str = "api_10k_events";
const NAMES: [&str; 4] = [
    "Report Exported",
    "Invite Sent",
    "Project Created",
    "Plan Upgraded",
];
const PLANS: [&str; 3] = ["free", "pro", "team"];

/// A batch of `EVENTS` events, the same every run.
fn batch() -> Vec<u8> {
    let events: Vec<Value> = (0..EVENTS)
        .map(|i| {
            let user = format!("usr_{:06}", (i * 7919) % USERS);
            let at = format!(
                "2025-03-{:02}T{:02}:{:02}:07.{:03}Z",
                1 + i % 28,
                i % 24,
                i % 60,
                i % 1000
            );
            let context = json!({
                "library": {"name": "analytics-node", "version": "2.1.1"},
                "ip": "203.0.113.7",
                "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15",
                "locale": "en-US",
            });
            let common = json!({
                "userId": user,
                "anonymousId": format!("anon-{i:08x}"),
                "messageId": format!("msg-{i:08x}-3d6b-4024-ab59-d9b538f09a38"),
                "timestamp": at,
                "originalTimestamp": at,
                "receivedAt": at,
                "sentAt": at,
                "context": context,
            });
            let mut event = if i % 10 < 7 {
                json!({
                    "type": "track",
                    "event": NAMES[i % NAMES.len()],
                    "properties": {"format": "pdf", "pages": i % 40, "shared": i % 2 == 0},
                })
            } else {
                json!({
                    "type": "identify",
                    "traits": {
                        "email": format!("person{}@example.com", i % USERS),
                        "name": "Ada Lovelace",
                        "plan": PLANS[i % PLANS.len()],
                        "seats": i % 50,
                        "trial": i % 5 == 0,
                        "address": {"city": "Paris", "country": "FR"},
                    },
                })
            };
            let (Some(event_fields), Value::Object(shared)) = (event.as_object_mut(), common)
            else {
                unreachable!()
            };
            event_fields.extend(shared);
            event
        })
        .collect();
    serde_json::to_vec(&json!({ "batch": events })).expect("the batch serializes")
}

/// Every request body for `events`: the work the crate adds on top of parsing.
fn requests(api: &SprigApi, events: &[SourceEvent]) -> usize {
    let updates = events.iter().filter_map(|event| user_update(event).ok());
    coalesce(updates)
        .iter()
        .map(|update| black_box(api.upsert(update)).body().len())
        .sum()
}

fn main() {
    let started = SystemTime::now();
    let body = batch();
    let events = parse_batch(&body).expect("the batch parses");
    assert_eq!(events.len(), EVENTS);
    let api = SprigApi::new(ApiKey::new("bench-key"));
    let sent: usize = events.iter().filter(|e| user_update(e).is_ok()).count();
    assert_eq!(
        sent, EVENTS,
        "every event of the bench batch makes an update"
    );
    let request_count = coalesce(events.iter().filter_map(|e| user_update(e).ok())).len();

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group(GROUP);
    group.throughput(Throughput::Elements(EVENTS as u64));
    group.sample_size(20);
    group.measurement_time(std::time::Duration::from_secs(8));
    group.bench_function("parse_batch", |b| {
        b.iter(|| black_box(parse_batch(black_box(&body)).map(|e| e.len())))
    });
    group.bench_function("requests", |b| {
        b.iter(|| black_box(requests(&api, black_box(&events))))
    });
    group.finish();
    c.final_summary();
    if std::env::args().any(|arg| arg == "--list") {
        return;
    }

    let root = criterion_dir();
    let parse = median_ns(&root, "parse_batch", started);
    let build = median_ns(&root, "requests", started);
    println!();
    println!(
        "== {EVENTS} events ({:.0} KB, {USERS} users → {request_count} requests), median times of this run",
        body.len() as f64 / 1024.0
    );
    let ms = |ns: Option<f64>| ns.map_or("n/a".into(), |ns| format!("{:.2} ms", ns / 1e6));
    println!("parse_batch                          {:>12}", ms(parse));
    println!("user_update + coalesce + bodies      {:>12}", ms(build));
    match (build, parse) {
        (Some(build), Some(parse)) if parse > 0.0 => {
            println!("requests / parse                     {:>12.2}  (target ≤ 0.50)", build / parse)
        }
        _ => println!("requests / parse                              n/a  (no estimates from this run: --test?)"),
    }
}

/// Where criterion writes its results, found as criterion finds it.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion")
}

/// Median time (ns) of one iteration of `function`, if this run measured it.
fn median_ns(root: &Path, function: &str, since: SystemTime) -> Option<f64> {
    let path = root
        .join(GROUP)
        .join(function)
        .join("new")
        .join("estimates.json");
    // An older run's file (the function filtered out, or `--test`) would mix runs.
    if std::fs::metadata(&path).ok()?.modified().ok()? < since {
        return None;
    }
    let estimates: Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}
