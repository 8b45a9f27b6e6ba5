// In a real Node process: an unhandled rejection crashes it by default, and is logged and survived with the guard.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-guard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runScript(withGuard: boolean) {
  const file = path.join(dir, `script-${withGuard}.ts`);
  writeFileSync(
    file,
    `import { keepAliveOnUnhandledRejection } from ${JSON.stringify(path.resolve("lib/process-guard.ts"))};
${withGuard ? 'keepAliveOnUnhandledRejection((reason) => console.error("logged:", (reason as Error).message));' : ""}
void Promise.reject(new Error("nobody listens"));
setTimeout(() => console.log("still alive"), 100);
`,
  );
  return spawnSync(path.resolve("node_modules/.bin/tsx"), [file], { encoding: "utf8", timeout: 30_000 });
}

describe("keepAliveOnUnhandledRejection", () => {
  it("without it, Node ends the process on an unhandled rejection", () => {
    const result = runScript(false);
    expect(result.status).not.toBe(0);
    expect(result.stdout).not.toContain("still alive");
    expect(result.stderr).toContain("nobody listens");
  });

  it("with it, the rejection is logged and the process goes on", () => {
    const result = runScript(true);
    expect(result.stderr).toContain("logged: nobody listens");
    expect(result.stdout).toContain("still alive");
    expect(result.status).toBe(0);
  });
});
