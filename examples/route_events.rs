//! Route Customer.io source events through the Sprig destination and print what Sprig gets.
//!
//! ```text
//! cargo run --example route_events                    # an embedded batch of every call type
//! cargo run --example route_events -- events.json     # one event or a {"batch": [...]}
//! cargo run --example route_events -- - < events.json # standard input
//! ```
//!
//! For each event: the action its default trigger picks, then the Sprig SDK call as JSON or
//! why nothing is sent, then what breaks the source spec or Sprig's rules. Exits 1 when the
//! input does not parse.

use std::io::Read;
use std::process::ExitCode;

use sprig_events::destination::{route, Limits, Route};
use sprig_events::{parse_batch, parse_source_event, SourceEvent};

const SAMPLE: &str = include_str!("../fixtures/source/batch_mixed_events.json");

fn main() -> ExitCode {
    let body = match read_input(std::env::args().nth(1).as_deref()) {
        Ok(body) => body,
        Err(e) => {
            eprintln!("cannot read the input: {e}");
            return ExitCode::FAILURE;
        }
    };
    let is_batch = serde_json::from_slice::<serde_json::Value>(&body)
        .is_ok_and(|value| value.get("batch").is_some());
    let events = if is_batch {
        parse_batch(&body)
    } else {
        parse_source_event(&body).map(|event| vec![event])
    };
    match events {
        Ok(events) => {
            for (i, event) in events.iter().enumerate() {
                print_event(i, event);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("invalid event: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read_input(source: Option<&str>) -> std::io::Result<Vec<u8>> {
    match source {
        None => Ok(SAMPLE.as_bytes().to_vec()),
        Some("-") => {
            let mut body = Vec::new();
            std::io::stdin().read_to_end(&mut body)?;
            Ok(body)
        }
        Some(path) => std::fs::read(path),
    }
}

fn print_event(index: usize, event: &SourceEvent) {
    let label = match event {
        SourceEvent::Track(track) => format!("track {:?}", track.event.as_deref().unwrap_or("")),
        other => other.call_type().to_string(),
    };
    println!("#{index} {label}");
    match route(event) {
        Route::Call { action, call } => {
            println!(
                "  {}: Sprig{}",
                action.title(),
                serde_json::to_string(&call).unwrap_or_default()
            );
            for finding in call.check(&Limits::default()) {
                println!("  ! Sprig rule: {finding}");
            }
        }
        Route::Skipped { action, reason } => {
            println!("  {}: skipped, {reason}", action.title())
        }
        Route::Disabled => println!("  not sent: integrations turn sprig-web off"),
        Route::NoAction => println!("  not sent: no action triggers on {}", event.call_type()),
        other => println!("  {other:?}"),
    }
    for finding in event.validate() {
        println!("  ! spec: {finding}");
    }
}
