//! The destination's settings, actions, triggers and calls, beyond the fixture walk.

use serde_json::json;
use sprig_events::destination::{
    parse_settings, route, Action, Destination, IdentifyArgs, Route, Settings, SettingsError,
    SprigCall, Subscription, TrackArgs,
};
use sprig_events::source::{CallType, Integrations};
use sprig_events::{parse_batch, parse_source_event, Error};

#[test]
fn settings_read_and_write_customer_io_json() {
    let settings =
        parse_settings(br#"{"envId":"RpOLQFy3T","debugMode":true,"region":"eu"}"#).unwrap();
    assert_eq!(settings.env_id, "RpOLQFy3T");
    assert!(settings.debug_mode_on());
    assert_eq!(
        serde_json::to_value(&settings).unwrap(),
        json!({"envId": "RpOLQFy3T", "debugMode": true, "region": "eu"})
    );
    let defaults = parse_settings(br#"{"envId":"dev-env"}"#).unwrap();
    assert!(!defaults.debug_mode_on());
    assert_eq!(defaults, Settings::new("dev-env"));
}

#[test]
fn settings_refuse_a_missing_or_blank_env_id() {
    for body in [
        &br#"{"envId":""}"#[..],
        br#"{"envId":"   "}"#,
        br#"{"debugMode":false}"#,
    ] {
        let err = parse_settings(body).unwrap_err();
        assert!(err.to_string().contains("envId"), "{err}");
    }
    let err = parse_settings(br#"{"envId":"x","debugMode":"yes"}"#).unwrap_err();
    assert_eq!(err.path(), Some("debugMode"), "{err}");
    assert_eq!(
        Settings::new(" ").validate(),
        Err(SettingsError::EmptyEnvId)
    );
}

#[test]
fn default_triggers_read_as_customer_io_writes_them() {
    let written: Vec<String> = Action::ALL
        .iter()
        .map(|a| format!("{}: {}", a.title(), a.default_subscribe()))
        .collect();
    assert_eq!(
        written,
        [
            r#"Identify User: type = "identify""#,
            r#"Sign Out User: type = "track" and event = "Signed Out""#,
            r#"Track Event: type = "track" and event != "Signed Out""#,
            r#"Update User ID: type = "alias""#,
        ]
    );
}

#[test]
fn at_most_one_trigger_matches_any_event() {
    for body in [
        r#"{"type":"identify"}"#,
        r#"{"type":"track","event":"Signed Out"}"#,
        r#"{"type":"track","event":"signed out"}"#,
        r#"{"type":"track"}"#,
        r#"{"type":"alias"}"#,
        r#"{"type":"page"}"#,
        r#"{"type":"screen"}"#,
        r#"{"type":"group"}"#,
    ] {
        let event = parse_source_event(body.as_bytes()).unwrap();
        let matching: Vec<Action> = Action::ALL
            .iter()
            .copied()
            .filter(|a| {
                Subscription::parse(a.default_subscribe())
                    .unwrap()
                    .matches_event(&event)
            })
            .collect();
        assert!(matching.len() <= 1, "{body}: {matching:?}");
        assert_eq!(matching.first().copied(), Action::triggered_by(&event));
        assert_eq!(
            matching.first().copied(),
            route(&event).action(),
            "{body}: route names the action that triggers"
        );
    }
    let page = parse_source_event(br#"{"type":"page"}"#).unwrap();
    assert_eq!(page.call_type(), CallType::Page);
    assert_eq!(route(&page), Route::NoAction);
    assert!(Destination::presets().calls(&page).is_empty());
}

#[test]
fn integrations_follow_the_rule() {
    let enables = |json: &str| {
        serde_json::from_str::<Integrations>(json)
            .unwrap()
            .enables("sprig-web")
    };
    assert!(enables("{}"));
    assert!(enables(r#"{"All": false, "sprig-web": true}"#));
    assert!(!enables(r#"{"sprig-web": false}"#));
    assert!(!enables(r#"{"All": false}"#));
    assert!(enables(r#"{"All": false, "sprig-web": {"option": 1}}"#));
    assert!(!enables(r#"{"All": true, "sprig-web": false}"#));
    assert!(enables(r#"{"Sprig-Web": false}"#));
    assert!(!enables(r#"{"All": false, "sprig-web": null}"#));
}

#[test]
fn calls_read_back_from_their_argument_lists() {
    let calls = [
        SprigCall::LogoutUser,
        SprigCall::IdentifyAndSetAttributes(
            IdentifyArgs::default()
                .with_user_id("u1")
                .with_attributes(serde_json::from_str(r#"{"!email":"a@b.c"}"#).unwrap()),
        ),
        SprigCall::IdentifyAndTrack(TrackArgs::new("Order Completed").with_anonymous_id("a1")),
    ];
    for call in calls {
        let text = serde_json::to_string(&call).unwrap();
        assert_eq!(
            serde_json::from_str::<SprigCall>(&text).unwrap(),
            call,
            "{text}"
        );
    }
    for bad in [
        r#"[]"#,
        r#"["dance"]"#,
        r#"["identifyAndTrack"]"#,
        r#"["logoutUser", {}]"#,
    ] {
        assert!(serde_json::from_str::<SprigCall>(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_route_names_the_action_even_when_it_skips() {
    let event = parse_source_event(br#"{"type":"alias","previousId":"old"}"#).unwrap();
    let route = route(&event);
    assert_eq!(route.action(), Some(Action::UpdateUserId));
    assert!(matches!(route, Route::Skipped { .. }));
    assert_eq!(route.into_call(), None);
}

#[test]
fn a_batch_error_names_the_event_and_its_line_in_the_whole_body() {
    let body = "{\"batch\": [\n  {\"type\": \"track\", \"event\": \"A\"},\n  {\"type\": \"track\",\n   \"userId\": {}}\n]}";
    match parse_batch(body.as_bytes()).unwrap_err() {
        Error::Data { path, position, .. } => {
            assert_eq!(path, "batch[1].userId");
            assert_eq!(position.map(|(line, _)| line), Some(4));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn batch_defaults_do_not_override_an_events_own_keys() {
    let events = parse_batch(
        br#"{"context":{"locale":"de-DE"},"integrations":{"All":false},"batch":[
            {"type":"track","event":"A","userId":"u","context":{"locale":"fr-FR"}},
            {"type":"track","event":"B","userId":"u","integrations":{}}]}"#,
    )
    .unwrap();
    let locale = |i: usize| {
        events[i]
            .context()
            .and_then(|c| c.locale.as_ref()?.typed().cloned())
    };
    assert_eq!(locale(0).as_deref(), Some("fr-FR"));
    assert_eq!(locale(1).as_deref(), Some("de-DE"));
    assert_eq!(route(&events[0]), Route::Disabled);
    assert!(matches!(route(&events[1]), Route::Call { .. }));
}

#[test]
fn a_nested_type_before_the_top_level_one_does_not_mislead() {
    let event = parse_source_event(
        br#"{"context":{"device":{"type":"ios"},"referrer":{"type":"page"}},"type":"track","event":"A","userId":"u"}"#,
    )
    .unwrap();
    assert_eq!(event.call_type(), CallType::Track);
}

#[test]
fn a_struct_refuses_a_type_that_is_not_its_own() {
    let err =
        serde_json::from_str::<sprig_events::source::Identify>(r#"{"type":"track"}"#).unwrap_err();
    assert!(err.to_string().contains("type"), "{err}");
}

#[test]
fn scalars_where_strings_belong_are_read_as_text_like_the_reference() {
    let event =
        parse_source_event(br#"{"type":"track","event":5,"userId":1.5,"messageId":7}"#).unwrap();
    assert_eq!(
        serde_json::to_value(sprig_sprig_call(&event)).unwrap(),
        json!(["identifyAndTrack", {"eventName": "5", "userId": "1.5"}])
    );
}

fn sprig_sprig_call(event: &sprig_events::SourceEvent) -> SprigCall {
    sprig_events::destination::sprig_call(event).expect("a call")
}

#[test]
fn one_bad_event_does_not_lose_a_batch_read_event_by_event() {
    let results = sprig_events::source::parse_batch_each(
        br#"{"batch":[{"type":"track","event":"A","userId":"u"},{"type":"nope"},{"type":"alias","userId":"u"}]}"#,
    )
    .unwrap();
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[2].is_ok());
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.path(), Some("batch[1].type"), "{err}");
    assert!(parse_batch(br#"{"batch":[{"type":"nope"}]}"#).is_err());
}

#[test]
fn a_batch_default_replaces_an_events_null_without_writing_the_key_twice() {
    let events = parse_batch(
        br#"{"integrations":{"sprig-web":false},"sentAt":"2024-05-01T10:00:00Z","batch":[
            {"type":"track","event":"A","userId":"u","integrations":null,"sentAt":null}]}"#,
    )
    .unwrap();
    assert_eq!(route(&events[0]), Route::Disabled);
    let text = serde_json::to_string(&events[0]).unwrap();
    assert_eq!(text.matches("\"integrations\"").count(), 1, "{text}");
    assert_eq!(parse_source_event(text.as_bytes()).unwrap(), events[0]);
}
