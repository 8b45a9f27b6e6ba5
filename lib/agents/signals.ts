// Signals that tolerate processes which have already gone, and plain-language exit descriptions.

import { constants } from "node:os";

export type SendOutcome = { outcome: "sent" } | { outcome: "gone" } | { outcome: "error"; code: string };

/** kill(2) without throwing: ESRCH (already exited) is "gone", anything else (EPERM...) is an error. Signal 0 probes. */
export function sendSignal(pid: number, signal: NodeJS.Signals | 0): SendOutcome {
  try {
    process.kill(pid, signal);
    return { outcome: "sent" };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "UNKNOWN";
    return code === "ESRCH" ? { outcome: "gone" } : { outcome: "error", code };
  }
}

/** Signals a whole process group (kill(-pgid)). */
export function sendGroupSignal(pgid: number, signal: NodeJS.Signals): SendOutcome {
  // kill(-1) would signal every process we may signal: never let a bad pgid get there.
  if (!Number.isInteger(pgid) || pgid <= 1) return { outcome: "error", code: "EINVAL" };
  return sendSignal(-pgid, signal);
}

function signalName(signalNumber: number): string | null {
  for (const [name, value] of Object.entries(constants.signals)) if (value === signalNumber) return name;
  return null;
}

/** One sentence for the log and the dashboard on how an agent's command ended. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `agent was killed by ${signal}`;
  if (code === null) return "agent ended without an exit status";
  if (code === 0) return "agent exited with code 0";
  if (code === 127) return "command exited 127: command not found (check the agent's command and PATH)";
  if (code === 126) return "command exited 126: command found but could not be executed (permissions?)";
  const name = code > 128 ? signalName(code - 128) : null;
  if (name) return `command exited ${code} (128 + ${name}: a process of the agent was killed by ${name})`;
  return `agent exited with code ${code}`;
}
