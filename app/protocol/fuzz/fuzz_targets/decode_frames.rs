//! Feeds arbitrary bytes to both frame decoders: neither may panic, and whatever
//! decodes must encode back to exactly the bytes it came from.
#![no_main]

use heard_protocol::{ClientFrame, Limits, RelayFrame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // Small limits, so the fuzzer reaches the "too long" paths with short inputs.
    let limits = [
        Limits::RELAY,
        Limits {
            max_frame: 512,
            max_blob: 64,
            max_batch: 4,
            max_connections_per_project: 1,
        },
    ];
    for limits in &limits {
        if let Ok(frame) = ClientFrame::decode(bytes, limits) {
            assert_eq!(frame.encode(), bytes);
        }
        if let Ok(frame) = RelayFrame::decode(bytes, limits) {
            assert_eq!(frame.encode(), bytes);
        }
    }
});
