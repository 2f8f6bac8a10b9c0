//! `context`: what the sending library knew about the device, the app and the page.

use serde_json::{Map, Number, Value};

use crate::wire::{model, IdString, TextOrNumber};

model! {
    /// An event's `context`, with the standard keys typed; any other key is kept in `extra`.
    ///
    /// The sub-objects are boxed: most events carry few of them, and a flat `Context` would be
    /// copied whole each time an event moves.
    pub struct Context {
        /// `active`: whether the user is active (false for server-side events on their behalf).
        pub active: Option<bool>,
        /// `app`: the sending app.
        pub app: Option<Box<App>>,
        /// `campaign`: UTM parameters of the visit.
        pub campaign: Option<Box<Campaign>>,
        /// `device`: the device.
        pub device: Option<Box<Device>>,
        /// `ip`: the user's IP address.
        pub ip: Option<String>,
        /// `library`: the library that sent the event.
        pub library: Option<Box<Library>>,
        /// `locale`: e.g. `en-US`.
        pub locale: Option<String>,
        /// `location`: where the user is.
        pub location: Option<Box<Location>>,
        /// `network`: the device's connection.
        pub network: Option<Box<Network>>,
        /// `os`: the operating system.
        pub os: Option<Box<Os>>,
        /// `page`: the web page.
        pub page: Option<Box<Page>>,
        /// `referrer`: what referred the user.
        pub referrer: Option<Box<Referrer>>,
        /// `screen`: the screen's size.
        pub screen: Option<Box<Screen>>,
        /// `timezone`: e.g. `Europe/Berlin`.
        pub timezone: Option<String>,
        /// `groupId`: the account or group the event belongs to.
        #[serde_as(as = "Option<IdString>")]
        pub group_id: Option<String>,
        /// `traits`: user traits sent along with a non-identify call.
        pub traits: Option<Map<String, Value>>,
        /// `userAgent`: the browser's user agent.
        pub user_agent: Option<String>,
    }
}

model! {
    /// `context.app`.
    pub struct App {
        /// `name`.
        pub name: Option<String>,
        /// `version`, a string or a number.
        pub version: Option<TextOrNumber>,
        /// `build`, a string or a number.
        pub build: Option<TextOrNumber>,
        /// `namespace`, e.g. a bundle id.
        pub namespace: Option<String>,
    }
}

model! {
    /// `context.campaign`: UTM parameters.
    pub struct Campaign {
        /// `name` (`utm_campaign`).
        pub name: Option<String>,
        /// `source` (`utm_source`).
        pub source: Option<String>,
        /// `medium` (`utm_medium`).
        pub medium: Option<String>,
        /// `term` (`utm_term`).
        pub term: Option<String>,
        /// `content` (`utm_content`).
        pub content: Option<String>,
    }
}

model! {
    /// `context.device`.
    pub struct Device {
        /// `id`.
        pub id: Option<String>,
        /// `advertisingId`.
        pub advertising_id: Option<String>,
        /// `adTrackingEnabled`.
        pub ad_tracking_enabled: Option<bool>,
        /// `manufacturer`.
        pub manufacturer: Option<String>,
        /// `model`.
        pub model: Option<String>,
        /// `name`.
        pub name: Option<String>,
        /// `type`, e.g. `ios`, `android`.
        #[serde(rename = "type")]
        pub device_type: Option<String>,
        /// `token`: a push token.
        pub token: Option<String>,
    }
}

model! {
    /// `context.library`.
    pub struct Library {
        /// `name`, e.g. `analytics.js`.
        pub name: Option<String>,
        /// `version`.
        pub version: Option<TextOrNumber>,
    }
}

model! {
    /// `context.location`.
    pub struct Location {
        /// `city`.
        pub city: Option<String>,
        /// `country`.
        pub country: Option<String>,
        /// `latitude`.
        pub latitude: Option<Number>,
        /// `longitude`.
        pub longitude: Option<Number>,
        /// `region`.
        pub region: Option<String>,
        /// `speed`.
        pub speed: Option<Number>,
    }
}

model! {
    /// `context.network`.
    pub struct Network {
        /// `bluetooth`.
        pub bluetooth: Option<bool>,
        /// `carrier`.
        pub carrier: Option<String>,
        /// `cellular`.
        pub cellular: Option<bool>,
        /// `wifi`.
        pub wifi: Option<bool>,
    }
}

model! {
    /// `context.os`.
    pub struct Os {
        /// `name`.
        pub name: Option<String>,
        /// `version`.
        pub version: Option<TextOrNumber>,
    }
}

model! {
    /// `context.page`.
    pub struct Page {
        /// `path`.
        pub path: Option<String>,
        /// `referrer`.
        pub referrer: Option<String>,
        /// `search`.
        pub search: Option<String>,
        /// `title`.
        pub title: Option<String>,
        /// `url`.
        pub url: Option<String>,
    }
}

model! {
    /// `context.referrer`.
    pub struct Referrer {
        /// `id`.
        pub id: Option<String>,
        /// `type`.
        #[serde(rename = "type")]
        pub referrer_type: Option<String>,
        /// `name`.
        pub name: Option<String>,
        /// `url`.
        pub url: Option<String>,
        /// `link`.
        pub link: Option<String>,
    }
}

model! {
    /// `context.screen`.
    pub struct Screen {
        /// `width`.
        pub width: Option<Number>,
        /// `height`.
        pub height: Option<Number>,
        /// `density`.
        pub density: Option<Number>,
    }
}
