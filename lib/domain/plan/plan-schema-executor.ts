// Where a plan's tracks run (issue 16): on this machine under the local supervisor (the default), or as Slurm jobs.
// Spread into the plan and track objects (plan-schema.ts, plan-schema-track.ts); a track's own choice overrides the plan's.
import { z } from "zod";
import type { TrackExecutorSpec } from "../types";

const slurmSettingsSchema = z
  .strictObject({
    partition: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("Slurm partition (sbatch --partition); default: the cluster's default partition."),
    account: z.string().min(1).max(200).optional().describe("Slurm account (sbatch --account)."),
    extraArgs: z
      .array(
        z
          .string()
          .min(1)
          .max(500)
          .regex(/^--?[A-Za-z]/, { error: 'expected an sbatch option such as "--gres=gpu:1"' }),
      )
      .max(32)
      .optional()
      .describe('More sbatch options, each one argument, e.g. ["--gres=gpu:1", "--time=2-00:00:00"].'),
  })
  .describe("How the tracks are submitted to Slurm (with executor: slurm).");

/** Plan and track fields: the executor and its Slurm settings. */
export const executorFields = {
  executor: z
    .enum(["local", "slurm"], { error: 'expected "local" or "slurm"' })
    .optional()
    .describe(
      '"local" (default): agents run on this machine; "slurm": each track becomes one Slurm job (sbatch, with --mem from its ram).',
    ),
  slurm: slurmSettingsSchema.optional(),
};

type ExecutorFields = {
  executor?: "local" | "slurm" | undefined;
  slurm?: { partition?: string | undefined; account?: string | undefined; extraArgs?: string[] | undefined };
};

/** The track's executor: its own choice, else the plan's; Slurm settings merged field by field (track first). */
export function resolveTrackExecutor(plan: ExecutorFields, track: ExecutorFields): TrackExecutorSpec {
  const kind = track.executor ?? plan.executor ?? "local";
  if (kind === "local") return { kind: "local" };
  return {
    kind: "slurm",
    partition: track.slurm?.partition ?? plan.slurm?.partition ?? null,
    account: track.slurm?.account ?? plan.slurm?.account ?? null,
    extraArgs: [...(track.slurm?.extraArgs ?? plan.slurm?.extraArgs ?? [])],
  };
}
