//! `heard-load`: the relay's figures for `cargo xtask bench`, one
//! `name value unit` per line on standard output, and what was done (and what
//! limited it) on standard error.
//!
//! It starts the real relay binary (`target/release/heard-sync-server`, or the
//! path given as the first argument or in `HEARD_RELAY_BIN`) on a fresh data
//! folder and a free loopback port, once per run below, and drives simulated
//! devices of several projects over WebSockets: each device authenticates
//! with its project's key and pushes real answer changes, each sealed as its
//! own blob ([`pool`]), keeping a few pushes in flight ([`device`]).
//!
//! Runs: 100 devices and 1,000 devices pushing as fast as acknowledgements
//! allow (throughput, acknowledgement latency, relay CPU per change, bytes
//! per answer), then 1,000 authenticated idle devices (relay memory each).

mod device;
mod pool;
mod relay;

use std::{
    io::Write,
    path::PathBuf,
    process::ExitCode,
    sync::Arc,
    time::{Duration, Instant},
};

use device::{Device, Pushed, ws_message_len};
use heard_protocol::{BlobKind, ClientFrame};
use relay::RelayProcess;
use tokio::{sync::Semaphore, task::JoinSet};

/// Pushes each device keeps unacknowledged. The relay keeps a connection's
/// pushes in flight together and stores those that arrived during one write
/// as the next write, acknowledging them in order.
const WINDOW: usize = 4;
/// Devices per project: under the relay's default cap of 64 connections per
/// project, so the 1,000-device runs need no raised cap.
const DEVICES_PER_PROJECT: usize = 50;
/// Handshakes at once while devices connect, so that a thousand Ed25519
/// checks queue in the generator rather than trip the relay's handshake
/// timeout.
const CONNECTING: usize = 64;
/// The pushing runs raise the relay's per-connection rate limit (100 a
/// second by default, which alone would hold 100 devices to 10,000 pushes a
/// second): the figure is what the relay and its store can carry. The
/// per-project rate follows (ten times the per-connection one by default).
const UNLIMITED: [&str; 4] = [
    "--requests-per-second",
    "1000000",
    "--request-burst",
    "1000000",
];

#[tokio::main]
async fn main() -> ExitCode {
    let bin = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HEARD_RELAY_BIN").map(PathBuf::from))
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/release/heard-sync-server")
        });
    if !bin.exists() {
        eprintln!(
            "no relay binary at {} (cargo build --release -p heard-sync-server)",
            bin.display()
        );
        return ExitCode::FAILURE;
    }
    conditions();
    let mut failed = false;

    // Long enough (several seconds each) that start and end are a small
    // part of the run. The latency run keeps one push in flight per device,
    // as heard-sync's syncer does; the throughput runs keep a window.
    for (name, devices, changes, window, figures) in [
        ("throughput-100", 100, 1_000, WINDOW, Figures::Throughput),
        ("latency-100", 100, 600, 1, Figures::Latency),
        ("throughput-1000", 1_000, 100, WINDOW, Figures::Throughput),
        // A thousand devices each waiting for its acknowledgement: by
        // Little's law the mean wait is at least 1,000 / pushes a second.
        ("latency-1000", 1_000, 60, 1, Figures::Latency),
    ] {
        if !chosen(name) {
            continue;
        }
        match pushing(&bin, devices, changes, window).await {
            Ok(run) => run.print(devices, figures),
            Err(e) => {
                eprintln!("relay bench with {devices} devices failed: {e}");
                failed = true;
            }
        }
    }
    if chosen("idle") {
        match idle(&bin, 1_000).await {
            Ok(kib) => figure("relay_rss_per_idle_device_kib", format!("{kib:.1}"), "KiB"),
            Err(e) => {
                eprintln!("idle-device bench failed: {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Whether the run called `name` is to be made: all of them, unless
/// `HEARD_LOAD_RUNS` lists some (comma-separated: throughput-100,
/// latency-100, throughput-1000, latency-1000, idle), for measuring one
/// thing at a time.
fn chosen(name: &str) -> bool {
    std::env::var("HEARD_LOAD_RUNS").map_or(true, |runs| runs.split(',').any(|r| r.trim() == name))
}

/// What one pushing run measured.
struct Run {
    pushes: usize,
    elapsed: Duration,
    relay_cpu: Duration,
    /// What the rest of the machine (neither the relay nor this generator)
    /// used meanwhile: the calibration to read the run against, as the
    /// relay and the generator share two cores with whatever else runs.
    others_cpu: Duration,
    ack_us: Vec<u32>,
    push_bytes: u64,
    ack_bytes: u64,
    notify_bytes: u64,
    notifies: u64,
    change_bytes: usize,
}

impl Run {
    fn print(&self, devices: usize, figures: Figures) {
        let n = self.pushes as f64;
        let rate = n / self.elapsed.as_secs_f64();
        let p = |q: usize| {
            f64::from(self.ack_us[(self.ack_us.len() * q / 100).min(self.ack_us.len() - 1)])
                / 1000.0
        };
        let cpu_ms = self.relay_cpu.as_secs_f64() * 1000.0 / n;
        eprintln!(
            "{devices} devices: {} pushes in {:.2} s ({rate:.0}/s); relay CPU {:.2} s \
             ({:.0}% of one core); ack p50 {:.1} ms p90 {:.1} ms p99 {:.1} ms max {:.1} ms; \
             {} notifies received ({:.0} B each way per answer: acks {:.0}, notifies {:.0}); \
             automerge change {:.0} B per answer on average; other processes used {:.0}% \
             of one core meanwhile",
            self.pushes,
            self.elapsed.as_secs_f64(),
            self.relay_cpu.as_secs_f64(),
            100.0 * self.relay_cpu.as_secs_f64() / self.elapsed.as_secs_f64(),
            p(50),
            p(90),
            p(99),
            f64::from(*self.ack_us.last().unwrap_or(&0)) / 1000.0,
            self.notifies,
            (self.ack_bytes + self.notify_bytes) as f64 / n,
            self.ack_bytes as f64 / n,
            self.notify_bytes as f64 / n,
            self.change_bytes as f64 / n,
            100.0 * self.others_cpu.as_secs_f64() / self.elapsed.as_secs_f64(),
        );
        match figures {
            Figures::Throughput => {
                figure(
                    &format!("relay_durable_pushes_per_s_{devices}_devices"),
                    format!("{rate:.0}"),
                    "pushes/s",
                );
                let suffix = if devices == 100 {
                    String::new()
                } else {
                    format!("_{devices}_devices")
                };
                figure(
                    &format!("relay_cpu_ms_per_change{suffix}"),
                    format!("{cpu_ms:.4}"),
                    "ms",
                );
                if devices == 100 {
                    let per_answer = self.push_bytes as f64 / n;
                    figure(
                        "bytes_per_answer_on_wire",
                        format!("{per_answer:.0}"),
                        "bytes",
                    );
                    if per_answer > 200.0 {
                        batched(per_answer);
                    }
                }
            }
            Figures::Latency => {
                let suffix = if devices == 100 {
                    String::new()
                } else {
                    format!("_{devices}_devices")
                };
                figure(
                    &format!("relay_ack_p50_ms{suffix}"),
                    format!("{:.2}", p(50)),
                    "ms",
                );
                figure(
                    &format!("relay_ack_p99_ms{suffix}"),
                    format!("{:.2}", p(99)),
                    "ms",
                );
                figure(
                    &format!("relay_durable_pushes_per_s_{devices}_devices_one_in_flight"),
                    format!("{rate:.0}"),
                    "pushes/s",
                );
            }
        }
    }
}

/// Which figures a run reports.
#[derive(Clone, Copy)]
enum Figures {
    /// Pushes a second, the relay's CPU per change, bytes per answer.
    Throughput,
    /// Acknowledgement latency with one push in flight per device: with a
    /// window of w, a push waits behind w - 1 others on its own connection
    /// (the relay answers a connection's frames in order), so latency grows
    /// with the window by Little's law while throughput barely does.
    Latency,
}

/// `devices` devices each pushing `changes` answers, one blob per push.
async fn pushing(
    bin: &std::path::Path,
    devices: usize,
    changes: usize,
    window: usize,
) -> Result<Run, String> {
    let window = std::env::var("HEARD_LOAD_WINDOW")
        .ok()
        .and_then(|w| w.parse().ok())
        .unwrap_or(window);
    let projects = devices.div_ceil(DEVICES_PER_PROJECT).max(2);
    let made = Instant::now();
    let work = pool::workload(projects, devices, changes, devices as u64);
    eprintln!(
        "{devices} devices in {projects} projects, {changes} answers each, window {window}: \
         changes made and sealed in {:.1} s",
        made.elapsed().as_secs_f64()
    );
    let relay = RelayProcess::start(bin, &UNLIMITED).await?;
    let projects = Arc::new(work.projects);
    let mut connected = connect_all(
        &relay.addr,
        &projects,
        work.devices.iter().map(|d| d.project),
    )
    .await?;

    let cpu_before = relay.cpu()?;
    let own_before = relay::process_cpu("self")?;
    let machine_before = relay::machine_busy()?;
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for work in work.devices.into_iter().rev() {
        let device = connected.pop().ok_or("a device went missing")?;
        tasks.spawn(device.push_all(work.blobs, window));
    }
    let mut all = Pushed::default();
    while let Some(done) = tasks.join_next().await {
        let pushed = done.map_err(|e| format!("a device task failed: {e}"))??;
        all.ack_us.extend(pushed.ack_us);
        all.push_bytes += pushed.push_bytes;
        all.ack_bytes += pushed.ack_bytes;
        all.notify_bytes += pushed.notify_bytes;
        all.notifies += pushed.notifies;
    }
    let elapsed = start.elapsed();
    let relay_cpu = relay.cpu()?.saturating_sub(cpu_before);
    let own_cpu = relay::process_cpu("self")?.saturating_sub(own_before);
    let machine = relay::machine_busy()?.saturating_sub(machine_before);
    relay.stop().await;
    all.ack_us.sort_unstable();
    Ok(Run {
        pushes: all.ack_us.len(),
        elapsed,
        relay_cpu,
        others_cpu: machine.saturating_sub(relay_cpu + own_cpu),
        ack_us: all.ack_us,
        push_bytes: all.push_bytes,
        ack_bytes: all.ack_bytes,
        notify_bytes: all.notify_bytes,
        notifies: all.notifies,
        change_bytes: work.change_bytes,
    })
}

/// Connects one device per entry of `projects_of` (a project index each),
/// a bounded number at a time, in that order.
async fn connect_all(
    addr: &str,
    projects: &Arc<Vec<pool::Project>>,
    projects_of: impl Iterator<Item = usize>,
) -> Result<Vec<Device>, String> {
    let gate = Arc::new(Semaphore::new(CONNECTING));
    let mut tasks = JoinSet::new();
    for (n, project) in projects_of.enumerate() {
        let (gate, projects, addr) = (gate.clone(), projects.clone(), addr.to_string());
        tasks.spawn(async move {
            let _permit = gate.acquire().await.map_err(|e| e.to_string())?;
            let p = &projects[project];
            Device::connect(&addr, p.id, &p.keys).await.map(|d| (n, d))
        });
    }
    let mut devices = Vec::new();
    while let Some(done) = tasks.join_next().await {
        devices.push(done.map_err(|e| format!("a connecting task failed: {e}"))??);
    }
    devices.sort_by_key(|(n, _)| *n);
    Ok(devices.into_iter().map(|(_, d)| d).collect())
}

/// The relay's resident memory per authenticated idle device, in KiB.
async fn idle(bin: &std::path::Path, devices: usize) -> Result<f64, String> {
    let projects = devices.div_ceil(DEVICES_PER_PROJECT);
    let work = pool::workload(projects, projects, 0, 7);
    let relay = RelayProcess::start(bin, &[]).await?;
    let projects = Arc::new(work.projects);
    // One device first, so the runtime's threads, the store's connections
    // and the allocator's first arenas are counted in the baseline, not
    // charged to the devices.
    connect_all(&relay.addr, &projects, 0..projects.len())
        .await?
        .into_iter()
        .for_each(drop);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = relay.rss_kib()?;
    let connected = connect_all(
        &relay.addr,
        &projects,
        (0..devices).map(|n| n % projects.len()),
    )
    .await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = relay.rss_kib()?;
    eprintln!(
        "{devices} idle authenticated devices in {} projects: relay RSS {before} KiB before, \
         {after} KiB with them connected",
        projects.len()
    );
    let mut held = JoinSet::new();
    for device in connected {
        held.spawn(device.idle(Duration::ZERO));
    }
    while held.join_next().await.is_some() {}
    relay.stop().await;
    Ok((after.saturating_sub(before)) as f64 / devices as f64)
}

/// With one answer per blob the fixed costs (sealing, padding, framing)
/// dominate; this is the same answers sent the way a device that synced
/// every few minutes would: one blob per document holding ten changes.
fn batched(single: f64) {
    const BATCH: usize = 10;
    let (project, answers) = pool::sample(pool::QUESTIONS, 11);
    let mut bytes = 0;
    for group in answers.chunks(BATCH) {
        let plaintext = heard_core::sync::Plaintext {
            doc: group[0].0.clone(),
            payload: pool::payload(&group.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>()),
        };
        let blob = project
            .keys
            .seal_blob_idempotent(BlobKind::Changes, &plaintext);
        let frame = ClientFrame::Push {
            request: 1,
            blobs: vec![blob],
        };
        bytes += ws_message_len(frame.encode().len(), true);
    }
    let change: usize = answers.iter().map(|(_, c)| c.len()).sum();
    let per_answer = bytes as f64 / answers.len() as f64;
    eprintln!(
        "bytes_per_answer_on_wire is over 200 with one answer per blob ({single:.0} B): an \
         automerge change for one answer is {:.0} B on average by itself (its actor id, the \
         hash of the change before it, the answer and the `updated` time), and each blob adds \
         17 B of plaintext header, 8 B of payload lengths, 4 B of padding length, PADME \
         filler, 40 B of nonce and tag, 21 B of blob framing, 10 B of push framing and 8 B of \
         WebSocket framing. {BATCH} answers of one response per blob: {per_answer:.0} B per answer",
        change as f64 / answers.len() as f64
    );
    figure(
        &format!("bytes_per_answer_on_wire_batched_{BATCH}"),
        format!("{per_answer:.0}"),
        "bytes",
    );
}

fn figure(name: &str, value: String, unit: &str) {
    println!("{name} {value} {unit}");
    // Figures appear as they are made, so a later failure hides none.
    let _ = std::io::stdout().flush();
}

/// What the numbers were measured under, for whoever reads them later.
fn conditions() {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let files = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            l.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3).map(str::to_string))
        })
        .unwrap_or_default();
    eprintln!(
        "heard-load: {cores} cores, load average {}, open-file limit {files}; the generator \
         and the relay share the machine, so figures move with whatever else runs",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
}
