//! The automerge layout of a response document and typed access to it.
//!
//! Layout 1, at the root: `type` = "response", `layout` = 1, `project` (doc id,
//! str), `survey` (str, an id within the project),
//! `started`, `updated` and, once finished, `completed` (ms since the epoch, int),
//! `setup` (JSON of [`ResponseSetup`], written once when consent is given,
//! with the name of the device it was started on),
//! `supporter_notes` (a text object kept apart from the answers),
//! `survey_version` (uint) and `survey_version_id` (str): the version of the
//! survey it answers (see [`VersionRef`]; absent in responses made before
//! versions existed),
//! `position` (index of the question on screen, uint) and `answers`, a map from
//! question id to a uint (rating), a str (choice id), an f64 (number), a text
//! object (free text), or a map with a `type` key: `feeling` (`value`: str),
//! `date` (`value`: YYYY-MM-DD) or `choices` (`chosen`: map of choice id to
//! true, so two devices' ticks merge; `other`: text object).

use automerge::{
    AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value, hydrate,
    transaction::Transactable,
};

use super::{Answer, Feeling, LayoutError, Mode, Presentation, ResponseSetup};
use crate::{id::DocId, survey::VersionRef, time::Timestamp};

pub(crate) const LAYOUT: u64 = 1;
/// The `type` of a response document.
pub(crate) const KIND: &str = "response";
/// The prefix of a root key marking an answer as a quote.
const QUOTE: &str = "quote:";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseStatus {
    Draft,
    Complete,
}

/// What the response list needs, read without walking every answer's text.
/// It is also what the summary index stores, as JSON.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResponseSummary {
    /// The project whose survey this answers (none for responses made before
    /// projects existed).
    #[serde(default)]
    pub project: Option<DocId>,
    pub survey: String,
    pub started: Timestamp,
    pub updated: Timestamp,
    pub completed: Option<Timestamp>,
    pub position: usize,
    pub answered: usize,
    /// Who answered, when the response was started with consent recorded.
    #[serde(default)]
    pub mode: Option<Mode>,
    /// How the questions looked (standard for responses made before the
    /// choice existed).
    #[serde(default)]
    pub presentation: Presentation,
    /// The version of the survey it answers. None for responses made before
    /// versions existed, which read as version 1: the survey as first
    /// published, or as it is now if it never was
    /// ([`crate::project::Project::survey_version`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_version: Option<VersionRef>,
    /// The name of the device it was started on, from its setup (none when
    /// the device had no name, or before devices had names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// The language it was answered in, from its setup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl ResponseSummary {
    pub fn status(&self) -> ResponseStatus {
        if self.completed.is_some() {
            ResponseStatus::Complete
        } else {
            ResponseStatus::Draft
        }
    }
}

/// A response document. Every method that changes it commits one automerge
/// change stamped with the caller's time, ready to be saved.
#[derive(Debug)]
pub struct ResponseDoc {
    doc: AutoCommit,
    /// Inside [`ResponseDoc::in_one_change`]: edits wait for its one commit.
    batched: bool,
}

type Result<T> = std::result::Result<T, LayoutError>;

impl ResponseDoc {
    /// Starts a new response. `actor` is the random id of this device's edits.
    pub fn new(actor: [u8; 16], project: &DocId, survey: &str, now: Timestamp) -> ResponseDoc {
        ResponseDoc::new_with(actor, project, survey, now, |_| {})
    }

    /// Starts a new response with the edits of `edit` in the same, one,
    /// change: an import makes thousands of responses of several steps.
    pub fn new_with(
        actor: [u8; 16],
        project: &DocId,
        survey: &str,
        now: Timestamp,
        edit: impl FnOnce(&mut ResponseDoc),
    ) -> ResponseDoc {
        let mut doc = AutoCommit::new().with_actor(automerge::ActorId::from(actor));
        let init = |doc: &mut AutoCommit| -> std::result::Result<(), automerge::AutomergeError> {
            doc.put(ROOT, "type", "response")?;
            doc.put(ROOT, "layout", LAYOUT)?;
            doc.put(ROOT, "project", project.as_str())?;
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
        let mut response = ResponseDoc {
            doc,
            batched: false,
        };
        response.in_one_change(now, edit);
        response
    }

    /// Wraps a loaded document after checking it has the response layout.
    pub fn from_automerge(doc: AutoCommit) -> Result<ResponseDoc> {
        let response = ResponseDoc {
            doc,
            batched: false,
        };
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
        let setup = self.setup();
        Ok(ResponseSummary {
            project: self
                .str_field("project")
                .ok()
                .and_then(|p| DocId::parse(&p).ok()),
            survey: self.str_field("survey")?,
            started: Timestamp(
                self.int_field("started")?
                    .ok_or(LayoutError::Missing("started"))?,
            ),
            updated: Timestamp(
                self.int_field("updated")?
                    .ok_or(LayoutError::Missing("updated"))?,
            ),
            completed: self.int_field("completed")?.map(Timestamp),
            position: match self.doc.get(ROOT, "position") {
                Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                    ScalarValue::Uint(v) => *v as usize,
                    _ => return Err(LayoutError::WrongType("position".into())),
                },
                _ => 0,
            },
            answered: self.doc.keys(self.answers_obj()?).count(),
            mode: setup.as_ref().map(|s| s.mode.clone()),
            device: setup.as_ref().and_then(|s| s.device.clone()),
            language: setup.and_then(|s| s.language),
            presentation: self.presentation(),
            survey_version: self.survey_version(),
        })
    }

    /// Records which version of its survey the response answers; done
    /// once, when it starts.
    pub fn set_survey_version(&mut self, version: &VersionRef, now: Timestamp) {
        self.put_root("survey_version", u64::from(version.version));
        self.put_root("survey_version_id", version.id.as_str());
        self.touch(now);
    }

    /// The version of its survey the response answers, if it names one.
    pub fn survey_version(&self) -> Option<VersionRef> {
        let version = match self.doc.get(ROOT, "survey_version") {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Uint(v) => u32::try_from(*v).ok()?,
                ScalarValue::Int(v) => u32::try_from(*v).ok()?,
                _ => return None,
            },
            _ => return None,
        };
        let id = self.str_field("survey_version_id").ok()?;
        Some(VersionRef { version, id })
    }

    pub fn answer(&self, question: &str) -> Result<Option<Answer>> {
        let answers = self.answers_obj()?;
        let field = || LayoutError::WrongType(format!("answers.{question}"));
        match self.doc.get(&answers, question) {
            Ok(None) => Ok(None),
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Uint(n) => {
                    Ok(Some(Answer::Rating(u8::try_from(*n).map_err(|_| field())?)))
                }
                ScalarValue::Str(id) => Ok(Some(Answer::Choice(id.to_string()))),
                ScalarValue::F64(n) => Ok(Some(Answer::Number(*n))),
                _ => Err(field()),
            },
            Ok(Some((Value::Object(ObjType::Text), id))) => {
                Ok(Some(Answer::Text(self.doc.text(&id).map_err(|_| field())?)))
            }
            Ok(Some((Value::Object(ObjType::Map), id))) => {
                self.tagged_answer(&id).map(Some).ok_or_else(field)
            }
            _ => Err(field()),
        }
    }

    /// Decodes an answer stored as a map with a `type` key.
    fn tagged_answer(&self, obj: &ObjId) -> Option<Answer> {
        let str_at = |key: &str| match self.doc.get(obj, key).ok()?? {
            (Value::Scalar(s), _) => s.as_str().map(str::to_owned),
            _ => None,
        };
        match str_at("type")?.as_str() {
            "feeling" => Some(Answer::Feeling(Feeling::parse(&str_at("value")?)?)),
            "date" => Some(Answer::Date(str_at("value")?)),
            "choices" => {
                let chosen = match self.doc.get(obj, "chosen").ok()?? {
                    (Value::Object(ObjType::Map), id) => self.doc.keys(&id).collect(),
                    _ => return None,
                };
                let other = match self.doc.get(obj, "other").ok()? {
                    Some((Value::Object(ObjType::Text), id)) => Some(self.doc.text(&id).ok()?),
                    _ => None,
                };
                Some(Answer::Choices { chosen, other })
            }
            _ => None,
        }
    }

    /// Records consent and who is answering; done once, when the response starts.
    pub fn set_setup(&mut self, setup: &ResponseSetup, now: Timestamp) {
        if let Ok(json) = serde_json::to_string(setup) {
            self.put_root("setup", json);
            self.touch(now);
        }
    }

    /// Records how the questions look; set at the start and whenever the
    /// person changes it while answering.
    pub fn set_presentation(&mut self, presentation: Presentation, now: Timestamp) {
        if self.presentation() == presentation && self.str_field("presentation").is_ok() {
            return;
        }
        if let Ok(json) = serde_json::to_string(&presentation) {
            self.put_root("presentation", json);
            self.touch(now);
        }
    }

    pub fn presentation(&self) -> Presentation {
        self.str_field("presentation")
            .ok()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    pub fn setup(&self) -> Option<ResponseSetup> {
        serde_json::from_str(&self.str_field("setup").ok()?).ok()
    }

    /// The supporter's own notes, kept apart from the person's answers.
    pub fn supporter_notes(&self) -> String {
        match self.doc.get(ROOT, "supporter_notes") {
            Ok(Some((Value::Object(ObjType::Text), id))) => self.doc.text(&id).unwrap_or_default(),
            _ => String::new(),
        }
    }

    pub fn set_supporter_notes(&mut self, text: &str, now: Timestamp) {
        if let Ok(notes) = self.child(&ROOT, "supporter_notes", ObjType::Text)
            && self.doc.update_text(&notes, text).is_ok()
        {
            self.touch(now);
        }
    }

    /// The ids of every question that has an answer.
    pub fn answered_questions(&self) -> Vec<String> {
        self.answers_obj()
            .map(|answers| self.doc.keys(answers).collect())
            .unwrap_or_default()
    }

    /// Records (or with `None`, clears) the answer to one question.
    pub fn set_answer(
        &mut self,
        question: &str,
        answer: Option<&Answer>,
        now: Timestamp,
    ) -> Result<()> {
        let answers = self.answers_obj()?;
        self.write_answer(&answers, question, answer)
            .map_err(|_| LayoutError::WrongType(format!("answers.{question}")))?;
        self.touch(now);
        Ok(())
    }

    /// Records many answers in one change: an imported response's.
    pub fn set_answers<'a>(
        &mut self,
        answers: impl IntoIterator<Item = (&'a String, &'a Answer)>,
        now: Timestamp,
    ) -> Result<()> {
        let obj = self.answers_obj()?;
        // Into a response with no answers yet (an import's), the whole map
        // is made in one batch, in place of the empty one: thousands of rows
        // of sixty answers, written one operation at a time, took seconds.
        if self.doc.length(&obj) == 0 {
            let encoding = self.doc.text_encoding();
            let map: std::collections::HashMap<String, hydrate::Value> = answers
                .into_iter()
                .map(|(question, answer)| (question.clone(), hydrated(answer, encoding)))
                .collect();
            if !map.is_empty() {
                let map = hydrate::Value::from(hydrate::Map::from(map));
                self.doc
                    .batch_create_object(ROOT, "answers", &map, false)
                    .map_err(|_| LayoutError::WrongType("answers".into()))?;
            }
        } else {
            for (question, answer) in answers {
                self.write_answer(&obj, question, Some(answer))
                    .map_err(|_| LayoutError::WrongType(format!("answers.{question}")))?;
            }
        }
        self.touch(now);
        Ok(())
    }

    fn write_answer(
        &mut self,
        answers: &ObjId,
        question: &str,
        answer: Option<&Answer>,
    ) -> std::result::Result<(), automerge::AutomergeError> {
        match answer {
            None => self.doc.delete(answers, question),
            Some(Answer::Rating(n)) => self.doc.put(answers, question, u64::from(*n)),
            Some(Answer::Choice(id)) => self.doc.put(answers, question, id.as_str()),
            Some(Answer::Number(n)) => self.doc.put(answers, question, *n),
            Some(Answer::Text(text)) => {
                let obj = self.child(answers, question, ObjType::Text)?;
                self.doc.update_text(&obj, text)
            }
            Some(Answer::Feeling(feeling)) => {
                let obj = self.tagged(answers, question, "feeling")?;
                self.doc.put(&obj, "value", feeling.as_str())
            }
            Some(Answer::Date(date)) => {
                let obj = self.tagged(answers, question, "date")?;
                self.doc.put(&obj, "value", date.as_str())
            }
            Some(Answer::Choices { chosen, other }) => {
                let obj = self.tagged(answers, question, "choices")?;
                // Tick and untick one key at a time, so ticks made on two
                // devices merge instead of one whole list replacing the other.
                let ticks = self.child(&obj, "chosen", ObjType::Map)?;
                let old: Vec<String> = self.doc.keys(&ticks).collect();
                for id in old.iter().filter(|id| !chosen.contains(id)) {
                    self.doc.delete(&ticks, id.as_str())?;
                }
                for id in chosen.iter().filter(|id| !old.contains(id)) {
                    self.doc.put(&ticks, id.as_str(), true)?;
                }
                match other {
                    Some(text) => {
                        let other = self.child(&obj, "other", ObjType::Text)?;
                        self.doc.update_text(&other, text)
                    }
                    None => self.doc.delete(&obj, "other"),
                }
            }
        }
    }

    /// The object of type `kind` at `parent[key]`, made if absent or of another type.
    fn child(
        &mut self,
        parent: &ObjId,
        key: &str,
        kind: ObjType,
    ) -> std::result::Result<ObjId, automerge::AutomergeError> {
        match self.doc.get(parent, key)? {
            Some((Value::Object(existing), id)) if existing == kind => Ok(id),
            _ => self.doc.put_object(parent, key, kind),
        }
    }

    /// The map at `parent[key]` tagged `type` = `tag`, made afresh if it is another kind of answer.
    fn tagged(
        &mut self,
        parent: &ObjId,
        key: &str,
        tag: &str,
    ) -> std::result::Result<ObjId, automerge::AutomergeError> {
        if let Some((Value::Object(ObjType::Map), id)) = self.doc.get(parent, key)?
            && matches!(self.doc.get(&id, "type")?, Some((Value::Scalar(s), _)) if s.as_str() == Some(tag))
        {
            return Ok(id);
        }
        let obj = self.doc.put_object(parent, key, ObjType::Map)?;
        self.doc.put(&obj, "type", tag)?;
        Ok(obj)
    }

    /// Marks the response as imported from the file named `file`, at `at`.
    pub fn set_imported(&mut self, file: &str, at: Timestamp) {
        let mark = self.doc.put_object(ROOT, "imported", ObjType::Map);
        if let Ok(mark) = mark {
            let _ = self.doc.put(&mark, "file", file);
            let _ = self.doc.put(&mark, "at", at.0);
        }
        self.touch(at);
    }

    /// Marks (or unmarks) what this response wrote for `question` as a
    /// quote to share. Each mark is a root key of its own (`quote:<id>`),
    /// so marks made on two devices never meet in one new map, where one
    /// device's map would hide the other's. It is not an edit of the
    /// answers, so `updated` stays.
    pub fn set_quote(&mut self, question: &str, quote: bool, now: Timestamp) {
        let key = format!("{QUOTE}{question}");
        let _ = match quote {
            true => self.doc.put(ROOT, key, true),
            false => self.doc.delete(ROOT, key),
        };
        self.commit(now);
    }

    /// The questions whose text from this response is marked as a quote.
    pub fn quotes(&self) -> std::collections::BTreeSet<String> {
        self.doc
            .keys(ROOT)
            .filter_map(|key| key.strip_prefix(QUOTE).map(str::to_owned))
            .filter(|q| {
                matches!(
                    self.doc.get(ROOT, format!("{QUOTE}{q}")),
                    Ok(Some((Value::Scalar(s), _))) if matches!(s.as_ref(), ScalarValue::Boolean(true))
                )
            })
            .collect()
    }

    /// The file the response was imported from, and when, if it was.
    pub fn imported(&self) -> Option<(String, Timestamp)> {
        let Ok(Some((Value::Object(ObjType::Map), mark))) = self.doc.get(ROOT, "imported") else {
            return None;
        };
        let file = match self.doc.get(&mark, "file") {
            Ok(Some((Value::Scalar(s), _))) => s.as_str()?.to_owned(),
            _ => return None,
        };
        match self.doc.get(&mark, "at") {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Int(at) => Some((file, Timestamp(*at))),
                _ => None,
            },
            _ => None,
        }
    }

    /// Remembers which question is on screen, so reopening returns to it.
    pub fn set_position(&mut self, position: usize, now: Timestamp) {
        self.put_root("position", position as u64);
        self.touch(now);
    }

    /// Marks the response complete, remembering which changes it held then:
    /// answers edited later are new changes, so the completed version stays
    /// readable through [`ResponseDoc::as_completed`].
    pub fn complete(&mut self, now: Timestamp) {
        let heads: Vec<String> = self.doc.get_heads().iter().map(|h| h.to_string()).collect();
        self.put_root("completed_heads", heads.join(","));
        self.put_root("completed", now.0);
        self.touch(now);
    }

    /// The response as it was when last marked complete, if it ever was.
    pub fn as_completed(&mut self) -> Option<ResponseDoc> {
        let heads: Vec<automerge::ChangeHash> = self
            .str_field("completed_heads")
            .ok()?
            .split(',')
            .map(|h| h.parse().ok())
            .collect::<Option<_>>()?;
        let doc = self.doc.fork_at(&heads).ok()?;
        Some(ResponseDoc {
            doc,
            batched: false,
        })
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

    /// Makes every edit of `edit` in one change stamped `now`, in place of
    /// one each: an import makes thousands of responses of several steps.
    pub fn in_one_change(&mut self, now: Timestamp, edit: impl FnOnce(&mut ResponseDoc)) {
        self.batched = true;
        edit(self);
        self.batched = false;
        self.commit(now);
    }

    fn commit(&mut self, now: Timestamp) {
        if self.batched {
            return;
        }
        self.doc
            .commit_with(automerge::transaction::CommitOptions::default().with_time(now.0));
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

/// An answer as [`ResponseDoc::write_answer`] lays it out, as a value
/// made in one batch.
fn hydrated(answer: &Answer, encoding: automerge::TextEncoding) -> hydrate::Value {
    let tagged = |tag: &str, entries: Vec<(&str, hydrate::Value)>| {
        let mut map: std::collections::HashMap<&str, hydrate::Value> =
            entries.into_iter().collect();
        map.insert("type", hydrate::Value::from(tag));
        hydrate::Value::from(map)
    };
    match answer {
        Answer::Rating(n) => hydrate::Value::from(u64::from(*n)),
        Answer::Choice(id) => hydrate::Value::from(id.as_str()),
        Answer::Number(n) => hydrate::Value::from(*n),
        Answer::Text(text) => hydrate::Value::text(encoding, text),
        Answer::Feeling(feeling) => tagged("feeling", vec![("value", feeling.as_str().into())]),
        Answer::Date(date) => tagged("date", vec![("value", date.as_str().into())]),
        Answer::Choices { chosen, other } => {
            let ticks: std::collections::HashMap<&str, hydrate::Value> = chosen
                .iter()
                .map(|id| {
                    (
                        id.as_str(),
                        hydrate::Value::from(ScalarValue::Boolean(true)),
                    )
                })
                .collect();
            let mut entries = vec![("chosen", hydrate::Value::from(ticks))];
            if let Some(text) = other {
                entries.push(("other", hydrate::Value::text(encoding, text)));
            }
            tagged("choices", entries)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> ResponseDoc {
        ResponseDoc::new(
            [7; 16],
            &DocId::from_random([0; 16]),
            "example-support",
            Timestamp(1_000),
        )
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
        r.set_answer("a", Some(&Answer::Rating(4)), Timestamp(2_000))
            .unwrap();
        r.set_answer(
            "b",
            Some(&Answer::Choice("evening".into())),
            Timestamp(3_000),
        )
        .unwrap();
        r.set_answer(
            "c",
            Some(&Answer::Text("more buses".into())),
            Timestamp(4_000),
        )
        .unwrap();
        r.set_answer(
            "c",
            Some(&Answer::Text("more buses, please".into())),
            Timestamp(4_500),
        )
        .unwrap();
        r.set_answer(
            "d",
            Some(&Answer::Feeling(Feeling::NotSure)),
            Timestamp(4_600),
        )
        .unwrap();
        r.set_answer("e", Some(&Answer::Number(2.5)), Timestamp(4_700))
            .unwrap();
        r.set_answer(
            "f",
            Some(&Answer::Date("2027-03-14".into())),
            Timestamp(4_800),
        )
        .unwrap();
        let ticks = |chosen: &[&str], other: Option<&str>| Answer::Choices {
            chosen: chosen.iter().map(|s| s.to_string()).collect(),
            other: other.map(str::to_owned),
        };
        r.set_answer(
            "g",
            Some(&ticks(&["bus", "taxi"], Some("a friend drives me"))),
            Timestamp(4_900),
        )
        .unwrap();
        r.set_answer("g", Some(&ticks(&["taxi", "walk"], None)), Timestamp(4_950))
            .unwrap();
        // A question asked again as another type replaces the old answer.
        r.set_answer(
            "h",
            Some(&Answer::Date("2027-01-01".into())),
            Timestamp(4_960),
        )
        .unwrap();
        r.set_answer(
            "h",
            Some(&Answer::Feeling(Feeling::Happy)),
            Timestamp(4_970),
        )
        .unwrap();
        r.set_position(2, Timestamp(5_000));
        r.complete(Timestamp(6_000));

        let bytes = r.automerge_mut().save();
        let loaded = ResponseDoc::from_automerge(AutoCommit::load(&bytes).unwrap()).unwrap();
        assert_eq!(loaded.answer("a").unwrap(), Some(Answer::Rating(4)));
        assert_eq!(
            loaded.answer("b").unwrap(),
            Some(Answer::Choice("evening".into()))
        );
        assert_eq!(
            loaded.answer("c").unwrap(),
            Some(Answer::Text("more buses, please".into()))
        );
        assert_eq!(
            loaded.answer("d").unwrap(),
            Some(Answer::Feeling(Feeling::NotSure))
        );
        assert_eq!(loaded.answer("e").unwrap(), Some(Answer::Number(2.5)));
        assert_eq!(
            loaded.answer("f").unwrap(),
            Some(Answer::Date("2027-03-14".into()))
        );
        assert_eq!(
            loaded.answer("g").unwrap(),
            Some(ticks(&["taxi", "walk"], None))
        );
        assert_eq!(
            loaded.answer("h").unwrap(),
            Some(Answer::Feeling(Feeling::Happy))
        );
        assert_eq!(loaded.answer("z").unwrap(), None);
        let summary = loaded.summary().unwrap();
        assert_eq!(summary.position, 2);
        assert_eq!(summary.answered, 8);
        assert_eq!(summary.updated, Timestamp(6_000));
        assert_eq!(summary.completed, Some(Timestamp(6_000)));
    }

    #[test]
    fn answers_made_in_one_batch_read_edit_and_merge_like_those_written_one_by_one() {
        let answers: std::collections::BTreeMap<String, Answer> = [
            ("a", Answer::Rating(4)),
            ("b", Answer::Choice("evening".into())),
            ("c", Answer::Text("more buses".into())),
            ("d", Answer::Feeling(Feeling::NotSure)),
            ("e", Answer::Number(2.5)),
            ("f", Answer::Date("2027-03-14".into())),
            (
                "g",
                Answer::Choices {
                    chosen: vec!["bus".into(), "walk".into()],
                    other: Some("a lift from my sister".into()),
                },
            ),
            (
                "h",
                Answer::Choices {
                    chosen: vec![],
                    other: None,
                },
            ),
        ]
        .into_iter()
        .map(|(q, a)| (q.to_owned(), a))
        .collect();
        let mut batch = fresh();
        batch.set_answers(&answers, Timestamp(2)).unwrap();
        let mut one_by_one = fresh();
        for (q, a) in &answers {
            one_by_one.set_answer(q, Some(a), Timestamp(2)).unwrap();
        }
        let mut loaded =
            ResponseDoc::from_automerge(AutoCommit::load(&batch.automerge_mut().save()).unwrap())
                .unwrap();
        for q in answers.keys() {
            assert_eq!(
                loaded.answer(q).unwrap(),
                one_by_one.answer(q).unwrap(),
                "{q}"
            );
            assert_eq!(loaded.answer(q).unwrap().as_ref(), answers.get(q), "{q}");
        }
        // Edited afterwards on two devices, as any answer is: the text
        // character by character, the ticks one at a time.
        let mut there = other_device(&mut loaded);
        loaded
            .set_answer(
                "c",
                Some(&Answer::Text("more buses, please".into())),
                Timestamp(3),
            )
            .unwrap();
        let ticks = Answer::Choices {
            chosen: vec!["bus".into(), "walk".into(), "taxi".into()],
            other: Some("a lift from my sister".into()),
        };
        there.set_answer("g", Some(&ticks), Timestamp(3)).unwrap();
        there
            .set_answer(
                "c",
                Some(&Answer::Text("many more buses".into())),
                Timestamp(3),
            )
            .unwrap();
        loaded.automerge_mut().merge(there.automerge_mut()).unwrap();
        let Some(Answer::Text(text)) = loaded.answer("c").unwrap() else {
            panic!("not text")
        };
        assert!(text.contains("please") && text.contains("many"), "{text}");
        let Some(Answer::Choices { mut chosen, other }) = loaded.answer("g").unwrap() else {
            panic!("not choices")
        };
        chosen.sort();
        assert_eq!(chosen, ["bus", "taxi", "walk"]);
        assert_eq!(other.as_deref(), Some("a lift from my sister"));
        // Into a response that has answers, they are written one by one.
        loaded.set_answers(&answers, Timestamp(4)).unwrap();
        assert_eq!(
            loaded.answer("c").unwrap(),
            Some(Answer::Text("more buses".into()))
        );
    }

    #[test]
    fn edits_in_one_change_are_one_change_and_all_kept() {
        let mut r = fresh();
        let before = r.automerge_mut().get_changes(&[]).len();
        r.in_one_change(Timestamp(5), |r| {
            r.set_answer("a", Some(&Answer::Rating(4)), Timestamp(5))
                .unwrap();
            r.set_presentation(
                Presentation {
                    easy_read: true,
                    large_print: false,
                },
                Timestamp(5),
            );
            r.set_imported("paper.csv", Timestamp(6));
        });
        assert_eq!(r.automerge_mut().get_changes(&[]).len(), before + 1);
        r.complete(Timestamp(7));
        assert_eq!(r.automerge_mut().get_changes(&[]).len(), before + 2);
        let mut loaded =
            ResponseDoc::from_automerge(AutoCommit::load(&r.automerge_mut().save()).unwrap())
                .unwrap();
        assert_eq!(loaded.answer("a").unwrap(), Some(Answer::Rating(4)));
        assert_eq!(loaded.imported(), Some(("paper.csv".into(), Timestamp(6))));
        assert!(loaded.summary().unwrap().presentation.easy_read);
        let completed = loaded.as_completed().unwrap();
        assert_eq!(completed.answer("a").unwrap(), Some(Answer::Rating(4)));
    }

    /// A copy of `here` as another device holds it, editing as its own actor.
    fn other_device(here: &mut ResponseDoc) -> ResponseDoc {
        let fork = here
            .automerge_mut()
            .fork()
            .with_actor(automerge::ActorId::from([8; 16]));
        ResponseDoc::from_automerge(fork).unwrap()
    }

    #[test]
    fn ticks_made_on_two_devices_merge() {
        let mut here = fresh();
        let ticks = |chosen: &[&str]| Answer::Choices {
            chosen: chosen.iter().map(|s| s.to_string()).collect(),
            other: None,
        };
        here.set_answer("g", Some(&ticks(&["bus"])), Timestamp(2))
            .unwrap();
        let mut there = other_device(&mut here);
        here.set_answer("g", Some(&ticks(&["bus", "taxi"])), Timestamp(3))
            .unwrap();
        there
            .set_answer("g", Some(&ticks(&["bus", "walk"])), Timestamp(3))
            .unwrap();
        here.automerge_mut().merge(there.automerge_mut()).unwrap();
        let Some(Answer::Choices { mut chosen, .. }) = here.answer("g").unwrap() else {
            panic!("not choices")
        };
        chosen.sort();
        assert_eq!(chosen, ["bus", "taxi", "walk"]);
    }

    #[test]
    fn quotes_marked_on_two_devices_merge_and_leave_the_answers_and_update_time() {
        let mut here = fresh();
        here.set_answer("a", Some(&Answer::Text("The bus".into())), Timestamp(2))
            .unwrap();
        here.set_answer("b", Some(&Answer::Text("The tea".into())), Timestamp(2))
            .unwrap();
        let mut there = other_device(&mut here);
        // Each device marks one, and the first marks then unmarks another.
        here.set_quote("a", true, Timestamp(3));
        here.set_quote("c", true, Timestamp(3));
        here.set_quote("c", false, Timestamp(4));
        there.set_quote("b", true, Timestamp(3));
        here.automerge_mut().merge(there.automerge_mut()).unwrap();
        let quotes: Vec<String> = here.quotes().into_iter().collect();
        assert_eq!(quotes, ["a", "b"]);
        assert_eq!(here.summary().unwrap().updated, Timestamp(2), "not an edit");
        assert_eq!(here.answered_questions().len(), 2);
    }

    #[test]
    fn consent_mode_and_supporter_notes_are_kept_apart_from_answers() {
        use crate::response::Consent;
        let mut r = fresh();
        let setup = ResponseSetup {
            consent: Consent::Supporter {
                reason: "uses signs, agreed with key worker".into(),
            },
            mode: Mode::Supported {
                role: "Key worker".into(),
            },
            respondent: "R-ABCDEF".into(),
            device: None,
            language: None,
        };
        r.set_setup(&setup, Timestamp(2));
        r.set_supporter_notes("Used Makaton", Timestamp(3));
        r.set_supporter_notes("Used Makaton signs", Timestamp(4));
        let loaded =
            ResponseDoc::from_automerge(AutoCommit::load(&r.automerge_mut().save()).unwrap())
                .unwrap();
        assert_eq!(loaded.setup(), Some(setup));
        assert_eq!(loaded.supporter_notes(), "Used Makaton signs");
        let summary = loaded.summary().unwrap();
        assert_eq!(
            summary.mode,
            Some(Mode::Supported {
                role: "Key worker".into()
            })
        );
        assert_eq!(summary.answered, 0, "notes are not answers");
        assert_eq!(fresh().setup(), None);
    }

    #[test]
    fn editing_a_completed_response_keeps_what_was_completed() {
        let mut r = fresh();
        r.set_answer("a", Some(&Answer::Rating(2)), Timestamp(2_000))
            .unwrap();
        assert!(r.as_completed().is_none(), "never completed");
        r.complete(Timestamp(3_000));
        r.set_answer("a", Some(&Answer::Rating(5)), Timestamp(4_000))
            .unwrap();
        r.set_answer(
            "b",
            Some(&Answer::Text("added later".into())),
            Timestamp(5_000),
        )
        .unwrap();

        let mut loaded =
            ResponseDoc::from_automerge(AutoCommit::load(&r.automerge_mut().save()).unwrap())
                .unwrap();
        assert_eq!(loaded.answer("a").unwrap(), Some(Answer::Rating(5)));
        let summary = loaded.summary().unwrap();
        assert_eq!(summary.completed, Some(Timestamp(3_000)));
        assert_eq!(summary.updated, Timestamp(5_000));
        let then = loaded.as_completed().unwrap();
        assert_eq!(then.answer("a").unwrap(), Some(Answer::Rating(2)));
        assert_eq!(then.answer("b").unwrap(), None);
    }

    #[test]
    fn a_response_names_the_survey_version_it_answers() {
        let mut r = fresh();
        assert_eq!(r.survey_version(), None, "made before versions existed");
        assert_eq!(r.summary().unwrap().survey_version, None);
        let version = VersionRef {
            version: 3,
            id: "0123456789abcdef".into(),
        };
        r.set_survey_version(&version, Timestamp(2_000));
        let loaded =
            ResponseDoc::from_automerge(AutoCommit::load(&r.automerge_mut().save()).unwrap())
                .unwrap();
        assert_eq!(loaded.survey_version(), Some(version.clone()));
        let summary = loaded.summary().unwrap();
        assert_eq!(summary.survey_version, Some(version));
        // The index keeps it, and reads summaries written before it existed.
        let json = serde_json::to_string(&summary).unwrap();
        assert_eq!(
            serde_json::from_str::<ResponseSummary>(&json).unwrap(),
            summary
        );
        let old = fresh().summary().unwrap();
        let old_json = serde_json::to_string(&old).unwrap();
        assert!(!old_json.contains("survey_version"), "{old_json}");
        assert_eq!(
            serde_json::from_str::<ResponseSummary>(&old_json).unwrap(),
            old
        );
    }

    #[test]
    fn a_response_started_on_a_named_device_names_it_in_its_summary() {
        use crate::response::Consent;
        let setup = |device: Option<&str>| ResponseSetup {
            consent: Consent::Person,
            mode: Mode::Alone,
            respondent: "R-ABCDEF".into(),
            device: device.map(str::to_owned),
            language: None,
        };
        let mut r = fresh();
        r.set_setup(&setup(Some("Hall tablet")), Timestamp(2));
        let loaded =
            ResponseDoc::from_automerge(AutoCommit::load(&r.automerge_mut().save()).unwrap())
                .unwrap();
        assert_eq!(loaded.setup(), Some(setup(Some("Hall tablet"))));
        let summary = loaded.summary().unwrap();
        assert_eq!(summary.device.as_deref(), Some("Hall tablet"));
        assert_eq!(summary.mode, Some(Mode::Alone));
        let json = serde_json::to_string(&summary).unwrap();
        assert_eq!(
            serde_json::from_str::<ResponseSummary>(&json).unwrap(),
            summary
        );

        // An unnamed device records nothing, and setups and summaries
        // written before device names read as they did.
        let mut unnamed = fresh();
        unnamed.set_setup(&setup(None), Timestamp(2));
        let summary = unnamed.summary().unwrap();
        assert_eq!(summary.device, None);
        let json = serde_json::to_string(&summary).unwrap();
        assert!(!json.contains("device"), "{json}");
        let old_setup =
            r#"{"consent":{"by":"person"},"mode":{"kind":"alone"},"respondent":"R-ABCDEF"}"#;
        assert_eq!(
            serde_json::from_str::<ResponseSetup>(old_setup).unwrap(),
            setup(None)
        );
        let mut old = fresh();
        old.put_root("setup", old_setup);
        old.commit(Timestamp(3));
        assert_eq!(old.summary().unwrap().device, None);
        assert_eq!(old.summary().unwrap().mode, Some(Mode::Alone));
    }

    #[test]
    fn clearing_an_answer_removes_it() {
        let mut r = fresh();
        r.set_answer("a", Some(&Answer::Rating(1)), Timestamp(2_000))
            .unwrap();
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
        check(
            &|d| {
                d.put(ROOT, "type", "session").unwrap();
            },
            LayoutError::NotAResponse,
        );
        check(
            &|d| {
                d.put(ROOT, "type", 3).unwrap();
            },
            LayoutError::WrongType("type".into()),
        );
        check(
            &|d| {
                d.put(ROOT, "type", "response").unwrap();
            },
            LayoutError::Missing("layout"),
        );
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
        assert_eq!(
            ResponseDoc::from_automerge(no_answers.doc).unwrap_err(),
            LayoutError::Missing("answers")
        );
    }
}
