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
    await other.openAdd();
    const picker = page.getByLabel("Import a survey file");
    await picker.setInputFiles(file);
    await visible(page.getByRole("status").filter({ hasText: `Imported “${EXAMPLE}”.` }));
    await other.backFromAdd();
    await visible(other.startSurvey(EXAMPLE));
    await other.openAdd();

    // Each bad file gets plain words: questions named by number and text,
    // sizes in MB, never an id, a field in backticks or a parser position.
    const first = exported.survey.questions[0].text.en;
    const second = exported.survey.questions[1].text.en;
    const bad = [
      ["empty.json", "", /The file is empty\./],
      ["version.json", JSON.stringify({ ...exported, version: 9 }), /made by a newer version of Heard/],
      ["duplicate.json", JSON.stringify({ ...exported, survey: { ...exported.survey, questions: [exported.survey.questions[0], exported.survey.questions[1], exported.survey.questions[0]] } }),
        new RegExp(`Question 3, “${first.replace(/[?.]/g, "\\$&")}”, has the same id as question 1`)],
      ["typo.json", JSON.stringify({ ...exported, survey: { ...exported.survey, questions: [{ ...exported.survey.questions[0] }, { ...exported.survey.questions[1], mandatory: true }] } }),
        new RegExp(`Question 2, “${second.replace(/[?.]/g, "\\$&")}”, has “mandatory”, which survey files do not have\\.`)],
      ["junk.json", "x".repeat(10 * 1024 * 1024), /The file is 10 MB; a survey file can be at most 2 MB\./],
      ["cut.json", JSON.stringify(exported).slice(0, 200), /stops part-way through/],
      ["notjson.json", "{ not json", /broken near line 1/],
    ];
    for (const [name, text, reason] of bad) {
      await picker.setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
      const alert = page.getByRole("alert").filter({ hasText: "This file could not be imported" });
      await eventually(async () => assert.match(await alert.textContent(), reason, name));
      assert.match(await alert.textContent(), /Nothing was changed\.$/);
      assert.doesNotMatch(await alert.textContent(), /`|JSON|column|bytes/, name);
    }
    // None of them added anything, before or after a reload.
    await other.backFromAdd();
    await visible(other.heading);
    assert.equal(await page.getByRole("button", { name: /^Start: / }).count(), 1);
    await page.reload();
    await visible(other.heading);
    assert.equal(await page.getByRole("button", { name: /^Start: / }).count(), 1);

    // The same file again: a second copy, named apart, and said so.
    await other.openAdd();
    await picker.setInputFiles(file);
    await visible(page.getByRole("status").filter({ hasText: `This project already has “${EXAMPLE}”, so the new one is called “${EXAMPLE} (2)”.` }));
    await other.backFromAdd();
    await visible(other.startSurvey(`${EXAMPLE} (2)`));
    // Its export is named after it.
    const again = page.waitForEvent("download");
    await page.getByRole("button", { name: `Export: ${EXAMPLE} (2)`, exact: true }).click();
    assert.equal((await again).suggestedFilename(), "Your-support-a-short-example-survey-(2).heard-survey.json");
    // Archived, it is not offered to start; restored, it is; deleted after a yes, it is gone.
    await page.getByRole("button", { name: `Archive: ${EXAMPLE} (2)`, exact: true }).click();
    const archived = page.getByRole("region", { name: "Archived surveys" });
    await visible(archived.getByRole("button", { name: `Restore: ${EXAMPLE} (2)`, exact: true }));
    assert.equal(await other.startSurvey(`${EXAMPLE} (2)`).count(), 0);
    await archived.getByRole("button", { name: `Restore: ${EXAMPLE} (2)`, exact: true }).click();
    await visible(other.startSurvey(`${EXAMPLE} (2)`));
    await page.getByRole("button", { name: `Archive: ${EXAMPLE} (2)`, exact: true }).click();
    await archived.getByRole("button", { name: `Delete: ${EXAMPLE} (2)`, exact: true }).click();
    await archived.getByRole("button", { name: `Yes, delete “${EXAMPLE} (2)”`, exact: true }).click();
    await visible(page.getByRole("status").filter({ hasText: `“${EXAMPLE} (2)” was deleted.` }));
    await page.reload();
    await visible(other.heading);
    assert.equal(await page.getByRole("button", { name: /^Start: / }).count(), 1);
    assert.equal(await page.getByRole("region", { name: "Archived surveys" }).count(), 0);
  });
});
