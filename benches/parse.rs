//! Parse speed and allocations against the alternatives a user has, on the same bytes.
//!
//! Four mixes — the webhook fixtures, `benches/small_webhooks.jsonl` (short webhooks, one per
//! line, written by `benches/small_webhooks.mjs`), the source-event fixtures (single events and
//! batches), and `benches/small_source_events.jsonl` (short, common-case source events, one per
//! line) — are each parsed, a whole mix per iteration, by:
//! - this crate (`parse_webhook`; `parse_source_event` / `parse_batch`, then `route` for every
//!   event, or `into_route`, which takes the event and moves its fields into the call, and the
//!   parse alone),
//! - `serde_json::from_slice::<serde_json::Value>` and `sonic_rs::from_slice::<sonic_rs::Value>`,
//! - the plain derived structs of `baseline/` (see there for what they do and do not do).
//! - sonic-rs's lazy iterator over each body's top-level keys (`sonic_rs::to_object_iter`),
//!   nothing converted: the floor of a typed model read through sonic-rs's lazy values.
//! - the borrowed ceiling: the baseline's structs borrowing every string and keeping every
//!   field of varying type as raw text (`baseline/borrowed.rs`), read by serde_json and by
//!   sonic-rs's serde reader; single events only, so not on the source fixtures, which hold
//!   batches.
//!
//! The machine is shared and noisy, so only ratios within one run mean anything: at the end the
//! run prints a table of ratios read back from criterion's estimates, and the allocations per
//! body of each parser (counted by this binary's global allocator, outside the timed loops).
//!
//! `cargo bench --bench parse` runs it all; add `-- --warm-up-time 0.2 --measurement-time 0.5`
//! for a quick look, or a filter such as `-- small_source` (or `-- small_webhook`) for one mix.

mod baseline;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use criterion::{Criterion, Throughput};

use baseline::{borrowed, SourceShape, WebhookKind};

// ---------------------------------------------------------------------------------------------
// Counting allocator
// ---------------------------------------------------------------------------------------------

/// Calls to `alloc`, `alloc_zeroed` and `realloc` since the process started.
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting allocations. The count is one uncontended atomic add per
/// allocation, paid alike by every parser under test (criterion measures on one thread).
struct CountingAlloc;

// SAFETY: every call is forwarded unchanged to `System`, which upholds `GlobalAlloc`'s contract.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's guarantees about `layout` are passed on as they are.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this `layout`, as the caller guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `dealloc`, and `new_size` is the caller's, checked by the caller.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// The fixtures of `fixtures/<dir>` (not `*.expect.json`, not subfolders), by file name.
fn load(dir: &str) -> Vec<(String, Vec<u8>)> {
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
        .map(|p| {
            let name = p.file_name().expect("file name").to_string_lossy();
            (name.into_owned(), std::fs::read(p).expect("fixture"))
        })
        .collect()
}

/// `benches/<file>`: one body per line.
fn load_lines(file: &str) -> Vec<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches")
        .join(file);
    let text = std::fs::read_to_string(path).expect(file);
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.as_bytes().to_vec())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Mixes and the passes over them
// ---------------------------------------------------------------------------------------------

/// Who a pass measures; the summary divides `Ours` (and `OursIntoRoute`, `OursParseOnly`) by
/// the others.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Ours,
    OursIntoRoute,
    OursParseOnly,
    Baseline,
    Value,
    Sonic,
    /// sonic-rs's lazy iteration of the top-level keys, no value converted.
    SonicLazy,
    /// The borrowed twins of the baseline's structs (`baseline/borrowed.rs`), read by
    /// serde_json.
    BorrowedSerdeJson,
    /// The same, read by sonic-rs's serde reader.
    BorrowedSonic,
}

/// One parser, body by body.
struct Pass {
    /// The criterion function name.
    id: &'static str,
    role: Role,
    /// Parse body `i` (and drop the result); whether it parsed.
    one: Box<dyn Fn(usize) -> bool>,
    /// Allocations per body, counted once before timing.
    allocs_per_body: f64,
}

impl Pass {
    /// The whole mix once: how many bodies parsed. The indirect call per body is noise next to
    /// a parse (a microsecond or more).
    fn run(&self, bodies: usize) -> usize {
        (0..bodies).filter(|&i| (self.one)(i)).count()
    }
}

/// Allocations made by `f`.
fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    f();
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

struct Mix {
    /// The criterion group name.
    group: &'static str,
    /// A name for each body (file name, or line number).
    names: Vec<String>,
    events: usize,
    bytes: usize,
    passes: Vec<Pass>,
}

impl Mix {
    fn bodies(&self) -> usize {
        self.names.len()
    }

    /// Add a pass, after checking that it reads every body (a parser that fails early would
    /// look fast) and counting its allocations.
    fn pass(mut self, id: &'static str, role: Role, one: impl Fn(usize) -> bool + 'static) -> Self {
        let mut pass = Pass {
            id,
            role,
            one: Box::new(one),
            allocs_per_body: 0.0,
        };
        let bodies = self.bodies();
        for (i, name) in self.names.iter().enumerate() {
            assert!((pass.one)(i), "{}/{id} failed on {name}", self.group);
        }
        // The check above warmed lazily built tables; now count.
        let count = allocations(|| assert_eq!(pass.run(bodies), bodies));
        pass.allocs_per_body = count as f64 / bodies as f64;
        self.passes.push(pass);
        self
    }

    fn find(&self, role: Role) -> Option<&Pass> {
        self.passes.iter().find(|p| p.role == role)
    }

    /// Allocations of each pass on each body (`SPRIG_BENCH_ALLOCS=1`).
    fn print_allocations_by_body(&self) {
        println!("\n== {}: allocations by body", self.group);
        print!("{:<60}", "body");
        for pass in &self.passes {
            print!(" {:>16}", pass.id);
        }
        println!();
        for (i, name) in self.names.iter().enumerate() {
            print!("{name:<60}");
            for pass in &self.passes {
                print!(" {:>16}", allocations(|| assert!((pass.one)(i))));
            }
            println!();
        }
    }
}

/// `serde_json::Value`, `sonic_rs::Value` and sonic-rs's lazy iteration over the same bodies.
fn untyped_passes(mix: Mix, bodies: &Rc<[Vec<u8>]>) -> Mix {
    let (b1, b2) = (Rc::clone(bodies), Rc::clone(bodies));
    let mix = mix
        .pass("serde_json_value", Role::Value, move |i| {
            black_box(serde_json::from_slice::<serde_json::Value>(black_box(
                &b1[i],
            )))
            .is_ok()
        })
        .pass("sonic_rs_value", Role::Sonic, move |i| {
            black_box(sonic_rs::from_slice::<sonic_rs::Value>(black_box(&b2[i]))).is_ok()
        });
    sonic_lazy_pass(mix, bodies)
}

/// sonic-rs's lazy iterator over each body's top-level keys: every key, and every value's
/// string or raw text, borrowed and not converted. What a typed model built on sonic-rs's lazy
/// values (rather than its serde `Deserializer`) would cost before reading any field.
fn sonic_lazy_pass(mix: Mix, bodies: &Rc<[Vec<u8>]>) -> Mix {
    use sonic_rs::JsonValueTrait;
    let bodies = Rc::clone(bodies);
    mix.pass("sonic_rs_object_iter", Role::SonicLazy, move |i| {
        let mut touched = 0usize;
        for entry in sonic_rs::to_object_iter(black_box(bodies[i].as_slice())) {
            let Ok((key, value)) = entry else {
                return false;
            };
            touched += key.len() + value.as_str().map_or(value.as_raw_str().len(), str::len);
        }
        black_box(touched);
        true
    })
}

/// The webhook passes over `bodies`, the baseline told each body's kind (`kinds`): a real
/// receiver has to work it out from the body first, so this favours the baseline.
fn webhook_mix_of(
    group: &'static str,
    names: Vec<String>,
    bodies: Vec<Vec<u8>>,
    kinds: Vec<WebhookKind>,
) -> Mix {
    let kinds: Rc<[WebhookKind]> = kinds.into();
    let bodies: Rc<[Vec<u8>]> = bodies.into();
    let mix = Mix {
        group,
        events: names.len(),
        bytes: bodies.iter().map(Vec::len).sum(),
        names,
        passes: Vec::new(),
    };
    let mix = untyped_passes(mix, &bodies);
    let (b1, b2) = (Rc::clone(&bodies), Rc::clone(&bodies));
    let (b3, k3) = (Rc::clone(&bodies), Rc::clone(&kinds));
    let (b4, k4) = (Rc::clone(&bodies), Rc::clone(&kinds));
    mix.pass("parse_webhook", Role::Ours, move |i| {
        black_box(sprig_events::parse_webhook(black_box(&b1[i]))).is_ok()
    })
    .pass("derived_baseline", Role::Baseline, move |i| {
        black_box(baseline::parse_webhook(kinds[i], black_box(&b2[i]))).is_ok()
    })
    .pass("borrowed_serde_json", Role::BorrowedSerdeJson, move |i| {
        black_box(borrowed::parse_webhook::<borrowed::SerdeJson>(
            k3[i],
            black_box(&b3[i]),
        ))
        .is_some()
    })
    .pass("borrowed_sonic_rs", Role::BorrowedSonic, move |i| {
        black_box(borrowed::parse_webhook::<borrowed::Sonic>(
            k4[i],
            black_box(&b4[i]),
        ))
        .is_some()
    })
}

fn webhook_mix() -> Mix {
    let fixtures = load("webhooks");
    // The kind from the file name.
    let kinds = fixtures
        .iter()
        .map(|(name, _)| {
            WebhookKind::from_file_name(name)
                .unwrap_or_else(|| panic!("{name}: the file name names no webhook kind"))
        })
        .collect();
    let (names, bodies) = fixtures.into_iter().unzip();
    webhook_mix_of("webhook_mix", names, bodies, kinds)
}

/// The shortest and longest body of `small_webhooks.jsonl`, the Test ping excepted (Sprig's
/// fixed ping is 93 bytes).
const SMALL_WEBHOOK_BYTES: std::ops::RangeInclusive<usize> = 150..=700;

fn small_webhook_mix() -> Mix {
    let bodies = load_lines("small_webhooks.jsonl");
    let names: Vec<String> = (1..=bodies.len())
        .map(|line| format!("small_webhooks.jsonl:{line}"))
        .collect();
    // The kind from this crate's parse, before timing: every line must parse, and be short.
    let kinds = names
        .iter()
        .zip(&bodies)
        .map(|(name, body)| {
            let kind = sprig_events::parse_webhook(body)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .kind();
            assert!(
                SMALL_WEBHOOK_BYTES.contains(&body.len())
                    || kind == sprig_events::WebhookKind::Test,
                "{name}: {} bytes; every body but the Test ping should be {SMALL_WEBHOOK_BYTES:?}",
                body.len()
            );
            WebhookKind::from_name(kind.as_str())
                .unwrap_or_else(|| panic!("{name}: the baseline has no kind {kind:?}"))
        })
        .collect();
    webhook_mix_of("small_webhook_mix", names, bodies, kinds)
}

/// What the source passes do with each event once parsed.
#[derive(Clone, Copy)]
enum Routing {
    /// Nothing.
    None,
    /// `route(&event)`, then drop the event.
    Borrowed,
    /// `into_route(event)`: the call takes the event's fields.
    Owned,
}

/// This crate on one source body: a batch when `shape` says so, else one event.
fn ours_source(body: &[u8], shape: &SourceShape, routing: Routing) -> bool {
    use sprig_events::destination::{into_route, route};
    let route_one = |event: sprig_events::SourceEvent| match routing {
        Routing::None => drop(black_box(event)),
        Routing::Borrowed => {
            black_box(route(&event));
            drop(black_box(event));
        }
        Routing::Owned => drop(black_box(into_route(event))),
    };
    match shape {
        SourceShape::Batch(_) => match sprig_events::parse_batch(black_box(body)) {
            Ok(events) => {
                events.into_iter().for_each(route_one);
                true
            }
            Err(_) => false,
        },
        SourceShape::Event(_) => match sprig_events::parse_source_event(black_box(body)) {
            Ok(event) => {
                route_one(event);
                true
            }
            Err(_) => false,
        },
    }
}

fn source_mix_of(group: &'static str, names: Vec<String>, bodies: Vec<Vec<u8>>) -> Mix {
    // Found once, before timing, with a `Value` parse: whether a body is a batch (for this
    // crate, as a receiver knows from its endpoint) and each event's call type (for the
    // baseline, which favours it).
    let shapes: Rc<[SourceShape]> = names
        .iter()
        .zip(&bodies)
        .map(|(name, body)| {
            SourceShape::of(body)
                .unwrap_or_else(|| panic!("{group}: {name} is no event or batch of events"))
        })
        .collect();
    let bodies: Rc<[Vec<u8>]> = bodies.into();
    let mix = Mix {
        group,
        names,
        events: shapes.iter().map(SourceShape::events).sum(),
        bytes: bodies.iter().map(Vec::len).sum(),
        passes: Vec::new(),
    };
    let mix = untyped_passes(mix, &bodies);
    let (b1, s1) = (Rc::clone(&bodies), Rc::clone(&shapes));
    let (b2, s2) = (Rc::clone(&bodies), Rc::clone(&shapes));
    let (b3, s3) = (Rc::clone(&bodies), Rc::clone(&shapes));
    let (b4, s4) = (Rc::clone(&bodies), Rc::clone(&shapes));
    let mix = mix
        .pass("parse_and_route", Role::Ours, move |i| {
            ours_source(&b1[i], &s1[i], Routing::Borrowed)
        })
        .pass("parse_and_into_route", Role::OursIntoRoute, move |i| {
            ours_source(&b4[i], &s4[i], Routing::Owned)
        })
        .pass("parse_only", Role::OursParseOnly, move |i| {
            ours_source(&b2[i], &s2[i], Routing::None)
        })
        .pass("derived_baseline", Role::Baseline, move |i| {
            black_box(baseline::parse_source(&s3[i], black_box(&b3[i]))).is_ok()
        });
    // The borrowed twins read single events only.
    if shapes
        .iter()
        .any(|shape| matches!(shape, SourceShape::Batch(_)))
    {
        return mix;
    }
    let (b5, s5) = (Rc::clone(&bodies), Rc::clone(&shapes));
    let (b6, s6) = (Rc::clone(&bodies), Rc::clone(&shapes));
    mix.pass("borrowed_serde_json", Role::BorrowedSerdeJson, move |i| {
        black_box(borrowed::parse_source::<borrowed::SerdeJson>(
            &s5[i],
            black_box(&b5[i]),
        ))
        .is_some()
    })
    .pass("borrowed_sonic_rs", Role::BorrowedSonic, move |i| {
        black_box(borrowed::parse_source::<borrowed::Sonic>(
            &s6[i],
            black_box(&b6[i]),
        ))
        .is_some()
    })
}

fn source_mix() -> Mix {
    let (names, bodies) = load("source").into_iter().unzip();
    source_mix_of("source_mix", names, bodies)
}

fn small_source_mix() -> Mix {
    let bodies = load_lines("small_source_events.jsonl");
    assert!(
        bodies.iter().all(|body| body.len() < 600),
        "small_source_events.jsonl: every event should be under 600 bytes"
    );
    let names = (1..=bodies.len())
        .map(|line| format!("small_source_events.jsonl:{line}"))
        .collect();
    source_mix_of("small_source_mix", names, bodies)
}

fn bench_mix(c: &mut Criterion, mix: &Mix) {
    let mut group = c.benchmark_group(mix.group);
    group.throughput(Throughput::Bytes(mix.bytes as u64));
    let bodies = mix.bodies();
    for pass in &mix.passes {
        group.bench_function(pass.id, |b| b.iter(|| black_box(pass.run(bodies))));
    }
    group.finish();
}

// ---------------------------------------------------------------------------------------------
// Answer size
// ---------------------------------------------------------------------------------------------

const ANSWER_SIZES: [(&str, usize); 3] = [("10KB", 10 << 10), ("1MB", 1 << 20), ("10MB", 10 << 20)];

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
    for (label, size) in ANSWER_SIZES {
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

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

/// Where criterion writes its results, found as criterion finds it.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    let from_metadata = std::env::var_os("CARGO").and_then(|cargo| {
        let output = std::process::Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .output()
            .ok()?;
        let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
        Some(PathBuf::from(metadata["target_directory"].as_str()?))
    });
    from_metadata
        .unwrap_or_else(|| PathBuf::from("target"))
        .join("criterion")
}

/// Criterion's directory name for a group or function (its `make_filename_safe`).
fn safe_name(name: &str) -> String {
    name.replace(['?', '"', '/', '\\', '*', '<', '>', ':', '|', '^'], "_")
}

/// Median time (ns) of one iteration of `group/function`, if this run measured it.
fn median_ns(root: &Path, group: &str, function: &str, since: SystemTime) -> Option<f64> {
    let path = root
        .join(safe_name(group))
        .join(safe_name(function))
        .join("new")
        .join("estimates.json");
    // An older run's file (the function filtered out, or `--test`) would mix runs' noise.
    if std::fs::metadata(&path).ok()?.modified().ok()? < since {
        return None;
    }
    let estimates: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

fn ratio(ours: Option<f64>, other: Option<f64>) -> String {
    match (ours, other) {
        (Some(ours), Some(other)) if other > 0.0 => format!("{:.2}", ours / other),
        _ => "n/a".into(),
    }
}

fn print_summary(mixes: &[Mix], since: SystemTime) {
    let root = criterion_dir();
    let time = |mix: &Mix, role: Role| {
        let pass = mix.find(role)?;
        median_ns(&root, mix.group, pass.id, since)
    };
    println!();
    println!("== Time ratios: median times on the same bytes, this run only; < 1.00 = ours faster");
    println!(
        "   ours = parse_webhook, or parse_source_event / parse_batch then route for each event;"
    );
    println!("   baseline = the derived structs of benches/baseline, told each body's kind");
    println!("   (criterion results: {})", root.display());
    println!(
        "{:<30} {:>10} {:>13} {:>13} {:>12}",
        "mix", "ours/Value", "ours/baseline", "ours/sonic-rs", "ours µs/body"
    );
    let mut measured = false;
    for mix in mixes {
        let (value, baseline, sonic) = (
            time(mix, Role::Value),
            time(mix, Role::Baseline),
            time(mix, Role::Sonic),
        );
        for (label, role) in [
            ("", Role::Ours),
            (", into_route", Role::OursIntoRoute),
            (", parse only", Role::OursParseOnly),
        ] {
            if mix.find(role).is_none() {
                continue;
            }
            let ours = time(mix, role);
            measured |= ours.is_some();
            let per_body = ours.map_or("n/a".into(), |ns| {
                format!("{:.2}", ns / 1000.0 / mix.bodies() as f64)
            });
            println!(
                "{:<30} {:>10} {:>13} {:>13} {:>12}",
                format!("{}{label}", mix.group),
                ratio(ours, value),
                ratio(ours, baseline),
                ratio(ours, sonic),
                per_body
            );
        }
    }
    println!();
    println!(
        "{:<30} {:>10} {:>13}",
        "answer_size", "ours/Value", "ours ns/byte"
    );
    for (label, size) in ANSWER_SIZES {
        let ours = median_ns(
            &root,
            "answer_size",
            &format!("parse_webhook/{label}"),
            since,
        );
        let value = median_ns(
            &root,
            "answer_size",
            &format!("serde_json_value/{label}"),
            since,
        );
        measured |= ours.is_some();
        let ns_per_byte = ours.map_or("n/a".into(), |ns| format!("{:.3}", ns / size as f64));
        println!(
            "{:<30} {:>10} {:>13}",
            label,
            ratio(ours, value),
            ns_per_byte
        );
    }
    println!();
    println!(
        "== sonic-rs's lazy object iterator (top-level keys, values borrowed, none converted)"
    );
    println!("{:<30} {:>16}", "mix", "lazy/untyped");
    for mix in mixes {
        println!(
            "{:<30} {:>16}",
            mix.group,
            ratio(time(mix, Role::SonicLazy), time(mix, Role::Sonic))
        );
    }
    println!();
    println!(
        "== The borrowed ceiling: the baseline's structs borrowing every string and keeping every"
    );
    println!("   field of varying type as raw text (baseline/borrowed.rs), each body's kind told");
    println!(
        "{:<30} {:>12} {:>12} {:>12} {:>12} {:>7} {:>7}",
        "mix", "serde_json/V", "sonic/V", "serde_json/S", "sonic/S", "allocs", "allocs"
    );
    for mix in mixes {
        let (Some(json), Some(sonic)) = (
            mix.find(Role::BorrowedSerdeJson),
            mix.find(Role::BorrowedSonic),
        ) else {
            continue;
        };
        let (value, untyped) = (time(mix, Role::Value), time(mix, Role::Sonic));
        let (json_time, sonic_time) = (
            median_ns(&root, mix.group, json.id, since),
            median_ns(&root, mix.group, sonic.id, since),
        );
        println!(
            "{:<30} {:>12} {:>12} {:>12} {:>12} {:>7.1} {:>7.1}",
            mix.group,
            ratio(json_time, value),
            ratio(sonic_time, value),
            ratio(json_time, untyped),
            ratio(sonic_time, untyped),
            json.allocs_per_body,
            sonic.allocs_per_body
        );
    }
    println!("   (V: serde_json's Value parse; S: sonic-rs's untyped parse; allocations per body,");
    println!("   serde_json then sonic-rs)");
    if !measured {
        println!("   (no estimates from this run: --test, or a filter that skipped them)");
    }

    println!();
    println!(
        "== Allocations per body: alloc + alloc_zeroed + realloc calls of one pass, drop included"
    );
    println!("   (SPRIG_BENCH_ALLOCS=1 lists them body by body)");
    println!(
        "{:<18} {:>6} {:>6} {:>7} {:>6} {:>10} {:>11} {:>8} {:>6} {:>8}",
        "mix",
        "bodies",
        "events",
        "KB",
        "ours",
        "ours+route",
        "+into_route",
        "baseline",
        "Value",
        "sonic-rs"
    );
    for mix in mixes {
        let allocs = |role: Role| {
            mix.find(role)
                .map_or("-".into(), |p| format!("{:.1}", p.allocs_per_body))
        };
        let (ours, ours_routed) = if mix.find(Role::OursParseOnly).is_some() {
            (allocs(Role::OursParseOnly), allocs(Role::Ours))
        } else {
            (allocs(Role::Ours), "-".into())
        };
        println!(
            "{:<18} {:>6} {:>6} {:>7.1} {:>6} {:>10} {:>11} {:>8} {:>6} {:>8}",
            mix.group,
            mix.bodies(),
            mix.events,
            mix.bytes as f64 / 1024.0,
            ours,
            ours_routed,
            allocs(Role::OursIntoRoute),
            allocs(Role::Baseline),
            allocs(Role::Value),
            allocs(Role::Sonic)
        );
    }
}

fn main() {
    let started = SystemTime::now();
    let mixes = [
        webhook_mix(),
        small_webhook_mix(),
        source_mix(),
        small_source_mix(),
    ];
    let mut c = Criterion::default().configure_from_args();
    for mix in &mixes {
        bench_mix(&mut c, mix);
    }
    bounds(&mut c);
    c.final_summary();
    if std::env::args().any(|arg| arg == "--list") {
        return;
    }
    if std::env::var_os("SPRIG_BENCH_ALLOCS").is_some() {
        for mix in &mixes {
            mix.print_allocations_by_body();
        }
    }
    print_summary(&mixes, started);
}
