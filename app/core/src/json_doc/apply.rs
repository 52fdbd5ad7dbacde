//! Carrying out [`Edit`]s on a document as it is now, other devices'
//! changes included. An edit whose item is gone (deleted on another device)
//! does nothing: a deletion wins over a concurrent edit of what it deleted.

use automerge::{
    AutoCommit, AutomergeError, ObjId, ObjType, Prop, ReadDoc, ScalarValue, Value as AmValue,
    transaction::Transactable,
};

use super::{
    edit::{Edit, Step},
    layout::{Context, ITEMS, ORDER, Place, child, to_scalar, write_new},
};

/// What a path leads to: the object, and the context of what it holds.
struct Found {
    obj: ObjId,
    cx: Context,
}

pub fn apply(doc: &mut AutoCommit, root: &ObjId, edit: &Edit) -> Result<(), AutomergeError> {
    match edit {
        Edit::Set { path, value } => {
            let Some((parent, last)) = path.split_last().map(|(l, p)| (p, l)) else {
                return Ok(());
            };
            let Some(at) = walk(doc, root, parent) else {
                return Ok(());
            };
            match last {
                Step::Key(key) => write_new(
                    doc,
                    &at.obj,
                    Place::Put(key.clone().into()),
                    value,
                    at.cx.key(key),
                ),
                Step::Index(i) if *i < doc.length(&at.obj) => write_new(
                    doc,
                    &at.obj,
                    Place::Put(Prop::Seq(*i)),
                    value,
                    at.cx.element(),
                ),
                _ => Ok(()),
            }
        }
        Edit::Remove { path } => {
            let Some((parent, last)) = path.split_last().map(|(l, p)| (p, l)) else {
                return Ok(());
            };
            let Some(at) = walk(doc, root, parent) else {
                return Ok(());
            };
            match last {
                Step::Key(key) if doc.get(&at.obj, key.as_str())?.is_some() => {
                    doc.delete(&at.obj, key.as_str())
                }
                Step::Item(id) => remove_item(doc, &at.obj, id),
                _ => Ok(()),
            }
        }
        Edit::Insert {
            path,
            id,
            after,
            value,
        } => {
            let Some(at) = walk(doc, root, path) else {
                return Ok(());
            };
            match doc.object_type(&at.obj)? {
                ObjType::Map => {
                    let Some(items) = child(doc, &at.obj, ITEMS, ObjType::Map) else {
                        return Ok(());
                    };
                    write_new(
                        doc,
                        &items,
                        Place::Put(id.clone().into()),
                        value,
                        at.cx.element(),
                    )?;
                    place_in_order(doc, &at.obj, id, after.as_deref())
                }
                ObjType::List => {
                    remove_elements(doc, &at.obj, id)?;
                    let index = position_after(doc, &at.obj, after.as_deref());
                    doc.insert(&at.obj, index, to_scalar(value))
                }
                _ => Ok(()),
            }
        }
        Edit::Move { path, id, after } => {
            let Some(at) = walk(doc, root, path) else {
                return Ok(());
            };
            match doc.object_type(&at.obj)? {
                ObjType::Map => {
                    let exists = child(doc, &at.obj, ITEMS, ObjType::Map)
                        .is_some_and(|items| matches!(doc.get(&items, id.as_str()), Ok(Some(_))));
                    if exists {
                        place_in_order(doc, &at.obj, id, after.as_deref())?;
                    }
                    Ok(())
                }
                ObjType::List if !element_positions(doc, &at.obj, id).is_empty() => {
                    remove_elements(doc, &at.obj, id)?;
                    let index = position_after(doc, &at.obj, after.as_deref());
                    doc.insert(&at.obj, index, id.as_str())
                }
                _ => Ok(()),
            }
        }
        Edit::Splice {
            path,
            pos,
            del,
            text,
        } => {
            let Some(at) = walk(doc, root, path) else {
                return Ok(());
            };
            if doc.object_type(&at.obj)? != ObjType::Text {
                return Ok(());
            }
            let len = doc.length(&at.obj);
            let pos = (*pos).min(len);
            let del = (*del).min(len - pos);
            doc.splice_text(&at.obj, pos, del as isize, text)
        }
    }
}

/// Follows `path` from `root` to an object, if it is still there.
fn walk(doc: &AutoCommit, root: &ObjId, path: &[Step]) -> Option<Found> {
    let mut at = Found {
        obj: root.clone(),
        cx: Context::default(),
    };
    for step in path {
        let (obj, cx) = match step {
            Step::Key(key) => (
                object_at(doc, &at.obj, key.as_str().into())?,
                at.cx.key(key),
            ),
            Step::Item(id) => {
                let items = child(doc, &at.obj, ITEMS, ObjType::Map)?;
                (object_at(doc, &items, id.as_str().into())?, at.cx.element())
            }
            Step::Index(i) => (object_at(doc, &at.obj, Prop::Seq(*i))?, at.cx.element()),
        };
        at = Found { obj, cx };
    }
    Some(at)
}

fn object_at(doc: &AutoCommit, obj: &ObjId, prop: Prop) -> Option<ObjId> {
    match doc.get(obj, prop) {
        Ok(Some((AmValue::Object(_), id))) => Some(id),
        _ => None,
    }
}

fn remove_item(doc: &mut AutoCommit, obj: &ObjId, id: &str) -> Result<(), AutomergeError> {
    match doc.object_type(obj)? {
        ObjType::Map => {
            if let Some(items) = child(doc, obj, ITEMS, ObjType::Map)
                && doc.get(&items, id)?.is_some()
            {
                doc.delete(&items, id)?;
            }
            if let Some(order) = child(doc, obj, ORDER, ObjType::List) {
                remove_elements(doc, &order, id)?;
            }
            Ok(())
        }
        ObjType::List => remove_elements(doc, obj, id),
        _ => Ok(()),
    }
}

/// Puts `id` once into a collection's order, right after `after`.
fn place_in_order(
    doc: &mut AutoCommit,
    collection: &ObjId,
    id: &str,
    after: Option<&str>,
) -> Result<(), AutomergeError> {
    let order = match child(doc, collection, ORDER, ObjType::List) {
        Some(order) => order,
        None => doc.put_object(collection, ORDER, ObjType::List)?,
    };
    remove_elements(doc, &order, id)?;
    let index = position_after(doc, &order, after);
    doc.insert(&order, index, id)
}

/// Where an element goes to follow `after`: first for `None`, and last when
/// `after` is no longer there.
fn position_after(doc: &AutoCommit, list: &ObjId, after: Option<&str>) -> usize {
    match after {
        None => 0,
        Some(after) => element_positions(doc, list, after)
            .first()
            .map_or(doc.length(list), |i| i + 1),
    }
}

fn element_positions(doc: &AutoCommit, list: &ObjId, value: &str) -> Vec<usize> {
    (0..doc.length(list))
        .filter(|i| {
            matches!(doc.get(list, *i), Ok(Some((AmValue::Scalar(s), _)))
                if matches!(s.as_ref(), ScalarValue::Str(v) if v == value))
        })
        .collect()
}

fn remove_elements(doc: &mut AutoCommit, list: &ObjId, value: &str) -> Result<(), AutomergeError> {
    for i in element_positions(doc, list, value).into_iter().rev() {
        doc.delete(list, i)?;
    }
    Ok(())
}

/// Every edit of `edits`, in order.
pub fn apply_all(doc: &mut AutoCommit, root: &ObjId, edits: &[Edit]) -> Result<(), AutomergeError> {
    edits.iter().try_for_each(|edit| apply(doc, root, edit))
}
