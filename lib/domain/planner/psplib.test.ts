import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePsplibInstance, parsePsplibOptima } from "./psplib";

// A 4-job instance in PSPLIB's .sm layout (two real jobs between source and sink, two resources).
const SMALL_SM = `************************************************************************
file with basedata            : tiny.bas
initial value random generator: 1
************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  4
horizon                       :  7
RESOURCES
  - renewable                 :  2   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      2      0        5        1        4
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0        
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  R 2
------------------------------------------------------------------------
  1      1     0       0    0
  2      1     3       2    1
  3      1     4       1    3
  4      1     0       0    0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1  R 2
    2    4
************************************************************************
`;

describe("parsePsplibInstance", () => {
  it("reads jobs, predecessors (from successor lists), demands and capacities", () => {
    const { problem, horizon, mpmTime } = parsePsplibInstance(SMALL_SM);
    expect(horizon).toBe(7);
    expect(mpmTime).toBe(4);
    expect(problem.capacities).toEqual([2, 4]);
    expect(problem.jobs).toEqual([
      { id: "1", duration: 0, demands: [0, 0], predecessors: [] },
      { id: "2", duration: 3, demands: [2, 1], predecessors: ["1"] },
      { id: "3", duration: 4, demands: [1, 3], predecessors: ["1"] },
      { id: "4", duration: 0, demands: [0, 0], predecessors: ["2", "3"] },
    ]);
  });

  it("accepts CRLF line endings", () => {
    expect(parsePsplibInstance(SMALL_SM.replace(/\n/g, "\r\n")).problem.jobs).toHaveLength(4);
  });

  it("rejects a truncated file", () => {
    expect(() => parsePsplibInstance(SMALL_SM.slice(0, SMALL_SM.indexOf("REQUESTS")))).toThrow(/PSPLIB/);
    expect(() => parsePsplibInstance(SMALL_SM.replace("2           2   3", "3           2   3"))).toThrow(
      /job 1 lists 2 of 3 successors/,
    );
  });

  const file = path.resolve(__dirname, "../../../../shared/benchmarks/psplib/j30/j301_1.sm");
  it.skipIf(!existsSync(file))(
    `reads j301_1 from the shared benchmarks${existsSync(file) ? "" : " (skipped: ../shared/benchmarks/psplib is absent)"}`,
    () => {
      const { problem, horizon, mpmTime } = parsePsplibInstance(readFileSync(file, "utf8"));
      expect(problem.jobs).toHaveLength(32);
      expect(problem.capacities).toEqual([12, 13, 4, 12]);
      expect(horizon).toBe(158);
      expect(mpmTime).toBe(38);
      expect(problem.jobs[1]).toEqual({ id: "2", duration: 8, demands: [4, 0, 0, 0], predecessors: ["1"] });
      expect(problem.jobs[31]?.predecessors).toEqual(["29", "30", "31"]);
      expect(problem.jobs.reduce((s, j) => s + j.duration, 0)).toBe(horizon);
    },
  );
});

describe("parsePsplibOptima", () => {
  it("maps parameter and instance to the makespan, named after the instance set", () => {
    const text = `==================================================================
Instance Set            : j30
Type                    : sm
==================================================================
Average CPU-Time : 28.97
==================================================================
Paramter Instance Makespan CPU-Time[sec.]
------------------------------------------------------------------
1       1         43       0.30
1       10        47       0.11
48      10        54       0.01
=================================================================
`;
    expect(parsePsplibOptima(text)).toEqual({ j301_1: 43, j301_10: 47, j3048_10: 54 });
  });

  const file = path.resolve(__dirname, "../../../../shared/benchmarks/psplib/j30opt.sm");
  it.skipIf(!existsSync(file))("reads all 480 j30 optima (34 to 129, mean 58.99)", () => {
    const optima = Object.values(parsePsplibOptima(readFileSync(file, "utf8")));
    expect(optima).toHaveLength(480);
    expect(Math.min(...optima)).toBe(34);
    expect(Math.max(...optima)).toBe(129);
    expect(optima.reduce((s, x) => s + x, 0) / 480).toBeCloseTo(58.99, 2);
  });
});
