//! How JSON content is laid out in automerge (layout 2), and read back.
//!
//! Three rules make the layout merge well when several devices edit at once:
//! - a list of items with ids (questions, choices, cards, ...) under one of
//!   [`COLLECTION_KEYS`] is a map with `items` (id to item) and `order` (a list
//!   of ids), so moving an item rewrites only `order`, never an item;
//! - every string under one of [`TEXT_KEYS`] is an automerge Text, edited by
//!   splices, so two people typing into one note both keep their words;
//! - other strings, numbers and flags are scalars (the last write wins).
//!
//! Reading never fails on a shape it does not expect: whatever is stored is
//! read as JSON, so fields written by a newer version come through and are
//! kept (see `diff`, which only ever touches what this version knows).

use automerge::{
    AutoCommit, AutomergeError, ObjId, ObjType, Prop, ReadDoc, ScalarValue, Value as AmValue,
    transaction::Transactable,
};
use serde_json::{Map, Number, Value};

/// Keys whose strings, at any depth, are texts that people type.
pub const TEXT_KEYS: &[&str] = &[
    "name",
    "text",
    "easy_read",
    "title",
    "place",
    "facilitator",
    "low_label",
    "high_label",
    "prompts",
];

/// Keys whose value is a list of items that each have a string `id`.
pub const COLLECTION_KEYS: &[&str] = &[
    "surveys",
    "sections",
    "questions",
    "choices",
    "guides",
    "topics",
    "cards",
];

pub const ITEMS: &str = "items";
pub const ORDER: &str = "order";

/// Where a value is: whether strings there are texts, and whether a list
/// there is a collection.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    pub text: bool,
    pub collection: bool,
}

impl Context {
    /// The context of the value under `key` of a map in this context.
    pub fn key(self, key: &str) -> Context {
        Context {
            text: self.text || TEXT_KEYS.contains(&key),
            collection: COLLECTION_KEYS.contains(&key),
        }
    }

    /// The context of an element of a list (or an item of a collection).
    pub fn element(self) -> Context {
        Context {
            text: self.text,
            collection: false,
        }
    }
}

/// Where a new value goes: a key or index of a map or list, or a new element
/// inserted into a list.
#[derive(Clone, Debug)]
pub enum Place {
    Put(Prop),
    Insert(usize),
}

/// Writes `value` as a new object or scalar at `place` in `obj`.
pub fn write_new(
    doc: &mut AutoCommit,
    obj: &ObjId,
    place: Place,
    value: &Value,
    cx: Context,
) -> Result<(), AutomergeError> {
    let make = |doc: &mut AutoCommit, ty| match &place {
        Place::Put(prop) => doc.put_object(obj, prop.clone(), ty),
        Place::Insert(i) => doc.insert_object(obj, *i, ty),
    };
    match value {
        Value::Array(items) if cx.collection => {
            let map = make(doc, ObjType::Map)?;
            let order = doc.put_object(&map, ORDER, ObjType::List)?;
            let by_id = doc.put_object(&map, ITEMS, ObjType::Map)?;
            for (n, item) in items.iter().enumerate() {
                let id = item_id(item, n);
                doc.insert(&order, doc.length(&order), id.as_str())?;
                write_new(doc, &by_id, Place::Put(id.into()), item, cx.element())?;
            }
            Ok(())
        }
        Value::Array(items) => {
            let list = make(doc, ObjType::List)?;
            for (i, item) in items.iter().enumerate() {
                write_new(doc, &list, Place::Insert(i), item, cx.element())?;
            }
            Ok(())
        }
        Value::Object(map) => {
            let child = make(doc, ObjType::Map)?;
            for (key, item) in map {
                write_new(
                    doc,
                    &child,
                    Place::Put(key.clone().into()),
                    item,
                    cx.key(key),
                )?;
            }
            Ok(())
        }
        Value::String(s) if cx.text => {
            let text = make(doc, ObjType::Text)?;
            doc.splice_text(&text, 0, 0, s)
        }
        scalar => match place {
            Place::Put(prop) => doc.put(obj, prop, to_scalar(scalar)),
            Place::Insert(i) => doc.insert(obj, i, to_scalar(scalar)),
        },
    }
}

/// The id of a collection item: its `id`, or (for an item written without
/// one, which this app never does) its position.
pub fn item_id(item: &Value, n: usize) -> String {
    match item.get("id") {
        Some(Value::String(id)) => id.clone(),
        _ => format!("#{n}"),
    }
}

pub fn to_scalar(value: &Value) -> ScalarValue {
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

/// The JSON of the object `obj`, read in context `cx`.
pub fn read(doc: &AutoCommit, obj: &ObjId, cx: Context) -> Value {
    match doc.object_type(obj) {
        Ok(ObjType::Map | ObjType::Table) if cx.collection => Value::Array(
            collection_ids(doc, obj, cx)
                .into_iter()
                .map(|(_, v)| v)
                .collect(),
        ),
        Ok(ObjType::Map | ObjType::Table) => Value::Object(
            doc.keys(obj)
                .map(|k| {
                    let v = read_prop(doc, obj, k.as_str(), cx.key(&k));
                    (k, v)
                })
                .collect::<Map<_, _>>(),
        ),
        Ok(ObjType::List) => Value::Array(
            (0..doc.length(obj))
                .map(|i| read_prop(doc, obj, i, cx.element()))
                .collect(),
        ),
        Ok(ObjType::Text) => Value::String(doc.text(obj).unwrap_or_default()),
        Err(_) => Value::Null,
    }
}

/// A collection's items in order, each with its id. Concurrent moves can
/// leave an id twice in `order`, and a concurrent add and move can leave an
/// item out of it: the first place of an id counts, and items missing from
/// the order follow in id order, so every device reads the same list.
pub fn collection_ids(doc: &AutoCommit, obj: &ObjId, cx: Context) -> Vec<(String, Value)> {
    let Some(items) = child(doc, obj, ITEMS, ObjType::Map) else {
        return Vec::new();
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut ids: Vec<String> = order_ids(doc, obj)
        .into_iter()
        .filter(|id| doc.get(&items, id.as_str()).ok().flatten().is_some())
        .filter(|id| seen.insert(id.clone()))
        .collect();
    let unordered: Vec<String> = doc.keys(&items).filter(|k| !seen.contains(k)).collect();
    ids.extend(unordered);
    ids.into_iter()
        .map(|id| {
            let v = read_prop(doc, &items, id.as_str(), cx.element());
            (id, v)
        })
        .collect()
}

/// The ids in a collection's `order`, duplicates included.
pub fn order_ids(doc: &AutoCommit, obj: &ObjId) -> Vec<String> {
    let Some(order) = child(doc, obj, ORDER, ObjType::List) else {
        return Vec::new();
    };
    (0..doc.length(&order))
        .filter_map(|i| match doc.get(&order, i) {
            Ok(Some((AmValue::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Str(id) => Some(id.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The object of type `ty` under `key` of the map `obj`, if there is one.
pub fn child(doc: &AutoCommit, obj: &ObjId, key: &str, ty: ObjType) -> Option<ObjId> {
    match doc.get(obj, key) {
        Ok(Some((AmValue::Object(t), id))) if t == ty => Some(id),
        _ => None,
    }
}

fn read_prop(doc: &AutoCommit, obj: &ObjId, prop: impl Into<Prop>, cx: Context) -> Value {
    match doc.get(obj, prop) {
        Ok(Some((AmValue::Object(_), id))) => read(doc, &id, cx),
        Ok(Some((AmValue::Scalar(s), _))) => scalar_json(&s),
        _ => Value::Null,
    }
}

pub fn scalar_json(s: &ScalarValue) -> Value {
    match s {
        ScalarValue::Boolean(b) => Value::Bool(*b),
        ScalarValue::Int(i) | ScalarValue::Timestamp(i) => Value::from(*i),
        ScalarValue::Uint(u) => Value::from(*u),
        ScalarValue::F64(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
        ScalarValue::Str(s) => Value::String(s.to_string()),
        _ => Value::Null,
    }
}
