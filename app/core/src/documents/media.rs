//! Media beside the documents: recorded audio is kept as content-addressed
//! blobs ([`BlobKey`]) that a document's `audio` map refers to by hash,
//! never inside the CRDT, so deleting a card or recording again frees the
//! bytes, and a device (later, sync) fetches only the recordings it plays.
//!
//! Per document this tracks which blobs are on storage and which wait to be
//! written with the document's next chunk, in the same atomic write.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::doc::{self, AudioData};
use crate::{
    id::DocId,
    json_doc::JsonDoc,
    storage::{BlobKey, Write},
};

#[derive(Debug, Default)]
pub struct Media {
    /// Hashes of this document's blobs on storage.
    on_disk: BTreeSet<String>,
    /// Recordings not yet written, by hash.
    pending: BTreeMap<String, Vec<u8>>,
    /// What the write in flight puts and removes.
    in_flight: Option<(Vec<String>, Vec<String>)>,
}

impl Media {
    /// A document as opened from storage: every blob it refers to is there.
    pub fn opened(doc: &JsonDoc) -> Media {
        Media {
            on_disk: referenced(doc),
            ..Media::default()
        }
    }

    pub fn add(&mut self, hash: String, bytes: Vec<u8>) {
        if !self.on_disk.contains(&hash) {
            self.pending.insert(hash, bytes);
        }
    }

    /// Whether recording `hash` is on storage (as far as this device knows:
    /// a document from another device is taken to have its recordings).
    pub fn is_written(&self, hash: &str) -> bool {
        self.on_disk.contains(hash) && !self.pending.contains_key(hash)
    }

    /// Recording `hash` was put on storage apart from a write of the
    /// document (fetched, or taken from a sync file): it is freed like the
    /// others once the document no longer refers to it.
    pub fn stored(&mut self, hash: String) {
        self.on_disk.insert(hash);
    }

    /// A recording not yet written, if `hash` is one.
    pub fn pending(&self, hash: &str) -> Option<&Vec<u8>> {
        self.pending.get(hash)
    }

    /// Adds to `write` the blobs the document now refers to that are not
    /// stored yet, and the removal of stored ones it no longer refers to.
    pub fn attach(&mut self, id: &DocId, doc: &JsonDoc, write: &mut Write) {
        let now = referenced(doc);
        // A recording replaced or deleted before it was ever written is
        // simply dropped.
        self.pending.retain(|hash, _| now.contains(hash));
        let puts: Vec<String> = self
            .pending
            .keys()
            .filter(|h| !self.on_disk.contains(*h))
            .cloned()
            .collect();
        let removes: Vec<String> = self.on_disk.difference(&now).cloned().collect();
        for hash in &puts {
            if let (Ok(key), Some(bytes)) = (BlobKey::new(id, hash), self.pending.get(hash)) {
                write.blob_puts.push((key, bytes.clone()));
            }
        }
        for hash in &removes {
            if let Ok(key) = BlobKey::new(id, hash) {
                write.blob_removes.push(key);
            }
        }
        self.in_flight = Some((puts, removes));
    }

    pub fn done(&mut self, succeeded: bool) {
        let Some((puts, removes)) = self.in_flight.take() else {
            return;
        };
        if succeeded {
            for hash in puts {
                self.pending.remove(&hash);
                self.on_disk.insert(hash);
            }
            for hash in removes {
                self.on_disk.remove(&hash);
            }
        }
    }
}

/// The blob hashes the document's `audio` map refers to.
pub fn referenced(doc: &JsonDoc) -> BTreeSet<String> {
    doc::audio_entries(doc)
        .into_iter()
        .filter_map(|(_, data)| match data {
            AudioData::Blob(hash) => Some(hash),
            AudioData::Inline(_) => None,
        })
        .collect()
}

/// The audio keys the content no longer refers to: a session's deleted
/// cards (or cards whose note was removed), a project's deleted prompts.
pub fn unreferenced_keys(doc: &JsonDoc, session: bool) -> Vec<String> {
    let content = doc.json();
    let mut wanted = BTreeSet::new();
    if session {
        for card in content["cards"].as_array().into_iter().flatten() {
            if !card["audio"].is_null()
                && let Some(id) = card["id"].as_str()
            {
                wanted.insert(id.to_owned());
            }
        }
    } else {
        collect_audio_ids(content, &mut wanted);
    }
    doc::audio_entries(doc)
        .into_iter()
        .map(|(key, _)| key)
        .filter(|key| !wanted.contains(key))
        .collect()
}

/// Every string under an `audio` key: the prompts questions and choices name.
fn collect_audio_ids(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("audio", Value::String(id)) => {
                        out.insert(id.clone());
                    }
                    _ => collect_audio_ids(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_audio_ids(item, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use crate::{
        documents::{Documents, flush},
        id::DocId,
        session::{Card, Session},
        storage::{BlobKey, MemoryStorage, Storage},
        time::Timestamp,
        worker_api::{FromWorker, ToWorker},
    };

    fn id() -> DocId {
        DocId::from_random([4; 16])
    }

    fn session(cards: &[(&str, bool)]) -> ToWorker {
        let mut session = Session::new(DocId::from_random([1; 16]), "g", "", Timestamp(1));
        session.cards = cards
            .iter()
            .map(|(card, audio)| Card {
                id: (*card).into(),
                text: "note".into(),
                quote: false,
                feeling: None,
                topic: None,
                audio: audio.then(|| "audio/webm".into()),
                created: Timestamp(1),
                device: None,
            })
            .collect();
        ToWorker::SaveSession {
            id: id(),
            session,
            base: None,
            now: Timestamp(2),
        }
    }

    fn record(card: &str, bytes: &[u8]) -> ToWorker {
        ToWorker::SetAudio {
            id: id(),
            key: card.into(),
            mime: "audio/webm".into(),
            data: bytes.to_vec(),
            now: Timestamp(3),
        }
    }

    #[test]
    fn audio_is_a_blob_beside_the_document_and_deleting_the_card_frees_it() {
        pollster::block_on(async {
            let storage = MemoryStorage::new();
            let docs = RefCell::new(Documents::start([1; 16], Vec::new()).0);
            let audio: Vec<u8> = (0..=255).cycle().take(50_000).collect();
            let blob = BlobKey::for_bytes(&id(), &audio);
            docs.borrow_mut()
                .handle(session(&[("c1", true), ("c2", false)]));
            docs.borrow_mut().handle(record("c1", &audio));
            // Played before it is written: from memory.
            let early = docs.borrow_mut().handle(ToWorker::GetAudio {
                id: id(),
                key: "c1".into(),
            });
            assert!(
                matches!(&early.events[..], [FromWorker::Audio { data, .. }] if *data == audio)
            );
            flush(&docs, &storage, &id()).await.unwrap();
            assert_eq!(storage.load_blob(&blob).await.unwrap(), Some(audio.clone()));
            let chunk_bytes: usize = storage
                .load_doc(&id())
                .await
                .unwrap()
                .iter()
                .map(|(_, b)| b.len())
                .sum();
            assert!(
                chunk_bytes < 10_000,
                "the recording is not in the CRDT ({chunk_bytes} bytes)"
            );

            // After a reload the worker asks for the blob.
            let (mut again, _, _) = Documents::load(
                [2; 16],
                storage.load_all().await.unwrap(),
                storage.load_index().await.unwrap(),
            );
            let later = again.handle(ToWorker::GetAudio {
                id: id(),
                key: "c1".into(),
            });
            assert_eq!(later.read_blob.map(|r| r.blob), Some(blob.clone()));

            // Deleting the card lets the blob go with the next write.
            docs.borrow_mut().handle(session(&[("c2", false)]));
            flush(&docs, &storage, &id()).await.unwrap();
            assert_eq!(
                storage.load_blob(&blob).await.unwrap(),
                None,
                "the bytes are freed"
            );
        });
    }

    #[test]
    fn recording_again_replaces_the_blob_and_an_unwritten_one_is_never_written() {
        pollster::block_on(async {
            let storage = MemoryStorage::new();
            let docs = RefCell::new(Documents::start([1; 16], Vec::new()).0);
            docs.borrow_mut().handle(session(&[("c1", true)]));
            docs.borrow_mut().handle(record("c1", b"first take"));
            flush(&docs, &storage, &id()).await.unwrap();
            docs.borrow_mut().handle(record("c1", b"second take"));
            docs.borrow_mut().handle(record("c1", b"third take"));
            flush(&docs, &storage, &id()).await.unwrap();
            let stored = |bytes: &'static [u8]| {
                let key = BlobKey::for_bytes(&id(), bytes);
                let storage = &storage;
                async move { storage.load_blob(&key).await.unwrap().is_some() }
            };
            assert!(
                !stored(b"first take").await,
                "the replaced recording is freed"
            );
            assert!(
                !stored(b"second take").await,
                "a take replaced before any write is never written"
            );
            assert!(stored(b"third take").await);
        });
    }
}
