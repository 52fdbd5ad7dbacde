//! Wall-clock instants, passed in by the caller (the core never reads a clock).

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch, as `Date.now()` gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Timestamp(pub i64);
