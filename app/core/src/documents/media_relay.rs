//! Recordings and the relay. A recording travels apart from its document,
//! sealed on its own; the relay names it by the hash of its sealed bytes,
//! which a device that only has the document cannot work out. So the device
//! that puts a recording on the relay writes that name into the document's
//! audio entry (`relay`), and the name reaches every device with the
//! document's next changes, sealed like them. A device that lacks a
//! recording fetches it by that name when a screen plays it. Sync files
//! carry the recordings their documents name, for devices with no relay.

use super::{Doc, Documents, Outcome, doc};
use crate::{id::DocId, storage::BlobKey, time::Timestamp};

/// A recording of a project's document that no device has put on the relay.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct MediaUpload {
    pub doc: DocId,
    pub key: String,
    pub hash: String,
}

impl Documents {
    /// Recordings of the open documents among `docs` that no device has put
    /// on the relay, and whose bytes this device has written (or believes it
    /// has: a document from another device refers to recordings made there,
    /// which the caller then fails to read, and skips).
    pub fn media_to_upload(&self, docs: &[DocId]) -> Vec<MediaUpload> {
        let mut found = Vec::new();
        for id in docs {
            let Some(entry) = self.entries.get(id) else {
                continue;
            };
            let (Doc::Project(json) | Doc::Session(json)) = &entry.doc else {
                continue;
            };
            for (key, _) in doc::audio_entries(json) {
                if let Some((hash, None)) = doc::audio_relay(json, &key)
                    && entry.media.is_written(&hash)
                {
                    found.push(MediaUpload {
                        doc: id.clone(),
                        key,
                        hash,
                    });
                }
            }
        }
        found
    }

    /// The relay holds `upload` as `relay` (hex): that is written into the
    /// document, to reach the other devices with it.
    pub fn media_uploaded(&mut self, upload: &MediaUpload, relay: &str, now: Timestamp) -> Outcome {
        let changed = match self.entries.get_mut(&upload.doc).map(|e| &mut e.doc) {
            Some(Doc::Project(json) | Doc::Session(json)) => {
                doc::set_audio_relay(json, &upload.key, &upload.hash, relay, now)
            }
            _ => false,
        };
        if changed {
            self.changed(&upload.doc)
        } else {
            Outcome::default()
        }
    }

    /// The relay's name for recording `hash` of `doc`, when a device put it
    /// there.
    pub fn media_on_relay(&self, id: &DocId, hash: &str) -> Option<String> {
        let entry = self.entries.get(id)?;
        let (Doc::Project(json) | Doc::Session(json)) = &entry.doc else {
            return None;
        };
        doc::audio_entries(json)
            .into_iter()
            .filter_map(|(key, _)| doc::audio_relay(json, &key))
            .find(|(h, _)| h == hash)
            .and_then(|(_, relay)| relay)
    }

    /// The recordings the open documents among `docs` refer to, as blobs
    /// (whether or not they are on this device).
    pub fn recordings_of(&self, docs: &[DocId]) -> Vec<BlobKey> {
        docs.iter()
            .filter_map(|id| Some((id, self.entries.get(id)?)))
            .filter_map(|(id, entry)| match &entry.doc {
                Doc::Project(json) | Doc::Session(json) => Some((id, json)),
                _ => None,
            })
            .flat_map(|(id, json)| {
                super::media::referenced(json)
                    .into_iter()
                    .filter_map(|hash| BlobKey::new(id, &hash).ok())
            })
            .collect()
    }

    /// Whether document `id` (open) refers to recording `hash`: a recording
    /// is kept only for a document that names it.
    pub fn refers_to(&self, id: &DocId, hash: &str) -> bool {
        match self.entries.get(id).map(|e| &e.doc) {
            Some(Doc::Project(json) | Doc::Session(json)) => {
                super::media::referenced(json).contains(hash)
            }
            _ => false,
        }
    }

    /// Recording `blob` is stored beside its document now, fetched or taken
    /// from a sync file.
    pub fn recording_stored(&mut self, blob: &BlobKey) {
        if let Some(entry) = self.entries.get_mut(&blob.doc) {
            entry.media.stored(blob.hash.clone());
        }
    }
}
