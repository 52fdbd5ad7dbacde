//! What a device remembers of its sync with the relay between runs: how far
//! into the project's log it has taken everything, and, per document, the
//! heads the relay is known to hold. Lost or stale, it costs only work:
//! pushes are idempotent and changes merge once however often they come.

use std::collections::BTreeMap;

use automerge::ChangeHash;
use heard_core::id::DocId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncState {
    /// The relay's log this state is about, as hex: a relay restored from
    /// a backup names its log anew, and then this state no longer holds.
    #[serde(default)]
    pub log: String,
    /// Every entry of the log up to this sequence number has been taken in
    /// (and, once the driver saved this state, is durable here).
    pub cursor: u64,
    pub docs: BTreeMap<DocId, DocSync>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocSync {
    /// Heads of what the relay holds of the document, as hex.
    pub heads: Vec<String>,
    /// The document's erasure reached the relay.
    #[serde(default)]
    pub erased: bool,
    /// The log position of the snapshot this device's copy descends from,
    /// its own or another device's: an older snapshot of the document (a
    /// rewrite the relay's log has since put behind another) is not taken.
    #[serde(default)]
    pub snapshot_seq: u64,
    /// Entries of changes to the document in the relay's log since its
    /// last snapshot there, as far as this device knows: past a limit, it
    /// compacts them.
    #[serde(default)]
    pub entries: u32,
}

impl DocSync {
    pub fn heads(&self) -> Vec<ChangeHash> {
        self.heads.iter().filter_map(|h| h.parse().ok()).collect()
    }

    pub fn set_heads(&mut self, heads: &[ChangeHash]) {
        self.heads = sorted_hex(heads);
    }

    /// Whether the relay holds exactly `heads` of the document.
    pub fn is_at(&self, heads: &[ChangeHash]) -> bool {
        sorted_hex(heads) == self.heads
    }
}

fn sorted_hex(heads: &[ChangeHash]) -> Vec<String> {
    let mut hex: Vec<String> = heads.iter().map(ToString::to_string).collect();
    hex.sort();
    hex
}

impl SyncState {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The state saved earlier, or a fresh one if it does not read (a
    /// fresh state re-sends and re-reads, losing nothing).
    pub fn from_json(json: &str) -> SyncState {
        serde_json::from_str(json).unwrap_or_default()
    }
}
