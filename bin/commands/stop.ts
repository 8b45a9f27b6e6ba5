// `paratrack stop [--detach | --end-agents]`: stops a running server, leaving its agents running for the next start
// to re-attach (--detach) or ending them with it (--end-agents); default: the server's PARATRACK_ON_SHUTDOWN. A viewer
// (a server that only serves pages on a shared PostgreSQL, as GET /api/health says) has no agents: it just stops.
import { Command } from "commander";
import { askServer } from "./ask-server";
import { statusBaseUrl } from "./status";

export type StopOptions = { url?: string; detach?: boolean; endAgents?: boolean };

export function createStopCommand(): Command {
  return new Command("stop")
    .description("stop the running server; its agents keep running (--detach) or end with it (--end-agents)")
    .option("--url <url>", "the server (default PARATRACK_URL or http://127.0.0.1:$PORT)")
    .option(
      "--detach",
      "leave the agents running; the next start on the same data directory re-attaches them",
    )
    .option(
      "--end-agents",
      "end every agent with the server (SIGTERM, then SIGKILL) and end the run as stopped",
    )
    .action(async (options: StopOptions) => {
      process.exitCode = await stopServer(options, process.env);
    });
}

/** Asks the server to stop; returns the exit code (0 asked, 1 refused, 2 bad flags or unreachable). */
export async function stopServer(
  options: StopOptions,
  env: Record<string, string | undefined>,
): Promise<number> {
  if (options.detach && options.endAgents) {
    console.error("paratrack stop: give --detach or --end-agents, not both");
    return 2;
  }
  const agents = options.detach ? "detach" : options.endAgents ? "stop" : undefined;
  const base = statusBaseUrl(options.url, env);
  const url = `${base}/api/server/stop`;
  // Asked first (it answers without a token): after the stop there is nobody left to ask.
  const role = await serverRole(base);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (env.PARATRACK_TOKEN) headers.authorization = `Bearer ${env.PARATRACK_TOKEN}`;
  const answer = await askServer(url, {
    method: "POST",
    headers,
    body: JSON.stringify(agents ? { agents } : {}),
  });
  if (answer.kind === "unreachable") {
    console.error(`paratrack stop: cannot reach ${url}: ${answer.reason}`);
    return 2;
  }
  if (answer.kind === "refused") {
    console.error(`paratrack stop: ${answer.message} (${answer.status})`);
    return 1;
  }
  const { agents: chosen } = JSON.parse(answer.text) as { agents: "detach" | "stop" };
  console.log(
    role === "viewer"
      ? "The server is stopping; it only served pages (a viewer): it ran no agents, and the engine that owns the database keeps running them"
      : chosen === "detach"
        ? "The server is stopping; its agents keep running and are re-attached at the next start"
        : "The server is stopping and ending its agents",
  );
  return 0;
}

/** "owner" or "viewer" on a shared PostgreSQL, else null (a lone server, or one that did not say). */
async function serverRole(base: string): Promise<"owner" | "viewer" | null> {
  const answer = await askServer(`${base}/api/health`, {}, 3_000);
  if (answer.kind !== "ok") return null;
  try {
    const { role } = JSON.parse(answer.text) as { role?: unknown };
    return role === "owner" || role === "viewer" ? role : null;
  } catch {
    return null;
  }
}
