//! Frames the relay sends to a device.

use crate::blob::Entry;
use crate::error::DecodeError;
use crate::ids::{BlobId, LogId, Nonce};
use crate::limits::Limits;
use crate::reader::Reader;
use crate::refusal::Refusal;
use crate::writer::Writer;

/// A frame from the relay to a device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelayFrame {
    /// The answer to a hello: sign this nonce; these are the relay's limits.
    Challenge { nonce: Nonce, limits: Limits },
    /// The signature checked out; `head` is the project's latest sequence
    /// number, and `log` names the relay's log: it changes when the log was
    /// restored from a backup, so a device knows to send again what the
    /// relay may have lost and to read the log from its start.
    Welcome { head: u64, log: LogId },
    /// The answer to a push (one sequence number per blob, in order), a compact
    /// or an erase (one number: the stored snapshot's or tombstone's). Sent only
    /// once everything in it is durable.
    Acked { request: u32, seqs: Vec<u64> },
    /// The answer to a pull, in sequence order; `more` says the log goes on.
    Batch {
        request: u32,
        entries: Vec<Entry>,
        more: bool,
    },
    /// Something new was committed to the project's log, sent unasked to
    /// every connected device of the project.
    Notify { head: u64 },
    /// The answer to a put of media, once it is durable.
    MediaStored { request: u32, id: BlobId },
    /// The answer to a get of media; `None` if the relay does not hold it
    /// (never stored, or erased with its document).
    Media {
        request: u32,
        id: BlobId,
        bytes: Option<Vec<u8>>,
    },
    /// The request (or, with no number, the connection) was refused.
    Refused {
        request: Option<u32>,
        reason: Refusal,
    },
}

const CHALLENGE: u8 = 0x81;
const WELCOME: u8 = 0x82;
const ACKED: u8 = 0x83;
const BATCH: u8 = 0x84;
const NOTIFY: u8 = 0x85;
const MEDIA_STORED: u8 = 0x86;
const MEDIA: u8 = 0x87;
const REFUSED: u8 = 0x88;

impl RelayFrame {
    /// The bytes a batch takes besides its entries (version, kind, request,
    /// count, more), so the relay can fill one up to the frame limit with
    /// [`Entry::encoded_len`].
    pub const BATCH_OVERHEAD: usize = 2 + 4 + 4 + 1;

    pub fn encode(&self) -> Vec<u8> {
        match self {
            RelayFrame::Challenge { nonce, limits } => Writer::new(CHALLENGE)
                .raw(nonce)
                .u32(limits.max_frame)
                .u32(limits.max_blob)
                .u32(limits.max_batch)
                .u32(limits.max_connections_per_project)
                .finish(),
            RelayFrame::Welcome { head, log } => Writer::new(WELCOME).u64(*head).raw(log).finish(),
            RelayFrame::Acked { request, seqs } => {
                let mut w = Writer::new(ACKED);
                w.u32(*request).length(seqs.len());
                seqs.iter().for_each(|seq| {
                    w.u64(*seq);
                });
                w.finish()
            }
            RelayFrame::Batch {
                request,
                entries,
                more,
            } => {
                let mut w = Writer::new(BATCH);
                w.u32(*request).length(entries.len());
                for entry in entries {
                    w.u64(entry.seq)
                        .raw(&entry.tag.0)
                        .u8(entry.kind.to_byte())
                        .raw(&entry.id.0)
                        .bytes(&entry.bytes);
                }
                w.flag(*more).finish()
            }
            RelayFrame::Notify { head } => Writer::new(NOTIFY).u64(*head).finish(),
            RelayFrame::MediaStored { request, id } => {
                Writer::new(MEDIA_STORED).u32(*request).raw(&id.0).finish()
            }
            RelayFrame::Media { request, id, bytes } => {
                let mut w = Writer::new(MEDIA);
                w.u32(*request).raw(&id.0).flag(bytes.is_some());
                if let Some(bytes) = bytes {
                    w.bytes(bytes);
                }
                w.finish()
            }
            RelayFrame::Refused { request, reason } => {
                let mut w = Writer::new(REFUSED);
                w.flag(request.is_some());
                if let Some(request) = request {
                    w.u32(*request);
                }
                w.u8(reason.to_byte()).finish()
            }
        }
    }

    /// Decodes one whole frame, checking every length against `limits` first.
    /// A device decodes the challenge with its own defaults and later frames
    /// with the limits the challenge announced.
    pub fn decode(bytes: &[u8], limits: &Limits) -> Result<RelayFrame, DecodeError> {
        let (kind, mut r) = Reader::open(bytes, limits)?;
        let frame = match kind {
            CHALLENGE => RelayFrame::Challenge {
                nonce: r.array()?,
                limits: Limits {
                    max_frame: r.u32()?,
                    max_blob: r.u32()?,
                    max_batch: r.u32()?,
                    max_connections_per_project: r.u32()?,
                },
            },
            WELCOME => RelayFrame::Welcome {
                head: r.u64()?,
                log: r.array()?,
            },
            ACKED => {
                let request = r.u32()?;
                let count = r.count("seqs", limits.max_batch)?;
                let mut seqs = Vec::new();
                for _ in 0..count {
                    seqs.push(r.u64()?);
                }
                RelayFrame::Acked { request, seqs }
            }
            BATCH => {
                let request = r.u32()?;
                let count = r.count("entries", limits.max_batch)?;
                let mut entries = Vec::new();
                for _ in 0..count {
                    entries.push(Entry {
                        seq: r.u64()?,
                        tag: r.tag()?,
                        kind: r.blob_kind()?,
                        id: BlobId(r.array()?),
                        bytes: r.bytes("entry", limits.max_blob)?,
                    });
                }
                RelayFrame::Batch {
                    request,
                    entries,
                    more: r.flag("more flag")?,
                }
            }
            NOTIFY => RelayFrame::Notify { head: r.u64()? },
            MEDIA_STORED => RelayFrame::MediaStored {
                request: r.u32()?,
                id: BlobId(r.array()?),
            },
            MEDIA => RelayFrame::Media {
                request: r.u32()?,
                id: BlobId(r.array()?),
                bytes: match r.flag("media flag")? {
                    true => Some(r.bytes("media", limits.max_frame)?),
                    false => None,
                },
            },
            REFUSED => RelayFrame::Refused {
                request: match r.flag("request flag")? {
                    true => Some(r.u32()?),
                    false => None,
                },
                reason: Refusal::from_byte(r.u8()?)
                    .ok_or(DecodeError::BadValue { what: "refusal" })?,
            },
            kind => return Err(DecodeError::UnknownKind { kind }),
        };
        r.finish()?;
        Ok(frame)
    }
}
