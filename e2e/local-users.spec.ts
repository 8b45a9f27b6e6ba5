// Other users of the machine against a real server without token: loopback reaches every user, so the server
// asks the kernel who opened each connection and answers only its own user (lib/security/peer-user.ts). The
// clients run as nobody through setpriv, which needs root; the test skips with that reason otherwise.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./support/fixtures";
import { type WrittenPlan, writePlan } from "./support/tracks";

let plan: WrittenPlan;
let scratch: string;
test.beforeEach(() => {
  plan = writePlan("tracks");
  scratch = mkdtempSync(path.join(os.tmpdir(), "paratrack-local-users-"));
});
test.afterEach(() => {
  plan.remove();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs `script` in node as another user (nobody) with `base` as argv[1]; its stdout. Needs root to switch user. */
function runAsNobody(script: string, base: string): string {
  return execFileSync(
    "setpriv",
    ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, "-e", script, base],
    { cwd: "/", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_ENV: "test" }, timeout: 20_000 },
  ).toString();
}

test("another user of this machine can neither start a run nor read the tracks of a server without token", async ({
  request,
  launchServer,
}) => {
  test.skip(
    process.getuid?.() !== 0 || !existsSync("/usr/bin/setpriv"),
    "switching to another user needs root",
  );
  const server = await launchServer({ args: ["--plan", plan.file] });
  await expect
    .poll(
      async () => ((await (await request.get(`${server.baseURL}/api/tracks`)).json()) as unknown[]).length,
    )
    .toBeGreaterThan(0);
  const marker = path.join(scratch, "other-user");
  const client = `
    const base = process.argv[1];
    const plan = "name: x\\ntracks:\\n  - key: E\\n    command: touch ${marker}\\n";
    (async () => {
      for (const [method, target, body] of [
        ["GET", "/api/tracks"], ["GET", "/api/tracks/A/logs"], ["POST", "/api/tracks/A/pause", "{}"],
        ["POST", "/api/runs", JSON.stringify({ plan })], ["GET", "/socket.io/?EIO=4&transport=polling"],
      ]) {
        const response = await fetch(base + target, { method, body, headers: { "content-type": "application/json" } });
        console.log(method, target, response.status, (await response.text()).slice(0, 160));
      }
    })();`;
  const answers = runAsNobody(client, server.baseURL).trim().split("\n");
  expect(answers).toHaveLength(5);
  // The socket's polling too, with the same reason (lib/realtime/server.ts).
  for (const answer of answers)
    expect(answer).toMatch(/^\S+ \S+ 403 .*another user of this machine \(uid 65534\)/);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(existsSync(marker)).toBe(false);
  const a = await request.get(`${server.baseURL}/api/tracks/A`);
  expect(((await a.json()) as { status: string }).status).not.toBe("paused");

  // With a token, the token decides: another user holding it is answered (a lead sharing on purpose).
  const shared = await launchServer({ env: { PARATRACK_TOKEN: "shared-token" } });
  const withToken = runAsNobody(
    `fetch(process.argv[1] + "/api/tracks", { headers: { authorization: "Bearer shared-token" } })
       .then((r) => console.log(r.status));`,
    shared.baseURL,
  );
  expect(withToken.trim()).toBe("200");
});
