//! Two devices of one project syncing through the real relay (its SQLite
//! store in a temporary folder) over real WebSockets on loopback: the second
//! device joins, both work while the relay is down, and once it is back
//! both end with everything, merged: answers, note cards, and both people's
//! words typed into one note. What they typed is nowhere in the relay's
//! files.

mod support;

use std::{net::SocketAddr, path::Path, time::Duration};

use clap::Parser;
use futures_util::{SinkExt, StreamExt};
use heard_core::{
    id::DocId,
    response::{Answer, Consent, Mode, Presentation, ResponseSetup},
    session::Card,
    summary::Summary,
    time::Timestamp,
    worker_api::ToWorker,
};
use heard_sync::{Input, SyncStatus};
use heard_sync_server::{Config, run};
use support::device::{Device, Link, project_doc, session_doc};
use tokio::net::TcpStream;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, tungstenite::Message};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The relay, serving on a free loopback port until stopped.
struct Relay {
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Relay {
    async fn start(data: &Path) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let config = Config::parse_from([
            "heard-sync-server",
            "--static-dir",
            &data.join("no-app").display().to_string(),
            "--data-dir",
            &data.display().to_string(),
        ]);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(run(listener, config, async move {
            let _ = stopped.await;
        }));
        Relay { addr, stop, task }
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        self.task.await.unwrap().unwrap();
    }
}

/// One device and its WebSocket, if open.
struct Online {
    device: Device,
    socket: Option<Socket>,
}

impl Online {
    /// Opens the connection the syncer asked for, sends what waits, and
    /// takes what the relay sent, for a moment.
    async fn pump(&mut self, relay: Option<SocketAddr>, now: i64) {
        if self.device.link == Link::Wanted {
            let opened = match relay {
                Some(addr) => tokio_tungstenite::connect_async(format!("ws://{addr}/relay"))
                    .await
                    .ok(),
                None => None,
            };
            match opened {
                Some((socket, _)) => {
                    self.socket = Some(socket);
                    self.device.link = Link::Open;
                    self.device.step(Input::Connected, now);
                }
                None => self.closed(now),
            }
        }
        if self.device.link == Link::Closed {
            self.socket = None;
            return;
        }
        let Some(socket) = self.socket.as_mut() else {
            return;
        };
        let mut broken = false;
        while let Some(bytes) = self.device.to_relay.pop_front() {
            if socket.send(Message::binary(bytes)).await.is_err() {
                broken = true;
                break;
            }
        }
        while !broken {
            match tokio::time::timeout(Duration::from_millis(20), socket.next()).await {
                Err(_) => break,
                Ok(Some(Ok(Message::Binary(bytes)))) => {
                    self.device.step(Input::Frame(bytes.to_vec()), now);
                    if self.device.link != Link::Open {
                        break;
                    }
                    while let Some(bytes) = self.device.to_relay.pop_front() {
                        if socket.send(Message::binary(bytes)).await.is_err() {
                            broken = true;
                            break;
                        }
                    }
                }
                Ok(Some(Ok(_))) => {}
                Ok(Some(Err(_)) | None) => broken = true,
            }
        }
        if broken {
            self.closed(now);
        }
    }

    fn closed(&mut self, now: i64) {
        self.socket = None;
        self.device.cut();
        self.device.step(Input::Closed, now);
    }

    fn status(&mut self) -> SyncStatus {
        let docs = &mut self.device.docs.borrow_mut();
        self.device.syncer.status(docs)
    }
}

/// Runs both devices against `relay` until both say "synced" a few rounds
/// in a row. Time runs a minute per round, so reconnections come quickly.
async fn settle(devices: &mut [Online], relay: SocketAddr, now: &mut i64) {
    let mut calm = 0;
    for _ in 0..400 {
        *now += 60_000;
        for online in devices.iter_mut() {
            online.device.step(Input::Tick, *now);
            online.pump(Some(relay), *now).await;
        }
        let synced = devices.iter_mut().all(|d| d.status() == SyncStatus::Synced);
        calm = if synced { calm + 1 } else { 0 };
        if calm >= 3 {
            return;
        }
    }
    let statuses: Vec<SyncStatus> = devices.iter_mut().map(Online::status).collect();
    panic!("the devices never settled: {statuses:?}");
}

fn card_text(device: &Device, card: &str) -> String {
    match device.summary(&session_doc()) {
        Some(Summary::Session(s)) => s
            .cards
            .iter()
            .find(|c| c.id == card)
            .map(|c| c.text.clone())
            .unwrap_or_default(),
        other => panic!("no session: {other:?}"),
    }
}

/// Saves the session with `change` made to it, as the session screen does.
fn edit_session(
    device: &mut Device,
    now: i64,
    change: impl FnOnce(&mut heard_core::session::Session),
) {
    let Some(Summary::Session(mut session)) = device.summary(&session_doc()) else {
        panic!("no session to edit");
    };
    change(&mut session);
    let base = device.heads(&session_doc());
    device.request(
        ToWorker::SaveSession {
            id: session_doc(),
            session,
            base,
            now: Timestamp(now),
        },
        now,
    );
}

const MARKER_A: &str = "Bluebell-7Q-coordinator";
const MARKER_B: &str = "Foxglove-3Z-joiner";

#[tokio::test(flavor = "current_thread")]
async fn two_devices_work_offline_and_merge_through_the_real_relay() {
    let data = tempfile::tempdir().unwrap();
    let mut now = 1_000;
    let mut coordinator = Device::new(0, true);
    coordinator.create_project();
    edit_session(&mut coordinator, now, |s| {
        s.cards.push(Card {
            id: "shared".into(),
            text: "The bus".into(),
            quote: false,
            feeling: None,
            topic: None,
            audio: None,
            created: Timestamp(now),
            device: None,
        })
    });
    let mut devices = [
        Online {
            device: coordinator,
            socket: None,
        },
        // Joins knowing only the project's id and secret.
        Online {
            device: Device::new(1, false),
            socket: None,
        },
    ];
    let relay = Relay::start(data.path()).await;
    settle(&mut devices, relay.addr, &mut now).await;
    assert_eq!(
        card_text(&devices[1].device, "shared"),
        "The bus",
        "the second device joined and has the session"
    );
    assert_eq!(devices[1].device.syncer.project_doc(), Some(&project_doc()));

    // The relay goes down; both keep working.
    relay.stop().await;
    for online in devices.iter_mut() {
        online.pump(None, now).await;
    }
    now += 1_000;
    edit_session(&mut devices[0].device, now, |s| {
        s.cards[0].text = "The bus is late".into();
        s.cards.push(Card {
            id: "a".into(),
            text: format!("Tea with {MARKER_A}"),
            quote: true,
            feeling: None,
            topic: None,
            audio: None,
            created: Timestamp(now),
            device: None,
        });
    });
    edit_session(&mut devices[1].device, now, |s| {
        s.cards[0].text = "The bus, every day".into();
    });
    let response = DocId::from_random([42; 16]);
    devices[1].device.request(
        ToWorker::Start {
            id: response.clone(),
            project: project_doc(),
            survey: "national".into(),
            setup: ResponseSetup {
                consent: Consent::Person,
                mode: Mode::Alone,
                respondent: "R-000001".into(),
                device: None,
                language: None,
            },
            presentation: Presentation::STANDARD,
            now: Timestamp(now),
        },
        now,
    );
    devices[1].device.request(
        ToWorker::SetAnswer {
            id: response.clone(),
            question: "q1".into(),
            answer: Some(Answer::Text(format!("Singing, says {MARKER_B}"))),
            now: Timestamp(now),
        },
        now,
    );
    for online in devices.iter_mut() {
        online.device.step(Input::Tick, now + 60_000);
        online.pump(None, now).await;
        assert!(
            matches!(online.status(), SyncStatus::Offline { .. }),
            "{:?}",
            online.status()
        );
    }

    // Back on the same data: everything merges, without a reload.
    let relay = Relay::start(data.path()).await;
    settle(&mut devices, relay.addr, &mut now).await;
    let (a, b) = (&devices[0].device, &devices[1].device);
    for id in [project_doc(), session_doc(), response.clone()] {
        assert_eq!(a.heads(&id), b.heads(&id), "{id}: heads");
        assert_eq!(a.summary(&id), b.summary(&id), "{id}: content");
    }
    let merged = card_text(a, "shared");
    assert!(
        merged.contains("is late") && merged.contains(", every day"),
        "both people's words are in the note: {merged:?}"
    );
    assert!(card_text(b, "a").contains(MARKER_A));
    match a.summary(&response) {
        Some(Summary::Response(r)) => assert_eq!(r.answered, 1),
        other => panic!("the coordinator has the response: {other:?}"),
    }
    relay.stop().await;

    // Nothing anyone typed is in the relay's files, WAL included.
    let mut checked = 0;
    for entry in std::fs::read_dir(data.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            checked += 1;
            let bytes = std::fs::read(&path).unwrap();
            for marker in [MARKER_A, MARKER_B, "The bus"] {
                assert!(
                    !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
                    "{marker:?} is in {}",
                    path.display()
                );
            }
        }
    }
    assert!(
        checked > 0,
        "the relay keeps its data in {}",
        data.path().display()
    );
}
