//! The runtime of Segment-style action destinations, as the reference JavaScript runtime
//! (`@segment/destination-subscriptions` and `@segment/actions-core`) evaluates it, down to
//! JavaScript's idea of a string's length, a number's text and an empty value:
//!
//! - [`Subscription`]: trigger conditions (the `subscribe` text of an action, a subset of
//!   Segment's Filter Query Language): parsed, linted, evaluated on a JSON event or on any
//!   [`Event`], and written back.
//! - [`Mapping`]: mapping-kit directives (`@path`, `@template`, `@if`, …): validated with every
//!   problem named by its path, then applied to an event.
//! - [`schema`]: the check a mapped payload passes against the action's fields before the
//!   action runs (required fields, ajv's coercions).
//! - [`js`]: the JavaScript semantics all three share.
//!
//! The crate knows no vendor: a destination crate gives it events (a JSON object, or its own
//! typed events through [`Event`]) and its actions' conditions, mappings and fields.
//!
//! ```
//! use actions_runtime::{Mapping, Subscription};
//! use serde_json::json;
//!
//! let trigger = Subscription::parse(r#"type = "track" and properties.total > 100"#)?;
//! let mapping = Mapping::new(json!({
//!     "eventName": {"@path": "$.event"},
//!     "label": {"@template": "{{event}} ({{properties.total}})"},
//! }))?;
//!
//! let event = json!({"type": "track", "event": "Order Completed", "properties": {"total": 120}});
//! assert!(trigger.matches(&event));
//! assert_eq!(
//!     mapping.apply(&event)?,
//!     Some(json!({"eventName": "Order Completed", "label": "Order Completed (120)"}))
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod call_type;
mod event;
pub mod js;
pub mod mapping;
pub mod schema;
pub mod subscription;

pub use call_type::{CallType, CallTypes, UnknownCallType};
pub use event::{Event, FieldValue};
pub use mapping::{Mapping, MappingError, Problem, ProblemKind};
pub use subscription::{
    Clause, Conditional, EvaluationError, Group, Lint, LintKind, Literal, Node, Operator, Path,
    Subscription, SubscriptionError, SubscriptionErrorKind, Target,
};
