//! `cargo xtask bench`: the figures the issues set targets for, one
//! `name value unit` per line on standard output. The worker's and the
//! coordinator and results modules' sizes come from the build; `merge_changes_per_s` from the core's merge benchmark, native
//! and optimised (`app/core/examples/merge_bench.rs`); the first screen's
//! transfer and the capture figures (opening a list of 2,165 responses,
//! keystroke to durable in the builder, tap to durable, stored bytes) from
//! headless Chromium, the capture figures with the CPU of the page and of
//! every worker slowed four times, after a calibration loop has shown it
//! (`tests/bench/capture.mjs`, `tests/bench/throttle.mjs`); the sync
//! figures (joining a project of 2,165 responses, a change reaching another
//! browser) the same way against the release relay (`tests/bench/sync.mjs`);
//! the results figures (their tables, a breakdown, the CSV export and its
//! import) over the same responses (`tests/bench/results.mjs`).

pub mod fixture;
mod relay;

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

    // The coordinator's module loads the first time one of its screens
    // opens: its glue and wasm, as the server sends them (brotli).
    let coordinator: u64 = dist.brotli(&dist.coordinator)?.iter().map(|(_, n)| n).sum();
    // And the results module, the first time a survey's results open.
    let results_module: u64 = dist.brotli(&dist.results)?.iter().map(|(_, n)| n).sum();

    // Several devices exchanging 10,000 changes, natively: what sync will
    // ask of the worker's merge, without a browser in the way. Printed after
    // the browser's figures, so the first line stays the first screen's
    // transfer.
    let merge = figures(cmd::cargo().args([
        "run",
        "--release",
        "-p",
        "heard-core",
        "--example",
        "merge_bench",
    ]))?;

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
    // capture.mjs prints the calibration factors first and stops (failing)
    // if the throttle did not take; then the first screen's transfer,
    // measured in the browser as the size test measures it (fonts included),
    // and the capture figures. It caps worker threads through the cgroup v1
    // cpu controller (see throttle.mjs), so it runs as root.
    let capture = cmd::run(&mut browser_bench(
        "tests/bench/capture.mjs",
        &data,
        &dist.dir,
    ));
    // The results of those responses: their tables, broken down, exported
    // and imported back, throttled and calibrated the same way.
    let results = cmd::run(&mut browser_bench(
        "tests/bench/results.mjs",
        &data,
        &dist.dir,
    ));
    // Joining a project of the same size from the relay, and a change
    // reaching another browser: the release relay (as deployed), seeded by
    // this binary's `seed-relay`, optimised (built above for bench-data).
    let sync = cmd::run(cmd::cargo().args(["build", "--release", "-p", "heard-sync-server"]))
        .and_then(|()| {
            cmd::run(
                Command::new("node")
                    .arg("tests/bench/sync.mjs")
                    .current_dir(cmd::root())
                    .env(
                        "HEARD_SERVER_BIN",
                        cmd::root().join("target/release/heard-sync-server"),
                    )
                    .env("HEARD_SEED_BIN", cmd::root().join("target/release/xtask"))
                    .env("HEARD_DIST", &dist.dir)
                    .env("HEARD_CHROMIUM", tools::CHROMIUM),
            )
        });
    // The relay under load, and the reference server the same way.
    let relay = relay::run();
    // A browser that refused its figures does not hide the native one.
    print!("{merge}");
    let relay = relay.print();
    capture?;
    results?;
    sync?;
    println!("document_worker_transfer_brotli {worker} bytes");
    println!("coordinator_module_transfer_brotli {coordinator} bytes");
    println!("results_module_transfer_brotli {results_module} bytes");
    relay
}

/// A browser benchmark over the fixture `data`, against the debug server
/// serving `dist`.
fn browser_bench(script: &str, data: &std::path::Path, dist: &std::path::Path) -> Command {
    let mut command = Command::new("node");
    command
        .arg(script)
        .arg(data)
        .current_dir(cmd::root())
        .env(
            "HEARD_SERVER_BIN",
            cmd::root().join("target/debug/heard-sync-server"),
        )
        .env("HEARD_DIST", dist)
        .env("HEARD_CHROMIUM", tools::CHROMIUM);
    command
}

/// Runs `command` (echoed, its standard error shown as it comes) and returns
/// the figure lines it printed.
fn figures(command: &mut Command) -> cmd::Result<String> {
    let shown = cmd::shown(command);
    eprintln!("$ {shown}");
    let out = command
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    if !out.status.success() {
        return Err(format!("`{shown}` failed ({})", out.status));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("`{shown}` printed no text: {e}"))
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
