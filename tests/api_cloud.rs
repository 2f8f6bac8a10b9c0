//! The Segment-compatible path (`api::CloudDestination`) on the fixtures of
//! `fixtures/api/cloud/`: each `<name>.json` is a source event and `<name>.expect.json` says
//! what the default destination (the reference's presets) does with it — `bodies`, the bodies
//! sent, in order; `texts`, where given, their exact bytes (keys in JavaScript's order need
//! the `preserve_order` feature); `findings`, their codes; `refused`, the reference's message
//! when it throws.
//! `tests/differential/cloud.sh` checks the same fixtures against the reference itself.

use std::fs;
use std::path::Path;

use serde_json::Value;
use sprig_events::api::{coalesce, ApiKey, AuthScheme, CloudDestination, CloudOutcome, SprigApi};
use sprig_events::parse_source_event;

#[test]
fn every_fixture_is_what_the_reference_does() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/api/cloud");
    let cloud = CloudDestination::default();
    let api = SprigApi::new(ApiKey::new("k")).with_auth_scheme(AuthScheme::Bearer);
    let mut seen = 0;
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json") && !name.ends_with(".expect.json"))
        .collect();
    names.sort();
    for name in names {
        let event_text = fs::read(dir.join(&name)).unwrap();
        let expect: Value = serde_json::from_slice(
            &fs::read(dir.join(name.replace(".json", ".expect.json"))).unwrap(),
        )
        .unwrap();
        let event = parse_source_event(&event_text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let updates = cloud.updates(&event);
        let bodies: Vec<Value> = updates
            .iter()
            .map(|u| serde_json::to_value(u).unwrap())
            .collect();
        assert_eq!(Value::from(bodies), expect["bodies"], "{name}: bodies");
        if let (Some(texts), true) = (expect.get("texts"), cfg!(feature = "preserve_order")) {
            let ours: Vec<String> = updates
                .iter()
                .map(|u| serde_json::to_string(u).unwrap())
                .collect();
            assert_eq!(Value::from(ours), *texts, "{name}: bytes");
        }
        for update in &updates {
            // The writer and `Serialize` agree byte for byte.
            assert_eq!(
                api.upsert(update).body(),
                serde_json::to_vec(update).unwrap(),
                "{name}"
            );
        }
        let findings: Vec<&str> = updates
            .iter()
            .flat_map(|u| u.findings())
            .map(|f| f.code())
            .collect();
        assert_eq!(
            Value::from(findings),
            expect["findings"],
            "{name}: findings"
        );
        let refused = cloud
            .outcomes(&event)
            .into_iter()
            .find_map(|o| match o.outcome {
                CloudOutcome::Refused(why) => Some(why.to_string()),
                _ => None,
            });
        assert_eq!(
            refused.as_deref(),
            expect["refused"].as_str(),
            "{name}: refusal"
        );
        // Typed and raw JSON agree.
        let raw: Value = serde_json::from_slice(&event_text).unwrap();
        assert_eq!(cloud.updates_json(&raw), updates, "{name}: updates_json");
        seen += 1;
    }
    assert!(seen >= 20, "only {seen} fixtures");
}

#[test]
fn cloud_updates_coalesce_like_any_other() {
    let cloud = CloudDestination::default();
    let events = sprig_events::parse_batch(
        br#"{"batch": [
        {"type": "identify", "userId": "u1", "traits": {}},
        {"type": "track", "userId": "u1", "event": "A", "timestamp": "nope"},
        {"type": "screen", "userId": "u1", "name": "Home", "timestamp": "2024-10-30"}
    ]}"#,
    )
    .unwrap();
    let updates: Vec<_> = events.iter().flat_map(|e| cloud.updates(e)).collect();
    let requests = coalesce(updates);
    assert_eq!(
        serde_json::to_string(&requests).unwrap(),
        r#"[{"userId":"u1","attributes":{},"events":[{"event":"A","timestamp":null},{"event":"Home","timestamp":1730246400000}]}]"#
    );
}

#[test]
fn a_configuration_error_names_its_path() {
    let error = CloudDestination::from_json(
        br#"{"actions": [{"partnerAction": "trackEvent", "subscribe": "type = \"track\"",
             "mapping": {"eventName": {"@path": 5}}}]}"#,
    )
    .unwrap_err();
    assert!(
        error.to_string().starts_with("actions[0].mapping"),
        "{error}"
    );
    let error = CloudDestination::from_json(
        br#"{"actions": [{"partnerAction": "updateUserId", "subscribe": "type = \"alias\""}]}"#,
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("identifyUser or trackEvent"),
        "{error}"
    );
    let cloud = CloudDestination::from_json(
        br#"{"settings": {"apiKey": "secret"}, "actions": [{"partnerAction": "identifyUser", "subscribe": "type = \"identify\"", "enabled": false}]}"#,
    )
    .unwrap();
    assert_eq!(cloud.api_key().map(ApiKey::expose), Some("secret"));
    assert!(!format!("{cloud:?}").contains("secret"));
    assert_eq!(cloud.actions()[0].name(), "Identify User");
}
