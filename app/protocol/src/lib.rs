//! The wire format between devices and the relay (see `docs/sync-protocol.md`).
