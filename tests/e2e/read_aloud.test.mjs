// Read aloud. Headless Chromium has no voices, so a stand-in for
// speechSynthesis (installed before the app starts) records what would be
// spoken, in which language and with which voice. It has Bengali and Welsh
// voices and no Gujarati one, and, like Chromium, lists them only a moment
// after a page first asks (announcing them with "voiceschanged").
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConsentPage } from "./pages/consent.mjs";
import { ProjectPage, SUPPORT } from "./pages/project.mjs";
import { ViewControls } from "./pages/view_controls.mjs";
import { withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

function standIn() {
  const voices = [
    { name: "Welsh (device)", lang: "cy-GB", localService: true, default: false, voiceURI: "cy" },
    { name: "Bangla (online)", lang: "bn-IN", localService: false, default: false, voiceURI: "bn-online" },
    { name: "Bangla (device)", lang: "bn-BD", localService: true, default: false, voiceURI: "bn" },
    { name: "English (device)", lang: "en-GB", localService: true, default: true, voiceURI: "en" },
  ];
  window.__spoken = [];
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; }
  };
  let listed = false;
  const synth = {
    onvoiceschanged: null,
    getVoices: () => {
      if (!window.__voicesAsked) {
        window.__voicesAsked = true;
        setTimeout(() => { listed = true; synth.onvoiceschanged?.(new Event("voiceschanged")); }, 300);
      }
      return listed ? voices : [];
    },
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }),
    cancel: () => {},
  };
  Object.defineProperty(window, "speechSynthesis", { configurable: true, value: synth });
}

test("read aloud speaks each question in its own language, and never in another", async (t) => {
  await withApp(t, async ({ page, server, context }) => {
    await context.addInitScript(standIn);
    const project = new ProjectPage(page, "Read aloud");
    await project.open(server.url, { templates: [] });
    for (const name of ["বাংলা", "Cymraeg", "ગુજરાતી"]) await page.getByRole("checkbox", { name, exact: true }).check();
    await project.addTemplate(SUPPORT);
    await project.startSurvey(SUPPORT).click();
    await new ConsentPage(page).agreeAlone();
    await visible(page.getByText("Question 1 of 7"));
    const controls = new ViewControls(page);
    const spoken = () => page.evaluate(() => window.__spoken);
    const questionText = () => page.locator("main legend").first().textContent();
    const speaker = page.locator(".question-body > .speaker button");

    await controls.chooseLanguage("bn");
    const bengali = (await questionText()).trim();
    assert.match(bengali, /[\u0980-\u09FF]/, "the question is in Bengali");
    // The first tap finds no voices listed yet, and waits for them.
    assert.equal(await page.evaluate(() => window.__voicesAsked ?? false), false);
    await speaker.click();
    await eventually(async () => assert.deepEqual((await spoken()).at(-1), { text: bengali, lang: "bn-BD", voice: "Bangla (device)" }));

    await controls.chooseLanguage("cy");
    const welsh = (await questionText()).trim();
    assert.notEqual(welsh, "How do you feel about your support?");
    await speaker.click();
    await eventually(async () => assert.deepEqual((await spoken()).at(-1), { text: welsh, lang: "cy-GB", voice: "Welsh (device)" }));
    // Each choice has its own speaker too.
    assert.ok((await page.locator(".option .speaker button").count()) >= 4);

    await controls.chooseLanguage("gu");
    const before = (await spoken()).length;
    await speaker.click();
    await visible(page.locator(".question-body > .speaker [role=status]").filter({ hasText: "ગુજરાતી" }));
    assert.equal((await spoken()).length, before, "nothing read with a voice of another language");
  });
});
