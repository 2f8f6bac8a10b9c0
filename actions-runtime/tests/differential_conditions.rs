//! Differential test, crate side: compares the crate's parse, evaluation and `Display` of every
//! condition with what Segment's reference implementation answered for it (recorded by
//! `tests/differential/conditions.mjs`, run by `tests/differential/conditions.sh`).
//!
//! Ignored by default; `conditions.sh` runs it with `SUBSCRIPTION_DIFFERENTIAL` pointing at the
//! recorded answers. Every disagreement is printed, grouped by kind with examples; the test fails
//! if any is not explained. The explained ones are documented in the crate
//! (`actions_runtime::Subscription`, "Known, explained differences"):
//! - the reference's generator throws on an empty group, where `Display` writes `()`;
//! - a path that looks a key up inside a built-in method (`properties.constructor.name`), which
//!   the crate does not model.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use actions_runtime::{EvaluationError, Group, Node, Subscription};
use serde_json::Value;

#[derive(Default)]
struct Tally {
    conditions: usize,
    parsed: usize,
    evaluations: usize,
    matched: usize,
    threw: usize,
    generated: usize,
    explained: BTreeMap<&'static str, (usize, Vec<String>)>,
    unexplained: BTreeMap<&'static str, (usize, Vec<String>)>,
}

impl Tally {
    fn note(&mut self, explained: bool, kind: &'static str, example: impl FnOnce() -> String) {
        let group = if explained {
            &mut self.explained
        } else {
            &mut self.unexplained
        };
        let (count, examples) = group.entry(kind).or_default();
        *count += 1;
        if examples.len() < 8 {
            examples.push(example());
        }
    }
}

fn has_empty_group(group: &Group) -> bool {
    group.children.iter().any(|child| match child {
        Node::EmptyGroup => true,
        Node::Group(g) => has_empty_group(g),
        _ => false,
    })
}

fn show(result: &Result<bool, EvaluationError>) -> String {
    match result {
        Ok(b) => b.to_string(),
        Err(_) => "throw".into(),
    }
}

#[test]
#[ignore = "needs the reference's answers: run tests/differential/conditions.sh"]
fn conditions_agree_with_the_reference() {
    let Ok(path) = std::env::var("SUBSCRIPTION_DIFFERENTIAL") else {
        panic!(
            "set SUBSCRIPTION_DIFFERENTIAL to the file conditions.mjs wrote (conditions.sh does)"
        );
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let events = header["events"].as_array().unwrap();
    let mut tally = Tally::default();

    for line in lines {
        let record: Value = serde_json::from_str(line).unwrap();
        let condition = record["text"].as_str().unwrap();
        tally.conditions += 1;
        let reference_ok = record["ok"].as_bool().unwrap();
        let ours = Subscription::parse(condition);
        match (&ours, reference_ok) {
            (Ok(_), true) => tally.parsed += 1,
            (Err(e), true) => {
                tally.note(false, "the reference parses, the crate does not", || {
                    format!("{condition:?}: {e}")
                });
                continue;
            }
            (Ok(s), false) => {
                tally.note(false, "the crate parses, the reference does not", || {
                    format!("{condition:?} → {s}")
                });
                continue;
            }
            (Err(_), false) => continue,
        }
        let Ok(subscription) = ours else { continue };

        for result in record["results"].as_array().unwrap() {
            let index = result[0].as_u64().unwrap() as usize;
            let inside_method = result.get(2).and_then(Value::as_bool).unwrap_or(false);
            let expected = match &result[1] {
                Value::Bool(b) => Some(*b),
                _ => None, // "throw"
            };
            let event = &events[index];
            let got = subscription.evaluate(event);
            tally.evaluations += 1;
            tally.matched += usize::from(expected == Some(true));
            tally.threw += usize::from(expected.is_none());
            let agrees = match (&got, expected) {
                (Ok(g), Some(e)) => *g == e,
                (Err(_), None) => true,
                _ => false,
            };
            if !agrees {
                let explained = inside_method;
                let kind = if explained {
                    "evaluation: a path looks inside a built-in method (not modelled)"
                } else {
                    "evaluation differs"
                };
                tally.note(explained, kind, || {
                    let reference = expected.map_or("throw".to_owned(), |b| b.to_string());
                    format!(
                        "{condition:?} on event #{index} {event}: reference {reference}, crate {}",
                        show(&got)
                    )
                });
            }
        }

        let ours = subscription.to_string();
        if record["generateThrows"].as_bool().unwrap() {
            let explained = has_empty_group(subscription.root());
            tally.note(
                explained,
                if explained {
                    "generate: the reference throws on an empty group; Display writes ()"
                } else {
                    "generate: the reference throws"
                },
                || format!("{condition:?} → crate {ours:?}"),
            );
        } else {
            tally.generated += 1;
            let reference = record["generated"].as_str().unwrap();
            if reference != ours {
                tally.note(false, "generated text differs", || {
                    format!("{condition:?}: reference {reference:?}, crate {ours:?}")
                });
            }
        }
    }

    let mut report = String::new();
    let _ = writeln!(
        report,
        "conditions: {}, parsed by both: {}, evaluations: {} ({} true, {} throw), texts generated: {}",
        tally.conditions, tally.parsed, tally.evaluations, tally.matched, tally.threw, tally.generated
    );
    for (title, group) in [
        ("explained", &tally.explained),
        ("UNEXPLAINED", &tally.unexplained),
    ] {
        let total: usize = group.values().map(|(n, _)| n).sum();
        let _ = writeln!(report, "{title} disagreements: {total}");
        for (kind, (n, examples)) in group {
            let _ = writeln!(report, "  {kind}: {n}");
            for example in examples {
                let _ = writeln!(report, "    {example}");
            }
        }
    }
    println!("{report}");
    assert!(tally.conditions > 0, "no conditions in {path}");
    assert!(
        tally.unexplained.is_empty(),
        "unexplained disagreements (see above)"
    );
}
