// The batch script and sbatch options for one track: its agents start together inside one job, each with its
// stdout, stderr and exit status in files in the data directory, so logs and progress lines flow as for local
// agents. How one agent is launched is a separate function (AgentLauncher), so the plain-files launcher below can
// give way to the native shim (timestamped lines, exit status) without touching the rest.
import path from "node:path";

/** One agent of the track, as the job starts it. */
export type SlurmAgent = {
  name: string;
  /** Shell command (run with /bin/sh -c, as the local supervisor does). */
  command: string;
  /** Run instead of `command` when Slurm requeued the job (SLURM_RESTART_COUNT > 0); null = `command`. */
  resumeCommand: string | null;
  /**
   * A file that, when it exists and is not empty at a restart, holds the command to run instead (before
   * resumeCommand): Paratrack writes the agent's resume command with its session there before `scontrol requeue`.
   */
  resumeCommandFile?: string | null;
};

/** Everything needed to turn a track into a job. */
export type SlurmTrackJob = {
  runId: string;
  trackKey: string;
  /** Where the script, the job's own output and each agent's files go; in the data directory. */
  outputDir: string;
  workdir: string;
  /** The track's env; PARATRACK_* values are set by Paratrack. */
  env: Record<string, string>;
  agents: SlurmAgent[];
  /**
   * The attempt number of the agents' files for the job's first run (0 = `<agent>.0.*`); each requeue of the same
   * job counts on from it (SLURM_RESTART_COUNT). A new job of a track that ran before starts past the files of its
   * earlier jobs, so no attempt writes into another's log or finds another's exit status. Default 0.
   */
  attemptBase?: number;
  /** --mem: the track's RAM estimate or learned peak, bytes (rounded up to MiB); null = the partition's default. */
  memBytes: number | null;
  slurm: { partition?: string | null; account?: string | null; extraArgs?: readonly string[] };
  url?: string | null;
  model?: string | null;
};

/** The files of one agent in one attempt (attempt = the job's attempt base + Slurm's restart count, 0 first). */
export type SlurmAgentFiles = { stdout: string; stderr: string; exit: string };

/**
 * Writes the shell lines that start one agent in the background (ending with `&`, so `$!` is its process group
 * leader) and record its exit status.
 */
export type AgentLauncher = (agent: {
  name: string;
  /** Shell expression (already quoted) that evaluates to the command to run. */
  commandExpression: string;
  workdir: string;
  /** Shell expressions (quoted, with $paratrack_attempt inside) of the agent's files. */
  files: SlurmAgentFiles;
}) => string[];

/** The job's files and options; submit with `sbatch --parsable <sbatchArgs> <scriptPath>`. */
export type SlurmBatchJob = {
  jobName: string;
  scriptPath: string;
  script: string;
  sbatchArgs: string[];
};

const MIB = 1024 * 1024;

/** Single-quotes a value for sh. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A name safe in file names and Slurm job names. */
export function safeName(value: string): string {
  return value.replace(/[^\w.-]/g, "_");
}

/** `paratrack-<run>-<track>`: how Paratrack finds its jobs in squeue. */
export function slurmJobName(runId: string, trackKey: string): string {
  return `paratrack-${safeName(runId)}-${safeName(trackKey)}`;
}

/** Where the agent's files are for `attempt` (the job's attempt base plus its restart count when it ran). */
export function slurmAgentFiles(outputDir: string, agentName: string, attempt: number): SlurmAgentFiles {
  const base = path.join(outputDir, `${safeName(agentName)}.${attempt}`);
  return { stdout: `${base}.out`, stderr: `${base}.err`, exit: `${base}.exit` };
}

// The same paths as shell expressions with the attempt read at run time: '<dir>/<agent>.'"$paratrack_attempt"'.out'.
function agentFileExpressions(outputDir: string, agentName: string): SlurmAgentFiles {
  const base = shellQuote(`${path.join(outputDir, safeName(agentName))}.`);
  const at = (suffix: string) => `${base}"$paratrack_attempt"${shellQuote(suffix)}`;
  return { stdout: at(".out"), stderr: at(".err"), exit: at(".exit") };
}

/**
 * `<dir>/paratrack-<run>-<track>.<attemptBase>.sbatch`: the script of each job is its own file, and its name (Slurm's
 * `Command`) tells a later server which attempt the job's files count from.
 */
export function slurmScriptPath(outputDir: string, jobName: string, attemptBase: number): string {
  return path.join(outputDir, `${jobName}.${attemptBase}.sbatch`);
}

/** The attempt base a job was submitted with, read back from its script's name; 0 for a script named without one. */
export function slurmAttemptBaseOf(command: string | null): number {
  const match = /\.(\d+)\.sbatch$/.exec(command?.trim() ?? "");
  return match ? Number(match[1]) : 0;
}

/** Which `<agent>.<attempt>` files a job's current run writes: its attempt base plus Slurm's restart count. */
export function slurmJobAttempt(job: { command: string | null; restarts: number }): number {
  return slurmAttemptBaseOf(job.command) + job.restarts;
}

// The exit file and the launchers' temporary ones, for `rm -f`.
function exitFiles(outputDir: string, agentName: string): string {
  const { exit } = agentFileExpressions(outputDir, agentName);
  return [exit, `${exit}.tmp`, `${exit}.code`].join(" ");
}

/** The job's own stdout/stderr file (Slurm's messages, such as an OOM kill, land there). */
export function slurmJobOutputPattern(outputDir: string): string {
  return path.join(outputDir, "job-%j.out");
}

/**
 * Plain files: stdout and stderr as written, and `<agent>.<attempt>.exit` holding the exit status (128+n for
 * signal n). The wrapper survives SIGTERM (a handler, reset in the agent on exec) so it can record the agent's end.
 */
export const plainFilesLauncher: AgentLauncher = ({ commandExpression, workdir, files }) => [
  "(",
  "  trap 'true' TERM INT",
  `  cd ${shellQuote(workdir)} 2>>${files.stderr} || { echo 2 >${files.exit}; exit 2; }`,
  `  /bin/sh -c ${commandExpression} >>${files.stdout} 2>>${files.stderr} </dev/null`,
  "  code=$?",
  `  echo "$code" >${files.exit}.tmp && mv ${files.exit}.tmp ${files.exit}`,
  ") &",
];

/**
 * One log per agent in paratrack-shim's line format ("<ISO ms> out|err <text>", lib/agents/log-line.ts) in its
 * `.out` file, so the engine's log follower reads a Slurm agent as it reads a local one; `.exit` as plainFilesLauncher.
 * The pipeline ends only when both streams are written out, so every line is in the log before the exit file.
 */
export const stampedLogLauncher: AgentLauncher = ({ commandExpression, workdir, files }) => [
  "(",
  "  trap 'true' TERM INT",
  '  stamp() { trap \'\' TERM INT; while IFS= read -r line || [ -n "$line" ]; do printf \'%s %s %s\\n\' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$1" "$line"; done; }',
  `  if ! cd ${shellQuote(workdir)} 2>/dev/null; then echo "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ) sys cannot enter the workdir" >>${files.stdout}; echo 2 >${files.exit}; exit 2; fi`,
  `  { { trap 'true' TERM INT; /bin/sh -c ${commandExpression} </dev/null; echo "$?" >${files.exit}.code; } 2>&1 1>&3 3>&- | stamp err >>${files.stdout}; } 3>&1 | stamp out >>${files.stdout}`,
  `  mv ${files.exit}.code ${files.exit}.tmp 2>/dev/null || echo 1 >${files.exit}.tmp; mv ${files.exit}.tmp ${files.exit}`,
  ") &",
];

/** Builds the script and the sbatch options for a track. */
export function buildSlurmBatchJob(
  job: SlurmTrackJob,
  launch: AgentLauncher = plainFilesLauncher,
): SlurmBatchJob {
  if (job.agents.length === 0) throw new Error(`track ${job.trackKey} has no agents to run`);
  const attemptBase = job.attemptBase ?? 0;
  if (!Number.isInteger(attemptBase) || attemptBase < 0)
    throw new Error(`attempt base ${attemptBase} is not a whole number ≥ 0`);
  const jobName = slurmJobName(job.runId, job.trackKey);
  const scriptPath = slurmScriptPath(job.outputDir, jobName, attemptBase);
  const env: Record<string, string> = {
    ...job.env,
    PARATRACK_RUN: job.runId,
    PARATRACK_TRACK: job.trackKey,
    ...(job.url ? { PARATRACK_URL: job.url } : {}),
    ...(job.model ? { PARATRACK_MODEL: job.model } : {}),
  };
  const lines = [
    "#!/bin/bash",
    `# Paratrack: track ${job.trackKey} of run ${job.runId}, written by lib/executors/slurm/batch-script.ts.`,
    "# Starts every agent at once, each writing <agent>.<attempt>.out/.err/.exit beside this script.",
    "# paratrack_restart: how often Slurm requeued this job; paratrack_attempt: which files this run writes, counted",
    "# on from the attempts before this job (its base), so a new job of a track never writes into an earlier job's files.",
    "# (Prefixed: the track's env, exported below, may name its own variables attempt or restart.)",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
    "paratrack_restart=${SLURM_RESTART_COUNT:-0}",
    `paratrack_attempt=$((${attemptBase} + paratrack_restart))`,
    `mkdir -p ${shellQuote(job.outputDir)}`,
    ...Object.entries(env)
      .filter(([key]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      .map(([key, value]) => `export ${key}=${shellQuote(value)}`),
    "unset PARATRACK_AGENT",
    "# sbatch exports the submitter's environment: the server's own token must not reach the agents.",
    "unset PARATRACK_TOKEN",
    "# Slurm signals only this shell when the job is cancelled or requeued (SIGKILL for all follows after KillWait):",
    "# pass the signal on to each agent's process group, as a local stop does, so they can end cleanly. Job control",
    "# (set -m) gives every agent its own group, so nothing outside the agents is signalled.",
    "set -m",
    "agents=''",
    "forward() { trap '' TERM INT; for pid in $agents; do kill -TERM -- \"-$pid\" 2>/dev/null; done; }",
    "trap forward TERM INT",
  ];
  job.agents.forEach((agent, index) => {
    const variable = `command_${index}`;
    lines.push(
      "",
      `# agent ${agent.name}`,
      agent.resumeCommand === null
        ? `${variable}=${shellQuote(agent.command)}`
        : `if [ "$paratrack_restart" -gt 0 ]; then ${variable}=${shellQuote(agent.resumeCommand)}; else ${variable}=${shellQuote(agent.command)}; fi`,
      ...(agent.resumeCommandFile
        ? [
            `if [ "$paratrack_restart" -gt 0 ] && [ -s ${shellQuote(agent.resumeCommandFile)} ]; then ${variable}=$(cat ${shellQuote(agent.resumeCommandFile)}); fi`,
          ]
        : []),
      `export PARATRACK_AGENT=${shellQuote(agent.name)}`,
      // A stale exit status in this run's exit file (an earlier job that wrote the same files) must not stand for it.
      `rm -f ${exitFiles(job.outputDir, agent.name)}`,
      ...launch({
        name: agent.name,
        commandExpression: `"$${variable}"`,
        workdir: job.workdir,
        files: agentFileExpressions(job.outputDir, agent.name),
      }),
      'agents="$agents $!"',
      "unset PARATRACK_AGENT",
    );
  });
  lines.push(
    "",
    "# Wait for every agent; a trapped signal interrupts wait, so wait again until none is left.",
    'while [ -n "$(jobs -pr)" ]; do wait; done',
    "status=0",
    ...job.agents.map(
      (agent) =>
        `code=$(cat ${agentFileExpressions(job.outputDir, agent.name).exit} 2>/dev/null || echo 1); [ "$code" = 0 ] || status=1`,
    ),
    'exit "$status"',
    "",
  );

  const sbatchArgs = [
    `--job-name=${jobName}`,
    `--output=${slurmJobOutputPattern(job.outputDir)}`,
    "--open-mode=append",
    `--chdir=${job.outputDir}`,
    "--requeue",
    ...(job.memBytes !== null ? [`--mem=${Math.max(1, Math.ceil(job.memBytes / MIB))}M`] : []),
    ...(job.slurm.partition ? [`--partition=${job.slurm.partition}`] : []),
    ...(job.slurm.account ? [`--account=${job.slurm.account}`] : []),
    ...(job.slurm.extraArgs ?? []),
  ];
  return { jobName, scriptPath, script: lines.join("\n"), sbatchArgs };
}
