//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`, minimized) and the inputs that
//! once failed (`fuzz/regressions/<target>/`) through the same checks the fuzz targets run, so
//! CI holds them all, on stable Rust.

#[path = "../fuzz/checks.rs"]
mod checks;

// The api checks convert requests into `http::Request`s.
#[cfg(feature = "http")]
#[path = "../fuzz/fuzz_targets/api_checks.rs"]
mod api_checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let corpus = fuzz.join("corpus").join(target);
    let regressions = fuzz.join("regressions").join(target);
    let mut count = 0;
    for dir in [&corpus, &regressions] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            assert!(dir != &corpus, "{}: no corpus", dir.display());
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{target}: {} fails", path.display());
            count += 1;
        }
    }
    assert!(count > 0, "{target}: empty corpus");
}

#[test]
fn parse_webhook_corpus() {
    replay("parse_webhook", checks::webhook);
}

#[test]
fn source_events_corpus() {
    replay("source_events", checks::source_events);
}

#[test]
fn verify_bearer_corpus() {
    replay("verify_bearer", checks::bearer);
}

#[test]
fn settings_corpus() {
    replay("settings", checks::settings);
}

#[cfg(feature = "http")]
#[test]
fn api_corpus() {
    replay("api", api_checks::api);
}

#[test]
fn destination_corpus() {
    replay("destination", checks::destination);
}

#[test]
fn runtime_corpus() {
    // The runtime target reads the destination target's corpus.
    replay("destination", checks::runtime);
}
