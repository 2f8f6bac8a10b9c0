#![no_main]

#[path = "cloud_checks.rs"]
mod cloud_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cloud_checks::cloud(data));
