import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { printServiceUnit, type ServiceOptions } from "./service";

let dir: string;
let errors: string[];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pt-service-"));
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.join(" ")));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command's action; returns its exit code and the unit it printed (or ""). */
function run(options: Partial<ServiceOptions>, env: Record<string, string | undefined> = {}) {
  let unit = "";
  const code = printServiceUnit({ env: [], ...options }, env, dir, (text) => {
    unit += text;
  });
  return { code, unit, stderr: errors.join("\n") };
}

describe("paratrack service", () => {
  it("prints a unit with the data directory made absolute, the port and extra variables, and says how to install it", () => {
    const { code, unit, stderr } = run({ dataDir: "runs", port: "3100", env: ["RAM_BUDGET=8GB"] });
    expect(code).toBe(0);
    expect(unit).toContain(`Environment="DATA_DIR=${path.join(dir, "runs")}"`);
    expect(unit).toContain('Environment="PORT=3100"');
    expect(unit).toContain('Environment="RAM_BUDGET=8GB"');
    expect(unit).toMatch(/^KillMode=process$/m);
    expect(stderr).toContain("systemctl --user enable --now paratrack");
  });

  it("takes DATA_DIR, PORT and HOST from the environment it is run in", () => {
    const { unit } = run({}, { DATA_DIR: "/srv/pt", PORT: "4000", HOST: "::1" });
    expect(unit).toContain('Environment="DATA_DIR=/srv/pt"');
    expect(unit).toContain('Environment="PORT=4000"');
    expect(unit).toContain('Environment="HOST=::1"');
  });

  it("writes the unit to a file with --output", () => {
    const file = path.join(dir, "paratrack.service");
    expect(run({ output: file }).code).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/^ExecStart=.*server\.ts"$/m);
  });

  it("refuses what the server would refuse at start as a usage error (exit 2): a bad port, a bad variable", () => {
    expect(run({ port: "http" })).toMatchObject({ code: 2, unit: "" });
    expect(errors.join("\n")).toMatch(/PORT/);
    errors.length = 0;
    expect(run({ env: ["ZONE_RED=200"] })).toMatchObject({ code: 2, unit: "" });
    expect(errors.join("\n")).toMatch(/ZONE_RED/);
  });

  it("never puts the token in the unit file, which everyone may read", () => {
    const { code, unit, stderr } = run({ env: ["PARATRACK_TOKEN=s3cret"] });
    expect([code, unit]).toEqual([2, ""]);
    expect(stderr).toMatch(/--environment-file/);
    expect(stderr).not.toContain("s3cret");
  });

  it("beyond loopback, needs an env file (for the token) that only its owner can read", () => {
    expect(run({ host: "0.0.0.0" }).code).toBe(2);
    expect(errors.join("\n")).toMatch(/PARATRACK_TOKEN/);

    const envFile = path.join(dir, "paratrack.env");
    writeFileSync(envFile, "PARATRACK_TOKEN=s3cret\n");
    chmodSync(envFile, 0o644);
    errors.length = 0;
    expect(run({ host: "0.0.0.0", environmentFile: envFile }).code).toBe(2);
    expect(errors.join("\n")).toMatch(/readable by others.*chmod 600/);

    chmodSync(envFile, 0o600);
    errors.length = 0;
    const { code, unit } = run({ host: "0.0.0.0", environmentFile: envFile });
    expect(code).toBe(0);
    expect(unit).toContain(`EnvironmentFile=${envFile}`);
    expect(unit).not.toContain("s3cret");
  });

  it("takes the env file as --environment-file from the command line (Node 20 reads --env-file itself)", {
    timeout: 60_000,
  }, () => {
    const missing = path.join(dir, "missing.env");
    const result = spawnSync(
      path.join(__dirname, "../../node_modules/.bin/tsx"),
      ["bin/paratrack.ts", "service", "--environment-file", missing],
      { cwd: path.resolve(__dirname, "../.."), encoding: "utf8" },
    );
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`paratrack service: --environment-file ${missing} does not exist`);
  });

  it("refuses an --env that is not KEY=VALUE", () => {
    expect(run({ env: ["RAM_BUDGET"] }).code).toBe(2);
    expect(errors.join("\n")).toMatch(/expected KEY=VALUE/);
  });

  it("refuses a data directory that is a file, or below one, which no start could create (exit 2)", () => {
    const file = path.join(dir, "not-a-dir");
    writeFileSync(file, "");
    expect(run({ dataDir: file })).toMatchObject({ code: 2, unit: "" });
    expect(errors.join("\n")).toBe(`paratrack service: data directory ${file} is a file, not a directory`);
    errors.length = 0;
    expect(run({}, { DATA_DIR: path.join(file, "runs") })).toMatchObject({ code: 2, unit: "" });
    expect(errors.join("\n")).toBe(
      `paratrack service: data directory ${path.join(file, "runs")} cannot be created: ${file} is a file, not a directory`,
    );
    // One still to be made is the server's to create.
    expect(run({ dataDir: path.join(dir, "new", "runs") }).code).toBe(0);
  });

  it("exits 2 on usage errors from the command line: --port abc, --env foo", { timeout: 60_000 }, () => {
    for (const args of [
      ["--port", "abc"],
      ["--env", "foo"],
    ]) {
      const result = spawnSync(
        path.join(__dirname, "../../node_modules/.bin/tsx"),
        ["bin/paratrack.ts", "service", "--data-dir", dir, ...args],
        { cwd: path.resolve(__dirname, "../.."), encoding: "utf8" },
      );
      expect([result.status, result.stdout]).toEqual([2, ""]);
      expect(result.stderr).toMatch(args[0] === "--port" ? /PORT/ : /--env "foo": expected KEY=VALUE/);
    }
  });
});
