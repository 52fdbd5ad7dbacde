//! Which project or session content from the worker a page may put on screen
//! now, and which must wait for the answer to the page's own latest request.
//!
//! The interface shows a project or session change at once and sends it to the
//! worker, numbered. Every screen hears of every change; the screen that asked
//! hears it with its request's number (an echo). While a later request of the
//! page for the same document is unanswered, anything the worker says of that
//! document is older than the screen (applying it would take back letters
//! just typed), so it is held back. The answer to the latest request holds
//! everything the worker had by then, so it is shown and what was held is let
//! go. A request that changed nothing is settled by "saved through", and then
//! what was held is the newest there is.
//!
//! Echoes are matched by number, never counted: another tab's change, or
//! another device's, arriving between a save and its echo would make a count
//! take an old echo for the last one.

use std::collections::BTreeMap;

use crate::id::DocId;

#[derive(Debug, Default)]
pub struct PendingSaves(BTreeMap<DocId, u64>);

impl PendingSaves {
    /// Request `seq` (a save, or a screen about to edit) about `id` was sent.
    pub fn sent(&mut self, id: &DocId, seq: u64) {
        let latest = self.0.entry(id.clone()).or_default();
        *latest = (*latest).max(seq);
    }

    /// The worker says `id` changed, answering this page's request `echo`
    /// (none: another screen's or device's change). Whether to show it now.
    pub fn changed(&mut self, id: &DocId, echo: Option<u64>) -> bool {
        match (self.0.get(id), echo) {
            (None, _) => true,
            (Some(latest), Some(seq)) if seq >= *latest => {
                self.0.remove(id);
                true
            }
            _ => false,
        }
    }

    /// Every request up to `through` is settled. The documents whose latest
    /// request is among them wait no more, and are returned: what was held
    /// back of them can be shown.
    pub fn saved_through(&mut self, through: u64) -> Vec<DocId> {
        let settled: Vec<DocId> = self
            .0
            .iter()
            .filter(|(_, latest)| **latest <= through)
            .map(|(id, _)| id.clone())
            .collect();
        for id in &settled {
            self.0.remove(id);
        }
        settled
    }

    /// The worker refused a request without naming it: stop waiting for
    /// echoes, so the worker's next word is shown again. Returns the
    /// documents that were waiting.
    pub fn clear(&mut self) -> Vec<DocId> {
        std::mem::take(&mut self.0).into_keys().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> DocId {
        DocId::from_random([n; 16])
    }

    #[test]
    fn only_the_answer_to_the_latest_request_is_shown() {
        let mut pending = PendingSaves::default();
        pending.sent(&id(1), 1);
        pending.sent(&id(1), 2);
        pending.sent(&id(2), 3);
        assert!(!pending.changed(&id(1), Some(1)), "request 2 is on its way");
        assert!(pending.changed(&id(2), Some(3)));
        assert!(
            pending.changed(&id(1), Some(2)),
            "the latest request's answer"
        );
        assert!(
            pending.changed(&id(1), None),
            "a change from elsewhere, nothing waiting"
        );
    }

    #[test]
    fn news_from_another_screen_never_stands_in_for_an_echo() {
        // The case a count got wrong: another tab opened the session between
        // two keystrokes here, and its answer was taken for this page's.
        let mut pending = PendingSaves::default();
        pending.sent(&id(1), 4);
        pending.sent(&id(1), 5);
        assert!(!pending.changed(&id(1), None), "another tab's news");
        assert!(
            !pending.changed(&id(1), Some(4)),
            "still older than request 5"
        );
        assert!(pending.changed(&id(1), Some(5)));
    }

    #[test]
    fn an_answer_to_a_later_request_about_something_else_is_as_new() {
        // Starting a response publishes its survey in the project: that
        // answer comes after every earlier save of the project.
        let mut pending = PendingSaves::default();
        pending.sent(&id(1), 2);
        assert!(pending.changed(&id(1), Some(6)));
    }

    #[test]
    fn saved_through_settles_requests_that_changed_nothing() {
        let mut pending = PendingSaves::default();
        pending.sent(&id(1), 1);
        pending.sent(&id(2), 2);
        pending.sent(&id(3), 4);
        assert_eq!(pending.saved_through(2), vec![id(1), id(2)]);
        assert!(pending.changed(&id(1), None), "nothing waits now");
        assert!(!pending.changed(&id(3), None), "request 4 is unanswered");
        assert_eq!(pending.saved_through(4), vec![id(3)]);
        assert!(pending.saved_through(9).is_empty());
    }

    #[test]
    fn a_refusal_stops_the_waiting() {
        let mut pending = PendingSaves::default();
        pending.sent(&id(1), 1);
        pending.sent(&id(2), 2);
        assert_eq!(pending.clear(), vec![id(1), id(2)]);
        assert!(pending.changed(&id(1), None));
    }
}
