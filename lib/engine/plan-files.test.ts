import { execFileSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validatePlan } from "../domain/plan/plan-validate";
import {
  demoWorkspace,
  firstInvalidUtf8,
  isOpenedInside,
  readDemoPlan,
  readPlanFile,
  readPlanForEditor,
} from "./plan-files";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("readPlanForEditor", () => {
  /** The plan's own workdir once validated from anywhere else (the editor's text has no file). */
  const workdirOf = (source: string) => {
    const validation = validatePlan(source, {
      fileName: "plan.yaml",
      baseDir: "/elsewhere",
      effectiveTotalBytes: null,
    });
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    return validation.plan.tracks[0]!.workdir;
  };

  it.each([
    ["workdir: ..", "up"],
    ['workdir: "sub dir"   # a comment', "in"],
    ["workdir: .", "here"],
  ])("makes %s absolute against the file's folder (%s)", (line, _) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-editor-"));
    dirs.push(dir);
    const file = path.join(dir, "plan.yaml");
    writeFileSync(file, `name: x\n${line}\ntracks:\n  - key: A\n    command: "true"\n`);
    const relative = /^workdir: "?([^"#]*?)"?\s*(#.*)?$/.exec(line)![1]!;
    expect(workdirOf(readPlanForEditor(file).source)).toBe(path.resolve(dir, relative));
  });

  it("leaves an absolute workdir, and a plan without one, as they are", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-editor-"));
    dirs.push(dir);
    const file = path.join(dir, "plan.yaml");
    for (const text of ["name: x\nworkdir: /srv/p\ntracks: []\n", "name: x\ntracks: []\n"]) {
      writeFileSync(file, text);
      expect(readPlanForEditor(file).source).toBe(text);
    }
  });
});

describe("readDemoPlan", () => {
  it("puts the demo's workspace under the data directory and names the agent script by absolute path", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack demo 'data' "));
    dirs.push(dataDir);
    const input = readDemoPlan(dataDir);
    expect(existsSync(demoWorkspace(dataDir))).toBe(true);
    expect(input.forgetProfiles).toBe(true);
    const validation = validatePlan(input.source, {
      fileName: input.fileName,
      baseDir: input.baseDir,
      effectiveTotalBytes: null,
    });
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    const { plan } = validation;
    for (const track of plan.tracks) expect(track.workdir).toBe(path.join(dataDir, "demo-workspace"));
    // The command runs from the workspace: the quoted absolute path survives the spaces and quotes of DATA_DIR.
    const command = plan.tracks[0]!.agents[0]!.command;
    expect(command).not.toContain("../../demo/agent.mjs");
    const script = path.resolve(__dirname, "../../demo/agent.mjs");
    const out = execFileSync("sh", ["-c", `${command.split(" --")[0]} --mb 1 --seconds 0.2 --steps 1`], {
      cwd: demoWorkspace(dataDir),
      encoding: "utf8",
    });
    expect(out).toContain("::done all steps complete");
    expect(command).toContain(script.replace(/^.*\//, ""));
  });

  it("keeps the demo's agents within its budget and ~1.5 GB in all (the machine is shared)", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-demo-"));
    dirs.push(dataDir);
    const input = readDemoPlan(dataDir);
    const validation = validatePlan(input.source, {
      fileName: input.fileName,
      baseDir: input.baseDir,
      effectiveTotalBytes: null,
    });
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    // The most each agent holds: the last size of its --schedule, or its --mb.
    const peakMb = (command: string) => {
      const schedule = /--schedule (\S+)/.exec(command)?.[1];
      if (schedule) return Math.max(...schedule.split(",").map((pair) => Number(pair.split(":")[1])));
      return Number(/--mb (\d+)/.exec(command)?.[1]);
    };
    const total = validation.plan.tracks
      .flatMap((track) => track.agents)
      .reduce((sum, agent) => sum + peakMb(agent.command), 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(1_500);
    const budget = validation.plan.ram.budget;
    expect(typeof budget === "number" ? budget : Number.NaN).toBeLessThanOrEqual(1.5e9);
  });
});

describe("readPlanFile", () => {
  const planFile = (bytes: Buffer): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-plan-file-"));
    dirs.push(dir);
    const file = path.join(dir, "plan.yaml");
    writeFileSync(file, bytes);
    return file;
  };

  it("refuses a file that is not UTF-8, naming the line and column, instead of reading U+FFFD into commands", () => {
    // Latin-1 "é" (0xE9) on line 4, after "    command: echo caf".
    const file = planFile(
      Buffer.concat([
        Buffer.from("name: café\ntracks:\n  - key: a\n    command: echo caf"),
        Buffer.from([0xe9]),
        Buffer.from("\n"),
      ]),
    );
    expect(() => readPlanFile(file)).toThrow(`${file}:4:22: not UTF-8 text; save the plan as UTF-8`);
  });

  it("says in words why a file cannot be read, with the code", () => {
    const dir = path.dirname(planFile(Buffer.from("name: p\n")));
    expect(() => readPlanFile(path.join(dir, "missing.yaml"))).toThrow(
      `cannot read plan file ${path.join(dir, "missing.yaml")}: no such file (ENOENT)`,
    );
    expect(() => readPlanFile(path.join(dir, "plan.yaml", "x.yaml"))).toThrow(
      /: a part of the path is not a directory \(ENOTDIR\)$/,
    );
    expect(() => readPlanFile(dir)).toThrow(`${dir} is not a regular file (a directory)`);
  });

  it("refuses UTF-16 and still reads UTF-8 with a byte-order mark, CRLF line ends and a U+FFFD of its own", () => {
    expect(() => readPlanFile(planFile(Buffer.from("\ufeffname: p\n", "utf16le")))).toThrow(
      /:1:1: not UTF-8/,
    );
    const text = "\ufeffname: p \ufffd\r\ntracks: []\r\n";
    expect(readPlanFile(planFile(Buffer.from(text, "utf8"))).source).toBe(text);
  });

  it("finds the first byte that breaks UTF-8: stray, truncated, overlong, surrogate, past U+10FFFF", () => {
    const at = (...bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
    expect(at(0x61, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80)).toBe(-1);
    expect(at(0x61, 0x80)).toBe(1);
    expect(at(0x61, 0xc3)).toBe(1);
    expect(at(0xc0, 0xaf)).toBe(0);
    expect(at(0x61, 0xed, 0xa0, 0x80)).toBe(1);
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0);
  });
});

describe("isOpenedInside", () => {
  it("judges the file actually opened: a directory swapped for a link after the path was checked is outside", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "paratrack-opened-"));
    dirs.push(root);
    const allowed = path.join(root, "plans");
    const outside = path.join(root, "elsewhere");
    mkdirSync(path.join(allowed, "team"), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(allowed, "team", "plan.yaml"), "name: inside\n");
    writeFileSync(path.join(outside, "plan.yaml"), "name: outside\n");
    const checked = path.join(allowed, "team", "plan.yaml");
    expect(readPlanFile(checked, { allowedDirs: [allowed] }).source).toBe("name: inside\n");

    // What a writer of plans/ could do between readPlanFile's check of the resolved path and its open.
    renameSync(path.join(allowed, "team"), path.join(root, "team-was"));
    symlinkSync(outside, path.join(allowed, "team"));
    const fd = openSync(checked, "r");
    try {
      expect(isOpenedInside(fd, [allowed])).toBe(false);
      expect(isOpenedInside(fd, [outside])).toBe(true);
    } finally {
      closeSync(fd);
    }
    // Named through the link the whole way, the path itself resolves outside and is refused before any open.
    expect(() => readPlanFile(checked, { allowedDirs: [allowed] })).toThrow(/plan files are read only from/);
  });
});
