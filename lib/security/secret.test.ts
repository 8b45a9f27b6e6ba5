// The server's secrets (its token, the database's URL with its password) never reach a process it starts: a quality
// gate's command and an agent (a real one, under its shim) print them empty.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgentProcess } from "../agents/supervisor";
import { runQualityGate } from "../engine/quality-gate";
import { forgetServerSecrets, SERVER_SECRETS, withoutServerSecrets } from "./secret";

const SECRETS = {
  PARATRACK_TOKEN: "lead-token-long-enough-0123",
  DATABASE_URL: "postgresql://paratrack:s3cret-password@db.lab:5432/paratrack",
};
const PRINT = 'echo "DB=[$DATABASE_URL] TOKEN=[$PARATRACK_TOKEN] KEEP=[$PARATRACK_TEST_KEEP]"';

let dir: string;
let saved: Record<string, string | undefined>;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-secret-"));
  saved = Object.fromEntries(
    [...SERVER_SECRETS, "PARATRACK_TEST_KEEP"].map((name) => [name, process.env[name]]),
  );
  Object.assign(process.env, SECRETS, { PARATRACK_TEST_KEEP: "kept" });
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("server secrets", () => {
  it("are the token and the database's URL; a copy without them keeps the rest", () => {
    expect([...SERVER_SECRETS].sort()).toEqual(["DATABASE_URL", "PARATRACK_TOKEN"]);
    const env = withoutServerSecrets({
      ...SECRETS,
      PATH: "/bin",
    } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv);
    expect(env).toEqual({ PATH: "/bin" });
  });

  it("never reach a quality gate", async () => {
    const gate = await runQualityGate({ command: PRINT, workdir: dir, env: {} });
    expect(gate.output.trim()).toBe("DB=[] TOKEN=[] KEEP=[kept]");
  });

  it("are taken out of the server's own environment, so an agent it starts inherits neither", async () => {
    expect(forgetServerSecrets(process.env).sort()).toEqual(["DATABASE_URL", "PARATRACK_TOKEN"]);
    expect(process.env.DATABASE_URL).toBeUndefined();
    expect(forgetServerSecrets(process.env)).toEqual([]);
    const logPath = path.join(dir, "agent.log");
    const agent = await createAgentProcess({
      trackKey: "A",
      agent: { name: "a", command: PRINT, subAgents: 0 },
      workdir: dir,
      env: {},
      logPath,
    });
    const exit = await agent.exited;
    expect(exit.code).toBe(0);
    const log = readFileSync(logPath, "utf8");
    expect(log).toContain("DB=[] TOKEN=[] KEEP=[kept]");
    expect(log).not.toContain("s3cret-password");
  }, 30_000);
});
