//! "Project P has a new head H", published by a store after it commits and
//! heard by every connection of that project.
//!
//! One broadcast channel per project with listeners, so a commit wakes only
//! that project's connections. A listener that falls behind misses some
//! heads, which is harmless: each head says "pull from your cursor", and the
//! latest one says it for all the others.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use tokio::sync::broadcast;

use super::ProjectId;

/// Few heads are ever pending for one connection: the newest covers the rest.
const PER_PROJECT_BACKLOG: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadChanged {
    pub project: ProjectId,
    pub head: u64,
}

#[derive(Debug, Default, Clone)]
pub struct Notifier {
    channels: Arc<Mutex<HashMap<ProjectId, broadcast::Sender<u64>>>>,
}

impl Notifier {
    pub fn new() -> Self {
        Self::default()
    }

    /// Heads of `project` from now on.
    pub fn subscribe(&self, project: ProjectId) -> broadcast::Receiver<u64> {
        let mut channels = self.lock();
        channels
            .entry(project)
            .or_insert_with(|| broadcast::channel(PER_PROJECT_BACKLOG).0)
            .subscribe()
    }

    /// Called by a store after its commit. A project nobody listens to loses
    /// its channel here, so the map holds only projects with connections.
    pub fn publish(&self, change: HeadChanged) {
        let mut channels = self.lock();
        if let Some(sender) = channels.get(&change.project)
            && sender.send(change.head).is_err()
        {
            channels.remove(&change.project);
        }
    }

    /// Called when a connection of `project` ends, so a project whose devices
    /// all left stops holding a channel even if it never commits again.
    pub fn prune(&self, project: ProjectId) {
        let mut channels = self.lock();
        if channels
            .get(&project)
            .is_some_and(|sender| sender.receiver_count() == 0)
        {
            channels.remove(&project);
        }
    }

    /// How many projects have a channel (for tests and metrics).
    pub fn projects_listened(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ProjectId, broadcast::Sender<u64>>> {
        // A panic while holding this lock leaves the map consistent (every
        // operation is a single insert or remove), so poisoning is ignored.
        self.channels.lock().unwrap_or_else(|e| e.into_inner())
    }
}
