//! Differential test of `api::CloudDestination` against Segment's "Sprig Cloud (Actions)"
//! itself (`@segment/action-destinations` on `@segment/actions-core`, requests captured with
//! nock), on events recorded by `tests/differential/cloud.sh`.
//!
//! Not part of `cargo test`: run the script, which records the cases and then runs
//! `cargo test --test differential_cloud -- --ignored --nocapture` with `CLOUD_CASES` naming
//! the file.
//!
//! For every event: the bodies `CloudDestination::default().updates_json(&event)` gives must be
//! the bodies the reference POSTs, in order (none where it sends none); where the source model
//! reads the event, `updates(&event)` must give the same; the `authorization` header must be
//! what `AuthScheme::Bearer` writes; where the reference refuses, the first refusal's message
//! must be its message. Bodies are compared byte for byte, both the request's body and
//! `serde_json::to_string(&update)`. Without the `preserve_order` feature keys are written in
//! code-point order, so there bodies equal as JSON values (`serde_json::to_value(&update)`
//! against the reference's body read by serde_json) but not byte for byte are counted apart
//! (the `api` docs explain). Any other disagreement fails the test.

use std::fs;

use serde_json::Value;
use sprig_events::api::{ApiKey, AuthScheme, CloudDestination, CloudOutcome, SprigApi};
use sprig_events::parse_source_event;

#[derive(Default, Debug)]
struct Counts {
    events: usize,
    sent: usize,
    bodies: usize,
    bytes_equal: usize,
    /// Equal as values, not byte for byte: key order, without `preserve_order`.
    value_equal: usize,
    refused: usize,
    nothing: usize,
    /// Events the source model does not read (`updates_json` only).
    unreadable: usize,
    /// Events that are not JSON objects: the reference throws reading `type`, nothing is sent.
    not_objects: usize,
    unexplained: usize,
}

#[test]
#[ignore = "needs the cases recorded by tests/differential/cloud.sh"]
fn cloud_destination_matches_the_reference() {
    let path = std::env::var("CLOUD_CASES").expect("CLOUD_CASES names the recorded cases");
    let text = fs::read_to_string(&path).expect("the cases file reads");
    let cloud = CloudDestination::default();
    let api = SprigApi::new(ApiKey::new("k")).with_auth_scheme(AuthScheme::Bearer);
    let mut counts = Counts::default();
    let mut shown = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("a case is JSON");
        let event_text = case["event"].as_str().expect("event text");
        let event: Value = serde_json::from_str(event_text).expect("the event is JSON");
        let reference: Vec<&str> = case["bodies"]
            .as_array()
            .expect("bodies")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        counts.events += 1;
        let mut problems = Vec::new();

        let ours = cloud.updates_json(&event);
        if ours.len() != reference.len() {
            problems.push(format!(
                "{} bodies here, {} from the reference",
                ours.len(),
                reference.len()
            ));
        }
        for (update, theirs) in ours.iter().zip(&reference) {
            counts.bodies += 1;
            let request = api.upsert(update);
            let body = request.body();
            if request.header("authorization") != case["auth"][0].as_str() {
                problems.push(format!(
                    "authorization {:?}, the reference's {}",
                    request.header("authorization"),
                    case["auth"][0]
                ));
            }
            let serialized = serde_json::to_string(update).expect("an update is JSON");
            if body == theirs.as_bytes() && serialized == *theirs {
                counts.bytes_equal += 1;
                continue;
            }
            // The contract: `to_value(&update)` is the reference's body as JSON reads it.
            let mine = serde_json::to_value(update).expect("an update is JSON");
            let their: Value = serde_json::from_str(theirs).expect("their body is JSON");
            if mine == their && !cfg!(feature = "preserve_order") {
                counts.value_equal += 1;
            } else {
                problems.push(format!(
                    "body {}\n   reference {theirs}",
                    String::from_utf8_lossy(body)
                ));
            }
        }
        match (&case["error"], reference.is_empty()) {
            (Value::String(_), true) if !event.is_object() => counts.not_objects += 1,
            (Value::String(message), _) => {
                counts.refused += 1;
                let refusal =
                    cloud
                        .outcomes_json(&event)
                        .into_iter()
                        .find_map(|o| match o.outcome {
                            CloudOutcome::Refused(why) => Some(why.to_string()),
                            _ => None,
                        });
                if refusal.as_deref() != Some(message.as_str()) {
                    problems.push(format!("refusal {refusal:?}, the reference's {message:?}"));
                }
            }
            (_, true) => counts.nothing += 1,
            (_, false) => counts.sent += 1,
        }
        match parse_source_event(event_text.as_bytes()) {
            Ok(parsed) => {
                let typed = cloud.updates(&parsed);
                let text = |updates: &[_]| serde_json::to_string(updates).unwrap_or_default();
                if typed != ours || text(&typed) != text(&ours) {
                    problems.push(format!(
                        "updates(&SourceEvent) {} differs from updates_json {}",
                        text(&typed),
                        text(&ours)
                    ));
                }
            }
            Err(_) => counts.unreadable += 1,
        }
        if !problems.is_empty() {
            counts.unexplained += 1;
            if shown < 20 {
                shown += 1;
                eprintln!("case {}: {event_text}", case["case"]);
                for problem in &problems {
                    eprintln!("  {problem}");
                }
            }
        }
    }
    eprintln!("{counts:#?}");
    assert!(counts.events > 0, "no cases in {path}");
    assert_eq!(
        counts.unexplained, 0,
        "unexplained disagreements: see above"
    );
}
