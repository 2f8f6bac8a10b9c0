//! Answers by question type: what `response` holds for each kind of question.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

use super::values::{MaxDiffSide, QuestionKind, QuestionType, TaskStatus};
use crate::error::FieldError;
use crate::wire::tolerance::{
    decode_int, decode_stringified, describe, json_in_string, means_none, whole, Expect,
};

/// `selectedIndexes`: the index of the chosen option (`multiplechoice`) or the indexes of the
/// chosen options (`multipleselect`). Arrives as a number, a list, or a string holding either
/// (decoded one level, by the field's adapter; this type itself reads no strings).
///
/// Exhaustive on purpose: one index or a list of them is all the field can hold.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum SelectedIndexes {
    /// One index.
    One(u32),
    /// Several indexes, in the order given.
    Many(Vec<u32>),
}

impl SelectedIndexes {
    /// The indexes as a slice, one or many.
    pub fn as_slice(&self) -> &[u32] {
        match self {
            SelectedIndexes::One(index) => std::slice::from_ref(index),
            SelectedIndexes::Many(indexes) => indexes,
        }
    }

    fn from_json<E: de::Error>(value: &Value) -> Result<Self, E> {
        let index = |v: &Value| {
            v.as_u64()
                .or_else(|| v.as_f64().and_then(whole))
                .and_then(|n| u32::try_from(n).ok())
        };
        match value {
            Value::Array(items) => items
                .iter()
                .map(|item| index(item).ok_or_else(|| E::custom(bad_index(item))))
                .collect::<Result<_, _>>()
                .map(SelectedIndexes::Many),
            other => index(other)
                .map(SelectedIndexes::One)
                .ok_or_else(|| E::custom(bad_index(other))),
        }
    }
}

fn bad_index(value: &Value) -> String {
    format!("expected an option index, found {}", describe(value))
}

impl<'de> Deserialize<'de> for SelectedIndexes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IndexesVisitor)
    }
}

struct IndexesVisitor;

impl<'de> Visitor<'de> for IndexesVisitor {
    type Value = SelectedIndexes;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an option index or a list of them")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        SelectedIndexes::from_json(&Value::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        SelectedIndexes::from_json(&Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        SelectedIndexes::from_json(&Value::from(v))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        SelectedIndexes::from_json(&Value::Array(items))
    }
}

/// One chosen option: its label and, when Sprig sent it, its index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice<'a> {
    /// The option's label, as shown to the respondent.
    pub label: &'a str,
    /// The option's index in the question, from `selectedIndexes`.
    pub index: Option<u32>,
}

/// A video or voice recording: what the answer says of it. Webhooks carry the recording's id
/// (`mediaRecordingUid`); the export API carries the upload, its links and its transcription.
/// Each field is set when the answer holds it as text (or, for `duration`, a number).
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Recording<'a> {
    /// `mediaRecordingUid`: the recording's id, as webhooks send it.
    pub media_recording_uid: Option<&'a str>,
    /// `uploadId`: the upload's id, as the export API sends it.
    pub upload_id: Option<&'a str>,
    /// `mediaType`: `video` or `audio`.
    pub media_type: Option<&'a str>,
    /// `videoUrl`: where the recording streams.
    pub video_url: Option<&'a str>,
    /// `downloadUrl`: where the recording downloads.
    pub download_url: Option<&'a str>,
    /// `transcription`: the recording's words, as Sprig transcribed them.
    pub transcription: Option<&'a str>,
    /// `duration`: the length in seconds.
    pub duration: Option<f64>,
}

impl<'a> Recording<'a> {
    /// The recording an answer object describes: one that names it by an id or a link.
    fn of(fields: &'a Map<String, Value>) -> Option<Self> {
        let text = |name: &str| fields.get(name).and_then(Value::as_str);
        let recording = Recording {
            media_recording_uid: text("mediaRecordingUid"),
            upload_id: text("uploadId"),
            media_type: text("mediaType"),
            video_url: text("videoUrl"),
            download_url: text("downloadUrl"),
            transcription: text("transcription"),
            duration: fields.get("duration").and_then(Value::as_f64),
        };
        let named = recording.media_recording_uid.is_some()
            || recording.upload_id.is_some()
            || recording.video_url.is_some()
            || recording.download_url.is_some();
        named.then_some(recording)
    }
}

/// One option of a rank-order answer and the place the respondent gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankedOption<'a> {
    /// The option's label.
    pub option: &'a str,
    /// Its rank: 1 is first.
    pub rank: u32,
}

/// One option shown in a round of a MaxDiff question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaxDiffOption<'a> {
    /// `id`: the option's id, when the answer carries it.
    pub id: Option<u64>,
    /// `option`: the option's label.
    pub option: &'a str,
    /// `selected`: the side it was picked on in this round, `None` when it was not picked.
    pub selected: Option<MaxDiffSide>,
}

/// One round of a MaxDiff question: the options shown, in the order shown, each with the side
/// it was picked on, if any.
///
/// A MaxDiff question asks for the most and the least of something: in each round the
/// respondent picks one option as the most and one as the least. Sprig records the two picks as
/// `left` and `right`; which of them is "most" is **not confirmed** by Sprig's documentation,
/// so this type keeps the wire's names ([`MaxDiffRound::left`], [`MaxDiffRound::right`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaxDiffRound<'a> {
    /// The options shown, in order.
    pub options: Vec<MaxDiffOption<'a>>,
}

impl<'a> MaxDiffRound<'a> {
    /// The option picked on `side`, if one was.
    pub fn picked(&self, side: &MaxDiffSide) -> Option<&MaxDiffOption<'a>> {
        self.options
            .iter()
            .find(|option| option.selected.as_ref() == Some(side))
    }

    /// The option picked as `left` (see the type's docs on what the sides mean).
    pub fn left(&self) -> Option<&MaxDiffOption<'a>> {
        self.picked(&MaxDiffSide::Left)
    }

    /// The option picked as `right` (see the type's docs on what the sides mean).
    pub fn right(&self) -> Option<&MaxDiffOption<'a>> {
        self.picked(&MaxDiffSide::Right)
    }
}

/// An answer, read according to its question type.
///
/// Returned by [`AnswerSubmitted::answer`](super::AnswerSubmitted::answer),
/// [`SubmittedQuestion::answer`](super::SubmittedQuestion::answer) and, for answers pulled
/// from Sprig's export API, [`export::Response::answer`](crate::export::Response::answer): one
/// reading of `response` by question type serves both. Borrowed from the payload.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Answer<'a> {
    /// `open`: the respondent's text, exactly as sent.
    Text(&'a str),
    /// `nps`: the score, 0–10.
    Nps(u8),
    /// `likert`: the rating, from 1.
    Likert(u32),
    /// `multiplechoice`: the chosen option.
    Choice(Choice<'a>),
    /// `multipleselect`: the chosen options, in the order given. The export API sends one
    /// label as text: it reads as one choice (with its index when `selectedIndexes` holds one).
    Choices(Vec<Choice<'a>>),
    /// `matrix`: each row's value (null when the row was left empty).
    Matrix(&'a Map<String, Value>),
    /// `consentlegal`: whether the consent form was submitted.
    Consent {
        /// `submitted`.
        submitted: bool,
    },
    /// `videovoice`: the recording (its id in webhooks, its upload and links in the export).
    Recording(Recording<'a>),
    /// `recordedtask`: how the task ended.
    Task(TaskStatus),
    /// `texturlprompt`: a prompt needs no answer; `skipped` when the respondent skipped it.
    Prompt {
        /// `skipped`.
        skipped: bool,
    },
    /// `rankorder`: the options in rank order, first first (options of equal rank by label).
    RankOrder(Vec<RankedOption<'a>>),
    /// `maxdiff`: the rounds, in order; see [`MaxDiffRound`] on the two sides of a round.
    MaxDiff(Vec<MaxDiffRound<'a>>),
    /// No answer: the question was skipped (`response` null or absent).
    Skipped,
    /// A question type this crate does not know, or a shape it does not recognise: the
    /// response as it is.
    Raw(&'a Value),
}

impl Answer<'_> {
    /// The NPS category of an NPS answer: detractor (0–6), passive (7–8), promoter (9–10).
    ///
    /// ```
    /// use sprig_events::webhook::{Answer, NpsCategory};
    ///
    /// assert_eq!(Answer::Nps(9).nps_category(), Some(NpsCategory::Promoter));
    /// assert_eq!(Answer::Nps(6).nps_category(), Some(NpsCategory::Detractor));
    /// assert_eq!(Answer::Likert(9).nps_category(), None);
    /// ```
    pub fn nps_category(&self) -> Option<NpsCategory> {
        match self {
            Answer::Nps(score) => NpsCategory::of(*score),
            _ => None,
        }
    }
}

/// How an NPS score counts toward the Net Promoter Score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum NpsCategory {
    /// 0 to 6.
    Detractor,
    /// 7 or 8.
    Passive,
    /// 9 or 10.
    Promoter,
}

impl NpsCategory {
    /// The category of a score; `None` past 10.
    pub fn of(score: u8) -> Option<NpsCategory> {
        match score {
            0..=6 => Some(NpsCategory::Detractor),
            7 | 8 => Some(NpsCategory::Passive),
            9 | 10 => Some(NpsCategory::Promoter),
            _ => None,
        }
    }

    /// `detractor`, `passive` or `promoter`.
    pub fn as_str(self) -> &'static str {
        match self {
            NpsCategory::Detractor => "detractor",
            NpsCategory::Passive => "passive",
            NpsCategory::Promoter => "promoter",
        }
    }
}

impl fmt::Display for NpsCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The longest text a log line quotes from an answer, in characters.
const LOG_TEXT: usize = 80;

fn quoted(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    let mut chars = text.chars();
    let shown: String = chars.by_ref().take(LOG_TEXT).collect();
    let more = if chars.next().is_some() { "…" } else { "" };
    write!(f, "{shown:?}{more}")
}

impl fmt::Display for Answer<'_> {
    /// One line for a log: the kind of answer and the answer itself, nothing else from the
    /// payload (text is quoted and cut at 80 characters).
    ///
    /// ```
    /// use sprig_events::webhook::{Answer, Choice};
    ///
    /// assert_eq!(Answer::Nps(9).to_string(), "nps 9 (promoter)");
    /// assert_eq!(
    ///     Answer::Choice(Choice { label: "SUV", index: Some(2) }).to_string(),
    ///     r#"choice "SUV" (option 2)"#
    /// );
    /// assert_eq!(Answer::Skipped.to_string(), "skipped");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let choice = |f: &mut fmt::Formatter<'_>, choice: &Choice<'_>| {
            quoted(f, choice.label)?;
            match choice.index {
                Some(index) => write!(f, " (option {index})"),
                None => Ok(()),
            }
        };
        match self {
            Answer::Text(text) => {
                f.write_str("text ")?;
                quoted(f, text)
            }
            Answer::Nps(score) => match NpsCategory::of(*score) {
                Some(category) => write!(f, "nps {score} ({category})"),
                None => write!(f, "nps {score}"),
            },
            Answer::Likert(rating) => write!(f, "likert {rating}"),
            Answer::Choice(one) => {
                f.write_str("choice ")?;
                choice(f, one)
            }
            Answer::Choices(many) => {
                f.write_str("choices [")?;
                for (i, one) in many.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    choice(f, one)?;
                }
                f.write_str("]")
            }
            Answer::Matrix(rows) => write!(f, "matrix of {} rows", rows.len()),
            Answer::Consent { submitted } => write!(f, "consent submitted: {submitted}"),
            Answer::Recording(_) => f.write_str("recording"),
            Answer::RankOrder(options) => {
                f.write_str("rank order [")?;
                for (i, ranked) in options.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    quoted(f, ranked.option)?;
                }
                f.write_str("]")
            }
            Answer::MaxDiff(rounds) => write!(f, "maxdiff of {} rounds", rounds.len()),
            Answer::Task(status) => write!(f, "task {status}"),
            Answer::Prompt { skipped } => write!(f, "prompt (skipped: {skipped})"),
            Answer::Skipped => f.write_str("skipped"),
            Answer::Raw(value) => write!(f, "unread answer ({})", describe(value)),
        }
    }
}

/// Bring `response` into canonical form for its question type, or say why it does not fit.
///
/// Text answers (`open`, `multiplechoice` labels) and unknown types are never touched: a string
/// there is the respondent's, even when it looks like JSON or a number.
fn normalize_response(kind: Option<QuestionKind>, response: Value) -> Result<Value, String> {
    let Some(kind) = kind else {
        return Ok(response);
    };
    match kind {
        QuestionKind::Open | QuestionKind::MultipleChoice => Ok(response),
        QuestionKind::Nps => decode_int(response, 0, 10),
        QuestionKind::Likert => decode_int(response, 1, u64::from(u32::MAX)),
        QuestionKind::MultipleSelect => {
            // The export API sends one label as plain text (with `selectedIndexes` a list);
            // webhooks send the list, often stringified. Text that holds a list is decoded (one
            // level), `""` or `"null"` is no answer, and text that opens as a list of labels
            // does (`["…`, `[]`) but is broken, or is a list stringified twice, is refused;
            // any other text is a label, the respondent's choice, kept as it came, whatever it
            // looks like (`10`, `true`, `[Beta] dark mode`, `"Other" option`).
            let response = match response {
                // Only text opening with `[` (a list) or `"` (a string, which may hold one) can
                // be refused below: any other is a label without being parsed, as the export's
                // plain labels are.
                Value::String(text)
                    if !means_none(&text) && !text.trim_start().starts_with(['[', '"']) =>
                {
                    return Ok(Value::String(text));
                }
                Value::String(text) if !means_none(&text) => match json_in_string::<Value>(&text) {
                    Ok(list @ Value::Array(_)) => list,
                    Ok(twice @ Value::String(_))
                        if twice.as_str().is_some_and(opens_like_a_list) =>
                    {
                        return Err(format!(
                            "expected a JSON array, found {} (a list stringified twice)",
                            describe(&twice)
                        ));
                    }
                    Err(why) if opens_like_a_list(&text) => return Err(why),
                    Ok(_) | Err(_) => return Ok(Value::String(text)),
                },
                other => other,
            };
            let labels = decode_stringified(response, Expect::Array)?;
            match labels
                .as_array()
                .and_then(|l| l.iter().find(|v| !v.is_string()))
            {
                Some(bad) => Err(format!(
                    "expected a list of option labels, found {} in it",
                    describe(bad)
                )),
                None => Ok(labels),
            }
        }
        QuestionKind::Matrix
        | QuestionKind::ConsentLegal
        | QuestionKind::VideoVoice
        | QuestionKind::RecordedTask
        | QuestionKind::TextUrlPrompt => decode_stringified(response, Expect::Object),
        QuestionKind::RankOrder => normalize_ranks(decode_stringified(response, Expect::Object)?),
        QuestionKind::MaxDiff => normalize_rounds(decode_stringified(response, Expect::Array)?),
    }
}

/// Whether text opens as a JSON list of labels does: `[`, then `"` or `]` (white space
/// between), where a label such as `[Beta] dark mode` does not.
fn opens_like_a_list(text: &str) -> bool {
    text.trim_start()
        .strip_prefix('[')
        .is_some_and(|rest| rest.trim_start().starts_with(['"', ']']))
}

/// A rank-order answer's ranks as integers from 1 (in any form integer ids take).
fn normalize_ranks(ranks: Value) -> Result<Value, String> {
    let Value::Object(ranks) = ranks else {
        return Ok(ranks); // null: no answer
    };
    ranks
        .into_iter()
        .map(|(option, rank)| {
            let read = match rank {
                Value::Null => Err(format!(
                    "expected an integer from 1, found {}",
                    describe(&rank)
                )),
                rank => decode_int(rank, 1, u64::from(u32::MAX)),
            };
            match read {
                Ok(rank) if !rank.is_null() => Ok((option, rank)),
                Ok(_) => Err(format!("the rank of {option:?} is empty")),
                Err(why) => Err(format!("the rank of {option:?}: {why}")),
            }
        })
        .collect::<Result<Map<_, _>, _>>()
        .map(Value::Object)
}

/// A MaxDiff answer: a list of rounds, each a list of `{id, option, selected}`, with `id` in
/// any form integer ids take and `selected` a side or null. Other keys are kept.
fn normalize_rounds(rounds: Value) -> Result<Value, String> {
    let Value::Array(rounds) = rounds else {
        return Ok(rounds); // null: no answer
    };
    let mut out = Vec::with_capacity(rounds.len());
    for (r, round) in rounds.into_iter().enumerate() {
        let Value::Array(options) = round else {
            return Err(format!(
                "round {r}: expected a list of options, found {}",
                describe(&round)
            ));
        };
        let mut kept = Vec::with_capacity(options.len());
        for (i, option) in options.into_iter().enumerate() {
            let Value::Object(mut option) = option else {
                return Err(format!(
                    "round {r}, option {i}: expected an object, found {}",
                    describe(&option)
                ));
            };
            let bad = |what: &str, value: &Value| {
                format!(
                    "round {r}, option {i}: expected {what}, found {}",
                    describe(value)
                )
            };
            match option.get("option") {
                Some(Value::String(_)) => {}
                Some(other) => return Err(bad("`option` text", other)),
                None => return Err(format!("round {r}, option {i}: no `option` label")),
            }
            match option.get("selected") {
                None | Some(Value::Null | Value::String(_)) => {}
                Some(other) => return Err(bad("`selected` to be a side or null", other)),
            }
            // Decoded in place, so the key keeps its position.
            if let Some(slot) = option.get_mut("id") {
                let id = slot.take();
                *slot = match id {
                    Value::Null => id,
                    id => decode_int(id, 0, u64::MAX)
                        .map_err(|why| format!("round {r}, option {i}: `id`: {why}"))?,
                };
            }
            kept.push(Value::Object(option));
        }
        out.push(Value::Array(kept));
    }
    Ok(Value::Array(out))
}

/// `response` in canonical form for its question type, or why it does not fit (as an error of
/// the field `response`). A stringified `"null"` or an empty string is no answer, as an absent
/// one is.
pub(crate) fn normalized(
    question_type: &QuestionType,
    response: Option<Value>,
) -> Result<Option<Value>, FieldError> {
    let Some(value) = response else {
        return Ok(None);
    };
    let value = normalize_response(question_type.kind(), value)
        .map_err(|message| FieldError::new("response", message))?;
    Ok(Some(value).filter(|v| !v.is_null()))
}

/// [`normalized`] in place, for a model's check (on error the whole read fails, so the value
/// need not survive it).
pub(crate) fn normalize_in_place(
    question_type: &QuestionType,
    response: &mut Option<Value>,
) -> Result<(), FieldError> {
    *response = normalized(question_type, response.take())?;
    Ok(())
}

/// Read a (normalised) response according to its question type.
pub(crate) fn interpret<'a>(
    kind: Option<QuestionKind>,
    response: Option<&'a Value>,
    indexes: Option<&SelectedIndexes>,
) -> Answer<'a> {
    let Some(response) = response.filter(|r| !r.is_null()) else {
        return match kind {
            Some(QuestionKind::TextUrlPrompt) => Answer::Prompt { skipped: false },
            _ => Answer::Skipped,
        };
    };
    let Some(kind) = kind else {
        return Answer::Raw(response);
    };
    let indexes = indexes.map(SelectedIndexes::as_slice).unwrap_or_default();
    let field = |name: &str| response.as_object().and_then(|o| o.get(name));
    let interpreted = match kind {
        QuestionKind::Open => response.as_str().map(Answer::Text),
        QuestionKind::Nps => response
            .as_u64()
            .and_then(|n| u8::try_from(n).ok())
            .map(Answer::Nps),
        QuestionKind::Likert => response
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Answer::Likert),
        QuestionKind::MultipleChoice => response.as_str().map(|label| {
            Answer::Choice(Choice {
                label,
                index: indexes.first().copied(),
            })
        }),
        // One label as text, as the export API sends it: its index when there is only one.
        QuestionKind::MultipleSelect if response.is_string() => response.as_str().map(|label| {
            Answer::Choices(vec![Choice {
                label,
                index: match indexes {
                    [one] => Some(*one),
                    _ => None,
                },
            }])
        }),
        QuestionKind::MultipleSelect => response.as_array().and_then(|labels| {
            labels
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    label.as_str().map(|label| Choice {
                        label,
                        index: indexes.get(i).copied(),
                    })
                })
                .collect::<Option<Vec<_>>>()
                .map(Answer::Choices)
        }),
        QuestionKind::Matrix => response.as_object().map(Answer::Matrix),
        QuestionKind::ConsentLegal => field("submitted")
            .and_then(Value::as_bool)
            .map(|submitted| Answer::Consent { submitted }),
        QuestionKind::VideoVoice => response
            .as_object()
            .and_then(Recording::of)
            .map(Answer::Recording),
        QuestionKind::RecordedTask => field("taskStatus")
            .and_then(Value::as_str)
            .map(|status| Answer::Task(TaskStatus::from(status))),
        QuestionKind::TextUrlPrompt => Some(Answer::Prompt {
            skipped: field("skipped").and_then(Value::as_bool).unwrap_or(false),
        }),
        QuestionKind::RankOrder => response.as_object().and_then(ranked),
        QuestionKind::MaxDiff => response.as_array().and_then(|rounds| {
            rounds
                .iter()
                .map(round)
                .collect::<Option<Vec<_>>>()
                .map(Answer::MaxDiff)
        }),
    };
    interpreted.unwrap_or(Answer::Raw(response))
}

/// A rank-order answer's options, by rank (then by label, for a stable order).
fn ranked(ranks: &Map<String, Value>) -> Option<Answer<'_>> {
    let mut options = ranks
        .iter()
        .map(|(option, rank)| {
            let rank = rank.as_u64().and_then(|n| u32::try_from(n).ok())?;
            Some(RankedOption { option, rank })
        })
        .collect::<Option<Vec<_>>>()?;
    options.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.option.cmp(b.option)));
    Some(Answer::RankOrder(options))
}

/// One MaxDiff round, when every option in it has a label.
fn round(options: &Value) -> Option<MaxDiffRound<'_>> {
    let options = options
        .as_array()?
        .iter()
        .map(|option| {
            let option = option.as_object()?;
            Some(MaxDiffOption {
                id: option.get("id").and_then(Value::as_u64),
                option: option.get("option")?.as_str()?,
                selected: option
                    .get("selected")
                    .and_then(Value::as_str)
                    .map(MaxDiffSide::from),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(MaxDiffRound { options })
}
