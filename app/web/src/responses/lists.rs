//! The lists of projects, sessions and responses, read first from the
//! summary index and then kept up to date from the worker; and the saves of
//! projects and sessions, each based on the heads of what is on screen.

use super::*;

impl Responses {
    /// Replaces every list with `items`, sorted newest first.
    pub(super) fn accept(self, items: Vec<(DocId, Summary)>) {
        let (mut list, mut projects, mut sessions) = (Vec::new(), Vec::new(), Vec::new());
        for (id, summary) in items {
            match summary {
                Summary::Response(s) => list.push((id, s)),
                Summary::Project(p) => projects.push((id, p)),
                Summary::Session(s) => sessions.push((id, s)),
                Summary::Newer => self.note_newer(&id),
                Summary::Erased => {}
            }
        }
        sort(&mut list, |s| s.updated);
        sort(&mut projects, |p| p.updated);
        sort(&mut sessions, |s| s.updated);
        self.list.set(list);
        self.projects.set(projects);
        self.sessions.set(sessions);
    }

    pub(super) fn merge(self, items: Vec<(DocId, Summary)>) {
        let mut known = std::collections::BTreeSet::new();
        self.list
            .with_untracked(|l| known.extend(l.iter().map(|(id, _)| id.clone())));
        self.projects
            .with_untracked(|l| known.extend(l.iter().map(|(id, _)| id.clone())));
        self.sessions
            .with_untracked(|l| known.extend(l.iter().map(|(id, _)| id.clone())));
        for (id, summary) in items {
            if known.contains(&id) {
                continue;
            }
            match summary {
                Summary::Response(s) => upsert(self.list, id, s, |s| s.updated),
                Summary::Project(p) => upsert(self.projects, id, p, |p| p.updated),
                Summary::Session(s) => upsert(self.sessions, id, s, |s| s.updated),
                Summary::Newer => self.note_newer(&id),
                Summary::Erased => {}
            }
        }
    }

    /// Many responses' new summaries at once (an import): the list is
    /// updated and sorted once, where one change at a time would sort it
    /// thousands of times; anything else is taken as its own change.
    pub(super) fn responses_changed(self, items: Vec<(DocId, Summary)>) {
        let mut responses = Vec::new();
        for (id, summary) in items {
            match summary {
                Summary::Response(s) => responses.push((id, s)),
                summary => self.receive(FromWorker::Changed {
                    id,
                    summary,
                    heads: Default::default(),
                    echo: None,
                }),
            }
        }
        if responses.is_empty() {
            return;
        }
        let ids: std::collections::BTreeSet<DocId> =
            responses.iter().map(|(id, _)| id.clone()).collect();
        self.list.update(|list| {
            list.retain(|(id, _)| !ids.contains(id));
            list.extend(responses);
            sort(list, |s| s.updated);
        });
    }

    /// Remembers a document a newer version of Heard made, to say so.
    pub(super) fn note_newer(self, id: &DocId) {
        let short = id.short().to_owned();
        if !self
            .newer
            .with_untracked(|n| n.iter().any(|(s, _)| *s == short))
        {
            let item = self.saved_item(&short);
            self.newer.update(|n| n.push((short, item)));
        }
    }

    pub(super) fn shown(self, id: &DocId, heads: Heads) {
        // A list, not a map: a device holds few projects and sessions, and
        // each map type costs the first screen code.
        self.shown_heads.update_value(|h| {
            h.retain(|(other, _)| other != id);
            h.push((id.clone(), heads));
        });
    }

    /// The base of the next save of `id`: the heads of what is on screen,
    /// or none for content read from the index.
    pub(super) fn base(self, id: &DocId) -> Option<Heads> {
        self.shown_heads
            .with_value(|h| {
                h.iter()
                    .find(|(other, _)| other == id)
                    .map(|(_, heads)| heads.clone())
            })
            .filter(|h| !h.is_empty())
    }

    /// Whether news of `id` from the worker, answering this page's request
    /// `echo` if any, may be shown now (see [`PendingSaves`]).
    pub(super) fn may_show(self, id: &DocId, echo: Option<u64>) -> bool {
        self.pending
            .try_update_value(|p| p.changed(id, echo))
            .unwrap_or(true)
    }

    pub(super) fn forget(self, id: &DocId) {
        self.list.update(|l| l.retain(|(other, _)| other != id));
        self.projects.update(|l| l.retain(|(other, _)| other != id));
        self.sessions.update(|l| l.retain(|(other, _)| other != id));
    }

    pub fn summary(self, id: &DocId) -> Option<ResponseSummary> {
        self.list.with(|list| {
            list.iter()
                .find(|(other, _)| other == id)
                .map(|(_, s)| s.clone())
        })
    }

    /// Removes a response from the device for good (a person withdrew).
    /// Takes one card of a session out of it and out of its history.
    pub fn withdraw(self, id: &DocId, card: &str) {
        if let Some(mut session) = self.session(id) {
            session.cards.retain(|c| c.id != card);
            upsert(self.sessions, id.clone(), session, |s| s.updated);
        }
        let seq = self.change(ToWorker::Withdraw {
            id: id.clone(),
            item: card.to_owned(),
            now: browser::now(),
        });
        self.pending.update_value(|p| p.sent(id, seq));
    }

    pub fn erase(self, id: &DocId) {
        if self
            .opened
            .with_untracked(|o| o.as_ref().map(Opened::id) == Some(id))
        {
            self.opened.set(None);
        }
        self.forget(id);
        self.change(ToWorker::Erase { id: id.clone() });
    }

    /// Where "back to the list" leads from a response: its project.
    pub fn home_of(self, response: &DocId) -> Route {
        match self.summary(response).and_then(|s| s.project) {
            Some(project) => Route::Project { project },
            None => Route::Home,
        }
    }

    pub fn project(self, id: &DocId) -> Option<Project> {
        self.projects.with(|l| {
            l.iter()
                .find(|(other, _)| other == id)
                .map(|(_, p)| p.clone())
        })
    }

    pub fn session(self, id: &DocId) -> Option<Session> {
        self.sessions.with(|l| {
            l.iter()
                .find(|(other, _)| other == id)
                .map(|(_, s)| s.clone())
        })
    }

    /// Creates or changes a project; the caller has checked it.
    /// Tells the worker this screen is about to edit project or session
    /// `id`: it sends the content as it is and makes the first save quick.
    pub fn prepare(self, id: &DocId) {
        // Its answer is the content as it was when asked: waited for like a
        // save's echo, so that when keystrokes follow at once it is not
        // shown over them.
        let seq = self.send(ToWorker::Open { id: id.clone() });
        self.pending.update_value(|p| p.sent(id, seq));
    }

    pub fn save_project(self, id: &DocId, project: Project) {
        upsert(self.projects, id.clone(), project.clone(), |p| p.updated);
        let seq = self.change(ToWorker::SaveProject {
            id: id.clone(),
            project,
            base: self.base(id),
            now: browser::now(),
        });
        self.pending.update_value(|p| p.sent(id, seq));
    }

    /// Creates or changes a session; the caller has checked it.
    pub fn save_session(self, id: &DocId, session: Session) {
        upsert(self.sessions, id.clone(), session.clone(), |s| s.updated);
        let seq = self.change(ToWorker::SaveSession {
            id: id.clone(),
            session,
            base: self.base(id),
            now: browser::now(),
        });
        self.pending.update_value(|p| p.sent(id, seq));
    }
}
