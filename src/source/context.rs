//! `context`: what the sending library knew about the device, the app and the page.

use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};

use crate::wire::model::{Model, NullFields, Walk};
use crate::wire::tolerance::{Loose, LooseTarget, NullIsValue, TextOrNumber};
use crate::wire::Extra;

/// An event's `context` as it came, read into a [`Context`] the first time it is asked for.
///
/// Routing through the presets does not read `context` (a configured destination whose
/// triggers or mappings name it does, and so does [`user_update`](crate::api::user_update) for
/// an identify without `traits`), and on a short event it is about a third of the bytes and half
/// the parsing time. So parsing an event checks that `context` is well-formed JSON and keeps its text;
/// [`get`](Self::get) reads it, once.
///
/// - Untouched, it is written back exactly as it came, white space included.
/// - Read with [`get`](Self::get), it is what reading it at once would have given; it is still
///   written as it came.
/// - Edited through [`get_mut`](Self::get_mut), the edited value is what is written.
/// - Equality compares the values read, so two contexts that differ only in white space are
///   equal.
///
/// A context object that repeats a key the model knows (`{"ip": "a", "ip": "b"}`) reads as
/// [`Loose::Other`], kept as it came, where JavaScript would take the last value.
///
/// ```
/// use sprig_events::parse_source_event;
///
/// let event = parse_source_event(
///     br#"{"type": "track", "event": "Opened", "context": {"ip": "203.0.113.7",  "locale": "fr-FR"}}"#,
/// )?;
/// assert_eq!(event.context().and_then(|c| c.locale.as_ref()?.typed().cloned()).as_deref(), Some("fr-FR"));
/// // Written back as it came, white space included.
/// assert!(serde_json::to_string(&event)?.contains(r#""context":{"ip": "203.0.113.7",  "locale": "fr-FR"}"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct LazyContext(Inner);

#[derive(Clone)]
enum Inner {
    /// The text as it came, and its value once read.
    Raw(Box<RawValue>, OnceLock<Loose<Box<Context>>>),
    /// A value given or edited.
    Owned(Loose<Box<Context>>),
}

impl LazyContext {
    /// The context, read from its text the first time.
    pub fn get(&self) -> &Loose<Box<Context>> {
        match &self.0 {
            Inner::Raw(raw, read) => read.get_or_init(|| read_context(raw)),
            Inner::Owned(value) => value,
        }
    }

    /// The context, to edit: from now on the edited value is what is written.
    pub fn get_mut(&mut self) -> &mut Loose<Box<Context>> {
        owned(&mut self.0)
    }

    /// The context, read.
    pub fn into_inner(self) -> Loose<Box<Context>> {
        match self.0 {
            Inner::Raw(raw, read) => read.into_inner().unwrap_or_else(|| read_context(&raw)),
            Inner::Owned(value) => value,
        }
    }

    /// The JSON text as it came, while the context has not been edited.
    pub fn raw(&self) -> Option<&str> {
        match &self.0 {
            Inner::Raw(raw, _) => Some(raw.get()),
            Inner::Owned(_) => None,
        }
    }

    /// Whether the context is JSON `null`.
    pub fn is_null(&self) -> bool {
        match &self.0 {
            Inner::Raw(raw, _) => raw.get() == "null",
            Inner::Owned(value) => matches!(value, Loose::Other(Value::Null)),
        }
    }
}

/// The owned value of `inner`, reading its text first if it has not been.
fn owned(inner: &mut Inner) -> &mut Loose<Box<Context>> {
    match inner {
        Inner::Owned(value) => value,
        Inner::Raw(raw, read) => {
            let value = read.take().unwrap_or_else(|| read_context(raw));
            *inner = Inner::Owned(value);
            owned(inner)
        }
    }
}

/// A context's text read as a [`Context`]; what the model cannot read (a repeated key) is kept
/// as it came.
fn read_context(raw: &RawValue) -> Loose<Box<Context>> {
    let text = raw.get();
    match crate::wire::read::from_str::<Loose<Box<Context>>>(text) {
        Ok(value) => value,
        // The text is JSON whose nesting the parse checked, so it reads as a value.
        Err(_) => Loose::Other(serde_json::from_str(text).unwrap_or(Value::Null)),
    }
}

impl From<Loose<Box<Context>>> for LazyContext {
    fn from(value: Loose<Box<Context>>) -> Self {
        LazyContext(Inner::Owned(value))
    }
}

impl From<Context> for LazyContext {
    fn from(context: Context) -> Self {
        LazyContext(Inner::Owned(Loose::Typed(Box::new(context))))
    }
}

impl From<Box<Context>> for LazyContext {
    fn from(context: Box<Context>) -> Self {
        LazyContext(Inner::Owned(Loose::Typed(context)))
    }
}

impl Default for LazyContext {
    /// An empty context object.
    fn default() -> Self {
        Context::default().into()
    }
}

impl PartialEq for LazyContext {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl fmt::Debug for LazyContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

impl Serialize for LazyContext {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Inner::Raw(raw, _) => raw.serialize(s),
            Inner::Owned(value) => value.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for LazyContext {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        if nests_deeper_than(raw.get().as_bytes(), CONTEXT_DEPTH) {
            return Err(serde::de::Error::custom("recursion limit exceeded"));
        }
        Ok(LazyContext(Inner::Raw(raw, OnceLock::new())))
    }
}

/// How deep `context` may nest, itself included: serde_json reads at most 127 levels, and the
/// object that holds it (an event, or a batch for the batch's own `context`) is one of them.
const CONTEXT_DEPTH: usize = 126;

/// Whether arrays and objects in the JSON `text` nest deeper than `limit`. Reading the raw text
/// skips serde_json's own check, which reading it whole would have made.
fn nests_deeper_than(text: &[u8], limit: usize) -> bool {
    // Each level takes an opening and a closing bracket, so a text of at most twice the limit
    // cannot nest past it, nor can one with fewer opening brackets than the limit: two quick
    // checks for the common case, and the exact scan (outside strings) only for the rest.
    if text.len() <= limit.saturating_mul(2)
        || text.iter().filter(|b| matches!(b, b'[' | b'{')).count() <= limit
    {
        return false;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in text {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

impl Walk for LazyContext {
    fn walk(&self, at: &mut String, out: &mut Vec<String>) {
        self.get().walk(at, out);
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for LazyContext {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Loose<Box<Context>>>::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Loose<Box<Context>>>::json_schema(generator)
    }
}

/// An event's `context`, with the standard keys typed; any other key is kept in `extra`.
/// A standard key whose value is not of the spec's type is kept as it came ([`Loose`]):
/// the destination never reads `context`, so no value there stops an event.
///
/// The sub-objects are boxed: most events carry few of them, and a flat `Context` would be
/// copied whole each time an event moves.
#[derive(Clone, Debug, Default, Model)]
#[model(walk)]
pub struct Context {
    /// `active`: whether the user is active (false for server-side events on their behalf).
    #[model(with = NullIsValue)]
    pub active: Option<Loose<bool>>,
    /// `app`: the sending app.
    #[model(with = NullIsValue)]
    pub app: Option<Loose<Box<App>>>,
    /// `campaign`: UTM parameters of the visit.
    #[model(with = NullIsValue)]
    pub campaign: Option<Loose<Box<Campaign>>>,
    /// `device`: the device.
    #[model(with = NullIsValue)]
    pub device: Option<Loose<Box<Device>>>,
    /// `ip`: the user's IP address.
    #[model(with = NullIsValue)]
    pub ip: Option<Loose<String>>,
    /// `library`: the library that sent the event.
    #[model(with = NullIsValue)]
    pub library: Option<Loose<Box<Library>>>,
    /// `locale`: e.g. `en-US`.
    #[model(with = NullIsValue)]
    pub locale: Option<Loose<String>>,
    /// `location`: where the user is.
    #[model(with = NullIsValue)]
    pub location: Option<Loose<Box<Location>>>,
    /// `network`: the device's connection.
    #[model(with = NullIsValue)]
    pub network: Option<Loose<Box<Network>>>,
    /// `os`: the operating system.
    #[model(with = NullIsValue)]
    pub os: Option<Loose<Box<Os>>>,
    /// `page`: the web page.
    #[model(with = NullIsValue)]
    pub page: Option<Loose<Box<Page>>>,
    /// `referrer`: what referred the user.
    #[model(with = NullIsValue)]
    pub referrer: Option<Loose<Box<Referrer>>>,
    /// `screen`: the screen's size.
    #[model(with = NullIsValue)]
    pub screen: Option<Loose<Box<Screen>>>,
    /// `timezone`: e.g. `Europe/Berlin`.
    #[model(with = NullIsValue)]
    pub timezone: Option<Loose<String>>,
    /// `groupId`: the account or group the event belongs to.
    #[model(with = NullIsValue)]
    pub group_id: Option<Loose<String>>,
    /// `traits`: user traits sent along with a non-identify call.
    #[model(with = NullIsValue)]
    pub traits: Option<Loose<Map<String, Value>>>,
    /// `userAgent`: the browser's user agent.
    #[model(with = NullIsValue)]
    pub user_agent: Option<Loose<String>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// `context.app`.
#[derive(Clone, Debug, Default, Model)]
#[model(walk)]
pub struct App {
    /// `name`.
    #[model(with = NullIsValue)]
    pub name: Option<Loose<String>>,
    /// `version`, a string or a number.
    #[model(with = NullIsValue)]
    pub version: Option<Loose<TextOrNumber>>,
    /// `build`, a string or a number.
    #[model(with = NullIsValue)]
    pub build: Option<Loose<TextOrNumber>>,
    /// `namespace`, e.g. a bundle id.
    #[model(with = NullIsValue)]
    pub namespace: Option<Loose<String>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// `context.campaign`: UTM parameters.
#[derive(Clone, Debug, Default, Model)]
#[model(walk)]
pub struct Campaign {
    /// `name` (`utm_campaign`).
    #[model(with = NullIsValue)]
    pub name: Option<Loose<String>>,
    /// `source` (`utm_source`).
    #[model(with = NullIsValue)]
    pub source: Option<Loose<String>>,
    /// `medium` (`utm_medium`).
    #[model(with = NullIsValue)]
    pub medium: Option<Loose<String>>,
    /// `term` (`utm_term`).
    #[model(with = NullIsValue)]
    pub term: Option<Loose<String>>,
    /// `content` (`utm_content`).
    #[model(with = NullIsValue)]
    pub content: Option<Loose<String>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// `context.device`.
#[derive(Clone, Debug, Default, Model)]
#[model(walk)]
pub struct Device {
    /// `id`.
    #[model(with = NullIsValue)]
    pub id: Option<Loose<String>>,
    /// `advertisingId`.
    #[model(with = NullIsValue)]
    pub advertising_id: Option<Loose<String>>,
    /// `adTrackingEnabled`.
    #[model(with = NullIsValue)]
    pub ad_tracking_enabled: Option<Loose<bool>>,
    /// `manufacturer`.
    #[model(with = NullIsValue)]
    pub manufacturer: Option<Loose<String>>,
    /// `model`.
    #[model(with = NullIsValue)]
    pub model: Option<Loose<String>>,
    /// `name`.
    #[model(with = NullIsValue)]
    pub name: Option<Loose<String>>,
    /// `type`, e.g. `ios`, `android`.
    #[model(rename = "type", with = NullIsValue)]
    pub device_type: Option<Loose<String>>,
    /// `token`: a push token.
    #[model(with = NullIsValue)]
    pub token: Option<Loose<String>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// `context.library`.
#[derive(Clone, Debug, Default, Model)]
#[model(walk)]
pub struct Library {
    /// `name`, e.g. `analytics.js`.
    #[model(with = NullIsValue)]
    pub name: Option<Loose<String>>,
    /// `version`.
    #[model(with = NullIsValue)]
    pub version: Option<Loose<TextOrNumber>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// `context.location`.
#[derive(Clone, Debug, Default, Model)]
#[model(walk)]
pub struct Location {
    /// `city`.
    #[model(with = NullIsValue)]
    pub city: Option<Loose<String>>,
    /// `country`.
    #[model(with = NullIsValue)]
    pub country: Option<Loose<String>>,
    /// `latitude`.
    #[model(with = NullIsValue)]
    pub latitude: Option<Loose<Number>>,
    /// `longitude`.
    #[model(with = NullIsValue)]
    pub longitude: Option<Loose<Number>>,
    /// `region`.
    #[model(with = NullIsValue)]
    pub region: Option<Loose<String>>,
    /// `speed`.
    #[model(with = NullIsValue)]
    pub speed: Option<Loose<Number>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// `context.network`.
#[derive(Clone, Debug, Default, Model)]
#[model(walk)]
pub struct Network {
    /// `bluetooth`.
    #[model(with = NullIsValue)]
    pub bluetooth: Option<Loose<bool>>,
    /// `carrier`.
    #[model(with = NullIsValue)]
    pub carrier: Option<Loose<String>>,
    /// `cellular`.
    #[model(with = NullIsValue)]
    pub cellular: Option<Loose<bool>>,
    /// `wifi`.
    #[model(with = NullIsValue)]
    pub wifi: Option<Loose<bool>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// `context.os`.
#[derive(Clone, Debug, Default, Model)]
#[model(walk)]
pub struct Os {
    /// `name`.
    #[model(with = NullIsValue)]
    pub name: Option<Loose<String>>,
    /// `version`.
    #[model(with = NullIsValue)]
    pub version: Option<Loose<TextOrNumber>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// `context.page`.
#[derive(Clone, Debug, Default, Model)]
#[model(walk)]
pub struct Page {
    /// `path`.
    #[model(with = NullIsValue)]
    pub path: Option<Loose<String>>,
    /// `referrer`.
    #[model(with = NullIsValue)]
    pub referrer: Option<Loose<String>>,
    /// `search`.
    #[model(with = NullIsValue)]
    pub search: Option<Loose<String>>,
    /// `title`.
    #[model(with = NullIsValue)]
    pub title: Option<Loose<String>>,
    /// `url`.
    #[model(with = NullIsValue)]
    pub url: Option<Loose<String>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// `context.referrer`.
#[derive(Clone, Debug, Default, Model)]
#[model(walk)]
pub struct Referrer {
    /// `id`.
    #[model(with = NullIsValue)]
    pub id: Option<Loose<String>>,
    /// `type`.
    #[model(rename = "type", with = NullIsValue)]
    pub referrer_type: Option<Loose<String>>,
    /// `name`.
    #[model(with = NullIsValue)]
    pub name: Option<Loose<String>>,
    /// `url`.
    #[model(with = NullIsValue)]
    pub url: Option<Loose<String>>,
    /// `link`.
    #[model(with = NullIsValue)]
    pub link: Option<Loose<String>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// `context.screen`.
#[derive(Clone, Debug, Default, Model)]
#[model(walk)]
pub struct Screen {
    /// `width`.
    #[model(with = NullIsValue)]
    pub width: Option<Loose<Number>>,
    /// `height`.
    #[model(with = NullIsValue)]
    pub height: Option<Loose<Number>>,
    /// `density`.
    #[model(with = NullIsValue)]
    pub density: Option<Loose<Number>>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// Context objects are read from any JSON object: every key of theirs keeps any value.
macro_rules! loose_objects {
    ($($ty:ty),*) => { $(
        impl crate::wire::tolerance::sealed::Sealed for $ty {}
        impl LooseTarget for $ty { const FROM_OBJECT: bool = true; }
    )* };
}
loose_objects!(
    Context, App, Campaign, Device, Library, Location, Network, Os, Page, Referrer, Screen
);
