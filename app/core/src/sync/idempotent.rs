//! Sealing that gives the same blob for the same content: the nonce is a
//! keyed hash of what is sealed (a synthetic nonce). A device that pushes
//! changes, loses the acknowledgement and pushes them again makes the same
//! bytes, so the relay, which files blobs by the hash of their bytes, stores
//! them once. Two different contents never share a nonce (that would break
//! XChaCha20-Poly1305); equal contents reveal only that they are equal,
//! which the relay learns anyway from the blob ids. The hash is keyed, so
//! the relay cannot test a guessed content against a nonce it sees.

use heard_protocol::{Blob, BlobKind};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::{keys::ProjectKeys, plaintext::Plaintext, seal::SealNonce};

/// Sets the nonce key apart from the blob key it is derived from.
const NONCE_KEY_INFO: &[u8] = b"heard v1 synthetic nonce key";

impl ProjectKeys {
    /// [`ProjectKeys::seal_blob`] with the nonce derived from the content.
    pub fn seal_blob_idempotent(&self, kind: BlobKind, plaintext: &Plaintext) -> Blob {
        let nonce = self.synthetic_nonce(kind.to_byte(), plaintext);
        self.seal_blob(kind, plaintext, &nonce)
    }

    /// [`ProjectKeys::seal_media`] with the nonce derived from the content:
    /// a recording put on the relay again is stored once.
    pub fn seal_media_idempotent(&self, plaintext: &Plaintext) -> (heard_protocol::Tag, Vec<u8>) {
        let nonce = self.synthetic_nonce(super::seal::MEDIA_KIND, plaintext);
        self.seal_media(plaintext, &nonce)
    }

    fn synthetic_nonce(&self, kind: u8, plaintext: &Plaintext) -> SealNonce {
        let mac = |key: &[u8], parts: &[&[u8]]| -> [u8; 32] {
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
                .expect("HMAC takes a key of any length");
            parts.iter().for_each(|p| mac.update(p));
            mac.finalize().into_bytes().into()
        };
        let nonce_key = mac(&self.blob_key, &[NONCE_KEY_INFO]);
        let tag = self.tag(&plaintext.doc);
        let digest = mac(&nonce_key, &[&[kind], &tag.0, &plaintext.encode()]);
        let mut nonce = [0; 24];
        nonce.copy_from_slice(&digest[..24]);
        nonce
    }
}

#[cfg(test)]
mod tests {
    use heard_protocol::ProjectId;

    use super::*;
    use crate::{id::DocId, sync::ProjectSecret};

    fn keys(secret: u8) -> ProjectKeys {
        ProjectKeys::derive(
            ProjectId([1; 16]),
            &ProjectSecret::from_random([secret; 32]),
        )
    }

    fn plaintext(payload: &[u8]) -> Plaintext {
        Plaintext {
            doc: DocId::from_random([2; 16]),
            payload: payload.to_vec(),
        }
    }

    #[test]
    fn the_same_content_seals_to_the_same_blob_and_other_content_does_not() {
        let k = keys(3);
        let a = k.seal_blob_idempotent(BlobKind::Changes, &plaintext(b"tea"));
        assert_eq!(
            a,
            k.seal_blob_idempotent(BlobKind::Changes, &plaintext(b"tea"))
        );
        let others = [
            k.seal_blob_idempotent(BlobKind::Changes, &plaintext(b"bus")),
            k.seal_blob_idempotent(BlobKind::Snapshot, &plaintext(b"tea")),
            keys(4).seal_blob_idempotent(BlobKind::Changes, &plaintext(b"tea")),
        ];
        for other in others {
            assert_ne!(a.bytes[..24], other.bytes[..24], "a nonce is never shared");
        }
        let opened = k.open_blob(a.tag, a.kind, &a.bytes).unwrap();
        assert_eq!(opened, plaintext(b"tea"));
    }
}
