// Waiting helpers: playwright-core has no test runner assertions, so these
// poll a condition until it holds or the time runs out.

/** Waits for `locator` to be visible. */
export async function visible(locator, timeout = 15000) {
  await locator.first().waitFor({ state: "visible", timeout });
  return locator;
}

/** Retries `check` (which throws while not yet true) until it passes. */
export async function eventually(check, timeout = 15000) {
  const until = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
