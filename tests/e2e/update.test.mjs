// A new version is offered, never forced: the page does not reload under
// someone mid-answer, and updates only when they tap "Update now".
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { startServer } from "./support/server.mjs";
import { waitForOfflineReady, withBrowser } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

const TEXT = "If you could change one thing about your support, what would it be?";

test("a new version waits for the person to choose it", async (t) => {
  // Serve a copy of the build, so a "new version" can be made by editing it.
  const dist = mkdtempSync(path.join(tmpdir(), "heard-dist-"));
  cpSync(process.env.HEARD_DIST ?? "dist", dist, { recursive: true });
  rmSync(path.join(dist, "sw.js.br"));
  rmSync(path.join(dist, "sw.js.gz"));
  const server = await startServer({ dist });
  try {
    await withBrowser(t, async ({ page }) => {
      const project = new ProjectPage(page);
      const question = new QuestionPage(page);
      await project.open(server.url);
      await waitForOfflineReady(page);
      await project.begin();
      await question.next.click();
      await question.next.click();
      await question.textbox(TEXT).fill("Half-way through a sentence");
      await visible(question.saved);
      await page.evaluate(() => { window.stillTheSamePage = true; });

      const sw = path.join(dist, "sw.js");
      writeFileSync(sw, readFileSync(sw, "utf8").replace(/const VERSION = "([^"]+)"/, 'const VERSION = "$1-next"'));
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());

      const notice = page.getByRole("status").filter({ hasText: "A new version of the app is ready." });
      await visible(notice, 30000);
      assert.equal(await page.evaluate(() => window.stillTheSamePage), true, "the page reloaded by itself");
      assert.equal(await question.textbox(TEXT).inputValue(), "Half-way through a sentence");

      await notice.getByRole("button", { name: "Update now" }).click();
      await eventually(async () => assert.equal(await page.evaluate(() => window.stillTheSamePage), undefined));
      await visible(question.progress);
      assert.equal(await question.textbox(TEXT).inputValue(), "Half-way through a sentence");
      assert.equal(await notice.count(), 0);
      const version = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).active.scriptURL);
      assert.match(version, /sw\.js$/);
      const cacheNames = await page.evaluate(() => caches.keys());
      assert.equal(cacheNames.filter((n) => n.endsWith("-next")).length, 1, `caches: ${cacheNames}`);
      // Pictures and fonts are kept across versions; the old build is not.
      assert.equal(cacheNames.filter((n) => n.startsWith("heard-app-")).length, 1, `the old version's cache is gone: ${cacheNames}`);
    });
  } finally {
    await server.stop();
    rmSync(dist, { recursive: true, force: true });
  }
});
