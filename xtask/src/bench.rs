//! `cargo xtask bench`: the figures the issues set targets for, one
//! `name value unit` per line on standard output.

use crate::{build, cmd};

pub fn run() -> cmd::Result {
    let dist = build::run()?;
    let total: u64 = dist.first_screen_brotli()?.iter().map(|(_, n)| n).sum();
    println!("first_screen_transfer_brotli {total} bytes");
    // The document worker (automerge) loads after the first screen.
    let worker: u64 = dist
        .worker
        .iter()
        .map(|name| {
            std::fs::metadata(dist.dir.join(format!("{name}.br")))
                .map(|m| m.len())
                .unwrap_or(0)
        })
        .sum();
    println!("document_worker_transfer_brotli {worker} bytes");
    Ok(())
}
