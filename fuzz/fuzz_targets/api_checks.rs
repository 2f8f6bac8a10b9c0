//! What every input to the `api` fuzz target must satisfy. Shared, word for word, by
//! `fuzz_targets/api.rs` and by `tests/fuzz_corpus.rs`, which replays the committed seeds and
//! regressions on stable Rust in CI.
//!
//! Beyond "no panic": nothing is dropped between source events, updates and coalesced
//! requests; each request body is the update's JSON and reads back as the same update; the
//! response readers' output reads back the same.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use sprig_events::api::{
    classify, user_update, ApiKey, Coalescer, Purge, PurgeAccepted, RetryAfter, RetryPolicy,
    SprigApi, SprigUser, UserUpdate,
};
use sprig_events::{parse_batch_each, parse_source_event};

/// The whole API path on whatever the bytes are: source events (a batch's readable events, or
/// one event) → updates → coalesced requests; the bytes as a response; the bytes as ids.
pub fn api(data: &[u8]) {
    let events = match parse_batch_each(data) {
        Ok(results) => results.into_iter().flatten().collect(),
        Err(_) => parse_source_event(data).into_iter().collect::<Vec<_>>(),
    };
    let mut updates = Vec::new();
    for event in &events {
        match user_update(event) {
            Ok(update) => {
                check_update(&update);
                updates.push(update);
            }
            Err(why) => assert!(!why.to_string().is_empty() && !why.code().is_empty()),
        }
    }
    let api = SprigApi::new(ApiKey::new("fuzz-key")).with_base_url("http://127.0.0.1:9");
    for cap in [1, 2, Coalescer::DEFAULT_CAP] {
        check_coalescing(&api, &updates, cap);
    }
    check_response(data);
    check_purge(data);
}

fn check_update(update: &UserUpdate) {
    assert!(!update.user_id().is_empty());
    assert!(update.events().len() <= 1, "one event makes at most one");
    assert!(update
        .attributes()
        .values()
        .all(|v| v.is_string() || v.is_number() || v.is_boolean()));
    for finding in update.findings() {
        assert!(!finding.to_string().is_empty() && !finding.code().is_empty());
    }
    let text = serde_json::to_string(update).expect("an update serializes");
    let back: UserUpdate = serde_json::from_str(&text).expect("an update reads back");
    let mut without_findings = update.clone();
    without_findings.take_findings();
    assert_eq!(back, without_findings, "update → JSON → update changed it");
}

fn check_coalescing(api: &SprigApi, updates: &[UserUpdate], cap: usize) {
    let requests = Coalescer::new(cap).coalesce_indexed(updates.to_vec());
    let events_in: usize = updates.iter().map(|u| u.events().len()).sum();
    let events_out: usize = requests.iter().map(|r| r.update().events().len()).sum();
    assert_eq!(events_in, events_out, "coalescing lost or made events");
    let findings_in: usize = updates.iter().map(|u| u.findings().len()).sum();
    let findings_out: usize = requests.iter().map(|r| r.update().findings().len()).sum();
    assert_eq!(
        findings_in, findings_out,
        "coalescing lost or made findings"
    );

    // Every input is carried, in order, by requests of its own user.
    let mut carried: Vec<usize> = requests.iter().flat_map(|r| r.inputs().to_vec()).collect();
    carried.sort_unstable();
    carried.dedup();
    assert_eq!(carried, (0..updates.len()).collect::<Vec<_>>());
    for request in &requests {
        assert!(request.update().events().len() <= cap);
        assert!(request.inputs().windows(2).all(|w| w[0] < w[1]));
        for &input in request.inputs() {
            assert_eq!(updates[input].user_id(), request.update().user_id());
        }
    }
    // Users in the order of their first update, each user's requests together.
    let mut first_seen: Vec<&str> = Vec::new();
    for update in updates {
        if !first_seen.contains(&update.user_id()) {
            first_seen.push(update.user_id());
        }
    }
    let mut in_requests: Vec<&str> = requests.iter().map(|r| r.update().user_id()).collect();
    in_requests.dedup();
    assert_eq!(in_requests, first_seen);
    // Per user, events come out in the order they went in.
    let mut per_user: HashMap<&str, Vec<&sprig_events::api::Event>> = HashMap::new();
    for update in updates {
        per_user
            .entry(update.user_id())
            .or_default()
            .extend(update.events());
    }
    for (user, events) in per_user {
        let out: Vec<&sprig_events::api::Event> = requests
            .iter()
            .filter(|r| r.update().user_id() == user)
            .flat_map(|r| r.update().events())
            .collect();
        assert_eq!(out, events, "events of {user:?} out of order");
    }

    for request in &requests {
        let built = api.upsert(request.update());
        let body: serde_json::Value =
            serde_json::from_slice(built.body()).expect("a request body is JSON");
        assert_eq!(body, serde_json::to_value(request.update()).unwrap());
        let back: UserUpdate = serde_json::from_value(body).expect("a request body reads back");
        assert_eq!(back.events(), request.update().events());
        built
            .into_http()
            .expect("an upsert converts into an http request");
        if let Ok(read) = api.read_user(request.update().user_id()) {
            read.into_http()
                .expect("a percent-encoded user id makes a valid URI");
        }
    }
}

/// The bytes as a response: the first two as the status, the text as `Retry-After`, the
/// whole as the body.
fn check_response(data: &[u8]) {
    let status = u16::from_le_bytes([
        data.first().copied().unwrap_or(0),
        data.get(1).copied().unwrap_or(0),
    ]);
    let text = String::from_utf8_lossy(data);
    let outcome = classify(status, [("Retry-After", data)], data);
    assert!(!outcome.to_string().is_empty());
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    if let Some(after) = RetryAfter::parse(&text) {
        let policy = RetryPolicy::default();
        let _ = policy.next_delay(1, Some(&after), now, u64::from(status));
        let _ = after.delay_from(now);
    }
    let _ = RetryPolicy::new(
        u32::from(status),
        Duration::from_nanos(u64::from(status)),
        Duration::MAX,
    )
    .next_delay(u32::from(status) / 2, None, now, u64::MAX);

    if let Ok(user) = SprigUser::from_body(data) {
        let text = serde_json::to_vec(&user).expect("a read user serializes");
        assert_eq!(SprigUser::from_body(&text).expect("and reads back"), user);
    }
    if let Ok(accepted) = PurgeAccepted::from_body(data) {
        let text = serde_json::to_vec(&accepted).expect("a purge answer serializes");
        assert_eq!(
            PurgeAccepted::from_body(&text).expect("and reads back"),
            accepted
        );
    }
}

/// The bytes' lines as ids of all three kinds: every id in exactly one chunk, in order.
fn check_purge(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let ids: Vec<&str> = text.split('\n').collect();
    let third = ids.len() / 3;
    let purge = Purge::new()
        .emails(ids[..third].iter().copied())
        .user_ids(ids[third..2 * third].iter().copied())
        .visitor_ids(ids[2 * third..].iter().copied());
    let chunks = purge.chunks();
    assert!(chunks
        .iter()
        .all(|c| !c.is_empty() && c.len() <= Purge::CHUNK));
    let out: Vec<&str> = chunks
        .iter()
        .flat_map(|c| c.emails().iter().chain(c.user_ids()).chain(c.visitor_ids()))
        .map(String::as_str)
        .collect();
    assert_eq!(out, ids);
}
