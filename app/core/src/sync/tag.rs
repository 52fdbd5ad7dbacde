//! Document tags: the only name the relay ever sees for a document.

use heard_protocol::Tag;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::keys::ProjectKeys;
use crate::id::DocId;

impl ProjectKeys {
    /// HMAC-SHA256 of the document id's 16 bytes under the project's tag key,
    /// cut to 16 bytes. Stable, so every device files a document's blobs under
    /// one tag; keyed, so the relay cannot test a guessed document id against it.
    pub fn tag(&self, doc: &DocId) -> Tag {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.tag_key)
            .expect("HMAC takes a key of any length");
        mac.update(&doc.to_bytes());
        let digest: [u8; 32] = mac.finalize().into_bytes().into();
        let mut tag = [0; 16];
        tag.copy_from_slice(&digest[..16]);
        Tag(tag)
    }
}

#[cfg(test)]
mod tests {
    use heard_protocol::ProjectId;

    use super::*;
    use crate::sync::ProjectSecret;

    fn keys(project: u8, secret: u8) -> ProjectKeys {
        ProjectKeys::derive(
            ProjectId([project; 16]),
            &ProjectSecret::from_random([secret; 32]),
        )
    }

    /// A fixed vector (checked with Python's hmac module): if it moves, every
    /// device files new blobs under tags no other device knows.
    #[test]
    fn a_tag_is_the_truncated_hmac_of_the_document_ids_bytes() {
        let tag = keys(1, 2).tag(&DocId::from_random([0x11; 16]));
        assert_eq!(tag.to_string(), "8f0ad6e4102c13541e9d608700dde730");
    }

    #[test]
    fn tags_are_stable_per_document_and_differ_between_documents_and_projects() {
        let doc = DocId::from_random([0x11; 16]);
        let other_doc = DocId::from_random([0x12; 16]);
        assert_eq!(keys(1, 2).tag(&doc), keys(1, 2).tag(&doc));
        assert_ne!(keys(1, 2).tag(&doc), keys(1, 2).tag(&other_doc));
        assert_ne!(keys(1, 2).tag(&doc), keys(3, 2).tag(&doc));
        assert_ne!(keys(1, 2).tag(&doc), keys(1, 4).tag(&doc));
        // Nothing of the id shows through.
        assert_ne!(keys(1, 2).tag(&doc).0, [0x11; 16]);
    }
}
