//! Saving everything a device holds of a project as a sync file: a snapshot
//! of each of its documents as far as it is on this device's storage (only
//! what is durable leaves a device, as with the relay), a tombstone for
//! every document erased here, and the recordings the documents name.

use heard_core::{documents::Documents, id::DocId, storage::BlobKey};
use heard_protocol::{BlobKind, ProjectId};

use super::format::{FileEntry, FileRecording, SyncFile};
use crate::sealed::Keys;

/// A sync file made, and what it holds.
#[derive(Debug)]
pub struct Exported {
    pub bytes: Vec<u8>,
    /// Documents in it with their content.
    pub documents: usize,
    pub tombstones: usize,
    pub recordings: usize,
    /// Documents of the project left out: nothing of them is on storage
    /// yet, or this device could not read its copy.
    pub left_out: Vec<DocId>,
}

/// The stored documents of `project` that must be opened before it is
/// exported.
pub fn export_needs(docs: &Documents, project: &DocId) -> Vec<DocId> {
    docs.project_docs(project)
        .into_iter()
        .filter(|doc| docs.needs_doc(doc))
        .collect()
}

/// The recordings the project's documents name, for the driver to read
/// from storage before the export (once [`export_needs`] are open).
pub fn export_recordings(docs: &Documents, project: &DocId) -> Vec<BlobKey> {
    docs.recordings_of(&docs.project_docs(project))
}

/// Everything of `project` on this device's storage, sealed with `keys` as
/// a sync file of `relay_project`, with `recordings` (those of
/// [`export_recordings`] this device holds).
///
/// Tombstones go for every document erased on this device, not only this
/// project's: a tombstone does not say which project a document was of, and
/// a device that erased one for someone must not let an old copy come back
/// on another device. They hold only a random id.
pub fn export(
    keys: &Keys,
    relay_project: ProjectId,
    project: &DocId,
    docs: &mut Documents,
    recordings: &[(BlobKey, Vec<u8>)],
) -> Exported {
    let mut entries = Vec::new();
    let mut left_out = Vec::new();
    // The project first: a device reading the file learns which project
    // it is before anything of it.
    let mut ids = docs.project_docs(project);
    ids.sort_by_key(|doc| doc != project);
    for doc in ids {
        match docs.durable_snapshot(&doc) {
            Some(snapshot) => entries.push(FileEntry {
                sealed: keys.seal(&doc, BlobKind::Snapshot, &snapshot).bytes,
                doc,
                kind: BlobKind::Snapshot,
            }),
            None => left_out.push(doc),
        }
    }
    let documents = entries.len();
    let erased = docs.erased();
    let tombstones = erased.len();
    for doc in erased {
        entries.push(FileEntry {
            sealed: keys.seal(&doc, BlobKind::Tombstone, &[]).bytes,
            doc,
            kind: BlobKind::Tombstone,
        });
    }
    let recordings: Vec<FileRecording> = recordings
        .iter()
        .filter(|(blob, bytes)| blob.matches(bytes))
        .map(|(blob, bytes)| FileRecording {
            doc: blob.doc.clone(),
            sealed: keys.seal_media(&blob.doc, bytes).1,
        })
        .collect();
    let file = SyncFile {
        project: relay_project,
        entries,
        recordings,
    };
    Exported {
        bytes: file.encode(keys),
        documents,
        tombstones,
        recordings: file.recordings.len(),
        left_out,
    }
}
