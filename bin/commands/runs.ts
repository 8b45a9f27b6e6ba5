// `paratrack runs list` and `paratrack runs delete <id...>`: the stored runs, and deleting ended ones with their
// records and agents' logs (their branches and worktrees stay: `paratrack cleanup` removes merged ones).
import { Command } from "commander";
import { formatBytes, formatDuration } from "../../lib/domain/units";
import type { DeletedRunView, RunView } from "../../lib/domain/views";
import { askServer } from "./ask-server";
import { alignColumns, statusBaseUrl } from "./status";

type ServerOptions = { url?: string };

export function createRunsCommand(): Command {
  const runs = new Command("runs").description("the stored runs: list them, delete ended ones");
  runs
    .command("list")
    .description("every stored run, newest first: id, outcome, start, length, tracks")
    .option("--url <url>", "the server (default PARATRACK_URL or http://127.0.0.1:$PORT)")
    .action(async (options: ServerOptions) => {
      process.exitCode = await listRuns(options, process.env);
    });
  runs
    .command("delete")
    .description(
      "delete ended runs (not the server's current one) with their records and agents' logs; branches stay",
    )
    .argument("<id...>", "run ids, as `paratrack runs list` shows them")
    .option("--url <url>", "the server (default PARATRACK_URL or http://127.0.0.1:$PORT)")
    .action(async (ids: string[], options: ServerOptions) => {
      process.exitCode = await deleteRuns(ids, options, process.env);
    });
  return runs;
}

function headersFor(env: Record<string, string | undefined>): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (env.PARATRACK_TOKEN) headers.authorization = `Bearer ${env.PARATRACK_TOKEN}`;
  return headers;
}

/** Prints the runs; exit code 0, 1 refused, 2 unreachable. */
export async function listRuns(
  options: ServerOptions,
  env: Record<string, string | undefined>,
): Promise<number> {
  const url = `${statusBaseUrl(options.url, env)}/api/runs`;
  const answer = await askServer(url, { headers: headersFor(env) });
  if (answer.kind === "unreachable") {
    console.error(`paratrack runs list: cannot reach ${url}: ${answer.reason}`);
    return 2;
  }
  if (answer.kind === "refused") {
    console.error(`paratrack runs list: ${answer.message} (${answer.status})`);
    return 1;
  }
  const runs = JSON.parse(answer.text) as RunView[];
  if (runs.length === 0) console.log("No run is stored.");
  else for (const line of formatRunsTable(runs)) console.log(line);
  return 0;
}

/** A header and one row per run, columns aligned, as `paratrack status` lays out its tracks. */
export function formatRunsTable(runs: readonly RunView[]): string[] {
  const header = ["ID", "STATUS", "STARTED", "LENGTH", "TRACKS", "NAME"];
  const rows = runs.map((run) => [
    run.id,
    run.status,
    run.startedAt.slice(0, 16).replace("T", " "),
    run.endedAt ? formatDuration(Date.parse(run.endedAt) - Date.parse(run.startedAt)) : "-",
    `${run.trackCount} track${run.trackCount === 1 ? "" : "s"}`,
    run.name,
  ]);
  return alignColumns(header, rows);
}

/** Deletes each run; exit code 0 all deleted, 1 one was refused (the others still go), 2 unreachable. */
export async function deleteRuns(
  ids: readonly string[],
  options: ServerOptions,
  env: Record<string, string | undefined>,
): Promise<number> {
  let code = 0;
  for (const id of ids) {
    const url = `${statusBaseUrl(options.url, env)}/api/runs/${encodeURIComponent(id)}`;
    const answer = await askServer(url, { method: "DELETE", headers: headersFor(env), body: "{}" });
    if (answer.kind === "unreachable") {
      console.error(`paratrack runs delete: cannot reach ${url}: ${answer.reason}`);
      return 2;
    }
    if (answer.kind === "refused") {
      console.error(`paratrack runs delete ${id}: ${answer.message} (${answer.status})`);
      code = 1;
      continue;
    }
    const deleted = JSON.parse(answer.text) as DeletedRunView;
    for (const folder of deleted.logsLeft ?? [])
      console.error(`paratrack runs delete ${id}: could not remove ${folder}: remove it by hand`);
    console.log(
      `Deleted run "${deleted.name}" (${id}): ${deleted.tracks} track${deleted.tracks === 1 ? "" : "s"}, ${formatBytes(deleted.logBytes)} of agent logs`,
    );
  }
  return code;
}
