//! The real relay binary as a child process on a fresh data folder and a free
//! loopback port, with what the figures need from it: its CPU time and its
//! resident memory, read from `/proc` (Linux only, like the machines the
//! targets were set on).

use std::{path::Path, process::Stdio, time::Duration};

use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
};

pub struct RelayProcess {
    child: Child,
    pid: u32,
    pub addr: String,
    /// Holds the data and static folders until the relay is gone.
    _dir: tempfile::TempDir,
}

impl RelayProcess {
    /// Starts `bin` with `extra` flags and waits for its "listening on" line.
    pub async fn start(bin: &Path, extra: &[&str]) -> Result<RelayProcess, String> {
        let dir = tempfile::tempdir().map_err(|e| format!("no temp folder: {e}"))?;
        let statics = dir.path().join("static");
        std::fs::create_dir_all(&statics).map_err(|e| e.to_string())?;
        let mut child = Command::new(bin)
            .args(["--addr", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path().join("data"))
            .arg("--static-dir")
            .arg(&statics)
            .args(extra)
            // Per-connection info lines would be a thousand log writes in the
            // idle figure; warnings and errors still show.
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let pid = child.id().ok_or("the relay exited at once")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let addr = tokio::time::timeout(Duration::from_secs(20), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(addr) = line.strip_prefix("listening on http://") {
                    return Some(addr.to_string());
                }
                eprintln!("relay: {line}");
            }
            None
        })
        .await
        .ok()
        .flatten()
        .ok_or("the relay never said where it listens")?;
        // The relay logs to standard output: keep draining it, or a full pipe
        // would stall the relay in the middle of the run.
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                eprintln!("relay: {line}");
            }
        });
        Ok(RelayProcess {
            child,
            pid,
            addr,
            _dir: dir,
        })
    }

    /// User plus system CPU time the relay has used so far.
    pub fn cpu(&self) -> Result<Duration, String> {
        process_cpu(&self.pid.to_string())
    }
    /// Resident memory in KiB.
    pub fn rss_kib(&self) -> Result<u64, String> {
        rss_kib(self.pid)
    }

    pub async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }
}

/// User plus system CPU time of a process (`self` for this one).
pub fn process_cpu(pid: &str) -> Result<Duration, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map_err(|e| format!("cannot read /proc/{pid}/stat: {e}"))?;
    // The command name is in parentheses and may hold spaces: count the
    // fields from the last ')'. utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').ok_or("odd /proc stat")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| -> Result<u64, String> {
        fields
            .get(i)
            .and_then(|f| f.parse().ok())
            .ok_or_else(|| "odd /proc stat".to_string())
    };
    let total = ticks(11)? + ticks(12)?;
    Ok(Duration::from_secs_f64(total as f64 / clock_ticks() as f64))
}

/// CPU time the whole machine has spent busy (all cores, everything but
/// idle and waiting for disk), from `/proc/stat`.
pub fn machine_busy() -> Result<Duration, String> {
    let stat = std::fs::read_to_string("/proc/stat").map_err(|e| e.to_string())?;
    let fields: Vec<u64> = stat
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("cpu "))
        .ok_or("odd /proc/stat")?
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal
    let busy: u64 = fields.iter().take(8).sum::<u64>()
        - fields.get(3).copied().unwrap_or(0)
        - fields.get(4).copied().unwrap_or(0);
    Ok(Duration::from_secs_f64(busy as f64 / clock_ticks() as f64))
}

pub fn rss_kib(pid: u32) -> Result<u64, String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("cannot read /proc/{pid}/status: {e}"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| "no VmRSS".to_string())
}

/// Clock ticks per second for /proc times (`getconf CLK_TCK`, 100 on Linux
/// almost everywhere; asked rather than assumed).
fn clock_ticks() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100)
}
