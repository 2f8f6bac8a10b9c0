#![no_main]

#[allow(dead_code)] // each target uses one of the shared checks
#[path = "../checks.rs"]
mod checks;

// Corpus: the `destination` target's (condition, mapping, event, one per line).
libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::runtime(data));
