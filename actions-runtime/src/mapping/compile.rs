//! A mapping compiled into the tree that resolution walks: paths split, templates split,
//! directive options read once, with the reference's run-time behaviour for options that
//! validation lets through (or never sees, inside arrays) decided here.

use serde_json::Value;

use super::error::Problem;
use super::path::Path;
use super::replace::{Flags, Step};
use super::template::Template;
use super::validate::{validate, DIRECTIVES};
use super::value::{utf16_units, Js, Obj, View};

/// The key that makes a root directive receive the rest of the root as its `mapping`.
const ROOT_DIRECTIVE_KEY: &str = "__segment_internal_directive";

/// A compiled mapping value.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Node {
    /// A part without directives: it resolves to itself.
    Literal(Value),
    /// A missing option: `undefined`.
    Undefined,
    Array(Vec<Node>),
    /// Keys in the order the reference resolves them.
    Object(Vec<(String, Node)>),
    Directive(Box<Directive>),
}

/// A directive, with where it sits in the mapping (for run-time problems).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Directive {
    pub(super) at: String,
    pub(super) op: Op,
}

/// A value known when the mapping is compiled, or one to resolve first.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Source<T> {
    Known(T),
    Resolved(Node),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Op {
    /// Fails whenever it runs, with this reference message.
    Fail(String),
    Path(Source<Path>),
    Template(Source<Template>),
    Literal(Node),
    If {
        condition: Condition,
        then: Option<Node>,
        /// Only a truthy `else` is ever used.
        otherwise: Option<Node>,
    },
    Case {
        operator: CaseOperator,
        /// `None` when the raw `value` is falsy: the result is `undefined`.
        value: Option<Node>,
    },
    Replace {
        value: Option<Node>,
        plan: ReplacePlan,
    },
    ArrayPath {
        root: Source<Path>,
        /// The item shape, when it is a non-empty object.
        item: Option<Node>,
    },
    Json {
        mode: JsonMode,
        value: Node,
    },
    Flatten {
        separator: Source<String>,
        value: Node,
        omit_arrays: bool,
    },
    Merge {
        direction: Node,
        /// The entries, or the reference's error for `objects`.
        objects: Result<Vec<Node>, String>,
    },
    Transform {
        /// The nested transform's mapping, or the problems it throws on whenever it runs.
        apply: Result<Box<Node>, Vec<Problem>>,
        mapping: Node,
    },
    ExcludeWhenNull(Node),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Condition {
    Exists(Node),
    Blank(Node),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CaseOperator {
    Lower,
    Upper,
    /// Fails, but only on a string value.
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum JsonMode {
    Encode,
    Decode,
    /// Anything but exactly `encode` or `decode` (`ENCODE` passes validation): `undefined`.
    Other,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum ReplacePlan {
    /// An option of the wrong type: every value becomes `""`.
    Empty,
    Run {
        first: Result<Step, &'static str>,
        second: Option<Result<Step, &'static str>>,
        flags: Flags,
    },
}

/// What compiling finds besides the tree.
#[derive(Default)]
pub(super) struct Compiler {
    /// Uses of what this crate does not implement.
    pub(super) unsupported: Vec<Problem>,
    /// Whether some directive walks whole values (text, JSON, flattening, null removal), whose
    /// depth then needs a bound.
    pub(super) walks_values: bool,
    at: Vec<String>,
}

impl Compiler {
    /// What `transform(mapping, …)` does before resolving: the root handling, then
    /// validation, then (here) compilation. Problems are what the reference throws.
    pub(super) fn program(&mut self, mapping: &Js<'_>) -> Result<Node, Vec<Problem>> {
        let root = root(mapping)
            .map_err(|message| vec![Problem::invalid(String::new(), message.into())])?;
        validate(&root)?;
        Ok(self.node(&root))
    }

    fn here(&self, name: &str) -> String {
        let mut at = String::new();
        for key in &self.at {
            at.push('/');
            at.push_str(key);
        }
        at.push('/');
        at.push_str(name);
        at
    }

    fn within<T>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        self.at.push(key.to_owned());
        let out = f(self);
        self.at.pop();
        out
    }

    /// `resolve(mapping, …)`'s reading of a value.
    fn node(&mut self, raw: &Js<'_>) -> Node {
        match raw.view() {
            View::Object(props) => {
                let keys = props.keys();
                let is_directive = keys.iter().any(|k| k.starts_with('@'))
                    && keys.iter().all(|k| k.starts_with('@') || *k == "_metadata");
                if is_directive {
                    let name = keys
                        .iter()
                        .find(|k| k.starts_with('@'))
                        .copied()
                        .unwrap_or_default();
                    let options = props.get(name).map(|v| v.to_js()).unwrap_or(Js::Undefined);
                    let at = self.here(name);
                    let op = self.within(name, |c| c.directive(name, &options, &at));
                    return Node::Directive(Box::new(Directive { at, op }));
                }
                let entries: Vec<(String, Node)> = props
                    .entries()
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), self.within(k, |c| c.node(&v))))
                    .collect();
                if entries.iter().all(|(_, n)| matches!(n, Node::Literal(_))) {
                    Node::Literal(raw.clone().into_json().unwrap_or_default())
                } else {
                    Node::Object(entries)
                }
            }
            View::Array(items) => {
                let nodes: Vec<Node> = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.within(&i.to_string(), |c| c.node(&v)))
                    .collect();
                if nodes.iter().all(|n| matches!(n, Node::Literal(_))) {
                    Node::Literal(raw.clone().into_json().unwrap_or_default())
                } else {
                    Node::Array(nodes)
                }
            }
            View::Undefined => Node::Undefined,
            _ => Node::Literal(raw.clone().into_json().unwrap_or_default()),
        }
    }

    fn option_node(&mut self, options: &Js<'_>, key: &str) -> Node {
        let value = option(options, key);
        self.within(key, |c| c.node(&value))
    }

    fn directive(&mut self, name: &str, options: &Js<'_>, at: &str) -> Op {
        let is_object = matches!(options.view(), View::Object(_));
        let opt = |_: &mut Self, key: &str| option(options, key);
        match name {
            "@if" => {
                if !is_object {
                    return Op::Fail("@if requires an object with an \"exists\" key".into());
                }
                let exists = opt(self, "exists");
                let blank = opt(self, "blank");
                if !exists.truthy() && !blank.truthy() {
                    return Op::Fail("@if requires an \"exists\" key or a \"blank\" key".into());
                }
                let condition = if exists.is_undefined() {
                    self.walks_values = true; // `== ""` reads an array's text
                    Condition::Blank(self.option_node(options, "blank"))
                } else {
                    Condition::Exists(self.option_node(options, "exists"))
                };
                let then =
                    (!opt(self, "then").is_undefined()).then(|| self.option_node(options, "then"));
                let otherwise = opt(self, "else")
                    .truthy()
                    .then(|| self.option_node(options, "else"));
                Op::If {
                    condition,
                    then,
                    otherwise,
                }
            }
            "@case" => {
                if !is_object {
                    return Op::Fail("@case requires an object with a \"operator\" key".into());
                }
                let operator = opt(self, "operator");
                if !operator.truthy() {
                    return Op::Fail("@case requires a \"operator\" key".into());
                }
                let operator = match operator.as_str() {
                    Some("lower") => CaseOperator::Lower,
                    Some("upper") => CaseOperator::Upper,
                    _ => CaseOperator::Other,
                };
                let value = opt(self, "value")
                    .truthy()
                    .then(|| self.option_node(options, "value"));
                Op::Case { operator, value }
            }
            "@replace" => {
                if !is_object {
                    return Op::Fail("@replace requires an object with a \"pattern\" key".into());
                }
                let pattern = opt(self, "pattern");
                if !pattern.truthy() {
                    return Op::Fail("@replace requires a \"pattern\" key".into());
                }
                let replacement = defaulted(opt(self, "replacement"), Js::String(String::new()));
                let pattern2 = opt(self, "pattern2");
                let replacement2 = if pattern2.truthy() {
                    defaulted(opt(self, "replacement2"), Js::String(String::new()))
                } else {
                    opt(self, "replacement2")
                };
                let ignore_case = defaulted(opt(self, "ignorecase"), Js::Bool(false));
                let global = defaulted(opt(self, "global"), Js::Bool(true));
                let plan = match (
                    pattern.as_str(),
                    replacement.as_str(),
                    ignore_case.view(),
                    global.view(),
                ) {
                    (
                        Some(pattern),
                        Some(replacement),
                        View::Bool(ignore_case),
                        View::Bool(global),
                    ) => {
                        let second = match (pattern2.as_str(), replacement2.as_str()) {
                            (Some(p2), Some(r2)) if !p2.is_empty() => Some(Step::new(p2, r2)),
                            _ => None,
                        };
                        ReplacePlan::Run {
                            first: Step::new(pattern, replacement),
                            second,
                            flags: Flags {
                                global,
                                ignore_case,
                            },
                        }
                    }
                    _ => ReplacePlan::Empty,
                };
                let value = opt(self, "value")
                    .truthy()
                    .then(|| self.option_node(options, "value"));
                Op::Replace { value, plan }
            }
            "@arrayPath" => {
                let View::Array(items) = options.view() else {
                    return Op::Fail(format!(
                        "@arrayPath expected array, got {}",
                        options.type_of().name()
                    ));
                };
                let path = items.get(0).map(|v| v.to_js()).unwrap_or(Js::Undefined);
                let root = match path.as_str() {
                    Some(path) => Source::Known(Path::parse_event_path(path)),
                    None => Source::Resolved(self.within("0", |c| c.node(&path))),
                };
                let shape = items.get(1).map(|v| v.to_js()).unwrap_or(Js::Undefined);
                let item = match shape.view() {
                    View::Object(props) if !props.is_empty() => {
                        Some(self.within("1", |c| c.node(&shape)))
                    }
                    _ => None,
                };
                Op::ArrayPath { root, item }
            }
            "@path" => match options.as_str() {
                Some(path) => Op::Path(Source::Known(Path::parse_event_path(path))),
                None => Op::Path(Source::Resolved(self.node(options))),
            },
            "@template" => {
                self.walks_values = true;
                match options.as_str() {
                    Some(template) => Op::Template(Source::Known(Template::parse(template))),
                    None => Op::Template(Source::Resolved(self.node(options))),
                }
            }
            "@literal" => Op::Literal(self.node(options)),
            "@flatten" => {
                if !is_object {
                    return Op::Fail("@flatten requires an object with a \"separator\" key".into());
                }
                let separator = opt(self, "separator");
                if !separator.truthy() {
                    return Op::Fail("@flatten requires a \"separator\" key".into());
                }
                self.walks_values = true;
                let separator = match separator.as_str() {
                    Some(separator) => Source::Known(separator.to_owned()),
                    None => Source::Resolved(self.option_node(options, "separator")),
                };
                Op::Flatten {
                    separator,
                    value: self.option_node(options, "value"),
                    omit_arrays: opt(self, "omitArrays").truthy(),
                }
            }
            "@json" => {
                if !is_object {
                    return Op::Fail("@json requires an object with a \"value\" key".into());
                }
                let mode = opt(self, "mode");
                if !mode.truthy() {
                    return Op::Fail("@json requires a \"mode\" key".into());
                }
                if !opt(self, "value").truthy() {
                    return Op::Fail("@json requires a \"value\" key".into());
                }
                let mode = match mode.as_str() {
                    Some("encode") => JsonMode::Encode,
                    Some("decode") => JsonMode::Decode,
                    _ => JsonMode::Other,
                };
                self.walks_values |= mode == JsonMode::Encode;
                Op::Json {
                    mode,
                    value: self.option_node(options, "value"),
                }
            }
            "@merge" => {
                if !is_object {
                    return Op::Fail(
                        "@merge requires an object with an \"objects\" key and a \"direction\" key"
                            .into(),
                    );
                }
                if !opt(self, "direction").truthy() {
                    return Op::Fail("@merge requires a \"direction\" key".into());
                }
                let direction = self.option_node(options, "direction");
                let raw_objects = opt(self, "objects");
                let objects = if !raw_objects.truthy() {
                    Err("@merge requires a \"objects\" key".to_owned())
                } else if let View::Array(items) = raw_objects.view() {
                    Ok(self.within("objects", |c| {
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, v)| c.within(&i.to_string(), |c| c.node(&v)))
                            .collect()
                    }))
                } else {
                    Err(format!(
                        "@merge: expected opts.array, got {}",
                        type_of_keyword(&raw_objects)
                    ))
                };
                Op::Merge { direction, objects }
            }
            "@transform" => {
                if !is_object {
                    return Op::Fail(
                        "@transform requires an object with an \"apply\" key and a \"mapping\" key"
                            .into(),
                    );
                }
                if !opt(self, "mapping").truthy() {
                    return Op::Fail("@transform requires a \"mapping\" key".into());
                }
                let apply = opt(self, "apply");
                if !apply.truthy() {
                    return Op::Fail("@transform requires a \"apply\" key".into());
                }
                if !matches!(apply.view(), View::Object(_)) {
                    return Op::Fail("@transform \"apply\" key should be an object".into());
                }
                let apply = self.within("apply", |c| c.program(&apply)).map(Box::new);
                Op::Transform {
                    apply,
                    mapping: self.option_node(options, "mapping"),
                }
            }
            "@excludeWhenNull" => {
                self.walks_values = true;
                Op::ExcludeWhenNull(self.node(options))
            }
            "@liquid" => {
                let object_at = match at.strip_suffix("/@liquid") {
                    Some("") | None => "/",
                    Some(object_at) => object_at,
                };
                self.unsupported.push(Problem::unsupported(
                    object_at.to_owned(),
                    "uses @liquid, which is not supported by this crate.".into(),
                ));
                Op::Fail("@liquid is not supported by this crate".into())
            }
            other => {
                debug_assert!(!DIRECTIVES.contains(&other));
                Op::Fail(format!("{other} is not a valid directive, got undefined"))
            }
        }
    }
}

/// `if (opts.x == null) opts.x = default`.
fn defaulted<'a>(value: Js<'a>, default: Js<'a>) -> Js<'a> {
    if value.is_nullish() {
        default
    } else {
        value
    }
}

/// `options[key]`: `undefined` when missing or when the options are not an object.
fn option<'a>(options: &Js<'a>, key: &str) -> Js<'a> {
    match options.view() {
        View::Object(props) => props.get(key).map_or(Js::Undefined, |v| v.to_js()),
        _ => Js::Undefined,
    }
}

/// JavaScript's `typeof` for a JSON value.
fn type_of_keyword(value: &Js<'_>) -> &'static str {
    match value.view() {
        View::Undefined => "undefined",
        View::Bool(_) => "boolean",
        View::Number(_) => "number",
        View::String(_) => "string",
        View::Null | View::Array(_) | View::Object(_) => "object",
    }
}

/// The reference's `getMappingToProcess`: the root is copied into an object (an array or a
/// string by index), and a root directive under [`ROOT_DIRECTIVE_KEY`] takes the other root
/// keys as its `mapping`.
fn root<'a>(mapping: &Js<'a>) -> Result<Js<'a>, &'static str> {
    const NULL_KEYS: &str = "Cannot convert undefined or null to object";
    let props = match mapping.view() {
        View::Object(props) => props,
        View::Array(items) => {
            let mut obj = Obj::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                obj.set(&i.to_string(), item);
            }
            return Ok(Js::Object(obj));
        }
        View::String(s) => {
            let mut obj = Obj::new();
            for (i, unit) in utf16_units(s).enumerate() {
                obj.set(&i.to_string(), Js::String(unit));
            }
            return Ok(Js::Object(obj));
        }
        View::Null | View::Undefined => return Err(NULL_KEYS),
        View::Bool(_) | View::Number(_) => return Ok(Js::Object(Obj::new())),
    };
    let Some(directive) = props.get(ROOT_DIRECTIVE_KEY).map(|v| v.to_js()) else {
        return Ok(mapping.clone());
    };
    let mut customer = Obj::new();
    for (key, value) in props.entries() {
        if key != ROOT_DIRECTIVE_KEY {
            customer.set(key, value);
        }
    }
    // `Object.keys(root)`: an array's and a string's indices count as keys.
    let (count, first) = match directive.view() {
        View::Null | View::Undefined => return Err(NULL_KEYS),
        View::Object(props) => {
            let entries = props.entries();
            (entries.len(), entries.into_iter().next().map(|(_, v)| v))
        }
        View::Array(items) => (items.len(), items.get(0).map(|v| v.to_js())),
        View::String(s) => (
            super::value::utf16_len(s),
            super::value::utf16_unit(s, 0).map(Js::String),
        ),
        View::Bool(_) | View::Number(_) => (0, None),
    };
    if count > 1 {
        return Err("The root mapping must only have a single directive object");
    }
    let first = first.unwrap_or(Js::Undefined);
    let is_object = matches!(first.view(), View::Object(_));
    if !first.truthy() || !(is_object || matches!(first.view(), View::Array(_))) {
        return Err("The root directive must be an object");
    }
    if !is_object {
        // A property set on an array is not an element: nothing changes.
        return Ok(directive);
    }
    let with_mapping = |first: Js<'a>| {
        let mut obj = match first {
            Js::Object(obj) => obj,
            _ => Obj::new(),
        };
        obj.set("mapping", Js::Object(customer));
        Js::Object(obj)
    };
    Ok(match directive {
        Js::Object(obj) => {
            let mut entries = obj.into_entries();
            let mut out = Obj::with_capacity(1);
            if let Some((key, value)) = entries.drain(..).next() {
                out.set(&key, with_mapping(value));
            }
            Js::Object(out)
        }
        Js::Array(items) => {
            let mut items = items;
            if let Some(slot) = items.first_mut() {
                let value = std::mem::replace(slot, Js::Undefined);
                *slot = with_mapping(value);
            }
            Js::Array(items)
        }
        other => other,
    })
}
