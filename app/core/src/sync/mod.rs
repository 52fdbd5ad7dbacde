//! Device-side sync crypto: keys from the project secret, document tags, padding,
//! sealing blobs and reading invite links.
//!
//! A blob is made in three steps, each in its own file: the [`Plaintext`] (format
//! version, document id, payload) is encoded, padded with PADMÉ ([`pad`]) so its
//! length says little about its content, then sealed with XChaCha20-Poly1305
//! ([`seal`]) under the project's blob key, with the project, the document's
//! [`Tag`](heard_protocol::Tag) and the blob kind as associated data.
//!
//! Invariant: nothing here draws randomness or reads a clock. The caller passes
//! every nonce and secret in, so the same code runs natively and in wasm, and
//! tests are deterministic.

pub mod idempotent;
pub mod invite;
pub mod keys;
pub mod pad;
pub mod plaintext;
pub mod seal;
pub mod tag;

pub use invite::{Invite, InviteError, InvitePart};
pub use keys::{ProjectKeys, ProjectSecret};
pub use pad::UnpadError;
pub use plaintext::{Plaintext, PlaintextError};
pub use seal::{OpenError, SealNonce};
