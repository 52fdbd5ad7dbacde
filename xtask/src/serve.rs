//! `cargo xtask serve`: build the app, then run the server on it.

use crate::{build, cmd};

pub fn run(extra: &[String]) -> cmd::Result {
    let dist = build::run()?;
    eprintln!("open http://127.0.0.1:8080 (Ctrl-C stops the server)");
    cmd::run(
        cmd::cargo()
            .args([
                "run",
                "--release",
                "-p",
                "heard-sync-server",
                "--",
                "--static-dir",
            ])
            .arg(&dist.dir)
            .args(extra),
    )
}
