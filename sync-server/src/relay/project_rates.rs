//! A token bucket per project, shared by all of that project's connections,
//! beside each connection's own: a project's devices together may send only
//! so much, however many connections they open, so one busy (or hostile)
//! project cannot take the relay's whole writer from the others.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Instant,
};

use super::{
    rate_limit::{Rate, TokenBucket},
    store::ProjectId,
};

type Buckets = Arc<Mutex<HashMap<ProjectId, Shared>>>;

#[derive(Debug)]
struct Shared {
    connections: u32,
    bucket: TokenBucket,
}

#[derive(Debug, Default, Clone)]
pub struct ProjectRates {
    buckets: Buckets,
}

/// One connection's share of its project's bucket; dropping it lets the
/// bucket go once the project's last connection has.
#[derive(Debug)]
pub struct ProjectRate {
    project: ProjectId,
    buckets: Buckets,
}

impl ProjectRates {
    /// Joins `project`'s bucket, making a full one if no device of the
    /// project is connected. A project that disconnects entirely and comes
    /// back gets a full bucket again: that costs it a signed handshake per
    /// connection, and the per-project connection cap still holds.
    pub fn join(&self, project: ProjectId, rate: Rate, now: Instant) -> ProjectRate {
        lock(&self.buckets)
            .entry(project)
            .or_insert_with(|| Shared {
                connections: 0,
                bucket: TokenBucket::new(rate, now),
            })
            .connections += 1;
        ProjectRate {
            project,
            buckets: self.buckets.clone(),
        }
    }

    #[cfg(test)]
    fn projects(&self) -> usize {
        lock(&self.buckets).len()
    }
}

impl ProjectRate {
    /// Takes one token from the project's bucket if there is one.
    pub fn take(&self, now: Instant) -> bool {
        lock(&self.buckets)
            .get_mut(&self.project)
            .is_some_and(|shared| shared.bucket.take(now))
    }
}

impl Drop for ProjectRate {
    fn drop(&mut self) {
        let mut buckets = lock(&self.buckets);
        if let Some(shared) = buckets.get_mut(&self.project) {
            shared.connections -= 1;
            if shared.connections == 0 {
                buckets.remove(&self.project);
            }
        }
    }
}

fn lock(buckets: &Buckets) -> std::sync::MutexGuard<'_, HashMap<ProjectId, Shared>> {
    // Each change is a count or a bucket's arithmetic: a poisoned map is sound.
    buckets.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_projects_connections_share_one_bucket_and_others_have_their_own() {
        let rates = ProjectRates::default();
        let now = Instant::now();
        let rate = Rate {
            per_second: 1,
            burst: 3,
        };
        let (a, b) = (ProjectId([1; 16]), ProjectId([2; 16]));
        let first = rates.join(a, rate, now);
        assert!(first.take(now));
        let second = rates.join(a, rate, now);
        assert!(second.take(now));
        assert!(first.take(now));
        assert!(!second.take(now), "the project's burst is spent");
        assert!(!first.take(now));
        let other = rates.join(b, rate, now);
        assert!(other.take(now), "another project is not affected");
        drop((first, second));
        assert_eq!(
            rates.projects(),
            1,
            "a project with no connections is forgotten"
        );
        drop(other);
        assert_eq!(rates.projects(), 0);
    }
}
