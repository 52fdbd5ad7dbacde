//! Documents whose content is plain serde data: projects and sessions.
//!
//! Layout 1, at the root: `type` (the kind, e.g. "project"), `layout` = 1, and
//! `data`, the JSON of the content written as nested automerge maps and lists
//! (see [`reconcile`]). Writing new content changes only what differs, so two
//! devices that edit different fields, questions or cards merge cleanly; the
//! same field edited on both ends with the later write.

mod reconcile;

use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value};
use serde::{Serialize, de::DeserializeOwned};

pub use reconcile::{read_value, write_map};

use crate::{response::LayoutError, time::Timestamp};

const LAYOUT: u64 = 1;

#[derive(Debug)]
pub struct JsonDoc {
    doc: AutoCommit,
}

impl JsonDoc {
    /// A new document of `kind` holding `content`. `actor` is the random id
    /// of this session's edits.
    pub fn new<T: Serialize>(actor: [u8; 16], kind: &str, content: &T, now: Timestamp) -> JsonDoc {
        let mut doc = AutoCommit::new();
        doc.set_actor(automerge::ActorId::from(actor));
        let setup = (|| {
            use automerge::transaction::Transactable;
            doc.put(ROOT, "type", kind)?;
            doc.put(ROOT, "layout", LAYOUT)?;
            doc.put_object(ROOT, "data", ObjType::Map)?;
            Ok::<_, automerge::AutomergeError>(())
        })();
        if setup.is_err() {
            unreachable!("writing fresh keys into a new document's root cannot fail");
        }
        let mut json = JsonDoc { doc };
        json.write(content, now);
        json
    }

    /// Accepts a loaded document when it is a `kind` document of a layout
    /// this app knows.
    pub fn from_automerge(doc: AutoCommit, kind: &str) -> Result<JsonDoc, LayoutError> {
        match doc.get(ROOT, "type") {
            Ok(Some((Value::Scalar(s), _))) if matches!(s.as_ref(), ScalarValue::Str(k) if k == kind) =>
                {}
            _ => return Err(LayoutError::WrongKind(kind.to_owned())),
        }
        match doc.get(ROOT, "layout") {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Uint(LAYOUT) => {}
                ScalarValue::Uint(v) => return Err(LayoutError::NewerLayout(*v)),
                _ => return Err(LayoutError::WrongType("layout".into())),
            },
            _ => return Err(LayoutError::Missing("layout")),
        }
        let json = JsonDoc { doc };
        json.data()?;
        Ok(json)
    }

    fn data(&self) -> Result<ObjId, LayoutError> {
        match self.doc.get(ROOT, "data") {
            Ok(Some((Value::Object(ObjType::Map), id))) => Ok(id),
            Ok(Some(_)) => Err(LayoutError::WrongType("data".into())),
            _ => Err(LayoutError::Missing("data")),
        }
    }

    /// The content, or why it cannot be read as a `T`.
    pub fn read<T: DeserializeOwned>(&self) -> Result<T, LayoutError> {
        let value = read_value(&self.doc, &self.data()?);
        serde_json::from_value(value).map_err(|e| LayoutError::WrongType(e.to_string()))
    }

    /// Replaces the content with `content`, writing only what changed, as one
    /// automerge change stamped `now`.
    pub fn write<T: Serialize>(&mut self, content: &T, now: Timestamp) {
        let Ok(data) = self.data() else {
            unreachable!("documents are checked for `data` when created or loaded")
        };
        let serde_json::Value::Object(map) =
            serde_json::to_value(content).unwrap_or(serde_json::Value::Null)
        else {
            unreachable!("document content serialises to a JSON object")
        };
        if write_map(&mut self.doc, &data, &map).is_err() {
            unreachable!("`data` was just checked to be a map");
        }
        self.doc
            .commit_with(automerge::transaction::CommitOptions::default().with_time(now.0));
    }

    pub fn automerge(&self) -> &AutoCommit {
        &self.doc
    }

    pub fn automerge_mut(&mut self) -> &mut AutoCommit {
        &mut self.doc
    }
}

#[cfg(test)]
mod tests;
