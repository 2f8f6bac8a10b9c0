//! What every fuzz input must satisfy. Shared, word for word, by the fuzz targets
//! (`fuzz_targets/*.rs`) and by `tests/fuzz_corpus.rs`, which replays the committed seeds and
//! regressions on stable Rust in CI.
//!
//! Beyond "no panic": whatever parses must serialize, and its canonical output must parse to
//! the same value.

use sprig_events::destination::{into_route, parse_settings, route, sprig_call, Limits};
use sprig_events::source::Loose;
use sprig_events::{parse_batch, parse_source_event, parse_webhook, verify_bearer, SourceEvent};

/// `parse_webhook`, and the canonical form's stability.
pub fn webhook(data: &[u8]) {
    #[cfg(fuzzing)]
    agree(sprig_events::fuzzing::webhook_readers_agree(data));
    let Ok(event) = parse_webhook(data) else {
        return;
    };
    let canonical = serde_json::to_vec(&event).expect("a parsed event serializes");
    let again = parse_webhook(&canonical).expect("canonical output parses");
    assert_eq!(again, event, "parse → serialize → parse changed the event");
    let tree: serde_json::Value = serde_json::from_slice(data).expect("it parsed, so it is JSON");
    let via_tree: sprig_events::WebhookEvent =
        serde_json::from_value(tree).expect("Deserialize agrees with parse_webhook");
    assert_eq!(via_tree, event, "Deserialize and parse_webhook disagree");
}

/// `parse_source_event` and `parse_batch`, routing, validation and Sprig's rules.
pub fn source_events(data: &[u8]) {
    #[cfg(fuzzing)]
    agree(sprig_events::fuzzing::source_readers_agree(data));
    let single = parse_source_event(data).map(|event| vec![event]);
    let batch = parse_batch(data);
    if let Ok(events) = &single {
        // The parts kept as text were checked as a whole read checks them: the event reads as
        // a JSON tree (numbers in the double range, no lone surrogate, nesting within
        // serde_json's limit), and each part read is that tree's. (Not a batch: it skips the
        // keys it does not know, and reads each event at its own depth.)
        let tree: serde_json::Value =
            serde_json::from_slice(data).expect("it parsed, so it reads as a JSON tree");
        for event in events {
            for (name, part) in open_parts(event) {
                assert_eq!(
                    Some(part),
                    tree.get(name),
                    "{name} read otherwise than whole"
                );
            }
            if let Some(context) = event.lazy_context() {
                let read_as_null = matches!(context.get(), Loose::Other(serde_json::Value::Null));
                assert_eq!(
                    read_as_null,
                    tree.get("context").is_some_and(serde_json::Value::is_null),
                    "context read as null"
                );
            }
        }
    }
    for events in [single, batch].into_iter().flatten() {
        for event in &events {
            let _ = event.validate();
            let routed = route(event);
            assert_eq!(routed.clone().into_call(), sprig_call(event));
            let owned = into_route(event.clone());
            assert_eq!(owned, routed, "into_route parts from route");
            // A map's equality ignores key order; the text does not.
            assert_eq!(
                serde_json::to_string(&owned.into_call()).expect("a call serializes"),
                serde_json::to_string(&routed.clone().into_call()).expect("a call serializes"),
                "into_route orders the call's keys as route does"
            );
            if let Some(call) = routed.into_call() {
                let _ = call.check(&Limits::default());
                let text = serde_json::to_string(&call).expect("a call serializes");
                let back: sprig_events::destination::SprigCall =
                    serde_json::from_str(&text).expect("a call reads back");
                assert_eq!(back, call);
            }
            let canonical = serde_json::to_vec(event).expect("an event serializes");
            let again = parse_source_event(&canonical).expect("canonical output parses");
            assert_eq!(&again, event, "parse → serialize → parse changed the event");
        }
    }
}

/// The `properties` and `traits` an event holds, read.
fn open_parts(event: &SourceEvent) -> Vec<(&'static str, &serde_json::Value)> {
    let (properties, traits) = match event {
        SourceEvent::Track(e) => (e.properties.as_ref(), None),
        SourceEvent::Page(e) => (e.properties.as_ref(), None),
        SourceEvent::Screen(e) => (e.properties.as_ref(), None),
        SourceEvent::Identify(e) => (None, e.traits.as_ref()),
        SourceEvent::Group(e) => (None, e.traits.as_ref()),
        _ => (None, None),
    };
    [("properties", properties), ("traits", traits)]
        .into_iter()
        .filter_map(|(name, part)| Some((name, part?.get())))
        .collect()
}

/// The crate's results with its fast reader and with serde_json's alone are the same (under
/// cargo-fuzz only: `cargo test` replays the seeds through the crate's own test of this).
#[cfg(fuzzing)]
fn agree(outcome: Result<(), String>) {
    if let Err(disagreement) = outcome {
        panic!("the fast reader and serde_json disagree: {disagreement}");
    }
}

/// `verify_bearer`: the input is `header \n secret`.
pub fn bearer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (header, secret) = text.split_once('\n').unwrap_or((&text, ""));
    let accepted = verify_bearer(Some(header), secret).is_ok();
    // Written apart from the crate's parser: a case-insensitive scheme, spaces, the exact token.
    let token = header
        .get(..6)
        .filter(|scheme| scheme.eq_ignore_ascii_case("bearer"))
        .and_then(|_| header.get(6..))
        .filter(|rest| rest.starts_with(' '))
        .map(|rest| rest.trim_start_matches(' '));
    let expected = !secret.is_empty() && token == Some(secret);
    assert_eq!(accepted, expected, "header {header:?}, secret {secret:?}");
    assert!(verify_bearer(Some(header), "").is_err());
}

/// `parse_settings`, and its round trip.
pub fn settings(data: &[u8]) {
    let Ok(settings) = parse_settings(data) else {
        return;
    };
    assert!(!settings.env_id.trim().is_empty());
    let text = serde_json::to_vec(&settings).expect("settings serialize");
    assert_eq!(
        parse_settings(&text).expect("canonical settings parse"),
        settings
    );
}

/// Conditions, mappings and a whole configuration from one input: the first line is a trigger,
/// the second a mapping, the rest an event; the whole input is also read as a configuration.
/// The runtime alone, on the `destination` corpus's layout (condition, mapping, event, one per
/// line): a condition answers alike on the JSON value and on its object through `Event`;
/// written back, it parses; a mapping's result passes or fails the field checks without panic.
pub fn runtime(data: &[u8]) {
    use actions_runtime::schema::{check, Field};
    use actions_runtime::{Mapping, Subscription};

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.splitn(3, '\n');
    let (condition, mapping, event) = (
        lines.next().unwrap_or(""),
        lines.next().unwrap_or(""),
        lines.next().unwrap_or(""),
    );
    let event: serde_json::Value = serde_json::from_str(event).unwrap_or_default();
    if let Ok(subscription) = Subscription::parse(condition) {
        let matches = subscription.matches(&event);
        if let Some(object) = event.as_object() {
            assert_eq!(subscription.matches_event(object), matches, "{condition:?}");
        }
        let _ = Subscription::parse(&subscription.to_string());
    }
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(mapping) {
        if let Ok(mapping) = Mapping::new(json) {
            if let Ok(Some(out)) = mapping.apply(&event) {
                const FIELDS: &[Field] = &[
                    Field::string("userId").required(),
                    Field::object("attributes"),
                    Field::string("name"),
                ];
                let _ = check(&out, FIELDS);
            }
        }
    }
}

pub fn destination(data: &[u8]) {
    use sprig_events::destination::{Destination, Mapping, Subscription};

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.splitn(3, '\n');
    let (condition, mapping, event) = (
        lines.next().unwrap_or(""),
        lines.next().unwrap_or(""),
        lines.next().unwrap_or(""),
    );
    let event: serde_json::Value = serde_json::from_str(event).unwrap_or_default();
    if let Ok(subscription) = Subscription::parse(condition) {
        let _ = subscription.matches(&event);
        for lint in subscription.lint() {
            if let Some(span) = lint.span() {
                assert!(
                    condition.get(span.clone()).is_some(),
                    "lint span {span:?} in {condition:?}"
                );
            }
        }
        let written = subscription.to_string();
        let _ = Subscription::parse(&written);
        if let Ok(parsed) = sprig_events::parse_source_event(event.to_string().as_bytes()) {
            // Numeric ids are text in the typed model, so compare with the model's own JSON.
            let json = serde_json::to_value(&parsed).unwrap();
            assert_eq!(
                subscription.matches_event(&parsed),
                subscription.matches(&json)
            );
        }
    }
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(mapping) {
        if let Ok(mapping) = Mapping::new(json) {
            if let Ok(Some(out)) = mapping.apply(&event) {
                serde_json::to_string(&out).unwrap();
            }
        }
    }
    if let Ok(destination) = Destination::from_json(data) {
        let again = serde_json::to_vec(&destination).unwrap();
        assert_eq!(Destination::from_json(&again).unwrap(), destination);
        let _ = destination.route_json(&event);
        if let Ok(parsed) = sprig_events::parse_source_event(event.to_string().as_bytes()) {
            // `calls` skips the actions whose call type cannot fire: it must still give the
            // calls among `route`'s outcomes.
            let from_outcomes: Vec<_> = destination
                .route(&parsed)
                .into_iter()
                .filter_map(|routed| routed.outcome.call().cloned())
                .collect();
            let calls = destination.calls(&parsed);
            assert_eq!(calls, from_outcomes);
            let mut extended = Vec::new();
            destination.extend_calls(&parsed, &mut extended);
            assert_eq!(extended, calls);
        }
    }
}

/// `parse_responses`: every answer reads and displays, the page writes back to the same value,
/// `Deserialize` agrees, and the pager and the reconcile helper take any page.
pub fn export(data: &[u8]) {
    use sprig_events::api::ApiKey;
    use sprig_events::export::{parse_responses, ExportApi, ReceivedAnswers, ResponsesQuery};

    let Ok(page) = parse_responses(data) else {
        return;
    };
    for response in &page.data {
        let answer = response.answer();
        let _ = answer.to_string();
        let _ = answer.nps_category();
    }
    let canonical = serde_json::to_vec(&page).expect("a parsed page serializes");
    let again = parse_responses(&canonical).expect("canonical output parses");
    assert_eq!(again, page, "parse → serialize → parse changed the page");
    let tree: serde_json::Value = serde_json::from_slice(data).expect("it parsed, so it is JSON");
    let via_tree: sprig_events::export::ResponsesPage =
        serde_json::from_value(tree).expect("Deserialize agrees with parse_responses");
    assert_eq!(via_tree, page, "Deserialize and parse_responses disagree");
    let missing = ReceivedAnswers::new().missing(&page);
    assert!(missing.len() <= page.data.len());
    let mut pager = ExportApi::new(ApiKey::new("k")).responses_pager(ResponsesQuery::new());
    if let Some(next) = pager.next_request(&page) {
        assert!(next.url().contains("cursor="));
    }
}
