//! One document of any kind, as the worker holds it.

use automerge::{
    AutoCommit, ObjType, ROOT, ReadDoc, ScalarValue, Value, transaction::Transactable,
};

use crate::{
    json_doc::JsonDoc,
    project::Project,
    response::{LayoutError, ResponseDoc},
    session::Session,
    summary::Summary,
    time::Timestamp,
};

#[derive(Debug)]
pub enum Doc {
    Response(ResponseDoc),
    Project(JsonDoc),
    Session(JsonDoc),
}

pub const PROJECT: &str = "project";
pub const SESSION: &str = "session";

/// Where a session keeps its audio notes: a root map from card id to bytes,
/// outside `data` so every content write leaves them alone.
const AUDIO: &str = "audio";

impl Doc {
    /// Recognises a loaded document by its `type`.
    pub fn from_automerge(doc: AutoCommit) -> Result<Doc, LayoutError> {
        let kind = match doc.get(ROOT, "type") {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Str(kind) => kind.to_string(),
                _ => return Err(LayoutError::WrongType("type".into())),
            },
            _ => return Err(LayoutError::Missing("type")),
        };
        let loaded = match kind.as_str() {
            PROJECT => Doc::Project(JsonDoc::from_automerge(doc, PROJECT)?),
            SESSION => Doc::Session(JsonDoc::from_automerge(doc, SESSION)?),
            _ => Doc::Response(ResponseDoc::from_automerge(doc)?),
        };
        loaded.summary()?;
        Ok(loaded)
    }

    pub fn summary(&self) -> Result<Summary, LayoutError> {
        Ok(match self {
            Doc::Response(doc) => Summary::Response(doc.summary()?),
            Doc::Project(doc) => Summary::Project(doc.read::<Project>()?),
            Doc::Session(doc) => Summary::Session(doc.read::<Session>()?),
        })
    }

    pub fn automerge_mut(&mut self) -> &mut AutoCommit {
        match self {
            Doc::Response(doc) => doc.automerge_mut(),
            Doc::Project(doc) | Doc::Session(doc) => doc.automerge_mut(),
        }
    }
}

/// Keeps `data` as the audio note of `card` in a session document.
pub fn put_audio(doc: &mut JsonDoc, card: &str, data: &[u8], now: Timestamp) {
    let am = doc.automerge_mut();
    let audio = match am.get(ROOT, AUDIO) {
        Ok(Some((Value::Object(ObjType::Map), id))) => Ok(id),
        _ => am.put_object(ROOT, AUDIO, ObjType::Map),
    };
    if let Ok(audio) = audio {
        let _ = am.put(&audio, card, ScalarValue::Bytes(data.to_vec()));
    }
    am.commit_with(automerge::transaction::CommitOptions::default().with_time(now.0));
}

/// The audio note of `card`, if the session has one.
pub fn audio(doc: &JsonDoc, card: &str) -> Option<Vec<u8>> {
    let am = doc.automerge();
    let Ok(Some((Value::Object(ObjType::Map), audio))) = am.get(ROOT, AUDIO) else {
        return None;
    };
    match am.get(&audio, card) {
        Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
            ScalarValue::Bytes(bytes) => Some(bytes.clone()),
            _ => None,
        },
        _ => None,
    }
}
