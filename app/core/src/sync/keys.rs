//! The project secret and the keys derived from it with HKDF-SHA256.

use std::fmt;

use ed25519_dalek::{Signer, SigningKey};
use heard_protocol::{Nonce, ProjectId, Signature, Verifier};
use hkdf::Hkdf;
use sha2::Sha256;

/// The 256-bit secret that makes a device part of a project. It leaves a device
/// only inside an invite (a QR code, or a link's fragment), never to the relay.
#[derive(Clone, PartialEq, Eq)]
pub struct ProjectSecret([u8; 32]);

impl ProjectSecret {
    /// A secret from 32 random bytes the caller drew.
    pub fn from_random(bytes: [u8; 32]) -> ProjectSecret {
        ProjectSecret(bytes)
    }

    /// The raw bytes, for writing an invite and for storing on this device.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }
}

impl fmt::Debug for ProjectSecret {
    /// Never prints the secret: a log line or a panic message must not carry it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProjectSecret(..)")
    }
}

/// `info` strings for HKDF: one per key, so no two keys are ever the same bytes
/// even though they come from one secret.
const BLOB_KEY_INFO: &[u8] = b"heard v1 blob key";
const TAG_KEY_INFO: &[u8] = b"heard v1 tag key";
const RELAY_AUTH_INFO: &[u8] = b"heard v1 relay auth";

/// Everything a device needs to sync one project, derived from its secret:
/// the blob key (XChaCha20-Poly1305), the tag key (HMAC-SHA256) and the relay
/// signing key (Ed25519), whose public half is the only thing the relay keeps.
#[derive(Clone)]
pub struct ProjectKeys {
    project: ProjectId,
    pub(super) blob_key: [u8; 32],
    pub(super) tag_key: [u8; 32],
    signing: SigningKey,
}

impl ProjectKeys {
    /// HKDF-SHA256 with the project id as salt and the secret as input key
    /// material. Salting with the id means one secret reused by mistake for two
    /// projects still gives unrelated keys.
    pub fn derive(project: ProjectId, secret: &ProjectSecret) -> ProjectKeys {
        let hkdf = Hkdf::<Sha256>::new(Some(&project.0), &secret.0);
        let expand = |info: &[u8]| {
            let mut key = [0; 32];
            hkdf.expand(info, &mut key)
                .expect("32 bytes is far below HKDF-SHA256's 8160-byte maximum");
            key
        };
        ProjectKeys {
            project,
            blob_key: expand(BLOB_KEY_INFO),
            tag_key: expand(TAG_KEY_INFO),
            signing: SigningKey::from_bytes(&expand(RELAY_AUTH_INFO)),
        }
    }

    pub fn project(&self) -> ProjectId {
        self.project
    }

    /// The Ed25519 public key the relay stores for this project.
    pub fn verifier(&self) -> Verifier {
        self.signing.verifying_key().to_bytes()
    }

    /// Answers the relay's challenge: a signature over the project and nonce
    /// that [`heard_protocol::verify`] accepts with [`ProjectKeys::verifier`].
    pub fn sign_challenge(&self, nonce: &Nonce) -> Signature {
        self.signing
            .sign(&heard_protocol::auth_message(&self.project, nonce))
            .to_bytes()
    }
}

impl fmt::Debug for ProjectKeys {
    /// Shows which project the keys are for, never the keys.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProjectKeys")
            .field("project", &self.project)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use hmac::{Hmac, KeyInit, Mac};

    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn keys() -> ProjectKeys {
        ProjectKeys::derive(ProjectId([1; 16]), &ProjectSecret::from_random([2; 32]))
    }

    /// Fixed outputs: if any of them changes, every existing project's devices
    /// would lose their data and their relay login, so this must never move.
    #[test]
    fn derivation_is_stable() {
        let keys = keys();
        assert_eq!(hex(&keys.blob_key), BLOB_KEY);
        assert_eq!(hex(&keys.tag_key), TAG_KEY);
        assert_eq!(hex(&keys.verifier()), VERIFIER);
    }

    // Blob and tag keys checked against Python's hmac module (RFC 5869 by hand);
    // the verifier is the Ed25519 public key of the third output.
    const BLOB_KEY: &str = "ea6d4c08f91ab14e85856a19b7b91ec88c6fccc0f3fd7fe6da0cfb9161cb818d";
    const TAG_KEY: &str = "07dfcb9b364056624704e9fc1b65a50631f580569c82deefa7f3b1afaef65b8c";
    const VERIFIER: &str = "9e54aca47047ccb796d046b90ce6c6af96fe8578ac96d233d8e2a6a2ce9a823d";

    /// Each key is RFC 5869 HKDF-SHA256 with one output block, written out by
    /// hand with HMAC: PRK = HMAC(salt, secret), key = HMAC(PRK, info || 0x01).
    #[test]
    fn derivation_is_rfc5869_hkdf_with_the_project_as_salt() {
        let hmac = |key: &[u8], parts: &[&[u8]]| -> [u8; 32] {
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
            parts.iter().for_each(|part| mac.update(part));
            mac.finalize().into_bytes().into()
        };
        let prk = hmac(&[1; 16], &[&[2; 32]]);
        let keys = keys();
        assert_eq!(keys.blob_key, hmac(&prk, &[BLOB_KEY_INFO, &[1]]));
        assert_eq!(keys.tag_key, hmac(&prk, &[TAG_KEY_INFO, &[1]]));
        let seed = hmac(&prk, &[RELAY_AUTH_INFO, &[1]]);
        assert_eq!(
            keys.verifier(),
            SigningKey::from_bytes(&seed).verifying_key().to_bytes()
        );
    }

    #[test]
    fn the_three_keys_differ_and_depend_on_project_and_secret() {
        let keys = keys();
        assert_ne!(keys.blob_key, keys.tag_key);
        assert_ne!(keys.blob_key, keys.signing.to_bytes());
        let other_project =
            ProjectKeys::derive(ProjectId([3; 16]), &ProjectSecret::from_random([2; 32]));
        let other_secret =
            ProjectKeys::derive(ProjectId([1; 16]), &ProjectSecret::from_random([4; 32]));
        for other in [other_project, other_secret] {
            assert_ne!(keys.blob_key, other.blob_key);
            assert_ne!(keys.tag_key, other.tag_key);
            assert_ne!(keys.verifier(), other.verifier());
        }
    }

    #[test]
    fn the_relay_accepts_the_signed_challenge_only_for_this_project_and_nonce() {
        let keys = keys();
        let nonce = [5; 32];
        let signature = keys.sign_challenge(&nonce);
        assert!(heard_protocol::verify(
            &keys.verifier(),
            &keys.project(),
            &nonce,
            &signature
        ));
        assert!(!heard_protocol::verify(
            &keys.verifier(),
            &keys.project(),
            &[6; 32],
            &signature
        ));
        assert!(!heard_protocol::verify(
            &keys.verifier(),
            &ProjectId([9; 16]),
            &nonce,
            &signature
        ));
    }

    #[test]
    fn debug_output_never_shows_a_secret_or_key() {
        let secret = format!("{:?}", ProjectSecret::from_random([0xab; 32]));
        let keys = format!("{:?}", keys());
        assert_eq!(secret, "ProjectSecret(..)");
        assert!(!keys.contains(&hex(&self::keys().blob_key)), "{keys}");
        assert_eq!(
            keys,
            format!("ProjectKeys {{ project: {:?}, .. }}", ProjectId([1; 16]))
        );
    }
}
