//! Replays the `api` fuzz seeds and the cloud fixtures through the `cloud` fuzz target's
//! checks (`fuzz/fuzz_targets/cloud_checks.rs`), so CI holds them on stable Rust.

#[path = "../fuzz/fuzz_targets/cloud_checks.rs"]
mod cloud_checks;

use std::path::Path;

#[test]
fn seeds_and_fixtures_hold_the_cloud_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for dir in ["fuzz/seeds/api", "fixtures/api/cloud", "fixtures/api"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let data = std::fs::read(&path).unwrap();
                let outcome = std::panic::catch_unwind(|| cloud_checks::cloud(&data));
                assert!(outcome.is_ok(), "{} fails", path.display());
                seen += 1;
            }
        }
    }
    assert!(seen > 50, "only {seen} inputs");
}
