#![no_main]

#[path = "api_checks.rs"]
mod api_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| api_checks::api(data));
