// Presentation: easy read and large print change what is shown and how big,
// combine, are remembered on the device and are stored with each response.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConsentPage } from "./pages/consent.mjs";
import { EXAMPLE, ProjectPage } from "./pages/project.mjs";
import { ViewControls } from "./pages/view_controls.mjs";
import { withApp } from "./support/browser.mjs";
import { stored } from "./support/storage.mjs";
import { eventually, visible } from "./support/wait.mjs";

/** The presentation stored in the summary index for every response. */
async function storedPresentations(page) {
  const { index } = await stored(page);
  return index.filter(([, s]) => s.type === "response").map(([, s]) => s.presentation);
}

const px = (locator, property) => locator.evaluate((el, p) => parseFloat(getComputedStyle(el)[p]), property);

test("easy read and large print change the questions and are stored with the response", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page);
    await project.open(server.url);
    const controls = new ViewControls(page);
    await controls.open();
    await page.getByRole("banner").getByRole("button", { name: "Easy read", exact: true }).click();
    assert.equal(await page.getByRole("banner").getByRole("button", { name: "Easy read", exact: true }).getAttribute("aria-pressed"), "true");
    await project.startSurvey(EXAMPLE).click();
    // Easy-read briefing: short sentences, a picture beside each, a glossary.
    await visible(page.getByText("You can stop at any time."));
    assert.equal(await page.locator(".easy-lines").first().locator(".easy-line > img.picture").count(), 5);
    await visible(page.getByText("Hard words"));
    await new ConsentPage(page).agreeAlone();

    // A 0-5 rating keeps its six points in easy read, each with a picture.
    await visible(page.getByRole("main").getByText("Question 1 of 3"));
    await visible(page.getByRole("radio", { name: "5 – very safe", exact: true }));
    assert.equal(await page.getByRole("radio").count(), 6);
    assert.equal(await page.getByRole("radio", { name: "Happy", exact: true }).count(), 0);
    const body = page.locator("main p").first();
    assert.ok(await px(body, "fontSize") >= 21, "easy-read text is at least 21 px");
    assert.equal(await body.evaluate((el) => getComputedStyle(el).fontStyle), "normal");
    await page.getByRole("radio", { name: "4", exact: true }).check();

    // Large print on top, while answering: bigger text, taller lines.
    await controls.open();
    await page.getByRole("banner").getByRole("button", { name: "Large print", exact: true }).click();
    await visible(page.getByRole("radio", { name: "4", exact: true }));
    assert.ok(await px(page.locator("main p").first(), "fontSize") >= 24);
    const legend = page.locator("main .question-text").first();
    assert.ok(await px(legend, "lineHeight") >= 1.5 * (await px(legend, "fontSize")) - 0.5);
    await eventually(async () => assert.deepEqual(await storedPresentations(page), [{ easy_read: true, large_print: true }]));

    // Remembered on this device.
    await page.reload();
    await visible(page.getByRole("radio", { name: "4", exact: true }));
    assert.deepEqual(await page.evaluate(() => [...document.documentElement.classList].sort()), ["easy-read", "large-print"]);

    // Back to standard: the same scale, the same answer, no pictures.
    await controls.choosePresentation("standard");
    await eventually(async () => assert.equal(await page.getByRole("radio", { name: "4", exact: true }).isChecked(), true));
    assert.equal(await page.locator("main svg.rating-picture").count(), 0);
  });
});
