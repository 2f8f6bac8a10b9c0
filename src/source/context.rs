//! `context`: what the sending library knew about the device, the app and the page.

use serde_json::{Map, Number, Value};

use crate::wire::model;
use crate::wire::tolerance::{Loose, LooseTarget, TextOrNumber};

model! {
    /// An event's `context`, with the standard keys typed; any other key is kept in `extra`.
    /// A standard key whose value is not of the spec's type is kept as it came ([`Loose`]):
    /// the destination never reads `context`, so no value there stops an event.
    ///
    /// The sub-objects are boxed: most events carry few of them, and a flat `Context` would be
    /// copied whole each time an event moves.
    #[derive(Default)]
    pub struct Context {
        fixed {}
        /// `active`: whether the user is active (false for server-side events on their behalf).
        "active" pub active: Option<Loose<bool>>,
        /// `app`: the sending app.
        "app" pub app: Option<Loose<Box<App>>>,
        /// `campaign`: UTM parameters of the visit.
        "campaign" pub campaign: Option<Loose<Box<Campaign>>>,
        /// `device`: the device.
        "device" pub device: Option<Loose<Box<Device>>>,
        /// `ip`: the user's IP address.
        "ip" pub ip: Option<Loose<String>>,
        /// `library`: the library that sent the event.
        "library" pub library: Option<Loose<Box<Library>>>,
        /// `locale`: e.g. `en-US`.
        "locale" pub locale: Option<Loose<String>>,
        /// `location`: where the user is.
        "location" pub location: Option<Loose<Box<Location>>>,
        /// `network`: the device's connection.
        "network" pub network: Option<Loose<Box<Network>>>,
        /// `os`: the operating system.
        "os" pub os: Option<Loose<Box<Os>>>,
        /// `page`: the web page.
        "page" pub page: Option<Loose<Box<Page>>>,
        /// `referrer`: what referred the user.
        "referrer" pub referrer: Option<Loose<Box<Referrer>>>,
        /// `screen`: the screen's size.
        "screen" pub screen: Option<Loose<Box<Screen>>>,
        /// `timezone`: e.g. `Europe/Berlin`.
        "timezone" pub timezone: Option<Loose<String>>,
        /// `groupId`: the account or group the event belongs to.
        "groupId" pub group_id: Option<Loose<String>>,
        /// `traits`: user traits sent along with a non-identify call.
        "traits" pub traits: Option<Loose<Map<String, Value>>>,
        /// `userAgent`: the browser's user agent.
        "userAgent" pub user_agent: Option<Loose<String>>,
    }
}

model! {
    /// `context.app`.
    #[derive(Default)]
    pub struct App {
        fixed {}
        /// `name`.
        "name" pub name: Option<Loose<String>>,
        /// `version`, a string or a number.
        "version" pub version: Option<Loose<TextOrNumber>>,
        /// `build`, a string or a number.
        "build" pub build: Option<Loose<TextOrNumber>>,
        /// `namespace`, e.g. a bundle id.
        "namespace" pub namespace: Option<Loose<String>>,
    }
}

model! {
    /// `context.campaign`: UTM parameters.
    #[derive(Default)]
    pub struct Campaign {
        fixed {}
        /// `name` (`utm_campaign`).
        "name" pub name: Option<Loose<String>>,
        /// `source` (`utm_source`).
        "source" pub source: Option<Loose<String>>,
        /// `medium` (`utm_medium`).
        "medium" pub medium: Option<Loose<String>>,
        /// `term` (`utm_term`).
        "term" pub term: Option<Loose<String>>,
        /// `content` (`utm_content`).
        "content" pub content: Option<Loose<String>>,
    }
}

model! {
    /// `context.device`.
    #[derive(Default)]
    pub struct Device {
        fixed {}
        /// `id`.
        "id" pub id: Option<Loose<String>>,
        /// `advertisingId`.
        "advertisingId" pub advertising_id: Option<Loose<String>>,
        /// `adTrackingEnabled`.
        "adTrackingEnabled" pub ad_tracking_enabled: Option<Loose<bool>>,
        /// `manufacturer`.
        "manufacturer" pub manufacturer: Option<Loose<String>>,
        /// `model`.
        "model" pub model: Option<Loose<String>>,
        /// `name`.
        "name" pub name: Option<Loose<String>>,
        /// `type`, e.g. `ios`, `android`.
        "type" pub device_type: Option<Loose<String>>,
        /// `token`: a push token.
        "token" pub token: Option<Loose<String>>,
    }
}

model! {
    /// `context.library`.
    #[derive(Default)]
    pub struct Library {
        fixed {}
        /// `name`, e.g. `analytics.js`.
        "name" pub name: Option<Loose<String>>,
        /// `version`.
        "version" pub version: Option<Loose<TextOrNumber>>,
    }
}

model! {
    /// `context.location`.
    #[derive(Default)]
    pub struct Location {
        fixed {}
        /// `city`.
        "city" pub city: Option<Loose<String>>,
        /// `country`.
        "country" pub country: Option<Loose<String>>,
        /// `latitude`.
        "latitude" pub latitude: Option<Loose<Number>>,
        /// `longitude`.
        "longitude" pub longitude: Option<Loose<Number>>,
        /// `region`.
        "region" pub region: Option<Loose<String>>,
        /// `speed`.
        "speed" pub speed: Option<Loose<Number>>,
    }
}

model! {
    /// `context.network`.
    #[derive(Default)]
    pub struct Network {
        fixed {}
        /// `bluetooth`.
        "bluetooth" pub bluetooth: Option<Loose<bool>>,
        /// `carrier`.
        "carrier" pub carrier: Option<Loose<String>>,
        /// `cellular`.
        "cellular" pub cellular: Option<Loose<bool>>,
        /// `wifi`.
        "wifi" pub wifi: Option<Loose<bool>>,
    }
}

model! {
    /// `context.os`.
    #[derive(Default)]
    pub struct Os {
        fixed {}
        /// `name`.
        "name" pub name: Option<Loose<String>>,
        /// `version`.
        "version" pub version: Option<Loose<TextOrNumber>>,
    }
}

model! {
    /// `context.page`.
    #[derive(Default)]
    pub struct Page {
        fixed {}
        /// `path`.
        "path" pub path: Option<Loose<String>>,
        /// `referrer`.
        "referrer" pub referrer: Option<Loose<String>>,
        /// `search`.
        "search" pub search: Option<Loose<String>>,
        /// `title`.
        "title" pub title: Option<Loose<String>>,
        /// `url`.
        "url" pub url: Option<Loose<String>>,
    }
}

model! {
    /// `context.referrer`.
    #[derive(Default)]
    pub struct Referrer {
        fixed {}
        /// `id`.
        "id" pub id: Option<Loose<String>>,
        /// `type`.
        "type" pub referrer_type: Option<Loose<String>>,
        /// `name`.
        "name" pub name: Option<Loose<String>>,
        /// `url`.
        "url" pub url: Option<Loose<String>>,
        /// `link`.
        "link" pub link: Option<Loose<String>>,
    }
}

model! {
    /// `context.screen`.
    #[derive(Default)]
    pub struct Screen {
        fixed {}
        /// `width`.
        "width" pub width: Option<Loose<Number>>,
        /// `height`.
        "height" pub height: Option<Loose<Number>>,
        /// `density`.
        "density" pub density: Option<Loose<Number>>,
    }
}

/// Context objects are read from any JSON object: every key of theirs keeps any value.
macro_rules! loose_objects {
    ($($ty:ty),*) => { $( impl LooseTarget for $ty { const FROM_OBJECT: bool = true; } )* };
}
loose_objects!(
    Context, App, Campaign, Device, Library, Location, Network, Os, Page, Referrer, Screen
);
