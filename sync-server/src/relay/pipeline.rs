//! Several pushes in flight on one connection, answered in order.
//!
//! A device need not wait for each acknowledgement before its next push: the
//! socket keeps reading while one store write is out, and the pushes that
//! arrive meanwhile wait here and go to the store together as the next write
//! (one job in the group commit for all of them, in the order they came, so
//! seqs follow the device's order). Anything else the device sends waits
//! until every push before it is answered, so answers keep the order of the
//! requests.
//!
//! What may wait is bounded in frames and bytes; past that the socket stops
//! reading and TCP holds the device back.

use std::time::Instant;

use heard_protocol::{ClientFrame, RelayFrame};

use super::{
    session::{Push, Reply, Session, Stored},
    store::RelayStore,
};

/// Pushes that may wait behind the one in flight.
const MAX_QUEUED: usize = 32;
/// Blob bytes that may wait behind the one in flight (one push may always
/// wait, however large, up to the frame limit).
const MAX_QUEUED_BYTES: usize = 1024 * 1024;

/// What came after pushes still in flight and must wait for their answers.
pub enum Held {
    Frame(ClientFrame, Instant),
    Reply(Reply),
}

#[derive(Default)]
pub struct Pipeline {
    in_flight: Option<Stored>,
    queued: Vec<Push>,
    queued_bytes: usize,
    /// Boxed: most connections never hold anything, and every idle one
    /// carries this struct.
    held: Option<Box<Held>>,
}

impl Pipeline {
    /// Nothing in flight or waiting: a frame can be handled at once.
    pub fn is_idle(&self) -> bool {
        self.in_flight.is_none() && self.queued.is_empty()
    }

    /// Whether to read the next frame.
    pub fn can_read(&self) -> bool {
        self.held.is_none()
            && self.queued.len() < MAX_QUEUED
            && self.queued_bytes < MAX_QUEUED_BYTES
    }

    /// Sends `push` to the store now, or after what is in flight.
    pub fn push<S: RelayStore>(&mut self, session: &Session<S>, push: Push) {
        if self.in_flight.is_none() {
            self.in_flight = Some(session.store(vec![push]));
        } else {
            self.queued_bytes += push.size();
            self.queued.push(push);
        }
    }

    /// Keeps `held` until every push before it is answered.
    pub fn hold(&mut self, held: Held) {
        self.held = Some(Box::new(held));
    }

    /// The answers to the write in flight, once it commits (never, if none
    /// is); then [`Pipeline::advance`].
    pub async fn answered(&mut self) -> Vec<RelayFrame> {
        let Some(in_flight) = self.in_flight.as_mut() else {
            return std::future::pending().await;
        };
        let frames = in_flight.await;
        self.in_flight = None;
        frames
    }

    /// After an answer: the pushes that waited go to the store as one
    /// write, and, once nothing is in flight, what was held comes out.
    pub fn advance<S: RelayStore>(&mut self, session: &Session<S>) -> Option<Held> {
        if self.in_flight.is_none() && !self.queued.is_empty() {
            self.queued_bytes = 0;
            self.in_flight = Some(session.store(std::mem::take(&mut self.queued)));
        }
        if self.is_idle() {
            self.held.take().map(|held| *held)
        } else {
            None
        }
    }
}
