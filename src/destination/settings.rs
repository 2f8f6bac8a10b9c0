//! The destination's settings, as Customer.io stores them.

use serde_json::Map;

use crate::wire::model::{Model, NullFields};
use crate::wire::read;
use crate::wire::Extra;
use crate::Error;

/// The Sprig destination's settings: `{"envId": "…", "debugMode": false}`.
///
/// ```
/// use sprig_events::destination::Settings;
///
/// let settings = Settings::new("RpOLQFy3T").with_debug_mode(true);
/// assert_eq!(serde_json::to_string(&settings).unwrap(), r#"{"envId":"RpOLQFy3T","debugMode":true}"#);
/// ```
#[derive(Clone, Debug, Model)]
pub struct Settings {
    /// `envId`: the Sprig environment id (production or development). Required, non-empty.
    pub env_id: String,
    /// `debugMode`: Sprig's debug mode, for testing; off when absent.
    pub debug_mode: Option<bool>,
    /// Keys of the payload this model does not know, kept as they came and written
    /// back after the known fields. A key here that names a known field is not
    /// written: set the field instead.
    #[model(extra)]
    pub extra: Extra,
    /// Which known fields arrived as `null`.
    #[model(nulls)]
    nulls: NullFields,
}

const EMPTY_ENV_ID: &str = "the Sprig environment id must not be empty";

/// Why settings are not usable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// `envId` is empty or only whitespace.
    #[error("envId: {}", EMPTY_ENV_ID)]
    EmptyEnvId,
}

impl SettingsError {
    /// The field the error is about, e.g. `envId`.
    pub fn field(&self) -> &'static str {
        match self {
            SettingsError::EmptyEnvId => "envId",
        }
    }

    /// What is wrong with the field, in words.
    pub fn message(&self) -> &'static str {
        match self {
            SettingsError::EmptyEnvId => EMPTY_ENV_ID,
        }
    }
}

impl Settings {
    /// Settings for an environment, with debug mode off.
    pub fn new(env_id: impl Into<String>) -> Self {
        Settings {
            env_id: env_id.into(),
            debug_mode: None,
            extra: Map::new(),
            nulls: Default::default(),
        }
    }

    /// Whether debug mode is on (`debugMode`, off when absent).
    pub fn debug_mode_on(&self) -> bool {
        self.debug_mode == Some(true)
    }

    /// Check what the JSON shape cannot: `envId` must not be blank.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.env_id.trim().is_empty() {
            return Err(SettingsError::EmptyEnvId);
        }
        Ok(())
    }
}

/// Parse and validate the destination's settings JSON.
///
/// ```
/// use sprig_events::destination::parse_settings;
///
/// let settings = parse_settings(br#"{"envId": "RpOLQFy3T"}"#)?;
/// assert_eq!(settings.env_id, "RpOLQFy3T");
/// assert!(!settings.debug_mode_on());
///
/// let err = parse_settings(br#"{"envId": "", "debugMode": true}"#).unwrap_err();
/// assert!(err.to_string().starts_with("envId: "));
/// # Ok::<(), sprig_events::Error>(())
/// ```
pub fn parse_settings(body: &[u8]) -> Result<Settings, Error> {
    let settings: Settings = read::from_slice(body)?;
    match settings.validate() {
        Ok(()) => Ok(settings),
        Err(error) => Err(Error::data(error.field(), error.message())),
    }
}
