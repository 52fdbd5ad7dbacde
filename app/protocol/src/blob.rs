//! Sealed document blobs as a device pushes them and as the log hands them back.

use crate::ids::{BlobId, Tag};

/// What a sealed blob holds, which the relay needs to know to compact and erase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlobKind {
    /// A batch of automerge changes of one document.
    Changes,
    /// A whole document: it replaces every older entry of its tag it covers.
    Snapshot,
    /// An erased document's marker: the only thing of it the relay keeps.
    Tombstone,
}

impl BlobKind {
    pub fn to_byte(self) -> u8 {
        match self {
            BlobKind::Changes => 1,
            BlobKind::Snapshot => 2,
            BlobKind::Tombstone => 3,
        }
    }

    pub fn from_byte(byte: u8) -> Option<BlobKind> {
        match byte {
            1 => Some(BlobKind::Changes),
            2 => Some(BlobKind::Snapshot),
            3 => Some(BlobKind::Tombstone),
            _ => None,
        }
    }
}

/// One sealed blob as a device sends it. Its id is not sent: the relay hashes
/// the bytes itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blob {
    pub tag: Tag,
    pub kind: BlobKind,
    pub bytes: Vec<u8>,
}

/// One entry of a project's log as the relay sends it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub seq: u64,
    pub tag: Tag,
    pub kind: BlobKind,
    pub id: BlobId,
    pub bytes: Vec<u8>,
}

impl Blob {
    /// Bytes this blob takes inside a frame, so a device can fill a push up to
    /// the relay's frame limit.
    pub fn encoded_len(&self) -> usize {
        16 + 1 + 4 + self.bytes.len()
    }
}

impl Entry {
    /// Bytes this entry takes inside a batch, so the relay can fill a batch up
    /// to the frame limit.
    pub fn encoded_len(&self) -> usize {
        8 + 16 + 1 + 32 + 4 + self.bytes.len()
    }
}
