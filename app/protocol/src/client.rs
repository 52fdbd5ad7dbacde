//! Frames a device sends to the relay.

use crate::blob::{Blob, BlobKind};
use crate::error::DecodeError;
use crate::ids::{BlobId, ProjectId, Signature, Tag, Verifier};
use crate::limits::Limits;
use crate::reader::Reader;
use crate::writer::Writer;

/// A frame from a device to the relay. `request` numbers are the device's own;
/// the relay echoes them in its answer so a device can match answers to requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientFrame {
    /// First frame on a connection. `register` creates the project with this
    /// verifier if it does not exist yet (only once the signature checks out).
    Hello {
        project: ProjectId,
        register: Option<Verifier>,
    },
    /// The answer to the relay's challenge: a signature over [`crate::auth_message`].
    Auth { signature: Signature },
    /// Appends blobs to the project's log. Pushing a blob already stored is
    /// harmless: it is answered with its existing sequence number.
    Push { request: u32, blobs: Vec<Blob> },
    /// Asks for at most `max` entries with a sequence number above `after`.
    Pull { request: u32, after: u64, max: u32 },
    /// A snapshot of one document that covers its log up to `covers`; the relay
    /// drops that tag's older entries. `blob` has the frame's tag and is a snapshot.
    Compact {
        request: u32,
        tag: Tag,
        covers: u64,
        blob: Blob,
    },
    /// Deletes every entry and recording of `tag` and keeps only `tombstone`:
    /// a tombstone for an erased document, or a snapshot for one rewritten into
    /// a fresh history. `tombstone` has the frame's tag.
    Erase {
        request: u32,
        tag: Tag,
        tombstone: Blob,
    },
    /// Stores one sealed recording of the document `tag`.
    PutMedia {
        request: u32,
        tag: Tag,
        bytes: Vec<u8>,
    },
    /// Fetches one sealed recording by id.
    GetMedia { request: u32, id: BlobId },
}

const HELLO: u8 = 0x01;
const AUTH: u8 = 0x02;
const PUSH: u8 = 0x03;
const PULL: u8 = 0x04;
const COMPACT: u8 = 0x05;
const ERASE: u8 = 0x06;
const PUT_MEDIA: u8 = 0x07;
const GET_MEDIA: u8 = 0x08;

impl ClientFrame {
    pub fn encode(&self) -> Vec<u8> {
        match self {
            ClientFrame::Hello { project, register } => {
                let mut w = Writer::new(HELLO);
                w.raw(&project.0).flag(register.is_some());
                if let Some(verifier) = register {
                    w.raw(verifier);
                }
                w.finish()
            }
            ClientFrame::Auth { signature } => Writer::new(AUTH).raw(signature).finish(),
            ClientFrame::Push { request, blobs } => {
                let mut w = Writer::new(PUSH);
                w.u32(*request).length(blobs.len());
                blobs.iter().for_each(|blob| {
                    w.blob(blob);
                });
                w.finish()
            }
            ClientFrame::Pull {
                request,
                after,
                max,
            } => Writer::new(PULL)
                .u32(*request)
                .u64(*after)
                .u32(*max)
                .finish(),
            ClientFrame::Compact {
                request,
                tag,
                covers,
                blob,
            } => Writer::new(COMPACT)
                .u32(*request)
                .raw(&tag.0)
                .u64(*covers)
                .blob(blob)
                .finish(),
            ClientFrame::Erase {
                request,
                tag,
                tombstone,
            } => Writer::new(ERASE)
                .u32(*request)
                .raw(&tag.0)
                .blob(tombstone)
                .finish(),
            ClientFrame::PutMedia {
                request,
                tag,
                bytes,
            } => Writer::new(PUT_MEDIA)
                .u32(*request)
                .raw(&tag.0)
                .bytes(bytes)
                .finish(),
            ClientFrame::GetMedia { request, id } => {
                Writer::new(GET_MEDIA).u32(*request).raw(&id.0).finish()
            }
        }
    }

    /// Decodes one whole frame, checking every length against `limits` first.
    pub fn decode(bytes: &[u8], limits: &Limits) -> Result<ClientFrame, DecodeError> {
        let (kind, mut r) = Reader::open(bytes, limits)?;
        let frame = match kind {
            HELLO => ClientFrame::Hello {
                project: ProjectId(r.array()?),
                register: match r.flag("register flag")? {
                    true => Some(r.array()?),
                    false => None,
                },
            },
            AUTH => ClientFrame::Auth {
                signature: r.array()?,
            },
            PUSH => {
                let request = r.u32()?;
                let count = r.count("blobs", limits.max_batch)?;
                let mut blobs = Vec::new();
                for _ in 0..count {
                    blobs.push(r.blob()?);
                }
                ClientFrame::Push { request, blobs }
            }
            PULL => ClientFrame::Pull {
                request: r.u32()?,
                after: r.u64()?,
                max: r.u32()?,
            },
            COMPACT => {
                let request = r.u32()?;
                let tag = r.tag()?;
                let covers = r.u64()?;
                let blob = r.blob()?;
                // The frame's tag is what the relay acts on; a blob of another
                // document or kind under it would let one document's snapshot
                // wipe another's log.
                if blob.tag != tag {
                    return Err(DecodeError::BadValue {
                        what: "compact blob tag",
                    });
                }
                if blob.kind != BlobKind::Snapshot {
                    return Err(DecodeError::BadValue {
                        what: "compact blob kind",
                    });
                }
                ClientFrame::Compact {
                    request,
                    tag,
                    covers,
                    blob,
                }
            }
            ERASE => {
                let request = r.u32()?;
                let tag = r.tag()?;
                let tombstone = r.blob()?;
                if tombstone.tag != tag {
                    return Err(DecodeError::BadValue {
                        what: "erase blob tag",
                    });
                }
                // A change batch cannot stand for a whole document, so it can
                // neither mark an erasure nor replace a history.
                if tombstone.kind == BlobKind::Changes {
                    return Err(DecodeError::BadValue {
                        what: "erase blob kind",
                    });
                }
                ClientFrame::Erase {
                    request,
                    tag,
                    tombstone,
                }
            }
            PUT_MEDIA => ClientFrame::PutMedia {
                request: r.u32()?,
                tag: r.tag()?,
                bytes: r.bytes("media", limits.max_frame)?,
            },
            GET_MEDIA => ClientFrame::GetMedia {
                request: r.u32()?,
                id: BlobId(r.array()?),
            },
            kind => return Err(DecodeError::UnknownKind { kind }),
        };
        r.finish()?;
        Ok(frame)
    }
}
