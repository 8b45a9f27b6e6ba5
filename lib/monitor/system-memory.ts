// One reading of the machine's memory: totals (systeminformation), our cgroup's limit and usage, and PSI.
import si from "systeminformation";
import { readCgroupMemory } from "./cgroup";
import { type PsiReading, readPsi } from "./psi";

export type MachineMemoryReading = {
  meminfo: { totalBytes: number; availableBytes: number; swapTotalBytes: number; swapFreeBytes: number };
  cgroup: { limitBytes: number | null; usageBytes: number | null } | null;
  psi: PsiReading | null;
};

export type ReadMachineMemoryOptions = {
  cgroupRoot?: string;
  procSelfCgroupPath?: string;
  psiPath?: string;
};

/**
 * Reads memory once; meant to run every second. Checked cheap: on Linux si.mem() only reads /proc/meminfo
 * (no child process; ~1 ms per call here), and the cgroup and PSI parts are a handful of small file reads.
 * Never rejects for missing cgroup or PSI files: those parts come back null.
 */
export async function readMachineMemory(
  options: ReadMachineMemoryOptions = {},
): Promise<MachineMemoryReading> {
  const [mem, cgroup, psi] = await Promise.all([
    si.mem(),
    readCgroupMemory({ root: options.cgroupRoot, procSelfCgroupPath: options.procSelfCgroupPath }),
    readPsi(options.psiPath),
  ]);
  // Read in parallel, so the "limit above physical memory means none" rule is applied here.
  const limitBytes = cgroup?.limitBytes != null && cgroup.limitBytes <= mem.total ? cgroup.limitBytes : null;
  return {
    meminfo: {
      totalBytes: mem.total,
      availableBytes: mem.available,
      swapTotalBytes: mem.swaptotal,
      swapFreeBytes: mem.swapfree,
    },
    cgroup: cgroup ? { limitBytes, usageBytes: cgroup.usageBytes } : null,
    psi,
  };
}
