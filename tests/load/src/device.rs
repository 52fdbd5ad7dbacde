//! One simulated device on its own WebSocket: hello, challenge, signed auth,
//! then its blobs pushed one per frame with a window of pushes in flight,
//! each timed from the moment it was written to the socket to its `Acked`.

use std::{collections::VecDeque, time::Duration};

use futures_util::{SinkExt, StreamExt};
use heard_core::sync::ProjectKeys;
use heard_protocol::{Blob, ClientFrame, Limits, ProjectId, RelayFrame};
use tokio::{net::TcpStream, time::Instant};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, tungstenite::Message};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// An authenticated connection.
pub struct Device {
    socket: Socket,
    limits: Limits,
}

/// What one device's pushes came to.
#[derive(Default)]
pub struct Pushed {
    /// Send-to-acknowledgement time of every push, in microseconds.
    pub ack_us: Vec<u32>,
    /// Bytes of push frames as WebSocket messages (masked client framing).
    pub push_bytes: u64,
    /// Bytes of acknowledgements and notifications received.
    pub ack_bytes: u64,
    pub notify_bytes: u64,
    pub notifies: u64,
}

impl Device {
    /// Connects and authenticates; `register` lets the first device of a
    /// project create it (every device offers it, as whoever comes first wins).
    pub async fn connect(
        addr: &str,
        project: ProjectId,
        keys: &ProjectKeys,
    ) -> Result<Device, String> {
        // TCP_NODELAY, as browsers set it on their sockets: a push written
        // while an earlier one is unacknowledged goes out at once.
        let (mut socket, _) =
            tokio_tungstenite::connect_async_with_config(format!("ws://{addr}/relay"), None, true)
                .await
                .map_err(|e| format!("cannot connect: {e}"))?;
        send(
            &mut socket,
            &ClientFrame::Hello {
                project,
                register: Some(keys.verifier()),
            },
        )
        .await?;
        let RelayFrame::Challenge { nonce, limits } = receive(&mut socket, &Limits::RELAY).await?
        else {
            return Err("no challenge after hello".into());
        };
        send(
            &mut socket,
            &ClientFrame::Auth {
                signature: keys.sign_challenge(&nonce),
            },
        )
        .await?;
        match receive(&mut socket, &limits).await? {
            RelayFrame::Welcome { .. } => Ok(Device { socket, limits }),
            other => Err(format!("no welcome after auth: {other:?}")),
        }
    }

    /// Pushes every blob, one per frame, keeping up to `window` pushes
    /// unacknowledged; returns once the last is acknowledged.
    pub async fn push_all(mut self, blobs: Vec<Blob>, window: usize) -> Result<Pushed, String> {
        let mut pushed = Pushed {
            ack_us: Vec::with_capacity(blobs.len()),
            ..Pushed::default()
        };
        let total = blobs.len();
        let mut blobs = blobs.into_iter();
        let mut in_flight: VecDeque<(u32, Instant)> = VecDeque::with_capacity(window);
        let mut next_request = 1u32;
        while pushed.ack_us.len() < total {
            // Fill the window, then flush once: one write for several frames
            // when acknowledgements arrive together.
            let mut wrote = false;
            while in_flight.len() < window {
                let Some(blob) = blobs.next() else { break };
                let frame = ClientFrame::Push {
                    request: next_request,
                    blobs: vec![blob],
                }
                .encode();
                pushed.push_bytes += ws_message_len(frame.len(), true) as u64;
                self.socket
                    .feed(Message::Binary(frame.into()))
                    .await
                    .map_err(|e| format!("send failed: {e}"))?;
                in_flight.push_back((next_request, Instant::now()));
                next_request += 1;
                wrote = true;
            }
            if wrote {
                self.socket
                    .flush()
                    .await
                    .map_err(|e| format!("send failed: {e}"))?;
            }
            let message = self
                .socket
                .next()
                .await
                .ok_or("the relay closed the connection")?
                .map_err(|e| format!("receive failed: {e}"))?;
            let Message::Binary(bytes) = message else {
                continue;
            };
            let frame = RelayFrame::decode(&bytes, &self.limits)
                .map_err(|e| format!("undecodable frame from the relay: {e}"))?;
            let len = ws_message_len(bytes.len(), false) as u64;
            match frame {
                RelayFrame::Acked { request, seqs } => {
                    // The relay answers a connection's frames in order, so an
                    // acknowledgement always answers the oldest push.
                    let (sent, at) = in_flight.pop_front().ok_or("an ack for nothing")?;
                    if sent != request || seqs.len() != 1 {
                        return Err(format!("ack {request} for push {sent}"));
                    }
                    pushed.ack_bytes += len;
                    pushed
                        .ack_us
                        .push(at.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                }
                RelayFrame::Notify { .. } => {
                    pushed.notifies += 1;
                    pushed.notify_bytes += len;
                }
                other => return Err(format!("unexpected answer to a push: {other:?}")),
            }
        }
        let _ = self.socket.close(None).await;
        Ok(pushed)
    }

    /// Stays connected, reading (and dropping) whatever arrives, until `for_`
    /// has passed.
    pub async fn idle(mut self, for_: Duration) {
        let until = Instant::now() + for_;
        while let Ok(Some(Ok(_))) = tokio::time::timeout_at(until, self.socket.next()).await {}
        let _ = self.socket.close(None).await;
    }
}

async fn send(socket: &mut Socket, frame: &ClientFrame) -> Result<(), String> {
    socket
        .send(Message::Binary(frame.encode().into()))
        .await
        .map_err(|e| format!("send failed: {e}"))
}

async fn receive(socket: &mut Socket, limits: &Limits) -> Result<RelayFrame, String> {
    loop {
        match socket.next().await {
            Some(Ok(Message::Binary(bytes))) => {
                return RelayFrame::decode(&bytes, limits)
                    .map_err(|e| format!("undecodable frame from the relay: {e}"));
            }
            Some(Ok(Message::Close(_))) | None => return Err("the relay closed".into()),
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(format!("receive failed: {e}")),
        }
    }
}

/// Bytes a binary WebSocket message of `payload` bytes takes in one frame
/// (RFC 6455): two header bytes, 2 or 8 more for longer lengths, and the
/// 4-byte mask on frames a client sends. TCP and IP headers are not counted.
pub fn ws_message_len(payload: usize, masked: bool) -> usize {
    let length = match payload {
        0..=125 => 0,
        126..=65_535 => 2,
        _ => 8,
    };
    2 + length + if masked { 4 } else { 0 } + payload
}
