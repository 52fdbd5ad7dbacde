//! A relay simulated in memory, speaking the real frames: one log per
//! project, idempotent pushes by blob id, erasure, and a notification to
//! every other connection of the project after each commit. It keeps the
//! rules the real relay keeps, so the syncer can be tested against them
//! natively and deterministically.

#![allow(dead_code)]

use std::collections::BTreeMap;

use heard_protocol::{
    BlobId, BlobKind, ClientFrame, Entry, Limits, ProjectId, Refusal, RelayFrame, Verifier,
};

#[derive(Default)]
struct Log {
    verifier: Option<Verifier>,
    entries: Vec<Entry>,
    next: u64,
    /// Recordings by id, with the tag of their document.
    media: BTreeMap<BlobId, (heard_protocol::Tag, Vec<u8>)>,
}

#[derive(Default)]
pub struct Relay {
    projects: BTreeMap<ProjectId, Log>,
    pub limits: Limits,
    /// The name of this life of the log.
    log: [u8; 16],
}

/// One device's connection as the relay sees it.
#[derive(Clone, Debug, Default)]
pub struct Conn {
    hello: Option<(ProjectId, Option<Verifier>)>,
    nonce: [u8; 32],
    pub project: Option<ProjectId>,
}

impl Relay {
    pub fn new(limits: Limits) -> Relay {
        Relay {
            projects: BTreeMap::new(),
            limits,
            log: [1; 16],
        }
    }

    /// What a restore from a backup taken after `seq` leaves: the log cut
    /// back to it, under a new name.
    pub fn restore(&mut self, project: &ProjectId, seq: u64) {
        if let Some(log) = self.projects.get_mut(project) {
            log.entries.retain(|e| e.seq <= seq);
            log.next = seq;
        }
        self.log[0] = self.log[0].wrapping_add(1);
    }

    /// Every recording of `project`, for checks (and to damage one).
    pub fn media_mut(&mut self, project: &ProjectId) -> Vec<&mut Vec<u8>> {
        self.projects
            .get_mut(project)
            .map(|p| p.media.values_mut().map(|(_, bytes)| bytes).collect())
            .unwrap_or_default()
    }

    /// Every entry of `project`, for checks.
    pub fn entries(&self, project: &ProjectId) -> Vec<Entry> {
        self.projects
            .get(project)
            .map(|p| p.entries.clone())
            .unwrap_or_default()
    }

    /// Answers one frame: the frames for this connection, and the project
    /// whose other connections must hear of a commit.
    pub fn handle(
        &mut self,
        conn: &mut Conn,
        bytes: &[u8],
        nonce: [u8; 32],
    ) -> (Vec<Vec<u8>>, Option<(ProjectId, u64)>) {
        let refuse =
            |request, reason| (vec![RelayFrame::Refused { request, reason }.encode()], None);
        let Ok(frame) = ClientFrame::decode(bytes, &self.limits) else {
            return refuse(None, Refusal::BadFrame);
        };
        let Some(project) = conn.project else {
            return match frame {
                ClientFrame::Hello { project, register } => {
                    conn.hello = Some((project, register));
                    conn.nonce = nonce;
                    let challenge = RelayFrame::Challenge {
                        nonce,
                        limits: self.limits,
                    };
                    (vec![challenge.encode()], None)
                }
                ClientFrame::Auth { signature } => {
                    let Some((project, register)) = conn.hello else {
                        return refuse(None, Refusal::Unauthorized);
                    };
                    let log = self.projects.entry(project).or_default();
                    let verifier = match (log.verifier, register) {
                        (Some(v), _) => v,
                        (None, Some(v)) => v,
                        (None, None) => return refuse(None, Refusal::UnknownProject),
                    };
                    if !heard_protocol::verify(&verifier, &project, &conn.nonce, &signature) {
                        return refuse(None, Refusal::Unauthorized);
                    }
                    log.verifier = Some(verifier);
                    conn.project = Some(project);
                    let head = log.next;
                    let log = self.log;
                    (vec![RelayFrame::Welcome { head, log }.encode()], None)
                }
                _ => refuse(None, Refusal::Unauthorized),
            };
        };
        let log = self.projects.entry(project).or_default();
        let append = |log: &mut Log, tag, kind, bytes: Vec<u8>| -> u64 {
            let id = BlobId::of(&bytes);
            if let Some(e) = log.entries.iter().find(|e| e.id == id) {
                return e.seq;
            }
            // An erased document stays erased: what a device that had not
            // heard yet pushes for it is acknowledged and dropped.
            if let Some(e) = log
                .entries
                .iter()
                .find(|e| e.tag == tag && e.kind == BlobKind::Tombstone)
            {
                return e.seq;
            }
            log.next += 1;
            log.entries.push(Entry {
                seq: log.next,
                tag,
                kind,
                id,
                bytes,
            });
            log.next
        };
        match frame {
            ClientFrame::Push { request, blobs } => {
                let seqs: Vec<u64> = blobs
                    .into_iter()
                    .map(|b| append(log, b.tag, b.kind, b.bytes))
                    .collect();
                let head = log.next;
                (
                    vec![RelayFrame::Acked { request, seqs }.encode()],
                    Some((project, head)),
                )
            }
            ClientFrame::Pull {
                request,
                after,
                max,
            } => {
                let after_cursor: Vec<Entry> = log
                    .entries
                    .iter()
                    .filter(|e| e.seq > after)
                    .cloned()
                    .collect();
                let more = after_cursor.len() > max as usize;
                let entries = after_cursor.into_iter().take(max as usize).collect();
                (
                    vec![
                        RelayFrame::Batch {
                            request,
                            entries,
                            more,
                        }
                        .encode(),
                    ],
                    None,
                )
            }
            ClientFrame::Erase {
                request,
                tag,
                tombstone,
            } => {
                log.entries.retain(|e| e.tag != tag);
                log.media.retain(|_, (t, _)| *t != tag);
                let seq = append(log, tag, tombstone.kind, tombstone.bytes);
                acked(request, seq, project)
            }
            ClientFrame::Compact {
                request,
                tag,
                covers,
                blob,
            } => {
                log.entries.retain(|e| e.tag != tag || e.seq > covers);
                let seq = append(log, tag, blob.kind, blob.bytes);
                acked(request, seq, project)
            }
            ClientFrame::Hello { .. } | ClientFrame::Auth { .. } => {
                refuse(None, Refusal::BadRequest)
            }
            ClientFrame::PutMedia {
                request,
                tag,
                bytes,
            } => {
                let id = BlobId::of(&bytes);
                log.media.entry(id).or_insert((tag, bytes));
                (vec![RelayFrame::MediaStored { request, id }.encode()], None)
            }
            ClientFrame::GetMedia { request, id } => {
                let bytes = log.media.get(&id).map(|(_, b)| b.clone());
                (
                    vec![RelayFrame::Media { request, id, bytes }.encode()],
                    None,
                )
            }
        }
    }
}

/// The answer to an erase or a compaction stored at `seq`, and the commit
/// the project's other devices hear of.
fn acked(request: u32, seq: u64, project: ProjectId) -> (Vec<Vec<u8>>, Option<(ProjectId, u64)>) {
    (
        vec![
            RelayFrame::Acked {
                request,
                seqs: vec![seq],
            }
            .encode(),
        ],
        Some((project, seq)),
    )
}
