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
    /// A document a newer version of Heard wrote in a layout this one does
    /// not know: listed, never changed, kept as it is.
    Newer {
        doc: AutoCommit,
    },
}

pub const PROJECT: &str = "project";
pub const SESSION: &str = "session";

/// Where a session keeps its audio notes and a project its recorded question
/// prompts: a root map from a key (a card id, a prompt id) to a map with
/// `type` (the media type) and `data` (the bytes), outside `data` so content
/// writes leave them alone.
const AUDIO: &str = "audio";
/// In an audio entry: the relay's id of its sealed copy (see `sync`).
const RELAY: &str = "relay";

impl Doc {
    /// Recognises a loaded document by its `type`.
    pub fn from_automerge(doc: AutoCommit) -> Result<Doc, LayoutError> {
        Doc::from_automerge_summarised(doc).map(|(doc, _)| doc)
    }

    /// [`Doc::from_automerge`], with the summary that showed it readable.
    pub fn from_automerge_summarised(doc: AutoCommit) -> Result<(Doc, Summary), LayoutError> {
        let kind = match doc.get(ROOT, "type") {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Str(kind) => kind.to_string(),
                _ => return Err(LayoutError::WrongType("type".into())),
            },
            _ => return Err(LayoutError::Missing("type")),
        };
        // A newer layout is kept as it is; told from the layout number
        // first, so the document is not copied to be kept.
        let layout = match doc.get(ROOT, "layout") {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Uint(v) => Some(*v),
                ScalarValue::Int(v) if *v >= 0 && kind != crate::response::KIND => Some(*v as u64),
                _ => None,
            },
            _ => None,
        };
        let newest = match kind.as_str() {
            PROJECT | SESSION => Some(crate::json_doc::LAYOUT),
            crate::response::KIND => Some(crate::response::LAYOUT),
            // Another kind is refused below, as it always was.
            _ => None,
        };
        if let (Some(layout), Some(newest)) = (layout, newest)
            && layout > newest
        {
            let newer = Doc::Newer { doc };
            let summary = newer.summary()?;
            return Ok((newer, summary));
        }
        let loaded = match kind.as_str() {
            PROJECT => JsonDoc::from_automerge(doc, PROJECT).map(Doc::Project),
            SESSION => JsonDoc::from_automerge(doc, SESSION).map(Doc::Session),
            _ => ResponseDoc::from_automerge(doc).map(Doc::Response),
        }?;
        let summary = loaded.summary()?;
        Ok((loaded, summary))
    }

    pub fn summary(&self) -> Result<Summary, LayoutError> {
        Ok(match self {
            Doc::Response(doc) => Summary::Response(doc.summary()?),
            Doc::Project(doc) => Summary::Project(doc.read::<Project>()?),
            Doc::Session(doc) => Summary::Session(doc.read::<Session>()?),
            Doc::Newer { .. } => Summary::Newer,
        })
    }

    pub fn automerge_mut(&mut self) -> &mut AutoCommit {
        match self {
            Doc::Response(doc) => doc.automerge_mut(),
            Doc::Project(doc) | Doc::Session(doc) => doc.automerge_mut(),
            Doc::Newer { doc, .. } => doc,
        }
    }

    /// The document, to save it or read its heads (never to change it).
    pub fn automerge_to_store(&mut self) -> &mut AutoCommit {
        match self {
            Doc::Response(doc) => doc.automerge_mut(),
            Doc::Project(doc) | Doc::Session(doc) => doc.automerge_to_store(),
            Doc::Newer { doc, .. } => doc,
        }
    }

    pub fn heads(&mut self) -> crate::worker_api::Heads {
        crate::worker_api::Heads::of(&self.automerge_to_store().get_heads())
    }
}

/// Where a recording's bytes are.
#[derive(Clone, Debug, PartialEq)]
pub enum AudioData {
    /// In a blob beside the document, by the SHA-256 of its bytes.
    Blob(String),
    /// Inside the document, as releases before blobs kept it.
    Inline(Vec<u8>),
}

/// Refers to the blob `hash` (of `len` bytes) as the audio under `key`.
pub fn put_audio(doc: &mut JsonDoc, key: &str, mime: &str, hash: &str, len: usize, now: Timestamp) {
    let am = doc.automerge_mut();
    let written = (|| {
        let audio = match am.get(ROOT, AUDIO)? {
            Some((Value::Object(ObjType::Map), id)) => id,
            _ => am.put_object(ROOT, AUDIO, ObjType::Map)?,
        };
        let entry = am.put_object(&audio, key, ObjType::Map)?;
        am.put(&entry, "type", mime)?;
        am.put(&entry, "blob", hash)?;
        am.put(&entry, "bytes", len as u64)?;
        Ok::<_, automerge::AutomergeError>(())
    })();
    if written.is_err() {
        unreachable!("the audio map is checked to be a map before writing");
    }
    am.commit_with(automerge::transaction::CommitOptions::default().with_time(now.0));
}

/// Forgets the audio under each of `keys`, as one change.
pub fn remove_audio(doc: &mut JsonDoc, keys: &[String], now: Timestamp) {
    let am = doc.automerge_mut();
    let Ok(Some((Value::Object(ObjType::Map), audio))) = am.get(ROOT, AUDIO) else {
        return;
    };
    for key in keys {
        let _ = am.delete(&audio, key.as_str());
    }
    am.commit_with(automerge::transaction::CommitOptions::default().with_time(now.0));
}

/// The media type and the whereabouts of the audio under `key`.
pub fn audio(doc: &JsonDoc, key: &str) -> Option<(String, AudioData)> {
    let am = doc.automerge();
    let Ok(Some((Value::Object(ObjType::Map), audio))) = am.get(ROOT, AUDIO) else {
        return None;
    };
    let Ok(Some((Value::Object(ObjType::Map), entry))) = am.get(&audio, key) else {
        return None;
    };
    let field = |name: &str| match am.get(&entry, name) {
        Ok(Some((Value::Scalar(s), _))) => Some(s.into_owned()),
        _ => None,
    };
    let ScalarValue::Str(mime) = field("type")? else {
        return None;
    };
    match (field("blob"), field("data")) {
        (Some(ScalarValue::Str(hash)), _) => {
            Some((mime.to_string(), AudioData::Blob(hash.to_string())))
        }
        (_, Some(ScalarValue::Bytes(bytes))) => Some((mime.to_string(), AudioData::Inline(bytes))),
        _ => None,
    }
}

/// The relay's id for the sealed copy of the recording under `key`, when a
/// device of the project put it there (hex), and the recording's hash.
pub fn audio_relay(doc: &JsonDoc, key: &str) -> Option<(String, Option<String>)> {
    let (_, AudioData::Blob(hash)) = audio(doc, key)? else {
        return None;
    };
    let am = doc.automerge();
    let Ok(Some((Value::Object(ObjType::Map), audio))) = am.get(ROOT, AUDIO) else {
        return None;
    };
    let Ok(Some((Value::Object(ObjType::Map), entry))) = am.get(&audio, key) else {
        return None;
    };
    let relay = match am.get(&entry, RELAY) {
        Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
            ScalarValue::Str(id) => Some(id.to_string()),
            _ => None,
        },
        _ => None,
    };
    Some((hash, relay))
}

/// Records that the relay holds the recording `hash` under `key` as `relay`,
/// as one change; nothing when that key now holds another recording (it was
/// recorded again meanwhile). Whether it changed the document.
pub fn set_audio_relay(
    doc: &mut JsonDoc,
    key: &str,
    hash: &str,
    relay: &str,
    now: Timestamp,
) -> bool {
    match audio_relay(doc, key) {
        Some((current, None)) if current == hash => {}
        _ => return false,
    }
    let am = doc.automerge_mut();
    let Ok(Some((Value::Object(ObjType::Map), audio))) = am.get(ROOT, AUDIO) else {
        return false;
    };
    let Ok(Some((Value::Object(ObjType::Map), entry))) = am.get(&audio, key) else {
        return false;
    };
    if am.put(&entry, RELAY, relay).is_err() {
        return false;
    }
    am.commit_with(automerge::transaction::CommitOptions::default().with_time(now.0));
    true
}

/// Every audio entry: its key and whereabouts.
pub fn audio_entries(doc: &JsonDoc) -> Vec<(String, AudioData)> {
    let am = doc.automerge();
    let Ok(Some((Value::Object(ObjType::Map), map))) = am.get(ROOT, AUDIO) else {
        return Vec::new();
    };
    am.keys(&map)
        .filter_map(|key| audio(doc, &key).map(|(_, data)| (key, data)))
        .collect()
}
