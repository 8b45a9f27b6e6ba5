import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { formatServiceUnit, type ServiceUnitInput } from "./systemd-unit";

const hasSystemdAnalyze = spawnSync("systemd-analyze", ["--version"]).status === 0;

const input: ServiceUnitInput = {
  workDir: process.cwd(),
  nodePath: process.execPath,
  tsxLoaderUrl: pathToFileURL(path.join(process.cwd(), "node_modules/tsx/dist/loader.mjs")).href,
  env: { DATA_DIR: "/srv/paratrack data/100%", PORT: "3000", RAM_BUDGET: "8GB" },
  environmentFile: null,
  description: "Paratrack dashboard",
};

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** systemd's own offline check of a unit file: its exit status and everything it complained about. */
function verify(unit: string): { status: number | null; complaints: string } {
  dir = mkdtempSync(path.join(tmpdir(), "pt-unit-"));
  const file = path.join(dir, "paratrack.service");
  writeFileSync(file, unit);
  const result = spawnSync("systemd-analyze", ["verify", file], { encoding: "utf8" });
  return { status: result.status, complaints: `${result.stdout}${result.stderr}`.trim() };
}

describe("formatServiceUnit", () => {
  it("signals the server alone on stop and restart, so the agents in its control group keep running", () => {
    const unit = formatServiceUnit(input);
    expect(unit).toMatch(/^KillMode=process$/m);
    expect(unit).toMatch(/^Environment="PARATRACK_ON_SHUTDOWN=detach"$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^WantedBy=default\.target$/m);
  });

  it("runs server.ts from the checkout with tsx, in production, as npm start does", () => {
    const unit = formatServiceUnit(input);
    expect(unit).toContain(`WorkingDirectory=${input.workDir}`);
    expect(unit).toContain(
      `ExecStart="${input.nodePath}" "--import" "${input.tsxLoaderUrl}" "${input.workDir}/server.ts"`,
    );
    expect(unit).toMatch(/^Environment="NODE_ENV=production"$/m);
  });

  it("escapes what systemd would expand: % specifiers, $ variables, quotes and backslashes", () => {
    const unit = formatServiceUnit({
      ...input,
      env: { DATA_DIR: '/srv/a "b"\\c 100%' },
      nodePath: "/opt/node$1/bin/node",
    });
    expect(unit).toContain('Environment="DATA_DIR=/srv/a \\"b\\"\\\\c 100%%"');
    expect(unit).toContain('ExecStart="/opt/node$$1/bin/node"');
  });

  it("refuses a value with a line break, which would start a new setting", () => {
    expect(() => formatServiceUnit({ ...input, env: { DATA_DIR: "/x\nExecStartPre=/bin/rm" } })).toThrow(
      /line break/,
    );
  });

  it("names the env file for secrets when given", () => {
    expect(formatServiceUnit({ ...input, environmentFile: "/home/lead/.paratrack.env" })).toMatch(
      /^EnvironmentFile=\/home\/lead\/\.paratrack\.env$/m,
    );
  });

  it.skipIf(!hasSystemdAnalyze)(
    "is a unit systemd accepts without a complaint (systemd-analyze verify)",
    () => {
      expect(verify(formatServiceUnit(input))).toEqual({ status: 0, complaints: "" });
    },
  );

  it.skipIf(!hasSystemdAnalyze)("the check above has teeth: systemd complains about a broken unit", () => {
    const broken = formatServiceUnit(input).replace("KillMode=process", "KillMode=processes");
    expect(verify(broken).complaints).toMatch(/kill mode/i);
    expect(verify(formatServiceUnit({ ...input, nodePath: "/nonexistent/node" })).status).not.toBe(0);
  });
});
