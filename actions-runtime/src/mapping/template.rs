//! `@template`: the reference's `render(template, data)`.
//!
//! The reference replaces `{{{path}}}` first and then `{{path}}` **in the result**, so a value
//! put in by a triple-brace placeholder is itself scanned for double-brace ones. A template
//! without triple-brace placeholders is split once into text and placeholders; one with them
//! is split for the first pass, and the second pass runs on each result.

use super::path::{get, Path};
use super::value::{Js, JsText, Obj, STRING_TOO_LONG};

/// A template, split.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Template {
    parts: Vec<Part>,
    /// Whether `parts` come from the triple-brace pass, so the double-brace pass remains.
    rescan: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Part {
    Text(String),
    Placeholder(Path),
}

impl Template {
    pub(super) fn parse(template: &str) -> Template {
        let triple = scan(template, 3);
        if triple.iter().any(|p| matches!(p, Part::Placeholder(_))) {
            Template {
                parts: triple,
                rescan: true,
            }
        } else {
            Template {
                parts: scan(template, 2),
                rescan: false,
            }
        }
    }

    /// The rendered text: each placeholder's value as `String(value)`, `null` and missing
    /// values as nothing; the reference's error when the text would outgrow a JavaScript
    /// string (a value whose placeholders the second pass fills again can multiply).
    pub(super) fn render(&self, payload: &Js<'_>) -> Result<String, &'static str> {
        // `render(template, data = {})`: an undefined payload reads as an empty object.
        let empty = Js::Object(Obj::new());
        let data = if payload.is_undefined() {
            &empty
        } else {
            payload
        };
        let first = fill(&self.parts, data)?;
        if self.rescan {
            fill(&scan(&first, 2), data)
        } else {
            Ok(first)
        }
    }
}

fn fill(parts: &[Part], data: &Js<'_>) -> Result<String, &'static str> {
    let mut out = JsText::default();
    for part in parts {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Placeholder(path) => {
                let value = get(data, path);
                if !value.is_nullish() {
                    out.push_str(&value.to_text());
                }
            }
        }
        if out.too_long() {
            return Err(STRING_TOO_LONG);
        }
    }
    Ok(out.into_string())
}

/// Splits at each `{`×n, one or more characters other than `}`, `}`×n, leftmost first, as the
/// reference's regular expressions `/\{\{\{([^}]+)\}\}\}/g` and `/\{\{([^}]+)\}\}/g` match.
fn scan(template: &str, n: usize) -> Vec<Part> {
    let bytes = template.as_bytes();
    let mut parts = Vec::new();
    let mut text_from = 0;
    let mut at = 0;
    // Where the next `}` at or after a position is: positions only grow, so one search serves
    // many openings and the scan stays linear however many `{` there are.
    let mut next_close: Option<usize> = None;
    while at < bytes.len() {
        let opens = bytes
            .get(at..at + n)
            .is_some_and(|b| b.iter().all(|c| *c == b'{'));
        if opens {
            let inner_from = at + n;
            let inner_to = match next_close {
                Some(close) if close >= inner_from => close,
                _ => {
                    let close = bytes
                        .get(inner_from..)
                        .and_then(|rest| memchr::memchr(b'}', rest))
                        .map_or(bytes.len(), |i| inner_from + i);
                    next_close = Some(close);
                    close
                }
            };
            let closes = bytes
                .get(inner_to..inner_to + n)
                .is_some_and(|b| b.iter().all(|c| *c == b'}'));
            // Braces are ASCII, so these cuts fall on character boundaries.
            if inner_to > inner_from && closes {
                if let Some(text) = template.get(text_from..at).filter(|t| !t.is_empty()) {
                    parts.push(Part::Text(text.to_owned()));
                }
                let inner = template.get(inner_from..inner_to).unwrap_or_default();
                parts.push(Part::Placeholder(Path::parse(js_trim(inner))));
                at = inner_to + n;
                text_from = at;
                continue;
            }
        }
        at += 1;
    }
    if let Some(text) = template.get(text_from..).filter(|t| !t.is_empty()) {
        parts.push(Part::Text(text.to_owned()));
    }
    parts
}

/// `String.prototype.trim`: JavaScript's white space and line terminators (U+FEFF is one, U+0085
/// is not, unlike `str::trim`).
pub(super) fn js_trim(s: &str) -> &str {
    s.trim_matches(crate::js::is_js_space)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(template: &str, data: serde_json::Value) -> String {
        Template::parse(template).render(&Js::Json(&data)).unwrap()
    }

    #[test]
    fn placeholders_and_their_values() {
        let data = json!({"a": 1.5, "b": [1, [2, null]], "o": {"x": 1}, "n": null, "t": true});
        assert_eq!(
            render("{{a}}|{{b}}|{{o}}|{{n}}|{{t}}|{{x}}", data),
            "1.5|1,2,|[object Object]||true|"
        );
    }

    #[test]
    fn triple_braces_are_scanned_again_for_double_ones() {
        let data = json!({"a": "{{b}}", "b": "B"});
        assert_eq!(render("{{{a}}}", data.clone()), "B");
        assert_eq!(render("{{a}}", data), "{{b}}");
    }

    #[test]
    fn odd_braces() {
        let data = json!({"foo": "hello", "{a": "curly"});
        assert_eq!(render("{{foo}}}", data.clone()), "hello}");
        assert_eq!(render("{{{a}}", data.clone()), "curly");
        assert_eq!(render("{{}}", data.clone()), "{{}}");
        assert_eq!(render("{{ }}", data.clone()), "[object Object]");
        assert_eq!(render("{{$.foo}}", data), "");
    }

    #[test]
    fn undefined_payload_reads_as_an_empty_object() {
        assert_eq!(
            Template::parse("<{{.}}>").render(&Js::Undefined).unwrap(),
            "<[object Object]>"
        );
    }

    #[test]
    fn many_openings_without_a_close_stay_linear() {
        let template = "{".repeat(200_000);
        assert_eq!(scan(&template, 3), [Part::Text(template.clone())]);
        let open = "{{a".repeat(50_000);
        assert_eq!(scan(&open, 2), [Part::Text(open.clone())]);
        // Closed at the end, it is one placeholder whose path runs from the first braces.
        let closed = scan(&(open.clone() + "}}"), 2);
        assert!(
            matches!(closed.as_slice(), [Part::Placeholder(_)]),
            "{closed:?}"
        );
    }

    #[test]
    fn values_filled_again_cannot_outgrow_a_javascript_string() {
        // The second pass fills each of the value's placeholders with the whole value.
        let data = json!({"s": "{{s}}".repeat(40)});
        let template = Template::parse("{{{s}}}");
        assert_eq!(template.render(&Js::Json(&data)), Err(STRING_TOO_LONG));
        let small = json!({"s": "{{s}}".repeat(20)});
        assert_eq!(
            template.render(&Js::Json(&small)).map(|t| t.len()),
            Ok(20 * 100)
        );
    }

    #[test]
    fn trim_is_javascripts() {
        assert_eq!(js_trim("\u{feff} a \u{3000}"), "a");
        assert_eq!(js_trim("\u{85}a"), "\u{85}a");
    }
}
