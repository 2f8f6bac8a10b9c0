//! The vendor-owned value sets that appear in webhook payloads.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::wire::{vendor_enum, StrVisitor};

vendor_enum! {
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

vendor_enum! {
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

vendor_enum! {
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

vendor_enum! {
    /// `recordType`: documented as always `survey`.
    pub enum RecordType {
        /// `survey`.
        Survey = "survey",
    }
}

vendor_enum! {
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

vendor_enum! {
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

vendor_enum! {
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

/// The kinds of question Sprig knows, matched case-insensitively (an older API said `OPEN`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QuestionKind {
    /// `open`: free text.
    Open,
    /// `nps`: a 0–10 score.
    Nps,
    /// `likert`: a rating from 1 to the scale's range.
    Likert,
    /// `multiplechoice`: one option.
    MultipleChoice,
    /// `multipleselect`: several options.
    MultipleSelect,
    /// `matrix`: one value per row.
    Matrix,
    /// `consentlegal`: a consent form.
    ConsentLegal,
    /// `videovoice`: a video or voice recording.
    VideoVoice,
    /// `recordedtask`: a usability task.
    RecordedTask,
    /// `texturlprompt`: a prompt with a link, no answer.
    TextUrlPrompt,
    /// A type this version of the crate does not know.
    Unknown,
}

impl QuestionKind {
    const ALL: [(QuestionKind, &'static str); 10] = [
        (QuestionKind::Open, "open"),
        (QuestionKind::Nps, "nps"),
        (QuestionKind::Likert, "likert"),
        (QuestionKind::MultipleChoice, "multiplechoice"),
        (QuestionKind::MultipleSelect, "multipleselect"),
        (QuestionKind::Matrix, "matrix"),
        (QuestionKind::ConsentLegal, "consentlegal"),
        (QuestionKind::VideoVoice, "videovoice"),
        (QuestionKind::RecordedTask, "recordedtask"),
        (QuestionKind::TextUrlPrompt, "texturlprompt"),
    ];

    /// Sprig's lowercase name of the kind; `None` for [`QuestionKind::Unknown`].
    pub fn name(self) -> Option<&'static str> {
        Self::ALL
            .iter()
            .find(|(kind, _)| *kind == self)
            .map(|(_, name)| *name)
    }

    fn of(spelling: &str) -> (QuestionKind, bool) {
        for (kind, name) in Self::ALL {
            if spelling == name {
                return (kind, true);
            }
            if spelling.eq_ignore_ascii_case(name) {
                return (kind, false);
            }
        }
        (QuestionKind::Unknown, false)
    }
}

/// `questionType`: the kind of question, with the spelling it came in.
///
/// Kinds compare case-insensitively through [`QuestionType::kind`]; the original spelling is kept
/// and written back out, so an `OPEN` stays `OPEN` and an unknown type round-trips.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QuestionType {
    kind: QuestionKind,
    /// The spelling when it is not the canonical lowercase name (and for unknown kinds).
    spelling: Option<Box<str>>,
}

impl QuestionType {
    /// The kind of question.
    pub fn kind(&self) -> QuestionKind {
        self.kind
    }

    /// The type as it appeared on the wire.
    pub fn as_str(&self) -> &str {
        match (&self.spelling, self.kind.name()) {
            (Some(spelling), _) => spelling,
            (None, Some(name)) => name,
            (None, None) => "",
        }
    }
}

impl From<&str> for QuestionType {
    fn from(value: &str) -> Self {
        let (kind, canonical) = QuestionKind::of(value);
        QuestionType {
            kind,
            spelling: (!canonical).then(|| value.into()),
        }
    }
}

impl From<String> for QuestionType {
    fn from(value: String) -> Self {
        let (kind, canonical) = QuestionKind::of(&value);
        QuestionType {
            kind,
            spelling: (!canonical).then(|| value.into_boxed_str()),
        }
    }
}

impl From<QuestionKind> for QuestionType {
    fn from(kind: QuestionKind) -> Self {
        QuestionType {
            kind,
            spelling: kind.name().is_none().then(|| "unknown".into()),
        }
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
                v.parse()
                    .map(ResponseGroupUid::Number)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(ResponseGroupUid::Number(v))
            }
        }
        d.deserialize_any(UidVisitor)
    }
}
