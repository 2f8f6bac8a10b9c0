//! `context`, `properties` and `traits` are kept as their text until read (`source::Lazy`):
//! what is written back, what equality compares, what an edit does, and that parsing refuses
//! what reading them at once refuses.

use serde_json::{json, Value};
use sprig_events::destination::{into_route, route, Route, SprigCall, TrackArgs};
use sprig_events::source::{Context, LazyContext, LazyObject, LazyValue, Loose, SourceEvent};
use sprig_events::{parse_batch, parse_source_event};

const BODY: &str = r#"{"type": "track", "event": "Opened", "userId": "u1",
  "context": { "ip": "203.0.113.7",  "locale": "fr-FR", "app": {"name": "Northwind", "build": 42}, "custom": [1, 2] }}"#;

fn context(event: &SourceEvent) -> &LazyContext {
    event.lazy_context().expect("the event has a context")
}

fn context_text(written: &str) -> &str {
    let start = written.find(r#""context":"#).unwrap() + r#""context":"#.len();
    &written[start..written.rfind('}').unwrap()]
}

#[test]
fn an_untouched_context_is_written_as_it_came() {
    let event = parse_source_event(BODY.as_bytes()).unwrap();
    let written = serde_json::to_string(&event).unwrap();
    let original = &BODY[BODY.find("{ \"ip\"").unwrap()..BODY.rfind('}').unwrap()];
    assert_eq!(context_text(&written), original);
    assert_eq!(context(&event).raw(), Some(original));
}

#[test]
fn a_read_context_is_what_an_eager_read_gives_and_is_still_written_as_it_came() {
    let event = parse_source_event(BODY.as_bytes()).unwrap();
    let typed = event.context().unwrap();
    let eager: Context = serde_json::from_value(json!(
        {"ip": "203.0.113.7", "locale": "fr-FR", "app": {"name": "Northwind", "build": 42}, "custom": [1, 2]}
    ))
    .unwrap();
    assert_eq!(typed, &eager);
    assert_eq!(
        typed.ip.as_ref().and_then(Loose::typed).map(String::as_str),
        Some("203.0.113.7")
    );
    assert_eq!(typed.extra.get("custom"), Some(&json!([1, 2])));
    let written = serde_json::to_string(&event).unwrap();
    assert!(
        written.contains(r#"{ "ip": "203.0.113.7",  "locale""#),
        "{written}"
    );
}

#[test]
fn an_edited_context_is_written_edited() {
    let mut event = parse_source_event(BODY.as_bytes()).unwrap();
    let SourceEvent::Track(track) = &mut event else {
        panic!("a track")
    };
    let Loose::Typed(context) = track.context.as_mut().unwrap().get_mut() else {
        panic!("an object")
    };
    context.locale = Some(Loose::Typed("de-DE".to_owned()));
    assert_eq!(track.context.as_ref().unwrap().raw(), None);
    let written: Value = serde_json::to_value(&event).unwrap();
    assert_eq!(
        written["context"],
        json!({"ip": "203.0.113.7", "locale": "de-DE", "app": {"name": "Northwind", "build": 42}, "custom": [1, 2]})
    );
    assert_eq!(written["event"], json!("Opened"));
}

#[test]
fn equality_compares_values_not_white_space() {
    let compact = BODY.replace("  ", "").replace(", ", ",").replace(": ", ":");
    let a = parse_source_event(BODY.as_bytes()).unwrap();
    let b = parse_source_event(compact.as_bytes()).unwrap();
    assert_ne!(context(&a).raw(), context(&b).raw());
    assert_eq!(a, b);
    let other = parse_source_event(BODY.replace("fr-FR", "fr-CA").as_bytes()).unwrap();
    assert_ne!(a, other);
}

/// A key given twice keeps its last value, as JavaScript's `JSON.parse` (and serde_json's tree)
/// reads it, at any depth of the context; the text is written back as it came while untouched.
#[test]
fn a_repeated_known_key_keeps_its_last_value() {
    let text = r#"{"ip": "a", "locale": "en", "app": {"name": "x", "name": "y"}, "ip": "b"}"#;
    let body = format!(r#"{{"type": "track", "event": "x", "userId": "u", "context": {text}}}"#);
    let event = parse_source_event(body.as_bytes()).unwrap();
    let Loose::Typed(read) = context(&event).get() else {
        panic!("{:?}", context(&event).get())
    };
    assert_eq!(read.ip, Some(Loose::Typed("b".to_owned())));
    let app = read.app.as_ref().and_then(Loose::typed).unwrap();
    assert_eq!(app.name, Some(Loose::Typed("y".to_owned())));
    assert!(event.context().is_some());
    assert!(event.validate().is_empty(), "{:?}", event.validate());
    // serde_json's tree of the same text: the later value, at the key's first place.
    let expected: Value = serde_json::from_str(text).unwrap();
    assert_eq!(
        serde_json::to_value(context(&event).get()).unwrap(),
        expected
    );
    assert!(serde_json::to_string(&event).unwrap().contains(text));
}

/// Where each part is kept as its text (`true`), or read at once because every route reads it
/// (a track's `properties` are kept: Track Event passes their text on unread).
const PARTS: [(&str, &str, bool); 5] = [
    ("track", "context", true),
    ("page", "properties", true),
    ("group", "traits", true),
    ("track", "properties", true),
    ("identify", "traits", false),
];

/// A `call` event with `part` holding `value` (`{"k": value}` when `inside`).
fn with_part(call: &str, part: &str, value: &str, inside: bool) -> String {
    let value = if inside {
        format!(r#"{{"k": {value}}}"#)
    } else {
        value.to_owned()
    };
    format!(
        r#"{{"type": "{call}", "event": "x", "userId": "u1", "groupId": "g1", "{part}": {value}, "channel": "server"}}"#
    )
}

/// The event's parse is held to serde_json reading the whole text as a value: the same
/// acceptance; the error of a part kept as text names it, the error of one read at once is
/// serde_json's, with its line and column.
fn refused_as_a_whole_read_refuses(body: &str, part: &str, kept: bool) {
    let whole = serde_json::from_str::<Value>(body);
    let ours = parse_source_event(body.as_bytes());
    assert_eq!(ours.is_ok(), whole.is_ok(), "{body}: {ours:?}");
    if let (Err(error), Err(whole)) = (&ours, &whole) {
        let error = error.to_string();
        if kept {
            assert!(error.starts_with(part), "{body}: {error}");
        } else {
            assert!(error.ends_with(&whole.to_string()), "{body}: {error}");
        }
    }
    // In a batch, as the batch's own context or an event's part.
    let batch = format!(r#"{{"batch": [{body}]}}"#);
    assert_eq!(
        parse_batch(batch.as_bytes()).is_ok(),
        whole.is_ok(),
        "{batch}"
    );
    if part == "context" {
        let outer = format!(
            r#"{{"batch": [{{"type": "track", "event": "x"}}], "context": {{"k": {body}}}}}"#
        );
        let whole = serde_json::from_str::<Value>(&outer).is_ok();
        assert_eq!(parse_batch(outer.as_bytes()).is_ok(), whole, "{outer}");
    }
}

#[test]
fn nesting_is_refused_where_reading_the_whole_event_refuses_it() {
    for depth in 120..135 {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        for (call, part, kept) in PARTS {
            for inside in [false, true] {
                let body = with_part(call, part, &nested, inside);
                refused_as_a_whole_read_refuses(&body, part, kept);
            }
        }
    }
}

/// serde_json checks only the form of a number it skips, so a part kept as text is checked
/// for numbers out of the double range, which reading it at once refuses.
#[test]
fn numbers_out_of_range_are_refused_where_reading_the_whole_event_refuses_them() {
    let digits = |n: usize| format!("1{}", "0".repeat(n - 1));
    let numbers = [
        "1e400".to_owned(),
        "-1e400".to_owned(),
        "1E+309".to_owned(),
        "1.8e308".to_owned(),
        "1.7976931348623157e308".to_owned(),
        "1e308".to_owned(),
        "1e-400".to_owned(),
        "0e999999".to_owned(),
        digits(300),
        digits(309),
        digits(310),
        format!("-{}", digits(400)),
        format!("{}.5e-100", digits(400)),
        r#""1e400""#.to_owned(),
        r#"["x1e999", 2]"#.to_owned(),
    ];
    let (mut refused, mut read) = (0, 0);
    for number in &numbers {
        for (call, part, kept) in PARTS {
            for value in [number.clone(), format!("[1, {{\"n\": {number}}}]")] {
                for inside in [false, true] {
                    let body = with_part(call, part, &value, inside);
                    refused_as_a_whole_read_refuses(&body, part, kept);
                    match serde_json::from_str::<Value>(&body) {
                        Ok(_) => read += 1,
                        Err(_) => refused += 1,
                    }
                }
            }
        }
    }
    // Both kinds are met.
    assert!(
        refused > 100 && read > 100,
        "{refused} refused, {read} read"
    );
}

/// A skip checks only the form of a `\u` escape; a lone surrogate, which a Rust string cannot
/// hold, is refused in a part kept as text as reading it at once refuses it, and a pair is read.
#[test]
fn lone_surrogates_are_refused_where_reading_the_whole_event_refuses_them() {
    let strings = [
        r#""\ud800""#,
        r#""x\uDFFFy""#,
        r#""\udbff\u0041""#,
        r#""\ud83d\ude00""#,
        r#""\\ud800""#,
        r#""\u00e9 \/ \"""#,
    ];
    let mut refused = 0;
    for string in strings {
        for (call, part, kept) in PARTS {
            for value in [string.to_owned(), format!(r#"{{{string}: [1, {string}]}}"#)] {
                // Long enough for the serde_json read of a declined body to read it whole too.
                let long = format!(r#"{{"pad": "{}", "v": {value}}}"#, "p".repeat(300));
                for value in [&value, &long] {
                    let body = with_part(call, part, value, true);
                    refused_as_a_whole_read_refuses(&body, part, kept);
                    refused += usize::from(serde_json::from_str::<Value>(&body).is_err());
                }
            }
        }
    }
    assert!(refused > 0 && refused < strings.len() * 20, "{refused}");
}

/// A part's value, whichever call holds it.
fn part<'a>(event: &'a mut SourceEvent, name: &str) -> &'a mut LazyValue {
    match (event, name) {
        (SourceEvent::Track(e), "properties") => e.properties.as_mut(),
        (SourceEvent::Page(e), "properties") => e.properties.as_mut(),
        (SourceEvent::Identify(e), "traits") => e.traits.as_mut(),
        (SourceEvent::Group(e), "traits") => e.traits.as_mut(),
        (other, _) => panic!("{other:?}"),
    }
    .unwrap()
}

#[test]
fn properties_and_traits_read_as_an_eager_read_and_are_written_as_they_came_until_edited() {
    let text = r#"{ "plan":  "pro", "n": 1e2, "list": [1, {"a": null}], "u": "\u00e9" }"#;
    let eager: Value = serde_json::from_str(text).unwrap();
    for (call, name, kept) in PARTS.into_iter().filter(|(_, part, _)| *part != "context") {
        let body = with_part(call, name, text, false);
        let mut event = parse_source_event(body.as_bytes()).unwrap();
        let written = serde_json::to_string(&event).unwrap();
        let lazy = part(&mut event, name);
        assert_eq!(lazy.get(), &eager, "{call}");
        if kept {
            // Untouched or read, written as it came.
            assert_eq!(lazy.raw(), Some(text), "{call}");
            assert!(
                written.contains(&format!(r#""{name}":{text}"#)),
                "{written}"
            );
        } else {
            assert_eq!(lazy.raw(), None, "{call}");
            assert!(
                written.contains(&format!(r#""{name}":{eager}"#)),
                "{written}"
            );
        }
        // Equality compares values: the same event with its part spaced otherwise.
        let compact = with_part(call, name, &eager.to_string(), false);
        assert_eq!(parse_source_event(compact.as_bytes()).unwrap(), event);
        // Edited, the edited value is written.
        let mut edited = event.clone();
        let lazy = part(&mut edited, name);
        lazy.get_mut()["plan"] = json!("team");
        assert_eq!(lazy.raw(), None);
        let written: Value =
            serde_json::from_str(&serde_json::to_string(&edited).unwrap()).unwrap();
        let mut expected = eager.clone();
        expected["plan"] = json!("team");
        assert_eq!(written[name], expected);
        assert_ne!(edited, event);
    }
}

#[test]
fn a_batch_context_is_given_as_it_came_to_events_without_one() {
    let body = br#"{"context": {"locale":  "ja-JP"}, "batch": [
        {"type": "track", "event": "a"},
        {"type": "track", "event": "b", "context": null},
        {"type": "track", "event": "c", "context": {"locale": "en"}}
    ]}"#;
    let events = parse_batch(body).unwrap();
    let locales: Vec<Option<String>> = events
        .iter()
        .map(|e| {
            e.context()
                .and_then(|c| c.locale.as_ref()?.typed().cloned())
        })
        .collect();
    assert_eq!(
        locales,
        [
            Some("ja-JP".into()),
            Some("ja-JP".into()),
            Some("en".into())
        ]
    );
    assert_eq!(context(&events[0]).raw(), Some(r#"{"locale":  "ja-JP"}"#));
}

/// `to_value`, the way to another format, writes a part kept as text as its value, not as the
/// private struct serde_json writes a `RawValue` as.
#[test]
fn to_value_writes_a_part_kept_as_text_as_its_value() {
    let body = r#"{"type": "page", "name": "Pricing", "properties": {"plan":  "pro", "seats": [1, 2.5]}, "context": {"ip": "203.0.113.7"}}"#;
    let event = parse_source_event(body.as_bytes()).unwrap();
    let written = serde_json::to_value(&event).unwrap();
    let whole: Value = serde_json::from_str(body).unwrap();
    assert_eq!(written["properties"], whole["properties"]);
    assert_eq!(written["context"], whole["context"]);
}

/// The `properties` of the Track Event call a track makes, by both routes.
fn track_properties(body: &str) -> [Option<LazyObject>; 2] {
    let event = parse_source_event(body.as_bytes()).unwrap();
    let properties = |route: Route| match route.into_call() {
        Some(SprigCall::IdentifyAndTrack(args)) => args.properties,
        other => panic!("{body}: {other:?}"),
    };
    [properties(route(&event)), properties(into_route(event))]
}

#[test]
fn track_event_passes_the_properties_text_on_as_it_came() {
    let text = r#"{ "plan":  "pro", "n": 1e2, "list": [1, {"a": null}], "u": "\u00e9" }"#;
    let eager: Value = serde_json::from_str(text).unwrap();
    let body = with_part("track", "properties", text, false);
    for properties in track_properties(&body) {
        let properties = properties.expect("an object is passed on");
        assert_eq!(properties.raw(), Some(text));
        assert_eq!(&Value::Object(properties.get().clone()), &eager);
        // Written as it came, and equal to the same object given as a map.
        let call = SprigCall::IdentifyAndTrack(
            TrackArgs::new("x")
                .with_user_id("u1")
                .with_properties(eager.as_object().unwrap().clone()),
        );
        let mut args = TrackArgs::new("x").with_user_id("u1");
        args.properties = Some(properties);
        let ours = SprigCall::IdentifyAndTrack(args);
        assert_eq!(ours, call);
        let written = serde_json::to_string(&ours).unwrap();
        assert!(
            written.ends_with(&format!(r#""properties":{text}}}]"#)),
            "{written}"
        );
        assert_eq!(
            serde_json::to_value(&ours).unwrap(),
            serde_json::to_value(&call).unwrap()
        );
        // Read back, the same call.
        assert_eq!(serde_json::from_str::<SprigCall>(&written).unwrap(), call);
    }
    // Read first (as a trigger on `properties` would), still the text.
    let mut event = parse_source_event(body.as_bytes()).unwrap();
    assert_eq!(part(&mut event, "properties").get(), &eager);
    let Route::Call {
        call: SprigCall::IdentifyAndTrack(args),
        ..
    } = into_route(event)
    else {
        panic!("a call");
    };
    assert_eq!(
        args.properties.as_ref().and_then(LazyObject::raw),
        Some(text)
    );
    // Edited, the edited object.
    let mut event = parse_source_event(body.as_bytes()).unwrap();
    part(&mut event, "properties").get_mut()["plan"] = json!("team");
    for properties in [route(&event), into_route(event)].map(|route| match route.into_call() {
        Some(SprigCall::IdentifyAndTrack(args)) => args.properties.unwrap(),
        other => panic!("{other:?}"),
    }) {
        assert_eq!(properties.raw(), None);
        assert_eq!(properties.get().get("plan"), Some(&json!("team")));
    }
}

#[test]
fn track_event_passes_on_objects_only() {
    // Absent or null: no properties; another value: the action sends nothing.
    for text in ["null", "{}", "[1]", r#""text""#, "3", "true"] {
        let body = with_part("track", "properties", text, false);
        let event = parse_source_event(body.as_bytes()).unwrap();
        let routed = route(&event);
        match text {
            "null" => assert_eq!(track_properties(&body), [None, None]),
            "{}" => {
                let [borrowed, owned] = track_properties(&body);
                assert_eq!(borrowed.as_ref().and_then(LazyObject::raw), Some("{}"));
                assert_eq!(owned.as_ref().and_then(LazyObject::raw), Some("{}"));
            }
            _ => {
                assert_eq!(routed.into_call(), None, "{text}");
                assert_eq!(into_route(event).into_call(), None, "{text}");
            }
        }
    }
    // Read as a call's argument, properties must be an object (or null, read as none), from
    // text, from a JSON tree, and through serde's buffering (an untagged enum).
    let args: TrackArgs =
        serde_json::from_str(r#"{"eventName": "x", "properties": null}"#).unwrap();
    assert_eq!(args.properties, None);
    for text in ["[1]", r#""text""#, "3", "true"] {
        let args = format!(r#"{{"eventName": "x", "properties": {text}}}"#);
        let error = serde_json::from_str::<TrackArgs>(&args)
            .unwrap_err()
            .to_string();
        assert!(error.contains("expected a map"), "{text}: {error}");
        let tree: Value = serde_json::from_str(&args).unwrap();
        assert!(serde_json::from_value::<TrackArgs>(tree).is_err(), "{text}");
    }
    let expected = SprigCall::IdentifyAndTrack(
        TrackArgs::new("x").with_properties(json!({"a": 1}).as_object().unwrap().clone()),
    );
    let call = json!(["identifyAndTrack", {"eventName": "x", "properties": {"a": 1}}]);
    assert_eq!(
        serde_json::from_str::<SprigCall>(&call.to_string()).unwrap(),
        expected
    );
    assert_eq!(
        serde_json::from_value::<SprigCall>(call.clone()).unwrap(),
        expected
    );
    #[derive(Debug, serde::Deserialize)]
    #[serde(untagged)]
    enum Message {
        Call(SprigCall),
        Other(Value),
    }
    match serde_json::from_value::<Message>(call).unwrap() {
        Message::Call(call) => assert_eq!(call, expected),
        Message::Other(other) => panic!("read as another message: {other}"),
    }
}
