//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use serde_json::Value;

/// The `*.json` files directly in `fixtures/<dir>`, sorted.
pub fn fixtures(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| !p.to_string_lossy().ends_with(".expect.json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", root.display());
    files
}

pub fn name(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Assert that `out` (the re-serialized payload) carries everything `original` had.
///
/// Allowed differences are exactly the canonical form's: stringified JSON decoded, numeric
/// strings as numbers, integer ids as strings, the same instant written in another RFC 3339
/// form, and `""` for a stringified-JSON field (or an answer)
/// written as an absent key. Anything else, above all a key that went missing,
/// fails with the path where it happened.
pub fn assert_lossless(fixture: &str, original: &Value, out: &Value) {
    if let Err(at) = lossless(original, out, String::new()) {
        panic!(
            "{fixture}: re-serialized JSON differs at `{at}`\noriginal: {original:#}\nout: {out:#}"
        );
    }
}

/// Keys whose `""` value is read as no value.
const EMPTY_MEANS_NONE: [&str; 5] = [
    "response",
    "customMetadata",
    "attributes",
    "eventProperties",
    "selectedIndexes",
];

fn lossless(original: &Value, out: &Value, at: String) -> Result<(), String> {
    match (original, out) {
        (a, b) if a == b => Ok(()),
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{at}.{key}");
                match b.get(key) {
                    Some(v) => lossless(value, v, here)?,
                    // `""` where JSON (or an answer) belongs means none, as null does.
                    None if value == "" && EMPTY_MEANS_NONE.contains(&key.as_str()) => {}
                    None => return Err(here),
                }
            }
            match b.keys().find(|k| !a.contains_key(*k)) {
                Some(added) => Err(format!("{at}.{added} (added)")),
                None => Ok(()),
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                lossless(x, y, format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        // An integer id written as its digits (`"userId": 42` → `"42"`).
        (Value::Number(a), Value::String(b)) if a.is_u64() && a.to_string() == *b => Ok(()),
        (Value::String(s), other) => {
            if let Ok(decoded) = serde_json::from_str::<Value>(s) {
                if lossless(&decoded, other, at.clone()).is_ok() {
                    return Ok(());
                }
            }
            let same_instant = match (DateTime::parse_from_rfc3339(s), other.as_str()) {
                (Ok(a), Some(b)) => DateTime::parse_from_rfc3339(b).is_ok_and(|b| a == b),
                _ => false,
            };
            if same_instant {
                Ok(())
            } else {
                Err(at)
            }
        }
        _ => Err(at),
    }
}
