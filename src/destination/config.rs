//! The destination as a workspace configured it: its settings and its list of actions, each with
//! its own trigger and field mapping.

use std::cell::OnceCell;
use std::fmt;
use std::sync::LazyLock;

use actions_runtime::{CallType, CallTypes};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Map, Value};

use super::event::Typed;
use super::perform::Payload;
use super::{
    Action, Lint, Mapping, MappingError, Route, Settings, SkipReason, SprigCall, Subscription,
    INTEGRATION_NAME,
};
use crate::source::{integrations_enable, SourceEvent};
use crate::wire::read;
use crate::{ActionProblem, Error};

/// The Sprig destination as configured: settings plus a list of actions, each with its kind,
/// an enabled flag, a trigger ([`Subscription`]) and a field mapping ([`Mapping`]).
///
/// Read one from the JSON Customer.io's presets are written in; [`Destination::default`] holds
/// the four presets ([`Destination::presets`]), which are the crate's default routing:
/// [`sprig_call`](super::sprig_call) and [`route`](super::route) run them.
/// Conditions and mappings are parsed and validated once, when the configuration is read;
/// routing an event re-parses nothing, and builds a JSON tree of the event only when an
/// action that triggers has a custom mapping.
///
/// ```
/// use sprig_events::destination::{Destination, Outcome};
/// use sprig_events::parse_source_event;
///
/// let destination = Destination::from_json(br#"{
///   "settings": {"envId": "RpOLQFy3T"},
///   "actions": [
///     {"name": "Pro plans only", "partnerAction": "trackEvent",
///      "subscribe": "type = \"track\" and properties.plan = \"pro\"",
///      "mapping": {"name": {"@template": "{{event}} (pro)"}, "userId": {"@path": "$.userId"}}},
///     {"name": "Identify", "partnerAction": "identifyUser", "enabled": false,
///      "subscribe": "type = \"identify\"", "mapping": {"userId": {"@path": "$.userId"}}}
///   ]
/// }"#)?;
///
/// let event = parse_source_event(
///     br#"{"type":"track","event":"Upgraded","userId":"u1","properties":{"plan":"pro"}}"#,
/// )?;
/// let calls = destination.calls(&event);
/// assert_eq!(
///     serde_json::to_value(&calls).unwrap(),
///     serde_json::json!([["identifyAndTrack", {"eventName": "Upgraded (pro)", "userId": "u1"}]])
/// );
///
/// let outcomes = destination.route(&event);
/// assert!(matches!(outcomes[1].outcome, Outcome::ActionDisabled));
/// # Ok::<(), sprig_events::Error>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct Destination {
    settings: Option<Settings>,
    actions: Vec<ActionConfig>,
    extra: Map<String, Value>,
    /// For each call type (by its position in `CallType::ALL`), how many enabled actions may
    /// fire on it.
    candidates: [usize; CALL_TYPES],
}

/// What a triggered action made of an event: a call or why not, or its mapping's failure.
type Made = Result<Result<SprigCall, SkipReason>, MappingError>;

/// The default destination, built once: see [`Destination::presets`].
static PRESETS: LazyLock<Destination> = LazyLock::new(Destination::build_presets);

impl fmt::Debug for Destination {
    // The candidate counts are derived from the actions; showing them would only repeat them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Destination")
            .field("settings", &self.settings)
            .field("actions", &self.actions)
            .field("extra", &self.extra)
            .finish_non_exhaustive()
    }
}

/// One configured action: which of the destination's actions it runs, whether it is on, when it
/// fires and what its fields are mapped from.
///
/// `A` is the destination's set of actions: [`Action`] for Customer.io's `sprig-web` (the
/// default), [`CloudAction`](crate::api::CloudAction) for Segment's Sprig Cloud
/// ([`CloudActionConfig`](crate::api::CloudActionConfig)).
#[derive(Clone, Debug, PartialEq)]
pub struct ActionConfig<A = Action> {
    name: String,
    action: A,
    enabled: bool,
    subscribe_text: String,
    subscribe: Subscription,
    mapping: Mapping,
    /// The mapping is the action's default one, which `sprig-web`'s routing reads from the typed
    /// event (always false for Sprig Cloud, whose actions run their mapping).
    preset_mapping: bool,
    /// The call types the trigger can match: routing asks no other action.
    call_types: CallTypes,
    extra: Map<String, Value>,
}

/// What one configured action did with an event.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Outcome {
    /// It triggered and made this call.
    Call(SprigCall),
    /// It triggered, but its payload makes no call (the reference logs a warning).
    Skipped(SkipReason),
    /// It triggered, but its mapping failed on this event (the reference throws).
    MappingFailed(MappingError),
    /// Its trigger does not match the event.
    NotTriggered,
    /// The action is switched off (`"enabled": false`).
    ActionDisabled,
    /// The event's `integrations` object turns the whole destination off.
    DestinationOff,
}

impl Outcome {
    fn of(made: Result<Result<SprigCall, SkipReason>, MappingError>) -> Outcome {
        match made {
            Ok(Ok(call)) => Outcome::Call(call),
            Ok(Err(reason)) => Outcome::Skipped(reason),
            Err(error) => Outcome::MappingFailed(error),
        }
    }

    /// The call, if one was made.
    pub fn call(&self) -> Option<&SprigCall> {
        match self {
            Outcome::Call(call) => Some(call),
            _ => None,
        }
    }

    /// A stable machine-readable code: `call`, `skipped`, `mapping_failed`, `not_triggered`,
    /// `action_disabled` or `destination_off`.
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::Call(_) => "call",
            Outcome::Skipped(_) => "skipped",
            Outcome::MappingFailed(_) => "mapping_failed",
            Outcome::NotTriggered => "not_triggered",
            Outcome::ActionDisabled => "action_disabled",
            Outcome::DestinationOff => "destination_off",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Call(call) => match serde_json::to_string(call) {
                Ok(text) => f.write_str(&text),
                Err(_) => f.write_str(call.command()),
            },
            Outcome::Skipped(reason) => write!(f, "skipped: {reason}"),
            Outcome::MappingFailed(error) => write!(f, "mapping failed: {error}"),
            Outcome::NotTriggered => f.write_str("not triggered"),
            Outcome::ActionDisabled => f.write_str("action disabled"),
            Outcome::DestinationOff => f.write_str("integrations turn the destination off"),
        }
    }
}

/// A configured action's outcome for one event, in configuration order.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ActionOutcome<'d> {
    /// The configured action.
    pub config: &'d ActionConfig,
    /// What it did.
    pub outcome: Outcome,
}

/// A lint warning about one configured action's trigger.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ActionLint<'d> {
    /// The configured action.
    pub config: &'d ActionConfig,
    /// The warning; its span is in the action's `subscribe` text.
    pub lint: Lint,
}

impl fmt::Display for ActionLint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} (subscribe): {}", self.config.name, self.lint)
    }
}

impl Action {
    /// The action's key in the destination's definition, as a configuration's `partnerAction`
    /// names it: `identifyUser`, `signoutUser`, `trackEvent`, `updateUserId`.
    pub fn partner_action(self) -> &'static str {
        match self {
            Action::IdentifyUser => "identifyUser",
            Action::SignOutUser => "signoutUser",
            Action::TrackEvent => "trackEvent",
            Action::UpdateUserId => "updateUserId",
        }
    }

    /// The action a `partnerAction` key names.
    pub fn from_partner_action(key: &str) -> Option<Action> {
        Action::ALL
            .iter()
            .copied()
            .find(|action| action.partner_action() == key)
    }

    /// The action's default trigger, as text.
    pub fn default_subscribe(self) -> &'static str {
        match self {
            Action::IdentifyUser => r#"type = "identify""#,
            Action::SignOutUser => r#"type = "track" and event = "Signed Out""#,
            Action::TrackEvent => r#"type = "track" and event != "Signed Out""#,
            Action::UpdateUserId => r#"type = "alias""#,
        }
    }

    /// The action's default field mapping: each field's default, as the presets have it.
    pub fn default_mapping(self) -> Value {
        let path = |path: &str| json!({ "@path": path });
        match self {
            Action::IdentifyUser => json!({
                "userId": path("$.userId"),
                "anonymousId": path("$.anonymousId"),
                "traits": path("$.traits"),
            }),
            Action::SignOutUser => json!({}),
            Action::TrackEvent => json!({
                "name": path("$.event"),
                "userId": path("$.userId"),
                "anonymousId": path("$.anonymousId"),
                "properties": path("$.properties"),
            }),
            Action::UpdateUserId => json!({
                "userId": path("$.userId"),
                "anonymousId": path("$.anonymousId"),
            }),
        }
    }
}

impl<A: PartnerAction> ActionConfig<A> {
    /// A configured action from its parts; enabled.
    pub fn new(
        name: impl Into<String>,
        action: A,
        subscribe: Subscription,
        mapping: Mapping,
    ) -> Self {
        let preset_mapping = action.runs_preset(&mapping);
        ActionConfig {
            name: name.into(),
            action,
            enabled: true,
            call_types: subscribe.call_types(),
            subscribe_text: subscribe.to_string(),
            subscribe,
            mapping,
            preset_mapping,
            extra: Map::new(),
        }
    }

    /// A configured action as [`RawAction::compile`] read it.
    pub(crate) fn compiled(compiled: CompiledAction<A>) -> Self {
        let mut config = ActionConfig::new(
            compiled.name,
            compiled.action,
            compiled.subscribe,
            compiled.mapping,
        );
        config.enabled = compiled.enabled;
        config.subscribe_text = compiled.subscribe_text;
        config.extra = compiled.extra;
        config
    }

    /// Switch the action on or off (chainable).
    #[must_use]
    pub fn with_enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// The name the configuration gives the action.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Which of the destination's actions it runs.
    pub fn action(&self) -> A {
        self.action
    }

    /// Whether it is on.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Its trigger.
    pub fn subscribe(&self) -> &Subscription {
        &self.subscribe
    }

    /// Its trigger as the configuration wrote it.
    pub fn subscribe_text(&self) -> &str {
        &self.subscribe_text
    }

    /// Its field mapping.
    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    /// Keys of the configured action this crate does not model (`type`, …), kept as they came.
    pub fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }

    /// Whether the action's trigger can match an event of this call type, judged before
    /// anything else about the event is read.
    #[inline]
    pub(crate) fn may_fire(&self, call_type: CallType) -> bool {
        self.call_types.contains(call_type)
    }

    /// Whether it is on, and the call types its trigger can match (for a destination's plan).
    pub(crate) fn plan(&self) -> (bool, CallTypes) {
        (self.enabled, self.call_types)
    }
}

impl ActionConfig {
    /// The action's preset: its title, default trigger and default mapping, or what in the
    /// crate's own preset constants fails to read (a test proves none does).
    fn preset(action: Action) -> Result<Self, String> {
        let subscribe = Subscription::parse(action.default_subscribe())
            .map_err(|e| format!("{action}: default_subscribe: {e}"))?;
        let mapping = Mapping::new(action.default_mapping())
            .map_err(|e| format!("{action}: default_mapping: {e}"))?;
        let mut config = ActionConfig::new(action.title(), action, subscribe, mapping);
        config.subscribe_text = action.default_subscribe().to_owned();
        Ok(config)
    }

    /// What this action does with an event given as JSON.
    fn outcome_json(&self, event: &Value) -> Outcome {
        if !self.enabled {
            return Outcome::ActionDisabled;
        }
        if !self.subscribe.matches(event) {
            return Outcome::NotTriggered;
        }
        Outcome::of(self.mapping.apply(event).map(|mapped| {
            Payload::from_json(self.action, mapped.as_ref())
                .and_then(|payload| payload.perform(self.action))
        }))
    }

    /// What this action does with `event`, whose JSON tree (built on first need) is `json`.
    /// `call_type` is the event's call type.
    fn outcome(&self, event: &SourceEvent, call_type: CallType, json: &OnceCell<Value>) -> Outcome {
        if !self.enabled {
            return Outcome::ActionDisabled;
        }
        match self.fire(event, call_type, json) {
            None => Outcome::NotTriggered,
            Some(made) => Outcome::of(made),
        }
    }

    /// What the action makes of `event` when its trigger matches (`None` when it does not),
    /// whether or not the action is enabled.
    #[inline]
    fn fire(
        &self,
        event: &SourceEvent,
        call_type: CallType,
        json: &OnceCell<Value>,
    ) -> Option<Made> {
        self.triggers(event, call_type)
            .then(|| self.make(event, json))
    }

    /// Whether the action's trigger matches `event`, whether or not the action is enabled.
    #[inline]
    fn triggers(&self, event: &SourceEvent, call_type: CallType) -> bool {
        self.may_fire(call_type) && self.subscribe.matches_event(&Typed::new(event))
    }

    /// What the action makes of `event`, its trigger aside. `json` is the event's JSON, built
    /// for the first custom mapping that needs it and shared with the others. Inlined into its
    /// callers: as a call it cost the presets' routing measurably (callgrind).
    #[inline(always)]
    fn make(&self, event: &SourceEvent, json: &OnceCell<Value>) -> Made {
        if self.preset_mapping {
            return Ok(Payload::preset(self.action, event)
                .and_then(|payload| payload.perform(self.action)));
        }
        let json = json.get_or_init(|| crate::wire::model_json(event));
        self.mapping.apply(json).map(|mapped| {
            Payload::from_json(self.action, mapped.as_ref())
                .and_then(|payload| payload.perform(self.action))
        })
    }

    /// [`ActionConfig::make`] of an event given up: a preset mapping moves the fields it reads
    /// into the call instead of copying them; a custom mapping reads the event's JSON, `json`.
    fn make_owned(&self, event: SourceEvent, json: &OnceCell<Value>) -> Made {
        if self.preset_mapping {
            return Ok(Payload::preset_owned(self.action, event)
                .and_then(|payload| payload.perform(self.action)));
        }
        self.make(&event, json)
    }
}

impl Default for Destination {
    /// The four presets, each with its default trigger and mapping, and no settings: a copy of
    /// [`Destination::presets`].
    fn default() -> Self {
        Destination::presets().clone()
    }
}

impl Destination {
    /// The default destination, built once: the four presets ([`Action::ALL`], each with its
    /// title, [`Action::default_subscribe`] and [`Action::default_mapping`]) and no settings.
    /// It is the crate's routing: [`sprig_call`](super::sprig_call) and
    /// [`route`](super::route) run it.
    ///
    /// ```
    /// use sprig_events::destination::{Action, Destination};
    ///
    /// let presets = Destination::presets();
    /// let actions: Vec<Action> = presets.actions().iter().map(|a| a.action()).collect();
    /// assert_eq!(actions, Action::ALL);
    /// assert_eq!(*presets, Destination::default());
    /// ```
    pub fn presets() -> &'static Destination {
        &PRESETS
    }

    /// The presets, read from the crate's own constants.
    ///
    /// Invariant: the preset texts parse and the preset mappings validate. They are
    /// compile-time constants, not input, and the test `presets_build` proves they do; a
    /// change that broke one would fail that test, never a user's call.
    #[allow(clippy::expect_used)] // the documented invariant above
    fn build_presets() -> Destination {
        Destination::try_presets().expect("the preset constants read: see the test presets_build")
    }

    /// The presets, or what in the crate's preset constants fails to read.
    pub(crate) fn try_presets() -> Result<Destination, String> {
        let actions = Action::ALL
            .iter()
            .copied()
            .map(ActionConfig::preset)
            .collect::<Result<_, _>>()?;
        Ok(Destination::indexed(None, actions, Map::new()))
    }

    /// A destination with no actions (add them with [`Destination::with_action`]).
    pub fn new(settings: Option<Settings>) -> Self {
        Destination::indexed(settings, Vec::new(), Map::new())
    }

    /// A destination of these parts, with the count of candidate actions per call type.
    fn indexed(
        settings: Option<Settings>,
        actions: Vec<ActionConfig>,
        extra: Map<String, Value>,
    ) -> Self {
        let candidates = call_type_plan(actions.iter().map(ActionConfig::plan));
        Destination {
            settings,
            actions,
            extra,
            candidates,
        }
    }

    /// The same destination with one more action, last (chainable).
    #[must_use]
    pub fn with_action(self, action: ActionConfig) -> Self {
        let mut actions = self.actions;
        actions.push(action);
        Destination::indexed(self.settings, actions, self.extra)
    }

    /// Read a configuration: `{"settings": {…}, "actions": [{"name", "partnerAction",
    /// "enabled", "subscribe", "mapping"}, …]}`. `settings` may be absent, `enabled` defaults
    /// to true, `mapping` to `{}` and `name` to the action's title. Every trigger is parsed
    /// and every mapping validated here; an error names the action and the field
    /// (`actions[1].subscribe: action "Pro plans": …`).
    pub fn from_json(config: &[u8]) -> Result<Destination, Error> {
        let raw: RawDestination<Settings, Action> = read::from_slice(config)?;
        Destination::compile(raw)
    }

    /// [`Destination::from_json`] for a configuration already read as JSON.
    pub fn from_value(config: Value) -> Result<Destination, Error> {
        let raw: RawDestination<Settings, Action> = read::from_value(config)?;
        Destination::compile(raw)
    }

    fn compile(raw: RawDestination<Settings, Action>) -> Result<Destination, Error> {
        if let Some(settings) = &raw.settings {
            if let Err(error) = settings.validate() {
                return Err(Error::data(
                    format!("settings.{}", error.field()),
                    error.message(),
                ));
            }
        }
        let actions = raw
            .actions
            .into_iter()
            .enumerate()
            .map(|(index, raw)| raw.compile(index).map(ActionConfig::compiled))
            .collect::<Result<_, _>>()?;
        Ok(Destination::indexed(raw.settings, actions, raw.extra))
    }

    /// The settings, when the configuration has them.
    pub fn settings(&self) -> Option<&Settings> {
        self.settings.as_ref()
    }

    /// The configured actions, in order.
    pub fn actions(&self) -> &[ActionConfig] {
        &self.actions
    }

    /// What every configured action does with `event`, in configuration order.
    pub fn route(&self, event: &SourceEvent) -> Vec<ActionOutcome<'_>> {
        let on = destination_on(event);
        let call_type = event.call_type();
        let json = OnceCell::new();
        self.actions
            .iter()
            .map(|config| ActionOutcome {
                config,
                outcome: if !on {
                    Outcome::DestinationOff
                } else if !config.enabled {
                    Outcome::ActionDisabled
                } else if !config.may_fire(call_type) {
                    Outcome::NotTriggered
                } else {
                    config.outcome(event, call_type, &json)
                },
            })
            .collect()
    }

    /// What every configured action does with an event given as raw JSON, exactly as the
    /// reference runtime sees it: triggers and mappings (the default ones included) read the
    /// JSON as it is, so an id sent as a number stays a number (`userId = "123"` does not match
    /// `"userId": 123`, which [`Destination::route`] reads as the text `"123"`). Anything but a
    /// JSON object triggers no action.
    pub fn route_json(&self, event: &Value) -> Vec<ActionOutcome<'_>> {
        let on = match event.get("integrations") {
            Some(Value::Object(integrations)) => {
                integrations_enable(integrations, INTEGRATION_NAME)
            }
            _ => true,
        };
        self.actions
            .iter()
            .map(|config| ActionOutcome {
                config,
                outcome: if on {
                    config.outcome_json(event)
                } else {
                    Outcome::DestinationOff
                },
            })
            .collect()
    }

    /// The calls `event` makes: one per action that triggers and sends, in configuration order.
    ///
    /// One allocation, sized for the actions that may fire on the event's call type, and none
    /// when none may. [`Destination::extend_calls`] writes into a buffer of yours instead.
    pub fn calls(&self, event: &SourceEvent) -> Vec<SprigCall> {
        let mut calls = match self.candidates(event) {
            0 => return Vec::new(),
            n => Vec::with_capacity(n),
        };
        self.each_call(event, |call| calls.push(call));
        calls
    }

    /// [`Destination::calls`], appended to `calls`: a buffer reused from event to event spares
    /// the allocation a fresh `Vec` costs, the largest part of routing an event through the
    /// presets.
    ///
    /// ```
    /// use sprig_events::destination::Destination;
    /// use sprig_events::parse_batch;
    ///
    /// let batch = parse_batch(br#"{"batch": [
    ///     {"type": "identify", "userId": "u1"},
    ///     {"type": "page", "userId": "u1"},
    ///     {"type": "track", "event": "Signed Out", "userId": "u1"}
    /// ]}"#)?;
    /// let destination = Destination::default();
    /// let mut calls = Vec::new();
    /// for event in &batch {
    ///     calls.clear();
    ///     destination.extend_calls(event, &mut calls);
    ///     assert_eq!(calls, destination.calls(event));
    /// }
    /// assert_eq!(calls.len(), 1); // the sign-out
    /// # Ok::<(), sprig_events::Error>(())
    /// ```
    pub fn extend_calls(&self, event: &SourceEvent, calls: &mut impl Extend<SprigCall>) {
        if self.candidates(event) > 0 {
            self.each_call(event, |call| calls.extend(Some(call)));
        }
    }

    /// [`Destination::calls`] of an event the caller is done with: the last action that fires
    /// takes the event's fields into its call, where `calls` copies them. An action before it
    /// copies what it reads, as `calls` does.
    ///
    /// With the presets, or any configuration whose triggers do not overlap, the one call an
    /// event makes is built from the event itself. A custom mapping reads the event's JSON and
    /// copies from it either way.
    ///
    /// ```
    /// use sprig_events::destination::Destination;
    /// use sprig_events::parse_source_event;
    ///
    /// let event = parse_source_event(
    ///     br#"{"type": "track", "event": "Opened", "userId": "u1", "properties": {"plan": "pro"}}"#,
    /// )?;
    /// let destination = Destination::default();
    /// let calls = destination.calls(&event);
    /// assert_eq!(destination.into_calls(event), calls);
    /// assert_eq!(
    ///     serde_json::to_string(&calls).unwrap(),
    ///     r#"[["identifyAndTrack",{"eventName":"Opened","userId":"u1","properties":{"plan": "pro"}}]]"#
    /// );
    /// # Ok::<(), sprig_events::Error>(())
    /// ```
    pub fn into_calls(&self, event: SourceEvent) -> Vec<SprigCall> {
        let mut calls = match self.candidates(&event) {
            0 => return Vec::new(),
            n => Vec::with_capacity(n),
        };
        let call_type = event.call_type();
        let json = OnceCell::new();
        // The triggers read the event, so each is asked before any call takes from it; an
        // action that fires is made once the next one is known, the last from the event itself.
        let mut fired: Option<&ActionConfig> = None;
        for config in &self.actions {
            if !config.enabled || !config.triggers(&event, call_type) {
                continue;
            }
            if let Some(Ok(Ok(call))) = fired.replace(config).map(|c| c.make(&event, &json)) {
                calls.push(call);
            }
        }
        if let Some(Ok(Ok(call))) = fired.map(|config| config.make_owned(event, &json)) {
            calls.push(call);
        }
        calls
    }

    /// How many enabled actions may fire on `event`, judged by its call type; 0 as well when
    /// its `integrations` turn the destination off.
    fn candidates(&self, event: &SourceEvent) -> usize {
        let count = self
            .candidates
            .get(event.call_type() as usize)
            .copied()
            .unwrap_or(0);
        if count > 0 && destination_on(event) {
            count
        } else {
            0
        }
    }

    /// Each call `event` makes, in configuration order, given to `call`.
    #[inline]
    fn each_call(&self, event: &SourceEvent, mut call: impl FnMut(SprigCall)) {
        let call_type = event.call_type();
        let json = OnceCell::new();
        for config in &self.actions {
            if !config.enabled || !config.may_fire(call_type) {
                continue;
            }
            if let Some(Ok(Ok(made))) = config.fire(event, call_type, &json) {
                call(made);
            }
        }
    }

    /// The first enabled action whose trigger matches `event`; `None` when none does or the
    /// event's `integrations` turn the destination off.
    #[inline]
    pub(super) fn first_triggered(&self, event: &SourceEvent) -> Option<&ActionConfig> {
        if self.candidates(event) == 0 {
            return None;
        }
        let call_type = event.call_type();
        self.actions
            .iter()
            .find(|config| config.enabled && config.triggers(event, call_type))
    }

    /// The first call `event` makes: for the presets, whose triggers never overlap,
    /// `calls(event)`'s only one.
    #[inline]
    pub(super) fn first_call(&self, event: &SourceEvent) -> Option<SprigCall> {
        let mut first = None;
        if self.candidates(event) > 0 {
            let call_type = event.call_type();
            let json = OnceCell::new();
            first = self.actions.iter().find_map(|config| {
                if !config.enabled || !config.may_fire(call_type) {
                    return None;
                }
                match config.fire(event, call_type, &json) {
                    Some(Ok(Ok(call))) => Some(call),
                    _ => None,
                }
            });
        }
        first
    }

    /// What the first action that triggers on `event` does with it, as a [`Route`].
    pub(super) fn first_route(&self, event: &SourceEvent) -> Route {
        if !destination_on(event) {
            return Route::Disabled;
        }
        match self.first_triggered(event) {
            None => Route::NoAction,
            Some(config) => Route::of(config.action, config.make(event, &OnceCell::new())),
        }
    }

    /// [`Destination::first_route`] of an event given up: the call takes the event's fields
    /// instead of copies of them.
    pub(super) fn first_route_owned(&self, event: SourceEvent) -> Route {
        if !destination_on(&event) {
            return Route::Disabled;
        }
        match self.first_triggered(&event) {
            None => Route::NoAction,
            Some(config) => Route::of(config.action, config.make_owned(event, &OnceCell::new())),
        }
    }

    /// Warnings about triggers that do not mean what they seem to, action by action.
    pub fn lint(&self) -> Vec<ActionLint<'_>> {
        self.actions
            .iter()
            .flat_map(|config| {
                config
                    .subscribe
                    .lint()
                    .into_iter()
                    .map(move |lint| ActionLint { config, lint })
            })
            .collect()
    }
}

fn destination_on(event: &SourceEvent) -> bool {
    event
        .integrations()
        .is_none_or(|integrations| integrations.enables(INTEGRATION_NAME))
}

pub(crate) mod sealed {
    /// Only the crate's own sets of actions are [`PartnerAction`](super::PartnerAction)s.
    pub trait Sealed {}
}

/// The actions a configuration's `partnerAction` may name, and so what an [`ActionConfig`]
/// runs: `sprig-web`'s ([`Action`]) or Sprig Cloud's ([`CloudAction`](crate::api::CloudAction)).
/// Both read their configuration the same way. Sealed: these two are all there are.
pub trait PartnerAction: Copy + Sized + sealed::Sealed {
    /// The keys, for the error that names an unknown one: `identifyUser, … or …`.
    #[doc(hidden)]
    const EXPECTED: &'static str;

    /// The action a `partnerAction` key names.
    #[doc(hidden)]
    fn from_key(key: &str) -> Option<Self>;

    /// Its title, the name of a configured action that has none.
    #[doc(hidden)]
    fn action_title(self) -> &'static str;

    /// Whether `mapping` is the action's default, which routing may read from the typed event
    /// instead of running it.
    #[doc(hidden)]
    fn runs_preset(self, mapping: &Mapping) -> bool;
}

impl sealed::Sealed for Action {}

impl PartnerAction for Action {
    const EXPECTED: &'static str = "identifyUser, signoutUser, trackEvent or updateUserId";

    fn from_key(key: &str) -> Option<Self> {
        Action::from_partner_action(key)
    }

    fn action_title(self) -> &'static str {
        self.title()
    }

    fn runs_preset(self, mapping: &Mapping) -> bool {
        *mapping.as_json() == self.default_mapping()
    }
}

/// A configuration as written, before its triggers and mappings are compiled: settings of
/// type `S`, actions of kind `A`.
#[derive(Deserialize)]
#[serde(bound(deserialize = "S: Deserialize<'de>, A: PartnerAction"))]
pub(crate) struct RawDestination<S, A> {
    #[serde(default = "none")]
    pub(crate) settings: Option<S>,
    #[serde(default = "Vec::new")]
    pub(crate) actions: Vec<RawAction<A>>,
    #[serde(flatten)]
    pub(crate) extra: Map<String, Value>,
}

fn none<S>() -> Option<S> {
    None
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "A: PartnerAction"))]
pub(crate) struct RawAction<A> {
    #[serde(default)]
    name: Option<String>,
    #[serde(deserialize_with = "partner_action")]
    partner_action: A,
    #[serde(default)]
    enabled: Option<bool>,
    subscribe: String,
    #[serde(default)]
    mapping: Option<Value>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

fn partner_action<'de, D: Deserializer<'de>, A: PartnerAction>(d: D) -> Result<A, D::Error> {
    let key = String::deserialize(d)?;
    A::from_key(&key).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "unknown partnerAction {key:?}: expected {}",
            A::EXPECTED
        ))
    })
}

/// A configured action once its trigger is parsed and its mapping validated.
pub(crate) struct CompiledAction<A> {
    pub(crate) name: String,
    pub(crate) action: A,
    pub(crate) enabled: bool,
    pub(crate) subscribe_text: String,
    pub(crate) subscribe: Subscription,
    pub(crate) mapping: Mapping,
    pub(crate) extra: Map<String, Value>,
}

impl<A: PartnerAction> RawAction<A> {
    /// Parse the trigger and validate the mapping of the action at `actions[index]`; an error
    /// names the action and the field (`actions[1].subscribe: action "Pro plans": …`).
    pub(crate) fn compile(self, index: usize) -> Result<CompiledAction<A>, Error> {
        let name = self
            .name
            .unwrap_or_else(|| self.partner_action.action_title().to_owned());
        let error = |field: &str, problem: ActionProblem| Error::Action {
            path: format!("actions[{index}].{field}"),
            action: name.clone(),
            problem,
        };
        let subscribe = Subscription::parse(&self.subscribe)
            .map_err(|e| error("subscribe", ActionProblem::Subscription(e)))?;
        let mapping = Mapping::new(self.mapping.unwrap_or_else(|| Value::Object(Map::new())))
            .map_err(|e| error("mapping", ActionProblem::Mapping(e)))?;
        Ok(CompiledAction {
            name,
            action: self.partner_action,
            enabled: self.enabled.unwrap_or(true),
            subscribe_text: self.subscribe,
            subscribe,
            mapping,
            extra: self.extra,
        })
    }
}

/// How many call types there are: the slots of a per-call-type plan.
pub(crate) const CALL_TYPES: usize = CallType::ALL.len();

/// The per-call-type plan of a list of actions, given as (enabled, call types its trigger can
/// match): for each call type (by its position in `CallType::ALL`), how many enabled actions
/// may fire on it. Routing asks no action of a call type it cannot match.
pub(crate) fn call_type_plan(
    actions: impl Iterator<Item = (bool, CallTypes)> + Clone,
) -> [usize; CALL_TYPES] {
    let mut candidates = [0; CALL_TYPES];
    for (call_type, count) in CallType::ALL.iter().zip(candidates.iter_mut()) {
        *count = actions
            .clone()
            .filter(|(enabled, call_types)| *enabled && call_types.contains(*call_type))
            .count();
    }
    candidates
}

impl Serialize for ActionConfig {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = Map::new();
        map.insert("name".into(), Value::String(self.name.clone()));
        map.insert(
            "partnerAction".into(),
            Value::String(self.action.partner_action().into()),
        );
        map.insert("enabled".into(), Value::Bool(self.enabled));
        map.insert(
            "subscribe".into(),
            Value::String(self.subscribe_text.clone()),
        );
        map.insert("mapping".into(), self.mapping.as_json().clone());
        for (key, value) in &self.extra {
            map.entry(key.clone()).or_insert_with(|| value.clone());
        }
        map.serialize(s)
    }
}

impl Serialize for Destination {
    /// The configuration JSON [`Destination::from_json`] reads, keys it does not model included.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        if let Some(settings) = &self.settings {
            map.serialize_entry("settings", settings)?;
        }
        map.serialize_entry("actions", &self.actions)?;
        for (key, value) in &self.extra {
            if key != "settings" && key != "actions" {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The invariant `Destination::build_presets` relies on: the preset constants read.
    #[test]
    fn presets_build() {
        let presets = Destination::try_presets();
        assert_eq!(presets.as_ref().err(), None);
        assert_eq!(
            Destination::presets(),
            &presets.unwrap_or_else(|_| Destination::new(None))
        );
        assert_eq!(Destination::presets().actions().len(), Action::ALL.len());
    }
}
