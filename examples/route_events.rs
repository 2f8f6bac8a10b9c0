//! Route Customer.io source events through the Sprig destination and print what Sprig gets.
//!
//! ```text
//! cargo run --example route_events                    # an embedded batch of every call type
//! cargo run --example route_events -- events.json     # one event or a {"batch": [...]}
//! cargo run --example route_events -- - < events.json # standard input
//! cargo run --example route_events -- --config fixtures/destination/custom_destination.json
//! ```
//!
//! For each event: the action its default trigger picks, then the Sprig SDK call as JSON or
//! why nothing is sent, then what breaks the source spec or Sprig's rules. With `--config`, the
//! destination is the one that file configures: its triggers' lint warnings first, then per
//! event every action's outcome in configuration order. Exits 1 when an input does not parse.

use std::io::Read;
use std::process::ExitCode;

use sprig_events::destination::{route, Destination, Limits, Route};
use sprig_events::{parse_batch, parse_source_event, SourceEvent};

const SAMPLE: &str = include_str!("../fixtures/source/batch_mixed_events.json");

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let destination = match args.iter().position(|arg| arg == "--config") {
        None => None,
        Some(at) => {
            let path = args.get(at + 1).cloned();
            args.drain(at..(at + 2).min(args.len()));
            match path.map(|path| std::fs::read(&path).map(|body| (path, body))) {
                Some(Ok((path, body))) => match Destination::from_json(&body) {
                    Ok(destination) => Some(destination),
                    Err(e) => {
                        eprintln!("{path}: invalid configuration: {e}");
                        return ExitCode::FAILURE;
                    }
                },
                Some(Err(e)) => {
                    eprintln!("cannot read the configuration: {e}");
                    return ExitCode::FAILURE;
                }
                None => {
                    eprintln!("--config needs a file");
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    if let Some(destination) = &destination {
        for warning in destination.lint() {
            println!("! trigger of {warning}");
        }
    }
    let body = match read_input(args.first().map(String::as_str)) {
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
                match &destination {
                    None => print_event(i, event),
                    Some(destination) => print_configured(i, event, destination),
                }
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

fn label(event: &SourceEvent) -> String {
    match event {
        SourceEvent::Track(track) => format!("track {:?}", track.event.as_deref().unwrap_or("")),
        other => other.call_type().to_string(),
    }
}

fn print_configured(index: usize, event: &SourceEvent, destination: &Destination) {
    println!("#{index} {}", label(event));
    for routed in destination.route(event) {
        println!("  {}: {}", routed.config.name(), routed.outcome);
        for finding in routed
            .outcome
            .call()
            .map(|call| call.check(&Limits::default()))
            .unwrap_or_default()
        {
            println!("  ! Sprig rule: {finding}");
        }
    }
}

fn print_event(index: usize, event: &SourceEvent) {
    println!("#{index} {}", label(event));
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
