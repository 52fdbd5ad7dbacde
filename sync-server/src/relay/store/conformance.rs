//! The behaviour every [`RelayStore`] backend must have, one `pub async fn`
//! per rule. Backends run it with [`relay_store_conformance!`], which makes one
//! `#[tokio::test]` per rule with a fresh store each.
//!
//! [`relay_store_conformance!`]: crate::relay_store_conformance

use std::{collections::BTreeSet, sync::Arc};

use super::{Blob, BlobId, BlobKind, Entry, ProjectId, Registered, RelayStore, StoreError, Tag};

const A: ProjectId = ProjectId([0xA; 16]);
const B: ProjectId = ProjectId([0xB; 16]);
const KEY_A: [u8; 32] = [1; 32];
const KEY_B: [u8; 32] = [2; 32];
const T: Tag = Tag([0x77; 16]);
const U: Tag = Tag([0x55; 16]);

fn blob(tag: Tag, text: &str) -> Blob {
    sealed(tag, BlobKind::Changes, text)
}

fn sealed(tag: Tag, kind: BlobKind, text: &str) -> Blob {
    Blob {
        tag,
        kind,
        bytes: text.as_bytes().to_vec(),
    }
}

async fn two_projects<S: RelayStore>(store: &S) {
    assert_eq!(store.register(A, KEY_A).await.unwrap(), Registered::Created);
    assert_eq!(store.register(B, KEY_B).await.unwrap(), Registered::Created);
}

async fn everything<S: RelayStore>(store: &S, project: ProjectId) -> Vec<Entry> {
    let pulled = store.pull(project, 0, u32::MAX, usize::MAX).await.unwrap();
    assert!(!pulled.more);
    pulled.entries
}

fn seqs_and_bytes(entries: &[Entry]) -> Vec<(u64, String)> {
    entries
        .iter()
        .map(|e| (e.seq, String::from_utf8_lossy(&e.bytes).into_owned()))
        .collect()
}

/// Generates one `#[tokio::test]` per rule; `$make` is evaluated afresh for
/// each and gives `(guard, store)`, the guard (a temp dir, say) living as long
/// as the test.
#[macro_export]
macro_rules! relay_store_conformance {
    ($make:expr) => {
        $crate::relay_store_conformance!(@tests $make;
            registering, seqs_increase_per_project, pushing_twice_stores_once,
            pull_in_batches, compaction_drops_only_what_it_covers,
            erasure_leaves_only_the_tombstone, media, heads_are_announced_after_commit,
            unknown_projects_are_refused);
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn concurrent_pushes_get_distinct_durable_seqs() {
            let (_guard, store) = $make;
            $crate::relay::store::conformance::concurrent_pushes_get_distinct_durable_seqs(
                ::std::sync::Arc::new(store),
            )
            .await;
        }
    };
    (@tests $make:expr; $($name:ident),*) => {
        $(
            #[tokio::test]
            async fn $name() {
                let (_guard, store) = $make;
                $crate::relay::store::conformance::$name(&store).await;
            }
        )*
    };
}

/// The first verifier wins; the same key again is fine, another is refused.
pub async fn registering<S: RelayStore>(store: &S) {
    assert_eq!(store.verifier(A).await.unwrap(), None);
    assert_eq!(store.register(A, KEY_A).await.unwrap(), Registered::Created);
    assert_eq!(
        store.register(A, KEY_A).await.unwrap(),
        Registered::AlreadyYours
    );
    assert_eq!(
        store.register(A, KEY_B).await.unwrap(),
        Registered::TakenByOtherKey
    );
    assert_eq!(store.verifier(A).await.unwrap(), Some(KEY_A));
    assert_eq!(store.verifier(B).await.unwrap(), None);
    assert_eq!(store.head(A).await.unwrap(), 0);
}

/// Every project numbers its own log from 1, strictly increasing.
pub async fn seqs_increase_per_project<S: RelayStore>(store: &S) {
    two_projects(store).await;
    let a = store
        .push(A, vec![blob(T, "a1"), blob(T, "a2"), blob(U, "a3")])
        .await
        .unwrap();
    assert_eq!(a, [1, 2, 3]);
    let b = store
        .push(B, vec![blob(T, "b1"), blob(T, "b2")])
        .await
        .unwrap();
    assert_eq!(b, [1, 2]);
    assert_eq!(store.push(A, vec![blob(T, "a4")]).await.unwrap(), [4]);
    assert_eq!(store.push(A, vec![]).await.unwrap(), Vec::<u64>::new());
    assert_eq!(store.head(A).await.unwrap(), 4);
    assert_eq!(store.head(B).await.unwrap(), 2);
    assert_eq!(
        seqs_and_bytes(&everything(store, B).await),
        [(1, "b1".into()), (2, "b2".into())]
    );
}

/// The same blob (by id) is stored once and always answered with one seq,
/// within a push and across pushes; the same bytes in another project are
/// that project's own.
pub async fn pushing_twice_stores_once<S: RelayStore>(store: &S) {
    two_projects(store).await;
    assert_eq!(store.push(A, vec![blob(T, "x")]).await.unwrap(), [1]);
    assert_eq!(store.push(A, vec![blob(T, "x")]).await.unwrap(), [1]);
    assert_eq!(
        store
            .push(A, vec![blob(T, "y"), blob(T, "x"), blob(T, "y")])
            .await
            .unwrap(),
        [2, 1, 2]
    );
    assert_eq!(store.head(A).await.unwrap(), 2);
    let entries = everything(store, A).await;
    assert_eq!(seqs_and_bytes(&entries), [(1, "x".into()), (2, "y".into())]);
    assert_eq!(entries[0].id, BlobId::of(b"x"));
    assert_eq!(entries[0].tag, T);
    assert_eq!(entries[0].kind, BlobKind::Changes);
    assert_eq!(store.push(B, vec![blob(T, "x")]).await.unwrap(), [1]);
}

/// A pull returns what follows the cursor, in batches bounded by a count and
/// by bytes (but never empty while something follows), saying if more wait.
pub async fn pull_in_batches<S: RelayStore>(store: &S) {
    two_projects(store).await;
    let blobs: Vec<Blob> = (1..=10).map(|i| blob(U, &format!("blob {i:02}"))).collect();
    store.push(A, blobs).await.unwrap();
    let check = async |after, max, max_bytes, seqs: &[u64], more| {
        let pulled = store.pull(A, after, max, max_bytes).await.unwrap();
        let got: Vec<u64> = pulled.entries.iter().map(|e| e.seq).collect();
        assert_eq!(
            (got.as_slice(), pulled.more),
            (seqs, more),
            "pull after {after}, max {max}, {max_bytes} bytes"
        );
    };
    check(0, 4, usize::MAX, &[1, 2, 3, 4], true).await;
    check(4, 4, usize::MAX, &[5, 6, 7, 8], true).await;
    check(8, 4, usize::MAX, &[9, 10], false).await;
    check(10, 4, usize::MAX, &[], false).await;
    check(99, 4, usize::MAX, &[], false).await;
    // Each blob is 7 bytes: 20 bytes hold two.
    check(0, 100, 20, &[1, 2], true).await;
    check(0, 100, 1, &[1], true).await;
    check(9, 100, 1, &[10], false).await;
    check(0, 0, usize::MAX, &[], true).await;
    assert!(
        store
            .pull(B, 0, 10, usize::MAX)
            .await
            .unwrap()
            .entries
            .is_empty()
    );
}

/// A snapshot of one tag drops that tag's entries up to `covers`, and no
/// other tag's; a late retry of a dropped blob keeps its old seq.
pub async fn compaction_drops_only_what_it_covers<S: RelayStore>(store: &S) {
    two_projects(store).await;
    store
        .push(
            A,
            vec![blob(T, "t1"), blob(T, "t2"), blob(U, "u3"), blob(T, "t4")],
        )
        .await
        .unwrap();
    store.push(B, vec![blob(T, "other project")]).await.unwrap();
    let snapshot = sealed(T, BlobKind::Snapshot, "t1+t2");
    assert_eq!(store.compact(A, T, 2, snapshot.clone()).await.unwrap(), 5);
    assert_eq!(
        seqs_and_bytes(&everything(store, A).await),
        [(3, "u3".into()), (4, "t4".into()), (5, "t1+t2".into())]
    );
    assert_eq!(store.push(A, vec![blob(T, "t1")]).await.unwrap(), [1]);
    assert_eq!(store.compact(A, T, 2, snapshot).await.unwrap(), 5);
    assert_eq!(store.head(A).await.unwrap(), 5);
    // A snapshot claiming to cover more than exists drops every older entry
    // of its tag, never itself.
    let all = sealed(T, BlobKind::Snapshot, "everything");
    assert_eq!(store.compact(A, T, u64::MAX, all).await.unwrap(), 6);
    assert_eq!(
        seqs_and_bytes(&everything(store, A).await),
        [(3, "u3".into()), (6, "everything".into())]
    );
    assert_eq!(
        seqs_and_bytes(&everything(store, B).await),
        [(1, "other project".into())]
    );
}

/// Erasing a tag leaves only its tombstone (no entries, no media, no ids),
/// and a stale device cannot bring the document back.
pub async fn erasure_leaves_only_the_tombstone<S: RelayStore>(store: &S) {
    two_projects(store).await;
    store
        .push(A, vec![blob(T, "t1"), blob(U, "u2"), blob(T, "t3")])
        .await
        .unwrap();
    let snapshot = sealed(T, BlobKind::Snapshot, "t1 snapshot");
    store.compact(A, T, 1, snapshot).await.unwrap();
    let t_media = store.put_media(A, T, b"t audio".to_vec()).await.unwrap();
    let u_media = store.put_media(A, U, b"u audio".to_vec()).await.unwrap();
    store.push(B, vec![blob(T, "t in B")]).await.unwrap();
    let b_media = store.put_media(B, T, b"t audio".to_vec()).await.unwrap();

    let tombstone = sealed(T, BlobKind::Tombstone, "gone");
    assert_eq!(store.erase(A, T, tombstone.clone()).await.unwrap(), 5);
    assert_eq!(
        seqs_and_bytes(&everything(store, A).await),
        [(2, "u2".into()), (5, "gone".into())]
    );
    assert_eq!(store.get_media(A, t_media).await.unwrap(), None);
    assert_eq!(
        store.get_media(A, u_media).await.unwrap().as_deref(),
        Some(&b"u audio"[..])
    );
    // Other projects' blobs of the same tag are theirs.
    assert_eq!(everything(store, B).await.len(), 1);
    assert!(store.get_media(B, b_media).await.unwrap().is_some());

    // A stale device re-pushing, compacting or recording is absorbed.
    assert_eq!(store.push(A, vec![blob(T, "t1")]).await.unwrap(), [5]);
    assert_eq!(store.push(A, vec![blob(T, "t new")]).await.unwrap(), [5]);
    let late = sealed(T, BlobKind::Snapshot, "late");
    assert_eq!(store.compact(A, T, 4, late).await.unwrap(), 5);
    store.put_media(A, T, b"t audio".to_vec()).await.unwrap();
    assert_eq!(store.get_media(A, t_media).await.unwrap(), None);
    assert_eq!(store.erase(A, T, tombstone).await.unwrap(), 5);
    assert_eq!(store.head(A).await.unwrap(), 5);
    assert_eq!(everything(store, A).await.len(), 2);

    // A document rewritten into a fresh history replaces its old blobs with
    // a snapshot, and then takes changes again.
    let fresh = sealed(U, BlobKind::Snapshot, "u rewritten");
    assert_eq!(store.erase(A, U, fresh).await.unwrap(), 6);
    assert_eq!(store.push(A, vec![blob(U, "u7")]).await.unwrap(), [7]);
    assert_eq!(
        seqs_and_bytes(&everything(store, A).await),
        [
            (5, "gone".into()),
            (6, "u rewritten".into()),
            (7, "u7".into())
        ]
    );
    assert_eq!(store.get_media(A, u_media).await.unwrap(), None);
}

/// Media is kept by content hash per project and fetched by id.
pub async fn media<S: RelayStore>(store: &S) {
    two_projects(store).await;
    let id = store.put_media(A, T, b"audio".to_vec()).await.unwrap();
    assert_eq!(id, BlobId::of(b"audio"));
    assert_eq!(store.put_media(A, T, b"audio".to_vec()).await.unwrap(), id);
    assert_eq!(
        store.get_media(A, id).await.unwrap().as_deref(),
        Some(&b"audio"[..])
    );
    assert_eq!(store.get_media(B, id).await.unwrap(), None);
    assert_eq!(store.get_media(A, BlobId([0; 32])).await.unwrap(), None);
    // Media does not move the log.
    assert_eq!(store.head(A).await.unwrap(), 0);
}

/// A commit that moves a project's head is announced to that project's
/// listeners only; one that moves nothing is not announced.
pub async fn heads_are_announced_after_commit<S: RelayStore>(store: &S) {
    two_projects(store).await;
    let mut heads_a = store.notifier().subscribe(A);
    store
        .push(A, vec![blob(T, "1"), blob(T, "2")])
        .await
        .unwrap();
    assert_eq!(heads_a.recv().await.unwrap(), 2);
    store.push(B, vec![blob(T, "b")]).await.unwrap();
    store.push(A, vec![blob(T, "1")]).await.unwrap();
    store.put_media(A, T, b"m".to_vec()).await.unwrap();
    assert!(heads_a.try_recv().is_err(), "nothing new in A");
    let snapshot = sealed(T, BlobKind::Snapshot, "s");
    store.compact(A, T, 2, snapshot).await.unwrap();
    assert_eq!(heads_a.recv().await.unwrap(), 3);
    let tombstone = sealed(T, BlobKind::Tombstone, "t");
    store.erase(A, T, tombstone).await.unwrap();
    assert_eq!(heads_a.recv().await.unwrap(), 4);
}

/// Writes and reads of a project that was never registered are refused.
pub async fn unknown_projects_are_refused<S: RelayStore>(store: &S) {
    store.register(A, KEY_A).await.unwrap();
    let unknown = |r: Result<(), StoreError>| {
        assert!(matches!(r, Err(StoreError::UnknownProject)), "{r:?}");
    };
    unknown(store.push(B, vec![blob(T, "x")]).await.map(drop));
    unknown(store.push(B, vec![]).await.map(drop));
    unknown(store.pull(B, 0, 10, usize::MAX).await.map(drop));
    unknown(store.head(B).await.map(drop));
    unknown(store.compact(B, T, 1, blob(T, "s")).await.map(drop));
    unknown(store.erase(B, T, blob(T, "s")).await.map(drop));
    unknown(store.put_media(B, T, vec![1]).await.map(drop));
    unknown(store.get_media(B, BlobId([0; 32])).await.map(drop));
    assert_eq!(store.head(A).await.unwrap(), 0);
}

/// Many tasks pushing at once each get their own seqs, together exactly
/// 1..=n, and every acknowledged blob can be pulled.
pub async fn concurrent_pushes_get_distinct_durable_seqs<S: RelayStore>(store: Arc<S>) {
    const TASKS: usize = 16;
    const PUSHES: usize = 20;
    two_projects(&*store).await;
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            for push in 0..PUSHES {
                let blobs: Vec<Blob> = (0..=push % 3)
                    .map(|i| blob(T, &format!("task {task} push {push} blob {i}")))
                    .collect();
                let seqs = store.push(A, blobs.clone()).await.unwrap();
                assert_eq!(seqs.len(), blobs.len());
                acked.extend(seqs.into_iter().zip(blobs));
            }
            acked
        }));
    }
    let mut acked = Vec::new();
    for task in tasks {
        acked.extend(task.await.unwrap());
    }
    let seqs: BTreeSet<u64> = acked.iter().map(|(seq, _)| *seq).collect();
    assert_eq!(seqs.len(), acked.len(), "a seq was given twice");
    assert_eq!(seqs, (1..=acked.len() as u64).collect());
    let stored = everything(&*store, A).await;
    assert_eq!(stored.len(), acked.len());
    for (seq, blob) in acked {
        let entry = &stored[seq as usize - 1];
        assert_eq!((entry.seq, &entry.bytes), (seq, &blob.bytes));
    }
    assert_eq!(store.head(B).await.unwrap(), 0);
}
