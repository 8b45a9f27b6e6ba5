// Deleting an ended run whose agents ran under another data directory than this server's: their logs are found by
// the stored paths and removed as whole `<dir>/logs/<run>` and `<dir>/slurm/<run>` folders; a stored path of any
// other shape is never removed, only named in logsLeft for the lead. Real SQLite, fake agents (run/harness.ts).
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, until } from "./run/harness";
import { createRunDeletion, runFolders } from "./run-deletion";

const RUN = "6f1c2d3e-0000-4000-8000-000000000001";

describe("runFolders", () => {
  it("finds the run's folders under this data directory and under the ones its stored paths show", () => {
    const { folders, strays } = runFolders("/srv/new", RUN, [
      `/srv/old/logs/${RUN}/A/A-a-1.log`,
      `/scratch/old/slurm/${RUN}/B/B-b.out`,
      `/home/u/elsewhere/${RUN}/C.log`,
      `/srv/old/logs/${RUN}/../../../etc/passwd`,
      `/srv/old/logs/${RUN}`,
      `relative/logs/${RUN}/D.log`,
      `/srv/old/logs/other-run/E.log`,
    ]);
    expect(folders.sort()).toEqual(
      [
        `/srv/new/logs/${RUN}`,
        `/srv/new/slurm/${RUN}`,
        `/srv/old/logs/${RUN}`,
        `/srv/old/slurm/${RUN}`,
        `/scratch/old/logs/${RUN}`,
        `/scratch/old/slurm/${RUN}`,
      ].sort(),
    );
    expect(strays).toEqual([
      `/home/u/elsewhere/${RUN}/C.log`,
      `/srv/old/logs/${RUN}/../../../etc/passwd`,
      `/srv/old/logs/${RUN}`,
      `relative/logs/${RUN}/D.log`,
      `/srv/old/logs/other-run/E.log`,
    ]);
  });

  it("never names a folder outside its parent for an id that would reach out of it", () => {
    expect(runFolders("/srv/data", "..", ["/srv/data/logs/../x.log"]).folders).toEqual([]);
    // The Slurm executor writes under the id made safe ("a_b"), which stays inside slurm/.
    expect(runFolders("/srv/data", "a/b", ["/srv/data/logs/a/b/x.log"]).folders).toEqual([
      "/srv/data/slurm/a_b",
    ]);
  });
});

let h: Harness | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await h?.dispose();
  h = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

const writeFile = (file: string, bytes: number) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "x".repeat(bytes));
};

describe("deleting a run made under another data directory", () => {
  it("removes its agents' logs by their stored paths, and names what it may not remove", async () => {
    h = await createHarness();
    const { runId } = await h.start(`name: moved
ram: { budget: 1GB }
tracks:
  - key: A
    ram: 100MB
    command: a
  - key: B
    ram: 100MB
    command: b
`);
    await h.tick();
    const harness = h;
    h.launcher.latest("A").exit(0);
    h.launcher.latest("B").exit(0);
    await until(() => harness.controller.activeRun()?.finished === true, 5_000);

    // The agents ran under the harness's data directory; B's row names a log outside any run folder, and a path
    // that climbs out of the run's folder names a file that must survive.
    const rows = await h.db.agent.findMany({ include: { track: true } });
    const a = rows.find((r) => r.track.key === "A")!;
    const b = rows.find((r) => r.track.key === "B")!;
    expect(a.logPath.startsWith(path.join(h.dir, "logs", runId))).toBe(true);
    writeFile(a.logPath, 2_000);
    writeFile(path.join(h.dir, "slurm", runId, "A", "A.out"), 1_000);
    const elsewhere = tempDir("paratrack-elsewhere-");
    const strayLog = path.join(elsewhere, "B-b-1.log");
    writeFile(strayLog, 500);
    await h.db.agent.update({ where: { id: b.id }, data: { logPath: strayLog, exitPath: null } });
    const victim = path.join(elsewhere, "keep", "precious.txt");
    writeFile(victim, 10);
    const climbing = path.join(h.dir, "logs", runId, "..", "..", path.relative(h.dir, victim));
    await h.db.agent.create({
      data: { ...withoutRelations(a), id: `${a.id}-2`, attempt: 2, logPath: climbing, exitPath: null },
    });

    const otherDataDir = tempDir("paratrack-new-data-");
    const deletion = createRunDeletion({
      db: h.db,
      dataDir: otherDataDir,
      runs: { activeRun: () => null },
      events: h.eventLog,
    });
    const deleted = await deletion.deleteRun(runId);

    expect(existsSync(path.join(h.dir, "logs", runId))).toBe(false);
    expect(existsSync(path.join(h.dir, "slurm", runId))).toBe(false);
    expect(deleted.logBytes).toBe(3_000);
    expect(deleted.logsLeft.sort()).toEqual([strayLog, climbing].sort());
    expect(existsSync(strayLog)).toBe(true);
    expect(existsSync(victim)).toBe(true);
    expect(existsSync(path.join(h.dir, "paratrack.db"))).toBe(true);
  });

  it("does not follow a run folder that is a symbolic link: it names it", async () => {
    h = await createHarness();
    const { runId } = await h.start(`name: linked
ram: { budget: 1GB }
tracks:
  - key: A
    ram: 100MB
    command: a
`);
    await h.tick();
    const harness = h;
    h.launcher.latest("A").exit(0);
    await until(() => harness.controller.activeRun()?.finished === true, 5_000);
    const target = tempDir("paratrack-link-target-");
    writeFile(path.join(target, "kept.txt"), 10);
    mkdirSync(path.join(h.dir, "slurm"), { recursive: true });
    symlinkSync(target, path.join(h.dir, "slurm", runId));

    const deleted = await createRunDeletion({
      db: h.db,
      dataDir: h.dir,
      runs: { activeRun: () => null },
      events: h.eventLog,
    }).deleteRun(runId);
    expect(deleted.logsLeft).toEqual([path.join(h.dir, "slurm", runId)]);
    expect(existsSync(path.join(target, "kept.txt"))).toBe(true);
  });
});

/** An agent row's own columns, for a copy of it. */
function withoutRelations<T extends { track: unknown }>(row: T): Omit<T, "track"> {
  const { track: _track, ...rest } = row;
  return rest;
}
