// The controls one tap away, in the app bar: a button that opens the
// language and how the questions look. Their names change with the
// language, so outside English they are found by role and position within
// the app bar.
import { axe } from "../support/axe.mjs";
import { visible } from "../support/wait.mjs";

export const LANGUAGES = ["en", "cy", "pl", "bn", "ur", "pa", "gu"];
export const PRESENTATIONS = ["standard", "easy-read", "large-print"];

export class ViewControls {
  constructor(page) {
    this.page = page;
    this.banner = page.getByRole("banner");
    this.toggle = this.banner.locator("button[aria-expanded]");
    this.language = this.banner.getByRole("combobox");
    this.presentation = this.banner.getByRole("group");
  }

  /** Opens the panel, when it is closed. */
  async open() {
    await visible(this.toggle);
    if ((await this.toggle.getAttribute("aria-expanded")) !== "true") await this.toggle.click();
    await visible(this.language);
  }

  /** Chooses a language and waits until the page is in it. */
  async chooseLanguage(tag) {
    await this.open();
    await this.language.selectOption(tag);
    await this.page.waitForFunction((t) => document.documentElement.lang === t, tag);
  }

  /** Standard, easy read, large print, or both ("easy-read+large-print"). */
  async choosePresentation(name) {
    await this.open();
    const [standard, easy, large] = [0, 1, 2].map((i) => this.presentation.getByRole("button").nth(i));
    await visible(standard);
    await standard.click();
    if (name.includes("easy-read")) await easy.click();
    if (name.includes("large-print")) await large.click();
    await this.page.waitForFunction((n) => {
      const c = document.documentElement.classList;
      return c.contains("easy-read") === n.includes("easy-read") && c.contains("large-print") === n.includes("large-print");
    }, name);
  }
}

/** Moves within the app without reloading it (as its own links do). */
export async function goTo(page, path) {
  await page.evaluate((p) => {
    history.pushState(null, "", p);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

/**
 * Axe's problems on the screen as it is, in every language and every
 * presentation, each named by them: `ready` is awaited after each change,
 * and `eachLanguage(tag)` runs once per language. Ends in English, standard.
 */
export async function problemsInEveryView(page, { ready, eachLanguage = async () => {} }) {
  const controls = new ViewControls(page);
  const problems = [];
  for (const tag of LANGUAGES) {
    await controls.chooseLanguage(tag);
    await eachLanguage(tag);
    for (const presentation of PRESENTATIONS) {
      await controls.choosePresentation(presentation);
      await ready();
      for (const v of await axe(page)) problems.push(`${tag} ${presentation}: ${v}`);
    }
  }
  await controls.chooseLanguage("en");
  await controls.choosePresentation(PRESENTATIONS[0]);
  return problems;
}
