//! Replays the committed fuzz seeds (`fuzz/seeds/<target>/`, a few dozen inputs per target picked
//! from a fuzzing run's corpus by `fuzz/pick_seeds.py`) and the inputs that once failed
//! (`fuzz/regressions/<target>/`) through the same checks the fuzz targets run, so CI holds them
//! all, on stable Rust. The full corpus stays out of git.
//!
//! A missing or empty folder fails: a test that replays nothing must not pass.

#[path = "../fuzz/checks.rs"]
mod checks;

// The api checks convert requests into `http::Request`s.
#[cfg(feature = "http")]
#[path = "../fuzz/fuzz_targets/api_checks.rs"]
mod api_checks;

use std::path::{Path, PathBuf};

/// The fuzz targets; each has its seeds, and a folder of regressions once one has failed.
const TARGETS: &[&str] = &[
    "api",
    "destination",
    "export",
    "parse_webhook",
    "settings",
    "source_events",
    "verify_bearer",
];

fn fuzz_dir(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder)
}

/// The files of a folder, sorted; fails when the folder is missing or holds none.
fn files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: cannot be read: {error}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no inputs", dir.display());
    files
}

fn replay(target: &str, check: fn(&[u8])) {
    let mut inputs = files(&fuzz_dir("seeds").join(target));
    let regressions = fuzz_dir("regressions").join(target);
    if regressions.exists() {
        inputs.extend(files(&regressions));
    }
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target}: {} fails", path.display());
    }
}

/// Every folder of seeds and regressions names a target replayed here, so a misspelt or new
/// target's folder cannot sit there unreplayed; and the regressions are not all gone.
#[test]
fn every_folder_is_a_replayed_target() {
    for folder in ["seeds", "regressions"] {
        let dir = fuzz_dir(folder);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("{}: cannot be read: {error}", dir.display()));
        let mut count = 0;
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                path.is_dir() && TARGETS.contains(&name.as_str()),
                "{}: not a fuzz target's folder",
                path.display()
            );
            count += files(&path).len();
        }
        assert!(count > 0, "{}: no inputs", dir.display());
    }
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
fn export_corpus() {
    replay("export", checks::export);
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
