// CPU throttling of every target of a browser: the page, its dedicated
// workers (the document worker among them) and the service worker.
// Throttling only the page's DevTools target slows a dedicated worker about
// 2x, not 4x, so each target is throttled itself.
//
// Pages get Chromium's own `Emulation.setCPUThrottlingRate`. Chromium
// refuses it for workers ("Operation is only supported for pages, not
// workers": blink's InspectorEmulationAgent::AssertPage; a paused service
// worker does not even answer), so a worker's thread is capped by the kernel
// instead: each worker thread alone in a cgroup (v1 `cpu` controller, which
// takes single threads) whose CFS bandwidth is period / rate of a CPU per
// 10 ms period, so that, like Chromium's throttler, the thread runs at most
// 1 / rate of wall time. (SCHED_DEADLINE would do the same, but this kernel
// never gives a dead deadline task's bandwidth back.)
//
// Playwright's CDP sessions cannot talk to the sessions that auto-attach
// creates (they have no sessionId parameter), so this module opens a DevTools
// connection of its own (the browser is started with
// --remote-debugging-port) and uses the flat protocol: `Target.setAutoAttach`
// {autoAttach, waitForDebuggerOnStart, flatten} on the browser and on each
// page. A new page gets its rate, and a new dedicated worker its thread's
// cap, while still paused; then `Runtime.runIfWaitingForDebugger`. So the
// document worker runs no code unthrottled. A service worker's thread only
// starts once it is resumed: a sweep every SWEEP_MS caps it then (and any
// worker thread that was missed).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";

/** A free loopback port for --remote-debugging-port. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Node 22 and later have WebSocket built in; Node 20 has it only behind a
// flag, and playwright-core ships the `ws` package (the same API for what is
// used here).
const WebSocketImpl = globalThis.WebSocket ?? (await import("playwright-core/lib/utilsBundle")).ws;

// The cgroup v1 `cpu` controller: a thread can be put in a cgroup alone.
const CGROUP = "/sys/fs/cgroup/cpu";
const GROUP_PREFIX = "heard-bench-";
// The bandwidth period for a capped worker thread, in µs.
const PERIOD_US = 10_000;
// Chromium's names for a worker's thread (as /proc shows them, cut to 15
// characters).
const WORKER_THREAD = /^(DedicatedWorker|ServiceWorker|SharedWorker)/;

/** The threads of Chromium's workers, capped by the kernel to 1 / rate of a CPU. */
class WorkerThreads {
  /** The browser process started with --remote-debugging-port=`port`. */
  constructor(port) {
    if (!existsSync(`${CGROUP}/tasks`)) {
      throw new Error(`cannot throttle worker threads: no cgroup v1 cpu controller at ${CGROUP}`);
    }
    this.browserPid = processes().find((p) => cmdline(p).includes(`--remote-debugging-port=${port}`));
    if (!this.browserPid) throw new Error(`no Chromium process listening for DevTools on port ${port}`);
    /** The rate the capped threads have. */
    this.rate = 1;
    /** The share of period / rate a capped thread gets (see `tune`). */
    this.scale = 1;
    /** The cgroups made, to remove at the end. */
    this.groups = new Set();
    // Groups left by a run that ended without removing them.
    for (const name of readdirSync(CGROUP)) {
      const owner = name.startsWith(GROUP_PREFIX) && name.slice(GROUP_PREFIX.length).split("-")[0];
      if (owner && !existsSync(`/proc/${owner}`)) removeGroup(`${CGROUP}/${name}`);
    }
  }

  /** Every worker thread in the browser's processes: [{ tid, name, capped }]. */
  list() {
    const children = new Map();
    for (const p of processes()) {
      const parent = stat(`/proc/${p}/stat`)?.[1];
      if (parent) children.set(parent, [...(children.get(parent) ?? []), p]);
    }
    const threads = [];
    const walk = (p) => {
      let tasks = [];
      try { tasks = readdirSync(`/proc/${p}/task`); } catch { /* gone */ }
      for (const tid of tasks) {
        const name = read(`/proc/${p}/task/${tid}/comm`)?.trim();
        if (!name || !WORKER_THREAD.test(name)) continue;
        const group = (read(`/proc/${p}/task/${tid}/cgroup`) ?? "").split("\n")
          .find((line) => line.split(":")[1]?.split(",").includes("cpu"))?.split(":")[2] ?? "";
        threads.push({ tid, name, capped: group.startsWith(`/${GROUP_PREFIX}`) });
      }
      for (const c of children.get(p) ?? []) walk(c);
    };
    walk(this.browserPid);
    return threads;
  }

  /** Whether some worker thread (named like `name`) lacks the cap of `rate`. */
  uncapped(rate, name = WORKER_THREAD) {
    return this.list().some((t) => name.test(t.name) && t.capped !== rate > 1);
  }

  /** The quota of a capped thread per period, in µs. */
  quota(rate) {
    return Math.round((PERIOD_US / rate) * this.scale);
  }

  /**
   * The kernel charges CPU time at its tick, so a capped thread overruns its
   * quota a little and runs faster than 1 / rate: given the slowdown
   * `measured` at `rate`, shrinks the quota to match (at most by a fifth).
   */
  tune(measured, rate) {
    this.scale = Math.max(0.8, Math.min(1, this.scale * (measured / rate)));
    this.apply(rate, true);
  }

  /** Puts every worker thread at `rate` (new ones, and all when the rate changes or `all`). */
  apply(rate, all = rate !== this.rate) {
    this.rate = rate;
    for (const { tid, capped } of this.list()) {
      if (!all && capped === rate > 1) continue;
      const group = `${CGROUP}/${GROUP_PREFIX}${process.pid}-${tid}`;
      try {
        if (rate > 1) {
          mkdirSync(group, { recursive: true });
          this.groups.add(group);
          writeFileSync(`${group}/cpu.cfs_period_us`, String(PERIOD_US));
          writeFileSync(`${group}/cpu.cfs_quota_us`, String(this.quota(rate)));
          writeFileSync(`${group}/tasks`, tid);
        } else if (capped) {
          writeFileSync(`${CGROUP}/tasks`, tid);
        }
      } catch (error) {
        // A worker that ended meanwhile needs no cap.
        if (read(`/proc/${tid}/comm`) !== null) {
          const threads = this.list().map((t) => `${t.name} ${t.tid}${t.capped ? " (capped)" : ""}`).join(", ");
          throw new Error(`cannot cap worker thread ${tid} to 1/${rate} of a CPU in ${group}: ${error.message}; `
            + `worker threads: ${threads}`);
        }
      }
    }
  }

  /** Puts every capped thread back and removes the cgroups. */
  close() {
    for (const group of this.groups) removeGroup(group);
    this.groups.clear();
  }
}

function removeGroup(group) {
  for (const tid of (read(`${group}/tasks`) ?? "").split("\n").filter(Boolean)) {
    try { writeFileSync(`${CGROUP}/tasks`, tid); } catch { /* gone */ }
  }
  try { rmdirSync(group); } catch { /* still in use by a thread on its way out */ }
}

function read(path) {
  try { return readFileSync(path, "utf8"); } catch { return null; }
}

/** The fields of a /proc stat file after the name: [state, ppid, ...]. */
function stat(path) {
  const text = read(path);
  return text ? text.slice(text.lastIndexOf(")") + 2).split(" ") : null;
}

function processes() {
  return readdirSync("/proc").filter((p) => /^\d+$/.test(p));
}

function cmdline(pid) {
  return (read(`/proc/${pid}/cmdline`) ?? "").split("\0");
}

// Targets slowed through DevTools, and targets whose thread is capped.
const PAGES = new Set(["page", "iframe"]);
const WORKERS = new Set(["worker", "shared_worker", "service_worker"]);
const SWEEP_MS = 250;
// No DevTools answer takes this long but one that will never come.
const ANSWER_MS = 10_000;

export class Throttle {
  /** Connects to the browser listening for DevTools on `port`, at `rate`. */
  static async connect(port, rate = 1) {
    let version = null;
    for (let i = 0; i < 100 && !version; i++) {
      version = await fetch(`http://127.0.0.1:${port}/json/version`)
        .then((r) => r.json())
        .catch(() => null);
      if (!version) await new Promise((r) => setTimeout(r, 100));
    }
    if (!version) throw new Error(`no DevTools endpoint on port ${port}`);
    const socket = new WebSocketImpl(version.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = (e) => reject(new Error(`DevTools connection failed: ${e.message ?? e}`));
    });
    const throttle = new Throttle(socket, rate, new WorkerThreads(port));
    // Pages (and the service worker) are the browser's own targets; each
    // page's dedicated workers are attached through the page's session.
    await throttle.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    return throttle;
  }

  constructor(socket, rate, threads) {
    this.socket = socket;
    this.rate = rate;
    this.threads = threads;
    this.nextId = 1;
    this.pending = new Map();
    /** sessionId -> { type, url, how }, for every target attached and not
     * gone; `how` is "devtools" or "kernel" (the thread capped). */
    this.sessions = new Map();
    /** What could not be throttled: [{ type, url, error }]. */
    this.failures = [];
    this.attaching = new Set();
    /** Dedicated worker threads already capped at their start. */
    this.seenWorkers = new Set();
    socket.onmessage = (event) => this.onMessage(JSON.parse(String(event.data)));
    this.sweep = setInterval(() => {
      try {
        if (this.threads.uncapped(this.rate)) this.threads.apply(this.rate);
      } catch (error) {
        this.failures.push({ type: "thread", url: "", error: error.message });
      }
    }, SWEEP_MS);
  }

  send(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    const message = { id, method, params, ...(sessionId ? { sessionId } : {}) };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${ANSWER_MS} ms`));
      }, ANSWER_MS);
      this.pending.set(id, {
        resolve: (r) => { clearTimeout(timer); resolve(r); },
        reject: (e) => { clearTimeout(timer); reject(e); },
        method,
      });
      this.socket.send(JSON.stringify(message));
    });
  }

  onMessage(message) {
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!call) return;
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
      else call.resolve(message.result);
      return;
    }
    if (message.method === "Target.attachedToTarget") {
      const work = this.attached(message.params).finally(() => this.attaching.delete(work));
      this.attaching.add(work);
    } else if (message.method === "Target.detachedFromTarget") {
      this.sessions.delete(message.params.sessionId);
    }
  }

  /** A new target, paused until it has its rate (and, for a page, its own auto-attach). */
  async attached({ sessionId, targetInfo }) {
    const { type, url } = targetInfo;
    const resume = () => this.send("Runtime.runIfWaitingForDebugger", {}, sessionId).catch(() => {});
    const autoAttach = () => this.send("Target.setAutoAttach",
      { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, sessionId).catch(() => {});
    if (PAGES.has(type)) {
      this.sessions.set(sessionId, { type, url, how: "devtools" });
      await this.send("Emulation.setCPUThrottlingRate", { rate: this.rate }, sessionId)
        .catch((error) => this.failures.push({ type, url, error: error.message }));
      await autoAttach(); // its dedicated workers
    } else if (WORKERS.has(type)) {
      this.sessions.set(sessionId, { type, url, how: "kernel" });
      if (type === "worker") {
        await this.capNewThread(type, url);
        await autoAttach(); // nested workers
      }
    } else if (type === "tab") {
      await autoAttach(); // a tab holds its page
    }
    await resume();
  }

  /** Caps the thread of a dedicated worker that is paused at its start. */
  async capNewThread(type, url) {
    if (this.rate === 1) return;
    // The thread exists while the worker waits for the debugger; allow
    // a moment for it to be listed. The sweep may have capped it already:
    // what counts is a worker thread not seen before.
    const fresh = () => this.threads.list()
      .filter((t) => /^DedicatedWorker/.test(t.name) && !this.seenWorkers.has(t.tid));
    for (let i = 0; i < 100 && !fresh().length; i++) await new Promise((r) => setTimeout(r, 20));
    const found = fresh();
    if (!found.length) {
      this.failures.push({ type, url, error: "its thread was not found to cap before it started" });
    }
    this.threads.apply(this.rate);
    // One thread per worker: a second one started at the same time is
    // left for its own call.
    if (found.length) this.seenWorkers.add(found.sort((x, y) => Number(x.tid) - Number(y.tid))[0].tid);
  }

  /** Sets `rate` on every target now attached, and on every later one. */
  async set(rate) {
    this.rate = rate;
    await Promise.all([...this.attaching]);
    this.threads.apply(rate);
    await Promise.all([...this.sessions].filter(([, t]) => t.how === "devtools").map(([sessionId, { type, url }]) =>
      this.send("Emulation.setCPUThrottlingRate", { rate }, sessionId).catch((error) => {
        // A target that went away meanwhile needs no rate.
        if (this.sessions.has(sessionId)) this.failures.push({ type, url, error: error.message });
      })));
  }

  /** What is throttled now and how, for the log. */
  describe() {
    const types = {};
    for (const { type, how } of this.sessions.values()) {
      const key = `${type} (${how === "kernel" ? "thread capped by the kernel" : "DevTools"})`;
      types[key] = (types[key] ?? 0) + 1;
    }
    const threads = this.threads.list().filter((t) => t.capped).map((t) => `${t.name} ${t.tid}`);
    return `${Object.entries(types).map(([t, n]) => `${n} ${t}`).join(", ")}; capped threads: ${threads.join(", ") || "none"}`
      + ` (${this.threads.quota(this.rate)} µs of CPU per ${PERIOD_US} µs)`;
  }

  close() {
    clearInterval(this.sweep);
    this.socket.close();
    this.threads.close();
  }
}

/**
 * A fixed CPU loop, run where `evaluate` runs it (a page or a worker), timed
 * there. Returns the median of `runs` runs in ms.
 */
export async function timeLoop(evaluate, runs = 5) {
  const loop = (n) => {
    const t0 = performance.now();
    let x = 0;
    for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003;
    return { ms: performance.now() - t0, x };
  };
  await evaluate(loop, 1e6); // compiled before it is timed
  const times = [];
  for (let i = 0; i < runs; i++) times.push((await evaluate(loop, 5e7)).ms);
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}
