//! What every input to the `cloud` fuzz target must satisfy: the Segment-compatible path
//! (`CloudDestination`) holds the strict path's invariants. Shared by `fuzz_targets/cloud.rs`
//! and `tests/fuzz_cloud.rs` (which replays `fuzz/seeds/api/` and the cloud fixtures).
//!
//! Nothing panics; every update has a user id and serializes, its request body is its JSON,
//! and the JSON reads back (findings aside); typed and raw-JSON paths agree; coalescing loses
//! no event and no attribute key.

use serde_json::Value;
use sprig_events::api::{ApiKey, CloudDestination, Coalescer, SprigApi, UserUpdate};
use sprig_events::{parse_batch_each, parse_source_event};

pub fn cloud(data: &[u8]) {
    let cloud = CloudDestination::default();
    let events = match parse_batch_each(data) {
        Ok(results) => results.into_iter().flatten().collect(),
        Err(_) => parse_source_event(data).into_iter().collect::<Vec<_>>(),
    };
    let api = SprigApi::new(ApiKey::new("fuzz-key"));
    let mut updates = Vec::new();
    for event in &events {
        for outcome in cloud.outcomes(event) {
            assert!(!outcome.outcome.to_string().is_empty());
        }
        let typed = cloud.updates(event);
        let raw = serde_json::to_value(event).expect("an event serializes");
        assert_eq!(
            cloud.updates_json(&raw),
            typed,
            "typed and JSON paths differ"
        );
        for update in &typed {
            check_update(&api, update);
        }
        updates.extend(typed);
    }
    if let Ok(raw) = serde_json::from_slice::<Value>(data) {
        for update in cloud.updates_json(&raw) {
            check_update(&api, &update);
        }
    }
    for cap in [1, 2, Coalescer::DEFAULT_CAP] {
        let requests = Coalescer::new(cap).coalesce(updates.clone());
        let events_in: usize = updates.iter().map(|u| u.events().len()).sum();
        let events_out: usize = requests.iter().map(|u| u.events().len()).sum();
        assert_eq!(events_in, events_out, "coalescing lost events");
        for update in &updates {
            for key in update.attributes().keys() {
                assert!(
                    requests.iter().any(
                        |r| r.user_id() == update.user_id() && r.attributes().contains_key(key)
                    ),
                    "coalescing lost attribute {key}"
                );
            }
        }
        for request in &requests {
            assert!(request.events().len() <= cap);
            check_update(&api, request);
        }
    }
}

fn check_update(api: &SprigApi, update: &UserUpdate) {
    assert!(!update.user_id().is_empty());
    for finding in update.findings() {
        assert!(!finding.to_string().is_empty() && !finding.code().is_empty());
    }
    let text = serde_json::to_vec(update).expect("an update serializes");
    assert_eq!(
        api.upsert(update).body(),
        text,
        "the writer and Serialize differ"
    );
    let back: UserUpdate = serde_json::from_slice(&text).expect("an update reads back");
    assert_eq!(back.user_id(), update.user_id());
    assert_eq!(back.events(), update.events());
    assert_eq!(back.attributes(), update.attributes());
}
