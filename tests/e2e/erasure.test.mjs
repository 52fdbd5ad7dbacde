// A person withdraws: their response is deleted from the device for good,
// after a confirmation, and the others stay.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { ReviewPage } from "./pages/review.mjs";
import { withApp } from "./support/browser.mjs";
import { stored } from "./support/storage.mjs";
import { eventually, visible } from "./support/wait.mjs";

const RATING = "How safe do you feel at home?";

/** Every stored chunk key, and every index key that holds content (an
 * erased document keeps only a tombstone, `{"type": "erased"}`, so that a copy
 * from another device never brings it back). */
async function storedKeys(page) {
  const { chunks, index } = await stored(page);
  const content = index.filter(([, summary]) => summary.type !== "erased");
  return [...chunks, ...content.map(([id]) => id)];
}

async function tombstone(page, id) {
  const { index } = await stored(page);
  return index.find(([key]) => key === id)?.[1];
}

test("a withdrawn response is deleted for good", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page);
    const question = new QuestionPage(page);
    await project.open(server.url);
    const ids = [];
    for (const rating of ["1", "2"]) {
      await project.begin();
      await question.option(RATING, new RegExp(`^${rating}`)).check();
      await visible(question.saved);
      ids.push(new URL(page.url()).pathname.split("/")[2]);
      await project.reopen(server.url);
    }
    await eventually(async () => assert.equal(await project.draftLinks().count(), 2));
    const [gone, kept] = ids;

    await page.goto(new URL(`/responses/${gone}/review`, server.url).href);
    const review = new ReviewPage(page);
    await visible(review.heading);
    await page.getByRole("button", { name: "Delete this response" }).click();
    const confirm = page.getByRole("alertdialog");
    await visible(confirm);
    await confirm.getByRole("button", { name: "No, keep it" }).click();
    assert.equal(await confirm.count(), 0);
    await page.getByRole("button", { name: "Delete this response" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Yes, delete it for good" }).click();

    await visible(project.heading);
    await eventually(async () => assert.equal(await project.draftLinks().count(), 1));
    await eventually(async () => {
      const keys = await storedKeys(page);
      assert.equal(keys.filter((k) => k.startsWith(gone)).length, 0, `left behind: ${keys}`);
      assert.ok(keys.some((k) => k.startsWith(kept)));
      assert.deepEqual(await tombstone(page, gone), { type: "erased" });
    });
    await page.reload();
    await visible(project.heading);
    await eventually(async () => assert.equal(await project.draftLinks().count(), 1));
    await page.goto(new URL(`/responses/${gone}/1`, server.url).href);
    await visible(page.getByText("This response is not on this device."));
  });
});
