//! Many updates of one user become one request.

use std::collections::HashMap;

use super::UserUpdate;

/// Groups updates into as few requests as Sprig's one-user-per-request API allows.
///
/// Per user: attributes merged in order (a later value wins), the last e-mail address wins,
/// events appended in order, findings kept in order. At most [`cap`](Coalescer::cap) events
/// go in one request; a user with more gets several requests, in order, one after another.
/// Users keep the order of their first update. Nothing is dropped: every event and attribute
/// that goes in comes out, and [`Coalescer::coalesce_indexed`] tells which inputs each
/// request carries.
///
/// ```
/// use sprig_events::api::{user_update, Coalescer};
/// use sprig_events::parse_batch;
///
/// let events = parse_batch(br#"{"batch": [
///   {"type": "track", "userId": "u1", "event": "A", "timestamp": 1000},
///   {"type": "track", "userId": "u2", "event": "B", "timestamp": 2000},
///   {"type": "identify", "userId": "u1", "traits": {"plan": "pro"}},
///   {"type": "track", "userId": "u1", "event": "C", "timestamp": 3000}
/// ]}"#)?;
/// let updates = events.iter().map(user_update).collect::<Result<Vec<_>, _>>()?;
/// let requests = Coalescer::new(10).coalesce_indexed(updates);
/// let summary: Vec<_> = requests
///     .iter()
///     .map(|r| (r.update().user_id(), r.update().events().len(), r.inputs()))
///     .collect();
/// assert_eq!(summary, [("u1", 2, &[0, 2, 3][..]), ("u2", 1, &[1][..])]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Coalescer {
    cap: usize,
}

impl Coalescer {
    /// The default cap of events per request: 100. Sprig publishes no limit; 100 keeps a
    /// request around tens of kilobytes and matches the purge endpoint's batch size.
    pub const DEFAULT_CAP: usize = 100;

    /// A coalescer that puts at most `cap` events in one request (a cap of 0 counts as 1).
    pub fn new(cap: usize) -> Self {
        Coalescer { cap: cap.max(1) }
    }

    /// The most events one request carries.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// The requests for `updates`, in order.
    pub fn coalesce(&self, updates: impl IntoIterator<Item = UserUpdate>) -> Vec<UserUpdate> {
        self.coalesce_indexed(updates)
            .into_iter()
            .map(|coalesced| coalesced.update)
            .collect()
    }

    /// The requests for `updates`, in order, each with the positions (in `updates`) of the
    /// updates it carries, so that a response can be told back to the events behind it.
    ///
    /// An update with more events than the cap (one that was coalesced already) is split,
    /// and its position appears in each request that carries a part of it; its attributes,
    /// e-mail and findings go with the first part.
    pub fn coalesce_indexed(
        &self,
        updates: impl IntoIterator<Item = UserUpdate>,
    ) -> Vec<Coalesced> {
        // Each user's requests, users in the order of their first update.
        let mut users: Vec<Vec<Coalesced>> = Vec::new();
        let mut position: HashMap<String, usize> = HashMap::new();
        for (input, update) in updates.into_iter().enumerate() {
            let slot = match position.get(update.user_id()) {
                Some(&slot) => slot,
                None => {
                    position.insert(update.user_id().to_owned(), users.len());
                    users.push(Vec::new());
                    users.len() - 1
                }
            };
            if let Some(requests) = users.get_mut(slot) {
                self.add(requests, input, update);
            }
        }
        users.into_iter().flatten().collect()
    }

    /// Add `update` to one user's requests: into the last one while its events fit, else into
    /// new ones.
    fn add(&self, requests: &mut Vec<Coalesced>, input: usize, mut update: UserUpdate) {
        if let Some(last) = requests.last_mut() {
            if last.update.events().len() + update.events().len() <= self.cap {
                last.update.absorb(update);
                last.inputs.push(input);
                return;
            }
        }
        loop {
            let rest = (update.events().len() > self.cap).then(|| update.split_events(self.cap));
            requests.push(Coalesced {
                update,
                inputs: vec![input],
            });
            match rest {
                Some(rest) => update = rest,
                None => break,
            }
        }
    }
}

impl Default for Coalescer {
    /// [`Coalescer::DEFAULT_CAP`] events per request.
    fn default() -> Self {
        Coalescer::new(Coalescer::DEFAULT_CAP)
    }
}

/// One request's update, with the positions of the input updates it carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Coalesced {
    update: UserUpdate,
    inputs: Vec<usize>,
}

impl Coalesced {
    /// The update to send.
    pub fn update(&self) -> &UserUpdate {
        &self.update
    }

    /// The positions, in the coalescer's input, of the updates this request carries (all or
    /// part of), in order.
    pub fn inputs(&self) -> &[usize] {
        &self.inputs
    }

    /// The update and the positions.
    pub fn into_parts(self) -> (UserUpdate, Vec<usize>) {
        (self.update, self.inputs)
    }
}

/// Coalesce `updates` under the default cap ([`Coalescer::DEFAULT_CAP`] events per request):
/// one request per user (more when a user has more events than the cap), users in the order
/// of their first update, nothing dropped. See [`Coalescer`].
///
/// ```
/// use sprig_events::api::{coalesce, user_update};
/// use sprig_events::parse_batch;
///
/// let events = parse_batch(br#"{"batch": [
///   {"type": "identify", "userId": "u1", "traits": {"plan": "free", "seats": 1}},
///   {"type": "identify", "userId": "u1", "traits": {"plan": "pro", "email": "ada@example.com"}}
/// ]}"#)?;
/// let updates = events.iter().map(user_update).collect::<Result<Vec<_>, _>>()?;
/// let requests = coalesce(updates);
/// assert_eq!(
///     serde_json::to_string(&requests)?,
///     r#"[{"userId":"u1","emailAddress":"ada@example.com","attributes":{"plan":"pro","seats":1}}]"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn coalesce(updates: impl IntoIterator<Item = UserUpdate>) -> Vec<UserUpdate> {
    Coalescer::default().coalesce(updates)
}
