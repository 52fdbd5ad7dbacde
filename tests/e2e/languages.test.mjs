// Seven languages: Urdu mirrored with nothing clipped, the language remembered,
// a project that puts Welsh first, self-hosted fonts kept for offline use,
// drafts marked, and survey content falling back visibly to English.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConsentPage } from "./pages/consent.mjs";
import { ProjectPage, SUPPORT } from "./pages/project.mjs";
import { ViewControls } from "./pages/view_controls.mjs";
import { waitForOfflineReady, withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

/** Text elements under <main> whose content is taller than their box. */
function clipped(page) {
  return page.evaluate(() => [...document.querySelectorAll("main h1, main h2, main p, main li, main label, main legend, main button, main a, main span, main summary")]
    .filter((el) => el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 1 && el.textContent.trim())
    .map((el) => `${el.tagName} "${el.textContent.trim().slice(0, 40)}" ${el.scrollHeight}>${el.clientHeight}`));
}

test("in Urdu the page runs right to left, pictures lead on the right, and no glyph is clipped", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Urdu project");
    await project.open(server.url, { templates: [SUPPORT] });
    const controls = new ViewControls(page);
    await controls.choosePresentation("easy-read");
    await project.startSurvey(SUPPORT).click();
    await controls.chooseLanguage("ur");
    assert.equal(await page.evaluate(() => document.documentElement.dir), "rtl");
    // Easy-read briefing: each sentence with its picture on the leading side,
    // which in Urdu is the right.
    const lines = page.locator(".easy-lines").first().locator(".easy-line");
    await visible(lines);
    assert.ok((await lines.count()) >= 5);
    for (let i = 0; i < (await lines.count()); i += 1) {
      const [picture, text] = await Promise.all([
        lines.nth(i).getByRole("img").or(lines.nth(i).locator("img")).first().boundingBox(),
        lines.nth(i).locator("span").first().boundingBox(),
      ]);
      assert.ok(picture.x >= text.x + text.width - 1, `line ${i}: picture at ${picture.x}, text ends at ${text.x + text.width}`);
    }
    assert.deepEqual(await clipped(page), []);
    // The Nastaliq font is the one in use.
    await eventually(async () => assert.ok(await page.evaluate(() => document.fonts.check('16px "Noto Nastaliq Urdu"', "اردو"))));
    const consent = page.getByRole("radio").first();
    await consent.check();
    await page.getByRole("button").filter({ hasText: /\S/ }).last().click();
    await page.getByRole("radio").first().check();
    await page.locator("main button.primary").click();
    await visible(page.locator("progress"));
    assert.deepEqual(await clipped(page), []);
  });
});

test("a project can offer Welsh first, and the choice of language is remembered", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Prosiect Cymraeg");
    await project.open(server.url, { templates: [SUPPORT] });
    await page.getByRole("checkbox", { name: "Cymraeg", exact: true }).check();
    await page.getByRole("combobox", { name: "Language offered first" }).selectOption("cy");
    await project.startSurvey(SUPPORT).click();
    const offered = page.getByRole("main").getByRole("group").first().getByRole("button");
    await eventually(async () => assert.deepEqual(await offered.allTextContents(), ["Cymraeg (Welsh)", "English"]));
    await offered.first().click();
    await page.waitForFunction(() => document.documentElement.lang === "cy");
    // Welsh text, and the draft status shown to the coordinator.
    await visible(page.getByRole("banner").getByText("cyfieithiad drafft").or(page.getByRole("banner").locator(".draft-badge")));
    const consentTitle = await page.getByRole("main").getByRole("heading", { level: 2 }).nth(1).textContent();
    assert.notEqual(consentTitle, "Before you start");

    await page.reload();
    await page.waitForFunction(() => document.documentElement.lang === "cy");
    const controls = new ViewControls(page);
    await controls.open();
    assert.equal(await controls.language.inputValue(), "cy");
  });
});

test("a language's fonts are kept for offline use once it is chosen", async (t) => {
  await withApp(t, async ({ page, server, context }) => {
    const project = new ProjectPage(page);
    await project.open(server.url);
    await waitForOfflineReady(page);
    await new ViewControls(page).chooseLanguage("bn");
    await eventually(async () => {
      const kept = await page.evaluate(async () => (await (await caches.open("heard-fonts-1")).keys()).map((r) => new URL(r.url).pathname));
      assert.ok(kept.some((p) => p.includes("noto-sans-bengali")), `fonts kept: ${kept}`);
    }, 30000);
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.lang === "bn");
    const loaded = await page.evaluate(async () => (await document.fonts.load('16px "Noto Sans Bengali"', "বাংলা")).length);
    assert.ok(loaded > 0, "the Bengali font loaded with no network");
  });
});

test("the builder shows how complete each language is, and missing text shows in English, marked", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Fallback");
    await project.open(server.url, { templates: [] });
    await page.getByRole("checkbox", { name: "Polski", exact: true }).check();
    // Coordinators see which of the app's translations are drafts.
    await page.getByText("Translations of the app", { exact: true }).click();
    await visible(page.getByText("Polski: draft, not yet checked by a fluent speaker"));
    await visible(page.getByText("English: checked by a fluent speaker"));
    await project.openAdd();
    await page.getByRole("button", { name: "Build a new survey", exact: true }).click();
    // A new question is empty, with a hint; its English text is typed.
    await page.getByRole("textbox", { name: "Question 1 text (English)" }).fill("New question");
    const translations = page.getByRole("region", { name: "Translations" });
    await visible(translations.getByText("Polski: 0 of 2 texts translated"));
    // Polish texts are on their own page of the builder.
    await page.getByRole("radio", { name: "Polski", exact: true }).check();
    await page.getByRole("textbox", { name: "Survey title (Polski)" }).fill("Nowa ankieta");
    await visible(translations.getByText("Polski: 1 of 2 texts translated"));
    await visible(translations.getByText("Still in English: Question 1"));
    // Pictures are found by a word in the project's languages too ("kot" is
    // Polish for cat).
    await page.getByRole("radio", { name: "English", exact: true }).check();
    await page.getByRole("searchbox", { name: "Question 1 picture: search by word" }).fill("kot");
    await visible(page.getByRole("button", { name: "Choose picture: cat", exact: true }));
    await page.getByRole("link", { name: "Back to the project", exact: true }).click();
    await project.startSurvey("New survey").click();
    await new ConsentPage(page).agreeAlone();
    await visible(page.getByRole("main").getByText("Question 1 of 1"));
    await new ViewControls(page).chooseLanguage("pl");
    const block = page.locator(".question-block");
    await visible(block);
    assert.equal(await block.getAttribute("lang"), "en");
    assert.equal(await block.locator(".question-text").first().textContent(), "New question");
    const note = block.locator(".fallback-note");
    await visible(note);
    assert.equal(await note.getAttribute("lang"), "pl");
    assert.notEqual((await note.textContent()).trim(), "Not translated yet, shown in English");
  });
});

test("each language's own name is drawn from the app's small font of the names, with its English name beside it", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Names");
    await project.open(server.url, { templates: [SUPPORT] });
    const controls = new ViewControls(page);
    await controls.open();
    const options = await controls.language.locator("option").allTextContents();
    assert.deepEqual(options, ["English", "Cymraeg (Welsh)", "Polski (Polish)", "বাংলা (Bengali)", "اردو (Urdu)", "ਪੰਜਾਬੀ (Punjabi)", "ગુજરાતી (Gujarati)"]);
    // The four scripts beyond Latin each load their face of the names font
    // as the project's language checkboxes show the names.
    await eventually(async () => {
      const loaded = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "Heard language names" && f.status === "loaded").length;
      });
      assert.equal(loaded, 4);
    });
    const font = await page.getByRole("checkbox", { name: "বাংলা", exact: true }).evaluate((box) => getComputedStyle(box.labels[0]).fontFamily);
    assert.match(font, /Heard language names/);
  });
});
