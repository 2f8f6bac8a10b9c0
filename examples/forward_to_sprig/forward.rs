//! The forwarding loop: source events in, Sprig upserts out, and a fate for every event.
//!
//! Shared by the `forward_to_sprig` example and `tests/forward_e2e.rs`, which runs it against
//! a fake Sprig. Sleeping and random numbers come from the caller, so that the test can
//! record the waits instead of waiting.

use std::time::{Duration, SystemTime};

use sprig_events::api::{
    classify, user_update, ApiRequest, CloudDestination, CloudOutcome, Coalescer, Delivery,
    Finding, NotSent, Rejection, RetryPolicy, SprigApi, UserUpdate,
};
use sprig_events::SourceEvent;

/// What became of one source event.
#[derive(Clone, Debug, PartialEq)]
pub enum Fate {
    /// Sprig accepted the request that carried it.
    Accepted,
    /// It made no request: why.
    NotSent(NotSent),
    /// Segment-compatible mode: no action sent anything for it; each action's outcome.
    NotSentCloud(String),
    /// Sprig refused the request that carried it, for good.
    Rejected(Rejection),
    /// The request still failed when the retry policy gave up: the last outcome.
    GaveUp(Delivery),
    /// Sprig refused the API key (401/403) on this request or an earlier one: nothing more
    /// was sent.
    Stopped {
        /// 401 or 403.
        status: u16,
    },
}

impl std::fmt::Display for Fate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fate::Accepted => f.write_str("accepted"),
            Fate::NotSent(why) => write!(f, "not sent: {why}"),
            Fate::NotSentCloud(why) => write!(f, "not sent: {why}"),
            Fate::Rejected(rejection) => write!(f, "rejected: {rejection}"),
            Fate::GaveUp(last) => write!(f, "gave up: {last}"),
            Fate::Stopped { status } => {
                write!(f, "not sent: Sprig refused the API key (HTTP {status})")
            }
        }
    }
}

/// One request sent, for the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    /// The user the request was for.
    pub user_id: String,
    /// How many events it carried.
    pub events: usize,
    /// Which attempt this was for that request (1 for the first).
    pub attempt: u32,
    /// What Sprig's answer meant.
    pub outcome: Delivery,
    /// The wait before the next attempt, when there was one.
    pub then_waited: Option<Duration>,
}

/// Everything a run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// One fate per input event, in input order.
    pub fates: Vec<Fate>,
    /// What was left out of the events that were sent: (event position, finding).
    pub findings: Vec<(usize, Finding)>,
    /// Every request, in the order sent.
    pub sent: Vec<Sent>,
}

/// Sends source events to Sprig through a blocking HTTP client.
pub struct Forwarder<'a> {
    /// Base URL and key.
    pub api: &'a SprigApi,
    /// The client; it must hand back 4xx and 5xx responses as responses
    /// (`http_status_as_error(false)`), since their status decides what is next.
    pub agent: &'a ureq::Agent,
    /// When to try again.
    pub policy: RetryPolicy,
    /// How many events go in one request.
    pub coalescer: Coalescer,
    /// `Some`: forward exactly as Segment's Sprig Cloud (Actions) would (its updates, not
    /// `user_update`'s); the API should then use `AuthScheme::Bearer` to match it fully.
    pub cloud: Option<&'a CloudDestination>,
}

impl Forwarder<'_> {
    /// Forward `events`: one upsert per user (coalesced), each retried under the policy,
    /// `sleep` called for every wait and `random` for every back-off. Stops at the first 401
    /// or 403.
    ///
    /// Fails only when a request cannot be built (a base URL or key an HTTP request cannot
    /// carry), before anything is sent for it.
    pub fn forward(
        &self,
        events: &[SourceEvent],
        mut sleep: impl FnMut(Duration),
        mut random: impl FnMut() -> u64,
    ) -> Result<Report, http::Error> {
        let mut report = Report::default();
        let mut fates: Vec<Option<Fate>> = vec![None; events.len()];
        // The event behind each update, by the update's position.
        let mut origin = Vec::new();
        let mut updates = Vec::new();
        for (position, event) in events.iter().enumerate() {
            if let Some(cloud) = self.cloud {
                let mut why = Vec::new();
                for outcome in cloud.outcomes(event) {
                    match outcome.outcome {
                        CloudOutcome::Sent(mut update) => {
                            let findings = update.take_findings();
                            report
                                .findings
                                .extend(findings.into_iter().map(|f| (position, f)));
                            origin.push(position);
                            updates.push(update);
                        }
                        CloudOutcome::Refused(refusal) => {
                            why.push(format!("{}: {refusal}", outcome.config.name()));
                        }
                        _ => {}
                    }
                }
                if !origin.contains(&position) {
                    let why = if why.is_empty() {
                        "no action subscribed".to_owned()
                    } else {
                        why.join("; ")
                    };
                    fates[position] = Some(Fate::NotSentCloud(why));
                }
                continue;
            }
            match user_update(event) {
                Ok(mut update) => {
                    let findings = update.take_findings();
                    report
                        .findings
                        .extend(findings.into_iter().map(|f| (position, f)));
                    origin.push(position);
                    updates.push(update);
                }
                Err(why) => fates[position] = Some(Fate::NotSent(why)),
            }
        }

        let mut stopped = None;
        for request in self.coalescer.coalesce_indexed(updates) {
            let (update, inputs) = request.into_parts();
            let fate = match stopped {
                Some(status) => Fate::Stopped { status },
                None => self.deliver(&update, &mut report.sent, &mut sleep, &mut random)?,
            };
            if let Fate::Stopped { status } = fate {
                stopped = Some(status);
            }
            // An update split over several requests (more events than the cap) would take
            // the last part's fate; updates made from single events are never split.
            for input in inputs {
                if let Some(slot) = origin.get(input).and_then(|&p| fates.get_mut(p)) {
                    *slot = Some(fate.clone());
                }
            }
        }
        report.fates = fates
            .into_iter()
            .map(|fate| fate.expect("every event is either not sent or in a request"))
            .collect();
        Ok(report)
    }

    /// Send one update until Sprig accepts or refuses it, the key is refused, or the policy
    /// gives up.
    fn deliver(
        &self,
        update: &UserUpdate,
        log: &mut Vec<Sent>,
        sleep: &mut impl FnMut(Duration),
        random: &mut impl FnMut() -> u64,
    ) -> Result<Fate, http::Error> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let outcome = self.send(self.api.upsert(update))?;
            let wait = match &outcome {
                Delivery::Retry { after, .. } => {
                    self.policy
                        .next_delay(attempt, after.as_ref(), SystemTime::now(), random())
                }
                _ => None,
            };
            log.push(Sent {
                user_id: update.user_id().to_owned(),
                events: update.events().len(),
                attempt,
                outcome: outcome.clone(),
                then_waited: wait,
            });
            match (outcome, wait) {
                (Delivery::Accepted, _) => return Ok(Fate::Accepted),
                (Delivery::Rejected(rejection), _) => return Ok(Fate::Rejected(rejection)),
                (Delivery::Stop { status }, _) => return Ok(Fate::Stopped { status }),
                (Delivery::Retry { .. }, Some(wait)) => sleep(wait),
                (last, _) => return Ok(Fate::GaveUp(last)),
            }
        }
    }

    /// One request, and what its answer means. No answer at all (refused connection, reset,
    /// time-out) is a transport error, which retries: the request may have arrived, so an
    /// event can reach Sprig twice, never zero times unreported.
    fn send(&self, request: ApiRequest) -> Result<Delivery, http::Error> {
        let request = request.into_http()?;
        Ok(match self.agent.run(request) {
            Ok(mut response) => {
                // A body that cannot be read leaves only the status to go by.
                let body = response.body_mut().read_to_vec().unwrap_or_default();
                classify(response.status().as_u16(), response.headers(), &body)
            }
            Err(_) => Delivery::transport_error(),
        })
    }
}

/// A client that hands 4xx and 5xx back as responses, with a time limit per request.
pub fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .into()
}
