//! `context` is kept as its text until read (`source::LazyContext`): what is written back, what
//! equality compares, what an edit does, and that parsing refuses what it refused before.

use serde_json::{json, Value};
use sprig_events::source::{Context, LazyContext, Loose, SourceEvent};
use sprig_events::{parse_batch, parse_source_event};

const BODY: &str = r#"{"type": "track", "event": "Opened", "userId": "u1",
  "context": { "ip": "203.0.113.7",  "locale": "fr-FR", "app": {"name": "Northwind", "build": 42}, "custom": [1, 2] }}"#;

fn context(event: &SourceEvent) -> &LazyContext {
    let SourceEvent::Track(track) = event else {
        panic!("a track")
    };
    track.context.as_ref().unwrap()
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

#[test]
fn a_repeated_known_key_is_kept_as_it_came() {
    let body =
        br#"{"type": "track", "event": "x", "context": {"ip": "a", "locale": "en", "ip": "b"}}"#;
    let event = parse_source_event(body).unwrap();
    let read = context(&event).get();
    // serde_json's reading of the same text: the later value, at the key's first place.
    let expected: Value =
        serde_json::from_str(r#"{"ip": "a", "locale": "en", "ip": "b"}"#).unwrap();
    assert_eq!(read, &Loose::Other(expected));
    assert_eq!(event.context(), None);
    assert!(serde_json::to_string(&event)
        .unwrap()
        .contains(r#"{"ip": "a", "locale": "en", "ip": "b"}"#));
}

#[test]
fn nesting_is_refused_where_reading_the_whole_event_refuses_it() {
    for depth in 120..135 {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        for body in [
            format!(r#"{{"type": "track", "event": "x", "context": {nested}}}"#),
            format!(r#"{{"type": "track", "event": "x", "context": {{"k": {nested}}}}}"#),
        ] {
            let whole = serde_json::from_str::<Value>(&body).is_ok();
            let ours = parse_source_event(body.as_bytes());
            assert_eq!(ours.is_ok(), whole, "depth {depth}: {ours:?}");
            if let Err(error) = ours {
                assert!(error.to_string().starts_with("context"), "{error}");
            }
        }
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
