//! The wire format between devices and the relay (see `docs/sync-protocol.md`).
//!
//! Every frame is one binary WebSocket message: a version byte, a kind byte and a
//! body of fixed-width little-endian integers, `u32`-length byte strings and
//! `u32`-count lists. Device-to-relay frames are [`ClientFrame`]s, relay-to-device
//! frames are [`RelayFrame`]s; their kind bytes come from disjoint ranges, so a frame
//! sent the wrong way decodes to [`DecodeError::UnknownKind`].
//!
//! Invariant: this crate does no IO, draws no randomness and knows nothing of
//! automerge or of what a blob holds; the relay and devices share it unchanged.
//! Decoding never panics and checks every length against [`Limits`] before it
//! allocates anything for it.

mod auth;
mod blob;
mod client;
mod error;
mod ids;
mod limits;
mod reader;
mod refusal;
mod relay;
mod writer;

pub use auth::{AUTH_CONTEXT, auth_message, verify};
pub use blob::{Blob, BlobKind, Entry};
pub use client::ClientFrame;
pub use error::DecodeError;
pub use ids::{BlobId, LogId, Nonce, ProjectId, Signature, Tag, Verifier};
pub use limits::Limits;
pub use refusal::Refusal;
pub use relay::RelayFrame;

/// The version byte that starts every frame. A relay that meets another version
/// refuses the frame rather than guessing at its layout.
pub const VERSION: u8 = 1;
