import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCgroupLimit, parseMemoryStat, parseProcCgroup, readCgroupMemory } from "./cgroup";

const GIB = 1024 ** 3;
const base = path.join(__dirname, "fixtures", "cgroup");
const fromFixture = (name: string, physicalTotalBytes?: number) =>
  readCgroupMemory({
    root: path.join(base, name, "root"),
    procSelfCgroupPath: path.join(base, name, "proc-self-cgroup"),
    physicalTotalBytes,
  });

describe("parseProcCgroup", () => {
  it("finds the v1 memory line, also when controllers share a hierarchy", () => {
    expect(parseProcCgroup("4:memory:/process_api/abc\n0::/")).toEqual({
      version: 1,
      path: "/process_api/abc",
    });
    expect(parseProcCgroup("3:cpu,memory:/job")).toEqual({ version: 1, path: "/job" });
  });

  it("prefers the v1 memory line over the v2 line on hybrid hosts", () => {
    expect(parseProcCgroup("0::/user.slice\n4:memory:/mem")).toEqual({ version: 1, path: "/mem" });
  });

  it("uses the v2 line when no v1 hierarchy has the memory controller", () => {
    expect(parseProcCgroup("0::/user.slice/app.scope\n")).toEqual({
      version: 2,
      path: "/user.slice/app.scope",
    });
    expect(parseProcCgroup("1:name=systemd:/x\n0::/")).toEqual({ version: 2, path: "/" });
  });

  it("returns null for text without a usable line", () => {
    expect(parseProcCgroup("")).toBeNull();
    expect(parseProcCgroup("2:cpu:/\n")).toBeNull();
  });
});

describe("parseCgroupLimit", () => {
  it("reads bytes and treats max, huge sentinels and garbage as no limit", () => {
    expect(parseCgroupLimit("8589934592\n")).toBe(8 * GIB);
    expect(parseCgroupLimit("max\n")).toBeNull();
    expect(parseCgroupLimit("9223372036854771712")).toBeNull();
    expect(parseCgroupLimit(String(2 ** 62))).toBeNull();
    expect(parseCgroupLimit("-1")).toBeNull();
    expect(parseCgroupLimit(null)).toBeNull();
  });

  it("treats a limit above physical memory as no limit", () => {
    expect(parseCgroupLimit(String(64 * GIB), 32 * GIB)).toBeNull();
    expect(parseCgroupLimit(String(16 * GIB), 32 * GIB)).toBe(16 * GIB);
  });

  it("parses memory.stat", () => {
    expect(parseMemoryStat("total_inactive_file 42\nbad line\nrss 7").get("total_inactive_file")).toBe(42);
    expect(parseMemoryStat(null).size).toBe(0);
  });
});

describe("readCgroupMemory (v1)", () => {
  it("reads limit and working set (usage − total_inactive_file) from our own directory", async () => {
    const cg = await fromFixture("v1-limited");
    expect(cg).toMatchObject({ version: 1, limitBytes: 8 * GIB, usageBytes: 2 * GIB });
    expect(cg?.dir).toBe(path.join(base, "v1-limited", "root", "memory", "process_api", "abc123"));
  });

  it("reports this machine's huge sentinel limit as no limit", async () => {
    expect(await fromFixture("v1-unlimited")).toMatchObject({
      version: 1,
      limitBytes: null,
      usageBytes: 4_284_416 - 921_600,
    });
  });

  it("falls back to the mount root when our path is not under it (own namespace), clamping at zero", async () => {
    const cg = await fromFixture("v1-namespaced");
    expect(cg?.dir).toBe(path.join(base, "v1-namespaced", "root", "memory"));
    expect(cg).toMatchObject({ limitBytes: 4 * GIB, usageBytes: 0 }); // 1 GiB usage − 2 GiB inactive file
  });

  it("takes a parent's limit from hierarchical_memory_limit, and inactive_file without total_ keys", async () => {
    expect(await fromFixture("v1-parent-limit")).toMatchObject({
      limitBytes: 6 * GIB,
      usageBytes: 1.5 * GIB,
    });
  });

  it("ignores a limit above physical memory", async () => {
    expect((await fromFixture("v1-limited", 4 * GIB))?.limitBytes).toBeNull();
  });
});

describe("readCgroupMemory (v2)", () => {
  it("reads memory.max and the working set (memory.current − inactive_file)", async () => {
    const cg = await fromFixture("v2-limited");
    expect(cg).toMatchObject({ version: 2, limitBytes: 4 * GIB, usageBytes: 1 * GIB });
    expect(cg?.dir).toBe(path.join(base, "v2-limited", "root", "user.slice", "app.scope"));
  });

  it('treats "max" as no limit and uses memory.current as is without memory.stat', async () => {
    expect(await fromFixture("v2-max")).toMatchObject({ limitBytes: null, usageBytes: 1 * GIB });
  });

  it("takes the tightest memory.max up the tree", async () => {
    expect(await fromFixture("v2-parent-limit")).toMatchObject({
      limitBytes: 2 * GIB,
      usageBytes: 0.5 * GIB,
    });
  });

  it("reads the mount root for 0::/ and treats a huge memory.max as no limit", async () => {
    const cg = await fromFixture("v2-namespaced");
    expect(cg).toMatchObject({ limitBytes: null, usageBytes: 0.25 * GIB });
    expect(cg?.dir).toBe(path.join(base, "v2-namespaced", "root"));
  });

  it("gives nulls, not errors, when the files are missing", async () => {
    expect(await fromFixture("v2-empty")).toMatchObject({ version: 2, limitBytes: null, usageBytes: null });
  });
});

describe("readCgroupMemory on this machine and without /proc", () => {
  it("returns null when /proc/self/cgroup is unreadable", async () => {
    expect(await readCgroupMemory({ procSelfCgroupPath: path.join(base, "nope") })).toBeNull();
  });

  it("reads the real cgroup without throwing", async () => {
    const cg = await readCgroupMemory();
    // Whatever the host, the shape holds; on Linux hosts with cgroups the usage is a number.
    if (cg !== null) expect(cg.usageBytes === null || cg.usageBytes >= 0).toBe(true);
  });
});
