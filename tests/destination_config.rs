//! The destination as a workspace configured it: reading a configuration, its errors, routing
//! through custom triggers and mappings, and writing it back.

use serde_json::{json, Value};
use sprig_events::destination::{
    route, sprig_call, Action, ActionConfig, Destination, Mapping, Outcome, Route, SkipReason,
    Subscription,
};
use sprig_events::{parse_batch, parse_source_event, SourceEvent};

const CUSTOM: &str = include_str!("../fixtures/destination/custom_destination.json");

fn custom() -> Destination {
    Destination::from_json(CUSTOM.as_bytes()).unwrap()
}

fn event(json: Value) -> SourceEvent {
    parse_source_event(json.to_string().as_bytes()).unwrap()
}

/// Each action's outcome as `name: outcome`, for snapshots and comparisons.
fn outcomes(destination: &Destination, event: &SourceEvent) -> Vec<String> {
    destination
        .route(event)
        .iter()
        .map(|routed| format!("{}: {}", routed.config.name(), routed.outcome))
        .collect()
}

#[test]
fn the_default_destination_holds_the_four_presets() {
    let destination = Destination::default();
    let kinds: Vec<_> = destination
        .actions()
        .iter()
        .map(ActionConfig::action)
        .collect();
    assert_eq!(kinds, Action::ALL);
    for config in destination.actions() {
        assert!(config.is_enabled());
        assert_eq!(config.name(), config.action().title());
        assert_eq!(config.subscribe_text(), config.action().default_subscribe());
        assert_eq!(
            *config.mapping().as_json(),
            config.action().default_mapping()
        );
    }
    assert!(destination.settings().is_none());
    assert!(destination
        .lint()
        .iter()
        .all(|warning| warning.lint.code() == "not_equals_matches_missing"));
}

#[test]
fn the_default_destination_routes_every_source_fixture_as_route_does() {
    let destination = Destination::default();
    let events = fixture_events();
    assert!(events.len() > 50, "only {} events", events.len());
    for (name, event) in &events {
        assert_eq!(
            destination.calls(event),
            sprig_call(event).into_iter().collect::<Vec<_>>(),
            "{name}"
        );
        assert_same_route(&destination, event, name);
    }
}

/// `Destination::route` on the presets says what `route` says, action by action.
fn assert_same_route(destination: &Destination, event: &SourceEvent, name: &str) {
    let routed = destination.route(event);
    let expected: Vec<Outcome> = Action::ALL
        .iter()
        .copied()
        .map(|action| match route(event) {
            Route::Disabled => Outcome::DestinationOff,
            Route::Call { action: a, call } if a == action => Outcome::Call(call),
            Route::Skipped { action: a, reason } if a == action => Outcome::Skipped(reason),
            _ => Outcome::NotTriggered,
        })
        .collect();
    let got: Vec<Outcome> = routed.into_iter().map(|r| r.outcome).collect();
    assert_eq!(got, expected, "{name}");
}

#[test]
fn a_custom_destination_routes_the_mixed_batch() {
    let destination = custom();
    let batch = parse_batch(include_bytes!("../fixtures/source/batch_mixed_events.json")).unwrap();
    let report: Vec<Vec<String>> = batch.iter().map(|e| outcomes(&destination, e)).collect();
    insta::assert_json_snapshot!(report);
}

#[test]
fn several_actions_may_fire_for_one_event_in_configuration_order() {
    let destination = custom();
    let order = event(json!({
        "type": "track", "event": "Order Completed", "userId": "u1",
        "properties": {"plan": "pro", "total": 30}
    }));
    let expected = json!([
        ["identifyAndTrack", {"eventName": "Order Completed (pro)", "userId": "u1",
            "properties": {"plan": "pro", "total": 30, "source": "customer.io"}}],
        ["identifyAndTrack", {"eventName": "order completed", "userId": "u1"}]
    ]);
    let calls = serde_json::to_value(destination.calls(&order)).unwrap();
    assert_eq!(calls, expected);
    // Given up, the event makes the same two calls, the second from the event itself.
    let owned = serde_json::to_value(destination.into_calls(order)).unwrap();
    assert_eq!(owned, expected);
}

#[test]
fn a_custom_mapping_reads_context_traits_when_the_event_has_none() {
    let destination = custom();
    let page = event(json!({
        "type": "page", "userId": "u2",
        "context": {"traits": {"email": "a@b.c", "plan": "team"}}
    }));
    let calls = serde_json::to_value(destination.calls(&page)).unwrap();
    assert_eq!(
        calls,
        json!([["identifyAndSetAttributes",
            {"userId": "u2", "attributes": {"!email": "a@b.c", "plan": "team"}}]])
    );
}

#[test]
fn disabled_actions_and_integrations_are_reported() {
    let destination = custom();
    let alias = event(json!({"type": "alias", "userId": "u1", "previousId": "a1"}));
    let routed = destination.route(&alias);
    assert_eq!(routed.len(), destination.actions().len());
    assert_eq!(routed[4].outcome, Outcome::ActionDisabled);
    assert!(routed[..4]
        .iter()
        .all(|r| r.outcome == Outcome::NotTriggered));

    let off =
        event(json!({"type": "identify", "userId": "u1", "integrations": {"sprig-web": false}}));
    assert!(destination
        .route(&off)
        .iter()
        .all(|r| r.outcome == Outcome::DestinationOff));
    assert!(destination.calls(&off).is_empty());
}

#[test]
fn a_mapped_payload_is_checked_against_the_action_fields() {
    let track = |mapping: Value| {
        Destination::new(None).with_action(ActionConfig::new(
            "t",
            Action::TrackEvent,
            Subscription::parse(r#"type = "track""#).unwrap(),
            Mapping::new(mapping).unwrap(),
        ))
    };
    let order =
        event(json!({"type": "track", "event": "Paid", "userId": 42, "properties": {"n": 1}}));
    let outcome = |mapping: Value| track(mapping).route(&order)[0].outcome.clone();

    // Text fields take numbers and booleans as their text, and a one-element array as its item.
    assert_eq!(
        outcome(json!({"name": {"@path": "$.properties.n"}, "userId": [true]})),
        Outcome::Call(
            serde_json::from_value(json!(["identifyAndTrack",
            {"eventName": "1", "userId": "true"}]))
            .unwrap()
        )
    );
    assert_eq!(
        outcome(json!({"name": "x", "userId": {"@path": "$.properties"}})),
        Outcome::Skipped(SkipReason::NotAString { field: "userId" })
    );
    assert_eq!(
        outcome(json!({"name": "x", "properties": {"@path": "$.event"}})),
        Outcome::Skipped(SkipReason::NotAnObject {
            field: "properties"
        })
    );
    // `""` and null at the top level are absent, so the required name is missing.
    assert_eq!(
        outcome(json!({"name": ""})),
        Outcome::Skipped(SkipReason::NoEventName)
    );
    assert_eq!(
        outcome(json!({"name": null})),
        Outcome::Skipped(SkipReason::NoEventName)
    );
    // A root directive that resolves to text is not a payload.
    assert_eq!(
        outcome(json!({"@path": "$.event"})),
        Outcome::Skipped(SkipReason::PayloadNotAnObject)
    );
}

#[test]
fn a_mapping_that_fails_on_an_event_is_reported() {
    let destination = Destination::new(None).with_action(ActionConfig::new(
        "t",
        Action::TrackEvent,
        Subscription::parse(r#"type = "track""#).unwrap(),
        Mapping::new(json!({"name": {"@path": {"@path": "$.properties"}}})).unwrap(),
    ));
    let order = event(json!({"type": "track", "event": "Paid", "properties": {"n": 1}}));
    let routed = destination.route(&order);
    let Outcome::MappingFailed(error) = &routed[0].outcome else {
        panic!("{:?}", routed[0].outcome)
    };
    assert!(error.to_string().contains("@path"), "{error}");
    assert!(destination.calls(&order).is_empty());
}

#[test]
fn configuration_errors_name_the_action_and_the_field() {
    let err = |config: Value| Destination::from_value(config).unwrap_err();
    let action = |extra: Value| {
        let mut action =
            json!({"name": "Pro", "partnerAction": "trackEvent", "subscribe": "type = \"track\""});
        action
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"actions": [{"partnerAction": "signoutUser", "subscribe": "type = \"track\""}, action]})
    };

    let e = err(action(json!({"subscribe": "type * \"track\""})));
    assert_eq!(e.path(), Some("actions[1].subscribe"), "{e}");
    assert!(e.to_string().contains("\"Pro\""), "{e}");

    let e = err(action(
        json!({"mapping": {"oops": {"@merge": {"objects": 1, "direction": "up"}}}}),
    ));
    assert_eq!(e.path(), Some("actions[1].mapping"), "{e}");
    assert!(e.to_string().contains("/oops/@merge"), "{e}");

    let e = err(action(
        json!({"mapping": {"x": {"@liquid": "{{ event }}"}}}),
    ));
    assert!(e.to_string().contains("@liquid"), "{e}");

    let e = err(action(json!({"partnerAction": "identify"})));
    assert_eq!(e.path(), Some("actions[1].partnerAction"), "{e}");

    let e = err(action(json!({"enabled": "yes"})));
    assert_eq!(e.path(), Some("actions[1].enabled"), "{e}");

    let e = err(json!({"actions": [{"partnerAction": "trackEvent"}]}));
    assert!(e.to_string().contains("subscribe"), "{e}");

    let e = err(json!({"settings": {"envId": " "}, "actions": []}));
    assert_eq!(e.path(), Some("settings.envId"), "{e}");

    let e = Destination::from_json(b"{\"actions\": [}").unwrap_err();
    assert!(e.to_string().contains("line 1 column"), "{e}");
}

#[test]
fn a_configuration_is_written_back_with_nothing_lost() {
    let destination = custom();
    let written = serde_json::to_value(&destination).unwrap();
    let mut original: Value = serde_json::from_str(CUSTOM).unwrap();
    // Defaults the configuration left out are written explicitly.
    for action in original["actions"].as_array_mut().unwrap() {
        action
            .as_object_mut()
            .unwrap()
            .entry("enabled")
            .or_insert(json!(true));
    }
    assert_eq!(written, original);
    assert_eq!(Destination::from_value(written).unwrap(), destination);
}

#[test]
fn lint_warnings_name_the_action() {
    let destination = custom();
    let warnings: Vec<(String, &str)> = destination
        .lint()
        .iter()
        .map(|w| (w.config.name().to_owned(), w.lint.code()))
        .collect();
    assert!(
        warnings.iter().any(|(name, _)| name == "Orders"),
        "the and/or mix in Orders is flagged: {warnings:?}"
    );
}

/// Every source fixture's events, batches included.
fn fixture_events() -> Vec<(String, SourceEvent)> {
    let mut events = Vec::new();
    for entry in std::fs::read_dir("fixtures/source").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.ends_with(".expect.json") {
            continue;
        }
        let body = std::fs::read(&path).unwrap();
        let parsed = parse_batch(&body)
            .or_else(|_| parse_source_event(&body).map(|event| vec![event]))
            .unwrap_or_default();
        events.extend(parsed.into_iter().map(|event| (name.clone(), event)));
    }
    events
}

/// `calls` skips the actions that cannot fire before asking them: it must still give exactly
/// the calls among `route`'s outcomes, whatever the triggers, with actions switched off and
/// actions added one by one.
#[test]
fn calls_are_the_calls_among_the_outcomes() {
    let untyped = ActionConfig::new(
        "Any event named Home",
        Action::IdentifyUser,
        Subscription::parse(r#"name = "Home" or userId = "u1""#).unwrap(),
        Mapping::new(json!({"userId": {"@path": "$.userId"}})).unwrap(),
    );
    let off = ActionConfig::new(
        "Off",
        Action::TrackEvent,
        Subscription::parse(r#"type = "track""#).unwrap(),
        Mapping::new(Action::TrackEvent.default_mapping()).unwrap(),
    )
    .with_enabled(false);
    let no_type = ActionConfig::new(
        "Never",
        Action::SignOutUser,
        Subscription::parse(r#"type = "track" and type = "page""#).unwrap(),
        Mapping::new(json!({})).unwrap(),
    );
    // A custom action ahead of the presets: for an event both fire on, the preset, last, takes
    // the event given up to `into_calls`.
    let untyped_first = Destination::default().actions().iter().cloned().fold(
        Destination::new(None).with_action(untyped.clone()),
        Destination::with_action,
    );
    let built = Destination::default()
        .with_action(untyped)
        .with_action(off)
        .with_action(no_type);
    let mut events = fixture_events();
    assert!(events.len() > 50, "only {} events", events.len());
    for extra in [
        json!({"type": "page", "name": "Home", "anonymousId": "a1"}),
        json!({"type": "screen", "name": "Settings", "userId": "u1"}),
        json!({"type": "group", "groupId": "g1", "userId": "u1"}),
    ] {
        events.push((extra.to_string(), event(extra)));
    }
    let mut fired = 0;
    for destination in [Destination::default(), custom(), built, untyped_first] {
        for (name, event) in &events {
            let from_outcomes: Vec<_> = destination
                .route(event)
                .into_iter()
                .filter_map(|routed| match routed.outcome {
                    Outcome::Call(call) => Some(call),
                    _ => None,
                })
                .collect();
            fired += from_outcomes.len();
            assert_eq!(destination.calls(event), from_outcomes, "{name}");
            let owned = destination.into_calls(event.clone());
            assert_eq!(owned, from_outcomes, "into_calls: {name}");
            assert_eq!(
                serde_json::to_string(&owned).unwrap(),
                serde_json::to_string(&from_outcomes).unwrap(),
                "into_calls as text: {name}"
            );
        }
    }
    assert!(fired > 100, "only {fired} calls");
}
