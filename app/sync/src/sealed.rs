//! The project's keys as the syncer uses them: tags, signatures, and sealing
//! with a nonce derived from the content, so sealing the same changes twice
//! gives the same blob and a push sent again is stored once.

use heard_core::{
    id::DocId,
    sync::{OpenError, Plaintext, ProjectKeys, ProjectSecret},
};
use heard_protocol::{Blob, BlobKind, Entry, Nonce, ProjectId, Signature, Tag, Verifier};

#[derive(Clone, Debug)]
pub struct Keys(ProjectKeys);

impl Keys {
    pub fn new(project: ProjectId, secret: &ProjectSecret) -> Keys {
        Keys(ProjectKeys::derive(project, secret))
    }

    pub fn verifier(&self) -> Verifier {
        self.0.verifier()
    }

    pub fn sign(&self, _project: &ProjectId, nonce: &Nonce) -> Signature {
        self.0.sign_challenge(nonce)
    }

    pub fn tag(&self, doc: &DocId) -> Tag {
        self.0.tag(doc)
    }

    pub fn seal(&self, doc: &DocId, kind: BlobKind, payload: &[u8]) -> Blob {
        self.0.seal_blob_idempotent(
            kind,
            &Plaintext {
                doc: doc.clone(),
                payload: payload.to_vec(),
            },
        )
    }

    /// A recording of document `doc`, sealed the same way every time, with
    /// the tag the relay files it under.
    pub fn seal_media(&self, doc: &DocId, recording: &[u8]) -> (Tag, Vec<u8>) {
        self.0.seal_media_idempotent(&Plaintext {
            doc: doc.clone(),
            payload: recording.to_vec(),
        })
    }

    /// The recording a sealed media blob of document `doc` carries, or why
    /// it cannot be read.
    pub fn open_media(&self, doc: &DocId, sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
        let plaintext = self.0.open_media(self.tag(doc), sealed)?;
        if plaintext.doc != *doc {
            return Err(OpenError::WrongDocument);
        }
        Ok(plaintext.payload)
    }

    /// What a blob sealed for document `doc` as `kind` carries, or why it
    /// cannot be read: a sync file's entry, which names its document in the
    /// file's sealed manifest instead of by a tag beside it.
    pub fn open_for(
        &self,
        doc: &DocId,
        kind: BlobKind,
        sealed: &[u8],
    ) -> Result<Vec<u8>, OpenError> {
        let plaintext = self.0.open_blob(self.tag(doc), kind, sealed)?;
        if plaintext.doc != *doc {
            return Err(OpenError::WrongDocument);
        }
        Ok(plaintext.payload)
    }

    /// The document an entry belongs to and what it carries, or why it
    /// cannot be read.
    pub fn open(&self, entry: &Entry) -> Result<(DocId, Vec<u8>), String> {
        self.0
            .open_blob(entry.tag, entry.kind, &entry.bytes)
            .map(|p| (p.doc, p.payload))
            .map_err(|e| e.to_string())
    }
}
