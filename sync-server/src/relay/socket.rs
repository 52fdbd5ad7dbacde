//! `GET /relay`: the WebSocket carrying one device's frames to its
//! [`Session`] and back, plus a Notify when its project commits (at most
//! one until the device pulls: see [`super::hearing`]).
//!
//! Buffers are kept small (a few KiB to read, nothing held to write) so that
//! an idle device costs little memory; a message over the frame limit ends
//! the connection inside the WebSocket layer before it is ever buffered whole.
//! A device that goes silent is let go (see [`super::keepalive`]).

use std::{sync::Arc, time::Instant};

use axum::{
    extract::{
        State,
        ws::{Message, WebSocket, WebSocketUpgrade, rejection::WebSocketUpgradeRejection},
    },
    response::{IntoResponse, Response},
};
use futures_util::SinkExt;
use heard_protocol::{ClientFrame, Refusal, RelayFrame};
use tokio::sync::broadcast::{self, error::RecvError};

use super::{
    Relay,
    keepalive::Liveness,
    pipeline::{Held, Pipeline},
    session::{Admitted, Reply, Session},
    store::RelayStore,
};
use crate::ApiError;

/// Read in chunks of this: a device's frames are small, and a large one is
/// read in several chunks rather than kept buffered per idle connection.
const READ_BUFFER: usize = 4 * 1024;
/// Written out once this much is fed; a flush writes the rest.
const WRITE_BUFFER: usize = 4 * 1024;

pub async fn upgrade<S: RelayStore>(
    State(relay): State<Arc<Relay<S>>>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let Ok(upgrade) = upgrade else {
        return ApiError::NotWebSocket.into_response();
    };
    if relay.metrics.connections_open() >= u64::from(relay.policy.max_connections) {
        relay.metrics.refused(Refusal::TooManyConnections);
        return ApiError::Unavailable.into_response();
    }
    let max_frame = relay.policy.limits.max_frame as usize;
    upgrade
        .read_buffer_size(READ_BUFFER)
        // Frames fed together are written together, up to this, and every
        // answer is flushed: nothing waits in the buffer between answers.
        .write_buffer_size(WRITE_BUFFER)
        .max_write_buffer_size(max_frame + WRITE_BUFFER)
        .max_message_size(max_frame)
        .max_frame_size(max_frame)
        .on_upgrade(move |socket| serve(relay, socket))
        .into_response()
}

async fn serve<S: RelayStore>(relay: Arc<Relay<S>>, mut socket: WebSocket) {
    let _live = relay.socket_opened();
    let _open = relay.metrics.connection_opened();
    let mut session = Session::new(relay.clone(), Instant::now());
    let mut heads: Option<broadcast::Receiver<u64>> = None;
    let mut stopping = relay.stopping.subscribe();
    let handshake_deadline = tokio::time::Instant::now() + relay.policy.handshake_timeout;
    let mut liveness = Liveness::new(relay.policy.keepalive);
    let send_timeout = liveness.send_timeout();
    let mut pipeline = Pipeline::default();
    loop {
        let silent_at = liveness.silent_at();
        let reply = tokio::select! {
            message = socket.recv(), if pipeline.can_read() => {
                if matches!(message, Some(Ok(_))) {
                    liveness.heard();
                }
                let admitted = match message {
                    Some(Ok(Message::Binary(bytes))) => {
                        relay.metrics.received(bytes.len());
                        let arrived = Instant::now();
                        session.admit(&bytes, arrived)
                    }
                    // Frames are binary; a text message is not one of ours.
                    Some(Ok(Message::Text(_))) => {
                        relay.metrics.refused(Refusal::BadFrame);
                        Admitted::Reply(Reply::refuse_and_close(Refusal::BadFrame))
                    }
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Close(_))) | None => break,
                    Some(Err(error)) => {
                        relay.metrics.socket_error();
                        tracing::debug!(%error, "the WebSocket failed");
                        break;
                    }
                };
                match admitted {
                    Admitted::Push(push) => {
                        pipeline.push(&session, push);
                        continue;
                    }
                    // Whatever follows pushes in flight waits for their
                    // answers, so answers keep the order of the requests.
                    Admitted::Frame(frame) if !pipeline.is_idle() => {
                        pipeline.hold(Held::Frame(frame, Instant::now()));
                        continue;
                    }
                    Admitted::Reply(reply) if !pipeline.is_idle() => {
                        pipeline.hold(Held::Reply(reply));
                        continue;
                    }
                    Admitted::Frame(frame) => handle(&relay, &mut session, frame, Instant::now()).await,
                    Admitted::Reply(reply) => reply,
                }
            },
            frames = pipeline.answered() => {
                let mut reply = Reply { frames, ..Reply::default() };
                match pipeline.advance(&session) {
                    Some(Held::Frame(frame, arrived)) => {
                        reply.append(handle(&relay, &mut session, frame, arrived).await);
                    }
                    Some(Held::Reply(held)) => reply.append(held),
                    None => {}
                }
                reply
            }
            () = liveness.ping_due() => {
                match tokio::time::timeout(
                    send_timeout,
                    socket.send(Message::Ping(Default::default())),
                )
                .await
                {
                    Ok(Ok(())) => continue,
                    _ => break,
                }
            }
            () = tokio::time::sleep_until(silent_at) => {
                relay.metrics.silent_closed();
                tracing::info!("device silent for too long; closing its connection");
                // The device is most likely gone, so the close may never be
                // read: it gets a moment, not the whole grace period.
                let close = socket.send(Message::Close(None));
                let _ = tokio::time::timeout(std::time::Duration::from_secs(1), close).await;
                break;
            }
            head = next_head(&mut heads) => match session.notify(head) {
                Some(frame) => {
                    relay.metrics.notified();
                    Reply::send(frame)
                }
                None => continue,
            },
            _ = tokio::time::sleep_until(handshake_deadline), if !session.is_ready() => {
                relay.metrics.refused(Refusal::Unauthorized);
                Reply::refuse_and_close(Refusal::Unauthorized)
            }
            () = stopped(&mut stopping) => {
                // Pushes in flight are answered first: they commit anyway.
                let mut reply = Reply::default();
                while !pipeline.is_idle() {
                    reply.frames.extend(pipeline.answered().await);
                    let _ = pipeline.advance(&session);
                }
                relay.metrics.refused(Refusal::ShuttingDown);
                reply.append(Reply::refuse_and_close(Refusal::ShuttingDown));
                reply
            }
        };
        if let Some(receiver) = reply.heads {
            heads = Some(receiver);
        }
        let sent =
            tokio::time::timeout(send_timeout, send_all(&relay, &mut socket, reply.frames)).await;
        if !matches!(sent, Ok(Ok(()))) {
            break;
        }
        if reply.close {
            let _ = socket.send(Message::Close(None)).await;
            break;
        }
    }
    if let Some(project) = session.project() {
        drop(session);
        drop(heads);
        relay.store.notifier().prune(project);
        tracing::info!(%project, "device disconnected");
    }
}

/// Resolves when the relay begins to stop.
async fn stopped(stopping: &mut tokio::sync::watch::Receiver<bool>) {
    // The guard `wait_for` returns must not live across an await.
    if stopping.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// The next head of the project, once the session listens; a listener that
/// fell behind just takes the newest (it says "pull from your cursor" too).
async fn next_head(heads: &mut Option<broadcast::Receiver<u64>>) -> u64 {
    let Some(receiver) = heads else {
        return std::future::pending().await;
    };
    loop {
        match receiver.recv().await {
            Ok(head) => return head,
            Err(RecvError::Lagged(_)) => continue,
            Err(RecvError::Closed) => return std::future::pending().await,
        }
    }
}

/// Handles a frame other than a push, timing the write it acknowledges.
async fn handle<S: RelayStore>(
    relay: &Relay<S>,
    session: &mut Session<S>,
    frame: ClientFrame,
    arrived: Instant,
) -> Reply {
    // Boxed: this future holds a whole store call, and inline it would make
    // every connection's task that much larger, idle ones included.
    let reply = Box::pin(session.handle(frame, arrived)).await;
    if reply.frames.iter().any(is_write_ack) {
        relay.metrics.acked_after(arrived.elapsed());
    }
    reply
}

fn is_write_ack(frame: &RelayFrame) -> bool {
    matches!(
        frame,
        RelayFrame::Acked { .. } | RelayFrame::MediaStored { .. }
    )
}

async fn send_all<S>(
    relay: &Relay<S>,
    socket: &mut WebSocket,
    frames: Vec<RelayFrame>,
) -> Result<(), axum::Error> {
    // Several answers at once (pushes that were in flight together) go
    // out in one write.
    for frame in frames {
        let bytes = frame.encode();
        relay.metrics.sent(bytes.len());
        socket.feed(Message::Binary(bytes.into())).await?;
    }
    socket.flush().await
}
