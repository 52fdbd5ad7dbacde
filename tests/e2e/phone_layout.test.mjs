// On a 320 and a 360 px phone, in all seven languages and in standard, easy
// read, large print and both: no word on an answering screen or in the
// builder is split across lines (the client rects of every word of every
// text are on one line), no text runs past its box, and nothing scrolls
// sideways. Screenshots of every answering screen at 360 px are saved.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { LANGUAGES, ViewControls } from "./pages/view_controls.mjs";
import { ARTIFACTS, withApp } from "./support/browser.mjs";
import { everyScreen, showScreen } from "./support/every_screen.mjs";
import { visible } from "./support/wait.mjs";

const PRESENTATIONS = ["standard", "easy-read", "large-print", "easy-read+large-print"];
const ANSWERING = ["start", ...[1, 2, 3, 4, 5, 6, 7].map((n) => `question-${n}`), "review", "thank-you"];
const WIDTHS = [320, 360];

/** A language's catalog, to find the start screen's buttons by their names in it. */
const catalog = (tag) => JSON.parse(readFileSync(path.resolve(`app/core/locales/${tag}.json`), "utf8")).messages;


/** What is wrong with the words on screen: split words, text past its box, sideways scrolling. */
function layoutProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    const segmenter = new Intl.Segmenter(root.lang || "en", { granularity: "word" });
    const range = document.createRange();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.data.trim()) continue;
      // Not drawn: hidden, inside a select or a text box, or only for screen readers.
      if (parent.closest("select, textarea, script, style, .visually-hidden, .skip-link, [hidden]")) continue;
      if (parent.getClientRects().length === 0) continue;
      // The box the words are laid out in: the nearest element that is
      // not itself a run of text.
      let holder = parent;
      while (holder.parentElement && getComputedStyle(holder).display === "inline") holder = holder.parentElement;
      const box = holder.getBoundingClientRect();
      for (const { segment, index, isWordLike } of segmenter.segment(node.data)) {
        if (!isWordLike) continue;
        range.setStart(node, index);
        range.setEnd(node, index + segment.length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        if (rects.length === 0) continue;
        const lines = new Set(rects.map((r) => Math.round(r.bottom / 4)));
        // A word's glyphs may give several rects on one line; a split word
        // has rects whose lines differ by more than a few pixels.
        const bottoms = rects.map((r) => r.bottom);
        if (lines.size > 1 && Math.max(...bottoms) - Math.min(...bottoms) > 8) {
          out.push(`"${segment}" is split across lines in "${node.data.trim().slice(0, 40)}"`);
        }
        const r = range.getBoundingClientRect();
        if (r.right > box.right + 1 || r.left < box.left - 1) {
          out.push(`"${segment}" runs past its box (${holder.tagName.toLowerCase()}.${holder.className})`);
        }
        if (r.right > root.clientWidth + 1 || r.left < -1) out.push(`"${segment}" is off the screen`);
      }
    }
    return [...new Set(out)];
  });
}

test("no word is split and no text runs past its box at 320 and 360 px, in every language and presentation", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const screens = (await everyScreen(page, server.url)).filter((s) => ANSWERING.includes(s.name) || s.name === "builder");
    const controls = new ViewControls(page);
    const shots = path.join(ARTIFACTS, "phone");
    mkdirSync(shots, { recursive: true });
    const problems = [];
    let checked = 0;
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 740 });
      for (const tag of LANGUAGES) {
        await controls.chooseLanguage(tag);
        for (const presentation of PRESENTATIONS) {
          await controls.choosePresentation(presentation);
          for (const screen of screens) {
            await showScreen(page, screen.path);
            for (const p of await layoutProblems(page)) problems.push(`${width}px ${tag} ${presentation} ${screen.name}: ${p}`);
            checked += 1;
            if (width === 360 && screen.name !== "builder") {
              await page.screenshot({ path: path.join(shots, `${tag}-${presentation}-${screen.name}.png`), fullPage: true });
            }
            // The start screen's second step, "who is answering".
            if (screen.name === "start") {
              const words = catalog(tag);
              await page.getByRole("radio", { name: words.consent_yes, exact: true }).check();
              await page.getByRole("button", { name: words.consent_continue, exact: true }).click();
              await page.getByRole("group", { name: words.mode_title }).waitFor();
              for (const p of await layoutProblems(page)) problems.push(`${width}px ${tag} ${presentation} who-is-answering: ${p}`);
              checked += 1;
              if (width === 360) {
                await page.screenshot({ path: path.join(shots, `${tag}-${presentation}-who-is-answering.png`), fullPage: true });
              }
            }
          }
        }
      }
    }
    // Read aloud with no voice for the language (headless Chromium has
    // none) says so below its button, never squeezing the words beside it.
    await page.setViewportSize({ width: 320, height: 740 });
    await controls.chooseLanguage("en");
    await controls.choosePresentation("easy-read+large-print");
    await showScreen(page, screens.find((s) => s.name === "thank-you").path);
    await page.getByRole("main").getByRole("button", { name: /^Read aloud/ }).first().click();
    await visible(page.getByText(/has no voice for/), 30000);
    for (const p of await layoutProblems(page)) problems.push(`320px no voice thank-you: ${p}`);
    console.log(`# layout checked on ${screens.length + 1} screens (the start screen's two steps) x ${LANGUAGES.length} languages x ${PRESENTATIONS.length} presentations x ${WIDTHS.length} widths = ${checked}`);
    console.log(`# screenshots saved in ${shots}`);
    assert.deepEqual(problems.slice(0, 60), [], `${problems.length} problems`);
  });
});
