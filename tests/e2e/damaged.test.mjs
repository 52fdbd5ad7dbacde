// A stored document overwritten with garbage is named in a clear message; every
// other response keeps working and the page does not crash.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

const RATING = "How safe do you feel at home?";

/** Starts a response, answers the first question, returns its document id. */
async function startResponse(page, rating) {
  const project = new ProjectPage(page);
  const question = new QuestionPage(page);
  await project.begin();
  await visible(question.progress);
  await question.option(RATING, new RegExp(`^${rating}`)).check();
  await visible(question.saved);
  const id = new URL(page.url()).pathname.split("/")[2];
  await project.reopen(page.url());
  return id;
}

/** Overwrites every stored chunk of document `id` with junk bytes. */
async function corrupt(page, id) {
  return page.evaluate(async (id) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("heard");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction("chunks", "readwrite");
    const store = tx.objectStore("chunks");
    const keys = await new Promise((resolve) => {
      const req = store.getAllKeys(IDBKeyRange.bound(`${id}/`, `${id}0`, false, true));
      req.onsuccess = () => resolve(req.result);
    });
    for (const key of keys) store.put(new Uint8Array([0x85, 0x6f, 0x4a, 0x83, 1, 2, 3, 0xff]), key);
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    db.close();
    return keys.length;
  }, id);
}

test("a damaged document is named and the others keep working", async (t) => {
  await withApp(t, async ({ page, consoleLog, server }) => {
    const project = new ProjectPage(page);
    const question = new QuestionPage(page);
    await project.open(server.url);
    const damaged = await startResponse(page, 1);
    const healthy = await startResponse(page, 5);
    assert.notEqual(damaged, healthy);
    await eventually(async () => assert.equal(await project.draftLinks().count(), 2));

    assert.ok((await corrupt(page, damaged)) > 0, "the document had stored chunks");
    await page.reload();

    const alert = page.getByRole("alert").filter({ hasText: "Some saved items could not be opened" });
    await visible(alert);
    // Named as its list names it (its survey and when it was started), never
    // by its internal id.
    assert.match(await alert.textContent(), /The response to “Your support: a short example survey” started \d+ \w+ \d{4}, \d\d:\d\d is damaged and cannot be opened/);
    assert.doesNotMatch(await alert.textContent(), new RegExp(damaged.slice(0, 8)));
    assert.doesNotMatch(await alert.textContent(), new RegExp(healthy.slice(0, 8)));
    assert.equal(await alert.getByRole("listitem").count(), 1);
    await eventually(async () => assert.equal(await project.draftLinks().count(), 1));

    // The healthy response opens, shows its answer and takes a change.
    await project.draftLinks().first().click();
    await visible(question.progress);
    assert.equal(new URL(page.url()).pathname.split("/")[2], healthy);
    await eventually(async () => assert.equal(await question.option(RATING, /^5/).isChecked(), true));
    await question.option(RATING, /^3$/).check();
    await visible(question.saved);
    await page.reload();
    await visible(question.progress);
    await eventually(async () => assert.equal(await question.option(RATING, /^3$/).isChecked(), true));

    // Going straight to the damaged one says it cannot be opened.
    await page.goto(new URL(`/responses/${damaged}/1`, server.url).href);
    await visible(page.getByText("This response is not on this device."));
    assert.deepEqual(consoleLog.filter((line) => line.startsWith("[pageerror]")), []);
  });
});
