// Two devices of one project, each a browser profile of its own, for the
// sync specs: the first makes the project and shares it, the second joins
// by the invite link.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { ProjectPage } from "../pages/project.mjs";
import { visible } from "./wait.mjs";

/**
 * Makes project `name` on `first` with `templates`, shares it, and opens
 * the invite link on `second`. Resolves with both devices' project pages,
 * each on the project.
 */
export async function shareAndJoin(server, first, second, name, templates) {
  const a = new ProjectPage(first.page, name);
  await a.open(server.url, { templates });
  await first.page.getByRole("button", { name: "Share with another device" }).click();
  const link = first.page.getByRole("textbox", { name: "Link for another device" });
  await visible(link);
  await second.page.goto(await link.inputValue());
  const listed = second.page.getByRole("link", { name, exact: true });
  await listed.waitFor({ timeout: 20000 });
  await listed.click();
  const b = new ProjectPage(second.page, name);
  await visible(b.heading, 20000);
  return [a, b];
}

/** The app bar's few words on sync. */
export function syncBadge(page, words) {
  return page.locator("header").getByText(words, { exact: true });
}

/** Goes back through the app's history to the project's page. */
export async function backTo(project) {
  for (let i = 0; i < 6 && !(await project.heading.isVisible()); i++) {
    await project.page.goBack();
    await project.page.waitForTimeout(200);
  }
  await visible(project.heading);
}

/** Every byte of the files under `dir` (a relay's data), as Latin-1 text
 * for searching. */
export function filesText(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => path.join(dir, String(name)))
    .filter((file) => statSync(file).isFile())
    .map((file) => readFileSync(file).toString("latin1"))
    .join("\n");
}
