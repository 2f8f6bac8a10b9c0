//! One record of `GET /v1/surveys`, and the page that holds them.

use crate::webhook::StudyStatus;
use crate::wire::model::{Model, NullFields};
use crate::wire::tolerance::IntOrString;
use crate::wire::Extra;

/// One page of `GET /v1/surveys`.
#[derive(Clone, Debug, Default, Model)]
pub struct SurveysPage {
    /// `cursor`: where the next page starts; `None` (`null` on the wire) on the last page.
    pub cursor: Option<String>,
    /// `data`: the studies.
    pub data: Vec<Survey>,
    /// Keys of the page this model does not know, kept as they came.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

/// One study of `GET /v1/surveys`. Sprig documents its `status`; the record's other keys are
/// kept in `extra` as they came.
#[derive(Clone, Debug, Default, Model)]
pub struct Survey {
    /// `id`: the study's id (the answers' `surveyId`).
    #[model(with = Option<IntOrString>)]
    pub id: Option<u64>,
    /// `status`: `IN_PROGRESS`, `PAUSED`, `COMPLETED`, `DRAFT`, `ARCHIVED` or `NEW`.
    pub status: Option<StudyStatus>,
    /// Keys of the record this model does not know, kept as they came.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}
