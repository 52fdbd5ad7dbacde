//! `cargo xtask bench`: the figures the issues set targets for, one
//! `name value unit` per line on standard output. The worker's size comes from
//! the build; the first screen's transfer and the capture figures (opening a
//! list of 2,165 responses, tap to durable, stored bytes) from headless
//! Chromium, the capture figures with the CPU slowed four times.

mod fixture;

use std::process::Command;

use crate::{build, cmd, tools};

pub fn run() -> cmd::Result {
    tools::chromium()?;
    tools::npm()?;
    let dist = build::run()?;
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

    let data = cmd::root().join("target/bench/fixture.json");
    std::fs::create_dir_all(data.parent().unwrap_or(&data)).map_err(|e| e.to_string())?;
    // Automerge unoptimised would take half an hour over this; optimised it
    // takes a minute or two.
    cmd::run(
        cmd::cargo()
            .args(["run", "--release", "-p", "xtask", "--", "bench-data"])
            .arg(&data),
    )?;
    cmd::run(cmd::cargo().args(["build", "-p", "heard-sync-server"]))?;
    // capture.mjs prints the first line, the first screen's transfer, measured
    // in the browser as the size test measures it (fonts included).
    cmd::run(
        Command::new("node")
            .arg("tests/bench/capture.mjs")
            .arg(&data)
            .current_dir(cmd::root())
            .env(
                "HEARD_SERVER_BIN",
                cmd::root().join("target/debug/heard-sync-server"),
            )
            .env("HEARD_DIST", &dist.dir)
            .env("HEARD_CHROMIUM", tools::CHROMIUM),
    )?;
    println!("document_worker_transfer_brotli {worker} bytes");
    Ok(())
}

/// Writes the benchmark's responses to `path`.
pub fn write_data(path: &std::path::Path) -> cmd::Result {
    eprintln!(
        "generating {} responses of {} answers",
        fixture::RESPONSES,
        fixture::QUESTIONS
    );
    std::fs::write(path, fixture::generate(fixture::RESPONSES)).map_err(|e| e.to_string())
}
