// The reference for the relay's figures: npm's automerge-repo sync server
// (@automerge/automerge-repo-sync-server, its own process, on loopback, on a
// fresh data folder) with automerge-repo clients in this process, driven in
// the same shape as heard-load: N devices, each filling in a response one
// answered question per change, each change waited on until the server's
// sync state says it holds it (automerge-repo has no acknowledgement; the
// server's heads coming back are the nearest thing), then 1,000 connected
// idle devices. Prints `name value unit` lines; with HEARD_RELAY_FIGURES
// naming a file of heard-load's lines, also the relay's figures over these.
// Server CPU and memory come from /proc of the server process alone, so the
// clients' own CPU in this process is not counted (it does slow the run,
// as heard-load's does for the relay).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { Repo } from "@automerge/automerge-repo";
import { BrowserWebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

const DEVICES = 100;
const CHANGES = 100;
const IDLE_DEVICES = 1000;
const QUESTIONS = 60;
// A change the server has not taken in by then means the run is broken,
// not slow: stop rather than print a figure for it.
const ACK_TIMEOUT_MS = 30_000;

const root = fileURLToPath(new URL("../../..", import.meta.url));
const serverScript = join(
  root,
  "node_modules/@automerge/automerge-repo-sync-server/src/index.js",
);

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// The server as its own process, so its CPU and memory can be read apart.
async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), "heard-reference-"));
  const port = await freePort();
  const child = spawn(process.execPath, [serverScript], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), DATA_DIR: join(dir, "data") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the reference server never listened")), 20_000);
    child.once("exit", (code) => reject(new Error(`the reference server exited (${code})`)));
    child.stdout.on("data", (chunk) => {
      if (String(chunk).includes("Listening on port")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    pid: child.pid,
    url: `ws://127.0.0.1:${port}`,
    stop() {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// utime + stime of a process, in milliseconds (clock ticks of 100 a second,
// what Linux reports /proc times in almost everywhere).
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function rssKib(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

function device(url) {
  return new Repo({ network: [new BrowserWebSocketClientAdapter(url)] });
}

// Resolves once the server's heads for `handle` include everything it has.
function heldByServer(handle) {
  return new Promise((resolve, reject) => {
    const wanted = handle.heads().join();
    const timer = setTimeout(() => {
      handle.off("remote-heads", check);
      reject(new Error("the reference server never took a change in"));
    }, ACK_TIMEOUT_MS);
    function check({ heads }) {
      if (heads.join() === wanted) {
        clearTimeout(timer);
        handle.off("remote-heads", check);
        resolve();
      }
    }
    handle.on("remote-heads", check);
  });
}

// The same mix of answers as heard-load: picture scales, ratings, choices,
// a few short comments.
function answer(i) {
  const faces = ["happy", "not_sure", "unhappy", "dont_know"];
  const comments = ["The staff are kind", "More trips out please", "I like the garden"];
  const k = (i * 7) % 20;
  if (k < 10) return { type: "feeling", value: faces[i % 4] };
  if (k < 15) return { type: "rating", value: i % 6 };
  if (k < 18) return { type: "choice", value: `c${i % 5}` };
  return { type: "text", value: comments[i % 3] };
}

async function pushing(server) {
  const repos = Array.from({ length: DEVICES }, () => device(server.url));
  await Promise.all(repos.map((r) => r.networkSubsystem.whenReady()));
  const before = cpuMs(server.pid);
  const start = performance.now();
  const latencies = [];
  await Promise.all(
    repos.map(async (repo, d) => {
      let handle;
      for (let i = 0; i < CHANGES; i++) {
        if (i % QUESTIONS === 0) {
          handle = repo.create({ type: "response", survey: "national", answers: {}, updated: 0 });
        }
        const sent = performance.now();
        handle.change((doc) => {
          doc.answers[`q${d}-${i % QUESTIONS}`] = answer(i);
          doc.updated = Date.now();
        });
        await heldByServer(handle);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuMs(server.pid) - before;
  const rss = rssKib(server.pid);
  for (const repo of repos) repo.networkSubsystem.disconnect?.();
  latencies.sort((a, b) => a - b);
  const changes = DEVICES * CHANGES;
  console.error(
    `reference: ${DEVICES} devices x ${CHANGES} changes in ${seconds.toFixed(2)} s; server CPU ` +
      `${(cpu / 1000).toFixed(2)} s, RSS ${(rss / 1024).toFixed(0)} MiB at the end; change to ` +
      `server heads p50 ${latencies[Math.floor(changes / 2)].toFixed(1)} ms, p99 ` +
      `${latencies[Math.floor(changes * 0.99)].toFixed(1)} ms`,
  );
  return { perSecond: changes / seconds, cpuMsPerChange: cpu / changes };
}

async function idle(server) {
  // One device first, so the server's first-connection costs are in the
  // baseline, as heard-load does for the relay.
  const first = device(server.url);
  await first.networkSubsystem.whenReady();
  await new Promise((r) => setTimeout(r, 500));
  const before = rssKib(server.pid);
  const repos = Array.from({ length: IDLE_DEVICES }, () => device(server.url));
  await Promise.all(repos.map((r) => r.networkSubsystem.whenReady()));
  await new Promise((r) => setTimeout(r, 2000));
  const after = rssKib(server.pid);
  console.error(
    `reference: ${IDLE_DEVICES} idle devices: server RSS ${before} KiB before, ${after} KiB with them`,
  );
  return (after - before) / IDLE_DEVICES;
}

function relayFigures() {
  const path = process.env.HEARD_RELAY_FIGURES;
  if (!path) return new Map();
  const lines = readFileSync(path, "utf8").split("\n");
  return new Map(
    lines.map((l) => l.split(" ")).filter((f) => f.length === 3).map(([n, v]) => [n, Number(v)]),
  );
}

function ratio(name, relay, reference) {
  if (Number.isFinite(relay) && Number.isFinite(reference) && reference > 0) {
    console.log(`${name} ${(relay / reference).toFixed(3)} ratio`);
  }
}

let server = await startServer();
let run;
try {
  run = await pushing(server);
} finally {
  server.stop();
}
console.log(`reference_changes_per_s ${run.perSecond.toFixed(0)} changes/s`);
console.log(`reference_cpu_ms_per_change ${run.cpuMsPerChange.toFixed(4)} ms`);

server = await startServer();
let idleKib;
try {
  idleKib = await idle(server);
} finally {
  server.stop();
}
console.log(`reference_rss_per_idle_device_kib ${idleKib.toFixed(1)} KiB`);

const relay = relayFigures();
ratio("relay_vs_reference_cpu_ratio", relay.get("relay_cpu_ms_per_change"), run.cpuMsPerChange);
ratio(
  "relay_vs_reference_throughput_ratio",
  relay.get("relay_durable_pushes_per_s_100_devices"),
  run.perSecond,
);
ratio("relay_vs_reference_rss_per_idle_device_ratio", relay.get("relay_rss_per_idle_device_kib"), idleKib);
// The clients hold sockets and timers open; the figures are out.
process.exit(0);
