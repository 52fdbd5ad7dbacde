//! The relay's figures: `heard-load` (`tests/load`) against the release
//! relay binary, then the reference automerge-repo sync server driven the
//! same way (`tests/bench/reference/relay.mjs`), which also prints the
//! relay's figures over its own. Each sub-bench's figures are kept even when
//! the other fails.

use std::process::Command;

use crate::{cmd, tools};

/// The figure lines both sub-benches printed, and what failed.
pub struct Figures {
    lines: String,
    failures: Vec<String>,
}

impl Figures {
    /// Prints every figure there is; fails if a sub-bench did.
    pub fn print(self) -> cmd::Result {
        print!("{}", self.lines);
        if self.failures.is_empty() {
            Ok(())
        } else {
            Err(self.failures.join("; "))
        }
    }
}

pub fn run() -> Figures {
    let mut figures = Figures {
        lines: String::new(),
        failures: Vec::new(),
    };
    // Release: the relay's CPU per change is one of the figures, and the
    // generator must not be what limits the run.
    let built = cmd::run(cmd::cargo().args([
        "build",
        "--release",
        "-p",
        "heard-sync-server",
        "-p",
        "heard-load",
    ]));
    let relay_lines = cmd::root().join("target/bench/relay.txt");
    // The reference harness reads these to print the ratios: never a
    // previous run's.
    let _ = std::fs::remove_file(&relay_lines);
    match built {
        Ok(()) => {
            let lines = figures.take(
                Command::new(cmd::root().join("target/release/heard-load"))
                    .arg(cmd::root().join("target/release/heard-sync-server")),
            );
            let kept = relay_lines
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&relay_lines, lines));
            if let Err(e) = kept {
                figures
                    .failures
                    .push(format!("cannot keep the relay's figures: {e}"));
            }
        }
        Err(e) => figures.failures.push(e),
    }
    match tools::reference_relay() {
        Ok(()) => {
            figures.take(
                Command::new("node")
                    .arg("tests/bench/reference/relay.mjs")
                    .current_dir(cmd::root())
                    .env("HEARD_RELAY_FIGURES", &relay_lines),
            );
        }
        Err(e) => figures.failures.push(e),
    }
    figures
}

impl Figures {
    /// Runs `command` (echoed, its standard error shown as it comes), keeps
    /// the figure lines it printed even if it then failed (a run that
    /// missed one figure still has the others), and returns them.
    fn take(&mut self, command: &mut Command) -> String {
        let shown = cmd::shown(command);
        eprintln!("$ {shown}");
        match command.stderr(std::process::Stdio::inherit()).output() {
            Ok(out) => {
                let lines = String::from_utf8_lossy(&out.stdout).into_owned();
                self.lines.push_str(&lines);
                if !out.status.success() {
                    self.failures
                        .push(format!("`{shown}` failed ({})", out.status));
                }
                lines
            }
            Err(e) => {
                self.failures.push(format!("cannot start `{shown}`: {e}"));
                String::new()
            }
        }
    }
}
