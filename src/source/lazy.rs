//! Open parts of an event (`context`, `properties`, `traits`) kept as their JSON text until read.

use std::fmt;
use std::sync::OnceLock;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::context::Context;
use crate::wire::model::Walk;
use crate::wire::Loose;

/// A part of an event as it came, read into a `T` the first time it is asked for.
///
/// An event's `context`, `properties` and `traits` are most of its bytes, and most of the
/// time it takes to read it, and routing through the presets reads few of them: never
/// `context`, nor the `properties` of a page or a screen, nor the `traits` of a group, and a
/// track's `properties` only to pass them on ([`LazyObject`]: Track Event hands their text to
/// the call). So parsing an event checks that each of these is well-formed JSON and keeps its
/// text; [`get`](Self::get) reads it, once. An identify's `traits`, which Identify User reads
/// (to move a truthy `email` to `!email`), are read at once, and hold their value from the
/// start.
///
/// - Untouched, a part kept as text is written back exactly as it came, white space included.
/// - Read with [`get`](Self::get), it is what reading it at once would have given; it is still
///   written as it came.
/// - Edited through [`get_mut`](Self::get_mut), the edited value is what is written.
/// - Equality compares the values read, so two parts that differ only in white space are
///   equal; `Debug` shows the value read.
/// - A text the parse would have refused had it been read at once (a number out of the double
///   range, a lone surrogate escape, nesting past serde_json's limit) is refused by the parse
///   all the same: a data error whose path names the part, and whose line and column count
///   within the part's text.
/// - A serializer other than serde_json's writes a part kept as text as serde_json writes a
///   [`RawValue`] to it (a struct of one private field holding the text), read or not; for
///   such a format, convert the event with `serde_json::to_value` first, which writes the
///   value.
///
/// The two kinds an event holds are [`LazyContext`] and [`LazyValue`]; a Track Event call holds
/// a [`LazyObject`].
///
/// ```
/// use serde_json::json;
/// use sprig_events::parse_source_event;
/// use sprig_events::source::{LazyValue, SourceEvent};
///
/// let event = parse_source_event(
///     br#"{"type": "page", "name": "Pricing", "properties": {"plan":  "pro"}}"#,
/// )?;
/// let SourceEvent::Page(mut page) = event else { unreachable!() };
/// let properties = page.properties.as_ref().map(LazyValue::get);
/// assert_eq!(properties, Some(&json!({"plan": "pro"})));
/// // Read, it is still written as it came, white space included ...
/// assert!(serde_json::to_string(&page)?.contains(r#""properties":{"plan":  "pro"}"#));
/// // ... and edited, as edited.
/// if let Some(properties) = &mut page.properties {
///     properties.get_mut()["plan"] = json!("team");
/// }
/// assert!(serde_json::to_string(&page)?.contains(r#""properties":{"plan":"team"}"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Lazy<T: Lazily>(Inner<T>);

/// An event's `context` as it came, read into a [`Context`] when first asked for.
///
/// A context object that repeats a key (`{"ip": "a", "ip": "b"}`) reads with the last value,
/// as JavaScript reads it, and is written back as it came while untouched.
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
pub type LazyContext = Lazy<Loose<Box<Context>>>;

/// An event's `properties` or `traits` as they came, read into a [`Value`] when first asked for.
///
/// ```
/// use serde_json::json;
/// use sprig_events::source::{Identify, LazyValue};
///
/// // Built from a value, as the setters do.
/// let identify = Identify::default().with_traits(json!({"plan": "pro"}));
/// assert_eq!(identify.traits.as_ref().map(LazyValue::get), Some(&json!({"plan": "pro"})));
/// ```
pub type LazyValue = Lazy<Value>;

/// A JSON object as it came, read into a map when first asked for: the `properties` a Track
/// Event call passes on ([`TrackArgs`](crate::destination::TrackArgs)).
///
/// Routing an event whose `properties` were kept as text hands that text to the call, which
/// writes it as it came: the object is neither read nor copied key by key. Deserializing one
/// refuses any JSON value but an object.
///
/// ```
/// use serde_json::json;
/// use sprig_events::destination::{sprig_call, SprigCall};
/// use sprig_events::parse_source_event;
///
/// let event = parse_source_event(
///     br#"{"type": "track", "event": "Opened", "userId": "u1", "properties": {"plan":  "pro"}}"#,
/// )?;
/// let Some(SprigCall::IdentifyAndTrack(args)) = sprig_call(&event) else { unreachable!() };
/// let properties = args.properties.as_ref().expect("an object");
/// assert_eq!(properties.get().get("plan"), Some(&json!("pro")));
/// // Passed on as it came, white space included.
/// assert_eq!(properties.raw(), Some(r#"{"plan":  "pro"}"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type LazyObject = Lazy<Map<String, Value>>;

#[derive(Clone)]
enum Inner<T> {
    /// The text as it came, and its value once read.
    Raw(Box<RawValue>, OnceLock<T>),
    /// A value given or edited.
    Owned(T),
}

/// What a [`Lazy`] can hold: a `serde_json::Value`, a JSON object's map, or an event's context.
/// Sealed.
pub trait Lazily: Sized + sealed::Sealed {}

impl Lazily for Value {}
impl Lazily for Map<String, Value> {}
impl Lazily for Loose<Box<Context>> {}

mod sealed {
    use serde_json::{Map, Value};

    use super::Context;
    use crate::wire::Loose;

    /// What the crate asks of a [`Lazily`](super::Lazily) type; out of reach outside it.
    pub trait Sealed: Sized {
        /// The value of a text the parse has checked: well-formed JSON, nested no deeper than
        /// serde_json reads, with every number in the double range and no lone surrogate.
        fn read(text: &str) -> Self;
        /// Whether the value is JSON `null`.
        fn is_null(&self) -> bool;
        /// Whether a well-formed JSON text is of the kind `Self` holds: anything, but for an
        /// object.
        fn holds(_text: &str) -> bool {
            true
        }
    }

    impl Sealed for Value {
        fn read(text: &str) -> Self {
            match crate::wire::read::from_str::<Value>(text) {
                Ok(value) => value,
                // Unreachable: a checked text reads as a value (see `read`). Tests and fuzzing,
                // built with debug assertions, would stop here if it were not.
                Err(error) => {
                    debug_assert!(false, "a checked text did not read: {error}");
                    Value::Null
                }
            }
        }

        fn is_null(&self) -> bool {
            Value::is_null(self)
        }
    }

    impl Sealed for Map<String, Value> {
        fn read(text: &str) -> Self {
            match Value::read(text) {
                Value::Object(map) => map,
                // Unreachable: a text is kept as an object only when `holds` says it is one.
                other => {
                    debug_assert!(false, "a text kept as an object read as {other}");
                    Map::new()
                }
            }
        }

        fn is_null(&self) -> bool {
            false
        }

        fn holds(text: &str) -> bool {
            super::is_object_text(text)
        }
    }

    impl Sealed for Loose<Box<Context>> {
        /// Any object reads (every key keeps any value, a repeated one its last); what is not
        /// an object is kept as it came.
        fn read(text: &str) -> Self {
            match crate::wire::read::from_str::<Loose<Box<Context>>>(text) {
                Ok(value) => value,
                Err(_) => Loose::Other(Value::read(text)),
            }
        }

        fn is_null(&self) -> bool {
            matches!(self, Loose::Other(Value::Null))
        }
    }
}

impl<T: Lazily> Lazy<T> {
    /// The value, read from its text the first time.
    pub fn get(&self) -> &T {
        match &self.0 {
            Inner::Raw(raw, read) => read.get_or_init(|| T::read(raw.get())),
            Inner::Owned(value) => value,
        }
    }

    /// The value, to edit: from now on the edited value is what is written.
    pub fn get_mut(&mut self) -> &mut T {
        owned(&mut self.0)
    }

    /// The value, read.
    pub fn into_inner(self) -> T {
        match self.0 {
            Inner::Raw(raw, read) => read.into_inner().unwrap_or_else(|| T::read(raw.get())),
            Inner::Owned(value) => value,
        }
    }

    /// The JSON text as it came, while the value has not been edited.
    pub fn raw(&self) -> Option<&str> {
        match &self.0 {
            Inner::Raw(raw, _) => Some(raw.get()),
            Inner::Owned(_) => None,
        }
    }

    /// Whether the value is JSON `null`.
    pub fn is_null(&self) -> bool {
        match &self.0 {
            Inner::Raw(raw, _) => raw.get() == "null",
            Inner::Owned(value) => sealed::Sealed::is_null(value),
        }
    }
}

/// The owned value of `inner`, reading its text first if it has not been.
fn owned<T: Lazily>(inner: &mut Inner<T>) -> &mut T {
    match inner {
        Inner::Owned(value) => value,
        Inner::Raw(raw, read) => {
            let value = read.take().unwrap_or_else(|| T::read(raw.get()));
            *inner = Inner::Owned(value);
            owned(inner)
        }
    }
}

impl<T: Lazily> From<T> for Lazy<T> {
    fn from(value: T) -> Self {
        Lazy(Inner::Owned(value))
    }
}

impl From<Context> for LazyContext {
    fn from(context: Context) -> Self {
        Lazy(Inner::Owned(Loose::Typed(Box::new(context))))
    }
}

impl From<Box<Context>> for LazyContext {
    fn from(context: Box<Context>) -> Self {
        Lazy(Inner::Owned(Loose::Typed(context)))
    }
}

impl Default for LazyContext {
    /// An empty context object.
    fn default() -> Self {
        Context::default().into()
    }
}

impl<T: Lazily + PartialEq> PartialEq for Lazy<T> {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl<T: Lazily + fmt::Debug> fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

impl<T: Lazily + Serialize> Serialize for Lazy<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Inner::Raw(raw, _) => raw.serialize(s),
            Inner::Owned(value) => value.serialize(s),
        }
    }
}

/// The name under which a [`Lazy`] asks a deserializer for a value's text. The crate's own
/// reader answers it with the text it has checked, numbers included, as it reads a
/// [`RawValue`]; any other deserializer sees a newtype, whose text is then checked here.
pub(crate) const CHECKED_RAW_TOKEN: &str = "$sprig_events::private::CheckedRaw";

impl<'de, T: Lazily> Deserialize<'de> for Lazy<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = d.deserialize_newtype_struct(CHECKED_RAW_TOKEN, RawVisitor)?;
        if !T::holds(raw.get()) {
            return Err(de::Error::invalid_type(
                kind_of(raw.get()),
                &"a JSON object",
            ));
        }
        Ok(Lazy(Inner::Raw(raw, OnceLock::new())))
    }
}

/// The first byte of a JSON text's value (a raw value's text starts with it; white space before
/// it is skipped all the same).
fn first_byte(text: &str) -> Option<u8> {
    text.trim_start_matches([' ', '\n', '\t', '\r'])
        .bytes()
        .next()
}

/// Whether a well-formed JSON text is an object.
fn is_object_text(text: &str) -> bool {
    first_byte(text) == Some(b'{')
}

/// The kind of value a well-formed JSON text is, for an error.
fn kind_of(text: &str) -> de::Unexpected<'static> {
    match first_byte(text) {
        Some(b'{') => de::Unexpected::Map,
        Some(b'[') => de::Unexpected::Seq,
        Some(b'"') => de::Unexpected::Other("a string"),
        Some(b't') => de::Unexpected::Bool(true),
        Some(b'f') => de::Unexpected::Bool(false),
        Some(b'n') => de::Unexpected::Other("null"),
        _ => de::Unexpected::Other("a number"),
    }
}

/// An object part of an event, borrowed: its text as it came, or the map it holds.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ObjectRef<'a> {
    /// The text of an object, unedited.
    Text(&'a RawValue),
    /// An object read or given.
    Map(&'a Map<String, Value>),
}

impl<'a> ObjectRef<'a> {
    /// The object, owned: its text copied as it is, or its map.
    pub(crate) fn to_lazy(self) -> LazyObject {
        match self {
            ObjectRef::Text(raw) => Lazy(Inner::Raw(raw.to_owned(), OnceLock::new())),
            ObjectRef::Map(map) => Lazy(Inner::Owned(map.clone())),
        }
    }

    /// The object's map, read from its text if need be.
    #[cfg(test)]
    pub(crate) fn map(self) -> std::borrow::Cow<'a, Map<String, Value>> {
        match self {
            ObjectRef::Text(raw) => std::borrow::Cow::Owned(sealed::Sealed::read(raw.get())),
            ObjectRef::Map(map) => std::borrow::Cow::Borrowed(map),
        }
    }
}

impl LazyValue {
    /// The value, borrowed, when it is an object: its text while it has not been edited, so
    /// that a copy of it is a copy of the text.
    pub(crate) fn as_object(&self) -> Option<ObjectRef<'_>> {
        match &self.0 {
            Inner::Raw(raw, _) => is_object_text(raw.get()).then_some(ObjectRef::Text(raw)),
            Inner::Owned(Value::Object(map)) => Some(ObjectRef::Map(map)),
            Inner::Owned(_) => None,
        }
    }

    /// The value as an object, text and all, when it is one; otherwise the value itself.
    pub(crate) fn into_object(self) -> Result<LazyObject, LazyValue> {
        match self.0 {
            Inner::Raw(raw, read) if is_object_text(raw.get()) => {
                let read = match read.into_inner() {
                    Some(Value::Object(map)) => OnceLock::from(map),
                    _ => OnceLock::new(),
                };
                Ok(Lazy(Inner::Raw(raw, read)))
            }
            Inner::Owned(Value::Object(map)) => Ok(Lazy(Inner::Owned(map))),
            inner => Err(Lazy(inner)),
        }
    }
}

/// `serde_with` adapter for a part that the preset route of its event reads (an identify's
/// `traits` for Identify User): read at once, as keeping its text would only add a copy and a
/// second read. Like
/// [`NullIsValue`](crate::wire::tolerance::NullIsValue), a `null` is `Some`.
pub(crate) struct ReadAtOnce;

impl<'de, T: Lazily + Deserialize<'de>> serde_with::DeserializeAs<'de, Option<Lazy<T>>>
    for ReadAtOnce
{
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<Lazy<T>>, D::Error> {
        T::deserialize(d).map(|value| Some(Lazy::from(value)))
    }
}

impl<T: Lazily + Serialize> serde_with::SerializeAs<Option<Lazy<T>>> for ReadAtOnce {
    fn serialize_as<S: Serializer>(value: &Option<Lazy<T>>, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

/// A value's text, checked as reading it at once would check it.
struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Box<RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    /// From the crate's reader, whose skip has read every number, and whose own depth limit
    /// (126 levels, the event's included) keeps a part within [`DEPTH`].
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Box<RawValue>, A::Error> {
        let raw = Box::<RawValue>::deserialize(de::value::MapAccessDeserializer::new(map))?;
        reads_as_a_value(raw.get(), true).map_err(within)?;
        Ok(raw)
    }

    /// From any other deserializer.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Box<RawValue>, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        if nests_deeper_than(raw.get().as_bytes(), DEPTH) {
            return Err(de::Error::custom("recursion limit exceeded"));
        }
        reads_as_a_value(raw.get(), false).map_err(within)?;
        Ok(raw)
    }
}

/// serde_json's error on a part's text, whose line and column count within the part.
fn within<E: de::Error>(error: serde_json::Error) -> E {
    E::custom(format_args!("{error} of the value"))
}

/// Whether the well-formed JSON `text` reads as a value, as reading it at once would have
/// required: the error of reading it whole, or `Ok`. A skip checks only the form of what it
/// skips, so two things are looked for: a `\u` escape of a surrogate, which may be a lone one
/// (serde_json refuses those in a string it reads, and a Rust string cannot hold them), and,
/// unless the reader read every number (`numbers_read`), a number out of the double range.
/// Where either may be, the text is read whole; most texts have neither.
fn reads_as_a_value(text: &str, numbers_read: bool) -> Result<(), serde_json::Error> {
    if surrogate_escape(text.as_bytes()) || (!numbers_read && may_overflow(text)) {
        serde_json::from_str::<Value>(text)?;
    }
    Ok(())
}

/// Whether `text` holds a `\u` escape of a surrogate (`\uD800` to `\uDFFF`). In well-formed
/// JSON a backslash starts a two-byte escape, so each is stepped over whole.
fn surrogate_escape(text: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = text
        .get(from..)
        .and_then(|rest| memchr::memchr(b'\\', rest))
    {
        let escape = from + at;
        if let Some([b'u', b'd' | b'D', b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F']) =
            text.get(escape + 1..escape + 4)
        {
            return true;
        }
        from = escape + 2;
    }
    false
}

/// Whether `text` may hold a number out of the double range: only one with an exponent, or of
/// more than 300 digits, can be.
fn may_overflow(text: &str) -> bool {
    text.len() > 300
        || text.as_bytes().windows(2).any(|w| {
            w.first().is_some_and(u8::is_ascii_digit) && matches!(w.get(1), Some(b'e' | b'E'))
        })
}

/// How deep a lazy part may nest, itself included: serde_json reads at most 127 levels, and
/// the object that holds it (an event, or a batch for the batch's own `context`) is one of them.
const DEPTH: usize = 126;

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

impl<T: Lazily + Walk> Walk for Lazy<T> {
    fn walk(&self, at: &mut String, out: &mut Vec<String>) {
        self.get().walk(at, out);
    }
}

#[cfg(feature = "schemars")]
impl<T: Lazily + schemars::JsonSchema> schemars::JsonSchema for Lazy<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
