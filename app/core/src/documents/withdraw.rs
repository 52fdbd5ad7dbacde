//! Withdrawing one card or one answer: someone asks for their words to be
//! taken out. Deleting them would leave them in automerge's history, which
//! every device (and, later, sync) keeps, so the document is rewritten into a
//! fresh history that never held them, under the same id: its old chunks are
//! replaced by one snapshot in a single write. Changes from the old history
//! can never join the new one: they descend from a first change the new
//! history does not have, and [`Documents::receive`] refuses a second first
//! change.

use automerge::{
    ActorId, AutoCommit, AutomergeError, ObjId, ObjType, Prop, ROOT, ReadDoc, Value,
    transaction::{CommitOptions, Transactable},
};
use sha2::{Digest, Sha256};

use super::{Documents, Outcome, doc::Doc};
use crate::{id::DocId, time::Timestamp, worker_api::FromWorker};

/// A path of map keys from the root.
type Path<'a> = &'a [&'a str];

impl Documents {
    /// Takes `item` (a card of a session, a question's answer in a response)
    /// out of document `id` and out of its history.
    pub fn withdraw(&mut self, id: DocId, item: &str, now: Timestamp) -> Outcome {
        let Some(entry) = self.entries.get_mut(&id) else {
            return Outcome::event(FromWorker::Missing { id });
        };
        let (skip, drop_from_order): (Vec<Vec<&str>>, Option<Vec<&str>>) = match &entry.doc {
            Doc::Session(_) => (
                vec![vec!["data", "cards", "items", item], vec!["audio", item]],
                Some(vec!["data", "cards", "order"]),
            ),
            Doc::Response(_) => (vec![vec!["answers", item]], None),
            _ => return Outcome::rejected(format!("{} holds nothing to withdraw", id.short())),
        };
        let old = entry.doc.automerge_mut();
        let mut hash = Sha256::new();
        hash.update(b"heard: withdrawn");
        for head in old.get_heads() {
            hash.update(head.0);
        }
        // Two devices withdrawing from the same state (the same item or
        // another) must not start their fresh histories with one actor.
        hash.update(item.as_bytes());
        hash.update(self.actor);
        let fresh_actor: [u8; 16] = hash.finalize()[..16].try_into().unwrap_or([0; 16]);
        let mut fresh = AutoCommit::new().with_actor(ActorId::from(fresh_actor));
        let skip: Vec<Path> = skip.iter().map(Vec::as_slice).collect();
        let copied = copy_map(
            old,
            &ROOT,
            &mut fresh,
            &ROOT,
            &mut Vec::new(),
            &skip,
            drop_from_order.as_deref(),
            item,
        );
        if copied.is_err() {
            return Outcome::rejected(format!("{} could not be rewritten", id.short()));
        }
        let withdrawn: Vec<String> = crate::history::withdrawn(old)
            .into_iter()
            .chain([item.to_owned()])
            .collect();
        let from: Vec<String> = old.get_heads().iter().map(ToString::to_string).collect();
        let named = crate::history::name_rewrite(&mut fresh, &hex(&fresh_actor), &from, &withdrawn);
        if named.is_err() {
            return Outcome::rejected(format!("{} could not be rewritten", id.short()));
        }
        fresh.commit_with(CommitOptions::default().with_time(now.0));
        // Later edits are this worker's, under an actor of the new history.
        let actor = crate::history::actor(&self.actor, &fresh);
        fresh.set_actor(actor);
        let Ok(doc) = Doc::from_automerge(fresh) else {
            return Outcome::rejected(format!("{} could not be rewritten", id.short()));
        };
        entry.doc = doc;
        entry.stored.replace_history();
        self.changed(&id)
    }
}

#[allow(clippy::too_many_arguments)]
fn copy_map(
    from: &AutoCommit,
    src: &ObjId,
    to: &mut AutoCommit,
    dst: &ObjId,
    path: &mut Vec<String>,
    skip: &[Path],
    drop_from_order: Option<Path>,
    item: &str,
) -> Result<(), AutomergeError> {
    for key in from.keys(src).collect::<Vec<_>>() {
        path.push(key.clone());
        let here =
            |p: &Path| p.len() == path.len() && p.iter().zip(path.iter()).all(|(a, b)| a == b);
        if !skip.iter().any(here) {
            let order = drop_from_order.as_ref().is_some_and(here);
            copy_value(
                from,
                src,
                Prop::Map(key.clone()),
                to,
                dst,
                Prop::Map(key),
                path,
                skip,
                drop_from_order,
                item,
                order,
            )?;
        }
        path.pop();
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn copy_value(
    from: &AutoCommit,
    src: &ObjId,
    prop: Prop,
    to: &mut AutoCommit,
    dst: &ObjId,
    at: Prop,
    path: &mut Vec<String>,
    skip: &[Path],
    drop_from_order: Option<Path>,
    item: &str,
    is_order: bool,
) -> Result<(), AutomergeError> {
    let Some((value, obj)) = from.get(src, prop)? else {
        return Ok(());
    };
    let make = |to: &mut AutoCommit, ty| match &at {
        Prop::Map(key) => to.put_object(dst, key.as_str(), ty),
        Prop::Seq(i) => to.insert_object(dst, *i, ty),
    };
    match value {
        Value::Scalar(s) => match &at {
            Prop::Map(key) => to.put(dst, key.as_str(), s.into_owned()),
            Prop::Seq(i) => to.insert(dst, *i, s.into_owned()),
        },
        Value::Object(ObjType::Map | ObjType::Table) => {
            let child = make(to, ObjType::Map)?;
            copy_map(from, &obj, to, &child, path, skip, drop_from_order, item)
        }
        Value::Object(ObjType::Text) => {
            let child = make(to, ObjType::Text)?;
            let text = from.text(&obj)?;
            to.splice_text(&child, 0, 0, &text)
        }
        Value::Object(ObjType::List) => {
            let child = make(to, ObjType::List)?;
            let mut n = 0;
            for i in 0..from.length(&obj) {
                if is_order
                    && matches!(from.get(&obj, i)?, Some((Value::Scalar(s), _))
                        if s.as_str() == Some(item))
                {
                    continue;
                }
                copy_value(
                    from,
                    &obj,
                    Prop::Seq(i),
                    to,
                    &child,
                    Prop::Seq(n),
                    path,
                    skip,
                    drop_from_order,
                    item,
                    false,
                )?;
                n += 1;
            }
            Ok(())
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use crate::{
        documents::{Documents, flush},
        id::DocId,
        response::{Answer, Consent, Mode, Presentation, ResponseSetup},
        session::{Card, Session},
        storage::{BlobKey, MemoryStorage, Storage},
        summary::Summary,
        time::Timestamp,
        worker_api::{FromWorker, ToWorker},
    };

    const MARKER: &str = "zebra-marker-7731";

    fn id(n: u8) -> DocId {
        DocId::from_random([n; 16])
    }

    /// Whether any stored byte sequence (chunks, blobs) holds `needle`,
    /// after automerge's own decoding (columns may be compressed).
    async fn stored_anywhere(storage: &MemoryStorage, doc: &DocId, needle: &str) -> bool {
        let chunks = storage.load_doc(doc).await.unwrap();
        let raw = chunks
            .iter()
            .any(|(_, b)| b.windows(needle.len()).any(|w| w == needle.as_bytes()));
        let mut whole = automerge::AutoCommit::new();
        for (_, bytes) in &chunks {
            let _ = whole.load_incremental(bytes);
        }
        let history = whole
            .get_changes(&[])
            .iter()
            .any(|c| format!("{:?}", c.decode()).contains(needle));
        raw || history
    }

    fn card(id: &str, text: &str, audio: bool) -> Card {
        Card {
            id: id.into(),
            text: text.into(),
            quote: false,
            feeling: None,
            topic: None,
            audio: audio.then(|| "audio/webm".into()),
            created: Timestamp(1),
            device: None,
        }
    }

    #[test]
    fn a_withdrawn_card_is_gone_from_the_history_and_the_other_cards_stay() {
        pollster::block_on(async {
            let storage = MemoryStorage::new();
            let docs = RefCell::new(Documents::start([1; 16], Vec::new()).0);
            let mut session = Session::new(id(9), "g", "2027-03-04", Timestamp(1));
            session.place = "Library".into();
            session.cards = vec![
                card("c1", "We like the café.", false),
                card("c2", "start", true),
                card("c3", "Bus late.", true),
            ];
            let save = |session: &Session, now| ToWorker::SaveSession {
                id: id(1),
                session: session.clone(),
                base: None,
                now: Timestamp(now),
            };
            docs.borrow_mut().handle(save(&session, 2));
            for (key, bytes) in [("c2", b"two".as_slice()), ("c3", b"three".as_slice())] {
                docs.borrow_mut().handle(ToWorker::SetAudio {
                    id: id(1),
                    key: key.into(),
                    mime: "audio/webm".into(),
                    data: bytes.to_vec(),
                    now: Timestamp(3),
                });
            }
            flush(&docs, &storage, &id(1)).await.unwrap();
            // Typed in several goes, so the words are spread over changes.
            for (n, text) in [
                "start",
                &format!("start {MARKER}"),
                &format!("I said {MARKER} then"),
            ]
            .iter()
            .enumerate()
            {
                session.cards[1].text = text.to_string();
                docs.borrow_mut().handle(save(&session, 4 + n as i64));
                flush(&docs, &storage, &id(1)).await.unwrap();
            }
            assert!(
                stored_anywhere(&storage, &id(1), MARKER).await,
                "the words are stored before"
            );

            let outcome = docs.borrow_mut().handle(ToWorker::Withdraw {
                id: id(1),
                item: "c2".into(),
                now: Timestamp(9),
            });
            assert_eq!(outcome.dirty, Some(id(1)));
            flush(&docs, &storage, &id(1)).await.unwrap();
            assert!(
                !stored_anywhere(&storage, &id(1), MARKER).await,
                "the words are nowhere in storage"
            );
            assert!(
                storage
                    .load_blob(&BlobKey::for_bytes(&id(1), b"two"))
                    .await
                    .unwrap()
                    .is_none(),
                "its recording is freed"
            );
            assert!(
                storage
                    .load_blob(&BlobKey::for_bytes(&id(1), b"three"))
                    .await
                    .unwrap()
                    .is_some(),
                "other recordings stay"
            );

            let (mut again, _, _) = Documents::load(
                [2; 16],
                storage.load_all().await.unwrap(),
                storage.load_index().await.unwrap(),
            );
            let Some((_, Summary::Session(kept))) = again.summaries().into_iter().next() else {
                panic!()
            };
            let texts: Vec<&str> = kept.cards.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(texts, ["We like the café.", "Bus late."]);
            assert_eq!(kept.place, "Library");
            assert_eq!(kept.cards[1].audio.as_deref(), Some("audio/webm"));
            let read = again
                .handle(ToWorker::GetAudio {
                    id: id(1),
                    key: "c3".into(),
                })
                .read_blob;
            assert!(
                read.is_some(),
                "the other card's recording is still referred to"
            );
        });
    }

    #[test]
    fn a_withdrawn_answer_is_gone_and_the_old_history_is_refused() {
        let mut docs = Documents::start([1; 16], Vec::new()).0;
        let mut other = Documents::start([2; 16], Vec::new()).0;
        docs.handle(ToWorker::Start {
            id: id(4),
            project: id(9),
            survey: "s".into(),
            setup: ResponseSetup {
                consent: Consent::Person,
                mode: Mode::Alone,
                respondent: "R-234567".into(),
                device: None,
                language: None,
            },
            presentation: Presentation::STANDARD,
            now: Timestamp(1),
        });
        for (q, text) in [
            ("why", format!("because {MARKER}")),
            ("else", "More trips".to_owned()),
        ] {
            docs.handle(ToWorker::SetAnswer {
                id: id(4),
                question: q.into(),
                answer: Some(Answer::Text(text)),
                now: Timestamp(2),
            });
        }
        // Another device has the old history.
        let old = docs.changes_since(&id(4), &[]);
        other.receive(id(4), &old);
        docs.handle(ToWorker::Withdraw {
            id: id(4),
            item: "why".into(),
            now: Timestamp(3),
        });
        let opened = docs.handle(ToWorker::Open { id: id(4) });
        let [FromWorker::Opened { answers, setup, .. }] = &opened.events[..] else {
            panic!("{opened:?}")
        };
        assert_eq!(
            answers,
            &[("else".to_owned(), Answer::Text("More trips".into()))]
        );
        assert!(setup.is_some(), "consent and mode are kept");
        let new = docs.changes_since(&id(4), &[]);
        assert!(
            new.iter()
                .all(|c| !String::from_utf8_lossy(c).contains(MARKER))
        );
        // The old history from the other device never comes back.
        let refused = docs.receive(id(4), &old);
        assert!(
            refused.superseded && refused.changes_refused.is_none(),
            "{refused:?}"
        );
        assert_eq!(refused.dirty, None);
        let opened = docs.handle(ToWorker::Open { id: id(4) });
        let [FromWorker::Opened { answers, .. }] = &opened.events[..] else {
            panic!()
        };
        assert_eq!(answers.len(), 1);
    }
}
