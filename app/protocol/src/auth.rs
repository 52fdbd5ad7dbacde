//! Relay authentication: what a device signs, and how the relay checks it.

use ed25519_dalek::VerifyingKey;

use crate::ids::{Nonce, ProjectId, Signature, Verifier};

/// Starts every signed message, so a signature made for the relay can never be
/// replayed as a signature over anything else the key might sign.
pub const AUTH_CONTEXT: &[u8] = b"heard relay auth v1";

/// The bytes a device signs to answer a challenge: the context, the project id
/// and the relay's nonce. Binding the project means a signature for one project
/// is worthless for another; the fresh nonce means it is worthless a second time.
pub fn auth_message(project: &ProjectId, nonce: &Nonce) -> Vec<u8> {
    [AUTH_CONTEXT, &project.0, nonce].concat()
}

/// Whether `signature` is the project's key answering this challenge. Uses
/// strict verification, which refuses weak (small-order) keys and non-canonical
/// signatures, so no key or signature can be crafted to pass for every message.
pub fn verify(
    verifier: &Verifier,
    project: &ProjectId,
    nonce: &Nonce,
    signature: &Signature,
) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(verifier) else {
        return false;
    };
    let signature = ed25519_dalek::Signature::from_bytes(signature);
    key.verify_strict(&auth_message(project, nonce), &signature)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer, SigningKey, Verifier as _};

    use super::*;

    const PROJECT: ProjectId = ProjectId([7; 16]);
    const NONCE: Nonce = [9; 32];

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn sign(key: &SigningKey, project: &ProjectId, nonce: &Nonce) -> Signature {
        key.sign(&auth_message(project, nonce)).to_bytes()
    }

    #[test]
    fn the_message_is_context_then_project_then_nonce() {
        let message = auth_message(&PROJECT, &NONCE);
        assert_eq!(&message[..19], b"heard relay auth v1");
        assert_eq!(&message[19..35], &[7; 16]);
        assert_eq!(&message[35..], &[9; 32]);
    }

    #[test]
    fn the_projects_key_answering_this_challenge_passes() {
        let key = key(1);
        let verifier = key.verifying_key().to_bytes();
        assert!(verify(
            &verifier,
            &PROJECT,
            &NONCE,
            &sign(&key, &PROJECT, &NONCE)
        ));
    }

    #[test]
    fn any_other_key_project_nonce_or_signature_fails() {
        let key1 = key(1);
        let verifier = key1.verifying_key().to_bytes();
        let good = sign(&key1, &PROJECT, &NONCE);
        let other_project = ProjectId([8; 16]);
        let other_nonce = [10; 32];
        let cases: [(&str, Verifier, ProjectId, Nonce, Signature); 5] = [
            (
                "another project's key",
                key(2).verifying_key().to_bytes(),
                PROJECT,
                NONCE,
                good,
            ),
            (
                "signed for another project",
                verifier,
                PROJECT,
                NONCE,
                sign(&key1, &other_project, &NONCE),
            ),
            (
                "replayed to another challenge",
                verifier,
                PROJECT,
                other_nonce,
                good,
            ),
            (
                "presented to another project",
                verifier,
                other_project,
                NONCE,
                good,
            ),
            ("all zeros", verifier, PROJECT, NONCE, [0; 64]),
        ];
        for (name, verifier, project, nonce, signature) in cases {
            assert!(!verify(&verifier, &project, &nonce, &signature), "{name}");
        }
        for byte in 0..64 {
            let mut flipped = good;
            flipped[byte] ^= 1;
            assert!(
                !verify(&verifier, &PROJECT, &NONCE, &flipped),
                "bit flipped in byte {byte}"
            );
        }
    }

    #[test]
    fn a_verifier_that_is_not_a_curve_point_or_is_weak_fails() {
        let signature = sign(&key(1), &PROJECT, &NONCE);
        // y = 2 is not the y-coordinate of any point on the curve.
        let mut not_a_point = [0; 32];
        not_a_point[0] = 2;
        assert!(VerifyingKey::from_bytes(&not_a_point).is_err());
        assert!(!verify(&not_a_point, &PROJECT, &NONCE, &signature));
        // The identity point (y = 1) has small order: with it, strict
        // verification refuses even signatures that the lax check would pass.
        let mut identity = [0; 32];
        identity[0] = 1;
        let mut identity_signature = [0; 64];
        identity_signature[..32].copy_from_slice(&identity);
        let weak = VerifyingKey::from_bytes(&identity).expect("the identity is a point");
        let message = auth_message(&PROJECT, &NONCE);
        let forged = ed25519_dalek::Signature::from_bytes(&identity_signature);
        assert!(
            weak.verify(&message, &forged).is_ok(),
            "the lax check passes it"
        );
        assert!(!verify(&identity, &PROJECT, &NONCE, &identity_signature));
    }
}
