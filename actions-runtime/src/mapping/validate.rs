//! The reference's validation of a mapping, rule for rule: the same checks, in the same order,
//! with the same messages, and problems in sibling keys collected together.
//!
//! Arrays are not looked into (a directive inside an array is checked only by running it), and
//! `@merge`'s entries are checked from a fresh root, so their problems name paths from `/`.

use super::error::Problem;
use super::replace::MAX_LENGTH;
use super::value::{utf16_len, Js, Type, View};

type Checked = Result<(), Vec<Problem>>;

/// The directives the reference knows.
pub(super) const DIRECTIVES: [&str; 13] = [
    "@if",
    "@case",
    "@replace",
    "@arrayPath",
    "@path",
    "@json",
    "@flatten",
    "@merge",
    "@template",
    "@literal",
    "@transform",
    "@excludeWhenNull",
    "@liquid",
];

/// Checks a whole mapping (the root, after the reference's root handling).
pub(super) fn validate(mapping: &Js<'_>) -> Checked {
    validate_at(mapping, &mut Walk::default())
}

/// Where validation is: the path from the root, and whether the value at hand was already
/// checked whole.
///
/// The reference checks a directive's options twice: once as an object (every key a valid
/// mapping), then field by field, which checks each nested directive again. Done literally that
/// doubles the work at every nested `@if` and `@json`, so thirty nested `@if`s would take a
/// billion checks. The second pass can only repeat what the first found valid, so while
/// `trusted` is set, a nested directive or object counts as valid without being walked again;
/// the problems reported are the same.
#[derive(Default)]
struct Walk {
    path: Vec<String>,
    trusted: bool,
}

impl std::ops::Deref for Walk {
    type Target = Vec<String>;
    fn deref(&self) -> &Vec<String> {
        &self.path
    }
}

impl std::ops::DerefMut for Walk {
    fn deref_mut(&mut self) -> &mut Vec<String> {
        &mut self.path
    }
}

fn problem(stack: &[String], text: impl std::fmt::Display) -> Vec<Problem> {
    vec![Problem::invalid(
        format!("/{}", stack.join("/")),
        format!("{text}."),
    )]
}

/// `realTypeOrDirective`: an object with any `@` key counts as a directive.
fn kind(value: &Js<'_>) -> &'static str {
    match value.view() {
        View::Object(props) if props.keys().iter().any(|k| k.starts_with('@')) => "directive",
        _ => value.type_of().name(),
    }
}

fn a(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}

fn with<T>(stack: &mut Walk, key: &str, f: impl FnOnce(&mut Walk) -> T) -> T {
    stack.push(key.to_owned());
    let out = f(stack);
    stack.pop();
    out
}

fn validate_at(value: &Js<'_>, stack: &mut Walk) -> Checked {
    match kind(value) {
        "directive" => directive(value, stack),
        "object" => object(value, stack),
        "array" => array(value, stack),
        _ => Ok(()),
    }
}

fn directive(value: &Js<'_>, stack: &mut Walk) -> Checked {
    if stack.trusted {
        return Ok(());
    }
    let View::Object(props) = value.view() else {
        return Ok(());
    };
    let entries = props.entries();
    let names: Vec<&str> = entries
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| k.starts_with('@'))
        .collect();
    if names.len() > 1 {
        return Err(problem(
            stack,
            format_args!(
                "should only have one @-prefixed key but it has {} keys",
                names.len()
            ),
        ));
    }
    if entries
        .iter()
        .any(|(k, _)| !k.starts_with('@') && *k != "_metadata")
    {
        return Err(problem(
            stack,
            format_args!(
                "should only have one @-prefixed key but it has {} keys",
                entries.len()
            ),
        ));
    }
    let Some((name, options)) = entries.iter().find(|(k, _)| k.starts_with('@')) else {
        return Ok(());
    };
    if !DIRECTIVES.contains(name) {
        return Err(problem(
            stack,
            format_args!("has an invalid directive: {name}"),
        ));
    }
    with(stack, name, |stack| options_of(name, options, stack))
}

/// A field of a directive's options, and how it is checked.
struct Field {
    name: &'static str,
    required: bool,
    check: fn(&Js<'_>, &mut Walk) -> Checked,
}

const fn required(name: &'static str, check: fn(&Js<'_>, &mut Walk) -> Checked) -> Field {
    Field {
        name,
        required: true,
        check,
    }
}

const fn optional(name: &'static str, check: fn(&Js<'_>, &mut Walk) -> Checked) -> Field {
    Field {
        name,
        required: false,
        check,
    }
}

fn options_of(name: &str, options: &Js<'_>, stack: &mut Walk) -> Checked {
    match name {
        "@if" => fields(
            options,
            &[
                optional("exists", directive_or_raw),
                optional("then", directive_or_raw),
                optional("else", directive_or_raw),
            ],
            stack,
        ),
        "@case" => fields(
            options,
            &[
                optional("operator", |v, s| string(v, s)),
                optional("value", directive_or_string),
            ],
            stack,
        ),
        "@replace" => fields(
            options,
            &[
                required("pattern", |v, s| pattern(v, s)),
                optional("replacement", |v, s| replacement(v, s)),
                required("value", directive_or_string),
                optional("ignorecase", |v, s| boolean(v, s)),
                optional("global", |v, s| boolean(v, s)),
            ],
            stack,
        ),
        "@arrayPath" => {
            array(options, stack)?;
            let items = match options.view() {
                View::Array(items) => items,
                _ => return Ok(()),
            };
            let first = items.get(0).map(|v| v.to_js()).unwrap_or(Js::Undefined);
            directive_or_string(&first, stack)?;
            let second = items.get(1).map(|v| v.to_js()).unwrap_or(Js::Undefined);
            validate_at(&second, stack)
        }
        "@path" | "@template" => directive_or_string(options, stack),
        "@json" => fields(
            options,
            &[
                required("value", directive_or_raw),
                required("mode", |v, s| encode_or_decode(v, s)),
            ],
            stack,
        ),
        "@flatten" => fields(
            options,
            &[
                optional("separator", |v, s| string(v, s)),
                required("value", directive_or_raw),
            ],
            stack,
        ),
        "@merge" => {
            fields(
                options,
                &[
                    optional("direction", |v, s| left_or_right(v, s)),
                    required("objects", |v, s| array(v, s)),
                ],
                stack,
            )?;
            if let View::Object(props) = options.view() {
                if let Some(objects) = props.get("objects") {
                    if let View::Array(items) = objects.view() {
                        for item in items.iter() {
                            // The reference checks each entry from an empty path.
                            directive_or_object(&item, &mut Walk::default())?;
                        }
                    }
                }
            }
            Ok(())
        }
        "@literal" | "@excludeWhenNull" => directive_or_raw(options, stack),
        "@transform" => fields(
            options,
            &[
                required("apply", directive_or_object),
                required("mapping", directive_or_object),
            ],
            stack,
        ),
        "@liquid" => string(options, stack),
        _ => Ok(()),
    }
}

/// `validateObjectWithFields`: the options are an object whose every key is itself a valid
/// mapping; then each field is checked, and all their problems are reported together.
fn fields(options: &Js<'_>, fields: &[Field], stack: &mut Walk) -> Checked {
    object(options, stack)?;
    let View::Object(props) = options.view() else {
        return Ok(());
    };
    let mut problems = Vec::new();
    // `object` above walked every value these fields hold.
    stack.trusted = true;
    for field in fields {
        let value = props.get(field.name).map(|v| v.to_js());
        let outcome = match value {
            None if field.required => Err(problem(
                stack,
                format_args!("should have field \"{}\" but it doesn't", field.name),
            )),
            None => Ok(()),
            Some(value) => with(stack, field.name, |stack| (field.check)(&value, stack)),
        };
        if let Err(found) = outcome {
            problems.extend(found);
        }
    }
    stack.trusted = false;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn object(value: &Js<'_>, stack: &mut Walk) -> Checked {
    let kind = kind(value);
    if kind != "object" {
        return Err(problem(
            stack,
            format_args!("should be an object but it is {}", a(kind)),
        ));
    }
    let View::Object(props) = value.view() else {
        return Ok(());
    };
    if stack.trusted {
        return Ok(());
    }
    let mut problems = Vec::new();
    for (key, item) in props.entries() {
        if let Err(found) = with(stack, key, |stack| validate_at(&item, stack)) {
            problems.extend(found);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn array(value: &Js<'_>, stack: &[String]) -> Checked {
    let kind = value.type_of();
    if kind == Type::Array {
        Ok(())
    } else {
        Err(problem(
            stack,
            format_args!("should be an array but it is {}", a(kind.name())),
        ))
    }
}

fn directive_or_raw(value: &Js<'_>, stack: &mut Walk) -> Checked {
    match kind(value) {
        "directive" => directive(value, stack),
        "undefined" => Err(problem(
            stack,
            "should be a mapping directive or a JSON value but it is an undefined",
        )),
        _ => Ok(()),
    }
}

fn directive_or_string(value: &Js<'_>, stack: &mut Walk) -> Checked {
    match kind(value) {
        "directive" => directive(value, stack),
        "string" => Ok(()),
        other => Err(problem(
            stack,
            format_args!(
                "should be a string or a mapping directive but it is {}",
                a(other)
            ),
        )),
    }
}

fn directive_or_object(value: &Js<'_>, stack: &mut Walk) -> Checked {
    match kind(value) {
        "directive" => directive(value, stack),
        "object" => object(value, stack),
        other => Err(problem(
            stack,
            format_args!(
                "should be a object or a mapping directive but it is {}",
                a(other)
            ),
        )),
    }
}

fn string(value: &Js<'_>, stack: &[String]) -> Checked {
    match kind(value) {
        "string" => Ok(()),
        other => Err(problem(
            stack,
            format_args!("should be a string but it is {}", a(other)),
        )),
    }
}

fn length(value: &Js<'_>, min: usize, max: usize, stack: &[String]) -> Checked {
    let Some(text) = value.as_str() else {
        return Ok(());
    };
    let length = utf16_len(text);
    if length < min {
        return Err(problem(
            stack,
            format_args!("should be a string of length {min} or greater"),
        ));
    }
    if length > max {
        return Err(problem(
            stack,
            format_args!("should be a string of length {max} or less"),
        ));
    }
    Ok(())
}

fn pattern(value: &Js<'_>, stack: &[String]) -> Checked {
    string(value, stack)?;
    length(value, 1, MAX_LENGTH, stack)
}

fn replacement(value: &Js<'_>, stack: &[String]) -> Checked {
    string(value, stack)?;
    length(value, 0, MAX_LENGTH, stack)
}

fn boolean(value: &Js<'_>, stack: &[String]) -> Checked {
    match kind(value) {
        "boolean" => Ok(()),
        other => Err(problem(
            stack,
            format_args!("should be a boolean but it is {}", a(other)),
        )),
    }
}

/// `validateAllowedStrings`: compared after lower-casing, so `ENCODE` passes (and then does
/// nothing at run time, which compares exactly).
fn allowed(value: &Js<'_>, allowed: &[&str], stack: &[String]) -> Checked {
    string(value, stack)?;
    let text = value.as_str().unwrap_or_default();
    if allowed.contains(&text.to_lowercase().as_str()) {
        return Ok(());
    }
    let mut quoted = String::new();
    super::value::push_quoted(text, &mut quoted);
    Err(problem(
        stack,
        format_args!("should be one of {} but it is {quoted}", allowed.join(", ")),
    ))
}

fn encode_or_decode(value: &Js<'_>, stack: &[String]) -> Checked {
    allowed(value, &["encode", "decode"], stack)
}

fn left_or_right(value: &Js<'_>, stack: &[String]) -> Checked {
    allowed(value, &["left", "right"], stack)
}
