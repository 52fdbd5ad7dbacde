//! Authentication and isolation over a real socket: a failed handshake hears
//! Unauthorized and nothing more, and one project's device never reaches
//! another project's log or media.

mod support;

use heard_protocol::{Blob, BlobId, BlobKind, ClientFrame, Entry, Refusal, RelayFrame, Tag};
use support::{Device, Heard, TestRelay, key, project};

fn refused(request: Option<u32>, reason: Refusal) -> Heard {
    Heard::Frame(RelayFrame::Refused { request, reason })
}

fn blob(text: &str) -> Blob {
    Blob {
        tag: Tag([1; 16]),
        kind: BlobKind::Changes,
        bytes: text.as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn failed_handshakes_hear_unauthorized_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let relay = TestRelay::start(dir.path(), &[]).await;
    let (mut owner, _) = Device::join(relay.addr, project(1), &key(1), true).await;

    // (what the device does, what it must hear before the close)
    let unauthorized = refused(None, Refusal::Unauthorized);
    let mut device = Device::connect(relay.addr).await;
    device
        .send(&ClientFrame::Pull {
            request: 1,
            after: 0,
            max: 10,
        })
        .await;
    assert_eq!(device.hear().await, unauthorized, "a request with no hello");
    assert!(device.closes().await);

    let mut device = Device::connect(relay.addr).await;
    device
        .send(&ClientFrame::Hello {
            project: project(1),
            register: None,
        })
        .await;
    assert!(matches!(
        device.hear().await,
        Heard::Frame(RelayFrame::Challenge { .. })
    ));
    device
        .send(&ClientFrame::Push {
            request: 1,
            blobs: vec![blob("x")],
        })
        .await;
    assert_eq!(
        device.hear().await,
        unauthorized,
        "a request instead of the signature"
    );
    assert!(device.closes().await);

    let mut device = Device::connect(relay.addr).await;
    device.send(&ClientFrame::Auth { signature: [0; 64] }).await;
    assert_eq!(
        device.hear().await,
        unauthorized,
        "a signature with no hello"
    );
    assert!(device.closes().await);

    let cases = [
        ("another key", project(1), 2, false),
        ("another key, asking to register", project(1), 2, true),
        ("an unknown project", project(9), 9, false),
    ];
    for (name, project, seed, register) in cases {
        let mut device = Device::connect(relay.addr).await;
        assert_eq!(
            device.handshake(project, &key(seed), register).await,
            unauthorized,
            "{name}"
        );
        assert!(device.closes().await, "{name}");
    }

    // A signature made for another challenge is worthless.
    let mut device = Device::connect(relay.addr).await;
    device
        .send(&ClientFrame::Hello {
            project: project(1),
            register: None,
        })
        .await;
    let Heard::Frame(RelayFrame::Challenge { nonce, .. }) = device.hear().await else {
        panic!("no challenge");
    };
    let mut other_nonce = nonce;
    other_nonce[0] ^= 1;
    use ed25519_dalek::Signer;
    let signature = key(1)
        .sign(&heard_protocol::auth_message(&project(1), &other_nonce))
        .to_bytes();
    device.send(&ClientFrame::Auth { signature }).await;
    assert_eq!(device.hear().await, unauthorized, "a replayed signature");
    assert!(device.closes().await);

    // Nonces are fresh per connection.
    let mut a = Device::connect(relay.addr).await;
    let mut b = Device::connect(relay.addr).await;
    for d in [&mut a, &mut b] {
        d.send(&ClientFrame::Hello {
            project: project(1),
            register: None,
        })
        .await;
    }
    let (
        Heard::Frame(RelayFrame::Challenge { nonce: n1, .. }),
        Heard::Frame(RelayFrame::Challenge { nonce: n2, .. }),
    ) = (a.hear().await, b.hear().await)
    else {
        panic!("no challenges");
    };
    assert_ne!(n1, n2);

    // The failed attempts stored nothing, and the project's owner is still served.
    assert_eq!(
        owner
            .ask(&ClientFrame::Pull {
                request: 5,
                after: 0,
                max: 10
            })
            .await,
        Heard::Frame(RelayFrame::Batch {
            request: 5,
            entries: vec![],
            more: false
        })
    );
    relay.stop().await;
}

#[tokio::test]
async fn a_device_of_one_project_never_reaches_another() {
    let dir = tempfile::tempdir().unwrap();
    let relay = TestRelay::start(dir.path(), &[]).await;
    let (mut a, _) = Device::join(relay.addr, project(0xA), &key(0xA), true).await;
    let (mut b, _) = Device::join(relay.addr, project(0xB), &key(0xB), true).await;

    assert_eq!(
        b.ask(&ClientFrame::Push {
            request: 1,
            blobs: vec![blob("b's words")]
        })
        .await,
        Heard::Frame(RelayFrame::Acked {
            request: 1,
            seqs: vec![1]
        })
    );
    let media = b"b's recording".to_vec();
    let id = BlobId::of(&media);
    assert_eq!(
        b.ask(&ClientFrame::PutMedia {
            request: 2,
            tag: Tag([1; 16]),
            bytes: media.clone()
        })
        .await,
        Heard::Frame(RelayFrame::MediaStored { request: 2, id })
    );

    // A pushes the very same bytes: they become A's own entry, seq 1 of A.
    assert_eq!(
        a.ask(&ClientFrame::Push {
            request: 1,
            blobs: vec![blob("a's words")]
        })
        .await,
        Heard::Frame(RelayFrame::Acked {
            request: 1,
            seqs: vec![1]
        })
    );
    assert_eq!(
        a.ask(&ClientFrame::Pull {
            request: 2,
            after: 0,
            max: 100
        })
        .await,
        Heard::Frame(RelayFrame::Batch {
            request: 2,
            entries: vec![Entry {
                seq: 1,
                tag: Tag([1; 16]),
                kind: BlobKind::Changes,
                id: BlobId::of(b"a's words"),
                bytes: b"a's words".to_vec(),
            }],
            more: false,
        })
    );
    assert_eq!(
        a.ask(&ClientFrame::GetMedia { request: 3, id }).await,
        Heard::Frame(RelayFrame::Media {
            request: 3,
            id,
            bytes: None
        })
    );
    // Erasing the tag in A leaves B's blob and media of that tag alone.
    let tombstone = Blob {
        kind: BlobKind::Tombstone,
        ..blob("erased in a")
    };
    assert!(matches!(
        a.ask(&ClientFrame::Erase {
            request: 4,
            tag: Tag([1; 16]),
            tombstone
        })
        .await,
        Heard::Frame(RelayFrame::Acked { request: 4, .. })
    ));
    // A second hello on an authenticated connection cannot switch projects.
    assert_eq!(
        a.ask(&ClientFrame::Hello {
            project: project(0xB),
            register: None
        })
        .await,
        refused(None, Refusal::BadRequest)
    );
    assert!(matches!(
        a.ask(&ClientFrame::Pull { request: 5, after: 0, max: 100 }).await,
        Heard::Frame(RelayFrame::Batch { entries, .. }) if entries.len() == 1 && entries[0].bytes == b"erased in a"
    ));

    let Heard::Frame(RelayFrame::Batch { entries, .. }) = b
        .ask(&ClientFrame::Pull {
            request: 3,
            after: 0,
            max: 100,
        })
        .await
    else {
        panic!("no batch");
    };
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].bytes, b"b's words");
    assert_eq!(
        b.ask(&ClientFrame::GetMedia { request: 4, id }).await,
        Heard::Frame(RelayFrame::Media {
            request: 4,
            id,
            bytes: Some(media)
        })
    );
    relay.stop().await;
}
