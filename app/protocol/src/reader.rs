//! Reading a frame's body: bounds-checked, limit-checked, never panicking.

use crate::blob::{Blob, BlobKind};
use crate::error::DecodeError;
use crate::ids::Tag;
use crate::limits::Limits;

/// A cursor over one frame. Every read checks that the bytes are there, and
/// every length is compared with its limit before anything is allocated for it.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    pub(crate) limits: &'a Limits,
}

impl<'a> Reader<'a> {
    /// Checks the frame's size, version and presence of a kind, and returns
    /// the kind byte with a reader over the body.
    pub(crate) fn open(
        bytes: &'a [u8],
        limits: &'a Limits,
    ) -> Result<(u8, Reader<'a>), DecodeError> {
        if bytes.is_empty() {
            return Err(DecodeError::Empty);
        }
        if bytes.len() > limits.max_frame as usize {
            return Err(DecodeError::TooLong {
                what: "frame",
                len: bytes.len(),
                max: limits.max_frame as usize,
            });
        }
        let mut reader = Reader {
            rest: bytes,
            limits,
        };
        let version = reader.u8()?;
        if version != crate::VERSION {
            return Err(DecodeError::WrongVersion { got: version });
        }
        let kind = reader.u8()?;
        Ok((kind, reader))
    }

    fn take(&mut self, needed: usize) -> Result<&'a [u8], DecodeError> {
        if self.rest.len() < needed {
            return Err(DecodeError::Truncated {
                needed,
                had: self.rest.len(),
            });
        }
        let (taken, rest) = self.rest.split_at(needed);
        self.rest = rest;
        Ok(taken)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A presence or yes/no byte: only 0 and 1 are allowed, so every value has
    /// exactly one encoding.
    pub(crate) fn flag(&mut self, what: &'static str) -> Result<bool, DecodeError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(DecodeError::BadValue { what }),
        }
    }

    /// A `u32`-length byte string of at most `max` bytes.
    pub(crate) fn bytes(&mut self, what: &'static str, max: u32) -> Result<Vec<u8>, DecodeError> {
        let len = self.u32()? as usize;
        if len > max as usize {
            return Err(DecodeError::TooLong {
                what,
                len,
                max: max as usize,
            });
        }
        // `take` fails before `to_vec` if the bytes are not there, so the
        // allocation is never larger than the frame that arrived.
        Ok(self.take(len)?.to_vec())
    }

    /// A `u32` item count of at most `max`. Callers push items one at a time
    /// rather than reserving `count`, so memory follows the bytes actually read.
    pub(crate) fn count(&mut self, what: &'static str, max: u32) -> Result<usize, DecodeError> {
        let count = self.u32()? as usize;
        if count > max as usize {
            return Err(DecodeError::TooLong {
                what,
                len: count,
                max: max as usize,
            });
        }
        Ok(count)
    }

    pub(crate) fn tag(&mut self) -> Result<Tag, DecodeError> {
        Ok(Tag(self.array()?))
    }

    pub(crate) fn blob_kind(&mut self) -> Result<BlobKind, DecodeError> {
        BlobKind::from_byte(self.u8()?).ok_or(DecodeError::BadValue { what: "blob kind" })
    }

    pub(crate) fn blob(&mut self) -> Result<Blob, DecodeError> {
        Ok(Blob {
            tag: self.tag()?,
            kind: self.blob_kind()?,
            bytes: self.bytes("blob", self.limits.max_blob)?,
        })
    }

    /// Ends the frame: anything left over means the sender and receiver do not
    /// agree on the layout, which is never safe to ignore.
    pub(crate) fn finish(self) -> Result<(), DecodeError> {
        match self.rest.len() {
            0 => Ok(()),
            count => Err(DecodeError::TrailingBytes { count }),
        }
    }
}
