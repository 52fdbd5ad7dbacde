// The coordinator's screens are a second wasm module, loaded by a page load
// the first time one opens. Offline after the first visit, the builder still
// opens, because the service worker precached that module at install. And a
// question typed in the builder and followed at once by "back" (a page load to
// the first module) is neither lost nor undone, after the move or a reload.
import assert from "node:assert/strict";
import { test } from "node:test";

import { BuilderPage } from "./pages/builder.mjs";
import { EXAMPLE, ProjectPage } from "./pages/project.mjs";
import { waitForOfflineReady, withApp } from "./support/browser.mjs";
import { visible } from "./support/wait.mjs";

const coordinatorModuleLoads = (page) =>
  page.evaluate(() => performance.getEntriesByType("resource")
    .some((e) => /^\/heard_coordinator_bg-[0-9a-f]+\.wasm$/.test(new URL(e.name).pathname)));

test("offline, the builder opens for the first time from the precached coordinator module", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page);
    await project.open(server.url);
    await waitForOfflineReady(page);
    assert.equal(await coordinatorModuleLoads(page), false, "the first screen did not load the coordinator's module");

    await server.stop();
    await page.reload();
    await visible(project.heading);
    await project.editSurvey(EXAMPLE).click();
    const builder = new BuilderPage(page);
    await visible(builder.heading);
    assert.equal(await coordinatorModuleLoads(page), true, "the builder came from the coordinator's module");
    assert.equal(await builder.textbox("Survey title (English)").inputValue(), EXAMPLE);

    // And back to the first module, still offline.
    await builder.back.click();
    await visible(project.heading);
    await visible(project.start);
  });
});

test("a question typed in the builder and followed at once by back is kept", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page);
    await project.open(server.url);
    await project.editSurvey(EXAMPLE).click();
    const builder = new BuilderPage(page);
    await visible(builder.heading);
    const text = builder.textbox("Question 1 text (English)");
    const typed = "How was your week at the day centre, in your own words?";
    await text.fill("");
    // Key by key, each a save, with no pause before leaving.
    await text.pressSequentially(typed);
    await builder.back.click();

    await visible(project.heading);
    await project.editSurvey(EXAMPLE).click();
    await visible(builder.heading);
    assert.equal(await text.inputValue(), typed, "kept across the page load");

    await page.reload();
    await visible(builder.heading);
    assert.equal(await text.inputValue(), typed, "kept after a reload");
  });
});
