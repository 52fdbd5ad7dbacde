//! Notify coalescing: which heads of its project a connected device still
//! needs to hear, so that it hears at most one Notify per pull it makes
//! rather than one per commit.

/// Which heads a device still needs to hear. A device that hears a Notify
/// pulls from its cursor, and that pull brings everything committed before
/// it is read, so between a Notify and the device's next pull, further
/// heads would tell it nothing new: they wait, and only the newest is sent,
/// right after that pull is answered (unless the pull's batch reached it).
/// So a device hears at most one Notify per pull it makes, not one per
/// commit of its project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hearing {
    /// The newest head the device was told or has pulled up to.
    told: u64,
    /// The newest head committed since then, not yet told.
    newest: u64,
    /// No Notify is out that the device has not pulled after.
    armed: bool,
}

impl Hearing {
    pub fn new(head: u64) -> Self {
        Hearing {
            told: head,
            newest: head,
            armed: true,
        }
    }

    /// A commit moved the project to `head`: the head to tell now, if any.
    pub fn committed(&mut self, head: u64) -> Option<u64> {
        self.newest = self.newest.max(head);
        self.tell()
    }

    /// The device pulled, and its batch reached `covered`: the head to tell
    /// now, if the log has gone past what the pull brought. A batch with
    /// `more` behind it is followed by another pull anyway, so it tells
    /// nothing and waits for that pull.
    pub fn pulled(&mut self, covered: u64, more: bool) -> Option<u64> {
        self.told = self.told.max(covered);
        self.armed = !more;
        self.tell()
    }

    fn tell(&mut self) -> Option<u64> {
        if !self.armed || self.newest <= self.told {
            return None;
        }
        self.armed = false;
        self.told = self.newest;
        Some(self.newest)
    }
}

#[cfg(test)]
mod tests {
    use super::Hearing;

    /// What a device hears, step by step, from Welcome at head 5.
    enum Step {
        /// A commit moved the head here; the Notify sent, if any.
        Commit(u64, Option<u64>),
        /// A pull answered up to this seq, with `more` or not; the Notify
        /// sent after it, if any.
        Pull(u64, bool, Option<u64>),
    }
    use Step::{Commit, Pull};

    fn check(steps: &[Step]) {
        let mut hearing = Hearing::new(5);
        for (n, step) in steps.iter().enumerate() {
            let (heard, expected) = match *step {
                Commit(head, told) => (hearing.committed(head), told),
                Pull(covered, more, told) => (hearing.pulled(covered, more), told),
            };
            assert_eq!(heard, expected, "step {n}");
        }
    }

    #[test]
    fn one_notify_per_pull_and_the_newest_head_after_it() {
        check(&[
            // Nothing new: a head the device knew from Welcome.
            Commit(5, None),
            Commit(6, Some(6)),
            // Not pulled yet: later heads wait.
            Commit(7, None),
            Commit(9, None),
            // The pull was read at 6: the newest head follows it.
            Pull(6, false, Some(9)),
            Commit(10, None),
            // This pull reached the newest head: nothing to tell, and the
            // next commit is news at once.
            Pull(10, false, None),
            Commit(11, Some(11)),
        ]);
    }

    #[test]
    fn a_batch_with_more_behind_it_waits_for_the_next_pull() {
        check(&[
            Commit(8, Some(8)),
            Pull(6, true, None),
            Commit(9, None),
            Pull(8, false, Some(9)),
        ]);
    }

    #[test]
    fn an_empty_batch_still_rearms() {
        check(&[
            Commit(6, Some(6)),
            // Compaction left nothing after the cursor: covered is 0.
            Pull(0, false, None),
            Commit(7, Some(7)),
        ]);
    }
}
