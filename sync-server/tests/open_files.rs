//! The real binary started with a low soft limit on open files (as many
//! systems start services) raises it to the hard limit and logs it.

mod support;

use std::process::Command;

use support::binary::{BIN, RelayProcess};

/// The soft and hard "Max open files" of a running process.
fn open_file_limits(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    let mut columns = line["Max open files".len()..].split_whitespace();
    (
        columns.next().unwrap().to_owned(),
        columns.next().unwrap().to_owned(),
    )
}

#[test]
fn the_relay_raises_its_soft_open_file_limit_to_the_hard_limit() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("relay.log");
    let mut shell = Command::new("sh");
    // `exec` keeps the pid, so /proc shows the relay's own limits.
    shell.args(["-c", "ulimit -Sn 256 && exec \"$0\" \"$@\"", BIN]);
    let relay = RelayProcess::start_with(shell, &dir.path().join("data"), &log, &[]);
    let (soft, hard) = open_file_limits(relay.child.id());
    relay.kill();
    assert_eq!(soft, hard, "the soft limit was not raised");
    assert_ne!(soft, "256");
    let logs = std::fs::read_to_string(&log).unwrap();
    let line = logs
        .lines()
        .find(|l| l.contains("open-file limit raised"))
        .unwrap_or_else(|| panic!("nothing logged about the limit:\n{logs}"));
    assert!(line.contains("before=256"), "{line}");
    assert!(line.contains(&format!("soft={soft}")), "{line}");
}
