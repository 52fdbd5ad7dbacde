//! The in-memory store: the reference behaviour, for tests and for trying the
//! relay without a disk. Everything is lost when the process stops.

use std::{
    collections::{BTreeMap, HashMap},
    sync::Mutex,
};

use heard_protocol::LogId;

use super::{
    Blob, BlobId, BlobKind, Entry, HeadChanged, Notifier, ProjectId, Pulled, Registered,
    RelayStore, StoreError, StoreResult, Tag, Verifier,
};

#[derive(Debug)]
pub struct MemoryStore {
    projects: Mutex<HashMap<ProjectId, Project>>,
    notifier: Notifier,
    log: LogId,
}

impl Default for MemoryStore {
    fn default() -> Self {
        let mut log = [0; 16];
        // A log in memory lives once; any distinct id serves if the OS has
        // no randomness to give.
        let _ = getrandom::fill(&mut log);
        MemoryStore {
            projects: Mutex::default(),
            notifier: Notifier::default(),
            log,
        }
    }
}

#[derive(Debug)]
struct Project {
    verifier: Verifier,
    head: u64,
    /// Live entries by seq.
    log: BTreeMap<u64, Entry>,
    /// Every blob id the project has taken, live or compacted away, to its
    /// seq and tag.
    ids: HashMap<BlobId, (u64, Tag)>,
    /// Tags erased for good, to the tombstone's seq.
    tombstones: HashMap<Tag, u64>,
    media: HashMap<BlobId, (Tag, Vec<u8>)>,
}

impl Project {
    /// Appends one blob under the log rules of [`RelayStore`]; returns its seq.
    fn append(&mut self, blob: Blob) -> u64 {
        let id = BlobId::of(&blob.bytes);
        if let Some((seq, _)) = self.ids.get(&id) {
            return *seq;
        }
        if let Some(seq) = self.tombstones.get(&blob.tag) {
            return *seq;
        }
        self.head += 1;
        let seq = self.head;
        if blob.kind == BlobKind::Tombstone {
            self.tombstones.insert(blob.tag, seq);
        }
        self.ids.insert(id, (seq, blob.tag));
        self.log.insert(
            seq,
            Entry {
                seq,
                tag: blob.tag,
                kind: blob.kind,
                id,
                bytes: blob.bytes,
            },
        );
        seq
    }
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `write` on the project, then announces the head if it moved.
    fn write<T>(
        &self,
        project: ProjectId,
        write: impl FnOnce(&mut Project) -> T,
    ) -> StoreResult<T> {
        let (result, before, after) = {
            let mut projects = self.lock();
            let p = projects
                .get_mut(&project)
                .ok_or(StoreError::UnknownProject)?;
            let before = p.head;
            let result = write(p);
            (result, before, p.head)
        };
        if after != before {
            self.notifier.publish(HeadChanged {
                project,
                head: after,
            });
        }
        Ok(result)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ProjectId, Project>> {
        self.projects.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl RelayStore for MemoryStore {
    async fn register(&self, project: ProjectId, verifier: Verifier) -> StoreResult<Registered> {
        let mut projects = self.lock();
        Ok(match projects.get(&project) {
            Some(p) if p.verifier == verifier => Registered::AlreadyYours,
            Some(_) => Registered::TakenByOtherKey,
            None => {
                projects.insert(
                    project,
                    Project {
                        verifier,
                        head: 0,
                        log: BTreeMap::new(),
                        ids: HashMap::new(),
                        tombstones: HashMap::new(),
                        media: HashMap::new(),
                    },
                );
                Registered::Created
            }
        })
    }

    async fn verifier(&self, project: ProjectId) -> StoreResult<Option<Verifier>> {
        Ok(self.lock().get(&project).map(|p| p.verifier))
    }

    async fn push(&self, project: ProjectId, blobs: Vec<Blob>) -> StoreResult<Vec<u64>> {
        self.write(project, |p| {
            blobs.into_iter().map(|b| p.append(b)).collect()
        })
    }

    async fn pull(
        &self,
        project: ProjectId,
        after: u64,
        max: u32,
        max_bytes: usize,
    ) -> StoreResult<Pulled> {
        let projects = self.lock();
        let p = projects.get(&project).ok_or(StoreError::UnknownProject)?;
        let mut pulled = Pulled::default();
        let mut bytes = 0;
        for entry in p.log.range(after.saturating_add(1)..).map(|(_, e)| e) {
            let full = pulled.entries.len() >= max as usize
                || (!pulled.entries.is_empty() && bytes + entry.bytes.len() > max_bytes);
            if full {
                pulled.more = true;
                break;
            }
            bytes += entry.bytes.len();
            pulled.entries.push(entry.clone());
        }
        Ok(pulled)
    }

    async fn head(&self, project: ProjectId) -> StoreResult<u64> {
        let projects = self.lock();
        Ok(projects
            .get(&project)
            .ok_or(StoreError::UnknownProject)?
            .head)
    }

    fn log_id(&self) -> LogId {
        self.log
    }

    async fn compact(
        &self,
        project: ProjectId,
        tag: Tag,
        covers: u64,
        snapshot: Blob,
    ) -> StoreResult<u64> {
        self.write(project, |p| {
            let seq = p.append(Blob { tag, ..snapshot });
            if p.tombstones.contains_key(&tag) {
                return seq;
            }
            let covered: Vec<u64> = p
                .log
                .range(..=covers.min(seq - 1))
                .filter(|(_, e)| e.tag == tag)
                .map(|(s, _)| *s)
                .collect();
            // Their ids stay in `ids`, so a late retry of a covered blob is
            // answered with its old seq instead of being stored again.
            for s in covered {
                p.log.remove(&s);
            }
            seq
        })
    }

    async fn erase(&self, project: ProjectId, tag: Tag, tombstone: Blob) -> StoreResult<u64> {
        self.write(project, |p| {
            if let Some((seq, _)) = p.ids.get(&BlobId::of(&tombstone.bytes)) {
                return *seq;
            }
            p.log.retain(|_, e| e.tag != tag);
            // Ids of entries compaction had dropped go too: nothing of the
            // tag may stay, not even the hash of one of its blobs.
            p.ids.retain(|_, (_, t)| *t != tag);
            p.media.retain(|_, (t, _)| *t != tag);
            p.tombstones.remove(&tag);
            p.append(Blob { tag, ..tombstone })
        })
    }

    async fn put_media(&self, project: ProjectId, tag: Tag, bytes: Vec<u8>) -> StoreResult<BlobId> {
        let id = BlobId::of(&bytes);
        let mut projects = self.lock();
        let p = projects
            .get_mut(&project)
            .ok_or(StoreError::UnknownProject)?;
        // Media of an erased document is absorbed like its blobs.
        if !p.tombstones.contains_key(&tag) {
            p.media.entry(id).or_insert((tag, bytes));
        }
        Ok(id)
    }

    async fn get_media(&self, project: ProjectId, id: BlobId) -> StoreResult<Option<Vec<u8>>> {
        let projects = self.lock();
        let p = projects.get(&project).ok_or(StoreError::UnknownProject)?;
        Ok(p.media.get(&id).map(|(_, bytes)| bytes.clone()))
    }

    async fn ping(&self) -> StoreResult<()> {
        Ok(())
    }

    fn notifier(&self) -> &Notifier {
        &self.notifier
    }
}
