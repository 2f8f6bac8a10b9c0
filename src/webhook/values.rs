//! The vendor-owned value sets that appear in webhook payloads.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::wire::value_set::{value_set, StrVisitor};

value_set! {
    /// `eventType`: the broad type of event that fired the webhook.
    pub enum EventType {
        /// `survey_response`: an answer was submitted.
        SurveyResponse = "survey_response",
        /// `product_message`: a study-level event (submitted, sent, seen, status changed).
        ProductMessage = "product_message",
        /// `TEST`: the "Test Webhook" button.
        Test = "TEST",
    }
}

value_set! {
    /// `eventName`: the event under its `eventType`.
    pub enum EventName {
        /// `surveyResponse`: Answer Submitted.
        SurveyResponse = "surveyResponse",
        /// `surveySubmitted`: Study Submitted.
        SurveySubmitted = "surveySubmitted",
        /// `studySent`: Study Sent.
        StudySent = "studySent",
        /// `studySeen`: Study Seen.
        StudySeen = "studySeen",
        /// `surveyStatusChange`: Study Status Changed.
        SurveyStatusChange = "surveyStatusChange",
    }
}

value_set! {
    /// `action`: what happened to a study for one visitor.
    pub enum StudyAction {
        /// `completed`: the visitor submitted the study.
        Completed = "completed",
        /// `sent`: Sprig delivered the study.
        Sent = "sent",
        /// `seen`: the visitor saw the study.
        Seen = "seen",
    }
}

value_set! {
    /// `recordType`: documented as always `survey`.
    pub enum RecordType {
        /// `survey`.
        Survey = "survey",
    }
}

value_set! {
    /// `platform`: how the study was delivered.
    pub enum Platform {
        /// `web`: the JavaScript SDK.
        Web = "web",
        /// `link`: a link study.
        Link = "link",
        /// `ios`: the iOS SDK.
        Ios = "ios",
        /// `android`: the Android SDK.
        Android = "android",
        /// `react-native`: the React Native SDK.
        ReactNative = "react-native",
        /// `email`: an e-mail embedded study.
        Email = "email",
    }
}

value_set! {
    /// A study's `status` / `oldStatus`.
    pub enum StudyStatus {
        /// `NEW`.
        New = "NEW",
        /// `IN_PROGRESS`.
        InProgress = "IN_PROGRESS",
        /// `PAUSED`.
        Paused = "PAUSED",
        /// `COMPLETED`.
        Completed = "COMPLETED",
        /// `DRAFT`.
        Draft = "DRAFT",
        /// `ARCHIVED`.
        Archived = "ARCHIVED",
    }
}

value_set! {
    /// `selected` of an option in a MaxDiff round: the side it was picked on.
    ///
    /// A MaxDiff question asks for the most and the least of something, and Sprig records the
    /// two picks of a round as `left` and `right`. Which of them means "most" is not stated in
    /// Sprig's examples, so the crate keeps the wire's names rather than guess.
    pub enum MaxDiffSide {
        /// `left`.
        Left = "left",
        /// `right`.
        Right = "right",
    }
}

value_set! {
    /// `taskStatus` of a recorded-task answer.
    pub enum TaskStatus {
        /// `completed`.
        Completed = "completed",
        /// `given.up`.
        GivenUp = "given.up",
        /// `abandoned`.
        Abandoned = "abandoned",
    }
}

/// [`QuestionKind`], its `ALL`, `as_str` and exact lookup, from one list of names.
macro_rules! question_kinds {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// The kinds of question Sprig knows. Read from a `questionType` through
        /// [`QuestionType::kind`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum QuestionKind {
            $($(#[doc = $doc])* $variant,)*
        }

        impl QuestionKind {
            /// Every kind, in the order of Sprig's docs.
            pub const ALL: &'static [QuestionKind] = &[$(QuestionKind::$variant,)*];

            /// Sprig's lowercase name of the kind, e.g. `multipleselect`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(QuestionKind::$variant => $name,)*
                }
            }

            /// The kind whose lowercase name this is, as written: one comparison of the
            /// length and a few of the bytes, where most spellings arrive.
            fn named(spelling: &str) -> Option<QuestionKind> {
                match spelling {
                    $($name => Some(QuestionKind::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

question_kinds! {
    /// `open`: free text.
    Open = "open",
    /// `nps`: a 0–10 score.
    Nps = "nps",
    /// `likert`: a rating from 1 to the scale's range.
    Likert = "likert",
    /// `multiplechoice`: one option.
    MultipleChoice = "multiplechoice",
    /// `multipleselect`: several options.
    MultipleSelect = "multipleselect",
    /// `matrix`: one value per row.
    Matrix = "matrix",
    /// `consentlegal`: a consent form.
    ConsentLegal = "consentlegal",
    /// `videovoice`: a video or voice recording.
    VideoVoice = "videovoice",
    /// `recordedtask`: a usability task.
    RecordedTask = "recordedtask",
    /// `texturlprompt`: a prompt with a link, no answer.
    TextUrlPrompt = "texturlprompt",
    /// `rankorder`: the options put in order, each with its rank.
    RankOrder = "rankorder",
    /// `maxdiff`: rounds of options, in each of which one option is picked on either side.
    MaxDiff = "maxdiff",
}

impl QuestionKind {
    /// The kind a spelling names, in any case (Sprig's older API said `OPEN`).
    fn of(spelling: &str) -> Option<QuestionKind> {
        QuestionKind::named(spelling).or_else(|| QuestionKind::in_any_case(spelling))
    }

    /// [`QuestionKind::of`], one name at a time, for a spelling that is not a lowercase name.
    fn in_any_case(spelling: &str) -> Option<QuestionKind> {
        QuestionKind::ALL
            .iter()
            .copied()
            .find(|kind| spelling.eq_ignore_ascii_case(kind.as_str()))
    }
}

impl fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for QuestionKind {
    type Err = UnknownQuestionKind;

    /// Case-insensitive, as Sprig reads question types.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        QuestionKind::of(s).ok_or(UnknownQuestionKind)
    }
}

/// The error of reading a [`QuestionKind`] from a name that is none of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a question kind this crate knows")]
pub struct UnknownQuestionKind;

/// `questionType`: the kind of question, with the spelling it came in.
///
/// Question types compare case-insensitively, as Sprig reads them (its older API said `OPEN`),
/// so `OPEN` equals `open`; the spelling is kept and written back, so an `OPEN` stays `OPEN`.
/// A type this crate does not know keeps its text ([`QuestionType::kind`] is `None`).
///
/// ```
/// use sprig_events::webhook::{QuestionKind, QuestionType};
///
/// assert_eq!(QuestionType::from("OPEN"), QuestionType::from("open"));
/// assert_eq!(QuestionType::from("OPEN").as_str(), "OPEN");
/// assert_eq!(QuestionType::from("nps").kind(), Some(QuestionKind::Nps));
/// assert_eq!(QuestionType::from("ranking").kind(), None);
/// assert_eq!(QuestionType::from("ranking").as_str(), "ranking");
/// ```
#[derive(Clone, Debug)]
pub struct QuestionType {
    kind: Option<QuestionKind>,
    /// The spelling when it is not the kind's canonical lowercase name (and for unknown kinds).
    spelling: Option<Box<str>>,
}

impl QuestionType {
    /// The kind of question; `None` for a type this crate does not know.
    pub fn kind(&self) -> Option<QuestionKind> {
        self.kind
    }

    /// The type as it appeared on the wire.
    pub fn as_str(&self) -> &str {
        match (&self.spelling, self.kind) {
            (Some(spelling), _) => spelling,
            (None, Some(kind)) => kind.as_str(),
            (None, None) => "",
        }
    }

    fn new(spelling: &str, keep: impl FnOnce() -> Box<str>) -> Self {
        if let Some(kind) = QuestionKind::named(spelling) {
            return QuestionType::from(kind);
        }
        QuestionType {
            kind: QuestionKind::in_any_case(spelling),
            spelling: Some(keep()),
        }
    }
}

impl PartialEq for QuestionType {
    fn eq(&self, other: &Self) -> bool {
        match (self.kind, other.kind) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.as_str().eq_ignore_ascii_case(other.as_str()),
            _ => false,
        }
    }
}

impl Eq for QuestionType {}

impl std::hash::Hash for QuestionType {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().to_ascii_lowercase().hash(state);
    }
}

impl From<&str> for QuestionType {
    fn from(value: &str) -> Self {
        QuestionType::new(value, || value.into())
    }
}

impl From<String> for QuestionType {
    fn from(value: String) -> Self {
        let kind = QuestionType::new(&value, || "".into());
        match kind.spelling {
            Some(_) => QuestionType {
                spelling: Some(value.into_boxed_str()),
                ..kind
            },
            None => kind,
        }
    }
}

impl From<QuestionKind> for QuestionType {
    fn from(kind: QuestionKind) -> Self {
        QuestionType {
            kind: Some(kind),
            spelling: None,
        }
    }
}

impl FromStr for QuestionType {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(QuestionType::from(s))
    }
}

impl fmt::Display for QuestionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for QuestionType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for QuestionType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor::<QuestionType>::new("a question type"))
    }
}

/// `responseGroupUid`: groups one visitor's answers to one study. A UUID in every example; the
/// docs' tables say integer, so a number (or numeric string) is accepted too. A UUID is written
/// back in its canonical lowercase hyphenated form.
///
/// Exhaustive on purpose: Sprig sends a UUID, or a number for old studies; anything else is
/// an error naming the field, so a `match` needs no wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum ResponseGroupUid {
    /// A UUID, as Sprig sends today.
    Uuid(uuid::Uuid),
    /// A numeric id, as the docs' tables describe.
    Number(u64),
}

impl ResponseGroupUid {
    /// The UUID, when it is one.
    pub fn as_uuid(&self) -> Option<uuid::Uuid> {
        match self {
            ResponseGroupUid::Uuid(uuid) => Some(*uuid),
            ResponseGroupUid::Number(_) => None,
        }
    }
}

impl From<uuid::Uuid> for ResponseGroupUid {
    fn from(uuid: uuid::Uuid) -> Self {
        ResponseGroupUid::Uuid(uuid)
    }
}

impl From<u64> for ResponseGroupUid {
    fn from(n: u64) -> Self {
        ResponseGroupUid::Number(n)
    }
}

impl fmt::Display for ResponseGroupUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseGroupUid::Uuid(uuid) => write!(f, "{uuid}"),
            ResponseGroupUid::Number(n) => write!(f, "{n}"),
        }
    }
}

impl<'de> Deserialize<'de> for ResponseGroupUid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct UidVisitor;
        impl serde::de::Visitor<'_> for UidVisitor {
            type Value = ResponseGroupUid;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a UUID, or an integer id")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if let Ok(uuid) = uuid::Uuid::try_parse(v) {
                    return Ok(ResponseGroupUid::Uuid(uuid));
                }
                let digits = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
                digits
                    .then(|| v.parse().ok())
                    .flatten()
                    .map(ResponseGroupUid::Number)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(ResponseGroupUid::Number(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                // An integer with a zero fraction, as any integer of the payload may come.
                crate::wire::tolerance::whole(v)
                    .map(ResponseGroupUid::Number)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Float(v), &self))
            }
        }
        d.deserialize_any(UidVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::{QuestionKind, QuestionType};
    use std::str::FromStr;

    /// Every kind reads from its lowercase name and from that name in other cases, keeping the
    /// spelling only when it is not the lowercase one; near misses name no kind.
    #[test]
    fn question_types_read_in_any_case() {
        for &kind in QuestionKind::ALL {
            let name = kind.as_str();
            assert_eq!(name, name.to_ascii_lowercase());
            let exact = QuestionType::from(name);
            assert_eq!((exact.kind(), exact.as_str()), (Some(kind), name));
            assert_eq!(exact.spelling, None, "a lowercase name is not kept");
            assert_eq!(QuestionKind::from_str(name), Ok(kind));
            for other in [
                name.to_ascii_uppercase(),
                format!("{}{}", &name[..1].to_ascii_uppercase(), &name[1..]),
            ] {
                let read = QuestionType::from(other.as_str());
                assert_eq!((read.kind(), read.as_str()), (Some(kind), other.as_str()));
                assert_eq!(read.spelling.as_deref(), Some(other.as_str()));
                assert_eq!(read, exact);
                assert_eq!(QuestionKind::from_str(&other), Ok(kind));
            }
            for miss in [format!("{name} "), format!("{name}s"), name[1..].to_owned()] {
                assert_eq!(QuestionType::from(miss.as_str()).kind(), None, "{miss}");
                assert_eq!(QuestionType::from(miss.as_str()).as_str(), miss);
            }
        }
    }
}
