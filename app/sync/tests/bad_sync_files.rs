//! A sync file is input like any other. A file that cannot be read whole
//! (not a sync file, a newer version, another project, cut short, changed,
//! too large) is refused with its exact error before anything is taken; an
//! entry that does not open or apply is set aside by document while the
//! rest of the file is taken.

mod support;

use heard_core::{id::DocId, summary::Summary, sync::ProjectSecret, time::Timestamp};
use heard_protocol::{BlobKind, ProjectId};
use heard_sync::{
    Keys,
    sync_file::{FileEntry, FileError, FileLimits, MAGIC, SyncFile, VERSION, export},
};
use support::device::{Device, PROJECT, SECRET, project_doc, session_doc};

fn keys() -> Keys {
    Keys::new(PROJECT, &ProjectSecret::from_random(SECRET))
}

/// The project and its session, written on the coordinator's device.
fn coordinator() -> Device {
    let mut a = Device::new(0, true);
    a.create_project();
    a
}

fn good_file(a: &Device) -> Vec<u8> {
    export(
        &keys(),
        PROJECT,
        &project_doc(),
        &mut a.docs.borrow_mut(),
        &[],
    )
    .bytes
}

fn read(bytes: &[u8], limits: &FileLimits) -> Result<SyncFile, FileError> {
    SyncFile::decode(bytes, PROJECT, &keys(), limits)
}

fn header(version: u8, project: ProjectId) -> Vec<u8> {
    [&MAGIC[..], &[version], &project.0].concat()
}

/// A file whose manifest is sealed around `lines` as they are.
fn with_manifest(lines: &[u8]) -> Vec<u8> {
    let sealed = keys()
        .seal(&DocId::from_random([0; 16]), BlobKind::Snapshot, lines)
        .bytes;
    [
        header(VERSION, PROJECT),
        (sealed.len() as u32).to_le_bytes().to_vec(),
        sealed,
    ]
    .concat()
}

fn payload(changes: &[Vec<u8>]) -> Vec<u8> {
    let mut out = (changes.len() as u32).to_le_bytes().to_vec();
    for change in changes {
        out.extend((change.len() as u32).to_le_bytes());
        out.extend(change);
    }
    out
}

#[test]
fn files_that_cannot_be_read_whole_are_refused_with_their_error() {
    let a = coordinator();
    let good = good_file(&a);
    let parsed = read(&good, &FileLimits::DEFAULT).unwrap();
    assert_eq!(parsed.entries.len(), 2, "the project and its session");
    let header_len = MAGIC.len() + 1 + 16;
    let manifest_len = u32::from_le_bytes(good[header_len..header_len + 4].try_into().unwrap());
    let last = parsed.entries.last().unwrap().sealed.len();
    let other_secret = Keys::new(PROJECT, &ProjectSecret::from_random([7; 32]));
    let mut changed_manifest = good.clone();
    changed_manifest[header_len + 4 + 30] ^= 1;
    let mut huge_manifest = good.clone();
    huge_manifest[header_len..header_len + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let unknown_kind = [&1u32.to_le_bytes()[..], &[4; 16], &[9]].concat();
    let default = FileLimits::DEFAULT;
    let cases: Vec<(&str, Vec<u8>, FileLimits, FileError)> = vec![
        ("nothing", vec![], default, FileError::NotASyncFile),
        (
            "a spreadsheet",
            b"name,answer\nAsha,yes\n".to_vec(),
            default,
            FileError::NotASyncFile,
        ),
        (
            "a picture",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            default,
            FileError::NotASyncFile,
        ),
        (
            "its first bytes alone",
            MAGIC.to_vec(),
            default,
            FileError::Truncated { needed: 1, had: 0 },
        ),
        (
            "version 0",
            header(0, PROJECT),
            default,
            FileError::NotASyncFile,
        ),
        (
            "a newer version",
            header(VERSION + 1, PROJECT),
            default,
            FileError::Newer {
                version: VERSION + 1,
            },
        ),
        (
            "cut in its header",
            good[..20].to_vec(),
            default,
            FileError::Truncated {
                needed: 16,
                had: 11,
            },
        ),
        (
            "another project",
            [
                header(VERSION, ProjectId([9; 16])),
                good[header_len..].to_vec(),
            ]
            .concat(),
            default,
            FileError::OtherProject {
                project: ProjectId([9; 16]),
            },
        ),
        (
            "cut in its list of entries",
            good[..header_len + 10].to_vec(),
            default,
            FileError::Truncated {
                needed: manifest_len as usize,
                had: 6,
            },
        ),
        (
            "a list of entries longer than any",
            huge_manifest,
            default,
            FileError::TooLarge {
                what: "list of entries",
                len: u32::MAX as usize,
                max: default.max_entries * 17 + 4096,
            },
        ),
        (
            "a changed byte in its list of entries",
            changed_manifest,
            default,
            FileError::Forged,
        ),
        (
            "made with another secret",
            export(
                &other_secret,
                PROJECT,
                &project_doc(),
                &mut a.docs.borrow_mut(),
                &[],
            )
            .bytes,
            default,
            FileError::Forged,
        ),
        (
            "a list that opens but does not add up",
            with_manifest(&5u32.to_le_bytes()),
            default,
            FileError::BadManifest,
        ),
        (
            "an entry of no kind there is",
            with_manifest(&unknown_kind),
            default,
            FileError::BadManifest,
        ),
        (
            "cut between two entries",
            good[..good.len() - last - 4].to_vec(),
            default,
            FileError::Truncated { needed: 4, had: 0 },
        ),
        (
            "cut inside its last entry",
            good[..good.len() - 1].to_vec(),
            default,
            FileError::Truncated {
                needed: last,
                had: last - 1,
            },
        ),
        (
            "a byte after its last entry",
            [good.clone(), vec![0]].concat(),
            default,
            FileError::TrailingBytes { count: 1 },
        ),
        (
            "larger than a device reads",
            good.clone(),
            FileLimits {
                max_file: good.len() - 1,
                ..default
            },
            FileError::TooLarge {
                what: "size",
                len: good.len(),
                max: good.len() - 1,
            },
        ),
        (
            "an entry larger than a device reads",
            good.clone(),
            FileLimits {
                max_entry: 10,
                ..default
            },
            FileError::TooLarge {
                what: "entry",
                len: parsed.entries[0].sealed.len(),
                max: 10,
            },
        ),
        (
            "more entries than a device reads",
            good.clone(),
            FileLimits {
                max_entries: 1,
                ..default
            },
            FileError::TooLarge {
                what: "number of entries",
                len: 2,
                max: 1,
            },
        ),
    ];
    for (name, bytes, limits, error) in cases {
        assert_eq!(read(&bytes, &limits), Err(error), "{name}");
    }
    assert_eq!(
        SyncFile::project_of(&good),
        Ok(PROJECT),
        "the header alone says which project's keys read it"
    );
}

#[test]
fn entries_that_do_not_open_or_apply_are_set_aside_by_document_and_the_rest_is_taken() {
    let a = coordinator();
    let good = read(&good_file(&a), &FileLimits::DEFAULT).unwrap();
    let (project, session) = (&good.entries[0], &good.entries[1]);
    assert_eq!(
        (&project.doc, &session.doc),
        (&project_doc(), &session_doc())
    );
    let k = keys();
    let entry = |n: u8, kind: BlobKind, payload: &[u8]| {
        let doc = DocId::from_random([n; 16]);
        FileEntry {
            sealed: k.seal(&doc, kind, payload).bytes,
            doc,
            kind,
        }
    };
    let mut changed = session.clone();
    let middle = changed.sealed.len() / 2;
    changed.sealed[middle] ^= 1;
    let cases: Vec<(&str, FileEntry, &str)> = vec![
        ("a changed byte", changed, "does not authenticate"),
        (
            "sealed for another document",
            FileEntry {
                doc: DocId::from_random([30; 16]),
                ..session.clone()
            },
            "does not authenticate",
        ),
        (
            "sealed as another kind",
            FileEntry {
                kind: BlobKind::Tombstone,
                ..session.clone()
            },
            "does not authenticate",
        ),
        (
            "too short to be sealed",
            FileEntry {
                sealed: vec![0; 10],
                ..session.clone()
            },
            "too few",
        ),
        (
            "a snapshot that does not load",
            entry(31, BlobKind::Snapshot, b"not a document"),
            "does not load",
        ),
        (
            "changes cut short",
            entry(32, BlobKind::Changes, &[5, 0, 0, 0, 9]),
            "do not read",
        ),
        (
            "changes that do not decode",
            entry(33, BlobKind::Changes, &payload(&[vec![1, 2, 3]])),
            "does not decode",
        ),
    ];
    let mut entries: Vec<FileEntry> = cases.iter().map(|(_, e, _)| e.clone()).collect();
    entries.push(project.clone());
    let file = SyncFile {
        project: PROJECT,
        entries,
        recordings: Vec::new(),
    };
    let bytes = file.encode(&k);
    let file = read(&bytes, &FileLimits::DEFAULT).unwrap();
    let mut b = Device::new(1, false);
    let (outcomes, report) = file.import(&k, &mut b.docs.borrow_mut(), Timestamp(9));
    for outcome in outcomes {
        b.written(outcome);
    }
    assert_eq!(report.set_aside.len(), cases.len(), "{report:#?}");
    for ((name, entry, reason), aside) in cases.iter().zip(&report.set_aside) {
        assert_eq!(aside.doc, entry.doc, "{name}: reported by document");
        assert!(aside.reason.contains(reason), "{name}: {:?}", aside.reason);
    }
    assert_eq!(report.taken, [project_doc()], "the good entry after them");
    assert!(matches!(
        b.summary(&project_doc()),
        Some(Summary::Project(_))
    ));
    assert!(!b.has(&session_doc()));
}
