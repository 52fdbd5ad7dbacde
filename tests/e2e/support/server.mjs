// Starts the real server binary on a loopback port and stops it again.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const BIN = process.env.HEARD_SERVER_BIN ?? "target/debug/heard-sync-server";
const DIST = process.env.HEARD_DIST ?? "dist";

/**
 * Starts the server; port 0 picks a free one. Resolves once it listens. The
 * relay keeps its database in `data`, a fresh folder unless one is given (to
 * start the same relay again).
 */
export async function startServer({ port = 0, dist = DIST, data = mkdtempSync(path.join(tmpdir(), "heard-relay-")) } = {}) {
  const child = spawn(BIN, ["--addr", `127.0.0.1:${port}`, "--static-dir", dist, "--data-dir", data], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_LOG: "warn" },
  });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${stderr}`)); });
  });
  const actualPort = Number(new URL(url).port);
  return {
    url,
    port: actualPort,
    data,
    /** Stops the server (SIGTERM) and waits for it to exit. */
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
