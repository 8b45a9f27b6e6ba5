// `paratrack stop [--detach | --end-agents]`: stops a running server, leaving its agents running for the next start
// to re-attach (--detach) or ending them with it (--end-agents); default: the server's PARATRACK_ON_SHUTDOWN.
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
  const url = `${statusBaseUrl(options.url, env)}/api/server/stop`;
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
    chosen === "detach"
      ? "The server is stopping; its agents keep running and are re-attached at the next start"
      : "The server is stopping and ending its agents",
  );
  return 0;
}
