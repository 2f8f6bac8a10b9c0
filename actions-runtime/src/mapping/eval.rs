//! Resolution: the reference's `resolve(mapping, payload)` over the compiled tree.

use super::compile::{CaseOperator, Condition, Directive, JsonMode, Node, Op, ReplacePlan, Source};
use super::error::{MappingError, Problem};
use super::json_text;
use super::path::{get, Path};
use super::template::Template;
use super::value::{utf16_units, Js, Obj, ValueRef, View};

type Resolved<'a> = Result<Js<'a>, MappingError>;

pub(super) fn resolve<'a>(node: &'a Node, payload: &Js<'a>) -> Resolved<'a> {
    match node {
        Node::Literal(value) => Ok(Js::Json(value)),
        Node::Undefined => Ok(Js::Undefined),
        Node::Array(items) => items
            .iter()
            .map(|item| resolve(item, payload))
            .collect::<Result<_, _>>()
            .map(Js::Array),
        Node::Object(entries) => {
            let mut obj = Obj::with_capacity(entries.len());
            for (key, value) in entries {
                obj.set(key, resolve(value, payload)?);
            }
            Ok(Js::Object(obj))
        }
        Node::Directive(directive) => run(directive, payload),
    }
}

fn fail(directive: &Directive, message: impl Into<String>) -> MappingError {
    MappingError::one(Problem::evaluation(&directive.at, message))
}

/// A resolved value that must be a string, as `@path` and `@template` require.
fn string_from<'a>(
    directive: &Directive,
    name: &str,
    node: &'a Node,
    payload: &Js<'a>,
) -> Result<String, MappingError> {
    let value = resolve(node, payload)?;
    match value.as_str() {
        Some(text) => Ok(text.to_owned()),
        None => Err(fail(
            directive,
            format!("{name}: expected string, got {}", value.type_of().name()),
        )),
    }
}

fn run<'a>(directive: &'a Directive, payload: &Js<'a>) -> Resolved<'a> {
    match &directive.op {
        Op::Fail(message) => Err(fail(directive, message.as_str())),
        Op::Path(Source::Known(path)) => Ok(get(payload, path)),
        Op::Path(Source::Resolved(node)) => {
            let path = string_from(directive, "@path", node, payload)?;
            Ok(get(payload, &Path::parse_event_path(&path)))
        }
        Op::Template(Source::Known(template)) => template
            .render(payload)
            .map(Js::String)
            .map_err(|message| fail(directive, message)),
        Op::Template(Source::Resolved(node)) => {
            let template = string_from(directive, "@template", node, payload)?;
            Template::parse(&template)
                .render(payload)
                .map(Js::String)
                .map_err(|message| fail(directive, message))
        }
        Op::Literal(node) => resolve(node, payload),
        Op::If {
            condition,
            then,
            otherwise,
        } => {
            let holds = match condition {
                Condition::Exists(node) => !resolve(node, payload)?.is_nullish(),
                Condition::Blank(node) => {
                    let value = resolve(node, payload)?;
                    !value.is_nullish() && !value.loosely_empty()
                }
            };
            let branch = if holds { then } else { otherwise };
            match branch {
                Some(node) => resolve(node, payload),
                None => Ok(Js::Undefined),
            }
        }
        Op::Case { operator, value } => {
            let Some(node) = value else {
                return Ok(Js::Undefined);
            };
            let value = resolve(node, payload)?;
            let Some(text) = value.as_str() else {
                return Ok(value);
            };
            match operator {
                CaseOperator::Lower => Ok(Js::String(text.to_lowercase())),
                CaseOperator::Upper => Ok(Js::String(text.to_uppercase())),
                CaseOperator::Other => Err(fail(
                    directive,
                    "operator key should have a value of \"lower\" or \"upper\"",
                )),
            }
        }
        Op::Replace { value, plan } => {
            let Some(node) = value else {
                return Ok(Js::Undefined);
            };
            let value = resolve(node, payload)?;
            let text = match value.view() {
                View::Bool(_) | View::Number(_) => value.to_text(),
                View::String(text) => text.to_owned(),
                _ => return Ok(Js::String(String::new())),
            };
            let ReplacePlan::Run {
                first,
                second,
                flags,
            } = plan
            else {
                return Ok(Js::String(String::new()));
            };
            let step = first
                .as_ref()
                .map_err(|message| fail(directive, *message))?;
            let mut out = step
                .apply(&text, *flags)
                .map_err(|message| fail(directive, message))?;
            if let Some(second) = second {
                let step = second
                    .as_ref()
                    .map_err(|message| fail(directive, *message))?;
                out = step
                    .apply(&out, *flags)
                    .map_err(|message| fail(directive, message))?;
            }
            Ok(Js::String(out))
        }
        Op::ArrayPath { root, item } => {
            let root = match root {
                Source::Known(path) => get(payload, path),
                Source::Resolved(node) => resolve(node, payload)?,
            };
            let Some(shape) = item else {
                return Ok(root);
            };
            match root.view() {
                View::Array(items) => items
                    .iter()
                    .map(|item| resolve(shape, &item))
                    .collect::<Result<_, _>>()
                    .map(Js::Array),
                View::Object(_) => Ok(Js::Array(vec![resolve(shape, &root)?])),
                _ => Ok(root),
            }
        }
        Op::Json { mode, value } => {
            let value = resolve(value, payload)?;
            Ok(match mode {
                JsonMode::Encode => value.stringify().map_or(Js::Undefined, Js::String),
                JsonMode::Decode => match value.as_str().map(json_text::parse) {
                    Some(Some(decoded)) => decoded,
                    _ => value,
                },
                JsonMode::Other => Js::Undefined,
            })
        }
        Op::Flatten {
            separator,
            value,
            omit_arrays,
        } => {
            let separator = match separator {
                Source::Known(separator) => separator.clone(),
                Source::Resolved(node) => match resolve(node, payload)?.as_str() {
                    Some(separator) => separator.to_owned(),
                    None => return Err(fail(directive, "@flatten requires a string separator")),
                },
            };
            let value = resolve(value, payload)?;
            let mut out = Obj::new();
            flatten(value.as_ref(), "", &separator, *omit_arrays, &mut out);
            Ok(Js::Object(out))
        }
        Op::Merge { direction, objects } => {
            let direction = resolve(direction, payload)?;
            let nodes = objects
                .as_ref()
                .map_err(|message| fail(directive, message.as_str()))?;
            let mut resolved = nodes
                .iter()
                .map(|node| resolve(node, payload))
                .collect::<Result<Vec<_>, _>>()?;
            if direction.as_str() == Some("left") {
                resolved.reverse();
            }
            let mut out = Obj::new();
            for source in &resolved {
                assign(&mut out, source);
            }
            Ok(Js::Object(out))
        }
        Op::Transform { apply, mapping } => {
            // `transform(apply, payload)`, whose `data = {}` default takes an undefined payload.
            let empty = Js::Object(Obj::new());
            let data = if payload.is_undefined() {
                &empty
            } else {
                payload
            };
            let kind = data.type_of();
            if !matches!(data.view(), View::Object(_)) {
                return Err(fail(
                    directive,
                    format!("data must be an object, got {}", kind.name()),
                ));
            }
            let apply = apply
                .as_ref()
                .map_err(|problems| MappingError::new(problems.clone()))?;
            let transformed = resolve(apply, data)?.without_undefined();
            resolve(mapping, &transformed)
        }
        Op::ExcludeWhenNull(node) => {
            let value = resolve(node, payload)?;
            if matches!(value.view(), View::Null) {
                return Ok(Js::Undefined);
            }
            Ok(without_null_properties(value))
        }
    }
}

/// The reference's `flattenObject`: objects (and arrays unless omitted) into one level, keys
/// joined with the separator; a key's prefix is left out while the prefix is empty.
fn flatten<'a>(
    value: ValueRef<'_, 'a>,
    prefix: &str,
    separator: &str,
    omit_arrays: bool,
    out: &mut Obj<'a>,
) {
    let key_for = |key: &str| {
        if prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{prefix}{separator}{key}")
        }
    };
    match value.view() {
        View::Object(props) => props.for_each_ref(|key, item| {
            flatten(item, &key_for(key), separator, omit_arrays, out);
        }),
        View::Array(items) if !omit_arrays => {
            let mut index = 0usize;
            items.for_each_ref(|item| {
                flatten(
                    item,
                    &key_for(&index.to_string()),
                    separator,
                    omit_arrays,
                    out,
                );
                index += 1;
            });
        }
        _ => out.set(prefix, value.to_js()),
    }
}

/// `Object.assign(target, source)`: own enumerable properties; a string gives its UTF-16 units
/// by index, `null`, `undefined`, numbers and booleans give nothing.
fn assign<'a>(target: &mut Obj<'a>, source: &Js<'a>) {
    match source.view() {
        View::Object(props) => props.for_each_ref(|key, value| target.set(key, value.to_js())),
        View::Array(items) => {
            let mut index = 0usize;
            items.for_each_ref(|item| {
                target.set(&index.to_string(), item.to_js());
                index += 1;
            });
        }
        View::String(text) => {
            for (index, unit) in utf16_units(text).enumerate() {
                target.set(&index.to_string(), Js::String(unit));
            }
        }
        View::Undefined | View::Null | View::Bool(_) | View::Number(_) => {}
    }
}

/// The reference's `cleanNulls`: an object's `null` properties become `undefined`, in nested
/// objects too, but not inside arrays.
fn without_null_properties(value: Js<'_>) -> Js<'_> {
    let View::Object(props) = value.view() else {
        return value;
    };
    let mut cleaned = Obj::new();
    props.for_each_ref(|key, item| {
        let item = match item.view() {
            View::Null => Js::Undefined,
            View::Object(_) => without_null_properties(item.to_js()),
            _ => item.to_js(),
        };
        cleaned.set(key, item);
    });
    Js::Object(cleaned)
}
