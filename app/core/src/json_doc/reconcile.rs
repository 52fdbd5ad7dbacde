//! Writing JSON into automerge maps and lists, changing only what differs,
//! and reading it back.
//!
//! Lists keep their common start and end and replace only the middle, so an
//! inserted, deleted or duplicated element is one insert or delete, and a
//! changed element is edited field by field.

use automerge::{
    AutoCommit, AutomergeError, ObjId, ObjType, Prop, ReadDoc, ScalarValue, Value as AmValue,
    transaction::Transactable,
};
use serde_json::{Map, Number, Value};

/// Makes the map `obj` hold exactly `map`.
pub fn write_map(
    doc: &mut AutoCommit,
    obj: &ObjId,
    map: &Map<String, Value>,
) -> Result<(), AutomergeError> {
    let stale: Vec<String> = doc.keys(obj).filter(|k| !map.contains_key(k)).collect();
    for key in stale {
        doc.delete(obj, key.as_str())?;
    }
    for (key, value) in map {
        write_prop(doc, obj, Prop::Map(key.clone()), value)?;
    }
    Ok(())
}

fn write_list(doc: &mut AutoCommit, obj: &ObjId, items: &[Value]) -> Result<(), AutomergeError> {
    let old: Vec<Value> = (0..doc.length(obj))
        .map(|i| read_prop(doc, obj, i))
        .collect();
    let prefix = old.iter().zip(items).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(items[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_middle = old.len() - prefix - suffix;
    let new_middle = items.len() - prefix - suffix;
    let common = old_middle.min(new_middle);
    for (i, item) in items.iter().enumerate().skip(prefix).take(common) {
        write_prop(doc, obj, Prop::Seq(i), item)?;
    }
    for _ in new_middle..old_middle {
        doc.delete(obj, prefix + common)?;
    }
    for (i, item) in items
        .iter()
        .enumerate()
        .skip(prefix + common)
        .take(new_middle - common)
    {
        insert(doc, obj, i, item)?;
    }
    Ok(())
}

fn write_prop(
    doc: &mut AutoCommit,
    obj: &ObjId,
    prop: Prop,
    value: &Value,
) -> Result<(), AutomergeError> {
    let current = doc.get(obj, prop.clone())?;
    match value {
        Value::Object(map) => {
            let child = match current {
                Some((AmValue::Object(ObjType::Map), id)) => id,
                _ => doc.put_object(obj, prop, ObjType::Map)?,
            };
            write_map(doc, &child, map)
        }
        Value::Array(items) => {
            let child = match current {
                Some((AmValue::Object(ObjType::List), id)) => id,
                _ => doc.put_object(obj, prop, ObjType::List)?,
            };
            write_list(doc, &child, items)
        }
        scalar => {
            let new = to_scalar(scalar);
            match current {
                Some((AmValue::Scalar(old), _)) if *old == new => Ok(()),
                _ => doc.put(obj, prop, new),
            }
        }
    }
}

fn insert(
    doc: &mut AutoCommit,
    obj: &ObjId,
    index: usize,
    value: &Value,
) -> Result<(), AutomergeError> {
    match value {
        Value::Object(map) => {
            let child = doc.insert_object(obj, index, ObjType::Map)?;
            write_map(doc, &child, map)
        }
        Value::Array(items) => {
            let child = doc.insert_object(obj, index, ObjType::List)?;
            write_list(doc, &child, items)
        }
        scalar => doc.insert(obj, index, to_scalar(scalar)),
    }
}

fn to_scalar(value: &Value) -> ScalarValue {
    match value {
        Value::Bool(b) => ScalarValue::Boolean(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => ScalarValue::Int(i),
            (None, Some(u)) => ScalarValue::Uint(u),
            _ => ScalarValue::F64(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => ScalarValue::Str(s.as_str().into()),
        _ => ScalarValue::Null,
    }
}

/// The JSON of the map or list `obj`.
pub fn read_value(doc: &AutoCommit, obj: &ObjId) -> Value {
    match doc.object_type(obj) {
        Ok(ObjType::Map | ObjType::Table) => Value::Object(
            doc.keys(obj)
                .map(|k| {
                    let v = read_prop(doc, obj, k.as_str());
                    (k, v)
                })
                .collect(),
        ),
        Ok(ObjType::List) => Value::Array(
            (0..doc.length(obj))
                .map(|i| read_prop(doc, obj, i))
                .collect(),
        ),
        Ok(ObjType::Text) => Value::String(doc.text(obj).unwrap_or_default()),
        Err(_) => Value::Null,
    }
}

fn read_prop(doc: &AutoCommit, obj: &ObjId, prop: impl Into<Prop>) -> Value {
    match doc.get(obj, prop) {
        Ok(Some((AmValue::Object(_), id))) => read_value(doc, &id),
        Ok(Some((AmValue::Scalar(s), _))) => match s.as_ref() {
            ScalarValue::Boolean(b) => Value::Bool(*b),
            ScalarValue::Int(i) | ScalarValue::Timestamp(i) => Value::from(*i),
            ScalarValue::Uint(u) => Value::from(*u),
            ScalarValue::F64(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            ScalarValue::Str(s) => Value::String(s.to_string()),
            _ => Value::Null,
        },
        _ => Value::Null,
    }
}
