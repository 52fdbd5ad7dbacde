//! What the sync tests share: a device, and a relay simulated in memory.
pub mod device;
pub mod relay;
