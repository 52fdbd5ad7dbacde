//! Keeping a document's JSON up to date after edits without reading it all
//! again: reading a 60-question project out of automerge took most of a
//! builder keystroke's time, and a keystroke changes one text.
//!
//! After edits are applied, only the values they touched are read again
//! (the field set or spliced, the collection an item was added to or moved
//! in) and put in place in the cached JSON. Whenever a place cannot be found
//! on both sides, the caller reads the whole document instead, so the cache
//! is never trusted beyond what was checked.

use automerge::{AutoCommit, ObjId, ObjType, Prop, ReadDoc, Value as AmValue};
use serde_json::Value;

use super::{
    edit::{Edit, Step},
    layout::{Context, ITEMS, child, item_id, read},
};

/// Brings `json` (the content of `root` before `edits`) to the content after
/// them. `false`: a place was not found, and `json` must be read again.
pub fn refresh(doc: &AutoCommit, root: &ObjId, json: &mut Value, edits: &[Edit]) -> bool {
    edits.iter().all(|edit| {
        let path: &[Step] = match edit {
            Edit::Set { path, .. } | Edit::Splice { path, .. } => path,
            Edit::Remove { path } => match path.last() {
                Some(Step::Key(_)) => path,
                // An item or string element: its list is read again.
                _ => &path[..path.len().saturating_sub(1)],
            },
            Edit::Insert { path, .. } | Edit::Move { path, .. } => path,
        };
        refresh_at(doc, root, json, path)
    })
}

/// Reads the value at `path` again into `json`; a key no longer there is
/// removed from its map.
fn refresh_at(doc: &AutoCommit, root: &ObjId, json: &mut Value, path: &[Step]) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    let Some((obj, cx)) = walk_doc(doc, root, parent) else {
        return false;
    };
    let Some(place) = walk_json(json, parent) else {
        return false;
    };
    match (last, place) {
        (Step::Key(key), Value::Object(map)) => {
            if cx.collection {
                return false;
            }
            match doc.get(&obj, key.as_str()) {
                Ok(Some(found)) => {
                    map.insert(key.clone(), value_of(doc, found, cx.key(key)));
                }
                Ok(None) => {
                    map.remove(key);
                }
                Err(_) => return false,
            }
            true
        }
        (Step::Item(id), Value::Array(items)) if cx.collection => {
            let Some(by_id) = child(doc, &obj, ITEMS, ObjType::Map) else {
                return false;
            };
            let Some(slot) = items
                .iter_mut()
                .enumerate()
                .find(|(n, v)| item_id(v, *n) == *id)
                .map(|(_, v)| v)
            else {
                return false;
            };
            match doc.get(&by_id, id.as_str()) {
                Ok(Some(found)) => {
                    *slot = value_of(doc, found, cx.element());
                    true
                }
                _ => false,
            }
        }
        (Step::Index(i), Value::Array(items)) if !cx.collection && *i < items.len() => {
            match doc.get(&obj, Prop::Seq(*i)) {
                Ok(Some(found)) => {
                    items[*i] = value_of(doc, found, cx.element());
                    true
                }
                _ => false,
            }
        }
        _ => false,
    }
}

fn value_of(doc: &AutoCommit, found: (AmValue<'_>, ObjId), cx: Context) -> Value {
    match found {
        (AmValue::Object(_), id) => read(doc, &id, cx),
        (AmValue::Scalar(s), _) => super::layout::scalar_json(&s),
    }
}

/// The object at `path` in the document, and the context of what it holds.
fn walk_doc(doc: &AutoCommit, root: &ObjId, path: &[Step]) -> Option<(ObjId, Context)> {
    let mut at = (root.clone(), Context::default());
    for step in path {
        let (obj, cx) = &at;
        let (prop, parent, next): (Prop, ObjId, Context) = match step {
            Step::Key(key) if !cx.collection => (key.as_str().into(), obj.clone(), cx.key(key)),
            Step::Item(id) if cx.collection => (
                id.as_str().into(),
                child(doc, obj, ITEMS, ObjType::Map)?,
                cx.element(),
            ),
            Step::Index(i) if !cx.collection => (Prop::Seq(*i), obj.clone(), cx.element()),
            _ => return None,
        };
        match doc.get(&parent, prop) {
            Ok(Some((AmValue::Object(_), id))) => at = (id, next),
            _ => return None,
        }
    }
    Some(at)
}

/// The same place in the JSON.
fn walk_json<'a>(json: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut at = json;
    for step in path {
        at = match (step, at) {
            (Step::Key(key), Value::Object(map)) => map.get_mut(key)?,
            (Step::Item(id), Value::Array(items)) => items
                .iter_mut()
                .enumerate()
                .find(|(n, v)| item_id(v, *n) == *id)
                .map(|(_, v)| v)?,
            (Step::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    //! The cached JSON against a full read, after random saves from two
    //! screens and changes merged from another device.

    use automerge::ActorId;
    use rand::{Rng, SeedableRng, rngs::StdRng};
    use serde_json::{Value, json};

    use super::super::{JsonDoc, read_all};
    use crate::time::Timestamp;

    fn card(id: String, rng: &mut StdRng) -> Value {
        let text = ["tea", "bus", "ছ"][rng.random_range(0..3)];
        json!({"id": id, "text": text, "quote": rng.random_bool(0.5), "choices": []})
    }

    /// One thing a person does on a screen showing `content`.
    fn change(content: &mut Value, rng: &mut StdRng, n: &mut u32) {
        *n += 1;
        let cards = content["cards"].as_array_mut().unwrap();
        let len = cards.len();
        match rng.random_range(0..9) {
            0 => cards.insert(rng.random_range(0..=len), card(format!("c{n}"), rng)),
            1 if len > 0 => {
                cards.remove(rng.random_range(0..len));
            }
            2 if len > 1 => {
                let item = cards.remove(rng.random_range(0..len));
                cards.insert(rng.random_range(0..len), item);
            }
            3 if len > 0 => {
                let c = &mut cards[rng.random_range(0..len)];
                let text = c["text"].as_str().unwrap_or_default().to_owned();
                let at = rng.random_range(0..=text.chars().count());
                let mut chars: Vec<char> = text.chars().collect();
                chars.insert(at, 'x');
                c["text"] = Value::String(chars.into_iter().collect());
            }
            4 if len > 0 => {
                let c = &mut cards[rng.random_range(0..len)];
                c["quote"] = Value::Bool(rng.random_bool(0.5));
            }
            5 if len > 0 => {
                let c = &mut cards[rng.random_range(0..len)];
                let choices = c["choices"].as_array_mut().unwrap();
                choices.push(json!({"id": format!("h{n}"), "text": "yes"}));
            }
            6 => {
                let langs = content["languages"].as_array_mut().unwrap();
                let lang = ["cy", "pl", "ur"][rng.random_range(0..3)];
                match langs.iter().position(|l| l == lang) {
                    Some(i) => {
                        langs.remove(i);
                    }
                    None => langs.push(lang.into()),
                }
            }
            7 => {
                let map = content.as_object_mut().unwrap();
                if map.remove("facilitator").is_none() {
                    map.insert("facilitator".into(), "Asha".into());
                }
            }
            _ => content["updated"] = Value::from(*n),
        }
    }

    fn check(doc: &JsonDoc, seed: u64, step: usize) {
        assert_eq!(
            *doc.json(),
            read_all(&doc.doc),
            "seed {seed}, step {step}: the document's JSON"
        );
        for (client, view) in &doc.views {
            if let Some(json) = &view.json {
                assert_eq!(
                    *json,
                    read_all(&view.doc),
                    "seed {seed}, step {step}: screen {client}'s JSON"
                );
            }
        }
    }

    #[test]
    fn the_cached_json_is_what_a_full_read_finds() {
        for seed in 0..12 {
            let mut rng = StdRng::seed_from_u64(seed);
            let start = json!({"place": "Library", "cards": [], "languages": ["en"], "updated": 0});
            let mut doc = JsonDoc::new([1; 16], "session", &start, Timestamp(1));
            let fork = doc
                .automerge_mut()
                .fork()
                .with_actor(ActorId::from([9; 16]));
            let mut other = JsonDoc::from_automerge(fork, "session").unwrap();
            let mut shown: Vec<(Value, Vec<automerge::ChangeHash>)> =
                vec![(start.clone(), doc.heads()), (start, doc.heads())];
            let mut n = 0;
            for step in 0..60 {
                match rng.random_range(0..6) {
                    // The other device edits, and its change merges in.
                    0 => {
                        let mut content = other.json().clone();
                        change(&mut content, &mut rng, &mut n);
                        other.write(&content, Timestamp(step as i64)).unwrap();
                        doc.automerge_mut().merge(other.automerge_mut()).unwrap();
                    }
                    // A screen takes the content as it now is.
                    1 => {
                        let client = rng.random_range(0..2);
                        shown[client] = (doc.json().clone(), doc.heads());
                    }
                    _ => {
                        let client = rng.random_range(0..2);
                        let (mut content, base) = shown[client].clone();
                        change(&mut content, &mut rng, &mut n);
                        doc.save(client as u64, Some(&base), &content, Timestamp(step as i64))
                            .unwrap();
                        if rng.random_bool(0.7) {
                            shown[client] = (doc.json().clone(), doc.heads());
                        } else {
                            shown[client].0 = content;
                        }
                    }
                }
                check(&doc, seed, step);
            }
        }
    }
}
