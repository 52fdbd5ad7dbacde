//! Which history of a document a copy holds. Withdrawing someone's words
//! rewrites a document into a fresh history ([`crate::documents`]); the
//! actors that edited the old one must not start numbering their changes
//! again in the new one, or a device holding both would meet two different
//! "change 1" of one actor. So every actor is derived from the history: the
//! first history keeps the plain actor, each rewrite names itself at the
//! root and the actors editing it are hashed with that name.

use automerge::{
    ActorId, AutoCommit, AutomergeError, ObjType, ROOT, ReadDoc, ScalarValue, Value,
    transaction::Transactable,
};
use sha2::{Digest, Sha256};

/// The root key naming a rewritten history.
pub const HISTORY: &str = "history";
/// The root key listing the heads of the history a rewrite was made from,
/// so a device holding that history can carry its own later edits over.
pub const REWRITTEN_FROM: &str = "rewritten_from";
/// The root key listing every item (card, answer) ever withdrawn from the
/// document, by id only: a device that withdrew one in a history rewritten
/// elsewhere at the same time withdraws it again from the one that wins.
pub const WITHDRAWN: &str = "withdrawn";

/// Names the fresh history `doc` as a rewrite of `from` without `withdrawn`.
pub fn name_rewrite(
    doc: &mut AutoCommit,
    name: &str,
    from: &[String],
    withdrawn: &[String],
) -> Result<(), AutomergeError> {
    doc.put(ROOT, HISTORY, name)?;
    for (key, values) in [(REWRITTEN_FROM, from), (WITHDRAWN, withdrawn)] {
        let list = doc.put_object(ROOT, key, ObjType::List)?;
        for (i, value) in values.iter().enumerate() {
            doc.insert(&list, i, value.as_str())?;
        }
    }
    Ok(())
}

/// A list of strings at the root.
fn strings(doc: &AutoCommit, key: &str) -> Vec<String> {
    let Ok(Some((Value::Object(ObjType::List), list))) = doc.get(ROOT, key) else {
        return Vec::new();
    };
    (0..doc.length(&list))
        .filter_map(|i| match doc.get(&list, i) {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Str(v) => Some(v.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The items withdrawn from `doc` so far.
pub fn withdrawn(doc: &AutoCommit) -> Vec<String> {
    strings(doc, WITHDRAWN)
}

/// The heads of the history `doc` was rewritten from (none if it never was).
pub fn rewritten_from(doc: &AutoCommit) -> Vec<automerge::ChangeHash> {
    strings(doc, REWRITTEN_FROM)
        .iter()
        .filter_map(|h| h.parse().ok())
        .collect()
}

/// The name of the history `doc` holds: empty for a document never
/// rewritten.
pub fn name(doc: &AutoCommit) -> String {
    match doc.get(ROOT, HISTORY) {
        Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
            ScalarValue::Str(name) => name.to_string(),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// The actor `base` (16 bytes) edits the history `doc` holds with.
pub fn actor(base: &[u8], doc: &AutoCommit) -> ActorId {
    let history = name(doc);
    if history.is_empty() {
        return ActorId::from(base);
    }
    let mut hash = Sha256::new();
    hash.update(b"heard actor in history");
    hash.update(history.as_bytes());
    hash.update(base);
    let bytes: [u8; 16] = hash.finalize()[..16].try_into().unwrap_or([0; 16]);
    ActorId::from(bytes)
}

/// Where a copy's history comes from: its name (empty for a first
/// history), the heads of the history it was rewritten from, and every
/// item ever withdrawn from it. Two copies of one document in different
/// histories are told apart by these: the one a sync file brings, and the
/// one a device holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lineage {
    pub name: String,
    pub from: Vec<automerge::ChangeHash>,
    pub withdrawn: Vec<String>,
}

pub fn lineage(doc: &AutoCommit) -> Lineage {
    Lineage {
        name: name(doc),
        from: rewritten_from(doc),
        withdrawn: withdrawn(doc),
    }
}
