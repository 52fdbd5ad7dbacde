//! A small device for relay tests: a WebSocket client that speaks the
//! protocol's frames, signs challenges, and starts a relay on loopback.

#![allow(dead_code)]

pub mod binary;

use std::{net::SocketAddr, path::Path, time::Duration};

use clap::Parser;
use ed25519_dalek::{Signer, SigningKey};
use futures_util::{SinkExt, StreamExt};
use heard_protocol::{ClientFrame, Limits, ProjectId, RelayFrame, auth_message};
use heard_sync_server::{Config, run};
use tokio::net::TcpStream;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, tungstenite::Message};

/// A relay on a loopback port with its store in `data_dir`; dropping the
/// handle stops it.
pub struct TestRelay {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestRelay {
    pub async fn start(data_dir: &Path, extra: &[&str]) -> TestRelay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut args = vec![
            "heard-sync-server".to_owned(),
            "--static-dir".into(),
            data_dir.join("no-static").display().to_string(),
            "--data-dir".into(),
            data_dir.display().to_string(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        let config = Config::parse_from(args);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(run(listener, config, async move {
            let _ = stopped.await;
        }));
        TestRelay {
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }
}

/// A project's key, derived simply: the seed is the given byte repeated.
pub fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

pub fn project(n: u8) -> ProjectId {
    ProjectId([n; 16])
}

/// What a device heard while idle.
#[derive(Debug, Default, PartialEq)]
pub struct Idle {
    pub pings: usize,
    pub frames: usize,
    pub closed: bool,
}

/// The relay's `/metrics` text.
pub async fn metrics(addr: SocketAddr) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    reply
}

/// One metric's value from `/metrics` text.
pub fn metric(text: &str, name: &str) -> u64 {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in the metrics"))
}

pub struct Device {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub limits: Limits,
}

/// What came back, or that the relay closed the connection.
#[derive(Debug, PartialEq)]
pub enum Heard {
    Frame(RelayFrame),
    Closed,
}

impl Device {
    pub async fn connect(addr: SocketAddr) -> Device {
        let (socket, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/relay"))
            .await
            .unwrap();
        Device {
            socket,
            limits: Limits::RELAY,
        }
    }

    /// Connects, says hello (registering when asked), signs the challenge
    /// and returns the Welcome's head.
    pub async fn join(
        addr: SocketAddr,
        project: ProjectId,
        key: &SigningKey,
        register: bool,
    ) -> (Device, u64) {
        let mut device = Device::connect(addr).await;
        let heard = device.handshake(project, key, register).await;
        match heard {
            Heard::Frame(RelayFrame::Welcome { head, .. }) => (device, head),
            other => panic!("expected a welcome, heard {other:?}"),
        }
    }

    /// [`Device::join`] against a relay that may be killed meanwhile:
    /// `None` if it went away before its Welcome.
    pub async fn try_join(
        addr: SocketAddr,
        project: ProjectId,
        key: &SigningKey,
    ) -> Option<Device> {
        let (socket, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/relay"))
            .await
            .ok()?;
        let mut device = Device {
            socket,
            limits: Limits::RELAY,
        };
        match device.handshake(project, key, false).await {
            Heard::Frame(RelayFrame::Welcome { .. }) => Some(device),
            _ => None,
        }
    }

    /// Hello and Auth; returns what answered the Auth.
    pub async fn handshake(
        &mut self,
        project: ProjectId,
        key: &SigningKey,
        register: bool,
    ) -> Heard {
        let register = register.then(|| key.verifying_key().to_bytes());
        self.send(&ClientFrame::Hello { project, register }).await;
        let nonce = match self.hear().await {
            Heard::Frame(RelayFrame::Challenge { nonce, limits }) => {
                self.limits = limits;
                nonce
            }
            other => return other,
        };
        let signature = key.sign(&auth_message(&project, &nonce)).to_bytes();
        self.send(&ClientFrame::Auth { signature }).await;
        self.hear().await
    }

    pub async fn send(&mut self, frame: &ClientFrame) {
        self.send_bytes(frame.encode()).await;
    }

    pub async fn send_bytes(&mut self, bytes: Vec<u8>) {
        // A relay that already closed may refuse the write: the test reads
        // the outcome from `hear`.
        let _ = self.socket.send(Message::Binary(bytes.into())).await;
    }

    pub async fn send_text(&mut self, text: &str) {
        let _ = self.socket.send(Message::Text(text.into())).await;
    }

    /// The next frame from the relay (waiting at most 10 s), or Closed.
    pub async fn hear(&mut self) -> Heard {
        self.hear_within(Duration::from_secs(10))
            .await
            .expect("the relay said nothing for 10 s")
    }

    pub async fn hear_within(&mut self, wait: Duration) -> Option<Heard> {
        loop {
            let next = tokio::time::timeout(wait, self.socket.next()).await.ok()?;
            return Some(match next {
                Some(Ok(Message::Binary(bytes))) => {
                    Heard::Frame(RelayFrame::decode(&bytes, &self.limits).unwrap())
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => Heard::Closed,
                Some(Ok(other)) => panic!("the relay sent {other:?}"),
            });
        }
    }

    /// Sends a request and returns the first frame that is not a Notify.
    pub async fn ask(&mut self, frame: &ClientFrame) -> Heard {
        self.send(frame).await;
        self.answer().await
    }

    /// The next frame that is not a Notify.
    pub async fn answer(&mut self) -> Heard {
        loop {
            match self.hear().await {
                Heard::Frame(RelayFrame::Notify { .. }) => continue,
                other => return other,
            }
        }
    }

    /// Reads (and so answers the relay's pings, as a live browser does) for
    /// `time`, counting pings, or until the relay closes the connection.
    pub async fn idle_for(&mut self, time: Duration) -> Idle {
        let until = tokio::time::Instant::now() + time;
        let mut idle = Idle::default();
        while let Ok(next) = tokio::time::timeout_at(until, self.socket.next()).await {
            match next {
                Some(Ok(Message::Ping(_))) => idle.pings += 1,
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => {
                    idle.closed = true;
                    break;
                }
                Some(Ok(_)) => idle.frames += 1,
            }
        }
        idle
    }

    /// After a refusal that closes, the connection ends.
    pub async fn closes(&mut self) -> bool {
        matches!(self.hear().await, Heard::Closed)
    }
}
