//! Why a frame could not be decoded.

/// Why bytes are not a frame. Each case names the first thing that was wrong,
/// so a table test can hold the decoder to one exact error per malformed input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the frame is empty")]
    Empty,
    #[error("protocol version {got} is not spoken here (only {})", crate::VERSION)]
    WrongVersion { got: u8 },
    #[error("unknown frame kind {kind:#04x}")]
    UnknownKind { kind: u8 },
    #[error("the frame ended early: {needed} more bytes needed, {had} left")]
    Truncated { needed: usize, had: usize },
    #[error("{what} of {len} is more than the limit of {max}")]
    TooLong {
        what: &'static str,
        len: usize,
        max: usize,
    },
    #[error("{count} bytes left over after the frame")]
    TrailingBytes { count: usize },
    #[error("{what} has a value this version does not allow")]
    BadValue { what: &'static str },
}
