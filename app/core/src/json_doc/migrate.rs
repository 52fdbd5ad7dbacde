//! Upgrading a layout-1 document (content as plain nested maps and lists,
//! strings as scalars) to layout 2 (collections by id, texts as Text).
//!
//! The upgrade is one change made the same way wherever it runs: its actor,
//! time and operations follow from the document alone. Two tabs (or later two
//! devices) that upgrade the same stored document make the very same change,
//! which automerge then holds once, so neither upgrade's `data` can win over
//! the other's and strand edits made after it.

use automerge::{
    ActorId, AutoCommit, AutomergeError, ObjType, ROOT, ReadDoc, transaction::CommitOptions,
    transaction::Transactable,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::layout::{Context, Place, read, write_new};
use crate::response::LayoutError;

pub fn upgrade_to_2(doc: &mut AutoCommit) -> Result<(), LayoutError> {
    let Ok(Some((automerge::Value::Object(ObjType::Map), data))) = doc.get(ROOT, "data") else {
        return Err(LayoutError::Missing("data"));
    };
    let Value::Object(content) = read(doc, &data, Context::default()) else {
        return Err(LayoutError::WrongType("data".into()));
    };
    let heads = doc.get_heads();
    let mut hash = Sha256::new();
    hash.update(b"heard: upgrade to layout 2");
    for head in &heads {
        hash.update(head.0);
    }
    let actor: [u8; 16] = hash.finalize()[..16].try_into().unwrap_or([0; 16]);
    let time = heads
        .iter()
        .filter_map(|h| doc.get_change_by_hash(h).map(|c| c.timestamp()))
        .max()
        .unwrap_or(0);
    let own = doc.get_actor().clone();
    doc.set_actor(ActorId::from(actor));
    let written = (|| {
        let data = doc.put_object(ROOT, "data", ObjType::Map)?;
        for (key, value) in &content {
            let place = Place::Put(key.clone().into());
            write_new(doc, &data, place, value, Context::default().key(key))?;
        }
        doc.put(ROOT, "layout", 2u64)
    })();
    if written.is_ok() {
        doc.commit_with(CommitOptions::default().with_time(time));
    } else {
        doc.rollback();
    }
    doc.set_actor(own);
    written.map_err(|e: AutomergeError| LayoutError::WrongType(e.to_string()))
}
