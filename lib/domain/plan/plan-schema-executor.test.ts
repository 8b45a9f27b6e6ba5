import { describe, expect, it } from "vitest";
import { planFileSchema } from "./plan-schema";
import { resolveTrackExecutor } from "./plan-schema-executor";

describe("executor in the plan", () => {
  it("is local by default; a track's choice and Slurm settings override the plan's field by field", () => {
    expect(resolveTrackExecutor({}, {})).toEqual({ kind: "local" });
    const plan = {
      executor: "slurm" as const,
      slurm: { partition: "gpu", account: "lab", extraArgs: ["--gres=gpu:1"] },
    };
    expect(resolveTrackExecutor(plan, {})).toEqual({
      kind: "slurm",
      partition: "gpu",
      account: "lab",
      extraArgs: ["--gres=gpu:1"],
    });
    expect(resolveTrackExecutor(plan, { slurm: { partition: "cpu" } })).toMatchObject({
      partition: "cpu",
      account: "lab",
    });
    expect(resolveTrackExecutor(plan, { executor: "local" })).toEqual({ kind: "local" });
  });

  it("refuses an unknown executor and an extra argument that is not an sbatch option", () => {
    const base = { name: "p", tracks: [{ key: "a", command: "x" }] };
    expect(planFileSchema.safeParse({ ...base, executor: "kubernetes" }).success).toBe(false);
    expect(
      planFileSchema.safeParse({ ...base, executor: "slurm", slurm: { extraArgs: ["rm -rf"] } }).success,
    ).toBe(false);
    expect(
      planFileSchema.safeParse({ ...base, executor: "slurm", slurm: { extraArgs: ["--time=1:00:00"] } })
        .success,
    ).toBe(true);
  });
});
