//! The reference's flattening of `attributes`: nested plain objects become dot-joined keys.

use serde_json::{Map, Value};

/// Whether the reference's `isPlainObj` takes `object` for a plain object: its `constructor`
/// (inherited from `Object` unless the object has its own `constructor` key) must have a
/// `prototype` that owns `isPrototypeOf`. An own `constructor` key passes only when it is an
/// object whose own `prototype` is an object owning an `isPrototypeOf` key.
fn is_plain(object: &Map<String, Value>) -> bool {
    match object.get("constructor") {
        None => true,
        Some(Value::Object(constructor)) => matches!(
            constructor.get("prototype"),
            Some(Value::Object(prototype)) if prototype.contains_key("isPrototypeOf")
        ),
        Some(_) => false,
    }
}

/// `flattenObj(attributes)`: every value that is a plain object is replaced by its own
/// entries under dot-joined keys, recursively; arrays, `null` and every other value stay. A
/// later key of the same joined name overwrites an earlier one, keeping its place. A key that
/// joins to `__proto__` is lost: assigning it sets the result's prototype instead.
pub(crate) fn flatten(attributes: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    let mut prefix = String::new();
    walk(attributes, &mut prefix, &mut out);
    out
}

fn walk(object: &Map<String, Value>, prefix: &mut String, out: &mut Map<String, Value>) {
    for (key, value) in object {
        let len = prefix.len();
        if len > 0 {
            prefix.push('.');
        }
        prefix.push_str(key);
        match value {
            Value::Object(inner) if is_plain(inner) => walk(inner, prefix, out),
            _ if prefix == "__proto__" => {}
            _ => {
                out.insert(prefix.clone(), value.clone());
            }
        }
        prefix.truncate(len);
    }
}

#[cfg(test)]
mod tests {
    use super::flatten;
    use serde_json::json;

    #[test]
    fn as_the_reference_flattens() {
        let Some(attributes) = json!({
            "a": {"b": 1, "c": {"d": [1, {"e": 2}]}, "empty": {}},
            "n": null,
            "odd": {"constructor": "x", "k": 1},
            "__proto__": 5,
            "p": {"__proto__": 6}
        })
        .as_object()
        .cloned() else {
            unreachable!()
        };
        assert_eq!(
            serde_json::Value::Object(flatten(&attributes)),
            json!({"a.b": 1, "a.c.d": [1, {"e": 2}], "n": null,
                   "odd": {"constructor": "x", "k": 1}, "p.__proto__": 6})
        );
    }
}
