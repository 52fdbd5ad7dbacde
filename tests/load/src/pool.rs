//! The changes the simulated devices push, made before the clock starts: each
//! device fills in responses to a 60-question survey one answer at a time, as
//! the worker does (`ResponseDoc::set_answer`, one automerge commit per
//! answer), and each answer's change is sealed as its own blob exactly as
//! heard-sync seals it (its payload list of changes, then
//! `seal_blob_idempotent`). Making and sealing everything up front keeps the
//! generator's own CPU out of the relay's way during the timed run.

use heard_core::{
    id::{DocId, item_id},
    response::{Answer, Feeling, ResponseDoc},
    sync::{Plaintext, ProjectKeys, ProjectSecret},
    time::Timestamp,
};
use heard_protocol::{Blob, BlobKind, ProjectId};
use rand::{Rng, SeedableRng, rngs::StdRng};

/// Questions in the survey a device answers; after the last one it starts the
/// next person's response (a new document, so a new tag).
pub const QUESTIONS: usize = 60;

/// One project: its id and keys, shared by its devices.
pub struct Project {
    pub id: ProjectId,
    pub keys: ProjectKeys,
}

/// What one device will push, in order: one sealed blob per answer.
pub struct DeviceWork {
    pub project: usize,
    pub blobs: Vec<Blob>,
}

/// The whole workload of one run.
pub struct Workload {
    pub projects: Vec<Project>,
    pub devices: Vec<DeviceWork>,
    /// The automerge change bytes of every answer, for the size figures.
    pub change_bytes: usize,
}

/// `projects` projects whose devices are dealt round-robin, each device
/// answering `changes` questions. `seed` makes the run repeatable.
pub fn workload(projects: usize, devices: usize, changes: usize, seed: u64) -> Workload {
    let mut rng = StdRng::seed_from_u64(seed);
    let projects: Vec<Project> = (0..projects)
        .map(|_| {
            let id = ProjectId(rng.random());
            let keys = ProjectKeys::derive(id, &ProjectSecret::from_random(rng.random()));
            Project { id, keys }
        })
        .collect();
    let questions: Vec<String> = (0..QUESTIONS).map(|_| item_id(rng.random())).collect();
    let mut change_bytes = 0;
    let devices = (0..devices)
        .map(|n| {
            let project = n % projects.len();
            let answers = answers(&mut rng, &projects[project], &questions, changes);
            change_bytes += answers.iter().map(|(_, c)| c.len()).sum::<usize>();
            let keys = &projects[project].keys;
            let blobs = answers
                .into_iter()
                .map(|(doc, change)| {
                    let plaintext = Plaintext {
                        doc,
                        payload: payload(&[change]),
                    };
                    keys.seal_blob_idempotent(BlobKind::Changes, &plaintext)
                })
                .collect();
            DeviceWork { project, blobs }
        })
        .collect();
    Workload {
        projects,
        devices,
        change_bytes,
    }
}

/// One device's answers, as (response document, automerge change) pairs.
fn answers(
    rng: &mut StdRng,
    project: &Project,
    questions: &[String],
    changes: usize,
) -> Vec<(DocId, Vec<u8>)> {
    // A project document id stands in for the real project's: a response
    // only names it.
    let project_doc = DocId::from_random(project.id.0);
    let actor: [u8; 16] = rng.random();
    // Answers a minute or so apart, from a fixed day, as in the field.
    let mut now = Timestamp(1_767_225_600_000);
    let mut out = Vec::with_capacity(changes);
    let mut current: Option<(DocId, ResponseDoc)> = None;
    for i in 0..changes {
        if i % QUESTIONS == 0 {
            let doc = DocId::from_random(rng.random());
            current = Some((doc, ResponseDoc::new(actor, &project_doc, "national", now)));
        }
        let Some((doc, response)) = current.as_mut() else {
            unreachable!("a response is started on the first question");
        };
        now.0 += rng.random_range(20_000..90_000);
        let answer = answer(rng);
        response
            .set_answer(&questions[i % QUESTIONS], Some(&answer), now)
            .expect("a fresh response has the response layout");
        let change = response
            .automerge_mut()
            .get_last_local_change()
            .expect("set_answer commits a change");
        out.push((doc.clone(), change.raw_bytes().to_vec()));
    }
    out
}

/// A mix of the kinds of answer a survey gets: mostly picture scales and
/// ratings, some single choices, a few short comments.
fn answer(rng: &mut StdRng) -> Answer {
    const COMMENTS: [&str; 4] = [
        "The staff are kind",
        "More trips out please",
        "I like the garden",
        "Food is too cold sometimes",
    ];
    match rng.random_range(0..20) {
        0..10 => Answer::Feeling(Feeling::ALL[rng.random_range(0..4)]),
        10..15 => Answer::Rating(rng.random_range(0..=5)),
        15..18 => Answer::Choice(item_id(rng.random())),
        _ => Answer::Text(COMMENTS[rng.random_range(0..COMMENTS.len())].into()),
    }
}

/// heard-sync's payload of a changes blob (`app/sync/src/payload.rs`, private
/// there): a count, then each change prefixed with its length. Copied rather
/// than shared so the bench measures the bytes devices really send; if the
/// format moves, `bytes_per_answer_on_wire` moves with the copy only.
pub fn payload(changes: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + changes.iter().map(|c| 4 + c.len()).sum::<usize>());
    out.extend_from_slice(&(changes.len() as u32).to_le_bytes());
    for change in changes {
        out.extend_from_slice(&(change.len() as u32).to_le_bytes());
        out.extend_from_slice(change);
    }
    out
}

/// One project's keys and one device's answers, unsealed, for sizing other
/// ways of packing the same answers into blobs.
pub fn sample(changes: usize, seed: u64) -> (Project, Vec<(DocId, Vec<u8>)>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let id = ProjectId(rng.random());
    let keys = ProjectKeys::derive(id, &ProjectSecret::from_random(rng.random()));
    let project = Project { id, keys };
    let questions: Vec<String> = (0..QUESTIONS).map(|_| item_id(rng.random())).collect();
    let answers = answers(&mut rng, &project, &questions, changes);
    (project, answers)
}
