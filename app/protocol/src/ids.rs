//! The fixed-size identifiers on the wire: projects, document tags and blob ids.

use std::fmt;

use sha2::{Digest, Sha256};

/// An Ed25519 public key: the only thing the relay keeps to authenticate a project.
pub type Verifier = [u8; 32];
/// An Ed25519 signature over [`crate::auth_message`].
pub type Signature = [u8; 64];
/// The relay's fresh challenge for one connection.
pub type Nonce = [u8; 32];
/// Names one life of a relay's log: random when the log is made, new again
/// when it is restored from a backup.
pub type LogId = [u8; 16];

/// Writes bytes as lower-case hex, for `Debug` and `Display`.
fn hex(bytes: &[u8], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
}

/// Names a project on the relay: 16 random bytes chosen by the device that
/// created it. Knowing it grants nothing; the project secret does.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProjectId(pub [u8; 16]);

/// An opaque per-document label: a keyed hash of the document id, so the relay
/// can group and erase one document's blobs without learning which document it is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag(pub [u8; 16]);

/// SHA-256 of a blob's ciphertext. The relay computes it itself, so a device can
/// never make two different blobs share an id.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlobId(pub [u8; 32]);

impl BlobId {
    /// The id of these ciphertext bytes.
    pub fn of(ciphertext: &[u8]) -> BlobId {
        BlobId(Sha256::digest(ciphertext).into())
    }
}

macro_rules! hex_formatting {
    ($($name:ident),*) => {$(
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "("))?;
                hex(&self.0, f)?;
                f.write_str(")")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                hex(&self.0, f)
            }
        }
    )*};
}

hex_formatting!(ProjectId, Tag, BlobId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_id_is_the_sha256_of_the_ciphertext() {
        // The SHA-256 of "abc" from FIPS 180-2.
        assert_eq!(
            BlobId::of(b"abc").to_string(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn ids_print_as_hex() {
        assert_eq!(
            format!("{:?}", Tag([0xab; 16])),
            format!("Tag({})", "ab".repeat(16))
        );
        assert_eq!(ProjectId([1; 16]).to_string(), "01".repeat(16));
    }
}
