//! How many devices of each project are connected, so one project cannot
//! take every socket of a relay that many small charities share.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use super::store::ProjectId;

#[derive(Debug, Default, Clone)]
pub struct ProjectConnections {
    counts: Arc<Mutex<HashMap<ProjectId, u32>>>,
}

/// One connected device's place; dropping it frees the place.
#[derive(Debug)]
pub struct ConnectionSlot {
    project: ProjectId,
    counts: Arc<Mutex<HashMap<ProjectId, u32>>>,
}

impl ProjectConnections {
    /// A place for one more device of `project`, unless `max` are connected.
    pub fn join(&self, project: ProjectId, max: u32) -> Option<ConnectionSlot> {
        let mut counts = lock(&self.counts);
        let count = counts.entry(project).or_default();
        if *count >= max {
            if *count == 0 {
                counts.remove(&project);
            }
            return None;
        }
        *count += 1;
        Some(ConnectionSlot {
            project,
            counts: self.counts.clone(),
        })
    }

    /// Devices of `project` connected now.
    #[cfg(test)]
    pub fn count(&self, project: ProjectId) -> u32 {
        lock(&self.counts).get(&project).copied().unwrap_or(0)
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut counts = lock(&self.counts);
        if let Some(count) = counts.get_mut(&self.project) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.project);
            }
        }
    }
}

fn lock(
    counts: &Mutex<HashMap<ProjectId, u32>>,
) -> std::sync::MutexGuard<'_, HashMap<ProjectId, u32>> {
    // Every change is one increment or decrement: a poisoned map is still sound.
    counts.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_counted_per_project_and_freed_on_drop() {
        let connections = ProjectConnections::default();
        let a = ProjectId([1; 16]);
        let b = ProjectId([2; 16]);
        let first = connections.join(a, 2).unwrap();
        let second = connections.join(a, 2).unwrap();
        assert!(connections.join(a, 2).is_none());
        let other = connections.join(b, 2).unwrap();
        drop(first);
        assert_eq!(connections.count(a), 1);
        let third = connections.join(a, 2).unwrap();
        drop((second, third, other));
        assert_eq!(connections.count(a), 0);
        assert!(lock(&connections.counts).is_empty());
        assert!(connections.join(a, 0).is_none());
        assert!(lock(&connections.counts).is_empty());
    }
}
