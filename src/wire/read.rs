//! Reading: the body as text once, a plain read first, and a path-tracked read only when the
//! plain one fails, so that the happy path pays nothing for good error messages.

use serde::de::{self, Deserialize, Deserializer};
use serde_json::Value;

use super::model::Model;
use crate::error::Error;

/// The body as text: JSON is UTF-8, checked here once so that the parser, reading a `&str`,
/// need not check every string again. simdutf8 checks a valid body several times faster than
/// the standard library; an invalid one is checked again by the standard library, whose error
/// says where.
pub(crate) fn text(body: &[u8]) -> Result<&str, Error> {
    match simdutf8::basic::from_utf8(body) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(body).map_err(|e| Error::utf8(body, &e)),
    }
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
/// failed parse runs again with tracking to name the field. The tracked read is serde_json's,
/// so its outcome is the answer, whatever the first read gave.
pub(crate) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    read_untracked(text).or_else(|()| from_str_tracked::<T>(text))
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

/// One plain read of the whole text, without a message on failure: by the fast reader (see
/// [`super::fast`]), and by serde_json when the fast reader declines input it does not read.
///
/// When what was read refused its input, serde_json's reader, which would give it the same
/// input, is not asked: every caller follows a failure with serde_json's tracked read (directly,
/// or after finding the kind), whose outcome is the answer.
fn read_untracked<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, ()> {
    count_pass();
    match super::fast::from_str(text) {
        Ok(value) => Ok(value),
        Err(super::fast::Declined { refused: true }) => Err(()),
        Err(super::fast::Declined { refused: false }) => read_serde_json(text).map_err(drop),
    }
}

/// One plain read of the whole text by serde_json.
pub(crate) fn read_serde_json<'de, T: Deserialize<'de>>(
    text: &'de str,
) -> Result<T, serde_json::Error> {
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

/// A model read without its check, for the entry points that run the check apart. Boxed where
/// it is built: a model is up to a kilobyte, and every layer of `Result` between the reader and
/// the caller would otherwise copy it whole.
struct Raw<T>(Box<T>);

impl<'de, T: Model> Deserialize<'de> for Raw<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::read_boxed(d).map(Raw)
    }
}

/// Where a payload is read from, for code that picks one of several types to read it as.
pub(crate) trait Input<E>: Sized {
    /// Read the payload as the model `T`, its check included.
    fn model<T: Model>(self) -> Result<Box<T>, E>;
    /// Read the payload as a plain `T`.
    fn plain<T: de::DeserializeOwned>(self) -> Result<T, E>;
}

/// Text read with [`from_str`]: errors name the failing field.
#[derive(Clone, Copy)]
pub(crate) struct Tracked<'a>(pub(crate) &'a str);

impl Input<Error> for Tracked<'_> {
    fn model<T: Model>(self) -> Result<Box<T>, Error> {
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
    fn model<T: Model>(self) -> Result<Box<T>, ()> {
        let Raw(mut value) = read_untracked::<Raw<T>>(self.0)?;
        value.check().map_err(drop)?;
        Ok(value)
    }

    fn plain<T: de::DeserializeOwned>(self) -> Result<T, ()> {
        read_untracked(self.0)
    }
}

/// A JSON tree read with [`from_value`].
impl Input<Error> for Value {
    fn model<T: Model>(self) -> Result<Box<T>, Error> {
        let Raw(mut value) = from_value::<Raw<T>>(self)?;
        value.check().map_err(Error::from_field)?;
        Ok(value)
    }

    fn plain<T: de::DeserializeOwned>(self) -> Result<T, Error> {
        from_value(self)
    }
}

/// The fast reader and serde_json's each alone, for the tests that hold them to equal results.
#[cfg(test)]
pub(crate) mod readers {
    use serde::de::{self, Deserialize};
    use serde::Serialize;
    use std::fmt::Debug;

    use super::{Input, Raw};
    use crate::wire::fast::{self, Declined};
    use crate::wire::model::Model;

    /// Text read by the fast reader only.
    #[derive(Clone, Copy)]
    pub(crate) struct FastOnly<'a>(pub(crate) &'a str);

    impl Input<Declined> for FastOnly<'_> {
        fn model<T: Model>(self) -> Result<Box<T>, Declined> {
            let Raw(mut value) = fast::from_str::<Raw<T>>(self.0)?;
            value.check().map_err(|_| Declined { refused: true })?;
            Ok(value)
        }

        fn plain<T: de::DeserializeOwned>(self) -> Result<T, Declined> {
            fast::from_str(self.0)
        }
    }

    /// Text read by serde_json only.
    #[derive(Clone, Copy)]
    pub(crate) struct SerdeJsonOnly<'a>(pub(crate) &'a str);

    impl Input<String> for SerdeJsonOnly<'_> {
        fn model<T: Model>(self) -> Result<Box<T>, String> {
            let Raw(mut value) =
                super::read_serde_json::<Raw<T>>(self.0).map_err(|e| e.to_string())?;
            value.check().map_err(|e| format!("{e:?}"))?;
            Ok(value)
        }

        fn plain<T: de::DeserializeOwned>(self) -> Result<T, String> {
            super::read_serde_json(self.0).map_err(|e| e.to_string())
        }
    }

    /// How one text fared with the two readers.
    #[derive(Debug, PartialEq, Eq)]
    pub(crate) enum Outcome {
        /// Both read it, to equal values written as the same text.
        Same,
        /// Both refused it.
        BothRefused,
        /// The fast reader declined it; serde_json read it, or refused it.
        Declined,
    }

    /// Hold the two readers' results for one text to each other.
    pub(crate) fn agree<T: PartialEq + Debug + Serialize>(
        fast: Result<T, Declined>,
        serde_json: Result<T, String>,
    ) -> Result<Outcome, String> {
        match (fast, serde_json) {
            (Ok(fast), Ok(slow)) => {
                let (fast_text, slow_text) = (
                    serde_json::to_string(&fast).map_err(|e| e.to_string())?,
                    serde_json::to_string(&slow).map_err(|e| e.to_string())?,
                );
                if fast == slow && fast_text == slow_text {
                    Ok(Outcome::Same)
                } else {
                    Err(format!("different values:\n{fast_text}\n{slow_text}"))
                }
            }
            (Ok(fast), Err(e)) => Err(format!("only the fast reader read it ({e}): {fast:?}")),
            (Err(Declined { refused: true }), Ok(slow)) => Err(format!(
                "the fast reader's value refused what serde_json read: {slow:?}"
            )),
            (Err(Declined { refused: true }), Err(_)) => Ok(Outcome::BothRefused),
            (Err(Declined { refused: false }), _) => Ok(Outcome::Declined),
        }
    }

    /// [`agree`] for a plain `T`.
    pub(crate) fn agree_plain<'de, T>(text: &'de str) -> Result<Outcome, String>
    where
        T: Deserialize<'de> + PartialEq + Debug + Serialize,
    {
        agree(
            fast::from_str::<T>(text),
            super::read_serde_json::<T>(text).map_err(|e| e.to_string()),
        )
    }
}

/// The texts the readers are held to each other on: every fixture, the benches' short payloads
/// (a line each) and the fuzz seeds and regressions of the given targets, named by where they
/// came from.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn corpus(fuzz_targets: &[&str]) -> Vec<(String, String)> {
    use std::path::Path;
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(std::fs::DirEntry::path);
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.display().to_string(), text));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("fixtures"), &mut out);
    for target in fuzz_targets {
        walk(&root.join("fuzz/seeds").join(target), &mut out);
        walk(&root.join("fuzz/regressions").join(target), &mut out);
    }
    for file in ["small_webhooks.jsonl", "small_source_events.jsonl"] {
        let text = std::fs::read_to_string(root.join("benches").join(file)).unwrap();
        for (n, line) in text.lines().enumerate() {
            out.push((format!("{file}:{}", n + 1), line.to_owned()));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    /// Bytes that are mostly UTF-8: text with, now and then, a byte of a broken sequence, so
    /// that both answers, and errors at every position, come up.
    fn mostly_text() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            6 => "[ -~\n]{0,40}".prop_map(String::into_bytes),
            2 => "[\u{80}-\u{10ffff}]{1,4}".prop_map(String::into_bytes),
            1 => prop::collection::vec(0x80u8..=0xff, 1..3),
        ];
        prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
    }

    /// Broken sequences of each kind, where the body's error says they are (columns count
    /// bytes), and a character across the 64-byte blocks simdutf8 checks at a time.
    #[test]
    fn the_utf8_check_names_where_a_body_breaks() {
        let long = "a".repeat(63);
        /// Where the body breaks, as line and column; `None` for a valid body.
        type Where = Option<(usize, usize)>;
        let cases: [(Vec<u8>, Where); 8] = [
            (b"{\n \"a\":\"\xff\"}".to_vec(), Some((2, 7))),
            (b"\xc0\x80".to_vec(), Some((1, 1))),
            (b"ab\xed\xa0\x80".to_vec(), Some((1, 3))),
            (b"\xf4\x90\x80\x80".to_vec(), Some((1, 1))),
            (b"abc\xe2\x82".to_vec(), Some((1, 4))),
            ([long.as_bytes(), "\u{20ac}".as_bytes()].concat(), None),
            ([long.as_bytes(), b"a\xff"].concat(), Some((1, 65))),
            ("caf\u{e9}\n\u{1f600}".as_bytes().to_vec(), None),
        ];
        for (body, expected) in cases {
            let got = super::text(&body);
            match expected {
                None => assert_eq!(got.unwrap().as_bytes(), body),
                Some((line, column)) => assert_eq!(
                    got.unwrap_err().to_string(),
                    format!("malformed JSON: invalid UTF-8 at line {line} column {column}"),
                    "{body:?}"
                ),
            }
        }
    }

    proptest! {
        /// The body's check accepts what the standard library accepts, as the same text, and
        /// refuses the rest at the line and column of the first bad byte.
        #[test]
        fn the_utf8_check_is_the_standard_librarys(body in mostly_text()) {
            match std::str::from_utf8(&body) {
                Ok(text) => prop_assert_eq!(super::text(&body).unwrap(), text),
                Err(e) => {
                    let before = body.get(..e.valid_up_to()).unwrap();
                    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
                    let column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
                    let expected = format!("malformed JSON: invalid UTF-8 at line {line} column {column}");
                    prop_assert_eq!(super::text(&body).unwrap_err().to_string(), expected);
                }
            }
        }
    }
}
