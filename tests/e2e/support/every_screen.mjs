// Makes a project that offers all seven languages, with the easy-read
// template, a response and a tea-and-talk session, and returns the address of
// every screen of the app, so checks can visit each one.
import { ConsentPage } from "../pages/consent.mjs";
import { ProjectPage, SUPPORT } from "../pages/project.mjs";
import { goTo } from "../pages/view_controls.mjs";
import { visible } from "./wait.mjs";

export const GUIDE = "Tea and talk: a relaxed chat about your support";
const NATIVE = ["Cymraeg", "Polski", "বাংলা", "اردو", "ਪੰਜਾਬੀ", "ગુજરાતી"];

export async function everyScreen(page, baseUrl) {
  const project = new ProjectPage(page, "Every screen");
  await project.open(baseUrl, { templates: [] });
  for (const name of NATIVE) await page.getByRole("checkbox", { name, exact: true }).check();
  await project.addTemplate(SUPPORT, GUIDE);
  await visible(project.startSurvey(SUPPORT));
  const projectPath = new URL(page.url()).pathname;

  await project.startSurvey(SUPPORT).click();
  const startPath = new URL(page.url()).pathname;
  await new ConsentPage(page).agreeAlone();
  await visible(page.getByText("Question 1 of 7"));
  const responsePath = new URL(page.url()).pathname.replace(/\/\d+$/, "");
  await page.getByRole("radio", { name: "Happy", exact: true }).check();

  await page.goto(new URL(projectPath, baseUrl).href);
  await page.getByRole("button", { name: `Start a session: ${GUIDE}` }).click();
  await visible(page.getByRole("button", { name: "Add a note" }));
  const sessionPath = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Add a note" }).click();
  await page.keyboard.type("Likes the Tuesday group.");

  const survey = startPath.replace(/\/start$/, "");
  return [
    { name: "projects", path: "/" },
    { name: "project", path: projectPath },
    { name: "builder", path: survey },
    { name: "add", path: `${projectPath}/add` },
    { name: "start", path: startPath },
    ...[1, 2, 3, 4, 5, 6, 7].map((n) => ({ name: `question-${n}`, path: `${responsePath}/${n}` })),
    { name: "review", path: `${responsePath}/review` },
    { name: "thank-you", path: `${projectPath}/thank-you` },
    { name: "session", path: sessionPath },
    { name: "paper", path: `${survey}/paper` },
    { name: "results", path: `${survey}/results` },
    { name: "about-pictures", path: "/about/pictures" },
    { name: "not-found", path: "/no/such/screen" },
  ];
}

/** Moves to the screen at `screenPath` and waits until its heading is drawn, its fonts are in and it has settled. */
export async function showScreen(page, screenPath) {
  await goTo(page, screenPath);
  await page.locator("main h1").first().waitFor({ state: "visible", timeout: 15000 });
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
}
