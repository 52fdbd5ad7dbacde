//! Installs what the build and tests need when it is missing, saying what it
//! installs and how long that took: the rustfmt and clippy components, the
//! wasm32 target, the wasm-bindgen CLI (exactly the version in Cargo.lock, into
//! `.tools/`), Node.js and the npm tools, and Debian's Chromium. Every command
//! calls the installer of a tool before its first use of that tool; each
//! installer does nothing when the tool is already there.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use crate::cmd::{self, Result, root};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Says what is being installed and how, runs `work`, then says how long it
/// took.
fn install(what: &str, how: &str, work: impl FnOnce() -> Result) -> Result {
    eprintln!("installing: {what} ({how})");
    let start = Instant::now();
    work().map_err(|e| format!("installing {what}: {e}"))?;
    eprintln!("installed: {what} in {}", cmd::seconds(start.elapsed()));
    Ok(())
}

/// A rustup component of the toolchain that runs cargo: `rustfmt` (for
/// `cargo fmt`) or `clippy` (for `cargo clippy`), which a minimal toolchain
/// lacks.
pub fn rust_component(component: &str) -> Result {
    let subcommand = match component {
        "rustfmt" => "fmt",
        other => other,
    };
    if cmd::output(cmd::cargo().args([subcommand, "--version"])).is_some() {
        return Ok(());
    }
    install(&format!("Rust component {component}"), "rustup", || {
        cmd::run(Command::new("rustup").args(["component", "add", component]))
    })
}

pub fn wasm_target() -> Result {
    let installed = cmd::output(Command::new("rustup").args(["target", "list", "--installed"]))
        .unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    install(&format!("Rust target {WASM_TARGET}"), "rustup", || {
        cmd::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
    })
}

/// The `wasm-bindgen` crate version that Cargo.lock pins.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock =
        fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == r#"name = "wasm-bindgen""# {
            let version = lines.next().unwrap_or_default();
            if let Some(v) = version
                .trim()
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(v.to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// The wasm-bindgen CLI matching Cargo.lock; the CLI refuses modules built
/// with any other version of the crate.
pub fn wasm_bindgen() -> Result<PathBuf> {
    let version = locked_wasm_bindgen_version()?;
    let bin = tools_dir().join("bin").join("wasm-bindgen");
    let current = cmd::output(Command::new(&bin).arg("--version")).unwrap_or_default();
    if current.trim() != format!("wasm-bindgen {version}") {
        install(
            &format!("wasm-bindgen-cli {version} into .tools/"),
            "cargo install, a few minutes",
            || {
                // --locked fails on this registry: a locked dependency is missing there.
                cmd::run(
                    cmd::cargo()
                        .args([
                            "install",
                            "wasm-bindgen-cli",
                            "--version",
                            &format!("={version}"),
                            "--root",
                        ])
                        .arg(tools_dir()),
                )
            },
        )?;
    }
    Ok(bin)
}

pub fn wasm_bindgen_test_runner() -> Result<PathBuf> {
    wasm_bindgen()?;
    Ok(tools_dir().join("bin").join("wasm-bindgen-test-runner"))
}

fn apt_install(packages: &[&str]) -> Result {
    install(&packages.join(" "), "Debian packages, apt-get", || {
        apt_get_install(packages)
    })
}

fn apt_get_install(packages: &[&str]) -> Result {
    let root_user = cmd::output(Command::new("id").arg("-u")).is_some_and(|id| id.trim() == "0");
    let apt = |args: &[&str]| {
        let mut command = if root_user {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !root_user {
            command.arg("apt-get");
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    cmd::run(&mut apt(&["update", "-qq"]))?;
    let mut install = apt(&["install", "-y", "-qq"]);
    install.args(packages);
    cmd::run(&mut install)
}

/// Node.js (which runs the end-to-end tests and the bench) and the npm
/// packages in package-lock.json.
pub fn npm() -> Result {
    let missing = |program: &str| cmd::output(Command::new(program).arg("--version")).is_none();
    if missing("node") || missing("npm") {
        apt_install(&["nodejs", "npm"])?;
    }
    let modules = root().join("node_modules");
    let stamp = modules.join(".package-lock.json");
    let lock = root().join("package-lock.json");
    if newer(&lock, &stamp) {
        install("npm packages from package-lock.json", "npm ci", || {
            cmd::run(
                Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund"])
                    .current_dir(root()),
            )
        })?;
    }
    Ok(())
}

/// The reference sync server and clients the relay bench compares against,
/// in their own folder so the test command never installs them. `npm
/// install`, not `npm ci`: npm leaves the optional per-platform packages of
/// their CBOR codec out of the lock and then calls it out of date.
pub fn reference_relay() -> Result {
    npm()?;
    let folder = root().join("tests/bench/reference");
    if newer(
        &folder.join("package-lock.json"),
        &folder.join("node_modules/.package-lock.json"),
    ) {
        install(
            "the reference sync server (tests/bench/reference)",
            "npm install",
            || {
                cmd::run(
                    Command::new("npm")
                        .args(["install", "--no-audit", "--no-fund"])
                        .current_dir(&folder),
                )
            },
        )?;
    }
    Ok(())
}

pub fn wasm_opt() -> Result<PathBuf> {
    npm()?;
    Ok(root().join("node_modules/.bin/wasm-opt"))
}

pub fn chromium() -> Result {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        apt_install(&["chromium", "chromium-driver"])?;
    }
    Ok(())
}

/// Whether `source` changed after `target` was made (or `target` is missing).
fn newer(source: &Path, target: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(source), modified(target)) {
        (Some(s), Some(t)) => s > t,
        _ => true,
    }
}
