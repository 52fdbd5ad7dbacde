//! One connection's protocol as a state machine: `Greeting` (waiting for
//! Hello) → `Challenged` (a nonce is out, waiting for Auth) → `Ready` (the
//! signature checked out; requests are served for that project only).
//!
//! It knows nothing of WebSockets: it takes the bytes of one frame and says
//! what to send back and whether to close. Every request is answered from
//! the store only after the store has committed.

use std::{future::Future, pin::Pin, sync::Arc, time::Instant};

use heard_protocol::{
    Blob, ClientFrame, DecodeError, Nonce, ProjectId, Refusal, RelayFrame, Verifier,
};
use tokio::sync::broadcast;

use super::{
    Relay,
    connections::ConnectionSlot,
    hearing::Hearing,
    project_rates::ProjectRate,
    rate_limit::TokenBucket,
    store::{Registered, RelayStore, StoreError},
};

enum State {
    Greeting,
    Challenged {
        project: ProjectId,
        register: Option<Verifier>,
        nonce: Nonce,
    },
    Ready {
        project: ProjectId,
        /// Holds this device's place among the project's connections.
        _slot: ConnectionSlot,
        /// This connection's share of the project's rate.
        project_rate: ProjectRate,
        /// Notify coalescing: see [`Hearing`].
        hearing: Hearing,
    },
    Closed,
}

/// A frame taken in by [`Session::admit`].
pub enum Admitted {
    /// A push of a ready connection, for [`Session::store`].
    Push(Push),
    /// Any other frame, for [`Session::handle`].
    Frame(ClientFrame),
    /// The answer, already known (a refusal).
    Reply(Reply),
}

/// One push frame, admitted.
pub struct Push {
    request: u32,
    blobs: Vec<Blob>,
    arrived: Instant,
}

impl Push {
    /// Bytes of blobs it holds, for the socket's bound on what it queues.
    pub fn size(&self) -> usize {
        self.blobs.iter().map(|blob| blob.bytes.len()).sum()
    }
}

/// The answers to stored pushes, once committed.
pub type Stored = Pin<Box<dyn Future<Output = Vec<RelayFrame>> + Send>>;

fn refuse_all<S>(relay: &Relay<S>, pushes: &[Push], reason: Refusal) -> Vec<RelayFrame> {
    pushes
        .iter()
        .map(|push| {
            relay.metrics.refused(reason);
            RelayFrame::Refused {
                request: Some(push.request),
                reason,
            }
        })
        .collect()
}

/// What to do after a frame.
#[derive(Default)]
pub struct Reply {
    pub frames: Vec<RelayFrame>,
    pub close: bool,
    /// Set once, on Welcome: the project's heads from now on.
    pub heads: Option<broadcast::Receiver<u64>>,
}

impl Reply {
    pub fn send(frame: RelayFrame) -> Reply {
        Reply {
            frames: vec![frame],
            ..Reply::default()
        }
    }

    fn refuse(request: Option<u32>, reason: Refusal) -> Reply {
        Reply::send(RelayFrame::Refused { request, reason })
    }

    /// Adds `later`'s frames after these, and its closing and heads.
    pub fn append(&mut self, later: Reply) {
        self.frames.extend(later.frames);
        self.close |= later.close;
        if later.heads.is_some() {
            self.heads = later.heads;
        }
    }

    /// Refuses and closes: after this the connection is not trusted.
    pub fn refuse_and_close(reason: Refusal) -> Reply {
        Reply {
            close: true,
            ..Reply::refuse(None, reason)
        }
    }
}

pub struct Session<S> {
    relay: Arc<Relay<S>>,
    state: State,
    bucket: TokenBucket,
}

impl<S: RelayStore> Session<S> {
    pub fn new(relay: Arc<Relay<S>>, now: Instant) -> Self {
        let bucket = TokenBucket::new(relay.policy.rate, now);
        Session {
            relay,
            state: State::Greeting,
            bucket,
        }
    }

    pub fn is_ready(&self) -> bool {
        matches!(self.state, State::Ready { .. })
    }

    /// The project this connection is authenticated for, if it is.
    pub fn project(&self) -> Option<ProjectId> {
        match self.state {
            State::Ready { project, .. } => Some(project),
            _ => None,
        }
    }

    /// A Notify for `head`, unless the device already heard of it or has
    /// not pulled since its last Notify (see [`Hearing`]).
    pub fn notify(&mut self, head: u64) -> Option<RelayFrame> {
        match &mut self.state {
            State::Ready { hearing, .. } => hearing
                .committed(head)
                .map(|head| RelayFrame::Notify { head }),
            _ => None,
        }
    }

    /// Takes in one frame's bytes: a push, which the socket may keep in
    /// flight beside others of this connection, or anything else, which it
    /// hands to [`Session::handle`] in turn; or an answer at once.
    pub fn admit(&mut self, bytes: &[u8], now: Instant) -> Admitted {
        let frame = match ClientFrame::decode(bytes, &self.relay.policy.limits) {
            Ok(frame) => frame,
            Err(error) => {
                tracing::debug!(%error, "undecodable frame");
                let reason = match error {
                    DecodeError::TooLong { .. } => Refusal::TooLarge,
                    _ => Refusal::BadFrame,
                };
                return Admitted::Reply(self.settle(Reply::refuse_and_close(reason)));
            }
        };
        match (&mut self.state, frame) {
            (State::Ready { project_rate, .. }, ClientFrame::Push { request, blobs }) => {
                // The connection's own bucket first, so a device over its
                // own rate spends none of what its project's others share.
                if !self.bucket.take(now) || !project_rate.take(now) {
                    let refused = Reply::refuse(Some(request), Refusal::RateLimited);
                    return Admitted::Reply(self.settle(refused));
                }
                Admitted::Push(Push {
                    request,
                    blobs,
                    arrived: now,
                })
            }
            (_, frame) => Admitted::Frame(frame),
        }
    }

    /// Handles a frame that is not a push of a ready connection.
    pub async fn handle(&mut self, frame: ClientFrame, now: Instant) -> Reply {
        let reply = self.frame(frame, now).await;
        self.settle(reply)
    }

    /// Stores `pushes` (admitted in this order) in one write, and answers
    /// each with its own `Acked`, in the same order, once it has committed.
    pub fn store(&self, pushes: Vec<Push>) -> Stored {
        let relay = self.relay.clone();
        let project = self.project();
        Box::pin(async move {
            let Some(project) = project else {
                // Pushes are admitted only once ready, and a session never
                // goes back: this is never reached.
                return refuse_all(&relay, &pushes, Refusal::Internal);
            };
            let counts: Vec<(u32, usize, Instant)> = pushes
                .iter()
                .map(|push| (push.request, push.blobs.len(), push.arrived))
                .collect();
            let blobs = if pushes.len() == 1 {
                pushes.into_iter().flat_map(|push| push.blobs).collect()
            } else {
                let mut blobs = Vec::with_capacity(counts.iter().map(|c| c.1).sum());
                pushes.into_iter().for_each(|push| blobs.extend(push.blobs));
                blobs
            };
            match relay.store.push(project, blobs).await {
                Ok(seqs) => {
                    let mut seqs = seqs.into_iter();
                    counts
                        .into_iter()
                        .map(|(request, count, arrived)| {
                            relay.metrics.pushed(count);
                            relay.metrics.acked_after(arrived.elapsed());
                            RelayFrame::Acked {
                                request,
                                seqs: seqs.by_ref().take(count).collect(),
                            }
                        })
                        .collect()
                }
                Err(error) => {
                    tracing::error!(%error, "the store failed a request");
                    counts
                        .into_iter()
                        .map(|(request, ..)| {
                            relay.metrics.refused(Refusal::Internal);
                            RelayFrame::Refused {
                                request: Some(request),
                                reason: Refusal::Internal,
                            }
                        })
                        .collect()
                }
            }
        })
    }

    /// Counts the refusals in `reply`, and closes on a closing one.
    fn settle(&mut self, reply: Reply) -> Reply {
        for frame in &reply.frames {
            if let RelayFrame::Refused { reason, .. } = frame {
                self.relay.metrics.refused(*reason);
            }
        }
        if reply.close {
            self.state = State::Closed;
        }
        reply
    }

    async fn frame(&mut self, frame: ClientFrame, now: Instant) -> Reply {
        match (&self.state, frame) {
            (State::Greeting, ClientFrame::Hello { project, register }) => {
                let Ok(nonce) = os_nonce() else {
                    tracing::error!("the OS random source failed");
                    return Reply::refuse_and_close(Refusal::Internal);
                };
                self.state = State::Challenged {
                    project,
                    register,
                    nonce,
                };
                Reply::send(RelayFrame::Challenge {
                    nonce,
                    limits: self.relay.policy.limits,
                })
            }
            (
                State::Challenged {
                    project,
                    register,
                    nonce,
                },
                ClientFrame::Auth { signature },
            ) => {
                let (project, register, nonce) = (*project, *register, *nonce);
                self.authenticate(project, register, &nonce, &signature, now)
                    .await
            }
            // Anything else before the signature: nothing is revealed, not
            // even whether the project exists.
            (State::Greeting | State::Challenged { .. } | State::Closed, _) => {
                Reply::refuse_and_close(Refusal::Unauthorized)
            }
            (State::Ready { .. }, ClientFrame::Hello { .. } | ClientFrame::Auth { .. }) => {
                Reply::refuse(None, Refusal::BadRequest)
            }
            (
                State::Ready {
                    project,
                    project_rate,
                    ..
                },
                request,
            ) => {
                // The connection's own bucket first, so a device over its
                // own rate spends none of what its project's others share.
                if !self.bucket.take(now) || !project_rate.take(now) {
                    return Reply::refuse(request_number(&request), Refusal::RateLimited);
                }
                let project = *project;
                let pull = matches!(request, ClientFrame::Pull { .. });
                let mut reply = self.request(project, request).await;
                if pull {
                    self.pulled(&mut reply);
                }
                reply
            }
        }
    }

    /// After a pull's answer, the Notify it was holding back, if still news.
    fn pulled(&mut self, reply: &mut Reply) {
        let State::Ready { hearing, .. } = &mut self.state else {
            return;
        };
        let Some(RelayFrame::Batch { entries, more, .. }) = reply.frames.first() else {
            return;
        };
        let covered = entries.last().map_or(0, |entry| entry.seq);
        if let Some(head) = hearing.pulled(covered, *more) {
            self.relay.metrics.notified();
            reply.frames.push(RelayFrame::Notify { head });
        }
    }

    async fn authenticate(
        &mut self,
        project: ProjectId,
        register: Option<Verifier>,
        nonce: &Nonce,
        signature: &[u8; 64],
        now: Instant,
    ) -> Reply {
        let store = &self.relay.store;
        let known = match store.verifier(project).await {
            Ok(known) => known,
            Err(e) => return internal(None, &e),
        };
        let trusted = match (known, register) {
            (Some(verifier), _) => heard_protocol::verify(&verifier, &project, nonce, signature),
            // A new project: the hello's key must sign the challenge before
            // anything is created, so nobody registers a key they do not hold.
            (None, Some(verifier)) => {
                heard_protocol::verify(&verifier, &project, nonce, signature)
                    && match store.register(project, verifier).await {
                        Ok(Registered::Created | Registered::AlreadyYours) => true,
                        Ok(Registered::TakenByOtherKey) => false,
                        Err(e) => return internal(None, &e),
                    }
            }
            (None, None) => false,
        };
        if !trusted {
            tracing::info!("authentication refused");
            return Reply::refuse_and_close(Refusal::Unauthorized);
        }
        let limits = &self.relay.policy.limits;
        let Some(slot) = self
            .relay
            .connections
            .join(project, limits.max_connections_per_project)
        else {
            tracing::info!(%project, "too many connections for one project");
            return Reply::refuse_and_close(Refusal::TooManyConnections);
        };
        // Listen before reading the head, so no commit falls between the two.
        let heads = store.notifier().subscribe(project);
        let head = match store.head(project).await {
            Ok(head) => head,
            Err(e) => return internal(None, &e),
        };
        self.relay.metrics.authenticated();
        tracing::info!(%project, head, "device connected");
        let project_rate =
            self.relay
                .project_rates
                .join(project, self.relay.policy.project_rate, now);
        self.state = State::Ready {
            project,
            _slot: slot,
            project_rate,
            hearing: Hearing::new(head),
        };
        Reply {
            heads: Some(heads),
            ..Reply::send(RelayFrame::Welcome {
                head,
                log: store.log_id(),
            })
        }
    }

    async fn request(&mut self, project: ProjectId, frame: ClientFrame) -> Reply {
        let request = request_number(&frame);
        let store = &self.relay.store;
        let limits = self.relay.policy.limits;
        let answer =
            match frame {
                ClientFrame::Push { request, blobs } => {
                    let count = blobs.len();
                    store.push(project, blobs).await.map(|seqs| {
                        self.relay.metrics.pushed(count);
                        RelayFrame::Acked { request, seqs }
                    })
                }
                ClientFrame::Pull {
                    request,
                    after,
                    max,
                } => {
                    // Whatever the device asks, one batch must fit in one frame.
                    let max = max.min(limits.max_batch);
                    let budget = (limits.max_frame as usize)
                        .saturating_sub(RelayFrame::BATCH_OVERHEAD)
                        .saturating_sub(max as usize * ENTRY_OVERHEAD);
                    store.pull(project, after, max, budget).await.map(|pulled| {
                        self.relay.metrics.pulled();
                        RelayFrame::Batch {
                            request,
                            entries: pulled.entries,
                            more: pulled.more,
                        }
                    })
                }
                ClientFrame::Compact {
                    request,
                    tag,
                    covers,
                    blob,
                } => match store.head(project).await {
                    Ok(head) if covers > head => {
                        return Reply::refuse(Some(request), Refusal::BadRequest);
                    }
                    Ok(_) => store.compact(project, tag, covers, blob).await.map(|seq| {
                        RelayFrame::Acked {
                            request,
                            seqs: vec![seq],
                        }
                    }),
                    Err(e) => Err(e),
                },
                ClientFrame::Erase {
                    request,
                    tag,
                    tombstone,
                } => store
                    .erase(project, tag, tombstone)
                    .await
                    .map(|seq| RelayFrame::Acked {
                        request,
                        seqs: vec![seq],
                    }),
                ClientFrame::PutMedia {
                    request,
                    tag,
                    bytes,
                } => store
                    .put_media(project, tag, bytes)
                    .await
                    .map(|id| RelayFrame::MediaStored { request, id }),
                ClientFrame::GetMedia { request, id } => store
                    .get_media(project, id)
                    .await
                    .map(|bytes| RelayFrame::Media { request, id, bytes }),
                ClientFrame::Hello { .. } | ClientFrame::Auth { .. } => {
                    return Reply::refuse(None, Refusal::BadRequest);
                }
            };
        match answer {
            Ok(frame) => Reply::send(frame),
            Err(e) => internal(request, &e),
        }
    }
}

/// What one entry adds to a batch besides its bytes (seq, tag, kind, id, length).
const ENTRY_OVERHEAD: usize = 8 + 16 + 1 + 32 + 4;

fn request_number(frame: &ClientFrame) -> Option<u32> {
    match frame {
        ClientFrame::Push { request, .. }
        | ClientFrame::Pull { request, .. }
        | ClientFrame::Compact { request, .. }
        | ClientFrame::Erase { request, .. }
        | ClientFrame::PutMedia { request, .. }
        | ClientFrame::GetMedia { request, .. } => Some(*request),
        ClientFrame::Hello { .. } | ClientFrame::Auth { .. } => None,
    }
}

/// The store failed: the device hears "internal", the log hears why.
fn internal(request: Option<u32>, error: &StoreError) -> Reply {
    tracing::error!(%error, "the store failed a request");
    Reply::refuse(request, Refusal::Internal)
}

fn os_nonce() -> Result<Nonce, getrandom::Error> {
    let mut nonce = [0; 32];
    getrandom::fill(&mut nonce)?;
    Ok(nonce)
}
