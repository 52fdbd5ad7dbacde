// When the device has no space left a change is refused with a clear warning,
// and it is written, with everything before it, once there is room again.
// (That an already saved answer survives a refused write is shown natively in
// heard-core's documents tests.)
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

const RATING = "How safe do you feel at home?";
const CHOICE = "Which part of the day do you like best?";

test("a full device warns, and the refused changes are written once there is room", async (t) => {
  await withApp(t, async ({ page, context, server }) => {
    const project = new ProjectPage(page);
    const question = new QuestionPage(page);
    // Chromium applies a quota override only to storage opened after it, so
    // the whole visit starts with no room at all.
    const origin = new URL(server.url).origin;
    const cdp = await context.newCDPSession(page);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: 1 });
    await project.open(server.url, { templates: [] });
    const warning = page.getByRole("alert").filter({ hasText: "Not saved: the device is out of space." });
    await visible(warning);

    // With room again, the next change is written with the refused one,
    // and the warning goes.
    await cdp.send("Storage.overrideQuotaForOrigin", { origin });
    await page.getByRole("checkbox", { name: "Cymraeg", exact: true }).check();
    await visible(page.getByText("Saved on this device"));
    assert.equal(await warning.count(), 0, "the warning goes once the write succeeds");
    // Both were written: after a reload the project is there, offering Welsh.
    await page.reload();
    await visible(project.heading);
    assert.equal(await page.getByRole("checkbox", { name: "Cymraeg", exact: true }).isChecked(), true);
    await project.addTemplate("Your support: a short example survey");
    await project.begin();
    await visible(question.progress);
    await question.option(RATING, /^4$/).check();
    await question.next.click();
    await question.option(CHOICE, "Evening").check();
    await visible(question.saved);

    await page.reload();
    await visible(question.progress);
    await eventually(async () => assert.equal(await question.option(CHOICE, "Evening").isChecked(), true));
    await question.back.click();
    await eventually(async () => assert.equal(await question.option(RATING, /^4$/).isChecked(), true));
  });
});
