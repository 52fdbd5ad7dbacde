//! Sealing a blob with XChaCha20-Poly1305, bound to its project, document and kind.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use heard_protocol::{Blob, BlobKind, ProjectId, Tag};

use super::keys::ProjectKeys;
use super::pad::{UnpadError, pad, unpad};
use super::plaintext::{Plaintext, PlaintextError};

/// 24 random bytes from the caller, one fresh set per blob. XChaCha's nonce is
/// long enough that random nonces never collide in practice, which is what lets
/// many devices seal under one key with no counter to coordinate.
pub type SealNonce = [u8; 24];

const NONCE_LEN: usize = 24;
const AUTH_TAG_LEN: usize = 16;

/// What sealing adds to the padded content: the nonce in front, the
/// Poly1305 tag behind.
pub const SEAL_OVERHEAD: usize = NONCE_LEN + AUTH_TAG_LEN;

/// The kind byte bound into a recording's associated data. Recordings have no
/// [`BlobKind`] on the wire; a byte none of the kinds use keeps a recording from
/// being opened as a document blob and the other way round.
pub(super) const MEDIA_KIND: u8 = 0x4d;

/// Why a sealed blob did not open. Any of these means the blob is set aside and
/// reported by document; none of them stops the rest of a sync.
#[derive(Debug, PartialEq, Eq)]
pub enum OpenError {
    /// Shorter than a nonce and an authentication tag.
    TooShort { len: usize },
    /// Authentication failed: another project's key, a changed byte, or a blob
    /// moved to another document, project or kind.
    Forged,
    /// It authenticated, but its padding is malformed.
    Padding(UnpadError),
    /// It authenticated, but its content is malformed or from a newer version.
    Content(PlaintextError),
    /// It authenticated under one document's tag but names another document:
    /// only a device of the project could have made it.
    WrongDocument,
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::TooShort { len } => write!(f, "{len} bytes are too few for a sealed blob"),
            OpenError::Forged => f.write_str("the blob does not authenticate"),
            OpenError::Padding(error) => write!(f, "the blob's padding is malformed: {error}"),
            OpenError::Content(error) => write!(f, "the blob's content is malformed: {error}"),
            OpenError::WrongDocument => f.write_str("the blob names another document"),
        }
    }
}

impl std::error::Error for OpenError {}

/// The associated data: project id, tag and kind byte. They are not secret (the
/// relay sees them) but they are authenticated, so a relay that files a blob
/// under another document, project or kind makes it fail to open.
fn associated_data(project: &ProjectId, tag: &Tag, kind: u8) -> [u8; 33] {
    let mut ad = [0; 33];
    ad[..16].copy_from_slice(&project.0);
    ad[16..32].copy_from_slice(&tag.0);
    ad[32] = kind;
    ad
}

/// Nonce || ciphertext || tag.
fn seal_bytes(key: &[u8; 32], ad: &[u8], content: &[u8], nonce: &SealNonce) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(&(*key).into());
    let sealed = cipher
        .encrypt(
            &XNonce::from(*nonce),
            Payload {
                msg: content,
                aad: ad,
            },
        )
        .expect("XChaCha20-Poly1305 seals anything below 256 GiB");
    [&nonce[..], &sealed].concat()
}

fn open_bytes(key: &[u8; 32], ad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
    if sealed.len() < SEAL_OVERHEAD {
        return Err(OpenError::TooShort { len: sealed.len() });
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().expect("split at the nonce length");
    XChaCha20Poly1305::new(&(*key).into())
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: ciphertext,
                aad: ad,
            },
        )
        .map_err(|_| OpenError::Forged)
}

impl ProjectKeys {
    /// Seals a document blob: encodes, pads and encrypts the plaintext under the
    /// tag of its own document.
    pub fn seal_blob(&self, kind: BlobKind, plaintext: &Plaintext, nonce: &SealNonce) -> Blob {
        let tag = self.tag(&plaintext.doc);
        Blob {
            tag,
            kind,
            bytes: self.seal_as(tag, kind.to_byte(), plaintext, nonce),
        }
    }

    /// Opens a blob from the log (an [`heard_protocol::Entry`]'s tag, kind and
    /// bytes), and checks that it names the document its tag stands for.
    pub fn open_blob(
        &self,
        tag: Tag,
        kind: BlobKind,
        sealed: &[u8],
    ) -> Result<Plaintext, OpenError> {
        self.open_as(tag, kind.to_byte(), sealed)
    }

    /// Seals a recording of a document. It is filed under the document's tag,
    /// so erasing the document on the relay erases its recordings too.
    pub fn seal_media(&self, plaintext: &Plaintext, nonce: &SealNonce) -> (Tag, Vec<u8>) {
        let tag = self.tag(&plaintext.doc);
        (tag, self.seal_as(tag, MEDIA_KIND, plaintext, nonce))
    }

    pub fn open_media(&self, tag: Tag, sealed: &[u8]) -> Result<Plaintext, OpenError> {
        self.open_as(tag, MEDIA_KIND, sealed)
    }

    fn seal_as(&self, tag: Tag, kind: u8, plaintext: &Plaintext, nonce: &SealNonce) -> Vec<u8> {
        let ad = associated_data(&self.project(), &tag, kind);
        seal_bytes(&self.blob_key, &ad, &pad(&plaintext.encode()), nonce)
    }

    fn open_as(&self, tag: Tag, kind: u8, sealed: &[u8]) -> Result<Plaintext, OpenError> {
        let ad = associated_data(&self.project(), &tag, kind);
        let padded = open_bytes(&self.blob_key, &ad, sealed)?;
        let content = unpad(&padded).map_err(OpenError::Padding)?;
        let plaintext = Plaintext::decode(content).map_err(OpenError::Content)?;
        if self.tag(&plaintext.doc) != tag {
            return Err(OpenError::WrongDocument);
        }
        Ok(plaintext)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::DocId;
    use crate::sync::ProjectSecret;
    use crate::sync::pad::padme;

    const PROJECT: ProjectId = ProjectId([1; 16]);
    const NONCE: SealNonce = [0x24; 24];

    fn keys() -> ProjectKeys {
        ProjectKeys::derive(PROJECT, &ProjectSecret::from_random([2; 32]))
    }

    fn answer(payload: &[u8]) -> Plaintext {
        Plaintext {
            doc: DocId::from_random([0x11; 16]),
            payload: payload.to_vec(),
        }
    }

    fn unhex(hex: &str) -> Vec<u8> {
        let hex: Vec<u8> = hex.bytes().filter(u8::is_ascii_hexdigit).collect();
        hex.chunks(2)
            .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
            .collect()
    }

    /// The test vector of draft-irtf-cfrg-xchacha-03, appendix A.3.1, with the
    /// nonce in front as this module stores it.
    #[test]
    fn sealing_matches_the_xchacha20_poly1305_test_vector() {
        let key: [u8; 32] = std::array::from_fn(|i| 0x80 + i as u8);
        let nonce: SealNonce = std::array::from_fn(|i| 0x40 + i as u8);
        let ad = unhex("50515253c0c1c2c3c4c5c6c7");
        let message = b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
        let expected = unhex(
            "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb
             731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452
             2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9
             21f9664c97637da9768812f615c68b13b52e
             c0875924c1c7987947deafd8780acf49",
        );
        let sealed = seal_bytes(&key, &ad, message, &nonce);
        assert_eq!(sealed[..24], nonce);
        assert_eq!(sealed[24..], expected);
        assert_eq!(open_bytes(&key, &ad, &sealed).as_deref(), Ok(&message[..]));
    }

    #[test]
    fn a_sealed_blob_opens_to_its_plaintext() {
        let keys = keys();
        let plaintext = answer(b"an automerge change");
        let blob = keys.seal_blob(BlobKind::Changes, &plaintext, &NONCE);
        assert_eq!(blob.tag, keys.tag(&plaintext.doc));
        assert_eq!(blob.kind, BlobKind::Changes);
        assert_eq!(blob.bytes[..24], NONCE);
        assert_eq!(
            keys.open_blob(blob.tag, blob.kind, &blob.bytes),
            Ok(plaintext.clone())
        );
        // The plaintext's words are nowhere in the sealed bytes.
        let sealed = &blob.bytes;
        assert!(!sealed.windows(9).any(|w| w == b"automerge"));
    }

    #[test]
    fn the_sealed_length_depends_only_on_the_padding_bucket() {
        let keys = keys();
        let sealed_len = |len| {
            keys.seal_blob(BlobKind::Changes, &answer(&vec![b'x'; len]), &NONCE)
                .bytes
                .len()
        };
        // Content of 100 to 103 bytes (plus 17 of header, 4 of length) pads to 128.
        let lengths: Vec<usize> = (100..=103).map(sealed_len).collect();
        assert_eq!(lengths, [128 + SEAL_OVERHEAD; 4]);
        assert_eq!(sealed_len(500), padme(4 + 17 + 500) + SEAL_OVERHEAD);
    }

    #[test]
    fn changing_any_byte_of_the_sealed_blob_fails_to_open() {
        let keys = keys();
        let blob = keys.seal_blob(BlobKind::Snapshot, &answer(b"a snapshot"), &NONCE);
        for at in 0..blob.bytes.len() {
            let mut tampered = blob.bytes.clone();
            tampered[at] ^= 0x01;
            let part = if at < 24 {
                "nonce"
            } else {
                "ciphertext or tag"
            };
            assert_eq!(
                keys.open_blob(blob.tag, blob.kind, &tampered),
                Err(OpenError::Forged),
                "byte {at} ({part})"
            );
        }
    }

    #[test]
    fn a_blob_moved_to_another_document_project_or_kind_fails_to_open() {
        let keys = keys();
        let blob = keys.seal_blob(BlobKind::Changes, &answer(b"x"), &NONCE);
        let other_doc = keys.tag(&DocId::from_random([0x12; 16]));
        assert_eq!(
            keys.open_blob(other_doc, blob.kind, &blob.bytes),
            Err(OpenError::Forged)
        );
        for kind in [BlobKind::Snapshot, BlobKind::Tombstone] {
            assert_eq!(
                keys.open_blob(blob.tag, kind, &blob.bytes),
                Err(OpenError::Forged)
            );
        }
        assert_eq!(
            keys.open_media(blob.tag, &blob.bytes),
            Err(OpenError::Forged)
        );

        // The same secret under another project id derives other keys...
        let other_project =
            ProjectKeys::derive(ProjectId([3; 16]), &ProjectSecret::from_random([2; 32]));
        let tag = other_project.tag(&answer(b"x").doc);
        assert_eq!(
            other_project.open_blob(tag, blob.kind, &blob.bytes),
            Err(OpenError::Forged)
        );
        // ...and even with the same key, the project id in the associated data
        // alone is enough to refuse it.
        let mut ad = associated_data(&PROJECT, &blob.tag, BlobKind::Changes.to_byte());
        assert!(open_bytes(&keys.blob_key, &ad, &blob.bytes).is_ok());
        for at in 0..ad.len() {
            ad[at] ^= 0x80;
            assert_eq!(
                open_bytes(&keys.blob_key, &ad, &blob.bytes),
                Err(OpenError::Forged),
                "ad byte {at}"
            );
            ad[at] ^= 0x80;
        }
    }

    #[test]
    fn recordings_seal_under_their_documents_tag() {
        let keys = keys();
        let recording = answer(&[0xaa; 3000]);
        let (tag, sealed) = keys.seal_media(&recording, &NONCE);
        assert_eq!(tag, keys.tag(&recording.doc));
        assert_eq!(keys.open_media(tag, &sealed), Ok(recording));
        assert_eq!(
            keys.open_blob(tag, BlobKind::Changes, &sealed),
            Err(OpenError::Forged)
        );
    }

    #[test]
    fn authentic_but_malformed_blobs_are_named() {
        let keys = keys();
        let doc_a = answer(b"").doc;
        let tag_a = keys.tag(&doc_a);
        let ad = associated_data(&PROJECT, &tag_a, BlobKind::Changes.to_byte());
        let seal = |content: &[u8]| seal_bytes(&keys.blob_key, &ad, content, &NONCE);
        let check = |sealed: Vec<u8>, expected| {
            assert_eq!(
                keys.open_blob(tag_a, BlobKind::Changes, &sealed),
                Err(expected)
            )
        };
        check(vec![0; 39], OpenError::TooShort { len: 39 });
        check(
            seal(&[9, 0, 0, 0]),
            OpenError::Padding(UnpadError::LengthPastEnd {
                declared: 9,
                available: 0,
            }),
        );
        check(
            seal(&pad(&[])),
            OpenError::Content(PlaintextError::Truncated { len: 0 }),
        );
        check(
            seal(&pad(&[7; 20])),
            OpenError::Content(PlaintextError::UnknownVersion { got: 7 }),
        );
        // A project member sealing document B's content under document A's tag.
        let doc_b = Plaintext {
            doc: DocId::from_random([0x99; 16]),
            payload: b"b".to_vec(),
        };
        check(seal(&pad(&doc_b.encode())), OpenError::WrongDocument);
    }
}
