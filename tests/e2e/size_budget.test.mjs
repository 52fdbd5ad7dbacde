// Size budget: everything the first screen transfers (HTML, JS, wasm, CSS and
// fonts, as served, brotli) stays within 400 KB. The document worker (automerge) loads
// after the first screen and is reported separately.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { withApp } from "./support/browser.mjs";
import { firstScreenFiles } from "./support/first_screen.mjs";

const BUDGET = 400_000;

test("the first screen transfers at most 400 KB", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page);
    await project.open(server.url);
    const entries = await firstScreenFiles(page);
    const total = entries.reduce((sum, e) => sum + e.bytes, 0);
    for (const e of entries) console.log(`  ${String(e.bytes).padStart(8)} B  ${e.name}`);
    console.log(`first screen transfer: ${total} bytes (budget ${BUDGET})`);
    assert.ok(entries.some((e) => e.name.endsWith(".wasm") && e.bytes > 10_000), "the app's wasm was measured");
    assert.ok(entries.some((e) => e.name.endsWith(".css")), "the stylesheet was measured");
    assert.ok(total <= BUDGET, `first screen transfers ${total} bytes, over the ${BUDGET} byte budget`);
  });
});
