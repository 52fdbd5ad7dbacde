//! QR codes for invite links, with no IO: [`QrCode::encode`] draws a link as
//! modules and as one SVG path (the coordinator's invite screen shows it), and
//! [`read_rgba`] reads links back from a camera frame (the join screen, where
//! the browser has no `BarcodeDetector`). Both run natively in the tests, so a
//! link drawn here is proved to scan.

mod encode;
mod read;

pub use encode::{EncodeError, QUIET_ZONE, QrCode};
pub use read::{FrameError, MAX_SIDE, read_luma, read_rgba};
