//! `context`: what the sending library knew about the device, the app and the page.

use serde_json::{Map, Number, Value};

use crate::wire::model::{Model, NullFields};
use crate::wire::tolerance::{Loose, LooseTarget, NullIsValue, TextOrNumber};
use crate::wire::Extra;

/// An event's `context`, with the standard keys typed; any other key is kept in `extra`.
/// A standard key whose value is not of the spec's type is kept as it came ([`Loose`]):
/// the destination never reads `context`, so no value there stops an event.
///
/// The sub-objects are boxed: most events carry few of them, and a flat `Context` would be
/// copied whole each time an event moves.
#[derive(Clone, Debug, Default, Model)]
#[model(walk, last_wins)]
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
#[model(walk, last_wins)]
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
#[model(walk, last_wins)]
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
#[model(walk, last_wins)]
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
#[model(walk, last_wins)]
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
#[model(walk, last_wins)]
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
#[model(walk, last_wins)]
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
#[model(walk, last_wins)]
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
#[model(walk, last_wins)]
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
#[model(walk, last_wins)]
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
#[model(walk, last_wins)]
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
