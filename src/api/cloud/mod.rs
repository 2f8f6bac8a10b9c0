//! Segment's "Sprig Cloud (Actions)", the server-side destination Segment runs, as a
//! configuration of the runtime crate's triggers, mappings and field checks, giving the same
//! [`UserUpdate`]s the rest of [`api`](super) delivers.

mod date;
mod flatten;

use std::cell::OnceCell;
use std::fmt;
use std::sync::LazyLock;

use actions_runtime::schema::{self, Field, SchemaError};
use actions_runtime::{Mapping, MappingError, Subscription};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{ApiKey, Finding, UserUpdate};
use crate::destination::{
    call_type_plan, ActionConfig, Limits, PartnerAction, RawDestination, CALL_TYPES,
};
use crate::source::SourceEvent;
use crate::wire::read;
use crate::Error;

/// The two actions of Sprig Cloud (Actions), as a configuration's `partnerAction` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CloudAction {
    /// `identifyUser`: `userId` (text, required) and `attributes` (an object, flattened).
    IdentifyUser,
    /// `trackEvent`: `eventName`, `timestamp` and `userId` (text, all required).
    TrackEvent,
}

impl CloudAction {
    /// Both, in the order of the reference's definition.
    pub const ALL: &'static [CloudAction] = &[CloudAction::IdentifyUser, CloudAction::TrackEvent];

    /// The key a configuration's `partnerAction` names it by: `identifyUser`, `trackEvent`.
    pub fn partner_action(self) -> &'static str {
        match self {
            CloudAction::IdentifyUser => "identifyUser",
            CloudAction::TrackEvent => "trackEvent",
        }
    }

    /// The action's title: `Identify User`, `Track Event`.
    pub fn title(self) -> &'static str {
        match self {
            CloudAction::IdentifyUser => "Identify User",
            CloudAction::TrackEvent => "Track Event",
        }
    }

    /// The action's fields, in the reference's order, as its runtime checks them.
    pub fn fields(self) -> &'static [Field] {
        match self {
            CloudAction::IdentifyUser => IDENTIFY_FIELDS,
            CloudAction::TrackEvent => TRACK_FIELDS,
        }
    }

    /// Each field's default mapping: the preset mapping of the action.
    pub fn default_mapping(self) -> Value {
        let path = |path: &str| json!({ "@path": path });
        match self {
            CloudAction::IdentifyUser => json!({
                "userId": path("$.userId"),
                "attributes": path("$.traits"),
            }),
            CloudAction::TrackEvent => json!({
                "eventName": path("$.event"),
                "timestamp": path("$.timestamp"),
                "userId": path("$.userId"),
            }),
        }
    }
}

impl fmt::Display for CloudAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.partner_action())
    }
}

impl crate::destination::sealed::Sealed for CloudAction {}

impl PartnerAction for CloudAction {
    const EXPECTED: &'static str = "identifyUser or trackEvent";

    fn from_key(key: &str) -> Option<Self> {
        CloudAction::ALL
            .iter()
            .copied()
            .find(|action| action.partner_action() == key)
    }

    fn action_title(self) -> &'static str {
        self.title()
    }

    // Sprig Cloud's actions always run their mapping: no preset fast path.
    fn runs_preset(self, _: &Mapping) -> bool {
        false
    }
}

const IDENTIFY_FIELDS: &[Field] = &[
    Field::string("userId").required().with_label("User ID"),
    Field::object("attributes").with_label("Attributes"),
];
const TRACK_FIELDS: &[Field] = &[
    Field::string("eventName")
        .required()
        .with_label("Event Name"),
    Field::string("timestamp")
        .required()
        .with_label("Event Timestamp"),
    Field::string("userId").required().with_label("User ID"),
];

/// One configured action of Sprig Cloud: its name, kind, switch, trigger and mapping.
pub type CloudActionConfig = ActionConfig<CloudAction>;

impl ActionConfig<CloudAction> {
    /// What the action does with `event` (its JSON).
    fn outcome(&self, event: &Value) -> CloudOutcome {
        if !self.is_enabled() {
            return CloudOutcome::Disabled;
        }
        if !self.subscribe().matches(event) {
            return CloudOutcome::NotSubscribed;
        }
        let mapped = match self.mapping().apply(event) {
            Ok(mapped) => mapped,
            Err(error) => return CloudOutcome::Refused(Refusal::Mapping(error)),
        };
        let payload = mapped.unwrap_or_else(|| Value::Object(Map::new()));
        match perform(self.action(), &payload) {
            Ok(update) => CloudOutcome::Sent(update),
            Err(_) => CloudOutcome::Refused(Refusal::Schema(all_errors(
                &payload,
                self.action().fields(),
            ))),
        }
    }
}

/// The action's request body for a mapped payload, after the runtime's field checks.
fn perform(action: CloudAction, payload: &Value) -> Result<UserUpdate, SchemaError> {
    let limits = Limits::default();
    let checked = schema::check(payload, action.fields())?;
    let mut findings = Vec::new();
    // Required, so present once checked; the empty text stands for what cannot happen.
    let text = |field: &str| checked.text(field).unwrap_or_default().to_owned();
    let user_id = text("userId");
    over_limit("userId", &user_id, limits.max_user_id_length, &mut findings);
    match action {
        CloudAction::IdentifyUser => {
            let attributes = checked.object("attributes").map(|attributes| {
                if attributes.is_empty() {
                    Map::new()
                } else {
                    flatten::flatten(attributes)
                }
            });
            for (key, value) in attributes.iter().flatten() {
                over_limit(key, key, limits.max_attr_name_length, &mut findings);
                match value {
                    Value::Null => findings.push(Finding::AttributeSentAsIs {
                        key: key.clone(),
                        kind: "null",
                    }),
                    Value::Array(_) => findings.push(Finding::AttributeSentAsIs {
                        key: key.clone(),
                        kind: "array",
                    }),
                    Value::Object(_) => findings.push(Finding::AttributeSentAsIs {
                        key: key.clone(),
                        kind: "object",
                    }),
                    Value::String(text) => {
                        over_limit(key, text, limits.max_attr_value_length, &mut findings);
                    }
                    Value::Bool(_) | Value::Number(_) => {}
                }
            }
            Ok(UserUpdate::identified(user_id, attributes, findings))
        }
        CloudAction::TrackEvent => {
            let name = text("eventName");
            over_limit(
                "events[0].event",
                &name,
                limits.max_event_length,
                &mut findings,
            );
            let timestamp = date::parse(checked.text("timestamp").unwrap_or_default());
            if timestamp.is_none() {
                findings.push(Finding::TimestampSentAsNull);
            }
            Ok(UserUpdate::tracked(user_id, name, timestamp, findings))
        }
    }
}

/// Report `text` (at `key`) when it is longer than `limit` UTF-16 code units.
fn over_limit(key: &str, text: &str, limit: usize, findings: &mut Vec<Finding>) {
    if text.len() <= limit {
        return;
    }
    let length = actions_runtime::js::utf16_len(text);
    if length > limit {
        findings.push(Finding::SentOverLimit {
            key: key.to_owned(),
            length,
            limit,
        });
    }
}

/// Errors written one after another, as the reference joins them.
struct Joined<'a>(&'a [SchemaError]);

impl fmt::Display for Joined<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

/// Every error of `payload` against `fields`, as the reference lists them (ajv with
/// `allErrors`): each missing required field, in order, then each present field of the wrong
/// type, in order.
fn all_errors(payload: &Value, fields: &[Field]) -> Vec<SchemaError> {
    let Value::Object(map) = payload else {
        return schema::check(payload, fields).err().into_iter().collect();
    };
    let missing = fields
        .iter()
        .filter(|field| field.required && schema::present(map.get(field.name)).is_none())
        .map(|field| SchemaError::Missing { field: field.name });
    let mistyped = fields
        .iter()
        .filter_map(|field| field.check_value(map.get(field.name)).err());
    missing.chain(mistyped).collect()
}

/// Why an action that triggered sends nothing: the reason the reference throws.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The mapped payload fails the action's fields: every error, in the reference's order
    /// (`The root value is missing the required field 'userId'.`, `Attributes must be an
    /// object but it was a string.`), written one after another as the reference does.
    #[error("{}", Joined(.0))]
    Schema(Vec<SchemaError>),
    /// The mapping itself fails on the event.
    #[error("{0}")]
    Mapping(MappingError),
}

impl Refusal {
    /// A stable machine-readable code: `schema` or `mapping`.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Schema(_) => "schema",
            Refusal::Mapping(_) => "mapping",
        }
    }
}

/// What one configured action did with an event.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum CloudOutcome {
    /// It triggered and sends this update (the reference POSTs it).
    Sent(UserUpdate),
    /// Its trigger does not match the event (the reference: `not subscribed`).
    NotSubscribed,
    /// The action is switched off (`"enabled": false`).
    Disabled,
    /// It triggered, and the reference throws before sending: the reason.
    Refused(Refusal),
}

impl CloudOutcome {
    /// The update, when one is sent.
    pub fn update(&self) -> Option<&UserUpdate> {
        match self {
            CloudOutcome::Sent(update) => Some(update),
            _ => None,
        }
    }

    /// A stable machine-readable code: `sent`, `not_subscribed`, `disabled` or `refused`.
    pub fn code(&self) -> &'static str {
        match self {
            CloudOutcome::Sent(_) => "sent",
            CloudOutcome::NotSubscribed => "not_subscribed",
            CloudOutcome::Disabled => "disabled",
            CloudOutcome::Refused(_) => "refused",
        }
    }
}

impl fmt::Display for CloudOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CloudOutcome::Sent(update) => match serde_json::to_string(update) {
                Ok(body) => write!(f, "sent {body}"),
                Err(_) => f.write_str("sent"),
            },
            CloudOutcome::NotSubscribed => f.write_str("not subscribed"),
            CloudOutcome::Disabled => f.write_str("action disabled"),
            CloudOutcome::Refused(why) => write!(f, "refused: {why}"),
        }
    }
}

/// A configured action's outcome for one event, in configuration order.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CloudActionOutcome<'d> {
    /// The configured action.
    pub config: &'d CloudActionConfig,
    /// What it did.
    pub outcome: CloudOutcome,
}

/// The settings of the cloud destination: its `apiKey`.
#[derive(Deserialize)]
struct RawSettings {
    #[serde(rename = "apiKey", default)]
    api_key: Option<String>,
}

/// Segment's "Sprig Cloud (Actions)" as configured: a list of actions, each with a trigger and
/// a field mapping, run on the runtime crate exactly as the reference runs them.
///
/// [`CloudDestination::default`] holds the reference's three presets: **Track Event**
/// (`type = "track"` → `trackEvent`), **Identify User** (`type = "identify"` → `identifyUser`)
/// and **Screen Event** (`type = "screen"` → `trackEvent`, `eventName` from `$.name`).
/// [`CloudDestination::from_json`] reads a configuration in [`Destination`]'s shape with
/// `partnerAction` `identifyUser` or `trackEvent`.
///
/// For each event, every enabled action whose trigger matches maps the event, checks the
/// payload against its fields (required fields present, numbers and booleans as text, an
/// `attributes` that is an object), and makes the body the reference POSTs: identify's
/// `attributes` flattened (`{"a": {"b": 1}}` → `{"a.b": 1}`), track's `timestamp` as
/// JavaScript's `new Date(text).getTime()` reads it (epoch ms, or `null`). The event's
/// `integrations` are not read: Segment's pipeline applies them before the destination.
///
/// How this differs from [`user_update`](super::user_update): [the module docs](super#two-paths-strict-or-segment-compatible).
///
/// ```
/// use sprig_events::api::{coalesce, ApiKey, AuthScheme, CloudDestination, SprigApi};
/// use sprig_events::parse_batch;
///
/// let cloud = CloudDestination::default();
/// let events = parse_batch(br#"{"batch": [
///   {"type": "identify", "userId": "1234", "traits": {"firstName": "Bob", "enabledProducts": {"surveys": true}}},
///   {"type": "screen", "userId": "1234", "name": "Home", "timestamp": "2024-10-30T04:48:18.620Z"},
///   {"type": "track", "userId": "1234", "event": "Signed Out", "timestamp": 1730263698620}
/// ]}"#)?;
/// let updates: Vec<_> = events.iter().flat_map(|event| cloud.updates(event)).collect();
/// // The reference's body byte for byte, keys in its order (the `preserve_order` feature).
/// assert_eq!(
///     serde_json::to_string(&updates[0])?,
///     r#"{"userId":"1234","attributes":{"firstName":"Bob","enabledProducts.surveys":true}}"#
/// );
/// assert_eq!(
///     serde_json::to_string(&updates[2])?, // an epoch-ms number: JavaScript's Date reads no time
///     r#"{"userId":"1234","events":[{"event":"Signed Out","timestamp":null}]}"#
/// );
///
/// // Delivered like any update: coalesced, with the reference's `Bearer` header if you choose.
/// let api = SprigApi::new(ApiKey::new("k")).with_auth_scheme(AuthScheme::Bearer);
/// let requests: Vec<_> = coalesce(updates).iter().map(|u| api.upsert(u)).collect();
/// assert_eq!(requests.len(), 1);
/// assert_eq!(requests[0].header("authorization"), Some("Bearer k"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`Destination`]: crate::destination::Destination
#[derive(Clone, PartialEq)]
pub struct CloudDestination {
    api_key: Option<ApiKey>,
    actions: Vec<CloudActionConfig>,
    /// Per call type, how many enabled actions may fire on it.
    candidates: [usize; CALL_TYPES],
}

impl fmt::Debug for CloudDestination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CloudDestination")
            .field("api_key", &self.api_key)
            .field("actions", &self.actions)
            .finish_non_exhaustive()
    }
}

/// The presets, built once.
static PRESETS: LazyLock<CloudDestination> = LazyLock::new(CloudDestination::build_presets);

impl Default for CloudDestination {
    /// The reference's three presets (Track Event, Identify User, Screen Event), no key.
    fn default() -> Self {
        CloudDestination::presets().clone()
    }
}

impl CloudDestination {
    /// The reference's three presets, built once: what [`CloudDestination::default`] copies.
    pub fn presets() -> &'static CloudDestination {
        &PRESETS
    }

    /// Invariant: the preset constants parse and validate; the test `presets_build` proves it.
    #[allow(clippy::expect_used)] // the documented invariant above
    fn build_presets() -> CloudDestination {
        CloudDestination::try_presets().expect("the preset constants read: see presets_build")
    }

    fn try_presets() -> Result<CloudDestination, String> {
        let preset = |name: &str, subscribe: &str, action: CloudAction, mapping: Value| {
            let subscribe =
                Subscription::parse(subscribe).map_err(|e| format!("{name}: subscribe: {e}"))?;
            let mapping = Mapping::new(mapping).map_err(|e| format!("{name}: mapping: {e}"))?;
            Ok::<_, String>(CloudActionConfig::new(name, action, subscribe, mapping))
        };
        let mut screen_mapping = CloudAction::TrackEvent.default_mapping();
        if let Some(fields) = screen_mapping.as_object_mut() {
            fields.insert("eventName".into(), json!({"@path": "$.name"}));
        }
        let actions = vec![
            preset(
                "Track Event",
                r#"type = "track""#,
                CloudAction::TrackEvent,
                CloudAction::TrackEvent.default_mapping(),
            )?,
            preset(
                "Identify User",
                r#"type = "identify""#,
                CloudAction::IdentifyUser,
                CloudAction::IdentifyUser.default_mapping(),
            )?,
            preset(
                "Screen Event",
                r#"type = "screen""#,
                CloudAction::TrackEvent,
                screen_mapping,
            )?,
        ];
        Ok(CloudDestination::indexed(None, actions))
    }

    fn indexed(api_key: Option<ApiKey>, actions: Vec<CloudActionConfig>) -> Self {
        let candidates = call_type_plan(actions.iter().map(ActionConfig::plan));
        CloudDestination {
            api_key,
            actions,
            candidates,
        }
    }

    /// A destination with no actions (add them with [`CloudDestination::with_action`]).
    pub fn new() -> Self {
        CloudDestination::indexed(None, Vec::new())
    }

    /// The same destination with one more action, last (chainable).
    #[must_use]
    pub fn with_action(self, action: CloudActionConfig) -> Self {
        let mut actions = self.actions;
        actions.push(action);
        CloudDestination::indexed(self.api_key, actions)
    }

    /// Read a configuration in [`Destination`](crate::destination::Destination)'s shape:
    /// `{"settings": {"apiKey": "…"}, "actions": [{"name", "partnerAction", "enabled",
    /// "subscribe", "mapping"}, …]}`, `partnerAction` `identifyUser` or `trackEvent`.
    /// `settings` may be absent (its `apiKey`, when given, is [`CloudDestination::api_key`];
    /// other settings keys are not read, the reference has none), `enabled` defaults to true,
    /// `mapping` to `{}` and `name` to the action's title. Triggers are parsed and mappings
    /// validated here; an error names the path (`actions[1].subscribe: action "…": …`).
    ///
    /// ```
    /// use sprig_events::api::CloudDestination;
    /// use sprig_events::parse_source_event;
    ///
    /// let cloud = CloudDestination::from_json(br#"{"actions": [
    ///   {"partnerAction": "trackEvent", "subscribe": "type = \"page\"",
    ///    "mapping": {"eventName": {"@template": "Viewed {{name}}"},
    ///                "timestamp": {"@path": "$.timestamp"}, "userId": {"@path": "$.userId"}}}
    /// ]}"#)?;
    /// let page = parse_source_event(br#"{"type": "page", "name": "Pricing", "userId": 7,
    ///     "timestamp": "2024-10-30"}"#)?;
    /// assert_eq!(
    ///     serde_json::to_string(&cloud.updates(&page))?,
    ///     r#"[{"userId":"7","events":[{"event":"Viewed Pricing","timestamp":1730246400000}]}]"#
    /// );
    /// assert!(CloudDestination::from_json(br#"{"actions": [{"partnerAction": "signoutUser", "subscribe": "type = \"track\""}]}"#).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(config: &[u8]) -> Result<CloudDestination, Error> {
        let raw: RawDestination<RawSettings, CloudAction> = read::from_slice(config)?;
        CloudDestination::compile(raw)
    }

    /// [`CloudDestination::from_json`] for a configuration already read as JSON.
    pub fn from_value(config: Value) -> Result<CloudDestination, Error> {
        let raw: RawDestination<RawSettings, CloudAction> = read::from_value(config)?;
        CloudDestination::compile(raw)
    }

    fn compile(raw: RawDestination<RawSettings, CloudAction>) -> Result<CloudDestination, Error> {
        let actions = raw
            .actions
            .into_iter()
            .enumerate()
            .map(|(index, raw)| raw.compile(index).map(ActionConfig::compiled))
            .collect::<Result<_, _>>()?;
        let api_key = raw.settings.and_then(|s| s.api_key).map(ApiKey::new);
        Ok(CloudDestination::indexed(api_key, actions))
    }

    /// The key in the configuration's `settings.apiKey`, when it has one.
    pub fn api_key(&self) -> Option<&ApiKey> {
        self.api_key.as_ref()
    }

    /// The configured actions, in order.
    pub fn actions(&self) -> &[CloudActionConfig] {
        &self.actions
    }

    /// The `POST /v2/users` bodies the reference sends for `event`, in configuration order;
    /// empty when it sends none. The event is read as its JSON (ids as the source model reads
    /// them, as text), built only when an action may fire on its call type.
    pub fn updates(&self, event: &SourceEvent) -> Vec<UserUpdate> {
        self.outcomes(event)
            .into_iter()
            .filter_map(|outcome| match outcome.outcome {
                CloudOutcome::Sent(update) => Some(update),
                _ => None,
            })
            .collect()
    }

    /// [`CloudDestination::updates`] for an event given as raw JSON, exactly as the reference
    /// reads it: an id that is an array of one text is that text, which the source model does
    /// not read. Anything but a JSON object sends nothing.
    pub fn updates_json(&self, event: &Value) -> Vec<UserUpdate> {
        self.outcomes_json(event)
            .into_iter()
            .filter_map(|outcome| match outcome.outcome {
                CloudOutcome::Sent(update) => Some(update),
                _ => None,
            })
            .collect()
    }

    /// What every configured action does with `event`, in configuration order: sent (with
    /// the update), not subscribed, disabled, or refused with the reference's reason — for a
    /// service that logs each action's fate.
    ///
    /// ```
    /// use sprig_events::api::{CloudDestination, CloudOutcome};
    /// use sprig_events::parse_source_event;
    ///
    /// let track = parse_source_event(br#"{"type": "track", "event": "Report Exported", "userId": "u1"}"#)?;
    /// let cloud = CloudDestination::default();
    /// let outcomes = cloud.outcomes(&track);
    /// let fates: Vec<String> = outcomes.iter().map(|o| format!("{}: {}", o.config.name(), o.outcome)).collect();
    /// assert_eq!(fates, [
    ///     "Track Event: refused: The root value is missing the required field 'timestamp'.",
    ///     "Identify User: not subscribed",
    ///     "Screen Event: not subscribed",
    /// ]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn outcomes(&self, event: &SourceEvent) -> Vec<CloudActionOutcome<'_>> {
        let call_type = event.call_type();
        let may_fire = self
            .candidates
            .get(call_type as usize)
            .is_some_and(|count| *count > 0);
        let json = OnceCell::new();
        self.actions
            .iter()
            .map(|config| CloudActionOutcome {
                config,
                outcome: if !config.is_enabled() {
                    CloudOutcome::Disabled
                } else if !may_fire || !config.may_fire(call_type) {
                    CloudOutcome::NotSubscribed
                } else {
                    config.outcome(json.get_or_init(|| crate::wire::model_json(event)))
                },
            })
            .collect()
    }

    /// [`CloudDestination::outcomes`] for an event given as raw JSON (see
    /// [`CloudDestination::updates_json`]).
    pub fn outcomes_json(&self, event: &Value) -> Vec<CloudActionOutcome<'_>> {
        self.actions
            .iter()
            .map(|config| CloudActionOutcome {
                config,
                outcome: config.outcome(event),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The invariant `CloudDestination::build_presets` relies on.
    #[test]
    fn presets_build() {
        let presets = CloudDestination::try_presets();
        assert_eq!(presets.as_ref().err(), None);
        assert_eq!(CloudDestination::presets().actions().len(), 3);
    }
}
