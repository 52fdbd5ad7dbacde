// The coordinator's screens are a second wasm module, and a survey's results
// a third, each loaded by a page load the first time one opens. Offline after
// the first visit, the builder and the results still open, because the
// service worker precached both modules at install. And a
// question typed in the builder and followed at once by "back" (a page load to
// the first module) is neither lost nor undone, after the move or a reload.
import assert from "node:assert/strict";
import { test } from "node:test";

import { BuilderPage } from "./pages/builder.mjs";
import { EXAMPLE, ProjectPage } from "./pages/project.mjs";
import { waitForOfflineReady, withApp } from "./support/browser.mjs";
import { moduleLoaded } from "./support/module_files.mjs";
import { visible } from "./support/wait.mjs";

const coordinatorModuleLoads = (page) => moduleLoaded(page, "heard_coordinator");
const resultsModuleLoads = (page) => moduleLoaded(page, "heard_results");

test("offline, the builder and the results open for the first time from their precached modules", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page);
    await project.open(server.url);
    await waitForOfflineReady(page);
    assert.equal(await coordinatorModuleLoads(page), false, "the first screen did not load the coordinator's module");
    assert.equal(await resultsModuleLoads(page), false, "the first screen did not load the results module");

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

    // The results, from the third module, still offline.
    await page.getByRole("link", { name: `Results: ${EXAMPLE}`, exact: true }).click();
    await visible(page.getByRole("heading", { level: 1, name: `Results: ${EXAMPLE}` }));
    assert.equal(await resultsModuleLoads(page), true, "the results came from the results module");
    assert.equal(await coordinatorModuleLoads(page), false, "the results did not load the coordinator's module");
    await page.getByRole("link", { name: "Back to the project", exact: true }).click();
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
