#![no_main]

#[allow(dead_code)] // each target uses one of the shared checks
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::export(data));
