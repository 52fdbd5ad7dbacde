// Two devices (two browser profiles) of one project through the real relay:
// the first shares the project and shows a link; the second opens the link,
// joins, and has the project; what either then adds reaches the other within
// seconds, without a reload, and both say they are synced. The link's secret
// leaves the second device's address bar at once.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { launch } from "./support/browser.mjs";
import { startServer } from "./support/server.mjs";
import { visible } from "./support/wait.mjs";

const GUIDE = "Tea and talk: a relaxed chat about your support";
const SYNCED = "Synced with the project's other devices";

test("a second device joins by the invite link and both see each other's changes without a reload", async () => {
  const server = await startServer();
  const first = await launch();
  const second = await launch();
  try {
    const a = new ProjectPage(first.page, "Carers' voices");
    await a.open(server.url, { templates: [] });
    await first.page.getByRole("button", { name: "Share with another device" }).click();
    const link = first.page.getByRole("textbox", { name: "Link for another device" });
    await visible(link);
    const invite = await link.inputValue();
    assert.match(invite, /#join=/, "the secret travels in the fragment");
    assert.ok(invite.startsWith(server.url), `${invite} opens this app`);

    await second.page.goto(invite);
    const b = new ProjectPage(second.page, "Carers' voices");
    const listed = second.page.getByRole("link", { name: "Carers' voices", exact: true });
    await listed.waitFor({ timeout: 20000 });
    assert.ok(!second.page.url().includes("#join="), "the link's secret is out of the address bar");
    await listed.click();
    await visible(b.heading);
    await second.page.getByText(SYNCED).waitFor({ timeout: 20000 });

    // Added on the first device, shown on the second without a reload.
    await a.addTemplate(GUIDE);
    await second.page.getByRole("button", { name: `Start a session: ${GUIDE}` }).waitFor({ timeout: 10000 });

    // And the other way: the second device renames the project.
    const name = second.page.getByRole("textbox", { name: "Project name" });
    await name.fill("Carers' voices, Lewisham");
    await second.page.getByRole("button", { name: "Rename project" }).click();
    await first.page.getByRole("heading", { level: 1, name: "Carers' voices, Lewisham" }).waitFor({ timeout: 10000 });
    await first.page.getByText(SYNCED).waitFor({ timeout: 20000 });
    await second.page.getByText(SYNCED).waitFor({ timeout: 20000 });
  } finally {
    await first.close();
    await second.close();
    await server.stop();
  }
});
