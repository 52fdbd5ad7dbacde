//! The automerge layout of a response document and typed access to it.
//!
//! Layout 1, at the root: `type` = "response", `layout` = 1, `survey` (str),
//! `started`, `updated` and, once finished, `completed` (ms since the epoch, int),
//! `position` (index of the question on screen, uint) and `answers`, a map from
//! question id to a uint (rating), a str (choice id) or a text object (free text).

use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value, transaction::Transactable};

use super::{Answer, LayoutError};
use crate::time::Timestamp;

const LAYOUT: u64 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseStatus {
    Draft,
    Complete,
}

/// What the response list needs, read without walking every answer's text.
/// It is also what the summary index stores, as JSON.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResponseSummary {
    pub survey: String,
    pub started: Timestamp,
    pub updated: Timestamp,
    pub completed: Option<Timestamp>,
    pub position: usize,
    pub answered: usize,
}

impl ResponseSummary {
    pub fn status(&self) -> ResponseStatus {
        if self.completed.is_some() { ResponseStatus::Complete } else { ResponseStatus::Draft }
    }
}

/// A response document. Every method that changes it commits one automerge
/// change stamped with the caller's time, ready to be saved.
#[derive(Debug)]
pub struct ResponseDoc {
    doc: AutoCommit,
}

type Result<T> = std::result::Result<T, LayoutError>;

impl ResponseDoc {
    /// Starts a new response. `actor` is the random id of this device's edits.
    pub fn new(actor: [u8; 16], survey: &str, now: Timestamp) -> ResponseDoc {
        let mut doc = AutoCommit::new().with_actor(automerge::ActorId::from(actor));
        let init = |doc: &mut AutoCommit| -> std::result::Result<(), automerge::AutomergeError> {
            doc.put(ROOT, "type", "response")?;
            doc.put(ROOT, "layout", LAYOUT)?;
            doc.put(ROOT, "survey", survey)?;
            doc.put(ROOT, "started", now.0)?;
            doc.put(ROOT, "updated", now.0)?;
            doc.put(ROOT, "position", 0u64)?;
            doc.put_object(ROOT, "answers", ObjType::Map)?;
            Ok(())
        };
        // Matching instead of `expect` keeps automerge's error formatting (and
        // its bytes) out of the browser bundle.
        if init(&mut doc).is_err() {
            unreachable!("writing fresh keys into an empty document cannot fail");
        }
        let mut response = ResponseDoc { doc };
        response.commit(now);
        response
    }

    /// Wraps a loaded document after checking it has the response layout.
    pub fn from_automerge(doc: AutoCommit) -> Result<ResponseDoc> {
        let response = ResponseDoc { doc };
        if response.str_field("type")? != "response" {
            return Err(LayoutError::NotAResponse);
        }
        match response.doc.get(ROOT, "layout") {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Uint(v) if *v <= LAYOUT => {}
                ScalarValue::Uint(v) => return Err(LayoutError::NewerLayout(*v)),
                _ => return Err(LayoutError::WrongType("layout".into())),
            },
            _ => return Err(LayoutError::Missing("layout")),
        }
        response.summary()?;
        response.answers_obj()?;
        Ok(response)
    }

    pub fn automerge_mut(&mut self) -> &mut AutoCommit {
        &mut self.doc
    }

    pub fn summary(&self) -> Result<ResponseSummary> {
        Ok(ResponseSummary {
            survey: self.str_field("survey")?,
            started: Timestamp(self.int_field("started")?.ok_or(LayoutError::Missing("started"))?),
            updated: Timestamp(self.int_field("updated")?.ok_or(LayoutError::Missing("updated"))?),
            completed: self.int_field("completed")?.map(Timestamp),
            position: match self.doc.get(ROOT, "position") {
                Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                    ScalarValue::Uint(v) => *v as usize,
                    _ => return Err(LayoutError::WrongType("position".into())),
                },
                _ => 0,
            },
            answered: self.doc.keys(self.answers_obj()?).count(),
        })
    }

    pub fn answer(&self, question: &str) -> Result<Option<Answer>> {
        let answers = self.answers_obj()?;
        let field = || LayoutError::WrongType(format!("answers.{question}"));
        match self.doc.get(&answers, question) {
            Ok(None) => Ok(None),
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Uint(n) => Ok(Some(Answer::Rating(u8::try_from(*n).map_err(|_| field())?))),
                ScalarValue::Str(id) => Ok(Some(Answer::Choice(id.to_string()))),
                _ => Err(field()),
            },
            Ok(Some((Value::Object(ObjType::Text), id))) => {
                Ok(Some(Answer::Text(self.doc.text(&id).map_err(|_| field())?)))
            }
            _ => Err(field()),
        }
    }

    /// The ids of every question that has an answer.
    pub fn answered_questions(&self) -> Vec<String> {
        self.answers_obj().map(|answers| self.doc.keys(answers).collect()).unwrap_or_default()
    }

    /// Records (or with `None`, clears) the answer to one question.
    pub fn set_answer(&mut self, question: &str, answer: Option<&Answer>, now: Timestamp) -> Result<()> {
        let answers = self.answers_obj()?;
        let written = match answer {
            None => self.doc.delete(&answers, question),
            Some(Answer::Rating(n)) => self.doc.put(&answers, question, u64::from(*n)),
            Some(Answer::Choice(id)) => self.doc.put(&answers, question, id.as_str()),
            Some(Answer::Text(text)) => {
                // Edit the existing text object so concurrent edits from another
                // device merge instead of one whole answer replacing the other.
                let existing = match self.doc.get(&answers, question) {
                    Ok(Some((Value::Object(ObjType::Text), id))) => Some(id),
                    _ => None,
                };
                let obj = match existing {
                    Some(id) => id,
                    None => self.doc.put_object(&answers, question, ObjType::Text).map_err(|_| LayoutError::WrongType("answers".into()))?,
                };
                self.doc.update_text(&obj, text)
            }
        };
        written.map_err(|_| LayoutError::WrongType(format!("answers.{question}")))?;
        self.touch(now);
        Ok(())
    }

    /// Remembers which question is on screen, so reopening returns to it.
    pub fn set_position(&mut self, position: usize, now: Timestamp) {
        self.put_root("position", position as u64);
        self.touch(now);
    }

    pub fn complete(&mut self, now: Timestamp) {
        self.put_root("completed", now.0);
        self.touch(now);
    }

    fn touch(&mut self, now: Timestamp) {
        self.put_root("updated", now.0);
        self.commit(now);
    }

    fn put_root(&mut self, key: &str, value: impl Into<ScalarValue>) {
        if self.doc.put(ROOT, key, value).is_err() {
            unreachable!("the root of a document is always a map");
        }
    }

    fn commit(&mut self, now: Timestamp) {
        self.doc.commit_with(automerge::transaction::CommitOptions::default().with_time(now.0));
    }

    fn answers_obj(&self) -> Result<ObjId> {
        match self.doc.get(ROOT, "answers") {
            Ok(Some((Value::Object(ObjType::Map), id))) => Ok(id),
            Ok(Some(_)) => Err(LayoutError::WrongType("answers".into())),
            _ => Err(LayoutError::Missing("answers")),
        }
    }

    fn str_field(&self, name: &'static str) -> Result<String> {
        match self.doc.get(ROOT, name) {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Str(text) => Ok(text.to_string()),
                _ => Err(LayoutError::WrongType(name.into())),
            },
            _ => Err(LayoutError::Missing(name)),
        }
    }

    fn int_field(&self, name: &'static str) -> Result<Option<i64>> {
        match self.doc.get(ROOT, name) {
            Ok(None) => Ok(None),
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Int(v) => Ok(Some(*v)),
                _ => Err(LayoutError::WrongType(name.into())),
            },
            _ => Err(LayoutError::WrongType(name.into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> ResponseDoc {
        ResponseDoc::new([7; 16], "example-support", Timestamp(1_000))
    }

    #[test]
    fn a_new_response_is_an_empty_draft() {
        let summary = fresh().summary().unwrap();
        assert_eq!(summary.survey, "example-support");
        assert_eq!(summary.started, Timestamp(1_000));
        assert_eq!(summary.status(), ResponseStatus::Draft);
        assert_eq!((summary.position, summary.answered), (0, 0));
    }

    #[test]
    fn answers_round_trip_through_save_and_load() {
        let mut r = fresh();
        r.set_answer("a", Some(&Answer::Rating(4)), Timestamp(2_000)).unwrap();
        r.set_answer("b", Some(&Answer::Choice("evening".into())), Timestamp(3_000)).unwrap();
        r.set_answer("c", Some(&Answer::Text("more buses".into())), Timestamp(4_000)).unwrap();
        r.set_answer("c", Some(&Answer::Text("more buses, please".into())), Timestamp(4_500)).unwrap();
        r.set_position(2, Timestamp(5_000));
        r.complete(Timestamp(6_000));

        let bytes = r.automerge_mut().save();
        let loaded = ResponseDoc::from_automerge(AutoCommit::load(&bytes).unwrap()).unwrap();
        assert_eq!(loaded.answer("a").unwrap(), Some(Answer::Rating(4)));
        assert_eq!(loaded.answer("b").unwrap(), Some(Answer::Choice("evening".into())));
        assert_eq!(loaded.answer("c").unwrap(), Some(Answer::Text("more buses, please".into())));
        assert_eq!(loaded.answer("z").unwrap(), None);
        let summary = loaded.summary().unwrap();
        assert_eq!(summary.position, 2);
        assert_eq!(summary.answered, 3);
        assert_eq!(summary.updated, Timestamp(6_000));
        assert_eq!(summary.completed, Some(Timestamp(6_000)));
    }

    #[test]
    fn clearing_an_answer_removes_it() {
        let mut r = fresh();
        r.set_answer("a", Some(&Answer::Rating(1)), Timestamp(2_000)).unwrap();
        r.set_answer("a", None, Timestamp(3_000)).unwrap();
        assert_eq!(r.answer("a").unwrap(), None);
        assert_eq!(r.summary().unwrap().answered, 0);
    }

    #[test]
    fn documents_without_the_response_layout_are_refused() {
        let check = |build: &dyn Fn(&mut AutoCommit), expected: LayoutError| {
            let mut doc = AutoCommit::new();
            build(&mut doc);
            assert_eq!(ResponseDoc::from_automerge(doc).unwrap_err(), expected);
        };
        check(&|_| {}, LayoutError::Missing("type"));
        check(&|d| { d.put(ROOT, "type", "session").unwrap(); }, LayoutError::NotAResponse);
        check(&|d| { d.put(ROOT, "type", 3).unwrap(); }, LayoutError::WrongType("type".into()));
        check(&|d| { d.put(ROOT, "type", "response").unwrap(); }, LayoutError::Missing("layout"));
        check(
            &|d| {
                d.put(ROOT, "type", "response").unwrap();
                d.put(ROOT, "layout", 9u64).unwrap();
            },
            LayoutError::NewerLayout(9),
        );
        check(
            &|d| {
                d.put(ROOT, "type", "response").unwrap();
                d.put(ROOT, "layout", 1u64).unwrap();
                d.put(ROOT, "survey", "s").unwrap();
                d.put(ROOT, "started", "yesterday").unwrap();
            },
            LayoutError::WrongType("started".into()),
        );
        let mut no_answers = fresh();
        no_answers.automerge_mut().delete(ROOT, "answers").unwrap();
        assert_eq!(ResponseDoc::from_automerge(no_answers.doc).unwrap_err(), LayoutError::Missing("answers"));
    }
}
