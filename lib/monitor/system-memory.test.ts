import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseMeminfo } from "./meminfo";
import { readMachineMemory } from "./system-memory";

const fixtures = path.join(__dirname, "fixtures");

describe("readMachineMemory", () => {
  it("agrees with /proc/meminfo on this machine's total", async () => {
    const reading = await readMachineMemory();
    const meminfo = parseMeminfo(readFileSync("/proc/meminfo", "utf8"));
    expect(reading.meminfo.totalBytes).toBe(meminfo?.totalBytes);
    expect(reading.meminfo.availableBytes).toBeGreaterThan(0);
    expect(reading.meminfo.availableBytes).toBeLessThanOrEqual(reading.meminfo.totalBytes);
    expect(reading.meminfo.swapFreeBytes).toBeLessThanOrEqual(reading.meminfo.swapTotalBytes);
  });

  it("combines cgroup and PSI readings from injectable paths", async () => {
    const reading = await readMachineMemory({
      cgroupRoot: path.join(fixtures, "cgroup", "v2-limited", "root"),
      procSelfCgroupPath: path.join(fixtures, "cgroup", "v2-limited", "proc-self-cgroup"),
      psiPath: path.join(fixtures, "psi-memory-busy.txt"),
    });
    expect(reading.cgroup).toEqual({ limitBytes: 4 * 1024 ** 3, usageBytes: 1024 ** 3 });
    expect(reading.psi).toEqual({ some10: 12.34, full10: 3.5 });
  });

  it("drops a cgroup limit above physical memory (1 PiB here)", async () => {
    const reading = await readMachineMemory({
      cgroupRoot: path.join(fixtures, "cgroup", "v2-over-physical", "root"),
      procSelfCgroupPath: path.join(fixtures, "cgroup", "v2-over-physical", "proc-self-cgroup"),
    });
    expect(reading.cgroup).toEqual({ limitBytes: null, usageBytes: 1024 ** 3 });
  });

  it("gives null parts, not an error, when cgroup and PSI files are missing", async () => {
    const reading = await readMachineMemory({
      procSelfCgroupPath: path.join(fixtures, "missing"),
      psiPath: path.join(fixtures, "missing"),
    });
    expect(reading.cgroup).toBeNull();
    expect(reading.psi).toBeNull();
    expect(reading.meminfo.totalBytes).toBeGreaterThan(0);
  });
});
