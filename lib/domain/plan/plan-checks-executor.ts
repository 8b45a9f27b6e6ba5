// Slurm settings only shape the sbatch of tracks that run on Slurm (resolveTrackExecutor: a track's executor, else the
// plan's, else local). Settings no track reads are ignored, which a lead would not guess: a warning says so.
import type { Finding } from "./plan-finding";

type RawTrack = { index: number; data: Record<string, unknown>; key: string | undefined };

/** Warnings at a plan's or a track's `slurm:` block that no Slurm track uses. */
export function warnUnusedSlurmSettings(
  raw: Record<string, unknown>,
  tracks: readonly RawTrack[],
): Finding[] {
  const planExecutor = executorOf(raw);
  // An executor the schema refuses leaves the choice unknown: say nothing rather than guess.
  if (planExecutor === "invalid" || tracks.some((track) => executorOf(track.data) === "invalid")) return [];
  const runsOnSlurm = (track: RawTrack) => (executorOf(track.data) ?? planExecutor ?? "local") === "slurm";
  const findings: Finding[] = [];
  if (raw.slurm !== undefined && tracks.length > 0 && !tracks.some(runsOnSlurm)) {
    findings.push({
      path: ["slurm"],
      at: "key",
      message:
        'these Slurm settings are ignored: no track runs on Slurm; set executor: slurm on the plan or on a track (or remove "slurm")',
      severity: "warning",
    });
  }
  for (const track of tracks) {
    if (track.data.slurm === undefined || runsOnSlurm(track)) continue;
    const label = track.key === undefined ? `tracks[${track.index}]` : `track "${track.key}"`;
    findings.push({
      path: ["tracks", track.index, "slurm"],
      at: "key",
      message: `these Slurm settings are ignored: ${label} runs locally; set executor: slurm on it (or remove "slurm")`,
      severity: "warning",
    });
  }
  return findings;
}

function executorOf(data: Record<string, unknown>): "local" | "slurm" | "invalid" | undefined {
  const { executor } = data;
  if (executor === undefined) return undefined;
  return executor === "local" || executor === "slurm" ? executor : "invalid";
}
