//! `context`: what the sending library knew about the device, the app and the page.

use serde_json::{Map, Number, Value};

use crate::wire::model;
use crate::wire::tolerance::{Loose, LooseTarget, NullIsValue, TextOrNumber};

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
        "active" pub active: Option<Loose<bool>> as NullIsValue,
        /// `app`: the sending app.
        "app" pub app: Option<Loose<Box<App>>> as NullIsValue,
        /// `campaign`: UTM parameters of the visit.
        "campaign" pub campaign: Option<Loose<Box<Campaign>>> as NullIsValue,
        /// `device`: the device.
        "device" pub device: Option<Loose<Box<Device>>> as NullIsValue,
        /// `ip`: the user's IP address.
        "ip" pub ip: Option<Loose<String>> as NullIsValue,
        /// `library`: the library that sent the event.
        "library" pub library: Option<Loose<Box<Library>>> as NullIsValue,
        /// `locale`: e.g. `en-US`.
        "locale" pub locale: Option<Loose<String>> as NullIsValue,
        /// `location`: where the user is.
        "location" pub location: Option<Loose<Box<Location>>> as NullIsValue,
        /// `network`: the device's connection.
        "network" pub network: Option<Loose<Box<Network>>> as NullIsValue,
        /// `os`: the operating system.
        "os" pub os: Option<Loose<Box<Os>>> as NullIsValue,
        /// `page`: the web page.
        "page" pub page: Option<Loose<Box<Page>>> as NullIsValue,
        /// `referrer`: what referred the user.
        "referrer" pub referrer: Option<Loose<Box<Referrer>>> as NullIsValue,
        /// `screen`: the screen's size.
        "screen" pub screen: Option<Loose<Box<Screen>>> as NullIsValue,
        /// `timezone`: e.g. `Europe/Berlin`.
        "timezone" pub timezone: Option<Loose<String>> as NullIsValue,
        /// `groupId`: the account or group the event belongs to.
        "groupId" pub group_id: Option<Loose<String>> as NullIsValue,
        /// `traits`: user traits sent along with a non-identify call.
        "traits" pub traits: Option<Loose<Map<String, Value>>> as NullIsValue,
        /// `userAgent`: the browser's user agent.
        "userAgent" pub user_agent: Option<Loose<String>> as NullIsValue,
    }
}

model! {
    /// `context.app`.
    #[derive(Default)]
    pub struct App {
        fixed {}
        /// `name`.
        "name" pub name: Option<Loose<String>> as NullIsValue,
        /// `version`, a string or a number.
        "version" pub version: Option<Loose<TextOrNumber>> as NullIsValue,
        /// `build`, a string or a number.
        "build" pub build: Option<Loose<TextOrNumber>> as NullIsValue,
        /// `namespace`, e.g. a bundle id.
        "namespace" pub namespace: Option<Loose<String>> as NullIsValue,
    }
}

model! {
    /// `context.campaign`: UTM parameters.
    #[derive(Default)]
    pub struct Campaign {
        fixed {}
        /// `name` (`utm_campaign`).
        "name" pub name: Option<Loose<String>> as NullIsValue,
        /// `source` (`utm_source`).
        "source" pub source: Option<Loose<String>> as NullIsValue,
        /// `medium` (`utm_medium`).
        "medium" pub medium: Option<Loose<String>> as NullIsValue,
        /// `term` (`utm_term`).
        "term" pub term: Option<Loose<String>> as NullIsValue,
        /// `content` (`utm_content`).
        "content" pub content: Option<Loose<String>> as NullIsValue,
    }
}

model! {
    /// `context.device`.
    #[derive(Default)]
    pub struct Device {
        fixed {}
        /// `id`.
        "id" pub id: Option<Loose<String>> as NullIsValue,
        /// `advertisingId`.
        "advertisingId" pub advertising_id: Option<Loose<String>> as NullIsValue,
        /// `adTrackingEnabled`.
        "adTrackingEnabled" pub ad_tracking_enabled: Option<Loose<bool>> as NullIsValue,
        /// `manufacturer`.
        "manufacturer" pub manufacturer: Option<Loose<String>> as NullIsValue,
        /// `model`.
        "model" pub model: Option<Loose<String>> as NullIsValue,
        /// `name`.
        "name" pub name: Option<Loose<String>> as NullIsValue,
        /// `type`, e.g. `ios`, `android`.
        "type" pub device_type: Option<Loose<String>> as NullIsValue,
        /// `token`: a push token.
        "token" pub token: Option<Loose<String>> as NullIsValue,
    }
}

model! {
    /// `context.library`.
    #[derive(Default)]
    pub struct Library {
        fixed {}
        /// `name`, e.g. `analytics.js`.
        "name" pub name: Option<Loose<String>> as NullIsValue,
        /// `version`.
        "version" pub version: Option<Loose<TextOrNumber>> as NullIsValue,
    }
}

model! {
    /// `context.location`.
    #[derive(Default)]
    pub struct Location {
        fixed {}
        /// `city`.
        "city" pub city: Option<Loose<String>> as NullIsValue,
        /// `country`.
        "country" pub country: Option<Loose<String>> as NullIsValue,
        /// `latitude`.
        "latitude" pub latitude: Option<Loose<Number>> as NullIsValue,
        /// `longitude`.
        "longitude" pub longitude: Option<Loose<Number>> as NullIsValue,
        /// `region`.
        "region" pub region: Option<Loose<String>> as NullIsValue,
        /// `speed`.
        "speed" pub speed: Option<Loose<Number>> as NullIsValue,
    }
}

model! {
    /// `context.network`.
    #[derive(Default)]
    pub struct Network {
        fixed {}
        /// `bluetooth`.
        "bluetooth" pub bluetooth: Option<Loose<bool>> as NullIsValue,
        /// `carrier`.
        "carrier" pub carrier: Option<Loose<String>> as NullIsValue,
        /// `cellular`.
        "cellular" pub cellular: Option<Loose<bool>> as NullIsValue,
        /// `wifi`.
        "wifi" pub wifi: Option<Loose<bool>> as NullIsValue,
    }
}

model! {
    /// `context.os`.
    #[derive(Default)]
    pub struct Os {
        fixed {}
        /// `name`.
        "name" pub name: Option<Loose<String>> as NullIsValue,
        /// `version`.
        "version" pub version: Option<Loose<TextOrNumber>> as NullIsValue,
    }
}

model! {
    /// `context.page`.
    #[derive(Default)]
    pub struct Page {
        fixed {}
        /// `path`.
        "path" pub path: Option<Loose<String>> as NullIsValue,
        /// `referrer`.
        "referrer" pub referrer: Option<Loose<String>> as NullIsValue,
        /// `search`.
        "search" pub search: Option<Loose<String>> as NullIsValue,
        /// `title`.
        "title" pub title: Option<Loose<String>> as NullIsValue,
        /// `url`.
        "url" pub url: Option<Loose<String>> as NullIsValue,
    }
}

model! {
    /// `context.referrer`.
    #[derive(Default)]
    pub struct Referrer {
        fixed {}
        /// `id`.
        "id" pub id: Option<Loose<String>> as NullIsValue,
        /// `type`.
        "type" pub referrer_type: Option<Loose<String>> as NullIsValue,
        /// `name`.
        "name" pub name: Option<Loose<String>> as NullIsValue,
        /// `url`.
        "url" pub url: Option<Loose<String>> as NullIsValue,
        /// `link`.
        "link" pub link: Option<Loose<String>> as NullIsValue,
    }
}

model! {
    /// `context.screen`.
    #[derive(Default)]
    pub struct Screen {
        fixed {}
        /// `width`.
        "width" pub width: Option<Loose<Number>> as NullIsValue,
        /// `height`.
        "height" pub height: Option<Loose<Number>> as NullIsValue,
        /// `density`.
        "density" pub density: Option<Loose<Number>> as NullIsValue,
    }
}

/// Context objects are read from any JSON object: every key of theirs keeps any value.
macro_rules! loose_objects {
    ($($ty:ty),*) => { $( impl LooseTarget for $ty { const FROM_OBJECT: bool = true; } )* };
}
loose_objects!(
    Context, App, Campaign, Device, Library, Location, Network, Os, Page, Referrer, Screen
);
