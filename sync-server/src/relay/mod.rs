//! The relay: devices of a project exchange encrypted blobs through it, and it
//! can read none of them.

pub mod store;
