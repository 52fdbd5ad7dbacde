//! Recordings and the relay. A recording goes up once it is on storage
//! here, one at a time, sealed on its own; the relay's name for it is then
//! written into its document ([`Documents::media_uploaded`]) and travels
//! with the document's next changes. A recording this device lacks is
//! fetched by that name when a screen plays it, opened, and checked against
//! the hash its document names before anyone hears it.

use std::collections::{BTreeMap, BTreeSet};

use heard_core::{
    documents::{Documents, MediaUpload},
    id::DocId,
    storage::BlobKey,
    time::Timestamp,
};
use heard_protocol::{BlobId, ClientFrame};

use super::{Action, Syncer};
use crate::link::Link;

#[derive(Debug, Default)]
pub(super) struct MediaSync {
    /// The recording being read from storage to go up.
    reading: Option<MediaUpload>,
    /// The put in flight, by request number.
    putting: Option<(u32, MediaUpload)>,
    /// Recordings offered once since start-up: one this device cannot read
    /// (made elsewhere, and not put on the relay by its maker yet) is not
    /// asked for again and again.
    tried: BTreeSet<(DocId, String)>,
    /// Gets in flight: the recording each one is for.
    fetching: BTreeMap<u32, BlobKey>,
}

impl Syncer {
    /// Starts putting the next recording on the relay, if none is on its way.
    pub(super) fn upload_next(&mut self, docs: &Documents, out: &mut Vec<Action>) {
        let media = &self.media;
        if media.reading.is_some() || media.putting.is_some() {
            return;
        }
        let Some(project) = &self.project_doc else {
            return;
        };
        let next = docs
            .media_to_upload(&docs.project_docs(project))
            .into_iter()
            .find(|u| !media.tried.contains(&(u.doc.clone(), u.hash.clone())));
        let Some(upload) = next else {
            return;
        };
        let Ok(blob) = BlobKey::new(&upload.doc, &upload.hash) else {
            return;
        };
        self.media
            .tried
            .insert((upload.doc.clone(), upload.hash.clone()));
        self.media.reading = Some(upload);
        out.push(Action::ReadMedia(blob));
    }

    /// The bytes of the recording being read to go up (`None`: not here).
    pub(super) fn media_read(
        &mut self,
        blob: &BlobKey,
        bytes: Option<Vec<u8>>,
        out: &mut Vec<Action>,
    ) {
        let Some(upload) = self
            .media
            .reading
            .take_if(|u| u.doc == blob.doc && u.hash == blob.hash)
        else {
            return;
        };
        let Some(bytes) = bytes.filter(|b| blob.matches(b)) else {
            return;
        };
        if self.link != Link::Ready {
            // Offered again on the next connection.
            self.media.tried.remove(&(upload.doc, upload.hash));
            return;
        }
        let (tag, sealed) = self.keys.seal_media(&upload.doc, &bytes);
        if sealed.len() + 64 > self.limits.max_frame as usize {
            return;
        }
        let request = self.request();
        self.media.putting = Some((request, upload));
        out.push(self.send(ClientFrame::PutMedia {
            request,
            tag,
            bytes: sealed,
        }));
    }

    /// The relay holds the recording put by `request` as `id`.
    pub(super) fn media_stored(
        &mut self,
        request: u32,
        id: BlobId,
        docs: &mut Documents,
        now: Timestamp,
        out: &mut Vec<Action>,
    ) {
        let Some((_, upload)) = self.media.putting.take_if(|(r, _)| *r == request) else {
            return;
        };
        let name: String = id.0.iter().map(|b| format!("{b:02x}")).collect();
        let outcome = docs.media_uploaded(&upload, &name, now);
        if outcome.dirty.is_some() {
            out.push(Action::Documents(Box::new(outcome)));
        }
    }

    /// A screen plays recording `blob`, which the relay holds as `relay`.
    pub(super) fn fetch(&mut self, blob: BlobKey, relay: &str, out: &mut Vec<Action>) {
        let id = crate::unhex::<32>(relay).map(BlobId);
        match id {
            Some(id) if self.link == Link::Ready => {
                let request = self.request();
                self.media.fetching.insert(request, blob);
                out.push(self.send(ClientFrame::GetMedia { request, id }));
            }
            // Offline, or a name that is not one: it cannot be had now.
            _ => out.push(Action::Fetched { blob, bytes: None }),
        }
    }

    /// The relay's answer to a get: opened, and checked against the hash
    /// the document names.
    pub(super) fn media_came(
        &mut self,
        request: u32,
        sealed: Option<Vec<u8>>,
        out: &mut Vec<Action>,
    ) {
        let Some(blob) = self.media.fetching.remove(&request) else {
            return;
        };
        let bytes = sealed
            .and_then(|sealed| self.keys.open_media(&blob.doc, &sealed).ok())
            .filter(|bytes| blob.matches(bytes));
        out.push(Action::Fetched { blob, bytes });
    }

    /// The connection closed: what was on its way is let go. Gets are
    /// answered (the screens hear the recording is missing); the recording
    /// being put goes again on the next connection.
    pub(super) fn media_closed(&mut self, out: &mut Vec<Action>) {
        for (_, blob) in std::mem::take(&mut self.media.fetching) {
            out.push(Action::Fetched { blob, bytes: None });
        }
        let unfinished = self.media.putting.take().map(|(_, u)| u);
        for upload in unfinished.into_iter().chain(self.media.reading.take()) {
            self.media.tried.remove(&(upload.doc, upload.hash));
        }
    }
}
