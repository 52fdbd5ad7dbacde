//! `cargo xtask test`: every check there is, fastest first. The formatting
//! check, then clippy on the native and the wasm crates, the protocol's fuzz
//! target (built, not run), the native tests, the
//! IndexedDB adapter in headless Chromium, and end-to-end tests that drive
//! Chromium against the real server binary. Each step installs the tools it
//! uses before it first uses them (see `tools`), so a fresh machine runs it all.

use std::process::Command;

use crate::{build, cmd, tools};

/// Crates that only run in a browser: linted for wasm32 and tested there (or
/// end to end), never natively.
const WASM_CRATES: [&str; 5] = [
    "heard-web",
    "heard-coordinator",
    "heard-results",
    "heard-worker",
    "heard-indexed-db",
];

/// `--workspace` without the browser-only crates.
fn native_crates(command: &mut Command) -> &mut Command {
    command.arg("--workspace");
    for krate in WASM_CRATES {
        command.args(["--exclude", krate]);
    }
    command
}

pub fn run() -> cmd::Result {
    // Formatting and lints are checks: a finding there is reported, at the
    // end too, but the tests still run.
    let mut steps = cmd::Steps::default();
    steps.check("formatting (cargo fmt --check)", || {
        tools::rust_component("rustfmt")?;
        cmd::run(cmd::cargo().args(["fmt", "--all", "--check"]))
            .map_err(|e| format!("{e}: `cargo fmt --all` formats the files listed above"))
    });

    steps.check("clippy, native crates", || {
        tools::rust_component("clippy")?;
        cmd::run(native_crates(cmd::cargo().arg("clippy")).args([
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    });

    // With the release build's flags (`--cfg erase_components`), so clippy
    // checks the code that ships.
    steps.check("clippy, wasm crates (wasm32-unknown-unknown)", || {
        tools::wasm_target()?;
        let mut clippy = cmd::cargo();
        clippy.arg("clippy");
        for krate in WASM_CRATES {
            clippy.args(["-p", krate]);
        }
        cmd::run(
            clippy
                .args(["--target", tools::WASM_TARGET, "--all-targets"])
                .args(["--", "-D", "warnings"])
                .env(build::WASM_RUSTFLAGS_VAR, build::wasm_rustflags()),
        )
    });

    // The protocol decoder's fuzz target is built, not run: it has its own
    // workspace (cargo-fuzz's layout), so the build above does not reach it.
    steps.check("fuzz target builds (app/protocol/fuzz)", || {
        cmd::run(cmd::cargo().args([
            "check",
            "--manifest-path",
            "app/protocol/fuzz/Cargo.toml",
            "--all-targets",
        ]))
    });

    steps.step("native tests", || {
        cmd::run(native_crates(cmd::cargo().arg("test")))
    })?;

    steps.step("IndexedDB adapter in headless Chromium", || {
        tools::wasm_target()?;
        tools::chromium()?;
        let runner = tools::wasm_bindgen_test_runner()?;
        cmd::run(
            cmd::cargo()
                .args([
                    "test",
                    "-p",
                    "heard-indexed-db",
                    "--target",
                    tools::WASM_TARGET,
                ])
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
                .env("CHROMEDRIVER", tools::CHROMEDRIVER)
                .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
        )
    })?;

    // The build installs what it uses itself (target, wasm-bindgen, npm tools).
    let dist = steps.step("release build", build::run)?;

    steps.step("end-to-end tests in Chromium", || {
        tools::chromium()?;
        tools::npm()?;
        // The seeding tool (`seed-relay`) is xtask itself, built again here:
        // the running binary's own file may have been replaced by a step
        // above (the workspace's tests build it too).
        cmd::run(cmd::cargo().args(["build", "-p", "heard-sync-server", "-p", "xtask"]))?;
        let server = cmd::root().join("target/debug/heard-sync-server");
        let seed = cmd::root().join("target/debug/xtask");
        let mut specs: Vec<_> = std::fs::read_dir(cmd::root().join("tests/e2e"))
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
            .collect();
        specs.sort();
        cmd::run(
            Command::new("node")
                .args(["--test", "--test-concurrency=1"])
                .args(&specs)
                .current_dir(cmd::root())
                .env("HEARD_SERVER_BIN", server)
                .env("HEARD_SEED_BIN", seed)
                .env("HEARD_DIST", &dist.dir)
                .env("HEARD_CHROMIUM", tools::CHROMIUM),
        )
    })?;
    steps.finish()
}
