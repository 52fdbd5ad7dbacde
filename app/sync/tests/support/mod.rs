//! What the sync tests share: a relay simulated in memory.
pub mod relay;
