// The accessibility bar, checked in real Chromium: axe-core (WCAG 2.0, 2.1 and
// 2.2 A and AA, with the target-size rule switched on) over every screen, in
// all seven languages and in standard, easy-read and large-print presentation;
// no sideways scrolling at 320 px; every control at least 44 x 44 px.
// Screenshots of the main screens are saved for people to look at. A question
// can be answered with the keyboard alone, with focus always visible.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { LANGUAGES, PRESENTATIONS, ViewControls } from "./pages/view_controls.mjs";
import { ARTIFACTS, withApp } from "./support/browser.mjs";
import { axe } from "./support/axe.mjs";
import { everyScreen, showScreen } from "./support/every_screen.mjs";
import { visible } from "./support/wait.mjs";

const SCREENSHOT_SCREENS = ["projects", "project", "start", "question-1", "question-4", "review", "session", "paper"];

test("every screen passes axe in seven languages and three presentations", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const screens = await everyScreen(page, server.url);
    const controls = new ViewControls(page);
    const shots = path.join(ARTIFACTS, "screens");
    mkdirSync(shots, { recursive: true });
    const problems = [];
    let checked = 0;
    for (const tag of LANGUAGES) {
      await controls.chooseLanguage(tag);
      for (const presentation of PRESENTATIONS) {
        await controls.choosePresentation(presentation);
        for (const screen of screens) {
          await showScreen(page, screen.path);
          for (const v of await axe(page)) problems.push(`${tag} ${presentation} ${screen.name}: ${v}`);
          checked += 1;
          if (SCREENSHOT_SCREENS.includes(screen.name)) {
            await page.screenshot({ path: path.join(shots, `${tag}-${presentation}-${screen.name}.png`), fullPage: true });
          }
        }
      }
    }
    console.log(`axe checked ${screens.length} screens x ${LANGUAGES.length} languages x ${PRESENTATIONS.length} presentations = ${checked}`);
    console.log(`screenshots saved in ${shots}`);
    assert.deepEqual(problems, []);
  });
});

test("at 320 px no screen scrolls sideways and every control is at least 44 x 44 px", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const screens = await everyScreen(page, server.url);
    const controls = new ViewControls(page);
    // 320 px is also what a 1280 px window shows at 400% zoom.
    await page.setViewportSize({ width: 320, height: 640 });
    const problems = [];
    for (const [tag, presentation] of [["en", "standard"], ["ur", "large-print"], ["cy", "easy-read+large-print"]]) {
      await controls.chooseLanguage(tag);
      await controls.choosePresentation(presentation);
      for (const screen of screens) {
        await showScreen(page, screen.path);
        const found = await page.evaluate(() => {
          const out = [];
          const root = document.documentElement;
          if (root.scrollWidth > root.clientWidth) out.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
          const controls = document.querySelectorAll("button, a[href], select, summary, input:not([type=radio]):not([type=checkbox]), textarea, .option label, .check label");
          for (const el of controls) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue; // not shown
            if (el.closest(".skip-link")) continue; // shown only on focus
            // A link within a sentence is exempt (WCAG 2.5.8, "inline").
            if (el.tagName === "A" && el.parentElement.tagName === "P" && el.parentElement.textContent.trim() !== el.textContent.trim()) continue;
            if (r.width < 44 || r.height < 44) out.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" is ${Math.round(r.width)}x${Math.round(r.height)}`);
          }
          // Each tick box sits inside its own label, even when the option's
          // speaker has wrapped below it.
          for (const box of document.querySelectorAll(".option input")) {
            const b = box.getBoundingClientRect();
            const l = box.labels?.[0]?.getBoundingClientRect();
            if (b.width === 0 || !l) continue;
            if (b.top < l.top || b.bottom > l.bottom || b.left < l.left || b.right > l.right) {
              out.push(`the box of "${box.labels[0].textContent.trim().slice(0, 30)}" is outside its label`);
            }
          }
          return out;
        });
        for (const p of found) problems.push(`${tag} ${presentation} ${screen.name}: ${p}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

test("a question is answered and left with the keyboard alone, focus always visible", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page);
    await project.open(server.url);
    await project.begin();
    const question = new QuestionPage(page);
    await visible(question.progress);
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el.matches("input") && el.nextElementSibling ? el.nextElementSibling : el);
      return { tag: el.tagName, type: el.type, name: el.getAttribute("aria-label") || el.labels?.[0]?.textContent || el.textContent, ring: style.outlineStyle !== "none" };
    });
    // Tab to the first answer, choose it with the arrow keys and space.
    let now = await focused();
    for (let i = 0; i < 40 && now.type !== "radio"; i += 1) {
      await page.keyboard.press("Tab");
      now = await focused();
      if (now.tag !== "BODY") assert.ok(now.ring, `focus on ${now.tag} "${now.name}" is visible`);
    }
    assert.equal(now.type, "radio");
    await page.keyboard.press("Space");
    await visible(question.saved);
    // On to "Next" and press Enter.
    for (let i = 0; i < 40 && !(now.tag === "BUTTON" && now.name.trim() === "Next"); i += 1) {
      await page.keyboard.press("Tab");
      now = await focused();
      assert.ok(now.ring, `focus on ${now.tag} "${now.name}" is visible`);
    }
    await page.keyboard.press("Enter");
    await visible(page.getByRole("main").getByText("Question 2 of 3"));
  });
});
