//! The real `heard-sync-server` binary for tests: started as a relay on a
//! loopback port, or run once as a subcommand.

use std::{
    io::{BufRead, BufReader, Write},
    net::SocketAddr,
    path::Path,
    process::{Child, Command, Output, Stdio},
    time::Duration,
};

pub const BIN: &str = env!("CARGO_BIN_EXE_heard-sync-server");

/// A relay process; killed (SIGKILL) when dropped, if still running.
pub struct RelayProcess {
    pub child: Child,
    pub addr: SocketAddr,
}

impl RelayProcess {
    /// Starts the binary serving `data_dir` with `extra` flags, its output
    /// appended to `log`, and waits for its address.
    pub fn start(data_dir: &Path, log: &Path, extra: &[&str]) -> RelayProcess {
        Self::start_with(Command::new(BIN), data_dir, log, extra)
    }

    /// The same, from a command the caller has prepared (environment, limits).
    pub fn start_with(
        mut command: Command,
        data_dir: &Path,
        log: &Path,
        extra: &[&str],
    ) -> RelayProcess {
        let open_log = || {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .unwrap()
        };
        let mut child = command
            .args(["--addr", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .arg("--static-dir")
            .arg(data_dir.join("no-app"))
            .args(extra)
            .env("RUST_LOG", "info,heard_sync_server=debug")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(open_log())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (found, addr) = std::sync::mpsc::channel();
        let mut log = open_log();
        std::thread::spawn(move || {
            for line in stdout.lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("listening on http://") {
                    let _ = found.send(addr.parse::<SocketAddr>().unwrap());
                }
                let _ = writeln!(log, "{line}");
            }
        });
        let addr = addr
            .recv_timeout(Duration::from_secs(20))
            .expect("the relay never said where it listens");
        RelayProcess { child, addr }
    }

    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs the binary once with `args` (a subcommand) and returns its output.
pub fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("HEARD_DATA_DIR")
        .output()
        .unwrap()
}

/// `backup --data-dir DIR --to FILE`.
pub fn backup(data_dir: &Path, to: &Path) -> Output {
    run(&[
        "backup".as_ref(),
        "--data-dir".as_ref(),
        data_dir.as_os_str(),
        "--to".as_ref(),
        to.as_os_str(),
    ])
}

/// `restore --from FILE --data-dir DIR`, with `--replace` when asked.
pub fn restore(from: &Path, data_dir: &Path, replace: bool) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "restore".as_ref(),
        "--from".as_ref(),
        from.as_os_str(),
        "--data-dir".as_ref(),
        data_dir.as_os_str(),
    ];
    if replace {
        args.push("--replace".as_ref());
    }
    run(&args)
}

/// What a subcommand printed, both streams, for assertions and messages.
pub fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
