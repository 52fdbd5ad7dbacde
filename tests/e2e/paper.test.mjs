// Paper: a printable form for any survey, and its answers typed in later as a
// response whose mode is "paper".
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConsentPage } from "./pages/consent.mjs";
import { ProjectPage, SUPPORT } from "./pages/project.mjs";
import { ViewControls } from "./pages/view_controls.mjs";
import { withApp } from "./support/browser.mjs";
import { visible } from "./support/wait.mjs";

test("a survey prints as a paper form and a returned form is typed in as a paper response", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Paper project");
    await project.open(server.url, { templates: [SUPPORT] });
    await page.getByRole("listitem").filter({ hasText: SUPPORT }).getByRole("link", { name: "Paper copy to print" }).click();
    await visible(page.getByRole("heading", { level: 1, name: SUPPORT }));
    const questions = page.locator(".paper-question");
    assert.equal(await questions.count(), 7);
    await visible(page.getByText("Tick all that apply.").first());

    // Printed: only the form, no app bar or buttons.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.getByRole("banner").isVisible(), false);
    assert.equal(await page.getByRole("button", { name: "Print" }).isVisible(), false);
    assert.equal(await questions.first().isVisible(), true);
    // Easy read and large print print too.
    await page.emulateMedia({ media: "screen" });
    await new ViewControls(page).choosePresentation("easy-read+large-print");
    assert.ok(parseFloat(await questions.first().evaluate((el) => getComputedStyle(el).fontSize)) >= 24);
    assert.ok((await questions.locator("img").count()) >= 7, "a picture beside each easy-read question");
    await new ViewControls(page).choosePresentation("standard");

    await page.getByRole("link", { name: "Type in a paper form" }).click();
    const consent = new ConsentPage(page);
    await visible(consent.heading);
    await consent.consent.getByRole("radio", { name: "Yes, I want to take part" }).check();
    await consent.continue.click();
    await consent.mode.getByRole("radio", { name: "Typed in from a paper form" }).check();
    await consent.startQuestions.click();
    await page.getByRole("radio", { name: "Happy", exact: true }).check();
    // The consent screen came by a page load from the paper copy (the
    // coordinator's module), so its document worker has only just started:
    // the address is typed in once the response is saved, not before.
    await visible(page.getByText("Saved on this device"));
    await page.goto(new URL(page.url().replace(/\/\d+$/, "/review")).href);
    await visible(page.getByText("Typed in from a paper form"));
  });
});
