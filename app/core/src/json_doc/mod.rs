//! Documents whose content is plain serde data: projects and sessions.
//!
//! Layout 2, at the root: `type` (the kind, e.g. "project"), `layout` = 2, and
//! `data`, the content laid out as [`layout`] describes (collections by id
//! with their order apart, texts as automerge Text). A layout-1 document is
//! upgraded when it is opened ([`migrate`]).
//!
//! A screen saves whole content, but what is applied is only what the person
//! changed: each screen (a client) has a *view*, a fork of the document as
//! that screen last showed it plus its own edits. A save is diffed against
//! the view ([`diff`]), the edits are made on the view ([`apply`]), and the
//! view's new change is merged into the document. So a change merged from
//! elsewhere that the screen has not shown yet is concurrent with the screen's
//! edit, never overwritten by it.

mod apply;
mod diff;
mod edit;
mod layout;
mod migrate;
mod refresh;

use std::{cell::OnceCell, collections::BTreeMap};

use automerge::{
    ActorId, AutoCommit, ChangeHash, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value,
    transaction::{CommitOptions, Transactable},
};
use serde::{Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};

pub use apply::{apply, apply_all};
pub use diff::{NEWER_KIND, diff};
pub use edit::{Edit, Path, Step};
pub use layout::{COLLECTION_KEYS, Context, TEXT_KEYS};

use crate::{response::LayoutError, time::Timestamp};

pub const LAYOUT: u64 = 2;

/// Which screen a save comes from: one per open tab.
pub type ClientId = u64;

#[derive(Debug)]
pub struct JsonDoc {
    doc: AutoCommit,
    views: BTreeMap<ClientId, View>,
    /// The heads when the document was created or opened: what a screen that
    /// read the summary index (and so names no heads) was showing.
    opened_at: Vec<ChangeHash>,
    /// The content as JSON, read once and kept up to date by every edit made
    /// here (see [`refresh`]); emptied by anything else that may change it.
    json: OnceCell<serde_json::Value>,
}

/// One screen's fork of the document.
#[derive(Debug)]
struct View {
    doc: AutoCommit,
    /// The heads the screen last said it showed.
    base: Vec<ChangeHash>,
    /// The view's content as JSON while the view's document is only changed
    /// by the screen's own saves.
    json: Option<serde_json::Value>,
    /// The same as the screen's type reads it: what a save is diffed against.
    shown: Option<serde_json::Value>,
}

impl View {
    fn new(doc: AutoCommit, base: Vec<ChangeHash>) -> View {
        View {
            doc,
            base,
            json: None,
            shown: None,
        }
    }
}

impl JsonDoc {
    /// A new document of `kind` holding `content`. `actor` is the random id
    /// of this session's edits.
    pub fn new<T: Serialize>(actor: [u8; 16], kind: &str, content: &T, now: Timestamp) -> JsonDoc {
        let mut doc = AutoCommit::new();
        doc.set_actor(ActorId::from(actor));
        let content = serde_json::to_value(content).unwrap_or(serde_json::Value::Null);
        let setup = (|| {
            doc.put(ROOT, "type", kind)?;
            doc.put(ROOT, "layout", LAYOUT)?;
            let data = doc.put_object(ROOT, "data", ObjType::Map)?;
            if let serde_json::Value::Object(map) = &content {
                for (key, value) in map {
                    let place = layout::Place::Put(key.clone().into());
                    layout::write_new(&mut doc, &data, place, value, Context::default().key(key))?;
                }
            }
            Ok::<_, automerge::AutomergeError>(())
        })();
        if setup.is_err() {
            unreachable!("writing fresh keys into a new document's root cannot fail");
        }
        doc.commit_with(CommitOptions::default().with_time(now.0));
        let opened_at = doc.get_heads();
        JsonDoc {
            doc,
            views: BTreeMap::new(),
            opened_at,
            json: OnceCell::new(),
        }
    }

    /// Accepts a loaded document when it is a `kind` document of a layout
    /// this app knows, upgrading layout 1. A newer layout is
    /// [`LayoutError::NewerLayout`]: the caller keeps such a document as it is.
    pub fn from_automerge(mut doc: AutoCommit, kind: &str) -> Result<JsonDoc, LayoutError> {
        match doc.get(ROOT, "type") {
            Ok(Some((Value::Scalar(s), _))) if matches!(s.as_ref(), ScalarValue::Str(k) if k == kind) =>
                {}
            _ => return Err(LayoutError::WrongKind(kind.to_owned())),
        }
        let layout = match doc.get(ROOT, "layout") {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Uint(v) => *v,
                ScalarValue::Int(v) if *v >= 0 => *v as u64,
                _ => return Err(LayoutError::WrongType("layout".into())),
            },
            _ => return Err(LayoutError::Missing("layout")),
        };
        match layout {
            1 => migrate::upgrade_to_2(&mut doc)?,
            LAYOUT => {}
            v if v > LAYOUT => return Err(LayoutError::NewerLayout(v)),
            _ => return Err(LayoutError::WrongType("layout".into())),
        }
        let opened_at = doc.get_heads();
        let json = JsonDoc {
            doc,
            views: BTreeMap::new(),
            opened_at,
            json: OnceCell::new(),
        };
        data(&json.doc)?;
        Ok(json)
    }

    /// The content as JSON, fields this version does not know included.
    pub fn json(&self) -> &serde_json::Value {
        self.json.get_or_init(|| read_all(&self.doc))
    }

    /// The content, or why it cannot be read as a `T`.
    pub fn read<T: DeserializeOwned>(&self) -> Result<T, LayoutError> {
        T::deserialize(self.json()).map_err(|e| LayoutError::WrongType(e.to_string()))
    }

    /// Saves what screen `client` now shows. `base` is the heads of the
    /// content it last took from the worker (`None`: what it read from the
    /// index, which is the document as opened). Only what the screen changed
    /// since is applied, as one change stamped `now`. Returns whether
    /// anything changed.
    pub fn save<T: Serialize + DeserializeOwned>(
        &mut self,
        client: ClientId,
        base: Option<&[ChangeHash]>,
        content: &T,
        now: Timestamp,
    ) -> Result<bool, LayoutError> {
        let mut view = self.view(client, base);
        let saved = self.save_in(&mut view, content, now);
        self.views.insert(client, view);
        saved
    }

    /// Makes screen `client`'s view the document as it is now, read as a `T`:
    /// for a screen about to edit, which is sent the content and heads.
    pub fn prepare<T: Serialize + DeserializeOwned>(&mut self, client: ClientId) {
        let heads = self.doc.get_heads();
        let mut view = self.view(client, Some(&heads));
        if view.json.is_none() {
            view.json = Some(read_all(&view.doc));
        }
        if view.shown.is_none() {
            view.shown = view.json.as_ref().and_then(|j| typed::<T>(j).ok());
        }
        self.views.insert(client, view);
    }

    fn save_in<T: Serialize + DeserializeOwned>(
        &mut self,
        view: &mut View,
        content: &T,
        now: Timestamp,
    ) -> Result<bool, LayoutError> {
        let json = view.json.take().unwrap_or_else(|| read_all(&view.doc));
        let old = match view.shown.take() {
            Some(shown) => shown,
            None => typed::<T>(&json)?,
        };
        let new =
            serde_json::to_value(content).map_err(|e| LayoutError::WrongType(e.to_string()))?;
        // When the view holds all the document does, the document after the
        // merge below is the view, and so is its JSON.
        let same = self.doc.get_heads() == view.doc.get_heads();
        let edits = diff(&old, &new, Context::default());
        if edits.is_empty() {
            view.json = Some(json);
            view.shown = Some(old);
            return Ok(false);
        }
        let root = data(&view.doc)?;
        if let Err(e) = apply_all(&mut view.doc, &root, &edits) {
            view.doc.rollback();
            return Err(LayoutError::WrongType(e.to_string()));
        }
        view.doc
            .commit_with(CommitOptions::default().with_time(now.0));
        let mut json = json;
        if !refresh::refresh(&view.doc, &root, &mut json, &edits) {
            json = read_all(&view.doc);
        }
        self.doc
            .merge(&mut view.doc)
            .map_err(|e| LayoutError::WrongType(e.to_string()))?;
        self.json = if same {
            OnceCell::from(json.clone())
        } else {
            OnceCell::new()
        };
        view.json = Some(json);
        // What the screen now shows is what it sent.
        view.shown = Some(new);
        Ok(true)
    }

    /// Makes the content `content`, changing only what differs from the
    /// content as it is now (fields this version does not know are kept).
    pub fn write<T: Serialize + DeserializeOwned>(
        &mut self,
        content: &T,
        now: Timestamp,
    ) -> Result<(), LayoutError> {
        let old = typed::<T>(self.json())?;
        let new =
            serde_json::to_value(content).map_err(|e| LayoutError::WrongType(e.to_string()))?;
        let edits = diff(&old, &new, Context::default());
        if edits.is_empty() {
            return Ok(());
        }
        self.edit(&edits, now)
    }

    /// Makes `edits` on the document as it is now, as one change.
    pub fn edit(&mut self, edits: &[Edit], now: Timestamp) -> Result<(), LayoutError> {
        let root = data(&self.doc)?;
        let json = self.json.take();
        if let Err(e) = apply_all(&mut self.doc, &root, edits) {
            self.doc.rollback();
            return Err(LayoutError::WrongType(e.to_string()));
        }
        self.doc
            .commit_with(CommitOptions::default().with_time(now.0));
        if let Some(mut json) = json
            && refresh::refresh(&self.doc, &root, &mut json, edits)
        {
            self.json = OnceCell::from(json);
        }
        Ok(())
    }

    /// The screen's view, brought to `base` when the screen has since taken
    /// newer content from the worker.
    fn view(&mut self, client: ClientId, base: Option<&[ChangeHash]>) -> View {
        let heads = self.doc.get_heads();
        let wanted: Vec<ChangeHash> = match base {
            Some(base)
                if !base.is_empty()
                    && base
                        .iter()
                        .all(|h| self.doc.get_change_by_hash(h).is_some()) =>
            {
                sorted(base)
            }
            // Heads this document does not have (a stale tab after a
            // reload of the worker): the screen is taken to show the
            // document as it is now.
            Some(_) => heads.clone(),
            None => self
                .views
                .get(&client)
                .map_or_else(|| self.opened_at.clone(), |v| v.base.clone()),
        };
        let actor = crate::history::actor(client_actor(client).to_bytes(), &self.doc);
        let current = self.views.remove(&client);
        match current {
            Some(view) if view.base == wanted => view,
            Some(mut view) if wanted == heads => {
                let before = view.doc.get_heads();
                let _ = view.doc.merge(&mut self.doc);
                // Usually the screen has just taken the view's own last save
                // back: nothing came in, and the view's JSON still holds.
                if view.doc.get_heads() == before {
                    View {
                        base: wanted,
                        ..view
                    }
                } else {
                    View::new(view.doc, wanted)
                }
            }
            current => {
                let mut fork = if wanted == heads {
                    self.doc.fork()
                } else {
                    self.doc
                        .fork_at(&wanted)
                        .unwrap_or_else(|_| self.doc.fork())
                };
                // The screen's own earlier edits are part of what it shows:
                // those in its view here, and those the documents' previous
                // owner made for it (a save that owner committed but could
                // not confirm, sent again now, must find itself applied).
                let merged = match current {
                    Some(mut old) => {
                        let _ = fork.merge(&mut old.doc);
                        true
                    }
                    None if wanted != heads => {
                        let own: Vec<automerge::Change> = self
                            .doc
                            .get_changes(&wanted)
                            .into_iter()
                            .filter(|c| *c.actor_id() == actor)
                            .collect();
                        let any = !own.is_empty();
                        let _ = fork.apply_changes(own);
                        any
                    }
                    None => false,
                };
                fork.set_actor(actor);
                let mut view = View::new(fork, wanted);
                // A fresh fork of the document as it is holds its content.
                if !merged && view.base == heads {
                    view.json = self.json.get().cloned();
                }
                view
            }
        }
    }

    pub fn heads(&mut self) -> Vec<ChangeHash> {
        sorted(&self.doc.get_heads())
    }

    pub fn automerge(&self) -> &AutoCommit {
        &self.doc
    }

    /// The document, to change it some other way than by [`JsonDoc::edit`]
    /// (merging changes, audio entries): the cached JSON is let go.
    pub fn automerge_mut(&mut self) -> &mut AutoCommit {
        self.json = OnceCell::new();
        &mut self.doc
    }

    /// The document, to save it or read its heads: what is done through this
    /// must not change the content, since the cached JSON is kept.
    pub fn automerge_to_store(&mut self) -> &mut AutoCommit {
        &mut self.doc
    }
}

fn sorted(heads: &[ChangeHash]) -> Vec<ChangeHash> {
    let mut heads = heads.to_vec();
    heads.sort();
    heads
}

fn data(doc: &AutoCommit) -> Result<ObjId, LayoutError> {
    match doc.get(ROOT, "data") {
        Ok(Some((Value::Object(ObjType::Map), id))) => Ok(id),
        Ok(Some(_)) => Err(LayoutError::WrongType("data".into())),
        _ => Err(LayoutError::Missing("data")),
    }
}

fn read_all(doc: &AutoCommit) -> serde_json::Value {
    match data(doc) {
        Ok(data) => layout::read(doc, &data, Context::default()),
        Err(_) => serde_json::Value::Null,
    }
}

/// `json` as a `T` sees it, back as JSON: what a screen of type `T` shows.
fn typed<T: Serialize + DeserializeOwned>(
    json: &serde_json::Value,
) -> Result<serde_json::Value, LayoutError> {
    let content = T::deserialize(json).map_err(|e| LayoutError::WrongType(e.to_string()))?;
    serde_json::to_value(content).map_err(|e| LayoutError::WrongType(e.to_string()))
}

/// The actor of one screen's edits, derived from the screen's random id
/// alone, so that whichever worker owns the documents, a screen's edits are
/// known as its own (see [`JsonDoc::view`]). A screen's edits are only ever
/// made by the one owner of the moment, and only what is committed to
/// storage leaves it, so the actor's change numbers never repeat.
fn client_actor(client: ClientId) -> ActorId {
    let mut hash = Sha256::new();
    hash.update(b"heard screen");
    hash.update(client.to_le_bytes());
    let bytes: [u8; 16] = hash.finalize()[..16].try_into().unwrap_or([0; 16]);
    ActorId::from(bytes)
}

#[cfg(test)]
mod tests;
