//! The bytes of a sync file, and reading them back into typed errors.
//!
//! ```text
//! file     = magic (8) ‖ version u8 ‖ project (16) ‖ manifest ‖ entry*
//! manifest = len u32 ‖ sealed (a snapshot of the nil document):
//!            count u32 ‖ (document (16) ‖ kind u8)*count
//! entry    = len u32 ‖ sealed (a blob of the manifest line's document and kind,
//!            or, for kind 0x4d, a recording of that document, sealed as media)
//! ```
//!
//! Version 2 added recordings; a version-1 file has none, and is read too.
//!
//! Only the header is in the clear: the project's id on the relay, so the
//! device knows which project's keys open the rest. The manifest names each
//! entry's document and kind under the project's keys, so an entry that does
//! not open is still reported by document, and a file cut between two
//! entries is told from a whole one. Every length is checked against the
//! bytes left and against [`FileLimits`] before anything is copied.

use std::fmt;

use heard_core::id::DocId;
use heard_protocol::{BlobKind, ProjectId};

use crate::sealed::Keys;

/// The first bytes of every sync file: a high byte first, so a text
/// transfer that strips it is caught, and a line break that such a
/// transfer would rewrite.
pub const MAGIC: [u8; 8] = *b"\x89HSYNC\r\n";
/// The layout written today. A device meeting a newer one says so instead
/// of misreading it.
pub const VERSION: u8 = 2;
/// The kind byte of a recording's manifest line (a blob's are `BlobKind`'s).
const RECORDING: u8 = 0x4d;

const HEADER: usize = MAGIC.len() + 1 + 16;
/// One manifest line: a document id and a kind byte.
const LINE: usize = 16 + 1;

/// The manifest is sealed as a snapshot of this document, which no device
/// has: ids are drawn at random, and this one is all zeros.
pub(super) fn manifest_doc() -> DocId {
    DocId::from_random([0; 16])
}

/// How large a file a device reads. A phone holds the whole file in memory
/// (twice, while it is handed to the worker), so these bound what a file
/// can make it allocate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileLimits {
    pub max_file: usize,
    pub max_entries: usize,
    /// One sealed entry (a document's snapshot, or a recording).
    pub max_entry: usize,
}

impl FileLimits {
    pub const DEFAULT: FileLimits = FileLimits {
        max_file: heard_core::worker_api::MAX_SYNC_FILE_BYTES,
        max_entries: 200_000,
        max_entry: 16 << 20,
    };
}

/// Why bytes are not a sync file this device can read. Each refuses the
/// whole file; an entry that does not open is set aside on its own instead
/// ([`super::FileSetAside`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// It does not start as a sync file does.
    NotASyncFile,
    /// Written by a newer version of the app.
    Newer { version: u8 },
    /// It ends before a part it announces (cut short while being copied).
    Truncated { needed: usize, had: usize },
    /// A length or count over [`FileLimits`].
    TooLarge {
        what: &'static str,
        len: usize,
        max: usize,
    },
    /// Bytes after the last entry the manifest lists.
    TrailingBytes { count: usize },
    /// The file is of another project than the one asked for.
    OtherProject { project: ProjectId },
    /// The manifest does not open with the project's keys: the file was
    /// changed, or made with another secret.
    Forged,
    /// The manifest opens but does not read: only a device holding the
    /// project's keys could make that.
    BadManifest,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::NotASyncFile => f.write_str("this is not a sync file"),
            FileError::Newer { version } => {
                write!(
                    f,
                    "the sync file is of version {version}, newer than this app"
                )
            }
            FileError::Truncated { needed, had } => {
                write!(
                    f,
                    "the sync file is cut short: {needed} bytes needed, {had} left"
                )
            }
            FileError::TooLarge { what, len, max } => {
                write!(f, "the sync file's {what} is too large: {len} over {max}")
            }
            FileError::TrailingBytes { count } => {
                write!(f, "{count} bytes follow the sync file's last entry")
            }
            FileError::OtherProject { .. } => f.write_str("the sync file is of another project"),
            FileError::Forged => f.write_str("the sync file does not authenticate"),
            FileError::BadManifest => f.write_str("the sync file's list of entries does not read"),
        }
    }
}

impl std::error::Error for FileError {}

/// One document's entry: what it is, and its sealed bytes (opened only
/// when imported).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    pub doc: DocId,
    pub kind: BlobKind,
    pub sealed: Vec<u8>,
}

/// One recording of a document, sealed as the relay gets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRecording {
    pub doc: DocId,
    pub sealed: Vec<u8>,
}

/// A sync file, read: its project, its entries and its recordings, none
/// opened yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncFile {
    pub project: ProjectId,
    pub entries: Vec<FileEntry>,
    pub recordings: Vec<FileRecording>,
}

/// Takes bytes off the front of a slice, naming what is missing.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], FileError> {
        if self.rest.len() < n {
            return Err(FileError::Truncated {
                needed: n,
                had: self.rest.len(),
            });
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn u32(&mut self) -> Result<usize, FileError> {
        let bytes: [u8; 4] = self
            .take(4)?
            .try_into()
            .map_err(|_| FileError::BadManifest)?;
        Ok(u32::from_le_bytes(bytes) as usize)
    }

    /// A length-prefixed part, its length checked before it is taken.
    fn part(&mut self, what: &'static str, max: usize) -> Result<&'a [u8], FileError> {
        let len = self.u32()?;
        if len > max {
            return Err(FileError::TooLarge { what, len, max });
        }
        self.take(len)
    }
}

impl SyncFile {
    /// The project a file is of, from its header alone: which project's
    /// keys are needed to read the rest.
    pub fn project_of(bytes: &[u8]) -> Result<ProjectId, FileError> {
        let mut reader = Reader { rest: bytes };
        if bytes.len() < MAGIC.len() || reader.take(MAGIC.len())? != MAGIC {
            return Err(FileError::NotASyncFile);
        }
        let version = reader.take(1)?[0];
        match version {
            1 | VERSION => {}
            0 => return Err(FileError::NotASyncFile),
            newer => return Err(FileError::Newer { version: newer }),
        }
        let project: [u8; 16] = reader
            .take(16)?
            .try_into()
            .map_err(|_| FileError::NotASyncFile)?;
        Ok(ProjectId(project))
    }

    /// Writes the file, sealing its manifest with `keys`.
    pub fn encode(&self, keys: &Keys) -> Vec<u8> {
        let count = self.entries.len() + self.recordings.len();
        let mut lines = Vec::with_capacity(4 + LINE * count);
        lines.extend_from_slice(&(count as u32).to_le_bytes());
        for entry in &self.entries {
            lines.extend_from_slice(&entry.doc.to_bytes());
            lines.push(entry.kind.to_byte());
        }
        for recording in &self.recordings {
            lines.extend_from_slice(&recording.doc.to_bytes());
            lines.push(RECORDING);
        }
        let manifest = keys.seal(&manifest_doc(), BlobKind::Snapshot, &lines).bytes;
        let size = HEADER
            + 4
            + manifest.len()
            + self
                .entries
                .iter()
                .map(|e| 4 + e.sealed.len())
                .chain(self.recordings.iter().map(|r| 4 + r.sealed.len()))
                .sum::<usize>();
        let mut out = Vec::with_capacity(size);
        out.extend_from_slice(&MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&self.project.0);
        let parts = std::iter::once(&manifest)
            .chain(self.entries.iter().map(|e| &e.sealed))
            .chain(self.recordings.iter().map(|r| &r.sealed));
        for part in parts {
            out.extend_from_slice(&(part.len() as u32).to_le_bytes());
            out.extend_from_slice(part);
        }
        out
    }

    /// Reads a file of `project` with its keys. The entries are checked
    /// against the manifest but not opened.
    pub fn decode(
        bytes: &[u8],
        project: ProjectId,
        keys: &Keys,
        limits: &FileLimits,
    ) -> Result<SyncFile, FileError> {
        if bytes.len() > limits.max_file {
            return Err(FileError::TooLarge {
                what: "size",
                len: bytes.len(),
                max: limits.max_file,
            });
        }
        let found = SyncFile::project_of(bytes)?;
        if found != project {
            return Err(FileError::OtherProject { project: found });
        }
        let mut reader = Reader {
            rest: &bytes[HEADER..],
        };
        let max_manifest = limits.max_entries.saturating_mul(LINE).saturating_add(4096);
        let sealed = reader.part("list of entries", max_manifest)?;
        let lines = match keys.open_for(&manifest_doc(), BlobKind::Snapshot, sealed) {
            Ok(lines) => lines,
            Err(
                heard_core::sync::OpenError::Forged | heard_core::sync::OpenError::TooShort { .. },
            ) => {
                return Err(FileError::Forged);
            }
            Err(_) => return Err(FileError::BadManifest),
        };
        let mut manifest = Reader { rest: &lines };
        let count = manifest.u32().map_err(|_| FileError::BadManifest)?;
        if count > limits.max_entries {
            return Err(FileError::TooLarge {
                what: "number of entries",
                len: count,
                max: limits.max_entries,
            });
        }
        if manifest.rest.len() != count * LINE {
            return Err(FileError::BadManifest);
        }
        let mut entries = Vec::with_capacity(count);
        let mut recordings = Vec::new();
        for line in manifest.rest.chunks_exact(LINE) {
            let doc: [u8; 16] = line[..16].try_into().map_err(|_| FileError::BadManifest)?;
            let doc = DocId::from_random(doc);
            // The kind is checked before the entry's bytes are taken.
            let kind = match line[16] {
                RECORDING => None,
                byte => Some(BlobKind::from_byte(byte).ok_or(FileError::BadManifest)?),
            };
            let sealed = reader.part("entry", limits.max_entry)?.to_vec();
            match kind {
                Some(kind) => entries.push(FileEntry { doc, kind, sealed }),
                None => recordings.push(FileRecording { doc, sealed }),
            }
        }
        if !reader.rest.is_empty() {
            return Err(FileError::TrailingBytes {
                count: reader.rest.len(),
            });
        }
        Ok(SyncFile {
            project,
            entries,
            recordings,
        })
    }
}
