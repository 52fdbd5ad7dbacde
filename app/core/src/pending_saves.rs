//! Which of the interface's own saves the worker has not yet echoed back.
//!
//! The interface shows a project or session change at once and sends it to the
//! worker, which answers each save with the document's new summary. When two
//! changes are sent in quick succession, the echo of the first arrives after
//! the second is already on screen; applying it would briefly undo the second
//! (a ticked box unticks itself). So an echo is applied only when no later save
//! of the same document is still on its way.

use std::collections::BTreeMap;

use crate::id::DocId;

#[derive(Debug, Default)]
pub struct PendingSaves(BTreeMap<DocId, usize>);

impl PendingSaves {
    /// A save of `id` was sent.
    pub fn sent(&mut self, id: &DocId) {
        *self.0.entry(id.clone()).or_default() += 1;
    }

    /// The worker echoed a change of `id`: whether to show it. Changes that
    /// did not come from this page (none pending) are always shown.
    pub fn echoed(&mut self, id: &DocId) -> bool {
        match self.0.get_mut(id) {
            Some(n) if *n > 1 => {
                *n -= 1;
                false
            }
            Some(_) => {
                self.0.remove(id);
                true
            }
            None => true,
        }
    }

    /// Stop waiting for echoes of `id`: every change this page sent is
    /// confirmed, so what the worker last said of it is the newest there is.
    pub fn settled(&mut self, id: &DocId) {
        self.0.remove(id);
    }

    /// The worker refused a request without naming it: stop waiting for
    /// echoes, so the worker's next word is shown again.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> DocId {
        DocId::from_random([n; 16])
    }

    #[test]
    fn only_the_echo_of_the_last_save_is_shown() {
        let mut pending = PendingSaves::default();
        pending.sent(&id(1));
        pending.sent(&id(1));
        pending.sent(&id(2));
        assert!(!pending.echoed(&id(1)), "a later save of 1 is on its way");
        assert!(pending.echoed(&id(2)));
        assert!(pending.echoed(&id(1)), "the last save's echo");
        assert!(pending.echoed(&id(1)), "a change from elsewhere");
    }

    #[test]
    fn a_settled_document_shows_the_next_word_at_once() {
        let mut pending = PendingSaves::default();
        pending.sent(&id(1));
        pending.sent(&id(1));
        pending.sent(&id(2));
        pending.settled(&id(1));
        assert!(pending.echoed(&id(1)));
        pending.sent(&id(2));
        assert!(!pending.echoed(&id(2)), "another document still waits");
    }

    #[test]
    fn a_refusal_stops_the_waiting() {
        let mut pending = PendingSaves::default();
        pending.sent(&id(1));
        pending.sent(&id(1));
        pending.clear();
        assert!(pending.echoed(&id(1)));
    }
}
