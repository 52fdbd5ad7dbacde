// Survey files: a survey exported from one project imports into another as a
// whole; a bad file is refused with a message naming the problem, and the
// project is left as it was.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { EXAMPLE, ProjectPage } from "./pages/project.mjs";
import { withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

test("a survey file round-trips and a bad file changes nothing", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Export from here");
    await project.open(server.url, { templates: [EXAMPLE] });
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: `Export: ${EXAMPLE}`, exact: true }).click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, "utf8"));
    assert.equal(exported.format, "heard-survey");
    assert.equal(exported.version, 1);
    assert.equal(exported.survey.title.en, EXAMPLE);
    assert.equal(exported.survey.questions.length, 3);

    const other = new ProjectPage(page, "Import into here");
    await page.goto(server.url);
    await page.getByRole("textbox", { name: "Project name" }).fill(other.name);
    await page.getByRole("button", { name: "Create project" }).click();
    await visible(other.heading);
    const picker = page.getByLabel("Import a survey file");
    await picker.setInputFiles(file);
    await visible(page.getByRole("status").filter({ hasText: `Imported “${EXAMPLE}”.` }));
    await visible(other.startSurvey(EXAMPLE));

    const bad = [
      ["version.json", JSON.stringify({ ...exported, version: 9 }), /version 9/],
      ["duplicate.json", JSON.stringify({ ...exported, survey: { ...exported.survey, questions: [exported.survey.questions[0], exported.survey.questions[0]] } }), /two questions have the id "feel-safe"/],
      ["junk.json", "x".repeat(10 * 1024 * 1024), /is 10485760 bytes; a survey file is at most/],
      ["notjson.json", "{ not json", /line 1/],
    ];
    for (const [name, text, reason] of bad) {
      await picker.setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
      const alert = page.getByRole("alert").filter({ hasText: "This file could not be imported" });
      await eventually(async () => assert.match(await alert.textContent(), reason, name));
      assert.match(await alert.textContent(), /Nothing was changed\.$/);
      assert.equal(await page.getByRole("button", { name: /^Start: / }).count(), 1, `${name} added nothing`);
    }
    await page.reload();
    await visible(other.heading);
    assert.equal(await page.getByRole("button", { name: /^Start: / }).count(), 1);
  });
});
