//! Parse a Sprig webhook body and print what it says.
//!
//! ```text
//! cargo run --example parse_webhook                      # an embedded Answer Submitted sample
//! cargo run --example parse_webhook -- body.json         # a file
//! cargo run --example parse_webhook -- -  < body.json    # standard input
//! cargo run --example parse_webhook -- body.json --secret s3cret --authorization "Bearer s3cret"
//! ```
//!
//! Exits 1 when the body does not parse and 2 when the bearer token is refused.

use std::io::Read;
use std::process::ExitCode;

use sprig_events::webhook::{Answer, EpochMillis, Platform, SubmittedQuestion};
use sprig_events::{parse_webhook, WebhookEvent, WebhookSecret};

const SAMPLE: &str = include_str!("../fixtures/webhooks/answer_submitted_seed_corrected.json");

fn main() -> ExitCode {
    let mut source = None;
    let mut secret = None;
    let mut authorization = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--secret" => secret = args.next().map(WebhookSecret::new),
            "--authorization" => authorization = args.next(),
            _ => source = Some(arg),
        }
    }

    if let Some(secret) = &secret {
        if let Err(refused) = secret.verify(authorization.as_deref()) {
            eprintln!("401: {refused}");
            return ExitCode::from(2);
        }
        println!("bearer token accepted");
    }

    let body = match read_body(source.as_deref()) {
        Ok(body) => body,
        Err(e) => {
            eprintln!("cannot read the body: {e}");
            return ExitCode::FAILURE;
        }
    };
    match parse_webhook(&body) {
        Ok(event) => {
            print_summary(&event);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("invalid webhook payload: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read_body(source: Option<&str>) -> std::io::Result<Vec<u8>> {
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

fn print_delivery(
    survey_id: u64,
    survey_name: Option<&str>,
    platform: Option<&Platform>,
    visitor_id: &str,
    at: EpochMillis,
) {
    println!(
        "study: {survey_id} {:?} on {} for visitor {visitor_id} at {at}",
        survey_name.unwrap_or(""),
        platform.map_or("an unnamed platform", Platform::as_str),
    );
}

fn print_summary(event: &WebhookEvent) {
    println!("kind: {}", event.kind());
    match event {
        WebhookEvent::AnswerSubmitted(a) => {
            println!(
                "study: {} {:?}",
                a.survey_id,
                a.survey_name.as_deref().unwrap_or("")
            );
            println!("question ({}): {}", a.question_type(), a.question);
            println!("answer: {}", describe(&a.answer()));
            println!("visitor: {} at {}", a.visitor_id, a.timestamp);
        }
        WebhookEvent::StudySubmitted(s) => {
            println!(
                "study: {} by visitor {} at {}",
                s.survey_id, s.visitor_id, s.timestamp
            );
            for (i, q) in s.questions.iter().enumerate() {
                println!(
                    "  {}. {} → {}",
                    q.order.unwrap_or(i as u32 + 1),
                    q.question,
                    describe_question(q)
                );
            }
        }
        WebhookEvent::StudySent(d) => print_delivery(
            d.survey_id,
            d.survey_name.as_deref(),
            d.platform.as_ref(),
            &d.visitor_id,
            d.timestamp,
        ),
        WebhookEvent::StudySeen(d) => print_delivery(
            d.survey_id,
            d.survey_name.as_deref(),
            d.platform.as_ref(),
            &d.visitor_id,
            d.timestamp,
        ),
        WebhookEvent::StudyStatusChanged(c) => {
            println!(
                "study: {} {:?}: {} → {}",
                c.survey_id,
                c.survey_name.as_deref().unwrap_or(""),
                c.old_status,
                c.status
            );
        }
        WebhookEvent::ThemeIdentified(t) => {
            println!(
                "theme: {:?} in answers to {:?}",
                t.theme_name, t.question_text
            );
        }
        WebhookEvent::Test(t) => println!("test ping for environment {:?}", t.environment_id),
        WebhookEvent::Unknown(map) => {
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            println!("not a kind this crate knows; keys: {}", keys.join(", "));
        }
        _ => println!("{event:?}"),
    }
}

fn describe_question(q: &SubmittedQuestion) -> String {
    describe(&q.answer())
}

fn describe(answer: &Answer<'_>) -> String {
    match answer {
        Answer::Text(text) => format!("{text:?}"),
        Answer::Nps(score) => format!("NPS {score}"),
        Answer::Likert(rating) => format!("rating {rating}"),
        Answer::Choice(choice) => format!("{:?} (option {:?})", choice.label, choice.index),
        Answer::Choices(choices) => {
            let labels: Vec<String> = choices.iter().map(|c| format!("{:?}", c.label)).collect();
            labels.join(", ")
        }
        Answer::Matrix(rows) => format!("{} matrix rows", rows.len()),
        Answer::Consent { submitted } => format!("consent submitted: {submitted}"),
        Answer::Recording(recording) => format!(
            "recording {}",
            recording
                .media_recording_uid
                .or(recording.upload_id)
                .unwrap_or("(no id)")
        ),
        Answer::RankOrder(options) => {
            let labels: Vec<&str> = options.iter().map(|o| o.option).collect();
            format!("ranked {}", labels.join(" > "))
        }
        Answer::Task(status) => format!("task {status}"),
        Answer::Prompt { skipped } => format!("prompt (skipped: {skipped})"),
        Answer::Skipped => "skipped".to_owned(),
        Answer::Raw(value) => format!("{value}"),
        _ => format!("{answer:?}"),
    }
}
