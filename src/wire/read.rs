//! Reading: the body as text once, a plain read first, and a path-tracked read only when the
//! plain one fails, so that the happy path pays nothing for good error messages.

use serde::de::{self, Deserialize, Deserializer};
use serde_json::Value;

use super::model::Model;
use crate::error::Error;

/// The body as text: JSON is UTF-8, checked here once so that the parser, reading a `&str`,
/// need not check every string again.
pub(crate) fn text(body: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(body).map_err(|e| Error::utf8(body, &e))
}

/// Parse `T` from bytes, rejecting trailing characters, with the failing field's path in the
/// error.
pub(crate) fn from_slice<'de, T: Deserialize<'de>>(body: &'de [u8]) -> Result<T, Error> {
    from_str(text(body)?)
}

/// Parse `T` from text, rejecting trailing characters, with the failing field's path in the
/// error.
///
/// Tracking the path costs an allocation per key, so the happy path runs without it; only a
/// failed parse runs again with tracking to name the field. Both runs see the same text, so
/// they fail at the same place.
pub(crate) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    read_untracked(text).map_err(|fast| {
        from_str_tracked::<T>(text)
            .err()
            // Unreachable for a deterministic `Deserialize`; keep the first error regardless.
            .unwrap_or_else(|| Error::with_path(String::new(), fast))
    })
}

/// How many times a text (or tree) was read whole on this thread, for the tests that prove each
/// payload is parsed once.
#[cfg(test)]
pub(crate) mod passes {
    use std::sync::Mutex;
    use std::thread::{self, ThreadId};

    /// The passes counted for each thread that asked (tests run on threads of their own).
    static PASSES: Mutex<Vec<(ThreadId, usize)>> = Mutex::new(Vec::new());

    fn with_count<R>(f: impl FnOnce(&mut usize) -> R) -> R {
        let mut passes = PASSES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let me = thread::current().id();
        if !passes.iter().any(|(id, _)| *id == me) {
            passes.push((me, 0));
        }
        let mut mine = passes.iter_mut().filter(|(id, _)| *id == me);
        let mut none = 0;
        f(mine.next().map_or(&mut none, |(_, n)| n))
    }

    pub(crate) fn count() {
        with_count(|n| *n += 1);
    }

    /// The passes on this thread since the last call.
    pub(crate) fn take() -> usize {
        with_count(std::mem::take)
    }
}

#[inline]
fn count_pass() {
    #[cfg(test)]
    passes::count();
}

/// One plain read of the whole text.
fn read_untracked<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, serde_json::Error> {
    count_pass();
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

fn from_str_tracked<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    count_pass();
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(Error::from_tracked)?;
    de.end().map_err(|e| Error::with_path(String::new(), e))?;
    Ok(value)
}

/// Parse `T` from an already parsed JSON value, with the failing field's path in the error.
pub(crate) fn from_value<T: de::DeserializeOwned>(value: Value) -> Result<T, Error> {
    count_pass();
    serde_path_to_error::deserialize(value).map_err(Error::from_tracked)
}

/// A model read without its check, for the entry points that run the check apart.
struct Raw<T>(T);

impl<'de, T: Model> Deserialize<'de> for Raw<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::read(d).map(Raw)
    }
}

/// Where a payload is read from, for code that picks one of several types to read it as.
pub(crate) trait Input<E>: Sized {
    /// Read the payload as the model `T`, its check included.
    fn model<T: Model>(self) -> Result<T, E>;
    /// Read the payload as a plain `T`.
    fn plain<T: de::DeserializeOwned>(self) -> Result<T, E>;
}

/// Text read with [`from_str`]: errors name the failing field.
#[derive(Clone, Copy)]
pub(crate) struct Tracked<'a>(pub(crate) &'a str);

impl Input<Error> for Tracked<'_> {
    fn model<T: Model>(self) -> Result<T, Error> {
        let Raw(mut value) = from_str::<Raw<T>>(self.0)?;
        value.check().map_err(Error::from_field)?;
        Ok(value)
    }

    fn plain<T: de::DeserializeOwned>(self) -> Result<T, Error> {
        from_str(self.0)
    }
}

/// Text read once, untracked, for a guess: a failure says nothing and costs nothing more.
#[derive(Clone, Copy)]
pub(crate) struct Quick<'a>(pub(crate) &'a str);

impl Input<()> for Quick<'_> {
    fn model<T: Model>(self) -> Result<T, ()> {
        let Raw(mut value) = read_untracked::<Raw<T>>(self.0).map_err(drop)?;
        value.check().map_err(drop)?;
        Ok(value)
    }

    fn plain<T: de::DeserializeOwned>(self) -> Result<T, ()> {
        read_untracked(self.0).map_err(drop)
    }
}

/// A JSON tree read with [`from_value`].
impl Input<Error> for Value {
    fn model<T: Model>(self) -> Result<T, Error> {
        let Raw(mut value) = from_value::<Raw<T>>(self)?;
        value.check().map_err(Error::from_field)?;
        Ok(value)
    }

    fn plain<T: de::DeserializeOwned>(self) -> Result<T, Error> {
        from_value(self)
    }
}
