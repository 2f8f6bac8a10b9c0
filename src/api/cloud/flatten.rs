//! The reference's flattening of `attributes`: nested plain objects become dot-joined keys.
//!
//! The reference's runtime copies the mapped payload by assigning each key, so a `__proto__`
//! key is never copied: assigning it sets the copy's prototype (when its value is an object or
//! `null`) and adds no key. What such a prototype holds is seen only by the flattening's test
//! of a plain object, which reads the inherited `constructor`.

use serde_json::{Map, Value};

/// The key JavaScript's assignment takes for the prototype.
const PROTO: &str = "__proto__";

/// What reading a property of a copied object finds.
enum Found<'a> {
    /// A value, own or inherited from a `__proto__` object.
    Value(&'a Value),
    /// Nothing on the chain, which ends at `Object.prototype`.
    ObjectPrototype,
    /// Nothing on the chain, which ends at `Array.prototype` (a `__proto__` that is an array).
    ArrayPrototype,
    /// Nothing: the chain ends at `null`.
    Nothing,
}

/// `object[key]` on the copy of `object`: own keys first, then its prototype. The prototype
/// is the event's own object, not a copy: its `__proto__` key is a plain key there (as
/// `JSON.parse` made it), so the chain is one object long before `Object.prototype`.
fn get<'a>(object: &'a Map<String, Value>, key: &str) -> Found<'a> {
    if key != PROTO {
        if let Some(value) = object.get(key) {
            return Found::Value(value);
        }
    }
    match object.get(PROTO) {
        Some(Value::Object(prototype)) => match prototype.get(key) {
            Some(value) => Found::Value(value),
            None => Found::ObjectPrototype,
        },
        Some(Value::Array(_)) => Found::ArrayPrototype,
        Some(Value::Null) => Found::Nothing,
        _ => Found::ObjectPrototype,
    }
}

/// The reference's `isPlainObj`: the object's `constructor` (inherited from `Object` unless
/// the object or its prototype chain says otherwise) must have a `prototype` owning
/// `isPrototypeOf`.
fn is_plain(object: &Map<String, Value>) -> bool {
    match get(object, "constructor") {
        // `Object`, whose `prototype` owns `isPrototypeOf`.
        Found::ObjectPrototype => true,
        // `Array`, whose `prototype` does not own `isPrototypeOf`; or `undefined`.
        Found::ArrayPrototype | Found::Nothing => false,
        Found::Value(Value::Object(constructor)) => matches!(
            get(constructor, "prototype"),
            Found::Value(Value::Object(prototype)) if prototype.contains_key("isPrototypeOf")
        ),
        // A primitive or an array has no `prototype` of that kind.
        Found::Value(_) => false,
    }
}

/// `value` as the reference's copy holds it and writes it: every `__proto__` key gone, at any
/// depth, and every number as JavaScript writes it (`1.0` as `1`; one past the double range as
/// `null`, as `JSON.stringify` writes it).
pub(crate) fn copied(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(key, _)| key.as_str() != PROTO)
                .map(|(key, value)| (key.clone(), copied(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(copied).collect()),
        // A number as the reference's JavaScript holds and writes it (`1.0` is `1`).
        Value::Number(n) => actions_runtime::js::json_number(n).map_or(Value::Null, Value::Number),
        other => other.clone(),
    }
}

/// `flattenObj(attributes)` on the copied payload: every value that is a plain object is
/// replaced by its own entries under dot-joined keys, recursively; arrays, `null` and every
/// other value stay. A later key of the same joined name overwrites an earlier one.
pub(crate) fn flatten(attributes: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    let mut prefix = String::new();
    walk(attributes, &mut prefix, true, &mut out);
    out
}

/// `top`: the keys of `object` are not joined to a parent's (whose own key may be empty:
/// `{"": {"a": 1}}` → `{".a": 1}`).
fn walk(object: &Map<String, Value>, prefix: &mut String, top: bool, out: &mut Map<String, Value>) {
    // In the order JavaScript's `for…in` visits the keys, so the joined keys are inserted in
    // the reference's order.
    for (key, value) in actions_runtime::js::own_entries(object) {
        if key == PROTO {
            continue;
        }
        let len = prefix.len();
        if !top {
            prefix.push('.');
        }
        prefix.push_str(key);
        match value {
            Value::Object(inner) if is_plain(inner) => walk(inner, prefix, false, out),
            _ => {
                out.insert(prefix.clone(), copied(value));
            }
        }
        prefix.truncate(len);
    }
}

#[cfg(test)]
mod tests {
    use super::flatten;
    use serde_json::json;

    /// Read from the reference (node, `@segment/action-destinations` 3.387.0).
    #[test]
    fn as_the_reference_flattens() {
        let Some(attributes) = json!({
            "a": {"b": 1, "c": {"d": [1, {"e": 2, "__proto__": 3}]}, "empty": {}},
            "n": null,
            "odd": {"constructor": "x", "k": 1},
            "inherits": {"__proto__": {"constructor": "x"}, "k": 1},
            "__proto__": {"z": 5},
            "p": {"__proto__": 6},
            "arr": {"__proto__": [], "k": 1},
            "deep": {"__proto__": {"__proto__": {"constructor": ""}}, "k": 2},
            "": {"": {"x": 1}}
        })
        .as_object()
        .cloned() else {
            unreachable!()
        };
        assert_eq!(
            serde_json::Value::Object(flatten(&attributes)),
            json!({"a.b": 1, "a.c.d": [1, {"e": 2}], "n": null,
                   "odd": {"constructor": "x", "k": 1}, "inherits": {"k": 1}, "arr": {"k": 1}, "deep.k": 2, "..x": 1})
        );
    }
}
