// axe-core's WCAG 2.0, 2.1 and 2.2 AA checks (target size included) on the
// page as it is, as a list of "rule: elements" problems.
import { readFileSync } from "node:fs";
import path from "node:path";

const AXE = readFileSync(path.resolve("node_modules/axe-core/axe.min.js"), "utf8");

export async function axe(page) {
  // Evaluated through DevTools, which the page's Content-Security-Policy
  // (no inline scripts) rightly does not cover: axe is the test's, not the app's.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
      rules: { "target-size": { enabled: true } },
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  });
}
