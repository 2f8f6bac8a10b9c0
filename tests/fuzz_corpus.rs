//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the same checks the fuzz
//! targets run, so CI holds every input the fuzzer ever kept, on stable Rust.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target}: {} fails", path.display());
        count += 1;
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
