//! Differential test of `Mapping` against the reference runtime's own `transform`
//! (`@segment/actions-core`), on cases recorded by `tests/differential/mappings.sh`.
//!
//! Not part of `cargo test`: run the script, which records the cases and then runs
//! `cargo test --release --test differential_mappings -- --ignored --nocapture` with
//! `MAPPING_CASES` naming the file.
//!
//! Values are compared exactly, numbers as the doubles JavaScript holds (this crate keeps an
//! event's `1.0` as written; the reference has `1`). Error messages are compared exactly: a
//! validation problem as its `Display` (the reference's `/path message.`), a run-time problem
//! as its message. Disagreements that the mapping module's docs explain are counted apart;
//! any other fails the test.

use std::collections::BTreeMap;
use std::fs;

use actions_runtime::{Mapping, MappingError, Problem, ProblemKind};
use serde_json::Value;

/// What one side made of a case.
#[derive(Debug)]
enum Outcome {
    Value(Value),
    Undefined,
    Error(Vec<String>),
}

fn expected(record: &Value) -> Outcome {
    let expect = &record["expect"];
    if let Some(messages) = expect.get("error").and_then(Value::as_array) {
        return Outcome::Error(
            messages
                .iter()
                .map(|m| m.as_str().unwrap_or_default().to_owned())
                .collect(),
        );
    }
    if expect.get("undefined").is_some() {
        return Outcome::Undefined;
    }
    Outcome::Value(expect["value"].clone())
}

/// A problem as the reference words it.
fn reference_text(problem: &Problem) -> String {
    match problem.kind() {
        ProblemKind::Evaluation => problem.message().to_owned(),
        _ => problem.to_string(),
    }
}

fn messages(error: &MappingError) -> Vec<String> {
    error.problems().iter().map(reference_text).collect()
}

/// Equality as JavaScript sees JSON: numbers are doubles.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|other| same(v, other)))
        }
        _ => a == b,
    }
}

/// Why the two sides differ, when the docs say why.
const EXPLAINED_LIQUID: &str = "explained: @liquid is not supported by this crate";
const EXPLAINED_SURROGATE: &str =
    "explained: half a surrogate pair (which a Rust string cannot hold) is U+FFFD";
const EXPLAINED_ORDER: &str =
    "explained: the mapping is validated before any event, so its problem comes first";

fn classify(record: &Value) -> Result<(), (&'static str, String)> {
    let mapping = record["mapping"].clone();
    let event = &record["event"];
    let want = expected(record);
    let got = match Mapping::new(mapping) {
        Err(err) if err.kind() == ProblemKind::Unsupported => {
            return Err((EXPLAINED_LIQUID, err.to_string()));
        }
        Err(err) => {
            let got = messages(&err);
            return match &want {
                Outcome::Error(want) if *want == got => Ok(()),
                Outcome::Error(want)
                    if !event.is_object()
                        && want.len() == 1
                        && want[0].starts_with("data must be an object") =>
                {
                    Err((EXPLAINED_ORDER, format!("{got:?}")))
                }
                Outcome::Error(_) => Err(("different error at validation", format!("{got:?}"))),
                _ => Err(("refused a mapping the reference runs", format!("{got:?}"))),
            };
        }
        Ok(mapping) => match mapping.apply(event) {
            Ok(Some(value)) => Outcome::Value(value),
            Ok(None) => Outcome::Undefined,
            Err(err) => Outcome::Error(messages(&err)),
        },
    };
    match (&want, &got) {
        (Outcome::Value(a), Outcome::Value(b)) if same(a, b) => Ok(()),
        (Outcome::Undefined, Outcome::Undefined) => Ok(()),
        (Outcome::Error(a), Outcome::Error(b)) if a == b => Ok(()),
        (Outcome::Value(_), Outcome::Value(_)) => Err(("different value", format!("{got:?}"))),
        (Outcome::Error(_), Outcome::Error(_)) => {
            Err(("different error when applied", format!("{got:?}")))
        }
        (Outcome::Error(_), _) => Err(("ran where the reference fails", format!("{got:?}"))),
        (_, Outcome::Error(_)) => Err(("failed where the reference runs", format!("{got:?}"))),
        _ => Err(("undefined on one side only", format!("{got:?}"))),
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 600;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let cut = (0..=MAX)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    format!("{}…", &text[..cut])
}

#[test]
#[ignore = "needs the reference's recorded cases: run tests/differential/mappings.sh"]
fn mappings_agree_with_the_reference() {
    let path = std::env::var("MAPPING_CASES")
        .expect("MAPPING_CASES names the JSON lines file mappings.sh records");
    let text = fs::read_to_string(&path).expect("the cases file is readable");
    let mut total = 0usize;
    let mut outcomes: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut disagreements: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let record: Value = serde_json::from_str(line).expect("each line is JSON");
        total += 1;
        let kind = match expected(&record) {
            Outcome::Value(_) => "value",
            Outcome::Undefined => "undefined",
            Outcome::Error(messages) if messages.first().is_some_and(|m| m.starts_with('/')) => {
                "validation error"
            }
            Outcome::Error(_) => "run-time error",
        };
        *outcomes.entry(kind).or_default() += 1;
        let verdict = match classify(&record) {
            // The recorder put U+FFFD where the reference made half a surrogate pair.
            Ok(()) if record.get("loneSurrogate").is_some() => Err((
                EXPLAINED_SURROGATE,
                "agrees once U+FFFD stands in".to_owned(),
            )),
            other => other,
        };
        if let Err((kind, got)) = verdict {
            disagreements.entry(kind).or_default().push(format!(
                "case {}\n      mapping: {}\n      event:   {}\n      expected: {}\n      got:      {}",
                record["case"],
                shorten(&record["mapping"].to_string()),
                shorten(&record["event"].to_string()),
                shorten(&record["expect"].to_string()),
                shorten(&got),
            ));
        }
    }
    assert!(total > 0, "no cases in {path}");

    let mut unexplained = 0usize;
    for (kind, cases) in &disagreements {
        println!("\n== {kind}: {} case(s)", cases.len());
        for example in cases.iter().take(3) {
            println!("   - {example}");
        }
        if !kind.starts_with("explained") {
            unexplained += cases.len();
        }
    }
    let explained: usize = disagreements
        .iter()
        .filter(|(k, _)| k.starts_with("explained"))
        .map(|(_, v)| v.len())
        .sum();
    println!("\n== summary");
    println!("   cases: {total}");
    for (kind, n) in &outcomes {
        println!("   reference {kind}: {n}");
    }
    println!("   agree: {}", total - explained - unexplained);
    println!("   explained disagreements: {explained}");
    println!("   unexplained disagreements: {unexplained}");
    assert_eq!(
        unexplained, 0,
        "unexplained disagreements with the reference"
    );
}
