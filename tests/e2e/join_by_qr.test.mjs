// Joining by QR code: the first device shares a project and shows its invite
// as a QR code; the test reads the code's modules from that page and makes
// them the second device's camera (a Y4M file Chromium plays as a fake
// camera). The second device opens "Join a project", scans, and ends with
// the project listed and synced through the real relay. Headless Chromium on Linux has no
// BarcodeDetector, so the frames are read by the app's own wasm decoder.
// Also: the same code in right-to-left and large print on a 360 px screen;
// joining by a pasted link, and bad pastes named in plain words; a QR code
// that is not an invite; the camera stopped when asked; no camera; the
// camera permission refused; axe, 44 px targets and no sideways scrolling on
// these screens at 360 px, in Urdu and large print too.
import assert from "node:assert/strict";
import { test } from "node:test";

import { InvitePage } from "./pages/invite.mjs";
import { JoinPage } from "./pages/join.mjs";
import { ProjectPage } from "./pages/project.mjs";
import { ViewControls } from "./pages/view_controls.mjs";
import { axe } from "./support/axe.mjs";
import { launch } from "./support/browser.mjs";
import { fakeCameraShowing, withQuietZone } from "./support/fake_camera.mjs";
import { startServer } from "./support/server.mjs";
import { eventually, visible } from "./support/wait.mjs";

const NAME = "Carers' voices";
const SYNCED = "Synced with the project's other devices";

// "https://example.org/not-an-invite" as a QR code (level M, 29 modules).
const NOT_AN_INVITE = withQuietZone([
  "#######.####.###.#....#######", "#.....#.##...###...#..#.....#", "#.###.#.###..##...#.#.#.###.#",
  "#.###.#...#...##.####.#.###.#", "#.###.#.#..###.#..##..#.###.#", "#.....#..#.#.##..#....#.....#",
  "#######.#.#.#.#.#.#.#.#######", "..............#..............", "#..########.######...#..#.###",
  ".#.###....#.#.#...##.#.##.##.", "#...#.###.###.#..##..#..#.#..", "##.###...####.##.#.##.#..#..#",
  "..#...#.#.#..##.#...#.##....#", "###.#..###.......##.#.#######", "#.#..###.###..##.#.##..##.#.#",
  ".#..##..##.#.##...##..#.#.#.#", "#..#.###..##...#..#.#..#.#...", "#.#.##.##..##..#..###...#.##.",
  "##...###..########.##.####..#", "##..#...#.#..#..#...##...##..", "##...####.#..#.#.#.#########.",
  "........##...#.#.####...##...", "#######.##..##.######.#.##...", "#.....#.#.##.#..##.##...#..##",
  "#.###.#.##...#..#..#######.##", "#.###.#.##.#.######....#....#", "#.###.#..###...###..##.##.###",
  "#.....#..#.#.###..#..#.####.#", "#######.##.##..##..####.#....",
]);

/** Shares a new project on `page` and returns its invite link. */
async function share(page, baseUrl) {
  const project = new ProjectPage(page, NAME);
  await project.open(baseUrl, { templates: [] });
  await page.getByRole("button", { name: "Share with another device" }).click();
  const link = page.getByRole("textbox", { name: "Link for another device" });
  await visible(link);
  return link.inputValue();
}

/**
 * Once the project has come, the join screen opens the list of projects,
 * with the project in it; the project then opens, synced.
 */
async function joined(page) {
  await visible(page.getByRole("heading", { level: 1, name: "Projects" }), 30000);
  const listed = page.getByRole("link", { name: NAME, exact: true });
  await visible(listed, 20000);
  await listed.click();
  await visible(new ProjectPage(page, NAME).heading);
  await page.getByText(SYNCED).waitFor({ timeout: 20000 });
}

/** Records every camera stream the page opens, to check it is stopped. */
async function watchCameras(context) {
  await context.addInitScript(() => {
    const devices = navigator.mediaDevices;
    if (!devices) return;
    const open = devices.getUserMedia.bind(devices);
    window.heardCameras = [];
    devices.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      window.heardCameras.push({ stream, constraints });
      return stream;
    };
  });
}

const cameraStates = (page) => page.evaluate(() => window.heardCameras.map(({ stream }) =>
  stream.getTracks().map((t) => t.readyState).join(",")));

test("a second device joins by scanning the first device's QR code with its camera", async (t) => {
  const server = await startServer();
  const first = await launch();
  let second;
  try {
    const invite = await share(first.page, server.url);
    const shown = new InvitePage(first.page, NAME);
    await shown.openFromProject();
    assert.equal(await shown.link.inputValue(), invite, "the QR code's screen shows the same link beside it");
    const modules = await shown.modules();
    const size = modules.length;
    assert.ok(size >= 21 + 8, `a QR code with its quiet zone (${size} modules)`);
    const edge = [...modules.slice(0, 4), ...modules.slice(-4), ...modules.map((r) => [...r.slice(0, 4), ...r.slice(-4)])];
    assert.ok(edge.flat().every((dark) => !dark), "four light modules all round");
    const box = await shown.qr.boundingBox();
    assert.ok(box.width >= size * 5 && Math.abs(box.width - box.height) < 1,
      `square and at least 5 px a module (${box.width} px for ${size} modules)`);

    second = await launch({ args: fakeCameraShowing(modules) });
    t.diagnostic(`BarcodeDetector in the second browser: ${await second.page.evaluate(() => "BarcodeDetector" in globalThis)}`);
    const join = new JoinPage(second.page);
    await join.open(server.url);
    await join.scan.click();
    await joined(second.page);

    // Right to left and large print on a small phone: the same code, the
    // same way round, still whole on the screen and big enough to scan.
    await first.page.setViewportSize({ width: 360, height: 740 });
    const controls = new ViewControls(first.page);
    await controls.chooseLanguage("ur");
    await controls.choosePresentation("large-print");
    const qr = first.page.locator("main").getByRole("img");
    await visible(qr);
    assert.match(await qr.getAttribute("aria-label"), new RegExp(`^${NAME} `), "named in Urdu, with the project");
    assert.deepEqual(await shown.modules(qr), modules, "the same modules");
    assert.equal(await qr.evaluate((svg) => getComputedStyle(svg).transform), "none", "not mirrored");
    const small = await qr.boundingBox();
    assert.ok(small.x >= 0 && small.x + small.width <= 360, `inside the 360 px screen (${small.x}+${small.width})`);
    assert.ok(small.width >= size * 5, `still at least 5 px a module (${small.width} px)`);
  } finally {
    await first.close();
    await second?.close();
    await server.stop();
  }
});

test("pasting the invite link joins, and a bad paste says what is wrong in plain words", async () => {
  const server = await startServer();
  const first = await launch();
  const second = await launch();
  try {
    const invite = await share(first.page, server.url);
    const [base, fragment] = invite.split("#");
    const [project, secret, relay] = fragment.replace(/^join=/, "").split(".");
    const with_ = (parts) => `${base}#join=${parts.join(".")}`;
    const join = new JoinPage(second.page);
    await join.open(server.url);
    const check = async (text, words) => {
      await join.paste(text);
      await visible(second.page.getByRole("alert").filter({ hasText: words }));
      assert.equal(await join.link.getAttribute("aria-invalid"), "true", `${text}: marked invalid`);
    };
    await check("", "Paste the invite link into the box first.");
    await check(base, "The link is cut short: the part after # is missing. Copy the whole link again.");
    await check("see you at the Tuesday group", "This is not a Heard invite link.");
    await check(`${base}#settings`, "This is not a Heard invite link.");
    await check(with_([project, secret.slice(0, 20), relay]), "The link is damaged or cut short. Copy the whole link again.");
    await check(with_([project, `${secret.slice(0, -2)}!!`, relay]), "The link is damaged or cut short.");
    await check(with_([project]), "The link is damaged or cut short.");
    await check(with_([project, secret, Buffer.from("ftp://relay.example.org").toString("base64url")]),
      "The link names a relay that is not a web address. Ask for a new link.");

    await join.paste(`  ${invite}\n`);
    await joined(second.page);
  } finally {
    await first.close();
    await second.close();
    await server.stop();
  }
});

test("a QR code that is not an invite is named as such, and the camera stops when asked", async () => {
  const server = await startServer();
  const device = await launch({ args: fakeCameraShowing(NOT_AN_INVITE) });
  try {
    await watchCameras(device.context);
    const join = new JoinPage(device.page);
    await join.open(server.url);
    await join.scan.click();
    await visible(device.page.getByRole("alert").filter({ hasText: "That QR code is not a Heard invite." }), 20000);
    await visible(join.camera);
    await visible(device.page.getByText("Point the camera at the QR code on the other device."));
    assert.deepEqual(await cameraStates(device.page), ["live"], "one camera, on");
    const asked = await device.page.evaluate(() => window.heardCameras[0].constraints);
    assert.deepEqual(asked, { audio: false, video: { facingMode: { ideal: "environment" } } }, "the rear camera, preferably");

    await join.stop.click();
    await eventually(async () => assert.deepEqual(await cameraStates(device.page), ["ended"], "the camera is off"));
    assert.equal(await join.camera.isHidden(), true, "the preview is gone");
    await visible(join.scan);
    assert.equal(await join.scan.evaluate((b) => b === document.activeElement), true, "focus stays on the button");
    assert.equal(await device.page.getByText("That QR code is not a Heard invite.").count(), 0);
    assert.equal(device.page.url(), new URL("/join", server.url).href, "nothing was joined");
  } finally {
    await device.close();
    await server.stop();
  }
});

test("with no camera, or the camera permission refused, the join screen says so and pasting still works", async () => {
  const server = await startServer();
  const none = await launch();
  const refused = await launch({ args: ["--use-fake-device-for-media-stream", "--deny-permission-prompts"] });
  try {
    for (const [device, words] of [
      [none, "This device has no camera the app can use. Paste the invite link instead."],
      [refused, "The camera permission was refused. Allow the camera for this app in the browser's settings, or paste the invite link instead."],
    ]) {
      const join = new JoinPage(device.page);
      await join.open(server.url);
      await join.scan.click();
      await visible(device.page.getByRole("alert").filter({ hasText: words }));
      assert.equal(await join.camera.isHidden(), true);
      await visible(join.link);
    }
  } finally {
    await none.close();
    await refused.close();
    await server.stop();
  }
});

/** Sideways scrolling and controls under 44 x 44 px on the page. */
function layoutProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    // As the accessibility spec measures: a tick box's target is its label.
    for (const el of document.querySelectorAll("button, a[href], select, input:not([type=radio]):not([type=checkbox]), .check label")) {
      const r = el.getBoundingClientRect();
      if ((r.width === 0 && r.height === 0) || el.closest(".skip-link")) continue;
      if (r.width < 44 || r.height < 44) out.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" is ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return out;
  });
}

test("the invite and join screens pass axe and fit a 360 px screen, in Urdu and large print too", async () => {
  const server = await startServer();
  const device = await launch({ args: fakeCameraShowing(NOT_AN_INVITE) });
  try {
    await share(device.page, server.url);
    const projectPath = new URL(device.page.url()).pathname;
    const controls = new ViewControls(device.page);
    await device.page.setViewportSize({ width: 360, height: 740 });
    const problems = [];
    for (const [tag, presentation] of [["en", "standard"], ["ur", "large-print"]]) {
      await device.page.goto(new URL(projectPath, server.url).href);
      await visible(device.page.locator("main h1"));
      await controls.chooseLanguage(tag);
      await controls.choosePresentation(presentation);
      for (const screen of [projectPath, `${projectPath}/invite`, "/join", "/"]) {
        await device.page.goto(new URL(screen, server.url).href);
        await visible(device.page.locator("main h1"));
        if (screen === "/join") {
          // With the camera on and a code in view that is not an invite.
          await device.page.locator("main button").first().click();
          await visible(device.page.locator("video.scanner-video"));
          await visible(device.page.getByRole("alert").filter({ hasText: /./ }), 20000);
        }
        for (const v of [...await axe(device.page), ...await layoutProblems(device.page)]) {
          problems.push(`${tag} ${presentation} ${screen}: ${v}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await device.close();
    await server.stop();
  }
});
