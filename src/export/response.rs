//! One record of `GET /v1/responses` (and of `GET /v1/themes`), and the page that holds them.

use chrono::{DateTime, Utc};
use serde_json::{Map, Number, Value};

use crate::error::FieldError;
use crate::webhook::answer::{interpret, normalize_in_place, normalized};
use crate::webhook::{Answer, QuestionType, ResponseGroupUid, SelectedIndexes};
use crate::wire::model::Walk;
use crate::wire::model::{self, Model, NullFields, Unchecked};
use crate::wire::tolerance::LooseTarget;
use crate::wire::tolerance::{Id, IntOrString, JsonInString, Rfc3339};
use crate::wire::{Extra, Loose};
use crate::Error;

/// One page of `GET /v1/responses` (or `GET /v1/themes`): the records and the cursor of the
/// next page.
///
/// Read with [`parse_responses`](super::parse_responses); written back, it keeps every key it
/// read and parses to the same value.
#[derive(Clone, Debug, Default, Model)]
#[model(check = ResponsesPage::check)]
pub struct ResponsesPage {
    /// `cursor`: where the next page starts; `None` (`null` on the wire) on the last page.
    pub cursor: Option<String>,
    /// `data`: the records, one answer each.
    #[model(with = Vec<Unchecked>)]
    pub data: Vec<Response>,
    /// Keys of the page this model does not know, kept as they came.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

impl ResponsesPage {
    fn check(&mut self) -> Result<(), FieldError> {
        for (i, response) in self.data.iter_mut().enumerate() {
            model::Model::check(response).map_err(|e| e.within(&format!("data[{i}]")))?;
        }
        Ok(())
    }
}

/// One answer as the export API gives it: a respondent's answer to one question of a study.
///
/// The answer (`response`, read by [`Response::answer`]) is kept in canonical form for its
/// `questionType` by the rules webhooks follow (the export's types are upper case; they compare
/// case-insensitively and are written back as they came). The keys the `with_*` flags add
/// (`url`, `meta`, `visitorSnapshot`, `customMetadata`, `deletedAt`) are optional.
#[derive(Clone, Debug, Model)]
#[model(check = Response::check)]
pub struct Response {
    /// `response`: the answer, canonical for `questionType`.
    response: Option<Value>,
    /// `questionType`: the kind of question (`NPS`, `RANKORDER`, …).
    question_type: QuestionType,
    /// `surveyId`: the study's id.
    #[model(with = IntOrString)]
    pub survey_id: u64,
    /// `questionId`: the question's id.
    #[model(with = IntOrString)]
    pub question_id: u64,
    /// `questionText`: the question's wording.
    pub question_text: Option<String>,
    /// `responseGroupUid`: groups the answers one visitor gave to one study (the webhook's
    /// `responseGroupUid`).
    pub response_group_uid: ResponseGroupUid,
    /// `createdAt`: when the answer was recorded.
    #[model(with = Rfc3339)]
    pub created_at: DateTime<Utc>,
    /// `updatedAt`: when the answer last changed.
    #[model(with = Option<Rfc3339>)]
    pub updated_at: Option<DateTime<Utc>>,
    /// `deletedAt`: when the answer was deleted (with `with_deleted_responses`).
    #[model(with = Option<Rfc3339>)]
    pub deleted_at: Option<DateTime<Utc>>,
    /// `visitorId`: Sprig's legacy numeric visitor id (`0` in the examples).
    #[model(with = Option<IntOrString>)]
    pub visitor_id: Option<u64>,
    /// `visitorUuid`: Sprig's id of the respondent (the webhook's `visitorId`).
    pub visitor_uuid: Option<String>,
    /// `externalUserId`: your id of the respondent, if set (often `""` or `null`).
    #[model(with = Option<Id>)]
    pub external_user_id: Option<String>,
    /// `partnerAnonymousId`: a partner's anonymous id, if set.
    #[model(with = Option<Id>)]
    pub partner_anonymous_id: Option<String>,
    /// `selectedIndexes`: the chosen option's index, or the chosen options' indexes.
    #[model(with = JsonInString)]
    pub selected_indexes: Option<SelectedIndexes>,
    /// `url`: the page the study was answered on (with `with_urls`).
    pub url: Option<String>,
    /// `meta`: the respondent's device and page (with `with_meta`), kept as it came when it is
    /// not an object.
    pub meta: Option<Loose<Meta>>,
    /// `visitorSnapshot`: the visitor as Sprig knew them when answering (with
    /// `with_snapshots`).
    pub visitor_snapshot: Option<VisitorSnapshot>,
    /// `customMetadata`: metadata set on the study (with `with_custom_metadata`).
    #[model(with = JsonInString)]
    pub custom_metadata: Option<Map<String, Value>>,
    /// `theme`: the theme Sprig identified in the answer (`GET /v1/themes` only).
    pub theme: Option<String>,
    /// `themeDescription`: the theme's description (`GET /v1/themes` only).
    pub theme_description: Option<String>,
    /// Keys of the record this model does not know, kept as they came and written back after
    /// the known fields. A key here that names a known field is not written.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

impl Response {
    /// A record with the fields every one carries; the question is `OPEN` and unanswered until
    /// [`Response::with_response`] says otherwise.
    pub fn new(
        survey_id: u64,
        question_id: u64,
        response_group_uid: impl Into<ResponseGroupUid>,
        created_at: DateTime<Utc>,
    ) -> Self {
        Response {
            response: None,
            question_type: QuestionType::from("OPEN"),
            survey_id,
            question_id,
            question_text: None,
            response_group_uid: response_group_uid.into(),
            created_at,
            updated_at: None,
            deleted_at: None,
            visitor_id: None,
            visitor_uuid: None,
            external_user_id: None,
            partner_anonymous_id: None,
            selected_indexes: None,
            url: None,
            meta: None,
            visitor_snapshot: None,
            custom_metadata: None,
            theme: None,
            theme_description: None,
            extra: Map::new(),
            nulls: NullFields::default(),
        }
    }

    /// The answer, read according to `questionType`: the same [`Answer`] a webhook gives.
    ///
    /// ```
    /// use sprig_events::export::parse_responses;
    /// use sprig_events::webhook::Answer;
    ///
    /// let page = parse_responses(br#"{"cursor": null, "data": [{"surveyId": 1, "questionId": 2,
    ///   "questionType": "NPS", "response": 9, "createdAt": "2024-01-26T18:58:32.835Z",
    ///   "responseGroupUid": "b96b109f-040c-412a-9ca4-4d694ccaec90"}]}"#)?;
    /// assert_eq!(page.data[0].answer(), Answer::Nps(9));
    /// # Ok::<(), sprig_events::Error>(())
    /// ```
    pub fn answer(&self) -> Answer<'_> {
        interpret(
            self.question_type.kind(),
            self.response.as_ref(),
            self.selected_indexes.as_ref(),
        )
    }

    /// The paths of the values kept as they came because they are not of the type this crate
    /// gives them (`meta.client.height`), in the record's order; empty when there are none.
    /// Sprig documents the keys of `meta` but not their types, so such a value does not
    /// refuse the record.
    ///
    /// ```
    /// use sprig_events::export::parse_responses;
    ///
    /// let page = parse_responses(br#"{"cursor": null, "data": [{"surveyId": 1, "questionId": 2,
    ///   "questionType": "NPS", "response": 9, "createdAt": "2024-01-26T18:58:32.835Z",
    ///   "responseGroupUid": "b96b109f-040c-412a-9ca4-4d694ccaec90",
    ///   "meta": {"browser": "Firefox", "client": {"height": "912", "width": 1440}}}]}"#)?;
    /// assert_eq!(page.data[0].not_as_expected(), ["meta.client.height"]);
    /// # Ok::<(), sprig_events::Error>(())
    /// ```
    pub fn not_as_expected(&self) -> Vec<String> {
        let mut paths = Vec::new();
        model::under(&mut String::new(), "meta", |at| {
            self.meta.walk(at, &mut paths);
        });
        paths
    }

    /// `response`, in canonical form for [`Response::question_type`]; `None` when there is no
    /// answer.
    pub fn response(&self) -> Option<&Value> {
        self.response.as_ref()
    }

    /// `questionType`.
    pub fn question_type(&self) -> &QuestionType {
        &self.question_type
    }

    /// Set the question type and the answer together, by the rules parsing applies; one that
    /// does not fit is an error naming `response`, leaving the record unchanged.
    pub fn set_response(
        &mut self,
        question_type: impl Into<QuestionType>,
        response: Option<Value>,
    ) -> Result<(), Error> {
        let question_type = question_type.into();
        self.response = normalized(&question_type, response).map_err(Error::from_field)?;
        self.question_type = question_type;
        Ok(())
    }

    /// [`Response::set_response`], chainable.
    pub fn with_response(
        mut self,
        question_type: impl Into<QuestionType>,
        response: Option<Value>,
    ) -> Result<Self, Error> {
        self.set_response(question_type, response)?;
        Ok(self)
    }

    fn check(&mut self) -> Result<(), FieldError> {
        normalize_in_place(&self.question_type, &mut self.response)
    }
}

/// `meta`: where and on what the study was answered (the export's `with_meta`).
///
/// Sprig documents these keys but not their types: a value of another type than the one given
/// here is kept as it came ([`Loose::Other`]) and named by [`Response::not_as_expected`], and a
/// key given twice keeps its last value, so that `meta` never costs the page its answers.
#[derive(Clone, Debug, Default, Model)]
#[model(walk, last_wins)]
pub struct Meta {
    /// `browser`.
    pub browser: Option<Loose<String>>,
    /// `client`: the browser window's size.
    pub client: Option<Loose<ClientSize>>,
    /// `href`: the page's URL.
    pub href: Option<Loose<String>>,
    /// `language`: the browser's language.
    pub language: Option<Loose<String>>,
    /// `os`: the operating system.
    pub os: Option<Loose<String>>,
    /// `screen`: the screen, in whatever form Sprig sends it.
    pub screen: Option<Value>,
    /// `userAgent`.
    pub user_agent: Option<Loose<String>>,
    /// Keys this model does not know, kept as they came.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// `meta.client`: the browser window's size, numbers kept as written.
#[derive(Clone, Debug, Default, Model)]
#[model(walk, last_wins)]
pub struct ClientSize {
    /// `height`.
    pub height: Option<Loose<Number>>,
    /// `width`.
    pub width: Option<Loose<Number>>,
    /// Keys this model does not know, kept as they came.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

// `meta` and `meta.client` are read from any JSON object: every key of theirs keeps any value.
impl crate::wire::tolerance::sealed::Sealed for Meta {}
impl LooseTarget for Meta {
    const FROM_OBJECT: bool = true;
}
impl crate::wire::tolerance::sealed::Sealed for ClientSize {}
impl LooseTarget for ClientSize {
    const FROM_OBJECT: bool = true;
}

/// `visitorSnapshot`: the visitor as Sprig knew them when they answered (the export's
/// `with_snapshots`).
#[derive(Clone, Debug, Default, Model)]
pub struct VisitorSnapshot {
    /// `attributes`: the visitor's attributes.
    #[model(with = JsonInString)]
    pub attributes: Option<Map<String, Value>>,
    /// `eventProperties`: properties of the event that targeted the visitor.
    #[model(with = JsonInString)]
    pub event_properties: Option<Map<String, Value>>,
    /// `events`: the visitor's events (an object).
    #[model(with = JsonInString)]
    pub events: Option<Map<String, Value>>,
    /// `externalUserId`: your id of the visitor.
    #[model(with = Option<Id>)]
    pub external_user_id: Option<String>,
    /// `responseGroupUid`.
    pub response_group_uid: Option<ResponseGroupUid>,
    /// `triggeringEvent`: the event that started the study.
    pub triggering_event: Option<String>,
    /// `visitorId`: Sprig's numeric visitor id.
    #[model(with = Option<IntOrString>)]
    pub visitor_id: Option<u64>,
    /// Keys this model does not know, kept as they came.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}
