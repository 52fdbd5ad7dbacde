// Puts a project of completed responses on a running relay with the repo's
// seeding tool (`cargo xtask seed-relay`, built by the test command) and
// returns the invite link to it.
import { execFile } from "node:child_process";

// The xtask binary: `cargo xtask test` passes its own.
const BIN = process.env.HEARD_SEED_BIN ?? "target/debug/xtask";

/**
 * Seeds the relay at `relay` (a ws:// address) with `responses` completed
 * responses of `answers` answers each. The link opens the app at `app` and
 * names `inviteRelay` as the relay (the address a browser reaches it by).
 */
export function seedRelay({ relay, app, inviteRelay = relay, responses, answers }) {
  const args = ["seed-relay", "--relay", relay, "--app", app, "--invite-relay", inviteRelay,
    "--responses", String(responses), "--answers", String(answers)];
  return new Promise((resolve, reject) => {
    execFile(BIN, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${BIN} ${args.join(" ")} failed: ${error.message}\n${stderr}`));
      else resolve(stdout.trim());
    });
  });
}
