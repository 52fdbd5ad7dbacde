//! Writing a frame: the mirror of the reader, one method per wire type.

use crate::blob::Blob;

/// Builds one frame. Encoding does not check limits: a sender sizes its frames
/// from the limits it was told, and the receiver's decoder is the check.
pub(crate) struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn new(kind: u8) -> Writer {
        Writer {
            bytes: vec![crate::VERSION, kind],
        }
    }

    pub(crate) fn u8(&mut self, value: u8) -> &mut Writer {
        self.bytes.push(value);
        self
    }

    pub(crate) fn u32(&mut self, value: u32) -> &mut Writer {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub(crate) fn u64(&mut self, value: u64) -> &mut Writer {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub(crate) fn raw(&mut self, bytes: &[u8]) -> &mut Writer {
        self.bytes.extend_from_slice(bytes);
        self
    }

    pub(crate) fn flag(&mut self, value: bool) -> &mut Writer {
        self.u8(u8::from(value))
    }

    /// A count or length on the wire. Nothing a device or relay holds comes
    /// near 4 GiB (frames are limited to a few MiB), so overflow is a bug.
    pub(crate) fn length(&mut self, len: usize) -> &mut Writer {
        self.u32(u32::try_from(len).expect("no frame part is 4 GiB long"))
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> &mut Writer {
        self.length(bytes.len()).raw(bytes)
    }

    pub(crate) fn blob(&mut self, blob: &Blob) -> &mut Writer {
        self.raw(&blob.tag.0)
            .u8(blob.kind.to_byte())
            .bytes(&blob.bytes)
    }

    pub(crate) fn finish(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }
}
