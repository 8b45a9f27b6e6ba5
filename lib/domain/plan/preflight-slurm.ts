// The pre-flight checks of a plan whose tracks run on Slurm: Slurm's client commands are on PATH, its configuration
// (SLURM_CONF) can be read, slurmctld answers, and every partition the tracks ask for exists. Pure: the probe
// (lib/executors/slurm/probe.ts) finds the facts, this says what they mean for the plan, so a cluster that cannot
// take the jobs refuses the start instead of failing every Slurm track at once.
import type { Plan, TrackExecutorSpec, TrackPlan } from "../types";
import { failed, type PreflightResult, passed } from "./preflight";

/** The client commands the Slurm executor runs. */
export const SLURM_COMMANDS = ["sbatch", "squeue", "scontrol", "sstat", "scancel"] as const;

/** One partition as `scontrol show partition` reports it. */
export type SlurmPartitionFact = { name: string; isDefault: boolean; state: string };

/** What the probe found; a part it did not ask (an earlier part failed) is null. */
export type SlurmProbe = {
  /** Of SLURM_COMMANDS, those not on PATH. */
  missingCommands: string[];
  /** SLURM_CONF as set (null: unset, so Slurm's default or configless), and why it cannot be read (null: it can). */
  config: { path: string | null; problem: "missing" | "not-a-file" | "unreadable" | null };
  /** `scontrol ping`: slurmctld's answer, or Slurm's words for why there is none. */
  controller: { ok: boolean; message: string } | null;
  /** The partitions slurmctld knows, or why they could not be read. */
  partitions: { ok: true; list: SlurmPartitionFact[] } | { ok: false; message: string } | null;
};

/** The tracks of `plan` that run on Slurm (the normalised plan resolves each track's executor). */
export function slurmTracksOf(plan: Plan): TrackPlan[] {
  return plan.tracks.filter((track) => track.executor?.kind === "slurm");
}

/**
 * The partitions a track's jobs are submitted to: sbatch takes the last of `slurm.partition` and a `--partition`/`-p`
 * in `extraArgs` (which come after it), and a comma list means any of them. Empty: the cluster's default partition.
 */
export function requestedPartitions(spec: TrackExecutorSpec | undefined): string[] {
  if (spec?.kind !== "slurm") return [];
  let value = spec.partition ?? null;
  const args = spec.extraArgs;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith("--partition=")) value = arg.slice("--partition=".length);
    else if ((arg === "--partition" || arg === "-p") && i + 1 < args.length) value = args[++i]!;
    else if (/^-p[^-]/.test(arg)) value = arg.slice(2);
  }
  return (value ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

/** Slurm's results for the plan; none when no track runs on Slurm. */
export function checkSlurm(plan: Plan, probe: SlurmProbe): PreflightResult[] {
  const tracks = slurmTracksOf(plan);
  if (tracks.length === 0) return [];
  const results: PreflightResult[] = [];
  const keys = tracks.map((track) => track.key).join(", ");

  if (probe.missingCommands.length > 0) {
    results.push(
      failed(
        "slurm",
        keys,
        `Slurm's client commands ${probe.missingCommands.join(", ")} are not on PATH: install them on this host ` +
          "(Debian: slurm-client) or run these tracks with executor: local",
      ),
    );
  } else results.push(passed("slurm", keys, `Slurm's commands found (${SLURM_COMMANDS.join(", ")})`));

  const { path, problem } = probe.config;
  if (path !== null) {
    if (problem === null) results.push(passed("slurm", null, `SLURM_CONF ${path} can be read`));
    else results.push(failed("slurm", null, `SLURM_CONF names ${path}, which ${CONFIG_PROBLEMS[problem]}`));
  }

  if (probe.controller?.ok === true) {
    results.push(passed("slurm", null, `slurmctld answers (${probe.controller.message})`));
  } else if (probe.controller) {
    results.push(
      failed(
        "slurm",
        null,
        `slurmctld does not answer, so no job could be submitted: ${probe.controller.message}` +
          (path === null ? " (SLURM_CONF is not set: Slurm's default configuration was used)" : ""),
      ),
    );
  }

  if (probe.partitions?.ok === false) {
    results.push(
      failed("slurm", keys, `Slurm's partitions could not be read: ${probe.partitions.message}`, "warning"),
    );
  } else if (probe.partitions?.ok === true) {
    results.push(...checkPartitions(tracks, probe.partitions.list));
  }
  return results;
}

const CONFIG_PROBLEMS: Record<NonNullable<SlurmProbe["config"]["problem"]>, string> = {
  missing: "does not exist: point it at the cluster's slurm.conf (or unset it for Slurm's default)",
  "not-a-file": "is not a file: point it at the cluster's slurm.conf",
  unreadable: "this server cannot read: give it read access (Slurm's commands read it)",
};

/** Each partition the tracks ask for (or the default one) exists and is up; tracks asking for the same are one result. */
function checkPartitions(tracks: readonly TrackPlan[], partitions: readonly SlurmPartitionFact[]) {
  const byRequest = new Map<string, { names: string[]; keys: string[] }>();
  for (const track of tracks) {
    const names = requestedPartitions(track.executor);
    const id = names.join(",");
    const entry = byRequest.get(id) ?? { names, keys: [] };
    entry.keys.push(track.key);
    byRequest.set(id, entry);
  }
  const known = partitions.map((p) => p.name).join(", ") || "none";
  const results: PreflightResult[] = [];
  for (const { names, keys } of byRequest.values()) {
    const who = keys.join(", ");
    if (names.length === 0) {
      const fallback = partitions.find((p) => p.isDefault);
      if (fallback) results.push(stateResult(fallback, who, `the default partition ${fallback.name}`));
      else {
        results.push(
          failed(
            "slurm",
            who,
            `no partition is named (slurm.partition) and the cluster has no default partition: name one of ${known}`,
          ),
        );
      }
      continue;
    }
    for (const name of names) {
      const found = partitions.find((p) => p.name === name);
      results.push(
        found
          ? stateResult(found, who, `partition ${name}`)
          : failed("slurm", who, `partition ${name} does not exist on this cluster (it has: ${known})`),
      );
    }
  }
  return results;
}

/** A partition that is not UP takes the jobs but does not start them (DOWN, DRAIN) or refuses them (INACTIVE). */
function stateResult(partition: SlurmPartitionFact, who: string, label: string): PreflightResult {
  const state = partition.state.toUpperCase();
  if (state === "UP") return passed("slurm", who, `${label} exists and is up`);
  if (state === "INACTIVE") return failed("slurm", who, `${label} is INACTIVE: Slurm refuses jobs for it`);
  return failed(
    "slurm",
    who,
    `${label} is ${state || "in an unknown state"}: its jobs wait until an administrator sets it UP`,
    "warning",
  );
}
