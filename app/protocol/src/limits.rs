//! The sizes a relay accepts, announced to every device in its challenge.

/// What a relay accepts. Decoding checks every length against these before
/// allocating for it, so an attacker's length field costs nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest whole frame in bytes. Also bounds media, which travels one
    /// recording per frame (an audio note is at most 3 MiB before sealing).
    pub max_frame: u32,
    /// Largest sealed document blob (a batch of changes, a snapshot or a tombstone).
    pub max_blob: u32,
    /// Most blobs in one push and most entries in one batch.
    pub max_batch: u32,
    /// Most devices of one project connected at once.
    pub max_connections_per_project: u32,
}

impl Limits {
    /// The relay's defaults.
    pub const RELAY: Limits = Limits {
        max_frame: 4 * 1024 * 1024,
        max_blob: 1024 * 1024,
        max_batch: 256,
        max_connections_per_project: 64,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::RELAY
    }
}
