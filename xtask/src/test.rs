//! `cargo xtask test`: every test there is. Native tests first (fast), then the
//! IndexedDB adapter in headless Chromium, then end-to-end tests that drive
//! Chromium against the real server binary.

use std::process::Command;

use crate::{build, cmd, tools};

pub fn run() -> cmd::Result {
    tools::chromium()?;
    tools::npm()?;
    let runner = tools::wasm_bindgen_test_runner()?;

    // Browser-only crates are tested in the browser below (or end to end).
    cmd::run(cmd::cargo().args([
        "test",
        "--workspace",
        "--exclude",
        "heard-web",
        "--exclude",
        "heard-worker",
        "--exclude",
        "heard-indexed-db",
    ]))?;

    cmd::run(
        cmd::cargo()
            .args([
                "test",
                "-p",
                "heard-indexed-db",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
            .env("CHROMEDRIVER", tools::CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    )?;

    let dist = build::run()?;
    cmd::run(cmd::cargo().args(["build", "-p", "heard-sync-server"]))?;
    let server = cmd::root().join("target/debug/heard-sync-server");
    let specs: Vec<_> = std::fs::read_dir(cmd::root().join("tests/e2e"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    cmd::run(
        Command::new("node")
            .args(["--test", "--test-concurrency=1"])
            .args(&specs)
            .current_dir(cmd::root())
            .env("HEARD_SERVER_BIN", server)
            .env("HEARD_DIST", &dist.dir)
            .env("HEARD_CHROMIUM", tools::CHROMIUM),
    )
}
