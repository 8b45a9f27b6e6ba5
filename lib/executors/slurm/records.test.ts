import { describe, expect, it } from "vitest";
import {
  parseSlurmDuration,
  parseSlurmExitCode,
  parseSlurmRecord,
  parseSlurmRecords,
  parseSlurmSize,
  parseSlurmTime,
} from "./records";

describe("parseSlurmRecord", () => {
  it("splits Key=Value pairs, keeping spaces and '=' inside values", () => {
    const record = parseSlurmRecord(
      "NodeName=localhost OS=Linux 6.18.44-fc-v1272 #1 SMP PREEMPT_DYNAMIC @0  RealMemory=23623 CfgTRES=cpu=2,mem=23623M,billing=2 AllocTRES= Socks/Node=* NtasksPerN:B:S:C=0:0:*:* Reason=disk failing [admin] [root@2026-12-04T21:18:04]",
    );
    expect(record).toEqual({
      NodeName: "localhost",
      OS: "Linux 6.18.44-fc-v1272 #1 SMP PREEMPT_DYNAMIC @0",
      RealMemory: "23623",
      CfgTRES: "cpu=2,mem=23623M,billing=2",
      AllocTRES: "",
      "Socks/Node": "*",
      "NtasksPerN:B:S:C": "0:0:*:*",
      Reason: "disk failing [admin] [root@2026-12-04T21:18:04]",
    });
  });

  it("reads one record per line and ignores lines without pairs", () => {
    expect(parseSlurmRecords("A=1 B=2\n\nno pairs here\nA=3\n")).toEqual([{ A: "1", B: "2" }, { A: "3" }]);
  });
});

describe("parseSlurmSize", () => {
  it("reads Slurm's binary suffixes, and bare numbers in the unit the field uses", () => {
    expect(parseSlurmSize("216K")).toBe(216 * 1024);
    expect(parseSlurmSize("88516K")).toBe(88516 * 1024);
    expect(parseSlurmSize("1.50G")).toBe(1.5 * 1024 ** 3);
    expect(parseSlurmSize("100M")).toBe(100 * 1024 ** 2);
    expect(parseSlurmSize("0")).toBe(0);
    expect(parseSlurmSize("512")).toBe(512);
    expect(parseSlurmSize("23623", "M")).toBe(23623 * 1024 ** 2);
    expect(parseSlurmSize("2T", "M")).toBe(2 * 1024 ** 4);
  });

  it("gives null for unset and malformed values", () => {
    for (const value of [undefined, "", "N/A", "(null)", "None", "12X", "lots"])
      expect(parseSlurmSize(value)).toBeNull();
  });
});

describe("exit codes, times and durations", () => {
  it("reads status:signal", () => {
    expect(parseSlurmExitCode("0:125")).toEqual({ status: 0, signal: 125 });
    expect(parseSlurmExitCode("7:0")).toEqual({ status: 7, signal: 0 });
    expect(parseSlurmExitCode("garbage")).toBeNull();
  });

  it("reads local times and leaves Unknown/None unset", () => {
    expect(parseSlurmTime("2026-12-04T21:04:00")).toBe(new Date(2026, 11, 4, 21, 4, 0).getTime());
    expect(parseSlurmTime("Unknown")).toBeNull();
    expect(parseSlurmTime("None")).toBeNull();
  });

  it("reads elapsed times with days, hours, minutes", () => {
    expect(parseSlurmDuration("0:08")).toBe(8);
    expect(parseSlurmDuration("00:00:08")).toBe(8);
    expect(parseSlurmDuration("1:02:03")).toBe(3723);
    expect(parseSlurmDuration("2-01:00:00")).toBe(2 * 86_400 + 3600);
    expect(parseSlurmDuration("UNLIMITED")).toBeNull();
  });
});
