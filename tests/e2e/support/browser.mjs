// Launches Debian's Chromium, headless, with a fresh profile, through playwright-core.
// On a failed test it saves a screenshot and the browser console to tests/artifacts/.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

import { startServer } from "./server.mjs";

const EXECUTABLE = process.env.HEARD_CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS = path.resolve("tests/artifacts");

export async function launch({ args = [] } = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), "heard-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    viewport: { width: 412, height: 915 },
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", ...args,
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLog = [];
  const record = (p) => {
    p.on("console", (m) => consoleLog.push(`[${m.type()}] ${m.text()}`));
    p.on("pageerror", (e) => consoleLog.push(`[pageerror] ${e.message}`));
  };
  record(page);
  context.on("page", record);
  return {
    context,
    page,
    consoleLog,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `body` with a browser and a server; on failure saves the evidence.
 * Everything is closed afterwards either way.
 */
export async function withBrowser(t, body, options = {}) {
  const browser = await launch(options);
  try {
    await body(browser);
  } catch (error) {
    const dir = path.join(ARTIFACTS, t.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase());
    mkdirSync(dir, { recursive: true });
    await browser.page.screenshot({ path: path.join(dir, "failure.png"), fullPage: true }).catch(() => {});
    writeFileSync(path.join(dir, "console.log"), browser.consoleLog.join("\n"));
    console.error(`evidence saved in ${dir}`);
    throw error;
  } finally {
    await browser.close();
  }
}

/**
 * Starts the real server, then runs `body` with a browser and the server;
 * the server is stopped afterwards either way.
 */
export async function withApp(t, body, { server: serverOptions, browser: browserOptions } = {}) {
  const server = await startServer(serverOptions);
  try {
    await withBrowser(t, (browser) => body({ ...browser, server }), browserOptions);
  } finally {
    await server.stop();
  }
}

/** Waits until the service worker controls the page, so it works offline. */
export async function waitForOfflineReady(page) {
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return Boolean(reg?.active && navigator.serviceWorker.controller);
  }, null, { timeout: 30000 });
}
