//! Tests every [`Storage`] backend must pass: run natively against
//! [`super::MemoryStorage`] and in headless Chromium against IndexedDB.

use super::{BlobKey, ChunkKey, ChunkKind, Storage, StoredDoc, Write, load_doc};
use crate::{
    id::DocId,
    response::{Answer, ResponseDoc},
    time::Timestamp,
};

type Outcome = Result<(), String>;

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

fn doc(n: u8) -> DocId {
    DocId::from_random([n; 16])
}

fn put(doc: &DocId, kind: ChunkKind, bytes: &[u8]) -> (ChunkKey, Vec<u8>) {
    (ChunkKey::for_bytes(doc, kind, bytes), bytes.to_vec())
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Runs every test against a fresh backend from `make`; the error names the test.
pub async fn run_all<S: Storage>(make: impl AsyncFn() -> S) -> Outcome {
    macro_rules! run {
        ($($test:ident),+) => {$(
            $test(&make().await).await.map_err(|e| format!("{}: {e}", stringify!($test)))?;
        )+};
    }
    run!(
        empty_storage_holds_nothing,
        chunks_read_back_byte_for_byte,
        a_document_reads_only_its_own_chunks,
        a_write_puts_and_removes_together,
        removing_a_document_leaves_the_others,
        large_chunks_survive,
        the_index_changes_with_the_chunks,
        rows_change_with_the_chunks_and_go_with_their_document,
        writes_applied_together_all_land,
        compaction_leaves_the_content_identical,
        blobs_are_written_with_chunks_and_removed_with_their_document,
        sync_records_are_kept_apart_and_replaced_whole,
        kept_tables_go_with_any_write_of_a_document
    );
    Ok(())
}

pub async fn empty_storage_holds_nothing<S: Storage>(s: &S) -> Outcome {
    ensure!(
        s.load_all().await.map_err(err)?.is_empty(),
        "a new storage is not empty"
    );
    ensure!(
        s.load_doc(&doc(1)).await.map_err(err)?.is_empty(),
        "a new storage has chunks for a document"
    );
    Ok(())
}

pub async fn chunks_read_back_byte_for_byte<S: Storage>(s: &S) -> Outcome {
    let a = put(&doc(1), ChunkKind::Snapshot, &[0, 1, 2, 255]);
    let b = put(&doc(1), ChunkKind::Incremental, b"");
    s.apply(&Write {
        puts: vec![a.clone(), b.clone()],
        removes: vec![],
        index: None,
        ..Write::default()
    })
    .await
    .map_err(err)?;
    let mut expected = vec![(a.0.to_string(), a.1), (b.0.to_string(), b.1)];
    expected.sort();
    ensure!(
        s.load_all().await.map_err(err)? == expected,
        "load_all differs from what was put"
    );
    ensure!(
        s.load_doc(&doc(1)).await.map_err(err)? == expected,
        "load_doc differs from what was put"
    );
    Ok(())
}

pub async fn a_document_reads_only_its_own_chunks<S: Storage>(s: &S) -> Outcome {
    let puts: Vec<_> = (1..=3)
        .map(|n| put(&doc(n), ChunkKind::Snapshot, &[n]))
        .collect();
    s.apply(&Write {
        puts: puts.clone(),
        removes: vec![],
        index: None,
        ..Write::default()
    })
    .await
    .map_err(err)?;
    let got = s.load_doc(&doc(2)).await.map_err(err)?;
    ensure!(
        got == vec![(puts[1].0.to_string(), vec![2])],
        "load_doc(2) gave {got:?}"
    );
    ensure!(
        s.load_all().await.map_err(err)?.len() == 3,
        "load_all lost a document"
    );
    Ok(())
}

pub async fn a_write_puts_and_removes_together<S: Storage>(s: &S) -> Outcome {
    let old = put(&doc(1), ChunkKind::Incremental, b"old");
    s.apply(&Write {
        puts: vec![old.clone()],
        removes: vec![],
        index: None,
        ..Write::default()
    })
    .await
    .map_err(err)?;
    let new = put(&doc(1), ChunkKind::Snapshot, b"new");
    s.apply(&Write {
        puts: vec![new.clone()],
        removes: vec![old.0],
        index: None,
        ..Write::default()
    })
    .await
    .map_err(err)?;
    let got = s.load_all().await.map_err(err)?;
    ensure!(
        got == vec![(new.0.to_string(), new.1)],
        "after compaction storage holds {got:?}"
    );
    Ok(())
}

pub async fn removing_a_document_leaves_the_others<S: Storage>(s: &S) -> Outcome {
    let puts = vec![
        put(&doc(1), ChunkKind::Snapshot, b"1"),
        put(&doc(1), ChunkKind::Incremental, b"1b"),
        put(&doc(2), ChunkKind::Snapshot, b"2"),
    ];
    s.apply(&Write {
        puts: puts.clone(),
        removes: vec![],
        index: None,
        ..Write::default()
    })
    .await
    .map_err(err)?;
    s.remove_doc(&doc(1)).await.map_err(err)?;
    let got = s.load_all().await.map_err(err)?;
    ensure!(
        got == vec![(puts[2].0.to_string(), puts[2].1.clone())],
        "after removing doc 1: {got:?}"
    );
    Ok(())
}

pub async fn the_index_changes_with_the_chunks<S: Storage>(s: &S) -> Outcome {
    let first = put(&doc(1), ChunkKind::Snapshot, b"1");
    let other = put(&doc(2), ChunkKind::Snapshot, b"2");
    s.apply(&Write {
        puts: vec![first.clone()],
        removes: vec![],
        index: Some((doc(1), "one".into())),
        ..Write::default()
    })
    .await
    .map_err(err)?;
    s.apply(&Write {
        puts: vec![other],
        removes: vec![],
        index: Some((doc(2), "two".into())),
        ..Write::default()
    })
    .await
    .map_err(err)?;
    s.apply(&Write {
        puts: vec![],
        removes: vec![],
        index: Some((doc(1), "one, changed".into())),
        ..Write::default()
    })
    .await
    .map_err(err)?;
    let expected = vec![
        (doc(1).to_string(), "one, changed".to_owned()),
        (doc(2).to_string(), "two".to_owned()),
    ];
    let got = s.load_index().await.map_err(err)?;
    ensure!(got == expected, "index holds {got:?}");
    s.remove_doc(&doc(1)).await.map_err(err)?;
    let got = s.load_index().await.map_err(err)?;
    ensure!(
        got == expected[1..],
        "after removing doc 1 the index holds {got:?}"
    );
    Ok(())
}

pub async fn rows_change_with_the_chunks_and_go_with_their_document<S: Storage>(s: &S) -> Outcome {
    ensure!(
        s.load_rows().await.map_err(err)?.is_empty(),
        "a new storage holds rows"
    );
    let writes: Vec<Write> = (1..=3)
        .map(|n| Write {
            puts: vec![put(&doc(n), ChunkKind::Snapshot, &[n])],
            index: Some((doc(n), format!("doc {n}"))),
            row: Some((doc(n), format!("row {n}"))),
            ..Write::default()
        })
        .collect();
    s.apply_all(&writes).await.map_err(err)?;
    // A write with no row leaves the stored one; a new row replaces it.
    s.apply(&Write {
        puts: vec![put(&doc(1), ChunkKind::Incremental, b"more")],
        ..Write::default()
    })
    .await
    .map_err(err)?;
    s.apply(&Write {
        row: Some((doc(2), "row 2, changed".into())),
        ..Write::default()
    })
    .await
    .map_err(err)?;
    s.remove_doc(&doc(3)).await.map_err(err)?;
    let got = s.load_rows().await.map_err(err)?;
    let expected = vec![
        (doc(1).to_string(), "row 1".to_owned()),
        (doc(2).to_string(), "row 2, changed".to_owned()),
    ];
    ensure!(got == expected, "rows hold {got:?}");
    Ok(())
}

pub async fn writes_applied_together_all_land<S: Storage>(s: &S) -> Outcome {
    let writes: Vec<Write> = (1..=3)
        .map(|n| Write {
            puts: vec![put(&doc(n), ChunkKind::Snapshot, &[n])],
            index: Some((doc(n), format!("doc {n}"))),
            ..Write::default()
        })
        .collect();
    s.apply_all(&writes).await.map_err(err)?;
    for n in 1..=3 {
        let chunks = s.load_doc(&doc(n)).await.map_err(err)?;
        ensure!(
            chunks.len() == 1 && chunks[0].1 == [n],
            "doc {n} holds {chunks:?}"
        );
    }
    let index = s.load_index().await.map_err(err)?;
    ensure!(index.len() == 3, "the index holds {index:?}");
    s.apply_all(&[]).await.map_err(err)?;
    Ok(())
}

pub async fn large_chunks_survive<S: Storage>(s: &S) -> Outcome {
    let bytes: Vec<u8> = (0..1_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let big = put(&doc(4), ChunkKind::Snapshot, &bytes);
    s.apply(&Write {
        puts: vec![big.clone()],
        removes: vec![],
        index: None,
        ..Write::default()
    })
    .await
    .map_err(err)?;
    let got = s.load_doc(&doc(4)).await.map_err(err)?;
    ensure!(
        got.len() == 1 && got[0].1 == bytes,
        "a 1 MB chunk did not come back whole"
    );
    Ok(())
}

/// Writes a response change by change until at least one compaction happened,
/// then loads it back and compares every field with the in-memory original.
pub async fn compaction_leaves_the_content_identical<S: Storage>(s: &S) -> Outcome {
    let id = doc(7);
    let mut response = ResponseDoc::new(
        [2; 16],
        &crate::id::DocId::from_random([0; 16]),
        "survey",
        Timestamp(10),
    );
    let mut stored = StoredDoc::new(id.clone());
    let mut compactions = 0;
    for i in 0..40u8 {
        let answer = match i % 3 {
            0 => Answer::Rating(i % 6),
            1 => Answer::Choice(format!("choice-{i}")),
            _ => Answer::Text(format!("note {i} ").repeat(i as usize + 1)),
        };
        response
            .set_answer(
                &format!("q{}", i % 7),
                Some(&answer),
                Timestamp(i64::from(i) + 11),
            )
            .map_err(err)?;
        let write = stored
            .prepare_write(response.automerge_mut())
            .ok_or("nothing to write after a change")?;
        compactions += usize::from(write.is_compaction());
        s.apply(&write).await.map_err(err)?;
        stored.write_done(true);
    }
    ensure!(
        compactions >= 2,
        "only {compactions} compactions in 40 changes"
    );

    let chunks = s.load_doc(&id).await.map_err(err)?;
    let parsed = chunks
        .into_iter()
        .map(|(k, b)| Ok((ChunkKey::parse(&k).map_err(err)?, b)))
        .collect::<Result<Vec<_>, String>>()?;
    let mut loaded = load_doc(id, parsed).map_err(err)?;
    ensure!(
        loaded.doc.get_heads() == response.automerge_mut().get_heads(),
        "heads differ after reload"
    );
    let reloaded = ResponseDoc::from_automerge(loaded.doc).map_err(err)?;
    ensure!(
        reloaded.summary() == response.summary(),
        "summary differs after reload"
    );
    for q in 0..7 {
        let q = format!("q{q}");
        ensure!(
            reloaded.answer(&q) == response.answer(&q),
            "answer {q} differs after reload"
        );
    }
    Ok(())
}

pub async fn blobs_are_written_with_chunks_and_removed_with_their_document<S: Storage>(
    s: &S,
) -> Outcome {
    let audio: Vec<u8> = (0..=255).cycle().take(300_000).collect();
    let (a, b) = (
        BlobKey::for_bytes(&doc(1), &audio),
        BlobKey::for_bytes(&doc(2), b"pic"),
    );
    let write = Write {
        puts: vec![put(&doc(1), ChunkKind::Incremental, b"refers to a")],
        blob_puts: vec![(a.clone(), audio.clone()), (b.clone(), b"pic".to_vec())],
        ..Write::default()
    };
    s.apply(&write).await.map_err(err)?;
    ensure!(
        s.load_blob(&a).await.map_err(err)? == Some(audio.clone()),
        "a blob does not read back byte for byte"
    );
    ensure!(
        s.load_blob(&BlobKey::for_bytes(&doc(1), b"never"))
            .await
            .map_err(err)?
            .is_none(),
        "a blob never written reads as present"
    );
    ensure!(
        s.load_all().await.map_err(err)?.len() == 1,
        "blobs show among the chunks"
    );
    let free = Write {
        blob_removes: vec![a.clone()],
        ..Write::default()
    };
    s.apply(&free).await.map_err(err)?;
    ensure!(
        s.load_blob(&a).await.map_err(err)?.is_none(),
        "a removed blob is still there"
    );
    s.remove_doc(&doc(2)).await.map_err(err)?;
    ensure!(
        s.load_blob(&b).await.map_err(err)?.is_none(),
        "removing a document leaves its blobs"
    );
    ensure!(
        s.load_doc(&doc(1)).await.map_err(err)?.len() == 1,
        "removing one document's blobs touched another's chunks"
    );
    Ok(())
}

pub async fn sync_records_are_kept_apart_and_replaced_whole<S: Storage>(s: &S) -> Outcome {
    ensure!(
        s.load_sync().await.map_err(err)?.is_empty(),
        "new storage holds a sync record"
    );
    s.save_sync("b", r#"{"cursor":1}"#).await.map_err(err)?;
    s.save_sync("a", r#"{"cursor":2}"#).await.map_err(err)?;
    s.save_sync("b", r#"{"cursor":3}"#).await.map_err(err)?;
    ensure!(
        s.load_sync().await.map_err(err)?
            == vec![
                ("a".to_owned(), r#"{"cursor":2}"#.to_owned()),
                ("b".to_owned(), r#"{"cursor":3}"#.to_owned()),
            ],
        "sync records do not read back as last written, in key order"
    );
    ensure!(
        s.load_all().await.map_err(err)?.is_empty()
            && s.load_index().await.map_err(err)?.is_empty(),
        "sync records show among the documents"
    );
    s.remove_doc(&doc(1)).await.map_err(err)?;
    ensure!(
        s.load_sync().await.map_err(err)?.len() == 2,
        "removing a document removed sync records"
    );
    Ok(())
}

pub async fn kept_tables_go_with_any_write_of_a_document<S: Storage>(s: &S) -> Outcome {
    let kept = async || -> Result<Vec<Option<String>>, String> {
        let mut all = Vec::new();
        for key in ["p/a", "p/b"] {
            all.push(s.load_tables(key).await.map_err(err)?);
        }
        Ok(all)
    };
    ensure!(
        kept().await? == vec![None, None],
        "a new storage keeps tables"
    );
    let keep = async || -> Outcome {
        s.save_tables("p/a", "tables a").await.map_err(err)?;
        s.save_tables("p/b", "tables b").await.map_err(err)?;
        s.save_tables("p/b", "tables b, again").await.map_err(err)?;
        Ok(())
    };
    keep().await?;
    ensure!(
        kept().await? == vec![Some("tables a".into()), Some("tables b, again".into())],
        "tables do not read back as last saved"
    );
    // A sync record is not a document: the tables stay.
    s.save_sync("p", "{}").await.map_err(err)?;
    ensure!(
        kept().await?[0].is_some(),
        "saving a sync record dropped the tables"
    );
    // Any write of any document, even one with no row, drops every table.
    s.apply(&Write {
        puts: vec![put(&doc(1), ChunkKind::Snapshot, b"one")],
        ..Write::default()
    })
    .await
    .map_err(err)?;
    ensure!(
        kept().await? == vec![None, None],
        "a write of a document left tables made before it"
    );
    keep().await?;
    s.remove_doc(&doc(1)).await.map_err(err)?;
    ensure!(
        kept().await? == vec![None, None],
        "removing a document left tables made before it"
    );
    Ok(())
}
