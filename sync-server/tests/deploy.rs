//! The committed deployment files (`sync-server/deploy/`) against each other,
//! against the binary and against docs/running-a-relay.md: the units name the
//! same binary, data directory and address as the page; every flag in them
//! is one the binary takes; the Caddyfile proxies to the relay's address.
//! Where `systemd-analyze` exists (Debian has it), `systemd-analyze verify`
//! must accept the units without a word of complaint. Caddy is checked with
//! `caddy adapt` only where it is installed; elsewhere this says so.

use std::{path::PathBuf, process::Command};

use clap::Parser;
use heard_sync_server::cli::{Cli, Command as Sub};

const BIN: &str = "/usr/local/bin/heard-sync-server";
const DATA_DIR: &str = "/var/lib/heard-relay";
const BACKUPS: &str = "/var/backups/heard-relay";
const ADDR: &str = "127.0.0.1:8080";
const UNITS: [&str; 3] = [
    "heard-relay.service",
    "heard-relay-backup.service",
    "heard-relay-backup.timer",
];

fn deploy(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("deploy")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `key=value` of a unit file, in order, comments left out.
fn settings(unit: &str) -> Vec<(String, String)> {
    unit.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
        .map(|l| {
            let (key, value) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("not key=value: {l}"));
            (key.to_owned(), value.to_owned())
        })
        .collect()
}

fn value<'a>(settings: &'a [(String, String)], key: &str) -> &'a str {
    settings
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {key}="))
}

#[test]
fn the_relay_unit_runs_the_binary_on_the_data_dir_with_real_flags_and_hardening() {
    let unit = settings(&deploy("heard-relay.service"));
    let exec: Vec<&str> = value(&unit, "ExecStart").split_whitespace().collect();
    assert_eq!(exec[0], BIN);
    let cli = Cli::try_parse_from(&exec).unwrap_or_else(|e| panic!("ExecStart: {e}"));
    assert!(cli.command.is_none(), "the service serves");
    assert_eq!(cli.serve.addr, ADDR);
    assert_eq!(cli.serve.data_dir, PathBuf::from(DATA_DIR));
    assert_eq!(value(&unit, "ReadWritePaths"), DATA_DIR);
    assert_eq!(
        format!("/var/lib/{}", value(&unit, "StateDirectory")),
        DATA_DIR
    );
    for (key, expected) in [
        ("User", "heard"),
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("CapabilityBoundingSet", ""),
        ("UMask", "0077"),
    ] {
        assert_eq!(value(&unit, key), expected, "{key}");
    }
}

#[test]
fn the_backup_unit_backs_up_that_data_dir_into_the_backup_folder_nightly() {
    let unit = settings(&deploy("heard-relay-backup.service"));
    let exec = value(&unit, "ExecStart");
    // The shell is there only to put the date in the file name.
    let inner = exec
        .split_once("exec ")
        .and_then(|(_, rest)| rest.strip_suffix('\''))
        .unwrap_or_else(|| panic!("ExecStart is not sh -c 'exec …': {exec}"));
    let args: Vec<String> = inner
        .replace("$$(date -u +%%Y-%%m-%%d)", "2026-01-31")
        .replace('"', "")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    assert_eq!(args[0], BIN);
    let cli = Cli::try_parse_from(&args).unwrap_or_else(|e| panic!("ExecStart: {e}"));
    let Some(Sub::Backup(backup)) = cli.command else {
        panic!("the backup unit does not run `backup`");
    };
    assert_eq!(backup.data_dir, PathBuf::from(DATA_DIR));
    assert_eq!(
        backup.to,
        PathBuf::from(format!("{BACKUPS}/relay-2026-01-31.sqlite3"))
    );
    assert_eq!(
        value(&unit, "ReadWritePaths"),
        format!("{DATA_DIR} {BACKUPS}")
    );
    assert!(value(&unit, "ExecStartPost").starts_with(&format!("/usr/bin/find {BACKUPS} ")));
    assert_eq!(value(&unit, "User"), "heard");
    assert_eq!(value(&unit, "ProtectSystem"), "strict");

    let timer = settings(&deploy("heard-relay-backup.timer"));
    assert_eq!(value(&timer, "Unit"), "heard-relay-backup.service");
    assert_eq!(value(&timer, "Persistent"), "true");
}

#[test]
fn the_caddyfile_proxies_to_the_relays_address() {
    let caddyfile = deploy("Caddyfile");
    let proxied: Vec<&str> = caddyfile
        .lines()
        .filter_map(|l| l.trim().strip_prefix("reverse_proxy "))
        .collect();
    assert_eq!(proxied, [ADDR]);
    match Command::new("caddy")
        .args(["adapt", "--adapter", "caddyfile", "--config"])
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("deploy/Caddyfile"))
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(String::from_utf8_lossy(&out.stdout).contains(ADDR));
        }
        Err(_) => eprintln!("caddy is not installed here: the Caddyfile was not parsed by Caddy"),
    }
}

#[test]
fn the_page_names_the_same_paths_and_files() {
    let page = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/running-a-relay.md"),
    )
    .unwrap();
    for needle in [
        BIN,
        DATA_DIR,
        BACKUPS,
        ADDR,
        "sync-protocol.md#threat-model",
    ]
    .into_iter()
    .chain(UNITS)
    .chain(["Caddyfile"])
    {
        assert!(page.contains(needle), "the page never mentions {needle}");
    }
}

#[test]
fn systemd_analyze_verify_accepts_the_units_where_it_exists() {
    let Ok(version) = Command::new("systemd-analyze").arg("--version").output() else {
        eprintln!("systemd-analyze is not installed here: the units were not verified by systemd");
        return;
    };
    assert!(version.status.success());
    // verify insists that ExecStart's binary exists: the units are copied
    // with the installed path pointing at the binary cargo just built, and
    // nothing else changed.
    let dir = tempfile::tempdir().unwrap();
    let built = env!("CARGO_BIN_EXE_heard-sync-server");
    let mut paths = Vec::new();
    for name in UNITS {
        let path = dir.path().join(name);
        std::fs::write(&path, deploy(name).replace(BIN, built)).unwrap();
        paths.push(path);
    }
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .args(&paths)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "systemd-analyze verify: {said}");
    // It warns about unknown keys and bad values and still succeeds.
    assert!(said.trim().is_empty(), "systemd-analyze verify: {said}");
}
